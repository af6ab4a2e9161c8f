#!/bin/sh
# pipeline-outputs.sh MARKLINT SRCDIR - --format junit and --output
# FORMAT=FILE: JUnit XML parsed back (a suite per document, a case per
# rule, failures per --fail-on, an unreadable document as an error);
# several outputs in one run, each complete and left without temporary
# files; an output that is an input, or given twice, or of an unknown
# format, is refused before anything is read or written.
. "$(dirname "$0")/cli-lib.sh"

make_documents
printf '(S//NF) The widget design.\n\n(U//FOUO) The test schedule.\n' >two.txt

# JUnit on standard output, parsed with python's xml.etree
run "$marklint" --format junit two.txt clean.txt broken.docx
expect_rc 2 "--format junit with an unreadable document"
cp out junit.xml
$PYTHON - junit.xml error <<'PY' || fail "--format junit content"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
assert [s.get("name") for s in suites] == ["two.txt", "clean.txt",
                                          "broken.docx"], suites
two, clean, broken = suites
cases = {c.get("name"): c for c in two.findall("testcase")}
assert int(two.get("tests")) == len(cases) >= 14, two.attrib
assert all(c.get("classname") == "two.txt" for c in cases.values())
failed = sorted(n for n, c in cases.items() if c.find("failure") is not None)
assert failed == ["NOFORN-UNJUSTIFIED"], failed
assert two.get("failures") == "1", two.attrib
f = cases["NOFORN-UNJUSTIFIED"].find("failure")
assert f.get("type") == "NOFORN-UNJUSTIFIED"
# the rule, the location and the marking; no document text by default
assert "two.txt:1: error:" in f.text, f.text
assert "(S//NF) cites no authority" in f.text, f.text
assert "The widget design" not in f.text, f.text
# the warning is listed but does not fail at --fail-on error
out = cases["FOUO-OBSOLETE"].find("system-out").text
assert "below --fail-on error" in out, out
assert clean.get("failures") == "0" and not clean.findall("testcase/failure")
assert broken.get("errors") == "1"
e = broken.find("testcase/error")
assert broken.find("testcase").get("name") == "read"
assert e.get("type") == "zip-corrupt", e.attrib
PY

# --excerpts: the portion under each finding, as in the text format
run "$marklint" --format junit --excerpts two.txt
expect_rc 1 "--format junit --excerpts"
expect_grep out "^    (S//NF) The widget design.$" "--excerpts quotes in JUnit"

# --fail-on warning: the FOUO case fails too
run "$marklint" --format junit --fail-on warning two.txt
expect_rc 1 "--format junit --fail-on warning"
$PYTHON - out <<'PY' || fail "--format junit --fail-on warning"
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
failed = sorted(c.get("name") for c in s.findall("testcase")
                if c.find("failure") is not None)
assert failed == ["FOUO-OBSOLETE", "NOFORN-UNJUSTIFIED"], failed
assert s.get("failures") == "2"
PY

# several outputs in one run; stdout keeps --format
run "$marklint" -f json --output sarif=a.sarif --output junit=b.xml \
	--output jsonl=c.jsonl --output text=d.txt two.txt nf.xml
expect_rc 1 "several --output"
$PYTHON -c 'import json,sys; json.load(open(sys.argv[1]))' out ||
	fail "stdout is not the JSON of -f json"
$PYTHON - a.sarif b.xml c.jsonl <<'PY' || fail "several outputs: content"
import json, sys, xml.etree.ElementTree as ET
sarif = json.load(open(sys.argv[1]))
assert len(sarif["runs"][0]["results"]) == 3, sarif["runs"][0]["results"]
suites = ET.parse(sys.argv[2]).getroot().findall("testsuite")
assert [s.get("name") for s in suites] == ["two.txt", "nf.xml"]
lines = open(sys.argv[3]).read().splitlines()
assert len(lines) == 3 and "summary" in json.loads(lines[-1])
PY
expect_grep d.txt "^two.txt:1: error: " "--output text=FILE"
expect_grep d.txt "^2 documents, " "--output text=FILE has the summary"
grep -q "$(printf '\033')" d.txt && fail "--output text=FILE has colours"
ls -a | grep -q 'marklint-' && fail "temporary files left behind"

# refused: an output that is an input (also under another name), twice,
# an unknown format; nothing is written, not even to stdout
cp two.txt before.txt
run "$marklint" --output json=two.txt two.txt
expect_rc 2 "--output json=INPUT"
expect_grep err "two.txt: is one of the inputs" "--output json=INPUT: message"
cmp -s two.txt before.txt || fail "--output json=INPUT changed the input"
[ -s out ] && fail "--output json=INPUT wrote to stdout"
ln -s two.txt alias.txt
run "$marklint" --output sarif=alias.txt two.txt
expect_rc 2 "--output to a link to an input"
cmp -s two.txt before.txt || fail "--output through a link changed the input"
run "$marklint" --output sarif=x.sarif --output junit=x.sarif two.txt
expect_rc 2 "the same --output twice"
expect_grep err "given as an output twice" "the same --output twice: message"
[ -e x.sarif ] && fail "a refused run created its output"
run "$marklint" --output pdf=x.pdf two.txt
expect_rc 2 "--output with an unknown format"
expect_lines err 1 "--output pdf=: one line"
expect_grep err "FORMAT=FILE" "--output pdf=: says the form"
run "$marklint" --output noformat two.txt
expect_rc 2 "--output without FORMAT="
run "$marklint" --format pdf two.txt
expect_rc 2 "--format pdf"
expect_grep err "sarif or junit" "--format lists sarif and junit"

# a directory that cannot be written: exit 2, one message
mkdir ro && chmod 555 ro
if ! touch ro/probe 2>/dev/null; then
	run "$marklint" --output sarif=ro/a.sarif two.txt
	expect_rc 2 "--output into a read-only directory"
	expect_grep err "ro/a.sarif: error: cannot write" "read-only: message"
fi
chmod 755 ro
finish
