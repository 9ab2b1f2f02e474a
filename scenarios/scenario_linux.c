// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror scenarios against the real Linux kernel only (--peer linux, over
 * TUN; docs/tun.md): the mirror as the server of a Linux client (with an
 * echo of its data), and UDP's ICMP error coming from Linux. connect,
 * connect-refused, connect-timeout (scenario.c) and echo (scenario_tcp.c)
 * also run against Linux.
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

/* The mirror listens on :80 and Linux's client connects to it: the
 * listener's descriptor, or -1 (after a result line). */
static long listen_for_linux(struct km_scn *c)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(KM_LINUX_PORT) };
	long lfd, ret;

	lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	km_scn_result(c, "server: socket(AF_INET, SOCK_STREAM, 0) = %s",
		      km_scn_errname(lfd));
	if (lfd < 0)
		return -1;
	ret = km_bind(c->srv, (int)lfd, &a, sizeof(a));
	km_scn_result(c, "server: bind(%ld, 0.0.0.0:%d) = %s", lfd, KM_LINUX_PORT,
		      km_scn_errname(ret));
	if (ret < 0)
		return -1;
	ret = km_listen(c->srv, (int)lfd, 16);
	km_scn_result(c, "server: listen(%ld, 16) = %s", lfd, km_scn_errname(ret));
	if (ret < 0)
		return -1;

	/* Linux's SYN is in the TUN device when connect() returns. */
	ret = km_scn_linux_connect(c, KM_LINUX_PORT);
	km_scn_result(c, "linux: connect(%s:%d) = %s", KM_TUN_MIRROR_ADDR,
		      KM_LINUX_PORT, km_scn_errname(ret));
	if (ret && ret != -EINPROGRESS)
		return -1;
	return lfd;
}

static int accept_run(struct km_scn *c)
{
	struct sockaddr_in peer;
	int plen = sizeof(peer);
	long lfd, afd;

	lfd = listen_for_linux(c);
	if (lfd < 0)
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

/* ---- echo-from-linux: a Linux client's "hello", echoed by the mirror ---- */

static int echo_from_linux_run(struct km_scn *c)
{
	char buf[64] = "", back[64] = "";
	long lfd, ret, afd, n, m;

	lfd = listen_for_linux(c);
	if (lfd < 0)
		return 1;
	km_call_start(c->srv, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	afd = km_call_wait(c->srv, WAIT_NS);
	km_scn_result(c, "server: accept(%ld) = %s", lfd, km_scn_errname(afd));
	if (afd < 0)
		return 1;

	/* The mirrored server sleeps in recv() until Linux's "hello". */
	km_call_start(c->srv, SYS_recvfrom, afd, (long)buf, sizeof(buf) - 1, 0, 0, 0);
	ret = km_scn_linux_send(c, "hello", 5);
	km_scn_result(c, "linux: send(\"hello\") = %s", km_scn_errname(ret));
	n = km_call_wait(c->srv, WAIT_NS);
	km_scn_result(c, "server: recv() = %s \"%s\"", km_scn_errname(n), n > 0 ? buf : "");
	if (n <= 0)
		return 1;
	ret = km_sendto(c->srv, (int)afd, buf, (size_t)n, 0, NULL, 0);
	km_scn_result(c, "server: send(\"%s\") = %s", buf, km_scn_errname(ret));
	m = km_scn_linux_recv(c, back, sizeof(back) - 1);
	km_scn_result(c, "linux: recv() = %s \"%s\"", km_scn_errname(m), m > 0 ? back : "");
	/* Linux's ACK of the echo reaches the mirror; then look at Linux. */
	km_world_run_for(c->w, WAIT_NS / 50);
	ret = km_scn_linux_conn_state(c);
	km_scn_result(c, "linux: its socket table: %s", km_linux_tcp_state_name((int)ret));

	km_scn_result(c, "server: close() = %s", km_scn_errname(km_close(c->srv, (int)afd)));
	km_close(c->srv, (int)lfd);
	return m != n || memcmp(buf, back, (size_t)n) != 0 || ret != 1 /* ESTABLISHED */;
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
	{ "echo-from-linux",
	  "a Linux client sends \"hello\" to a mirror server, which echoes it (--peer linux)",
	  KM_SCN_PEER_LINUX, accept_setup, echo_from_linux_run },
	{ "udp-refused-by-linux",
	  "UDP to a closed Linux port: ICMP port unreachable, ECONNREFUSED (--peer linux)",
	  KM_SCN_PEER_LINUX, udp_setup, udp_run },
	{ NULL }
};
