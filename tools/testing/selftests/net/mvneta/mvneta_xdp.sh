#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta XDP as users drive it: "ip link set dev eth0 xdp obj ...".
#   - XDP_DROP: every frame sent is dropped, rx_xdp_drop moves by exactly
#     that many, nothing reaches the stack;
#   - XDP_TX: a MAC-swapping program reflects every frame, byte for byte;
#   - XDP_PASS, XDP_ABORTED, generic mode, program swap under traffic;
#   - adjust_head/adjust_tail as the stack sees them, byte for byte, and
#     metadata (adjust_meta) as a tc program sees it;
#   - attach and detach under traffic: every frame accounted for;
#   - redirect eth0 -> eth1 through a devmap (ndo_xdp_xmit);
#   - a program that cannot run at the MTU is refused with a message.

source "$(dirname "$0")/lib.sh"

xdp_off() { ip link set dev "$IF0" xdp off 2>/dev/null; }

# After each test (lib.sh's run_test): no program left on either port.
test_cleanup() {
	ip link set dev "$IF0" xdp off
	ip link set dev "$IF0" xdpgeneric off
	ip link set dev "$IF1" xdp off
}

test_xdp_drop() {
	local n=20000
	raw_up || return
	[ -e "$BPF_DIR/mvneta_xdp_drop.bpf.o" ] || fail "no BPF objects" || return
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "attach" || return
	ip -d link show dev "$IF0" | grep -q 'prog/xdp' || fail "no program shown" || return
	snap d "$IF0" rx_xdp_drop rx_xdp_pass rx_xdp_tx rx_packets
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 || return
	sleep 0.3
	xdp_off
	expect_eq "rx_xdp_drop" "$(delta d "$IF0" rx_xdp_drop)" $n &&
	expect_eq "rx_xdp_pass" "$(delta d "$IF0" rx_xdp_pass)" 0 &&
	expect_eq "rx_xdp_tx" "$(delta d "$IF0" rx_xdp_tx)" 0 &&
	expect_eq "rx_packets (every frame counts)" "$(delta d "$IF0" rx_packets)" $n
}

# A program that writes into every cache line of a frame and drops it:
# the page goes straight back to the port, which writes later frames over
# those lines.  The recycle must clean every line the program dirtied;
# the emulated port, not being cache-coherent either, reports each line
# it writes while still dirty.
test_xdp_write_drop() {
	local n=2000 prog=$HERE/mvneta_write_drop.bpf.o before after
	[ -e "$prog" ] || prog=$BPF_DIR/mvneta_write_drop.bpf.o
	has_emu || { echo "needs the emulated port's cache reports"; return 4; }
	raw_up || return
	ip link set dev "$IF0" xdp obj "$prog" sec xdp || fail "attach" || return
	before=$(model_errors) || fail "the model's counts" || return
	snap d "$IF0" rx_xdp_drop rx_packets
	snap o "$IF0" rx_overrun
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 1514 20000 || return
	sleep 0.3
	xdp_off
	after=$(model_errors) || fail "the model's counts" || return
	expect_eq "rx_xdp_drop + overruns" \
		$(($(delta d "$IF0" rx_xdp_drop) + $(delta o "$IF0" rx_overrun))) $n &&
	expect_eq "rx_xdp_drop = rx_packets" "$(delta d "$IF0" rx_xdp_drop)" \
		"$(delta d "$IF0" rx_packets)" &&
	expect_eq "cache lines and guest errors the port reported" \
		"$after" "$before"
}

# Every frame comes back byte for byte, but for those a full RX ring
# dropped and counted (a port drops when its ring is full, and the
# emulator's host can stall the guest): sent = received + overruns of
# eth0 (before XDP) and of eth1 (on the way back).
test_xdp_tx_reflect() {
	local len
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_tx.bpf.o" sec xdp ||
		fail "attach" || return
	for len in 60 128 1514; do
		reflect_check 1000 $len || { xdp_off; return 1; }
	done
	xdp_off
}

test_xdp_detach_restores() {
	local m
	m=$(mac_of "$IF0")
	snap p "$IF0" rx_packets
	pktgen_send "$IF1" "$m" 1000 64 || return
	sleep 0.2
	expect_eq "frames to the stack after detach" "$(delta p "$IF0" rx_packets)" 1000
}

