// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors received: icmp_rcv -> icmp_unreach -> icmp_socket_deliver ->
 * udp_err / tcp_v4_err. UDP's rules (net/ipv4/udp.c:680-729), a pending
 * error reported exactly once (include/net/sock.h:2147), the error queue
 * (IP_RECVERR, MSG_ERRQUEUE), TCP in SYN_SENT (net/ipv4/tcp_ipv4.c:572),
 * and malformed
 * ICMP messages ignored safely.
 *
 * The host under test is 10.0.0.1 on a test wire; the test plays the peer
 * 10.0.0.2 and the router 10.0.0.254 that send the ICMP messages.
 */
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <netinet/tcp.h>
#include "kmtest.h"

struct kmt_ee {			/* struct sock_extended_err */
	uint32_t ee_errno;
	uint8_t ee_origin, ee_type, ee_code, ee_pad;
	uint32_t ee_info, ee_data;
};
#define SO_EE_ORIGIN_ICMP	2

#define PEER_PORT	5353
#define NSEC		1000000000LL

/* ---- helpers ---- */

static long udp_connected(struct task_struct *t, int port)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, port);
	long fd = km_socket(t, AF_INET, SOCK_DGRAM, 0);

	ck_assert_msg(fd >= 0, "[%s] socket: %s", T.step, kmt_errname(fd));
	kmt_assert_ret(km_connect(t, (int)fd, &a, sizeof(a)), 0);
	return fd;
}

static void set_int(long fd, int level, int name, int v)
{
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, level, name, &v, sizeof(v)), 0);
}

static int so_error(long fd)
{
	int v = -1, len = sizeof(v);

	kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_ERROR, &v, &len), 0);
	return v;
}

/* Send a datagram on fd and take the frame off the wire (raw). */
static int send_and_capture(long fd, const struct sockaddr_in *to,
			    unsigned char *frame, size_t cap)
{
	kmt_assert_ret(km_sendto(T.app, (int)fd, "payload!", 8, 0, to,
				 to ? (int)sizeof(*to) : 0), 8);
	ck_assert_msg(km_wire_pending(T.wire) > 0, "[%s] nothing sent", T.step);
	return km_wire_recv(T.wire, frame, cap);
}

static long recv_dontwait(long fd, char *buf, size_t len)
{
	return km_recvfrom(T.app, (int)fd, buf, len, MSG_DONTWAIT, NULL, NULL);
}

/* ---- UDP: a pending error is reported exactly once ---- */
/* include/net/sock.h:2147; by recv net/ipv4/udp.c:1648, by send
 * net/core/sock.c:2071, by SO_ERROR net/core/sock.c:1162 */

START_TEST(test_port_unreachable_is_reported_once_by_recv)
{
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	int n = send_and_capture(fd, NULL, d, sizeof(d));
	char buf[32];

	kmt_step("ICMP port unreachable from the peer, quoting our datagram");
	kmt_trace_start();
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	kmt_trace_stop();
	kmt_assert_chain("icmp_rcv", "icmp_unreach", "icmp_socket_deliver", "udp_err",
			 "__udp4_lib_err", "__udp4_lib_lookup");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "ECONNREFUSED");
	kmt_step("the next recv() returns ECONNREFUSED");
	kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -ECONNREFUSED);
	kmt_step("once: then EAGAIN, and SO_ERROR is 0");
	kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -EAGAIN);
	ck_assert_int_eq(so_error(fd), 0);
	ck_assert_int_eq(km_host_mib(T.h, "IcmpInDestUnreachs"), 1);
}
END_TEST

START_TEST(test_port_unreachable_is_reported_once_by_send)
{
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	int n = send_and_capture(fd, NULL, d, sizeof(d));
	struct km_seg s;

	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	kmt_step("the next send() returns ECONNREFUSED and sends nothing");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "again", 5, 0, NULL, 0), -ECONNREFUSED);
	kmt_wire_expect_none();
	kmt_step("the one after is sent");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "again", 5, 0, NULL, 0), 5);
	kmt_wire_expect(&s);
	ck_assert_int_eq(s.protocol, 17);
	ck_assert_int_eq(so_error(fd), 0);
}
END_TEST

