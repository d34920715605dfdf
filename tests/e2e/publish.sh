# End-to-end tests of publishing and everyday use (issue 18): tags read back with ffprobe, loudness
# measured with ffmpeg's ebur128 filter, pages fetched from a web server on 127.0.0.1 that the
# test starts, the command line (options after the file, short options, --), the config file and
# bash completion. Sourced by run.sh ($RAVI, $TMP, the samples and lib.sh's assertions).
PUBLISHED=$HERE/data/published.html
SSML=$HERE/data/news.ssml
TARGET=-16

# tag FILE NAME: a tag as ffprobe reads it (format or stream tags: Ogg keeps them per stream)
tag() {
    ffprobe -v error -show_entries format_tags:stream_tags -of default=nw=1 "$1" |
        sed -n "s/^TAG:$2=//Ip" | head -n 1
}

# loudness FILE: "integrated-LUFS true-peak-dBTP" as ffmpeg's ebur128 filter measures them
loudness() {
    ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
        awk '/Summary/ { s = 1 } s && / I:/ { i = $2 } s && /Peak:/ { p = $2 } END { print i, p }'
}

# on_target FILE TARGET TOLERANCE: integrated loudness within TOLERANCE LU, true peak <= -1 dBTP
on_target() {
    set -- "$1" "$2" "$3" $(loudness "$1")
    awk -v i="$4" -v p="$5" -v t="$2" -v tol="$3" \
        'BEGIN { d = i - t; if (d < 0) d = -d; exit !(i != "" && d <= tol && p <= -1.0) }' ||
        fail "$1: $4 LUFS, true peak $5 dBTP; wanted $2 ± $3 LUFS, at most -1 dBTP"
}

# ---- tags ---------------------------------------------------------------------------------

test_tags_in_every_format() {
    headline=$(head -n 1 "$SAMPLE")
    for ext in wav flac ogg opus mp3; do
        expect_status 0 "$RAVI" say -o "$TMP/t.$ext" "$SAMPLE" --author 'مریم احمدی' \
            --publisher 'خبرگزاری نمونه' --date 2024-03-05
        [ "$(tag "$TMP/t.$ext" title)" = "$headline" ] || fail "$ext: title '$(tag "$TMP/t.$ext" title)'"
        [ "$(tag "$TMP/t.$ext" artist)" = 'مریم احمدی' ] || fail "$ext: artist '$(tag "$TMP/t.$ext" artist)'"
        [ "$(tag "$TMP/t.$ext" album)" = 'خبرگزاری نمونه' ] || fail "$ext: album '$(tag "$TMP/t.$ext" album)'"
        [ "$(tag "$TMP/t.$ext" date)" = 2024-03-05 ] || fail "$ext: date '$(tag "$TMP/t.$ext" date)'"
        # ID3v2's TLAN takes ISO 639-2's three letters
        want=fa
        [ "$ext" = mp3 ] && want=fas
        [ "$(tag "$TMP/t.$ext" language)" = "$want" ] || fail "$ext: language '$(tag "$TMP/t.$ext" language)'"
        tag "$TMP/t.$ext" comment | grep -q "Ravi $("$RAVI" --version | cut -d' ' -f2)" ||
            fail "$ext: comment '$(tag "$TMP/t.$ext" comment)'"
    done
    ls -A "$TMP" | grep -q '^\.t\.' && fail "a temporary file was left behind"
    return 0
}

test_headline_is_the_title_for_text_html_and_ssml() {
    "$RAVI" say -o "$TMP/h.ogg" "$PUBLISHED" || fail "html"
    [ "$(tag "$TMP/h.ogg" title)" = 'بارش برف در تهران' ] || fail "html: title '$(tag "$TMP/h.ogg" title)'"
    printf '<speak><p>بارش برف در تهران</p><p>مدارس فردا تعطیل است.</p></speak>' >"$TMP/h.ssml"
    "$RAVI" say -o "$TMP/s.ogg" "$TMP/h.ssml" || fail "ssml"
    [ "$(tag "$TMP/s.ogg" title)" = 'بارش برف در تهران' ] || fail "ssml: title '$(tag "$TMP/s.ogg" title)'"
    printf '<speak><s role="heading">هشدار هواشناسی</s> <s>باران می‌بارد.</s></speak>' >"$TMP/r.ssml"
    "$RAVI" say -o "$TMP/r.ogg" "$TMP/r.ssml" || fail "ssml role"
    [ "$(tag "$TMP/r.ogg" title)" = 'هشدار هواشناسی' ] || fail "ssml role=heading: title '$(tag "$TMP/r.ogg" title)'"
    # no headline: the first sentence, cut near 100 bytes at a word
    "$RAVI" say -o "$TMP/n.ogg" "$SHORT" || fail "text"
    [ "$(tag "$TMP/n.ogg" title)" = "$(cat "$SHORT")" ] || fail "no headline: title '$(tag "$TMP/n.ogg" title)'"
    expect_status 0 "$RAVI" say --title 'عنوان دیگر' -o "$TMP/g.ogg" "$PUBLISHED"
    [ "$(tag "$TMP/g.ogg" title)" = 'عنوان دیگر' ] || fail "--title not written"
}

