# cli-lib.sh - helpers for the tests/cli-*.sh scripts (sourced, not run).
#
# Every script is run by ctest as: sh tests/cli-NAME.sh MARKLINT SRCDIR
# with PYTHON and ML_REPORT_SCHEMA in the environment (tests/cli.cmake).
# It works in a fresh temporary directory ($tmp, the current directory),
# reports each failed assertion on stderr and exits 1 if any failed.
set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 MARKLINT SRCDIR" >&2
	exit 2
fi
marklint=$1
srcdir=$2
case $marklint in
/*) ;;
*) marklint=$(pwd)/$marklint ;;
esac
case $srcdir in
/*) ;;
*) srcdir=$(pwd)/$srcdir ;;
esac
: "${PYTHON:=python3}"
: "${ML_REPORT_SCHEMA:=}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 2
failed=0
# no configuration of the machine running the tests may leak in
unset NO_COLOR

fail() {
	echo "FAIL: $*" >&2
	failed=1
}

# run CMD...: runs with stdout in $tmp/out, stderr in $tmp/err; sets $rc.
run() {
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# expect_rc N WHAT: the last run exited with N.
expect_rc() {
	if [ "$rc" != "$1" ]; then
		fail "$2: exit status $rc, expected $1"
		sed 's/^/    stderr: /' "$tmp/err" | head -5 >&2
	fi
}

# expect_grep FILE PATTERN WHAT / expect_no_grep FILE PATTERN WHAT
expect_grep() {
	grep -q -e "$2" "$1" || fail "$3: no line matches '$2' in $(basename "$1")"
}
expect_no_grep() {
	if grep -q -e "$2" "$1"; then
		fail "$3: a line matches '$2' in $(basename "$1")"
		grep -e "$2" "$1" | head -3 | sed 's/^/    /' >&2
	fi
}

# expect_lines FILE N WHAT: FILE has exactly N lines.
expect_lines() {
	n=$(wc -l <"$1" | tr -d ' ')
	[ "$n" = "$2" ] || fail "$3: $n lines in $(basename "$1"), expected $2"
}

# The documents every test may use (spec examples, MARKINGS.md).
make_documents() {
	printf '(S//NF) The widget design.\n' >nf.txt
	printf '(U) Nothing restricted here.\n' >clean.txt
	printf '(U//FOUO) The test schedule.\n' >fouo.txt
	printf 'PK\003\004 a truncated zip' >broken.docx
	cat >nf.xml <<'XML'
<?xml version="1.0"?>
<rfp>
  <title>Widget program</title>
  <para>(S//NF) The widget design.</para>
  <para>(U) The delivery schedule.</para>
</rfp>
XML
}

finish() {
	exit $failed
}
