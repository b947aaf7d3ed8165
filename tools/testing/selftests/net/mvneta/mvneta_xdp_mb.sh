#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multi-buffer XDP: MTU 9000 under programs declared xdp.frags, whose
# frames span several RX buffers (fragments).
#   - setup: a frags program attaches at MTU 9000, a plain one is refused
#     with a message, and so is an MTU raise under a plain program;
#   - XDP_DROP: every frame counted once, seen whole by the program
#     (bpf_xdp_get_buff_len() is the frame's length, FCS excluded), every
#     buffer back to its page pool;
#   - XDP_PASS: UDP and TCP through the stack, byte for byte;
#   - XDP_TX: frames reflected byte for byte, some of them taken up by
#     the driver before their last buffer came (finished in a later poll);
#   - XDP_REDIRECT into a cpumap: the skbs built from the frames reach
#     the stack byte for byte;
#   - XDP_REDIRECT out of eth1 (devmap, eth1's ndo_xdp_xmit with
#     fragments), and from a veth into eth0: every frame sent arrives
#     byte for byte;
#   - bpf_xdp_adjust_tail() shrinking through fragments and growing the
#     last one, bpf_xdp_load_bytes()/store_bytes() across the boundary
#     between the first buffer and the next, each frame then sent back
#     and checked byte for byte;
#   - attach, detach and program swaps under jumbo traffic: every frame
#     accounted for;
#   - the jumbo sample (samples/bpf/mvneta/mvneta_xdp_jumbo.bpf.c) does
#     what its comment says.

source "$(dirname "$0")/lib.sh"

MB_MTU=9000
MB_LEN=$((MB_MTU + 14))		# the longest frame, without FCS
MB_OBJ=$HERE/mvneta_xdp_frags.bpf.o
[ -e "$MB_OBJ" ] || MB_OBJ=$BPF_DIR/mvneta_xdp_frags.bpf.o
MB_CHG=$HERE/mvneta_xdp_mb.bpf.o
[ -e "$MB_CHG" ] || MB_CHG=$BPF_DIR/mvneta_xdp_mb.bpf.o
MB_PIN=/sys/fs/bpf/mvneta_mb
MB_NS=mvneta_mb			# the veth test's other end
MB_VETH0=mvm0
MB_VETH1=mvm1
MB_FOREIGN=02:00:00:00:00:99	# an address neither port has

xdp_off() { ip link set dev "$IF0" xdp off 2>/dev/null; }

mb_veth_down() { veth_pair_down "$MB_NS" "$MB_VETH0"; }

test_cleanup() {
	has_emu && emu qom-set eth0 inject-rx-last-delay-us 0
	ip link set dev "$IF0" xdp off
	ip link set dev "$IF0" promisc off
	mb_veth_down
	rm -rf "$MB_PIN"
	ip link set dev "$IF0" mtu 1500
	on "$IF1" ip link set dev "$IF1" mtu 1500
}

# mb_mtu MTU: both ports at MTU, carrier back (a restart takes it down).
mb_mtu() {
	ip link set dev "$IF0" mtu "$1" && on "$IF1" ip link set dev "$IF1" mtu "$1" ||
		fail "MTU $1" || return
	wait_carrier "$IF0" && wait_carrier "$IF1"
}

# mb_pin DIR OBJ MAP V0 [V1]: a fresh instance of OBJ pinned under DIR,
# its maps under DIR/maps, slots 0 (and 1) of MAP set.
mb_pin() {
	rm -rf "$1"
	mkdir -p "$1"
	bpftool prog loadall "$2" "$1/p" pinmaps "$1/maps" ||
		fail "load $2" || return
	bpftool map update pinned "$1/maps/$3" key 0 0 0 0 value $(le32 "$4") ||
		fail "$3[0]" || return
	[ -z "${5:-}" ] ||
		bpftool map update pinned "$1/maps/$3" key 1 0 0 0 value $(le32 "$5") ||
		fail "$3[1]"
}

# mb_load OBJ PROG MAP V0 [V1]: mb_pin under $MB_PIN, PROG attached to
# eth0 (native).
mb_load() {
	rm -rf "$MB_PIN"
	mb_pin "$MB_PIN" "$1" "$3" "$4" "${5:-}" || return
	ip link set dev "$IF0" xdpdrv pinned "$MB_PIN/p/$2" ||
		fail "attach $2 at MTU $(cat /sys/class/net/"$IF0"/mtu)" || return
	wait_carrier "$IF0"
}

