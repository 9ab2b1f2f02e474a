// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror scenarios (see scenario.h). Each is a few system calls on
 * simulated hosts; the interesting part is what the mirrored kernel does
 * underneath, which the trace shows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/sim.h>
#include <kmapi/trace.h>
#include "scenario.h"

#define CLIENT_ADDR	KM_SIM_CLIENT
#define SERVER_ADDR	KM_SIM_SERVER
#define SERVER_PORT	80
#define LINK_DELAY_NS	KM_SIM_LINK_DELAY_NS	/* 1 ms each way */
#define PEER_ISN	0x5eed0000u

void km_scn_result(struct km_scn *c, const char *fmt, ...)
{
	va_list ap;

	if (c->nresults >= (int)(sizeof(c->results) / sizeof(c->results[0])))
		return;
	va_start(ap, fmt);
	vsnprintf(c->results[c->nresults++], sizeof(c->results[0]), fmt, ap);
	va_end(ap);
}

const char *km_scn_errname(long ret)
{
	static char buf[32];

	if (ret >= 0) {
		snprintf(buf, sizeof(buf), "%ld", ret);
		return buf;
	}
	if (ret == -KM_ESTILLBLOCKED)	/* the world ran out of events */
		snprintf(buf, sizeof(buf), "(still blocked)");
	else if (km_errno_name(-ret))
		snprintf(buf, sizeof(buf), "-%s", km_errno_name(-ret));
	else
		snprintf(buf, sizeof(buf), "%ld", ret);	/* no name: the number */
	return buf;
}

int km_scn_two_hosts(struct km_scn *c)
{
	if (km_sim_two_hosts(c->w, &c->client, &c->server, &c->link)) {
		fprintf(stderr, "kmirror: cannot build the two hosts\n");
		return 1;
	}
	c->app = km_task_new(c->client, "app", 1000);
	c->srv = km_task_new(c->server, "server", 0);
	inet_pton(AF_INET, SERVER_ADDR, &c->server_addr);
	return 0;
}

int km_scn_client_and_peer(struct km_scn *c, int mode)
{
	c->client = km_host_new(c->w, "client");
	c->wire = km_wire_new(c->client, "eth0", 1500);
	if (!c->wire || km_host_add_addr(c->client, "eth0", CLIENT_ADDR "/24")) {
		fprintf(stderr, "kmirror: cannot build the client host\n");
		return 1;
	}
	c->peer = km_peer_new(c->wire, (enum km_peer_mode)mode, PEER_ISN,
			      2 * LINK_DELAY_NS);
	c->app = km_task_new(c->client, "app", 1000);
	inet_pton(AF_INET, SERVER_ADDR, &c->server_addr);
	return 0;
}

/* ---- socket ---- */

static int socket_setup(struct km_scn *c)
{
	c->client = km_host_new(c->w, "host");
	c->app = km_task_new(c->client, "app", 1000);
	return 0;
}

static int socket_run(struct km_scn *c)
{
	const char *t = c->opts->type ? c->opts->type : "stream";
	int type, proto = 0;
	long fd;

	if (!strcmp(t, "stream")) {
		type = SOCK_STREAM;
	} else if (!strcmp(t, "dgram")) {
		type = SOCK_DGRAM;
	} else if (!strcmp(t, "raw")) {
		type = SOCK_RAW;
		proto = IPPROTO_ICMP;
		km_task_set_caps(c->app, 1ULL << 13);	/* CAP_NET_RAW */
	} else {
		fprintf(stderr, "kmirror: --type is stream, dgram or raw\n");
		return 2;
	}
	fd = km_socket(c->app, AF_INET, type | (c->opts->nonblock ? SOCK_NONBLOCK : 0),
		       proto);
	km_scn_result(c, "socket(AF_INET, %s%s, %d) = %s", type == SOCK_STREAM ?
		      "SOCK_STREAM" : type == SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_RAW",
		      c->opts->nonblock ? "|SOCK_NONBLOCK" : "", proto,
		      km_scn_errname(fd));
	return fd < 0;
}

/* ---- TCP connect, three ways ---- */

