#!/bin/sh
# review-golden.sh MARKLINT FIXDIR EXPECTED FORMAT - the review memo of
# FIXDIR/rfp-draft.docx in FORMAT must equal EXPECTED (run from FIXDIR so
# that the memo names the file as users see it). UPDATE=1 rewrites
# EXPECTED: review every changed line by eye before committing.
set -u
marklint=$1 fixdir=$2 expected=$3 format=$4
out=$(mktemp "${TMPDIR:-/tmp}/review-golden.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
(cd "$fixdir" && "$marklint" review -f "$format" rfp-draft.docx) >"$out"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: marklint review exited $rc" >&2; exit 1; }
if [ "${UPDATE:-}" = 1 ]; then
	cp "$out" "$expected"
	exit 0
fi
diff -u "$expected" "$out" || { echo "FAIL: $format memo differs" >&2; exit 1; }