START_TEST(test_port_unreachable_is_reported_once_by_so_error)
{
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	int n = send_and_capture(fd, NULL, d, sizeof(d));
	char buf[8];

	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	kmt_step("SO_ERROR reads ECONNREFUSED and clears it");
	ck_assert_int_eq(so_error(fd), ECONNREFUSED);
	ck_assert_int_eq(so_error(fd), 0);
	kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -EAGAIN);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
}
END_TEST

START_TEST(test_pending_error_comes_before_queued_datagrams)
{
	long fd = udp_connected(T.app, PEER_PORT);
	uint16_t port = (uint16_t)kmt_field_u(T.app, (int)fd, "sock", "inet_num");
	unsigned char d[256], f[256];
	int n = send_and_capture(fd, NULL, d, sizeof(d)), m;
	struct km_seg s;
	char buf[32];

	kmt_step("a datagram from the peer is queued, then the ICMP error arrives");
	km_seg_init_tcp(&s, T.peer, PEER_PORT, T.client, port);
	s.protocol = 17;
	s.payload = (const uint8_t *)"queued";
	s.payload_len = 6;
	m = km_seg_build(&s, f, sizeof(f));
	kmt_wire_inject_raw(f, (size_t)m);
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	kmt_step("recv() reports the error first, then the datagram");
	kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -ECONNREFUSED);
	kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), 6);
	ck_assert(!memcmp(buf, "queued", 6));
}
END_TEST

START_TEST(test_blocked_recv_is_woken_by_the_error_and_poll_shows_pollerr)
{
	long fd = udp_connected(T.app, PEER_PORT), fd2;
	unsigned char d[256], d2[256];
	int n = send_and_capture(fd, NULL, d, sizeof(d)), n2;
	struct pollfd p;
	char buf[16];

	kmt_step("recv() blocks; the ICMP error wakes it with ECONNREFUSED");
	km_call_start(T.app, SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0, 0);
	ck_assert(!km_call_done(T.app));
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	kmt_assert_ret(km_call_wait(T.app, NSEC), -ECONNREFUSED);

	kmt_step("poll() reports POLLERR while an error is pending");
	fd2 = udp_connected(T.app, PEER_PORT + 1);
	n2 = send_and_capture(fd2, NULL, d2, sizeof(d2));
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d2, (size_t)n2);
	p.fd = (int)fd2;
	p.events = POLLIN;
	p.revents = 0;
	kmt_assert_ret(km_poll(T.app, &p, 1, 0), 1);
	ck_assert_msg(p.revents & POLLERR, "[%s] revents 0x%x", T.step, p.revents);
	ck_assert_int_eq(so_error(fd2), ECONNREFUSED);
	p.revents = 0;
	kmt_assert_ret(km_poll(T.app, &p, 1, 0), 0);
}
END_TEST

/* ---- UDP: which errors count (__udp4_lib_err, net/ipv4/udp.c:680-729) ---- */

struct err_case {
	const char	*name;
	int		type, code;
	int		err;		/* the errno udp_err maps it to, 0: ignored */
	bool		hard;
};

static const struct err_case udp_cases[] = {
	{ "net unreachable", 3, 0, ENETUNREACH, false },
	{ "host unreachable", 3, 1, EHOSTUNREACH, false },
	{ "protocol unreachable", 3, 2, ENOPROTOOPT, true },
	{ "port unreachable", 3, 3, ECONNREFUSED, true },
	{ "fragmentation needed (PMTUDISC_WANT)", 3, 4, EMSGSIZE, true },
	{ "source route failed", 3, 5, EOPNOTSUPP, false },
	{ "net unknown", 3, 6, ENETUNREACH, true },
	{ "host unknown", 3, 7, EHOSTDOWN, true },
	{ "host isolated", 3, 8, ENONET, true },
	{ "net prohibited", 3, 9, ENETUNREACH, true },
	{ "host prohibited", 3, 10, EHOSTUNREACH, true },
	{ "net unreachable for TOS", 3, 11, ENETUNREACH, false },
	{ "host unreachable for TOS", 3, 12, EHOSTUNREACH, false },
	{ "communication prohibited (filtered)", 3, 13, EHOSTUNREACH, true },
	{ "host precedence violation", 3, 14, EHOSTUNREACH, true },
	{ "precedence cutoff", 3, 15, EHOSTUNREACH, true },
	{ "dest unreachable code 16 (unknown)", 3, 16, 0, false },
	{ "source quench", 4, 0, 0, false },
	{ "time exceeded in transit", 11, 0, EHOSTUNREACH, false },
	{ "time exceeded in reassembly", 11, 1, 0, false },
	{ "parameter problem", 12, 0, EPROTO, true },
};

