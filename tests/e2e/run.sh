#!/bin/sh
# End-to-end tests of the ravi command: audio files and streams, playback into a PulseAudio null
# sink, interruption, and every kind of bad input or output. Needs $RAVI (the binary).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
: "${RAVI:?set RAVI to the ravi binary}"
export RAVI_DATA="$ROOT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-e2e.XXXXXX")
OUT_FILE=$TMP/stdout
ERR_FILE=$TMP/stderr
SAMPLE=$ROOT/samples/news-3.txt
SHORT=$TMP/short.txt
LONG=$TMP/long.txt
trap 'rm -rf "$TMP"' EXIT INT TERM
# the user's config file (~/.config/ravi/config) must not change what the tests see
export XDG_CONFIG_HOME="$TMP/no-config"
# under the sanitizers, the system's audio libraries' own leaks are suppressed (see lsan.supp);
# their stacks pass through dlopen'ed plugins, which only the slow unwinder can follow
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
AUDIO_ASAN="ASAN_OPTIONS=fast_unwind_on_malloc=0"
printf 'سازمان هواشناسی کشور اعلام کرد.\n' >"$SHORT"
for i in $(seq 1 40); do cat "$ROOT"/samples/*.txt; done >"$LONG"

# ---- audio out -------------------------------------------------------------------

test_wav_file_is_speech() {
    expect_status 0 "$RAVI" say -o "$TMP/a.wav" "$SAMPLE"
    [ "$(soxi -r "$TMP/a.wav")" = 22050 ] || fail "sample rate $(soxi -r "$TMP/a.wav")"
    [ "$(soxi -c "$TMP/a.wav")" = 1 ] || fail "channels $(soxi -c "$TMP/a.wav")"
    greater "$(rms "$TMP/a.wav")" 0.02 || fail "no signal: RMS $(rms "$TMP/a.wav")"
    # as long as eSpeak NG takes to say the same words at the same rate, give or take pauses
    "$RAVI" normalize "$SAMPLE" | espeak-ng -v fa -s 165 -w "$TMP/ref.wav"
    within "$(seconds "$TMP/a.wav")" "$(seconds "$TMP/ref.wav")" 0.25 ||
        fail "duration $(seconds "$TMP/a.wav") s, eSpeak NG alone $(seconds "$TMP/ref.wav") s"
    [ -z "$(ls -A "$TMP" | grep '^\.a\.wav')" ] || fail "temporary file left behind"
}

test_wav_to_stdout_streams() {
    # the same WAV writer, whatever the output: compared without loudness normalisation (a file
    # gets two passes, a stream a fixed gain) and without tags (a stream has none)
    "$RAVI" say --loudness off -o - "$SAMPLE" >"$TMP/s.wav" 2>"$ERR_FILE" || fail "exit $?"
    "$RAVI" say --loudness off -o - "$SAMPLE" 2>/dev/null | cat >"$TMP/p.wav"
    "$RAVI" say --loudness off --no-tags -o "$TMP/f.wav" "$SAMPLE"
    "$RAVI" say --loudness off -o - --raw "$SAMPLE" >"$TMP/f.pcm"
    [ "$(soxi -r "$TMP/p.wav")" = 22050 ] || fail "the streamed WAV is not a 22050 Hz WAV"
    # a pipe cannot be rewound: the stream's header says "length unknown", then all the samples
    tail -c +45 "$TMP/p.wav" | cmp -s - "$TMP/f.pcm" || fail "the streamed WAV's samples differ"
    cmp -s "$TMP/s.wav" "$TMP/f.wav" || fail "WAV on a regular stdout differs from the file"
}

test_raw_pcm() {
    "$RAVI" say -o - --raw "$SHORT" >"$TMP/r.pcm" || fail "exit $?"
    "$RAVI" say -o "$TMP/r.wav" "$SHORT"
    samples=$(soxi -s "$TMP/r.wav")
    [ "$(wc -c <"$TMP/r.pcm")" -eq $((samples * 2)) ] || fail "raw size $(wc -c <"$TMP/r.pcm") != 2 x $samples"
}

test_every_format_opens() {
    "$RAVI" say -o "$TMP/ref.wav" "$SHORT"
    ref=$(seconds "$TMP/ref.wav")
    for ext in flac ogg mp3; do
        expect_status 0 "$RAVI" say -o "$TMP/x.$ext" "$SHORT"
        [ "$(soxi -r "$TMP/x.$ext")" = 22050 ] || fail "$ext: sample rate"
        within "$(seconds "$TMP/x.$ext")" "$ref" 0.03 || fail "$ext: $(seconds "$TMP/x.$ext") s vs $ref s"
    done
    expect_status 0 "$RAVI" say --format flac -o "$TMP/noext" "$SHORT"
    soxi -t "$TMP/noext" | grep -q flac || fail "--format flac not honoured"
}

test_deterministic_output() {
    "$RAVI" say -o "$TMP/d1.wav" "$SAMPLE"
    "$RAVI" say -o "$TMP/d2.wav" "$SAMPLE"
    cmp -s "$TMP/d1.wav" "$TMP/d2.wav" || fail "two runs differ"
}

test_options_change_audio() {
    "$RAVI" say -o "$TMP/n.wav" "$SHORT"
    "$RAVI" say --rate 300 -o "$TMP/fast.wav" "$SHORT"
    greater "$(seconds "$TMP/n.wav")" "$(seconds "$TMP/fast.wav")" || fail "--rate 300 is not faster"
    "$RAVI" say --sentence-pause 1000 -o "$TMP/p.wav" "$SHORT"
    within "$(seconds "$TMP/p.wav")" "$(awk -v a="$(seconds "$TMP/n.wav")" 'BEGIN{print a+1}')" 0.01 ||
        fail "--sentence-pause 1000 did not add a second"
    "$RAVI" say --volume 20 -o "$TMP/q.wav" "$SHORT"
    greater "$(rms "$TMP/n.wav")" "$(rms "$TMP/q.wav")" || fail "--volume 20 is not quieter"
}

# ---- playback --------------------------------------------------------------------

start_pulseaudio() {
    export XDG_RUNTIME_DIR="$TMP/xdg"
    export PULSE_RUNTIME_PATH="$XDG_RUNTIME_DIR/pulse"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no --system=no \
        -L "module-null-sink sink_name=ravi_test rate=22050" -L module-native-protocol-unix \
        >"$TMP/pulse.log" 2>&1 &
    PULSE_PID=$!
    for i in $(seq 1 50); do
        pactl info >/dev/null 2>&1 && break
        sleep 0.1
    done
    pactl set-default-sink ravi_test 2>/dev/null || return 1
}

# play_and_record INPUT WAV: `ravi say INPUT` played into a null sink of a PulseAudio server of its
# own, recorded into WAV; ravi's exit status in $status, its stderr in $ERR_FILE.
play_and_record() {
    start_pulseaudio || fail "could not start a PulseAudio server: $(cat "$TMP/pulse.log")"
    parec -d ravi_test.monitor --file-format=wav "$2" &
    rec=$!
    sleep 0.3
    env $AUDIO_ASAN "$RAVI" say "$1" 2>"$ERR_FILE"
    status=$?
    sleep 0.3
    kill $rec; wait $rec 2>/dev/null
    kill $PULSE_PID; wait $PULSE_PID 2>/dev/null
}

test_playback_reaches_the_sound_server() {
    play_and_record "$SHORT" "$TMP/rec.wav"
    [ $status -eq 0 ] || fail "ravi say exited $status: $(cat "$ERR_FILE")"
    [ ! -s "$ERR_FILE" ] || fail "playback printed: $(cat "$ERR_FILE")"
    "$RAVI" say -o "$TMP/ref.wav" "$SHORT"
    # the speech arrived: as much sound as the file version has. Silences are taken out of both
    # first: on a loaded machine the sound server may insert gaps (underruns) into the recording
    sox "$TMP/ref.wav" "$TMP/ref-sound.wav" silence 1 0.01 0.5% -1 0.1 0.5%
    sox "$TMP/rec.wav" "$TMP/trim.wav" silence 1 0.01 0.5% -1 0.1 0.5%
    speech=$(seconds "$TMP/ref-sound.wav")
    within "$(seconds "$TMP/trim.wav")" "$speech" 0.2 ||
        fail "heard $(seconds "$TMP/trim.wav") s of sound, the speech has $speech s"
    greater "$(rms "$TMP/trim.wav")" 0.02 || fail "silence arrived"
}

test_no_audio_device() {
    export XDG_RUNTIME_DIR="$TMP/none" PULSE_SERVER=unix:/nonexistent
    mkdir -p "$XDG_RUNTIME_DIR"
    expect_status 1 env $AUDIO_ASAN "$RAVI" say "$SHORT"
    expect_stderr '^ravi: no audio output device.*-o FILE'
}

# ---- interruption ----------------------------------------------------------------

test_sigint_leaves_no_file() {
    "$RAVI" say -o "$TMP/int.wav" "$LONG" 2>"$ERR_FILE" &
    pid=$!
    sleep 1
    kill -INT $pid
    wait $pid
    status=$?
    [ $status -eq 130 ] || fail "exit status $status after SIGINT, expected 130"
    [ ! -e "$TMP/int.wav" ] || fail "partial file left at the output path"
    [ -z "$(ls -A "$TMP" | grep 'int\.wav\.')" ] || fail "temporary file left behind"
}

test_sigterm_keeps_existing_file() {
    echo "old content" >"$TMP/keep.wav"
    "$RAVI" say -o "$TMP/keep.wav" "$LONG" 2>/dev/null &
    pid=$!
    sleep 1
    kill -TERM $pid
    wait $pid
    [ $? -eq 143 ] || fail "exit status after SIGTERM, expected 143"
    [ "$(cat "$TMP/keep.wav")" = "old content" ] || fail "the existing file was changed"
}

test_closed_pipe_stops_promptly() {
    start=$(date +%s)
    bytes=$("$RAVI" say -o - "$LONG" 2>"$ERR_FILE" | head -c 1000 | wc -c)
    [ "$bytes" -eq 1000 ] || fail "got $bytes bytes"
    [ $(($(date +%s) - start)) -lt 10 ] || fail "took too long to stop"
    [ ! -s "$ERR_FILE" ] || fail "noise on a closed pipe: $(cat "$ERR_FILE")"
}

# ---- bad input and output --------------------------------------------------------

test_empty_input() {
    : >"$TMP/empty.txt"
    expect_status 1 "$RAVI" say -o "$TMP/e.wav" "$TMP/empty.txt"
    expect_stderr "empty.txt: no text to read"
    [ ! -e "$TMP/e.wav" ] || fail "an empty input made a file"
    printf '  \n\n ... ؟\n' >"$TMP/punct.txt"
    expect_status 1 "$RAVI" normalize "$TMP/punct.txt"
    expect_stderr "punct.txt: no text to read"
}

test_invalid_utf8_reported_once() {
    printf 'سلام \377 دنیا.\nدوم \300\257 سوم.\n' >"$TMP/bad.txt"
    expect_status 1 "$RAVI" normalize "$TMP/bad.txt"
    expect_stderr "bad.txt: invalid UTF-8 at byte 9, replaced with U\\+FFFD"
    [ "$(wc -l <"$OUT_FILE")" -eq 2 ] || fail "the rest of the text was not read"
    expect_status 1 "$RAVI" say -o "$TMP/bad.wav" "$TMP/bad.txt"
    [ -s "$TMP/bad.wav" ] || fail "no audio for a text with a bad byte"
}

test_missing_input() {
    expect_status 1 "$RAVI" say -o "$TMP/m.wav" "$TMP/nope.txt"
    expect_stderr "nope.txt: cannot open: No such file"
    [ ! -e "$TMP/m.wav" ] || fail "made an output file"
    expect_status 1 "$RAVI" normalize "$TMP"
    expect_stderr "is a directory"
}

test_unwritable_output() {
    expect_status 1 "$RAVI" say -o "$TMP/no/such/dir/x.wav" "$SHORT"
    expect_stderr "x.wav: cannot write here"
    expect_status 1 "$RAVI" say -o "$TMP" "$SHORT"
    expect_stderr "is a directory"
    if [ "$(id -u)" != 0 ]; then
        mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
        expect_status 1 "$RAVI" say -o "$TMP/ro/x.wav" "$SHORT"
    fi
}

test_full_disk_leaves_no_file() {
    echo "before" >"$TMP/full.wav"
    ( ulimit -f 64; "$RAVI" say -o "$TMP/full.wav" "$SAMPLE" ) >"$OUT_FILE" 2>"$ERR_FILE"
    status=$?
    [ $status -eq 1 ] || fail "exit $status on a full disk"
    expect_stderr "full.wav: write failed"
    [ "$(cat "$TMP/full.wav")" = before ] || fail "the old file was replaced by a partial one"
    [ -z "$(ls -A "$TMP" | grep 'full\.wav\.')" ] || fail "temporary file left behind"
}

test_usage_errors() {
    expect_status 2 "$RAVI" say --bogus "$SHORT"
    expect_stderr "unknown option '--bogus'"
    expect_status 2 "$RAVI" say --voice nosuchvoice -o "$TMP/v.wav" "$SHORT"
    expect_stderr "unknown voice 'nosuchvoice'"
    [ ! -e "$TMP/v.wav" ] || fail "made a file"
    expect_status 2 "$RAVI" say --rate fast "$SHORT"
    expect_stderr "--rate: expected a whole number from 80 to 450"
    expect_status 2 "$RAVI" say -o "$TMP/x.xyz" "$SHORT"
    expect_stderr "unknown audio format"
    expect_status 2 "$RAVI" normalize --ipa "$SHORT"
    expect_stderr "does not apply"
    expect_status 2 "$RAVI" frobnicate
    expect_stderr "unknown command 'frobnicate'"
    expect_status 2 "$RAVI" normalize a b
    expect_status 2 "$RAVI"
}

test_help_and_version() {
    expect_status 0 "$RAVI" --help
    grep -q "normalize" "$OUT_FILE" || fail "--help lists no commands"
    expect_status 0 "$RAVI" --version
    grep -Eq '^ravi [0-9]+\.[0-9]+' "$OUT_FILE" || fail "--version"
    for c in say normalize phonemes; do
        expect_status 0 "$RAVI" $c --help
        grep -q "usage: ravi $c" "$OUT_FILE" || fail "$c --help"
    done
}

# `ravi serve` is the program ravi-serve beside ravi: ravi itself must not map FFmpeg or
# libmicrohttpd (tens of milliseconds of start-up for every `ravi say`), and without ravi-serve
# `ravi serve` says what is missing
test_serve_is_its_own_program() {
    readelf -d "$RAVI" | grep -Eq 'NEEDED.*(libav|libmicrohttpd)' &&
        fail "ravi links the server's libraries: $(readelf -d "$RAVI" | grep -E 'libav|microhttpd')"
    expect_status 0 "$RAVI" serve --help
    grep -q "usage: ravi serve" "$OUT_FILE" || fail "serve --help: $(cat "$OUT_FILE")"
    expect_status 2 "$RAVI" serve --workers many
    expect_stderr "--workers"
    mkdir -p "$TMP/alone"
    cp "$RAVI" "$TMP/alone/ravi"
    expect_status 1 "$TMP/alone/ravi" serve
    expect_stderr "cannot run $TMP/alone/ravi-serve: No such file"
    expect_status 0 "$TMP/alone/ravi" --version
}

test_stdin_and_phonemes() {
    printf 'سلام. خداحافظ.' | "$RAVI" normalize - >"$OUT_FILE" || fail "normalize -"
    [ "$(wc -l <"$OUT_FILE")" -eq 2 ] || fail "two sentences, one per line"
    printf 'سلام' | "$RAVI" phonemes >"$OUT_FILE" || fail "phonemes"
    grep -q "sal'Am" "$OUT_FILE" || fail "phonemes: $(cat "$OUT_FILE")"
    printf 'سلام' | "$RAVI" phonemes --ipa >"$OUT_FILE" || fail "phonemes --ipa"
    grep -q "salˈɑm" "$OUT_FILE" || fail "phonemes --ipa: $(cat "$OUT_FILE")"
}

echo "e2e tests ($RAVI)"
for t in $(grep -o '^test_[a-z0-9_]*' "$0"); do
    run_test "$t"
done
sh "$HERE/input.sh" || FAILED=$((FAILED + 1))
sh "$HERE/robust.sh" || FAILED=$((FAILED + 1))
. "$HERE/output.sh"
. "$HERE/paths.sh"
. "$HERE/guard.sh"
. "$HERE/publish.sh"
echo "e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
