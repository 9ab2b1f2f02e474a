// SPDX-License-Identifier: GPL-2.0
/*
 * SYN cookies and the SYN queue's other defences (Linux 5.0.1):
 *
 * - a full SYN queue with net.ipv4.tcp_syncookies = 1 (or any SYN with 2)
 *   is answered with a cookie SYN-ACK and nothing is kept
 *   (tcp_input.c:6430-6434, :6504, :6534-6536);
 * - the cookie is hash0 + the peer's ISN + (minute << 24) +
 *   ((hash1(minute) + MSS index) mod 2^24) (syncookies.c:95-113), the MSS
 *   index into {536, 1300, 1440, 1460} (syncookies.c:165-179);
 * - with timestamps the SYN-ACK's TSval carries window scale, SACK and ECN
 *   in its low 6 bits (syncookies.c:69-91);
 * - the ACK echoing cookie + 1 rebuilds the connection (cookie_v4_check,
 *   syncookies.c:283), a forged or two-minute-old one is refused
 *   (syncookies.c:134) and the listener resets it;
 * - without cookies the last quarter of the SYN backlog is kept for peers
 *   known to be alive (tcp_input.c:6482-6495);
 * - a SYN that asks for ECN but is itself ECN-capable gets none
 *   (tcp_ecn_create_request, tcp_input.c:6301-6309).
 *
 * The host under test is 10.0.0.1 with a listener on port 80; this test
 * is the clients at 10.0.0.2.
 */
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include "kmtest.h"

#define SRV_PORT	80
#define CLI_ISN		700000000u

static long listener(int backlog)
{
	return kmt_listen_on_wire(SRV_PORT, backlog);
}

/* A Linux-like SYN from 10.0.0.2:port (MSS 1460, SACK, TS, WS 7). */
static void syn_from(struct km_seg *s, uint16_t port, uint32_t isn)
{
	kmt_client_syn(s, port, SRV_PORT, isn);
}

/* The client's ACK of a SYN-ACK. */
static void ack_of(struct km_seg *a, const struct km_seg *syn, const struct km_seg *sa,
		   uint32_t ack)
{
	km_seg_init_tcp(a, T.peer, syn->sport, T.client, SRV_PORT);
	a->flags = KM_TH_ACK;
	a->seq = syn->seq + 1;
	a->ack = ack;
	a->window = 502;
	a->ts = sa->ts;
	a->tsval = syn->tsval + 1;
	a->tsecr = sa->tsval;
}

static const uint16_t msstab[] = { 536, 1300, 1440, 1460 };

static uint32_t cookie_hash(const uint8_t key[32], uint16_t sport, uint32_t count, int c)
{
	return (uint32_t)km_siphash_4u32(T.peer, T.client,
					 (uint32_t)htons(sport) << 16 | htons(SRV_PORT),
					 count, key + 16 * c);
}

/* The cookie Linux 5.0 makes for a SYN from sport with ISN isn and MSS
 * mss at jiffies j (syncookies.c:95-113 and :165-179). */
static uint32_t expected_cookie(uint16_t sport, uint32_t isn, uint16_t mss, unsigned long j)
{
	uint8_t key[32];
	uint32_t count = (uint32_t)(j / 60000), mssind = 3;

	while (mssind && mss < msstab[mssind])
		mssind--;
	ck_assert_int_eq(km_host_secret(T.h, "syncookie_secret[0]", key, 16), 0);
	ck_assert_int_eq(km_host_secret(T.h, "syncookie_secret[1]", key + 16, 16), 0);
	return cookie_hash(key, sport, 0, 0) + isn + (count << 24) +
	       ((cookie_hash(key, sport, count, 1) + mssind) & 0xffffff);
}

/* The timestamp offset 5.0 adds for this address pair (secure_seq.c:117). */
static uint32_t ts_offset(void)
{
	uint8_t key[16];

	ck_assert_int_eq(km_host_secret(T.h, "ts_secret", key, 16), 0);
	return (uint32_t)km_siphash_2u32(T.client, T.peer, key);
}

