#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# User scope (docs/user-scope.md): `portablectl --user` as an unprivileged user against whichever
# daemon owns org.freedesktop.portable1 on the session bus, with the stand-in user manager
# (scripts/user-sandbox --stub-systemd1). Directory images in every user search directory, the
# PORTABLE_SCOPE= check, persistent and runtime attach, copies, profiles, --now/--enable, detach,
# and every file written under HOME and XDG_RUNTIME_DIR. The transcript must be the same for the
# real 262 client and daemon and for ours (UserScopeDifferentialTests). Runs inside the sandbox.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ -n ${SANDBOX_STATE:-} && -n ${XDG_RUNTIME_DIR:-} && $EUID != 0 ]] || { echo "user.sh: run inside scripts/user-sandbox" >&2; exit 2; }
export LANG=C.UTF-8 TZ=UTC
unset LC_ALL LC_CTYPE COLUMNS SYSTEMD_LOG_LEVEL SYSTEMD_COLORS NO_COLOR
pc() { portablectl --user "$@"; }

# --- fixtures: one image per PORTABLE_SCOPE= value, user units (and a system unit that must not
# be found) inside, in the three user search directories and outside them.
mkimg() { # DIR SCOPE(or -) UNIT...
  local r=$1 scope=$2; shift 2
  mkdir -p "$r/usr/lib/systemd/user" "$r/usr/lib/systemd/system" "$r/etc"
  { echo "ID=test"; echo "VERSION_ID=1"; echo "PRETTY_NAME=\"Test $(basename "$r")\""
    [[ $scope != - ]] && echo "PORTABLE_SCOPE=$scope"; } > "$r/usr/lib/os-release"
  for u in "$@"; do printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/true\n' "$u" > "$r/usr/lib/systemd/user/$u"; done
  printf '[Service]\nExecStart=/usr/bin/true\n' > "$r/usr/lib/systemd/system/$(basename "$r")-system.service"
}
STATE_DIR=$HOME/.local/state/portables LIB_DIR=$HOME/.local/lib/portables RUN_DIR=$XDG_RUNTIME_DIR/portables
OUT=$SANDBOX_STATE/scratch/images
mkimg "$STATE_DIR/userapp" user userapp.service userapp-extra.service userapp.socket
mkimg "$LIB_DIR/anyapp" any anyapp.service
mkimg "$RUN_DIR/runapp" user runapp.service
mkimg "$LIB_DIR/shadowed" user shadowed.service
mkimg "$STATE_DIR/shadowed" user shadowed-first.service
mkimg "$OUT/sysapp" system sysapp.service
mkimg "$OUT/plainapp" - plainapp.service
mkimg "$OUT/badscope" nobody badscope.service
mkimg "$OUT/outside" user outside.service
mkimg "$OUT/nouserunits" user
mkimg "$OUT/sysnounits" system
printf '\n[Install]\nWantedBy=default.target\n' >> "$STATE_DIR/userapp/usr/lib/systemd/user/userapp.service"
mkdir -p "$OUT/etcunit/etc/systemd/user"; mkimg "$OUT/etcunit" user
printf '[Service]\nExecStart=/usr/bin/true\n' > "$OUT/etcunit/etc/systemd/user/etcunit.service"
# Every file the daemon wrote under HOME and XDG_RUNTIME_DIR (the fixtures above excluded).
state() {
  echo "[files]"
  (cd / && find "$HOME" "$XDG_RUNTIME_DIR" -mindepth 1 \( -path "$STATE_DIR/*" -o -path "$LIB_DIR/*" -o -path "$RUN_DIR/*" -o -path "$XDG_RUNTIME_DIR/bus" \) -prune -o -printf '%y %m %p -> %l\n' | sort)
  find "$HOME" "$XDG_RUNTIME_DIR" -name '*.d' -prune -o -path "$STATE_DIR" -prune -o -path "$LIB_DIR" -prune -o -path "$RUN_DIR" -prune -o -type f -name '*.service' -print | sort | while read -r f; do echo "== $f"; cat "$f"; done
  find "$HOME" "$XDG_RUNTIME_DIR" -path '*.d/*.conf' -type f | sort | while read -r f; do echo "== $f"; cat "$f"; done
}

note "listing and inspecting"
t pc list
t pc list --no-legend
t pc inspect userapp
t pc inspect anyapp
t pc inspect runapp
t pc inspect shadowed
t pc inspect "$OUT/outside"
t pc inspect "$OUT/sysapp"
t pc inspect "$OUT/nouserunits"
t pc inspect "$OUT/etcunit"
t pc is-attached userapp
t pc list-profiles 2>/dev/null

note "PORTABLE_SCOPE= refusals"
t pc attach "$OUT/sysapp"
t pc attach "$OUT/plainapp"
t pc attach "$OUT/badscope"
t pc attach "$OUT/nouserunits"
t pc attach "$OUT/sysnounits"
t pc reattach "$OUT/sysapp"
state

note "attach and detach, persistent"
t pc attach userapp
t pc is-attached userapp
t pc list
state
t pc detach userapp
t pc is-attached userapp
state

note "runtime, copies, profiles"
t pc attach --runtime anyapp
t pc attach --copy=copy --profile=strict "$OUT/outside"
t pc attach --copy=symlink runapp
t pc attach --profile=nosuchprofile "$OUT/etcunit"
t pc list
state
t pc detach --runtime anyapp
t pc detach "$OUT/outside"
t pc detach runapp
t pc detach "$OUT/etcunit"
state

note "--now and --enable go to the user manager"
t pc attach --now --enable userapp
t pc is-attached userapp
t pc detach --now --enable userapp
t pc reattach userapp
t pc attach userapp
t pc reattach --now userapp
t pc detach --now userapp
state
