#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU discovery through a real Linux router, xtcp side by side with a
# Linux sender:
#
#   xtcp 10.0.1.2 --(1500)-- 10.0.1.1 router 10.0.2.1 --(1200)-- host 10.0.2.2, .3
#   lnx  10.0.3.2 --(1500)-- 10.0.3.1 /
#
# A 1400-byte datagram with DF (IP_PMTUDISC_DO) reaches the 1200-byte link;
# the router answers "fragmentation needed", MTU 1200. The connected
# socket hears EMSGSIZE (as Linux's does, for every mode but DONT), IP_MTU
# reads 1200, and the next 1400 bytes fail with EMSGSIZE without leaving.
# With IP_PMTUDISC_WANT (the default) the same happens to a fresh
# destination, and the next 1400 bytes leave in fragments of at most 1200
# bytes, without DF, and arrive intact. On the wire (the router's side of
# xtcp's link): DF for DO and for WANT when the datagram fits, none for
# DONT, and IP_TTL and IP_TOS as set. Last, a TCP transfer from xtcp to a
# host that advertises a 1460-byte MSS: the router's ICMP lowers the MSS,
# and the segments lost at the old size go again at once, not after a
# retransmission timeout.
. "$(dirname "$0")/lib.sh"

IPOUT="$XTCP_ROOT/selftests/ipout"
XNS() { nsx "$NS_XTCP" "$@"; }
RTR() { $IP netns exec "$NS_RTR" "$@"; }
HOST() { $IP netns exec "$NS_HOST" "$@"; }
LNX() { $IP netns exec "$NS_LNX" "$@"; }

topo_pmtu() {
	ns_new NS_XTCP && ns_new NS_RTR && ns_new NS_HOST && ns_new NS_LNX || return 1
	$IP link add veth0 netns "$NS_RTR" type veth peer name veth1 netns "$NS_XTCP" &&
	$IP link add veth2 netns "$NS_RTR" mtu 1200 type veth peer name veth3 \
		netns "$NS_HOST" mtu 1200 &&
	$IP link add veth4 netns "$NS_RTR" type veth peer name veth5 netns "$NS_LNX" ||
		return 1
	RTR sysctl -qw net.ipv4.ip_forward=1 || return 1
	$IP -n "$NS_RTR" addr add 10.0.1.1/24 dev veth0 &&
	$IP -n "$NS_RTR" addr add 10.0.2.1/24 dev veth2 &&
	$IP -n "$NS_RTR" addr add 10.0.3.1/24 dev veth4 &&
	$IP -n "$NS_HOST" addr add 10.0.2.2/24 dev veth3 &&
	$IP -n "$NS_HOST" addr add 10.0.2.3/24 dev veth3 &&
	$IP -n "$NS_LNX" addr add 10.0.3.2/24 dev veth5 || return 1
	for l in "$NS_RTR veth0" "$NS_RTR veth2" "$NS_RTR veth4" "$NS_HOST veth3" \
		"$NS_LNX veth5" "$NS_XTCP veth1"; do
		set -- $l
		$IP -n "$1" link set "$2" up || return 1
	done
	$IP -n "$NS_HOST" route add default via 10.0.2.1 &&
	$IP -n "$NS_LNX" route add default via 10.0.3.1 || return 1
	xtcp_load &&
	XTCP link add dev veth1 &&
	XTCP addr add 10.0.1.2/24 dev veth1 &&
	XTCP route add default via 10.0.1.1
}

