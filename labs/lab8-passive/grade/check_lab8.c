// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 8 — passive open: the graded suite.
 *
 * Students implement tcp_conn_request() (kernel_mirror/net/ipv4/
 * tcp_input.c, region "conn_request") and tcp_check_req()
 * (kernel_mirror/net/ipv4/tcp_minisocks.c, region "check_req"). Each test
 * puts a listener on 10.0.0.1:80 (the host under test) and plays the
 * client 10.0.0.2 on the test wire: it injects a SYN, reads the SYN-ACK,
 * then injects the final ACK or something worse, and checks what Linux 5.0
 * does — the packets sent back (byte-exact where one is due), the request
 * sock's fields, the child socket and the accept queue.
 *
 * Every expected value is computed here from the rule in Linux 5.0.1
 * (net/ipv4/tcp_input.c:6411-6548 and net/ipv4/tcp_minisocks.c:584-818
 * unless said otherwise) and from the segments on the wire, never read
 * back from the code under test. The request sock has no file descriptor:
 * its fields are followed through the trace (the field changes the tracer
 * reports for "req#N"), as `kmirror trace` shows them.
 *
 * One TCase per test, named like the test function, so the grader can run
 * a single test alone (CK_RUN_CASE=<name>).
 */
#include <string.h>
#include <errno.h>
#include <netinet/tcp.h>
#include "kmtest.h"

#define SRV_PORT	80
#define CLI_PORT	40000
#define CLI_ISN		2000000000u	/* the client's initial sequence number */
#define CLI_TSVAL	5555u		/* kmt_client_syn's TSval */

/* 65160: tcp_openreq_init_rwin (tcp_minisocks.c:381) offers whole segments
 * of MSS 1460 - 12 (timestamps) that fit 65535: 45 * 1448. Without
 * timestamps: 44 * 1460 = 64240 (tcp_output.c:217-228). */
#define WIN_TS		65160u
#define WIN_NO_TS	64240u

/* include/net/tcp_states.h:28 (netinet/tcp.h has no such state) */
#define STATE_NEW_SYN_RECV	12

/* ------------------------------------------------------- the request sock */

/* The newest request sock's fields, as the trace reports their changes. */
static struct {
	int		sub;
	unsigned int	id;		/* req#id, 0: none seen yet */
	int		nreqs;		/* request socks created */
	unsigned long long v[64];
	bool		set[64];
} R;

static void follow_req(void *ctx, const struct km_event *ev)
{
	int i;

	(void)ctx;
	if (ev->type == KM_EV_OBJ_NEW && ev->obj_kind == KM_OBJ_REQSK) {
		R.id = ev->obj_id;
		R.nreqs++;
		memset(R.set, 0, sizeof(R.set));
	}
	for (i = 0; i < ev->ndiffs; i++) {
		const struct km_diff *d = &ev->diffs[i];

		if (d->obj_kind != KM_OBJ_REQSK || d->field < 0 || d->field >= 64)
			continue;
		if (d->obj_id != R.id) {
			if (!d->is_new)
				continue;
			R.id = d->obj_id;
			memset(R.set, 0, sizeof(R.set));
		}
		R.v[d->field] = d->newv;
		R.set[d->field] = true;
	}
}

static void setup(void)
{
	kmt_setup_wire();
	memset(&R, 0, sizeof(R));
	R.sub = km_trace_subscribe(T.w, follow_req, NULL);
	ck_assert_msg(R.sub >= 0, "tracing could not be enabled (%s)",
		      strerror(-R.sub));
}

static void teardown(void)
{
	if (R.sub >= 0)
		km_trace_unsubscribe(T.w, R.sub);
	R.sub = -1;
	kmt_teardown();
}

static unsigned long long req_field(const char *name)
{
	int idx = km_field_find(KM_OBJ_REQSK, name);

	ck_assert_msg(idx >= 0 && idx < 64, "no request sock field %s", name);
	ck_assert_msg(R.id != 0, "[%s] no request sock was created (expected one "
		      "for the SYN: inet_reqsk_alloc, tcp_input.c:6442)", T.step);
	ck_assert_msg(R.set[idx], "[%s] req#%u.%s was never set (tcp_openreq_init, "
		      "tcp_input.c:6312)", T.step, R.id, name);
	return R.v[idx];
}

static void want_req(const char *name, unsigned long long want, const char *why)
{
	unsigned long long got = req_field(name);

	ck_assert_msg(got == want, "[%s] req#%u.%s is %llu, expected %llu: %s",
		      T.step, R.id, name, got, want, why);
}

/* ------------------------------------------------------------- helpers */

static const char *describe(const struct km_seg *s)
{
	static char bufs[2][256];
	static int i;
	char *b = bufs[i++ & 1];

	km_seg_describe(s, b, 256);
	return b;
}

static void inject(const struct km_seg *s, const char *what)
{
	kmt_step("inject %s: %s", what, describe(s));
	kmt_wire_inject(s, 0);
}

static long listener(int backlog)
{
	return kmt_listen_on_wire(SRV_PORT, backlog);
}

static void client_syn(struct km_seg *s, uint16_t port, uint32_t isn)
{
	kmt_client_syn(s, port, SRV_PORT, isn);
}

/* Our SYN-ACK must come: fail with what came instead. */
static void expect_synack(struct km_seg *sa, const struct km_seg *syn,
			  const char *why)
{
	if (!kmt_wire_next(sa))
		ck_abort_msg("[%s] expected a SYN-ACK (%s), nothing was sent",
			     T.step, why);
	ck_assert_msg((sa->flags & (KM_TH_SYN | KM_TH_ACK | KM_TH_RST)) ==
		      (KM_TH_SYN | KM_TH_ACK) && sa->ack == syn->seq + 1,
		      "[%s] expected a SYN-ACK with ack = the SYN's seq + 1 = %u "
		      "(%s), got: %s", T.step, syn->seq + 1, why, describe(sa));
}

static void expect_nothing(const char *what, const char *rule)
{
	struct km_seg got;

	kmt_step("%s: nothing is sent (%s)", what, rule);
	if (kmt_wire_next(&got))
		ck_abort_msg("[%s] %s must get no answer (%s), but the host sent: %s",
			     T.step, what, rule, describe(&got));
}

