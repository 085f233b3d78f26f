# The benchmarks' shared pieces, inside the VM: sourced after
# selftests/lib.sh by scripts/guest/bench.sh and netem-bench.sh.
# shellcheck shell=bash

say() { printf '%s\n' "$*" >&2; }
die() { say "${0##*/}: $*"; exit 1; }

# bench_topo: the two topologies side by side. xtcp (10.0.0.2, $NS_XTCP,
# veth1) talking to Linux (10.0.0.1, $NS_PEER, veth0), as topo_xtcp
# builds it, and the baseline: Linux (10.1.0.1, $NS_LA, veth2) talking to
# Linux (10.1.0.2, $NS_LB, veth3). Linux resolves the other end with ARP
# first, so no figure pays for it.
bench_topo() {
	topo_xtcp || die "xtcp topology failed"
	ns_new NS_LA || die "netns"
	ns_new NS_LB || die "netns"
	$IP link add veth2 netns "$NS_LA" type veth peer name veth3 netns "$NS_LB" || die "veth"
	$IP -n "$NS_LA" addr add 10.1.0.1/24 dev veth2
	$IP -n "$NS_LB" addr add 10.1.0.2/24 dev veth3
	$IP -n "$NS_LA" link set veth2 up
	$IP -n "$NS_LB" link set veth3 up
	nsx "$NS_PEER" ping -c 1 -W 2 10.0.0.2 >/dev/null || die "xtcp does not answer ping"
	nsx "$NS_LA" ping -c 1 -W 2 10.1.0.2 >/dev/null || die "baseline ping"
}

# bytes_of SIZE: SIZE (a number, or with a K, M or G suffix) in bytes.
bytes_of() {
	local n=${1%[KMG]}
	case "$1" in
	*K) echo $((n << 10)) ;; *M) echo $((n << 20)) ;; *G) echo $((n << 30)) ;;
	*) echo "$n" ;;
	esac
}

# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
