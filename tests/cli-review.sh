#!/bin/sh
# cli-review.sh - `marklint review` as users see it: formats chosen by
# --format or the extension of -o (an extension marklint does not write is
# refused, nothing written), the memo's banner is the roll-up of what it
# quotes (top and bottom; the Word memo's page header and footer),
# --no-excerpts, the blocks filled by --memo-for, --from, --signature,
# --date or the configuration's <memo>, exit statuses, atomic output that
# never replaces an input and replaces a file only with --force,
# unreadable documents listed in the memo, HTML well-formed.
. "$(dirname "$0")/cli-lib.sh"

snf=$srcdir/fixtures/review/snf.txt

run "$marklint" review "$snf"
expect_rc 0 "review of a NOFORN portion"
[ "$(head -n 1 out)" = "**SECRET//NOFORN**" ] || fail "top banner: $(head -n 1 out)"
[ "$(tail -n 1 out)" = "**SECRET//NOFORN**" ] || fail "bottom banner: $(tail -n 1 out)"
expect_grep out '^\*\*3\. (S//NF) Remove or replace\.\*\* ' "paragraph 3 is marked by its quote"
expect_grep out '^a\. (S//NF) Line 1 (M1): “(S//NF) The seeker' "sub-paragraph a. quotes the portion"
# the blocks a reviewer fills in: placeholders by default
expect_grep out '^\\\[Date\\\]$' "date placeholder"
expect_grep out '^FROM: \\\[Reviewing office\\\]$' "FROM placeholder"
expect_grep out '^\\\[NAME\\\]\\$' "signature placeholder"

# numbered paragraphs: the mark after the number counts in the roll-up
# (the memo quoting "1. (S//NF) ..." was marked UNCLASSIFIED)
printf 'MEMORANDUM FOR THE PROGRAM OFFICE\n\n1. (S//NF) The seeker range.\n\n2. (U) The schedule.\n' >numbered.txt
run "$marklint" review numbered.txt
expect_rc 0 "review of numbered paragraphs"
[ "$(head -n 1 out)" = "**SECRET//NOFORN**" ] ||
	fail "numbered paragraphs: top banner: $(head -n 1 out)"
# its own number and its line: a checklist numbers each rule from 1 again
expect_grep out '^a\. (S//NF) Paragraph 1, line 3 (M1): ' \
	"numbered paragraphs: the location"
run "$marklint" check -f json --exit-zero numbered.txt
expect_grep out '"rollup": "SECRET//NOFORN"' "numbered paragraphs: JSON roll-up"

# a statement written on many lines for the same reason is listed once,
# at every place, with its whole-marking replacement
printf 'SECRET\n\n(S) The design.\n\nDissemination: NOFORN\n\n(S) More.\n\nDissemination: NOFORN\n\n(S) Last.\n\nDissemination: NOFORN.\n' >stm.txt
run "$marklint" review stm.txt
expect_rc 0 "review of repeated statements"
expect_grep out '^a\. (U) Lines 5 and 9 (M1, M2): Marking Dissemination: NOFORN\. Replace Dissemination: NOFORN with Dissemination: SECRET//REL TO USA, FVEY\.$' \
	"repeated statements: one item, every place, the whole replacement"
expect_grep out '(M3): Marking Dissemination: NOFORN\. Replace' \
	"a statement ending a sentence is not quoted with two periods"

run "$marklint" review --no-excerpts "$snf"
expect_rc 0 "--no-excerpts"
[ "$(head -n 1 out)" = "**UNCLASSIFIED**" ] || fail "--no-excerpts banner: $(head -n 1 out)"
expect_no_grep out 'seeker data' "--no-excerpts quotes nothing"

run "$marklint" review --for 'CONTRACTING OFFICER, HQ0727' -f text "$snf"
expect_rc 0 "--for, text"
expect_grep out '^MEMORANDUM FOR CONTRACTING OFFICER, HQ0727$' "--for"
expect_grep out '^ *SECRET//NOFORN$' "text banner"

run "$marklint" review --memo-for 'PROGRAM MANAGER, HYPERSONICS' \
	--from 'Security Review Office (J2X)' --date 'March 3, 2026' \
	--signature 'JANE Q. REVIEWER; Security Specialist' -f text "$snf"
