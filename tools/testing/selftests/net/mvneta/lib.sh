# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the mvneta selftests (sourced).
#
# The tests need two NETA ports cabled to each other: NETIF0 (default
# eth0) stays in the initial namespace, NETIF1 (default eth1) moves into
# the namespace $NS for the tests that need a real wire between two IP
# stacks.  They run the same on a real board and in the emulator; what
# only the emulator can do (fault injection) is skipped elsewhere.

IF0=${NETIF0:-eth0}
IF1=${NETIF1:-eth1}
NS=mvneta_peer
IP0=10.77.0.1
IP1=10.77.0.2
HERE=$(cd "$(dirname "$0")" && pwd)
PKT=${MVNETA_PKT:-$HERE/mvneta_pkt}
[ -x "$PKT" ] || PKT=$HERE/../bin/mvneta_pkt
BPF_DIR=${MVNETA_BPF:-$HERE/../bpf}
BIN_DIR=$(dirname "$PKT")	# the samples' loaders live beside mvneta_pkt

# A port drops, and counts, what finds its RX ring full.  Tests that
# flood a port accept counted overruns up to this share of what was sent
# (a slow kernel, e.g. one with KASAN, may set more); every other frame
# must arrive.
MAX_OVERRUN_PCT=${MAX_OVERRUN_PCT:-1}

# overruns_ok OVERRUNS SENT: within MAX_OVERRUN_PCT.
overruns_ok() {
	[ $(($1 * 100)) -le $(($2 * MAX_OVERRUN_PCT)) ] ||
		fail "$1 of $2 frames overran the ring (more than $MAX_OVERRUN_PCT%)"
}

KSFT_PASS=0
KSFT_FAIL=0
KSFT_SKIP=4
_n=0
_fails=0
_skips=0
_xfails=0

tap_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

# run_test NAME FUNCTION: runs FUNCTION, reports it as one TAP line.
# The function returns 0 (pass), 4 (skip, reason on stdout's last line)
# or anything else (fail).
run_test() {
	local name=$1 fn=$2 out rc missing xfail
	_n=$((_n + 1))
	# MVNETA_ONLY=REGEX (a developer's run): only the tests it matches.
	if [ -n "${MVNETA_ONLY:-}" ] && ! grep -Eq -- "$MVNETA_ONLY" <<<"$name"; then
		echo "ok $_n $name # SKIP not selected (MVNETA_ONLY)"
		_skips=$((_skips + 1))
		return
	fi
	# A test the expected skips mark "!FILE NAME" is known to hang the
	# kernel with this driver (the reason is in that list): not run.
	if [ -n "${MVNETA_EXPECTED_SKIPS:-}" ] &&
	   grep -Fxq -- "!$(basename "$0") $name" "$MVNETA_EXPECTED_SKIPS"; then
		echo "ok $_n $name # SKIP not run: known to hang this kernel (expected skips)"
		_skips=$((_skips + 1))
		return
	fi
	# A test the expected skips mark "~FILE NAME" is known to fail with
	# this driver on this kernel, for a reason that list gives (the
	# driver is wrong, not the test): it runs, and its failure is
	# reported as such (XFAIL), neither a pass nor a skip.  If it passes,
	# the list is stale: that fails.
	xfail=
	[ -n "${MVNETA_EXPECTED_SKIPS:-}" ] &&
		grep -Fxq -- "~$(basename "$0") $name" "$MVNETA_EXPECTED_SKIPS" && xfail=1
	_MISSING=$(mktemp /tmp/mvneta-missing.XXXXXX)
	out=$("$fn" 2>&1)
	rc=$?
	# A counter the test read but the driver does not have is a failure,
	# not a zero (see stat).
	missing=$(sort -u "$_MISSING" | tr '\n' ' ')
	rm -f "$_MISSING"
	_MISSING=
	if [ -n "$missing" ] && [ $rc != 4 ]; then
		out+=$'\n'"FAIL: counters read but missing: $missing"
		rc=1
	fi
	# A test that stopped half way must not leave its state to the next.
	declare -F test_cleanup >/dev/null && test_cleanup >/dev/null 2>&1
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
	case $rc,$xfail in
	0,) echo "ok $_n $name" ;;
	0,1) echo "not ok $_n $name # passed, but listed as a known failure here (stale list)"
	   _fails=$((_fails + 1)) ;;
	4,*) echo "ok $_n $name # SKIP $(printf '%s' "$out" | tail -n1)"
	   _skips=$((_skips + 1)) ;;
	*,1) echo "ok $_n $name # XFAIL $(printf '%s\n' "$out" | grep '^FAIL' | tail -n1)"
	   _xfails=$((_xfails + 1)) ;;
	*) echo "not ok $_n $name"
	   _fails=$((_fails + 1)) ;;
	esac
}

