// SPDX-License-Identifier: GPL-2.0
/*
 * connect() and handshake cases of Linux 5.0 that no other suite pins
 * down, each against the 5.0.1 line that decides it. The host under test
 * is 10.0.0.1 on a test wire; this test is the peer 10.0.0.2, reading what
 * the host sends and injecting answers, in virtual time.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <poll.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "kmtest.h"
#include "kt.h"

#define PEER_PORT	80
#define PEER_ISN	1500000000u

static long establish(struct km_seg *syn, struct km_seg *sa)
{
	struct km_seg ack;
	long fd = kmt_start_connect(PEER_PORT, syn);

	kmt_synack_for(syn, sa, PEER_ISN);
	kmt_wire_inject(sa, 0);
	kmt_wire_expect(&ack);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	return fd;
}

static long connect_unspec(int fd)
{
	struct sockaddr_in u = { .sin_family = AF_UNSPEC };

	return km_connect(T.app, fd, &u, sizeof(u));
}

/*
 * AF_UNSPEC on an established socket: __inet_stream_connect calls
 * disconnect (af_inet.c:624); tcp_disconnect sends an RST from ESTABLISHED
 * (tcp.c:2549-2555, tcp_need_reset), sets sk_err = ECONNRESET (tcp.c:2556),
 * moves write_seq on by max_window + 2 (tcp.c:2577) and releases the
 * port; connect() returns 0, SS_UNCONNECTED (af_inet.c:625).
 */
START_TEST(test_af_unspec_on_established_resets_and_releases_the_port)
{
	struct km_seg syn, sa, rst;
	long fd = establish(&syn, &sa);
	unsigned long long ws = kmt_field_u(T.app, (int)fd, "sock", "write_seq");
	unsigned long long mw = kmt_field_u(T.app, (int)fd, "sock", "max_window");

	kmt_step("1. connect(AF_UNSPEC) returns 0");
	kmt_assert_ret(connect_unspec((int)fd), 0);
	kmt_step("2. an RST|ACK at snd_nxt goes to the peer");
	kmt_wire_expect(&rst);
	ck_assert_msg(rst.flags == (KM_TH_RST | KM_TH_ACK),
		      "expected RST|ACK, got flags %#x", rst.flags);
	ck_assert_uint_eq(rst.seq, syn.seq + 1);
	ck_assert_uint_eq(rst.ack, PEER_ISN + 1);
	kmt_step("3. the socket is closed, unconnected, its port released");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "sk_err"), ECONNRESET);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "inet_num"), 0);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "inet_dport"), 0);
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "write_seq") ==
		      ((ws + mw + 2) & 0xffffffffULL),
		      "write_seq: expected %llu + max_window %llu + 2", ws, mw);
}
END_TEST

/* From SYN_SENT: no RST (tcp_need_reset is false for SYN_SENT,
 * tcp.c:2494), but sk_err = ECONNRESET all the same (tcp.c:2558). */
START_TEST(test_af_unspec_in_synsent_sends_nothing_and_sets_econnreset)
{
	struct km_seg syn;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	kmt_assert_ret(connect_unspec((int)fd), 0);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "sk_err"), ECONNRESET);
	kmt_step("the retransmission timer is gone: nothing after 1 s");
	kmt_advance_ms(1500);
	kmt_wire_expect_none();
}
END_TEST

/*
 * The socket state is checked before the address (af_inet.c:630): an
 * AF_INET6 address on a connected socket is EISCONN (:635), not EAFNOSUPPORT;
 * a listening socket (SS_UNCONNECTED, sk_state LISTEN) is EISCONN too
 * (af_inet.c:645-647).
 */
