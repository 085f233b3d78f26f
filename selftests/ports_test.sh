#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ephemeral ports: the per-namespace port range and reserved ports of
# "xtcp ports" (defaults, show, JSON, set, Linux's validation of
# ip_local_port_range, CAP_NET_ADMIN, isolation between namespaces), and
# UDP's bind to port 0 and autobind in a small range with a reserved port,
# side by side with Linux's AF_INET under the same sysctls.
. "$(dirname "$0")/lib.sh"

XTCP=$XTCP_ROOT/tools/xtcp/xtcp
XUDP=$XTCP_ROOT/selftests/xudp
PY=/usr/bin/python3

tap_plan 28

# shellcheck disable=SC2317
cleanup() {
	__ns_cleanup
	[ -d /sys/module/xtcp ] && rmmod xtcp 2>/dev/null
}
trap cleanup EXIT

# ---- setup ----
[ ! -d /sys/module/xtcp ] || rmmod xtcp || { echo "Bail out! xtcp is loaded and busy"; exit 1; }
for f in "$XTCP" "$XUDP"; do
	[ -x "$f" ] || { echo "Bail out! $f is not built"; exit 1; }
done
if ! ns_new NS_A || ! ns_new NS_B; then
	echo "Bail out! cannot create namespaces"
	exit 1
fi
RUN_NS=$NS_A
if insmod "${XTCP_KO:-$XTCP_ROOT/module/xtcp.ko}"; then
	tap_ok "insmod"
else
	echo "Bail out! insmod failed"
	exit 1
fi

# ---- defaults and show ----
ns_expect "show: Linux's defaults" 0 $'^range 32768 60999\nreserved none$' '^$' \
	"$XTCP" ports show
ns_expect "-j show: JSON" 0 '^\[\{"range":\[32768,60999\],"reserved":\[\]\}\]' '^$' \
	"$XTCP" -j ports show
ns_run "$XTCP" -j ports show
if $PY -c 'import json, sys; j = json.load(sys.stdin); sys.exit(not (j[0]["range"] == [32768, 60999] and j[0]["reserved"] == []))' <<<"$out"; then
	tap_ok "-j show: parses"
else
	tap_fail "-j show: parses" "$(run_why "-j ports show")"
fi

# ---- set ----
ns_expect "set range 40000 40009 reserved 40005" 0 '^$' '^$' \
	"$XTCP" ports set range 40000 40009 reserved 40005
ns_expect "show: the new settings" 0 $'^range 40000 40009\nreserved 40005$' '^$' \
	"$XTCP" ports show
ns_expect "set reserved: a list of ports and spans, merged and ordered" 0 '^$' '^$' \
	"$XTCP" ports set reserved 40020-40030,40010,40005,40025-40031
ns_expect "show: spans" 0 $'^range 40000 40009\nreserved 40005,40010,40020-40031$' '^$' \
	"$XTCP" ports show
ns_expect "-j show: spans" 0 '"reserved":\[\[40005,40005\],\[40010,40010\],\[40020,40031\]\]' '^$' \
	"$XTCP" -j ports show
ns_expect "other namespace: still the defaults" 0 $'^range 32768 60999\nreserved none$' '^$' \
	-n "$NS_B" "$XTCP" ports show

# ---- Linux's ip_local_port_range rules; a refused set changes nothing ----
ns_expect "range high below low: EINVAL with the kernel's message" 1 '^$' \
	'^xtcp: Invalid argument: .*high port is below' \
	"$XTCP" ports set range 40009 40000 reserved none
ns_expect "range 0: EINVAL" 1 '^$' '^xtcp: Invalid argument: ports must be within 1\.\.65535' \
	"$XTCP" ports set range 0 100
ns_expect "range below ip_unprivileged_port_start: EINVAL" 1 '^$' \
	'^xtcp: Invalid argument: .*ip_unprivileged_port_start' \
	"$XTCP" ports set range 1000 2000
ns_expect "reserved span high below low: EINVAL" 1 '^$' '^xtcp: Invalid argument: ' \
	"$XTCP" ports set reserved 40030-40020
ns_expect "bad command line: usage" 1 '^$' $'(^|\n)Usage: xtcp ports ' \
	"$XTCP" ports set range 40000 70000
ns_expect "show: unchanged by the refused sets" 0 \
	$'^range 40000 40009\nreserved 40005,40010,40020-40031$' '^$' "$XTCP" ports show
