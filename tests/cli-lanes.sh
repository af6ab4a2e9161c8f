# cli-lanes.sh MARKLINT SRCDIR - lanes of cooperation (issue 7): the
# suggestion for a NOFORN marking or a foreign restriction without a basis
# releases to the partners of its portion's lane (or its document's),
# unless the document names partners itself; a department's lanes file
# (--lanes, <lanes href>) replaces a shipped lane of the same name; a bad
# lanes file exits 2 naming file and line. Fixtures: fixtures/lanes/.
. "$(dirname "$0")/cli-lib.sh"
fx=$srcdir/fixtures/lanes
cp "$fx"/*.txt "$fx"/*.xml .

# check [OPTIONS] FILE...: marklint check without configuration
check() {
	run "$marklint" --no-config "$@"
}

check hypersonics.txt
expect_rc 1 "hypersonics"
expect_grep out "^    suggestion: (S//REL TO USA, AUS, GBR)$" \
	"a hypersonics portion gets the AUKUS suggestion"
expect_grep out "lane aukus-pillar-2: AUKUS Pillar II (AUS, GBR) \[NOFORN-UNJUSTIFIED\]$" \
	"the message says which lane and why"
expect_grep out "^    lane: aukus-pillar-2$" "the text writer shows the lane"

check hypersonics-canada.txt
expect_grep out "^    suggestion: (S//REL TO USA, CAN)$" \
	"a document that names Canada: its partners win"
expect_grep out "but the document names its own partners" \
	"... and the message says so"

check counterterrorism.txt
expect_grep out "^    suggestion: (S//REL TO USA, AUS, CAN, GBR, ISR, SGP)$" \
	"a counterterrorism portion gets the IWTSD partners"
expect_grep out "^    lane: iwtsd$" "counterterrorism: the IWTSD lane"

check no-lane.txt
expect_grep out "^    suggestion: (S//REL TO USA, FVEY)$" \
	"a portion in no lane gets FVEY"
expect_no_grep out "^    lane:" "no lane, no lane line"
expect_no_grep out "; lane " "no lane, nothing about lanes in the message"

check document-lane.txt
expect_grep out "^    suggestion: (S//REL TO USA, AUS, GBR)$" \
	"a portion in no lane takes its document's lane"

check weak.txt
expect_grep out "\[NOFORN-WEAK\]$" "weak basis: review"
expect_grep out "^    suggestion: (S//REL TO USA, AUS, GBR)$" \
	"review gets a lane-based suggestion"

check restriction.txt
expect_grep out "^    suggestion: open it to USA, AUS, GBR (AUKUS Pillar II), " \
	"a foreign restriction in a lane: open it to the lane's partners"

# JSON: the finding's lane
check --format json hypersonics.txt no-lane.txt
$PYTHON - out <<'PY' || fail "JSON: lane of the finding"
import json, sys
docs = {d["path"]: d for d in json.load(open(sys.argv[1]))["documents"]}
f = docs["hypersonics.txt"]["findings"][0]
assert f["lane"] == "aukus-pillar-2", f
assert f["suggestion"] == "(S//REL TO USA, AUS, GBR)", f
assert "lane" not in docs["no-lane.txt"]["findings"][0]
PY

# a department's own lanes file replaces the shipped lane of that name
check --lanes department.xml hypersonics.txt no-lane.txt
expect_grep out "^    suggestion: (S//REL TO USA, AUS, GBR, JPN)$" \
	"--lanes: the department's hypersonics lane replaces the shipped one"
expect_grep out "^    suggestion: (S//REL TO USA, NOR)$" \
	"--lanes: a lane of the department's own"
# ... and from the configuration file
cat >.marklint.xml <<'XML'
<?xml version="1.0"?>
<marklint xmlns="urn:marklint:config:1">
  <lanes href="department.xml"/>
</marklint>
XML
run "$marklint" hypersonics.txt
expect_grep out "^    suggestion: (S//REL TO USA, AUS, GBR, JPN)$" \
	"<lanes href> in the configuration file"
run "$marklint" --print-config hypersonics.txt
expect_grep out '<lanes href=".*department.xml"/>' "--print-config keeps <lanes>"
rm .marklint.xml

# bad lanes files: exit 2, one line naming file and line
for bad in bad-code.xml:10:XXXX bad-trigraph.xml:5: bad-schema.xml:3: \
    bad-pattern.xml:6:; do
	file=${bad%%:*}
	rest=${bad#*:}
	line=${rest%%:*}
	check --lanes "$file" no-lane.txt
	expect_rc 2 "$file"
	expect_grep err "^$file:$line: .*\[lanes-invalid\]$" "$file: file and line"
	if [ "$file" = bad-code.xml ]; then
		expect_grep err "'XXXX' is not a tetragraph the marking register knows" \
			"unknown partner code"
	fi
	if [ "$file" = bad-trigraph.xml ]; then
		expect_grep err "'XYZ' is not an ISO 3166 trigraph" \
			"a trigraph that names no country"
	fi
done
check --lanes missing.xml no-lane.txt
expect_rc 2 "a missing lanes file"
expect_grep err "\[lanes-unreadable\]$" "a missing lanes file"

# the self-test covers the lanes' topics
check --test-rules
expect_rc 0 "--test-rules with the shipped lanes"
check --test-rules --lanes bad-example.xml
expect_rc 1 "--test-rules: a lane's example that does not match"
expect_grep out "^bad-example.xml:7: lane 'bad': example matches no topic" \
	"--test-rules names the lane example"
expect_grep out "^bad-example.xml:8: lane 'bad': counterexample matches" \
	"--test-rules names the lane counterexample"

finish
