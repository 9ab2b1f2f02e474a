// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror scenarios: the TCP handshake seen from both ends (passive open),
 * with a lost segment on demand, simultaneous open, a SYN flood that SYN
 * cookies answer, a first exchange of data (echo), and the end of a
 * connection: the orderly close in each order, the aborts, TIME_WAIT and a
 * reconnect that meets it, a lost FIN.
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

/* ---- closing a connection ---- */

#define MS		1000000LL
#define TIME_WAIT_NS	(60 * SECOND)

/* A connection between the two hosts: its descriptors and its socks' trace names. */
struct pair {
	long	cfd, afd;		/* the client's socket, the server's accepted one */
	char	csock[32], ssock[32];	/* "sock#3": for the socks once orphaned */
};

/* Client and server connected (server: listen on :80 and accept). */
static int establish_pair(struct km_scn *c, struct pair *p)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	struct sockaddr_in srv = any;
	long lfd, ret;

	srv.sin_addr.s_addr = c->server_addr;
	lfd = km_socket(c->srv, AF_INET, SOCK_STREAM, 0);
	km_bind(c->srv, (int)lfd, &any, sizeof(any));
	km_listen(c->srv, (int)lfd, 128);
	km_call_start(c->srv, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	p->cfd = km_socket(c->app, AF_INET, SOCK_STREAM, 0);
	ret = km_connect(c->app, (int)p->cfd, &srv, sizeof(srv));
	p->afd = km_call_wait(c->srv, 10 * SECOND);
	km_scn_result(c, "connect() = %s, accept() = %s: ESTABLISHED at %.6f s",
		      km_scn_errname(ret), km_scn_errname(p->afd),
		      (double)km_world_now_ns(c->w) / 1e9);
	if (ret != 0 || p->afd < 0)
		return 1;
	km_fd_obj_name(c->app, (int)p->cfd, "sock", p->csock, sizeof(p->csock));
	km_fd_obj_name(c->srv, (int)p->afd, "sock", p->ssock, sizeof(p->ssock));
	return 0;
}

/* "TCP_FIN_WAIT2" of the sock behind fd, or "(closed)". */
static const char *fd_state(struct task_struct *t, long fd, char *buf, size_t len)
{
	if (km_fd_field(t, (int)fd, "sock", "sk_state", NULL, buf, len))
		snprintf(buf, len, "(closed)");
	return buf;
}

/* What a host holds of a connection nobody owns: "tw#1 TIME_WAIT", or the sock's state. */
static const char *orphan_state(struct host *h, const char *sock, char *buf, size_t len)
{
	char sub[48];

	if (!km_host_obj_field(h, "tw#1", "tw_substate", NULL, sub, sizeof(sub)))
		snprintf(buf, len, "tw#1 (timewait sock, substate %s)", sub);
	else if (!km_host_obj_field(h, sock, "sk_state", NULL, sub, sizeof(sub)))
		snprintf(buf, len, "%s %s (orphan)", sock, sub);
	else
		snprintf(buf, len, "nothing left");
	return buf;
}

/* 1 if the host holds nothing of the connection any more (sock freed, no tw#1). */
static int obj_gone_km(struct host *h, const char *sock)
{
	return km_host_obj_field(h, sock, "sk_state", NULL, NULL, 0) &&
	       km_host_obj_field(h, "tw#1", "tw_substate", NULL, NULL, 0);
}

static void report(struct km_scn *c, const char *when, const char *csock, long afd)
{
	char a[96], b[96];

	km_scn_result(c, "%s: client %s; server %s", when,
		      orphan_state(c->client, csock, a, sizeof(a)),
		      afd >= 0 ? fd_state(c->srv, afd, b, sizeof(b)) : "closed");
}

/* Both hosts mirrored, or the mirror as client of a Linux listener (--peer linux): echo and the closes. */
static int listener_setup(struct km_scn *c)
{
	if (!strcmp(c->opts->peer, "linux"))
		return km_scn_linux_peer_setup_role(c, KM_LINUX_LISTEN);
	return km_scn_two_hosts(c);
}

