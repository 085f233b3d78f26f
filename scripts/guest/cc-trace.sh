#!/bin/bash
# Inside the VM: one bulk transfer from xtcp (10.0.0.2) to a Linux sink
# (10.0.0.1) through a netem qdisc on xtcp's veth1, under a congestion
# control algorithm, with the tracepoints xtcp_tcp_probe (after every
# ACK) and xtcp_tcp_retransmit on. Prints the two events, one per line
# (time, then the event), for scripts/cc-plot.py.
#
#   cc-trace.sh ALGORITHM BYTES "NETEM ARGS"
#   e.g. cc-trace.sh reno 3M "delay 20ms limit 1000 loss 1%"
set -eu
. "$XTCP_ROOT/selftests/lib.sh"

alg=${1:?algorithm}
bytes=${2:?bytes}
netem=${3:?netem arguments}
TOOL=$XTCP_ROOT/selftests/xtcp_tcp
T=/sys/kernel/tracing
topo_xtcp
XTCP cc set default "$alg"
# shellcheck disable=SC2086
nsx "$NS_XTCP" "$TC" qdisc replace dev veth1 root netem $netem
work=$(mktemp -d)
"$TOOL" -N "$NS_PEER" -f inet server 8000 -m sink > "$work/s.out" 2> "$work/s.err" &
spid=$!
for _ in {1..100}; do
	grep -q '^listening' "$work/s.err" && break
	sleep 0.05
done
echo > $T/trace
echo 16384 > $T/buffer_size_kb
echo 1 > $T/events/xtcp/xtcp_tcp_probe/enable
echo 1 > $T/events/xtcp/xtcp_tcp_retransmit/enable
# XTCP_RECOVERY=dupack|rfc6675|rack picks the loss recovery (xtcp_tcp -R).
"$TOOL" -N "$NS_XTCP" -c ${XTCP_RECOVERY:+-R "$XTCP_RECOVERY"} client 10.0.0.1 8000 \
	-m send:"$bytes" -t 120 > "$work/c.out"
wait "$spid"
echo 0 > $T/events/xtcp/xtcp_tcp_probe/enable
echo 0 > $T/events/xtcp/xtcp_tcp_retransmit/enable
echo "# algorithm $alg, netem $netem"
echo "# client: $(tr '\n' ' ' < "$work/c.out")"
echo "# server: $(cat "$work/s.out")"
sed -n 's/^ *[^ ]* *\[[0-9]*\] [^ ]* *\([0-9.]*\): /\1 /p' $T/trace
rm -rf "$work"
trap - EXIT
__ns_cleanup || :
