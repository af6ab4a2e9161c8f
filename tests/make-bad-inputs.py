#!/usr/bin/env python3
"""make-bad-inputs.py OUTDIR | --list

Writes the hostile and broken inputs of the bad-input tests into OUTDIR,
with OUTDIR/cases.tsv describing what `marklint extract` must say about
each. They are generated at test time and never committed: some are large
(the zip bomb inflates to 2 GiB, written by streaming, never held in
memory).

cases.tsv has one line per case, tab-separated:
    CASE  FILE  CODE  OPTIONS  CHECKS
CODE is the expected error code, or "-" when the input must be read without
error. OPTIONS are extra marklint options ("-" for none). CHECKS is a
comma-separated list ("-" for none): "nobody" (run as an unprivileged user,
so that chmod 000 denies), "noleak=PATH" (the content of PATH must appear
neither on standard output nor on standard error).

--list prints the case names only (tests/bad_inputs.cmake registers one
ctest test per case from it). Python standard library only.
"""

import io
import os
import shutil
import stat
import struct
import sys
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_CT = ("application/vnd.openxmlformats-officedocument."
           "wordprocessingml.document.main+xml")
# The content type of an embedded DOCX typed as a whole package (the
# altChunk golden fixture covers the Open XML SDK's "...main+xml" spelling).
PKG_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATE = (2024, 1, 1, 0, 0, 0)
SECRET_TOKEN = "XXE-SECRET-7f3a9c2e-must-never-be-printed"

# The good file read after every bad one: its portion must be printed.
GOOD_NAME = "good.txt"
GOOD_TEXT = "(U) Good file still read.\n"


# --- zip and OPC helpers ---------------------------------------------------

def content_types(extra=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Types xmlns="{CT}">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" '
            f'ContentType="{MAIN_CT}"/>{extra}</Types>')


def root_rels(target="word/document.xml"):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Relationships xmlns="{PR}"><Relationship Id="rId1" '
            f'Type="{R}/officeDocument" Target="{target}"/></Relationships>')


def document(body_xml, decl=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + decl +
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
            f'{body_xml}</w:body></w:document>')


