#!/bin/sh
# audit-memo.sh MARKLINT SRCDIR BINDIR - the audit's memorandum is an
# executive memo (totals, where to act first, the rules that fire most,
# the recommended actions; short whatever the number of documents), with
# the documents that need action and their markings in attachments; it
# words and marks each document's quotes as `marklint review` of that
# document does (the same portion mark on the same quote, the FOUO
# excerpt included, the same banner after the changes), from the
# documents and from shards alike.
. "$(dirname "$0")/audit-lib.sh"
make_tree

run "$marklint" audit -o au tree
expect_rc 2 "audit of the tree (one unreadable document)"
memo=au/memo.md
[ "$(head -n 1 $memo)" = "**SECRET//NOFORN**" ] || fail "top banner: $(head -n 1 $memo)"
[ "$(tail -n 1 $memo)" = "**SECRET//NOFORN**" ] || fail "bottom banner"
for p in '^\*\*1\. (U) Purpose\.\*\*' '^\*\*2\. (U) Totals\.\*\*' \
	'^\*\*3\. (U) Act first\.\*\*' '^\*\*4\. (U) Rules that fire most\.\*\*' \
	'^\*\*5\. (U) Recommended actions\.\*\*' \
	'^\*\*Attachment 1 (U) Documents Needing Action\*\*$' \
	'^\*\*Attachment 2 (S//NF) Markings by Document\*\*$'; do
	expect_grep $memo "$p" "the executive memo: $p"
done
expect_grep $memo '^SUBJECT: (U) Audit of NOFORN Markings and Foreign-Participation Restrictions in 24 Documents$' "subject"
expect_grep $memo '^b\. (U) Documents with the most NOFORN markings that cite no authority: tree/a/rfp-draft.docx (2 of 7); tree/a/b/nf.txt (1 of 1); ' \
	"the documents to act on first"
expect_grep $memo '^[a-e]\. (U) NOFORN-UNJUSTIFIED (error, remove): [0-9]* findings\. A NOFORN marking cites no authority' \
	"a rule that fires most, with what it means"
expect_grep $memo 'could not be read: tree/c/broken.docx (' "the unreadable document"
# short: the body does not grow with the documents
body=$(sed -n '1,/^\*\*Attachment 1 /p' $memo | wc -w)
[ "$body" -le 700 ] || fail "the executive memo's body is $body words (at most 700)"
grep -q '^(U) tree/d/doc-19.txt' $memo && grep -q '^(U) tree/a/rfp-draft.docx' $memo ||
	fail "the per-document detail is not in Attachment 2"

# quote by quote, the marks of review
for doc in tree/a/rfp-draft.docx tree/a/b/nf.txt tree/d/doc-01.txt tree/d/doc-02.txt; do
	"$marklint" review "$doc" >review.md 2>/dev/null
	"$PYTHON" - "$memo" review.md "$doc" <<'PY' || fail "$doc: the audit marks its quotes otherwise than review"
import re, sys
memo, review, doc = sys.argv[1:4]
item = re.compile(r'^[a-z]+\. (\([^)]*\)) .*?\u201c(.*?)\u201d')
def pairs(lines):
    out = {}
    for l in lines:
        m = item.match(l)
        if m:
            out.setdefault(m.group(2), set()).add(m.group(1))
    return out
text = open(memo, encoding="utf-8").read()
detail = text.split("**Attachment 2 ", 1)[1]
mine = []
on = False
for l in detail.splitlines():
    if l.startswith("(U) "):
        on = l.startswith("(U) " + doc + ":") or l.startswith("(U) " + doc + " (")
        continue
    if on:
        mine.append(l)
a = pairs(mine)
r = pairs(open(review, encoding="utf-8").read().split("\n---\n")[0].splitlines())
assert a, "no quote of %s in the audit memo" % doc
for q, marks in a.items():
    assert q in r, "%s: %r quoted by the audit, not by review" % (doc, q)
    assert marks == r[q], "%s: %r marked %s by the audit, %s by review" % (doc, q, marks, r[q])
# the banner after the changes
note = [l for l in detail.splitlines() if l.startswith("(U) " + doc)][0]
after = re.search(r"the banner (.*?) after these changes", note).group(1)
summ = re.search(r"After these changes the banner (.*?)\.(?:\s|$)", open(review, encoding="utf-8").read()).group(1)
assert after == summ, (after, summ)
PY
done
expect_grep $memo '“(U//FOUO) L.2 Cost volumes shall follow the CLIN structure of Section B.” Correct (U//FOUO) to (CUI)\.' \
	"the FOUO excerpt, corrected, not referred"
expect_no_grep $memo 'none: no portion carries a mark' "every banner after the changes is known"

# the Word memo: its page header and footer carry the banner
unzip -p au/memo.docx word/header1.xml | grep -q '>SECRET//NOFORN<' ||
	fail "memo.docx: no banner in the page header"

# from shards: the same memo (but for the files the walk skipped, which
# shards do not know)
"$marklint" -f jsonl --exit-zero tree >shards.jsonl 2>/dev/null
run "$marklint" audit --from-jsonl -o fromshards shards.jsonl
sed '/^\*\*2\. (U) Totals/d' au/memo.md >a.md
sed '/^\*\*2\. (U) Totals/d' fromshards/memo.md >b.md
cmp -s a.md b.md || {
	fail "the memo from shards differs"
	diff a.md b.md | head -5 >&2
}
exit $failed
