#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Slab fault injection (CONFIG_FAILSLAB) on xtcp's paths.
# - fail-nth: each of module init, namespace creation, attach, address add,
#   socket() and bind() is called with its 1st, 2nd, ... slab allocation
#   failing, until a call gets through with none failing. Namespace
#   creation: only from 100 allocations before xtcp's pernet init to 100
#   after it (the core's and devices' own come before and after; xtcp's
#   tracepoint tells which), then one with none failing. Every failure
#   must be an errno that leaves nothing behind (xfault checks the module,
#   namespace, device, address and socket count after each), and the call
#   must then succeed.
# - the receive path: for a few seconds every non-sleeping slab
#   allocation fails with probability 10 %, while Linux floods xtcp with
#   pings, fragmented datagrams for a receiver, datagrams to a closed port
#   and ARP requests from 200 new neighbours. Every loss must be counted
#   where it happened: each echo request is answered or counted in
#   IcmpOutErrors, each datagram to the closed port answered, rate limited
#   or counted in IcmpOutErrors; a neighbour that could not be allocated is
#   NoMem, not NeighTableFull; the receiver's count is UdpInDatagrams.
#   Afterwards xtcp works as before.
# The VM runner fails the test on any kernel report (KASAN, lockdep,
# kmemleak, DEBUG_OBJECTS, WARN); after it xtcp must unload and leave
# nothing behind.
. "$(dirname "$0")/lib.sh"

XFAULT=$XTCP_ROOT/selftests/xfault
FS=/sys/kernel/debug/failslab
PY=/usr/bin/python3
PEER() { nsx "$NS_PEER" "$@"; }
XNS() { nsx "$NS_XTCP" "$@"; }

# failslab_set KEY=VALUE...
failslab_set() {
	local kv
	for kv in "$@"; do
		echo "${kv#*=}" > "$FS/${kv%%=*}" || return 1
	done
}

# failslab_off: no random faults; only fail-nth, which sleeping
# allocations obey too.
failslab_off() {
	failslab_set probability=0 times=-1 interval=1 verbose=0 \
		ignore-gfp-wait=N task-filter=N
}