tap_exit() {
	[ $_fails -gt 0 ] && exit 1
	[ $_skips -gt 0 ] && [ $_skips = $_n ] && exit $KSFT_SKIP
	exit 0
}

fail() {
	echo "FAIL: $*"
	return 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: got $2, want $3"
		return 1
	fi
	echo "$1: $2"
}

in_ns() { ip netns exec "$NS" "$@"; }

# Run in the namespace the interface lives in.
on() {
	local ifc=$1
	shift
	if [ "$ifc" = "$IF1" ] && ip netns list 2>/dev/null | grep -qw "$NS"; then
		in_ns "$@"
	else
		"$@"
	fi
}

# stat IF NAME: one netdev counter (statistics/NAME or NAME in the
# device's sysfs directory) or, failing that, one ethtool -S counter.
# A counter that does not exist is not 0: it is written down, and
# run_test fails the test that read it (two missing counters would
# otherwise make a delta of 0 that looks like a pass).
stat() {
	local ifc=$1 name=$2 v
	v=$(on "$ifc" cat "/sys/class/net/$ifc/statistics/$name" 2>/dev/null) ||
		v=$(on "$ifc" cat "/sys/class/net/$ifc/$name" 2>/dev/null) ||
		v=$(on "$ifc" ethtool -S "$ifc" |
		    awk -v n="$name" '$1 == n":" { print $2; f = 1 } END { if (!f) exit 1 }') ||
		{
			echo "no counter $name on $ifc" >&2
			[ -n "${_MISSING:-}" ] && echo "$ifc:$name" >> "$_MISSING"
			echo -1
			return 1
		}
	echo "$v"
}

# ping_all IF PING-ARGS...: ping from IF's namespace; every request sent
# must be answered, and with -c N, N must have been sent.  (ping itself
# succeeds on a single answer.)
ping_all() {
	local ifc=$1 out tx rx want= a prev=
	shift
	for a in "$@"; do
		[ "$prev" = -c ] && want=$a
		prev=$a
	done
	out=$(on "$ifc" ping -q "$@" 2>&1)
	read -r tx rx <<<"$(sed -n \
		's/^\([0-9]*\) packets transmitted, \([0-9]*\) \(packets \)*received.*/\1 \2/p' \
		<<<"$out")"
	if [ -n "$tx" ] && [ "$tx" = "$rx" ] && [ "$tx" -gt 0 ] &&
	   { [ -z "$want" ] || [ "$tx" = "$want" ]; } &&
	   ! grep -q duplicates <<<"$out"; then
		return 0
	fi
	echo "FAIL: ping $*: ${tx:-?} sent, ${rx:-?} answered${want:+, $want wanted}"
	grep -o '+[0-9]* duplicates' <<<"$out"
	return 1
}

# snap VAR IF NAME...: remember counters in VAR_<name>.
snap() {
	local var=$1 ifc=$2 n
	shift 2
	for n in "$@"; do
		eval "${var}_$n=\$(stat \"\$ifc\" \"\$n\")"
	done
}

# delta VAR IF NAME: counter now minus the snapshot.
delta() {
	local var=$1 ifc=$2 name=$3 before
	eval "before=\${${var}_$name}"
	echo $(($(stat "$ifc" "$name") - before))
}

mac_of() { on "$1" cat "/sys/class/net/$1/address"; }
ifindex_of() { on "$1" cat "/sys/class/net/$1/ifindex"; }

# xdp_features_mask IF: IF's xdp-features as the netdev netlink family
# tells them (0xN); status 4 (skip), with the reason, where the kernel
# has no such family (before 6.3).
xdp_features_mask() {
	local out rc
	out=$("$PKT" xdp-features -i "$1" 2>&1)
	rc=$?
	[ $rc = 0 ] || { echo "$out"; return $rc; }
	sed -n 's/^xdp-features \(0x[0-9a-f]*\).*/\1/p' <<<"$out"
}

TRACE=/sys/kernel/tracing

