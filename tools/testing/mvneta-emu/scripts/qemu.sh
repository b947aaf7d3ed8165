#!/bin/bash
# Build Debian's QEMU 7.2 (aarch64-softmmu, TCG plugins) with the NETA
# model and the two-port virt board glue.  Incremental: our sources are
# symlinked into the patched tree, so editing them only recompiles them.
source "$(dirname "$0")/lib.sh"

PATCH_DIR=$EMU_DIR/qemu/patches

fetch() {
	local dsc
	mkdir -p "$SRC"
	dsc=$(ls "$SRC"/qemu_7.2*.dsc 2>/dev/null | head -n1 || true)
	if [ -z "$dsc" ]; then
		(cd "$SRC" && apt-get source -q qemu >/dev/null 2>&1) ||
			die "apt-get source qemu failed (deb-src enabled?)"
	fi
	ls -d "$SRC"/qemu-7.2* >/dev/null 2>&1 || die "no qemu-7.2 tree in $SRC"
}

prepare() {
	local pristine stamp want
	pristine=$(ls -d "$SRC"/qemu-7.2*/ | head -n1)
	want=$(cat "$PATCH_DIR"/*.patch | sha256sum | cut -c1-16)
	stamp=$QEMU_SRC/.neta-patches
	if [ ! -e "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
		log "preparing patched QEMU tree"
		rm -rf "$QEMU_SRC" "$QEMU_BUILD"
		cp -a "$pristine" "$QEMU_SRC"
		for p in "$PATCH_DIR"/*.patch; do
			patch -s -d "$QEMU_SRC" -p1 < "$p"
		done
		echo "$want" > "$stamp"
	fi
	# Our files, linked so edits are picked up.
	for f in hw/net/marvell_neta.c hw/net/marvell_neta_core.c \
		 hw/net/marvell_neta_core.h hw/net/marvell_neta_regs.h \
		 hw/net/marvell_neta_cache.c hw/net/marvell_neta_cache.h \
		 hw/net/marvell_neta_phy.c \
		 include/hw/net/marvell_neta.h \
		 hw/arm/virt_neta.c hw/arm/virt_neta.h \
		 configs/devices/aarch64-softmmu/mvneta-emu.mak; do
		ln -sf "$EMU_DIR/qemu/$f" "$QEMU_SRC/$f"
	done
}

# Only the target, features and devices the board uses: the virt machine
# with the NETA ports and virtio-serial (configs/.../mvneta-emu.mak).
CONFIG_ARGS=(--target-list=aarch64-softmmu --without-default-features
	--without-default-devices --with-devices-aarch64=mvneta-emu
	--enable-plugins --enable-fdt=system --disable-docs --disable-werror)

configure() {
	local want
	# A build configured otherwise (other options, another device list)
	# starts over.
	want="${CONFIG_ARGS[*]} $(sha256sum < "$EMU_DIR/qemu/configs/devices/aarch64-softmmu/mvneta-emu.mak" | cut -c1-16)"
	[ -e "$QEMU_BUILD/build.ninja" ] &&
		[ "$(cat "$QEMU_BUILD/.configure-args" 2>/dev/null)" = "$want" ] &&
		return 0
	rm -rf "$QEMU_BUILD"
	mkdir -p "$QEMU_BUILD"
	(cd "$QEMU_BUILD" && "$QEMU_SRC/configure" "${CONFIG_ARGS[@]}" \
		>configure.log 2>&1 && echo "$want" > .configure-args) ||
		{ tail -30 "$QEMU_BUILD/configure.log"; die "QEMU configure failed"; }
}

build() {
	ninja -C "$QEMU_BUILD" -j "$JOBS" qemu-system-aarch64 |
		awk '/^\[/ { if (++n % 200 == 0) { print "  " $1; fflush() } } / error: |FAILED/ { print; fflush() }'
	[ "${PIPESTATUS[0]}" = 0 ] || die "QEMU build failed"
}

fetch
prepare
timed "QEMU configure" configure
timed "QEMU build" build