# stack_sees N [PPS]: frames of N sent by the peer (flat out, or at PPS)
# that reach IF0's stack taps.
stack_sees() {
	local rc
	count_start "$IF0" /tmp/count.out || return
	pktgen_send "$IF1" "$(mac_of "$IF0")" "$1" 64 "${2:-0}" >/dev/null
	rc=$?
	count_end "$IF0" /tmp/count.out || return
	echo "$_count_got"
	return $rc
}

# pktgen floods: what the stack cannot take fast enough overruns the
# ring, counted; every other frame passes.
test_xdp_pass() {
	local n=5000 o
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_pass.bpf.o" sec xdp ||
		fail "attach" || return
	snap p "$IF0" rx_xdp_pass rx_xdp_drop rx_packets rx_overrun
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 || return
	sleep 0.2
	xdp_off
	o=$(delta p "$IF0" rx_overrun)
	echo "overruns: $o"
	overruns_ok "$o" "$n" &&
	expect_eq "rx_xdp_pass" "$(delta p "$IF0" rx_xdp_pass)" $((n - o)) &&
	expect_eq "rx_xdp_drop" "$(delta p "$IF0" rx_xdp_drop)" 0 &&
	expect_eq "rx_packets" "$(delta p "$IF0" rx_packets)" $((n - o))
}

# Every abort is an xdp_exception event; ours counts it as
# rx_xdp_aborted, upstream (which has no such counter) as a drop.  The
# peer sends flat out: what finds the ring full is counted as an overrun
# and never reaches the program.
test_xdp_aborted() {
	local n=2000 got ex o ab drop
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_aborted.bpf.o" sec xdp ||
		fail "attach" || return
	if ours_driver; then
		snap a "$IF0" rx_xdp_aborted rx_xdp_drop rx_overrun
	else
		snap a "$IF0" rx_xdp_drop rx_overrun
	fi
	trace_start xdp/xdp_exception || return
	got=$(stack_sees $n) || return
	trace_stop xdp/xdp_exception
	xdp_off
	ex=$(grep -c 'xdp_exception:' "$TRACE/trace")
	: > "$TRACE/trace"
	o=$(delta a "$IF0" rx_overrun)
	drop=$(delta a "$IF0" rx_xdp_drop)
	echo "xdp_exception events $ex, rx_xdp_drop $drop, overruns $o"
	overruns_ok "$o" $n &&
	expect_eq "xdp_exception events" "$ex" $((n - o)) &&
	if ours_driver; then
		ab=$(delta a "$IF0" rx_xdp_aborted)
		expect_eq "rx_xdp_aborted" "$ab" $((n - o)) &&
		expect_eq "rx_xdp_drop" "$drop" 0
	else
		expect_eq "rx_xdp_drop" "$drop" $((n - o))
	fi &&
	expect_eq "frames the stack saw" "$got" 0
}

test_xdp_generic() {
	local n=2000 got
	ip link set dev "$IF0" xdpgeneric obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "attach generic" || return
	ip -d link show dev "$IF0" | grep -q 'xdpgeneric' || fail "not generic" || return
	snap g "$IF0" rx_packets rx_xdp_drop
	got=$(stack_sees $n) || return
	ip link set dev "$IF0" xdpgeneric off
	expect_eq "rx_packets" "$(delta g "$IF0" rx_packets)" $n &&
	expect_eq "native rx_xdp_drop (untouched)" "$(delta g "$IF0" rx_xdp_drop)" 0 &&
	expect_eq "frames past the generic program" "$got" 0
}

# Swap between two programs while frames arrive: none may be lost.
test_xdp_swap_under_traffic() {
	local n=30000 i
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "attach" || return
	snap s "$IF0" rx_xdp_drop rx_xdp_pass rx_packets rx_errors rx_overrun
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 20000 &
	local pid=$!
	local swapped=0
	for i in $(seq 10); do
		ip -force link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_pass.bpf.o" sec xdp ||
			break
		sleep 0.1
		ip -force link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
			break
		sleep 0.1
		swapped=$((swapped + 2))
	done
	wait $pid
	expect_eq "program swaps" $swapped 20 || { xdp_off; return 1; }
	sleep 0.3
	xdp_off
	# Loading a program stalls the CPUs: a full ring may drop, counted.
	local d p o
	d=$(delta s "$IF0" rx_xdp_drop)
	p=$(delta s "$IF0" rx_xdp_pass)
	o=$(delta s "$IF0" rx_overrun)
	echo "dropped $d, passed $p, overruns $o"
	expect_eq "drop + pass + overruns" $((d + p + o)) $n &&
	expect_eq "rx_packets" "$(delta s "$IF0" rx_packets)" $((d + p)) &&
	overruns_ok "$o" "$n" &&
	expect_eq "rx_errors" "$(delta s "$IF0" rx_errors)" 0
}

