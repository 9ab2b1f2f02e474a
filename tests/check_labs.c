// SPDX-License-Identifier: GPL-2.0
/*
 * The lab grader, scripts/lab-check.sh, run the way an instructor runs it.
 *
 * The solution keys below are written from Linux 5.0.1 (the lines each
 * key cites, docs/behaviour.md), not read back from kmirror: if the
 * mirror drifts, the grader's "expected" values drift
 * with it and these tests fail. A wrong answer must be reported as
 * "expected X, got Y" and counted in the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <check.h>
#include "kmtest.h"

#define KMIRROR KMT_BUILD_DIR "/kmirror"

struct grade {
	char	out[8192];
	int	wrong;		/* the script's exit status */
};

static struct grade run_grader(int lab, const char *answers)
{
	char path[] = "/tmp/kmt_labXXXXXX";
	char cmd[512], *out;
	struct grade g = { "", -1 };
	FILE *f;
	int fd;

	fd = mkstemp(path);
	ck_assert_msg(fd >= 0, "cannot create a temporary answers file");
	f = fdopen(fd, "w");
	ck_assert(f != NULL);
	fputs(answers, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "KMIRROR=%s sh scripts/lab-check.sh %d %s 2>&1",
		 KMIRROR, lab, path);
	out = kmt_shell(cmd, &g.wrong, NULL);
	snprintf(g.out, sizeof(g.out), "%s", out);
	free(out);
	unlink(path);
	return g;
}

static void assert_all_ok(int lab, const char *key)
{
	struct grade g = run_grader(lab, key);

	ck_assert_msg(g.wrong == 0,
		      "lab %d: the Linux-derived solution key should grade 0 wrong, "
		      "the grader said %d wrong:\n%s", lab, g.wrong, g.out);
	ck_assert_msg(!strstr(g.out, "expected") && strstr(g.out, ": ok"),
		      "lab %d: grader output is not all 'ok':\n%s", lab, g.out);
}

/* After socket(): sk_rcvbuf 131072, sk_sndbuf 16384 (net/ipv4/tcp.c:452-453),
 * icsk_rto 1 s (tcp.c:418), snd_cwnd 10 (tcp.c:427), mss_cache 536 (tcp.c:437). */
START_TEST(test_lab1_solution_key_from_facts_grades_all_ok)
{
	assert_all_ok(1, "q3_rcvbuf = 131072\nq3_sndbuf = 16384\n"
			 "q4_rto_ms = 1000\nq4_cwnd = 10\nq4_mss = 536\n");
}
END_TEST

/* Ports 32768..60999 (ip_local_port_range, net/ipv4/inet_hashtables.c:661);
 * SYN window 64240 (net/ipv4/tcp_output.c:218); SYN-ACK window 65160 with
 * timestamps (net/ipv4/tcp_minisocks.c:381-382); a DF SYN-ACK built by
 * ip_build_and_send_pkt carries IP ID 0 (net/ipv4/ip_output.c:163-164). */
START_TEST(test_lab2_solution_key_from_facts_grades_all_ok)
{
	assert_all_ok(2, "q2_low = 32768\nq2_high = 60999\nq4_window = 64240\n"
			 "q5_window = 65160\nq5_ip_id = 0\n");
}
END_TEST

/*
 * 7 SYNs, ETIMEDOUT at 127 s (net/ipv4/tcp_timer.c:233, 562). The retransmission at 999 ms
 * comes from the client host's jiffies phase (its tick falls 0.709 ms
 * before t = 0 with seed 3, and a timer fires on a tick); the server
 * completes on the retransmitted SYN-ACK's ACK at 1002 ms.
 */
START_TEST(test_lab3_solution_key_grades_all_ok)
{
	assert_all_ok(3, "q2_syns = 7\nq2_timeout_s = 127\n"
			 "q3_retransmit_ms = 999\nq4_accept_ms = 1002\n");
}
END_TEST

START_TEST(test_wrong_answers_are_shown_as_expected_vs_got_and_counted)
{
	struct grade g = run_grader(1, "q3_rcvbuf = 65536\nq3_sndbuf = 16384\n"
				       "q4_rto_ms = 3000\nq4_cwnd = 10\n");

	ck_assert_msg(g.wrong == 3, "two wrong answers and one missing: exit status "
		      "should be 3, got %d:\n%s", g.wrong, g.out);
	ck_assert_msg(strstr(g.out, "q3_rcvbuf: expected 131072, got 65536"),
		      "no 'expected X, got Y' line for q3_rcvbuf:\n%s", g.out);
	ck_assert_msg(strstr(g.out, "q4_rto_ms: expected 1000, got 3000"),
		      "no 'expected X, got Y' line for q4_rto_ms:\n%s", g.out);
	ck_assert_msg(strstr(g.out, "q4_mss: no answer (expected 536)"),
		      "a missing answer is not reported:\n%s", g.out);
	ck_assert_msg(strstr(g.out, "q3_sndbuf: ok"), "a right answer is not 'ok':\n%s",
		      g.out);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("labs");
	TCase *tc = tcase_create("grader");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_lab1_solution_key_from_facts_grades_all_ok);
	tcase_add_test(tc, test_lab2_solution_key_from_facts_grades_all_ok);
	tcase_add_test(tc, test_lab3_solution_key_grades_all_ok);
	tcase_add_test(tc, test_wrong_answers_are_shown_as_expected_vs_got_and_counted);
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
