// SPDX-License-Identifier: GPL-2.0
/*
 * TCP active open: connect() from the syscall to ESTABLISHED on a
 * scripted test wire with virtual time. Each test cites the Linux 5.0.1
 * lines of the behaviour it checks (docs/behaviour.md lists them).
 *
 * The host under test is 10.0.0.1 on eth0 (a test wire); the "peer"
 * 10.0.0.2 is this test, reading what the host sends and injecting
 * answers.
 */
#include <string.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <netinet/tcp.h>
#include "kmtest.h"

#define PEER_PORT	80
#define PEER_ISN	1000000000u
#define NSEC		1000000000LL

/* Start a non-blocking connect to 10.0.0.2:80 and read the SYN. */
static long start_connect(struct task_struct *t, int flags, struct km_seg *syn)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(t, AF_INET, SOCK_STREAM | SOCK_NONBLOCK | flags, 0);

	ck_assert_msg(fd >= 0, "[%s] socket: %s", T.step, kmt_errname(fd));
	kmt_assert_ret(km_connect(t, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	if (syn)
		kmt_wire_expect(syn);
	return fd;
}

/* What a Linux 5.0 listener answers to our SYN (net/ipv4/tcp_output.c:3207,
 * window net/ipv4/tcp_minisocks.c:381), from the peer. */
static void synack_for(const struct km_seg *syn, struct km_seg *sa)
{
	kmt_seg_from_peer(sa, syn->dport, syn->sport);
	sa->flags = KM_TH_SYN | KM_TH_ACK;
	sa->seq = PEER_ISN;
	sa->ack = syn->seq + 1;
	sa->window = 65160;
	sa->mss = 1460;
	sa->sack_perm = true;
	sa->ts = true;
	sa->tsval = 7777;
	sa->tsecr = syn->tsval;
	sa->wscale = 7;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Every byte of the default SYN (net/ipv4/tcp_output.c:3527, 1123, 454;
 * net/ipv4/ip_output.c:484), the ISN and port formulas (net/core/secure_seq.c:132,
 * net/ipv4/inet_hashtables.c:665) */
START_TEST(test_syn_is_byte_exact_linux_5_0)
{
	struct km_seg syn, want;
	uint8_t net_secret[16], ts_secret[16];
	unsigned long long now_real, now_mono;
	unsigned long j;
	uint32_t isn, tsoff, port_offset, expect_port;

	kmt_step("non-blocking connect() sends one SYN");
	now_real = km_host_realtime_ns(T.h);
	now_mono = km_host_monotonic_ns(T.h);
	j = km_host_jiffies(T.h);
	start_connect(T.app, 0, &syn);
	kmt_wire_expect_none();

	kmt_step("IP header (net/ipv4/ip_output.c:484-498)");
	km_seg_init_tcp(&want, T.client, 0, T.peer, PEER_PORT);
	want.ip_tot_len = 60;
	want.tos = 0;
	want.ttl = 64;
	want.df = true;
	kmt_assert_seg(&want, &syn, KMT_F_ADDRS | KMT_F_TTL | KMT_F_DF | KMT_F_TOS | KMT_F_LEN);
	ck_assert(syn.ip_csum_ok);
	ck_assert_int_eq(syn.protocol, 6);

	kmt_step("TCP header (net/ipv4/tcp_output.c:3527, 1123): flags SYN only, ack 0, doff 10, window 64240");
	ck_assert_uint_eq(syn.dport, PEER_PORT);
	ck_assert_uint_eq(syn.flags, KM_TH_SYN);
	ck_assert_uint_eq(syn.ack, 0);
	ck_assert_uint_eq(syn.doff, 10);
	ck_assert_uint_eq(syn.window, 64240);
	ck_assert(syn.l4_csum_ok);

	kmt_step("options (net/ipv4/tcp_output.c:454): MSS 1460, SACK_PERM+TS, TSecr 0, NOP WS 7");
	{
		static const uint8_t head[] = { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a };
		static const uint8_t tail[] = { 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07 };

		ck_assert_uint_eq(syn.opt_len, 20);
		ck_assert_msg(!memcmp(syn.opt, head, 8), "option bytes 0-7 differ");
		ck_assert_msg(!memcmp(syn.opt + 12, tail, 8), "option bytes 12-19 differ");
	}

	kmt_step("secrets were drawn at the first connect");
	ck_assert_int_eq(km_host_secret(T.h, "net_secret", net_secret, 16), 0);
	ck_assert_int_eq(km_host_secret(T.h, "ts_secret", ts_secret, 16), 0);

	kmt_step("ephemeral port (net/ipv4/inet_hashtables.c:665): "
		 "low + ((hint 0 + offset) %% 28232 & ~1)");
	port_offset = (uint32_t)km_siphash_3u32(T.client, T.peer, htons(PEER_PORT),
						net_secret);
	expect_port = 32768 + ((port_offset % 28232) & ~1u);
	ck_assert_uint_eq(syn.sport, expect_port);

	kmt_step("ISN (net/core/secure_seq.c:138): "
		 "siphash(saddr, daddr, sport<<16|dport) + realtime_ns>>6");
	isn = (uint32_t)km_siphash_3u32(T.client, T.peer,
					(uint32_t)htons(syn.sport) << 16 | htons(PEER_PORT),
					net_secret) + (uint32_t)(now_real >> 6);
	ck_assert_uint_eq(syn.seq, isn);

	kmt_step("TSval (net/ipv4/tcp_output.c:621, net/core/secure_seq.c:123): "
		 "monotonic ms + siphash(saddr, daddr; ts_secret)");
	tsoff = (uint32_t)km_siphash_2u32(T.client, T.peer, ts_secret);
	ck_assert_uint_eq(syn.tsval, (uint32_t)(now_mono / 1000000) + tsoff);
	ck_assert_uint_eq(get_be32(syn.opt + 8), syn.tsval);

	kmt_step("IP ID (net/ipv4/tcp_ipv4.c:308): (ISN ^ jiffies) & 0xffff");
	ck_assert_uint_eq(syn.ip_id, (isn ^ (uint32_t)j) & 0xffff);
}
END_TEST

/* net/ipv4/inet_hashtables.c:719: the hint moves on by the ports tried */
START_TEST(test_consecutive_connects_get_ports_p_p2_p4)
{
	struct km_seg s1, s2, s3;

	start_connect(T.app, 0, &s1);
	start_connect(T.app, 0, &s2);
	start_connect(T.app, 0, &s3);
	ck_assert_uint_eq(s2.sport, s1.sport + 2);
	ck_assert_uint_eq(s3.sport, s2.sport + 2);
	ck_assert_msg(s1.sport % 2 == 0, "first pass uses even ports, got %u", s1.sport);
}
END_TEST

/* net/ipv4/inet_hashtables.c:661-716, net/ipv4/tcp_ipv4.c:322-330 */
START_TEST(test_port_range_exhausted_is_eaddrnotavail)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg s;
	int i, even = 0, odd = 0;
	long fd;

	kmt_step("a range of four ports: 40000-40003");
	km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[0]", 40000);
	km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[1]", 40003);
	for (i = 0; i < 4; i++) {
		kmt_step("connect %d of 4 finds a port", i + 1);
		start_connect(T.app, 0, &s);
		ck_assert(s.sport >= 40000 && s.sport <= 40003);
		if (s.sport % 2)
			odd++;
		else
			even++;
		kmt_step("the even pass comes first");
		ck_assert_msg(i >= 2 || s.sport % 2 == 0, "connect %d got odd port %u", i + 1, s.sport);
	}
	ck_assert_int_eq(even, 2);
	ck_assert_int_eq(odd, 2);
	kmt_step("the fifth: every 4-tuple to 10.0.0.2:80 is taken");
	fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EADDRNOTAVAIL);
	kmt_step("the socket goes back to CLOSE, dport 0, saddr kept (net/ipv4/tcp_ipv4.c:327-330)");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_dport", "0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_rcv_saddr", KMT_CLIENT);
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	kmt_step("another destination port still works (different 4-tuple)");
	a = kmt_addr(KMT_PEER, 81);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
}
END_TEST

