// SPDX-License-Identifier: GPL-2.0
/*
 * TCP orderly close and TIME_WAIT, packet-exact on the test wire: each
 * close order (we close first, the peer closes first, both at once), the
 * aborts (SO_LINGER 0, unread data), the timewait sock's answers (a
 * retransmitted FIN, an RST, a new SYN, a segment in FIN_WAIT2), its
 * timer and the connect() port walk meeting it (tcp_tw_reuse), and the
 * bad-input cases of the closing states. Each test cites the Linux 5.0.1
 * lines it checks; docs/behaviour.md lists them.
 */
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <netinet/tcp.h>
#include "kmtest.h"

#define PEER_PORT	80
#define PEER_ISN	1000000000u
#define CLI_PORT	40000
#define CLI_ISN		2000000000u
#define PEER_TSVAL	7777u
#define MS		1000000LL

/* ---- the active side: this host connects to 10.0.0.2:80 ---- */

struct conn {
	long		fd;
	uint32_t	iss;		/* our ISN */
	uint16_t	sport;		/* our port */
	uint16_t	pport;		/* the peer's port */
	uint32_t	snd;		/* our next sequence number */
	uint32_t	rcv;		/* the peer's next sequence number */
	uint32_t	tsval;		/* the peer's next TSval */
	bool		ts;		/* timestamps negotiated */
	char		sock[32];	/* the sock's trace name, "sock#3" */
};

/* connect() and complete the handshake with a Linux-like SYN-ACK. */
static void establish(struct conn *c)
{
	struct km_seg syn, sa, ack;

	c->fd = kmt_start_connect(PEER_PORT, &syn);
	kmt_synack_for(&syn, &sa, PEER_ISN);
	sa.tsval = PEER_TSVAL;
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ack);
	ck_assert_uint_eq(ack.flags, KM_TH_ACK);
	c->iss = syn.seq;
	c->sport = syn.sport;
	c->pport = PEER_PORT;
	c->snd = syn.seq + 1;
	c->rcv = PEER_ISN + 1;
	c->tsval = PEER_TSVAL + 1;
	c->ts = syn.ts;
	ck_assert_int_eq(km_fd_obj_name(T.app, (int)c->fd, "sock", c->sock,
					sizeof(c->sock)), 0);
	kmt_assert_field(T.app, (int)c->fd, "sock", "sk_state", "TCP_ESTABLISHED");
}

/* The passive side: a listener on :80 (SO_REUSEADDR if asked) accepts the
 * peer's connection from CLI_PORT; returns the listener. */
