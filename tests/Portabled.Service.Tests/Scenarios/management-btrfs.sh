#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Image management on btrfs: /var/lib/portables becomes a file-backed btrfs (mkfs.btrfs, loop mount in
# the sandbox's private namespace, quotas on), the generic scenario (management.sh) runs on it, then
# subvolume images: type and read-only flag, quota accounting (Usage/Limit/PoolUsage/PoolLimit compared
# with btrfs's own numbers), SetImageLimit/SetPoolLimit through qgroups, removal of a subvolume with
# nested subvolumes and of a read-only one, sidecars. Arguments: SAMPLES-DIR.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HERE=$(dirname "${BASH_SOURCE[0]}")
S=$1
P=org.freedesktop.portable1 M=/org/freedesktop/portable1 V=/var/lib/portables
scratch=${SANDBOX_STATE:-${PEER_STATE:?must run in a private mount namespace (scripts/sandbox)}}
truncate -s 512M $scratch/pool.img
mkfs.btrfs -q $scratch/pool.img
mount -o loop $scratch/pool.img $V
chmod 0700 $V
btrfs quota enable $V
"$HERE/management.sh" "$S"

prop() { busctl --system get-property $P $M/image/$1 $P.Image "${@:2}"; }
qgroups() { # qgroup ids, limits and relations (the byte counts depend on allocation, not on us)
  btrfs qgroup show -pcre --raw $V | awk 'NR > 2 { print $1, $4, $5, $6, $7 }'
}
usage_agrees() { # IMAGE: the Usage/Limit properties against btrfs's numbers for the image's subtree qgroup
  local id q
  id=$(btrfs inspect-internal rootid $V/$1)
  q=$(btrfs qgroup show -pcre --raw $V | awk -v id="$id" '$1 ~ "/"id"$" { print }' | sort -t/ -k1,1nr | head -1)
  local usage limit
  usage=$(prop $1 Usage | awk '{print $2}') limit=$(prop $1 Limit | awk '{print $2}')
  echo "qgroup $(echo "$q" | awk '{print $1}'): usage $([[ $usage == $(echo "$q" | awk '{print $2}') ]] && echo agrees || echo "differs ($usage vs $q)")," \
    "limit $([[ $limit == 18446744073709551615 && $(echo "$q" | awk '{print $4}') == none ]] || [[ $limit == $(echo "$q" | awk '{print $4}') ]] && echo agrees || echo "differs ($limit vs $q)")"
}
btrfs subvolume create -q $V/sv1 2>/dev/null || btrfs subvolume create $V/sv1 >/dev/null
cp -a "$S/minimal-app/." $V/sv1/
for s in .nspawn .roothash .verity .usrhash; do echo x > $V/sv1$s; done
btrfs subvolume create $V/sv2 >/dev/null && cp -a "$S/minimal-app/." $V/sv2/
btrfs subvolume create $V/sv2/inner >/dev/null && mkdir -p $V/sv2/var/deep && btrfs subvolume create $V/sv2/var/deep/nested >/dev/null
echo data > $V/sv2/inner/file && echo more > $V/sv2/var/deep/nested/file
btrfs subvolume create $V/sv3 >/dev/null && cp -a "$S/minimal-app/." $V/sv3/ && btrfs property set -ts $V/sv3 ro true
# Data written by cp is accounted only once its transaction commits (up to 30 s later): commit first,
# or the daemon reads a subvolume's usage before or after that commit depending on timing.
btrfs filesystem sync $V >/dev/null
btrfs quota rescan -w $V >/dev/null
btrfs filesystem sync $V >/dev/null
t portablectl list
for i in sv1 sv2 sv3; do t prop $i Type ReadOnly; done
t usage_agrees sv1
t qgroups
t portablectl set-limit sv1 100M
t prop sv1 Limit LimitExclusive
t usage_agrees sv1
t portablectl set-limit sv1 infinity
t prop sv1 Limit
t busctl --system call $P $M/image/sv2 $P.Image SetLimit t 209715200
t qgroups
t portablectl set-limit 1G
t busctl --system call $P $M $P.Manager SetPoolLimit t 1073741824
t busctl --system get-property $P $M $P.Manager PoolLimit
t bash -c "[[ \$(busctl --system get-property $P $M $P.Manager PoolUsage | awk '{print \$2}') == \$(btrfs qgroup show -re --raw $V | awk '\$1 == \"0/5\" {print \$2}') ]] && echo pool usage agrees"
t portablectl read-only sv1
t btrfs property get -ts $V/sv1 ro
t prop sv1 ReadOnly
t portablectl read-only sv1 no
t btrfs property get -ts $V/sv1 ro
t portablectl read-only sv3 no
t portablectl read-only sv3 yes
t portablectl remove sv2
t portablectl remove sv3
t portablectl remove sv1
t btrfs subvolume list $V
t qgroups
t ls -A $V
t portablectl list
umount $V
