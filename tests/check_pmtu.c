// SPDX-License-Identifier: GPL-2.0
/*
 * Path MTU discovery and ICMP redirects. An ICMP "fragmentation needed"
 * lowers the path MTU of the route to its destination, as Linux 5.0.1
 * does: tcp_v4_err -> tcp_v4_mtu_reduced ->
 * inet_csk_update_pmtu -> ip_rt_update_pmtu, which records a next-hop
 * exception that every later route lookup to that destination binds
 * (rt_pmtu, for ip_rt_mtu_expires = 10 minutes). TCP's MSS follows
 * (tcp_sync_mss, the advertised MSS of the next SYN); UDP reports
 * EMSGSIZE and IP_MTU shows the new MTU (__udp4_lib_err ->
 * ipv4_sk_update_pmtu). An ICMP redirect from the route's gateway is
 * learned the same way, as a gateway exception (ip_do_redirect).
 *
 * The host under test is 10.0.0.1 on a test wire; the test plays the peer
 * 10.0.0.2 and the router 10.0.0.254 that reports the smaller MTU.
 */
#include <string.h>
#include <errno.h>
#include <netinet/tcp.h>
#include "kmtest.h"

#define PEER_PORT	80
#define PEER_ISN	0x50000000u
#define NSEC		1000000000LL

#ifndef IP_MTU
#define IP_MTU		14
#endif

/* ---- helpers ---- */

/* The router says: packets like `seg` need fragmenting, next-hop MTU mtu. */
static void frag_needed(const struct km_seg *seg, unsigned int mtu)
{
	unsigned char q[256];
	int n = km_seg_build(seg, q, sizeof(q));

	ck_assert(n > 0);
	kmt_inject_icmp(KMT_GATEWAY, 3, 4, mtu, q, (size_t)n);
}

static int ip_mtu(long fd)
{
	int v = -1, len = sizeof(v);
	long r = km_getsockopt(T.app, (int)fd, SOL_IP, IP_MTU, &v, &len);

	kmt_assert_ret(r, 0);
	return v;
}

static int so_error(long fd)
{
	int v = -1, len = sizeof(v);

	kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_ERROR, &v, &len), 0);
	return v;
}

static void set_int(long fd, int level, int name, int v)
{
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, level, name, &v, sizeof(v)), 0);
}

/* A second connect() to the peer: the SYN it sends. */
static void next_syn(const char *to, struct km_seg *syn)
{
	struct sockaddr_in a = kmt_addr(to, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert(fd >= 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(syn);
	ck_assert(syn->flags == KM_TH_SYN);
}

static bool traced_step(const char *linux_ref);

/* ---- TCP ---- */

/*
 * Fragmentation needed (MTU 1000) quoting our SYN: tcp_v4_err calls
 * tcp_v4_mtu_reduced (tcp_ipv4.c:517-519), which lowers the route's PMTU
 * (inet_csk_update_pmtu, inet_connection_sock.c:1098; an exception,
 * route.c:1030) and gets the rebuilt route (inet_connection_sock.c:1102),
 * so dst_mtu is 1000; icsk_pmtu_cookie 1500 > 1000, so tcp_sync_mss runs
 * (tcp_ipv4.c:364): cookie 1000, mss_cache min(960, mss_clamp 536) - 12 =
 * 524. The reported MTU is not below the new one, so no soft error
 * (tcp_ipv4.c:356). tcp_simple_retransmit resends nothing: the SYN has
 * no data (tcp_input.c:2581, 2593).
 */
START_TEST(test_frag_needed_in_syn_sent_lowers_the_path_mtu)
{
	struct km_seg syn;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	ck_assert_int_eq(syn.mss, 1460);
	ck_assert(syn.df);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "1500");
	ck_assert_int_eq(ip_mtu(fd), 1500);

	kmt_step("fragmentation needed, MTU 1000, quoting the SYN");
	kmt_trace_start();
	frag_needed(&syn, 1000);
	kmt_trace_stop();
	kmt_assert_chain("tcp_v4_err", "tcp_v4_mtu_reduced", "inet_csk_update_pmtu",
			 "ip_rt_update_pmtu", "__ip_rt_update_pmtu",
			 "update_or_create_fnhe", "inet_csk_rebuild_route",
			 "find_exception", "rt_bind_exception", "tcp_sync_mss",
			 "tcp_simple_retransmit");
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "1000");
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "524");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err_soft", "0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	ck_assert_int_eq(ip_mtu(fd), 1000);

	kmt_step("the SYN is not resent early");
	kmt_wire_expect_none();
	kmt_advance_ms(990);
	kmt_wire_expect_none();
}
END_TEST

