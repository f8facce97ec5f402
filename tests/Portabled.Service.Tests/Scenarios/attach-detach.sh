#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Attach/detach/reattach transcript: the real portablectl (and busctl) against whichever daemon owns
# org.freedesktop.portable1, with a stand-in org.freedesktop.systemd1 (scripts/sandbox
# --stub-systemd1=…): copy modes, --runtime, profiles, extensions, explicit prefixes, --force,
# --now/--enable, is-attached/list, error cases, and after each step a dump of every file written.
# IMGDIR from make-sample-images. Upstream processes units in hash order: compare transcripts after
# Transcript.SortChanges. 262-only commands are behind PEER_VERSION (default: portablectl's version).
# No output here depends on the stub beyond "StartUnit marks a unit active, StopUnit inactive".
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
PEER_VERSION=${PEER_VERSION:-$(portablectl --version | awk 'NR == 1 { print $2 }')}
# The stand-in systemd1 as a switch: a unit "runs" from StartUnit until StopUnit (replies not shown).
unit_start() { busctl --system call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StartUnit ss "$1" replace >/dev/null; }
unit_stop() { busctl --system call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StopUnit ss "$1" replace >/dev/null; }
P=org.freedesktop.portable1
M=/org/freedesktop/portable1

cp -a "$IMG/minimal-app" "$IMG/nixapp" /var/lib/portables/
# Outside the search path, at a fixed place: extension, and a second copy attached by path.
mkdir -p /var/lib/portabled-test
cp -a "$IMG/app0" "$IMG/minimal-app" /var/lib/portabled-test/
EXT=/var/lib/portabled-test/app0
mkdir -p /etc/systemd/portable/profile/custom
printf '[Service]\nPrivateTmp=yes\nEnvironment=CUSTOM_PROFILE=1\n' > /etc/systemd/portable/profile/custom/service.conf

t portablectl list
state "initial"

# --- default copy mode (auto), default profile, the whole image (five units)
t portablectl attach minimal-app
state "attach minimal-app"
t portablectl is-attached minimal-app
t portablectl is-attached --extension=$EXT minimal-app
t portablectl is-attached nixapp
t portablectl list
t portablectl inspect minimal-app
# (a second "attach minimal-app" would name whichever unit comes first in upstream's hash order)
t portablectl attach minimal-app minimal-app-etc
t portablectl attach --runtime minimal-app minimal-app-etc
t busctl --system call $P $M $P.Manager GetImageState s minimal-app
# one unit active (the stand-in systemd1 says so): state and detach
unit_start minimal-app.service
t portablectl is-attached minimal-app
t portablectl list
t portablectl detach minimal-app
state "detach refused while active"
unit_stop minimal-app.service
t portablectl detach minimal-app
state "detach minimal-app"
t portablectl detach minimal-app
t portablectl is-attached minimal-app

# --- an active unit refuses attach
unit_start minimal-app-etc.service
t portablectl attach minimal-app minimal-app-etc
unit_stop minimal-app-etc.service
state "attach refused while active"

# --- copy modes
t portablectl attach --copy=copy minimal-app minimal-app-etc
state "attach --copy=copy"
t portablectl detach minimal-app
t portablectl attach --copy=symlink minimal-app minimal-app-etc minimal-app.socket
state "attach --copy=symlink"
t portablectl detach minimal-app
t portablectl attach --copy=auto minimal-app minimal-app-etc
state "attach --copy=auto"
t portablectl detach minimal-app
t portablectl attach --copy=nonsense minimal-app
if [[ $PEER_VERSION == 262 ]]; then
  t portablectl attach --copy=mixed /var/lib/portabled-test/minimal-app minimal-app-etc
  state "attach --copy=mixed (262)"
  t portablectl detach /var/lib/portabled-test/minimal-app
  state "detach after --copy=mixed (262)"
fi

