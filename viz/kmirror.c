// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror — the command line.
 *
 *   kmirror trace SCENARIO [options]   print the step trace of a scenario
 *   kmirror viz [SCENARIO] [options]   step through it in the visualizer
 *   kmirror net up|down|status         the TUN test namespace (root)
 *   kmirror scenarios                  list the scenarios
 *
 * Options shared by the subcommands: --seed N, --peer mirror|linux|script,
 * --pcap FILE, --format text|json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

void km_cli_usage(FILE *f)
{
	fputs("usage: kmirror <command> [args] [options]\n"
	      "\n"
	      "commands:\n"
	      "  trace SCENARIO     print the step trace of a scenario (see `scenarios`)\n"
	      "  viz [SCENARIO]     step through a scenario in the visualizer\n"
	      "  net up|down|status the TUN test namespace for real peers (needs root)\n"
	      "  scenarios          list the scenarios\n"
	      "\n"
	      "options:\n"
	      "  --seed N           secrets and randomness (default 1): same seed, same trace\n"
	      "  --peer KIND        mirror (default), linux (real kernel over TUN), script\n"
	      "  --pcap FILE        also write the packets to a pcap file\n"
	      "  --format FMT       text (default) or json (JSON Lines, docs/trace-json.md)\n"
	      "  --type TYPE        trace socket: stream (default), dgram or raw\n"
	      "  --icmp KIND        trace connect-icmp: port-unreach, host-unreach, net-unreach\n"
	      "  --nonblock         connect scenarios: non-blocking connect, then poll()\n"
	      "  --drop WHAT        handshake: lose the first syn, synack or ack on the link\n"
	      "  --no-steps         only the call graph, no step sentences\n"
	      "  --no-diffs         no field changes\n"
	      "  --quiet            only the result lines\n", f);
}

static const char *take_value(int *i, int argc, char **argv, const char *opt)
{
	const char *a = argv[*i];
	size_t n = strlen(opt);

	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 >= argc) {
		fprintf(stderr, "kmirror: %s needs a value\n", opt);
		return NULL;
	}
	return argv[++*i];
}

int km_cli_parse(int argc, char **argv, struct km_cli_opts *o)
{
	static const char *const with_value[] = {
		"--seed", "--peer", "--pcap", "--format", "--type", "--icmp",
		"--drop",
	};
	int i, out = 1;

	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->peer = "mirror";
	o->format = "text";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = NULL;
		size_t k;
		int matched = 0;

		for (k = 0; k < sizeof(with_value) / sizeof(with_value[0]); k++) {
			size_t n = strlen(with_value[k]);

			if (!strncmp(a, with_value[k], n) && (a[n] == 0 || a[n] == '=')) {
				v = take_value(&i, argc, argv, with_value[k]);
				if (!v)
					return -1;
				matched = (int)k + 1;
				break;
			}
		}
		switch (matched) {
		case 1: {
			char *end;

			o->seed = strtoull(v, &end, 0);
			if (*end || !*v) {
				char sh[KM_ARG_SHOW];

				fprintf(stderr, "kmirror: --seed wants a number, not '%s'\n",
					km_arg_show(v, sh, sizeof(sh)));
				return -1;
			}
			break;
		}
		case 2:
			if (strcmp(v, "mirror") && strcmp(v, "linux") && strcmp(v, "script")) {
				fprintf(stderr, "kmirror: --peer is mirror, linux or script\n");
				return -1;
			}
			o->peer = v;
			break;
		case 3:
			o->pcap = v;
			break;
		case 4:
			if (strcmp(v, "text") && strcmp(v, "json")) {
				fprintf(stderr, "kmirror: --format is text or json\n");
				return -1;
			}
			o->format = v;
			break;
		case 5:
			o->type = v;
			break;
		case 6:
			o->icmp = v;
			break;
		case 7:
			if (strcmp(v, "syn") && strcmp(v, "synack") && strcmp(v, "ack")) {
				fprintf(stderr, "kmirror: --drop is syn, synack or ack\n");
				return -1;
			}
			o->drop = v;
			break;
		default:
			if (!strcmp(a, "--no-steps"))
				o->no_steps = true;
			else if (!strcmp(a, "--no-diffs"))
				o->no_diffs = true;
			else if (!strcmp(a, "--quiet"))
				o->quiet = true;
			else if (!strcmp(a, "--nonblock"))
				o->nonblock = true;
			else if (a[0] == '-' && a[1] == '-') {
				char sh[KM_ARG_SHOW];

				fprintf(stderr, "kmirror: unknown option %s\n",
					km_arg_show(a, sh, sizeof(sh)));
				return -1;
			} else {
				argv[out++] = argv[i];
			}
		}
	}
	argv[out] = NULL;
	return out;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "trace", cmd_trace },
		{ "viz", cmd_viz },
		{ "net", cmd_net },
		{ "scenarios", cmd_scenarios },
	};
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		km_cli_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	{
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: unknown command '%s'\n\n",
			km_arg_show(argv[1], sh, sizeof(sh)));
	}
	km_cli_usage(stderr);
	return 2;
}
