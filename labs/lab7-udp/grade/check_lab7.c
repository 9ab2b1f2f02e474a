// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 7 — UDP connect and ICMP errors: the graded suite.
 *
 * Students implement __ip4_datagram_connect() (kernel_mirror/net/ipv4/
 * datagram.c, region "datagram_connect"), __udp4_lib_err()
 * (kernel_mirror/net/ipv4/udp.c, region "udp_err") and the table
 * icmp_err_convert[] (kernel_mirror/net/ipv4/icmp.c, region
 * "err_convert").
 *
 * The host under test is 10.0.0.1 on a test wire (default route via
 * 10.0.0.254). The test plays the peer 10.0.0.2 and the router: it takes
 * the datagram our socket sent off the wire and answers with an ICMP error
 * quoting it, as a router or the peer host would.
 *
 * Every expected value comes from Linux 5.0.1's rules, cited beside it
 * (net/ipv4/datagram.c:23-84, net/ipv4/udp.c:645-733,
 * net/ipv4/icmp.c:121-186), never from the code under test.
 *
 * One TCase per test, named like the test function, so the grader can run
 * a single test alone (CK_RUN_CASE=<name>).
 */
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include "kmtest.h"

/* struct sock_extended_err (include/uapi/linux/errqueue.h) */
struct kmt_ee {
	uint32_t ee_errno;
	uint8_t ee_origin, ee_type, ee_code, ee_pad;
	uint32_t ee_info, ee_data;
};
#define SO_EE_ORIGIN_ICMP	2
#ifndef IP_MTU
#define IP_MTU		14
#endif

#define PEER_PORT	5353
#define NSEC		1000000000LL

/* ---------------------------------------------------------------- helpers */

static long udp_socket(void)
{
	long fd = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);

	ck_assert_msg(fd >= 0, "[%s] socket(): %s", T.step, kmt_errname(fd));
	return fd;
}

static long do_connect(long fd, const char *ip, int port)
{
	struct sockaddr_in a = kmt_addr(ip, port);

	return km_connect(T.app, (int)fd, &a, sizeof(a));
}

/* A socket connected to ip:port; the connect() must succeed. */
static long connected_to(const char *ip, int port)
{
	long fd = udp_socket();
	long r = do_connect(fd, ip, port);

	ck_assert_msg(r == 0, "[%s] connect() of a UDP socket to %s:%d returned %s, "
		      "expected 0 (net/ipv4/datagram.c:23-84)", T.step, ip, port,
		      kmt_errname(r));
	return fd;
}

static void set_int(long fd, int level, int name, int v)
{
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, level, name, &v, sizeof(v)), 0);
}

static int get_int(long fd, int level, int name)
{
	int v = -1, len = sizeof(v);

	kmt_assert_ret(km_getsockopt(T.app, (int)fd, level, name, &v, &len), 0);
	return v;
}

/* A positive errno as "ECONNREFUSED (111)"; 0 as "0 (no error)". */
static const char *en(int e)
{
	static char bufs[4][48];
	static int i;
	char *b = bufs[i++ & 3];
	const char *n;

	if (!e)
		return "0 (no error)";
	n = kmt_errname(-e);
	if (*n == '-')
		n++;
	snprintf(b, 48, "%.*s (%d)", (int)strcspn(n, " "), n, e);
	return b;
}

/* SO_ERROR reads and clears the pending error (net/core/sock.c:1162). */
static void want_so_error(long fd, int want, const char *why)
{
	int got = get_int(fd, SOL_SOCKET, SO_ERROR);

	ck_assert_msg(got == want, "[%s] SO_ERROR is %s, expected %s: %s", T.step,
		      en(got), en(want), why);
}

static void want_field(long fd, const char *field, const char *want,
		       const char *why)
{
	const char *got = kmt_field(T.app, (int)fd, "sock", field);

	ck_assert_msg(!strcmp(got, want), "[%s] %s is %s, expected %s: %s", T.step,
		      field, got, want, why);
}

/* Send 8 bytes on fd (to `to`, or connected), take the frame off the wire. */
static int send_capture(long fd, const struct sockaddr_in *to,
			unsigned char *frame, size_t cap)
{
	kmt_assert_ret(km_sendto(T.app, (int)fd, "payload!", 8, 0, to,
				 to ? (int)sizeof(*to) : 0), 8);
	ck_assert_msg(km_wire_pending(T.wire) > 0, "[%s] the datagram was not sent",
		      T.step);
	return km_wire_recv(T.wire, frame, cap);
}

static long recv_dontwait(long fd)
{
	char buf[64];

	return km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
}

static void icmp(const char *from, int type, int code, uint32_t info,
		 const unsigned char *d, int n)
{
	kmt_step("inject ICMP type %d code %d from %s quoting our datagram", type,
		 code, from);
	kmt_inject_icmp(from, type, code, info, d, (size_t)n);
}

/* One report from the error queue: its extended error, offender, data. */
struct report {
	long		ret;
	struct kmt_ee	ee;
	struct sockaddr_in offender, name;
	char		data[64];
	bool		has_cmsg;
};

static struct report read_report(long fd)
{
	struct report r;
	char ctl[256];
	struct iovec iov;
	struct msghdr m;
	struct cmsghdr *c;

	memset(&r, 0, sizeof(r));
	iov.iov_base = r.data;
	iov.iov_len = sizeof(r.data);
	memset(&m, 0, sizeof(m));
	m.msg_name = &r.name;
	m.msg_namelen = sizeof(r.name);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	r.ret = km_recvmsg(T.app, (int)fd, &m, MSG_ERRQUEUE);
	if (r.ret < 0)
		return r;
	c = CMSG_FIRSTHDR(&m);
	if (c && c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) {
		r.has_cmsg = true;
		memcpy(&r.ee, CMSG_DATA(c), sizeof(r.ee));
		memcpy(&r.offender, CMSG_DATA(c) + sizeof(r.ee), sizeof(r.offender));
	}
	return r;
}