/*
 * The retransmitted SYN rebuilds its options: tcp_advertise_mss lowers
 * advmss to the route's advmss metric, ipv4_default_advmss = ipv4_mtu -
 * 40 = 960 (tcp_output.c:129-131, route.c:1259). Then the SYN-ACK (MSS
 * 1460): tcp_rcv_synsent_state_process resyncs the MSS with the cookie
 * (tcp_input.c:5867): min(960, 1460) - 12 = 948.
 */
START_TEST(test_after_frag_needed_the_syn_and_the_established_mss_follow)
{
	struct km_seg syn, rsyn, sa, ack;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	frag_needed(&syn, 1000);
	kmt_step("the retransmitted SYN at 1 s advertises MSS 960");
	kmt_advance_ms(1000);
	kmt_wire_expect(&rsyn);
	ck_assert(rsyn.flags == KM_TH_SYN);
	ck_assert_uint_eq(rsyn.seq, syn.seq);
	ck_assert_int_eq(rsyn.mss, 960);
	ck_assert(rsyn.df);
	kmt_assert_field(T.app, (int)fd, "sock", "advmss", "960");

	kmt_step("the SYN-ACK (MSS 1460): established with mss_cache 948");
	kmt_synack_for(&rsyn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ack);
	ck_assert(ack.flags == KM_TH_ACK);
	ck_assert(ack.df);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "948");
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "1000");
}
END_TEST

/*
 * Established, then fragmentation needed quoting our ACK (seq = snd_una
 * = snd_nxt, inside the window, tcp_ipv4.c:488): mss_cache falls from
 * 1448 to 948 at once (tcp_ipv4.c:364); nothing queued, nothing resent.
 */
START_TEST(test_frag_needed_when_established_shrinks_the_mss_at_once)
{
	struct km_seg syn, sa, ack;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	kmt_synack_for(&syn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ack);
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "1448");
	kmt_step("fragmentation needed, MTU 1000, quoting our ACK");
	frag_needed(&ack, 1000);
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "948");
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "1000");
	ck_assert_int_eq(ip_mtu(fd), 1000);
	kmt_wire_expect_none();
	kmt_step("an MTU above the current one is not taken (route.c:1014)");
	frag_needed(&ack, 1400);
	ck_assert_int_eq(ip_mtu(fd), 1000);
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "948");
}
END_TEST

/*
 * After an RTO the SYN is marked lost and already retransmitted
 * (retrans_out 1): tcp_simple_retransmit finds lost_out set
 * (tcp_input.c:2593), the socket already in the Loss state (2606), and
 * nothing larger than the MSS to resend; no extra SYN leaves, and the
 * next retransmission comes on the backed-off timer, at 3 s.
 */
START_TEST(test_frag_needed_after_a_syn_retransmission_resends_nothing)
{
	struct km_seg syn, rsyn;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	kmt_advance_ms(1000);
	kmt_wire_expect(&rsyn);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_ca_state", "TCP_CA_Loss");
	kmt_assert_field(T.app, (int)fd, "sock", "retrans_out", "1");
	kmt_step("fragmentation needed, MTU 1000, quoting the SYN");
	kmt_trace_start();
	frag_needed(&rsyn, 1000);
	kmt_trace_stop();
	ck_assert_int_eq(kmt_trace_count("tcp_simple_retransmit"), 1);
	ck_assert(!traced_step("net/ipv4/tcp_input.c:2593"));
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "1000");
	kmt_wire_expect_none();
	kmt_step("the next SYN at 3 s, advertising 960");
	kmt_advance_ms(1990);
	kmt_wire_expect_none();
	kmt_advance_ms(10);
	kmt_wire_expect(&rsyn);
	ck_assert_int_eq(rsyn.mss, 960);
}
END_TEST

