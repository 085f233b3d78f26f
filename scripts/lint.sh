#!/usr/bin/env bash
# make lint: checkpatch.pl --strict (from the extracted 6.1 source) over every
# C file, and sparse (C=2) over the kernel code. Fails on any finding, and
# when either tool did not run on every file.
#
#   scripts/lint.sh [--checkpatch|--sparse]    # both by default
#
# XTCP_CHECKPATCH and XTCP_SPARSE replace the tools (the lint self-test in
# scripts/results-selftest.sh points them at programs that do not work).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$XTCP_ROOT"

only=${1:-}
ksrc=$(scripts/build-kernel.sh) || die "no test kernel"
command -v sparse >/dev/null || xtcp_ensure_packages
checkpatch_pl=${XTCP_CHECKPATCH:-$ksrc/scripts/checkpatch.pl}
sparse=${XTCP_SPARSE:-sparse}
fail=0

mapfile -t files < <(find module kunit selftests include tools -name '*.[ch]' \
	! -name trace.h ! -name '*.mod.c' 2>/dev/null | sort)
# checkpatch IGNORE FILE...: print the findings; fail when checkpatch did
# not report on every file (it exits 0 on a file it cannot read).
checkpatch() {
	local ignore=$1 out n
	shift
	out=$("$checkpatch_pl" --strict --no-tree --emacs --show-types \
		--ignore "$ignore" -f "$@" 2>&1)
	grep -E '^[^ ]+:[0-9]+: (ERROR|WARNING|CHECK):' <<<"$out"
	n=$(grep -c '^total: ' <<<"$out")
	if [ "$n" -ne $# ]; then
		echo "checkpatch did not run: it reported on $n of $# files: $(grep -v '^[-#+ ]' <<<"$out" | head -5)"
		return 1
	fi
}

# checkpatch_all: checkpatch over every file; prints the findings and the
# log line, fails on any finding.
checkpatch_all() {
	local cp_out
	log "checkpatch --strict: ${#files[@]} files + module/core/trace.h"
	cp_out=$(checkpatch FILE_PATH_CHANGES "${files[@]}")
	# Trace event headers use the kernel's TRACE_EVENT() idiom (as every
	# include/trace/events/*.h does), whose layout checkpatch misreads as
	# unaligned, open-ended calls. Only those two layout checks are waived.
	cp_out+=$(checkpatch FILE_PATH_CHANGES,PARENTHESIS_ALIGNMENT,OPEN_ENDED_LINE module/core/trace.h)
	[ -z "$cp_out" ] || echo "$cp_out"
	log "checkpatch: $(grep -c . <<<"$cp_out") findings"
	[ -z "$cp_out" ]
}

# sparse must have checked every C file of the kernel build: make prints a
# CHECK line per file, and fails when sparse cannot run.
sparse_all() {
	local want sp_all sp_rc sp_out checked
	log "sparse (C=2)"
	want=$(find module kunit selftests/runner -name '*.c' ! -name '*.mod.c' | wc -l)
	sp_all=$(make -C "$ksrc" M="$XTCP_ROOT" -j"$(nproc)" C=2 CHECK="$sparse" W=1 modules 2>&1)
	sp_rc=$?
	sp_out=$(grep -E 'warning:|error:|not found' <<<"$sp_all")
	checked=$(grep -cE '^ +CHECK +' <<<"$sp_all")
	if [ $sp_rc -ne 0 ] || [ "$checked" -lt "$want" ]; then
		sp_out+=$'\n'"sparse did not run on every file (make exit $sp_rc, $checked CHECK lines for $want C files): $(tail -5 <<<"$sp_all")"
	fi
	[ -z "$sp_out" ] || echo "$sp_out"
	log "sparse: $(grep -c . <<<"$sp_out") findings, $checked files checked"
	[ -z "$sp_out" ]
}

# Both at once (checkpatch is one perl process); checkpatch's output first.
cp_file=
if [ "$only" != --sparse ]; then
	cp_file=$(mktemp)
	checkpatch_all > "$cp_file" 2>&1 &
	cp_pid=$!
fi
if [ "$only" != --checkpatch ]; then
	sp_file=$(mktemp)
	sparse_all > "$sp_file" 2>&1 || fail=1
fi
if [ -n "$cp_file" ]; then
	wait "$cp_pid" || fail=1
	cat "$cp_file"
	rm -f "$cp_file"
fi
if [ "$only" != --checkpatch ]; then
	cat "$sp_file"
	rm -f "$sp_file"
fi
exit $fail