static int connect_setup_mode(struct km_scn *c, int script_mode)
{
	if (!strcmp(c->opts->peer, "script"))
		return km_scn_client_and_peer(c, script_mode);
	if (!strcmp(c->opts->peer, "linux"))
		return km_scn_linux_peer_setup(c, script_mode);
	return km_scn_two_hosts(c);
}

static int connect_setup(struct km_scn *c)
{
	return connect_setup_mode(c, KM_PEER_ACCEPT);
}

static int refused_setup(struct km_scn *c)
{
	return connect_setup_mode(c, KM_PEER_REFUSE);
}

static int timeout_setup(struct km_scn *c)
{
	int err = connect_setup_mode(c, KM_PEER_SILENT);

	/* A mirrored server behind a black hole: the link loses every frame
	 * the client sends. */
	if (!err && c->link)
		km_link_impair(c->link, 0, 0, 0, KM_IMPAIR_DROP, 0);
	return err;
}

/* The server side of the mirror peer: listen on :80 and wait in accept(). */
static long server_listen(struct km_scn *c, bool accept_too)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	long lfd;

	if (!c->server)
		return -1;
	lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || km_bind(c->srv, (int)lfd, &a, sizeof(a)) < 0 ||
	    km_listen(c->srv, (int)lfd, 128) < 0)
		return -1;
	if (accept_too)
		km_call_start(c->srv, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	return lfd;
}

/* Client: socket() + connect(), blocking or (--nonblock) with poll(). */
static long client_connect(struct km_scn *c, long *fd_out)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	long fd, ret;

	a.sin_addr.s_addr = c->server_addr;
	fd = km_socket(c->app, AF_INET, SOCK_STREAM |
		       (c->opts->nonblock ? SOCK_NONBLOCK : 0), 0);
	*fd_out = fd;
	km_scn_result(c, "client: socket(AF_INET, SOCK_STREAM%s, 0) = %s",
		      c->opts->nonblock ? "|SOCK_NONBLOCK" : "", km_scn_errname(fd));
	if (fd < 0)
		return fd;
	if (c->syncnt > 0) {
		ret = km_setsockopt(c->app, (int)fd, IPPROTO_TCP, TCP_SYNCNT,
				    &c->syncnt, sizeof(c->syncnt));
		km_scn_result(c, "client: setsockopt(TCP_SYNCNT, %d) = %s", c->syncnt,
			      km_scn_errname(ret));
	}
	ret = km_connect(c->app, (int)fd, &a, sizeof(a));
	km_scn_result(c, "client: connect(%ld, %s:%d) = %s", fd,
		      inet_ntoa(a.sin_addr), SERVER_PORT, km_scn_errname(ret));
	if (ret == -EINPROGRESS) {
		struct pollfd p = { .fd = (int)fd, .events = POLLOUT };
		int err = 0, len = sizeof(err);

		ret = km_poll(c->app, &p, 1, -1);
		km_scn_result(c, "client: poll(POLLOUT) = %s, revents 0x%x",
			      km_scn_errname(ret), (unsigned int)p.revents);
		ret = km_getsockopt(c->app, (int)fd, SOL_SOCKET, SO_ERROR, &err, &len);
		km_scn_result(c, "client: getsockopt(SO_ERROR) = %s, error %d (%s)",
			      km_scn_errname(ret), err, err ? km_errno_name(err) : "none");
		ret = err ? -err : 0;
	}
	return ret;
}

static int connect_run(struct km_scn *c)
{
	long fd, ret;
	bool mirror = c->server != NULL;

	if (mirror && server_listen(c, true) < 0) {
		fprintf(stderr, "kmirror: the server could not listen\n");
		return 1;
	}
	ret = client_connect(c, &fd);
	if (mirror) {
		long afd = km_call_wait(c->srv, 10LL * 1000000000);

		km_scn_result(c, "server: accept() = %s", km_scn_errname(afd));
	}
	return ret != 0;
}

static int refused_run(struct km_scn *c)
{
	long fd, ret = client_connect(c, &fd);

	return ret != -ECONNREFUSED;
}

