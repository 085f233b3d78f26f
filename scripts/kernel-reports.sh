#!/usr/bin/env bash
# The kernel log lines that mean something went wrong in the guest: oops,
# BUG, WARNING, KASAN, lockdep, kmemleak, DEBUG_OBJECTS, RCU and list
# corruption reports.
#
#   scripts/kernel-reports.sh --pattern     # print the extended regex
#   scripts/kernel-reports.sh FILE...       # print matching lines; exit 1 if any
set -eu
pattern='(Oops|BUG:|WARNING:|kernel BUG at|general protection fault|KASAN:|UBSAN:|possible recursive locking|possible circular locking|inconsistent lock state|possible irq lock inversion|suspicious RCU usage|DEBUG_LOCKS_WARN_ON|ODEBUG:|unreferenced object|suspected memory leak|list_add corruption|list_del corruption|refcount_t:|Kernel panic|INFO: task .* blocked|stack-protector|hung_task)'
if [ "${1:-}" = "--pattern" ]; then
	echo "$pattern"
	exit 0
fi
! grep -E "$pattern" "$@"
