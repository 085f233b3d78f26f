# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The TCP interop tests' shared machinery, sourced after lib.sh by
# tcp_interop_test.sh and tcp_netem_test.sh: both ends run by
# selftests/xtcp_tcp (X on the 10.0.0.2 side, P on Linux's), Linux's
# counters and sockets read through a process in $NS_PEER without an exec,
# and transfer, one connection checked by sha256, sockets and counters.
#
# The sourcing test sets TOOL, XFAM (the X side's family flags), XSIDE and
# XNAME, builds its topology, then calls tcp_lib_setup.

# X / P ARGS...: the tool on the xtcp side / the Linux side. It enters the
# namespace itself (-N): an nsenter exec costs about a second under TCG.
X() { "$TOOL" -N "$NS_XTCP" "${XFAM[@]}" "$@"; }
P() { "$TOOL" -N "$NS_PEER" -f inet "$@"; }

# nap SEC: sleep without an exec (each one costs most of a second under
# TCG): a read that times out on a FIFO nobody writes.
nap() { read -r -t "$1" -u "$NEVER" || :; }

# note TEXT: a TAP comment line.
note() { printf '# %s\n' "$*"; }

# since T0: seconds from $EPOCHREALTIME T0 to now, as "S.S".
since() {
	local us=$((${EPOCHREALTIME/./} - ${1/./}))
	printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10))
}

# ---- Linux counters and sockets, read through a process in $NS_PEER
# ($HOLDER) without an exec. Files in /proc/net are read with mapfile: a
# "while read" loop seeks back after every line, and a seek in a seq_file
# walks it again from the start (quadratic, and entries go missing while
# the table changes).

