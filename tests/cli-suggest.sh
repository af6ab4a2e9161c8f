#!/bin/sh
# cli-suggest.sh MARKLINT SRCDIR - suggested replacements (MARKINGS.md 5):
# always a whole marking in the form of the one it replaces (never a bare
# "REL TO ..."), never releasing to more partners than the author named,
# and every suggested marking parses with `marklint marking`: over the
# fixtures and, when it is beside the checkout, the text and XML of the
# real government corpus.
. "$(dirname "$0")/cli-lib.sh"

# suggestion LINE: the suggestion printed for the finding of RULE at LINE
check_one() {
	printf '%s\n' "$1" >in.txt
	run "$marklint" --no-config --exit-zero in.txt
	sed -n "/\[$2\]\$/{n;/^    suggestion: /{s/^    suggestion: //;p;q};n;s/^    suggestion: //p;q}" \
		out >sugg
	got=$(cat sugg)
	[ "$got" = "$3" ] || fail "$1: suggestion '$got', expected '$3'"
}

U=NOFORN-UNJUSTIFIED
# the spec's examples: the form of the one replaced, never a bare REL TO
check_one '(S//NF) The design.' $U '(S//REL TO USA, FVEY)'
check_one '(S/NF) The design.' $U '(S//REL TO USA, FVEY)'
check_one '(S//NOFORN) The design.' $U '(S//REL TO USA, FVEY)'
check_one '(SECRET//NF) The design.' $U '(S//REL TO USA, FVEY)'
check_one '(TS//SI//NF) The design.' $U '(TS//SI//REL TO USA, FVEY)'
# the document's partners, in register order
check_one '(S//NF) The design is shared with the United Kingdom and Australia.' \
	$U '(S//REL TO USA, AUS, GBR)'
# never wider than the author's own release list
check_one '(C//REL TO USA, GBR//NF) The design.' $U '(C//REL TO USA, GBR)'
check_one '(C//REL TO USA, GBR/NF) The design.' $U '(C//REL TO USA, GBR)'
check_one '(C//REL TO USA, GBR/NF) Shared with Canada and Australia.' $U \
	'(C//REL TO USA, GBR)'
# a statement keeps its label, an unclassified portion only loses NOFORN
# a statement keeps its label and states a whole marking: the document's
# (its banner, else its portions' roll-up, else unclassified)
check_one 'Dissemination: NOFORN' $U 'Dissemination: UNCLASSIFIED'
printf 'SECRET\n\n(S) The design.\n\nDissemination: NOFORN\n' >in.txt
run "$marklint" --no-config --exit-zero in.txt
expect_grep out '^    suggestion: Dissemination: SECRET//REL TO USA, FVEY$' \
	"a statement: the banner's classification, REL TO instead of NOFORN"
printf '(C) The design.\n\nNOT RELEASABLE TO FOREIGN NATIONALS\n' >in.txt
run "$marklint" --no-config --exit-zero in.txt
expect_grep out '^    suggestion: CONFIDENTIAL//REL TO USA, FVEY$' \
	"an unlabelled statement: the portions' roll-up"
# a banner missing NOFORN gets a whole banner that carries it, though the
# NOFORN portion is a statement and no portion mark
printf 'UNCLASSIFIED\n\n(U) The design.\n\nDissemination: NOFORN\n' >in.txt
run "$marklint" --no-config --exit-zero in.txt
expect_grep out '^    suggestion: UNCLASSIFIED//NOFORN$' \
	"BANNER-MISSING-NOFORN: the banner with NOFORN"
check_one '(U//NF) The design.' $U '(U)'
# FOUO-OBSOLETE (disposition correct) comes with the corrected marking:
# FOUO gone, an unclassified marking made CUI, its other controls kept
F=FOUO-OBSOLETE
check_one '(U//FOUO) The design.' $F '(CUI)'
check_one '(U//FOUO/NF) The design.' $F '(CUI//NF)'
check_one '(S//FOUO) The design.' $F '(S)'
check_one '(C//FOUO/NF) The design.' $F '(C//NF)'
check_one 'SECRET//FOUO' $F 'SECRET'
# a letter-spaced banner reads as the banner it spells (MARKING-NONSTANDARD)
N=MARKING-NONSTANDARD
check_one 'S E C R E T // N O F O R N' $N 'SECRET//NOFORN'
check_one 'T O P S E C R E T // S I // N O F O R N' $N 'TOP SECRET//SI//NOFORN'
check_one 'T O P  S E C R E T' $N 'TOP SECRET'
# IC-ISM: attributes for attributes, other controls and the author's
# releasableTo kept
cat >in.xml <<'XML'
<?xml version="1.0"?>
<doc xmlns:ism="urn:us:gov:ic:ism">
<p ism:classification="S" ism:disseminationControls="OC NF">The design.</p>
<p ism:classification="C" ism:disseminationControls="REL NF"
   ism:releasableTo="USA GBR">Shared.</p>
</doc>
XML
run "$marklint" --no-config --exit-zero in.xml
expect_grep out '^    suggestion: ism:disseminationControls="OC REL" ism:releasableTo="USA FVEY"$' \
	"IC-ISM: NF becomes REL, OC kept"
expect_grep out '^    suggestion: ism:disseminationControls="REL" ism:releasableTo="USA GBR"$' \
	"IC-ISM: the author's releasableTo, never wider"

# No suggestion is a bare REL TO, and every one that is a marking string
# parses: over every text and XML fixture and the government corpus.
ls "$srcdir"/fixtures/rules/*/*.txt "$srcdir"/fixtures/rules/*/*.xml \
	"$srcdir"/fixtures/lanes/*.txt "$srcdir"/fixtures/review/*.txt \
	>files 2>/dev/null
gov=$srcdir/../shared/corpus/realworld-gov
if [ -d "$gov" ]; then
	find "$gov" -type f \( -name '*.txt' -o -name '*.xml' \) >>files
fi
# shellcheck disable=SC2046
"$marklint" --no-config --exit-zero -f jsonl $(cat files) >all.jsonl 2>/dev/null
"$PYTHON" - all.jsonl >suggestions <<'PY' || fail "could not read the JSON Lines"
import json, sys
seen = set()
for line in open(sys.argv[1], encoding="utf-8"):
    doc = json.loads(line)
    for f in doc.get("findings", []):
        s = f.get("suggestion")
        if s and s not in seen:
            seen.add(s)
            print(s)
PY
[ -s suggestions ] || fail "no suggestion at all over the fixtures"
grep -q '^REL TO' suggestions && fail "a bare REL TO suggestion: $(grep '^REL TO' suggestions | head -1)"
n=0
while IFS= read -r s; do
	case $s in
	'('[A-Z]*|UNCLASSIFIED*|CONFIDENTIAL*|SECRET*|TOP\ SECRET*|CUI*)
		n=$((n + 1))
		"$marklint" marking "$s" >/dev/null 2>&1 ||
			fail "suggested marking does not parse: $s" ;;
	esac
done <suggestions
[ "$n" -gt 5 ] || fail "only $n suggested markings were tried"

exit $failed