/* 7 SYNs at 0,1,3,7,15,31,63 s, ETIMEDOUT at 127 s: net/ipv4/tcp_output.c:3553,
 * net/ipv4/tcp_timer.c:233, 562, 65 */
START_TEST(test_silent_peer_gets_seven_syns_then_etimedout)
{
	static const long long at_ms[] = { 0, 1000, 3000, 7000, 15000, 31000, 63000 };
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg first, s;
	long fd;
	int i;

	fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	kmt_step("a blocking connect() sleeps in inet_wait_for_connect");
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	ck_assert(!km_call_done(T.app));
	kmt_wire_expect(&first);
	for (i = 1; i < 7; i++) {
		kmt_step("retransmission %d due at %lld ms", i, at_ms[i]);
		kmt_advance_ms(at_ms[i] - kmt_now_ms() - 1);
		kmt_wire_expect_none();
		kmt_advance_ms(1);
		kmt_wire_expect(&s);
		kmt_step("retransmission %d keeps seq, window and options but a new TSval and IP ID", i);
		ck_assert_uint_eq(s.seq, first.seq);
		ck_assert_uint_eq(s.sport, first.sport);
		ck_assert_uint_eq(s.window, first.window);
		ck_assert_uint_eq(s.flags, KM_TH_SYN);
		ck_assert_uint_eq(s.ip_id, (uint16_t)(first.ip_id + i));
		ck_assert_uint_eq(s.tsval, first.tsval + (uint32_t)at_ms[i]);
		ck_assert(!km_call_done(T.app));
	}
	kmt_step("no eighth SYN; connect() fails with ETIMEDOUT at 127 s");
	kmt_advance_ms(127000 - kmt_now_ms() - 1);
	kmt_wire_expect_none();
	ck_assert(!km_call_done(T.app));
	kmt_advance_ms(1);
	ck_assert_msg(km_call_done(T.app), "connect() still blocked at %lld ms", kmt_now_ms());
	kmt_assert_ret(km_call_result(T.app), -ETIMEDOUT);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
}
END_TEST

