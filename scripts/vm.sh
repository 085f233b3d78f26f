#!/usr/bin/env bash
# Boot a fresh test VM and run one command in it as root.
#
#   scripts/vm.sh [--kernel debug|stock] [--timeout SEC] [--out DIR] -- CMD [ARGS...]
#   scripts/vm.sh [--kernel debug|stock] --interactive
#
# The host's / is the guest's read-only 9p root, so the repository is at the
# same path; /tmp and /run are tmpfs. The module is built but not loaded;
# $XTCP_KO names the xtcp.ko for the booted kernel. $XTCP_OUT is a writable
# directory shared with the host (--out, default a fresh temp directory).
#
# Exit status: CMD's, or 1 when the guest's kernel log shows a report
# (scripts/kernel-reports.sh: oops, BUG, WARNING, KASAN, lockdep, kmemleak,
# DEBUG_OBJECTS, RCU stall, leaked netdev reference, ...; quoted, and kept
# in DIR/reports), when kmemleak finds a leak, or when kmemleak could not
# scan on the debug kernel; or 124 when the guest does not finish within
# the timeout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=debug
timeout=${XTCP_VM_TIMEOUT:-900}
out=
interactive=0
mem=${XTCP_VM_MEM:-2G}
smp=2
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--) shift; break ;;
	-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
[ $interactive -eq 1 ] || [ $# -gt 0 ] || die "no command given (scripts/vm.sh -- CMD, or --interactive)"

xtcp_ensure_packages

case "$kernel" in
debug)
	ksrc=$("$XTCP_ROOT/scripts/build-kernel.sh")
	ko=$XTCP_ROOT/module/xtcp.ko
	machine=${XTCP_VM_MACHINE:-microvm}
	extra=
	if [ "$machine" = microvm ]; then
		# A microvm has neither HPET nor ACPI PM timer to calibrate the
		# TSC against, and TCG's PIT calibration fails, which leaves the
		# guest without a clock (and sometimes hung). Under TCG the
		# guest's TSC is the host's: tell the guest its rate.
		khz=$(awk '/^cpu MHz/ { printf "%d", $4 * 1000; exit }' /proc/cpuinfo)
		[ -n "$khz" ] && [ "$khz" -gt 0 ] ||
			die "no 'cpu MHz' in /proc/cpuinfo for the guest's TSC; use XTCP_VM_MACHINE=q35"
		# The guest then marks its TSC unstable (the two vCPUs fail the
		# sync check under TCG) and keeps time by counting ticks
		# (refined-jiffies), losing those qemu is too busy to deliver:
		# guest seconds run 1.5 to 3 times longer than real ones, so
		# the times tests print are guest time. tsc=reliable gives the
		# guest real time, but the same tests then took 20 % longer in
		# host time (155 s against 130 s for topology + udp_interop in
		# one VM), and their timeouts were tuned on this clock.
		extra="tsc_early_khz=$khz"
	fi
	boot=(-kernel "$ksrc/arch/x86/boot/bzImage"
	      -append "console=ttyS0 loglevel=${XTCP_VM_LOGLEVEL:-4} panic=-1 $extra root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro init=$XTCP_ROOT/scripts/guest/init.sh ${XTCP_VM_APPEND:-}")
	;;
stock)
	rel=$(xtcp_stock_release) || die "no Debian kernel in /boot: apt install linux-image-amd64"
	initrd=$("$XTCP_ROOT/scripts/mkinitramfs.sh" "$rel")
	ko=$XTCP_ROOT/.build/stock/module/xtcp.ko
	machine=q35
	boot=(-kernel "/boot/vmlinuz-$rel" -initrd "$initrd"
	      -append "console=ttyS0 loglevel=4 panic=-1 rdinit=/init xtcp_init=$XTCP_ROOT/scripts/guest/init.sh")
	;;
*) die "--kernel must be debug or stock" ;;
esac

if [ -z "$out" ]; then
	out=$(mktemp -d /tmp/xtcp-vm.XXXXXX)
	keep_out=0
else
	mkdir -p "$out"
	keep_out=1
fi
rm -f "$out"/{rc,dmesg,kmemleak,kmemleak_status,reports,reports.new,console.log,cmd,env,boot_seconds}

{
	echo "export XTCP_ROOT=$(printf '%q' "$XTCP_ROOT")"
	echo "export XTCP_KO=$(printf '%q' "$ko")"
	echo "export XTCP_KERNEL=$kernel"
	echo "XTCP_INTERACTIVE=$interactive"
} > "$out/env"
[ $interactive -eq 1 ] || { printf '%q ' "$@"; echo; } > "$out/cmd"