# trace_start EVENT: an empty trace buffer recording EVENT
# (subsystem/name); 4 (skip) without it.
trace_start() {
	[ -d "$TRACE/events" ] || mount -t tracefs nodev "$TRACE" 2>/dev/null
	[ -e "$TRACE/events/$1/enable" ] || {
		echo "no $1 trace event (kernel without CONFIG_TRACING)"
		return 4
	}
	echo 0 > "$TRACE/events/$1/enable"
	: > "$TRACE/trace"
	echo 1 > "$TRACE/events/$1/enable"
	echo 1 > "$TRACE/tracing_on"
}

trace_stop() { echo 0 > "$TRACE/events/$1/enable"; }

# ring_sizes IF: "RX TX", the descriptors per ring IF runs with.
ring_sizes() {
	on "$1" ethtool -g "$1" |
		awk '/^Current/ { c = 1 } c && /^RX:/ { r = $2 } c && /^TX:/ { t = $2 }
		     END { print r, t }'
}

# wait_carrier IF [STATE]: IF's carrier at STATE (1 unless told) within
# 10 s.
wait_carrier() {
	local ifc=$1 want=${2:-1} i
	for i in $(seq 100); do
		[ "$(on "$ifc" cat "/sys/class/net/$ifc/carrier" 2>/dev/null)" = "$want" ] &&
			return 0
		sleep 0.1
	done
	if [ "$want" = 1 ]; then
		echo "no carrier on $ifc"
	else
		echo "$ifc keeps its carrier"
	fi
	return 1
}

