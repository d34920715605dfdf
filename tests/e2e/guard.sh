# eSpeak NG 1.51's crash bugs must not reach Ravi's users (issue 20), sourced by run.sh. Every
# input here is made by this script (the upstream crash vectors in espeak-ng's
# tests/crash_vectors/ are not copied): each kind of input that harms libespeak-ng 1.51, through
# every way in (say, phonemes, SSML, HTML). Under SANITIZE=1 Ravi runs with ASan and UBSan; in the
# plain build valgrind watches libespeak-ng itself, whose invalid reads crash nothing visible.

GUARD_DIR=$TMP/guard
mkdir -p "$GUARD_DIR"

# dotted N ALPHABET: N letters of ALPHABET, in turn, joined by dots (A.B.C…)
dotted() {
    python3 -c 'import sys; n, a = int(sys.argv[1]), sys.argv[2]; print(".".join(a[i % len(a)] for i in range(n)))' "$1" "$2"
}

# The cases, one file each: what the upstream vectors and Ravi's own scan found, and the
# shapes around them.
make_guard_cases() {
    dotted 104 ABCDEFGHIJKLMNOPQRSTUVWXYZ >"$GUARD_DIR/dotted-latin.txt"
    dotted 300 abcdefghij >"$GUARD_DIR/dotted-lower.txt"
    dotted 60 АБВГДЕЖЗИК >"$GUARD_DIR/dotted-cyrillic.txt"
    dotted 100 بپتثجچ >"$GUARD_DIR/dotted-persian.txt"
    printf 'سازمان %s اعلام کرد.\n' "$(dotted 120 XYZ)" >"$GUARD_DIR/dotted-in-sentence.txt"
    printf 'ضریب ϖ و ϕ و ϰ و ϵ در این فرمول آمده است.\n' >"$GUARD_DIR/greek-symbols.txt"
    printf 'نام کلیسای Սուրբ Ամենափրկիչ در اصفهان ժամ است.\n' >"$GUARD_DIR/armenian.txt"
    printf 'حروف Ϣ Ϧ Ϩ ϳ Ϸ ͷ Ϳ قبطی‌اند.\n' >"$GUARD_DIR/coptic.txt"
    printf 'گزینه more options را بزنید.\n' >"$GUARD_DIR/latin-in-persian.txt"
    printf 'خبر مهم..\n\nB..\n\n..\n' >"$GUARD_DIR/two-dots-at-the-end.txt"
    printf 'حرف M\326\213 و \326\213 در میان\n' >"$GUARD_DIR/unassigned.txt"
    printf 'نشانهٔ । و ॓ در متن\n' >"$GUARD_DIR/devanagari-marks.txt"
    printf 'مقدار ϴ ثابت و ضریب Θ بالا و حرف πِ است\n' >"$GUARD_DIR/greek-with-ezafe.txt"
    printf -- '---Привет\n\n(---ж) و -----ѽ\n' >"$GUARD_DIR/hyphens-before-cyrillic.txt"
    # bytes that are not UTF-8 around letters of many scripts, as the fuzzed upstream CVE inputs
    python3 - "$GUARD_DIR/mixed-bytes.txt" <<'EOF'
import random, sys
rng = random.Random(20)
pieces = [b"\x80", b"\xa6\x01V", b"\xf1\x0d", b"\xe3\xa6", "ժ".encode(), "ϖ".encode(), "ש".encode(),
          "ж".encode(), "ك".encode(), b"eeee", b"s", "\u0654".encode(), b"\xd6\xd6", b"\xbb\xbb"]
data = b"".join(rng.choice(pieces) for _ in range(400))
open(sys.argv[1], "wb").write(data + b"\n")
EOF
}

# xml_escape FILE: the text, escaped for an SSML or HTML document.
xml_escape() {
    sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' "$1"
}

# guard_status CMD...: runs CMD; fails when it died of a signal (status 128 and above, or
# timeout's 124). Invalid UTF-8 ends in status 1 with a message: that is not a crash.
guard_status() {
    "$@" >/dev/null 2>"$ERR_FILE" </dev/null
    status=$?
    [ "$status" -lt 124 ] || fail "$* ended with status $status: $(tail -2 "$ERR_FILE")"
}