ns_run sysctl -q -w net.ipv4.ip_local_port_range="40009 40000"
lrc=$rc
ns_run sysctl -q -w net.ipv4.ip_local_port_range="1000 2000"
if [ $lrc -ne 0 ] && [ $rc -ne 0 ]; then
	tap_ok "Linux's sysctl refuses the same two ranges"
else
	tap_fail "Linux's sysctl refuses the same two ranges" "$(run_why sysctl)"
fi

# ---- a reserved set larger than one dump message ----
many=$(seq -s, 41001 2 46999)
ns_expect "set reserved: 3000 spans" 0 '^$' '^$' "$XTCP" ports set reserved "$many"
ns_run "$XTCP" ports show
if [ $rc -eq 0 ] && [ "$(sed -n 's/^reserved //p' <<<"$out")" = "$many" ]; then
	tap_ok "show: all 3000 spans, over several dump messages"
else
	tap_fail "show: all 3000 spans, over several dump messages" \
		"rc $rc, $(sed -n 's/^reserved //p' <<<"$out" | tr ',' '\n' | wc -l) spans"
fi
ns_expect "set reserved none" 0 '^$' '^$' "$XTCP" ports set reserved none
ns_expect "show: reserved none" 0 $'\nreserved none$' '^$' "$XTCP" ports show

# ---- privileges ----
ns_expect "unprivileged set: EPERM, CAP_NET_ADMIN" 1 '^$' 'Operation not permitted.*CAP_NET_ADMIN' \
	-u "$XTCP" ports set range 40000 40100
ns_expect "unprivileged show works" 0 $'^range 40000 40009\n' '^$' -u "$XTCP" ports show

# ---- UDP: bind to port 0 and autobind in 40000-40009 minus 40005 ----
ns_expect "set range 40000 40009 reserved 40005" 0 '^$' '^$' \
	"$XTCP" ports set range 40000 40009 reserved 40005
ns_run "$XUDP" ephemeral 10
ports=$(head -n 9 <<<"$out" | sort -n | tr '\n' ' ')
if [ $rc -eq 0 ] && [ "$ports" = "40000 40001 40002 40003 40004 40006 40007 40008 40009 " ]; then
	tap_ok "nine binds to port 0: each port of the range once, never 40005"
else
	tap_fail "nine binds to port 0: each port of the range once, never 40005" \
		"got [$ports]; $(run_why "xudp ephemeral 10")"
fi
xtcp_tail=$(tail -n 2 <<<"$out" | tr '\n' ' ')

# Linux's AF_INET under the same sysctls, in the same namespace.
ns_run sysctl -q -w net.ipv4.ip_local_port_range="40000 40009" net.ipv4.ip_local_reserved_ports=40005
ns_run "$PY" -c '
import errno, socket
socks = []
for i in range(10):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    socks.append(s)
    try:
        s.bind(("0.0.0.0", 0))
        print(s.getsockname()[1])
    except OSError as e:
        print(errno.errorcode[e.errno])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b"x", ("192.0.2.1", 9))
    print("sendto OK")
except OSError as e:
    print("sendto", errno.errorcode[e.errno])
'
inet_tail=$(tail -n 2 <<<"$out" | tr '\n' ' ')
if [ "$xtcp_tail" = "EADDRINUSE sendto EAGAIN " ] && [ "$inet_tail" = "$xtcp_tail" ]; then
	tap_ok "range exhausted: bind EADDRINUSE, autobind EAGAIN, as AF_INET"
else
	tap_fail "range exhausted: bind EADDRINUSE, autobind EAGAIN, as AF_INET" \
		"xtcp [$xtcp_tail] AF_INET [$inet_tail]; $(run_why python3)"
fi

# The sockets are closed: the ports are free again.
ns_run "$XUDP" ephemeral 9
if [ $rc -eq 0 ] && ! grep -qv '^4000[0-9]$\|^sendto ' <<<"$out" &&
   ! grep -q '^40005$' <<<"$out"; then
	tap_ok "ports come back when the sockets close"
else
	tap_fail "ports come back when the sockets close" "$(run_why "xudp ephemeral 9")"
fi

__ns_cleanup
if rmmod xtcp; then
	tap_ok "rmmod"
else
	tap_fail "rmmod"
fi
tap_done
