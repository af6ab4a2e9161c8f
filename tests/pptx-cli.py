#!/usr/bin/env python3
"""pptx-cli.py MARKLINT FIXTURES_DIR WORKDIR CASE | --list

Command-line tests of PowerPoint reading: the example deck of
fixtures/pptx/deck.pptx.d (zipped by the build into FIXTURES_DIR/pptx/),
whose slides' file names are not in presentation order, and packages
written at run time by mkpptx.py. Each case checks what a user sees: the
portions in presentation order with their slide numbers, the markings,
the errors. tests/pptx.cmake registers one test per case (pptx:CASE).
"""

import json
import os
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mkpptx  # noqa: E402


class Fail(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Fail(what)


def run(m, args, cwd):
    p = subprocess.run([m] + args, cwd=cwd, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


# What the example deck reads as: (part, slide, text, owner), in order.
S3, S1, S2 = "ppt/slides/slide3.xml", "ppt/slides/slide1.xml", \
    "ppt/slides/slide2.xml"
NF = "SECRET//NOFORN"
DECK = [
    (S3, 1, NF, None),
    (S3, 1, "Industry Day: Seeker Program", None),
    (S3, 1, "(U) Briefing for prospective offerors, with the split run "
     "below", None),
    (S3, 1, "(S//NF) A mark split over three runs.", None),
    (S3, 1, "(U) Program logo: a seeker head over a globe", None),
    (S3, 1, NF, None),
    ("ppt/notesSlides/notesSlide1.xml", 1, "(S//NF) Speaker note: do not "
     "discuss the threat assessment with foreign attendees.", None),
    ("ppt/comments/comment1.xml", 1, "Basis for NOFORN: ICD 403, per the "
     "FDO review.", "1"),
    (S1, 2, NF, None),
    (S1, 2, "Program Overview", None),
    (S1, 2, "(U) The seeker program delivers a dual-mode seeker for the "
     "next interceptor.", None),
    (S1, 2, "(S//NF) The seeker shall operate against the threat emitters "
     "identified in the program threat assessment.", None),
    (S1, 2, "(C//REL TO USA, GBR) Partner interface in a nested group\n"
     "with a line break.", None),
    (S1, 2, "(U) Read once, though written twice.", None),
    (S1, 2, NF, None),
    ("ppt/notesSlides/notesSlide2.xml", 2, "(U) Take questions after this "
     "slide.", None),
    ("ppt/comments/modernComment_101_1A2B3C4D.xml", 2, "Why NOFORN on the "
     "second bullet? No basis cited.", "2"),
    ("ppt/comments/modernComment_101_1A2B3C4D.xml", 2, "Per ICD 403: see "
     "the FDO memo.", "2"),
    (S2, 3, NF, None),
    (S2, 3, "Schedule", None),
    (S2, 3, "Milestone", None),
    (S2, 3, "Date", None),
    (S2, 3, "(U) Draft RFP released", None),
    (S2, 3, "March", None),
    (S2, 3, "(S//NF) Flight test window", None),
    (S2, 3, "(S//NF) Per the test plan", None),
    (S2, 3, NF, None),
    ("ppt/slideMasters/slideMaster1.xml", None, "Distribution F: further "
     "dissemination only as directed by the program office.", None),
]


def portions(m, path, cwd):
    rc, out, err = run(m, ["extract", "--format", "json", path], cwd)
    expect(rc == 0, f"extract exit {rc}: {err}")
    doc = json.loads(out)["documents"][0]
    expect(doc["format"] == "pptx", f"format {doc.get('format')}")
    return doc


def case_deck(m, fixtures, d):
    deck = os.path.join(fixtures, "pptx", "deck.pptx")
    doc = portions(m, deck, d)
    got = [(p["part"], p.get("slide"), p["text"],
            p.get("owner", {}).get("id")) for p in doc["portions"]]
    for i, (g, w) in enumerate(zip(got, DECK)):
        expect(g == w, f"portion {i + 1}: {g!r}, expected {w!r}")
    expect(len(got) == len(DECK), f"{len(got)} portions, not {len(DECK)}")
    expect(doc["metadata"].get("title") ==
           "Industry Day Briefing (fictional sample)", doc["metadata"])
    # nothing of the prompts, the slide numbers or the image
    text = json.dumps(doc)
    expect("Click to edit" not in text, "a master's prompt was read")
    # check: the markings carry their slide; a banner per slide
    rc, out, err = run(m, ["check", "-f", "json", "--exit-zero", deck], d)
    expect(rc == 0, err)
    rep = json.loads(out)["documents"][0]
    banners = [f for f in rep["markings"] if f["form"] == "banner"]
    expect(sorted(f["location"].get("slide") for f in banners) ==
           [1, 1, 2, 2, 3, 3], f"banners {banners}")
    nf = [f for f in rep["markings"] if f["form"] != "banner"
          and f["location"]["part"] == S1]
    expect(nf and all(f["location"]["slide"] == 2 for f in nf), nf)
    schema = os.environ.get("ML_REPORT_SCHEMA")
    if schema and os.path.exists(schema):
        p = subprocess.run([sys.executable, os.path.join(
            HERE, "validate-json.py"), schema], input=out.encode(),
            capture_output=True)
        expect(p.returncode in (0, 77), p.stderr.decode()[:400])


def variant(fixtures, d, name, main_ct=None, drop=()):
    """The example deck with another main content type, or parts
    dropped."""
    src = os.path.join(fixtures, "pptx", "deck.pptx")
    out = os.path.join(d, name)
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            if info.filename in drop:
                continue
            data = zi.read(info.filename)
            if main_ct and info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument."
                    b"presentationml.presentation.main+xml",
                    main_ct.encode())
            zo.writestr(info, data)
    return name


def case_kinds(m, fixtures, d):
    """PPTM, POTX and PPSX read alike; a workbook is refused by name."""
    for name, ct in (
            ("deck.pptm", "application/vnd.ms-powerpoint.presentation."
             "macroEnabled.main+xml"),
            ("deck.potx", "application/vnd.openxmlformats-officedocument."
             "presentationml.template.main+xml"),
            ("deck.ppsx", "application/vnd.openxmlformats-officedocument."
             "presentationml.slideshow.main+xml")):
        doc = portions(m, variant(fixtures, d, name, ct), d)
        expect(len(doc["portions"]) == len(DECK), f"{name}: "
               f"{len(doc['portions'])} portions")
    x = variant(fixtures, d, "book.xlsx", "application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet.main+xml")
    rc, out, err = run(m, ["check", x], d)
    expect(rc == 2 and "a spreadsheet" in err and
           err.strip().endswith("[opc-not-wordprocessing]"), err)


def case_order(m, fixtures, d):
    """Presentation order comes from p:sldIdLst, whatever the names; a
    slide listed twice is read once; a list entry without a relationship
    is skipped."""
    slides = [[f"(U) Slide file {i + 1}."] for i in range(5)]
    path = os.path.join(d, "order.pptx")
    mkpptx.write(path, mkpptx.deck(slides, order=[4, 2, 0, 3, 1]))
    doc = portions(m, "order.pptx", d)
    got = [(p["slide"], p["text"]) for p in doc["portions"]]
    expect(got == [(1, "(U) Slide file 5."), (2, "(U) Slide file 3."),
                   (3, "(U) Slide file 1."), (4, "(U) Slide file 4."),
                   (5, "(U) Slide file 2.")], got)
    ids = ('<p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId2"/>'
           '<p:sldId id="258" r:id="rId99"/><p:sldId id="259" r:id="rId1"/>')
    mkpptx.write(os.path.join(d, "twice.pptx"),
                 mkpptx.deck(slides[:2], sld_ids=ids))
    doc = portions(m, "twice.pptx", d)
    got = [(p["slide"], p["text"]) for p in doc["portions"]]
    expect(got == [(1, "(U) Slide file 2."), (2, "(U) Slide file 1.")], got)


def case_review(m, fixtures, d):
    """The memo gives locations by slide number in presentation order:
    the NOFORN bullet of ppt/slides/slide1.xml is on slide 2."""
    deck = os.path.join(fixtures, "pptx", "deck.pptx")
    rc, out, err = run(m, ["review", deck], d)
    expect(rc == 0, err)
    row = [ln for ln in out.splitlines() if "The seeker shall" in ln or
           (ln.startswith("| (U) | M6 |"))]
    expect(row and all("slide 2, paragraph 4" in ln.lower() for ln in row),
           f"the memo does not locate the bullet on slide 2: {row}")
    expect("notes of slide 1, paragraph 1" in out, "notes not by slide")


def case_annotate(m, fixtures, d):
    deck = os.path.join(fixtures, "pptx", "deck.pptx")
    rc, out, err = run(m, ["annotate", deck, "-o",
                           os.path.join(d, "out.docx")], d)
    expect(rc == 2 and err.strip().endswith("[annotate-format]") and
           "pptx" in err, err)
    expect(not os.path.exists(os.path.join(d, "out.docx")), "a file "
           "was written")


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 5 or argv[4] not in CASES:
        print(__doc__, file=sys.stderr)
        return 2
    d = os.path.join(os.path.abspath(argv[3]), argv[4])
    os.makedirs(d, exist_ok=True)
    try:
        CASES[argv[4]](os.path.abspath(argv[1]), os.path.abspath(argv[2]),
                       d)
    except Fail as e:
        print(f"FAIL pptx:{argv[4]}: {e}", file=sys.stderr)
        return 1
    print(f"ok pptx:{argv[4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
