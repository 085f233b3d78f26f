#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A TCP connection's cached route (struct xtcp_dst) follows the routing
# table while data flows. Two links join xtcp and Linux:
#
#   $NS_XTCP veth1 10.0.0.2/24 ---- veth0 10.0.0.1/24 $NS_PEER
#   $NS_XTCP veth3 10.0.1.2/24 ---- veth2 10.0.1.1/24
#
# xtcp sends to Linux's 10.0.0.1 (xtcp_tcp, sha256 checked at both ends)
# while the test changes the path under the connection:
# - the device's MTU drops from 1500 to 1280: the MSS follows, and the
#   segments already queued at 1448 bytes are split before they leave, so
#   no datagram is refused (IpFragFails +0) and the stream completes;
# - a host route to 10.0.0.1 through veth3 appears, then goes: the
#   segments leave by veth3 while it stands (Linux's veth2 receives them)
#   and by veth1 again after, each phase seen in Linux's /proc/net/dev;
# - the device goes down for 2 s: no route (IpOutNoRoutes rises), the
#   connection retransmits and completes once it is up again.
. "$(dirname "$0")/lib.sh"

TOOL=$XTCP_ROOT/selftests/xtcp_tcp
X() { "$TOOL" -N "$NS_XTCP" -f xtcp "$@"; }
P() { "$TOOL" -N "$NS_PEER" -f inet "$@"; }
work=$(mktemp -d)
# nap SEC: sleep without an exec: a read that times out on a FIFO.
mkfifo "$work/never" && exec {NEVER}<> "$work/never"
nap() { read -r -t "$1" -u "$NEVER" || :; }

tap_plan 8

topo() {
	topo_xtcp || return 1
	$IP link add veth2 netns "$NS_PEER" type veth peer name veth3 \
		netns "$NS_XTCP" &&
	$IP -n "$NS_PEER" addr add 10.0.1.1/24 dev veth2 &&
	$IP -n "$NS_PEER" link set veth2 up &&
	$IP -n "$NS_XTCP" link set veth3 up &&
	XTCP link add dev veth3 &&
	XTCP addr add 10.0.1.2/24 dev veth3 || return 1
	# Segments for 10.0.0.1 arrive on veth2 while the host route stands.
	nsx "$NS_PEER" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.veth2.rp_filter=0
}

if topo; then
	tap_ok "two links between xtcp and Linux"
else
	tap_fail "two links between xtcp and Linux" "setup failed"
	tap_done
fi

# rx_bytes DEV: bytes Linux's DEV in $NS_PEER has received.
rx_bytes() {
	nsx "$NS_PEER" awk -v dev="$1:" '$1 == dev { print $2 }' /proc/net/dev
}

# start PORT BYTES: a Linux sink on PORT and an xtcp client sending BYTES
# to 10.0.0.1, both in the background ($SPID, $CPID).
start() {
	local i
	: > "$work/s.err"
	P -t 60 server "$1" -m sink > "$work/s.out" 2> "$work/s.err" &
	SPID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^listening' "$work/s.err" && break
		nap 0.05
	done
	X -t 60 client 10.0.0.1 "$1" -m "send:$2" > "$work/c.out" \
		2> "$work/c.err" &
	CPID=$!
}

# finish NAME: wait for both ends; ok when the sink read what was sent.
# Returns 1 (after the tap line) when not.
finish() {
	local crc src sent recv
	wait "$CPID"; crc=$?
	wait "$SPID"; src=$?
	sent=$(sed -n 's/^sent //p' "$work/c.out")
	recv=$(sed -n 's/^recv //p' "$work/s.out")
	if [ "$crc" = 0 ] && [ "$src" = 0 ] && [ -n "$sent" ] &&
		[ "$sent" = "$recv" ]; then
		return 0
	fi
	tap_fail "$1" "client exit $crc: $(tr '\n' '|' < "$work/c.out")$(tr '\n' '|' < "$work/c.err") server exit $src: $(tr '\n' '|' < "$work/s.out")$(tr '\n' '|' < "$work/s.err")"
	return 1
}

