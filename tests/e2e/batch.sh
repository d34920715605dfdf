#!/bin/sh
# End-to-end tests of ravi batch (issue 15): 30 articles of every kind with an unreadable and an
# invalid one, reruns, Ctrl-C and a rerun giving byte-identical files, workers killed in the
# middle of an article, shards (--shard, Slurm, Kubernetes, AWS, Google) and GNU parallel, also
# over "ssh" (a stand-in that runs the command here), the journal, and the options of say.
# Needs $RAVI (the binary); run by `make batch-test` (part of make test).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
: "${RAVI:?set RAVI to the ravi binary}"
export RAVI_DATA="$ROOT"
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-batch.XXXXXX")
OUT_FILE=$TMP/stdout
ERR_FILE=$TMP/stderr
trap 'rm -rf "$TMP"' EXIT INT TERM
# the scheduler's variables of whoever runs the tests must not pick a shard for them
unset SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX AWS_BATCH_JOB_ARRAY_INDEX BATCH_TASK_INDEX

# ---- the articles ------------------------------------------------------------------------------
# 28 good ones made from the samples' paragraphs: 20 texts, 5 HTML pages, 3 SSML documents, in
# nested directories; then one that cannot be read and one invalid SSML document. MANIFEST lists
# all 30, with comments and blank lines between them.
ART=$TMP/articles
MANIFEST=$TMP/manifest.txt
GOOD=28