static void want_no_report(long fd, const char *why)
{
	struct report r = read_report(fd);

	ck_assert_msg(r.ret == -EAGAIN, "[%s] recvmsg(MSG_ERRQUEUE) returned %s, "
		      "expected EAGAIN (an empty error queue): %s", T.step,
		      kmt_errname(r.ret), why);
}

/* ------------------------------------------------------- connect() tests */

/* net/ipv4/datagram.c:74-78; the struct socket's state is not touched
 * (inet_dgram_connect, net/ipv4/af_inet.c:552-571) */
START_TEST(test_connect_records_the_peer)
{
	long fd = udp_socket();
	struct sockaddr_in p;
	int plen = sizeof(p);

	kmt_step("connect() to 10.0.0.2:5353");
	kmt_assert_ret(do_connect(fd, KMT_PEER, PEER_PORT), 0);
	kmt_step("connect() on UDP sends nothing");
	kmt_wire_expect_none();
	kmt_step("the peer is recorded in the sock");
	want_field(fd, "skc_daddr", KMT_PEER, "inet_daddr = the route's destination (datagram.c:74)");
	want_field(fd, "skc_dport", "5353", "inet_dport = the port connect() was given (datagram.c:75)");
	want_field(fd, "sk_state", "TCP_ESTABLISHED",
		   "a connected datagram socket is TCP_ESTABLISHED (datagram.c:76)");
	ck_assert_msg(!strcmp(kmt_field(T.app, (int)fd, "socket", "state"), "SS_UNCONNECTED"),
		      "[%s] socket.state is %s, expected SS_UNCONNECTED: only sk_state "
		      "changes for a datagram socket", T.step,
		      kmt_field(T.app, (int)fd, "socket", "state"));
	kmt_step("getpeername() answers 10.0.0.2:5353");
	kmt_assert_ret(km_getpeername(T.app, (int)fd, &p, &plen), 0);
	ck_assert_msg(p.sin_addr.s_addr == T.peer && ntohs(p.sin_port) == PEER_PORT,
		      "[%s] getpeername() gave %s:%u", T.step, inet_ntoa(p.sin_addr),
		      ntohs(p.sin_port));
	kmt_step("send() without an address goes to the peer");
	{
		struct km_seg s;

		kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
		kmt_wire_expect(&s);
		ck_assert_msg(s.daddr == T.peer && s.dport == PEER_PORT,
			      "[%s] the datagram went to port %u", T.step, s.dport);
	}
}
END_TEST

/* net/ipv4/datagram.c:67-73: the source address comes from the route, and
 * a change of inet_rcv_saddr rehashes the socket (udp_v4_rehash) */
START_TEST(test_connect_takes_the_source_address_from_the_route)
{
	long fd = udp_socket(), fd2, fd3;

	kmt_step("connect() an unbound socket to 10.0.0.2 (on eth0)");
	kmt_trace_start();
	kmt_assert_ret(do_connect(fd, KMT_PEER, PEER_PORT), 0);
	kmt_trace_stop();
	want_field(fd, "inet_saddr", KMT_CLIENT, "the route's source, eth0's address (datagram.c:68)");
	want_field(fd, "skc_rcv_saddr", KMT_CLIENT, "the route's source (datagram.c:70)");
	kmt_step("inet_rcv_saddr changed: the socket is rehashed by its new address");
	kmt_assert_chain("__ip4_datagram_connect", "udp_v4_rehash", "udp_lib_rehash");

	kmt_step("an off-link peer 10.0.1.7 (via the gateway): the source is still 10.0.0.1");
	fd2 = connected_to(KMT_OTHER, 53);
	want_field(fd2, "inet_saddr", KMT_CLIENT, "the source eth0's route picks (datagram.c:68)");
	want_field(fd2, "skc_daddr", KMT_OTHER, "the peer, not the gateway (datagram.c:74)");

	kmt_step("127.0.0.1: the loopback route's source 127.0.0.1");
	fd3 = connected_to("127.0.0.1", 53);
	want_field(fd3, "inet_saddr", "127.0.0.1", "the loopback route's source (datagram.c:68)");
	want_field(fd3, "skc_rcv_saddr", "127.0.0.1", "the loopback route's source (datagram.c:70)");
}
END_TEST

/* net/ipv4/datagram.c:67-73: addresses already set are kept, no rehash */
START_TEST(test_connect_keeps_a_bound_address)
{
	struct sockaddr_in b = kmt_addr(KMT_CLIENT, 4000);
	long fd = udp_socket();
	struct km_seg s;

	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_step("bound to 10.0.0.1:4000, then connect() to 10.0.0.2");
	kmt_trace_start();
	kmt_assert_ret(do_connect(fd, KMT_PEER, PEER_PORT), 0);
	kmt_trace_stop();
	want_field(fd, "inet_num", "4000", "the bound port stays");
	want_field(fd, "skc_rcv_saddr", KMT_CLIENT, "the bound address stays");
	ck_assert_msg(kmt_trace_count("udp_v4_rehash") == 0,
		      "[%s] udp_v4_rehash was called, but inet_rcv_saddr was already set "
		      "(bind): only a change of address needs a rehash (datagram.c:69-72)",
		      T.step);
	kmt_step("the datagram leaves from 10.0.0.1:4000");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
	kmt_wire_expect(&s);
	ck_assert_msg(s.saddr == T.client && s.sport == 4000,
		      "[%s] the datagram left from port %u", T.step, s.sport);

	kmt_step("bound to 0.0.0.0:4001: connect() sets the address and rehashes");
	fd = udp_socket();
	b = kmt_addr("0.0.0.0", 4001);
	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_trace_start();
	kmt_assert_ret(do_connect(fd, KMT_PEER, PEER_PORT), 0);
	kmt_trace_stop();
	want_field(fd, "skc_rcv_saddr", KMT_CLIENT, "the route's source (datagram.c:70)");
	ck_assert_msg(kmt_trace_count("udp_v4_rehash") == 1,
		      "[%s] udp_v4_rehash called %d times, expected once (datagram.c:71-72)",
		      T.step, kmt_trace_count("udp_v4_rehash"));
	kmt_step("a reply from the peer to 10.0.0.1:4001 is delivered");
	{
		struct km_seg r;
		unsigned char f[128];
		int n;

		km_seg_init_tcp(&r, T.peer, PEER_PORT, T.client, 4001);
		r.protocol = 17;
		r.payload = (const uint8_t *)"reply";
		r.payload_len = 5;
		n = km_seg_build(&r, f, sizeof(f));
		kmt_wire_inject_raw(f, (size_t)n);
		kmt_assert_ret(recv_dontwait(fd), 5);
	}
}
END_TEST

