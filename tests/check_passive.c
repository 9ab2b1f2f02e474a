// SPDX-License-Identifier: GPL-2.0
/*
 * TCP passive open: bind(), listen(), accept(); a listener's
 * answers on a test wire (packet-exact SYN-ACK, every LISTEN and SYN_RECV
 * case); and the two-host handshake over an in-memory link, with lost
 * segments and simultaneous open (net/ipv4/tcp_input.c:6017,
 * net/ipv4/tcp_minisocks.c:584, docs/behaviour.md).
 */
#include <string.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <netinet/tcp.h>
#include "kmtest.h"

#define SRV_PORT	80
#define CLI_PORT	40000
#define CLI_ISN		2000000000u

/* ---- a listener on the test-wire host (10.0.0.1:80); this test is 10.0.0.2 ---- */

static long listen_on_wire(int backlog)
{
	return kmt_listen_on_wire(SRV_PORT, backlog);
}

/* A Linux-like SYN from 10.0.0.2:port to the listener. */
static void client_syn(struct km_seg *s, uint16_t port, uint32_t isn)
{
	kmt_client_syn(s, port, SRV_PORT, isn);
}

static void final_ack(struct km_seg *a, const struct km_seg *syn, const struct km_seg *sa)
{
	km_seg_init_tcp(a, T.peer, syn->sport, T.client, SRV_PORT);
	a->flags = KM_TH_ACK;
	a->seq = syn->seq + 1;
	a->ack = sa->seq + 1;
	a->window = 502;
	a->ts = true;
	a->tsval = syn->tsval + 1;
	a->tsecr = sa->tsval;
}

/* net/ipv4/tcp_minisocks.c:381, net/ipv4/ip_output.c:163-164,
 * net/ipv4/tcp_ipv4.c:98-100 */
START_TEST(test_listener_synack_is_byte_exact)
{
	struct km_seg syn, sa;
	uint8_t secret[16];
	uint32_t isn;
	unsigned long long real;

	listen_on_wire(128);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	real = km_host_realtime_ns(T.h);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);

	kmt_step("SYN-ACK header: DF, TTL 64, IP ID 0, window 65160 (net/ipv4/ip_output.c:163-164)");
	ck_assert_uint_eq(sa.flags, KM_TH_SYN | KM_TH_ACK);
	ck_assert_uint_eq(sa.ack, CLI_ISN + 1);
	ck_assert_uint_eq(sa.window, 65160);
	ck_assert(sa.df);
	ck_assert_uint_eq(sa.ttl, 64);
	ck_assert_uint_eq(sa.ip_id, 0);
	ck_assert_uint_eq(sa.doff, 10);
	ck_assert(sa.ip_csum_ok && sa.l4_csum_ok);
	kmt_step("options in the SYN's order: MSS 1460, SACK_PERM, TS echoing 5555, WS 7");
	{
		static const uint8_t head[] = { 2, 4, 5, 0xb4, 4, 2, 8, 10 };
		static const uint8_t tail[] = { 0, 0, 0x15, 0xb3, 1, 3, 3, 7 };

		ck_assert_uint_eq(sa.opt_len, 20);
		ck_assert(!memcmp(sa.opt, head, 8));
		ck_assert(!memcmp(sa.opt + 12, tail, 8));
	}
	kmt_step("ISN = secure_tcp_seq(our addr, peer addr, our port, peer port) (net/ipv4/tcp_ipv4.c:100)");
	ck_assert_int_eq(km_host_secret(T.h, "net_secret", secret, 16), 0);
	isn = (uint32_t)km_siphash_3u32(T.client, T.peer,
					(uint32_t)htons(SRV_PORT) << 16 | htons(CLI_PORT),
					secret) + (uint32_t)(real >> 6);
	ck_assert_uint_eq(sa.seq, isn);
}
END_TEST

/* ACK -> RST, RST dropped (net/ipv4/tcp_input.c:6018-6021) */
START_TEST(test_listener_answers_ack_with_rst_and_drops_rst)
{
	struct km_seg s, r;

	listen_on_wire(128);
	kmt_step("a stray ACK to a listener: RST with seq = its ack");
	km_seg_init_tcp(&s, T.peer, CLI_PORT, T.client, SRV_PORT);
	s.flags = KM_TH_ACK;
	s.seq = 1234;
	s.ack = 98765;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&r);
	ck_assert_uint_eq(r.flags, KM_TH_RST);
	ck_assert_uint_eq(r.seq, 98765);
	kmt_step("an RST to a listener is dropped");
	s.flags = KM_TH_RST;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	kmt_step("a SYN with FIN is dropped");
	client_syn(&s, CLI_PORT, CLI_ISN);
	s.flags = KM_TH_SYN | KM_TH_FIN;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
}
END_TEST

