#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta under load: a million UDP frames at a fixed rate, every one
# delivered or counted as a ring overrun, with exact MIB and netdev
# counter deltas, TCP with iperf3, MTU 1500 and 9000
# under traffic, port restarts under two-way traffic.
#
# UDP_FRAMES and UDP_PPS change the load (defaults 1000000 and 50000).

source "$(dirname "$0")/lib.sh"

UDP_FRAMES=${UDP_FRAMES:-1000000}
UDP_PPS=${UDP_PPS:-50000}

test_udp_exact() {
	local n=$UDP_FRAMES size=64 wire o
	wire=$((size + 4))
	raw_up || return
	snap t "$IF1" tx_packets tx_bytes good_frames_sent good_octets_sent
	snap r "$IF0" rx_packets rx_bytes rx_errors rx_dropped \
		good_frames_received good_octets_received rx_overrun rx_discard \
		bad_frames_received
	pktgen_send "$IF1" "$(mac_of "$IF0")" "$n" $size "$UDP_PPS" || return
	sleep 0.5
	# A full ring drops and counts (rx_overrun), as the port does; in
	# the emulator a host stall of more than a ring's worth of frames
	# (10 ms at 50000 pps) does that.  Every other frame arrives.
	o=$(delta r "$IF0" rx_overrun)
	echo "overruns: $o"
	overruns_ok "$o" "$n" &&
	expect_eq "$IF1 tx_packets" "$(delta t "$IF1" tx_packets)" $n &&
	expect_eq "$IF1 tx_bytes" "$(delta t "$IF1" tx_bytes)" $((n * size)) &&
	expect_eq "$IF1 good_frames_sent" "$(delta t "$IF1" good_frames_sent)" $n &&
	expect_eq "$IF1 good_octets_sent" "$(delta t "$IF1" good_octets_sent)" $((n * wire)) &&
	expect_eq "$IF0 good_frames_received" "$(delta r "$IF0" good_frames_received)" $n &&
	expect_eq "$IF0 good_octets_received" \
		"$(delta r "$IF0" good_octets_received)" $((n * wire)) &&
	expect_eq "$IF0 rx_packets" "$(delta r "$IF0" rx_packets)" $((n - o)) &&
	expect_eq "$IF0 rx_bytes" "$(delta r "$IF0" rx_bytes)" $(((n - o) * size)) &&
	expect_eq "$IF0 rx_errors" "$(delta r "$IF0" rx_errors)" 0 &&
	expect_eq "$IF0 rx_dropped" "$(delta r "$IF0" rx_dropped)" 0 &&
	expect_eq "$IF0 rx_discard" "$(delta r "$IF0" rx_discard)" 0 &&
	expect_eq "$IF0 bad_frames_received" "$(delta r "$IF0" bad_frames_received)" 0
}

# The MIB registers are 32 bits wide and clear on read.  A driver that
# reads them only when ethtool -S asks loses 2^32 counts whenever one
# wraps between two reads: at line rate, 48 minutes of 64-byte frames.
# The model's good_frames_received register is set to 2^32 - 256, as
# though that many frames had come in since the driver last read it, and
# nobody runs ethtool.  The driver must read it on its own (the register
# then reads 0: the model clears it on read) before 300 more frames
# arrive, and count every one.
test_mib_fold() {
	local pre=$((0xffffff00)) n=300 i v
	has_emu || { echo "needs the emulator, to set a MIB register"; return 4; }
	ours_driver || { echo "upstream mvneta reads the MIB only for ethtool -S"; return 4; }
	raw_up || return
	snap m "$IF0" good_frames_received
	emu qom-set eth0 mib-good-frames-rx $pre >/dev/null ||
		fail "cannot set the model's MIB register" || return
	# Up to three of our driver's 5 s periods, for the driver's read.
	for i in $(seq 150); do
		v=$(emu qom-get eth0 mib-good-frames-rx) || fail "qom-get" || return
		[ "$v" -lt "$pre" ] && break
		sleep 0.1
	done
	if [ "$v" -lt "$pre" ]; then
		echo "register read by the driver after $i x 0.1 s"
	else
		echo "register never read by the driver"
	fi
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 10000 >/dev/null || return
	sleep 0.2
	expect_eq "$IF0 good_frames_received" \
		"$(delta m "$IF0" good_frames_received)" $((pre + n))
}

# tcp_exact BYTES: one TCP stream to the peer, every byte checked there.
tcp_exact() {
	local bytes=$1 out
	rm -f /tmp/trecv.out
	ip netns exec "$NS" "$PKT" trecv -n "$bytes" -t 10 -p 5001 > /tmp/trecv.out &
	local pid=$!
	wait_ready /tmp/trecv.out || return
	"$PKT" tsend -D "$IP1" -n "$bytes" -p 5001 >/dev/null || fail "tsend" || return
	wait $pid
	out=$(tail -n1 /tmp/trecv.out)
	expect_eq "TCP stream at the peer" "$out" "received $bytes exact $bytes"
}