/* SYN -> SYN-ACK on a fresh connection from `port`. */
static void open_request(uint16_t port, uint32_t isn, struct km_seg *syn,
			 struct km_seg *sa)
{
	client_syn(syn, port, isn);
	inject(syn, "a SYN");
	expect_synack(sa, syn, "the listener answers a SYN (tcp_input.c:6531)");
}

/* The client's final ACK of the handshake (as Linux sends it). */
static void final_ack(struct km_seg *a, const struct km_seg *syn,
		      const struct km_seg *sa)
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

static long listener_u(long lfd, const char *field)
{
	return (long)kmt_field_u(T.root, (int)lfd, "sock", field);
}

static void want_listener(long lfd, const char *field, long want, const char *why)
{
	long got = listener_u(lfd, field);

	ck_assert_msg(got == want, "[%s] the listener's %s is %ld, expected %ld: %s",
		      T.step, field, got, want, why);
}

static void want_mib(const char *name, long want, const char *why)
{
	long got = km_host_mib(T.h, name);

	ck_assert_msg(got == want, "[%s] counter %s is %ld, expected %ld: %s",
		      T.step, name, got, want, why);
}

/* accept() must give a connection (or nothing: want_child false). */
static long accept_child(long lfd, bool want_child, const char *why)
{
	long fd = km_accept4(T.root, (int)lfd, NULL, NULL, 0);

	if (want_child)
		ck_assert_msg(fd >= 0, "[%s] accept() = %s, expected a new connection: %s",
			      T.step, kmt_errname(fd), why);
	else
		ck_assert_msg(fd == -EAGAIN, "[%s] accept() = %s, expected EAGAIN "
			      "(no connection yet): %s", T.step, kmt_errname(fd), why);
	return fd;
}

/* The good final ACK completes the handshake (nothing is sent back); with
 * lfd, accept() must then return the connection. */
static long ack_final(long lfd, const struct km_seg *syn, const struct km_seg *sa,
		      const char *why)
{
	struct km_seg a;

	final_ack(&a, syn, sa);
	inject(&a, "the final ACK");
	expect_nothing("the final ACK", "the child is created");
	return lfd >= 0 ? accept_child(lfd, true, why) : -1;
}

/* The ISN Linux 5.0 chooses: secure_tcp_seq(our addr, peer addr, our port,
 * peer port) = siphash_3u32 under net_secret, plus the real-time clock in
 * 64 ns units (net/core/secure_seq.c:132-141, 37-50; tcp_ipv4.c:98-104).
 * `real_ns` is the clock when the SYN was processed. */
static uint32_t expected_isn(uint16_t cli_port, unsigned long long real_ns)
{
	uint8_t secret[16];

	ck_assert_msg(km_host_secret(T.h, "net_secret", secret, 16) == 0,
		      "[%s] net_secret was never initialised: the ISN must come "
		      "from secure_tcp_seq (tcp_input.c:6498)", T.step);
	return (uint32_t)km_siphash_3u32(T.client, T.peer,
					 (uint32_t)htons(SRV_PORT) << 16 | htons(cli_port),
					 secret) + (uint32_t)(real_ns >> 6);
}

/* The timestamp offset: secure_tcp_ts_off(our addr, peer addr) =
 * siphash_2u32 under ts_secret (secure_seq.c:117-125, tcp_ipv4.c:106). */
static uint32_t expected_ts_off(void)
{
	uint8_t secret[16];

	ck_assert_msg(km_host_secret(T.h, "ts_secret", secret, 16) == 0,
		      "[%s] ts_secret was never initialised: with timestamps the "
		      "request's ts_off comes from init_ts_off (tcp_input.c:6474)",
		      T.step);
	return (uint32_t)km_siphash_2u32(T.client, T.peer, secret);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* ------------------------------------------------- tcp_conn_request */

/*
 * The SYN-ACK for a Linux SYN (MSS 1460, SACK_PERM, TS, WS 7), every byte:
 * SYN|ACK, ack = the SYN's seq + 1, window 65160 (tcp_minisocks.c:381),
 * DF, TTL 64, IP ID 0 (ip_output.c:163-164), options in Linux's order
 * MSS 1460, SACK_PERM, TS (TSval = our clock in ms + ts_off, TSecr = the
 * SYN's TSval), NOP, WS 7 (tcp_output.c:tcp_synack_options).
 */
START_TEST(test_synack_is_byte_exact)
{
	struct km_seg syn, sa, want;
	unsigned long long real, mono;
	uint32_t tsval;

	listener(128);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	real = km_host_realtime_ns(T.h);
	mono = km_host_monotonic_ns(T.h);
	inject(&syn, "a SYN with MSS, SACK_PERM, TS, WS 7");
	expect_synack(&sa, &syn, "tcp_input.c:6531");
	tsval = (uint32_t)(mono / 1000000) + expected_ts_off();

	km_seg_init_tcp(&want, T.client, SRV_PORT, T.peer, CLI_PORT);
	want.flags = KM_TH_SYN | KM_TH_ACK;
	want.seq = expected_isn(CLI_PORT, real);
	want.ack = CLI_ISN + 1;
	want.window = WIN_TS;
	want.ip_id = 0;
	want.ip_tot_len = 60;
	{
		static const uint8_t o[20] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10,
					       0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7 };

		memcpy(want.opt, o, 20);
		put32(want.opt + 8, tsval);
		put32(want.opt + 12, CLI_TSVAL);
		want.opt_len = 20;
	}
	kmt_step("the SYN-ACK, byte by byte (seq = secure_tcp_seq, TSval = "
		 "clock + secure_tcp_ts_off)");
	kmt_assert_seg(&want, &sa, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ |
		       KMT_F_ACK | KMT_F_FLAGS | KMT_F_WIN | KMT_F_TTL |
		       KMT_F_DF | KMT_F_ID | KMT_F_LEN | KMT_F_OPTS);
	ck_assert(sa.ip_csum_ok && sa.l4_csum_ok);
	expect_nothing("after the SYN-ACK", "one SYN, one SYN-ACK");
}
END_TEST

/* Two SYNs from two ports at two times: each ISN is secure_tcp_seq of its
 * own 4-tuple at its own time (tcp_input.c:6498, 6510). */
