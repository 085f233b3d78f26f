#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Collect xtcp's test results and print the suite's verdict.

Every result is a TAP (kselftest) or KTAP (KUnit debugfs) file in one
directory, named KIND:NAME.tap or KIND:NAME.ktap. A file may have a
companion KIND:NAME.rc with the program's exit status.

Anything short of a complete, well-formed, passing report is a failure
with a line that says why: a missing file, a missing or empty plan, a plan
not completed, results beyond the plan, duplicate or out-of-order test
numbers, "Bail out!", a skip (a test that cannot run is a failure), a
KUnit suite without its top-level result line or one that says "not ok",
a non-zero exit status, or a file that cannot be read.

    results.py DIR --expect kunit:xtcp_csum --expect selftest:af_xtcp_test ...

Prints one line per test and always finishes with "N passed, N failed".
Exit status 0 only when nothing failed.
"""
import argparse
import os
import re
import sys

OK_RE = re.compile(r'^(\s*)(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(#\s*(.*))?$')
PLAN_RE = re.compile(r'^(\s*)1\.\.(\d+)\s*(#\s*(.*))?$')
BAIL_RE = re.compile(r'^\s*Bail out!(.*)$')
# Directives that mean the test did not pass as written.
NOT_PASSED = ('SKIP', 'TODO', 'XFAIL')


class Level:
    """The plan and the result lines of one nesting level of a (K)TAP file."""

    def __init__(self):
        self.plans = []         # (planned count, directive)
        self.results = []       # (number or None, passed, name, directive)


def scan(text):
    """Split a (K)TAP text into levels by indentation.

    Returns ({indent: Level}, [bail-out messages]).
    """
    levels = {}
    bails = []
    for ln in text.splitlines():
        m = BAIL_RE.match(ln)
        if m:
            bails.append(m.group(1).strip())
            continue
        m = OK_RE.match(ln)
        if m:
            lvl = levels.setdefault(len(m.group(1).expandtabs()), Level())
            num = int(m.group(3)) if m.group(3) else None
            lvl.results.append((num, m.group(2) == 'ok', m.group(4).strip(),
                                (m.group(6) or '').strip()))
            continue
        m = PLAN_RE.match(ln)
        if m:
            lvl = levels.setdefault(len(m.group(1).expandtabs()), Level())
            lvl.plans.append((int(m.group(2)), (m.group(4) or '').strip()))
    return levels, bails


def check_level(lvl, what):
    """Judge one level: returns ([(name, passed, note)], [problems])."""
    cases = []
    problems = []
    for num, passed, name, directive in lvl.results:
        note = ''
        word = directive.split(' ', 1)[0].upper() if directive else ''
        if word in NOT_PASSED:
            passed, note = False, directive
        elif directive:
            note = directive
        cases.append((name or '#%s' % num, passed, note))

    if not lvl.plans:
        problems.append('%s has no plan (1..N)' % what)
    elif len(lvl.plans) > 1:
        problems.append('%s has %d plans' % (what, len(lvl.plans)))
    else:
        planned, directive = lvl.plans[0]
        if planned == 0:
            problems.append('%s plans no tests (1..0%s)'
                            % (what, ' # ' + directive if directive else ''))
        elif len(lvl.results) < planned:
            problems.extend(['%s: test %d of %d never reported' % (what, n, planned)
                             for n in range(len(lvl.results) + 1, planned + 1)])
        elif len(lvl.results) > planned:
            problems.append('%s: %d results for a plan of %d'
                            % (what, len(lvl.results), planned))

    seen = set()
    for i, (num, _, name, _) in enumerate(lvl.results, 1):
        if num is None:
            problems.append('%s: result "%s" has no number' % (what, name))
        elif num in seen:
            problems.append('%s: test number %d reported twice' % (what, num))
        elif num != i:
            problems.append('%s: test number %d where %d was due' % (what, num, i))
        if num is not None:
            seen.add(num)
    return cases, problems


def parse(text, kind, name):
    """Return ([(case, passed, note)], [problems]) for one result file."""
    levels, bails = scan(text)
    problems = ['Bail out!%s' % (' ' + b if b else '') for b in bails]
    if not levels:
        return [], problems + ['no plan and no results']
    indents = sorted(levels)
    if kind != 'kunit':
        cases, more = check_level(levels[indents[0]], 'the file')
        return cases, problems + more

    # KUnit's debugfs KTAP: a top level with "1..1" and one line naming the
    # suite, around the suite's own plan and case lines one level deeper.
    # Parameterised cases nest deeper still and roll up into their case.
    top = levels[indents[0]]
    if len(indents) < 2:
        return [], problems + ['KTAP without the suite level (a top-level '
                               'result and nested case results)']
    cases, more = check_level(levels[indents[1]], 'suite ' + name)
    problems += more
    tops = [r for r in top.results]
    if not tops:
        problems.append('KTAP without the top-level result line of suite %s' % name)
    elif len(tops) > 1 or tops[0][2] != name:
        problems.append('top-level results %s, expected exactly "ok 1 %s"'
                        % (', '.join('"%s"' % r[2] for r in tops), name))
    elif not tops[0][1] and all(ok for _, ok, _ in cases):
        problems.append('suite %s reports "not ok" at the top level' % name)
    if [p for p, _ in top.plans] != [1]:
        problems.append('top-level plan is %s, expected 1..1'
                        % ([p for p, _ in top.plans] or 'missing'))
    return cases, problems


def judge_file(path, kind, name):
    """Return (passed, failed, lines) for one result file and its .rc."""
    lines = []
    passed = failed = 0
    try:
        with open(path, 'rb') as fh:
            text = fh.read().decode('utf-8', errors='replace')
        cases, problems = parse(text, kind, name)
    except Exception as e:  # pylint: disable=broad-except
        cases, problems = [], ['cannot parse %s: %s: %s'
                               % (os.path.basename(path), type(e).__name__, e)]
    for case, ok, note in cases:
        lines.append('%-5s %s %s.%s%s' % ('PASS' if ok else 'FAIL', kind, name, case,
                                         ('  (' + note + ')') if note else ''))
        if ok:
            passed += 1
        else:
            failed += 1
    for p in problems:
        lines.append('FAIL  %s %s: %s' % (kind, name, p))
        failed += 1
    rcfile = path.rsplit('.', 1)[0] + '.rc'
    if os.path.exists(rcfile):
        try:
            with open(rcfile) as fh:
                rc = fh.read().strip()
        except OSError as e:
            rc = 'unreadable (%s)' % e
        if rc != '0' and failed == 0:
            lines.append('FAIL  %s %s: exited with status %s' % (kind, name, rc or '(empty)'))
            failed += 1
    return passed, failed, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--expect', action='append', default=[],
                    help='KIND:NAME that must have a result file')
    args = ap.parse_args()

    passed = failed = 0
    seen = set()
    try:
        files = sorted(f for f in os.listdir(args.dir)
                       if f.endswith('.tap') or f.endswith('.ktap'))
    except OSError as e:
        print('FAIL  results directory %s: %s' % (args.dir, e))
        files = []
        failed += 1
    for f in files:
        kind, _, rest = f.partition(':')
        name = rest.rsplit('.', 1)[0]
        seen.add(kind + ':' + name)
        p, n, lines = judge_file(os.path.join(args.dir, f), kind, name)
        for ln in lines:
            print(ln)
        passed += p
        failed += n
    for exp in args.expect:
        if exp not in seen:
            print('FAIL  %s: missing (no results: not built, not loaded, or crashed)'
                  % exp.replace(':', ' '))
            failed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
