// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 6 — retransmission: the graded suite.
 *
 * Students implement the handshake's retransmission timer in
 * kernel_mirror/net/ipv4/tcp_timer.c (regions "retransmit_resend",
 * "retransmit_rearm", "write_timeout_syn" and "retransmits_timed_out").
 * Each test connects to 10.0.0.2:80 on the test wire, where nobody
 * answers, steps the virtual clock and checks every retransmitted SYN:
 * the instant it leaves (to the nanosecond), its bytes, the socket's
 * counters, and when and how connect() gives up.
 *
 * Every expected value is computed here from Linux 5.0's rules (cited by
 * 5.0.1 file:line) and from the first SYN on the wire, never read back
 * from the code under test. The rules, in one place:
 *
 *  - the first SYN arms the timer for TCP_TIMEOUT_INIT = 1 s
 *    (tcp_output.c:3553, include/net/tcp.h:141);
 *  - a timer is due at a jiffy (HZ = 1000), so it fires at the start of
 *    the millisecond tick, not 1 s after the SYN's nanosecond;
 *  - each expiry that does not give up resends the SYN and doubles the
 *    RTO, at most TCP_RTO_MAX = 120 s (tcp_timer.c:562, tcp.h:138),
 *    cut short by TCP_USER_TIMEOUT (tcp_timer.c:39-54, 565);
 *  - an expiry gives up when icsk_retransmits >= TCP_SYNCNT, else
 *    net.ipv4.tcp_syn_retries (6, tcp.h:105) (tcp_timer.c:232-233).
 *
 * One TCase per test, named like the test function, so the grader can run
 * a single test alone (CK_RUN_CASE=<name>).
 */
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <netinet/tcp.h>
#include "kmtest.h"

#define PEER_PORT	80
#define PEER_ISN	1000000000u
#define NS_PER_MS	1000000LL

#define RTO_INIT_MS	1000LL		/* TCP_TIMEOUT_INIT, include/net/tcp.h:141 */
#define RTO_MIN_MS	200LL		/* TCP_RTO_MIN, include/net/tcp.h:139 */
#define RTO_MAX_MS	120000LL	/* TCP_RTO_MAX, include/net/tcp.h:138 */
#define SYN_RETRIES	6		/* TCP_SYN_RETRIES, include/net/tcp.h:105 */
#define RETRIES1	3		/* TCP_RETR1, include/net/tcp.h:91 */
#define TCP_CA_LOSS	4		/* enum tcp_ca_state, include/net/tcp.h */

#define MAX_EXPIRIES	16

/* One connect() to 10.0.0.2:80 and its first SYN. */
struct conn {
	long		fd;
	bool		blocking;
	unsigned char	syn[128];	/* the first SYN, IP header onwards */
	int		syn_len;
	struct km_seg	first;
	long long	tick0;		/* world ns: start of the first SYN's jiffy */
	unsigned long	j0;		/* that jiffy */
	long long	phase;		/* ns from that tick to the SYN */
	/* the schedule: at_ms[0] = 0 (the first SYN), at_ms[1..retries] the
	 * retransmissions, at_ms[retries + 1] the expiry that gives up */
	long long	at_ms[MAX_EXPIRIES + 2];
	int		retries;
};

/* ---------------------------------------------------------------- the rules */

static long long min_ll(long long a, long long b)
{
	return a < b ? a : b;
}

/*
 * The times (ms after the first SYN's tick) of the retransmission timer's
 * expiries in a handshake, by Linux 5.0.1's rules: the first after
 * TCP_TIMEOUT_INIT (tcp_output.c:3553); each expiry that resends doubles
 * the RTO, at most TCP_RTO_MAX (tcp_timer.c:562), and re-arms after it —
 * or, with TCP_USER_TIMEOUT set, after what is left of the user timeout,
 * one jiffy once it has passed (tcp_timer.c:45-53). Expiry n finds n - 1
 * retransmissions and gives up when that reaches `retries`
 * (tcp_timer.c:233): n = retries + 1 is the last.
 */
static void schedule(struct conn *c, int retries, long long user_ms)
{
	long long t = RTO_INIT_MS, rto = RTO_INIT_MS, left;
	int n;

	ck_assert(retries <= MAX_EXPIRIES);
	c->retries = retries;
	c->at_ms[0] = 0;
	for (n = 1; n <= retries + 1; n++) {
		c->at_ms[n] = t;
		rto = min_ll(rto * 2, RTO_MAX_MS);
		left = user_ms - t;
		t += !user_ms ? rto : left <= 0 ? 1 : min_ll(rto, left);
	}
}

