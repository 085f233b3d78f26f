#!/bin/bash
# The demo, inside the VM (see scripts/demo.sh).
set -eu
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "insmod $XTCP_KO"
insmod "$XTCP_KO"
dmesg | grep 'xtcp:' | tail -2

step "module parameters (/sys/module/xtcp/parameters)"
for p in /sys/module/xtcp/parameters/*; do
	printf '%-8s %s\n' "$(basename "$p")" "$(cat "$p")"
done
fam=$(cat /sys/module/xtcp/parameters/family)

step "socket(AF_XTCP=$fam, SOCK_STREAM) and socket(AF_XTCP, SOCK_DGRAM)"
/usr/bin/python3 - "$fam" <<'PY'
import socket, sys, os
fam = int(sys.argv[1])
socks = []
for t, name in ((socket.SOCK_STREAM, "SOCK_STREAM"), (socket.SOCK_DGRAM, "SOCK_DGRAM")):
    s = socket.socket(fam, t, 0)
    dom = s.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN)
    proto = s.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL)
    print(f"fd {s.fileno()}: {name:<11} domain {dom} protocol {proto} "
          f"({'TCP' if proto == 6 else 'UDP'})")
    socks.append(s)
for t, name in ((socket.SOCK_SEQPACKET, "SOCK_SEQPACKET"), (socket.SOCK_RAW, "SOCK_RAW")):
    try:
        socket.socket(fam, t, 0)
    except OSError as e:
        print(f"{name:<15} -> {os.strerror(e.errno)} (as AF_INET answers)")
print("module refcount with both open:",
      open("/sys/module/xtcp/refcnt").read().strip())
print(open("/proc/net/xtcp_snmp").read(), end="")
for s in socks:
    s.close()
PY

step "/proc/net/xtcp_snmp after close"
cat /proc/net/xtcp_snmp

step "xtcp owns veth1 (10.0.0.2/24) in one namespace; Linux is 10.0.0.1 on veth0"
# shellcheck disable=SC1091
. "$XTCP_ROOT/selftests/lib.sh"
trap - EXIT
topo_two_ns
XTCP link add dev veth1
XTCP addr add 10.0.0.2/24 dev veth1
XTCP link show
XTCP addr show
XTCP route show

step "ping 10.0.0.2 from Linux's stack"
$IP netns exec "$NS_PEER" ping -c 3 -i 0.3 -s 2000 10.0.0.2

step "xtcp neigh show"
XTCP neigh show

www=$(mktemp -d)
printf '<html><body><h1>Hello from %s</h1></body></html>\n' "Linux's stack" > "$www/index.html"
step "python3 -m http.server on Linux (10.0.0.1:8000); xhttp on xtcp fetches the page"
$IP netns exec "$NS_PEER" python3 -m http.server 8000 --bind 10.0.0.1 \
	--directory "$www" > /dev/null 2>&1 &
pypid=$!
for _ in {1..50}; do
	[ -n "$(ss -N "$NS_PEER" -Hltn 'sport = :8000')" ] && break
	sleep 0.1
done
nsx "$NS_XTCP" "$XTCP_ROOT/tools/xhttp/xhttp" get http://10.0.0.1:8000/
kill "$pypid"

step "xhttp serves a page on xtcp (10.0.0.2:8080); Linux's curl fetches it"
printf '<html><body><h1>Hello from xtcp</h1></body></html>\n' > "$www/index.html"
nsenter --net="/run/netns/$NS_XTCP" "$XTCP_ROOT/tools/xhttp/xhttp" serve -n 1 8080 "$www" &
srvpid=$!
for _ in {1..50}; do
	XTCP sock show state listening sport 8080 | grep -q LISTEN && break
	sleep 0.1
done
$IP netns exec "$NS_PEER" curl -sS -i http://10.0.0.2:8080/
wait "$srvpid"
rm -rf "$www"

step "xtcp sock show: xtcp closed the connection it served, so it holds the TIME-WAIT"
XTCP sock show

step "xtcp stats (non-zero)"
XTCP stats | awk '$2 != 0'

step "remove the namespaces"
__ns_cleanup

step "rmmod xtcp"
rmmod xtcp
python3 -c "import socket,sys; socket.socket($fam, socket.SOCK_STREAM)" 2>&1 | tail -1 || true
[ ! -e /sys/module/xtcp ] && [ ! -e /proc/net/xtcp_snmp ] && echo "nothing left behind"
