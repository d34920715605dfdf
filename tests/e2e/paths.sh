# Output paths that are not plain files (issue 19), sourced by run.sh: Ravi writes a regular file
# through a temporary file and a rename, and never replaces what it did not create — a device, a
# FIFO, a socket, a link, or the input itself. Devices are made with mknod in the test's own
# directory (never the real /dev/null); that needs root, which CI has.

is_root() {
    [ "$(id -u)" -eq 0 ]
}

# kind PATH: what the file system says PATH is, without following a link.
kind() {
    stat -c %F "$1"
}

test_output_to_a_character_device_writes_into_it() {
    if ! is_root; then
        echo "    (skipped: mknod needs root; CI runs this as root)"
        return 0
    fi
    d=$TMP/dev
    mkdir -p "$d"
    mknod "$d/nulldev" c 1 3 || fail "mknod"
    expect_status 0 "$RAVI" say -o "$d/nulldev" --format wav "$SHORT"
    [ "$(kind "$d/nulldev")" = "character special file" ] || fail "the device was replaced: $(kind "$d/nulldev")"
    # no extension to go by: a device gets WAV, as standard output does
    expect_status 0 "$RAVI" say -o "$d/nulldev" "$SHORT"
    expect_status 0 "$RAVI" say -o "$d/nulldev" --json-events "$TMP/dev.json" "$SHORT"
    [ "$(kind "$d/nulldev")" = "character special file" ] || fail "the device was replaced"
    [ -s "$TMP/dev.json" ] || fail "no events beside the device"
    [ -z "$(ls -A "$d" | grep '^\.')" ] || fail "a temporary file was made beside the device: $(ls -A "$d")"
    # a block device is a disk: refused, not written
    mknod "$d/blk" b 7 250 || fail "mknod b"
    expect_status 1 "$RAVI" say -o "$d/blk" "$SHORT"
    expect_stderr "blk: is a block device"
    [ "$(kind "$d/blk")" = "block special file" ] || fail "the block device was replaced"
}

test_output_to_a_fifo_streams_into_it() {
    mkfifo "$TMP/audio.fifo" "$TMP/events.fifo" || fail "mkfifo"
    # bounded: a Ravi that replaced the FIFOs would leave these readers waiting forever
    timeout 60 cat "$TMP/audio.fifo" >"$TMP/from-fifo.wav" &
    reader=$!
    timeout 60 cat "$TMP/events.fifo" >"$TMP/from-fifo.json" &
    reader2=$!
    expect_status 0 timeout 60 "$RAVI" say -o "$TMP/audio.fifo" --json-events "$TMP/events.fifo" "$SHORT"
    wait $reader $reader2
    [ "$(kind "$TMP/audio.fifo")" = fifo ] || fail "the FIFO was replaced: $(kind "$TMP/audio.fifo")"
    [ "$(kind "$TMP/events.fifo")" = fifo ] || fail "the events FIFO was replaced"
    [ "$(soxi -r "$TMP/from-fifo.wav")" = 22050 ] || fail "what came through the FIFO is not a WAV"
    "$RAVI" say -o - --raw "$SHORT" >"$TMP/fifo-ref.pcm"
    tail -c +45 "$TMP/from-fifo.wav" | cmp -s - "$TMP/fifo-ref.pcm" || fail "the FIFO's samples differ"
    grep -q '"type":"word"' "$TMP/from-fifo.json" || fail "no word events through the FIFO"
}

test_output_to_a_socket_streams_into_it() {
    python3 - "$RAVI" "$SHORT" "$TMP/out.sock" <<'EOF' || fail "socket output"
import os, socket, subprocess, sys
ravi, text, path = sys.argv[1:4]
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen(1)
proc = subprocess.Popen([ravi, "say", "-o", path, "--raw", text])
server.settimeout(30)
conn, _ = server.accept()
got = b""
while True:
    data = conn.recv(65536)
    if not data:
        break
    got += data
status = proc.wait(timeout=60)
ref = subprocess.run([ravi, "say", "-o", "-", "--raw", text], capture_output=True).stdout
if status != 0 or got != ref or not os.path.exists(path):
    sys.exit("status %d, %d bytes against %d" % (status, len(got), len(ref)))
EOF
    [ "$(kind "$TMP/out.sock")" = socket ] || fail "the socket was replaced"
}

