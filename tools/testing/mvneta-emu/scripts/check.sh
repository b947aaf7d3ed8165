#!/bin/bash
# The whole suite: the selftests on the emulated board, once per driver
# (DRIVERS="upstream ours") on Linux $KVER (6.12 unless told), in one
# boot each; then ours again on the debug kernel (KASAN, lockdep,
# DMA-API debug, kmemleak) and on Linux 6.1 (Debian 12) with
# swiotlb=force (every DMA bounced: a missing sync shows as wrong
# bytes); then the model's own robustness check (guest fuzzer).  Ends
# with "N passed, N failed".
#
#   STRESS="debug 6.1-swiotlb"  the extra runs of ours (STRESS= skips
#                            them): debug, swiotlb (on $KVER), 6.1 or
#                            6.12 (ours on that kernel), 6.1-swiotlb or
#                            6.12-swiotlb (that kernel, bounced)
#   DRIVERS=none             only the STRESS runs
#   TESTS="mvneta_xdp.sh"    only these selftests (DEBUG_TESTS: those
#                            of the debug kernel, see below)
#   ARM_BOARDS="38x 370"     the 32-bit board's flavours, each driver
#                            (ARM_BOARDS= skips them; ARM_TESTS="..."
#                            runs those files instead of the few chosen)
#   NO_FUZZ=1                no fuzzer run
#   ONLY="REGEX"             only the tests whose name matches (with TESTS)
source "$(dirname "$0")/lib.sh"

DRIVERS=${DRIVERS:-${DRIVER:-upstream ours}}
TESTS=${TESTS:-}
ONLY=${ONLY:-}
STRESS=${STRESS-debug 6.1-swiotlb}
# Under KASAN, lockdep, kmemleak and DMA-API debug, in TCG, each file
# takes 3 to 5 times as long as on the default kernel (6.12: basic 97 s
# against 22, traffic 286 against 95), and the whole suite took 40 min
# there on 6.1: more than CI can give it on top of three kernel builds
# and four other boots.  The debug kernel looks for memory, DMA and
# locking bugs, so it runs the files that allocate, map, recycle, restart
# and lock: probe and remove, XDP (multi-buffer included), redirects,
# page_pool, faults, suspend and resume, and restarts.  The others (traffic counters, filters,
# checksums, protocols through the stack) run on the three other kernels.
DEBUG_TESTS=${DEBUG_TESTS:-${TESTS:-mvneta_basic.sh mvneta_xdp.sh mvneta_xdp_mb.sh mvneta_xdp_redirect.sh mvneta_pool.sh mvneta_faults.sh mvneta_pm.sh mvneta_restart.sh}}
total_pass=0
total_fail=0
total_skip=0
total_xfail=0
# Each run's summary and each failed test, printed again at the end: CI
# shows only the last lines of a long output.
recap=()

# A known failure (a "~" line of the expected skips) is the rival's, and
# its facts are written beside it; ours has none.
grep -Eq '^(ours|\*)[[:space:]]+[^[:space:]]+[[:space:]]+~' "$EMU_DIR/config/expected-skips" &&
	die "expected-skips: a known failure of ours; fix the driver instead"

