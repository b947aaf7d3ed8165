#!/bin/bash
# make series: the driver, its samples, selftests and documentation as a
# git format-patch series against a pristine kernel tree, with a cover
# letter, one buildable step per patch, written to
# ~/.cache/mvneta-xdp/series/patches.  The base is Debian's
# linux-source-$KVER ($KSRC): KVER=6.12 (the default here, whatever
# lib.sh's default for the board is) or KVER=6.1.
#
# Our files are split by concern, the series by feature.  The series is
# defined in tools/testing/mvneta-emu/series/:
#
#   NN-slug.msg   commit message of patch NN: subject, blank line, body.
#                 The Signed-off-by comes from git config; @NAME@ is the
#                 git user name.
#   NN-slug.tree  the patch's wiring in the kernel tree (Kconfig,
#                 Makefiles, MAINTAINERS, ...): a diff against the 6.12
#                 tree as the patches before it leave it.  "Delete: PATH"
#                 lines above the diff remove files; @MAINTAINER@ is
#                 "name <email>" from git config.
#   NN-slug.6.1.tree  the same for the 6.1 base: NN-slug.$KVER.tree, where
#                 there is one, stands in for NN-slug.tree.
#   NN-slug.peel  the driver patches after the first one: what the patch
#                 changes in the driver directory.  The driver as it is is
#                 the state after the last of them; their peels, applied
#                 in reverse from the last one back, give the state before
#                 each, down to the first driver patch.  "Drops: FILE"
#                 above the diff: FILE comes with this patch.
#   cover-letter.txt  subject line, blank line, blurb; @BASE@,
#                 @BENCHMARK@, @LINES_NEW@ and @LINES_OLD@ are filled in.
#   bench-$KVER.txt  the measured table behind @BENCHMARK@: what
#                 scripts/bench.sh printed (its standard output, as it
#                 is) on the board with the guest kernel of $KVER, both
#                 drivers, default kernel:
#                   KVER=6.12 make board
#                   KVER=6.12 tools/testing/mvneta-emu/scripts/bench.sh \
#                       > tools/testing/mvneta-emu/series/bench-6.12.txt
#                 and committed.  Without it, or if it is for another
#                 kernel or not in that form, the series is not written:
#                 the cover letter never goes out with a placeholder.
#
# A peel that no longer applies to the driver stops the series with the
# rejected hunks.  To fix it:
#   series.sh states    the driver state after each driver patch, into
#                       ~/.cache/mvneta-xdp/series/states/NN-slug/, as far
#                       as the peels apply; the state the failing peel
#                       should have produced is left half done, with .rej
#                       files: finish it by hand and delete them
#   series.sh refresh   rewrite the .peel files from those states
# and run "make series" again.
#
#   series.sh patches   the same patches without the cover letter, so
#                       without the benchmark table, into
#                       ~/.cache/mvneta-xdp/series/patches-check: what
#                       make series-check applies and builds
#
# SUBJECT_PREFIX (default "RFC PATCH") is format-patch's --subject-prefix.

# The series' base: 6.12 unless KVER says otherwise (before lib.sh,
# which has a default of its own for the board).
KVER=${KVER:-6.12}
source "$(dirname "$0")/lib.sh"

SER=$EMU_DIR/series
OUT=$CACHE/series
LINUX=$OUT/linux-$KVER			# git repo: the base, then the series
PATCHES_DIR=$OUT/patches		# the series last made, of either base
CHECK_DIR=$OUT/patches-check		# series.sh patches: series-check's
BENCH=$SER/bench-$KVER.txt
STATES=$OUT/states
DRV_PATH=drivers/net/ethernet/marvell/mvneta
SAMPLES_PATH=samples/bpf/mvneta
SELFTESTS_PATH=tools/testing/selftests/net/mvneta
DOC_PATH=Documentation/networking/device_drivers/ethernet/marvell/mvneta.rst
SUBJECT_PREFIX=${SUBJECT_PREFIX:-RFC PATCH}
# git must never find a repository above the scratch directories.
export GIT_CEILING_DIRECTORIES=$CACHE