/*
 * retransmits_timed_out()'s default duration for `boundary`
 * (tcp_timer.c:204-211): boundary + 1 RTOs of a series that starts at
 * TCP_RTO_MIN and doubles, each at most TCP_RTO_MAX — summed here one RTO
 * at a time rather than by the kernel's closed form.
 */
static long long backoff_series_ms(unsigned int boundary)
{
	long long sum = 0, rto = RTO_MIN_MS;
	unsigned int k;

	for (k = 0; k <= boundary; k++) {
		sum += rto;
		rto = min_ll(rto * 2, RTO_MAX_MS);
	}
	return sum;
}

/* ------------------------------------------------------------- the wire */

static const char *describe(const struct km_seg *s)
{
	static char bufs[2][256];
	static int i;
	char *b = bufs[i++ & 1];

	km_seg_describe(s, b, 256);
	return b;
}

static const char *ms_text(long long ns)
{
	static char bufs[4][48];
	static int i;
	char *b = bufs[i++ & 3];

	snprintf(b, 48, "%lld.%06lld ms", ns / NS_PER_MS,
		 (ns % NS_PER_MS + NS_PER_MS) % NS_PER_MS);
	return b;
}

static void advance_to(long long ns)
{
	long long now = km_world_now_ns(T.w);

	if (ns > now)
		km_world_advance(T.w, ns - now);
}

/* The next frame the host sent, raw and parsed, and when it left. */
static int take_frame(unsigned char *buf, size_t cap, struct km_seg *s,
		      long long *when)
{
	int n;

	*when = km_wire_peek_time(T.wire);
	n = km_wire_recv(T.wire, buf, cap);
	ck_assert_msg(n > 0, "[%s] wire frame unreadable", T.step);
	ck_assert_msg(km_seg_parse(buf, (size_t)n, s) == 0,
		      "[%s] the host sent a frame that is not IPv4", T.step);
	return n;
}

/* socket() (+ TCP_SYNCNT / TCP_USER_TIMEOUT when not 0), connect(), the
 * first SYN; the schedule for `retries`. */
static void open_conn(struct conn *c, bool blocking, int syncnt, int user_ms,
		      int retries)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	unsigned long long mono;
	long long when;

	memset(c, 0, sizeof(*c));
	c->blocking = blocking;
	c->fd = km_socket(T.app, AF_INET,
			  SOCK_STREAM | (blocking ? 0 : SOCK_NONBLOCK), 0);
	ck_assert_msg(c->fd >= 0, "[%s] socket(): %s", T.step, kmt_errname(c->fd));
	if (syncnt)
		kmt_assert_ret(km_setsockopt(T.app, (int)c->fd, IPPROTO_TCP,
					     TCP_SYNCNT, &syncnt, sizeof(syncnt)), 0);
	if (user_ms)
		kmt_assert_ret(km_setsockopt(T.app, (int)c->fd, IPPROTO_TCP,
					     TCP_USER_TIMEOUT, &user_ms,
					     sizeof(user_ms)), 0);
	if (blocking) {
		km_call_start(T.app, SYS_connect, c->fd, (long)&a, sizeof(a), 0, 0, 0);
		ck_assert_msg(!km_call_done(T.app), "[%s] a blocking connect() "
			      "to a silent peer returned %s at once", T.step,
			      kmt_errname(km_call_result(T.app)));
	} else {
		kmt_assert_ret(km_connect(T.app, (int)c->fd, &a, sizeof(a)),
			       -EINPROGRESS);
	}
	ck_assert_msg(km_wire_pending(T.wire), "[%s] connect() sent no SYN", T.step);
	mono = km_host_monotonic_ns(T.h);
	c->syn_len = take_frame(c->syn, sizeof(c->syn), &c->first, &when);
	ck_assert_msg(c->first.flags == KM_TH_SYN, "[%s] connect() sent %s, not a SYN",
		      T.step, describe(&c->first));
	/* jiffies count whole ms of the host's monotonic clock
	 * (CONFIG_HZ=1000): the SYN left `phase` ns after a tick */
	c->phase = (long long)(mono % (unsigned long long)NS_PER_MS);
	c->tick0 = when - c->phase;
	c->j0 = km_host_jiffies(T.h);
	schedule(c, retries, user_ms);
}

