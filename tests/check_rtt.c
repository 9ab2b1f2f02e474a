// SPDX-License-Identifier: GPL-2.0
/*
 * The first RTT sample of an active open. After a segment leaves, 5.0
 * stamps the queued original with its send time
 * (net/ipv4/tcp_output.c:1166, tcp_update_skb_after_send at :983), so the
 * ACK of the SYN gives a sequence RTT in tcp_clean_rtx_queue
 * (net/ipv4/tcp_input.c:3154) whether or not timestamps are on; Karn's rule
 * ignores it for a retransmitted SYN (tcp_input.c:3087), and with no sample
 * at all the RTO falls back to 3 s (tcp_metrics.c:513, TCP_TIMEOUT_FALLBACK).
 *
 * On the passive side the child is timed from the SYN-ACK's send time in
 * tcp_check_req (tcp_minisocks.c:792); if that gave nothing (the SYN-ACK
 * was resent, no timestamps), tcp_rcv_state_process tries once more from
 * the ACK (tcp_input.c:6091).
 *
 * The estimator (tcp_rtt_estimator, tcp_input.c:723) with a first sample
 * of m us: srtt_us = m << 3, mdev_us = m << 1, rttvar_us = max(mdev_us,
 * tcp_rto_min_us = 200000); then icsk_rto = (srtt_us >> 3) + rttvar_us
 * (__tcp_set_rto, include/net/tcp.h:644).
 */
#include <string.h>
#include <errno.h>
#include "kmtest.h"

#define PEER_PORT	80
#define PEER_ISN	3000000000u

/* The estimator's state after a first sample of rtt_ms milliseconds. */
static void assert_first_sample(long fd, unsigned int rtt_ms)
{
	unsigned long long m = rtt_ms * 1000ULL;
	unsigned long long mdev = m << 1, rttvar = mdev > 200000 ? mdev : 200000;
	char rto[32];

	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "srtt_us") == m << 3,
		      "[%s] srtt_us: expected %llu (%u ms << 3), got %llu", T.step,
		      m << 3, rtt_ms, kmt_field_u(T.app, (int)fd, "sock", "srtt_us"));
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "mdev_us") == mdev,
		      "[%s] mdev_us: expected %llu (%u ms << 1), got %llu", T.step,
		      mdev, rtt_ms, kmt_field_u(T.app, (int)fd, "sock", "mdev_us"));
	snprintf(rto, sizeof(rto), "%llu ms", (m + rttvar) / 1000);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_rto", rto);
}

static void rtt_sample_after(int timestamps, unsigned int rtt_ms)
{
	struct km_seg syn, sa, ack;
	long fd;

	km_sysctl_set(T.h, "net.ipv4.tcp_timestamps", timestamps);
	kmt_step("1. connect(): the SYN goes out%s", timestamps ? " with TSval" : ", no timestamps");
	fd = kmt_start_connect(PEER_PORT, &syn);
	ck_assert_int_eq(syn.ts, timestamps);
	kmt_step("2. the SYN-ACK arrives %u ms later", rtt_ms);
	kmt_synack_for(&syn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, rtt_ms * 1000000LL);
	kmt_advance_ms(rtt_ms);
	kmt_wire_expect(&ack);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_step("3. the SYN's send time gave the first RTT sample");
	assert_first_sample(fd, rtt_ms);
}

START_TEST(test_synack_after_2_ms_without_timestamps_gives_srtt_16000_and_rto_202_ms)
{
	rtt_sample_after(0, 2);
}
END_TEST

START_TEST(test_synack_after_2_ms_with_timestamps_gives_the_same_sample)
{
	rtt_sample_after(1, 2);
}
END_TEST

START_TEST(test_synack_after_150_ms_gives_rto_450_ms)
{
	rtt_sample_after(0, 150);
}
END_TEST

