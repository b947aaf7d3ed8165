#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta address filtering: frames the port must not take are not
# delivered, and promiscuous, multicast and all-multicast modes open
# exactly what they should.  The peer port sends with pktgen.

source "$(dirname "$0")/lib.sh"

N=100

# got DSTMAC: how many of N frames sent to DSTMAC reach IF0's driver.
got() {
	snap g "$IF0" rx_packets
	pktgen_send "$IF1" "$1" $N 64 >/dev/null || { echo -1; return; }
	sleep 0.2
	delta g "$IF0" rx_packets
}

expect_got() {
	expect_eq "$1 ($2)" "$(got "$2")" "$3"
}

# Our address with the low nibble changed: only the nibble table differs.
near_mac() {
	local m
	m=$(mac_of "$IF0")
	printf '%s%x\n' "${m%?}" $(( (0x${m: -1} + 1) % 16 ))
}

test_unicast() {
	raw_up || return
	expect_got "own address" "$(mac_of "$IF0")" $N &&
	expect_got "foreign address" 02:00:00:00:00:99 0 &&
	expect_got "own address but the last nibble" "$(near_mac)" 0 &&
	expect_got "broadcast" ff:ff:ff:ff:ff:ff $N
}

test_promisc() {
	ip link set "$IF0" promisc on
	expect_got "foreign address, promiscuous" 02:00:00:00:00:99 $N &&
	expect_got "near address, promiscuous" "$(near_mac)" $N || return
	ip link set "$IF0" promisc off
	expect_got "foreign address, promiscuous off" 02:00:00:00:00:99 0
}

test_multicast() {
	local special=01:00:5e:00:00:42 other=01:00:5e:12:34:56
	expect_got "special multicast, not joined" $special 0 &&
	expect_got "other multicast, not joined" $other 0 || return
	ip maddr add $special dev "$IF0" && ip maddr add $other dev "$IF0" ||
		fail "ip maddr add" || return
	expect_got "special multicast, joined" $special $N &&
	expect_got "other multicast, joined" $other $N || return
	ip maddr del $special dev "$IF0" && ip maddr del $other dev "$IF0"
	expect_got "special multicast, left" $special 0 &&
	expect_got "other multicast, left" $other 0
}

test_allmulti() {
	ip link set "$IF0" allmulticast on
	expect_got "any multicast, allmulti" 01:00:5e:7f:00:09 $N &&
	expect_got "unicast still filtered" 02:00:00:00:00:99 0 || return
	ip link set "$IF0" allmulticast off
	expect_got "multicast, allmulti off" 01:00:5e:7f:00:09 0
}

tap_plan 4
run_test "unicast and broadcast filtering" test_unicast
run_test "promiscuous mode" test_promisc
run_test "multicast filtering" test_multicast
run_test "all-multicast mode" test_allmulti
ip link set "$IF0" promisc off allmulticast off 2>/dev/null
tap_exit
