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
    # a reader that goes away stops every encoder quietly, as it stops the WAV stream
    for ext in ogg opus mp3; do
        "$RAVI" say -o - --format $ext "$LONG" 2>"$ERR_FILE" | head -c 1000 >/dev/null
        [ ! -s "$ERR_FILE" ] || fail "$ext: noise on a closed pipe: $(cat "$ERR_FILE")"
    done
}

# ---- subtitles and JSON events ---------------------------------------------------

# check_cues KIND CUES INPUT AUDIO [--words]: the strict reader, with the audio's duration
check_cues() {
    kind=$1 cues=$2 input=$3 audio=$4
    shift 4
    case $audio in
        *.opus) dur=$(opus_seconds "$audio") ;;
        *) dur=$(seconds "$audio") ;;
    esac
    $CHECK "$kind" "$cues" "$input" "$dur" "$@" || fail "$kind check of $cues failed"
}

TRICKY=$TMP/tricky.txt
printf 'او گفت: «سلام» & "نقل قول" <ب> \\ تمام شد.\n\nخط دوم\ttab است! سوم؟\n' >"$TRICKY"

test_subtitles_srt_and_vtt() {
    for input in "$SAMPLE" "$ROOT/samples/news-1.txt" "$TRICKY"; do
        for kind in srt vtt; do
            expect_status 0 "$RAVI" say -o "$TMP/c.wav" --subtitles "$TMP/c.$kind" "$input"
            check_cues $kind "$TMP/c.$kind" "$input" "$TMP/c.wav"
            expect_status 0 "$RAVI" say -o "$TMP/c.wav" --subtitles "$TMP/w.$kind" --word-timings "$input"
            check_cues $kind "$TMP/w.$kind" "$input" "$TMP/c.wav" --words
        done
    done
    [ -z "$(ls -A "$TMP" | grep '^\.[cw]\.')" ] || fail "temporary file left behind"
}

test_subtitles_follow_pauses_and_opus() {
    expect_status 0 "$RAVI" say -o "$TMP/p.opus" --sentence-pause 700 --paragraph-pause 900 \
        --subtitles "$TMP/p.srt" "$ROOT/samples/news-2.txt"
    check_cues srt "$TMP/p.srt" "$ROOT/samples/news-2.txt" "$TMP/p.opus"
    "$RAVI" say -o - --raw --subtitles "$TMP/raw.vtt" "$SAMPLE" >"$TMP/raw.pcm"
    sox -t raw -r 22050 -e signed -b 16 -c 1 "$TMP/raw.pcm" "$TMP/raw.wav"
    check_cues vtt "$TMP/raw.vtt" "$SAMPLE" "$TMP/raw.wav"
}

test_json_events() {
    expect_status 0 "$RAVI" say -o "$TMP/j.wav" --json-events "$TMP/j.jsonl" "$TRICKY"
    check_cues json "$TMP/j.jsonl" "$TRICKY" "$TMP/j.wav"
    grep -q '"type":"word"' "$TMP/j.jsonl" || fail "no word events"
    # - is standard output when the audio goes to a file
    "$RAVI" say -o "$TMP/j2.wav" --json-events - "$SAMPLE" >"$TMP/j2.jsonl" || fail "exit $?"
    check_cues json "$TMP/j2.jsonl" "$SAMPLE" "$TMP/j2.wav"
    # invalid UTF-8 is still valid JSON: each bad byte is U+FFFD, as the voice read it
    printf 'سلام \377 دنیا.\n' >"$TMP/bad.txt"
    expect_status 1 "$RAVI" say -o "$TMP/jb.wav" --json-events "$TMP/jb.jsonl" "$TMP/bad.txt"
    check_cues json "$TMP/jb.jsonl" "$TMP/bad.txt" "$TMP/jb.wav"
}