static long accept_conn_reuse(struct conn *c, int reuse)
{
	struct task_struct *t = T.root;
	struct km_seg syn, sa, a;
	struct sockaddr_in any = kmt_addr("0.0.0.0", PEER_PORT);
	long lfd = km_socket(t, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	kmt_assert_ret(km_setsockopt(t, (int)lfd, SOL_SOCKET, SO_REUSEADDR, &reuse,
				     sizeof(reuse)), 0);
	kmt_assert_ret(km_bind(t, (int)lfd, &any, sizeof(any)), 0);
	kmt_assert_ret(km_listen(t, (int)lfd, 128), 0);

	kmt_client_syn(&syn, CLI_PORT, PEER_PORT, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	kmt_seg_from_peer(&a, CLI_PORT, PEER_PORT);
	a.flags = KM_TH_ACK;
	a.seq = CLI_ISN + 1;
	a.ack = sa.seq + 1;
	a.window = 502;
	a.ts = true;
	a.tsval = syn.tsval + 1;
	a.tsecr = sa.tsval;
	kmt_wire_inject(&a, 0);
	c->fd = km_accept4(t, (int)lfd, NULL, NULL, 0);
	ck_assert_msg(c->fd >= 0, "accept: %s", kmt_errname(c->fd));
	c->iss = sa.seq;
	c->sport = PEER_PORT;
	c->pport = CLI_PORT;
	c->snd = sa.seq + 1;
	c->rcv = CLI_ISN + 1;
	c->tsval = a.tsval + 1;
	c->ts = true;
	ck_assert_int_eq(km_fd_obj_name(t, (int)c->fd, "sock", c->sock,
					sizeof(c->sock)), 0);
	return lfd;
}

static void accept_conn(struct conn *c)
{
	accept_conn_reuse(c, 0);
}

/* A segment from the peer on this connection (ACK set, timestamps on). */
static void peer_seg(struct conn *c, struct km_seg *s, uint8_t flags,
		     uint32_t seq, uint32_t ack)
{
	kmt_seg_from_peer(s, c->pport, c->sport);
	s->flags = flags;
	s->seq = seq;
	s->ack = ack;
	s->window = 509;
	s->ts = c->ts;
	s->tsval = c->tsval++;
	s->tsecr = 1;
}

/* Expect exactly this segment from us: flags, seq, ack, window, TS echo. */
static void expect_seg(const struct conn *c, const char *what, uint8_t flags,
		       uint32_t seq, uint32_t ack, uint32_t tsecr, struct km_seg *got)
{
	struct km_seg want;

	kmt_step("%s", what);
	kmt_wire_expect(got);
	km_seg_init_tcp(&want, T.client, c->sport, T.peer, c->pport);
	want.flags = flags;
	want.seq = seq;
	want.ack = ack;
	want.window = got->window;
	kmt_assert_seg(&want, got, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ |
		       KMT_F_ACK | KMT_F_FLAGS | KMT_F_TTL | KMT_F_DF);
	ck_assert_msg(got->ts == c->ts, "[%s] timestamp option %s", T.step,
		      got->ts ? "present" : "missing");
	ck_assert_msg(!c->ts || got->tsecr == tsecr, "[%s] TSecr %u, expected %u",
		      T.step, got->tsecr, tsecr);
	ck_assert(got->ip_csum_ok && got->l4_csum_ok);
}

/* A field of a live object by its trace name; "" if it is gone. */
static const char *obj_field(const char *name, const char *field)
{
	static char buf[4][128];
	static int i;
	char *b = buf[i++ & 3];

	if (km_host_obj_field(T.h, name, field, NULL, b, 128))
		b[0] = '\0';
	return b;
}

static bool obj_alive(const char *name)
{
	return km_host_obj_field(T.h, name, "skc_state", NULL, NULL, 0) == 0;
}

#define assert_obj(name, field, expect)					\
	do {								\
		const char *_g = obj_field(name, field);		\
		ck_assert_msg(!strcmp(_g, (expect)),			\
			      "[%s] %s.%s: expected %s, got %s", T.step,	\
			      name, field, (expect), _g[0] ? _g : "(gone)"); \
	} while (0)

/* Connect, close() first: an orphan in FIN_WAIT1 whose FIN is on the wire. */
static void orphan_in_fin_wait1(struct conn *c, struct km_seg *fin)
{
	establish(c);
	kmt_assert_ret(km_close(T.app, (int)c->fd), 0);
	kmt_wire_expect(fin);
	ck_assert_uint_eq(fin->flags, KM_TH_FIN | KM_TH_ACK);
}

/* ... and the peer ACKs the FIN: a timewait sock in substate FIN_WAIT2. */
static void orphan_in_fin_wait2(struct conn *c)
{
	struct km_seg fin, s;

	orphan_in_fin_wait1(c, &fin);
	peer_seg(c, &s, KM_TH_ACK, c->rcv, c->snd + 1);
	kmt_wire_inject(&s, 0);
	assert_obj("tw#1", "tw_substate", "TCP_FIN_WAIT2");
}

/* The peer sends 4 bytes at seq/ack; we answer with a bare RST at rst_seq. */
static void data_gets_rst(struct conn *c, uint32_t seq, uint32_t ack, uint32_t rst_seq)
{
	static const uint8_t data[4] = "late";
	struct km_seg s, rst;

	peer_seg(c, &s, KM_TH_ACK | KM_TH_PSH, seq, ack);
	s.payload = data;
	s.payload_len = sizeof(data);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST);
	ck_assert_uint_eq(rst.seq, rst_seq);
}

/*
 * We close first: FIN_WAIT1 -> FIN_WAIT2 (orphan: a timewait sock in
 * substate FIN_WAIT2) -> TIME_WAIT on the peer's FIN -> gone after 60 s.
 * net/ipv4/tcp.c:2375, 2405; net/ipv4/tcp_output.c:3119;
 * net/ipv4/tcp_input.c:6156, 6194; net/ipv4/tcp_minisocks.c:144, 312;
 * net/ipv4/inet_timewait_sock.c:139, 148
 */
START_TEST(test_close_first_fin_wait1_fin_wait2_time_wait_60s)
{
	struct conn c;
	struct km_seg fin, s, ack;

	establish(&c);
	kmt_step("close(): ESTABLISHED -> FIN_WAIT1 and our FIN goes out at once");
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	expect_seg(&c, "FIN|ACK at snd_nxt, acknowledging rcv_nxt (net/ipv4/tcp_output.c:3119)",
		   KM_TH_FIN | KM_TH_ACK, c.snd, c.rcv, PEER_TSVAL, &fin);
	kmt_wire_expect_none();
	assert_obj(c.sock, "sk_state", "TCP_FIN_WAIT1");
	ck_assert_int_eq(km_host_mib(T.h, "TcpCurrEstab"), 0);

	kmt_step("the peer ACKs our FIN: the orphan becomes tw#1 in substate FIN_WAIT2 (net/ipv4/tcp_input.c:6194)");
	peer_seg(&c, &s, KM_TH_ACK, c.rcv, c.snd + 1);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	ck_assert_msg(!obj_alive(c.sock), "the full sock should be freed");
	assert_obj("tw#1", "skc_state", "TCP_TIME_WAIT");
	assert_obj("tw#1", "tw_substate", "TCP_FIN_WAIT2");

	kmt_step("the peer's FIN: ACKed from the timewait sock, now TIME_WAIT proper (net/ipv4/tcp_minisocks.c:144)");
	kmt_advance_ms(100);
	peer_seg(&c, &s, KM_TH_FIN | KM_TH_ACK, c.rcv, c.snd + 1);
	kmt_wire_inject(&s, 0);
	expect_seg(&c, "the ACK of the peer's FIN (net/ipv4/tcp_ipv4.c:885)",
		   KM_TH_ACK, c.snd + 1, c.rcv + 1, s.tsval, &ack);
	ck_assert_uint_eq(ack.window, fin.window);
	assert_obj("tw#1", "tw_substate", "TCP_TIME_WAIT");

	kmt_step("60 s later (TCP_TIMEWAIT_LEN) the timewait sock is gone (net/ipv4/inet_timewait_sock.c:148)");
	kmt_advance_ms(59 * 1000);
	ck_assert(obj_alive("tw#1"));
	kmt_advance_ms(1100);
	ck_assert(!obj_alive("tw#1"));
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTW"), 1);
	kmt_wire_expect_none();
}
END_TEST

/*
 * The peer closes first: CLOSE_WAIT, the FIN's ACK delayed (pingpong);
 * our close() sends FIN|ACK (LAST_ACK); the peer's ACK ends it (CLOSE,
 * freed, no TIME_WAIT on this side).
 * net/ipv4/tcp_input.c:4096-4097, 5197, 6210; net/ipv4/tcp.c:2375, 2405
 */
START_TEST(test_peer_closes_first_close_wait_then_last_ack)
{
	struct conn c;
	struct km_seg s, ack, fin;

	establish(&c);
	kmt_step("the peer's FIN: CLOSE_WAIT, rcv_nxt past the FIN (net/ipv4/tcp_input.c:4096)");
	peer_seg(&c, &s, KM_TH_FIN | KM_TH_ACK, c.rcv, c.snd);
	kmt_trace_start();
	kmt_wire_inject(&s, 0);
	kmt_trace_stop();
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_CLOSE_WAIT");
	ck_assert_uint_eq(kmt_field_u(T.app, (int)c.fd, "sock", "rcv_nxt"), c.rcv + 1);
	kmt_step("pingpong: the ACK is left to the delayed-ACK timer, whose ato is 0 on a connection "
		 "that carried no data, so it fires at once (net/ipv4/tcp_input.c:4097, 5197; tcp_output.c:3563)");
	kmt_assert_chain("tcp_fin", "tcp_ack_snd_check", "tcp_send_delayed_ack",
			 "tcp_delack_timer_handler", "tcp_send_ack");
	expect_seg(&c, "the ACK of the FIN", KM_TH_ACK, c.snd, c.rcv + 1, s.tsval, &ack);
	kmt_wire_expect_none();
	kmt_step("a delayed ACK that fired in pingpong mode leaves it, ato = 40 ms (net/ipv4/tcp_timer.c:299-301)");
	kmt_assert_field(T.app, (int)c.fd, "sock", "icsk_ack_pingpong", "0");
	kmt_assert_field(T.app, (int)c.fd, "sock", "icsk_ack_ato", "40 ms");

	kmt_step("close(): CLOSE_WAIT -> LAST_ACK, our FIN (net/ipv4/tcp.c:2405)");
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	expect_seg(&c, "FIN|ACK", KM_TH_FIN | KM_TH_ACK, c.snd, c.rcv + 1, s.tsval, &fin);
	assert_obj(c.sock, "sk_state", "TCP_LAST_ACK");

	kmt_step("the peer ACKs our FIN: CLOSE, the sock is freed, no timewait sock (net/ipv4/tcp_input.c:6210)");
	peer_seg(&c, &s, KM_TH_ACK, c.rcv + 1, c.snd + 1);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	ck_assert(!obj_alive(c.sock));
	ck_assert(!obj_alive("tw#1"));
}
END_TEST

/*
 * Both FINs cross: FIN_WAIT1 gets the peer's FIN -> ACK now, CLOSING;
 * the ACK of our FIN -> TIME_WAIT (60 s).
 * net/ipv4/tcp_input.c:4115-4116, 6202; net/ipv4/tcp_minisocks.c:312
 */
START_TEST(test_simultaneous_close_goes_through_closing)
{
	struct conn c;
	struct km_seg s, fin, ack;

	establish(&c);
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	expect_seg(&c, "our FIN", KM_TH_FIN | KM_TH_ACK, c.snd, c.rcv, PEER_TSVAL, &fin);
	kmt_step("the peer's FIN, not yet acknowledging ours: ACK at once, CLOSING (net/ipv4/tcp_input.c:4115)");
	peer_seg(&c, &s, KM_TH_FIN | KM_TH_ACK, c.rcv, c.snd);
	kmt_wire_inject(&s, 0);
	expect_seg(&c, "the immediate ACK of the peer's FIN", KM_TH_ACK, c.snd + 1,
		   c.rcv + 1, s.tsval, &ack);
	assert_obj(c.sock, "sk_state", "TCP_CLOSING");
	kmt_step("the ACK of our FIN: TIME_WAIT (net/ipv4/tcp_input.c:6202)");
	peer_seg(&c, &s, KM_TH_ACK, c.rcv + 1, c.snd + 1);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	ck_assert(!obj_alive(c.sock));
	assert_obj("tw#1", "tw_substate", "TCP_TIME_WAIT");
	kmt_advance_ms(60 * 1000 + 100);
	ck_assert(!obj_alive("tw#1"));
}
END_TEST

/* Unread data: close() sends RST|ACK at snd_nxt acknowledging it, no FIN;
 * TCPAbortOnClose (net/ipv4/tcp.c:2342-2349, 2366-2370). */
START_TEST(test_close_with_unread_data_sends_rst)
{
	struct conn c;
	struct km_seg s, ack, rst;
	static const uint8_t data[5] = "hello";

	establish(&c);
	peer_seg(&c, &s, KM_TH_ACK | KM_TH_PSH, c.rcv, c.snd);
	s.payload = data;
	s.payload_len = sizeof(data);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&ack);
	ck_assert_uint_eq(ack.ack, c.rcv + 5);
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	kmt_step("RST|ACK at snd_nxt, acknowledging the unread bytes (net/ipv4/tcp.c:2369-2370)");
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST | KM_TH_ACK);
	ck_assert_uint_eq(rst.seq, c.snd);
	ck_assert_uint_eq(rst.ack, c.rcv + 5);
	kmt_wire_expect_none();
	ck_assert(!obj_alive(c.sock));
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPAbortOnClose"), 1);
}
END_TEST

