#!/bin/bash
# Mutation check: our driver built with one deliberate bug at a time,
# each booted on the emulated board (default kernel) with the selftests
# that must catch it.  Prints per mutant "killed NAME: WHY" (the first
# test that failed; the board dying; or, when every test passed, the
# model's reports: cache errors, guest errors) or "SURVIVED NAME", then
# "killed K of M".  Exit status 1 if one survived or could not be built.
#
#   MUTANTS="rx-sync-short tx-skb-free-early"   only these
#   BASELINE=1       first boot the unmodified driver the same way (the
#                    union of the mutants' tests, per SWIOTLB setting) and
#                    stop if that fails: a kill means nothing otherwise
#   MUTANT_TIMEOUT=seconds   per boot (default 1200, as check.sh)
#
# A mutant is tools/testing/mvneta-emu/mutants/NAME.patch, a unified diff
# that applies with "patch -p1" from the top of the tree.  The text before
# the diff says what it does and why its tests catch it, and carries:
#   Tests: FILE...    selftests to run (arguments of run_all.sh)
#   Swiotlb: force    boot with swiotlb=force (optional)
# The driver directory is copied to $CACHE/mutants/NAME/tree, patched and
# built there like driver.sh does; $CACHE/ours-default/mvneta.ko is left
# alone (vm.sh takes the mutant's module through OURS_KO).  Logs:
# $CACHE/logs/mutant-NAME.log.
export KERNEL=default	# mutants boot the default kernel
source "$(dirname "$0")/lib.sh"

DRV_REL=drivers/net/ethernet/marvell/mvneta
MUT_DIR=$EMU_DIR/mutants
SELFTESTS=$TOP_DIR/tools/testing/selftests/net/mvneta
WORK=$CACHE/mutants
TIMEOUT=${MUTANT_TIMEOUT:-1200}
# Listed in this order; any other mutants/*.patch after them.
ORDER="rx-sync-missing rx-sync-short recycle-sync-short xdp-tx-recycle-early
xdp-xmit-return-early tx-skb-free-early rx-desc-twice tx-doorbell-before-desc"

[ -e "$KBUILD/Module.symvers" ] || die "kernel not built (make kernel)"
mkdir -p "$WORK" "$CACHE/logs"

# field PATCH NAME: the value of "NAME:" in the text before the diff.
field() {
	sed -n -e '/^\(--- \|diff \)/q' -e "s/^$2:[[:space:]]*//p" "$1" | head -n1
}

# build LABEL [PATCH]: $WORK/LABEL/mvneta.ko from a (patched) copy of
# the driver; the tree keeps the driver's path so that the patch applies
# as it does at the top of the real one.  Called as a condition (set -e
# is off in there): every step that can fail returns.
build() {
	local out=$WORK/$1 src=$WORK/$1/tree/$DRV_REL
	rm -rf "$out" && mkdir -p "$src" || return 1
	rsync -a --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod*' --exclude='modules.order' --exclude='Module.symvers' \
		"$TOP_DIR/$DRV_REL/" "$src/" 2>/dev/null ||
		{ rm -rf "$src"; cp -a "$TOP_DIR/$DRV_REL" "$src"; }
	if [ -n "${2:-}" ]; then
		# No fuzz: a mutant that no longer matches the driver must be
		# refreshed, not applied somewhere else.
		patch -s -p1 --fuzz=0 --no-backup-if-mismatch -d "$out/tree" < "$2" ||
			{ log "$1: the patch does not apply"; return 1; }
	fi
	# The driver's Makefile, as driver.sh.  W= rather than driver.sh's
	# W=1: a deliberate bug may warn (an unused variable), and a warning
	# must not stop it from being built.
	make -s -C "$src" KDIR="$KBUILD" ARCH=arm64 CROSS_COMPILE="$CROSS" \
		W= > "$out/build.log" 2>&1 ||
		{ cat "$out/build.log" >&2; log "$1: build failed"; return 1; }
	cp "$src/mvneta.ko" "$out/mvneta.ko" &&
		"${CROSS}strip" --strip-debug "$out/mvneta.ko"
}

# The guest job: the tests, then the model's counts as the host agent
# reads them over QMP.  stat-cache-errors is the board's one count (both
# ports answer it); stat-guest-errors is per port.
job() {	# job TESTS...
	cat <<EOF
bash /opt/mvneta/selftests/run_all.sh $*
rc=\$?
for d in eth0 eth1; do
	for p in stat-cache-errors stat-guest-errors; do
		v=\$(emu-ctl qom-get \$d \$p 2>/dev/null) || v=unreadable
		echo "MUTANT-STAT \$d \$p \$v"
	done
done
exit \$rc
EOF
}

# boot LABEL KO SWIOTLB TESTS...: one board; sets RC and LOG.
boot() {
	local label=$1 ko=$2 swiotlb=$3
	shift 3
	LOG=$CACHE/logs/mutant-$label.log
	log "$label: booting${swiotlb:+ with swiotlb=$swiotlb}: $*"
	if OURS_KO=$ko DRIVER=ours KERNEL=default SWIOTLB=$swiotlb \
		VM_TIMEOUT=$TIMEOUT "$EMU_DIR/scripts/vm.sh" "$(job "$@")" 2>&1 |
		tee "$LOG" | grep -a --line-buffered -E '^(# ---- |not ok)' |
		sed -u 's/^/    /' >&2; then
		RC=0
	else
		RC=${PIPESTATUS[0]}
	fi
}

