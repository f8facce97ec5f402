#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Symlinks around unit files, the real portablectl against whichever daemon owns org.freedesktop.portable1
# (scripts/sandbox --stub-systemd1=…, or the peer harness):
#   1. the unit file state behind is-attached/GetImageState: aliases inside an image attached with
#      --copy=symlink are "enabled", a link of the same name or an instance link is not; .wants links,
#      masks, Also=, broken drop-ins and a deleted image, each decided by systemd's install logic;
#   2. unit links an image cannot deliver: loops, long chains, dangling links, directories, a looping
#      unit directory, looping release files (directory and squashfs images) — skipped, the rest used;
#   3. /etc/systemd/system.attached, /run/systemd/system.attached and /etc/portables as an admin's
#      symlinks (followed), dangling, or a file.
# Builds its own images; needs mksquashfs. Outputs differ between 252 and 262 where the releases do
# (chain lengths, links to directories); each is compared with its own peer.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
U=usr/lib/systemd/system
T=/var/lib/portabled-test
svc() { mkdir -p "$(dirname "$1")"; printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/true\n%b' "$2" "${3:-}" > "$1"; }
osr() { mkdir -p "$1/usr/lib"; printf 'ID=test\nVERSION_ID=1\nPRETTY_NAME="Test %s"\n' "${1##*/}" > "$1/usr/lib/os-release"; }
chain() { # $1 = unit dir, $2 = link name, $3 = links in the chain (the named one included), $4 = final target
  local prev=$4 i
  for ((i = 1; i < $3; i++)); do ln -s "$prev" "$1/${2%.service}-hop$i"; prev=${2%.service}-hop$i; done
  ln -s "$prev" "$1/$2"
}
# What the configured directories hold, through their symlinks (lib.sh's state does not follow them).
links() {
  local d
  printf '\n==== links: %s\n' "$*"
  for d in /etc/systemd/system.attached /run/systemd/system.attached /etc/portables /run/portables; do
    if [[ -L $d ]]; then echo "## $d -> $(readlink "$d")"; elif [[ -e $d ]]; then echo "## $d ($(stat -c %F "$d"))"; else echo "## $d (absent)"; continue; fi
    [[ -d $d ]] && find -H "$d" -mindepth 1 -printf '%M %P' \( -type l -printf ' -> %l' -o -true \) -printf '\n' | sort -k2
  done
  return 0
}
P=org.freedesktop.portable1
M=/org/freedesktop/portable1
mkdir -p $T

# --- 1. unit file state
R=/var/lib/portables/aliasapp; osr $R
svc $R/$U/aliasapp.service "App" '[Install]\nWantedBy=multi-user.target\n'
ln -s aliasapp.service $R/$U/aliasapp-alias.service
ln -s aliasapp-alias.service $R/$U/aliasapp-alias2.service
svc $R/$U/aliasapp@.service "Template"
ln -s aliasapp@.service $R/$U/aliasapp@one.service
svc $R/$U/aliasapp-same.service "Same name"
mkdir -p $R/etc/systemd/system; ln -s ../../../$U/aliasapp-same.service $R/etc/systemd/system/aliasapp-same.service
svc $R/$U/aliasapp-also.service "Also only" '[Install]\nAlso=aliasapp.service\n'
t portablectl inspect aliasapp
for args in aliasapp-alias "--runtime aliasapp-alias" aliasapp-alias2 aliasapp-same aliasapp@one aliasapp.service "--runtime aliasapp.service" ""; do
  rt=; [[ $args == --runtime* ]] && rt=--runtime
  t portablectl attach --copy=symlink aliasapp $args
  t portablectl is-attached aliasapp
  [[ -z $args ]] && { state "attach --copy=symlink aliasapp"; t busctl --system call $P $M $P.Manager GetImageState s aliasapp; t portablectl list; }
  t portablectl detach $rt aliasapp
done
t portablectl attach --copy=copy aliasapp
t portablectl is-attached aliasapp
t portablectl detach aliasapp
t portablectl attach --copy=copy aliasapp aliasapp-also
t portablectl is-attached aliasapp
t portablectl detach aliasapp

A=/etc/systemd/system.attached
t portablectl attach aliasapp aliasapp.service
mkdir -p $A/multi-user.target.wants; ln -s $A/aliasapp.service $A/multi-user.target.wants/aliasapp.service
t portablectl is-attached aliasapp
rm -r $A/multi-user.target.wants
mkdir -p /etc/systemd/system/multi-user.target.wants; ln -s $A/aliasapp.service /etc/systemd/system/multi-user.target.wants/aliasapp.service
t portablectl is-attached aliasapp
rm -r /etc/systemd/system/multi-user.target.wants
mkdir -p /run/systemd/system/multi-user.target.wants; ln -s $A/aliasapp.service /run/systemd/system/multi-user.target.wants/aliasapp.service
t portablectl is-attached aliasapp
rm -r /run/systemd/system/multi-user.target.wants
ln -s aliasapp.service /etc/systemd/system/aliasapp-x.service
t portablectl is-attached aliasapp
rm /etc/systemd/system/aliasapp-x.service
ln -s /dev/null /run/systemd/system/aliasapp.service
t portablectl is-attached aliasapp
rm /run/systemd/system/aliasapp.service
mkdir -p /etc/systemd/system/aliasapp.service.d; printf '[Install]\nAlias=aliasapp-y.service\n' > /etc/systemd/system/aliasapp.service.d/x.conf
ln -s $A/aliasapp.service /etc/systemd/system/aliasapp-y.service
t portablectl is-attached aliasapp
rm -r /etc/systemd/system/aliasapp.service.d /etc/systemd/system/aliasapp-y.service
ln -sf /usr/lib/systemd/portable/profile/gone/service.conf $A/aliasapp.service.d/10-profile.conf
t portablectl is-attached aliasapp
rm $A/aliasapp.service.d/10-profile.conf; mkdir $A/aliasapp.service.d/10-profile.conf
t portablectl is-attached aliasapp
rmdir $A/aliasapp.service.d/10-profile.conf
t portablectl detach aliasapp
t portablectl attach --runtime aliasapp aliasapp.service
mkdir -p /run/systemd/system.attached/multi-user.target.wants
ln -s /run/systemd/system.attached/aliasapp.service /run/systemd/system.attached/multi-user.target.wants/aliasapp.service
t portablectl is-attached aliasapp
rm -r /run/systemd/system.attached/multi-user.target.wants
t portablectl detach --runtime aliasapp
cp -a $R $T/aliasgone
t portablectl attach --copy=symlink $T/aliasgone aliasapp.service
rm -rf $T/aliasgone
t portablectl is-attached $T/aliasgone
t portablectl detach $T/aliasgone

# --- 2. unit links that lead nowhere
R=/var/lib/portables/loopapp; osr $R
svc $R/$U/loopapp.service "Good"
ln -s loopapp-self.service $R/$U/loopapp-self.service
ln -s loopapp-pong.service $R/$U/loopapp-ping.service
ln -s loopapp-ping.service $R/$U/loopapp-pong.service
ln -s /$U/loopapp-abs.service $R/$U/loopapp-abs.service
ln -s nowhere.service $R/$U/loopapp-dangling.service
mkdir $R/$U/loopapp-dir.service
# the kernel's limit is 40 links (252 opens units with openat()), 262's own resolution allows 128
for n in 40 41 128 129; do chain $R/$U loopapp-c$n.service $n loopapp.service; done
mkdir -p $R/etc/systemd; ln -s system $R/etc/systemd/system
t portablectl inspect loopapp
t portablectl attach loopapp
t portablectl is-attached loopapp
t portablectl detach loopapp
# a link to a directory: 252 fails where it reads the unit, 262 skips it
ln -s loopapp-dir.service $R/$U/loopapp-dirlink.service
t portablectl inspect loopapp loopapp-dirlink
t portablectl attach loopapp loopapp-dirlink
# (252 leaves the failed unit's .d behind, Portabled removes everything it made: docs/differences.md)
rm -rf /etc/systemd/system.attached
t portablectl attach --copy=symlink loopapp loopapp-dirlink
t portablectl is-attached loopapp
t portablectl detach loopapp
rm $R/$U/loopapp-dirlink.service

mkdir -p $T/src; S=$T/src/loopsq; osr $S
svc $S/$U/loopapp-a.service "Before the link to a directory"
svc $S/$U/loopapp-z.service "After it"
svc $S/etc/systemd/system/loopapp-e.service "In /etc"
ln -s loopapp-self.service $S/$U/loopapp-self.service
chain $S/$U loopapp-c41.service 41 loopapp-a.service
mkdir $S/$U/loopapp-dir.service
mksquashfs $S $T/loopapp.raw -noappend -quiet -all-root >/dev/null
t portablectl inspect $T/loopapp.raw
ln -s loopapp-dir.service $S/$U/loopapp-dirlink.service
mksquashfs $S $T/loopapp.raw -noappend -quiet -all-root >/dev/null
t portablectl inspect $T/loopapp.raw
t portablectl attach $T/loopapp.raw
t portablectl is-attached $T/loopapp.raw
t portablectl detach $T/loopapp.raw

R=/var/lib/portables/looprel; osr $R; svc $R/$U/looprel.service "x"; mkdir -p $R/etc; ln -s os-release $R/etc/os-release
t portablectl inspect looprel
t busctl --system call $P $M $P.Manager GetImageOSRelease s looprel
R=$T/loopext; mkdir -p $R/usr/lib/extension-release.d $R/$U; svc $R/$U/aliasapp-ext.service "Extension"
ln -s extension-release.loopext $R/usr/lib/extension-release.d/extension-release.loopext
t portablectl attach --extension=$R aliasapp aliasapp-ext

# --- 3. the configured directories as symlinks
R=$T/plainapp; osr $R; svc $R/$U/plainapp.service "Plain"
mkdir -p $T/attached $T/portables $T/runattached
ln -s $T/attached /etc/systemd/system.attached
ln -s $T/portables /etc/portables
ln -s $T/runattached /run/systemd/system.attached
t portablectl attach $R
links "attach through symlinked directories"
t portablectl is-attached $R
t portablectl list
t portablectl detach $R
links "detach: the admin's links stay"
t portablectl attach --runtime --copy=symlink $R
links "attach --runtime --copy=symlink"
t portablectl is-attached $R
t portablectl detach --runtime $R
rm /etc/systemd/system.attached; ln -s $T/nowhere /etc/systemd/system.attached
t portablectl attach $R
t portablectl is-attached $R
t portablectl detach $R
rm /etc/systemd/system.attached; touch /etc/systemd/system.attached
t portablectl attach $R
t portablectl is-attached $R
t portablectl detach $R
rm /etc/systemd/system.attached /etc/portables; ln -s $T/nowhere /etc/portables
t portablectl attach $R
links "dangling /etc/portables: no image link"
t portablectl detach $R
links "final"
