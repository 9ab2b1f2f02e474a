// SPDX-License-Identifier: GPL-2.0
/*
 * UDP: connect() on a datagram socket (net/ipv4/datagram.c:23), the
 * datagrams it sends and receives, and the ICMP port unreachable a host
 * answers to a datagram for a closed port — packet-exact on a test wire.
 *
 * The host under test is 10.0.0.1 on eth0 (a test wire, default route via
 * 10.0.0.254); 10.0.0.2 is this test, reading frames and injecting them.
 */
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include "kmtest.h"

/* struct sock_extended_err (linux/errqueue.h; the kernel include path
 * shadows the system header here). */
struct kmt_ee {
	uint32_t ee_errno;
	uint8_t ee_origin, ee_type, ee_code, ee_pad;
	uint32_t ee_info, ee_data;
};
#define SO_EE_ORIGIN_LOCAL	1
#define SO_EE_ORIGIN_ICMP	2

#define PEER_PORT	5353
#define NSEC		1000000000LL

static long udp_socket(struct task_struct *t)
{
	long fd = km_socket(t, AF_INET, SOCK_DGRAM, 0);

	ck_assert_msg(fd >= 0, "[%s] socket: %s", T.step, kmt_errname(fd));
	return fd;
}

static long udp_connected(struct task_struct *t, const char *ip, int port)
{
	struct sockaddr_in a = kmt_addr(ip, port);
	long fd = udp_socket(t);

	kmt_assert_ret(km_connect(t, (int)fd, &a, sizeof(a)), 0);
	return fd;
}

static uint16_t local_port(struct task_struct *t, long fd)
{
	struct sockaddr_in a;
	int len = sizeof(a);

	kmt_assert_ret(km_getsockname(t, (int)fd, &a, &len), 0);
	return ntohs(a.sin_port);
}

/* The next frame the host sent, raw. */
static int wire_raw(unsigned char *buf, size_t cap)
{
	ck_assert_msg(km_wire_pending(T.wire) > 0, "[%s] the host sent nothing", T.step);
	return km_wire_recv(T.wire, buf, cap);
}

/* Compare a frame byte by byte with the one km_seg_build makes of want. */
static void assert_frame(const unsigned char *got, int glen, const struct km_seg *want)
{
	unsigned char exp[2048];
	int elen = km_seg_build(want, exp, sizeof(exp)), i;
	char d[256];

	ck_assert_msg(elen > 0, "[%s] cannot build the expected frame", T.step);
	km_seg_describe(want, d, sizeof(d));
	ck_assert_msg(glen == elen, "[%s] frame length: expected %d (%s), got %d",
		      T.step, elen, d, glen);
	for (i = 0; i < elen; i++)
		ck_assert_msg(got[i] == exp[i],
			      "[%s] frame byte %d: expected %02x, got %02x (expected frame: %s)",
			      T.step, i, exp[i], got[i], d);
}

/* A UDP datagram from ip:sport to the host's dport. */
static int udp_frame(unsigned char *buf, size_t cap, const char *ip, int sport,
		     int dport, const void *data, size_t len)
{
	struct km_seg s;

	km_seg_init_tcp(&s, 0, (uint16_t)sport, T.client, (uint16_t)dport);
	inet_pton(AF_INET, ip, &s.saddr);
	s.protocol = 17;
	s.payload = data;
	s.payload_len = len;
	return km_seg_build(&s, buf, cap);
}

static void inject_udp(const char *ip, int sport, int dport, const void *data,
		       size_t len)
{
	unsigned char f[2048];
	int n = udp_frame(f, sizeof(f), ip, sport, dport, data, len);

	ck_assert(n > 0);
	kmt_wire_inject_raw(f, (size_t)n);
}

/* ---- connect() ---- */

/* net/ipv4/datagram.c:76-78; socket->state untouched: net/ipv4/af_inet.c:552 */
START_TEST(test_udp_connect_sets_established_but_socket_stays_unconnected)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT), p;
	int plen = sizeof(p);
	unsigned long j;
	long fd = udp_socket(T.app);
	uint16_t port;
	char want[32];

	kmt_step("connect() to 10.0.0.2:5353 returns 0 and sends nothing");
	j = km_host_jiffies(T.h);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), 0);
	kmt_wire_expect_none();

	kmt_step("the sock is TCP_ESTABLISHED, the struct socket stays SS_UNCONNECTED");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");

	kmt_step("autobind: an ephemeral port in 32768..60999");
	port = local_port(T.app, fd);
	ck_assert_msg(port >= 32768 && port <= 60999, "[%s] port %u", T.step, port);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "inet_num"), port);

	kmt_step("peer, local address from the route, inet_id = jiffies, cached route");
	kmt_assert_field(T.app, (int)fd, "sock", "skc_daddr", KMT_PEER);
	kmt_assert_field(T.app, (int)fd, "sock", "skc_rcv_saddr", KMT_CLIENT);
	kmt_assert_field(T.app, (int)fd, "sock", "inet_saddr", KMT_CLIENT);
	snprintf(want, sizeof(want), "%u", PEER_PORT);
	kmt_assert_field(T.app, (int)fd, "sock", "skc_dport", want);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "inet_id"), (uint16_t)j);
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "sk_dst_cache") != 0,
		      "[%s] no route cached", T.step);

	kmt_step("getpeername() now answers");
	kmt_assert_ret(km_getpeername(T.app, (int)fd, &p, &plen), 0);
	ck_assert_uint_eq(p.sin_addr.s_addr, T.peer);
	ck_assert_uint_eq(ntohs(p.sin_port), PEER_PORT);
}
END_TEST

