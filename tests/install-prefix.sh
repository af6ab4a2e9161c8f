#!/bin/sh
# install-prefix.sh CMAKE BINDIR SRCDIR - `cmake --install` into a
# temporary prefix puts the binary, both man pages, the copies of
# markings/ and the README where they belong; the installed binary, run
# from another folder with nothing of the build on its path, checks a
# document (a PDF too, through the installed reader child) and finds its
# data (--version names it); the prefix still works once moved elsewhere
# (the data and the reader are found from the executable).
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
grep -q '^draft.txt:1: .*\[NOFORN-UNJUSTIFIED\]$' out ||
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

# the licence, installed and named
if [ -f "$srcdir/LICENSE" ]; then
	[ -s "$tmp/prefix/share/doc/marklint/LICENSE" ] ||
		fail "cmake --install: no share/doc/marklint/LICENSE"
	grep -q '^licence: ' version || fail "--version names no licence"
fi

# PDF: the reader child is installed, and the installed marklint runs the
# installed one (a stand-in that notes its use, then runs the real one)
pdf_check() { # PREFIX WHAT
	rm -f "$tmp/helper-used"
	PATH=/usr/bin:/bin "$1/bin/marklint" check draft.pdf >pdf.out 2>&1
	prc=$?
	[ $prc = 1 ] && grep -q '\[NOFORN-UNJUSTIFIED\]' pdf.out ||
		fail "$2: the PDF was not read (exit $prc): $(head -3 pdf.out)"
	[ -f "$tmp/helper-used" ] ||
		fail "$2: the installed marklint-pdf was not the one run"
}
helper=libexec/marklint/marklint-pdf
if [ -x "$bindir/marklint-pdf" ]; then
	[ -x "$tmp/prefix/$helper" ] || fail "cmake --install: no $helper"
	mv "$tmp/prefix/$helper" "$tmp/prefix/$helper.real"
	printf '#!/bin/sh\n: >"%s/helper-used"\nexec "$0.real" "$@"\n' \
		"$tmp" >"$tmp/prefix/$helper"
	chmod +x "$tmp/prefix/$helper"
	PYTHONPATH=$srcdir/tests python3 -c '
import mkpdf
p = mkpdf.Pdf()
p.page([(72, 100, "(S//NF) The widget design.", 10)])
open("draft.pdf", "wb").write(p.build())' || fail "mkpdf"
	pdf_check "$tmp/prefix" "installed"
fi

# moved: the prefix is relocatable
mv "$tmp/prefix" "$tmp/moved"
"$tmp/moved/bin/marklint" --version >version
grep -q "installed copies of markings/: $tmp/moved/share/marklint$" version ||
	fail "a moved install does not find its data: $(cat version)"
PATH=/usr/bin:/bin "$tmp/moved/bin/marklint" check draft.txt >/dev/null 2>&1
[ $? = 1 ] || fail "a moved install does not check"
[ -x "$bindir/marklint-pdf" ] && pdf_check "$tmp/moved" "moved"
[ $failed = 0 ] && echo "installed and run from $tmp/elsewhere"
exit $failed
