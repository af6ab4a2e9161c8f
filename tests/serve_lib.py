"""serve_lib.py - helpers of the tests/serve-*.py scripts: start `marklint
serve` on a free loopback port (--listen 127.0.0.1:0; the port is read from
its first log line), send requests with http.client, stop it with SIGTERM
and check that it exits 0. Every script is run by ctest as
    python3 tests/serve-NAME.py MARKLINT SRCDIR BINDIR
and exits 0 (pass), 1 (a check failed) or 77 (skipped)."""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

# Under valgrind everything is some 30 times slower.
SLOW = float(os.environ.get("ML_SERVE_SLOW", "1"))


class Failures:
    """Collects failed checks; report() prints them and exits."""

    def __init__(self):
        self.failed = []

    def check(self, cond, what):
        if not cond:
            self.failed.append(what)
            print("FAIL: " + what, file=sys.stderr)
        return cond

    def report(self):
        if self.failed:
            print("%d check(s) failed" % len(self.failed), file=sys.stderr)
            sys.exit(1)
        print("ok")
        sys.exit(0)


def args():
    if len(sys.argv) < 4:
        print("usage: %s MARKLINT SRCDIR BINDIR" % sys.argv[0],
              file=sys.stderr)
        sys.exit(2)
    # the first word is the program (a valgrind wrapper may follow)
    words = sys.argv[1].split()
    words[0] = os.path.abspath(words[0])
    return (" ".join(words), os.path.abspath(sys.argv[2]),
            os.path.abspath(sys.argv[3]))


class Server:
    """A `marklint serve` process; its log lines are kept in .log."""

    def __init__(self, marklint, *extra, listen="127.0.0.1:0"):
        cmd = marklint.split() + ["serve", "--listen", listen] + list(extra)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.log = []
        self.port = None
        self.host = "127.0.0.1"
        self.scheme = "http"
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(30 * SLOW) or self.port is None:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError("marklint serve did not start:\n" +
                               "".join(self.log))

    def _read(self):
        for line in self.proc.stdout:
            self.log.append(line)
            m = re.search(r"serving on (https?)://(\[[0-9a-f:]+\]|[0-9.]+):"
                          r"(\d+)/", line)
            if m and self.port is None:
                self.scheme, self.port = m.group(1), int(m.group(3))
                self.host = m.group(2).strip("[]")
                if self.host in ("0.0.0.0", "::"):
                    self.host = "127.0.0.1"
                self._ready.set()
        self._ready.set()

    def connection(self, timeout=60, context=None):
        t = timeout * SLOW
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port,
                                               timeout=t, context=context)
        return http.client.HTTPConnection(self.host, self.port, timeout=t)

    def request(self, method, path, body=None, headers=None, timeout=60,
                context=None):
        """(status, headers as a dict with lower-case names, body)."""
        c = self.connection(timeout, context)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()

    def post(self, path, data, name="document", headers=None, **kw):
        h = {"X-Filename": name}
        h.update(headers or {})
        return self.request("POST", path, data, h, **kw)

    def rss_kib(self, key="VmRSS"):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self, timeout=60):
        """SIGTERM, then the exit status (None when it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        self._reader.join(5)
        if rc != 0:
            print("marklint serve: exit status %r; its log:\n%s"
                  % (rc, "".join(self.log[-20:])), file=sys.stderr)
        return rc

    def text_log(self):
        return "".join(self.log)


def error_code(body):
    """The code of an {"error": {"code", "message"}} answer, or None."""
    try:
        e = json.loads(body)["error"]
        return e["code"] if isinstance(e.get("message"), str) else None
    except (ValueError, KeyError, TypeError):
        return None


def sample(bindir):
    path = os.path.join(bindir, "fixtures", "sample", "rfp-draft.docx")
    with open(path, "rb") as f:
        return f.read()


def multipart(field, filename, data, boundary="marklint-test-boundary"):
    """A multipart/form-data body with one file; (body, content type)."""
    head = ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
            "filename=\"%s\"\r\nContent-Type: application/octet-stream"
            "\r\n\r\n" % (boundary, field, filename)).encode()
    tail = ("\r\n--%s--\r\n" % boundary).encode()
    return head + data + tail, "multipart/form-data; boundary=" + boundary


class Prepared:
    """A request whose headers the server has taken in (it answered
    "100 Continue", so the handler has run: the request is in flight)
    and whose body is sent but for its last byte; finish() sends it and
    returns (status, headers, body)."""

    def __init__(self, port, path, body, headers=None):
        import socket
        self.body = body
        self.sock = socket.create_connection(("127.0.0.1", port),
                                             60 * SLOW)
        head = "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n" \
               "Expect: 100-continue\r\n" % (path, len(body))
        for k, v in (headers or {}).items():
            head += "%s: %s\r\n" % (k, v)
        self.sock.sendall((head + "\r\n").encode())
        got = b""
        while b"\r\n\r\n" not in got:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            got += chunk
        self.continued = got.startswith(b"HTTP/1.1 100")
        self.early = None if self.continued else got
        if self.continued:
            self.sock.sendall(body[:-1])

    def finish(self):
        if not self.continued:
            return 0, {}, self.early or b""
        self.sock.sendall(self.body[-1:])
        r = http.client.HTTPResponse(self.sock)
        r.begin()
        data = r.read()
        self.sock.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def close(self):
        self.sock.close()


def wait_until(cond, seconds):
    end = time.time() + seconds * SLOW
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()
