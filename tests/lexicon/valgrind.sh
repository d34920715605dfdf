#!/bin/sh
# The lexicon commands under valgrind memcheck: no errors, no definite leaks, with good lexicons
# and bad ones. Needs $RAVI (the plain build: valgrind and the sanitizers do not mix).
: "${RAVI:?set RAVI to the ravi binary}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export RAVI_DATA="$ROOT" XDG_CONFIG_HOME=/nonexistent/ravi-vg
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-lexvg.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
printf 'الهام علی‌اف و نماینده ج.ا.ا امام (ره) گفت NATO سازمانِ ملل.\n' >"$TMP/in.txt"
W=$ROOT/tests/lexicon/golden-words.tsv
P=$ROOT/tests/lexicon/golden-phonemes.tsv
. "$ROOT/tests/valgrind-lib.sh"
echo "lexicon valgrind memcheck ($RAVI)"
vg normalize "$RAVI" normalize --lexicon "$W" "$TMP/in.txt"
vg phonemes "$RAVI" phonemes --lexicon "$P" "$TMP/in.txt"
vg check-shipped "$RAVI" lexicon check "$ROOT"/lexicon/*.tsv "$W" "$P"
vg check-bad "$RAVI" lexicon check "$ROOT"/tests/lexicon/bad/*.tsv "$TMP/missing.tsv"
vg lookup "$RAVI" lexicon lookup --lexicon "$W" --lexicon "$P" 'الهام علی‌اف' NATO nato 'ج.ا.ا'
vg bad-lexicon "$RAVI" normalize --lexicon "$ROOT/tests/lexicon/bad/syntax.tsv" "$TMP/in.txt"
echo "lexicon valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
