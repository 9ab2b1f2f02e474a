// SPDX-License-Identifier: GPL-2.0
/*
 * A first exchange of data on an active open, segment by segment: what
 * send() puts on the wire (seq, ack, window, timestamps, PSH), the RTT
 * sample and the RTO the first data ACK gives, with timestamps on and
 * off, the retransmission timer's life, recv() sleeping until data comes,
 * the errors of send() and recv() outside ESTABLISHED, and bad input
 * (data beyond the window, data without ACK). The packetdrill scripts
 * tests/pkt/data-*.pkt cover the ACK timing (quick and delayed).
 *
 * The RTT arithmetic is Linux 5.0.1's tcp_rtt_estimator
 * (net/ipv4/tcp_input.c:723) and __tcp_set_rto (include/net/tcp.h:644):
 * srtt_us holds 8 x srtt, mdev_us 4 x the mean deviation; a later sample
 * m moves srtt by (m - srtt) / 8 and mdev by (|m - srtt| - mdev) / 4,
 * with a falling sample's weight cut to 1/8 (tcp_input.c:748); rttvar
 * follows the largest mdev of the round, at least 200 ms
 * (tcp_rto_min_us); RTO = srtt + rttvar, rounded up to a jiffy.
 */
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include "kmtest.h"

#define PEER_PORT	80
#define PEER_ISN	3000000000u
#define SECOND_NS	1000000000LL

/* An established connection: the SYN-ACK comes rtt_ms after the SYN. */
static long established(int timestamps, unsigned int rtt_ms,
			struct km_seg *syn, struct km_seg *sa)
{
	struct km_seg ack;
	long fd;

	km_sysctl_set(T.h, "net.ipv4.tcp_timestamps", timestamps);
	fd = kmt_start_connect(PEER_PORT, syn);
	kmt_synack_for(syn, sa, PEER_ISN);
	kmt_wire_inject(sa, rtt_ms * 1000000LL);
	kmt_advance_ms(rtt_ms);
	kmt_wire_expect(&ack);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	return fd;
}

/* A segment from the peer on the connection of syn, seq/ack relative to
 * the two ISNs (1 = the first byte after the SYN). */
static void peer_seg(const struct km_seg *syn, struct km_seg *s, uint8_t flags,
		     uint32_t rel_seq, uint32_t rel_ack, const char *data)
{
	kmt_seg_from_peer(s, PEER_PORT, syn->sport);
	s->flags = flags;
	s->seq = PEER_ISN + rel_seq;
	s->ack = syn->seq + rel_ack;
	s->window = 502;
	s->mss = -1;
	s->wscale = -1;
	s->sack_perm = false;
	s->ts = syn->ts;
	s->tsval = 9100;
	s->tsecr = syn->tsval;
	s->payload = (const uint8_t *)data;
	s->payload_len = data ? strlen(data) : 0;
}

/* The peer sends `data` at rel_seq; we answer at once with a pure ACK of
 * rel_ack (relative to the peer's ISN), seq = our first data byte. */
static void data_gets_ack(const struct km_seg *syn, uint32_t rel_seq,
			  const char *data, uint32_t rel_ack)
{
	struct km_seg d, ack;

	peer_seg(syn, &d, KM_TH_PSH | KM_TH_ACK, rel_seq, 1, data);
	kmt_wire_inject(&d, 0);
	kmt_wire_expect(&ack);
	ck_assert_uint_eq(ack.flags, KM_TH_ACK);
	ck_assert_uint_eq(ack.ack, PEER_ISN + rel_ack);
	ck_assert_uint_eq(ack.seq, syn->seq + 1);
}

static unsigned long long field_u(long fd, const char *f)
{
	return kmt_field_u(T.app, (int)fd, "sock", f);
}

#define assert_u(fd, f, want)						\
	ck_assert_msg(field_u(fd, f) == (want), "[%s] %s: expected %llu, got %llu", \
		      T.step, f, (unsigned long long)(want), field_u(fd, f))

