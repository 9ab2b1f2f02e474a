// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror scenarios made for the visualizer's menu: the
 * handshake when things go differently — a non-blocking connect, a lost
 * SYN, a lost SYN-ACK — named, so the menu (which passes no options) can
 * offer them. All run on two mirrored hosts joined by a 1 ms link (the
 * loss is the link's doing). Simultaneous open is scenario_tcp.c's.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/sim.h>
#include "scenario.h"

#define VIZ_PORT	80
#define TEN_S		(10LL * 1000000000)

static struct sockaddr_in sin_of(uint32_t addr_be, int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = addr_be;
	return a;
}

/* The server: listen on :80, then wait in accept() (asynchronously). */
static int listen_and_accept(struct km_scn *c)
{
	struct sockaddr_in a = sin_of(htonl(INADDR_ANY), VIZ_PORT);
	long lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);

	if (lfd < 0 || km_bind(c->srv, (int)lfd, &a, sizeof(a)) < 0 ||
	    km_listen(c->srv, (int)lfd, 128) < 0) {
		km_scn_result(c, "server: could not listen (%s)", km_scn_errname(lfd));
		return -1;
	}
	km_scn_result(c, "server: socket(), bind(:%d), listen() = 0", VIZ_PORT);
	km_call_start(c->srv, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	return 0;
}

static int accept_result(struct km_scn *c)
{
	long afd = km_call_wait(c->srv, TEN_S);

	km_scn_result(c, "server: accept() = %s", km_scn_errname(afd));
	return afd < 0;
}

/* socket() and a blocking connect() to the server's port 80. */
static long blocking_connect(struct km_scn *c)
{
	struct sockaddr_in a = sin_of(c->server_addr, VIZ_PORT);
	long fd = km_socket(c->app, AF_INET, SOCK_STREAM, 0), ret;

	km_scn_result(c, "client: socket(AF_INET, SOCK_STREAM, 0) = %s", km_scn_errname(fd));
	if (fd < 0)
		return fd;
	ret = km_connect(c->app, (int)fd, &a, sizeof(a));
	km_scn_result(c, "client: connect(%ld, 10.0.0.2:%d) = %s at %.6f s", fd,
		      VIZ_PORT, km_scn_errname(ret), (double)km_world_now_ns(c->w) / 1e9);
	return ret;
}

static int mirror_setup(struct km_scn *c)
{
	return km_scn_two_hosts(c);
}

/* ---- non-blocking connect ---- */

static int nonblock_run(struct km_scn *c)
{
	struct sockaddr_in a = sin_of(c->server_addr, VIZ_PORT);
	struct pollfd p;
	int err = 0, len = sizeof(err);
	long fd, ret;

	if (listen_and_accept(c))
		return 1;
	fd = km_socket(c->app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	km_scn_result(c, "client: socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0) = %s",
		      km_scn_errname(fd));
	if (fd < 0)
		return 1;
	ret = km_connect(c->app, (int)fd, &a, sizeof(a));
	km_scn_result(c, "client: connect(%ld, 10.0.0.2:%d) = %s (returns at once)", fd,
		      VIZ_PORT, km_scn_errname(ret));
	memset(&p, 0, sizeof(p));
	p.fd = (int)fd;
	p.events = POLLOUT;
	ret = km_poll(c->app, &p, 1, -1);
	km_scn_result(c, "client: poll(POLLOUT) = %s, revents 0x%x", km_scn_errname(ret),
		      (unsigned int)p.revents);
	ret = km_getsockopt(c->app, (int)fd, SOL_SOCKET, SO_ERROR, &err, &len);
	km_scn_result(c, "client: getsockopt(SO_ERROR) = %s, error %d", km_scn_errname(ret),
		      err);
	return accept_result(c) || err;
}

/* ---- loss ---- */

static int lost_syn_setup(struct km_scn *c)
{
	int err = km_scn_two_hosts(c);

	/* the link loses the client's first bare SYN (client -> server) */
	if (!err && km_link_impair(c->link, 0, 1, KM_TH_SYN, KM_IMPAIR_DROP, 0))
		err = 1;
	return err;
}

static int lost_synack_setup(struct km_scn *c)
{
	int err = km_scn_two_hosts(c);

	/* ... or the server's first SYN-ACK (server -> client) */
	if (!err && km_link_impair(c->link, 1, 1, KM_TH_SYN | KM_TH_ACK,
				   KM_IMPAIR_DROP, 0))
		err = 1;
	return err;
}

static int lossy_run(struct km_scn *c)
{
	long ret;

	if (listen_and_accept(c))
		return 1;
	ret = blocking_connect(c);
	km_scn_result(c, "link: %lu frame(s) lost", km_link_dropped(c->link));
	return accept_result(c) || ret != 0;
}

const struct km_scenario km_scenarios_viz[] = {
	{ "connect-nonblock", "non-blocking connect(): EINPROGRESS, poll() for POLLOUT, SO_ERROR",
	  KM_SCN_PEER_MIRROR, mirror_setup, nonblock_run,
	  KM_SCN_OPT_NONBLOCK },
	{ "lost-syn", "the link loses the first SYN: the client retransmits it after 1 s",
	  KM_SCN_PEER_MIRROR, lost_syn_setup, lossy_run },
	{ "lost-synack", "the link loses the SYN-ACK: a retransmission brings it again",
	  KM_SCN_PEER_MIRROR, lost_synack_setup, lossy_run },
	{ NULL }
};