/* tcp_check_req (net/ipv4/tcp_minisocks.c:584) */
START_TEST(test_synrecv_cases_follow_tcp_check_req)
{
	struct km_seg syn, sa, sa2, s, r;

	listen_on_wire(128);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);

	kmt_step("a retransmitted SYN gets the same SYN-ACK again");
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa2);
	ck_assert_uint_eq(sa2.seq, sa.seq);
	ck_assert_uint_eq(sa2.flags, KM_TH_SYN | KM_TH_ACK);

	kmt_step("an ACK with a wrong ack number: RST with seq = that ack (net/ipv4/tcp_minisocks.c:713-716)");
	final_ack(&s, &syn, &sa);
	s.ack = sa.seq + 77;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&r);
	ck_assert_uint_eq(r.flags, KM_TH_RST);
	ck_assert_uint_eq(r.seq, sa.seq + 77);

	kmt_step("an out-of-window ACK is answered with an ACK (after the 500 ms rate limit)");
	kmt_advance_ms(600);
	final_ack(&s, &syn, &sa);
	s.seq = syn.seq + 1 + 10000000;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&r);
	ck_assert_uint_eq(r.flags, KM_TH_ACK);
	ck_assert_uint_eq(r.seq, sa.seq + 1);
	ck_assert_uint_eq(r.ack, syn.seq + 1);

	kmt_step("an RST in window resets the embryonic connection");
	km_seg_init_tcp(&s, T.peer, CLI_PORT, T.client, SRV_PORT);
	s.flags = KM_TH_RST;
	s.seq = syn.seq + 1;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "TcpAttemptFails"), 1);
	kmt_step("the request is gone: the valid final ACK now gets an RST");
	final_ack(&s, &syn, &sa);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&r);
	ck_assert_uint_eq(r.flags, KM_TH_RST);
}
END_TEST

/* the final ACK creates the child (net/ipv4/tcp_minisocks.c:786); accept() returns it */
START_TEST(test_final_ack_creates_established_child_for_accept)
{
	struct km_seg syn, sa, a;
	struct sockaddr_in peer;
	int plen = sizeof(peer);
	long lfd = listen_on_wire(128), cfd;

	kmt_step("nothing to accept yet: EAGAIN (net/ipv4/inet_connection_sock.c:463)");
	kmt_assert_ret(km_accept4(T.root, (int)lfd, NULL, NULL, 0), -EAGAIN);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	kmt_step("a request sock is not accepted yet");
	kmt_assert_ret(km_accept4(T.root, (int)lfd, NULL, NULL, 0), -EAGAIN);
	final_ack(&a, &syn, &sa);
	kmt_wire_inject(&a, 0);
	kmt_wire_expect_none();
	cfd = km_accept4(T.root, (int)lfd, &peer, &plen, 0);
	ck_assert_msg(cfd >= 0, "accept: %s", kmt_errname(cfd));
	kmt_step("the child: ESTABLISHED, SS_CONNECTED, the handshake's numbers");
	kmt_assert_field(T.root, (int)cfd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_field(T.root, (int)cfd, "socket", "state", "SS_CONNECTED");
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rcv_nxt"), CLI_ISN + 1);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "snd_una"), sa.seq + 1);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "snd_nxt"), sa.seq + 1);
	kmt_assert_field(T.root, (int)cfd, "sock", "snd_wnd", "64256");
	kmt_assert_field(T.root, (int)cfd, "sock", "mss_cache", "1448");
	kmt_assert_field(T.root, (int)cfd, "sock", "sk_num", "80");
	kmt_step("accept() and getpeername() give the client's address");
	ck_assert_int_eq(plen, sizeof(peer));
	ck_assert_uint_eq(ntohs(peer.sin_port), CLI_PORT);
	ck_assert_uint_eq(peer.sin_addr.s_addr, T.peer);
	plen = sizeof(peer);
	kmt_assert_ret(km_getpeername(T.root, (int)cfd, &peer, &plen), 0);
	ck_assert_uint_eq(ntohs(peer.sin_port), CLI_PORT);
	kmt_step("the listener itself has no peer: ENOTCONN");
	plen = sizeof(peer);
	kmt_assert_ret(km_getpeername(T.root, (int)lfd, &peer, &plen), -ENOTCONN);
}
END_TEST

/* 5.0: SYN-ACKs at 0,1,3,7,15,31 s (tcp_synack_retries 5), request dropped at 63 s */
START_TEST(test_unanswered_synack_is_retransmitted_then_dropped)
{
	static const long long at_ms[] = { 1000, 3000, 7000, 15000, 31000 };
	struct km_seg syn, sa, s, r;
	int i;

	listen_on_wire(128);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	for (i = 0; i < 5; i++) {
		kmt_step("SYN-ACK retransmission %d at %lld ms", i + 1, at_ms[i]);
		kmt_advance_ms(at_ms[i] - kmt_now_ms() - 1);
		kmt_wire_expect_none();
		kmt_advance_ms(1);
		kmt_wire_expect(&s);
		ck_assert_uint_eq(s.seq, sa.seq);
	}
	kmt_step("at 63 s the request is dropped; a late ACK then gets an RST");
	kmt_advance_ms(63000 - kmt_now_ms());
	kmt_wire_expect_none();
	final_ack(&s, &syn, &sa);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&r);
	ck_assert_uint_eq(r.flags, KM_TH_RST);
}
END_TEST

