#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xtcp's IPv4 transmit path against Linux (10.0.0.1 on veth0):
# - IP IDs are per destination: datagrams sent in turn to four hosts do
#   not carry one running counter (idle scans, CVE-2019-10638);
# - SO_SNDBUF pushes back: with skbs held in a slow tbf qdisc (netem would
#   not do: it orphans what it queues) or in the queue of a neighbour that
#   never answers, a non-blocking sender
#   gets EAGAIN and a blocking one blocks, for 100- and 8000-byte
#   (fragmented) datagrams, as AF_INET does under the same conditions, and
#   SIOCOUTQ stays near SO_SNDBUF; loopback deliveries are charged too;
# - the veth MTU changes (1500, 1280, 9000, 1500) under an 8000-byte echo
#   transfer both ways, and every datagram comes back intact.
. "$(dirname "$0")/lib.sh"

# nsx, not ip netns exec: nothing here reads /sys/class/net.
PEER() { nsx "$NS_PEER" "$@"; }
XNS() { nsx "$NS_XTCP" "$@"; }
IPOUT="$XTCP_ROOT/selftests/ipout"
PY=/usr/bin/python3
SNDBUF=4096

# within_bound LINE SIZE: outq_max <= sndbuf plus three datagrams of SIZE
# (one datagram overshoots, and a fragmented one is charged twice while
# its fragments are cut).
within_bound() {
	local outq sndbuf
	outq=$(sed -n 's/.*outq_max \([0-9]*\).*/\1/p' <<< "$1")
	sndbuf=$(sed -n 's/.*sndbuf \([0-9]*\).*/\1/p' <<< "$1")
	[ -n "$outq" ] && [ -n "$sndbuf" ] && [ "$outq" -le $((sndbuf + 3 * ($2 + 1024))) ]
}

tap_plan 10
if ! topo_xtcp; then
	tap_fail "topology with xtcp on veth1" "setup failed"
	tap_done
fi
tap_ok "topology with xtcp on veth1"
work=$(mktemp -d)

# --- IP IDs, seen on the peer's veth0.
PEER $IP -batch - <<<"addr add 10.0.0.3/24 dev veth0
addr add 10.0.0.4/24 dev veth0
addr add 10.0.0.5/24 dev veth0"
# Resolve the four first, so the capture sees the datagrams in send order.
XNS "$IPOUT" spray 9 1 10.0.0.1 10.0.0.3 10.0.0.4 10.0.0.5
sleep 1
PEER "$IPOUT" ids veth0 9 12 20000 > "$work/ids" &
pid=$!
for _ in {1..100}; do
	[ -s "$work/ids" ] && [[ $(<"$work/ids") == *ready* ]] && break
	sleep 0.1
done
XNS "$IPOUT" spray 9 3 10.0.0.1 10.0.0.3 10.0.0.4 10.0.0.5
wait $pid
# In send order; one counter for all would make every step +1.
steps=$(awk '$1 != "ready" { if (n++) print ($2 - prev + 65536) % 65536; prev = $2 }' \
	"$work/ids" | sort -u | tr '\n' ' ')
if [ "$(grep -vc ready "$work/ids")" -eq 12 ] && [ "$steps" != "1 " ]; then
	tap_ok "IP IDs are not one counter across destinations (steps: $steps)"
else
	tap_fail "IP IDs are not one counter across destinations" \
		"steps: $steps; $(tr '\n' ' ' < "$work/ids")"
fi

# --- back-pressure through a tbf qdisc at 8 kbit/s, which keeps what it
# queues charged to the sender (netem orphans it, for Linux too).
XNS "$TC" qdisc replace dev veth1 root tbf rate 8kbit burst 1600 limit 200000
PEER "$TC" qdisc replace dev veth0 root tbf rate 8kbit burst 1600 limit 200000
for size in 100 8000; do
	out=$(XNS "$IPOUT" burst xtcp 10.0.0.1 9 $size 500 $SNDBUF 2>&1)
	lin=$(PEER "$IPOUT" burst inet 10.0.0.2 9 $size 500 $SNDBUF 2>&1)
	if [[ $out == *"eagain 1"* ]] && [[ $lin == *"eagain 1"* ]] &&
		within_bound "$out" $size; then
		tap_ok "tbf, $size-byte burst: EAGAIN as AF_INET ($out; inet: $lin)"
	else
		tap_fail "tbf, $size-byte burst: EAGAIN as AF_INET" "xtcp: $out; inet: $lin"
	fi
done
out=$(XNS "$IPOUT" block xtcp 10.0.0.1 9 8000 500 $SNDBUF 1000 2>&1)
blocked=$(sed -n 's/.*blocked_ms \([0-9]*\).*/\1/p' <<< "$out")
if [ -n "$blocked" ] && [ "$blocked" -ge 900 ] && within_bound "$out" 8000; then
	tap_ok "tbf, 8000 bytes: a blocking send blocks ($out)"
else
	tap_fail "tbf, 8000 bytes: a blocking send blocks" "$out"