/*
 * Against Linux over TUN (real time): the mirror connects to Linux's
 * listener, then one side closes first and the other 100 ms later. What
 * Linux's own socket table shows is checked: CLOSE_WAIT then nothing when
 * the mirror closed first (TIME_WAIT is the mirror's tw#1), FIN_WAIT2 then
 * TIME_WAIT when Linux did.
 */
static int close_linux_run(struct km_scn *c, bool mirror_first)
{
	struct sockaddr_in srv = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	char sock[32], a[96];
	int st1, st2, bad;
	long fd, ret;

	srv.sin_addr.s_addr = c->server_addr;
	fd = km_socket(c->app, AF_INET, SOCK_STREAM, 0);
	ret = km_connect(c->app, (int)fd, &srv, sizeof(srv));
	km_scn_result(c, "client: connect(%ld, %s:%d) = %s", fd, inet_ntoa(srv.sin_addr),
		      SERVER_PORT, km_scn_errname(ret));
	if (ret)
		return 1;
	ret = km_scn_linux_accept(c);
	km_scn_result(c, "linux: accept() = %s, its socket table: %s",
		      ret >= 0 ? "a new socket" : km_scn_errname(ret),
		      km_linux_tcp_state_name(km_scn_linux_conn_state(c)));
	if (ret < 0)
		return 1;
	km_fd_obj_name(c->app, (int)fd, "sock", sock, sizeof(sock));
	if (mirror_first) {
		km_scn_result(c, "client: close() = %s", km_scn_errname(km_close(c->app, (int)fd)));
		km_world_run_for(c->w, 100 * MS);
		st1 = km_scn_linux_conn_state(c);
		km_scn_result(c, "100 ms later: client %s; linux: %s",
			      orphan_state(c->client, sock, a, sizeof(a)),
			      km_linux_tcp_state_name(st1));
		km_scn_result(c, "linux: close() = %s", km_scn_errname(km_scn_linux_close(c)));
		km_world_run_for(c->w, 100 * MS);
		st2 = km_scn_linux_conn_state(c);
		km_scn_result(c, "100 ms later: client %s; linux: %s",
			      orphan_state(c->client, sock, a, sizeof(a)),
			      km_linux_tcp_state_name(st2));
		bad = st1 != 8 /* TCP_CLOSE_WAIT */ || st2 >= 0 ||
		      km_host_obj_field(c->client, "tw#1", "tw_substate", NULL, NULL, 0);
	} else {
		km_scn_result(c, "linux: close() = %s", km_scn_errname(km_scn_linux_close(c)));
		km_world_run_for(c->w, 100 * MS);
		st1 = km_scn_linux_conn_state(c);
		km_scn_result(c, "100 ms later: client %s; linux: %s",
			      fd_state(c->app, fd, a, sizeof(a)), km_linux_tcp_state_name(st1));
		km_scn_result(c, "client: close() = %s", km_scn_errname(km_close(c->app, (int)fd)));
		km_world_run_for(c->w, 100 * MS);
		st2 = km_scn_linux_conn_state(c);
		km_scn_result(c, "100 ms later: client %s; linux: %s",
			      orphan_state(c->client, sock, a, sizeof(a)),
			      km_linux_tcp_state_name(st2));
		bad = st1 != 5 /* TCP_FIN_WAIT2 */ || st2 != 6 /* TCP_TIME_WAIT */ ||
		      obj_gone_km(c->client, sock) != 1;
	}
	return bad;
}

