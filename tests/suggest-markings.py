#!/usr/bin/env python3
"""suggest-markings.py MARKLINT SRCDIR FIXDIR [GOVDIR] - every suggested
marking is a marking (MARKINGS.md 5, issue 15).

Collects every marking marklint suggests, from the three places a user
sees one:
  - `check -f jsonl`: each finding's suggestion;
  - `review -f md`: the memo's "Replace X with Y", "Correct X to Y",
    "Proposed: Y" and the attachment's "remove: Y" / "correct: Y";
  - `fix -o OUT`: the marks fix writes into the corrected copy;
over the shipped fixtures (SRCDIR/fixtures, the built DOCX in FIXDIR) and
the real government documents of GOVDIR (PDF, XML, text, Markdown; read
where they are, skipped when absent), and asserts of each that:
  - it parses (`marklint marking -f json`: verdict valid);
  - it has the form of what it replaces: a portion mark for a portion
    mark, a banner for a banner, for a dissemination statement the
    statement's label (if any) and a whole banner-form marking;
  - it releases to no country or group the original did not (when the
    original had a REL TO list; a correction never adds a REL TO list).
Foreign-restriction findings (sentences) suggest prose; those must not
look like a bare "REL TO ..." either.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

marklint, srcdir, fixdir = sys.argv[1:4]
govdir = sys.argv[4] if len(sys.argv) > 4 else ""
failures = []

STATEMENT_LABEL = re.compile(
    r"^((?:dissemination control|dissemination|handling|caveat|"
    r"distribution)\s*:\s*)", re.I)
# tetragraphs whose members are known here, to compare lists fairly
GROUPS = {"FVEY": {"USA", "AUS", "CAN", "GBR", "NZL"}}
MARKING_RULES = ("NOFORN-", "BANNER-", "MARKING-", "FOUO-")


def fail(msg):
    failures.append(msg)


def files():
    out = []
    for top in ("fixtures/rules", "fixtures/lanes", "fixtures/review",
                "fixtures/sample", "fixtures/extract"):
        for root, dirs, names in os.walk(os.path.join(srcdir, top)):
            dirs[:] = [d for d in dirs if not d.endswith(".d")]
            for n in sorted(names):
                if re.search(r"\.(txt|xml|md)$", n) and "bad-" not in n \
                        and ".review." not in n:
                    out.append(os.path.join(root, n))
    for root, dirs, names in os.walk(fixdir):
        for n in sorted(names):
            if n.endswith((".docx", ".odt", ".pptx")):
                out.append(os.path.join(root, n))
    gov = []
    if govdir and os.path.isdir(govdir):
        for root, dirs, names in os.walk(govdir):
            for n in sorted(names):
                if n.endswith((".pdf", ".xml", ".txt", ".md")) and \
                        n != "SOURCES.md":
                    gov.append(os.path.join(root, n))
    return out, gov


def run(args):
    return subprocess.run([marklint] + args, capture_output=True,
                          text=True, errors="replace", timeout=600)


def judge(strings):
    """{string: json reading} via `marklint marking -f json`."""
    out = {}
    strings = sorted(set(strings))
    for i in range(0, len(strings), 200):
        chunk = strings[i:i + 200]
        r = run(["marking", "-f", "json", "--"] + chunk)
        try:
            doc = json.loads(r.stdout)
        except ValueError:
            fail("marklint marking gave no JSON for %r" % chunk[:3])
            continue
        for m in doc["markings"]:
            out[m["input"]] = m
    return out


def expand(codes):
    s = set()
    for c in codes:
        s |= GROUPS.get(c, {c})
    return s


# --- collect: (where, original, original form, suggestion, disposition)

items = []


def form_of(orig):
    """The form of a marking as a memo or a fix shows it."""
    o = orig.strip()
    if o.startswith("ism:"):
        return "attribute"
    if STATEMENT_LABEL.match(o) or re.match(
            r"^(NOFORN|NOT RELEASABLE TO FOREIGN NATIONALS|"
            r"(NOFORN|NO FOREIGN) DISSEM(INATION)?)\.?$", o, re.I):
        return "statement"
    return "portion" if o.startswith("(") else "banner"


def marking_text(s):
    """The marking a memo or table cell names: up to the first sentence
    end that is outside parentheses."""
    return s.strip().rstrip(".").strip()


def collect_check(paths):
    r = run(["check", "--no-config", "--exit-zero", "-f", "jsonl"] + paths)
    for line in r.stdout.splitlines():
        doc = json.loads(line)
        marks = {m["id"]: m for m in doc.get("markings", [])}
        for f in doc.get("findings", []):
            s = f.get("suggestion")
            if not s:
                continue
            where = "%s: check %s" % (doc["path"], f["rule"])
            m = marks.get(f.get("marking"))
            if f["rule"].startswith("FOREIGN-") or \
                    (m and m["kind"] == "foreign-restriction"):
                if re.match(r"^(REL TO|\(?[A-Z]+//)", s):
                    fail("%s: a marking %r for a sentence" % (where, s))
                continue
            if not f["rule"].startswith(MARKING_RULES):
                continue
            if m:
                # a caveat line ("NOFORN DISSEM") is read as a banner
                # but corrected as the statement it is ("NOFORN")
                orig, form = m["text"], m["form"]
                if form_of(orig) == "statement":
                    form = "statement"
            elif f["rule"].startswith("BANNER-"):
                orig, form = f["context"], "banner"
            else:
                # "(U//FOUO): FOUO is obsolete", "(//CTSA) looks like..."
                mm = re.match(r"^(.+?)(?::| looks like) ", f["message"])
                orig = mm.group(1) if mm else f["context"]
                form = form_of(orig)
            items.append((where, orig, form, s, f.get("disposition")))


def collect_review(path):
    r = run(["review", "--no-config", "-f", "md", path])
    if r.returncode == 2 and "/readers/" in path:
        return  # the unreadable reader fixtures: no memo, rightly
    if r.returncode not in (0, 1):
        fail("%s: review exited %d: %s" % (path, r.returncode,
                                           r.stderr.strip()))
        return
    for line in r.stdout.splitlines():
        where = "%s: review" % path
        for mm in re.finditer(r"(?:Replace (.+?) with|Correct (.+?) to) "
                              r"(.+?)(?:\. |\.$)", line):
            orig = mm.group(1) or mm.group(2)
            if not re.match(r"^[(A-Z]", orig):
                orig = None  # "Correct it to (CUI)": named before
            items.append((where, orig, form_of(orig) if orig else None,
                          marking_text(mm.group(3)), None))
        for mm in re.finditer(r"Proposed: (.+?)(?:\. |\.$)", line):
            if not mm.group(1).startswith("as in"):
                items.append((where, None, None,
                              marking_text(mm.group(1)), None))
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) >= 7 and re.match(r"^(remove|review|correct): ",
                                            cells[-1]):
                orig = cells[3] if cells[3] != "—" else None
                sugg = cells[-1].split(": ", 1)[1]
                if (orig or "").startswith(("“", '"')) or \
                        sugg.lower().startswith("open"):
                    continue
                items.append((where + " attachment", orig,
                              form_of(orig) if orig else None,
                              sugg, None))


def collect_fix(path, tmp):
    out = os.path.join(tmp, "fixed" + os.path.splitext(path)[1])
    r = run(["fix", path, "-o", out, "--force"])
    if r.returncode not in (0, 1) or not os.path.exists(out):
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        old = f.read().splitlines()
    with open(out, encoding="utf-8", errors="replace") as f:
        new = f.read().splitlines()
    if len(old) != len(new):
        fail("%s: fix changed the number of lines" % path)
        return
    for a, b in zip(old, new):
        if a == b:
            continue
        where = "%s: fix" % path
        ga = re.findall(r"\([^()]*\)", a[:80])
        gb = [g for g in re.findall(r"\([^()]*\)", b[:80]) if g not in ga]
        if gb:
            items.append((where, ga[0] if len(ga) == 1 else None,
                          "portion", gb[0], None))
        else:
            items.append((where, a.strip(), "banner", b.strip(), None))


def main():
    fixtures, gov = files()
    if not fixtures:
        print("FAIL: no fixtures under %s" % srcdir)
        return 1
    collect_check(fixtures + gov)
    with tempfile.TemporaryDirectory() as tmp:
        for p in fixtures + gov:
            collect_review(p)
            if p.endswith((".txt", ".md")):
                collect_fix(p, tmp)
    if not gov:
        print("note: no government corpus (%s): fixtures only" % govdir)

    wanted = []
    for where, orig, form, s, disp in items:
        lab = STATEMENT_LABEL.match(s) if form == "statement" else None
        wanted.append(s[lab.end():] if lab else s)
        if orig:
            wanted.append(orig)
    readings = judge(wanted)

    n = 0
    for where, orig, form, s, disp in items:
        n += 1
        body = s
        if s.startswith("ism:"):
            form = "attribute"
        if form == "statement":
            lab = STATEMENT_LABEL.match(s)
            olab = STATEMENT_LABEL.match(orig or "")
            if (olab is None) != (lab is None):
                fail("%s: %r -> %r: the statement's label is not kept"
                     % (where, orig, s))
            if lab:
                body = s[lab.end():]
        if form == "attribute":
            am = re.match(r'^ism:disseminationControls="([A-Z ]*)"'
                          r'(?: ism:releasableTo="([A-Z ]*)")?$', s)
            if not am or "NF" in am.group(1).split():
                fail("%s: %r is not IC-ISM attributes without NF"
                     % (where, s))
            continue
        if form == "statement" and disp == "correct" and \
                body.rstrip(".").upper() == "NOFORN":
            continue  # "NOFORN DISSEM" -> the statement NOFORN itself
        got = readings.get(body)
        if not got or not got.get("valid"):
            fail("%s: suggested %r for %r does not parse: %s"
                 % (where, s, orig, got.get("reason") if got else "?"))
            continue
        if form in ("portion", "banner", "statement"):
            want = "portion" if form == "portion" else "banner"
            if got["form"] != want:
                fail("%s: %r is a %s, replacing the %s %r"
                     % (where, s, got["form"], form, orig))
        o = readings.get(orig) if orig else None
        if o and "rel_to" in o:
            before = expand(o["rel_to"])
            after = expand(got.get("rel_to", []))
            if before and not after <= before:
                fail("%s: %r -> %r releases to %s, which the author "
                     "did not" % (where, orig, s,
                                  ", ".join(sorted(after - before))))
            if not before and after and disp == "correct":
                fail("%s: the correction %r -> %r adds a release list"
                     % (where, orig, s))
    print("%d suggested markings checked (%d distinct), %d files, "
          "%d government" % (n, len(set(i[3] for i in items)),
                             len(fixtures) + len(gov), len(gov)))
    if n < 50:
        fail("only %d suggestions found: the collection is broken" % n)
    for msg in sorted(set(failures)):
        print("FAIL: " + msg)
    return 1 if failures else 0


sys.exit(main())
