#!/bin/sh
# cli-color.sh MARKLINT SRCDIR - colour only on request or on a terminal
# without NO_COLOR, and never an escape sequence taken from a document.
. "$(dirname "$0")/cli-lib.sh"
esc=$(printf '\033')
make_documents

run "$marklint" nf.txt
expect_no_grep out "$esc" "not a terminal: no escape codes"
run "$marklint" --color=auto nf.txt
expect_no_grep out "$esc" "--color=auto, not a terminal: no escape codes"
run "$marklint" --color=never nf.txt
expect_no_grep out "$esc" "--color=never: no escape codes"
run "$marklint" --color=always nf.txt
expect_grep out "${esc}\[[0-9;]*merror${esc}\[0m: " "--color=always: colours"
run env NO_COLOR=1 "$marklint" --color=always nf.txt
expect_grep out "$esc" "--color=always wins over NO_COLOR"
run "$marklint" --color=always -f json nf.txt
expect_no_grep out "$esc" "--color=always -f json: no escape codes"

# on a terminal (script(1) gives one): colour, unless NO_COLOR
if command -v script >/dev/null 2>&1 &&
   script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$marklint' nf.txt" /dev/null >tty.out 2>&1
	expect_grep tty.out "$esc\[" "a terminal: colours"
	NO_COLOR=1 script -qec "'$marklint' nf.txt" /dev/null >tty.out 2>&1
	expect_no_grep tty.out "$esc" "a terminal with NO_COLOR: no colours"
else
	echo "note: script(1) unusable, the terminal cases are not run" >&2
fi

# a document that carries terminal escapes and control characters
printf '(S//NF) The widget \033]0;owned\007design\033[2J here.\n' >esc.txt
run "$marklint" --color=never esc.txt
expect_rc 1 "esc.txt"
expect_no_grep out "$esc" "escape codes from a document are not printed"
if LC_ALL=C grep -q "$(printf '\007')" out; then
	fail "a BEL from a document is printed"
fi
finish