static long long due_ns(const struct conn *c, int n)
{
	return c->tick0 + c->at_ms[n] * NS_PER_MS;
}

/* Run the clock to retransmission n: nothing before it, one frame at
 * exactly its time; returns it parsed (raw into buf). */
static int expect_retransmission(const struct conn *c, int n, unsigned char *buf,
				 size_t cap, struct km_seg *s)
{
	long long due = due_ns(c, n), when;
	int len;

	kmt_step("retransmission %d, due %lld ms after the first SYN's tick", n,
		 c->at_ms[n]);
	advance_to(due - 1);
	if (km_wire_pending(T.wire)) {
		when = km_wire_peek_time(T.wire);
		ck_abort_msg("[%s] the host sent a frame at %s after the first SYN's "
			     "tick, before the RTO expired (due at %s; RTOs so far: "
			     "1 s doubling, at most 120 s)", T.step,
			     ms_text(when - c->tick0), ms_text(due - c->tick0));
	}
	advance_to(due);
	ck_assert_msg(km_wire_pending(T.wire), "[%s] nothing sent at %lld ms after "
		      "the first SYN's tick: retransmission %d missing (after %d "
		      "retransmission(s), the connection should retry until "
		      "icsk_retransmits reaches %d)", T.step, c->at_ms[n], n,
		      n - 1, c->retries);
	len = take_frame(buf, cap, s, &when);
	ck_assert_msg(when == due, "[%s] sent at %s, expected %s", T.step,
		      ms_text(when - c->tick0), ms_text(due - c->tick0));
	return len;
}

/* The schedule's give-up expiry: nothing more is sent, and the socket is
 * closed with ETIMEDOUT exactly then. */
static void expect_give_up(const struct conn *c)
{
	int n = c->retries + 1;
	long long due = due_ns(c, n), when;
	unsigned long long state;

	kmt_step("after %d retransmissions the expiry at %lld ms gives up", c->retries,
		 c->at_ms[n]);
	advance_to(due - 1);
	if (km_wire_pending(T.wire)) {
		when = km_wire_peek_time(T.wire);
		ck_abort_msg("[%s] the host sent a frame at %s, before the expiry "
			     "that should give up (%s)", T.step,
			     ms_text(when - c->tick0), ms_text(due - c->tick0));
	}
	if (c->blocking)
		ck_assert_msg(!km_call_done(T.app), "[%s] connect() had already "
			      "returned %s by %s, before the expiry at %s", T.step,
			      kmt_errname(km_call_result(T.app)),
			      ms_text(km_world_now_ns(T.w) - c->tick0),
			      ms_text(due - c->tick0));
	state = kmt_field_u(T.app, (int)c->fd, "sock", "sk_state");
	ck_assert_msg(state == 2, "[%s] sk_state %s before the last expiry, "
		      "expected TCP_SYN_SENT", T.step,
		      kmt_field(T.app, (int)c->fd, "sock", "sk_state"));
	advance_to(due);
	if (km_wire_pending(T.wire)) {
		struct km_seg s;
		unsigned char buf[128];

		take_frame(buf, sizeof(buf), &s, &when);
		ck_abort_msg("[%s] at %s the host sent %s; expected no retransmission "
			     "%d: icsk_retransmits = %d had reached the limit %d "
			     "(tcp_timer.c:233)", T.step, ms_text(when - c->tick0),
			     describe(&s), n, c->retries, c->retries);
	}
	kmt_assert_field(T.app, (int)c->fd, "sock", "sk_state", "TCP_CLOSE");
	if (c->blocking) {
		ck_assert_msg(km_call_done(T.app), "[%s] connect() still blocked at %s",
			      T.step, ms_text(due - c->tick0));
		kmt_assert_ret(km_call_result(T.app), -ETIMEDOUT);
	} else {
		int err = -1;
		int len = (int)sizeof(err);

		kmt_assert_ret(km_getsockopt(T.app, (int)c->fd, SOL_SOCKET, SO_ERROR,
					     &err, &len), 0);
		kmt_assert_ret(-err, -ETIMEDOUT);
	}
	kmt_step("nothing more, ever");
	advance_to(due + 600000 * NS_PER_MS);
	kmt_wire_expect_none();
}

/* Run a whole handshake to its end: every retransmission on time, then
 * the give-up. */