START_TEST(test_synack_seq_is_the_keyed_isn)
{
	struct km_seg syn, sa;
	unsigned long long real;
	uint32_t want;
	int i;

	listener(128);
	for (i = 0; i < 2; i++) {
		uint16_t port = (uint16_t)(CLI_PORT + 17 * i);

		kmt_advance_ms(250);
		client_syn(&syn, port, CLI_ISN);
		real = km_host_realtime_ns(T.h);
		inject(&syn, "a SYN");
		expect_synack(&sa, &syn, "tcp_input.c:6531");
		want = expected_isn(port, real);
		ck_assert_msg(sa.seq == want,
			      "[%s] the SYN-ACK's seq (our ISN) is %u, expected %u = "
			      "secure_tcp_seq(10.0.0.1, 10.0.0.2, 80, %u) at this "
			      "moment (af_ops->init_seq, tcp_input.c:6498)", T.step,
			      sa.seq, want, port);
		want_req("snt_isn", want, "snt_isn is the ISN the SYN-ACK "
			 "carries (tcp_input.c:6510)");
	}
}
END_TEST

/* The request sock remembers the SYN (tcp_openreq_init, tcp_input.c:6312;
 * tcp_openreq_init_rwin, tcp_minisocks.c:352) and waits in the SYN queue. */
START_TEST(test_request_sock_records_the_syn)
{
	struct km_seg syn, sa;
	long lfd = listener(128);

	client_syn(&syn, CLI_PORT, CLI_ISN);
	syn.mss = 1200;
	inject(&syn, "a SYN with MSS 1200, SACK_PERM, TS, WS 7");
	expect_synack(&sa, &syn, "tcp_input.c:6531");
	kmt_step("the request sock's fields");
	want_req("skc_state", STATE_NEW_SYN_RECV, "a request sock is "
		 "TCP_NEW_SYN_RECV (inet_reqsk_alloc, tcp_input.c:6350)");
	want_req("rcv_isn", CLI_ISN, "the SYN's seq (tcp_input.c:6320)");
	want_req("rcv_nxt", CLI_ISN + 1, "the SYN takes one sequence number "
		 "(tcp_input.c:6321)");
	want_req("snt_isn", sa.seq, "the ISN the SYN-ACK carries");
	want_req("mss", 1200, "the peer's MSS option (mss_clamp, tcp_input.c:6324)");
	want_req("ts_recent", CLI_TSVAL, "the SYN's TSval (tcp_input.c:6325)");
	want_req("tstamp_ok", 1, "the SYN had TS (tcp_input.c:6461)");
	want_req("sack_ok", 1, "the SYN had SACK_PERM");
	want_req("wscale_ok", 1, "the SYN had WS");
	want_req("snd_wscale", 7, "the peer's shift, from its WS option");
	want_req("rcv_wscale", 7, "ilog2(tcp_rmem[2] = 6 MB) - 15 "
		 "(tcp_output.c:239-243)");
	want_req("rsk_rcv_wnd", WIN_TS, "45 * (1460 - 12) (tcp_minisocks.c:381)");
	want_req("ts_off", expected_ts_off(), "secure_tcp_ts_off "
		 "(tcp_input.c:6474)");
	want_req("ecn_ok", 0, "the SYN did not ask for ECN");
	want_req("acked", 0, "no ACK yet");
	kmt_step("the SYN queue holds it; the accept queue is empty");
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "one request in the SYN "
		      "queue (inet_csk_reqsk_queue_hash_add, tcp_input.c:6529)");
	want_listener(lfd, "sk_ack_backlog", 0, "nothing to accept yet");
	accept_child(lfd, false, "a request sock is not a connection");
	kmt_step("the SYN-ACK's MSS option is ours (1460), not the peer's");
	ck_assert_msg(sa.mss == 1460, "[%s] the SYN-ACK's MSS option is %d, "
		      "expected our advmss 1460 (tcp_output.c:tcp_synack_options)",
		      T.step, sa.mss);
}
END_TEST

/* The request was hashed with its timer: an unanswered SYN-ACK comes
 * again after TCP_TIMEOUT_INIT = 1 s (tcp_input.c:6529, tcp_timeout_init). */
START_TEST(test_synack_is_retransmitted_after_one_second)
{
	struct km_seg syn, sa, again;

	listener(128);
	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	kmt_advance_ms(999);
	expect_nothing("before 1 s", "the SYN-ACK timer is 1 s");
	kmt_advance_ms(1);
	kmt_step("at 1 s the SYN-ACK is retransmitted (request timer, "
		 "inet_csk_reqsk_queue_hash_add, tcp_input.c:6529)");
	if (!kmt_wire_next(&again))
		ck_abort_msg("[%s] no SYN-ACK retransmission at 1 s: was the "
			     "request hashed with its timer (tcp_timeout_init)?",
			     T.step);
	ck_assert_msg(again.flags == (KM_TH_SYN | KM_TH_ACK) && again.seq == sa.seq,
		      "[%s] expected the same SYN-ACK again (seq %u), got: %s",
		      T.step, sa.seq, describe(&again));
}
END_TEST

/* The SYN-ACK's options answer the SYN's: no TS, no SACK, no WS offered ->
 * none returned, the window counts 1460-byte segments and is not scaled. */
START_TEST(test_synack_options_follow_the_syn)
{
	struct km_seg syn, sa;
	static const uint8_t mss_only[4] = { 2, 4, 0x05, 0xb4 };
	static const uint8_t mss_ts[16] = { 2, 4, 0x05, 0xb4, 1, 1, 8, 10 };

	listener(128);
	kmt_step("a SYN with only MSS 1460");
	client_syn(&syn, CLI_PORT, CLI_ISN);
	syn.sack_perm = false;
	syn.ts = false;
	syn.wscale = -1;
	inject(&syn, "a SYN with MSS only");
	expect_synack(&sa, &syn, "tcp_input.c:6531");
	ck_assert_msg(sa.opt_len == 4 && !memcmp(sa.opt, mss_only, 4),
		      "[%s] a SYN with only MSS must get a SYN-ACK with only MSS "
		      "1460 (tstamp_ok, sack_ok, wscale_ok are 0: tcp_input.c:6461, "
		      "6312), got: %s", T.step, describe(&sa));
	ck_assert_msg(sa.window == WIN_NO_TS, "[%s] window %u, expected %u = 44 "
		      "* 1460 (no timestamps, tcp_minisocks.c:381)", T.step,
		      sa.window, WIN_NO_TS);
	want_req("rcv_wscale", 0, "no WS from the peer: no scaling "
		 "(tcp_output.c:236)");
	want_req("ts_off", 0, "no timestamps: ts_off stays 0 (tcp_input.c:6447, 6473-6474)");

	kmt_step("a SYN with MSS and TS, no SACK, no WS");
	client_syn(&syn, CLI_PORT + 1, CLI_ISN);
	syn.sack_perm = false;
	syn.wscale = -1;
	inject(&syn, "a SYN with MSS and TS");
	expect_synack(&sa, &syn, "tcp_input.c:6531");
	ck_assert_msg(sa.opt_len == 16 && !memcmp(sa.opt, mss_ts, 8) &&
		      sa.ts && sa.tsecr == CLI_TSVAL,
		      "[%s] expected MSS 1460, NOP, NOP, TS (TSecr %u), nothing "
		      "else; got: %s", T.step, CLI_TSVAL, describe(&sa));
	ck_assert_msg(sa.window == WIN_TS, "[%s] window %u, expected %u", T.step,
		      sa.window, WIN_TS);
}
END_TEST

