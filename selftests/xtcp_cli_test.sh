#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The xtcp configuration tool end to end, against the module's generic
# netlink family: every command and its output, -j, argument checking (bad
# command lines exit 1 with a usage line and change nothing), error
# reporting with the kernel's message, CAP_NET_ADMIN, user namespaces
# (an unprivileged user's own netns only), per-namespace isolation, and
# teardown with configuration left in place; `xtcp sock show` on a
# listener, an established connection with unread data and a TIME-WAIT
# minisock, checked against /proc/net/xtcp.
#
# The assertions describe the real IP layer (dev.c, addr.c, route.c,
# arp.c). Against module/nl_stubs.c the ARP cache is always empty, so the
# two neighbour cases that need a learned entry fail there.
. "$(dirname "$0")/lib.sh"

XTCP=$XTCP_ROOT/tools/xtcp/xtcp
PY=/usr/bin/python3

tap_plan 104

# shellcheck disable=SC2317
cleanup() {
	[ -z "$HELPER_PID" ] || kill "$HELPER_PID" 2>/dev/null
	rm -rf "$HELPER_DIR"
	__ns_cleanup
	$IP link del xinit0 2>/dev/null
	[ -d /sys/module/xtcp ] && rmmod xtcp 2>/dev/null
}
trap cleanup EXIT

# lines_match [-i] REGEX TEXT: a line of TEXT matches the extended
# REGEX, as with grep -Eq (-i: ignoring case) on "<<<$TEXT", in which an
# empty TEXT is one empty line. A builtin loop: under TCG, a grep process
# costs as much as the xtcp command it checks.
lines_match() {
	local line ret=1
	[ "$1" != -i ] || { shopt -s nocasematch; shift; }
	while IFS= read -r line; do
		if [[ $line =~ $1 ]]; then
			ret=0
			break
		fi
	done <<<"$2"
	shopt -u nocasematch
	return $ret
}

# ok NAME REGEX ARGS...: the command succeeds and its output matches.
ok() {
	local name=$1 re=$2
	shift 2
	ns_run "$@"
	if [ $rc -eq 0 ] && lines_match "$re" "$out"; then
		tap_ok "$name"
	else
		tap_fail "$name" "want /$re/; $(run_why "$*")"
	fi
}

# ok_without NAME REGEX ARGS...: the command succeeds, no line matches.
ok_without() {
	local name=$1 re=$2
	shift 2
	ns_run "$@"
	if [ $rc -eq 0 ] && ! lines_match "$re" "$out"; then
		tap_ok "$name"
	else
		tap_fail "$name" "want no /$re/; $(run_why "$*")"
	fi
}

# fails NAME REGEX ARGS...: the command exits 1, stderr matches.
fails() {
	local name=$1 re=$2
	shift 2
	ns_run "$@"
	if [ $rc -eq 1 ] && lines_match -i "$re" "$err"; then
		tap_ok "$name"
	else
		tap_fail "$name" "want exit 1 and /$re/ on stderr; $(run_why "$*")"
	fi
}

# kernel_error NAME ERRNO MESSAGE ARGS...: the kernel refused the request:
# exit 1 and stderr is exactly the one line "xtcp: <strerror>: <extack>",
# so neither a usage error of the CLI ("xtcp: <why>" and a "Usage:" text)
# nor a kernel error without its extack message can pass.
kernel_error() {
	local name=$1 want="xtcp: $2: $3"
	shift 3
	ns_run "$@"
	if [ $rc -eq 1 ] && [ "$err" = "$want" ]; then
		tap_ok "$name"
	else
		tap_fail "$name" "want exit 1 and stderr '$want'; $(run_why "$*")"
	fi
}

