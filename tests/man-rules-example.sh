#!/bin/sh
# man-rules-example.sh MARKLINT SOURCE_DIR: the rule file shown in the
# EXAMPLES of marklint-rules(5) is taken from the page itself and must do
# what the page says: without it the marking is NOFORN-UNJUSTIFIED, with it
# NOFORN-JUSTIFIED. The page cannot drift from the tool.
set -eu
marklint=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the first literal display after ".Sh EXAMPLES", with mdoc's \e unescaped
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$src/man/marklint-rules.5" |
	sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d;$d' |
	sed 's/\\e/\\/g' >"$tmp/command.xml"
grep -q '<citation' "$tmp/command.xml" || { echo "no example found"; exit 1; }
printf '(S//NF) Downlink plan, per SPACECOMI 16-201.\n' >"$tmp/draft.txt"

out=$("$marklint" check "$tmp/draft.txt" || true)
echo "$out" | grep -q '\[NOFORN-UNJUSTIFIED\]' ||
	{ echo "without the file: $out"; exit 1; }
out=$("$marklint" check --authorities "$tmp/command.xml" "$tmp/draft.txt")
echo "$out" | grep -q 'cites SPACECOMI 16-201 .*\[NOFORN-JUSTIFIED\]' ||
	{ echo "with the file: $out"; exit 1; }
"$marklint" check --authorities "$tmp/command.xml" --test-rules >/dev/null ||
	{ echo "the example fails its own examples"; exit 1; }
echo "ok: the example of marklint-rules(5) works as documented"