static void expect_schedule(const struct conn *c)
{
	unsigned char buf[128];
	struct km_seg s;
	int n;

	for (n = 1; n <= c->retries; n++) {
		expect_retransmission(c, n, buf, sizeof(buf), &s);
		ck_assert_msg(s.flags == KM_TH_SYN && s.seq == c->first.seq &&
			      s.sport == c->first.sport,
			      "[%s] sent %s; expected the SYN again (seq %u)", T.step,
			      describe(&s), c->first.seq);
	}
	expect_give_up(c);
}

static unsigned long long sock_u(const struct conn *c, const char *field)
{
	return kmt_field_u(T.app, (int)c->fd, "sock", field);
}

/* icsk_retransmits, icsk_backoff, icsk_rto, icsk_timeout after
 * retransmission n: n, n, min(1 s << n, 120 s), now + icsk_rto
 * (tcp_timer.c:541-542, 562-565; inet_connection_sock.h:237). */
static void expect_counters(const struct conn *c, int n)
{
	unsigned long long rtx = sock_u(c, "icsk_retransmits");
	unsigned long long backoff = sock_u(c, "icsk_backoff");
	unsigned long long rto = sock_u(c, "icsk_rto");
	unsigned long long timeout = sock_u(c, "icsk_timeout");
	unsigned long long pending = sock_u(c, "icsk_pending");
	long long want_rto = min_ll(RTO_INIT_MS << (n < 20 ? n : 20), RTO_MAX_MS);
	unsigned long now = c->j0 + (unsigned long)c->at_ms[n];

	ck_assert_msg(rtx == (unsigned long long)n, "[%s] icsk_retransmits = %llu "
		      "after retransmission %d, expected %d", T.step, rtx, n, n);
	ck_assert_msg(backoff == (unsigned long long)n, "[%s] icsk_backoff = %llu "
		      "after retransmission %d, expected %d", T.step, backoff, n, n);
	ck_assert_msg(rto == (unsigned long long)want_rto, "[%s] icsk_rto = %llu ms "
		      "after retransmission %d, expected %lld ms (1 s doubled %d "
		      "time(s), at most 120 s)", T.step, rto, n, want_rto, n);
	ck_assert_msg(pending == 1, "[%s] icsk_pending = %llu after retransmission "
		      "%d: the retransmission timer (ICSK_TIME_RETRANS = 1) should be "
		      "armed", T.step, pending, n);
	ck_assert_msg(timeout == now + (unsigned long)want_rto, "[%s] icsk_timeout "
		      "= jiffy %llu, expected %lu (the jiffy of the retransmission "
		      "%lu + icsk_rto %lld)", T.step, timeout,
		      now + (unsigned long)want_rto, now, want_rto);
}

/* ---------------------------------------------------------------- tests */

/* The timer armed by the first SYN (tcp_output.c:3553, 1 s) fires at the
 * tick of the jiffy 1000 after the SYN's, and resends the SYN
 * (tcp_timer.c:514). */
START_TEST(test_first_retransmission_at_one_second_on_the_tick)
{
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;

	open_conn(&c, false, 0, 0, SYN_RETRIES);
	kmt_step("the world's seed puts the SYN between two ticks");
	ck_assert_msg(c.phase > 0, "test set-up: the SYN left on a tick");
	expect_retransmission(&c, 1, buf, sizeof(buf), &s);
	ck_assert_msg(s.flags == KM_TH_SYN && s.seq == c.first.seq,
		      "[%s] sent %s; expected our SYN again (seq %u)", T.step,
		      describe(&s), c.first.seq);
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_SYN_SENT");
}
END_TEST

/* 1, 3, 7, 15, 31 and 63 s: each RTO twice the one before
 * (tcp_timer.c:562), re-armed from the expiry's tick. */
