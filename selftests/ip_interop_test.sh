#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xtcp's ARP, IPv4 and ICMP against Linux's own stack: a Linux peer at
# 10.0.0.1 on veth0, xtcp at 10.0.0.2 on veth1 in its own namespace.
# Every case checks what crossed the wire and the counters it moved.
. "$(dirname "$0")/lib.sh"

PEER() { $IP netns exec "$NS_PEER" "$@"; }

tap_plan 18
if ! topo_xtcp; then
	tap_fail "topology with xtcp on veth1" "setup failed"
	tap_done
fi
tap_ok "topology with xtcp on veth1"
mac=$($IP -n "$NS_XTCP" link show veth1 | awk '/link\/ether/ { print $2 }')

# 1. ping: ARP resolution both ways, 50 echo replies.
echos=$(xtcp_counter IcmpInEchos)
out=$(PEER ping -c 50 -i 0.02 -W 2 10.0.0.2 2>&1)
if grep -q ' 0% packet loss' <<<"$out" && expect_rise IcmpInEchos $((echos + 49)); then
	tap_ok "ping -c 50: 0% loss, IcmpInEchos +50"
else
	tap_fail "ping -c 50: 0% loss" "$(tail -3 <<<"$out") IcmpInEchos=$(xtcp_counter IcmpInEchos)"
fi

# 2. the payload comes back intact: ping checks it byte for byte.
out=$(PEER ping -c 3 -i 0.2 -s 1400 -p a5c3 -W 2 10.0.0.2 2>&1)
if grep -q ' 0% packet loss' <<<"$out" && ! grep -qi 'wrong data' <<<"$out"; then
	tap_ok "ping -s 1400 with a pattern: replies intact"
else
	tap_fail "ping -s 1400 with a pattern" "$(tail -3 <<<"$out")"
fi

# 3. 4000 bytes: xtcp reassembles the request and fragments the reply.
reasm=$(xtcp_counter ReasmOKs)
frags=$(xtcp_counter IpFragCreates)
out=$(PEER ping -c 3 -i 0.2 -s 4000 -W 2 10.0.0.2 2>&1)
if grep -q ' 0% packet loss' <<<"$out" && expect_rise ReasmOKs "${reasm:-0}" &&
	expect_rise IpFragCreates "${frags:-0}"; then
	tap_ok "ping -s 4000: reassembled in, fragmented out"
else
	tap_fail "ping -s 4000" "$(tail -3 <<<"$out") ReasmOKs=$(xtcp_counter ReasmOKs) FragCreates=$(xtcp_counter IpFragCreates)"
fi

# 4. arping from the peer gets xtcp's MAC.
out=$(PEER arping -c 3 -w 5 -I veth0 10.0.0.2 2>&1)
if grep -qi "$mac" <<<"$out" && grep -q 'Received 3 response' <<<"$out"; then
	tap_ok "arping: 3 replies from $mac"
else
	tap_fail "arping" "$out"
fi

# 5. xtcp learned the peer: neigh show has it REACHABLE with its MAC.
pmac=$($IP -n "$NS_PEER" link show veth0 | awk '/link\/ether/ { print $2 }')
out=$(XTCP neigh show 2>&1)
if grep -q "10.0.0.1 .*$pmac.*REACHABLE" <<<"$out"; then
	tap_ok "neigh show: 10.0.0.1 $pmac REACHABLE"
else
	tap_fail "neigh show" "$out"
fi

# 6. an address xtcp does not own gets no ARP answer and no echo. A capture
# on the peer must show its ARP requests for 10.0.0.3 (so the capture
# works) and no ARP reply at all.
cap=$(mktemp)
PEER ip neigh flush dev veth0 to 10.0.0.3 2>/dev/null
PEER timeout 8 tcpdump -i veth0 -nn -U -w "$cap" arp 2>/dev/null &
cap_pid=$!
for _ in $(seq 50); do [ -s "$cap" ] && break; sleep 0.1; done
sleep 0.5
out=$(PEER ping -c 2 -i 0.3 -W 1 10.0.0.3 2>&1)
sleep 0.5
kill "$cap_pid" 2>/dev/null
wait "$cap_pid" 2>/dev/null
requests=$(tcpdump -nn -r "$cap" 'arp[6:2] = 1 and arp[24:4] = 0x0a000003' 2>/dev/null | wc -l)
replies=$(tcpdump -nn -r "$cap" 'arp[6:2] = 2' 2>/dev/null)
if grep -q '100% packet loss' <<<"$out" && [ "$requests" -ge 1 ] && [ -z "$replies" ]; then
	tap_ok "10.0.0.3 (not ours): $requests ARP requests captured, no reply, no echo"
else
	tap_fail "10.0.0.3 (not ours) stays silent" \
		"ARP requests captured: $requests; replies: ${replies:-none}; ping: $(tail -2 <<<"$out")"
fi
rm -f "$cap"

# 7-14: malformed frames from the peer are dropped and counted by reason.
# One scapy process serves them all (scapy takes seconds to start under
# TCG).
coproc MALFORMED { PEER /usr/bin/python3 -u "$XTCP_ROOT/selftests/malformed.py" \
	veth0 "$mac" 10.0.0.1 10.0.0.2 serve 2>&1; }
malformed_err=
if ! read -r -t 180 line <&"${MALFORMED[0]}" || [ "$line" != ready ]; then
	malformed_err="malformed.py did not start: ${line:-no output}"
