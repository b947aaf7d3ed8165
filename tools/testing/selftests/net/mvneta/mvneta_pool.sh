#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# page_pool life cycle: every RX page the driver took from its pools is
# back when a pool is destroyed, whatever was in flight at the time.
# The page_pool_release trace event reports, each time the core tries to
# free a destroyed pool, how many pages are still out ("inflight"); the
# pool is freed on the call that finds none, so a pool that was fully
# released logs exactly one event with inflight=0.  Each test counts
# those against the number of pools the port must have destroyed (one
# per RX queue): ifdown while the stack receives, ifdown while XDP_TX
# has pages in the TX ring, attach/detach under traffic (the rings are
# rebuilt twice), and rmmod while eth0 redirects into eth1's TX ring.

source "$(dirname "$0")/lib.sh"

PP_EVENT=page_pool/page_pool_release

rxqs() { ls -d /sys/class/net/"$1"/queues/rx-* | wc -l; }

# pp_settled WANT: within 10 s, WANT pools were freed with nothing in
# flight, and no pool is left waiting for pages.
pp_settled() {
	local want=$1 i freed waiting
	for i in $(seq 100); do
		freed=$(grep -c 'page_pool_release: .* inflight=0 ' "$TRACE/trace")
		[ "$freed" -ge "$want" ] && break
		sleep 0.1
	done
	trace_stop "$PP_EVENT"
	waiting=$(grep -c 'page_pool_release: .* inflight=[1-9]' "$TRACE/trace")
	grep 'page_pool_release:' "$TRACE/trace" | sed 's/.*page_pool_release: //' |
		awk '{ print "  " $0 }' | head -n 20
	[ "$waiting" = 0 ] ||
		echo "pools that waited for pages: $waiting (released after $((i / 10)) s)"
	expect_eq "pools freed with nothing in flight" "$freed" "$want"
}

port_up() { ip link set "$1" up && wait_carrier "$1"; }

# moving VAR IF COUNTER: wait (10 s at most) until COUNTER has moved
# since snapshot VAR, i.e. the traffic under test is flowing.
moving() {
	local i
	for i in $(seq 100); do
		[ "$(delta "$1" "$2" "$3")" -gt 0 ] && return 0
		sleep 0.1
	done
	return 1
}

test_ifdown_stack_traffic() {
	local pid n
	pair_up || return
	n=$(rxqs "$IF0")
	trace_start "$PP_EVENT" || return
	in_ns ping -q -f -w 3 "$IP0" >/dev/null 2>&1 &
	pid=$!
	sleep 1
	ip link set "$IF0" down
	wait $pid
	pp_settled "$n" || return
	port_up "$IF0" && ping_all "$IF0" -c 5 -i 0.02 -W 2 "$IP1"
}

test_ifdown_xdp_tx() {
	local pid n
	raw_up || return
	n=$(rxqs "$IF0")
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_tx.bpf.o" sec xdp ||
		fail "attach" || return
	snap x "$IF0" rx_xdp_tx
	pktgen_send "$IF1" "$(mac_of "$IF0")" 40000 64 20000 >/dev/null &
	pid=$!
	moving x "$IF0" rx_xdp_tx
	trace_start "$PP_EVENT" || { wait $pid; return 4; }
	ip link set "$IF0" down
	wait $pid
	# The case under test: the port went down while reflecting.
	[ "$(delta x "$IF0" rx_xdp_tx)" -gt 0 ] ||
		{ ip link set dev "$IF0" xdp off; fail "nothing reflected"; return; }
	echo "frames reflected before ifdown: $(delta x "$IF0" rx_xdp_tx)"
	pp_settled "$n" || { ip link set dev "$IF0" xdp off; return 1; }
	ip link set dev "$IF0" xdp off
	port_up "$IF0"
}

test_attach_detach_traffic() {
	local pid n
	raw_up || return
	n=$(rxqs "$IF0")
	trace_start "$PP_EVENT" || return
	pktgen_send "$IF1" "$(mac_of "$IF0")" 30000 64 20000 >/dev/null &
	pid=$!
	sleep 0.3
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_tx.bpf.o" sec xdp ||
		{ wait $pid; fail "attach"; return; }
	sleep 0.5
	ip link set dev "$IF0" xdp off
	wait $pid
	# One set of pools goes at attach, the XDP set at detach.
	pp_settled $((2 * n))
}

test_rmmod_redirect() {
	local pid n pin=/sys/fs/bpf/mvneta_pool_redirect i
	raw_up || return
	n=$(($(rxqs "$IF0") + $(rxqs "$IF1")))
	redirect_up "$pin" || return
	snap r "$IF0" rx_xdp_redirect
	pktgen_send "$IF1" "$(mac_of "$IF0")" 40000 64 20000 >/dev/null 2>&1 &
	pid=$!
	moving r "$IF0" rx_xdp_redirect
	trace_start "$PP_EVENT" || { wait $pid; return 4; }
	[ "$(delta r "$IF0" rx_xdp_redirect)" -gt 0 ] ||
		{ wait $pid; fail "nothing redirected"; return; }
	echo "redirected before rmmod: $(delta r "$IF0" rx_xdp_redirect)"
	rmmod mvneta || { wait $pid; fail "rmmod"; return; }
	wait $pid
	rm -rf "$pin"
	pp_settled "$n"
	local rc=$?
	modprobe mvneta || fail "modprobe" || return
	for i in $(seq 50); do
		[ -e "/sys/class/net/$IF1" ] && break
		sleep 0.1
	done
	return $rc
}

tap_plan 4
run_test "ifdown under stack traffic: pools empty" test_ifdown_stack_traffic
run_test "ifdown under XDP_TX: pools empty" test_ifdown_xdp_tx
run_test "XDP attach/detach under traffic: pools empty" test_attach_detach_traffic
run_test "rmmod while redirecting: pools empty" test_rmmod_redirect
pair_down
tap_exit