/* accept queue overflow (net/ipv4/tcp_input.c:6437, net/ipv4/tcp_minisocks.c:796-799) */
START_TEST(test_full_accept_queue_drops_syn_and_final_ack)
{
	struct km_seg syn[5], sa[5], a, r;
	int i;

	/* Linux would answer a full SYN queue with SYN cookies (tcp_syncookies
	 * 1); kmirror does not mirror cookies, so compare with cookies off. */
	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 0);
	/* backlog 2: at most 2 request socks, and 3 children (the accept
	 * queue is full when sk_ack_backlog > sk_max_ack_backlog) */
	listen_on_wire(2);
	for (i = 0; i < 5; i++)
		client_syn(&syn[i], (uint16_t)(CLI_PORT + i), CLI_ISN + 1000u * (uint32_t)i);
	for (i = 0; i < 2; i++) {
		kmt_step("connection %d completes into the accept queue", i + 1);
		kmt_wire_inject(&syn[i], 0);
		kmt_wire_expect(&sa[i]);
		final_ack(&a, &syn[i], &sa[i]);
		kmt_wire_inject(&a, 0);
		kmt_wire_expect_none();
	}
	kmt_step("SYNs 3 and 4 are answered: two requests wait");
	kmt_wire_inject(&syn[2], 0);
	kmt_wire_expect(&sa[2]);
	kmt_wire_inject(&syn[3], 0);
	kmt_wire_expect(&sa[3]);
	kmt_step("final ACK 3: the third child fills the accept queue");
	final_ack(&a, &syn[2], &sa[2]);
	kmt_wire_inject(&a, 0);
	kmt_wire_expect_none();
	kmt_step("final ACK 4 finds the queue full: dropped silently (ListenOverflows)");
	final_ack(&a, &syn[3], &sa[3]);
	kmt_wire_inject(&a, 0);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtListenOverflows"), 1);
	kmt_step("a new SYN while the accept queue is full: dropped, no SYN-ACK");
	kmt_wire_inject(&syn[4], 0);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtListenOverflows"), 2);
	kmt_step("with tcp_abort_on_overflow the refused final ACK gets an RST");
	km_sysctl_set(T.h, "net.ipv4.tcp_abort_on_overflow", 1);
	final_ack(&a, &syn[3], &sa[3]);
	kmt_wire_inject(&a, 0);
	kmt_wire_expect(&r);
	ck_assert_msg(r.flags & KM_TH_RST, "expected an RST, got flags 0x%x", r.flags);
}
END_TEST

/*
 * A full SYN queue is logged once per listener, as Linux 5.0 logs it: the
 * "TCP: " prefix of tcp_input.c's pr_fmt (net/ipv4/tcp_input.c:65), then
 * the request sock slab's name, "request_sock_" + the protocol's name
 * (net/core/sock.c:3190), passed by tcp_conn_request
 * (net/ipv4/tcp_input.c:6431), then the message of tcp_syn_flood_action
 * (net/ipv4/tcp_input.c:6385-6389).
 */
START_TEST(test_syn_flood_is_logged_once_with_the_slab_name)
{
	static const char line[] = "TCP: request_sock_TCP: Possible SYN flooding on "
				   "port 80. Sending cookies.  Check SNMP counters.\n";
	struct km_seg s;
	const char *first;
	int i;

	listen_on_wire(2);
	for (i = 0; i < 5; i++) {
		client_syn(&s, (uint16_t)(CLI_PORT + i), CLI_ISN);
		kmt_wire_inject(&s, 0);
	}
	first = strstr(km_host_log(T.h), line);
	ck_assert_msg(first, "expected \"%s\" in the log, got:\n%s", line,
		      km_host_log(T.h));
	ck_assert_msg(!strstr(first + strlen(line), "Possible SYN flooding"),
		      "logged more than once (synflood_warned):\n%s", km_host_log(T.h));
}
END_TEST

