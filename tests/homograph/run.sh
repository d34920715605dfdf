#!/bin/sh
# End-to-end tests of the homograph stage through the ravi command: a missing, damaged or stale
# model is one clear message at start-up and no output; --explain says who chose each word's
# pronunciation; the user's own senses come from $XDG_CONFIG_HOME like lexicon entries, and a bad
# sense line stops the run naming its file and line. Needs $RAVI (the binary).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/e2e/lib.sh"
: "${RAVI:?set RAVI to the ravi binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-homograph.XXXXXX")
OUT_FILE=$TMP/stdout
ERR_FILE=$TMP/stderr
trap 'rm -rf "$TMP"' EXIT INT TERM
cd "$ROOT" || exit 1
export XDG_CONFIG_HOME="$TMP/no-config"
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
SENTENCE='او پس از سال‌ها بیماری در بیمارستان مرد.'

# data_with MODEL_FILE: a data directory holding the shipped lexicon files and MODEL_FILE as the
# homograph model (or none when MODEL_FILE is -); its path is printed.
data_with() {
    d=$(mktemp -d "$TMP/data.XXXXXX")
    mkdir -p "$d/lexicon"
    for f in "$ROOT"/lexicon/*; do
        [ "$(basename "$f")" = homographs.model ] || ln -s "$f" "$d/lexicon/"
    done
    [ "$1" = - ] || cp "$1" "$d/lexicon/homographs.model"
    echo "$d"
}

phonemes() { # phonemes DATA_DIR [OPTIONS...]: ravi phonemes of $SENTENCE
    data=$1
    shift
    printf '%s\n' "$SENTENCE" | RAVI_DATA=$data "$RAVI" phonemes "$@"
}

test_missing_model_is_an_error() {
    d=$(data_with -)
    expect_status 1 phonemes "$d"
    expect_stderr "^ravi: cannot load the homograph model $d/lexicon/homographs.model: No such file or directory$"
    [ ! -s "$OUT_FILE" ] || fail "printed phonemes without a model: $(cat "$OUT_FILE")"
}

test_damaged_models_are_errors() {
    size=$(wc -c <"$ROOT/lexicon/homographs.model")
    head -c $((size - 8)) "$ROOT/lexicon/homographs.model" >"$TMP/short.model"
    cp "$ROOT/lexicon/homographs.model" "$TMP/flipped.model"
    printf 'X' | dd of="$TMP/flipped.model" bs=1 seek=100 conv=notrunc 2>/dev/null
    printf 'not a model\n' >"$TMP/text.model"
    for case in "short:size does not match" "flipped:checksum mismatch" "text:not a Ravi homograph model"; do
        d=$(data_with "$TMP/${case%%:*}.model")
        expect_status 1 phonemes "$d"
        expect_stderr "^ravi: cannot load the homograph model $d/lexicon/homographs.model: .*${case#*:}"
    done
}

test_stale_model_asks_for_training() {
    cp "$ROOT/lexicon/homographs.model" "$TMP/stale.model"
    printf '\143' | dd of="$TMP/stale.model" bs=1 seek=12 conv=notrunc 2>/dev/null # features 99
    d=$(data_with "$TMP/stale.model")
    expect_status 1 phonemes "$d"
    expect_stderr "retrain it \(make train-homographs\)"
}

test_no_audio_file_without_a_model() {
    d=$(data_with -)
    printf '%s\n' "$SENTENCE" >"$TMP/in.txt"
    RAVI_DATA=$d expect_status 1 "$RAVI" say -o "$TMP/out.wav" "$TMP/in.txt"
    [ ! -e "$TMP/out.wav" ] || fail "an audio file was written"
}

test_explain_names_who_chose() {
    printf '%s\n' 'الهام علی‌اف گفت که او در بیمارستان مرد.' >"$TMP/a.txt"
    RAVI_DATA=$ROOT expect_status 0 "$RAVI" phonemes --explain "$TMP/a.txt"
    grep -q "	lexicon $ROOT/lexicon/names-people.tsv:[0-9]* «الهام علی‌اف»" "$OUT_FILE" || fail "no lexicon line: $(cat "$OUT_FILE")"
    grep -q "^  مرد	homograph «مرد»: sense mord \[\[m'oRd\]\], model scores mard -\?[0-9.]* mord [0-9.]*$" "$OUT_FILE" ||
        fail "no homograph line: $(cat "$OUT_FILE")"
    [ "$(grep -c "^[^ ]" "$OUT_FILE")" -eq 1 ] || fail "not one phoneme line: $(cat "$OUT_FILE")"
    printf '%s\n' 'روابط ایران و ترکیه' >"$TMP/b.txt"
    RAVI_DATA=$ROOT expect_status 0 "$RAVI" phonemes --explain "$TMP/b.txt"
    grep -q "^  روابط	ezafe predicted$" "$OUT_FILE" || fail "no ezafe line: $(cat "$OUT_FILE")"
    RAVI_DATA=$ROOT expect_status 2 "$RAVI" normalize --explain
    expect_stderr "does not apply to this command"
}

test_no_homographs_leaves_the_word_to_espeak() {
    RAVI_DATA=$ROOT expect_status 0 phonemes "$ROOT" --no-homographs --explain
    grep -q "m'aRd$" "$OUT_FILE" || fail "not eSpeak NG's reading: $(cat "$OUT_FILE")"
    ! grep -q "homograph" "$OUT_FILE" || fail "a homograph explained: $(cat "$OUT_FILE")"
    # no model needed either
    d=$(data_with -)
    expect_status 0 phonemes "$d" --no-homographs
}

test_user_senses_from_the_config_directory() {
    mkdir -p "$TMP/cfg/ravi"
    printf 'مهر\t[[m'"'"'ahR]]\tsense:mahr\tcue:نفقه\n' >"$TMP/cfg/ravi/lexicon.tsv"
    printf '%s\n' 'دادگاه پرداخت مهر و نفقه را تایید کرد.' >"$TMP/c.txt"
    XDG_CONFIG_HOME=$TMP/cfg RAVI_DATA=$ROOT expect_status 0 "$RAVI" phonemes --explain --no-ezafe "$TMP/c.txt"
    grep -q "m'ahR" "$OUT_FILE" || fail "not said mahr: $(cat "$OUT_FILE")"
    grep -q "sense mahr \[\[m'ahR\]\], cue word «نفقه» ($TMP/cfg/ravi/lexicon.tsv:1)" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
}

test_bad_sense_line_stops_a_run() {
    mkdir -p "$TMP/cfg2/ravi"
    printf '# mine\nمهر\t[[m'"'"'ahR]]\tsense:mahr\twhen:نفقه\n' >"$TMP/cfg2/ravi/lexicon.tsv"
    printf '%s\n' "$SENTENCE" | XDG_CONFIG_HOME=$TMP/cfg2 RAVI_DATA=$ROOT expect_status 1 "$RAVI" phonemes
    grep -q "^ravi: $TMP/cfg2/ravi/lexicon.tsv:2: unknown field 'when:نفقه'" "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
    XDG_CONFIG_HOME=$TMP/cfg2 RAVI_DATA=$ROOT expect_status 1 "$RAVI" lexicon check
    grep -q "^$TMP/cfg2/ravi/lexicon.tsv:2: unknown field 'when:نفقه'" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
}

test_plain_entry_hiding_senses_is_noted() {
    printf 'کرد\t[[k'"'"'oRd]]\n' >"$TMP/plain.tsv"
    RAVI_DATA=$ROOT expect_status 0 "$RAVI" lexicon check --lexicon "$TMP/plain.tsv"
    grep -q "^$TMP/plain.tsv:1: note: this entry for «کرد» is said in every sentence" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
}

test_lookup_shows_senses() {
    RAVI_DATA=$ROOT expect_status 0 "$RAVI" lexicon lookup مرد
    grep -q "^مرد	homograph mard \[\[m'aRd\]\] ($ROOT/lexicon/homographs.tsv:[0-9]*, default), mord \[\[m'oRd\]\]" "$OUT_FILE" ||
        fail "$(cat "$OUT_FILE")"
}

test_bad_affix_phonemes_stop_a_run() {
    d=$(data_with "$ROOT/lexicon/homographs.model")
    rm "$d/lexicon/spacing"
    mkdir "$d/lexicon/spacing"
    sed 's/^prefix\tمی\t\[\[mi\]\]/prefix\tمی\t[[mi§]]/' "$ROOT/lexicon/spacing/rules.tsv" >"$d/lexicon/spacing/rules.tsv"
    line=$(grep -n '\[\[mi§\]\]' "$d/lexicon/spacing/rules.tsv" | cut -d: -f1)
    [ -n "$line" ] || fail "the test's rules file has no bad affix"
    expect_status 1 phonemes "$d"
    expect_stderr "^ravi: $d/lexicon/spacing/rules.tsv:$line: unknown eSpeak phoneme «§» in \[\[mi§\]\]$"
    [ ! -s "$OUT_FILE" ] || fail "printed phonemes with a bad affix: $(cat "$OUT_FILE")"
}

test_homograph_inside_a_joined_word_is_explained() {
    printf 'او مرا می‌خنداند.\n' >"$TMP/joined.txt"
    RAVI_DATA=$ROOT expect_status 0 "$RAVI" phonemes --explain "$TMP/joined.txt"
    grep -q "^  می‌خنداند	homograph «خنداند»: sense [a-zA-Z]* \[\[[^]]*\]\], after the prefix «می» \[\[mi\]\], " "$OUT_FILE" ||
        fail "$(cat "$OUT_FILE")"
}

echo "homograph e2e:"
for t in $(sed -n 's/^\(test_[a-z_0-9]*\)() {$/\1/p' "$0"); do
    run_test "$t"
done
echo "homograph e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
