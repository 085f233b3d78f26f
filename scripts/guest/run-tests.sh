#!/bin/bash
# Runs inside the test VM (scripts/vm.sh): the KUnit suites, then the
# selftests. Each result lands in $XTCP_OUT/results as a (K)TAP file named
# KIND:NAME, streamed to the console as it runs.
#
#   run-tests.sh [--kunit GLOB] [--selftests "prog ..."]
set -u
kunit_glob=
selftests=
while [ $# -gt 0 ]; do
	case "$1" in
	--kunit) kunit_glob=$2; shift 2 ;;
	--selftests) selftests=$2; shift 2 ;;
	*) echo "run-tests.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
res=${XTCP_OUT:?not in the test VM}/results
mkdir -p "$res"
fail=0

if [ -n "$kunit_glob" ]; then
	echo "[xtcp-vm] KUnit: loading $XTCP_KO and kunit/xtcp_kunit.ko"
	if insmod "$XTCP_KO" && insmod kunit/xtcp_kunit.ko; then
		for d in /sys/kernel/debug/kunit/$kunit_glob; do
			[ -f "$d/results" ] || continue
			s=$(basename "$d")
			cp "$d/results" "$res/kunit:$s.ktap"
			grep -E '^ {0,4}(not ok|ok) ' "$d/results" |
				sed "s/^/[kunit $s] /"
			! grep -qE '^ {0,4}not ok ' "$d/results" || fail=1
		done
		rmmod xtcp_kunit || fail=1
		rmmod xtcp || fail=1
	else
		echo "[xtcp-vm] KUnit: module load failed"
		fail=1
	fi
fi

for t in $selftests; do
	echo "[xtcp-vm] selftest $t"
	start=$(date +%s)
	case "$t" in
	*.sh) timeout 900 bash "selftests/$t" ;;
	*) timeout 900 "selftests/$t" ;;
	esac > >(tee "$res/selftest:$t.tap") 2>&1
	rc=$?
	echo "$rc" > "$res/selftest:$t.rc"
	echo "[xtcp-vm] selftest $t: exit $rc in $(( $(date +%s) - start ))s"
	[ $rc -eq 0 ] || fail=1
done
# Let tee flush before the VM powers off.
wait
exit $fail