/* ECN (RFC 3168): a SYN with ECE and CWR, tcp_ecn 2 (the default, the
 * server side accepts) -> the SYN-ACK carries ECE (tcp_input.c:6288-6310). */
START_TEST(test_ecn_setup_syn_gets_ece)
{
	struct km_seg syn, sa;

	listener(128);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	syn.flags = KM_TH_SYN | KM_TH_ECE | KM_TH_CWR;
	inject(&syn, "an ECN-setup SYN (ECE|CWR)");
	expect_synack(&sa, &syn, "tcp_input.c:6531");
	ck_assert_msg(sa.flags == (KM_TH_SYN | KM_TH_ACK | KM_TH_ECE),
		      "[%s] an ECN-setup SYN must get SYN|ACK|ECE "
		      "(tcp_ecn_create_request, tcp_input.c:6501), got: %s",
		      T.step, describe(&sa));
	want_req("ecn_ok", 1, "tcp_ecn 2 accepts ECN asked for (tcp_input.c:6309)");

	client_syn(&syn, CLI_PORT + 1, CLI_ISN);
	syn.flags = KM_TH_SYN | KM_TH_ECE;
	inject(&syn, "a SYN with ECE only");
	expect_synack(&sa, &syn, "tcp_input.c:6531");
	ck_assert_msg(sa.flags == (KM_TH_SYN | KM_TH_ACK),
		      "[%s] ECE without CWR does not ask for ECN: expected a "
		      "plain SYN|ACK, got: %s", T.step, describe(&sa));
}
END_TEST

/* The accept queue is full when sk_ack_backlog > sk_max_ack_backlog:
 * the SYN is dropped, ListenOverflows and ListenDrops count it
 * (tcp_input.c:6437-6439, 6547). */
START_TEST(test_full_accept_queue_drops_syn)
{
	struct km_seg syn, sa;
	long lfd = listener(1);
	int i;

	for (i = 0; i < 2; i++) {
		kmt_step("connection %d completes into the accept queue", i + 1);
		open_request((uint16_t)(CLI_PORT + i), CLI_ISN, &syn, &sa);
		ack_final(-1, &syn, &sa, NULL);
	}
	want_listener(lfd, "sk_ack_backlog", 2, "two children wait for accept()");
	client_syn(&syn, CLI_PORT + 5, CLI_ISN);
	inject(&syn, "a SYN while 2 > backlog 1 children wait");
	expect_nothing("a SYN to a listener with a full accept queue",
		       "sk_acceptq_is_full, tcp_input.c:6437");
	want_mib("TcpExtListenOverflows", 1, "tcp_input.c:6438");
	want_mib("TcpExtListenDrops", 1, "tcp_listendrop (tcp_input.c:6547)");
	want_listener(lfd, "icsk_accept_queue.qlen", 0, "no request was made");
	kmt_step("after one accept() there is room again");
	accept_child(lfd, true, "a child waits");
	client_syn(&syn, CLI_PORT + 6, CLI_ISN);
	inject(&syn, "a SYN once the queue has room");
	expect_synack(&sa, &syn, "the accept queue is no longer full");
}
END_TEST

/* The SYN queue is full when qlen >= sk_max_ack_backlog; without cookies
 * (tcp_syncookies 0) the SYN is dropped (tcp_input.c:6430-6434, :6383). */
START_TEST(test_full_syn_queue_without_cookies_drops_syn)
{
	struct km_seg syn, sa;
	long lfd;
	int i;

	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 0);
	lfd = listener(2);
	for (i = 0; i < 2; i++)
		open_request((uint16_t)(CLI_PORT + i), CLI_ISN, &syn, &sa);
	want_listener(lfd, "icsk_accept_queue.qlen", 2, "two requests");
	client_syn(&syn, CLI_PORT + 2, CLI_ISN);
	inject(&syn, "a third SYN, SYN queue full (2 >= backlog 2)");
	expect_nothing("a SYN to a full SYN queue without cookies",
		       "tcp_syn_flood_action returns false, tcp_input.c:6432");
	want_mib("TcpExtTCPReqQFullDrop", 1, "tcp_syn_flood_action (tcp_input.c:6383)");
	want_mib("TcpExtListenDrops", 1, "tcp_listendrop (tcp_input.c:6547)");
	want_listener(lfd, "icsk_accept_queue.qlen", 2, "no third request");
}
END_TEST

/* With tcp_syncookies 1 (the default) a full SYN queue answers with a SYN
 * cookie: a SYN-ACK, but no request kept, no timer; the cookie's ACK is
 * checked by cookie_v4_check and makes the connection (tcp_input.c:
 * 6504-6508, 6527-6538). */
