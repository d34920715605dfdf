#!/bin/sh
# End-to-end tests of bad and hostile input (issue 7): each either works or fails with one
# clear message and a non-zero exit, never crashes, and is bounded in time with `timeout`.
# Already covered elsewhere (run.sh, input.sh): empty input, a directory, punctuation-only
# normalize, \377 and the two-byte overlong sequence, SIGINT/SIGTERM during a long file, a closed
# pipe, a full disk, an empty HTML page, a 50 MB HTML page. Run by run.sh; needs $RAVI.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
: "${RAVI:?set RAVI to the ravi binary}"
export RAVI_DATA="$ROOT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-robust.XXXXXX")
OUT_FILE=$TMP/stdout
ERR_FILE=$TMP/stderr
trap 'rm -rf "$TMP"' EXIT INT TERM
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
# under the sanitizers everything is several times slower
SLOW=1
[ "${SANITIZE:-}" = 1 ] && SLOW=4
SENTENCE='سیل در گیلان آمد.'

# peak_kb CMD...: runs CMD (stdout and stderr discarded) and prints its peak RSS in KB.
peak_kb() {
    /usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>&1 </dev/null
    tail -n 1 "$TMP/rss"
}

# repeat_text BYTES FILE: the samples repeated until FILE has about BYTES bytes.
repeat_text() {
    : >"$2"
    while [ "$(wc -c <"$2")" -lt "$1" ]; do cat "$ROOT"/samples/*.txt "$2" >"$2.tmp"; mv "$2.tmp" "$2"; done
}

test_invalid_utf8_every_kind() {
    # overlong 3-byte '/', a UTF-16 surrogate, past U+10FFFF, a sequence cut by the end of file
    printf 'سلام \340\200\257 دنیا \355\240\200 و \364\220\200\200 پایان \360\237' >"$TMP/bad.txt"
    expect_status 1 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/bad.txt"
    expect_stderr "bad.txt: invalid UTF-8 at byte 9, replaced with U\\+FFFD"
    grep -q 'پایان' "$OUT_FILE" || fail "the text after the bad bytes was not read"
    printf '<p>سلام \340\200\257 دنیا.</p><p>\364\220\200\200 پایان</p>' >"$TMP/bad.html"
    expect_status 1 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/bad.html"
    expect_stderr "bad.html: invalid UTF-8 at byte 12, replaced with U\\+FFFD"
    grep -q 'پایان' "$OUT_FILE" || fail "HTML: the text after the bad bytes was not read"
}

test_nul_bytes() {
    # plain text and HTML: a NUL separates words like a space; SSML (XML) forbids it: an error
    printf 'سلام\000دنیا.\000\000 خوب\n' >"$TMP/nul.txt"
    expect_status 0 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/nul.txt"
    [ "$(cat "$OUT_FILE")" = "$(printf 'سلامِ دنیا.\nخوب')" ] || fail "text: $(cat "$OUT_FILE")"
    printf '<p>سلام\000دنیا.</p>' >"$TMP/nul.html"
    expect_status 0 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/nul.html"
    grep -q 'دنیا' "$OUT_FILE" || fail "HTML: $(cat "$OUT_FILE")"
    printf '<speak>سلام\000دنیا.</speak>' >"$TMP/nul.ssml"
    expect_status 1 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/nul.ssml"
    expect_stderr "nul.ssml:1:[0-9]+: invalid SSML"
}

test_ten_megabyte_line_without_spaces() {
    # one 10 MB "word": read in pieces of at most 64 KB, in bounded memory
    head -c 5242880 /dev/zero | tr '\000' 'a' | sed 's/a/س/g' >"$TMP/line.txt"
    kb=$(peak_kb timeout $((120 * SLOW)) "$RAVI" normalize "$TMP/line.txt")
    expect_status 0 timeout $((120 * SLOW)) "$RAVI" normalize "$TMP/line.txt"
    [ "$(wc -c <"$OUT_FILE")" -ge 10485760 ] || fail "text lost: $(wc -c <"$OUT_FILE") bytes out"
    [ "$(wc -l <"$OUT_FILE")" -gt 100 ] || fail "not cut into pieces"
    [ "${SANITIZE:-}" = 1 ] || [ "$kb" -lt 65536 ] || fail "peak RSS $kb KB for a 10 MB line"
}

test_hundred_thousand_digits() {
    # too long to be an amount, or even digit groups: left as digits, at once
    head -c 100000 /dev/zero | tr '\000' '7' >"$TMP/digits.txt"
    start=$(date +%s)
    expect_status 0 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/digits.txt"
    [ $(($(date +%s) - start)) -le $((5 * SLOW)) ] || fail "took $(($(date +%s) - start)) s"
    ! grep -q 'هزار\|میلیون\|میلیارد' "$OUT_FILE" || fail "read as a number"
    [ "$(tr -d '\n' <"$OUT_FILE" | wc -c)" -eq 100000 ] || fail "digits lost"
}

test_ten_thousand_nested_elements() {
    # libxml2's HTML parser flattens what is too deep; SSML past 300 levels is an error
    { printf '<html><body>'; i=0; while [ $i -lt 10000 ]; do printf '<div>'; i=$((i + 1)); done
      printf '<p>%s</p></body></html>' "$SENTENCE"; } >"$TMP/deep.html"
    expect_status 0 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/deep.html"
    [ "$(cat "$OUT_FILE")" = "$SENTENCE" ] || fail "HTML: $(cat "$OUT_FILE")"
    { printf '<speak>'; i=0; while [ $i -lt 10000 ]; do printf '<prosody rate="slow">'; i=$((i + 1)); done
      printf '%s</speak>' "$SENTENCE"; } >"$TMP/deep.ssml"
    expect_status 1 timeout $((10 * SLOW)) "$RAVI" normalize "$TMP/deep.ssml"
    expect_stderr "deep.ssml:1:[0-9]+: invalid SSML: elements nested more than 300 deep"
}

test_megabyte_lexicon_line() {
    printf '%s\n' "$SENTENCE" >"$TMP/s.txt"
    { printf 'سیل\t'; head -c 524288 /dev/zero | tr '\000' 'a' | sed 's/a/سِ/g'; } >"$TMP/big.tsv"
    expect_status 1 timeout $((10 * SLOW)) "$RAVI" normalize --lexicon "$TMP/big.tsv" "$TMP/s.txt"
    grep -Eq '^ravi: .*big.tsv:1: line of [0-9]+ bytes: an entry has at most 4096$' "$ERR_FILE" ||
        fail "no message naming the line: $(head -c 300 "$ERR_FILE")"
}

test_lexicon_with_bom_and_crlf() {
    printf '%s\n' "$SENTENCE" >"$TMP/s.txt"
    printf '\357\273\277گیلان\tگیلانات\r\nسیل\tسِیلاب\r\n' >"$TMP/dos.tsv"
    expect_status 0 timeout $((10 * SLOW)) "$RAVI" normalize --lexicon "$TMP/dos.tsv" "$TMP/s.txt"
    [ "$(cat "$OUT_FILE")" = 'سِیلاب در گیلانات آمد.' ] || fail "$(cat "$OUT_FILE")"
    [ ! -s "$ERR_FILE" ] || fail "messages: $(cat "$ERR_FILE")"
}

test_only_punctuation_is_not_read() {
    # an article reader does not name punctuation: nothing to read, as README says
    printf '... ؟ ! ، « » - ؛ :)\n!!!\n***\n' >"$TMP/punct.txt"
    expect_status 1 timeout $((20 * SLOW)) "$RAVI" say -o "$TMP/punct.wav" "$TMP/punct.txt"
    expect_stderr "punct.txt: no text to read"
    [ ! -e "$TMP/punct.wav" ] || fail "an audio file was written"
    expect_status 1 "$RAVI" normalize "$TMP/punct.txt"
    # a separator line between sections is skipped, the sections read
    printf 'خبر اول.\n\n***\n\nخبر دوم.\n' >"$TMP/sections.txt"
    expect_status 0 "$RAVI" phonemes "$TMP/sections.txt"
    [ "$(grep -c . "$OUT_FILE")" -eq 2 ] || fail "expected two sentences: $(cat "$OUT_FILE")"
    ! grep -q "s,etAR" "$OUT_FILE" || fail "the stars were read: $(cat "$OUT_FILE")"
}

test_dev_zero_then_sigint() {
    # NULs say nothing and never block: the reader itself must notice the signal
    "$RAVI" normalize /dev/zero >/dev/null 2>"$ERR_FILE" &
    pid=$!
    sleep 1
    kill -INT $pid
    start=$(date +%s)
    ( sleep $((5 * SLOW)); kill -KILL $pid 2>/dev/null ) &
    guard=$!
    wait $pid
    status=$?
    kill $guard 2>/dev/null
    [ $status -eq 130 ] || fail "exit status $status after SIGINT, expected 130"
    [ $(($(date +%s) - start)) -le 2 ] || fail "took $(($(date +%s) - start)) s to stop"
    [ ! -s "$ERR_FILE" ] || fail "messages: $(cat "$ERR_FILE")"
}

test_memory_stays_flat() {
    # the shape: 4 times the input, the same peak (within 20%), under 64 MB. `say` on smaller
    # files: a megabyte of text is hours of audio.
    [ "${SANITIZE:-}" = 1 ] && return 0 # ASan's shadow memory is no measure of ours
    repeat_text 1048576 "$TMP/1m.txt"
    repeat_text 4194304 "$TMP/4m.txt"
    a=$(peak_kb timeout 300 "$RAVI" normalize "$TMP/1m.txt")
    b=$(peak_kb timeout 300 "$RAVI" normalize "$TMP/4m.txt")
    within "$b" "$a" 0.2 || fail "normalize: peak RSS $a KB for 1 MB, $b KB for 4 MB"
    [ "$b" -lt 65536 ] || fail "normalize: peak RSS $b KB"
    head -c 65536 "$TMP/1m.txt" >"$TMP/64k.txt"
    head -c 262144 "$TMP/1m.txt" >"$TMP/256k.txt"
    a=$(peak_kb timeout 600 "$RAVI" say -o "$TMP/a.wav" "$TMP/64k.txt")
    b=$(peak_kb timeout 600 "$RAVI" say -o "$TMP/b.wav" "$TMP/256k.txt")
    within "$b" "$a" 0.2 || fail "say: peak RSS $a KB for 64 KB, $b KB for 256 KB"
    [ "$b" -lt 65536 ] || fail "say: peak RSS $b KB"
}

echo "robustness tests ($RAVI)"
for t in $(grep -o '^test_[a-z0-9_]*' "$0"); do
    run_test "$t"
done
echo "robust: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