START_TEST(test_state_is_checked_before_the_address)
{
	struct km_seg syn, sa;
	long fd = establish(&syn, &sa), lfd;
	struct { unsigned short family; char rest[26]; } six = { .family = AF_INET6 };
	struct sockaddr_in any = kmt_addr("0.0.0.0", 8080), peer = kmt_addr(KMT_PEER, 81);

	kmt_step("1. a non-blocking connect that completed: the next connect() "
		 "returns 0 whatever the address, and marks SS_CONNECTED (af_inet.c:699)");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_CONNECTING");
	kmt_assert_ret(km_connect(T.app, (int)fd, &six, sizeof(six)), 0);
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_CONNECTED");
	kmt_step("2. AF_INET6 address on a connected socket: EISCONN");
	kmt_assert_ret(km_connect(T.app, (int)fd, &six, sizeof(six)), -EISCONN);
	kmt_step("3. connect() on a listening socket");
	lfd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	kmt_assert_ret(km_bind(T.app, (int)lfd, &any, sizeof(any)), 0);
	kmt_assert_ret(km_listen(T.app, (int)lfd, 4), 0);
	kmt_assert_ret(km_connect(T.app, (int)lfd, &peer, sizeof(peer)), -EISCONN);
}
END_TEST

/*
 * A destination of 0.0.0.0 means this host: ip_route_output_key_hash_rcu
 * makes daddr = saddr = 127.0.0.1 and the loopback device
 * (route.c:2420-2425), so connect() reaches a local listener.
 */
START_TEST(test_daddr_zero_goes_to_loopback)
{
	struct sockaddr_in any = kmt_addr("0.0.0.0", 9000), zero = kmt_addr("0.0.0.0", 9000);
	long lfd = km_socket(T.root, AF_INET, SOCK_STREAM, 0);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in peer;
	int len = sizeof(peer);

	kmt_assert_ret(km_bind(T.root, (int)lfd, &any, sizeof(any)), 0);
	kmt_assert_ret(km_listen(T.root, (int)lfd, 4), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &zero, sizeof(zero)), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_assert_ret(km_getpeername(T.app, (int)fd, &peer, &len), 0);
	ck_assert_msg(peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		      "peer address: expected 127.0.0.1, got %#x", ntohl(peer.sin_addr.s_addr));
	kmt_wire_expect_none();
}
END_TEST

/*
 * A signal while a blocking connect() waits with a finite SO_SNDTIMEO:
 * sock_intr_errno(timeo) is EINTR because timeo is not
 * MAX_SCHEDULE_TIMEOUT (include/net/sock.h:2268, af_inet.c:683).
 */
START_TEST(test_signal_with_finite_sndtimeo_is_eintr_even_with_sa_restart)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct timeval tv = { .tv_sec = 10 };
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), 0);
	km_task_sigaction(T.app, SIGALRM, true, true);
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_advance_ms(300);
	km_task_kill(T.app, SIGALRM);
	km_world_settle(T.w);
	ck_assert(km_call_done(T.app));
	kmt_assert_ret(km_call_result(T.app), -EINTR);
	ck_assert_uint_eq(km_task_restarts(T.app), 0);
}
END_TEST

/*
 * A refused non-blocking connect whose error SO_ERROR already read: the
 * next connect() finds sk_state CLOSE and sock_error() 0, so it answers
 * ECONNABORTED (af_inet.c:705) and the socket is unconnected again.
 */
START_TEST(test_connect_after_so_error_cleared_the_refusal_is_econnaborted)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg syn, rst;
	long fd = kmt_start_connect(PEER_PORT, &syn);
	int err = 0, len = sizeof(err);

	kmt_seg_from_peer(&rst, PEER_PORT, syn.sport);
	rst.flags = KM_TH_RST | KM_TH_ACK;
	rst.seq = 0;
	rst.ack = syn.seq + 1;
	rst.window = 0;
	kmt_wire_inject(&rst, 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_step("1. SO_ERROR reads ECONNREFUSED and clears it");
	kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_ERROR, &err, &len), 0);
	ck_assert_int_eq(err, ECONNREFUSED);
	kmt_step("2. connect() again: ECONNABORTED");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ECONNABORTED);
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
}
END_TEST

/* The SYN's window over loopback: MTU 65536 gives advmss 65495 and the
 * space rounds down to one MSS, 65495 (tcp_select_initial_window,
 * tcp_output.c:218). */
