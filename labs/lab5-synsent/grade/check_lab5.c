// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 5 — the SYN-SENT state: the graded suite.
 *
 * Students implement tcp_rcv_synsent_state_process() and
 * tcp_finish_connect() (kernel_mirror/net/ipv4/tcp_input.c, regions
 * "synsent_state_process" and "finish_connect"). Each test below plays the
 * peer 10.0.0.2:80 on the test wire: it reads the SYN our host sent,
 * injects one crafted segment, and checks what Linux 5.0 does with it —
 * the packet sent back (byte-exact where one is due), the errno, the state
 * and the tcp_sock fields.
 *
 * Every expected value is computed here from the rule in Linux 5.0.1
 * (net/ipv4/tcp_input.c:5772-5995 unless said otherwise) and from the
 * segments on the wire, never read back from the code under test.
 *
 * One TCase per test, named like the test function, so the grader can run
 * a single test alone (CK_RUN_CASE=<name>).
 */
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <netinet/tcp.h>
#include "kmtest.h"
#include "kt.h"

#define PEER_PORT	80
#define PEER_ISN	1000000000u	/* the peer's initial sequence number */
#define PEER_TSVAL	7777u		/* the peer's timestamp clock */
#define PEER_WIN	29200u		/* odd enough not to match by chance */

/* Our SYN's options: MSS 1460, SACK_PERM, TS, NOP, WS 7 (tcp_output.c:
 * tcp_syn_options). mss_clamp before any peer MSS: 536 (tcp_ipv4.c:271). */
#define OUR_WSCALE	7
#define MSS_DEFAULT	536

/* ---------------------------------------------------------------- helpers */

static const char *flag_names(uint8_t f)
{
	static char bufs[4][40];
	static int i;
	char *b = bufs[i++ & 3];
	size_t n;

	snprintf(b, 40, "%s%s%s%s%s%s%s%s|",
		 f & KM_TH_SYN ? "|SYN" : "", f & KM_TH_ACK ? "|ACK" : "",
		 f & KM_TH_RST ? "|RST" : "", f & KM_TH_FIN ? "|FIN" : "",
		 f & KM_TH_PSH ? "|PSH" : "", f & KM_TH_URG ? "|URG" : "",
		 f & KM_TH_ECE ? "|ECE" : "", f & KM_TH_CWR ? "|CWR" : "");
	n = strlen(b);
	b[n - 1] = 0;		/* the trailing '|' */
	return n > 1 ? b + 1 : "no flags";
}

static const char *describe(const struct km_seg *s)
{
	static char bufs[2][256];
	static int i;
	char *b = bufs[i++ & 1];

	km_seg_describe(s, b, 256);
	return b;
}

/* A non-blocking connect() to 10.0.0.2:80, after setsockopt(level, opt,
 * 1 or 0) when level is not 0; *syn gets the SYN it sent. */
static long open_connect_opt(int level, int opt, int val, struct km_seg *syn)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_msg(fd >= 0, "[%s] socket(): %s", T.step, kmt_errname(fd));
	if (level)
		kmt_assert_ret(km_setsockopt(T.app, (int)fd, level, opt, &val,
					     sizeof(val)), 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(syn);
	ck_assert_msg((syn->flags & (KM_TH_SYN | KM_TH_ACK)) == KM_TH_SYN,
		      "[%s] connect() should send a SYN, it sent %s", T.step,
		      describe(syn));
	return fd;
}

static long open_connect(struct km_seg *syn)
{
	return open_connect_opt(0, 0, 0, syn);
}

/* The segment a Linux 5.0 listener answers our SYN with: SYN|ACK, ack =
 * our ISN + 1, MSS 1460, SACK_PERM, TS (TSecr = our TSval), WS 7. */
static void peer_synack(const struct km_seg *syn, struct km_seg *sa)
{
	kmt_seg_from_peer(sa, PEER_PORT, syn->sport);
	sa->flags = KM_TH_SYN | KM_TH_ACK;
	sa->seq = PEER_ISN;
	sa->ack = syn->seq + 1;
	sa->window = PEER_WIN;
	sa->mss = 1460;
	sa->sack_perm = true;
	sa->ts = true;
	sa->tsval = PEER_TSVAL;
	sa->tsecr = syn->tsval;
	sa->wscale = 7;
}

/* A bare segment from the peer (no options), flags and ack as given. */
static void peer_segment(const struct km_seg *syn, struct km_seg *s,
			 uint8_t flags, uint32_t ack)
{
	kmt_seg_from_peer(s, PEER_PORT, syn->sport);
	s->flags = flags;
	s->seq = PEER_ISN;
	s->ack = ack;
	s->window = PEER_WIN;
}

static void inject(const struct km_seg *s, const char *what)
{
	kmt_step("inject %s: %s", what, describe(s));
	kmt_wire_inject(s, 0);
}

static const char *state_of(long fd)
{
	return kmt_field(T.app, (int)fd, "sock", "sk_state");
}

static void want_state(long fd, const char *want, const char *why)
{
	const char *got = state_of(fd);

	ck_assert_msg(!strcmp(got, want), "[%s] sk_state is %s, expected %s: %s",
		      T.step, got, want, why);
}

static void want_u(long fd, const char *field, unsigned long long want,
		   const char *why)
{
	unsigned long long got = kmt_field_u(T.app, (int)fd, "sock", field);

	ck_assert_msg(got == want, "[%s] %s is %llu, expected %llu: %s", T.step,
		      field, got, want, why);
}

/* A sequence-number field, shown relative to a named base too. */
static void want_seq(long fd, const char *field, uint32_t want, uint32_t base,
		     const char *base_name, const char *why)
{
	uint32_t got = (uint32_t)kmt_field_u(T.app, (int)fd, "sock", field);

	ck_assert_msg(got == want,
		      "[%s] %s is %u (%s %+d), expected %u (%s %+d): %s", T.step,
		      field, got, base_name, (int)(got - base), want, base_name,
		      (int)(want - base), why);
}

static void want_sk_err(long fd, const char *want, const char *why)
{
	const char *got = kmt_field(T.app, (int)fd, "sock", "sk_err");

	ck_assert_msg(!strcmp(got, want), "[%s] sk_err is %s, expected %s: %s",
		      T.step, got, want, why);
}

/* What tcp_v4_send_reset (tcp_ipv4.c:653) sends for a segment that had
 * ACK set: seq = that ack, no ACK flag, window 0, no options, IP ID 0. */
