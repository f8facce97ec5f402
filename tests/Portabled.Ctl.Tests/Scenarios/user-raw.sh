#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# User scope with raw images (docs/user-scope.md, "Raw images without privileges"): the unprivileged
# user builds a squashfs, an ext4 and an erofs image with the real tools, then lists, inspects,
# attaches and detaches them through `portablectl --user`; our daemon reads them in userspace (no
# loop device, no mountfsd, no user namespace). Also a system-scope raw image refused, and a raw
# image outside the search path. Prints the transcript and every file written (UserScopeRawTests
# checks it). Runs inside scripts/user-sandbox, as the user.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ -n ${SANDBOX_STATE:-} && -n ${XDG_RUNTIME_DIR:-} && $EUID != 0 ]] || { echo "user-raw.sh: run inside scripts/user-sandbox" >&2; exit 2; }
export LANG=C.UTF-8 TZ=UTC
unset LC_ALL LC_CTYPE COLUMNS SYSTEMD_LOG_LEVEL SYSTEMD_COLORS NO_COLOR
pc() { portablectl --user "$@"; }

T=$SANDBOX_STATE/scratch/trees POOL=$HOME/.local/state/portables OUT=$SANDBOX_STATE/scratch/raw
mkdir -p "$T" "$POOL" "$OUT"
tree() { # NAME SCOPE
  local r=$T/$1
  mkdir -p "$r/usr/lib/systemd/user" "$r/etc" "$r/usr/bin"
  printf 'ID=test\nVERSION_ID=1\nPRETTY_NAME="Raw %s"\nPORTABLE_SCOPE=%s\n' "$1" "$2" > "$r/usr/lib/os-release"
  printf '[Unit]\nDescription=%s from a raw image\n\n[Service]\nExecStart=/usr/bin/true\n' "$1" > "$r/usr/lib/systemd/user/$1.service"
  printf '[Socket]\nListenStream=%%t/%s.sock\n' "$1" > "$r/usr/lib/systemd/user/$1.socket"
}
tree sqapp user; tree extapp any; tree eroapp user; tree sysraw system; tree outraw user
mksquashfs "$T/sqapp" "$POOL/sqapp.raw" -noappend -quiet -all-root >/dev/null
mke2fs -q -t ext4 -d "$T/extapp" -E root_owner=0:0 "$POOL/extapp.raw" 4M >/dev/null
mkfs.erofs --quiet --all-root "$POOL/eroapp.raw" "$T/eroapp" >/dev/null
mksquashfs "$T/sysraw" "$POOL/sysraw.raw" -noappend -quiet -all-root >/dev/null
mksquashfs "$T/outraw" "$OUT/outraw.raw" -noappend -quiet -all-root >/dev/null
touch -d '2021-01-02 03:04:05 UTC' "$POOL"/*.raw
state() {
  echo "[files]"
  find "$HOME" "$XDG_RUNTIME_DIR" -mindepth 1 \( -path "$POOL/*" -o -path "$XDG_RUNTIME_DIR/bus" \) -prune -o -printf '%y %m %p -> %l\n' | sort
  find "$HOME/.config/systemd" "$XDG_RUNTIME_DIR/systemd" -type f 2>/dev/null | sort | while read -r f; do echo "== $f"; cat "$f"; done
}

note "raw images, read by an unprivileged user"
t id -u
t pc list
for i in sqapp extapp eroapp; do t pc inspect "$i"; t pc inspect --cat "$i" "$i.socket"; done
t pc inspect "$OUT/outraw.raw"

note "attach and detach"
t pc attach sqapp
t pc attach --runtime extapp
t pc attach --copy=copy eroapp
t pc attach "$OUT/outraw.raw"
t pc list
for i in sqapp extapp eroapp; do t pc is-attached "$i"; done
state
t pc attach sysraw
t pc detach sqapp
t pc detach --runtime extapp
t pc detach eroapp
t pc detach "$OUT/outraw.raw"
t pc list
state
