#!/usr/bin/env bash
# make check: the whole xtcp suite.
#
#  1. host: build against the debug test kernel and Debian's stock headers
#     (W=1, no warnings allowed), build the selftests, lint;
#  2. debug VM: every KUnit suite, then every selftest;
#  3. debug VMs: the runner's own tests (a guest WARN, KASAN report, kmemleak
#     leak and leaked net_device reference must each fail scripts/vm.sh);
#  4. stock VM: the af_xtcp selftest on Debian's distribution kernel, checked
#     like the debug VM;
#  5. host: results.py's and kernel-reports.sh's own tests.
# Steps 2-4 run in two lanes at once: the first debug VM (KUnit and one
# share of the selftests), and a second debug VM (the other share)
# followed by the VMs of steps 3 and 4.
# Every VM run ends with the teardown case: xtcp unloads and leaves nothing
# behind.
#
# Prints one line per test and ends with "N passed, N failed".
# T=GLOB runs only the KUnit suites and selftests whose names match.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$XTCP_ROOT"

T=${T:-*}
out=$XTCP_ROOT/.build/check
rm -rf "$out"
res=$out/results
mkdir -p "$res"
t0=$(date +%s)

# host_case FILE NAME STATUS [DETAIL]: record one host-side result.
host_case() {
	local f=$res/host:$1.tap n
	n=$(( $(grep -c '^\(not \)\?ok ' "$f" 2>/dev/null || true) + 1 ))
	if [ "$3" -eq 0 ]; then
		echo "ok $n $2" >> "$f"
	else
		echo "not ok $n $2" >> "$f"
		[ -n "${4:-}" ] && printf '%s\n' "$4" | head -40 | sed 's/^/# /' >> "$f"
		[ -n "${4:-}" ] && { echo "[check] $2 failed:"; printf '%s\n' "$4" | head -40; } >&2
	fi
}

xtcp_ensure_packages
log "test kernel: $(scripts/build-kernel.sh)" || die "cannot build the test kernel"

# --- 1. builds and lint
build_case() {
	local name=$1 out rc warn
	shift
	out=$("$@" 2>&1); rc=$?
	warn=$(grep -E 'warning:|error:' <<<"$out")
	[ $rc -eq 0 ] && [ -z "$warn" ]
	host_case build "$name" $? "${warn:-$(tail -20 <<<"$out")}"
}
log "building (W=1)"
jobs=-j$(nproc)
build_case "module + KUnit, debug kernel, W=1, no warnings" make -s "$jobs" modules W=1
build_case "module, Debian stock headers, W=1, no warnings" make -s "$jobs" stock W=1
build_case "selftests, -Wall -Wextra -Werror" make -s "$jobs" selftests
build_case "tools/xtcp and tools/xhttp, -Wall -Wextra -Werror" make -s "$jobs" tools
log "linting"
lint_out=$(scripts/lint.sh 2>&1)
host_case lint "checkpatch --strict and sparse C=2: 0 errors, 0 warnings" $? "$lint_out"
# Lint's own tests: a checkpatch or sparse that does not run must fail it.
lint_out=$(XTCP_CHECKPATCH=/bin/true scripts/lint.sh --checkpatch 2>&1)
[ $? -ne 0 ] && grep -q 'checkpatch did not run' <<<"$lint_out"
host_case lint "lint fails when checkpatch does not run (checkpatch replaced by true)" $? "$lint_out"
lint_out=$(XTCP_SPARSE=/nonexistent/sparse scripts/lint.sh --sparse 2>&1)
[ $? -ne 0 ] && grep -q 'sparse did not run' <<<"$lint_out"
host_case lint "lint fails when sparse does not run (sparse missing)" $? "$lint_out"

if ! selftests=$(make -s -C selftests list 2>&1) || [ -z "$selftests" ]; then
	host_case build "make -C selftests list names the selftests" 1 "$selftests"
	selftests=
fi
sel=
for t in $selftests; do
	# shellcheck disable=SC2053
	[[ $t == $T ]] && sel="$sel $t"
