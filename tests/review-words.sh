#!/bin/sh
# review-words.sh MARKLINT FIXDIR - the sample memo is short and says each
# thing once: at most 900 words (wc -w of the Markdown memo, table and
# markup included), each marking listed once in the body, and the
# portions it quotes quoted once.
set -u
marklint=$1 fixdir=$2
memo=$(cd "$fixdir" && "$marklint" review rfp-draft.docx) || {
	echo "FAIL: marklint review exited $?" >&2
	exit 1
}
failed=0
words=$(printf '%s\n' "$memo" | wc -w | tr -d ' ')
echo "the sample memo: $words words"
[ "$words" -le 900 ] || { echo "FAIL: $words words (at most 900)" >&2; failed=1; }
body=$(printf '%s\n' "$memo" | sed '/^---$/,$d')
for id in M1 M2 M3 M4 M5 M6 M7 M8; do
	n=$(printf '%s\n' "$body" | grep -c "($id)")
	[ "$n" = 1 ] || { echo "FAIL: $id is listed $n times in the body" >&2; failed=1; }
done
for quote in 'C.3 Thermal protection materials' 'closed to foreign participation at all levels' \
	'L.2 Cost volumes' 'M.2 Past performance'; do
	n=$(printf '%s\n' "$body" | grep -o "$quote" | wc -l | tr -d ' ')
	[ "$n" = 1 ] || { echo "FAIL: '$quote' is quoted $n times" >&2; failed=1; }
done
n=$(printf '%s\n' "$body" | grep -c 'Lacks an authority')
[ "$n" = 0 ] || { echo "FAIL: 'Lacks an authority' $n times" >&2; failed=1; }
exit $failed
