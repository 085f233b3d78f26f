#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xtcp's tracepoints (events/xtcp/*), the way the README says to study the
# rx/tx path with them: every layer's rx and tx event fires, with the
# fields that identify the packet, for
# - one ping from Linux: ARP request in, reply out; IP, ICMP echo in,
#   echo reply out, the device transmit (xtcp_dev_xmit: IPv4 packets; ARP
#   frames go out from arp.c, after xtcp_arp_tx);
# - a UDP datagram from xtcp to Linux, and one from Linux to a closed xtcp
#   port: xtcp_udp_tx, then a drop-free ICMP port unreachable out;
# - a TCP connection from xtcp to Linux whose first SYN netem drops: the
#   SYN twice with an "rto" retransmit event between, the SYN-ACK in, the
#   state changes SYN_SENT -> ESTABLISHED -> ... -> TIME_WAIT, data out,
#   FINs both ways;
# - a SYN from Linux to a closed xtcp port: the SYN in, "[R.]" out and
#   xtcp_drop with layer tcp and reason TcpNoSocket;
# - a namespace made and left by unshare(1): xtcp_netns init, init_done
#   with err=0, and exit once the kernel cleans the namespace up.
. "$(dirname "$0")/lib.sh"

T=/sys/kernel/tracing
shown=
TOOL=$XTCP_ROOT/selftests/xtcp_tcp

# has NAME REGEX...: every REGEX matches a line of the trace.
has() {
	local name=$1 re miss=
	shift
	for re in "$@"; do
		grep -qE -- "$re" "$work/trace" || miss+="'$re' "
	done
	if [ -z "$miss" ]; then
		tap_ok "$name"
	else
		tap_fail "$name" "no trace line matches $miss"
		# The whole trace, once, to see what came instead.
		[ -n "$shown" ] || sed 's/^/# trace: /' "$work/trace"
		shown=1
	fi
}

tap_plan 12
if ! topo_xtcp; then
	tap_fail "topology" "setup failed"
	tap_done
fi
if [ ! -w "$T/events/xtcp/enable" ]; then
	tap_fail "events/xtcp enabled" \
		"$T/events/xtcp/enable missing (tracefs not mounted, or no CONFIG_EVENT_TRACING)"
	tap_done
fi
work=$(mktemp -d)
trap 'echo 0 > $T/events/xtcp/enable; rm -rf "$work"; __ns_cleanup' EXIT
echo 0 > $T/tracing_on
echo > $T/trace
echo 1 > $T/events/xtcp/enable
echo 1 > $T/tracing_on
tap_ok "events/xtcp enabled"

# Ping: ARP and ICMP.
$IP netns exec "$NS_PEER" ping -c 1 -W 5 10.0.0.2 > /dev/null

# UDP both ways.
echo hello | nsx "$NS_XTCP" "$XTCP_ROOT/selftests/xudp" send 10.0.0.1 9 40009
nsx "$NS_PEER" bash -c 'echo hello > /dev/udp/10.0.0.2/9'

# TCP: a Linux server, netem drops xtcp's first SYN.
"$TOOL" -N "$NS_PEER" -f inet server 7200 -m sink > "$work/s.out" 2> "$work/s.err" &
spid=$!
for _ in $(seq 100); do
	grep -q '^listening' "$work/s.err" && break
	sleep 0.05
done
nsx "$NS_XTCP" "$TC" qdisc add dev veth1 root netem loss 100%
"$TOOL" -N "$NS_XTCP" -f xtcp client 10.0.0.1 7200 -m send:10000 > "$work/c.out" 2> "$work/c.err" &
cpid=$!
sleep 0.5
nsx "$NS_XTCP" "$TC" qdisc del dev veth1 root
wait "$cpid"
crc=$?
wait "$spid"
src=$?

# Six more connections from xtcp: the windows xtcp advertises once the
# handshake is done (checked below). A defect made them 65535 at scale 7
# (8 MB over a 128 KB buffer) for about half of the peer's ISNs.
"$TOOL" -N "$NS_PEER" -f inet server 7201 -n 6 -m sink > "$work/s6.out" 2> "$work/s6.err" &
spid=$!
for _ in $(seq 100); do
	grep -q '^listening' "$work/s6.err" && break
	sleep 0.05
done
for _ in $(seq 6); do
	"$TOOL" -N "$NS_XTCP" -f xtcp client 10.0.0.1 7201 -m send:100 > /dev/null 2>&1
done
wait "$spid"

# A SYN to a closed xtcp port.
"$TOOL" -N "$NS_PEER" -f inet refused 10.0.0.2 7299 > /dev/null 2>&1
# A namespace comes and goes; its cleanup runs later, from a workqueue.
unshare -n true
for _ in $(seq 100); do
	grep -qE 'xtcp_netns: net=[0-9]+ exit' $T/trace && break
	sleep 0.1
done
echo 0 > $T/events/xtcp/enable
sed -n 's/^ *[^ ]* *\[[0-9]*\] [^ ]* *\([0-9.]*\): /\1 /p' $T/trace > "$work/trace"
echo "# $(wc -l < "$work/trace") events"

has "ARP: the peer's request in, our reply out" \
	'xtcp_arp_rx: if=[0-9]+ request 10\.0\.0\.1 -> 10\.0\.0\.2' \
	'xtcp_arp_tx: if=[0-9]+ reply 10\.0\.0\.2 -> 10\.0\.0\.1'
