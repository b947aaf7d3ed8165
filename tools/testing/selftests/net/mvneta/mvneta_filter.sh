#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta address filtering: frames the port must not take are not
# delivered, and promiscuous, multicast and all-multicast modes open
# exactly what they should.  The peer port sends with pktgen.

source "$(dirname "$0")/lib.sh"

N=100
ORIG_MAC=$(mac_of "$IF0")

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

# The address changes while the port is up and frames arrive (as "ip
# link set address" does on a running router port): no restart, so not
# one broadcast frame of the stream is lost and the carrier does not
# drop; afterwards the filter takes the new address and refuses the old.
test_live_mac() {
	local old new n=4000 o pid
	old=$(mac_of "$IF0")
	# Differ from the old address in both the registers and the nibble.
	new=$(printf '02:5a:00:00:01:%02x' $(( (0x${old: -2} + 0x11) % 256 )))
	snap l "$IF0" rx_packets rx_overrun carrier_changes
	pktgen_send "$IF1" ff:ff:ff:ff:ff:ff $n 64 2000 >/dev/null &
	pid=$!
	sleep 0.7
	ip link set dev "$IF0" address "$new" ||
		{ wait $pid; fail "address change refused while up"; return; }
	wait $pid || fail "pktgen" || return
	wait_still "$IF0" rx_packets || return
	o=$(delta l "$IF0" rx_overrun)
	expect_eq "address now" "$(mac_of "$IF0")" "$new" &&
	expect_eq "carrier changes" "$(delta l "$IF0" carrier_changes)" 0 &&
	expect_eq "broadcast frames received across the change" \
		"$(delta l "$IF0" rx_packets)" $((n - o)) &&
	overruns_ok "$o" $n || return
	expect_got "new address" "$new" $N &&
	expect_got "old address" "$old" 0 || return
	ip link set dev "$IF0" address "$old" || fail "address back" || return
	expect_got "old address again" "$old" $N &&
	expect_got "new address, given up" "$new" 0
}

tap_plan 5
run_test "unicast and broadcast filtering" test_unicast
run_test "promiscuous mode" test_promisc
run_test "multicast filtering" test_multicast
run_test "all-multicast mode" test_allmulti
run_test "address change while up, under traffic" test_live_mac
ip link set "$IF0" promisc off allmulticast off address "$ORIG_MAC" 2>/dev/null
tap_exit