# The patches, in order; the driver ones are those from 02-core to the
# last one with a .peel.
PATCH_LIST=()
for f in "$SER"/[0-9][0-9]-*.msg; do
	PATCH_LIST+=("$(basename "$f" .msg)")
done
DRIVER_PATCHES=()
for p in "${PATCH_LIST[@]}"; do
	case $p in 02-*) DRIVER_PATCHES+=("$p") ;; esac
	[ -e "$SER/$p.peel" ] && DRIVER_PATCHES+=("$p")
done
[ "${#PATCH_LIST[@]}" -ge 2 ] && [ "${DRIVER_PATCHES[0]}" = 02-core ] ||
	die "$SER: expected 01-*.msg, 02-core.msg, ..."

# Files of the driver in the series: the tracked ones, without what only
# the out-of-tree build uses (its Makefile, dkms.conf and compat headers).
driver_files() {
	git -C "$TOP_DIR" ls-files -- "$DRV_PATH" |
		grep -v -e '/Makefile$' -e '/dkms\.conf$' -e '/mvneta_compat\.h$' \
			-e "^$DRV_PATH/compat/" | sed "s|^$DRV_PATH/||"
}

# The part of a .peel/.tree file that is the diff, and its header fields.
diff_part() { sed -n '/^\(diff --git \|--- \)/,$p' "$1"; }
header_field() { sed -n '/^\(diff --git \|--- \)/q;'"s/^$2: *//p" "$1"; }

# peel_back FROM TO PATCH: TO becomes the driver state before PATCH, FROM
# the state after it.  Returns 1 (TO left with .rej files) if it fails.
peel_back() {
	local from=$1 to=$2 p=$3 f out
	rm -rf "$to"
	cp -a "$from" "$to"
	if ! out=$(cd "$to" && diff_part "$SER/$p.peel" |
			git apply -R -p1 --reject 2>&1); then
		printf '%s\n' "$out" | sed 's/^/  /' >&2
		return 1
	fi
	for f in $(header_field "$SER/$p.peel" Drops); do
		[ -e "$to/$f" ] || die "$p.peel: Drops $f, which the driver does not have"
		rm "$to/$f"
	done
}