/* the errno of each bad argument, in Linux's order (net/ipv4/af_inet.c:559,
 * net/ipv4/datagram.c:35, 38) */
START_TEST(test_udp_connect_argument_errors)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = udp_socket(T.app);

	kmt_step("addrlen 1 (< sizeof sa_family): EINVAL before any autobind");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 1), -EINVAL);
	kmt_assert_field(T.app, (int)fd, "sock", "inet_num", "0");

	kmt_step("addrlen 8: inet_dgram_connect autobinds, then ip4_datagram_connect says EINVAL");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 8), -EINVAL);
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "inet_num") != 0,
		      "[%s] the socket should have been autobound", T.step);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");

	kmt_step("family AF_INET6 with 16 bytes: EAFNOSUPPORT");
	a.sin_family = AF_INET6;
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EAFNOSUPPORT);

	kmt_step("a bad address pointer: EFAULT (move_addr_to_kernel)");
	kmt_assert_ret(km_connect(T.app, (int)fd, (void *)16, sizeof(a)), -EFAULT);
	kmt_step("addrlen > 128: EINVAL");
	a.sin_family = AF_INET;
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 129), -EINVAL);
}
END_TEST

/* AF_UNSPEC -> udp_disconnect (net/ipv4/af_inet.c:561, net/ipv4/udp.c:1836-1846) */
START_TEST(test_udp_connect_af_unspec_disconnects)
{
	long fd = udp_connected(T.app, KMT_PEER, PEER_PORT);
	struct sockaddr_in u = { .sin_family = AF_UNSPEC };
	struct sockaddr_in b = kmt_addr("0.0.0.0", 4000);
	long fd2;

	kmt_trace_start();
	kmt_step("AF_UNSPEC: 0, back to CLOSE, peer forgotten");
	kmt_assert_ret(km_connect(T.app, (int)fd, &u, sizeof(u)), 0);
	kmt_trace_stop();
	kmt_assert_chain("inet_dgram_connect", "udp_disconnect", "__udp_disconnect");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "sock", "skc_daddr", "0.0.0.0");
	kmt_assert_field(T.app, (int)fd, "sock", "skc_dport", "0");
	kmt_step("the address chosen by connect() and the autobound port are released");
	kmt_assert_field(T.app, (int)fd, "sock", "skc_rcv_saddr", "0.0.0.0");
	kmt_assert_field(T.app, (int)fd, "sock", "inet_num", "0");
	kmt_step("send() now needs an address: EDESTADDRREQ");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), -EDESTADDRREQ);

	kmt_step("a port from bind() survives the disconnect");
	fd2 = udp_socket(T.app);
	kmt_assert_ret(km_bind(T.app, (int)fd2, &b, sizeof(b)), 0);
	b = kmt_addr(KMT_PEER, PEER_PORT);
	kmt_assert_ret(km_connect(T.app, (int)fd2, &b, sizeof(b)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd2, &u, 2), 0);
	kmt_assert_field(T.app, (int)fd2, "sock", "inet_num", "4000");
	kmt_assert_field(T.app, (int)fd2, "sock", "skc_rcv_saddr", "0.0.0.0");
}
END_TEST

/* broadcast without SO_BROADCAST (net/ipv4/datagram.c:64) */
START_TEST(test_udp_connect_to_broadcast_needs_so_broadcast)
{
	struct sockaddr_in lb = kmt_addr("255.255.255.255", 67);
	struct sockaddr_in sb = kmt_addr("10.0.0.255", 67);
	long fd = udp_socket(T.app);
	int one = 1;

	kmt_step("255.255.255.255 without SO_BROADCAST: EACCES");
	kmt_assert_ret(km_connect(T.app, (int)fd, &lb, sizeof(lb)), -EACCES);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_step("the subnet broadcast 10.0.0.255 too");
	kmt_assert_ret(km_connect(T.app, (int)fd, &sb, sizeof(sb)), -EACCES);
	kmt_step("sendto() a broadcast address: EACCES too");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, &lb, sizeof(lb)), -EACCES);
	kmt_wire_expect_none();

	kmt_step("with SO_BROADCAST both connect");
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_SOCKET, SO_BROADCAST, &one,
				     sizeof(one)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &lb, sizeof(lb)), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "skc_daddr", "255.255.255.255");
	kmt_assert_ret(km_connect(T.app, (int)fd, &sb, sizeof(sb)), 0);
	one = 0;
	kmt_step("getsockopt(SO_BROADCAST) reads 1");
	{
		int v = 0, len = sizeof(v);

		kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_BROADCAST,
					     &v, &len), 0);
		ck_assert_int_eq(v, 1);
	}
}
END_TEST

/* route errors as TCP (net/ipv4/datagram.c:51-57) */
START_TEST(test_udp_connect_route_errors)
{
	struct sockaddr_in a;
	long fd = udp_socket(T.app);

	ck_assert_int_eq(km_host_add_route(T.h, "192.168.1.0/24", NULL, "eth0", "unreachable"), 0);
	ck_assert_int_eq(km_host_add_route(T.h, "192.168.2.0/24", NULL, "eth0", "prohibit"), 0);
	ck_assert_int_eq(km_host_add_route(T.h, "192.168.3.0/24", NULL, "eth0", "blackhole"), 0);
	kmt_step("unreachable route: EHOSTUNREACH");
	a = kmt_addr("192.168.1.1", 53);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EHOSTUNREACH);
	kmt_step("prohibit route: EACCES");
	a = kmt_addr("192.168.2.1", 53);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EACCES);
	kmt_step("blackhole route: EINVAL");
	a = kmt_addr("192.168.3.1", 53);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINVAL);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_step("sendto() gets the same routing errors");
	a = kmt_addr("192.168.1.1", 53);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, &a, sizeof(a)), -EHOSTUNREACH);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_udp_connect_without_any_route_is_enetunreach)
{
	struct sockaddr_in a = kmt_addr("10.9.9.9", 53);
	long fd = udp_socket(T.app);

	kmt_step("a host with only loopback: ENETUNREACH");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ENETUNREACH);
	kmt_step("0.0.0.0 means this host: connects over loopback");
	a = kmt_addr("0.0.0.0", 53);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "skc_daddr", "127.0.0.1");
}
END_TEST