# The helper: one python3 in $NS_XTCP from the module's load until the
# namespaces go, which serves the requests below one line at a time,
# answering each with a number. Under TCG a python3 takes over a second
# to start, and an nsenter half of one: the helper starts each command
# ns_run runs in $NS_XTCP, checks the JSON and takes the snapshots.
#   run^_OUT^_ERR^_ARGV...  (^_ is \x1f) ARGV with stdout into OUT and
#                    stderr into ERR: its exit status, as bash gives it
#   json FILE EXPR   0 when EXPR holds over the list j loaded from FILE,
#                    1 when it does not, 2 when FILE is not JSON
#   socket FAMILY    a SOCK_DGRAM socket of FAMILY, closed: 0, or 1
#   snapshot FILE    "xtcp link|addr|route show" 2>&1 into FILE: 0
# shellcheck disable=SC2016
HELPER_PY='
import json, socket, subprocess, sys
xtcp = sys.argv[1]
for line in sys.stdin:
    if line.startswith("run\x1f"):
        _, out, err, *argv = line.rstrip("\n").split("\x1f")
        with open(out, "w") as o, open(err, "w") as e:
            try:
                rc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                                    stdout=o, stderr=e).returncode
            except OSError as x:
                print(x, file=e)
                rc = 127
        print(rc if rc >= 0 else 128 - rc, flush=True)
        continue
    cmd, _, arg = line.rstrip("\n").partition(" ")
    rc = 1
    if cmd == "json":
        path, _, expr = arg.partition(" ")
        try:
            with open(path) as f:
                j = json.load(f)
        except ValueError:
            rc = 2
        else:
            try:
                rc = int(not eval(expr))
            except Exception:
                rc = 1
    elif cmd == "socket":
        try:
            socket.socket(int(arg), socket.SOCK_DGRAM).close()
            rc = 0
        except OSError:
            rc = 1
    elif cmd == "snapshot":
        with open(arg, "w") as f:
            for o in ("link", "addr", "route"):
                subprocess.run([xtcp, o, "show"], stdin=subprocess.DEVNULL,
                               stdout=f, stderr=subprocess.STDOUT)
        rc = 0
    print(rc, flush=True)
'
HELPER_PID=
HELPER_DIR=$(mktemp -d)
helper_start() {
	coproc HELPER {
		exec nsenter --net="/run/netns/$NS_XTCP" "$PY" -S -c "$HELPER_PY" "$XTCP"
	}
}

# helper REQUEST...: one request; the answer in $hrc (empty if none came).
helper() {
	hrc=
	# shellcheck disable=SC2154
	echo "$*" >&"${HELPER[1]}" && read -r -t 120 hrc <&"${HELPER[0]}"
}

# ns_run [-u] [-n NS] ARGS...: as lib.sh's, through the helper when NS
# is $NS_XTCP and the helper is up (no ARG may hold a newline or \x1f).
ns_run() {
	local ns=$RUN_NS pre=() req

	while :; do
		case "$1" in
		-u) pre=("${UNPRIV[@]}"); shift ;;
		-n) ns=$2; shift 2 ;;
		*) break ;;
		esac
	done
	[ -n "$__run_errf" ] || __run_errf=$(mktemp)
	if [ -z "$HELPER_PID" ] || [ "$ns" != "$NS_XTCP" ]; then
		out=$(nsx "$ns" "${pre[@]}" "${RUN_CMD[@]}" "$@" 2>"$__run_errf")
		rc=$?
		err=$(<"$__run_errf")
		return
	fi
	printf -v req '\x1f%s' "$HELPER_DIR/out" "$__run_errf" "${pre[@]}" \
		"${RUN_CMD[@]}" "$@"
	helper "run$req"
	rc=${hrc:-255}
	out=$(<"$HELPER_DIR/out")
	err=$(<"$__run_errf")
	[ -n "$hrc" ] || err+=" (the helper did not answer)"
}

# helper_stop: EOF on its stdin ends it, before the namespaces go.
helper_stop() {
	local fd=${HELPER[1]}
	[ -z "$fd" ] || exec {fd}>&-
	wait "$HELPER_PID" 2>/dev/null
	HELPER_PID=
}

