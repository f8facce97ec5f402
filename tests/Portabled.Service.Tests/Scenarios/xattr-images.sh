#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Extended attributes transcript: the real portablectl against whichever daemon owns
# org.freedesktop.portable1, with a stand-in org.freedesktop.systemd1 (scripts/sandbox
# --stub-systemd1=…). Extensions whose only release file is extension-release.other (so named after
# another image) carry user.extension-release.strict, set with setfattr on the tree the image is
# built from: naked squashfs, ext4 and erofs, GPT, and a directory, with false, then squashfs and
# directory ones with other values (case, blanks, NUL bytes, true, none), and ones with two release
# files marked false (ambiguous). Each is attached (no --force) to a squashfs root and detached;
# inspect --extension shows which release was read.
# The trees live in /var/tmp (user.* xattrs need a file system that takes them, which the sandbox's
# tmpfs-backed overlays may not), removed again at the end. The real daemon needs loop devices.
# Compare transcripts after Transcript.Normalize and Transcript.SortChanges.
STATE_CONTENTS=portable-conf
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
W=/var/tmp/portabled-xattr-scenario
rm -rf "$W"; mkdir -p "$W/trees" "$W/img"
trap 'rm -rf "$W"' EXIT
D=$W/img T=$W/trees
# tree DIR NAME [STRICT-HEX]: an extension with extension-release.other (strict value as hex, or none),
# or, without STRICT-HEX and for NAME minsq, the root image.
tree() {
  mkdir -p "$1/usr/lib/systemd/system" "$1/etc"
  if [[ $2 == minsq ]]; then
    printf 'NAME="Minimal Portable"\nID=minimal\nVERSION_ID=1\n' > "$1/usr/lib/os-release"
    ln -s ../usr/lib/os-release "$1/etc/os-release"
  else
    mkdir -p "$1/usr/lib/extension-release.d"
    printf 'ID=minimal\nVERSION_ID=1\nSYSEXT_IMAGE_ID=%s\n' "$2" > "$1/usr/lib/extension-release.d/extension-release.other"
    [[ -z ${3:-} ]] || setfattr -n user.extension-release.strict -v "$3" "$1/usr/lib/extension-release.d/extension-release.other"
  fi
  printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/%s\n' "$2" "$2" > "$1/usr/lib/systemd/system/$2.service"
}
sq() { mksquashfs "$1" "$2" -noappend -quiet -all-root -no-progress >/dev/null; }
ext4() { truncate -s 8M "$2"; mkfs.ext4 -q -F -E root_owner=0:0 -d "$1" "$2"; }
gpt() { # OUT FS
  local s=$(( ($(stat -c %s "$2") + 511) / 512 ))
  truncate -s $(( (2048 + s + 2048 + 34) * 512 )) "$1"
  printf 'label: gpt\nstart=2048, size=%d, type=0fc63daf-8483-4772-8e79-3d69d8477de4, name="p"\n' $s | sfdisk -q "$1" >/dev/null
  dd if="$2" of="$1" bs=512 seek=2048 conv=notrunc status=none
}
FALSE=0x66616c7365
tree $T/minsq minsq; sq $T/minsq $D/minsq.raw
tree $T/xsq xsq $FALSE; sq $T/xsq $D/xsq.raw
tree $T/xext4 xext4 $FALSE; ext4 $T/xext4 $D/xext4.raw
tree $T/xerofs xerofs $FALSE; mkfs.erofs --quiet -T0 $D/xerofs.raw $T/xerofs >/dev/null
tree $T/xgpt xgpt $FALSE; sq $T/xgpt $T/xgpt.fs; gpt $D/xgpt.raw $T/xgpt.fs
tree $T/xdir xdir $FALSE; cp -a $T/xdir $D/xdir
# Other values: FALSE, 0, off, " false", "false\n", true, none, "false\0", "false\0x".
values=(0x46414c5345 0x30 0x6f6666 0x2066616c7365 0x66616c73650a 0x74727565 "" 0x66616c736500 0x66616c73650078)
for i in "${!values[@]}"; do
  tree $T/v$i v$i "${values[$i]}"; sq $T/v$i $D/v$i.raw; cp -a $T/v$i $D/vd$i
  mv $D/vd$i/usr/lib/systemd/system/v$i.service $D/vd$i/usr/lib/systemd/system/vd$i.service
done

# Two release files marked false: ambiguous.
tree $T/amb amb $FALSE; cp $T/amb/usr/lib/extension-release.d/extension-release.other $T/amb/usr/lib/extension-release.d/extension-release.second
setfattr -n user.extension-release.strict -v $FALSE $T/amb/usr/lib/extension-release.d/extension-release.second
sq $T/amb $D/amb.raw; cp -a $T/amb $D/ambd; mv $D/ambd/usr/lib/systemd/system/amb.service $D/ambd/usr/lib/systemd/system/ambd.service

for e in xsq.raw xext4.raw xerofs.raw xgpt.raw xdir; do
  n=${e%.raw}
  t portablectl attach --no-reload --extension=$D/$e $D/minsq.raw minsq $n
  state "attach minsq + $e"
  t portablectl detach --no-reload --extension=$D/$e $D/minsq.raw
done
t portablectl inspect --extension=$D/xsq.raw $D/minsq.raw minsq xsq
t portablectl inspect --extension=$D/xext4.raw --extension=$D/xdir $D/minsq.raw minsq xext4 xdir
for i in "${!values[@]}"; do
  t portablectl attach --no-reload --extension=$D/v$i.raw $D/minsq.raw minsq v$i
  t portablectl detach --no-reload --extension=$D/v$i.raw $D/minsq.raw
  t portablectl attach --no-reload --extension=$D/vd$i $D/minsq.raw minsq vd$i
  t portablectl detach --no-reload --extension=$D/vd$i $D/minsq.raw
done
t portablectl attach --no-reload --extension=$D/amb.raw $D/minsq.raw minsq amb
t portablectl attach --no-reload --extension=$D/ambd $D/minsq.raw minsq ambd
t portablectl inspect --extension=$D/ambd $D/minsq.raw minsq ambd
state "final"
