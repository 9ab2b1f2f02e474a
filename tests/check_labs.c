// SPDX-License-Identifier: GPL-2.0
/*
 * The labs, run the way students and instructors run them.
 *
 * Part A (scripts/lab-check.sh): the observation questions' checker. The
 * solution keys below are written from 5.0's rules (the Linux 5.0.1
 * file:line beside each), not read back from kmirror. The checker must never print an expected
 * value, must accept units and hex, work from any directory and give one
 * clear error for a missing answers file.
 *
 * Programming labs (every labs/labN-* with a lab.conf; docs/instructor-labs.md):
 * the lab follows the contract, the reference scores 100, the golden
 * traces match the reference and every planted mutant still applies.
 * With KMT_LAB_TREES=1 (`make lab-check`): a fresh student tree scores 0
 * and the Gradescope autograder works in a rehearsal (reference 100,
 * empty 0, broken 0, the first mutant partial). Every check builds only
 * what differs from this build (KMT_BUILD_DIR).
 * Run from the repository root (make test does).
 */
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <check.h>
#include "kmtest.h"

#define KMIRROR KMT_BUILD_DIR "/kmirror"

struct run {
	char	out[65536];
	int	status;		/* exit status, -1 if killed */
};

/* Run a shell command (stderr too) into r. */
static void run(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void run(struct run *r, const char *fmt, ...)
{
	char cmd[4096];
	size_t n = 0;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	ck_assert_msg(p != NULL, "cannot run %s", cmd);
	n = fread(r->out, 1, sizeof(r->out) - 1, p);
	r->out[n] = '\0';
	st = pclose(p);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The end of a long output, for a failure message (Check limits them). */
static const char *tail(const struct run *r)
{
	size_t n = strlen(r->out);

	return n > 3000 ? r->out + n - 3000 : r->out;
}

/* ---- Part A ---- */

static struct run grade_answers(int lab, const char *answers)
{
	char path[] = "/tmp/kmt_labXXXXXX";
	struct run r;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	ck_assert_msg(fd >= 0, "cannot create a temporary answers file");
	f = fdopen(fd, "w");
	ck_assert(f != NULL);
	fputs(answers, f);
	fclose(f);
	run(&r, "KMIRROR=%s sh scripts/lab-check.sh %d %s 2>&1", KMIRROR, lab, path);
	unlink(path);
	return r;
}

static void assert_all_ok(int lab, const char *key)
{
	struct run r = grade_answers(lab, key);

	ck_assert_msg(r.status == 0 && !strstr(r.out, "wrong") && !strstr(r.out, "no answer"),
		      "lab %d: the solution key should grade all ok, the checker said "
		      "(exit %d):\n%s", lab, r.status, r.out);
}

/* After socket(): sk_rcvbuf 131072 and sk_sndbuf 16384 (tcp.c:452-453
 * from tcp_rmem[1]/tcp_wmem[1]), icsk_rto 1 s (tcp.c:418), snd_cwnd 10
 * (tcp.c:427), mss_cache 536 (tcp.c:435). */
START_TEST(test_part_a_lab2_key_from_linux_rules_grades_all_ok)
{
	assert_all_ok(2, "q3_rcvbuf = 131072\nq3_sndbuf = 16384\n"
			 "q4_rto_ms = 1000\nq4_cwnd = 10\nq4_mss = 536\n");
}
END_TEST

/*
 * The SYN's skb: alloc_skb_fclone(MAX_TCP_HEADER 160) asks kmalloc for
 * SKB_DATA_ALIGN(160) + 320 = 512 bytes, end = 512 - 320 = 192
 * (skbuff.c:206-215, :231); truesize SKB_TRUESIZE(192) (skbuff.h:237),
 * 704 with kmirror's smaller struct sk_buff (typical x86_64: 768); headroom
 * 160 (tcp.c:885); the 40-byte TCP header leaves data at 120
 * (tcp_output.c:1080), the IP header at 100 (ip_output.c:479-480), len 60;
 * the receiver reserves NET_SKB_PAD 64 (skbuff.c:441) and pulls 20 bytes
 * of IP header: 84 (ip_input.c:231).
 */
START_TEST(test_part_a_lab1_key_from_linux_rules_grades_all_ok)
{
	assert_all_ok(1, "q1_end = 192\nq2_truesize = 704\nq3_headroom = 160\n"
			 "q4_tcp_data = 120\nq5_network_header = 100\nq6_len = 60\n"
			 "q7_rx_data = 84\n");
}
END_TEST

/* Ports 32768..60999 (ip_local_port_range, af_inet.c:1799-1800); SYN
 * window 64240, the free space rounded down to whole MSS (tcp_output.c:218);
 * SYN-ACK window 65160 with timestamps (tcp_minisocks.c:381-382); a DF
 * SYN-ACK built by ip_build_and_send_pkt carries IP ID 0 (ip_output.c:163-164). */
START_TEST(test_part_a_lab4_key_from_linux_rules_grades_all_ok)
{
	assert_all_ok(4, "q2_low = 32768\nq2_high = 60999\nq4_window = 64240\n"
			 "q5_window = 65160\nq5_ip_id = 0\n");
}
END_TEST

/*
 * Lab 3's Part A: the port is low + (offset % 28232 rounded down to even)
 * with hint 0 (inet_hashtables.c:661-671), the offset being what the trace
 * shows secure_ipv4_port_ephemeral() return; SYN_SENT before the port
 * (tcp_ipv4.c:278); one bind bucket created.
 */
START_TEST(test_part_a_lab3_key_from_the_port_rule_grades_all_ok)
{
	char key[256];
	struct run r;
	unsigned long off;

	run(&r, "%s trace handshake --seed 3 --format json | grep '\"ev\":\"exit\".*"
	    "\"func\":\"secure_ipv4_port_ephemeral\"' | head -1 | "
	    "sed 's/.*\"ret_raw\":\\([0-9]*\\).*/\\1/'", KMIRROR);
	off = strtoul(r.out, NULL, 10);
	ck_assert_msg(r.status == 0 && off > 0, "no offset in the trace: %s", r.out);
	snprintf(key, sizeof(key), "q1_port = %lu\nq2_offset = %lu\nq3_state = TCP_SYN_SENT\n"
		 "q4_buckets = 1\n", 32768 + ((off % 28232) & ~1UL), off);
	assert_all_ok(3, key);
}
END_TEST

/* 7 SYNs (tcp_syn_retries 6, tcp_ipv4.c:2631 and tcp.h:105), ETIMEDOUT at
 * 127 s (1+2+...+64 s, the timeout rule of tcp_timer.c:207-208 applied at 232). The retransmission at 999 ms
 * comes from the client host's jiffies phase (its tick falls 0.709 ms
 * before t = 0 with seed 3, and a timer fires on a tick); the server
 * completes on the retransmitted SYN-ACK's ACK at 1002 ms. */
START_TEST(test_part_a_lab6_key_grades_all_ok)
{
	assert_all_ok(6, "q2_syns = 7\nq2_timeout_s = 127\n"
			 "q3_retransmit_ms = 999\nq4_accept_ms = 1002\n");
}
END_TEST

/*
 * Lab 7's Part A (udp-connect, seed 1), read off the datagram on the wire:
 * the autobound port is its source port; inet_id is the IP ID the first DF
 * datagram of a connected socket carries (datagram.c:78, ip_select_ident,
 * include/net/ip.h:480). Port unreachable is ECONNREFUSED (icmp.c:134-137);
 * the ICMP quotes the whole datagram, 20 + 8 + 5 bytes, under the 576-byte
 * limit (icmp.c:726-734); sk_err is set at udp.c:729. The ICMP is back after
 * two crossings of the scenario's 1 ms link.
 */
START_TEST(test_part_a_lab7_key_from_linux_rules_grades_all_ok)
{
	char key[256], hex[80];
	unsigned int id, port;
	struct run r;

	run(&r, "%s trace udp-connect --seed 1 --format json | grep '\"dir\":\"tx\".*UDP len 5' | "
	    "head -1 | sed 's/.*\"hex\":\"\\([0-9a-f]*\\)\".*/\\1/'", KMIRROR);
	ck_assert_msg(r.status == 0 && strlen(r.out) > 44, "no datagram in the trace: %s", r.out);
	snprintf(hex, sizeof(hex), "%.4s", r.out + 8);		/* IP ID: bytes 4-5 */
	id = (unsigned int)strtoul(hex, NULL, 16);
	snprintf(hex, sizeof(hex), "%.4s", r.out + 40);		/* UDP source port */
	port = (unsigned int)strtoul(hex, NULL, 16);
	snprintf(key, sizeof(key), "q1_port = %u\nq2_inet_id = %u\nq3_ip_id = %u\n"
		 "q4_icmp_ms = 2\nq5_sk_err = ECONNREFUSED\nq6_quote_bytes = 33\n"
		 "q7_line = 729\n", port, id, id);
	assert_all_ok(7, key);
}
END_TEST

/*
 * Lab 8's Part A (handshake, seed 8, the server's side): SYN-ACK window
 * 65160 = 45 segments of 1460 - 12 (tcp_minisocks.c:381-382 with
 * tcp_output.c:217-228); the ISN is what secure_tcp_seq() returned
 * (tcp_input.c:6498, 6510); the request is TCP_NEW_SYN_RECV
 * (tcp_input.c:6350) and counts in qlen (inet_connection_sock.c:778); the
 * offered shift is ilog2(tcp_rmem[2] = 6 MB) - 15 = 7 (tcp_output.c:
 * 239-243); the child is born TCP_SYN_RECV (inet_connection_sock.c:799)
 * and queued for accept() (inet_connection_sock.c:950).
 */
START_TEST(test_part_a_lab8_key_from_linux_rules_grades_all_ok)
{
	char key[320];
	struct run r;
	unsigned long isn;

	run(&r, "%s trace handshake --seed 8 --format json | grep '\"host\":\"server\"' | "
	    "grep '\"ev\":\"exit\".*\"func\":\"secure_tcp_seq\"' | head -1 | "
	    "sed 's/.*\"ret_raw\":\\([0-9]*\\).*/\\1/'", KMIRROR);
	isn = strtoul(r.out, NULL, 10);
	ck_assert_msg(r.status == 0 && isn > 0, "no ISN in the trace: %s", r.out);
	snprintf(key, sizeof(key), "q1_window = 65160\nq2_isn = %lu\n"
		 "q3_req_state = TCP_NEW_SYN_RECV\nq4_qlen = 1\nq5_rcv_wscale = 7\n"
		 "q6_child_state = TCP_SYN_RECV\nq7_backlog = 1\n", isn);
	assert_all_ok(8, key);
}
END_TEST

START_TEST(test_part_a_wrong_answers_are_counted_never_revealed)
{
	struct run r = grade_answers(2, "q3_rcvbuf = 65536\nq3_sndbuf = 16384\n"
				     "q4_rto_ms = 3000\nq4_cwnd = 10\n");

	ck_assert_msg(r.status == 3, "two wrong answers and one missing: exit status "
		      "should be 3, got %d:\n%s", r.status, r.out);
	ck_assert_msg(strstr(r.out, "q3_rcvbuf: wrong (65536)"), "q3_rcvbuf not wrong:\n%s", r.out);
	ck_assert_msg(strstr(r.out, "q4_rto_ms: wrong"), "q4_rto_ms not wrong:\n%s", r.out);
	ck_assert_msg(strstr(r.out, "q4_mss: no answer"), "missing answer not reported:\n%s", r.out);
	ck_assert_msg(strstr(r.out, "q3_sndbuf: ok"), "a right answer is not ok:\n%s", r.out);
	ck_assert_msg(!strstr(r.out, "131072") && !strstr(r.out, " 536") &&
		      !strstr(r.out, "1000") && !strstr(r.out, "expected"),
		      "the checker revealed an expected value:\n%s", r.out);
}
END_TEST

START_TEST(test_part_a_units_and_hex_are_accepted)
{
	assert_all_ok(2, "q3_rcvbuf = 0x20000\nq3_sndbuf = 16384 bytes\n"
			 "q4_rto_ms = 1 s\nq4_cwnd = 10 segments\nq4_mss = 536\n");
	assert_all_ok(4, "q2_low = 32768\nq2_high = 60999\nq4_window = 64240\n"
			 "q5_window = 0xfe88\nq5_ip_id = 0x0\n");
	assert_all_ok(6, "q2_syns = 7\nq2_timeout_s = 127000 ms\n"
			 "q3_retransmit_ms = 999 ms\nq4_accept_ms = 1.002 s\n");
}
END_TEST

START_TEST(test_part_a_checker_works_from_any_directory)
{
	struct run r;
	char cwd[1024];

	ck_assert(getcwd(cwd, sizeof(cwd)) != NULL);
	run(&r, "d=$(mktemp -d) && cd $d && printf 'q4_cwnd = 10\\n' > my.answers && "
	    "KMIRROR=%s/%s sh %s/scripts/lab-check.sh 2 my.answers; s=$?; rm -rf $d; exit $s",
	    cwd, KMIRROR, cwd);
	ck_assert_msg(strstr(r.out, "q4_cwnd: ok") && r.status == 4,
		      "run from another directory (exit %d):\n%s", r.status, r.out);
}
END_TEST

START_TEST(test_part_a_missing_answers_file_is_one_clear_error)
{
	struct run r;

	run(&r, "sh scripts/lab-check.sh 2 /nonexistent/lab2.answers 2>&1");
	ck_assert_msg(r.status == 100, "exit %d, expected 100:\n%s", r.status, r.out);
	ck_assert_msg(strstr(r.out, "no answers file /nonexistent/lab2.answers") &&
		      strchr(r.out, '\n') == r.out + strlen(r.out) - 1,
		      "expected one line naming the file:\n%s", r.out);
	run(&r, "sh scripts/lab-check.sh 9 /dev/null 2>&1");
	ck_assert_msg(r.status == 100 && strstr(r.out, "no Part A questions for lab 9"),
		      "an unknown lab (exit %d):\n%s", r.status, r.out);
}
END_TEST

/* The recorded (hashed) keys are what the questions compute today. */
START_TEST(test_part_a_recorded_keys_match_the_mirror)
{
	struct run r;

	run(&r, "KMIRROR=%s python3 scripts/lab-check.py --verify 2>&1", KMIRROR);
	ck_assert_msg(r.status == 0, "%s", r.out);
}
END_TEST

/* ---- the grader ---- */

/*
 * scripts/lab-run.py on a made-up lab (tests/labfake/) whose "suite" is a
 * script that answers like a Check suite run with CK_RUN_CASE: one passes, one
 * fails, one crashes the suite, one is killed by Check's timeout, one
 * ends in an AddressSanitizer report. Each costs only its own points and
 * the report names the cause; results.json says the same.
 */
START_TEST(test_grader_isolates_crashes_hangs_and_sanitizer_reports)
{
	struct run r;

	run(&r, "d=$(mktemp -d) && python3 scripts/lab-run.py grade tests/labfake/lab9-fake "
	    "tests/labfake/lab9-fake/suite --results $d/r.json; echo \"exit $?\"; "
	    "python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); "
	    "print(\"json\", d[\"score\"], [(t[\"name\"], t[\"score\"], t[\"visibility\"]) "
	    "for t in d[\"tests\"]])' $d/r.json; rm -rf $d");
	ck_assert_msg(strstr(r.out, "PASS     40/40  t_pass"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "FAIL      0/15  t_fail") &&
		      strstr(r.out, "[step 2] expected 40000, got 40001"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "CRASH     0/15  t_crash") &&
		      strstr(r.out, "signal 11"), "a crash must be named:\n%s", r.out);
	ck_assert_msg(strstr(r.out, "TIMEOUT   0/15  t_hang") &&
		      strstr(r.out, "after 1 s"), "a hang must be named:\n%s", r.out);
	ck_assert_msg(strstr(r.out, "CRASH     0/15  t_asan") &&
		      strstr(r.out, "AddressSanitizer: heap-use-after-free in walk "
			     "kernel_mirror/net/" "x.c:12"), "an ASan report must be named:\n%s", r.out);
	ck_assert_msg(strstr(r.out, "Lab 9: 40/100") && strstr(r.out, "exit 1"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "json 40 [('t_pass', 40, 'visible'), ('t_fail', 0, 'visible'), "
			     "('t_crash', 0, 'visible'), ('t_hang', 0, 'visible'), "
			     "('t_asan', 0, 'after_published')]"), "results.json:\n%s", r.out);
}
END_TEST

/* ---- programming labs ---- */

static const char *make_args(void)
{
	/* LAB_MAKEARGS for this build: build/<cc>[-san] */
	static char buf[64];
	const char *cc = strrchr(KMT_BUILD_DIR, '/') + 1;
	size_t n = strcspn(cc, "-");

	snprintf(buf, sizeof(buf), "CC=%.*s%s", (int)n, cc,
		 strstr(cc, "-san") ? " SAN=1" : "");
	return buf;
}

/*
 * The numbers of the labs with a lab.conf; KMT_LABS="3 5" keeps only those
 * (a lab author checks one lab while writing it).
 */
static int lab_numbers(int *nums, int max)
{
	const char *only = getenv("KMT_LABS");
	char want[16], list[128];
	glob_t g;
	size_t i;
	int n = 0, lab;

	if (glob("labs/lab*-*/lab.conf", 0, NULL, &g))
		return 0;
	for (i = 0; i < g.gl_pathc && n < max; i++) {
		lab = atoi(g.gl_pathv[i] + strlen("labs/lab"));
		snprintf(want, sizeof(want), " %d ", lab);
		snprintf(list, sizeof(list), " %s ", only ? only : "");
		if (only && *only && !strstr(list, want))
			continue;
		nums[n++] = lab;
	}
	globfree(&g);
	ck_assert_msg(n > 0, "no programming lab (labs/lab*-*/lab.conf%s%s)",
		      only && *only ? " in KMT_LABS=" : "", only && *only ? only : "");
	return n;
}

#define FOR_EACH_LAB(lab)						\
	int _nums[16], _n = lab_numbers(_nums, 16), _k, lab;			\
	for (_k = 0; _k < _n && ((lab = _nums[_k]), 1); _k++)

START_TEST(test_each_lab_follows_the_contract)
{
	struct run r;

	FOR_EACH_LAB(lab) {
		run(&r, "python3 scripts/lab-run.py lint %d 2>&1", lab);
		ck_assert_msg(r.status == 0, "lab %d:\n%s", lab, tail(&r));
	}
}
END_TEST

START_TEST(test_each_lab_reference_scores_full_marks)
{
	struct run r;
	char want[64];

	FOR_EACH_LAB(lab) {
		run(&r, "LAB_MAKEARGS='%s' scripts/lab-grade.sh %d 2>&1", make_args(), lab);
		snprintf(want, sizeof(want), "\nLab %d: 100/100\n", lab);
		ck_assert_msg(r.status == 0 && strstr(r.out, want),
			      "the reference of lab %d must score 100 (exit %d):\n%s",
			      lab, r.status, tail(&r));
	}
}
END_TEST

START_TEST(test_each_lab_golden_traces_match_the_reference)
{
	struct run r;

	FOR_EACH_LAB(lab) {
		run(&r, "python3 scripts/lab-run.py check-golden %d "
		    "$(make -s --no-print-directory %s lab-bin LAB=%d) 2>&1",
		    lab, make_args(), lab);
		ck_assert_msg(r.status == 0, "lab %d:\n%s", lab, tail(&r));
	}
}
END_TEST

/* A fresh student tree: no reference left, every test fails, score 0. */
START_TEST(test_each_lab_stub_tree_scores_zero)
{
	struct run r;
	char want[64];

	FOR_EACH_LAB(lab) {
		run(&r, "d=$(mktemp -d) && python3 scripts/lab-tree.py %d $d/tree "
		    "--with-build %s >/dev/null && cd $d/tree && "
		    "echo leftovers: $(grep -rl 'LAB %d BEGIN' . --include=*.c; "
		    "ls -d .git labs/*/mutants 2>/dev/null) && "
		    "scripts/gen-mapping.sh --check >/dev/null && echo mapping-ok && "
		    "LAB_MAKEARGS='%s' scripts/lab-grade.sh %d; s=$?; rm -rf $d; exit $s",
		    lab, KMT_BUILD_DIR, lab, make_args(), lab);
		snprintf(want, sizeof(want), "\nLab %d: 0/100\n", lab);
		ck_assert_msg(strstr(r.out, "leftovers:\n"),
			      "lab %d: the student tree holds reference code:\n%s", lab, tail(&r));
		ck_assert_msg(strstr(r.out, "mapping-ok\n"),
			      "lab %d: docs/mapping.md of the student tree is stale:\n%s",
			      lab, tail(&r));
		ck_assert_msg(r.status == 1 && strstr(r.out, want) && !strstr(r.out, "  PASS"),
			      "lab %d: the stub tree must score 0 with no test passing "
			      "(exit %d):\n%s", lab, r.status, tail(&r));
	}
}
END_TEST

/*
 * Every planted mutant still applies to the reference: a change to the
 * regions' code (a citation, a step sentence) can break a patch's context,
 * and `make lab-mutants` would then report it BROKEN instead of killed.
 */
START_TEST(test_each_lab_mutants_still_apply)
{
	struct run r;

	FOR_EACH_LAB(lab) {
		run(&r, "n=0; for p in labs/lab%d-*/mutants/*.patch; do n=$((n+1)); "
		    "patch -p1 --dry-run -s -f < \"$p\" > /dev/null 2>&1 || echo \"$p\"; "
		    "done; echo \"$n patches\"", lab);
		ck_assert_msg(r.status == 0 && strstr(r.out, " patches") &&
			      !strstr(r.out, ".patch"),
			      "lab %d: mutants that no longer apply (regenerate them against "
			      "the reference):\n%s", lab, r.out);
	}
}
END_TEST

START_TEST(test_each_lab_gradescope_autograder_rehearsal)
{
	struct run r;

	FOR_EACH_LAB(lab) {
		run(&r, "LAB_MAKEARGS='%s' python3 scripts/lab-rehearse.py %d %s 2>&1",
		    make_args(), lab, KMT_BUILD_DIR);
		ck_assert_msg(r.status == 0, "lab %d: the autograder rehearsal "
			      "(reference 100, empty 0, broken 0, mutant partial, valid results.json) "
			      "failed (exit %d):\n%s", lab, r.status, tail(&r));
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("labs");
	TCase *tc = tcase_create("part-a");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_part_a_lab1_key_from_linux_rules_grades_all_ok);
	tcase_add_test(tc, test_part_a_lab2_key_from_linux_rules_grades_all_ok);
	tcase_add_test(tc, test_part_a_lab4_key_from_linux_rules_grades_all_ok);
	tcase_add_test(tc, test_part_a_lab3_key_from_the_port_rule_grades_all_ok);
	tcase_add_test(tc, test_part_a_lab6_key_grades_all_ok);
	tcase_add_test(tc, test_part_a_lab7_key_from_linux_rules_grades_all_ok);
	tcase_add_test(tc, test_part_a_lab8_key_from_linux_rules_grades_all_ok);
	tcase_add_test(tc, test_part_a_wrong_answers_are_counted_never_revealed);
	tcase_add_test(tc, test_part_a_units_and_hex_are_accepted);
	tcase_add_test(tc, test_part_a_checker_works_from_any_directory);
	tcase_add_test(tc, test_part_a_missing_answers_file_is_one_clear_error);
	tcase_add_test(tc, test_part_a_recorded_keys_match_the_mirror);
	suite_add_tcase(s, tc);

	tc = tcase_create("grader");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_grader_isolates_crashes_hangs_and_sanitizer_reports);
	suite_add_tcase(s, tc);

	/*
	 * The labs' own checks run once per make test, in the gcc build: they
	 * check the labs (their files, grading, golden traces), not this
	 * build. CI grades every lab again with clang, ASan and UBSan, the
	 * graders' configuration (make course-status).
	 */
	if (strstr(KMT_BUILD_DIR, "-san") && !getenv("KMT_LAB_TREES") && !getenv("KMT_LABS"))
		return kmt_run(s);
	tc = tcase_create("programming-labs");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_each_lab_follows_the_contract);
	tcase_add_test(tc, test_each_lab_reference_scores_full_marks);
	tcase_add_test(tc, test_each_lab_golden_traces_match_the_reference);
	tcase_add_test(tc, test_each_lab_mutants_still_apply);
	suite_add_tcase(s, tc);

	/*
	 * Building a student tree per lab and rehearsing Gradescope (four
	 * builds more per lab) is minutes for eight labs: `make lab-check`
	 * runs them (CI does, with the mutant sweep that makes sure every
	 * planted mistake loses points). make test keeps the checks above.
	 */
	if (getenv("KMT_LAB_TREES")) {
		tc = tcase_create("lab-trees");
		tcase_set_timeout(tc, 1800);
		tcase_add_test(tc, test_each_lab_stub_tree_scores_zero);
		tcase_add_test(tc, test_each_lab_gradescope_autograder_rehearsal);
		suite_add_tcase(s, tc);
	}
	return kmt_run(s);
}