/* TCP_SYNCNT overrides tcp_syn_retries per socket (net/ipv4/tcp_timer.c:232) */
START_TEST(test_tcp_syncnt_2_times_out_after_7_seconds)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	int two = 2, n = 0;
	struct km_seg s;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, IPPROTO_TCP, TCP_SYNCNT, &two, sizeof(two)), 0);
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_advance_ms(6999);
	while (kmt_wire_next(&s))
		n++;
	ck_assert_int_eq(n, 3);
	ck_assert(!km_call_done(T.app));
	kmt_advance_ms(1);
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), -ETIMEDOUT);
}
END_TEST

/* TCP_USER_TIMEOUT in SYN_SENT: 5.0 still gives up by count
 * (net/ipv4/tcp_timer.c:232-233), but re-arms with the RTO cut to what is
 * left of the user timeout, and with one jiffy once it has passed
 * (tcp_clamp_rto_to_user_timeout, net/ipv4/tcp_timer.c:39-54, 565): the
 * last SYNs go out one millisecond apart. */
START_TEST(test_user_timeout_cuts_the_syn_rto_short)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	const long long user_ms = 2500;
	long long at_ms[8], t = 1000, rto = 1000, left;
	int ut = (int)user_ms, i;
	struct km_seg first, s;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_step("the schedule: doubling RTO, cut to the user timeout's rest");
	at_ms[0] = 0;
	for (i = 1; i <= 6; i++) {	/* expiry i finds i - 1 < 6 retransmissions */
		at_ms[i] = t;
		rto = rto * 2 < 120000 ? rto * 2 : 120000;
		left = user_ms - t;
		t += left <= 0 ? 1 : (rto < left ? rto : left);
	}
	at_ms[7] = t;			/* finds 6: ETIMEDOUT */
	ck_assert_int_eq(at_ms[2], 2500);
	ck_assert_int_eq(at_ms[7], 2505);

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, IPPROTO_TCP, TCP_USER_TIMEOUT,
				     &ut, sizeof(ut)), 0);
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_wire_expect(&first);
	for (i = 1; i < 7; i++) {
		kmt_step("SYN %d due at %lld ms", i + 1, at_ms[i]);
		kmt_advance_ms(at_ms[i] - kmt_now_ms() - 1);
		kmt_wire_expect_none();
		kmt_advance_ms(1);
		kmt_wire_expect(&s);
		ck_assert_uint_eq(s.seq, first.seq);
		ck_assert_uint_eq(s.flags, KM_TH_SYN);
	}
	kmt_step("connect() fails with ETIMEDOUT at %lld ms", at_ms[7]);
	kmt_advance_ms(at_ms[7] - kmt_now_ms() - 1);
	ck_assert(!km_call_done(T.app));
	kmt_advance_ms(1);
	ck_assert_msg(km_call_done(T.app), "connect() still blocked at %lld ms", kmt_now_ms());
	kmt_assert_ret(km_call_result(T.app), -ETIMEDOUT);
	kmt_wire_expect_none();
}
END_TEST

/* net.ipv4.tcp_retries1: 3 by default (net/ipv4/tcp_ipv4.c:2635), at most
 * 255 (tcp_retr1_max, net/ipv4/sysctl_net_ipv4.c:37, 862) */
START_TEST(test_tcp_retries1_sysctl_defaults_to_3_at_most_255)
{
	ck_assert_int_eq(km_sysctl_get(T.h, "net.ipv4.tcp_retries1"), 3);
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_retries1", 255), 0);
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_retries1", 256), -EINVAL);
	ck_assert_int_eq(km_sysctl_get(T.h, "net.ipv4.tcp_retries1"), 255);
}
END_TEST

/* SYN-ACK -> ESTABLISHED (net/ipv4/tcp_input.c:5844-5879), final ACK bytes
 * (net/ipv4/tcp_input.c:5909, net/ipv4/tcp_output.c:3641) */