/* inet_id = jiffies (net/ipv4/datagram.c:78); a connected socket's DF
 * datagrams take inet_id, then inet_id + 1 (ip_select_ident,
 * include/net/ip.h:480) */
START_TEST(test_connect_sets_inet_id_from_jiffies)
{
	long fd = udp_socket();
	unsigned long j;
	uint16_t id;
	struct km_seg s;

	kmt_advance_ms(1234);
	kmt_step("connect() at jiffies %lu", km_host_jiffies(T.h));
	j = km_host_jiffies(T.h);
	kmt_assert_ret(do_connect(fd, KMT_PEER, PEER_PORT), 0);
	id = (uint16_t)kmt_field_u(T.app, (int)fd, "sock", "inet_id");
	ck_assert_msg(id == (uint16_t)j, "[%s] inet_id is %u, expected jiffies & 0xffff = %u "
		      "(datagram.c:78)", T.step, id, (unsigned)(uint16_t)j);
	kmt_step("the first datagram carries IP ID %u, the next %u", id, (uint16_t)(id + 1));
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
	kmt_wire_expect(&s);
	ck_assert_msg(s.ip_id == (uint16_t)j, "[%s] IP ID %u, expected %u", T.step, s.ip_id,
		      (unsigned)(uint16_t)j);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
	kmt_wire_expect(&s);
	ck_assert_msg(s.ip_id == (uint16_t)(j + 1), "[%s] IP ID %u, expected %u", T.step,
		      s.ip_id, (unsigned)(uint16_t)(j + 1));

	kmt_step("5 s later a new connect() takes jiffies again");
	kmt_advance_ms(5000);
	j = km_host_jiffies(T.h);
	kmt_assert_ret(do_connect(fd, KMT_OTHER, 53), 0);
	id = (uint16_t)kmt_field_u(T.app, (int)fd, "sock", "inet_id");
	ck_assert_msg(id == (uint16_t)j, "[%s] inet_id is %u, expected jiffies & 0xffff = %u "
		      "(datagram.c:78)", T.step, id, (unsigned)(uint16_t)j);
}
END_TEST

/* sk_dst_set (net/ipv4/datagram.c:80): send() on the connected socket
 * uses the cached route (udp_sendmsg, net/ipv4/udp.c:1139) */
START_TEST(test_connect_caches_the_route)
{
	long fd = connected_to(KMT_PEER, PEER_PORT);

	kmt_step("after connect() the sock holds the route");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "sk_dst_cache") != 0,
		      "[%s] sk_dst_cache is NULL: connect() must keep its route (datagram.c:80)",
		      T.step);
	kmt_step("the first send() looks no route up");
	kmt_trace_start();
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
	kmt_trace_stop();
	ck_assert_msg(kmt_trace_count("ip_route_output_key_hash") == 0,
		      "[%s] send() routed again (ip_route_output_key_hash): the route "
		      "connect() found should have been cached (datagram.c:80)", T.step);
	kmt_step("the datagram was sent");
	{
		struct km_seg s;

		kmt_wire_expect(&s);
		ck_assert(s.daddr == T.peer);
	}
}
END_TEST

/* sk_dst_reset first (net/ipv4/datagram.c:40): a failed reconnect leaves no
 * route, but the old peer (nothing after the failure point ran) */
START_TEST(test_failed_reconnect_drops_the_cached_route)
{
	long fd = connected_to(KMT_PEER, PEER_PORT);
	struct km_seg s;

	ck_assert_int_eq(km_host_add_route(T.h, "192.168.1.0/24", NULL, "eth0", "unreachable"), 0);
	kmt_step("connect() again, to 192.168.1.1 behind an unreachable route");
	kmt_assert_ret(do_connect(fd, "192.168.1.1", 53), -EHOSTUNREACH);
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "sk_dst_cache") == 0,
		      "[%s] sk_dst_cache still holds a route: connect() drops the cached "
		      "route before routing (sk_dst_reset, datagram.c:40)", T.step);
	want_field(fd, "skc_daddr", KMT_PEER, "the failure returns before the peer is "
		   "recorded (datagram.c:55-59)");
	want_field(fd, "sk_state", "TCP_ESTABLISHED", "nothing after the routing error ran");
	kmt_step("send() still reaches the old peer, through a fresh route");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
	kmt_wire_expect(&s);
	ck_assert(s.daddr == T.peer);
}
END_TEST

