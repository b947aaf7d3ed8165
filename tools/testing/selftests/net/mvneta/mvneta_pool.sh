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
# Then the pools as the netdev netlink family shows them (Linux 6.8+):
# one per RX queue, under the port and its NAPI instance; their counters
# move by exactly one allocation and one recycle per frame an XDP_DROP
# program drops; they are gone once the port is down.

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

# ---- The pools in the netdev netlink family (page-pool-get and
# page-pool-stats-get, Linux 6.8; CONFIG_PAGE_POOL_STATS).

pp_ids() { awk '$1 == "pool" { print $2 }' <<<"$1" | sort -n | tr '\n' ' '; }

# pp_check_listed POOLS: each pool is under eth0, with the NAPI instance
# of an RX queue, attached (no detach time), and holds at least a page
# per RX descriptor, inflight-mem counting whole pages.
pp_check_listed() {
	local pools=$1 ifx ring psz napis line id napi inf mem
	ifx=$(ifindex_of "$IF0")
	read -r ring _ <<<"$(ring_sizes "$IF0")"
	psz=$(awk '/^KernelPageSize:/ { print $2 * 1024; exit }' /proc/self/smaps)
	[ -n "$psz" ] || fail "page size unknown (/proc/self/smaps)" || return
	napis=" $(awk '$1 == "rx-queue" { print $4 }' <<<"$pools" | sort -u | tr '\n' ' ')"
	[ "$napis" != " " ] || fail "no RX queue of $IF0 in queue-get" || return
	while read -r line; do
		id=$(pp_field "$line" pool)
		napi=$(pp_field "$line" napi-id)
		inf=$(pp_field "$line" inflight)
		mem=$(pp_field "$line" inflight-mem)
		{ [ "$(pp_field "$line" ifindex)" = "$ifx" ] ||
		  fail "pool $id: not under $IF0 (ifindex $ifx)"; } &&
		{ [ "$napi" != 0 ] || fail "pool $id: no NAPI instance"; } &&
		{ [[ $napis == *" $napi "* ]] ||
		  fail "pool $id: NAPI $napi serves none of the RX queues ($napis)"; } &&
		{ [ "$(pp_field "$line" detach-time)" = 0 ] || fail "pool $id: detached"; } &&
		{ [ "$inf" -ge "$ring" ] ||
		  fail "pool $id: $inf pages in flight, fewer than the $ring RX descriptors"; } &&
		{ [ "$mem" = $((inf * psz)) ] ||
		  fail "pool $id: inflight-mem $mem for $inf pages of $psz bytes"; } || return
	done < <(grep '^pool ' <<<"$pools")
	echo "every pool under ifindex $ifx, NAPI${napis% }, at least $ring pages in flight"
}

test_page_pools_netlink() {
	local pools rc n before after d o sent=5000 ids da dr dslow di i
	raw_up || return
	pools=$(pp_pools 2>&1)
	rc=$?
	[ $rc = 4 ] && { echo "$pools"; return 4; }
	[ $rc = 0 ] || { fail "page-pools: $pools"; return; }
	printf '%s\n' "$pools"
	if ! grep -q '^pool ' <<<"$pools" && ! ours_driver; then
		echo "this mvneta's page pools are not linked to the device: netlink lists none"
		return 4
	fi
	n=$(rxqs "$IF0")
	expect_eq "pools of $IF0 (one per RX queue)" "$(grep -c '^pool ' <<<"$pools")" "$n" &&
	pp_check_listed "$pools" || return

	# XDP_DROP: each frame takes one page from its descriptor back to
	# the pool (a recycle: into the NAPI-local cache, or its ring when
	# the cache is full) and one page from the pool into the
	# descriptor (an allocation: from the cache (fast), from the ring
	# (refill) or, both empty, from the page allocator (slow)).  Nothing
	# else moves pages while the program drops everything.
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "attach" || return
	wait_carrier "$IF0" || return		# the attach restarted the port
	before=$(pp_pools) || return
	snap pd "$IF0" rx_xdp_drop rx_overrun
	pktgen_send "$IF1" "$(mac_of "$IF0")" $sent 64 10000 || return
	sleep 0.5
	after=$(pp_pools) || return
	ip link set dev "$IF0" xdp off
	d=$(delta pd "$IF0" rx_xdp_drop)
	o=$(delta pd "$IF0" rx_overrun)
	echo "pools before:"
	grep '^pool ' <<<"$before"
	echo "after $d frames dropped ($o overruns):"
	grep '^pool ' <<<"$after"
	ids=$(pp_ids "$before")
	da=$(($(pp_sum "$after" alloc-fast alloc-slow alloc-slow-high-order alloc-refill) -
	      $(pp_sum "$before" alloc-fast alloc-slow alloc-slow-high-order alloc-refill)))
	dr=$(($(pp_sum "$after" recycle-cached recycle-ring) -
	      $(pp_sum "$before" recycle-cached recycle-ring)))
	dslow=$(($(pp_sum "$after" alloc-slow alloc-slow-high-order) -
		 $(pp_sum "$before" alloc-slow alloc-slow-high-order)))
	di=$(($(pp_sum "$after" inflight) - $(pp_sum "$before" inflight)))
	overruns_ok "$o" $sent &&
	expect_eq "rx_xdp_drop + overruns" $((d + o)) $sent &&
	expect_eq "the same pools" "$(pp_ids "$after")" "$ids" &&
	expect_eq "allocations (fast + slow + slow-high-order + refill)" "$da" "$d" &&
	expect_eq "recycles (cached + ring)" "$dr" "$d" &&
	expect_eq "pages the pools let go (ring-full + released-refcnt)" \
		$(($(pp_sum "$after" recycle-ring-full recycle-released-refcnt) -
		   $(pp_sum "$before" recycle-ring-full recycle-released-refcnt))) 0 &&
	# Only the page allocator adds pages to a pool.
	if [ "$dslow" = 0 ]; then
		expect_eq "pages in flight (no slow allocation)" "$di" 0
	else
		echo "slow allocations: $dslow; pages in flight: $di more"
	fi || return

	# Down, the port destroys its pools: gone from the dump at once,
	# or first shown detached while pages are still out.
	ip link set "$IF0" down
	for i in $(seq 50); do
		after=$(pp_pools) || return
		grep -q '^pool ' <<<"$after" || break
		if grep '^pool ' <<<"$after" | grep -q ' detach-time 0 '; then
			printf '%s\n' "$after"
			ip link set "$IF0" up
			fail "a pool still attached with $IF0 down"
			return
		fi
		sleep 0.1
	done
	ip link set "$IF0" up
	grep '^pool ' <<<"$after" &&
		{ fail "pools still listed 5 s after $IF0 went down"; return; }
	echo "$IF0 down: no pool listed (after $((i - 1)) polls of 0.1 s)"
	wait_carrier "$IF0" || return
	after=$(pp_pools) || return
	expect_eq "pools of $IF0 up again" "$(grep -c '^pool ' <<<"$after")" "$n" &&
	pp_check_listed "$after"
}

tap_plan 5
run_test "ifdown under stack traffic: pools empty" test_ifdown_stack_traffic
run_test "ifdown under XDP_TX: pools empty" test_ifdown_xdp_tx
run_test "XDP attach/detach under traffic: pools empty" test_attach_detach_traffic
run_test "rmmod while redirecting: pools empty" test_rmmod_redirect
run_test "page pools in netlink: one per RX queue, exact counters, gone at ifdown" \
	test_page_pools_netlink
pair_down
tap_exit
