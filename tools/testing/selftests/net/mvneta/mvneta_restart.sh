#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A change that restarts the port (MTU, ring sizes, XDP attach or detach)
# and cannot get what it needs is refused and leaves the port as it was,
# running (ours: without even losing the link); an ifup that cannot get
# its rings fails cleanly, and the next one works.  The RX ring fill at
# open may sleep, and a refill without pages backs off.  The failures are
# the kernel's own failslab and fail_page_alloc, armed for allocations
# made from the mvneta module's code only, and only for the command or
# the traffic under test.
#
# Needs CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and
# CONFIG_FAULT_INJECTION_STACKTRACE_FILTER (the emulator's debug kernel
# has them); skipped without.

source "$(dirname "$0")/lib.sh"

FS=/sys/kernel/debug/failslab
DROP=$BPF_DIR/mvneta_xdp_drop.bpf.o

need_failslab() {
	[ -d /sys/kernel/debug/failslab ] ||
		mount -t debugfs none /sys/kernel/debug 2>/dev/null
	if [ ! -w "$FS/require-start" ]; then
		echo "kernel without failslab and its stack filter" \
			"(CONFIG_FAILSLAB, CONFIG_FAULT_INJECTION_STACKTRACE_FILTER)"
		return 4
	fi
	pair_up
}

fs_set() { echo "$2" > "$FS/$1"; }

# fault_arm DIR TIMES IGNORE-GFP-WAIT VERBOSE: the fault injector in DIR
# (failslab or fail_page_alloc) fails the next TIMES allocations (-1:
# all) made from mvneta's code; with IGNORE-GFP-WAIT Y only those that
# cannot sleep.
fault_arm() {
	local dir=$1 base size
	read -r size base < <(awk '$1 == "mvneta" { print $2, $6 }' /proc/modules)
	[ -n "$base" ] || { echo "mvneta is not a module"; return 1; }
	[ $((base)) != 0 ] || { echo "no module addresses in /proc/modules"; return 1; }
	echo "$base" > "$dir/require-start"
	printf '0x%x' $((base + size)) > "$dir/require-end"
	echo 32 > "$dir/stacktrace-depth"
	echo "$3" > "$dir/ignore-gfp-wait"
	echo N > "$dir/task-filter"
	echo 0 > "$dir/space"
	echo 1 > "$dir/interval"
	echo "$4" > "$dir/verbose"
	echo "$2" > "$dir/times"
	echo 100 > "$dir/probability"
}

# failing N CMD...: CMD with the next N slab allocations made from mvneta's
# code failing.  Returns CMD's status, or MISSED if fewer than N failures
# were injected.
MISSED=99
failing() {
	local n=$1
	shift
	fault_arm "$FS" "$n" N 1 || return
	"$@"
	local rc=$?
	fs_set probability 0
	if [ "$(cat "$FS/times")" != 0 ]; then
		echo "FAIL: $(( n - $(cat "$FS/times") )) of $n allocation failures injected"
		fs_set times 0
		return $MISSED
	fi
	return $rc
}

