/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror CLI: the subcommands of the `kmirror` binary and the options
 * they share (--seed, --peer, --pcap, --format).
 */
#ifndef _KM_CLI_H
#define _KM_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct km_cli_opts {
	unsigned long long seed;	/* --seed N (default 1) */
	const char *peer;		/* --peer mirror|linux|script */
	const char *pcap;		/* --pcap FILE */
	const char *format;		/* --format text|json */
	const char *type;		/* --type stream|dgram|raw (trace socket) */
	const char *icmp;		/* --icmp port-unreach|host-unreach|net-unreach */
	const char *drop;		/* --drop syn|synack|ack (handshake) */
	bool no_steps;			/* --no-steps */
	bool no_diffs;			/* --no-diffs */
	bool quiet;			/* --quiet: only the summary */
	bool nonblock;			/* --nonblock: SOCK_NONBLOCK + poll */
};

/* Parse the common options out of argv (in place); returns the new argc,
 * or -1 after printing an error. */
int km_cli_parse(int argc, char **argv, struct km_cli_opts *o);
void km_cli_usage(FILE *f);
/* An argument as messages show it: at most 64 bytes, then "...", control
 * bytes as '?'. buf needs KM_ARG_SHOW bytes. */
#define KM_ARG_SHOW	72
const char *km_arg_show(const char *s, char *buf, size_t len);

int cmd_trace(int argc, char **argv);
int cmd_viz(int argc, char **argv);
int cmd_net(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);

#endif
