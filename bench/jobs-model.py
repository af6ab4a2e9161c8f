#!/usr/bin/env python3
"""What -jN can give over -j1 for check and audit, in instructions, which
the load of a shared machine does not change.

    bench/jobs-model.py --corpus DIR [--marklint build/marklint]
                        [--every 5] [--jobs 2] [--command check|audit|both]
                        [--work /tmp/marklint-jobs]

It copies every fifth document of DIR (--every) into WORK, runs
`marklint check -j1 -f json` and `marklint audit -j1` on them under
`valgrind --tool=callgrind`, with a profile dumped as each document's
work (S_work) and its fold into the output (S_fold) begin, and so knows
the instructions of: what runs before the pool (the walk, loading the
rules), each document's work, each fold, and what runs after the last
fold (the audit's files). It then replays the pool of lint/cli/cli_pool.c
on those figures with N workers: workers take documents in order, run at
most a window of 4N+4 ahead of the fold, and whoever parks the document
at the head folds every ready one in order while the others go on. It
prints the -j1 total, the serial part (outside the pool), the -jN
critical path of the replay, their ratio, and Amdahl's bound for that
serial part.

What it leaves out: lock hand-offs, caches and memory bandwidth shared by
the cores, and other processes. The replay says what the program's shape
allows; a quiet machine's clock says what the cores then give.

Needs valgrind, and a marklint built with its symbols (the default
RelWithDebInfo or Release build keeps S_work and S_fold)."""
import argparse
import glob
import heapq
import os
import shutil
import subprocess
import sys


def copy_every(corpus, every, dest):
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    names = sorted(os.listdir(corpus))
    for k, name in enumerate(names):
        src = os.path.join(corpus, name)
        if k % every == 0 and os.path.isfile(src):
            shutil.copy(src, dest)


def totals(path):
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    raise SystemExit(f"{path}: no totals line")


def profile(marklint, command, docs, work):
    """Instructions before the pool, and of each work and fold, in order
    (the last fold holds what runs after the pool)."""
    out = os.path.join(work, f"{command}.cg")
    for old in glob.glob(out + "*"):
        os.remove(old)
    args = [marklint, command, "-j1"]
    if command == "check":
        args += ["-f", "json", "--exit-zero", docs]
    else:
        audit_dir = os.path.join(work, "audit-out")
        shutil.rmtree(audit_dir, ignore_errors=True)
        args += ["-o", audit_dir, docs]
    subprocess.run(["valgrind", "--tool=callgrind",
                    "--dump-before=S_work", "--dump-before=S_fold",
                    f"--callgrind-out-file={out}"] + args,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    parts = sorted(glob.glob(out + ".*"),
                   key=lambda p: int(p.rsplit(".", 1)[1]))
    counts = [totals(p) for p in parts] + [totals(out)]
    if len(counts) < 3 or len(counts) % 2 == 0:
        raise SystemExit(f"{command}: {len(counts)} profile parts; is "
                         "marklint built with its symbols?")
    return counts[0], counts[1::2], counts[2::2]


def replay(work, fold, jobs):
    """The critical path of cli_pool.c's ordered pool on these costs."""
    n = len(work)
    nslots = 4 * jobs + 4
    ready = [False] * n
    state = {"head": 0, "folding": False, "next": 0}
    events, waiting, seq = [], [], [0]
    end = 0

    def push(t, kind, who):
        seq[0] += 1
        heapq.heappush(events, (t, seq[0], kind, who))

    def fold_or_take(t, who):
        h = state["head"]
        if h < n and ready[h]:
            push(t + fold[h], "folded", who)
        else:
            state["folding"] = False
            push(t, "take", who)

    def park(t, who, i):
        ready[i] = True
        if state["folding"]:
            push(t, "take", who)
        else:
            state["folding"] = True
            fold_or_take(t, who)

    for who in range(jobs):
        push(0, "take", (who, None))
    while events:
        t, _, kind, (who, i) = heapq.heappop(events)
        end = max(end, t)
        if kind == "take":
            if state["next"] < n:
                i = state["next"]
                state["next"] += 1
                push(t + work[i], "done", (who, i))
        elif kind == "done":
            if i >= state["head"] + nslots:
                waiting.append((who, i))
            else:
                park(t, (who, None), i)
        else:  # folded: the head moves, a parked worker may go on
            ready[state["head"]] = False
            state["head"] += 1
            still = []
            for w in waiting:
                if w[1] < state["head"] + nslots:
                    ready[w[1]] = True
                    push(t, "take", (w[0], None))
                else:
                    still.append(w)
            waiting[:] = still
            fold_or_take(t, (who, None))
    return end


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--marklint", default="build/marklint")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--every", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--command", default="both",
                    choices=["check", "audit", "both"])
    ap.add_argument("--work", default="/tmp/marklint-jobs")
    a = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("jobs-model.py: needs valgrind")
    docs = os.path.join(a.work, "docs")
    copy_every(a.corpus, a.every, docs)
    marklint = os.path.abspath(a.marklint)
    for command in (["check", "audit"] if a.command == "both"
                    else [a.command]):
        pre, work, fold = profile(marklint, command, docs, a.work)
        total = pre + sum(work) + sum(fold)
        jn = pre + replay(work, fold, a.jobs)
        after = fold[-1]  # the last fold and everything after the pool
        serial = (pre + after) / total
        bound = 1 / (serial + (1 - serial) / a.jobs)
        print(f"{command}: {len(work)} documents, -j1 {total / 1e6:,.0f}M "
              f"instructions, outside the pool {pre / 1e6:,.0f}M before "
              f"+ {after / 1e6:,.0f}M after ({100 * serial:.1f}%); "
              f"-j{a.jobs} critical path {jn / 1e6:,.0f}M: "
              f"{total / jn:.2f}x (Amdahl's bound {bound:.2f}x)")


if __name__ == "__main__":
    main()
