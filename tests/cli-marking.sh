# cli-marking.sh MARKLINT SRCDIR - `marklint marking STRING...`: every
# valid and invalid example of MARKINGS.md (3.1, 5) against golden output
# in fixtures/lanes/marking-*.expect, roll-ups in text and JSON, exit
# statuses, and hostile strings. UPDATE=1 rewrites the golden files.
. "$(dirname "$0")/cli-lib.sh"
fx=$srcdir/fixtures/lanes

# golden NAME ARGS...: marklint marking ARGS... matches marking-NAME.expect
golden() {
	name=$1
	shift
	run "$marklint" marking "$@"
	if [ -n "${UPDATE:-}" ]; then
		cp out "$fx/marking-$name.expect"
	elif ! cmp -s out "$fx/marking-$name.expect"; then
		fail "marking $name: output differs from marking-$name.expect"
		diff "$fx/marking-$name.expect" out | head -20 >&2
	fi
}

# MARKINGS.md 3.1: portion marks and banners; 5: REL TO USA, FVEY
golden valid '(S//NF)' '(TS//SI//NF)' '(C//NF)' '(S//OC/NF)' \
	'(CUI//NF)' '(CUI//SP-EXPT//NF)' 'SECRET//NOFORN' \
	'TOP SECRET//SI//NOFORN' 'CUI//NOFORN' 'CONFIDENTIAL//NOFORN' \
	'(S//REL TO USA, FVEY)' 'UNCLASSIFIED'
expect_rc 0 "valid markings"
# MARKINGS.md 3.1 and 5: the forms agencies write (MARKING-NONSTANDARD)
golden nonstandard '(S/NF)' '(C/NOFORN)' '(SBU-NF)' '(S//NOFORN)' \
	'SECRET//NF' 'TOP SECRET // SI // NOFORN' 'S E C R E T//NOFORN' \
	'(S//REL TO USA, NZL, AUS)'
expect_rc 1 "nonstandard markings"
# MARKINGS.md 5: MARKING-MALFORMED and NOFORN-RELTO-CONFLICT, and strings
# that are no marking at all
golden invalid '(SECRET//NF)' '(S//NOFRN)' '(S///SI)' '(S//REL TO USA ONLY)' \
	'(S//REL TO GBR, USA)' '(S//FOUO)' \
	'(S//NF/REL TO USA, GBR)' 'TOP SECRET//SCI//NOFORN' \
	'UNCLASSIFIED//SI' '(S//NODIS)' '(TS//HCS//NF)' '' \
	'the widget design' '///'
expect_rc 1 "invalid markings"
# one invalid string among valid ones: 1
run "$marklint" marking '(S//NF)' '(S/NF)'
expect_rc 1 "one invalid string"
# the correction is shown
run "$marklint" marking '(S//NOFRN)'
expect_grep out "did you mean (S//NF)? (confidence 0.85)" "correction shown"
# roll-up of several strings
golden rollup '(S//REL TO USA, AUS, GBR)' '(C//REL TO USA, GBR)' '(U)'
expect_rc 0 "roll-up"
golden rollup-noforn '(S//REL TO USA, GBR)' '(TS//SI//NF)' '(U)'
# --rollup: the strings are one document's portion marks
run "$marklint" marking --rollup 'S//NF' 'C//REL TO USA, GBR'
expect_rc 0 "marking --rollup"
expect_grep out "^roll-up: SECRET//NOFORN$" "marking --rollup"
run "$marklint" marking --rollup '(TS//SI-G ABCD//OC/NF)' 'S//REL TO USA, GBR' \
	'(//GBR S//REL TO USA, GBR)'
expect_grep out "^roll-up: TOP SECRET//SI-G ABCD//FGI GBR//ORCON/NOFORN$" \
	"marking --rollup with SCI and FGI"
golden rollup-json --format json '(S//REL TO USA, AUS, GBR)' \
	'(C//REL TO USA, GBR)' '(S/NF)'
$PYTHON - out <<'PY' || fail "marking --format json"
import json, sys
d = json.load(open(sys.argv[1]))
m = d["markings"]
assert [x["valid"] for x in m] == [True, True, False], m
assert [x["verdict"] for x in m] == ["valid", "valid", "nonstandard"], m
assert m[0]["rel_to"] == ["USA", "AUS", "GBR"] and m[0]["classification"] == "S"
assert m[2]["suggestion"] == "(S//NF)" and m[2]["confidence"] == 0.9, m[2]
assert m[2]["problems"][0]["rule"] == "MARKING-NONSTANDARD", m[2]
assert d["rollup"] == "SECRET//REL TO USA, GBR", d["rollup"]
PY

# usage errors: 2
run "$marklint" marking
expect_rc 2 "marking without STRING"
run "$marklint" marking --format xml '(S//NF)'
expect_rc 2 "marking --format xml"
run "$marklint" marking --help
expect_rc 0 "marking --help"
expect_grep out "marklint marking \[options\] STRING" "marking --help"

# hostile strings never crash: 100,000 '//' blocks (from standard input:
# argv cannot carry them), a long argument, control characters, bad UTF-8
$PYTHON -c "import sys; sys.stdout.write('(S' + '//NF' * 100000 + ')\n' +
	'(S' + '//' * 100000 + ')\n' + 'SECRET' + '//' * 100000 + 'NOFORN\n')" >hostile
run "$marklint" marking - <hostile
"$marklint" marking - <hostile >out 2>err
rc=$?
expect_rc 1 "100,000 blocks"
[ "$(grep -c ': malformed' out)" = 3 ] ||
	fail "100,000 blocks: each string judged malformed"
expect_grep out "marking is too long" "100,000 blocks"
long=$($PYTHON -c "print('(S' + '//NF' * 25000 + ')')")
run "$marklint" marking "$long"
expect_rc 1 "a 100 KB argument"
run "$marklint" marking "$(printf '(S//NF\001\033[31m)')" "$(printf '(S//\377\376)')"
expect_rc 1 "control characters and bad UTF-8"
if grep -q "$(printf '\033')" out; then
	fail "an escape character reached the terminal"
fi
# \365 (F5) never starts a UTF-8 sequence, even before continuation bytes
run "$marklint" marking --format json "$(printf '(S//\377)')" \
	"$(printf '(S//\365\200\200)')" "$long"
$PYTHON -c "import json,sys; json.load(open('out'))" ||
	fail "JSON of hostile strings is valid JSON"

finish
