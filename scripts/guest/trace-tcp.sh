#!/bin/bash
# Inside the VM: one TCP connection from xtcp (10.0.0.2) to a Linux
# server (10.0.0.1:8000): connect, 100 bytes, close, with every xtcp
# tracepoint on and tcpdump on the Linux side's veth0. Prints the trace,
# then tcpdump's lines. Used for docs/tcp-walkthrough.md.
set -eu
. "$XTCP_ROOT/selftests/lib.sh"

TOOL=$XTCP_ROOT/selftests/xtcp_tcp
topo_xtcp
T=/sys/kernel/tracing
work=$(mktemp -d)
"$TOOL" -N "$NS_PEER" -f inet server 8000 -m sink > "$work/s.out" 2> "$work/s.err" &
spid=$!
for _ in {1..100}; do
	grep -q '^listening' "$work/s.err" && break
	sleep 0.05
done
$IP netns exec "$NS_PEER" tcpdump -l -n -S -i veth0 tcp port 8000 \
	> "$work/tcpdump" 2> /dev/null &
dpid=$!
sleep 1
echo > $T/trace
echo 1 > $T/events/xtcp/enable
"$TOOL" -N "$NS_XTCP" client 10.0.0.1 8000 -m send:100 > "$work/c.out"
wait "$spid"
sleep 0.5
echo 0 > $T/events/xtcp/enable
kill "$dpid"
wait "$dpid" 2> /dev/null || :
echo "# client: $(cat "$work/c.out")"
echo "# server: $(cat "$work/s.out")"
echo "# trace (events/xtcp)"
# One line per event: task, CPU and flags are noise here.
sed -n 's/^ *[^ ]* *\[[0-9]*\] [^ ]* *\([0-9.]*\): /\1 /p' $T/trace
echo "# tcpdump -n -S -i veth0 (the Linux side)"
cat "$work/tcpdump"
rm -rf "$work"
trap - EXIT
__ns_cleanup || :
xtcp_unload
