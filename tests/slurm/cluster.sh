# cluster.sh - a throwaway single-node Slurm cluster for tests/slurm/run.sh,
# from Debian's packages (slurmctld, slurmd, slurm-client, munge), run as root.
# Sourced; defines:
#
#   slurm_start     make SL_DIR (a new temporary folder), a munge key, munged on
#                   a socket there, a slurm.conf there (free ports, state, spool
#                   and logs in SL_DIR; ProctrackType=proctrack/linuxproc,
#                   TaskPlugin=task/none, no cgroups, no accounting) naming one
#                   node, localhost at 127.0.0.1, with up to 2 CPUs; starts
#                   slurmctld and slurmd in the foreground as children of this
#                   shell and waits (polling, 60 s at most) for the node to be
#                   idle. Exports SLURM_CONF. Returns 1 with the reason (and the
#                   logs' tails) in SL_WHY when the cluster does not come up.
#   sl CMD...       run a Slurm command (sbatch, ...) marked as this cluster's:
#                   its processes and the jobs' carry TACITUS_SLURM_TEST=SL_DIR
#   slurm_stop      cancel every job, stop slurmd, slurmctld and munged (TERM,
#                   then KILL after 20 s) and wait for them, end any process
#                   still marked as this cluster's (a job step left behind), by
#                   its id (their count in SL_LEFT: 0 when the jobs and
#                   daemons ended as they should), and delete SL_DIR. Safe to
#                   call twice.
#   slurm_leftovers print the ids of live processes marked as this cluster's
#   slurm_wait_gone JOBID SECONDS   poll until the job (every task of an array)
#                   has left the queue; returns 1 on the timeout
#   slurm_states JOBID  print "TASK STATE EXIT" for each task of the job ("-"
#                   as the task of a job that is no array)

SL_DIR=
SL_WHY=
SL_PIDS=() # munged, slurmctld, slurmd
SL_LEFT=0

# tail_logs: the last lines of each log of the cluster, for SL_WHY
sl_tail_logs() {
    local f
    for f in "$SL_DIR"/munge/munged.log "$SL_DIR"/log/*.log "$SL_DIR"/log/*.out; do
        [ -s "$f" ] && printf '%s: %s\n' "${f##*/}" "$(tail -n 4 "$f" | tr '\n' ' ')"
    done
}

sl() { env TACITUS_SLURM_TEST="$SL_DIR" "$@"; }