# ---- 1. The MTU drops under a transfer.
name="MTU 1500 -> 1280 under a 3 MB transfer: MSS follows, nothing refused (IpFragFails +0), sha256 equal"
ff0=$(xtcp_counter IpFragFails)
start 5001 3000000
nap 1.5
$IP -n "$NS_XTCP" link set veth1 mtu 1280
$IP -n "$NS_PEER" link set veth0 mtu 1280
if finish "$name"; then
	ff1=$(xtcp_counter IpFragFails)
	if [ "$ff1" = "$ff0" ]; then
		tap_ok "$name"
	else
		tap_fail "$name" "IpFragFails $ff0 -> $ff1: segments larger than the new MTU were built"
	fi
fi
$IP -n "$NS_XTCP" link set veth1 mtu 1500
$IP -n "$NS_PEER" link set veth0 mtu 1500

# ---- 2. A host route through the other link comes and goes.
late=
# netem's rate on both of xtcp's links spreads the transfer over 8 s or more,
# with a short queue (100 packets, 0.15 s) so that what a link holds when
# the route moves drains at once.
for d in veth1 veth3; do
	nsx "$NS_XTCP" $TC qdisc replace dev $d root netem rate 8mbit limit 100
done
name="host route via veth3 added, then deleted, under a 16 MB transfer: sha256 equal"
start 5002 16000000
nap 1
# Each phase is measured from 0.5 s after the change (what the old link
# still held has drained by then) for 1.5 s.
XTCP route add 10.0.0.1/32 dev veth3
nap 0.5
a0=$(rx_bytes veth0) b0=$(rx_bytes veth2)
nap 1.5
a1=$(rx_bytes veth0) b1=$(rx_bytes veth2)
XTCP route del 10.0.0.1/32
nap 0.5
a2=$(rx_bytes veth0) b2=$(rx_bytes veth2)
nap 1.5
a3=$(rx_bytes veth0) b3=$(rx_bytes veth2)
# Each phase needs the transfer still running at its end.
kill -0 "$CPID" 2>/dev/null || late="the transfer ended before the last phase did"
if finish "$name"; then
	tap_ok "$name"
fi
via3=$((b1 - b0)) via1=$((a1 - a0))
# At least 50 KB by the route's link, and less than a tenth of that by the
# other (what the machine's load lets through varies tenfold).
if [ "$via3" -gt 50000 ] && [ $((10 * via1)) -lt "$via3" ]; then
	tap_ok "while the host route stands, the segments leave by veth3 ($via3 bytes; $via1 by veth1)"
else
	tap_fail "while the host route stands, the segments leave by veth3" \
		"Linux's veth2 received $via3 bytes and veth0 $via1 in those 1.5 s"
fi
back1=$((a3 - a2)) back3=$((b3 - b2))
if [ -n "$late" ]; then
	tap_fail "once it is deleted, they leave by veth1 again" "$late"
elif [ "$back1" -gt 50000 ] && [ $((10 * back3)) -lt "$back1" ]; then
	tap_ok "once it is deleted, they leave by veth1 again ($back1 bytes; $back3 by veth3)"
else
	tap_fail "once it is deleted, they leave by veth1 again" \
		"Linux's veth0 received $back1 bytes and veth2 $back3 in those 1.5 s"
fi
for d in veth1 veth3; do
	nsx "$NS_XTCP" $TC qdisc del dev $d root
done

# ---- 3. No route for 2 s.
name="veth1 down for 2 s under a 3 MB transfer: retransmitted, sha256 equal"
nr0=$(xtcp_counter IpOutNoRoutes)
start 5003 3000000
nap 1
$IP -n "$NS_XTCP" link set veth1 down
nap 2
nr1=$(xtcp_counter IpOutNoRoutes)
$IP -n "$NS_XTCP" link set veth1 up
if finish "$name"; then
	tap_ok "$name"
fi
if [ "$nr1" -gt "$nr0" ]; then
	tap_ok "while it is down, segments find no route (IpOutNoRoutes $nr0 -> $nr1)"
else
	tap_fail "while it is down, segments find no route" \
		"IpOutNoRoutes $nr0 -> $nr1"
fi

check "xtcp unloads (rmmod)" xtcp_unload
trap - EXIT
__ns_cleanup || :
rm -rf "$work"
tap_done
