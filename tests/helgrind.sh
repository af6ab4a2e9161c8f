#!/bin/sh
# helgrind.sh VALGRIND MARKLINT SUPP FIXDIR: check -j2 and audit -j2 under
# valgrind's race checker. Documents are checked on two threads that
# share the rules (patterns JIT-compiled at their first match, under a
# lock) and libzip; any race helgrind sees makes valgrind exit 99. What
# the test asserts is what a user of -j sees: the same report as -j1.
set -eu
vg=$1 ml=$2 supp=$3 fix=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hg() {
	"$vg" -q --tool=helgrind --error-exitcode=99 --suppressions="$supp" \
		"$ml" "$@"
}
docs=$(ls "$fix"/extract/*.docx "$fix"/sample/*.docx)
# shellcheck disable=SC2086 # the list of documents, split on purpose
"$ml" check -j1 -f json $docs > "$tmp/j1.json" || [ $? -eq 1 ]
# shellcheck disable=SC2086
hg check -j2 -f json $docs > "$tmp/j2.json" || {
	r=$?
	[ $r -eq 1 ] || { echo "helgrind: check -j2 exited $r"; exit 1; }
}
cmp "$tmp/j1.json" "$tmp/j2.json"
hg audit -j2 -o "$tmp/audit" "$fix/extract" "$fix/sample" > /dev/null || {
	r=$?
	[ $r -eq 1 ] || { echo "helgrind: audit -j2 exited $r"; exit 1; }
}
test -s "$tmp/audit/audit.json"
echo "helgrind: no race in check -j2 and audit -j2"