static void expect_rst(const struct km_seg *syn, uint32_t seg_ack,
		       const char *what)
{
	struct km_seg got, want;

	if (!kmt_wire_next(&got))
		ck_abort_msg("[%s] %s must be answered with an RST (seq = its ack "
			     "= %u = our ISN %+d), but nothing was sent", T.step,
			     what, seg_ack, (int)(seg_ack - syn->seq));
	ck_assert_msg(got.flags == KM_TH_RST && got.seq == seg_ack,
		      "[%s] %s was answered with %s seq %u (our ISN %+d); "
		      "expected RST seq = the segment's ack = %u (our ISN %+d), "
		      "no ACK flag (tcp_ipv4.c:653)\n  got: %s", T.step, what,
		      flag_names(got.flags), got.seq, (int)(got.seq - syn->seq),
		      seg_ack, (int)(seg_ack - syn->seq), describe(&got));
	km_seg_init_tcp(&want, T.client, syn->sport, T.peer, PEER_PORT);
	want.seq = seg_ack;
	want.ack = 0;
	want.flags = KM_TH_RST;
	want.window = 0;
	want.ip_id = 0;
	want.ip_tot_len = 40;
	kmt_assert_seg(&want, &got, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ |
		       KMT_F_ACK | KMT_F_FLAGS | KMT_F_WIN | KMT_F_TTL |
		       KMT_F_DF | KMT_F_ID | KMT_F_LEN | KMT_F_OPTS);
	kmt_step("after the RST for %s, nothing more is sent", what);
	kmt_wire_expect_none();
}

/* The segment must have changed nothing: no packet, still SYN_SENT, no
 * error, our SYN still unacknowledged. */
static void expect_ignored(long fd, const struct km_seg *syn, const char *what,
			   const char *rule)
{
	struct km_seg got;

	kmt_step("%s must be dropped (%s)", what, rule);
	if (kmt_wire_next(&got))
		ck_abort_msg("[%s] %s must be dropped silently (%s), but the host "
			     "sent: %s", T.step, what, rule, describe(&got));
	want_state(fd, "TCP_SYN_SENT", "a dropped segment changes no state");
	want_sk_err(fd, "0", "a dropped segment reports no error");
	want_seq(fd, "snd_una", syn->seq, syn->seq, "our ISN",
		 "a dropped segment acknowledges nothing");
}

/* Bytes of a NOP,NOP,TS option block. */
static void put_nop_nop_ts(uint8_t *o, uint32_t tsval, uint32_t tsecr)
{
	o[0] = 1; o[1] = 1; o[2] = 8; o[3] = 10;
	o[4] = (uint8_t)(tsval >> 24); o[5] = (uint8_t)(tsval >> 16);
	o[6] = (uint8_t)(tsval >> 8); o[7] = (uint8_t)tsval;
	o[8] = (uint8_t)(tsecr >> 24); o[9] = (uint8_t)(tsecr >> 16);
	o[10] = (uint8_t)(tsecr >> 8); o[11] = (uint8_t)tsecr;
}

/*
 * The final ACK of the handshake, byte-exact: seq = our ISN + 1, ack =
 * peer ISN + 1, ACK only, IP ID = the SYN's + 1 (inet_id counts up), with
 * TS: NOP NOP TS (TSval = our clock, TSecr = the peer's TSval) and doff 8.
 * `tsval` is what our clock reads when the ACK leaves.
 */
static void expect_final_ack(const struct km_seg *syn, bool ts, uint32_t tsval,
			     uint16_t window, const char *why)
{
	struct km_seg got, want;

	if (!kmt_wire_next(&got))
		ck_abort_msg("[%s] expected the final ACK of the handshake (%s), "
			     "nothing was sent", T.step, why);
	ck_assert_msg(got.flags == KM_TH_ACK && got.ack == PEER_ISN + 1,
		      "[%s] expected the final ACK (flags ACK, ack = peer ISN + 1 "
		      "= %u), got %s ack %u (peer ISN %+d)\n  got: %s", T.step,
		      PEER_ISN + 1, flag_names(got.flags), got.ack,
		      (int)(got.ack - PEER_ISN), describe(&got));
	km_seg_init_tcp(&want, T.client, syn->sport, T.peer, PEER_PORT);
	want.seq = syn->seq + 1;
	want.ack = PEER_ISN + 1;
	want.flags = KM_TH_ACK;
	want.window = window;
	want.ip_id = (uint16_t)(syn->ip_id + 1);
	want.ip_tot_len = ts ? 52 : 40;
	if (ts) {
		put_nop_nop_ts(want.opt, tsval, PEER_TSVAL);
		want.opt_len = 12;
	}
	kmt_assert_seg(&want, &got, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ |
		       KMT_F_ACK | KMT_F_FLAGS | KMT_F_WIN | KMT_F_ID |
		       KMT_F_TTL | KMT_F_DF | KMT_F_OPTS | KMT_F_LEN);
}

/*
 * After a segment that had to be dropped or reset, the connection must
 * still complete with the real SYN-ACK: ESTABLISHED and the final ACK.
 */
static void still_completes(long fd, const struct km_seg *syn)
{
	struct km_seg sa, got;

	peer_synack(syn, &sa);
	inject(&sa, "the real SYN-ACK afterwards");
	kmt_step("the real SYN-ACK still completes the handshake");
	want_state(fd, "TCP_ESTABLISHED",
		   "the earlier segment must not have spoilt the connection");
	if (!kmt_wire_next(&got))
		ck_abort_msg("[%s] the SYN-ACK must be answered with the final ACK "
			     "(ack %u), nothing was sent", T.step, PEER_ISN + 1);
	ck_assert_msg(got.flags == KM_TH_ACK && got.ack == PEER_ISN + 1,
		      "[%s] the SYN-ACK must be answered with the final ACK "
		      "(ack %u), the host sent %s", T.step, PEER_ISN + 1,
		      describe(&got));
}

/*
 * The window field of the final ACK. Our SYN offered rcv_wnd 64240; the
 * ACK may not offer less (tcp_select_window never shrinks the window,
 * tcp_output.c:274), so it carries 64240 rounded up to a multiple of
 * 2^rcv_wscale, shifted right by rcv_wscale: 502 with our WS 7, 64240
 * when the peer turned scaling off.
 */
#define OUR_RCV_WND	64240u
#define ACK_WIN(ws)	((uint16_t)((OUR_RCV_WND + (1u << (ws)) - 1) >> (ws)))
#define ACK_WIN_SCALED	ACK_WIN(OUR_WSCALE)

/* ----------------------------------------------- the SYN-ACK: success */