/* autobind failure (net/ipv4/af_inet.c:569-570) */
START_TEST(test_udp_autobind_failure_is_eagain)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd1, fd2;

	kmt_step("a one-port ephemeral range, taken by a first socket");
	km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[0]", 40000);
	km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[1]", 40000);
	fd1 = udp_connected(T.app, KMT_PEER, PEER_PORT);
	ck_assert_uint_eq(local_port(T.app, fd1), 40000);
	kmt_step("the second connect() cannot autobind: EAGAIN");
	fd2 = udp_socket(T.app);
	kmt_assert_ret(km_connect(T.app, (int)fd2, &a, sizeof(a)), -EAGAIN);
	kmt_assert_field(T.app, (int)fd2, "sock", "sk_state", "TCP_CLOSE");
	kmt_step("and so does sendto() (inet_sendmsg autobinds too)");
	kmt_assert_ret(km_sendto(T.app, (int)fd2, "x", 1, 0, &a, sizeof(a)), -EAGAIN);
}
END_TEST

/* the multicast branch of __ip4_datagram_connect (net/ipv4/datagram.c:44-48) */
START_TEST(test_udp_connect_to_multicast_uses_multicast_if)
{
	struct sockaddr_in g = kmt_addr("239.1.2.3", 5000);
	struct ip_mreqn m;
	long fd = udp_socket(T.app);
	unsigned char f[256];
	struct km_seg s;
	int n;

	kmt_step("IP_MULTICAST_IF with an address that is not ours: EADDRNOTAVAIL");
	memset(&m, 0, sizeof(m));
	inet_pton(AF_INET, "10.0.0.99", &m.imr_address);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_IP, IP_MULTICAST_IF, &m,
				     sizeof(m)), -EADDRNOTAVAIL);
	kmt_step("IP_MULTICAST_IF 10.0.0.1: mc_index = eth0, mc_addr = 10.0.0.1");
	inet_pton(AF_INET, KMT_CLIENT, &m.imr_address);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_IP, IP_MULTICAST_IF, &m,
				     sizeof(m)), 0);
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "mc_index") != 0,
		      "[%s] mc_index not set", T.step);
	kmt_step("connect() to a group takes them as oif and source");
	kmt_assert_ret(km_connect(T.app, (int)fd, &g, sizeof(g)), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "inet_saddr", KMT_CLIENT);
	kmt_assert_field(T.app, (int)fd, "sock", "skc_daddr", "239.1.2.3");
	kmt_step("a datagram to the group leaves eth0 with TTL 1 (IP_MULTICAST_TTL)");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "m", 1, 0, NULL, 0), 1);
	n = wire_raw(f, sizeof(f));
	ck_assert_int_eq(km_seg_parse(f, (size_t)n, &s), 0);
	ck_assert_int_eq(s.ttl, 1);
	ck_assert_uint_eq(s.saddr, T.client);
	ck_assert_int_eq(s.dport, 5000);
}
END_TEST

/*
 * IP_MULTICAST_IF 127.0.0.1 picks lo as the output device; the default
 * route goes out of eth0, so the lookup through lo finds nothing
 * (net/ipv4/fib_trie.c:1481-1484 in Linux 5.0.1) and the group is taken
 * to be on lo's link (net/ipv4/route.c:2433-2455). Before kmirror's
 * lookup honoured the device, it took eth0's route and failed with EINVAL.
 */
START_TEST(test_udp_connect_to_multicast_through_lo_ignores_routes_of_other_devices)
{
	struct sockaddr_in g = kmt_addr("239.1.2.3", 5000);
	struct ip_mreqn m;
	long fd = udp_socket(T.app);

	kmt_step("IP_MULTICAST_IF 127.0.0.1: the group's device is lo");
	memset(&m, 0, sizeof(m));
	inet_pton(AF_INET, "127.0.0.1", &m.imr_address);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_IP, IP_MULTICAST_IF, &m,
				     sizeof(m)), 0);
	kmt_step("connect() to the group: a route on lo's link, source 127.0.0.1");
	kmt_assert_ret(km_connect(T.app, (int)fd, &g, sizeof(g)), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "inet_saddr", "127.0.0.1");
	kmt_assert_field(T.app, (int)fd, "sock", "skc_daddr", "239.1.2.3");
	kmt_step("a datagram to the group stays on this host: nothing on eth0");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "m", 1, 0, NULL, 0), 1);
	kmt_wire_expect_none();
}
END_TEST

/*
 * A source address given and no device: a group or broadcast leaves the
 * device that has the source (net/ipv4/route.c:2356-2380 in Linux 5.0.1),
 * whatever the routing tables say; 127.0.0.5 is lo's through the local
 * table's 127.0.0.0/8 (net/ipv4/devinet.c:156-169).
 */
