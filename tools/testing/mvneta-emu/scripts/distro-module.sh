#!/bin/bash
# Prove the DKMS packaging on distribution kernels: fetch Debian 12's
# arm64 kernel headers for both kernels it ships, 6.1 (the current
# bookworm ABI, named by the linux-headers-arm64 metapackage) and 6.12
# (bookworm-security: the ABI of the version of linux-source-6.12, which
# the emulated board runs, or else the newest 6.12 ABI with arm64
# headers), unpack each under the cache (nothing is installed on the
# host) and have the real dkms cross-build and install mvneta through
# drivers/net/ethernet/marvell/mvneta/dkms.conf, in private trees.
# Then check each module: vermagic of the headers, the compatibles,
# signed the way dkms signs on Debian, built through the out-of-tree
# Makefile with its compat flags (mvneta_compat.h forced in), and a
# build without warnings.  One line per kernel at the end; the script
# fails if either kernel fails.
#
# The arm64 headers need the kbuild package's host tools (fixdep,
# modpost, sign-file); linux-kbuild-6.1 and linux-kbuild-6.12.N+deb12
# are Multi-Arch: foreign, so the amd64 build of the same version is
# what Debian itself pairs with arm64 headers on an amd64 host.  The
# packages come through apt-get download with a private apt
# configuration that knows arm64, so the host's dpkg architectures and
# apt lists stay as they are.
source "$(dirname "$0")/lib.sh"

DRV=$TOP_DIR/drivers/net/ethernet/marvell/mvneta
D=$CACHE/distro
APT_DIR=$D/apt
SERIES_LIST=(6.1 6.12)
# Per kernel series, under $D/$SERIES (set by check_kernel):
#   debs/   the packages
#   root/   the packages, unpacked
#   dkms/   dkms: tree, sources, wrappers, signing key
#   result  the kernel's line for the summary

# A private apt: the host's Debian "deb" sources, amd64 and arm64.
apt_setup() {
	local f s
	mkdir -p "$APT_DIR"/{etc/sources.list.d,etc/preferences.d,lists/partial,cache/archives/partial}
	: > "$APT_DIR/status"
	: > "$APT_DIR/etc/sources.list"
	rm -f "$APT_DIR"/etc/sources.list.d/*
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		# deb822 stanzas that carry binary packages, as binary only
		s=$(awk 'BEGIN { RS = ""; ORS = "\n\n" }
			 /(^|\n)Types:[^\n]*deb( |\n|$)/ {
				sub(/Types:[^\n]*/, "Types: deb"); print }' "$f")
		[ -n "$s" ] && echo "$s" > "$APT_DIR/etc/sources.list.d/$(basename "$f")"
	done
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		grep -E '^deb ' > "$APT_DIR/etc/sources.list" || true
	cat > "$APT_DIR/apt.conf" <<-EOF
	APT::Architecture "amd64";
	APT::Architectures { "amd64"; "arm64"; };
	Dir::Etc::SourceList "$APT_DIR/etc/sources.list";
	Dir::Etc::SourceParts "$APT_DIR/etc/sources.list.d";
	Dir::Etc::Preferences "$APT_DIR/etc/preferences";
	Dir::Etc::PreferencesParts "$APT_DIR/etc/preferences.d";
	Dir::State::Lists "$APT_DIR/lists";
	Dir::State::status "$APT_DIR/status";
	Dir::Cache "$APT_DIR/cache";
	Acquire::Languages "none";
	EOF
	[ "$(id -u)" = 0 ] && echo 'APT::Sandbox::User "root";' >> "$APT_DIR/apt.conf"
	export APT_CONFIG=$APT_DIR/apt.conf
	if ! apt-get -q update >"$D/apt-update.log" 2>&1; then
		cat "$D/apt-update.log" >&2
		ls "$APT_DIR"/lists/*arm64_Packages* >/dev/null 2>&1 ||
			die "apt-get update failed"
		log "apt-get update failed: using the package lists of the last run"
	fi
}

# field PKG FIELD: a field of the candidate version of PKG
field() {
	apt-cache show --no-all-versions "$1" 2>/dev/null |
		sed -n "s/^$2: //p" | head -n1
}

# Which 6.1 headers: the linux-headers-arm64 metapackage names the
# current ABI.
resolve_6_1() {
	local dep
	dep=$(field linux-headers-arm64:arm64 Depends)
	HDR_PKG=$(sed -n 's/^\(linux-headers-[^ ]*-arm64\) (= \([^)]*\)).*/\1/p' <<<"$dep")
	PKG_VER=$(sed -n 's/^\(linux-headers-[^ ]*-arm64\) (= \([^)]*\)).*/\2/p' <<<"$dep")
	[ -n "$HDR_PKG" ] && [ -n "$PKG_VER" ] ||
		die "cannot resolve linux-headers-arm64 (Depends: '$dep')"
	case $HDR_PKG in
	linux-headers-6.1.*) ;;
	*) die "linux-headers-arm64 is no longer 6.1: $HDR_PKG" ;;
	esac
	WHY="the bookworm kernel ABI"
}