# mb_seen K [DIR]: slot K of the "seen" map of the instance under DIR
# (default $MB_PIN).
mb_seen() {
	bpftool -j map lookup pinned "${2:-$MB_PIN}/maps/seen" key $(le32 "$1") |
		jq -r '.formatted.value // .value'
}

prog_id() { ip -j link show dev "$IF0" | jq -r '.[0].xdp.prog.id // "none"'; }

test_mb_setup() {
	local out id
	raw_up || return
	[ -e "$MB_OBJ" ] || fail "no $MB_OBJ" || return
	mb_mtu $MB_MTU || return
	if out=$(ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" \
		 sec xdp 2>&1); then
		fail "a program without xdp.frags was attached at MTU $MB_MTU"
		return
	fi
	echo "plain program at MTU $MB_MTU: $out"
	grep -q '^Error: .*frags' <<<"$out" ||
		fail "the message does not say why" || return
	mb_load "$MB_OBJ" xdp_frags_act act $XDP_ACT_DROP || return
	echo "frags program attached at MTU $MB_MTU"
	# Neither may a plain program take its place: the frags one stays.
	id=$(prog_id)
	if ip -force link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" \
	   sec xdp 2>/dev/null; then
		fail "a plain program replaced the frags one at MTU $MB_MTU"
		return
	fi
	expect_eq "program after the refused swap" "$(prog_id)" "$id" || return
	ip link set dev "$IF0" mtu 1500 && ip link set dev "$IF0" mtu $MB_MTU ||
		fail "MTU 1500 and back under the frags program" || return
	xdp_off
	# A plain program at 1500: the MTU may not outgrow it.
	ip link set dev "$IF0" mtu 1500 &&
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "a plain program at MTU 1500" || return
	if ip link set dev "$IF0" mtu $MB_MTU 2>/dev/null; then
		fail "MTU $MB_MTU accepted under a plain program"
		return
	fi
	expect_eq "$IF0 MTU after the refused raise" \
		"$(cat /sys/class/net/"$IF0"/mtu)" 1500
}

# XDP_DROP of 9014-byte frames.  The pools (netlink, Linux 6.8 with
# CONFIG_PAGE_POOL_STATS) move by one allocation and one recycle per RX
# buffer the port filled, which the emulated port counts (RX descriptors
# the driver gave back): every buffer of every frame came back.
test_mb_drop() {
	local n=2000 d o before= after= pr=1 desc0 descs
	raw_up || return
	mb_mtu $MB_MTU || return
	mb_load "$MB_OBJ" xdp_frags_act act $XDP_ACT_DROP || return
	if has_emu && before=$(pp_pools 2>/dev/null) && grep -q '^pool ' <<<"$before"; then
		pr=0
		desc0=$(emu qom-get eth0 stat-rx-processed) || fail "the model's counts" || return
	fi
	snap d "$IF0" rx_xdp_drop rx_xdp_pass rx_packets
	snap o "$IF0" rx_overrun
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n $MB_LEN 5000 || return
	sleep 0.3
	if [ $pr = 0 ]; then
		after=$(pp_pools) || return
		descs=$(($(emu qom-get eth0 stat-rx-processed) - desc0))
	fi
	d=$(delta d "$IF0" rx_xdp_drop)
	o=$(delta o "$IF0" rx_overrun)
	echo "dropped $d, overruns $o"
	overruns_ok "$o" $n &&
	expect_eq "rx_xdp_drop + overruns" $((d + o)) $n &&
	expect_eq "rx_packets" "$(delta d "$IF0" rx_packets)" "$d" &&
	expect_eq "rx_xdp_pass" "$(delta d "$IF0" rx_xdp_pass)" 0 &&
	expect_eq "frames the program saw" "$(mb_seen 0)" "$d" &&
	expect_eq "of them in more than one buffer" "$(mb_seen 2)" "$d" &&
	expect_eq "their bytes (bpf_xdp_get_buff_len)" "$(mb_seen 1)" \
		$((d * MB_LEN)) || return
	if [ $pr != 0 ]; then
		echo "page pool counts not checked (no pool stats or no emulator)"
		return 0
	fi
	echo "RX buffers the driver gave back: $descs ($((descs / (d > 0 ? d : 1))) a frame)"
	expect_eq "allocations (fast + slow + slow-high-order + refill)" \
		$(($(pp_sum "$after" alloc-fast alloc-slow alloc-slow-high-order alloc-refill) -
		   $(pp_sum "$before" alloc-fast alloc-slow alloc-slow-high-order alloc-refill))) \
		"$descs" &&
	expect_eq "recycles (cached + ring)" \
		$(($(pp_sum "$after" recycle-cached recycle-ring) -
		   $(pp_sum "$before" recycle-cached recycle-ring))) "$descs"
}

# XDP_PASS: datagrams of the MTU and a TCP stream from the peer, into
# eth0's stack through the frags program, byte for byte.
test_mb_pass() {
	local n=100 len=$((MB_MTU - 28)) bytes=4194304 pid s0
	pair_up || return
	mb_mtu $MB_MTU || return
	mb_load "$MB_OBJ" xdp_frags_act act $XDP_ACT_PASS || return
	ping -q -c 1 -w 5 -s $len -M do "$IP1" >/dev/null ||
		fail "no 9000-byte echo" || return
	s0=$(mb_seen 2)
	snap p "$IF0" rx_xdp_pass rx_packets rx_overrun
	rm -f /tmp/urecv.out
	"$PKT" urecv -n $n -l $len -t 5 > /tmp/urecv.out &
	pid=$!
	wait_ready /tmp/urecv.out || return
	in_ns "$PKT" usend -D "$IP0" -n $n -l $len >/dev/null || fail "usend" || return
	wait $pid
	expect_eq "$len-byte datagrams at $IF0's stack" "$(tail -n1 /tmp/urecv.out)" \
		"received $n exact $n" &&
	expect_eq "frames in more than one buffer the program passed" \
		$(($(mb_seen 2) - s0)) $n || return
	rm -f /tmp/trecv.out
	"$PKT" trecv -n $bytes -t 10 -p 5003 > /tmp/trecv.out &
	pid=$!
	wait_ready /tmp/trecv.out || return
	in_ns "$PKT" tsend -D "$IP0" -n $bytes -p 5003 >/dev/null || fail "tsend" || return
	wait $pid
	expect_eq "TCP stream at $IF0's stack" "$(tail -n1 /tmp/trecv.out)" \
		"received $bytes exact $bytes" &&
	expect_eq "rx_xdp_pass = rx_packets" "$(delta p "$IF0" rx_xdp_pass)" \
		"$(delta p "$IF0" rx_packets)" &&
	expect_eq "rx_overrun" "$(delta p "$IF0" rx_overrun)" 0
}

# XDP_TX of 9014-byte frames, back byte for byte.  A frame may be taken
# up by a poll before its last buffer is written, and must then be
# finished in a later poll.  The emulated port writes the last buffer of
# a frame once its bytes are off the wire (16 us after the others here),
# which a poll may or may not fall into; told to write it 300 us late, it
# makes nearly every frame such a frame, and counts them (stat-rx-split).
test_mb_tx() {
	local n=1000 split0 split tx rate=5000
	raw_up || return
	mb_mtu $MB_MTU || return
	mb_load "$MB_OBJ" xdp_frags_act act $XDP_ACT_TX || return
	if has_emu; then
		split0=$(emu qom-get eth0 stat-rx-split) &&
		emu qom-set eth0 inject-rx-last-delay-us 300 >/dev/null ||
			fail "the model's counts" || return
		rate=1000
	fi
	snap t "$IF0" rx_xdp_tx
	reflect_check $n $MB_LEN $rate || return
	tx=$(delta t "$IF0" rx_xdp_tx)
	expect_eq "frames in more than one buffer" "$(mb_seen 2)" "$(mb_seen 0)" || return
	has_emu || return 0
	emu qom-set eth0 inject-rx-last-delay-us 0 >/dev/null
	split=$(($(emu qom-get eth0 stat-rx-split) - split0))
	echo "frames taken up before their last buffer came: $split of $tx"
	[ "$split" -gt 0 ] || fail "no frame was split across polls: that case went untested"
}

# mb_change MODE ARG LEN DELTA FLIP: mvneta_xdp_mb.bpf.c changes each
# LEN-byte frame (MODE, ARG) and sends it back; every one must come back
# as mvneta_pkt reflect -T DELTA -X FLIP expects, the program having seen
# each in more than one buffer and no helper having failed.
mb_change() {
	local n=200 out res
	mb_load "$MB_CHG" xdp_mb_change cfg "$1" "$2" || return
	# The attach restarted eth0: eth1 sees the link go and come back.
	wait_carrier "$IF1" || return
	out=$(on "$IF1" "$PKT" reflect -i "$IF1" -d "$(mac_of "$IF0")" -n $n \
		-l "$3" -r 2000 -t 5 -T "$4" -X "$5" 2>&1)
	res=$(grep '^sent ' <<<"$out")
	echo "mode $1 arg $2, $3 bytes: ${res:-no result}"
	grep -v '^sent ' <<<"$out" | head -n 3
	expect_eq "helper failures" "$(mb_seen 2)" 0 &&
	expect_eq "frames in more than one buffer" "$(mb_seen 1)" "$(mb_seen 0)" &&
	expect_eq "frames back as changed" "$res" "sent $n received $n exact $n"
	local rc=$?
	xdp_off
	return $rc
}

# Shrinking: within the last fragment, through it into the one before,
# and through every fragment into the first buffer (the frame is then a
# single buffer again).  Growing: 64 bytes into the last fragment's
# tailroom, written with bpf_xdp_store_bytes().
test_mb_adjust_tail() {
	local cut
	raw_up || return
	mb_mtu $MB_MTU || return
	for cut in 100 3000 6000; do
		mb_change 1 $cut $MB_LEN -$cut -1 || return
	done
	mb_change 2 64 8000 64 -1
}

# bpf_xdp_load_bytes()/store_bytes() over 64 bytes across the end of the
# first buffer (its length as the program saw it, probed first) and
# across the end of the second.
test_mb_load_store() {
	local head
	raw_up || return
	mb_mtu $MB_MTU || return
	mb_load "$MB_CHG" xdp_mb_change cfg 3 100 || return
	on "$IF1" "$PKT" reflect -i "$IF1" -d "$(mac_of "$IF0")" -n 1 -l $MB_LEN \
		-t 3 -X 100 >/dev/null 2>&1
	head=$(mb_seen 3)
	xdp_off
	echo "first buffer: $head bytes of the frame"
	[ "$head" -gt 64 ] && [ "$head" -lt $((MB_LEN / 2)) ] ||
		fail "the first buffer holds $head bytes" || return
	mb_change 3 $((head - 32)) $MB_LEN 0 $((head - 32)) &&
	mb_change 3 $((2 * head - 16)) $MB_LEN 0 $((2 * head - 16))
}

# Attach, swap and detach frags programs while 9014-byte frames come:
# each frame is dropped by a program or reaches the stack, none is lost
# or counted twice; the port works afterwards.
test_mb_under_traffic() {
	local n=6000 i pid got d r rounds=0 a=$MB_PIN/a b=$MB_PIN/b
	raw_up || return
	mb_mtu $MB_MTU || return
	mb_pin "$a" "$MB_OBJ" act $XDP_ACT_DROP && mb_pin "$b" "$MB_OBJ" act $XDP_ACT_DROP ||
		return
	count_start "$IF0" /tmp/count.out || return
	snap s "$IF0" rx_xdp_drop rx_xdp_pass rx_packets rx_errors rx_dropped
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n $MB_LEN 3000 &
	pid=$!
	for i in 1 2 3 4; do
		sleep 0.15
		ip link set dev "$IF0" xdpdrv pinned "$a/p/xdp_frags_act" || break
		sleep 0.1
		# Another instance in its place: a swap, without a restart.
		ip -force link set dev "$IF0" xdpdrv pinned "$b/p/xdp_frags_act" ||
			break
		sleep 0.1
		xdp_off || break
		rounds=$((rounds + 1))
	done
	wait $pid
	count_end "$IF0" /tmp/count.out || return
	got=$_count_got
	[[ $got =~ ^[0-9]+$ ]] || fail "frames to the stack: $got" || return
	expect_eq "attach/swap/detach rounds" $rounds 4 || return
	d=$(delta s "$IF0" rx_xdp_drop)
	r=$(delta s "$IF0" rx_packets)
	echo "received $r: dropped by XDP $d (first instance $(mb_seen 0 "$a")," \
		"second $(mb_seen 0 "$b")), to the stack $got"
	[ "$(mb_seen 0 "$a")" -gt 0 ] && [ "$(mb_seen 0 "$b")" -gt 0 ] && [ "$got" -gt 0 ] ||
		fail "traffic did not meet every state" || return
	xdp_or_stack s "$got" &&
	expect_eq "frames the programs saw = drops" \
		$(($(mb_seen 0 "$a") + $(mb_seen 0 "$b"))) "$d"
}

# XDP_REDIRECT into a cpumap: CPU 0's kthread builds an skb of each
# 9014-byte frame, fragments included, which eth0's stack gets byte for
# byte.
test_mb_cpumap() {
	local n=300 got
	raw_up || return
	mb_mtu $MB_MTU || return
	mb_pin "$MB_PIN" "$MB_OBJ" act $XDP_ACT_REDIRECT &&
	bpftool map update pinned "$MB_PIN/maps/via_cpu" key 0 0 0 0 value 1 0 0 0 &&
	# struct bpf_cpumap_val: a queue of 256 frames, no program.
	bpftool map update pinned "$MB_PIN/maps/cpu_map" key 0 0 0 0 \
		value 0 1 0 0 0 0 0 0 || fail "cpumap" || return
	ip link set dev "$IF0" xdpdrv pinned "$MB_PIN/p/xdp_frags_act" ||
		fail "attach" || return
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	snap c "$IF0" rx_xdp_redirect rx_overrun
	count_start "$IF0" /tmp/count.out -e || return
	on "$IF1" "$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -n $n -l $MB_LEN -r 3000 ||
		fail "send" || return
	count_end "$IF0" /tmp/count.out || return
	got=$_count_got
	echo "redirected $(delta c "$IF0" rx_xdp_redirect), the stack got: $got"
	expect_eq "rx_overrun" "$(delta c "$IF0" rx_overrun)" 0 &&
	expect_eq "rx_xdp_redirect" "$(delta c "$IF0" rx_xdp_redirect)" $n &&
	expect_eq "frames in more than one buffer" "$(mb_seen 2)" $n &&
	expect_eq "$MB_LEN-byte frames at the stack, byte for byte" "$got" $n
}

# mb_redirect_maps DIR IFINDEX MAC: the instance under DIR redirects to
# IFINDEX, rewriting the destination address to MAC.
mb_redirect_maps() {
	bpftool map update pinned "$1/maps/tx_port" key 0 0 0 0 value $(le32 "$2") &&
	bpftool map update pinned "$1/maps/new_dst" key 0 0 0 0 value $(mac_bytes "$3") ||
		fail "redirect maps"
}

# mb_refused: before Linux 6.3 (see devmap_takes_frags), the redirects of
# frames with fragments into a devmap are refused whole.
mb_refused() {
	echo "Linux $(uname -r): the core refuses frames with fragments to a devmap"
}

# XDP_REDIRECT of 9014-byte frames out of eth1 through a devmap: eth1's
# ndo_xdp_xmit puts every buffer of each frame on its ring.  The frames,
# now addressed to $MB_FOREIGN, cross the cable back to eth0, which is
# promiscuous and whose program passes what carries that address: eth0's
# stack must get every frame eth1 sent, byte for byte, and each frame is
# accounted for on the way.  Before Linux 6.3 each redirect must fail,
# counted, and no part of a frame leave eth1.
test_mb_redirect() {
	local n=300 r p o x xe got old=
	devmap_takes_frags || old=rx_xdp_redirect_errors
	raw_up || return
	mb_mtu $MB_MTU || return
	mb_pin "$MB_PIN" "$MB_OBJ" act $XDP_ACT_REDIRECT &&
	mb_redirect_maps "$MB_PIN" "$(ifindex_of "$IF1")" $MB_FOREIGN || return
	ip link set dev "$IF0" promisc on &&
	ip link set dev "$IF0" xdpdrv pinned "$MB_PIN/p/xdp_frags_act" ||
		fail "attach" || return
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	snap r "$IF0" rx_xdp_redirect rx_xdp_pass rx_overrun $old
	snap x "$IF1" tx_xdp_xmit tx_xdp_xmit_errors good_frames_sent
	count_start "$IF0" /tmp/count.out -e || return
	on "$IF1" "$PKT" send -i "$IF1" -d "$(mac_of "$IF0")" -n $n -l $MB_LEN -r 2000 ||
		fail "send" || return
	count_end "$IF0" /tmp/count.out || return
	got=$_count_got
	r=$(delta r "$IF0" rx_xdp_redirect)
	p=$(delta r "$IF0" rx_xdp_pass)
	o=$(delta r "$IF0" rx_overrun)
	x=$(delta x "$IF1" tx_xdp_xmit)
	xe=$(delta x "$IF1" tx_xdp_xmit_errors)
	echo "$IF0 redirected $r, passed $p, overruns $o; $IF1 sent $x, refused $xe;" \
		"$IF0's stack got $got"
	if [ -n "$old" ]; then
		mb_refused
		overruns_ok "$o" $n &&
		expect_eq "rx_xdp_redirect_errors" "$(delta r "$IF0" $old)" $((n - o)) &&
		expect_eq "rx_xdp_redirect" "$r" 0 &&
		expect_eq "$IF1 tx_xdp_xmit" "$x" 0 &&
		expect_eq "$IF1 frames on the wire: the sender's only" \
			"$(delta x "$IF1" good_frames_sent)" $n &&
		expect_eq "frames the program saw" "$(mb_seen 0)" $((n - o))
		return
	fi
	overruns_ok "$o" $n &&
	expect_eq "$IF1 tx_xdp_xmit + tx_xdp_xmit_errors" $((x + xe)) "$r" &&
	{ [ $((x * 2)) -ge $n ] || fail "$IF1 sent fewer than half"; } &&
	expect_eq "frames $IF0 took: sent + back across the cable" $((r + p + o)) $((n + x)) &&
	expect_eq "frames the program saw" "$(mb_seen 0)" $((r + p)) &&
	expect_eq "of them in more than one buffer" "$(mb_seen 2)" $((r + p)) &&
	expect_eq "$MB_LEN-byte frames back at $IF0's stack, byte for byte" "$got" "$p"
}

# A veth pair at MTU 9000 ($MB_VETH0 here, $MB_VETH1 in $MB_NS): veth
# gives its program each 9014-byte frame $MB_VETH1 sends in several
# pages of its own pool, and the program redirects it into eth0, whose
# ndo_xdp_xmit maps every one of those pages; eth1, across the cable,
# must get every frame eth0 sent, byte for byte.  Before Linux 6.3 veth's
# redirects must fail, and nothing leave eth0.
test_mb_veth() {
	local n=300 pin=$MB_PIN/veth r dr x xe got
	raw_up || return
	mb_mtu $MB_MTU || return
	veth_pair_up "$MB_NS" "$MB_VETH0" "$MB_VETH1" $MB_MTU || return
	mb_pin "$pin" "$MB_OBJ" act $XDP_ACT_REDIRECT &&
	mb_redirect_maps "$pin" "$(ifindex_of "$IF0")" "$(mac_of "$IF1")" || return
	ip link set dev "$MB_VETH0" xdpdrv pinned "$pin/p/xdp_frags_act" ||
		fail "program on $MB_VETH0" || return
	snap v "$MB_VETH0" rx_queue_0_xdp_redirect rx_queue_0_drops
	snap t "$IF0" tx_xdp_xmit tx_xdp_xmit_errors good_frames_sent
	snap y "$IF1" rx_overrun
	count_start "$IF1" /tmp/count1.out -e || return
	ip netns exec "$MB_NS" "$PKT" send -i "$MB_VETH1" -d "$(mac_of "$MB_VETH0")" \
		-n $n -l $MB_LEN -r 2000 >/dev/null || fail "send" || return
	count_end "$IF1" /tmp/count1.out || return
	got=$_count_got
	r=$(delta v "$MB_VETH0" rx_queue_0_xdp_redirect)
	dr=$(delta v "$MB_VETH0" rx_queue_0_drops)
	x=$(delta t "$IF0" tx_xdp_xmit)
	xe=$(delta t "$IF0" tx_xdp_xmit_errors)
	echo "$MB_VETH0 redirected $r, dropped $dr; $IF0 sent $x, refused $xe;" \
		"$IF1 got $got"
	if ! devmap_takes_frags; then
		mb_refused
		expect_eq "frames the program saw" "$(mb_seen 0 "$pin")" $n &&
		expect_eq "redirected by $MB_VETH0" "$r" 0 &&
		expect_eq "dropped by $MB_VETH0" "$dr" $n &&
		expect_eq "$IF0 tx_xdp_xmit + tx_xdp_xmit_errors" $((x + xe)) 0 &&
		expect_eq "$IF0 frames on the wire" "$(delta t "$IF0" good_frames_sent)" 0 &&
		expect_eq "frames at $IF1" "$got" 0
		return
	fi
	expect_eq "frames the program saw" "$(mb_seen 0 "$pin")" $n &&
	expect_eq "of them in more than one buffer" "$(mb_seen 2 "$pin")" $n &&
	expect_eq "redirected by $MB_VETH0" "$r" $n &&
	expect_eq "$IF0 tx_xdp_xmit + tx_xdp_xmit_errors" $((x + xe)) "$r" &&
	{ [ $((x * 2)) -ge $n ] || fail "$IF0 sent fewer than half"; } &&
	expect_eq "$IF1 rx_overrun" "$(delta y "$IF1" rx_overrun)" 0 &&
	expect_eq "$MB_LEN-byte frames at $IF1, byte for byte" "$got" "$x"
}

# jstat K: slot K of the jumbo sample's per-CPU counters, summed.
jstat() {
	bpftool -j map lookup name jumbo_stats key $(le32 "$1") |
		jq '(.formatted // .) | [.values[].value] | add'
}

# The jumbo sample, loaded as its comment says: frames over 8000 bytes
# dropped, the others passed, each counted where it should be.
test_mb_sample() {
	local big=300 small=300 obj=$BPF_DIR/mvneta_xdp_jumbo.bpf.o
	[ -e "$obj" ] || fail "no $obj" || return
	raw_up || return
	mb_mtu $MB_MTU || return
	ip link set dev "$IF0" xdp obj "$obj" sec xdp.frags ||
		fail "attach at MTU $MB_MTU" || return
	wait_carrier "$IF0" || return
	snap j "$IF0" rx_xdp_drop rx_xdp_pass rx_overrun
	pktgen_send "$IF1" "$(mac_of "$IF0")" $big $MB_LEN 5000 &&
	pktgen_send "$IF1" "$(mac_of "$IF0")" $small 1514 5000 || return
	sleep 0.3
	echo "passed $(jstat 0), dropped $(jstat 1), in several buffers $(jstat 2)"
	expect_eq "rx_overrun" "$(delta j "$IF0" rx_overrun)" 0 &&
	expect_eq "rx_xdp_drop ($MB_LEN-byte frames)" "$(delta j "$IF0" rx_xdp_drop)" $big &&
	expect_eq "rx_xdp_pass (1514-byte frames)" "$(delta j "$IF0" rx_xdp_pass)" $small &&
	expect_eq "the sample's drops" "$(jstat 1)" $big &&
	expect_eq "the sample's passes" "$(jstat 0)" $small &&
	expect_eq "the sample's frames in several buffers" "$(jstat 2)" $big
}

tap_plan 11
run_test "MTU 9000: frags program attaches, plain one and MTU raise refused" test_mb_setup
run_test "MTU 9000 XDP_DROP: frames whole, every buffer back to the pool" test_mb_drop
run_test "MTU 9000 XDP_PASS: UDP and TCP to the stack, byte for byte" test_mb_pass
run_test "MTU 9000 XDP_TX reflection, byte for byte, frames across polls" test_mb_tx
run_test "adjust_tail through fragments, shrink and grow, byte for byte" test_mb_adjust_tail
run_test "load/store_bytes across buffer boundaries, byte for byte" test_mb_load_store
run_test "attach, swap and detach under jumbo traffic, every frame accounted" test_mb_under_traffic
run_test "MTU 9000 redirect into a cpumap: skbs byte for byte" test_mb_cpumap
run_test "MTU 9000 redirect out of eth1 (ndo_xdp_xmit), byte for byte" test_mb_redirect
run_test "MTU 9000 veth -> devmap -> eth0, byte for byte" test_mb_veth
run_test "the jumbo sample: over 8000 bytes dropped, the rest passed" test_mb_sample
pair_down
tap_exit