paragraph() {
    cat "$ROOT"/samples/*.txt | grep -v '^$' | sed -n "$(( $1 % 14 + 1 ))p"
}

make_articles() {
    mkdir -p "$ART/text/2024" "$ART/pages" "$ART/ssml"
    for i in $(seq 1 20); do
        { paragraph "$i"; echo; paragraph $((i + 3)); paragraph $((i + 7)); } >"$ART/text/2024/t$i.txt"
    done
    for i in $(seq 1 5); do
        printf '<html><head><title>t</title></head><body><nav>خانه</nav><article><h1>%s</h1><p>%s</p><p>%s</p></article></body></html>\n' \
            "$(paragraph $((i + 1)))" "$(paragraph $((i + 5)))" "$(paragraph $((i + 9)))" >"$ART/pages/p$i.html"
    done
    for i in $(seq 1 3); do
        printf '<speak><p>%s</p><p>%s</p></speak>\n' "$(paragraph $((i + 2)))" "$(paragraph $((i + 6)))" \
            >"$ART/ssml/s$i.ssml"
    done
    printf '<speak><p>%s</speak>\n' "$(paragraph 4)" >"$ART/ssml/broken.ssml"
    if [ "$(id -u)" = 0 ]; then
        ln -s "$ART/no-such-article.txt" "$ART/text/unreadable.txt" # root reads any mode: a broken link
    else
        paragraph 1 >"$ART/text/unreadable.txt" && chmod 000 "$ART/text/unreadable.txt"
    fi
    {
        echo "# the batch's articles, one a line"
        (cd "$TMP" && find articles -type f -o -type l | LC_ALL=C sort) | while read -r f; do
            echo "$f"
            case "$f" in *t1[05].txt) echo ;; *p3.html) echo "# a comment between articles" ;; esac
        done
    } >"$MANIFEST"
    [ "$(grep -c '^articles' "$MANIFEST")" -eq 30 ] || fail "the manifest does not list 30 articles"
}
make_articles

# batch: runs ravi batch in $TMP (the manifest's paths are relative to it); status in $STATUS
batch() {
    (cd "$TMP" && "$RAVI" batch "$@") >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
    STATUS=$?
}

# journal_check OUTDIR DONE FAILED: the journal's lines are JSON records, that many of each
journal_check() {
    python3 - "$1/.ravi-batch.log" "$2" "$3" <<'EOF' || fail "journal: see above"
import json, sys
path, want_done, want_failed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
done = failed = 0
for n, line in enumerate(open(path, encoding="utf-8"), 1):
    r = json.loads(line)
    for key in ("time", "input", "output", "status", "audio_seconds", "cpu_seconds", "error"):
        assert key in r, f"{path}:{n}: no {key}"
    if r["status"] == "done":
        done += 1
        assert r["audio_seconds"] > 0 and r["cpu_seconds"] > 0 and r["error"] is None, f"{path}:{n}: {line}"
    else:
        assert r["status"] == "failed" and r["error"], f"{path}:{n}: {line}"
        failed += 1
if (done, failed) != (want_done, want_failed):
    sys.exit(f"{path}: {done} done and {failed} failed, expected {want_done} and {want_failed}")
EOF
}

no_temporary_files() {
    left=$(find "$1" -name '.*.*.*' ! -name .ravi-batch.log)
    [ -z "$left" ] || fail "temporary files left behind: $left"
}

# the audio files under a directory, as "relative path" lines
audio_files() {
    (cd "$1" && find . -name '*.wav' | LC_ALL=C sort)
}

# every file of $1 is in $2, byte for byte, and there are as many
same_files() {
    [ "$(audio_files "$1")" = "$(audio_files "$2")" ] || fail "$2 holds other files than $1"
    for f in $(audio_files "$1"); do
        cmp -s "$1/$f" "$2/$f" || fail "$f differs between $1 and $2"
    done
}

# ---- a batch, and reruns -------------------------------------------------------------------------

REF=$TMP/ref
test_batch_writes_good_articles_journals_bad_ones() {
    batch manifest.txt -o ref --jobs 2
    [ "$STATUS" -eq 1 ] || fail "exit status $STATUS with two bad articles, expected 1: $(cat "$ERR_FILE")"
    [ "$(audio_files "$REF" | wc -l)" -eq $GOOD ] || fail "$(audio_files "$REF" | wc -l) audio files, expected $GOOD"
    for f in $(audio_files "$REF"); do
        [ "$(soxi -r "$REF/$f")" = 22050 ] || fail "$f: not a 22050 Hz WAV"
        greater "$(seconds "$REF/$f")" 3 || fail "$f: only $(seconds "$REF/$f") s"
    done
    [ -s "$REF/articles/pages/p2.wav" ] && [ -s "$REF/articles/ssml/s3.wav" ] &&
        [ -s "$REF/articles/text/2024/t17.wav" ] || fail "the inputs' paths are not kept"
    journal_check "$REF" $GOOD 2
    grep -q '"input":"articles/ssml/broken.ssml".*"status":"failed".*invalid SSML' "$REF/.ravi-batch.log" ||
        fail "the invalid SSML is not journaled as such"
    grep -q '"input":"articles/text/unreadable.txt".*"status":"failed".*cannot open' "$REF/.ravi-batch.log" ||
        fail "the unreadable article is not journaled as such"
    grep -q '^ravi: articles/ssml/broken.ssml:1:[0-9]*: invalid SSML' "$ERR_FILE" || fail "no message for the invalid SSML"
    grep -q "^ravi batch: $GOOD written, 0 up to date, 2 failed" "$ERR_FILE" || fail "summary: $(cat "$ERR_FILE")"
    no_temporary_files "$REF"
    # a worker forked from the batch's engine says what ravi say says, to the byte
    for f in text/2024/t3 pages/p4; do
        "$RAVI" say -o "$TMP/say.wav" "$TMP/articles/$f".* || fail "ravi say $f"
        cmp -s "$TMP/say.wav" "$REF/articles/$f.wav" || fail "$f: batch and say differ"
    done
}

test_rerun_skips_good_articles() {
    before=$(ls -l --time-style=full-iso "$REF"/articles/*/*.wav "$REF"/articles/text/2024/*.wav)
    lines=$(wc -l <"$REF/.ravi-batch.log")
    batch manifest.txt -o ref --jobs 2
    [ "$STATUS" -eq 1 ] || fail "exit status $STATUS: the two failures still stand"
    grep -q "^ravi batch: 0 written, $GOOD up to date, 0 failed" "$ERR_FILE" || fail "summary: $(cat "$ERR_FILE")"
    grep -q "2 failed in an earlier run and were left alone" "$ERR_FILE" || fail "no word of the earlier failures"
    [ "$before" = "$(ls -l --time-style=full-iso "$REF"/articles/*/*.wav "$REF"/articles/text/2024/*.wav)" ] ||
        fail "a good article was written again"
    [ "$(wc -l <"$REF/.ravi-batch.log")" -eq "$lines" ] || fail "the rerun journaled articles it left alone"
    batch manifest.txt -o ref --retry-failed --quiet
    [ "$STATUS" -eq 1 ] && [ "$(grep -c '^ravi: ' "$ERR_FILE")" -eq 2 ] || fail "--retry-failed: $(cat "$ERR_FILE")"
    [ "$(wc -l <"$REF/.ravi-batch.log")" -eq $((lines + 2)) ] || fail "--retry-failed did not journal the retries"
    # an input mended since it failed is tried again without being asked
    cp "$TMP/articles/ssml/s1.ssml" "$TMP/articles/ssml/broken.ssml"
    batch manifest.txt -o ref
    grep -q "^ravi batch: 1 written, $GOOD up to date, 0 failed" "$ERR_FILE" || fail "mended input: $(cat "$ERR_FILE")"
    printf '<speak><p>%s</speak>\n' "$(paragraph 4)" >"$TMP/articles/ssml/broken.ssml"
    rm -f "$REF/articles/ssml/broken.wav"
    touch "$TMP/articles/text/2024/t4.txt"
    batch manifest.txt -o ref
    grep -q "^ravi batch: 1 written, $((GOOD - 1)) up to date, 1 failed" "$ERR_FILE" ||
        fail "a changed input is not written again: $(cat "$ERR_FILE")"
    # an input whose time goes back (restored from a backup) is not the one the audio was made of
    lines=$(wc -l <"$REF/.ravi-batch.log")
    touch -d 2001-01-01 "$TMP/articles/text/2024/t5.txt"
    batch manifest.txt -o ref
    grep -q "^ravi batch: 1 written, $((GOOD - 1)) up to date, 0 failed" "$ERR_FILE" &&
        [ "$(wc -l <"$REF/.ravi-batch.log")" -eq $((lines + 1)) ] &&
        tail -1 "$REF/.ravi-batch.log" | grep -q '"input":"articles/text/2024/t5.txt".*"status":"done"' ||
        fail "an input set back in time is not written again: $(cat "$ERR_FILE")"
}

test_sigint_then_rerun_is_byte_identical() {
    (cd "$TMP" && exec "$RAVI" batch manifest.txt -o cut --jobs 1) 2>"$ERR_FILE" &
    pid=$!
    # halfway: when some articles are journaled
    for i in $(seq 1 1000); do
        [ "$(cat "$TMP/cut/.ravi-batch.log" 2>/dev/null | wc -l)" -ge 8 ] && break
        sleep 0.01
    done
    kill -INT $pid
    wait $pid
    status=$?
    [ $status -eq 130 ] || fail "exit status $status after SIGINT, expected 130"
    written=$(audio_files "$TMP/cut" | wc -l)
    [ "$written" -lt $GOOD ] || fail "the run ended before the interrupt: make the articles longer"
    grep -q "stopped with [0-9]* articles left" "$ERR_FILE" || fail "no word of the stop: $(cat "$ERR_FILE")"
    no_temporary_files "$TMP/cut"
    # what was written is whole
    for f in $(audio_files "$TMP/cut"); do
        cmp -s "$REF/$f" "$TMP/cut/$f" || fail "$f: written before the interrupt, but not as it should be"
    done
    (cd "$TMP" && "$RAVI" batch manifest.txt -o cut --jobs 2) 2>"$ERR_FILE"
    grep -q "^ravi batch: $((GOOD - written)) written, $written up to date" "$ERR_FILE" ||
        fail "the rerun did not pick up where it stopped: $(cat "$ERR_FILE")"
    same_files "$REF" "$TMP/cut"
    journal_check "$TMP/cut" $GOOD 2
}

test_sigterm_stops_cleanly() {
    (cd "$TMP" && exec "$RAVI" batch manifest.txt -o term --jobs 2 --quiet) 2>"$ERR_FILE" &
    pid=$!
    for i in $(seq 1 1000); do
        [ -s "$TMP/term/.ravi-batch.log" ] && break
        sleep 0.01
    done
    kill -TERM $pid
    wait $pid
    [ $? -eq 143 ] || fail "exit status after SIGTERM, expected 143"
    no_temporary_files "$TMP/term"
    [ -z "$(pgrep -f "batch manifest.txt -o term")" ] || fail "workers outlived the batch"
}

# ---- workers that die ----------------------------------------------------------------------------

# kill_worker SIGNAL: a batch of one long article (read first: the longest go first) and three
# short ones, the long one's worker killed with SIGNAL while it speaks
kill_worker() {
    sig=$1 out=$TMP/killed-$1
    mkdir -p "$TMP/long"
    for i in $(seq 1 10); do cat "$ROOT"/samples/*.txt; done >"$TMP/long/long.txt"
    for i in 1 2 3; do paragraph $i >"$TMP/long/short$i.txt"; done
    "$RAVI" batch "$TMP/long" -o "$out" --jobs 1 --quiet 2>"$ERR_FILE" &
    pid=$!
    worker=
    for i in $(seq 1 500); do
        worker=$(pgrep -P $pid | head -1)
        [ -n "$worker" ] && [ -n "$(find "$out" -name '.long.wav.*' 2>/dev/null)" ] && break
        sleep 0.01
    done
    [ -n "$worker" ] || fail "no worker to kill"
    kill -"$sig" "$worker"
    wait $pid
    status=$?
    [ $status -eq 1 ] || fail "exit status $status after a worker died, expected 1: $(cat "$ERR_FILE")"
    [ ! -e "$out/long.wav" ] || fail "the killed worker's article has an output"
    for i in 1 2 3; do
        [ -s "$out/short$i.wav" ] || fail "a fresh worker did not carry on: no short$i.wav"
    done
    no_temporary_files "$out"
    grep -q '"input":"[^"]*long.txt".*"status":"failed".*the worker died of signal' "$out/.ravi-batch.log" ||
        fail "the crash is not journaled: $(cat "$out/.ravi-batch.log")"
    grep -q "long.txt: the worker died of signal" "$ERR_FILE" || fail "no message: $(cat "$ERR_FILE")"
}

test_worker_segfault_fails_one_article() { kill_worker SEGV; }
test_worker_abort_fails_one_article() { kill_worker ABRT; }
# SIGKILL leaves the worker no handler: the parent removes its temporary file
test_worker_sigkill_leaves_no_file() { kill_worker KILL; }

test_stalled_worker_is_stopped() {
    mkfifo "$TMP/fifo.txt"
    paragraph 2 >"$TMP/fine.txt"
    printf 'fifo.txt\nfine.txt\n' >"$TMP/stall.txt"
    start=$(date +%s)
    batch stall.txt -o stalled --stall-timeout 1 --quiet
    [ "$STATUS" -eq 1 ] || fail "exit status $STATUS"
    grep -q "fifo.txt: the worker made no audio for 1 s" "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
    [ -s "$TMP/stalled/fine.wav" ] || fail "the other article was not written"
    [ $(($(date +%s) - start)) -lt 20 ] || fail "took too long"
}

# ---- shards ----------------------------------------------------------------------------------------

# shard_union NAME: the union of the plans printed in $TMP/shard-NAME-* is the manifest, no overlap
shard_union() {
    cat "$TMP"/shard-"$1"-* | cut -f2 | LC_ALL=C sort >"$TMP/union"
    grep '^articles' "$MANIFEST" | LC_ALL=C sort >"$TMP/all"
    cmp -s "$TMP/union" "$TMP/all" || fail "$1: the shards' union is not the manifest: $(diff "$TMP/all" "$TMP/union")"
}

test_shards_partition_the_manifest() {
    for i in 0 1 2; do
        batch manifest.txt -o ref --dry-run --shard $i/3
        [ "$STATUS" -eq 0 ] || fail "--dry-run --shard $i/3: $(cat "$ERR_FILE")"
        cp "$OUT_FILE" "$TMP/shard-opt-$i"
        # article k (from 0) is shard k mod 3's
        grep '^articles' "$MANIFEST" | awk -v i=$i 'NR % 3 == (i + 1) % 3' >"$TMP/expected"
        cut -f2 "$OUT_FILE" | cmp -s - "$TMP/expected" || fail "shard $i/3 is not the lines k mod 3 = $i"
    done
    shard_union opt
}

test_shards_from_slurm_kubernetes_aws_google() {
    for id in 4 5 6; do  # --array=4-6
        (export SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_MAX=6 \
            SLURM_ARRAY_TASK_STEP=1 SLURM_ARRAY_TASK_COUNT=3; batch manifest.txt -o ref --dry-run;
         cp "$OUT_FILE" "$TMP/shard-slurm-$id")
    done
    shard_union slurm
    cmp -s "$TMP/shard-slurm-5" "$TMP/shard-opt-1" || fail "Slurm task 5 of 4-6 is not shard 1/3"
    for id in 1 3 5; do  # --array=1-5:2
        (export SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=5 \
            SLURM_ARRAY_TASK_STEP=2 SLURM_ARRAY_TASK_COUNT=3; batch manifest.txt -o ref --dry-run;
         cp "$OUT_FILE" "$TMP/shard-slurmstep-$id")
    done
    shard_union slurmstep
    for i in 0 1 2; do
        (export JOB_COMPLETION_INDEX=$i RAVI_SHARDS=3; batch manifest.txt -o ref --dry-run;
         cp "$OUT_FILE" "$TMP/shard-k8s-$i")
        (export AWS_BATCH_JOB_ARRAY_INDEX=$i AWS_BATCH_JOB_ARRAY_SIZE=3; batch manifest.txt -o ref --dry-run;
         cp "$OUT_FILE" "$TMP/shard-aws-$i")
        (export BATCH_TASK_INDEX=$i BATCH_TASK_COUNT=3; batch manifest.txt -o ref --dry-run;
         cp "$OUT_FILE" "$TMP/shard-gcp-$i")
        cmp -s "$TMP/shard-k8s-$i" "$TMP/shard-opt-$i" && cmp -s "$TMP/shard-aws-$i" "$TMP/shard-opt-$i" &&
            cmp -s "$TMP/shard-gcp-$i" "$TMP/shard-opt-$i" || fail "index $i is not shard $i/3"
    done
    shard_union k8s
    # --shard wins over the environment
    (export JOB_COMPLETION_INDEX=2 RAVI_SHARDS=3; batch manifest.txt -o ref --dry-run --shard 0/3;
     cmp -s "$OUT_FILE" "$TMP/shard-opt-0") || fail "--shard does not override the environment"
}

test_shard_errors() {
    (export JOB_COMPLETION_INDEX=1; expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/x") || exit 1
    expect_stderr "JOB_COMPLETION_INDEX is set but RAVI_SHARDS is not"
    (export SLURM_ARRAY_TASK_ID=9 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=9 SLURM_ARRAY_TASK_STEP=1 \
        SLURM_ARRAY_TASK_COUNT=3; expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/x") || exit 1
    expect_stderr "not evenly spaced"
    expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/x" --shard 3/3
    expect_stderr "shards of 3 are numbered 0 to 2"
    expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/x" --shard 1of3
    expect_stderr "--shard: expected I/N"
    [ ! -e "$TMP/x" ] || fail "a usage error made the output directory"
}

test_shards_written_together_make_the_whole() {
    for i in 0 1 2; do
        (cd "$TMP" && "$RAVI" batch manifest.txt -o together --shard $i/3 --jobs 1 --quiet) 2>/dev/null &
    done
    wait
    same_files "$REF" "$TMP/together"
    journal_check "$TMP/together" $GOOD 2
    [ "$(python3 -c 'import json,sys; print(len({json.loads(l)["input"] for l in open(sys.argv[1])}))' \
        "$TMP/together/.ravi-batch.log")" -eq 30 ] || fail "an article was journaled twice"
}

test_gnu_parallel_two_shards() {
    (cd "$TMP" && parallel --will-cite -j2 "$RAVI" batch manifest.txt -o par --quiet --jobs 1 --shard {}/2 \
        ::: 0 1) 2>"$ERR_FILE"
    [ $? -ge 1 ] || fail "GNU parallel saw no failed shard: the bad articles must fail theirs"
    same_files "$REF" "$TMP/par"
    journal_check "$TMP/par" $GOOD 2
}

# README's example: shards spread over machines by ssh, here a stand-in for ssh that runs the
# command on this one, starting in $HOME as ssh does (parallel's --workdir . is relative to it). HOME
# is a directory of the test's own: CI's may be a parent of $TMP, which the path would then be relative to.
# sshd also sets SHELL (the account's shell), which parallel's remote wrapper runs the job with; CI
# may have none in its environment
test_gnu_parallel_over_ssh() {
    cat >"$TMP/ssh" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do case "$1" in -*) shift ;; *) break ;; esac; done
shift
[ "$1" = "--" ] && shift
cd "$HOME" || exit 255
SHELL=/bin/sh exec sh -c "$*"
EOF
    chmod +x "$TMP/ssh"
    mkdir -p "$TMP/ssh-home"
    (cd "$TMP" && HOME=$TMP/ssh-home parallel --will-cite --ssh "$TMP/ssh" --sshlogin 1/news1,1/news2 --workdir . \
        --joblog "$TMP/joblog" "$RAVI" batch manifest.txt -o ssh-out --quiet --shard {}/4 ::: 0 1 2 3) \
        2>"$ERR_FILE"
    [ -d "$TMP/ssh-out" ] || fail "parallel over ssh wrote nothing: $(cat "$ERR_FILE")"
    same_files "$REF" "$TMP/ssh-out"
    journal_check "$TMP/ssh-out" $GOOD 2
    # --resume-failed reruns the shards that failed; each skips what it wrote
    (cd "$TMP" && HOME=$TMP/ssh-home parallel --will-cite --ssh "$TMP/ssh" --sshlogin 1/news1,1/news2 --workdir . \
        --joblog "$TMP/joblog" --resume-failed "$RAVI" batch manifest.txt -o ssh-out --quiet --shard {}/4 \
        ::: 0 1 2 3) 2>"$ERR_FILE"
    journal_check "$TMP/ssh-out" $GOOD 2
}

# ---- options -----------------------------------------------------------------------------------------

test_say_options_apply() {
    batch articles/pages -o opts --format mp3 --voice ravi-female --rate 200 --subtitles vtt \
        --json-events jsonl --quiet
    [ "$STATUS" -eq 0 ] || fail "exit status $STATUS: $(cat "$ERR_FILE")"
    [ -z "$(cat "$ERR_FILE")" ] || fail "--quiet printed: $(cat "$ERR_FILE")"
    for i in 1 2 3 4 5; do
        soxi -t "$TMP/opts/p$i.mp3" | grep -q mp3 || fail "p$i.mp3 is not MP3"
        [ "$(head -1 "$TMP/opts/p$i.vtt")" = WEBVTT ] && [ -s "$TMP/opts/p$i.jsonl" ] ||
            fail "no subtitles or events beside p$i.mp3"
    done
    (cd "$TMP" && "$RAVI" say --voice ravi-female --rate 200 -o say.wav --subtitles say.vtt \
        --json-events say.jsonl articles/pages/p3.html)
    batch articles/pages -o opts-wav --voice ravi-female --rate 200 --subtitles vtt --json-events jsonl --quiet
    cmp -s "$TMP/say.wav" "$TMP/opts-wav/p3.wav" && cmp -s "$TMP/say.vtt" "$TMP/opts-wav/p3.vtt" &&
        cmp -s "$TMP/say.jsonl" "$TMP/opts-wav/p3.jsonl" || fail "batch and say differ with the same options"
    python3 "$HERE/check_output.py" json "$TMP/opts-wav/p2.jsonl" "$TMP/articles/pages/p2.html" \
        "$(seconds "$TMP/opts-wav/p2.wav")" --markup || fail "p2.jsonl does not hold"
    # a new companion asked for: the articles are written again
    batch articles/pages -o opts-wav --voice ravi-female --rate 200 --subtitles srt --json-events jsonl
    grep -q "^ravi batch: 5 written, 0 up to date" "$ERR_FILE" || fail "srt asked for: $(cat "$ERR_FILE")"
    batch articles/pages -o opts-wav --voice ravi-female --rate 200 --force
    grep -q "^ravi batch: 5 written, 0 up to date" "$ERR_FILE" || fail "--force: $(cat "$ERR_FILE")"
}

test_directory_walk() {
    mkdir -p "$TMP/walk/a/.hidden" "$TMP/walk/b"
    paragraph 1 >"$TMP/walk/a/one.txt"
    paragraph 2 >"$TMP/walk/a/.hidden/no.txt"
    paragraph 3 >"$TMP/walk/a/two.HTML"
    paragraph 4 >"$TMP/walk/b/notes.md"
    paragraph 5 >"$TMP/walk/b/same.txt"
    printf '<p>%s</p>\n' "$(paragraph 6)" >"$TMP/walk/b/same.html"
    ln -s .. "$TMP/walk/b/loop"
    batch walk -o walk/audio --quiet
    [ "$STATUS" -eq 1 ] || fail "exit status $STATUS: two inputs, one output"
    (cd "$TMP/walk/audio" && find . -type f | LC_ALL=C sort | tr '\n' ' ') >"$OUT_FILE"
    [ "$(cat "$OUT_FILE")" = "./.ravi-batch.log ./a/one.wav ./a/two.wav ./b/same.wav " ] ||
        fail "walked: $(cat "$OUT_FILE")"
    grep -q "walk/b/same.txt: its output b/same.wav is also that of walk/b/same.html" "$ERR_FILE" ||
        fail "the clash is not named: $(cat "$ERR_FILE")"
    batch walk -o walk/audio --quiet  # the output directory inside the input one is not walked
    [ "$(find "$TMP/walk/audio" -name '*.wav' | wc -l)" -eq 3 ] || fail "the outputs were walked as inputs"
}

test_manifest_names_and_bad_lines() {
    paragraph 1 >"$TMP/in.txt"
    paragraph 2 >"$TMP/c.wav"
    printf 'in.txt\tnamed/out\nin.txt\tx.mp3\nin.txt\t../../escape\nin.txt\t\none\ttwo\tthree\nc.txt\n\n' \
        >"$TMP/names.txt"
    paragraph 3 >"$TMP/c.txt"
    printf 'c.wav\n' >>"$TMP/names.txt"
    batch names.txt -o . --quiet
    [ "$STATUS" -eq 1 ] || fail "exit status $STATUS"
    [ -s "$TMP/named/out.wav" ] || fail "INPUT<TAB>NAME did not name the output"
    grep -q "^ravi: names.txt:2: x.mp3: the output name ends in another audio format" "$ERR_FILE" &&
        grep -q "^ravi: names.txt:3: ../../escape: leads out of the output directory" "$ERR_FILE" &&
        grep -q "^ravi: names.txt:4: nothing after the TAB" "$ERR_FILE" &&
        grep -q "^ravi: names.txt:5: more than one TAB" "$ERR_FILE" ||
        fail "bad lines: $(cat "$ERR_FILE")"
    # c.txt's output is c.wav, which is the next line's input: refused, and c.wav kept
    grep -q "c.txt: its output ./c.wav is an input of this batch" "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
    [ "$(cat "$TMP/c.wav")" = "$(paragraph 2)" ] || fail "an input was written over"
    printf 'in.txt\tfrom-stdin\n' | (cd "$TMP" && "$RAVI" batch - -o . --quiet) || fail "a manifest on standard input"
    [ -s "$TMP/from-stdin.wav" ] || fail "no output from a manifest on standard input"
}

test_jobs_default_to_the_cores_it_may_use() {
    # no --jobs: as many workers as cores this process may run on (its affinity), at most one an
    # article; taskset's one core gives one worker
    want=$(nproc)
    [ "$want" -gt 5 ] && want=5
    batch articles/pages -o jobs-all
    [ "$STATUS" -eq 0 ] || fail "exit status $STATUS: $(cat "$ERR_FILE")"
    plural=s; [ "$want" -eq 1 ] && plural=
    grep -q "with $want worker$plural\$" "$ERR_FILE" || fail "$(nproc) cores: $(cat "$ERR_FILE")"
    (cd "$TMP" && taskset -c 0 "$RAVI" batch articles/pages -o jobs-one) >"$OUT_FILE" 2>"$ERR_FILE" </dev/null ||
        fail "taskset -c 0: $(cat "$ERR_FILE")"
    grep -q "with 1 worker\$" "$ERR_FILE" || fail "one core, not one worker: $(cat "$ERR_FILE")"
}

test_usage_errors() {
    expect_status 2 "$RAVI" batch "$MANIFEST"
    expect_stderr "-o OUTDIR is needed"
    expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/u" --subtitles x.srt
    expect_stderr "--subtitles x.srt: in a batch, the subtitles' format: srt or vtt"
    expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/u" --format aiff
    expect_stderr "unknown audio format 'aiff'"
    expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/u" --jobs 0
    expect_stderr "--jobs: expected a whole number from 1"
    expect_status 2 "$RAVI" batch "$MANIFEST" "$MANIFEST" -o "$TMP/u"
    expect_stderr "one manifest or directory at a time"
    expect_status 2 "$RAVI" batch "$MANIFEST" -o "$TMP/u" --voice nosuchvoice
    expect_stderr "unknown voice 'nosuchvoice'"
    expect_status 2 "$RAVI" say --jobs 2 "$MANIFEST"
    expect_stderr "does not apply"
    expect_status 1 "$RAVI" batch "$TMP/no-such-manifest" -o "$TMP/u"
    expect_stderr "no-such-manifest: cannot open the manifest"
    [ ! -e "$TMP/u" ] || fail "an error made the output directory"
    expect_status 0 "$RAVI" batch --help
    grep -q "usage: ravi batch" "$OUT_FILE" || fail "--help"
}

test_progress_line_on_a_terminal() {
    rm -rf "$TMP/pty"
    (cd "$TMP" && python3 "$HERE/pty_stderr.py" "$TMP/pty.txt" "$RAVI" batch manifest.txt -o pty --jobs 2) \
        >/dev/null
    tr '\r' '\n' <"$TMP/pty.txt" >"$TMP/pty-lines.txt"
    grep -Eq "^ravi batch: [0-9]+ done, [0-9]+ failed, [0-9]+ left · .* of audio · [0-9.]+× real time" \
        "$TMP/pty-lines.txt" || fail "no progress line: $(cat "$TMP/pty-lines.txt")"
    grep -q "ravi batch: $GOOD written, 0 up to date, 2 failed" "$TMP/pty-lines.txt" || fail "no summary"
}

echo "batch tests ($RAVI)"
for t in $(grep -o '^test_[a-z0-9_]*' "$0"); do
    run_test "$t"
done
echo "batch: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
