#!/bin/sh
# End-to-end tests of the input half: HTML pages and SSML documents, the headline pause, and
# the voices. Run by run.sh; needs $RAVI (the binary).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
: "${RAVI:?set RAVI to the ravi binary}"
export RAVI_DATA="$ROOT"
DATA=$HERE/data
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-input.XXXXXX")
OUT_FILE=$TMP/stdout
ERR_FILE=$TMP/stderr
trap 'rm -rf "$TMP"' EXIT INT TERM
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"

# longest_silence FILE: "SECONDS START" of the longest stretch of near-silence (|x| < 0.002).
longest_silence() {
    sox "$1" -t dat - 2>/dev/null | awk '
        /^;/ { next }
        { t = $1; a = $2 < 0 ? -$2 : $2
          if (a < 0.002) { if (!run) start = t; run = 1; len = t - start
                           if (len > best) { best = len; at = start } }
          else run = 0 }
        END { printf "%.3f %.3f\n", best, at }'
}

# median_pitch FILE: the median fundamental frequency (Hz) of its voiced 40 ms frames, found by
# autocorrelation at 8 kHz (sox's "Rough frequency" follows the formants, not the voice's pitch).
median_pitch() {
    sox "$1" -r 8000 -t dat - sinc -1000 2>/dev/null | awk '
        /^;/ { next }
        { x[n++] = $2 }
        END {
            for (s = 0; s + 480 < n; s += 400) {
                r0 = 0; for (i = 0; i < 320; i++) r0 += x[s+i] * x[s+i]
                if (r0 < 0.5) continue
                best = 0; lag = 0
                for (l = 27; l <= 160; l++) {
                    r = 0; e = 0
                    for (i = 0; i < 320; i++) { r += x[s+i] * x[s+i+l]; e += x[s+i+l] * x[s+i+l] }
                    r = r / sqrt(r0 * e + 1e-9)
                    if (r > best) { best = r; lag = l }
                }
                if (best > 0.6) f[m++] = 8000 / lag
            }
            for (i = 0; i < m; i++) for (j = i + 1; j < m; j++) if (f[j] < f[i]) { t = f[i]; f[i] = f[j]; f[j] = t }
            printf "%.0f\n", m ? f[int(m / 2)] : 0
        }'
}

# near_full_scale FILE: how many samples are within 2 % of full scale (clipping, or close to it).
near_full_scale() {
    sox "$1" -t dat - 2>/dev/null | awk '!/^;/ { a = $2 < 0 ? -$2 : $2; if (a > 0.98) n++ } END { print n + 0 }'
}

# ---- HTML ------------------------------------------------------------------------

test_html_page_reads_the_article() {
    expect_status 0 "$RAVI" normalize --no-ezafe "$DATA/news-page.html"
    diff -u "$DATA/news-page.expected" "$OUT_FILE" >"$TMP/diff" || fail "sentences differ: $(cat "$TMP/diff")"
    [ ! -s "$ERR_FILE" ] || fail "messages: $(cat "$ERR_FILE")"
}

test_html_on_stdin_is_recognised() {
    "$RAVI" normalize --no-ezafe <"$DATA/news-page.html" >"$OUT_FILE" 2>"$ERR_FILE" || fail "exit $?"
    cmp -s "$DATA/news-page.expected" "$OUT_FILE" || fail "HTML on standard input read differently"
    cp "$DATA/news-page.html" "$TMP/page.txt"
    "$RAVI" normalize --no-ezafe --html "$TMP/page.txt" | cmp -s "$DATA/news-page.expected" - || fail "--html"
    "$RAVI" normalize --text "$TMP/page.txt" | grep -q 'script' || fail "--text did not read the markup as text"
}

test_html_broken_markup() {
    expect_status 0 "$RAVI" normalize --no-ezafe "$DATA/broken.html"
    for line in 'زلزله در کرمان' 'خسارتی گزارش نشده است تاکنون هیچ مصدومی' 'بند دوم' 'خانه دو' \
                'پایان خبر' 'متن بی‌پایان'; do
        grep -qxF "$line" "$OUT_FILE" || fail "missing line '$line': $(cat "$OUT_FILE")"
    done
    grep -q 'فارس' "$OUT_FILE" || fail "numeric character references not decoded"
    ! grep -q 'document' "$OUT_FILE" || fail "script read"
}