# Words of a page: their text is cut from the text taken out of the markup, not from the file.
test_json_events_of_markup() {
    cat >"$TMP/m.html" <<'EOF'
<html><head><title>خبر فوری</title></head><body><article><h1>سلام دنیا</h1>
<p>امروز <b>۱۲</b> نفر در <a href="/x">تهران</a> &amp; شیراز <q>آمدند</q>.</p></article></body></html>
EOF
    expect_status 0 "$RAVI" say --html -o "$TMP/m.wav" --json-events "$TMP/m.jsonl" "$TMP/m.html"
    check_cues json "$TMP/m.jsonl" "$TMP/m.html" "$TMP/m.wav" --markup
    grep -q '"text":"تهران"' "$TMP/m.jsonl" || fail "no word event for تهران"
    cat >"$TMP/m.ssml" <<'EOF'
<speak><p>خبر <emphasis>مهم</emphasis> امروز: <sub alias="سازمان ملل">س.م</sub> گفت.</p></speak>
EOF
    expect_status 0 "$RAVI" say --ssml -o "$TMP/s.wav" --json-events "$TMP/s.jsonl" "$TMP/m.ssml"
    grep -q '"text":"مهم"' "$TMP/s.jsonl" || fail "no word event for مهم"
    grep -q '"text":"امروز"' "$TMP/s.jsonl" || fail "no word event for امروز"
}

test_cue_option_errors() {
    expect_status 2 "$RAVI" say -o "$TMP/e.wav" --subtitles "$TMP/e.txt" "$SHORT"
    expect_stderr "^ravi: --subtitles .*e.txt: name the file .srt"
    expect_status 2 "$RAVI" say -o "$TMP/e.wav" --word-timings "$SHORT"
    expect_stderr "^ravi: --word-timings: .*add --subtitles"
    expect_status 2 "$RAVI" say -o - --json-events - "$SHORT"
    expect_stderr "^ravi: --json-events -: standard output already carries the audio"
    expect_status 2 "$RAVI" say -o "$TMP/e.srt" --format wav --subtitles "$TMP/e.srt" "$SHORT"
    expect_stderr "must name different files"
    expect_status 2 "$RAVI" say -o "$TMP/e.wav" --subtitles "$TMP/e.vtt" --json-events "$TMP/e.vtt" "$SHORT"
    expect_stderr "must name different files"
    expect_status 2 "$RAVI" normalize --subtitles "$TMP/e.srt" "$SHORT"
    expect_stderr "does not apply"
    expect_status 1 "$RAVI" say -o "$TMP/e.wav" --subtitles "$TMP/no/dir/e.srt" "$SHORT"
    expect_stderr "^ravi: .*/no/dir/e.srt: cannot write here"
    [ ! -e "$TMP/e.wav" ] || fail "audio written although the subtitles cannot be"
    expect_status 1 "$RAVI" say -o "$TMP/e.wav" --json-events "$TMP" "$SHORT"
    expect_stderr "is a directory"
    : >"$TMP/empty.txt"
    expect_status 1 "$RAVI" say -o "$TMP/e.wav" --subtitles "$TMP/e.srt" --json-events "$TMP/e.json" "$TMP/empty.txt"
    [ ! -e "$TMP/e.srt" ] && [ ! -e "$TMP/e.json" ] || fail "files made for an empty input"
    [ -z "$(ls -A "$TMP" | grep '^\.e\.')" ] || fail "temporary file left behind"
}

test_interrupted_cues_leave_nothing() {
    echo "old" >"$TMP/i.srt"
    "$RAVI" say -o "$TMP/i.wav" --subtitles "$TMP/i.srt" --json-events "$TMP/i.json" "$LONG" 2>/dev/null &
    pid=$!
    sleep 1
    kill -INT $pid
    wait $pid
    [ $? -eq 130 ] || fail "exit status after SIGINT, expected 130"
    [ "$(cat "$TMP/i.srt")" = old ] || fail "the existing subtitles were changed"
    [ ! -e "$TMP/i.json" ] || fail "partial JSON events left"
    [ -z "$(ls -A "$TMP" | grep '^\.i\.')" ] || fail "temporary file left behind"
    # a full disk while writing the audio takes the subtitles with it
    ( ulimit -f 64; "$RAVI" say -o "$TMP/f.wav" --subtitles "$TMP/f.vtt" "$SAMPLE" ) 2>"$ERR_FILE"
    [ $? -eq 1 ] || fail "exit status on a full disk"
    [ ! -e "$TMP/f.vtt" ] || fail "subtitles kept for audio that failed"
    [ -z "$(ls -A "$TMP" | grep '^\.f\.')" ] || fail "temporary file left behind"
}

# ---- progress bar ----------------------------------------------------------------

PTY="python3 $HERE/pty_stderr.py"

