"""serve-faults.py - `marklint serve` under faults, on the loopback, bounded
in count and time: slow clients hold no worker and are cut by the idle and
request timeouts; truncated and malformed requests; a zip bomb (422, the
server goes on answering, memory stays bounded); overload (503 with
Retry-After); the memory budget; SIGTERM with a request in flight."""

import http.client
import io
import json
import os
import socket
import subprocess
import tempfile
import time
import zipfile

import serve_lib as sl

marklint, srcdir, bindir = sl.args()
t = sl.Failures()
tmp = tempfile.mkdtemp(prefix="serve-faults.")
docx = sl.sample(bindir)
PARA = ("(S//NF) C.%d The seeker shall operate against the threat emitters "
        "for security reasons, closed to foreign participation at all "
        "levels.\n\n")


def slow_doc(n):
    """A text document that takes a worker a while (n paragraphs)."""
    return "".join(PARA % i for i in range(n)).encode()


def raw(port, data, timeout=30):
    c = socket.create_connection(("127.0.0.1", port), timeout * sl.SLOW)
    if data:
        c.sendall(data)
    return c


def head(n, path="/v1/check"):
    return ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
            % (path, n)).encode()


def closed_within(c, seconds):
    """Whether the server closes c (EOF or reset) within seconds; the
    answer, if any, is read and dropped."""
    c.settimeout(seconds)
    end = time.time() + seconds
    try:
        while time.time() < end:
            if not c.recv(65536):
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False
    return False


