#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What portablectl sends on the bus, message by message (busctl monitor): methods, arguments,
# order, and the ALLOW_INTERACTIVE_AUTHORIZATION flag (4) that only --no-ask-password clears.
# Compared like everything.sh.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
[[ -n ${SANDBOX_STATE:-} ]] || { echo "bus.sh: run inside scripts/sandbox" >&2; exit 2; }
CALLS="python3 $(dirname "${BASH_SOURCE[0]}")/buscalls.py"
P=/var/lib/portables
cp -a "$IMG/minimal-app" $P/
mkdir -p /var/lib/ctltest; cp -a "$IMG/app0" /var/lib/ctltest/
# m ARGS...: run portablectl ARGS under busctl monitor and list the calls it made. A marker call
# before and after (GetId, left out of the listing) makes sure the monitor saw all of it.
mark() { busctl --system call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus GetId >/dev/null; }
seen() { local n; for n in $(seq 250); do [[ $(grep -c '"member":"GetId"' "$1") -ge $2 ]] && return; mark; sleep 0.02; done; }
m() {
  local log=$SANDBOX_STATE/monitor.json
  : > "$log"
  busctl --system monitor --json=short > "$log" 2>/dev/null &
  local mon=$!
  seen "$log" 1
  local before; before=$(grep -c '"member":"GetId"' "$log")
  printf '\n$ portablectl %s\n' "$*"
  portablectl "$@" > /dev/null 2>&1 </dev/null
  echo "[rc] $?"
  seen "$log" $((before + 1))
  kill $mon; wait $mon 2>/dev/null
  $CALLS "$log"
}
m list
m --no-ask-password list
m -p help
m inspect minimal-app
m inspect --force minimal-app minimal-app.service
m inspect --extension=/var/lib/ctltest/app0 minimal-app app0
m is-attached --extension=/var/lib/ctltest/app0 minimal-app
m attach minimal-app minimal-app.service
m detach --no-reload minimal-app
m --no-ask-password attach --runtime --copy=copy -p strict minimal-app minimal-app.service
m --no-ask-password detach --runtime minimal-app
m attach --now --enable minimal-app minimal-app.service minimal-app.socket
m reattach --now --enable minimal-app minimal-app.service
m detach --now --enable --clean minimal-app minimal-app.service minimal-app.socket
m attach --force --extension=/var/lib/ctltest/app0 --now --no-block minimal-app minimal-app.service app0
m detach --force --extension=/var/lib/ctltest/app0 minimal-app
m read-only minimal-app no
m remove no-such-image other-image
m set-limit minimal-app 1.5G
m set-limit none
