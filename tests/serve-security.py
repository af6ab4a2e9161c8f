"""serve-security.py - the security model of `marklint serve`: no address
but the loopback without a token; with --token-file every request (the
page and /healthz too) needs Authorization: Bearer TOKEN, else 401; bad
token files and TLS files stop it before it listens; HTTPS with a
certificate (made here with openssl or certtool; that part is skipped
when neither is installed)."""

import os
import shutil
import socket
import ssl
import subprocess
import tempfile

import serve_lib as sl

marklint, srcdir, bindir = sl.args()
t = sl.Failures()
tmp = tempfile.mkdtemp(prefix="serve-sec.")
TOKEN = "3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60"
TEXT = b"(S//NF) The seeker data shall stay national.\n"


def write(name, data, mode=0o600):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(data)
    os.chmod(path, mode)
    return path


def refused(argv, code, what):
    p = subprocess.run(marklint.split() + ["serve"] + argv, cwd=tmp,
                       capture_output=True, text=True,
                       timeout=60 * sl.SLOW)
    t.check(p.returncode == 2 and ("[%s]" % code) in p.stderr,
            "%s: exit 2 [%s] (%d %r)" % (what, code, p.returncode,
                                         p.stderr[-200:]))


token_file = write("token", TOKEN + "\n")
for addr in ("0.0.0.0:0", "[::]:0"):
    refused(["--listen", addr], "listen-refused",
            "--listen %s without a token" % addr)
refused(["--listen", "127.0.0.1"], "listen-address", "no port")
refused(["--listen", "127.0.0.1:99999"], "listen-address", "a bad port")
refused(["--listen", "127.0.0.1:0", "--token-file", write("empty", "\n")],
        "token-invalid", "an empty token file")
refused(["--listen", "127.0.0.1:0", "--token-file",
         write("spaced", "two words\n")], "token-invalid",
        "a token with a space")
refused(["--listen", "127.0.0.1:0", "--token-file", tmp + "/missing"],
        "io-not-found", "a missing token file")
refused(["--listen", "127.0.0.1:0", "--tls-cert", token_file, "--tls-key",
         token_file], "tls-invalid", "a certificate that is not PEM")

# The token: every request, whatever the path.
s = sl.Server(marklint, "--no-config", "--token-file", token_file)
try:
    for method, path, body in (("GET", "/", None), ("GET", "/healthz", None),
                               ("POST", "/v1/check", TEXT),
                               ("GET", "/nowhere", None)):
        for auth in (None, "Bearer wrong", "Bearer " + TOKEN[:-1],
                     "Bearer " + TOKEN + "0", "Basic " + TOKEN, TOKEN):
            h = {"Authorization": auth} if auth else {}
            st, hd, b = s.request(method, path, body, h)
            t.check(st == 401 and sl.error_code(b) == "unauthorized",
                    "%s %s with %r is 401 (%d)" % (method, path, auth, st))
            t.check(hd.get("www-authenticate", "").startswith("Bearer"),
                    "a 401 says WWW-Authenticate: Bearer")
    for auth in ("Bearer " + TOKEN, "bearer " + TOKEN):
        h = {"Authorization": auth}
        t.check(s.request("GET", "/", None, h)[0] == 200,
                "GET / with %r is 200" % auth[:6])
        t.check(s.request("GET", "/healthz", None, h)[0] == 200,
                "GET /healthz with the token is 200")
        st, hd, b = s.request("POST", "/v1/check", TEXT, h)
        t.check(st == 200, "POST /v1/check with the token is 200 (%d)" % st)
finally:
    t.check(s.stop() == 0, "stops with 0")
t.check(TOKEN not in s.text_log(), "the token is never logged")

# The IPv6 loopback needs no token (skipped where IPv6 is off).
try:
    socket.socket(socket.AF_INET6).bind(("::1", 0))
    v6 = True
except OSError:
    v6 = False
if v6:
    s = sl.Server(marklint, "--no-config", listen="[::1]:0")
    try:
        t.check(s.host == "::1", "the log names [::1]")
        st, hd, b = s.post("/v1/check", TEXT, "t.txt")
        t.check(st == 200, "a check over the IPv6 loopback is 200 (%d)" % st)
    finally:
        t.check(s.stop() == 0, "stops with 0")

# With a token, any address may be listened on (here: every address,
# port 0; only the loopback is used).
s = sl.Server(marklint, "--no-config", "--token-file", token_file,
              listen="0.0.0.0:0")
try:
    st, hd, b = s.request("GET", "/healthz", None,
                          {"Authorization": "Bearer " + TOKEN})
    t.check(st == 200, "0.0.0.0 with a token serves")
finally:
    t.check(s.stop() == 0, "stops with 0")


def make_cert():
    """(cert, key) made here, or None without openssl and certtool."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    if shutil.which("openssl"):
        p = subprocess.run(["openssl", "req", "-x509", "-newkey",
                            "rsa:2048", "-nodes", "-keyout", key, "-out",
                            cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                           capture_output=True)
        return (cert, key) if p.returncode == 0 else None
    if shutil.which("certtool"):
        tpl = write("cert.tpl", "cn = 127.0.0.1\nexpiration_days = 2\n"
                    "tls_www_server\nsigning_key\nencryption_key\n")
        subprocess.run(["certtool", "--generate-privkey", "--outfile", key],
                       capture_output=True)
        p = subprocess.run(["certtool", "--generate-self-signed",
                            "--load-privkey", key, "--template", tpl,
                            "--outfile", cert], capture_output=True)
        return (cert, key) if p.returncode == 0 else None
    return None


pair = make_cert()
if pair is None:
    print("skipped HTTPS: neither openssl nor certtool is installed")
else:
    cert, key = pair
    s = sl.Server(marklint, "--no-config", "--tls-cert", cert, "--tls-key",
                  key)
    try:
        t.check(s.scheme == "https", "the log says https")
        ctx = ssl.create_default_context(cafile=cert)
        ctx.check_hostname = False
        st, hd, b = s.request("POST", "/v1/check", TEXT,
                              {"X-Filename": "t.txt"}, context=ctx)
        t.check(st == 200, "a check over HTTPS is 200 (%d)" % st)
        t.check(hd.get("strict-transport-security", "").startswith(
            "max-age="), "HTTPS answers carry Strict-Transport-Security")
        plain = sl.Server.__new__(sl.Server)
        plain.scheme, plain.port = "http", s.port
        try:
            plain.request("GET", "/healthz", timeout=10)
            t.check(False, "plain HTTP to the HTTPS port is not answered")
        except Exception:
            pass
        t.check(s.request("GET", "/healthz", context=ctx)[0] == 200,
                "still serving HTTPS after a plain request")
    finally:
        t.check(s.stop() == 0, "stops with 0")
    p = subprocess.run(marklint.split() + ["serve", "--tls-cert", cert],
                       capture_output=True, text=True, timeout=60 * sl.SLOW)
    t.check(p.returncode == 2 and "go together" in p.stderr,
            "--tls-cert without --tls-key is refused")
shutil.rmtree(tmp)
t.report()
