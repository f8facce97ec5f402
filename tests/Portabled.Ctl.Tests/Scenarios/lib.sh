# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by the scenarios.
#   t CMD...   run CMD (stdin from /dev/null) and print "$ CMD", then [stdout], [stderr] and [rc]
#   note TEXT  a heading in the transcript
t() {
  local o e rc
  o=$(mktemp) e=$(mktemp)
  "$@" >"$o" 2>"$e" </dev/null; rc=$?
  printf '\n$ %s\n' "$*"
  [[ -s $o ]] && { echo "[stdout]"; cat "$o"; [[ -n $(tail -c1 "$o") ]] && echo "[no newline at end]"; }
  [[ -s $e ]] && { echo "[stderr]"; cat "$e"; }
  echo "[rc] $rc"
  rm -f "$o" "$e"
}
note() { printf '\n#### %s\n' "$*"; }
