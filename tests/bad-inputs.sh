#!/bin/sh
# bad-inputs.sh MARKLINT OUTDIR [CASE...]
#
# Runs `marklint extract` on each hostile or broken input that
# make-bad-inputs.py wrote into OUTDIR (it is generated first when
# OUTDIR/cases.tsv is missing), each followed by a good file, from inside
# OUTDIR so that PATH is the bare file name. For a case with an error code
# it asserts:
#   - exit status 2, within 10 seconds of processor time (ulimit -t 10;
#     by the clock, a loaded machine takes several times longer for
#     nothing: only a hang, 120 s by the clock, is also a failure);
#   - exactly one line on standard error, "FILE: error: MESSAGE [CODE]"
#     with the expected CODE;
#   - no portion of the bad file on standard output;
#   - the good file's portion still printed;
#   - with --format json, the same exit status, the bad document with
#     "status": "error" and the code, the good one "ok" with its portion.
# A case whose code is "-" must be read without error (exit status 0,
# nothing on standard error). CHECKS "noleak=PATH": PATH's content is
# nowhere in the output; "nobody": run as uid/gid 65534 via setpriv when
# root (else chmod 000 would not deny), skipped with a message when
# setpriv is missing. Without CASE arguments every case runs.
#
# Exit status: 0 all passed, 1 a case failed, 77 all requested cases were
# skipped (ctest SKIP_RETURN_CODE).
set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 MARKLINT OUTDIR [CASE...]" >&2
	exit 2