# eth0's program sends every frame out of eth1, with a destination
# address eth0 filters, so that the frames do not come round again.
test_xdp_redirect_devmap() {
	local n=5000 pin=/sys/fs/bpf/mvneta_redirect id xmit refused
	redirect_up "$pin" || return
	snap r "$IF0" rx_xdp_redirect rx_packets good_frames_received
	snap t "$IF1" tx_xdp_xmit tx_xdp_xmit_errors good_frames_sent
	# At a rate eth1's TX ring keeps up with, shared with pktgen.
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 10000 || return
	sleep 0.5
	bpftool net detach xdp dev "$IF0"
	ip link set dev "$IF1" xdp off
	rm -rf "$pin"
	# What eth1's ring had no room for (a slow kernel) is refused and
	# counted, never lost.
	xmit=$(delta t "$IF1" tx_xdp_xmit)
	refused=$(delta t "$IF1" tx_xdp_xmit_errors)
	echo "$IF1 sent $xmit redirected frames, refused $refused"
	expect_eq "$IF0 rx_xdp_redirect" "$(delta r "$IF0" rx_xdp_redirect)" $n &&
	expect_eq "$IF0 rx_packets" "$(delta r "$IF0" rx_packets)" $n &&
	expect_eq "$IF1 tx_xdp_xmit + tx_xdp_xmit_errors" $((xmit + refused)) $n &&
	{ [ "$xmit" -gt 0 ] || fail "$IF1 sent no redirected frame"; } &&
	expect_eq "$IF1 frames on the wire (pktgen + redirected)" \
		"$(delta t "$IF1" good_frames_sent)" $((n + xmit)) &&
	expect_eq "$IF0 frames seen by the MAC (sent + redirected back)" \
		"$(delta r "$IF0" good_frames_received)" $((n + xmit))
}

