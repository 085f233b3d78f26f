#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The selftest library's own test: the two-namespace topology comes up with
# a working link, netem applies, and cleanup removes every namespace.
# Linux's stack on both ends stands in for xtcp until the IP layer lands.
. "$(dirname "$0")/lib.sh"

tap_plan 5

if ! topo_two_ns; then
	tap_fail "topology comes up" "topo_two_ns failed"
	tap_done
fi
tap_ok "topology comes up"

$IP -n "$NS_XTCP" addr add 10.0.0.2/24 dev veth1
check "veth link carries ping" \
	$IP netns exec "$NS_PEER" ping -c 3 -i 0.2 -W 2 10.0.0.2

topo_netem "delay 50ms"
if $IP netns exec "$NS_PEER" $TC qdisc show dev veth0 | grep -q 'netem.*delay 50ms'; then
	tap_ok "netem applies"
else
	tap_fail "netem applies" "$($IP netns exec "$NS_PEER" $TC qdisc show dev veth0)"
fi

# 50 ms one way: a round trip cannot be faster than that.
rtt=$($IP netns exec "$NS_PEER" ping -c 2 -i 0.2 -W 2 10.0.0.2 |
	sed -n 's|.*= [0-9.]*/\([0-9]*\).*|\1|p')
if [ -n "$rtt" ] && [ "$rtt" -ge 50 ]; then
	tap_ok "netem delay is on the wire (avg ${rtt} ms)"
else
	tap_fail "netem delay is on the wire" "avg rtt '${rtt}' ms, want >= 50"
fi

peer=$NS_PEER
__ns_cleanup
if $IP netns list | grep -q "$peer"; then
	tap_fail "cleanup removes namespaces" "$peer still exists"
else
	tap_ok "cleanup removes namespaces"
fi
tap_done
