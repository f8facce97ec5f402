# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the scenario scripts (sourced).
#   t CMD...   run CMD and print "$ CMD", then [stdout], [stderr] and [rc] sections
#   state TITLE  list every file portabled writes (attached dirs, image links) and print their
#              contents; with STATE_CONTENTS=portable-conf only the 20-portable.conf drop-ins
t() {
  local o e rc
  o=$(mktemp) e=$(mktemp)
  "$@" >"$o" 2>"$e"; rc=$?
  printf '\n$ %s\n' "$*"
  [[ -s $o ]] && { echo "[stdout]"; cat "$o"; }
  [[ -s $e ]] && { echo "[stderr]"; cat "$e"; }
  echo "[rc] $rc"
  rm -f "$o" "$e"
}
state() {
  local r depth names=()
  [[ ${STATE_CONTENTS:-all} == portable-conf ]] && names=(-name 20-portable.conf)
  printf '\n==== state: %s\n' "$*"
  for r in /etc/systemd/system.attached /run/systemd/system.attached /etc/portables /run/portables; do
    [[ -e $r || -L $r ]] || { echo "## $r (absent)"; continue; }
    echo "## $r"
    depth=(); [[ $r == */portables ]] && depth=(-maxdepth 1)
    find "$r" "${depth[@]}" -mindepth 1 -printf '%M %U:%G %P' \( -type l -printf ' -> %l' -o -true \) -printf '\n' | sort -k3
    find "$r" "${depth[@]}" -mindepth 1 -type f "${names[@]}" | sort | while read -r f; do
      echo "---- $f"; cat "$f"; echo "---- end"
    done
  done
}