test_html_empty_body() {
    printf '<!DOCTYPE html><html><head><title>هیچ</title><script>var a;</script></head>\n<body><nav>منو</nav>   </body></html>\n' >"$TMP/empty.html"
    expect_status 1 "$RAVI" say -o "$TMP/e.wav" "$TMP/empty.html"
    expect_stderr "empty.html: no article text in this HTML page"
    [ ! -e "$TMP/e.wav" ] || fail "an empty page made a file"
    printf '<html></html>' | "$RAVI" normalize >/dev/null 2>"$ERR_FILE"
    [ $? -eq 1 ] || fail "empty page on stdin"
    expect_stderr "standard input: no article text"
}

test_html_invalid_utf8_reported_with_offset() {
    printf '<p>سلام \377 دنیا.</p>' >"$TMP/bad.html"
    expect_status 1 "$RAVI" normalize --no-ezafe "$TMP/bad.html"
    expect_stderr "bad.html: invalid UTF-8 at byte 12, replaced"
    grep -qxF 'سلام دنیا.' "$OUT_FILE" || fail "the rest was not read: $(cat "$OUT_FILE")"
}

# A 50 MB page (10 MB under the sanitizers) is read in bounded time and memory.
test_html_big_page_streams() {
    mb=50
    [ "${SANITIZE:-}" = 1 ] && mb=10
    awk -v mb=$mb 'BEGIN {
        print "<!DOCTYPE html><html><head><title>صفحه بزرگ</title></head><body><nav>منو</nav><main><article><h1>صفحه بزرگ</h1>"
        p = "<p class=\"text\">صادرات غیرنفتی <a href=\"/x?a=1&amp;b=2\">ایران</a> افزایش یافت &amp; ادامه دارد.<script>var s=\"<p>\";</script></p>\n<div class=\"ad\">تبلیغ</div>\n"
        n = int(mb * 1024 * 1024 / length(p))
        for (i = 0; i < n; i++) printf "%s", p
        print "</article></main><footer>پایان</footer></body></html>" }' >"$TMP/big.html"
    start=$(date +%s)
    /usr/bin/time -f %M -o "$TMP/rss" "$RAVI" normalize "$TMP/big.html" >"$TMP/big.out" 2>"$ERR_FILE" ||
        fail "exit $?: $(cat "$ERR_FILE")"
    secs=$(($(date +%s) - start))
    rss=$(tail -1 "$TMP/rss")
    lines=$(wc -l <"$TMP/big.out")
    echo "    $mb MB page: $lines sentences in ${secs}s, max RSS $((rss / 1024)) MB"
    [ "$lines" -gt 1000 ] || fail "only $lines sentences read"
    ! grep -q 'تبلیغ\|منو\|پایان' "$TMP/big.out" || fail "page furniture read"
    [ $secs -lt 120 ] || fail "took $secs s"
    [ "${SANITIZE:-}" = 1 ] || [ "$rss" -lt 65536 ] || fail "max RSS $rss KB, over 64 MB"
}

# ---- headline pause --------------------------------------------------------------

test_headline_pause_in_plain_text() {
    printf 'افزایش صادرات غیرنفتی\n\nصادرات غیرنفتی ایران افزایش یافت.\n' >"$TMP/h.txt"
    printf 'افزایش صادرات غیرنفتی\n' >"$TMP/h-only.txt"
    "$RAVI" say --headline-pause 1500 -o "$TMP/h.wav" "$TMP/h.txt" || fail "say exit $?"
    "$RAVI" say -o "$TMP/h-only.wav" "$TMP/h-only.txt"
    set -- $(longest_silence "$TMP/h.wav")
    greater "$1" 1.5 || fail "longest silence $1 s, expected at least the 1.5 s headline pause"
    headline=$(seconds "$TMP/h-only.wav")
    # the silence starts where the headline's speech ends (eSpeak's own end pause included)
    awk -v at="$2" -v h="$headline" 'BEGIN { exit !(at > h - 0.8 && at < h + 0.1) }' ||
        fail "the long silence starts at $2 s, the headline lasts $headline s"
    "$RAVI" say --headline-pause 0 -o "$TMP/h0.wav" "$TMP/h.txt"
    d=$(awk -v a="$(seconds "$TMP/h.wav")" -v b="$(seconds "$TMP/h0.wav")" 'BEGIN { print a - b }')
    within "$d" 1.5 0.01 || fail "--headline-pause 1500 added $d s"
}