# --- runtime
t portablectl attach --runtime minimal-app minimal-app-etc
state "attach --runtime"
t portablectl is-attached minimal-app
t portablectl list
t portablectl attach minimal-app minimal-app-etc
t portablectl detach minimal-app
t portablectl detach --runtime minimal-app
state "detach --runtime"
t portablectl attach --runtime --copy=symlink --profile=trusted minimal-app minimal-app-etc
state "attach --runtime --copy=symlink --profile=trusted"
t portablectl detach --runtime minimal-app

# --- profiles
for p in strict trusted nonetwork custom nosuch; do
  t portablectl attach --profile=$p minimal-app minimal-app-etc
  state "attach --profile=$p"
  t portablectl detach minimal-app
done
t portablectl attach --copy=copy --profile=custom minimal-app minimal-app-etc
state "attach --copy=copy --profile=custom"
t portablectl detach minimal-app
t portablectl attach --profile=../etc minimal-app
t busctl --system get-property $P $M $P.Manager Profiles

# --- explicit prefixes, by path, all units refused
t portablectl attach minimal-app minimal-app-etc minimal-app.target
state "attach with prefixes minimal-app-etc minimal-app.target"
t portablectl detach minimal-app
t portablectl attach minimal-app minimalist
t portablectl attach minimal-app nothing-matches
t portablectl attach minimal-app -
t portablectl attach /var/lib/portabled-test/minimal-app minimal-app-etc
state "attach by path outside the search path"
t portablectl is-attached /var/lib/portabled-test/minimal-app
t portablectl is-attached minimal-app
t portablectl detach /var/lib/portabled-test/minimal-app
state "detach by path"
t portablectl attach nixapp
state "attach nixapp"
t portablectl detach nixapp
t portablectl attach does-not-exist
t portablectl attach "$IMG/broken"
t portablectl detach does-not-exist

# --- extensions
t portablectl attach --extension=$EXT minimal-app app0
state "attach --extension app0"
t portablectl is-attached --extension=$EXT minimal-app
t portablectl is-attached minimal-app
t portablectl detach minimal-app
t portablectl detach --extension=$EXT minimal-app
state "detach --extension"
t portablectl attach --extension=$EXT minimal-app minimal-app-etc app0
state "attach --extension, units from both"
t portablectl detach --extension=$EXT minimal-app
t portablectl attach --extension=$EXT minimal-app nixapp

# --- --force
t portablectl attach minimal-app minimal-app-etc
t portablectl attach --force --profile=strict minimal-app minimal-app-etc
state "attach --force over an attached image"
unit_start minimal-app-etc.service
t portablectl detach minimal-app
t portablectl detach --force minimal-app
state "detach --force while active"
t portablectl attach minimal-app minimal-app-etc
t portablectl attach --force minimal-app minimal-app-etc
state "attach --force while active"
unit_stop minimal-app-etc.service
t portablectl detach minimal-app

# --- --now / --enable (the stand-in systemd1 starts nothing for real)
t portablectl attach --now --enable minimal-app
state "attach --now --enable"
t portablectl is-attached minimal-app
t portablectl list
t portablectl detach --now --enable minimal-app
state "detach --now --enable"
t portablectl is-attached minimal-app
t portablectl attach --now --runtime minimal-app minimal-app-etc
t portablectl is-attached minimal-app
t portablectl detach --now --runtime minimal-app minimal-app-etc
t portablectl attach --no-reload --no-block --now minimal-app minimal-app-etc
t portablectl detach --now minimal-app minimal-app-etc

# --- reattach
t portablectl reattach minimal-app
t portablectl attach minimal-app minimal-app-etc
if [[ $PEER_VERSION == 262 ]]; then
  # 252 resolves the name to its own /etc/portables link, detaches, then fails with ENOENT;
  # Portabled reattaches (docs/differences.md), as 262 does.
  t portablectl reattach minimal-app minimal-app-etc
  state "reattach by name (262)"
