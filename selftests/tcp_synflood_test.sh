#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SYN cookies on an xtcp listener (10.0.0.2, $NS_XTCP), with Linux TCP
# (10.0.0.1, $NS_PEER) as the legitimate client and hping3 as the flood:
# - tcp_syncookies=2: every SYN gets a cookie; a Linux client connects and
#   sends 1 MB, byte-exact by sha256; SyncookiesSent, SyncookiesRecv and
#   PassiveOpens rise by one;
# - tcp_syncookies=1 under a SYN flood from random sources: the SYN queue
#   fills to the listen backlog and no further (SYN-RECV lines in
#   /proc/net/xtcp), cookies take over (SyncookiesSent), a forged ACK
#   fails the cookie check (SyncookiesFailed, answered by RST), and a Linux
#   client still connects and sends 1 MB, byte-exact;
# - tcp_syncookies=0 under the same flood: SYNs beyond the queue are
#   dropped and counted (TCPReqQFullDrop, ListenDrops), never answered by
#   a cookie.
# The flood's SYN-ACKs go to Linux (xtcp's default route), which drops them.
. "$(dirname "$0")/lib.sh"

TOOL=$XTCP_ROOT/selftests/xtcp_tcp
PORT=7100		# the last server's port
BACKLOG=128		# xtcp_tcp's listen() backlog for a one-connection server

# P ARGS...: the test tool in Linux's namespace.
P() { "$TOOL" -N "$NS_PEER" -f inet "$@"; }

# nap SEC: sleep without an exec (most of a second each under TCG).
nap() { read -r -t "$1" -u "$NEVER" || :; }

# snap: xtcp's Tcp and TcpExt counters into CB; rise NAME: since the snap.
declare -A CB
snap() {
	local n
	for n in TcpPassiveOpens TcpOutRsts TcpExtSyncookiesSent TcpExtSyncookiesRecv \
		TcpExtSyncookiesFailed TcpExtTCPReqQFullDrop TcpExtListenDrops \
		TcpExtListenOverflows; do
		CB[$n]=$(xtcp_counter "$n") || CB[$n]=missing
	done
}
rise() {
	local now
	now=$(xtcp_counter "$1") || { echo "missing"; return; }
	echo $((now - ${CB[$1]:-0}))
}
rises() {
	local n out=
	for n in "$@"; do
		out+="${n#TcpExt} +$(rise "$n") "
	done
	echo "${out% }"
}

# synrecv: how many request minisocks /proc/net/xtcp lists (state 03).
synrecv() {
	nsx "$NS_XTCP" cat /proc/net/xtcp | awk '$4 == "03" { n++ } END { print n + 0 }'
}

# server: an xtcp server for one connection on a port of its own (PORT+1
# each time), in the background ($SPID); returns once it listens.
server() {
	local i
	PORT=$((PORT + 1))
	: > "$work/s.err"
	# Not X: $! must be the server itself, for kill.
	"$TOOL" -N "$NS_XTCP" -f xtcp server $PORT -m sink > "$work/s.out" 2>> "$work/s.err" &
	SPID=$!
	for ((i = 0; i < 400; i++)); do
		grep -q '^listening' "$work/s.err" && return 0
		kill -0 "$SPID" 2>/dev/null || return 1
		nap 0.05
	done
	return 1
}

# flood COUNT: hping3 SYNs from random sources to the listener, in the
# background ($FPID), 1 ms apart.
flood() {
	$IP netns exec "$NS_PEER" hping3 -q -S -p $PORT --rand-source -i u1000 -c "$1" \
		10.0.0.2 > "$work/flood" 2>&1 &
	FPID=$!
}

# until_rises NAME SECONDS: wait for NAME to rise.
until_rises() {
	local i
	for ((i = 0; i < $2 * 4; i++)); do
		[ "$(rise "$1")" != missing ] && [ "$(rise "$1")" -gt 0 ] && return 0
		nap 0.25
	done
	return 1
}

# client: a Linux client sends 1 MB; ok when the server's "recv" line is
# the client's "sent" line and both exit 0. Sets $why otherwise.
client() {
	local crc src sent got
	P client 10.0.0.2 $PORT -m send:1M > "$work/c.out" 2> "$work/c.err"
	crc=$?
	wait "$SPID"
	src=$?
	sent=$(sed -n 's/^sent //p' "$work/c.out")
	got=$(sed -n 's/^recv //p' "$work/s.out")
	if [ $crc -ne 0 ] || [ $src -ne 0 ] || [ -z "$sent" ] || [ "$sent" != "$got" ]; then
		why="client exit $crc, server exit $src, sent '$sent', received '$got';" \
			"client: $(tr '\n' '|' < "$work/c.err") server: $(tr '\n' '|' < "$work/s.err")"
		return 1
	fi
}

tap_plan 7
if ! command -v hping3 > /dev/null; then
	tap_fail "hping3 present" "hping3 is missing from the image (apt install hping3)"
	tap_done
fi
if ! topo_xtcp || ! XTCP route add default via 10.0.0.1 dev veth1; then
	tap_fail "topology: xtcp on 10.0.0.2, default route via Linux" "setup failed"
	tap_done
fi
tap_ok "topology: xtcp on 10.0.0.2, default route via Linux"
work=$(mktemp -d)
mkfifo "$work/never" && exec {NEVER}<> "$work/never"
trap 'kill "$FPID" "$SPID" 2>/dev/null; rm -rf "$work"; __ns_cleanup' EXIT
# 1. Cookies always.
XTCP sysctl set tcp_syncookies 2 > /dev/null
snap
why=
if ! server; then
	why="server did not start: $(cat "$work/s.err")"
