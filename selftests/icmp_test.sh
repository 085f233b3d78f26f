#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xtcp's ICMP against a Linux peer and crafted packets (icmp_peer.py, scapy):
# errors quoting long datagrams, errors a UDP socket must not fail on,
# broadcast and martian hygiene (RFC 1122 3.2.1.3, 3.2.2), echo of a
# reassembled datagram, and the error rate limit seen from the wire.
. "$(dirname "$0")/lib.sh"

# ip netns exec, for the programs that read /sys/class/net (scapy,
# tcpdump); PNS (nsenter) for the rest, at a fraction of the cost.
PEER() { $IP netns exec "$NS_PEER" "$@"; }
PNS() { nsx "$NS_PEER" "$@"; }
XUDP() { nsx "$NS_XTCP" "$XTCP_ROOT/selftests/xudp" "$@"; }
PY=/usr/bin/python3

# peer CMD...: one command to the scapy helper, its one-line answer.
peer() {
	local line
	echo "$*" >&"${PEERPY[1]}"
	if ! read -r -t 120 line <&"${PEERPY[0]}"; then
		echo "no answer from icmp_peer.py"
		return 1
	fi
	echo "$line"
}

xtcp_bound() {
	nsx "$NS_XTCP" grep -qi ":$(printf '%04X' "$1") " /proc/net/xtcp_udp
}

# hold_check SPORT CMD...: a connected xtcp socket 10.0.0.2:SPORT ->
# 10.0.0.1:7990; CMD goes to the helper; prints what the socket reports next.
hold_check() {
	local sport=$1 go pid
	shift
	go=$work/go.$sport
	XUDP hold 10.0.0.1 7990 "$sport" "$go" > "$work/hold.$sport" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		xtcp_bound "$sport" && break
		sleep 0.2
	done
	peer "$@" > "$work/peer.$sport"
	sleep 0.5
	touch "$go"
	wait "$pid"
	cat "$work/hold.$sport"
}

# snap ARRAY: every counter of $NS_XTCP into associative ARRAY, with one
# read (each command run in a namespace costs a second under emulation).
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

tap_plan 23
if ! topo_xtcp; then
	tap_fail "topology with xtcp on veth1" "setup failed"
	tap_done
fi
tap_ok "topology with xtcp on veth1"
work=$(mktemp -d)
mac=$($IP -n "$NS_XTCP" link show veth1 | awk '/link\/ether/ { print $2 }')
# The scapy helper takes long to start under emulation: start it now, to
# load while case 2 runs. It sends nothing before its first command.
coproc PEERPY { PEER $PY -u "$XTCP_ROOT/selftests/icmp_peer.py" veth0 "$mac" 2>&1; }
# ARP both ways before anything is spoofed.
PNS ping -c 1 -W 5 10.0.0.2 > /dev/null 2>&1

# 2. Linux quotes 548 bytes of a 1400-byte datagram: the quote's total
# length exceeds the quote, and the error must still reach the socket.
out=$(XUDP refused 10.0.0.1 7998 1400 2>&1)
if [ "$out" = ECONNREFUSED ]; then
	tap_ok "1400 bytes to a closed Linux port: ECONNREFUSED"
else
	tap_fail "1400 bytes to a closed Linux port: ECONNREFUSED" "$out"
fi

if ! read -r -t 180 line <&"${PEERPY[0]}" || [ "$line" != ready ]; then
	tap_fail "icmp_peer.py starts" "${line:-no output}"
	tap_done
fi

# 3. The same with a crafted port unreachable (a control for 4 and 5).
out=$(hold_check 7101 unreach 10.0.0.2 7101 7990 long)
if [ "$out" = "recv=ECONNREFUSED send=ok" ]; then
	tap_ok "port unreachable quoting 548 of 1400 bytes: ECONNREFUSED"
else
	tap_fail "port unreachable quoting 548 of 1400 bytes: ECONNREFUSED" \
		"$out; peer: $(cat "$work/peer.7101")"
fi

# 4. Fragmentation needed to a connected socket doing path MTU discovery
# (IP_PMTUDISC_WANT, the default): EMSGSIZE, reported once, as Linux's
# __udp4_lib_err() does for every mode but DONT; the socket carries on.
# (pmtu_test.sh shows Linux doing it.) Whole quotes from here on: each case
# tests one thing, not the quote parser again.
out=$(hold_check 7102 fragneeded 7102 7990 whole)
if [ "$out" = "recv=EMSGSIZE send=ok" ]; then
	tap_ok "fragmentation needed: EMSGSIZE once, then the connected socket carries on"
else
	tap_fail "fragmentation needed: EMSGSIZE once, then the connected socket carries on" \
		"$out; peer: $(cat "$work/peer.7102")"
