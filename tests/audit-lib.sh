# audit-lib.sh - helpers for tests/audit-*.sh (sourced): cli-lib.sh, plus
# a tree of documents every audit test uses, in $tmp/tree:
#   a/rfp-draft.docx   the sample RFP (every disposition; organisation)
#   a/b/nf.txt         an unjustified (S//NF) that holds <script>
#   c/clean.txt        nothing to report
#   c/broken.docx      a truncated zip (unreadable)
#   c/image.png        not a document type (skipped)
#   .hidden/x.txt      hidden (never walked)
#   d/doc-NN.txt       twenty small documents, so that -j2 interleaves
. "$(dirname "$0")/cli-lib.sh"
bindir=${3:-}
sample=$bindir/fixtures/sample/rfp-draft.docx
if [ ! -f "$sample" ]; then
	echo "SKIP: $sample not built" >&2
	exit 77
fi

make_tree() {
	mkdir -p tree/a/b tree/c tree/d tree/.hidden
	cp "$sample" tree/a/rfp-draft.docx
	printf '(S//NF) The widget <script>alert(1)</script> design.\n' \
		>tree/a/b/nf.txt
	printf '(U) Nothing restricted here.\n' >tree/c/clean.txt
	printf 'PK\003\004 a truncated zip' >tree/c/broken.docx
	printf 'not a document' >tree/c/image.png
	printf '(S//NF) Hidden.\n' >tree/.hidden/x.txt
	i=0
	while [ $i -lt 20 ]; do
		n=$(printf '%02d' $i)
		if [ $((i % 3)) = 0 ]; then
			printf '(S//NF) Item %s, derived from ICD 403.\n' "$n"
		elif [ $((i % 3)) = 1 ]; then
			printf '(C//NF) Item %s.\n\nThis program is closed to foreign participation at all levels.\n' "$n"
		else
			printf '(U//FOUO) Item %s.\n' "$n"
		fi >tree/d/doc-$n.txt
		i=$((i + 1))
	done
}

# same_audit DIR1 DIR2 WHAT: every output byte-identical.
same_audit() {
	for f in audit.html audit.csv audit.json memo.md memo.html memo.docx; do
		if ! cmp -s "$1/$f" "$2/$f"; then
			fail "$3: $f differs"
			diff "$1/$f" "$2/$f" | head -5 >&2
		fi
	done
	# the folders of pages and worklists too
	for d in docs worklists; do
		if ! diff -r "$1/$d" "$2/$d" >/dev/null 2>&1; then
			fail "$3: $d/ differs"
			diff -r "$1/$d" "$2/$d" 2>&1 | head -5 >&2
		fi
	done
}
