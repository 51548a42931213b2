#!/bin/bash
# submit.sh - submit what is left of a coding run on Slurm: an array job over
# the shards of LIST that 'tacitus shards missing' lists (all of them the first
# time), and the load job, which runs when every task of the array succeeded.
# Run it again after a failure: it submits only the shards still missing, and
# a new load job. With every shard done it submits the load job alone.
#
#   deploy/slurm/submit.sh LIST OUTDIR DB [SBATCH OPTION...]
#
# LIST: one shard (input file) a line; OUTDIR: where the outputs go (on a disk
# every node sees); DB: a postgresql:// URL. SBATCH OPTIONs go to both jobs
# (--partition=..., --account=..., --output=DIR/%x-%j.out, --cpus-per-task=N for
# the coding threads of a task). Environment: TACITUS, the binary (default:
# 'tacitus' on the PATH; the jobs get it too); MAX_RUNNING, the most array
# tasks running at once (default 100); CODE_OPTIONS, options for 'tacitus code'
# (split at spaces, e.g. "--evidence none").
#
# Prints "code_job=ID" (when it submits an array) and "load_job=ID" on stdout.
# Exit status: 0 submitted; 2 usage; else that of the command that failed.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: deploy/slurm/submit.sh LIST OUTDIR DB [SBATCH OPTION...]" >&2; exit 2; }
LIST=$1 OUTDIR=$2 DB=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TACITUS=${TACITUS:-tacitus}
read -r -a code_options <<<"${CODE_OPTIONS:-}"

rc=0
indices=$("$TACITUS" shards missing --indices "$LIST" "$OUTDIR") || rc=$?
[ "$rc" -le 1 ] || exit "$rc"
dependency=()
if [ -n "$indices" ]; then
    code_job=$(sbatch --parsable "$@" --array="$indices%${MAX_RUNNING:-100}" "$here/code-shards.sbatch" \
        "$LIST" "$OUTDIR" "${code_options[@]+"${code_options[@]}"}")
    code_job=${code_job%%;*} # (--parsable prints ID;CLUSTER on a federation)
    echo "code_job=$code_job"
    echo "submit: array job $code_job codes the shards $indices of $LIST" >&2
    dependency=(--dependency="afterok:$code_job" --kill-on-invalid-dep=yes)
fi
load_job=$(sbatch --parsable "$@" "${dependency[@]+"${dependency[@]}"}" "$here/load.sbatch" "$LIST" "$OUTDIR" "$DB")
load_job=${load_job%%;*}
echo "load_job=$load_job"
echo "submit: job $load_job loads the outputs into the database${indices:+ when every task of $code_job succeeded}" >&2