START_TEST(test_udp_connect_from_a_bound_source_sends_groups_out_of_its_device)
{
	struct sockaddr_in g = kmt_addr("239.1.2.3", 5000);
	struct sockaddr_in b = kmt_addr("127.0.0.5", 0);
	long fd = udp_socket(T.app);

	kmt_step("bound to 127.0.0.5 (no device carries it), connect() to a group");
	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &g, sizeof(g)), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "inet_saddr", "127.0.0.5");
	kmt_step("a datagram to the group stays on lo: nothing on eth0");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "m", 1, 0, NULL, 0), 1);
	kmt_wire_expect_none();
}
END_TEST

/*
 * Linux 5.0.1 refuses a source no device has with EINVAL
 * (net/ipv4/route.c:2342 and 2383-2386); later kernels (6.18, on which
 * kmirror was checked) say ENETUNREACH. ip_nonlocal_bind lets bind()
 * take such an address.
 */
START_TEST(test_connect_from_an_address_not_ours_is_einval)
{
	struct sockaddr_in b = kmt_addr("10.0.0.77", 0);
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = udp_socket(T.app), tfd;

	kmt_step("ip_nonlocal_bind 1: bind() takes 10.0.0.77, which no device has");
	km_sysctl_set(T.h, "net.ipv4.ip_nonlocal_bind", 1);
	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_step("UDP connect(): the route lookup refuses the source, EINVAL");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINVAL);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_step("TCP connect() from the same address: EINVAL, no SYN");
	tfd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(tfd, 0);
	kmt_assert_ret(km_bind(T.app, (int)tfd, &b, sizeof(b)), 0);
	kmt_assert_ret(km_connect(T.app, (int)tfd, &a, sizeof(a)), -EINVAL);
	kmt_wire_expect_none();
}
END_TEST

/*
 * With only lo, a broadcast has no route (ENETUNREACH) unless the socket
 * is bound: then it leaves the source's device (net/ipv4/route.c:2356-2380
 * in Linux 5.0.1).
 */
START_TEST(test_udp_broadcast_without_routes_needs_a_bound_source)
{
	struct sockaddr_in lb = kmt_addr("255.255.255.255", 67);
	struct sockaddr_in b = kmt_addr("127.0.0.1", 0);
	long fd = udp_socket(T.app);
	int one = 1;

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_SOCKET, SO_BROADCAST, &one,
				     sizeof(one)), 0);
	kmt_step("unbound: no route to 255.255.255.255, ENETUNREACH");
	kmt_assert_ret(km_connect(T.app, (int)fd, &lb, sizeof(lb)), -ENETUNREACH);
	kmt_step("another socket, bound to 127.0.0.1: out of lo");
	fd = udp_socket(T.app);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_SOCKET, SO_BROADCAST, &one,
				     sizeof(one)), 0);
	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &lb, sizeof(lb)), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "skc_daddr", "255.255.255.255");
	kmt_assert_field(T.app, (int)fd, "sock", "inet_saddr", "127.0.0.1");
}
END_TEST

/* ---- sending ---- */

/* the datagram, byte for byte */
START_TEST(test_connected_send_is_byte_exact_and_ids_follow_inet_id)
{
	long fd;
	unsigned char f[256];
	struct km_seg want;
	uint16_t id, port;
	int n;

	fd = udp_connected(T.app, KMT_PEER, PEER_PORT);
	port = local_port(T.app, fd);
	id = (uint16_t)kmt_field_u(T.app, (int)fd, "sock", "inet_id");

	kmt_step("send(\"hello\") on the connected socket returns 5");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "hello", 5, 0, NULL, 0), 5);
	kmt_step("the datagram: DF, TTL 64, IP ID = inet_id, UDP length 13, checksum");
	n = wire_raw(f, sizeof(f));
	km_seg_init_tcp(&want, T.client, port, T.peer, PEER_PORT);
	want.protocol = 17;
	want.ip_id = id;
	want.payload = (const uint8_t *)"hello";
	want.payload_len = 5;
	assert_frame(f, n, &want);
	kmt_wire_expect_none();

	kmt_step("the next datagram takes inet_id + 1");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "hello", 5, 0, NULL, 0), 5);
	n = wire_raw(f, sizeof(f));
	want.ip_id = (uint16_t)(id + 1);
	assert_frame(f, n, &want);
	ck_assert_int_eq(km_host_mib(T.h, "UdpOutDatagrams"), 2);
}
END_TEST

START_TEST(test_unconnected_sendto_has_ip_id_0_and_routes_each_time)
{
	struct sockaddr_in a = kmt_addr(KMT_OTHER, 7);
	long fd = udp_socket(T.app);
	unsigned char f[256];
	struct km_seg want, got;
	int n;

	kmt_step("sendto() an off-link host (via the gateway): DF and IP ID 0");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "ab", 2, 0, &a, sizeof(a)), 2);
	n = wire_raw(f, sizeof(f));
	ck_assert_int_eq(km_seg_parse(f, (size_t)n, &got), 0);
	km_seg_init_tcp(&want, T.client, got.sport, a.sin_addr.s_addr, 7);
	want.protocol = 17;
	want.ip_id = 0;
	want.payload = (const uint8_t *)"ab";
	want.payload_len = 2;
	assert_frame(f, n, &want);
	kmt_step("the socket was autobound and stays unconnected, with no cached route");
	ck_assert_uint_eq(got.sport, local_port(T.app, fd));
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "sk_dst_cache"), 0);
}
END_TEST

