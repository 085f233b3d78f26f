#!/bin/busybox sh
# PID 1 of the test VM (see scripts/vm.sh). Mounts the pseudo filesystems,
# runs the command the host left in the shared directory under bash, collects
# the kernel log and kmemleak's findings, and powers off.
#
# This stage is busybox's shell on purpose: under TCG with KASAN and lockdep
# every exec of a dynamically linked program costs 0.5-1 s, while busybox
# runs its applets without exec (or execs one static binary). With
# coreutils, util-linux and iproute2 this script took 15 s; now it takes 2 s.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${TERM:-linux}

uptime_s() { read -r up _ </proc/uptime; echo "$up"; }

# Until /proc is mounted busybox cannot re-exec itself through
# /proc/self/exe, so name it for the first mount.
/bin/busybox mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
# Process substitution and /dev/std* need these; devtmpfs lacks them.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mkdir -p /run/xtcp /run/netns /tmp/home
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 xtcpout /run/xtcp
export XTCP_OUT=/run/xtcp
hostname xtcp-vm
ip link set lo up
echo "[xtcp-vm] $(uname -r) up in $(uptime_s)s"
# kmemleak's own scans (a minute after boot, then every ten) take a vCPU
# for seconds each under TCG, in the middle of a test; the two scans at
# the end are the ones that count.
[ -w /sys/kernel/debug/kmemleak ] && echo scan=off > /sys/kernel/debug/kmemleak

# wait_s N: N seconds without an exec. Once the power-off has begun the
# 9p root is gone: an external sleep fails at once, and the reset below
# then raced the power-off in progress (a guest hung there until vm.sh's
# timeout).
wait_s() {
	local now end
	read -r now _ < /proc/uptime
	end=$(( ${now%.*} + $1 ))
	while read -r now _ < /proc/uptime && [ "${now%.*}" -lt "$end" ]; do
		:
	done
}

poweroff_vm() {
	sync
	echo o > /proc/sysrq-trigger
	wait_s 5
	# No ACPI power-off (e.g. acpi=off): a reset ends qemu (-no-reboot).
	echo b > /proc/sysrq-trigger
	wait_s 10
}

rc=0
# shellcheck disable=SC1091
. /run/xtcp/env
# A checkout under /tmp or /run is hidden by the tmpfs mounts: the host
# also shares the repository on its own, to put back at the same path.
case "$XTCP_ROOT" in
/tmp/*|/run/*)
	mkdir -p "$XTCP_ROOT"
	mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=262144,cache=loose \
		xtcprepo "$XTCP_ROOT"
	;;
esac
cd "$XTCP_ROOT" || rc=1
if [ "$XTCP_INTERACTIVE" = 1 ]; then
	setsid -c /bin/bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
elif [ $rc -eq 0 ]; then
	echo "[xtcp-vm] running the command at $(uptime_s)s"
	/bin/bash /run/xtcp/cmd </dev/null
	rc=$?
fi

echo "[xtcp-vm] command finished (exit $rc) at $(uptime_s)s"
# kmemleak reports an object only when two scans in a row find it
# unreferenced, and only once it is older than 5 s. On the debug kernel a
# scan that cannot run (kmemleak off, or turned itself off) is a failure,
# recorded in kmemleak_status for scripts/vm.sh.
km=/sys/kernel/debug/kmemleak
if [ ! -e $km ]; then
	if [ "$XTCP_KERNEL" = debug ]; then
		echo "no $km on the debug kernel" > /run/xtcp/kmemleak_status
	else
		echo "none" > /run/xtcp/kmemleak_status
	fi
elif echo scan > $km && echo scan > $km && cat $km > /run/xtcp/kmemleak; then
	echo ok > /run/xtcp/kmemleak_status
else
	echo "echo scan > $km failed: kmemleak is off or broken" > /run/xtcp/kmemleak_status
fi
dmesg > /run/xtcp/dmesg
echo "[xtcp-vm] kmemleak scanned, powering off at $(uptime_s)s"
echo "$rc" > /run/xtcp/rc
poweroff_vm