# snap ARRAY: the Tcp: and TcpExt: counters of $NS_PEER into ARRAY, and
# IpExt's ECN counters (InNoECTPkts, InECT0Pkts, InCEPkts...; the rest of
# IpExt would clash with Tcp's names).
snap() {
	local -n __s=$1
	local f i j hdr vals
	local -a lines
	__s=()
	for f in snmp netstat; do
		mapfile -t lines < "/proc/$HOLDER/net/$f"
		for ((j = 0; j + 1 < ${#lines[@]}; j += 2)); do
			# shellcheck disable=SC2206
			hdr=(${lines[j]})
			# shellcheck disable=SC2206
			vals=(${lines[j + 1]})
			case ${hdr[0]} in
			Tcp: | TcpExt:)
				for ((i = 1; i < ${#hdr[@]}; i++)); do
					__s[${hdr[i]}]=${vals[i]}
				done ;;
			IpExt:)
				for ((i = 1; i < ${#hdr[@]}; i++)); do
					[[ ${hdr[i]} == In*ECT*Pkts || ${hdr[i]} == InCEPkts ]] &&
						__s[${hdr[i]}]=${vals[i]}
				done ;;
			esac
		done
	done
}
declare -A CB CA

# d NAME: NAME's rise between the snapshots CB and CA.
d() { echo $((${CA[$1]:-0} - ${CB[$1]:-0})); }

# deltas NAME...: "NAME +N ..." for a note.
deltas() {
	local n out=
	for n in "$@"; do
		out+="$n +$(d "$n") "
	done
	echo "${out% }"
}

# ---- running the two ends

# serve SIDE ARGS...: a server in the background (output in $work/s.out and
# $work/s.err), returning once it listens.
serve() {
	local side=$1 i line
	shift
	: > "$work/s.err"
	"$side" "$@" > "$work/s.out" 2>> "$work/s.err" &
	SPID=$!
	for ((i = 0; i < 600; i++)); do
		while read -r line; do
			[[ $line == listening* ]] && return 0
		done < "$work/s.err"
		kill -0 "$SPID" 2>/dev/null || return 1
		nap 0.05
	done
	return 1
}

# client SIDE ARGS...: a client in the foreground; $work/c.out, c.err, $CRC.
client() {
	local side=$1
	shift
	"$side" "$@" > "$work/c.out" 2> "$work/c.err"
	CRC=$?
}

# served: wait for the server; $SRC.
served() {
	wait "$SPID"
	SRC=$?
}

# line FILE WORD: the first line of FILE starting with WORD, WORD dropped.
line() {
	local w rest
	while read -r w rest; do
		[ "$w" = "$2" ] && { echo "$rest"; return 0; }
	done < "$1"
	return 1
}

# outputs: both ends' output on one line, for a failure message.
outputs() {
	local f
	for f in s.out s.err c.out c.err; do
		printf '%s: %s :: ' "$f" "$(tr '\n' '|' < "$work/$f")"
	done
	printf 'server exit %s, client exit %s' "$SRC" "$CRC"
	[ "$XSIDE" = inet ] || printf '; xtcp drops since load: %s' "$(xdrops)"
}

# xdrops: xtcp's non-zero drop reasons (XtcpDrop: in /proc/net/xtcp_snmp),
# to say in a failure where the other side's segments went.
xdrops() {
	# shellcheck disable=SC2016
	nsx "$NS_XTCP" awk '$1 == "XtcpDrop:" {
		if (!h) { for (i = 2; i <= NF; i++) k[i] = $i; h = 1; next }
		for (i = 2; i <= NF; i++) if ($i != 0) printf "%s %s ", k[i], $i
	}' /proc/net/xtcp_snmp
}

# peer_states PORT: the states, named as ss names them, of Linux's sockets
# with PORT at either end, listeners left out, one word each. Read from
# /proc/net/tcp, as ss itself does on this kernel (no INET_DIAG), but
# without an exec.
TCP_STATE=([1]=ESTAB SYN-SENT SYN-RECV FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT UNCONN
	CLOSE-WAIT LAST-ACK LISTEN CLOSING)
peer_states() {
	local hex line f
	local -a lines
	printf -v hex '%04X' "$1"
	mapfile -t lines < "/proc/$HOLDER/net/tcp"
	for line in "${lines[@]}"; do
		# ":PORT " is only ever a port of the address columns.
		[[ $line == *":$hex "* ]] || continue
		# shellcheck disable=SC2206
		f=($line)
		[ "${f[3]}" = 0A ] || echo "${TCP_STATE[16#${f[3]}]}"
	done
}

# ss_count PORT STATE N: ss -tan counts N Linux sockets in STATE with PORT
# at either end.
ss_count() {
	local -a l
	mapfile -t l < <(ss -N "$NS_PEER" -Htan state "$2" "( sport = :$1 or dport = :$1 )")
	[ "${#l[@]}" -eq "$3" ] && return 0
	note "ss: port $1 has ${#l[@]} sockets in $2, not $3"
	return 1
}

# xside_count STATE PORT: how many sockets in STATE (ss's name) with PORT
# at either end the 10.0.0.2 side lists: `xtcp sock show`, or ss for inet.
xside_count() {
	local -a l
	if [ "$XSIDE" = inet ]; then
		mapfile -t l < <(ss -N "$NS_XTCP" -Htan state "$1" "( sport = :$2 or dport = :$2 )")
	else
		mapfile -t l < <(nsx "$NS_XTCP" "$XTCP_ROOT/tools/xtcp/xtcp" sock show state "$1" port "$2" | grep -i "^$1 ")
	fi
	echo "${#l[@]}"
}

# xside_proc STATE PORT: the same count from the side's /proc/net/xtcp
# (/proc/net/tcp for inet); STATE is the hex number of the st column.
xside_proc() {
	local f=xtcp
	[ "$XSIDE" = inet ] && f=tcp
	# shellcheck disable=SC2016
	nsx "$NS_XTCP" awk -v p="$(printf ':%04X' "$2")" -v st="$1" '
		$4 == st && (substr($2, 9) == p || substr($3, 9) == p) { n++ }
		END { print n + 0 }' "/proc/net/$f"
}

# settled PORT [STATE]: Linux holds no socket with PORT, or (with STATE)
# only sockets in STATE; it gets a few seconds to finish closing. Sets
# $STATES to a count of each state.
settled() {
	local try st ok
	local -A cnt
	for try in {1..20}; do
		cnt=()
		ok=1
		for st in $(peer_states "$1"); do
			cnt[$st]=$((${cnt[$st]:-0} + 1))
			[ "$st" = "${2:-}" ] || ok=0
		done
		STATES=
		for st in "${!cnt[@]}"; do
			STATES+=" $st ${cnt[$st]}"
		done
		STATES=${STATES:- none}
		[ $ok -eq 1 ] && return 0
		[ "$try" -lt 20 ] && nap 0.25
	done
	return 1
}

# ---- cases

# transfer NAME PORT SSIDE "SERVER ARGS" CSIDE "CLIENT ARGS" SENT_BY RECV_BY
# [CHECK]: one connection; the "sent" line of SENT_BY (s or c) and the "recv"
# line of RECV_BY must match, both ends exit 0, Linux keeps no socket but
# TIME-WAIT, and CHECK (an expression over the counter deltas) holds.
transfer() {
	local name=$1 port=$2 ss=$3 sargs=$4 cs=$5 cargs=$6 by=$7 to=$8 check=${9:-true}
	local t0=$EPOCHREALTIME sent got why=

	snap CB
	# shellcheck disable=SC2086
	if ! serve "$ss" server "$port" $sargs; then
		served
		tap_fail "$name" "server did not start: $(outputs)"
		return
	fi
	# shellcheck disable=SC2086
	client "$cs" client "10.0.0.$([ "$ss" = P ] && echo 1 || echo 2)" "$port" $cargs
	served
	snap CA
	sent=$(line "$work/$by.out" sent)
	got=$(line "$work/$to.out" recv)
	if [ "$SRC" -ne 0 ] || [ "$CRC" -ne 0 ]; then
		why="exit status"
	elif [ -z "$sent" ] || [ "$sent" != "$got" ]; then
		why="sent '$sent', received '$got'"
	elif ! settled "$port" TIME-WAIT; then
		why="Linux sockets not closed: $STATES"
	elif ! eval "$check"; then
		why="counters: $check is false"
	fi
	note "$name: ${sent:-nothing sent} in $(since "$t0") s;" \
		"Linux $(deltas ActiveOpens PassiveOpens EstabResets OutRsts InSegs OutSegs RetransSegs InCsumErrors InErrs TCPOFOQueue);" \
		"Linux sockets:$STATES"
	if [ -z "$why" ]; then
		tap_ok "$name"
	else
		tap_fail "$name" "$why; $(outputs)"
	fi
}

# Counter checks, on the Linux side, for transfer's CHECK.
# shellcheck disable=SC2317
clean() { [ "$(d InCsumErrors)" -eq 0 ] && [ "$(d InErrs)" -eq 0 ]; }
# passive N: Linux opened N connections passively and reset none. The
# handshake's last ACK (sent by the client's softirq) and its first data
# (sent by the woken process on another CPU) can reach Linux's listener on
# two CPUs at once; both make a child, one loses the insert into the
# established table (Linux's "own_req" race, inet_ehash_nolisten()) and is
# freed quietly, but PassiveOpens counted both. So N or more, never an
# extra connection: one would be reset from ESTABLISHED when the server
# closes its listener (EstabResets).
passive() { [ "$(d PassiveOpens)" -ge "$1" ] && [ "$(d EstabResets)" -eq 0 ]; }
lnx_server() { clean && passive 1 && [ "$(d ActiveOpens)" -eq 0 ]; }
lnx_client() { clean && [ "$(d ActiveOpens)" -eq 1 ] && [ "$(d PassiveOpens)" -eq 0 ]; }

# offloads SIDE on|off: all veth offloads of both ends; reads them back.
offloads() {
	local ns dev f
	for ns in "$NS_PEER veth0" "$NS_XTCP veth1"; do
		# shellcheck disable=SC2086
		set -- $ns
		nsx "$1" ethtool -K "$2" tso "$OFF" gso "$OFF" gro "$OFF" tx "$OFF" rx "$OFF" ||
			return 1
		f=$(nsx "$1" ethtool -k "$2") || return 1
		for dev in tcp-segmentation-offload generic-segmentation-offload \
			generic-receive-offload tx-checksumming rx-checksumming; do
			grep -q "^$dev: $OFF" <<< "$f" || { echo "$2: $(grep "^$dev:" <<< "$f")"; return 1; }
		done
	done
}


# tcp_lib_setup: the work directory, the FIFO nap reads, and $HOLDER, a
# process in $NS_PEER whose /proc/PID/net is Linux's. Installs the EXIT
# trap that removes them and the namespaces.
tcp_lib_setup() {
	work=$(mktemp -d)
	mkfifo "$work/never" && exec {NEVER}<> "$work/never"
	# Not nsx: $! must be the process that enters the namespace.
	nsenter --net="/run/netns/$NS_PEER" sleep infinity &
	HOLDER=$!
	trap 'kill "$HOLDER" 2>/dev/null; rm -rf "$work"; __ns_cleanup' EXIT
	for _ in $(seq 100); do
		[ "/proc/$HOLDER/ns/net" -ef "/run/netns/$NS_PEER" ] && break
		nap 0.05
	done
}