/* net/ipv4/datagram.c:34-38: the length first, then the family */
START_TEST(test_connect_argument_errors)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = udp_socket();

	kmt_step("15 bytes of address: EINVAL (datagram.c:34)");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 15), -EINVAL);
	kmt_step("8 bytes and family AF_INET6: EINVAL, the length is checked first");
	a.sin_family = AF_INET6;
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 8), -EINVAL);
	kmt_step("16 bytes, AF_INET6: EAFNOSUPPORT (datagram.c:37)");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EAFNOSUPPORT);
	want_field(fd, "sk_state", "TCP_CLOSE", "a refused connect() changes nothing");
	want_field(fd, "skc_daddr", "0.0.0.0", "a refused connect() changes nothing");
	kmt_step("a good address connects");
	a.sin_family = AF_INET;
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), 0);
}
END_TEST

/* routing errors are returned as they are (net/ipv4/datagram.c:55-59) */
START_TEST(test_connect_route_errors)
{
	long fd = udp_socket();

	ck_assert_int_eq(km_host_add_route(T.h, "192.168.1.0/24", NULL, "eth0", "unreachable"), 0);
	ck_assert_int_eq(km_host_add_route(T.h, "192.168.2.0/24", NULL, "eth0", "prohibit"), 0);
	ck_assert_int_eq(km_host_add_route(T.h, "192.168.3.0/24", NULL, "eth0", "blackhole"), 0);
	kmt_step("an unreachable route: EHOSTUNREACH");
	kmt_assert_ret(do_connect(fd, "192.168.1.1", 53), -EHOSTUNREACH);
	kmt_step("a prohibit route: EACCES");
	kmt_assert_ret(do_connect(fd, "192.168.2.1", 53), -EACCES);
	kmt_step("a blackhole route: EINVAL");
	kmt_assert_ret(do_connect(fd, "192.168.3.1", 53), -EINVAL);
	want_field(fd, "sk_state", "TCP_CLOSE", "a failed connect() changes nothing");
	ck_assert_int_eq(km_host_mib(T.h, "IpOutNoRoutes"), 0);
	kmt_step("a routable peer connects");
	kmt_assert_ret(do_connect(fd, KMT_PEER, PEER_PORT), 0);
}
END_TEST

/* no route at all: ENETUNREACH, counted as OutNoRoutes (datagram.c:57-58) */
START_TEST(test_connect_without_a_route_is_enetunreach)
{
	long fd = udp_socket();

	kmt_step("a host with only loopback, connect() to 10.9.9.9: ENETUNREACH");
	kmt_assert_ret(do_connect(fd, "10.9.9.9", 53), -ENETUNREACH);
	ck_assert_msg(km_host_mib(T.h, "IpOutNoRoutes") == 1,
		      "[%s] IpOutNoRoutes is %ld, expected 1 (datagram.c:57-58)", T.step,
		      km_host_mib(T.h, "IpOutNoRoutes"));
	want_field(fd, "sk_state", "TCP_CLOSE", "a failed connect() changes nothing");
	kmt_step("127.0.0.1 connects");
	kmt_assert_ret(do_connect(fd, "127.0.0.1", 53), 0);
	want_field(fd, "skc_daddr", "127.0.0.1", "the peer (datagram.c:74)");
}
END_TEST

/* a broadcast route needs SO_BROADCAST (net/ipv4/datagram.c:62-66) */
START_TEST(test_connect_to_broadcast_needs_so_broadcast)
{
	long fd = udp_socket();

	kmt_step("255.255.255.255 without SO_BROADCAST: EACCES");
	kmt_assert_ret(do_connect(fd, "255.255.255.255", 67), -EACCES);
	kmt_step("the subnet broadcast 10.0.0.255 too");
	kmt_assert_ret(do_connect(fd, "10.0.0.255", 67), -EACCES);
	want_field(fd, "sk_state", "TCP_CLOSE", "a refused connect() changes nothing");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "sk_dst_cache") == 0,
		      "[%s] a refused broadcast route must not be kept (datagram.c:63)", T.step);
	kmt_step("with SO_BROADCAST: connected to 10.0.0.255");
	set_int(fd, SOL_SOCKET, SO_BROADCAST, 1);
	kmt_assert_ret(do_connect(fd, "10.0.0.255", 67), 0);
	want_field(fd, "skc_daddr", "10.0.0.255", "the peer (datagram.c:74)");
	want_field(fd, "sk_state", "TCP_ESTABLISHED", "datagram.c:76");
}
END_TEST

/* a multicast peer: IP_MULTICAST_IF's device and address
 * (net/ipv4/datagram.c:44-49) */
START_TEST(test_connect_to_multicast_uses_multicast_if)
{
	struct ip_mreqn m;
	long fd = udp_socket();
	struct km_seg s;

	kmt_step("eth0 gets a second address, 10.0.0.7; the route's own source stays 10.0.0.1");
	ck_assert_int_eq(km_host_add_addr(T.h, "eth0", "10.0.0.7/24"), 0);
	memset(&m, 0, sizeof(m));
	inet_pton(AF_INET, "10.0.0.7", &m.imr_address);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_IP, IP_MULTICAST_IF, &m,
				     sizeof(m)), 0);
	kmt_step("IP_MULTICAST_IF 10.0.0.7, then connect() to 239.1.2.3:5000");
	kmt_trace_start();
	kmt_assert_ret(do_connect(fd, "239.1.2.3", 5000), 0);
	kmt_trace_stop();
	want_field(fd, "inet_saddr", "10.0.0.7", "IP_MULTICAST_IF's address (mc_addr) is "
		   "the source for a multicast peer (datagram.c:47-48)");
	want_field(fd, "skc_daddr", "239.1.2.3", "the group is the peer (datagram.c:74)");
	kmt_step("the route was looked up with the multicast device (oif = mc_index)");
	kmt_assert_chain("__ip4_datagram_connect", "ip_route_output_key_hash");
	kmt_step("a datagram to the group leaves eth0 with TTL 1 (IP_MULTICAST_TTL)");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "m", 1, 0, NULL, 0), 1);
	kmt_wire_expect(&s);
	ck_assert_msg(s.ttl == 1 && s.saddr == inet_addr("10.0.0.7") && s.dport == 5000,
		      "[%s] TTL %u, port %u, source %s", T.step, s.ttl, s.dport,
		      inet_ntoa(*(struct in_addr *)&s.saddr));
}
END_TEST