/* SO_LINGER {1, 0}: close() aborts with RST|ACK at snd_nxt; no FIN, no TIME_WAIT (net/ipv4/tcp.c:2373) */
START_TEST(test_linger_zero_close_sends_rst)
{
	struct conn c;
	struct km_seg rst;
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	establish(&c);
	kmt_assert_ret(km_setsockopt(T.app, (int)c.fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	kmt_step("RST|ACK at snd_nxt (net/ipv4/tcp.c:2373, tcp_disconnect)");
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST | KM_TH_ACK);
	ck_assert_uint_eq(rst.seq, c.snd);
	ck_assert_uint_eq(rst.ack, c.rcv);
	kmt_wire_expect_none();
	ck_assert(!obj_alive(c.sock));
	ck_assert(!obj_alive("tw#1"));
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPAbortOnData"), 1);
}
END_TEST

/* Close first from task t and take the connection to TIME_WAIT on our side. */
static void close_to_time_wait(struct conn *c, struct task_struct *t)
{
	struct km_seg s, fin, ack;

	kmt_assert_ret(km_close(t, (int)c->fd), 0);
	kmt_wire_expect(&fin);
	ck_assert_uint_eq(fin.flags, KM_TH_FIN | KM_TH_ACK);
	peer_seg(c, &s, KM_TH_FIN | KM_TH_ACK, c->rcv, c->snd + 1);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&ack);
	c->snd++;
	c->rcv++;
	assert_obj("tw#1", "tw_substate", "TCP_TIME_WAIT");
}

