#!/usr/bin/env python3
"""run-rules.py MARKLINT FIXTURE_DIR NAME [EXPECT_DIR]

Golden test of `marklint check` for one fixture of fixtures/rules/ (spec
MARKINGS.md 5). Runs `MARKLINT check --format json NAME` with FIXTURE_DIR as
the working directory (so that part names of text and XML inputs are just
NAME), and compares what it found with EXPECT_DIR/NAME.expect (EXPECT_DIR
defaults to FIXTURE_DIR; it differs for package fixtures, which are run from
the zipped copy in the build tree).

NAME.expect lists every marking and every finding, one a line; blank lines
and lines starting with # are ignored:

    finding RULE PART:PARAGRAPH
    marking KIND FORM PART:PARAGRAPH STATUS [WHERE]

WHERE is justification.where, given when the status is not `missing`. The
comparison is exact, as multisets: each item of the JSON must be listed, and
nothing else. The expectations are written by hand from the spec: there is
deliberately no UPDATE mode.

Also checked: the exit status (1 when a finding of severity error exists,
0 otherwise: the default --fail-on is error), the severity of each rule ID
against the table of MARKINGS.md 5, and, when the jsonschema module is
importable and <repo>/../shared/spec/report.schema.json exists, the JSON
against that schema.

Exit status: 0 pass, 1 fail, 2 usage error. Python 3 standard library only
(jsonschema is optional).
"""
import collections
import json
import os
import subprocess
import sys

# MARKINGS.md 5: rule ID -> (severity, disposition).
RULES = {
    'NOFORN-UNJUSTIFIED': ('error', 'remove'),
    'NOFORN-WEAK': ('warning', 'review'),
    'NOFORN-JUSTIFIED': ('info', 'retain'),
    'FOREIGN-UNJUSTIFIED': ('error', 'remove'),
    'FOREIGN-WEAK': ('warning', 'review'),
    'FOREIGN-JUSTIFIED': ('info', 'retain'),
    'FOREIGN-BLANKET': ('warning', 'narrow'),
    'BANNER-UNSUPPORTED': ('error', 'remove'),
    'BANNER-MISSING-NOFORN': ('error', 'review'),
    'NOFORN-RELTO-CONFLICT': ('error', 'review'),
    'MARKING-MALFORMED': ('warning', 'correct'),
    'MARKING-NONSTANDARD': ('warning', 'correct'),
    'FOUO-OBSOLETE': ('warning', 'correct'),
}

# seconds: catches a hang, not a slow run. Under valgrind on a busy
# machine one fixture took 21-24 s (ctest's own limit is 300 s).
TIMEOUT = 120


def loc(obj):
    """PART:PARAGRAPH of a location object, or a placeholder showing what
    is wrong with it."""
    l = obj.get('location') if isinstance(obj, dict) else None
    if not isinstance(l, dict):
        return '<no location>'
    return '%s:%s' % (l.get('part', '<no part>'),
                      l.get('paragraph', '<no paragraph>'))


def actual_items(doc):
    items = []
    for m in doc.get('markings') or []:
        j = m.get('justification') or {}
        status = j.get('status', '<no status>')
        line = 'marking %s %s %s %s' % (m.get('kind', '<no kind>'),
                                        m.get('form', '<no form>'),
                                        loc(m), status)
        if status != 'missing' and j.get('where'):
            line += ' ' + j['where']
        items.append(line)
    for f in doc.get('findings') or []:
        items.append('finding %s %s' % (f.get('rule', '<no rule>'), loc(f)))
    return items


def expected_items(path):
    items = []
    with open(path, encoding='utf-8') as fh:
        for n, raw in enumerate(fh, 1):
            line = ' '.join(raw.split())
            if not line or line.startswith('#'):
                continue
            words = line.split(' ')
            if not ((words[0] == 'finding' and len(words) == 3) or
                    (words[0] == 'marking' and len(words) in (5, 6))):
                raise ValueError('%s:%d: not "finding RULE PART:PARA" or '
                                 '"marking KIND FORM PART:PARA STATUS '
                                 '[WHERE]": %s' % (path, n, line))
            items.append(line)
    return items