START_TEST(test_full_syn_queue_answers_with_cookie)
{
	struct km_seg syn, sa, csyn, csa, a, s;
	long lfd = listener(2);
	int i, n;

	for (i = 0; i < 2; i++)
		open_request((uint16_t)(CLI_PORT + i), CLI_ISN, &syn, &sa);
	client_syn(&csyn, CLI_PORT + 2, CLI_ISN + 99);
	inject(&csyn, "a third SYN, SYN queue full");
	expect_synack(&csa, &csyn, "tcp_syncookies 1: a SYN cookie (tcp_input.c:6504)");
	want_mib("TcpExtTCPReqQFullDoCookies", 1, "tcp_syn_flood_action (tcp_input.c:6380)");
	want_mib("TcpExtSyncookiesSent", 1, "cookie_init_sequence (tcp_input.c:6504)");
	want_listener(lfd, "icsk_accept_queue.qlen", 2, "a cookie keeps no "
		      "request in the queue (tcp_input.c:6528-6530)");
	kmt_step("at 1 s only the two real requests retransmit their SYN-ACK");
	kmt_advance_ms(1000);
	for (n = 0; kmt_wire_next(&s); n++)
		ck_assert_msg(s.dport != csyn.sport, "[%s] the cookie's SYN-ACK was "
			      "retransmitted: a cookie request must not be hashed "
			      "with a timer (tcp_input.c:6528-6530)\n  got: %s", T.step,
			      describe(&s));
	ck_assert_msg(n == 2, "[%s] %d SYN-ACK retransmissions, expected 2 "
		      "(the two requests in the queue)", T.step, n);
	kmt_step("the cookie's final ACK makes a connection");
	final_ack(&a, &csyn, &csa);
	inject(&a, "the final ACK for the cookie");
	expect_nothing("a valid cookie ACK", "cookie_v4_check creates the child");
	want_mib("TcpExtSyncookiesRecv", 1, "the ISN was a valid cookie");
	accept_child(lfd, true, "the cookie connection");
}
END_TEST

/* tcp_syncookies 2: always a cookie. A cookie without timestamps cannot
 * keep the SYN's options: only MSS comes back (tcp_input.c:6455-6456). */
START_TEST(test_forced_cookie_without_timestamps_keeps_only_mss)
{
	struct km_seg syn, sa;
	static const uint8_t mss_only[4] = { 2, 4, 0x05, 0xb4 };
	long lfd;

	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 2);
	lfd = listener(128);
	client_syn(&syn, CLI_PORT, CLI_ISN);
	syn.ts = false;
	inject(&syn, "a SYN with MSS, SACK_PERM, WS 7, no TS");
	expect_synack(&sa, &syn, "tcp_syncookies 2: always a cookie");
	ck_assert_msg(sa.opt_len == 4 && !memcmp(sa.opt, mss_only, 4),
		      "[%s] a cookie SYN-ACK without timestamps forgets SACK and WS "
		      "(tcp_clear_options, tcp_input.c:6456): expected only MSS "
		      "1460, got: %s", T.step, describe(&sa));
	want_mib("TcpExtSyncookiesSent", 1, "tcp_input.c:6505");
	want_listener(lfd, "icsk_accept_queue.qlen", 0, "a cookie keeps no request");
}
END_TEST

/* Without cookies, the last quarter of tcp_max_syn_backlog is kept for
 * peers known to be alive (tcp_input.c:6481-6494): with 8, the SYN that
 * finds 7 requests is dropped (8 - 7 < 8 >> 2) although backlog is 128. */
START_TEST(test_syn_backlog_last_quarter_is_kept)
{
	struct km_seg syn, sa;
	long lfd;
	int i;

	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 0);
	km_sysctl_set(T.h, "net.ipv4.tcp_max_syn_backlog", 8);
	lfd = listener(128);
	for (i = 0; i < 6; i++)
		open_request((uint16_t)(CLI_PORT + i), CLI_ISN, &syn, &sa);
	kmt_step("the 7th SYN: 8 - 6 = 2, not < 2: answered");
	open_request(CLI_PORT + 6, CLI_ISN, &syn, &sa);
	client_syn(&syn, CLI_PORT + 7, CLI_ISN);
	inject(&syn, "the 8th SYN: 8 - 7 = 1 < 8 >> 2");
	expect_nothing("a SYN into the last quarter of tcp_max_syn_backlog",
		       "an unproven peer, tcp_input.c:6482-6484");
	want_listener(lfd, "icsk_accept_queue.qlen", 7, "seven requests");
	want_mib("TcpExtListenDrops", 1, "tcp_listendrop (tcp_input.c:6547)");
}
END_TEST

/* The listener itself (tcp_rcv_state_process, tcp_input.c:6017-6042):
 * an ACK gets an RST, an RST or a SYN|FIN is dropped; a plain SYN is then
 * answered. */
START_TEST(test_listener_drops_bad_flag_syns)
{
	struct km_seg syn, sa, s, r;
	long lfd = listener(128);

	client_syn(&s, CLI_PORT, CLI_ISN);
	s.flags = KM_TH_SYN | KM_TH_FIN;
	inject(&s, "SYN|FIN");
	expect_nothing("SYN|FIN to a listener", "tcp_input.c:6025");
	s.flags = KM_TH_SYN | KM_TH_RST;
	inject(&s, "SYN|RST");
	expect_nothing("SYN|RST to a listener", "tcp_input.c:6021");
	s.flags = KM_TH_SYN | KM_TH_ACK;
	s.ack = 4242;
	inject(&s, "SYN|ACK");
	kmt_step("SYN|ACK to a listener: RST with seq = its ack (tcp_input.c:6018-6019, tcp_ipv4.c:690-691)");
	kmt_wire_expect(&r);
	ck_assert_msg(r.flags == KM_TH_RST && r.seq == 4242, "[%s] expected RST "
		      "seq 4242, got: %s", T.step, describe(&r));
	want_listener(lfd, "icsk_accept_queue.qlen", 0, "no request for bad flags");
	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "the good SYN's request");
}
END_TEST

/* ---------------------------------------------------- tcp_check_req */

/* The final ACK (ack = our ISN + 1, in window) creates the child:
 * syn_recv_sock, inet_csk_complete_hashdance; the child becomes
 * ESTABLISHED and waits in the accept queue (tcp_minisocks.c:786-794). */