/* Reach TIME_WAIT on the active side: we connect, then close first. */
static void reach_time_wait(struct conn *c)
{
	establish(c);
	close_to_time_wait(c, T.app);
}

/*
 * A retransmitted FIN in TIME_WAIT (our ACK was lost): ACKed again and
 * the 60 s start over. net/ipv4/tcp_minisocks.c:238-241
 */
START_TEST(test_time_wait_acks_retransmitted_fin_and_restarts_timer)
{
	struct conn c;
	struct km_seg s, ack;

	reach_time_wait(&c);
	kmt_advance_ms(30 * 1000);
	kmt_step("the same FIN again: out of window (seq < rcv_nxt), so ACKed; "
		 "tw_ts_recent stays the first FIN's TSval (net/ipv4/tcp_minisocks.c:191 is not reached)");
	peer_seg(&c, &s, KM_TH_FIN | KM_TH_ACK, c.rcv - 1, c.snd);
	kmt_wire_inject(&s, 0);
	expect_seg(&c, "the ACK, again", KM_TH_ACK, c.snd, c.rcv, s.tsval - 1, &ack);
	kmt_step("the timer restarted: still there 59 s later, gone after 60 s");
	kmt_advance_ms(59 * 1000);
	ck_assert(obj_alive("tw#1"));
	kmt_advance_ms(1100);
	ck_assert(!obj_alive("tw#1"));
}
END_TEST

/*
 * An RST at rcv_nxt kills the timewait sock at once (tcp_rfc1337 0,
 * "TIME_WAIT assassination"); with tcp_rfc1337 1 it is ignored.
 * net/ipv4/tcp_minisocks.c:182-184
 */
START_TEST(test_rst_in_time_wait_kills_it_unless_rfc1337)
{
	struct conn c;
	struct km_seg s;

	reach_time_wait(&c);
	kmt_step("tcp_rfc1337 = 1: the RST is ignored");
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_rfc1337", 1), 0);
	peer_seg(&c, &s, KM_TH_RST, c.rcv, 0);
	s.ts = false;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	ck_assert(obj_alive("tw#1"));
	kmt_step("tcp_rfc1337 = 0: the RST ends TIME_WAIT (net/ipv4/tcp_minisocks.c:184)");
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_rfc1337", 0), 0);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	ck_assert(!obj_alive("tw#1"));
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTWKilled") + km_host_mib(T.h, "TcpExtTW"), 0);
}
END_TEST

/*
 * An orphan in FIN_WAIT2 (a timewait sock, substate FIN_WAIT2) gets new
 * data: the peer is told with an RST and the timewait sock ends.
 * net/ipv4/tcp_minisocks.c:139-141; net/ipv4/tcp_ipv4.c:1988
 */
START_TEST(test_data_to_orphan_in_fin_wait2_is_reset)
{
	struct conn c;

	orphan_in_fin_wait2(&c);
	kmt_step("data arrives for the closed socket: RST, seq = its ack (net/ipv4/tcp_minisocks.c:141)");
	data_gets_rst(&c, c.rcv, c.snd + 1, c.snd + 1);
	ck_assert(!obj_alive("tw#1"));
}
END_TEST

/* The peer acknowledges everything and shuts its window (zero: the ACK,
 * kept for the test to send again). */
static void shut_peer_window(const struct conn *c, struct km_seg *zero)
{
	kmt_seg_from_peer(zero, c->pport, c->sport);
	zero->flags = KM_TH_ACK;
	zero->seq = c->rcv;
	zero->ack = c->snd;
	zero->window = 0;
	zero->ts = c->ts;
	zero->tsval = c->tsval;
	kmt_wire_inject(zero, 0);
}

/*
 * The peer shuts its window and goes silent; we close. The FIN cannot go
 * (it is beyond the window), so the zero-window probe timer is armed
 * (tcp_output.c:2579-2580), at 200 ms (tcp.h:1277-1280), doubling with
 * each probe (tcp_output.c:3769-3784): a bare ACK with seq = snd_una - 1
 * (tcp_output.c:3687). An orphan gets tcp_orphan_retries (8) unanswered
 * probes, then dies (tcp_timer.c:374, 381-382): no leak.
 */
START_TEST(test_orphan_behind_a_zero_window_is_probed_then_dies)
{
	struct conn c;
	struct km_seg zero, p;
	long long at = 0, gap = 200;
	int i;

	establish(&c);
	kmt_step("the peer shuts its window; we close: no FIN can go");
	shut_peer_window(&c, &zero);
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	kmt_wire_expect_none();
	for (i = 0; i < 8; i++) {
		kmt_step("probe %d, %lld ms after the previous one", i + 1, gap);
		kmt_advance_ms(gap - 1);
		kmt_wire_expect_none();
		kmt_advance_ms(1);
		kmt_wire_expect(&p);
		ck_assert_msg(p.flags == KM_TH_ACK && p.seq == c.snd - 1 && p.ack == c.rcv &&
			      p.payload_len == 0, "[%s] expected a bare ACK seq %u ack %u, "
			      "got flags %#x seq %u ack %u len %zu", T.step, c.snd - 1, c.rcv,
			      p.flags, p.seq, p.ack, p.payload_len);
		at += gap;
		gap *= 2;
	}
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPWinProbe"), 8);
	kmt_step("no answer to 8 probes: the orphan dies %lld ms after the last", gap);
	ck_assert(obj_alive(c.sock));
	kmt_advance_ms(gap);
	kmt_wire_expect_none();
	ck_assert_msg(!obj_alive(c.sock), "[%s] the orphan should be gone", T.step);
	(void)at;
}
END_TEST

