#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every mvneta selftest (or those named), then check that both ports
# are back in the initial namespace and that the kernel log is clean.
# In the emulator, a test also fails if the emulated ports reported a bad
# DMA (a cache line left dirty or stale) or a bad register access.
# Prints each test's TAP, and a summary line "mvneta: N passed, N failed,
# N skipped".  Exit status: 0 if nothing failed.

cd "$(dirname "$0")" || exit 1
source ./lib.sh

all="mvneta_basic.sh mvneta_traffic.sh mvneta_filter.sh mvneta_csum.sh mvneta_xdp.sh"
all+=" mvneta_xdp_redirect.sh mvneta_pool.sh mvneta_restart.sh mvneta_faults.sh"
tests=${*:-$all}
pass=0 failed=0 skipped=0
dmesg -c >/dev/null 2>&1	# start from a clean log
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
	out=$(bash "./$t" 2>&1 | tee /dev/stderr; exit "${PIPESTATUS[0]}")
	rc=$?
	after=$(model_errors) || after="unreadable"
	p=$(printf '%s\n' "$out" | grep -E '^ok ' | grep -vc '# SKIP')
	s=$(printf '%s\n' "$out" | grep -cE '^ok .*# SKIP')
	f=$(printf '%s\n' "$out" | grep -cE '^not ok ')
	plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p' | head -n1)
	# A test that stopped early or failed outside its checks fails too.
	if [ "${plan:-0}" != $((p + s + f)) ]; then
		echo "not ok - $t: plan ${plan:-missing}, $((p + s + f)) results"
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
	pass=$((pass + p)) skipped=$((skipped + s)) failed=$((failed + f))
done 2>&1
if [ -z "$gone" ] && out=$(pair_down); then
	echo "ok - both ports back in the initial namespace"
	pass=$((pass + 1))
else
	printf '%s\n' "${out:-}" | sed 's/^/# /'
	echo "not ok - both ports back in the initial namespace"
	failed=$((failed + 1))
fi
if dmesg_clean; then
	echo "ok - kernel log clean"
	pass=$((pass + 1))
else
	echo "not ok - kernel log clean"
	failed=$((failed + 1))
fi
echo "mvneta: $pass passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