elif client && [ "$(rise TcpExtSyncookiesSent)" = 1 ] &&
	[ "$(rise TcpExtSyncookiesRecv)" = 1 ] && [ "$(rise TcpPassiveOpens)" = 1 ]; then
	:
else
	why="${why:-counters: $(rises TcpPassiveOpens TcpExtSyncookiesSent TcpExtSyncookiesRecv)}"
fi
echo "# tcp_syncookies=2: $(rises TcpPassiveOpens TcpExtSyncookiesSent TcpExtSyncookiesRecv TcpExtSyncookiesFailed)"
if [ -z "$why" ]; then
	tap_ok "tcp_syncookies=2: a Linux client connects through a cookie, 1 MB byte-exact"
else
	tap_fail "tcp_syncookies=2: a Linux client connects through a cookie, 1 MB byte-exact" "$why"
fi

# 2-4. A flood with cookies on demand (the default).
XTCP sysctl set tcp_syncookies 1 > /dev/null
snap
server || tap_fail "flood: server" "did not start: $(cat "$work/s.err")"
flood 20000
if until_rises TcpExtSyncookiesSent 60; then
	n=$(synrecv)
	if [ "$n" -eq "$BACKLOG" ] && [ "$(rise TcpExtListenOverflows)" = 0 ]; then
		tap_ok "flood: the SYN queue holds the backlog ($BACKLOG), then cookies"
	else
		tap_fail "flood: the SYN queue holds the backlog ($BACKLOG), then cookies" \
			"$n request minisocks in SYN-RECV; $(rises TcpExtSyncookiesSent TcpExtListenOverflows)"
	fi
else
	tap_fail "flood: the SYN queue holds the backlog ($BACKLOG), then cookies" \
		"no cookie sent in 60 s: $(synrecv) in SYN-RECV; $(rises TcpExtSyncookiesSent TcpExtTCPReqQFullDrop TcpExtListenDrops); hping3: $(cat "$work/flood")"
fi

# A forged cookie: ACKs that answer no SYN-ACK, while the queue overflows.
before_rst=$(rise TcpOutRsts)
$IP netns exec "$NS_PEER" hping3 -q -A -p $PORT -s 40000 -k -M 12345 -L 1 -i u20000 -c 5 \
	10.0.0.2 > /dev/null 2>&1
failed=$(rise TcpExtSyncookiesFailed)
rsts=$(($(rise TcpOutRsts) - before_rst))
if [ "$failed" = 5 ] && [ "$rsts" -ge 5 ]; then
	tap_ok "flood: 5 forged ACKs fail the cookie check (SyncookiesFailed +5) and get RSTs"
else
	tap_fail "flood: 5 forged ACKs fail the cookie check (SyncookiesFailed +5) and get RSTs" \
		"SyncookiesFailed +$failed, OutRsts +$rsts"
fi

why=
if client && [ "$(rise TcpExtSyncookiesRecv)" -ge 1 ]; then
	:
else
	why="${why:-counters: $(rises TcpExtSyncookiesRecv)}"
fi
echo "# flood: $(rises TcpPassiveOpens TcpExtSyncookiesSent TcpExtSyncookiesRecv TcpExtSyncookiesFailed TcpExtListenOverflows TcpExtTCPReqQFullDrop)"
if [ -z "$why" ]; then
	tap_ok "flood: a Linux client still connects (through a cookie), 1 MB byte-exact"
else
	tap_fail "flood: a Linux client still connects (through a cookie), 1 MB byte-exact" "$why"
fi
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null

# 5. No cookies: the flood's SYNs beyond the queue are dropped and counted.
XTCP sysctl set tcp_syncookies 0 > /dev/null
snap
server || tap_fail "no cookies: server" "did not start: $(cat "$work/s.err")"
flood 20000
if until_rises TcpExtTCPReqQFullDrop 60; then
	kill "$FPID" 2>/dev/null
	wait "$FPID" 2>/dev/null
	nap 1
	n=$(synrecv)
	if [ "$(rise TcpExtSyncookiesSent)" = 0 ] && [ "$n" -eq "$BACKLOG" ] &&
		[ "$(rise TcpExtListenDrops)" -eq "$(rise TcpExtTCPReqQFullDrop)" ]; then
		tap_ok "tcp_syncookies=0: SYNs beyond the queue dropped, TCPReqQFullDrop and ListenDrops, no cookie"
	else
		tap_fail "tcp_syncookies=0: SYNs beyond the queue dropped, TCPReqQFullDrop and ListenDrops, no cookie" \
			"$n in SYN-RECV; $(rises TcpExtSyncookiesSent TcpExtTCPReqQFullDrop TcpExtListenDrops)"
	fi
else
	tap_fail "tcp_syncookies=0: SYNs beyond the queue dropped, TCPReqQFullDrop and ListenDrops, no cookie" \
		"no drop in 60 s: $(synrecv) in SYN-RECV; $(rises TcpExtSyncookiesSent TcpExtTCPReqQFullDrop TcpExtListenDrops); hping3: $(cat "$work/flood")"
fi
echo "# no cookies: $(rises TcpExtSyncookiesSent TcpExtTCPReqQFullDrop TcpExtListenDrops)"
kill "$FPID" "$SPID" 2>/dev/null
wait 2>/dev/null
XTCP sysctl set tcp_syncookies 1 > /dev/null
# The killed listener's socket is freed after an RCU grace period.
for _ in {1..40}; do
	[ "$(cat /sys/module/xtcp/refcnt)" = 0 ] && break
	nap 0.25
done
check "xtcp unloads (rmmod)" xtcp_unload
tap_done
