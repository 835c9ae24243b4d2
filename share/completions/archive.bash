# bash completion for archive(1): commands, global options anywhere, each command's options
# and the values of the options that take a fixed list.

_archive_commands="init add show find edit close reopen grade follow-up reassign file verify lend return loans hold unhold report purge import export log backup check config"
_archive_global_opts="--db --config --format --today --operator --unmask --bom --color -q --quiet --wait -h --help --version"
# Global options that take a value.
_archive_global_args="--db --config --format --today --operator --color --wait"

_archive_command_opts() {
    case $1 in
        add)
            echo "--name --kind --gender --mobile --phone --email --company --credit-code
                  --address --region --owner --source --birthday --id-number --level --grade
                  --set --no --note --duplicate-ok" ;;
        find) echo "--grade --owner --kind --status --region --source --limit" ;;
        edit) echo "--set --reason --duplicate-ok" ;;
        close) echo "--reason" ;;
        reopen) echo "--reason --duplicate-ok" ;;
        follow-up)
            echo "--channel --type --note --outcome --grade --next --at --severity --owner
                  --within --exit-code" ;;
        grade) echo "--reason --auto --dry-run" ;;
        reassign) echo "--from --lapsed --owner --to --pool --seed --dry-run" ;;
        file) echo "--title --kind --pages --location --level --filed --path" ;;
        hold | unhold) echo "--reason" ;;
        lend) echo "--to --dept --purpose --days --approved-by --external --letter --renew" ;;
        return) echo "--material --received-by --condition" ;;
        loans) echo "--open --overdue --exit-code" ;;
        log) echo "--from --to" ;;
        report)
            echo "--list --from --to --by --scheme --grade --owner --kind --status --region
                  --source --limit" ;;
        purge) echo "--dry-run --yes --approved-by --no-backup --on-request --reason" ;;
        import)
            echo "--sheet --map --encoding --delimiter --on-duplicate --reject-file
                  --skip-invalid --again --dry-run --progress --revert --force" ;;
        export) echo "--grade --owner --kind --status --region --source --limit --output -o" ;;
    esac
}

# Does option $1 take a value (in command $2)?
_archive_takes_arg() {
    case " $_archive_global_args " in *" $1 "*) return 0 ;; esac
    case $1 in
        --duplicate-ok | --exit-code | --external | --open | --overdue | --auto | --dry-run | --list | --lapsed | --pool | --yes | --no-backup | --on-request | --skip-invalid | --again | --progress | --force | --unmask | --bom | -q | --quiet | -h | --help | --version) return 1 ;;
        --*) [[ -n $2 && " $(_archive_command_opts "$2") " == *[[:space:]]"$1"[[:space:]]* ]] ;;
        *) return 1 ;;
    esac
}

# Completions of the value of option $1, matching $2.
_archive_values() {
    local opt=$1 cur=$2 words=""
    case $opt in
        --db | --config)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0 ;;
        --format) words="table csv md json" ;;
        --color) words="auto always never" ;;
        --kind)
            if [[ $3 == file ]]; then  # the shipped material kinds
                words="contract policy claim order invoice correspondence complaint id_copy photo other"
            else
                words="individual company government special partner"
            fi ;;
        --path | --map | --reject-file | --output | -o)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0 ;;
        --gender) words="male female" ;;
        --source) words="walk-in phone referral exhibition web cold-call other" ;;
        --level) words="public internal confidential secret" ;;
        --status) words="active closed destroyed" ;;
        --channel) words="phone visit store sms wechat email other" ;;
        --type) words="sales service complaint greeting" ;;
        --severity) words="normal major" ;;
        --by) words="day week month quarter" ;;
        --on-duplicate) words="skip update fail" ;;
        --delimiter) words="comma semicolon tab" ;;
        --encoding) words="UTF-8 GB18030 GBK UTF-16LE BIG5" ;;
        --scheme) words="value intent" ;;
        --set)
            words="name= kind= gender= birthday= id_number= company= credit_code= title=
                   legal_rep= mobile= phone= fax= email= website= address= postcode= owner=
                   source= level= note="
            compopt -o nospace 2>/dev/null ;;
        *) return 0 ;;  # a free value: nothing to offer
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

_archive() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # The command: the first word that is neither an option nor an option's value.
    local command="" i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word == "=" ]]; then
            ((i++))  # --opt = value, as split by COMP_WORDBREAKS
            continue
        fi
        if [[ $word == -* ]]; then
            [[ $word == *=* ]] && continue
            [[ ${COMP_WORDS[i + 1]} == "=" ]] && continue
            _archive_takes_arg "$word" "$command" && ((i++))
            continue
        fi
        if [[ -z $command && " $_archive_commands " == *" $word "* ]]; then
            command=$word
        fi
    done

    # --opt=value in one word, or split into "--opt" "=" "value" by COMP_WORDBREAKS.
    if [[ $cur == --*=* ]]; then
        local opt=${cur%%=*}
        _archive_values "$opt" "${cur#*=}"
        return 0
    fi
    if [[ $cur == "=" && $prev == --* ]]; then
        _archive_values "$prev" ""
        return 0
    fi
    if [[ $prev == "=" ]] && ((COMP_CWORD >= 2)); then
        _archive_values "${COMP_WORDS[COMP_CWORD - 2]}" "$cur"
        return 0
    fi

    if [[ $prev == -* ]] && _archive_takes_arg "$prev" "$command"; then
        _archive_values "$prev" "$cur" "$command"
        return 0
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$_archive_global_opts $(_archive_command_opts "$command")" -- "$cur"))
        return 0
    fi
    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$_archive_commands" -- "$cur"))
    elif [[ $command == follow-up && $prev == follow-up ]]; then
        COMPREPLY=($(compgen -W "due birthdays close messages" -- "$cur"))
    elif [[ $command == report && $prev == report ]]; then
        COMPREPLY=($(compgen -W "summary activity pipeline sources complaints loans retention
                                destruction owners birthdays" -- "$cur"))
    fi
    return 0
}

complete -F _archive archive
