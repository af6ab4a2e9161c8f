#!/bin/sh
# audit-shards.sh MARKLINT SRCDIR BINDIR - beyond one machine: shards of
# `marklint check --format jsonl` made by GNU parallel (-j2, several
# documents per job), audited with --from-jsonl, give the same five files,
# byte for byte, as one audit of the same documents. Skipped (77) without
# GNU parallel.
. "$(dirname "$0")/audit-lib.sh"
if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	echo "SKIP: GNU parallel is not installed" >&2
	exit 77
fi
make_tree
# the documents marklint reads, in the order the audit sorts them
find tree -type f ! -path '*/.*' \( -name '*.docx' -o -name '*.txt' \) |
	LC_ALL=C sort >list
run "$marklint" audit -o single --files-from list
expect_rc 2 "single audit (one unreadable document)"

mkdir shards
parallel -k -j2 -N4 "$marklint check -f jsonl {} > shards/{#}.jsonl" \
	<list 2>/dev/null
n=$(ls shards | wc -l)
[ "$n" -ge 6 ] || fail "parallel made $n shards, expected 6 or more"
run "$marklint" audit -o merged --from-jsonl \
	$(ls shards | sort -n | sed 's|^|shards/|')
expect_rc 2 "--from-jsonl (one unreadable document in a shard)"
same_audit single merged "shards vs one run"

# shards in any order: the tables, CSV and JSON do not change
run "$marklint" audit -o reversed --from-jsonl \
	$(ls shards | sort -rn | sed 's|^|shards/|')
for f in audit.csv audit.json audit.html; do
	cmp -s single/$f reversed/$f || fail "shards reversed: $f differs"
done

# a shard that is not check's JSON Lines: a one-line error, exit 2
printf '{"path": "x"}\nnot json\n' >bad.jsonl
run "$marklint" audit -o bad --from-jsonl bad.jsonl
expect_rc 2 "--from-jsonl of a bad shard"
expect_grep err 'bad.jsonl:1: .*\[shard-invalid\]' "the bad line is named"
finish
