#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A web request each way between xtcp (10.0.0.2, $NS_XTCP) and Linux's own
# tools (10.0.0.1, $NS_PEER), with tools/xhttp on the xtcp side:
# - xhttp get fetches from python3 -m http.server: a 300 KB file byte-exact
#   by sha256, the index, and a 404 that exits 1;
# - curl fetches from xhttp serve: the same file byte-exact, HEAD with its
#   Content-Length, and a 404; the server logs each request, and each
#   connection ends in an orderly close: TIME-WAIT on the side that closed
#   first (xtcp's, as xtcp sock show lists it, or curl's, as ss does;
#   curl may close as soon as it has Content-Length bytes), nothing else
#   left on either side.
# This is the demo's web request (make demo), checked.
. "$(dirname "$0")/lib.sh"

XHTTP=$XTCP_ROOT/tools/xhttp/xhttp

tap_plan 9
for p in "$XHTTP" /usr/bin/curl /usr/bin/python3; do
	if [ ! -x "$p" ]; then
		echo "Bail out! $p is missing (make tools; apt install curl python3)"
		exit 1
	fi
done
work=$(mktemp -d)
# shellcheck disable=SC2317
cleanup() {
	[ -n "${HPID:-}" ] && kill "$HPID" 2>/dev/null
	[ -n "${XPID:-}" ] && kill "$XPID" 2>/dev/null
	rm -rf "$work"
	__ns_cleanup
}
trap cleanup EXIT

if topo_xtcp; then
	tap_ok "topology: xtcp on 10.0.0.2, Linux on 10.0.0.1"
else
	tap_fail "topology: xtcp on 10.0.0.2, Linux on 10.0.0.1" "setup failed"
	tap_done
fi
mkdir "$work/www"
head -c 300000 /dev/urandom > "$work/www/file.bin"
printf '<html><body>served to xtcp</body></html>\n' > "$work/www/index.html"
want=$(sha256sum < "$work/www/file.bin")

# listening NS PORT: something listens on PORT in NS (ss, or xtcp sock show).
listening() {
	local i
	for i in {1..100}; do
		if [ "$1" = "$NS_PEER" ]; then
			[ -n "$(ss -N "$1" -Hltn "sport = :$2")" ] && return 0
		else
			XTCP sock show state listening sport "$2" | grep -q '^LISTEN' && return 0
		fi
		sleep 0.1
	done
	return 1
}

# ---- xtcp fetches from Linux
# nsenter itself, not nsx: $! must be the server (nsenter execs it), or
# kill leaves it running, holding the runner's output pipe.
nsenter --net="/run/netns/$NS_PEER" python3 -m http.server 8000 --bind 10.0.0.1 \
	--directory "$work/www" > "$work/py.log" 2>&1 &
HPID=$!
if ! listening "$NS_PEER" 8000; then
	tap_fail "python3 -m http.server listens" "$(cat "$work/py.log")"
	tap_done
fi
got=$(nsx "$NS_XTCP" "$XHTTP" get http://10.0.0.1:8000/file.bin 2> "$work/get.err" | sha256sum)
if [ "$got" = "$want" ] && grep -q "^HTTP/1.0 200 OK" "$work/get.err" &&
   grep -q "^Content-Length: 300000" "$work/get.err"; then
	tap_ok "xhttp get from python's http.server: 300000 bytes, sha256 equal"
else
	tap_fail "xhttp get from python's http.server: 300000 bytes, sha256 equal" \
		"sha256 $got, want $want; $(tr '\n' '|' < "$work/get.err")"
fi
got=$(nsx "$NS_XTCP" "$XHTTP" get http://10.0.0.1:8000/ 2> "$work/get.err")
if [ "$got" = "$(cat "$work/www/index.html")" ]; then
	tap_ok "xhttp get /: the index page"
else
	tap_fail "xhttp get /: the index page" "got '$got'; $(tr '\n' '|' < "$work/get.err")"
fi
nsx "$NS_XTCP" "$XHTTP" get http://10.0.0.1:8000/nothere > /dev/null 2> "$work/get.err"
rc=$?
if [ $rc -eq 1 ] && grep -q "^HTTP/1.0 404" "$work/get.err"; then
	tap_ok "xhttp get of a missing page: 404, exit 1"
else
	tap_fail "xhttp get of a missing page: 404, exit 1" "exit $rc; $(tr '\n' '|' < "$work/get.err")"
fi
kill "$HPID"
wait "$HPID" 2>/dev/null
HPID=

# ---- Linux's curl fetches from xtcp
nsenter --net="/run/netns/$NS_XTCP" "$XHTTP" serve -n 3 8080 "$work/www" \
	> /dev/null 2> "$work/serve.log" &
XPID=$!
if ! listening "$NS_XTCP" 8080; then
	tap_fail "xhttp serve listens" "$(cat "$work/serve.log")"
	tap_done
fi
got=$(nsx "$NS_PEER" curl -sS --max-time 20 http://10.0.0.2:8080/file.bin 2> "$work/curl.err" | sha256sum)
if [ "$got" = "$want" ]; then
	tap_ok "curl from xhttp serve: 300000 bytes, sha256 equal"
else
	tap_fail "curl from xhttp serve: 300000 bytes, sha256 equal" \
		"sha256 $got, want $want; $(cat "$work/curl.err")"
fi
got=$(nsx "$NS_PEER" curl -sS -I --max-time 20 http://10.0.0.2:8080/file.bin 2>&1 | tr -d '\r')
if grep -q "^HTTP/1.0 200 OK" <<<"$got" && grep -q "^Content-Length: 300000" <<<"$got"; then
	tap_ok "curl -I: 200 and the Content-Length"
else
	tap_fail "curl -I: 200 and the Content-Length" "$got"
fi
got=$(nsx "$NS_PEER" curl -s -o /dev/null -w '%{http_code}' --max-time 20 http://10.0.0.2:8080/nothere)
if [ "$got" = 404 ]; then
	tap_ok "curl of a missing file: 404"
else
	tap_fail "curl of a missing file: 404" "status '$got'"
fi
wait "$XPID"
rc=$?
XPID=
if [ $rc -eq 0 ] && [ "$(grep -c '^10\.0\.0\.1:[0-9]* \(200\|404\)$' "$work/serve.log")" -eq 3 ]; then
	tap_ok "xhttp serve: three requests logged, exit 0"
else
	tap_fail "xhttp serve: three requests logged, exit 0" "exit $rc; $(tr '\n' '|' < "$work/serve.log")"
fi
# Each of the 3 connections in TIME-WAIT on one side at least (both after
# a simultaneous close), and no socket in any other state on port 8080.
xs=$(XTCP sock show port 8080 | grep -v '^State\|^	')
ls=$(ss -N "$NS_PEER" -Htan 'dport = :8080')
xn=$(grep -c '^TIME-WAIT' <<<"$xs")
ln=$(grep -c '^TIME-WAIT' <<<"$ls")
others=$(grep -v '^TIME-WAIT' <<<"$xs$(printf '\n')$ls" | grep -c .)
if [ $((xn + ln)) -ge 3 ] && [ "$others" -eq 0 ]; then
	tap_ok "orderly closes: $xn TIME-WAIT on xtcp (xtcp sock show), $ln on Linux, nothing else"
else
	tap_fail "orderly closes: 3 TIME-WAITs between the two sides, nothing else" \
		"xtcp: $(tr '\n' '|' <<<"$xs"); Linux: $(tr '\n' '|' <<<"$ls")"
fi
tap_done
