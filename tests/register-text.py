#!/usr/bin/env python3
"""register-text.py MARKLINT CORPUS MIN_PERCENT

The register and the CUI handbook (../shared/corpus/realworld-gov), read
as text made by pdftotext at test time, the way cables and newsletters
reach a reviewer (issue 11):

  - at least MIN_PERCENT of the lines that begin with a portion mark are
    read as portions carrying that mark (`extract`; the reference reading
    is bench/marks-recall.py's);
  - their examples are mentions (marklint-rules(5)): no NOFORN-UNJUSTIFIED,
    no BANNER-UNSUPPORTED, and no marking or restriction sentence in a
    portion that says "This is the portion mark for...".
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "marks_recall", os.path.join(HERE, "..", "bench", "marks-recall.py"))
mr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mr)

FILES = ("capco/CAPCO-2016.pdf", "cui/2019_NARA_CUI_Marking_Handbook.pdf")
NEVER = ("NOFORN-UNJUSTIFIED", "BANNER-UNSUPPORTED")


def main(marklint, corpus, minimum):
    fails = 0
    hit = ref = 0
    with tempfile.TemporaryDirectory() as tmp:
        for rel in FILES:
            txt = os.path.join(tmp, os.path.basename(rel)[:-4] + ".txt")
            subprocess.run(["pdftotext", os.path.join(corpus, rel), txt],
                           check=True)
            with open(txt, encoding="utf-8", errors="replace") as f:
                text = f.read()
            h, r = mr.measure(marklint, rel, txt, text, 3)
            hit += h
            ref += r
            out = subprocess.run([marklint, "check", "-f", "json", txt],
                                 capture_output=True, text=True).stdout
            doc = json.loads(out)["documents"][0]
            for f in doc["findings"]:
                if f["rule"] in NEVER:
                    print(f"FAIL {rel}: {f['rule']} at line "
                          f"{f['location'].get('line')}: {f['context']!r}")
                    fails += 1
            for m in doc["markings"]:
                if "this is the portion mark" in m["context"].lower():
                    print(f"FAIL {rel}: an example read as a {m['kind']} "
                          f"{m['form']}: {m['context'][:70]!r}")
                    fails += 1
    pct = 100.0 * hit / max(1, ref)
    if ref < 1000 or pct < minimum:
        print(f"FAIL: {hit}/{ref} lines read with their mark ({pct:.1f}%),"
              f" at least {minimum}% of 1000 or more expected")
        fails += 1
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