/* The client closes first: FIN_WAIT1/2 and TIME_WAIT on the client, CLOSE_WAIT/LAST_ACK on the server. */
static int close_run(struct km_scn *c)
{
	struct pair p;

	if (c->peer_ctx)
		return close_linux_run(c, true);
	if (establish_pair(c, &p))
		return 1;
	km_scn_result(c, "client: close() = %s", km_scn_errname(km_close(c->app, (int)p.cfd)));
	km_world_run_for(c->w, 10 * MS);
	report(c, "10 ms later", p.csock, p.afd);
	km_scn_result(c, "server: close() = %s", km_scn_errname(km_close(c->srv, (int)p.afd)));
	km_world_run_for(c->w, 10 * MS);
	report(c, "10 ms later", p.csock, -1);
	km_world_run_for(c->w, TIME_WAIT_NS);
	report(c, "60 s later", p.csock, -1);
	km_scn_result(c, "client: TcpExtTW %ld (timewait socks that ran their 60 s)",
		      km_host_mib(c->client, "TcpExtTW"));
	return 0;
}

/* The server closes first: TIME_WAIT lands on the server. */
static int close_by_server_run(struct km_scn *c)
{
	char a[96], b[96];
	struct pair p;

	if (c->peer_ctx)
		return close_linux_run(c, false);
	if (establish_pair(c, &p))
		return 1;
	km_scn_result(c, "server: close() = %s", km_scn_errname(km_close(c->srv, (int)p.afd)));
	km_world_run_for(c->w, 10 * MS);
	km_scn_result(c, "10 ms later: client %s; server %s",
		      fd_state(c->app, p.cfd, a, sizeof(a)),
		      orphan_state(c->server, p.ssock, b, sizeof(b)));
	km_scn_result(c, "client: close() = %s", km_scn_errname(km_close(c->app, (int)p.cfd)));
	km_world_run_for(c->w, 10 * MS);
	km_scn_result(c, "10 ms later: server %s", orphan_state(c->server, p.ssock, b, sizeof(b)));
	km_world_run_for(c->w, TIME_WAIT_NS);
	km_scn_result(c, "60 s later: server %s", orphan_state(c->server, p.ssock, b, sizeof(b)));
	return 0;
}

/* Both close at the same moment: the FINs cross, both pass through CLOSING. */
static int simclose_run(struct km_scn *c)
{
	char a[96], b[96];
	struct pair p;

	if (establish_pair(c, &p))
		return 1;
	km_call_start(c->app, SYS_close, p.cfd, 0, 0, 0, 0, 0);
	km_call_start(c->srv, SYS_close, p.afd, 0, 0, 0, 0, 0);
	km_scn_result(c, "client: close() = %s, server: close() = %s",
		      km_scn_errname(km_call_wait(c->app, SECOND)),
		      km_scn_errname(km_call_wait(c->srv, SECOND)));
	km_world_run_for(c->w, 1 * MS);
	km_scn_result(c, "1 ms later (FINs crossed): client %s; server %s",
		      orphan_state(c->client, p.csock, a, sizeof(a)),
		      orphan_state(c->server, p.ssock, b, sizeof(b)));
	km_world_run_for(c->w, 10 * MS);
	km_scn_result(c, "10 ms later: client %s; server %s",
		      orphan_state(c->client, p.csock, a, sizeof(a)),
		      orphan_state(c->server, p.ssock, b, sizeof(b)));
	return 0;
}

/* SO_LINGER {1, 0}: close() aborts with an RST instead of a FIN. */
static int linger_zero_run(struct km_scn *c)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	int err = 0, len = sizeof(err);
	char a[48];
	struct pair p;
	long ret;

	if (establish_pair(c, &p))
		return 1;
	ret = km_setsockopt(c->app, (int)p.cfd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	km_scn_result(c, "client: setsockopt(SO_LINGER, {1, 0}) = %s", km_scn_errname(ret));
	km_scn_result(c, "client: close() = %s", km_scn_errname(km_close(c->app, (int)p.cfd)));
	km_world_run_for(c->w, 10 * MS);
	km_getsockopt(c->srv, (int)p.afd, SOL_SOCKET, SO_ERROR, &err, &len);
	km_scn_result(c, "10 ms later: server %s, SO_ERROR %s; client TcpOutRsts %ld",
		      fd_state(c->srv, p.afd, a, sizeof(a)), km_scn_errname(-err),
		      km_host_mib(c->client, "TcpOutRsts"));
	return 0;
}