/* TCP_DEFER_ACCEPT: a bare final ACK is dropped, noted and counted
 * (TcpExtTCPDeferAcceptDrop, net/ipv4/tcp_minisocks.c:773-777); the
 * first data completes the connection. */
START_TEST(test_defer_accept_drops_bare_final_ack_and_counts_it)
{
	static const uint8_t data[1] = { 'x' };
	struct km_seg syn, sa, a;
	long lfd = listen_on_wire(128);
	int secs = 5;

	kmt_assert_ret(km_setsockopt(T.root, (int)lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
				     &secs, sizeof(secs)), 0);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	final_ack(&a, &syn, &sa);
	kmt_wire_inject(&a, 0);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPDeferAcceptDrop"), 1);
	kmt_assert_ret(km_accept4(T.root, (int)lfd, NULL, NULL, 0), -EAGAIN);
	kmt_step("the ACK with data makes the connection");
	a.flags = KM_TH_ACK | KM_TH_PSH;
	a.payload = data;
	a.payload_len = 1;
	kmt_wire_inject(&a, 0);
	ck_assert_int_ge(km_accept4(T.root, (int)lfd, NULL, NULL, 0), 0);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPDeferAcceptDrop"), 1);
}
END_TEST

START_TEST(test_listener_survives_a_syn_flood_and_junk)
{
	struct km_seg s;
	int i;
	long lfd = listen_on_wire(8);

	kmt_step("300 SYNs from different ports");
	for (i = 0; i < 300; i++) {
		client_syn(&s, (uint16_t)(20000 + i), 1000u * (uint32_t)i);
		kmt_wire_inject(&s, 0);
	}
	kmt_step("junk ACKs and RSTs");
	for (i = 0; i < 100; i++) {
		km_seg_init_tcp(&s, T.peer, (uint16_t)(20000 + i), T.client, SRV_PORT);
		s.flags = (i & 1) ? KM_TH_ACK : KM_TH_RST;
		s.seq = (uint32_t)i * 7919u;
		s.ack = (uint32_t)i * 104729u;
		kmt_wire_inject(&s, 0);
	}
	while (kmt_wire_next(&s))
		;
	kmt_step("the listener is still listening; requests expire with their timers");
	kmt_assert_field(T.root, (int)lfd, "sock", "sk_state", "TCP_LISTEN");
	kmt_advance_ms(120000);
	while (kmt_wire_next(&s))
		;
}
END_TEST