START_TEST(test_final_ack_creates_established_child)
{
	struct km_seg syn, sa;
	struct sockaddr_in peer;
	int plen = sizeof(peer);
	long lfd = listener(128), cfd;

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	ack_final(-1, &syn, &sa, NULL);
	kmt_step("the request left the SYN queue, the child is in the accept queue");
	want_listener(lfd, "icsk_accept_queue.qlen", 0, "inet_csk_complete_hashdance "
		      "removes the request (tcp_minisocks.c:794)");
	want_listener(lfd, "sk_ack_backlog", 1, "one child to accept");
	want_mib("TcpPassiveOpens", 1, "tcp_create_openreq_child");
	cfd = km_accept4(T.root, (int)lfd, &peer, &plen, 0);
	ck_assert_msg(cfd >= 0, "[%s] accept() = %s, expected the new connection",
		      T.step, kmt_errname(cfd));
	ck_assert_msg(ntohs(peer.sin_port) == CLI_PORT && peer.sin_addr.s_addr == T.peer,
		      "[%s] accept() returned the peer %s:%u, expected 10.0.0.2:%u",
		      T.step, inet_ntoa(peer.sin_addr), ntohs(peer.sin_port), CLI_PORT);
	kmt_step("the child: ESTABLISHED, the handshake's numbers");
	kmt_assert_field(T.root, (int)cfd, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rcv_nxt"), CLI_ISN + 1);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "snd_una"), sa.seq + 1);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "snd_nxt"), sa.seq + 1);
	want_listener(lfd, "sk_ack_backlog", 0, "accept() took the child");
}
END_TEST

/* An in-window segment's TSval becomes the request's ts_recent
 * (tcp_minisocks.c:740-741), even one dropped later for lack of an ACK:
 * the retransmitted SYN-ACK echoes it (tcp_output.c:tcp_synack_options),
 * and the child inherits the final ACK's (tcp_minisocks.c:540). */
START_TEST(test_in_window_timestamp_updates_ts_recent)
{
	struct km_seg syn, sa, s, a;
	long lfd = listener(128), cfd;

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	kmt_advance_ms(30);
	final_ack(&s, &syn, &sa);
	s.flags = 0;
	s.ack = 0;
	s.tsval = CLI_TSVAL + 30;
	inject(&s, "an in-window segment without flags, TSval = the SYN's + 30");
	expect_nothing("a segment without ACK", "tcp_minisocks.c:763");
	want_req("ts_recent", CLI_TSVAL + 30, "an in-window TSval is kept "
		 "(tcp_minisocks.c:740-741)");
	kmt_advance_ms(1000 - kmt_now_ms());
	kmt_step("the SYN-ACK retransmitted at 1 s echoes the newer TSval");
	if (!kmt_wire_next(&s))
		ck_abort_msg("[%s] no SYN-ACK retransmission at 1 s", T.step);
	ck_assert_msg(s.ts && s.tsecr == CLI_TSVAL + 30,
		      "[%s] the retransmitted SYN-ACK echoes TSecr %u, expected %u "
		      "= req->ts_recent, updated by the in-window segment "
		      "(tcp_minisocks.c:741)\n  got: %s", T.step, s.tsecr,
		      CLI_TSVAL + 30, describe(&s));
	final_ack(&a, &syn, &sa);
	a.tsval = CLI_TSVAL + 1030;
	inject(&a, "the final ACK, TSval = the SYN's + 1030");
	expect_nothing("the final ACK", "the handshake is complete");
	cfd = accept_child(lfd, true, "the final ACK was good");
	ck_assert_msg(kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.ts_recent") ==
		      CLI_TSVAL + 1030, "[%s] the child's rx_opt.ts_recent is %llu, "
		      "expected %u: the final ACK's TSval", T.step,
		      kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.ts_recent"),
		      CLI_TSVAL + 1030);
}
END_TEST

/* A retransmitted SYN (seq = rcv_isn, flags exactly SYN) gets the SYN-ACK
 * again, same ISN, and restarts the timer; a second one within 500 ms is
 * rate-limited (tcp_minisocks.c:613-652, tcp_oow_rate_limited). */
START_TEST(test_duplicate_syn_resends_same_synack)
{
	struct km_seg syn, sa, again, s;

	listener(128);
	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	kmt_advance_ms(600);
	inject(&syn, "the same SYN again, at 600 ms");
	kmt_step("the SYN-ACK again, same ISN (inet_rtx_syn_ack, tcp_minisocks.c:643)");
	if (!kmt_wire_next(&again))
		ck_abort_msg("[%s] a retransmitted SYN must get the SYN-ACK again "
			     "(tcp_minisocks.c:613-616), nothing was sent", T.step);
	ck_assert_msg(again.flags == (KM_TH_SYN | KM_TH_ACK) && again.seq == sa.seq &&
		      again.ack == sa.ack && again.window == sa.window &&
		      again.opt_len == sa.opt_len,
		      "[%s] expected the same SYN-ACK (seq %u = the request's ISN, "
		      "ack %u, window %u)\n  first: %s\n  again: %s", T.step, sa.seq,
		      sa.ack, sa.window, describe(&sa), describe(&again));
	kmt_advance_ms(100);
	inject(&syn, "the SYN a third time, 100 ms later");
	expect_nothing("a retransmitted SYN within 500 ms of the last answer",
		       "tcp_oow_rate_limited, tcp_minisocks.c:639-641");
	kmt_step("the timer restarted at 600 ms: no SYN-ACK at 1 s, one at 1.6 s "
		 "(mod_timer_pending, tcp_minisocks.c:645-649)");
	kmt_advance_ms(1599 - kmt_now_ms());
	expect_nothing("at 1599 ms", "the timer was pushed to 600 + 1000 ms");
	kmt_advance_ms(1);
	if (!kmt_wire_next(&s))
		ck_abort_msg("[%s] no SYN-ACK retransmission at 1600 ms", T.step);
	ck_assert_uint_eq(s.seq, sa.seq);
}
END_TEST

/* An ACK that does not acknowledge our SYN-ACK (ack != snt_isn + 1): the
 * listener answers with an RST, seq = that ack (tcp_minisocks.c:713-716,
 * tcp_v4_send_reset); the request survives. */
START_TEST(test_wrong_ack_number_gets_rst)
{
	struct km_seg syn, sa, a, r;
	long lfd = listener(128);
	static const int32_t off[2] = { 77, 0 };
	int i;

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	for (i = 0; i < 2; i++) {
		final_ack(&a, &syn, &sa);
		a.ack = sa.seq + (uint32_t)off[i];
		inject(&a, off[i] ? "an ACK with ack = our ISN + 77" :
		       "an ACK with ack = our ISN (one short)");
		if (!kmt_wire_next(&r))
			ck_abort_msg("[%s] an ACK with ack = our ISN %+d must be "
				     "answered with an RST (tcp_minisocks.c:716), "
				     "nothing was sent", T.step, off[i]);
		ck_assert_msg(r.flags == KM_TH_RST && r.seq == a.ack,
			      "[%s] expected RST seq = the segment's ack = %u (our "
			      "ISN %+d), no ACK flag (tcp_v4_send_reset); got: %s",
			      T.step, a.ack, off[i], describe(&r));
	}
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "a bad ACK leaves the "
		      "request alone (return sk, tcp_minisocks.c:716)");
	ack_final(lfd, &syn, &sa, "the request survived the bad ACKs");
}
END_TEST

