#!/usr/bin/env python3
"""marks-recall.py MARKLINT FILE... [--misses N]

How many of the lines that begin with a portion mark does marklint read
as portions carrying that mark (issue 11: "`extract` shows each
portion's mark")? Run on documents others wrote, e.g.

  bench/marks-recall.py build/marklint \\
      ../shared/corpus/realworld-gov/capco/*.pdf \\
      ../shared/corpus/realworld-gov/cui/*.pdf

A PDF is measured twice: as marklint reads it, and as plain text made by
`pdftotext` (the form in which cables and newsletters usually reach a
reviewer). The reference is a deliberately independent, generous reading
of each line: optional indentation, list markers and numbering (`1.`,
`1.2.3`, `a.`, `(1)`, `¶3.`, `Para 1.`, bullets, Markdown `#`, `>`,
emphasis), then a parenthesised mark whose first word is a US
classification or CUI/SBU. A line is "read" when a portion starts on that
line with exactly that mark. "Extra" counts portions whose mark is on a
line the reference does not see (what marklint reads that a person would
not call a mark); the first misses and extras are printed for review.

Python standard library only; prints figures, asserts nothing.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

NUM = (r"(?:\d+(?:\.\d+)*\.?|[A-Za-z]\.|\(\w{1,4}\)|\w{1,3}\)"
       r"|¶\s*\d+\.?|Para\.?\s*\d+\.?|[-*+•▪●◦]|#{1,6}|>)")
MARK = (r"\((?:U|C|S|TS|R|CUI|SBU|FOUO|LES)"
        r"(?:(?://?|-)[A-Z0-9][A-Z0-9 ,/-]*)?\)")
LINE_RX = re.compile(r"^\s*(?:" + NUM + r"\s+)*[*_]{0,2}(" + MARK + r")")


def reference(text):
    """{line number: mark} for the lines that begin with a portion mark."""
    out = {}
    for n, line in enumerate(text.split("\n"), 1):
        m = LINE_RX.match(line)
        if m:
            out[n] = m.group(1)
    return out


def extracted(marklint, path):
    """{line: mark} of the portions marklint reads from PATH (first part
    only for a text file; every part's lines for others)."""
    r = subprocess.run([marklint, "extract", "-f", "json", path],
                       capture_output=True, text=True)
    doc = json.loads(r.stdout)["documents"][0]
    out = {}
    for p in doc.get("portions", []):
        if "mark" in p:
            out.setdefault((p["part"], p["line"]), p["mark"])
    return out


def measure(marklint, label, path, text, show):
    ref = reference(text)
    got = extracted(marklint, path)
    got_here = {ln: mk for (pt, ln), mk in got.items()
                if pt in (path, os.path.basename(path))}
    hit = [n for n, mk in ref.items() if got_here.get(n) == mk]
    miss = [n for n in ref if n not in hit]
    extra = [n for n in got_here if n not in ref]
    lines = text.split("\n")
    print(f"{label}: {len(hit)}/{len(ref)} lines read with their mark "
          f"({100.0 * len(hit) / max(1, len(ref)):.1f}%), "
          f"{len(extra)} marks on other lines")
    for n in miss[:show]:
        print(f"  miss {n}: {lines[n - 1][:72]!r} -> "
              f"{got_here.get(n)!r}")
    for n in extra[:show]:
        print(f"  extra {n}: {lines[n - 1][:72]!r} -> {got_here[n]!r}")
    return len(hit), len(ref)


def main(argv):
    show = 5
    if "--misses" in argv:
        i = argv.index("--misses")
        show = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) < 3:
        sys.exit(__doc__)
    marklint = argv[1]
    tot_hit = tot_ref = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in argv[2:]:
            name = os.path.basename(path)
            if path.endswith(".pdf"):
                txt = os.path.join(tmp, name[:-4] + ".txt")
                subprocess.run(["pdftotext", path, txt], check=True)
            else:
                txt = path
            with open(txt, encoding="utf-8", errors="replace") as f:
                text = f.read()
            h, r = measure(marklint, f"{name} as text", txt, text, show)
            tot_hit += h
            tot_ref += r
    print(f"total: {tot_hit}/{tot_ref} "
          f"({100.0 * tot_hit / max(1, tot_ref):.1f}%)")


if __name__ == "__main__":
    main(sys.argv)
