#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every mvneta selftest (or those named), then check that both ports
# are back in the initial namespace.  The kernel's health is checked
# before the first test file (boot and probe) and after every one: no
# new taint, no DMA-API debug error, lockdep still on, no splat in the
# log since the last check, no kmemleak suspect after a forced scan.  In
# the emulator, a test file also fails if the emulated ports reported a
# bad DMA (a cache line left dirty or stale) or a bad register access.
#
# MVNETA_EXPECTED_SKIPS=FILE: the tests expected to skip here (this
# driver, this kernel), one per line as "FILE TEST NAME", e.g.
# "mvneta_xdp.sh metadata (adjust_meta) seen by tc"; any other skip
# fails, and so does a listed test of a file that ran but did not skip
# (the list is stale).  A line "!FILE TEST NAME" is a test known to hang
# the kernel here: it is not run, and counts as an expected skip.  A
# line "~FILE TEST NAME" is a test known to fail here (the driver is
# wrong): it runs, and its failure counts as a known failure (TAP "ok N
# NAME # XFAIL WHY"); if it passes, it fails (the list is stale).
# MVNETA_ONLY=REGEX runs only the tests whose name
# it matches (see lib.sh); the skip lists are not checked then.
#
# Prints each test's TAP, and a summary line "mvneta: N passed, N failed,
# N skipped".  Exit status: 0 if nothing failed.

cd "$(dirname "$0")" || exit 1
source ./lib.sh

# mvneta_restart.sh last: its page-allocation failures may switch DMA-API
# debug off for whatever runs after it.
all="mvneta_basic.sh mvneta_traffic.sh mvneta_filter.sh mvneta_csum.sh mvneta_proto.sh"
all+=" mvneta_xdp.sh mvneta_xdp_mb.sh"
all+=" mvneta_xdp_redirect.sh mvneta_pool.sh mvneta_faults.sh mvneta_cpu.sh"
all+=" mvneta_link.sh mvneta_pm.sh"
all+=" mvneta_restart.sh"
tests=${*:-$all}
pass=0 failed=0 skipped=0 xfailed=0
skips=

# verdict STATUS NAME [WHY]: one check of the run itself, as a TAP line;
# WHY is shown when it failed.
verdict() {
	if [ "$1" = 0 ]; then
		echo "ok - $2"
		pass=$((pass + 1))
	else
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
		echo "not ok - $2"
		failed=$((failed + 1))
	fi
}

# The kernel as the boot and the probe left it: nothing tainted but the
# out-of-tree module, no splat anywhere in the log so far, no kmemleak
# suspect.
health_init
boot=$(dmesg | grep -E "$SPLATS" | head -n 20)
boot+=$(kmemleak_suspects)
taint=$(cat /proc/sys/kernel/tainted)
[ -z "$boot" ] && [ $((taint & ~TAINT_OK)) = 0 ]
verdict $? "kernel healthy after boot and probe (taint $taint)" "$boot"
health=$(health_state)
gone=
for t in $tests; do
	echo "# ---- $t"
	# Each test starts with both ports in this namespace; once one is
	# lost (held by a namespace that cannot go away), nothing after can
	# run: say so instead of letting every test time out on it.
	if [ -z "$gone" ] && ! out=$(pair_down); then
		printf '%s\n' "$out" | sed 's/^/# /'
		gone=$IF1
	fi
	if [ -n "$gone" ]; then
		echo "not ok - $t not run: $gone is gone"
		failed=$((failed + 1))
		continue
	fi
	before=$(model_errors) || before="unreadable"
	t0=$SECONDS
	out=$(bash "./$t" 2>&1 | tee /dev/stderr; exit "${PIPESTATUS[0]}")
	rc=$?
	after=$(model_errors) || after="unreadable"
	p=$(printf '%s\n' "$out" | grep -E '^ok ' | grep -vEc '# (SKIP|XFAIL)')
	s=$(printf '%s\n' "$out" | grep -cE '^ok .*# SKIP')
	x=$(printf '%s\n' "$out" | grep -cE '^ok .*# XFAIL')
	f=$(printf '%s\n' "$out" | grep -cE '^not ok ')
	plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p' | head -n1)
	# A test that stopped early or failed outside its checks fails too.
	if [ "${plan:-0}" != $((p + s + f + x)) ]; then
		echo "not ok - $t: plan ${plan:-missing}, $((p + s + f + x)) results"
		f=$((f + 1))
	elif [ "$rc" != 0 ] && [ "$rc" != "$KSFT_SKIP" ] && [ "$f" = 0 ]; then
		echo "not ok - $t: exit status $rc with no failed test"
		f=$((f + 1))
	fi
	# The emulated port must not have seen a single bad DMA or register
	# access: a driver bug the model caught but no frame showed.
	if [ "$before" != "$after" ] || [ "$after" = unreadable ]; then
		echo "not ok - $t: the emulated ports' reports went from" \
			"${before:-none} to ${after:-none} (cache lines, guest errors)"
		f=$((f + 1))
	fi
	# A file leaves no XDP program behind: the next one would run under it.
	left=
	for ifc in "$IF0" "$IF1"; do
		on "$ifc" ip -o link show dev "$ifc" 2>/dev/null | grep -q ' prog/xdp' &&
			{ left+=" $ifc"
			  on "$ifc" ip link set dev "$ifc" xdp off 2>/dev/null
			  on "$ifc" ip link set dev "$ifc" xdpgeneric off 2>/dev/null; }
	done
	if [ -n "$left" ]; then
		echo "not ok - $t: left an XDP program on$left"
		f=$((f + 1))
	fi
	# The kernel after this file: what it reported since the last check.
	if ! health_check "$health" > /tmp/mvneta-health.out; then
		sed 's/^/# /' /tmp/mvneta-health.out
		echo "not ok - $t: kernel health"
		f=$((f + 1))
	fi
	health=$(health_state)
	echo "# $t: $((SECONDS - t0)) s with its checks"
	skips+=$(printf '%s\n' "$out" | sed -n "s/^ok [0-9]* \(.*\) # SKIP.*/$t \1/p")$'\n'
	pass=$((pass + p)) skipped=$((skipped + s)) failed=$((failed + f))
	xfailed=$((xfailed + x))
done 2>&1
out=
[ -z "$gone" ] && out=$(pair_down)
verdict $? "both ports back in the initial namespace" "$out"
# Skips: each one expected here, and each expected one seen.
if [ -n "${MVNETA_ONLY:-}" ]; then
	echo "# expected skips not checked: MVNETA_ONLY=$MVNETA_ONLY"
elif [ -n "${MVNETA_EXPECTED_SKIPS:-}" ]; then
	grep -v '^#' "$MVNETA_EXPECTED_SKIPS" | sed '/^$/d; /^~/d; s/^!//' |
		while read -r f rest; do
			case " $tests " in *" $f "*) echo "$f $rest" ;; esac
		done > /tmp/mvneta-skips.want
	printf '%s' "$skips" | sed '/^$/d' > /tmp/mvneta-skips.got
	while IFS= read -r n; do
		echo "not ok - unexpected skip: $n"
		failed=$((failed + 1))
	done < <(grep -Fxv -f /tmp/mvneta-skips.want /tmp/mvneta-skips.got)
	while IFS= read -r n; do
		echo "not ok - expected to skip, but did not: $n (stale list)"
		failed=$((failed + 1))
	done < <(grep -Fxv -f /tmp/mvneta-skips.got /tmp/mvneta-skips.want)
fi
echo "mvneta: $pass passed, $failed failed, $skipped skipped, $xfailed known failures"
[ $failed = 0 ]
