#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xtcp on a device without a link header: a tun in IFF_TUN mode
# (ARPHRD_NONE). xtcp owns xtun0 as 10.9.0.2/24; tun_peer.py is the far
# end, on the tun's file descriptor, and checks what xtcp sends with its
# own header and checksum code. No ARP may be involved. tcp_tun_peer.py
# then drives TCP connections segment by segment, for the segments a Linux
# peer cannot be made to send on cue.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

tap_plan 21
ns_new NS_XTCP || { tap_fail "namespace" "ip netns add failed"; tap_done; }
if ! xtcp_load ||
	! $IP -n "$NS_XTCP" tuntap add dev xtun0 mode tun ||
	! $IP -n "$NS_XTCP" link set xtun0 up; then
	tap_fail "tun device xtun0 in the xtcp namespace" "setup failed"
	tap_done
fi
tap_ok "tun device xtun0 in the xtcp namespace"

# Attaching: NOARP, no lladdr, and the connected route on the device.
check "link add dev xtun0" XTCP link add dev xtun0
out=$(XTCP link show dev xtun0)
if [[ $out =~ ^[0-9]+:\ xtun0\ mtu\ 1500\ \<UP,NOARP\>$ ]]; then
	tap_ok "link show: xtun0 is NOARP, without lladdr"
else
	tap_fail "link show: xtun0 is NOARP, without lladdr" "got: $out"
fi
check "addr add 10.9.0.2/24 dev xtun0" XTCP addr add 10.9.0.2/24 dev xtun0

# peer_cases SCRIPT ARGS...: a peer script in the namespace, one TAP line
# per "ok NAME" or "not ok NAME: REASON" it prints.
peer_cases() {
	local line name
	while IFS= read -r line; do
		case "$line" in
		"ok "*) tap_ok "${line#ok }" ;;
		"not ok "*) name=${line#not ok }; tap_fail "${name%%: *}" "${name#*: }" ;;
		*) echo "# $line" ;;
		esac
	done < <(nsx "$NS_XTCP" timeout 180 $PY "$@" 2>&1)
}

arp_before=$(xtcp_counter ArpOutRequests)
# The peer's three cases (ping, UDP out, UDP in).
peer_cases "$XTCP_ROOT/selftests/tun_peer.py" xtun0 10.9.0.1 10.9.0.2 \
	"$XTCP_ROOT/selftests/xudp"
# TCP segments sent by hand: the twelve cases of tcp_tun_peer.py, wire
# probes (RFC 9293, RFC 5961, Linux 6.1) and data-path regressions.
peer_cases "$XTCP_ROOT/selftests/tcp_tun_peer.py" xtun0 10.9.0.1 10.9.0.2 \
	"$XTCP_ROOT/selftests/xtcp_tcp"

# Nothing above may have needed ARP, and the neighbour table stays empty.
arp_after=$(xtcp_counter ArpOutRequests)
neigh=$(XTCP neigh show)
if [ -z "$arp_before" ] || [ -z "$arp_after" ]; then
	tap_fail "no ARP on a NOARP device" \
		"ArpOutRequests unreadable from /proc/net/xtcp_snmp: '$arp_before' -> '$arp_after'"
elif [ "$arp_after" = "$arp_before" ] && [ -z "$neigh" ]; then
	tap_ok "no ARP sent and no neighbour entry on a NOARP device"
else
	tap_fail "no ARP on a NOARP device" \
		"ArpOutRequests $arp_before -> $arp_after; neigh: $neigh"
fi
check "xtcp unloads (rmmod)" xtcp_unload
tap_done