/* ---------------------------------------------------- ICMP errors (UDP) */

/* port unreachable is hard (icmp.c:134-137); a connected socket gets it
 * (udp.c:723-730); reported once (sock_error, include/net/sock.h:2147) */
START_TEST(test_port_unreachable_refuses_a_connected_socket)
{
	long fd = connected_to(KMT_PEER, PEER_PORT);
	unsigned char d[256];
	int n = send_capture(fd, NULL, d, sizeof(d));

	kmt_trace_start();
	icmp(KMT_PEER, 3, 3, 0, d, n);
	kmt_trace_stop();
	kmt_assert_chain("icmp_rcv", "icmp_unreach", "udp_err", "__udp4_lib_err",
			 "__udp4_lib_lookup");
	want_field(fd, "sk_err", "ECONNREFUSED",
		   "port unreachable is ECONNREFUSED, hard (icmp.c:134-137, udp.c:729)");
	kmt_step("the next recv() returns ECONNREFUSED");
	kmt_assert_ret(recv_dontwait(fd), -ECONNREFUSED);
	kmt_step("once: then EAGAIN, and SO_ERROR is 0");
	kmt_assert_ret(recv_dontwait(fd), -EAGAIN);
	want_so_error(fd, 0, "reading the error cleared it");
	kmt_step("no IP_RECVERR: nothing on the error queue");
	want_no_report(fd, "without IP_RECVERR no report is queued (udp.c:723-727)");
}
END_TEST

/* the send after an error reports it (sock_alloc_send_pskb,
 * net/core/sock.c:2071), and sends nothing */
START_TEST(test_send_after_an_error_reports_it)
{
	long fd = connected_to(KMT_PEER, PEER_PORT);
	unsigned char d[256];
	int n = send_capture(fd, NULL, d, sizeof(d));
	struct km_seg s;

	icmp(KMT_PEER, 3, 3, 0, d, n);
	kmt_step("the next send() returns ECONNREFUSED and sends nothing");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "again", 5, 0, NULL, 0), -ECONNREFUSED);
	kmt_wire_expect_none();
	kmt_step("the one after is sent");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "again", 5, 0, NULL, 0), 5);
	kmt_wire_expect(&s);
	ck_assert_int_eq(s.protocol, 17);
}
END_TEST

/* sk_error_report wakes a sleeping reader (udp.c:730,
 * sock_def_error_report); poll() shows POLLERR (datagram_poll) */
START_TEST(test_error_wakes_a_blocked_recv)
{
	long fd = connected_to(KMT_PEER, PEER_PORT), fd2;
	unsigned char d[256], d2[256];
	int n = send_capture(fd, NULL, d, sizeof(d)), n2;
	struct pollfd p;
	char buf[16];
	long r;

	kmt_step("recv() blocks");
	km_call_start(T.app, SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0, 0);
	ck_assert(!km_call_done(T.app));
	icmp(KMT_PEER, 3, 3, 0, d, n);
	kmt_step("the error wakes it: recv() returns ECONNREFUSED");
	r = km_call_wait(T.app, NSEC);
	ck_assert_msg(km_call_done(T.app), "[%s] recv() still sleeps 1 s after the error: "
		      "the socket must be woken (sk_error_report, udp.c:730)", T.step);
	kmt_assert_ret(r, -ECONNREFUSED);

	kmt_step("poll() reports POLLERR while an error is pending");
	fd2 = connected_to(KMT_PEER, PEER_PORT + 1);
	n2 = send_capture(fd2, NULL, d2, sizeof(d2));
	icmp(KMT_PEER, 3, 3, 0, d2, n2);
	p.fd = (int)fd2;
	p.events = POLLIN;
	p.revents = 0;
	kmt_assert_ret(km_poll(T.app, &p, 1, 0), 1);
	ck_assert_msg(p.revents & POLLERR, "[%s] revents 0x%x, expected POLLERR", T.step,
		      p.revents);
}
END_TEST

struct code_case {
	int		code;
	const char	*name;
	int		err;
	bool		hard;
};

/* icmp_err_convert[], net/ipv4/icmp.c:121-186 (code 4 is handled apart) */
static const struct code_case codes[] = {
	{ 0, "net unreachable", ENETUNREACH, false },
	{ 1, "host unreachable", EHOSTUNREACH, false },
	{ 2, "protocol unreachable", ENOPROTOOPT, true },
	{ 3, "port unreachable", ECONNREFUSED, true },
	{ 5, "source route failed", EOPNOTSUPP, false },
	{ 6, "destination network unknown", ENETUNREACH, true },
	{ 7, "destination host unknown", EHOSTDOWN, true },
	{ 8, "source host isolated", ENONET, true },
	{ 9, "network administratively prohibited", ENETUNREACH, true },
	{ 10, "host administratively prohibited", EHOSTUNREACH, true },
	{ 11, "network unreachable for TOS", ENETUNREACH, false },
	{ 12, "host unreachable for TOS", EHOSTUNREACH, false },
	{ 13, "communication administratively prohibited", EHOSTUNREACH, true },
	{ 14, "host precedence violation", EHOSTUNREACH, true },
	{ 15, "precedence cutoff in effect", EHOSTUNREACH, true },
};
#define NCODES	((int)(sizeof(codes) / sizeof(codes[0])))

/* a hard code reaches a connected socket without IP_RECVERR
 * (udp.c:704-708, 723-730) */
