#!/bin/sh
# review-golden.sh MARKLINT FIXDIR EXPECTED FORMAT - the review memo of
# FIXDIR/rfp-draft.docx in FORMAT must equal EXPECTED (run from FIXDIR so
# that the memo names the file as users see it; for docx, the package's
# word/document.xml as xmllint --format prints it). UPDATE=1 rewrites
# EXPECTED: review every changed line by eye before committing.
set -u
marklint=$1 fixdir=$2 expected=$3 format=$4
out=$(mktemp "${TMPDIR:-/tmp}/review-golden.XXXXXX") || exit 2
trap 'rm -f "$out" "$out.xml"' EXIT
(cd "$fixdir" && "$marklint" review -f "$format" rfp-draft.docx) >"$out"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: marklint review exited $rc" >&2; exit 1; }
if [ "$format" = docx ]; then
	# the Word memo's text and layout: word/document.xml, one element a
	# line so that a change reads as a diff
	unzip -p "$out" word/document.xml >"$out.xml" ||
		{ echo "FAIL: no word/document.xml in the Word memo" >&2; exit 1; }
	xmllint --format "$out.xml" >"$out" ||
		{ echo "FAIL: word/document.xml is not well-formed" >&2; exit 1; }
	rm -f "$out.xml"
fi
if [ "${UPDATE:-}" = 1 ]; then
	cp "$out" "$expected"
	exit 0
fi
diff -u "$expected" "$out" || { echo "FAIL: $format memo differs" >&2; exit 1; }
