#!/usr/bin/env bash
# make check: the whole xtcp suite.
#
#  1. host: build against the debug test kernel and Debian's stock headers
#     (W=1, no warnings allowed), build the selftests, lint;
#  2. debug VM: every KUnit suite, then every selftest;
#  3. debug VM: the runner's own test (a guest WARN must fail scripts/vm.sh);
#  4. stock VM: the af_xtcp selftest on Debian's distribution kernel.
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
build_case "module + KUnit, debug kernel, W=1, no warnings" make -s modules W=1
build_case "module, Debian stock headers, W=1, no warnings" make -s stock W=1
build_case "selftests, -Wall -Wextra -Werror" make -s selftests
build_case "tools/xtcp, -Wall -Wextra -Werror" make -s tools
log "linting"
lint_out=$(scripts/lint.sh 2>&1)
host_case lint "checkpatch --strict and sparse C=2: 0 errors, 0 warnings" $? "$lint_out"

selftests=$(make -s -C selftests list)
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

# --- 2. KUnit and selftests on the debug kernel
log "debug VM: KUnit ($T) and selftests:$sel"
scripts/vm.sh --kernel debug --timeout 2700 --out "$out/debug" -- \
	scripts/guest/run-tests.sh --kunit "$T" --selftests "$sel" 2>&1 | sed -u 's/^/  | /'
vm_rc=${PIPESTATUS[0]}
cp "$out/debug/results/"* "$res/" 2>/dev/null
[ ! -s "$out/debug/boot_seconds" ] ||
	log "debug VM: qemu start to the first test in $(cat "$out/debug/boot_seconds")s"
reports=$(scripts/kernel-reports.sh "$out/debug/dmesg" 2>&1; cat "$out/debug/kmemleak" 2>/dev/null)
[ -f "$out/debug/dmesg" ] || reports="the guest never wrote its kernel log"
[ -z "$reports" ]
host_case vm "debug VM: no KASAN, lockdep, kmemleak, WARN or oops in dmesg" $? "$reports"
[ -f "$out/debug/rc" ]
host_case vm "debug VM: booted and finished (scripts/vm.sh exit $vm_rc)" $? \
	"$(tail -20 "$out/debug/console.log" 2>/dev/null)"

# --- 3. the runner catches a WARN in the guest
if [[ "runner" == $T || $T == "*" ]]; then
	log "debug VM: runner self-test (a WARN_ON must fail the run)"
	wout=$(scripts/vm.sh --kernel debug --timeout 600 --out "$out/warn" -- \
		insmod selftests/runner/xtcp_warn_test.ko 2>&1)
	wrc=$?
	[ $wrc -ne 0 ] && grep -q 'WARNING:.*xtcp_warn_test' <<<"$wout"
	host_case vm "scripts/vm.sh fails and quotes the report when the guest WARNs" $? \
		"exit $wrc; output: $(tail -15 <<<"$wout")"
fi

# --- 4. Debian's stock kernel
if [[ " $sel " == *" af_xtcp_test "* ]]; then
	log "stock VM: af_xtcp_test on $(xtcp_stock_release)"
	scripts/vm.sh --kernel stock --timeout 600 --out "$out/stock" -- \
		scripts/guest/run-tests.sh --selftests af_xtcp_test 2>&1 | sed -u 's/^/  | /'
	for f in "$out/stock/results/selftest:"*; do
		[ -e "$f" ] && cp "$f" "$res/stock:${f##*/selftest:}"
	done
	expect+=(--expect "stock:af_xtcp_test")
fi

log "suite took $(( $(date +%s) - t0 ))s; results in $res"
echo
scripts/results.py "$res" --expect host:build --expect host:lint --expect host:vm "${expect[@]}"