START_TEST(test_syn_window_over_loopback_is_65495)
{
	struct sockaddr_in lo = kmt_addr("127.0.0.1", 9001);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	km_connect(T.app, (int)fd, &lo, sizeof(lo));
	kmt_assert_field(T.app, (int)fd, "sock", "advmss", "65495");
	kmt_assert_field(T.app, (int)fd, "sock", "rcv_wnd", "65495");
}
END_TEST

static void assert_syn_options(const struct km_seg *syn, const uint8_t *want,
			       unsigned int n, unsigned int tspos)
{
	char got[200] = "", exp[200] = "";
	unsigned int i;

	for (i = 0; i < syn->opt_len && i < 40; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%02x ", syn->opt[i]);
	for (i = 0; i < n; i++)
		snprintf(exp + strlen(exp), sizeof(exp) - strlen(exp), "%02x ", want[i]);
	ck_assert_msg(syn->opt_len == n, "[%s] %u option bytes, expected %u:\n got %s\n exp %s",
		      T.step, syn->opt_len, n, got, exp);
	for (i = 0; i < n; i++)
		if (!(tspos && i >= tspos && i < tspos + 4))
			ck_assert_msg(syn->opt[i] == want[i],
				      "[%s] option byte %u:\n got %s\n exp %s", T.step, i, got, exp);
	ck_assert_uint_eq(syn->doff, 5 + n / 4);
}

/* Option layouts when timestamps or SACK are off (tcp_options_write,
 * tcp_output.c:454; the NOP padding at :481 and :498). */
START_TEST(test_syn_options_without_timestamps)
{
	static const uint8_t want[] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7 };
	struct km_seg syn;

	km_sysctl_set(T.h, "net.ipv4.tcp_timestamps", 0);
	kmt_start_connect(PEER_PORT, &syn);
	assert_syn_options(&syn, want, sizeof(want), 0);
}
END_TEST

START_TEST(test_syn_options_without_sack)
{
	static const uint8_t want[] = { 2, 4, 0x05, 0xb4, 1, 1, 8, 10, 0, 0, 0, 0,
					0, 0, 0, 0, 1, 3, 3, 7 };
	struct km_seg syn;

	km_sysctl_set(T.h, "net.ipv4.tcp_sack", 0);
	kmt_start_connect(PEER_PORT, &syn);
	assert_syn_options(&syn, want, sizeof(want), 8);
	ck_assert_uint_eq(syn.tsecr, 0);
}
END_TEST

START_TEST(test_syn_options_without_timestamps_sack_or_window_scaling)
{
	static const uint8_t want[] = { 2, 4, 0x05, 0xb4 };
	struct km_seg syn;

	km_sysctl_set(T.h, "net.ipv4.tcp_timestamps", 0);
	km_sysctl_set(T.h, "net.ipv4.tcp_sack", 0);
	km_sysctl_set(T.h, "net.ipv4.tcp_window_scaling", 0);
	kmt_start_connect(PEER_PORT, &syn);
	assert_syn_options(&syn, want, sizeof(want), 0);
}
END_TEST

/* bind() to a port, then connect(): __inet_hash_connect uses the bound
 * port as it is (inet_hashtables.c:645, the sole-owner fast path). */
