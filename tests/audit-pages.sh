#!/bin/sh
# audit-pages.sh MARKLINT SRCDIR BINDIR - what an auditor opens after the
# charts: a page per document (docs/ID.html) with its markings and
# findings, listed in docs/index.html and linked from audit.html's chart
# and table of the worst documents; a worklist per organisation
# (worklists/NAME.csv) holding exactly the markings it has to act on,
# linked from the organisations' table. Both folders are replaced whole
# with --force (no stale page stays) and refused without it.
. "$(dirname "$0")/audit-lib.sh"
make_tree
run "$marklint" audit -o aud tree
expect_rc 2 "audit (one unreadable document)"
expect_grep out 'docs/, worklists/$' "the folders are named"
$PYTHON - aud <<'PY' || fail "pages and worklists"
import csv, json, os, re, sys
d = sys.argv[1]
a = json.load(open(os.path.join(d, "audit.json")))
rows = list(csv.DictReader(open(os.path.join(d, "audit.csv"), newline="")))
def read(*p):  # a page, without its line-break opportunities
    return re.sub(r'<wbr>(</wbr>)?', '', open(os.path.join(d, *p)).read())
index = read("docs/index.html")
links = {p: h for h, p in
         re.findall(r'<a href="([0-9a-f]{16}\.html)">([^<]*)</a>', index)}
marked = {r["path"] for r in rows}
bad = {b["path"] for b in a["unreadable"]}
# a page for each document with markings or findings, or unreadable; none
# for a document with nothing (tree/c/clean.txt)
assert marked | bad <= set(links), (marked | bad) - set(links)
assert "tree/c/clean.txt" not in links
names = set(os.listdir(os.path.join(d, "docs")))
assert names == set(links.values()) | {"index.html"}, names ^ set(links.values())
# a page holds its document's markings, as audit.csv has them
page = read("docs", links["tree/a/rfp-draft.docx"])
for r in rows:
    if r["path"] == "tree/a/rfp-draft.docx":
        assert '<tr id="%s">' % r["marking"] in page, r["marking"]
assert "NOFORN-UNJUSTIFIED" in page and 'href="../audit.html"' in page
page = read("docs", links["tree/c/broken.docx"])
assert "Could not be read" in page and "zip-corrupt" in page
# nothing of a document runs in its page
page = read("docs", links["tree/a/b/nf.txt"])
assert "<script" not in page and "NOFORN-UNJUSTIFIED" in page
# audit.html leads to them
html = read("audit.html")
for top in a["worst_documents"]:
    assert 'href="docs/%s"' % links[top["path"]] in html, top["path"]
# worklists: per organisation, exactly the markings to act on
want = {}
for r in rows:
    if r["disposition"] and r["disposition"] != "retain":
        want.setdefault(r["organisation"] or "(not stated)", []).append(
            (r["path"], r["text"], r["disposition"]))
got = {}
for f in os.listdir(os.path.join(d, "worklists")):
    w = list(csv.DictReader(open(os.path.join(d, "worklists", f), newline="")))
    assert w and list(w[0].keys())[-2:] == ["decision", "done"], f
    orgs = {x["document"] for x in w}
    for x in w:
        assert x["page"] == "docs/" + links[x["document"]], x
        assert x["disposition"] not in ("", "retain"), x
    assert 'href="worklists/%s"' % f in html, f
    got[f] = [(x["document"], x["marking"], x["disposition"]) for x in w]
assert sorted(sum(got.values(), [])) == sorted(sum(want.values(), [])), (got, want)
assert len(got) == len(want), (sorted(got), sorted(want))
PY

# an existing audit: refused without --force, its folders too
run "$marklint" audit -o aud tree/d
expect_rc 2 "audit over an existing one"
expect_grep err 'aud/docs: error: .*\[output-exists\]' "docs/ is refused"
# --force: the folders are replaced whole, no stale page stays
run "$marklint" audit --force -o aud tree/d
expect_rc 0 "audit --force"
n=$(ls aud/docs | grep -c '\.html$')
[ "$n" = 21 ] || fail "--force: $n pages, expected 20 and the index"
ls -a aud | grep -q '^\.docs' && fail "a temporary folder was left"
# a folder that holds an input is never replaced
mkdir -p in/aud/docs
printf '(S//NF) x\n' >in/aud/docs/input.txt
run "$marklint" audit --force -o in/aud in/aud/docs
expect_rc 2 "audit -o over its own input's folder"
expect_grep err 'output-is-input' "an input in docs/ is refused"
expect_grep in/aud/docs/input.txt '(S//NF) x' "the input is untouched"
finish
