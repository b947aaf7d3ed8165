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
#   - a program that cannot run at the MTU is refused with a message;
#   - xdp-features (netdev netlink, Linux 6.3+): every flag the port
#     claims, at MTU 1500 and 4000, is what it does, and what it does
#     not claim it refuses.

source "$(dirname "$0")/lib.sh"

xdp_off() { ip link set dev "$IF0" xdp off 2>/dev/null; }

# After each test (lib.sh's run_test): no program left on either port,
# both at MTU 1500, the xdp-features test's veth pair and pins gone.
test_cleanup() {
	ip link set dev "$IF0" xdp off
	ip link set dev "$IF0" xdpgeneric off
	ip link set dev "$IF0" xdpoffload off
	ip link set dev "$IF1" xdp off
	xf_veth_down
	rm -rf "$XF_PIN"
	ip link set dev "$IF0" mtu 1500
	ip link set dev "$IF1" mtu 1500
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
		echo "this mvneta gives XDP programs no metadata room (upstream)"
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
	xdp_or_stack s "$got" &&
	# Paced: a flood into the stack may overrun the ring (counted), and
	# this is about the port working again, not about its rate.
	wait_carrier "$IF0" &&
	expect_eq "frames to the stack afterwards" "$(stack_sees 1000 5000)" 1000
}

# ---- xdp-features: what the port claims against what it does.
#
# Each flag of NETDEV_XDP_ACT_* the port claims must work, and each one
# it does not claim must be refused: the test never takes a driver's word
# for it, except that ours must also claim exactly what its contract says
# (BASIC, REDIRECT, NDO_XMIT, RX_SG and NDO_XMIT_SG at every MTU: above
# 3496, a program runs if it takes fragments).
# A veth pair (XF_VETH0 here, XF_VETH1 in $XF_NS) stands for "another
# device" on either side of a redirect.

XF_OBJ=$HERE/mvneta_xdp_frags.bpf.o
[ -e "$XF_OBJ" ] || XF_OBJ=$BPF_DIR/mvneta_xdp_frags.bpf.o
XF_PIN=/sys/fs/bpf/mvneta_xf
XF_NS=mvneta_xf
XF_VETH0=mvx0
XF_VETH1=mvx1
XF_N=500				# frames per check
XF_NAMES=(basic redirect ndo-xmit xsk-zerocopy hw-offload rx-sg ndo-xmit-sg)
XF_BIG_MTU=4000				# above one buffer of 4 KB pages

# xf_mask: eth0's xdp-features (see xdp_features_mask).
xf_mask() { xdp_features_mask "$IF0"; }

# xf_mtu IF MTU: IF at MTU, its link up again (a restart may take it down).
xf_mtu() {
	ip link set dev "$1" mtu "$2" || fail "$1: MTU $2" || return
	wait_carrier "$1"
}

xf_veth_down() { veth_pair_down "$XF_NS" "$XF_VETH0"; }
xf_veth_up() { veth_pair_up "$XF_NS" "$XF_VETH0" "$XF_VETH1"; }

# xf_load NAME ACT [IFINDEX [MAC]]: a fresh instance of the frags program
# pinned under $XF_PIN/NAME, with verdict ACT, redirecting to IFINDEX
# with destination address MAC.
xf_load() {
	local pin=$XF_PIN/$1
	rm -rf "$pin"
	mkdir -p "$XF_PIN"
	bpftool prog loadall "$XF_OBJ" "$pin" pinmaps "$pin/maps" ||
		fail "load $XF_OBJ" || return
	bpftool map update pinned "$pin/maps/act" key 0 0 0 0 value $(le32 "$2") ||
		fail "act" || return
	[ -n "${3:-}" ] || return 0
	bpftool map update pinned "$pin/maps/tx_port" key 0 0 0 0 value $(le32 "$3") ||
		fail "tx_port" || return
	[ -n "${4:-}" ] || return 0
	bpftool map update pinned "$pin/maps/new_dst" key 0 0 0 0 value $(mac_bytes "$4") ||
		fail "new_dst"
}