# snap NS ARRAY: /proc/net/snmp of NS (xtcp's own file for $NS_XTCP) into
# ARRAY, named as xtcp names them: IpOutRequests, UdpOutDatagrams, ...
snap() {
	local ns=$1 file=/proc/net/snmp name val
	local -n __snap=$2
	[ "$ns" = "$NS_XTCP" ] && file=/proc/net/xtcp_snmp
	__snap=()
	while read -r name val; do
		__snap["$name"]=$val
	done < <(nsx "$ns" cat "$file" | awk '
		{ p = ($1 ~ /^Xtcp/) ? "" : substr($1, 1, length($1) - 1)
		  if (prev == $1) { for (i = 2; i <= NF; i++) print p keys[i], $i; prev = "" }
		  else { prev = $1; for (i = 2; i <= NF; i++) keys[i] = $i } }')
}
declare -A XB XA LB LA RB RA

# deltas BEFORE AFTER NAME...: "NAME +N" for each counter.
deltas() {
	local -n __b=$1 __a=$2
	local n out=
	shift 2
	for n in "$@"; do
		out+="$n +$((${__a[$n]:-0} - ${__b[$n]:-0})) "
	done
	echo "${out% }"
}

# pcount FILTER: packets in the capture matching FILTER.
pcount() {
	tcpdump -nn -r "$cap" "$1" 2>/dev/null | wc -l
}

tap_plan 11
if ! topo_pmtu; then
	tap_fail "topology: xtcp, router (1500 -> 1200), host, Linux sender" "setup failed"
	tap_done
fi
work=$(mktemp -d)
head -c 4000 /dev/urandom > "$work/payload"

# 1. Through the router both ways; also resolves every neighbour.
out=$(HOST ping -c 2 -i 0.3 -W 3 10.0.1.2 2>&1)
out2=$(LNX ping -c 1 -W 3 10.0.2.2 2>&1)
if grep -q ' 0% packet loss' <<<"$out" && grep -q ' 0% packet loss' <<<"$out2"; then
	tap_ok "topology: the host pings xtcp through the router"
else
	tap_fail "topology: the host pings xtcp through the router" \
		"$(tail -2 <<<"$out") / $(tail -2 <<<"$out2")"
fi

cap=$work/rtr.pcap
RTR timeout 120 tcpdump -i veth0 -nn -U -w "$cap" 2>/dev/null &
cap_pid=$!
for _ in $(seq 50); do [ -s "$cap" ] && break; sleep 0.1; done
sleep 0.5

# 2-4. DO to 10.0.2.2: the first 1400 bytes leave with DF and meet the
# 1200-byte link; then the socket error, IP_MTU, and a refusal at home.
steps="mode:2 send:1400 wait:1500 soerr mtu send:1400"
want="mode=ok send=ok wait soerr=EMSGSIZE mtu=1200 send=EMSGSIZE"
snap "$NS_XTCP" XB
snap "$NS_RTR" RB
xdo=$(XNS "$IPOUT" pmtu xtcp 10.0.2.2 9001 "$work/payload" $steps 2>&1)
snap "$NS_XTCP" XA
snap "$NS_RTR" RA
snap "$NS_LNX" LB
ldo=$(LNX "$IPOUT" pmtu inet 10.0.2.2 9001 "$work/payload" $steps 2>&1)
snap "$NS_LNX" LA
if [ "$xdo" = "$want" ] && [ "$ldo" = "$want" ]; then
	tap_ok "DO, 1400 bytes: EMSGSIZE, IP_MTU 1200, then EMSGSIZE at home, as Linux"
else
	tap_fail "DO, 1400 bytes: EMSGSIZE, IP_MTU 1200, then EMSGSIZE at home, as Linux" \
		"xtcp: $xdo; linux: $ldo; want: $want"
fi
# The router's own counters: one frag-needed for xtcp's datagram.
rd=$(deltas RB RA IcmpOutDestUnreachs IpForwDatagrams)
if [ "$rd" = "IcmpOutDestUnreachs +1 IpForwDatagrams +0" ]; then
	tap_ok "router: one destination unreachable, nothing forwarded ($rd)"
else
	tap_fail "router: one destination unreachable, nothing forwarded" "$rd"
fi
# One datagram left (the refused one was never built), none failed in IP.
names="IpOutRequests IpFragFails UdpOutDatagrams IcmpInDestUnreachs"
xd=$(deltas XB XA $names)
ld=$(deltas LB LA $names)
if [ "$xd" = "IpOutRequests +1 IpFragFails +0 UdpOutDatagrams +1 IcmpInDestUnreachs +1" ] &&
	[ "$xd" = "$ld" ]; then
	tap_ok "DO: counters as Linux's ($xd)"
else
	tap_fail "DO: counters as Linux's" "xtcp: $xd; linux: $ld"
fi

# 5-6. WANT (the default, set anyway) to 10.0.2.3, whose path MTU is not
# known yet: 1400 bytes fit the device, leave with DF and are refused by
# the router; the error and IP_MTU as for DO; then 1400 bytes are
# fragmented here and arrive.
HOST "$IPOUT" recv 9004 1 20000 "$work/got" > "$work/recv.out" 2>&1 &
recv_pid=$!
for _ in $(seq 100); do grep -q ready "$work/recv.out" && break; sleep 0.1; done
steps="mode:1 send:1400 wait:1500 soerr mtu send:1400"
want="mode=ok send=ok wait soerr=EMSGSIZE mtu=1200 send=ok"
snap "$NS_XTCP" XB
xwant=$(XNS "$IPOUT" pmtu xtcp 10.0.2.3 9004 "$work/payload" $steps 2>&1)
snap "$NS_XTCP" XA
wait "$recv_pid"
lwant=$(LNX "$IPOUT" pmtu inet 10.0.2.3 9005 "$work/payload" $steps 2>&1)
if [ "$xwant" = "$want" ] && [ "$lwant" = "$want" ]; then
	tap_ok "WANT, 1400 bytes: EMSGSIZE once, IP_MTU 1200, then sent, as Linux"
else
	tap_fail "WANT, 1400 bytes: EMSGSIZE once, IP_MTU 1200, then sent, as Linux" \
		"xtcp: $xwant; linux: $lwant; want: $want"
fi
sent=$(head -c 1400 "$work/payload" | sha256sum | cut -d' ' -f1)
got=$(sha256sum < "$work/got" 2>/dev/null | cut -d' ' -f1)
xd=$(deltas XB XA IpFragOKs IpFragCreates IpFragFails)
if [ "$(cat "$work/recv.out")" = $'ready\ngot 1' ] && [ "$sent" = "$got" ] &&
	[ "$xd" = "IpFragOKs +1 IpFragCreates +2 IpFragFails +0" ]; then
	tap_ok "WANT: the second 1400 bytes arrive intact, in 2 fragments ($xd)"
else
	tap_fail "WANT: the second 1400 bytes arrive intact, in 2 fragments" \
		"receiver: $(tr '\n' ' ' < "$work/recv.out"); sha256 $got, sent $sent; $xd"
fi

# A fitting datagram: DF with WANT, none with DONT, which also sets
# TTL 9 and TOS 0xb8.
o1=$(XNS "$IPOUT" pmtu xtcp 10.0.2.2 9002 "$work/payload" mode:1 send:1000 2>&1)
o2=$(XNS "$IPOUT" pmtu xtcp 10.0.2.2 9003 "$work/payload" mode:0 ttl:9 tos:0xb8 \
	send:1000 2>&1)
sleep 1
kill "$cap_pid" 2>/dev/null
wait "$cap_pid" 2>/dev/null

# 7. The DO datagram on the wire: DF, whole.
n=$(pcount 'src 10.0.1.2 and udp dst port 9001 and ip[6] & 0x40 != 0 and ip[2:2] = 1428')
all=$(pcount 'src 10.0.1.2 and udp dst port 9001')
if [ "$n" = 1 ] && [ "$all" = 1 ]; then
	tap_ok "DO: one 1428-byte datagram with DF on the wire, the refused one absent"
else
	tap_fail "DO: one 1428-byte datagram with DF on the wire" \
		"with DF: $n, to port 9001: $all"
fi

# 8. The router's answers: fragmentation needed, MTU 1200, twice (DO, WANT).
n=$(pcount 'dst 10.0.1.2 and icmp[0] = 3 and icmp[1] = 4 and icmp[6:2] = 1200')
if [ "$n" = 2 ]; then
	tap_ok "router: fragmentation needed, MTU 1200, for DO and for WANT"
else
	tap_fail "router: fragmentation needed, MTU 1200, twice" "seen $n"
	tcpdump -nn -r "$cap" 'icmp' 2>/dev/null | sed 's/^/# /'
fi

# 9. WANT's fragments: two, at most 1200 bytes, no DF, offsets 0 and 1176.
frags=$(pcount 'src 10.0.1.2 and dst 10.0.2.3 and ip[6:2] & 0x3fff != 0')
big=$(pcount 'src 10.0.1.2 and dst 10.0.2.3 and ip[6:2] & 0x3fff != 0 and ip[2:2] > 1200')
df=$(pcount 'src 10.0.1.2 and dst 10.0.2.3 and ip[6:2] & 0x3fff != 0 and ip[6] & 0x40 != 0')
last=$(pcount 'src 10.0.1.2 and dst 10.0.2.3 and ip[6:2] & 0x3fff = 147')
if [ "$frags" = 2 ] && [ "$big" = 0 ] && [ "$df" = 0 ] && [ "$last" = 1 ]; then
	tap_ok "WANT: 2 fragments of at most 1200 bytes, without DF"
else
	tap_fail "WANT: 2 fragments of at most 1200 bytes, without DF" \
		"fragments $frags, over 1200: $big, with DF: $df, at offset 1176: $last"
fi

# 10. WANT that fits: DF; DONT: no DF, TTL 9, TOS 0xb8.
n1=$(pcount 'src 10.0.1.2 and udp dst port 9002 and ip[6] & 0x40 != 0 and ip[2:2] = 1028')
n2=$(pcount 'src 10.0.1.2 and udp dst port 9003 and ip[6] & 0x40 = 0 and ip[8] = 9 and ip[1] = 0xb8')
all2=$(pcount 'src 10.0.1.2 and udp dst port 9003')
if [ "$o1" = "mode=ok send=ok" ] && [ "$o2" = "mode=ok ttl=ok tos=ok send=ok" ] &&
	[ "$n1" = 1 ] && [ "$n2" = 1 ] && [ "$all2" = 1 ]; then
	tap_ok "DF for WANT that fits; none for DONT, which sends TTL 9, TOS 0xb8"
else
	tap_fail "DF for WANT that fits; none for DONT, with TTL 9, TOS 0xb8" \
		"WANT: $o1, $n1 with DF; DONT: $o2, $n2 as set of $all2"
	tcpdump -nn -v -r "$cap" 'udp dst port 9002 or udp dst port 9003' 2>/dev/null |
		sed 's/^/# /'
fi

# 11. TCP through the 1200-byte link to a host that advertises MSS 1460
# (its own link raised to 1500): the router's "fragmentation needed"
# lowers xtcp's MSS, and what was in flight at the old size goes again
# at once, split, not after a retransmission timeout.
name="TCP, 1 MB to a host behind the 1200-byte link: MSS lowered by ICMP, resent at once (no timeout), sha256 equal"
TOOL=$XTCP_ROOT/selftests/xtcp_tcp
why=
if ! $IP -n "$NS_HOST" addr add 10.0.2.4/24 dev veth3 ||
	! $IP -n "$NS_HOST" link set veth3 mtu 1500; then
	why="host setup failed"
else
	"$TOOL" -N "$NS_HOST" -f inet -t 60 server 7500 -m sink > "$work/s.out" 2> "$work/s.err" &
	spid=$!
	for _ in $(seq 100); do grep -q '^listening' "$work/s.err" && break; sleep 0.05; done
	snap "$NS_XTCP" XB
	"$TOOL" -N "$NS_XTCP" -t 60 client 10.0.2.4 7500 -m send:1M > "$work/c.out" 2> "$work/c.err"
	crc=$?
	wait "$spid"
	src=$?
	snap "$NS_XTCP" XA
	sent=$(sed -n 's/^sent //p' "$work/c.out")
	got=$(sed -n 's/^recv //p' "$work/s.out")
	xd=$(deltas XB XA TcpRetransSegs TcpExtTCPTimeouts IcmpInDestUnreachs)
	echo "# $xd"
	if [ "$crc" -ne 0 ] || [ "$src" -ne 0 ] || [ -z "$sent" ] || [ "$sent" != "$got" ]; then
		why="client $crc, server $src: sent '$sent', received '$got'; $(cat "$work/c.err" "$work/s.err" | tr '\n' '|')"
	elif [ $((XA[TcpRetransSegs] - XB[TcpRetransSegs])) -eq 0 ]; then
		why="nothing was resent: $xd"
	elif [ $((XA[TcpExtTCPTimeouts] - XB[TcpExtTCPTimeouts])) -ne 0 ]; then
		why="it waited for a timeout: $xd"
	fi
fi
if [ -z "$why" ]; then
	tap_ok "$name"
else
	tap_fail "$name" "$why"
fi

rm -rf "$work"
__ns_cleanup
xtcp_unload
tap_done
