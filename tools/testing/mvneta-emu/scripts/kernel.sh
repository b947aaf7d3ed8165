#!/bin/bash
# Unpack Debian's linux-source-$KVER (6.12 or 6.1), configure a small
# guest kernel for the board (arm64; 32-bit ARM for BOARD=38x, xp, 370)
# from the committed fragments (KERNEL=debug adds the debug fragment;
# kernel-$KVER.config, if there is one, what that version needs besides;
# kernel-arm.config, what the 32-bit boards need) and build it with its
# modules, the upstream mvneta among them.
source "$(dirname "$0")/lib.sh"

CFG=$EMU_DIR/config

unpack() {
	[ -e "$KSRC/Makefile" ] && return 0
	[ -e "/usr/src/linux-source-$KVER.tar.xz" ] ||
		die "linux-source-$KVER not installed (run deps.sh)"
	mkdir -p "$SRC"
	tar -C "$SRC" -xf "/usr/src/linux-source-$KVER.tar.xz"
}

configure() {
	local frags=("$CFG/kernel.config") want
	[ -e "$CFG/kernel-$KVER.config" ] && frags+=("$CFG/kernel-$KVER.config")
	[ "$GARCH" = arm ] && frags+=("$CFG/kernel-arm.config")
	[ "$KERNEL" = debug ] && frags+=("$CFG/kernel-debug.config")
	want=$(cat "${frags[@]}" | sha256sum | cut -c1-16)
	[ -e "$KBUILD/.config" ] && [ "$(cat "$KBUILD/.fragments" 2>/dev/null)" = "$want" ] &&
		return 0
	mkdir -p "$KBUILD"
	make -s -C "$KSRC" O="$KBUILD" ARCH=$GARCH CROSS_COMPILE=$CROSS allnoconfig
	(cd "$KSRC" && KCONFIG_CONFIG="$KBUILD/.config" \
		scripts/kconfig/merge_config.sh -m -O "$KBUILD" \
		"$KBUILD/.config" "${frags[@]}" >/dev/null)
	make -s -C "$KSRC" O="$KBUILD" ARCH=$GARCH CROSS_COMPILE=$CROSS olddefconfig
	# Every setting of the fragments (the last one of each symbol, as
	# later fragments override earlier ones) must have survived.
	local bad=0 line
	while read -r line; do
		grep -qx "$line" "$KBUILD/.config" ||
			{ log "config lost: $line"; bad=1; }
	done < <(cat "${frags[@]}" | grep '^CONFIG_.*=' |
		 awk -F= '{ last[$1] = $0; order[NR] = $1 }
			  END { for (i = 1; i <= NR; i++)
				if (order[i] in last) { print last[order[i]]; delete last[order[i]] } }')
	[ $bad = 0 ] || die "kernel config fragment not applied"
	echo "$want" > "$KBUILD/.fragments"
}

build() {
	make -C "$KSRC" O="$KBUILD" ARCH=$GARCH CROSS_COMPILE=$CROSS \
		-j"$JOBS" "$(basename "$KIMAGE")" modules 2>&1 |
		awk '/^  (CC|LD|AR)/ { if (++n % 500 == 0) { print "  " n " objects"; fflush() } }
		     /error:|warning:/ { print; fflush() }'
	[ "${PIPESTATUS[0]}" = 0 ] || die "kernel build failed"
	rm -rf "$KBUILD/modinst"
	make -s -C "$KSRC" O="$KBUILD" ARCH=$GARCH CROSS_COMPILE=$CROSS \
		INSTALL_MOD_PATH="$KBUILD/modinst" INSTALL_MOD_STRIP=1 \
		modules_install >/dev/null
}

timed "kernel unpack" unpack
timed "kernel configure ($KVER $KERNEL $GARCH)" configure
timed "kernel build ($KVER $KERNEL $GARCH)" build
