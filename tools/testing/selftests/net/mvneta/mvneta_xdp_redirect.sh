#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XDP redirect paths through mvneta, with the samples' own loaders:
#   - veth -> eth0 through a devmap: eth0's ndo_xdp_xmit sends frames
#     that come from another driver's pages;
#   - eth0 -> cpumap -> stack: software RPS, a second program on the
#     remote CPUs, every frame reaching UDP unless a CPU's queue was
#     full (counted by the cpumap's trace event);
#   - xdp-bench (xdp-tools) drop, pass, tx and redirect on eth0;
#   - xdp-trafficgen (xdp-tools) sending through eth0's ndo_xdp_xmit;
#   - xdp-loader features (xdp-tools 1.4 and later) telling what the
#     netdev netlink family tells of eth0's xdp-features.

source "$(dirname "$0")/lib.sh"

VNS=mvneta_veth

veth_down() { veth_pair_down "$VNS" mvv0; }

test_veth_to_eth0_devmap() {
	local n=3000 pid got vmac rdr vdrop x xe
	raw_up || return
	veth_pair_up "$VNS" mvv0 mvv1 || { veth_down; return 1; }
	vmac=$(cat /sys/class/net/mvv0/address)
	# What mvv1 sends arrives on mvv0, whose program sends it out of
	# eth0, addressed to eth1 across the cable.
	"$BIN_DIR/mvneta_xdp_redirect_user" -i mvv0 -o "$IF0" -d "$(mac_of "$IF1")" \
		-b "$BPF_DIR/mvneta_xdp_redirect.bpf.o" > /tmp/redir.out 2>&1 &
	pid=$!
	wait_ready /tmp/redir.out attached || { kill $pid; veth_down; return 1; }
	count_start "$IF1" /tmp/count1.out || { kill $pid; veth_down; return 1; }
	snap t "$IF0" tx_xdp_xmit tx_xdp_xmit_errors
	# In the emulator, the link partner also holds eth0's transmitter
	# for 20 ms now and then: redirected frames wait in its ring, and
	# their pages must stay veth's until they have left (the count
	# below drops duplicates, the model reports a buffer reused early).
	if has_emu; then
		(for i in 1 2 3 4 5; do
			sleep 0.2
			emu qom-set eth0 inject-tx-hold-us 20000 >/dev/null
		done) &
	fi
	ip netns exec "$VNS" "$PKT" send -i mvv1 -d "$vmac" -n $n -l 64 -r 2000 >/dev/null
	count_end "$IF1" /tmp/count1.out
	got=$_count_got
	kill -TERM $pid
	wait $pid
	# The sender retries what veth could not take (its XDP ring full on
	# a busy host), so veth redirects every frame; eth0 sends each one
	# or counts it as refused (TX ring full), and eth1 gets what it sent.
	rdr=$(ethtool -S mvv0 | awk '$1 == "rx_queue_0_xdp_redirect:" { print $2 }')
	vdrop=$(ip netns exec "$VNS" cat /sys/class/net/mvv1/statistics/tx_dropped)
	veth_down
	x=$(delta t "$IF0" tx_xdp_xmit)
	xe=$(delta t "$IF0" tx_xdp_xmit_errors)
	echo "veth redirected $rdr (refused and resent $vdrop); $IF0 sent $x, refused $xe"
	expect_eq "frames veth redirected" "$rdr" $n &&
	expect_eq "$IF0 tx_xdp_xmit + tx_xdp_xmit_errors" $((x + xe)) "$rdr" &&
	{ [ "$x" -gt 0 ] || fail "$IF0 sent nothing"; } &&
	expect_eq "frames $IF1 received" "$got" "$x"
}

# Frames the cpumap could not put in a CPU's queue (full: that CPU's
# kthread fell behind), from the xdp_cpumap_enqueue trace event.
CPUMAP_EVENT=xdp/xdp_cpumap_enqueue

cpumap_trace_drops() {
	trace_stop "$CPUMAP_EVENT"
	grep -o 'xdp_cpumap_enqueue: .* drops=[0-9]*' "$TRACE/trace" |
		awk -F'drops=' '{ d += $2 } END { print d + 0 }'
}