has "IP and ICMP: echo request in, echo reply out" \
	'xtcp_ip_rx: if=[0-9]+ 10\.0\.0\.1 > 10\.0\.0\.2 proto=1 ' \
	'xtcp_icmp_rx: 10\.0\.0\.1 > 10\.0\.0\.2 type=8 code=0' \
	'xtcp_icmp_tx: 10\.0\.0\.2 > 10\.0\.0\.1 type=0 code=0' \
	'xtcp_ip_tx: if=[0-9]+ 10\.0\.0\.2 > 10\.0\.0\.1 proto=1 ' \
	'xtcp_dev_xmit: if=[0-9]+ len=[0-9]+ proto=0x0800'
has "UDP: a datagram out; one to a closed port answered by port unreachable" \
	'xtcp_udp_tx: 10\.0\.0\.2:40009 > 10\.0\.0\.1:9 len=14' \
	'xtcp_udp_rx: 10\.0\.0\.1:[0-9]+ > 10\.0\.0\.2:9 len=14' \
	'xtcp_icmp_tx: 10\.0\.0\.2 > 10\.0\.0\.1 type=3 code=3'
if [ $crc -eq 0 ] && [ $src -eq 0 ] &&
	[ "$(sed -n 's/^sent //p' "$work/c.out")" = "$(sed -n 's/^recv //p' "$work/s.out")" ]; then
	tap_ok "TCP: 10000 bytes from xtcp to Linux after a lost SYN, sha256 equal"
else
	tap_fail "TCP: 10000 bytes from xtcp to Linux after a lost SYN, sha256 equal" \
		"client exit $crc: $(cat "$work/c.out" "$work/c.err"); server exit $src: $(cat "$work/s.out" "$work/s.err")"
fi
P="10\.0\.0\.2:[0-9]+"
L="10\.0\.0\.1:7200"
has "TCP: SYN, rto retransmit, SYN again; SYN-ACK in; ESTABLISHED" \
	"xtcp_tcp_tx: $P > $L \[S\] seq=[0-9]+ ack=0 win=[0-9]+ len=0" \
	"xtcp_tcp_retransmit: $P > $L seq=[0-9]+ end_seq=[0-9]+ reason=rto" \
	"xtcp_tcp_rx: $L > $P \[S\.\] seq=[0-9]+ ack=[0-9]+ win=[0-9]+ len=0" \
	"xtcp_tcp_state: $P > $L SYN_SENT -> ESTABLISHED"
has "TCP: data out, FINs both ways, TIME_WAIT" \
	"xtcp_tcp_tx: $P > $L \[P?\.\] seq=[0-9]+ ack=[0-9]+ win=[0-9]+ len=[1-9][0-9]*" \
	"xtcp_tcp_tx: $P > $L \[FP?\.\]" \
	"xtcp_tcp_rx: $L > $P \[FP?\.\]" \
	"xtcp_tcp_state: $P > $L ESTABLISHED -> FIN_WAIT1" \
	"xtcp_tcp_state: $P > $L [A-Z_0-9]+ -> TIME_WAIT"
has "TCP: congestion state after each ACK (xtcp_tcp_probe)" \
	"xtcp_tcp_probe: $P > $L snd_una=[0-9]+ snd_nxt=[0-9]+ cwnd=[0-9]+ ssthresh=[0-9]+ srtt=[0-9]+ rttvar=[0-9]+ rto=[0-9]+ in_flight=[0-9]+ ca=(open|loss) sacked=[0-9]+ lost=[0-9]+"
# wins: the window fields of xtcp's non-SYN segments to port 7201.
wins=$(sed -n 's/.*xtcp_tcp_tx: 10\.0\.0\.2:[0-9]* > 10\.0\.0\.1:7201 \[[^S]*\] .* win=\([0-9]*\) .*/\1/p' "$work/trace" | sort -n | uniq | tr '\n' ' ')
if [ -n "$wins" ] && [ "$(grep -c . "$work/s6.out")" -eq 6 ] &&
   [ "$(printf '%s\n' $wins | tail -1)" -lt 1024 ]; then
	tap_ok "TCP: six active opens advertise windows that fit the buffer at scale 7 (fields: $wins)"
else
	tap_fail "TCP: six active opens advertise windows that fit the buffer at scale 7" \
		"window fields: '$wins'; server: $(cat "$work/s6.out" "$work/s6.err")"
fi
has "TCP: a SYN to a closed port, RST out, xtcp_drop tcp TcpNoSocket" \
	"xtcp_tcp_rx: 10\.0\.0\.1:[0-9]+ > 10\.0\.0\.2:7299 \[S\]" \
	"xtcp_tcp_tx: 10\.0\.0\.2:7299 > 10\.0\.0\.1:[0-9]+ \[R\.\] seq=0 " \
	'xtcp_drop: if=[0-9]+ len=[0-9]+ layer=tcp reason=TcpNoSocket'
has "netns: xtcp's pernet init starts and succeeds, then its exit runs" \
	'xtcp_netns: net=[0-9]+ init err=0' \
	'xtcp_netns: net=[0-9]+ init_done err=0' \
	'xtcp_netns: net=[0-9]+ exit err=0'
check "xtcp unloads (rmmod)" xtcp_unload
tap_done
