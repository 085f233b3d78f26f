#!/usr/bin/env bash
# make bench: xtcp against Linux TCP in one VM run, as ratios (a
# benchmark, not a test: it prints figures and fails only when a run
# fails). Debian's stock kernel by default, as the debug kernel's KASAN
# and lockdep distort every figure; --kernel debug to compare.
#
#   scripts/bench.sh [--kernel stock|debug]
#
# XTCP_BENCH_BULK (50M), XTCP_BENCH_RR (1000), XTCP_BENCH_CONNS (10000)
# and XTCP_BENCH_ROUNDS (3) size it; see scripts/guest/bench.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
kernel=stock
[ "${1:-}" = --kernel ] && kernel=$2
cd "$XTCP_ROOT"
make -s modules selftests tools
[ "$kernel" = stock ] && make -s stock
exec scripts/vm.sh --kernel "$kernel" --timeout 3600 -- env \
	XTCP_BENCH_BULK="${XTCP_BENCH_BULK:-50M}" XTCP_BENCH_RR="${XTCP_BENCH_RR:-1000}" \
	XTCP_BENCH_CONNS="${XTCP_BENCH_CONNS:-10000}" XTCP_BENCH_ROUNDS="${XTCP_BENCH_ROUNDS:-3}" \
	scripts/guest/bench.sh
