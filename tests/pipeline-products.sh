#!/bin/sh
# pipeline-products.sh MARKLINT SRCDIR - review, audit and annotate go
# through the one pipeline of check (ml_lint_path): a finding the author
# suppressed in the document, or that a --baseline holds, is set aside
# exactly as check sets it aside. The audit's totals (findings per
# severity, suppressed, baselined) equal check's summary, in one run and
# from JSON Lines shards; the memo lists a suppressed finding as
# suppressed, with its reason, and does not count it; the annotated copy
# gets no comment for it.
. "$(dirname "$0")/cli-lib.sh"

: "${ML_FIXTURES:=}"
docx=$ML_FIXTURES/suppress/comments.docx
if [ ! -f "$docx" ]; then
	echo "SKIP: $docx not built (ML_FIXTURES)" >&2
	exit 77
fi
cp "$docx" comments.docx
printf '(S//NF) The widget design.\n\n(U//FOUO) The test schedule.\n' >rfp.txt
printf '(C//NF) The gadget design.\n' >other.txt

# audit totals == check summary
same_totals() { # CHECK_JSON AUDIT_JSON WHAT
	$PYTHON - "$1" "$2" <<'PY' || fail "$3: audit totals differ from check"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
t = json.load(open(sys.argv[2]))["totals"]
got = (t["findings"], t["suppressed"], t["baselined"], t["markings"])
want = (s["findings"], s["suppressed"], s["baselined"], s["markings"])
assert got == want, (got, want)
PY
}

# --- suppressed in the document ---
run "$marklint" -f json comments.docx
cp out check.json
$PYTHON -c 'import json,sys; s=json.load(open("check.json"))["summary"]; assert s["suppressed"] == 1, s' ||
	fail "the fixture has one suppressed finding"
run "$marklint" audit -o a1 comments.docx
expect_rc 0 "audit of a document with a suppression"
same_totals check.json a1/audit.json "a suppression"

# the memo: accepted, with its reason, not among the removals
run "$marklint" review comments.docx
expect_rc 0 "review of a document with a suppression"
expect_grep out "^\*\*5\. (S//NF) Accepted earlier\.\*\*" \
	"review: the paragraph of accepted findings"
expect_grep out "Accepted (NOFORN-UNJUSTIFIED) in the document: .accepted for this draft, tracked as review item 12" \
	"review: the suppressed finding with its reason"
expect_grep out "Recommended: replace or remove 3 (paragraph 3)" \
	"review: the suppressed finding is not counted"
# the audit's memo says the same
expect_grep a1/memo.md "Accepted (NOFORN-UNJUSTIFIED) in the document: .accepted for this draft" \
	"the audit memo: the suppressed finding with its reason"
# --no-excerpts quotes no text of the document, the reason included
run "$marklint" review --no-excerpts comments.docx
expect_grep out "Accepted (NOFORN-UNJUSTIFIED) in the document, with a reason (not quoted)\.$" \
	"review --no-excerpts: no reason quoted"

# --- baselined ---
run "$marklint" --write-baseline base.xml rfp.txt other.txt
printf '(S//NF) The new annex.\n\n(U//FOUO) The test schedule.\n\n(S//NF) The widget design.\n' >rfp.txt
run "$marklint" -f json --baseline base.xml rfp.txt other.txt comments.docx
cp out check.json
$PYTHON -c 'import json; s=json.load(open("check.json"))["summary"]; assert (s["baselined"], s["suppressed"]) == (3, 1), s' ||
	fail "check: 3 baselined, 1 suppressed"
run "$marklint" audit --baseline base.xml -o a2 rfp.txt other.txt comments.docx
expect_rc 0 "audit --baseline"
same_totals check.json a2/audit.json "a baseline"
# from shards of check made with the baseline
run "$marklint" -f jsonl --baseline base.xml rfp.txt other.txt
cp out s1.jsonl
run "$marklint" -f jsonl comments.docx
cp out s2.jsonl
run "$marklint" audit --from-jsonl -o a3 s1.jsonl s2.jsonl
expect_rc 0 "audit --from-jsonl"
same_totals check.json a3/audit.json "shards"
run "$marklint" review --baseline base.xml rfp.txt
expect_grep out "Recommended: replace or remove 1 (paragraph 3) and 2 accepted earlier (paragraph 4)" \
	"review --baseline: two accepted"
expect_grep out "Accepted (FOUO-OBSOLETE) in the baseline\.$" \
	"review --baseline: a baselined finding"

# --- annotate: no comment for what is set aside ---
run "$marklint" annotate comments.docx -o c.docx
expect_rc 0 "annotate"
n_all=$($PYTHON -c 'import json; s=json.load(open("check.json"))["documents"]; print(sum(1 for f in s[2]["findings"] if "suppressed" not in f))')
expect_grep out "comments.docx: $n_all comments " \
	"annotate: one comment per counted finding"
finish
