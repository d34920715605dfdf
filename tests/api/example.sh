#!/bin/sh
# examples/speak.c built against the library `make install` put into $STAGE (DESTDIR), found
# through pkg-config alone, linked shared and static; both must speak, the same.
: "${STAGE:?}" "${PREFIX:?}" "${LIBDIR:?}"
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d "${TMPDIR:-/tmp}/ravi-example.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
export RAVI_DATA="$STAGE$PREFIX/share/ravi"
[ -f "$STAGE$LIBDIR/libravi.so.0" ] || { echo "example: no libravi.so.0 installed"; exit 1; }
[ "$(readelf -d "$STAGE$LIBDIR/libravi.so.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" = libravi.so.0 ] ||
    { echo "example: libravi's soname is not libravi.so.0"; exit 1; }
# shellcheck disable=SC2046 # pkg-config's words are separate arguments
$CC $CFLAGS $SANFLAGS -o "$OUT/speak" "$ROOT/examples/speak.c" $(pkg-config --cflags --libs ravi)
# the static library: -lravi taken from libravi.a, what it needs from pkg-config --static
# shellcheck disable=SC2046
$CC $CFLAGS $SANFLAGS -o "$OUT/speak-static" "$ROOT/examples/speak.c" $(pkg-config --cflags ravi) \
    $(pkg-config --static --libs ravi | sed 's/-lravi/-Wl,-Bstatic -lravi -Wl,-Bdynamic/')
text='سازمان هواشناسی از بارش باران در ۱۲ استان خبر داد.'
LD_LIBRARY_PATH="$STAGE$LIBDIR" "$OUT/speak" "$OUT/shared.wav" "$text" >"$OUT/shared.txt"
"$OUT/speak-static" "$OUT/static.wav" "$text" >"$OUT/static.txt"
ldd "$OUT/speak-static" | grep -q libravi && { echo "example: the static build links libravi.so"; exit 1; }
cmp -s "$OUT/shared.wav" "$OUT/static.wav" || { echo "example: shared and static builds differ"; exit 1; }
words=$(grep -c '^  word' "$OUT/shared.txt")
[ "$words" -ge 8 ] || { echo "example: $words words"; cat "$OUT/shared.txt"; exit 1; }
secs=$(soxi -D "$OUT/shared.wav")
awk -v s="$secs" 'BEGIN { exit !(s > 2 && s < 10) }' || { echo "example: $secs s of audio"; exit 1; }
# the installed ravi runs the installed server beside it
"$STAGE$PREFIX/bin/ravi" serve --help | grep -q "usage: ravi serve" ||
    { echo "example: the installed 'ravi serve' does not find ravi-serve"; exit 1; }
echo "example: built against the installed libravi (shared and static), $words words, $secs s"