/*
 * From the second SYN timeout on, tcp_write_timeout gives the route
 * negative advice (tcp_timer.c:227-228, include/net/sock.h:1861-1876); a
 * route bound to a PMTU exception has an expiry, so ipv4_negative_advice
 * drops it (route.c:835-838) and the retransmission looks the route up
 * again, binding the same exception: the SYN at 3 s still says 960.
 */
START_TEST(test_the_second_syn_timeout_drops_an_expiring_route)
{
	struct km_seg syn, rsyn;

	kmt_start_connect(PEER_PORT, &syn);
	frag_needed(&syn, 1000);
	kmt_advance_ms(1000);
	kmt_wire_expect(&rsyn);
	kmt_step("the second timeout, at 3 s");
	kmt_trace_start();
	kmt_advance_ms(2000);
	kmt_trace_stop();
	kmt_assert_chain("tcp_write_timeout", "ipv4_negative_advice", "find_exception",
			 "rt_bind_exception");
	ck_assert(traced_step("net/ipv4/route.c:835"));
	kmt_wire_expect(&rsyn);
	ck_assert_int_eq(rsyn.mss, 960);
}
END_TEST

/*
 * The exception belongs to the destination: a new connect() to the same
 * peer finds it (route.c:2247, find_exception; rt_bind_exception via
 * rt_set_nexthop, route.c:1538-1539), so its route has rt_pmtu 1000 and
 * its SYN advertises 1000 - 40 = 960 (route.c:1259); a destination
 * behind the gateway still gets 1460.
 */
START_TEST(test_a_later_connect_to_the_peer_advertises_mss_960)
{
	struct km_seg syn, s2, s3;

	kmt_start_connect(PEER_PORT, &syn);
	frag_needed(&syn, 1000);
	kmt_step("a second connect() to 10.0.0.2");
	next_syn(KMT_PEER, &s2);
	ck_assert_int_eq(s2.mss, 960);
	ck_assert(s2.df);
	kmt_step("a connect() to 10.0.1.7, another destination");
	next_syn(KMT_OTHER, &s3);
	ck_assert_int_eq(s3.mss, 1460);
}
END_TEST

/*
 * An MTU below ip_rt_min_pmtu (552) becomes 552, locked (route.c:1017-
 * 1019); a locked PMTU clears DF for IP_PMTUDISC_WANT sockets
 * (ip_dont_fragment, include/net/ip.h:377-379), so no soft error
 * (tcp_ipv4.c:356) and the next SYN goes without DF, MSS 512. A locked
 * route takes no further update (route.c:1011).
 */
START_TEST(test_mtu_below_552_is_raised_to_552_and_locked)
{
	struct km_seg syn, s2;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	kmt_step("fragmentation needed, MTU 300");
	frag_needed(&syn, 300);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "552");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err_soft", "0");
	ck_assert_int_eq(ip_mtu(fd), 552);
	kmt_step("the next SYN: MSS 512, DF clear");
	next_syn(KMT_PEER, &s2);
	ck_assert_int_eq(s2.mss, 512);
	ck_assert(!s2.df);
	kmt_step("a later report of 400 leaves the locked 552");
	frag_needed(&syn, 400);
	ck_assert_int_eq(ip_mtu(fd), 552);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "552");
}
END_TEST

/*
 * With IP_PMTUDISC_DO the socket insists on DF, so an MTU it cannot
 * honour (300 < the locked 552) leaves EMSGSIZE as the soft error
 * (tcp_ipv4.c:356-357); SO_ERROR reads it.
 */
START_TEST(test_mtu_below_552_with_pmtudisc_do_leaves_emsgsize_soft)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct km_seg syn;

	set_int(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	frag_needed(&syn, 300);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err_soft", "EMSGSIZE");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	ck_assert_int_eq(so_error(fd), EMSGSIZE);
}
END_TEST

