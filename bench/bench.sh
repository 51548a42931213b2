#!/usr/bin/env bash
# bench.sh - the speed figures in the README: codes the evaluation corpora
# (../shared/eval: VOA stories, annotated VOA, UCDP headlines) repeated to at
# least 50 MB on one thread with the full gazetteer loaded, and prints MB/s,
# documents/s, start-up time and peak RSS. Also times a cold process that
# codes one short document (start-up included) with hyperfine when present.
# A measurement, not a test: nothing fails on the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${TACITUS_SHARED:-../shared}
MB=${BENCH_MB:-50}
corpus=("$SHARED"/eval/voa-stories.jsonl "$SHARED"/eval/voa-annotated.jsonl "$SHARED"/eval/ucdp-pak-dev.jsonl)
for f in "${corpus[@]}"; do
    [ -f "$f" ] || { echo "bench: $f is absent; nothing to measure" >&2; exit 0; }
done
echo "== tacitus bench --mb $MB (one thread, full gazetteer)"
./build/tacitus bench --mb "$MB" "${corpus[@]}"
echo
echo "== long articles only (VOA stories), --mb $MB"
./build/tacitus bench --mb "$MB" "$SHARED"/eval/voa-stories.jsonl
echo
echo "== one short document, whole process (start-up + coding + exit)"
sample=data/sample/sample-report.txt
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 3 --runs 30 --style basic "./build/tacitus code --published 2024-05-15 $sample" 2>&1 | sed -n '1,4p'
else
    start=$(date +%s%N)
    for _ in $(seq 20); do ./build/tacitus code --published 2024-05-15 "$sample" >/dev/null; done
    end=$(date +%s%N)
    echo "mean of 20 runs: $(( (end - start) / 20000000 )) ms"
fi
