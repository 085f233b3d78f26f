#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "xtcp sysctl": the per-namespace TCP tunables, side by side with Linux's
# own sysctls in a fresh namespace. Names, defaults and the values each
# accepts or refuses must be Linux's; a set must read back as Linux's
# does; namespaces are isolated; setting needs CAP_NET_ADMIN.
. "$(dirname "$0")/lib.sh"

XTCP=$XTCP_ROOT/tools/xtcp/xtcp

# shellcheck disable=SC2317
cleanup() {
	__ns_cleanup
	[ -d /sys/module/xtcp ] && rmmod xtcp 2>/dev/null
}
trap cleanup EXIT

# Where Linux keeps one of our tunables under /proc/sys/net.
linux_path() {
	case $1 in
	somaxconn) echo "core/$1" ;;
	*) echo "ipv4/$1" ;;
	esac
}

# norm VAR TEXT: TEXT with the blanks of each line squeezed to one space
# and none at either end, into VAR, for comparing vectors. Builtins only:
# each program started costs seconds under emulation.
norm() {
	local line res="" sep="" w
	while IFS= read -r line; do
		read -ra w <<<"$line"
		res+="$sep${w[*]}"
		sep=$'\n'
	done <<<"$2"
	printf -v "$1" '%s' "$res"
}

# lines_matching TEXT NAME: the values of TEXT's "NAME = value" lines.
lines_matching() {
	local line res="" sep=""
	while IFS= read -r line; do
		[[ $line == "$2 = "* ]] || continue
		res+="$sep${line#"$2 = "}"
		sep=$'\n'
	done <<<"$1"
	printf '%s' "$res"
}

# ---- setup ----
[ ! -d /sys/module/xtcp ] || rmmod xtcp || { echo "Bail out! xtcp is loaded and busy"; exit 1; }
[ -x "$XTCP" ] || { echo "Bail out! $XTCP is not built"; exit 1; }
if ! ns_new NS_X || ! ns_new NS_L || ! ns_new NS_X2; then
	echo "Bail out! cannot create namespaces"
	exit 1
fi
RUN_NS=$NS_X
if ! insmod "${XTCP_KO:-$XTCP_ROOT/module/xtcp.ko}"; then
	echo "Bail out! insmod failed"
	exit 1
fi

ns_run "$XTCP" sysctl show
names=$(sed -n 's/ = .*//p' <<<"$out")
count=$(wc -w <<<"$names")
tap_plan $((count + 18))
if [ "$rc" -eq 0 ] && [ "$count" -ge 17 ]; then
	tap_ok "show: $count tunables"
else
	tap_fail "show: the tunables" "$(run_why show)"
fi

# ---- defaults: what Linux gives a new namespace ----
# One shell in Linux's namespace reads them all (builtins only: each
# program started costs seconds under emulation).
paths=()
for n in $names; do
	paths+=("$(linux_path "$n")")