/*
 * send("hello") 100 ms after a 100 ms handshake; the ACK comes 10 ms
 * later. The SYN gave srtt 100 ms (srtt_us 800000, mdev_us = rttvar_us =
 * 200000, RTO 300 ms). The 10 ms sample: srtt_us 800000 - 90000 = 710000;
 * |m - srtt| = 90000, less mdev/4 = 50000 leaves 40000, cut to 1/8 (a
 * falling sample): mdev_us 205000, which raises rttvar_us to 205000;
 * RTO = 710000 / 8 + 205000 = 293750 us, 294 jiffies.
 */
static void first_data_ack(int timestamps)
{
	struct km_seg syn, sa, data, ack;
	long fd, ret;

	kmt_step("1. handshake, SYN-ACK after 100 ms: srtt 100 ms, RTO 300 ms");
	fd = established(timestamps, 100, &syn, &sa);
	assert_u(fd, "srtt_us", 800000);
	assert_u(fd, "rttvar_us", 200000);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_rto", "300 ms");

	kmt_step("2. send(\"hello\"): one PSH segment, seq 1:6, ack 1, the handshake's window (net/ipv4/tcp.c:713)");
	ret = km_sendto(T.app, (int)fd, "hello", 5, 0, NULL, 0);
	kmt_assert_ret(ret, 5);
	kmt_wire_expect(&data);
	ck_assert_uint_eq(data.flags, KM_TH_PSH | KM_TH_ACK);
	ck_assert_uint_eq(data.seq, syn.seq + 1);
	ck_assert_uint_eq(data.ack, PEER_ISN + 1);
	ck_assert_uint_eq(data.window, 502);
	ck_assert_uint_eq(data.payload_len, 5);
	ck_assert(!memcmp(data.payload, "hello", 5));
	ck_assert_int_eq(data.ts, timestamps);
	if (timestamps)
		ck_assert_uint_eq(data.tsecr, sa.tsval);
	ck_assert_uint_eq(data.ip_tot_len, 20 + 20 + (timestamps ? 12 : 0) + 5);
	kmt_wire_expect_none();

	kmt_step("3. snd_nxt past the data, one packet out, the RTO timer armed (net/ipv4/tcp_output.c:80)");
	assert_u(fd, "snd_nxt", syn.seq + 6);
	assert_u(fd, "snd_una", syn.seq + 1);
	assert_u(fd, "write_seq", syn.seq + 6);
	assert_u(fd, "packets_out", 1);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pending", "ICSK_TIME_RETRANS");

	kmt_step("4. the ACK 10 ms later: snd_una advances, the queue empties, the timer stops");
	peer_seg(&syn, &ack, KM_TH_ACK, 1, 6, NULL);
	ack.tsecr = data.tsval;
	kmt_wire_inject(&ack, 10000000LL);
	kmt_advance_ms(10);
	kmt_wire_expect_none();
	assert_u(fd, "snd_una", syn.seq + 6);
	assert_u(fd, "packets_out", 0);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pending", "0");

	kmt_step("5. the 10 ms sample (net/ipv4/tcp_input.c:723): srtt_us 710000, rttvar_us 205000, RTO 294 ms");
	assert_u(fd, "srtt_us", 710000);
	assert_u(fd, "mdev_us", 205000);
	assert_u(fd, "rttvar_us", 205000);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_rto", "294 ms");
}

START_TEST(test_first_data_ack_after_10_ms_gives_srtt_88_ms_and_rto_294_ms)
{
	first_data_ack(1);
}
END_TEST

START_TEST(test_first_data_ack_without_timestamps_gives_the_same_sample)
{
	first_data_ack(0);
}
END_TEST

