# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared shell library of xtcp's selftests: TAP output and network-namespace
# topologies. Source it from a test; every namespace and link it creates is
# removed by the EXIT trap it installs.
#
#   topo_two_ns            # $NS_PEER (Linux peer) and $NS_XTCP joined by veth:
#                          #   veth0 in $NS_PEER, veth1 in $NS_XTCP
#   topo_netem "delay 10ms loss 1%"   # netem on the peer's veth0
#   tap_ok / tap_fail / tap_done      # one aligned result line per case

XTCP_ROOT=${XTCP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
IP=/usr/sbin/ip
TC=/usr/sbin/tc

__tap_n=0
__tap_failed=0
__tap_plan=${__tap_plan:-0}
__ns_list=()

tap_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

tap_ok() {
	__tap_n=$((__tap_n + 1))
	printf 'ok %d %s\n' "$__tap_n" "$1"
}

# tap_fail NAME [REASON...]: a failure, with the reason and, if a topology
# exists, the state of its namespaces.
tap_fail() {
	local name=$1 ns
	shift
	__tap_n=$((__tap_n + 1))
	__tap_failed=$((__tap_failed + 1))
	printf 'not ok %d %s\n' "$__tap_n" "$name"
	[ $# -gt 0 ] && printf '# %s\n' "$*"
	for ns in "${__ns_list[@]}"; do
		echo "# --- netns $ns"
		$IP -n "$ns" -brief addr 2>&1 | sed 's/^/#   /'
		$IP netns exec "$ns" ss -tuan 2>&1 | sed 's/^/#   /'
	done
	return 0
}

# check NAME CMD...: run CMD, report ok or not ok with its output.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$name"
	else
		tap_fail "$name" "command failed: $* :: ${out//$'\n'/ | }"
	fi
}

tap_done() {
	exit $((__tap_failed > 0))
}

__ns_cleanup() {
	local ns
	for ns in "${__ns_list[@]}"; do
		$IP netns del "$ns" 2>/dev/null
	done
	__ns_list=()
	[ -n "$__run_errf" ] && rm -f "$__run_errf"
}
trap __ns_cleanup EXIT

# ns_new VAR: create a namespace with a random name, store the name in VAR.
ns_new() {
	local name
	name="xtcp-$1-$(mktemp -u XXXXXX)"
	$IP netns add "$name" || return 1
	$IP -n "$name" link set lo up
	__ns_list+=("$name")
	printf -v "$1" '%s' "$name"
}

# topo_two_ns: the two-namespace topology of the interop tests.
#   NS_PEER: Linux's own stack, veth0 10.0.0.1/24
#   NS_XTCP: veth1, left without a kernel IPv4 address for xtcp to own
topo_two_ns() {
	ns_new NS_PEER || return 1
	ns_new NS_XTCP || return 1
	$IP link add veth0 netns "$NS_PEER" type veth peer name veth1 netns "$NS_XTCP" || return 1
	$IP -n "$NS_PEER" addr add 10.0.0.1/24 dev veth0 || return 1
	$IP -n "$NS_PEER" link set veth0 up || return 1
	$IP -n "$NS_XTCP" link set veth1 up || return 1
}

# topo_netem ARGS: netem on the peer's side of the link.
topo_netem() {
	# shellcheck disable=SC2086
	$IP netns exec "$NS_PEER" $TC qdisc replace dev veth0 root netem $1
}

# xtcp_load: insmod the module built for the running kernel, unless loaded.
xtcp_load() {
	[ -e /sys/module/xtcp ] && return 0
	insmod "${XTCP_KO:-$XTCP_ROOT/module/xtcp.ko}"
}

# xtcp_unload: rmmod, reporting why not.
xtcp_unload() {
	[ -e /sys/module/xtcp ] || return 0
	rmmod xtcp
}

# nsx NS CMD...: CMD in network namespace NS. nsenter, not ip netns exec:
# no mount namespace and /sys remount per call, which is most of a call's
# time on the TCG debug kernel. /proc/net, /proc/sys/net and netlink follow
# the namespace; /sys/class/net does not, so programs that read it (scapy,
# tcpdump) go through ip netns exec.
nsx() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@"
}

# XTCP CMD...: the CLI inside the xtcp namespace.
XTCP() {
	nsx "$NS_XTCP" "$XTCP_ROOT/tools/xtcp/xtcp" "$@"
}

# xtcp_counter NAME: a counter from /proc/net/xtcp_snmp in $NS_XTCP, from
# any "Prefix: names" / "Prefix: values" line pair (Xtcp:, XtcpDrop:).
# Prints nothing and fails when the file or the counter is missing.
xtcp_counter() {
	nsx "$NS_XTCP" cat /proc/net/xtcp_snmp | awk -v want="$1" '
		{ if (prev == $1) { for (i = 2; i <= NF; i++) if (keys[i] == want) { print $i; found = 1 }; prev = "" }
		  else { prev = $1; for (i = 2; i <= NF; i++) keys[i] = $i } }
		END { exit !found }'
}

# topo_xtcp: topo_two_ns with xtcp owning veth1 as 10.0.0.2/24.
topo_xtcp() {
	topo_two_ns || return 1
	xtcp_load || return 1
	XTCP link add dev veth1 || return 1
	XTCP addr add 10.0.0.2/24 dev veth1 || return 1
}

# expect_rise NAME BEFORE: the counter is now above BEFORE.
expect_rise() {
	local now
	now=$(xtcp_counter "$1")
	[ -n "$now" ] && [ "$now" -gt "$2" ]
}

# The namespace ns_run uses by default, and words put before its command.
RUN_NS=
RUN_CMD=()
UNPRIV=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
__run_errf=

# ns_run [-u] [-n NS] ARGS...: "${RUN_CMD[@]}" ARGS in NS (default
# $RUN_NS), -u as an unprivileged user. Sets $out, $err and $rc.
ns_run() {
	local ns=$RUN_NS pre=()

	while :; do
		case "$1" in
		-u) pre=("${UNPRIV[@]}"); shift ;;
		-n) ns=$2; shift 2 ;;
		*) break ;;
		esac
	done
	[ -n "$__run_errf" ] || __run_errf=$(mktemp)
	out=$(nsx "$ns" "${pre[@]}" "${RUN_CMD[@]}" "$@" 2>"$__run_errf")
	rc=$?
	err=$(<"$__run_errf")
}

# ns_expect NAME RC REGEX_OUT REGEX_ERR [ns_run options] CMD...: one case,
# passing when CMD exits RC and both outputs match (bash regexes over the
# whole output, without its last newline).
ns_expect() {
	local name=$1 want=$2 re_out=$3 re_err=$4
	shift 4
	ns_run "$@"
	if [ "$rc" -eq "$want" ] && [[ $out =~ $re_out ]] && [[ $err =~ $re_err ]]; then
		tap_ok "$name"
	else
		tap_fail "$name" "want exit $want, /$re_out/, /$re_err/; $(run_why "$*")"
	fi
}

# run_why WHAT: what the last ns_run did, for a failure line.
run_why() {
	printf '%s: exit %d :: stdout: %s :: stderr: %s' "$1" "$rc" \
		"${out//$'\n'/ | }" "${err//$'\n'/ | }"
}