# snap ARRAY: every counter of $NS_XTCP into associative ARRAY, with one
# read (each command run in a namespace costs a second under load).
snap() {
	local -n __snap=$1
	local name val
	__snap=()
	while read -r name val; do
		__snap["$name"]=$val
	done < <(nsx "$NS_XTCP" cat /proc/net/xtcp_snmp | awk '
		{ if (prev == $1) { for (i = 2; i <= NF; i++) print keys[i], $i; prev = "" }
		  else { prev = $1; for (i = 2; i <= NF; i++) keys[i] = $i } }')
}

# delta NAME: how much counter NAME rose from snapshot B to snapshot A.
delta() {
	echo $((${A[$1]:-0} - ${B[$1]:-0}))
}
declare -A A B

tap_plan 10
if [ ! -w "$FS/probability" ] || [ ! -e /proc/self/fail-nth ]; then
	tap_fail "failslab and fail-nth present" \
		"$FS or /proc/self/fail-nth missing: the debug kernel needs FAILSLAB and FAULT_INJECTION_DEBUG_FS"
	tap_done
fi
failslab_off
trap 'failslab_off; __ns_cleanup' EXIT
ptype0=$(cat /proc/net/ptype)
work=$(mktemp -d)

# 1. module init.
xtcp_unload
if out=$("$XFAULT" failnth insmod 2>&1) && [ ! -e /sys/module/xtcp ] &&
	[ "$(cat /proc/net/ptype)" = "$ptype0" ]; then
	tap_ok "$out"
else
	tap_fail "fail-nth over insmod" "$out"
fi

# 2-6. namespace creation (xtcp's pernet init), attach, address add,
# socket() and bind(). fail-nth is per task and each call leaves the
# namespace as it found it, so the long namespace sweep runs beside the
# other four (in order: addr needs the attach to succeed); results are
# reported in order.
if topo_two_ns && xtcp_load; then
	XNS "$XFAULT" failnth netns > "$work/netns" 2>&1 &
	netns_pid=$!
	i=0
	for op in "link veth1" "addr veth1 10.0.0.2/24" socket bind; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		XNS "$XFAULT" failnth $op > "$work/op$i" 2>&1
		echo $? > "$work/op$i.rc"
	done
	wait "$netns_pid"
	echo $? > "$work/op0.rc"
	mv "$work/netns" "$work/op0"
	i=0
	for op in netns "link veth1" "addr veth1 10.0.0.2/24" socket bind; do
		if [ "$(cat "$work/op$i.rc")" = 0 ]; then
			tap_ok "$(cat "$work/op$i")"
		else
			tap_fail "fail-nth over $op" "$(cat "$work/op$i")"
		fi
		i=$((i + 1))
	done
else
	for op in netns link addr socket bind; do
		tap_fail "fail-nth over $op" "topology or module load failed"
	done
fi

# 7-10. the receive path under random faults.
# Attached with its address by cases 4 and 5, unless they failed.
XTCP link add dev veth1 2>/dev/null
XTCP addr add 10.0.0.2/24 dev veth1 2>/dev/null
XNS "$XFAULT" sink 9001 600 > "$work/sink" &
PEER ping -c 3 -W 1 10.0.0.2 > /dev/null
sleep 0.5
snap B
failslab_set verbose=0 ignore-gfp-wait=Y task-filter=N times=-1 interval=1 probability=10
PEER ping -f -q -c 400 -s 200 10.0.0.2 > "$work/ping" 2>&1 &
pids=($!)
PEER "$XFAULT" flood -4 10.0.0.2 9001 4 3000 2000 > "$work/frags" &
pids+=($!)
PEER "$XFAULT" flood -4 10.0.0.2 9999 4 100 5000 > "$work/closed" &
pids+=($!)
PEER $PY "$XTCP_ROOT/selftests/arp_flood.py" requests veth0 10.0.0.2 10.0.0.20+200 \
	> "$work/arp" 2>&1
wait "${pids[@]}"
failslab_set probability=0
sleep 1
pkill -TERM -f "$XFAULT sink"
wait
failslab_off

snap A
ins=$(delta IcmpInEchos)
reps=$(delta IcmpOutEchoReps)
oerr=$(delta IcmpOutErrors)
noports=$(delta UdpNoPorts)
unr=$(delta IcmpOutDestUnreachs)
lim=$(delta IcmpOutRateLimited)
got=$(sed -n 's/^received //p' "$work/sink")
echo "# under faults: echo requests $ins, replies $reps; closed port $noports," \
	"unreachables $unr, rate limited $lim; IcmpOutErrors $oerr;" \
	"ping: $(tail -2 "$work/ping" | head -1)"
if [ "$ins" -gt 0 ] && [ "$oerr" -gt 0 ] &&
	[ $((ins + noports)) -eq $((reps + unr + lim + oerr)) ]; then
	tap_ok "every echo request and closed-port datagram answered, rate limited or in IcmpOutErrors ($oerr)"
else
	tap_fail "every echo request and closed-port datagram answered, rate limited or counted" \
		"in: echo $ins + closed port $noports; out: replies $reps + unreachables $unr + rate limited $lim + IcmpOutErrors $oerr"
fi

full=$(delta NeighTableFull)
nomem=$(delta NoMem)
if [ "$full" -eq 0 ] && [ "$nomem" -gt 0 ]; then
	tap_ok "allocation failures count as NoMem ($nomem), not NeighTableFull"
else
	tap_fail "allocation failures count as NoMem, not NeighTableFull" \
		"NoMem +$nomem, NeighTableFull +$full; arp_flood: $(cat "$work/arp")"
fi

din=$(delta UdpInDatagrams)
if [ -n "$got" ] && [ "$got" -gt 0 ] && [ "$got" -eq "$din" ]; then
	tap_ok "the receiver got $got fragmented datagrams, UdpInDatagrams +$din"
else
	tap_fail "the receiver's count is UdpInDatagrams" \
		"received '$got', UdpInDatagrams +$din; sender: $(cat "$work/frags")"
fi

# Afterwards: as before.
if out=$(PEER ping -c 5 -i 0.2 -W 1 10.0.0.2 2>&1) &&
	grep -q ' 0% packet loss' <<< "$out"; then
	tap_ok "xtcp answers as before"
else
	tap_fail "xtcp answers as before" "$out"
fi
rm -rf "$work"
tap_done