xf_act() {
	bpftool map update pinned "$XF_PIN/$1/maps/act" key 0 0 0 0 value $(le32 "$2")
}

# xf_seen NAME: what instance NAME was given: "FRAMES BYTES MULTI" (MULTI:
# frames in more than one buffer).
xf_seen() {
	local k out=
	for k in 0 1 2; do
		out+=" $(bpftool -j map lookup pinned "$XF_PIN/$1/maps/seen" key $k 0 0 0 |
			jq -r '.formatted.value // .value')"
	done
	echo $out
}

# xf_attach KIND VERDICT: eth0 runs VERDICT (drop, pass or tx) natively:
# KIND plain, the samples' program; KIND frags, the frags program (the
# instance "eth0", loaded first).  Replaces a program that is there.
xf_attach() {
	case $1 in
	plain)
		ip -force link set dev "$IF0" xdpdrv \
			obj "$BPF_DIR/mvneta_xdp_$2.bpf.o" sec xdp ;;
	frags)
		local v=XDP_ACT_${2^^}
		xf_act eth0 "${!v}" &&
		{ ip link show dev "$IF0" | grep -q 'prog/xdp' ||
		  ip link set dev "$IF0" xdpdrv pinned "$XF_PIN/eth0/xdp_frags_act"; } ;;
	esac || return
	wait_carrier "$IF0"		# a first program may restart the port
}

# xf_count_start IF FILE: a counter of the frames IF receives as they
# were sent, byte for byte, in the background, ready; xf_count_end FILE
# waits for its count (2 s after the last frame) and puts it in _xf_got.
xf_count_start() {
	rm -f "$2"
	on "$1" "$PKT" count -e -i "$1" -t 2 > "$2" &
	_xf_count=$!
	wait_ready "$2"
}

xf_count_end() {
	wait "$_xf_count"
	_xf_got=$(tail -n1 "$1")
}

# xf_send LEN: XF_N frames of LEN bytes from eth1 to eth0.
xf_send() {
	local rate=5000
	[ "$1" -gt 1514 ] && rate=2000
	"$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -n $XF_N -l "$1" -r $rate >/dev/null
}

# xf_seen_check KIND NAME BEFORE GOT LEN: instance NAME of the frags
# program was given GOT more frames of LEN bytes each since BEFORE.
xf_seen_check() {
	[ "$1" = frags ] || return 0
	local f0 b0 f1 b1
	read -r f0 b0 _ <<<"$3"
	read -r f1 b1 _ <<<"$(xf_seen "$2")"
	expect_eq "frames the program saw" $((f1 - f0)) "$4" &&
	expect_eq "bytes the program saw (whole frames)" $((b1 - b0)) $(($4 * $5))
}

# The verdicts, each with frames of LEN bytes: every frame is dropped,
# passed (the stack gets it byte for byte) or sent back byte for byte,
# but for those eth0's full ring dropped and counted.  xf_rx VERDICT
# KIND LEN: drop or pass.
xf_rx() {
	local v=$1 kind=$2 len=$3 other=drop seen='' got n o want=0
	[ "$v" = drop ] && other=pass
	xf_attach "$kind" "$v" || fail "attach $v" || return
	[ "$kind" = frags ] && seen=$(xf_seen eth0)
	snap xa "$IF0" "rx_xdp_$v" "rx_xdp_$other" rx_overrun good_frames_received
	xf_count_start "$IF0" /tmp/xf-count.out || return
	xf_send "$len"
	xf_count_end /tmp/xf-count.out
	got=$_xf_got
	n=$(delta xa "$IF0" "rx_xdp_$v")
	o=$(delta xa "$IF0" rx_overrun)
	[ "$v" = pass ] && want=$n
	echo "  XDP_${v^^}, $len bytes: rx_xdp_$v $n, overruns $o, the stack got $got as sent;" \
		"the MAC took $(delta xa "$IF0" good_frames_received)"
	overruns_ok "$o" $XF_N &&
	expect_eq "  rx_xdp_$v + overruns" $((n + o)) $XF_N &&
	expect_eq "  rx_xdp_$other" "$(delta xa "$IF0" "rx_xdp_$other")" 0 &&
	expect_eq "  frames the stack got, byte for byte" "$got" "$want" &&
	xf_seen_check "$kind" eth0 "$seen" "$n" "$len"
}

