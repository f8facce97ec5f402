#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The remote transports of portablectl for real: -H over ssh to an sshd on localhost, and -M to the
# local host (.host, root@.host). sd-bus runs `ssh -xT -- HOST systemd-stdio-bridge`; here the
# sshd listens on port 22 of a private network namespace's loopback, with a throw-away host key and
# a throw-away root key on a tmpfs over /root (the host's ~/.ssh and /etc/ssh are never read or
# written), and systemd-stdio-bridge on its side reaches the sandbox's private system bus through
# /run/dbus/system_bus_socket. The transcript must be the same for the real 262 client and ours
# (PortablectlDifferentialTests). IMGDIR from scripts/make-sample-images. Runs inside scripts/sandbox.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
[[ -n ${SANDBOX_STATE:-} ]] || { echo "remote.sh: run inside scripts/sandbox" >&2; exit 2; }
# A network namespace of its own: port 22 on its loopback is this run's, whatever else runs.
if [[ ${REMOTE_SH_NETNS:-} != 1 ]]; then
  REMOTE_SH_NETNS=1 exec unshare --net -- "$BASH" "${BASH_SOURCE[0]}" "$@"
fi
export LANG=C.UTF-8 TZ=UTC
unset LC_ALL LC_CTYPE COLUMNS SYSTEMD_LOG_LEVEL SYSTEMD_COLORS NO_COLOR SYSTEMD_SSH
ip link set lo up

# --- the ssh server and the client's keys, all throw-away (the mount namespace is scripts/sandbox's).
S=$SANDBOX_STATE/sshd
mkdir -p "$S" /run/sshd
mount -t tmpfs -o mode=0700 remote-home /root
mkdir -m 0700 /root/.ssh
ssh-keygen -q -t ed25519 -N '' -C sandbox-host -f "$S/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -C sandbox-root -f /root/.ssh/id_ed25519
cp /root/.ssh/id_ed25519.pub /root/.ssh/authorized_keys
# The client checks the host key (no "Permanently added" warning, no prompt).
{ printf 'localhost '; cut -d' ' -f1,2 "$S/host_ed25519.pub"; } > /root/.ssh/known_hosts
cat > "$S/sshd_config" <<CONF
ListenAddress 127.0.0.1
ListenAddress ::1
Port 22
HostKey $S/host_ed25519
PidFile none
AuthorizedKeysFile /root/.ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
LogLevel ERROR
CONF
/usr/sbin/sshd -D -e -f "$S/sshd_config" 2>"$SANDBOX_STATE/log/sshd.log" &
listening() { (exec 3<>/dev/tcp/127.0.0.1/22) 2>/dev/null && (exec 3<>/dev/tcp/::1/22) 2>/dev/null; }
for _ in $(seq 1000); do listening && break; sleep 0.01; done
listening || { echo "remote.sh: sshd did not listen" >&2; cat "$SANDBOX_STATE/log/sshd.log" >&2; exit 1; }

P=/var/lib/portables
cp -a "$IMG/minimal-app" "$IMG/nixapp" $P/
mkdir -p /var/lib/ctltest/img
cp -a "$IMG/minimal-app" /var/lib/ctltest/img/

note "the ssh transport reaches the daemon"
t ssh -xT -- root@localhost systemd-stdio-bridge --help
t portablectl -H root@localhost list
t portablectl --host=localhost list
t portablectl -H root@localhost:22 --no-legend list
t portablectl -H root@localhost inspect minimal-app
t portablectl -H root@localhost inspect --cat minimal-app minimal-app.service
t portablectl -H root@localhost inspect /var/lib/ctltest/img/minimal-app
t portablectl -H root@localhost is-attached minimal-app
t portablectl -H root@localhost attach --no-reload minimal-app
t portablectl -H root@localhost is-attached minimal-app
t portablectl -H root@localhost list
t portablectl -H root@localhost detach --no-reload minimal-app
t portablectl -H root@localhost inspect no-such-image
t portablectl -H root@localhost read-only nixapp

note "the ssh transport's errors"
t portablectl -H nobody@localhost list
t portablectl -H root@localhost:2222 list
t portablectl --user -H root@localhost list

note "the machine transport to the local host"
t portablectl -M .host list
t portablectl -M root@.host list
t portablectl -M .host inspect minimal-app
t portablectl -M no-such-machine list