# Each failed test with the diagnostic lines it printed before its verdict,
# so that CI's output says why, not only what: the first 6 (where a kernel
# report starts with what it is) and the last 9, at most 15 in all.
failures() {	# failures LOG DRIVER-LABEL
	awk -v l="$2" '
		/^(ok|# ----)/ { n = 0; next }
		/^not ok/ {
			print "  " l ": " $0
			for (i = 0; i < n; i++)
				if (n <= 15 || i < 6 || i >= n - 9)
					print "  " l ":   " b[i]
				else if (i == 6)
					print "  " l ":   # [" n - 15 " lines]"
			n = 0; next
		}
		/^#/ { b[n++] = $0 }' "$1" >&2 || true
}

# The suite's progress as it runs: each verdict, each file, the summary,
# and above a failed test the diagnostic lines it printed (the first 6 and
# the last 9, as failures() shows them), so that what CI shows around a
# failure says why.
progress() {
	# A shell loop, not awk: mawk reads a pipe in blocks, and would hold
	# the progress back until a suite ends.
	local line s
	local -a b=()
	while IFS= read -r line; do
		case $line in
		ok* | '# ----'* | mvneta:*)
			b=()
			printf '%s\n' "$line" ;;
		'not ok'*)
			if [ ${#b[@]} -gt 15 ]; then
				printf '%s\n' "${b[@]:0:6}" \
					"# [$((${#b[@]} - 15)) lines]" "${b[@]: -9}"
			elif [ ${#b[@]} -gt 0 ]; then
				printf '%s\n' "${b[@]}"
			fi
			b=()
			printf '%s\n' "$line" ;;
		'#'*)
			b+=("$line") ;;
		esac
	done
}

count() {	# count LOG DRIVER-LABEL
	local line p f s x
	line=$(grep -a 'mvneta: [0-9]* passed' "$1" | tail -n1) || true
	if [ -z "$line" ]; then
		log "$2: the suite did not finish"
		recap+=("$2: the suite did not finish")
		failures "$1" "$2"
		tail -n 30 "$1" >&2
		total_fail=$((total_fail + 1))
		return
	fi
	p=$(sed 's/.*mvneta: \([0-9]*\) passed.*/\1/' <<<"$line")
	f=$(sed 's/.* \([0-9]*\) failed.*/\1/' <<<"$line")
	s=$(sed 's/.* \([0-9]*\) skipped.*/\1/' <<<"$line")
	x=$(sed -n 's/.* \([0-9]*\) known failures.*/\1/p' <<<"$line")
	log "$2: $p passed, $f failed, $s skipped, ${x:-0} known failures"
	recap+=("$2: $p passed, $f failed, $s skipped, ${x:-0} known failures")
	while IFS= read -r line; do
		recap+=("  $line")
	done < <(grep -a '^not ok' "$1")
	failures "$1" "$2"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	total_xfail=$((total_xfail + ${x:-0}))
}

# A port wired to the host: frames from the host generator come back
# through XDP_TX, every one, byte for byte, but for those the port found
# no room for and counted.  10000 frames/s: at 20000, on CI's host,
# upstream (one XDP_TX doorbell a frame) let 236 frames (1.2%) find its
# 512-descriptor ring full, ours none.
host_wire() {	# host_wire DRIVER
	local run out n=${HOST_FRAMES:-20000} pps=10000
	run=$(mktemp -d /tmp/mvneta-wire.XXXXXX)
	DRIVER=$1 TOPO=host RUN=$run VM_TIMEOUT=600 "$EMU_DIR/scripts/vm.sh" "
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 &&
ip link set eth0 up && sleep 1 &&
ip link set dev eth0 xdp obj /opt/mvneta/bpf/mvneta_xdp_tx.bpf.o sec xdp &&
echo HOST-WIRE-READY && emu-ctl wait-file done &&
ethtool -S eth0 | grep -wE 'rx_xdp_tx|rx_overrun' &&
echo MODEL-REPORTS=\$(emu-ctl qom-get eth0 stat-cache-errors)/\$(emu-ctl qom-get eth0 stat-guest-errors)" \
		> "$CACHE/logs/host-wire-$1.log" 2>&1 &
	local pid=$!
	if wait_console "$run/console.log" HOST-WIRE-READY $pid; then
		out=$("$TRAFGEN" -s "$run/wire0" -d 52:54:00:37:20:10 -n "$n" \
			-l 128 -r $pps -t 2 -x -w "$run/capture.pcap") || true
	fi
	touch "$run/done"
	wait $pid
	# Every frame comes back byte for byte but for those a full RX ring
	# dropped and counted; the port reported no dirty or stale cache line
	# and no bad access.  Overruns measure the host more than the driver
	# (a stall of the emulator longer than the ring lasts), so they are
	# capped at 5%: enough to catch a driver that stops refilling or
	# falls behind for good, which loses far more.
	local got over
	got=$(sed -n 's/^sent [0-9]* received \([0-9]*\) exact .*/\1/p' <<<"${out:-}")
	over=$(sed -n 's/^ *rx_overrun: \([0-9]*\).*/\1/p' "$run/console.log" | tr -d '\r')
	if [ -n "$got" ] && [ -n "$over" ] &&
	   [ "$out" = "sent $n received $got exact $got" ] &&
	   [ $((got + over)) = "$n" ] && [ $((over * 100)) -le $((n * 5)) ] &&
	   grep -aq "rx_xdp_tx: $got" "$run/console.log" &&
	   grep -aq "^MODEL-REPORTS=0/0" "$run/console.log"; then
		log "ok - DRIVER=$1: host wire, $n frames at $pps pps reflected byte for byte ($over counted overruns)"
		total_pass=$((total_pass + 1))
	else
		local why
		why="${out:-no result}, overruns ${over:-?}, $(grep -a '^MODEL-REPORTS=' "$run/console.log" || echo 'no model reports')"
		log "not ok - DRIVER=$1: host wire: $why"
		recap+=("not ok - DRIVER=$1: host wire: $why")
		tail -5 "$run/console.log" >&2
		total_fail=$((total_fail + 1))
	fi
	rm -rf "$run"
}

mkdir -p "$CACHE/logs"
build_host_tools
suite() {	# suite DRIVER KERNEL SWIOTLB [KVER [BOARD]]
	local kv=${4:-$KVER} board=${5:-$BOARD} tag=
	[ "$board" = 3720 ] || tag=-$board
	local label="DRIVER=$1 KVER=$kv KERNEL=$2${3:+ SWIOTLB=$3}${tag:+ BOARD=$board}"
	local out=$CACHE/logs/check-$1-$kv-$2${3:+-swiotlb}$tag.log

	local limit=1200 load=

	# KASAN and friends under TCG: the debug kernel looks for memory and
	# locking bugs, not throughput.  It takes a few thousand frames/s at
	# best and overran 30 to 60% of 2000 frames/s in XDP_PASS, cpumap
	# and xdp-bench, so the emulated port (which drops what finds the
	# ring full, as the hardware does) gets 1000 frames/s at most from
	# pktgen, 20000 for the million-frame test, and overruns are not
	# capped there: every frame must still be delivered or counted.
	if [ "$2" = debug ]; then
		limit=3600
		load="UDP_FRAMES=20000 UDP_PPS=1000 PKTGEN_MAX_PPS=1000 MAX_OVERRUN_PCT=100"
		# mvneta_proto.sh took 11 minutes at its defaults there.
		load+=" PROTO_TCP_BYTES=262144 PROTO_UDP_N=50"
	fi
	local qlog=$CACHE/logs/qemu-$1-$kv-$2${3:+-swiotlb}$tag.log
	rm -f "$qlog"
	log "suite: $label"
	DRIVER=$1 KVER=$kv KERNEL=$2 SWIOTLB=$3 BOARD=$board VM_TIMEOUT=$limit \
		QEMU_EXTRA="-d guest_errors -D $qlog" "$EMU_DIR/scripts/vm.sh" \
		"awk -v d=$1 -v k=$2 -v v=$kv -v b=$board '\$1 !~ /^#/ && NF > 2 &&
			(\$1 == d || \$1 == \"*\") &&
			(\$2 == k || \$2 == v || \$2 == v \"-\" k || \$2 == b ||
			 \$2 == \"*\") {
				\$1 = \"\"; \$2 = \"\"; sub(/^ +/, \"\"); print }' \
			/etc/mvneta-emu/expected-skips > /tmp/expected-skips &&
		MVNETA_EXPECTED_SKIPS=/tmp/expected-skips MVNETA_ONLY='$ONLY' $load \
		bash /opt/mvneta/selftests/run_all.sh $TESTS" 2>&1 | tee "$out" |
		progress || true
	# What the model reported (a test file failed on it): the first lines.
	if grep -q 'neta' "$qlog" 2>/dev/null; then
		log "$label: the model's first reports ($qlog):"
		grep 'neta' "$qlog" | head -n 10 >&2
	fi
	count "$out" "$label"
}

for d in $DRIVERS; do
	[ "$d" = none ] && continue	# DRIVERS=none: only the STRESS runs
	host_wire "$d"
	suite "$d" "$KERNEL" "${SWIOTLB:-}"
done

for s in $STRESS; do
	case $s in
	debug)
		KERNEL=debug "$EMU_DIR/scripts/kernel.sh"
		KERNEL=debug "$EMU_DIR/scripts/driver.sh"
		TESTS=$DEBUG_TESTS suite ours debug ""
		;;
	swiotlb)
		suite ours "$KERNEL" force
		;;
	6.1 | 6.12 | 6.1-swiotlb | 6.12-swiotlb)
		v=${s%-swiotlb}
		[ "$v" = "$KVER" ] && die "STRESS=$s: that is KVER already"
		KVER=$v "$EMU_DIR/scripts/rootfs.sh"
		KVER=$v KERNEL=default "$EMU_DIR/scripts/kernel.sh"
		KVER=$v KERNEL=default "$EMU_DIR/scripts/driver.sh"
		suite ours default "$([ "$v" = "$s" ] || echo force)" "$v"
		;;
	*) die "STRESS: debug, swiotlb, 6.1[-swiotlb] or 6.12[-swiotlb], not $s" ;;
	esac
