#!/bin/bash
# run-corpus.sh MARKLINT DIR: runs marklint extract and marklint check over
# every file below DIR. A file passes when marklint ends with status 0 or
# 1 (read; 1: check's findings) or 2 with one
# clear error line naming the file ("FILE: error: ... [code]"). A crash, a
# signal, a sanitizer report, a hang (60 s) or any other status fails.
set -u
marklint=$1
dir=$2
fail=0 ok=0 refused=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check_one() { # FILE COMMAND...
	local f=$1; shift
	local rc=0
	timeout 60 "$marklint" "$@" "$f" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/err"; then
		echo "FAIL (sanitizer) $* $f"; sed 's/^/    /' "$tmp/err" | head -40
		return 1
	fi
	case $rc in
	0) return 0 ;;
	1) [ "$1" = check ] && return 0
		echo "FAIL (status 1) $* $f"; return 1 ;;
	2)
		if [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		   grep -qE "^.+: error: .+ \[[a-z0-9-]+\]$" "$tmp/err"; then
			return 0
		fi
		echo "FAIL (unclear error) $* $f"; sed 's/^/    /' "$tmp/err" | head -5
		return 1 ;;
	124) echo "FAIL (hang, 60 s) $* $f"; return 1 ;;
	*) echo "FAIL (status $rc) $* $f"; sed 's/^/    /' "$tmp/err" | head -20
		return 1 ;;
	esac
}

while IFS= read -r -d '' f; do
	if check_one "$f" extract --format json; then
		if grep -q . "$tmp/err"; then
			refused=$((refused + 1))
			echo "refused: $(cat "$tmp/err")"
		else
			ok=$((ok + 1))
		fi
	else
		fail=$((fail + 1))
	fi
	check_one "$f" check --format json || fail=$((fail + 1))
done < <(find "$dir" -type f ! -name '*.md' -print0 | sort -z)

echo "corpus: $ok read, $refused refused with a clear error, $fail failed"
[ "$fail" -eq 0 ]
