#!/bin/bash
# Boot the emulated board headless, run one job inside, return its status.
#
#   vm.sh 'shell command'        run a command in the guest
#   vm.sh -f script.sh [args]    run a script (copied into the guest)
#
# Environment:
#   DRIVER=upstream|ours   NETA driver module to load (default ours)
#   KVER=6.1|6.12          guest kernel version (default 6.1)
#   KERNEL=default|debug   guest kernel variant
#   BOARD=3720|38x|xp|370  the arm64 Armada 3720 board (default) or the
#                          32-bit one with 38x, XP or 370 ports (lib.sh)
#   SWIOTLB=force          boot with swiotlb=force
#   TOPO=loop|host|bench   loop: eth0 and eth1 cabled to each other;
#                          host: eth0 cabled to a host socket ($RUN/wire0);
#                          bench: each port on a hub of its own with a
#                          second, unconnected port (what they send
#                          goes nowhere; the model's frame generator
#                          feeds them)
#   RUN=dir                where sockets and logs go (default: a temp dir)
#   QEMU_EXTRA="..."       more QEMU arguments (plugins, ...)
#   VM_TIMEOUT=seconds     hard limit for the whole boot (default 900)
#   APPEND_EXTRA="..."     more kernel command line
#   OURS_KO=path           our module to load (default: make driver's build)
source "$(dirname "$0")/lib.sh"

DRIVER=${DRIVER:-ours}
TOPO=${TOPO:-loop}
VM_TIMEOUT=${VM_TIMEOUT:-900}

[ -x "$QEMU_BIN" ] || die "QEMU not built (make qemu)"
[ -e "$KBUILD/$KIMAGE" ] || die "kernel not built (make kernel BOARD=$BOARD)"
[ -e "$ROOTFS_CPIO" ] || die "guest rootfs ($RELEASE) not built (make rootfs KVER=$KVER)"

if [ -z "${RUN:-}" ]; then
	RUN=$(mktemp -d /tmp/mvneta-emu.XXXXXX)
	trap 'rm -rf "$RUN"' EXIT
fi
mkdir -p "$RUN"
OVL=$RUN/overlay
rm -rf "$OVL"
mkdir -p "$OVL/etc/mvneta-emu" "$OVL/opt/mvneta" "$OVL/usr/local/bin"

# The job.
if [ "${1:-}" = -f ]; then
	shift
	script=$1
	shift
	cp "$script" "$OVL/opt/mvneta/job-script"
	printf 'exec bash /opt/mvneta/job-script' > "$OVL/etc/mvneta-emu/job"
	for a in "$@"; do printf " '%s'" "${a//\'/\'\\\'\'}"; done >> "$OVL/etc/mvneta-emu/job"
else
	printf '%s\n' "${1:-true}" > "$OVL/etc/mvneta-emu/job"
fi

# Kernel modules, with the chosen NETA driver.
KREL=$(cat "$KBUILD/include/config/kernel.release")
MODDIR=$OVL/lib/modules/$KREL
mkdir -p "$MODDIR"
cp -a "$KBUILD/modinst/lib/modules/$KREL/." "$MODDIR/"
rm -f "$MODDIR/build" "$MODDIR/source"
case $DRIVER in
upstream) ;;
ours)
	OURS=${OURS_KO:-$OURS_DIR/mvneta.ko}
	[ -e "$OURS" ] || die "our driver not built (make driver)"
	mkdir -p "$MODDIR/updates"
	cp "$OURS" "$MODDIR/updates/"
	;;
*) die "DRIVER must be upstream or ours" ;;
esac
depmod -b "$OVL" "$KREL"
# On a merged-/usr root (trixie) /lib is a link to usr/lib, and a lib
# directory in the overlay would replace it when the kernel unpacks the
# initramfs (it removes what differs in kind): the modules go through it.
if [ -L "$ROOTFS/lib" ]; then
	mkdir -p "$OVL/usr/lib"
	mv "$OVL/lib/modules" "$OVL/usr/lib/"
	rmdir "$OVL/lib"
fi

