#!/bin/bash
# make series-check: apply the series (the patches of make series, made
# afresh by series.sh patches, which needs no benchmark table) with git am
# to the pristine base, one patch at a time, and after each one:
#   - build drivers/net/ethernet/marvell/ for arm64 with W=1, in a
#     prepared O= directory of our own (the guest kernel's config
#     fragments merged on allnoconfig, as kernel.sh does), and mvneta.ko
#     after the last driver patch;
#   - check that nothing refers to what the patch removed (files, Kconfig
#     symbols, enum constants), and that every driver .c file is in its
#     Makefile;
#   - when the patch adds or changes them, build the XDP samples with
#     their own Makefile (make -C samples/bpf/mvneta: host clang -target
#     bpf and host libbpf; its .gitignore must cover what it builds, its
#     clean target remove it), and the selftests as kselftest builds and
#     installs them (make -C tools/testing/selftests TARGETS=net/mvneta,
#     host gcc), then compile their C files with -Wall -Wextra and their
#     *.bpf.c with clang -target bpf; a warning is a failure;
#   - run checkpatch --strict (CAMELCASE ignored, as lint.sh does).
# Prints "ok N/M <subject>: ..." per patch and a summary line; fails if
# any patch is not ok.  The base is that of series.sh: Debian's
# linux-source-$KVER, KVER=6.12 unless set.
KVER=${KVER:-6.12}
source "$(dirname "$0")/lib.sh"

OUT=$CACHE/series
LINUX=$OUT/linux-$KVER			# series.sh's repository of the base
PATCHES_DIR=$OUT/patches-check
B=$OUT/build-arm64-$KVER		# O= directory
LOGS=$OUT/check-logs
CFGS=("$EMU_DIR/config/kernel.config")
[ -e "$EMU_DIR/config/kernel-$KVER.config" ] && CFGS+=("$EMU_DIR/config/kernel-$KVER.config")
MARVELL=drivers/net/ethernet/marvell
DRV_PATH=$MARVELL/mvneta
SAMPLES_PATH=samples/bpf/mvneta
SELFTESTS_PATH=tools/testing/selftests/net/mvneta
KMAKE=(make -C "$LINUX" O="$B" ARCH=arm64 CROSS_COMPILE="$CROSS")
export GIT_CEILING_DIRECTORIES=$CACHE
# checkpatch runs scripts/spdxcheck.py through "env python3": the
# system's, which has python3-ply and python3-git.
CP_PATH=/usr/bin:/bin:$PATH
T0=$SECONDS

timed "the patches (series.sh patches, base $KVER)" env KVER="$KVER" "$EMU_DIR/scripts/series.sh" patches
[ "$(cat "$PATCHES_DIR/base-commit")" = "$(git -C "$LINUX" rev-parse base)" ] ||
	die "$PATCHES_DIR is not a series on the base in $LINUX"
