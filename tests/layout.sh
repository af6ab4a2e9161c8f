#!/bin/sh
# layout.sh SRCDIR - the shape HACKING.md promises, held by a tool rather
# than by hope (issue 16): lint/ holds stage folders only (no source file
# directly in lint/), no source file is over 1,200 lines, and no line is
# over 80 columns with tabs at 4 columns (HACKING.md, Conventions).
# Prints every offending file or line, then fails.
srcdir=${1:?usage: layout.sh SRCDIR}
cd "$srcdir" || exit 2
status=0

for f in lint/*.c lint/*.h lint/*.cc; do
	[ -e "$f" ] || continue
	echo "$f: a source file outside the stage folders"
	status=1
done

for f in lint/*/*.c lint/*/*.h lint/*/*.cc; do
	[ -e "$f" ] || continue
	n=$(wc -l <"$f")
	if [ "$n" -gt 1200 ]; then
		echo "$f: $n lines (at most 1,200)"
		status=1
	fi
	# expand(1) puts tabs at 4 columns; awk prints file:line: width
	wide=$(expand -t4 "$f" | awk -v f="$f" \
		'length > 80 { print f ":" NR ": " length " columns (at most 80)" }')
	if [ -n "$wide" ]; then
		echo "$wide"
		status=1
	fi
done
exit $status
