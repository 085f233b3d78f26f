#!/usr/bin/env bash
# Build (or reuse) xtcp's debug test kernel.
#
# The kernel is linux-source-6.1 from Debian, configured as x86_64_defconfig +
# kvm_guest.config + scripts/kernel/debug.config, with the fixes in
# scripts/kernel/patches/ applied (each says why), built in place under
# ~/.cache/xtcp/kernel-<source version>-<hash>/linux-source-6.1, where <hash>
# covers the fragment, the patches and XTCP_KERNEL_RECIPE (scripts/lib.sh). A finished build leaves a .xtcp-done
# stamp; anything without the stamp is rebuilt. Prints the tree's path on stdout.
#
#   scripts/build-kernel.sh          # build if needed, print KDIR
#   scripts/build-kernel.sh --print  # print KDIR, fail if not built
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = "--print" ]; then
	dir=$(xtcp_kernel_dir)
	[ -f "$dir/.xtcp-done" ] || die "test kernel not built yet (run scripts/build-kernel.sh)"
	echo "$dir/linux-source-6.1"
	exit 0
fi

xtcp_ensure_packages
dir=$(xtcp_kernel_dir)
src=$dir/linux-source-6.1
mkdir -p "$XTCP_CACHE"

# One builder at a time; a second caller waits and then reuses the result.
exec 9>"$XTCP_CACHE/.build.lock"
flock 9

if [ -f "$dir/.xtcp-done" ]; then
	echo "$src"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
log "extracting linux-source-6.1 $(xtcp_source_version) into $dir"
tar -C "$dir" -xf /usr/src/linux-source-6.1.tar.xz

for p in "$XTCP_ROOT"/scripts/kernel/patches/*.patch; do
	log "applying $(basename "$p")"
	patch -s -d "$src" -p1 < "$p" || die "$(basename "$p") does not apply"
done

log "configuring: x86_64_defconfig + kvm_guest.config + scripts/kernel/debug.config"
cp "$XTCP_ROOT/scripts/kernel/debug.config" "$src/kernel/configs/xtcp_debug.config"
make -C "$src" -s x86_64_defconfig kvm_guest.config xtcp_debug.config >/dev/null

# Every line of the fragment must have survived Kconfig; a silently dropped
# option would make the test kernel lie about what it checks.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%%=*}
		grep -q "^$opt=" "$src/.config" && { log "config: $opt still set"; bad=1; } ;;
	CONFIG_*=*) grep -qx "$line" "$src/.config" || { log "config: $line did not stick"; bad=1; } ;;
	esac
done < "$XTCP_ROOT/scripts/kernel/debug.config"
[ $bad -eq 0 ] || die "config fragment does not apply cleanly"

jobs=${XTCP_JOBS:-$(($(nproc) + 1))}
log "building bzImage + modules with -j$jobs (about 15 minutes on two cores); log: $dir/build.log"
start=$(date +%s)
make -C "$src" -j"$jobs" bzImage modules >"$dir/build.log" 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null; do
	sleep 30
	kill -0 $pid 2>/dev/null || break
	n=$(grep -c '^  CC' "$dir/build.log" || true)
	log "kernel build: $n objects compiled, $(( $(date +%s) - start ))s elapsed"
done
if ! wait $pid; then
	tail -30 "$dir/build.log" >&2
	die "kernel build failed (full log: $dir/build.log)"
fi
# Out-of-tree modules need the module build prerequisites in place.
make -C "$src" -s modules_prepare >>"$dir/build.log" 2>&1
log "kernel built in $(( $(date +%s) - start ))s"
touch "$dir/.xtcp-done"
echo "$src"
