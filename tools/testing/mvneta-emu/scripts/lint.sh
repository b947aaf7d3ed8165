#!/bin/bash
# Quality gate for our driver: checkpatch --strict, then W=1 and sparse
# builds for arm64, 32-bit arm and x86_64 (COMPILE_TEST), and a clang
# build for arm64.  Any warning from our files fails.
source "$(dirname "$0")/lib.sh"

DRV=$TOP_DIR/drivers/net/ethernet/marvell/mvneta
CFG=$EMU_DIR/config
fail=0

# tree NAME ARCH CROSS [make args...]: a configured, prepared tree.
tree() {
	local name=$1 arch=$2 cross=$3 dir=$CACHE/lint-$KVER-$1 frags want
	shift 3
	frags=("$CFG/lint.config")
	[ -e "$CFG/lint-$arch.config" ] && frags+=("$CFG/lint-$arch.config")
	want=$(cat "${frags[@]}" | sha256sum | cut -c1-16)
	if [ "$(cat "$dir/.fragments" 2>/dev/null)" != "$want" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		make -s -C "$KSRC" O="$dir" ARCH="$arch" CROSS_COMPILE="$cross" "$@" allnoconfig
		(cd "$KSRC" && KCONFIG_CONFIG="$dir/.config" \
			scripts/kconfig/merge_config.sh -m -O "$dir" "$dir/.config" \
			"${frags[@]}" >/dev/null)
		make -s -C "$KSRC" O="$dir" ARCH="$arch" CROSS_COMPILE="$cross" "$@" olddefconfig
		grep -qx CONFIG_MVNETA=m "$dir/.config" || die "$name: MVNETA not selectable"
		make -s -C "$KSRC" O="$dir" ARCH="$arch" CROSS_COMPILE="$cross" "$@" \
			-j"$JOBS" modules_prepare
		echo "$want" > "$dir/.fragments"
	fi
}

# build NAME ARCH CROSS [make args...]: compile our driver, W=1 C=1,
# through its Makefile as every out-of-tree build (compat header included).
build() {
	local name=$1 arch=$2 cross=$3 dir=$CACHE/lint-$KVER-$1 src=$CACHE/lint-$KVER-$1-src out
	shift 3
	rm -rf "$src"
	cp -a "$DRV" "$src"
	out=$(make -C "$src" KDIR="$dir" ARCH="$arch" CROSS_COMPILE="$cross" "$@" \
		W=1 C=1 CHECK=sparse KBUILD_MODPOST_WARN=1 2>&1)
	if printf '%s\n' "$out" | grep -E "$src/.*(warning|error)" >&2; then
		log "not ok - $name: warnings"
		fail=1
	else
		log "ok - $name: W=1 and sparse clean"
	fi
}

log "checkpatch --strict"
# Paths relative to the top: checkpatch applies the networking rules by path.
# The out-of-tree build's compat headers are checked on their own: their
# version checks, which checkpatch warns about, are what they are for.
if (cd "$TOP_DIR" && d=${DRV#"$TOP_DIR"/} && rc=0 &&
    { perl "$KSRC/scripts/checkpatch.pl" --strict --no-tree --terse -q \
	--ignore CAMELCASE -f $(ls "$d"/*.[ch] | grep -vxF "$d/mvneta_compat.h") \
	samples/bpf/mvneta/*.c tools/testing/selftests/net/mvneta/*.c || rc=1; } &&
    { perl "$KSRC/scripts/checkpatch.pl" --strict --no-tree --terse -q \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
	-f "$d/mvneta_compat.h" "$d"/compat/net/page_pool/*.h || rc=1; } &&
    exit $rc) >&2; then
	log "ok - checkpatch clean"
else
	fail=1
fi
timed "arm64 tree" tree arm64 arm64 aarch64-linux-gnu-
build arm64 arm64 aarch64-linux-gnu-
timed "arm tree" tree arm arm arm-linux-gnueabihf-
build arm arm arm-linux-gnueabihf-
timed "x86_64 tree" tree x86_64 x86_64 ""
build x86_64 x86_64 ""
timed "arm64 clang tree" tree arm64-clang arm64 "" LLVM=1
build arm64-clang arm64 "" LLVM=1
[ $fail = 0 ] && log "lint: all clean"
exit $fail