START_TEST(test_udp_error_mapping_connected_without_recverr)
{
	const struct err_case *c = &udp_cases[_i];
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	int n = send_and_capture(fd, NULL, d, sizeof(d));
	char buf[8];

	kmt_step("%s (type %d code %d), connected, no IP_RECVERR: %s", c->name,
		 c->type, c->code, c->hard ? "reported" : "ignored");
	kmt_inject_icmp(KMT_GATEWAY, c->type, c->code, 0, d, (size_t)n);
	if (c->hard) {
		kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -c->err);
	} else {
		ck_assert_int_eq(so_error(fd), 0);
		kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -EAGAIN);
	}
}
END_TEST

START_TEST(test_udp_error_mapping_with_recverr_reports_soft_errors_too)
{
	const struct err_case *c = &udp_cases[_i];
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	int n;
	char buf[8];

	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_and_capture(fd, NULL, d, sizeof(d));
	kmt_step("%s (type %d code %d) with IP_RECVERR", c->name, c->type, c->code);
	kmt_inject_icmp(KMT_GATEWAY, c->type, c->code, 0, d, (size_t)n);
	if (c->err) {
		kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -c->err);
		kmt_step("and a report waits on the error queue");
		kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_ERRQUEUE,
					   NULL, NULL), 8);
	} else {
		ck_assert_int_eq(so_error(fd), 0);
		kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_ERRQUEUE,
					   NULL, NULL), -EAGAIN);
	}
}
END_TEST

START_TEST(test_frag_needed_with_pmtudisc_dont_is_ignored)
{
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	int n;

	set_int(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT);
	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_and_capture(fd, NULL, d, sizeof(d));
	kmt_step("frag needed, PMTUDISC_DONT: no error, even with IP_RECVERR");
	kmt_inject_icmp(KMT_GATEWAY, 3, 4, 1400, d, (size_t)n);
	ck_assert_int_eq(so_error(fd), 0);
}
END_TEST

START_TEST(test_unconnected_socket_ignores_errors_without_recverr)
{
	struct sockaddr_in to = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);
	unsigned char d[256];
	int n = send_and_capture(fd, &to, d, sizeof(d));
	char buf[8];

	kmt_step("port unreachable for an unconnected socket: ignored (RFC 1122 4.1.3.3)");
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	ck_assert_int_eq(so_error(fd), 0);
	kmt_assert_ret(recv_dontwait(fd, buf, sizeof(buf)), -EAGAIN);
}
END_TEST