START_TEST(test_udp_send_errors)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	static char big[65536];
	long fd = udp_socket(T.app);

	kmt_step("send() without address on an unconnected socket: EDESTADDRREQ");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), -EDESTADDRREQ);
	kmt_step("sendto() with 8 address bytes: EINVAL");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, &a, 8), -EINVAL);
	kmt_step("sendto() an AF_INET6 address: EAFNOSUPPORT");
	a.sin_family = AF_INET6;
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, &a, sizeof(a)), -EAFNOSUPPORT);
	kmt_step("sendto() port 0: EINVAL");
	a = kmt_addr(KMT_PEER, 0);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, &a, sizeof(a)), -EINVAL);
	a = kmt_addr(KMT_PEER, PEER_PORT);
	kmt_step("MSG_OOB: EOPNOTSUPP");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, MSG_OOB, &a, sizeof(a)), -EOPNOTSUPP);
	kmt_step("more than 65535 bytes: EMSGSIZE");
	kmt_assert_ret(km_sendto(T.app, (int)fd, big, 65536, 0, &a, sizeof(a)), -EMSGSIZE);
	kmt_step("65508 bytes: the IP packet would exceed 65535: EMSGSIZE");
	kmt_assert_ret(km_sendto(T.app, (int)fd, big, 65508, 0, &a, sizeof(a)), -EMSGSIZE);
	kmt_step("a bad buffer: EFAULT");
	kmt_assert_ret(km_sendto(T.app, (int)fd, (void *)16, 10, 0, &a, sizeof(a)), -EFAULT);
	kmt_wire_expect_none();
	kmt_step("an empty datagram is fine: 0 bytes, UDP length 8");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "", 0, 0, &a, sizeof(a)), 0);
	{
		struct km_seg s;

		kmt_wire_expect(&s);
		ck_assert_int_eq(s.ip_tot_len, 28);
		ck_assert_int_eq((int)s.payload_len, 0);
	}
}
END_TEST

START_TEST(test_pmtudisc_do_over_mtu_is_emsgsize_with_a_local_error_report)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	static char big[1500];
	long fd = udp_socket(T.app);
	int v = IP_PMTUDISC_DO, one = 1;
	struct kmt_ee *ee;
	char ctl[256], data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m;
	struct cmsghdr *c;

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_IP, IP_MTU_DISCOVER, &v,
				     sizeof(v)), 0);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_IP, IP_RECVERR, &one,
				     sizeof(one)), 0);
	kmt_step("1473 bytes + 28 of headers > MTU 1500 with DF forced: EMSGSIZE");
	kmt_assert_ret(km_sendto(T.app, (int)fd, big, 1473, 0, &a, sizeof(a)), -EMSGSIZE);
	kmt_wire_expect_none();
	kmt_step("1472 bytes fit");
	kmt_assert_ret(km_sendto(T.app, (int)fd, big, 1472, 0, &a, sizeof(a)), 1472);
	{
		struct km_seg s;

		kmt_wire_expect(&s);
		ck_assert_int_eq(s.ip_tot_len, 1500);
		ck_assert(s.df);
	}
	kmt_step("the error queue has an SO_EE_ORIGIN_LOCAL report, info = MTU");
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	kmt_assert_ret(km_recvmsg(T.app, (int)fd, &m, MSG_ERRQUEUE), 0);
	c = CMSG_FIRSTHDR(&m);
	ck_assert_msg(c != NULL, "[%s] no control message", T.step);
	ck_assert_int_eq(c->cmsg_level, SOL_IP);
	ck_assert_int_eq(c->cmsg_type, IP_RECVERR);
	ee = (struct kmt_ee *)CMSG_DATA(c);
	ck_assert_int_eq(ee->ee_errno, EMSGSIZE);
	ck_assert_int_eq(ee->ee_origin, SO_EE_ORIGIN_LOCAL);
	ck_assert_int_eq(ee->ee_info, 1500);
}
END_TEST

START_TEST(test_max_datagram_over_loopback)
{
	struct sockaddr_in lo = kmt_addr("127.0.0.1", 9000);
	static char big[65507], in[65600];
	long rx = udp_socket(T.app), tx = udp_socket(T.app);

	kmt_assert_ret(km_bind(T.app, (int)rx, &lo, sizeof(lo)), 0);
	kmt_step("65507 bytes (65535 - 28) fit the loopback MTU");
	memset(big, 'z', sizeof(big));
	kmt_assert_ret(km_sendto(T.app, (int)tx, big, sizeof(big), 0, &lo, sizeof(lo)),
		       (long)sizeof(big));
	kmt_assert_ret(km_recvfrom(T.app, (int)rx, in, sizeof(in), MSG_DONTWAIT, NULL, NULL),
		       (long)sizeof(big));
	ck_assert(!memcmp(in, big, sizeof(big)));
}
END_TEST

/* ---- receiving ---- */

START_TEST(test_recvfrom_returns_payload_and_sender)
{
	struct sockaddr_in b = kmt_addr("0.0.0.0", 7000), from;
	int flen = sizeof(from);
	long fd = udp_socket(T.app);
	char buf[64];

	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_step("nothing queued, MSG_DONTWAIT: EAGAIN");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL),
		       -EAGAIN);
	kmt_step("a datagram from 10.0.0.2:53 is queued and read with its sender");
	inject_udp(KMT_PEER, 53, 7000, "ping", 4);
	ck_assert_int_eq(km_host_mib(T.h, "UdpInDatagrams"), 0);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), 0, &from, &flen), 4);
	ck_assert(!memcmp(buf, "ping", 4));
	ck_assert_int_eq(flen, sizeof(from));
	ck_assert_uint_eq(from.sin_addr.s_addr, T.peer);
	ck_assert_uint_eq(ntohs(from.sin_port), 53);
	ck_assert_int_eq(km_host_mib(T.h, "UdpInDatagrams"), 1);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_blocking_recv_wakes_when_a_datagram_arrives)
{
	struct sockaddr_in b = kmt_addr("0.0.0.0", 7000);
	long fd = udp_socket(T.app);
	char buf[16];

	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_step("recv() blocks");
	km_call_start(T.app, SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0, 0);
	ck_assert(!km_call_done(T.app));
	kmt_step("a datagram 2 s later wakes it");
	{
		unsigned char f[128];
		int n = udp_frame(f, sizeof(f), KMT_PEER, 53, 7000, "late", 4);

		km_wire_inject_at(T.wire, 2 * NSEC, f, (size_t)n);
	}
	kmt_assert_ret(km_call_wait(T.app, 5 * NSEC), 4);
	ck_assert_int_eq(kmt_now_ms(), 2000);
}
END_TEST

