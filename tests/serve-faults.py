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


def still_open(c):
    """Whether c is still open and silent: the server has neither answered
    nor closed it (a non-blocking read finds nothing to read)."""
    c.setblocking(False)
    try:
        return c.recv(1) == b"x"  # never: the server sends nothing
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        c.setblocking(True)


def test_slow_clients():
    # No timing assumption: the stalled clients' timeouts are far away
    # (600 s), so the check is answered while they are still held open
    # only if they do not hold the one worker.
    s = sl.Server(marklint, "--no-config", "-j", "1", "--timeout", "600",
                  "--request-timeout", "600")
    try:
        # ten clients that send a few bytes of their body and stall
        stalled = [raw(s.port, head(1000) + b"PK\x03\x04")
                   for _ in range(10)]
        st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
        t.check(st == 200, "a check is answered beside 10 stalled clients")
        t.check(all(still_open(c) for c in stalled),
                "... while they are held open: the one worker is free")
        # the rest of their bodies: each is answered (a broken DOCX:
        # 422), so that the stop does not wait for them (a client that
        # closes in the middle of its body is noticed only at --timeout)
        for c in stalled:
            c.sendall(b"y" * (1000 - 4))
        t.check(all(c.recv(12) == b"HTTP/1.1 422" for c in stalled),
                "the stalled requests are answered once their bodies are "
                "in")
        for c in stalled:
            c.close()
    finally:
        t.check(s.stop() == 0, "stops with 0")
    # --timeout cuts stalled clients, and a client that closes in the
    # middle of its body (libmicrohttpd 0.9.75 notices that only at the
    # timeout). Bounds from below only; from above, generous ones (a
    # loaded machine is slow, not wrong).
    s = sl.Server(marklint, "--no-config", "-j", "1", "--timeout", "5",
                  "--request-timeout", "600")
    try:
        stalled = [raw(s.port, head(1000) + b"PK\x03\x04")
                   for _ in range(10)]
        t.check(all(closed_within(c, 120 * sl.SLOW) for c in stalled),
                "stalled clients are cut by --timeout 5")
        # a body that stops short, and garbage
        c = raw(s.port, head(5000) + b"x" * 100)
        c.close()
        c = raw(s.port, b"GARBAGE\r\n\r\n")
        t.check(closed_within(c, 60 * sl.SLOW), "a request line that is "
                "not HTTP is dropped")
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
    t.check(" timeout" in s.text_log(), "the log says which requests were "
            "cut")
    # --request-timeout cuts a client that keeps sending (--timeout 60
    # then, so that only a test starved for a minute could see the idle
    # timeout instead)
    s = sl.Server(marklint, "--no-config", "-j", "1", "--timeout", "60",
                  "--request-timeout", "8")
    try:
        # a client that trickles a byte every half second stays active
        # but is cut by --request-timeout 8 (t0 before it connects: the
        # server cannot start its clock earlier)
        t0, cut = time.time(), False
        c = raw(s.port, head(1000))
        while time.time() - t0 < 8 + 120 * sl.SLOW:
            try:
                c.sendall(b"x")
            except OSError:
                cut = True
                break
            time.sleep(0.5)  # the trickle's pace, not a wait for a result
        t.check(cut or closed_within(c, 1), "a trickling client is cut")
        t.check(time.time() - t0 >= 7, "... not before --request-timeout "
                "(%.1fs)" % (time.time() - t0))
        c.close()
    finally:
        t.check(s.stop() == 0, "stops with 0")
    t.check(" aborted" in s.text_log(), "the log says the trickling "
            "request was cut")


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


def overload_round(port, doc):
    """Eight requests of doc whose bodies complete at the same moment; the
    (status, headers, body) of each."""
    ready = [sl.Prepared(port, "/v1/check?format=text", doc,
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
    return results


def test_overload():
    """Eight requests whose bodies complete at the same moment, to one
    worker and a queue of one: one runs, one waits, the others are 503
    at once. That rests on the worker taking far longer on the document
    (5,000 paragraphs, some 0.4 s of processor) than the I/O thread on
    eight last bytes, not on the clock; should a starved test process
    send its last bytes so slowly that the worker keeps up (no 503), the
    round is repeated with a longer document."""
    s = sl.Server(marklint, "--no-config", "-j", "1", "--queue", "1")
    try:
        for n in (5000, 20000, 50000):
            results = overload_round(s.port, slow_doc(n))
            busy = [r for r in results if r[0] == 503]
            if busy:
                break
        ok = [r for r in results if r[0] == 200]
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
        # asked with "Expect: 100-continue", as curl asks for a large
        # body: the answer comes before the body is sent. (Sent
        # outright, 1.5M does not fit in the socket's buffers, and the
        # client may get a reset instead of the answer once the server
        # closes a connection whose body it will not read.)
        big = sl.Prepared(s.port, "/v1/check", b"x" * (1536 * 1024))
        big.close()
        t.check(not big.continued and big.early is not None and
                big.early.startswith(b"HTTP/1.1 413"),
                "a body over --max-memory is 413 before it is sent (%r)"
                % (big.early or b"")[:40])
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