/* tcp_input.c:5838-5909, 5671-5699: the SYN-ACK wakes a blocking connect() */
START_TEST(test_synack_completes_blocking_connect)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg syn, sa;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_step("a blocking connect() sleeps in SYN_SENT");
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_wire_expect(&syn);
	ck_assert(!km_call_done(T.app));
	peer_synack(&syn, &sa);
	inject(&sa, "the SYN-ACK");
	kmt_step("the SYN-ACK completes the open and wakes connect()");
	want_state(fd, "TCP_ESTABLISHED",
		   "an acceptable SYN-ACK moves SYN_SENT to ESTABLISHED "
		   "(tcp_finish_connect, tcp_input.c:5676)");
	ck_assert_msg(km_call_done(T.app),
		      "[%s] connect() is still asleep: after tcp_finish_connect "
		      "the sleeper must be woken (sk->sk_state_change, "
		      "tcp_input.c:5885)", T.step);
	kmt_assert_ret(km_call_result(T.app), 0);
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_CONNECTED");
}
END_TEST

/* tcp_input.c:5909 (tcp_send_ack); the ACK's fields: tcp_output.c:3641 (seq), :1096 (ack = rcv_nxt) */
START_TEST(test_final_ack_is_byte_exact)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	inject(&sa, "the SYN-ACK");
	kmt_step("the final ACK goes out at once, byte-exact");
	expect_final_ack(&syn, true, syn.tsval, ACK_WIN_SCALED,
			 "sent at once: no data pending, not in pingpong mode");
	kmt_wire_expect_none();
	want_state(fd, "TCP_ESTABLISHED", "the SYN-ACK was acceptable");
}
END_TEST

/* tcp_input.c:5838-5885; tcp_ack (3558) frees our SYN */
START_TEST(test_synack_sets_sequence_numbers)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	inject(&sa, "the SYN-ACK");
	kmt_step("receive side: the peer's SYN uses one sequence number");
	want_seq(fd, "rcv_nxt", PEER_ISN + 1, PEER_ISN, "peer ISN",
		 "rcv_nxt = the SYN-ACK's seq + 1 (tcp_input.c:5844)");
	want_seq(fd, "rcv_wup", PEER_ISN + 1, PEER_ISN, "peer ISN",
		 "rcv_wup = the SYN-ACK's seq + 1 (tcp_input.c:5845)");
	want_seq(fd, "copied_seq", PEER_ISN + 1, PEER_ISN, "peer ISN",
		 "copied_seq = rcv_nxt, set before leaving SYN_SENT");
	want_seq(fd, "snd_wl1", PEER_ISN, PEER_ISN, "peer ISN",
		 "tcp_init_wl(seq of the SYN-ACK) (tcp_input.c:5838)");
	kmt_step("send side: our SYN is acknowledged (tcp_ack)");
	want_seq(fd, "snd_una", syn.seq + 1, syn.seq, "our ISN",
		 "tcp_ack() moves snd_una past our SYN (tcp_input.c:5839)");
	want_seq(fd, "snd_nxt", syn.seq + 1, syn.seq, "our ISN",
		 "nothing but the SYN was sent");
	want_u(fd, "packets_out", 0, "the SYN left the retransmit queue");
	want_u(fd, "icsk_pending", 0,
	       "nothing in flight: tcp_ack() cleared the retransmit timer "
	       "(tcp_rearm_rto)");
}
END_TEST

/* tcp_input.c:5850: "the window of a SYN is never scaled" (RFC 7323) */
START_TEST(test_synack_window_is_not_scaled)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	sa.wscale = 3;
	inject(&sa, "a SYN-ACK with window 29200 and WS 3");
	kmt_step("snd_wnd is the SYN-ACK's window as sent, not shifted");
	want_u(fd, "snd_wnd", PEER_WIN,
	       "the window field of a SYN or SYN-ACK is never scaled "
	       "(tcp_input.c:5850); 29200 << 3 would be wrong");
	kmt_step("the scale factors are kept for later segments");
	want_u(fd, "rx_opt.wscale_ok", 1, "the peer sent WS");
	want_u(fd, "rx_opt.snd_wscale", 3, "the peer's shift (its WS option)");
	want_u(fd, "rx_opt.rcv_wscale", OUR_WSCALE,
	       "our own shift, announced in our SYN, stays");
}
END_TEST

/* tcp_input.c:5853: no WS from the peer switches scaling off both ways */
START_TEST(test_synack_without_wscale_turns_scaling_off)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	sa.wscale = -1;
	inject(&sa, "a SYN-ACK without WS");
	kmt_step("window scaling is off in both directions");
	want_u(fd, "rx_opt.wscale_ok", 0, "the peer sent no WS");
	want_u(fd, "rx_opt.snd_wscale", 0,
	       "no WS from the peer: no shift on its windows (tcp_input.c:5853)");
	want_u(fd, "rx_opt.rcv_wscale", 0,
	       "no WS from the peer: ours is dropped too, it was only an offer "
	       "(tcp_input.c:5853)");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "window_clamp") <= 65535,
		      "[%s] window_clamp is %llu, expected at most 65535: "
		      "unscaled windows cannot exceed 16 bits (tcp_input.c:5854)",
		      T.step, kmt_field_u(T.app, (int)fd, "sock", "window_clamp"));
	want_u(fd, "snd_wnd", PEER_WIN, "the SYN-ACK's window");
	kmt_step("the final ACK announces our window unscaled");
	expect_final_ack(&syn, true, syn.tsval, ACK_WIN(0),
			 "rcv_wscale 0: the window 64240 goes out unshifted "
			 "(502 would mean rcv_wscale was left at 7)");
}
END_TEST

/* tcp_input.c:5858-5863: the peer does timestamps */
START_TEST(test_synack_timestamps_are_adopted)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	inject(&sa, "a SYN-ACK with TS (TSval 7777)");
	want_u(fd, "rx_opt.tstamp_ok", 1, "the peer sent TS (tcp_input.c:5859)");
	want_u(fd, "rx_opt.ts_recent", PEER_TSVAL,
	       "ts_recent = the SYN-ACK's TSval (tcp_store_ts_recent)");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock",
				  "rx_opt.ts_recent_stamp") != 0,
		      "[%s] rx_opt.ts_recent_stamp is 0: tcp_store_ts_recent() "
		      "stamps when ts_recent was taken", T.step);
	want_u(fd, "tcp_header_len", 32,
	       "20-byte header + 12 bytes of NOP NOP TS on every segment");
	want_u(fd, "advmss", 1448, "1460 - 12: the TS option eats 12 bytes");
	want_u(fd, "mss_cache", 1448,
	       "tcp_sync_mss: min(peer MSS 1460, path) - 12 for TS");
	want_u(fd, "rx_opt.sack_ok", 1, "the peer sent SACK_PERM");
	want_u(fd, "rx_opt.mss_clamp", 1460, "the peer's MSS option");
}
END_TEST