START_TEST(test_peek_trunc_and_short_buffers)
{
	struct sockaddr_in b = kmt_addr("0.0.0.0", 7000);
	long fd = udp_socket(T.app);
	char buf[64];
	struct iovec iov = { buf, 3 };
	struct msghdr m;

	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	inject_udp(KMT_PEER, 53, 7000, "abcdefgh", 8);
	inject_udp(KMT_PEER, 53, 7000, "second", 6);

	kmt_step("MSG_PEEK leaves the datagram queued");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_PEEK, NULL, NULL), 8);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_PEEK, NULL, NULL), 8);
	kmt_step("a 3-byte buffer: 3 bytes and MSG_TRUNC; the rest of the datagram is gone");
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	kmt_assert_ret(km_recvmsg(T.app, (int)fd, &m, 0), 3);
	ck_assert(m.msg_flags & MSG_TRUNC);
	ck_assert(!memcmp(buf, "abc", 3));
	kmt_step("MSG_TRUNC asks for the real length");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, 2, MSG_TRUNC, NULL, NULL), 6);
	kmt_step("the queue is empty now");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL),
		       -EAGAIN);
}
END_TEST

/* datagrams from other sources are not delivered to a connected socket */
START_TEST(test_connected_socket_ignores_other_sources)
{
	long fd = udp_connected(T.app, KMT_PEER, PEER_PORT);
	uint16_t port = local_port(T.app, fd);
	char buf[16];
	struct km_seg icmp;

	kmt_step("from the peer but another port: not ours; port unreachable goes back");
	inject_udp(KMT_PEER, PEER_PORT + 1, port, "no", 2);
	kmt_wire_expect(&icmp);
	ck_assert_int_eq(icmp.protocol, 1);
	ck_assert_int_eq(icmp.icmp_type, 3);
	ck_assert_int_eq(icmp.icmp_code, 3);
	kmt_step("from another host: the same");
	inject_udp("10.0.0.3", PEER_PORT, port, "no", 2);
	kmt_wire_expect(&icmp);
	ck_assert_int_eq(icmp.icmp_code, 3);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL),
		       -EAGAIN);
	ck_assert_int_eq(km_host_mib(T.h, "UdpNoPorts"), 2);
	kmt_step("from the peer's address and port: delivered");
	inject_udp(KMT_PEER, PEER_PORT, port, "yes", 3);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL), 3);
}
END_TEST

START_TEST(test_bad_datagrams_are_dropped_without_icmp)
{
	struct sockaddr_in b = kmt_addr("0.0.0.0", 7000);
	long fd = udp_socket(T.app);
	unsigned char f[128];
	char buf[16];
	int n;

	kmt_assert_ret(km_bind(T.app, (int)fd, &b, sizeof(b)), 0);
	kmt_step("a bad checksum, to an open port: InCsumErrors, dropped");
	n = udp_frame(f, sizeof(f), KMT_PEER, 53, 7000, "data", 4);
	f[20 + 8] ^= 0x55;
	kmt_wire_inject_raw(f, (size_t)n);
	kmt_step("a bad checksum, to a closed port: dropped, no ICMP");
	n = udp_frame(f, sizeof(f), KMT_PEER, 53, 7001, "data", 4);
	f[20 + 8] ^= 0x55;
	kmt_wire_inject_raw(f, (size_t)n);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "UdpInCsumErrors"), 2);
	kmt_step("UDP length larger than the packet, and smaller than 8: dropped");
	n = udp_frame(f, sizeof(f), KMT_PEER, 53, 7000, "data", 4);
	f[24] = 0; f[25] = 40;
	kmt_wire_inject_raw(f, (size_t)n);
	n = udp_frame(f, sizeof(f), KMT_PEER, 53, 7000, "data", 4);
	f[24] = 0; f[25] = 7;
	kmt_wire_inject_raw(f, (size_t)n);
	kmt_step("a checksum of 0 means none: accepted");
	n = udp_frame(f, sizeof(f), KMT_PEER, 53, 7000, "zero", 4);
	f[26] = 0; f[27] = 0;
	kmt_wire_inject_raw(f, (size_t)n);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL), 4);
	ck_assert(!memcmp(buf, "zero", 4));
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL),
		       -EAGAIN);
	ck_assert_int_eq(km_host_mib(T.h, "UdpInErrors"), 4);
	kmt_wire_expect_none();
}
END_TEST

/* ---- ICMP port unreachable, sent ---- */

