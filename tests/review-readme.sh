#!/bin/sh
# review-readme.sh MARKLINT FIXDIR README - the memo README.md shows
# (between <!-- review-memo:begin --> and <!-- review-memo:end -->, inside
# a fence) must equal the memo the build makes of FIXDIR/rfp-draft.docx,
# so that the README cannot go stale.
set -u
marklint=$1 fixdir=$2 readme=$3
shown=$(mktemp "${TMPDIR:-/tmp}/review-readme.XXXXXX") || exit 2
made=$(mktemp "${TMPDIR:-/tmp}/review-readme.XXXXXX") || exit 2
trap 'rm -f "$shown" "$made"' EXIT
sed -n '/^<!-- review-memo:begin -->$/,/^<!-- review-memo:end -->$/p' \
	"$readme" | sed '1,2d;$d' | sed '$d' >"$shown"
[ -s "$shown" ] || { echo "FAIL: no memo between the markers" >&2; exit 1; }
(cd "$fixdir" && "$marklint" review rfp-draft.docx) >"$made" || exit 1
diff -u "$shown" "$made" || {
	echo "FAIL: README.md shows a stale memo: paste" \
	     "build/rfp-draft-review.md between the markers" >&2
	exit 1
}
