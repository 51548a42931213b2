#!/usr/bin/env bash
# replay.sh - 'make fuzz-replay', and a suite of tests/run.sh: a regression run
# of seconds, not fuzzing. Runs once through its libFuzzer harness
# (build/fuzz/fuzz_*, ASan + UBSan; a harness given files runs each once):
#   - the committed seeds of tests/fuzz/corpus/NAME (one TAP line per harness);
#   - every reproducer of ../shared/fuzz/ (one TAP line each), by folder:
#     engine -> fuzz_engine, html -> fuzz_html, coded -> fuzz_coded,
#     gazetteer -> fuzz_gazetteer (the .txt there is the document it codes),
#     serve -> fuzz_serve, slow -> fuzz_engine with -timeout=20 (and the
#     serve-api-code-* pages also posted to fuzz_serve as POST /api/code);
#   - the same reproducers through the normal binary build/tacitus: 'code'
#     (engine, html, slow: within 20 s, valid JSON Lines out), 'code
#     --gazetteer' (refused, or valid JSON), 'ingest --coded', and the serve
#     requests sent to 'tacitus serve' (no answer 500);
#   - the findings kept in tests/fuzz/findings/NAME/ (bugs not fixed yet are
#     listed in tests/fuzz/findings/README.md), through their harness.
# Without ../shared/fuzz the reproducers are skipped with a message.
set -u
cd "$(dirname "$0")/../.."
SHARED=${TACITUS_SHARED:-../shared}
FZ=$SHARED/fuzz
T=${TACITUS:-build/tacitus}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# the ASan options tests/run.sh sets (exitcode=99) hold for the harnesses too
TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
N=0
t0=$(date +%s)
ok() { N=$((N + 1)); echo "ok $N - $1"; }
notok() { # DESC LOGFILE
    N=$((N + 1))
    echo "not ok $N - $1"
    [ -n "${2:-}" ] && [ -f "$2" ] &&
        grep -a -m4 -E 'ERROR: |runtime error|fuzz: FAILED|SUMMARY|Timeout|out-of-memory|not JSON|HTTP' "$2" |
        cut -c1-300 | sed 's/^/#   /'
}

# harness NAME TIMEOUT DESC FILE...: run the files once through build/fuzz/fuzz_NAME
harness() {
    local name=$1 tmo=$2 desc=$3
    shift 3
    local bin=build/fuzz/fuzz_$name log=$TMP/log
    if [ ! -x "$bin" ]; then
        notok "$desc: $bin is missing (make fuzz-build)"
        return
    fi
    local s0=$SECONDS
    "$bin" -timeout="$tmo" -rss_limit_mb=2048 -runs=1 "$@" >"$log" 2>&1
    local rc=$? took=$((SECONDS - s0))
    [ $took -ge 2 ] && desc="$desc ($took s)"
    if [ $rc -eq 0 ]; then ok "$desc"; else notok "$desc (exit $rc)" "$log"; fi
}

