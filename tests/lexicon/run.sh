#!/bin/sh
# End-to-end tests of the lexicon through the ravi command: every kind of bad line reported as
# FILE:LINE: why (by `ravi lexicon check` and when a run loads the file), and the order in which
# shipped, user and --lexicon files override each other. Needs $RAVI (the binary).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/e2e/lib.sh"
: "${RAVI:?set RAVI to the ravi binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ravi-lexicon.XXXXXX")
OUT_FILE=$TMP/stdout
ERR_FILE=$TMP/stderr
trap 'rm -rf "$TMP"' EXIT INT TERM
cd "$ROOT" || exit 1
# a data directory of our own, so that the shipped data may change without changing these tests
DATA=$TMP/data
mkdir -p "$DATA/lexicon" "$TMP/cfg/ravi" "$TMP/home/.config/ravi"
printf 'زبرجد\tزُبُرجُد\nکهربا\tکَهرُبا\n' >"$DATA/lexicon/words.tsv"
printf 'کهربا\tکَهرَبا\n' >"$DATA/lexicon/names-people.tsv"
export RAVI_DATA="$DATA"
export XDG_CONFIG_HOME="$TMP/no-config"
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"

said() { # said TEXT [OPTIONS...]: what `ravi normalize` prints for TEXT
    text=$1
    shift
    printf '%s\n' "$text" | "$RAVI" normalize --no-ezafe "$@"
}

# ---- bad lines -------------------------------------------------------------------