/*
 * The exception lasts ip_rt_mtu_expires = 10 minutes (route.c:129,
 * 1030-1031): at 599 s a new SYN still advertises 960; at 601 s
 * find_exception deletes it (route.c:1332-1335) and the SYN advertises
 * 1460 again.
 */
START_TEST(test_the_exception_expires_after_ten_minutes)
{
	struct km_seg syn, s2, s3;

	kmt_start_connect(PEER_PORT, &syn);
	frag_needed(&syn, 1000);
	kmt_advance_ms(599 * 1000);
	while (kmt_wire_next(&s2))	/* the first socket's SYN retries */
		;
	kmt_step("599 s later: still MSS 960");
	next_syn(KMT_PEER, &s2);
	ck_assert_int_eq(s2.mss, 960);
	kmt_advance_ms(2000);
	while (kmt_wire_next(&s3))
		;
	kmt_step("601 s later: MSS 1460 again");
	kmt_trace_start();
	next_syn(KMT_PEER, &s3);
	kmt_trace_stop();
	kmt_assert_chain("find_exception", "ip_del_fnhe");
	ck_assert_int_eq(s3.mss, 1460);
	ck_assert(s3.df);
}
END_TEST

/*
 * A task owns the socket: tcp_v4_err only sets TCP_MTU_REDUCED_DEFERRED
 * (tcp_ipv4.c:520-522); release_sock's tcp_release_cb runs mtu_reduced
 * (tcp_output.c:891-893).
 */
START_TEST(test_frag_needed_while_owned_is_applied_at_release)
{
	struct km_seg syn;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	kmt_step("a task holds the socket lock when the report arrives");
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, true), 0);
	frag_needed(&syn, 1000);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "1500");
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtLockDroppedIcmps"), 0);
	kmt_step("release_sock applies it");
	kmt_trace_start();
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, false), 0);
	kmt_trace_stop();
	kmt_assert_chain("tcp_release_cb", "tcp_v4_mtu_reduced", "tcp_sync_mss");
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pmtu_cookie", "1000");
	ck_assert_int_eq(ip_mtu(fd), 1000);
}
END_TEST

/*
 * For a listener, the quoted SYN-ACK finds the request sock: tcp_req_err
 * with abort false (tcp_ipv4.c:456-462) does nothing; no exception is
 * made (listeners take no PMTU, tcp_ipv4.c:514), so a connect() to that
 * peer still advertises 1460.
 */
START_TEST(test_frag_needed_for_a_listeners_synack_is_ignored)
{
	struct sockaddr_in a = kmt_addr("0.0.0.0", 8080);
	long lfd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	struct km_seg psyn, synack, s2;

	kmt_assert_ret(km_bind(T.app, (int)lfd, &a, sizeof(a)), 0);
	kmt_assert_ret(km_listen(T.app, (int)lfd, 8), 0);
	km_seg_init_tcp(&psyn, T.peer, 40000, T.client, 8080);
	psyn.flags = KM_TH_SYN;
	psyn.seq = 1000;
	psyn.window = 64240;
	psyn.mss = 1460;
	kmt_wire_inject(&psyn, 0);
	kmt_wire_expect(&synack);
	ck_assert(synack.flags == (KM_TH_SYN | KM_TH_ACK));
	kmt_step("fragmentation needed quoting the SYN-ACK");
	kmt_trace_start();
	frag_needed(&synack, 1000);
	kmt_trace_stop();
	kmt_assert_chain("tcp_v4_err", "tcp_req_err");
	ck_assert_int_eq(kmt_trace_count("tcp_v4_mtu_reduced"), 0);
	ck_assert_int_eq(kmt_trace_count("update_or_create_fnhe"), 0);
	kmt_step("a connect() to the peer still advertises 1460");
	next_syn(KMT_PEER, &s2);
	ck_assert_int_eq(s2.mss, 1460);
}
END_TEST

/* ---- UDP ---- */

static long udp_connected(int port)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, port);
	long fd = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);

	ck_assert(fd >= 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), 0);
	return fd;
}