quiet_ipv6() {
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# Two stacks joined by the cable: IF0 here, IF1 in $NS, static ARP.
pair_up() {
	quiet_ipv6
	pair_down || return
	ip netns add "$NS"
	in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	in_ns ip link set lo up
	ip link set "$IF1" netns "$NS"
	ip addr flush dev "$IF0"
	ip addr add "$IP0/24" dev "$IF0"
	in_ns ip addr add "$IP1/24" dev "$IF1"
	ip link set "$IF0" up
	in_ns ip link set "$IF1" up
	wait_carrier "$IF0" && wait_carrier "$IF1" || return 1
	ip neigh replace "$IP1" lladdr "$(mac_of "$IF1")" dev "$IF0" nud permanent
	in_ns ip neigh replace "$IP0" lladdr "$(mac_of "$IF0")" dev "$IF1" nud permanent
}

pair_down() {
	local i pids state=
	if ip netns list 2>/dev/null | grep -qw "$NS"; then
		# Nothing may keep the namespace (and so the port) alive.
		pids=$(ip netns pids "$NS" 2>/dev/null)
		[ -n "$pids" ] && kill -9 $pids 2>/dev/null
		# What could hold it, shown if the port does not come back.
		state=$(in_ns sh -c "ss -tanoe; tc -s qdisc show dev $IF1
			grep -H . /sys/class/net/$IF1/queues/tx-*/byte_queue_limits/inflight
			ethtool -S $IF1 | grep tx" 2>&1)
		ip netns del "$NS"
	fi
	# The port comes back to the initial namespace once it is gone.
	for i in $(seq 300); do
		[ -e "/sys/class/net/$IF1" ] && break
		sleep 0.1
	done
	if [ ! -e "/sys/class/net/$IF1" ]; then
		echo "$IF1 did not come back from namespace $NS"
		printf '%s\n' "$state"
		dmesg | tail -n 20
		return 1
	fi
	ip addr flush dev "$IF0" 2>/dev/null
}

# Both ports up in this namespace, no addresses: raw frame tests.
raw_up() {
	quiet_ipv6
	pair_down || return
	ip link set "$IF0" up
	ip link set "$IF1" up
	wait_carrier "$IF0" && wait_carrier "$IF1"
}

# pktgen_send IF DSTMAC COUNT SIZE [PPS] [DSTIP] [FLOWS]: COUNT UDP frames
# of SIZE bytes (without FCS) from IF, at PPS frames/s (0: as fast as it
# goes), to UDP port 9 from FLOWS source ports in turn (default 1).
# PKTGEN_MAX_PPS caps every pktgen rate, flat out included: a slow
# kernel (KASAN) floods itself otherwise.
pktgen_send() {
	local ifc=$1 dst=$2 count=$3 size=$4 pps=${5:-0} dip=${6:-10.77.9.9}
	local flows=${7:-1} max=${PKTGEN_MAX_PPS:-0}
	[ "$max" -gt 0 ] && { [ "$pps" = 0 ] || [ "$pps" -gt "$max" ]; } && pps=$max
	on "$ifc" sh -s <<EOF
[ -e /proc/net/pktgen/pgctrl ] || modprobe pktgen 2>/dev/null
pg() { echo "\$2" > "/proc/net/pktgen/\$1" || { echo "pktgen: \$1: \$2" >&2; exit 1; }; }
pg kpktgend_0 rem_device_all
# The thread removes the devices later: adding one before it has would
# lose the new entry with the old one (slow kernels).
i=0
while [ -e /proc/net/pktgen/$ifc ] && [ \$i -lt 100 ]; do sleep 0.05; i=\$((i + 1)); done
pg kpktgend_0 "add_device $ifc"
pg $ifc "count $count"
pg $ifc "pkt_size $size"
pg $ifc "dst_mac $dst"
pg $ifc "dst $dip"
pg $ifc "src_min 10.77.9.1"
pg $ifc "src_max 10.77.9.1"
pg $ifc "udp_dst_min 9"
pg $ifc "udp_dst_max 9"
pg $ifc "udp_src_min 9"
pg $ifc "udp_src_max $((9 + flows - 1))"
pg $ifc "burst 1"
[ $pps -gt 0 ] && pg $ifc "ratep $pps"
pg pgctrl start
grep -q "Result: OK" /proc/net/pktgen/$ifc || { cat /proc/net/pktgen/$ifc >&2; exit 1; }
pg kpktgend_0 rem_device_all
EOF
}

# The kernel log must stay free of splats: KASAN, lockdep, DMA-API debug,
# kmemleak, page_pool, WARN/BUG.  The log is never cleared (KASAN,
# lockdep and DMA-API debug may report only once, and a cleared log
# would hide the report for good): each check looks at what came after
# the previous one.
SPLATS='BUG:|WARNING: CPU|Oops|Call trace|UBSAN|possible (recursive|circular) locking'
SPLATS+='|inconsistent lock state|DMA-API: .*: device driver|suspected memory leak'
SPLATS+='|stalled pool shutdown|page_pool_release_retry|turning off the locking'
SPLATS+='|DMA-API: debugging out of memory'
# Reports whose first line says what they are, ahead of the stack they
# print (without them, the first line matched would be that stack's "Call
# trace", and the report would be shown without its title): RCU stalls,
# hung tasks, lockups, a spurious interrupt, another CPU's stack.
SPLATS+='|rcu: INFO:|rcu: .*detected stall|INFO: task .* blocked|LOCKUP'
SPLATS+='|workqueue lockup|nobody cared|NMI backtrace|Task dump for CPU'

# Taint bits a module loaded out of tree sets (O, E): ours is.
TAINT_OK=$(((1 << 12) | (1 << 13)))
DMA_DEBUG=/sys/kernel/debug/dma-api

# health_init: make DMA-API debug report every error (it reports one by
# default), and put the first mark in the log.
health_init() {
	[ -w "$DMA_DEBUG/all_errors" ] && echo 1 > "$DMA_DEBUG/all_errors"
	[ -w "$DMA_DEBUG/num_errors" ] && echo 100000 > "$DMA_DEBUG/num_errors"
	_mark=-1
	health_mark
}

# kmemleak_suspects: a forced kmemleak scan's suspects (the first 30
# lines), which are then forgotten: the next call reports only new ones.
# Nothing without kmemleak.
kmemleak_suspects() {
	local k=/sys/kernel/debug/kmemleak
	[ -w "$k" ] || return 0
	echo scan > "$k"
	head -n 30 "$k"
	echo clear > "$k"
}

# health_mark: a new mark in the kernel log; the next check starts there.
health_mark() {
	_mark=$((${_mark:-0} + 1))
	echo "mvneta-selftests: mark $_mark" > /dev/kmsg
}

# health_state: "TAINT DMA-ERRORS DEBUG-LOCKS DMA-DEBUG-OFF", "-" for what
# this kernel does not have.
health_state() {
	local t d=- l=- o=-
	t=$(cat /proc/sys/kernel/tainted)
	[ -r "$DMA_DEBUG/error_count" ] && d=$(cat "$DMA_DEBUG/error_count")
	[ -r "$DMA_DEBUG/disabled" ] && o=$(cat "$DMA_DEBUG/disabled")
	[ -r /proc/lockdep_stats ] &&
		l=$(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats)
	echo "$t $d ${l:--} $o"
}

# A test whose fault injection also hits DMA-API debug's own allocations
# (which switches it off for good) says why in this file first.
DMA_DEBUG_OFF_WHY=/tmp/mvneta-dma-debug-off

# health_check BEFORE: what went wrong in the kernel since health_state
# printed BEFORE and since the last mark in the log: new taint, DMA-API
# errors, lockdep switched off, log splats (the first one shown with
# what follows it), kmemleak suspects (a scan is forced).  Prints the
# findings and fails if there are any.
health_check() {
	local t0 d0 l0 o0 t d l o bad= log first titles leaks
	read -r t0 d0 l0 o0 <<<"$1"
	read -r t d l o <<<"$(health_state)"
	[ $((t & ~t0)) = 0 ] || bad+="kernel newly tainted: $t0 -> $t"$'\n'
	[ "$d" = "$d0" ] || bad+="DMA-API debug errors: $d0 -> $d"$'\n'
	[ "$l" = "$l0" ] || bad+="lockdep debug_locks: $l0 -> $l (lockdep switched off)"$'\n'
	# A debugfs bool: Y once DMA-API debug has switched itself off.
	if [ "$o" != "$o0" ]; then
		if [ -s "$DMA_DEBUG_OFF_WHY" ]; then
			echo "# DMA-API debug switched off, as expected:" \
				"$(cat "$DMA_DEBUG_OFF_WHY")" >&2
		else
			bad+="DMA-API debug disabled itself: it checks nothing now"$'\n'
		fi
	fi
	rm -f "$DMA_DEBUG_OFF_WHY"
	# What came after the previous check's mark in the log.
	log=$(dmesg | awk -v m="mvneta-selftests: mark ${_mark:-0}$" '
		!h && $0 ~ m { h = 1; next } h { print } END { exit !h }') ||
		bad+="kernel log: the mark of the last check is gone (log_buf_len too small?)"$'\n'
	first=$(printf '%s\n' "$log" | grep -m1 -n -E "$SPLATS" | cut -d: -f1)
	if [ -n "$first" ]; then
		# The reports' titles first, as a summary of the log may show
		# only its first lines; then the first report, from its title.
		# A stack with no title known here is shown with the 20 lines
		# before it, where its title must be.
		titles=$(printf '%s\n' "$log" | grep -E "$SPLATS" |
			grep -v 'Call trace' | head -n 4)
		[ -n "$titles" ] || first=$((first > 20 ? first - 20 : 1))
		bad+="kernel log:"$'\n'
		[ -z "$titles" ] || bad+="$titles"$'\n'
		bad+=$(printf '%s\n' "$log" | tail -n +"$first" | head -n 60)
		bad+=$'\n'
	fi
	health_mark
	leaks=$(kmemleak_suspects)
	[ -z "$leaks" ] || bad+="kmemleak:"$'\n'"$leaks"$'\n'
	[ -z "$bad" ] && return 0
	printf '%s' "$bad"
	return 1
}

# wait_ready FILE [WORD]: a receiver (or loader) started in the
# background printed a line starting with WORD (default "ready").
wait_ready() {
	local i
	for i in $(seq 200); do
		grep -q "^${2:-ready}" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "never got ${2:-ready}: $(cat "$1" 2>/dev/null)"
	return 1
}

# count_start IF FILE: mvneta_pkt's frame counter on IF (in this
# namespace) in the background, ready, its pid in _count_pid; count_end
# IF FILE waits until IF has taken every frame sent to it (its receive
# counter held still for 200 ms), then has the counter count what its
# socket holds and stop, and puts the count in _count_got (not to be
# called in a subshell: the counter is this shell's child).  Unlike an
# idle timeout, this cannot cut a count short on a slow kernel, where a
# restart or a sender's start may leave the port quiet for seconds.
count_start() {
	rm -f "$2"
	"$PKT" count -i "$1" -t 600 "${@:3}" > "$2" &
	_count_pid=$!
	wait_ready "$2" || { kill "$_count_pid"; wait "$_count_pid"; return 1; }
}

count_end() {
	local still=0
	wait_still "$1" rx_packets && still=1
	kill -USR1 "$_count_pid"
	wait "$_count_pid"
	_count_got=$(tail -n1 "$2")
	[ "$still" = 1 ]
}

# wait_still IF NAME...: wait (up to 20 s) until IF's counters NAME...
# have held still for 200 ms, that is, until whatever was on its way to
# or from IF (a sender's backlog, replies queued behind a neighbour
# lookup) has arrived or left.  A fixed sleep would be too short on a
# debug kernel and too long everywhere else.
wait_still() {
	local ifc=$1 a b i n
	shift
	b=$(for n in "$@"; do stat "$ifc" "$n"; done)
	for i in $(seq 100); do
		sleep 0.2
		a=$b
		b=$(for n in "$@"; do stat "$ifc" "$n"; done)
		[ "$a" = "$b" ] && return 0
	done
	echo "$ifc: $* still moving after 20 s"
	return 1
}

# ---- page pools as the netdev netlink family shows them (page-pool-get
# and page-pool-stats-get, Linux 6.8; CONFIG_PAGE_POOL_STATS).

# pp_pools: eth0's pools, one "pool ..." line each, and its RX queues
# ("rx-queue ..."), from mvneta_pkt page-pools.
pp_pools() { "$PKT" page-pools -i "$IF0"; }

# pp_field LINE NAME: the value after NAME in one line of pp_pools.
pp_field() {
	awk -v n="$2" '{ for (i = 1; i < NF; i++) if ($i == n) { print $(i + 1); exit } }' <<<"$1"
}

# pp_sum POOLS NAME...: the NAMEs summed over every pool of POOLS.
pp_sum() {
	local pools=$1
	shift
	awk -v names="$*" '
		BEGIN { split(names, n, " "); for (k in n) want[n[k]] = 1 }
		$1 == "pool" { for (i = 3; i < NF; i += 2) if ($i in want) s += $(i + 1) }
		END { print s + 0 }' <<<"$pools"
}

# veth_pair_down NS V0: namespace NS and the veth V0 (with its peer) gone.
veth_pair_down() {
	ip netns del "$1" 2>/dev/null
	ip link del "$2" 2>/dev/null
	true
}

# veth_pair_up NS V0 V1 [MTU]: a veth pair, V0 here and V1 in a new namespace
# NS (IPv6 off there), both up, at MTU if given.
veth_pair_up() {
	veth_pair_down "$1" "$2"
	ip netns add "$1" &&
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 &&
	ip link add "$2" ${4:+mtu "$4"} type veth peer name "$3" ${4:+mtu "$4"} netns "$1" &&
	ip link set "$2" up && ip -n "$1" link set "$3" up ||
		fail "veth pair"
}

# devmap_takes_frags: the kernel lets XDP redirect a frame with
# fragments into a devmap (Linux 6.3, where each device says whether its
# ndo_xdp_xmit takes them); before, xdp_do_redirect() refuses every one.
devmap_takes_frags() {
	local v maj min
	v=$(uname -r)
	maj=${v%%.*}
	min=${v#*.}
	min=${min%%[!0-9]*}
	[ "$maj" -gt 6 ] || { [ "$maj" = 6 ] && [ "$min" -ge 3 ]; }
}

# Our mvneta (this series) or another one, e.g. upstream's.
ours_driver() { modinfo -F description mvneta 2>/dev/null | grep -q 'native XDP'; }

# udp_noports: datagrams the stack received for a port nobody listens on.
udp_noports() {
	awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "NoPorts") c = i; h = 1 }
		       else print $c }' /proc/net/snmp
}

# redirect_up PIN: eth0's program (mvneta_xdp_redirect, pinned under PIN)
# sends every frame out of eth1, addressed to 02:00:00:00:00:99, which
# eth0 filters, so that the frames do not come round again; eth1 gets a
# pass program.
redirect_up() {
	local pin=$1
	rm -rf "$pin"
	bpftool prog loadall "$BPF_DIR/mvneta_xdp_redirect.bpf.o" "$pin" \
		pinmaps "$pin/maps" || fail "load" || return
	bpftool map update pinned "$pin/maps/tx_port" key 0 0 0 0 \
		value $(le32 "$(ifindex_of "$IF1")") ||
		fail "devmap" || return
	bpftool map update pinned "$pin/maps/new_dst" key 0 0 0 0 \
		value 0x02 0 0 0 0 0x99 || fail "new_dst" || return
	ip link set dev "$IF1" xdp obj "$BPF_DIR/mvneta_xdp_pass.bpf.o" sec xdp
	bpftool net attach xdp pinned "$pin/xdp_redirect_devmap" dev "$IF0" ||
		fail "attach"
}

# reflect_check N LEN [RATE]: IF1 sends N frames of LEN bytes at RATE/s
# (default 20000) to IF0, whose XDP_TX program sends them back.  Each
# frame comes back once and byte for byte, or is counted where it was
# dropped: IF0's RX ring full (rx_overrun), its TX ring full
# (rx_xdp_tx_errors), IF1's RX ring full.  At least half must come back.
reflect_check() {
	local n=$1 len=$2 rate=${3:-20000} out res got o0 o1 te tx
	snap rfx "$IF0" rx_xdp_tx rx_xdp_tx_errors rx_overrun
	snap rfy "$IF1" rx_overrun
	out=$(on "$IF1" "$PKT" reflect -i "$IF1" -d "$(mac_of "$IF0")" -n "$n" \
		-l "$len" -r "$rate" -t $((3 + n / rate)) 2>&1)
	res=$(grep '^sent ' <<<"$out")
	got=$(sed -n 's/^sent [0-9]* received \([0-9]*\) exact .*/\1/p' <<<"$res")
	o0=$(delta rfx "$IF0" rx_overrun)
	o1=$(delta rfy "$IF1" rx_overrun)
	te=$(delta rfx "$IF0" rx_xdp_tx_errors)
	tx=$(delta rfx "$IF0" rx_xdp_tx)
	echo "$len bytes: ${res:-no result}; overruns $IF0 $o0, $IF1 $o1;" \
		"XDP_TX $tx, errors $te"
	grep -v '^sent ' <<<"$out" | head -n 5
	expect_eq "$len-byte frames back, byte for byte" "$res" \
		"sent $n received ${got:-?} exact ${got:-?}" &&
	{ ! grep -q duplicates <<<"$out" || fail "frames came back twice"; } &&
	expect_eq "XDP_TX + errors + $IF0 overruns" $((tx + te + o0)) "$n" &&
	expect_eq "back + $IF1 overruns" $((got + o1)) "$tx" &&
	{ [ $((got * 2)) -ge "$n" ] || fail "fewer than half came back"; }
}

# xdp_or_stack SNAP GOT: every frame IF0 received since snapshot SNAP (of
# rx_xdp_drop rx_packets rx_errors rx_dropped) was dropped by a program or
# reached the stack (GOT of them), and the driver flagged or dropped none.
xdp_or_stack() {
	expect_eq "XDP drops + frames to the stack" \
		$(($(delta "$1" "$IF0" rx_xdp_drop) + $2)) \
		"$(delta "$1" "$IF0" rx_packets)" &&
	expect_eq "rx_errors" "$(delta "$1" "$IF0" rx_errors)" 0 &&
	expect_eq "rx_dropped" "$(delta "$1" "$IF0" rx_dropped)" 0
}

# The XDP verdicts' values, as programs' maps take them (read as ${!v}
# too).
# shellcheck disable=SC2034
XDP_ACT_DROP=1
XDP_ACT_PASS=2
XDP_ACT_TX=3
XDP_ACT_REDIRECT=4

# le32 N: N as the 4 bytes bpftool takes for a u32.
le32() { echo $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
# mac_bytes MAC: the address as the bytes bpftool takes.
mac_bytes() { echo "0x${1//:/ 0x}"; }

# map_val MAPNAME KEY: one u32-keyed counter of a BPF map, by map name.
map_val() {
	bpftool -j map lookup name "$1" key $(printf '%d 0 0 0' "$2") |
		jq -r '.formatted.value // .value'
}

has_emu() { [ -n "${MVNETA_EMU:-}" ] && command -v emu-ctl >/dev/null; }

# emu REQUEST...: host-side action in the emulator (see emu-ctl).
emu() { emu-ctl "$@"; }

# model_errors: "CACHE GUEST", what the emulated ports have reported so
# far: lines a driver left in a state that corrupts DMA on a port that is
# not cache-coherent (the board's one count), and bad register or
# descriptor use (both ports).  Empty outside the emulator; fails if a
# count cannot be read.
model_errors() {
	local c g0 g1
	has_emu || return 0
	c=$(emu qom-get eth0 stat-cache-errors) &&
	g0=$(emu qom-get eth0 stat-guest-errors) &&
	g1=$(emu qom-get eth1 stat-guest-errors) || return 1
	echo "$c $((g0 + g1))"
}