# Init, tests, helpers, BPF objects.
cp "$EMU_DIR/guest/init" "$OVL/init"
cp "$EMU_DIR/guest/emu-ctl" "$OVL/usr/local/bin/"
cp "$EMU_DIR/config/expected-skips" "$OVL/etc/mvneta-emu/"
cp -a "$TOP_DIR/tools/testing/selftests/net/mvneta" "$OVL/opt/mvneta/selftests"
[ -d "$CACHE/guest-bin$SUFFIX" ] && cp -a "$CACHE/guest-bin$SUFFIX" "$OVL/opt/mvneta/bin"
[ -d "$CACHE/bpf" ] && cp -a "$CACHE/bpf" "$OVL/opt/mvneta/bpf"
cat > "$OVL/etc/mvneta-emu/env" <<EOT
DRIVER=$DRIVER
KERNEL=$KERNEL
KVER=$KVER
BOARD=$BOARD
TOPO=$TOPO
MVNETA_EMU=1
export DRIVER KERNEL KVER BOARD TOPO MVNETA_EMU
EOT
(cd "$OVL" && find . | cpio --quiet -o -H newc -R 0:0 | gzip -1) > "$RUN/overlay.cpio.gz"
cat "$ROOTFS_CPIO" "$RUN/overlay.cpio.gz" > "$RUN/initrd.cpio.gz"

# The board.
# A log large enough for a whole suite: the tests never clear it, they
# check what came after their last mark (selftests' lib.sh).
APPEND="console=ttyAMA0 quiet panic=-1 rdinit=/init log_buf_len=8M"
# KASAN reports every bad access, not only the first one.
[ "$KERNEL" = debug ] && APPEND+=" kasan_multi_shot"
[ "${SWIOTLB:-}" = force ] && APPEND+=" swiotlb=force"
APPEND+=" ${APPEND_EXTRA:-}"
case $TOPO in
loop)
	NET=(-netdev hubport,id=c0,hubid=0 -netdev hubport,id=c1,hubid=0)
	;;
host)
	NET=(-netdev "stream,id=c0,server=on,addr.type=unix,addr.path=$RUN/wire0")
	;;
bench)
	NET=(-netdev hubport,id=c0,hubid=0 -netdev hubport,id=sink0,hubid=0
	     -netdev hubport,id=c1,hubid=1 -netdev hubport,id=sink1,hubid=1)
	;;
*) die "TOPO must be loop, host or bench" ;;
esac
MACH=virt,gic-version=2,neta0=c0
[ "$TOPO" != host ] && MACH+=,neta1=c1
# The 32-bit board: RAM below 4 GB, ports of the chosen SoC.
[ "$GARCH" = arm ] && MACH+=,highmem=off,neta-flavour=$BOARD

# shellcheck disable=SC2086
timeout --foreground -k 5 "$VM_TIMEOUT" "$QEMU_BIN" \
	-machine "$MACH" -cpu "$GCPU" -smp "${SMP:-2}" -m 1G \
	-kernel "$KBUILD/$KIMAGE" -initrd "$RUN/initrd.cpio.gz" \
	-append "$APPEND" -no-reboot -nodefaults -display none \
	-serial stdio -monitor none \
	-qmp "unix:$RUN/qmp,server=on,wait=off" \
	-device virtio-serial-device \
	-chardev "socket,id=ctl,path=$RUN/ctl,server=on,wait=off" \
	-device virtserialport,chardev=ctl,name=mvneta.ctl \
	"${NET[@]}" ${QEMU_EXTRA:-} < /dev/null > "$RUN/console.log" 2>&1 &
qpid=$!

# Host agent: carries out the guest's fault-injection requests.
python3 "$EMU_DIR/host/emu_agent.py" "$RUN" &
apid=$!

# Stream the console while the board runs.
tail -n +1 -F --pid=$qpid "$RUN/console.log" 2>/dev/null |
	grep --line-buffered -v '^MVNETA-EMU-EXIT=' || true
wait $qpid
qrc=$?
kill $apid 2>/dev/null || true
wait $apid 2>/dev/null || true

rc=$(sed -n 's/^MVNETA-EMU-EXIT=\([0-9]*\).*/\1/p' "$RUN/console.log" | tail -n1)
if [ -z "$rc" ]; then
	[ $qrc = 124 ] && log "board timed out after $VM_TIMEOUT s"
	log "board stopped without a job status (QEMU exit $qrc)"
	exit 99
fi
exit "$rc"