/*
 * The peer shuts its window, then opens it: the probe's answer shows the
 * open window and the FIN goes at once (tcp_input.c:3257-3259, then
 * tcp_data_snd_check); the probe timer stops.
 */
START_TEST(test_window_reopened_by_the_probe_answer_lets_the_fin_go)
{
	struct conn c;
	struct km_seg zero, p, fin;

	establish(&c);
	shut_peer_window(&c, &zero);
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	kmt_step("the first probe at 200 ms");
	kmt_advance_ms(200);
	kmt_wire_expect(&p);
	ck_assert_uint_eq(p.seq, c.snd - 1);
	kmt_step("the peer answers with an open window: the FIN goes");
	zero.window = 1000;
	zero.tsval++;
	kmt_wire_inject(&zero, 0);
	kmt_wire_expect(&fin);
	ck_assert_msg(fin.flags == (KM_TH_FIN | KM_TH_ACK) && fin.seq == c.snd,
		      "[%s] expected FIN|ACK seq %u, got flags %#x seq %u", T.step, c.snd,
		      fin.flags, fin.seq);
}
END_TEST

/*
 * The peer never answers our FIN. On this SACK connection the FIN's
 * transmission schedules a tail loss probe (tcp_output.c:2429, 2437), due
 * at the RTO here (2 srtt + 200 ms for one segment, capped by the RTO): it
 * resends the FIN (tcp_output.c:2504) without counting a retransmission,
 * and re-arms the RTO. Then the RTO resends it with backoff until the
 * orphan's budget, tcp_orphan_retries (8) as a time (tcp_timer.c:151, 248):
 * (2^9 - 1) x 200 ms = 102.2 s after the first retransmission
 * (tcp_timer.c:190-216). With an RTO of 200 ms the retransmissions leave
 * at 0.4, 0.8, ... 102.4 s: the ninth is 102.0 s after the first, the next
 * expiry (204.8 s) finds the budget spent and the orphan dies (no leak).
 * net/ipv4/tcp.c:2420
 */
START_TEST(test_unanswered_fin_is_retransmitted_then_the_orphan_dies)
{
	struct conn c;
	struct km_seg fin, re;
	long long rto;
	int n = 0;

	establish(&c);
	rto = (long long)kmt_field_u(T.app, (int)c.fd, "sock", "icsk_rto");
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	kmt_wire_expect(&fin);
	kmt_step("the probe comes one RTO (%lld ms, from the SYN's RTT sample) later", rto);
	ck_assert(rto >= 200 && rto < 1000);
	kmt_advance_ms(rto - 1);
	kmt_wire_expect_none();
	kmt_advance_ms(2);
	kmt_wire_expect(&re);
	ck_assert_uint_eq(re.flags, KM_TH_FIN | KM_TH_ACK);
	ck_assert_uint_eq(re.seq, fin.seq);
	n = 1;
	kmt_step("then the RTO's, doubling, until the orphan's 102.2 s are spent");
	kmt_advance_ms(600 * 1000);
	while (kmt_wire_next(&re))
		if (re.flags == (KM_TH_FIN | KM_TH_ACK))
			n++;
	ck_assert_msg(n == 1 + 9, "[%s] expected the probe and 9 retransmissions, got %d FINs "
		      "after the first", T.step, n);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPLossProbes"), 1);
	ck_assert_msg(!obj_alive(c.sock), "the orphan should be gone");
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPAbortOnTimeout"), 1);
}
END_TEST

/*
 * TIME_WAIT on the passive side (the server closed first); a new SYN from
 * the same client port with a higher sequence number reopens the 4-tuple:
 * the listener answers and the timewait sock ends.
 * net/ipv4/tcp_minisocks.c:217-225; net/ipv4/tcp_ipv4.c:1975;
 * net/ipv4/tcp_input.c:6411 (tcp_tw_isn)
 */
START_TEST(test_new_syn_with_higher_seq_reopens_a_time_wait_4tuple)
{
	struct conn c;
	struct km_seg syn, sa;

	accept_conn(&c);
	close_to_time_wait(&c, T.root);
	kmt_step("a new SYN from the same port, seq beyond tw_rcv_nxt: TCP_TW_SYN, to the listener");
	kmt_client_syn(&syn, CLI_PORT, PEER_PORT, c.rcv + 100000);
	syn.tsval = c.tsval + 100;
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	ck_assert_uint_eq(sa.flags, KM_TH_SYN | KM_TH_ACK);
	ck_assert_uint_eq(sa.ack, c.rcv + 100001);
	kmt_step("5.0 quirk: tcp_timewait_state_process chose tw_snd_nxt + 65537 (net/ipv4/tcp_minisocks.c:221-224), "
		 "but tcp_v4_fill_cb clears tcp_tw_isn again (net/ipv4/tcp_ipv4.c:1770) before the listener "
		 "sees the SYN, so the ISN is the usual secure_tcp_seq one");
	ck_assert_uint_ne(sa.seq, c.snd + 65535 + 2);
	ck_assert(!obj_alive("tw#1"));
}
END_TEST

/*
 * An old SYN (seq below tw_rcv_nxt, older timestamp): PAWS rejects it; it
 * gets the timewait sock's ACK and TIME_WAIT goes on.
 * net/ipv4/tcp_minisocks.c:107, 228-241
 */
START_TEST(test_old_syn_in_time_wait_gets_an_ack)
{
	struct conn c;
	struct km_seg syn, ack;

	accept_conn(&c);
	close_to_time_wait(&c, T.root);
	kmt_client_syn(&syn, CLI_PORT, PEER_PORT, c.rcv - 1000);
	syn.tsval = c.tsval - 100;
	kmt_wire_inject(&syn, 0);
	expect_seg(&c, "the ACK from the timewait sock", KM_TH_ACK, c.snd, c.rcv,
		   c.tsval - 1, &ack);
	ck_assert(obj_alive("tw#1"));
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtPAWSEstab"), 1);
}
END_TEST

