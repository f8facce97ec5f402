#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every verb and option of portablectl (upstream 262), errors included, against whichever
# portablectl is first on PATH and whichever daemon owns org.freedesktop.portable1, with the
# stand-in systemd1 (scripts/sandbox --stub-systemd1). The transcript must be the same for the
# real 262 client and ours, against the real 262 daemon and ours (PortablectlDifferentialTests).
# IMGDIR from scripts/make-sample-images. Runs inside the sandbox: everything it writes vanishes.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
# Only inside scripts/sandbox: the overlays there are the only places this may write to.
[[ -n ${SANDBOX_STATE:-} ]] || { echo "everything.sh: run inside scripts/sandbox" >&2; exit 2; }
export LANG=C.UTF-8 TZ=UTC
unset LC_ALL LC_CTYPE COLUMNS SYSTEMD_LOG_LEVEL SYSTEMD_COLORS NO_COLOR

# --- fixtures: the sample images, plus units with [Install] sections, prefixes, raw files of
# chosen sizes (USAGE column), a read-only raw file, and images outside the search path.
P=/var/lib/portables
cp -a "$IMG/minimal-app" "$IMG/nixapp" "$IMG/broken" $P/
for u in minimal-app.service minimal-app.socket; do printf '\n[Install]\nWantedBy=multi-user.target\n' >> $P/minimal-app/usr/lib/systemd/system/$u; done
printf '\n[Install]\nWantedBy=multi-user.target\nRequiredBy=sockets.target\n' >> $P/minimal-app/etc/systemd/system/minimal-app-etc.service
mkimg() { # DIR OS-RELEASE UNIT...
  local r=$1 osr=$2; shift 2
  mkdir -p "$r/usr/lib/systemd/system" "$r/etc"; printf "$osr" > "$r/usr/lib/os-release"
  for u in "$@"; do printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/true\n' "$u" > "$r/usr/lib/systemd/system/$u"; done
}
mkimg $P/prefixapp 'ID=test\nVERSION_ID=1\nPORTABLE_PREFIXES="foo bar"\nPRETTY_NAME="Prefix App"\n' foo.service bar.socket baz.service
mkimg $P/badprefix 'ID=test\nVERSION_ID=1\nPORTABLE_PREFIXES="foo ../x"\n' foo.service
mkimg $P/other_7 'ID=test\nVERSION_ID=7\nPRETTY_NAME=Other\n' other.service other-extra.service
mkimg $P/a-very-long-image-name-that-makes-the-table-wide 'ID=test\nVERSION_ID=1\n' a-very-long-image-name-that-makes-the-table-wide.service
for s in 512 1023 1024 1536 1048576 1572864 2097153 10485760; do head -c $s /dev/zero > $P/size$s.raw; done
head -c 65536 /dev/zero > $P/readonly.raw; chmod 0444 $P/readonly.raw
touch -d '2021-01-02 03:04:05 UTC' $P/size*.raw $P/readonly.raw
mkdir -p /var/lib/ctltest/img /var/lib/ctltest/ext /var/lib/ctltest/cwd
cp -a "$IMG/minimal-app" /var/lib/ctltest/img/
cp -a "$IMG/app0" /var/lib/ctltest/ext/
ln -s /var/lib/ctltest/img/minimal-app /var/lib/ctltest/img/link-app
: > /var/lib/ctltest/cwd/minimal-app
EXT=/var/lib/ctltest/ext/app0

note "options and verbs that never reach the bus"
t portablectl --help
t portablectl -h
t portablectl --he
t portablectl -hq
t portablectl -qh
t portablectl --help --bogus
t portablectl --help=yes
t portablectl --version
t portablectl --vers
t portablectl --version=3
t portablectl --bogus
t portablectl --bogus=3
t portablectl ---x
t portablectl --=x
t portablectl -x
t portablectl -qx
t portablectl -q-
t portablectl --n
t portablectl --no=1
t portablectl --c
t portablectl --e
t portablectl --ext
t portablectl --extension
t portablectl --copy
t portablectl -p
t portablectl -H
t portablectl -M
t portablectl --no-legend=1
t portablectl --copy=help
t portablectl --copy help
t portablectl --co=help
t portablectl --copy=bogus attach minimal-app
t portablectl --copy= attach minimal-app
t portablectl -p ../x attach minimal-app
t portablectl --profile= attach minimal-app
t portablectl -p '' attach minimal-app
t portablectl --machine=
t portablectl -M 'a b'
t portablectl -M -x
t portablectl bogus
t portablectl lsit
t portablectl LIST
t portablectl re
t portablectl i
t portablectl is
t portablectl x
t portablectl zzzzzzzzzzz
t portablectl ''
t portablectl -
t portablectl list extra
t portablectl list -- --extra
t portablectl inspect
t portablectl attach
t portablectl detach
t portablectl reattach
t portablectl is-attached
t portablectl is-attached a b
t portablectl read-only
t portablectl read-only a b c
t portablectl read-only minimal-app maybe
t portablectl remove
t portablectl set-limit
t portablectl set-limit a b c
t portablectl attach minimal-app -
t portablectl reattach minimal-app -
t portablectl attach /nonexistent
t portablectl inspect /nonexistent/x
t portablectl is-attached /nonexistent/x/../y
t portablectl is-attached /etc/passwd/x
t portablectl inspect ''
t portablectl inspect /
t portablectl inspect .
t portablectl inspect ..
t portablectl inspect /var/lib/ctltest/img/..
t portablectl attach /var/lib/ctltest
t portablectl -H localhost inspect /var/lib/ctltest/img/minimal-app
t portablectl -M .host attach ./x
for c in 40 79 80 99 100 132; do t env COLUMNS=$c portablectl --help; done

