#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A change that restarts the port (MTU, ring sizes, XDP attach or detach)
# and cannot reopen it is refused and leaves the port as it was, running;
# if even the old configuration cannot be reopened, the port stays down,
# and ifdown/ifup bring it back.  The failures are the kernel's own
# failslab, armed for allocations made from the mvneta module's code only,
# and only for the one command under test.
#
# Needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_STACKTRACE_FILTER (the
# emulator's debug kernel has them); skipped without.

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

# failing N CMD...: CMD with the next N slab allocations made from mvneta's
# code failing.  Returns CMD's status, or MISSED if fewer than N failures
# were injected.
MISSED=99
failing() {
	local n=$1 base size
	shift
	read -r size base < <(awk '$1 == "mvneta" { print $2, $6 }' /proc/modules)
	[ -n "$base" ] || { echo "mvneta is not a module"; return 1; }
	[ $((base)) != 0 ] || { echo "no module addresses in /proc/modules"; return 1; }
	fs_set require-start "$base"
	fs_set require-end "$(printf '0x%x' $((base + size)))"
	fs_set stacktrace-depth 32
	fs_set ignore-gfp-wait N
	fs_set task-filter N
	fs_set space 0
	fs_set interval 1
	fs_set verbose 1
	fs_set times "$n"
	fs_set probability 100
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
works_as_before() {
	wait_carrier "$IF0" || return
	ping -q -c 1 -w 5 "$IP1" >/dev/null ||
		fail "no echo within 5 s of the refused change" || return
	snap w "$IF0" rx_packets tx_packets
	ping -q -c 20 -i 0.02 -W 2 -s 1472 -M do "$IP1" >/dev/null ||
		fail "1500-byte ping after the refused change" || return
	expect_eq "echo requests out" "$(delta w "$IF0" tx_packets)" 20 &&
	expect_eq "echo replies in" "$(delta w "$IF0" rx_packets)" 20
}

test_mtu_refused() {
	need_failslab || return
	refused 1 "MTU 1400" "Cannot allocate memory" \
		ip link set "$IF0" mtu 1400 || return
	expect_eq "$IF0 mtu" "$(cat "/sys/class/net/$IF0/mtu")" 1500 &&
	works_as_before
}

test_rings_refused() {
	local before
	need_failslab || return
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

# The old configuration cannot be reopened either: the port is down, and
# stays usable: ifdown returns, ifup brings it back.
test_left_down() {
	need_failslab || return
	refused 2 "MTU 1400" "Cannot allocate memory" \
		ip link set "$IF0" mtu 1400 || return
	expect_eq "$IF0 carrier" "$(cat "/sys/class/net/$IF0/carrier" 2>/dev/null || echo 0)" 0 &&
	expect_eq "$IF0 mtu" "$(cat "/sys/class/net/$IF0/mtu")" 1500 || return
	# In the background: a driver that stops the port twice hangs here.
	ip link set "$IF0" down &
	local pid=$! i
	for i in $(seq 300); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $pid 2>/dev/null; then
		cat "/proc/$pid/stack" 2>/dev/null
		fail "ifdown of the downed port hangs"
		return
	fi
	wait $pid || fail "ifdown of the downed port" || return
	ip link set "$IF0" up || fail "ifup" || return
	ip neigh replace "$IP1" lladdr "$(mac_of "$IF1")" dev "$IF0" nud permanent
	works_as_before
}

tap_plan 4
run_test "MTU change refused under allocation failure, port as it was" test_mtu_refused
run_test "ring resize refused under allocation failure, port as it was" test_rings_refused
run_test "XDP attach/detach refused under allocation failure, program as it was" test_xdp_refused
run_test "restart that cannot reopen leaves the port down, ifup recovers" test_left_down
pair_down
tap_exit