START_TEST(test_retransmissions_double_from_one_second)
{
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;
	int n;

	open_conn(&c, false, 0, 0, SYN_RETRIES);
	ck_assert_int_eq(c.at_ms[6], 63000);
	for (n = 1; n <= SYN_RETRIES; n++) {
		expect_retransmission(&c, n, buf, sizeof(buf), &s);
		ck_assert_msg(s.flags == KM_TH_SYN && s.seq == c.first.seq,
			      "[%s] sent %s; expected our SYN again (seq %u)",
			      T.step, describe(&s), c.first.seq);
	}
}
END_TEST

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static void put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* Offset of the TSval in a TCP header (option kind 8), or -1. */
static int tsval_offset(const unsigned char *th, int thlen)
{
	int i = 20;

	while (i < thlen) {
		if (th[i] == 0)
			break;
		if (th[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= thlen || th[i + 1] < 2)
			break;
		if (th[i] == 8 && th[i + 1] == 10)
			return i + 2;
		i += th[i + 1];
	}
	return -1;
}

/*
 * What retransmission n of the first SYN must be, byte for byte: the same
 * segment (tcp_retransmit_skb resends the skb on the retransmit queue),
 * except the IP ID — the socket's inet_id, one more per packet
 * (include/net/ip.h:470-471) — the TSval, the time of sending plus
 * tsoffset (tcp_output.c:621), i.e. the first SYN's + the ms in between,
 * and the two checksums.
 */
static void expected_retransmission(const struct conn *c, int n,
				    unsigned char *want)
{
	unsigned char *ip = want, *th;
	int ihl, thlen, ts, len = c->syn_len;
	uint32_t sum, tsval;
	unsigned char pseudo[12];

	memcpy(want, c->syn, (size_t)len);
	ihl = (ip[0] & 0xf) * 4;
	th = ip + ihl;
	thlen = (th[12] >> 4) * 4;
	put16(ip + 4, (uint32_t)(c->first.ip_id + n) & 0xffff);
	ts = tsval_offset(th, thlen);
	ck_assert_msg(ts > 0, "test set-up: the first SYN has no timestamp");
	tsval = c->first.tsval + (uint32_t)c->at_ms[n];
	th[ts] = (unsigned char)(tsval >> 24);
	th[ts + 1] = (unsigned char)(tsval >> 16);
	th[ts + 2] = (unsigned char)(tsval >> 8);
	th[ts + 3] = (unsigned char)tsval;
	put16(ip + 10, 0);
	put16(ip + 10, csum_fold(csum_add(0, ip, (size_t)ihl)));
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 6;
	put16(pseudo + 10, (uint32_t)(len - ihl));
	put16(th + 16, 0);
	sum = csum_add(0, pseudo, sizeof(pseudo));
	sum = csum_add(sum, th, (size_t)(len - ihl));
	put16(th + 16, csum_fold(sum));
}

static const char *byte_name(const unsigned char *frame, int off)
{
	int ihl = (frame[0] & 0xf) * 4;

	if (off < ihl)
		return off == 4 || off == 5 ? "IP ID" : off == 10 || off == 11 ?
		       "IP checksum" : "IP header";
	off -= ihl;
	if (off < 4)
		return "source/destination port";
	if (off < 8)
		return "sequence number";
	if (off < 12)
		return "acknowledgment number";
	if (off == 13)
		return "TCP flags";
	if (off < 14)
		return "data offset";
	if (off < 16)
		return "window";
	if (off < 18)
		return "TCP checksum";
	if (off < 20)
		return "urgent pointer";
	return "TCP options (the TSval is one of them)";
}

/* Every retransmission: the first SYN's bytes but for IP ID, TSval and
 * checksums (tcp_output.c:621, include/net/ip.h:470). */
START_TEST(test_retransmitted_syn_is_byte_exact)
{
	unsigned char buf[128], want[128];
	struct km_seg s;
	struct conn c;
	int n, len, i;

	open_conn(&c, false, 0, 0, SYN_RETRIES);
	for (n = 1; n <= SYN_RETRIES; n++) {
		len = expect_retransmission(&c, n, buf, sizeof(buf), &s);
		expected_retransmission(&c, n, want);
		ck_assert_msg(len == c.syn_len, "[%s] %d bytes, the first SYN had %d: %s",
			      T.step, len, c.syn_len, describe(&s));
		for (i = 0; i < len && buf[i] == want[i]; i++)
			;
		ck_assert_msg(i == len, "[%s] byte %d (%s) is 0x%02x, expected 0x%02x "
			      "(IP ID %u, TSval %u expected: the first SYN's + %d and + "
			      "%lld ms); got %s", T.step, i, byte_name(want, i), buf[i],
			      want[i], (unsigned)(uint16_t)(c.first.ip_id + n),
			      c.first.tsval + (uint32_t)c.at_ms[n], n, c.at_ms[n],
			      describe(&s));
	}
}
END_TEST

/* After retransmission n: icsk_retransmits = icsk_backoff = n, icsk_rto =
 * min(1 s << n, 120 s), the timer armed for now + icsk_rto
 * (tcp_timer.c:541-542, 562-565). */
START_TEST(test_backoff_and_retransmits_count_each_retransmission)
{
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;
	int n;

	open_conn(&c, false, 0, 0, SYN_RETRIES);
	kmt_step("before any expiry");
	ck_assert_uint_eq(sock_u(&c, "icsk_retransmits"), 0);
	ck_assert_uint_eq(sock_u(&c, "icsk_backoff"), 0);
	for (n = 1; n <= SYN_RETRIES; n++) {
		expect_retransmission(&c, n, buf, sizeof(buf), &s);
		expect_counters(&c, n);
	}
}
END_TEST

/* A timeout is a loss: tcp_enter_loss (tcp_timer.c:512) puts congestion
 * control in TCP_CA_Loss with cwnd = packets in flight + 1 = 1 (the SYN
 * is marked lost; tcp_input.c:1970, 1982, 1993); each expiry also picks
 * a new flow hash (sk_rethink_txhash, also inside dst_negative_advice:
 * tcp_timer.c:227-231, include/net/sock.h). */
START_TEST(test_timeout_enters_loss_state)
{
	unsigned long long hash[4], v;
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;
	int n;

	open_conn(&c, false, 0, 0, SYN_RETRIES);
	hash[0] = sock_u(&c, "sk_txhash");
	ck_assert_msg(hash[0] != 0, "test set-up: connect() set no sk_txhash");
	for (n = 1; n <= 3; n++) {
		expect_retransmission(&c, n, buf, sizeof(buf), &s);
		v = sock_u(&c, "icsk_ca_state");
		ck_assert_msg(v == TCP_CA_LOSS, "[%s] icsk_ca_state = %s, expected "
			      "TCP_CA_Loss (tcp_enter_loss)", T.step,
			      kmt_field(T.app, (int)c.fd, "sock", "icsk_ca_state"));
		v = sock_u(&c, "snd_cwnd");
		ck_assert_msg(v == 1, "[%s] snd_cwnd = %llu, expected 1 (the SYN is "
			      "lost, nothing in flight, + 1)", T.step, v);
		hash[n] = sock_u(&c, "sk_txhash");
		ck_assert_msg(hash[n] != hash[n - 1], "[%s] sk_txhash still 0x%llx: "
			      "each expiry should pick a new flow hash", T.step,
			      hash[n]);
	}
}
END_TEST

/* With net.ipv4.tcp_syn_retries = sysctl and TCP_SYNCNT = syncnt (0:
 * unset), a connect() to a silent peer makes `retries` retransmissions
 * on schedule and fails at give_up_ms (a check of the model above). */
static void handshake_gives_up(int sysctl, bool blocking, int syncnt,
			       int retries, long long give_up_ms)
{
	struct conn c;

	kmt_step("tcp_syn_retries %d, TCP_SYNCNT %d: %d SYNs, ETIMEDOUT at %lld ms",
		 sysctl, syncnt, retries + 1, give_up_ms);
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_syn_retries", sysctl), 0);
	open_conn(&c, blocking, syncnt, 0, retries);
	ck_assert_int_eq(c.at_ms[retries + 1], give_up_ms);
	expect_schedule(&c);
	km_close(T.app, (int)c.fd);
}

/* Blocking connect(): 7 SYNs, then ETIMEDOUT at 127 s, CLOSE
 * (tcp_timer.c:233, 65, 69). */
START_TEST(test_default_syn_retries_give_up_at_127_s)
{
	handshake_gives_up(SYN_RETRIES, true, 0, SYN_RETRIES, 127000);
}
END_TEST

/* net.ipv4.tcp_syn_retries = 2: SYNs at 0, 1, 3 s, ETIMEDOUT at 7 s
 * (tcp_timer.c:232-233). */
START_TEST(test_syn_retries_sysctl_2_gives_up_at_7_s)
{
	handshake_gives_up(2, true, 0, 2, 7000);
}
END_TEST

/* TCP_SYNCNT (icsk_syn_retries) wins over the sysctl, both ways
 * (tcp_timer.c:232; tcp.c:2927). */
START_TEST(test_tcp_syncnt_overrides_the_sysctl)
{
	handshake_gives_up(2, false, 4, 4, 31000);
	handshake_gives_up(SYN_RETRIES, true, 1, 1, 3000);
}
END_TEST

/* The limit is read at each expiry (tcp_timer.c:232), not at connect():
 * lowering the sysctl to 2 after the second retransmission ends the
 * handshake at the next expiry (7 s). */
START_TEST(test_syn_retries_read_at_each_expiry)
{
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;

	open_conn(&c, true, 0, 0, SYN_RETRIES);
	expect_retransmission(&c, 1, buf, sizeof(buf), &s);
	expect_retransmission(&c, 2, buf, sizeof(buf), &s);
	kmt_step("net.ipv4.tcp_syn_retries = 2 now");
	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_syn_retries", 2), 0);
	schedule(&c, 2, 0);
	expect_give_up(&c);
}
END_TEST

/* TCP_SYNCNT 10: the RTO stops doubling at TCP_RTO_MAX (tcp_timer.c:562):
 * SYNs at 0, 1, 3, ... 63, 127, 247, 367, 487 s; icsk_backoff goes on
 * counting; ETIMEDOUT at 607 s. */
START_TEST(test_rto_is_capped_at_120_s)
{
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;
	int n;

	open_conn(&c, true, 10, 0, 10);
	ck_assert_int_eq(c.at_ms[8], 247000);
	ck_assert_int_eq(c.at_ms[11], 607000);
	for (n = 1; n <= 10; n++) {
		expect_retransmission(&c, n, buf, sizeof(buf), &s);
		expect_counters(&c, n);
	}
	expect_give_up(&c);
}
END_TEST

/* TCP_USER_TIMEOUT 2500 ms: the re-arm is cut to what is left of it, then
 * to one jiffy once it has passed (tcp_timer.c:39-54, 565); the give-up is
 * still by count (tcp_timer.c:233): SYNs at 0, 1, 2.5, 2.501 ... 2.504 s,
 * ETIMEDOUT at 2.505 s. */
START_TEST(test_user_timeout_cuts_the_syn_rto_short)
{
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;
	int n;

	open_conn(&c, true, 0, 2500, SYN_RETRIES);
	ck_assert_int_eq(c.at_ms[2], 2500);
	ck_assert_int_eq(c.at_ms[7], 2505);
	for (n = 1; n <= SYN_RETRIES; n++) {
		expect_retransmission(&c, n, buf, sizeof(buf), &s);
		kmt_step("icsk_rto after retransmission %d", n);
		ck_assert_uint_eq(sock_u(&c, "icsk_rto"),
				  (unsigned long long)min_ll(RTO_INIT_MS << n, RTO_MAX_MS));
	}
	expect_give_up(&c);
}
END_TEST

/* Has the route been forgotten after retransmission n? Compare with
 * retransmits_timed_out(sk, tcp_retries1 + 1, 0) (tcp_timer.c:566-567):
 * elapsed since the first SYN >= the backoff series of that many RTOs. */
static void expect_route(const struct conn *c, int n, unsigned int retries1)
{
	long long series = backoff_series_ms(retries1 + 1);
	bool reset = c->at_ms[n] >= series;
	unsigned long long dst = sock_u(c, "sk_dst_cache");

	ck_assert_msg(reset ? dst == 0 : dst != 0, "[%s] after the retransmission "
		      "at %lld ms sk_dst_cache is %s; expected %s (tcp_retries1 = %u: "
		      "the route is reset once %lld ms >= %lld ms, the duration of "
		      "%u RTOs from 200 ms doubling, capped at 120 s)", T.step,
		      c->at_ms[n], dst ? "still set" : "NULL",
		      reset ? "NULL" : "still set", retries1, c->at_ms[n], series,
		      retries1 + 2);
}

/* Default tcp_retries1 3: after the retransmission at 3 s the route is
 * kept, after the one at 7 s it is forgotten (6200 ms of backoff). */
START_TEST(test_route_forgotten_after_retries1_plus_one_backoffs)
{
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;
	int n;

	open_conn(&c, false, 0, 0, SYN_RETRIES);
	ck_assert_int_eq(backoff_series_ms(RETRIES1 + 1), 6200);
	for (n = 1; n <= 4; n++) {
		expect_retransmission(&c, n, buf, sizeof(buf), &s);
		expect_route(&c, n, RETRIES1);
	}
}
END_TEST

/* tcp_retries1 8 and 10: boundaries 9 and 11, at and past the doubling
 * threshold ilog2(TCP_RTO_MAX / TCP_RTO_MIN) = 9 (tcp_timer.c:204-211):
 * 204.6 s and 444.6 s. */
START_TEST(test_route_reset_boundary_beyond_the_doubling_threshold)
{
	static const int r1s[] = { 8, 10 };
	unsigned char buf[128];
	struct km_seg s;
	struct conn c;
	unsigned int k;
	int n;

	ck_assert_int_eq(backoff_series_ms(9), 204600);
	ck_assert_int_eq(backoff_series_ms(11), 444600);
	for (k = 0; k < sizeof(r1s) / sizeof(r1s[0]); k++) {
		kmt_step("net.ipv4.tcp_retries1 = %d", r1s[k]);
		ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_retries1", r1s[k]), 0);
		open_conn(&c, false, 11, 0, 11);
		for (n = 1; n <= 11; n++) {
			expect_retransmission(&c, n, buf, sizeof(buf), &s);
			if (n >= 7)
				expect_route(&c, n, (unsigned int)r1s[k]);
		}
		km_close(T.app, (int)c.fd);
		km_wire_clear(T.wire);
	}
}
END_TEST

/*
 * Crossed SYNs: the peer's SYN moves us to SYN_RECV and we answer with
 * our SYN, now with ACK (tcp_input.c:5936-5964). The timer the first SYN
 * armed keeps running and the handshake rule still applies in SYN_RECV
 * (tcp_timer.c:226): the SYN-ACK is resent at 1, 3, ... 63 s and the
 * connection gives up at 127 s.
 */
START_TEST(test_simultaneous_open_synack_resent_on_the_syn_schedule)
{
	unsigned char buf[128];
	struct km_seg peer_syn, s;
	struct conn c;
	int n;

	open_conn(&c, false, 0, 0, SYN_RETRIES);
	kmt_step("the peer's own SYN crosses ours at 100 ms");
	advance_to(c.tick0 + 100 * NS_PER_MS);
	kmt_client_syn(&peer_syn, PEER_PORT, c.first.sport, PEER_ISN);
	kmt_wire_inject(&peer_syn, 0);
	kmt_wire_expect(&s);
	ck_assert_msg(s.flags == (KM_TH_SYN | KM_TH_ACK), "[%s] answered %s, "
		      "expected our SYN-ACK", T.step, describe(&s));
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_SYN_RECV");
	for (n = 1; n <= SYN_RETRIES; n++) {
		expect_retransmission(&c, n, buf, sizeof(buf), &s);
		ck_assert_msg(s.flags == (KM_TH_SYN | KM_TH_ACK) &&
			      s.seq == c.first.seq && s.ack == PEER_ISN + 1,
			      "[%s] sent %s; expected our SYN-ACK again (seq %u ack %u)",
			      T.step, describe(&s), c.first.seq, PEER_ISN + 1);
		kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_SYN_RECV");
		ck_assert_uint_eq(sock_u(&c, "icsk_retransmits"), (unsigned)n);
	}
	kmt_step("the expiry at 127 s gives up in SYN_RECV too");
	advance_to(due_ns(&c, SYN_RETRIES + 1) - 1);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_SYN_RECV");
	advance_to(due_ns(&c, SYN_RETRIES + 1));
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)c.fd, "sock", "sk_err", "ETIMEDOUT");
}
END_TEST

