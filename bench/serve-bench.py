#!/usr/bin/env python3
"""marklint serve under load: CLIENTS clients send REQUESTS requests each,
at once, over the loopback, and every answer is checked.

    bench/serve-bench.py [--marklint build/marklint] [--clients 32]
                         [--requests 20] [--jobs N] [--endpoint check]
                         [--document build/fixtures/sample/rfp-draft.docx]
                         [--max-rss-mib 512]

It starts `marklint serve --listen 127.0.0.1:0` (a free port), then each
client opens one keep-alive connection and POSTs the document REQUESTS
times to /v1/ENDPOINT (check: the JSON report; annotate: the annotated
copy; review: the Markdown memo). It prints the answers by status, whether
every 200 is byte for byte the same as the first, requests per second,
latency percentiles (ms) and the server's peak resident memory (VmHWM),
then stops the server with SIGTERM.

Exit status: 0 when every request was answered 200 with the same bytes,
the server's peak memory stayed under --max-rss-mib and it stopped
cleanly; 1 otherwise. The suite runs it as the serve:load test (32 x 20);
the figures are wall-clock figures of one run.
"""

import argparse
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def start(marklint, jobs):
    cmd = [marklint, "serve", "--listen", "127.0.0.1:0", "--no-config"]
    if jobs:
        cmd += ["-j", str(jobs)]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            # drain the log so that the server never blocks on it
            threading.Thread(target=lambda: proc.stderr.read(),
                             daemon=True).start()
            return proc, int(m.group(1))
    raise SystemExit("marklint serve did not start")


def peak_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def client(port, path, doc, n, out):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            c.request("POST", path, doc, {"X-Filename": "rfp-draft.docx"})
            r = c.getresponse()
            body = r.read()
            out.append((r.status, body, time.perf_counter() - t0))
        except (OSError, http.client.HTTPException) as e:
            out.append((0, str(e).encode(), time.perf_counter() - t0))
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    c.close()


def pct(sorted_values, p):
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values)
                                                         - 1))))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--marklint", default=os.path.join(REPO, "build",
                                                       "marklint"))
    ap.add_argument("--document", default=os.path.join(
        REPO, "build", "fixtures", "sample", "rfp-draft.docx"))
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=0,
                    help="the server's -j (default: its own)")
    ap.add_argument("--endpoint", default="check",
                    choices=("check", "annotate", "review"))
    ap.add_argument("--max-rss-mib", type=int, default=512)
    a = ap.parse_args()
    with open(a.document, "rb") as f:
        doc = f.read()
    proc, port = start(a.marklint, a.jobs)
    results = [[] for _ in range(a.clients)]
    threads = [threading.Thread(target=client, args=(
        port, "/v1/" + a.endpoint, doc, a.requests, results[i]))
        for i in range(a.clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    peak = peak_kib(proc.pid)
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(120)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = None
    every = [r for rs in results for r in rs]
    by_status = {}
    for st, _, _ in every:
        by_status[st] = by_status.get(st, 0) + 1
    ok = [r for r in every if r[0] == 200]
    same = len({r[1] for r in ok}) == 1
    lat = sorted(r[2] * 1000 for r in every)
    total = a.clients * a.requests
    print("marklint serve, %d clients x %d requests = %d POST /v1/%s of %s "
          "(%d bytes)" % (a.clients, a.requests, total, a.endpoint,
                          os.path.basename(a.document), len(doc)))
    print("  answers:      %s" % ", ".join("%d x %s" % (n, st) for st, n in
                                            sorted(by_status.items())))
    print("  identical:    %s (%d bytes each)" % ("yes" if same else "NO",
                                                   len(ok[0][1]) if ok
                                                   else 0))
    print("  wall:         %.2f s, %.0f requests/s" % (wall, total / wall))
    print("  latency ms:   p50 %.1f, p95 %.1f, p99 %.1f, max %.1f"
          % (pct(lat, 50), pct(lat, 95), pct(lat, 99), pct(lat, 100)))
    print("  server peak:  %.1f MiB resident (limit %d MiB)"
          % (peak / 1024, a.max_rss_mib))
    print("  stop:         exit status %r after SIGTERM" % rc)
    good = (len(ok) == total and same and peak < a.max_rss_mib * 1024
            and rc == 0)
    print("  result:       %s" % ("PASS" if good else "FAIL"))
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
