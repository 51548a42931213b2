# tap.sh - TAP helpers shared by the command-line tests (tests/cli/*.sh):
# numbered ok/not ok lines, running the binary under a timeout with its
# output captured, and the checks every script makes of a run.
#
# Source it after setting T (the binary) and TMP (a scratch folder). It
# defines: N (the test count), pass, skip, fail, diag, run, insane,
# expect_rc, check, jqt.

N=0
pass() { N=$((N + 1)); echo "ok $N - $1"; }
skip() { N=$((N + 1)); echo "ok $N - # SKIP $1"; }
fail() {
    N=$((N + 1))
    echo "not ok $N - $1"
    shift
    local l
    for l in "$@"; do
        printf '%s\n' "$l" | head -n 12 | cut -c1-300 | sed 's/^/#   /'
    done
}
diag() {
    printf 'exit %s\n' "$RC"
    printf 'stderr: %s\n' "$(head -c 1200 "$TMP/err")"
    [ -f "$TMP/out" ] && printf 'stdout: %s\n' "$(head -c 600 "$TMP/out")"
}

# run ARGS...: run "$T" ARGS with stdin from $IN (default /dev/null), stdout to
# $OUT (default $TMP/out), under a timeout of $TMO seconds (default 60); sets RC.
run() {
    LAST_TMO=${TMO:-60}
    rm -f "$TMP/out"
    timeout -k 5 "$LAST_TMO" "$T" "$@" <"${IN:-/dev/null}" >"${OUT:-$TMP/out}" 2>"$TMP/err"
    RC=$?
}
# insane: the last run hit a sanitizer, a signal or the timeout
insane() {
    [ "$RC" -eq 99 ] || [ "$RC" -ge 124 ] ||
        grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$TMP/err"
}
# expect_rc DESC CODE: no sanitizer report, no crash or timeout, and exit CODE
expect_rc() {
    local d="$1: exit $2, no crash/sanitizer/timeout"
    if insane; then
        fail "$d" "sanitizer report, crash or timeout: exit $RC (99 = sanitizer, 124 = timed out after ${LAST_TMO}s, >128 = killed by a signal; also checks stderr for sanitizer reports)" "$(diag)"
    elif [ "$RC" -ne "$2" ]; then
        fail "$d" "$(diag)"
    else
        pass "$d"
    fi
}
# check DESC CMD...: pass when CMD succeeds
check() {
    local d=$1
    shift
    if "$@" >/dev/null 2>&1; then pass "$d"; else fail "$d" "$(diag)"; fi
}
# jqt DESC FILTER [jq args]: FILTER over the slurped stdout records is true
jqt() {
    local d=$1 f=$2
    shift 2
    if jq -e -s "$@" "$f" "$TMP/out" >/dev/null 2>"$TMP/jqerr"; then
        pass "$d"
    else
        fail "$d" "jq: $f" "$(head -c 300 "$TMP/jqerr")" "$(diag)"
    fi
}