# each NAME TIMEOUT LABEL FILE...: each file once through build/fuzz/fuzz_NAME, one TAP
# line per file ("fuzz_NAME LABEL: FOLDER/FILE"). All files in one run first (one start-up);
# when that fails, one run per file, to tell which fail.
each() {
    local name=$1 tmo=$2 label=$3
    shift 3
    local bin=build/fuzz/fuzz_$name f
    if [ -x "$bin" ] && "$bin" -timeout="$tmo" -rss_limit_mb=2048 -runs=1 "$@" >"$TMP/log" 2>&1; then
        for f in "$@"; do f=${f#"$FZ"/}; ok "fuzz_$name$label: ${f#"$TMP"/}"; done
        return
    fi
    local g
    for f in "$@"; do g=${f#"$FZ"/}; harness "$name" "$tmo" "fuzz_$name$label: ${g#"$TMP"/}" "$f"; done
}

# json_lines FILE: every non-empty line is a JSON object
json_lines() {
    python3 -c 'import json,sys
for l in open(sys.argv[1], "rb"):
    if l.strip() and not isinstance(json.loads(l), dict): raise SystemExit(1)' "$1" 2>/dev/null
}

# code DESC ARGS...: build/tacitus code ARGS within 20 s: exit 0 or 1 (an input refused),
# no signal, valid JSON Lines
code() {
    local desc=$1
    shift
    timeout -k 5 20 "$T" code --published 2024-05-15 "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    if [ $rc -ge 124 ]; then
        notok "$desc: exit $rc (timeout or signal)"
    elif [ $rc -gt 1 ] && [ $rc -ne 3 ]; then
        notok "$desc: exit $rc" "$TMP/err"
    elif ! json_lines "$TMP/out"; then
        notok "$desc: output is not valid JSON Lines"
        head -c 300 "$TMP/out" | sed 's/^/#   /'
        echo
    else
        ok "$desc (exit $rc)"
    fi
}

# the seeds
# (given as files, never as the folder: libFuzzer would write new inputs into a folder)
for d in tests/fuzz/corpus/*/; do
    name=$(basename "$d")
    seeds=("$d"*)
    harness "$name" 10 "fuzz_$name: the ${#seeds[@]} committed seeds of tests/fuzz/corpus/$name" "${seeds[@]}"
done
# the findings kept in the repository
for d in tests/fuzz/findings/*/; do
    [ -d "$d" ] || continue
    name=$(basename "$d")
    for f in "$d"*; do
        [ -f "$f" ] && harness "$name" 20 "fuzz_$name: tests/fuzz/findings/$name/$(basename "$f")" "$f"
    done
done

if [ ! -d "$FZ" ]; then
    echo "ok $((N + 1)) - # SKIP $FZ is absent: the shared reproducers are not replayed"
    echo "# fuzz-replay: $N checks in $(($(date +%s) - t0)) s"
    exit 0
fi

for sub in engine html coded gazetteer serve; do
    files=()
    for f in "$FZ/$sub"/*; do
        [ -f "$f" ] || continue
        case $sub/$f in gazetteer/*.txt) continue ;; esac
        files+=("$f")
    done
    [ ${#files[@]} -gt 0 ] && each "$sub" 10 "" "${files[@]}"
done
files=()
for f in "$FZ"/slow/*; do
    case $f in *.html|*.txt) files+=("$f") ;; esac
done
[ ${#files[@]} -gt 0 ] && each engine 20 " -timeout=20" "${files[@]}"
files=()
mkdir -p "$TMP/slow"
for f in "$FZ"/slow/serve-api-code-*; do
    [ -f "$f" ] || continue
    { printf '\010'; cat "$f"; } >"$TMP/slow/$(basename "$f")"
    files+=("$TMP/slow/$(basename "$f")")
done
[ ${#files[@]} -gt 0 ] && each serve 20 " -timeout=20 (as POST /api/code)" "${files[@]}"

# the normal binary
if [ ! -x "$T" ]; then
    notok "$T is missing (make)"
    exit 0
fi
for f in "$FZ"/engine/* "$FZ"/html/* "$FZ"/slow/*.html "$FZ"/slow/*.txt; do
    [ -f "$f" ] && code "tacitus code: ${f#"$FZ"/}" "$f"
done
for f in "$FZ"/gazetteer/* tests/fuzz/findings/gazetteer/*; do
    case $f in *.txt) continue ;; esac
    doc=$FZ/gazetteer/cc-quote-doc.txt
    [ -f "$f" ] && [ -f "$doc" ] && code "tacitus code --gazetteer ${f#"$FZ"/}" --gazetteer "$f" "$doc"
done
for f in "$FZ"/coded/*; do
    [ -f "$f" ] || continue
    rm -f "$TMP/coded.db"
    timeout -k 5 20 "$T" ingest --coded --db "$TMP/coded.db" "$f" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -eq 0 ]; then ok "tacitus ingest --coded: ${f#"$FZ"/}"; else notok "tacitus ingest --coded: ${f#"$FZ"/}: exit $rc" "$TMP/err"; fi
done
# serve: a store of the sample reports, the requests of serve/ sent as fuzz_serve builds them
if ls "$FZ"/serve/* >/dev/null 2>&1; then
    "$T" ingest --db "$TMP/serve.db" --published 2024-05-15 data/sample/* >/dev/null 2>&1
    "$T" serve --db "$TMP/serve.db" --port 0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
    SERVER_PID=$!
    port=
    for _ in $(seq 50); do
        port=$(grep -o '127\.0\.0\.1:[0-9]*' "$TMP/serve.err" "$TMP/serve.out" 2>/dev/null | head -n 1 | sed 's/.*://')
        [ -n "$port" ] && break
        sleep 0.1
    done
    for f in "$FZ"/serve/*; do
        [ -f "$f" ] || continue
        target=$(python3 -c 'import sys
b = open(sys.argv[1], "rb").read()
paths = ["/api/incidents?", "/api/stats?", "/api/map?", "/api/incidents/", "/api/actors?", "/api/export?",
         "/api/health?", "/"]
m = b[0] % 16 if b else 12
if m >= 8: raise SystemExit(0)
print(paths[m] + "".join("%%%02X" % c if c <= 0x20 or c >= 0x7f or c == 0x23 else chr(c) for c in b[1:]))' "$f")
        if [ -z "$port" ]; then
            notok "tacitus serve: ${f#"$FZ"/}: the server did not start" "$TMP/serve.err"
        elif [ -z "$target" ]; then
            ok "tacitus serve: ${f#"$FZ"/} # SKIP not a GET request"
        else
            st=$(curl -s -o "$TMP/body" -w '%{http_code}' --max-time 20 "http://127.0.0.1:$port$target")
            if [ "$st" = 500 ] || [ "$st" = 000 ]; then
                notok "tacitus serve: ${f#"$FZ"/}: GET $target answered $st"
            else
                ok "tacitus serve: ${f#"$FZ"/}: GET $target answered $st"
            fi
        fi
    done
fi
echo "# fuzz-replay: $N checks in $(($(date +%s) - t0)) s"
