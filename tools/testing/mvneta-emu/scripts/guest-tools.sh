#!/bin/bash
# Build what the guest runs besides Debian's packages: the selftests' C
# helpers (static, for the board's CPU: arm64 or 32-bit ARM) and the XDP
# sample programs (BPF objects, the same for every board).
source "$(dirname "$0")/lib.sh"

ST=$TOP_DIR/tools/testing/selftests/net/mvneta
OUT=$CACHE/guest-bin$SUFFIX
BPF=$CACHE/bpf
mkdir -p "$OUT" "$BPF"

for c in "$ST"/*.c "$EMU_DIR"/guest/*.c; do
	[ -e "$c" ] || continue
	case $c in *.bpf.c) continue ;; esac
	b=$OUT/$(basename "$c" .c)
	[ "$b" -nt "$c" ] && continue
	${CROSS}gcc -O2 -Wall -Wextra -Wno-unused-parameter -static -o "$b" "$c"
done
# The samples' loaders: libbpf from the guest's own Debian packages (of
# KVER's release; they call nothing newer than bookworm's libbpf 1.1 has,
# so one build runs on both), built again when that rootfs is.  The cross
# compiler's C library is bookworm's: trixie's libbpf wants newer symbols
# of it, which the guest's own C library has, hence allow-shlib-undefined.
LIBDIR=$ROOTFS/usr/lib/$MULTIARCH
for c in "$TOP_DIR"/samples/bpf/mvneta/*_user.c; do
	b=$OUT/$(basename "$c" .c)
	[ "$b" -nt "$c" ] && [ "$b" -nt "$ROOTFS_STAMP" ] && continue
	${CROSS}gcc -O2 -Wall -Wextra -Wno-unused-parameter \
		-idirafter "$ROOTFS/usr/include" -o "$b" "$c" \
		"$LIBDIR/libbpf.so.1" -Wl,--allow-shlib-undefined \
		-Wl,-rpath-link,"$LIBDIR:$ROOTFS/lib/$MULTIARCH" ||
		die "$(basename "$c"): build failed"
done
for c in "$TOP_DIR"/samples/bpf/mvneta/*.bpf.c "$ST"/*.bpf.c; do
	o=$BPF/$(basename "$c" .c).o
	[ "$o" -nt "$c" ] && continue
	clang -O2 -g -Wall -target bpf -I/usr/include/$(gcc -print-multiarch) \
		-c "$c" -o "$o"
done
cp "$EMU_DIR/guest/fuzz.sh" "$OUT/"
log "guest tools ready"