# iperf3 -n BYTES to the peer: all of it sent, no error.
iperf_run() {
	local bytes=$1 j
	in_ns iperf3 -s -1 -D -B "$IP1" >/dev/null 2>&1
	sleep 0.5
	j=$(iperf3 -c "$IP1" -n "$bytes" -J 2>/dev/null)
	expect_eq "iperf3 error" "$(printf '%s' "$j" | jq -r '.error // "none"')" none &&
	# iperf3 may send one block more than -n asks for.
	[ "$(printf '%s' "$j" | jq ".end.sum_sent.bytes >= $bytes")" = true ] ||
		fail "iperf3 sent less than $bytes bytes" || return
	echo "iperf3: $(printf '%s' "$j" |
		jq '.end.sum_received.bits_per_second / 1e6 | floor') Mbit/s"
}

test_tcp_iperf3() {
	pair_up || return
	iperf_run $((16 * 1024 * 1024)) && tcp_exact $((8 * 1024 * 1024))
}

set_mtu() {
	ip link set "$IF0" mtu "$1" && in_ns ip link set "$IF1" mtu "$1"
}

test_mtu_9000() {
	local n=20
	set_mtu 9000 || fail "MTU 9000 refused" || return
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	# Both ports restarted: wait for the first jumbo echo, then count.
	ping -q -c 1 -w 5 -s 8972 -M do "$IP1" >/dev/null ||
		fail "no 9000-byte echo within 5 s of the MTU change" || return
	snap a "$IF0" rx_packets tx_packets
	if ! ping_all "$IF0" -c $n -i 0.02 -W 2 -s 8972 -M do "$IP1"; then
		ip -s link show dev "$IF0"
		in_ns ip -s link show dev "$IF1"
		return 1
	fi
	expect_eq "jumbo echo requests out" "$(delta a "$IF0" tx_packets)" $n &&
	expect_eq "jumbo echo replies in" "$(delta a "$IF0" rx_packets)" $n &&
	iperf_run $((8 * 1024 * 1024)) && tcp_exact $((8 * 1024 * 1024))
}

# Back to 1500 while the peer keeps pinging.
test_mtu_1500_under_traffic() {
	ip netns exec "$NS" ping -q -i 0.005 -w 20 "$IP0" >/dev/null 2>&1 &
	local pid=$!
	sleep 0.5
	set_mtu 1500 || fail "MTU 1500 refused" || return
	set_mtu 9000 && set_mtu 1500 || fail "MTU flip refused" || return
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	expect_eq "$IF0 mtu" "$(cat "/sys/class/net/$IF0/mtu")" 1500 || return
	if ping -q -c 1 -W 1 -s 1473 -M do "$IP1" >/dev/null 2>&1; then
		fail "1501-byte packet went out at MTU 1500"
		return
	fi
	ping_all "$IF0" -c 20 -i 0.02 -W 2 -s 1472 -M do "$IP1" || return
	tcp_exact $((4 * 1024 * 1024))
}

