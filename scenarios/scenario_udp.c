// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror scenarios: UDP connect() and ICMP errors.
 *
 *   udp-connect    a UDP socket connects to a port nobody listens on,
 *                  sends a datagram, the peer host answers ICMP port
 *                  unreachable, and the next recv() fails ECONNREFUSED.
 *   connect-icmp   a TCP connect() answered by an ICMP error
 *                  (--icmp port-unreach|host-unreach|net-unreach).
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/sim.h>
#include "scenario.h"

#define UDP_PORT	9		/* discard: nobody listens on the peer */
#define TCP_PORT	80
#define ROUTER_ADDR	"10.0.0.254"
#define ANSWER_DELAY_NS	2000000LL	/* the ICMP arrives 2 ms after */

/*
 * A scripted ICMP source on the client's test wire: every packet of the
 * chosen protocol the client sends is answered with an ICMP error of
 * (type, code) quoting it, from `from` — as a router (host/net
 * unreachable) or the peer host itself (port unreachable) would.
 */
struct icmp_answerer {
	const char	*kind;		/* the --icmp name */
	uint8_t		proto;		/* 6 TCP, 17 UDP */
	uint8_t		type, code;
	const char	*from;
	long		err;		/* what the call should fail with */
};

static const struct icmp_answerer answerers[] = {
	{ "udp", 17, 3, 3, "10.0.0.2", -ECONNREFUSED },
	{ "port-unreach", 6, 3, 3, "10.0.0.2", -ECONNREFUSED },
	{ "host-unreach", 6, 3, 1, ROUTER_ADDR, -EHOSTUNREACH },
	{ "net-unreach", 6, 3, 0, ROUTER_ADDR, -ENETUNREACH },
};

static const struct icmp_answerer *answerer_find(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(answerers) / sizeof(answerers[0]); i++)
		if (!strcmp(answerers[i].kind, kind))
			return &answerers[i];
	return NULL;
}

static void answer_tx(void *ctx, struct km_wire *w, const unsigned char *frame,
		      size_t len)
{
	const struct icmp_answerer *a = ctx;
	unsigned char out[700];
	struct km_seg in, s;
	size_t quote;
	int n;

	if (km_seg_parse(frame, len, &in) || in.protocol != a->proto)
		return;
	quote = len > 548 ? 548 : len;	/* RFC 1812: at most 576 bytes in all */
	memset(&s, 0, sizeof(s));
	inet_pton(AF_INET, a->from, &s.saddr);
	s.daddr = in.saddr;
	s.protocol = 1;
	s.tos = 0xc0;
	s.ttl = 64;
	s.icmp_type = a->type;
	s.icmp_code = a->code;
	s.payload = frame;
	s.payload_len = quote;
	n = km_seg_build(&s, out, sizeof(out));
	if (n > 0)
		km_wire_inject_at(w, ANSWER_DELAY_NS, out, (size_t)n);
}

/* The client on a test wire with the answerer behind it. */
static int client_with_answerer(struct km_scn *c, const struct icmp_answerer *a)
{
	c->client = km_host_new(c->w, "client");
	c->wire = km_wire_new(c->client, "eth0", 1500);
	if (!c->wire || km_host_add_addr(c->client, "eth0", "10.0.0.1/24") ||
	    km_host_add_route(c->client, "default", ROUTER_ADDR, "eth0", "unicast")) {
		fprintf(stderr, "kmirror: cannot build the client host\n");
		return 1;
	}
	km_wire_set_keep(c->wire, false);
	km_wire_set_tx_hook(c->wire, answer_tx, (void *)(uintptr_t)a);
	c->app = km_task_new(c->client, "app", 1000);
	return 0;
}

/* ---- udp-connect ---- */

static int udp_setup(struct km_scn *c)
{
	inet_pton(AF_INET, "10.0.0.2", &c->server_addr);
	if (!strcmp(c->opts->peer, "script"))
		return client_with_answerer(c, answerer_find("udp"));
	/* --peer mirror: the server host's own icmp_send() answers. */
	return km_scn_two_hosts(c);
}

