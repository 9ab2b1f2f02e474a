// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror — the command line.
 *
 *   kmirror trace SCENARIO [options]   print the step trace of a scenario
 *   kmirror viz [SCENARIO] [options]   step through it in the visualizer
 *   kmirror net up|down|status|bench   the TUN test namespace (root)
 *   kmirror scenarios                  list the scenarios
 *   kmirror help [COMMAND], --help, --version
 *
 * Every option is in km_cli_options[]: the parsers, `--help` and (through
 * tests/check_cli.c) the man page and the bash completion follow it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "../scenarios/packetdrill/pkt.h"

const struct km_cli_opt km_cli_options[] = {
	/* trace and viz */
	{ "--seed", "N", "secrets and randomness, decimal 0..2^64-1 (default 1): "
	  "same seed, same trace", KM_CLI_TRACE | KM_CLI_VIZ },
	{ "--peer", "KIND", "mirror (default: both ends are kmirror hosts), script "
	  "(a scripted peer on a test wire) or linux (this machine's kernel over "
	  "TUN, root)", KM_CLI_TRACE | KM_CLI_VIZ },
	{ "--pcap", "FILE", "also write the packets to FILE (pcapng, one interface "
	  "per host and device; each packet once, as sent)",
	  KM_CLI_TRACE | KM_CLI_VIZ },
	{ "--pcap-host", "HOST", "with --pcap (or --export-pcap): only client's "
	  "or server's device, both directions (tcpdump on that host)",
	  KM_CLI_TRACE | KM_CLI_VIZ },
	/* trace */
	{ "--format", "FMT", "text (default) or json (JSON Lines, "
	  "docs/trace-json.md)", KM_CLI_TRACE },
	{ "--no-steps", NULL, "only the call graph, no step sentences", KM_CLI_TRACE },
	{ "--no-diffs", NULL, "no field changes", KM_CLI_TRACE },
	{ "--quiet", NULL, "only the result lines", KM_CLI_TRACE },
	/* viz (parsed in cmd_viz.c) */
	{ "--replay", "FILE", "step through a saved recording (no scenario runs)",
	  KM_CLI_VIZ },
	{ "--save", "FILE", "record the scenario into FILE and exit", KM_CLI_VIZ },
	{ "--export-seq", "FILE", "write the sequence diagram as text and exit "
	  "(- for standard output)", KM_CLI_VIZ },
	{ "--export-pcap", "FILE", "write the packets as pcapng and exit", KM_CLI_VIZ },
	{ "--theme", "NAME", "colour (default), cb (colour-blind safe) or mono "
	  "(NO_COLOR in the environment selects mono)", KM_CLI_VIZ },
	{ "--ascii", NULL, "ASCII frames and arrows instead of Unicode (screen and "
	  "--export-seq)", KM_CLI_VIZ },
	{ "--layout", "NAME", "normal (default) or present (for a projector)",
	  KM_CLI_VIZ },
	{ "--step", "N", "start at step N (1 to the number of steps)", KM_CLI_VIZ },
	{ "--headless", "RxC", "render without a terminal and print the screen",
	  KM_CLI_VIZ },
	{ "--keys", "SCRIPT", "keys for --headless: characters and <names> "
	  "(docs/student-guide.md)", KM_CLI_VIZ },
	{ "--attrs", NULL, "with --headless: print the attributes too", KM_CLI_VIZ },
	{ "--term", "NAME", "with --headless: terminal type (xterm-256color)",
	  KM_CLI_VIZ },
	{ "--bench", NULL, "time frames at 200x60, bytes per step (make bench)",
	  KM_CLI_VIZ },
	{ "--keys-table", NULL, "print the key table (docs/student-guide.md) and exit",
	  KM_CLI_VIZ },
	/* scenario options: only the scenarios that say so take them */
	{ "--type", "TYPE", "stream (default), dgram or raw",
	  KM_CLI_TRACE | KM_CLI_VIZ, KM_SCN_OPT_TYPE },
	{ "--icmp", "KIND", "port-unreach, host-unreach (default) or net-unreach",
	  KM_CLI_TRACE | KM_CLI_VIZ, KM_SCN_OPT_ICMP },
	{ "--nonblock", NULL, "a non-blocking connect(), then poll()",
	  KM_CLI_TRACE | KM_CLI_VIZ, KM_SCN_OPT_NONBLOCK },
	{ "--drop", "WHAT", "lose the first syn, synack or ack on the link",
	  KM_CLI_TRACE | KM_CLI_VIZ, KM_SCN_OPT_DROP },
	{ NULL }
};

