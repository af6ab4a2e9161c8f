#!/usr/bin/env python3
"""marklint's benchmark: throughput and peak memory, with the probe, pandoc
and docx2txt timed on the same documents in the same run.

    bench/run-bench.py [--marklint build/marklint] [--work /tmp/marklint-bench]
                       [--docs 300] [--no-others] [--no-big] [--no-prose]
                       [--no-jobs]

It makes its corpora with ../shared/bench/gen-corpus.py (deterministic, so
figures compare from machine to machine):
  mixed: --docs 300 --mix 5-2000 --seed 1   (sizes log-uniform, 5 KB-2 MB)
  big:   --docs 1 --size-kb 51200 --seed 7  (one 50 MB word/document.xml)
and with ../shared/bench/mkprose.py the real-prose corpus (the register,
the CUI handbook and SBIR solicitations from ../shared/corpus/realworld-gov,
about 25 MB of text, full of the words marklint looks for):
  prose: 50 DOCX files (one w:p per paragraph) and the same prose as one
         text file, prose.txt
and prints, for each, MB of WordprocessingML per second (the manifest's
xml_bytes: document, headers, footers, notes, comments; for prose, the
uncompressed word/document.xml), documents per second and peak resident
memory, for:
  marklint extract        reading only (one process for all documents)
  marklint check          full checking, JSON out (when the binary has it)
  marklint check (text)   prose only: prose.txt, MB/s of the DOCX's XML so
                          the rate compares with the DOCX rows
  probe                   ../shared/bench/probe (libzip + libxml2 SAX2 + 30
                          PCRE2 JIT patterns on every paragraph), built here
                          with make; one process for all documents
  pandoc -t plain         one process per document (as users run it)
  docx2txt                one process per document
  probe (bare parse)      the probe's -m bare: libzip + libxml2 SAX2 with no
                          callbacks, the floor of any XML reading
and the ratio of check's time to the probe's, the figure issue 19 sets
targets on (at most 1.5x on the prose DOCX, 1.25x for the text file), and
of extract's to the bare parse's (issue 16: at most 1.3x). Then, unless
--no-jobs, check and audit of the mixed corpus with -j1 and with -j2, in
wall-clock time (the figure issue 16 sets: -j2 at least 1.8x -j1), with
the load average before and after, since other work on the machine takes
cores away from -j2.
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
import zipfile

from benchpaths import REPO, SHARED_BENCH
GEN = os.path.join(SHARED_BENCH, "gen-corpus.py")
MKPROSE = os.path.join(SHARED_BENCH, "mkprose.py")


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


def make_prose(work):
    """The real-prose corpus: (DOCX files, their XML bytes, prose.txt)."""
    out = os.path.join(work, "prose")
    txt = os.path.join(out, "prose.txt")
    docx_dir = os.path.join(out, "docx")
    if not os.path.exists(txt):
        subprocess.run([sys.executable, MKPROSE, "--out", out], check=True)
    files = sorted(os.path.join(docx_dir, f) for f in os.listdir(docx_dir)
                   if f.endswith(".docx"))
    xml_bytes = 0
    for f in files:
        with zipfile.ZipFile(f) as z:
            xml_bytes += z.getinfo("word/document.xml").file_size
    return files, xml_bytes, txt


def make_probe(work):
    """Builds the probe from a copy of its source; its path, or None."""
    src = os.path.join(SHARED_BENCH, "probe")
    dst = os.path.join(work, "probe")
    exe = os.path.join(dst, "probe")
    if not os.path.exists(exe):
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
        if subprocess.run(["make", "-C", dst], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode != 0:
            return None
    return exe


def run_cpu(argv, stdout=subprocess.DEVNULL):
    """Runs argv; returns (seconds, processor seconds (user + system),
    peak RSS in MB, exit status)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.monotonic() - start
    return (secs, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0,
            os.waitstatus_to_exitcode(status))


def run_measured(argv, stdout=subprocess.DEVNULL):
    """Runs argv; returns (seconds, peak RSS in MB, exit status)."""
    secs, _, rss, status = run_cpu(argv, stdout)
    return secs, rss, status