START_TEST(test_synack_establishes_and_final_ack_is_exact)
{
	struct km_seg syn, sa, ack, want;
	long fd = start_connect(T.app, 0, &syn);
	struct pollfd p = { .fd = (int)fd, .events = POLLOUT };

	kmt_step("during SYN_SENT mss_cache is 524 (net/ipv4/tcp_ipv4.c:271, net/ipv4/tcp_output.c:3346)");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_CONNECTING");
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "524");
	kmt_step("poll: a connect in progress is not writable");
	kmt_assert_ret(km_poll(T.app, &p, 1, 0), 0);

	kmt_step("the peer answers SYN-ACK");
	synack_for(&syn, &sa);
	kmt_wire_inject(&sa, 0);

	kmt_step("the final ACK goes out at once (net/ipv4/tcp_input.c:5909)");
	kmt_wire_expect(&ack);
	km_seg_init_tcp(&want, T.client, syn.sport, T.peer, PEER_PORT);
	want.seq = syn.seq + 1;
	want.ack = PEER_ISN + 1;
	want.flags = KM_TH_ACK;
	want.window = 502;
	want.ip_id = (uint16_t)(syn.ip_id + 1);
	want.ttl = 64;
	want.df = true;
	want.ip_tot_len = 52;
	{
		static const uint8_t nop_nop_ts[] = { 1, 1, 8, 10 };

		memcpy(want.opt, nop_nop_ts, 4);
		want.opt[4] = (uint8_t)(ack.tsval >> 24);
		want.opt[5] = (uint8_t)(ack.tsval >> 16);
		want.opt[6] = (uint8_t)(ack.tsval >> 8);
		want.opt[7] = (uint8_t)ack.tsval;
		want.opt[8] = 0; want.opt[9] = 0;
		want.opt[10] = (uint8_t)(7777 >> 8);
		want.opt[11] = (uint8_t)(7777 & 0xff);
		want.opt_len = 12;
	}
	kmt_assert_seg(&want, &ack, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ | KMT_F_ACK |
		       KMT_F_FLAGS | KMT_F_WIN | KMT_F_ID | KMT_F_TTL | KMT_F_DF |
		       KMT_F_OPTS | KMT_F_LEN);
	kmt_wire_expect_none();

	kmt_step("the socket after the handshake (net/ipv4/tcp_input.c:5844-5879)");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "1448");
	kmt_assert_field(T.app, (int)fd, "sock", "advmss", "1448");
	kmt_assert_field(T.app, (int)fd, "sock", "tcp_header_len", "32");
	kmt_assert_field(T.app, (int)fd, "sock", "snd_wnd", "65160");
	kmt_assert_field(T.app, (int)fd, "sock", "window_clamp", "64088");
	kmt_assert_field(T.app, (int)fd, "sock", "rcv_ssthresh", "64088");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "snd_una"), syn.seq + 1);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "snd_nxt"), syn.seq + 1);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "write_seq"), syn.seq + 1);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "rcv_nxt"), PEER_ISN + 1);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "copied_seq"), PEER_ISN + 1);
	kmt_assert_field(T.app, (int)fd, "sock", "snd_cwnd", "10");
	kmt_assert_field(T.app, (int)fd, "sock", "packets_out", "0");

	kmt_step("poll: now writable; a second connect() returns 0 and SS_CONNECTED (net/ipv4/af_inet.c:699)");
	kmt_assert_ret(km_poll(T.app, &p, 1, 0), 1);
	ck_assert(p.revents & POLLOUT);
	{
		struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);

		kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), 0);
		kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_CONNECTED");
		kmt_step("a third: EISCONN");
		kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EISCONN);
	}
}
END_TEST

/* net/ipv4/tcp_input.c:5794-5796; the RST: net/ipv4/tcp_ipv4.c:691 */
START_TEST(test_synsent_bad_ack_is_answered_with_rst)
{
	struct km_seg syn, bad, rst, want;
	long fd = start_connect(T.app, 0, &syn);

	synack_for(&syn, &bad);
	bad.ack = syn.seq + 1000;
	kmt_wire_inject(&bad, 0);
	kmt_step("RST with seq = the segment's ack, no ACK flag, window 0, no options");
	kmt_wire_expect(&rst);
	km_seg_init_tcp(&want, T.client, syn.sport, T.peer, PEER_PORT);
	want.seq = syn.seq + 1000;
	want.flags = KM_TH_RST;
	want.window = 0;
	want.ip_id = 0;
	want.ip_tot_len = 40;
	kmt_assert_seg(&want, &rst, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ | KMT_F_FLAGS |
		       KMT_F_WIN | KMT_F_TTL | KMT_F_DF | KMT_F_ID | KMT_F_LEN);
	kmt_step("no state change");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
}
END_TEST

/* net/ipv4/tcp_ipv4.c:674: never an RST in reply to an RST */
START_TEST(test_synsent_bad_ack_with_rst_is_dropped_silently)
{
	struct km_seg syn, bad;
	long fd = start_connect(T.app, 0, &syn);

	synack_for(&syn, &bad);
	bad.flags = KM_TH_RST | KM_TH_ACK;
	bad.ack = syn.seq + 1000;
	bad.mss = bad.wscale = -1;
	bad.ts = bad.sack_perm = false;
	kmt_wire_inject(&bad, 0);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
}
END_TEST

/* net/ipv4/tcp_input.c:5814-5815, 4049 */
START_TEST(test_synsent_rst_with_good_ack_refuses_the_connection)
{
	struct km_seg syn, rst;
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_wire_expect(&syn);
	kmt_seg_from_peer(&rst, PEER_PORT, syn.sport);
	rst.flags = KM_TH_RST | KM_TH_ACK;
	rst.ack = syn.seq + 1;
	rst.window = 0;
	kmt_wire_inject(&rst, 0);
	kmt_step("the blocked connect() wakes with ECONNREFUSED");
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), -ECONNREFUSED);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	kmt_wire_expect_none();
}
END_TEST

