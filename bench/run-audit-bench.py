#!/usr/bin/env python3
"""The audit benchmark: `marklint audit` with -j1 and -j2 on a generated
department, its speed-up and its peak memory (a benchmark, not a test).

    bench/run-audit-bench.py [--marklint build/marklint]
                             [--work /tmp/marklint-audit-bench]
                             [--docs 2000] [--mix 5-100]

It makes the corpus with ../shared/bench/gen-corpus.py (deterministic:
--seed 1, sizes log-uniform in --mix KB), spread over 20 folders so the
roll-ups by folder have something to do, then times one audit per -j value
(wall clock, after a warm-up run that fills the page cache) and reads the
peak resident memory from /usr/bin/time. Memory is measured also on the
first quarter of the documents: "flat" means the two peaks are close,
whatever the number of documents. Target: -j2 at least 1.8 times faster
than -j1 on two cores.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

from benchpaths import SHARED_BENCH


def run_audit(marklint, inputs, out, jobs):
    """Seconds and peak KB of one `marklint audit -j JOBS` into out, a
    folder that does not exist yet. Not one just emptied: on ext4 without
    a journal (this machine's), files made within a minute of deleting
    thousands of others skip the deleted inodes one by one, which
    measured a sixth of the audit (perf: recently_deleted) and is the
    benchmark's doing, not marklint's (so leave a minute between two runs
    of this script, which removes its outputs at the end)."""
    cmd = ["/usr/bin/time", "-f", "MAXRSS %M", marklint, "audit",
           "-j", str(jobs), "-o", out] + inputs
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    secs = time.monotonic() - t0
    if p.returncode not in (0, 2):
        sys.exit("audit failed: %s" % p.stderr[-500:])
    kb = int(re.search(r"MAXRSS (\d+)", p.stderr).group(1))
    return secs, kb


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--marklint", default="build/marklint")
    ap.add_argument("--work", default="/tmp/marklint-audit-bench")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--mix", default="5-100")
    a = ap.parse_args()
    gen = os.path.join(SHARED_BENCH, "gen-corpus.py")
    corpus = os.path.join(a.work, "corpus")
    if not os.path.isdir(corpus):
        flat = os.path.join(a.work, "flat")
        subprocess.run([sys.executable, gen, "--out", flat, "--docs",
                        str(a.docs), "--mix", a.mix, "--seed", "1", "-q"],
                       check=True)
        names = sorted(n for n in os.listdir(flat) if n.endswith(".docx"))
        for i, n in enumerate(names):
            d = os.path.join(corpus, "folder-%02d" % (i % 20))
            os.makedirs(d, exist_ok=True)
            os.rename(os.path.join(flat, n), os.path.join(d, n))
    quarter = os.path.join(a.work, "quarter")
    if not os.path.isdir(quarter):
        for d in sorted(os.listdir(corpus))[:5]:
            shutil.copytree(os.path.join(corpus, d), os.path.join(quarter, d))
    outs = os.path.join(a.work, "out")
    shutil.rmtree(outs, ignore_errors=True)  # an earlier run's
    os.makedirs(outs)
    run_audit(a.marklint, [corpus], os.path.join(outs, "warm"), 2)
    s1, m1 = run_audit(a.marklint, [corpus], os.path.join(outs, "j1"), 1)
    s2, m2 = run_audit(a.marklint, [corpus], os.path.join(outs, "j2"), 2)
    _, mq = run_audit(a.marklint, [quarter], os.path.join(outs, "q"), 2)
    shutil.rmtree(outs, ignore_errors=True)
    n = sum(len(f) for _, _, f in os.walk(corpus))
    print("documents: %d (--mix %s KB), cores: %d" % (n, a.mix,
                                                     os.cpu_count()))
    print("-j1: %.2f s (%.0f docs/s), peak %.1f MB" % (s1, n / s1, m1 / 1024))
    print("-j2: %.2f s (%.0f docs/s), peak %.1f MB" % (s2, n / s2, m2 / 1024))
    print("speed-up -j2/-j1: %.2fx (target 1.80x)" % (s1 / s2))
    print("peak memory, a quarter of the documents (-j2): %.1f MB"
          % (mq / 1024))


if __name__ == "__main__":
    main()