test_progress_bar_on_a_terminal_only() {
    $PTY "$TMP/bar" "$RAVI" say -o "$TMP/b.wav" "$ROOT/samples/news-1.txt" || fail "exit $? under a pty"
    grep -q '%.*s of audio.*× real time' "$TMP/bar" || fail "no progress bar: $(cat -v "$TMP/bar")"
    # the line is cleared at the end: carriage return, erase to the end of the line
    [ "$(tail -c 4 "$TMP/bar" | od -An -c | tr -d ' ')" = '\r033[K' ] || fail "line not cleared: $(cat -v "$TMP/bar")"
    $PTY "$TMP/bar" "$RAVI" say -o "$TMP/b.wav" --quiet "$ROOT/samples/news-1.txt" || fail "exit $?"
    [ ! -s "$TMP/bar" ] || fail "--quiet still shows: $(cat -v "$TMP/bar")"
    "$RAVI" say -o "$TMP/b.wav" "$ROOT/samples/news-1.txt" 2>"$ERR_FILE" || fail "exit $?"
    [ ! -s "$ERR_FILE" ] || fail "progress on a stderr that is not a terminal: $(cat -v "$ERR_FILE")"
    # from a pipe the size is unknown: audio and speed, no percentage
    $PTY "$TMP/bar" sh -c "cat '$SAMPLE' | '$RAVI' say -o '$TMP/b.wav' -" || fail "exit $? from a pipe"
    grep -q 's of audio' "$TMP/bar" || fail "no progress from a pipe: $(cat -v "$TMP/bar")"
    ! grep -q '%' "$TMP/bar" || fail "a percentage of an unknown size: $(cat -v "$TMP/bar")"
}

test_progress_bar_redraws_at_most_ten_times_a_second() {
    start=$(date +%s.%N)
    $PTY "$TMP/bar" "$RAVI" say -o "$TMP/b.wav" "$LONG" || fail "exit $?"
    took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
    draws=$(tr '\r' '\n' <"$TMP/bar" | grep -c 'real time')
    [ "$draws" -le "$(awk -v t="$took" 'BEGIN { print int(t * 10) + 2 }')" ] || fail "$draws redraws in $took s"
    [ "$draws" -ge 2 ] || fail "only $draws redraws in $took s"
    last=$(tr '\r' '\n' <"$TMP/bar" | grep 'real time' | tail -1 | sed 's/.*\] *\([0-9]*\)%.*/\1/')
    [ "$last" -ge 95 ] || fail "the last redraw says $last%"
}

# ---- the interactive player ------------------------------------------------------
# ravi say runs in a tmux pseudo-terminal, its sound going to a PulseAudio null sink; keys are
# typed with tmux send-keys.

THREE=$TMP/three.txt
printf 'سازمان هواشناسی کشور اعلام کرد.\nدمای هوا کاهش می‌یابد.\nمردم از سفر خودداری کنند.\n' >"$THREE"

tmx() {
    tmux -S "$TMP/tmux.sock" "$@"
}

# tmux_reset: no tmux server left (a new session must not reach the one shutting down)
tmux_reset() {
    tmx kill-server 2>/dev/null
    for i in $(seq 1 30); do
        tmx list-sessions >/dev/null 2>&1 || break
        sleep 0.1
    done
    rm -f "$TMP/tmux.sock"
}

player_cleanup() {
    tmux_reset
    [ -n "${REC_PID:-}" ] && kill "$REC_PID" 2>/dev/null
    [ -n "${PULSE_PID:-}" ] && kill "$PULSE_PID" 2>/dev/null
    wait 2>/dev/null
}

# audio_up: a PulseAudio server with a null sink for this test, stopped when the test ends
audio_up() {
    trap player_cleanup EXIT
    start_pulseaudio || fail "could not start a PulseAudio server: $(cat "$TMP/pulse.log")"
}

# player_start ARGS...: `ravi say ARGS` on a terminal; its status lands in $TMP/player.status.
# The wrapper shell outlives Ctrl-C (trapped, so ravi still gets the default handling) to report.
player_start() {
    rm -f "$TMP/player.status" "$TMP/stty.before" "$TMP/stty.after"
    {
        echo "trap : INT"
        echo "stty -g >'$TMP/stty.before'"
        printf 'env %s %s say' "$AUDIO_ASAN" "'$RAVI'"
        for a in "$@"; do printf " '%s'" "$a"; done
        echo " 2>'$TMP/player.err'"
        echo "echo \$? >'$TMP/player.status'"
        echo "stty -g >'$TMP/stty.after'"
        echo "sleep 60"
    } >"$TMP/player.sh"
    tmx new-session -d -s ravi -x 160 -y 40 "sh '$TMP/player.sh'"
}

