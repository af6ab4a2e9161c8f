#!/bin/sh
# cli-usage.sh MARKLINT SRCDIR - the command line itself: each command's
# --help lists its own options and no other command's (the tables of
# lint/cli/*.c drive both the parser and --help), misuse exits 2 with one
# line, an unknown command is refused before any work with a did-you-mean,
# a bare `marklint` reading a pipe gets a one-line hint about '-', check
# is the default command and extract still works.
. "$(dirname "$0")/cli-lib.sh"

# every {"name", ... entry of the option tables of lint/cli/
cat "$srcdir"/lint/cli/*.c |
	sed -n 's/^[[:space:]]*{"\([a-z-]*\)", \(0\|'"'"'.'"'"'\), ARG_.*/\1/p' |
	sort -u >options
[ -s options ] || fail "no option found in lint/cli/*.c"

run "$marklint" --help
expect_rc 0 "--help"
for cmd in check extract audit review marking annotate fix serve; do
	expect_grep out "^  $cmd " "--help lists the command $cmd"
done
[ -s err ] && fail "--help wrote to stderr"
: >all-help
for cmd in check extract audit review marking annotate fix serve; do
	run "$marklint" $cmd --help
	expect_rc 0 "$cmd --help"
	cat out >>all-help
	cp out help-$cmd
done
while read -r opt; do
	expect_grep all-help "--$opt\b" "some command's --help lists --$opt"
done <options
expect_grep help-check "--fail-on" "check --help lists --fail-on"
expect_grep help-check "--jobs" "check --help lists --jobs"
expect_no_grep help-extract "--fail-on" "extract --help leaves out check's options"
# review's options only (issue 17): not check's, audit's or annotate's
for opt in --fail-on --exit-zero --color --list-rules --propose --include \
	--files-from --jobs --write-baseline; do
	expect_no_grep help-review "$opt\b" "review --help leaves out $opt"
done
for opt in --for --no-excerpts --output --force --baseline --min-severity; do
	expect_grep help-review "$opt\b" "review --help lists $opt"
done
expect_no_grep help-review "audit:" "review --help speaks of review only"
expect_no_grep help-annotate "--for\b" "annotate --help leaves out review's --for"
expect_no_grep help-marking "--max-depth" "marking --help leaves out the limits"

# misuse: exit 2, one line on stderr, nothing on stdout
for args in "--bogus" "-Z" "--format=yaml nf.txt" "--fail-on=fatal nf.txt" \
	"--min-severity" "--color=sometimes nf.txt" "--max-depth=0 nf.txt" \
	"--config c.xml --no-config nf.txt" "extract --fail-on error nf.txt" \
	"--list-rules=yes" "review --propose nf.txt" "chek nf.txt" ""; do
	# shellcheck disable=SC2086
	run "$marklint" $args
	expect_rc 2 "marklint $args"
	[ -s out ] && fail "marklint $args: wrote to stdout"
	expect_lines err 1 "marklint $args: one line on stderr"
	expect_grep err "^marklint: " "marklint $args: says who speaks"
done
run "$marklint" --bogus
expect_grep err "unknown option '--bogus'" "--bogus is named"
run "$marklint" review --propose nf.txt
expect_grep err "option '--propose' is not an option of review (it is one of annotate)" \
	"an option of another command says whose it is"

# an unknown command: refused before any work, with the command meant
make_documents
for word in chek chekc revew audt anotate extrac marknig; do
	run "$marklint" $word nf.txt
	expect_rc 2 "marklint $word nf.txt"
	expect_grep err "^marklint: unknown command '$word'; did you mean " \
		"marklint $word: did you mean"
	[ -s out ] && fail "marklint $word: did work (wrote to stdout)"
done
run "$marklint" chek nf.txt
expect_grep err "did you mean check?" "chek: check"
# a file of that name is a path, as before
printf '(U) Nothing.\n' >chek
run "$marklint" chek
expect_rc 0 "marklint chek, when chek is a file"
rm -f chek

# a bare marklint: one line (a pipe that forgot '-' is told about it)
echo '(S//NF) x' | "$marklint" >out 2>err
rc=$?
expect_rc 2 "echo x | marklint"
expect_lines err 1 "echo x | marklint: one line"
expect_grep err "marklint check -" "echo x | marklint: the hint names '-'"
echo '(S//NF) x' | "$marklint" check - >out 2>err
rc=$?
expect_rc 1 "echo x | marklint check -"

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
expect_grep out "^serve: libmicrohttpd [0-9].*, \(TLS (GnuTLS)\|no TLS\)$" \
	"--version names the HTTP library of serve, and whether it has TLS"
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