/* Only port 40000 for connect(). */
static void one_local_port(void)
{
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[0]", 40000), 0);
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[1]", 40000), 0);
}

static long try_connect(void)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	long ret = km_connect(T.app, (int)fd, &a, sizeof(a));

	km_close(T.app, (int)fd);
	return ret;
}

/*
 * The port walk meets a TIME_WAIT 4-tuple. tcp_tw_reuse 2 (the default)
 * reuses only over loopback, 0 never: the port is unusable. 1 reuses it
 * once a second has passed since the last timestamp; the new SYN starts
 * at tw_snd_nxt + 65537 and the timewait sock ends (TimeWaitRecycled).
 * net/ipv4/tcp_ipv4.c:118-143, 157-179; net/ipv4/inet_hashtables.c:428-433,
 * 445-447, 727-731
 */
START_TEST(test_port_walk_meets_time_wait_tw_reuse_0_1_2)
{
	struct conn c;
	struct km_seg syn;

	one_local_port();
	reach_time_wait(&c);
	ck_assert_uint_eq(c.sport, 40000);
	kmt_step("tcp_tw_reuse 2, not loopback: the only port is taken, EADDRNOTAVAIL");
	kmt_assert_ret(try_connect(), -EADDRNOTAVAIL);
	kmt_step("tcp_tw_reuse 0: EADDRNOTAVAIL");
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_tw_reuse", 0), 0);
	kmt_assert_ret(try_connect(), -EADDRNOTAVAIL);
	kmt_wire_expect_none();
	kmt_step("tcp_tw_reuse 1 but the timestamp is not a second old yet: EADDRNOTAVAIL");
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_tw_reuse", 1), 0);
	if (km_host_monotonic_ns(T.h) % 1000000000ULL < 900000000ULL)
		kmt_assert_ret(try_connect(), -EADDRNOTAVAIL);
	kmt_step("a second later: the 4-tuple is taken over, SYN at tw_snd_nxt + 65537");
	kmt_advance_ms(1000);
	{
		struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
		long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

		kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
		kmt_wire_expect(&syn);
		ck_assert_uint_eq(syn.sport, 40000);
		ck_assert_uint_eq(syn.seq, c.snd + 65535 + 2);
		ck_assert(!obj_alive("tw#1"));
		ck_assert_int_eq(km_host_mib(T.h, "TcpExtTWRecycled"), 1);
	}
}
END_TEST