record_start() {
    parec -d ravi_test.monitor --raw --format=s16le --channels=1 --rate=22050 >"$TMP/rec.raw" &
    REC_PID=$!
}

keys() {
    tmx send-keys -t ravi "$@"
}

# wait_screen TEXT: waits (up to 10 s) until the terminal shows TEXT: the player has started
# reading that sentence (keys typed before ravi runs would all arrive at once)
wait_screen() {
    for i in $(seq 1 100); do
        tmx capture-pane -p -t ravi 2>/dev/null | grep -qF "$1" && return 0
        sleep 0.1
    done
    fail "the screen never showed '$1': $(tmx capture-pane -p -t ravi | grep .)"
}

# player_wait SECONDS: waits for ravi to end; fails when it takes longer
player_wait() {
    for i in $(seq 1 $(($1 * 10))); do
        [ -s "$TMP/player.status" ] && [ -s "$TMP/stty.after" ] && return 0
        sleep 0.1
    done
    fail "ravi still running after $1 s: $(tmx capture-pane -p -t ravi | grep .)"
}

player_status() {
    cat "$TMP/player.status"
}

terminal_restored() {
    cmp -s "$TMP/stty.before" "$TMP/stty.after" ||
        fail "terminal mode not restored: $(cat "$TMP/stty.before") -> $(cat "$TMP/stty.after")"
}

# How long q or Ctrl-C may take to end the player: 3 s, or 5 s under the sanitizers, whose
# exit-time leak check adds seconds on a loaded machine
QUIT_S=3
[ -n "${SANITIZE:-}" ] && QUIT_S=5

test_player_q_quits_promptly_and_shows_the_sentence() {
    audio_up
    player_start "$SAMPLE"
    wait_screen 'هشدار هواشناسی'
    sleep 1
    keys q
    player_wait $QUIT_S
    [ "$(player_status)" = 0 ] || fail "exit $(player_status) after q: $(cat "$TMP/player.err")"
    terminal_restored
    # keys are read during pauses too: q in a ten-second pause after the first sentence
    tmux_reset
    player_start --sentence-pause 10000 "$THREE"
    wait_screen 'سازمان هواشناسی'
    sleep 4
    keys q
    player_wait $QUIT_S
    [ "$(player_status)" = 0 ] || fail "exit $(player_status) after q in a pause"
}

test_player_ctrl_c_restores_the_terminal() {
    audio_up
    player_start "$SAMPLE"
    wait_screen 'هشدار هواشناسی'
    sleep 1
    keys C-c
    player_wait $QUIT_S
    [ "$(player_status)" = 130 ] || fail "exit $(player_status) after Ctrl-C"
    terminal_restored
    # and while paused
    tmux_reset
    player_start "$SAMPLE"
    wait_screen 'هشدار هواشناسی'
    keys Space
    wait_screen 'paused'
    keys C-c
    player_wait $QUIT_S
    [ "$(player_status)" = 130 ] || fail "exit $(player_status) after Ctrl-C while paused"
    terminal_restored
}

test_player_space_pauses() {
    audio_up
    record_start
    player_start "$THREE"
    # pause in the middle of the text: the first sentence heard, the second begun
    wait_screen 'دمای هوا'
    sleep 0.7
    keys Space
    sleep 2.5
    tmx capture-pane -p -t ravi | grep -q 'paused' || fail "no sign of the pause on the screen"
    keys Space
    player_wait 30
    sleep 0.3
    kill $REC_PID; wait $REC_PID 2>/dev/null; REC_PID=
    [ "$(player_status)" = 0 ] || fail "exit $(player_status)"
    terminal_restored
    [ ! -s "$TMP/player.err" ] || fail "noise on stderr: $(cat "$TMP/player.err")"
    gap=$($CHECK gap "$TMP/rec.raw" 22050)
    # speech never falls silent for 1.5 s by itself (pauses are 0.3 s); the pause was 2.5 s
    greater "$gap" 1.5 || fail "longest silence in the recording is $gap s: no pause heard"
}

