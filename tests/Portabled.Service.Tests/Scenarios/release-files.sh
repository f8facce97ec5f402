#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The tricky release files of tests/Portabled.Testing/ReleaseFiles through whichever daemon owns
# org.freedesktop.portable1: for each case (directory images made by make-images.sh in IMGDIR, copied
# into /var/lib/portables so that every path is the same on every run), what the real portablectl
# inspect shows (it parses the os-release bytes the daemon returns), what GetImageOSRelease answers
# (the daemon's own parse), and what attach does with it (the daemon checks ID and writes fields of it
# into 20-portable.conf), then detach. Run inside scripts/sandbox with --stub-systemd1.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
P=org.freedesktop.portable1
M=/org/freedesktop/portable1
for dir in $(cd "$IMG" && LC_ALL=C ls -d -- */); do
  name=${dir%/}
  cp -a "$IMG/$name" /var/lib/portables/
  t portablectl inspect "$name"
  t busctl --system call $P $M $P.Manager GetImageOSRelease s "$name"
  t portablectl attach "$name"
  STATE_CONTENTS=portable-conf state "$name attached"
  t portablectl detach "$name"
done
