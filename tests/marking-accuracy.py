#!/usr/bin/env python3
"""marking-accuracy.py MARKLINT SRCDIR [--seed N] [--per 12] [--check]

How well `marklint marking` agrees with the register, on sets built from
the register itself (tests/register/):

  valid      every valid example marking of the register (examples.txt):
             called valid;
  invalid    every rule of the register broken once, and the forms that
             read but are not register form (invalid.txt): called invalid;
  mangled    each valid example mangled as writers and OCR mangle markings
             (a typo in a word, a separator, letter case, order, the
             other form's spelling), --per variants each (seeded): called
             invalid, and the correction offered is valid (and how often
             it is the original marking back).

Prints a table of figures. With --check, exits 1 when a figure is below
the issue's targets (valid 95%, invalid 90%, mangled called invalid 95%,
corrections valid 95%): the test suite runs it so.
"""

import argparse
import json
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:marklint:register:1}"


def load(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        rows.append((f[0], f[1], f[2]))
    return rows


def judge(marklint, strings):
    """The JSON verdict of each string (one process for all)."""
    out = subprocess.run([marklint, "marking", "--format", "json", "-"],
                         input="".join(s + "\n" for s in strings),
                         capture_output=True, text=True, check=False)
    return json.loads(out.stdout)["markings"]


def spellings(register):
    """Pairs (portion mark, banner abbreviation) of the register's
    controls that differ: NF/NOFORN, OC/ORCON..."""
    root = ET.parse(register).getroot()
    pairs = []
    for c in root.iter(NS + "control"):
        p, a = c.get("portion"), c.get("abbrev") or c.get("title")
        if p and a and p != a:
            pairs.append((p, a))
    return pairs


WORD = re.compile(r"[A-Z][A-Z0-9]+")


def typo(m, rnd):
    words = [w for w in WORD.finditer(m) if len(w.group()) >= 2]
    if not words:
        return None
    w = rnd.choice(words)
    s = w.group()
    i = rnd.randrange(len(s))
    op = rnd.choice(["sub", "del", "ins", "swap"])
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if op == "sub":
        t = s[:i] + rnd.choice(letters.replace(s[i], "")) + s[i + 1:]
    elif op == "del":
        t = s[:i] + s[i + 1:]
    elif op == "ins":
        t = s[:i] + rnd.choice(letters) + s[i:]
    else:
        if len(s) < 2:
            return None
        i = min(i, len(s) - 2)
        t = s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if not t:
        return None
    return m[:w.start()] + t + m[w.end():]


def separator(m, rnd):
    cuts = [k.start() for k in re.finditer("//", m)]
    if not cuts:
        return None
    k = rnd.choice(cuts)
    if k == 0 or (k == 1 and m[0] == "("):
        return None  # the leading "//" of a foreign marking
    new = rnd.choice(["/", "///", " // ", "\\\\", " "])
    return m[:k] + new + m[k + 2:]


def case(m, rnd):
    return rnd.choice([m.lower(), m.title()])


def order(m, rnd):
    inner, wrap = (m[1:-1], True) if m.startswith("(") else (m, False)
    blocks = inner.split("//")
    ways = []
    if len(blocks) >= 3 and blocks[0]:
        ways.append("blocks")
    if any("/" in b and "EYES ONLY" not in b for b in blocks[1:]):
        ways.append("items")
    if re.search(r"REL TO USA, [A-Z]{3,4}", inner):
        ways.append("relto")
    if not ways:
        return None
    way = rnd.choice(ways)
    if way == "blocks":
        i = rnd.randrange(1, len(blocks) - 1)
        blocks[i], blocks[i + 1] = blocks[i + 1], blocks[i]
    elif way == "items":
        cand = [i for i, b in enumerate(blocks)
                if i and "/" in b and "EYES ONLY" not in b]
        i = rnd.choice(cand)
        items = blocks[i].split("/")
        j = rnd.randrange(len(items) - 1)
        items[j], items[j + 1] = items[j + 1], items[j]
        blocks[i] = "/".join(items)
    else:
        inner2 = re.sub(r"REL TO USA, ([A-Z, ]+)",
                        lambda x: "REL TO " + ", ".join(
                            reversed(("USA, " + x.group(1)).split(", "))),
                        "//".join(blocks), count=1)
        return "(" + inner2 + ")" if wrap else inner2
    out = "//".join(blocks)
    return "(" + out + ")" if wrap else out


def form(m, rnd, pairs):
    """The other form's spelling of a control or of the classification."""
    portion = m.startswith("(")
    classes = [("TS", "TOP SECRET"), ("S", "SECRET"), ("C", "CONFIDENTIAL"),
               ("U", "UNCLASSIFIED")]
    if rnd.random() < 0.3:
        for p, b in classes:
            if portion and m.startswith("(" + p + "//"):
                return "(" + b + m[1 + len(p):]
            if not portion and m.startswith(b + "//"):
                return p + m[len(b):]
    hits = []
    for p, a in pairs:
        src, dst = (p, a) if portion else (a, p)
        for k in re.finditer(r"(?<=[/(])" + re.escape(src) + r"(?=[/)]|$)",
                             m):
            hits.append((k.start(), k.end(), dst))
    if not hits:
        return None
    s, e, dst = rnd.choice(hits)
    return m[:s] + dst + m[e:]


def mangle(valid, per, seed, pairs):
    rnd = random.Random(seed)
    kinds = ["typo", "separator", "case", "order", "form"]
    out = []
    for m in valid:
        for k in range(per):
            kind = kinds[k % len(kinds)]
            fn = {"typo": typo, "separator": separator, "case": case,
                  "order": order}.get(kind)
            x = fn(m, rnd) if fn else form(m, rnd, pairs)
            if x and x != m:
                out.append((kind, m, x))
    return out


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("marklint")
    ap.add_argument("srcdir")
    ap.add_argument("--seed", type=int, default=2016)
    ap.add_argument("--per", type=int, default=10)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--show", type=int, default=0,
                    help="print N failures of each kind")
    a = ap.parse_args()
    reg = a.srcdir + "/tests/register/"
    examples = load(reg + "examples.txt")
    invalid = load(reg + "invalid.txt")
    valid = [m for v, m, _ in examples if v == "valid"]
    pairs = spellings(a.srcdir + "/markings/register.xml")

    jv = judge(a.marklint, valid)
    ok_valid = sum(1 for j in jv if j["verdict"] == "valid")
    ji = judge(a.marklint, [m for _, m, _ in invalid])
    ok_invalid = sum(1 for j in ji if j["verdict"] != "valid")

    mangled = mangle(valid, a.per, a.seed, pairs)
    jm = judge(a.marklint, [x for _, _, x in mangled])
    suggs = [j.get("suggestion") for j in jm]
    js = judge(a.marklint, [s for s in suggs if s])
    sugg_valid = iter(j["verdict"] == "valid" for j in js)
    rows = {}
    fails = {}
    for (kind, orig, x), j, s in zip(mangled, jm, suggs):
        r = rows.setdefault(kind, [0, 0, 0, 0, 0])
        r[0] += 1
        called = j["verdict"] != "valid"
        r[1] += called
        if s:
            r[2] += 1
            good = next(sugg_valid)
            r[3] += good
            r[4] += s == orig
            if not good:
                fails.setdefault(kind, []).append((x, s, "invalid fix"))
        if not called:
            fails.setdefault(kind, []).append((x, orig, "called valid"))
        elif not s:
            fails.setdefault(kind, []).append((x, orig, "no correction"))
    print("set                  strings  agree")
    print("valid (register)    %8d  %5.1f%%" % (len(valid),
                                               pct(ok_valid, len(valid))))
    print("invalid (each rule) %8d  %5.1f%%" % (len(invalid),
                                               pct(ok_invalid, len(invalid))))
    print()
    print("mangled     strings  called invalid  corrected  "
          "correction valid  original back")
    tot = [0, 0, 0, 0, 0]
    for kind in ["typo", "separator", "case", "order", "form"]:
        r = rows.get(kind, [0, 0, 0, 0, 0])
        tot = [t + v for t, v in zip(tot, r)]
        print("%-10s %8d  %13.1f%%  %8.1f%%  %15.1f%%  %12.1f%%" % (
            kind, r[0], pct(r[1], r[0]), pct(r[2], r[0]), pct(r[3], r[2]),
            pct(r[4], r[2])))
    print("%-10s %8d  %13.1f%%  %8.1f%%  %15.1f%%  %12.1f%%" % (
        "all", tot[0], pct(tot[1], tot[0]), pct(tot[2], tot[0]),
        pct(tot[3], tot[2]), pct(tot[4], tot[2])))
    if a.show:
        for kind, fl in fails.items():
            for x, y, why in fl[:a.show]:
                print("  %s %s: %r -> %r" % (kind, why, x, y))
    if a.check:
        bad = []
        if pct(ok_valid, len(valid)) < 95:
            bad.append("valid agreement below 95%")
        if pct(ok_invalid, len(invalid)) < 90:
            bad.append("invalid agreement below 90%")
        if pct(tot[1], tot[0]) < 95:
            bad.append("mangled called invalid below 95%")
        if pct(tot[3], tot[2]) < 95:
            bad.append("corrections valid below 95%")
        for b in bad:
            print("FAIL: " + b, file=sys.stderr)
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