done
linux_defaults=$(nsx "$NS_L" bash -c '
	for p; do read -r v < "/proc/sys/net/$p" || v="(unreadable)"; echo "$v"; done' _ "${paths[@]}")
mapfile -t linux_lines <<<"$linux_defaults"
mine=
theirs=
i=0
for n in $names; do
	i=$((i + 1))
	norm mine "$(lines_matching "$out" "$n")"
	norm theirs "${linux_lines[i - 1]}"
	if [ "$n" = tcp_available_congestion_control ]; then
		# xtcp has more algorithms built in: Linux's must be among them.
		missing=
		for a in $theirs; do
			[[ " $mine " == *" $a "* ]] || missing="$missing $a"
		done
		if [ -n "$theirs" ] && [ -z "$missing" ]; then
			tap_ok "default $n = $mine, Linux's ($theirs) among them"
		else
			tap_fail "default $n" "xtcp '$mine' lacks Linux's:$missing"
		fi
	elif [ "$n" = tcp_max_syn_backlog ]; then
		# Linux derives it from its hash size: max(128, entries / 128).
		if [ "$mine" = 512 ]; then
			tap_ok "default $n = 512 (xtcp's 64K-entry hash; Linux here: $theirs)"
		else
			tap_fail "default $n" "xtcp '$mine', want 512"
		fi
	elif [ "$mine" = "$theirs" ]; then
		tap_ok "default $n = $mine, as Linux"
	else
		tap_fail "default $n, as Linux" "xtcp '$mine', Linux '$theirs'"
	fi
done

# ---- values Linux accepts or refuses, tried on both ----
# table WHAT NAME VALUE...: each value is written to Linux's sysctl and set
# through xtcp, in order; both must accept or both refuse, and read back
# the same afterwards. One shell per side runs the whole table.
table() {
	local what=$1 lin xt fails="" ok=0 i=0 args=() lpaths=() n v l="" x=""
	local lin_lines=() xt_lines=()
	shift
	args=("$@")
	for ((i = 0; i < ${#args[@]}; i += 2)); do
		lpaths+=("$(linux_path "${args[i]}")" "${args[i + 1]}")
	done
	lin=$(nsx "$NS_L" bash -c '
		while [ $# -gt 0 ]; do
			f=/proc/sys/net/$1 v=$2
			shift 2
			if echo "$v" 2>/dev/null > "$f"; then r=0; else r=1; fi
			read -r cur < "$f"
			echo "$r $cur"
		done' _ "${lpaths[@]}")
	xt=$(nsx "$NS_X" bash -c '
		x=$1
		shift
		while [ $# -gt 0 ]; do
			n=$1 v=$2
			shift 2
			# $v unquoted: a vector is several arguments.
			if "$x" sysctl set "$n" $v >/dev/null 2>&1; then r=0; else r=1; fi
			cur=$("$x" sysctl show "$n")
			echo "$r ${cur#* = }"
		done' _ "$XTCP" "$@")
	mapfile -t lin_lines <<<"$lin"
	mapfile -t xt_lines <<<"$xt"
	for ((i = 0; i < ${#args[@]}; i += 2)); do
		n=${args[i]} v=${args[i + 1]}
		norm l "${lin_lines[i / 2]}"
		norm x "${xt_lines[i / 2]}"
		if [ -n "$l" ] && [ "$l" = "$x" ]; then
			ok=$((ok + 1))
		else
			fails+="$n=$v: Linux '$l', xtcp '$x' (exit, value); "
		fi
	done
	if [ -z "$fails" ]; then
		tap_ok "$what: $ok values, as Linux"
	else
		tap_fail "$what, as Linux" "$fails"
	fi
}

table "u8 limits" \
	tcp_syn_retries 0 tcp_syn_retries 1 tcp_syn_retries 127 tcp_syn_retries 128 \
	tcp_tw_reuse 3 tcp_tw_reuse 0 tcp_ecn 3 tcp_ecn 1 \
	tcp_syncookies 255 tcp_syncookies 256 tcp_syncookies -1 tcp_syncookies 2 \
	tcp_keepalive_probes abc tcp_keepalive_probes 20 tcp_sack 0 tcp_sack 1
table "seconds" \
	tcp_fin_timeout 30 tcp_fin_timeout -5 tcp_fin_timeout 2147483 \
	tcp_fin_timeout 2147484 tcp_fin_timeout 1x tcp_keepalive_time 600 \
	tcp_keepalive_intvl 10 tcp_fin_timeout 60
table "ints" \
	somaxconn -1 somaxconn 0 somaxconn 128 tcp_max_syn_backlog -1 \
	tcp_max_syn_backlog 2048
table "vectors" \
	tcp_rmem "8192 262144 8388608" tcp_rmem "1 2 3" tcp_rmem 16384 \
	tcp_wmem "0 1 1" tcp_wmem "1 1 1" tcp_wmem "4096 16384 4194304"

# ---- errors the kernel gives, with their reasons ----
ns_expect "unknown name: ENOENT" 1 '^$' '^xtcp: No such file or directory: no such tunable$' \
	"$XTCP" sysctl set tcp_nosuch 1
ns_expect "four values: EINVAL, too many" 1 '^$' 'usage|at most three' \
	"$XTCP" sysctl set tcp_rmem 1 2 3 4
ns_expect "two values for a scalar: EINVAL" 1 '^$' '^xtcp: Invalid argument: too many values$' \
	"$XTCP" sysctl set tcp_sack 1 1
ns_expect "out of range: EINVAL with the reason" 1 '^$' '^xtcp: Invalid argument: value out of range$' \
	"$XTCP" sysctl set tcp_tw_reuse 9
ns_expect "set without a value: usage" 1 '^$' 'set needs NAME and VALUE' \
	"$XTCP" sysctl set tcp_sack
ns_expect "show of an unknown name" 1 '^$' 'no tunable named "tcp_nosuch"' \
	"$XTCP" sysctl show tcp_nosuch
ns_expect "Linux's full name works" 0 '^$' '^$' "$XTCP" sysctl set net.ipv4.tcp_sack 0
ns_expect "show NAME" 0 '^tcp_sack = 0$' '^$' "$XTCP" sysctl show tcp_sack
ns_expect "-j show NAME: JSON" 0 '^\[\{"name":"tcp_sack","value":"0"\}\]' '^$' \
	"$XTCP" -j sysctl show tcp_sack

# ---- namespaces and privileges ----
ns_expect "another namespace keeps its defaults" 0 '^tcp_sack = 1$' '^$' \
	-n "$NS_X2" "$XTCP" sysctl show tcp_sack
ns_expect "unprivileged set: EPERM, CAP_NET_ADMIN" 1 '^$' 'Operation not permitted.*CAP_NET_ADMIN' \
	-u "$XTCP" sysctl set tcp_sack 1
ns_expect "unprivileged show works" 0 '^tcp_sack = 0$' '^$' -u "$XTCP" sysctl show tcp_sack

if rmmod xtcp; then
	tap_ok "rmmod"
else
	tap_fail "rmmod" "busy"
fi
tap_done