# snapshot: the configuration into $snap, to check that a failed command
# changed nothing.
snapshot() {
	helper snapshot "$HELPER_DIR/snap"
	if [ "$hrc" = 0 ]; then
		snap=$(<"$HELPER_DIR/snap")
	else
		snap="snapshot failed: helper answered '$hrc'"
	fi
}

# json NAME PYEXPR ARGS...: -j output parses, and PYEXPR (over the list j)
# holds. The helper checks both: 2 when the output is not JSON.
json() {
	local name=$1 expr=$2 prc=2
	shift 2
	ns_run -j "$@"
	if [ $rc -eq 0 ]; then
		printf '%s\n' "$out" > "$HELPER_DIR/json"
		helper json "$HELPER_DIR/json" "$expr"
		prc=${hrc:-2}
	fi
	if [ $prc -eq 2 ]; then
		tap_fail "$name" "not JSON; $(run_why "-j $*")"
	elif [ $prc -ne 0 ]; then
		tap_fail "$name" "JSON lacks: $expr; $(run_why "-j $*")"
	else
		tap_ok "$name"
	fi
}

# mib NAME: a counter's value from /proc/net/xtcp_snmp in $NS_XTCP.
mib() {
	# shellcheck disable=SC2016
	nsx "$NS_XTCP" awk -v n="$1" '
		/^Xtcp:/ { if (!keys) { split($0, k); keys = 1 } else split($0, v) }
		END { for (i in k) if (k[i] == n) print v[i] }' /proc/net/xtcp_snmp
}

if [ ! -x "$XTCP" ]; then
	echo "Bail out! $XTCP is not built (make tools)"
	exit 1
fi

# ---- module and topology ----
[ ! -d /sys/module/xtcp ] || rmmod xtcp || { echo "Bail out! xtcp is loaded and busy"; exit 1; }
if ! topo_two_ns; then
	echo "Bail out! topo_two_ns failed"
	exit 1
fi
RUN_NS=$NS_XTCP
RUN_CMD=("$XTCP")
fails "no module: says so" "module not loaded \(genl family 'xtcp' not found\)" link show

if insmod "${XTCP_KO:-module/xtcp.ko}"; then
	tap_ok "insmod"
else
	echo "Bail out! insmod ${XTCP_KO:-module/xtcp.ko} failed"
	exit 1
fi
helper_start
read -r _ _ mac1 _ <<<"$($IP -n "$NS_XTCP" -br link show dev veth1)"
read -r _ _ mac0 _ <<<"$($IP -n "$NS_PEER" -br link show dev veth0)"

# ---- link ----
ok_without "link show: nothing attached yet" . link show
ok "link add dev veth1" "^$" link add dev veth1
ok "link show: veth1 with mtu, UP and its lladdr" \
	"^[0-9]+: veth1 mtu 1500 <UP> lladdr $mac1\$" link show
ok "link show dev veth1" "veth1" link show dev veth1
kernel_error "link add twice: kernel error with its message" "File exists" \
	"xtcp is already attached to this device" link add dev veth1
fails "link add dev nosuch0: unknown device" 'cannot find device "nosuch0"' \
	link add dev nosuch0
ok_without "namespaces are separate: nothing in the peer's" . \
	-n "$NS_PEER" link show

# ---- addr and connected routes ----
ok "addr add 10.0.0.2/24 dev veth1" "^$" addr add 10.0.0.2/24 dev veth1
ok "addr show" "^10\.0\.0\.2/24 dev veth1\$" addr show
ok "addr show dev veth1" "^10\.0\.0\.2/24 dev veth1\$" addr show dev veth1
ok "route show: connected route of the address" \
	"^10\.0\.0\.0/24 dev veth1 proto kernel\$" route show
kernel_error "addr add twice: kernel error" "File exists" "address already assigned" \
	addr add 10.0.0.2/24 dev veth1
