#!/usr/bin/env bash
# One-node Slurm test fixture (Debian 12: slurmctld slurmd slurm-client munge).
# usage: cluster.sh start|stop|status|env      (stop --purge also deletes the dir)
# Everything lives under $SEGDESK_SLURM_DIR; no systemd, no /etc files are used.
# Used by tests/slurm/ (the scale-out test, DESIGN §13); from the feasibility spike of issue 20.
# SEGDESK_SLURM_CPUS: CPUs the node offers (default: nproc); more than the machine has lets
# that many one-CPU tasks run at once (the test runs all parts of an array side by side).
# Needs root (slurmd runs jobs as their user) and Debian's slurmctld slurmd slurm-client munge.
set -euo pipefail

ROOT=${SEGDESK_SLURM_DIR:?set SEGDESK_SLURM_DIR to an empty folder}
CTLD_PORT=${SEGDESK_SLURM_CTLD_PORT:-16817}
SLURMD_PORT=${SEGDESK_SLURM_SLURMD_PORT:-16818}
HOST=$(hostname -s)
CONF=$ROOT/etc/slurm.conf
SOCK=$ROOT/munge/munge.sock
MARK=SEGDESK_SLURM_FIXTURE=$ROOT          # put into daemon env; inherited by slurmstepd
export SLURM_CONF=$CONF

