#!/bin/bash
# The main job: boot the board, show which driver runs eth0, attach an XDP
# drop program to eth0 the way users do, push traffic into it from the
# other port, show the counters and the rate the frames were dropped at.
source "$(dirname "$0")/lib.sh"

N=${DEMO_FRAMES:-100000}
# vm.sh's default, passed on so that what is logged is what is loaded.
DRIVER=${DRIVER:-ours}
export DRIVER

# The module the board will load, as vm.sh picks it.
KREL=$(cat "$KBUILD/include/config/kernel.release")
case $DRIVER in
ours)
	ko=${OURS_KO:-$OURS_DIR/mvneta.ko}
	[ -e "$ko" ] || die "our driver not built (make driver)"
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' \
		"$TOP_DIR/drivers/net/ethernet/marvell/mvneta/dkms.conf")
	built=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	what="our mvneta $ver, $ko, built for $built"
	;;
upstream)
	ko=$KBUILD/modinst/lib/modules/$KREL/kernel/drivers/net/ethernet/marvell/mvneta.ko
	[ -e "$ko" ] || die "no in-tree mvneta module in $KBUILD"
	what="the in-tree mvneta of Linux $KREL, $ko"
	;;
*) die "DRIVER must be upstream or ours" ;;
esac
log "demo: KVER=$KVER ($KREL), KERNEL=$KERNEL, DRIVER=$DRIVER: $what;" \
	"$N frames from eth1 into eth0 under XDP_DROP"

# The guest's part.  The drop rate is the XDP drop counter's increase
# over the guest-clock time from just before pktgen starts to the last
# reading at which the counter still moved.
read -r -d '' guest <<'EOF' || true
set -e
source /opt/mvneta/selftests/lib.sh
echo '+ ethtool -i eth0 | grep -E "^(driver|version|bus-info):"'
ethtool -i eth0 | grep -E '^(driver|version|bus-info):'
echo "+ modinfo -F filename mvneta: $(modinfo -F filename mvneta)"
raw_up
echo '+ ip link set dev eth0 xdp obj mvneta_xdp_drop.bpf.o sec xdp'
ip link set dev eth0 xdp obj /opt/mvneta/bpf/mvneta_xdp_drop.bpf.o sec xdp
ip link show dev eth0
echo "+ pktgen: $N UDP frames eth1 -> eth0"
modprobe pktgen
dst=$(mac_of eth0)
c0=$(stat eth0 rx_xdp_drop)
t0=${EPOCHREALTIME/./}
pktgen_send eth1 "$dst" "$N" 64
c1=$(stat eth0 rx_xdp_drop)
t1=${EPOCHREALTIME/./}
# Frames still on their way through the rings are counted too.
while sleep 0.1; c=$(stat eth0 rx_xdp_drop); [ "$c" != "$c1" ]; do
	c1=$c
	t1=${EPOCHREALTIME/./}
done
echo '+ ethtool -S eth0 | grep xdp'
ethtool -S eth0 | grep xdp
d=$((c1 - c0))
us=$((t1 - t0))
if [ "$d" -le 0 ] || [ "$us" -le 0 ]; then
	echo "no frame dropped by XDP ($d in $us us)"
	exit 1
fi
printf 'XDP_DROP rate: %d of %d frames in %d.%03d s = %d frames/s\n' \
	"$d" "$N" $((us / 1000000)) $((us / 1000 % 1000)) $((d * 1000000 / us))
echo '  (the emulated board under QEMU TCG, measured on the guest clock;' \
	'not the rate of NETA silicon)'
ip link set dev eth0 xdp off
EOF

exec "$EMU_DIR/scripts/vm.sh" "N=$N
$guest"