kernel_error "addr add on a detached device: kernel error" "No such device" \
	"xtcp is not attached to this device" addr add 10.5.0.2/24 dev lo

# ---- static routes ----
ok "route add default via 10.0.0.1" "^$" route add default via 10.0.0.1
ok "route add 10.1.0.0/16 via 10.0.0.1 dev veth1" "^$" \
	route add 10.1.0.0/16 via 10.0.0.1 dev veth1
ok "route add 10.2.0.0/16 dev veth1" "^$" route add 10.2.0.0/16 dev veth1
ok "route show: default via gateway, device resolved" \
	"^default via 10\.0\.0\.1 dev veth1\$" route show
ok "route show: prefix via gateway" "^10\.1\.0\.0/16 via 10\.0\.0\.1 dev veth1\$" \
	route show
ok "route show: device route" "^10\.2\.0\.0/16 dev veth1\$" route show
kernel_error "route add unreachable gateway: kernel error" "Network is unreachable" \
	"gateway is not on a connected prefix" route add 10.3.0.0/16 via 192.0.2.1
ok "route del 10.2.0.0/16" "^$" route del 10.2.0.0/16
ok_without "route show: 10.2.0.0/16 gone" "^10\.2\.0\.0/16" route show
kernel_error "route del of a missing route: error with the kernel's message" \
	"No such process" "no such static route" route del 10.2.0.0/16

# ---- neighbours: the peer's ARP request teaches xtcp its address ----
nsx "$NS_PEER" ping -c 2 -i 0.3 -W 1 10.0.0.2 >/dev/null 2>&1
ok "neigh show: peer learned" \
	"^10\.0\.0\.1 dev veth1 lladdr $mac0 (REACHABLE|STALE) age [0-9]+ms" \
	neigh show
ok "neigh show dev veth1" "^10\.0\.0\.1 dev veth1" \
	neigh show dev veth1
ok "neigh flush dev veth1" "^$" neigh flush dev veth1
ok_without "neigh show: flushed" "^10\.0\.0\.1 .*(REACHABLE|STALE)" neigh show
ok "neigh flush (all devices)" "^$" neigh flush

# ---- stats ----
ok "stats: nstat-style lines" "^XtcpSockCreate [0-9]+\$" stats
if grep -Evq '^Xtcp[A-Za-z0-9]+ [0-9]+$' <<<"$out"; then
	tap_fail "stats: every line is 'Name value'" "$out"
else
	tap_ok "stats: every line is 'Name value'"
fi
before=$(mib SockCreate)
helper socket "$(</sys/module/xtcp/parameters/family)"
ok "stats: agrees with /proc/net/xtcp_snmp after a socket()" \
	"^XtcpSockCreate $((before + 1))\$" stats

# ---- cc: the namespace's congestion control ----
ok "cc show: default cubic" "^default cubic\$" cc show
ok "cc show: reno, cubic, newreno and tahoe available" \
	"^available reno cubic newreno tahoe\$" cc show
ok "cc set default newreno" "^\$" cc set default newreno
ok "sysctl show tcp_congestion_control: newreno" \
	"^tcp_congestion_control = newreno\$" sysctl show tcp_congestion_control
fails "cc set default nosuch: the kernel's reason" "no such congestion control" \
	cc set default nosuch
ok "cc set default cubic" "^\$" cc set default cubic

# ---- sock: a listener, a connection with unread data, a TIME-WAIT ----
# Linux (10.0.0.1) listens on 7101 and reads to EOF, then closes; it also
# connects to xtcp's listener on 7100 and sends 1000 bytes xtcp never
# reads. xtcp sends 3000 bytes to 7101 and closes first, so its end of
# that connection is in TIME-WAIT.
SOCKDIR=$(mktemp -d)
# nsenter, not nsx: $! must be python itself, for the kill below.
nsenter --net="/run/netns/$NS_PEER" $PY -S -c "
import socket, time
l = socket.socket(); l.bind(('10.0.0.1', 7101)); l.listen()
print('listening', flush=True)
c = socket.socket()
for _ in range(100):
    try:
        c.connect(('10.0.0.2', 7100)); break
    except OSError:
        c.close(); c = socket.socket(); time.sleep(0.1)
