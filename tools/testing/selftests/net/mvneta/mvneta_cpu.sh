#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta and the CPUs: CPU hotplug under traffic, and the RX default
# queue steered to a CPU (ethtool -X) moving off a CPU that goes offline
# and back when it returns.  On Armada 370/XP/38x the port interrupts
# each CPU for the queues mapped to it (per-CPU interrupts); on the 3720
# one interrupt serves all queues and follows its affinity.

source "$(dirname "$0")/lib.sh"

CPU1=/sys/devices/system/cpu/cpu1/online

# needs_hotplug: a second CPU this kernel can take offline.
needs_hotplug() {
	[ -w "$CPU1" ] && [ "$(cat "$CPU1")" = 1 ] && return 0
	echo "no second CPU to take offline (CONFIG_HOTPLUG_CPU)"
	return 4
}

cpu1_set() {
	echo "$1" > "$CPU1" || { echo "cpu1 online=$1 refused"; return 1; }
}

# irq_count IF CPU: the interrupts IF took on CPU N, from /proc/interrupts
# (whose columns are the online CPUs only); empty if CPU N is offline.
irq_count() {
	awk -v dev="$1" -v cpu="CPU$2" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i + 1; next }
		$NF == dev && (cpu in col) { s += $col[cpu]; f = 1 }
		END { if (f) print s + 0 }' /proc/interrupts
}

# Frames from eth1 to eth0 while CPU 1 goes offline and back three times:
# every frame delivered or counted as an overrun, and eth0 still
# receiving while CPU 1 is offline (its queues moved to CPU 0).
test_hotplug_traffic() {
	local n=40000 pps=10000 pid i a b o rc=0
	needs_hotplug || return
	raw_up || return
	snap r "$IF0" rx_packets rx_overrun
	snap t "$IF1" tx_packets
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 $pps > /tmp/pktgen.out 2>&1 &
	pid=$!
	sleep 0.5
	for i in 1 2 3; do
		cpu1_set 0 || { rc=1; break; }
		a=$(stat "$IF0" rx_packets)
		sleep 0.5
		b=$(stat "$IF0" rx_packets)
		echo "round $i: $((b - a)) frames in 0.5 s with CPU 1 offline"
		[ "$b" -gt "$a" ] ||
			{ echo "FAIL: $IF0 took no frame while CPU 1 was offline"; rc=1; }
		cpu1_set 1 || { rc=1; break; }
		sleep 0.3
	done
	[ "$(cat "$CPU1")" = 1 ] || cpu1_set 1
	wait $pid || { cat /tmp/pktgen.out; fail "pktgen"; return; }
	[ $rc = 0 ] || return 1
	wait_still "$IF0" rx_packets || return
	o=$(delta r "$IF0" rx_overrun)
	echo "overruns: $o"
	overruns_ok "$o" "$n" &&
	expect_eq "$IF1 tx_packets" "$(delta t "$IF1" tx_packets)" $n &&
	expect_eq "$IF0 rx_packets" "$(delta r "$IF0" rx_packets)" $((n - o))
}

# rx_burst: 2000 frames from eth1 to eth0, all of them delivered or
# counted; prints how many interrupts eth0 took on CPU 0 and CPU 1 ("-"
# for an offline CPU).  Run in a command substitution: what went wrong
# goes to stderr.
rx_burst() {
	local n=2000 o c0 c1
	snap s "$IF0" rx_packets rx_overrun
	c0=$(irq_count "$IF0" 0)
	c1=$(irq_count "$IF0" 1)
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 5000 >&2 || return
	wait_still "$IF0" rx_packets >&2 || return
	o=$(delta s "$IF0" rx_overrun)
	expect_eq "$IF0 rx_packets + overruns" \
		$(($(delta s "$IF0" rx_packets) + o)) $n >&2 || return
	c0=$(($(irq_count "$IF0" 0) - c0))
	c1=${c1:+$(($(irq_count "$IF0" 1) - c1))}
	echo "${c0} ${c1:--}"
}

# The RX default queue steered to queue 1, which the driver gives CPU 1:
# eth0's receive interrupts come to CPU 1, to CPU 0 while CPU 1 is
# offline, and to CPU 1 again once it is back.
test_rxq_follows_cpu() {
	local q irqs c0 c1 ret=0
	raw_up || return
	q=$(ethtool -l "$IF0" 2>/dev/null |
		awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')
	if ! ethtool -X "$IF0" weight 0 1 >/dev/null 2>&1; then
		echo "$IF0 steers no RX queue to a CPU (ethtool -X; RX queues: ${q:-?})"
		return 4
	fi
	needs_hotplug || { ethtool -X "$IF0" default; return 4; }
	irqs=$(rx_burst) || { ethtool -X "$IF0" default; return 1; }
	read -r c0 c1 <<<"$irqs"
	echo "queue 1: interrupts on CPU 0 $c0, CPU 1 $c1"
	[ "$c1" -gt 0 ] && [ "$c0" = 0 ] ||
		{ echo "FAIL: queue 1's interrupts not on CPU 1 alone"; ret=1; }
	cpu1_set 0 || ret=1
	irqs=$(rx_burst) || ret=1
	read -r c0 c1 <<<"$irqs"
	echo "CPU 1 offline: interrupts on CPU 0 $c0"
	[ "${c0:-0}" -gt 0 ] || { echo "FAIL: no interrupt on CPU 0"; ret=1; }
	cpu1_set 1 || ret=1
	irqs=$(rx_burst) || ret=1
	read -r c0 c1 <<<"$irqs"
	echo "CPU 1 back: interrupts on CPU 0 $c0, CPU 1 $c1"
	[ "${c1:-0}" -gt 0 ] && [ "$c0" = 0 ] ||
		{ echo "FAIL: queue 1's interrupts did not come back to CPU 1"; ret=1; }
	ethtool -X "$IF0" default || ret=1
	return $ret
}

test_cleanup() {
	[ -w "$CPU1" ] && [ "$(cat "$CPU1")" = 0 ] && echo 1 > "$CPU1"
	ethtool -X "$IF0" default 2>/dev/null
	return 0
}

tap_plan 2
run_test "CPU hotplug under traffic, every frame accounted" test_hotplug_traffic
run_test "RX default queue follows its CPU offline and back (ethtool -X)" test_rxq_follows_cpu
pair_down
tap_exit
