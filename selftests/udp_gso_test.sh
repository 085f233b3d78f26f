#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GSO and GRO on receive: datagrams that reach xtcp merged into one skb
# keep their boundaries. The Linux peer sends with UDP_SEGMENT, so one
# sendmsg() becomes one GSO skb that crosses the veth whole (with GRO on
# or off); with GRO and rx-udp-gro-forwarding on and netem batching the
# peer's frames, separate datagrams may also be merged by GRO. xtcp must
# hand its socket exactly the datagrams that were sent, and count the
# split in IpInGsoPackets / IpInGsoSegments.
. "$(dirname "$0")/lib.sh"

PEER() { $IP netns exec "$NS_PEER" "$@"; }
XF() { nsx "$NS_XTCP" "$XTCP_ROOT/selftests/xfault" "$@"; }
PY=/usr/bin/python3

xtcp_bound() {
	nsx "$NS_XTCP" grep -qi ":$(printf '%04X' "$1") " /proc/net/xtcp_udp
}
wait_bound() {
	local i
	for i in $(seq 100); do
		xtcp_bound "$1" && return 0
		sleep 0.2
	done
	return 1
}

# chunks SIZE: stdin cut into SIZE-byte datagrams, one hex line each, sorted.
chunks() { od -An -v -tx1 -w"$1" | tr -d ' ' | sort; }

# gso_case NAME PORT TOTAL SEG [GRO_SEPARATE]: the peer sends TOTAL bytes of
# payload with UDP_SEGMENT=SEG in one sendmsg (or, with GRO_SEPARATE, as
# TOTAL/SEG separate datagrams); xtcp must receive ceil(TOTAL/SEG)
# datagrams of SEG bytes (the last one the rest), in order, intact.
gso_case() {
	local name=$1 port=$2 total=$3 seg=$4 sep=${5:-} want n lens expect gp gs
	want=$(( (total + seg - 1) / seg ))
	head -c "$total" /dev/urandom > "$work/out"
	gp=$(xtcp_counter IpInGsoPackets)
	gs=$(xtcp_counter IpInGsoSegments)
	XF recvn "$port" $((want + 5)) 2000 > "$work/got" 2> "$work/lens" &
	local pid=$!
	if ! wait_bound "$port"; then
		tap_fail "$name" "receiver did not bind"
		return
	fi
	PEER $PY -c '
import socket, sys
data = sys.stdin.buffer.read()
seg, sep = int(sys.argv[1]), sys.argv[2] == "sep"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if sep:
    for i in range(0, len(data), seg):
        s.sendto(data[i:i + seg], ("10.0.0.2", int(sys.argv[3])))
else:
    s.setsockopt(socket.SOL_UDP, 103, seg)   # UDP_SEGMENT
    s.sendto(data, ("10.0.0.2", int(sys.argv[3])))
' "$seg" "${sep:-gso}" "$port" < "$work/out"
	wait "$pid"
	n=$(grep -c '^len ' "$work/lens")
	expect=$(for _ in $(seq $((total / seg))); do echo "len $seg"; done
		 [ $((total % seg)) -ne 0 ] && echo "len $((total % seg))")
	lens=$(grep '^len \|^more' "$work/lens")
	if [ "$lens" != "$expect" ]; then
		tap_fail "$name" "want $want datagrams, got $n: $(echo $lens | head -c 300)"
	elif [ -z "$sep" ] && ! cmp -s "$work/out" "$work/got"; then
		tap_fail "$name" "$n datagrams but the payload differs"
	elif [ -n "$sep" ] && [ "$(chunks "$seg" < "$work/out")" != "$(chunks "$seg" < "$work/got")" ]; then
		# Separate datagrams may be reordered (veth takes some through
		# NAPI and some not): compare them as a set.
		tap_fail "$name" "$n datagrams but their payloads differ"
	elif [ -z "$sep" ] && ! expect_rise IpInGsoSegments $((gs + want - 1)); then
		tap_fail "$name" "IpInGsoSegments $gs -> $(xtcp_counter IpInGsoSegments), want +$want"
	elif [ -z "$sep" ] && ! expect_rise IpInGsoPackets "$gp"; then
		tap_fail "$name" "IpInGsoPackets did not rise"
	else
		tap_ok "$name: $n datagrams intact (IpInGsoPackets +$(( $(xtcp_counter IpInGsoPackets) - gp )), IpInGsoSegments +$(( $(xtcp_counter IpInGsoSegments) - gs )))"
	fi
}

tap_plan 6
if ! topo_xtcp; then
	tap_fail "topology with xtcp on veth1" "setup failed"
	tap_done
fi
tap_ok "topology with xtcp on veth1"
work=$(mktemp -d)
# Resolve ARP first, so the first datagram is not the one queued.
PEER ping -c 1 -W 2 10.0.0.2 >/dev/null 2>&1

gso_case "UDP_SEGMENT 10x1000, veth GRO off" 7201 10000 1000
gso_case "UDP_SEGMENT 10x1000 + 500" 7202 10500 1000

if ! $IP netns exec "$NS_XTCP" ethtool -K veth1 gro on rx-udp-gro-forwarding on \
	>"$work/eth" 2>&1; then
	tap_fail "ethtool -K veth1 gro on rx-udp-gro-forwarding on" "$(cat "$work/eth")"
else
	tap_ok "ethtool -K veth1 gro on rx-udp-gro-forwarding on"
fi
gso_case "UDP_SEGMENT 10x1000, veth GRO + UDP GRO forwarding on" 7203 10000 1000

# Separate datagrams that GRO may merge: netem releases them in batches.
topo_netem "delay 20ms"
gso_case "60 separate 1000-byte datagrams through GRO" 7204 60000 1000 sep
rm -rf "$work"
xtcp_unload
tap_done
