#!/usr/bin/env bash
# shards.sh - 'tacitus shards': reading a list (comments, blank lines, spaces
# and CRs around a line), the NAME rule (index + file name: two shards of one
# file name never collide; odd bytes made '_', long names cut), count, path,
# name and outputs, 'missing' (a shard is done only when its output and its
# marker both exist; paths, or --indices as a Slurm --array spec, exit 1; exit 0
# and nothing printed when all are done), the usage errors (exit 2) and an
# unreadable list (exit 4), each one stderr line naming the input. Then the
# array job script deploy/slurm/code-shards.sbatch run by hand as task 2 and 3
# (no Slurm needed): the output named as 'shards name' says, complete, with
# its marker, a .warc.gz shard read as a web archive, and a failing task
# leaving neither output nor marker nor temporary file.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/shards.sh
# (TACITUS_DATA, TACITUS_GAZETTEER set). Needs jq and python3. Prints TAP lines.
set -u
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-shards.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
. "$(dirname "$0")/../lib/tap.sh" # pass, fail, run, expect_rc, check, diag

# is DESC GOT WANT: pass when the two strings are equal
is() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3" "$(diag)"; fi; }
# err_line DESC PATTERN...: stderr is one line, naming every PATTERN
err_line() {
    local d=$1 p
    shift
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || { fail "$d" "expected one stderr line" "$(diag)"; return; }
    for p in "$@"; do grep -qF -- "$p" "$TMP/err" || { fail "$d" "stderr does not name '$p'" "$(diag)"; return; }; done
    pass "$d"
}

L=$TMP/list
long=$(printf 'x%.0s' $(seq 1 250))
printf '# the shards\n\n  a/part.jsonl  \nb/part.jsonl\r\n\t# indented comment\n/data/cc news/CC-NEWS-01.warc.gz\n%s.jsonl\n' \
    "$long" >"$L"

# ---- help, count, path, name, outputs
run shards --help
expect_rc "shards --help" 0
check "shards --help prints the usage and the NAME rule" grep -q "^usage: tacitus shards count LIST" "$TMP/out"
run shards count "$L"
expect_rc "shards count" 0
is "count: four shards (comments, blank lines not counted)" "$(cat "$TMP/out")" 4
run shards path "$L" 1
is "path 1: the line trimmed of spaces" "$(cat "$TMP/out")" a/part.jsonl
run shards path "$L" 2
is "path 2: the line without its CR" "$(cat "$TMP/out")" b/part.jsonl
run shards path "$L" 3
is "path 3: inner spaces kept" "$(cat "$TMP/out")" "/data/cc news/CC-NEWS-01.warc.gz"
names=$(for i in 1 2 3 4; do "$T" shards name "$L" "$i"; done)
is "names: index and file name, one file name twice without collision, odd bytes made _, cut at 200 bytes" \
    "$names" "$(printf '000001-part.jsonl\n000002-part.jsonl\n000003-CC-NEWS-01.warc.gz\n000004-%s' "${long:0:200}")"
run shards outputs "$L" "$TMP/o/"
expect_rc "shards outputs" 0
is "outputs: OUTDIR/NAME.jsonl in list order (one slash)" "$(head -n 3 "$TMP/out")" \
    "$(printf '%s\n' "$TMP/o/000001-part.jsonl.jsonl" "$TMP/o/000002-part.jsonl.jsonl" "$TMP/o/000003-CC-NEWS-01.warc.gz.jsonl")"

# ---- missing
O=$TMP/o
run shards missing "$L" "$O"
expect_rc "missing with no OUTDIR yet: every shard" 1
is "missing prints every path, in order" "$(cut -c1-14 "$TMP/out" | tr '\n' ' ')" \
    "a/part.jsonl b/part.jsonl /data/cc news/ xxxxxxxxxxxxxx "
mkdir -p "$O"
: >"$O/000001-part.jsonl.jsonl"                                     # output, no marker
: >"$O/000002-part.jsonl.done"                                      # marker, no output
: >"$O/000003-CC-NEWS-01.warc.gz.jsonl"; : >"$O/000003-CC-NEWS-01.warc.gz.done" # done
run shards missing --indices "$L" "$O"
expect_rc "missing --indices" 1
is "only output and marker both make a shard done: --indices 1-2,4" "$(cat "$TMP/out")" 1-2,4
check "missing counts on stderr: 3 of 4" grep -q "3 of 4 shards" "$TMP/err"
: >"$O/000002-part.jsonl.jsonl"
run shards missing --indices "$L" "$O"
is "--indices of two runs and a gap: 1,4" "$(cat "$TMP/out")" 1,4
for n in 000001-part.jsonl 000004-"${long:0:200}"; do : >"$O/$n.jsonl"; : >"$O/$n.done"; done
run shards missing "$L" "$O"
expect_rc "missing when all are done" 0
is "nothing printed when all are done" "$(cat "$TMP/out")" ""

