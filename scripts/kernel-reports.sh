#!/usr/bin/env bash
# The kernel log lines that mean something went wrong in the guest: oops,
# BUG, WARNING, KASAN, UBSAN, lockdep, kmemleak (and kmemleak turning itself
# off), DEBUG_OBJECTS, RCU stalls and misuse, list corruption, refcount and
# ref_tracker reports, a net_device that cannot be freed, hung tasks and
# soft lockups. scripts/results-selftest/reports.txt holds one real line of
# each; scripts/results-selftest.sh checks that every one is caught.
#
#   scripts/kernel-reports.sh --pattern     # print the extended regex
#   scripts/kernel-reports.sh FILE...       # print matching lines; exit 1 if any
set -eu
pattern='(Oops|BUG:|WARNING:|kernel BUG at|invalid opcode:|general protection fault|KASAN:|UBSAN:|possible recursive locking|possible circular locking|inconsistent lock state|possible irq lock inversion|suspicious RCU usage|DEBUG_LOCKS_WARN_ON|ODEBUG:|unreferenced object|suspected memory leak|Kernel memory leak detector disabled|list_add corruption|list_del corruption|refcount_t:|leaked reference|reference already released|unregister_netdevice: waiting for|detected stalls on CPU|self-detected stall|Kernel panic|Kernel stack is corrupted|INFO: task .* blocked|stack-protector|hung_task)'
if [ "${1:-}" = "--pattern" ]; then
	echo "$pattern"
	exit 0
fi
! grep -E "$pattern" "$@"
