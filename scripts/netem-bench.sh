#!/usr/bin/env bash
# make netem-bench: xtcp's transfer time under each netem profile of
# tcp_netem_test.sh, each direction, divided by Linux TCP's under the same
# qdisc in the same VM run: medians of alternating runs (a benchmark,
# not a test: it prints figures and fails only when a transfer fails).
# Debian's stock kernel by default; --kernel debug to compare.
#
#   scripts/netem-bench.sh [--kernel stock|debug] [--runs N] [--size S]
#                          [--profiles GLOB] [--cc 'ALG...'] [--no-gso]
#
#   --runs N         transfers of each stack per row (default 5)
#   --size S         bytes per transfer, K/M/G suffixes (default 2M);
#                    loss 10 % moves half of it, loss 20 % a quarter
#   --profiles GLOB  a bash extglob over the profile names, e.g.
#                    'loss*' or '@(loss 1%|tbf*)' (default all nine)
#   --cc 'ALG...'    xtcp's algorithms, a set of rows each (default
#                    cubic); see scripts/guest/netem-bench.sh
#   --no-gso         TSO and GSO off on the Linux senders, so netem drops
#                    single segments, not 64 KB GSO skbs, as for xtcp
#
# A full run (nine profiles, both directions, 5 runs) took 8 minutes of
# VM time on the stock kernel and 15 on the debug one (TCG, two cores).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
kernel=stock runs=5 size=2M profiles='*' cc=cubic gso=on
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--size) size=$2; shift 2 ;;
	--profiles) profiles=$2; shift 2 ;;
	--cc) cc=$2; shift 2 ;;
	--no-gso) gso=off; shift ;;
	-h|--help) sed -n '2,22p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"
[[ $size =~ ^[1-9][0-9]*[KMG]?$ ]] || die "--size wants a number with an optional K, M or G"
cd "$XTCP_ROOT"
make -s modules selftests tools
[ "$kernel" = stock ] && make -s stock
exec scripts/vm.sh --kernel "$kernel" --timeout "${XTCP_VM_TIMEOUT:-7200}" -- env \
	NB_RUNS="$runs" NB_SIZE="$size" NB_PROFILES="$profiles" NB_CC="$cc" NB_GSO="$gso" \
	scripts/guest/netem-bench.sh