/* icmp_send's message, byte for byte */
START_TEST(test_closed_port_answers_icmp_port_unreachable_byte_exact)
{
	unsigned char dgram[128], f[700];
	struct km_seg want, got;
	int dlen, n;

	kmt_step("a datagram to closed port 9999");
	dlen = udp_frame(dgram, sizeof(dgram), KMT_PEER, 4444, 9999, "knock", 5);
	kmt_trace_start();
	kmt_wire_inject_raw(dgram, (size_t)dlen);
	kmt_trace_stop();
	kmt_assert_chain("udp_rcv", "__udp4_lib_rcv", "__udp4_lib_lookup", "icmp_send",
			 "icmp_route_lookup", "icmpv4_xrlim_allow", "ip_push_pending_frames_km");

	kmt_step("ICMP type 3 code 3 from 10.0.0.1, TOS 0xc0, TTL 64, no DF, quoting the whole datagram");
	n = wire_raw(f, sizeof(f));
	ck_assert_int_eq(km_seg_parse(f, (size_t)n, &got), 0);
	memset(&want, 0, sizeof(want));
	want.saddr = T.client;
	want.daddr = T.peer;
	want.protocol = 1;
	want.tos = 0xc0;
	want.ttl = 64;
	want.df = false;
	want.ip_id = got.ip_id;	/* from the hashed ID generator */
	want.icmp_type = 3;
	want.icmp_code = 3;
	want.icmp_info = 0;
	want.payload = dgram;
	want.payload_len = (size_t)dlen;
	assert_frame(f, n, &want);
	ck_assert_int_eq(km_host_mib(T.h, "UdpNoPorts"), 1);
	ck_assert_int_eq(km_host_mib(T.h, "IcmpOutDestUnreachs"), 1);
}
END_TEST

START_TEST(test_icmp_quote_is_limited_to_576_bytes)
{
	static unsigned char payload[1000];
	unsigned char dgram[1100], f[1500];
	struct km_seg got;
	int dlen, n;

	dlen = udp_frame(dgram, sizeof(dgram), KMT_PEER, 4444, 9999, payload, sizeof(payload));
	kmt_wire_inject_raw(dgram, (size_t)dlen);
	kmt_step("the ICMP message is 576 bytes: 20 + 8 + 548 quoted");
	n = wire_raw(f, sizeof(f));
	ck_assert_int_eq(n, 576);
	ck_assert_int_eq(km_seg_parse(f, (size_t)n, &got), 0);
	ck_assert_int_eq((int)got.payload_len, 548);
	ck_assert(!memcmp(got.payload, dgram, 548));
	ck_assert(got.l4_csum_ok);
}
END_TEST

START_TEST(test_icmp_per_peer_rate_limit_burst_6_then_1_per_second)
{
	unsigned char d[128];
	int i, n = udp_frame(d, sizeof(d), KMT_PEER, 4444, 9999, "x", 1), sent = 0;
	struct km_seg s;

	kmt_step("10 datagrams to a closed port at once: 6 answers (burst)");
	for (i = 0; i < 10; i++)
		kmt_wire_inject_raw(d, (size_t)n);
	while (kmt_wire_next(&s))
		sent++;
	ck_assert_int_eq(sent, 6);
	ck_assert_int_eq(km_host_mib(T.h, "UdpNoPorts"), 10);
	kmt_step("1 s later one more token");
	kmt_advance_ms(1000);
	for (i = 0; i < 3; i++)
		kmt_wire_inject_raw(d, (size_t)n);
	sent = 0;
	while (kmt_wire_next(&s))
		sent++;
	ck_assert_int_eq(sent, 1);
	kmt_step("icmp_ratelimit 0 disables the per-peer limit");
	km_sysctl_set(T.h, "net.ipv4.icmp_ratelimit", 0);
	for (i = 0; i < 5; i++)
		kmt_wire_inject_raw(d, (size_t)n);
	sent = 0;
	while (kmt_wire_next(&s))
		sent++;
	ck_assert_int_eq(sent, 5);
}
END_TEST

START_TEST(test_no_icmp_about_broadcasts_or_icmp_errors)
{
	unsigned char d[128];
	struct km_seg s;
	int n;

	kmt_step("a datagram to the subnet broadcast, closed port: silence");
	km_seg_init_tcp(&s, T.peer, 4444, 0, 9999);
	inet_pton(AF_INET, "10.0.0.255", &s.daddr);
	s.protocol = 17;
	s.payload = (const uint8_t *)"b";
	s.payload_len = 1;
	n = km_seg_build(&s, d, sizeof(d));
	kmt_wire_inject_raw(d, (size_t)n);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_udp_over_two_mirrored_hosts)
{
	struct sockaddr_in srv = kmt_addr("0.0.0.0", 9000), to = kmt_addr(KMT_PEER, 9000);
	struct sockaddr_in from;
	int flen = sizeof(from);
	long s = km_socket(T.app2, AF_INET, SOCK_DGRAM, 0), c;
	char buf[32];

	kmt_assert_ret(km_bind(T.app2, (int)s, &srv, sizeof(srv)), 0);
	c = udp_connected(T.app, KMT_PEER, 9000);
	kmt_step("client -> server");
	kmt_assert_ret(km_sendto(T.app, (int)c, "hi", 2, 0, NULL, 0), 2);
	kmt_assert_ret(km_recvfrom(T.app2, (int)s, buf, sizeof(buf), 0, &from, &flen), 2);
	kmt_step("server -> client, to the address recvfrom() gave");
	kmt_assert_ret(km_sendto(T.app2, (int)s, "yo", 2, 0, &from, flen), 2);
	kmt_assert_ret(km_recvfrom(T.app, (int)c, buf, sizeof(buf), 0, NULL, NULL), 2);
	ck_assert(!memcmp(buf, "yo", 2));
	(void)to;
}
END_TEST

