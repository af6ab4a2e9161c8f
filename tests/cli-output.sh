#!/bin/sh
# cli-output.sh MARKLINT SRCDIR - the inputs and the output stream:
# directories walked in sorted order (hidden entries, symlinks and other
# extensions skipped; a file named on the command line read whatever its
# name); a write error exits 2 with a message; jsonl is streamed.
. "$(dirname "$0")/cli-lib.sh"

mkdir -p tree/b tree/a tree/.hidden tree/z.docx.d
printf '(S//NF) One.\n' >tree/b/one.txt
printf '(S//NF) Two.\n' >tree/a/two.md
printf '(S//NF) Three.\n' >tree/a/Three.TXT
printf '(S//NF) Hidden.\n' >tree/.hidden/four.txt
printf '(S//NF) Hidden file.\n' >tree/.five.txt
printf '(S//NF) Not a document type.\n' >tree/six.jpg
printf '(S//NF) No extension.\n' >tree/README
printf '(S//NF) In a directory named like a document.\n' >tree/z.docx.d/seven.txt
printf '(S//NF) Outside.\n' >outside.txt
ln -s ../outside.txt tree/link.txt 2>/dev/null
ln -s ../tree/b tree/a/loop 2>/dev/null

run "$marklint" tree
expect_rc 1 "marklint tree"
grep '^tree/' out | cut -d: -f1 >paths
printf '%s\n' tree/a/Three.TXT tree/a/two.md tree/b/one.txt \
	tree/z.docx.d/seven.txt >expected
if ! cmp -s paths expected; then
	fail "the walk: documents or order differ"
	diff expected paths | sed 's/^/    /' >&2
fi
run "$marklint" tree/
expect_grep out "^tree/b/one.txt:[0-9]*: " "a trailing slash adds no second slash"
# XML and HTML: the part is the file, so FILE:LINE as for text, the
# path once
printf '<doc>\n<title>Plan</title>\n<p>(S//NF) Four.</p>\n</doc>\n' >four.xml
printf '<!DOCTYPE html>\n<p>Plan\n<p>(S//NF) Five.\n' >five.html
run "$marklint" four.xml five.html
expect_grep out "^four.xml:3: error: " "XML: FILE:LINE"
expect_grep out "^five.html:3: error: " "HTML: FILE:LINE"
# a file named on the command line is read whatever its name
run "$marklint" tree/README tree/six.jpg
expect_rc 1 "named files of any name"
expect_grep out "^2 documents, " "named files of any name are read"
# an empty directory: nothing to check, no error
mkdir empty
run "$marklint" empty
expect_rc 0 "an empty directory"
expect_grep out "^0 documents, 0 portions, 0 markings: 0 errors, 0 warnings, 0 infos$" \
	"an empty directory: the summary"

# write errors: exit 2 and one message, whatever the format
if [ -w /dev/full ]; then
	for f in text json jsonl; do
		"$marklint" -f "$f" tree >/dev/full 2>err
		rc=$?
		expect_rc 2 "-f $f >/dev/full"
		expect_grep err "^marklint: error writing standard output: " \
			"-f $f >/dev/full: the message"
	done
	"$marklint" --list-rules >/dev/full 2>err
	rc=$?
	expect_rc 2 "--list-rules >/dev/full"
else
	echo "note: no /dev/full, the write-error cases are not run" >&2
fi
# a closed pipe: an error too, not a death by SIGPIPE
i=0
while [ $i -lt 300 ]; do
	printf '(S//NF) Paragraph %d of many.\n\n' $i
	i=$((i + 1))
done >many.txt
mkdir many && i=0 && while [ $i -lt 40 ]; do
	cp many.txt many/m$i.txt
	i=$((i + 1))
done
rc=$( { "$marklint" many 2>pipe.err; echo $? >pipe.rc; } | head -c 1 >/dev/null; cat pipe.rc)
expect_rc 2 "a closed pipe"
expect_grep pipe.err "^marklint: error writing standard output: " \
	"a closed pipe: the message"

# jsonl is flushed document by document: the first line arrives while
# marklint still waits for standard input (a FIFO nobody has written)
if mkfifo fifo 2>/dev/null; then
	"$marklint" -f jsonl tree/b/one.txt fifo >stream.out 2>&1 &
	pid=$!
	n=0
	while [ $n -lt 50 ] && [ ! -s stream.out ]; do
		sleep 0.1
		n=$((n + 1))
	done
	grep -q '"path":"tree/b/one.txt"' stream.out ||
		fail "-f jsonl: the first document is not written at once"
	# let marklint finish (the writer is killed if nobody reads)
	sh -c ': >fifo' &
	writer=$!
	wait $pid
	kill $writer 2>/dev/null
	wait $writer 2>/dev/null
fi
finish