/*
 * No ACK: the segment is resent after the RTO (300 ms), then 600 ms
 * later; the ACK of the resent copy gives no sample from its send time
 * (Karn, net/ipv4/tcp_input.c:3087). Without timestamps nothing else
 * times it, so srtt stays; the backoff ends with the ACK
 * (icsk_retransmits 0).
 */
START_TEST(test_unacked_data_is_resent_at_the_rto_then_backed_off)
{
	struct km_seg syn, sa, data, again, ack;
	long fd;

	kmt_step("1. handshake without timestamps, 100 ms: RTO 300 ms; send 5 bytes");
	fd = established(0, 100, &syn, &sa);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "hello", 5, 0, NULL, 0), 5);
	kmt_wire_expect(&data);

	kmt_step("2. nothing for 299 ms, then the same segment again (net/ipv4/tcp_timer.c:514)");
	kmt_advance_ms(299);
	kmt_wire_expect_none();
	kmt_advance_ms(1);
	kmt_wire_expect(&again);
	kmt_assert_seg(&data, &again, KMT_F_SEQ | KMT_F_ACK | KMT_F_FLAGS | KMT_F_WIN | KMT_F_LEN);
	assert_u(fd, "icsk_retransmits", 1);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_rto", "600 ms");

	kmt_step("3. the RTO doubled: the next copy 600 ms later");
	kmt_advance_ms(599);
	kmt_wire_expect_none();
	kmt_advance_ms(1);
	kmt_wire_expect(&again);
	ck_assert_uint_eq(again.seq, data.seq);
	assert_u(fd, "icsk_retransmits", 2);

	kmt_step("4. the ACK: no RTT sample from a resent segment (Karn), srtt stays 100 ms");
	peer_seg(&syn, &ack, KM_TH_ACK, 1, 6, NULL);
	kmt_wire_inject(&ack, 0);
	kmt_advance_ms(1);
	assert_u(fd, "packets_out", 0);
	assert_u(fd, "icsk_retransmits", 0);
	assert_u(fd, "srtt_us", 800000);
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_pending", "0");
	kmt_advance_ms(3000);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_blocking_recv_sleeps_until_the_data_arrives)
{
	struct km_seg syn, sa;
	char buf[32] = "";
	long fd;

	kmt_step("1. an established connection; recv() finds nothing and sleeps (net/core/sock.c:2326)");
	fd = established(1, 10, &syn, &sa);
	kmt_assert_ret(km_fcntl(T.app, (int)fd, F_SETFL, 0), 0);	/* blocking */
	km_call_start(T.app, SYS_recvfrom, fd, (long)buf, sizeof(buf) - 1, 0, 0, 0);
	kmt_advance_ms(50);
	ck_assert_msg(!km_call_done(T.app), "recv() returned %s before any data came",
		      kmt_errname(km_call_result(T.app)));

	kmt_step("2. \"hi there\" arrives: ACKed at once (the first data), recv() wakes with 8 bytes");
	data_gets_ack(&syn, 1, "hi there", 9);
	kmt_assert_ret(km_call_wait(T.app, SECOND_NS), 8);
	ck_assert_str_eq(buf, "hi there");
	assert_u(fd, "rcv_nxt", PEER_ISN + 9);
	assert_u(fd, "copied_seq", PEER_ISN + 9);
	assert_u(fd, "sk_receive_queue_len", 0);
}
END_TEST

START_TEST(test_recv_of_part_of_a_segment_leaves_the_rest_queued)
{
	struct km_seg syn, sa;
	char buf[8] = "";
	long fd;

	fd = established(1, 10, &syn, &sa);
	data_gets_ack(&syn, 1, "abcdef", 7);
	kmt_step("recv(4) takes \"abcd\"; \"ef\" stays queued (net/ipv4/tcp.c:2125)");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, 4, 0, NULL, NULL), 4);
	ck_assert(!memcmp(buf, "abcd", 4));
	assert_u(fd, "sk_receive_queue_len", 1);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_PEEK, NULL, NULL), 2);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), 0, NULL, NULL), 2);
	ck_assert(!memcmp(buf, "ef", 2));
	assert_u(fd, "sk_receive_queue_len", 0);
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL),
		       -EAGAIN);
}
END_TEST