test_output_through_a_link_keeps_the_link() {
    echo old >"$TMP/real.wav"
    chmod 640 "$TMP/real.wav"
    ln -sf real.wav "$TMP/link.wav"
    expect_status 0 "$RAVI" say -o "$TMP/link.wav" "$SHORT"
    [ "$(kind "$TMP/link.wav")" = "symbolic link" ] || fail "the link was replaced: $(kind "$TMP/link.wav")"
    [ "$(soxi -r "$TMP/real.wav")" = 22050 ] || fail "the file the link points to was not written"
    [ "$(stat -c %a "$TMP/real.wav")" = 640 ] || fail "the file lost its permissions: $(stat -c %a "$TMP/real.wav")"
    # a link to a name that does not exist yet: the file is made there
    mkdir -p "$TMP/elsewhere"
    ln -sf elsewhere/new.wav "$TMP/dangling.wav"
    expect_status 0 "$RAVI" say -o "$TMP/dangling.wav" "$SHORT"
    [ "$(kind "$TMP/dangling.wav")" = "symbolic link" ] || fail "the dangling link was replaced"
    [ "$(soxi -r "$TMP/elsewhere/new.wav")" = 22050 ] || fail "nothing made where the link points"
    [ -z "$(ls -A "$TMP" "$TMP/elsewhere" | grep '^\.')" ] || fail "temporary files left behind"
}

test_output_that_is_the_input_is_refused() {
    cp "$SAMPLE" "$TMP/article.txt"
    ln -sf article.txt "$TMP/article-link"
    for out in "$TMP/article.txt" "$TMP/article-link" "$TMP/../$(basename "$TMP")/article.txt"; do
        expect_status 2 "$RAVI" say -o "$out" --format wav "$TMP/article.txt"
        expect_stderr "is the input .*article.txt.*; refusing to write over it"
    done
    expect_status 2 "$RAVI" say -o "$TMP/x.wav" --json-events "$TMP/article.txt" "$TMP/article.txt"
    expect_stderr "json-events .*is the input"
    expect_status 2 "$RAVI" say -o "$TMP/x.wav" --subtitles "$TMP/article-link" "$TMP/article.txt"
    # the input on standard input is the same file
    "$RAVI" say -o "$TMP/article.txt" --format wav - <"$TMP/article.txt" >"$OUT_FILE" 2>"$ERR_FILE"
    [ $? -eq 2 ] || fail "reading the file from standard input: not refused"
    expect_stderr "is the input \(standard input\)"
    cmp -s "$SAMPLE" "$TMP/article.txt" || fail "the article was changed"
    [ ! -e "$TMP/x.wav" ] || fail "an output was made although the run was refused"
}

test_two_outputs_that_are_one_file_are_refused() {
    ln -sf both.srt "$TMP/both-link.srt"
    expect_status 2 "$RAVI" say -o "$TMP/both.wav" --json-events "$TMP/./both.wav" "$SHORT"
    expect_stderr "name the same file"
    expect_status 2 "$RAVI" say -o "$TMP/one.wav" --subtitles "$TMP/both.srt" --json-events "$TMP/both-link.srt" "$SHORT"
    expect_stderr "name the same file"
    [ ! -e "$TMP/both.wav" ] && [ ! -e "$TMP/one.wav" ] && [ ! -e "$TMP/both.srt" ] ||
        fail "a refused run wrote something"
}

test_dev_stdout_is_standard_output() {
    "$RAVI" say -o /dev/stdout "$SHORT" >"$TMP/devstdout.wav" 2>"$ERR_FILE" || fail "exit $?: $(cat "$ERR_FILE")"
    "$RAVI" say -o - "$SHORT" >"$TMP/dash.wav"
    cmp -s "$TMP/devstdout.wav" "$TMP/dash.wav" || fail "-o /dev/stdout differs from -o -"
    "$RAVI" say -o /dev/stdout "$SHORT" 2>"$ERR_FILE" | cat >"$TMP/devstdout-pipe.wav" ||
        fail "to a pipe: $(cat "$ERR_FILE")"
    [ "$(soxi -r "$TMP/devstdout-pipe.wav")" = 22050 ] || fail "-o /dev/stdout into a pipe is not a WAV"
}

test_events_reader_going_away_stops_quietly() {
    # the same rule as the audio's reader: stop at once, quietly, status 141, no partial file
    sh -c '"$0" say -o "$1/gone.wav" --json-events - "$2" 2>"$1/stderr2"; echo $? >"$1/status"' \
        "$RAVI" "$TMP" "$SAMPLE" | head -1 >"$TMP/first-event"
    status=$(cat "$TMP/status")
    [ "$status" -eq 141 ] || fail "exit $status, expected 141 (a closed pipe)"
    [ ! -s "$TMP/stderr2" ] || fail "messages: $(cat "$TMP/stderr2")"
    grep -q '"type":"sentence"' "$TMP/first-event" || fail "the first event did not arrive"
    [ ! -e "$TMP/gone.wav" ] || fail "a partial audio file was left"
    [ -z "$(ls -A "$TMP" | grep '^\.gone\.wav')" ] || fail "a temporary file was left"
}

for t in $(grep -o '^test_[a-z0-9_]*' "$HERE/paths.sh"); do
    run_test "$t"
done