expect_rc 0 "--memo-for --from --date --signature"
expect_grep out '^MEMORANDUM FOR PROGRAM MANAGER, HYPERSONICS$' "--memo-for"
expect_grep out '^FROM: Security Review Office (J2X)$' "--from"
expect_grep out '^ *March 3, 2026$' "--date"
expect_grep out '^ \{39\}JANE Q\. REVIEWER$' "signature, line 1, mid-page"
expect_grep out '^ \{39\}Security Specialist$' "signature, line 2"
# the configuration's <memo>; the command line wins
mkdir cfg
cp "$snf" cfg/snf.txt
cat >cfg/.marklint.xml <<'XML'
<marklint xmlns="urn:marklint:config:1">
  <memo>
    <for>CONTRACTING OFFICER, HQ0727</for>
    <from>Security Review Office (J2X)</from>
    <signature>
      JOHN A. DOE
      Foreign Disclosure Officer
    </signature>
    <date>1 April 2026</date>
  </memo>
</marklint>
XML
run "$marklint" review -f text cfg/snf.txt
expect_rc 0 "configuration <memo>"
expect_grep out '^MEMORANDUM FOR CONTRACTING OFFICER, HQ0727$' "<memo><for>"
expect_grep out '^FROM: Security Review Office (J2X)$' "<memo><from>"
expect_grep out '^ *1 April 2026$' "<memo><date>"
expect_grep out '^ \{39\}Foreign Disclosure Officer$' "<memo><signature>"
run "$marklint" review -f text --date 'May 5, 2026' cfg/snf.txt
expect_grep out '^ *May 5, 2026$' "--date wins over <memo><date>"

run "$marklint" review -f pdf "$snf"
expect_rc 2 "unknown format"
expect_grep err "docx (.docx)" "the message names the formats"

# an -o that marklint does not write: refused, nothing written
for bad in memo.pdf memo.xyz memo.text; do
	run "$marklint" review -o "$bad" "$snf"
	expect_rc 2 "-o $bad"
	expect_grep err "^$bad: error: .*markdown (.md), html (.html), text (.txt) or docx (.docx) \[output-format\]$" \
		"-o $bad names the formats"
	[ -e "$bad" ] && fail "-o $bad wrote a file"
	[ -s out ] && fail "-o $bad wrote to standard output"
done

# the Word memo: a package, the banner in its page header and footer
run "$marklint" review -o memo.docx "$snf"
expect_rc 0 "-o memo.docx"
unzip -p memo.docx word/header1.xml >hdr.xml 2>/dev/null
unzip -p memo.docx word/footer1.xml >ftr.xml 2>/dev/null
expect_grep hdr.xml '>SECRET//NOFORN<' "the page header carries the banner"
expect_grep ftr.xml '>SECRET//NOFORN<' "the page footer carries the banner"
unzip -p memo.docx word/document.xml >doc.xml 2>/dev/null
expect_grep doc.xml '>Remove or replace.<' "the Word memo's body"
run "$marklint" review -f docx "$snf"
expect_rc 0 "-f docx to standard output"
cmp -s out memo.docx || fail "-f docx and -o memo.docx differ"

# the extension of -o chooses the format
run "$marklint" review -o memo.html "$snf"
expect_rc 0 "-o memo.html"
[ -s out ] && fail "-o: nothing on standard output"
expect_grep memo.html '^<!DOCTYPE html>' "-o .html writes HTML"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --html --noout memo.html 2>xerr || fail "HTML not well-formed"
	[ -s xerr ] && fail "xmllint --html: $(head -n 2 xerr)"
fi
expect_no_grep memo.html '<script\|src=\|href=\|<link\|<img' "no external reference"

# an existing output is replaced only with --force; never an input
run "$marklint" review -o memo.html "$snf"
expect_rc 2 "existing output without --force"
expect_grep err 'memo.html: error: already exists' "existing output message"
run "$marklint" review -o memo.html --force -f text "$snf"
expect_rc 0 "--force"
expect_grep memo.html 'SECRET//NOFORN' "--force replaced the file"
expect_no_grep memo.html '<html' "--force replaced the HTML by text"
cp "$snf" input.txt
run "$marklint" review -o input.txt --force input.txt
expect_rc 2 "output over an input"
cmp -s input.txt "$snf" || fail "the input was changed"
ls -a | grep -q '^\.memo\|^\.input' && fail "a temporary file was left"

# an unreadable document: listed in the memo and on stderr, exit 2, the
# other documents still reviewed
printf 'PK\003\004garbage' > broken.docx
run "$marklint" review broken.docx "$snf"
expect_rc 2 "unreadable input"
expect_grep err '^broken.docx: error: ' "unreadable on stderr"
expect_grep out 'could not be read: broken.docx (.*\\\[zip-corrupt' "unreadable listed in the memo"
expect_grep out 'SECRET//NOFORN' "the other document still reviewed"
run "$marklint" review missing.docx
expect_rc 2 "missing input"

exit $failed