/* tcp_input.c:5864: no TS from the peer */
START_TEST(test_synack_without_timestamps)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	sa.ts = false;
	inject(&sa, "a SYN-ACK without TS");
	want_u(fd, "rx_opt.tstamp_ok", 0, "the peer sent no TS");
	want_u(fd, "tcp_header_len", 20, "no TS: bare 20-byte headers");
	want_u(fd, "advmss", 1460, "no TS: advmss keeps its 1460");
	want_u(fd, "mss_cache", 1460, "no TS: mss_cache = min(1460, 1460)");
	kmt_step("the final ACK carries no options");
	expect_final_ack(&syn, false, 0, ACK_WIN_SCALED,
			 "no TS: 40 bytes, doff 5");
}
END_TEST

/* tcp_input.c:5781, 5867: the peer's MSS and SACK_PERM */
START_TEST(test_synack_mss_and_sack_are_taken)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	sa.mss = 1200;
	sa.sack_perm = false;
	inject(&sa, "a SYN-ACK with MSS 1200, no SACK_PERM");
	want_u(fd, "rx_opt.mss_clamp", 1200, "the peer's MSS option");
	want_u(fd, "mss_cache", 1188,
	       "tcp_sync_mss: min(peer MSS 1200, path 1460) - 12 (TS) "
	       "(tcp_input.c:5867)");
	want_u(fd, "rx_opt.sack_ok", 0, "the peer sent no SACK_PERM");
	want_state(fd, "TCP_ESTABLISHED", "the SYN-ACK was acceptable");
}
END_TEST

/* tcp_input.c:5798: TSecr must echo a time between our SYN and now */
START_TEST(test_synack_with_bad_tsecr_is_reset)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	sa.tsecr = syn.tsval + 100000;
	inject(&sa, "a SYN-ACK whose TSecr is 100 s in our future");
	expect_rst(&syn, syn.seq + 1, "a SYN-ACK echoing a time we never sent");
	want_state(fd, "TCP_SYN_SENT", "a rejected SYN-ACK changes no state");
	peer_synack(&syn, &sa);
	sa.tsecr = syn.tsval - 1;
	inject(&sa, "a SYN-ACK whose TSecr is 1 ms before our SYN");
	expect_rst(&syn, syn.seq + 1, "a SYN-ACK echoing a time before our SYN");
	want_state(fd, "TCP_SYN_SENT", "a rejected SYN-ACK changes no state");
	still_completes(fd, &syn);
}
END_TEST

/* tcp_input.c:5781-5798: TSecr 0 is not checked */
START_TEST(test_synack_with_tsecr_zero_is_accepted)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);

	peer_synack(&syn, &sa);
	sa.tsecr = 0;
	inject(&sa, "a SYN-ACK with TS but TSecr 0");
	want_state(fd, "TCP_ESTABLISHED",
		   "the echo check only applies when TSecr is non-zero "
		   "(tcp_input.c:5798)");
	expect_final_ack(&syn, true, syn.tsval, ACK_WIN_SCALED,
			 "an accepted SYN-ACK is acknowledged");
}
END_TEST

/* ------------------------------------------------ unacceptable ACKs */

/* tcp_input.c:5794: ack <= ISN is not acceptable */
START_TEST(test_ack_at_or_below_isn_gets_rst)
{
	struct km_seg syn, s;
	long fd = open_connect(&syn);

	peer_synack(&syn, &s);
	s.ack = syn.seq;
	inject(&s, "a SYN-ACK with ack = our ISN (acks nothing)");
	expect_rst(&syn, syn.seq, "a SYN-ACK with ack = our ISN");
	want_state(fd, "TCP_SYN_SENT", "an unacceptable ACK changes no state");
	peer_synack(&syn, &s);
	s.ack = syn.seq - 5000;
	inject(&s, "a SYN-ACK with ack = our ISN - 5000");
	expect_rst(&syn, syn.seq - 5000, "a SYN-ACK with ack = our ISN - 5000");
	want_state(fd, "TCP_SYN_SENT", "an unacceptable ACK changes no state");
	want_seq(fd, "snd_una", syn.seq, syn.seq, "our ISN",
		 "nothing was acknowledged");
	still_completes(fd, &syn);
}
END_TEST

/* tcp_input.c:5794: ack > snd_nxt is not acceptable, whatever the flags */
START_TEST(test_ack_beyond_snd_nxt_gets_rst)
{
	struct km_seg syn, s;
	long fd = open_connect(&syn);

	peer_synack(&syn, &s);
	s.ack = syn.seq + 2;
	inject(&s, "a SYN-ACK with ack = our ISN + 2 (one past snd_nxt)");
	expect_rst(&syn, syn.seq + 2, "a SYN-ACK with ack = our ISN + 2");
	want_state(fd, "TCP_SYN_SENT", "an unacceptable ACK changes no state");
	peer_segment(&syn, &s, KM_TH_ACK, syn.seq + 1000);
	inject(&s, "a bare ACK with ack = our ISN + 1000");
	expect_rst(&syn, syn.seq + 1000, "a bare ACK with ack = our ISN + 1000");
	want_state(fd, "TCP_SYN_SENT", "an unacceptable ACK changes no state");
	want_sk_err(fd, "0", "an unacceptable ACK reports no error");
	kmt_step("the SYN is retransmitted on its normal 1 s timer, not sooner "
		 "(5.0 does not re-arm it after the RST)");
	kmt_advance_ms(999);
	kmt_wire_expect_none();
	kmt_advance_ms(1);
	kmt_wire_expect(&s);
	ck_assert_msg(s.flags == KM_TH_SYN && s.seq == syn.seq,
		      "[%s] expected our SYN again (seq %u) at 1 s, got %s", T.step,
		      syn.seq, describe(&s));
	still_completes(fd, &syn);
}
END_TEST

/* tcp_input.c:5794 + tcp_ipv4.c:653: never an RST in reply to an RST */
START_TEST(test_rst_with_bad_ack_is_dropped)
{
	struct km_seg syn, s;
	long fd = open_connect(&syn);

	peer_segment(&syn, &s, KM_TH_RST | KM_TH_ACK, syn.seq + 1000);
	inject(&s, "RST|ACK with ack = our ISN + 1000");
	expect_ignored(fd, &syn, "an RST whose ACK is not acceptable",
		       "its ACK is not for our SYN, and no RST answers an RST");
	still_completes(fd, &syn);
}
END_TEST

