#!/bin/bash
# Install the host packages the emulated board needs (Debian 12).
# Enables deb-src by copying the existing sources entry.
source "$(dirname "$0")/lib.sh"

PKGS=(build-essential gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      bc bison flex libssl-dev libelf-dev cpio xz-utils kmod
      ninja-build meson python3-venv pkg-config dpkg-dev
      libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev
      linux-source-6.12 linux-source-6.1 clang llvm libbpf-dev mmdebstrap rsync
      gcc-arm-linux-gnueabihf libc6-dev-armhf-cross sparse lld dwarves	# dwarves: pahole, for the guest kernel's BTF
      dkms openssl git python3-ply python3-git)	# distro-module, series, series-check

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

enable_deb_src() {
	local f=/etc/apt/sources.list.d/debian.sources
	local d=/etc/apt/sources.list.d/debian-src.sources

	[ -e "$d" ] && return 0
	if [ -e "$f" ]; then
		sed 's/^Types: deb$/Types: deb-src/' "$f" | $SUDO tee "$d" >/dev/null
	elif [ -e /etc/apt/sources.list ]; then
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list |
			$SUDO tee /etc/apt/sources.list.d/debian-src.list >/dev/null
	fi
	rm -f "$CACHE/.apt-updated"
}

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
mkdir -p "$CACHE"
enable_deb_src
if [ ${#missing[@]} -gt 0 ] || [ ! -e "$CACHE/.apt-updated" ]; then
	log "apt-get update"
	$SUDO apt-get update -q >/dev/null
	touch "$CACHE/.apt-updated"
fi
if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >/dev/null
fi
log "host packages ready"
