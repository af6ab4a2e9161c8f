#!/bin/sh
# inject.sh MARKLINT SRCDIR FAILWRITE_SO FAILMALLOC_SO [write|malloc]
#
# Failure injection. Output that cannot be written, and memory that runs
# out, must end marklint with exit status 2 and a clear message, never a
# crash, a hang or a silent half report:
#   write: standard output on a full disk (/dev/full; the failwrite.so
#     shim's ENOSPC from write, fflush and fclose), standard output closed,
#     a file size limit reached mid-report (ulimit -f: EFBIG), and for each
#     command that writes files (check --output FORMAT=FILE, audit -o DIR)
#     when it exists: an unwritable directory and a full disk, after which
#     no output file, final or temporary, is left behind;
#   malloc: the failmalloc.so shim fails every allocation after the first
#     N, for N from 0 to past the whole run: exit status 2 with
#     "marklint: out of memory" or a one-line error naming the file,
#     or (N large enough) the normal result; never a signal.
# Without a mode, both run.
. "$(dirname "$0")/cli-lib.sh"
failwrite=$3
failmalloc=$4
mode=${5:-all}
sample=$srcdir/fixtures/sample/essay.txt
rfp=$(dirname "$marklint")/fixtures/sample/rfp-draft.docx
[ -f "$rfp" ] || rfp=$sample
cp "$sample" essay.txt

# has_option COMMAND OPTION: the command's --help lists the option
has_option() {
	"$marklint" "$1" --help 2>/dev/null | grep -q -e "$2"
}

# no_leftovers DIR WHAT: DIR holds no file but the inputs
no_leftovers() {
	left=$(find "$1" -type f ! -name essay.txt | head -n 5)
	[ -z "$left" ] || fail "$2: files left behind: $left"
}

if [ "$mode" = all ] || [ "$mode" = write ]; then
	# 1. standard output on a full disk, through the shim: every format
	for f in text json jsonl; do
		ML_INJECT_WRITE=stdout LD_PRELOAD=$failwrite \
			"$marklint" -f "$f" essay.txt >out 2>err
		rc=$?
		expect_rc 2 "-f $f, stdout failing with ENOSPC"
		expect_grep err "^marklint: error writing standard output: No space left on device$" \
			"-f $f, ENOSPC: the message"
		n=$(wc -l <err)
		[ "$n" = 1 ] || fail "-f $f, ENOSPC: $n lines on standard error"
	done
	# 2. standard output closed
	"$marklint" -f json essay.txt >&- 2>err
	rc=$?
	expect_rc 2 "standard output closed"
	expect_grep err "^marklint: error writing standard output: " \
		"standard output closed: the message"
	# 3. the disk fills up mid-report: 1 KiB file size limit, SIGXFSZ
	# ignored so that write() fails with EFBIG (a report of 4 documents is
	# well over 1 KiB)
	(ulimit -f 1 && trap '' XFSZ &&
		exec "$marklint" -f json "$rfp" essay.txt "$rfp" essay.txt) \
		>partial.json 2>err
	rc=$?
	expect_rc 2 "a report cut by a file size limit"
	expect_grep err "^marklint: error writing standard output: File too large$" \
		"a report cut by a file size limit: the message"
	rm -f partial.json

	# 4. check --output FORMAT=FILE, when this build has it
	if has_option check "--output"; then
		mkdir ro && chmod 555 ro
		prefix=
		if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
			prefix="setpriv --reuid=65534 --regid=65534 --clear-groups"
			chmod 755 . 2>/dev/null
			chmod 644 essay.txt
		fi
		if [ "$(id -u)" != 0 ] || [ -n "$prefix" ]; then
			$prefix "$marklint" --output json=ro/report.json \
				essay.txt >out 2>err
			rc=$?
			expect_rc 2 "--output into an unwritable directory"
			expect_grep err "ro/report.json" \
				"--output into an unwritable directory: names the file"
			no_leftovers ro "--output into an unwritable directory"
		fi
		mkdir full
		for m in files close; do
			ML_INJECT_WRITE=$m LD_PRELOAD=$failwrite "$marklint" \
				--output json=full/report.json essay.txt \
				>out 2>err
			rc=$?
			expect_rc 2 "--output on a full disk ($m)"
			expect_grep err "full/report.json" \
				"--output on a full disk ($m): names the file"
			no_leftovers full "--output on a full disk ($m)"
		done
	else
		echo "note: check has no --output in this build: not tested" >&2
	fi
	# 5. audit -o DIR, when this build has the command
	if has_option audit "--output"; then
		mkdir audit-full
		ML_INJECT_WRITE=files LD_PRELOAD=$failwrite "$marklint" audit \
			-o audit-full/out essay.txt >out 2>err
		rc=$?
		expect_rc 2 "audit -o on a full disk"
		[ -s err ] || fail "audit -o on a full disk: no message"
		if [ -d audit-full/out ]; then
			no_leftovers audit-full "audit -o on a full disk"
		fi
	else
		echo "note: no audit command in this build: not tested" >&2
	fi
fi

if [ "$mode" = all ] || [ "$mode" = malloc ]; then
	# malloc_case WHAT ARM N: one run of the sample RFP and the essay
	# with allocations failing after the first N (counted from the open
	# of the RFP when ARM is set); the documented outcomes only.
	malloc_case() {
		# -j1: the shim's count is one for the whole process, so a
		# sweep is repeatable only on one thread
		ML_INJECT_MALLOC_ARM=$2 ML_INJECT_MALLOC_AFTER=$3 \
			LD_PRELOAD=$failmalloc timeout 30 "$marklint" -j1 \
			-f json "$rfp" essay.txt >out 2>err
		rc=$?
		case $rc in
		0 | 1)
			cmp -s out ok.json ||
				fail "$1 $3: exit $rc but a different report"
			;;
		2)
			last=$(tail -n 1 err)
			case $last in
			"marklint: out of memory" | *": error: "*" ["*"]") ;;
			*) fail "$1 $3: exit 2 with '$last'" ;;
			esac
			;;
		*)
			fail "$1 $3: exit status $rc (crash or hang)"
			tail -c 600 err >&2
			;;
		esac
	}
	# N past the whole run: the normal result (exit 1: findings)
	ML_INJECT_MALLOC_AFTER=100000000 LD_PRELOAD=$failmalloc \
		"$marklint" -j1 -f json "$rfp" essay.txt >ok.json 2>err
	rc=$?
	expect_rc 1 "allocation never failing"
	# reading and checking the documents: every N up to past the end
	n=0
	while [ $n -le 1500 ]; do
		malloc_case "reading: allocation fails after" "${rfp##*/}" $n
		n=$((n + 7))
	done
	# start-up (options, rule set) up to the RELAX NG validation of the
	# built-in rule files: past about 2950 allocations libxml2 2.9's
	# RELAX NG code dereferences what it failed to allocate (a libxml2
	# bug, see marklint(1), LIMITS), so the sweep stops before it.
	for n in 0 1 2 3 5 10 20 50 100 200 300 500 700 1000 1500 2000 \
		2500 2900; do
		malloc_case "start-up: allocation fails after" "" $n
	done
fi
finish
