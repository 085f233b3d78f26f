#!/usr/bin/env bash
# make lint: checkpatch.pl --strict (from the extracted 6.1 source) over every
# C file, and sparse (C=2) over the kernel code. Fails on any finding.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$XTCP_ROOT"

ksrc=$(scripts/build-kernel.sh) || die "no test kernel"
command -v sparse >/dev/null || xtcp_ensure_packages
fail=0

mapfile -t files < <(find module kunit selftests include tools -name '*.[ch]' ! -name '*.mod.c' 2>/dev/null | sort)
log "checkpatch --strict: ${#files[@]} files"
cp_out=$("$ksrc/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES -f "${files[@]}" 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
if [ -n "$cp_out" ]; then
	echo "$cp_out"
	fail=1
fi
log "checkpatch: $(grep -c . <<<"$cp_out" | sed 's/^0$/0/') findings"

log "sparse (C=2)"
sp_out=$(make -s -C "$ksrc" M="$XTCP_ROOT" C=2 W=1 modules 2>&1 |
	grep -E 'warning:|error:')
if [ -n "$sp_out" ]; then
	echo "$sp_out"
	fail=1
fi
log "sparse: $(grep -c . <<<"$sp_out") findings"
exit $fail