/* net/ipv4/tcp_input.c:5826-5827, 5916-5923, 5982-5989 */
START_TEST(test_synsent_ignores_ack_only_rst_only_and_flagless)
{
	struct km_seg syn, s;
	long fd = start_connect(T.app, 0, &syn);

	kmt_step("an acceptable ACK without SYN or RST is dropped");
	kmt_seg_from_peer(&s, PEER_PORT, syn.sport);
	s.flags = KM_TH_ACK;
	s.seq = PEER_ISN;
	s.ack = syn.seq + 1;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	kmt_step("an RST without ACK is dropped");
	s.flags = KM_TH_RST;
	s.ack = 0;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	kmt_step("a segment with no flags is dropped");
	s.flags = 0;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
}
END_TEST

/* net/ipv4/tcp_input.c:5798-5803 */
START_TEST(test_synsent_synack_with_bad_tsecr_is_reset)
{
	struct km_seg syn, sa, rst;
	long fd = start_connect(T.app, 0, &syn);

	synack_for(&syn, &sa);
	sa.tsecr = syn.tsval + 100000;	/* echoes a time we never sent */
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST);
	ck_assert_uint_eq(rst.seq, syn.seq + 1);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
}
END_TEST

/* simultaneous open: net/ipv4/tcp_input.c:5931-5964 */
START_TEST(test_bare_syn_in_synsent_is_simultaneous_open)
{
	struct km_seg syn, psyn, sa, ack;
	long fd = start_connect(T.app, 0, &syn);

	kmt_step("the peer's own SYN crosses ours");
	synack_for(&syn, &psyn);
	psyn.flags = KM_TH_SYN;
	psyn.ack = 0;
	psyn.window = 64240;
	psyn.tsecr = 0;
	kmt_wire_inject(&psyn, 0);
	kmt_step("we enter SYN_RECV and send SYN-ACK with our same ISN");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_RECV");
	kmt_wire_expect(&sa);
	ck_assert_uint_eq(sa.flags, KM_TH_SYN | KM_TH_ACK);
	ck_assert_uint_eq(sa.seq, syn.seq);
	ck_assert_uint_eq(sa.ack, PEER_ISN + 1);
	ck_assert(sa.ts);
	ck_assert_uint_eq(sa.tsecr, 7777);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "rcv_nxt"), PEER_ISN + 1);
	kmt_step("the peer's ACK completes it: ESTABLISHED");
	kmt_seg_from_peer(&ack, PEER_PORT, syn.sport);
	ack.flags = KM_TH_ACK;
	ack.seq = PEER_ISN + 1;
	ack.ack = syn.seq + 1;
	ack.window = 502;
	ack.ts = true;
	ack.tsval = 7778;
	ack.tsecr = sa.tsval;
	kmt_wire_inject(&ack, 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
}
END_TEST

/* TCP_QUICKACK 0 (pingpong) delays the final ACK 200 ms
 * (net/ipv4/tcp_input.c:5890-5903) */
START_TEST(test_final_ack_delayed_in_pingpong_mode)
{
	struct km_seg syn, sa, ack;
	int zero = 0;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, IPPROTO_TCP, TCP_QUICKACK, &zero, sizeof(zero)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	synack_for(&syn, &sa);
	kmt_wire_inject(&sa, 0);
	kmt_step("ESTABLISHED but no ACK yet");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_wire_expect_none();
	kmt_step("the delayed-ACK timer sends it after 200 ms");
	kmt_advance_ms(199);
	kmt_wire_expect_none();
	kmt_advance_ms(1);
	kmt_wire_expect(&ack);
	ck_assert_uint_eq(ack.flags, KM_TH_ACK);
	ck_assert_uint_eq(ack.ack, PEER_ISN + 1);
}
END_TEST

/* more than one SYN retransmission -> cwnd 1, RTO 3 s
 * (net/ipv4/tcp_metrics.c:520-521, 513) */
START_TEST(test_handshake_after_two_retransmissions_starts_with_cwnd_1)
{
	struct km_seg syn, s, sa;
	long fd = start_connect(T.app, 0, &syn);

	kmt_advance_ms(3000);
	ck_assert(kmt_wire_next(&s) && kmt_wire_next(&s));
	synack_for(&syn, &sa);
	sa.tsecr = s.tsval;
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&s);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_field(T.app, (int)fd, "sock", "snd_cwnd", "1");
	kmt_step("the RTT was timed from the echoed timestamp: no 3 s fallback");
	ck_assert(kmt_field_u(T.app, (int)fd, "sock", "srtt_us") > 0);
}
END_TEST

