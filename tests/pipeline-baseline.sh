#!/bin/sh
# pipeline-baseline.sh MARKLINT SRCDIR - baselines: --write-baseline
# records the findings; re-run with --baseline is clean (exit 0) and the
# summary says how many were baselined; a new finding alone is reported
# and fails, also when the old paragraphs moved; --prune-baseline drops
# what no longer occurs and keeps other documents' entries; a bad
# baseline file is one error line and exit 2.
. "$(dirname "$0")/cli-lib.sh"

printf '(S//NF) The widget design.\n\n(U//FOUO) The test schedule.\n' >rfp.txt
printf '(C//NF) The gadget design.\n' >other.txt

run "$marklint" --write-baseline base.xml rfp.txt other.txt
expect_rc 1 "--write-baseline (findings still fail)"
[ -s base.xml ] || fail "--write-baseline wrote nothing"
$PYTHON - base.xml <<'PY' || fail "baseline file content"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{urn:marklint:baseline:1}"
assert root.tag == ns + "baseline" and root.get("version") == "1", root
got = sorted((f.get("path"), f.get("rule"), f.get("count"))
             for f in root.findall(ns + "finding"))
assert got == [("other.txt", "NOFORN-UNJUSTIFIED", "1"),
               ("rfp.txt", "FOUO-OBSOLETE", "1"),
               ("rfp.txt", "NOFORN-UNJUSTIFIED", "1")], got
assert all(len(f.get("fingerprint")) == 16 for f in root)
PY

# the same documents against the baseline: clean
run "$marklint" --baseline base.xml --fail-on warning rfp.txt other.txt
expect_rc 0 "--baseline, nothing new"
expect_lines out 1 "--baseline, nothing new: only the summary"
expect_grep out "0 errors, 0 warnings, 0 infos (3 baselined)$" \
	"the summary counts the baselined findings"

# a new finding, and the old paragraphs moved: only it is reported
printf '(S//NF) The new annex.\n\n(U//FOUO) The test schedule.\n\n(S//NF) The widget design.\n' >rfp.txt
run "$marklint" --baseline base.xml rfp.txt other.txt
expect_rc 1 "--baseline with a new finding"
expect_grep out "^rfp.txt:1: error: .*\[NOFORN-UNJUSTIFIED\]" \
	"the new finding is reported"
n=$(grep -c '^rfp.txt:[0-9]*: \|^other.txt:[0-9]*: ' out)
[ "$n" = 1 ] || fail "--baseline: $n findings reported, expected 1"
expect_grep out "1 error, 0 warnings, 0 infos (3 baselined)$" \
	"summary with a new finding"
# JSON and SARIF keep the baselined ones, marked
run "$marklint" -f json --baseline base.xml rfp.txt
$PYTHON - out <<'PY' || fail "baselined findings in JSON"
import json, sys
r = json.load(open(sys.argv[1]))
fs = r["documents"][0]["findings"]
kinds = [f.get("suppressed", {}).get("kind") for f in fs]
assert kinds == [None, "baseline", "baseline"], kinds
assert r["summary"]["baselined"] == 2 and r["summary"]["findings"]["error"] == 1
PY
run "$marklint" -f sarif --baseline base.xml rfp.txt
$PYTHON - out <<'PY' || fail "baselined findings in SARIF"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
assert [r["baselineState"] for r in res] == ["new", "unchanged", "unchanged"]
assert res[1]["suppressions"][0]["kind"] == "external", res[1]
assert res[0]["suppressions"] == []
PY
# entries count: a second, identical paragraph is a new finding
printf '(S//NF) The widget design.\n' >twice.txt
run "$marklint" --write-baseline b1.xml twice.txt
expect_grep b1.xml 'count="1"' "one finding: count 1"
printf '(S//NF) The widget design.\n\n(S//NF) The widget design.\n' >twice.txt
run "$marklint" --baseline b1.xml twice.txt
expect_rc 1 "a copy of a baselined paragraph"
expect_grep out "1 error, 0 warnings, 0 infos (1 baselined)$" \
	"a copy of a baselined paragraph is new"
run "$marklint" --write-baseline b2.xml twice.txt
expect_grep b2.xml 'count="2"' "two equal findings: count 2"

# --prune-baseline: the fixed FOUO line goes; other.txt (not checked)
# stays; the file is rewritten in place
printf '(S//NF) The widget design.\n' >rfp.txt
cp base.xml pruned.xml
run "$marklint" --baseline pruned.xml --prune-baseline rfp.txt
expect_rc 0 "--prune-baseline"
expect_no_grep pruned.xml 'FOUO-OBSOLETE' "--prune-baseline drops the fixed"
expect_grep pruned.xml 'path="rfp.txt" rule="NOFORN-UNJUSTIFIED"' \
	"--prune-baseline keeps what still occurs"
expect_grep pruned.xml 'path="other.txt"' \
	"--prune-baseline keeps documents not checked"
run "$marklint" --prune-baseline rfp.txt
expect_rc 2 "--prune-baseline without --baseline"

# bad baselines: one line naming the file, exit 2, nothing checked
printf '(S//NF) x\n' >doc.txt
printf 'not xml' >bad1.xml
printf '<baseline xmlns="urn:marklint:baseline:1" version="9"/>' >bad2.xml
printf '<other/>' >bad3.xml
printf '<baseline xmlns="urn:marklint:baseline:1" version="1">\n<finding path="a" rule="X" fingerprint="xyz" count="1"/></baseline>' >bad4.xml
printf '<baseline xmlns="urn:marklint:baseline:1" version="1">\n<finding path="a" rule="X" fingerprint="0123456789abcdef" count="0"/></baseline>' >bad5.xml
for b in bad1.xml bad2.xml bad3.xml bad4.xml bad5.xml missing.xml; do
	run "$marklint" --baseline $b doc.txt
	expect_rc 2 "--baseline $b"
	expect_lines err 1 "--baseline $b: one line"
	expect_grep err "^marklint: $b" "--baseline $b names the file"
	[ -s out ] && fail "--baseline $b: checked documents anyway"
done
expect_grep err "cannot read" "a missing baseline"
run "$marklint" --baseline bad2.xml doc.txt
expect_grep err "unsupported baseline version '9'" "a future version"
run "$marklint" --baseline bad4.xml doc.txt
expect_grep err "bad4.xml:2: .*fingerprint" "a bad fingerprint: FILE:LINE"
# --write-baseline onto an input: refused
run "$marklint" --write-baseline doc.txt doc.txt
expect_rc 2 "--write-baseline INPUT"
expect_grep doc.txt '(S//NF) x' "--write-baseline INPUT left the input"
finish