START_TEST(test_bind_then_connect_keeps_the_bound_port)
{
	struct sockaddr_in me = kmt_addr("0.0.0.0", 45678), a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct km_seg syn;

	kmt_assert_ret(km_bind(T.app, (int)fd, &me, sizeof(me)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	ck_assert_uint_eq(syn.sport, 45678);
}
END_TEST

/* The retransmission backoff is capped at TCP_RTO_MAX, 120 s
 * (inet_csk_reset_xmit_timer's clamp, include/net/inet_connection_sock.h:227;
 * tcp_retransmit_timer, tcp_timer.c:562). With 9 retries: 1, 2, 4, ...,
 * 64 s, then 120 s twice. */
START_TEST(test_syn_backoff_is_capped_at_120_s)
{
	static const int gap[] = { 1, 2, 4, 8, 16, 32, 64, 120, 120 };
	struct km_seg syn, s;
	long long last;
	unsigned int i;

	km_sysctl_set(T.h, "net.ipv4.tcp_syn_retries", 9);
	kmt_start_connect(PEER_PORT, &syn);
	last = kmt_now_ms();
	for (i = 0; i < sizeof(gap) / sizeof(gap[0]); i++) {
		kmt_step("retransmission %u, %d s after the previous", i + 1, gap[i]);
		kmt_advance_ms(gap[i] * 1000LL - 1);
		ck_assert_msg(!kmt_wire_next(&s), "[%s] sent 1 ms early", T.step);
		kmt_advance_ms(1);
		kmt_wire_expect(&s);
		ck_assert_uint_eq(s.seq, syn.seq);
		ck_assert_uint_eq(kmt_now_ms() - last, gap[i] * 1000LL);
		last = kmt_now_ms();
	}
}
END_TEST

/*
 * After a simultaneous open (SYN_RECV), a segment with SYN set reaches
 * tcp_validate_incoming's "step 4" (tcp_input.c:5451-5459): a challenge
 * ACK, and the segment is dropped.
 */
START_TEST(test_synack_in_syn_recv_gets_a_challenge_ack)
{
	struct km_seg syn, peer_syn, synack, sa, ch;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	kmt_step("1. a bare SYN crosses ours: simultaneous open, SYN_RECV");
	kmt_seg_from_peer(&peer_syn, PEER_PORT, syn.sport);
	peer_syn.flags = KM_TH_SYN;
	peer_syn.seq = PEER_ISN;
	peer_syn.window = 64240;
	peer_syn.mss = 1460;
	peer_syn.sack_perm = true;
	peer_syn.ts = true;
	peer_syn.tsval = 9000;
	peer_syn.wscale = 7;
	kmt_wire_inject(&peer_syn, 0);
	kmt_wire_expect(&synack);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_RECV");
	kmt_step("2. then the peer's SYN-ACK: answered with a challenge ACK");
	kmt_synack_for(&syn, &sa, PEER_ISN);
	sa.tsval = 9001;
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ch);
	ck_assert_msg(ch.flags == KM_TH_ACK, "expected a bare ACK, got flags %#x", ch.flags);
	ck_assert_uint_eq(ch.seq, syn.seq + 1);
	ck_assert_uint_eq(ch.ack, PEER_ISN + 1);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_RECV");
}
END_TEST

/*
 * The host's own RST to a segment without ACK, for a port with no socket
 * (tcp_v4_send_reset, tcp_ipv4.c:653): seq 0, ACK set, ack = seq + SYN +
 * FIN + payload; doff 5, window 0; TOS copied from the segment
 * (ip_send_unicast_reply via arg.tos, tcp_ipv4.c:771), DF, TTL 64, ID 0.
 */
START_TEST(test_rst_to_a_syn_for_a_closed_port_is_exact)
{
	struct km_seg syn, rst, want;

	km_seg_init_tcp(&syn, T.peer, 33333, T.client, 7777);
	syn.flags = KM_TH_SYN;
	syn.seq = 123456;
	syn.window = 64240;
	syn.tos = 0x28;
	syn.mss = 1460;
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&rst);
	km_seg_init_tcp(&want, T.client, 7777, T.peer, 33333);
	want.flags = KM_TH_RST | KM_TH_ACK;
	want.seq = 0;
	want.ack = 123457;
	want.window = 0;
	want.tos = 0x28;
	want.ttl = 64;
	want.df = true;
	want.ip_id = 0;
	want.ip_tot_len = 40;
	kmt_assert_seg(&want, &rst, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ | KMT_F_ACK |
		       KMT_F_FLAGS | KMT_F_WIN | KMT_F_TOS | KMT_F_TTL | KMT_F_DF |
		       KMT_F_ID | KMT_F_LEN | KMT_F_OPTS);
}
END_TEST

/*
 * A peer without window scaling: both scales are 0 (tcp_rcv_synsent_
 * state_process, tcp_input.c:5853), the window is not scaled, and the
 * window clamp stays within 65535 (tcp_input.c:5854); header prediction is
 * on because snd_wscale is 0 (tcp_finish_connect,
 * tcp_input.c:5696).
 */
