#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Image management transcript: portablectl remove/read-only/set-limit (and busctl for the
# Image object and the edge cases) as root against whichever daemon owns org.freedesktop.portable1,
# on the pool's own file system (the sandbox's overlay; pass a btrfs mount to run it on btrfs):
# directory, raw and block-device images, vendor, hidden and symlinked images, sidecar files,
# attached images, immutable subtrees and symlinks pointing out of a tree being removed.
# Arguments: SAMPLES-DIR. Prints the resulting files after each step that writes.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
S=$1
P=org.freedesktop.portable1 M=/org/freedesktop/portable1
# Only inside scripts/sandbox or the reference harness (private mount namespace): /usr/lib/systemd
# gets a throw-away overlay here, since 262 removes NAME.nspawn in /usr/lib/systemd/nspawn too.
scratch=${SANDBOX_STATE:-${PEER_STATE:?must run in a private mount namespace (scripts/sandbox)}}
mkdir -p $scratch/usrlib/upper $scratch/usrlib/work
mount -t overlay scenario-usrlib -o lowerdir=/usr/lib/systemd,upperdir=$scratch/usrlib/upper,workdir=$scratch/usrlib/work /usr/lib/systemd
V=/var/lib/portables O=/var/lib/portabled-test
files() { # every file management touches, with type, mode and the immutable bit
  printf '\n==== files: %s\n' "$*"
  local r depth
  for r in $V $O /etc/systemd/nspawn /run/systemd/nspawn /usr/lib/systemd/nspawn /usr/local/lib/portables $V/d2 $O/trees; do
    [[ -e $r ]] || { echo "## $r (absent)"; continue; }
    echo "## $r"
    depth=1; [[ $r == $V/d2 ]] && depth=9
    find "$r" -mindepth 1 -maxdepth $depth -printf '%y %m %P' \( -type l -printf ' -> %l' -o -true \) -printf '\n' | sort -k3 | sed 's|/dev/loop[0-9]*|/dev/loopN|'
  done
  for d in $V/*; do [[ -d $d && ! -L $d ]] && lsattr -d "$d" 2>/dev/null | sed "s|$V/||"; done
}
sidecars() { # NAME DIR: every sidecar name upstream knows, beside the image and in the nspawn dirs
  for s in .nspawn .oci-config .roothash .roothash.p7s .usrhash .usrhash.p7s .verity; do echo "$1$s" > "$2/$1$s"; done
  mkdir -p /etc/systemd/nspawn /run/systemd/nspawn /usr/lib/systemd/nspawn
  for d in /etc/systemd/nspawn /run/systemd/nspawn /usr/lib/systemd/nspawn; do echo "$1" > "$d/$1.nspawn"; done
}
mkdir -p $O/trees /usr/local/lib/portables
cp -a "$S/minimal-app" $V/d1
cp -a "$S/minimal-app" $V/d2
mkdir -p $V/d2/var/frozen/deep && echo keep > $V/d2/var/frozen/deep/file && chattr +i $V/d2/var/frozen
echo outside > $O/outside-file && mkdir -p $O/outside-dir && echo inside > $O/outside-dir/f
ln -s $O/outside-file $V/d2/link-to-file && ln -s $O/outside-dir $V/d2/link-to-dir && ln -s ../../../../.. $V/d2/link-up
mkfifo $V/d2/fifo
cp -a "$S/minimal-app" $V/d3 && sidecars d3 $V
cp "$S/minimal-app.raw" $V/r1.raw && sidecars r1 $V
cp "$S/minimal-app.raw" $V/r2.raw && chmod 640 $V/r2.raw
cp -a "$S/minimal-app" $O/trees/linked && ln -s $O/trees/linked $V/lnk
cp -a "$S/minimal-app" $V/.hid
cp -a "$S/minimal-app" /usr/local/lib/portables/ven
truncate -s 4M $O/blk.img && loop=$(losetup -f --show $O/blk.img) && ln -s "$loop" $V/blk
files "initial"
t portablectl list
for i in d1 r1 r2 blk .hid ven lnk; do
  t portablectl read-only $i
  t busctl --system get-property $P $M/image/$(busctl --system call $P $M $P.Manager GetImage s $i 2>/dev/null | sed 's|.*/image/||;s|"||g') $P.Image ReadOnly
done
t blockdev --getro $V/blk
files "read-only"
t portablectl list
for i in d1 r1 r2 blk; do t portablectl read-only $i no; done
t blockdev --getro $V/blk
t busctl --system call $P $M/image/d1 $P.Image MarkReadOnly b true
t busctl --system call $P $M/image/d1 $P.Image MarkReadOnly b false
files "writable again"
t portablectl set-limit d1 1G
t portablectl set-limit r1 1G
t portablectl set-limit ven 1G
t portablectl set-limit 1G
t busctl --system call $P $M $P.Manager SetImageLimit st d1 9223372036854775808
t busctl --system call $P $M $P.Manager SetPoolLimit t 18446744073709551615
t busctl --system get-property $P $M $P.Manager PoolLimit
if [[ $(stat -f -c %T $V) == btrfs ]]; then
  # On btrfs the usage is the quota's, which changes with every commit: settle it, then compare.
  btrfs filesystem sync $V && btrfs quota rescan -w $V >/dev/null
  t bash -c "[[ \$(busctl --system get-property $P $M $P.Manager PoolUsage | cut -d' ' -f2) == \$(btrfs qgroup show -re --raw $V | awk '\$1 == \"0/5\" {print \$2}') ]] && echo pool usage agrees"
else
  t busctl --system get-property $P $M $P.Manager PoolUsage
fi
cp -a "$S/minimal-app" $V/minimal-app
t portablectl attach --no-reload --copy=symlink minimal-app
t portablectl remove minimal-app
t busctl --system call $P $M $P.Manager RemoveImage s $V/minimal-app
t portablectl detach --no-reload minimal-app
t portablectl remove minimal-app
t portablectl remove d1
t portablectl remove d1
t portablectl remove d2
t cat $O/outside-file $O/outside-dir/f
t portablectl remove d3 r1
files "removed d1 d2 d3 r1"
t busctl --system call $P $M/image/r2 $P.Image Remove
t portablectl remove lnk
t portablectl remove ven
t portablectl remove .hid
t portablectl remove nosuchimage
t portablectl remove $V/nosuch
t portablectl remove blk
files "final"
t portablectl list
# /dev is the host's: the freed loop device may be gone or reused by anyone once detached.
losetup -d "$loop"; rm -f $V/blk
