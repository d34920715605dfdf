#!/bin/sh
# The commands under valgrind memcheck: no errors, no definite leaks, on good input and bad.
: "${RAVI:?set RAVI to the ravi binary}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export RAVI_DATA="$ROOT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-vg.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
printf 'سازمان هواشناسی کشور ۱۲ درجه اعلام کرد. «دوم» ۲٫۵ درصد!\nپاراگراف ۱۴۰۲/۰۵/۱۲ ج.ا.ا\n' >"$TMP/in.txt"
printf 'بد \377 متن.\n' >"$TMP/bad.txt"
: >"$TMP/empty.txt"
. "$ROOT/tests/valgrind-lib.sh"
echo "valgrind memcheck ($RAVI)"
vg normalize "$RAVI" normalize "$TMP/in.txt"
vg phonemes-ipa "$RAVI" phonemes --ipa "$TMP/in.txt"
vg say-wav "$RAVI" say -o "$TMP/out.wav" "$TMP/in.txt"
vg say-opus "$RAVI" say -o "$TMP/out.opus" "$TMP/in.txt"
vg say-cues "$RAVI" say -o "$TMP/c.wav" --subtitles "$TMP/c.vtt" --word-timings --json-events "$TMP/c.json" "$TMP/in.txt"
vg say-raw-stdout "$RAVI" say -o - --raw "$TMP/in.txt"
vg invalid-utf8 "$RAVI" normalize "$TMP/bad.txt"
vg empty "$RAVI" say -o "$TMP/e.wav" "$TMP/empty.txt"
vg missing "$RAVI" say -o "$TMP/m.wav" "$TMP/nope.txt"
vg unwritable "$RAVI" say -o "$TMP/no/dir/x.wav" "$TMP/in.txt"
printf '%s\n' "$TMP/in.txt" "$TMP/bad.txt" "$TMP/empty.txt" "$TMP/nope.txt" >"$TMP/manifest.txt"
vg batch --trace-children=yes "$RAVI" batch "$TMP/manifest.txt" -o "$TMP/batch" --subtitles vtt --jobs 2
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