test_xdp_mtu_refused() {
	local out
	ip link set dev "$IF0" mtu 9000 || fail "MTU 9000" || return
	if out=$(ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" \
		 sec xdp 2>&1); then
		xdp_off
		ip link set dev "$IF0" mtu 1500
		fail "a program was attached at MTU 9000"
		return
	fi
	echo "refused: $out"
	ip link set dev "$IF0" mtu 1500
	# Ours names the MTU; upstream (multi-buffer capable) asks for frags.
	printf '%s' "$out" | grep -qiE 'mtu|frags' ||
		fail "the message does not say why" || return
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "attach at 1500" || return
	if ip link set dev "$IF0" mtu 9000 2>/dev/null; then
		xdp_off
		ip link set dev "$IF0" mtu 1500
		fail "MTU 9000 accepted under a program"
		return
	fi
	xdp_off
	expect_eq "$IF0 mtu" "$(cat /sys/class/net/"$IF0"/mtu)" 1500
}

# The stack (a packet socket) sees the frames as the program made them.
test_xdp_adjust_head_tail() {
	local n=200 len pid
	wait_carrier "$IF0" || return
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_adjust.bpf.o" sec xdp ||
		fail "attach" || return
	wait_carrier "$IF0" || return		# the attach restarted the port
	for len in 60 200 1514; do
		rm -f /tmp/adj.out
		"$PKT" adjusted -i "$IF0" -n $n -l $len -t 8 > /tmp/adj.out &
		pid=$!
		wait_ready /tmp/adj.out || { kill $pid; xdp_off; return 1; }
		snap a "$IF0" rx_xdp_pass
		"$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -n $n -l $len >/dev/null
		wait $pid
		expect_eq "$len-byte frames as adjusted" "$(tail -n1 /tmp/adj.out)" \
			"received $n exact $n" &&
		expect_eq "rx_xdp_pass" "$(delta a "$IF0" rx_xdp_pass)" $n ||
			{ xdp_off; return 1; }
	done
	xdp_off
}

# Metadata the program wrote before the frame reaches tc in the skb.
test_xdp_meta() {
	local n=500 with without meta=$HERE/mvneta_meta.bpf.o
	# Built beside the tests by their Makefile, else with the samples.
	[ -e "$meta" ] || meta=$BPF_DIR/mvneta_meta.bpf.o
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_adjust.bpf.o" sec xdp ||
		fail "attach" || return
	wait_carrier "$IF0" || return		# the attach restarted the port
	tc qdisc add dev "$IF0" clsact &&
	tc filter add dev "$IF0" ingress bpf da obj "$meta" sec tc ||
		{ xdp_off; fail "tc program"; return; }
	"$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -n $n -l 100 >/dev/null
	sleep 0.3
	with=$(map_val meta_seen 0)
	without=$(map_val meta_seen 1)
	tc qdisc del dev "$IF0" clsact
	xdp_off
	echo "skbs with metadata $with, without $without"
	if [ "$with" = 0 ] && ! ours_driver; then
		echo "this mvneta gives XDP programs no metadata room (upstream 6.1)"
		return 4
	fi
	expect_eq "skbs carrying the program's metadata" "$with" $n &&
	expect_eq "skbs without it" "$without" 0
}

# Attach and detach (each rebuilds the rings) while frames arrive: every
# frame the port counts was either dropped by the program or reached the
# stack, and nothing is counted as an error.
test_xdp_attach_detach_under_traffic() {
	local n=30000 i pid got d r rounds=0
	raw_up || return
	# Rebuilding the rings takes seconds on a debug kernel: the counter
	# stops when the frames have all arrived, not when the port was
	# quiet for a while.
	count_start "$IF0" /tmp/count.out || return
	snap s "$IF0" rx_xdp_drop rx_packets rx_errors rx_dropped
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 20000 &
	pid=$!
	for i in 1 2 3 4 5; do
		sleep 0.15
		ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
			break
		sleep 0.15
		xdp_off || break
		rounds=$((rounds + 1))
	done
	wait $pid
	count_end "$IF0" /tmp/count.out || return
	got=$_count_got
	expect_eq "attach/detach rounds" $rounds 5 || return
	d=$(delta s "$IF0" rx_xdp_drop)
	r=$(delta s "$IF0" rx_packets)
	echo "received $r: dropped by XDP $d, to the stack $got"
	[ "$d" -gt 0 ] && [ "$got" -gt 0 ] || fail "traffic did not meet both states" || return
	expect_eq "XDP drops + frames to the stack" $((d + got)) "$r" &&
	expect_eq "rx_errors" "$(delta s "$IF0" rx_errors)" 0 &&
	expect_eq "rx_dropped" "$(delta s "$IF0" rx_dropped)" 0 &&
	# Paced: a flood into the stack may overrun the ring (counted), and
	# this is about the port working again, not about its rate.
	wait_carrier "$IF0" &&
	expect_eq "frames to the stack afterwards" "$(stack_sees 1000 5000)" 1000
}

tap_plan 13
run_test "XDP_DROP via ip link, exact rx_xdp_drop" test_xdp_drop
run_test "program writes every line then drops: all cleaned" test_xdp_write_drop
run_test "XDP_TX reflection, byte for byte" test_xdp_tx_reflect
run_test "traffic flows after detach" test_xdp_detach_restores
run_test "XDP_PASS, exact rx_xdp_pass" test_xdp_pass
run_test "XDP_ABORTED counted, nothing passes" test_xdp_aborted
run_test "generic XDP (xdpgeneric)" test_xdp_generic
run_test "program swap under traffic loses nothing" test_xdp_swap_under_traffic
run_test "redirect eth0 -> eth1 through a devmap" test_xdp_redirect_devmap
run_test "program refused at too large an MTU" test_xdp_mtu_refused
run_test "adjust_head/adjust_tail seen by the stack" test_xdp_adjust_head_tail
run_test "metadata (adjust_meta) seen by tc" test_xdp_meta
run_test "attach/detach under traffic, every frame accounted" test_xdp_attach_detach_under_traffic
xdp_off
tap_exit