test_page_metadata_becomes_tags() {
    expect_status 0 "$RAVI" say -o "$TMP/m.mp3" "$PUBLISHED"
    [ "$(tag "$TMP/m.mp3" artist)" = 'مریم احمدی' ] || fail "artist '$(tag "$TMP/m.mp3" artist)'"
    [ "$(tag "$TMP/m.mp3" album)" = 'خبرگزاری نمونه' ] || fail "album '$(tag "$TMP/m.mp3" album)'"
    [ "$(tag "$TMP/m.mp3" date)" = 2024-03-05 ] || fail "date '$(tag "$TMP/m.mp3" date)'"
    # the byline, without its label, when no <meta> names the author; the options win
    grep -v 'name="author"' "$PUBLISHED" >"$TMP/byline.html"
    expect_status 0 "$RAVI" say -o "$TMP/b.flac" "$TMP/byline.html"
    [ "$(tag "$TMP/b.flac" artist)" = 'مریم احمدی' ] || fail "byline: artist '$(tag "$TMP/b.flac" artist)'"
    expect_status 0 "$RAVI" say --author 'دیگری' --publisher 'نشر' --date 2023-01-02 -o "$TMP/o.flac" "$PUBLISHED"
    [ "$(tag "$TMP/o.flac" artist)/$(tag "$TMP/o.flac" album)/$(tag "$TMP/o.flac" date)" = 'دیگری/نشر/2023-01-02' ] ||
        fail "options do not win: $(tag "$TMP/o.flac" artist)/$(tag "$TMP/o.flac" album)/$(tag "$TMP/o.flac" date)"
    expect_status 0 "$RAVI" say --no-tags -o "$TMP/x.flac" "$PUBLISHED"
    [ -z "$(tag "$TMP/x.flac" title)" ] || fail "--no-tags wrote a title"
    expect_status 2 "$RAVI" say --date 5/3/2024 -o "$TMP/d.flac" "$PUBLISHED"
    expect_stderr "--date: expected a date YYYY-MM-DD"
}

# ---- loudness -----------------------------------------------------------------------------

test_loudness_of_each_format_and_ravi_voice() {
    for voice in ravi-male ravi-female; do
        for ext in wav flac ogg opus mp3; do
            expect_status 0 "$RAVI" say --voice "$voice" -o "$TMP/l.$ext" "$SAMPLE"
            on_target "$TMP/l.$ext" "$TARGET" 1
        done
    done
    expect_status 0 "$RAVI" say --loudness -23 -o "$TMP/b.flac" "$SAMPLE"
    on_target "$TMP/b.flac" -23 1
}

# The ends of --loudness's range are reached too: -14 (louder, the limiter would take off what
# the gain adds) by the quietest voice, -40 by a cut
test_loudness_range_ends_are_reached() {
    for voice in fa ravi-male; do
        expect_status 0 "$RAVI" say --voice "$voice" --loudness -14 -o "$TMP/loud.flac" "$SAMPLE"
        on_target "$TMP/loud.flac" -14 1
    done
    expect_status 0 "$RAVI" say --loudness -40 -o "$TMP/quiet.flac" "$SAMPLE"
    on_target "$TMP/quiet.flac" -40 1
    expect_status 2 "$RAVI" say --loudness -13 -o "$TMP/louder.flac" "$SAMPLE"
    expect_stderr "--loudness: expected a target from -40 to -14 LUFS"
    [ ! -e "$TMP/louder.flac" ] || fail "made a file"
}

