#!/bin/sh
# cli-jobs.sh MARKLINT SRCDIR - `marklint check -j N` (issue 17): the
# same output, in the same order, and the same exit status as -j1, in
# every format, with unreadable documents among the others; a progress
# line on stderr when stderr is a terminal, none otherwise.
. "$(dirname "$0")/cli-lib.sh"

mkdir -p tree/a tree/b tree/c
i=0
while [ $i -lt 40 ]; do
	case $((i % 4)) in
	0) printf '(S//NF) Widget %d design.\n' $i >tree/a/d$i.txt ;;
	1) printf '(U) Nothing %d here.\n\n(U//FOUO) Test %d.\n' $i $i \
		>tree/b/d$i.txt ;;
	2) printf '(C//NF) Gadget %d. Justification: per ICD 403.\n' $i \
		>tree/c/d$i.txt ;;
	3) printf 'PK\003\004 broken %d' $i >tree/c/d$i.docx ;;
	esac
	i=$((i + 1))
done

for fmt in text json jsonl sarif junit; do
	run "$marklint" check -j1 -f $fmt tree
	rc1=$rc
	cp out one.$fmt
	cp err one.err
	run "$marklint" check -j4 -f $fmt tree
	expect_rc $rc1 "-j4 -f $fmt: the exit status of -j1"
	cmp -s out one.$fmt || fail "-j4 -f $fmt: not the output of -j1"
	cmp -s err one.err || fail "-j4 -f $fmt: not the stderr of -j1"
done
expect_rc 2 "check with unreadable documents"
[ "$(grep -c 'error: .*\[zip-corrupt\]' one.err)" = 10 ] ||
	fail "the ten unreadable documents, each on one line"
run "$marklint" check --jobs 0 tree
expect_rc 2 "--jobs 0 is refused"

# progress: on a terminal only (stderr here is a file: none)
run "$marklint" check -j2 -f json tree
expect_no_grep err "documents, .*/s" "no progress when stderr is a file"
$PYTHON - "$marklint" <<'PY' || fail "progress on a terminal"
import os, pty, subprocess, sys
master, slave = pty.openpty()
with open("progress.out", "wb") as out:
    p = subprocess.run([sys.argv[1], "check", "-j2", "tree"], stdout=out,
                       stderr=slave)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
assert b"40/40 documents" in data, data[-300:]
# the report itself is unchanged by it
assert open("progress.out", "rb").read() == open("one.text", "rb").read()
PY
finish