xf_drop() { xf_rx drop "$@"; }
xf_pass() { xf_rx pass "$@"; }

xf_tx() {
	local kind=$1 len=$2 rate=20000 out
	[ "$len" -gt 1514 ] && rate=2000
	xf_attach "$kind" tx || fail "attach tx" || return
	out=$(reflect_check $XF_N "$len" $rate) ||
		{ printf '%s\n' "$out"; return 1; }
	echo "  XDP_TX, $(head -n1 <<<"$out")"
}

# Each probe sets XF_WORKS: yes (it works, exactly), no (refused, cleanly)
# or broken (neither: accepted but wrong, or a probe that cannot be run).

# BASIC: a native program attaches (the samples' one, or else a frags
# program: above one buffer a driver may take only those) and DROP, PASS
# and TX act on frames of 64 and 1514 bytes (or the MTU if smaller);
# frames of more than one buffer are RX_SG's.
xf_basic() {
	local mtu=$1 out len big=1514
	[ "$mtu" -lt 1500 ] && big=$((mtu + 14))
	XF_WORKS=broken XF_KIND=
	if out=$(ip link set dev "$IF0" xdpdrv obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" \
		 sec xdp 2>&1); then
		XF_KIND=plain
	else
		echo "  plain program refused: $(head -n1 <<<"$out")"
		xf_load eth0 $XDP_ACT_DROP || return
		if out=$(ip link set dev "$IF0" xdpdrv pinned "$XF_PIN/eth0/xdp_frags_act" 2>&1)
		then
			XF_KIND=frags
		else
			echo "  frags program refused: $(head -n1 <<<"$out")"
			XF_WORKS=no
			return
		fi
	fi
	echo "  a native $XF_KIND program attaches"
	xf_verdicts "$XF_KIND" 64 $big || return
	XF_WORKS=yes
}

# xf_verdicts KIND LEN...: DROP, PASS and TX, each on frames of each LEN,
# under eth0's program, all of them even after one failed (the output
# shows every one that did); then no program.
xf_verdicts() {
	local kind=$1 len v rc=0
	shift
	for len in "$@"; do
		for v in drop pass tx; do
			"xf_$v" "$kind" "$len" || rc=1
		done
	done
	ip link set dev "$IF0" xdp off
	return $rc
}

# REDIRECT: eth0's program sends every frame to the veth, whose peer gets
# each one byte for byte (a pass program there makes the veth take them),
# but for those the veth had no room for, which it counts.
xf_redirect() {
	local pin=$XF_PIN/redirect got r o vmac ve
	XF_WORKS=no
	[ -n "$XF_KIND" ] || { echo "  no program attaches, so none redirects"; return; }
	XF_WORKS=broken
	vmac=$(ip netns exec "$XF_NS" cat "/sys/class/net/$XF_VETH1/address")
	ip -n "$XF_NS" link set dev "$XF_VETH1" xdp obj "$BPF_DIR/mvneta_xdp_pass.bpf.o" sec xdp ||
		fail "pass program on $XF_VETH1" || return
	if [ "$XF_KIND" = plain ]; then
		rm -rf "$pin"
		mkdir -p "$XF_PIN"
		bpftool prog loadall "$BPF_DIR/mvneta_xdp_redirect.bpf.o" "$pin" \
			pinmaps "$pin/maps" &&
		bpftool map update pinned "$pin/maps/tx_port" key 0 0 0 0 \
			value $(le32 "$(ifindex_of "$XF_VETH0")") &&
		bpftool map update pinned "$pin/maps/new_dst" key 0 0 0 0 \
			value $(mac_bytes "$vmac") &&
		ip link set dev "$IF0" xdpdrv pinned "$pin/xdp_redirect_devmap" ||
			fail "redirect program" || return
	else
		xf_load eth0 $XDP_ACT_REDIRECT "$(ifindex_of "$XF_VETH0")" "$vmac" &&
		ip link set dev "$IF0" xdpdrv pinned "$XF_PIN/eth0/xdp_frags_act" ||
			fail "redirect program" || return
	fi
	wait_carrier "$IF0" || return
	snap xr "$IF0" rx_xdp_redirect rx_overrun
	snap xv "$XF_VETH0" tx_queue_0_xdp_xmit_errors
	rm -f /tmp/xf-count.out
	ip netns exec "$XF_NS" "$PKT" count -e -i "$XF_VETH1" -t 2 > /tmp/xf-count.out &
	_xf_count=$!
	wait_ready /tmp/xf-count.out || return
	xf_send 64
	xf_count_end /tmp/xf-count.out
	got=$_xf_got
	ip link set dev "$IF0" xdp off
	ip -n "$XF_NS" link set dev "$XF_VETH1" xdp off
	r=$(delta xr "$IF0" rx_xdp_redirect)
	o=$(delta xr "$IF0" rx_overrun)
	ve=$(delta xv "$XF_VETH0" tx_queue_0_xdp_xmit_errors)
	echo "  $IF0 redirected $r (overruns $o), $XF_VETH0 refused $ve," \
		"$XF_VETH1 got $got as sent"
	overruns_ok "$o" $XF_N &&
	expect_eq "  rx_xdp_redirect + overruns" $((r + o)) $XF_N &&
	{ [ "$got" -gt 0 ] 2>/dev/null || fail "  $XF_VETH1 got none: $got"; } &&
	expect_eq "  frames $XF_VETH1 got, byte for byte, + refused" $((got + ve)) "$r" ||
		return
	XF_WORKS=yes
}

# NDO_XMIT (LEN 64, 1514) and NDO_XMIT_SG (a LEN the veth's program sees
# in more than one buffer): the veth's program redirects what its peer
# sends into eth0; each frame leaves eth0 byte for byte (or is counted as
# refused by a full TX ring), or the redirect of every one is refused.
# Frames of several buffers are counted by eth1's MAC (frames and
# octets, FCS included), not by its stack: eth1's own multi-buffer RX is
# not what is asked here.
xf_xmit() {
	local len=$1 sg=${2:-} got oct r dr x xe seen f m f0 m0
	XF_WORKS=broken
	# The last probe's detach may have restarted the port.
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	xf_load veth $XDP_ACT_REDIRECT "$(ifindex_of "$IF0")" "$(mac_of "$IF1")" &&
	ip link set dev "$XF_VETH0" xdpdrv pinned "$XF_PIN/veth/xdp_frags_act" ||
		fail "program on $XF_VETH0" || return
	if [ -n "$sg" ]; then
		ip -n "$XF_NS" link set dev "$XF_VETH1" mtu $((len - 14)) &&
		ip link set dev "$XF_VETH0" mtu $((len - 14)) ||
			fail "veth MTU" || return
	fi
	snap xx "$XF_VETH0" rx_queue_0_xdp_redirect rx_queue_0_drops
	snap xt "$IF0" tx_xdp_xmit tx_xdp_xmit_errors
	snap xm "$IF1" good_frames_received good_octets_received
	seen=$(xf_seen veth)
	if [ -z "$sg" ]; then
		xf_count_start "$IF1" /tmp/xf-count.out || return
	fi
	ip netns exec "$XF_NS" "$PKT" send -i "$XF_VETH1" -d "$(mac_of "$XF_VETH0")" \
		-n $XF_N -l "$len" -r 2000 >/dev/null
	if [ -z "$sg" ]; then
		xf_count_end /tmp/xf-count.out
		got=$_xf_got
	else
		sleep 0.5
		got=$(delta xm "$IF1" good_frames_received)
		oct=$(delta xm "$IF1" good_octets_received)
	fi
	ip link set dev "$XF_VETH0" xdp off
	ip -n "$XF_NS" link set dev "$XF_VETH1" mtu 1500
	ip link set dev "$XF_VETH0" mtu 1500
	r=$(delta xx "$XF_VETH0" rx_queue_0_xdp_redirect)
	dr=$(delta xx "$XF_VETH0" rx_queue_0_drops)
	x=$(delta xt "$IF0" tx_xdp_xmit)
	xe=$(delta xt "$IF0" tx_xdp_xmit_errors)
	read -r f _ m <<<"$(xf_seen veth)"
	read -r f0 _ m0 <<<"$seen"
	echo "  $len-byte frames: $XF_VETH0 redirected $r, refused $dr" \
		"($((m - m0)) of $((f - f0)) in more than one buffer);" \
		"$IF0 sent $x, refused $xe; $IF1 got $got"
	expect_eq "  frames $XF_VETH0's program saw" $((f - f0)) $XF_N || return
	if [ -n "$sg" ]; then
		expect_eq "  of them, in more than one buffer" $((m - m0)) $XF_N || return
	else
		expect_eq "  of them, in more than one buffer" $((m - m0)) 0 || return
	fi
	if [ "$r" = 0 ] && [ "$dr" = $XF_N ] && [ "$x" = 0 ] && [ "$got" = 0 ]; then
		XF_WORKS=no
		return
	fi
	expect_eq "  redirected by $XF_VETH0" "$r" $XF_N &&
	expect_eq "  $IF0 tx_xdp_xmit + tx_xdp_xmit_errors" $((x + xe)) "$r" &&
	{ [ "$x" -gt 0 ] || fail "  $IF0 sent none"; } &&
	if [ -n "$sg" ]; then
		expect_eq "  frames $IF1's MAC took" "$got" "$x" &&
		expect_eq "  their octets" "$oct" $((x * (len + 4)))
	else
		expect_eq "  frames $IF1 got, byte for byte" "$got" "$x"
	fi || return
	XF_WORKS=yes
}

# RX_SG: a frags program runs above one buffer: DROP, PASS and TX act on
# frames of several buffers, which the program is given whole.  At an
# MTU of one buffer, the port must take the MTU of several under it; at
# such an MTU, the program itself.  A refused attach says why (extack).
xf_rx_sg() {
	local mtu=$1 out len=$((XF_BIG_MTU + 14))
	XF_WORKS=broken
	xf_load eth0 $XDP_ACT_DROP || return
	if out=$(ip link set dev "$IF0" xdpdrv pinned "$XF_PIN/eth0/xdp_frags_act" 2>&1); then
		wait_carrier "$IF0" || return
		if [ "$mtu" -lt $XF_BIG_MTU ] &&
		   ! out=$(ip link set dev "$IF0" mtu $XF_BIG_MTU 2>&1); then
			echo "  MTU $XF_BIG_MTU refused under a frags program:" \
				"${out:-(no message)}"
			ip link set dev "$IF0" xdp off
			XF_WORKS=no
			return
		fi
	else
		echo "  frags program refused at MTU $mtu: $(head -n1 <<<"$out")"
		# At one buffer, nothing is asked of RX_SG yet: no program
		# at all means no multi-buffer either.
		[ "$mtu" -lt $XF_BIG_MTU ] || grep -q '^Error: ' <<<"$out" ||
			{ fail "  refused without a message"; return; }
		XF_WORKS=no
		return
	fi
	echo "  a frags program runs at MTU $XF_BIG_MTU"
	wait_carrier "$IF0" && xf_mtu "$IF1" $XF_BIG_MTU || return
	xf_verdicts frags $len
	out=$?
	xf_mtu "$IF1" "$mtu" && xf_mtu "$IF0" "$mtu" || return
	[ $out = 0 ] || return
	XF_WORKS=yes
}

# XSK_ZEROCOPY: an AF_XDP socket binds to queue 0 in copy mode (the
# probe works), and in zero-copy mode iff claimed.
xf_xsk() {
	local out
	XF_WORKS=broken
	out=$("$PKT" xsk-bind -i "$IF0") || { fail "  copy-mode AF_XDP bind: $out"; return; }
	out=$("$PKT" xsk-bind -i "$IF0" -z)
	echo "  zero-copy AF_XDP bind: $out"
	case $out in
	bound) XF_WORKS=yes ;;
	refused:*) XF_WORKS=no ;;
	esac
}

