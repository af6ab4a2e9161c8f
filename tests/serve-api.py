"""serve-api.py - every endpoint and error of `marklint serve` over the
loopback, compared with what the command line says about the same
document: the reports (JSON, SARIF, JUnit, text), the annotated copy byte
for byte, the memo; 400, 404, 405, 413 (before the body is read), 415,
422; the page's headers and its Content-Security-Policy; the names
clients send; a log that holds no document text; SIGTERM."""

import base64
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import xml.dom.minidom
import zipfile

import serve_lib as sl

marklint, srcdir, bindir = sl.args()
t = sl.Failures()
tmp = tempfile.mkdtemp(prefix="serve-api.")
docx = sl.sample(bindir)
with open(os.path.join(tmp, "rfp-draft.docx"), "wb") as f:
    f.write(docx)
TEXT = (b"(S//NF) The seeker data shall stay national.\n\n"
        b"(U) Offerors shall submit a technical volume.\n")
with open(os.path.join(tmp, "draft.txt"), "wb") as f:
    f.write(TEXT)


def cli(*argv):
    """marklint ARGV in tmp: (exit status, standard output as bytes)."""
    p = subprocess.run(marklint.split() + list(argv), cwd=tmp,
                       capture_output=True)
    return p.returncode, p.stdout


def csp_hash(page, tag):
    m = re.search(rb"<%s>(.*?)</%s>" % (tag, tag), page, re.S)
    d = hashlib.sha256(m.group(1)).digest()
    return "'sha256-%s'" % base64.b64encode(d).decode()


def check_page(s):
    st, h, body = s.request("GET", "/")
    t.check(st == 200, "GET / is 200 (%d)" % st)
    t.check(h.get("content-type", "").startswith("text/html"),
            "GET / is HTML")
    csp = h.get("content-security-policy", "")
    t.check("default-src 'none'" in csp, "the page's CSP starts from none")
    t.check(csp_hash(body, b"script") in csp,
            "the CSP names the hash of the page's script")
    t.check(csp_hash(body, b"style") in csp,
            "the CSP names the hash of the page's style")
    t.check("unsafe-inline" not in csp and "unsafe-eval" not in csp,
            "the page's CSP allows no unsafe-inline or unsafe-eval")
    t.check(h.get("x-content-type-options") == "nosniff", "nosniff")
    t.check("frame-ancestors 'none'" in csp, "the page cannot be framed")
    # nothing from elsewhere: no URL with a scheme or // in src/href/url()
    ext = re.findall(rb"""(?:src|href|action)\s*=\s*["']?\s*"""
                     rb"""(?!data:)(?:[a-z]+:|//)""",
                     body, re.I) + re.findall(rb"url\(|@import", body)
    t.check(not ext, "the page loads nothing from elsewhere %r" % ext)
    t.check(all(b < 0x80 for b in body), "the page is ASCII")
    st, h, body = s.request("HEAD", "/")
    t.check(st == 200 and body == b"", "HEAD / is 200 without a body")
    st, h, body = s.request("GET", "/healthz")
    t.check(st == 200 and body.strip() == b"ok", "GET /healthz is ok")


def same_report(served, cli_json, what):
    a, b = json.loads(served), json.loads(cli_json)
    t.check(a == b, "%s: the served report is the command line's" % what)


def check_reports(s):
    rc, want = cli("check", "--no-config", "-f", "json", "rfp-draft.docx")
    t.check(rc == 1, "check exits 1 on the sample (%d)" % rc)
    st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
    t.check(st == 200, "check is 200 (%d)" % st)
    t.check(h.get("content-type") == "application/json", "check is JSON")
    same_report(body, want, "raw body")
    st, h, body2 = s.post("/v1/check?format=json", docx, "rfp-draft.docx")
    t.check(body2 == body, "format=json is the default")
    schema = os.environ.get("ML_REPORT_SCHEMA", "")
    if schema and os.path.exists(schema):
        try:
            import jsonschema
            with open(schema) as f:
                jsonschema.validate(json.loads(body), json.load(f))
        except ImportError:
            pass
        except Exception as e:  # a ValidationError
            t.check(False, "the report validates: %s" % e)
    form, ctype = sl.multipart("file", "rfp-draft.docx", docx)
    st, h, body = s.request("POST", "/v1/check", form,
                            {"Content-Type": ctype})
    t.check(st == 200, "a multipart upload is 200 (%d)" % st)
    same_report(body, want, "multipart form")
    for fmt, ctype in (("sarif", "application/sarif+json"),
                       ("junit", "application/xml"),
                       ("text", "text/plain; charset=utf-8")):
        rc, want = cli("check", "--no-config", "--color", "never", "-f",
                       fmt, "rfp-draft.docx")
        st, h, body = s.post("/v1/check?format=" + fmt, docx,
                             "rfp-draft.docx")
        t.check(st == 200 and h.get("content-type") == ctype,
                "format=%s is 200 %s (%d %s)" % (fmt, ctype, st,
                                                 h.get("content-type")))
        if fmt == "sarif":
            a, b = json.loads(body), json.loads(want)
            t.check(a["runs"][0]["results"] == b["runs"][0]["results"],
                    "SARIF results are the command line's")
        else:
            t.check(body == want, "format=%s is the command line's" % fmt)
        if fmt == "junit":
            xml.dom.minidom.parseString(body)
    st, h, body = s.post("/v1/check?format=yaml", docx)
    t.check(st == 400 and sl.error_code(body) == "bad-format",
            "an unknown format is 400 bad-format")


