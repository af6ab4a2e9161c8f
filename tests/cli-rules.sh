#!/bin/sh
# cli-rules.sh MARKLINT SRCDIR - what marklint says about its rule set:
# --list-rules lists exactly the rule IDs defined in markings/*.xml, among
# them every ID of MARKINGS.md section 5; --explain works for each listed
# ID and fails for others; --test-rules passes; a bad --rules file stops
# marklint (exit 2) before any document is read.
. "$(dirname "$0")/cli-lib.sh"

spec_ids="NOFORN-UNJUSTIFIED NOFORN-WEAK NOFORN-JUSTIFIED FOREIGN-UNJUSTIFIED
FOREIGN-WEAK FOREIGN-JUSTIFIED FOREIGN-BLANKET BANNER-UNSUPPORTED
BANNER-MISSING-NOFORN NOFORN-RELTO-CONFLICT MARKING-MALFORMED MARKING-NONSTANDARD
FOUO-OBSOLETE"

run "$marklint" --list-rules
expect_rc 0 "--list-rules"
cut -d' ' -f1 out | sort >listed
[ -s listed ] || fail "--list-rules lists no rule"
# the definitions shipped: <rule id="..." in markings/*.xml
cat "$srcdir"/markings/*.xml | tr '\n' ' ' |
	grep -o '<rule[[:space:]][^>]*id="[A-Z0-9-]*"' |
	sed 's/.*id="\([A-Z0-9-]*\)"/\1/' | sort -u >defined
if ! cmp -s listed defined; then
	fail "--list-rules differs from the rules defined in markings/*.xml"
	diff listed defined | sed 's/^/    /' >&2
fi
for id in $spec_ids; do
	grep -qx "$id" listed || fail "--list-rules lacks $id (MARKINGS.md 5)"
done
# each line: ID, severity, disposition, summary
if grep -Ev '^[A-Z0-9-]+ +(error|warning|info) +(remove|review|retain|narrow|correct) +[^ ]' out >bad; then
	fail "--list-rules lines not as 'ID SEVERITY DISPOSITION SUMMARY'"
	sed 's/^/    /' bad >&2
fi

while read -r id; do
	run "$marklint" --explain "$id"
	expect_rc 0 "--explain $id"
	head -1 out | grep -q "^$id (" || fail "--explain $id: first line"
	for section in Why Authority Fix; do
		expect_grep out "^$section:$" "--explain $id has $section"
	done
done <listed
run "$marklint" --explain NO-SUCH-RULE
expect_rc 2 "--explain NO-SUCH-RULE"
expect_grep err "unknown rule ID 'NO-SUCH-RULE'" "--explain of an unknown ID"
[ -s out ] && fail "--explain NO-SUCH-RULE wrote to stdout"

run "$marklint" --test-rules
expect_rc 0 "--test-rules"
expect_grep out "^[1-9][0-9]* examples checked, 0 failures$" \
	"--test-rules counts its examples"

# a user's rule file whose counterexample matches: --test-rules fails
cat >mine.xml <<'XML'
<rules xmlns="urn:marklint:rules:1">
  <citation id="test-command-scg" group="security classification guide"
            noforn="yes" foreign="yes">
    <pattern>Widget SCG</pattern>
    <example>per the Widget SCG, item 4</example>
    <counterexample>the Widget SCG draft</counterexample>
  </citation>
</rules>
XML
failures() { sed -n 's/^[0-9]* examples* checked, \([0-9]*\) failures*$/\1/p' out; }
run "$marklint" --test-rules
before=$(failures)
run "$marklint" --rules mine.xml --test-rules
expect_rc 1 "--test-rules with a failing example"
expect_grep out "mine.xml" "--test-rules names the file of a failure"
[ "$(failures)" = "$((before + 1))" ] ||
	fail "--test-rules counts $(failures) failures, expected $((before + 1))"

# a bad rule file: exit 2 with FILE:LINE before any document is read (the
# missing document would have its own error line otherwise)
printf '<rules xmlns="urn:marklint:rules:1">\n<bogus/>\n</rules>\n' >bad.xml
make_documents
run "$marklint" --rules bad.xml nf.txt no-such-document.txt
expect_rc 2 "--rules bad.xml"
expect_lines err 1 "--rules bad.xml: one line on stderr"
expect_grep err "^bad.xml:[0-9][0-9]*: " "--rules bad.xml: FILE:LINE"
[ -s out ] && fail "--rules bad.xml: wrote to stdout"
run "$marklint" --authorities no-such-file.xml nf.txt
expect_rc 2 "--authorities no-such-file.xml"
expect_grep err "no-such-file.xml" "--authorities: the missing file is named"
run "$marklint" --rules bad.xml --list-rules
expect_rc 2 "--rules bad.xml --list-rules"
finish
