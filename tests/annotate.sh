# annotate.sh - `marklint annotate`: the annotated copy of a DOCX.
# Run by ctest (tests/annotate.cmake) as: sh annotate.sh MARKLINT SRCDIR
# BUILDDIR. Uses tests/cli-lib.sh ($tmp, run, fail...).
builddir=$3
. "$2/tests/cli-lib.sh"

sample=$builddir/fixtures/sample/rfp-draft.docx
docm=$builddir/fixtures/annotate/macro-noforn.docm

# zipdiff IN OUT: entries of IN and OUT, inflated, compared; prints the
# names that differ (an entry only in OUT counts).
zipdiff() {
	"$PYTHON" - "$1" "$2" <<'PY'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
na, nb = a.namelist(), b.namelist()
for n in nb:
    if n not in na or a.read(n) != b.read(n):
        print(n)
for n in na:
    if n not in nb:
        print("missing:" + n)
PY
}

# findings FILE: "RULE part:paragraph" per finding of `check -f json`.
findings() {
	"$marklint" check --exit-zero -f json "$1" | "$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)["documents"][0]
for f in d["findings"]:
    print(f["rule"], f["location"]["part"] + ":" +
          str(f["location"]["paragraph"]))' | sort
}

# --- the sample: comments, nothing else touched, findings kept ---
cp "$sample" in.docx
sum_in=$(cksum <in.docx)
run "$marklint" annotate in.docx -o out.docx
[ "$rc" = 0 ] || fail "annotate exits $rc: $(cat "$tmp/err")"
grep -q "13 comments (10 on the marking, 3 on the paragraph), 0 proposed" \
    "$tmp/out" || fail "summary line: $(cat "$tmp/out")"
[ "$(cksum <in.docx)" = "$sum_in" ] || fail "the input was changed"
changed=$(zipdiff in.docx out.docx | sort | tr '\n' ' ')
[ "$changed" = "word/comments.xml word/document.xml " ] ||
	fail "changed entries (inflated): $changed"
[ "$(findings in.docx)" = "$(findings out.docx)" ] ||
	fail "the findings differ after annotation"
# each body portion with a finding now references a marklint comment;
# the comments read back as comment portions marked as marklint's
"$marklint" extract -f json out.docx | "$PYTHON" -c '
import json, sys
ps = json.load(sys.stdin)["documents"][0]["portions"]
ours = {}
for p in ps:
    v = p.get("attributes", {}).get("marklint:annotation")
    if v is not None:
        assert p["part"] == "word/comments.xml", p
        assert p["owner"] == {"kind": "comment", "id": v}, p
        ours[v] = ours.get(v, 0) + 1
assert len(ours) == 13, ours
for n in (5, 6, 7, 8, 12, 13, 14, 17, 20):
    p = [p for p in ps if p["part"] == "word/document.xml"
         and p["paragraph"] == n][0]
    ids = [r["id"] for r in p.get("refs", []) if r["kind"] == "comment"]
    assert any(i in ours for i in ids), (n, ids)
' || fail "extract of the copy: comments or references missing"
unzip -p out.docx word/comments.xml >cmts.xml
n=$(grep -o 'w:author="marklint"' cmts.xml | wc -l)
[ "$n" = 13 ] || fail "$n marklint comments, not 13"
grep -q 'w:initials="ML"' cmts.xml || fail "no initials ML"
grep -q 'w:author="Security Reviewer"' cmts.xml ||
	fail "the reviewer's comment was lost"
grep -q 'marklint NOFORN-UNJUSTIFIED (error, remove): NOFORN portion' \
    cmts.xml || fail "no rule and message in the comments"
grep -q 'Suggested replacement: “(S//REL TO USA, AUS, GBR)”' cmts.xml ||
	fail "no suggested replacement in the comments"
grep -q 'Citation found (cited, footnote): “ICD 403”' cmts.xml ||
	fail "no citation found in the comments"
# the anchor is the marking's own text: (S//NF) split off its run
unzip -p out.docx word/document.xml | grep -q \
    '<w:commentRangeStart w:id="4"/><w:r><w:t xml:space="preserve">(S//NF)</w:t></w:r><w:commentRangeEnd w:id="4"/>' ||
	fail "the comment is not anchored on the marking"

# --- twice: marklint's comments are replaced, not duplicated ---
run "$marklint" annotate out.docx -o twice.docx
[ "$rc" = 0 ] || fail "annotate of the copy exits $rc"
grep -q "13 earlier marklint comments replaced" "$tmp/out" ||
	fail "earlier comments not replaced: $(cat "$tmp/out")"
unzip -p twice.docx word/comments.xml >cmts2.xml
n=$(grep -o 'w:author="marklint"' cmts2.xml | wc -l)
[ "$n" = 13 ] || fail "annotating twice gives $n marklint comments"
n=$(unzip -p twice.docx word/document.xml | grep -o commentRangeStart |
    wc -l)
[ "$n" = 14 ] || fail "annotating twice gives $n comment ranges, not 14"
[ "$(findings twice.docx)" = "$(findings in.docx)" ] ||
	fail "the findings differ after annotating twice"

# --- the output: never the input, never an existing file unasked ---
run "$marklint" annotate in.docx -o in.docx
[ "$rc" = 2 ] || fail "-o equal to the input exits $rc"
grep -q "output-is-input" "$tmp/err" || fail "no output-is-input error"
run "$marklint" annotate in.docx -o ./in.docx
[ "$rc" = 2 ] || fail "-o ./input exits $rc"
[ "$(cksum <in.docx)" = "$sum_in" ] || fail "the input was changed"
run "$marklint" annotate in.docx -o out.docx
[ "$rc" = 2 ] && grep -q "output-exists" "$tmp/err" ||
	fail "an existing output is replaced without --force"
