#!/usr/bin/env bash
# scale_doc.sh - time and peak memory for coding ONE document of 1, 2, 4, 8
# and 10 MB, per kind of document, and the time per MB: issue 13's bar is
# that time per MB varies by at most 1.5x across sizes (no stage grows faster
# than the document) and that peak memory stays under a fixed multiple of the
# document size (README, "Speed and memory").
#
#   bench/scale_doc.sh              every kind at 1 2 4 8 10 MB
#   SCALE_SIZES="1 2" SCALE_KINDS="report article" bench/scale_doc.sh
#   TACITUS=/tmp/old/tacitus bench/scale_doc.sh     another binary (before/after)
#   SCALE_RUNS=1 bench/scale_doc.sh                 one run each (default: best of 3)
#
# Kinds (bench/scale_doc.py writes them): report (one ordinary report
# repeated), article (a long generated article), html (the article as a page
# of nested HTML), separate (a roundup of separate attacks), byline (one
# sentence without end). With ../shared/fuzz/slow present also the fuzzing
# reproducers grown by its grow.py: actors (assign_actors-unit-446B.txt) and
# unknown (unknown_name-places-scan-unit-3014B.txt).
#
# Time is the CPU seconds (user + system; SCALE_CLOCK=wall for wall-clock
# seconds, which other work on the machine disturbs more) of `tacitus code
# --published 2024-05-15 FILE` (/usr/bin/time), less the time of a one-line
# document (start-up: loading the dictionaries and the gazetteer), divided by
# the size in MB (10^6 bytes).
# Peak memory is the process's maximum resident set (it includes the mapped
# gazetteer). A measurement, not a test: nothing fails on the figures, and
# `make test` does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TACITUS:-./build/tacitus}
SIZES=${SCALE_SIZES:-1 2 4 8 10}
RUNS=${SCALE_RUNS:-3}
if [ "${SCALE_CLOCK:-cpu}" = wall ]; then TIME_FORMAT="%e %M"; else TIME_FORMAT="%U+%S %M"; fi
SHARED=${TACITUS_SHARED:-../shared}
KINDS=${SCALE_KINDS:-report article html separate byline}
if [ -z "${SCALE_KINDS:-}" ] && [ -d "$SHARED/fuzz/slow" ]; then
    KINDS="$KINDS actors unknown"
fi
[ -x "$BIN" ] || { echo "scale_doc: $BIN is not built (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "scale_doc: needs /usr/bin/time (GNU time)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# make_doc KIND BYTES OUT
make_doc() {
    case $1 in
    actors) python3 "$SHARED/fuzz/slow/grow.py" "$SHARED/fuzz/slow/assign_actors-unit-446B.txt" "$2" "$3" ;;
    unknown) python3 "$SHARED/fuzz/slow/grow.py" "$SHARED/fuzz/slow/unknown_name-places-scan-unit-3014B.txt" "$2" "$3" ;;
    *) python3 bench/scale_doc.py "$1" "$2" "$3" ;;
    esac
}

# run FILE: prints "seconds peak_kb", the best of RUNS runs
run() {
    local best="" f
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -o "$tmp/time" -f "$TIME_FORMAT" "$BIN" code --quiet --published 2024-05-15 "$1" >/dev/null 2>&1 || true
        f=$(tail -1 "$tmp/time" | awk '{ split($1, t, "+"); printf "%.2f %s\n", t[1] + t[2], $2 }')
        if [ -z "$best" ] || awk -v a="${f%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
            best=$f
        fi
    done
    echo "$best"
}

echo "Police said a bomb killed two people in Kabul on Monday." > "$tmp/tiny.txt"
startup=$(run "$tmp/tiny.txt")
startup=${startup%% *}
echo "binary: $BIN; ${SCALE_CLOCK:-cpu} time; start-up (a one-line document): ${startup} s; best of $RUNS run(s)"
printf '%-9s %5s %8s %8s %9s %10s\n' kind MB seconds "s/MB" "peak MB" "peak/size"
for kind in $KINDS; do
    rates=""
    for mb in $SIZES; do
        f="$tmp/$kind-$mb"
        make_doc "$kind" $((mb * 1000000)) "$f"
        r=$(run "$f")
        secs=${r%% *}
        kb=${r##* }
        rate=$(awk -v s="$secs" -v u="$startup" -v m="$mb" 'BEGIN { d = s - u; if (d < 0) d = 0; printf "%.3f", d / m }')
        rates="$rates $rate"
        awk -v k="$kind" -v m="$mb" -v s="$secs" -v r="$rate" -v kb="$kb" \
            'BEGIN { printf "%-9s %5d %8.2f %8.3f %9.0f %10.1f\n", k, m, s, r, kb / 1024, kb * 1024 / (m * 1e6) }'
        rm -f "$f"
    done
    echo "$rates" | awk -v k="$kind" '{ lo = hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
        printf "%-9s time per MB from %.3f to %.3f s: %.2fx\n", k, lo, hi, (lo > 0 ? hi / lo : 0) }'
done