/* IP_RECVERR and MSG_ERRQUEUE (ip_icmp_error, net/ipv4/ip_sockglue.c:390-406) */
START_TEST(test_error_queue_report_is_complete)
{
	struct sockaddr_in to = kmt_addr(KMT_PEER, PEER_PORT), name;
	long fd = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);
	unsigned char d[256];
	char data[64], ctl[128];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m;
	struct cmsghdr *c;
	struct kmt_ee *ee;
	struct sockaddr_in *off;
	int n;

	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_and_capture(fd, &to, d, sizeof(d));
	kmt_step("unconnected, IP_RECVERR: the error is queued and pending");
	kmt_trace_start();
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, d, (size_t)n);
	kmt_trace_stop();
	kmt_assert_chain("__udp4_lib_err", "ip_icmp_error", "sock_queue_err_skb");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "EHOSTUNREACH");

	kmt_step("recvmsg(MSG_ERRQUEUE): the quoted payload, the destination, the report");
	memset(&m, 0, sizeof(m));
	memset(&name, 0, sizeof(name));
	m.msg_name = &name;
	m.msg_namelen = sizeof(name);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	kmt_assert_ret(km_recvmsg(T.app, (int)fd, &m, MSG_ERRQUEUE), 8);
	ck_assert(!memcmp(data, "payload!", 8));
	ck_assert_msg(m.msg_flags & MSG_ERRQUEUE, "[%s] msg_flags 0x%x", T.step, m.msg_flags);
	ck_assert_int_eq(m.msg_namelen, sizeof(name));
	ck_assert_uint_eq(name.sin_addr.s_addr, T.peer);
	ck_assert_uint_eq(ntohs(name.sin_port), PEER_PORT);
	c = CMSG_FIRSTHDR(&m);
	ck_assert_msg(c != NULL, "[%s] no cmsg", T.step);
	ck_assert_int_eq(c->cmsg_level, SOL_IP);
	ck_assert_int_eq(c->cmsg_type, IP_RECVERR);
	ck_assert_int_eq(c->cmsg_len, CMSG_LEN(sizeof(*ee) + sizeof(struct sockaddr_in)));
	ee = (struct kmt_ee *)CMSG_DATA(c);
	ck_assert_int_eq(ee->ee_errno, EHOSTUNREACH);
	ck_assert_int_eq(ee->ee_origin, SO_EE_ORIGIN_ICMP);
	ck_assert_int_eq(ee->ee_type, 3);
	ck_assert_int_eq(ee->ee_code, 1);
	ck_assert_int_eq(ee->ee_info, 0);
	ck_assert_int_eq(ee->ee_data, 0);
	off = (struct sockaddr_in *)(ee + 1);
	ck_assert_int_eq(off->sin_family, AF_INET);
	kmt_step("SO_EE_OFFENDER: the router that sent the ICMP message");
	{
		uint32_t gw;

		inet_pton(AF_INET, KMT_GATEWAY, &gw);
		ck_assert_uint_eq(off->sin_addr.s_addr, gw);
	}
	kmt_step("reading the only report cleared sk_err");
	ck_assert_int_eq(so_error(fd), 0);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, data, sizeof(data), MSG_ERRQUEUE,
				   NULL, NULL), -EAGAIN);
}
END_TEST

START_TEST(test_two_reports_the_second_errno_stays_pending)
{
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	char buf[16];
	int n;

	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_and_capture(fd, NULL, d, sizeof(d));
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, d, (size_t)n);
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "ECONNREFUSED");
	kmt_step("reading the first report makes the second's errno pending");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_ERRQUEUE, NULL, NULL), 8);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "ECONNREFUSED");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_ERRQUEUE, NULL, NULL), 8);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "0");
	kmt_step("a short buffer: MSG_TRUNC on the error queue too");
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	{
		struct iovec iov = { buf, 3 };
		struct msghdr m;

		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		kmt_assert_ret(km_recvmsg(T.app, (int)fd, &m, MSG_ERRQUEUE), 3);
		ck_assert(m.msg_flags & MSG_TRUNC);
		ck_assert(m.msg_flags & MSG_CTRUNC);
	}
	kmt_step("turning IP_RECVERR off empties the queue");
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	set_int(fd, SOL_IP, IP_RECVERR, 0);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_ERRQUEUE, NULL, NULL),
		       -EAGAIN);
}
END_TEST

/* ---- malformed ICMP: ignored safely ---- */

