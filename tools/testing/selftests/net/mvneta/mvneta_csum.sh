#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta checksum offload: checksums the port inserts on transmit are
# right (the receiver verifies them in software), and the receive status
# is honoured (frames with a bad UDP checksum never count as good).

source "$(dirname "$0")/lib.sh"

snmp() {	# snmp NS|- Proto Field
	local f
	f=$([ "$1" = - ] && cat /proc/net/snmp || in_ns cat /proc/net/snmp)
	printf '%s\n' "$f" | awk -v p="$2:" -v k="$3" '
		$1 == p && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
		$1 == p && h { print $c[k] }'
}

test_tx_csum() {
	local n=500 len before_err before_in got
	pair_up || return
	ethtool -K "$IF0" tx on >/dev/null 2>&1
	ethtool -k "$IF0" | grep -qE '^\s*tx-checksum-ipv4: on' ||
		{ echo "tx checksum offload not available"; return 4; }
	in_ns ethtool -K "$IF1" rx off >/dev/null 2>&1
	for len in 18 1000 1472; do
		before_err=$(snmp ns Udp InCsumErrors)
		before_in=$(snmp ns Udp InDatagrams)
		rm -f /tmp/urecv.out
		ip netns exec "$NS" "$PKT" urecv -n $n -l $len -t 3 > /tmp/urecv.out &
		local pid=$!
		wait_ready /tmp/urecv.out || return
		"$PKT" usend -D "$IP1" -n $n -l $len >/dev/null
		wait $pid
		got=$(cat /tmp/urecv.out | tail -n1)
		expect_eq "UDP $len bytes, peer got" "$got" "received $n exact $n" &&
		expect_eq "peer UDP checksum errors" \
			$(($(snmp ns Udp InCsumErrors) - before_err)) 0 &&
		expect_eq "peer UDP datagrams" $(($(snmp ns Udp InDatagrams) - before_in)) $n ||
			return
	done
	before_err=$(snmp ns Tcp InCsumErrors)
	rm -f /tmp/trecv.out
	ip netns exec "$NS" "$PKT" trecv -n 4194304 -t 10 -p 5002 > /tmp/trecv.out &
	local tpid=$!
	wait_ready /tmp/trecv.out || return
	"$PKT" tsend -D "$IP1" -n 4194304 -p 5002 >/dev/null
	wait $tpid
	got=$(tail -n1 /tmp/trecv.out)
	in_ns ethtool -K "$IF1" rx on >/dev/null 2>&1
	expect_eq "TCP stream through software-verified checksums" "$got" \
		"received 4194304 exact 4194304" &&
	expect_eq "peer TCP checksum errors" $(($(snmp ns Tcp InCsumErrors) - before_err)) 0
}

# csum_tc_on / csum_tc_off: mvneta_csum_level.bpf.o on IF0's ingress,
# counting the UDP skbs the driver marked as verified and the others.
csum_tc_on() {
	tc qdisc add dev "$IF0" clsact &&
	tc filter add dev "$IF0" ingress bpf da \
		obj "$BPF_DIR/mvneta_csum_level.bpf.o" sec tc
}
csum_tc_off() { tc qdisc del dev "$IF0" clsact 2>/dev/null; }

# peer_udp N LEN [-b]: N UDP frames from the peer to IF0's stack (-b:
# with a wrong UDP checksum).
peer_udp() {
	in_ns "$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -S "$IP1" -D "$IP0" \
		-n "$1" -l "$2" ${3:-} >/dev/null
}

# The port checks UDP checksums on receive: frames whose status says
# good reach the stack marked as verified (so a driver that ignores the
# status fails here), the bad ones unverified, so the stack checks them
# and counts them as errors; with rx checksumming off, none is marked.
test_rx_csum_status() {
	local good=200 bad=50 e0 i0 out v0 v1
	pair_up || return
	# GRO would verify UDP checksums in software before tc sees the
	# skb, and mark good ones as verified whatever the driver said.
	ethtool -K "$IF0" rx on gro off >/dev/null 2>&1
	csum_tc_on || fail "tc program" || return
	e0=$(snmp - Udp InCsumErrors)
	i0=$(snmp - Udp InDatagrams)
	snap rc "$IF0" rx_packets good_frames_received
	snap tc "$IF1" tx_packets
	rm -f /tmp/urecv.out
	"$PKT" urecv -n $good -l 64 -t 3 > /tmp/urecv.out &
	local pid=$!
	wait_ready /tmp/urecv.out || return
	peer_udp $bad 128 -b && peer_udp $good 106 || fail "send" || return
	wait $pid
	out=$(tail -n1 /tmp/urecv.out)
	expect_eq "frames sent" "$(delta tc "$IF1" tx_packets)" $((good + bad)) &&
	expect_eq "frames on the wire" "$(delta rc "$IF0" good_frames_received)" $((good + bad)) &&
	expect_eq "frames received" "$(delta rc "$IF0" rx_packets)" $((good + bad)) &&
	expect_eq "skbs marked verified" "$(map_val csum_seen 0)" $good &&
	expect_eq "skbs left to the stack to verify" "$(map_val csum_seen 1)" $bad &&
	expect_eq "good datagrams delivered" "$out" "received $good exact $good" &&
	expect_eq "bad checksums caught" $(($(snmp - Udp InCsumErrors) - e0)) $bad &&
	expect_eq "datagrams counted" $(($(snmp - Udp InDatagrams) - i0)) $good || return
	# Checksumming off: the stack verifies everything.  (The same
	# program and map: a second load would leave two maps of the name.)
	v0=$(map_val csum_seen 0)
	v1=$(map_val csum_seen 1)
	echo "so far: verified $v0, unverified $v1"
	ethtool -K "$IF0" rx off || fail "ethtool -K rx off" || return
	wait_carrier "$IF0" || return
	peer_udp $good 106 || fail "send" || return
	sleep 0.2
	ethtool -K "$IF0" rx on gro on
	expect_eq "skbs marked verified, rx off" $(($(map_val csum_seen 0) - v0)) 0 &&
	expect_eq "skbs left to the stack to verify, rx off" \
		$(($(map_val csum_seen 1) - v1)) $good
}

test_cleanup() { csum_tc_off; ethtool -K "$IF0" rx on gro on 2>/dev/null; }

tap_plan 2
run_test "TX checksum inserted by the port" test_tx_csum
run_test "RX checksum status honoured" test_rx_csum_status
pair_down
tap_exit
