#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Raw image transcript: the real portablectl (and busctl) against whichever daemon owns
# org.freedesktop.portable1, with a stand-in org.freedesktop.systemd1 (scripts/sandbox
# --stub-systemd1=…): naked squashfs/ext4/erofs, GPT (DPS root, generic, usr-only, read-only
# attribute, foreign architecture), raw extensions (--force relax), copy modes, --runtime,
# read-only images, properties, and the dissection errors. The images are built here with
# mksquashfs, mkfs.ext4 -d, mkfs.erofs and sfdisk. The real daemon needs loop devices (host /dev).
# Compare transcripts after Transcript.Normalize and Transcript.SortChanges.
STATE_CONTENTS=portable-conf
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# tree DIR NAME [ext RELEASE-NAME]: os-release (or an extension-release) and NAME.service.
tree() {
  mkdir -p "$1/usr/lib/systemd/system" "$1/etc"
  if [[ ${3:-} == ext ]]; then
    mkdir -p "$1/usr/lib/extension-release.d"
    printf 'ID=minimal\nVERSION_ID=1\nSYSEXT_IMAGE_ID=%s\nSYSEXT_IMAGE_VERSION=0.1\n' "$2" > "$1/usr/lib/extension-release.d/extension-release.$4"
  else
    printf 'NAME="Minimal Portable"\nID=minimal\nVERSION_ID=1\nPRETTY_NAME="Minimal Portable 1 (%s)"\n' "$2" > "$1/usr/lib/os-release"
    ln -s ../usr/lib/os-release "$1/etc/os-release"
  fi
  printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/%s\n' "$2" "$2" > "$1/usr/lib/systemd/system/$2.service"
}
sq() { mksquashfs "$1" "$2" -noappend -quiet -all-root -no-progress >/dev/null; }
ext4() { truncate -s 8M "$2"; mkfs.ext4 -q -F -E root_owner=0:0 -d "$1" "$2"; }
gpt() { # OUT FS TYPE [ATTRS]
  local s=$(( ($(stat -c %s "$2") + 511) / 512 ))
  truncate -s $(( (2048 + s + 2048 + 34) * 512 )) "$1"
  printf 'label: gpt\nstart=2048, size=%d, type=%s, name="p"%s\n' $s "$3" "${4:+, attrs=\"$4\"}" | sfdisk -q "$1" >/dev/null
  dd if="$2" of="$1" bs=512 seek=2048 conv=notrunc status=none
}
D=/var/lib/portabled-test/raw T=/var/lib/portabled-test/trees
mkdir -p $D $T
tree $T/minsq minsq; sq $T/minsq $D/minsq.raw
tree $T/minext4 minext4; ext4 $T/minext4 $D/minext4.raw
tree $T/minerofs minerofs; mkfs.erofs --quiet -T0 $D/minerofs.raw $T/minerofs >/dev/null
tree $T/mingpt mingpt; ext4 $T/mingpt $T/mingpt.fs; gpt $D/mingpt.raw $T/mingpt.fs 4f68bce3-e8cd-4db1-96e7-fbcaf984b709
tree $T/mingptsq mingptsq; sq $T/mingptsq $T/mingptsq.fs; gpt $D/mingptsq.raw $T/mingptsq.fs 4f68bce3-e8cd-4db1-96e7-fbcaf984b709
tree $T/minro minro; ext4 $T/minro $T/minro.fs; gpt $D/minro.raw $T/minro.fs 4f68bce3-e8cd-4db1-96e7-fbcaf984b709 60,59
tree $T/mingen mingen; sq $T/mingen $T/mingen.fs; gpt $D/mingen.raw $T/mingen.fs 0fc63daf-8483-4772-8e79-3d69d8477de4
tree $T/minarm minarm; sq $T/minarm $T/minarm.fs; gpt $D/minarm.raw $T/minarm.fs b921b045-1df0-41c3-af44-4c6f280d3fae
tree $T/minusr minusr; sq $T/minusr/usr $T/minusr.fs; gpt $D/minusr.raw $T/minusr.fs 8484680c-9521-48c6-9c11-b0720656f69e
tree $T/minhome minhome; sq $T/minhome $T/minhome.fs; gpt $D/minhome.raw $T/minhome.fs 933ac7e1-2eb4-4f13-b844-0e14e2aef915
tree $T/rawext rawext ext rawext; sq $T/rawext $D/rawext.raw
tree $T/rawext4 rawext4 ext rawext4; ext4 $T/rawext4 $D/rawext4.raw
tree $T/relaxext relaxext ext other; sq $T/relaxext $D/relaxext.raw
tree $T/dirroot dirroot; cp -a $T/dirroot $D/dirroot
head -c 1048576 /dev/zero | tr '\0' 'x' > $D/garbage.raw
: > $D/empty.raw
P=org.freedesktop.portable1
M=/org/freedesktop/portable1

