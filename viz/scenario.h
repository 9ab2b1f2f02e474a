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

#include <stdint.h>
#include "cli.h"

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

/* The scenario tables (each ends with a NULL name): scenario.c has the
 * core ones; the others live in scenario_<topic>.c. */
extern const struct km_scenario km_scenarios_tcp[];	/* scenario_tcp.c */
extern const struct km_scenario km_scenarios_udp[];	/* scenario_udp.c */
extern const struct km_scenario km_scenarios_viz[];	/* scenario_viz.c */
extern const struct km_scenario km_scenarios_linux[];	/* scenario_linux.c */

const struct km_scenario *km_scenario_find(const char *name);
/* A packetdrill script (a name ending in .pkt) as a scenario: fills *buf
 * and returns it, or NULL (scenarios/packetdrill/pkt_cmd.c). */
const struct km_scenario *km_pkt_scenario(struct km_scenario *buf, const char *path);
const struct km_scenario *km_scenario_at(int i);	/* NULL past the end */
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

/* Linux peer over TUN (viz/cmd_net.c, linux_peer.h): the Linux side acts
 * like the scripted peer of that mode (enum km_peer_mode): ACCEPT listens,
 * REFUSE has the port closed, SILENT is an address Linux drops. 0 or an
 * exit status (message printed). */
int km_scn_linux_peer_setup(struct km_scn *c, int script_mode);
void km_scn_linux_peer_teardown(struct km_scn *c);

#endif