test_headline_pause_in_html() {
    "$RAVI" say --headline-pause 2000 --paragraph-pause 300 -o "$TMP/p.wav" "$DATA/news-page.html" ||
        fail "say exit $?"
    set -- $(longest_silence "$TMP/p.wav")
    greater "$1" 2.0 || fail "longest silence $1 s, expected the 2 s headline pause"
    awk -v at="$2" 'BEGIN { exit !(at > 1 && at < 6) }' || fail "the long silence is at $2 s, not after the headline"
}

# ---- SSML ------------------------------------------------------------------------

test_ssml_text_nodes_are_normalised() {
    expect_status 0 "$RAVI" normalize --no-ezafe "$DATA/news.ssml"
    diff -u "$DATA/news-ssml.expected" "$OUT_FILE" >"$TMP/diff" || fail "sentences differ: $(cat "$TMP/diff")"
    ! grep -q 'نباید' "$OUT_FILE" || fail "<desc> was read"
    "$RAVI" normalize --no-ezafe <"$DATA/news.ssml" | cmp -s "$DATA/news-ssml.expected" - || fail "SSML on stdin not recognised"
    "$RAVI" phonemes "$DATA/news.ssml" >"$OUT_FILE" 2>"$ERR_FILE" || fail "phonemes exit $?"
    ! grep -q 'speak\|prosody' "$OUT_FILE" || fail "markup read as text: $(cat "$OUT_FILE")"
}

test_ssml_spoken_with_sane_duration() {
    expect_status 0 "$RAVI" say -o "$TMP/s.wav" "$DATA/news.ssml"
    greater "$(rms "$TMP/s.wav")" 0.02 || fail "no signal"
    # about as long as its text read as plain text (the prosody is slow: a little longer)
    "$RAVI" normalize --no-ezafe "$DATA/news.ssml" >"$TMP/s.txt"
    "$RAVI" say --text -o "$TMP/t.wav" "$TMP/s.txt"
    s=$(seconds "$TMP/s.wav")
    t=$(seconds "$TMP/t.wav")
    echo "    SSML $s s, its text alone $t s"
    within "$s" "$t" 0.35 || fail "SSML lasts $s s, its text $t s"
    "$RAVI" say -o "$TMP/s2.wav" "$DATA/news.ssml"
    cmp -s "$TMP/s.wav" "$TMP/s2.wav" || fail "two runs differ"
}

test_ssml_break_adds_its_time() {
    printf '<speak><p>صادرات غیرنفتی افزایش یافت. این خبر خوبی است.</p></speak>\n' >"$TMP/b0.ssml"
    printf '<speak><p>صادرات غیرنفتی افزایش یافت. <break time="1s"/> این خبر خوبی است.</p></speak>\n' >"$TMP/b1.ssml"
    printf '<speak><p>صادرات غیرنفتی افزایش یافت. <break strength="x-strong"/> این خبر خوبی است.</p></speak>\n' >"$TMP/b2.ssml"
    for b in b0 b1 b2; do
        "$RAVI" say -o "$TMP/$b.wav" "$TMP/$b.ssml" || fail "$b exit $?"
    done
    d=$(awk -v a="$(seconds "$TMP/b1.wav")" -v b="$(seconds "$TMP/b0.wav")" 'BEGIN { print a - b }')
    within "$d" 1.0 0.05 || fail '<break time="1s"/> added '"$d s"
    set -- $(longest_silence "$TMP/b1.wav")
    greater "$1" 1.0 || fail "no second of silence in the middle: longest $1 s"
    d=$(awk -v a="$(seconds "$TMP/b2.wav")" -v b="$(seconds "$TMP/b0.wav")" 'BEGIN { print a - b }')
    within "$d" 1.2 0.05 || fail 'strength="x-strong" added '"$d s"
}