def check_annotate(s):
    for propose in ("", "1"):
        out = os.path.join(tmp, "cli%s.docx" % propose)
        argv = ["annotate", "--no-config", "rfp-draft.docx", "-o", out]
        rc, _ = cli(*(argv + (["--propose"] if propose else [])))
        t.check(rc == 0, "annotate exits 0")
        with open(out, "rb") as f:
            want = f.read()
        st, h, body = s.post("/v1/annotate" +
                             ("?propose=1" if propose else ""), docx,
                             "rfp-draft.docx")
        t.check(st == 200, "annotate is 200 (%d)" % st)
        t.check(h.get("content-type", "").endswith(
            "wordprocessingml.document"), "annotate answers a DOCX")
        t.check('filename="rfp-draft.annotated.docx"' in
                h.get("content-disposition", ""),
                "the copy is an attachment named after the document")
        t.check(body == want, "the served copy (propose=%r) is the "
                "command line's, byte for byte" % propose)
        z = zipfile.ZipFile(io.BytesIO(body))
        t.check(z.testzip() is None, "the copy is a sound zip")
        for part in ("word/document.xml", "word/comments.xml"):
            xml.dom.minidom.parseString(z.read(part))
        has_ins = b"<w:ins " in z.read("word/document.xml")
        t.check(has_ins == bool(propose),
                "tracked changes only with propose=1")
    st, h, body = s.post("/v1/annotate", TEXT, "draft.txt")
    t.check(st == 415 and sl.error_code(body) == "annotate-format",
            "annotate of a text document is 415 annotate-format")
    st, h, body = s.post("/v1/annotate?propose=maybe", docx)
    t.check(st == 400 and sl.error_code(body) == "bad-propose",
            "propose=maybe is 400")


def check_review(s):
    for fmt, ctype in (("markdown", "text/markdown"), ("html", "text/html"),
                       ("text", "text/plain"),
                       ("docx", "application/vnd.openxmlformats-"
                        "officedocument.wordprocessingml.document")):
        rc, want = cli("review", "--no-config", "-f", fmt, "rfp-draft.docx")
        q = "" if fmt == "markdown" else "?format=" + fmt
        st, h, body = s.post("/v1/review" + q, docx, "rfp-draft.docx")
        t.check(st == 200 and h.get("content-type", "").startswith(ctype),
                "review format=%s is 200 %s" % (fmt, ctype))
        t.check(body == want, "the served %s memo is the command line's"
                % fmt)
        t.check("attachment" in h.get("content-disposition", ""),
                "the memo is an attachment")
        if fmt == "docx":
            t.check('filename="rfp-draft.review.docx"' in
                    h.get("content-disposition", ""),
                    "the Word memo is named after the document")
            z = zipfile.ZipFile(io.BytesIO(body))
            t.check(b"MEMORANDUM" in z.read("word/document.xml"),
                    "the Word memo is a memorandum")
    st, h, body = s.post("/v1/review?format=pdf", docx, "rfp-draft.docx")
    t.check(st == 400 and sl.error_code(body) == "bad-format",
            "review format=pdf is 400 bad-format (%d)" % st)