note "list"
t portablectl
t portablectl list
t portablectl --no-legend list
t portablectl list --no-legend
t portablectl -q --no-pager list
t env TZ=Europe/Berlin portablectl list
t portablectl -p help
t portablectl --profile=help --no-legend
t portablectl --no-legend -p help
t portablectl --system list
t portablectl --user --system list

note "inspect"
t portablectl inspect minimal-app
t portablectl inspect --cat minimal-app
t portablectl inspect minimal-app -
t portablectl inspect minimal-app minimal-app-etc minimal-app.socket
t portablectl inspect minimal-app minimal-app.service
t portablectl inspect -q minimal-app
t portablectl inspect /var/lib/ctltest/img/minimal-app
t portablectl inspect /var/lib/ctltest/img/link-app
t portablectl inspect /var/lib/ctltest/img/../img/./minimal-app
t portablectl inspect --extension=$EXT minimal-app app0
t portablectl inspect --cat --extension=$EXT minimal-app minimal-app app0
t portablectl inspect --extension $EXT --extension=/var/lib/ctltest/ext/app0 minimal-app -
t portablectl inspect --force minimal-app
t portablectl inspect --force --cat nixapp
t portablectl inspect nixapp
t portablectl inspect other_7
t portablectl inspect prefixapp
t portablectl inspect --cat prefixapp
t portablectl inspect -q prefixapp
t portablectl inspect prefixapp nomatch
t portablectl inspect badprefix
t portablectl inspect broken
t portablectl inspect no-such-image
t portablectl inspect minimal-app nomatch
t portablectl inspect size1024.raw
t portablectl inspect --extension=/nonexistent minimal-app
(cd /var/lib/ctltest/cwd && t portablectl inspect minimal-app)
(cd /var/lib/ctltest/cwd && t portablectl -q inspect minimal-app)
(cd /var/lib/ctltest/cwd && t portablectl inspect ./minimal-app)
(cd /var/lib/ctltest/img && t portablectl inspect link-app)
(cd /var/lib/ctltest/img && t portablectl inspect ./link-app)
(cd /var/lib/ctltest && t portablectl inspect img/minimal-app)

note "attach and detach"
t portablectl attach minimal-app
t portablectl list
t portablectl is-attached minimal-app
t portablectl attach minimal-app minimal-app.service
t portablectl detach minimal-app
t portablectl detach minimal-app
t portablectl attach --no-reload --runtime minimal-app minimal-app.service
t portablectl is-attached minimal-app
t portablectl list
t portablectl detach --no-reload minimal-app
t portablectl detach --runtime --no-reload minimal-app
t portablectl attach --copy=copy -p strict minimal-app minimal-app.service
t portablectl detach minimal-app
t portablectl attach --copy=symlink --profile trusted minimal-app minimal-app.service
t portablectl detach minimal-app
t portablectl attach --copy=auto minimal-app minimal-app.service
t portablectl detach minimal-app
t portablectl attach --copy=mixed /var/lib/ctltest/img/minimal-app minimal-app.service
t portablectl detach /var/lib/ctltest/img/minimal-app
t portablectl attach -p nosuch minimal-app
t portablectl attach -q minimal-app minimal-app.service
t portablectl detach -q minimal-app
t portablectl attach /var/lib/ctltest/img/link-app minimal-app.service
t portablectl is-attached /var/lib/ctltest/img/minimal-app
t portablectl detach /var/lib/ctltest/img/link-app
t portablectl attach no-such-image
t portablectl attach broken
t portablectl attach minimal-app nomatch
t portablectl attach prefixapp
t portablectl attach prefixapp foo
t portablectl detach prefixapp
t portablectl detach no-such-image
t portablectl detach /var/lib/ctltest/nonexistent
t env LANG=C portablectl attach minimal-app minimal-app.service
t env LANG=C portablectl detach minimal-app
t env SYSTEMD_LOG_LEVEL=err portablectl attach minimal-app minimal-app.service
t env SYSTEMD_LOG_LEVEL=warning portablectl detach minimal-app
(cd /var/lib/ctltest/cwd && t portablectl attach minimal-app minimal-app.service)
(cd /var/lib/ctltest/cwd && t portablectl detach -q minimal-app)