def para(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def zip_bytes(entries, method=zipfile.ZIP_DEFLATED):
    """entries: list of (name, str|bytes). Duplicates are written as is."""
    buf = io.BytesIO()
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are on purpose
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in entries:
                zi = zipfile.ZipInfo(name, DATE)
                zi.compress_type = method
                if isinstance(data, str):
                    data = data.encode("utf-8")
                z.writestr(zi, data)
    return buf.getvalue()


def docx_bytes(body_xml=None, document_xml=None, rels=None, extra=(),
               ct_extra=""):
    """A minimal DOCX; rels is the text of word/_rels/document.xml.rels."""
    if document_xml is None:
        document_xml = document(body_xml or para("(U) Body."))
    entries = [("[Content_Types].xml", content_types(ct_extra)),
               ("_rels/.rels", root_rels()),
               ("word/document.xml", document_xml)]
    if rels is not None:
        entries.append(("word/_rels/document.xml.rels", rels))
    entries.extend(extra)
    return zip_bytes(entries)


def write(outdir, name, data):
    path = os.path.join(outdir, name)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return path


def patch_crc(data, entry):
    """Corrupts the CRC-32 of entry in both its local and central header."""
    b = bytearray(data)
    name = entry.encode()
    i = 0
    found = 0
    while True:
        lh = b.find(b"PK\x03\x04", i)
        ch = b.find(b"PK\x01\x02", i)
        cands = [x for x in (lh, ch) if x >= 0]
        if not cands:
            break
        p = min(cands)
        if p == lh:
            nlen = struct.unpack_from("<H", b, p + 26)[0]
            if b[p + 30:p + 30 + nlen] == name:
                crc = struct.unpack_from("<I", b, p + 14)[0]
                struct.pack_into("<I", b, p + 14, crc ^ 0xDEADBEEF)
                found += 1
        else:
            nlen = struct.unpack_from("<H", b, p + 28)[0]
            if b[p + 46:p + 46 + nlen] == name:
                crc = struct.unpack_from("<I", b, p + 16)[0]
                struct.pack_into("<I", b, p + 16, crc ^ 0xDEADBEEF)
                found += 1
        i = p + 4
    assert found == 2, f"CRC of {entry} not patched ({found})"
    return bytes(b)


def set_encrypted_flag(data):
    """Sets the 'encrypted' general purpose flag on every entry."""
    b = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = 0
        while (p := b.find(sig, i)) >= 0:
            flags = struct.unpack_from("<H", b, p + off)[0]
            struct.pack_into("<H", b, p + off, flags | 1)
            i = p + 4
    return bytes(b)


# --- Compound File Binary (OLE2) writer ------------------------------------

def cfb_bytes(streams):
    """A minimal version 3 CFB holding the given (name, bytes) streams in
    the root storage. Each stream is padded to at least 4096 bytes so that
    it lives in regular sectors (no mini stream)."""
    SECT = 512
    FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    NOSTREAM = 0xFFFFFFFF
    streams = [(n, d + bytes(max(0, 4096 - len(d)))) for n, d in streams]
    # Sectors: 0 = FAT, 1 = directory, then the streams' data.
    fat = [FATSECT, END]
    starts = []
    for _, d in streams:
        n = (len(d) + SECT - 1) // SECT
        first = len(fat)
        starts.append(first)
        fat.extend(range(first + 1, first + n))
        fat.append(END)
    assert len(fat) <= SECT // 4, "streams too large for one FAT sector"
    fat += [FREE] * (SECT // 4 - len(fat))

    def dirent(name, typ, child, left, right, start, size):
        u = (name + "\0").encode("utf-16-le") if name else b""
        e = u.ljust(64, b"\0")
        e += struct.pack("<HBB", len(u), typ, 1)  # length, type, black
        e += struct.pack("<III", left, right, child)
        e += bytes(16) + struct.pack("<I", 0) + bytes(16)  # clsid, state, times
        e += struct.pack("<IQ", start, size)
        assert len(e) == 128
        return e

    # Siblings as a right-leaning chain, sorted the CFB way (length, then
    # upper case), which every reader accepts.
    order = sorted(range(len(streams)),
                   key=lambda i: (len(streams[i][0]), streams[i][0].upper()))
    ents = [None] * len(streams)
    for k, i in enumerate(order):
        right = order[k + 1] + 1 if k + 1 < len(order) else NOSTREAM
        ents[i] = dirent(streams[i][0], 2, NOSTREAM, NOSTREAM, right,
                         starts[i], len(streams[i][1]))
    root = dirent("Root Entry", 5, order[0] + 1 if order else NOSTREAM,
                  NOSTREAM, NOSTREAM, END, 0)
    dsect = root + b"".join(ents)
    assert len(dsect) <= SECT, "too many streams for one directory sector"
    dsect = dsect.ljust(SECT, b"\0")
    # Unused directory slots must be typed 0 with NOSTREAM links.
    empty = dirent("", 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0)
    n_used = 1 + len(streams)
    dsect = dsect[:128 * n_used] + empty * (SECT // 128 - n_used)

    hdr = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
    hdr += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
    hdr += bytes(6)
    hdr += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
    hdr += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    assert len(hdr) == 512
    body = b"".join(d.ljust(((len(d) + SECT - 1) // SECT) * SECT, b"\0")
                    for _, d in streams)
    return hdr + struct.pack("<128I", *fat) + dsect + body


# --- the cases ---------------------------------------------------------------

CASES = []  # (case, file, code, options, checks)


def case(name, file, code, options="-", checks="-"):
    CASES.append((name, file, code, options, checks))


def nested_altchunk_docx(depth):
    """A DOCX whose altChunk is a DOCX whose altChunk is ... depth deep."""
    inner = docx_bytes(para(f"(U) Level {depth}."))
    for level in range(depth - 1, -1, -1):
        rels = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<Relationships xmlns="{PR}"><Relationship Id="rId9" '
                f'Type="{R}/aFChunk" Target="chunk.docx"/></Relationships>')
        body = para(f"(U) Level {level}.") + '<w:altChunk r:id="rId9"/>'
        inner = docx_bytes(body, rels=rels,
                           extra=[("word/chunk.docx", inner)],
                           ct_extra='<Override PartName="/word/chunk.docx" '
                           f'ContentType="{PKG_CT}"/>')
    return inner


def generate(outdir, only_list=False):
    def w(name, data):
        if not only_list:
            write(outdir, name, data)
        return name

    good_docx = docx_bytes(para("(S//NF) A well-formed document.")
                           + para("Second paragraph of the document."))

    # I/O
    case("io-not-found", "missing.docx", "io-not-found")
    case("io-directory", "a-directory.docx", "io-directory")
    if not only_list:
        os.makedirs(os.path.join(outdir, "a-directory.docx"), exist_ok=True)
    f = w("unreadable.docx", good_docx)
    if not only_list:
        os.chmod(os.path.join(outdir, f), 0)
    case("io-unreadable", f, "io-unreadable", checks="nobody")
    case("empty-file", w("empty.docx", b""), "empty-file")
    # 1K is 1024 bytes: the file must be well above it.
    big_docx = docx_bytes("".join(
        para(f"(U) Paragraph {i}: {i * 7919 % 100003:06d} "
             f"{i * 104729 % 1000003:07d}.") for i in range(150)))
    assert len(big_docx) > 2048, len(big_docx)
    case("limit-file-size", w("file-size.docx", big_docx),
         "limit-file-size", "--max-file-size=1K")

    # zip damage
    case("zip-corrupt", w("truncated.docx", good_docx[:len(good_docx) // 2]),
         "zip-corrupt")
    case("zip-crc", w("bad-crc.docx", patch_crc(good_docx,
                                                "word/document.xml")),
         "zip-crc")
    case("zip-encrypted", w("zip-encrypted.docx",
                            set_encrypted_flag(good_docx)), "zip-encrypted")
    case("zip-duplicate-same", w("duplicate-same.docx", zip_bytes([
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", root_rels()),
        ("word/document.xml", document(para("(U) First copy."))),
        ("word/document.xml", document(para("(S//NF) Second copy."))),
    ])), "zip-duplicate-entry")
    case("zip-duplicate-case", w("duplicate-case.docx", zip_bytes([
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", root_rels()),
        ("word/document.xml", document(para("(U) Lower case."))),
        ("WORD/Document.xml", document(para("(S//NF) Upper case."))),
    ])), "zip-duplicate-entry")
    case("zip-duplicate-percent", w("duplicate-percent.docx", zip_bytes([
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", root_rels()),
        ("word/document.xml", document(para("(U) Plain name."))),
        ("word/%64ocument.xml", document(para("(S//NF) Encoded name."))),
    ])), "zip-duplicate-entry")
    case("zip-not-document", w("plain-zip.docx", zip_bytes([
        ("readme.txt", "A zip archive, but no OPC or ODF package.\n")])),
        "zip-not-document")
    case("opc-no-main-part", w("no-main-part.docx", zip_bytes([
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", root_rels()),
        ("word/other.xml", document(para("(U) Not the main part."))),
    ])), "opc-no-main-part")
    case("opc-not-wordprocessing", w("spreadsheet.docx", zip_bytes([
        ("[Content_Types].xml",
         f'<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="{CT}">'
         '<Default Extension="rels" ContentType="application/'
         'vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/'
         'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '</Types>'),
        ("_rels/.rels", root_rels("xl/workbook.xml")),
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="http://'
         'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/>'
         '</workbook>'),
    ])), "opc-not-wordprocessing")

    # Compound File Binary containers
    case("cfb-encrypted", w("encrypted.docx", cfb_bytes([
        ("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00" +
         b'<?xml version="1.0"?><encryption/>'),
        ("EncryptedPackage", struct.pack("<Q", 4096) +
         bytes(range(256)) * 16),
    ])), "cfb-encrypted")
    case("cfb-legacy", w("legacy.docx", cfb_bytes([
        ("WordDocument", b"\xec\xa5\xc1\x00" + bytes(508)),
        ("1Table", bytes(512)),
    ])), "cfb-legacy")
    case("odf-encrypted", w("encrypted.odt", zip_bytes([
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml",
         '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
         ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
         ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
         '<manifest:file-entry manifest:full-path="content.xml" '
         'manifest:media-type="text/xml" manifest:size="1024">'
         '<manifest:encryption-data manifest:checksum-type="SHA1/1K" '
         'manifest:checksum="AAAAAAAAAAAAAAAAAAAAAAAAAAA=">'
         '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
         'manifest:initialisation-vector="AAAAAAAAAAA="/>'
         '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
         'manifest:iteration-count="1024" manifest:salt="AAAAAAAAAAAAAAAAAAAAAA=="/>'
         '</manifest:encryption-data></manifest:file-entry>'
         '</manifest:manifest>'),
        ("content.xml", bytes(range(256)) * 4),
    ], method=zipfile.ZIP_STORED)), "odf-encrypted")

    # XML
    case("xml-malformed", w("malformed.xml",
                            '<?xml version="1.0"?>\n<doc><para>Unclosed'
                            '</doc>\n'), "xml-malformed")
    case("xml-malformed-docx", w("malformed.docx", docx_bytes(
        document_xml=document(para("(U) Broken") + "<w:p><w:r>"))),
        "xml-malformed")
    secret = os.path.join(os.path.abspath(outdir or "."), "secret.txt")
    w("secret.txt", SECRET_TOKEN + "\n")
    for target, tag in (("file:///etc/hostname", "hostname"),
                        ("file://" + secret, "secret")):
        decl = (f'<!DOCTYPE doc [\n  <!ENTITY xxe SYSTEM "{target}">\n]>\n')
        case(f"xml-external-entity-{tag}",
             w(f"xxe-{tag}.xml", '<?xml version="1.0"?>\n' + decl +
               "<doc><para>Leak: &xxe;</para></doc>\n"),
             "xml-external-entity", checks=f"noleak={target[7:]}")
        wdecl = decl.replace("DOCTYPE doc", "DOCTYPE w:document")
        case(f"xml-external-entity-docx-{tag}",
             w(f"xxe-{tag}.docx", docx_bytes(document_xml=document(
                 para("Leak: &xxe;"), decl=wdecl))),
             "xml-external-entity", checks=f"noleak={target[7:]}")
    lol = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        lol.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    # the package's own XML (relationships, content types) is parsed as
    # safely as the document
    case("xml-external-entity-rels", w("xxe-rels.docx", zip_bytes([
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", root_rels().replace(
            "<Relationships", f'<!DOCTYPE Relationships [\n  <!ENTITY xxe '
            f'SYSTEM "file://{secret}">\n]>\n<Relationships').replace(
            'Target="word/document.xml"', 'Target="word/&xxe;"')),
        ("word/document.xml", document(para("(U) Body."))),
    ])), "xml-external-entity", checks=f"noleak={secret}")
    case("xml-billion-laughs-content-types", w("laughs-ct.docx", zip_bytes([
        ("[Content_Types].xml", content_types().replace(
            "<Types", "<!DOCTYPE Types [\n  " + "\n  ".join(lol) +
            "\n]>\n<Types").replace(
            'Extension="xml"', 'Extension="xml&lol9;"')),
        ("_rels/.rels", root_rels()),
        ("word/document.xml", document(para("(U) Body."))),
    ])), "xml-entity-expansion")
    case("xml-external-parameter-entity", w("xxe-parameter.xml",
         '<?xml version="1.0"?>\n<!DOCTYPE doc [\n  <!ENTITY % ext SYSTEM '
         f'"file://{secret}">\n  %ext;\n]>\n<doc><para>x</para></doc>\n'),
         "xml-external-entity", checks=f"noleak={secret}")
    case("xml-billion-laughs", w("billion-laughs.xml",
         '<?xml version="1.0"?>\n<!DOCTYPE doc [\n  ' + "\n  ".join(lol) +
         '\n]>\n<doc><para>&lol9;</para></doc>\n'), "xml-entity-expansion")
    case("xml-billion-laughs-docx", w("billion-laughs.docx", docx_bytes(
        document_xml=document(para("&lol9;"), decl=(
            '<!DOCTYPE w:document [\n  ' + "\n  ".join(lol) + '\n]>\n')))),
        "xml-entity-expansion")
    big = "A" * 100000
    case("xml-quadratic-blowup", w("quadratic.xml",
         '<?xml version="1.0"?>\n<!DOCTYPE doc [\n  <!ENTITY a "' + big +
         '">\n]>\n<doc><para>' + "&a;" * 100000 + "</para></doc>\n"),
         "xml-entity-expansion")
    case("limit-depth", w("deep.xml", '<?xml version="1.0"?>\n' +
                          "<a>" * 100000 + "deep" + "</a>" * 100000 + "\n"),
         "limit-depth")
    case("limit-depth-docx", w("deep.docx", docx_bytes(
        document_xml=document('<w:p><w:r><w:t>x</w:t></w:r></w:p>' +
                              "<w:sdt><w:sdtContent>" * 50000 +
                              "</w:sdtContent></w:sdt>" * 50000))),
        "limit-depth")

    # encodings
    case("invalid-utf8-text", w("invalid-utf8.txt",
         b"(U) Valid line.\n\nInvalid \xc3\x28 byte and \xff here.\n"),
         "invalid-utf8")
    case("invalid-utf8-docx", w("invalid-utf8.docx", docx_bytes(
        document_xml=document(para("(U) Fine.") + para("Bad @@ byte"))
        .encode().replace(b"@@", b"\xc3\x28\xff"))), "invalid-utf8")

    # limits
    big_part = document("".join(
        para(f"(U) Paragraph {i} of a large part, padded "
             f"{i * 7919 % 100003:06d}.") for i in range(4000)))
    case("limit-part-size", w("big-part.docx", docx_bytes(
        document_xml=big_part)), "limit-part-size", "--max-part-size=100K")
    hdr_rels = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships '
                f'xmlns="{PR}">' + "".join(
                    f'<Relationship Id="rId{i}" Type="{R}/header" '
                    f'Target="header{i}.xml"/>' for i in range(1, 5)) +
                "</Relationships>")
    hdr = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<w:hdr xmlns:w="{W}">' + para("SECRET//NOFORN " + "x" * 50000)
           + "</w:hdr>")
    case("limit-total-size", w("big-total.docx", docx_bytes(
        para("(U) Body.") + '<w:sectPr>' + "".join(
            f'<w:headerReference w:type="default" r:id="rId{i}"/>'
            for i in range(1, 5)) + '</w:sectPr>', rels=hdr_rels,
        extra=[(f"word/header{i}.xml", hdr) for i in range(1, 5)])),
        "limit-total-size", "--max-total-size=120K")
    case("limit-entries", w("many-entries.docx", docx_bytes(
        para("(U) Body."), extra=[(f"media/pad{i}.bin", b"x")
                                  for i in range(30)])),
        "limit-entries", "--max-entries=10")
    case("limit-entries-default", w("many-entries-default.docx", docx_bytes(
        para("(U) Body."), extra=[(f"media/pad{i}.bin", b"")
                                  for i in range(10000)])),
        "limit-entries")
    case("limit-portion-size", w("long-portion.txt",
         "(U) " + "word " * 5000 + "\n"), "limit-portion-size",
         "--max-portion-size=4K")
    case("limit-zip-nesting", w("nested.docx", nested_altchunk_docx(20)),
         "limit-zip-nesting")
    case("limit-ratio", "zip-bomb.docx", "limit-ratio")
    case("limit-ratio-embedded", "zip-bomb-embedded.docx", "limit-ratio")
    if not only_list:
        bomb = os.path.join(outdir, "zip-bomb.docx")
        write_zip_bomb(bomb)
        # the same bomb as an altChunk inside another DOCX (stored: the
        # outer entry inflates 1:1, the inner one 1000:1)
        with open(bomb, "rb") as f:
            inner = f.read()
        rels = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<Relationships xmlns="{PR}"><Relationship Id="rId9" '
                f'Type="{R}/aFChunk" Target="chunk.docx"/></Relationships>')
        entries = [("[Content_Types].xml", content_types(
                        '<Override PartName="/word/chunk.docx" '
                        f'ContentType="{PKG_CT}"/>')),
                   ("_rels/.rels", root_rels()),
                   ("word/document.xml", document(
                       para("(U) Outer.") + '<w:altChunk r:id="rId9"/>')),
                   ("word/_rels/document.xml.rels", rels),
                   ("word/chunk.docx", inner)]
        write(outdir, "zip-bomb-embedded.docx",
              zip_bytes(entries, method=zipfile.ZIP_STORED))

    # not errors: relationships out of the package are not followed
    out_rels = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships '
                f'xmlns="{PR}"><Relationship Id="rId1" Type="{R}/header" '
                'Target="../../../../../../etc/passwd"/>'
                f'<Relationship Id="rId2" Type="{R}/header" '
                'Target="file:///etc/passwd" TargetMode="External"/>'
                f'<Relationship Id="rId3" Type="{R}/footer" '
                'Target="/../../etc/passwd"/></Relationships>')
    case("rel-outside-package", w("rel-outside.docx", docx_bytes(
        para("(U) Relationships point outside the package.") +
        '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/>'
        '<w:headerReference w:type="first" r:id="rId2"/>'
        '<w:footerReference w:type="default" r:id="rId3"/></w:sectPr>',
        rels=out_rels)), "-", checks="noleak=/etc/passwd")

    w(GOOD_NAME, GOOD_TEXT)


def write_zip_bomb(path):
    """A DOCX whose word/document.xml is 2 GiB: a document start, then 2 GiB
    of one repeated byte, which deflates about 1000:1 (~2 MB) exactly like
    zeros do. The byte is a space rather than NUL so that the XML stays
    well-formed: only the ratio guard can stop the reading. Written in 1 MiB
    chunks, never held in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as z:
        for name, data in (("[Content_Types].xml", content_types()),
                           ("_rels/.rels", root_rels())):
            zi = zipfile.ZipInfo(name, DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
        zi = zipfile.ZipInfo("word/document.xml", DATE)
        zi.compress_type = zipfile.ZIP_DEFLATED
        chunk = b" " * (1 << 20)
        with z.open(zi, "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?>\n<w:document xmlns:w="{W}">'
                    "<w:body>".encode())
            for _ in range(2048):
                f.write(chunk)
            f.write(b"</w:body></w:document>")


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        generate(None, only_list=True)
        for c in CASES:
            print(c[0])
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    outdir = argv[1]
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    generate(outdir)
    with open(os.path.join(outdir, "cases.tsv"), "w") as f:
        for c in CASES:
            f.write("\t".join(c) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