mapfile -t PATCHES < <(cd "$PATCHES_DIR" 2>/dev/null && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-')
[ "${#PATCHES[@]}" -gt 0 ] || die "no series in $PATCHES_DIR"
NAME=$(git -C "$TOP_DIR" config user.name)
EMAIL=$(git -C "$TOP_DIR" config user.email)
# The last patch that touches the driver directory gets the .ko built.
LAST_DRV=0
for ((i = 0; i < ${#PATCHES[@]}; i++)); do
	grep -q "^+++ b/$DRV_PATH/" "$PATCHES_DIR/${PATCHES[i]}" && LAST_DRV=$((i + 1))
done

# The O= directory, configured and prepared at the base commit, once per
# base and config fragment.
prepare_build() {
	local want
	want="$(git -C "$LINUX" rev-parse base) $(cat "${CFGS[@]}" | sha256sum | cut -c1-16)"
	[ "$(cat "$B/.mvneta-prepared" 2>/dev/null)" = "$want" ] && return 0
	rm -rf "$B"
	mkdir -p "$B"
	git -C "$LINUX" checkout -q -f --detach base
	git -C "$LINUX" clean -q -fdx
	{
		"${KMAKE[@]}" -s allnoconfig
		(cd "$LINUX" && KCONFIG_CONFIG="$B/.config" \
			scripts/kconfig/merge_config.sh -m -O "$B" "$B/.config" "${CFGS[@]}")
		"${KMAKE[@]}" -s olddefconfig
	} > "$B.config.log" 2>&1 || die "configuring $B failed"
	grep -qx CONFIG_MVNETA=m "$B/.config" || die "CONFIG_MVNETA=m not set by ${CFGS[*]}"
	nice -n 19 "${KMAKE[@]}" -s -j"$JOBS" modules_prepare
	echo "$want" > "$B/.mvneta-prepared"
}

# Warnings and errors of a build log, without what modpost says because
# there is no vmlinux in a modules_prepare'd tree (6.12's modpost words
# it as errors, and says how to make them warnings).
build_problems() {
	grep -E '(warning|error|WARNING|ERROR)' "$1" |
		grep -vE 'modpost: "[^"]*" \[.*\] undefined!|vmlinux(\.o)? is missing|Module\.symvers is missing|modpost: suppressed [0-9]+ unresolved symbol warnings|may not have dependencies or modversions|many unresolved symbol (warnings|errors)|KBUILD_MODPOST_WARN=1 to turn errors into warning' ||
		true
}

# What the patch removed must have no users left.
check_refs() {	# check_refs LOG
	local f s bad=0
	for f in $(git -C "$LINUX" diff --name-only --diff-filter=D HEAD~1); do
		if git -C "$LINUX" grep -n -F -e "$f" >>"$1"; then
			bad=1
		fi
		case $f in *.h)
			if git -C "$LINUX" grep -n -E "#include.*[<\"/]$(basename "$f")[>\"]" >>"$1"; then
				bad=1
			fi
		esac
	done
	for s in $(git -C "$LINUX" diff HEAD~1 -- '*Kconfig*' |
			sed -n 's/^-config \([A-Z0-9_]*\)$/\1/p'); do
		git -C "$LINUX" grep -q -E "^(menu)?config $s\$" -- '*Kconfig*' && continue
		if git -C "$LINUX" grep -n -w -e "$s" -e "CONFIG_$s" >>"$1"; then
			bad=1
		fi
	done
	for s in $(git -C "$LINUX" diff HEAD~1 -- 'include/*.h' |
			sed -n 's/^-[[:space:]]*\([A-Z][A-Z0-9_]*\),$/\1/p'); do
		if git -C "$LINUX" grep -n -w -e "$s" >>"$1"; then
			bad=1
		fi
	done
	return $bad
}

# The series is written for Linux 6.12, its default base, but KVER=6.1
# puts it on 6.1: there the driver's objects get what the out-of-tree
# build gives them (the flags of the driver's out-of-tree Makefile: this
# tree's compat header and compat/ directory, which are not part of the
# series).  No other object does: the header stands in for APIs by name,
# for mvneta alone.
compat_args() {	# compat_args: make arguments for the tree as it is now
	local v p c flags
	v=$(sed -n 's/^VERSION = //p' "$LINUX/Makefile")
	p=$(sed -n 's/^PATCHLEVEL = //p' "$LINUX/Makefile")
	[ $((v * 1000 + p)) -lt 6012 ] || return 0
	flags=$(make -s --no-print-directory -C "$TOP_DIR/$DRV_PATH" compat-flags)
	for c in "$LINUX/$DRV_PATH"/*.c; do
		[ -e "$c" ] || continue
		c=$(basename "$c" .c)
		echo "CFLAGS_$c.o=$flags"
	done
}

changed() {	# changed PATHSPEC...: the patch adds or changes files there
	git -C "$LINUX" diff --name-only --diff-filter=AM HEAD~1 -- "$@" | grep -q .
}

# run_logged LOG WHAT CMD...: CMD's output into LOG; says WHAT failed
# (returns 2) or has warnings (returns 1), if it did.
run_logged() {
	local log=$1 what=$2 out
	shift 2
	echo "== $what: $*" >>"$log"
	if ! out=$(nice -n 19 "$@" 2>&1); then
		printf '%s\n' "$out" >>"$log"
		echo "$what failed"
		return 2
	fi
	printf '%s\n' "$out" >>"$log"
	if grep -qE '(warning|error):' <<<"$out"; then
		echo "$what: warnings"
		return 1
	fi
}

# The samples, built by their own Makefile in the tree.
check_samples() {	# check_samples LOG
	local log=$1 d=$LINUX/$SAMPLES_PATH f left rc=0
	run_logged "$log" "make -C $SAMPLES_PATH" \
		make -C "$d" CFLAGS="-Wextra -Wno-unused-parameter" || rc=$?
	if [ $rc = 2 ]; then
		git -C "$LINUX" clean -q -fdx -- "$SAMPLES_PATH"
		return 0
	fi
	for f in "$d"/*.bpf.c; do
		[ -s "${f%.c}.o" ] || echo "$SAMPLES_PATH: $(basename "$f") not built"
	done
	for f in "$d"/*_user.c; do
		[ -e "$f" ] || continue
		[ -x "${f%.c}" ] || echo "$SAMPLES_PATH: $(basename "$f") not built"
	done
	# (the base tree's own .gitignore ignores everything: only theirs)
	if [ -e "$d/.gitignore" ]; then
		left=$(git -C "$LINUX" ls-files --others \
			--exclude-from="$d/.gitignore" -- "$SAMPLES_PATH")
		[ -z "$left" ] || echo "$SAMPLES_PATH/.gitignore misses $(echo $left)"
	else
		echo "$SAMPLES_PATH has no .gitignore"
	fi
	if run_logged "$log" "make -C $SAMPLES_PATH clean" make -C "$d" clean; then
		left=$(git -C "$LINUX" ls-files --others -- "$SAMPLES_PATH")
		[ -z "$left" ] || echo "make -C $SAMPLES_PATH clean leaves $(echo $left)"
	fi
	git -C "$LINUX" clean -q -fdx -- "$SAMPLES_PATH"
}

# The selftests, built and installed as kselftest does it, out of the
# tree.  Prints "note: " for what is fine but worth knowing.
check_selftests() {	# check_selftests LOG TMPDIR
	local log=$1 tmp=$2 f inst=$2/inst/${SELFTESTS_PATH#tools/testing/selftests/}
	run_logged "$log" "kselftest build and install" \
		make -C "$LINUX/tools/testing/selftests" \
		TARGETS="${SELFTESTS_PATH#tools/testing/selftests/}" \
		O="$tmp/build" INSTALL_PATH="$tmp/inst" all install
	[ -d "$inst" ] || return 0
	for f in $(git -C "$LINUX/$SELFTESTS_PATH" ls-files); do
		case $f in Makefile|.gitignore|*/*) continue ;; esac
		[ -e "$inst/$f" ] || [ -e "$inst/${f%.c}" ] ||
			echo "note: its Makefile neither builds nor installs $f"
	done
}

# What the patch adds or changes in the samples and selftests; prints
# what is wrong, if anything, and notes.
check_userspace() {	# check_userspace LOG
	local log=$1 tmp f arch rc=0
	tmp=$(mktemp -d)
	arch=$(gcc -print-multiarch)
	changed "$SAMPLES_PATH" && check_samples "$log"
	changed "$SELFTESTS_PATH" && check_selftests "$log" "$tmp"
	# Every C file of the selftests, with warnings on.
	for f in $(git -C "$LINUX" diff --name-only --diff-filter=AM HEAD~1 -- \
			'tools/testing/selftests/*.c'); do
		case $f in
		*.bpf.c)
			echo "CLANG-BPF $f" >>"$tmp/log"
			clang -O2 -g -Wall -target bpf -I"/usr/include/$arch" \
				-c "$LINUX/$f" -o "$tmp/$(basename "$f").o" >>"$tmp/log" 2>&1 ||
				rc=1 ;;
		*)
			echo "CC $f" >>"$tmp/log"
			gcc -O2 -Wall -Wextra -Wno-unused-parameter \
				-c "$LINUX/$f" -o "$tmp/$(basename "$f").o" >>"$tmp/log" 2>&1 ||
				rc=1 ;;
		esac
	done
	if [ -e "$tmp/log" ]; then
		echo "== selftests' C files, -Wall -Wextra" >>"$log"
		cat "$tmp/log" >>"$log"
		grep -q -E 'warning|error' "$tmp/log" && rc=1
	fi
	[ $rc = 0 ] || echo "selftests' C files do not compile cleanly"
	rm -rf "$tmp"
}

