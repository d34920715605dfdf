# Shared by the valgrind scripts: `vg NAME CMD...` runs CMD under memcheck (no errors, no definite
# leaks), prints ok/FAIL with valgrind's report, and counts into $passed and $failed.
# Needs $TMP (a scratch directory) and $ROOT (the source tree: tests/valgrind.supp).
passed=0 failed=0
vg() {
    name=$1
    shift
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --suppressions="$ROOT/tests/valgrind.supp" "$@" >/dev/null 2>"$TMP/vg.log" </dev/null
    if [ $? -eq 99 ]; then
        failed=$((failed + 1))
        echo "  FAIL $name"
        cat "$TMP/vg.log"
    else
        passed=$((passed + 1))
        echo "  ok   $name"
    fi
}
