#!/bin/sh
# audit-run.sh MARKLINT SRCDIR BINDIR - `marklint audit` as a user sees it:
# the files it writes; totals equal to the sum of `check --format json`;
# -j1 and -j2 byte-identical; unreadable documents listed with their
# reason without stopping the audit; hidden files (never walked) and
# other files (listed as skipped, with why, as check lists them); an
# existing output refused without --force; an output that is an input
# refused.
. "$(dirname "$0")/audit-lib.sh"
make_tree

run "$marklint" audit -j1 -o one tree
expect_rc 2 "audit with an unreadable document"
expect_grep err 'tree/c/broken.docx: error: .*\[zip-corrupt\]' \
	"the unreadable document on stderr"
for f in audit.html audit.csv audit.json memo.md memo.html memo.docx; do
	[ -s one/$f ] || fail "one/$f was not written"
done
ls -a one | grep -q '^\.audit' && fail "a temporary file was left in one/"

# the same audit whatever the threads
run "$marklint" audit -j2 -o two tree
expect_rc 2 "audit -j2"
same_audit one two "-j1 vs -j2"
run "$marklint" audit -j7 -o seven tree
same_audit one seven "-j1 vs -j7"

# totals: the sum of the per-document JSON of check
run "$marklint" check -f json tree
cp out check.json
$PYTHON - one/audit.json check.json <<'PY' || fail "audit totals vs check"
import json, sys
a = json.load(open(sys.argv[1]))
c = json.load(open(sys.argv[2]))
t = a["totals"]
docs = c["documents"]
ok = [d for d in docs if d["status"] == "ok"]
marks = [m for d in ok for m in d["markings"]]
finds = [f for d in ok for f in d["findings"]]
want = {
    "documents": len(docs),
    "unreadable": len(docs) - len(ok),
    "portions": sum(d["portions"] for d in ok),
    "markings": len(marks),
    "noforn": sum(m["kind"] == "noforn" for m in marks),
    "noforn_missing": sum(m["kind"] == "noforn" and
                          m["justification"]["status"] == "missing"
                          for m in marks),
    "noforn_uncited": sum(m["kind"] == "noforn" and
                          m["justification"]["status"] != "cited"
                          for m in marks),
    "foreign": sum(m["kind"] == "foreign-restriction" for m in marks),
    "foreign_uncited": sum(m["kind"] == "foreign-restriction" and
                           m["justification"]["status"] != "cited"
                           for m in marks),
    "blanket": sum("blanket" in m for m in marks),
    "uncited": sum(m["justification"]["status"] != "cited" for m in marks),
}
for k, v in want.items():
    assert t[k] == v, (k, t[k], v)
for sev in ("error", "warning", "info"):
    assert t["findings"][sev] == c["summary"]["findings"][sev], sev
    assert t["findings"][sev] == sum(f["severity"] == sev for f in finds)
assert t["skipped"] == 1, t            # image.png; .hidden is not walked
# check and the audit list the same files as skipped, with why
assert a["skipped"] == c["summary"]["skipped"], (a["skipped"], c["summary"])
assert [(s["path"], s["code"]) for s in a["skipped"]] == \
    [("tree/c/image.png", "skip-type")], a["skipped"]
by_rule = {r["rule"]: r["findings"] for r in a["by_rule"]}
for f in finds:
    by_rule[f["rule"]] -= 1
assert all(v == 0 for v in by_rule.values()), by_rule
assert sum(o["documents"] for o in a["by_organisation"]) == len(docs)
orgs = [o["organisation"] for o in a["by_organisation"]]
assert "Hypersonics Program Office (fictional)" in orgs, orgs
folders = {f["folder"]: f for f in a["by_folder"]}
assert folders["tree/d"]["documents"] == 20, folders
assert folders["tree/c"]["unreadable"] == 1, folders
assert a["unreadable"] == [{"path": "tree/c/broken.docx",
                            "code": "zip-corrupt",
                            "message": a["unreadable"][0]["message"]}]
assert "zip" in a["unreadable"][0]["message"]
worst = a["worst_documents"]
assert worst[0]["noforn_missing"] >= worst[-1]["noforn_missing"]
assert worst[0]["path"] == "tree/a/rfp-draft.docx", worst
assert any(x["citation"] == "ICD 403" for x in a["citations"])
# the roll-up by lane of cooperation equals the findings that carry a lane
by_lane = {}
for d in ok:
    kinds = {m["id"]: m["kind"] for m in d["markings"]}
    for f in d["findings"]:
        if "lane" in f:
            g = by_lane.setdefault(f["lane"], {"findings": 0, "noforn": 0})
            g["findings"] += 1
            g["noforn"] += kinds.get(f.get("marking")) == "noforn"
got = {x["lane"]: x for x in a["by_lane"]}
assert "aukus-pillar-2" in got, a["by_lane"]   # the sample: hypersonics
for lane, g in by_lane.items():
    assert got[lane]["findings"] == g["findings"], (lane, got[lane], g)
    assert got[lane]["noforn"] == g["noforn"], (lane, got[lane], g)
assert set(got) == set(by_lane), (got, by_lane)
PY

