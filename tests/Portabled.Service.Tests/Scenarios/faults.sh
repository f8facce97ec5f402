#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Faults other than crashes (docs/reliability.md, "Faults other than crashes"), inside
# scripts/sandbox with --daemon=hooked-daemon.sh and a stand-in systemd1:
#   faults.sh CASE IMGDIR        CASE: enospc | erofs | eio | vanished-image | systemd1-before-now | systemd1-during-now
# Each case: a reference attach and detach, then the fault during `portablectl attach` of the
# five-unit minimal-app, then checks — a clear error, the host as before (or, where the daemon's
# part was complete, exactly attached), no temporary, no intent record — and that once the fault
# is gone the next operation works. Prints "ok" last and exits 0 when every check holds.
set -uo pipefail
CASE=${1:?case} IMG=${2:?image dir}
P=org.freedesktop.portable1
source "$(dirname "${BASH_SOURCE[0]}")/host-state.sh"
cp -a "$IMG/minimal-app" /var/lib/portables/
: > "$EXITS"
fail() { echo "FAIL: $*"; echo "client stdout: $(cat "$SANDBOX_STATE/out" 2>/dev/null)"; echo "client stderr: $(cat "$SANDBOX_STATE/err" 2>/dev/null)"; echo "daemon log:"; tail -20 "$SANDBOX_STATE/log/daemon.log" 2>/dev/null; exit 1; }
stop_daemon() {
  local before pid
  busctl --system status $P >/dev/null 2>&1 || return 0
  before=$(exits); pid=$(cat "$SANDBOX_STATE/daemon.pid")
  kill -TERM "$pid" 2>/dev/null; kill -CONT "$pid" 2>/dev/null
  for _ in $(seq 3000); do (($(exits) > before)) && return 0; sleep 0.01; done
  fail "daemon $pid did not exit"
}
# Waits until the daemon has stopped itself at its PORTABLED_TEST_STOP_AT_STEP: every thread in
# state T (the one at the step stops first; the others follow).
wait_stopped() {
  local pid t running
  for _ in $(seq 3000); do
    if pid=$(cat "$SANDBOX_STATE/daemon.pid" 2>/dev/null) && [[ -d /proc/$pid/task ]]; then
      running=0
      for t in /proc/"$pid"/task/*; do
        [[ $(sed 's/.*) //' "$t/stat" 2>/dev/null | cut -d' ' -f1) == T ]] || running=1
      done
      ((running)) || { echo "$pid"; return 0; }
    fi
    sleep 0.01
  done
  fail "the daemon did not stop at its step"
}
hooks() { printf '%s\n' "$@" > "$SANDBOX_STATE/daemon-env"; stop_daemon; }
attach() { portablectl attach "$@" minimal-app >"$SANDBOX_STATE/out" 2>"$SANDBOX_STATE/err"; }
# Waits for the background client (at most 2 min; a hang is a failure with what everyone was doing)
# and returns its exit status.
wait_client() {
  for _ in $(seq 1200); do kill -0 "$1" 2>/dev/null || { wait "$1"; return; }; sleep 0.1; done
  ps -eo pid,ppid,stat,wchan:24,args; cat "$SANDBOX_STATE/err"
  fail "the client did not finish"
}
expect_error() { # expect_error RC TEXT
  (($1 != 0)) || fail "the attach succeeded"
  grep -qF -- "$2" "$SANDBOX_STATE/err" || fail "no '$2' in: $(cat "$SANDBOX_STATE/err")"
  echo "error: $(tr '\n' ' ' < "$SANDBOX_STATE/err")"
}
expect_state() { # expect_state NAME LISTING
  [[ $(listing) == "$2" ]] || { diff <(echo "$2") <(listing); fail "host is not $1"; }
  [[ -z $(leftovers) ]] || fail "left behind: $(leftovers | tr '\n' ' ')"
}

# Where the attached directory is its own small tmpfs for the cases that need one, the reference
# states are taken with it in place.
if [[ $CASE == enospc || $CASE == erofs ]]; then
  mkdir -p /etc/systemd/system.attached
  mount -t tmpfs -o size=256k,mode=0755 faults /etc/systemd/system.attached
fi
attach || fail "reference attach: $(cat "$SANDBOX_STATE/err")"
ATTACHED=$(listing)
portablectl detach minimal-app >/dev/null 2>&1 || fail "reference detach"
DETACHED=$(listing)
stop_daemon

case $CASE in
  enospc)
    # Fill the file system, then free two pages: the third staged file does not fit.
    dd if=/dev/zero of=/etc/systemd/system.attached/small bs=4k count=2 status=none
    dd if=/dev/zero of=/etc/systemd/system.attached/fill bs=4k status=none 2>/dev/null
    rm /etc/systemd/system.attached/small
    BEFORE=$(listing)
    attach; expect_error $? "No space left on device"
    expect_state "as before" "$BEFORE"
    rm /etc/systemd/system.attached/fill
    attach || fail "attach after freeing space: $(cat "$SANDBOX_STATE/err")"
    expect_state attached "$ATTACHED"
    ;;
  erofs)
    hooks PORTABLED_TEST_STOP_AT_STEP=6
    attach & client=$!
    pid=$(wait_stopped)
    mount -o remount,ro /etc/systemd/system.attached
    kill -CONT "$pid"
    wait_client $client; expect_error $? "Read-only file system"
    hooks
    mount -o remount,rw /etc/systemd/system.attached
    # The next operation recovers first: the interrupted attach is undone.
    portablectl detach minimal-app >/dev/null 2>&1 && fail "detach found something attached"
    expect_state "as before" "$DETACHED"
    attach || fail "attach after the remount: $(cat "$SANDBOX_STATE/err")"
    expect_state attached "$ATTACHED"
    ;;
  eio)
    hooks PORTABLED_TEST_FAIL_AT_STEP=6:5
    attach; expect_error $? "Input/output error"
    expect_state "as before" "$DETACHED"
    attach || fail "the next attach: $(cat "$SANDBOX_STATE/err")"
    expect_state attached "$ATTACHED"
    ;;
  vanished-image)
    hooks PORTABLED_TEST_STOP_AT_STEP=6
    attach & client=$!
    pid=$(wait_stopped)
    mv /var/lib/portables/minimal-app /var/lib/minimal-app.moved || fail "mv"
    kill -CONT "$pid"
    wait_client $client; expect_error $? "disappeared while it was being attached"
    expect_state "as before" "$DETACHED"
    hooks
    mv /var/lib/minimal-app.moved /var/lib/portables/minimal-app
    attach || fail "attach of the image back in place: $(cat "$SANDBOX_STATE/err")"
    expect_state attached "$ATTACHED"
    ;;
  systemd1-before-now)
    kill "$(busctl --system status org.freedesktop.systemd1 | sed -n 's/^PID=//p')"
    for _ in $(seq 1000); do busctl --system status org.freedesktop.systemd1 >/dev/null 2>&1 || break; sleep 0.01; done
    attach --now; expect_error $? "org.freedesktop.systemd1"
    expect_state "as before" "$DETACHED"
    ;;
  systemd1-during-now)
    hooks PORTABLED_TEST_STOP_AT_STEP=6
    attach --now & client=$!
    pid=$(wait_stopped)
    kill "$(busctl --system status org.freedesktop.systemd1 | sed -n 's/^PID=//p')"
    for _ in $(seq 1000); do busctl --system status org.freedesktop.systemd1 >/dev/null 2>&1 || break; sleep 0.01; done
    kill -CONT "$pid"
    # The daemon's part needs no systemd1 once its checks are done: complete, not half. The
    # client's own reload and starts then fail, which it reports without failing the attach.
    wait_client $client || fail "attach --now failed: $(cat "$SANDBOX_STATE/err")"
    grep -qF "Failed to call StartUnit on the portable service /etc/systemd/system.attached/minimal-app.service: The name org.freedesktop.systemd1 was not provided by any .service files" \
      "$SANDBOX_STATE/err" || fail "no failed start reported: $(cat "$SANDBOX_STATE/err")"
    echo "reported: $(grep -c '^Failed to' "$SANDBOX_STATE/err") failures"
    expect_state attached "$ATTACHED"
    ;;
  *) fail "unknown case $CASE" ;;
esac
echo ok
