#!/bin/bash
# The netem benchmark, inside the VM (scripts/netem-bench.sh): one
# transfer's time from xtcp against Linux TCP's, under the same netem
# qdisc, in the same VM run, as a ratio. A benchmark, not a test: it
# fails only when a transfer fails.
#
# The two topologies of scripts/guest/bench.sh (bench_topo): xtcp
# (10.0.0.2) with Linux (10.0.0.1), and the baseline, Linux (10.1.0.1)
# with Linux (10.1.0.2). Each profile is a qdisc of tcp_netem_test.sh's
# CASES, on the sender's egress, so it hits the data and the ACKs come
# back clean. Each direction, xtcp sends to Linux and Linux sends to
# xtcp, is timed against the baseline's sender with the same qdisc on
# its egress (veth2): NB_RUNS transfers of each, alternating xtcp and
# baseline, and the figures are the medians and their ratio (xtcp's
# time over Linux's; below 1 xtcp is faster).
#
# A transfer is the sending client's wall time: its start, connect,
# SIZE bytes written, shutdown, and the server's close at EOF; both ends
# must exit 0 and the receiver's sha256 of the stream must be the
# sender's (selftests/xtcp_tcp), or the script stops.
#
# Environment (scripts/netem-bench.sh sets it from its options):
#   NB_RUNS      transfers of each stack per row (5)
#   NB_SIZE      bytes per transfer (2M); the heavy-loss profiles move a
#                fraction of it (the DIV column of PROFILES)
#   NB_PROFILES  a bash extglob over the profile names ('*')
#   NB_CC        xtcp's algorithms, one row set each ('cubic'). Only the
#                cubic rows have the Linux-sends direction, where xtcp's
#                algorithm plays no part; the baseline sender runs the
#                same algorithm when Linux has it, cubic otherwise.
#   NB_GSO       on (the default), or off: TSO and GSO off on the Linux
#                senders' devices (veth0, veth2). netem drops, delays and
#                duplicates whole skbs, and a Linux GSO skb is up to 64 KB
#                of segments, lost together; xtcp sends one segment per
#                skb, so it meets every loss on its own. Off, netem acts
#                on single segments for both stacks (only corrupt splits
#                a GSO skb, to damage one segment).
set -u
shopt -s extglob
# shellcheck disable=SC1091
. "$XTCP_ROOT/selftests/lib.sh"
# shellcheck disable=SC1091
. "$XTCP_ROOT/scripts/guest/bench-lib.sh"
TOOL=$XTCP_ROOT/selftests/xtcp_tcp
XFAM=(-f xtcp)
XSIDE=xtcp
# shellcheck disable=SC1091
. "$XTCP_ROOT/selftests/tcp_lib.sh"

RUNS=${NB_RUNS:-5}
SIZE=${NB_SIZE:-2M}
GLOB=${NB_PROFILES:-*}
CCS=${NB_CC:-cubic}
GSO=${NB_GSO:-on}

# NAME | QDISC (on the sender's egress) | DIV: the transfer is SIZE / DIV.
# Under 10 % and 20 % loss a transfer takes 5 to 10 times as long as under
# 1 % (xtcp fills one hole per round trip: 4 MB through 20 % loss took
# 75 s on the debug kernel), so those move a half and a quarter of SIZE.
PROFILES=(
	"loss 1%|netem loss 1%|1"
	"loss 5%|netem loss 5%|1"
	"loss 10%|netem loss 10%|2"
	"loss 20%|netem loss 20%|4"
	"reorder 25% 50%|netem delay 5ms reorder 25% 50%|1"
	"duplicate 5%|netem duplicate 5%|1"
	"corrupt 1%|netem corrupt 1%|1"
	"delay 50ms 10ms|netem delay 50ms 10ms|1"
	"tbf 20mbit|tbf rate 20mbit burst 32kbit latency 100ms|1"
)

LA() { "$TOOL" -N "$NS_LA" -f inet "$@"; }
LB() { "$TOOL" -N "$NS_LB" -f inet "$@"; }

# human BYTES: BYTES as 2M, 512K or 1000.
human() {
	if (($1 % (1 << 20) == 0)); then
		echo "$(($1 >> 20))M"
	elif (($1 % (1 << 10) == 0)); then
		echo "$(($1 >> 10))K"
	else
		echo "$1"
	fi
}