/* ------------------------------------------- RST with acceptable ACK */

/* tcp_input.c:5815 -> tcp_reset (4042): ECONNREFUSED */
START_TEST(test_rst_with_good_ack_refuses_blocking_connect)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	struct km_seg syn, s;
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_step("a blocking connect() sleeps in SYN_SENT");
	km_call_start(T.app, SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	kmt_wire_expect(&syn);
	peer_segment(&syn, &s, KM_TH_RST | KM_TH_ACK, syn.seq + 1);
	s.window = 0;
	inject(&s, "RST|ACK with ack = our ISN + 1 (port closed)");
	kmt_step("connect() wakes with ECONNREFUSED");
	ck_assert_msg(km_call_done(T.app),
		      "[%s] connect() is still asleep: an RST with an acceptable "
		      "ACK must reset the connection (tcp_reset, tcp_input.c:5815)",
		      T.step);
	kmt_assert_ret(km_call_result(T.app), -ECONNREFUSED);
	want_state(fd, "TCP_CLOSE", "tcp_reset() -> tcp_done() closes the socket");
	kmt_step("an RST is never answered");
	kmt_wire_expect_none();
}
END_TEST

/* tcp_input.c:5815; tcp_reset: sk_err = ECONNREFUSED in SYN_SENT */
START_TEST(test_rst_with_good_ack_sets_econnrefused)
{
	struct km_seg syn, s;
	int err = 0, len = sizeof(err);
	long fd = open_connect(&syn);

	peer_segment(&syn, &s, KM_TH_RST | KM_TH_ACK, syn.seq + 1);
	inject(&s, "RST|ACK with ack = our ISN + 1");
	want_state(fd, "TCP_CLOSE", "an RST with an acceptable ACK closes");
	want_sk_err(fd, "ECONNREFUSED",
		    "tcp_reset() in SYN_SENT reports ECONNREFUSED (tcp_input.c:4042)");
	kmt_step("nothing is sent, and no SYN is retransmitted later");
	kmt_wire_expect_none();
	kmt_advance_ms(3000);
	kmt_wire_expect_none();
	kmt_step("SO_ERROR reports it once");
	kmt_assert_ret(km_getsockopt(T.app, (int)fd, SOL_SOCKET, SO_ERROR, &err,
				     &len), 0);
	ck_assert_msg(err == ECONNREFUSED, "[%s] SO_ERROR is %d, expected %d "
		      "(ECONNREFUSED)", T.step, err, ECONNREFUSED);
}
END_TEST

/* ------------------------------------------------- dropped segments */

/* tcp_input.c:5923: an RST without ACK cannot be checked: ignore it */
START_TEST(test_rst_without_ack_is_ignored)
{
	struct km_seg syn, s;
	long fd = open_connect(&syn);

	peer_segment(&syn, &s, KM_TH_RST, 0);
	inject(&s, "an RST without ACK");
	expect_ignored(fd, &syn, "an RST without ACK",
		       "without an ACK it cannot prove it belongs to our SYN");
	still_completes(fd, &syn);
}
END_TEST

/* tcp_input.c:5827: acceptable ACK but neither SYN nor RST */
START_TEST(test_ack_without_syn_is_dropped)
{
	struct km_seg syn, s;
	long fd = open_connect(&syn);

	peer_segment(&syn, &s, KM_TH_ACK, syn.seq + 1);
	inject(&s, "an acceptable ACK without SYN");
	expect_ignored(fd, &syn, "an ACK without SYN or RST",
		       "RFC 793: neither SYN nor RST, drop it");
	still_completes(fd, &syn);
}
END_TEST

/* tcp_input.c:5986: no ACK, no SYN, no RST */
START_TEST(test_segment_without_ack_syn_rst_is_dropped)
{
	static const uint8_t flags[] = { 0, KM_TH_FIN, KM_TH_PSH,
					 KM_TH_FIN | KM_TH_PSH };
	struct km_seg syn, s;
	long fd = open_connect(&syn);
	unsigned int i;

	for (i = 0; i < sizeof(flags); i++) {
		peer_segment(&syn, &s, flags[i], 0);
		inject(&s, "a segment without ACK, SYN or RST");
		expect_ignored(fd, &syn, "a segment with flags none/FIN/PSH",
			       "no ACK, SYN or RST: drop it");
	}
	still_completes(fd, &syn);
}
END_TEST

/* tcp_input.c:5986-5994: a refused segment's options are forgotten */
START_TEST(test_dropped_segment_options_are_forgotten)
{
	struct km_seg syn, s;
	long fd = open_connect(&syn);

	kmt_step("a SYN|RST without ACK with every option: dropped");
	peer_synack(&syn, &s);
	s.flags = KM_TH_SYN | KM_TH_RST;
	s.ack = 0;
	s.tsecr = 0;
	s.mss = 1000;
	s.wscale = 9;
	inject(&s, "SYN|RST without ACK, MSS 1000, WS 9, SACK_PERM, TS");
	expect_ignored(fd, &syn, "a SYN|RST without ACK", "RST without ACK");
	kmt_step("a SYN-ACK with a bad ack and MSS 1100: RST");
	peer_synack(&syn, &s);
	s.ack = syn.seq + 7;
	s.mss = 1100;
	inject(&s, "a SYN-ACK with ack = our ISN + 7 and MSS 1100");
	expect_rst(&syn, syn.seq + 7, "a SYN-ACK with ack = our ISN + 7");
	kmt_step("the real SYN-ACK carries no option at all");
	peer_synack(&syn, &s);
	s.mss = -1;
	s.wscale = -1;
	s.sack_perm = false;
	s.ts = false;
	inject(&s, "a SYN-ACK without options");
	want_state(fd, "TCP_ESTABLISHED", "the SYN-ACK was acceptable");
	kmt_step("nothing of the refused segments' options survived");
	want_u(fd, "rx_opt.mss_clamp", MSS_DEFAULT,
	       "no MSS option was accepted: the 536 default set by connect() "
	       "must have been restored after each refused segment "
	       "(saved_clamp, tcp_input.c:5986-5994)");
	want_u(fd, "rx_opt.wscale_ok", 0,
	       "WS came only in a refused segment: tcp_clear_options()");
	want_u(fd, "rx_opt.snd_wscale", 0,
	       "WS came only in a refused segment: tcp_clear_options()");
	want_u(fd, "rx_opt.sack_ok", 0,
	       "SACK_PERM came only in refused segments: tcp_clear_options()");
	want_u(fd, "rx_opt.tstamp_ok", 0, "no TS in the SYN-ACK");
	want_u(fd, "mss_cache", MSS_DEFAULT, "no MSS from the peer: 536");
}
END_TEST