static void udp_frag_needed(long fd, unsigned int mtu)
{
	unsigned char d[256];
	int n;

	kmt_assert_ret(km_sendto(T.app, (int)fd, "payload!", 8, 0, NULL, 0), 8);
	ck_assert(km_wire_pending(T.wire) > 0);
	n = km_wire_recv(T.wire, d, sizeof(d));
	ck_assert(n > 0);
	kmt_inject_icmp(KMT_GATEWAY, 3, 4, mtu, d, (size_t)n);
}

/*
 * A connected UDP socket: __udp4_lib_err calls ipv4_sk_update_pmtu
 * (udp.c:696), which lowers the PMTU through the socket's route and gives
 * the socket the rebuilt one (route.c:1114-1128), so IP_MTU reads 1000;
 * with PMTUDISC_WANT the error is EMSGSIZE, hard (udp.c:697-700),
 * reported by SO_ERROR. ipv4_mtu honours rt_pmtu until it expires
 * (route.c:1270): 10 minutes later IP_MTU reads 1500 again.
 */
START_TEST(test_udp_frag_needed_gives_emsgsize_and_ip_mtu)
{
	long fd = udp_connected(5353);

	ck_assert_int_eq(ip_mtu(fd), 1500);
	kmt_step("fragmentation needed, MTU 1000, quoting our datagram");
	kmt_trace_start();
	udp_frag_needed(fd, 1000);
	kmt_trace_stop();
	kmt_assert_chain("__udp4_lib_err", "ipv4_sk_update_pmtu", "__ip_rt_update_pmtu",
			 "update_or_create_fnhe", "ip_route_output_flow",
			 "find_exception", "rt_bind_exception");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "EMSGSIZE");
	ck_assert_int_eq(ip_mtu(fd), 1000);
	ck_assert_int_eq(so_error(fd), EMSGSIZE);
	ck_assert_int_eq(so_error(fd), 0);
	kmt_step("ten minutes later the route's PMTU has expired");
	kmt_advance_ms(600 * 1000);
	ck_assert_int_eq(ip_mtu(fd), 1500);
}
END_TEST

/*
 * IP_PMTUDISC_DONT: the PMTU is still lowered (ipv4_sk_update_pmtu runs
 * before the check, udp.c:696-697) but no error is reported (udp.c:702).
 */
START_TEST(test_udp_frag_needed_with_pmtudisc_dont_lowers_the_mtu_silently)
{
	long fd = udp_connected(5353);

	set_int(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT);
	udp_frag_needed(fd, 1000);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "0");
	ck_assert_int_eq(so_error(fd), 0);
	ck_assert_int_eq(ip_mtu(fd), 1000);
}
END_TEST

/*
 * IP_PMTUDISC_OMIT: the socket ignores PMTU reports (ip_sk_accept_pmtu,
 * route.c:1093), but the error is still EMSGSIZE (udp.c:697-700).
 */
START_TEST(test_udp_frag_needed_with_pmtudisc_omit_keeps_the_mtu)
{
	long fd = udp_connected(5353);

	set_int(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT);
	udp_frag_needed(fd, 1000);
	ck_assert_int_eq(so_error(fd), EMSGSIZE);
	ck_assert_int_eq(ip_mtu(fd), 1500);
}
END_TEST

/* ---- ICMP redirect ---- */

#define NEW_GW		"10.0.0.253"

/* Was a step with this Linux reference in the captured trace? */
static bool traced_step(const char *linux_ref)
{
	int i;

	for (i = 0; i < T.nevs; i++)
		if (T.evs[i].type == KM_EV_STEP &&
		    !strcmp(T.evs[i].linux_ref, linux_ref))
			return true;
	return false;
}

/* A redirect (type 5) from `from`, naming gateway gw, quoting seg. */
static void redirect(const char *from, int code, const char *gw,
		     const struct km_seg *seg)
{
	unsigned char q[256];
	struct in_addr g;
	int n = km_seg_build(seg, q, sizeof(q));

	ck_assert(n > 0);
	inet_pton(AF_INET, gw, &g);
	kmt_inject_icmp(from, 5, code, ntohl(g.s_addr), q, (size_t)n);
}