/* net/socket.c:185, net/ipv4/af_inet.c:620-625, net/ipv4/tcp_ipv4.c:216-219 */
START_TEST(test_connect_argument_errors_in_linux_order)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct sockaddr_in6_like { unsigned short fam; char rest[26]; } six = { AF_INET6, {0} };
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_step("addrlen > 128 (net/socket.c:185)");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 129), -EINVAL);
	kmt_step("addrlen < 0");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, -1), -EINVAL);
	kmt_step("a bad pointer");
	kmt_assert_ret(km_connect(T.app, (int)fd, (void *)8, sizeof(a)), -EFAULT);
	kmt_step("addrlen 0 and 1 (net/ipv4/af_inet.c:620)");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 0), -EINVAL);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 1), -EINVAL);
	kmt_step("addrlen 8 < sizeof(sockaddr_in) (net/ipv4/tcp_ipv4.c:216)");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, 8), -EINVAL);
	kmt_step("an AF_INET6 address on an AF_INET socket");
	kmt_assert_ret(km_connect(T.app, (int)fd, &six, sizeof(six)), -EAFNOSUPPORT);
	kmt_step("AF_UNSPEC on an unconnected socket: disconnect, 0 (net/ipv4/af_inet.c:623-625)");
	{
		struct sockaddr_in u = a;

		u.sin_family = AF_UNSPEC;
		kmt_assert_ret(km_connect(T.app, (int)fd, &u, sizeof(u)), 0);
	}
	kmt_step("nothing was sent");
	kmt_wire_expect_none();
}
END_TEST

/* net/ipv4/tcp_ipv4.c:237-246 */
START_TEST(test_route_errors_are_synchronous)
{
	struct sockaddr_in a;
	long fd;

	kmt_step("unreachable route: EHOSTUNREACH");
	ck_assert_int_eq(km_host_add_route(T.h, "192.0.2.0/24", NULL, "eth0", "unreachable"), 0);
	fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	a = kmt_addr("192.0.2.1", 80);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EHOSTUNREACH);
	kmt_step("prohibit route: EACCES");
	ck_assert_int_eq(km_host_add_route(T.h, "198.51.100.0/24", NULL, "eth0", "prohibit"), 0);
	a = kmt_addr("198.51.100.1", 80);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EACCES);
	kmt_step("blackhole route: EINVAL");
	ck_assert_int_eq(km_host_add_route(T.h, "203.0.113.0/24", NULL, "eth0", "blackhole"), 0);
	a = kmt_addr("203.0.113.1", 80);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINVAL);
	kmt_step("broadcast destination: ENETUNREACH");
	a = kmt_addr("10.0.0.255", 80);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ENETUNREACH);
	kmt_step("multicast destination: ENETUNREACH");
	a = kmt_addr("224.0.0.1", 80);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ENETUNREACH);
	kmt_step("the failed attempts left the socket closed");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_no_route_at_all_is_enetunreach)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ENETUNREACH);
}
END_TEST

/* net/ipv4/af_inet.c:637-641, 699 */
START_TEST(test_second_connect_while_connecting_is_ealready)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = start_connect(T.app, 0, NULL);

	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EALREADY);
	kmt_step("state is checked before the address: even a bad family");
	{
		struct sockaddr_in b = a;

		b.sin_family = 12345;
		kmt_assert_ret(km_connect(T.app, (int)fd, &b, sizeof(b)), -EALREADY);
	}
}
END_TEST

/* net/ipv4/af_inet.c:704-707; net/ipv4/tcp.c:2577, net/ipv4/tcp_ipv4.c:298 */
START_TEST(test_reconnect_after_refusal_reuses_isn_plus_3)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg syn, rst, syn2;
	long fd = start_connect(T.app, 0, &syn);
	int err = -1, len = sizeof(err);

	kmt_seg_from_peer(&rst, PEER_PORT, syn.sport);
	rst.flags = KM_TH_RST | KM_TH_ACK;
	rst.ack = syn.seq + 1;
	kmt_wire_inject(&rst, 0);
	kmt_step("the pending error comes back from the next connect()");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ECONNREFUSED);
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	kmt_step("... and only once: SO_ERROR is now 0");
	kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_ERROR, &err, &len), 0);
	ck_assert_int_eq(err, 0);
	kmt_step("connecting again starts anew: a new port, seq = old ISN + 3");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn2);
	ck_assert_uint_eq(syn2.seq, syn.seq + 3);
	ck_assert_uint_ne(syn2.sport, syn.sport);
}
END_TEST

/* SO_SNDTIMEO expiry -> EINPROGRESS (net/ipv4/af_inet.c:668-681) */
START_TEST(test_sndtimeo_expiry_returns_einprogress)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct timeval tv = { .tv_sec = 2, .tv_usec = 0 };
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), 0);
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_advance_ms(1999);
	ck_assert(!km_call_done(T.app));
	kmt_advance_ms(1);
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), -EINPROGRESS);
	kmt_step("the handshake goes on: still SYN_SENT, SS_CONNECTING");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_CONNECTING");
}
END_TEST

/* signals (net/ipv4/af_inet.c:683) */
START_TEST(test_signal_without_sa_restart_is_eintr)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	km_task_sigaction(T.app, SIGALRM, true, false);
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_advance_ms(500);
	km_task_kill(T.app, SIGALRM);
	km_world_settle(T.w);
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), -EINTR);
	ck_assert_uint_eq(km_task_signals_delivered(T.app), 1);
	kmt_step("the connection attempt continues in the background");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
}
END_TEST

