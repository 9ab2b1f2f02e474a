/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror pkt: packetdrill scripts run against one mirrored host.
 *
 * A script is parsed once (pkt_parse.c, a hand-written recursive-descent
 * parser: every bad line gets one message "FILE:LINE: ..."), then run
 * (pkt_run.c): the mirrored host is the host under test, the script is
 * its peer on a test wire, and time is the world's virtual clock.
 *
 * Exit statuses follow packetdrill: 0 pass, 1 a mismatch (the message
 * names the script line), 2 a script that cannot be parsed or run.
 */
#ifndef _KM_PKT_H
#define _KM_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct km_world;

#define PKT_MAX_ARGS	8
#define PKT_MAX_SCRIPT	(4u << 20)	/* bytes: larger scripts are refused */
#define PKT_MAX_TIME_S	1000000LL	/* seconds: no script time beyond */

/* ---- options (command line, or `--name=value` lines atop a script) ---- */
struct pkt_opts {
	long		tolerance_usecs;	/* default 4000 */
	bool		verbose;
	uint32_t	local_ip, remote_ip, gateway_ip;	/* network order */
	int		prefix_len;		/* of local_ip's subnet */
	bool		set[8];			/* which were given (PKT_OPT_*) */
};

enum { PKT_OPT_TOL, PKT_OPT_LOCAL, PKT_OPT_REMOTE, PKT_OPT_GW, PKT_OPT_VERBOSE };

void pkt_opts_default(struct pkt_opts *o);
/* "--name=value" or "--name": 0, or -1 with a message in err. */
int pkt_opt_apply(struct pkt_opts *o, const char *arg, char *err, size_t errlen);

/* ---- the parsed script ---- */
enum pkt_time_kind { PKT_T_ABS, PKT_T_REL, PKT_T_ANY };

struct pkt_time {
	int		kind;		/* enum pkt_time_kind */
	long long	us;		/* start (relative or absolute) */
	bool		range;		/* end_us set: "A~B" (outbound packets)
					 * or "A...B" (a blocking call's end) */
	bool		tilde;		/* written A~B */
	long long	end_us;		/* same base as us */
};

enum pkt_expr_kind {
	PKT_X_INT,		/* a number or a resolved symbol */
	PKT_X_ELLIPSIS,		/* ... */
	PKT_X_STR,		/* "text" */
	PKT_X_LIST,		/* [a, b] */
	PKT_X_STRUCT,		/* {name=expr, ...} */
	PKT_X_PORT,		/* htons(N): num is N */
	PKT_X_INADDR,		/* inet_addr("a.b.c.d"): num, network order */
};

struct pkt_expr {
	int			kind;
	long long		num;
	const char		*str;		/* STR; field name in a STRUCT */
	struct pkt_expr		*items;		/* LIST, STRUCT */
	int			n;
};

enum pkt_sys {
	PKT_SYS_SOCKET, PKT_SYS_BIND, PKT_SYS_LISTEN, PKT_SYS_ACCEPT,
	PKT_SYS_CONNECT, PKT_SYS_CLOSE, PKT_SYS_SHUTDOWN, PKT_SYS_SETSOCKOPT,
	PKT_SYS_GETSOCKOPT, PKT_SYS_FCNTL, PKT_SYS_POLL, PKT_SYS_READ,
	PKT_SYS_WRITE, PKT_SYS_SEND, PKT_SYS_RECV, PKT_SYS_SENDTO,
	PKT_SYS_RECVFROM, PKT_SYS_GETSOCKNAME, PKT_SYS_GETPEERNAME,
	PKT_SYS__COUNT
};

struct pkt_syscall {
	int		nr;			/* enum pkt_sys */
	const char	*name;
	struct pkt_expr	args[PKT_MAX_ARGS];
	int		nargs;
	long long	result;
	int		err;			/* expected errno, 0 if none */
	const char	*errname;
};

struct pkt_packet {
	char		dir;			/* '<' inbound, '>' outbound */
	int		proto;			/* 6 TCP, 17 UDP, 1 ICMP */
	/* TCP */
	uint8_t		flags;			/* KM_TH_* */
	uint32_t	seq, end, len;
	bool		has_ack;
	uint32_t	ack;
	long		win;			/* -1: not given */
	bool		has_opts;		/* <...> given */
	bool		opts_nocheck;		/* <...> */
	uint8_t		opt[40];
	unsigned int	opt_len;
	int		ts_at;			/* offset of the TS option, or -1 */
	int		sack_at[4];		/* offsets of SACK blocks */
	int		nsack;
	/* UDP */
	uint32_t	udp_len;
	/* ICMP */
	int		icmp_type, icmp_code;
	long		mtu;			/* -1: not given */
	int		echo_proto;
	uint32_t	echo_seq, echo_len;
};

#define PKT_MAX_SYSCTL	4
struct pkt_shell {
	char		cmd[128];			/* as written (truncated) */
	int		n;
	char		name[PKT_MAX_SYSCTL][64];	/* "net.ipv4.tcp_rmem[1]" */
	long		value[PKT_MAX_SYSCTL];
};

enum pkt_ev_kind { PKT_EV_PACKET, PKT_EV_SYSCALL, PKT_EV_SHELL };

struct pkt_event {
	int			kind;		/* enum pkt_ev_kind */
	int			line;
	const char		*text;		/* the script line, trimmed */
	struct pkt_time		time;
	union {
		struct pkt_packet	pkt;
		struct pkt_syscall	sys;
		struct pkt_shell	sh;
	} u;
};

struct pkt_script {
	char			*path;
	struct pkt_event	*ev;
	int			nev;
	struct pkt_opts		opts;		/* from the script's option lines */
	void			*arena;		/* every allocation above */
};

/* Parse text (len bytes). On success *out is set and 0 returned; on a
 * script error every message ("PATH:LINE: ...\n") is written to err and
 * -1 returned. Never crashes, whatever the bytes. */
int pkt_parse(const char *path, const char *text, size_t len,
	      struct pkt_script **out, FILE *err);
/* Read and parse a file: 0, or 2 (message written to err). */
int pkt_parse_file(const char *path, struct pkt_script **out, FILE *err);
void pkt_script_free(struct pkt_script *s);

/* ---- running ---- */
struct pkt_run;

/* Build the host under test in world w (192.168.0.1 on a test wire with
 * the script as its peer). opts: command-line options, overriding the
 * script's. msgs: where mismatch and verbose messages go. */
struct pkt_run *pkt_run_new(struct km_world *w, const struct pkt_script *s,
			    const struct pkt_opts *cmdline, FILE *msgs);
/* Run the script: 0 pass, 1 mismatch, 2 script error (message written). */
int pkt_run(struct pkt_run *r);
void pkt_run_free(struct pkt_run *r);
/* The host under test and its wire (for scenarios: lanes, pcap). */
struct host *pkt_run_host(struct pkt_run *r);
struct km_wire *pkt_run_wire(struct pkt_run *r);
struct task_struct *pkt_run_task(struct pkt_run *r);

/* One script, start to end, in its own world: the exit status. */
int pkt_run_file(const char *path, const struct pkt_opts *cmdline,
		 unsigned long long seed, FILE *msgs);

/* `kmirror pkt FILE.pkt...` */
int cmd_pkt(int argc, char **argv);
/* Its usage text (kmirror pkt --help, kmirror help pkt). */
void pkt_usage(FILE *f);

#endif
