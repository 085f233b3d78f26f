# Shared helpers for xtcp's host-side scripts. Source it; do not run it.
# shellcheck shell=bash

XTCP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XTCP_CACHE=${XTCP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xtcp}

log() { printf '[xtcp] %s\n' "$*" >&2; }
die() { printf '[xtcp] error: %s\n' "$*" >&2; exit 1; }

# Packages the host needs to build the test kernel, the module, and run the VM suite.
XTCP_APT_PKGS=(
	make gcc bc flex bison libelf-dev libssl-dev dwarves kmod cpio xz-utils lz4 patch
	qemu-system-x86 linux-source-6.1 linux-image-amd64 linux-headers-amd64
	busybox-static iproute2 sparse python3 python3-scapy tcpdump iperf3
	hping3 iputils-ping iputils-arping procps ethtool curl
)

# Install whatever in XTCP_APT_PKGS is missing. Needs root (or sudo) only
# when something is actually missing.
xtcp_ensure_packages() {
	local missing=() p
	for p in "${XTCP_APT_PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing from apt: ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

# Version of the Debian linux-source-6.1 package, e.g. 6.1.192-2.
xtcp_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null
}

XTCP_KERNEL_RECIPE=1

# The cache directory of the debug kernel for the current source version,
# config fragment and patches. The key changes when any of them changes.
xtcp_kernel_dir() {
	local ver hash
	ver=$(xtcp_source_version)
	[ -n "$ver" ] || die "linux-source-6.1 is not installed (run scripts/build-kernel.sh)"
	# Bump XTCP_KERNEL_RECIPE when build-kernel.sh changes how the tree is built.
	hash=$( (echo "recipe $XTCP_KERNEL_RECIPE"; cat "$XTCP_ROOT/scripts/kernel/debug.config" \
		"$XTCP_ROOT"/scripts/kernel/patches/*.patch) | sha256sum | cut -c1-12)
	echo "$XTCP_CACHE/kernel-$ver-$hash"
}

# Newest Debian stock kernel image and its headers tree.
xtcp_stock_release() {
	local v
	v=$(find /boot -maxdepth 1 -name 'vmlinuz-*-amd64' -printf '%f\n' 2>/dev/null |
		sed 's/^vmlinuz-//' | sort -V | tail -1)
	[ -n "$v" ] || return 1
	echo "$v"
}