# the CSV: a header and one row per marking, RFC 4180
$PYTHON - one/audit.csv one/audit.json <<'PY' || fail "audit.csv"
import csv, json, sys
raw = open(sys.argv[1], newline="").read()
assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
assert head[:4] == ["path", "folder", "organisation", "marking"], head
assert len(rows) - 1 == json.load(open(sys.argv[2]))["totals"]["markings"]
paths = [r[0] for r in rows[1:]]
assert paths == sorted(paths), "rows sorted by path"
r = {(x[0], x[3]): dict(zip(head, x)) for x in rows[1:]}
m = r[("tree/a/rfp-draft.docx", "M2")]
assert m["rules"] == "NOFORN-UNJUSTIFIED" and m["disposition"] == "remove"
assert m["suggestion"].startswith("(S//REL TO USA"), m
assert r[("tree/a/rfp-draft.docx", "M5")]["blanket"] == "at all levels"
PY

# the HTML escapes document text and fetches nothing
expect_no_grep one/audit.html '<script' "audit.html holds no script"
expect_grep one/memo.html '&lt;script&gt;' "memo.html escapes <script>"
expect_no_grep one/memo.html '<script' "memo.html holds no script"
for f in one/audit.html one/memo.html; do
	# links stay inside the audit: to an anchor of the page, or to a
	# file the audit wrote beside it (no scheme, no "..", no "/")
	if grep -Eiq 'src=|url\(|@import' $f ||
	   grep -Eio 'href="[^"]*"' $f |
	   grep -Eqv '^href="(#[^"]*|[A-Za-z0-9_][A-Za-z0-9_./-]*)"$' ||
	   grep -Eio 'href="[^"]*"' $f | grep -q '\.\.'; then
		fail "$f refers to something outside itself"
	fi
done
expect_grep one/audit.html '<svg' "audit.html has its charts"
if command -v xmllint >/dev/null 2>&1; then
	# libxml2's HTML parser: only the HTML5/SVG tag names it does not
	# know may be reported
	xmllint --html --noout one/audit.html 2>xerr
	# (the lines of the report, not the page's text it quotes)
	grep -E '^one/audit.html:[0-9]+: ' xerr |
		grep -v -E 'Tag (svg|g|rect|text|tspan|a|title|figure|figcaption|wbr) invalid' |
		grep -E 'error' && fail "audit.html is not well-formed"
fi

# an existing output is kept without --force, replaced with it
cp one/audit.json before.json
run "$marklint" audit -o one tree
expect_rc 2 "audit over an existing audit"
expect_grep err 'one/audit.json: error: .*\[output-exists\]' \
	"the refusal names the file"
cmp -s before.json one/audit.json || fail "audit.json changed without --force"
run "$marklint" audit --force -o one --exclude broken.docx tree
expect_rc 0 "audit --force, nothing unreadable"
$PYTHON -c 'import json,sys; t=json.load(open("one/audit.json"))["totals"]; assert (t["documents"], t["unreadable"], t["skipped"]) == (23, 0, 2), t' ||
	fail "--force replaced the audit, --exclude counted as skipped"

# an output that is an input is refused, even with --force
mkdir in
printf '(S//NF) x\n' >in/memo.md
run "$marklint" audit --force -o in in
expect_rc 2 "audit -o into its own input"
expect_grep err 'output-is-input' "output over an input"
expect_grep in/memo.md '(S//NF) x' "the input is untouched"

# --include, --exclude (a folder), --files-from, --follow-symlinks
run "$marklint" audit -o inc --include '*.docx' tree
$PYTHON -c 'import json; t=json.load(open("inc/audit.json"))["totals"]; assert (t["documents"], t["skipped"]) == (2, 23), t' ||
	fail "--include '*.docx'"
run "$marklint" audit -o exc --exclude 'tree/d' --exclude '*.png' tree
$PYTHON -c 'import json; t=json.load(open("exc/audit.json"))["totals"]; assert (t["documents"], t["skipped"]) == (4, 2), t' ||
	fail "--exclude a folder and a glob"
# what was left out, and why: the folder and the glob's file
$PYTHON - exc/audit.json <<'PY' || fail "audit.json lists what was skipped"
import json, sys
sk = json.load(open(sys.argv[1]))["skipped"]
got = [(s["path"], s["code"]) for s in sk]
assert got == [("tree/c/image.png", "skip-excluded"),
               ("tree/d", "skip-excluded")], got
PY
printf 'tree/a/b/nf.txt\n\ntree/c\n' | "$marklint" audit -o ff \
	--files-from - >/dev/null 2>&1
$PYTHON -c 'import json; t=json.load(open("ff/audit.json"))["totals"]; assert (t["documents"], t["unreadable"]) == (3, 1), t' ||
	fail "--files-from -"
mkdir linked
ln -s ../tree/a linked/a
run "$marklint" audit -o nolink linked
$PYTHON -c 'import json; t=json.load(open("nolink/audit.json"))["totals"]; assert (t["documents"], t["skipped"]) == (0, 1), t' ||
	fail "links are not followed by default"
run "$marklint" audit -o link --follow-symlinks linked
$PYTHON -c 'import json; t=json.load(open("link/audit.json"))["totals"]; assert t["documents"] == 2, t' ||
	fail "--follow-symlinks"

# progress only on a terminal: none here
run "$marklint" audit -o quiet tree/d
expect_rc 0 "audit of tree/d"
expect_no_grep err 'documents,' "no progress when stderr is not a terminal"
expect_lines out 1 "one line on stdout"
finish