START_TEST(test_truncated_or_mismatched_icmp_is_ignored)
{
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256], q[256];
	int n;
	long inerr;

	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_and_capture(fd, NULL, d, sizeof(d));

	kmt_step("quoting only the IP header (no ports): dropped");
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, 20);
	kmt_step("quoting 27 bytes: dropped");
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, 27);
	kmt_step("quoting nothing at all");
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, 0);
	kmt_step("a quoted header with IHL 4");
	memcpy(q, d, (size_t)n);
	q[0] = 0x44;
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, q, (size_t)n);
	kmt_step("a quoted header claiming IHL 15 with 28 bytes");
	q[0] = 0x4f;
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, q, 28);
	kmt_step("quoted ports of no socket (dport changed)");
	memcpy(q, d, (size_t)n);
	q[22] ^= 0x01;
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, q, (size_t)n);
	kmt_step("quoted addresses of another host");
	memcpy(q, d, (size_t)n);
	q[19] = 77;
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, q, (size_t)n);
	kmt_step("a quoted protocol nobody handles (GRE)");
	memcpy(q, d, (size_t)n);
	q[9] = 47;
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, q, (size_t)n);
	kmt_step("an unknown ICMP type, and type 3 code 200");
	kmt_inject_icmp(KMT_PEER, 200, 0, 0, d, (size_t)n);
	kmt_inject_icmp(KMT_PEER, 3, 200, 0, d, (size_t)n);

	kmt_step("nothing reached the socket");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "0");
	ck_assert_int_eq(so_error(fd), 0);
	kmt_wire_expect_none();
	/* Counted as Linux counts them: the three short quotes
	 * (icmp_socket_deliver), the empty quote, IHL 4, the two lookups that
	 * find no socket, the unknown type (8); the unknown code is dropped
	 * without a count. */
	inerr = km_host_mib(T.h, "IcmpInErrors");
	ck_assert_msg(inerr == 8, "[%s] IcmpInErrors %ld, expected 8", T.step, inerr);

	kmt_step("a bad ICMP checksum, and an ICMP message of 4 bytes");
	{
		struct km_seg s;
		unsigned char f[300];
		int m;

		memset(&s, 0, sizeof(s));
		s.saddr = T.peer;
		s.daddr = T.client;
		s.protocol = 1;
		s.ttl = 64;
		s.icmp_type = 3;
		s.icmp_code = 3;
		s.payload = d;
		s.payload_len = (size_t)n;
		m = km_seg_build(&s, f, sizeof(f));
		f[22] ^= 0xff;
		kmt_wire_inject_raw(f, (size_t)m);
		m = km_seg_build(&s, f, sizeof(f));
		f[2] = 0;
		f[3] = 24;
		f[10] = f[11] = 0;
		{
			/* fix the IP header checksum for the new length */
			uint32_t sum = 0;
			int i;

			for (i = 0; i < 20; i += 2)
				sum += (uint32_t)(f[i] << 8 | f[i + 1]);
			while (sum >> 16)
				sum = (sum & 0xffff) + (sum >> 16);
			f[10] = (uint8_t)(~sum >> 8);
			f[11] = (uint8_t)~sum;
		}
		kmt_wire_inject_raw(f, 24);
	}
	ck_assert_int_eq(km_host_mib(T.h, "IcmpInCsumErrors"), 2);
	ck_assert_int_eq(so_error(fd), 0);
	kmt_step("the socket still works: a good one is reported");
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, (size_t)n);
	ck_assert_int_eq(so_error(fd), ECONNREFUSED);
}
END_TEST

START_TEST(test_quote_of_exactly_28_bytes_is_enough)
{
	long fd = udp_connected(T.app, PEER_PORT);
	unsigned char d[256];
	int n = send_and_capture(fd, NULL, d, sizeof(d));
	char buf[16];

	(void)n;
	kmt_step("IP header + 8 bytes (the minimum RFC 792 quote)");
	set_int(fd, SOL_IP, IP_RECVERR, 1);
	kmt_inject_icmp(KMT_PEER, 3, 3, 0, d, 28);
	ck_assert_int_eq(so_error(fd), ECONNREFUSED);
	kmt_step("the error queue entry has no payload");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_ERRQUEUE, NULL, NULL), 0);
}
END_TEST

/* ---- TCP in SYN_SENT (tcp_v4_err, net/ipv4/tcp_ipv4.c:572-587) ---- */

static long tcp_start(unsigned char *syn, int *synlen)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert(fd >= 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	ck_assert_msg(km_wire_pending(T.wire) > 0, "[%s] no SYN", T.step);
	*synlen = km_wire_recv(T.wire, syn, 256);
	return fd;
}

