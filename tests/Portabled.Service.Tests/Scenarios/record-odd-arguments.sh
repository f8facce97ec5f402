#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records what a real systemd-portabled answers to the odd-arguments table (odd-arguments.py), as
# the golden file OddArgumentsDifferentialTests compares our daemon with:
#
#   record-odd-arguments.sh --daemon=CMD [--systemd-version=V] OUT
#
#   --daemon=CMD           runs the real daemon; for the 262 golden a systemd 262 systemd-portabled,
#                          e.g. Debian's systemd-container 262.1-1 unpacked with dpkg -x and run through
#                          its own dynamic loader: LIB=DIR/usr/lib/x86_64-linux-gnu;
#                          "$LIB/ld-linux-x86-64.so.2 --library-path $LIB:$LIB/systemd DIR/usr/lib/systemd/systemd-portabled"
#   --systemd-version=V    what the stand-in systemd1 reports as its Version (default 262.1-1)
#   OUT                    e.g. tests/Portabled.Service.Tests/Golden/odd-arguments-262.txt
#
# The table runs twice, each time in a fresh sandbox (scripts/sandbox) with the stand-in systemd1
# (STUB=CMD, default the built tests/Portabled.StubSystemd1) and the sample images; the two runs
# must agree, so a row that depends on timing cannot get into the golden file. Needs root,
# dbus-daemon and python3-dbus.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DAEMON= VERSION=262.1-1
while (($#)); do case $1 in
  --daemon=*) DAEMON=${1#*=};; --systemd-version=*) VERSION=${1#*=};; -*) echo "unknown option $1" >&2; exit 2;; *) break;; esac; shift; done
OUT=${1:?usage: record-odd-arguments.sh --daemon=CMD [--systemd-version=V] OUT}
[[ -n $DAEMON ]] || { echo "--daemon=CMD is required" >&2; exit 2; }
if [[ -z ${STUB:-} ]]; then
  STUB_DLL=$ROOT/tests/Portabled.StubSystemd1/bin/Debug/net10.0/portabled-stub-systemd1.dll
  [[ -f $STUB_DLL ]] || { echo "build the stub first (dotnet build tests/Portabled.StubSystemd1) or set STUB=CMD" >&2; exit 1; }
  STUB="$(command -v dotnet) $STUB_DLL"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$ROOT/scripts/make-sample-images" "$WORK/images" >/dev/null
for run in 1 2; do
  STUB_SYSTEMD_VERSION=$VERSION "$ROOT/scripts/sandbox" --daemon="$DAEMON" --stub-systemd1="$STUB" -- \
    "$HERE/odd-arguments.py" "$WORK/images" > "$WORK/run$run.txt"
done
if ! cmp -s "$WORK/run1.txt" "$WORK/run2.txt"; then
  echo "the two runs differ (timing-dependent rows):" >&2
  diff "$WORK/run1.txt" "$WORK/run2.txt" | cut -c1-300 >&2
  exit 1
fi
cp "$WORK/run1.txt" "$OUT"
echo "recorded $(wc -l < "$OUT") rows into $OUT" >&2
