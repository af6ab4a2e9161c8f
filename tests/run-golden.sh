#!/bin/sh
# run-golden.sh MARKLINT FIXTURE_DIR EXPECTED_DIR NAME [FORMAT]
#
# Runs `marklint extract --format FORMAT NAME` from inside FIXTURE_DIR (so
# that PATH in the output is just NAME) and compares its standard output
# with EXPECTED_DIR/NAME.out_FORMAT and its exit status with
# EXPECTED_DIR/NAME.exit (0 when that file does not exist). FORMAT is text
# (the default) or json. JSON is checked to be valid and compared after
# both sides are re-indented with sorted keys (python3 -m json.tool), so
# that layout and key order do not matter, values do.
#
# UPDATE=1 rewrites the expected file from the actual output instead: review
# every changed line by eye before committing (HACKING.md).
set -u

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
	echo "usage: $0 MARKLINT FIXTURE_DIR EXPECTED_DIR NAME [text|json]" >&2
	exit 2
fi
marklint=$1
fixdir=$2
expdir=$3
name=$4
format=${5:-text}

case $marklint in
/*) ;;
*) marklint=$(pwd)/$marklint ;;
esac
if [ ! -x "$marklint" ]; then
	echo "FAIL $name: $marklint is not an executable (did the build fail?)" >&2
	exit 1
fi
expected=$expdir/$name.out_$format
want_status=0
if [ -f "$expdir/$name.exit" ]; then
	want_status=$(cat "$expdir/$name.exit")
fi
if [ ! -f "$fixdir/$name" ] && [ ! -d "$fixdir/$name" ]; then
	echo "FAIL $name: no fixture $fixdir/$name (was the fixtures target built?)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

(cd "$fixdir" && exec "$marklint" extract --format "$format" "$name") \
	>"$tmp/out" 2>"$tmp/err"
status=$?

if [ "${UPDATE:-0}" = 1 ]; then
	cp "$tmp/out" "$expected" || exit 2
	if [ "$status" != 0 ]; then
		echo "$status" >"$expdir/$name.exit"
	else
		rm -f "$expdir/$name.exit"
	fi
	echo "updated $expected (exit status $status)"
	exit 0
fi

fail=0
if [ ! -f "$expected" ]; then
	echo "FAIL $name: no expected file $expected" >&2
	exit 1
fi

if [ "$format" = json ]; then
	if ! python3 -m json.tool "$expected" >/dev/null 2>"$tmp/jerr"; then
		echo "FAIL $name: the expected file is not valid JSON:" >&2
		cat "$tmp/jerr" >&2
		fail=1
	fi
	if ! python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/jerr"; then
		echo "FAIL $name: marklint's output is not valid JSON:" >&2
		cat "$tmp/jerr" >&2
		fail=1
	fi
	if [ $fail = 0 ]; then
		python3 -m json.tool --sort-keys --indent 2 --no-ensure-ascii \
			"$expected" >"$tmp/want"
		python3 -m json.tool --sort-keys --indent 2 --no-ensure-ascii \
			"$tmp/out" >"$tmp/got"
	else
		cp "$expected" "$tmp/want"
		cp "$tmp/out" "$tmp/got"
	fi
else
	cp "$expected" "$tmp/want"
	cp "$tmp/out" "$tmp/got"
fi

if ! cmp -s "$tmp/want" "$tmp/got"; then
	echo "FAIL $name ($format): output differs from $expected" >&2
	diff -u --label "expected/$name.out_$format" --label "actual" \
		"$tmp/want" "$tmp/got" >&2
	fail=1
fi
if [ "$status" != "$want_status" ]; then
	echo "FAIL $name ($format): exit status $status, expected $want_status" >&2
	fail=1
fi
if [ $fail != 0 ] && [ -s "$tmp/err" ]; then
	echo "--- standard error:" >&2
	cat "$tmp/err" >&2
fi
[ $fail = 0 ] && echo "ok $name ($format)"
exit $fail