fi
marklint=$1
outdir=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
case $marklint in
/*) ;;
*) marklint=$(pwd)/$marklint ;;
esac

if [ ! -x "$marklint" ]; then
	echo "FAIL: $marklint is not an executable (did the build fail?)" >&2
	exit 1
fi
if [ ! -f "$outdir/cases.tsv" ]; then
	python3 "$here/make-bad-inputs.py" "$outdir" || exit 2
fi
good=good.txt
good_line="good.txt: good.txt:1: (U) Good file still read."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bad-inputs.XXXXXX") || exit 2
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

failed=0
ran=0
skipped=0

# fail MESSAGE: records a failure of the current case.
fail() {
	echo "FAIL $case_name: $*" >&2
	case_failed=1
}

run_case() {
	case_name=$1 file=$2 code=$3 options=$4 checks=$5
	case_failed=0
	: >"$tmp/err.json"
	[ "$options" = - ] && options=
	[ "$checks" = - ] && checks=

	prefix=
	case ",$checks," in
	*,nobody,*)
		if [ "$(id -u)" = 0 ]; then
			if ! command -v setpriv >/dev/null 2>&1; then
				echo "SKIP $case_name: running as root and setpriv is" \
					"missing, so chmod 000 cannot deny reading" >&2
				skipped=$((skipped + 1))
				return
			fi
			prefix="setpriv --reuid=65534 --regid=65534 --clear-groups"
		fi
		;;
	esac
	ran=$((ran + 1))

	# shellcheck disable=SC2086 # options and prefix are word lists
	(cd "$outdir" && ulimit -t 10 &&
		exec timeout 120 $prefix "$marklint" extract \
		$options "$file" "$good") </dev/null >"$tmp/out" 2>"$tmp/err"
	status=$?

	if [ $status = 152 ] || [ $status = 137 ]; then
		fail "over 10 s of processor time"
	elif [ $status = 124 ]; then
		fail "hung (over 120 s by the clock)"
	elif [ "$code" = - ]; then
		[ $status = 0 ] || fail "exit status $status, expected 0"
		[ -s "$tmp/err" ] && fail "unexpected standard error output"
		grep -q "^$file: " "$tmp/out" ||
			fail "no portion of $file printed"
	else
		[ $status = 2 ] || fail "exit status $status, expected 2"
		n=$(wc -l <"$tmp/err")
		[ "$n" = 1 ] || fail "$n lines on standard error, expected 1"
		# The file name is literal text: compare the prefix with case.
		line=$(head -n 1 "$tmp/err")
		case $line in
		"$file: error: "*" [$code]") ;;
		*) fail "standard error is not '$file: error: ... [$code]'" ;;
		esac
		if grep -q -F -e "$file: " "$tmp/out"; then
			fail "portions of the unreadable $file were printed"
		fi
	fi
	grep -q -x -F -e "$good_line" "$tmp/out" ||
		fail "the good file after it was not printed"

	# The same in JSON: the bad document has "status": "error" with the
	# code, the good one "status": "ok" with its portion.
	if [ $status != 124 ] && [ $status != 137 ] &&
		[ $status != 152 ]; then
		# shellcheck disable=SC2086
		(cd "$outdir" && ulimit -t 10 &&
		exec timeout 120 $prefix "$marklint" extract \
			--format json $options "$file" "$good") </dev/null \
			>"$tmp/json" 2>"$tmp/jerr"
		jstatus=$?
		[ $jstatus = $status ] ||
			fail "exit status $jstatus with --format json, $status without"
		if ! python3 - "$tmp/json" "$file" "$code" >"$tmp/jcheck" 2>&1 <<'PY'
import json, sys
path, name, code = sys.argv[1:]
try:
    d = json.load(open(path))
except ValueError as e:
    sys.exit(f"--format json output is not JSON: {e}")
docs = d.get("documents", [])
if [x.get("path") for x in docs] != [name, "good.txt"]:
    sys.exit(f"documents are {[x.get('path') for x in docs]}")
bad, good = docs
if code == "-":
    if bad.get("status") != "ok":
        sys.exit(f"{name}: status {bad.get('status')!r}, expected 'ok'")
else:
    err = bad.get("error") or {}
    if bad.get("status") != "error" or err.get("code") != code:
        sys.exit(f"{name}: status {bad.get('status')!r} code "
                 f"{err.get('code')!r}, expected 'error' {code!r}")
    if not err.get("message"):
        sys.exit(f"{name}: empty error message")
    if bad.get("portions"):
        sys.exit(f"{name}: portions listed for a document that failed")
if good.get("status") != "ok" or not any(
        p.get("text") == "(U) Good file still read."
        for p in good.get("portions", [])):
    sys.exit("good.txt: not read, or its portion is missing")
PY
		then
			fail "$(cat "$tmp/jcheck")"
		fi
		cat "$tmp/json" "$tmp/jerr" >>"$tmp/err.json"
	fi

	old_ifs=$IFS
	IFS=,
	for check in $checks; do
		case $check in
		noleak=*)
			src=${check#noleak=}
			if [ ! -r "$src" ]; then
				continue
			fi
			# Every line long enough to be meaningful; short
			# contents (a 2-letter host name) are covered by the
			# "no portion of the bad file" check above.
			while IFS= read -r secret || [ -n "$secret" ]; do
				[ ${#secret} -ge 6 ] || continue
				if grep -q -F -e "$secret" "$tmp/out" \
					"$tmp/err" "$tmp/err.json"
				then
					fail "the content of $src leaked: $secret"
					break
				fi
			done <"$src"
			;;
		esac
	done
	IFS=$old_ifs

	if [ $case_failed = 0 ]; then
		echo "ok $case_name ($file: ${code})"
	else
		failed=$((failed + 1))
		echo "--- command: marklint extract $options $file $good" \
			"(exit status $status)" >&2
		echo "--- standard output:" >&2
		head -c 4000 "$tmp/out" >&2
		echo "--- standard error:" >&2
		head -c 4000 "$tmp/err" >&2
	fi
}

found=0
while IFS="$(printf '\t')" read -r c f code opts chk; do
	if [ $# -gt 0 ]; then
		want=0
		for a in "$@"; do
			[ "$a" = "$c" ] && want=1
		done
		[ $want = 1 ] || continue
	fi
	found=$((found + 1))
	run_case "$c" "$f" "$code" "$opts" "$chk"
done <"$outdir/cases.tsv"

if [ $# -gt 0 ] && [ $found -ne $# ]; then
	echo "FAIL: unknown case among: $*" >&2
	exit 1
fi
[ $failed = 0 ] || exit 1
if [ $ran = 0 ] && [ $skipped -gt 0 ]; then
	exit 77
fi
exit 0
