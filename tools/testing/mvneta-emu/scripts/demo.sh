#!/bin/bash
# The main job: boot the board, attach an XDP drop program to eth0 the way
# users do, push traffic into it from the other port, show the counters.
source "$(dirname "$0")/lib.sh"

N=${DEMO_FRAMES:-100000}
log "demo: DRIVER=${DRIVER:-upstream}, $N frames from eth1 into eth0 under XDP_DROP"
exec "$EMU_DIR/scripts/vm.sh" "
set -e
source /opt/mvneta/selftests/lib.sh
raw_up
echo '+ ip link set dev eth0 xdp obj mvneta_xdp_drop.bpf.o sec xdp'
ip link set dev eth0 xdp obj /opt/mvneta/bpf/mvneta_xdp_drop.bpf.o sec xdp
ip link show dev eth0
echo '+ pktgen: $N UDP frames eth1 -> eth0'
pktgen_send eth1 \$(mac_of eth0) $N 64
echo '+ ethtool -S eth0 | grep xdp'
ethtool -S eth0 | grep xdp
ip link set dev eth0 xdp off
"