fi

# 4b. ... and its MTU (1200) is the path MTU to 10.0.0.1 from now on: a
# 1400-byte datagram (WANT) leaves in fragments of at most 1200 bytes,
# without DF.
cap=$work/pmtu.pcap
PEER timeout 10 tcpdump -i veth0 -nn -U -w "$cap" 'ip src 10.0.0.2' 2>/dev/null &
cap_pid=$!
for _ in $(seq 50); do [ -s "$cap" ] && break; sleep 0.1; done
sleep 0.5
head -c 1400 /dev/urandom | XUDP send 10.0.0.1 7995
sleep 1
kill "$cap_pid" 2>/dev/null
wait "$cap_pid" 2>/dev/null
frags=$(tcpdump -nn -r "$cap" 'ip[6:2] & 0x3fff != 0' 2>/dev/null | wc -l)
big=$(tcpdump -nn -r "$cap" 'ip[2:2] > 1200' 2>/dev/null | wc -l)
df=$(tcpdump -nn -r "$cap" 'ip[6:2] & 0x3fff != 0 and ip[6] & 0x40 != 0' 2>/dev/null | wc -l)
if [ "$frags" -ge 2 ] && [ "$big" -eq 0 ] && [ "$df" -eq 0 ]; then
	tap_ok "fragmentation needed (MTU 1200) lowers the path MTU: $frags fragments, none over 1200 or with DF"
else
	tap_fail "fragmentation needed (MTU 1200) lowers the path MTU" \
		"fragments captured: $frags, packets over 1200 bytes: $big, fragments with DF: $df"
fi

# 5. An error sent to a broadcast address is dropped and counted.
snap B
out=$(hold_check 7103 unreach 10.0.0.255 7103 7990 whole)
snap A
if [ "$out" = "recv=EAGAIN send=ok" ] && [ "$(delta IcmpBroadcast)" = 1 ] &&
	[ "$(delta IcmpInErrors)" = 1 ]; then
	tap_ok "port unreachable to 10.0.0.255: ignored, IcmpBroadcast +1"
else
	tap_fail "port unreachable to 10.0.0.255: ignored and counted" \
		"$out; IcmpBroadcast +$(delta IcmpBroadcast) IcmpInErrors +$(delta IcmpInErrors)"
fi

# 6. Time exceeded to the limited broadcast: dropped and counted.
snap B
out=$(peer timeexceeded 255.255.255.255 7104 7990 whole)
sleep 0.3
snap A
if [ "$(delta IcmpBroadcast)" = 1 ]; then
	tap_ok "time exceeded to 255.255.255.255: dropped, IcmpBroadcast +1"
else
	tap_fail "time exceeded to 255.255.255.255: dropped, counted" \
		"$out; IcmpBroadcast +$(delta IcmpBroadcast)"
fi

# 7. The control for 8-14: an ordinary echo request gets its reply.
out=$(peer echo 10.0.0.1 10.0.0.2)
if [ "$out" = "replies 1" ]; then
	tap_ok "echo from 10.0.0.1: one reply seen"
else
	tap_fail "echo from 10.0.0.1: one reply seen" "$out"
fi

# 8-12. Martian sources: no reply anywhere (not even looped back to xtcp
# itself), counted as MartianSrc.
for src in 0.0.0.5 10.0.0.255 10.0.0.2 224.0.0.1 127.0.0.1; do
	snap B
	out=$(peer echo "$src" 10.0.0.2)
	snap A
	if [ "$out" = "replies 0" ] && [ "$(delta MartianSrc)" = 1 ] &&
		[ "$(delta IcmpOutEchoReps)" = 0 ]; then
		tap_ok "echo from martian $src: dropped, MartianSrc +1"
	else
		tap_fail "echo from martian $src: dropped and counted" \
			"$out; MartianSrc +$(delta MartianSrc) IcmpOutEchoReps +$(delta IcmpOutEchoReps)"
	fi
done

# 13-14. Echo requests to a broadcast address are ignored, as Linux's
# icmp_echo_ignore_broadcasts=1 does: no amplifier.
for dst in 10.0.0.255 255.255.255.255; do
	snap B
	out=$(peer echo 10.0.0.1 "$dst")
	snap A
	if [ "$out" = "replies 0" ] && [ "$(delta IcmpBroadcast)" = 1 ] &&
		[ "$(delta IcmpOutEchoReps)" = 0 ]; then
		tap_ok "echo to $dst: no reply, IcmpBroadcast +1"
	else
		tap_fail "echo to $dst: no reply, counted" \
			"$out; IcmpBroadcast +$(delta IcmpBroadcast) IcmpOutEchoReps +$(delta IcmpOutEchoReps)"
	fi