test_loudness_off_keeps_the_voices_level() {
    expect_status 0 "$RAVI" say --loudness off -o "$TMP/off.wav" "$SAMPLE"
    set -- $(loudness "$TMP/off.wav")
    awk -v i="$1" 'BEGIN { exit !(i < -18.5 && i > -21) }' || fail "--loudness off: $1 LUFS"
    expect_status 2 "$RAVI" say --loudness loud "$SAMPLE"
    expect_stderr "--loudness: expected a target from -40 to -14 LUFS"
    expect_status 2 "$RAVI" say --loudness -3 "$SAMPLE"
}

# A stream cannot wait for a second pass: a fixed gain from the voice's known level.
test_streams_land_near_the_target() {
    for voice in fa ravi-male ravi-female; do
        "$RAVI" say --voice "$voice" -o - "$SAMPLE" 2>/dev/null | cat >"$TMP/stream.wav"
        on_target "$TMP/stream.wav" "$TARGET" 1
    done
    "$RAVI" say -o - --format mp3 "$SAMPLE" 2>/dev/null | cat >"$TMP/stream.mp3"
    on_target "$TMP/stream.mp3" "$TARGET" 1
}

# Playback is a stream too: what reaches the sound server is as loud as `-o -` (play_and_record:
# run.sh). Silences are taken out first: a loaded machine's underruns add gaps to the recording.
test_playback_gets_the_streams_gain() {
    head -n 3 "$SAMPLE" >"$TMP/play.txt" # the headline and a paragraph: 18 s to listen to
    play_and_record "$TMP/play.txt" "$TMP/rec.wav"
    [ $status -eq 0 ] || fail "ravi say exited $status: $(cat "$ERR_FILE")"
    "$RAVI" say -o - "$TMP/play.txt" >"$TMP/stream.wav"
    "$RAVI" say --loudness off -o - "$TMP/play.txt" >"$TMP/off.wav"
    for f in rec stream off; do
        # one channel: the null sink is stereo, and two channels measure 3 LU louder than one
        sox "$TMP/$f.wav" "$TMP/$f-sound.wav" remix 1 silence 1 0.01 0.5% -1 0.1 0.5%
        set -- $(loudness "$TMP/$f-sound.wav")
        eval "${f}_lufs=\$1"
    done
    awk -v r="$rec_lufs" -v s="$stream_lufs" -v o="$off_lufs" \
        'BEGIN { d = r - s; if (d < 0) d = -d; exit !(r != "" && d <= 0.5 && r > o + 2) }' ||
        fail "played at $rec_lufs LUFS; -o - at $stream_lufs, --loudness off at $off_lufs"
}