# cue_texts SRT: the cues' texts, one a line
cue_texts() {
    awk 'NR > 0 && /-->/ { getline; print }' "$1"
}

test_player_arrows_move_between_sentences() {
    audio_up
    "$RAVI" say -o "$TMP/full.wav" --subtitles "$TMP/full.srt" "$THREE"
    full=$(seconds "$TMP/full.wav")
    # → during the first sentence skips the rest of it
    player_start --subtitles "$TMP/skip.srt" "$THREE"
    wait_screen 'سازمان هواشناسی'
    sleep 0.5
    keys Right
    player_wait 30
    [ "$(player_status)" = 0 ] || fail "exit $(player_status): $(cat "$TMP/player.err")"
    terminal_restored
    [ "$(cue_texts "$TMP/skip.srt" | wc -l)" -eq 3 ] || fail "cues after →: $(cue_texts "$TMP/skip.srt")"
    played=$(awk -F' --> ' '/-->/ { e = $2 } END { split(e, t, /[:,]/); print t[1]*3600 + t[2]*60 + t[3] + t[4]/1000 }' "$TMP/skip.srt")
    greater "$(awk -v f="$full" 'BEGIN { print f - 0.7 }')" "$played" || fail "→ did not shorten the audio: $played s of $full s"
    tmux_reset
    # ← during the second sentence reads the first again
    player_start --subtitles "$TMP/back.srt" "$THREE"
    wait_screen 'دمای هوا'
    sleep 0.5
    keys Left
    player_wait 40
    [ "$(player_status)" = 0 ] || fail "exit $(player_status)"
    cue_texts "$TMP/back.srt" >"$TMP/back.txt"
    # the first sentence, part of the second, then all three
    [ "$(sed -n 1p "$TMP/back.txt")" = "$(sed -n 3p "$TMP/back.txt")" ] &&
        [ "$(wc -l <"$TMP/back.txt")" -eq 5 ] || fail "← did not go back: $(cat "$TMP/back.txt")"
}

test_player_paragraph_keys_and_rate() {
    audio_up
    # the sentences a key is pressed in are long (some six seconds): on a loaded machine a key
    # still lands in them, not after them
    printf 'بند اول جمله یک است که بلند است و کلمه‌های بسیاری دارد تا خواندنش چند ثانیه طول بکشد. بند اول جمله دو. بند اول جمله سه.\nبند دوم آغاز شد و این جمله هم بلند است تا کلید بالا پیش از پایان آن برسد.\n' >"$TMP/paras.txt"
    player_start --subtitles "$TMP/para.srt" "$TMP/paras.txt"
    wait_screen 'جمله یک'
    sleep 0.5
    keys +
    keys Down
    player_wait 30
    [ "$(player_status)" = 0 ] || fail "exit $(player_status)"
    terminal_restored
    cue_texts "$TMP/para.srt" >"$TMP/para.txt"
    [ "$(sed -n 2p "$TMP/para.txt")" = 'بند دوم آغاز شد و این جمله هم بلند است تا کلید بالا پیش از پایان آن برسد.' ] || fail "↓ did not go to the next paragraph: $(cat "$TMP/para.txt")"
    tmx capture-pane -p -t ravi | grep -q 'rate 185' || fail "+ did not change the rate: $(tmx capture-pane -p -t ravi | grep .)"
    tmux_reset
    # ↑ in the second paragraph goes back to the first one's start; the player then reads both
    # paragraphs again (some 15 s of audio, longer under the sanitizers on a loaded machine)
    player_start --subtitles "$TMP/up.srt" "$TMP/paras.txt"
    wait_screen 'جمله یک'
    sleep 0.5
    keys Down
    wait_screen 'بند دوم'
    sleep 0.5
    keys Up
    player_wait 45
    cue_texts "$TMP/up.srt" | sed -n 3p | grep -q 'بند اول جمله یک' || fail "↑ did not go back a paragraph: $(cue_texts "$TMP/up.srt")"
}

echo "e2e output tests"
# E2E_ONLY=WORD runs only the tests whose names contain WORD
for t in $(grep -o '^test_[a-z0-9_]*' "$HERE/output.sh"); do
    case $t in *"${E2E_ONLY:-}"*) run_test "$t" ;; esac
done
