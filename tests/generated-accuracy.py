#!/usr/bin/env python3
"""generated-accuracy.py MARKLINT GEN_CORPUS OUTDIR [gen-corpus options]

Checks marklint against documents it did not write: ../shared/bench/
gen-corpus.py writes Word-like RFP drafts (runs split mid-word, proofing
marks, complex fields, tracked deletions, text boxes in both mc:Choice and
mc:Fallback, banners in headers and footers) and a manifest of what is in
each. For every document, marklint check must find exactly:
  - as many NOFORN portion marks as the manifest's mark_counts lists with
    NF (marks that exist only in tracked deletions are not counted there,
    and must not be counted by marklint either);
  - as many foreign restrictions as the manifest's "foreign" sentences
    (the near-miss sentences it also writes must not count);
  - a NOFORN banner marking when the manifest's banner carries NOFORN, and
    none otherwise.
Prints each mismatch and exits 1 if there is any.
"""
import csv
import json
import os
import subprocess
import sys


def main():
    marklint, gen, out = sys.argv[1:4]
    gen_args = sys.argv[4:]
    manifest = os.path.join(out, "manifest.tsv")
    subprocess.run([sys.executable, gen, "--out", out, "-q", "--jobs", "1"]
                   + gen_args, check=True)
    with open(manifest, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    files = [os.path.join(out, r["file"]) for r in rows]
    res = subprocess.run([marklint, "check", "--format", "json",
                          "--exit-zero"] + files, capture_output=True,
                         text=True)
    if res.returncode != 0:
        print("marklint exited %d: %s" % (res.returncode, res.stderr))
        return 1
    docs = json.loads(res.stdout)["documents"]
    bad = 0
    totals = [0, 0, 0]
    for row, doc in zip(rows, docs):
        want_nf = 0
        for item in row["mark_counts"].split(";"):
            if "=" in item:
                mark, n = item.rsplit("=", 1)
                if "NF" in mark or "NOFORN" in mark:
                    want_nf += int(n)
        marks = doc.get("markings", [])
        got_nf = sum(m["form"] == "portion" for m in marks)
        got_foreign = sum(m["kind"] == "foreign-restriction" for m in marks)
        got_banner = any(m["form"] == "banner" for m in marks)
        want = (want_nf, int(row["foreign"]), "NOFORN" in row["banner"])
        got = (got_nf, got_foreign, got_banner)
        totals[0] += want_nf
        totals[1] += want[1]
        totals[2] += want[2]
        if want != got:
            bad += 1
            print("%s: want (NOFORN portions, restrictions, NOFORN banner) "
                  "= %s, got %s" % (row["file"], want, got))
    print("%d documents: %d NOFORN portion marks, %d restrictions, %d "
          "NOFORN banners expected; %d mismatches"
          % (len(rows), totals[0], totals[1], totals[2], bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