/* A connect() to `to`, traced: did its route take a redirected gateway? */
static bool next_route_is_redirected(const char *to)
{
	struct km_seg syn;
	bool r;

	kmt_trace_start();
	next_syn(to, &syn);
	kmt_trace_stop();
	r = traced_step("net/ipv4/route.c:628");
	ck_assert_int_eq(syn.mss, 1460);
	return r;
}

/*
 * A host redirect from the gateway (10.0.0.254) our route to 10.0.1.7
 * uses: tcp_v4_err -> do_redirect (tcp_ipv4.c:495-498) -> ip_do_redirect
 * (route.c:809) -> __ip_do_redirect, which records the new gateway in an
 * exception (route.c:781-783) and marks the socket's route obsolete
 * (route.c:785-786). The retransmitted SYN and a later connect() look the
 * route up again and bind it: RTCF_REDIRECTED, rt_gateway 10.0.0.253
 * (fill_route_from_fnhe, route.c:628-631).
 */
START_TEST(test_redirect_from_the_gateway_is_learned)
{
	struct km_seg syn, rsyn;
	struct sockaddr_in a = kmt_addr(KMT_OTHER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	kmt_step("a host redirect from 10.0.0.254 to 10.0.0.253, quoting the SYN");
	kmt_trace_start();
	redirect(KMT_GATEWAY, 1, NEW_GW, &syn);
	kmt_trace_stop();
	kmt_assert_chain("icmp_rcv", "icmp_redirect", "icmp_socket_deliver", "tcp_v4_err",
			 "do_redirect", "ip_do_redirect", "__ip_do_redirect",
			 "update_or_create_fnhe");
	ck_assert(traced_step("net/ipv4/route.c:786"));
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err", "0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_err_soft", "0");
	kmt_step("the SYN retransmitted at 1 s goes over the redirected route");
	kmt_trace_start();
	kmt_advance_ms(1000);
	kmt_trace_stop();
	kmt_wire_expect(&rsyn);
	ck_assert(rsyn.flags == KM_TH_SYN);
	kmt_assert_chain("find_exception", "rt_bind_exception", "fill_route_from_fnhe");
	ck_assert(traced_step("net/ipv4/route.c:628"));
	kmt_step("a later connect() to 10.0.1.7 too; one to the peer does not");
	ck_assert(next_route_is_redirected(KMT_OTHER));
	ck_assert(!next_route_is_redirected(KMT_PEER));
}
END_TEST

/*
 * Redirects that are not taken: from a host that is not the route's
 * gateway (route.c:748-749); naming the same gateway, a broadcast or a
 * multicast address (route.c:756-759, 767-768); a network-unreachable
 * style code above 3 (route.c:737-745); and while a task owns the socket
 * (tcp_ipv4.c:496).
 */
START_TEST(test_redirects_that_are_ignored)
{
	struct km_seg syn;
	struct sockaddr_in a = kmt_addr(KMT_OTHER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	kmt_trace_start();
	kmt_step("from the peer, not our gateway");
	redirect(KMT_PEER, 1, NEW_GW, &syn);
	kmt_step("naming the gateway itself, the broadcast, a multicast address");
	redirect(KMT_GATEWAY, 1, KMT_GATEWAY, &syn);
	redirect(KMT_GATEWAY, 1, "10.0.0.255", &syn);
	redirect(KMT_GATEWAY, 1, "224.0.0.1", &syn);
	kmt_step("code 4");
	redirect(KMT_GATEWAY, 4, NEW_GW, &syn);
	kmt_step("while a task owns the socket");
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, true), 0);
	redirect(KMT_GATEWAY, 1, NEW_GW, &syn);
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, false), 0);
	kmt_trace_stop();
	ck_assert_int_eq(kmt_trace_count("tcp_v4_err"), 6);
	ck_assert_int_eq(kmt_trace_count("__ip_do_redirect"), 5);
	ck_assert_int_eq(kmt_trace_count("update_or_create_fnhe"), 0);
	ck_assert(traced_step("net/ipv4/route.c:748"));
	ck_assert(traced_step("net/ipv4/route.c:792"));
	ck_assert(!next_route_is_redirected(KMT_OTHER));
}
END_TEST

