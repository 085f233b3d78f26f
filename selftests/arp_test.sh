#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xtcp's ARP cache against a hostile LAN, and ARP turned off on Ethernet.
#
# 1. A /16 LAN: Linux at 10.0.0.1 (and 10.0.250.1), xtcp at 10.0.0.2. The
#    peer sends ARP requests for 10.0.0.2 from 200 senders off the prefix
#    and 5000 on it (arp_flood.py). Off-prefix senders get no entry, the
#    table stays bounded, and a new neighbour is resolved at once.
# 2. A table full of REACHABLE entries cannot be evicted: creating more is
#    refused and counted as NeighTableFull.
# 3. "ip link set arp off" on xtcp's veth: Ethernet headers on every frame,
#    no ARP sent, sent to the device broadcast address; toggling ARP while
#    attached (NETDEV_CHANGE, and while down) takes effect.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
# nsx, not ip netns exec: nothing here but tcpdump reads /sys/class/net.
PEER() { nsx "$NS_PEER" "$@"; }
XUDP() { nsx "$NS_XTCP" "$XTCP_ROOT/selftests/xudp" "$@"; }
FLOOD() { PEER $PY -S "$XTCP_ROOT/selftests/arp_flood.py" "$@" 2>&1; }
counter() { local v; v=$(xtcp_counter "$1"); echo "${v:-0}"; }
mac_of() {
	local mac
	read -r _ _ mac _ <<<"$($IP -n "$1" -br link show dev "$2")"
	echo "$mac"
}
# ms: the wall clock in milliseconds, as python's time.time() * 1000.
ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
work=$(mktemp -d)

tap_plan 12

# ---- 1. the flood
if ! topo_two_ns || ! xtcp_load ||
	! PEER $IP -batch - <<<"addr del 10.0.0.1/24 dev veth0
addr add 10.0.0.1/16 dev veth0
addr add 10.0.250.1/16 dev veth0" ||
	! XTCP link add dev veth1 || ! XTCP addr add 10.0.0.2/16 dev veth1; then
	tap_fail "topology: a /16 with xtcp at 10.0.0.2" "setup failed"
	tap_done
fi
tap_ok "topology: a /16 with xtcp at 10.0.0.2"
xmac=$(mac_of "$NS_XTCP" veth1)

reqs=$(counter ArpInRequests)
out=$(FLOOD requests veth0 10.0.0.2 10.1.0.1+200 10.0.1.1+5000)
# Until xtcp has taken in all 5200 (its backlog may still hold some), for
# at least 1 s if it never does.
for _ in 1 2 3 4 5; do
	got=$(( $(counter ArpInRequests) - reqs ))
	[ "$got" -ge 5200 ] && break
	sleep 0.2
done
XTCP neigh show > "$work/neigh"
if [ "$got" -ge 5000 ]; then
	tap_ok "flood: $got ARP requests from 5200 senders reached xtcp"
else
	tap_fail "flood: 5200 ARP requests reached xtcp" "ArpInRequests +$got: $out"
fi

off=$(grep -c '^10\.1\.' "$work/neigh")
if [ "$off" -eq 0 ]; then
	tap_ok "senders off the connected prefix created no entry"
else
	tap_fail "senders off the connected prefix created no entry" \
		"$off entries, e.g. $(grep -m1 '^10\.1\.' "$work/neigh")"
fi

total=$(wc -l < "$work/neigh")
if [ "$total" -gt 0 ] && [ "$total" -le 1024 ]; then
	tap_ok "the table holds $total entries (gc_thresh3 1024)"
else
	tap_fail "the table holds 1..1024 entries" "$total entries"
fi

# A neighbour xtcp never saw: its first datagram must leave at once.
# The receiver prints the payload and when it arrived.
PEER $PY -S -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.250.1", 7010)); s.settimeout(30)
print("bound", file=sys.stderr, flush=True)
d, a = s.recvfrom(100)
print(d.decode(), int(time.time() * 1000))' > "$work/got" 2> "$work/bound" &
pid=$!
for _ in {1..100}; do
	[ -s "$work/bound" ] && [[ $(<"$work/bound") == *bound* ]] && break
	sleep 0.2
