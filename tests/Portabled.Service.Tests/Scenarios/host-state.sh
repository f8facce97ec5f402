# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by crash-trials.sh and faults.sh (sourced): what portabled wrote on the host.
#   listing     every file portabled may write, with contents, and the intent record if there is one
#   leftovers   our temporaries and intent records anywhere near (empty when the host is clean)
#   exits       how many daemons have exited so far (hooked-daemon.sh's $SANDBOX_STATE/daemon-exits)
SCOPE=(/etc/systemd/system.attached /etc/portables /run/systemd/system.attached /run/portables)
EXITS=$SANDBOX_STATE/daemon-exits
listing() {
  local d
  for d in "${SCOPE[@]}"; do
    [[ -e $d || -L $d ]] || continue
    find "$d" -maxdepth 3 -printf '%p %y %m %l\n'
    find "$d" -maxdepth 3 -type f -exec sha256sum {} +
  done | sort
  find /etc/systemd /run/systemd -maxdepth 1 -name '.portabled-intent' -printf '%p intent\n' 2>/dev/null
}
leftovers() {
  { find "${SCOPE[@]}" -maxdepth 3 -name '.#*' 2>/dev/null
    find /etc/systemd /run/systemd -maxdepth 1 \( -name '.#.portabled-intent*' -o -name .portabled-intent \) 2>/dev/null; } | sort
}
exits() { wc -l < "$EXITS"; }