/* A segment outside [rcv_nxt, rcv_nxt + rsk_rcv_wnd] gets an ACK (not
 * more than one per 500 ms) and is dropped (tcp_minisocks.c:725-736). */
START_TEST(test_out_of_window_segment_gets_ack)
{
	struct km_seg syn, sa, a, r;
	long lfd = listener(128);

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	final_ack(&a, &syn, &sa);
	a.seq = syn.seq + 1 + 100000;
	inject(&a, "an ACK with seq = the client's ISN + 100001 (beyond 65160)");
	kmt_step("an out-of-window segment gets an ACK (rsk_ops->send_ack)");
	if (!kmt_wire_next(&r))
		ck_abort_msg("[%s] an out-of-window segment must be answered with "
			     "an ACK (tcp_minisocks.c:732), nothing was sent", T.step);
	ck_assert_msg(r.flags == KM_TH_ACK && r.seq == sa.seq + 1 &&
		      r.ack == syn.seq + 1,
		      "[%s] expected ACK seq = our ISN + 1 = %u, ack = rcv_nxt = %u; "
		      "got: %s", T.step, sa.seq + 1, syn.seq + 1, describe(&r));
	inject(&a, "the same segment 0 ms later");
	expect_nothing("a second out-of-window segment within 500 ms",
		       "tcp_oow_rate_limited, tcp_minisocks.c:729-731");
	accept_child(lfd, false, "an out-of-window segment creates nothing");
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "the request stays");
}
END_TEST

/* An RST in the window kills the request without an answer (ATTEMPTFAILS,
 * EMBRYONICRSTS, tcp_minisocks.c:752-817); one outside the window is
 * dropped without an ACK (tcp_minisocks.c:729). */
START_TEST(test_rst_in_window_drops_request)
{
	struct km_seg syn, sa, s, r, a;
	long lfd = listener(128);

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	km_seg_init_tcp(&s, T.peer, CLI_PORT, T.client, SRV_PORT);
	s.flags = KM_TH_RST;
	s.seq = syn.seq + 1 + 200000;
	inject(&s, "an RST outside the window");
	expect_nothing("an out-of-window RST", "never an ACK for an RST, "
		       "tcp_minisocks.c:728");
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "an out-of-window RST "
		      "changes nothing");
	s.seq = syn.seq + 1;
	inject(&s, "an RST with seq = rcv_nxt");
	expect_nothing("an in-window RST", "no RST for an RST, tcp_minisocks.c:805-809");
	want_mib("TcpAttemptFails", 1, "tcp_minisocks.c:753");
	want_mib("TcpExtEmbryonicRsts", 1, "tcp_minisocks.c:816");
	want_listener(lfd, "icsk_accept_queue.qlen", 0, "the request is dropped "
		      "(inet_csk_reqsk_queue_drop, tcp_minisocks.c:815)");
	final_ack(&a, &syn, &sa);
	inject(&a, "the final ACK, now for a request that is gone");
	kmt_wire_expect(&r);
	ck_assert_msg(r.flags == KM_TH_RST, "[%s] the ACK of a dropped request "
		      "must get an RST (no socket), got: %s", T.step, describe(&r));
}
END_TEST

/* A SYN in the window that is not the retransmitted one (another seq):
 * the embryonic connection is reset with an RST (tcp_minisocks.c:752-809);
 * for a segment without ACK, RST|ACK with seq 0, ack = seq + 1
 * (tcp_v4_send_reset, tcp_ipv4.c:692-696). */
START_TEST(test_new_syn_in_window_resets_request)
{
	struct km_seg syn, sa, s, r;
	long lfd = listener(128);

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	client_syn(&s, CLI_PORT, CLI_ISN + 10);
	inject(&s, "a SYN with seq = the first SYN's + 10 (in the window)");
	if (!kmt_wire_next(&r))
		ck_abort_msg("[%s] an in-window SYN must reset the embryonic "
			     "connection with an RST (tcp_minisocks.c:753), nothing "
			     "was sent", T.step);
	ck_assert_msg(r.flags == (KM_TH_RST | KM_TH_ACK) && r.seq == 0 &&
		      r.ack == CLI_ISN + 11,
		      "[%s] expected RST|ACK seq 0 ack %u (the SYN's seq + 1, "
		      "tcp_v4_send_reset for a segment without ACK); got: %s",
		      T.step, CLI_ISN + 11, describe(&r));
	want_mib("TcpAttemptFails", 1, "tcp_minisocks.c:753");
	want_listener(lfd, "icsk_accept_queue.qlen", 0, "the request is dropped");
}
END_TEST

/* PAWS (RFC 7323): an ACK whose TSval is older than req->ts_recent is
 * rejected like an out-of-window segment: an ACK back, PAWSEstab, no
 * child (tcp_minisocks.c:597-609, 725-736). */
START_TEST(test_paws_rejects_old_timestamp)
{
	struct km_seg syn, sa, a, r;
	long lfd = listener(128);

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	final_ack(&a, &syn, &sa);
	a.tsval = CLI_TSVAL - 2;
	inject(&a, "the final ACK with TSval = the SYN's - 2");
	kmt_step("PAWS rejects it: an ACK back, no child");
	if (!kmt_wire_next(&r))
		ck_abort_msg("[%s] a PAWS-rejected segment is answered with an ACK "
			     "(tcp_minisocks.c:732), nothing was sent", T.step);
	ck_assert_msg(r.flags == KM_TH_ACK && r.ack == syn.seq + 1 && r.ts &&
		      r.tsecr == CLI_TSVAL,
		      "[%s] expected an ACK (ack %u) echoing ts_recent %u; got: %s",
		      T.step, syn.seq + 1, CLI_TSVAL, describe(&r));
	want_mib("TcpExtPAWSEstab", 1, "tcp_minisocks.c:734");
	accept_child(lfd, false, "a PAWS-rejected ACK creates nothing");
	ack_final(lfd, &syn, &sa, "the request survived");
}
END_TEST

/* In the window, no RST, no SYN, no ACK: dropped silently, the request
 * stays (tcp_minisocks.c:763-764). */
