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
QEMU_BIN=$QEMU_BUILD/qemu-system-aarch64

KERNEL=${KERNEL:-default}           # default | debug
KSRC=$SRC/linux-source-6.1
KBUILD=$CACHE/kernel-$KERNEL
CROSS=aarch64-linux-gnu-

ROOTFS=$CACHE/rootfs
ROOTFS_CPIO=$CACHE/rootfs.cpio.gz

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