/* The server's "hello" is never read: close() throws it away and aborts with an RST. */
static int unread_run(struct km_scn *c)
{
	static const char msg[] = "hello";
	int err = 0, len = sizeof(err);
	struct pair p;
	char a[48];
	long ret;

	if (establish_pair(c, &p))
		return 1;
	ret = km_sendto(c->srv, (int)p.afd, msg, sizeof(msg) - 1, 0, NULL, 0);
	km_scn_result(c, "server: send(\"hello\") = %s", km_scn_errname(ret));
	km_world_run_for(c->w, 10 * MS);
	km_scn_result(c, "client: close() without reading = %s",
		      km_scn_errname(km_close(c->app, (int)p.cfd)));
	km_world_run_for(c->w, 10 * MS);
	km_getsockopt(c->srv, (int)p.afd, SOL_SOCKET, SO_ERROR, &err, &len);
	km_scn_result(c, "10 ms later: server %s, SO_ERROR %s; client TcpExtTCPAbortOnClose %ld, "
		      "TcpOutRsts %ld", fd_state(c->srv, p.afd, a, sizeof(a)),
		      km_scn_errname(-err), km_host_mib(c->client, "TcpExtTCPAbortOnClose"),
		      km_host_mib(c->client, "TcpOutRsts"));
	return 0;
}

/*
 * Two connections from the same client port to the same server: the
 * second meets the first's timewait sock. tcp_tw_reuse 1 lets connect()
 * take the 4-tuple over (timestamps, a second later); the server's
 * TIME_WAIT-free side accepts the new SYN.
 */