START_TEST(test_peer_without_window_scaling)
{
	struct km_seg syn, sa, ack;
	long fd = kmt_start_connect(PEER_PORT, &syn);

	kmt_synack_for(&syn, &sa, PEER_ISN);
	sa.wscale = -1;
	sa.window = 29200;
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ack);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "rx_opt.snd_wscale"), 0);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "rx_opt.rcv_wscale"), 0);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "snd_wnd"), 29200);
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "window_clamp") <= 65535,
		      "window_clamp %llu > 65535",
		      kmt_field_u(T.app, (int)fd, "sock", "window_clamp"));
	kmt_step("the final ACK's window is not scaled");
	ck_assert_msg(ack.window > 502, "final ACK window %u looks scaled", ack.window);
	kmt_step("header prediction is on (snd_wscale 0)");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "pred_flags") != 0,
		      "pred_flags: expected the fast path on, got 0");
}
END_TEST

/* With window scaling, tcp_finish_connect leaves header prediction off
 * (pred_flags 0) until the first ACK (tcp_input.c:5698). */
START_TEST(test_peer_with_window_scaling_leaves_header_prediction_off)
{
	struct km_seg syn, sa;
	long fd = establish(&syn, &sa);

	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "rx_opt.snd_wscale"), 7);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "pred_flags"), 0);
}
END_TEST

/*
 * TCP_DEFER_ACCEPT on the connecting socket delays the final ACK
 * (rskq_defer_accept, tcp_input.c:5891): scheduled, quick-ack mode, the
 * delayed-ACK timer (TCP_DELACK_MAX, 200 ms) sends it.
 */
START_TEST(test_defer_accept_delays_the_final_ack)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int secs = 5;
	struct km_seg syn, sa, ack;

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
				     &secs, sizeof(secs)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	kmt_synack_for(&syn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_step("no ACK at once");
	kmt_wire_expect_none();
	kmt_advance_ms(199);
	kmt_wire_expect_none();
	kmt_advance_ms(1);
	kmt_step("the delayed-ACK timer sends it at 200 ms");
	kmt_wire_expect(&ack);
	ck_assert_uint_eq(ack.flags, KM_TH_ACK);
	ck_assert_uint_eq(ack.ack, PEER_ISN + 1);
}
END_TEST

/* The port __inet_hash_connect tries first for dport with hint `hint`:
 * low + ((hint + port_offset) % 28232 & ~1), port_offset =
 * siphash(saddr, daddr, dport; net_secret) (inet_hashtables.c:661-671,
 * secure_seq.c:145). */
static uint16_t first_port(int dport, uint32_t hint)
{
	uint8_t secret[16];
	uint32_t off;

	ck_assert_int_eq(km_host_secret(T.h, "net_secret", secret, 16), 0);
	off = (uint32_t)km_siphash_3u32(T.client, T.peer, htons(dport), secret);
	return (uint16_t)(32768 + (((hint + off) % 28232) & ~1u));
}

/*
 * The port walk skips a port whose bind bucket was made by bind()
 * (fastreuse >= 0, inet_hashtables.c:687-688) and a reserved port
 * (inet_is_local_reserved_port, inet_hashtables.c:675); after a success
 * the hint moves on by i + 2 (inet_hashtables.c:719).
 */
START_TEST(test_port_walk_skips_bound_and_reserved_ports)
{
	struct sockaddr_in b;
	struct km_seg s1, s2, s3;
	uint16_t p2, p3;
	long bfd;

	kmt_step("1. a first connect draws the secret; hint becomes 2");
	kmt_start_connect(81, &s1);
	ck_assert_uint_eq(s1.sport, first_port(81, 0));
	kmt_step("2. another socket bind()s the port the next walk starts at");
	p2 = first_port(82, 2);
	b = kmt_addr("0.0.0.0", p2);
	bfd = km_socket(T.root, AF_INET, SOCK_STREAM, 0);
	kmt_assert_ret(km_bind(T.root, (int)bfd, &b, sizeof(b)), 0);
	kmt_start_connect(82, &s2);
	ck_assert_msg(s2.sport == (uint16_t)(p2 + 2), "expected port %u (bound %u skipped), got %u",
		      p2 + 2, p2, s2.sport);
	kmt_step("3. the hint moved by i + 2 = 4; the next start port is reserved");
	p3 = first_port(83, 6);
	{
		char name[64];

		snprintf(name, sizeof(name), "net.ipv4.ip_local_reserved_ports[%u]", p3);
		ck_assert_int_eq(km_sysctl_set(T.h, name, 1), 0);
	}
	kmt_start_connect(83, &s3);
	ck_assert_msg(s3.sport == (uint16_t)(p3 + 2), "expected port %u (reserved %u skipped), got %u",
		      p3 + 2, p3, s3.sport);
}
END_TEST