/* tcp_input.c:5836 -> tcp_ecn_rcv_synack (:304): with our SYN asking for
 * ECN (net.ipv4.tcp_ecn 1), ECN is on only if the SYN-ACK has ECE, not CWR */
START_TEST(test_synack_ecn_negotiation)
{
	struct km_seg syn, sa;
	long fd;

	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_ecn", 1), 0);
	kmt_step("tcp_ecn 1: our SYN asks for ECN (ECE|CWR)");
	fd = open_connect(&syn);
	ck_assert_msg(syn.flags == (KM_TH_SYN | KM_TH_ECE | KM_TH_CWR),
		      "[%s] expected an ECN-setup SYN, got %s", T.step,
		      describe(&syn));
	peer_synack(&syn, &sa);
	sa.flags |= KM_TH_ECE;
	inject(&sa, "a SYN-ACK with ECE: the peer agrees to ECN");
	want_u(fd, "ecn_flags", 1,
	       "ECE without CWR in the SYN-ACK: TCP_ECN_OK stays (tcp_input.c:304)");
	expect_final_ack(&syn, true, syn.tsval, ACK_WIN_SCALED, "the handshake");

	kmt_step("a second connection; the peer ignores ECN");
	fd = open_connect(&syn);
	peer_synack(&syn, &sa);
	inject(&sa, "a SYN-ACK without ECE");
	want_u(fd, "ecn_flags", 0,
	       "no ECE in the SYN-ACK: the peer does not do ECN, TCP_ECN_OK "
	       "is cleared (tcp_ecn_rcv_synack, tcp_input.c:304)");
	expect_final_ack(&syn, true, syn.tsval, ACK_WIN_SCALED, "the handshake");

	kmt_step("a third; the SYN-ACK has ECE and CWR (a reflected SYN)");
	fd = open_connect(&syn);
	peer_synack(&syn, &sa);
	sa.flags |= KM_TH_ECE | KM_TH_CWR;
	inject(&sa, "a SYN-ACK with ECE|CWR");
	want_u(fd, "ecn_flags", 0,
	       "ECE together with CWR is not an ECN answer: TCP_ECN_OK is "
	       "cleared (tcp_input.c:304)");
}
END_TEST

/* ------------------------------------------------- simultaneous open */

/* A bare SYN from the peer, with TS (TSval 7777) unless ts is false. */
static void peer_syn(const struct km_seg *syn, struct km_seg *s, bool ts,
		     uint32_t tsval)
{
	peer_synack(syn, s);
	s->flags = KM_TH_SYN;
	s->ack = 0;
	s->ts = ts;
	s->tsval = tsval;
	s->tsecr = 0;
}

/* tcp_input.c:5936-5964: crossed SYNs */
START_TEST(test_bare_syn_is_simultaneous_open)
{
	struct km_seg syn, s, got, want;
	long fd = open_connect(&syn);

	peer_syn(&syn, &s, true, PEER_TSVAL);
	inject(&s, "the peer's own SYN (crossed with ours)");
	kmt_step("simultaneous open: SYN_RECV");
	want_state(fd, "TCP_SYN_RECV",
		   "a SYN without ACK in SYN_SENT is a simultaneous open "
		   "(tcp_input.c:5936)");
	kmt_step("our SYN is sent again with ACK: SYN-ACK, same ISN");
	if (!kmt_wire_next(&got))
		ck_abort_msg("[%s] expected a SYN-ACK (our ISN %u, ack = peer ISN "
			     "+ 1 = %u), nothing was sent (tcp_send_synack, "
			     "tcp_input.c:5964)", T.step, syn.seq, PEER_ISN + 1);
	ck_assert_msg(got.flags == (KM_TH_SYN | KM_TH_ACK),
		      "[%s] answered the crossed SYN with %s; expected SYN|ACK "
		      "(our SYN again, now acknowledging theirs)\n  got: %s",
		      T.step, flag_names(got.flags), describe(&got));
	km_seg_init_tcp(&want, T.client, syn.sport, T.peer, PEER_PORT);
	want.seq = syn.seq;
	want.ack = PEER_ISN + 1;
	want.flags = KM_TH_SYN | KM_TH_ACK;
	want.window = 64240;		/* a SYN's window is never scaled */
	want.ip_id = (uint16_t)(syn.ip_id + 1);
	want.ip_tot_len = 60;
	/* our SYN's options; TSecr now echoes the peer's TSval */
	memcpy(want.opt, syn.opt, syn.opt_len);
	want.opt_len = syn.opt_len;
	want.opt[12] = (uint8_t)(PEER_TSVAL >> 24);
	want.opt[13] = (uint8_t)(PEER_TSVAL >> 16);
	want.opt[14] = (uint8_t)(PEER_TSVAL >> 8);
	want.opt[15] = (uint8_t)PEER_TSVAL;
	kmt_assert_seg(&want, &got, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ |
		       KMT_F_ACK | KMT_F_FLAGS | KMT_F_WIN | KMT_F_ID |
		       KMT_F_TTL | KMT_F_DF | KMT_F_OPTS | KMT_F_LEN);
	kmt_wire_expect_none();
	kmt_step("the fields taken from the crossed SYN");
	want_seq(fd, "rcv_nxt", PEER_ISN + 1, PEER_ISN, "peer ISN",
		 "the peer's SYN uses one sequence number (tcp_input.c:5947)");
	want_seq(fd, "copied_seq", PEER_ISN + 1, PEER_ISN, "peer ISN",
		 "copied_seq = rcv_nxt");
	want_seq(fd, "rcv_wup", PEER_ISN + 1, PEER_ISN, "peer ISN",
		 "rcv_wup = seq + 1");
	want_seq(fd, "snd_wl1", PEER_ISN, PEER_ISN, "peer ISN", "snd_wl1 = seq");
	want_u(fd, "snd_wnd", PEER_WIN, "the SYN's window, unscaled");
	want_u(fd, "max_window", PEER_WIN, "max_window = snd_wnd");
	want_u(fd, "rx_opt.tstamp_ok", 1, "the SYN had TS");
	want_u(fd, "rx_opt.ts_recent", PEER_TSVAL, "ts_recent = its TSval");
	want_u(fd, "tcp_header_len", 32, "TS on: 32-byte headers");
	want_seq(fd, "snd_una", syn.seq, syn.seq, "our ISN",
		 "our SYN is not acknowledged yet");
}
END_TEST

