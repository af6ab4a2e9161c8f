#!/bin/sh
# audit-compare.sh MARKLINT SRCDIR BINDIR - `audit --compare
# OLD/audit.json`: what is new since an earlier audit and what was fixed,
# in total and by organisation, a finding known again by its document,
# rule and fingerprint (not by its paragraph number), whatever way the
# folder is named ("tree" then "./tree"). A file that is not an earlier
# audit is an error before any work.
. "$(dirname "$0")/audit-lib.sh"
make_tree
run "$marklint" audit -o old tree
expect_rc 2 "the earlier audit (one unreadable document)"

# the same documents: nothing new, nothing fixed
run "$marklint" audit -o same --compare old/audit.json ./tree
expect_rc 2 "the same documents again"
expect_grep out \
	'^compared with old/audit.json: 0 new, 0 fixed, [1-9][0-9]* unchanged' \
	"the comparison summed up on standard output"

# since then: nf.txt justified (its finding fixed), doc-00.txt gone (its
# findings fixed), a new document with one, and a paragraph put above
# doc-01's (its finding moves, it is not new)
printf '(S//NF) The widget design, derived from ICD 403.\n' >tree/a/b/nf.txt
rm tree/d/doc-00.txt
printf '(S//NF) A new design.\n' >tree/new.txt
{ printf '(U) A new first paragraph.\n\n'; cat tree/d/doc-01.txt; } \
	>doc01.tmp &&
	mv doc01.tmp tree/d/doc-01.txt
run "$marklint" audit -o new --compare old/audit.json ./tree
expect_rc 2 "the audit with --compare"
expect_grep out '^compared with old/audit.json: ' "the summary"
$PYTHON - old/audit.json new/audit.json <<'PY' || fail "the comparison"
import json, sys
old, new = (json.load(open(p)) for p in sys.argv[1:])
c = new["compare"]
assert c["against"] == "old/audit.json", c["against"]
def counted(a):  # the second audit ran on "./tree"
    return {d["path"].removeprefix("./"): d["findings"]
            for d in a["documents"]}
o, n = counted(old), counted(new)
# a reference: the findings of each document as multisets of (rule,
# fingerprint), compared document by document
from collections import Counter
def keys(a):
    return Counter((p, f["rule"], f["fingerprint"])
                   for p, fs in a.items() for f in fs)
ko, kn = keys(o), keys(n)
want_fixed, want_new = ko - kn, kn - ko
fixed = Counter((f["path"], f["rule"]) for f in c["fixed"])
added = Counter((f["path"], f["rule"]) for f in c["new"])
assert fixed == Counter((p, r) for p, r, _ in want_fixed.elements()), fixed
assert added == Counter((p, r) for p, r, _ in want_new.elements()), added
# what that means here: nf.txt's unjustified NOFORN and doc-00's
# findings fixed, new.txt's new, doc-01's moved but neither
assert ("tree/a/b/nf.txt", "NOFORN-UNJUSTIFIED") in fixed, fixed
assert all(fixed[("tree/d/doc-00.txt", f["rule"])]
           for f in o["tree/d/doc-00.txt"]) and o["tree/d/doc-00.txt"]
assert all(added[("tree/new.txt", f["rule"])] for f in n["tree/new.txt"])
assert not any(p == "tree/d/doc-01.txt" for p, _ in fixed + added)
assert [f["paragraph"] for f in n["tree/d/doc-01.txt"]] != \
       [f["paragraph"] for f in o["tree/d/doc-01.txt"]], "doc-01 moved"
t = c["totals"]
total_new = sum(len(v) for v in n.values())
assert t["new"] == sum(added.values()) and \
       t["fixed"] == sum(fixed.values()), t
assert t["unchanged"] == total_new - t["new"], t
assert t["documents_new"] == 1 and t["documents_gone"] == 1, t
# by organisation: the sums of the lists
orgs = c["by_organisation"]
assert sum(x["new"] for x in orgs) == t["new"], orgs
assert sum(x["fixed"] for x in orgs) == t["fixed"], orgs
assert sum(x["unchanged"] for x in orgs) == t["unchanged"], orgs
# the most changed organisation first
ch = [x["new"] + x["fixed"] for x in orgs]
assert ch == sorted(ch, reverse=True), orgs
PY
expect_grep new/audit.html 'Since the earlier audit' \
	"the comparison in audit.html"

# not an earlier audit: an error naming the file, before any work
printf 'not json' >bad.json
run "$marklint" audit -o x --compare bad.json tree
expect_rc 2 "--compare with a file that is not JSON"
expect_grep err 'bad.json:1: .*\[compare-invalid\]$' "the error names the file"
[ -e x ] && fail "an audit was written with a bad --compare"
printf '{"totals": {}}' >old.json
run "$marklint" audit -o x --compare old.json tree
expect_rc 2 "--compare with a JSON that has no documents"
expect_grep err 'old.json: no "documents".*\[compare-invalid\]$' \
	"the error says what is missing"
[ -e x ] && fail "an audit was written with a bad --compare"
run "$marklint" audit -o x --compare missing.json tree
expect_rc 2 "--compare with a missing file"
expect_grep err 'missing.json' "the error names the missing file"
finish