/*
 * The SYN-ACK's window: tcp_openreq_init_rwin hands the full space (65536)
 * and the MSS less the timestamp option if the SYN asked for timestamps
 * (tcp_minisocks.c:381-382), and the window is rounded down to whole
 * segments (tcp_output.c:218): 45 x 1448 = 65160 with timestamps, 44 x
 * 1460 = 64240 without.
 */
START_TEST(test_synack_window_is_whole_segments_of_the_mss_in_use)
{
	struct sockaddr_in any = kmt_addr("0.0.0.0", 8080);
	long lfd = km_socket(T.root, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct km_seg syn, sa;
	int ts;

	kmt_assert_ret(km_bind(T.root, (int)lfd, &any, sizeof(any)), 0);
	kmt_assert_ret(km_listen(T.root, (int)lfd, 16), 0);
	for (ts = 1; ts >= 0; ts--) {
		unsigned int mss = ts ? 1448 : 1460;

		kmt_step("a SYN %s timestamps", ts ? "with" : "without");
		km_seg_init_tcp(&syn, T.peer, (uint16_t)(50000 + ts), T.client, 8080);
		syn.flags = KM_TH_SYN;
		syn.seq = 4242;
		syn.window = 64240;
		syn.mss = 1460;
		syn.ts = ts;
		syn.tsval = 77;
		syn.wscale = 7;
		kmt_wire_inject(&syn, 0);
		kmt_wire_expect(&sa);
		ck_assert_msg(sa.window == 65536 / mss * mss,
			      "[%s] SYN-ACK window: expected %u (%u x %u), got %u", T.step,
			      65536 / mss * mss, 65536 / mss, mss, sa.window);
	}
}

/*
 * What changes under a connect() in progress (another CPU, an
 * administrator) is made to happen at the right moment from the host's
 * allocation hook: at the first allocation from `cache` in the calling
 * task, the routes are withdrawn or eth0 goes down (tests/kern/kt_net.c).
 */
struct change_at {
	const char	*cache;
	int		fd;
	bool		eth0_down;	/* else: the routes are withdrawn */
	bool		done;
};

static bool change_under_connect(void *ctx, const char *cache, const void *site,
				 bool in_irq)
{
	struct change_at *c = ctx;

	(void)site;
	if (c->done || in_irq || strcmp(cache, c->cache))
		return false;
	c->done = true;
	if (c->eth0_down)
		ck_assert_int_eq(kt_dev_set_up(T.h, "eth0", 0), 0);
	else
		ck_assert_int_gt(kt_route_withdraw(T.app, c->fd), 0);
	return false;
}

/*
 * The routes go while connect() picks its port (inet_hash_connect
 * allocates the bind bucket): with the source port now known,
 * ip_route_newports looks the route up again, finds none, and connect()
 * fails with that lookup's ENETUNREACH (tcp_ipv4.c:285-290). The socket
 * is closed again, its port released (tcp_ipv4.c:322-330); nothing is sent
 * and no active open is counted.
 */
START_TEST(test_route_gone_while_the_port_is_chosen_is_enetunreach)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct change_at c = { .cache = "tcp_bind_bucket" };
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	c.fd = (int)fd;
	kmt_step("connect() while the routes are withdrawn under it");
	km_host_set_fault(T.h, change_under_connect, &c);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ENETUNREACH);
	km_host_set_fault(T.h, NULL, NULL);
	ck_assert_msg(c.done, "no bind bucket was allocated during connect()");
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "inet_num"), 0);
	ck_assert_int_eq(km_host_mib(T.h, "TcpActiveOpens"), 0);
}
END_TEST