/* tcp_input.c:5938-5945: crossed SYN without TS */
START_TEST(test_simultaneous_open_without_timestamps)
{
	struct km_seg syn, s, got;
	long fd = open_connect(&syn);

	peer_syn(&syn, &s, false, 0);
	inject(&s, "the peer's SYN without TS");
	want_state(fd, "TCP_SYN_RECV", "a bare SYN: simultaneous open");
	want_u(fd, "rx_opt.tstamp_ok", 0, "the SYN had no TS");
	want_u(fd, "tcp_header_len", 20, "no TS: 20-byte headers");
	kmt_wire_expect(&got);
	ck_assert_msg(got.flags == (KM_TH_SYN | KM_TH_ACK) && got.seq == syn.seq &&
		      got.ack == PEER_ISN + 1,
		      "[%s] expected SYN|ACK seq %u ack %u, got %s", T.step,
		      syn.seq, PEER_ISN + 1, describe(&got));
}
END_TEST

/* tcp_input.c:5958 -> tcp_ecn_rcv_syn (:310): a crossed SYN keeps ECN only
 * if it asks for it too (ECE and CWR); our SYN-ACK then echoes ECE */
START_TEST(test_simultaneous_open_ecn_negotiation)
{
	struct km_seg syn, s, got;
	long fd;

	ck_assert_int_eq(km_sysctl_set(T.h, "net.ipv4.tcp_ecn", 1), 0);
	fd = open_connect(&syn);
	peer_syn(&syn, &s, true, PEER_TSVAL);
	s.flags |= KM_TH_ECE | KM_TH_CWR;
	inject(&s, "a crossed SYN asking for ECN (ECE|CWR)");
	want_u(fd, "ecn_flags", 1, "both SYNs asked for ECN: TCP_ECN_OK stays");
	kmt_wire_expect(&got);
	ck_assert_msg(got.flags == (KM_TH_SYN | KM_TH_ACK | KM_TH_ECE),
		      "[%s] expected our SYN-ACK with ECE (ECN agreed), got %s",
		      T.step, describe(&got));

	kmt_step("a second connection; the crossed SYN does not ask for ECN");
	fd = open_connect(&syn);
	peer_syn(&syn, &s, true, PEER_TSVAL);
	inject(&s, "a crossed SYN without ECE|CWR");
	want_u(fd, "ecn_flags", 0,
	       "the peer's SYN did not ask for ECN: TCP_ECN_OK is cleared "
	       "(tcp_ecn_rcv_syn, tcp_input.c:310)");
	kmt_wire_expect(&got);
	ck_assert_msg(got.flags == (KM_TH_SYN | KM_TH_ACK),
		      "[%s] expected our SYN-ACK without ECE (no ECN), got %s",
		      T.step, describe(&got));
}
END_TEST

/* tcp_input.c:5926-5929 (PAWS before the SYN test), include/net/tcp.h
 * tcp_paws_reject. ts_recent as inherited from a TIME_WAIT socket. */
START_TEST(test_paws_drops_old_syn_in_synsent)
{
	struct km_seg syn, s, got;
	long fd = open_connect(&syn);

	kmt_step("the socket inherited ts_recent 50000 (tcp_twsk_unique)");
	ck_assert_int_eq(kt_tcp_inherit_ts_recent(T.app, (int)fd, 50000), 0);
	peer_syn(&syn, &s, true, 49999);
	inject(&s, "a crossed SYN with TSval 49999 < ts_recent 50000");
	expect_ignored(fd, &syn, "a SYN with an old timestamp",
		       "PAWS: TSval older than ts_recent");
	want_u(fd, "rx_opt.ts_recent", 50000, "PAWS-rejected: ts_recent stays");
	peer_syn(&syn, &s, true, 50000);
	inject(&s, "a crossed SYN with TSval 50000 = ts_recent");
	want_state(fd, "TCP_SYN_RECV",
		   "TSval not older than ts_recent passes PAWS: simultaneous open");
	kmt_wire_expect(&got);
	ck_assert_msg(got.flags == (KM_TH_SYN | KM_TH_ACK),
		      "[%s] expected our SYN-ACK, got %s", T.step, describe(&got));
}
END_TEST

/* ------------------------------------------------- the final ACK */

/* tcp_input.c:5890-5904: pingpong (TCP_QUICKACK 0) delays the ACK */
START_TEST(test_final_ack_delayed_in_pingpong_mode)
{
	struct km_seg syn, sa;
	long fd = open_connect_opt(IPPROTO_TCP, TCP_QUICKACK, 0, &syn);

	peer_synack(&syn, &sa);
	inject(&sa, "the SYN-ACK, socket in pingpong mode");
	want_state(fd, "TCP_ESTABLISHED", "the SYN-ACK was acceptable");
	kmt_step("no ACK yet: it waits for data to ride on");
	{
		struct km_seg got;

		if (kmt_wire_next(&got))
			ck_abort_msg("[%s] in pingpong mode the final ACK is "
				     "delayed (tcp_input.c:5900), but the host "
				     "sent at once: %s", T.step, describe(&got));
	}
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_ack.pending",
			 "ICSK_ACK_SCHED|ICSK_ACK_TIMER");
	kmt_step("quick-ack mode: the next segments are acknowledged at once");
	want_u(fd, "icsk_ack.quick", 16,
	       "tcp_enter_quickack_mode: min(rcv_wnd 64240 / (2 * rcv_mss 536), "
	       "TCP_MAX_QUICKACKS 16) (tcp_input.c:5901)");
	want_u(fd, "icsk_ack.pingpong", 0, "quick-ack mode leaves pingpong mode");
	want_u(fd, "icsk_ack.ato", 40, "ato = TCP_ATO_MIN = HZ/25 = 40 ms");
	kmt_step("the delayed-ACK timer fires after TCP_DELACK_MAX = 200 ms");
	kmt_advance_ms(199);
	kmt_wire_expect_none();
	kmt_advance_ms(1);
	expect_final_ack(&syn, true, syn.tsval + 200, ACK_WIN_SCALED,
			 "sent by the delayed-ACK timer 200 ms later");
}
END_TEST

