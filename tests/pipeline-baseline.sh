#!/bin/sh
# pipeline-baseline.sh MARKLINT SRCDIR - baselines: --write-baseline
# records the findings (exit 0), with no document text unless --excerpts;
# paths are keyed relative to the baseline's folder, normalised, so that
# ./drafts, drafts/ and absolute paths match; a baseline that matches
# nothing is a warning; re-run with --baseline is clean (exit 0) and the
# summary says how many were baselined; a new finding alone is reported
# and fails, also when the old paragraphs moved; --prune-baseline drops
# what no longer occurs and keeps other documents' entries; a bad
# baseline file is one error line and exit 2.
. "$(dirname "$0")/cli-lib.sh"

printf '(S//NF) The widget design.\n\n(U//FOUO) The test schedule.\n' >rfp.txt
printf '(C//NF) The gadget design.\n' >other.txt

run "$marklint" --write-baseline base.xml rfp.txt other.txt
expect_rc 0 "--write-baseline (writing a baseline succeeds)"
[ -s base.xml ] || fail "--write-baseline wrote nothing"
# no document text in the baseline: where, the marking, no paragraph
expect_no_grep base.xml "widget design" "--write-baseline quotes no text"
expect_no_grep base.xml "test schedule" "--write-baseline quotes no text"
expect_grep base.xml 'location="rfp.txt:1" marking="(S//NF)"' \
	"--write-baseline: location and marking"
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
# --excerpts: the baseline quotes each portion (for a reviewer's diff)
run "$marklint" --write-baseline quoted.xml --excerpts rfp.txt
expect_rc 0 "--write-baseline --excerpts"
expect_grep quoted.xml '>(S//NF) The widget design.</finding>' \
	"--write-baseline --excerpts quotes the portion"
# --prune-baseline without --excerpts drops the quotes it read
run "$marklint" --baseline quoted.xml --prune-baseline rfp.txt
expect_rc 0 "--prune-baseline of a quoted baseline"
expect_no_grep quoted.xml "widget design" "--prune-baseline quotes nothing"
expect_grep quoted.xml 'marking="(S//NF)"' "--prune-baseline keeps notes"

# the README's recipe: writing a baseline is a success, whatever it holds
mkdir -p repo/drafts
printf '(S//NF) The widget design.\n' >repo/drafts/rfp.txt
(cd repo && "$marklint" --write-baseline b.xml drafts/ >/dev/null &&
	echo ok >written) 2>/dev/null
[ -f repo/written ] || fail "--write-baseline b.xml drafts/ && ...: failed"

# paths are keys relative to the baseline's folder, normalised: drafts/,
# ./drafts, an absolute path, and a run from another folder all match
for form in ./drafts drafts// "$tmp/repo/drafts" "$tmp/repo/drafts/../drafts/rfp.txt"; do
	(cd repo && run "$marklint" --baseline b.xml "$form"
	 expect_rc 0 "--baseline b.xml $form"
	 expect_grep "$tmp/out" "(1 baselined)$" "--baseline b.xml $form"
	 [ -s "$tmp/err" ] && fail "--baseline b.xml $form: a warning"
	 exit $failed) || failed=1
done
(cd repo/drafts && run "$marklint" --baseline ../b.xml rfp.txt
 expect_rc 0 "--baseline ../b.xml from the drafts folder"
 exit $failed) || failed=1
# a baseline in a subfolder keys paths from there
mkdir repo/ci
(cd repo && "$marklint" --write-baseline ci/b.xml ./drafts >/dev/null)
expect_grep repo/ci/b.xml 'path="../drafts/rfp.txt"' \
	"a baseline in ci/ names ../drafts/rfp.txt"
(cd repo && run "$marklint" --baseline ci/b.xml drafts
 expect_rc 0 "--baseline ci/b.xml drafts"
 exit $failed) || failed=1

# a baseline that matches nothing says so (once, on stderr)
sed 's|path="drafts/rfp.txt"|path="elsewhere/rfp.txt"|' repo/b.xml >moved.xml
run "$marklint" --baseline moved.xml repo/drafts
expect_rc 1 "--baseline of other paths"
expect_grep err "^marklint: warning: moved.xml: the document checked is not in the baseline, whose entries are for other paths (such as 'elsewhere/rfp.txt'" \
	"a baseline of other paths: warned"
expect_lines err 1 "a baseline of other paths: one warning"
printf '(C//NF) Something else.\n' >repo/drafts/rfp.txt
run "$marklint" --baseline repo/b.xml repo/drafts
expect_rc 1 "--baseline that matches no finding"
expect_grep err "^marklint: warning: repo/b.xml: the baseline matched none of this run's findings" \
	"a baseline that matches no finding: warned"
run "$marklint" review --baseline moved.xml repo/drafts
expect_grep err "^marklint: warning: moved.xml: " "review warns too"

# --write-baseline onto an input: refused
run "$marklint" --write-baseline doc.txt doc.txt
expect_rc 2 "--write-baseline INPUT"
expect_grep doc.txt '(S//NF) x' "--write-baseline INPUT left the input"
finish
