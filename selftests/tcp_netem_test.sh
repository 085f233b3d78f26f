#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xtcp (10.0.0.2, $NS_XTCP) against Linux TCP (10.0.0.1, $NS_PEER) through
# tc netem on the veth, in each direction, with each of xtcp's congestion
# control algorithms in turn (the namespace default, `xtcp cc set default`):
#
#   loss 1% / 5% / 10% / 20%, reorder 25% (correlation 50%), duplicate 5%,
#   corrupt 1%, delay 50 ms +- 10 ms, and a tbf rate limit.
#
# The impairment sits on the sender's egress (veth1 when xtcp sends,
# veth0 when Linux sends), so it hits the data; the ACKs come back clean.
# Each transfer is checked by sha256 end to end, both ends exit 0, Linux
# keeps nothing but TIME-WAIT, neither side resets, xtcp's socket ran the
# algorithm it was given, and no checksum failed except under corrupt;
# where segments were lost or corrupted the sender's retransmission
# counter rose (xtcp's TcpRetransSegs, Linux's RetransSegs), and under
# corrupt the receiver counted the damage (Linux's InCsumErrors; xtcp's
# checksum, other-host and drop counters, see xbad). SIZE (default 4M) is per
# transfer. Then ECN, buffer auto-tuning over 20 ms (both directions, and
# tcp_moderate_rcvbuf 0), and a delay spike whose spurious timeout F-RTO
# must undo. Last, a black hole after the handshake must end an xtcp
# sender in ETIMEDOUT.
# The checks are expressions transfer evaluates after the transfer.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

TOOL=$XTCP_ROOT/selftests/xtcp_tcp
XFAM=(-f xtcp)
XSIDE=xtcp
XNAME=xtcp
SIZE=${SIZE:-4M}
. "$(dirname "$0")/tcp_lib.sh"
XTCP=$XTCP_ROOT/tools/xtcp/xtcp

# NAME | QDISC (on the sender's egress) | ALGORITHM | KIND: loss (the
# sender must retransmit), corrupt (that too, and the receiver counted bad
# checksums) or none | xtcp's loss recovery (XTCP_RECOVERY): rack
# (RACK-TLP), rfc6675 (the SACK scoreboard, DupThresh) or dupack. Where
# xtcp sends through loss, it must have entered the recovery the mode
# names (TcpExtTCPSackRecovery for rack and rfc6675, TcpExtTCPRenoRecovery
# for dupack; Tahoe has none, it starts again from one segment). Where it
# sends through reordering, it must have undone some of its cuts: the
# resends were needless (TcpExtTCPDSACKUndo, TCPFullUndo, TCPLossUndo).
# Where Linux sends, the D-SACKs it counts are no more than its resends
# (but under netem duplicate): xtcp reports only real duplicates.
CASES=(
	"loss 1%|netem loss 1%|tahoe|loss|rfc6675"
	"loss 5%|netem loss 5%|reno|loss|dupack"
	"loss 10%|netem loss 10%|newreno|loss|rack"
	"loss 20%|netem loss 20%|cubic|loss|rack"
	"reorder 25% 50%|netem delay 5ms reorder 25% 50%|cubic|none|rack"
	"duplicate 5%|netem duplicate 5%|newreno|none|dupack"
	"corrupt 1%|netem corrupt 1%|reno|corrupt|rfc6675"
	"delay 50ms 10ms|netem delay 50ms 10ms|tahoe|none|rack"
	"tbf 20mbit|tbf rate 20mbit burst 32kbit latency 100ms|cubic|none|rfc6675"
)

