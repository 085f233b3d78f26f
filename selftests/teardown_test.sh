#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown under load, so that anything the module defers (RCU callbacks,
# timers, work, queued skbs) and that outlives its object or its text
# shows up as a crash or a report:
# - load, attach to several devices, detach and unload in a tight loop (50
#   rounds in one process);
# - a namespace deleted with bound sockets, datagrams queued on an
#   unresolved neighbour and live fragment queues;
# - the attached veth deleted (from either end) under a UDP flood each way;
# - rmmod while ping -f and a UDP flood pour in, with no socket open.
# At the end no /proc/net/xtcp* may remain. The VM runner fails the test
# on any kernel report (KASAN, lockdep, kmemleak, DEBUG_OBJECTS, WARN).
. "$(dirname "$0")/lib.sh"

# ns_forget NS: delete a namespace and drop it from the EXIT trap's list.
ns_forget() {
	$IP netns del "$1" || return 1
	ns_forget_name "$1"
}

# ns_forget_name NS: drop a deleted namespace from the EXIT trap's list.
ns_forget_name() {
	local keep=() n
	for n in "${__ns_list[@]}"; do
		[ "$n" != "$1" ] && keep+=("$n")
	done
	__ns_list=("${keep[@]}")
}

XFAULT=$XTCP_ROOT/selftests/xfault
PY=/usr/bin/python3
PEER() { nsx "$NS_PEER" "$@"; }
XNS() { nsx "$NS_XTCP" "$@"; }
work=$(mktemp -d)