/* tcp_input.c:5890-5892: TCP_DEFER_ACCEPT also delays it */
START_TEST(test_final_ack_delayed_with_defer_accept)
{
	struct km_seg syn, sa, got;
	long fd = open_connect_opt(IPPROTO_TCP, TCP_DEFER_ACCEPT, 1, &syn);

	peer_synack(&syn, &sa);
	inject(&sa, "the SYN-ACK, TCP_DEFER_ACCEPT set");
	want_state(fd, "TCP_ESTABLISHED", "the SYN-ACK was acceptable");
	if (kmt_wire_next(&got))
		ck_abort_msg("[%s] with rskq_defer_accept the final ACK is delayed "
			     "(tcp_input.c:5891), but the host sent at once: %s",
			     T.step, describe(&got));
	kmt_advance_ms(200);
	expect_final_ack(&syn, true, syn.tsval + 200, ACK_WIN_SCALED,
			 "sent by the delayed-ACK timer 200 ms later");
}
END_TEST

/* ------------------------------------------------- tcp_finish_connect */

/* tcp_input.c:5676-5690: transfer set-up and the clocks */
START_TEST(test_finish_connect_sets_up_transfer)
{
	struct km_seg syn, sa;
	unsigned long j;
	long fd = open_connect(&syn);

	kmt_advance_ms(5);
	kmt_wire_expect_none();
	j = km_host_jiffies(T.h);
	peer_synack(&syn, &sa);
	sa.tsecr = syn.tsval;
	inject(&sa, "the SYN-ACK, 5 ms after the SYN");
	want_state(fd, "TCP_ESTABLISHED", "tcp_finish_connect enters it");
	want_u(fd, "icsk_ack.lrcvtime", j & 0xffffffffu,
	       "lrcvtime = now (tcp_input.c:5677)");
	want_u(fd, "lsndtime", j & 0xffffffffu,
	       "lsndtime = now: the connection is not idle (tcp_input.c:5690)");
	want_u(fd, "window_clamp", 64088,
	       "tcp_init_transfer -> tcp_init_buffer_space (tcp.c:460)");
	want_u(fd, "rcv_ssthresh", 64088, "tcp_init_transfer");
	want_u(fd, "snd_cwnd", 10, "tcp_init_transfer: initial window 10");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "srtt_us") > 0,
		      "[%s] srtt_us is 0: the SYN-ACK's ACK gives an RTT sample "
		      "(tcp_ack in SYN_SENT)", T.step);
}
END_TEST

/* tcp_input.c:5692-5693: SO_KEEPALIVE starts the keepalive timer */
START_TEST(test_finish_connect_starts_keepalive)
{
	struct km_seg syn, sa;
	unsigned long j;
	long fd = open_connect_opt(SOL_SOCKET, SO_KEEPALIVE, 1, &syn);

	kmt_step("no keepalive timer while in SYN_SENT");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_timer", "idle");
	j = km_host_jiffies(T.h);
	peer_synack(&syn, &sa);
	inject(&sa, "the SYN-ACK");
	kmt_step("ESTABLISHED with SO_KEEPALIVE: the timer runs, 7200 s");
	want_u(fd, "sk_timer", j + 7200UL * 1000,
	       "inet_csk_reset_keepalive_timer(keepalive_time_when = "
	       "tcp_keepalive_time 7200 s) (tcp_input.c:5693)");
}
END_TEST

/* tcp_input.c:5695-5698: header prediction only without window scaling */
START_TEST(test_finish_connect_header_prediction)
{
	struct km_seg syn, sa;
	long fd = open_connect(&syn);
	uint32_t want;

	peer_synack(&syn, &sa);
	inject(&sa, "a SYN-ACK with WS 7");
	want_u(fd, "pred_flags", 0,
	       "snd_wscale 7: no header prediction, pred_flags 0 "
	       "(tcp_input.c:5698)");
	expect_final_ack(&syn, true, syn.tsval, ACK_WIN_SCALED, "the handshake");
	kmt_step("a second connection, the peer without WS");
	fd = open_connect(&syn);
	peer_synack(&syn, &sa);
	sa.wscale = -1;
	inject(&sa, "a SYN-ACK without WS");
	/* __tcp_fast_path_on: (header length / 4) << 28 | ACK << 16 | window,
	 * in network order (include/net/tcp.h, called at tcp_input.c:5696) */
	want = htonl((32u << 26) | 0x00100000u | PEER_WIN);
	want_u(fd, "pred_flags", want,
	       "no scaling: header prediction on with doff 8, ACK and snd_wnd "
	       "29200 (__tcp_fast_path_on, tcp_input.c:5696)");
}
END_TEST

/* ------------------------------------------------------------ the suite */

#define CASE(fn)	kmt_lab_case(s, #fn, fn, kmt_setup_wire, kmt_teardown)

static Suite *lab5_suite(void)
{
	Suite *s = suite_create("lab5");

	CASE(test_synack_completes_blocking_connect);
	CASE(test_final_ack_is_byte_exact);
	CASE(test_synack_sets_sequence_numbers);
	CASE(test_synack_window_is_not_scaled);
	CASE(test_synack_without_wscale_turns_scaling_off);
	CASE(test_synack_timestamps_are_adopted);
	CASE(test_synack_without_timestamps);
	CASE(test_synack_mss_and_sack_are_taken);
	CASE(test_synack_with_bad_tsecr_is_reset);
	CASE(test_synack_with_tsecr_zero_is_accepted);
	CASE(test_synack_ecn_negotiation);
	CASE(test_ack_at_or_below_isn_gets_rst);
	CASE(test_ack_beyond_snd_nxt_gets_rst);
	CASE(test_rst_with_bad_ack_is_dropped);
	CASE(test_rst_with_good_ack_refuses_blocking_connect);
	CASE(test_rst_with_good_ack_sets_econnrefused);
	CASE(test_rst_without_ack_is_ignored);
	CASE(test_ack_without_syn_is_dropped);
	CASE(test_segment_without_ack_syn_rst_is_dropped);
	CASE(test_dropped_segment_options_are_forgotten);
	CASE(test_bare_syn_is_simultaneous_open);
	CASE(test_simultaneous_open_without_timestamps);
	CASE(test_simultaneous_open_ecn_negotiation);
	CASE(test_paws_drops_old_syn_in_synsent);
	CASE(test_final_ack_delayed_in_pingpong_mode);
	CASE(test_final_ack_delayed_with_defer_accept);
	CASE(test_finish_connect_sets_up_transfer);
	CASE(test_finish_connect_starts_keepalive);
	CASE(test_finish_connect_header_prediction);
	return s;
}

int main(void)
{
	return kmt_run(lab5_suite());
}
