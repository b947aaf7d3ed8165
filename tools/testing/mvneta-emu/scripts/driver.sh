#!/bin/bash
# Build our mvneta out of tree against the guest kernel build
# (KERNEL=default|debug), in a copy of the sources under the cache, through
# the driver's own Makefile, as dkms does (it adds the compat header).
source "$(dirname "$0")/lib.sh"

DRV=$TOP_DIR/drivers/net/ethernet/marvell/mvneta
OUT=$OURS_DIR
W=${W:-1}

[ -e "$KBUILD/Module.symvers" ] || die "kernel not built (make kernel)"
mkdir -p "$OUT/src"
# By content, and stamped with the time of the copy: a source that
# changed (another branch or worktree, even with an older time) must be
# newer than its object, or make keeps the stale object.
rsync -rlpD --checksum --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude='modules.order' --exclude='Module.symvers' \
	"$DRV/" "$OUT/src/" 2>/dev/null || { rm -rf "$OUT/src"; cp -a "$DRV" "$OUT/src"; }
make -s -C "$OUT/src" KDIR="$KBUILD" ARCH=$GARCH CROSS_COMPILE=$CROSS W="$W"
cp "$OUT/src/mvneta.ko" "$OUT/mvneta.ko"
${CROSS}strip --strip-debug "$OUT/mvneta.ko"
log "our driver: $OUT/mvneta.ko"
