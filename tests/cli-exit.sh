#!/bin/sh
# cli-exit.sh MARKLINT SRCDIR - exit statuses (MARKINGS.md 6): 0 no
# finding at or above --fail-on, 1 such findings, 2 usage error or an
# unreadable document (the others still checked); --min-severity hides
# findings (and they no longer fail).
. "$(dirname "$0")/cli-lib.sh"
make_documents

# nf.txt: an error (NOFORN-UNJUSTIFIED); fouo.txt: a warning (FOUO-OBSOLETE)
run "$marklint" nf.txt
expect_rc 1 "nf.txt"
expect_grep out "^nf.txt:1: error: .* \[NOFORN-UNJUSTIFIED\]$" \
	"nf.txt: the finding line"
expect_grep out "^    (S//NF) The widget design\.$" "nf.txt: the excerpt"
expect_grep out "^    suggestion: " "nf.txt: the suggestion"
expect_grep out "^1 document, 1 portion, 1 marking: 1 error, 0 warnings, 0 infos$" \
	"nf.txt: the summary"

run "$marklint" fouo.txt
expect_rc 0 "fouo.txt (a warning, fail on error)"
expect_grep out "^fouo.txt:1: warning: .*\[FOUO-OBSOLETE\]$" \
	"fouo.txt: the finding line"
run "$marklint" --fail-on warning fouo.txt
expect_rc 1 "--fail-on warning fouo.txt"
run "$marklint" --fail-on=info fouo.txt
expect_rc 1 "--fail-on=info fouo.txt"
run "$marklint" --fail-on error clean.txt fouo.txt
expect_rc 0 "--fail-on error clean.txt fouo.txt"
run "$marklint" --fail-on info clean.txt
expect_rc 0 "--fail-on info clean.txt"

# --min-severity: warnings hidden (not listed, not counted, not failing)
run "$marklint" --min-severity error --fail-on warning fouo.txt nf.txt
expect_rc 1 "--min-severity error nf.txt"
expect_no_grep out "FOUO-OBSOLETE" "--min-severity error hides warnings"
expect_grep out "NOFORN-UNJUSTIFIED" "--min-severity error keeps errors"
expect_grep out ": 1 error, 0 warnings, 0 infos$" "--min-severity: summary"
run "$marklint" --min-severity error --fail-on warning fouo.txt
expect_rc 0 "--min-severity error --fail-on warning fouo.txt"

# an unreadable document: its error line, status 2, the others reported
run "$marklint" clean.txt broken.docx nf.txt
expect_rc 2 "broken.docx among good ones"
expect_lines err 1 "broken.docx: one line on stderr"
expect_grep err "^broken.docx: error: .* \[[a-z0-9-]*\]$" \
	"broken.docx: PATH: error: MESSAGE [CODE]"
expect_grep out "^nf.txt:1: error: " "nf.txt still checked"
expect_grep out "^3 documents, 2 portions, 1 marking: 1 error, 0 warnings, 0 infos; 1 document could not be read$" \
	"the summary counts the unreadable document"
run "$marklint" no-such-file.txt
expect_rc 2 "a missing file"
expect_grep err "^no-such-file.txt: error: .*\[io-not-found\]$" "missing"

# standard input
"$marklint" - <nf.txt >out 2>err
rc=$?
expect_rc 1 "marklint - <nf.txt"
expect_grep out "^-:[0-9]*: .*\[NOFORN-UNJUSTIFIED\]$" "stdin is named -"
finish