START_TEST(test_close_listener_resets_unaccepted_children)
{
	struct km_seg syn, sa, a, r;
	long lfd = listen_on_wire(128);

	client_syn(&syn, CLI_PORT, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	final_ack(&a, &syn, &sa);
	kmt_wire_inject(&a, 0);
	kmt_step("closing the listener aborts the queued child with an RST");
	kmt_assert_ret(km_close(T.root, (int)lfd), 0);
	kmt_wire_expect(&r);
	ck_assert_msg(r.flags & KM_TH_RST, "flags 0x%x", r.flags);
	ck_assert_uint_eq(r.seq, sa.seq + 1);
}
END_TEST

/* ---- bind / listen / accept errors (one host) ---- */

START_TEST(test_bind_errors_follow_inet_bind)
{
	struct sockaddr_in a = kmt_addr("127.0.0.1", 5000);
	long s1 = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	long s2 = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_step("addrlen < 16: EINVAL");
	kmt_assert_ret(km_bind(T.app, (int)s1, &a, 8), -EINVAL);
	kmt_step("a family other than AF_INET: EAFNOSUPPORT");
	a.sin_family = AF_INET6;
	kmt_assert_ret(km_bind(T.app, (int)s1, &a, sizeof(a)), -EAFNOSUPPORT);
	a.sin_family = AF_INET;
	kmt_step("an address that is not ours: EADDRNOTAVAIL");
	a = kmt_addr("192.0.2.9", 5000);
	kmt_assert_ret(km_bind(T.app, (int)s1, &a, sizeof(a)), -EADDRNOTAVAIL);
	kmt_step("a privileged port as a user: EACCES");
	a = kmt_addr("127.0.0.1", 80);
	kmt_assert_ret(km_bind(T.app, (int)s1, &a, sizeof(a)), -EACCES);
	kmt_step("bind works, a second bind of the same socket: EINVAL");
	a = kmt_addr("127.0.0.1", 5000);
	kmt_assert_ret(km_bind(T.app, (int)s1, &a, sizeof(a)), 0);
	kmt_assert_ret(km_bind(T.app, (int)s1, &a, sizeof(a)), -EINVAL);
	kmt_step("the same address and port on another socket: EADDRINUSE");
	kmt_assert_ret(km_bind(T.app, (int)s2, &a, sizeof(a)), -EADDRINUSE);
	kmt_step("the wildcard address on the same port also conflicts");
	a = kmt_addr("0.0.0.0", 5000);
	kmt_assert_ret(km_bind(T.app, (int)s2, &a, sizeof(a)), -EADDRINUSE);
}
END_TEST

START_TEST(test_bind_port_zero_prefers_odd_ports)
{
	struct sockaddr_in a = kmt_addr("127.0.0.1", 0), got;
	int len, i;

	for (i = 0; i < 5; i++) {
		long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

		kmt_assert_ret(km_bind(T.app, (int)fd, &a, sizeof(a)), 0);
		len = sizeof(got);
		kmt_assert_ret(km_getsockname(T.app, (int)fd, &got, &len), 0);
		ck_assert_msg(ntohs(got.sin_port) % 2 == 1, "port %u is even", ntohs(got.sin_port));
		ck_assert(ntohs(got.sin_port) >= 32768 && ntohs(got.sin_port) <= 60999);
	}
}
END_TEST

START_TEST(test_listen_and_accept_errors)
{
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	long u = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in got;
	int len = sizeof(got);

	kmt_step("accept() on a socket that is not listening: EINVAL (net/ipv4/inet_connection_sock.c:454)");
	kmt_assert_ret(km_accept4(T.app, (int)fd, NULL, NULL, 0), -EINVAL);
	kmt_step("accept4() with unknown flags: EINVAL");
	kmt_assert_ret(km_accept4(T.app, (int)fd, NULL, NULL, 0x100), -EINVAL);
	kmt_step("listen() on UDP: EOPNOTSUPP");
	kmt_assert_ret(km_listen(T.app, (int)u, 5), -EOPNOTSUPP);
	kmt_step("listen() on an unbound socket autobinds an (odd) ephemeral port");
	kmt_assert_ret(km_listen(T.app, (int)fd, 5), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_LISTEN");
	kmt_assert_ret(km_getsockname(T.app, (int)fd, &got, &len), 0);
	ck_assert(ntohs(got.sin_port) % 2 == 1);
	kmt_step("a backlog above somaxconn is capped to 128");
	kmt_assert_ret(km_listen(T.app, (int)fd, 100000), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_max_ack_backlog", "128");
	kmt_step("connect() on a listening socket: EISCONN (net/ipv4/af_inet.c:644-645)");
	{
		struct sockaddr_in a = kmt_addr("127.0.0.1", 9);

		kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EISCONN);
	}
}
END_TEST

START_TEST(test_blocking_accept_interrupted_by_signal)
{
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_assert_ret(km_listen(T.app, (int)fd, 5), 0);
	km_task_sigaction(T.app, SIGINT, true, false);
	km_call_start(T.app, SYS_accept4, fd, 0, 0, 0, 0, 0);
	kmt_advance_ms(10);
	ck_assert(!km_call_done(T.app));
	km_task_kill(T.app, SIGINT);
	km_world_settle(T.w);
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), -EINTR);
}
END_TEST

