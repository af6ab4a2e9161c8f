#!/usr/bin/env python3
"""pdf-cli.py MARKLINT WORKDIR CASE | --list

Command-line tests of PDF reading, on PDF files written at run time by
mkpdf.py (never committed). Each case runs marklint as a user would and
checks what the user sees: the portions and their pages, the markings
and their locations, the one-line error and its code, the exit status,
and that the next document is still checked. --list prints the cases
(tests/pdf.cmake registers one test each, named pdf:CASE).

ML_REPORT_SCHEMA in the environment: JSON reports are also validated
against report.schema.json (with python3-jsonschema).
"""

import json
import os
import stat
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mkpdf  # noqa: E402

GOOD = "good.txt"
GOOD_TEXT = "(S//NF) The good file is still checked.\n"


class Fail(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Fail(what)


def run(marklint, args, cwd, stdin=None, env=None, data=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([marklint] + args, cwd=cwd, capture_output=True,
                       stdin=stdin, input=data, env=e, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def validate(report_text, cwd):
    schema = os.environ.get("ML_REPORT_SCHEMA")
    if not schema or not os.path.exists(schema):
        return
    p = subprocess.run([sys.executable, os.path.join(HERE,
                        "validate-json.py"), schema], input=report_text
                       .encode(), capture_output=True, cwd=cwd)
    expect(p.returncode in (0, 77), "the report does not validate: " +
           p.stderr.decode()[:500])


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    return name


# --- documents ---------------------------------------------------------

def rfp_pdf():
    """Three pages with a banner at the top and bottom, page numbers,
    portion-marked paragraphs, a hyphenated marking and a comment."""
    pdf = mkpdf.Pdf()
    for n in range(1, 4):
        items = [(250, 30, "SECRET//NOFORN", 10)]
        if n == 1:
            items += [
                (72, 100, "(U) H.2 Foreign Participation. This acquisition "
                 "is closed to foreign", 10),
                (72, 112, "participation at all levels.", 10),
                (72, 124, "(S//NF) C.3 Thermal protection materials shall "
                 "withstand the flight", 10),
                (72, 136, "profile in Attachment J-3.", 10),
                (72, 160, "(TS//SI-", 10),
                (72, 172, "G//NF) The compartment continues on the next "
                 "line.", 10),
            ]
            annots = [(72, 122, 300, 138, "Basis: ICD 403, per the FDO.",
                       "Reviewer")]
        else:
            items += [(72, 100, "(U) Page %d says nothing restricted." % n,
                       10)]
            annots = []
        items += [(300, 740, str(n), 10), (250, 760, "SECRET//NOFORN", 10)]
        pdf.page(items, annots=annots)
    pdf.set_info(Title="Draft RFP (generated)", Author="pdf-cli.py")
    return pdf.build()


def case_read(m, d):
    name = write(d, "rfp.pdf", rfp_pdf())
    rc, out, err = run(m, ["extract", "--format", "json", name], d)
    expect(rc == 0, f"extract exit {rc}: {err}")
    doc = json.loads(out)["documents"][0]
    expect(doc["format"] == "pdf", f"format {doc['format']}")
    expect(doc["metadata"].get("title") == "Draft RFP (generated)",
           f"metadata {doc['metadata']}")
    p1 = [p for p in doc["portions"] if p.get("page") == 1]
    texts = [p["text"] for p in p1]
    expect(texts[0] == "SECRET//NOFORN" and
           p1[0].get("attributes", {}).get("marklint:running") == "header",
           f"page 1 does not open with its banner: {p1[:1]}")
    expect("(U) H.2 Foreign Participation. This acquisition is closed to "
           "foreign participation at all levels." in texts, texts)
    expect("(TS//SI-G//NF) The compartment continues on the next line."
           in texts, f"the marking split over two lines: {texts}")
    expect(texts[-2:] == ["SECRET//NOFORN", "Basis: ICD 403, per the FDO."],
           f"footer and comment last: {texts[-3:]}")
    expect(all(p["part"] == "page %d" % p["page"] for p in doc["portions"]),
           "part is not 'page N'")
    c3 = [p for p in p1 if p["text"].startswith("(S//NF) C.3")][0]
    expect(c3.get("refs") == [{"kind": "comment", "id": "1"}],
           f"the comment is not tied to C.3: {c3}")
    # check: markings with their pages, the comment as a basis
    rc, out, err = run(m, ["check", "-f", "json", "--exit-zero", name], d)
    expect(rc == 0, f"check exit {rc}: {err}")
    validate(out, d)
    rep = json.loads(out)["documents"][0]
    pages = {f["location"]["page"] for f in rep["markings"]}
    expect(pages == {1, 2, 3}, f"marking pages {pages}")
    banners = [f for f in rep["markings"] if f["form"] == "banner"]
    expect(len(banners) == 6, f"{len(banners)} banner markings, not 6")
    # the text output names the page
    rc, out, err = run(m, ["check", "--exit-zero", name], d)
    expect("rfp.pdf: page 1:" in out, out[:300])
    # the memo locates by page
    rc, out, err = run(m, ["review", name], d)
    expect(rc == 0 and "page 1, paragraph " in out, err or out[:300])
    # SARIF carries the page
    rc, out, err = run(m, ["check", "--exit-zero", "--output",
                           "sarif=out.sarif", name], d)
    with open(os.path.join(d, "out.sarif")) as f:
        sarif = json.load(f)
    props = [r["properties"] for r in sarif["runs"][0]["results"]]
    expect(props and all("page" in p for p in props), props[:2])


def case_stdin(m, d):
    data = rfp_pdf()
    name = write(d, "rfp.pdf", data)
    rc, want, _ = run(m, ["extract", name], d)
    with open(os.path.join(d, name), "rb") as f:
        rc1, out1, err1 = run(m, ["extract", "-"], d, stdin=f)
    rc2, out2, err2 = run(m, ["extract", "-"], d, data=data)  # a pipe
    strip = lambda s: [l.split(": ", 1)[1] for l in s.splitlines()
                       if ": " in l]
    expect(rc1 == 0 and rc2 == 0, f"exit {rc1} {rc2}: {err1} {err2}")
    expect(strip(out1) == strip(want) and strip(out2) == strip(want),
           "standard input reads differently")


def case_encrypted(m, d):
    open_pdf = mkpdf.Pdf()
    open_pdf.encrypt = mkpdf.Rc4Encryption(user=b"")
    open_pdf.page([(72, 72, "(S//NF) Encrypted, but with an empty "
                    "password.", 10)])
    locked = mkpdf.Pdf()
    locked.encrypt = mkpdf.Rc4Encryption(user=b"secret")
    locked.page([(72, 72, "(S//NF) Locked.", 10)])
    a = write(d, "open.pdf", open_pdf.build())
    b = write(d, "locked.pdf", locked.build())
    write(d, GOOD, GOOD_TEXT.encode())
    rc, out, err = run(m, ["extract", a], d)
    expect(rc == 0 and "Encrypted, but with an empty password." in out,
           f"{rc} {out} {err}")
    for data in (None, locked.build()):  # a file, then a pipe
        args = ["check", "-f", "json", b if data is None else "-", GOOD]
        rc, out, err = run(m, args, d, data=data)
        expect(rc == 2, f"exit {rc}")
        lines = err.splitlines()
        expect(len(lines) == 1 and lines[0].endswith("[pdf-encrypted]") and
               "password" in lines[0], f"stderr {err!r}")
        docs = json.loads(out)["documents"]
        expect(docs[1]["status"] == "ok" and docs[1]["markings"],
               "the good file was not checked")


def case_no_text(m, d):
    pdf = mkpdf.Pdf()
    # a page that only paints (a scan's image would do the same)
    pdf.page([], content=b"0 0 1 rg 72 72 200 300 re f\n")
    pdf.page([], content=b"")
    name = write(d, "scan.pdf", pdf.build())
    rc, out, err = run(m, ["check", name], d)
    expect(rc == 2 and err.strip().endswith("[pdf-no-text]") and
           "2 pages" in err and err.startswith("scan.pdf: "), err)


def case_damaged(m, d):
    write(d, GOOD, GOOD_TEXT.encode())
    bad = write(d, "damaged.pdf", b"%PDF-1.7\n" + b"\x8f garbage " * 50)
    cut = write(d, "cut.pdf", rfp_pdf()[:40])
    for name in (bad, cut):
        rc, out, err = run(m, ["check", "-f", "json", name, GOOD], d)
        lines = err.splitlines()
        expect(rc == 2 and len(lines) == 1 and
               lines[0].startswith(name + ": error: ") and
               lines[0].endswith("[pdf-damaged]"), f"{rc} {err!r}")
        expect(json.loads(out)["documents"][1]["status"] == "ok", out)
    # a text file named .pdf is text: content decides, not the name
    t = write(d, "notes.pdf", b"(S//NF) Plain text with a .pdf name.\n")
    rc, out, err = run(m, ["extract", "--format", "json", t], d)
    doc = json.loads(out)["documents"][0]
    expect(rc == 0 and doc["format"] == "text", out)
    # and junk before the header is still a PDF (as Acrobat reads it)
    j = write(d, "junk.pdf", b"\0\1\2MacBinary\n" + rfp_pdf())
    rc, out, err = run(m, ["extract", "--format", "json", j], d)
    expect(rc == 0 and json.loads(out)["documents"][0]["format"] == "pdf",
           f"{rc} {err}")


def case_limits(m, d):
    name = write(d, "rfp.pdf", rfp_pdf())
    rc, out, err = run(m, ["check", "--max-pages", "2", name], d)
    expect(rc == 2 and err.strip().endswith("[limit-pages]") and
           "3 pages" in err, err)
    rc, out, err = run(m, ["check", "--max-pages", "3", "--exit-zero",
                           name], d)
    expect(rc == 0, err)


def helper(d, name, body):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, 0o755)
    return path


def case_child_failures(m, d):
    """A child that crashes, hangs, floods or lies: each is a one-line
    error for its file, and the next document is still checked."""
    name = write(d, "rfp.pdf", rfp_pdf())
    write(d, GOOD, GOOD_TEXT.encode())
    cases = [
        ("crash", "kill -SEGV $$", "pdf-crash", []),
        ("hang", "sleep 30", "limit-pdf-time", ["--max-pdf-seconds", "1"]),
        ("lies", "printf 'Q\\001\\000\\000\\000x'", "pdf-protocol", []),
        ("quits", "exit 3", "pdf-crash", []),
        ("oom", "exit 66", "limit-pdf-memory", []),
        ("flood", "cat /dev/zero", "pdf-protocol", []),
    ]
    for label, body, code, extra in cases:
        h = helper(d, label + ".sh", body)
        rc, out, err = run(m, ["check", "-f", "json"] + extra +
                           [name, GOOD], d, env={"MARKLINT_PDF_HELPER": h})
        lines = err.splitlines()
        expect(rc == 2 and len(lines) == 1 and
               lines[0].startswith("rfp.pdf: error: ") and
               lines[0].endswith(f"[{code}]"),
               f"{label}: exit {rc}, stderr {err!r}")
        docs = json.loads(out)["documents"]
        expect(docs[1]["status"] == "ok" and docs[1]["markings"],
               f"{label}: the good file was not checked")
    rc, out, err = run(m, ["check", name], d,
                       env={"MARKLINT_PDF_HELPER": "/nonexistent/helper"})
    expect(rc == 2 and err.strip().endswith("[pdf-reader-missing]"), err)


def case_threads(m, d):
    """The audit reads PDFs on several threads, each in its own child."""
    os.makedirs(os.path.join(d, "tree"), exist_ok=True)
    for i in range(8):
        write(d, f"tree/rfp{i}.pdf", rfp_pdf())
    rc, out, err = run(m, ["audit", "-j", "4", "-o", "audit", "--force",
                           "tree"], d)
    expect(rc in (0, 1), f"audit exit {rc}: {err}")
    with open(os.path.join(d, "audit", "audit.json")) as f:
        totals = json.load(f)["totals"]
    expect(totals["documents"] == 8 and totals["unreadable"] == 0 and
           totals["skipped"] == 0 and totals["noforn"] > 0,
           f"the audit counted {totals}")
    rc, out, err = run(m, ["check", "-f", "json", "--exit-zero", "tree"], d)
    docs = json.loads(out)["documents"]
    expect(len(docs) == 8 and all(x["status"] == "ok" for x in docs),
           f"check of the tree: {err}")


def case_long(m, d):
    """A document longer than the parent keeps in memory (its pages go to
    a temporary file past 1 MiB of lines, ml_pdflayout.c): the running
    banners of every page are still found, in place, and a comment on the
    last page is still tied to its paragraph."""
    pdf = mkpdf.Pdf()
    n = 320
    for k in range(1, n + 1):
        items = [(200, 30, "UNCLASSIFIED//FOR OFFICIAL USE ONLY", 10)]
        for i in range(40):
            items.append((72, 130 + 12 * i, "(U) Paragraph %d of page %d "
                          "says what the office buys and when." % (i, k),
                          10))
        items += [(300, 740, str(k), 10),
                  (200, 760, "UNCLASSIFIED//FOR OFFICIAL USE ONLY", 10)]
        annots = [(72, 128, 400, 140, "Basis: page %d." % k, "Reviewer")] \
            if k == n else []
        pdf.page(items, annots=annots)
    name = write(d, "long.pdf", pdf.build())
    rc, out, err = run(m, ["extract", "--format", "json", name], d)
    expect(rc == 0, f"extract exit {rc}: {err}")
    portions = json.loads(out)["documents"][0]["portions"]
    for k in (1, n // 2, n):
        pk = [p for p in portions if p.get("page") == k]
        roles = [p.get("attributes", {}).get("marklint:running")
                 for p in pk]
        # the banners, and the page number in the footer band
        expect(roles[0] == "header" and
               [r for r in roles if r] == ["header", "footer", "footer"],
               f"page {k}: running lines {roles}")
        body = [p["text"] for p in pk if not p.get("attributes")]
        expect(body[:2] == ["(U) Paragraph 0 of page %d says what the "
                            "office buys and when." % k,
                            "(U) Paragraph 1 of page %d says what the "
                            "office buys and when." % k],
               f"page {k}: {body[:2]}")
    last = [p for p in portions if p.get("page") == n]
    expect(last[-1]["text"] == "Basis: page %d." % n, last[-1])
    tied = [p for p in last if p.get("refs")]
    expect(len(tied) == 1 and tied[0]["text"].startswith(
        "(U) Paragraph 0 of page %d" % n), f"the comment is tied to {tied}")


def tree_pdf():
    """Five pages reached through a page tree that poppler's own walk
    and marklint's must read alike: nested Pages nodes that pass the
    font (Resources) and the media box down, kids that loop back to an
    ancestor and a kid that is not a dictionary (both passed over), page
    objects numbered against the tree's order, and a note on page 1 whose
    /P names page 5 (poppler looks /P up in the page tree)."""
    pdf = mkpdf.Pdf()
    pdf.objs[3] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    pages = {}
    for k in (5, 4, 3, 2, 1):  # objects in reverse order of the pages
        c = pdf.stream(mkpdf.content_stream(
            [(72, 72, "(U) Page %d of the tree says who buys." % k, 10)]))
        pages[k] = pdf.new()
        pdf.objs[pages[k]] = b"<< /Type /Page /Contents %d 0 R %%s>>" % c
    note = pdf.new(b"<< /Type /Annot /Subtype /Text /Rect [72 700 300 "
                   b"712] /Contents (Basis: ICD 403.) /P %d 0 R >>"
                   % pages[5])
    for k in pages:
        pdf.objs[pages[k]] %= (b"/Annots [%d 0 R] " % note
                               if k == 1 else b"")
    inner = pdf.new()
    pdf.objs[inner] = (b"<< /Type /Pages /Kids [%d 0 R %d 0 R %d 0 R "
                       b"2 0 R] /Count 2 >>" % (pages[1], pages[2], inner))
    junk = pdf.new(b"42")
    other = pdf.new(b"<< /Kids [%d 0 R %d 0 R %d 0 R] >>"
                    % (pages[4], junk, pages[5]))
    data = pdf.build(kids=[inner, pages[3], other], count=5)
    return data.replace(b"/Type /Pages /Kids [%d 0 R %d 0 R %d 0 R] "
                        b"/Count 5 >>" % (inner, pages[3], other),
                        b"/Type /Pages /Kids [%d 0 R %d 0 R %d 0 R] "
                        b"/Count 5 /MediaBox [0 0 612 792] /Resources "
                        b"<< /Font << /F1 3 0 R >> >> >>"
                        % (inner, pages[3], other))


def case_page_tree(m, d):
    name = write(d, "tree.pdf", tree_pdf())
    rc, out, err = run(m, ["extract", "--format", "json", name], d)
    expect(rc == 0, f"extract exit {rc}: {err}")
    portions = json.loads(out)["documents"][0]["portions"]
    got = [(p["page"], p["text"]) for p in portions]
    want = [(k, "(U) Page %d of the tree says who buys." % k)
            for k in range(1, 6)]
    expect([g for g in got if g[1].startswith("(U)")] == want,
           f"pages out of the tree's order: {got}")
    notes = [p for p in portions if p["text"] == "Basis: ICD 403."]
    expect(len(notes) == 1 and notes[0]["page"] == 1,
           f"the note is not on page 1: {notes}")


def case_version(m, d):
    rc, out, err = run(m, ["--version"], d)
    expect(rc == 0 and "PDF: poppler" in out, out)


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 4 or argv[3] not in CASES:
        print(__doc__, file=sys.stderr)
        return 2
    d = os.path.join(os.path.abspath(argv[2]), argv[3])
    os.makedirs(d, exist_ok=True)
    try:
        CASES[argv[3]](os.path.abspath(argv[1]), d)
    except Fail as e:
        print(f"FAIL pdf:{argv[3]}: {e}", file=sys.stderr)
        return 1
    print(f"ok pdf:{argv[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
