#!/bin/sh
# audit-shards.sh MARKLINT SRCDIR BINDIR - beyond one machine: shards of
# `marklint check --format jsonl` made by GNU parallel (-j2, several
# documents per job), audited with --from-jsonl, give the same five files,
# byte for byte, as one audit of the same documents; a shard that is cut
# short, misses a line, is empty or is given twice is an error and no
# audit is written. Skipped (77) without GNU parallel.
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
[ -f bad/audit.json ] && fail "an audit was written from a bad shard"

# a shard cut short (no summary line: the job was killed, the disk
# filled): an error, and no audit that silently misses its documents
first=$(ls shards | sort -n | head -1)
sed '$d' "shards/$first" >cut.jsonl
run "$marklint" audit -o cut --from-jsonl cut.jsonl shards/2.jsonl
expect_rc 2 "--from-jsonl of a truncated shard"
expect_grep err '^marklint: error: cut.jsonl: no summary line at the end: the shard is cut short.*\[shard-truncated\]$' \
	"a truncated shard is named"
expect_grep err "no audit written" "a truncated shard: no audit"
[ -f cut/audit.json ] && fail "an audit was written from a truncated shard"
# a line lost inside a shard: its summary does not add up
sed '1d' "shards/$first" >hole.jsonl
run "$marklint" audit -o hole --from-jsonl hole.jsonl
expect_rc 2 "--from-jsonl of a shard with a line missing"
expect_grep err 'hole.jsonl:[0-9]*: the summary counts 4 documents, the lines before it hold 3.*\[shard-invalid\]' \
	"a shard missing a line"
: >empty.jsonl
run "$marklint" audit -o empty --from-jsonl empty.jsonl
expect_rc 2 "--from-jsonl of an empty shard"
expect_grep err 'empty.jsonl: empty.*\[shard-truncated\]' "an empty shard"

# the same shard twice (a glob that overlaps, a re-run): each document
# would count twice; an error naming both places, no audit
run "$marklint" audit -o twice --from-jsonl shards/1.jsonl shards/2.jsonl \
	shards/1.jsonl
expect_rc 2 "--from-jsonl of a shard given twice"
expect_grep err '^shards/1.jsonl:1: error: .* is also at shards/1.jsonl:1: the same document would be counted twice.*\[shard-duplicate\]$' \
	"a shard given twice is named"
[ -f twice/audit.json ] && fail "an audit was written with a shard twice"

# shards of folders: the files their walks skipped reach the audit
mkdir -p f1/x f2/y
printf '(S//NF) One.\n' >f1/x/a.txt
printf 'x' >f1/x/old.doc
printf '(S//NF) Two.\n' >f2/y/b.txt
printf 'x' >f2/y/logo.png
"$marklint" check -f jsonl f2 >s2.jsonl
"$marklint" check -f jsonl f1 >s1.jsonl
run "$marklint" audit -o fromshards --from-jsonl s2.jsonl s1.jsonl
expect_rc 0 "--from-jsonl of folder shards"
run "$marklint" audit -o direct f1 f2
expect_rc 0 "the same folders audited directly"
cmp -s fromshards/audit.json direct/audit.json ||
	fail "shards of folders: audit.json differs from a direct audit"
$PYTHON - fromshards/audit.json <<'PY' || fail "skipped files from shards"
import json, sys
sk = [(s["path"], s["code"]) for s in json.load(open(sys.argv[1]))["skipped"]]
assert sk == [("f1/x/old.doc", "cfb-legacy"), ("f2/y/logo.png", "skip-type")], sk
PY
finish