/* A socket with SO_REUSEADDR bound to 40000 and connected to 10.0.0.2:80. */
static long bound_connect(struct km_seg *syn)
{
	struct sockaddr_in me = kmt_addr(KMT_CLIENT, 40000), a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int one = 1;

	kmt_assert_ret(km_setsockopt(T.app, (int)fd, SOL_SOCKET, SO_REUSEADDR, &one,
				     sizeof(one)), 0);
	kmt_assert_ret(km_bind(T.app, (int)fd, &me, sizeof(me)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(syn);
	return fd;
}

/*
 * A socket bound before connect() meets a TIME_WAIT 4-tuple: the check
 * has no twp, so with timestamps the 4-tuple is taken over at once,
 * whatever tcp_tw_reuse says (here 0). net/ipv4/inet_hashtables.c:641,
 * 456; net/ipv4/tcp_ipv4.c:157-158
 */
START_TEST(test_bound_socket_takes_over_a_time_wait_4tuple_even_with_tw_reuse_0)
{
	struct conn c;
	struct km_seg syn, sa, ack, s, fin;

	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_tw_reuse", 0), 0);
	c.fd = bound_connect(&syn);
	kmt_synack_for(&syn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ack);
	c.sport = 40000;
	c.pport = PEER_PORT;
	c.snd = syn.seq + 1;
	c.rcv = PEER_ISN + 1;
	c.tsval = sa.tsval + 1;
	c.ts = true;
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	kmt_wire_expect(&fin);
	peer_seg(&c, &s, KM_TH_FIN | KM_TH_ACK, c.rcv, c.snd + 1);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&ack);
	assert_obj("tw#1", "tw_substate", "TCP_TIME_WAIT");
	kmt_step("bind(40000) again (SO_REUSEADDR on both) and connect(): the SYN at tw_snd_nxt + 65537");
	bound_connect(&syn);
	ck_assert_uint_eq(syn.sport, 40000);
	ck_assert_uint_eq(syn.seq, c.snd + 1 + 65535 + 2);
	ck_assert(!obj_alive("tw#1"));
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTWRecycled"), 1);
}
END_TEST

/* Without timestamps a TIME_WAIT 4-tuple is never reused (net/ipv4/tcp_ipv4.c:157). */
START_TEST(test_tw_reuse_needs_timestamps)
{
	struct conn c;

	one_local_port();
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_timestamps", 0), 0);
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_tw_reuse", 1), 0);
	reach_time_wait(&c);
	ck_assert(!c.ts);
	assert_obj("tw#1", "tw_ts_recent_stamp", "0");
	kmt_advance_ms(5000);
	kmt_assert_ret(try_connect(), -EADDRNOTAVAIL);
	ck_assert(obj_alive("tw#1"));
}
END_TEST

/*
 * shutdown(SHUT_WR) sends the FIN but the socket keeps its owner: FIN_WAIT2
 * with no timer; the peer's FIN still leads to TIME_WAIT (a timewait sock)
 * while the descriptor, now CLOSE, stays open. SHUT_RD alone sends nothing.
 * net/ipv4/tcp.c:2292, 2300; net/ipv4/tcp_input.c:6163, 4120
 */
START_TEST(test_shutdown_wr_sends_fin_and_keeps_the_socket)
{
	struct conn c;
	struct km_seg fin, s, ack;

	establish(&c);
	kmt_step("SHUT_RD: nothing on the wire (net/ipv4/tcp.c:2292)");
	kmt_assert_ret(km_shutdown(T.app, (int)c.fd, SHUT_RD), 0);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_step("SHUT_WR: FIN_WAIT1 and our FIN (net/ipv4/tcp.c:2300)");
	kmt_assert_ret(km_shutdown(T.app, (int)c.fd, SHUT_WR), 0);
	expect_seg(&c, "FIN|ACK", KM_TH_FIN | KM_TH_ACK, c.snd, c.rcv, PEER_TSVAL, &fin);
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_FIN_WAIT1");
	kmt_step("its ACK: FIN_WAIT2, owner woken, no FIN_WAIT2 timer (net/ipv4/tcp_input.c:6163)");
	peer_seg(&c, &s, KM_TH_ACK, c.rcv, c.snd + 1);
	kmt_wire_inject(&s, 0);
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_FIN_WAIT2");
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_timer", "idle");
	kmt_step("the peer's FIN: ACK, a timewait sock, the sock itself CLOSE (net/ipv4/tcp_input.c:4120)");
	peer_seg(&c, &s, KM_TH_FIN | KM_TH_ACK, c.rcv, c.snd + 1);
	kmt_wire_inject(&s, 0);
	expect_seg(&c, "ACK", KM_TH_ACK, c.snd + 1, c.rcv + 1, s.tsval, &ack);
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_CLOSE");
	assert_obj("tw#1", "tw_substate", "TCP_TIME_WAIT");
	kmt_assert_ret(km_close(T.app, (int)c.fd), 0);
	kmt_wire_expect_none();
	ck_assert(obj_alive("tw#1"));
}
END_TEST

/*
 * Bad input in the closing states, each as 5.0 handles it:
 * data after shutdown(SHUT_RDWR) in FIN_WAIT2 resets the connection
 * (net/ipv4/tcp_input.c:6233-6238); data to an orphan in FIN_WAIT1 too.
 */
START_TEST(test_data_after_both_sides_shut_is_reset)
{
	struct conn c;
	struct km_seg fin, s;

	establish(&c);
	kmt_assert_ret(km_shutdown(T.app, (int)c.fd, SHUT_RDWR), 0);
	kmt_wire_expect(&fin);
	peer_seg(&c, &s, KM_TH_ACK, c.rcv, c.snd + 1);
	kmt_wire_inject(&s, 0);
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_FIN_WAIT2");
	kmt_step("data in FIN_WAIT2 with RCV_SHUTDOWN: reset, answered with an RST (net/ipv4/tcp_input.c:6236)");
	data_gets_rst(&c, c.rcv, c.snd + 1, c.snd + 1);
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_CLOSE");
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPAbortOnData"), 1);
}
END_TEST

START_TEST(test_data_to_orphan_in_fin_wait1_is_reset)
{
	struct conn c;
	struct km_seg fin;

	orphan_in_fin_wait1(&c, &fin);
	kmt_step("data not acknowledging our FIN: step 7 in FIN_WAIT1 with RCV_SHUTDOWN: reset (net/ipv4/tcp_input.c:6236)");
	data_gets_rst(&c, c.rcv, c.snd, c.snd);
	ck_assert(!obj_alive(c.sock));
}
END_TEST

/* A FIN outside the receive window gets a duplicate ACK and changes nothing
 * (net/ipv4/tcp_input.c:5391). */
START_TEST(test_fin_with_bad_sequence_number_gets_dupack)
{
	struct conn c;
	struct km_seg s, ack;

	establish(&c);
	peer_seg(&c, &s, KM_TH_FIN | KM_TH_ACK, c.rcv + 10000000, c.snd);
	kmt_wire_inject(&s, 0);
	expect_seg(&c, "the duplicate ACK", KM_TH_ACK, c.snd, c.rcv, PEER_TSVAL, &ack);
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_wire_expect_none();
}
END_TEST

/* A FIN|ACK for a listener is answered with an RST at its ack (net/ipv4/tcp_input.c:6019). */
START_TEST(test_fin_to_a_listener_gets_rst)
{
	struct km_seg s, rst;

	kmt_listen_on_wire(PEER_PORT, 16);
	kmt_seg_from_peer(&s, CLI_PORT, PEER_PORT);
	s.flags = KM_TH_FIN | KM_TH_ACK;
	s.seq = 1234;
	s.ack = 5678;
	kmt_wire_inject(&s, 0);
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST);
	ck_assert_uint_eq(rst.seq, 5678);
}
END_TEST

/* An RST for an orphan in FIN_WAIT2 (a timewait sock) ends it (net/ipv4/tcp_minisocks.c:123). */
START_TEST(test_rst_in_fin_wait2_substate_kills_the_timewait_sock)
{
	struct conn c;
	struct km_seg s;

	orphan_in_fin_wait2(&c);
	peer_seg(&c, &s, KM_TH_RST, c.rcv, 0);
	kmt_wire_inject(&s, 0);
	kmt_wire_expect_none();
	ck_assert(!obj_alive("tw#1"));
}
END_TEST

/* The orphan's FIN_WAIT2 lasts tcp_fin_timeout (here 10 s), then nothing is left (net/ipv4/tcp.c:2454). */
START_TEST(test_orphan_fin_wait2_ends_after_tcp_fin_timeout)
{
	struct conn c;

	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_fin_timeout", 10), 0);
	orphan_in_fin_wait2(&c);
	kmt_advance_ms(9900);
	ck_assert(obj_alive("tw#1"));
	kmt_advance_ms(200);
	ck_assert(!obj_alive("tw#1"));
	kmt_wire_expect_none();
}
END_TEST

