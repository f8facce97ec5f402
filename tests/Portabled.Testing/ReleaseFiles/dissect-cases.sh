#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What the systemd-dissect on PATH says of every raw image of make-images.sh --raw in IMGDIR (case
# order: sorted by name), as a transcript: $ command, [stdout] (the --json=short summary), [stderr]
# (its log lines), [rc]. Needs root and a private mount namespace (unshare -m): systemd-dissect uses
# loop devices.
#   dissect-cases.sh IMGDIR
set -uo pipefail
cd "${1:?image dir}" || exit 1
t() {
  local o e rc
  o=$(mktemp) e=$(mktemp)
  "$@" >"$o" 2>"$e"; rc=$?
  printf '\n$ %s\n' "$*"
  [[ -s $o ]] && { echo "[stdout]"; cat "$o"; echo; }
  [[ -s $e ]] && { echo "[stderr]"; cat "$e"; }
  echo "[rc] $rc"
  rm -f "$o" "$e"
}
for raw in $(LC_ALL=C ls -- *.raw); do
  t systemd-dissect --json=short "$raw"
done
