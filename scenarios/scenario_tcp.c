// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror scenarios: the TCP handshake seen from both ends (passive open),
 * with a lost segment on demand, simultaneous open, a SYN flood that SYN
 * cookies answer, and a first exchange of data (echo).
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/sim.h>
#include "scenario.h"
#include "linux_peer.h"

#define SERVER_PORT	80
#define SECOND		1000000000LL

static int handshake_setup(struct km_scn *c)
{
	int err = km_scn_two_hosts(c);
	const char *d = c->opts->drop;

	if (err || !d)
		return err;
	/* direction 0: client -> server, 1: server -> client */
	if (!strcmp(d, "syn"))
		km_link_impair(c->link, 0, 1, KM_TH_SYN, KM_IMPAIR_DROP, 0);
	else if (!strcmp(d, "synack"))
		km_link_impair(c->link, 1, 1, KM_TH_SYN | KM_TH_ACK, KM_IMPAIR_DROP, 0);
	else if (!strcmp(d, "ack"))
		km_link_impair(c->link, 0, 1, KM_TH_ACK, KM_IMPAIR_DROP, 0);
	return 0;
}

/* Server: socket, bind :80, listen, accept (blocking); client: socket, connect. */
static int handshake_run(struct km_scn *c)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	struct sockaddr_in srv = any;
	long lfd, fd, ret, afd;

	srv.sin_addr.s_addr = c->server_addr;
	lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	km_scn_result(c, "server: socket() = %s", km_scn_errname(lfd));
	ret = km_bind(c->srv, (int)lfd, &any, sizeof(any));
	km_scn_result(c, "server: bind(0.0.0.0:%d) = %s", SERVER_PORT, km_scn_errname(ret));
	ret = km_listen(c->srv, (int)lfd, 128);
	km_scn_result(c, "server: listen(128) = %s", km_scn_errname(ret));
	km_call_start(c->srv, SYS_accept4, lfd, 0, 0, 0, 0, 0);

	fd = km_socket(c->app, AF_INET, SOCK_STREAM, 0);
	km_scn_result(c, "client: socket() = %s", km_scn_errname(fd));
	ret = km_connect(c->app, (int)fd, &srv, sizeof(srv));
	km_scn_result(c, "client: connect(%ld, 10.0.0.2:%d) = %s at %.6f s", fd,
		      SERVER_PORT, km_scn_errname(ret), (double)km_world_now_ns(c->w) / 1e9);
	afd = km_call_wait(c->srv, 10 * SECOND);
	km_scn_result(c, "server: accept() = %s at %.6f s", km_scn_errname(afd),
		      (double)km_world_now_ns(c->w) / 1e9);
	if (c->link && km_link_dropped(c->link))
		km_scn_result(c, "link: %lu frame(s) lost", km_link_dropped(c->link));
	return ret != 0 || afd < 0;
}

/* Both hosts connect() to each other at the same moment. */
static int simopen_run(struct km_scn *c)
{
	struct sockaddr_in ca = { .sin_family = AF_INET, .sin_port = htons(5001) };
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(5002) };
	long a, b, ra, rb;

	inet_pton(AF_INET, "10.0.0.1", &ca.sin_addr);
	sa.sin_addr.s_addr = c->server_addr;
	a = km_socket(c->app, AF_INET, SOCK_STREAM, 0);
	b = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	km_bind(c->app, (int)a, &ca, sizeof(ca));
	km_bind(c->srv, (int)b, &sa, sizeof(sa));
	km_call_start(c->app, SYS_connect, a, (long)&sa, sizeof(sa), 0, 0, 0);
	km_call_start(c->srv, SYS_connect, b, (long)&ca, sizeof(ca), 0, 0, 0);
	ra = km_call_wait(c->app, 10 * SECOND);
	rb = km_call_wait(c->srv, 10 * SECOND);
	km_scn_result(c, "client: connect(%ld, 10.0.0.2:5002) = %s", a, km_scn_errname(ra));
	km_scn_result(c, "server: connect(%ld, 10.0.0.1:5001) = %s", b, km_scn_errname(rb));
	return ra != 0 || rb != 0;
}