done
expect=()
for s in $(sed -n 's/^\s*\.name\s*=\s*"\(xtcp_[a-z0-9_]*\)".*/\1/p' kunit/*.c); do
	# shellcheck disable=SC2053
	[[ $s == $T ]] && expect+=(--expect "kunit:$s")
done
for t in $sel; do
	expect+=(--expect "selftest:$t")
done

# vm_checks LABEL DIR VMRC: the two cases every VM run gets. It booted, ran
# its command and powered off (the guest wrote its exit status and vm.sh
# passed it on), and scripts/vm.sh found no kernel report in its log
# (DIR/reports: dmesg patterns, kmemleak findings, a kmemleak scan that
# could not run).
vm_checks() {
	local label=$1 dir=$2 vmrc=$3
	# vm.sh's status is the guest's, unless it found a report.
	[ -f "$dir/rc" ] && { [ "$vmrc" = "$(cat "$dir/rc")" ] || [ -s "$dir/reports" ]; }
	host_case vm "$label VM: booted, ran and powered off (guest exit $(cat "$dir/rc" 2>/dev/null), scripts/vm.sh exit $vmrc)" $? \
		"$(tail -20 "$dir/console.log" 2>/dev/null)"
	[ -f "$dir/reports" ] && [ ! -s "$dir/reports" ]
	host_case vm "$label VM: no kernel report (KASAN, lockdep, kmemleak, WARN, oops, stall, ...)" $? \
		"$(cat "$dir/reports" 2>/dev/null || echo "no report scan: scripts/vm.sh stopped early")"
	[ ! -s "$dir/boot_seconds" ] ||
		log "$label VM: qemu start to the first test in $(cat "$dir/boot_seconds")s"
}

# merge_tap SRC DST: append SRC's results (and their "# " detail lines) to
# DST, numbered on from DST's last; plans and version lines are left out
# (the caller writes the plan). SUFFIX, if given, is added to the name of
# SRC's last result.
merge_tap() {
	local src=$1 dst=$2 suffix=${3:-} n last
	n=$(grep -c '^\(not \)\?ok ' "$dst" 2>/dev/null || true)
	last=$(grep -c '^\(not \)\?ok ' "$src")
	awk -v n="$n" -v last="$last" -v suffix="$suffix" '
		/^(not )?ok / {
			i++
			ok = ($1 == "ok") ? "ok" : "not ok"
			sub(/^(not )?ok +[0-9]+ */, "")
			if (i == last && suffix != "") $0 = $0 suffix
			print ok " " (n + i) " " $0
			next
		}
		/^#/ { print }' "$src" >> "$dst"
}

# --- 2-4. Two lanes at once, each booting its VMs one after the other:
# the first runs every KUnit suite and one share of the selftests in a
# debug VM; the second runs the other share in a second debug VM, then
# the runner's own tests, then the stock VM. A test goes to the second
# lane only if it is named here; the shares are balanced by their run
# times in guest seconds on a loaded host (tcp_netem 400, tcp_interop 250,
# fault 150, teardown 130, ip_interop 105, arp 80, icmp 75, ...), so that
# both lanes end at about the same time. Each VM runs the same teardown
# checks after every test and at the end, and gets the same vm_checks;
# the two teardown files are merged into one.
lane2_tests=" xtcp_cli_test.sh sysctl_test.sh arp_test.sh ip_output_test.sh
	udp_interop_test.sh topology_test.sh ports_test.sh tun_test.sh trace_test.sh
	tcp_sock_test http_test.sh tcp_route_test.sh tcp_netem_test.sh "
sel1=
sel2=
for t in $sel; do
	if [[ " ${lane2_tests//[[:space:]]/ } " == *" $t "* ]]; then
		sel2="$sel2 $t"
	else
		sel1="$sel1 $t"
	fi
done

# runner_case NAME QUOTE CMD...: boot a VM for CMD; vm.sh must exit non-zero
# and its output must match QUOTE.
runner_case() {
	local name=$1 quote=$2 wout wrc
	shift 2
	wout=$(XTCP_VM_MEM=512M scripts/vm.sh --kernel debug --timeout 600 \
		--out "$out/runner-$name" -- "$@" 2>&1)
	wrc=$?
	[ $wrc -ne 0 ] && [ $wrc -ne 124 ] && grep -qE "$quote" <<<"$wout"
	host_case vm "scripts/vm.sh fails and quotes the report: $name" $? \
		"exit $wrc, expected a non-zero exit and output matching '$quote'; output: $(tail -25 <<<"$wout")"
}