log() { echo "cluster.sh: $*" >&2; }
pstat() {  # pstat PID FIELD -> field of /proc/PID/stat after "(comm)": 1=state 4=session
  local s a; s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; s=${s##*) }
  read -ra a <<<"$s"; echo "${a[$(( $2 - 1 ))]}"; }
alive() {  # running and not a zombie (an unreaped zombie still answers kill -0); /proc only, no procps
  local st; [ -n "${1:-}" ] && st=$(pstat "$1" 1) && [ "$st" != Z ]; }
pidof_file() { cat "$1" 2>/dev/null || true; }

write_conf() {
  local cpus mem
  cpus=${SEGDESK_SLURM_CPUS:-$(nproc)}
  mem=$(awk '/MemTotal/ {print int($2/1024*0.9)}' /proc/meminfo)
  cat >"$CONF" <<EOF
ClusterName=segdesk
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK
StateSaveLocation=$ROOT/state
SlurmdSpoolDir=$ROOT/spool
SlurmctldPidFile=$ROOT/run/slurmctld.pid
SlurmdPidFile=$ROOT/run/slurmd.pid
SlurmctldLogFile=$ROOT/log/slurmctld.log
SlurmdLogFile=$ROOT/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
MinJobAge=300
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
EnforcePartLimits=ALL
SlurmdParameters=config_overrides
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
${SEGDESK_SLURM_EXTRA_CONF:-}
EOF
}

port_free() { ! timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

start() {
  if alive "$(pidof_file "$ROOT/run/slurmctld.bgpid")"; then log "already running"; return 1; fi
  for p in "$CTLD_PORT" "$SLURMD_PORT"; do
    port_free "$p" || { log "port $p busy (set SEGDESK_SLURM_CTLD_PORT/SEGDESK_SLURM_SLURMD_PORT)"; return 1; }
  done
  rm -rf "$ROOT"/{state,spool,log,run}   # never recover jobs from an earlier (crashed) run
  mkdir -p "$ROOT"/{etc,state,spool,log,run,munge}
  chmod 755 "$ROOT" "$ROOT/munge"      # munged: socket dir needs o+x, no group/other write
  if [ ! -s "$ROOT/munge/munge.key" ]; then
    dd if=/dev/urandom of="$ROOT/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$ROOT/munge/munge.key"
  fi
  write_conf

  munged --socket="$SOCK" --key-file="$ROOT/munge/munge.key" \
         --log-file="$ROOT/log/munged.log" --pid-file="$ROOT/run/munged.pid" \
         --seed-file="$ROOT/munge/munged.seed"          # forks; writes pid file
  for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
  munge -n -S "$SOCK" | unmunge -S "$SOCK" >/dev/null || { log "munge self-test failed"; stop; return 1; }

  # setsid: own session, survives the caller's Ctrl-C / exit; -D keeps them our children's PIDs
  env "$MARK" setsid slurmctld -D -f "$CONF" >"$ROOT/log/slurmctld.out" 2>&1 </dev/null &
  echo $! >"$ROOT/run/slurmctld.bgpid"
  env "$MARK" setsid slurmd -D -f "$CONF" -N "$HOST" >"$ROOT/log/slurmd.out" 2>&1 </dev/null &
  echo $! >"$ROOT/run/slurmd.bgpid"

  local st=""
  for _ in $(seq 120); do                 # up to 60 s
    st=$(sinfo -h -n "$HOST" -o %T 2>/dev/null || true)
    [ "$st" = idle ] && break
    sleep 0.5
  done
  if [ "$st" != idle ]; then
    log "node not idle (state='$st'); logs:"; tail -n 20 "$ROOT"/log/*.log >&2 || true
    stop; return 1
  fi
  log "up: node $HOST idle"; echo "export SLURM_CONF=$CONF"
}

marked_pids() {   # processes carrying our marker (slurmctld, slurmd, slurmscriptd, slurmstepd)
  local f p
  for f in /proc/[0-9]*/environ; do
    p=${f#/proc/}; p=${p%/environ}
    [ "$p" = $$ ] && continue
    grep -qzxF "$MARK" "$f" 2>/dev/null && echo "$p"
  done
  true
}

kill_wait() {     # kill_wait SECS PID...  TERM, wait, then KILL
  local secs=$1; shift; local p left
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq $((secs * 10))); do
    left=""; for p in "$@"; do alive "$p" && left="$left $p"; done
    [ -z "$left" ] && return 0; sleep 0.1
  done
  log "KILL$left"; kill -KILL $left 2>/dev/null || true
}

stop() {
  local ctld slurmd munged p sids extra
  ctld=$(pidof_file "$ROOT/run/slurmctld.bgpid"); slurmd=$(pidof_file "$ROOT/run/slurmd.bgpid")
  munged=$(pidof_file "$ROOT/run/munged.pid")
  if alive "$ctld"; then                   # cancel jobs so slurmstepd kills their processes
    timeout 5 squeue -h -o %A 2>/dev/null | sort -u | xargs -r timeout 5 scancel 2>/dev/null || true
    for _ in $(seq 50); do [ -z "$(timeout 5 squeue -h 2>/dev/null || true)" ] && break; sleep 0.2; done
    for _ in $(seq 50); do                 # steps still tearing down?
      extra=$(marked_pids | while read -r p; do [ "$p" != "$ctld" ] && [ "$p" != "$slurmd" ] && \
              grep -q '^slurmstepd' "/proc/$p/cmdline" 2>/dev/null && echo "$p"; done || true)
      [ -z "$extra" ] && break; sleep 0.2
    done
  fi
  kill_wait 10 $(for p in $slurmd $ctld; do alive "$p" && echo "$p"; done)
  # leftovers: marked processes (e.g. orphaned slurmstepd) and everything in their sessions
  extra=$(marked_pids)
  if [ -n "$extra" ]; then
    sids=" $(for p in $extra; do pstat "$p" 4 || true; done | sort -u | tr '\n' ' ')"
    for f in /proc/[0-9]*; do q=${f#/proc/}; s=$(pstat "$q" 4) || continue
      [ "$s" -gt 1 ] && [[ "$sids" == *" $s "* ]] && extra="$extra $q"; done
    extra=$(echo $extra | tr ' ' '\n' | sort -u | grep -vx "$$" || true)
    log "killing leftovers: $(echo $extra)"; kill_wait 3 $extra
  fi
  if alive "$munged"; then kill_wait 5 "$munged"; fi
  rm -f "$ROOT"/run/*.bgpid "$SOCK"
  left=$(marked_pids; alive "$munged" && echo "$munged" || true)
  if [ -n "$left" ]; then log "still running: $left"; return 1; fi
  [ "${1:-}" = --purge ] && rm -rf "$ROOT"
  log "stopped"
}

status() {
  local n
  for n in munged slurmctld slurmd; do
    p=$(pidof_file "$ROOT/run/$n.pid"); [ $n != munged ] && p=$(pidof_file "$ROOT/run/$n.bgpid")
    if alive "$p"; then echo "$n running pid $p"; else echo "$n stopped"; fi
  done
  sinfo 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  status) status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop [--purge]|status|env" >&2; exit 2 ;;
esac
