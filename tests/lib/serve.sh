# serve.sh - start `tacitus serve` in the background and learn its port, for
# the tests and benches that talk to it.
#
# serve_start ERRFILE COMMAND...: run COMMAND (a `tacitus serve ... --port 0`
# command line, maybe behind a prefix such as valgrind) with its stderr in
# ERRFILE; set SPID (its pid) and P (the port its first stderr line names).
# Returns 1 when it exits or names no port within 20 s.
serve_start() {
    local err=$1
    shift
    : >"$err"
    "$@" 2>"$err" &
    SPID=$!
    P=
    for _ in $(seq 400); do
        P=$(sed -n 's|.*listening on http://[0-9.]*:\([0-9]*\)/.*|\1|p' "$err")
        [ -n "$P" ] && return 0
        kill -0 "$SPID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}