/* The first two handshakes never finish at the server: their final ACKs
 * are lost, so both requests stay in its SYN queue (backlog 2). */
static int synflood_setup(struct km_scn *c)
{
	int err = km_scn_two_hosts(c);

	if (err)
		return err;
	km_link_impair(c->link, 0, 1, KM_TH_ACK, KM_IMPAIR_DROP, 0);
	/* each impairment counts only the frames the ones before let by */
	km_link_impair(c->link, 0, 1, KM_TH_ACK, KM_IMPAIR_DROP, 0);
	return 0;
}

/*
 * Server: listen(2). Client: three non-blocking connects. The first two
 * fill the server's SYN queue (their ACKs are lost); the third SYN finds
 * it full and gets a SYN cookie, and its ACK creates the connection that
 * accept() returns.
 */
static int synflood_run(struct km_scn *c)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	struct sockaddr_in srv = any;
	long lfd, fd, ret, afd;
	int i;

	srv.sin_addr.s_addr = c->server_addr;
	lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	km_bind(c->srv, (int)lfd, &any, sizeof(any));
	ret = km_listen(c->srv, (int)lfd, 2);
	km_scn_result(c, "server: listen(2) = %s", km_scn_errname(ret));
	for (i = 1; i <= 3; i++) {
		fd = km_socket(c->app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		ret = km_connect(c->app, (int)fd, &srv, sizeof(srv));
		km_scn_result(c, "client: connect(fd %ld, 10.0.0.2:%d) #%d = %s", fd,
			      SERVER_PORT, i, km_scn_errname(ret));
		km_world_run_for(c->w, 5000000LL);
	}
	km_call_start(c->srv, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	afd = km_call_wait(c->srv, SECOND / 10);
	km_scn_result(c, "server: accept() = %s (the connection rebuilt from a SYN cookie)",
		      km_scn_errname(afd));
	km_scn_result(c, "server: TcpExtSyncookiesSent %ld, TcpExtSyncookiesRecv %ld",
		      km_host_mib(c->server, "TcpExtSyncookiesSent"),
		      km_host_mib(c->server, "TcpExtSyncookiesRecv"));
	return afd < 0;
}

/*
 * echo: the server accepts and sleeps in recv(); the client sends
 * "hello", the server echoes it back, the client reads it; then both
 * close() (until orderly close is mirrored, close() of an established
 * connection aborts it with an RST). With --peer linux the server is
 * Linux, in kmirror's namespace.
 */
static int echo_setup(struct km_scn *c)
{
	if (!strcmp(c->opts->peer, "linux"))
		return km_scn_linux_peer_setup_role(c, KM_LINUX_LISTEN);
	return km_scn_two_hosts(c);
}

/* The mirrored server: listen on :80 and wait in accept(). */
static long echo_listen(struct km_scn *c)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	long lfd, ret;

	lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	km_bind(c->srv, (int)lfd, &any, sizeof(any));
	ret = km_listen(c->srv, (int)lfd, 128);
	km_scn_result(c, "server: listen(0.0.0.0:%d) = %s", SERVER_PORT, km_scn_errname(ret));
	km_call_start(c->srv, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	return lfd;
}

/* The server's half of the echo: the request in, the same bytes out. */
static long echo_serve(struct km_scn *c, long afd, char *buf, size_t len)
{
	long n;

	if (c->peer_ctx) {
		n = km_scn_linux_recv(c, buf, len);
		km_scn_result(c, "linux: recv() = %s \"%s\"", km_scn_errname(n),
			      n > 0 ? buf : "");
		if (n <= 0)
			return n;
		km_scn_result(c, "linux: send(\"%s\") = %s", buf,
			      km_scn_errname(km_scn_linux_send(c, buf, (size_t)n)));
		return n;
	}
	n = km_call_wait(c->srv, 10 * SECOND);
	km_scn_result(c, "server: recv() = %s \"%s\" at %.6f s", km_scn_errname(n),
		      n > 0 ? buf : "", (double)km_world_now_ns(c->w) / 1e9);
	if (n <= 0)
		return n;
	km_scn_result(c, "server: send(\"%s\") = %s", buf,
		      km_scn_errname(km_sendto(c->srv, (int)afd, buf, (size_t)n, 0, NULL, 0)));
	return n;
}

static int echo_run(struct km_scn *c)
{
	struct sockaddr_in srv = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT),
				   .sin_addr.s_addr = c->server_addr };
	char sbuf[64] = "", cbuf[64] = "";
	long lfd = -1, fd, ret, afd, n, m;

	if (!c->peer_ctx)
		lfd = echo_listen(c);
	fd = km_socket(c->app, AF_INET, SOCK_STREAM, 0);
	ret = km_connect(c->app, (int)fd, &srv, sizeof(srv));
	km_scn_result(c, "client: connect(%ld, %s:%d) = %s", fd,
		      inet_ntoa(srv.sin_addr), SERVER_PORT, km_scn_errname(ret));
	afd = c->peer_ctx ? km_scn_linux_accept(c) : km_call_wait(c->srv, 10 * SECOND);
	km_scn_result(c, "%s: accept() = %s", c->peer_ctx ? "linux" : "server",
		      c->peer_ctx ? (afd >= 0 ? "a new socket" : km_scn_errname(afd))
				  : km_scn_errname(afd));
	if (ret || afd < 0)
		return 1;

	/* The mirrored server sleeps in recv() (sk_wait_data) until "hello". */
	if (!c->peer_ctx)
		km_call_start(c->srv, SYS_recvfrom, afd, (long)sbuf, sizeof(sbuf) - 1,
			      0, 0, 0);
	ret = km_sendto(c->app, (int)fd, "hello", 5, 0, NULL, 0);
	km_scn_result(c, "client: send(\"hello\") = %s", km_scn_errname(ret));
	n = echo_serve(c, afd, sbuf, sizeof(sbuf) - 1);
	if (n <= 0)
		return 1;
	m = km_recvfrom(c->app, (int)fd, cbuf, sizeof(cbuf) - 1, 0, NULL, NULL);
	km_scn_result(c, "client: recv() = %s \"%s\"", km_scn_errname(m),
		      m > 0 ? cbuf : "");
	if (c->peer_ctx) {
		/* Let the mirror's ACK of the echo reach Linux, then look. */
		km_world_run_for(c->w, SECOND / 10);
		km_scn_result(c, "linux: its socket table: %s",
			      km_linux_tcp_state_name(km_scn_linux_conn_state(c)));
		if (km_scn_linux_conn_state(c) != 1)	/* TCP_ESTABLISHED */
			return 1;
	}

	/* Let what is due run (ACKs, timers), then close both ends. */
	km_world_run_for(c->w, SECOND / 2);
	km_scn_result(c, "client: close() = %s", km_scn_errname(km_close(c->app, (int)fd)));
	if (!c->peer_ctx) {
		km_scn_result(c, "server: close() = %s",
			      km_scn_errname(km_close(c->srv, (int)afd)));
		km_close(c->srv, (int)lfd);
	}
	return m != n || memcmp(sbuf, cbuf, (size_t)n) != 0;
}

const struct km_scenario km_scenarios_tcp[] = {
	{ "handshake", "both ends: listen/accept on the server, connect on the client (--drop syn|synack|ack)",
	  KM_SCN_PEER_MIRROR, handshake_setup, handshake_run, KM_SCN_OPT_DROP },
	{ "simultaneous-open", "both hosts connect() to each other at once: SYN_RECV on both sides",
	  KM_SCN_PEER_MIRROR, km_scn_two_hosts, simopen_run },
	{ "syn-flood", "a full SYN queue (backlog 2, final ACKs lost): the next SYN gets a SYN cookie, its ACK a connection",
	  KM_SCN_PEER_MIRROR, synflood_setup, synflood_run },
	{ "echo", "connect, send \"hello\", the server echoes it back, both close(): the first exchange of data",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_LINUX, echo_setup, echo_run },
	{ NULL }
};
