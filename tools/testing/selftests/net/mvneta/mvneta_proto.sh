#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta with the traffic the other tests do not send: IPv6 (ICMPv6,
# UDP, TCP with segmentation offload, extension headers), 802.1Q VLANs,
# IPv4 fragments and IPv4 header options; then the same through an
# XDP_PASS program on both ports.  Every payload is checked byte for
# byte, every echo answered, and the receiving stack, which verifies
# checksums in software (rx off) where the sender offloaded them, counts
# no checksum error.  PROTO_TCP_BYTES and PROTO_UDP_N set the load.

source "$(dirname "$0")/lib.sh"

# The load: bytes per TCP stream, datagrams per UDP check (a debug
# kernel under emulation takes minutes for the defaults).
PROTO_TCP_BYTES=${PROTO_TCP_BYTES:-$((2 * 1024 * 1024))}
PROTO_UDP_N=${PROTO_UDP_N:-300}

IP6_0=fd77::1
IP6_1=fd77::2
VID=100
VIP0=10.78.0.1
VIP1=10.78.0.2

# Both ports with IPv6 (no duplicate address detection, static
# neighbours) beside the IPv4 pair, and a VLAN on each (when the kernel
# has 802.1Q).
proto_up() {
	pair_up || return
	sysctl -qw "net.ipv6.conf.$IF0.disable_ipv6=0" "net.ipv6.conf.$IF0.accept_dad=0" &&
	in_ns sysctl -qw "net.ipv6.conf.$IF1.disable_ipv6=0" "net.ipv6.conf.$IF1.accept_dad=0" &&
	ip -6 addr add "$IP6_0/64" dev "$IF0" nodad &&
	in_ns ip -6 addr add "$IP6_1/64" dev "$IF1" nodad &&
	ip -6 neigh replace "$IP6_1" lladdr "$(mac_of "$IF1")" dev "$IF0" nud permanent &&
	in_ns ip -6 neigh replace "$IP6_0" lladdr "$(mac_of "$IF0")" dev "$IF1" nud permanent ||
		fail "IPv6 addresses" || return
	ethtool -K "$IF0" rx on tx on tso on >/dev/null 2>&1
	in_ns ethtool -K "$IF1" rx on tx on tso on >/dev/null 2>&1
}

proto_down() {
	ip link del "$IF0.$VID" 2>/dev/null
	ip link set dev "$IF0" xdp off 2>/dev/null
	ethtool -K "$IF0" rx on >/dev/null 2>&1
	pair_down
	# The peer's program comes back with the port: the next test file
	# must not find it (upstream refuses MTU 9000 under a program).
	ip link set dev "$IF1" xdp off 2>/dev/null
	ethtool -K "$IF1" rx on >/dev/null 2>&1
}

vlan_up() {
	ip link add link "$IF0" name "$IF0.$VID" type vlan id $VID 2>/dev/null || {
		echo "no 802.1Q VLAN devices in this kernel (CONFIG_VLAN_8021Q)"
		return 4
	}
	in_ns ip link add link "$IF1" name "$IF1.$VID" type vlan id $VID &&
	ip addr add "$VIP0/24" dev "$IF0.$VID" &&
	in_ns ip addr add "$VIP1/24" dev "$IF1.$VID" &&
	ip link set "$IF0.$VID" up && in_ns ip link set "$IF1.$VID" up &&
	ip neigh replace "$VIP1" lladdr "$(mac_of "$IF1")" dev "$IF0.$VID" nud permanent &&
	in_ns ip neigh replace "$VIP0" lladdr "$(mac_of "$IF0")" dev "$IF1.$VID" nud permanent ||
		fail "VLAN $VID"
}

