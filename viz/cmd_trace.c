// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror trace SCENARIO: run a scenario with a trace consumer attached
 * and print every mirrored function, step and field change (text, in the
 * style of ftrace's function_graph) or every event as JSON Lines.
 */
#include <stdio.h>
#include <string.h>
#include <kmapi/km.h>
#include <kmapi/sinks.h>
#include <kmapi/wire.h>
#include "cli.h"
#include "scenario.h"
#include "linux_peer.h"

static void write_stdout(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	fwrite(s, 1, n, stdout);
}

/* Attach a pcap writer to every host's eth0. */
static struct km_pcap *open_pcap(struct km_scn *c, const char *path)
{
	struct km_pcap *p = km_pcap_open(path);

	if (!p) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: cannot write %s\n",
			km_arg_show(path, sh, sizeof(sh)));
		return NULL;
	}
	if (c->client)
		km_pcap_attach(p, c->client,
			       c->wire || c->link || c->peer_ctx ? "eth0" : "lo");
	if (c->server)
		km_pcap_attach(p, c->server, "eth0");
	return p;
}

int cmd_trace(int argc, char **argv)
{
	struct km_cli_opts o;
	const struct km_scenario *s;
	struct km_sink *sink = NULL;
	struct km_pcap *pcap = NULL;
	struct km_scn c;
	unsigned int flags = 0;
	int i, status;

	argc = km_cli_parse(argc, argv, &o);
	if (argc < 0)
		return 2;
	if (argc < 2) {
		fprintf(stderr, "usage: kmirror trace SCENARIO [options]\n\nscenarios:\n");
		cmd_scenarios(0, NULL);
		return 2;
	}
	s = km_scenario_find(argv[1]);
	if (!s) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: no scenario '%s'; these exist:\n",
			km_arg_show(argv[1], sh, sizeof(sh)));
		cmd_scenarios(0, NULL);
		return 2;
	}

	status = km_scenario_setup(&c, s, &o);
	if (status) {
		km_scenario_teardown(&c);
		return status;
	}
	if (o.pcap && !(pcap = open_pcap(&c, o.pcap))) {
		km_scenario_teardown(&c);
		return 1;
	}

	if (o.no_steps)
		flags |= KM_SINK_NO_STEPS;
	if (o.no_diffs)
		flags |= KM_SINK_NO_DIFFS;
	if (!o.quiet) {
		sink = !strcmp(o.format, "json") ?
			km_sink_json_new(write_stdout, NULL, flags) :
			km_sink_text_new(write_stdout, NULL, flags);
		km_sink_attach(sink, c.w);
	}

	status = s->run(&c);
	/* --peer linux: what the real kernel saw (its socket table, counters) */
	if (c.peer_ctx && km_scn_linux_peer_report(&c) && !status)
		status = 1;

	if (sink) {
		km_sink_detach(sink, c.w);
		km_sink_free(sink);
	}
	for (i = 0; i < c.nresults; i++) {
		if (!strcmp(o.format, "json")) {
			printf("{\"ev\":\"result\",\"text\":\"");
			for (const char *p = c.results[i]; *p; p++)
				if (*p == '"' || *p == '\\')
					printf("\\%c", *p);
				else
					putchar(*p);
			printf("\"}\n");
		} else {
			printf("# %s\n", c.results[i]);
		}
	}
	if (pcap) {
		if (!strcmp(o.format, "text"))
			printf("# %lu packets written to %s\n", km_pcap_count(pcap), o.pcap);
		km_pcap_close(pcap);
	}
	fflush(stdout);
	km_scenario_teardown(&c);
	return status;
}