# wait_refcnt SECONDS: xtcp's module refcount drops to 0 (every socket
# freed: a socket lives on while skbs it sent sit in some queue).
wait_refcnt() {
	local i
	for _ in $(seq $(($1 * 10))); do
		[ "$(cat /sys/module/xtcp/refcnt 2>/dev/null)" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}

# first_frags N ID0: the peer sends the first fragment of N datagrams
# (IDs ID0...) to xtcp and never the rest: N live fragment queues. Each
# is what scapy's fragment(fragsize=1400) makes of a UDP datagram
# 4000 -> 9001 with 3000 bytes of "f" (MF, offset 0, 1400 bytes of the
# 3008), built with struct and sent from a raw socket: importing scapy
# takes many seconds under emulation.
first_frags() {
	PEER $PY - "$1" "$2" <<'PYEOF' 2>&1
import socket
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


n, id0 = int(sys.argv[1]), int(sys.argv[2])
src, dst = socket.inet_aton("10.0.0.1"), socket.inet_aton("10.0.0.2")
data = b"f" * 3000
udp = struct.pack("!HHHH", 4000, 9001, 8 + len(data), 0) + data
ck = csum(src + dst + struct.pack("!BBH", 0, 17, len(udp)) + udp) or 0xffff
udp = udp[:6] + struct.pack("!H", ck) + udp[8:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for i in range(n):
    part = udp[:1400]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(part), id0 + i,
                      0x2000, 64, 17, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    s.sendto(hdr + part, ("10.0.0.2", 0))
print("sent %d" % n)
PYEOF
}

# udp_in NS: Linux's UdpInDatagrams in NS.
udp_in() {
	nsx "$1" awk '/^Udp:/ { if (k) { print $2; exit } k = 1 }' /proc/net/snmp
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# link_churn_round NAME xtcp|peer: a UDP flood each way between xtcp
# (10.0.0.2, veth1) and Linux (10.0.0.1), and the veth deleted from xtcp's
# or the peer's end in the middle (a veth pair goes as one). Both floods
# must have got through before, xtcp must let go of the device, and a new
# pair must carry datagrams again. The floods and sinks run until they are
# stopped: the link goes once both sinks have received, and the floods
# stop a second after that, so the deletion falls inside the floods
# however slow the machine is.
link_churn_round() {
	local name=$1 p=$work/lc.$2 xr pr xs ps xin pin
	topo_xtcp || { tap_fail "$name" "topology"; return; }
	xin=$(xtcp_counter UdpInDatagrams)
	pin=$(udp_in "$NS_PEER")
	XNS "$XFAULT" sink 9101 600 > "$p.xsink" &
	PEER "$XFAULT" sink -4 9201 600 > "$p.psink" &
	wait_for 60 nsx "$NS_XTCP" grep -qi ":238D " /proc/net/xtcp_udp
	wait_for 60 nsx "$NS_PEER" grep -qi ":23F1 " /proc/net/udp
	PEER "$XFAULT" flood -4 10.0.0.2 9101 600 200 200 > "$p.pflood" &
	XNS "$XFAULT" flood 10.0.0.1 9201 600 200 200 > "$p.xflood" &
	wait_for 60 expect_rise UdpInDatagrams "${xin:-0}"
	wait_for 60 eval '[ "$(udp_in "$NS_PEER")" -gt "${pin:-0}" ]'
	sleep 0.5
	if [ "$2" = xtcp ]; then
		$IP -n "$NS_XTCP" link del veth1
	else
		$IP -n "$NS_PEER" link del veth0
	fi
	sleep 1
	pkill -TERM -f "$XFAULT flood"
	pkill -TERM -f "$XFAULT sink"
	wait
	xr=$(sed -n 's/^received //p' "$p.xsink")
	pr=$(sed -n 's/^received //p' "$p.psink")
	xs=$(cat "$p.xflood")
	ps=$(cat "$p.pflood")
	$IP link add veth0 netns "$NS_PEER" type veth peer name veth1 netns "$NS_XTCP"
	$IP -n "$NS_PEER" addr add 10.0.0.1/24 dev veth0
	$IP -n "$NS_PEER" link set veth0 up
	$IP -n "$NS_XTCP" link set veth1 up
	local left again
	left=$(XTCP link show 2>&1)
	XTCP link add dev veth1 && XTCP addr add 10.0.0.2/24 dev veth1
	XNS "$XFAULT" sink 9101 600 > "$p.again" &
	wait_for 60 nsx "$NS_XTCP" grep -qi ":238D " /proc/net/xtcp_udp
	PEER "$XFAULT" flood -4 10.0.0.2 9101 1 200 1000 > /dev/null
	pkill -TERM -f "$XFAULT sink"
	wait
	again=$(sed -n 's/^received //p' "$p.again")
	# "sent N ERRNO M...": the sender saw the device go mid-flood.
	if [ "${xr:-0}" -gt 0 ] && [ "${pr:-0}" -gt 0 ] && [ -z "$left" ] &&
		[ "$(wc -w <<< "$xs")" -ge 4 ] && [ "${again:-0}" -gt 0 ]; then
		tap_ok "$name: xtcp got $xr, Linux got $pr; xtcp sender: $xs; afterwards $again"
	else
		tap_fail "$name" "xtcp sink $xr, Linux sink $pr, xtcp flood '$xs'," \
			"Linux flood '$ps'; links after deletion: '$left'; new pair: '$again'"
	fi
	ns_forget "$NS_XTCP"
	ns_forget "$NS_PEER"
}

tap_plan 6
xtcp_unload 2>/dev/null

# 1. load, attach to three devices, give one an address, detach two,
# unload with the third still attached: 50 times in one process.
ns_new NS_LOOP
for d in d0 d1 d2; do
	$IP -n "$NS_LOOP" link add "$d" type dummy && $IP -n "$NS_LOOP" link set "$d" up
done
if out=$(nsx "$NS_LOOP" "$XFAULT" modloop 50 d0 d1 d2 2>&1) &&
	[ ! -e /sys/module/xtcp ]; then
	tap_ok "modloop: $out"
else
	tap_fail "load/attach/detach/unload x50" "$out"
fi
ns_forget "$NS_LOOP"

# 2. A namespace deleted with xtcp busy in it: four bound UDP sockets,
# datagrams queued on a neighbour that never answers (a slow sender keeps
# it INCOMPLETE), and 40 fragment queues waiting for fragments that never
# come. Its processes are killed as it goes. Every socket must be freed
# (module refcount 0) once the neighbour gives up on its queue, and the
# fragment queues' timers must die with the namespace (DEBUG_OBJECTS and
# KASAN watch; rmmod comes at the end).
if topo_xtcp; then
	for p in 9001 9002 9003 9004; do
		XNS "$XFAULT" sink $p 60 > /dev/null &
	done
	XNS "$XFAULT" flood 10.0.0.77 9 60 100 50000 > /dev/null &
	reqds=$(xtcp_counter ReasmReqds)
	fout=$(first_frags 40 3000)
	# Until all 40 fragments are in and the neighbour holds datagrams. A
	# resolution that gave up (FAILED, after 3 s) restarts with the
	# sender's next datagram, 50 ms later: look again.
	for _ in $(seq 40); do
		neigh=$(XTCP neigh show | grep '^10.0.0.77 ')
		dreqds=$(( $(xtcp_counter ReasmReqds) - reqds ))
		[[ "$neigh" == *INCOMPLETE*queued* ]] && [ "$dreqds" -ge 40 ] && break
		sleep 0.2
	done
	socks=$(XNS awk '/^XtcpSockets:/ { print $3 }' /proc/net/xtcp_snmp)
	oks=$(xtcp_counter ReasmOKs)
	refs=$(cat /sys/module/xtcp/refcnt)
	$IP netns del "$NS_XTCP"
	pkill -f "$XFAULT" ; wait
	ns_forget_name "$NS_XTCP"
	if [[ "$neigh" == *INCOMPLETE*queued* ]] && [ "$socks" -ge 5 ] &&
		[ "$dreqds" -ge 40 ] && [ "$oks" -eq 0 ] && wait_refcnt 20; then
		tap_ok "netns deleted with 5 sockets ($refs module refs), '$neigh', $dreqds fragments held"
	else
		tap_fail "netns deleted with sockets, a neighbour queue and fragment queues" \
			"neigh '$neigh'; sockets $socks; fragments $dreqds, reassembled $oks;" \
			"refcnt $refs -> $(cat /sys/module/xtcp/refcnt); scapy: $fout"
	fi
	ns_forget "$NS_PEER"
else
	tap_fail "netns deleted with sockets, a neighbour queue and fragment queues" "topology"
fi

# 3-4. The attached device deleted during a flood each way, from xtcp's
# side and from Linux's.
link_churn_round "veth1 deleted under a flood both ways" xtcp
link_churn_round "veth0 (the peer's end) deleted under a flood both ways" peer

# 5. rmmod while frames pour in and no socket is open: ten rounds of load,
# attach, address, unload under ping -f and a UDP flood to a closed port.
xtcp_unload
if topo_two_ns; then
	# The load runs until it is killed below, however slow the rounds
	# are (a fixed 60 s ran out before round 10 on a loaded machine).
	# PEER() in the background makes $! a subshell: kill by name.
	PEER ping -f -q -w 900 10.0.0.2 > "$work/ping" 2>&1 &
	PEER "$XFAULT" flood -4 10.0.0.2 9 900 100 200 > /dev/null &
	rounds=""
	bad=""
	t0=$SECONDS
	for r in $(seq 10); do
		if ! xtcp_load || ! XTCP link add dev veth1 ||
			! XTCP addr add 10.0.0.2/24 dev veth1; then
			bad="$bad round $r: setup;"
			break
		fi
		# Frames pour in: wait until 200 are in, not a fixed second.
		for _ in $(seq 100); do
			rx=$(xtcp_counter IpInReceives)
			[ "${rx:-0}" -ge 200 ] && break
			sleep 0.1
		done
		rounds="$rounds $rx"
		[ "${rx:-0}" -gt 0 ] || bad="$bad round $r: nothing received;"
		if ! xtcp_unload; then
			bad="$bad round $r: rmmod failed;"
			break
		fi
	done
	pkill -f "ping -f -q -w 900 10.0.0.2"
	pkill -f "$XFAULT flood -4 10.0.0.2 9 900"
	wait
	if [ -z "$bad" ] && [ ! -e /sys/module/xtcp ]; then
		tap_ok "rmmod under ping -f and a UDP flood, 10 rounds in $((SECONDS - t0)) s; received per round:$rounds"
	else
		tap_fail "rmmod under ping -f and a UDP flood" \
			"$bad received:$rounds; $((SECONDS - t0)) s"
	fi
	ns_forget "$NS_XTCP"
	ns_forget "$NS_PEER"
else
	tap_fail "rmmod under ping -f and a UDP flood" "topology"
fi

# 6. the end: nothing left behind.
if xtcp_unload && [ ! -e /sys/module/xtcp ] && ! ls /proc/net/xtcp* >/dev/null 2>&1; then
	tap_ok "rmmod at the end; no /proc/net/xtcp* left"
else
	tap_fail "rmmod at the end" "$(ls /proc/net/xtcp* 2>&1)"
fi
rm -rf "$work"
tap_done