START_TEST(test_loopback_handshake_on_one_host)
{
	struct sockaddr_in a = kmt_addr("127.0.0.1", 7000);
	long l = km_socket(T.root, AF_INET, SOCK_STREAM, 0);
	long c = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	long s;

	kmt_assert_ret(km_bind(T.root, (int)l, &a, sizeof(a)), 0);
	kmt_assert_ret(km_listen(T.root, (int)l, 5), 0);
	kmt_assert_ret(km_connect(T.app, (int)c, &a, sizeof(a)), 0);
	s = km_accept4(T.root, (int)l, NULL, NULL, 0);
	ck_assert(s >= 0);
	kmt_assert_field(T.app, (int)c, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_field(T.root, (int)s, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_step("over loopback: lo's MSS 65495 less 12, bounded by half the peer's window");
	/* tcp_bound_to_half_wnd(); a real Linux reports TCP_MAXSEG 32741 too */
	kmt_assert_field(T.app, (int)c, "sock", "mss_cache", "32741");
}
END_TEST

/* ---- two hosts over an in-memory link ---- */

static long server_listen(void)
{
	struct sockaddr_in a = kmt_addr("0.0.0.0", SRV_PORT);
	long fd = km_socket(T.app2, AF_INET, SOCK_STREAM, 0);

	kmt_assert_ret(km_bind(T.app2, (int)fd, &a, sizeof(a)), 0);
	kmt_assert_ret(km_listen(T.app2, (int)fd, 128), 0);
	return fd;
}

START_TEST(test_two_host_handshake_states_step_by_step)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, SRV_PORT);
	long lfd = server_listen();
	long cfd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	long afd;

	km_call_start(T.app2, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	km_call_start(T.app, SYS_connect, cfd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_step("t=0: the client's SYN is on the wire");
	kmt_assert_field(T.app, (int)cfd, "sock", "sk_state", "TCP_SYN_SENT");
	kmt_assert_field(T.app2, (int)lfd, "sock", "sk_ack_backlog", "0");
	kmt_step("t=1 ms: the server has a request sock and answered");
	kmt_advance_ms(1);
	ck_assert_int_eq(km_host_mib(T.h2, "TcpPassiveOpens"), 0);
	ck_assert(!km_call_done(T.app));
	kmt_step("t=2 ms: the SYN-ACK arrives: the client is ESTABLISHED, connect() returns 0");
	kmt_advance_ms(1);
	kmt_assert_field(T.app, (int)cfd, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), 0);
	ck_assert(!km_call_done(T.app2));
	kmt_step("t=3 ms: the final ACK makes the server's child; accept() returns it");
	kmt_advance_ms(1);
	ck_assert(km_call_done(T.app2));
	afd = km_call_result(T.app2);
	ck_assert_msg(afd >= 0, "accept: %s", kmt_errname(afd));
	kmt_assert_field(T.app2, (int)afd, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert_int_eq(km_host_mib(T.h2, "TcpPassiveOpens"), 1);
	ck_assert_int_eq(km_host_mib(T.h, "TcpActiveOpens"), 1);
	kmt_step("each side's snd_nxt is the other's rcv_nxt");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)cfd, "sock", "snd_nxt"),
			  kmt_field_u(T.app2, (int)afd, "sock", "rcv_nxt"));
	ck_assert_uint_eq(kmt_field_u(T.app2, (int)afd, "sock", "snd_nxt"),
			  kmt_field_u(T.app, (int)cfd, "sock", "rcv_nxt"));
}
END_TEST

/*
 * A two-host handshake with one impairment on the link (the first frame
 * with exactly these TCP flags in direction dir: 0 client->server, 1 back).
 * Returns the time (ms) at which the server's accept() returned.
 */
static long long handshake_impaired(unsigned int flags, int dir, int kind, long long arg,
				    int *afd_out)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, SRV_PORT);
	long lfd = server_listen();
	long cfd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	int guard = 0;

	km_link_impair(T.link, dir, 1, flags, kind, arg);
	km_call_start(T.app2, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	km_call_start(T.app, SYS_connect, cfd, (long)&a, sizeof(a), 0, 0, 0);
	while (!km_call_done(T.app2) && guard++ < 5000)
		kmt_advance_ms(1);
	ck_assert_msg(km_call_done(T.app2), "[%s] the server never accepted", T.step);
	ck_assert_msg(km_call_done(T.app), "[%s] connect() never returned", T.step);
	kmt_assert_ret(km_call_result(T.app), 0);
	*afd_out = (int)km_call_result(T.app2);
	ck_assert_msg(*afd_out >= 0, "[%s] accept: %s", T.step, kmt_errname(*afd_out));
	return kmt_now_ms();
}

/* Lost SYN / SYN-ACK / final ACK: each recovers as 5.0 does. */
static long long handshake_with_loss(unsigned int flags, int dir, int *afd_out)
{
	long long t = handshake_impaired(flags, dir, KM_IMPAIR_DROP, 0, afd_out);

	ck_assert_int_eq(km_link_dropped(T.link), 1);
	return t;
}

START_TEST(test_lost_syn_is_retransmitted_after_1s)
{
	int afd;
	long long t;

	kmt_step("drop the client's first SYN");
	t = handshake_with_loss(KM_TH_SYN, 0, &afd);
	ck_assert_int_eq(t, 1003);
}
END_TEST

START_TEST(test_lost_synack_recovers_by_syn_retransmission)
{
	int afd;
	long long t;

	kmt_step("drop the server's first SYN-ACK: the SYN comes again exactly 1 s later");
	t = handshake_with_loss(KM_TH_SYN | KM_TH_ACK, 1, &afd);
	ck_assert_int_eq(t, 1003);
}
END_TEST

START_TEST(test_lost_final_ack_recovers_by_synack_retransmission)
{
	int afd;
	long long t;

	kmt_step("drop the client's final ACK: the server's SYN-ACK timer (1 s) repeats it");
	t = handshake_with_loss(KM_TH_ACK, 0, &afd);
	ck_assert_int_eq(t, 1003);
	kmt_assert_field(T.app2, afd, "sock", "sk_state", "TCP_ESTABLISHED");
}
END_TEST

/*
 * The other impairments of the link. Frames counted per
 * direction are transmissions, so a duplicate or a reordering shows in
 * what the receiver answers, not in the sender's count.
 */
