#!/usr/bin/env bash
# compare.sh - two builds of tacitus side by side on the same corpus, in
# interleaved pairs (A then B, then B then A, ...), so that the drift of a
# shared machine (a third from minute to minute) falls on both alike. Prints
# each pair's MB/s and the ratio B/A, then the median ratio.
#
#   bash bench/compare.sh OLD_CHECKOUT NEW_CHECKOUT [PAIRS] [MB]
#
# Each checkout must be built (its build/tacitus and build/gazetteer.bin are
# used with its own data/). The corpus is the mixed one of bench.sh (VOA
# stories, annotated VOA, UCDP headlines). A measurement, not a test.
set -euo pipefail
A=${1:?usage: compare.sh OLD_CHECKOUT NEW_CHECKOUT [PAIRS] [MB]}
B=${2:?usage: compare.sh OLD_CHECKOUT NEW_CHECKOUT [PAIRS] [MB]}
PAIRS=${3:-4}
MB=${4:-30}
SHARED=${TACITUS_SHARED:-$(cd "$(dirname "$0")/.." && pwd)/../shared}
corpus=("$SHARED"/eval/voa-stories.jsonl "$SHARED"/eval/voa-annotated.jsonl "$SHARED"/eval/ucdp-pak-dev.jsonl)

# MB/s of one run of the build in checkout $1
run() {
    "$1/build/tacitus" bench --mb "$MB" --data "$1/data" --gazetteer "$1/build/gazetteer.bin" "${corpus[@]}" |
        awk '/^throughput:/ {print $2}'
}

ratios=()
for i in $(seq "$PAIRS"); do
    if [ $((i % 2)) -eq 1 ]; then a=$(run "$A"); b=$(run "$B"); else b=$(run "$B"); a=$(run "$A"); fi
    r=$(echo "scale=3; $b / $a" | bc)
    ratios+=("$r")
    printf 'pair %d: old %s MB/s, new %s MB/s, new/old %s\n' "$i" "$a" "$b" "$r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "median new/old: %.3f over %d pairs\n", m, NR}'
