#!/usr/bin/env python3
"""Issue 19's figure in instructions: marklint check against the probe on
the real-prose corpus, counted by callgrind (valgrind --tool=callgrind),
which a loaded machine does not disturb the way it disturbs timings.

    bench/run-cg-prose.py [--marklint build/marklint]
                          [--work /tmp/marklint-bench] [--docs 10]
                          [--text] [--mixed N]

Counts the instructions of
  marklint check -j1 -f json   the first --docs prose DOCX (default 10)
  probe                        the same DOCX (../shared/bench/probe)
and prints their ratio (issue 19: at most 1.5x); with --text, also
marklint check of prose.txt (the same prose as one text file, about ten
times the DOCX above: its ratio is to the probe on all 50 DOCX, counted
too); with --mixed N, marklint check of the first N documents of the
generated corpus (gen-corpus.py --docs 300 --mix 5-2000 --seed 1), which
must not get slower. The corpora are made as bench/run-bench.py makes
them, in the same --work folder. Callgrind runs about fifty times slower
than the program: the defaults take a few minutes.
"""

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

from benchpaths import REPO, HERE


def load_run_bench():
    """bench/run-bench.py as a module (its name has a dash)."""
    spec = importlib.util.spec_from_file_location(
        "run_bench", os.path.join(HERE, "run-bench.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def instructions(argv):
    """Instructions callgrind counts for argv (its stdout dropped)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        proc = subprocess.run(["valgrind", "--tool=callgrind",
                               "--callgrind-out-file=" + out] + argv,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", proc.stderr)
    if not m:
        sys.exit("run-cg-prose: callgrind gave no count for "
                 + " ".join(argv[:2]) + "\n" + proc.stderr[-2000:])
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--marklint",
                    default=os.path.join(REPO, "build", "marklint"))
    ap.add_argument("--work", default="/tmp/marklint-bench")
    ap.add_argument("--docs", type=int, default=10)
    ap.add_argument("--text", action="store_true")
    ap.add_argument("--mixed", type=int, default=0)
    args = ap.parse_args()

    rb = load_run_bench()
    os.makedirs(args.work, exist_ok=True)
    files, _, txt = rb.make_prose(args.work)
    probe = rb.make_probe(args.work)
    if not probe:
        sys.exit("run-cg-prose: the probe did not build (make)")
    check = [args.marklint, "check", "-j1", "-f", "json"]
    docs = files[:args.docs]

    ml = instructions(check + docs)
    pr = instructions([probe] + docs)
    print(f"prose DOCX ({len(docs)}): marklint check {ml / 1e6:,.1f}M, "
          f"probe {pr / 1e6:,.1f}M instructions: {ml / pr:.2f}x")
    if args.text:
        mt = instructions(check + [txt])
        pa = instructions([probe] + files)
        print(f"prose.txt: marklint check {mt / 1e6:,.1f}M; probe on the "
              f"{len(files)} DOCX {pa / 1e6:,.1f}M: {mt / pa:.2f}x")
    if args.mixed:
        mixed, _ = rb.make_corpus(args.work, "mixed",
                                  ["--docs", "300", "--mix", "5-2000",
                                   "--seed", "1"])
        mm = instructions(check + mixed[:args.mixed])
        print(f"generated corpus ({args.mixed}): marklint check "
              f"{mm / 1e6:,.1f}M instructions")


if __name__ == "__main__":
    main()
