#!/bin/bash
# Inside the VM: one ping from the Linux peer to xtcp with every xtcp
# tracepoint on; prints the trace. Used for docs/ping-walkthrough.md and by
# `make demo`.
set -eu
. "$XTCP_ROOT/selftests/lib.sh"

topo_xtcp
T=/sys/kernel/tracing
echo > $T/trace
echo 1 > $T/events/xtcp/enable
$IP netns exec "$NS_PEER" ping -c 1 -W 2 10.0.0.2
echo 0 > $T/events/xtcp/enable
# One line per event: task, CPU and flags are noise here.
sed -n 's/^ *[^ ]* *\[[0-9]*\] [^ ]* *\([0-9.]*\): /\1 /p' $T/trace
xtcp_unload