note "extensions and --force"
t portablectl attach --extension=$EXT minimal-app app0
t portablectl is-attached --extension=$EXT minimal-app
t portablectl is-attached minimal-app
t portablectl detach minimal-app
t portablectl detach --extension=$EXT minimal-app
t portablectl attach --extension=/nonexistent minimal-app
t portablectl attach --force minimal-app minimal-app.service
t portablectl attach --force minimal-app minimal-app.service
t portablectl is-attached --force minimal-app
t portablectl detach --force minimal-app
t portablectl detach --extension=/nonexistent minimal-app

note "--enable, --now, --no-block, --clean"
t portablectl attach --enable minimal-app minimal-app.service minimal-app.socket
t portablectl detach --enable minimal-app minimal-app.service minimal-app.socket
t portablectl attach --now minimal-app minimal-app.service
t portablectl is-attached minimal-app
t portablectl list
t portablectl detach minimal-app
t portablectl detach --now minimal-app minimal-app.service
t portablectl attach --now --enable --runtime minimal-app minimal-app-etc
t portablectl detach --now --enable --runtime minimal-app minimal-app-etc
t portablectl attach --now --no-block minimal-app minimal-app.service
t portablectl detach --now --clean minimal-app minimal-app.service
t portablectl attach -q --now --enable minimal-app minimal-app.service
t portablectl detach -q --now --enable --clean minimal-app minimal-app.service
t portablectl attach --now --no-reload --copy=symlink minimal-app minimal-app.service
t portablectl detach --now minimal-app nomatch
t portablectl detach --now minimal-app
t portablectl detach --clean prefixapp

note "reattach"
t portablectl reattach minimal-app
t portablectl attach minimal-app minimal-app.service minimal-app-etc
t portablectl reattach minimal-app minimal-app.service minimal-app-etc
t portablectl reattach --now --enable minimal-app minimal-app.service
t portablectl reattach --now --no-block --profile=strict /var/lib/portables/minimal-app minimal-app.service minimal-app.socket
t portablectl reattach -q --now minimal-app minimal-app.service
t portablectl reattach --extension=$EXT minimal-app minimal-app.service
t portablectl reattach --force --copy=copy minimal-app minimal-app.service
t portablectl detach --now --enable minimal-app minimal-app.service minimal-app.socket
t portablectl reattach no-such-image

note "transports"
t portablectl -M .host list
t portablectl --machine=.host is-attached minimal-app
t portablectl -H no.such.host.invalid inspect /var/lib/ctltest/img/minimal-app
t portablectl -H no.such.host.invalid list
t portablectl --host=root@no.such.host.invalid:2222 -q is-attached minimal-app
t portablectl -M no-such-machine list
t env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR portablectl --user list
t env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR portablectl --user -H x list
t portablectl --no-ask-password list

# Last: our daemon does not manage images yet (issue 10), and what this changes shows in later lists.
note "read-only, remove, set-limit"
cp -a /var/lib/ctltest/img/minimal-app $P/rmme
head -c 4096 /dev/zero > $P/rmme2.raw
t portablectl read-only size512.raw
t portablectl list
t portablectl read-only size512.raw no
t portablectl read-only size512.raw yes
t portablectl read-only size512.raw off
t portablectl read-only no-such-image
t portablectl read-only /var/lib/ctltest/img/minimal-app
t portablectl attach rmme
t portablectl remove rmme
t portablectl detach rmme
t portablectl remove rmme rmme2.raw
t portablectl remove no-such-image
t portablectl remove rmme
t portablectl set-limit 1G
t portablectl set-limit minimal-app 1G
t portablectl set-limit minimal-app 1.5M
t portablectl set-limit minimal-app 10X
t portablectl set-limit minimal-app -
t portablectl set-limit none
t portablectl set-limit infinity
t portablectl set-limit ''
t portablectl set-limit no-such-image 1K
t portablectl list