# refused N WHAT WANT-IN-MESSAGE CMD...: CMD, with N allocations failing
# (see failing), fails, saying so.
refused() {
	local n=$1 what=$2 want=$3 out rc
	shift 3
	out=$(failing "$n" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^$'
	[ $rc = $MISSED ] && return 1
	[ $rc != 0 ] || fail "$what went through with allocations failing" || return
	printf '%s\n' "$out" | grep -q "$want" ||
		fail "$what: no \"$want\" in the error" || return
	echo "$what refused"
}

# works_as_before: carrier, and exactly 20 echoes of 1472 bytes each way.
# Ours allocates everything a change needs before it stops anything, so
# a refused change never even took the link down (upstream restarts the
# PHY): no carrier loss since the last link_mark.
link_mark() { snap lk "$IF0" carrier_down_count; }
works_as_before() {
	if ours_driver && [ -n "${lk_carrier_down_count:-}" ]; then
		expect_eq "carrier losses" "$(delta lk "$IF0" carrier_down_count)" 0 ||
			return
	fi
	wait_carrier "$IF0" || return
	ping -q -c 1 -w 5 "$IP1" >/dev/null ||
		fail "no echo within 5 s of the refused change" || return
	snap w "$IF0" rx_packets tx_packets
	ping_all "$IF0" -c 20 -i 0.02 -W 2 -s 1472 -M do "$IP1" || return
	expect_eq "echo requests out" "$(delta w "$IF0" tx_packets)" 20 &&
	expect_eq "echo replies in" "$(delta w "$IF0" rx_packets)" 20
}

test_mtu_refused() {
	need_failslab || return
	link_mark
	refused 1 "MTU 1400" "Cannot allocate memory" \
		ip link set "$IF0" mtu 1400 || return
	expect_eq "$IF0 mtu" "$(cat "/sys/class/net/$IF0/mtu")" 1500 &&
	works_as_before
}

test_rings_refused() {
	local before
	need_failslab || return
	link_mark
	before=$(ring_sizes "$IF0")
	refused 1 "rings 128/512" "Cannot allocate memory" \
		ethtool -G "$IF0" rx 128 tx 512 || return
	expect_eq "$IF0 rings" "$(ring_sizes "$IF0")" "$before" &&
	works_as_before
}

xdp_attached() { ip -d link show dev "$IF0" | grep -q 'prog/xdp'; }

test_xdp_refused() {
	local why="Cannot allocate memory"
	need_failslab || return
	link_mark
	[ -e "$DROP" ] || fail "no $DROP" || return
	# Our driver says why in an extack message.
	ours_driver && why="cannot rebuild the rings for XDP"
	refused 1 "XDP attach" "$why" \
		ip link set dev "$IF0" xdpdrv obj "$DROP" sec xdp || return
	! xdp_attached || fail "a program is attached after the refusal" || return
	works_as_before || return
	# Attached for real, then a refused detach: the program stays, and
	# drops every frame.
	ip link set dev "$IF0" xdpdrv obj "$DROP" sec xdp ||
		fail "XDP attach" || return
	refused 1 "XDP detach" "$why" \
		ip link set dev "$IF0" xdpdrv off || return
	xdp_attached || fail "the program is gone after the refused detach" || return
	wait_carrier "$IF0" || return
	snap x "$IF0" rx_xdp_drop
	in_ns "$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -S "$IP1" -D "$IP0" \
		-n 100 -l 128 >/dev/null || fail "send" || return
	sleep 0.5
	expect_eq "frames dropped by the program" "$(delta x "$IF0" rx_xdp_drop)" 100 &&
	ip link set dev "$IF0" xdpdrv off || fail "XDP detach" || return
	works_as_before
}

# ifup that cannot allocate its rings fails, leaves nothing behind, and
# the next ifup works.  (A restart can no longer leave the port down:
# ours allocates before it stops anything.)
test_ifup_refused() {
	need_failslab || return
	ip link set "$IF0" down || fail "ifdown" || return
	refused 1 "ifup" "Cannot allocate memory" ip link set "$IF0" up || return
	expect_eq "$IF0 up after the refused ifup" \
		"$(ip -o link show dev "$IF0" | grep -c '[<,]UP[,>]')" 0 || return
	ip link set "$IF0" up || fail "ifup" || return
	ip neigh replace "$IP1" lladdr "$(mac_of "$IF1")" dev "$IF0" nud permanent
	link_mark
	works_as_before
}

FPA=/sys/kernel/debug/fail_page_alloc

need_fail_page_alloc() {
	if [ ! -w "$FPA/require-start" ]; then
		echo "kernel without fail_page_alloc and its stack filter" \
			"(CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_STACKTRACE_FILTER)"
		return 4
	fi
	ours_driver || { echo "upstream mvneta: page pool refill is not ours to test"; return 4; }
	pair_up
}

# pages_fail_on [ATOMIC-ONLY [MIN-ORDER]]: from now on, every page
# allocation made from mvneta's code fails, highmem included, from order
# MIN-ORDER up (default 0; with ATOMIC-ONLY Y: only those that cannot
# sleep, i.e. not __GFP_DIRECT_RECLAIM); quietly, as there are thousands.
# pages_fail_off ends it.
pages_fail_on() {
	echo N > "$FPA/ignore-gfp-highmem"
	echo "${2:-0}" > "$FPA/min-order"
	fault_arm "$FPA" -1 "${1:-N}" 0
}

pages_fail_off() {
	[ -w "$FPA/probability" ] || return 0
	echo 0 > "$FPA/probability"
	echo 0 > "$FPA/min-order"
}

# Filling the RX ring when the port opens happens in process context and
# may sleep: an MTU change goes through while every page allocation that
# cannot sleep fails (one that would only try GFP_ATOMIC is refused).
# Not from Linux 6.12 on: page_pool records each page's DMA mapping in an
# XArray under a lock taken with bottom halves off, and grows it with the
# caller's allocation flags, so a sleeping fill would sleep there (seen:
# "sleeping function called from invalid context", page_pool_dma_map()).
test_open_fill_may_sleep() {
	local v
	need_fail_page_alloc || return
	v=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
	[ "$v" -lt 6012 ] ||
		{ echo "Linux $(uname -r): page_pool takes no sleeping allocation"; return 4; }
	link_mark
	pages_fail_on Y || return
	ip link set "$IF0" mtu 1400
	local rc=$?
	pages_fail_off
	[ $rc = 0 ] || fail "MTU change refused with only atomic page allocations failing" ||
		return
	ip link set "$IF0" mtu 1500 || fail "MTU 1500" || return
	works_as_before
}

# A port restart needs no physically contiguous block beyond its
# descriptor rings (32 bytes a descriptor): a fragmented system may have
# none, as Turris Omnia owners found when each TX ring took its TSO
# headers as one coherent block (256 bytes a descriptor: 128 KiB for a
# 512-descriptor ring, 1 MiB for 4096).  An MTU change goes through while
# every page allocation from mvneta's code larger than the largest ring
# fails.
test_no_high_order() {
	local rings order=0 biggest
	need_fail_page_alloc || return
	link_mark
	rings=$(ring_sizes "$IF0")
	biggest=$(( (${rings% *} > ${rings#* } ? ${rings% *} : ${rings#* }) * 32 ))
	while [ $((4096 << order)) -lt "$biggest" ]; do order=$((order + 1)); done
	echo "rings $rings: $biggest bytes at most, order $order;" \
		"order $((order + 1)) and above fail"
	pages_fail_on N $((order + 1)) || return
	ip link set "$IF0" mtu 1400
	local rc=$?
	pages_fail_off
	[ $rc = 0 ] || fail "MTU change refused without blocks above order $order" ||
		return
	ip link set "$IF0" mtu 1500 || fail "MTU 1500" || return
	works_as_before
}

# eth0_polls: the NAPI polls of eth0 traced since trace_start (clears).
eth0_polls() {
	grep -c "napi_poll: napi poll on napi struct .* for device $IF0 work " "$TRACE/trace"
	: > "$TRACE/trace"
}

# The RX ring cannot be refilled (no pages) while its frames are held by
# a socket that does not read.  A driver that re-polls at once while
# pages are missing spins a CPU, interrupts masked, for as long as memory
# is short: 20725 and 28009 polls for the 3000 frames in two runs before
# 09f1570.  Without spinning, a poll needs an RX interrupt (at most one
# per frame) or the retry timer (one per tick, at most 1000 a second):
# n + 2000 polls at most while the n frames arrive (1.5 s), and no more
# than 1000 in the second after them.  How much of the ring starves
# varies (frames dropped for want of an skb give their pages back).
# Once pages come back the port works again.
test_refill_backoff() {
	local n=3000 during after held fails
	need_fail_page_alloc || return
	link_mark
	echo "the refill test's page failures also hit its own allocations" > "$DMA_DEBUG_OFF_WHY"
	snap r "$IF0" refill_errors rx_packets
	rm -f /tmp/hold.out
	"$PKT" hold -p 9 -t 6 > /tmp/hold.out &
	local pid=$!
	wait_ready /tmp/hold.out || return
	trace_start napi/napi_poll || return
	pages_fail_on N || return
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 2000 "$IP0" >/dev/null
	during=$(eth0_polls)
	# Pages may still be missing: the driver retries, but at a pace.
	sleep 1
	after=$(eth0_polls)
	trace_stop napi/napi_poll
	pages_fail_off
	wait $pid
	held=$(tail -n1 /tmp/hold.out)
	fails=$(delta r "$IF0" refill_errors)
	echo "$held; refill errors $fails; NAPI polls: $during for the $n frames," \
		"$after in the second after them"
	[ "$fails" -gt 0 ] || fail "no refill failed: the test starved nothing" || return
	[ "$during" -le $((n + 2000)) ] || fail "NAPI spun: $during polls for $n frames" ||
		return
	[ "$after" -le 1000 ] || fail "NAPI spun: $after polls in 1 s" || return
	works_as_before
}

test_cleanup() { pages_fail_off; trace_stop napi/napi_poll; }

tap_plan 7
run_test "MTU change refused under allocation failure, port as it was" test_mtu_refused
run_test "ring resize refused under allocation failure, port as it was" test_rings_refused
run_test "XDP attach/detach refused under allocation failure, program as it was" test_xdp_refused
run_test "ifup refused under allocation failure, the next one works" test_ifup_refused
run_test "RX ring fill at open may sleep" test_open_fill_may_sleep
run_test "restart needs no contiguous block beyond its rings" test_no_high_order
run_test "RX refill without pages backs off, port recovers" test_refill_backoff
pair_down
tap_exit