/* ------------------------------------------------------------ the suite */

/* Seed 3, as in Part A: the client's first SYN leaves 0.709 ms after a
 * jiffy tick, so its retransmission comes 999.29 ms later (any seed with
 * a phase would do; the first test checks there is one). */
static void setup(void)
{
	kmt_seed = 3;
	kmt_setup_wire();
}

#define CASE(fn)	kmt_lab_case(s, #fn, fn, setup, kmt_teardown)

static Suite *lab6_suite(void)
{
	Suite *s = suite_create("lab6");

	CASE(test_first_retransmission_at_one_second_on_the_tick);
	CASE(test_retransmissions_double_from_one_second);
	CASE(test_retransmitted_syn_is_byte_exact);
	CASE(test_backoff_and_retransmits_count_each_retransmission);
	CASE(test_timeout_enters_loss_state);
	CASE(test_default_syn_retries_give_up_at_127_s);
	CASE(test_syn_retries_sysctl_2_gives_up_at_7_s);
	CASE(test_tcp_syncnt_overrides_the_sysctl);
	CASE(test_syn_retries_read_at_each_expiry);
	CASE(test_rto_is_capped_at_120_s);
	CASE(test_user_timeout_cuts_the_syn_rto_short);
	CASE(test_route_forgotten_after_retries1_plus_one_backoffs);
	CASE(test_route_reset_boundary_beyond_the_doubling_threshold);
	CASE(test_simultaneous_open_synack_resent_on_the_syn_schedule);
	return s;
}

int main(void)
{
	return kmt_run(lab6_suite());
}