START_TEST(test_signal_with_sa_restart_waits_again)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg syn, sa;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	km_task_sigaction(T.app, SIGALRM, true, true);
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_wire_expect(&syn);
	km_task_kill(T.app, SIGALRM);
	km_world_settle(T.w);
	kmt_step("restarted: the second connect() finds SS_CONNECTING and waits (EALREADY is not returned)");
	ck_assert(!km_call_done(T.app));
	ck_assert_uint_eq(km_task_restarts(T.app), 1);
	synack_for(&syn, &sa);
	kmt_wire_inject(&sa, 0);
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), 0);
}
END_TEST

/* close() in SYN_SENT; a late SYN-ACK gets an RST (net/ipv4/tcp_ipv4.c:1939) */
START_TEST(test_close_in_synsent_then_late_synack_gets_rst)
{
	struct km_seg syn, sa, rst;
	long fd = start_connect(T.app, 0, &syn);

	kmt_assert_ret(km_close(T.app, (int)fd), 0);
	kmt_step("closing a SYN_SENT socket sends nothing");
	kmt_wire_expect_none();
	synack_for(&syn, &sa);
	kmt_wire_inject(&sa, 0);
	kmt_step("no socket: the SYN-ACK is answered with RST seq = its ack");
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST);
	ck_assert_uint_eq(rst.seq, syn.seq + 1);
}
END_TEST

/* SO_ERROR, poll POLLERR after a refusal (net/ipv4/tcp.c:599, net/core/sock.c:1162) */
START_TEST(test_poll_reports_error_after_refusal_and_so_error_clears)
{
	struct km_seg syn, rst;
	long fd = start_connect(T.app, 0, &syn);
	struct pollfd p = { .fd = (int)fd, .events = POLLOUT };
	int err = 0, len = sizeof(err);

	kmt_seg_from_peer(&rst, PEER_PORT, syn.sport);
	rst.flags = KM_TH_RST | KM_TH_ACK;
	rst.ack = syn.seq + 1;
	kmt_wire_inject(&rst, 0);
	kmt_assert_ret(km_poll(T.app, &p, 1, 0), 1);
	ck_assert_msg(p.revents & POLLERR, "revents 0x%x without POLLERR", p.revents);
	ck_assert_msg(p.revents & POLLHUP, "revents 0x%x without POLLHUP", p.revents);
	kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_ERROR, &err, &len), 0);
	ck_assert_int_eq(err, ECONNREFUSED);
	kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_ERROR, &err, &len), 0);
	ck_assert_int_eq(err, 0);
}
END_TEST

/* TCP_MAXSEG lowers the MSS we announce (net/ipv4/tcp_output.c:3343) */
START_TEST(test_tcp_maxseg_lowers_the_syn_mss)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	int mss = 1000;
	struct km_seg syn;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof(mss)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	ck_assert_int_eq(syn.mss, 1000);
}
END_TEST

/* SO_KEEPALIVE arms the keepalive timer at establishment (net/ipv4/tcp_input.c:5692) */
START_TEST(test_keepalive_timer_armed_at_establishment)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	int one = 1;
	struct km_seg syn, sa;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	synack_for(&syn, &sa);
	kmt_wire_inject(&sa, 0);
	ck_assert_msg(strcmp(kmt_field(T.app, (int)fd, "sock", "sk_timer"), "idle"),
		      "keepalive timer not armed: %s", kmt_field(T.app, (int)fd, "sock", "sk_timer"));
}
END_TEST

/* the trace of connect() contains the kernel's chain in order */
START_TEST(test_connect_trace_contains_the_kernel_chain)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg syn, sa;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_trace_start();
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_wire_expect(&syn);
	synack_for(&syn, &sa);
	kmt_wire_inject(&sa, 0);
	kmt_assert_ret(km_call_result(T.app), 0);
	kmt_trace_stop();
	kmt_assert_chain("entry_SYSCALL_64", "do_syscall_64", "__x64_sys_connect",
			 "__se_sys_connect", "__do_sys_connect", "__sys_connect",
			 "sockfd_lookup_light", "move_addr_to_kernel",
			 "inet_stream_connect", "__inet_stream_connect", "tcp_v4_connect",
			 "ip_route_connect", "tcp_set_state", "inet_hash_connect",
			 "__inet_hash_connect", "ip_route_newports", "secure_tcp_seq",
			 "tcp_connect", "tcp_connect_init", "tcp_init_nondata_skb",
			 "tcp_transmit_skb", "ip_queue_xmit", "inet_csk_reset_xmit_timer",
			 "inet_wait_for_connect",
			 "tcp_v4_rcv", "tcp_v4_do_rcv", "tcp_rcv_state_process",
			 "tcp_rcv_synsent_state_process", "tcp_parse_options",
			 "tcp_finish_connect", "tcp_send_ack");
	kmt_step("the seed documents' receive chain (netif_rx ... ip_rcv ... tcp_v4_rcv)");
	kmt_assert_chain("netif_rx", "net_rx_action", "process_backlog",
			 "__netif_receive_skb", "ip_rcv", "ip_rcv_finish",
			 "ip_local_deliver", "ip_local_deliver_finish", "tcp_v4_rcv");
	kmt_step("the seeds' connect-side helpers appear too");
	kmt_assert_chain("sk_rcv_saddr_set", "sk_daddr_set");
	kmt_assert_chain("sk_setup_caps", "secure_tcp_ts_off");
}
END_TEST