fi
# scapy_send CASE: malformed.py sends CASE; prints its one-line answer.
scapy_send() {
	local line
	[ -z "$malformed_err" ] || { echo "$malformed_err"; return 1; }
	echo "$1" >&"${MALFORMED[1]}"
	if ! read -r -t 120 line <&"${MALFORMED[0]}"; then
		echo "no answer from malformed.py"
		return 1
	fi
	echo "$line"
}
for c in bad_csum:BadCsum short_header:Truncated bad_ihl:BadIhl \
	 long_totlen:BadTotLen bogus_arp:ArpBadHw; do
	case_name=${c%%:*}
	counter=${c##*:}
	before=$(xtcp_counter "$counter")
	out=$(scapy_send "$case_name")
	sleep 0.3
	if expect_rise "$counter" "${before:-0}"; then
		tap_ok "malformed $case_name: dropped, $counter $before -> $(xtcp_counter "$counter")"
	else
		tap_fail "malformed $case_name: dropped and counted as $counter" \
			"$counter stayed ${before:-?}: $out"
	fi
done

before=$(xtcp_counter ReasmOverlaps)
out=$(scapy_send frag_overlap)
sleep 0.3
if expect_rise ReasmOverlaps "${before:-0}"; then
	tap_ok "overlapping fragments are dropped (ReasmOverlaps)"
else
	tap_fail "overlapping fragments are dropped" "ReasmOverlaps=$(xtcp_counter ReasmOverlaps): $out"
fi

# 14. a fragment bomb: thousands of datagrams that never complete hit the
# per-namespace memory cap, and xtcp keeps answering.
before=$(xtcp_counter ReasmOverCap)
out=$(scapy_send frag_bomb)
sleep 0.5
if expect_rise ReasmOverCap "${before:-0}" &&
	PEER ping -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null 2>&1; then
	tap_ok "fragment bomb: capped (ReasmOverCap $(xtcp_counter ReasmOverCap)), still answering"
else
	tap_fail "fragment bomb: capped and still answering" \
		"ReasmOverCap=$(xtcp_counter ReasmOverCap): $out"
fi

eval "exec ${MALFORMED[1]}>&-"
wait "$MALFORMED_PID" 2>/dev/null

# 15. ping after all that: nothing broke.
if PEER ping -c 5 -i 0.05 -W 2 10.0.0.2 | grep -q ' 0% packet loss'; then
	tap_ok "still answering after malformed input"
else
	tap_fail "still answering after malformed input"
fi

# 16. link down: xtcp drops the device's static routes and neighbours,
# shows it without UP, and a send says the network is unreachable (the
# connected route stays listed but is not used while the device is down).
XUDP() { nsx "$NS_XTCP" "$XTCP_ROOT/selftests/xudp" "$@"; }
XTCP route add 10.7.0.0/16 via 10.0.0.1 >/dev/null 2>&1
PEER ping -c 1 -W 2 10.0.0.2 >/dev/null 2>&1
before_down="routes: $(XTCP route show | tr '\n' ';') neigh: $(XTCP neigh show | tr '\n' ';')"
$IP -n "$NS_XTCP" link set veth1 down
send_err=$(echo x | XUDP send 10.0.0.1 9 2>&1)
link=$(XTCP link show dev veth1)
routes=$(XTCP route show)
neigh=$(XTCP neigh show)
if ! grep -q 'routes: .*10\.7\.0\.0/16 via 10\.0\.0\.1' <<<"$before_down" ||
	! grep -q '10\.0\.0\.1 dev veth1' <<<"$before_down"; then
	tap_fail "link down: routes and neighbours dropped, send unreachable" \
		"setup: no static route or neighbour before down: $before_down"
elif grep -q '<UP' <<<"$link" || grep -q '10\.7\.0\.0/16' <<<"$routes" || [ -n "$neigh" ] ||
	! grep -qiE 'network is unreachable' <<<"$send_err"; then
	tap_fail "link down: routes and neighbours dropped, send unreachable" \
		"link: $link; routes: $routes; neigh: $neigh; send: '$send_err'"
else
	tap_ok "link down: not UP, routes and neighbours gone, send says '${send_err##*: }'"
fi

# 17. link up again: the connected route returns and xtcp answers.
$IP -n "$NS_XTCP" link set veth1 up
routes=$(XTCP route show)
if grep -q '^10\.0\.0\.0/24 dev veth1' <<<"$routes" &&
	PEER ping -c 3 -i 0.2 -W 3 10.0.0.2 | grep -q ' 0% packet loss'; then
	tap_ok "link up again: connected route back, ping answered"
else
	tap_fail "link up again: connected route back, ping answered" "routes: $routes"
fi

# 18. an open socket pins the module; once it closes, rmmod is clean.
XUDP recv 7100 60000 >/dev/null 2>&1 &
holder=$!
for _ in $(seq 50); do
	nsx "$NS_XTCP" grep -qi ":1BBC " /proc/net/xtcp_udp 2>/dev/null && break
	sleep 0.1
done
if xtcp_unload 2>/dev/null; then
	tap_fail "a socket pins the module, rmmod clean once it closes" \
		"rmmod succeeded with a socket open"
else
	# The job is the shell around ip netns exec; the socket is xudp's.
	pkill -f "selftests/xudp recv 7100"
	wait "$holder" 2>/dev/null
	if ! xtcp_unload; then
		tap_fail "a socket pins the module, rmmod clean once it closes" "rmmod failed"
	else
		tap_ok "a socket pins the module, rmmod clean once it closes"
	fi
fi
tap_done
