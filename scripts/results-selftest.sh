#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The result collector's and the report scanner's own tests, on the host.
# Prints TAP; make check records it as host:results_selftest.
#
#  - every file in results-selftest/pass/ alone: results.py exits 0 and
#    prints "N passed, 0 failed";
#  - every file in results-selftest/fail/ alone (with its .rc): results.py
#    exits 1, prints a FAIL line, and still ends with "N passed, M failed"
#    where M > 0;
#  - an expected result with no file is a failure;
#  - every line of results-selftest/reports.txt (real kernel report formats)
#    is caught by kernel-reports.sh, and no line of quiet.txt is.
set -u
here=$(cd "$(dirname "$0")" && pwd)
data=$here/results-selftest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
bad=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
not_ok() { n=$((n + 1)); bad=1; echo "not ok $n $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }

# run_one FILE: results.py over a directory holding FILE (and its .rc);
# sets $out and $rc.
run_one() {
	local f=$1 base kind name
	base=$(basename "$f")
	rm -rf "$tmp/d" && mkdir "$tmp/d"
	cp "$f" "$tmp/d/"
	[ -f "${f%.*}.rc" ] && cp "${f%.*}.rc" "$tmp/d/"
	kind=${base%%:*}
	name=${base#*:}
	name=${name%.*}
	out=$(python3 "$here/results.py" "$tmp/d" --expect "$kind:$name" 2>&1)
	rc=$?
}

pass_files=("$data"/pass/*.tap "$data"/pass/*.ktap)
fail_files=("$data"/fail/*.tap "$data"/fail/*.ktap)
mapfile -t quiet < "$data/quiet.txt"
mapfile -t reports < "$data/reports.txt"
echo "TAP version 13"
echo "1..$(( ${#pass_files[@]} + ${#fail_files[@]} + 1 + ${#reports[@]} + 1 ))"

for f in "${pass_files[@]}"; do
	run_one "$f"
	if [ $rc -eq 0 ] && [[ $(tail -1 <<<"$out") =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]]; then
		ok "results.py passes pass/$(basename "$f")"
	else
		not_ok "results.py passes pass/$(basename "$f")" "exit $rc" "$out"
	fi
done
for f in "${fail_files[@]}"; do
	run_one "$f"
	if [ $rc -eq 1 ] && grep -q '^FAIL ' <<<"$out" &&
		[[ $(tail -1 <<<"$out") =~ ^[0-9]+\ passed,\ [1-9][0-9]*\ failed$ ]]; then
		# No '#' in a TAP name: it would start a directive.
		ok "results.py fails fail/$(basename "$f"): $(grep -m1 '^FAIL ' <<<"$out" | cut -c7- | tr -d '#')"
	else
		not_ok "results.py fails fail/$(basename "$f")" "exit $rc" "$out"
	fi
done
rm -rf "$tmp/d" && mkdir "$tmp/d"
out=$(python3 "$here/results.py" "$tmp/d" --expect selftest:never_ran 2>&1)
rc=$?
if [ $rc -eq 1 ] && [ "$(tail -1 <<<"$out")" = "0 passed, 1 failed" ]; then
	ok "results.py fails an expected test with no result file"
else
	not_ok "results.py fails an expected test with no result file" "exit $rc" "$out"
fi

for line in "${reports[@]}"; do
	if printf '%s\n' "$line" > "$tmp/log" && ! "$here/kernel-reports.sh" "$tmp/log" >/dev/null; then
		ok "kernel-reports.sh catches: ${line:0:70}"
	else
		not_ok "kernel-reports.sh catches: ${line:0:70}" "$line"
	fi
done
printf '%s\n' "${quiet[@]}" > "$tmp/log"
if hits=$("$here/kernel-reports.sh" "$tmp/log"); then
	ok "kernel-reports.sh stays quiet on ${#quiet[@]} ordinary boot and test lines"
else
	not_ok "kernel-reports.sh stays quiet on ordinary lines" "$hits"
fi
exit $bad