START_TEST(test_hard_unreachable_codes_reach_a_connected_socket)
{
	long fd = connected_to(KMT_PEER, PEER_PORT);
	unsigned char d[256];
	int n = send_capture(fd, NULL, d, sizeof(d)), i;
	char why[160];

	for (i = 0; i < NCODES; i++) {
		if (!codes[i].hard)
			continue;
		icmp(KMT_GATEWAY, 3, codes[i].code, 0, d, n);
		snprintf(why, sizeof(why), "code %d (%s) is %s, a hard error "
			 "(icmp_err_convert, icmp.c:121-186)", codes[i].code, codes[i].name,
			 en(codes[i].err));
		want_so_error(fd, codes[i].err, why);
	}
}
END_TEST

/* a soft code is ignored without IP_RECVERR (udp.c:723-725), reported
 * with it (udp.c:726-730) */
START_TEST(test_soft_unreachable_codes_need_recverr)
{
	long fd = connected_to(KMT_PEER, PEER_PORT);
	unsigned char d[256];
	int n = send_capture(fd, NULL, d, sizeof(d)), i;
	char why[160];

	for (i = 0; i < NCODES; i++) {
		if (codes[i].hard)
			continue;
		icmp(KMT_GATEWAY, 3, codes[i].code, 0, d, n);
		snprintf(why, sizeof(why), "code %d (%s) is a soft error (icmp.c:121-186): "
			 "without IP_RECVERR it is not reported (udp.c:724)", codes[i].code,
			 codes[i].name);
		want_so_error(fd, 0, why);
	}
	kmt_step("with IP_RECVERR the same codes are reported");
	set_int(fd, SOL_IP, IP_RECVERR, 1);
	for (i = 0; i < NCODES; i++) {
		if (codes[i].hard)
			continue;
		icmp(KMT_GATEWAY, 3, codes[i].code, 0, d, n);
		snprintf(why, sizeof(why), "code %d (%s) is %s (icmp.c:121-186); "
			 "IP_RECVERR reports soft errors too (udp.c:726-730)", codes[i].code,
			 codes[i].name, en(codes[i].err));
		want_so_error(fd, codes[i].err, why);
	}
}
END_TEST

/* RFC 1122 4.1.3.3: an unconnected socket hears of errors only with
 * IP_RECVERR (udp.c:723-727) */
START_TEST(test_unconnected_socket_hears_errors_only_with_recverr)
{
	struct sockaddr_in to = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = udp_socket();
	unsigned char d[256];
	int n = send_capture(fd, &to, d, sizeof(d));

	icmp(KMT_PEER, 3, 3, 0, d, n);
	kmt_step("unconnected, no IP_RECVERR: port unreachable is not reported");
	want_so_error(fd, 0, "an unconnected socket needs IP_RECVERR (udp.c:724)");
	kmt_assert_ret(recv_dontwait(fd), -EAGAIN);
	kmt_step("with IP_RECVERR it is, and a report is queued");
	set_int(fd, SOL_IP, IP_RECVERR, 1);
	icmp(KMT_PEER, 3, 3, 0, d, n);
	want_field(fd, "sk_err", "ECONNREFUSED", "IP_RECVERR: every error is reported (udp.c:726-730)");
	{
		struct report r = read_report(fd);

		ck_assert_msg(r.ret == 8, "[%s] recvmsg(MSG_ERRQUEUE) returned %s, expected "
			      "the 8 bytes of the quoted payload (ip_icmp_error, udp.c:727)",
			      T.step, kmt_errname(r.ret));
	}
}
END_TEST

/* ip_icmp_error(sk, skb, err, uh->dest, info, payload) (udp.c:727,
 * net/ipv4/ip_sockglue.c:390-406) */
START_TEST(test_recverr_report_is_complete)
{
	long fd = connected_to(KMT_OTHER, PEER_PORT);
	unsigned char d[256];
	int n;
	struct report r;
	uint32_t gw;

	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_capture(fd, NULL, d, sizeof(d));
	icmp(KMT_GATEWAY, 3, 1, 0, d, n);
	want_field(fd, "sk_err", "EHOSTUNREACH", "host unreachable (icmp.c:126-129), "
		   "reported with IP_RECVERR (udp.c:729)");
	kmt_step("recvmsg(MSG_ERRQUEUE): the quoted payload, the destination, the report");
	r = read_report(fd);
	ck_assert_msg(r.ret == 8 && !memcmp(r.data, "payload!", 8),
		      "[%s] recvmsg(MSG_ERRQUEUE) returned %s, expected the 8 quoted "
		      "payload bytes (the bytes after the UDP header, udp.c:727)", T.step,
		      kmt_errname(r.ret));
	ck_assert_msg(ntohs(r.name.sin_port) == PEER_PORT &&
		      r.name.sin_addr.s_addr == inet_addr(KMT_OTHER),
		      "[%s] msg_name %s:%u, expected %s:%d (the quoted destination "
		      "and uh->dest, udp.c:727)", T.step, inet_ntoa(r.name.sin_addr),
		      ntohs(r.name.sin_port), KMT_OTHER, PEER_PORT);
	ck_assert_msg(r.has_cmsg, "[%s] no IP_RECVERR control message", T.step);
	ck_assert_msg(r.ee.ee_errno == EHOSTUNREACH && r.ee.ee_origin == SO_EE_ORIGIN_ICMP &&
		      r.ee.ee_type == 3 && r.ee.ee_code == 1 && r.ee.ee_info == 0,
		      "[%s] report: errno %s origin %u type %u code %u info %u; expected "
		      "EHOSTUNREACH, origin 2 (ICMP), type 3, code 1, info 0", T.step,
		      en((int)r.ee.ee_errno), r.ee.ee_origin, r.ee.ee_type, r.ee.ee_code,
		      r.ee.ee_info);
	inet_pton(AF_INET, KMT_GATEWAY, &gw);
	ck_assert_msg(r.offender.sin_addr.s_addr == gw,
		      "[%s] SO_EE_OFFENDER %s, expected the router %s", T.step,
		      inet_ntoa(r.offender.sin_addr), KMT_GATEWAY);
	kmt_step("reading the only report cleared sk_err");
	want_so_error(fd, 0, "sock_dequeue_err_skb takes the next report's errno, none left");
}
END_TEST