def check_errors(s):
    half = docx[:len(docx) // 2]
    with open(os.path.join(tmp, "half.docx"), "wb") as f:
        f.write(half)
    rc, out = cli("check", "--no-config", "-f", "json", "half.docx")
    want = json.loads(out)["documents"][0]["error"]["code"]
    for ep in ("check", "annotate", "review"):
        st, h, body = s.post("/v1/" + ep, half, "half.docx")
        t.check(st == 422 and sl.error_code(body) == want,
                "a truncated DOCX to %s is 422 %s (%d %r)" % (ep, want, st,
                                                             body[:120]))
        t.check(h.get("content-type") == "application/json",
                "the 422 is JSON")
    st, h, body = s.request("POST", "/v1/check", b"")
    t.check(st == 400 and sl.error_code(body) == "no-document",
            "an empty body is 400 no-document")
    form = (b"--bb\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
            b"hello\r\n--bb--\r\n")
    st, h, body = s.request("POST", "/v1/check", form, {
        "Content-Type": "multipart/form-data; boundary=bb"})
    t.check(st == 400 and sl.error_code(body) == "no-document",
            "a form without a file is 400 no-document (%d)" % st)
    st, h, body = s.request("POST", "/v1/check", b"x", {
        "Content-Type": "multipart/form-data"})
    t.check(st == 400 and sl.error_code(body) == "bad-form",
            "a form without a boundary is 400 bad-form (%d)" % st)
    st, h, body = s.request("GET", "/v1/check")
    t.check(st == 405 and h.get("allow") == "POST",
            "GET /v1/check is 405, Allow: POST")
    st, h, body = s.request("DELETE", "/")
    t.check(st == 405 and "GET" in h.get("allow", ""), "DELETE / is 405")
    st, h, body = s.request("POST", "/healthz", b"x")
    t.check(st == 405, "POST /healthz is 405")
    for path in ("/v2/check", "/v1/check/", "/index.html", "/../etc/passwd"):
        st, h, body = s.request("GET", path)
        t.check(st == 404 and sl.error_code(body) == "not-found",
                "%s is 404 (%d)" % (path, st))


def check_limits(marklint):
    """A declared size over --max-file-size is refused before any byte
    of the body is sent; the other limits apply to each request."""
    s = sl.Server(marklint, "--no-config", "--max-file-size", "64K",
                  "--max-part-size", "1K")
    try:
        c = socket.create_connection(("127.0.0.1", s.port), 30 * sl.SLOW)
        c.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Length: 100000000\r\n"
                  b"Expect: 100-continue\r\n\r\n")
        head = c.recv(4096)
        c.close()
        t.check(head.startswith(b"HTTP/1.1 413"),
                "413 before the body: %r" % head[:40])
        st, h, body = s.post("/v1/check", b"x" * 70000)
        t.check(st == 413 and sl.error_code(body) == "limit-file-size",
                "a body over --max-file-size is 413 limit-file-size")
        st, h, body = s.post("/v1/check", b"(S//NF) x\n" * 6000)
        t.check(st == 200, "a body under it is 200 (%d)" % st)
        form, ctype = sl.multipart("file", "big.txt", b"x" * 70000)
        st, h, body = s.request("POST", "/v1/check", form,
                                {"Content-Type": ctype})
        t.check(st == 413 and sl.error_code(body) == "limit-file-size",
                "a form whose file is over it is 413 (%d)" % st)
        # every limit of the command line applies to each request
        st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
        t.check(st == 422 and sl.error_code(body) == "limit-part-size",
                "--max-part-size 1K: the sample is 422 limit-part-size "
                "(%d %r)" % (st, body[:80]))
        t.check(s.request("GET", "/healthz")[0] == 200, "still answering")
    finally:
        t.check(s.stop() == 0, "stops with 0")


def check_names(s):
    for given, want in (("r%C3%A9sum%C3%A9.txt", "r\u00e9sum\u00e9.txt"),
                        ("../../etc/passwd", "passwd"),
                        ("C:\\Users\\me\\draft.txt", "draft.txt"),
                        ("bad%0Aname.txt", "document"),
                        ("%FF%FE.txt", "document"), ("", "document")):
        st, h, body = s.post("/v1/check", TEXT, given)
        path = json.loads(body)["documents"][0]["path"] if st == 200 else ""
        t.check(path == want, "X-Filename %r is named %r (%r)"
                % (given, want, path))
    st, h, body = s.request("POST", "/v1/check", TEXT)
    t.check(json.loads(body)["documents"][0]["path"] == "document",
            "no X-Filename: 'document'")


s = sl.Server(marklint, "--no-config", "-j", "2")
try:
    check_page(s)
    check_reports(s)
    check_annotate(s)
    check_review(s)
    check_errors(s)
    check_names(s)
finally:
    rc = s.stop()
t.check(rc == 0, "SIGTERM: exits 0 (%r)" % rc)
log = s.text_log()
t.check("marklint: stopped" in log, "the log says it stopped")
for secret in ("rfp-draft", "seeker", "Seeker", "NOFORN", "r\u00e9sum"):
    t.check(secret not in log, "the log holds no %r" % secret)
t.check(re.search(r"^127\.0\.0\.1 POST /v1/check 200 \d+ \d+ms$", log,
                  re.M) is not None, "the log has a line per request")
check_limits(marklint)


def check_config(marklint):
    """The configuration applies to every request: its memo blocks and
    its thresholds."""
    conf = os.path.join(tmp, "serve.xml")
    with open(conf, "w") as f:
        f.write('<marklint xmlns="urn:marklint:config:1">'
                '<min-severity>warning</min-severity>'
                '<memo><for>CONTRACTING OFFICER, HQ0727</for>'
                '<from>Security Review Office (J2X)</from></memo>'
                '</marklint>')
    s = sl.Server(marklint, "--config", conf)
    try:
        st, h, body = s.post("/v1/review", docx, "rfp-draft.docx")
        t.check(st == 200 and b"CONTRACTING OFFICER, HQ0727" in body and
                b"Security Review Office (J2X)" in body,
                "the memo's blocks come from the configuration")
        rc, want = cli("review", "--config", conf, "rfp-draft.docx")
        t.check(body == want, "... as `marklint review --config` writes")
        st, h, body = s.post("/v1/check", docx, "rfp-draft.docx")
        sev = {f["severity"] for f in
               json.loads(body)["documents"][0]["findings"]}
        t.check(st == 200 and "info" not in sev,
                "min-severity warning: no info finding (%r)" % sev)
    finally:
        t.check(s.stop() == 0, "stops with 0")


check_config(marklint)
shutil.rmtree(tmp)
t.report()