START_TEST(test_duplicated_syn_is_answered_twice_but_makes_one_connection)
{
	int afd;
	long long t;

	kmt_step("the link delivers the client's SYN twice at t=1 ms");
	t = handshake_impaired(KM_TH_SYN, 0, KM_IMPAIR_DUP, 0, &afd);
	ck_assert_int_eq(t, 3);
	kmt_step("the copy finds the request sock: tcp_check_req resends the SYN-ACK");
	ck_assert_int_eq(km_host_mib(T.h2, "TcpPassiveOpens"), 1);
	ck_assert_int_eq(km_host_mib(T.h2, "TcpRetransSegs"), 1);
	kmt_step("the second SYN-ACK reaches an ESTABLISHED client: a challenge ACK");
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPSYNChallenge"), 1);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPChallengeACK"), 1);
	ck_assert_int_eq(km_link_frames(T.link, 0), 3);	/* SYN, ACK, challenge ACK */
	ck_assert_int_eq(km_link_frames(T.link, 1), 2);	/* two SYN-ACKs */
	kmt_assert_field(T.app2, afd, "sock", "sk_state", "TCP_ESTABLISHED");
}
END_TEST

START_TEST(test_delayed_synack_stretches_the_handshake_without_retransmission)
{
	int afd;
	long long t;

	kmt_step("the SYN-ACK spends 250 ms more on the link (less than the 1 s RTO)");
	t = handshake_impaired(KM_TH_SYN | KM_TH_ACK, 1, KM_IMPAIR_DELAY, 250000000LL, &afd);
	ck_assert_int_eq(t, 253);
	ck_assert_int_eq(km_host_mib(T.h, "TcpRetransSegs"), 0);
	ck_assert_int_eq(km_host_mib(T.h2, "TcpRetransSegs"), 0);
	ck_assert_int_eq(km_link_frames(T.link, 0), 2);
	ck_assert_int_eq(km_link_frames(T.link, 1), 1);
}
END_TEST

START_TEST(test_reordered_syn_arrives_after_its_retransmission)
{
	int afd;
	long long t;

	kmt_step("the link holds the first SYN until the next client frame: the 1 s retransmission");
	t = handshake_impaired(KM_TH_SYN, 0, KM_IMPAIR_REORDER, 0, &afd);
	ck_assert_int_eq(t, 1003);
	kmt_step("retransmitted SYN first: a new request sock and its SYN-ACK");
	ck_assert_int_eq(km_host_mib(T.h, "TcpRetransSegs"), 1);
	ck_assert_int_eq(km_host_mib(T.h2, "TcpPassiveOpens"), 1);
	kmt_step("then the old SYN: its TSval is older than ts_recent, so tcp_check_req "
		 "rejects it by PAWS and answers with a bare ACK, not a second SYN-ACK");
	ck_assert_int_eq(km_host_mib(T.h2, "TcpExtPAWSEstab"), 1);
	ck_assert_int_eq(km_host_mib(T.h2, "TcpRetransSegs"), 0);
	ck_assert_int_eq(km_link_frames(T.link, 1), 2);	/* SYN-ACK, ACK */
}
END_TEST

START_TEST(test_corrupted_syn_fails_the_checksum_and_is_retransmitted)
{
	int afd;
	long long t;

	kmt_step("bit 0 of byte 30 (the SYN's TCP sequence number) flipped on the link");
	t = handshake_impaired(KM_TH_SYN, 0, KM_IMPAIR_CORRUPT, 30 * 8, &afd);
	kmt_step("tcp_v4_rcv drops it as a checksum error; the SYN comes again at 1 s");
	ck_assert_int_eq(km_host_mib(T.h2, "TcpInCsumErrors"), 1);
	ck_assert_int_eq(km_host_mib(T.h2, "TcpInErrs"), 1);
	ck_assert_int_eq(t, 1003);
	ck_assert_int_eq(km_link_frames(T.link, 1), 1);
}
END_TEST

/* simultaneous open: net/ipv4/tcp_input.c:5931-5964, then the SYN-ACK in
 * SYN_RECV is answered with a challenge ACK (net/ipv4/tcp_input.c:5455-5459) */
