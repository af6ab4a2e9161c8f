#!/bin/sh
# cli-skipped.sh MARKLINT SRCDIR - a folder walk says what it left out and
# why, in every format: legacy .doc files named with the fix ("save it as
# .docx"), other types, links; a line per reason after the text summary
# (three files named, then how many more), summary.skipped in JSON and
# JSON Lines, notes in SARIF, skipped cases in JUnit, stderr for review.
# Hidden files stay silent; a file named on the command line is read
# whatever its name; skipped files never change the exit status.
. "$(dirname "$0")/cli-lib.sh"

mkdir -p d/sub d/.git
printf '(S//NF) The widget design.\n' >d/a.txt
# an OLE container's signature, as Word 97-2003 writes
printf '\320\317\021\340\241\261\032\341' >d/old.doc
printf 'x' >d/sub/SPEC.DOC
printf 'x' >d/sub/notes.rtf
for i in 1 2 3 4 5; do printf 'png' >d/img$i.png; done
ln -s a.txt d/link.txt
printf 'x' >d/.git/config

run "$marklint" check d
expect_rc 1 "check d (a finding)"
expect_grep out '^skipped: d/old.doc, d/sub/SPEC.DOC: a legacy Word document (.doc): save it as .docx, then check it$' \
	"the .doc files, named with the fix"
expect_grep out '^skipped: d/img1.png, d/img2.png, d/img3.png and 2 more: not a document type marklint reads$' \
	"other types: three named, then how many"
expect_grep out '^skipped: d/link.txt: a symbolic link (--follow-symlinks follows them)$' \
	"a link"
expect_grep out '^skipped: d/sub/notes.rtf: an RTF document: save it as .docx' \
	"an RTF"
expect_no_grep out '\.git' "hidden files are silent"
expect_lines out 8 "a finding (3 lines), the summary, a line per reason (4)"

run "$marklint" check -f json d
$PYTHON - out <<'PY' || fail "-f json: summary.skipped"
import json, sys
sk = json.load(open(sys.argv[1]))["summary"]["skipped"]
got = [(s["path"], s["code"]) for s in sk]
assert ("d/old.doc", "cfb-legacy") in got, got
assert ("d/link.txt", "skip-link") in got, got
assert ("d/img5.png", "skip-type") in got, got
assert len(got) == 9, got
assert all(s["reason"] for s in sk)
PY
if [ -n "$ML_REPORT_SCHEMA" ] && [ -f "$ML_REPORT_SCHEMA" ] &&
   $PYTHON -c 'import jsonschema' 2>/dev/null; then
	$PYTHON "$srcdir/tests/validate-json.py" "$ML_REPORT_SCHEMA" out ||
		fail "-f json with skipped files does not validate"
fi
run "$marklint" check -f jsonl d
tail -1 out | grep -q '"skipped":\[{"path":"d/img1.png","code":"skip-type"' ||
	fail "-f jsonl: the summary line lists the skipped files"
run "$marklint" check -f sarif d
$PYTHON - out <<'PY' || fail "-f sarif: notes"
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
n = inv["toolExecutionNotifications"]
doc = [x for x in n if x["descriptor"]["id"] == "cfb-legacy"]
assert len(doc) == 2 and doc[0]["level"] == "note", n
assert "save it as .docx" in doc[0]["message"]["text"]
assert inv["executionSuccessful"] is True
PY
run "$marklint" check -f junit d
$PYTHON - out <<'PY' || fail "-f junit: skipped cases"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
sk = [s for s in root.findall("testsuite") if s.get("skipped") == "1"]
names = [s.get("name") for s in sk]
assert "d/old.doc" in names and len(sk) == 9, names
e = sk[names.index("d/old.doc")].find("testcase/skipped")
assert e.get("type") == "cfb-legacy" and "save it as .docx" in e.get("message")
PY

# nothing to say: no line
mkdir clean
printf '(U) Nothing.\n' >clean/a.txt
run "$marklint" check clean
expect_rc 0 "check clean"
expect_no_grep out '^skipped' "no skipped line when nothing was skipped"
# a file named on the command line is not walked: read by content
run "$marklint" check d/old.doc
expect_rc 2 "a .doc named on the command line"
expect_grep err 'old.doc: error: .*save it as .docx.*\[cfb-legacy\]' \
	"a .doc named: the reader's error"
# review (its output is the memo): on stderr
run "$marklint" review d
expect_rc 0 "review d"
expect_grep err '^skipped: d/old.doc, d/sub/SPEC.DOC: a legacy Word document' \
	"review: skipped files on stderr"
finish
