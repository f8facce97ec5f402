#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Authorization transcript: the real polkitd on the sandbox's bus (rules: daemon may inspect, bin
# may attach, sys may manage), and busctl as root, as those users and as nobody, against whichever
# daemon owns org.freedesktop.portable1. Arguments: SAMPLES-DIR POLICY-FILE.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
S=$1 POLICY=$2
P=org.freedesktop.portable1 M=/org/freedesktop/portable1
# Works in scripts/sandbox and in the reference harness (peer-ns.sh) alike.
scratch=${SANDBOX_STATE:-${PEER_STATE:?}}
pk=$scratch/polkit
mkdir -p $pk/actions $pk/rules $pk/empty
socket=${DBUS_SYSTEM_BUS_ADDRESS#unix:path=}; socket=${socket%%,*}
chmod 755 $pk "$scratch" "$(dirname "$socket")"   # the users below must reach the bus socket
cp "$POLICY" $pk/actions/
for rule in inspect-images:daemon attach-images:bin manage-images:sys; do
  cat > $pk/rules/${rule%%:*}.rules <<JS
polkit.addRule(function(action, subject) {
    if (action.id == "org.freedesktop.portable1.${rule%%:*}" && subject.user == "${rule#*:}") return polkit.Result.YES;
});
JS
done
mount --bind $pk/actions /usr/share/polkit-1/actions
mount --bind $pk/rules /etc/polkit-1/rules.d
mount --bind $pk/empty /usr/share/polkit-1/rules.d
/usr/lib/polkit-1/polkitd --no-debug >/dev/null 2>&1 &
for _ in $(seq 500); do busctl --system status org.freedesktop.PolicyKit1 >/dev/null 2>&1 && break; sleep 0.02; done
cp -a "$S/minimal-app" "$S/app0" /var/lib/portables/
mkdir -p /usr/local/lib/portables && cp -a "$S/minimal-app" /usr/local/lib/portables/vendorapp
as() { local u=$1; shift; setpriv --reuid=$u --regid=$(id -g $u) --clear-groups "$@"; }
mgr() { busctl --system call $P $M $P.Manager "$@"; }
for u in root nobody daemon bin sys; do
  t as $u busctl --system call $P $M $P.Manager GetImageOSRelease s /var/lib/portables/minimal-app
  t as $u busctl --system call $P $M $P.Manager GetImageMetadata sas minimal-app 0
  t as $u busctl --system call $P $M $P.Manager GetImageState s minimal-app
  t as $u busctl --system --allow-interactive-authorization=no call $P $M $P.Manager DetachImage sb minimal-app false
  t as $u busctl --system call $P $M $P.Manager DetachImage sb /var/lib/portables/minimal-app true
  t as $u busctl --system call $P $M/image/minimal_2dapp $P.Image Detach b false
  t as $u busctl --system call $P $M $P.Manager SetPoolLimit t 1000
  t as $u busctl --system call $P $M $P.Manager SetImageLimit st nosuchimage 1000
  t as $u busctl --system call $P $M $P.Manager MarkImageReadOnly sb minimal-app false
  t as $u busctl --system call $P $M/image/vendorapp $P.Image Remove
done
t as nobody busctl --system call $P $M $P.Manager SetImageLimit st minimal-app 18446744073709551614
t as nobody dbus-send --system --print-reply --dest=$P $M $P.Manager.RemoveImage string:minimal-app
t as nobody busctl --system call $P $M $P.Manager RemoveImage s /no/such/image
t as root busctl --system call $P $M $P.Manager RemoveImage s /no/such/image
state "final"