/* An ICMP error quoting a TIME_WAIT connection changes nothing (net/ipv4/tcp_ipv4.c:451). */
START_TEST(test_icmp_error_for_a_time_wait_4tuple_is_ignored)
{
	struct conn c;
	struct km_seg q;
	unsigned char buf[128];
	int n;

	reach_time_wait(&c);
	km_seg_init_tcp(&q, T.client, c.sport, T.peer, c.pport);
	q.flags = KM_TH_ACK;
	q.seq = c.snd;
	q.ack = c.rcv;
	n = km_seg_build(&q, buf, sizeof(buf));
	ck_assert_int_gt(n, 28);
	kmt_trace_start();
	kmt_inject_icmp(KMT_GATEWAY, 3, 1, 0, buf, (size_t)n);
	kmt_trace_stop();
	kmt_assert_chain("tcp_v4_err", "inet_twsk_put");
	kmt_wire_expect_none();
	assert_obj("tw#1", "tw_substate", "TCP_TIME_WAIT");
}
END_TEST

/* bind() to port 80 while a TIME_WAIT sock holds it */
static long bind_port_80(int reuse)
{
	struct sockaddr_in any = kmt_addr("0.0.0.0", PEER_PORT);
	long fd = km_socket(T.root, AF_INET, SOCK_STREAM, 0), ret;

	km_setsockopt(T.root, (int)fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof(reuse));
	ret = km_bind(T.root, (int)fd, &any, sizeof(any));
	km_close(T.root, (int)fd);
	return ret;
}

/*
 * The restarted server: its port is held by a timewait sock (the server
 * closed first). bind() conflicts unless both the new socket and the one
 * the timewait sock came from had SO_REUSEADDR (tw_reuse, copied from the
 * listener's child). net/ipv4/inet_connection_sock.c:153-160;
 * net/ipv4/inet_timewait_sock.c:180
 */
START_TEST(test_bind_to_a_port_in_time_wait_needs_so_reuseaddr_on_both)
{
	struct conn c;
	long lfd;

	lfd = accept_conn_reuse(&c, 0);
	close_to_time_wait(&c, T.root);
	kmt_assert_ret(km_close(T.root, (int)lfd), 0);
	assert_obj("tw#1", "skc_reuse", "0");
	kmt_step("the timewait sock came from a socket without SO_REUSEADDR: EADDRINUSE either way");
	kmt_assert_ret(bind_port_80(0), -EADDRINUSE);
	kmt_assert_ret(bind_port_80(1), -EADDRINUSE);
	kmt_step("60 s later the port is free");
	kmt_advance_ms(60 * 1000 + 100);
	kmt_assert_ret(bind_port_80(0), 0);
}
END_TEST

START_TEST(test_bind_to_a_port_in_time_wait_with_so_reuseaddr_succeeds)
{
	struct conn c;
	long lfd;

	lfd = accept_conn_reuse(&c, 1);
	close_to_time_wait(&c, T.root);
	kmt_assert_ret(km_close(T.root, (int)lfd), 0);
	assert_obj("tw#1", "skc_reuse", "1");
	kmt_step("without SO_REUSEADDR on the new socket: EADDRINUSE; with it: bound");
	kmt_assert_ret(bind_port_80(0), -EADDRINUSE);
	kmt_assert_ret(bind_port_80(1), 0);
	ck_assert(obj_alive("tw#1"));
}
END_TEST

static Suite *close_suite(void)
{
	Suite *s = suite_create("close");
	TCase *tc = tcase_create("orderly");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_close_first_fin_wait1_fin_wait2_time_wait_60s);
	tcase_add_test(tc, test_peer_closes_first_close_wait_then_last_ack);
	tcase_add_test(tc, test_simultaneous_close_goes_through_closing);
	tcase_add_test(tc, test_close_with_unread_data_sends_rst);
	tcase_add_test(tc, test_linger_zero_close_sends_rst);
	tcase_add_test(tc, test_time_wait_acks_retransmitted_fin_and_restarts_timer);
	tcase_add_test(tc, test_rst_in_time_wait_kills_it_unless_rfc1337);
	tcase_add_test(tc, test_data_to_orphan_in_fin_wait2_is_reset);
	tcase_add_test(tc, test_orphan_behind_a_zero_window_is_probed_then_dies);
	tcase_add_test(tc, test_window_reopened_by_the_probe_answer_lets_the_fin_go);
	tcase_add_test(tc, test_unanswered_fin_is_retransmitted_then_the_orphan_dies);
	tcase_add_test(tc, test_new_syn_with_higher_seq_reopens_a_time_wait_4tuple);
	tcase_add_test(tc, test_old_syn_in_time_wait_gets_an_ack);
	tcase_add_test(tc, test_port_walk_meets_time_wait_tw_reuse_0_1_2);
	tcase_add_test(tc, test_tw_reuse_needs_timestamps);
	tcase_add_test(tc, test_bound_socket_takes_over_a_time_wait_4tuple_even_with_tw_reuse_0);
	tcase_add_test(tc, test_shutdown_wr_sends_fin_and_keeps_the_socket);
	tcase_add_test(tc, test_data_after_both_sides_shut_is_reset);
	tcase_add_test(tc, test_data_to_orphan_in_fin_wait1_is_reset);
	tcase_add_test(tc, test_fin_with_bad_sequence_number_gets_dupack);
	tcase_add_test(tc, test_fin_to_a_listener_gets_rst);
	tcase_add_test(tc, test_rst_in_fin_wait2_substate_kills_the_timewait_sock);
	tcase_add_test(tc, test_orphan_fin_wait2_ends_after_tcp_fin_timeout);
	tcase_add_test(tc, test_icmp_error_for_a_time_wait_4tuple_is_ignored);
	tcase_add_test(tc, test_bind_to_a_port_in_time_wait_needs_so_reuseaddr_on_both);
	tcase_add_test(tc, test_bind_to_a_port_in_time_wait_with_so_reuseaddr_succeeds);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(close_suite());
}
