#!/bin/bash
# The benchmark, inside the VM (scripts/bench.sh): xtcp against Linux TCP
# over the same kind of veth link, in the same VM run, as ratios.
#
# Two topologies side by side: xtcp (10.0.0.2) talking to Linux
# (10.0.0.1), and Linux (10.1.0.2) talking to Linux (10.1.0.1), the
# baseline. Rounds alternate between them; each figure is the median.
#   bulk       one connection moving XTCP_BENCH_BULK bytes, each way
#   rr         XTCP_BENCH_RR connections one after another, each a
#              100-byte request and its echo: connections per second
#   memory     XTCP_BENCH_CONNS idle ESTABLISHED connections, then the
#              same number in TIME-WAIT on the side that closed: slab
#              bytes in use (/proc/slabinfo) per connection. An xtcp
#              connection's Linux peer is in the first figure; the
#              baseline's per-socket cost is subtracted from it.
set -eu
# shellcheck disable=SC1091
. "$XTCP_ROOT/selftests/lib.sh"
# shellcheck disable=SC1091
. "$XTCP_ROOT/scripts/guest/bench-lib.sh"

TOOL=$XTCP_ROOT/selftests/xtcp_tcp
BULK=${XTCP_BENCH_BULK:-50M}
RR=${XTCP_BENCH_RR:-1000}
CONNS=${XTCP_BENCH_CONNS:-10000}
ROUNDS=${XTCP_BENCH_ROUNDS:-3}
work=$(mktemp -d)

bench_topo
# Room for every connection of the memory figure: accept backlog and
# TIME-WAIT buckets (xtcp has no TIME-WAIT limit).
for ns in "$NS_PEER" "$NS_LA" "$NS_LB" "$NS_XTCP"; do
	nsx "$ns" sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_tw_buckets=262144
done
XTCP sysctl set somaxconn 65535 >/dev/null

# The ends: X = xtcp at 10.0.0.2, P = its Linux peer at 10.0.0.1,
# LB = Linux at 10.1.0.2, LA = its Linux peer at 10.1.0.1.
X() { "$TOOL" -N "$NS_XTCP" -f xtcp -t 120 "$@"; }
P() { "$TOOL" -N "$NS_PEER" -f inet -t 120 "$@"; }
LA() { "$TOOL" -N "$NS_LA" -f inet -t 120 "$@"; }
LB() { "$TOOL" -N "$NS_LB" -f inet -t 120 "$@"; }

# serve SIDE ARGS: a server in the background ($SPID), once it listens.
serve() {
	local side=$1 i
	shift
	: > "$work/s.err"
	"$side" "$@" > "$work/s.out" 2> "$work/s.err" &
	SPID=$!
	for i in {1..400}; do
		grep -q '^listening' "$work/s.err" && return 0
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.05
	done
	die "server $side $* did not start: $(cat "$work/s.err")"
}

# seconds CMD...: CMD's wall time, "S.SSS"; dies if it fails.
seconds() {
	local t0=$EPOCHREALTIME t1
	"$@" > "$work/c.out" 2> "$work/c.err" || die "$* failed: $(cat "$work/c.err")"
	t1=$EPOCHREALTIME
	echo "scale=3; (${t1/./} - ${t0/./}) / 1000000" | bc
}

# bulk SSIDE CSIDE ADDR PORT: MB/s of one transfer from CSIDE to SSIDE.
bulk() {
	local s
	serve "$1" server "$4" -m sink
	s=$(seconds "$2" client "$3" "$4" -m "send:$BULK")
	wait "$SPID" || die "bulk server $1 failed: $(cat "$work/s.err")"
	echo "scale=2; $(bytes_of "$BULK") / 1048576 / $s" | bc
}

# rr SSIDE CSIDE ADDR PORT: connections per second.
rr() {
	local s
	serve "$1" server "$4" -n "$RR" -m echo
	"$2" rr "$3" "$4" -n "$RR" -s 100 > "$work/c.out" 2> "$work/c.err" ||
		die "rr client $2 failed: $(cat "$work/c.err")"
	wait "$SPID" || die "rr server $1 failed: $(cat "$work/s.err")"
	s=$(awk '/^rr/ { print $5 }' "$work/c.out")
	echo "scale=1; $RR / $s" | bc
}

# slab: bytes in use in every slab cache.
slab() { awk 'NR > 2 { s += $2 * $4 } END { printf "%d\n", s }' /proc/slabinfo; }