done
full=$(counter NeighTableFull)
start=$(ms)
echo -n after-the-flood | XUDP send 10.0.250.1 7010
# Nothing else retransmits: if the datagram was dropped, the receiver times out.
wait $pid
read -r payload at < "$work/got"
ms=$(( ${at:-0} - start ))
if [ "$payload" = after-the-flood ] && [ "$ms" -le 2000 ]; then
	tap_ok "after the flood a new neighbour is resolved at once (${ms} ms)"
else
	tap_fail "after the flood a new neighbour is resolved at once" \
		"got '$(cat "$work/got")' $ms ms after sending; NeighTableFull $full -> $(counter NeighTableFull); $(XTCP neigh show | grep '^10.0.250.1 ')"
fi

# ---- 2. a table of REACHABLE entries: nothing to evict, so refuse
# The peer answers ARP for 10.0.100.0/22 by proxy (routed to a dummy).
PEER $IP -batch - <<<"link add dummy0 type dummy
link set dummy0 up
route add 10.0.100.0/22 dev dummy0"
PEER sysctl -qw net.ipv4.conf.veth0.proxy_arp=1 net.ipv4.conf.veth0.forwarding=1 \
	net.ipv4.neigh.veth0.proxy_delay=0
XTCP neigh flush
full=$(counter NeighTableFull)
# Echo requests from 1100 of those addresses: each echo reply needs a new
# entry, which the peer's ARP replies make REACHABLE.
out=$(FLOOD echo veth0 "$xmac" 10.0.0.2 10.0.100.1+1100)
# Until the peer's ARP replies are in, for at least 2 s if they never are.
for _ in 1 2 3 4; do
	XTCP neigh show > "$work/neigh"
	reach=$(grep -c REACHABLE "$work/neigh")
	total=$(wc -l < "$work/neigh")
	nfull=$(counter NeighTableFull)
	[ "$nfull" -gt "$full" ] && [ "$reach" -ge 1000 ] && [ "$total" -le 1024 ] && break
	sleep 0.5
done
if [ "$nfull" -gt "$full" ] && [ "$reach" -ge 1000 ] && [ "$total" -le 1024 ]; then
	tap_ok "full of REACHABLE entries: refused, NeighTableFull $full -> $nfull"
else
	tap_fail "full of REACHABLE entries: refused and counted" \
		"NeighTableFull $full -> $nfull, $reach REACHABLE of $total: $out;" \
		"$(grep -oE 'INCOMPLETE|REACHABLE|STALE|FAILED' "$work/neigh" | sort | uniq -c | tr '\n' ' ')"
fi

# ---- 3. ARP off on an Ethernet device
if ! topo_two_ns || ! $IP -n "$NS_XTCP" link set veth1 arp off ||
	! XTCP link add dev veth1 || ! XTCP addr add 10.0.0.2/24 dev veth1; then
	tap_fail "topology: xtcp on veth1 with arp off" "setup failed"
	tap_done
fi
tap_ok "topology: xtcp on veth1 with arp off"
xmac=$(mac_of "$NS_XTCP" veth1)
pmac=$(mac_of "$NS_PEER" veth0)
PEER $IP neigh replace 10.0.0.2 lladdr "$xmac" dev veth0 nud permanent

out=$(XTCP link show dev veth1)
if grep -q NOARP <<<"$out"; then
	tap_ok "link show: NOARP"
else
	tap_fail "link show: NOARP" "$out"
fi

