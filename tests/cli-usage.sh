#!/bin/sh
# cli-usage.sh MARKLINT SRCDIR - the command line itself: --help lists
# every option of the table in lint/cli_opts.c (so help and parser cannot
# drift), misuse exits 2 with one line, check is the default command and
# extract still works.
. "$(dirname "$0")/cli-lib.sh"

# the table: every {"name", ... entry of cli_options[]
sed -n '/^const cli_option cli_options\[\] = {/,/^};/p' \
	"$srcdir/lint/cli/cli_opts.c" |
	sed -n 's/^[[:space:]]*{"\([a-z-]*\)",.*/\1/p' >options
[ -s options ] || fail "no option found in lint/cli_opts.c"

run "$marklint" --help
expect_rc 0 "--help"
while read -r opt; do
	expect_grep out "--$opt\\b" "--help lists --$opt"
done <options
for cmd in check extract; do
	expect_grep out "^  $cmd " "--help lists the command $cmd"
done
[ -s err ] && fail "--help wrote to stderr"

run "$marklint" check --help
expect_rc 0 "check --help"
expect_grep out "--fail-on" "check --help lists --fail-on"
run "$marklint" extract --help
expect_rc 0 "extract --help"
expect_no_grep out "--fail-on" "extract --help leaves out check's options"

# misuse: exit 2, one line on stderr, nothing on stdout
for args in "--bogus" "-Z" "--format=yaml nf.txt" "--fail-on=fatal nf.txt" \
	"--min-severity" "--color=sometimes nf.txt" "--max-depth=0 nf.txt" \
	"--config c.xml --no-config nf.txt" "extract --fail-on error nf.txt" \
	"--list-rules=yes" ""; do
	# shellcheck disable=SC2086
	run "$marklint" $args
	expect_rc 2 "marklint $args"
	[ -s out ] && fail "marklint $args: wrote to stdout"
	if [ -n "$args" ]; then
		expect_lines err 1 "marklint $args: one line on stderr"
		expect_grep err "^marklint: " "marklint $args: says who speaks"
	fi
done
run "$marklint" --bogus
expect_grep err "unknown option '--bogus'" "--bogus is named"

run "$marklint" --version
expect_rc 0 "--version"
expect_grep out "^marklint [0-9]" "--version"
# and the build options: PDF, the pattern JIT, the libraries, the data
expect_grep out "^PDF: \(poppler [0-9].*\|not supported by this build (MARKLINT_PDF=OFF).*\)$" \
	"--version says whether PDF is read"
expect_grep out "^pattern JIT: \(on\|off, patterns are interpreted\) (PCRE2 [0-9]" \
	"--version says whether patterns are JIT-compiled"
expect_grep out "^libraries: libxml2 [0-9].*, libzip [0-9].*, jansson [0-9]" \
	"--version names the libraries"
expect_grep out "^rules: built in; installed copies of markings/: " \
	"--version says where the data is"
[ "$(sed -n 1p out)" = "marklint $(sed -n 's/^#define ML_VERSION_STRING "\(.*\)"$/\1/p' "$srcdir/lint/include/marklint.h")" ] ||
	fail "--version: the first line is not 'marklint VERSION'"

# check is the default command; extract still works
make_documents
run "$marklint" clean.txt
expect_rc 0 "marklint clean.txt"
expect_grep out "^1 document, 1 portion, 0 markings: 0 errors, 0 warnings, 0 infos$" \
	"the summary of marklint clean.txt"
run "$marklint" check clean.txt
expect_rc 0 "marklint check clean.txt"
run "$marklint" extract nf.txt
expect_rc 0 "marklint extract nf.txt"
expect_grep out "^nf.txt: nf.txt:1: (S//NF) The widget design.$" "extract"
run "$marklint" extract
expect_rc 2 "extract without FILE"
finish