def versus_probe(label, corpus, argv, xml_bytes, ndocs, cpu):
    """Times argv, reports it, keeps its processor seconds in cpu: the
    ratios to the probe are of processor time, which a machine busy with
    other work disturbs less than the clock."""
    secs, c, rss, _ = run_cpu(argv)
    cpu[(corpus, label)] = c
    return report(label, corpus, secs, rss, xml_bytes, ndocs)


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
    ap.add_argument("--no-prose", action="store_true",
                    help="skip the real-prose corpus")
    ap.add_argument("--no-jobs", action="store_true",
                    help="skip the -j1 against -j2 timings")
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
    probe = make_probe(args.work)
    if not probe:
        print("probe: make failed (needs libzip, libxml2 and PCRE2 dev "
              "files: tools/install-deps)")
    results, cpu = {}, {}
    runs = []
    for name, gen_args in corpora:
        files, xml_bytes = make_corpus(args.work, name, gen_args)
        runs.append((name, files, xml_bytes, None,
                     f"gen-corpus.py {' '.join(gen_args)}"))
    if not args.no_prose:
        files, xml_bytes, txt = make_prose(args.work)
        runs.append(("prose", files, xml_bytes, txt,
                     "mkprose.py: real government prose"))
    for name, files, xml_bytes, txt, how in runs:
        n = len(files)
        print(f"{name}: {n} documents, {xml_bytes / 1e6:.1f} MB of XML "
              f"({how})")
        secs, c, rss, _ = run_cpu([args.marklint, "extract"] + files)
        cpu[(name, "extract")] = c
        results[(name, "extract")] = report("marklint extract", name, secs,
                                            rss, xml_bytes, n)
        if probe:
            versus_probe("probe (bare parse)", name,
                         [probe, "-m", "bare"] + files, xml_bytes, n, cpu)
        if has_check:
            results[(name, "check")] = versus_probe(
                "marklint check", name,
                [args.marklint, "check", "--format", "json"] + files,
                xml_bytes, n, cpu)
            if txt:
                results[(name, "check text")] = versus_probe(
                    "marklint check (text)", name,
                    [args.marklint, "check", "--format", "json", txt],
                    xml_bytes, n, cpu)
        if probe:
            results[(name, "probe")] = versus_probe(
                "probe (full)", name, [probe] + files, xml_bytes, n, cpu)
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
    for name, *_ in runs:
        p = cpu.get((name, "probe (full)"))
        for what in ("marklint check", "marklint check (text)"):
            c = cpu.get((name, what))
            if p and c:
                print(f"{name}: {what} takes {c / p:.2f}x the probe's "
                      f"processor time ({c:.2f} s / {p:.2f} s)")
        p = cpu.get((name, "probe (bare parse)"))
        c = cpu.get((name, "extract"))
        if p and c:
            print(f"{name}: marklint extract takes {c / p:.2f}x the bare "
                  f"parse's processor time ({c:.2f} s / {p:.2f} s; "
                  f"issue 16: at most 1.3x)")
        base = results.get((name, "extract"))
        for tool in ("pandoc -t plain", "docx2txt"):
            other = results.get((name, tool))
            if base and other:
                print(f"{name}: marklint extract is {base / other:.0f}x "
                      f"{tool}")
    if has_check and not args.no_jobs:
        jobs(args, runs[0])


def jobs(args, run):
    """check and audit of one corpus with -j1, then -j2: wall clock, the
    speed-up, and how busy the machine was."""
    name, files, xml_bytes, _, _ = run
    out = os.path.join(args.work, "audit")
    cmds = (("check", [args.marklint, "check", "--format", "json"]),
            ("audit", [args.marklint, "audit", "--force", "-o", out]))
    print(f"{name}: -j1 against -j2, wall clock; load average "
          f"{os.getloadavg()[0]:.1f} before ({os.cpu_count()} cores)")
    for what, cmd in cmds:
        t, c = {}, {}
        for j in (1, 2):
            t[j], c[j], rss, _ = run_cpu(cmd + ["-j", str(j)] + files)
            report(f"marklint {what} -j{j}", name, t[j], rss, xml_bytes,
                   len(files))
        # the processor time of -j2 against -j1 is the cost of the threads,
        # which a busy machine does not hide
        print(f"{name}: {what} -j2 is {t[1] / t[2]:.2f}x -j1 "
              f"(issue 16: at least 1.8x); processor time {c[1]:.2f} s "
              f"-> {c[2]:.2f} s")
    print(f"{name}: load average {os.getloadavg()[0]:.1f} after: with "
          f"other work running, -j2 gets less than two cores")


if __name__ == "__main__":
    main()