static int ip_mtu(long fd)
{
	return get_int(fd, SOL_IP, IP_MTU);
}

/* After an error that was not reported, a port unreachable still is. */
static void still_refused(long fd, const unsigned char *d, int n)
{
	kmt_step("a port unreachable is still reported");
	icmp(KMT_PEER, 3, 3, 0, d, n);
	want_so_error(fd, ECONNREFUSED, "port unreachable (icmp.c:134-137)");
}

/* fragmentation needed: the PMTU is lowered (udp.c:696), then EMSGSIZE,
 * hard (udp.c:697-700); with IP_RECVERR, ee_info = the MTU */
START_TEST(test_frag_needed_is_emsgsize_and_lowers_the_path_mtu)
{
	long fd = connected_to(KMT_OTHER, PEER_PORT);
	unsigned char d[256];
	int n = send_capture(fd, NULL, d, sizeof(d));
	struct report r;

	ck_assert_int_eq(ip_mtu(fd), 1500);
	icmp(KMT_GATEWAY, 3, 4, 1400, d, n);
	want_so_error(fd, EMSGSIZE, "fragmentation needed is EMSGSIZE, hard (udp.c:697-700)");
	kmt_step("IP_MTU now reads the lowered path MTU");
	ck_assert_msg(ip_mtu(fd) == 1400, "[%s] IP_MTU is %d, expected 1400: the "
		      "route's PMTU is lowered first (ipv4_sk_update_pmtu, udp.c:696)",
		      T.step, ip_mtu(fd));
	kmt_step("with IP_RECVERR the report carries the MTU in ee_info");
	set_int(fd, SOL_IP, IP_RECVERR, 1);
	icmp(KMT_GATEWAY, 3, 4, 1300, d, n);
	r = read_report(fd);
	ck_assert_msg(r.ret == 8 && r.has_cmsg && r.ee.ee_errno == EMSGSIZE &&
		      r.ee.ee_code == 4 && r.ee.ee_info == 1300,
		      "[%s] report: ret %s errno %s code %u info %u; expected 8 bytes, "
		      "EMSGSIZE, code 4, info 1300 (the next-hop MTU, udp.c:727)", T.step,
		      kmt_errname(r.ret), en((int)r.ee.ee_errno), r.ee.ee_code, r.ee.ee_info);
	ck_assert_int_eq(ip_mtu(fd), 1300);
}
END_TEST

/* IP_PMTUDISC_DONT: the PMTU is still lowered (udp.c:696), no error
 * (udp.c:697, 702) */
START_TEST(test_frag_needed_with_pmtudisc_dont_only_lowers_the_mtu)
{
	long fd = connected_to(KMT_OTHER, PEER_PORT);
	unsigned char d[256];
	int n;

	set_int(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT);
	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_capture(fd, NULL, d, sizeof(d));
	icmp(KMT_GATEWAY, 3, 4, 1400, d, n);
	want_so_error(fd, 0, "IP_PMTUDISC_DONT: no error, even with IP_RECVERR (udp.c:697, 702)");
	want_no_report(fd, "IP_PMTUDISC_DONT: nothing queued (udp.c:702)");
	ck_assert_msg(ip_mtu(fd) == 1400, "[%s] IP_MTU is %d, expected 1400: the PMTU is "
		      "lowered before the IP_PMTUDISC_DONT check (udp.c:696)", T.step,
		      ip_mtu(fd));
	still_refused(fd, d, n);
}
END_TEST

/* parameter problem: EPROTO, hard (udp.c:690-693), info = the pointer
 * (icmp.c:848); time exceeded: EHOSTUNREACH, soft (udp.c:685-687) */
START_TEST(test_parameter_problem_and_time_exceeded)
{
	long fd = connected_to(KMT_PEER, PEER_PORT);
	unsigned char d[256];
	int n = send_capture(fd, NULL, d, sizeof(d));
	struct report r;

	icmp(KMT_GATEWAY, 12, 0, 20u << 24, d, n);
	want_so_error(fd, EPROTO, "parameter problem is EPROTO, hard (udp.c:690-693)");
	icmp(KMT_GATEWAY, 11, 0, 0, d, n);
	want_so_error(fd, 0, "time exceeded is soft: not reported without IP_RECVERR "
		      "(udp.c:685-687, 724)");
	kmt_step("with IP_RECVERR: time exceeded is EHOSTUNREACH");
	set_int(fd, SOL_IP, IP_RECVERR, 1);
	icmp(KMT_GATEWAY, 11, 0, 0, d, n);
	want_so_error(fd, EHOSTUNREACH, "time exceeded is EHOSTUNREACH (udp.c:686)");
	r = read_report(fd);
	ck_assert_msg(r.has_cmsg && r.ee.ee_errno == EHOSTUNREACH && r.ee.ee_type == 11,
		      "[%s] report: errno %s type %u, expected EHOSTUNREACH type 11", T.step,
		      en((int)r.ee.ee_errno), r.ee.ee_type);
	kmt_step("parameter problem with IP_RECVERR: ee_info is the pointer, 20");
	icmp(KMT_GATEWAY, 12, 0, 20u << 24, d, n);
	r = read_report(fd);
	ck_assert_msg(r.has_cmsg && r.ee.ee_errno == EPROTO && r.ee.ee_info == 20,
		      "[%s] report: errno %s info %u, expected EPROTO, info 20", T.step,
		      en((int)r.ee.ee_errno), r.ee.ee_info);
}
END_TEST