/* A trace consumer that withdraws the routes when tcp_connect reaches its
 * route check (the step citing tcp_output.c:3513), as a route deletion on
 * another CPU would at that instant. */
static void withdraw_at_rebuild(void *ctx, const struct km_event *ev)
{
	struct change_at *c = ctx;

	if (c->done || ev->type != KM_EV_STEP || !ev->site || !ev->site->linux_ref ||
	    strcmp(ev->site->linux_ref, "net/ipv4/tcp_output.c:3513"))
		return;
	c->done = true;
	ck_assert_int_gt(kt_route_withdraw(T.app, c->fd), 0);
}

/*
 * The route goes between tcp_v4_connect's lookup and tcp_connect: its
 * rebuild_header finds the socket's route obsolete, looks again, finds
 * none (its ENETUNREACH kept in sk_err_soft, af_inet.c:1271), and
 * tcp_connect fails with EHOSTUNREACH (tcp_output.c:3513-3514); the socket
 * is closed again (tcp_ipv4.c:322-327), nothing is sent, no active open
 * is counted (tcp_output.c:3550 is not reached).
 */
START_TEST(test_route_gone_before_the_syn_is_ehostunreach)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct change_at c = { 0 };
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	int sub;

	ck_assert_int_ge(fd, 0);
	c.fd = (int)fd;
	kmt_step("connect() while the routes are withdrawn at tcp_connect's check");
	sub = km_trace_subscribe(T.w, withdraw_at_rebuild, &c);
	ck_assert_int_ge(sub, 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EHOSTUNREACH);
	km_trace_unsubscribe(T.w, sub);
	ck_assert_msg(c.done, "tcp_connect's route check was never reached");
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "sk_err_soft"), ENETUNREACH);
	ck_assert_int_eq(km_host_mib(T.h, "TcpActiveOpens"), 0);
}
END_TEST

/* A trace consumer that takes the socket's error as another thread's
 * getsockopt(SO_ERROR) would, right after tcp_reset() returns: the
 * sleeping connect() has been woken but has not run again yet. */
static void take_error_after_reset(void *ctx, const struct km_event *ev)
{
	struct change_at *c = ctx;

	if (c->done || ev->type != KM_EV_EXIT || !ev->site ||
	    strcmp(ev->site->func, "tcp_reset"))
		return;
	c->done = true;
	ck_assert_int_eq(kt_sock_take_error(T.app, c->fd), ECONNREFUSED);
}

/*
 * A blocking connect() woken by an RST, whose error another thread takes
 * (SO_ERROR) before the sleeper runs again: it finds the socket in CLOSE
 * with no error and returns ECONNABORTED (af_inet.c:691-692, 705), the
 * socket SS_UNCONNECTED again (af_inet.c:706).
 */
START_TEST(test_woken_in_close_without_an_error_is_econnaborted)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct change_at c = { 0 };
	struct km_seg syn, rst;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	int sub;

	ck_assert_int_ge(fd, 0);
	c.fd = (int)fd;
	kmt_step("a blocking connect() sleeps in SYN_SENT");
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	ck_assert(!km_call_done(T.app));
	kmt_wire_expect(&syn);
	kmt_step("the RST wakes it; its error is taken before it runs");
	kmt_seg_from_peer(&rst, PEER_PORT, syn.sport);
	rst.flags = KM_TH_RST | KM_TH_ACK;
	rst.seq = 0;
	rst.ack = syn.seq + 1;
	rst.window = 0;
	sub = km_trace_subscribe(T.w, take_error_after_reset, &c);
	ck_assert_int_ge(sub, 0);
	kmt_wire_inject(&rst, 0);
	kmt_advance_ms(1);
	km_trace_unsubscribe(T.w, sub);
	ck_assert_msg(c.done, "tcp_reset() never ran");
	ck_assert_msg(km_call_done(T.app), "connect() is still asleep");
	kmt_assert_ret(km_call_result(T.app), -ECONNABORTED);
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
}
END_TEST