const struct km_cli_opt *km_cli_option(const char *name)
{
	const struct km_cli_opt *p;

	for (p = km_cli_options; p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

const char *km_cli_opt_users(unsigned int scn_opt)
{
	static char buf[256];	/* CLI only, single-threaded */

	return km_scenario_opt_users(scn_opt, buf, sizeof(buf));
}

/* text from column `indent`, broken at spaces before column `width` */
static void wrap(FILE *f, const char *text, int indent, int width)
{
	const char *s = text;

	while (*s) {
		int room = width - indent, n = (int)strlen(s);

		if (n > room) {
			n = room;
			while (n > 0 && s[n] != ' ')
				n--;
			if (n == 0)
				n = room;
		}
		fprintf(f, "%.*s\n", n, s);
		s += n;
		while (*s == ' ')
			s++;
		if (*s)
			fprintf(f, "%*s", indent, "");
	}
}

static void print_opts(FILE *f, unsigned int where, unsigned int only,
		       int scn)
{
	const struct km_cli_opt *p;

	for (p = km_cli_options; p->name; p++) {
		char left[40], text[512];

		if (!(p->where & where) || (only && p->where != only) ||
		    !!p->scn_opt != scn)
			continue;
		snprintf(left, sizeof(left), "%s%s%s", p->name, p->arg ? " " : "",
			 p->arg ? p->arg : "");
		snprintf(text, sizeof(text), "%s%s%s%s", p->help,
			 p->scn_opt ? " [" : "",
			 p->scn_opt ? km_cli_opt_users(p->scn_opt) : "",
			 p->scn_opt ? "]" : "");
		fprintf(f, "  %-20s ", left);
		wrap(f, text, 23, 79);
	}
}

void km_cli_usage_cmd(FILE *f, const char *cmd)
{
	if (!strcmp(cmd, "trace")) {
		fputs("usage: kmirror trace SCENARIO [options]\n\n"
		      "Run SCENARIO and print every mirrored function, step and field\n"
		      "change (text, like ftrace's function_graph), then the results.\n"
		      "\noptions:\n", f);
		print_opts(f, KM_CLI_TRACE, 0, 0);
		fputs("\nscenario options [the scenarios that take them]:\n", f);
		print_opts(f, KM_CLI_TRACE, 0, 1);
		fputs("\nscenarios:\n", f);
		km_scenarios_list(f);
	} else if (!strcmp(cmd, "viz")) {
		fputs("usage: kmirror viz [SCENARIO] [options]     (default scenario: connect)\n"
		      "\nRecord SCENARIO, then step through it like a debugger (? inside\n"
		      "shows the keys).\n\noptions:\n", f);
		print_opts(f, KM_CLI_VIZ, 0, 0);
		fputs("\nscenario options [the scenarios that take them]:\n", f);
		print_opts(f, KM_CLI_VIZ, 0, 1);
		fputs("\nscenarios:\n", f);
		km_scenarios_list(f);
	} else if (!strcmp(cmd, "scenarios")) {
		fputs("usage: kmirror scenarios\n\nList the scenarios, one line each.\n", f);
	} else if (!strcmp(cmd, "pkt")) {
		pkt_usage(f);
	} else {
		km_cli_usage(f);
	}
}

void km_cli_usage(FILE *f)
{
	fputs("usage: kmirror COMMAND [SCENARIO] [options]\n"
	      "       kmirror COMMAND --help\n"
	      "       kmirror --help | --version\n"
	      "\n"
	      "commands:\n"
	      "  trace SCENARIO       print the step trace of a scenario\n"
	      "  viz [SCENARIO]       step through a scenario in the visualizer\n"
	      "  scenarios            list the scenarios\n"
	      "  pkt FILE.pkt...      run packetdrill scripts against the mirror\n"
	      "                       (kmirror pkt --help, docs/packetdrill.md)\n"
	      "  net up|down|status|bench\n"
	      "                       the TUN namespace for --peer linux (root);\n"
	      "                       bench [--count N] [--only WHAT] (kmirror net --help)\n"
	      "  help [COMMAND]       this text, or one command's\n"
	      "\n"
	      "options of trace and viz:\n", f);
	print_opts(f, KM_CLI_TRACE | KM_CLI_VIZ, KM_CLI_TRACE | KM_CLI_VIZ, 0);
	fputs("\noptions of trace:\n", f);
	print_opts(f, KM_CLI_TRACE, KM_CLI_TRACE, 0);
	fputs("\noptions of viz:\n", f);
	print_opts(f, KM_CLI_VIZ, KM_CLI_VIZ, 0);
	fputs("\nscenario options [the scenarios that take them]:\n", f);
	print_opts(f, KM_CLI_TRACE | KM_CLI_VIZ, 0, 1);
	fputs("\nSee kmirror(1), README.md and docs/student-guide.md.\n", f);
}

/* Decimal 0 .. 2^64-1, nothing else (no sign, base prefix or spaces). */
static int parse_u64(const char *v, unsigned long long *out)
{
	unsigned long long n = 0;

	if (!*v)
		return -1;
	for (; *v; v++) {
		unsigned int d = (unsigned int)(*v - '0');

		if (d > 9 || n > (~0ULL - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*out = n;
	return 0;
}

/* v is one of the words of the space-separated list `ok`. */
static int one_of(const char *v, const char *ok)
{
	size_t n = strlen(v);
	const char *p = ok;

	while (n && (p = strstr(p, v))) {
		if ((p == ok || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int set_opt(struct km_cli_opts *o, const char *name, const char *v)
{
	static const struct {
		const char *name, *ok, *say;
	} words[] = {
		{ "--peer", "mirror linux script", "mirror, linux or script" },
		{ "--format", "text json", "text or json" },
		{ "--type", "stream dgram raw", "stream, dgram or raw" },
		{ "--icmp", "port-unreach host-unreach net-unreach",
		  "port-unreach, host-unreach or net-unreach" },
		{ "--drop", "syn synack ack", "syn, synack or ack" },
		{ "--pcap-host", "client server", "client or server" },
	};
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (!strcmp(name, words[k].name) && !one_of(v, words[k].ok)) {
			char sh[KM_ARG_SHOW];

			fprintf(stderr, "kmirror: %s is %s, not '%s'\n", name,
				words[k].say, km_arg_show(v, sh, sizeof(sh)));
			return -1;
		}
	if (!strcmp(name, "--seed")) {
		if (parse_u64(v, &o->seed)) {
			char sh[KM_ARG_SHOW];

			fprintf(stderr, "kmirror: --seed wants a decimal number from 0 "
				"to 18446744073709551615, not '%s'\n",
				km_arg_show(v, sh, sizeof(sh)));
			return -1;
		}
	} else if (!strcmp(name, "--peer")) {
		o->peer = v;
	} else if (!strcmp(name, "--pcap")) {
		o->pcap = v;
	} else if (!strcmp(name, "--pcap-host")) {
		o->pcap_host = v;
	} else if (!strcmp(name, "--format")) {
		o->format = v;
	} else if (!strcmp(name, "--type")) {
		o->type = v;
	} else if (!strcmp(name, "--icmp")) {
		o->icmp = v;
	} else if (!strcmp(name, "--drop")) {
		o->drop = v;
	} else if (!strcmp(name, "--no-steps")) {
		o->no_steps = true;
	} else if (!strcmp(name, "--no-diffs")) {
		o->no_diffs = true;
	} else if (!strcmp(name, "--quiet")) {
		o->quiet = true;
	} else if (!strcmp(name, "--nonblock")) {
		o->nonblock = true;
	}
	return 0;
}

int km_cli_parse(int argc, char **argv, struct km_cli_opts *o,
		 unsigned int where)
{
	const char *cmd = where == KM_CLI_VIZ ? "viz" : "trace";
	int i, out = 1;

	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->peer = "mirror";
	o->format = "text";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq, *v = NULL;
		const struct km_cli_opt *p;
		char name[32];
		size_t n;

		if (a[0] != '-' || !strcmp(a, "-")) {
			argv[out++] = argv[i];
			continue;
		}
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a) : strlen(a);
		snprintf(name, sizeof(name), "%.*s", (int)n, a);
		p = n < sizeof(name) ? km_cli_option(name) : NULL;
		if (!p) {
			char sh[KM_ARG_SHOW];

			fprintf(stderr, "kmirror: unknown option %s (kmirror %s --help "
				"lists them)\n", km_arg_show(a, sh, sizeof(sh)), cmd);
			return -1;
		}
		if (!(p->where & where)) {
			fprintf(stderr, "kmirror: %s is an option of %s, not of %s\n",
				p->name, p->where & KM_CLI_VIZ ? "viz" : "trace", cmd);
			return -1;
		}
		if (p->arg) {
			if (eq) {
				v = eq + 1;
			} else if (i + 1 < argc) {
				v = argv[++i];
			} else {
				fprintf(stderr, "kmirror: %s needs a value (%s)\n",
					p->name, p->arg);
				return -1;
			}
		} else if (eq) {
			fprintf(stderr, "kmirror: %s takes no value\n", p->name);
			return -1;
		}
		if (set_opt(o, p->name, v))
			return -1;
	}
	argv[out] = NULL;
	if (o->pcap_host && !o->pcap && where == KM_CLI_TRACE) {
		fprintf(stderr, "kmirror: --pcap-host goes with --pcap FILE\n");
		return -1;
	}
	return out;
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1)
		km_cli_usage_cmd(stdout, argv[1]);
	else
		km_cli_usage(stdout);
	return km_cli_finish_stdout(0);
}

int cmd_scenarios(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "kmirror: scenarios takes no arguments\n");
		return 2;
	}
	km_scenarios_list(stdout);
	return km_cli_finish_stdout(0);
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
		{ "pkt", cmd_pkt },
		{ "help", cmd_help },
	};
	size_t i;

	if (argc < 2) {
		km_cli_usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return cmd_help(1, argv);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("kmirror %s (a user-space mirror of Linux %s's socket and "
		       "connect paths)\n", KMIRROR_VERSION, "5.0.1");
		return km_cli_finish_stdout(0);
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int k;

		if (strcmp(argv[1], cmds[i].name))
			continue;
		/* COMMAND ... --help (net has its own) */
		for (k = 2; k < argc && strcmp(argv[1], "net"); k++)
			if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h"))
				return cmd_help(2, argv);
		return cmds[i].fn(argc - 1, argv + 1);
	}
	{
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: unknown command '%s'\n\n",
			km_arg_show(argv[1], sh, sizeof(sh)));
	}
	km_cli_usage(stderr);
	return 2;
}
