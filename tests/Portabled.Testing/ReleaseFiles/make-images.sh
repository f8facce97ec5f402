#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds one portable image per case of release-files.txt (beside this script):
#   make-images.sh OUTDIR [--raw]
# OUTDIR/NAME/ is a directory image: /usr/lib/os-release holds the case's bytes, /etc/os-release links to
# it, /usr/lib/systemd/system/NAME.service is a unit. With --raw, also OUTDIR/NAME.raw, a naked squashfs
# of the same tree (owned by root). Prints the case names in table order.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:?output directory} RAW=${2:-}
mkdir -p "$OUT"
while IFS=$'\t' read -r name content || [[ -n $name ]]; do
  [[ -z $name || $name == \#* ]] && continue
  # {N*C}: N copies of C.
  while [[ $content =~ \{([0-9]+)\*(.)\} ]]; do
    printf -v run '%*s' "${BASH_REMATCH[1]}" ''
    content=${content/"${BASH_REMATCH[0]}"/${run// /${BASH_REMATCH[2]}}}
  done
  img=$OUT/$name
  rm -rf "$img" && mkdir -p "$img/usr/lib/systemd/system" "$img/etc"
  printf '%b' "$content" >"$img/usr/lib/os-release"
  ln -s ../usr/lib/os-release "$img/etc/os-release"
  printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/bin/true\n' "$name" >"$img/usr/lib/systemd/system/$name.service"
  if [[ $RAW == --raw ]]; then
    mksquashfs "$img" "$OUT/$name.raw" -noappend -quiet -no-progress -all-root
  fi
  echo "$name"
done <"$HERE/release-files.txt"