START_TEST(test_simultaneous_open_between_two_hosts)
{
	struct sockaddr_in la = kmt_addr(KMT_CLIENT, 5001), lb = kmt_addr(KMT_PEER, 5002);
	long a = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	long b = km_socket(T.app2, AF_INET, SOCK_STREAM, 0);

	kmt_assert_ret(km_bind(T.app, (int)a, &la, sizeof(la)), 0);
	kmt_assert_ret(km_bind(T.app2, (int)b, &lb, sizeof(lb)), 0);
	km_call_start(T.app, SYS_connect, a, (long)&lb, sizeof(lb), 0, 0, 0);
	km_call_start(T.app2, SYS_connect, b, (long)&la, sizeof(la), 0, 0, 0);
	kmt_step("the SYNs cross: both SYN_RECV");
	kmt_advance_ms(1);
	kmt_assert_field(T.app, (int)a, "sock", "sk_state", "TCP_SYN_RECV");
	kmt_assert_field(T.app2, (int)b, "sock", "sk_state", "TCP_SYN_RECV");
	kmt_step("both reach ESTABLISHED and both connect() calls return 0");
	kmt_advance_ms(10);
	kmt_assert_field(T.app, (int)a, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_field(T.app2, (int)b, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert(km_call_done(T.app) && km_call_done(T.app2));
	kmt_assert_ret(km_call_result(T.app), 0);
	kmt_assert_ret(km_call_result(T.app2), 0);
}
END_TEST

START_TEST(test_handshake_trace_shows_the_server_chain)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, SRV_PORT);
	long lfd = server_listen();
	long cfd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_trace_start();
	km_call_start(T.app2, SYS_accept4, lfd, 0, 0, 0, 0, 0);
	kmt_assert_ret(km_connect(T.app, (int)cfd, &a, sizeof(a)), 0);
	kmt_advance_ms(5);
	kmt_trace_stop();
	kmt_step("the seed's server chain (tcp_v4_conn_request -> tcp_v4_send_synack)");
	kmt_assert_chain("inet_csk_accept", "inet_csk_wait_for_connect", "tcp_v4_rcv",
			 "tcp_v4_do_rcv", "tcp_rcv_state_process", "tcp_v4_conn_request",
			 "tcp_conn_request", "inet_reqsk_alloc", "tcp_openreq_init_rwin",
			 "inet_csk_reqsk_queue_hash_add", "tcp_v4_send_synack",
			 "tcp_make_synack", "ip_build_and_send_pkt");
	kmt_assert_chain("tcp_check_req", "tcp_v4_syn_recv_sock", "tcp_create_openreq_child",
			 "inet_csk_clone_lock", "inet_csk_complete_hashdance",
			 "inet_csk_reqsk_queue_add", "tcp_child_process");
}
END_TEST

static Suite *passive_suite(void)
{
	Suite *s = suite_create("passive");
	TCase *tc = tcase_create("listener");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_listener_synack_is_byte_exact);
	tcase_add_test(tc, test_listener_answers_ack_with_rst_and_drops_rst);
	tcase_add_test(tc, test_synrecv_cases_follow_tcp_check_req);
	tcase_add_test(tc, test_final_ack_creates_established_child_for_accept);
	tcase_add_test(tc, test_unanswered_synack_is_retransmitted_then_dropped);
	tcase_add_test(tc, test_full_accept_queue_drops_syn_and_final_ack);
	tcase_add_test(tc, test_listener_survives_a_syn_flood_and_junk);
	tcase_add_test(tc, test_defer_accept_drops_bare_final_ack_and_counts_it);
	tcase_add_test(tc, test_syn_flood_is_logged_once_with_the_slab_name);
	tcase_add_test(tc, test_close_listener_resets_unaccepted_children);
	suite_add_tcase(s, tc);

	tc = tcase_create("bind-listen-accept");
	tcase_add_checked_fixture(tc, kmt_setup_one, kmt_teardown);
	tcase_add_test(tc, test_bind_errors_follow_inet_bind);
	tcase_add_test(tc, test_bind_port_zero_prefers_odd_ports);
	tcase_add_test(tc, test_listen_and_accept_errors);
	tcase_add_test(tc, test_blocking_accept_interrupted_by_signal);
	tcase_add_test(tc, test_loopback_handshake_on_one_host);
	suite_add_tcase(s, tc);

	tc = tcase_create("two-hosts");
	tcase_add_checked_fixture(tc, kmt_setup_two, kmt_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_two_host_handshake_states_step_by_step);
	tcase_add_test(tc, test_lost_syn_is_retransmitted_after_1s);
	tcase_add_test(tc, test_lost_synack_recovers_by_syn_retransmission);
	tcase_add_test(tc, test_lost_final_ack_recovers_by_synack_retransmission);
	tcase_add_test(tc, test_duplicated_syn_is_answered_twice_but_makes_one_connection);
	tcase_add_test(tc, test_delayed_synack_stretches_the_handshake_without_retransmission);
	tcase_add_test(tc, test_reordered_syn_arrives_after_its_retransmission);
	tcase_add_test(tc, test_corrupted_syn_fails_the_checksum_and_is_retransmitted);
	tcase_add_test(tc, test_simultaneous_open_between_two_hosts);
	tcase_add_test(tc, test_handshake_trace_shows_the_server_chain);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(passive_suite());
}
