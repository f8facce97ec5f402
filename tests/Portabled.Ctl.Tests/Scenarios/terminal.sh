#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# portablectl on a (pseudo-)terminal: colours by SYSTEMD_COLORS/NO_COLOR/TERM, the list table
# squeezed to the terminal width with ellipses, underlined headers, hyperlinks, coloured log
# levels and "\r\n" line ends, the pager (SYSTEMD_PAGER, PAGER, SYSTEMD_LESS, secure mode, none
# when stdout is no terminal), the locale's glyphs. Compared like everything.sh.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMG=${1:?image dir}
[[ -n ${SANDBOX_STATE:-} ]] || { echo "terminal.sh: run inside scripts/sandbox" >&2; exit 2; }
PTY="python3 $(dirname "${BASH_SOURCE[0]}")/ptyrun.py"
export LANG=C.UTF-8 TZ=UTC TERM=xterm-256color
unset LC_ALL LC_CTYPE COLUMNS SYSTEMD_COLORS NO_COLOR COLORTERM SYSTEMD_URLIFY SYSTEMD_PAGER PAGER SYSTEMD_LESS SYSTEMD_PAGERSECURE
# p COLS FDS [VAR=VALUE...] -- portablectl ARGS...   (one terminal run, shown as a transcript entry)
p() {
  local cols=$1 fds=$2; shift 2; local env=()
  while [[ $1 != -- ]]; do env+=("$1"); shift; done; shift
  printf '\n$ [pty %s cols, fds %s] %s%s\n' "$cols" "$fds" "${env[*]:+${env[*]} }" "$*"
  env "${env[@]}" $PTY "$cols" 200 "$fds" "$@"
}
P=/var/lib/portables
cp -a "$IMG/minimal-app" $P/
head -c 1048576 /dev/zero > $P/zeros.raw; chmod 0444 $P/zeros.raw
mkdir -p $P/an-image-with-a-name-long-enough-to-squeeze-the-table
printf 'ID=x\nVERSION_ID=1\n' > $P/an-image-with-a-name-long-enough-to-squeeze-the-table/os-release
: > $SANDBOX_STATE/minimal-app
printf '#!/bin/sh\necho "pager $*: LESS=$LESS LESSCHARSET=$LESSCHARSET LESSSECURE=${LESSSECURE-unset}"\nexec cat\n' > $SANDBOX_STATE/pager
chmod +x $SANDBOX_STATE/pager
portablectl attach -q --no-reload minimal-app minimal-app.service

note "colours"
for e in "" SYSTEMD_COLORS=16 SYSTEMD_COLORS=256 SYSTEMD_COLORS=24bit COLORTERM=truecolor SYSTEMD_COLORS=1 SYSTEMD_COLORS=0 SYSTEMD_COLORS=bogus NO_COLOR=1 TERM=dumb TERM= TERM=linux "TERM=dumb SYSTEMD_COLORS=1" SYSTEMD_URLIFY=0; do
  p 80 012 $e SYSTEMD_PAGER=cat -- portablectl --help
  p 80 012 $e -- portablectl list
  p 80 012 $e -- portablectl --no-pager inspect --cat minimal-app minimal-app.service
done
(cd $SANDBOX_STATE && p 80 012 -- portablectl --no-pager inspect minimal-app)
p 80 012 -- portablectl --bogus
p 80 012 -- portablectl attach /nonexistent
p 80 012 -- portablectl inspect no-such-image
p 80 012 -- portablectl detach --no-reload minimal-app
p 80 012 -- portablectl attach --no-reload minimal-app minimal-app.service

note "which descriptors are terminals"
for fds in 012 01 02 12 0 1 2; do
  p 80 $fds -- portablectl list
  p 80 $fds -- portablectl attach /nonexistent
done

note "widths"
for c in 200 100 80 72 60 40 20; do
  p $c 012 -- portablectl list
  p $c 012 LANG=C -- portablectl list
  p $c 012 SYSTEMD_PAGER=cat -- portablectl --help
done
p 80 012 COLUMNS=50 -- portablectl list
p 50 012 COLUMNS=120 -- portablectl list
p 80 012 -- portablectl --no-legend list

note "pager"
S=$SANDBOX_STATE/pager
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 "SYSTEMD_PAGER=$S -x --y" -- portablectl --help
p 80 012 SYSTEMD_PAGERSECURE=0 PAGER=$S -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 PAGER=$S SYSTEMD_PAGER= -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 PAGER=$S SYSTEMD_PAGER=cat -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S SYSTEMD_LESS=abc LESS=zzz -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S SYSTEMD_LESSCHARSET=latin1 LANG=C -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=1 SYSTEMD_PAGER=$S -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=yes SYSTEMD_PAGER=$S -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGER=$S -- portablectl inspect --cat minimal-app minimal-app.service
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl --no-pager inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl inspect --no-pager minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl --help --no-pager
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl --no-pager --help
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl list
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S TERM=dumb -- portablectl inspect minimal-app
p 80 02 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl inspect minimal-app
p 80 01 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl inspect minimal-app
p 80 12 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=$S -- portablectl inspect minimal-app
p 80 012 SYSTEMD_PAGERSECURE=0 SYSTEMD_PAGER=/nonexistent -- portablectl inspect minimal-app
p 80 012 -- portablectl inspect minimal-app
p 80 012 PAGER=$S -- portablectl inspect minimal-app

note "glyphs"
p 80 012 LANG=C -- portablectl detach --no-reload minimal-app
p 80 012 LANG=C -- portablectl attach --no-reload minimal-app minimal-app.service