START_TEST(test_send_during_a_nonblocking_connect_is_eagain)
{
	struct km_seg syn;
	long fd;

	kmt_step("SYN_SENT, non-blocking: sk_stream_wait_connect has no time to wait (net/core/stream.c:68)");
	fd = kmt_start_connect(PEER_PORT, &syn);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), -EAGAIN);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_send_and_recv_on_a_socket_that_never_connected)
{
	char buf[4];
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	kmt_step("send(): CLOSE is neither connected nor connecting: EPIPE (net/core/stream.c:66)");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), -EPIPE);
	kmt_step("recv(): CLOSE without SOCK_DONE: ENOTCONN (net/ipv4/tcp.c:2057)");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), 0, NULL, NULL), -ENOTCONN);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_send_after_the_peer_reset_reports_econnreset_then_epipe)
{
	struct km_seg syn, sa, rst;
	char buf[4];
	long fd;

	fd = established(1, 10, &syn, &sa);
	peer_seg(&syn, &rst, KM_TH_RST, 1, 0, NULL);
	kmt_wire_inject(&rst, 0);
	kmt_advance_ms(1);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_step("the pending error first (net/core/stream.c:63), then EPIPE");
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), -ECONNRESET);
	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, NULL, 0), -EPIPE);
	kmt_step("recv() after the error was taken: SOCK_DONE, end of file (net/ipv4/tcp.c:2042)");
	kmt_assert_ret(km_recvfrom(T.app, (int)fd, buf, sizeof(buf), 0, NULL, NULL), 0);
	kmt_wire_expect_none();
}
END_TEST

START_TEST(test_data_beyond_the_window_gets_a_duplicate_ack_and_is_not_queued)
{
	struct km_seg syn, sa, data;
	long fd;

	fd = established(1, 10, &syn, &sa);
	kmt_step("seq rcv_nxt + 1000000: outside the window, a duplicate ACK (net/ipv4/tcp_input.c:5384)");
	data_gets_ack(&syn, 1000001, "late", 1);
	assert_u(fd, "rcv_nxt", PEER_ISN + 1);
	assert_u(fd, "sk_receive_queue_len", 0);
	kmt_step("the same bytes without the ACK flag: dropped silently (net/ipv4/tcp_input.c:5637)");
	peer_seg(&syn, &data, KM_TH_PSH, 1, 0, "late");
	kmt_wire_inject(&data, 0);
	kmt_advance_ms(1);
	kmt_wire_expect_none();
	assert_u(fd, "rcv_nxt", PEER_ISN + 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("data");
	TCase *tc = tcase_create("exchange");

	tcase_add_checked_fixture(tc, kmt_setup_wire, kmt_teardown);
	tcase_add_test(tc, test_first_data_ack_after_10_ms_gives_srtt_88_ms_and_rto_294_ms);
	tcase_add_test(tc, test_first_data_ack_without_timestamps_gives_the_same_sample);
	tcase_add_test(tc, test_unacked_data_is_resent_at_the_rto_then_backed_off);
	tcase_add_test(tc, test_blocking_recv_sleeps_until_the_data_arrives);
	tcase_add_test(tc, test_recv_of_part_of_a_segment_leaves_the_rest_queued);
	tcase_add_test(tc, test_send_during_a_nonblocking_connect_is_eagain);
	tcase_add_test(tc, test_send_and_recv_on_a_socket_that_never_connected);
	tcase_add_test(tc, test_send_after_the_peer_reset_reports_econnreset_then_epipe);
	tcase_add_test(tc, test_data_beyond_the_window_gets_a_duplicate_ack_and_is_not_queued);
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