/* Fill the one-entry SYN queue with a SYN from port 40001. */
static void fill_the_queue(void)
{
	struct km_seg syn, sa;

	syn_from(&syn, 40001, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	ck_assert_uint_eq(sa.flags, KM_TH_SYN | KM_TH_ACK);
}

static void send_syn_get_synack(struct km_seg *syn, struct km_seg *sa, uint16_t port,
				uint32_t isn)
{
	syn_from(syn, port, isn);
	kmt_wire_inject(syn, 0);
	kmt_wire_expect(sa);
	ck_assert_msg(sa->flags == (KM_TH_SYN | KM_TH_ACK),
		      "[%s] expected a SYN-ACK, got flags %#x", T.step, sa->flags);
}

START_TEST(test_full_syn_queue_answers_with_a_cookie_synack)
{
	struct km_seg syn, sa, s;
	unsigned long j;
	uint32_t tsval;

	listener(1);
	kmt_step("1. one SYN fills the queue (backlog 1)");
	fill_the_queue();
	kmt_step("2. the next SYN gets a SYN-ACK whose ISN is a cookie");
	j = km_host_jiffies(T.h);
	send_syn_get_synack(&syn, &sa, 40002, CLI_ISN + 77);
	ck_assert_uint_eq(sa.ack, syn.seq + 1);
	ck_assert_msg(sa.seq == expected_cookie(40002, syn.seq, 1460, j),
		      "cookie: expected %#x, got %#x", expected_cookie(40002, syn.seq, 1460, j),
		      sa.seq);
	kmt_step("3. its TSval carries WS 7 and SACK in the low 6 bits (7 | 16 = 23)");
	ck_assert(sa.ts);
	tsval = sa.tsval - ts_offset();
	ck_assert_msg((tsval & 63) == 23, "TSval - tsoffset = %u: low bits %u, expected 23",
		      tsval, tsval & 63);
	ck_assert_int_eq(sa.wscale, 7);
	ck_assert(sa.sack_perm);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtSyncookiesSent"), 1);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPReqQFullDoCookies"), 1);
	kmt_step("4. nothing is kept for it: only the first SYN-ACK is resent at 1 s");
	kmt_advance_ms(1000);
	kmt_wire_expect(&s);
	ck_assert_uint_eq(s.dport, 40001);
	ck_assert(!kmt_wire_next(&s));
}
END_TEST

START_TEST(test_the_cookie_ack_creates_the_connection)
{
	struct km_seg syn, sa, ack;
	long lfd = listener(1), cfd;

	fill_the_queue();
	send_syn_get_synack(&syn, &sa, 40002, CLI_ISN + 99);
	kmt_step("1. the ACK echoes the cookie: the connection is rebuilt");
	ack_of(&ack, &syn, &sa, sa.seq + 1);
	kmt_wire_inject(&ack, 0);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtSyncookiesRecv"), 1);
	cfd = km_accept4(T.root, (int)lfd, NULL, NULL, 0);
	ck_assert_msg(cfd >= 0, "accept: %s", kmt_errname(cfd));
	kmt_step("2. the child has what the cookie and the timestamp carried");
	kmt_assert_field(T.root, (int)cfd, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rcv_nxt"), syn.seq + 1);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "snd_nxt"), sa.seq + 1);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.snd_wscale"), 7);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.tstamp_ok"), 1);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.sack_ok"), 1);
	kmt_assert_field(T.root, (int)cfd, "sock", "mss_cache", "1448");
}
END_TEST

START_TEST(test_a_forged_cookie_ack_is_reset)
{
	struct km_seg syn, sa, ack, rst;

	listener(1);
	fill_the_queue();
	send_syn_get_synack(&syn, &sa, 40002, CLI_ISN + 5);
	kmt_step("an ACK whose ack - 1 is not our cookie: RST with seq = its ack");
	ack_of(&ack, &syn, &sa, sa.seq + 2);
	kmt_wire_inject(&ack, 0);
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST);
	ck_assert_uint_eq(rst.seq, sa.seq + 2);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtSyncookiesFailed"), 1);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtSyncookiesRecv"), 0);
}
END_TEST

START_TEST(test_a_cookie_two_minutes_old_is_refused)
{
	struct km_seg syn, sa, ack, rst, other, osa;

	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 2);
	listener(16);
	send_syn_get_synack(&syn, &sa, 40002, CLI_ISN + 9);
	kmt_step("1. two minutes later (cookies still being sent), the ACK comes");
	kmt_advance_ms(119000);
	send_syn_get_synack(&other, &osa, 40003, CLI_ISN + 10);
	kmt_advance_ms(2000);
	ack_of(&ack, &syn, &sa, sa.seq + 1);
	kmt_wire_inject(&ack, 0);
	kmt_step("2. its minute is too old: refused and reset");
	kmt_wire_expect(&rst);
	ck_assert_uint_eq(rst.flags, KM_TH_RST);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtSyncookiesFailed"), 1);
}
END_TEST