static int timeout_run(struct km_scn *c)
{
	long fd, ret;

	if (c->server)
		server_listen(c, false);
	ret = client_connect(c, &fd);
	km_scn_result(c, "after %.6f s of %s time",
		      (double)km_world_now_ns(c->w) / 1e9, c->peer_ctx ? "real" : "virtual");
	return ret != -ETIMEDOUT;
}

const struct km_scenario km_scenarios_core[] = {
	{ "socket", "socket(): create an AF_INET socket (--type stream|dgram|raw)",
	  KM_SCN_PEER_NONE, socket_setup, socket_run,
	  KM_SCN_OPT_TYPE | KM_SCN_OPT_NONBLOCK },
	{ "connect", "TCP active open: socket(), connect(), the three-way handshake",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_SCRIPT | KM_SCN_PEER_LINUX,
	  connect_setup, connect_run, KM_SCN_OPT_NONBLOCK },
	{ "connect-refused", "connect() to a closed port: RST, ECONNREFUSED",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_SCRIPT | KM_SCN_PEER_LINUX,
	  refused_setup, refused_run, KM_SCN_OPT_NONBLOCK },
	{ "connect-timeout", "connect() into a black hole: 7 SYNs, ETIMEDOUT after 127 s",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_SCRIPT | KM_SCN_PEER_LINUX,
	  timeout_setup, timeout_run, KM_SCN_OPT_NONBLOCK },
	{ NULL }
};

int km_scenario_takes_peer(const struct km_scenario *s, const char *peer)
{
	unsigned int want = !strcmp(peer, "script") ? KM_SCN_PEER_SCRIPT :
			    !strcmp(peer, "linux") ? KM_SCN_PEER_LINUX :
			    KM_SCN_PEER_MIRROR;

	return (s->peers & KM_SCN_PEER_NONE) || (s->peers & want);
}

int km_scenario_setup(struct km_scn *c, const struct km_scenario *s,
		      const struct km_cli_opts *o)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} scn_opts[] = {
		{ KM_SCN_OPT_TYPE, "--type" }, { KM_SCN_OPT_ICMP, "--icmp" },
		{ KM_SCN_OPT_NONBLOCK, "--nonblock" }, { KM_SCN_OPT_DROP, "--drop" },
		{ 0 }
	}, *opt;
	char users[256];
	unsigned int want;

	memset(c, 0, sizeof(*c));
	c->opts = o;
	c->scenario = s;
	want = !strcmp(o->peer, "script") ? KM_SCN_PEER_SCRIPT :
	       !strcmp(o->peer, "linux") ? KM_SCN_PEER_LINUX : KM_SCN_PEER_MIRROR;
	if (s->peers == KM_SCN_PEER_LINUX && want != KM_SCN_PEER_LINUX) {
		fprintf(stderr, "kmirror: scenario '%s' needs --peer linux (root: "
			"a real Linux peer over TUN, docs/tun.md)\n", s->name);
		return 2;
	}
	if (!(s->peers & KM_SCN_PEER_NONE) && !(s->peers & want)) {
		fprintf(stderr, "kmirror: scenario '%s' does not support --peer %s\n",
			s->name, o->peer);
		return 2;
	}
	for (opt = scn_opts; opt->bit; opt++) {
		bool given = (opt->bit == KM_SCN_OPT_TYPE && o->type) ||
			     (opt->bit == KM_SCN_OPT_ICMP && o->icmp) ||
			     (opt->bit == KM_SCN_OPT_NONBLOCK && o->nonblock) ||
			     (opt->bit == KM_SCN_OPT_DROP && o->drop);

		if (given && !(s->options & opt->bit)) {
			fprintf(stderr, "kmirror: %s does not apply to scenario '%s'; "
				"it applies to: %s\n", opt->name, s->name,
				km_scenario_opt_users(opt->bit, users, sizeof(users)));
			return 2;
		}
	}
	c->w = km_world_new(o->seed);
	return s->setup(c);
}

void km_scenario_teardown(struct km_scn *c)
{
	if (c->peer_ctx)
		km_scn_linux_peer_teardown(c);
	if (c->peer)
		km_peer_free(c->peer);
	if (c->priv_free)
		c->priv_free(c->priv);
	c->priv_free = NULL;
	if (c->w)
		km_world_free(c->w);
	c->w = NULL;
}
