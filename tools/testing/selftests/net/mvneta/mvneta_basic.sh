#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta basics on two cabled ports: probe and link, ping both ways on
# both ports with exact counters, ifdown/ifup under traffic, module
# unload and reload, and XDP where the device tree names the hardware
# buffer manager.

source "$(dirname "$0")/lib.sh"

test_probe_link() {
	local ifc drv
	for ifc in "$IF0" "$IF1"; do
		[ -e "/sys/class/net/$ifc" ] || fail "$ifc missing" || return
		drv=$(basename "$(readlink "/sys/class/net/$ifc/device/driver")")
		expect_eq "$ifc driver" "$drv" mvneta || return
		ip link set "$ifc" up
	done
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	expect_eq "$IF0 speed" "$(cat "/sys/class/net/$IF0/speed")" 1000 &&
	expect_eq "$IF0 duplex" "$(cat "/sys/class/net/$IF0/duplex")" full
}

# ping_exact FROM_IF TO_IP N: exactly N requests out, N replies in.
ping_exact() {
	local from=$1 to=$2 n=$3 peer
	[ "$from" = "$IF0" ] && peer=$IF1 || peer=$IF0
	snap a "$from" tx_packets rx_packets
	snap b "$peer" tx_packets rx_packets
	ping_all "$from" -c "$n" -i 0.02 -W 2 "$to" || return
	expect_eq "$from tx" "$(delta a "$from" tx_packets)" "$n" &&
	expect_eq "$from rx" "$(delta a "$from" rx_packets)" "$n" &&
	expect_eq "$peer rx" "$(delta b "$peer" rx_packets)" "$n" &&
	expect_eq "$peer tx" "$(delta b "$peer" tx_packets)" "$n"
}

test_ping_both_ways() {
	pair_up || return
	ping_exact "$IF0" "$IP1" 50 && ping_exact "$IF1" "$IP0" 50
}

test_ping_sizes() {
	local s
	for s in 0 1 17 56 100 1000 1472; do
		ping_all "$IF0" -c 3 -i 0.02 -W 2 -s $s -M do "$IP1" || return
	done
	echo "payloads 0..1472 echoed"
}

# Traffic from the peer while this side goes down and up again.
test_ifdown_ifup_under_traffic() {
	local i rounds=0
	ip netns exec "$NS" ping -q -i 0.005 -w 30 "$IP0" >/dev/null 2>&1 &
	local pid=$!
	for i in 1 2 3 4 5; do
		ip link set "$IF0" down
		sleep 0.2
		ip link set "$IF0" up
		wait_carrier "$IF0" || break
		rounds=$((rounds + 1))
		sleep 0.3
	done
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	expect_eq "down/up rounds with carrier back" $rounds 5 || return
	# On a debug kernel, requests still queued on the peer and replies
	# waiting for eth0's neighbour entry leave after the pinger is gone;
	# they must not be counted as the exact ping's.
	wait_still "$IF1" tx_packets rx_packets &&
	wait_still "$IF0" tx_packets rx_packets || return
	# ifdown flushed eth0's neighbours, the permanent one too: the entry
	# ARP learnt since would be probed (a unicast ARP request) in the
	# middle of the exact ping, as it was on the 370 board, whose PHYs
	# take longer to bring the link back.
	ip neigh replace "$IP1" lladdr "$(mac_of "$IF1")" dev "$IF0" nud permanent
	ping_exact "$IF0" "$IP1" 20
}

test_module_reload() {
	local i
	pair_down
	for i in 1 2 3; do
		rmmod mvneta || fail "rmmod" || return
		[ ! -e "/sys/class/net/$IF0" ] || fail "$IF0 still there" || return
		modprobe mvneta || fail "modprobe" || return
		for j in $(seq 50); do
			[ -e "/sys/class/net/$IF1" ] && break
			sleep 0.1
		done
	done
	pair_up && ping_exact "$IF0" "$IP1" 20
}

# Armada 38x boards' device trees name the hardware buffer manager
# ("buffer-manager"), which upstream's mvneta uses when its driver is
# there, and then refuses XDP ("Hardware Buffer Management not supported
# on XDP").  Ours keeps page_pool buffers, says so at probe, and runs the
# program: every frame dropped and counted.
test_buffer_manager_dt() {
	local n=2000 node=/sys/class/net/$IF0/device/of_node dev
	local line="buffer manager .* left unused: page_pool buffers, XDP available"
	[ -e "$node/buffer-manager" ] ||
		{ echo "$IF0's device tree names no buffer manager"; return 4; }
	if ours_driver; then
		dev=$(basename "$(readlink -f "/sys/class/net/$IF0/device")")
		dmesg | grep -q "$dev: $line" ||
			fail "no probe line about the buffer manager" || return
	fi
	raw_up || return
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "XDP attach refused" || return
	snap d "$IF0" rx_xdp_drop rx_packets
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 || return
	wait_still "$IF0" rx_xdp_drop || return
	ip link set dev "$IF0" xdp off || fail "detach" || return
	expect_eq "rx_xdp_drop" "$(delta d "$IF0" rx_xdp_drop)" $n &&
	expect_eq "rx_packets" "$(delta d "$IF0" rx_packets)" $n
}

test_cleanup() { ip link set dev "$IF0" xdp off 2>/dev/null; true; }

tap_plan 6
run_test "probe and link up" test_probe_link
run_test "ping both ways on both ports" test_ping_both_ways
run_test "ping payload sizes" test_ping_sizes
run_test "ifdown/ifup under traffic" test_ifdown_ifup_under_traffic
run_test "module unload and reload" test_module_reload
run_test "XDP with a device tree that names the buffer manager" test_buffer_manager_dt
pair_down
tap_exit
