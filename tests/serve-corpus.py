"""serve-corpus.py - every document of the shared real-world corpora
(../shared/corpus: documents others wrote, some broken on purpose) sent
to `marklint serve` says what the command line says: the same JSON
document object from /v1/check, or 422 with the same error code; for each
readable DOCX, /v1/annotate answers the same bytes as `marklint annotate`
(or the same error). Run as
    python3 tests/serve-corpus.py MARKLINT SRCDIR BINDIR CORPUS_DIR"""

import json
import os
import subprocess
import sys
import tempfile

import serve_lib as sl

marklint, srcdir, bindir = sl.args()
corpus = os.path.abspath(sys.argv[4])
t = sl.Failures()
tmp = tempfile.mkdtemp(prefix="serve-corpus.")
out = os.path.join(tmp, "copy.docx")
counts = {}


def cli(cwd, *argv):
    return subprocess.run(marklint.split() + list(argv), cwd=cwd,
                          capture_output=True)


s = sl.Server(marklint, "--no-config", "-j", "2", "--max-file-size", "2G",
              "--max-memory", "1G")
try:
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            want = json.loads(cli(root, "check", "--no-config", "-f", "json",
                                  name).stdout)["documents"][0]
            st, h, body = s.post("/v1/check", data, name)
            counts[st] = counts.get(st, 0) + 1
            if want["status"] == "ok":
                t.check(st == 200 and
                        json.loads(body)["documents"][0] == want,
                        "%s: the served report is the command line's (%d)"
                        % (path, st))
                continue
            t.check(st == 422 and sl.error_code(body) ==
                    want["error"]["code"], "%s: 422 %s (%d %r)"
                    % (path, want["error"]["code"], st, body[:100]))
    for root, dirs, files in os.walk(corpus):
        for name in sorted(f for f in files if f.endswith(".docx")):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            p = cli(root, "annotate", "--no-config", "--force", name, "-o",
                    out)
            st, h, body = s.post("/v1/annotate", data, name)
            counts["annotate %d" % st] = counts.get("annotate %d" % st,
                                                    0) + 1
            if p.returncode == 0:
                with open(out, "rb") as f:
                    t.check(st == 200 and body == f.read(), "%s: the "
                            "served copy is `marklint annotate`'s (%d)"
                            % (path, st))
            else:
                code = p.stderr.decode().rstrip().rsplit("[", 1)[-1][:-1]
                t.check(st in (415, 422) and sl.error_code(body) == code,
                        "%s: annotate refused with %s (%d %r)"
                        % (path, code, st, body[:100]))
finally:
    rc = s.stop()
t.check(rc == 0, "the server stops with 0 (%r)" % rc)
print("answers: %r" % counts)
t.report()