/*
 * UDP: __udp4_lib_err hands a redirect to ipv4_sk_redirect (udp.c:710-
 * 712, route.c:1153), which applies it through a fresh lookup; the
 * socket gets no error. The exception lasts ip_rt_gc_timeout, 300 s
 * (route.c:783): a connect() at 299 s still takes the new gateway, one
 * at 301 s finds it expired (route.c:1332-1335).
 */
START_TEST(test_udp_redirect_is_learned_and_expires_after_300_s)
{
	struct sockaddr_in a = kmt_addr(KMT_OTHER, 5353);
	long fd = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);
	struct km_seg d;

	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), 0);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "payload!", 8, 0, NULL, 0), 8);
	kmt_wire_expect(&d);
	kmt_step("a host redirect quoting the datagram");
	kmt_trace_start();
	redirect(KMT_GATEWAY, 1, NEW_GW, &d);
	kmt_trace_stop();
	kmt_assert_chain("__udp4_lib_err", "ipv4_sk_redirect", "__ip_do_redirect",
			 "update_or_create_fnhe");
	ck_assert_int_eq(so_error(fd), 0);
	kmt_step("299 s later a connect() still takes the new gateway");
	kmt_advance_ms(299 * 1000);
	ck_assert(next_route_is_redirected(KMT_OTHER));
	kmt_step("301 s later the exception has expired");
	kmt_advance_ms(2000);
	while (kmt_wire_next(&d))	/* SYN retries */
		;
	ck_assert(!next_route_is_redirected(KMT_OTHER));
	kmt_assert_chain("find_exception", "ip_del_fnhe");
}
END_TEST

static Suite *pmtu_suite(void)
{
	Suite *s = suite_create("pmtu");
	TCase *t = tcase_create("tcp");
	TCase *u = tcase_create("udp");
	TCase *r = tcase_create("redirect");

	tcase_add_checked_fixture(t, kmt_setup_wire, kmt_teardown);
	tcase_add_test(t, test_frag_needed_in_syn_sent_lowers_the_path_mtu);
	tcase_add_test(t, test_after_frag_needed_the_syn_and_the_established_mss_follow);
	tcase_add_test(t, test_frag_needed_when_established_shrinks_the_mss_at_once);
	tcase_add_test(t, test_frag_needed_after_a_syn_retransmission_resends_nothing);
	tcase_add_test(t, test_the_second_syn_timeout_drops_an_expiring_route);
	tcase_add_test(t, test_a_later_connect_to_the_peer_advertises_mss_960);
	tcase_add_test(t, test_mtu_below_552_is_raised_to_552_and_locked);
	tcase_add_test(t, test_mtu_below_552_with_pmtudisc_do_leaves_emsgsize_soft);
	tcase_add_test(t, test_the_exception_expires_after_ten_minutes);
	tcase_add_test(t, test_frag_needed_while_owned_is_applied_at_release);
	tcase_add_test(t, test_frag_needed_for_a_listeners_synack_is_ignored);
	suite_add_tcase(s, t);

	tcase_add_checked_fixture(u, kmt_setup_wire, kmt_teardown);
	tcase_add_test(u, test_udp_frag_needed_gives_emsgsize_and_ip_mtu);
	tcase_add_test(u, test_udp_frag_needed_with_pmtudisc_dont_lowers_the_mtu_silently);
	tcase_add_test(u, test_udp_frag_needed_with_pmtudisc_omit_keeps_the_mtu);
	suite_add_tcase(s, u);

	tcase_add_checked_fixture(r, kmt_setup_wire, kmt_teardown);
	tcase_add_test(r, test_redirect_from_the_gateway_is_learned);
	tcase_add_test(r, test_redirects_that_are_ignored);
	tcase_add_test(r, test_udp_redirect_is_learned_and_expires_after_300_s);
	suite_add_tcase(s, r);
	return s;
}

int main(void)
{
	return kmt_run(pmtu_suite());
}
