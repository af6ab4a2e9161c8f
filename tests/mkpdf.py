#!/usr/bin/env python3
"""mkpdf.py - writes small PDF files for the tests, with the standard
library only (never committed: the tests make them at run time).

A document is a list of pages; a page is a list of text items
(x, y, text, size) in points from the top-left corner, drawn in the
standard Helvetica font (WinAnsiEncoding), plus optional annotations.
The writer can also write what a hostile producer writes: xref loops,
deep nesting, compression bombs, damaged filters, encryption.

    import mkpdf
    pdf = mkpdf.Pdf()
    pdf.page([(72, 72, "(U) First paragraph", 10)])
    data = pdf.build()

Run as a script it writes the sample named on the command line:
    mkpdf.py OUT.pdf [lines of text...]
"""

import hashlib
import struct
import sys
import zlib

PAGE_W, PAGE_H = 612, 792


def pdf_string(text):
    """A literal string in WinAnsiEncoding (Latin-1 as far as it goes)."""
    b = text.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for c in b:
        if c in b"()\\":
            out += b"\\" + bytes([c])
        elif c < 32:
            out += b"\\%03o" % c
        else:
            out.append(c)
    out += b")"
    return bytes(out)


def utf16_string(text):
    """A text string (metadata, annotations) in UTF-16BE with its BOM."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def content_stream(items):
    """Drawing operators for [(x, y, text, size[, font])] (y from the
    top)."""
    ops = []
    for it in items:
        x, y, text, size = it[:4]
        font = it[4] if len(it) > 4 else "F1"
        ops.append(b"BT /%s %g Tf %g %g Td %s Tj ET" %
                   (font.encode(), size, x, PAGE_H - y - size,
                    pdf_string(text)))
    return b"\n".join(ops) + b"\n"


class Pdf:
    """Objects numbered from 1; build() writes header, bodies, xref and
    trailer."""

    def __init__(self, version=b"1.7"):
        self.version = version
        self.objs = {}      # number -> bytes (the object's body)
        self.pages = []     # page object numbers
        self.info = None
        self.extra_trailer = b""
        self.next = 4       # 1 catalog, 2 page tree, 3 font
        self.encrypt = None

    def new(self, body=None):
        n = self.next
        self.next += 1
        if body is not None:
            self.objs[n] = body
        return n

    def stream(self, data, extra=b"", compress=True):
        if compress:
            data = zlib.compress(data)
            extra = b"/Filter /FlateDecode " + extra
        return self.new(b"<< /Length %d %s>>\nstream\n%s\nendstream" %
                        (len(data), extra, data))

    def page(self, items, annots=(), extra=b"", content=None,
             compress=True):
        """A page with text items; annots are (x0, y0, x1, y1, contents,
        author) in top-left coordinates."""
        data = content if content is not None else content_stream(items)
        c = self.stream(data, compress=compress)
        refs = []
        for x0, y0, x1, y1, contents, author in annots:
            refs.append(self.new(
                b"<< /Type /Annot /Subtype /Text /Rect [%g %g %g %g] "
                b"/Contents %s /T %s >>" %
                (x0, PAGE_H - y1, x1, PAGE_H - y0, utf16_string(contents),
                 utf16_string(author))))
        a = b""
        if refs:
            a = b"/Annots [" + b" ".join(b"%d 0 R" % r for r in refs) + b"]"
        n = self.new(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                     b"/Resources << /Font << /F1 3 0 R >> >> "
                     b"/Contents %d 0 R %s %s>>" %
                     (PAGE_W, PAGE_H, c, a, extra))
        self.pages.append(n)
        return n

    def set_info(self, **kw):
        body = b"<< " + b" ".join(b"/%s %s" % (k.encode(), utf16_string(v))
                                  for k, v in kw.items()) + b" >>"
        self.info = self.new(body)

    def body(self, n):
        body = self.objs[n]
        if self.encrypt:
            body = self.encrypt.object(n, body)
        return body

    def build(self, kids=None, count=None):
        self.objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
        kids = self.pages if kids is None else kids
        self.objs[2] = (b"<< /Type /Pages /Kids [" +
                        b" ".join(b"%d 0 R" % k for k in kids) +
                        b"] /Count %d >>" % (len(kids) if count is None
                                             else count))
        self.objs[3] = (b"<< /Type /Font /Subtype /Type1 /BaseFont "
                        b"/Helvetica /Encoding /WinAnsiEncoding >>")
        out = bytearray(b"%PDF-" + self.version + b"\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        size = max(self.objs) + 1
        for n in sorted(self.objs):
            offsets[n] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (n, self.body(n))
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for n in range(1, size):
            if n in offsets:
                out += b"%010d 00000 n \n" % offsets[n]
            else:
                out += b"0000000000 65535 f \n"
        trailer = b"/Size %d /Root 1 0 R " % size
        if self.info:
            trailer += b"/Info %d 0 R " % self.info
        if self.encrypt:
            trailer += self.encrypt.trailer()
        out += (b"trailer\n<< " + trailer + self.extra_trailer +
                b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
        return bytes(out)


# --- the standard security handler, revision 3 (RC4, 128 bits) -----------

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0C"
                    "A9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 255
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for c in data:
        i = (i + 1) & 255
        j = (j + s[i]) & 255
        s[i], s[j] = s[j], s[i]
        out.append(c ^ s[(s[i] + s[j]) & 255])
    return bytes(out)


class Rc4Encryption:
    """Encrypts strings and streams of every object (PDF 1.4, R3)."""

    ID = b"0123456789abcdef"

    def __init__(self, user=b"", owner=b"owner", perms=-4):
        self.p = perms
        pad = lambda pw: (pw + PAD)[:32]
        # algorithm 3: the O value
        h = hashlib.md5(pad(owner)).digest()
        for _ in range(50):
            h = hashlib.md5(h).digest()
        o = rc4(h, pad(user))
        for i in range(1, 20):
            o = rc4(bytes(b ^ i for b in h), o)
        self.o = o
        # algorithm 2: the file key
        m = hashlib.md5(pad(user) + o + struct.pack("<i", perms) + self.ID)
        k = m.digest()
        for _ in range(50):
            k = hashlib.md5(k).digest()
        self.key = k
        # algorithm 5: the U value
        u = rc4(k, hashlib.md5(PAD + self.ID).digest())
        for i in range(1, 20):
            u = rc4(bytes(b ^ i for b in k), u)
        self.u = u + b"\0" * 16

    def trailer(self):
        return (b"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 "
                b"/O <%s> /U <%s> /P %d >> /ID [<%s> <%s>] " %
                (self.o.hex().encode(), self.u.hex().encode(), self.p,
                 self.ID.hex().encode(), self.ID.hex().encode()))

    def object(self, n, body):
        key = hashlib.md5(self.key + struct.pack("<I", n)[:3] +
                          b"\0\0").digest()
        if b"\nstream\n" in body:
            head, rest = body.split(b"\nstream\n", 1)
            data = rest[:rest.rindex(b"\nendstream")]
            return head + b"\nstream\n" + rc4(key, data) + b"\nendstream"
        # strings of the object: only hex strings <FEFF...> are written
        # by this module outside streams, so encrypt those
        out = bytearray()
        i = 0
        while i < len(body):
            if body[i:i + 1] == b"<" and body[i + 1:i + 2] != b"<":
                j = body.index(b">", i)
                raw = bytes.fromhex(body[i + 1:j].decode())
                out += b"<" + rc4(key, raw).hex().upper().encode() + b">"
                i = j + 1
            elif body[i:i + 2] == b"<<":
                out += b"<<"
                i += 2
            else:
                out.append(body[i])
                i += 1
        return bytes(out)


def sample(lines):
    pdf = Pdf()
    pdf.page([(72, 72 + 14 * i, t, 10) for i, t in enumerate(lines)])
    return pdf.build()


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as f:
        f.write(sample(sys.argv[2:] or ["(U) A sample paragraph."]))