test_check_reports_each_bad_line() {
    for f in tests/lexicon/bad/*.tsv; do
        expect_status 1 "$RAVI" lexicon check "$f"
        diff -u "${f%.tsv}.expected" "$OUT_FILE" >&2 || fail "$f: messages differ"
    done
}

test_check_passes_good_files() {
    for f in tests/lexicon/golden-words.tsv tests/lexicon/golden-phonemes.tsv; do
        expect_status 0 "$RAVI" lexicon check "$f"
        [ ! -s "$OUT_FILE" ] || fail "problems reported for $f: $(cat "$OUT_FILE")"
    done
    expect_status 0 "$RAVI" lexicon check tests/lexicon/golden-words.tsv
    grep -q 'golden-words.tsv: 14 entries, 0 bad lines' "$ERR_FILE" || fail "no summary: $(cat "$ERR_FILE")"
}

test_check_missing_file() {
    expect_status 1 "$RAVI" lexicon check "$TMP/nothing.tsv"
    grep -q "nothing.tsv: No such file or directory" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
}

test_check_usage() {
    expect_status 2 "$RAVI" lexicon lookup
    expect_stderr 'name the words to look up'
    expect_status 2 "$RAVI" lexicon frobnicate
    expect_stderr "expected 'check FILE...' or 'lookup WORD...', got 'frobnicate'"
}

test_bad_lexicon_stops_a_run() {
    printf 'سلام\n' >"$TMP/in.txt"
    expect_status 1 "$RAVI" normalize --lexicon tests/lexicon/bad/no-tab.tsv "$TMP/in.txt"
    grep -q '^ravi: tests/lexicon/bad/no-tab.tsv:2: no tab between' "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
    [ ! -s "$OUT_FILE" ] || fail "output despite a bad lexicon"
    expect_status 1 "$RAVI" normalize --lexicon "$TMP/missing.tsv" "$TMP/in.txt"
    grep -q "missing.tsv: No such file or directory" "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
}

test_bad_user_file_is_an_error() {
    printf 'زبرجد [[zabaRdZad]]\n' >"$TMP/cfg/ravi/lexicon.tsv"
    printf 'سلام\n' >"$TMP/in.txt"
    XDG_CONFIG_HOME=$TMP/cfg expect_status 1 "$RAVI" normalize "$TMP/in.txt"
    grep -q "ravi: $TMP/cfg/ravi/lexicon.tsv:1: no tab" "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
}

test_many_bad_lines_are_summarised() {
    for i in $(seq 1 25); do printf 'بد%s\n' "$i"; done >"$TMP/many.tsv"
    printf 'سلام\n' >"$TMP/in.txt"
    expect_status 1 "$RAVI" normalize --lexicon "$TMP/many.tsv" "$TMP/in.txt"
    [ "$(grep -c 'many.tsv:[0-9]*: no tab' "$ERR_FILE")" -eq 10 ] || fail "$(cat "$ERR_FILE")"
    grep -q '15 more problems' "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
    grep -q 'the lexicon has 25 bad lines' "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
}

# ---- who wins --------------------------------------------------------------------

test_spacing_rules_are_checked() {
    printf 'سلام\n' >"$TMP/in.txt"
    mkdir -p "$DATA/lexicon/spacing"
    printf 'suffix\tها\tword\nsuffix\tها\n' >"$DATA/lexicon/spacing/rules.tsv"
    expect_status 1 "$RAVI" normalize "$TMP/in.txt"
    grep -q "^ravi: $DATA/lexicon/spacing/rules.tsv:2: a suffix needs WHEN" "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
    [ ! -s "$OUT_FILE" ] || fail "output despite a bad rules file"
    printf 'suffix\tها\tword\n' >"$DATA/lexicon/spacing/rules.tsv"
    printf 'بین‌المللی\nبد\n' >"$DATA/lexicon/spacing/joined.tsv"
    expect_status 1 "$RAVI" normalize "$TMP/in.txt"
    grep -q "^ravi: $DATA/lexicon/spacing/joined.tsv:2: expected one word" "$ERR_FILE" || fail "$(cat "$ERR_FILE")"
    printf 'بین‌المللی\n' >"$DATA/lexicon/spacing/joined.tsv"
    printf 'کتاب ها بین المللی\n' >"$TMP/in.txt"
    expect_status 0 "$RAVI" normalize --no-ezafe "$TMP/in.txt"
    [ "$(cat "$OUT_FILE")" = "کتاب‌ها بین‌المللی" ] || fail "rules not applied: $(cat "$OUT_FILE")"
    # the learned rules: a bad apart line stops the run; a good one keeps its pair apart
    printf 'suffix\tخوار\tword\napart\tچوبه\n' >"$DATA/lexicon/spacing/learned-rules.tsv"
    expect_status 1 "$RAVI" normalize "$TMP/in.txt"
    grep -q "^ravi: $DATA/lexicon/spacing/learned-rules.tsv:2: apart takes one form of two pieces" "$ERR_FILE" ||
        fail "$(cat "$ERR_FILE")"
    printf 'suffix\tخوار\tword\napart\tخون‌خوار\nparticiple\tشده\nparticiple-cue\tرا\n' \
        >"$DATA/lexicon/spacing/learned-rules.tsv"
    printf 'گیاه خوار خون خوار آمار تهیه شده را تهیه شده است\n' >"$TMP/in.txt"
    expect_status 0 "$RAVI" normalize --no-ezafe "$TMP/in.txt"
    [ "$(cat "$OUT_FILE")" = "گیاه‌خوار خون خوار آمار تهیه‌شده را تهیه شده است" ] ||
        fail "learned rules not applied: $(cat "$OUT_FILE")"
    rm -r "$DATA/lexicon/spacing"
}

test_shipped_names_win_over_shipped_words() {
    [ "$(said 'کهربا')" = 'کَهرَبا' ] || fail "got $(said 'کهربا')"
    [ "$(said 'زبرجد')" = 'زُبُرجُد' ] || fail "got $(said 'زبرجد')"
}

test_user_file_wins_over_shipped() {
    printf 'زبرجد\tزَبَرجَد\n' >"$TMP/cfg/ravi/lexicon.tsv"
    got=$(XDG_CONFIG_HOME=$TMP/cfg said 'زبرجد')
    [ "$got" = 'زَبَرجَد' ] || fail "XDG_CONFIG_HOME: got $got"
    printf 'زبرجد\tزِبِرجِد\n' >"$TMP/home/.config/ravi/lexicon.tsv"
    got=$(unset XDG_CONFIG_HOME; HOME=$TMP/home said 'زبرجد')
    [ "$got" = 'زِبِرجِد' ] || fail "~/.config: got $got"
}

test_command_line_wins_over_user_file_later_over_earlier() {
    printf 'زبرجد\tزَبَرجَد\n' >"$TMP/cfg/ravi/lexicon.tsv"
    printf 'زبرجد\tزِبَرجَد\n' >"$TMP/a.tsv"
    printf 'زبرجد\tزَبِرجَد\n' >"$TMP/b.tsv"
    got=$(XDG_CONFIG_HOME=$TMP/cfg said 'زبرجد' --lexicon "$TMP/a.tsv")
    [ "$got" = 'زِبَرجَد' ] || fail "--lexicon over the user file: got $got"
    got=$(XDG_CONFIG_HOME=$TMP/cfg said 'زبرجد' --lexicon "$TMP/a.tsv" --lexicon "$TMP/b.tsv")
    [ "$got" = 'زَبِرجَد' ] || fail "later --lexicon: got $got"
    got=$(XDG_CONFIG_HOME=$TMP/cfg said 'زبرجد' --lexicon "$TMP/b.tsv" --lexicon "$TMP/a.tsv")
    [ "$got" = 'زِبَرجَد' ] || fail "later --lexicon, other order: got $got"
}

test_lookup_shows_entry_and_what_it_overrides() {
    printf 'زبرجد\t[[zabaRdZ'"'"'ad]]\n' >"$TMP/a.tsv"
    expect_status 0 "$RAVI" lexicon lookup --lexicon "$TMP/a.tsv" 'زبرجد' 'كهربا'
    first=$(sed -n 1p "$OUT_FILE")
    [ "$first" = "$(printf 'زبرجد\t%s:1\t[[zabaRdZ'"'"'ad]]\tzabaRdZ'"'"'ad' "$TMP/a.tsv")" ] || fail "line 1: $first"
    grep -q "overrides $DATA/lexicon/words.tsv:1" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
    grep -q "^كهربا	$DATA/lexicon/names-people.tsv:1	کَهرَبا	" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
    expect_status 1 "$RAVI" lexicon lookup 'ناشناخته'
    grep -q 'not in the lexicon' "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
}

test_check_without_files_checks_what_a_run_loads() {
    printf 'زبرجد\tزَبَرجَد\n' >"$TMP/cfg/ravi/lexicon.tsv"
    printf 'کهربا\t[[kah'"'"'Ya]]\n' >"$TMP/a.tsv"
    XDG_CONFIG_HOME=$TMP/cfg expect_status 1 "$RAVI" lexicon check --lexicon "$TMP/a.tsv"
    [ "$(cut -d: -f1 "$ERR_FILE" | tr '\n' ' ')" = "$DATA/lexicon/words.tsv $DATA/lexicon/names-people.tsv $TMP/cfg/ravi/lexicon.tsv $TMP/a.tsv " ] ||
        fail "files or order: $(cat "$ERR_FILE")"
    grep -q "cfg/ravi/lexicon.tsv:1: note: overrides $DATA/lexicon/words.tsv:1" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
    grep -q "a.tsv:1: unknown phoneme 'Y'" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
}

test_check_notes_overrides_across_files() {
    printf 'زبرجد\tزَبَرجَد\n' >"$TMP/a.tsv"
    expect_status 0 "$RAVI" lexicon check "$DATA/lexicon/words.tsv" "$TMP/a.tsv"
    grep -q "a.tsv:1: note: overrides $DATA/lexicon/words.tsv:1 («زُبُرجُد»)" "$OUT_FILE" || fail "$(cat "$OUT_FILE")"
}

echo "lexicon e2e:"
for t in $(sed -n 's/^\(test_[a-z_0-9]*\)() {$/\1/p' "$0"); do
    run_test "$t"
done
echo "lexicon e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
