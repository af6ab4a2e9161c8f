#!/bin/sh
# install-prefix.sh CMAKE BINDIR SRCDIR - `cmake --install` into a
# temporary prefix puts the binary, both man pages, the copies of
# markings/ and the README where they belong; the installed binary, run
# from another folder with nothing of the build on its path, checks a
# document and finds its data (--version names it); the prefix still works
# once moved elsewhere (the data is found from the executable).
set -u
cmake=$1 bindir=$2 srcdir=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/install-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

"$cmake" --install "$bindir" --prefix "$tmp/prefix" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log" >&2; fail "cmake --install"; exit 1; }
for f in bin/marklint share/man/man1/marklint.1 \
	share/man/man5/marklint-rules.5 share/marklint/markings.rng \
	share/marklint/config.rng share/marklint/lanes.rng \
	share/marklint/rules.xml share/marklint/authorities.xml \
	share/doc/marklint/README.md; do
	[ -s "$tmp/prefix/$f" ] || fail "cmake --install: no $f"
done
for f in "$srcdir"/markings/*; do
	[ -f "$tmp/prefix/share/marklint/$(basename "$f")" ] ||
		fail "cmake --install: markings/$(basename "$f") is missing"
done

# run from elsewhere, with a PATH that holds nothing of the build
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 2
printf '(S//NF) The widget design.\n' >draft.txt
PATH=/usr/bin:/bin "$tmp/prefix/bin/marklint" check draft.txt >out 2>err
rc=$?
[ $rc = 1 ] || fail "the installed marklint: exit $rc, expected 1 ($(cat err))"
grep -q '^draft.txt: .*\[NOFORN-UNJUSTIFIED\]$' out ||
	fail "the installed marklint found nothing"
"$tmp/prefix/bin/marklint" --version >version || fail "--version"
grep -q "^marklint [0-9]" version || fail "--version: no version"
grep -q "^rules: built in; installed copies of markings/: $tmp/prefix/share/marklint$" version ||
	fail "--version does not name the installed data: $(cat version)"
# the installed schema validates the installed rules (what a rule writer
# does with it)
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout --relaxng "$tmp/prefix/share/marklint/markings.rng" \
		"$tmp/prefix/share/marklint/rules.xml" 2>/dev/null ||
		fail "the installed markings.rng does not validate rules.xml"
fi
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tascii "$tmp/prefix/share/man/man1/marklint.1" |
		grep -q 'marklint' || fail "the installed marklint.1 does not render"
fi

# moved: the prefix is relocatable
mv "$tmp/prefix" "$tmp/moved"
"$tmp/moved/bin/marklint" --version >version
grep -q "installed copies of markings/: $tmp/moved/share/marklint$" version ||
	fail "a moved install does not find its data: $(cat version)"
PATH=/usr/bin:/bin "$tmp/moved/bin/marklint" check draft.txt >/dev/null 2>&1
[ $? = 1 ] || fail "a moved install does not check"
[ $failed = 0 ] && echo "installed and run from $tmp/elsewhere"
exit $failed