static const struct err_case tcp_cases[] = {
	{ "port unreachable", 3, 3, ECONNREFUSED, true },
	{ "host unreachable", 3, 1, EHOSTUNREACH, true },
	{ "net unreachable", 3, 0, ENETUNREACH, true },
	{ "protocol unreachable", 3, 2, ENOPROTOOPT, true },
	{ "communication prohibited", 3, 13, EHOSTUNREACH, true },
	{ "time exceeded", 11, 0, EHOSTUNREACH, true },
	{ "parameter problem", 12, 0, EPROTO, true },
};

START_TEST(test_tcp_synsent_fails_at_once_on_icmp)
{
	const struct err_case *c = &tcp_cases[_i];
	unsigned char syn[256];
	int n;
	long fd = tcp_start(syn, &n);
	struct pollfd p = { .events = POLLOUT };

	kmt_step("%s quoting our SYN: connect() fails with %s", c->name,
		 kmt_errname(-c->err));
	kmt_trace_start();
	kmt_inject_icmp(c->code == 3 ? KMT_PEER : KMT_GATEWAY, c->type, c->code, 0, syn,
		    (size_t)n);
	kmt_trace_stop();
	kmt_assert_chain("icmp_rcv", "icmp_unreach", "icmp_socket_deliver", "tcp_v4_err",
			 "tcp_done");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	p.fd = (int)fd;
	kmt_assert_ret(km_poll(T.app, &p, 1, 0), 1);
	ck_assert(p.revents & POLLERR);
	ck_assert_int_eq(so_error(fd), c->err);
	ck_assert_int_eq(km_host_mib(T.h, "TcpAttemptFails"), 1);
	kmt_step("no more SYNs: the retransmit timer is gone");
	kmt_advance_ms(5000);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_tcp_blocking_connect_returns_the_icmp_errno)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	unsigned char syn[256];
	int n;

	kmt_step("connect() blocks in SYN_SENT");
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	ck_assert(!km_call_done(T.app));
	n = km_wire_recv(T.wire, syn, sizeof(syn));
	ck_assert(n > 0);
	kmt_step("host unreachable from the router 500 ms later wakes it: EHOSTUNREACH");
	kmt_advance_ms(500);
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, syn, (size_t)n);
	kmt_assert_ret(km_call_wait(T.app, NSEC), -EHOSTUNREACH);
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	ck_assert_int_eq(so_error(fd), 0);
}
END_TEST

START_TEST(test_tcp_icmp_ignored_cases)
{
	unsigned char syn[256], q[256];
	int n;
	long fd = tcp_start(syn, &n);

	kmt_step("source quench: ignored");
	kmt_inject_icmp(KMT_GATEWAY, 4, 0, 0, syn, (size_t)n);
	kmt_step("fragmentation needed: only the path MTU");
	kmt_inject_icmp(KMT_GATEWAY, 3, 4, 1400, syn, (size_t)n);
	kmt_step("a quoted sequence number outside [snd_una, snd_nxt]: ignored");
	memcpy(q, syn, (size_t)n);
	q[20 + 7] += 9;
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, q, (size_t)n);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtOutOfWindowIcmps"), 1);
	kmt_step("a quote with ports of no connection: ignored");
	memcpy(q, syn, (size_t)n);
	q[20 + 1] ^= 1;
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, q, (size_t)n);
	kmt_step("a truncated quote: ignored");
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, syn, 24);
	kmt_step("still SYN_SENT, no error, and the SYN is retransmitted at 1 s");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err_soft", "0");
	kmt_advance_ms(1000);
	{
		struct km_seg s;

		kmt_wire_expect(&s);
		ck_assert(s.flags & KM_TH_SYN);
	}
}
END_TEST

/* when a task owns the socket the errno becomes sk_err_soft
 * (net/ipv4/tcp_ipv4.c:587) */