done

# The 32-bit board: the Armada 38x flavour (coherent, the buffer manager
# in its device tree) and the 370 one (not coherent), per-CPU interrupts,
# CPU hotplug.  Its own kernel (10.75 minutes to build), rootfs and
# driver build, then each flavour with each driver, in one boot, on the
# files that exercise what sets these ports apart: probe, per-CPU
# interrupts and the buffer manager's device tree (mvneta_basic.sh), CPU
# hotplug and the RX queue's CPU (mvneta_cpu.sh), and on the 38x the
# in-band SGMII link of eth1 (mvneta_link.sh) and suspend and resume with
# the per-CPU interrupt and the power cut (mvneta_pm.sh); on the 370 the
# links through copper PHYs and their EEE (mvneta_link.sh); ours also XDP
# (mvneta_xdp.sh) where the port is not coherent.  The rest of the data
# path is the same code as on the 3720 board, which runs every file, and
# upstream passed every file on both flavours when the model was made
# (about 14 minutes a flavour: too long for CI).  6.12 only.
ARM_BOARDS=${ARM_BOARDS-38x 370}
if [ -n "$ARM_BOARDS" ] && [ "$KVER" = 6.12 ] && [ "$DRIVERS" != none ]; then
	for step in kernel rootfs guest-tools driver; do
		BOARD=38x KERNEL=default "$EMU_DIR/scripts/$step.sh"
	done
	for b in $ARM_BOARDS; do
		for d in $DRIVERS; do
			arm_tests="mvneta_basic.sh mvneta_cpu.sh"
			[ "$b" = 38x ] && arm_tests+=" mvneta_link.sh mvneta_pm.sh"
			[ "$b" = 370 ] && arm_tests+=" mvneta_link.sh"
			[ "$b:$d" = 370:ours ] && arm_tests+=" mvneta_xdp.sh"
			TESTS=${ARM_TESTS:-$arm_tests} suite "$d" default "" "$KVER" "$b"
		done
	done