# capture CMD...: run CMD while tcpdump -e watches the peer's veth0.
capture() {
	# Not through PEER(): $! must be tcpdump itself, to kill it. Empty
	# caperr first: the last capture's "listening on" is still in it.
	: > "$work/caperr"
	$IP netns exec "$NS_PEER" tcpdump -l -n -e -i veth0 > "$work/cap" 2> "$work/caperr" &
	local tpid=$! i
	for i in {1..200}; do
		[ -s "$work/caperr" ] && [[ $(<"$work/caperr") == *"listening on"* ]] && break
		sleep 0.1
	done
	"$@" > "$work/cmd" 2>&1
	local rc=$?
	sleep 0.5
	kill "$tpid"
	wait "$tpid" 2>/dev/null
	return $rc
}
# noarp_ping NAME: ping from the peer; xtcp's replies carry an Ethernet
# header to the broadcast address, and xtcp sends no ARP.
noarp_ping() {
	local arp=$(counter ArpOutRequests) replies
	if ! capture PEER ping -c 3 -i 0.3 -W 2 10.0.0.2; then
		tap_fail "$1" "ping failed: $(tail -2 "$work/cmd" | tr '\n' ' ')"
		return
	fi
	replies=$(grep -c "^.*$xmac > ff:ff:ff:ff:ff:ff, ethertype IPv4 .*10.0.0.2 > 10.0.0.1: ICMP echo reply" "$work/cap")
	if [ "$replies" -ne 3 ]; then
		tap_fail "$1" "$replies echo replies from $xmac to the broadcast: $(head -c 600 "$work/cap")"
	elif grep -q "$xmac > .*ethertype ARP" "$work/cap" ||
		[ "$(counter ArpOutRequests)" != "$arp" ]; then
		tap_fail "$1" "xtcp sent ARP: $(grep ARP "$work/cap" | head -3)"
	else
		tap_ok "$1"
	fi
}
noarp_ping "arp off: ping works, replies carry $xmac > ff:ff:ff:ff:ff:ff, no ARP"

# ARP back on while up (NETDEV_CHANGE): the peer must resolve xtcp again.
$IP -n "$NS_XTCP" link set veth1 arp on
PEER $IP neigh del 10.0.0.2 dev veth0
out=$(capture PEER ping -c 3 -i 0.3 -W 2 10.0.0.2; echo "rc=$?"; XTCP link show dev veth1; XTCP neigh show)
if grep -q 'rc=0' <<<"$out" && ! grep -q NOARP <<<"$out" &&
	grep -q "$xmac > $pmac, ethertype ARP .*Reply 10.0.0.2 is-at" "$work/cap" &&
	grep -q "10.0.0.1 .*$pmac" <<<"$out"; then
	tap_ok "arp on while attached: ARP answered and used again"
else
	tap_fail "arp on while attached: ARP answered and used again" \
		"$(tr '\n' ' ' <<<"$out") capture: $(head -c 600 "$work/cap")"
fi

# ARP off again while up: the neighbours go, and no ARP is sent.
$IP -n "$NS_XTCP" link set veth1 arp off
PEER $IP neigh replace 10.0.0.2 lladdr "$xmac" dev veth0 nud permanent
neigh=$(XTCP neigh show)
if [ -n "$neigh" ]; then
	tap_fail "arp off while attached: neighbours flushed, no ARP" "neigh: $neigh"
else
	noarp_ping "arp off while attached: neighbours flushed, ping without ARP"
fi

# Flags changed while down reach xtcp when the device comes up.
# Three requests, in this order, from one ip.
nsx "$NS_XTCP" $IP -batch - <<<"link set veth1 down
link set veth1 arp on
link set veth1 up"
out=$(XTCP link show dev veth1; PEER arping -c 1 -w 5 -I veth0 10.0.0.2 2>&1)
if ! grep -q NOARP <<<"$out" && grep -q 'Received 1 response' <<<"$out"; then
	tap_ok "arp on while down: ARP answered after up"
else
	tap_fail "arp on while down: ARP answered after up" "$(tr '\n' ' ' <<<"$out")"
fi
rm -rf "$work"
xtcp_unload
tap_done