# secs US: microseconds as seconds, "S.SSS".
secs() { printf '%d.%03d' $(($1 / 1000000)) $(($1 / 1000 % 1000)); }

# secs_list US...: each as secs does, separated by spaces.
secs_list() {
	local us out=
	for us in "$@"; do
		out+="${out:+ }$(secs "$us")"
	done
	echo "$out"
}

# hundredths N: N hundredths as "N.NN".
hundredths() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# xfer SSIDE CSIDE ADDR PORT BYTES: one transfer of BYTES from the client
# CSIDE to the server SSIDE (a sink) at ADDR PORT; its wall time in $US
# (microseconds). Dies unless both ends exit 0 and the server received
# exactly what the client sent.
xfer() {
	local t0 sent got
	serve "$1" server "$4" -t 120 -m sink || { served; die "server $1 on $4 did not start: $(outputs)"; }
	t0=$EPOCHREALTIME
	client "$2" client "$3" "$4" -t 120 -m "send:$5"
	US=$((${EPOCHREALTIME/./} - ${t0/./}))
	served
	sent=$(line "$work/c.out" sent) || sent=
	got=$(line "$work/s.out" recv) || got=
	if [ "$SRC" -ne 0 ] || [ "$CRC" -ne 0 ] || [ "$sent" != "$got" ] || [ "${sent%% *}" != "$5" ]; then
		die "transfer $2 -> $1 ($3:$4, $5 bytes, $PNAME) failed: sent '$sent', received '$got'; $(outputs)"
	fi
}

# qdisc NS DEV QDISC|del: the qdisc on DEV's egress, or none.
qdisc() {
	if [ "$3" = del ]; then
		nsx "$1" "$TC" qdisc del dev "$2" root
	else
		# shellcheck disable=SC2086
		nsx "$1" "$TC" qdisc replace dev "$2" root $3 || die "tc qdisc $3 on $2 failed"
	fi
}

# linux_cc NS ALG: ALG as NS's default congestion control if Linux has
# it, cubic otherwise; prints the one set.
linux_cc() {
	if [ "$2" != cubic ] &&
		nsx "$1" sysctl -qw "net.ipv4.tcp_congestion_control=$2" 2>/dev/null; then
		echo "$2"
	else
		nsx "$1" sysctl -qw net.ipv4.tcp_congestion_control=cubic || die "cubic on Linux"
		echo cubic
	fi
}

# row DIR ALG BYTES: under $QDISC, RUNS transfers of BYTES in direction DIR
# (xl: xtcp sends, lx: Linux sends) with xtcp running ALG, each followed
# by one of the baseline's; a line of $ROWS and $RUNLOG, and the goals.
row() {
	local dir=$1 alg=$2 bytes=$3 lalg r xm lm ratio what cc
	local -a xs=() lt=()
	lalg=$(linux_cc "$NS_LA" "$alg")
	if [ "$dir" = xl ]; then
		what="xtcp -> Linux"
		qdisc "$NS_XTCP" veth1 "$QDISC"
	else
		what="Linux -> xtcp"
		qdisc "$NS_PEER" veth0 "$QDISC"
	fi
	qdisc "$NS_LA" veth2 "$QDISC"
	for ((r = 1; r <= RUNS; r++)); do
		port=$((port + 1))
		if [ "$dir" = xl ]; then
			xfer P X 10.0.0.1 "$port" "$bytes"
		else
			xfer X P 10.0.0.2 "$port" "$bytes"
		fi
		xs+=("$US")
		port=$((port + 1))
		xfer LB LA 10.1.0.2 "$port" "$bytes"
		lt+=("$US")
		say "  $PNAME, $what, $alg, run $r of $RUNS: xtcp $(secs "${xs[-1]}") s, Linux $(secs "${lt[-1]}") s"
	done
	if [ "$dir" = xl ]; then
		qdisc "$NS_XTCP" veth1 del
	else
		qdisc "$NS_PEER" veth0 del
	fi
	qdisc "$NS_LA" veth2 del
	xm=$(median "${xs[@]}")
	lm=$(median "${lt[@]}")
	# The ratio in hundredths, rounded.
	ratio=$(((xm * 100 + lm / 2) / lm))
	cc=$alg
	[ "$dir" = xl ] || cc=cubic
	[ "$dir" = lx ] || [ "$lalg" = "$alg" ] || cc="$alg/$lalg"
	ROWS+=("$(printf '%-16s %5s  %-14s %-12s %8s %8s %6s' "$PNAME" "$(human "$bytes")" \
		"$what" "$cc" "$(secs "$xm")" "$(secs "$lm")" "$(hundredths "$ratio")")")
	RUNLOG+=("$PNAME, $what, $cc: xtcp $(secs_list "${xs[@]}") | Linux $(secs_list "${lt[@]}")")
	# The goals are on the cubic rows.
	[ "$alg" = cubic ] || return 0
	GOAL_N=$((GOAL_N + 1))
	GOAL_SUM=$(echo "$GOAL_SUM + l($xm / $lm)" | bc -l)
	((ratio <= 100)) && GOAL_LE1=$((GOAL_LE1 + 1))
	((ratio < 150)) && GOAL_LT15=$((GOAL_LT15 + 1))
	((ratio < 150)) || GOAL_MISS+=("$PNAME, $what $(hundredths "$ratio")")
	return 0
}

