# Shared helpers for the end-to-end tests: a tally and small assertions.
# Each test is a shell function; `run_test NAME` runs it in a subshell and counts the result.
PASSED=0
FAILED=0

fail() {
    echo "    FAIL: $*" >&2
    exit 1
}

run_test() {
    if ( set -u; "$1" ); then
        PASSED=$((PASSED + 1))
        echo "  ok   $1"
    else
        FAILED=$((FAILED + 1))
        echo "  FAIL $1"
    fi
}

# expect_status WANT CMD...: runs CMD, fails unless it exits with WANT; stderr kept in $ERR_FILE.
expect_status() {
    want=$1
    shift
    "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
    got=$?
    [ "$got" -eq "$want" ] || fail "$* exited $got, expected $want; stderr: $(cat "$ERR_FILE")"
}

# expect_stderr PATTERN: the last command's stderr matches the extended regex, on one line.
expect_stderr() {
    grep -Eq -- "$1" "$ERR_FILE" || fail "stderr does not match /$1/: $(cat "$ERR_FILE")"
    [ "$(grep -c . "$ERR_FILE")" -le 1 ] || fail "more than one line of messages: $(cat "$ERR_FILE")"
}

# seconds FILE: an audio file's duration as sox sees it.
seconds() {
    soxi -D "$1" 2>/dev/null
}

# rms FILE: the signal's RMS amplitude (0..1).
rms() {
    sox "$1" -n stat 2>&1 | sed -n 's/^RMS *amplitude: *//p'
}

# within A B TOL: |A - B| <= TOL * B
within() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t * b) }'
}

# greater A B: A > B
greater() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'
}
