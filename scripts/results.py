#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Collect xtcp's test results and print the suite's verdict.

Every result is a TAP (kselftest) or KTAP (KUnit debugfs) file in one
directory. A file may have a companion NAME.rc with the program's exit
status. Expected names that have no file count as failures, as do plans that
were not completed and skips (a test that cannot run is a failure).

    results.py DIR --expect kunit:xtcp_csum --expect selftest:af_xtcp_test ...

Prints one line per test and finishes with "N passed, N failed".
Exit status 0 only when nothing failed.
"""
import argparse
import os
import re
import sys

OK_RE = re.compile(r'^(\s*)(not ok|ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(#\s*(.*))?$')
PLAN_RE = re.compile(r'^(\s*)1\.\.(\d+)')


def parse(text):
    """Return [(name, passed, note)] for the test cases of one (K)TAP file.

    KUnit nests: the suite's own result is the least indented "ok" line and
    its cases are one level deeper; parameterised cases nest deeper still
    and roll up into their case line. Plain TAP has only the top level.
    """
    lines = text.splitlines()
    oks = []
    plans = []
    for ln in lines:
        m = OK_RE.match(ln)
        if m:
            oks.append((len(m.group(1).expandtabs()), m.group(2) == 'ok',
                        m.group(4).strip(), (m.group(6) or '').strip()))
            continue
        m = PLAN_RE.match(ln)
        if m:
            plans.append((len(m.group(1).expandtabs()), int(m.group(2))))
    if not oks:
        return [], plans
    levels = sorted({o[0] for o in oks})
    is_ktap = any(ln.strip().startswith('# Subtest:') for ln in lines) and len(levels) > 1
    case_level = levels[1] if is_ktap else levels[0]
    cases = []
    for indent, passed, name, directive in oks:
        if indent != case_level:
            continue
        note = ''
        if directive.upper().startswith('SKIP'):
            passed, note = False, 'skipped: ' + directive[4:].strip()
        elif directive:
            note = directive
        cases.append((name, passed, note))
    plan = [p for ind, p in plans if ind == case_level]
    return cases, plan


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--expect', action='append', default=[],
                    help='KIND:NAME that must have a result file')
    args = ap.parse_args()

    passed = failed = 0
    seen = set()
    files = sorted(f for f in os.listdir(args.dir)
                   if f.endswith('.tap') or f.endswith('.ktap'))
    for f in files:
        kind, _, rest = f.partition(':')
        name = rest.rsplit('.', 1)[0]
        seen.add(kind + ':' + name)
        path = os.path.join(args.dir, f)
        with open(path, errors='replace') as fh:
            text = fh.read()
        cases, plan = parse(text)
        for case, ok, note in cases:
            label = '%s %s.%s' % (kind, name, case)
            print('%-5s %s%s' % ('PASS' if ok else 'FAIL', label,
                                 ('  (' + note + ')') if note else ''))
            if ok:
                passed += 1
            else:
                failed += 1
        if plan and len(cases) < plan[0]:
            print('FAIL  %s %s: %d of %d planned tests never reported'
                  % (kind, name, plan[0] - len(cases), plan[0]))
            failed += plan[0] - len(cases)
        rcfile = path.rsplit('.', 1)[0] + '.rc'
        if os.path.exists(rcfile):
            rc = open(rcfile).read().strip()
            if rc != '0' and all(ok for _, ok, _ in cases):
                print('FAIL  %s %s: exited with status %s' % (kind, name, rc))
                failed += 1
        if not cases and not plan:
            print('FAIL  %s %s: no results in %s' % (kind, name, f))
            failed += 1
    for exp in args.expect:
        if exp not in seen:
            print('FAIL  %s: missing (no results: not built, not loaded, or crashed)'
                  % exp.replace(':', ' '))
            failed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
