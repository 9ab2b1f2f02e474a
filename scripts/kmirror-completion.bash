# bash completion for kmirror(1): commands, scenarios and options.
# Installed by `make install` as share/bash-completion/completions/kmirror.
# Scenarios come from `kmirror scenarios`; the option lists are checked
# against `kmirror --help` by tests/check_cli.c.

_kmirror()
{
	local cur prev cmd
	local commands="trace viz scenarios pkt net help"
	local common="--seed --peer --pcap --pcap-host --type --icmp --nonblock --drop --help"
	local trace_opts="--format --no-steps --no-diffs --quiet"
	local viz_opts="--replay --save --export-seq --export-pcap --theme --ascii --layout --step --headless --keys --attrs --term --bench --keys-table"

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}

	case $prev in
	--peer)		COMPREPLY=($(compgen -W "mirror script linux" -- "$cur")); return ;;
	--pcap-host)	COMPREPLY=($(compgen -W "client server" -- "$cur")); return ;;
	--format)	COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	--type)		COMPREPLY=($(compgen -W "stream dgram raw" -- "$cur")); return ;;
	--icmp)		COMPREPLY=($(compgen -W "port-unreach host-unreach net-unreach" -- "$cur")); return ;;
	--drop)		COMPREPLY=($(compgen -W "syn synack ack" -- "$cur")); return ;;
	--theme)	COMPREPLY=($(compgen -W "colour cb mono" -- "$cur")); return ;;
	--layout)	COMPREPLY=($(compgen -W "normal present" -- "$cur")); return ;;
	--pcap|--save|--replay|--export-seq|--export-pcap)
			COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--seed|--step|--headless|--keys|--term)
			return ;;
	esac

	case $cmd in
	trace|viz)
		if [[ $cur == -* ]]; then
			local opts="$common $trace_opts"
			[ "$cmd" = viz ] && opts="$common $viz_opts"
			COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		else
			local scenarios
			scenarios=$("${COMP_WORDS[0]}" scenarios 2>/dev/null | awk '{ print $1 }')
			COMPREPLY=($(compgen -W "$scenarios" -- "$cur"))
		fi
		;;
	pkt)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--tolerance_usecs= --verbose --local_ip= --remote_ip= --gateway_ip= --seed= --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -X '!*.pkt' -- "$cur") $(compgen -d -- "$cur"))
		fi
		;;
	net)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "up down status bench --help" -- "$cur"))
		elif [ "${COMP_WORDS[2]}" = bench ]; then
			COMPREPLY=($(compgen -W "--count --only" -- "$cur"))
		fi
		;;
	help)
		[ "$COMP_CWORD" -eq 2 ] &&
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		;;
	esac
}
complete -F _kmirror kmirror
