# fix.sh - `marklint fix`: the corrected copy of text, Markdown and DOCX.
# Run by ctest (tests/fix.cmake) as: sh fix.sh MARKLINT SRCDIR BUILDDIR.
# Uses tests/cli-lib.sh ($tmp, run, fail...).
builddir=$3
. "$2/tests/cli-lib.sh"

# --- text: each sure correction in place, nothing else changed ---
printf 'SECRET//NF\n\n(S//NOFORN) The program is closed.\n\n(U) Plain.\n\nSECERT//NOFORN\n' >in.txt
cp in.txt orig.txt
run "$marklint" fix in.txt -o out.txt
expect_rc 0 "fix of a text"
cmp -s in.txt orig.txt || fail "fix changed its input"
printf 'SECRET//NOFORN\n\n(S//NF) The program is closed.\n\n(U) Plain.\n\nSECRET//NOFORN\n' >want.txt
cmp -s out.txt want.txt || fail "text copy: $(diff want.txt out.txt | head -4)"
expect_grep "$tmp/out" '^in.txt:3: (S//NOFORN) -> (S//NF) (confidence' \
	"the line of a correction"
expect_grep "$tmp/out" '3 corrections applied, 0 markings left' "summary"
# the copy is clean: marklint marks nothing in it as not register form
run "$marklint" check --exit-zero -f json out.txt
expect_no_grep "$tmp/out" 'MARKING-' "the corrected copy"

# --- a banner after an e-mail's label: corrected, the label kept ---
printf 'Classification: SECRET//NF\n\n(S//NF) The band. Justification: ICD 403.\n' >label.txt
run "$marklint" fix label.txt -o label-out.txt
expect_rc 0 "fix of a labelled banner"
printf 'Classification: SECRET//NOFORN\n\n(S//NF) The band. Justification: ICD 403.\n' >want-label.txt
cmp -s label-out.txt want-label.txt ||
	fail "labelled banner: $(diff want-label.txt label-out.txt | head -4)"
expect_grep "$tmp/out" '1 correction applied' "labelled banner summary"

# --- the threshold: nothing below it is applied, and it says why ---
run "$marklint" fix in.txt -o strict.txt --min-confidence 1
expect_rc 0 "--min-confidence 1"
cmp -s strict.txt in.txt || fail "--min-confidence 1 changed something"
expect_grep "$tmp/out" 'left as written (below --min-confidence; did you mean' \
	"a correction left for the reviewer"
run "$marklint" fix in.txt -o x.txt --min-confidence 2
expect_rc 2 "--min-confidence 2"

# --- Markdown, and standard output ---
printf '# Draft\n\n(S//NOFORN) Item.\n' >in.md
run "$marklint" fix in.md -o -
expect_rc 0 "fix to standard output"
expect_grep "$tmp/out" '^(S//NF) Item\.$' "Markdown copy"

# --- never the input unless asked, then atomically ---
run "$marklint" fix in.txt -o in.txt
expect_rc 2 "-o the input"
expect_grep "$tmp/err" '\[output-is-input\]' "-o the input"
cmp -s in.txt orig.txt || fail "-o the input changed it"
run "$marklint" fix in.txt -o out.txt
expect_rc 2 "an existing output without --force"
run "$marklint" fix in.txt --in-place
expect_rc 0 "--in-place"
cmp -s in.txt want.txt || fail "--in-place: $(diff want.txt in.txt | head -4)"
run "$marklint" fix in.pdf -o x.pdf
expect_rc 2 "a missing input"

# --- DOCX: a tracked change by marklint, the rest as it was ---
cp "$builddir/fixtures/rules/marking-malformed/fire-2.docx" in.docx
run "$marklint" fix in.docx -o out.docx
expect_rc 0 "fix of a DOCX"
expect_grep "$tmp/out" '(S//REL TO GBR, USA) -> (S//REL TO USA, GBR)' \
	"the DOCX correction"
"$PYTHON" - in.docx out.docx >diff.txt <<'PY'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
for n in b.namelist():
    if n not in a.namelist() or a.read(n) != b.read(n):
        print(n)
doc = b.read("word/document.xml").decode()
print("ins" if '<w:ins w:id=' in doc and 'w:author="marklint"' in doc
      else "no-ins")
print("del" if "<w:delText" in doc else "no-del")
PY
[ "$(cat diff.txt)" = "word/document.xml
ins
del" ] || fail "DOCX copy: $(cat diff.txt)"
exit $failed