/* Hostile frames: dropped or answered as 5.0, never a crash or leak. */
START_TEST(test_hostile_frames_are_dropped_safely)
{
	struct km_seg syn, sa;
	uint8_t frame[128];
	int n, i, k;
	long fd = start_connect(T.app, 0, &syn);

	synack_for(&syn, &sa);
	n = km_seg_build(&sa, frame, sizeof(frame));
	ck_assert(n > 0);
	kmt_step("every truncation of a valid SYN-ACK");
	for (i = 0; i < n; i++)
		kmt_wire_inject_raw(frame, (size_t)i);
	kmt_step("every single-byte corruption of the headers");
	for (i = 0; i < n; i++) {
		uint8_t bad[128];

		for (k = 0; k < 8; k++) {
			memcpy(bad, frame, (size_t)n);
			bad[i] ^= (uint8_t)(1u << k);
			kmt_wire_inject_raw(bad, (size_t)n);
		}
	}
	kmt_step("hostile option lengths (0, 1, past the end)");
	{
		static const uint8_t opts[][8] = {
			{ 2, 0, 5, 0xb4, 1, 1, 1, 1 }, { 8, 1, 0, 0, 0, 0, 0, 0 },
			{ 3, 40, 7, 0, 0, 0, 0, 0 }, { 8, 10, 1, 2, 3, 4, 5, 6 },
		};
		for (i = 0; i < 4; i++) {
			struct km_seg h = sa;

			memcpy(h.opt, opts[i], 8);
			h.opt_len = 8;
			h.seq = PEER_ISN + 100;	/* a different, wrong SYN-ACK */
			h.ack = syn.seq + 5;
			kmt_wire_inject(&h, 0);
		}
	}
	kmt_step("the connection is still in SYN_SENT and can complete");
	while (kmt_wire_next(&sa))
		;
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	synack_for(&syn, &sa);
	kmt_wire_inject(&sa, 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert(km_host_mib(T.h, "IpInHdrErrors") > 0);
}
END_TEST

static Suite *connect_suite(void)
{
	Suite *s = suite_create("connect");
	TCase *tc = tcase_create("active-open");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_syn_is_byte_exact_linux_5_0);
	tcase_add_test(tc, test_consecutive_connects_get_ports_p_p2_p4);
	tcase_add_test(tc, test_port_range_exhausted_is_eaddrnotavail);
	tcase_add_test(tc, test_silent_peer_gets_seven_syns_then_etimedout);
	tcase_add_test(tc, test_tcp_syncnt_2_times_out_after_7_seconds);
	tcase_add_test(tc, test_user_timeout_cuts_the_syn_rto_short);
	tcase_add_test(tc, test_tcp_retries1_sysctl_defaults_to_3_at_most_255);
	tcase_add_test(tc, test_synack_establishes_and_final_ack_is_exact);
	tcase_add_test(tc, test_synsent_bad_ack_is_answered_with_rst);
	tcase_add_test(tc, test_synsent_bad_ack_with_rst_is_dropped_silently);
	tcase_add_test(tc, test_synsent_rst_with_good_ack_refuses_the_connection);
	tcase_add_test(tc, test_synsent_ignores_ack_only_rst_only_and_flagless);
	tcase_add_test(tc, test_synsent_synack_with_bad_tsecr_is_reset);
	tcase_add_test(tc, test_bare_syn_in_synsent_is_simultaneous_open);
	tcase_add_test(tc, test_final_ack_delayed_in_pingpong_mode);
	tcase_add_test(tc, test_handshake_after_two_retransmissions_starts_with_cwnd_1);
	tcase_add_test(tc, test_connect_argument_errors_in_linux_order);
	tcase_add_test(tc, test_route_errors_are_synchronous);
	tcase_add_test(tc, test_second_connect_while_connecting_is_ealready);
	tcase_add_test(tc, test_reconnect_after_refusal_reuses_isn_plus_3);
	tcase_add_test(tc, test_sndtimeo_expiry_returns_einprogress);
	tcase_add_test(tc, test_signal_without_sa_restart_is_eintr);
	tcase_add_test(tc, test_signal_with_sa_restart_waits_again);
	tcase_add_test(tc, test_close_in_synsent_then_late_synack_gets_rst);
	tcase_add_test(tc, test_poll_reports_error_after_refusal_and_so_error_clears);
	tcase_add_test(tc, test_tcp_maxseg_lowers_the_syn_mss);
	tcase_add_test(tc, test_keepalive_timer_armed_at_establishment);
	tcase_add_test(tc, test_connect_trace_contains_the_kernel_chain);
	tcase_add_test(tc, test_hostile_frames_are_dropped_safely);
	suite_add_tcase(s, tc);

	tc = tcase_create("no-route");
	tcase_add_checked_fixture(tc, kmt_setup_one, kmt_teardown);
	tcase_add_test(tc, test_no_route_at_all_is_enetunreach);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(connect_suite());
}