# make_states DIR: DIR/NN-slug for each driver patch, newest first.
make_states() {
	local dir=$1 i p prev
	rm -rf "$dir"
	mkdir -p "$dir"
	p=${DRIVER_PATCHES[-1]}
	mkdir "$dir/$p"
	driver_files | while read -r f; do
		cp -a "$TOP_DIR/$DRV_PATH/$f" "$dir/$p/"
	done
	for ((i = ${#DRIVER_PATCHES[@]} - 1; i > 0; i--)); do
		p=${DRIVER_PATCHES[i]}
		prev=${DRIVER_PATCHES[i - 1]}
		if ! peel_back "$dir/$p" "$dir/$prev" "$p"; then
			FAILED_PEEL=$p
			FAILED_STATE=$prev
			return 1
		fi
	done
}

cmd_states() {
	if make_states "$STATES"; then
		log "states: $STATES (${DRIVER_PATCHES[*]}), every peel applies"
	else
		log "$FAILED_PEEL.peel does not apply: finish $STATES/$FAILED_STATE by hand"
		log "(the .rej files say what is missing; delete them), then: $0 refresh"
	fi
}

cmd_refresh() {
	local i p prev new hdr f drops done=0
	for ((i = 1; i < ${#DRIVER_PATCHES[@]}; i++)); do
		p=${DRIVER_PATCHES[i]}
		prev=${DRIVER_PATCHES[i - 1]}
		if [ ! -d "$STATES/$p" ] || [ ! -d "$STATES/$prev" ]; then
			log "$p.peel: no states $p and $prev to compare, left as it is"
			continue
		fi
		done=$((done + 1))
		if find "$STATES/$prev" -name '*.rej' -o -name '*.orig' | grep -q .; then
			die "$STATES/$prev still has .rej/.orig files"
		fi
		drops=$(cd "$STATES/$p" && for f in *; do
				[ -e "$STATES/$prev/$f" ] || echo "$f"
			done)
		for f in "$STATES/$prev"/*; do
			[ -e "$STATES/$p/$(basename "$f")" ] ||
				die "$(basename "$f") is in $prev but not in $p: a patch cannot delete driver files"
		done
		hdr=$(sed -n '/^\(diff --git \|--- \)/q;/^Drops:/d;p' "$SER/$p.peel" 2>/dev/null || true)
		new=$(mktemp)
		{
			[ -n "$hdr" ] && printf '%s\n' "$hdr"
			for f in $drops; do echo "Drops: $f"; done
			(cd "$STATES" && for f in $(cd "$p" && ls); do
				[ -e "$prev/$f" ] || continue
				diff -u --label "a/$f" --label "b/$f" "$prev/$f" "$p/$f" || :
			done)
		} > "$new"
		if cmp -s "$new" "$SER/$p.peel"; then
			rm "$new"
		else
			mv "$new" "$SER/$p.peel"
			log "rewrote $SER/$p.peel"
		fi
	done
	[ $done -gt 0 ] || die "no states in $STATES: run $0 states first"
	log "peels up to date with $STATES; run $0 states again to check them all"
}

# The pristine base: a git repo of $KSRC, built once per source version.
# base_id: "<VERSION.PATCHLEVEL.SUBLEVEL of its Makefile> <Debian version
# of linux-source-$KVER>".
base_id() {
	local v
	v=$(sed -n 's/^VERSION = //p;s/^PATCHLEVEL = //p;s/^SUBLEVEL = //p' "$KSRC/Makefile" |
		paste -sd.)
	echo "$v $(dpkg-query -W -f='${Version}' "linux-source-$KVER" 2>/dev/null || echo unknown)"
}

ensure_base() {
	local id
	if [ ! -e "$KSRC/Makefile" ]; then	# as kernel.sh unpacks it
		[ -e "/usr/src/linux-source-$KVER.tar.xz" ] ||
			die "linux-source-$KVER not installed (make deps)"
		mkdir -p "$SRC"
		tar -C "$SRC" -xf "/usr/src/linux-source-$KVER.tar.xz"
	fi
	id=$(base_id)
	if [ "$(cat "$LINUX/.git/mvneta-base-id" 2>/dev/null)" = "$id" ] &&
	   git -C "$LINUX" rev-parse -q --verify base >/dev/null; then
		return 0
	fi
	log "base repository from $KSRC (Linux ${id% *}, once) ..."
	rm -rf "$LINUX"
	mkdir -p "$LINUX"
	cp -a "$KSRC/." "$LINUX/"
	git -C "$LINUX" init -q
	git -C "$LINUX" add -A -f
	GIT_AUTHOR_DATE="@0 +0000" GIT_COMMITTER_DATE="@0 +0000" \
		git -C "$LINUX" -c user.name=mvneta-series -c user.email=series@localhost \
		commit -q -m "Linux ${id% *} (Debian linux-source-$KVER ${id#* })"
	git -C "$LINUX" tag base
	echo "$id" > "$LINUX/.git/mvneta-base-id"
}

# Put the tree back to the base, nothing else in it.
reset_tree() {
	git -C "$LINUX" am --abort >/dev/null 2>&1 || true
	git -C "$LINUX" checkout -q -f --detach base
	git -C "$LINUX" clean -q -fdx
}

tree_file() {	# tree_file PATCH: its .tree file for this base, if any
	local t
	for t in "$SER/$1.$KVER.tree" "$SER/$1.tree"; do
		[ -e "$t" ] && echo "$t" && return 0
	done
	return 0
}

apply_tree() {	# apply_tree PATCH
	local t f out
	t=$(tree_file "$1")
	[ -n "$t" ] || return 0
	for f in $(header_field "$t" Delete); do
		git -C "$LINUX" rm -q -- "$f" || die "$1.tree: cannot delete $f"
	done
	if ! out=$(diff_part "$t" | sed "s|@MAINTAINER@|$NAME <$EMAIL>|" |
			git -C "$LINUX" apply --index - 2>&1); then
		printf '%s\n' "$out" | sed 's/^/  /' >&2
		die "$(basename "$t") does not apply to the $KVER tree before $1"
	fi
}

# put_driver STATE [FILE...]: the driver directory of the tree as STATE
# (only FILEs when given); Kbuild is the in-tree Makefile.
put_driver() {
	local st=$1 d=$LINUX/$DRV_PATH f
	shift
	mkdir -p "$d"
	if [ $# = 0 ]; then
		find "$d" -maxdepth 1 -type f -delete
		set -- $(cd "$st" && ls)
	fi
	for f; do
		if [ "$f" = Kbuild ]; then
			cp "$st/Kbuild" "$d/Makefile"
		else
			cp "$st/$f" "$d/$f"
		fi
	done
}

put_repo_files() {	# put_repo_files PATHSPEC: tracked files, as they are here
	git -C "$TOP_DIR" ls-files -- "$1" | while read -r f; do
		mkdir -p "$LINUX/$(dirname "$f")"
		cp -a "$TOP_DIR/$f" "$LINUX/$f"
	done
}

commit_patch() {	# commit_patch PATCH N
	local p=$1 n=$2 msg
	msg=$(sed "s|@NAME@|$NAME|g" "$SER/$p.msg")
	# -f: Debian's .gitignore of the source package ignores everything.
	git -C "$LINUX" add -A -f
	git -C "$LINUX" diff --cached --quiet && die "$p: the patch is empty"
	printf '%s\n\nSigned-off-by: %s <%s>\n' "$msg" "$NAME" "$EMAIL" |
		GIT_AUTHOR_DATE="@$((DATE0 + n)) +0000" \
		GIT_COMMITTER_DATE="@$((DATE0 + n)) +0000" \
		git -C "$LINUX" -c user.name="$NAME" -c user.email="$EMAIL" \
		commit -q -F -
}

# The cover letter's benchmark section, from $BENCH: its table as bench.py
# prints it for two drivers (the base tree's mvneta, then ours), checked
# to be that, for this base and the default kernel, and complete; fails
# (with why on stderr) otherwise.
benchmark_text() {
	[ -e "$BENCH" ] || {
		log "no $BENCH: the cover letter needs the measured table; on $KVER:"
		log "  KVER=$KVER make board"
		log "  KVER=$KVER $EMU_DIR/scripts/bench.sh > $BENCH"
		log "and commit it (see the top of $0)"
		return 1
	}
	KVER=$KVER python3 - "$BENCH" "$EMU_DIR/host/bench.py" <<-'EOF'
	import os, re, sys, textwrap
	path, bench_py = sys.argv[1:]
	kver = os.environ["KVER"]
	def fail(why):
	    sys.exit("%s: %s" % (path, why))
	kernel = per_packet = columns = None
	rows = {}
	for n, line in enumerate(open(path), 1):
	    line = line.rstrip("\n")
	    if line.startswith("# guest kernel:"):
	        kernel = line
	    elif line.startswith("# per packet, medians of "):
	        per_packet = line
	    elif line.startswith("# scenario ") and " ratio " in line:
	        columns = line.split()[1:]
	    elif line.startswith("#") or not line.strip():
	        pass
	    else:
	        f = line.split()
	        if not re.fullmatch(r"[a-z0-9_]+@[a-z0-9]+", f[0]) or len(f) != 14:
	            fail("line %d is not a row of the table: %s" % (n, line))
	        try:
	            rows[f[0]] = [float(x) for x in f[1:]]
	        except ValueError:
	            fail("line %d: not numbers: %s" % (n, line))
	if not kernel:
	    fail("no '# guest kernel:' line (scripts/bench.sh prints it)")
	m = re.search(r"KVER=(\S+) KERNEL=(\S+)", kernel)
	if not m:
	    fail("its '# guest kernel:' line has no KVER=... KERNEL=...")
	if m.group(1) != kver or m.group(2) != "default":
	    fail("measured with %s, not KVER=%s KERNEL=default" % (m.group(0), kver))
	want = ["scenario", "upstream", "ours", "ratio", "sp(upstream)", "sp(ours)",
	        "mmio_rd(upstream)", "mmio_rd(ours)", "mmio_wr(upstream)",
	        "mmio_wr(ours)", "irqs(upstream)", "irqs(ours)",
	        "dc_ops(upstream)", "dc_ops(ours)"]
	if columns != want:
	    fail("not the two-driver table of bench.py (DRIVER unset): columns %s"
	         % columns)
	m = per_packet and re.fullmatch(
	    r"# per packet, medians of (\d+) boots per driver \(interleaved\), "
	    r"(\d+) frames of 64 bytes per window, paced = (\d+)/s, "
	    r"line = (\d+)/s(?: \(\*_9k: [^)]*\))?, "
	    r"guest time from -icount shift=0", per_packet)
	if not m:
	    fail("no '# per packet, medians of ...' line as bench.py prints it")
	boots, frames, paced, line_pps = (int(x) for x in m.groups())
	# Every scenario of bench.py at both rates, in its order.
	src = open(bench_py).read()
	block = src[src.index("SCENARIOS = {"):src.index("TEARDOWN")]
	scen = re.findall(r'^    "([a-z_]+)": ', block, re.M)
	# ... and the jumbo ones the loop after it adds.
	m = re.search(r'^for _s in \(([^)]*)\):\n    SCENARIOS\[_s \+ "(_\w+)"\]',
	              src, re.M)
	if m:
	    scen += [x + m.group(2) for x in re.findall(r'"([a-z_]+)"', m.group(1))]
	order = [s + "@" + r for s in scen for r in ("paced", "line")]
	if sorted(rows) != sorted(order):
	    fail("rows %s, not %s" % (" ".join(rows), " ".join(order)))
	if boots < 3:
	    fail("medians of %d boots: the cover letter wants 3 or more" % boots)
	for k, r in rows.items():
	    if r[0] <= 0 or r[1] <= 0 or abs(r[1] / r[0] - r[2]) > 0.006:
	        fail("%s: instructions %s %s and ratio %s do not agree"
	             % (k, r[0], r[1], r[2]))
	m = re.search(r"\(Linux ([0-9.]+)[,)]", kernel)
	ver = m.group(1) if m else kver
	print(textwrap.fill(
	    "Per 64-byte frame (9018-byte in the *_9k rows, at MTU 9000) "
	    "received on the emulated board (make bench, "
	    "Linux~%s guest): guest time from QEMU -icount shift=0 (an "
	    "instruction is a nanosecond), frames from the NETA model's own "
	    "generator at a paced %d~kpps and at the 1 Gb/s line rate "
	    "(%.3f~Mpps; frames that find the RX ring full are lost and not "
	    "counted), %d~frames a window, medians of %d~boots per driver, "
	    "booted in turn.  \"%s\" is the base tree's mvneta.c, \"series\" "
	    "the driver of this series.  Spread = (max - min) / median across "
	    "boots; DC = cache-line maintenance operations; IRQ = "
	    "interrupt-line raises.  Lower is better."
	    % (ver, paced // 1000, line_pps / 1e6, frames, boots, kver),
	    width=72, break_on_hyphens=False).replace("~", " ") + "\n")
	print("                      instructions           spread %     DC ops"
	      "         IRQs")
	print("  %-18s%7s%7s%6s%7s%6s%6s%5s%7s%6s" % (
	    "scenario", kver, "series", "ratio", kver, "ser.", kver, "ser.",
	    kver, "ser."))
	for k in order:
	    r = rows[k]
	    print("  %-18s%7.1f%7.1f%6.2f%7.2f%6.2f%6.0f%5.0f%7.3f%6.3f" % (
	        k, r[0], r[1], r[2], r[3], r[4], r[11], r[12], r[9], r[10]))
	EOF
}

# The base as it is: Debian's tarball, the upstream version its Makefile
# says, and what the base-commit line that format-patch writes is.
base_text() {
	local ver deb
	ver=$(base_id | cut -d' ' -f1)
	deb=$(base_id | cut -d' ' -f2)
	cat <<-EOF
	Based on Debian's linux-source-$KVER $deb, whose
	Makefile says $ver: v$ver plus Debian's patches.  The
	base-commit below is that tarball's tree committed on its own in a
	local repository, not an upstream commit: no upstream commit id was
	at hand offline.
	EOF
}

write_cover() {
	local cover=$PATCHES_DIR/0000-cover-letter.patch subject blurb base new old
	subject=$(head -n1 "$SER/cover-letter.txt")
	blurb=$(tail -n +3 "$SER/cover-letter.txt")
	base=$(base_text)
	new=$(cat "$LINUX/$DRV_PATH"/*.[ch] | wc -l)
	old=$(git -C "$LINUX" show base:drivers/net/ethernet/marvell/mvneta.c \
		base:drivers/net/ethernet/marvell/mvneta_bm.c \
		base:drivers/net/ethernet/marvell/mvneta_bm.h | wc -l)
	SUBJECT=$subject BLURB=$blurb BENCH=$BENCH_TEXT BASE=$base NEW=$new OLD=$old \
		python3 - "$cover" <<-'EOF'
	import os, sys
	p = sys.argv[1]
	s = open(p).read()
	blurb = os.environ["BLURB"]
	for k, v in (("@BENCHMARK@", "BENCH"), ("@BASE@", "BASE"),
		     ("@LINES_NEW@", "NEW"), ("@LINES_OLD@", "OLD")):
	    if blurb.count(k) != 1:
	        sys.exit("cover-letter.txt: no single '%s'" % k)
	    blurb = blurb.replace(k, os.environ[v])
	for old, new in (("*** SUBJECT HERE ***", os.environ["SUBJECT"]),
			 ("*** BLURB HERE ***", blurb)):
	    if s.count(old) != 1:
	        sys.exit("cover letter: no single '%s'" % old)
	    s = s.replace(old, new)
	open(p, "w").write(s)
	EOF
}

# f_matches REPO "F: PATTERN": the pattern covers tracked files of REPO,
# as get_maintainer.pl reads it: a trailing / takes the tree below, else
# a glob whose * stays within one directory.
f_matches() {
	local pat=${2#F: }
	case $pat in */) pat="$pat**" ;; esac
	git -C "$1" ls-files -- ":(glob)$pat" | grep -q .
}

# The series' MAINTAINERS entry must say what our MAINTAINERS file says
# (but for the emulator, which is not in the series), and each of its F:
# patterns must cover files of the series.  A pattern of ours that covers
# none of our files is stale: noted, not wanted in the series.
check_maintainers() {
	local entry line bad=0
	entry=$(awk '/^MARVELL MVNETA ETHERNET DRIVER$/ { on = 1 } on && /^$/ { exit } on' \
		"$LINUX/MAINTAINERS" | sed 's/^\([A-Z]\):[[:space:]]*/\1: /')
	while read -r line; do
		case $line in
		F:*mvneta-emu*) ;;
		F:*)
			if grep -qxF "$line" <<<"$entry"; then
				:
			elif ! f_matches "$TOP_DIR" "$line"; then
				log "note: $TOP_DIR/MAINTAINERS: '$line' covers no file (stale), not in the series"
			else
				log "MAINTAINERS: '$line' is not in the series' entry"
				bad=1
			fi ;;
		L:*)
			grep -qxF "$line" <<<"$entry" ||
				{ log "MAINTAINERS: '$line' is not in the series' entry"; bad=1; } ;;
		esac
	done < <(sed 's/^\([A-Z]\):[[:space:]]*/\1: /' "$TOP_DIR/MAINTAINERS")
	while read -r line; do
		case $line in F:*)
			f_matches "$LINUX" "$line" ||
				{ log "the series' MAINTAINERS: '$line' covers no file"; bad=1; }
		esac
	done <<<"$entry"
	[ $bad = 0 ] || die "the series' MAINTAINERS does not match $TOP_DIR/MAINTAINERS (see $SER/*.tree)"
}

# cmd_series series|patches: the series with its cover letter into
# $PATCHES_DIR, or (patches, for series-check) the same patches without a
# cover letter into $CHECK_DIR, which needs no benchmark table.
cmd_series() {
	local mode=$1 n=0 p st=$OUT/states-series f dirty out compat
	NAME=$(git -C "$TOP_DIR" config user.name) || die "git config user.name is not set"
	EMAIL=$(git -C "$TOP_DIR" config user.email) || die "git config user.email is not set"
	DATE0=$(git -C "$TOP_DIR" log -1 --format=%at)

	# The measured table comes first: without it there is no cover letter,
	# and no series either, not even the one made before.
	if [ "$mode" = series ]; then
		rm -rf "$PATCHES_DIR"
		[ -e "$BENCH" ] || { benchmark_text || true; die "no $BENCH"; }
	fi

	dirty=$(git -C "$TOP_DIR" status --porcelain -- "$DRV_PATH" "$SAMPLES_PATH" \
		"$SELFTESTS_PATH" "$DOC_PATH" "$SER" | grep -v '^??' || true)
	[ -n "$dirty" ] && log "note: uncommitted changes are in the series:" &&
		printf '%s\n' "$dirty" | sed 's/^/  /' >&2

	if ! make_states "$st"; then
		die "$FAILED_PEEL.peel no longer applies to the driver (hunks above).
  The driver changed in code that patch $FAILED_PEEL adds.  Fix the peel:
    $0 states     # the states, $FAILED_STATE with .rej files
    (finish $STATES/$FAILED_STATE by hand, delete the .rej files)
    $0 refresh    # rewrite the peels from the states"
	fi
	log "driver states: ${DRIVER_PATCHES[*]} (every peel applies)"

	timed "base tree" ensure_base
	if [ "$mode" = series ]; then
		BENCH_TEXT=$(benchmark_text) ||
			die "no benchmark table for the cover letter (above): the series is not written"
	fi
	reset_tree
	git -C "$LINUX" checkout -q -B series base
	for p in "${PATCH_LIST[@]}"; do
		n=$((n + 1))
		apply_tree "$p"
		case $p in
		01-*)	put_driver "$st/02-core" mvneta_hw.h ;;
		esac
		for f in "${DRIVER_PATCHES[@]}"; do
			[ "$f" = "$p" ] && put_driver "$st/$p"
		done
		case $p in
		*-samples)	put_repo_files "$SAMPLES_PATH" ;;
		*-selftests)	put_repo_files "$SELFTESTS_PATH" ;;
		*-docs)		put_repo_files "$DOC_PATH" ;;
		esac
		commit_patch "$p" "$n"
	done
	check_maintainers
	# The end of the series is the project as it is.
	diff -r <(cd "$st/${DRIVER_PATCHES[-1]}" && ls) \
		<(cd "$LINUX/$DRV_PATH" && ls | sed 's/^Makefile$/Kbuild/') >/dev/null ||
		die "the series does not end with the driver's files"
	# What only the out-of-tree build uses never enters the kernel tree.
	compat=$(git -C "$LINUX" diff --name-only base series |
		grep -E "^$DRV_PATH/(mvneta_compat\.h|compat/|dkms\.conf)" || true)
	[ -z "$compat" ] || die "the series carries out-of-tree files: $compat"

	out=$PATCHES_DIR
	[ "$mode" = patches ] && out=$CHECK_DIR
	rm -rf "$out"
	git -C "$LINUX" format-patch -q --cover-letter --base=base \
		--subject-prefix="$SUBJECT_PREFIX" -o "$out" base..series
	if [ "$mode" = patches ]; then
		# Not for sending: the cover letter is made by "series" alone.
		rm "$out"/0000-cover-letter.patch
		git -C "$LINUX" rev-parse base > "$out/base-commit"
	else
		write_cover
	fi
	log "$(ls "$out" | wc -l) files in $out:"
	(cd "$out" && ls) | sed 's/^/  /' >&2
}

case ${1:-series} in
series)		cmd_series series ;;
patches)	cmd_series patches ;;
states)		cmd_states ;;
refresh)	cmd_refresh ;;
*)		die "usage: $0 [series|patches|states|refresh]" ;;
esac
