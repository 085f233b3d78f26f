#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# UDP between xtcp (10.0.0.2) and Linux (10.0.0.1): payloads both ways
# checked by hash, 1 to 8000 bytes (8000 crosses the MTU, so it is
# fragmented and reassembled), and ICMP port unreachable both ways.
. "$(dirname "$0")/lib.sh"

PEER() { $IP netns exec "$NS_PEER" "$@"; }
XUDP() { nsx "$NS_XTCP" "$XTCP_ROOT/selftests/xudp" "$@"; }
PY=/usr/bin/python3

# wait_bound CHECK...: poll until CHECK succeeds (a receiver is bound); under
# emulation python alone takes seconds to start.
wait_bound() {
	local i
	for i in $(seq 100); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}
peer_bound() { PEER ss -Huln "sport = :$1" | grep -q .; }
xtcp_bound() {
	nsx "$NS_XTCP" grep -qi ":$(printf '%04X' "$1") " /proc/net/xtcp_udp
}

tap_plan 10
if ! topo_xtcp; then
	tap_fail "topology with xtcp on veth1" "setup failed"
	tap_done
fi
tap_ok "topology with xtcp on veth1"
work=$(mktemp -d)

# xtcp -> Linux
for size in 1 1400 8000; do
	head -c "$size" /dev/urandom > "$work/out"
	PEER $PY -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 7001)); s.settimeout(30)
d, a = s.recvfrom(65536)
sys.stdout.buffer.write(d)' > "$work/got" &
	pid=$!
	wait_bound peer_bound 7001
	XUDP send 10.0.0.1 7001 < "$work/out"
	wait $pid
	if [ "$(sha256sum < "$work/out")" = "$(sha256sum < "$work/got")" ]; then
		tap_ok "xtcp -> Linux, $size bytes, sha256 matches"
	else
		tap_fail "xtcp -> Linux, $size bytes" "got $(wc -c < "$work/got") bytes"
	fi
done

# Linux -> xtcp
for size in 1 1400 8000; do
	head -c "$size" /dev/urandom > "$work/out"
	XUDP recv 7002 30000 > "$work/got" 2>"$work/from" &
	pid=$!
	wait_bound xtcp_bound 7002
	PEER $PY -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(sys.stdin.buffer.read(), ("10.0.0.2", 7002))' < "$work/out"
	wait $pid
	if [ "$(sha256sum < "$work/out")" = "$(sha256sum < "$work/got")" ] &&
		grep -q "from 10.0.0.1:" "$work/from"; then
		tap_ok "Linux -> xtcp, $size bytes, sha256 matches"
	else
		tap_fail "Linux -> xtcp, $size bytes" "got $(wc -c < "$work/got") bytes; $(cat "$work/from")"
	fi
done

# Linux client to a closed xtcp port: ICMP port unreachable -> ECONNREFUSED.
out=$(PEER $PY -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("10.0.0.2", 7999)); s.send(b"x"); s.settimeout(3)
try:
    s.recv(10); print("data")
except ConnectionRefusedError:
    print("ECONNREFUSED")
except socket.timeout:
    print("timeout")' 2>&1)
if [ "$out" = ECONNREFUSED ]; then
	tap_ok "Linux -> closed xtcp port: ECONNREFUSED"
else
	tap_fail "Linux -> closed xtcp port: ECONNREFUSED" "$out"
fi

# xtcp client to a closed Linux port: Linux's ICMP reaches the socket.
out=$(XUDP refused 10.0.0.1 7998 2>&1)
if [ "$out" = ECONNREFUSED ]; then
	tap_ok "xtcp -> closed Linux port: ECONNREFUSED"
else
	tap_fail "xtcp -> closed Linux port: ECONNREFUSED" "$out"
fi
rm -rf "$work"
check "xtcp unloads (rmmod)" xtcp_unload
tap_done