check_patch() {	# check_patch N FILE
	local n=$1 p=$PATCHES_DIR/$2 log=$LOGS/$2.log subject why=() ok=()
	local cp total n_ours n_other bad notes f oks compat
	subject=$(awk '/^Subject: / { s = $0
			while ((getline l) > 0 && l ~ /^[ \t]/) s = s l
			sub(/^Subject: \[[^]]*\] /, "", s); print s; exit }' "$p")
	: > "$log"
	if ! git -C "$LINUX" -c user.name="$NAME" -c user.email="$EMAIL" \
		am -q "$p" >>"$log" 2>&1; then
		echo "not ok $n/${#PATCHES[@]} $subject: does not apply (git am; $log)"
		git -C "$LINUX" am --abort >/dev/null 2>&1 || true
		return 2
	fi

	echo "== olddefconfig" >>"$log"
	"${KMAKE[@]}" -s olddefconfig >"$log.kconfig" 2>&1 || why+=("olddefconfig failed")
	cat "$log.kconfig" >>"$log"
	grep -qi warning "$log.kconfig" && why+=("Kconfig warnings")
	rm -f "$log.kconfig"
	grep -qx CONFIG_MVNETA=m "$B/.config" || why+=("CONFIG_MVNETA=m lost")
	mapfile -t compat < <(compat_args)
	echo "== W=1 $MARVELL/ ${compat[*]}" >>"$log"
	if ! nice -n 19 "${KMAKE[@]}" -j"$JOBS" W=1 "${compat[@]}" "$MARVELL/" \
			>"$log.build" 2>&1; then
		why+=("build failed")
	fi
	if [ "$n" = "$LAST_DRV" ]; then
		echo "== W=1 $DRV_PATH/mvneta.ko" >>"$log.build"
		# No vmlinux here: no BTF for the module either, and no
		# symbols to resolve its own against (6.12's modpost fails
		# on those unless told that they are warnings, as 6.1's are).
		if nice -n 19 "${KMAKE[@]}" -j"$JOBS" W=1 CONFIG_DEBUG_INFO_BTF_MODULES= \
				KBUILD_MODPOST_WARN=1 \
				"${compat[@]}" "$DRV_PATH/mvneta.ko" >>"$log.build" 2>&1 &&
		   [ -s "$B/$DRV_PATH/mvneta.ko" ]; then
			ok+=("mvneta.ko")
		else
			why+=("mvneta.ko not built")
		fi
	fi
	cat "$log.build" >>"$log"
	# Ours: in a file the series has touched so far.  Others are noted.
	git -C "$LINUX" diff --name-only base HEAD > "$log.touched"
	n_ours=$(build_problems "$log.build" | grep -c -F -f "$log.touched" || true)
	n_other=$(build_problems "$log.build" | grep -c -v -F -f "$log.touched" || true)
	[ "$n_ours" = 0 ] || why+=("$n_ours build warnings")
	[ "$n_other" = 0 ] || ok+=("$n_other warnings in untouched files")
	rm -f "$log.build" "$log.touched"

	echo "== references to what the patch removed" >>"$log"
	check_refs "$log" || why+=("dangling references")

	# A driver file the patch brings must be built by it: one that waits
	# for a later patch to be named in the Makefile (our Kbuild, in the
	# tree) is dead code here.
	for f in "$LINUX/$DRV_PATH"/*.c; do
		[ -e "$f" ] || continue
		grep -qw "$(basename "$f" .c).o" "$LINUX/$DRV_PATH/Makefile" ||
			why+=("$(basename "$f") not built (not in the Makefile)")
	done

	if changed samples/bpf tools/testing/selftests; then
		echo "== samples and selftests" >>"$log"
		mapfile -t bad < <(check_userspace "$log")
		notes=()
		for f in "${bad[@]}"; do
			case $f in note:*) notes+=("${f#note: }") ;; esac
		done
		mapfile -t bad < <(printf '%s\n' "${bad[@]}" | grep -v '^note: ' | grep . || true)
		if [ ${#bad[@]} = 0 ]; then
			ok+=("userspace")
		else
			why+=("${bad[@]}")
		fi
		ok+=("${notes[@]}")
	fi

	echo "== checkpatch" >>"$log"
	cp=$(cd "$LINUX" && PATH=$CP_PATH perl scripts/checkpatch.pl --strict \
		--ignore CAMELCASE "$p" 2>&1) || true
	printf '%s\n' "$cp" >>"$log"
	total=$(grep '^total:' <<<"$cp" || true)
	case $total in
	"total: 0 errors, 0 warnings, 0 checks,"*) ;;
	"") why+=("checkpatch did not run") ;;
	*) why+=("checkpatch: $(sed 's/^total: //; s/, [0-9]* lines checked//' <<<"$total")") ;;
	esac
	if grep -q 'Traceback' <<<"$cp"; then
		why+=("checkpatch's spdxcheck failed")
	fi

	if [ ${#why[@]} = 0 ]; then
		oks=$(IFS=';'; echo "${ok[*]}" | sed 's/;/; /g')
		echo "ok $n/${#PATCHES[@]} $subject: builds${oks:+ ($oks)}, checkpatch clean"
		return 0
	fi
	local IFS=';'
	echo "not ok $n/${#PATCHES[@]} $subject: ${why[*]} (log: $log)" | sed 's/;/; /g'
	return 1
}

timed "build directory (arm64, $(basename -a "${CFGS[@]}" | paste -sd+) on allnoconfig, modules_prepare)" prepare_build
rm -rf "$LOGS"
mkdir -p "$LOGS"
git -C "$LINUX" am --abort >/dev/null 2>&1 || true
git -C "$LINUX" checkout -q -f -B check base
git -C "$LINUX" clean -q -fdx
pass=0
fail=0
for ((i = 0; i < ${#PATCHES[@]}; i++)); do
	t=$SECONDS
	rc=0
	line=$(check_patch $((i + 1)) "${PATCHES[i]}") || rc=$?
	log "$line ($((SECONDS - t)) s)"
	if [ $rc = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		[ $rc = 2 ] && break	# the rest cannot apply
	fi
done
log "series-check: $pass/${#PATCHES[@]} patches ok, $fail not ok, in $((SECONDS - T0)) s (logs: $LOGS)"
[ $fail = 0 ] && [ $pass = ${#PATCHES[@]} ]
