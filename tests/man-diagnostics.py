#!/usr/bin/env python3
"""man-diagnostics.py SOURCE_DIR: the error codes marklint can emit (found
in the sources) and the codes DIAGNOSTICS in man/marklint.1 lists (with
the HTTP answers of `marklint serve`, listed in its API section) are the
same set, so that a new code cannot go undocumented and a documented one
cannot go stale.

A code is a string literal of the shape "word-word" found where the
sources give an error its code:
  - next to a status: ml_err(err, ML_EIO, "io-unreadable", ...), and any
    other call of that form (ML_EFORMAT, ML_ELIMIT, ML_EIO, ML_EUSAGE);
  - as the argument of a parameter named `code` or `..._code` of any
    function of lint/ (S_out_error(path, "output-exists", ...),
    ml_xmlfile_read(path, max, "rules-unreadable", ...)), found from the
    function's definition;
  - copied into an ml_error: snprintf(err->code, sizeof err->code, "...");
  - assigned to a variable named code: code = "invalid-utf8";
  - written in a message as "[code]".
A DIAGNOSTICS entry ending in '*' (limit-*) stands for every code with
that prefix."""
import glob
import re
import sys

src = sys.argv[1]
SHAPE = r'[a-z0-9]+(?:-[a-z0-9]+)+'
files = sorted(glob.glob(src + "/lint/**/*.c", recursive=True) +
               glob.glob(src + "/lint/**/*.h", recursive=True))
texts = {}
for f in files:
    t = open(f, encoding="utf-8").read()
    # comments say things like "(code "io-unreadable")": not emitters
    t = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), t,
               flags=re.S)
    texts[f] = t


def split_args(s, start):
    """The arguments of a call whose '(' is at s[start - 1]."""
    args, depth, cur, i, q = [], 0, "", start, None
    while i < len(s):
        c = s[i]
        if q:
            cur += c
            if c == "\\":
                cur += s[i + 1]
                i += 1
            elif c == q:
                q = None
        elif c in "\"'":
            q = c
            cur += c
        elif c in "([{":
            depth += 1
            cur += c
        elif c in ")]}":
            if depth == 0:
                args.append(cur.strip())
                return args
            depth -= 1
            cur += c
        elif c == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    return args


codes = {}  # code -> first file:line


def add(code, f, pos):
    line = texts[f].count("\n", 0, pos) + 1
    codes.setdefault(code, "%s:%d" % (f[len(src) + 1:], line))


# functions with a parameter named code, and its position
takes_code = {}
for f, t in texts.items():
    for m in re.finditer(r'\b(\w+)\s*\(([^()]*\bconst char \*(?:\w+_)?code\b'
                         r'[^()]*)\)\s*(?:__attribute__|\{|;)', t):
        params = [p.strip() for p in m.group(2).split(",")]
        for k, p in enumerate(params):
            if re.search(r'\b(?:\w+_)?code$', p):
                takes_code.setdefault(m.group(1), set()).add(k)
for f, t in texts.items():
    for m in re.finditer(r'ML_E(?:FORMAT|LIMIT|IO|USAGE)\s*,\s*"(%s)"'
                         % SHAPE, t):
        add(m.group(1), f, m.start(1))
    for m in re.finditer(r'code\s*,\s*sizeof[^,]*,\s*"(%s)"' % SHAPE, t):
        add(m.group(1), f, m.start(1))
    for m in re.finditer(r'\bcode\s*=\s*"(%s)"' % SHAPE, t):
        add(m.group(1), f, m.start(1))
    for m in re.finditer(r'\[(%s)\]\\n' % SHAPE, t):
        add(m.group(1), f, m.start(1))
    for name, ks in takes_code.items():
        for m in re.finditer(r'\b%s\s*\(' % re.escape(name), t):
            args = split_args(t, m.end())
            for k in ks:
                arg = args[k] if len(args) > k else ""
                a = re.fullmatch(r'"(%s)"' % SHAPE, arg)
                if a:
                    add(a.group(1), f, m.start())
                elif "?" in arg:  # tls ? "tls-invalid" : "listen-failed"
                    for c in re.findall(r'"(%s)"' % SHAPE, arg):
                        add(c, f, m.start())

page = open(src + "/man/marklint.1", encoding="utf-8").read()
m = re.search(r'^\.Sh DIAGNOSTICS\n(.*?)^\.Sh ', page, re.S | re.M)
if not m:
    sys.exit("man/marklint.1 has no DIAGNOSTICS section")
listed = re.findall(r'^\.It (%s\*?)$' % r'[a-z0-9]+(?:-[a-z0-9*]+)*',
                    m.group(1), re.M)
listed = [c for c in listed if "-" in c]
# the HTTP answers of `marklint serve` are listed in its API section
# (DIAGNOSTICS points there), as .Ql CODE in the list of statuses
api = re.search(r'^\.Ss API\n(.*?)^\.S[sh] ', page, re.S | re.M)
if api:
    listed += re.findall(r'^\.Ql (%s)(?: [,.:;]|$)' % SHAPE, api.group(1),
                         re.M)
exact = {c for c in listed if not c.endswith("*")}
prefixes = [c[:-1] for c in listed if c.endswith("*")]

bad = 0
for c in sorted(codes):
    if c not in exact and not any(c.startswith(p) for p in prefixes):
        print("%s (%s) is not in DIAGNOSTICS of marklint(1)" % (c, codes[c]))
        bad = 1
for c in sorted(exact):
    if c not in codes:
        print("DIAGNOSTICS lists %s, which no source emits" % c)
        bad = 1
for p in prefixes:
    if not any(c.startswith(p) for c in codes):
        print("DIAGNOSTICS lists %s*, which no source emits" % p)
        bad = 1
if len(codes) < 20:
    print("only %d codes found in lint/: the extraction is broken" %
          len(codes))
    bad = 1
print("%d codes emitted, %d listed" % (len(codes), len(listed)))
sys.exit(bad)
