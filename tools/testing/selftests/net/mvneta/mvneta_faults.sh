#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Receive faults are counted and the port recovers: CRC errors, resource
# errors, oversize frames (injected, and real ones from a jumbo peer), RX
# ring overrun, and the cable pulled and put back; XDP_TX while the link
# partner holds the transmitter.  Faults are injected by the emulator's
# host; on a real board these tests are skipped.

source "$(dirname "$0")/lib.sh"

K=5

send_k() {
	in_ns "$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -S "$IP1" -D "$IP0" \
		-n "$1" -l 128 >/dev/null
}

recovers() {
	snap ok "$IF0" rx_packets
	send_k 50 || return
	sleep 0.2
	expect_eq "frames after the fault" "$(delta ok "$IF0" rx_packets)" 50
}

# peer_sends: the peer's restarted port carries frames again (a small
# ping gets its answer; 5 s at most).  Carrier alone came too early once.
peer_sends() {
	local i
	for i in $(seq 10); do
		in_ns ping -q -c 1 -W 0.5 "$IP0" >/dev/null 2>&1 && return 0
	done
	fail "$IF1 sends nothing after its restart"
}

need_emu() {
	has_emu || { echo "needs the emulator's fault injection"; return 4; }
	pair_up
}

test_crc() {
	need_emu || return
	snap c "$IF0" rx_errors rx_packets bad_crc_event bad_frames_received
	emu qom-set eth0 inject-rx-crc-errors $K >/dev/null || fail "inject" || return
	send_k $K && sleep 0.2
	expect_eq "bad_crc_event" "$(delta c "$IF0" bad_crc_event)" $K &&
	expect_eq "bad_frames_received" "$(delta c "$IF0" bad_frames_received)" $K &&
	expect_eq "rx_errors" "$(delta c "$IF0" rx_errors)" $K &&
	expect_eq "rx_packets" "$(delta c "$IF0" rx_packets)" 0 &&
	recovers
}

test_resource() {
	need_emu || return
	snap c "$IF0" rx_errors rx_packets
	emu qom-set eth0 inject-rx-resource-errors $K >/dev/null || fail "inject" || return
	send_k $K && sleep 0.2
	expect_eq "rx_errors" "$(delta c "$IF0" rx_errors)" $K &&
	expect_eq "rx_packets" "$(delta c "$IF0" rx_packets)" 0 &&
	recovers
}

test_oversize() {
	need_emu || return
	snap c "$IF0" oversize_received rx_packets
	emu qom-set eth0 inject-rx-oversize $K >/dev/null || fail "inject" || return
	send_k $K && sleep 0.2
	expect_eq "oversize_received (injected)" "$(delta c "$IF0" oversize_received)" $K &&
	expect_eq "rx_packets" "$(delta c "$IF0" rx_packets)" 0 || return
	# A real one: the peer talks jumbo, we do not.
	in_ns ip link set "$IF1" mtu 9000
	wait_carrier "$IF1" || return		# the port restarts
	peer_sends || return
	snap c "$IF0" oversize_received rx_packets
	in_ns ping -q -c $K -i 0.05 -W 1 -s 3000 "$IP0" >/dev/null 2>&1
	expect_eq "oversize_received (3 KB frames at MTU 1500)" \
		"$(delta c "$IF0" oversize_received)" $K &&
	expect_eq "rx_packets" "$(delta c "$IF0" rx_packets)" 0 || return
	# Counted before: peer_sends' ping is a frame eth0 receives.
	in_ns ip link set "$IF1" mtu 1500
	wait_carrier "$IF1" && peer_sends && recovers
}

test_overrun() {
	need_emu || return
	snap c "$IF0" rx_overrun rx_packets
	emu qom-set eth0 inject-rx-overrun $K >/dev/null || fail "inject" || return
	send_k $K && sleep 0.2
	expect_eq "rx_overrun" "$(delta c "$IF0" rx_overrun)" $K &&
	expect_eq "rx_packets" "$(delta c "$IF0" rx_packets)" 0 &&
	recovers
}

test_link_down_up() {
	need_emu || return
	snap l "$IF0" carrier_down_count
	emu set_link c0 off >/dev/null || fail "cable out" || return
	sleep 1
	if ping -q -c 3 -i 0.1 -W 1 "$IP1" >/dev/null 2>&1; then
		emu set_link c0 on
		fail "ping crossed a pulled cable"
		return
	fi
	emu set_link c0 on >/dev/null || fail "cable in" || return
	wait_carrier "$IF0" || return
	local downs
	downs=$(delta l "$IF0" carrier_down_count)
	[ "$downs" -ge 1 ] || fail "carrier never went down" || return
	echo "carrier went down $downs time(s)"
	ping -q -c 20 -i 0.02 -W 2 "$IP1" >/dev/null ||
		fail "no ping after the cable is back" || return
	recovers
}

# XDP_TX while the link partner holds the transmitter for 20 ms (as a
# PAUSE frame or a congested switch would): 400 reflected frames wait in
# the TX ring while the port keeps receiving into a ring of 64 buffers.
# Each reflected frame still comes back byte for byte, or is counted as
# dropped (TX ring full, RX overrun): its page must not go back to the
# RX ring before it has left, or the port writes a later frame into it.
test_xdp_tx_held() {
	local n=1000 out got o0 o1 te before rc=0
	has_emu || { echo "needs the emulator's fault injection"; return 4; }
	raw_up || return
	before=$(ring_sizes "$IF0")
	ethtool -G "$IF0" rx 64 || fail "ethtool -G $IF0 rx 64" || return
	wait_carrier "$IF0" &&
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_tx.bpf.o" sec xdp &&
	wait_carrier "$IF0" || rc=1
	if [ $rc = 0 ]; then
		snap x "$IF0" rx_xdp_tx rx_xdp_tx_errors rx_overrun
		snap y "$IF1" rx_overrun
		emu qom-set eth0 inject-tx-hold-us 20000 >/dev/null &&
		out=$("$PKT" reflect -i "$IF1" -d "$(mac_of "$IF0")" -n $n -l 128 \
			-r 20000 -t 3)
		got=$(sed -n 's/^sent [0-9]* received \([0-9]*\) exact .*/\1/p' <<<"$out")
		o0=$(delta x "$IF0" rx_overrun)
		o1=$(delta y "$IF1" rx_overrun)
		te=$(delta x "$IF0" rx_xdp_tx_errors)
		echo "$out; overruns eth0 $o0, eth1 $o1; XDP_TX errors $te"
		expect_eq "frames back byte for byte" "$out" \
			"sent $n received ${got:-?} exact ${got:-?}" &&
		expect_eq "received + dropped" $((got + o0 + o1 + te)) $n &&
		{ [ $((got * 2)) -ge $n ] || fail "fewer than half came back"; } ||
			rc=1
	fi
	ip link set dev "$IF0" xdp off
	# shellcheck disable=SC2086
	ethtool -G "$IF0" rx ${before% *} || fail "rings back" || return
	wait_carrier "$IF0" || return
	return $rc
}

tap_plan 6
run_test "RX CRC errors counted, port recovers" test_crc
run_test "RX resource errors counted, port recovers" test_resource
run_test "oversize frames dropped and counted" test_oversize
run_test "RX ring overrun counted, port recovers" test_overrun
run_test "cable pulled and plugged back" test_link_down_up
run_test "XDP_TX with the transmitter held: nothing sent twice" test_xdp_tx_held
pair_down
tap_exit