/*
 * A SYN the device cannot send (eth0 goes down as tcp_connect builds it):
 * __dev_queue_xmit fails with ENETDOWN (dev.c:3848, 3884), and tcp_connect
 * ignores every transmit error but ECONNREFUSED (tcp_output.c:3537-3538):
 * the SYN stays queued, connect() is in progress, the active open counts
 * and the retransmission timer is armed (tcp_output.c:3550-3554). With
 * eth0 up again the timer sends the SYN 1 s later, same ISN, and the
 * handshake completes.
 */
START_TEST(test_syn_the_device_cannot_send_is_resent_by_the_timer)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct change_at c = { .cache = "skbuff_fclone_cache", .eth0_down = true };
	struct km_seg syn, sa, ack;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_int_ge(fd, 0);
	c.fd = (int)fd;
	kmt_step("non-blocking connect() with eth0 going down under it");
	km_host_set_fault(T.h, change_under_connect, &c);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	km_host_set_fault(T.h, NULL, NULL);
	ck_assert_msg(c.done, "no skb was allocated during connect()");
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	ck_assert_int_eq(km_host_mib(T.h, "TcpActiveOpens"), 1);

	kmt_step("eth0 up again: the retransmission timer sends the SYN at 1 s");
	ck_assert_int_eq(kt_dev_set_up(T.h, "eth0", 1), 0);
	kmt_advance_ms(999);
	kmt_wire_expect_none();
	kmt_advance_ms(1);
	kmt_wire_expect(&syn);
	ck_assert_msg(syn.flags == KM_TH_SYN, "[%s] expected a SYN, flags %#x", T.step,
		      syn.flags);
	kmt_synack_for(&syn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ack);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
}
END_TEST
END_TEST

static Suite *cases_suite(void)
{
	Suite *s = suite_create("connect_cases");
	TCase *tc = tcase_create("cases");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_add_test(tc, test_af_unspec_on_established_resets_and_releases_the_port);
	tcase_add_test(tc, test_af_unspec_in_synsent_sends_nothing_and_sets_econnreset);
	tcase_add_test(tc, test_state_is_checked_before_the_address);
	tcase_add_test(tc, test_daddr_zero_goes_to_loopback);
	tcase_add_test(tc, test_signal_with_finite_sndtimeo_is_eintr_even_with_sa_restart);
	tcase_add_test(tc, test_connect_after_so_error_cleared_the_refusal_is_econnaborted);
	tcase_add_test(tc, test_syn_window_over_loopback_is_65495);
	tcase_add_test(tc, test_syn_options_without_timestamps);
	tcase_add_test(tc, test_syn_options_without_sack);
	tcase_add_test(tc, test_syn_options_without_timestamps_sack_or_window_scaling);
	tcase_add_test(tc, test_bind_then_connect_keeps_the_bound_port);
	tcase_add_test(tc, test_syn_backoff_is_capped_at_120_s);
	tcase_add_test(tc, test_synack_in_syn_recv_gets_a_challenge_ack);
	tcase_add_test(tc, test_rst_to_a_syn_for_a_closed_port_is_exact);
	tcase_add_test(tc, test_peer_without_window_scaling);
	tcase_add_test(tc, test_peer_with_window_scaling_leaves_header_prediction_off);
	tcase_add_test(tc, test_defer_accept_delays_the_final_ack);
	tcase_add_test(tc, test_port_walk_skips_bound_and_reserved_ports);
	tcase_add_test(tc, test_synack_window_is_whole_segments_of_the_mss_in_use);
	tcase_add_test(tc, test_route_gone_while_the_port_is_chosen_is_enetunreach);
	tcase_add_test(tc, test_route_gone_before_the_syn_is_ehostunreach);
	tcase_add_test(tc, test_woken_in_close_without_an_error_is_econnaborted);
	tcase_add_test(tc, test_syn_the_device_cannot_send_is_resent_by_the_timer);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(cases_suite());
}