# csum_errors NS|-: UDP and TCP checksum errors, IPv4 and IPv6, so far.
csum_errors() {
	local f6 f4
	if [ "$1" = - ]; then
		f4=$(cat /proc/net/snmp) f6=$(cat /proc/net/snmp6)
	else
		f4=$(in_ns cat /proc/net/snmp) f6=$(in_ns cat /proc/net/snmp6)
	fi
	{ printf '%s\n' "$f4" | awk '($1 == "Udp:" || $1 == "Tcp:") && !h[$1]++ {
			for (i = 2; i <= NF; i++) c[$1, $i] = i; next }
		$1 == "Udp:" { s += $c["Udp:", "InCsumErrors"] }
		$1 == "Tcp:" { s += $c["Tcp:", "InCsumErrors"] } END { print s + 0 }'
	  printf '%s\n' "$f6" | awk '$1 == "Udp6InCsumErrors" { s += $2 } END { print s + 0 }'
	} | awk '{ s += $1 } END { print s }'
}

# rx_csum IF on|off: IF's receive checksum offload (off: the stack
# verifies every checksum); the port may restart, so wait for carrier.
rx_csum() {
	on "$1" ethtool -K "$1" rx "$2" >/dev/null 2>&1
	wait_carrier "$1"
}

# l4_exact u|t FROM DST WANT ARGS...: mvneta_pkt's usend/urecv (u) or
# tsend/trecv (t) from FROM's side (IF0 or IF1) to DST, with ARGS for
# both ends: the receiver checks every byte (WANT datagrams or bytes)
# and, verifying checksums in software, counts none wrong.
l4_exact() {
	local p=$1 from=$2 dst=$3 want=$4 to e0 got rx=ns
	shift 4
	[ "$from" = "$IF0" ] && to=$IF1 || { to=$IF0; rx=-; }
	rx_csum "$to" off || return
	e0=$(csum_errors $rx)
	rm -f /tmp/l4recv.out
	on "$to" "$PKT" "${p}recv" -t 10 -p 5009 "$@" > /tmp/l4recv.out &
	local pid=$!
	wait_ready /tmp/l4recv.out || return
	on "$from" "$PKT" "${p}send" -D "$dst" -p 5009 "$@" >/dev/null
	wait $pid
	got=$(tail -n1 /tmp/l4recv.out)
	rx_csum "$to" on || return
	expect_eq "${p}send $* to $dst" "$got" "received $want exact $want" &&
	expect_eq "checksum errors at $to" $(($(csum_errors $rx) - e0)) 0
}

# udp_exact FROM DST N LEN [ARGS]: N datagrams of LEN bytes.
udp_exact() { l4_exact u "$1" "$2" "$3" -n "$3" -l "$4" "${@:5}"; }

# tcp_exact FROM DST BYTES [ARGS]: one TCP stream of BYTES (segmentation
# and checksums offloaded where the port can).
tcp_exact() { l4_exact t "$1" "$2" "$3" -n "$3" "${@:4}"; }

test_ipv6() {
	local len
	proto_up || return
	ping_all "$IF0" -6 -c 20 -i 0.02 -W 2 "$IP6_1" &&
	ping_all "$IF1" -6 -c 20 -i 0.02 -W 2 "$IP6_0" &&
	ping_all "$IF0" -6 -c 5 -i 0.05 -W 2 -s 4000 "$IP6_1" || return
	for len in 18 1000 1452 4000; do
		udp_exact "$IF0" "$IP6_1" $PROTO_UDP_N $len -6 &&
		udp_exact "$IF1" "$IP6_0" $PROTO_UDP_N $len -6 || return
	done
	tcp_exact "$IF0" "$IP6_1" $PROTO_TCP_BYTES -6 &&
	tcp_exact "$IF1" "$IP6_0" $PROTO_TCP_BYTES -6
}

# A destination options header between the IPv6 header and TCP/UDP: a
# port that cannot checksum past it must leave that to software, TSO
# included.
test_ipv6_ext_hdr() {
	proto_up || return
	udp_exact "$IF0" "$IP6_1" $PROTO_UDP_N 1000 -6 -x &&
	udp_exact "$IF1" "$IP6_0" $PROTO_UDP_N 1000 -6 -x &&
	tcp_exact "$IF0" "$IP6_1" $PROTO_TCP_BYTES -6 -x &&
	tcp_exact "$IF1" "$IP6_0" $PROTO_TCP_BYTES -6 -x
}

