# End-to-end tests of the output side: every audio format, subtitles, JSON events, the progress
# bar and the interactive player. Sourced by run.sh (which provides $RAVI, $TMP, the samples,
# start_pulseaudio and the assertions of lib.sh); runs its own tests into the same tally.
CHECK="python3 $HERE/check_output.py"

# opus_seconds FILE: an Ogg Opus file's playback length (sox cannot read Opus)
opus_seconds() {
    opusinfo "$1" | sed -n 's/^[[:space:]]*Playback length: *\([0-9]*\)m:\([0-9.]*\)s.*/\1 \2/p' |
        awk '{ print $1 * 60 + $2 }'
}

test_opus_is_48k_and_as_long_as_wav() {
    "$RAVI" say -o "$TMP/o.wav" "$SAMPLE"
    expect_status 0 "$RAVI" say -o "$TMP/o.opus" "$SAMPLE"
    opusinfo "$TMP/o.opus" | grep -q 'Original sample rate: 48000 Hz' || fail "not 48 kHz: $(opusinfo "$TMP/o.opus")"
    within "$(opus_seconds "$TMP/o.opus")" "$(seconds "$TMP/o.wav")" 0.01 ||
        fail "opus $(opus_seconds "$TMP/o.opus") s, wav $(seconds "$TMP/o.wav") s"
    opusdec --quiet "$TMP/o.opus" "$TMP/o-dec.wav" 2>/dev/null || fail "opusdec cannot decode it"
    greater "$(rms "$TMP/o-dec.wav")" 0.02 || fail "no signal in the decoded Opus"
    expect_status 0 "$RAVI" say --format opus -o "$TMP/o.noext" "$SHORT"
    opusinfo "$TMP/o.noext" >/dev/null 2>&1 || fail "--format opus not honoured"
}

test_each_format_within_one_percent() {
    "$RAVI" say -o "$TMP/f.wav" "$SAMPLE"
    ref=$(seconds "$TMP/f.wav")
    for ext in flac ogg mp3; do
        expect_status 0 "$RAVI" say -o "$TMP/f.$ext" "$SAMPLE"
        [ "$(soxi -r "$TMP/f.$ext")" = 22050 ] || fail "$ext: sample rate $(soxi -r "$TMP/f.$ext")"
        within "$(seconds "$TMP/f.$ext")" "$ref" 0.01 || fail "$ext: $(seconds "$TMP/f.$ext") s vs $ref s"
    done
}

test_formats_to_a_pipe() {
    # a streamed MP3 has no tag to say how much encoder delay to drop: a long text keeps it under 1%
    "$RAVI" say -o "$TMP/pipe.wav" "$SAMPLE"
    ref=$(seconds "$TMP/pipe.wav")
    for ext in ogg mp3; do
        "$RAVI" say -o - --format $ext "$SAMPLE" 2>"$ERR_FILE" | cat >"$TMP/pipe.$ext"
        [ ! -s "$ERR_FILE" ] || fail "$ext: $(cat "$ERR_FILE")"
        within "$(seconds "$TMP/pipe.$ext")" "$ref" 0.01 || fail "$ext on a pipe: $(seconds "$TMP/pipe.$ext") s vs $ref s"
    done
    "$RAVI" say -o - --format opus "$SAMPLE" | cat >"$TMP/pipe.opus"
    within "$(opus_seconds "$TMP/pipe.opus")" "$ref" 0.01 || fail "opus on a pipe: $(opus_seconds "$TMP/pipe.opus") s"
    # FLAC needs to rewrite its header at the end: fine on a regular file, refused on a pipe
    "$RAVI" say -o - --format flac "$SAMPLE" >"$TMP/reg.flac" || fail "flac to a regular stdout"
    within "$(seconds "$TMP/reg.flac")" "$ref" 0.01 || fail "flac on a regular stdout: $(seconds "$TMP/reg.flac") s"
    "$RAVI" say -o - --format flac "$SAMPLE" 2>"$ERR_FILE" | cat >/dev/null
    expect_stderr "^ravi: -o -: libsndfile cannot stream FLAC to a pipe"
}

echo "e2e output tests"
for t in $(grep -o '^test_[a-z0-9_]*' "$HERE/output.sh"); do
    run_test "$t"
done
