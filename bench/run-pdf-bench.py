#!/usr/bin/env python3
"""run-pdf-bench.py [--marklint PATH] [--runs N] [DIR]

Times `marklint check -f json` over the PDFs under DIR (default: the real
government PDFs of ../shared/corpus/realworld-gov) against `pdftotext` on
the same files, as each is used: pdftotext once per file (it takes one),
marklint once over them all (as `marklint check DIR` runs; each PDF still
gets a reader process of its own). Prints, per tool, the best and the median of N runs
(default 5) of wall-clock time and of processor time (user + system, the
PDF reader child included), the peak resident memory, and the ratios
marklint/pdftotext; the target of issue 14 is 1.25 or less.

Processor time is the figure to trust on a shared machine: wall-clock
time there depends on what else runs. Standard library only.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = 1.25


def default_corpus():
    """../shared/corpus/realworld-gov beside the checkout (CI, /work/main)
    or beside the worktrees' folder (/work/wt/NAME)."""
    for up in ("..", os.path.join("..", "..")):
        d = os.path.normpath(os.path.join(HERE, "..", up, "shared",
                                          "corpus", "realworld-gov"))
        if os.path.isdir(d):
            return d
    return os.path.normpath(os.path.join(HERE, "..", "..", "shared",
                                         "corpus", "realworld-gov"))


def pdfs_under(root):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(root)
                  for f in fs if f.lower().endswith(".pdf"))


def one_run(argvs):
    """Runs each command line; returns wall seconds, CPU seconds (user +
    system, the processes' own children included) and the peak RSS in MiB
    of the largest process (for marklint: the parent or one reader child,
    whichever is larger). Each process is waited for with wait4, so that
    the peak is this tool's, not the largest of every process this script
    ran before."""
    wall, cpu, peak = 0.0, 0.0, 0.0
    for argv in argvs:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        p.returncode = 0  # reaped above
        wall += time.perf_counter() - t0
        cpu += ru.ru_utime + ru.ru_stime
        peak = max(peak, ru.ru_maxrss / 1024.0)
    return wall, cpu, peak


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--marklint", default=os.path.join(HERE, "..", "build",
                                                        "marklint"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("dir", nargs="?", default=default_corpus())
    a = ap.parse_args(argv[1:])
    files = pdfs_under(a.dir)
    if not files:
        print(f"no PDF under {a.dir}", file=sys.stderr)
        return 2
    size = sum(os.path.getsize(f) for f in files)
    tools = {
        "pdftotext": [["pdftotext", "-enc", "UTF-8", f, "-"] for f in files],
        "marklint check": [[a.marklint, "check", "-f", "json",
                            "--exit-zero"] + files],
    }
    print(f"{len(files)} PDFs, {size / 1e6:.1f} MB, {a.runs} runs each "
          f"(alternating)")
    res = {k: [] for k in tools}
    for _ in range(a.runs):
        for name, argvs in tools.items():
            res[name].append(one_run(argvs))
    summary = {}
    for name, runs in res.items():
        walls = [r[0] for r in runs]
        cpus = [r[1] for r in runs]
        peak = max(r[2] for r in runs)
        summary[name] = (min(walls), statistics.median(walls), min(cpus),
                         statistics.median(cpus), peak)
        print(f"{name:15s} wall best {min(walls):6.2f} s, median "
              f"{statistics.median(walls):6.2f} s; cpu best "
              f"{min(cpus):6.2f} s, median {statistics.median(cpus):6.2f} s;"
              f" peak {peak:6.1f} MiB")
    m, p = summary["marklint check"], summary["pdftotext"]
    wall_ratio, cpu_ratio = m[0] / p[0], m[2] / p[2]
    print(f"ratio marklint/pdftotext: wall {wall_ratio:.2f}x, cpu "
          f"{cpu_ratio:.2f}x (best runs; target {TARGET}x)")
    return 0 if cpu_ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