# first_failure LOG: "FILE: test" of the first "not ok" line.
first_failure() {
	tr -d '\r' < "$1" | awk '
		/^# ---- / { file = $3 }
		/^not ok/ {
			sub(/^not ok [0-9]* *(- )?/, "")
			if (/^(both ports back|kernel log clean)/) file = "run_all.sh"
			if (file != "" && index($0, file) != 1) $0 = file ": " $0
			print; exit
		}'
}

# model_stat LOG NAME max|sum: the two ports' values, "?" if unread.
model_stat() {
	tr -d '\r' < "$1" | awk -v p="$2" -v how="$3" '
		$1 == "MUTANT-STAT" && $3 == p {
			n++
			if ($4 !~ /^[0-9]+$/) { bad = 1; next }
			if (how == "sum") v += $4; else if ($4 > v) v = $4
		}
		END { print (n == 0 || bad) ? "?" : v + 0 }'
}

# verdict: why the last boot failed, or nothing if it did not.
verdict() {
	local why c g model=""
	why=$(first_failure "$LOG")
	if [ -z "$why" ]; then
		case $RC in
		0) ;;
		98) why="the module did not load" ;;
		99) why="the board died or hung (no job status, limit $TIMEOUT s)" ;;
		*) why="job exit status $RC" ;;
		esac
	fi
	c=$(model_stat "$LOG" stat-cache-errors max)
	g=$(model_stat "$LOG" stat-guest-errors sum)
	[ "$c" = 0 ] || [ "$c" = "?" ] || model="cache errors: $c"
	[ "$g" = 0 ] || [ "$g" = "?" ] || model="${model:+$model, }guest errors: $g"
	if [ "$RC" != 99 ] && { [ "$c" = "?" ] || [ "$g" = "?" ]; }; then
		log "warning: the model's counts could not be read (see $LOG)"
	fi
	if [ -n "$why" ] && [ -n "$model" ]; then
		echo "$why ($model)"
	else
		echo "${why:-$model}"
	fi
}

# The selection, in ORDER.
if [ -n "${MUTANTS:-}" ]; then
	sel=$MUTANTS
else
	sel=
	for m in $ORDER; do
		[ -e "$MUT_DIR/$m.patch" ] && sel+=" $m"
	done
	for p in "$MUT_DIR"/*.patch; do
		[ -e "$p" ] || continue
		m=$(basename "$p" .patch)
		case " $ORDER " in *[[:space:]]"${m}"[[:space:]]*) ;; *) sel+=" $m" ;; esac
	done
fi
[ -n "${sel// /}" ] || die "no mutants in $MUT_DIR"

# Each mutant's tests and SWIOTLB setting, checked before any boot.
declare -A TESTS_OF SWIOTLB_OF
for m in $sel; do
	p=$MUT_DIR/$m.patch
	[ -e "$p" ] || die "no mutant $m ($p)"
	TESTS_OF[$m]=$(field "$p" Tests)
	SWIOTLB_OF[$m]=$(field "$p" Swiotlb)
	[ -n "${TESTS_OF[$m]}" ] || die "$p: no Tests: line"
	for t in ${TESTS_OF[$m]}; do
		[ -e "$SELFTESTS/$t" ] || die "$p: no selftest $t"
	done
	case ${SWIOTLB_OF[$m]} in ""|force) ;; *) die "$p: Swiotlb: force or nothing" ;; esac
done

if [ -n "${BASELINE:-}" ]; then
	log "baseline: building the unmodified driver"
	build baseline || die "the unmodified driver does not build"
	for s in "" force; do
		tests=
		for m in $sel; do
			[ "${SWIOTLB_OF[$m]}" = "$s" ] || continue
			for t in ${TESTS_OF[$m]}; do
				case " $tests " in *" $t "*) ;; *) tests+=" $t" ;; esac
			done
		done
		[ -n "$tests" ] || continue
		# shellcheck disable=SC2086
		boot "baseline${s:+-swiotlb}" "$WORK/baseline/mvneta.ko" "$s" $tests
		why=$(verdict)
		[ -z "$why" ] || die "baseline${s:+ with swiotlb=$s} fails: $why"
		log "baseline${s:+ with swiotlb=$s}: passes"
	done
fi

total=0
killed=0
bad=0
for m in $sel; do
	total=$((total + 1))
	log "$m: building"
	if ! build "$m" "$MUT_DIR/$m.patch"; then
		echo "ERROR $m: could not be built (see above)"
		bad=$((bad + 1))
		continue
	fi
	# shellcheck disable=SC2086
	boot "$m" "$WORK/$m/mvneta.ko" "${SWIOTLB_OF[$m]}" ${TESTS_OF[$m]}
	why=$(verdict)
	if [ -n "$why" ]; then
		echo "killed $m: $why"
		killed=$((killed + 1))
	else
		echo "SURVIVED $m"
		bad=$((bad + 1))
	fi
done

echo "killed $killed of $total"
[ $bad = 0 ]