fi

if [ -z "${NO_FUZZ:-}" ]; then
	secs=${FUZZ_SECS:-60}
	qlog=$CACHE/logs/fuzz-qemu.log
	rm -f "$qlog"
	log "model fuzz: $secs s of hostile register and descriptor writes"
	if DRIVER=upstream APPEND_EXTRA=mem=768M VM_TIMEOUT=$((secs + 120)) \
		QEMU_EXTRA="-d guest_errors -D $qlog" "$EMU_DIR/scripts/vm.sh" \
		"bash /opt/mvneta/bin/fuzz.sh $secs" > "$CACHE/logs/fuzz.log" 2>&1 &&
		[ -s "$qlog" ]; then
		log "ok - QEMU survived $secs s of fuzzing, $(grep -c '' "$qlog") guest errors logged ($(grep -a 'neta_fuzz:' "$CACHE/logs/fuzz.log" | tr '\n' ' '))"
		total_pass=$((total_pass + 1))
	else
		tail -20 "$CACHE/logs/fuzz.log" >&2
		log "not ok - fuzzer run (QEMU died, the board hung, or nothing was logged)"
		recap+=("not ok - fuzzer run")
		total_fail=$((total_fail + 1))
	fi
fi

printf '# %s\n' "${recap[@]}"
echo "$total_pass passed, $total_fail failed, $total_skip skipped, $total_xfail known failures of upstream"
[ $total_fail = 0 ]
