#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The bus-activated daemon of crash-trials.sh and faults.sh (scripts/sandbox --daemon=…): runs
# $HOOKED_DAEMON with the test-only hooks of docs/reliability.md ("Test hooks") read as VAR=VALUE
# lines from $SANDBOX_STATE/daemon-env (absent: no hook), writes its PID to
# $SANDBOX_STATE/daemon.pid and, once it is gone, its exit status (137 after a SIGKILL) as one line
# of $SANDBOX_STATE/daemon-exits.
if [ -f "$SANDBOX_STATE/daemon-env" ]; then
  while IFS= read -r line; do
    case $line in PORTABLED_TEST_*=*) export "$line" ;; esac
  done < "$SANDBOX_STATE/daemon-env"
fi
$HOOKED_DAEMON &
pid=$!
echo "$pid" > "$SANDBOX_STATE/daemon.pid"
wait "$pid"
echo "$?" >> "$SANDBOX_STATE/daemon-exits"