START_TEST(test_tcp_icmp_while_socket_owned_is_soft_and_so_error_reads_it)
{
	unsigned char syn[256];
	int n;
	long fd = tcp_start(syn, &n);

	kmt_step("a task holds the socket lock when host unreachable arrives");
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, true), 0);
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, syn, (size_t)n);
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, false), 0);
	kmt_step("still SYN_SENT; sk_err 0, sk_err_soft EHOSTUNREACH");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err_soft", "EHOSTUNREACH");
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtLockDroppedIcmps"), 1);
	kmt_step("SO_ERROR falls back to sk_err_soft and clears it");
	ck_assert_int_eq(so_error(fd), EHOSTUNREACH);
	ck_assert_int_eq(so_error(fd), 0);
}
END_TEST

START_TEST(test_tcp_soft_icmp_error_replaces_etimedout)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	unsigned char syn[256];
	int n;

	set_int(fd, IPPROTO_TCP, TCP_SYNCNT, 1);
	kmt_step("blocking connect, TCP_SYNCNT 1");
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	n = km_wire_recv(T.wire, syn, sizeof(syn));
	ck_assert(n > 0);
	kmt_step("net unreachable while the socket is owned: soft");
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, true), 0);
	kmt_inject_icmp(KMT_GATEWAY, 3, 0, 0, syn, (size_t)n);
	ck_assert_int_eq(km_fd_sock_lock(T.app, (int)fd, false), 0);
	ck_assert(!km_call_done(T.app));
	kmt_step("when the SYNs run out, connect() reports ENETUNREACH, not ETIMEDOUT");
	kmt_assert_ret(km_call_wait(T.app, 10 * NSEC), -ENETUNREACH);
	ck_assert_msg(kmt_now_ms() >= 2990 && kmt_now_ms() <= 3010,
		      "[%s] failed at %lld ms, expected about 3000", T.step, kmt_now_ms());
}
END_TEST

static Suite *icmp_suite(void)
{
	Suite *s = suite_create("icmp");
	TCase *u = tcase_create("udp");
	TCase *t = tcase_create("tcp");

	tcase_add_checked_fixture(u, kmt_setup_wire, kmt_teardown);
	tcase_add_test(u, test_port_unreachable_is_reported_once_by_recv);
	tcase_add_test(u, test_port_unreachable_is_reported_once_by_send);
	tcase_add_test(u, test_port_unreachable_is_reported_once_by_so_error);
	tcase_add_test(u, test_pending_error_comes_before_queued_datagrams);
	tcase_add_test(u, test_blocked_recv_is_woken_by_the_error_and_poll_shows_pollerr);
	tcase_add_loop_test(u, test_udp_error_mapping_connected_without_recverr, 0,
			    (int)(sizeof(udp_cases) / sizeof(udp_cases[0])));
	tcase_add_loop_test(u, test_udp_error_mapping_with_recverr_reports_soft_errors_too, 0,
			    (int)(sizeof(udp_cases) / sizeof(udp_cases[0])));
	tcase_add_test(u, test_frag_needed_with_pmtudisc_dont_is_ignored);
	tcase_add_test(u, test_unconnected_socket_ignores_errors_without_recverr);
	tcase_add_test(u, test_error_queue_report_is_complete);
	tcase_add_test(u, test_two_reports_the_second_errno_stays_pending);
	tcase_add_test(u, test_truncated_or_mismatched_icmp_is_ignored);
	tcase_add_test(u, test_quote_of_exactly_28_bytes_is_enough);
	suite_add_tcase(s, u);

	tcase_add_checked_fixture(t, kmt_setup_wire, kmt_teardown);
	tcase_add_loop_test(t, test_tcp_synsent_fails_at_once_on_icmp, 0,
			    (int)(sizeof(tcp_cases) / sizeof(tcp_cases[0])));
	tcase_add_test(t, test_tcp_blocking_connect_returns_the_icmp_errno);
	tcase_add_test(t, test_tcp_icmp_ignored_cases);
	tcase_add_test(t, test_tcp_icmp_while_socket_owned_is_soft_and_so_error_reads_it);
	tcase_add_test(t, test_tcp_soft_icmp_error_replaces_etimedout);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return kmt_run(icmp_suite());
}
