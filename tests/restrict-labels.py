#!/usr/bin/env python3
"""restrict-labels.py MARKLINT LABELS CORPUS [options]
restrict-labels.py MARKLINT --cases CASES

Precision and recall of marklint's foreign-restriction recogniser (MARKINGS.md
3.2 and 4) on real sentences that other people wrote: the public government
documents of ../shared/corpus/realworld-gov/ (SBIR solicitations and topics,
the DISA Traditional Security Checklist, the CAPCO register, the CUI
handbook, Air Force SBIR topics).

The labelled set (LABELS, tests/restrict/labels.tsv) holds no text of those
documents: each item is a reference, and the text is taken from the shared
file at test time. One item a line, tab-separated:

    ID  SPLIT  FILE  LOCATOR  START  END  LABEL

  SPLIT    tune (looked at while building the recogniser) or held (labelled
           before the recogniser was tuned, and looked at only to measure)
  FILE     path under CORPUS
  LOCATOR  "page N" (PDF: the text of that page, as pdftotext gives it) or
           "line N" (text, Markdown, XML: the file from that line on; in XML
           entities are decoded twice, since XCCDF escapes its markup, and
           every tag is a paragraph break, as marklint's XML reader makes
           an element a portion)
  START    the first words of the excerpt, verbatim (white space between
           words matches any white space: PDF lines break anywhere)
  END      its last words, verbatim (the first occurrence after START)
  LABEL    cited | weak | missing: a restriction, with the status a
           reviewer expects when the excerpt is read alone; none: not a
           restriction (a hard negative)

An excerpt is usually one sentence; when it spans paragraphs (a sentence
ending in a colon and the list after it, MARKINGS.md 4 scope 4) each
paragraph becomes a portion. Within a paragraph white space is collapsed
(PDF line breaks are layout, not structure).

Each excerpt is written to a text file of its own and marklint checks them
all in one run. An item labelled as a restriction is found when its file
has a foreign-restriction marking, and its status is right when the first
such marking has the labelled status; a negative is a false alarm when its
file has any foreign-restriction marking.

Prints recall, the false-alarm rate and status accuracy for each split and
exits 1 when a split is below its thresholds (--min-recall, --max-fp,
--min-status; the held split defaults to the targets of issue 12, the tune
split is held to the same). --show prints every excerpt; --verbose prints
each mistake of the tune split (never of the held split unless
--verbose-held). Exit status: 0 pass, 1 below a threshold, 2 usage or a
reference that no longer resolves. Needs pdftotext (poppler-utils).

With --cases, runs synthetic cases instead (tests/restrict/spec-cases.txt,
one for every example of MARKINGS.md 3.2 and 4): each must give exactly
what it expects (format in that file); prints each failure and exits 1
if there is any.
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile

LABELS = ('cited', 'weak', 'missing', 'none')


def read_labels(path):
    items = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            cols = line.split('\t')
            if len(cols) != 7:
                sys.exit('%s:%d: expected 7 tab-separated fields, got %d'
                         % (path, n, len(cols)))
            item = dict(zip(('id', 'split', 'file', 'loc', 'start', 'end',
                             'label'), cols))
            if item['split'] not in ('tune', 'held'):
                sys.exit('%s:%d: split must be tune or held' % (path, n))
            if item['label'] not in LABELS:
                sys.exit('%s:%d: label must be one of %s'
                         % (path, n, ', '.join(LABELS)))
            item['line'] = n
            items.append(item)
    ids = [i['id'] for i in items]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        sys.exit('%s: duplicate ids: %s' % (path, ', '.join(sorted(dup))))
    return items


_cache = {}


def pdf_page(path, page):
    key = (path, page)
    if key not in _cache:
        try:
            r = subprocess.run(['pdftotext', '-enc', 'UTF-8', '-f', str(page),
                                '-l', str(page), path, '-'],
                               capture_output=True, text=True, check=True)
        except FileNotFoundError:
            sys.exit('restrict-labels: pdftotext not found (install '
                     'poppler-utils: tools/install-deps)')
        _cache[key] = r.stdout
    return _cache[key]


def xml_text(line):
    # XCCDF keeps its own markup escaped inside <description>: decode,
    # drop tags (a paragraph break each), decode again
    t = re.sub(r'<[^>]*>', '\n\n', html.unescape(line))
    t = re.sub(r'<[^>]*>', '\n\n', t)
    return html.unescape(t)


def file_lines(path):
    if path not in _cache:
        with open(path, encoding='utf-8') as f:
            _cache[path] = f.read().split('\n')
    return _cache[path]


def source_text(corpus, item):
    path = os.path.join(corpus, item['file'])
    kind, _, num = item['loc'].partition(' ')
    if not num.isdigit():
        sys.exit('item %s: bad locator %r' % (item['id'], item['loc']))
    if kind == 'page':
        return pdf_page(path, int(num))
    if kind != 'line':
        sys.exit('item %s: bad locator %r' % (item['id'], item['loc']))
    lines = file_lines(path)[int(num) - 1:]
    if path.endswith('.xml'):
        return '\n'.join(xml_text(l) for l in lines[:400])
    return '\n'.join(lines[:400])


def _words(s):
    """START or END as a pattern: its words in order, any white space
    (line breaks of the layout) between them."""
    return re.compile(r'\s+'.join(re.escape(w) for w in s.split()))


def excerpt(corpus, item):
    """The item's text: paragraphs separated by blank lines, white space
    collapsed inside each. None when the reference no longer resolves."""
    t = source_text(corpus, item)
    a = _words(item['start']).search(t)
    if not a:
        return None
    b = _words(item['end']).search(t, a.start())
    if not b:
        return None
    raw = t[a.start():b.end()]
    paras = [' '.join(p.split()) for p in re.split(r'\n[ \t]*\n', raw)]
    return '\n\n'.join(p for p in paras if p)


def run_marklint(marklint, texts, kind='foreign-restriction'):
    """{id: [markings of kind]} for {id: text}."""
    with tempfile.TemporaryDirectory(prefix='restrict-labels.') as d:
        paths = {}
        for k, t in texts.items():
            p = os.path.join(d, k + '.txt')
            with open(p, 'w', encoding='utf-8') as f:
                f.write(t + '\n')
            paths[p] = k
        r = subprocess.run([marklint, 'check', '--format', 'json',
                            '--exit-zero'] + sorted(paths), capture_output=True,
                           text=True, timeout=600)
        if r.returncode != 0:
            sys.exit('marklint exited %d: %s' % (r.returncode, r.stderr))
        out = {}
        for doc in json.loads(r.stdout)['documents']:
            k = paths[doc['path']]
            out[k] = [m for m in doc.get('markings', [])
                      if m.get('kind') == kind]
        return out


def measure(items, found):
    pos = [i for i in items if i['label'] != 'none']
    neg = [i for i in items if i['label'] == 'none']
    hit = [i for i in pos if found[i['id']]]
    right = [i for i in hit
             if found[i['id']][0]['justification']['status'] == i['label']]
    fp = [i for i in neg if found[i['id']]]
    return {
        'pos': len(pos), 'neg': len(neg), 'hit': len(hit),
        'right': len(right), 'fp': len(fp),
        'recall': len(hit) / len(pos) if pos else 1.0,
        'fprate': len(fp) / len(neg) if neg else 0.0,
        'status': len(right) / len(hit) if hit else 1.0,
    }


def mistakes(items, found):
    for i in items:
        ms = found[i['id']]
        if i['label'] == 'none' and ms:
            yield i, 'false alarm: %s' % ms[0]['text'][:200]
        elif i['label'] != 'none' and not ms:
            yield i, 'missed (%s)' % i['label']
        elif i['label'] != 'none':
            j = ms[0]['justification']
            if j['status'] != i['label']:
                yield i, 'status %s, want %s (%s)' % (
                    j['status'], i['label'],
                    j.get('citation') or j.get('reason', ''))


def read_cases(path):
    """[(line, expect, text)] of a cases file."""
    cases, cur = [], None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if line.startswith('@'):
                cur = [n, line[1:].split(), []]
                cases.append(cur)
            elif line.startswith('#') and (cur is None or not cur[2]):
                continue
            elif cur is not None:
                cur[2].append(line)
    out = []
    for n, expect, lines in cases:
        text = '\n'.join(lines).strip('\n')
        ok = (expect == ['none'] or (len(expect) == 2 and
              expect[0] in ('foreign', 'noforn') and expect[1] in LABELS[:3]))
        if not ok or not text:
            sys.exit('%s:%d: bad case "@ %s"' % (path, n, ' '.join(expect)))
        out.append((n, expect, text))
    return out


def run_cases(marklint, path):
    cases = read_cases(path)
    texts = {'c%d' % n: t for n, _, t in cases}
    found = {
        'foreign': run_marklint(marklint, texts, 'foreign-restriction'),
        'noforn': run_marklint(marklint, texts, 'noforn'),
    }
    bad = 0
    for n, expect, text in cases:
        fr = found['foreign']['c%d' % n]
        if expect == ['none']:
            if fr:
                bad += 1
                print('%s:%d: want none, got a restriction (%s): %s'
                      % (path, n, fr[0]['justification']['status'],
                         text.split('\n')[0][:120]))
            continue
        ms = found[expect[0]]['c%d' % n]
        got = ms[0]['justification']['status'] if ms else 'nothing'
        if got != expect[1]:
            bad += 1
            j = ms[0]['justification'] if ms else {}
            print('%s:%d: want %s %s, got %s (%s): %s'
                  % (path, n, expect[0], expect[1], got,
                     j.get('citation') or j.get('reason', ''),
                     text.split('\n')[0][:120]))
    print('%d cases, %d failed' % (len(cases), bad))
    return 1 if bad else 0


def main():
    if len(sys.argv) == 4 and sys.argv[2] == '--cases':
        return run_cases(sys.argv[1], sys.argv[3])
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('marklint')
    ap.add_argument('labels')
    ap.add_argument('corpus')
    ap.add_argument('--min-recall', type=float, default=0.85)
    ap.add_argument('--max-fp', type=float, default=0.05)
    ap.add_argument('--min-status', type=float, default=0.85)
    ap.add_argument('--show', action='store_true',
                    help='print every excerpt with its label and exit')
    ap.add_argument('--verbose', action='store_true',
                    help='print the mistakes of the tune split')
    ap.add_argument('--verbose-held', action='store_true',
                    help='print the mistakes of the held split too')
    a = ap.parse_args()
    items = read_labels(a.labels)
    texts, bad = {}, 0
    for i in items:
        t = excerpt(a.corpus, i)
        if t is None:
            print('%s:%d: %s: reference does not resolve in %s (%s)'
                  % (a.labels, i['line'], i['id'], i['file'], i['loc']))
            bad += 1
            continue
        texts[i['id']] = t
    if bad:
        return 2
    if a.show:
        for i in items:
            print('%s [%s] %s\n    %s\n' % (i['id'], i['split'], i['label'],
                                          texts[i['id']].replace('\n', '\n    ')))
        return 0
    found = run_marklint(a.marklint, texts)
    failed = False
    for split in ('tune', 'held'):
        sub = [i for i in items if i['split'] == split]
        if not sub:
            continue
        m = measure(sub, found)
        ok = (m['recall'] >= a.min_recall and m['fprate'] <= a.max_fp and
              m['status'] >= a.min_status)
        failed |= not ok
        print('%-4s %3d restrictions, %3d negatives: found %d (%.0f%%), '
              'false alarms %d (%.1f%%), status right %d of %d (%.0f%%)%s'
              % (split, m['pos'], m['neg'], m['hit'], 100 * m['recall'],
                 m['fp'], 100 * m['fprate'], m['right'], m['hit'],
                 100 * m['status'], '' if ok else '  BELOW TARGET'))
        if (split == 'tune' and a.verbose) or (split == 'held' and
                                                a.verbose_held):
            for i, why in mistakes(sub, found):
                print('  %s (%s %s): %s' % (i['id'], i['file'], i['loc'],
                                            why))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