fi
XNS "$TC" qdisc del dev veth1 root
PEER "$TC" qdisc del dev veth0 root

# --- a neighbour that never answers: 10.0.0.77 on the connected prefix.
for size in 100 8000; do
	out=$(XNS "$IPOUT" burst xtcp 10.0.0.77 9 $size 500 $SNDBUF 2>&1)
	lin=$(PEER "$IPOUT" burst inet 10.0.0.77 9 $size 500 $SNDBUF 2>&1)
	if within_bound "$out" $size && [[ $out == *"eagain 1"* ]] &&
		[[ $lin == *"eagain 1"* ]]; then
		tap_ok "unresolved neighbour, $size-byte burst: EAGAIN as AF_INET ($out; inet: $lin)"
	else
		tap_fail "unresolved neighbour, $size-byte burst: EAGAIN as AF_INET" \
			"xtcp: $out; inet: $lin"
	fi
done
out=$(XNS "$IPOUT" block xtcp 10.0.0.78 9 8000 500 $SNDBUF 1000 2>&1)
blocked=$(sed -n 's/.*blocked_ms \([0-9]*\).*/\1/p' <<< "$out")
if [ -n "$blocked" ] && [ "$blocked" -ge 900 ] && within_bound "$out" 8000; then
	tap_ok "unresolved neighbour, 8000 bytes: a blocking send blocks ($out)"
else
	tap_fail "unresolved neighbour, 8000 bytes: a blocking send blocks" "$out"
fi

# --- loopback: xtcp to its own address; the charge lasts until delivery.
discards=$(xtcp_counter IpOutDiscards)
out=$(XNS "$IPOUT" burst xtcp 10.0.0.2 9 1000 3000 $SNDBUF 2>&1)
if within_bound "$out" 1000 && [ "$(xtcp_counter IpOutDiscards)" = "$discards" ]; then
	tap_ok "loopback burst bounded by SO_SNDBUF, nothing discarded ($out)"
else
	tap_fail "loopback burst bounded by SO_SNDBUF, nothing discarded" \
		"$out; IpOutDiscards $discards -> $(xtcp_counter IpOutDiscards)"
fi

# --- MTU changes under an 8000-byte echo transfer, both ways.
PEER $PY -S -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 7100)); s.settimeout(60)
print("ready", flush=True)
try:
    while True:
        d, a = s.recvfrom(65536)
        s.sendto(d, a)
except socket.timeout:
    pass' > "$work/echo" &
echo_pid=$!
for _ in {1..200}; do
	[ -s "$work/echo" ] && [[ $(<"$work/echo") == *ready* ]] && break
	sleep 0.1
done
# mtu_batch NS: one ip in NS for all the MTU changes, read from stdin, so
# that each takes effect at once (an ip takes most of a second to start
# under TCG); its exit status, non-zero if any change failed, into a file.
mtu_batch() {
	nsx "$1" "$IP" -force -batch -
	echo $? > "$work/$1.rc"
}
exec {peer_ip}> >(mtu_batch "$NS_PEER") {xtcp_ip}> >(mtu_batch "$NS_XTCP")
XNS "$IPOUT" echo 10.0.0.1 7100 8000 11000 > "$work/xfer" 2>&1 &
xfer_pid=$!
# A change every 1.4 s from the start of the 11 s transfer, on a schedule
# that a slow sleep cannot push past its end.
t0=${EPOCHREALTIME/./}
k=0
for mtu in 1280 9000 1500 1280 9000 1500; do
	k=$((k + 1))
	us=$((t0 + k * 1400000 - ${EPOCHREALTIME/./}))
	[ $us -le 0 ] || sleep "$((us / 1000000)).$(printf %06d $((us % 1000000)))"
	echo "link set veth0 mtu $mtu" >&$peer_ip
	echo "link set veth1 mtu $mtu" >&$xtcp_ip
done
exec {peer_ip}>&- {xtcp_ip}>&-
wait $xfer_pid
kill "$echo_pid" 2>/dev/null
wait "$echo_pid" 2>/dev/null
mtu_ok=1
for ns in "$NS_PEER" "$NS_XTCP"; do
	for _ in {1..100}; do
		[ -s "$work/$ns.rc" ] && break
		sleep 0.1
	done
	[ "$(cat "$work/$ns.rc" 2>/dev/null)" = 0 ] || mtu_ok=0
done
out=$(cat "$work/xfer")
n=$(sed -n 's/^datagrams \([0-9]*\).*/\1/p' <<< "$out")
if [ $mtu_ok = 1 ] && [ -n "$n" ] && [ "$n" -ge 20 ] &&
	[[ $out == *"corrupt 0 lost 0"* ]]; then
	tap_ok "MTU 1500/1280/9000/1500 under 8000-byte echoes: all intact ($out)"
else
	tap_fail "MTU 1500/1280/9000/1500 under 8000-byte echoes: all intact" \
		"mtu_ok $mtu_ok; $out"
fi

rm -rf "$work"
xtcp_unload
tap_done