fi
t portablectl is-attached minimal-app
t portablectl reattach /var/lib/portables/minimal-app minimal-app-etc
state "reattach by path"
t portablectl reattach --profile=strict --copy=copy /var/lib/portables/minimal-app minimal-app-etc
state "reattach by path, other profile and copy mode"
t portablectl reattach --now /var/lib/portables/minimal-app minimal-app-etc
t portablectl is-attached minimal-app
unit_stop minimal-app-etc.service
t portablectl reattach /var/lib/portables/minimal-app minimal-app-etc minimal-app.service
state "reattach with one more unit"
t portablectl reattach /var/lib/portables/minimal-app minimal-app.service
state "reattach with one unit less"
t portablectl detach minimal-app
t portablectl attach --runtime minimal-app minimal-app-etc
t portablectl reattach --runtime /var/lib/portables/minimal-app minimal-app-etc
state "reattach --runtime"
t portablectl detach --runtime minimal-app
t portablectl attach --extension=$EXT minimal-app app0
t portablectl reattach --extension=$EXT /var/lib/portables/minimal-app app0
state "reattach --extension"
t portablectl detach --extension=$EXT minimal-app

# --- D-Bus directly: change lists, bad copy mode, bad flags
t busctl --system call $P $M $P.Manager AttachImage sassbs minimal-app 1 minimal-app-etc default false ""
t busctl --system call $P $M $P.Manager GetImageState s minimal-app
t busctl --system call $P $M $P.Manager ReattachImage sassbs /var/lib/portables/minimal-app 1 minimal-app-etc strict false copy
t busctl --system call $P $M $P.Manager DetachImage sb minimal-app false
t busctl --system call $P $M $P.Manager AttachImage sassbs /var/lib/portables/minimal-app 1 minimal-app-etc default true symlink
t busctl --system call $P $M $P.Manager DetachImage sb /var/lib/portables/minimal-app true
t busctl --system call $P $M $P.Manager AttachImageWithExtensions sasassst minimal-app 1 $EXT 1 app0 default "" 0
# (the reply of a detach with extensions lists the image links in upstream's set order)
t portablectl detach --extension=$EXT minimal-app
t busctl --system call $P $M/image/minimal_2dapp $P.Image Attach assbs 1 minimal-app-etc default false ""
t busctl --system call $P $M/image/minimal_2dapp $P.Image GetState
t busctl --system call $P $M/image/minimal_2dapp $P.Image Detach b false
t busctl --system call $P $M $P.Manager AttachImage sassbs minimal-app 1 minimal-app-etc default false bogus
t busctl --system call $P $M $P.Manager AttachImage sassbs minimal-app 1 minimal-app-etc default false mixed
t busctl --system call $P $M $P.Manager AttachImageWithExtensions sasassst minimal-app 0 1 minimal-app-etc default "" 8
t busctl --system call $P $M $P.Manager AttachImageWithExtensions sasassst minimal-app 0 1 minimal-app-etc default bogus 8
t busctl --system call $P $M $P.Manager DetachImageWithExtensions sast minimal-app 0 8
t busctl --system call $P $M $P.Manager ReattachImageWithExtensions sasassst minimal-app 0 1 minimal-app-etc default "" 16
t busctl --system call $P $M $P.Manager AttachImage sassbs minimal-app 1 minimal-app-etc "" false ""
state "AttachImage with an empty profile"
t busctl --system call $P $M $P.Manager DetachImage sb minimal-app false
t busctl --system call $P $M $P.Manager AttachImage sassbs nope 1 nope default false ""
t busctl --system call $P $M $P.Manager AttachImage sassbs relative/path 1 x default false ""
t busctl --system call $P $M $P.Manager DetachImage sb nope false
t busctl --system call $P $M $P.Manager ReattachImage sassbs minimal-app 1 minimal-app-etc default false ""
state "final"
t portablectl list