# sl_free_ports N: N TCP ports free on 127.0.0.1 now, one a line
sl_free_ports() {
    python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# sl_write_conf CTLD_PORT SLURMD_PORT CPUS: SL_DIR/slurm.conf
sl_write_conf() {
    cat >"$SL_DIR/slurm.conf" <<CONF
# written by tests/slurm/cluster.sh for one test run
ClusterName=tacitustest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SL_DIR/munge/munge.socket
StateSaveLocation=$SL_DIR/state
SlurmdSpoolDir=$SL_DIR/spool
SlurmctldPidFile=$SL_DIR/slurmctld.pid
SlurmdPidFile=$SL_DIR/slurmd.pid
SlurmctldLogFile=$SL_DIR/log/slurmctld.log
SlurmdLogFile=$SL_DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
JobRequeue=0
ReturnToService=2
MinJobAge=3600
KillWait=5
InactiveLimit=0
SlurmctldTimeout=60
SlurmdTimeout=60
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$3 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
}

# sl_munge: a key and munged (in the foreground, a child of this shell) on
# SL_DIR/munge/munge.socket; waits for the socket. Returns 1 (SL_WHY) on failure.
sl_munge() {
    local m=$SL_DIR/munge i
    mkdir -p "$m" && chmod 755 "$m" # munged wants its socket's folder searchable by all
    head -c 1024 /dev/urandom >"$m/munge.key" && chmod 400 "$m/munge.key" || { SL_WHY="cannot write a munge key"; return 1; }
    munged --foreground --force --socket="$m/munge.socket" --key-file="$m/munge.key" \
        --log-file="$m/munged.log" --pid-file="$m/munged.pid" --seed-file="$m/munged.seed" >>"$m/munged.out" 2>&1 &
    SL_PIDS+=($!)
    for i in $(seq 1 200); do
        [ -S "$m/munge.socket" ] && munge -S "$m/munge.socket" -n >/dev/null 2>&1 && return 0
        sl_alive "${SL_PIDS[0]}" || break
        sleep 0.1
    done
    SL_WHY="munged did not start: $(tail -n 3 "$m/munged.log" "$m/munged.out" 2>/dev/null | tr '\n' ' ')"
    return 1
}

slurm_start() {
    local c
    for c in munged slurmctld slurmd sbatch squeue scontrol sinfo; do
        command -v "$c" >/dev/null || { SL_WHY="$c is not installed (Debian packages slurmctld, slurmd, slurm-client, munge; scripts/setup.sh installs them)"; return 1; }
    done
    [ "$(id -u)" = 0 ] || { SL_WHY="the test cluster's daemons run as root; this is uid $(id -u)"; return 1; }
    SL_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-slurm.XXXXXX") || { SL_WHY="mktemp failed"; return 1; }
    chmod 755 "$SL_DIR"
    mkdir -p "$SL_DIR/state" "$SL_DIR/spool" "$SL_DIR/log"
    sl_munge || return 1
    local ports cpus
    ports=($(sl_free_ports 2)) || { SL_WHY="no free TCP port"; return 1; }
    cpus=$(nproc); [ "$cpus" -gt 2 ] && cpus=2
    sl_write_conf "${ports[0]}" "${ports[1]}" "$cpus"
    export SLURM_CONF=$SL_DIR/slurm.conf
    # (env execs the daemon: $! is its id)
    env TACITUS_SLURM_TEST="$SL_DIR" slurmctld -D -f "$SLURM_CONF" >>"$SL_DIR/log/slurmctld.out" 2>&1 &
    SL_PIDS+=($!)
    env TACITUS_SLURM_TEST="$SL_DIR" slurmd -D -f "$SLURM_CONF" -N localhost >>"$SL_DIR/log/slurmd.out" 2>&1 &
    SL_PIDS+=($!)
    local i state=
    for i in $(seq 1 600); do
        state=$(sinfo -h -n localhost -o %T 2>/dev/null)
        [ "$state" = idle ] && return 0
        sl_alive "${SL_PIDS[1]}" && sl_alive "${SL_PIDS[2]}" || break
        sleep 0.1
    done
    SL_WHY="the node is not idle (state '${state:-none}'; slurmctld $(sl_alive "${SL_PIDS[1]}" && echo runs || echo exited), slurmd $(sl_alive "${SL_PIDS[2]}" && echo runs || echo exited)); $(sl_tail_logs)"
    return 1
}

slurm_leftovers() {
    [ -n "$SL_DIR" ] || return 0
    local e p
    for e in /proc/[0-9]*/environ; do
        p=${e#/proc/}; p=${p%/environ}
        [ "$p" = "$$" ] && continue
        { tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qxF "TACITUS_SLURM_TEST=$SL_DIR" && echo "$p"
    done
    return 0
}

slurm_wait_gone() { # JOBID SECONDS
    local i
    for i in $(seq 1 $(($2 * 10))); do
        [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ] && return 0
        sleep 0.1
    done
    return 1
}

slurm_states() { # JOBID
    scontrol -o show job "$1" 2>/dev/null | awk '{
        t = "-"; s = "?"; x = "?"
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^ArrayTaskId=/) t = substr($i, 13)
            else if ($i ~ /^JobState=/) s = substr($i, 10)
            else if ($i ~ /^ExitCode=/) x = substr($i, 10)
        }
        print t, s, x }' | sort -n
}

# sl_alive PID: the process runs (a zombie does not)
sl_alive() {
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$st" ] && [ "${st:0:1}" != Z ]
}

# sl_end PID: TERM, then KILL after 20 s; wait for it
sl_end() {
    local i
    kill -TERM "$1" 2>/dev/null || return 0
    for i in $(seq 1 200); do
        sl_alive "$1" || break
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

slurm_stop() {
    [ -n "$SL_DIR" ] || return 0
    local ids i p
    if [ "${#SL_PIDS[@]}" -ge 2 ] && sl_alive "${SL_PIDS[1]}"; then
        ids=$(squeue -h -o %A 2>/dev/null | sort -u)
        [ -n "$ids" ] && scancel $ids 2>/dev/null
        for i in $(seq 1 200); do
            [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
            sleep 0.1
        done
    fi
    for ((i = ${#SL_PIDS[@]} - 1; i >= 0; i--)); do # slurmd, slurmctld, munged
        sl_end "${SL_PIDS[i]}"
    done
    SL_PIDS=()
    SL_LEFT=0
    for p in $(slurm_leftovers); do
        kill -KILL "$p" 2>/dev/null
        SL_LEFT=$((SL_LEFT + 1))
    done
    rm -rf "$SL_DIR"
    SL_DIR=
}
