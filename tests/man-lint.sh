#!/bin/sh
# man-lint.sh SRCDIR - every man page is clean under `mandoc -Tlint` at
# the style level: no error, warning or style message. Two kinds of
# message depend on the machine, not on the page, and are left out: a
# referenced manual that is not installed (marklint(1) and
# marklint-rules(5) themselves while building, fnmatch(3) on a machine
# without manpages-dev) and an outdated mandoc.db (standard error).
# Skipped (77) without mandoc (tools/install-deps installs it).
src=$1
if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP: mandoc is not installed (tools/install-deps)" >&2
	exit 77
fi
status=0
n=0
for page in "$src"/man/*.[1-9]; do
	n=$((n + 1))
	# -Tlint writes its messages to standard output; the state of the
	# machine's mandoc.db goes to standard error and is not the page's
	msgs=$(mandoc -Tlint -Wstyle "$page" 2>/dev/null |
		grep -v ': referenced manual not found: ')
	if [ -n "$msgs" ]; then
		echo "$msgs"
		status=1
	fi
done
[ "$n" -gt 0 ] || { echo "no man page in $src/man"; exit 1; }
[ $status = 0 ] && echo "$n man pages lint-clean"
exit $status
