#!/bin/sh
# The commands under valgrind memcheck: no errors, no definite leaks, on good input and bad.
: "${RAVI:?set RAVI to the ravi binary}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export RAVI_DATA="$ROOT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-vg.XXXXXX")
HTTPD=
trap '[ -n "$HTTPD" ] && kill "$HTTPD" 2>/dev/null; rm -rf "$TMP"' EXIT
printf 'سازمان هواشناسی کشور ۱۲ درجه اعلام کرد. «دوم» ۲٫۵ درصد!\nپاراگراف ۱۴۰۲/۰۵/۱۲ ج.ا.ا\n' >"$TMP/in.txt"
printf 'بد \377 متن.\n' >"$TMP/bad.txt"
: >"$TMP/empty.txt"
. "$ROOT/tests/valgrind-lib.sh"
echo "valgrind memcheck ($RAVI)"
vg normalize "$RAVI" normalize "$TMP/in.txt"
vg phonemes-ipa "$RAVI" phonemes --ipa "$TMP/in.txt"
vg say-wav "$RAVI" say -o "$TMP/out.wav" "$TMP/in.txt"
vg say-opus "$RAVI" say -o "$TMP/out.opus" "$TMP/in.txt"
# Vorbis files are decoded and their true peak checked before they go into place
vg say-ogg-checked "$RAVI" say -o "$TMP/out.ogg" --loudness -14 "$TMP/in.txt"
vg say-mp3-page-tags "$RAVI" say -o "$TMP/out.mp3" --date 2024-03-05 "$ROOT/tests/e2e/data/published.html"
vg say-flac-wav-tags "$RAVI" say -o "$TMP/out.flac" --loudness -23 --author 'نویسنده' "$TMP/in.txt"
vg say-stream-gain "$RAVI" say -o - --format ogg "$TMP/in.txt"
vg say-cues "$RAVI" say -o "$TMP/c.wav" --subtitles "$TMP/c.vtt" --word-timings --json-events "$TMP/c.json" "$TMP/in.txt"
vg say-raw-stdout "$RAVI" say -o - --raw "$TMP/in.txt"
vg invalid-utf8 "$RAVI" normalize "$TMP/bad.txt"
vg empty "$RAVI" say -o "$TMP/e.wav" "$TMP/empty.txt"
vg missing "$RAVI" say -o "$TMP/m.wav" "$TMP/nope.txt"
vg unwritable "$RAVI" say -o "$TMP/no/dir/x.wav" "$TMP/in.txt"
printf '%s\n' "$TMP/in.txt" "$TMP/bad.txt" "$TMP/empty.txt" "$TMP/nope.txt" >"$TMP/manifest.txt"
vg batch --trace-children=yes "$RAVI" batch "$TMP/manifest.txt" -o "$TMP/batch" --subtitles vtt --jobs 2
# pages fetched with libcurl from a server on 127.0.0.1 (tests/e2e/httpd.py): a redirect, gzip, a
# legacy charset, and the errors
python3 "$ROOT/tests/e2e/httpd.py" "$TMP/port" "$ROOT/tests/e2e/data/published.html" &
HTTPD=$!
for _ in $(seq 1 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
BASE=http://127.0.0.1:$(cat "$TMP/port")
vg url-redirect-tags "$RAVI" say -o "$TMP/u.ogg" "$BASE/redirect"
[ -s "$TMP/u.ogg" ] || { failed=$((failed + 1)); echo "  FAIL url-redirect-tags: no audio from $BASE"; }
vg url-gzip "$RAVI" normalize "$BASE/gzip.html"
vg url-cp1256 "$RAVI" phonemes "$BASE/cp1256.html"
vg url-404 "$RAVI" normalize "$BASE/missing"
vg url-too-large "$RAVI" normalize "$BASE/big-chunked"
# the fetches themselves, in ravi-fetch, which ravi runs for a URL (beside it)
FETCH=$(dirname "$RAVI")/ravi-fetch
for page in redirect gzip.html cp1256.html missing big-chunked; do
    vg "ravi-fetch-$page" "$FETCH" "$BASE/$page" 30
done
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
