#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Crash trials (docs/reliability.md, "Crash trials"), inside scripts/sandbox with
# --daemon=hooked-daemon.sh and a stand-in systemd1:
#   crash-trials.sh TRIALS SEED IMGDIR
# Attach, detach and reattach of the five-unit minimal-app through the real portablectl, the
# daemon killed with SIGKILL at a host-write step (PORTABLED_TEST_KILL_AT_STEP): first at every
# step of each operation in turn, then at seeded random steps, TRIALS trials in all. After each
# trial the state the kill left is looked at, then the daemon is started again by a bus call
# (recovery at start) and the host must be exactly detached or exactly attached (with the
# operation's old or new profile), with no temporary and no intent record. Operations that were
# not killed must succeed. Last line: the figures; exit status 0 when there is nothing wrong.
set -uo pipefail
TRIALS=${1:?trials} SEED=${2:?seed} IMG=${3:?image dir}
RANDOM=$SEED
P=org.freedesktop.portable1
STEPFILE=$SANDBOX_STATE/daemon-env
source "$(dirname "${BASH_SOURCE[0]}")/host-state.sh"
cp -a "$IMG/minimal-app" /var/lib/portables/
: > "$EXITS"

# Stops the running daemon, if any, and waits until its wrapper has recorded the exit.
stop_daemon() {
  local before pid
  busctl --system status $P >/dev/null 2>&1 || return 0
  before=$(exits); pid=$(cat "$SANDBOX_STATE/daemon.pid")
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 3000); do (($(exits) > before)) && return 0; sleep 0.01; done
  echo "daemon $pid did not exit" >&2; exit 2
}
ping_daemon() { busctl --system call $P /org/freedesktop/portable1 org.freedesktop.DBus.Peer Ping >/dev/null 2>&1; }
op() { # op NAME [PROFILE]: the portablectl command line
  case $1 in
    attach) portablectl attach --profile="$2" minimal-app ;;
    detach) portablectl detach minimal-app ;;
    reattach) portablectl reattach --profile="$2" minimal-app ;;
  esac >/dev/null 2>>"$SANDBOX_STATE/log/ops.log"
}

# Reference states, from uninterrupted operations.
op attach default && S_default=$(listing) && op reattach trusted && S_trusted=$(listing) && op detach && S_detached=$(listing) ||
  { echo "reference operations failed" >&2; cat "$SANDBOX_STATE/log/ops.log" >&2; exit 2; }
stop_daemon
state_name() {
  local now; now=$(listing)
  if [[ $now == "$S_detached" ]]; then echo detached; elif [[ $now == "$S_default" ]]; then echo default
  elif [[ $now == "$S_trusted" ]]; then echo trusted; else echo half; fi
}

trials=0 killed=0 unclean_before=0 half=0 stray=0 failed=0 state=detached
# One trial: the next operation from the current state, killed at step $1 (0: not killed).
trial() {
  local step=$1 name profile other before exit_line
  other=default; [[ $state == default ]] && other=trusted
  if [[ $state == detached ]]; then name=attach; profile=$other
  elif [[ ${2:-} == detach || ( -z ${2:-} && $((RANDOM % 2)) == 0 ) ]]; then name=detach; profile=
  else name=reattach; profile=$other; fi
  [[ -n ${2:-} && $2 != "$name" ]] && { echo "trial wants $2 from $state" >&2; exit 2; }
  trials=$((trials + 1))
  ((step > 0)) && echo "PORTABLED_TEST_KILL_AT_STEP=$step" > "$STEPFILE"
  before=$(exits)
  op $name $profile; local rc=$?
  rm -f "$STEPFILE"
  stop_daemon
  exit_line=$(sed -n "$((before + 1))p" "$EXITS")
  if [[ $exit_line == 137 ]]; then
    killed=$((killed + 1)); LAST_KILLED=1
    [[ $(state_name) == half || -n $(leftovers) ]] && unclean_before=$((unclean_before + 1))
  else
    LAST_KILLED=0
    ((rc != 0)) && { failed=$((failed + 1)); echo "trial $trials: $name $profile failed (rc $rc) without a kill" >&2; }
  fi
  ping_daemon
  local after; after=$(state_name)
  if [[ -n $(leftovers) ]]; then stray=$((stray + 1)); echo "trial $trials: $name $profile step $step left: $(leftovers | tr '\n' ' ')" >&2; fi
  if [[ $after == half ]]; then
    half=$((half + 1)); echo "trial $trials: $name $profile step $step: half-attached after recovery" >&2
    diff <(echo "$S_detached") <(listing) | head -20 >&2
    # Start the next trial from a clean host.
    stop_daemon; op detach; stop_daemon; after=$(state_name)
    [[ $after == detached ]] || { echo "cannot clean up" >&2; exit 2; }
  fi
  stop_daemon
  state=$after
}

# Every step of each operation, until one runs to its end without being killed.
for want in attach reattach detach; do
  for step in $(seq 1 500); do
    ((trials >= TRIALS)) && break 2
    # Bring the host to where this operation starts.
    if [[ $want == attach && $state != detached ]]; then trial 0 detach; fi
    if [[ $want != attach && $state == detached ]]; then trial 0 attach; fi
    trial "$step" "$want"
    ((LAST_KILLED == 0)) && break
  done
done
# Then seeded random steps.
while ((trials < TRIALS)); do
  trial $((1 + RANDOM % 90))
done
echo "trials=$trials killed=$killed unclean-before-recovery=$unclean_before half-attached=$half stray-temporaries=$stray failed-ops=$failed"
((half == 0 && stray == 0 && failed == 0))