tap_plan $((9 + 2 * ${#CASES[@]}))
if ! topo_xtcp; then
	tap_fail "topology: xtcp on 10.0.0.2" "setup failed"
	tap_done
fi
tcp_lib_setup
if out=$(nsx "$NS_XTCP" "$XTCP" cc show) &&
	[[ $out == *"available reno cubic newreno tahoe"* ]]; then
	tap_ok "xtcp cc show lists reno, cubic, newreno and tahoe"
else
	tap_fail "xtcp cc show lists reno, cubic, newreno and tahoe" "$out"
fi

# A process in $NS_XTCP, so xtcp's counters are read without an exec.
nsenter --net="/run/netns/$NS_XTCP" sleep infinity &
XHOLDER=$!
trap 'kill "$HOLDER" "$XHOLDER" 2>/dev/null; rm -rf "$work"; __ns_cleanup' EXIT
for _ in $(seq 100); do
	[ "/proc/$XHOLDER/ns/net" -ef "/run/netns/$NS_XTCP" ] && break
	nap 0.05
done

# xc NAME: xtcp's counter NAME, from /proc/net/xtcp_snmp.
xc() {
	local -a lines k v
	local i
	mapfile -t lines < "/proc/$XHOLDER/net/xtcp_snmp"
	# shellcheck disable=SC2206
	k=(${lines[0]})
	# shellcheck disable=SC2206
	v=(${lines[1]})
	for ((i = 1; i < ${#k[@]}; i++)); do
		[ "${k[i]}" = "$1" ] && { echo "${v[i]}"; return; }
	done
	echo 0
}

# xbad: every frame xtcp counted as damaged or not its own: TCP checksum
# failures, frames for another host, and its drops of any reason. netem
# flips a bit in the linear part of a frame, which for a Linux TSO
# segment is its headers: MAC (another host), IP (a header checksum) or
# TCP (a checksum); a flipped EtherType never reaches xtcp.
xbad() {
	local -a lines k v
	local i n=0
	mapfile -t lines < "/proc/$XHOLDER/net/xtcp_snmp"
	# shellcheck disable=SC2206
	k=(${lines[0]})
	# shellcheck disable=SC2206
	v=(${lines[1]})
	for ((i = 1; i < ${#k[@]}; i++)); do
		case ${k[i]} in
		TcpInCsumErrors | IpInOtherHost) n=$((n + v[i])) ;;
		esac
	done
	# shellcheck disable=SC2206
	v=(${lines[3]})
	for ((i = 1; i < ${#v[@]}; i++)); do
		n=$((n + v[i]))
	done
	echo "$n"
}

# client_bg ARGS...: an xtcp client to Linux's server on $port, in the
# background ($cpid), once it says it connected (or after 10 s).
client_bg() {
	local i
	X client 10.0.0.1 "$port" "$@" > "$work/c.out" 2> "$work/c.err" &
	cpid=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^connected' "$work/c.err" && break
		nap 0.05
	done
}

# xundo: the window cuts xtcp undid (D-SACK, Eifel at recovery's end, after a timeout).
xundo() { echo $(($(xc TcpExtTCPDSACKUndo) + $(xc TcpExtTCPFullUndo) + $(xc TcpExtTCPLossUndo))); }

# xrose NAME BEFORE: xtcp's counter NAME is above BEFORE.
# shellcheck disable=SC2317
xrose() { [ "$(xc "$1")" -gt "$2" ]; }

port=7300
for c in "${CASES[@]}"; do
	IFS='|' read -r name qdisc alg kind mode <<<"$c"
	name+=", $mode"
	recov=TcpExtTCPSackRecovery
	[ "$mode" = dupack ] && recov=TcpExtTCPRenoRecovery
	if ! nsx "$NS_XTCP" "$XTCP" cc set default "$alg"; then
		tap_fail "$name, $alg: $XNAME -> Linux" "xtcp cc set default $alg failed"
		tap_fail "$name, $alg: Linux -> $XNAME" "xtcp cc set default $alg failed"
		continue
	fi
	for dir in xl lx; do
		port=$((port + 1))
		if [ "$dir" = xl ]; then
			ns=$NS_XTCP dev=veth1 what="$XNAME -> Linux"
		else
			ns=$NS_PEER dev=veth0 what="Linux -> $XNAME"
		fi
		# shellcheck disable=SC2086
		if ! nsx "$ns" tc qdisc replace dev "$dev" root $qdisc; then
			tap_fail "$name, $alg: $what" "tc qdisc $qdisc on $dev failed"
			continue
		fi
		xr0=$(xc TcpRetransSegs)
		xv0=$(xc "$recov")
		xe0=$(xc TcpEstabResets)
		xs0=$(xc TcpInCsumErrors)
		xb0=$(xbad)
		xu0=$(xundo)
		# Neither side resets; xtcp's socket runs $alg.
		check='[ "$(d EstabResets)" -eq 0 ] && [ "$(d OutRsts)" -eq 0 ]'
		check+=' && ! xrose TcpEstabResets "$xe0"'
		[ "$kind" = corrupt ] || check+=' && clean'
		if [ "$dir" = xl ]; then
			check+=' && passive 1 && [ "$(line "$work/c.out" cc)" = "$alg" ]'
			check+=' && [ "$(line "$work/c.out" recovery)" = "$mode" ]'
			[ "$kind" = none ] || check+=' && xrose TcpRetransSegs "$xr0"'
			[ "$kind" = loss ] && [ "$alg" != tahoe ] &&
				check+=' && xrose "$recov" "$xv0"'
			[ "$kind" = corrupt ] && check+=' && [ "$(d InCsumErrors)" -gt 0 ]'
			# Reordering makes resends needless: their cuts are undone.
			[[ $name == reorder* ]] && check+=' && [ "$(xundo)" -gt "$xu0" ]'
			transfer "$name, $alg: $what, $SIZE byte-exact" "$port" \
				P "-t 90 -m sink" X "-t 90 -c -R $mode -m send:$SIZE" c s "$check"
		else
			check+=' && [ "$(line "$work/s.out" cc)" = "$alg" ]'
			check+=' && [ "$(line "$work/s.out" recovery)" = "$mode" ]'
			[ "$kind" = none ] || check+=' && [ "$(d RetransSegs)" -gt 0 ]'
			[ "$kind" = corrupt ] && check+=' && [ "$(xbad)" -gt "$xb0" ]'
			# A D-SACK reports a duplicate: without netem's, one of
			# Linux's resends (xtcp sent no stale block below its
			# ACK, which Linux would take for one).
			[[ $name == duplicate* ]] ||
				check+=' && [ "$(d TCPDSACKRecv)" -le "$(d RetransSegs)" ]'
			transfer "$name, $alg: $what, $SIZE byte-exact" "$port" \
				X "-t 90 -c -R $mode -m sink" P "-t 90 -m send:$SIZE" c s "$check"
		fi
		nsx "$ns" tc qdisc del dev "$dev" root
		note "xtcp TcpRetransSegs +$(($(xc TcpRetransSegs) - xr0)) $recov +$(($(xc "$recov") - xv0)) TcpInCsumErrors +$(($(xc TcpInCsumErrors) - xs0)) damaged or dropped +$(($(xbad) - xb0)) undone cuts +$(($(xundo) - xu0)); Linux $(deltas TCPDSACKRecv TCPDSACKOfoRecv TCPDSACKUndo TCPFullUndo TCPLossUndo)"
	done
done

# ECN (RFC 3168): netem's "ecn" marks ECN-capable packets CE where it
# would drop them, and drops the others. xtcp asks for ECN (tcp_ecn 1),
# Linux accepts (its default, 2): Linux counts CE-marked packets in
# (InCEPkts, so xtcp's data was ECT) and xtcp cut its window on the ECE
# echo. Then Linux asks (tcp_ecn 1) and xtcp accepts: xtcp counts the CE
# marks it echoed and Linux the segments acknowledged with ECE
# (TCPDeliveredCE). Last, with xtcp's tcp_ecn 0 a Linux SYN that asks
# (ECE and CWR) still connects, without ECN: Linux's data is not ECT, so
# netem drops some and Linux retransmits, and xtcp echoes nothing.
ecn() { nsx "$NS_XTCP" "$XTCP" sysctl set tcp_ecn "$1" >/dev/null; }
if ecn 1; then
	port=$((port + 1))
	nsx "$NS_XTCP" tc qdisc replace dev veth1 root netem loss 2% ecn
	xe0=$(xc TcpExtTCPECNReduce) xd0=$(xc TcpExtTCPDeliveredCE)
	transfer "ECN, netem CE marks: xtcp -> Linux, $SIZE byte-exact, Linux saw CE, xtcp cut its window on ECE" \
		"$port" P "-t 90 -m sink" X "-t 90 -m send:$SIZE" c s \
		'clean && [ "$(d InCEPkts)" -gt 0 ] && xrose TcpExtTCPECNReduce "$xe0" && xrose TcpExtTCPDeliveredCE "$xd0"'
	nsx "$NS_XTCP" tc qdisc del dev veth1 root
	note "xtcp TcpExtTCPECNReduce +$(($(xc TcpExtTCPECNReduce) - xe0)) TcpExtTCPDeliveredCE +$(($(xc TcpExtTCPDeliveredCE) - xd0)); Linux $(deltas InCEPkts InECT0Pkts)"

	port=$((port + 1))
	nsx "$NS_PEER" sysctl -qw net.ipv4.tcp_ecn=1
	nsx "$NS_PEER" tc qdisc replace dev veth0 root netem loss 2% ecn
	xc0=$(xc TcpExtTCPECNCE)
	transfer "ECN, netem CE marks: Linux -> xtcp, $SIZE byte-exact, xtcp echoed CE, Linux got ECE" \
		"$port" X "-t 90 -m sink" P "-t 90 -m send:$SIZE" c s \
		'clean && xrose TcpExtTCPECNCE "$xc0" && [ "$(d TCPDeliveredCE)" -gt 0 ]'
	note "xtcp TcpExtTCPECNCE +$(($(xc TcpExtTCPECNCE) - xc0)); Linux $(deltas TCPDeliveredCE RetransSegs)"

	port=$((port + 1))
	ecn 0
	xc0=$(xc TcpExtTCPECNCE)
	transfer "ECN off in xtcp: a Linux SYN with ECE and CWR connects without ECN, $SIZE byte-exact" \
		"$port" X "-t 90 -m sink" P "-t 90 -m send:$SIZE" c s \
		'clean && ! xrose TcpExtTCPECNCE "$xc0" && [ "$(d RetransSegs)" -gt 0 ] && [ "$(d TCPDeliveredCE)" -eq 0 ]'
	nsx "$NS_PEER" tc qdisc del dev veth0 root
	nsx "$NS_PEER" sysctl -qw net.ipv4.tcp_ecn=2
	ecn 2
else
	for n in "ECN: xtcp -> Linux" "ECN: Linux -> xtcp" "ECN off in xtcp"; do
		tap_fail "$n" "xtcp sysctl set tcp_ecn 1 failed"
	done
fi

# Buffer auto-tuning over 20 ms, where a 128 KB buffer (a 64 KB window)
# holds a sender to about 3 MB/s. As receiver, xtcp grows its buffer with
# what the reader takes per round trip (tcp_rcv_space_adjust()), past
# tcp_rmem[1]; with tcp_moderate_rcvbuf 0 it keeps tcp_rmem[1]. As
# sender, its send buffer grows with the congestion window
# (tcp_sndbuf_expand()), past the 256 KB it was given once before.
nsx "$NS_PEER" tc qdisc replace dev veth0 root netem delay 20ms
port=$((port + 1))
transfer "receive buffer auto-tuning: Linux -> xtcp over 20 ms, xtcp's SO_RCVBUF grew past 131072, $SIZE byte-exact" \
	"$port" X "-t 90 -c -m sink" P "-t 90 -m send:$SIZE" c s \
	'clean && [ "$(line "$work/s.out" rcvbuf)" -gt 131072 ]'
note "xtcp receiver: rcvbuf $(line "$work/s.out" rcvbuf)"
port=$((port + 1))
if nsx "$NS_XTCP" "$XTCP" sysctl set tcp_moderate_rcvbuf 0 >/dev/null; then
	transfer "tcp_moderate_rcvbuf 0: xtcp's SO_RCVBUF stays 131072, $SIZE byte-exact" \
		"$port" X "-t 90 -c -m sink" P "-t 90 -m send:$SIZE" c s \
		'clean && [ "$(line "$work/s.out" rcvbuf)" -eq 131072 ]'
	nsx "$NS_XTCP" "$XTCP" sysctl set tcp_moderate_rcvbuf 1 >/dev/null
else
	tap_fail "tcp_moderate_rcvbuf 0" "xtcp sysctl set tcp_moderate_rcvbuf 0 failed"
fi
nsx "$NS_PEER" tc qdisc del dev veth0 root
nsx "$NS_XTCP" tc qdisc replace dev veth1 root netem delay 20ms
port=$((port + 1))
transfer "send buffer auto-tuning: xtcp -> Linux over 20 ms, xtcp's SO_SNDBUF grew past 262144, $SIZE byte-exact" \
	"$port" P "-t 90 -m sink" X "-t 90 -c -m send:$SIZE" c s \
	'clean && [ "$(line "$work/c.out" sndbuf)" -gt 262144 ]'
note "xtcp sender: sndbuf $(line "$work/c.out" sndbuf)"
nsx "$NS_XTCP" tc qdisc del dev veth1 root

# A delay spike: a second into an 8 MB transfer through a 20 Mbit/s
# link, xtcp's data waits 3 s for 2 s. Its retransmission timer fires,
# but nothing was lost. With timestamps off, so that Eifel's echo cannot
# tell, F-RTO (RFC 5682) must: once the spike passes, segments sent only
# once, before the timeout, are acknowledged. xtcp counts the timeout
# spurious (TcpExtTCPSpuriousRTOs) and undoes its cut (TcpExtTCPLossUndo).
name="a 3 s delay spike, timestamps off: F-RTO finds xtcp's timeout spurious and undoes it, 8 MB byte-exact"
port=$((port + 1))
why=
base=(netem delay 5ms rate 20mbit limit 10000)
spike=(netem delay 3000ms rate 20mbit limit 10000)
sp0=$(xc TcpExtTCPSpuriousRTOs) lu0=$(xc TcpExtTCPLossUndo) to0=$(xc TcpExtTCPTimeouts)
if ! nsx "$NS_XTCP" "$XTCP" sysctl set tcp_timestamps 0 >/dev/null; then
	why="xtcp sysctl set tcp_timestamps 0 failed"
elif ! nsx "$NS_XTCP" tc qdisc replace dev veth1 root "${base[@]}"; then
	why="tc qdisc ${base[*]} failed"
elif ! serve P server "$port" -m sink -t 90; then
	why="server did not start: $(outputs)"
else
	client_bg -m send:8M -t 90
	nap 1
	nsx "$NS_XTCP" tc qdisc change dev veth1 root "${spike[@]}"
	nap 2
	nsx "$NS_XTCP" tc qdisc change dev veth1 root "${base[@]}"
	wait "$cpid"
	CRC=$?
	served
	sent=$(line "$work/c.out" sent)
	got=$(line "$work/s.out" recv)
	note "spike: xtcp TcpExtTCPTimeouts +$(($(xc TcpExtTCPTimeouts) - to0)) TcpExtTCPSpuriousRTOs +$(($(xc TcpExtTCPSpuriousRTOs) - sp0)) TcpExtTCPLossUndo +$(($(xc TcpExtTCPLossUndo) - lu0))"
	if [ "$SRC" -ne 0 ] || [ "$CRC" -ne 0 ]; then
		why="exit status $SRC $CRC: $(outputs)"
	elif [ -z "$sent" ] || [ "$sent" != "$got" ]; then
		why="sent '$sent', received '$got'"
	elif ! xrose TcpExtTCPTimeouts "$to0"; then
		why="no timeout: the spike did not stall the sender"
	elif ! xrose TcpExtTCPSpuriousRTOs "$sp0" || ! xrose TcpExtTCPLossUndo "$lu0"; then
		why="the timeout was not found spurious"
	fi
fi
nsx "$NS_XTCP" tc qdisc del dev veth1 root 2>/dev/null
nsx "$NS_XTCP" "$XTCP" sysctl set tcp_timestamps 1 >/dev/null
if [ -z "$why" ]; then
	tap_ok "$name"
else
	tap_fail "$name" "$why"
fi

# A black hole: once the connection is up, everything Linux sends is
# dropped (its ACKs). With tcp_retries2 3 the xtcp sender gives up after
# four timeouts, 200 ms doubling (about 3 s, Linux's RTO floor), with
# ETIMEDOUT, counted in TCPAbortOnTimeout.
name="black hole after the handshake: the xtcp sender ends in ETIMEDOUT within 20 s (tcp_retries2 3)"
port=$((port + 1))
a0=$(xc TcpExtTCPAbortOnTimeout)
why=
if ! nsx "$NS_XTCP" "$XTCP" sysctl set tcp_retries2 3; then
	why="xtcp sysctl set tcp_retries2 3 failed"
elif ! serve P server "$port" -m sink; then
	why="server did not start: $(outputs)"
else
	client_bg -m send:1G -t 60
	nsx "$NS_PEER" tc qdisc replace dev veth0 root netem loss 100%
	t0=$EPOCHREALTIME
	wait "$cpid"
	CRC=$?
	took=$(since "$t0")
	kill "$SPID" 2>/dev/null
	served
	nsx "$NS_PEER" tc qdisc del dev veth0 root
	note "black hole: the client ended after $took s: $(tr '\n' '|' < "$work/c.err")"
	if [ "$CRC" -eq 0 ] || ! grep -q ETIMEDOUT "$work/c.err"; then
		why="client exit $CRC, not ETIMEDOUT: $(outputs)"
	elif [ "${took%.*}" -ge 20 ]; then
		why="ETIMEDOUT only after $took s"
	elif ! xrose TcpExtTCPAbortOnTimeout "$a0"; then
		why="TcpExtTCPAbortOnTimeout did not rise"
	fi
fi
nsx "$NS_XTCP" "$XTCP" sysctl set tcp_retries2 15
if [ -z "$why" ]; then
	tap_ok "$name"
else
	tap_fail "$name" "$why"
fi
tap_done
