#!/usr/bin/env bash
# serve_bounds.sh - the work of one request is bounded: the fuzzing
# reproducers of ../shared/fuzz (the slow and large ones, the HTML that once
# took the server to 2.8 GB, the leaks and overflows) are posted to
# POST /api/code and POST /api/ingest of a running `tacitus serve`, several
# at once, while GET /api/health is asked every 0.2 s. Each post must get an
# answer (200, 400, 413 past 1 MB, or 503 when every coder is busy; never a
# 500 nor a dropped connection) within its bound, every health check must
# answer 200, the server must stay up, and its peak memory stays under a
# bound (VmHWM, read from /proc). The bounds are generous ceilings for a
# loaded 2-core machine and the ASan binary, not timings.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/serve_bounds.sh
# (TACITUS_DATA, TACITUS_GAZETTEER set; TACITUS_SHARED the shared folder,
# ../shared by default). Needs curl and python3. Prints TAP lines; skips when
# ../shared/fuzz is absent.
set -u
T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
FUZZ=$SHARED/fuzz
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-bounds.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID=
trap '[ -n "$SPID" ] && kill -9 "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export LC_ALL=C no_proxy='*' NO_PROXY='*'
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serve.sh"

POST_BOUND=120  # seconds one post may take (curl -m): the ASan binary on a loaded machine
HEALTH_BOUND=10 # seconds one health check may take
# the server's base (about 50 MB: dictionaries, the gazetteer's touched pages,
# SQLite) and a coder's work on a 1 MB body (the HTML stage's worst case is
# about 40 times its input), two coders at once, twice that under ASan:
# measured 56 MB (normal binary) and 97 MB (ASan) on these reproducers
MEM_BOUND_MB=400
RC=0 # (tap.sh's diag reads it, and $TMP/err)
: >"$TMP/err"

if [ ! -d "$FUZZ" ]; then
    skip "the fuzzing reproducers: $FUZZ is absent"
    exit 0
fi

serve_start "$TMP/serr" "$T" serve --db "$TMP/s.db" --port 0 --threads 2 --allow-ingest ||
    { fail "serve starts" "$(cat "$TMP/serr")"; exit 1; }
U=http://127.0.0.1:$P
pass "serve starts on a new store with --allow-ingest (port $P)"

# ---- health every 0.2 s until the posts are done
(
    while [ ! -f "$TMP/stop" ]; do
        code=$(curl -s -o /dev/null -m "$HEALTH_BOUND" -w '%{http_code}' "$U/api/health")
        echo "$code" >>"$TMP/health"
        sleep 0.2
    done
) &
HPID=$!

# ---- every reproducer a document can carry, to both endpoints, three at a time
ls "$FUZZ"/slow/*.html "$FUZZ"/slow/*.txt "$FUZZ"/engine/* "$FUZZ"/html/* 2>/dev/null >"$TMP/files"
post_one() { # FILE ENDPOINT
    local f=$1 ep=$2 type=text/plain
    case "$f" in *.html | */html/*) type=text/html ;; esac
    curl -s -o /dev/null -m "$POST_BOUND" -w "%{http_code} %{time_total} $ep $(basename "$f")\n" \
        -H "Content-Type: $type" --data-binary @"$f" "$U/api/$ep?published=2024-05-15"
}
export -f post_one
export U POST_BOUND
{ sed 's/$/ code/' "$TMP/files"; sed 's/$/ ingest/' "$TMP/files"; } |
    xargs -P 3 -n 2 bash -c 'post_one "$0" "$1"' >"$TMP/posts" 2>&1
touch "$TMP/stop"
wait "$HPID"

total=$(wc -l <"$TMP/posts")
bad=$(awk '$1 != 200 && $1 != 400 && $1 != 413 && $1 != 503' "$TMP/posts")
check "every one of $total posts answered 200, 400, 413 or 503 within ${POST_BOUND} s (no 500, no dropped connection)" \
    [ -z "$bad" -a "$total" -gt 0 ]
[ -n "$bad" ] && printf '%s\n' "$bad" | head -n 10 | sed 's/^/#   /'
ok200=$(awk '$1 == 200' "$TMP/posts" | wc -l)
check "most posts were coded (200: $ok200 of $total; 503 means every coder was busy)" [ "$ok200" -ge $((total / 2)) ]
big=$(awk '$1 == 413' "$TMP/posts" | wc -l)
check "a body over 1 MB is refused with 413 ($big posts)" [ "$big" -ge 1 ]
nh=$(wc -l <"$TMP/health")
badh=$(grep -cv '^200$' "$TMP/health")
check "GET /api/health answered 200 throughout ($nh checks, $badh not 200)" [ "$nh" -gt 0 -a "$badh" -eq 0 ]
check "the server is still up" kill -0 "$SPID"
hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$SPID/status" 2>/dev/null)
check "the server's peak memory stayed under ${MEM_BOUND_MB} MB (${hwm:-?} MB)" [ "${hwm:-999999}" -lt "$MEM_BOUND_MB" ]
echo "# the slowest posts: $(sort -k2 -n -r "$TMP/posts" | head -n 3 | tr '\n' ';')"
