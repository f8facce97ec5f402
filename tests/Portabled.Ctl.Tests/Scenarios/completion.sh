#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Shell completion of portablectl: bash's through compgen (COMP_WORDS/COMP_CWORD as bash sets them,
# "=" split off as COMP_WORDBREAKS does), zsh's helpers with its completion system stubbed out.
# Image names and profiles come from the daemon on the sandbox's bus. Compared with
# Golden/completion.txt.
IMG=${1:?image dir}
COMPLETION=${2:?completion dir}
[[ -n ${SANDBOX_STATE:-} ]] || { echo "completion.sh: run inside scripts/sandbox" >&2; exit 2; }
cp -a "$IMG/minimal-app" "$IMG/nixapp" /var/lib/portables/
mkdir -p "$SANDBOX_STATE/cwd/imgdir"; : > "$SANDBOX_STATE/cwd/image.raw"
cd "$SANDBOX_STATE/cwd"
. "$COMPLETION/portablectl.bash"
# c WORD... : complete the last word (possibly empty) of "portablectl WORD..."
c() {
  COMP_WORDS=(portablectl "$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _portablectl
  printf '[bash] portablectl %s<TAB>\n' "$*"
  ((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort | sed 's/^/  /'
}
c ''
c l
c re
c --
c --no-
c -
c --json
c --json =
c --json = p
c --copy =
c --copy ''
c --profile ''
c -p s
c --profile = n
c -M ''
c attach ''
c attach min
c attach im
c --runtime attach --profile strict ''
c inspect minimal-app ''
c read-only minimal-app ''
c remove minimal-app ''
c list ''
c --extension ''
c -q --copy copy detach n

echo
echo "[zsh] helpers"
zsh -f -c '
  _describe() { print -- "  $3: ${(@P)4}"; }
  _files() { print -- "  (files)"; }
  _arguments() { :; }
  source "$1"
  _portablectl_images; _portablectl_profiles; _portablectl_copy_modes; _portablectl_commands
' zsh "$COMPLETION/_portablectl"
echo "[zsh] compinit loads it"
# compinit writes its dump file and renames it over the -d path: give it a scratch file, never /dev/null
# (as root that replaces the host's /dev/null with a regular file).
zdump=$(mktemp -d)
zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -d "$2/zcompdump"; (( $+_comps[portablectl] )) && print -- "  portablectl -> $_comps[portablectl]"' zsh "$COMPLETION" "$zdump"
rm -rf "$zdump"
