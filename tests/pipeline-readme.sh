#!/bin/sh
# pipeline-readme.sh MARKLINT SRCDIR - the README's CI recipe, run as
# written: the command that makes the baseline (`... --write-baseline
# .marklint-baseline.xml drafts/ && git add ...`, with a stand-in git) and
# the command of the workflow's marklint step (its folded YAML `run: >`),
# with build/marklint being the binary under test. The run passes against
# its baseline, fails on a new finding, and no output it leaves (the log
# on standard output and error, the SARIF, the JUnit report, the
# baseline) holds a word of the documents' paragraphs.
. "$(dirname "$0")/cli-lib.sh"
readme=$srcdir/README.md

# the workflow's marklint step: the lines after "run: >" up to the next
# "- " item, folded into one line as YAML folds them
step=$(awk '/^      - name: marklint$/ {f=1; next}
	f && /run: >/ {r=1; next}
	r && /^ *- / {exit}
	r {sub(/^ +/, ""); printf "%s ", $0}' "$readme")
case $step in
"build/marklint check "*) ;;
*) fail "README: no 'build/marklint check' step in the workflow: '$step'"
   finish ;;
esac
# the baseline command: the sh line that writes .marklint-baseline.xml
make_baseline=$(grep -m1 '^marklint check --write-baseline .marklint-baseline.xml' "$readme")
[ -n "$make_baseline" ] || fail "README: no --write-baseline command"

mkdir -p repo/drafts repo/build repo/bin
ln -s "$marklint" repo/build/marklint
ln -s "$marklint" repo/bin/marklint
printf '#!/bin/sh\necho "$@" >>git-added\n' >repo/bin/git
chmod +x repo/bin/git
# paragraphs with words that must never reach an output
printf '(S//NF) Quokka sensor performance is classified.\n\n(U//FOUO) The wombat schedule.\n' \
	>repo/drafts/rfp.txt
printf 'This program is closed to foreign participation at all levels, per the numbat plan.\n' \
	>repo/drafts/sow.txt
secret='Quokka\|wombat\|numbat\|sensor performance'

cd repo
PATH=$tmp/repo/bin:$PATH sh -c "$make_baseline" >../out 2>../err
rc=$?
cd "$tmp"
expect_rc 0 "README: $make_baseline"
expect_grep repo/git-added '.marklint-baseline.xml' "README: git add ran"
expect_no_grep repo/.marklint-baseline.xml "$secret" \
	"the baseline quotes no document text"

# the step, as written, against the committed baseline: passes
(cd repo && sh -c "$step") >out 2>err
rc=$?
expect_rc 0 "README step against its baseline"
for f in out err repo/marklint.sarif repo/marklint-junit.xml; do
	[ -f "$f" ] || { fail "README step: no $f"; continue; }
	expect_no_grep "$f" "$secret" "README step: $f quotes no document text"
done
expect_grep repo/marklint.sarif '"ruleId": "NOFORN-UNJUSTIFIED"' \
	"README step: the SARIF has the (baselined) finding"

# a new finding: the step fails, and still quotes nothing
printf '(C//NF) The bilby annex.\n' >repo/drafts/new.txt
(cd repo && sh -c "$step") >out 2>err
rc=$?
expect_rc 1 "README step with a new finding"
expect_grep out "^drafts/new.txt:1: .*\[NOFORN-UNJUSTIFIED\]" \
	"README step: the new finding is reported"
for f in out err repo/marklint.sarif repo/marklint-junit.xml; do
	expect_no_grep "$f" "$secret\|bilby" \
		"README step (new finding): $f quotes no document text"
done
finish
