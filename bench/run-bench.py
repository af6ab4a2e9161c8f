#!/usr/bin/env python3
"""marklint's benchmark: throughput and peak memory, with pandoc and docx2txt
timed on the same documents in the same run.

    bench/run-bench.py [--marklint build/marklint] [--work /tmp/marklint-bench]
                       [--docs 300] [--no-others] [--no-big]

It makes its corpora with ../shared/bench/gen-corpus.py (deterministic, so
figures compare from machine to machine):
  mixed: --docs 300 --mix 5-2000 --seed 1   (sizes log-uniform, 5 KB-2 MB)
  big:   --docs 1 --size-kb 51200 --seed 7  (one 50 MB word/document.xml)
and prints, for each, MB of WordprocessingML per second (the manifest's
xml_bytes: document, headers, footers, notes, comments), documents per
second and peak resident memory, for:
  marklint extract        reading only (one process for all documents)
  marklint check          full checking, JSON out (when the binary has it)
  pandoc -t plain         one process per document (as users run it)
  docx2txt                one process per document
Timings are wall-clock seconds of a single run on an otherwise idle machine;
run it twice and keep the second if the page cache was cold.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen-corpus.py")


def make_corpus(work, name, args):
    out = os.path.join(work, name)
    manifest = os.path.join(out, "manifest.tsv")
    if not os.path.exists(manifest):
        subprocess.run([sys.executable, GEN, "--out", out, "-q"] + args,
                       check=True)
    with open(manifest, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    files = [os.path.join(out, r["file"]) for r in rows]
    xml_bytes = sum(int(r["xml_bytes"]) for r in rows)
    return files, xml_bytes


def run_measured(argv, stdout=subprocess.DEVNULL):
    """Runs argv; returns (seconds, peak RSS in MB, exit status)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.monotonic() - start
    return secs, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def run_per_file(cmd, files):
    """One process per document: total seconds and the largest peak RSS."""
    total, peak = 0.0, 0.0
    for f in files:
        secs, rss, _ = run_measured(cmd + [f])
        total += secs
        peak = max(peak, rss)
    return total, peak


def report(label, corpus, secs, rss, xml_bytes, ndocs):
    mbps = xml_bytes / 1e6 / secs if secs > 0 else float("inf")
    print(f"  {label:<24} {corpus:<6} {secs:8.2f} s {mbps:9.1f} MB/s "
          f"{ndocs / secs:8.1f} docs/s {rss:8.1f} MB peak")
    return mbps


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--marklint", default=os.path.join(REPO, "build", "marklint"))
    ap.add_argument("--work", default="/tmp/marklint-bench")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--no-others", action="store_true",
                    help="do not time pandoc and docx2txt")
    ap.add_argument("--no-big", action="store_true",
                    help="skip the 50 MB document")
    args = ap.parse_args()

    os.makedirs(args.work, exist_ok=True)
    corpora = [("mixed", ["--docs", str(args.docs), "--mix", "5-2000",
                          "--seed", "1"])]
    if not args.no_big:
        corpora.append(("big", ["--docs", "1", "--size-kb", "51200",
                                "--seed", "7"]))
    has_check = subprocess.run([args.marklint, "check", "--help"],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL).returncode == 0
    print(f"marklint benchmark ({os.cpu_count()} cores; one run each; "
          f"MB = 10^6 bytes of WordprocessingML)")
    results = {}
    for name, gen_args in corpora:
        files, xml_bytes = make_corpus(args.work, name, gen_args)
        n = len(files)
        print(f"{name}: {n} documents, {xml_bytes / 1e6:.1f} MB of XML "
              f"(gen-corpus.py {' '.join(gen_args)})")
        secs, rss, _ = run_measured([args.marklint, "extract"] + files)
        results[(name, "extract")] = report("marklint extract", name, secs,
                                            rss, xml_bytes, n)
        if has_check:
            secs, rss, _ = run_measured([args.marklint, "check", "--format",
                                         "json"] + files)
            results[(name, "check")] = report("marklint check --format json",
                                              name, secs, rss, xml_bytes, n)
        if args.no_others:
            continue
        for tool, cmd in (("pandoc -t plain", ["pandoc", "-t", "plain"]),
                          ("docx2txt", ["docx2txt"])):
            if not shutil.which(cmd[0]):
                print(f"  {tool:<24} {name:<6} (not installed)")
                continue
            secs, rss = run_per_file(cmd, files)
            results[(name, tool)] = report(tool, name, secs, rss,
                                           xml_bytes, n)
    for name, _ in corpora:
        base = results.get((name, "extract"))
        for tool in ("pandoc -t plain", "docx2txt"):
            other = results.get((name, tool))
            if base and other:
                print(f"{name}: marklint extract is {base / other:.0f}x "
                      f"{tool}")


if __name__ == "__main__":
    main()
