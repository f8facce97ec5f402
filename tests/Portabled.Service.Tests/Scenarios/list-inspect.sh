#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Read-only transcript: the real portablectl (and busctl) against whichever daemon owns
# org.freedesktop.portable1 on the system bus: list, inspect (names, paths, prefixes, extensions,
# --cat), is-attached, properties, errors. Run inside scripts/sandbox; IMGDIR from make-sample-images.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
P=org.freedesktop.portable1
M=/org/freedesktop/portable1
t portablectl list
t portablectl --no-legend list
cp -a "$IMG/minimal-app" "$IMG/nixapp" "$IMG/broken" /var/lib/portables/
mkdir -p /etc/portables && ln -s "$IMG/app0" /etc/portables/app0
t portablectl list
t portablectl --no-pager --no-legend list
t portablectl inspect minimal-app
t portablectl inspect --cat minimal-app
t portablectl inspect "$IMG/minimal-app"
t portablectl inspect minimal-app minimal-app-etc
t portablectl inspect minimal-app minimal-app minimalist
t portablectl inspect minimal-app -
t portablectl inspect --cat minimal-app minimal-app-etc
t portablectl inspect --extension="$IMG/app0" minimal-app minimal-app app0
t portablectl inspect --cat --extension="$IMG/app0" minimal-app app0
t portablectl inspect nixapp
t portablectl inspect --cat nixapp
t portablectl is-attached minimal-app
t portablectl is-attached --extension="$IMG/app0" minimal-app
t portablectl is-attached does-not-exist
t portablectl inspect does-not-exist
t portablectl inspect broken
t portablectl inspect "$IMG/broken"
t portablectl inspect minimal-app nothing-matches
t portablectl inspect /var/lib/portables/../portables/minimal-app
t portablectl inspect /etc/hostname
t portablectl inspect /does/not/exist
t busctl --system get-property $P $M $P.Manager PoolPath
t busctl --system get-property $P $M $P.Manager PoolUsage
t busctl --system get-property $P $M $P.Manager PoolLimit
t busctl --system get-property $P $M $P.Manager Profiles
t busctl --system call $P $M $P.Manager GetImage s minimal-app
t busctl --system call $P $M $P.Manager GetImage s /var/lib/portables/minimal-app
t busctl --system call $P $M $P.Manager GetImage s nope
t busctl --system call $P $M $P.Manager GetImageOSRelease s minimal-app
t busctl --system call $P $M $P.Manager GetImageOSRelease s relative/path
t busctl --system call $P $M $P.Manager GetImageOSRelease s /var/lib//portables/minimal-app
t busctl --system call $P $M $P.Manager GetImageState s relative/path
t busctl --system call $P $M $P.Manager GetImageStateWithExtensions sast minimal-app 0 1
t busctl --system call $P $M $P.Manager GetImageMetadataWithExtensions sasast minimal-app 0 0 8
t busctl --system get-property $P $M/image/minimal_2dapp $P.Image Name
t busctl --system get-property $P $M/image/minimal_2dapp $P.Image Path
t busctl --system get-property $P $M/image/minimal_2dapp $P.Image Type
t busctl --system get-property $P $M/image/minimal_2dapp $P.Image ReadOnly
t busctl --system get-property $P $M/image/minimal_2dapp $P.Image ModificationTimestamp
t busctl --system get-property $P $M/image/minimal_2dapp $P.Image Usage
t busctl --system get-property $P $M/image/minimal_2dapp $P.Image LimitExclusive
t busctl --system call $P $M/image/minimal_2dapp $P.Image GetState
t busctl --system call $P $M/image/nope $P.Image GetState
t busctl --system --xml-interface introspect $P $M
t busctl --system --xml-interface introspect $P $M/image/minimal_2dapp
t busctl --system tree $P
