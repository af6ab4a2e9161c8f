#!/bin/sh
# review-print.sh MARKLINT FIXDIR FORMAT - the review memo printed as a
# security office prints it: every page marked with the memo's banner,
# top and bottom. FORMAT docx: the Word memo converted to PDF by
# LibreOffice (soffice --headless --convert-to pdf); html: the HTML memo
# printed to PDF by headless Chromium. Each page is read back with
# pdftotext: its first and last lines must be the banner. Memos: the
# sample RFP (several pages, a table that spans pages), the same with
# --no-excerpts (UNCLASSIFIED), and a long one (many documents).
# Exits 77 (skipped) with a message when the converter or pdftotext is not
# installed (tools/install-deps installs them).
set -u
marklint=$1 fixdir=$2 format=$3
case $marklint in /*) ;; *) marklint=$(pwd)/$marklint ;; esac
case $fixdir in /*) ;; *) fixdir=$(pwd)/$fixdir ;; esac

if ! command -v pdftotext >/dev/null 2>&1; then
	echo "SKIP: pdftotext not installed (poppler-utils)" >&2
	exit 77
fi
case $format in
docx) tool=soffice ;;
html) tool=chromium ;;
*) echo "usage: $0 MARKLINT FIXDIR docx|html" >&2; exit 2 ;;
esac
if ! command -v "$tool" >/dev/null 2>&1; then
	echo "SKIP: $tool not installed: the printed $format memo is not" \
	     "checked (tools/install-deps installs it)" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/review-print.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() {
	echo "FAIL: $*" >&2
	failed=1
}

# to_pdf IN OUT: print the memo IN to the PDF OUT
to_pdf() {
	if [ "$format" = docx ]; then
		# a profile of its own, so that no running LibreOffice or
		# user setting is involved
		HOME=$tmp soffice --headless \
			"-env:UserInstallation=file://$tmp/lo-profile" \
			--convert-to pdf --outdir "$tmp/pdf" "$1" \
			>"$tmp/conv.log" 2>&1
		mv "$tmp/pdf/$(basename "${1%.*}").pdf" "$2" 2>/dev/null
	else
		chromium --headless --no-sandbox --disable-gpu --no-first-run \
			--disable-background-networking \
			--disable-component-update --disable-sync \
			--user-data-dir="$tmp/chromium-profile" \
			--no-pdf-header-footer --print-to-pdf="$2" \
			"file://$1" >"$tmp/conv.log" 2>&1
	fi
	[ -s "$2" ] || { fail "$1 was not printed: $(tail -3 "$tmp/conv.log")"; return 1; }
}

# check_pages PDF BANNER MINPAGES: every page's first and last lines are
# BANNER, and there are at least MINPAGES pages
check_pages() {
	before=$failed
	failed=0
	pages=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')
	[ -n "$pages" ] || { fail "$1: not a PDF"; return; }
	[ "$pages" -ge "$3" ] || fail "$1: $pages pages, expected at least $3"
	p=1
	while [ "$p" -le "$pages" ]; do
		# -layout: lines in their place on the page, so that the
		# first and last are the page's top and bottom
		pdftotext -layout -f "$p" -l "$p" "$1" - |
			sed 's/^ *//; s/ *$//' |
			grep -v '^[[:space:][:cntrl:]]*$' >"$tmp/page"
		first=$(head -n 1 "$tmp/page")
		last=$(tail -n 1 "$tmp/page")
		[ "$first" = "$2" ] ||
			fail "$(basename "$1") page $p of $pages: top line '$first', not the banner '$2'"
		[ "$last" = "$2" ] ||
			fail "$(basename "$1") page $p of $pages: bottom line '$last', not the banner '$2'"
		p=$((p + 1))
	done
	[ $failed = 0 ] &&
		echo "$(basename "$1"): $pages pages, each marked $2 top and bottom"
	[ $before = 0 ] || failed=1
}

# the sample RFP, as the build makes it
cd "$fixdir" || exit 2
"$marklint" review -f "$format" rfp-draft.docx >"$tmp/sample.$format" ||
	fail "review of the sample"
to_pdf "$tmp/sample.$format" "$tmp/sample.pdf" &&
	check_pages "$tmp/sample.pdf" "SECRET//NOFORN" 3
"$marklint" review --no-excerpts -f "$format" rfp-draft.docx \
	>"$tmp/bare.$format" || fail "review --no-excerpts"
to_pdf "$tmp/bare.$format" "$tmp/bare.pdf" &&
	check_pages "$tmp/bare.pdf" "UNCLASSIFIED" 2

# a long memo: many documents, a table over many pages
mkdir "$tmp/docs"
i=1
while [ $i -le 40 ]; do
	printf '(C//NF) %d.1 The interface to the power plant.\n\n(U) %d.2 This acquisition is closed to foreign participation at all levels.\n\n(C//NF) %d.3 Test data for security reasons.\n' \
		$i $i $i >"$tmp/docs/part$i.txt"
	i=$((i + 1))
done
"$marklint" review --no-config -f "$format" "$tmp"/docs/*.txt \
	>"$tmp/long.$format" || fail "review of 40 documents"
to_pdf "$tmp/long.$format" "$tmp/long.pdf" &&
	check_pages "$tmp/long.pdf" "CONFIDENTIAL//NOFORN" 10

exit $failed
