# SPDX-License-Identifier: LGPL-2.1-or-later
# bash completion for portablectl (Portabled): verbs, options, option values (profiles and copy
# modes asked from portablectl itself, JSON modes, hosts, containers), image names from the daemon
# and image paths.

__portablectl_words_of() { # the space-separated words of what CMD prints, one per line
    "$@" 2>/dev/null
}

__portablectl_images() {
    __portablectl_words_of portablectl --no-legend --no-pager list | while read -r name _; do
        printf '%s\n' "$name"
    done
}

__portablectl_machines() {
    { machinectl list --no-legend --no-pager 2>/dev/null | while read -r m _; do printf '%s\n' "$m"; done; echo .host; } | sort -u
}

_portablectl() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local verbs='list inspect attach detach reattach is-attached read-only remove set-limit'
    local flags='-h --help --version --no-pager --no-legend --no-ask-password -q --quiet --runtime --no-reload
                 --cat --enable --now --no-block --force --clean --user --system'
    local valued='-H --host -M --machine -p --profile --copy --extension --json'
    local i w verb='' nargs=0 value_of=''

    # With COMP_WORDBREAKS containing '=', "--copy=" arrives as "--copy" "=" "": complete the value.
    if [[ $cur == = ]]; then
        value_of=$prev; cur=''
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        value_of=${COMP_WORDS[COMP_CWORD-2]}
    elif [[ $cur == --*=* ]]; then
        value_of=${cur%%=*}; cur=${cur#*=}
    elif [[ " $valued " == *" $prev "* ]]; then
        value_of=$prev
    fi

    if [[ -n $value_of ]]; then
        case $value_of in
            -p|--profile) COMPREPLY=($(compgen -W "$(__portablectl_words_of portablectl --no-legend --profile=help) help" -- "$cur")) ;;
            --copy)       COMPREPLY=($(compgen -W "$(__portablectl_words_of portablectl --copy=help) help" -- "$cur")) ;;
            --json)       COMPREPLY=($(compgen -W 'short pretty off help' -- "$cur")) ;;
            -H|--host)    COMPREPLY=($(compgen -A hostname -- "$cur")) ;;
            -M|--machine) COMPREPLY=($(compgen -W "$(__portablectl_machines)" -- "$cur")) ;;
            --extension)  COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null ;;
        esac
        return 0
    fi

    # Find the verb and how many of its arguments come before the word being completed.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ " $valued " == *" $w "* ]]; then
            ((i++)); continue
        fi
        [[ $w == = || ${COMP_WORDS[i-1]} == = ]] && continue
        [[ $w == -* ]] && continue
        if [[ -z $verb ]]; then verb=$w; else ((nargs++)); fi
    done

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags $valued --host= --machine= --profile= --copy= --extension= --json=" -- "$cur"))
        [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
        return 0
    fi

    case $verb in
        '')
            COMPREPLY=($(compgen -W "$verbs" -- "$cur")) ;;
        inspect|attach|detach|reattach|is-attached|read-only|remove|set-limit)
            if [[ $verb == read-only && $nargs -eq 1 ]]; then
                COMPREPLY=($(compgen -W 'yes no' -- "$cur"))
            elif [[ $nargs -eq 0 || $verb == remove ]]; then
                COMPREPLY=($(compgen -W "$(__portablectl_images)" -- "$cur") $(compgen -f -- "$cur"))
                compopt -o filenames 2>/dev/null
            fi ;;
    esac
    return 0
}

complete -F _portablectl portablectl
