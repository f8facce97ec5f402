#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The polkit text agent: which verbs start it, for whom (not root, with a controlling terminal,
# asking allowed, local transport), how (pkttyagent from $PATH, --notify-fd N --fallback, the
# terminal as its stdin/stdout/stderr), that the call waits for it and that it is stopped at the
# end. A stand-in pkttyagent logs all that. The caller is nobody on a pseudo-terminal.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
[[ -n ${SANDBOX_STATE:-} ]] || { echo "polkit.sh: run inside scripts/sandbox" >&2; exit 2; }
export LANG=C.UTF-8 TERM=xterm-256color
PTY="/usr/bin/python3 $(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/ptyrun.py"
chmod 0711 "$SANDBOX_STATE"   # nobody must reach the bus socket in here
cp -a "$IMG/minimal-app" /var/lib/portables/
B=$SANDBOX_STATE/agent-bin LOG=$SANDBOX_STATE/agent.log
mkdir -p "$B"; chmod 0755 "$B"; : > "$LOG"; chmod 0666 "$LOG"
cat > "$B/pkttyagent" <<AGENT
#!/bin/bash
n=\$2
printf 'agent: %s %s %s\n' "\$1" "\$([[ \$n =~ ^[0-9]+\$ && -p /proc/\$\$/fd/\$n ]] && echo N-is-a-pipe || echo \$n)" "\$3" >> $LOG
for f in 0 1 2; do printf '  fd %s: %s\n' \$f "\$(readlink /proc/\$\$/fd/\$f | sed 's|^/dev/pts/[0-9]*|the terminal|')" >> $LOG; done
sleep 0.3
# Ready for the client's SIGTERM and logged before the client is told (closing fd N) to go on.
trap 'echo "  stopped" >> $LOG; exit 0' TERM
echo "  registered" >> $LOG
eval "exec \$n>&-"
while :; do sleep 0.05; done
AGENT
chmod 0755 "$B/pkttyagent"
CTL=$(command -v portablectl)
# a FDS [ENV...] -- ARGS...: portablectl ARGS as nobody on a terminal (FDS: which of 0 1 2 are it)
a() {
  local fds=$1; shift; local env=()
  while [[ $1 != -- ]]; do env+=("$1"); shift; done; shift
  printf '\n$ [nobody, terminal fds %s] %s%s\n' "$fds" "${env[*]:+${env[*]} }" "portablectl $*"
  setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/env PATH="$B:/usr/bin:/bin" "${env[@]}" $PTY 80 24 "$fds" "$CTL" "$@" | grep -v '^$'
  cat "$LOG"; : > "$LOG"
}
for v in "attach minimal-app" "detach minimal-app" "reattach minimal-app" "read-only minimal-app" "remove minimal-app" "set-limit 1G" "set-limit minimal-app 1G" \
         "list" "inspect --no-pager minimal-app" "is-attached minimal-app" "-p help"; do
  a 012 -- $v
done
a 012 -- --no-ask-password attach minimal-app
a 012 -- -H no.such.host.invalid attach minimal-app
a 012 -- -M .host attach minimal-app
for fds in 0 1 2 01 02 12 ""; do a "$fds" -- attach minimal-app; done
a 012 PATH=/nonexistent -- attach minimal-app
printf '\n$ [nobody, no controlling terminal] portablectl attach minimal-app\n'
setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/env PATH="$B:/usr/bin:/bin" setsid "$CTL" attach minimal-app </dev/null 2>&1; echo "[rc] $?"
cat "$LOG"; : > "$LOG"
printf '\n$ [root, terminal] portablectl attach minimal-app\n'
PATH="$B:$PATH" $PTY 80 24 012 "$CTL" attach --no-reload -q minimal-app minimal-app.service | grep -v '^$'
cat "$LOG"