START_TEST(test_synack_to_a_retransmitted_syn_gives_no_sample_and_rto_3_s)
{
	struct km_seg syn, again, sa, ack;
	long fd;

	km_sysctl_set(T.h, "net.ipv4.tcp_timestamps", 0);
	kmt_step("1. the SYN is lost; after 1 s it is sent again");
	fd = kmt_start_connect(PEER_PORT, &syn);
	kmt_advance_ms(1000);
	kmt_wire_expect(&again);
	ck_assert_uint_eq(again.seq, syn.seq);
	kmt_step("2. the SYN-ACK answers: which SYN? Karn: no sample");
	kmt_synack_for(&syn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, 0);
	kmt_wire_expect(&ack);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "srtt_us") == 0,
		      "srtt_us: expected 0 (no sample from a retransmitted SYN), got %llu",
		      kmt_field_u(T.app, (int)fd, "sock", "srtt_us"));
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_rto", "3000 ms");
}
END_TEST

/* ---- passive open: a listener on the wire host, this test the client ---- */

/* SYN in; SYN-ACK out (resent `resends` times); ACK in after ack_ms.
 * Returns the accepted child. */
static long passive_open(int resends, unsigned int ack_ms)
{
	struct km_seg syn, sa, ack;
	long lfd = kmt_listen_on_wire(PEER_PORT, 16), cfd;
	int i;

	km_sysctl_set(T.h, "net.ipv4.tcp_timestamps", 0);
	km_seg_init_tcp(&syn, T.peer, 40000, T.client, PEER_PORT);
	syn.flags = KM_TH_SYN;
	syn.seq = PEER_ISN;
	syn.window = 64240;
	syn.mss = 1460;
	kmt_wire_inject(&syn, 0);
	kmt_wire_expect(&sa);
	for (i = 0; i < resends; i++) {
		kmt_advance_ms(1000 << i);
		kmt_wire_expect(&sa);
	}
	km_seg_init_tcp(&ack, T.peer, 40000, T.client, PEER_PORT);
	ack.flags = KM_TH_ACK;
	ack.seq = PEER_ISN + 1;
	ack.ack = sa.seq + 1;
	ack.window = 64240;
	kmt_trace_start();
	kmt_wire_inject(&ack, ack_ms * 1000000LL);
	kmt_advance_ms(ack_ms);
	cfd = km_accept4(T.root, (int)lfd, NULL, NULL, 0);
	ck_assert_msg(cfd >= 0, "accept: %s", kmt_errname(cfd));
	return cfd;
}

START_TEST(test_passive_child_is_timed_from_its_synack)
{
	long fd;
	unsigned long long srtt;

	kmt_step("1. SYN, SYN-ACK, and the ACK 3 ms later");
	fd = passive_open(0, 3);
	srtt = kmt_field_u(T.root, (int)fd, "sock", "srtt_us");
	ck_assert_msg(srtt == 3000 << 3, "srtt_us: expected %u (3 ms << 3), got %llu",
		      3000 << 3, srtt);
	kmt_step("2. timed once, in tcp_check_req: no second try");
	ck_assert_int_eq(kmt_trace_count("tcp_synack_rtt_meas"), 1);
}
END_TEST

START_TEST(test_passive_child_after_a_resent_synack_tries_again_from_the_ack)
{
	long fd;

	kmt_step("1. the SYN-ACK is resent once, then the ACK comes");
	fd = passive_open(1, 3);
	kmt_step("2. Karn: no sample in tcp_check_req, and none from the ACK");
	ck_assert_msg(kmt_field_u(T.root, (int)fd, "sock", "srtt_us") == 0,
		      "srtt_us: expected 0, got %llu",
		      kmt_field_u(T.root, (int)fd, "sock", "srtt_us"));
	ck_assert_msg(kmt_trace_count("tcp_synack_rtt_meas") == 2,
		      "expected tcp_synack_rtt_meas twice (tcp_minisocks.c:792 and "
		      "tcp_input.c:6091), got %d", kmt_trace_count("tcp_synack_rtt_meas"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtt");
	TCase *tc = tcase_create("first_sample");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_add_test(tc, test_synack_after_2_ms_without_timestamps_gives_srtt_16000_and_rto_202_ms);
	tcase_add_test(tc, test_synack_after_2_ms_with_timestamps_gives_the_same_sample);
	tcase_add_test(tc, test_synack_after_150_ms_gives_rto_450_ms);
	tcase_add_test(tc, test_synack_to_a_retransmitted_syn_gives_no_sample_and_rto_3_s);
	tcase_add_test(tc, test_passive_child_is_timed_from_its_synack);
	tcase_add_test(tc, test_passive_child_after_a_resent_synack_tries_again_from_the_ack);
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