# Restarts (MTU, ring sizes) on both ports while pings run both ways every
# 2 ms: a restart must leave no skb in a ring it frees, so the port still
# carries traffic and the peer namespace goes away when deleted (an skb
# left behind keeps its socket, and so the namespace, forever).
test_restarts_under_traffic() {
	local i rings0 rings1 pid0 pid1 rounds=0
	pair_up || return
	rings0=$(ring_sizes "$IF0")
	rings1=$(ring_sizes "$IF1")
	ip netns exec "$NS" ping -q -i 0.002 -w 60 "$IP0" >/dev/null 2>&1 &
	pid1=$!
	ping -q -i 0.002 -w 60 "$IP1" >/dev/null 2>&1 &
	pid0=$!
	sleep 0.5
	for i in $(seq 10); do
		set_mtu 9000 && set_mtu 1500 || break
		in_ns ethtool -G "$IF1" rx 128 tx 512 &&
		ethtool -G "$IF0" rx 128 tx 512 &&
		in_ns ethtool -G "$IF1" rx ${rings1% *} tx ${rings1#* } &&
		ethtool -G "$IF0" rx ${rings0% *} tx ${rings0#* } || break
		rounds=$((rounds + 1))
	done
	kill $pid0 $pid1 2>/dev/null
	wait $pid0 $pid1 2>/dev/null
	expect_eq "restart rounds done" $rounds 10 || return
	expect_eq "$IF0 rings" "$(ring_sizes "$IF0")" "$rings0" &&
	expect_eq "$IF1 rings" "$(ring_sizes "$IF1")" "$rings1" &&
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	ping -q -c 1 -w 5 "$IP1" >/dev/null ||
		fail "no echo within 5 s of the last restart" || return
	# A request of the peer's pinger still on its way (held while the
	# link came back) would be answered inside the exact count below.
	wait_still "$IF1" tx_packets rx_packets &&
	wait_still "$IF0" tx_packets rx_packets || return
	snap a "$IF0" rx_packets tx_packets
	ping_all "$IF0" -c 20 -i 0.02 -W 2 "$IP1" || return
	expect_eq "echo requests out" "$(delta a "$IF0" tx_packets)" 20 &&
	expect_eq "echo replies in" "$(delta a "$IF0" rx_packets)" 20 || return
	pair_down || fail "peer namespace kept alive after the restarts"
}

# tx_inflight IF: bytes BQL still counts in flight, all TX queues.
tx_inflight() {
	cat /sys/class/net/"$1"/queues/tx-*/byte_queue_limits/inflight |
		awk '{ s += $1 } END { print s + 0 }'
}

# tx_timeouts IF: TX watchdog firings, all TX queues.
tx_timeouts() {
	cat /sys/class/net/"$1"/queues/tx-*/tx_timeout | awk '{ s += $1 } END { print s + 0 }'
}

# With "ethtool -C tx-frames 32" the port signals TX done once 32 frames
# have left.  A sender that stops after fewer, with nothing coming back
# (UDP to a peer that does not answer), must still get its frames
# reaped: a few milliseconds later nothing is in flight, every frame was
# on the wire, and the TX watchdog never fired.
test_tx_coalesce_idle() {
	local f0 i to0 left rc=0
	# Upstream (6.1) reaps TX completions only when NAPI runs for an
	# interrupt: its frames wait here (142 bytes in flight after the
	# first round, measured).
	ours_driver || { echo "upstream mvneta has no TX completion timer"; return 4; }
	pair_up || return
	f0=$(ethtool -c "$IF0" | awk '$1 == "tx-frames:" { print $2 }')
	ethtool -C "$IF0" tx-frames 32 || fail "ethtool -C tx-frames 32" || return
	to0=$(tx_timeouts "$IF0")
	snap c "$IF0" tx_packets good_frames_sent
	for i in 1 2 3 4 5; do
		"$PKT" usend -D "$IP1" -n 5 -l 100 >/dev/null || { rc=1; break; }
		sleep 0.1
		left=$(tx_inflight "$IF0")
		[ "$left" = 0 ] || { fail "round $i: $left bytes still in flight"; rc=1; break; }
	done
	ethtool -C "$IF0" tx-frames "${f0:-1}"
	[ $rc = 0 ] &&
	expect_eq "$IF0 tx_packets" "$(delta c "$IF0" tx_packets)" 25 &&
	expect_eq "$IF0 good_frames_sent" "$(delta c "$IF0" good_frames_sent)" 25 &&
	expect_eq "TX timeouts" "$(tx_timeouts "$IF0")" "$to0"
}

# A restart (MTU, ring sizes, XDP attach and detach) rebuilds the rings
# but leaves the PHY and the link alone: the carrier never drops, and
# echoes flow right after each change.
test_restart_keeps_link() {
	local rings c
	ours_driver || { echo "upstream mvneta restarts the PHY for these changes"; return 4; }
	pair_up || return
	rings=$(ring_sizes "$IF0")
	snap k "$IF0" carrier_down_count carrier_up_count
	for c in "ip link set $IF0 mtu 1400" "ip link set $IF0 mtu 1500" \
		 "ethtool -G $IF0 rx 256 tx 1024" "ethtool -G $IF0 rx ${rings% *} tx ${rings#* }" \
		 "ip link set dev $IF0 xdp obj $BPF_DIR/mvneta_xdp_pass.bpf.o sec xdp" \
		 "ip link set dev $IF0 xdp off"; do
		$c || fail "$c" || return
		expect_eq "carrier after: $c" "$(cat "/sys/class/net/$IF0/carrier")" 1 &&
		ping_all "$IF0" -c 5 -i 0.02 -W 1 "$IP1" || return
	done
	expect_eq "carrier losses" "$(delta k "$IF0" carrier_down_count)" 0 &&
	expect_eq "carrier gains" "$(delta k "$IF0" carrier_up_count)" 0
}

tap_plan 8
run_test "$UDP_FRAMES UDP frames at $UDP_PPS pps, exact counters" test_udp_exact
run_test "tx-frames 32: an idle sender's frames are reaped" test_tx_coalesce_idle
run_test "MIB counters read before they wrap, ethtool or not" test_mib_fold
run_test "TCP with iperf3" test_tcp_iperf3
run_test "MTU 9000" test_mtu_9000
run_test "MTU 1500 under traffic" test_mtu_1500_under_traffic
run_test "restarts under two-way traffic, nothing left in a ring" test_restarts_under_traffic
run_test "restarts keep the link up" test_restart_keeps_link
pair_down
tap_exit
