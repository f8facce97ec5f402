# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by scripts/fetch-systemd-262 and scripts/make-sid-root.
# debian_mirror: the Debian archive this machine already uses — $PORTABLED_DEBIAN_MIRROR if set,
# else the first URI of a deb822 stanza, else of sources.list; fails when there is none.
debian_mirror() {
  [[ -n ${PORTABLED_DEBIAN_MIRROR:-} ]] && { echo "$PORTABLED_DEBIAN_MIRROR"; return; }
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$f" | head -1)
    [[ -n $uri ]] && { echo "${uri%/}"; return; }
  done
  uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|ftp|file):/) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null || true)
  [[ -n $uri ]] && { echo "${uri%/}"; return; }
  return 1
}
