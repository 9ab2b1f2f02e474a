/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror CLI: the subcommands of the `kmirror` binary and the options
 * they share (--seed, --peer, --pcap, --format).
 */
#ifndef _KM_CLI_H
#define _KM_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "../scenarios/scenario.h"	/* struct km_cli_opts, KM_SCN_OPT_* */

#define KMIRROR_VERSION	"0.9"

/* Which command takes an option. */
#define KM_CLI_TRACE		0x1
#define KM_CLI_VIZ		0x2
/* Every option of trace and viz, for the parsers and --help (kmirror.c);
 * ends with a NULL name. */
struct km_cli_opt {
	const char	*name;		/* "--seed" */
	const char	*arg;		/* "N", or NULL: a flag */
	const char	*help;
	unsigned int	where;		/* KM_CLI_* */
	unsigned int	scn_opt;	/* KM_SCN_OPT_*, or 0 */
};
extern const struct km_cli_opt km_cli_options[];
const struct km_cli_opt *km_cli_option(const char *name);
/* "socket, connect": the scenarios taking a scenario option. */
const char *km_cli_opt_users(unsigned int scn_opt);

/* Parse the options of trace or viz (where: KM_CLI_TRACE or KM_CLI_VIZ)
 * out of argv (in place); returns the new argc, or -1 after printing an
 * error. */
int km_cli_parse(int argc, char **argv, struct km_cli_opts *o,
		 unsigned int where);
void km_cli_usage(FILE *f);
void km_cli_usage_cmd(FILE *f, const char *cmd);
/* At the end of a command: flush standard output; 0, or 1 after naming
 * the error (err: an errno seen earlier, or 0). */
int km_cli_finish_stdout(int err);
int cmd_trace(int argc, char **argv);
int cmd_viz(int argc, char **argv);
int cmd_net(int argc, char **argv);
/* kmirror net bench (tests/bench/cli/net_bench.c) */
int km_net_bench(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);

#endif
