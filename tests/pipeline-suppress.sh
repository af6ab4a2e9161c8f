#!/bin/sh
# pipeline-suppress.sh MARKLINT SRCDIR - marklint-disable directives in a
# Word comment (fixtures/suppress/comments.docx, zipped into ML_FIXTURES),
# an XML processing instruction and a text line: a valid one suppresses
# its rule's finding in its portion (hidden in text, kept and marked in
# JSON and SARIF, not failing the run); one without a reason or naming an
# unknown rule is SUPPRESSION-INVALID and suppresses nothing; one that
# suppresses nothing is SUPPRESSION-UNUSED.
. "$(dirname "$0")/cli-lib.sh"

: "${ML_FIXTURES:=}"
docx=$ML_FIXTURES/suppress/comments.docx
if [ ! -f "$docx" ]; then
	echo "SKIP: $docx not built (ML_FIXTURES)" >&2
	exit 77
fi
cp "$docx" comments.docx

# --- Word comments ---
run "$marklint" -f json comments.docx
expect_rc 1 "comments.docx"
cp out comments.json
$PYTHON - comments.json <<'PY' || fail "suppressions in Word comments"
import json, sys
d = json.load(open(sys.argv[1]))["documents"][0]
got = [(f["rule"], f["location"]["part"], f["location"]["paragraph"],
        f.get("suppressed")) for f in d["findings"]]
want = [
    ("NOFORN-UNJUSTIFIED", "word/document.xml", 1,
     {"kind": "in-source",
      "justification": "accepted for this draft, tracked as review item 12"}),
    ("NOFORN-UNJUSTIFIED", "word/document.xml", 2, None),
    ("NOFORN-UNJUSTIFIED", "word/document.xml", 4, None),
    ("NOFORN-UNJUSTIFIED", "word/document.xml", 5, None),
    # comment 1's second paragraph: no reason
    ("SUPPRESSION-INVALID", "word/comments.xml", 3, None),
    ("SUPPRESSION-UNUSED", "word/comments.xml", 4, None),
    ("SUPPRESSION-INVALID", "word/comments.xml", 5, None),
]
assert got == want, got
msgs = [f["message"] for f in d["findings"]]
assert "gives no reason" in msgs[4], msgs[4]
assert "suppresses nothing" in msgs[5], msgs[5]
assert "unknown rule ID 'NOFORN-UNJUSTFIED'" in msgs[6], msgs[6]
PY
if [ -n "${ML_REPORT_SCHEMA:-}" ] && [ -f "$ML_REPORT_SCHEMA" ] &&
   $PYTHON -c 'import jsonschema' 2>/dev/null; then
	$PYTHON "$srcdir/tests/validate-json.py" "$ML_REPORT_SCHEMA" comments.json ||
		fail "JSON with suppressed findings does not validate or add up"
fi
# text: the suppressed finding is hidden and counted
run "$marklint" comments.docx
expect_no_grep out "document.xml:1: " "a suppressed finding in text"
expect_grep out "document.xml:2: error: " "the unsuppressed finding in text"
expect_grep out "comments.xml:3: warning: .*\[SUPPRESSION-INVALID\]" \
	"SUPPRESSION-INVALID in text"
expect_grep out "3 errors, 3 warnings, 0 infos (1 suppressed)$" \
	"the summary counts the suppressed finding"
# SARIF: the suppressed result carries its suppression
run "$marklint" -f sarif comments.docx
$PYTHON - out <<'PY' || fail "suppressions in SARIF"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
s = [r for r in res if r["suppressions"]]
assert len(s) == 1, s
assert s[0]["suppressions"][0] == {
    "kind": "inSource", "status": "accepted",
    "justification": "accepted for this draft, tracked as review item 12"}
assert s[0]["properties"]["paragraph"] == 1
PY