c.sendall(b'x' * 1000)
a, _ = l.accept()
while a.recv(65536):
    pass
a.close()
time.sleep(30)" >"$SOCKDIR/peer.out" &
PEERPID=$!
TCPTOOL=$XTCP_ROOT/selftests/xtcp_tcp
for _ in {1..100}; do
	[ -s "$SOCKDIR/peer.out" ] && [ "$(<"$SOCKDIR/peer.out")" = listening ] && break
	sleep 0.1
done
# The listener's backlog is 128; the server reads nothing before it is
# killed below (under load, this section's commands took over 20 s).
"$TCPTOOL" -N "$NS_XTCP" server 7100 -m sink -D 300000 -t 400 \
	>/dev/null 2>&1 &
XPID=$!
"$TCPTOOL" -N "$NS_XTCP" client 10.0.0.1 7101 -m send:3000 -t 10 \
	>"$SOCKDIR/c.out" 2>&1
# Ready once the xtcp connection holds the 1000 bytes (rx_queue 0x3e8).
for _ in {1..100}; do
	[[ $(nsx "$NS_XTCP" cat /proc/net/xtcp) == *" 00000000:000003E8 "* ]] && break
	sleep 0.1
done
ok "sock show: the listener, its backlog as Send-Q" \
	"^LISTEN +0 +128 +0\.0\.0\.0:7100 +0\.0\.0\.0:\*\$" sock show
ok "sock show: an established connection, 1000 bytes unread" \
	"^ESTAB +1000 +0 +10\.0\.0\.2:7100 +10\.0\.0\.1:[0-9]+\$" sock show
ok "sock show: TCP_INFO under it, as ss -i prints it" \
	"^	 ts sack cubic wscale:7,7 rto:[0-9.]+ rtt:[0-9.]+/[0-9.]+ mss:1448 rcvmss:[0-9]+ advmss:[0-9]+ cwnd:[0-9]+ .*bytes_received:1000 segs_out:[0-9]+ segs_in:[0-9]+ " \
	sock show
ok "sock show: the active closer's TIME-WAIT and its timer" \
	"^TIME-WAIT +0 +0 +10\.0\.0\.2:[0-9]+ +10\.0\.0\.1:7101 timer:\(timewait,[1-5]?[0-9]sec,0\)\$" \
	sock show