# memory SSIDE CSIDE ADDR PORT: "EST TW": slab bytes per connection with
# CONNS idle connections open (both ends counted), and with CONNS in
# TIME-WAIT on the client's side after it closed them all.
memory() {
	local b o c
	sleep 2
	b=$(slab)
	serve "$1" hold-server "$4" -n "$CONNS"
	coproc HOLD { "$2" hold-client "$3" "$4" -n "$CONNS" -p 100 2> "$work/h.err"; }
	read -r -t 600 line <&"${HOLD[0]}" || die "hold-client: $(cat "$work/h.err")"
	[ "$line" = "open $CONNS" ] || die "hold-client said '$line'"
	sleep 2
	o=$(slab)
	echo >&"${HOLD[1]}"
	read -r -t 600 line <&"${HOLD[0]}" || die "hold-client did not close"
	wait "$SPID" || die "hold-server failed: $(cat "$work/s.err")"
	sleep 3
	c=$(slab)
	echo >&"${HOLD[1]}"
	wait "$HOLD_PID" 2>/dev/null || true
	echo "$(((o - b) / CONNS)) $(((c - b) / CONNS))"
}

declare -a l_up l_down x_up x_down l_rr x_rr_c x_rr_s
port=8000
for ((r = 1; r <= ROUNDS; r++)); do
	say "round $r of $ROUNDS: bulk $BULK each way, $RR request/response connections"
	# A port per figure; $((port++)) inside $(...) would not advance it.
	l_up+=("$(bulk LB LA 10.1.0.2 "$port")")
	x_down+=("$(bulk X P 10.0.0.2 $((port + 1)))")
	x_up+=("$(bulk P X 10.0.0.1 $((port + 2)))")
	l_rr+=("$(rr LB LA 10.1.0.2 $((port + 3)))")
	x_rr_s+=("$(rr X P 10.0.0.2 $((port + 4)))")
	x_rr_c+=("$(rr P X 10.0.0.1 $((port + 5)))")
	port=$((port + 6))
done
say "memory: $CONNS connections each"
read -r l_est2 l_tw <<<"$(memory LB LA 10.1.0.2 9000)"
read -r x_est_sum x_tw <<<"$(memory P X 10.0.0.1 9001)"
l_est=$((l_est2 / 2))
x_est=$((x_est_sum - l_est))

ratio() { echo "scale=2; $1 / $2" | bc; }
L=$(median "${l_up[@]}")
XD=$(median "${x_down[@]}")
XU=$(median "${x_up[@]}")
LR=$(median "${l_rr[@]}")
XRS=$(median "${x_rr_s[@]}")
XRC=$(median "${x_rr_c[@]}")
printf '\n%-46s %12s %12s %8s\n' "figure (median of $ROUNDS; memory once)" "Linux TCP" xtcp "ratio"
printf '%-46s %12s %12s %8s\n' "bulk MB/s, Linux sends to xtcp" "$L" "$XD" "$(ratio "$XD" "$L")"
printf '%-46s %12s %12s %8s\n' "bulk MB/s, xtcp sends to Linux" "$L" "$XU" "$(ratio "$XU" "$L")"
printf '%-46s %12s %12s %8s\n' "connect+request+close/s, xtcp serves" "$LR" "$XRS" "$(ratio "$XRS" "$LR")"
printf '%-46s %12s %12s %8s\n' "connect+request+close/s, xtcp connects" "$LR" "$XRC" "$(ratio "$XRC" "$LR")"
printf '%-46s %12s %12s %8s\n' "slab bytes per idle ESTABLISHED socket" "$l_est" "$x_est" "$(ratio "$x_est" "$l_est")"
printf '%-46s %12s %12s %8s\n' "slab bytes per TIME-WAIT" "$l_tw" "$x_tw" "$(ratio "$x_tw" "$l_tw")"
say "bulk runs (MB/s): Linux ${l_up[*]}; to xtcp ${x_down[*]}; from xtcp ${x_up[*]}"
say "rr runs (conn/s): Linux ${l_rr[*]}; xtcp serves ${x_rr_s[*]}; xtcp connects ${x_rr_c[*]}"
say "memory: Linux pair $l_est2 B per connection (both ends), xtcp + Linux $x_est_sum B"
rm -rf "$work"
trap - EXIT
__ns_cleanup || :
xtcp_unload