# The second pass reads a temporary file: a 10-minute article (26 MB of samples) takes no more
# memory than a sentence, and lands on the target.
test_normalising_keeps_memory_flat() {
    for i in 1 2 3 4; do cat "$ROOT"/samples/*.txt; echo; done >"$TMP/article.txt"
    /usr/bin/time -f %M -o "$TMP/rss-short" "$RAVI" say -o "$TMP/short.mp3" "$SHORT" 2>/dev/null ||
        fail "short"
    /usr/bin/time -f %M -o "$TMP/rss-long" "$RAVI" say -o "$TMP/long.mp3" "$TMP/article.txt" 2>/dev/null ||
        fail "long"
    short=$(tail -n 1 "$TMP/rss-short") long=$(tail -n 1 "$TMP/rss-long")
    # ASan's shadow memory and quarantine are no measure of ours
    [ "${SANITIZE:-}" = 1 ] || [ "$long" -lt $((short + 4096)) ] ||
        fail "peak RSS $long KB for $(seconds "$TMP/long.mp3") s, $short KB for a sentence"
    on_target "$TMP/long.mp3" "$TARGET" 1
}

# A lossy encoder rings above the peaks it is fed, the more so the louder the speech: on a
# 10-minute article ravi-male's Vorbis reached -0.9 dBTP at -16 LUFS, and MP3 -0.5 at -14. The
# decoded file is checked, and encoded again limited lower when it is over, the loudness the
# limiter takes off given back: the -14 MP3 lands at -14.6 LUFS (it was -15.6 when the whole
# file was cut instead).
test_lossy_files_keep_the_ceiling_once_decoded() {
    for i in 1 2 3 4; do cat "$ROOT"/samples/*.txt; echo; done >"$TMP/article.txt"
    expect_status 0 "$RAVI" say --voice ravi-male -o "$TMP/long.ogg" "$TMP/article.txt"
    on_target "$TMP/long.ogg" "$TARGET" 1
    expect_status 0 "$RAVI" say --voice ravi-male --loudness -14 -o "$TMP/loud.mp3" "$TMP/article.txt"
    on_target "$TMP/loud.mp3" -14 0.75
    ls -A "$TMP" | grep -q '^\.loud\.' && fail "a temporary file was left behind"
    return 0
}

# ---- links --------------------------------------------------------------------------------

HTTPD_PID=
start_httpd() {
    rm -f "$TMP/httpd.port"
    python3 "$HERE/httpd.py" "$TMP/httpd.port" "$PUBLISHED" &
    HTTPD_PID=$!
    for _ in $(seq 1 50); do
        [ -s "$TMP/httpd.port" ] && break
        sleep 0.1
    done
    BASE=http://127.0.0.1:$(cat "$TMP/httpd.port")
}

test_urls_are_read_like_saved_pages() {
    "$RAVI" normalize "$PUBLISHED" >"$TMP/saved.txt"
    for page in page.html redirect gzip.html cp1256.html cp1256-meta.html; do
        expect_status 0 "$RAVI" normalize "$BASE/$page"
        cmp -s "$OUT_FILE" "$TMP/saved.txt" || fail "$page: $(cat "$OUT_FILE")"
    done
    expect_status 0 "$RAVI" phonemes "$BASE/text.txt"
    grep -q . "$OUT_FILE" || fail "text/plain: no phonemes"
    expect_status 0 "$RAVI" say -o "$TMP/u.opus" "$BASE/redirect"
    [ "$(tag "$TMP/u.opus" title)/$(tag "$TMP/u.opus" artist)" = 'بارش برف در تهران/مریم احمدی' ] ||
        fail "tags of a fetched page: $(tag "$TMP/u.opus" title)/$(tag "$TMP/u.opus" artist)"
}

# ravi batch: a manifest's URL is fetched as say's is, and its files are tagged and normalised
test_batch_fetches_tags_and_normalises() {
    printf '%s\tnews/snow\n%s\n' "$BASE/gzip.html" "$SAMPLE" >"$TMP/manifest.txt"
    expect_status 0 "$RAVI" batch "$TMP/manifest.txt" -o "$TMP/batch" --format ogg -q
    snow=$TMP/batch/news/snow.ogg
    [ "$(tag "$snow" title)/$(tag "$snow" artist)/$(tag "$snow" date)" = 'بارش برف در تهران/مریم احمدی/2024-03-05' ] ||
        fail "a fetched article's tags: $(tag "$snow" title)/$(tag "$snow" artist)/$(tag "$snow" date)"
    on_target "$snow" "$TARGET" 1
    sample=$(find "$TMP/batch" -name 'news-3.ogg')
    [ "$(tag "$sample" title)" = "$(head -n 1 "$SAMPLE")" ] || fail "a file's title: $(tag "$sample" title)"
    on_target "$sample" "$TARGET" 1
    expect_status 0 "$RAVI" batch "$TMP/manifest.txt" -o "$TMP/batch-23" --format flac --loudness -23 -q
    on_target "$TMP/batch-23/news/snow.flac" -23 1
}

test_url_errors_are_one_line_each() {
    expect_status 1 "$RAVI" normalize "$BASE/missing"
    expect_stderr "/missing: HTTP 404 Not Found$"
    expect_status 1 "$RAVI" say -o "$TMP/e.wav" "$BASE/image.png"
    expect_stderr "not a web page or text \(Content-Type: image/png\)"
    [ ! -e "$TMP/e.wav" ] || fail "made a file"
    expect_status 1 "$RAVI" normalize "$BASE/big"
    expect_stderr "the page is larger than 16 MB"
    expect_status 1 "$RAVI" normalize "$BASE/big-chunked"
    expect_stderr "the page is larger than 16 MB"
    expect_status 1 "$RAVI" normalize "$BASE/loop"
    expect_stderr "more than 10 redirects"
    expect_status 1 "$RAVI" normalize "$BASE/ftp"
    expect_stderr "fetches http:// and https:// only"
    start=$(date +%s)
    expect_status 1 "$RAVI" normalize --timeout 1 "$BASE/slow"
    expect_stderr "timed out after 1 s \(--timeout\)"
    [ $(($(date +%s) - start)) -le 4 ] || fail "--timeout 1 took $(($(date +%s) - start)) s"
    expect_status 1 "$RAVI" normalize "https://127.0.0.1:${BASE##*:}/page.html"
    expect_stderr "TLS failed"
    expect_status 1 "$RAVI" normalize --timeout 5 http://no-such-host.invalid/
    expect_stderr "no-such-host.invalid/: cannot find the host \(DNS\)"
    expect_status 1 "$RAVI" normalize http://127.0.0.1:1/
    expect_stderr "cannot connect"
}

# ---- the command line ---------------------------------------------------------------------

test_options_after_the_file_and_short_options() {
    "$RAVI" say --rate 200 --voice ravi-female --pitch 40 --volume 80 -o "$TMP/long-opts.wav" "$SHORT" ||
        fail "long options"
    expect_status 0 "$RAVI" say -s 200 -v ravi-female -p 40 -a 80 -w "$TMP/short-opts.wav" "$SHORT"
    cmp -s "$TMP/long-opts.wav" "$TMP/short-opts.wav" || fail "-s -v -p -a -w differ from the long options"
    expect_status 0 "$RAVI" say -o "$TMP/after.wav" "$SHORT" --quiet --rate 200 -v ravi-female -p 40 -a 80
    cmp -s "$TMP/long-opts.wav" "$TMP/after.wav" || fail "options after the file"
    expect_status 0 "$RAVI" say -q -o "$TMP/q.wav" "$SHORT"
    # -- ends the options: a file whose name starts with a dash
    cp "$SHORT" "$TMP/-dash.txt"
    (cd "$TMP" && "$RAVI" normalize -- -dash.txt) >"$OUT_FILE" 2>"$ERR_FILE" || fail "-- : $(cat "$ERR_FILE")"
    expect_status 0 "$RAVI" lexicon lookup ایرنا --lexicon "$ROOT/lexicon/names-orgs.tsv"
    expect_status 2 "$RAVI" say "$SHORT" -x
    expect_stderr "unknown option '-x'"
}

test_config_file_defaults_and_command_line_wins() {
    mkdir -p "$TMP/xdg/ravi"
    printf '# defaults\nvoice = ravi-female\nrate = 200\npitch=40\nvolume = 80\n\nformat = mp3\nloudness = -16\npublisher = "نشر نمونه"\n' \
        >"$TMP/xdg/ravi/config"
    XDG_CONFIG_HOME=$TMP/xdg "$RAVI" say -o "$TMP/c.wav" "$SHORT" || fail "with a config file"
    "$RAVI" say -s 200 -v ravi-female -p 40 -a 80 --publisher 'نشر نمونه' -o "$TMP/ref.wav" "$SHORT"
    cmp -s "$TMP/c.wav" "$TMP/ref.wav" ||
        fail "the config file's voice, rate, pitch, volume and publisher were not used"
    XDG_CONFIG_HOME=$TMP/xdg "$RAVI" say --rate 165 --voice fa --pitch 50 --volume 100 \
        --publisher 'دیگر' -o "$TMP/d.wav" "$SHORT"
    "$RAVI" say --publisher 'دیگر' -o "$TMP/plain.wav" "$SHORT"
    cmp -s "$TMP/d.wav" "$TMP/plain.wav" || fail "the command line does not win over the config file"
    XDG_CONFIG_HOME=$TMP/xdg "$RAVI" say -o - "$SHORT" >"$TMP/c.out" 2>/dev/null
    [ "$(ffprobe -v error -show_entries format=format_name -of csv=p=0 "$TMP/c.out")" = mp3 ] ||
        fail "format = mp3 is not the format of -o -"
    # the pauses and the loudness: as their options would make them, and heard (longer, quieter)
    printf 'loudness = -23\nsentence-pause = 150\nparagraph-pause = 1200\nheadline-pause = 900\n' \
        >"$TMP/xdg/ravi/config"
    XDG_CONFIG_HOME=$TMP/xdg "$RAVI" say -o "$TMP/p.wav" "$SAMPLE" || fail "pauses and loudness"
    "$RAVI" say --loudness -23 --sentence-pause 150 --paragraph-pause 1200 --headline-pause 900 \
        -o "$TMP/p-ref.wav" "$SAMPLE"
    cmp -s "$TMP/p.wav" "$TMP/p-ref.wav" || fail "the config file's pauses and loudness were not used"
    "$RAVI" say -o "$TMP/p-default.wav" "$SAMPLE"
    awk -v a="$(seconds "$TMP/p.wav")" -v b="$(seconds "$TMP/p-default.wav")" 'BEGIN { exit !(a > b + 2) }' ||
        fail "pauses: $(seconds "$TMP/p.wav") s with the config's, $(seconds "$TMP/p-default.wav") s without"
    on_target "$TMP/p.wav" -23 1
    # every bad line is one message naming the file and line; nothing is run
    printf 'voice = fa\nrate = fast\nnoise\nbogus = 1\noutput = x.wav\nno-ezafe = maybe\n' >"$TMP/xdg/ravi/config"
    XDG_CONFIG_HOME=$TMP/xdg "$RAVI" say -o "$TMP/bad-config.wav" "$SHORT" >"$OUT_FILE" 2>"$ERR_FILE"
    [ $? -eq 2 ] || fail "a bad config file is not a usage error"
    [ ! -e "$TMP/bad-config.wav" ] || fail "ran with a bad config file"
    [ "$(grep -c "config:[0-9]*: " "$ERR_FILE")" -eq 5 ] || fail "not one line per bad line: $(cat "$ERR_FILE")"
    for want in "config:2: rate: expected a whole number" "config:3: expected 'name = value'" \
        "config:4: unknown setting 'bogus'" "config:5: output is given on the command line" \
        "config:6: no-ezafe: expected yes or no"; do
        grep -q "$want" "$ERR_FILE" || fail "no '$want' in: $(cat "$ERR_FILE")"
    done
}

test_bash_completion() {
    command -v bash >/dev/null || return 0
    cat >"$TMP/complete.bash" <<EOF
. "$ROOT/completions/ravi"
ravi() { RAVI_DATA="$ROOT" "$RAVI" "\$@"; }
complete_words() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _ravi; printf '%s\n' "\${COMPREPLY[@]}"; }
cd "$ROOT/samples"
echo "commands: \$(complete_words ravi s | tr '\n' ' ')"
echo "options: \$(complete_words ravi say --vo | tr '\n' ' ')"
echo "voices: \$(complete_words ravi say --voice ravi- | tr '\n' ' ')"
echo "short voice: \$(complete_words ravi say -v ravi-f | tr '\n' ' ')"
echo "files: \$(complete_words ravi say news-1 | tr '\n' ' ')"
echo "formats: \$(complete_words ravi say --format o | tr '\n' ' ')"
echo "lexicon: \$(complete_words ravi lexicon l | tr '\n' ' ')"
EOF
    bash "$TMP/complete.bash" >"$OUT_FILE" 2>"$ERR_FILE" || fail "completion: $(cat "$ERR_FILE")"
    grep -q '^commands: say $' "$OUT_FILE" || fail "commands: $(cat "$OUT_FILE")"
    grep -q '^options: --voice --volume $' "$OUT_FILE" || fail "options: $(cat "$OUT_FILE")"
    grep -q '^voices: ravi-female ravi-male $' "$OUT_FILE" || fail "voices: $(cat "$OUT_FILE")"
    grep -q '^short voice: ravi-female $' "$OUT_FILE" || fail "short voice: $(cat "$OUT_FILE")"
    grep -q '^files: news-1.txt $' "$OUT_FILE" || fail "files: $(cat "$OUT_FILE")"
    grep -q '^formats: ogg opus $' "$OUT_FILE" || fail "formats: $(cat "$OUT_FILE")"
    grep -q '^lexicon: lookup $' "$OUT_FILE" || fail "lexicon: $(cat "$OUT_FILE")"
}

for t in test_tags_in_every_format test_headline_is_the_title_for_text_html_and_ssml \
    test_page_metadata_becomes_tags test_loudness_of_each_format_and_ravi_voice \
    test_loudness_range_ends_are_reached test_loudness_off_keeps_the_voices_level \
    test_streams_land_near_the_target \
    test_playback_gets_the_streams_gain \
    test_normalising_keeps_memory_flat test_lossy_files_keep_the_ceiling_once_decoded \
    test_options_after_the_file_and_short_options \
    test_config_file_defaults_and_command_line_wins test_bash_completion; do
    run_test "$t"
done
start_httpd
run_test test_urls_are_read_like_saved_pages
run_test test_url_errors_are_one_line_each
run_test test_batch_fetches_tags_and_normalises
kill "$HTTPD_PID" 2>/dev/null
wait "$HTTPD_PID" 2>/dev/null