START_TEST(test_syncookies_2_sends_cookies_with_an_empty_queue)
{
	struct km_seg syn, sa;
	unsigned long j;

	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 2);
	listener(128);
	j = km_host_jiffies(T.h);
	send_syn_get_synack(&syn, &sa, 40005, CLI_ISN);
	ck_assert_uint_eq(sa.seq, expected_cookie(40005, syn.seq, 1460, j));
	kmt_step("nothing kept, nothing resent");
	kmt_advance_ms(1500);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_a_cookie_without_timestamps_drops_the_options)
{
	struct km_seg syn, sa, ack;
	long lfd = listener(1), cfd;

	fill_the_queue();
	kmt_step("1. a SYN without timestamps: the cookie SYN-ACK offers only the MSS");
	syn_from(&syn, 40006, CLI_ISN + 3);
	syn.ts = false;
	syn.mss = 1400;
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	ck_assert(!sa.ts && !sa.sack_perm);
	ck_assert_int_eq(sa.wscale, -1);
	ck_assert_int_eq(sa.mss, 1460);
	kmt_step("2. the ACK builds a connection without options, MSS from the table (1300)");
	ack_of(&ack, &syn, &sa, sa.seq + 1);
	ack.window = 64240;	/* no window scaling: the full window */
	kmt_wire_inject(&ack, 0);
	cfd = km_accept4(T.root, (int)lfd, NULL, NULL, 0);
	ck_assert_msg(cfd >= 0, "accept: %s", kmt_errname(cfd));
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.snd_wscale"), 0);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.sack_ok"), 0);
	ck_assert_uint_eq(kmt_field_u(T.root, (int)cfd, "sock", "rx_opt.tstamp_ok"), 0);
	kmt_assert_field(T.root, (int)cfd, "sock", "mss_cache", "1300");
}
END_TEST

START_TEST(test_syncookies_off_drops_the_syn_when_the_queue_is_full)
{
	struct km_seg syn;

	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 0);
	listener(1);
	fill_the_queue();
	syn_from(&syn, 40002, CLI_ISN);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtTCPReqQFullDrop"), 1);
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtSyncookiesSent"), 0);
}
END_TEST

START_TEST(test_without_cookies_the_last_quarter_is_kept_for_proven_peers)
{
	struct km_seg syn, sa;
	int i;

	km_sysctl_set(T.h, "net.ipv4.tcp_syncookies", 0);
	km_sysctl_set(T.h, "net.ipv4.tcp_max_syn_backlog", 8);
	listener(128);
	kmt_step("1. seven SYNs are answered (8 - queued stays >= 8 / 4)");
	for (i = 0; i < 7; i++)
		send_syn_get_synack(&syn, &sa, (uint16_t)(41000 + i), CLI_ISN + i);
	kmt_step("2. the eighth, from a peer with no cached RTT, is dropped");
	syn_from(&syn, 41007, CLI_ISN + 7);
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect_none();
	ck_assert_int_eq(km_host_mib(T.h, "TcpExtListenDrops"), 1);
}
END_TEST

START_TEST(test_an_ecn_capable_syn_gets_no_ecn)
{
	struct km_seg syn, sa;

	listener(16);
	kmt_step("1. ECE|CWR from a not-ECT SYN: the SYN-ACK agrees (ECE)");
	syn_from(&syn, 42000, CLI_ISN);
	syn.flags |= KM_TH_ECE | KM_TH_CWR;
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	ck_assert_msg(sa.flags == (KM_TH_SYN | KM_TH_ACK | KM_TH_ECE),
		      "expected SYN|ACK|ECE, got %#x", sa.flags);
	kmt_step("2. the same from a SYN marked ECT(0): no ECE");
	syn_from(&syn, 42001, CLI_ISN);
	syn.flags |= KM_TH_ECE | KM_TH_CWR;
	syn.tos = 0x02;
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	ck_assert_msg(sa.flags == (KM_TH_SYN | KM_TH_ACK), "expected SYN|ACK, got %#x",
		      sa.flags);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("syncookies");
	TCase *tc = tcase_create("cookies");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_add_test(tc, test_full_syn_queue_answers_with_a_cookie_synack);
	tcase_add_test(tc, test_the_cookie_ack_creates_the_connection);
	tcase_add_test(tc, test_a_forged_cookie_ack_is_reset);
	tcase_add_test(tc, test_a_cookie_two_minutes_old_is_refused);
	tcase_add_test(tc, test_syncookies_2_sends_cookies_with_an_empty_queue);
	tcase_add_test(tc, test_a_cookie_without_timestamps_drops_the_options);
	tcase_add_test(tc, test_syncookies_off_drops_the_syn_when_the_queue_is_full);
	tcase_add_test(tc, test_without_cookies_the_last_quarter_is_kept_for_proven_peers);
	tcase_add_test(tc, test_an_ecn_capable_syn_gets_no_ecn);
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