# ---- errors: one stderr line naming the input
run shards count "$TMP/nosuch"
expect_rc "a list that does not exist" 4
err_line "... one line naming the list" "$TMP/nosuch"
printf '\n# only comments\n' >"$TMP/empty"
run shards count "$TMP/empty"
expect_rc "a list with no shard" 2
err_line "... one line naming the list" "$TMP/empty" "no shard"
printf 'a\nb\0c\n' >"$TMP/nul"
run shards count "$TMP/nul"
expect_rc "a list with a NUL byte" 2
err_line "... one line naming the list and the line" "$TMP/nul:2"
for bad in -1 0 x 1x 5; do
    run shards path "$L" "$bad"
    expect_rc "path with INDEX '$bad'" 2
done
err_line "... one line naming the INDEX and the range" "'5'" "1 to 4"
run shards frob "$L"
expect_rc "an unknown action" 2
err_line "... one line naming it" frob
run shards
expect_rc "no action" 2
run shards missing "$L"
expect_rc "missing without OUTDIR" 2
err_line "... one line saying what it expects" "LIST OUTDIR"
run shards missing "$L" ""
expect_rc "missing with an empty OUTDIR" 2
run shards name --indices "$L" 1
expect_rc "--indices on another action" 2
run shards count "$L" extra
expect_rc "an extra operand" 2

# ---- the array job script, run by hand as tasks of an array
J=deploy/slurm/code-shards.sbatch
python3 tests/lib/make_warc.py "$TMP" >/dev/null 2>&1 || fail "make_warc.py writes the archives"
mkdir -p "$TMP/in"
printf '{"id":"d1","text":"Gunmen killed five villagers in an attack on a market in Peshawar on Monday.","published":"2024-05-15"}\n' \
    >"$TMP/in/a.jsonl"
printf '%s\n' "$TMP/in/a.jsonl" "$TMP/news.warc.gz" "$TMP/in/nosuch.jsonl" >"$TMP/jobs"
for task in 1 2 3; do
    SLURM_ARRAY_TASK_ID=$task SLURM_JOB_ID=$((100 + task)) TACITUS=$T \
        timeout -k 5 120 bash "$J" "$TMP/jobs" "$TMP/jo" --evidence none >"$TMP/job$task.out" 2>"$TMP/job$task.err"
    echo $? >"$TMP/job$task.rc"
done
RC=$(cat "$TMP/job1.rc")
n1=$("$T" shards name "$TMP/jobs" 1)
is "task 1 codes the JSON Lines shard into OUTDIR/NAME.jsonl with its marker (exit $RC)" \
    "$RC $(jq -r .doc.id "$TMP/jo/$n1.jsonl" 2>&1) $(test -f "$TMP/jo/$n1.done" && echo marked)" "0 d1 marked"
n2=$("$T" shards name "$TMP/jobs" 2)
is "task 2 reads the .warc.gz shard as a web archive: its three pages" \
    "$(cat "$TMP/job2.rc") $(wc -l <"$TMP/jo/$n2.jsonl") $(test -f "$TMP/jo/$n2.done" && echo marked)" "0 3 marked"
check "code options pass through (--evidence none: no evidence key)" \
    sh -c "! grep -q '\"evidence\"' '$TMP/jo/$n1.jsonl' '$TMP/jo/$n2.jsonl'"
n3=$("$T" shards name "$TMP/jobs" 3)
is "task 3 (an unreadable shard) fails, leaving no output, marker or temporary file" \
    "$([ "$(cat "$TMP/job3.rc")" -ne 0 ] && echo failed) $(ls "$TMP/jo" | grep -c "^$n3")" "failed 0"
run shards missing --indices "$TMP/jobs" "$TMP/jo"
is "missing --indices after the three tasks: 3" "$RC:$(cat "$TMP/out")" 1:3
