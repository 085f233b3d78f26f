#!/bin/bash
# Runs inside the test VM (scripts/vm.sh): the KUnit suites, then the
# selftests, then the teardown checks. Each result lands in
# $XTCP_OUT/results as a (K)TAP file named KIND:NAME, streamed to the
# console as it runs.
#
#   run-tests.sh [--kunit GLOB] [--selftests "prog ..."]
#
# teardown:xtcp_unload.tap holds one case per unload: after KUnit (rmmod
# xtcp_kunit, rmmod xtcp), after every selftest (a module a test left
# loaded must have refcount 0 and unload), and a final case that nothing
# is left behind: no module, no /proc/net/xtcp*, no "xtcp" generic netlink
# family, and the packet_type list back to what it was before xtcp loaded.
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
td=$res/teardown:xtcp_unload.tap
td_n=0
td_lines=()

# td_case OK NAME [DETAIL]: one teardown case (written out at the end, once
# the plan is known).
td_case() {
	td_n=$((td_n + 1))
	if [ "$1" -eq 0 ]; then
		td_lines+=("ok $td_n $2")
	else
		td_lines+=("not ok $td_n $2")
		[ -n "${3:-}" ] && td_lines+=("# $3")
		fail=1
	fi
	echo "[xtcp-vm] teardown: ${td_lines[-1]}"
}

# unload MOD WHEN: rmmod MOD if it is loaded; its refcount must be 0 first.
unload() {
	local mod=$1 when=$2 ref out
	[ -e "/sys/module/$mod" ] || { td_case 0 "$when: $mod not left loaded"; return; }
	ref=$(cat "/sys/module/$mod/refcnt" 2>/dev/null)
	if [ "$ref" != 0 ]; then
		rmmod "$mod" >/dev/null 2>&1
		td_case 1 "$when: $mod unloads" "refcnt is '$ref', not 0"
	elif ! out=$(rmmod "$mod" 2>&1); then
		td_case 1 "$when: $mod unloads" "rmmod: $out"
	else
		td_case 0 "$when: $mod unloads (refcnt 0, rmmod ok)"
	fi
}

ptype_before=$(sort /proc/net/ptype)

# reap_tee PID NAME: the tee of a test's output ends once every writer of
# its pipe is gone. A process the test left running may hold the pipe for
# ever (the final wait then never returns): after 5 s, name the holders
# on the console and kill them, so the run goes on.
reap_tee() {
	local tee=$1 name=$2 pipe holders= p i
	for i in {1..50}; do
		kill -0 "$tee" 2>/dev/null || return 0
		sleep 0.1
	done
	pipe=$(readlink "/proc/$tee/fd/0" 2>/dev/null) || return 0
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = "$tee" ] && continue
		for fd in "$p"/fd/*; do
			[ "$(readlink "$fd" 2>/dev/null)" = "$pipe" ] || continue
			holders+="${p#/proc/} ($(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)); "
			kill -KILL "${p#/proc/}" 2>/dev/null
			break
		done
	done
	echo "[xtcp-vm] note: $name left processes holding its output, killed: ${holders:-none found}"
}

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
	else
		echo "[xtcp-vm] KUnit: module load failed"
		fail=1
	fi
	unload xtcp_kunit "after KUnit"
	unload xtcp "after KUnit"
fi

for t in $selftests; do
	echo "[xtcp-vm] selftest $t"
	start=$(date +%s)
	case "$t" in
	*.sh) timeout 900 bash "selftests/$t" ;;
	*) timeout 900 "selftests/$t" ;;
	esac > >(tee "$res/selftest:$t.tap") 2>&1
	rc=$?
	reap_tee $! "$t"
	echo "$rc" > "$res/selftest:$t.rc"
	echo "[xtcp-vm] selftest $t: exit $rc in $(( $(date +%s) - start ))s"
	[ $rc -eq 0 ] || fail=1
	unload xtcp "after $t"
done

# Nothing left behind.
left=
[ -e /sys/module/xtcp ] && left="module xtcp; "
ls /proc/net/xtcp* >/dev/null 2>&1 && left+="$(echo /proc/net/xtcp*); "
/usr/sbin/genl ctrl get name xtcp >/dev/null 2>&1 && left+="genl family xtcp; "
ptype_now=$(sort /proc/net/ptype)
[ "$ptype_now" = "$ptype_before" ] ||
	left+="packet_type list changed: $(diff <(echo "$ptype_before") <(echo "$ptype_now") | grep '^[<>]' | tr '\n' ' ')"
[ -z "$left" ]
td_case $? "xtcp unloads and leaves nothing behind (module, /proc/net/xtcp*, genl family, packet_type)" "left: $left"

{
	echo "TAP version 13"
	echo "1..$td_n"
	printf '%s\n' "${td_lines[@]}"
} > "$td"
# Let tee flush before the VM powers off.
wait
exit $fail