/* source quench: nothing (udp.c:688-689); redirect: the route learns it,
 * the socket hears nothing (udp.c:710-712) */
START_TEST(test_source_quench_and_redirect_are_not_errors)
{
	long fd = connected_to(KMT_OTHER, PEER_PORT);
	unsigned char d[256];
	int n;
	struct in_addr g;

	set_int(fd, SOL_IP, IP_RECVERR, 1);
	n = send_capture(fd, NULL, d, sizeof(d));
	icmp(KMT_GATEWAY, 4, 0, 0, d, n);
	want_so_error(fd, 0, "source quench is ignored, even with IP_RECVERR (udp.c:688-689)");
	want_no_report(fd, "source quench queues nothing (udp.c:689)");
	inet_pton(AF_INET, "10.0.0.253", &g);
	kmt_trace_start();
	icmp(KMT_GATEWAY, 5, 1, ntohl(g.s_addr), d, n);
	kmt_trace_stop();
	want_so_error(fd, 0, "a redirect is no error, even with IP_RECVERR (udp.c:710-712)");
	want_no_report(fd, "a redirect queues nothing (udp.c:712)");
	kmt_step("the redirect goes to the route (ipv4_sk_redirect)");
	kmt_assert_chain("__udp4_lib_err", "ipv4_sk_redirect");
	still_refused(fd, d, n);
}
END_TEST

/* the lookup takes the quoted header reversed (udp.c:658-660); no socket:
 * ICMP InErrors (udp.c:672) */
START_TEST(test_error_goes_to_the_socket_that_sent_the_datagram)
{
	long a = connected_to(KMT_PEER, PEER_PORT);
	long b = connected_to(KMT_PEER, PEER_PORT + 1);
	unsigned char da[256], db[256];
	int na = send_capture(a, NULL, da, sizeof(da));
	int nb = send_capture(b, NULL, db, sizeof(db));
	long before;

	icmp(KMT_PEER, 3, 3, 0, db, nb);
	kmt_step("the error quoting the second socket's datagram reaches it alone");
	want_so_error(a, 0, "the quote names the second socket's ports");
	want_so_error(b, ECONNREFUSED, "found by the quoted ports, reversed (udp.c:658)");
	kmt_step("a quote whose source port is no socket's: ICMP InErrors + 1");
	before = km_host_mib(T.h, "IcmpInErrors");
	da[20] ^= 0x40;		/* the quoted UDP source port */
	icmp(KMT_PEER, 3, 3, 0, da, na);
	ck_assert_msg(km_host_mib(T.h, "IcmpInErrors") == before + 1,
		      "[%s] IcmpInErrors %ld, expected %ld: no socket for the quote "
		      "(udp.c:672)", T.step, km_host_mib(T.h, "IcmpInErrors"), before + 1);
	want_so_error(a, 0, "the quote is not the first socket's any more");
}
END_TEST

/* TCP reads the same table: in SYN_SENT every error fails connect()
 * with icmp_err_convert[code].errno (net/ipv4/tcp_ipv4.c:527, 572-585) */
START_TEST(test_tcp_connect_reads_the_same_table)
{
	static const struct { int code; int err; } tc[] = {
		{ 7, EHOSTDOWN }, { 8, ENONET }, { 2, ENOPROTOOPT },
	};
	unsigned int i;

	for (i = 0; i < sizeof(tc) / sizeof(tc[0]); i++) {
		struct km_seg syn;
		unsigned char q[256];
		long fd = kmt_start_connect(80, &syn);
		int n = km_seg_build(&syn, q, sizeof(q));

		icmp(KMT_GATEWAY, 3, tc[i].code, 0, q, n);
		want_so_error(fd, tc[i].err, "tcp_v4_err takes icmp_err_convert[code].errno "
			      "(tcp_ipv4.c:527) and fails the connect() in SYN_SENT");
		km_close(T.app, (int)fd);
	}
}
END_TEST

/* ------------------------------------------------------------ the suite */

#define CASE_F(fn, setup)	kmt_lab_case(s, #fn, fn, setup, kmt_teardown)
#define CASE(fn)	CASE_F(fn, kmt_setup_wire)

static Suite *lab7_suite(void)
{
	Suite *s = suite_create("lab7");

	CASE(test_connect_records_the_peer);
	CASE(test_connect_takes_the_source_address_from_the_route);
	CASE(test_connect_keeps_a_bound_address);
	CASE(test_connect_sets_inet_id_from_jiffies);
	CASE(test_connect_caches_the_route);
	CASE(test_failed_reconnect_drops_the_cached_route);
	CASE(test_connect_argument_errors);
	CASE(test_connect_route_errors);
	CASE_F(test_connect_without_a_route_is_enetunreach, kmt_setup_one);
	CASE(test_connect_to_broadcast_needs_so_broadcast);
	CASE(test_connect_to_multicast_uses_multicast_if);
	CASE(test_port_unreachable_refuses_a_connected_socket);
	CASE(test_send_after_an_error_reports_it);
	CASE(test_error_wakes_a_blocked_recv);
	CASE(test_hard_unreachable_codes_reach_a_connected_socket);
	CASE(test_soft_unreachable_codes_need_recverr);
	CASE(test_unconnected_socket_hears_errors_only_with_recverr);
	CASE(test_recverr_report_is_complete);
	CASE(test_frag_needed_is_emsgsize_and_lowers_the_path_mtu);
	CASE(test_frag_needed_with_pmtudisc_dont_only_lowers_the_mtu);
	CASE(test_parameter_problem_and_time_exceeded);
	CASE(test_source_quench_and_redirect_are_not_errors);
	CASE(test_error_goes_to_the_socket_that_sent_the_datagram);
	CASE(test_tcp_connect_reads_the_same_table);
	return s;
}

int main(void)
{
	return kmt_run(lab7_suite());
}
