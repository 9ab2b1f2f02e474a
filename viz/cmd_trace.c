// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror trace SCENARIO: run a scenario with a trace consumer attached
 * and print every mirrored function, step and field change (text, in the
 * style of ftrace's function_graph) or every event as JSON Lines.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <kmapi/km.h>
#include <kmapi/sinks.h>
#include <kmapi/wire.h>
#include "cli.h"
#include "../scenarios/scenario.h"
#include "../scenarios/linux_peer.h"

/* The first error writing standard output (errno), kept by the sink's
 * writer; checked once more when the output is flushed at the end. */
struct trace_out {
	int	err;
};

static void write_stdout(void *ctx, const char *s, size_t n)
{
	struct trace_out *out = ctx;

	if (fwrite(s, 1, n, stdout) != n && !out->err)
		out->err = errno ? errno : EIO;
}

/* 0, or 1 after naming what went wrong with standard output. */
int km_cli_finish_stdout(int err)
{
	errno = 0;
	if (fflush(stdout) && !err)
		err = errno ? errno : EIO;
	if (ferror(stdout) && !err)
		err = EIO;
	if (!err)
		return 0;
	fprintf(stderr, "kmirror: standard output: %s\n", strerror(err));
	return 1;
}

/*
 * The capture: by default every packet once, as its sender sent it (each
 * kmirror host's device taps what it sends; a device whose other end is
 * not a kmirror host — a scripted or real Linux peer — also taps what it
 * receives). --pcap-host NAME: everything one host's device saw, both
 * directions, the view of tcpdump on that host.
 */
static int open_pcap(struct km_scn *c, const struct km_cli_opts *o,
		     struct km_pcap **out)
{
	const char *cdev = c->wire || c->link || c->peer_ctx ? "eth0" : "lo";
	unsigned int both = KM_PCAP_TX | KM_PCAP_RX;
	struct km_pcap *p;
	int err = 0;

	if (o->pcap_host && !strcmp(o->pcap_host, "server") && !c->server) {
		fprintf(stderr, "kmirror: --pcap-host server: in this scenario "
			"with --peer %s the server is not a kmirror host; "
			"use --pcap-host client\n", o->peer);
		return 2;
	}
	p = km_pcap_open(o->pcap, &err);
	if (!p) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: %s: %s\n", km_arg_show(o->pcap, sh, sizeof(sh)),
			strerror(-err));
		return 1;
	}
	if (o->pcap_host) {
		if (!strcmp(o->pcap_host, "client"))
			err = km_pcap_attach(p, c->client, cdev,
					     strcmp(cdev, "lo") ? both : KM_PCAP_TX);
		else
			err = km_pcap_attach(p, c->server, "eth0", both);
	} else {
		/* lo hands each frame it sends back to itself: tx only */
		err = km_pcap_attach(p, c->client, cdev,
				     c->server || !strcmp(cdev, "lo") ?
				     KM_PCAP_TX : both);
		if (!err && c->server)
			err = km_pcap_attach(p, c->server, "eth0", KM_PCAP_TX);
	}
	if (err) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: %s: cannot capture: %s\n",
			km_arg_show(o->pcap, sh, sizeof(sh)),
			strerror(-err));
		km_pcap_close(p);
		return 1;
	}
	*out = p;
	return 0;
}

int cmd_trace(int argc, char **argv)
{
	struct km_cli_opts o;
	const struct km_scenario *s;
	struct km_scenario pkt_scn;
	struct km_sink *sink = NULL;
	struct km_pcap *pcap = NULL;
	struct km_scn c;
	struct trace_out out = { 0 };
	unsigned int flags = 0;
	int i, status;

	argc = km_cli_parse(argc, argv, &o, KM_CLI_TRACE);
	if (argc < 0)
		return 2;
	if (argc < 2) {
		km_cli_usage_cmd(stderr, "trace");
		return 2;
	}
	if (argc > 2) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: trace takes one scenario; what is '%s'?\n",
			km_arg_show(argv[2], sh, sizeof(sh)));
		return 2;
	}
	s = km_scenario_find(argv[1]);
	if (!s)
		s = km_pkt_scenario(&pkt_scn, argv[1]);	/* a packetdrill script */
	if (!s) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: no scenario '%s'; these exist:\n",
			km_arg_show(argv[1], sh, sizeof(sh)));
		km_scenarios_list(stderr);
		return 2;
	}

	status = km_scenario_setup(&c, s, &o);
	if (status) {
		km_scenario_teardown(&c);
		return status;
	}
	if (o.pcap && (status = open_pcap(&c, &o, &pcap))) {
		km_scenario_teardown(&c);
		return status;
	}

	if (o.no_steps)
		flags |= KM_SINK_NO_STEPS;
	if (o.no_diffs)
		flags |= KM_SINK_NO_DIFFS;
	if (!o.quiet) {
		sink = !strcmp(o.format, "json") ?
			km_sink_json_new(write_stdout, &out, flags) :
			km_sink_text_new(write_stdout, &out, flags);
		if (km_sink_attach(sink, c.w) < 0) {
			/* The reason is on stderr already: no empty trace. */
			km_sink_free(sink);
			if (pcap)
				km_pcap_close(pcap);
			km_scenario_teardown(&c);
			return 1;
		}
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
		unsigned long n = km_pcap_count(pcap);
		int err = km_pcap_close(pcap);

		if (err) {
			char sh[KM_ARG_SHOW];

			fprintf(stderr, "kmirror: %s: %s\n",
				km_arg_show(o.pcap, sh, sizeof(sh)), strerror(-err));
			status = 1;
		} else if (!strcmp(o.format, "text")) {
			printf("# %lu packets written to %s\n", n, o.pcap);
		}
	}
	if (km_cli_finish_stdout(out.err))
		status = 1;
	km_scenario_teardown(&c);
	return status;
}