mapfile -t lines < <(nsx "$NS_XTCP" cat /proc/net/xtcp)
n=${#lines[@]}
ns_run sock show
if [ $rc -eq 0 ] && [ "$(grep -c '^[A-Z]' <<<"$out")" -eq "$n" ]; then
	tap_ok "sock show: as many sockets as /proc/net/xtcp lists, and a header"
else
	tap_fail "sock show: as many sockets as /proc/net/xtcp lists" \
		"$((n - 1)) in /proc/net/xtcp; $(run_why "sock show")"
fi
ok "sock show state time-wait: the TIME-WAIT" "^TIME-WAIT " \
	sock show state time-wait
ok_without "sock show state time-wait: nothing else" "^(LISTEN|ESTAB)" \
	sock show state time-wait
ok_without "sock show state listening state established: no TIME-WAIT" \
	"^TIME-WAIT" sock show state listening state established
ok "sock show sport 7100: listener and connection" "^ESTAB .*:7100 " \
	sock show sport 7100
ok_without "sock show dport 7101: only the TIME-WAIT" "^(LISTEN|ESTAB)" \
	sock show dport 7101
ok_without "sock show port 9: nothing, not even a header" . sock show port 9
ok "unprivileged sock show works" "^ESTAB " -u sock show
json "sock -j: the connection with its TCP_INFO" \
	"any(s['state'] == 'ESTAB' and s['local_port'] == 7100 and s['recv_q'] == 1000 and s['bytes_received'] == 1000 and s['snd_mss'] == 1448 and s['cong'] == 'cubic' and s['inode'] > 0 and s['timestamps'] == 1 for s in j)" \
	sock show
json "sock -j: the TIME-WAIT, its timer under 60 s, no TCP_INFO" \
	"any(s['state'] == 'TIME-WAIT' and s['peer_port'] == 7101 and s['timer'] == 'timewait' and 0 < s['expires_ms'] <= 60000 and 'cwnd' not in s for s in j)" \
	sock show state time-wait
kill "$XPID" "$PEERPID" 2>/dev/null
wait "$XPID" "$PEERPID" 2>/dev/null
rm -rf "$SOCKDIR"

# ---- JSON ----
json "link -j" "any(l['ifname'] == 'veth1' and 'UP' in l['flags'] and l['mtu'] == 1500 for l in j)" link show
json "addr -j" "any(a['local'] == '10.0.0.2' and a['prefixlen'] == 24 and a['dev'] == 'veth1' for a in j)" addr show
json "route -j" "any(r['dst'] == 'default' and r['gateway'] == '10.0.0.1' for r in j) and any(r['dst'] == '10.0.0.0/24' and r['protocol'] == 'kernel' for r in j)" route show
json "neigh -j" "isinstance(j, list)" neigh show
json "stats -j" "any(s['name'] == 'XtcpSockCreate' and s['value'] > 0 for s in j)" stats
json "cc -j" "j[0]['default'] == 'cubic' and j[0]['available'] == ['reno', 'cubic', 'newreno', 'tahoe']" cc show

# ---- bad command lines: exit 1, usage on stderr, nothing changed ----
snapshot
state=$snap
while IFS='|' read -r obj args; do
	name="bad: xtcp $obj $args"
	# shellcheck disable=SC2086
	ns_run $obj $args
	if [ $rc -ne 1 ] || ! lines_match "^Usage: xtcp $obj" "$err"; then
		tap_fail "$name" "want exit 1 and a usage line; $(run_why "$obj $args")"
	elif snapshot && [ "$snap" != "$state" ]; then
		tap_fail "$name" "the configuration changed: $snap"
	else
		tap_ok "$name"
	fi
done <<'EOF'
link|add
link|add veth1
link|del dev
link|frob dev veth1
addr|add 10.0.0.3/24
addr|add 10.0.0.3/33 dev veth1
addr|add 10.0.0.300/24 dev veth1
addr|add 10.0.0.3/24 dev veth1 extra
addr|del
route|add 10.3.0.0/16
route|add 10.3.0.1/16 via 10.0.0.1
route|add 10.3.0.0/16 via nothere
route|del
route|del default via 10.0.0.1
neigh|flush dev
stats|extra
cc|set default
cc|frob
sock|frob
sock|show state bogus
sock|show sport
sock|show dport 70000
EOF
fails "bad: unknown object" "^Usage: xtcp" bogus

# ---- privileges ----
fails "unprivileged link add: permission, CAP_NET_ADMIN" \
	"permission.*CAP_NET_ADMIN|CAP_NET_ADMIN.*permission" -u link add dev veth1
fails "unprivileged addr del: refused" "CAP_NET_ADMIN" \
	-u addr del 10.0.0.2/24 dev veth1
fails "unprivileged neigh flush: refused" "CAP_NET_ADMIN" -u neigh flush
ok "unprivileged link show works" "^[0-9]+: veth1 " -u link show
ok "unprivileged addr still there" "^10\.0\.0\.2/24 dev veth1\$" addr show

# ---- user namespaces: GENL_UNS_ADMIN_PERM ----
# An unprivileged user's own user namespace may configure the network
# namespace it created, and no other: not the initial one, nor one that
# real root created, which are owned by the initial user namespace.
USERNS=("${UNPRIV[@]}" unshare --user --map-root-user)
$IP link add xinit0 type dummy 2>/dev/null && $IP link set xinit0 up
# userns NAME WANT_RC REGEX [nsenter ARGS] -- CMD...: CMD as nobody in a
# user namespace of its own (with --net: and a new network namespace).
userns() {
	local name=$1 want=$2 re=$3 pre=() ef=$HELPER_DIR/userns.err
	shift 3
	while [ "$1" != "--" ]; do pre+=("$1"); shift; done
	shift
	if [ ${#pre[@]} -gt 0 ]; then
		out=$(nsenter "${pre[@]}" "${USERNS[@]}" "$@" 2>"$ef")
	else
		out=$("${USERNS[@]}" "$@" 2>"$ef")
	fi
	rc=$?
	err=$(<"$ef")
	if [ $rc -eq "$want" ] && lines_match "$re" "$out"$'\n'"$err"; then
		tap_ok "$name"
	else
		tap_fail "$name" "want exit $want and /$re/; $(run_why "$*")"
	fi
}
userns "user ns, own netns: link add, addr add on its own dummy" 0 \
	"^10\.9\.0\.1/24 dev xd0\$" -- --net sh -c \
	"$IP link add xd0 type dummy && $IP link set xd0 up &&
	 $XTCP link add dev xd0 && $XTCP addr add 10.9.0.1/24 dev xd0 &&
	 $XTCP addr show"
userns "user ns, own netns: ports set" 0 "^range 40000 40100\$" -- --net sh -c \
	"$XTCP ports set range 40000 40100 && $XTCP ports show"
userns "user ns in the initial netns: link add is EPERM" 1 \
	"^xtcp: Operation not permitted" -- "$XTCP" link add dev xinit0
userns "user ns in the initial netns: ports set is EPERM" 1 \
	"^xtcp: Operation not permitted" -- "$XTCP" ports set range 40000 40100
userns "user ns in the initial netns: Linux's rtnetlink refuses too" 2 \
	"Operation not permitted" -- "$IP" link add xu0 type dummy
if $XTCP link add dev xinit0 && $XTCP link show | grep -q "xinit0" &&
   $XTCP link del dev xinit0; then
	tap_ok "initial netns: real root may attach xinit0"
else
	tap_fail "initial netns: real root may attach xinit0"
fi
userns "user ns in root's netns: addr add is EPERM" 1 \
	"^xtcp: Operation not permitted" --net="/run/netns/$NS_XTCP" -- \
	"$XTCP" addr add 10.0.0.7/24 dev veth1
userns "user ns in root's netns: link del is EPERM" 1 \
	"^xtcp: Operation not permitted" --net="/run/netns/$NS_XTCP" -- \
	"$XTCP" link del dev veth1
ok "user ns: root's netns unchanged" "^10\.0\.0\.2/24 dev veth1\$" addr show
$IP link del xinit0 2>/dev/null

# ---- teardown ----
ok "addr del 10.0.0.2/24 dev veth1" "^$" addr del 10.0.0.2/24 dev veth1
ok_without "addr del: connected route removed" "^10\.0\.0\.0/24" route show
ok "link del dev veth1" "^$" link del dev veth1
ok_without "link show: empty after link del" . link show
ok_without "addr show: empty after link del" . addr show
ok_without "route show: no route through veth1 after link del" "veth1" route show

# Leave configuration in place and delete the namespaces under it.
ns_run link add dev veth1
[ $rc -ne 0 ] || ns_run addr add 10.0.0.2/24 dev veth1
[ $rc -ne 0 ] || ns_run route add default via 10.0.0.1
if [ $rc -eq 0 ]; then
	tap_ok "configure again before the namespaces go"
else
	tap_fail "configure again before the namespaces go" "$(run_why "")"
fi
helper_stop
__ns_cleanup
if rmmod xtcp; then
	tap_ok "rmmod after the namespaces are gone"
else
	tap_fail "rmmod after the namespaces are gone"
fi
tap_done