# The debug kernel boots a microvm: no PCI, no firmware option ROMs, a few
# lines of ACPI, virtio over MMIO. Under TCG with KASAN and lockdep, q35's
# ACPI tables and PCI probing alone cost about 10 s of boot. Debian's stock
# kernel has virtio-mmio only as a module, so it keeps q35.
case "$machine" in
microvm) qemu=(qemu-system-x86_64 -M microvm,x-option-roms=off,pit=on,pic=on,rtc=on -global virtio-mmio.force-legacy=false)
	 v9p=virtio-9p-device ;;
q35)     qemu=(qemu-system-x86_64 -M q35); v9p=virtio-9p-pci ;;
*) die "XTCP_VM_MACHINE must be microvm or q35" ;;
esac
qemu+=(-nodefaults -display none -no-reboot
      -accel tcg -cpu max,la57=off -smp "$smp" -m "$mem"
      -fsdev "local,id=fsroot,path=/,security_model=none,readonly=on,multidevs=remap"
      -device "$v9p,fsdev=fsroot,mount_tag=/dev/root"
      -fsdev "local,id=fsout,path=$out,security_model=none,multidevs=remap"
      -device "$v9p,fsdev=fsout,mount_tag=xtcpout"
      -fsdev "local,id=fsrepo,path=$XTCP_ROOT,security_model=none,readonly=on,multidevs=remap"
      -device "$v9p,fsdev=fsrepo,mount_tag=xtcprepo"
      "${boot[@]}")

if [ $interactive -eq 1 ]; then
	log "booting the $kernel kernel; 'exit' powers the VM off"
	"${qemu[@]}" -serial mon:stdio
	exit 0
fi

# Stream the console and note the wall-clock time from qemu's start to the
# guest starting the command: the boot time the suite pays per VM.
start=$EPOCHREALTIME
stream() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		printf '%s\n' "$line"
		case "$line" in
		"[xtcp-vm] running the command"*)
			echo "$EPOCHREALTIME - $start" | bc > "$out/boot_seconds" ;;
		esac
	done
}
set +e
timeout -k 5 "$timeout" "${qemu[@]}" -serial stdio </dev/null 2>&1 |
	stream | tee "$out/console.log"
qrc=${PIPESTATUS[0]}
set -e
[ ! -s "$out/boot_seconds" ] ||
	log "VM ($kernel, $machine): qemu start to the command in $(cat "$out/boot_seconds")s"

status=0
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	log "guest did not finish within ${timeout}s: killed"
	status=124
elif [ ! -f "$out/rc" ]; then
	log "guest stopped without reporting an exit status (qemu exit $qrc); console tail:"
	tail -20 "$out/console.log" | sed 's/^/    /' >&2
	status=1
else
	status=$(cat "$out/rc")
fi

# Kernel reports: scan the guest's dmesg (or the console if the guest never
# wrote one), take kmemleak's findings, and require that kmemleak could scan
# on the debug kernel. Whatever is found goes to $out/reports, which
# make check reads, and fails the run.
log_src=$out/dmesg
[ -f "$log_src" ] || log_src=$out/console.log
pattern=$("$XTCP_ROOT/scripts/kernel-reports.sh" --pattern)
# The file appears only once the scan is complete (written aside, then
# moved), so a scan that broke off cannot pass for a clean one.
{
	[ -f "$out/dmesg" ] || echo "the guest never wrote its kernel log; scanned the console"
	{ grep -E -A12 "$pattern" "$log_src" || true; } | head -60
	[ ! -s "$out/kmemleak" ] || { echo "kmemleak found leaks:"; head -40 "$out/kmemleak"; }
	km=$(cat "$out/kmemleak_status" 2>/dev/null || echo "no kmemleak status: the guest never scanned")
	case "$kernel:$km" in
	debug:ok|stock:ok|stock:none) ;;
	*) echo "kmemleak: $km" ;;
	esac
} > "$out/reports.new"
mv "$out/reports.new" "$out/reports"
if [ -s "$out/reports" ]; then
	log "kernel report in the guest ($log_src):"
	sed 's/^/    /' "$out/reports" >&2
	[ "$status" -ne 0 ] || status=1
fi

log "VM ($kernel) finished in $(echo "($EPOCHREALTIME - $start) / 1" | bc)s with status $status"
[ $keep_out -eq 1 ] || [ "$status" -ne 0 ] || rm -rf "$out"
[ "$status" -eq 0 ] || [ $keep_out -eq 1 ] || log "guest output kept in $out"
exit "$status"