# HW_OFFLOAD: a program loaded for the port itself (xdpoffload).
xf_offload() {
	local out
	if out=$(ip link set dev "$IF0" xdpoffload obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" \
		 sec xdp 2>&1); then
		echo "  offloaded program attached"
		ip link set dev "$IF0" xdpoffload off
		XF_WORKS=yes
	else
		echo "  offload refused: $(grep -m1 -iE 'error|invalid|support' <<<"$out")"
		XF_WORKS=no
	fi
}

# xf_phase MTU: eth0 at MTU; each flag's claim against its probe.
xf_phase() {
	local mtu=$1 mask bit claim name bad=0 want
	# eth1 sends (and gets back) frames of the MTU too.
	xf_mtu "$IF0" "$mtu" && xf_mtu "$IF1" "$mtu" || return
	mask=$(xf_mask) || { echo "$mask"; return 1; }
	echo "MTU $mtu: xdp-features $mask"
	if ours_driver; then
		want=0x67
		expect_eq "ours at MTU $mtu (its contract)" "$mask" $want || bad=1
	fi
	for bit in 0 1 2 3 4 5 6; do
		name=${XF_NAMES[bit]}
		claim=no
		[ $(((mask >> bit) & 1)) = 1 ] && claim=yes
		case $name in
		basic) xf_basic "$mtu" ;;
		redirect) xf_redirect ;;
		ndo-xmit) xf_xmit 64 && [ $XF_WORKS = yes ] && xf_xmit 1514 ;;
		xsk-zerocopy) xf_xsk ;;
		hw-offload) xf_offload ;;
		rx-sg) xf_rx_sg "$mtu" ;;
		ndo-xmit-sg)
			if [ "$mtu" -lt $XF_BIG_MTU ]; then
				echo "$name: claimed $claim; not tried at MTU $mtu" \
					"(a frame of more than one buffer is longer than the MTU)"
				continue
			fi
			xf_xmit $((XF_BIG_MTU + 14)) sg ;;
		esac
		if [ "$XF_WORKS" = "$claim" ]; then
			echo "$name: claimed $claim, works $XF_WORKS"
		else
			echo "FAIL: $name: claimed $claim, works $XF_WORKS"
			bad=1
		fi
	done
	return $bad
}

test_xdp_features() {
	local mask rc=0
	[ -e "$XF_OBJ" ] || fail "no $XF_OBJ" || return
	mask=$(xf_mask)
	case $? in
	0) ;;
	4) echo "$mask"; return 4 ;;
	*) fail "xdp-features: $mask"; return ;;
	esac
	raw_up && xf_veth_up || return
	xf_phase 1500 || rc=1
	xf_phase $XF_BIG_MTU || rc=1
	# Back where it started: the flags are the same again.
	xf_mtu "$IF0" 1500 && xf_mtu "$IF1" 1500 || return
	mask=$(xf_mask) || return
	echo "MTU 1500 again: xdp-features $mask"
	if ours_driver; then
		expect_eq "ours back at MTU 1500" "$mask" 0x67 || rc=1
	fi
	xf_veth_down
	return $rc
}

tap_plan 14
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
run_test "xdp-features: each flag as the port behaves, MTU 1500, 4000, 1500" test_xdp_features
xdp_off
tap_exit