# --- XML processing instructions, text lines; a suppressed error does not
# fail the run ---
cat >sup.xml <<'XML'
<?xml version="1.0"?>
<rfp>
  <para>(S//NF) The widget design.<?marklint marklint-disable NOFORN-UNJUSTIFIED: accepted, review item 3?></para>
  <?marklint marklint-disable NOFORN-UNJUSTIFIED: accepted, review item 4?>
  <para>(S//NF) The radome design.</para>
  <?other not-marklint?>
</rfp>
XML
run "$marklint" sup.xml
expect_rc 0 "sup.xml: every error suppressed"
expect_grep out "0 errors, 0 warnings, 0 infos (2 suppressed)$" \
	"sup.xml: a PI in the portion and one before the next"
cat >sup.txt <<'TXT'
(S//NF) The widget design.
marklint: marklint-disable NOFORN-UNJUSTIFIED: accepted, review item 5

marklint: marklint-disable NOFORN-UNJUSTIFIED: accepted, review item 6

(S//NF) The radome design.
TXT
run "$marklint" -f json sup.txt
expect_rc 0 "sup.txt: every error suppressed"
$PYTHON - out <<'PY' || fail "suppressions in text lines"
import json, sys
fs = json.load(open(sys.argv[1]))["documents"][0]["findings"]
got = [(f["location"]["paragraph"], f["suppressed"]["justification"])
       for f in fs]
assert got == [(1, "accepted, review item 5"),
               (3, "accepted, review item 6")], got
PY

# --- every invalid or unused form, in XML and text ---
cat >bad.xml <<'XML'
<?xml version="1.0"?>
<rfp>
  <para>(S//NF) One.<?marklint marklint-disable NOFORN-UNJUSTIFIED?></para>
  <para>(S//NF) Two.<?marklint marklint-disable NO-SUCH-RULE: typo?></para>
  <para>(U) Three.<?marklint marklint-disable FOUO-OBSOLETE: nothing here?></para>
  <para>(U) Four.<?marklint disable everything?></para>
  <para>(U) Five.<?marklint marklint-disable SUPPRESSION-UNUSED: no?></para>
</rfp>
XML
run "$marklint" -f json bad.xml
expect_rc 1 "bad.xml"
$PYTHON - out <<'PY' || fail "invalid and unused suppressions in XML"
import json, sys
fs = json.load(open(sys.argv[1]))["documents"][0]["findings"]
got = [(f["location"]["paragraph"], f["rule"], "suppressed" in f) for f in fs]
assert got == [(1, "NOFORN-UNJUSTIFIED", False),
               (1, "SUPPRESSION-INVALID", False),
               (2, "NOFORN-UNJUSTIFIED", False),
               (2, "SUPPRESSION-INVALID", False),
               (3, "SUPPRESSION-UNUSED", False),
               (4, "SUPPRESSION-INVALID", False),
               (5, "SUPPRESSION-INVALID", False)], got
m = [f["message"] for f in fs]
assert "not understood" in m[5] and "cannot be suppressed" in m[6], m
PY
printf '(S//NF) One.\nmarklint: marklint-disable NOFORN-UNJUSTIFIED:   \n' >bad.txt
run "$marklint" bad.txt
expect_rc 1 "bad.txt: an empty reason"
expect_grep out "bad.txt:1: warning: suppression of NOFORN-UNJUSTIFIED gives no reason" \
	"an empty reason in text"
expect_grep out "bad.txt:1: error: .*\[NOFORN-UNJUSTIFIED\]" \
	"the finding stays without a reason"

# a rule switched off in the configuration: its directive is not unused
cat >cfg.xml <<'XML'
<marklint xmlns="urn:marklint:config:1">
  <rule id="FOUO-OBSOLETE" enabled="no"/>
</marklint>
XML
printf '(U) Three.\nmarklint: marklint-disable FOUO-OBSOLETE: legacy\n' >off.txt
run "$marklint" --config cfg.xml off.txt
expect_rc 0 "a directive of a rule switched off"
expect_no_grep out "SUPPRESSION-UNUSED" "a directive of a disabled rule"
finish