test_cpumap_to_stack() {
	local n=20000 pid np0 line total c0 c1 drops o
	pair_up || return
	trace_start "$CPUMAP_EVENT" || return 1	# needed here, not optional
	# Queues of 2048 frames: at 5000 frames/s per CPU a kthread may fall
	# 0.4 s behind before the cpumap drops; what it drops is counted.
	"$BIN_DIR/mvneta_xdp_cpumap_user" -i "$IF0" -n 2 -q 2048 \
		-o "$BPF_DIR/mvneta_xdp_cpumap.bpf.o" > /tmp/cpumap.out 2>&1 &
	pid=$!
	wait_ready /tmp/cpumap.out attached || { kill $pid; return 1; }
	np0=$(udp_noports)
	snap c "$IF0" rx_xdp_redirect rx_packets rx_overrun
	# 16 flows (source ports), so that both CPUs get some.
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 10000 "$IP0" 16 ||
		{ kill $pid; return 1; }
	sleep 0.5
	kill -TERM $pid
	wait $pid
	line=$(grep '^total' /tmp/cpumap.out)
	echo "$line"
	read -r _ total _ c0 _ c1 <<<"$line"
	drops=$(cpumap_trace_drops)
	echo "cpumap queue full, dropped: $drops"
	# What found eth0's ring full is counted there (a slow kernel).
	o=$(delta c "$IF0" rx_overrun)
	echo "$IF0 overruns: $o"
	overruns_ok "$o" "$n" &&
	expect_eq "$IF0 rx_xdp_redirect" "$(delta c "$IF0" rx_xdp_redirect)" $((n - o)) &&
	expect_eq "$IF0 rx_packets" "$(delta c "$IF0" rx_packets)" $((n - o)) &&
	expect_eq "frames the remote program passed + cpumap drops" \
		$((total + drops)) $((n - o)) &&
	expect_eq "datagrams UDP received" $(($(udp_noports) - np0)) "$total" &&
	{ [ "$c0" -gt 0 ] && [ "$c1" -gt 0 ] || fail "one CPU got nothing"; }
}

