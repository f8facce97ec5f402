#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Signed verity DDIs made by the real systemd-repart of 262 (erofs and squashfs roots, root-verity,
# root-verity-sig), through whichever portablectl is first on PATH and whichever daemon owns
# org.freedesktop.portable1 (scripts/sandbox): inspect, attach (the pinned RootImagePolicy=), list,
# detach, and attach --runtime of one, reattach with the other (same unit prefix), detach.
#   verity-repart.sh DIR   DIR holds app_erofs.raw, app_squashfs.raw and trusted.crt (their signer)
STATE_CONTENTS=portable-conf
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
S=$1 D=/var/lib/portabled-test/repart
mkdir -p $D /etc/verity.d
cp "$S/trusted.crt" /etc/verity.d/trusted.crt
cp "$S"/app_erofs.raw "$S"/app_squashfs.raw $D/
for fs in erofs squashfs; do
  t portablectl inspect $D/app_$fs.raw
  t portablectl inspect --cat $D/app_$fs.raw
  t portablectl attach --no-reload $D/app_$fs.raw
  state "attach $fs"
  t portablectl list
  t portablectl is-attached $D/app_$fs.raw
  t portablectl detach --no-reload $D/app_$fs.raw
  state "detach $fs"
done
t portablectl attach --no-reload --runtime $D/app_squashfs.raw
state "attach --runtime squashfs"
t portablectl reattach --no-reload --runtime $D/app_erofs.raw
state "reattach --runtime erofs"
t portablectl detach --no-reload --runtime $D/app_erofs.raw
state "detach --runtime"