def zip_bomb():
    """A DOCX whose main part inflates from about 100 KB to 100 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default '
                   'Extension="xml" ContentType="application/xml"/><Override'
                   ' PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.'
                   'document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas'
                   '.openxmlformats.org/package/2006/relationships"><Relation'
                   'ship Id="r1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target='
                   '"word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w") as f:
            f.write(b'<?xml version="1.0"?><w:document xmlns:w="http://'
                    b'schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    b'<w:body><w:p><w:r><w:t>(S//NF) ')
            chunk = b"A" * (1 << 20)
            for _ in range(100):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def test_slow_clients():
    s = sl.Server(marklint, "--no-config", "-j", "1", "--timeout", "5",
                  "--request-timeout", "8")
    try:
        # ten clients that send a few bytes of their body and stall
        stalled = [raw(s.port, head(1000) + b"PK\x03\x04")
                   for _ in range(10)]
        t0 = time.time()
        st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
        took = time.time() - t0
        t.check(st == 200, "a check is answered beside 10 stalled clients")
        # were the worker held, it would wait for the stalled clients'
        # timeout (5 s)
        t.check(took < 4, "... at once, the one worker is free (%.1fs)"
                % took)
        t.check(all(closed_within(c, 5 + 10) for c in stalled),
                "stalled clients are cut by --timeout 5")
        # a client that trickles a byte every half second stays active
        # but is cut by --request-timeout 8
        c = raw(s.port, head(1000))
        t0, cut = time.time(), False
        while time.time() - t0 < 8 + 10:
            try:
                c.sendall(b"x")
            except OSError:
                cut = True
                break
            time.sleep(0.5)
        t.check(cut or closed_within(c, 1), "a trickling client is cut")
        t.check(time.time() - t0 >= 7, "... not before --request-timeout "
                "(%.1fs)" % (time.time() - t0))
        # a body that stops short, and garbage
        c = raw(s.port, head(5000) + b"x" * 100)
        c.close()
        c = raw(s.port, b"GARBAGE\r\n\r\n")
        t.check(closed_within(c, 10), "a request line that is not HTTP "
                "is dropped")
        c.close()
        c = raw(s.port, b"POST /v1/check HTTP/1.1\r\nHost: x\r\n"
                b"Content-Length: 12abc\r\n\r\n")
        t.check(c.recv(100).startswith(b"HTTP/1.1 400"),
                "a Content-Length that is not a number is 400")
        c.close()
        st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
        t.check(st == 200, "still answering after truncated bodies")
    finally:
        t.check(s.stop() == 0, "stops with 0")
    log = s.text_log()
    t.check(" aborted" in log or " timeout" in log,
            "the log says which requests were cut")


def test_zip_bomb():
    bomb = zip_bomb()
    path = os.path.join(tmp, "bomb.docx")
    with open(path, "wb") as f:
        f.write(bomb)
    p = subprocess.run(marklint.split() + ["check", "--no-config", "-f",
                                           "json", path],
                       capture_output=True)
    want = json.loads(p.stdout)["documents"][0]["error"]["code"]
    t.check(want.startswith("limit-"), "the CLI refuses the bomb: " + want)
    s = sl.Server(marklint, "--no-config", "-j", "2")
    try:
        for ep in ("check", "annotate", "review"):
            st, h, body = s.post("/v1/" + ep, bomb, "bomb.docx")
            t.check(st == 422 and sl.error_code(body) == want,
                    "the bomb to %s is 422 %s (%d %r)" % (ep, want, st,
                                                         body[:100]))
        st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
        t.check(st == 200, "the server goes on answering after the bomb")
        peak = s.rss_kib("VmHWM")
        t.check(peak < 512 * 1024, "peak memory under 512 MiB (%d KiB)"
                % peak)
    finally:
        t.check(s.stop() == 0, "stops with 0")


def test_overload():
    """Eight requests whose bodies complete at the same moment, to one
    worker and a queue of one: one runs, one waits, the others are 503
    at once (the worker takes far longer on the document than the I/O
    thread takes to hand out eight requests)."""
    doc = slow_doc(5000)
    s = sl.Server(marklint, "--no-config", "-j", "1", "--queue", "1")
    try:
        ready = [sl.Prepared(s.port, "/v1/check?format=text", doc,
                             {"X-Filename": "slow.txt"}) for _ in range(8)]
        t.check(all(p.continued for p in ready), "8 requests in flight")
        for p in ready:  # the last bytes, back to back
            p.sock.sendall(p.body[-1:])
        results = []
        for p in ready:
            r = http.client.HTTPResponse(p.sock)
            r.begin()
            results.append((r.status, {k.lower(): v for k, v in
                                       r.getheaders()}, r.read()))
            p.close()
        ok = [r for r in results if r[0] == 200]
        busy = [r for r in results if r[0] == 503]
        t.check(len(ok) + len(busy) == 8, "every client is answered 200 or "
                "503 (%r)" % [r[0] for r in results])
        t.check(len(busy) >= 1, "8 at once to 1 worker and a queue of 1: "
                "some are 503 (%d)" % len(busy))
        t.check(len(ok) >= 2, "the worker and the queue serve 2 (%d)"
                % len(ok))
        t.check(all(r[1].get("retry-after") == "1" and
                    sl.error_code(r[2]) == "overloaded" for r in busy),
                "a 503 says Retry-After and overloaded")
        t.check(len({r[2] for r in ok}) == 1, "the 200s are identical")
        st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
        t.check(st == 200, "answering again once the load is gone")
    finally:
        t.check(s.stop() == 0, "stops with 0")


def test_memory_budget():
    s = sl.Server(marklint, "--no-config", "--max-memory", "1M",
                  "--max-file-size", "4M")
    try:
        st, h, body = s.post("/v1/check", b"x" * (1536 * 1024))
        t.check(st == 413, "a body over --max-memory is 413 (%d)" % st)
        # its 800K are held from the moment it is continued
        held = sl.Prepared(s.port, "/v1/check", b"x" * (800 * 1024))
        t.check(held.continued, "the first body is taken")
        st, h, body = s.post("/v1/check", b"y" * (400 * 1024))
        t.check(st == 503 and h.get("retry-after") == "1",
                "a body past the budget is 503 while another is held (%d)"
                % st)
        st, h, body = held.finish()
        t.check(st == 200, "the held one is answered (%d)" % st)
        st, h, body = s.post("/v1/check", b"y" * (400 * 1024))
        t.check(st == 200, "... and 200 once it is released (%d)" % st)
    finally:
        t.check(s.stop() == 0, "stops with 0")


def test_sigterm_in_flight():
    doc = slow_doc(2500)
    s = sl.Server(marklint, "--no-config", "-j", "1")
    p = sl.Prepared(s.port, "/v1/check?format=text", doc,
                    {"X-Filename": "slow.txt"})
    t.check(p.continued, "the request is in flight")
    s.proc.send_signal(15)
    t.check(sl.wait_until(lambda: "SIGTERM" in s.text_log(), 30),
            "the server takes the signal")

    def refused():
        try:
            raw(s.port, b"", timeout=5).close()
            return False
        except ConnectionRefusedError:
            return True
    gone = sl.wait_until(refused, 10)
    answer = p.finish()
    rc = s.stop()
    t.check(gone, "after SIGTERM no new connection is taken")
    t.check(answer[0] == 200 and answer[2].rstrip().endswith(b"infos"),
            "the request in flight is answered, whole (%d)" % answer[0])
    t.check(rc == 0, "then it exits 0 (%r)" % rc)
    t.check("SIGTERM: finishing 1 request in flight" in s.text_log(),
            "the log says it finishes the request in flight")


test_slow_clients()
test_zip_bomb()
test_overload()
test_memory_budget()
test_sigterm_in_flight()
t.report()
