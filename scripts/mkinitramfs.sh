#!/usr/bin/env bash
# Build (or reuse) the small initramfs that boots Debian's stock kernel in
# the test VM: busybox loads the virtio and 9p modules, mounts the host's /
# read-only over 9p and switch_roots into scripts/guest/init.sh.
#
#   scripts/mkinitramfs.sh RELEASE     # prints the initramfs path
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rel=${1:?usage: mkinitramfs.sh KERNEL-RELEASE}
moddir=/lib/modules/$rel
[ -d "$moddir" ] || die "no $moddir: apt install linux-image-amd64"
[ -x /bin/busybox ] || die "no /bin/busybox: apt install busybox-static"

# Load order matters: each needs the ones before it.
mods=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
      netfs fscache 9pnet 9pnet_virtio 9p)

init_text=$(cat <<'INIT'
#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /newroot
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules.order); do
	/bin/busybox insmod "/modules/$m.ko" || echo "initramfs: insmod $m failed"
done
xinit=$(/bin/busybox sed -n 's/.*xtcp_init=\([^ ]*\).*/\1/p' /proc/cmdline)
/bin/busybox mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=262144,cache=loose /dev/root /newroot ||
	{ echo "initramfs: cannot mount the 9p root"; /bin/busybox poweroff -f; }
/bin/busybox umount /proc
/bin/busybox umount /dev
exec /bin/busybox switch_root /newroot "$xinit"
INIT
)

key=$( (echo "$rel"; printf '%s\n' "${mods[@]}"; echo "$init_text"; sha256sum /bin/busybox) |
	sha256sum | cut -c1-12)
img=$XTCP_CACHE/initramfs-$rel-$key.cpio.gz
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi

mkdir -p "$XTCP_CACHE"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,modules}
cp /bin/busybox "$work/bin/busybox"
for m in "${mods[@]}"; do
	f=$(find "$moddir/kernel" -name "$m.ko" -print -quit)
	[ -n "$f" ] || die "module $m.ko not found under $moddir"
	cp "$f" "$work/modules/"
	echo "$m" >> "$work/modules.order"
done
printf '%s\n' "$init_text" > "$work/init"
chmod +x "$work/init"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$img.tmp"
mv "$img.tmp" "$img"
echo "$img"
