#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every mvneta selftest (or those named), then check the kernel log.
# Prints each test's TAP, and a summary line "mvneta: N passed, N failed,
# N skipped".  Exit status: 0 if nothing failed.

cd "$(dirname "$0")" || exit 1
source ./lib.sh

all="mvneta_basic.sh mvneta_traffic.sh mvneta_filter.sh mvneta_csum.sh mvneta_xdp.sh"
all+=" mvneta_xdp_redirect.sh mvneta_pool.sh mvneta_faults.sh"
tests=${*:-$all}
pass=0 failed=0 skipped=0
dmesg -c >/dev/null 2>&1	# start from a clean log
for t in $tests; do
	echo "# ---- $t"
	out=$(bash "./$t" 2>&1 | tee /dev/stderr)
	pass=$((pass + $(printf '%s\n' "$out" | grep -E '^ok ' | grep -vc '# SKIP')))
	skipped=$((skipped + $(printf '%s\n' "$out" | grep -cE '^ok .*# SKIP')))
	failed=$((failed + $(printf '%s\n' "$out" | grep -cE '^not ok ')))
done 2>&1
if dmesg_clean; then
	echo "ok - kernel log clean"
	pass=$((pass + 1))
else
	echo "not ok - kernel log clean"
	failed=$((failed + 1))
fi
echo "mvneta: $pass passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
