#!/bin/sh
# install-deb.sh CPACK BINDIR SRCDIR - `cpack -G DEB` makes one .deb for a
# network without internet: named marklint_VERSION_ARCH.deb, its Depends
# the shared libraries the binaries link (dpkg-shlibdeps), holding the
# binary, the PDF reader, the man pages, the licence, the copies of
# markings/ and the service's systemd unit under /usr; unpacked, the binary checks a document and finds
# its data. (.ci/run installs it with apt-get and runs it.) Skipped (77)
# without dpkg-deb or dpkg-shlibdeps.
set -u
cpack=$1 bindir=$2 srcdir=$3
for t in dpkg-deb dpkg-shlibdeps; do
	command -v $t >/dev/null 2>&1 ||
		{ echo "SKIP: $t is not installed (dpkg-dev)" >&2; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deb-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

"$cpack" -G DEB --config "$bindir/CPackConfig.cmake" -B "$tmp/out" \
	>"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; fail "cpack -G DEB"; exit 1; }
set -- "$tmp"/out/marklint_*.deb
[ $# = 1 ] && [ -f "$1" ] || { fail "cpack made no marklint_*.deb"; exit 1; }
deb=$1
version=$("$bindir/marklint" --version | sed -n '1s/^marklint //p')
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "marklint_${version}_${arch}.deb" ] ||
	fail "the package is $(basename "$deb"), not marklint_${version}_${arch}.deb"
[ "$(dpkg-deb -f "$deb" Package)" = marklint ] || fail "Package"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libxml2 libzip4 libpcre2-8-0 libjansson4 libmicrohttpd12; do
	case " $depends," in
	*" $lib "*|*" $lib,"*) ;;
	*) fail "Depends lacks $lib: $depends" ;;
	esac
done
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/files"
for f in ./usr/bin/marklint ./usr/share/man/man1/marklint.1 \
	./usr/share/man/man5/marklint-rules.5 \
	./usr/share/marklint/markings.rng ./usr/share/marklint/rules.xml \
	./usr/lib/systemd/system/marklint.service \
	./usr/share/doc/marklint/reverse-proxy.md; do
	grep -qx "$f" "$tmp/files" || fail "the package lacks $f"
done
grep -q '^\./usr/local' "$tmp/files" && fail "the package installs under /usr/local"
if [ -x "$bindir/marklint-pdf" ]; then
	grep -qx ./usr/libexec/marklint/marklint-pdf "$tmp/files" ||
		fail "the package lacks the PDF reader"
	case $depends in
	*libpoppler[0-9]*) ;;
	*) fail "Depends lacks poppler's library: $depends" ;;
	esac
fi
if [ -f "$srcdir/LICENSE" ]; then
	grep -qx ./usr/share/doc/marklint/LICENSE "$tmp/files" ||
		fail "the package lacks its licence"
fi

# unpacked, it runs and finds its data
dpkg-deb -x "$deb" "$tmp/root"
cd "$tmp" || exit 2
printf '(S//NF) The widget design.\n' >draft.txt
"$tmp/root/usr/bin/marklint" check draft.txt >run.log 2>&1
[ $? = 1 ] || fail "the packaged marklint: $(cat run.log)"
"$tmp/root/usr/bin/marklint" --version | grep -q "installed copies of markings/: $tmp/root/usr/share/marklint$" ||
	fail "the packaged marklint does not find its data"
[ $failed = 0 ] && echo "$(basename "$deb"): Depends: $depends"
exit $failed