# bench_run CMD COUNTER [IF2 COUNTER2...]: xdp-bench CMD on eth0 while
# the peer sends; COUNTER on eth0 (and the sum of the COUNTER2s on IF2)
# must move by exactly the frames sent but for those eth0's full ring
# dropped and counted, and xdp-bench must leave no program behind.
bench_run() {
	local cmd=$1 ctr=$2 if2=${3:-} n=5000 pid i rc c sum=0 o
	if [ $# -ge 3 ]; then shift 3; else set --; fi
	raw_up || return
	snap b "$IF0" "$ctr" rx_overrun good_frames_sent
	[ -n "$if2" ] && snap b2 "$if2" "$@" good_frames_sent
	# shellcheck disable=SC2086
	xdp-bench $cmd > /tmp/xdp-bench.out 2>&1 &
	pid=$!
	for i in $(seq 100); do
		ip link show dev "$IF0" | grep -q 'prog/xdp' && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	ip link show dev "$IF0" | grep -q 'prog/xdp' ||
		{ kill $pid 2>/dev/null; cat /tmp/xdp-bench.out
		  fail "xdp-bench $cmd did not attach"; return; }
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 10000 || { kill $pid; return 1; }
	sleep 0.5
	kill -INT $pid
	wait $pid
	rc=$?
	tail -n 3 /tmp/xdp-bench.out
	for c in "$@"; do
		echo "$if2 $c: $(delta b2 "$if2" "$c")"
		sum=$((sum + $(delta b2 "$if2" "$c")))
	done
	o=$(delta b "$IF0" rx_overrun)
	echo "$IF0 overruns: $o"
	c=$(tool_complaints /tmp/xdp-bench.out | head -n 3)
	expect_eq "xdp-bench exit status" $rc 0 &&
	{ [ -z "$c" ] || fail "xdp-bench complained: $c"; } &&
	overruns_ok "$o" "$n" &&
	expect_eq "$IF0 $ctr" "$(delta b "$IF0" "$ctr")" $((n - o)) &&
	{ [ -z "$if2" ] || expect_eq "$if2 ${*// / + }" $sum $((n - o)); } &&
	{ ! ip link show dev "$IF0" | grep -q 'prog/xdp' || fail "program left attached"; }
}

test_xdp_bench_drop() { bench_run "drop $IF0" rx_xdp_drop; }
test_xdp_bench_pass() { bench_run "pass $IF0" rx_xdp_pass; }
# MAC addresses swapped: the frames go back to eth1 and stay there.
# Every frame the program bounced must have left eth0 on the wire.
test_xdp_bench_tx() {
	bench_run "tx -p swap-macs $IF0" rx_xdp_tx &&
	expect_eq "$IF0 frames on the wire (MIB good_frames_sent)" \
		"$(delta b "$IF0" good_frames_sent)" "$(delta b "$IF0" rx_xdp_tx)"
}
test_xdp_bench_redirect() {
	local x
	# xdp-bench swaps the MAC addresses: the frames leaving eth1 are
	# addressed to eth1, so eth0 does not take them back.
	# eth1's TX ring is shared with the peer's pktgen: what finds it
	# full is refused and counted (the debug kernel completes slowly).
	bench_run "redirect $IF0 $IF1" rx_xdp_redirect "$IF1" tx_xdp_xmit tx_xdp_xmit_errors ||
		return
	# The frames eth1 took must have moved, all of them: eth1 put its
	# pktgen's 5000 and every one it took on the wire.
	x=$(delta b2 "$IF1" tx_xdp_xmit)
	[ "$x" -gt 0 ] || fail "$IF1 transmitted no redirected frame" || return
	expect_eq "$IF1 frames on the wire (MIB good_frames_sent)" \
		"$(delta b2 "$IF1" good_frames_sent)" $((5000 + x))
}

# xdp-tools' own complaints in FILE: libbpf's and libxdp's warnings,
# and the tools' "Couldn't ...", "Failed ..." and "Error ..." lines.
# Their statistics lines ("0 err/s") are not complaints, nor is one
# report: where the kernel's BPF JIT has no trampolines (32-bit ARM),
# libxdp's dispatcher, an extension program, cannot load ("Extension
# programs should be JITed"), libbpf prints the verifier's refusal, and
# libxdp attaches the program alone, as it is designed to.  That block
# is dropped when, and only when, it gives that reason.
tool_complaints() {
	awk '/prog .xdp_pass.: BPF program load failed/ { n = 0; held = 1 }
	     held { b[n++] = $0
		    if (/Extension programs should be JITed/) why = 1
		    if (/failed to load object .xdp-dispatcher\.o./) {
			    if (!why) for (i = 0; i < n; i++) print b[i]
			    held = 0; why = 0
		    }
		    next }
	     { print }
	     END { if (held) for (i = 0; i < n; i++) print b[i] }' "$1" |
		grep -Ei '^(libbpf|libxdp): |^(warning|error)|couldn.t|^failed|invalid|unsupported'
}

# xdp-trafficgen (xdp-tools) makes UDP frames in the kernel and sends
# them with an XDP program redirecting to eth0 (BPF_PROG_RUN in live
# frame mode), that is through eth0's ndo_xdp_xmit, as fast as the CPU
# goes.  Every frame must be sent or counted as refused by eth0, every
# one sent must be on the wire and reach eth1 (or be counted as an
# overrun there), and the tool must not print a warning or an error.
test_xdp_trafficgen() {
	local n=20000 rc x xe s r o c
	command -v xdp-trafficgen >/dev/null ||
		{ echo "no xdp-trafficgen (xdp-tools)"; return 4; }
	raw_up || return
	snap g "$IF0" tx_xdp_xmit tx_xdp_xmit_errors good_frames_sent
	snap g1 "$IF1" rx_packets rx_overrun
	timeout 120 xdp-trafficgen udp -n $n -m "$(mac_of "$IF1")" "$IF0" \
		> /tmp/trafficgen.out 2>&1
	rc=$?
	# xdp-tools 1.3.1 (Debian 12) probes the kernel with a 4-byte frame,
	# which BPF_PROG_RUN refuses since it wants an Ethernet header
	# (net/bpf/test_run.c, in Debian's 6.1 and 6.12 alike); later
	# xdp-tools probe with ETH_HLEN bytes.
	if grep -q "doesn't support live packet mode" /tmp/trafficgen.out; then
		echo "xdp-trafficgen probes with a frame shorter than this kernel" \
			"accepts (fixed in later xdp-tools)"
		return 4
	fi
	sleep 0.5
	tail -n 4 /tmp/trafficgen.out
	x=$(delta g "$IF0" tx_xdp_xmit)
	xe=$(delta g "$IF0" tx_xdp_xmit_errors)
	s=$(delta g "$IF0" good_frames_sent)
	r=$(delta g1 "$IF1" rx_packets)
	o=$(delta g1 "$IF1" rx_overrun)
	echo "$IF0 tx_xdp_xmit $x, errors $xe, on the wire $s; $IF1 received $r, overruns $o"
	c=$(tool_complaints /tmp/trafficgen.out | head -n 3)
	# Its sending threads stop after -n frames and signal the statistics
	# loop, whose "stopped by a signal" (1) xdp-tools 1.5 passes on as
	# the exit status: 0 or 1 is a run that ended well, anything else
	# (timeout's 124, a crash) is not.
	{ [ $rc = 0 ] || [ $rc = 1 ] || fail "xdp-trafficgen exit status $rc"; } &&
	{ [ -z "$c" ] || fail "xdp-trafficgen complained: $c"; } &&
	expect_eq "$IF0 frames sent + refused (tx_xdp_xmit + errors)" $((x + xe)) $n &&
	{ [ "$x" -gt 0 ] || fail "$IF0 sent none of them"; } &&
	expect_eq "$IF0 frames on the wire (MIB good_frames_sent)" "$s" "$x" &&
	expect_eq "$IF1 frames received + overruns" $((r + o)) "$x"
}

# xdp-loader features (xdp-tools 1.4 and later) reads eth0's xdp-features
# through libbpf: each of the seven flags must say what the netdev netlink
# family says (mvneta_pkt's own reading), and the tool must say nothing
# else: no warning, no unknown flag.
test_xdp_loader_features() {
	local mask rc i bit name got want flags="BASIC REDIRECT NDO_XMIT
		XSK_ZEROCOPY HW_OFFLOAD RX_SG NDO_XMIT_SG"
	command -v xdp-loader >/dev/null || { echo "no xdp-loader (xdp-tools)"; return 4; }
	mask=$(xdp_features_mask "$IF0")
	rc=$?
	[ $rc = 0 ] || { echo "$mask"; return $rc; }
	xdp-loader features "$IF0" > /tmp/xdp-loader.out 2>&1
	rc=$?
	if grep -q "Command 'features' is unknown" /tmp/xdp-loader.out; then
		echo "this xdp-loader has no features command (xdp-tools 1.4 and later)"
		return 4
	fi
	cat /tmp/xdp-loader.out
	echo "netlink: xdp-features $mask"
	expect_eq "xdp-loader features exit status" $rc 0 || return
	i=0
	for name in $flags; do
		bit=$((1 << i))
		i=$((i + 1))
		want=no
		[ $((mask & bit)) != 0 ] && want=yes
		got=$(sed -n "s/^NETDEV_XDP_ACT_$name:[[:space:]]*//p" \
			/tmp/xdp-loader.out)
		expect_eq "NETDEV_XDP_ACT_$name" "$got" "$want" || return
	done
	expect_eq "lines" "$(wc -l < /tmp/xdp-loader.out)" $i
}

tap_plan 8
run_test "veth -> eth0 through a devmap (ndo_xdp_xmit)" test_veth_to_eth0_devmap
run_test "eth0 -> cpumap -> stack on two CPUs" test_cpumap_to_stack
run_test "xdp-bench drop" test_xdp_bench_drop
run_test "xdp-bench pass" test_xdp_bench_pass
run_test "xdp-bench tx" test_xdp_bench_tx
run_test "xdp-bench redirect eth0 -> eth1" test_xdp_bench_redirect
run_test "xdp-trafficgen udp through eth0's ndo_xdp_xmit" test_xdp_trafficgen
run_test "xdp-loader features: each flag as netlink tells it" test_xdp_loader_features
veth_down
pair_down
tap_exit