static int reconnect_tw_run(struct km_scn *c)
{
	struct sockaddr_in srv = { .sin_family = AF_INET, .sin_port = htons(SERVER_PORT) };
	struct sockaddr_in me;
	int mlen = sizeof(me);
	char a[96];
	struct pair p;
	long fd2, ret;

	srv.sin_addr.s_addr = c->server_addr;
	km_sysctl_set(c->client, "net.ipv4.ip_local_port_range[0]", 40000);
	km_sysctl_set(c->client, "net.ipv4.ip_local_port_range[1]", 40000);
	km_scn_result(c, "client: ip_local_port_range 40000 40000 (one port)");
	if (establish_pair(c, &p))
		return 1;
	km_close(c->app, (int)p.cfd);
	km_world_run_for(c->w, 10 * MS);
	km_close(c->srv, (int)p.afd);
	km_world_run_for(c->w, 10 * MS);
	km_scn_result(c, "both closed: client %s", orphan_state(c->client, p.csock, a, sizeof(a)));

	km_sysctl_set(c->client, "net.ipv4.ip_local_port_range[1]", 40001);
	fd2 = km_socket(c->app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ret = km_connect(c->app, (int)fd2, &srv, sizeof(srv));
	km_getsockname(c->app, (int)fd2, &me, &mlen);
	km_scn_result(c, "range 40000 40001, tcp_tw_reuse %ld: connect() = %s from port %d "
		      "(40000's 4-tuple is in TIME_WAIT)",
		      km_sysctl_get(c->client, "net.ipv4.tcp_tw_reuse"),
		      km_scn_errname(ret), ntohs(me.sin_port));
	km_close(c->app, (int)fd2);
	km_world_run_for(c->w, 2 * SECOND);

	km_sysctl_set(c->client, "net.ipv4.ip_local_port_range[1]", 40000);
	km_sysctl_set(c->client, "net.ipv4.tcp_tw_reuse", 1);
	fd2 = km_socket(c->app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ret = km_connect(c->app, (int)fd2, &srv, sizeof(srv));
	km_getsockname(c->app, (int)fd2, &me, &mlen);
	km_world_run_for(c->w, 10 * MS);
	km_scn_result(c, "2 s later, range 40000 40000, tcp_tw_reuse 1: connect() = %s from port %d, then %s",
		      km_scn_errname(ret), ntohs(me.sin_port), fd_state(c->app, fd2, a, sizeof(a)));
	km_scn_result(c, "client: TcpExtTWRecycled %ld; tw#1: %s",
		      km_host_mib(c->client, "TcpExtTWRecycled"),
		      km_host_obj_field(c->client, "tw#1", "tw_substate", NULL, NULL, 0) ?
		      "gone (taken over)" : "still there");
	return 0;
}

/* The client's first FIN is lost on the link: the RTO timer sends it again. */
static int lost_fin_setup(struct km_scn *c)
{
	int err = km_scn_two_hosts(c);

	if (err)
		return err;
	km_link_impair(c->link, 0, 1, KM_TH_FIN | KM_TH_ACK, KM_IMPAIR_DROP, 0);
	return 0;
}

static int lost_fin_run(struct km_scn *c)
{
	char a[96], b[96];
	struct pair p;

	if (establish_pair(c, &p))
		return 1;
	km_scn_result(c, "client: close() = %s; its FIN is lost",
		      km_scn_errname(km_close(c->app, (int)p.cfd)));
	km_world_run_for(c->w, 100 * MS);
	km_scn_result(c, "100 ms later: client %s; server %s",
		      orphan_state(c->client, p.csock, a, sizeof(a)),
		      fd_state(c->srv, p.afd, b, sizeof(b)));
	km_world_run_for(c->w, 2 * SECOND);
	km_scn_result(c, "2 s later (after the retransmission): client %s; server %s",
		      orphan_state(c->client, p.csock, a, sizeof(a)),
		      fd_state(c->srv, p.afd, b, sizeof(b)));
	km_scn_result(c, "client: TcpRetransSegs %ld, link: %lu frame(s) lost",
		      km_host_mib(c->client, "TcpRetransSegs"), km_link_dropped(c->link));
	km_close(c->srv, (int)p.afd);
	km_world_run_for(c->w, 10 * MS);
	return 0;
}

/*
 * echo: the server accepts and sleeps in recv(); the client sends
 * "hello", the server echoes it back, the client reads it; then both
 * close(), the client first. With --peer linux the server is Linux, in
 * kmirror's namespace.
 */

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
	{ "close", "orderly close, client first: FIN_WAIT1/2 and TIME_WAIT (tw#1, 60 s) on the client, CLOSE_WAIT/LAST_ACK on the server",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_LINUX, listener_setup, close_run },
	{ "close-by-server", "orderly close, server first: TIME_WAIT lands on the server",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_LINUX, listener_setup, close_by_server_run },
	{ "simultaneous-close", "both close() at once: the FINs cross, CLOSING on both sides, then TIME_WAIT",
	  KM_SCN_PEER_MIRROR, km_scn_two_hosts, simclose_run },
	{ "close-with-unread-data", "close() with unread data in the receive queue: an RST instead of a FIN (RFC 2525)",
	  KM_SCN_PEER_MIRROR, km_scn_two_hosts, unread_run },
	{ "linger-zero", "SO_LINGER {1, 0}: close() aborts with an RST, no FIN and no TIME_WAIT",
	  KM_SCN_PEER_MIRROR, km_scn_two_hosts, linger_zero_run },
	{ "reconnect-through-time-wait", "a second connect() meets the first's TIME_WAIT 4-tuple: skipped, then taken over with tcp_tw_reuse 1",
	  KM_SCN_PEER_MIRROR, km_scn_two_hosts, reconnect_tw_run },
	{ "lost-fin", "the client's FIN is lost: the retransmission timer resends it, then the close completes",
	  KM_SCN_PEER_MIRROR, lost_fin_setup, lost_fin_run },
	{ "echo", "connect, send \"hello\", the server echoes it back, both close(): the first exchange of data",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_LINUX, listener_setup, echo_run },
	{ NULL }
};
