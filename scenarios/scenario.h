/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror scenarios: small, named programs run on simulated hosts, the
 * things `kmirror trace` prints and `kmirror viz` steps through.
 *
 * A scenario builds its world in setup() (hosts, addresses, the peer),
 * the caller then attaches its trace consumer, and run() performs the
 * system calls. Results are reported as short lines ("connect() = 0").
 */
#ifndef _KM_SCENARIO_H
#define _KM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The options of a run: the CLI (viz/cli.h) parses them, tests fill them
 * in directly. */
struct km_cli_opts {
	unsigned long long seed;	/* --seed N (default 1) */
	const char *peer;		/* --peer mirror|linux|script */
	const char *pcap;		/* --pcap FILE */
	const char *pcap_host;		/* --pcap-host client|server */
	const char *format;		/* --format text|json */
	const char *type;		/* --type stream|dgram|raw (trace socket) */
	const char *icmp;		/* --icmp port-unreach|host-unreach|net-unreach */
	const char *drop;		/* --drop syn|synack|ack (handshake) */
	bool no_steps;			/* --no-steps */
	bool no_diffs;			/* --no-diffs */
	bool quiet;			/* --quiet: only the summary */
	bool nonblock;			/* --nonblock: SOCK_NONBLOCK + poll */
};

/* Scenario options: a scenario lists the ones it honours (its .options);
 * any other is refused before the scenario runs. */
#define KM_SCN_OPT_TYPE		0x1	/* --type */
#define KM_SCN_OPT_ICMP		0x2	/* --icmp */
#define KM_SCN_OPT_NONBLOCK	0x4	/* --nonblock */
#define KM_SCN_OPT_DROP		0x8	/* --drop */

/* An argument as messages show it (scenarios/arg_show.c): at most 64
 * bytes, then "...", control bytes as '?'. buf needs KM_ARG_SHOW bytes. */
#define KM_ARG_SHOW	72
const char *km_arg_show(const char *s, char *buf, size_t len);

struct km_world;
struct host;
struct task_struct;
struct km_wire;
struct km_link;
struct km_peer;

struct km_scn {
	const struct km_cli_opts *opts;
	struct km_world	*w;
	struct host	*client, *server;	/* server: NULL with a scripted peer */
	struct task_struct *app, *srv;
	struct km_wire	*wire;			/* --peer script */
	struct km_peer	*peer;
	struct km_link	*link;			/* --peer mirror */
	void		*peer_ctx;		/* --peer linux (net/TUN) */
	uint32_t	server_addr;		/* network order */
	int		syncnt;			/* client: TCP_SYNCNT if > 0 */
	/* results, printed after the trace */
	char		results[16][160];
	int		nresults;
	int		status;			/* 0 ok; non-zero: exit status */
	const struct km_scenario *scenario;	/* the one being run */
	void		*priv;			/* its own state, freed by priv_free */
	void		(*priv_free)(void *);
};

struct km_scenario {
	const char *name;
	const char *summary;
	/* Peer kinds it supports: a mask of KM_SCN_PEER_* */
	unsigned int peers;
	int (*setup)(struct km_scn *c);
	int (*run)(struct km_scn *c);
	/* The scenario options it honours: a mask of KM_SCN_OPT_* (cli.h) */
	unsigned int options;
};

#define KM_SCN_PEER_NONE	0x1	/* one host, no network */
#define KM_SCN_PEER_MIRROR	0x2
#define KM_SCN_PEER_SCRIPT	0x4
#define KM_SCN_PEER_LINUX	0x8

/*
 * The registry (scenarios/registry.c): every scenario table, in listing
 * order. Each topic file (scenario.c, scenario_<topic>.c) owns one table,
 * ended by an entry with a NULL name; callers see only the functions below.
 */
extern const struct km_scenario km_scenarios_core[];	/* scenario.c */
extern const struct km_scenario km_scenarios_tcp[];	/* scenario_tcp.c */
extern const struct km_scenario km_scenarios_udp[];	/* scenario_udp.c */
extern const struct km_scenario km_scenarios_viz[];	/* scenario_viz.c */
extern const struct km_scenario km_scenarios_linux[];	/* scenario_linux.c */

const struct km_scenario *km_scenario_find(const char *name);
const struct km_scenario *km_scenario_at(int i);	/* NULL past the end */
/* "socket, connect": the scenarios taking a scenario option (KM_SCN_OPT_*),
 * written into buf. */
const char *km_scenario_opt_users(unsigned int scn_opt, char *buf, size_t len);
/* "  name  summary" for each scenario, one a line. */
void km_scenarios_list(FILE *f);
/* A packetdrill script (a name ending in .pkt) as a scenario: fills *buf
 * and returns it, or NULL (scenarios/packetdrill/pkt_cmd.c). */
const struct km_scenario *km_pkt_scenario(struct km_scenario *buf, const char *path);
/* 1 if the scenario runs with --peer `peer` (mirror, script, linux). */
int km_scenario_takes_peer(const struct km_scenario *s, const char *peer);

/* Build the world for a scenario; 0 or an exit status (message printed). */
int km_scenario_setup(struct km_scn *c, const struct km_scenario *s,
		      const struct km_cli_opts *o);
void km_scenario_teardown(struct km_scn *c);
void km_scn_result(struct km_scn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Helpers for scenario bodies. */
int km_scn_two_hosts(struct km_scn *c);		/* client 10.0.0.1 — server 10.0.0.2 */
int km_scn_client_and_peer(struct km_scn *c, int mode);	/* enum km_peer_mode */
const char *km_scn_errname(long ret);			/* "0", "-ECONNREFUSED" */

/* Linux peer over TUN (linux_peer.c, linux_peer.h): the Linux side acts
 * like the scripted peer of that mode (enum km_peer_mode): ACCEPT listens,
 * REFUSE has the port closed, SILENT is an address Linux drops. 0 or an
 * exit status (message printed). */
int km_scn_linux_peer_setup(struct km_scn *c, int script_mode);
void km_scn_linux_peer_teardown(struct km_scn *c);

#endif
