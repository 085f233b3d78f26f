#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration churn under traffic: eight xtcp UDP senders and eight xtcp
# UDP receivers run against Linux (and eight Linux senders and receivers
# against them) while xfault adds and deletes addresses, xtcp's own main
# address included, and routes through generic netlink as fast as the
# kernel answers. Then:
# - every sender, receiver and netlink request did its part (nothing
#   hung, no request failed);
# - the counters agree with what the programs saw: the receivers' total is
#   UdpInDatagrams' rise, and the senders' total lies between
#   UdpOutDatagrams' rise and that plus UdpSndbufErrors';
# - the configuration ends as it began, and traffic flows again.
# The VM runner fails the test on any kernel report (KASAN, lockdep, ...).
. "$(dirname "$0")/lib.sh"

XFAULT=$XTCP_ROOT/selftests/xfault
PEER() { $IP netns exec "$NS_PEER" "$@"; }
XNS() { nsx "$NS_XTCP" "$@"; }
N=8
SECS=8

# sum FILES...: the total of the numbers after "sent" or "received".
sum() {
	awk '{ for (i = 1; i < NF; i++) if ($i == "sent" || $i == "received") s += $(i + 1) }
		END { print s + 0 }' "$@"
}

# all_moved FILES...: every file reports a count above 0.
all_moved() {
	local f
	for f in "$@"; do
		[ "$(sum "$f")" -gt 0 ] || return 1
	done
}

tap_plan 5
if ! topo_xtcp; then
	tap_fail "topology with xtcp on veth1" "setup failed"
	tap_done
fi
work=$(mktemp -d)
# The routes churn points at 10.0.0.1: resolve it first.
XNS "$XFAULT" flood 10.0.0.1 9 0.5 100 10000 > /dev/null

in0=$(xtcp_counter UdpInDatagrams)
out0=$(xtcp_counter UdpOutDatagrams)
sb0=$(xtcp_counter UdpSndbufErrors)
sinks=()
for i in $(seq $N); do
	XNS "$XFAULT" sink $((9000 + i)) 120 > "$work/xsink.$i" &
	sinks+=($!)
	PEER "$XFAULT" sink -4 $((9100 + i)) 120 > "$work/psink.$i" &
	sinks+=($!)
done
# Every receiver bound before anyone sends (spawning is slow under TCG).
xports=$(printf '%04X|' $(seq 9001 9008))
pports=$(printf '%04X|' $(seq 9101 9108))
for _ in $(seq 100); do
	xb=$(XNS grep -cE "^ *[0-9]+: [0-9A-F]{8}:(${xports%|}) " /proc/net/xtcp_udp)
	pb=$(PEER grep -cE "^ *[0-9]+: [0-9A-F]{8}:(${pports%|}) " /proc/net/udp)
	[ "$xb" -ge $N ] && [ "$pb" -ge $N ] && break
	sleep 0.2
done
floods=()
for i in $(seq $N); do
	XNS "$XFAULT" flood 10.0.0.1 $((9100 + i)) $SECS 200 2000 > "$work/xflood.$i" &
	floods+=($!)
	PEER "$XFAULT" flood -4 10.0.0.2 $((9000 + i)) $SECS 200 2000 > "$work/pflood.$i" &
	floods+=($!)
done
XNS "$XFAULT" churn $SECS veth1 2000 > "$work/churn" 2>&1
churn_rc=$?
rcs=""
for p in "${floods[@]}"; do
	wait "$p"
	rcs="$rcs$?"
done
sleep 0.5
# $! is the subshell that runs XNS/PEER: signal the programs themselves.
pkill -TERM -f "$XFAULT sink"
for p in "${sinks[@]}"; do
	wait "$p"
	rcs="$rcs$?"
done

if [ $churn_rc -eq 0 ] && [ "$rcs" = "$(printf '0%.0s' $(seq $((4 * N))))" ]; then
	tap_ok "$(cat "$work/churn") under $((4 * N)) UDP programs; all exited 0"
else
	tap_fail "netlink churn under $((4 * N)) UDP programs" \
		"churn: exit $churn_rc, $(cat "$work/churn"); programs' exit codes: $rcs"
fi

xrecv=$(sum "$work"/xsink.*)
xsent=$(sum "$work"/xflood.*)
if all_moved "$work"/xsink.* "$work"/psink.* "$work"/xflood.* "$work"/pflood.*; then
	tap_ok "every sender and receiver moved data (xtcp received $xrecv, sent $xsent)"
else
	tap_fail "every sender and receiver moved data" \
		"$(head "$work"/xsink.* "$work"/psink.* "$work"/xflood.* "$work"/pflood.* | tr '\n' ' ')"
	XNS cat /proc/net/xtcp_snmp | sed 's/^/# xtcp: /'
	XTCP neigh show | sed 's/^/# xtcp neigh: /'
	PEER nstat -az | grep -v ' 0 ' | sed 's/^/# peer: /'
	PEER ip neigh | sed 's/^/# peer neigh: /' 
fi

din=$(( $(xtcp_counter UdpInDatagrams) - in0 ))
dout=$(( $(xtcp_counter UdpOutDatagrams) - out0 ))
dsb=$(( $(xtcp_counter UdpSndbufErrors) - sb0 ))
if [ "$din" -eq "$xrecv" ] && [ "$dout" -le "$xsent" ] &&
	[ "$xsent" -le $((dout + dsb)) ]; then
	tap_ok "counters agree: UdpInDatagrams +$din, UdpOutDatagrams +$dout, UdpSndbufErrors +$dsb"
else
	tap_fail "counters agree with the programs" \
		"received $xrecv vs UdpInDatagrams +$din; sent $xsent vs UdpOutDatagrams +$dout, UdpSndbufErrors +$dsb"
fi

addrs=$(XTCP addr show | awk '{ print $1 }' | tr '\n' ' ')
routes=$(XTCP route show | grep -c '^10\.9\.')
if [ "$addrs" = "10.0.0.2/24 " ] && [ "$routes" -eq 0 ]; then
	tap_ok "configuration as before: $addrs"
else
	tap_fail "configuration as before" "addresses: $addrs; $(XTCP route show | tr '\n' ';')"
fi

XNS "$XFAULT" sink 9001 3 > "$work/again" &
sleep 0.5
PEER "$XFAULT" flood -4 10.0.0.2 9001 1 200 1000 > /dev/null
wait
if [ "$(sum "$work/again")" -gt 0 ]; then
	tap_ok "traffic flows afterwards: $(cat "$work/again")"
else
	tap_fail "traffic flows afterwards" "$(cat "$work/again")"
fi
rm -rf "$work"
tap_done
