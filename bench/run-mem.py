#!/usr/bin/env python3
"""marklint's memory benchmark: peak resident memory of one `marklint check`
(and `marklint extract`) per document, for text, Markdown, DOCX, ODT and
XML at several sizes, so that "flat as the document grows" shows in the
figures; and for PDF, per page count.

    bench/run-mem.py [--marklint build/marklint] [--work /tmp/marklint-mem]
                     [--sizes 12.5,25,50,100]
                     [--formats text,markdown,docx,odt,xml,pdf]
                     [--pages 200,1000,4000]

The documents are real prose: ../shared/bench/mkprose.py (the register, the
CUI handbook, the SBIR solicitations) makes prose.txt and one DOCX per size;
the Markdown file is the same text under a .md name (Markdown is told from
text by its name); the ODT package (one text:p per paragraph) and the XML
file (one <p> per paragraph under a root without text) are written here
from the same paragraphs. Each figure is the "Maximum resident set size" that
/usr/bin/time -v prints, in MiB; issue 19 sets at most 32 MiB for a 100 MB
text file. Run it on demand (not a unit test): a 100 MB check takes some
seconds.

PDF: the 200 pages of CAPCO-2016 (../shared/corpus/realworld-gov) joined
with pdfunite (poppler-utils) as many times as each page count needs; the
figures are the PDF reader child alone (marklint-pdf beside marklint,
reading the file on standard input, as marklint runs it), pdftotext on the
same file, and `marklint check` (the parent or the child, whichever is
larger: /usr/bin/time counts the largest process of the tree). Issue 14
wants the child flat per page.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import zipfile
from xml.sax.saxutils import escape

from benchpaths import REPO, SHARED, SHARED_BENCH
MKPROSE = os.path.join(SHARED_BENCH, "mkprose.py")
CAPCO = os.path.join(SHARED, "corpus", "realworld-gov", "capco",
                     "CAPCO-2016.pdf")
CAPCO_PAGES = 200


def prose(work, mb):
    """The mkprose.py corpus of about mb MB (one DOCX): its directory."""
    out = os.path.join(work, "prose-%g" % mb)
    if not os.path.exists(os.path.join(out, "prose.txt")):
        subprocess.run([sys.executable, MKPROSE, "--out", out, "--docs", "1",
                        "--mb", str(mb)], check=True,
                       stdout=subprocess.DEVNULL)
    md = os.path.join(out, "prose.md")
    if not os.path.exists(md):
        shutil.copyfile(os.path.join(out, "prose.txt"), md)
    return out


def paragraphs(d):
    """The paragraphs of prose.txt (blank lines between them), escaped."""
    with open(os.path.join(d, "prose.txt"), encoding="utf-8") as f:
        for para in f.read().split("\n\n"):
            if para.strip():
                yield escape(para.strip())


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
ODF_MIME = "application/vnd.oasis.opendocument.text"
ODF_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0" manifest:version="1.2"><manifest:file-entry '
                'manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>'
                % ODF_MIME)


def write_odt(d, path):
    """An ODT package of the prose: mimetype first and stored, then
    content.xml with one text:p per paragraph."""
    with zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODF_MIME,
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", ODF_MANIFEST)
        with z.open("content.xml", "w") as c:
            c.write(('<?xml version="1.0" encoding="UTF-8"?>'
                     '<office:document-content %s office:version="1.2">'
                     '<office:body><office:text>' % ODF_NS).encode())
            for p in paragraphs(d):
                c.write(("<text:p>%s</text:p>\n" % p).encode())
            c.write(b"</office:text></office:body>"
                    b"</office:document-content>")
    os.replace(path + ".tmp", path)


def write_xml(d, path):
    """Generic XML: one <p> per paragraph under a root without text."""
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<document>\n')
        for p in paragraphs(d):
            f.write("<p>%s</p>\n" % p)
        f.write("</document>\n")
    os.replace(path + ".tmp", path)


def document(work, fmt, mb):
    d = prose(work, mb)
    if fmt == "text":
        return os.path.join(d, "prose.txt")
    if fmt == "markdown":
        return os.path.join(d, "prose.md")
    if fmt in ("odt", "xml"):
        path = os.path.join(d, "prose." + fmt)
        if not os.path.exists(path):
            (write_odt if fmt == "odt" else write_xml)(d, path)
        return path
    return os.path.join(d, "docx", "prose-000.docx")


def joined_pdf(work, pages):
    """CAPCO-2016 joined with itself to about `pages` pages: its path."""
    copies = max(1, round(pages / CAPCO_PAGES))
    if copies == 1:
        return CAPCO
    path = os.path.join(work, "capco-x%d.pdf" % copies)
    if not os.path.exists(path):
        subprocess.run(["pdfunite"] + [CAPCO] * copies + [path + ".tmp"],
                       check=True, stderr=subprocess.DEVNULL)
        os.replace(path + ".tmp", path)
    return path


def pdf_table(a):
    """The PDF figures, one row per page count."""
    child = os.path.join(os.path.dirname(os.path.abspath(a.marklint)),
                         "marklint-pdf")
    if not os.path.exists(CAPCO) or not shutil.which("pdfunite"):
        print("pdf: skipped (needs %s and pdfunite)" % CAPCO)
        return
    print("\nPDF, peak resident memory, MiB")
    print("%-7s %8s %12s %10s %10s" % ("pages", "file MB", "marklint-pdf",
                                       "pdftotext", "check"))
    for pages in [int(p) for p in a.pages.split(",")]:
        doc = joined_pdf(a.work, pages)
        size = os.path.getsize(doc) / 1e6
        with open(doc, "rb") as f:
            kid, _ = peak_mib([child], stdin=f)
        ptt, _ = peak_mib(["pdftotext", doc, "-"])
        chk, _ = peak_mib([a.marklint, "check", "-f", "json", doc])
        print("%-7d %8.1f %12.1f %10.1f %10.1f" % (pages, size, kid, ptt,
                                                    chk), flush=True)


def peak_mib(cmd, stdin=None):
    """Peak RSS of cmd in MiB (/usr/bin/time -v), and its exit status."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdin=stdin,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    if not m:
        sys.exit("no figure from /usr/bin/time -v: %s" % p.stderr[-500:])
    return int(m.group(1)) / 1024.0, p.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--marklint", default=os.path.join(REPO, "build",
                                                       "marklint"))
    ap.add_argument("--work", default="/tmp/marklint-mem")
    ap.add_argument("--sizes", default="12.5,25,50,100",
                    help="MB of prose per document, comma-separated")
    ap.add_argument("--formats", default="text,markdown,docx,odt,xml,pdf")
    ap.add_argument("--pages", default="200,1000,4000",
                    help="PDF page counts, comma-separated (multiples of "
                    "200)")
    a = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("run-mem.py needs /usr/bin/time (Debian package: time)")
    os.makedirs(a.work, exist_ok=True)
    sizes = [float(s) for s in a.sizes.split(",")]
    print("peak resident memory, MiB (/usr/bin/time -v), %s" % a.marklint)
    print("%-9s %8s %8s %10s %10s %6s" % ("format", "text MB", "file MB",
                                          "check", "extract", "status"))
    formats = a.formats.split(",")
    for fmt in [f for f in formats if f != "pdf"]:
        for mb in sizes:
            doc = document(a.work, fmt, mb)
            size = os.path.getsize(doc) / 1e6
            chk, rc = peak_mib([a.marklint, "check", doc])
            ext, _ = peak_mib([a.marklint, "extract", doc])
            print("%-9s %8g %8.1f %10.1f %10.1f %6d" % (fmt, mb, size, chk,
                                                    ext, rc),
                  flush=True)
    print("status: check's exit status (0: no error-level finding)")
    if "pdf" in formats:
        pdf_table(a)


if __name__ == "__main__":
    main()