test_invalid_ssml_names_line_and_column() {
    printf '<speak>\n<p>سلام <break time="1s">\n</p></speak>\n' >"$TMP/bad.ssml"
    expect_status 1 "$RAVI" say -o "$TMP/bad.wav" "$TMP/bad.ssml"
    expect_stderr "^ravi: $TMP/bad.ssml:3:5: invalid SSML: .*mismatch"
    [ ! -e "$TMP/bad.wav" ] || fail "invalid SSML made a file"
    printf '<speak><p>سلام' >"$TMP/open.ssml"
    expect_status 1 "$RAVI" normalize "$TMP/open.ssml"
    expect_stderr "open.ssml:1:[0-9]+: invalid SSML: the document ends before <p> is closed"
    printf '<html><p>سلام</p></html>' >"$TMP/html.txt"
    expect_status 1 "$RAVI" normalize --ssml "$TMP/html.txt"
    expect_stderr "html.txt:1:[0-9]+: invalid SSML: the root element is <html>"
    printf '<speak>یک &nbsp; دو</speak>' >"$TMP/ent.ssml"
    expect_status 1 "$RAVI" normalize "$TMP/ent.ssml"
    expect_stderr "ent.ssml:1:[0-9]+: invalid SSML: Entity 'nbsp' not defined"
    awk 'BEGIN { printf "<speak>"; for (i = 0; i < 400; i++) printf "<prosody rate=\"slow\">"; print "سلام" }' >"$TMP/deep.ssml"
    expect_status 1 "$RAVI" normalize "$TMP/deep.ssml"
    expect_stderr "deep.ssml:1:[0-9]+: invalid SSML: elements nested more than"
    printf '<!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>' >"$TMP/xxe.ssml"
    "$RAVI" normalize "$TMP/xxe.ssml" >"$OUT_FILE" 2>"$ERR_FILE"
    ! grep -q 'root:' "$OUT_FILE" || fail "an external entity was read"
}

# ---- voices ----------------------------------------------------------------------

test_voices_lists_ravi_and_espeak_voices() {
    expect_status 0 "$RAVI" voices
    for v in ravi-male ravi-female fa; do
        grep -q "^$v " "$OUT_FILE" || fail "ravi voices does not list $v: $(cat "$OUT_FILE")"
    done
    grep -q '^ravi-female  *female' "$OUT_FILE" || fail "no gender for ravi-female"
    expect_status 0 "$RAVI" voices --help
    grep -q "usage: ravi voices" "$OUT_FILE" || fail "voices --help"
}