# Which 6.12 headers: those of the version of linux-source-6.12 (the
# installed one, which the board's kernel is built from, else apt's
# candidate), else the newest linux-headers-6.12.N+deb12-arm64 there is.
resolve_6_12() {
	local want names p v newest=
	want=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
	[ -n "$want" ] || want=$(field linux-source-6.12 Version)
	names=$(apt-cache pkgnames linux-headers-6.12. |
		grep -E '^linux-headers-6\.12\.[0-9]+\+deb12-arm64$' | sed 's/$/:arm64/') ||
		die "no linux-headers-6.12.N+deb12-arm64 in the package lists"
	# Every version of each of them, as "package version" lines, in one
	# apt-cache run (each takes a second).
	# shellcheck disable=SC2086
	while read -r p v; do
		if [ "$v" = "$want" ]; then
			HDR_PKG=$p PKG_VER=$v
			WHY="the version of linux-source-6.12, the board's kernel"
			return 0
		fi
		if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "${newest#* }"; then
			newest="$p $v"
		fi
	done < <(apt-cache show $names 2>/dev/null |
		 sed -n 's/^Package: //p; s/^Version: //p' | paste -d' ' - -)
	[ -n "$newest" ] || die "no version of $names"
	HDR_PKG=${newest% *} PKG_VER=${newest#* }
	WHY="the newest 6.12 ABI with arm64 headers (none for linux-source-6.12 ${want:-?})"
}

# The headers' companions: the common headers of the same version, and
# the kbuild package the headers name, whose amd64 build must serve them.
resolve() {
	local dep
	resolve_${SERIES/./_}
	ABI=${HDR_PKG#linux-headers-}
	ABI=${ABI%-arm64}
	COMMON_PKG=linux-headers-$ABI-common
	dep=$(field "$HDR_PKG:arm64" Depends | sed 's/, /\n/g')
	grep -qxF "$COMMON_PKG (= $PKG_VER)" <<<"$dep" ||
		die "$HDR_PKG does not depend on $COMMON_PKG: $dep"
	KBUILD_PKG=$(sed -n 's/^\(linux-kbuild-[^ ]*\).*/\1/p' <<<"$dep")
	[ -n "$KBUILD_PKG" ] ||
		die "$HDR_PKG depends on no linux-kbuild package: $dep"
	[ "$(field "$KBUILD_PKG:amd64" Multi-Arch)" = foreign ] ||
		die "$KBUILD_PKG is not Multi-Arch: foreign: amd64 tools cannot serve arm64 headers"
	log "$SERIES: kernel ABI $ABI ($PKG_VER), $WHY: $HDR_PKG, $COMMON_PKG, $KBUILD_PKG:amd64"
}

fetch() {
	mkdir -p "$DEBS"
	(cd "$DEBS" && apt-get -q download "$HDR_PKG:arm64=$PKG_VER" \
		"$COMMON_PKG=$PKG_VER" "$KBUILD_PKG:amd64=$PKG_VER" \
		>"$KD/apt-download.log" 2>&1) ||
		{ cat "$KD/apt-download.log" >&2; die "apt-get download failed"; }
	DEB_FILES=("$DEBS/${HDR_PKG}_${PKG_VER}_arm64.deb"
		   "$DEBS/${COMMON_PKG}_${PKG_VER}_all.deb"
		   "$DEBS/${KBUILD_PKG}_${PKG_VER}_amd64.deb")
	local f
	for f in "${DEB_FILES[@]}"; do
		[ -s "$f" ] || die "missing $f"
	done
	# Older versions of the packages are of no use any more.
	find "$DEBS" -name '*.deb' ! -name "*_${PKG_VER}_*" -delete
}

# Unpack into $ROOT as dpkg would into /; then make the few absolute
# references (/usr/src/..., /lib/modules/.../build) point inside $ROOT.
unpack() {
	local want f r
	want=$(basename -a "${DEB_FILES[@]}" | sort | tr '\n' ' ')
	HDR=$ROOT/usr/src/$HDR_PKG
	if [ "$(cat "$ROOT/.debs" 2>/dev/null)" != "$want" ]; then
		rm -rf "$ROOT"
		mkdir -p "$ROOT"
		for f in "${DEB_FILES[@]}"; do
			dpkg-deb -x "$f" "$ROOT"
		done
		sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$HDR/Makefile"
		for f in "$ROOT"/lib/modules/*/build "$ROOT"/lib/modules/*/source; do
			r=$(readlink "$f")
			[ "${r#/}" != "$r" ] && ln -sfn "../../..$r" "$f"
		done
		echo "$want" > "$ROOT/.debs"
	fi
	grep -q "^include $ROOT/" "$HDR/Makefile" || die "$HDR/Makefile: unexpected layout"
	KREL=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' \
		"$HDR/include/generated/utsrelease.h")
	[ -n "$KREL" ] || die "no kernel release in $HDR"
	[ -x "$HDR/scripts/basic/fixdep" ] || die "$HDR/scripts: kbuild tools missing"
	# fixdep without arguments prints its usage, if it runs here at all.
	f=$("$HDR/scripts/basic/fixdep" 2>&1 || true)
	grep -q Usage <<<"$f" || die "the kbuild host tools do not run on this host"
	log "headers for $KREL in $HDR"
}

# The cross environment dkms runs in: the cross compiler (the headers'
# .kernelvariables fix ARCH=arm64 and CC=\$(CROSS_COMPILE)gcc-12), a
# strip that knows arm64 objects (dkms strips with plain "strip"), and
# dkms' Debian signing set-up pointed into the cache.
dkms_env() {
	mkdir -p "$DK/bin"
	ln -sfn "$(command -v ${CROSS}strip)" "$DK/bin/strip"
	export PATH=$DK/bin:$PATH ARCH=arm64 CROSS_COMPILE=$CROSS
	export sign_file=$HDR/scripts/sign-file
	export mok_signing_key=$DK/mok.key mok_certificate=$DK/mok.pub
}

dkms_build() {
	local ver trees out state
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$DRV/dkms.conf")
	[ -n "$ver" ] || die "no PACKAGE_VERSION in $DRV/dkms.conf"
	MODVER=mvneta/$ver
	rm -rf "$DK/tree" "$DK/src" "$ROOT/lib/modules/$KREL/updates"
	mkdir -p "$DK/tree" "$DK/src/mvneta-$ver"
	# The package's source: the driver directory, build outputs left out.
	rsync -a --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='modules.order' \
		--exclude='Module.symvers' --exclude='.tmp*' \
		"$DRV/" "$DK/src/mvneta-$ver/"
	trees=(--dkmstree "$DK/tree" --sourcetree "$DK/src"
	       --installtree "$ROOT/lib/modules")
	out=$KD/dkms.log
	: > "$out"
	state=installed
	dkms add "$MODVER" "${trees[@]}" >>"$out" 2>&1 &&
	nice -n 19 dkms build "$MODVER" -k "$KREL" -a aarch64 \
		--kernelsourcedir "$HDR" -j "$JOBS" "${trees[@]}" >>"$out" 2>&1 &&
	if [ "$(id -u)" = 0 ]; then
		# No depmod: $ROOT has no kernel image, so no module tree
		# to index.
		dkms install "$MODVER" -k "$KREL" -a aarch64 \
			--kernelsourcedir "$HDR" --no-depmod "${trees[@]}" >>"$out" 2>&1
	else
		state=built
		log "not root: no dkms install (dkms wants root for it, even into a private tree)"
	fi || {
		cat "$out" >&2
		cat "$DK"/tree/mvneta/"$ver"/build/make.log 2>/dev/null >&2
		die "dkms failed"
	}
	sed 's/^/  dkms: /' "$out" | grep -v '^  dkms: *$' >&2
	BUILD_DIR=$DK/tree/$MODVER/build
	MAKELOG=$DK/tree/$MODVER/$KREL/aarch64/log/make.log
	KO=$ROOT/lib/modules/$KREL/updates/dkms/mvneta.ko
	[ $state = built ] && KO=$DK/tree/$MODVER/$KREL/aarch64/module/mvneta.ko
	dkms status "$MODVER" "${trees[@]}" | grep -q "$KREL, aarch64: $state" ||
		die "dkms status does not show the module $state"
}

ok() { log "ok - $SERIES: $*"; }
not_ok() { log "not ok - $SERIES: $*"; FAILED+=("$1"); }

verify() {
	local vermagic compat aliases c flags
	FAILED=()
	[ -s "$KO" ] || die "no module at $KO"
	${CROSS}readelf -h "$KO" | grep -q 'Machine:.*AArch64' ||
		not_ok "arm64: $KO is not an arm64 object"

	vermagic=$(modinfo -F vermagic "$KO")
	if [ "${vermagic%% *}" = "$KREL" ]; then
		ok "vermagic: $vermagic"
	else
		not_ok "vermagic: '$vermagic', headers are $KREL"
	fi

	# Every compatible of the driver's match table, as a modalias.
	compat=$(sed -n 's/.*\.compatible = "\([^"]*\)".*/\1/p' "$DRV"/*.c)
	grep -qx 'marvell,armada-3700-neta' <<<"$compat" ||
		not_ok "compatibles: the driver does not match marvell,armada-3700-neta"
	aliases=$(modinfo -F alias "$KO")
	for c in $compat; do
		if grep -qxF "of:N*T*C$c" <<<"$aliases"; then
			ok "modalias for $c"
		else
			not_ok "modalias: none for $c"
		fi
	done

	if [ "$(modinfo -F signer "$KO")" = "DKMS module signing key" ]; then
		ok "signed by dkms ($(modinfo -F sig_hashalgo "$KO"))"
	else
		not_ok "signing: not signed by dkms"
	fi

	[ -s "$MAKELOG" ] || die "no build log at $MAKELOG"
	grep -q 'CC \[M\].*mvneta_main.o' "$MAKELOG" ||
		not_ok "build: the build log shows no compilation"

	# dkms went through the out-of-tree Makefile, which forces
	# mvneta_compat.h in: the log has its kernel make, with the flags
	# that make compat-flags names for dkms' build directory.
	flags=$(make -s --no-print-directory -C "$DK/tree/$MODVER/source/" compat-flags)
	flags=${flags//$(realpath "$DK/tree/$MODVER/source")/$BUILD_DIR}
	if grep -qF "make -C $HDR M=$BUILD_DIR CONFIG_MVNETA=m" "$MAKELOG" &&
	   grep -qF "KCFLAGS=\" $flags\" modules" "$MAKELOG" &&
	   grep -qF -- "-include $BUILD_DIR/mvneta_compat.h" <<<"$flags"; then
		ok "built through the out-of-tree Makefile: $flags"
	else
		not_ok "compat: dkms did not build with '$flags' through the Makefile"
	fi

	# dkms looks for clang in the .comment section of the headers'
	# vmlinux, which Debian's 6.12 headers ship with BTF only: readelf's
	# warning about it is dkms' (a Debian 12 host prints it too), not
	# the build's.
	if grep -Ei 'warning|error' "$MAKELOG" "$KD/dkms.log" |
	   grep -vF "readelf: Warning: Section '.comment' was not dumped because it does not exist" >&2; then
		not_ok "warnings: the build printed warnings"
	else
		ok "no warnings (log: $MAKELOG)"
	fi
	if [ ${#FAILED[@]} = 0 ]; then
		echo "ok - $SERIES: $KREL ($HDR_PKG $PKG_VER): mvneta.ko $(stat -c %s "$KO") bytes, built, signed and installed by dkms" > "$KD/result"
	else
		echo "not ok - $SERIES: $KREL ($HDR_PKG $PKG_VER): failed ${FAILED[*]%%:*}" > "$KD/result"
		return 1
	fi
}

# One kernel series, from its headers to the checks; run in a subshell,
# where die ends that series' check only.
check_kernel() {
	SERIES=$1
	KD=$D/$SERIES
	DEBS=$KD/debs
	ROOT=$KD/root
	DK=$KD/dkms
	rm -f "$KD/result"
	mkdir -p "$KD"
	resolve
	timed "$SERIES: download" fetch
	timed "$SERIES: unpack" unpack
	dkms_env
	timed "$SERIES: dkms add, build, install ($KREL, arm64)" dkms_build
	verify
}

mkdir -p "$D"
command -v dkms >/dev/null || die "dkms not installed (make deps)"
# Left by the script when it checked 6.1 only, straight under $D.
rm -rf "$D/debs" "$D/root" "$D/dkms" "$D/dkms.log" "$D/apt-download.log"
timed "apt lists (amd64, arm64)" apt_setup
failed=()
for s in "${SERIES_LIST[@]}"; do
	set +e
	(set -e; check_kernel "$s")
	rc=$?
	set -e
	[ $rc = 0 ] || failed+=("$s")
done
for s in "${SERIES_LIST[@]}"; do
	if [ -s "$D/$s/result" ]; then
		log "distro module $(cat "$D/$s/result")"
	else
		log "distro module not ok - $s: stopped before the checks (see above)"
	fi
done
[ ${#failed[@]} = 0 ] || die "distro module check failed for ${failed[*]}"
log "distro module: dkms builds, signs and installs mvneta on Debian 12's ${SERIES_LIST[*]}"