done

# 14b-c. A protocol nobody handles (253 and 254, RFC 3692's experimental
# numbers) gets a protocol unreachable quoting it, counted in
# IpInUnknownProtos and the UnknownProto drop. (The dispatch table in
# ip/protocol.c has ICMP and UDP.)
for proto in 253 254; do
	snap B
	out=$(peer protounreach "$proto")
	snap A
	if [ "$out" = "unreach 1" ] && [ "$(delta IpInUnknownProtos)" = 1 ] &&
		[ "$(delta UnknownProto)" = 1 ] && [ "$(delta IpInDelivers)" = 0 ]; then
		tap_ok "protocol $proto: protocol unreachable, IpInUnknownProtos +1"
	else
		tap_fail "protocol $proto: protocol unreachable, counted" \
			"$out; IpInUnknownProtos +$(delta IpInUnknownProtos) UnknownProto +$(delta UnknownProto) IpInDelivers +$(delta IpInDelivers)"
	fi
done

# 15. An echo of a reassembled datagram comes back byte for byte.
snap B
out=$(PNS ping -c 3 -i 0.2 -s 4000 -p 5ac3e1 -W 3 10.0.0.2 2>&1)
snap A
if grep -q ' 0% packet loss' <<<"$out" && ! grep -qi 'wrong data' <<<"$out" &&
	[ "$(delta ReasmOKs)" -ge 3 ]; then
	tap_ok "ping -s 4000 with a pattern: reassembled, replies intact"
else
	tap_fail "ping -s 4000 with a pattern" "$(tail -3 <<<"$out") ReasmOKs +$(delta ReasmOKs)"
fi

# 16-19. The rate limit from the wire: 200 datagrams to closed ports, let
# through netem in one slot so they arrive as a burst. xtcp answers the
# first 50 (icmp_msgs_burst) and then icmp_msgs_per_sec; every datagram
# is either answered or counted as rate limited. The rate is lowered to
# 10/s for this: under emulation xtcp may take more than the 1 ms per
# datagram that would refill the default 1000/s bucket as fast as it drains.
rate=/sys/module/xtcp/parameters/icmp_msgs_per_sec
PNS ping -c 1 -W 5 10.0.0.2 > /dev/null 2>&1
snap B
if ! echo 10 > "$rate"; then
	out="cannot set $rate"
elif ! topo_netem "slot 800ms 800ms limit 1000"; then
	out="netem slot on veth0 failed"
else
	out=$(peer burst 200 20000)
fi
PNS "$TC" qdisc del dev veth0 root 2>/dev/null
echo 1000 > "$rate"
snap A
d_noports=$(delta UdpNoPorts)
d_unreach=$(delta IcmpOutDestUnreachs)
d_limited=$(delta IcmpOutRateLimited)
read -r _ got _ span <<<"$out"
echo "# burst: $out; UdpNoPorts +$d_noports IcmpOutDestUnreachs +$d_unreach IcmpOutRateLimited +$d_limited"
if [ "$d_noports" = 200 ] && [ "$((d_unreach + d_limited))" = 200 ]; then
	tap_ok "burst of 200: each datagram answered or rate limited"
else
	tap_fail "burst of 200: each datagram answered or rate limited" "$out"
fi
if [ "$d_limited" -gt 0 ]; then
	tap_ok "burst of 200: IcmpOutRateLimited +$d_limited"
else
	tap_fail "burst of 200: IcmpOutRateLimited rises" "$out"
fi
if [ "${got:-x}" = "$d_unreach" ]; then
	tap_ok "burst of 200: the peer saw all $got port unreachables sent"
else
	tap_fail "burst of 200: the peer saw the port unreachables sent" \
		"$out; sent $d_unreach"
fi
# At most the burst plus 10/s over the time they took, plus one for the
# jiffy at either end.
max=$(awk -v s="${span:-0}" 'BEGIN { printf "%d", 50 + 10 * s + 2 }')
if [ -n "$got" ] && [ "$got" -ge 50 ] && [ "$got" -le "$max" ]; then
	tap_ok "burst of 200: $got answered in ${span}s (50..$max)"
else
	tap_fail "burst of 200: 50..$max answered" "$out"
fi

# 20. Still answering after all that.
eval "exec ${PEERPY[1]}>&-"
wait "$PEERPY_PID" 2>/dev/null
out=$(PNS ping -c 3 -i 0.2 -W 2 10.0.0.2 2>&1)
if grep -q ' 0% packet loss' <<<"$out"; then
	tap_ok "still answering after all that"
else
	tap_fail "still answering after all that" "$(tail -3 <<<"$out")"
fi
rm -rf "$work"
xtcp_unload
tap_done
