#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta XDP as users drive it: "ip link set dev eth0 xdp obj ...".
#   - XDP_DROP: every frame sent is dropped, rx_xdp_drop moves by exactly
#     that many, nothing reaches the stack;
#   - XDP_TX: a MAC-swapping program reflects every frame, byte for byte.

source "$(dirname "$0")/lib.sh"

xdp_off() { ip link set dev "$IF0" xdp off 2>/dev/null; }

test_xdp_drop() {
	local n=20000
	raw_up || return
	[ -e "$BPF_DIR/mvneta_xdp_drop.bpf.o" ] || fail "no BPF objects" || return
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "attach" || return
	ip -d link show dev "$IF0" | grep -q 'prog/xdp' || fail "no program shown" || return
	snap d "$IF0" rx_xdp_drop rx_xdp_pass rx_xdp_tx rx_packets
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 || return
	sleep 0.3
	xdp_off
	expect_eq "rx_xdp_drop" "$(delta d "$IF0" rx_xdp_drop)" $n &&
	expect_eq "rx_xdp_pass" "$(delta d "$IF0" rx_xdp_pass)" 0 &&
	expect_eq "rx_xdp_tx" "$(delta d "$IF0" rx_xdp_tx)" 0 &&
	expect_eq "rx_packets (every frame counts)" "$(delta d "$IF0" rx_packets)" $n
}

test_xdp_tx_reflect() {
	local len out n=1000
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_tx.bpf.o" sec xdp ||
		fail "attach" || return
	for len in 60 128 1514; do
		snap x "$IF0" rx_xdp_tx
		out=$("$PKT" reflect -i "$IF1" -d "$(mac_of "$IF0")" -n $n -l $len -t 3)
		expect_eq "$len-byte frames reflected" "$out" "sent $n received $n exact $n" &&
		expect_eq "rx_xdp_tx" "$(delta x "$IF0" rx_xdp_tx)" $n || { xdp_off; return 1; }
	done
	xdp_off
}

test_xdp_detach_restores() {
	local m
	m=$(mac_of "$IF0")
	snap p "$IF0" rx_packets
	pktgen_send "$IF1" "$m" 1000 64 || return
	sleep 0.2
	expect_eq "frames to the stack after detach" "$(delta p "$IF0" rx_packets)" 1000
}

tap_plan 3
run_test "XDP_DROP via ip link, exact rx_xdp_drop" test_xdp_drop
run_test "XDP_TX reflection, byte for byte" test_xdp_tx_reflect
run_test "traffic flows after detach" test_xdp_detach_restores
xdp_off
tap_exit
