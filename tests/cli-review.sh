#!/bin/sh
# cli-review.sh - `marklint review` as users see it: formats chosen by
# --format or the extension of -o, the memo's banner is the roll-up of
# what it quotes (top and bottom), --no-excerpts, exit statuses, atomic
# output that never replaces an input and replaces a file only with
# --force, unreadable documents listed in the memo, HTML well-formed.
. "$(dirname "$0")/cli-lib.sh"

snf=$srcdir/fixtures/review/snf.txt

run "$marklint" review "$snf"
expect_rc 0 "review of a NOFORN portion"
[ "$(head -n 1 out)" = "**SECRET//NOFORN**" ] || fail "top banner: $(head -n 1 out)"
[ "$(tail -n 1 out)" = "**SECRET//NOFORN**" ] || fail "bottom banner: $(tail -n 1 out)"
expect_grep out '^\*\*3\. (S//NF) Findings\.\*\*$' "paragraph 3 is marked by its quote"

run "$marklint" review --no-excerpts "$snf"
expect_rc 0 "--no-excerpts"
[ "$(head -n 1 out)" = "**UNCLASSIFIED**" ] || fail "--no-excerpts banner: $(head -n 1 out)"
expect_no_grep out 'seeker data' "--no-excerpts quotes nothing"

run "$marklint" review --for 'CONTRACTING OFFICER, HQ0727' -f text "$snf"
expect_rc 0 "--for, text"
expect_grep out '^MEMORANDUM FOR CONTRACTING OFFICER, HQ0727$' "--for"
expect_grep out '^ *SECRET//NOFORN$' "text banner"

run "$marklint" review -f pdf "$snf"
expect_rc 2 "unknown format"

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
expect_grep out 'broken.docx: .*\\\[' "unreadable listed in the memo"
expect_grep out 'SECRET//NOFORN' "the other document still reviewed"
run "$marklint" review missing.docx
expect_rc 2 "missing input"

exit $failed