# lane2: the second lane. Its results go to $out/lane2/results (host cases
# too, merged below); its output to $out/lane2.log, shown once it is done.
lane2() {
	res=$out/lane2/results
	mkdir -p "$res"
	if [ -n "$sel2" ]; then
		log "second debug VM: selftests:$sel2"
		scripts/vm.sh --kernel debug --timeout 2700 --out "$out/debug2" -- \
			scripts/guest/run-tests.sh --selftests "$sel2" 2>&1 | sed -u 's/^/  | /'
		vm_rc=${PIPESTATUS[0]}
		vm_checks "second debug" "$out/debug2" "$vm_rc"
	fi

	# --- 3. the runner's own tests: each throwaway module makes the guest
	# kernel report something, and scripts/vm.sh must fail and quote it.
	if [[ "runner" == $T || $T == "*" ]]; then
		r=selftests/runner
		log "debug VMs: the runner's own tests (WARN, KASAN, kmemleak, leaked netdev reference)"
		runner_case "WARN_ON" 'WARNING:.*xtcp_warn_test' insmod $r/xtcp_warn_test.ko
		runner_case "KASAN out-of-bounds read" 'BUG: KASAN: slab-out-of-bounds in xtcp_kasan_test_init' \
			insmod $r/xtcp_kasan_test.ko
		runner_case "kmemleak leak" 'xtcp_leak_test_leak' \
			bash -c "insmod $r/xtcp_leak_test.ko && sleep 6"
		XTCP_VM_APPEND=kmemleak=off runner_case "kmemleak cannot scan (booted with kmemleak=off)" \
			'kmemleak: echo scan > /sys/kernel/debug/kmemleak failed' true
		runner_case "net_device reference never released" \
			'xtcp_netdev_leak_test_hold' \
			bash -c "ip link add xleak0 type dummy && insmod $r/xtcp_netdev_leak_test.ko dev=xleak0 &&
				{ ip link del xleak0 & sleep 15; }"
	fi

	# --- 4. Debian's stock kernel: the same checks as the debug VM
	if [[ " $sel " == *" af_xtcp_test "* ]]; then
		log "stock VM: af_xtcp_test on $(xtcp_stock_release)"
		scripts/vm.sh --kernel stock --timeout 600 --out "$out/stock" -- \
			scripts/guest/run-tests.sh --selftests af_xtcp_test 2>&1 | sed -u 's/^/  | /'
		vm_rc=${PIPESTATUS[0]}
		for f in "$out/stock/results/"*; do
			[ -e "$f" ] && cp "$f" "$res/stock:${f##*/*:}"
		done
		vm_checks stock "$out/stock" "$vm_rc"
	fi
}

log "two lanes of VMs at once; the second lane's output follows the first's"
lane2 > "$out/lane2.log" 2>&1 &
lane2_pid=$!

log "debug VM: KUnit ($T) and selftests:$sel1"
scripts/vm.sh --kernel debug --timeout 2700 --out "$out/debug" -- \
	scripts/guest/run-tests.sh --kunit "$T" --selftests "$sel1" 2>&1 | sed -u 's/^/  | /'
vm_rc=${PIPESTATUS[0]}
cp "$out/debug/results/"* "$res/" 2>/dev/null
vm_checks debug "$out/debug" "$vm_rc"
expect+=(--expect "teardown:xtcp_unload")

wait "$lane2_pid"
log "second lane (second debug VM, runner's own tests, stock VM):"
cat "$out/lane2.log"

# The second debug VM's results; its teardown cases join the first's.
td=$res/teardown:xtcp_unload.tap
if [ -n "$sel2" ]; then
	for f in "$out/debug2/results/"*; do
		[ -e "$f" ] || continue
		case "${f##*/}" in
		teardown:xtcp_unload.tap) ;;
		*) cp "$f" "$res/" ;;
		esac
	done
	# Without the first VM's file, "teardown:xtcp_unload" stays missing.
	td2=$out/debug2/results/teardown:xtcp_unload.tap
	if [ -f "$td" ]; then
		grep -v '^TAP version\|^1\.\.' "$td" > "$td.new"
		if [ -f "$td2" ]; then
			merge_tap "$td2" "$td.new" " (second debug VM)"
		else
			echo "not ok $(( $(grep -c '^\(not \)\?ok ' "$td.new") + 1 ))" \
				"the second debug VM wrote no teardown results" >> "$td.new"
		fi
		n=$(grep -c '^\(not \)\?ok ' "$td.new")
		{ echo "TAP version 13"; echo "1..$n"; cat "$td.new"; } > "$td" && rm -f "$td.new"
	fi
fi
for f in "$out/lane2/results/"*; do
	[ -e "$f" ] || continue
	case "${f##*/}" in
	host:*) merge_tap "$f" "$res/${f##*/}" ;;
	*) cp "$f" "$res/" ;;
	esac
done
[[ " $sel " != *" af_xtcp_test "* ]] ||
	expect+=(--expect "stock:af_xtcp_test" --expect "stock:xtcp_unload")

log "running the result collector's own tests"
scripts/results-selftest.sh > "$res/host:results_selftest.tap" 2>&1

# The host's results were recorded case by case; give each file its plan.
for f in "$res"/host:*.tap; do
	[ "$f" = "$res/host:results_selftest.tap" ] && continue
	n=$(grep -c '^\(not \)\?ok ' "$f")
	{ echo "TAP version 13"; echo "1..$n"; cat "$f"; } > "$f.new" && mv "$f.new" "$f"
done

log "suite took $(( $(date +%s) - t0 ))s; results in $res"
echo
scripts/results.py "$res" --expect host:build --expect host:lint --expect host:vm \
	--expect host:results_selftest "${expect[@]}"