for i in minsq minext4 minerofs mingpt mingptsq minro mingen minarm minusr; do
  t portablectl inspect $D/$i.raw
  t portablectl attach --no-reload $D/$i.raw
  state "attach $i"
  t portablectl is-attached $D/$i.raw
  t portablectl detach --no-reload $D/$i.raw
done
t portablectl inspect --cat $D/minsq.raw
for i in minhome garbage empty rawext; do
  t portablectl inspect $D/$i.raw
  t portablectl attach --no-reload $D/$i.raw
done
t portablectl inspect --extension=$D/rawext.raw $D/minsq.raw minsq rawext
t busctl --system call $P $M $P.Manager GetImageMetadataWithExtensions sasast $D/minsq.raw 1 $D/rawext.raw 0 0
t portablectl attach --no-reload --extension=$D/rawext.raw --extension=$D/rawext4.raw $D/minsq.raw minsq rawext rawext4
state "attach minsq + rawext + rawext4"
t portablectl detach --no-reload --extension=$D/rawext.raw --extension=$D/rawext4.raw $D/minsq.raw
t portablectl attach --no-reload --extension=$D/rawext.raw $D/dirroot dirroot rawext
state "attach dirroot + rawext"
t portablectl detach --no-reload --extension=$D/rawext.raw $D/dirroot
t portablectl attach --no-reload --extension=$D/relaxext.raw $D/minsq.raw minsq relaxext
t portablectl attach --no-reload --force --extension=$D/relaxext.raw $D/minsq.raw minsq relaxext
state "attach --force minsq + relaxext"
t portablectl detach --no-reload --force --extension=$D/relaxext.raw $D/minsq.raw
t portablectl attach --no-reload --runtime --copy=symlink $D/minext4.raw
state "attach --runtime --copy=symlink minext4"
t portablectl detach --no-reload --runtime $D/minext4.raw
t portablectl attach --no-reload --copy=copy $D/mingpt.raw
state "attach --copy=copy mingpt"
t portablectl reattach --no-reload $D/mingpt.raw
t portablectl detach --no-reload $D/mingpt.raw
cp $D/minsq.raw /var/lib/portables/minsq.raw
cp $D/minext4.raw /var/lib/portables/minext4.raw; chmod 444 /var/lib/portables/minext4.raw
t portablectl list
t busctl --system get-property $P $M/image/minext4 $P.Image Type ReadOnly Usage Limit UsageExclusive LimitExclusive
t busctl --system get-property $P $M/image/minsq $P.Image Type ReadOnly Usage Limit
t busctl --system call $P $M $P.Manager GetImageOSRelease s minsq
t busctl --system call $P $M $P.Manager GetImageMetadata sas minsq 0
t portablectl attach --no-reload minsq
state "attach minsq (in /var/lib/portables)"
t portablectl list
t portablectl detach --no-reload minsq
t portablectl attach --no-reload --copy=mixed minext4
state "attach --copy=mixed minext4"
t portablectl detach --no-reload minext4
rm -f /var/lib/portables/minsq.raw /var/lib/portables/minext4.raw
state "final"
