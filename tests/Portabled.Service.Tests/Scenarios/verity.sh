#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Verity transcript: the real portablectl against whichever daemon owns org.freedesktop.portable1
# (scripts/sandbox), on DDIs built here with mksquashfs, veritysetup, sfdisk and openssl: signed
# (root-verity-sig, certificate trusted in /etc/verity.d), unsigned (root hash from the partition
# UUIDs), a naked squashfs with .verity/.roothash sidecars, and the corrupt ones: a flipped bit in the
# data, in the hash tree, in the superblock, partition UUIDs that are not the root hash, a signature
# by an untrusted key, a truncated hash partition, an empty signature partition.
STATE_CONTENTS=portable-conf
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=/var/lib/portabled-test/verity T=/var/lib/portabled-test/verity-build
mkdir -p $D $T /etc/verity.d
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=trusted -keyout $T/key.pem -out /etc/verity.d/trusted.crt 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=untrusted -keyout $T/other.pem -out $T/other.crt 2>/dev/null
# tree NAME: os-release and NAME.service, plus incompressible data so the tree has two levels.
tree() {
  local r=$T/$1; mkdir -p $r/usr/lib/systemd/system $r/etc
  printf 'NAME="Minimal Portable"\nID=minimal\nVERSION_ID=1\nPRETTY_NAME="Minimal Portable 1 (%s)"\n' "$1" > $r/usr/lib/os-release
  ln -s ../usr/lib/os-release $r/etc/os-release
  printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/%s\n' "$1" "$1" > $r/usr/lib/systemd/system/$1.service
  head -c 1048576 /dev/urandom > $r/usr/lib/payload.bin
  mksquashfs $r $T/$1.fs -noappend -quiet -all-root -no-progress -noI -noD -noF >/dev/null
  truncate -s %4096 $T/$1.fs
  veritysetup format $T/$1.fs $T/$1.hash | sed -n 's/^Root hash:[[:space:]]*//p' > $T/$1.roothash
}
uuid() { local h=$1; echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"; }
sign() { printf %s "$1" > $T/rh.txt; openssl smime -sign -nocerts -noattr -binary -in $T/rh.txt -inkey "$2" -signer "$3" -outform der | base64 -w0; }
# ddi NAME OUT [sig-json|-] [data-uuid verity-uuid]: GPT root + root-verity (+ root-verity-sig).
ddi() {
  local rh=$(cat $T/$1.roothash) fs=$T/$1.fs hash=$T/$1.hash out=$2 sig=${3--}
  local u1=${4:-$(uuid ${rh:0:32})} u2=${5:-$(uuid ${rh:32:32})}
  local s1=$(( $(stat -c %s $fs) / 512 )) s2=$(( ($(stat -c %s $hash) + 511) / 512 ))
  local p2=$(( (2048 + s1 + 2047) / 2048 * 2048 )); local p3=$(( (p2 + s2 + 2047) / 2048 * 2048 ))
  truncate -s $(( (p3 + 2048 + 2048) * 512 )) $out
  { echo "label: gpt"
    echo "start=2048, size=$s1, type=4f68bce3-e8cd-4db1-96e7-fbcaf984b709, uuid=$u1, name=root"
    echo "start=$p2, size=$s2, type=2c7357ed-ebd2-46d9-aec1-23d437ec2bf5, uuid=$u2, name=root-verity"
    [[ $sig != - ]] && echo "start=$p3, size=2048, type=41092b05-9fc8-4523-994f-2def0408b176, name=root-verity-sig"
  } | sfdisk -q $out >/dev/null
  dd if=$fs of=$out bs=512 seek=2048 conv=notrunc status=none
  dd if=$hash of=$out bs=512 seek=$p2 conv=notrunc status=none
  [[ $sig != - ]] && printf %s "$sig" | dd of=$out bs=512 seek=$p3 conv=notrunc status=none
  echo $p2 > $out.hashstart
}
flip() { printf "\\x$(printf %02x $(( $(od -An -tu1 -j$2 -N1 $1) ^ 1 )))" | dd of=$1 bs=1 seek=$2 conv=notrunc status=none; }
json() { printf '{"rootHash":"%s","signature":"%s"}' "$1" "$2"; }

for n in signed unsigned naked baddata badhash badsb uuids untrusted truncated emptysig; do tree $n; done
ddi signed $D/signed.raw "$(json $(cat $T/signed.roothash) $(sign $(cat $T/signed.roothash) $T/key.pem /etc/verity.d/trusted.crt))"
ddi unsigned $D/unsigned.raw
cp $T/naked.fs $D/naked.raw; cp $T/naked.hash $D/naked.verity; cp $T/naked.roothash $D/naked.roothash
ddi baddata $D/baddata.raw; flip $D/baddata.raw $(( 2048 * 512 + $(grep -obUa "ExecStart=/usr/bin/baddata" $T/baddata.fs | cut -d: -f1) + 2 ))
ddi badhash $D/badhash.raw; flip $D/badhash.raw $(( $(cat $D/badhash.raw.hashstart) * 512 + 4096 + 4096 + 9 ))
ddi badsb $D/badsb.raw; flip $D/badsb.raw $(( $(cat $D/badsb.raw.hashstart) * 512 + 90 ))
ddi uuids $D/uuids.raw - 11111111-2222-3333-4444-555555555555 66666666-7777-8888-9999-000000000000
ddi untrusted $D/untrusted.raw "$(json $(cat $T/untrusted.roothash) $(sign $(cat $T/untrusted.roothash) $T/other.pem $T/other.crt))"
head -c $(( $(stat -c %s $T/truncated.hash) - 4096 )) $T/truncated.hash > $T/t.hash && mv $T/t.hash $T/truncated.hash
ddi truncated $D/truncated.raw
ddi emptysig $D/emptysig.raw ""
rm -f $D/*.hashstart

for i in signed unsigned naked baddata badhash badsb uuids untrusted truncated emptysig; do
  t portablectl inspect $D/$i.raw
  t portablectl attach --no-reload $D/$i.raw
  state "attach $i"
  t portablectl detach --no-reload $D/$i.raw
done
