# Shared settings for the emulated-board scripts; sourced, not run.
# shellcheck shell=bash

set -euo pipefail

EMU_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOP_DIR=$(cd "$EMU_DIR/../../.." && pwd)
CACHE=${MVNETA_CACHE:-$HOME/.cache/mvneta-xdp}
SRC=$CACHE/src
JOBS=${JOBS:-$(nproc)}

QEMU_SRC=$CACHE/qemu-src
QEMU_BUILD=$CACHE/qemu-build
QEMU_BIN=${QEMU_BIN:-$QEMU_BUILD/qemu-system-aarch64}

# The guest kernel: Debian's linux-source-$KVER, 6.12 (Debian 13's, and
# bookworm's security updates) or 6.1 (Debian 12's), in its default or
# debug variant.
KVER=${KVER:-6.12}
case $KVER in
6.12 | 6.1) ;;
*) echo "KVER: 6.12 or 6.1, not $KVER" >&2; exit 1 ;;
esac
KERNEL=${KERNEL:-default}           # default | debug
KSRC=$SRC/linux-source-$KVER

# The board: BOARD=3720 (default), the arm64 Armada 3720 board; 38x, xp
# or 370, a 32-bit ARM board whose NETA ports are those of an Armada
# 38x (coherent), XP (coherent) or 370 (not coherent), with per-CPU
# interrupts (vm.sh).  The 32-bit boards share one guest kernel, rootfs
# and driver build.
BOARD=${BOARD:-3720}
case $BOARD in
3720)
	GARCH=arm64 CROSS=aarch64-linux-gnu- KIMAGE=arch/arm64/boot/Image
	DEB_ARCH=arm64 MULTIARCH=aarch64-linux-gnu SUFFIX= GCPU=cortex-a53
	;;
38x | xp | 370)
	GARCH=arm CROSS=arm-linux-gnueabihf- KIMAGE=arch/arm/boot/zImage
	DEB_ARCH=armhf MULTIARCH=arm-linux-gnueabihf SUFFIX=-arm GCPU=cortex-a15
	;;
*) echo "BOARD: 3720, 38x, xp or 370, not $BOARD" >&2; exit 1 ;;
esac
KBUILD=$CACHE/kernel-$KVER-$KERNEL$SUFFIX
OURS_DIR=$CACHE/ours-$KVER-$KERNEL$SUFFIX  # our module, built against $KBUILD

# The guest's user space is the Debian release that ships the kernel:
# Debian 13 (trixie) on 6.12, Debian 12 (bookworm) on 6.1, so each kernel
# runs with the iproute2, bpftool and xdp-tools its users have.
case $KVER in
6.12) RELEASE=trixie ;;
6.1) RELEASE=bookworm ;;
esac
ROOTFS=$CACHE/rootfs-$RELEASE$SUFFIX
ROOTFS_CPIO=$CACHE/rootfs-$RELEASE$SUFFIX.cpio.gz
ROOTFS_STAMP=$CACHE/.rootfs-$RELEASE$SUFFIX-stamp

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Run a long step, print how long it took.
timed() {
	local what=$1 t0=$SECONDS
	shift
	log "$what ..."
	"$@"
	log "$what done in $((SECONDS - t0)) s"
}

PLUGIN=$CACHE/insn_window.so
TRAFGEN=$CACHE/trafgen

# Host-side helpers: the instruction-count plugin and the traffic generator.
build_host_tools() {
	local src=$EMU_DIR/plugins/insn_window.c
	if [ ! "$PLUGIN" -nt "$src" ]; then
		gcc -O2 -shared -fPIC -Wall $(pkg-config --cflags glib-2.0) \
			-I"$QEMU_SRC/include/qemu" -o "$PLUGIN" "$src" -lpthread
	fi
	if [ ! "$TRAFGEN" -nt "$EMU_DIR/host/trafgen.c" ]; then
		gcc -O2 -Wall -Wextra -o "$TRAFGEN" "$EMU_DIR/host/trafgen.c"
	fi
}

# wait_console FILE MARKER PID: the board printed MARKER (0) or died (1).
wait_console() {
	local i
	for i in $(seq 3000); do
		grep -aq "$2" "$1" 2>/dev/null && return 0
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