bench_topo
tcp_lib_setup
if [ "$GSO" = off ]; then
	nsx "$NS_PEER" ethtool -K veth0 tso off gso off || die "ethtool on veth0"
	nsx "$NS_LA" ethtool -K veth2 tso off gso off || die "ethtool on veth2"
fi
declare -a ROWS=() RUNLOG=() GOAL_MISS=()
GOAL_N=0 GOAL_LE1=0 GOAL_LT15=0 GOAL_SUM=0
total=$(bytes_of "$SIZE")
nsx "$NS_PEER" sysctl -qw net.ipv4.tcp_congestion_control=cubic || die "cubic on Linux"
t_start=$EPOCHREALTIME
port=7000
for alg in $CCS; do
	XTCP cc set default "$alg" || die "xtcp cc set default $alg failed"
	for p in "${PROFILES[@]}"; do
		IFS='|' read -r PNAME QDISC div <<<"$p"
		# shellcheck disable=SC2053
		[[ $PNAME == $GLOB ]] || continue
		dirs=xl
		[ "$alg" = cubic ] && dirs="xl lx"
		for dir in $dirs; do
			say "$PNAME ($QDISC), $dir, $alg: $RUNS runs of $(human $((total / div))) each"
			row "$dir" "$alg" $((total / div))
		done
	done
done
[ ${#ROWS[@]} -gt 0 ] || die "no profile matches '$GLOB'"

say "every run (s):"
for r in "${RUNLOG[@]}"; do
	say "  $r"
done
printf '\nnetem benchmark on %s: median transfer time of %d runs each, xtcp against Linux TCP (Linux TSO/GSO %s)\n' \
	"$(uname -r)" "$RUNS" "$GSO"
printf '%-16s %5s  %-14s %-12s %8s %8s %6s\n' profile size direction cc "xtcp s" "Linux s" ratio
printf '%s\n' "${ROWS[@]}"
if [ "$GOAL_N" -gt 0 ]; then
	gm=$(echo "scale=2; e($GOAL_SUM / $GOAL_N) / 1" | bc -l)
	met() { [ "$1" -eq "$GOAL_N" ] && echo met || echo "not met"; }
	miss=
	for m in "${GOAL_MISS[@]}"; do
		miss+="${miss:+; }$m"
	done
	printf 'goals (cubic rows): ratio <= 1.0 in %d of %d (geometric mean %s): %s; ratio < 1.5 in %d of %d: %s%s\n' \
		"$GOAL_LE1" "$GOAL_N" "$gm" "$(met "$GOAL_LE1")" "$GOAL_LT15" "$GOAL_N" \
		"$(met "$GOAL_LT15")" "${miss:+ (at 1.5 or above: $miss)}"
fi
say "netem benchmark: $(secs $((${EPOCHREALTIME/./} - ${t_start/./}))) s of guest time"
trap - EXIT
kill "$HOLDER" 2>/dev/null || :
rm -rf "$work"
__ns_cleanup || :
xtcp_unload
