#!/usr/bin/env python3
"""man-options.py SOURCE_DIR: every long option of the option tables
(lint/cli/*.c: each command's own, and the shared sets of cli_opts.c,
which also drive parsing and --help) is documented in man/marklint.1 as a
.Fl entry, and every .Fl long option the page names exists in a table:
the page and the tool cannot drift apart."""
import glob
import re
import sys

src = sys.argv[1]
table = "".join(open(f).read() for f in glob.glob(src + "/lint/cli/*.c"))
opts = set(re.findall(r'\{"([a-z][a-z0-9-]*)", (?:\'.\'|0), ARG_', table))
page = open(src + "/man/marklint.1").read()
named = set(re.findall(r'Fl \\-([a-z][a-z0-9-]*)', page))
missing = sorted(opts - named)
unknown = sorted(named - opts)
if not opts:
    sys.exit("no option found in lint/cli/*.c")
for o in missing:
    print("--%s is in the option table but not in marklint(1)" % o)
for o in unknown:
    print("marklint(1) documents --%s, which the option table lacks" % o)
print("%d options, %d documented" % (len(opts), len(opts & named)))
sys.exit(1 if missing or unknown else 0)
