#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown: load, attach to several devices, detach and unload in a tight
# loop (50 rounds in one process), so that anything the module defers (RCU
# callbacks, timers, work) and that outlives its text shows up as a crash.
# At the end no /proc/net/xtcp* may remain. The VM runner fails the test
# on any kernel report (KASAN, lockdep, kmemleak, WARN).
. "$(dirname "$0")/lib.sh"

# ns_forget NS: delete a namespace and drop it from the EXIT trap's list.
ns_forget() {
	local keep=() n
	$IP netns del "$1" || return 1
	for n in "${__ns_list[@]}"; do
		[ "$n" != "$1" ] && keep+=("$n")
	done
	__ns_list=("${keep[@]}")
}

XFAULT=$XTCP_ROOT/selftests/xfault

tap_plan 2
xtcp_unload 2>/dev/null

# 1. load, attach to three devices, give one an address, detach two,
# unload with the third still attached: 50 times in one process.
ns_new NS_LOOP
for d in d0 d1 d2; do
	$IP -n "$NS_LOOP" link add "$d" type dummy && $IP -n "$NS_LOOP" link set "$d" up
done
if out=$($IP netns exec "$NS_LOOP" "$XFAULT" modloop 50 d0 d1 d2 2>&1) &&
	[ ! -e /sys/module/xtcp ]; then
	tap_ok "modloop: $out"
else
	tap_fail "load/attach/detach/unload x50" "$out"
fi
ns_forget "$NS_LOOP"

# 2. the end: nothing left behind.
if xtcp_unload && [ ! -e /sys/module/xtcp ] && ! ls /proc/net/xtcp* >/dev/null 2>&1; then
	tap_ok "rmmod at the end; no /proc/net/xtcp* left"
else
	tap_fail "rmmod at the end" "$(ls /proc/net/xtcp* 2>&1)"
fi
tap_done
