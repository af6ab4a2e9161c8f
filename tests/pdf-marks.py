#!/usr/bin/env python3
"""pdf-marks.py MARKLINT PDF [MIN_PERCENT] [--banner TEXT] [--strict]

How many of a PDF's portion marks marklint reads as marks, page by page.
The reference is pdftotext's text: a line that begins with a portion mark
(after optional paragraph numbering: "A. (U) Introduction", "2.1 (S//NF)")
is one mark. marklint's count is its portions of that page that begin
with a mark (the "mark" field of `marklint extract --format json`). A
page passes when marklint reads at least MIN_PERCENT (default 95) of its
marks. The script fails when all pages together are below MIN_PERCENT,
or, with --strict, when one page is. (What counts as a portion mark is
the shared recogniser's decision, lint/read/ml_pmark.c; the reference
here is a regular expression, looser on purpose.)

--banner TEXT: also check that TEXT is a running header or footer portion
(attribute marklint:running) on every page where pdftotext has a line
that is exactly TEXT.

Prints the pages below the bound, and a summary line.
"""

import json
import re
import subprocess
import sys

# classification heads of portion marks, then the rest of the mark
MARK = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*\.?|[A-Za-z]\.|\([a-z0-9]{1,3}\)"
                  r")\s+)?\((?:U|C|S|TS|R|CUI|//)(?:/[^)\n]{0,80})?\)")


def main(argv):
    strict = "--strict" in argv
    args = [a for a in argv[1:] if not a.startswith("--")]
    banner = None
    if "--banner" in argv:
        banner = argv[argv.index("--banner") + 1]
        args.remove(banner)
    marklint, pdf = args[0], args[1]
    minimum = float(args[2]) if len(args) > 2 else 95.0
    ref_pages = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                               capture_output=True, check=True
                               ).stdout.decode("utf-8", "replace").split("\f")
    rep = json.loads(subprocess.run([marklint, "extract", "--format", "json",
                                     pdf], capture_output=True).stdout)
    portions = rep["documents"][0].get("portions", [])
    ours, running = {}, {}
    for p in portions:
        if p.get("mark"):
            ours[p["page"]] = ours.get(p["page"], 0) + 1
        if p.get("attributes", {}).get("marklint:running"):
            running.setdefault(p["page"], set()).add(p["text"])
    total_ref = total_ours = 0
    below, no_banner = [], []
    pages_with_marks = 0
    for i, text in enumerate(ref_pages):
        page = i + 1
        ref = sum(1 for line in text.splitlines() if MARK.match(line))
        got = min(ours.get(page, 0), ref)
        total_ref += ref
        total_ours += got
        if ref:
            pages_with_marks += 1
            if 100.0 * got / ref < minimum:
                below.append((page, got, ref))
        if banner and any(l.strip() == banner for l in text.splitlines()) \
                and banner not in running.get(page, ()):
            no_banner.append(page)
    for page, got, ref in below:
        print(f"page {page}: {got} of {ref} marks read as marks")
    print(f"{pdf}: {total_ours} of {total_ref} portion marks read as marks "
          f"({100.0 * total_ours / max(total_ref, 1):.1f}%); "
          f"{pages_with_marks - len(below)} of {pages_with_marks} pages "
          f"with marks at {minimum:g}% or more")
    if banner:
        print(f"running banner {banner!r}: on "
              f"{sum(1 for p in running.values() if banner in p)} pages"
              + (f"; missing on pages {no_banner[:20]}" if no_banner else ""))
    overall = 100.0 * total_ours / max(total_ref, 1)
    return 1 if (below and strict) or overall < minimum or no_banner else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