START_TEST(test_segment_without_ack_is_ignored)
{
	struct km_seg syn, sa, s;
	long lfd = listener(128);

	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	final_ack(&s, &syn, &sa);
	s.flags = 0;
	s.ack = 0;
	inject(&s, "a segment with no flags, seq = rcv_nxt");
	expect_nothing("a segment without ACK", "tcp_minisocks.c:763");
	s.flags = KM_TH_PSH;
	inject(&s, "a segment with PSH only");
	expect_nothing("a segment without ACK", "tcp_minisocks.c:763");
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "the request stays");
	ack_final(lfd, &syn, &sa, "the request survived");
}
END_TEST

/* syn_recv_sock finds the accept queue full: with tcp_abort_on_overflow 0
 * the ACK is dropped and the request marked acked (the client will
 * retransmit); with 1 the listener answers with an RST
 * (tcp_minisocks.c:796-809). */
START_TEST(test_full_accept_queue_drops_final_ack)
{
	struct km_seg syn[4], sa[4], a, r;
	long lfd = listener(2);
	int i;

	/* backlog 2: a SYN is refused once 2 requests wait (qlen >= 2) or 3
	 * children do (sk_ack_backlog > 2), so two handshakes complete
	 * first, then two requests are opened and both ACKed. */
	for (i = 0; i < 2; i++) {
		open_request((uint16_t)(CLI_PORT + i), CLI_ISN, &syn[i], &sa[i]);
		ack_final(-1, &syn[i], &sa[i], NULL);
	}
	open_request(CLI_PORT + 2, CLI_ISN, &syn[2], &sa[2]);
	open_request(CLI_PORT + 3, CLI_ISN, &syn[3], &sa[3]);
	ack_final(-1, &syn[2], &sa[2], NULL);
	want_listener(lfd, "sk_ack_backlog", 3, "three children wait");
	final_ack(&a, &syn[3], &sa[3]);
	inject(&a, "the fourth final ACK, accept queue full (3 > backlog 2)");
	expect_nothing("a final ACK for a full accept queue",
		       "tcp_abort_on_overflow 0, tcp_minisocks.c:797-799");
	want_req("acked", 1, "the request remembers it was ACKed (tcp_minisocks.c:798)");
	want_mib("TcpExtListenOverflows", 1, "tcp_v4_syn_recv_sock");
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "the request stays, "
		      "waiting for the ACK to come again");
	km_sysctl_set(T.h, "net.ipv4.tcp_abort_on_overflow", 1);
	inject(&a, "the same ACK with tcp_abort_on_overflow 1");
	kmt_step("an RST (embryonic reset, tcp_minisocks.c:809)");
	if (!kmt_wire_next(&r))
		ck_abort_msg("[%s] with tcp_abort_on_overflow 1 the ACK must get an "
			     "RST (tcp_minisocks.c:809), nothing was sent", T.step);
	ck_assert_msg(r.flags == KM_TH_RST && r.seq == a.ack,
		      "[%s] expected RST seq = the ACK's ack = %u; got: %s", T.step,
		      a.ack, describe(&r));
	want_listener(lfd, "icsk_accept_queue.qlen", 0, "the request is dropped");
	want_mib("TcpExtEmbryonicRsts", 1, "tcp_minisocks.c:816");
}
END_TEST

/* TCP_DEFER_ACCEPT: a bare final ACK is dropped (acked = 1) while the
 * defer period runs; the first data makes the connection
 * (tcp_minisocks.c:773-777). */
START_TEST(test_defer_accept_drops_bare_ack)
{
	struct km_seg syn, sa, a;
	static const uint8_t data[1] = { 'x' };
	long lfd = listener(128), cfd;
	int secs = 5;

	kmt_assert_ret(km_setsockopt(T.root, (int)lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
				     &secs, sizeof(secs)), 0);
	open_request(CLI_PORT, CLI_ISN, &syn, &sa);
	final_ack(&a, &syn, &sa);
	inject(&a, "a bare final ACK with TCP_DEFER_ACCEPT 5 s");
	expect_nothing("a bare ACK while accept is deferred", "tcp_minisocks.c:773-774");
	want_req("acked", 1, "the ACK is noted (tcp_minisocks.c:775)");
	want_mib("TcpExtTCPDeferAcceptDrop", 1, "tcp_minisocks.c:776");
	accept_child(lfd, false, "no connection before data");
	want_listener(lfd, "icsk_accept_queue.qlen", 1, "the request stays");
	a.payload = data;
	a.payload_len = 1;
	a.flags = KM_TH_ACK | KM_TH_PSH;
	inject(&a, "the ACK with one byte of data");
	cfd = accept_child(lfd, true, "data ends the deferral");
	kmt_assert_field(T.root, (int)cfd, "sock", "sk_state", "TCP_ESTABLISHED");
}
END_TEST

/* ------------------------------------------------------------ the suite */

#define CASE(fn)	kmt_lab_case(s, #fn, fn, setup, teardown)

static Suite *lab8_suite(void)
{
	Suite *s = suite_create("lab8");

	CASE(test_synack_is_byte_exact);
	CASE(test_synack_seq_is_the_keyed_isn);
	CASE(test_request_sock_records_the_syn);
	CASE(test_synack_is_retransmitted_after_one_second);
	CASE(test_synack_options_follow_the_syn);
	CASE(test_ecn_setup_syn_gets_ece);
	CASE(test_full_accept_queue_drops_syn);
	CASE(test_full_syn_queue_without_cookies_drops_syn);
	CASE(test_full_syn_queue_answers_with_cookie);
	CASE(test_forced_cookie_without_timestamps_keeps_only_mss);
	CASE(test_syn_backlog_last_quarter_is_kept);
	CASE(test_listener_drops_bad_flag_syns);
	CASE(test_final_ack_creates_established_child);
	CASE(test_in_window_timestamp_updates_ts_recent);
	CASE(test_duplicate_syn_resends_same_synack);
	CASE(test_wrong_ack_number_gets_rst);
	CASE(test_out_of_window_segment_gets_ack);
	CASE(test_rst_in_window_drops_request);
	CASE(test_new_syn_in_window_resets_request);
	CASE(test_paws_rejects_old_timestamp);
	CASE(test_segment_without_ack_is_ignored);
	CASE(test_full_accept_queue_drops_final_ack);
	CASE(test_defer_accept_drops_bare_ack);
	return s;
}

int main(void)
{
	return kmt_run(lab8_suite());
}
