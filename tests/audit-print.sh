#!/bin/sh
# audit-print.sh MARKLINT SRCDIR BINDIR - audit.html printed as an auditor
# prints it: headless Chromium makes a PDF (Letter), pdftotext reads its
# words back with their boxes. Nothing may be cut: every word lies on its
# page, the by-folder table keeps all its columns (its last, "findings",
# is there, twice with the organisations' table), long folder names wrap
# instead of widening the table, and the charts' labels and values are
# whole ("100.0% (1 of 1)", not "100.0% (1 of..."). Skipped (77) without
# chromium or pdftotext.
. "$(dirname "$0")/audit-lib.sh"
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ] || ! command -v pdftotext >/dev/null 2>&1; then
	echo "SKIP: chromium or pdftotext (poppler-utils) is not installed" >&2
	exit 77
fi
make_tree
long=tree/department-of-the-navy-program-executive-office-unmanned-aviation-and-strike-weapons
mkdir -p "$long/acquisition-strategy-and-request-for-proposals-drafts-fiscal-2027"
printf '(S//NF) The seeker design.\n' \
	>"$long/acquisition-strategy-and-request-for-proposals-drafts-fiscal-2027/draft.txt"
run "$marklint" audit -o aud tree
expect_rc 2 "the audit (one unreadable document)"

"$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update \
	--disable-sync --user-data-dir="$tmp/chrome" \
	--print-to-pdf="$tmp/audit.pdf" --no-pdf-header-footer \
	"file://$tmp/aud/audit.html" >/dev/null 2>&1
[ -s audit.pdf ] || { fail "chromium printed nothing"; finish; }
pdftotext -bbox audit.pdf words.html
pdftotext audit.pdf words.txt
$PYTHON - words.html words.txt <<'PY' || fail "the printed audit is cut"
import re, sys
html = open(sys.argv[1]).read()
text = open(sys.argv[2]).read()
bad = []
for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                        html, re.S):
    w, h = float(page.group(1)), float(page.group(2))
    for m in re.finditer(r'<word xMin="([\d.-]+)" yMin="[\d.-]+" '
                         r'xMax="([\d.-]+)" yMax="[\d.-]+">([^<]*)</word>',
                         page.group(3)):
        x0, x1 = float(m.group(1)), float(m.group(2))
        if x0 < 0 or x1 > w + 0.5:
            bad.append(m.group(3))
assert not bad, "words off the page: %r" % bad[:10]
# both roll-up tables keep all their columns, the last ones included
for table, end in (("By organisation", "By folder"),
                   ("By folder", "Documents with the most")):
    part = text.split(table, 1)[1].split(end, 1)[0].split()
    for col in ("blanket", "findings"):
        assert col in part, "%s table: no %r column" % (table, col)
# long names wrap, whole: every part of the long folder is printed
for part in ("department-of-the-navy-program-executive-office-unmanned-",
             "acquisition-strategy-and-request-for-proposals-drafts-"):
    assert part.replace("-", "") in text.replace("-", "").replace("\n", "").replace(" ", ""), part
# the share chart's values are whole, never "100.0% (1 of..."
assert re.search(r"100\.0% \(1 of 1\)", text), "a chart value is cut"
assert "..." not in text and "\u2026" not in text, "something was cut"
PY
finish