run "$marklint" annotate --force --propose in.docx -o out.docx
[ "$rc" = 0 ] || fail "--force exits $rc"
# (S//NF) twice and (S/NF), which gets a whole marking too (MARKINGS.md 5)
grep -q "3 proposed changes" "$tmp/out" || fail "proposals: $(cat "$tmp/out")"
ls -a | grep -q '^\.out\.docx\.' && fail "a temporary file was left"

# --- --propose: w:del of the old marking, w:ins of the new ---
doc=$(unzip -p out.docx word/document.xml)
echo "$doc" | grep -q '<w:del w:id="[0-9]*" w:author="marklint"><w:r><w:delText xml:space="preserve">(</w:delText></w:r><w:r><w:delText xml:space="preserve">S//</w:delText></w:r><w:proofErr w:type="spellStart"/><w:r><w:delText xml:space="preserve">NF</w:delText></w:r><w:proofErr w:type="spellEnd"/><w:r><w:delText xml:space="preserve">)</w:delText></w:r></w:del><w:ins w:id="[0-9]*" w:author="marklint"><w:r><w:t xml:space="preserve">(S//REL TO USA, AUS, GBR)</w:t></w:r></w:ins>' ||
	fail "the split marking is not proposed as del + ins"
if command -v pandoc >/dev/null 2>&1; then
	pandoc --track-changes=all -t markdown out.docx >pandoc.md 2>pandoc.err ||
		fail "pandoc cannot read the copy: $(cat pandoc.err)"
	grep -q 'comment-start id="5" author="marklint"' pandoc.md ||
		fail "pandoc shows no marklint comment"
	tr '\n' ' ' <pandoc.md | grep -q '\[(S//NF)\]{.deletion author="marklint"}\[(S//REL TO USA, AUS, GBR)\]{.insertion *author="marklint"}' ||
		fail "pandoc shows no proposed change"
else
	echo "annotate: pandoc not installed: its checks are skipped" >&2
fi

# --- DOCM: a new comments part; the macros untouched ---
cp "$docm" in.docm
run "$marklint" annotate --propose in.docm -o out.docm
[ "$rc" = 0 ] || fail "annotate of a DOCM exits $rc: $(cat "$tmp/err")"
changed=$(zipdiff in.docm out.docm | sort | tr '\n' ' ')
[ "$changed" = "[Content_Types].xml word/_rels/document.xml.rels word/comments.xml word/document.xml " ] ||
	fail "DOCM changed entries: $changed"
"$PYTHON" - in.docm out.docm <<'PY' || fail "DOCM parts not registered"
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
assert a.read("word/vbaProject.bin") == b.read("word/vbaProject.bin")
ct = b.read("[Content_Types].xml").decode()
assert '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>' in ct
assert "macroEnabled.main+xml" in ct
rels = b.read("word/_rels/document.xml.rels").decode()
assert 'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"' in rels
assert "vbaProject.bin" in rels
PY
"$marklint" check --exit-zero out.docm >chk.txt
grep -q "NOFORN-UNJUSTIFIED" chk.txt &&
	fail "the proposals did not replace the NOFORN marks"
grep -q "FOREIGN-UNJUSTIFIED" chk.txt || fail "the restriction was lost"

# --- suppressions: as in check, a suppressed finding gets no comment, a
# bad or unused suppression gets one ---
run "$marklint" annotate "$builddir/fixtures/suppress/comments.docx" \
    -o sup.docx
[ "$rc" = 0 ] || fail "annotate of the suppression fixture: $rc"
"$marklint" extract -f json sup.docx | "$PYTHON" -c '
import json, sys
ps = json.load(sys.stdin)["documents"][0]["portions"]
ours = {p["owner"]["id"]: p["text"] for p in ps
        if "marklint:annotation" in p.get("attributes", {})
        and p["text"].startswith("marklint ")}
rules = sorted(t.split()[1] for t in ours.values())
assert rules == ["NOFORN-UNJUSTIFIED"] * 3 + ["SUPPRESSION-INVALID"] * 2 + \
    ["SUPPRESSION-UNUSED"], rules
first = [p for p in ps if p["part"] == "word/document.xml"
         and p["paragraph"] == 1][0]
# its NOFORN-UNJUSTIFIED is suppressed: no comment of that rule on it
# (the SUPPRESSION-* comments land on the first body paragraph, as Word
# takes no comments inside comments)
on_first = [ours[r["id"]] for r in first.get("refs", []) if r["id"] in ours]
assert on_first and not any("NOFORN-UNJUSTIFIED" in t.split()[1]
                            for t in on_first), on_first
' || fail "annotate: suppressed findings commented, or bad ones not"

# --- what cannot be annotated: the readers' errors, status 2 ---
printf '(S//NF) Plain text.\n' >draft.txt
run "$marklint" annotate draft.txt -o out.txt
[ "$rc" = 2 ] && grep -q "\[annotate-format\]" "$tmp/err" ||
	fail "a text file: status $rc, $(cat "$tmp/err")"
head -c 300 in.docx >cut.docx
run "$marklint" annotate cut.docx -o cut-out.docx
[ "$rc" = 2 ] && grep -q "^cut.docx: error: .*\[zip-" "$tmp/err" ||
	fail "a cut package: status $rc, $(cat "$tmp/err")"
[ -e cut-out.docx ] && fail "an output was written for a cut package"
run "$marklint" annotate in.docx
[ "$rc" = 2 ] || fail "no -o: status $rc"

exit $failed
