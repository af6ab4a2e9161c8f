#!/usr/bin/env python3
"""pdf-fidelity.py MARKLINT DIR [MIN_PERCENT]

Reads every PDF under DIR (the real government documents of
../shared/corpus/realworld-gov) with `marklint extract --format json` and
with pdftotext (poppler-utils), and compares the words: the share of
pdftotext's words (as a multiset, split on white space) that marklint's
portions hold. Fails when a document is below MIN_PERCENT (default 98),
when a portion has no page in its location, or when a page with text in
pdftotext's output has no portion in marklint's.

Hyphenation differs on purpose: pdftotext joins "IC-" "level" into
"IClevel", marklint keeps "IC-level"; both sides are compared with the
hyphens at line ends dropped so that neither is counted as a loss.
Prints one line of figures per document.
"""

import collections
import json
import os
import re
import subprocess
import sys


# dashes, and the bullets marklint writes as U+2022 where the file has
# a Symbol or Wingdings code point: neither is a word
DASHES = str.maketrans({c: "" for c in "-\u2010\u2011\u2012\u2013"
                        "\u2014\u2212\u00ad\u2022\uf06c\uf06e\uf076"
                        "\uf0a7\uf0a8\uf0b7\uf0d8\uf0fc\uf020"})


def words(text):
    # a hyphenated compound counts once, as the letters that make it;
    # marklint writes the dashes Word substitutes as '-' (MARKINGS.md 3)
    return collections.Counter(w for w in text.translate(DASHES).split())


def pdftotext_pages(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                         capture_output=True, check=True).stdout
    return out.decode("utf-8", "replace").split("\f")


def main(argv):
    marklint, root = argv[1], argv[2]
    minimum = float(argv[3]) if len(argv) > 3 else 98.0
    pdfs = sorted(os.path.join(d, f) for d, _, fs in os.walk(root)
                  for f in fs if f.lower().endswith(".pdf"))
    if not pdfs:
        print(f"no PDF under {root}", file=sys.stderr)
        return 1
    failed = 0
    for path in pdfs:
        rep = json.loads(subprocess.run(
            [marklint, "extract", "--format", "json", path],
            capture_output=True, check=False).stdout)
        doc = rep["documents"][0]
        name = os.path.relpath(path, root)
        if doc["status"] != "ok":
            print(f"FAIL {name}: {doc.get('error')}")
            failed += 1
            continue
        portions = doc["portions"]
        ours = words(" ".join(p["text"] for p in portions))
        pages = pdftotext_pages(path)
        ref = words(" ".join(pages))
        common = sum((ref & ours).values())
        total = sum(ref.values())
        pct = 100.0 * common / total if total else 100.0
        nopage = [p for p in portions if not p.get("page")]
        ours_pages = {p["page"] for p in portions if p.get("page")}
        ref_pages = {i + 1 for i, t in enumerate(pages) if t.strip()}
        missing = sorted(ref_pages - ours_pages)
        ok = pct >= minimum and not nopage and not missing
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {pct:.2f}% of "
              f"{total} pdftotext words, {len(portions)} portions on "
              f"{len(ours_pages)} pages"
              + (f"; {len(nopage)} portions without a page" if nopage
                 else "")
              + (f"; pages with text but no portion: {missing[:10]}"
                 if missing else ""))
        if not ok or "-v" in sys.argv:
            lost = (ref - ours).most_common(8)
            print(f"     most missed: {lost}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