test_voices_sound_different_and_deterministic() {
    text='رئیس سازمان توسعه تجارت روز سه‌شنبه در نشستی خبری در تهران گفت که صادرات افزایش یافته است.'
    mkdir -p "$TMP/tmpdir"
    for v in fa ravi-male ravi-female; do
        printf '%s\n' "$text" | TMPDIR=$TMP/tmpdir "$RAVI" say --voice $v -o "$TMP/$v.wav" - 2>"$ERR_FILE" ||
            fail "--voice $v exit $?: $(cat "$ERR_FILE")"
        printf '%s\n' "$text" | TMPDIR=$TMP/tmpdir "$RAVI" say --voice $v -o "$TMP/$v-2.wav" -
        cmp -s "$TMP/$v.wav" "$TMP/$v-2.wav" || fail "--voice $v: two runs differ"
        greater "$(rms "$TMP/$v.wav")" 0.02 || fail "--voice $v: no signal"
    done
    [ -z "$(ls -A "$TMP/tmpdir")" ] || fail "left behind: $(ls -A "$TMP/tmpdir")"
    male=$(median_pitch "$TMP/ravi-male.wav")
    female=$(median_pitch "$TMP/ravi-female.wav")
    default=$(median_pitch "$TMP/fa.wav")
    echo "    median pitch: fa $default Hz, ravi-male $male Hz, ravi-female $female Hz"
    greater "$female" $((male + 60)) || fail "ravi-female ($female Hz) is not clearly higher than ravi-male ($male Hz)"
    greater "$default" "$male" || fail "ravi-male ($male Hz) is not lower than eSpeak's fa ($default Hz)"
    ! cmp -s "$TMP/fa.wav" "$TMP/ravi-male.wav" || fail "ravi-male sounds like fa"
    # a relative data directory finds the variant too (its links once pointed nowhere, and
    # eSpeak quietly spoke plain fa)
    (cd "$ROOT" && printf '%s\n' "$text" | RAVI_DATA=. "$RAVI" say --voice ravi-female -o "$TMP/rel.wav" -) ||
        fail "--voice ravi-female with RAVI_DATA=.: exit $?"
    cmp -s "$TMP/rel.wav" "$TMP/ravi-female.wav" || fail "RAVI_DATA=. speaks ravi-female differently"
    # no louder than eSpeak's own voice: a brighter voice must not clip
    ref=$(near_full_scale "$TMP/fa.wav")
    for v in ravi-male ravi-female; do
        n=$(near_full_scale "$TMP/$v.wav")
        [ "$n" -le $((ref + 5)) ] || fail "$v has $n samples near full scale, fa $ref"
    done
    printf 'سلام' | "$RAVI" phonemes --voice ravi-female >"$OUT_FILE" || fail "phonemes --voice ravi-female"
    grep -q "sal'Am" "$OUT_FILE" || fail "phonemes with a Ravi voice: $(cat "$OUT_FILE")"
}

test_unknown_voice_is_a_usage_error() {
    expect_status 2 "$RAVI" say --voice ravi-robot -o "$TMP/x.wav" "$DATA/broken.html"
    expect_stderr "--voice: unknown voice 'ravi-robot' \\(see 'ravi voices'\\)"
    [ ! -e "$TMP/x.wav" ] || fail "made a file"
    expect_status 2 "$RAVI" say --voice ../lexicon -o "$TMP/x.wav" "$DATA/broken.html"
    expect_status 2 "$RAVI" say --voice fa+nosuch -o "$TMP/x.wav" "$DATA/broken.html"
    expect_stderr "unknown voice 'fa\\+nosuch'"
    printf "سلام" | "$RAVI" say --voice fa+ravi-male -o "$TMP/y.wav" - || fail "fa+ravi-male"
    expect_status 2 "$RAVI" voices extra
}

# ---- memory errors ---------------------------------------------------------------

# The markup readers and the voice overlay under valgrind (the sanitizer build has its own checks).
test_valgrind_clean() {
    if [ "${SANITIZE:-}" = 1 ] || ! command -v valgrind >/dev/null; then
        echo "    (skipped: sanitizer build or no valgrind)"
        return 0
    fi
    vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
    $vg "$RAVI" normalize "$DATA/news-page.html" >/dev/null 2>"$ERR_FILE" || fail "news-page.html: $(cat "$ERR_FILE")"
    $vg "$RAVI" normalize "$DATA/broken.html" >/dev/null 2>"$ERR_FILE" || fail "broken.html: $(cat "$ERR_FILE")"
    $vg "$RAVI" say --voice ravi-female -o "$TMP/vg.wav" "$DATA/news.ssml" 2>"$ERR_FILE" ||
        fail "say news.ssml: $(cat "$ERR_FILE")"
    printf '<speak><p>سلام <break time="1s">' >"$TMP/bad.ssml"
    $vg "$RAVI" normalize "$TMP/bad.ssml" >/dev/null 2>"$ERR_FILE"
    [ $? -eq 1 ] || fail "invalid SSML under valgrind: $(cat "$ERR_FILE")"
}

echo "e2e input tests ($RAVI)"
for t in $(grep -o '^test_[a-z0-9_]*' "$0"); do
    run_test "$t"
done
echo "e2e input: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