START_TEST(test_udp_connect_trace_chain)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = udp_socket(T.app);

	kmt_trace_start();
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), 0);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "t", 1, 0, NULL, 0), 1);
	kmt_trace_stop();
	kmt_assert_chain("__sys_connect", "inet_dgram_connect", "inet_autobind",
			 "udp_v4_get_port", "udp_lib_get_port", "ip4_datagram_connect",
			 "__ip4_datagram_connect", "ip_route_output_key_hash",
			 "udp_v4_rehash", "udp_lib_rehash",
			 "__sys_sendto", "inet_sendmsg", "udp_sendmsg", "ip_make_skb_km",
			 "sock_alloc_send_pskb", "udp_send_skb", "ip_send_skb", "ip_local_out");
}
END_TEST

/* __udp4_lib_lookup's score: the connected socket wins for its peer */
START_TEST(test_datagram_goes_to_the_best_matching_socket)
{
	struct sockaddr_in any = kmt_addr("0.0.0.0", 7000), peer = kmt_addr(KMT_PEER, 53);
	long wild = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);
	long conn = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);
	int one = 1;
	char buf[16];

	kmt_step("two sockets on port 7000 (SO_REUSEADDR): wildcard, and one connected to 10.0.0.2:53");
	kmt_assert_ret(km_setsockopt(T.app, (int)wild, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	kmt_assert_ret(km_setsockopt(T.app, (int)conn, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	kmt_assert_ret(km_bind(T.app, (int)wild, &any, sizeof(any)), 0);
	kmt_assert_ret(km_bind(T.app, (int)conn, &any, sizeof(any)), 0);
	kmt_assert_ret(km_connect(T.app, (int)conn, &peer, sizeof(peer)), 0);
	kmt_step("from 10.0.0.2:53: the connected socket");
	inject_udp(KMT_PEER, 53, 7000, "peer", 4);
	kmt_assert_ret(km_recvfrom(T.app, (int)conn, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL), 4);
	kmt_assert_ret(km_recvfrom(T.app, (int)wild, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL), -EAGAIN);
	kmt_step("from 10.0.0.2:54: the wildcard socket");
	inject_udp(KMT_PEER, 54, 7000, "other", 5);
	kmt_assert_ret(km_recvfrom(T.app, (int)wild, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL), 5);
	kmt_assert_ret(km_recvfrom(T.app, (int)conn, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL), -EAGAIN);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_send_without_memory_is_enobufs)
{
	long fd = udp_connected(T.app, KMT_PEER, PEER_PORT);

	kmt_step("the skb allocation fails: ENOBUFS, nothing sent");
	km_host_failslab(T.h, "skbuff_head_cache", 1);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), -ENOBUFS);
	kmt_wire_expect_none();
	kmt_step("the next send works");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), 1);
}
END_TEST

static Suite *udp_suite(void)
{
	Suite *s = suite_create("udp");
	TCase *tc = tcase_create("wire");
	TCase *one = tcase_create("one host");
	TCase *two = tcase_create("two hosts");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_add_test(tc, test_udp_connect_sets_established_but_socket_stays_unconnected);
	tcase_add_test(tc, test_udp_connect_argument_errors);
	tcase_add_test(tc, test_udp_connect_af_unspec_disconnects);
	tcase_add_test(tc, test_udp_connect_to_broadcast_needs_so_broadcast);
	tcase_add_test(tc, test_udp_connect_route_errors);
	tcase_add_test(tc, test_udp_autobind_failure_is_eagain);
	tcase_add_test(tc, test_udp_connect_to_multicast_uses_multicast_if);
	tcase_add_test(tc, test_udp_connect_to_multicast_through_lo_ignores_routes_of_other_devices);
	tcase_add_test(tc, test_udp_connect_from_a_bound_source_sends_groups_out_of_its_device);
	tcase_add_test(tc, test_connect_from_an_address_not_ours_is_einval);
	tcase_add_test(tc, test_connected_send_is_byte_exact_and_ids_follow_inet_id);
	tcase_add_test(tc, test_unconnected_sendto_has_ip_id_0_and_routes_each_time);
	tcase_add_test(tc, test_udp_send_errors);
	tcase_add_test(tc, test_pmtudisc_do_over_mtu_is_emsgsize_with_a_local_error_report);
	tcase_add_test(tc, test_recvfrom_returns_payload_and_sender);
	tcase_add_test(tc, test_blocking_recv_wakes_when_a_datagram_arrives);
	tcase_add_test(tc, test_peek_trunc_and_short_buffers);
	tcase_add_test(tc, test_connected_socket_ignores_other_sources);
	tcase_add_test(tc, test_bad_datagrams_are_dropped_without_icmp);
	tcase_add_test(tc, test_closed_port_answers_icmp_port_unreachable_byte_exact);
	tcase_add_test(tc, test_icmp_quote_is_limited_to_576_bytes);
	tcase_add_test(tc, test_icmp_per_peer_rate_limit_burst_6_then_1_per_second);
	tcase_add_test(tc, test_no_icmp_about_broadcasts_or_icmp_errors);
	tcase_add_test(tc, test_udp_connect_trace_chain);
	tcase_add_test(tc, test_datagram_goes_to_the_best_matching_socket);
	tcase_add_test(tc, test_send_without_memory_is_enobufs);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(one, kmt_setup_one, kmt_teardown);
	tcase_add_test(one, test_udp_connect_without_any_route_is_enetunreach);
	tcase_add_test(one, test_udp_broadcast_without_routes_needs_a_bound_source);
	tcase_add_test(one, test_max_datagram_over_loopback);
	suite_add_tcase(s, one);

	tcase_add_checked_fixture(two, kmt_setup_two, kmt_teardown);
	tcase_add_test(two, test_udp_over_two_mirrored_hosts);
	suite_add_tcase(s, two);
	return s;
}

int main(void)
{
	return kmt_run(udp_suite());
}