test_vlan() {
	local rc
	proto_up || return
	vlan_up
	rc=$?
	[ $rc = 0 ] || return $rc
	ping_all "$IF0" -c 20 -i 0.02 -W 2 "$VIP1" &&
	ping_all "$IF0" -c 20 -i 0.02 -W 2 -s 1472 -M do "$VIP1" &&
	udp_exact "$IF0" "$VIP1" $PROTO_UDP_N 1472 && udp_exact "$IF1" "$VIP0" $PROTO_UDP_N 1472 &&
	tcp_exact "$IF0" "$VIP1" $PROTO_TCP_BYTES && tcp_exact "$IF1" "$VIP0" $PROTO_TCP_BYTES
}

test_ipv4_fragments() {
	proto_up || return
	ping_all "$IF0" -c 10 -i 0.05 -W 2 -s 4000 "$IP1" &&
	udp_exact "$IF0" "$IP1" $PROTO_UDP_N 4000 && udp_exact "$IF1" "$IP0" $PROTO_UDP_N 4000 &&
	udp_exact "$IF0" "$IP1" 100 20000
}

# IPv4 options make the header longer than 20 bytes: the port's IP and
# L4 checksums must take the header length from the descriptor.
test_ipv4_options() {
	proto_up || return
	ping_all "$IF0" -R -c 10 -i 0.05 -W 2 "$IP1" &&
	udp_exact "$IF0" "$IP1" $PROTO_UDP_N 1000 -o &&
	udp_exact "$IF1" "$IP0" $PROTO_UDP_N 1000 -o &&
	tcp_exact "$IF0" "$IP1" $PROTO_TCP_BYTES -o && tcp_exact "$IF1" "$IP0" $PROTO_TCP_BYTES -o
}

# All of it again with an XDP_PASS program on both ports: the frames go
# through the XDP buffer before the stack sees them.
test_through_xdp_pass() {
	local rc
	proto_up || return
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_pass.bpf.o" sec xdp &&
	in_ns ip link set dev "$IF1" xdp obj "$BPF_DIR/mvneta_xdp_pass.bpf.o" sec xdp ||
		fail "attach" || return
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	ping_all "$IF0" -6 -c 20 -i 0.02 -W 2 "$IP6_1" &&
	udp_exact "$IF0" "$IP6_1" $PROTO_UDP_N 4000 -6 &&
	udp_exact "$IF1" "$IP6_0" $PROTO_UDP_N 4000 -6 &&
	tcp_exact "$IF0" "$IP6_1" $PROTO_TCP_BYTES -6 &&
	tcp_exact "$IF1" "$IP6_0" $PROTO_TCP_BYTES -6 &&
	udp_exact "$IF1" "$IP0" $PROTO_UDP_N 4000 &&
	udp_exact "$IF1" "$IP0" $PROTO_UDP_N 1000 -o || return
	vlan_up
	rc=$?
	[ $rc = 0 ] || return $rc
	ping_all "$IF0" -c 20 -i 0.02 -W 2 "$VIP1" &&
	tcp_exact "$IF1" "$VIP0" $PROTO_TCP_BYTES
}

test_cleanup() { proto_down; }

tap_plan 6
run_test "IPv6: ICMPv6, UDP, TCP, checksums offloaded both ways" test_ipv6
run_test "IPv6 with a destination options header" test_ipv6_ext_hdr
run_test "802.1Q VLAN: ping, UDP, TCP" test_vlan
run_test "IPv4 fragments" test_ipv4_fragments
run_test "IPv4 header options" test_ipv4_options
run_test "the same through XDP_PASS on both ports" test_through_xdp_pass
proto_down
tap_exit
