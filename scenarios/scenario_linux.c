// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror scenarios against the real Linux kernel only (--peer linux, over
 * TUN; docs/tun.md): the mirror as the server of a Linux client, and UDP's
 * ICMP error coming from Linux. connect, connect-refused and
 * connect-timeout (scenario.c) also run against Linux.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include <kmapi/tun.h>
#include "scenario.h"
#include "linux_peer.h"

#define WAIT_NS		(5LL * 1000000000)	/* longest wait for Linux */
#define POLL_MS		2000

/* ---- accept-from-linux: passive open ---- */

static int accept_setup(struct km_scn *c)
{
	return km_scn_linux_peer_setup_role(c, KM_LINUX_CLIENT);
}

static int accept_run(struct km_scn *c)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(KM_LINUX_PORT) };
	struct sockaddr_in peer;
	int plen = sizeof(peer);
	long lfd, ret, afd;

	lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	km_scn_result(c, "server: socket(AF_INET, SOCK_STREAM, 0) = %s",
		      km_scn_errname(lfd));
	if (lfd < 0)
		return 1;
	ret = km_bind(c->srv, (int)lfd, &a, sizeof(a));
	km_scn_result(c, "server: bind(%ld, 0.0.0.0:%d) = %s", lfd, KM_LINUX_PORT,
		      km_scn_errname(ret));
	if (ret < 0)
		return 1;
	ret = km_listen(c->srv, (int)lfd, 16);
	km_scn_result(c, "server: listen(%ld, 16) = %s", lfd, km_scn_errname(ret));
	if (ret < 0)
		return 1;

	/* Linux's SYN is in the TUN device when connect() returns. */
	ret = km_scn_linux_connect(c, KM_LINUX_PORT);
	km_scn_result(c, "linux: connect(%s:%d) = %s", KM_TUN_MIRROR_ADDR,
		      KM_LINUX_PORT, km_scn_errname(ret));
	if (ret && ret != -EINPROGRESS)
		return 1;

	km_call_start(c->srv, SYS_accept4, lfd, (long)&peer, (long)&plen, 0, 0, 0);
	afd = km_call_wait(c->srv, WAIT_NS);
	if (afd == -KM_ESTILLBLOCKED) {
		km_scn_result(c, "server: accept(%ld) still blocked after %lld s",
			      lfd, WAIT_NS / 1000000000);
		return 1;
	}
	if (afd < 0) {
		km_scn_result(c, "server: accept(%ld) = %s", lfd, km_scn_errname(afd));
		return 1;
	}
	km_scn_result(c, "server: accept(%ld) = %ld, peer %s:%u", lfd, afd,
		      inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
	return ntohs(peer.sin_port) != km_scn_linux_client_port(c);
}

/* ---- udp-refused-by-linux: ICMP port unreachable ---- */

static int udp_setup(struct km_scn *c)
{
	return km_scn_linux_peer_setup_role(c, KM_LINUX_UDP_CLOSED);
}

static int udp_run(struct km_scn *c)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(KM_LINUX_UDP_PORT),
				 .sin_addr.s_addr = c->server_addr };
	static const char msg[] = "kmirror";
	struct pollfd p;
	long fd, ret;

	fd = km_socket(c->app, AF_INET, SOCK_DGRAM, 0);
	km_scn_result(c, "client: socket(AF_INET, SOCK_DGRAM, 0) = %s",
		      km_scn_errname(fd));
	if (fd < 0)
		return 1;
	ret = km_connect(c->app, (int)fd, &a, sizeof(a));
	km_scn_result(c, "client: connect(%ld, %s:%d) = %s", fd, KM_TUN_LINUX_ADDR,
		      KM_LINUX_UDP_PORT, km_scn_errname(ret));
	if (ret < 0)
		return 1;
	ret = km_sendto(c->app, (int)fd, msg, sizeof(msg) - 1, 0, NULL, 0);
	km_scn_result(c, "client: send(%ld, 7 bytes) = %s", fd, km_scn_errname(ret));
	if (ret < 0)
		return 1;
	/* Wait (bounded) for Linux's ICMP error to reach the socket. */
	p.fd = (int)fd;
	p.events = POLLIN;
	p.revents = 0;
	ret = km_poll(c->app, &p, 1, POLL_MS);
	km_scn_result(c, "client: poll(POLLIN, %d ms) = %s, revents 0x%x%s", POLL_MS,
		      km_scn_errname(ret), (unsigned int)p.revents,
		      p.revents & POLLERR ? " (POLLERR)" : "");
	ret = km_sendto(c->app, (int)fd, msg, sizeof(msg) - 1, 0, NULL, 0);
	km_scn_result(c, "client: send(%ld, 7 bytes) = %s", fd, km_scn_errname(ret));
	return ret != -ECONNREFUSED;
}

const struct km_scenario km_scenarios_linux[] = {
	{ "accept-from-linux",
	  "passive open: a Linux client connects to a mirror listener (--peer linux)",
	  KM_SCN_PEER_LINUX, accept_setup, accept_run },
	{ "udp-refused-by-linux",
	  "UDP to a closed Linux port: ICMP port unreachable, ECONNREFUSED (--peer linux)",
	  KM_SCN_PEER_LINUX, udp_setup, udp_run },
	{ NULL }
};
