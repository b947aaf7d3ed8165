#!/bin/bash
# Guest root file system: Debian arm64 (armhf for the 32-bit boards)
# packages of $RELEASE (trixie for KVER=6.12, bookworm for 6.1; see
# lib.sh), extracted (no maintainer
# scripts run), pruned and packed as a gzip'ed initramfs.  Rebuilt only
# when the package list changes.
source "$(dirname "$0")/lib.sh"

PKGS=busybox,iproute2,iputils-ping,ethtool,bpftool,xdp-tools,tcpdump,iperf3,bash,kmod,procps,jq
# Only to build the samples' libbpf loaders (guest-tools.sh); headers and
# static libraries stay out of the guest.
PKGS+=,libbpf-dev
MIRROR=${MIRROR:-http://deb.debian.org/debian}

want=$(echo "$PKGS $MIRROR $RELEASE v3" | sha256sum | cut -c1-16)
# The arm64 stamp stays as it was before armhf, so its cache stays valid.
[ "$DEB_ARCH" = arm64 ] || want+=-$DEB_ARCH
STAMP=$ROOTFS_STAMP
if [ -e "$ROOTFS_CPIO" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
	log "guest rootfs ($RELEASE $DEB_ARCH) up to date"
	exit 0
fi

extract() {
	rm -rf "$ROOTFS"
	mmdebstrap --quiet --variant=extract --architectures="$DEB_ARCH" \
		--include="$PKGS" --skip=check/empty \
		"$RELEASE" "$ROOTFS" "$MIRROR"
}

prune() {
	(cd "$ROOTFS" && rm -rf usr/share/doc usr/share/man usr/share/info \
		usr/share/locale usr/share/perl* usr/share/zoneinfo \
		usr/lib/"$MULTIARCH"/perl* usr/lib/"$MULTIARCH"/gconv \
		usr/share/bash-completion usr/share/lintian var/cache/* \
		var/lib/apt/lists/* boot)
	# What maintainer scripts would have made.
	ln -sf bash "$ROOTFS/bin/sh"
}

pack() {
	(cd "$ROOTFS" && find . \( -path ./usr/include -o -name '*.a' \) -prune -o -print |
		cpio --quiet -o -H newc | gzip -1) > "$ROOTFS_CPIO.tmp"
	mv "$ROOTFS_CPIO.tmp" "$ROOTFS_CPIO"
	echo "$want" > "$STAMP"
	log "guest rootfs ($RELEASE $DEB_ARCH): $(du -sh "$ROOTFS" | cut -f1) unpacked, $(du -sh "$ROOTFS_CPIO" | cut -f1) packed"
}

timed "guest rootfs extract ($RELEASE $DEB_ARCH)" extract
prune
timed "guest rootfs pack" pack