test_guard_every_way_in() {
    make_guard_cases
    for f in "$GUARD_DIR"/*.txt; do
        name=$(basename "$f" .txt)
        { printf '<speak><p>'; xml_escape "$f"; printf '</p></speak>\n'; } >"$GUARD_DIR/$name.ssml"
        { printf '<html><body><article><p>'; xml_escape "$f"; printf '</p></article></body></html>\n'; } >"$GUARD_DIR/$name.html"
        guard_status timeout 120 "$RAVI" say -o "$GUARD_DIR/$name.wav" "$f"
        guard_status timeout 120 "$RAVI" phonemes "$f"
        guard_status timeout 120 "$RAVI" say -o "$GUARD_DIR/$name-ssml.wav" "$GUARD_DIR/$name.ssml"
        guard_status timeout 120 "$RAVI" phonemes "$GUARD_DIR/$name.html"
        [ -z "$(ls -A "$GUARD_DIR" | grep '^\.')" ] || fail "$name: temporary files left: $(ls -A "$GUARD_DIR")"
    done
    # (wc counts in the UTF-8 locale: in C, GNU wc counts no word of non-ASCII letters)
    # a dotted Latin abbreviation is spelt by Ravi, letter by letter in Persian, none lost; one of
    # another script is cut into groups, its letters kept
    "$RAVI" normalize "$GUARD_DIR/dotted-latin.txt" >"$OUT_FILE"
    [ "$(LC_ALL=C.UTF-8 wc -w <"$OUT_FILE")" -eq 104 ] || fail "not 104 letter names: $(cat "$OUT_FILE")"
    grep -q '^اِی بی سی دیی ای اِف' "$OUT_FILE" || fail "not spelt in Persian: $(cat "$OUT_FILE")"
    "$RAVI" normalize "$GUARD_DIR/dotted-cyrillic.txt" >"$OUT_FILE"
    [ "$(tr -cd 'АБВГДЕЖЗИК' <"$OUT_FILE" | LC_ALL=C.UTF-8 wc -m)" -eq 60 ] || fail "Cyrillic letters lost: $(cat "$OUT_FILE")"
    grep -q ' ' "$OUT_FILE" || fail "the Cyrillic run was not cut into groups"
    # <voice> in SSML cannot leave Persian either
    printf '<speak><voice xml:lang="he">more options</voice></speak>' >"$GUARD_DIR/v.ssml"
    "$RAVI" phonemes "$GUARD_DIR/v.ssml" >"$OUT_FILE" 2>"$ERR_FILE" || fail "voice SSML: $(cat "$ERR_FILE")"
    grep -q "(en)" "$OUT_FILE" || fail "the English words were not read as Persian text reads them"
    # the Greek symbols are said as their letters, the Armenian words in Latin letters
    "$RAVI" normalize "$GUARD_DIR/greek-symbols.txt" >"$OUT_FILE"
    grep -q 'π و φ و κ و ε' "$OUT_FILE" || fail "Greek symbols: $(cat "$OUT_FILE")"
    "$RAVI" normalize "$GUARD_DIR/armenian.txt" >"$OUT_FILE"
    grep -q 'zam' "$OUT_FILE" || fail "Armenian: $(cat "$OUT_FILE")"
}

# libespeak-ng's own invalid reads, seen by valgrind (they crash nothing visible otherwise): every
# Persian voice, and SSML that asks for the voices the upstream vectors name (he, uk, fr, pt, en).
test_guard_valgrind_sees_no_invalid_read() {
    if [ -n "${SANITIZE:-}" ]; then
        echo "    (skipped under the sanitizers: valgrind runs on the plain build)"
        return 0
    fi
    [ -f "$GUARD_DIR/dotted-latin.txt" ] || make_guard_cases
    cat "$GUARD_DIR"/*.txt >"$GUARD_DIR/all.text"
    { printf '<speak>'
      for lang in he uk fr pt en be; do
          printf '<voice xml:lang="%s"><p>' "$lang"; xml_escape "$GUARD_DIR/all.text"; printf '</p></voice>'
      done
      printf '</speak>\n'; } >"$GUARD_DIR/voices.ssml"
    for run in "fa $GUARD_DIR/all.text" "ravi-female $GUARD_DIR/all.text" "fa-Latn $GUARD_DIR/all.text" \
               "fa+f3 $GUARD_DIR/voices.ssml"; do
        set -- $run
        valgrind -q --error-exitcode=99 "$RAVI" phonemes --voice "$1" "$2" >/dev/null 2>"$GUARD_DIR/vg.log" </dev/null
        status=$?
        [ $status -ne 99 ] || fail "$run: $(grep -m1 -A8 'Invalid\|uninitialised' "$GUARD_DIR/vg.log")"
        [ $status -lt 124 ] || fail "$run: status $status: $(tail -3 "$GUARD_DIR/vg.log")"
    done
}

# eSpeak NG's voices for other languages misread memory on such text (most of the 130 voices, by
# valgrind): Ravi reads Persian and takes only the voices that speak it.
test_guard_refuses_voices_that_do_not_speak_persian() {
    for voice in he en+f3 de; do
        expect_status 2 "$RAVI" say -o "$GUARD_DIR/v.wav" --voice "$voice" "$SHORT"
        expect_stderr "does not speak Persian"
    done
    [ ! -e "$GUARD_DIR/v.wav" ] || fail "a file was written"
}

test_crash_signals_remove_temporary_files() {
    if [ -n "${SANITIZE:-}" ]; then
        echo "    (skipped under the sanitizers: they keep SIGSEGV and SIGBUS for their own reports)"
        return 0
    fi
    for sig in SEGV ABRT BUS; do
        "$RAVI" say -o "$TMP/crash.wav" --subtitles "$TMP/crash.srt" --json-events "$TMP/crash.json" \
            "$LONG" >/dev/null 2>&1 &
        pid=$!
        n=0
        while [ "$(ls -A "$TMP" | grep -c '^\.crash\.')" -lt 3 ] && [ $n -lt 100 ]; do
            sleep 0.1
            n=$((n + 1))
        done
        [ $n -lt 100 ] || fail "no temporary files appeared"
        kill -$sig $pid
        wait $pid 2>/dev/null
        status=$?
        case $sig in SEGV) num=11 ;; ABRT) num=6 ;; BUS) num=7 ;; esac
        want=$((128 + num))
        [ $status -eq $want ] || fail "SIG$sig: status $status, expected $want"
        [ -z "$(ls -A "$TMP" | grep '^\.crash\.')" ] || fail "SIG$sig left $(ls -A "$TMP" | grep '^\.crash\.')"
        [ ! -e "$TMP/crash.wav" ] || fail "SIG$sig: a partial file took the output's name"
    done
}

for t in $(grep -o '^test_[a-z0-9_]*' "$HERE/guard.sh"); do
    run_test "$t"
done