static int udp_run(struct km_scn *c)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(UDP_PORT) };
	char buf[32];
	long fd, ret;

	a.sin_addr.s_addr = c->server_addr;
	fd = km_socket(c->app, AF_INET, SOCK_DGRAM, 0);
	km_scn_result(c, "client: socket(AF_INET, SOCK_DGRAM, 0) = %s", km_scn_errname(fd));
	if (fd < 0)
		return 1;
	ret = km_connect(c->app, (int)fd, &a, sizeof(a));
	km_scn_result(c, "client: connect(%ld, 10.0.0.2:%d) = %s (no packet: the socket "
		      "is now TCP_ESTABLISHED, still SS_UNCONNECTED)", fd, UDP_PORT,
		      km_scn_errname(ret));
	if (ret)
		return 1;
	ret = km_sendto(c->app, (int)fd, "hello", 5, 0, NULL, 0);
	km_scn_result(c, "client: send(%ld, \"hello\", 5) = %s", fd, km_scn_errname(ret));
	ret = km_recvfrom(c->app, (int)fd, buf, sizeof(buf), 0, NULL, NULL);
	km_scn_result(c, "client: recv(%ld) = %s (the ICMP port unreachable from 10.0.0.2, "
		      "reported once)", fd, km_scn_errname(ret));
	if (ret != -ECONNREFUSED)
		return 1;
	ret = km_recvfrom(c->app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
	km_scn_result(c, "client: recv(%ld, MSG_DONTWAIT) = %s (the error was consumed)",
		      fd, km_scn_errname(ret));
	km_scn_result(c, "after %.6f s of virtual time", (double)km_world_now_ns(c->w) / 1e9);
	return ret != -EAGAIN;
}

/* ---- connect-icmp ---- */

static const struct icmp_answerer *icmp_kind(const struct km_scn *c)
{
	return answerer_find(c->opts->icmp ? c->opts->icmp : "host-unreach");
}

static int icmp_setup(struct km_scn *c)
{
	const struct icmp_answerer *a = icmp_kind(c);

	if (!a || a->proto != 6) {
		fprintf(stderr, "kmirror: --icmp is port-unreach, host-unreach or net-unreach\n");
		return 2;
	}
	inet_pton(AF_INET, "10.0.0.2", &c->server_addr);
	return client_with_answerer(c, a);
}

static int icmp_run(struct km_scn *c)
{
	const struct icmp_answerer *a = icmp_kind(c);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(TCP_PORT) };
	long fd, ret;
	int err = 0, len = sizeof(err);

	sa.sin_addr.s_addr = c->server_addr;
	fd = km_socket(c->app, AF_INET, SOCK_STREAM, 0);
	km_scn_result(c, "client: socket(AF_INET, SOCK_STREAM, 0) = %s", km_scn_errname(fd));
	if (fd < 0)
		return 1;
	ret = km_connect(c->app, (int)fd, &sa, sizeof(sa));
	km_scn_result(c, "client: connect(%ld, 10.0.0.2:%d) = %s (ICMP type %u code %u "
		      "from %s quoting the SYN)", fd, TCP_PORT, km_scn_errname(ret),
		      a->type, a->code, a->from);
	km_getsockopt(c->app, (int)fd, SOL_SOCKET, SO_ERROR, &err, &len);
	km_scn_result(c, "client: getsockopt(SO_ERROR) = %d (connect() already reported it)",
		      err);
	km_scn_result(c, "after %.6f s of virtual time", (double)km_world_now_ns(c->w) / 1e9);
	return ret != a->err;
}

const struct km_scenario km_scenarios_udp[] = {
	{ "udp-connect", "UDP connect(), send, ICMP port unreachable, ECONNREFUSED on recv",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_SCRIPT, udp_setup, udp_run },
	{ "connect-icmp", "TCP connect() failing on ICMP (--icmp port-unreach|host-unreach|"
	  "net-unreach; the ICMP comes from a scripted router/peer on the wire)",
	  KM_SCN_PEER_MIRROR | KM_SCN_PEER_SCRIPT, icmp_setup, icmp_run,
	  KM_SCN_OPT_ICMP },
	{ NULL }
};
