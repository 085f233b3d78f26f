#!/bin/bash
# The congestion control picture of docs/congestion-control.md, from real
# traces: the same transfer through the same netem link under tahoe,
# reno, newreno and cubic, one VM run each (debug kernel), then
# scripts/cc-plot.py stacks the four into one PNG.
#
#   scripts/cc-figures.sh [OUT.png]       (default docs/cc-algorithms.png)
#
# The link: 20 ms of delay, 10 Mbit/s and a 40-packet queue on xtcp's side,
# so the losses are a drop-tail queue's, as on the notes' classic plots.
# CC_BYTES and CC_NETEM change the transfer and the link; the traces are
# kept in .build/cc/. The loss recovery is the classic one the notes draw,
# duplicate ACKs (XTCP_RECOVERY dupack); CC_RECOVERY=rack or rfc6675
# draws the same algorithms under xtcp's SACK-based recovery.
recovery=${CC_RECOVERY:-dupack}
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$XTCP_ROOT/docs/cc-algorithms.png}
bytes=${CC_BYTES:-6M}
netem=${CC_NETEM:-delay 20ms rate 10mbit limit 40}
XTCP_APT_PKGS=(gnuplot-nox)
xtcp_ensure_packages
make -s -C "$XTCP_ROOT" modules selftests tools
dir=$XTCP_ROOT/.build/cc
mkdir -p "$dir"
traces=()
for alg in tahoe reno newreno cubic; do
	log "tracing $alg ($recovery): $bytes through netem $netem"
	"$XTCP_ROOT/scripts/vm.sh" --timeout 900 -- env XTCP_ROOT="$XTCP_ROOT" \
		XTCP_RECOVERY="$recovery" \
		"$XTCP_ROOT/scripts/guest/cc-trace.sh" "$alg" "$bytes" "$netem" \
		> "$dir/$alg.trace" 2> "$dir/$alg.log" ||
		die "the $alg run failed: see $dir/$alg.log"
	traces+=("$dir/$alg.trace")
done
python3 "$XTCP_ROOT/scripts/cc-plot.py" -o "$out" "${traces[@]}"