def schema_check(report, problems, notes):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    schema_path = os.path.join(repo, '..', 'shared', 'spec',
                               'report.schema.json')
    if not os.path.isfile(schema_path):
        notes.append('note: %s not found, schema not checked'
                     % os.path.normpath(schema_path))
        return
    try:
        import jsonschema
    except ImportError:
        notes.append('note: python3 jsonschema module not available '
                     '(Debian python3-jsonschema), schema not checked')
        return
    with open(schema_path, encoding='utf-8') as fh:
        schema = json.load(fh)
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema)
    for err in sorted(validator.iter_errors(report),
                      key=lambda e: list(e.absolute_path)):
        where = '/'.join(str(p) for p in err.absolute_path) or '(root)'
        problems.append('schema: at %s: %s' % (where, err.message))


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write('usage: %s MARKLINT FIXTURE_DIR NAME [EXPECT_DIR]\n'
                         % argv[0])
        return 2
    marklint, fixdir, name = argv[1], argv[2], argv[3]
    expdir = argv[4] if len(argv) == 5 else fixdir
    marklint = os.path.abspath(marklint)
    if not os.access(marklint, os.X_OK):
        print('FAIL %s: %s is not an executable (did the build fail?)'
              % (name, marklint))
        return 1
    if not os.path.exists(os.path.join(fixdir, name)):
        print('FAIL %s: no fixture %s (was the fixtures target built?)'
              % (name, os.path.join(fixdir, name)))
        return 1
    expect_path = os.path.join(expdir, name + '.expect')
    try:
        expected = expected_items(expect_path)
    except (OSError, ValueError) as e:
        print('FAIL %s: %s' % (name, e))
        return 1

    cmd = [marklint, 'check', '--format', 'json', name]
    try:
        proc = subprocess.run(cmd, cwd=fixdir, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        print('FAIL %s: %s did not finish in %d s' % (name, ' '.join(cmd),
                                                      TIMEOUT))
        return 1
    stderr = proc.stderr.decode('utf-8', 'replace')
    problems, notes = [], []

    try:
        report = json.loads(proc.stdout.decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as e:
        print('FAIL %s: output of `%s` (exit status %d) is not JSON: %s'
              % (name, ' '.join(cmd[1:]), proc.returncode, e))
        if proc.stdout:
            print('--- standard output:')
            print(proc.stdout.decode('utf-8', 'replace')[:4000])
        if stderr:
            print('--- standard error:')
            print(stderr)
        return 1

    schema_check(report, problems, notes)

    docs = report.get('documents') if isinstance(report, dict) else None
    if not isinstance(docs, list) or len(docs) != 1:
        problems.append('expected exactly one document in "documents"')
        doc = {}
    else:
        doc = docs[0] if isinstance(docs[0], dict) else {}
        if doc.get('status') != 'ok':
            problems.append('document status is %r, error %r'
                            % (doc.get('status'), doc.get('error')))

    # Items, as multisets.
    actual = actual_items(doc)
    want = collections.Counter(expected)
    got = collections.Counter(actual)
    missing = sorted((want - got).elements())
    extra = sorted((got - want).elements())
    if missing or extra:
        problems.append('findings and markings differ from %s:' % expect_path)
        lines = []
        for item in sorted(set(want) | set(got)):
            w, g = want[item], got[item]
            common = min(w, g)
            lines += ['    ' + item] * common
            lines += ['  - ' + item] * (w - common)
            lines += ['  + ' + item] * (g - common)
        problems.append('  (- expected but not found, + found but not '
                        'expected)\n' + '\n'.join(lines))

    # MARKINGS.md 6: the context keeps the marking inside its window (an
    # attribute marking's text is the attribute, not portion text).
    for m in doc.get('markings') or []:
        mt, ctx = m.get('text'), m.get('context')
        if (m.get('form') != 'attribute' and isinstance(mt, str) and
                isinstance(ctx, str) and mt and len(mt) <= 1000 and
                ' '.join(mt.split()) not in ' '.join(ctx.split())):
            problems.append('marking %s at %s: its text %r is not inside '
                            'its context %r' % (m.get('id'), loc(m), mt,
                                                ctx[:120] + '...'))

    # Severities and dispositions of section 5.
    has_error = False
    for f in doc.get('findings') or []:
        rule = f.get('rule')
        sev = f.get('severity')
        if sev == 'error':
            has_error = True
        if rule not in RULES:
            continue  # unknown rules show up in the item diff
        want_sev, want_disp = RULES[rule]
        if sev != want_sev:
            problems.append('%s at %s: severity %r, MARKINGS.md 5 says %r'
                            % (rule, loc(f), sev, want_sev))
        if 'disposition' in f and f['disposition'] != want_disp:
            problems.append('%s at %s: disposition %r, MARKINGS.md 5 says %r'
                            % (rule, loc(f), f['disposition'], want_disp))

    # Exit status (MARKINGS.md 6, default --fail-on error).
    want_status = 1 if has_error else 0
    if proc.returncode != want_status:
        problems.append('exit status %d, expected %d (%s)'
                        % (proc.returncode, want_status,
                           'an error-severity finding exists' if has_error
                           else 'no error-severity finding'))

    # The summary agrees with the lists.
    summary = report.get('summary') if isinstance(report, dict) else None
    if isinstance(summary, dict) and doc:
        nmark = len(doc.get('markings') or [])
        if summary.get('markings') != nmark:
            problems.append('summary.markings is %r, the document lists %d'
                            % (summary.get('markings'), nmark))
        counts = collections.Counter(f.get('severity')
                                     for f in doc.get('findings') or [])
        sf = summary.get('findings')
        if isinstance(sf, dict):
            for sev in ('error', 'warning', 'info'):
                if sf.get(sev) != counts[sev]:
                    problems.append('summary.findings.%s is %r, the '
                                    'document lists %d'
                                    % (sev, sf.get(sev), counts[sev]))

    for n in notes:
        print(n)
    if problems:
        print('FAIL %s' % name)
        for p in problems:
            print(p)
        if stderr:
            print('--- standard error:')
            print(stderr.rstrip())
        return 1
    print('ok %s (%d items)' % (name, len(actual)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
