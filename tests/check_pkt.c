// SPDX-License-Identifier: GPL-2.0
/*
 * packetdrill scripts against the mirror (scenarios/packetdrill, `kmirror
 * pkt`): the public corpus in tests/pkt/ passes, mismatches are reported
 * the packetdrill way with the right exit status, bad scripts get one
 * clear "FILE:LINE:" message each and exit status 2, a script is a
 * scenario for trace and viz, and a bounded parser fuzz run survives.
 */
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "kmtest.h"
#include "../scenarios/packetdrill/pkt.h"
#include "../viz/record.h"
#include "../scenarios/scenario.h"

#define CORPUS		"tests/pkt/*.pkt"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

int kmirror_main(int argc, char **argv);

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read a whole tmpfile into a fresh string. */
static char *slurp(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	s = calloc(1, (size_t)(n > 0 ? n : 0) + 1);
	rewind(f);
	if (n > 0 && fread(s, 1, (size_t)n, f) != (size_t)n)
		s[0] = 0;
	return s;
}

static char tmpdir[64];

static const char *write_script(const char *name, const char *text, size_t len)
{
	static char path[256];
	FILE *f;

	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmpkt.XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

/* Run one script file; *msgs gets what it printed. */
/* Remove the test's scratch directory (each test runs in its own process). */
static void remove_tmpdir(void)
{
	DIR *d;
	struct dirent *e;
	char p[320];

	if (!tmpdir[0] || !(d = opendir(tmpdir)))
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
			unlink(p);
		}
	closedir(d);
	rmdir(tmpdir);
	tmpdir[0] = 0;
}

static int run_file(const char *path, const struct pkt_opts *o, char **msgs)
{
	FILE *m = tmpfile();
	int rc;

	ck_assert_ptr_nonnull(m);
	rc = pkt_run_file(path, o, 1, m);
	*msgs = slurp(m);
	fclose(m);
	return rc;
}

static int run_text(const char *name, const char *text, const struct pkt_opts *o,
		    char **msgs)
{
	return run_file(write_script(name, text, strlen(text)), o, msgs);
}

/* Run a script that must end with `status` and say `want`. */
static void expect_run(const char *name, const char *text, int status, const char *want)
{
	char *msgs;
	int rc = run_text(name, text, NULL, &msgs);

	ck_assert_msg(rc == status, "%s: exit %d, wanted %d: %s", name, rc, status, msgs);
	ck_assert_msg(strstr(msgs, want), "%s: wanted '%s' in: %s", name, want, msgs);
	free(msgs);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- the corpus ---- */

START_TEST(test_every_corpus_script_passes_on_the_mirror)
{
	glob_t g;
	size_t i;
	int failed = 0;
	static char report[16384];
	size_t r = 0;

	ck_assert_int_eq(glob(CORPUS, 0, NULL, &g), 0);
	ck_assert_msg(g.gl_pathc >= 40, "the corpus has %zu scripts, wants >= 40", g.gl_pathc);
	for (i = 0; i < g.gl_pathc; i++) {
		char *msgs;
		int rc = run_file(g.gl_pathv[i], NULL, &msgs);

		if (rc) {
			failed++;
			r += (size_t)snprintf(report + r, r < sizeof(report) ? sizeof(report) - r : 0,
					      "%s (exit %d): %s", g.gl_pathv[i], rc, msgs);
		}
		free(msgs);
	}
	globfree(&g);
	ck_assert_msg(!failed, "%d script(s) failed:\n%s", failed, report);
}
END_TEST

START_TEST(test_every_corpus_script_says_what_it_shows_and_cites_linux)
{
	glob_t g;
	size_t i;

	ck_assert_int_eq(glob(CORPUS, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");
		char line[256], head[4096] = "";
		size_t n = 0;

		ck_assert_ptr_nonnull(f);
		while (fgets(line, sizeof(line), f) && !strncmp(line, "//", 2))
			n += (size_t)snprintf(head + n, n < sizeof(head) ? sizeof(head) - n : 0,
					      "%s", line);
		fclose(f);
		ck_assert_msg(n > 0, "%s: no header comment", g.gl_pathv[i]);
		ck_assert_msg(strstr(head, "Linux 5.0.1: ") && strstr(head, ".c:"),
			      "%s: the header cites no Linux 5.0.1 file:line", g.gl_pathv[i]);
	}
	globfree(&g);
}
END_TEST

/* The whole corpus in under 2 s (the sanitizer build gets 10 times that);
 * the figure is printed for the log. */
START_TEST(test_whole_corpus_runs_in_under_two_seconds)
{
	glob_t g;
	size_t i;
	double t0, dt, limit = SANITIZED ? 20.0 : 2.0;

	ck_assert_int_eq(glob(CORPUS, 0, NULL, &g), 0);
	t0 = now_s();
	for (i = 0; i < g.gl_pathc; i++) {
		char *msgs;

		run_file(g.gl_pathv[i], NULL, &msgs);
		free(msgs);
	}
	dt = now_s() - t0;
	printf("corpus: %zu scripts in %.3f s (%.0f scripts/s)%s\n", g.gl_pathc, dt,
	       g.gl_pathc / (dt > 0 ? dt : 1e-9), SANITIZED ? " under ASan" : "");
	ck_assert_msg(dt < limit, "corpus took %.3f s (limit %.0f s)", dt, limit);
	globfree(&g);
}
END_TEST

/* ---- mismatches: packetdrill's messages, exit status 1 ---- */

static const char *active_open =
	"0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	"+0  fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	"+0  connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
	"+0  > S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>\n"
	"+.01 < S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 700 ecr 100,nop,wscale 7>\n";

START_TEST(test_wrong_ack_is_a_live_packet_field_mismatch)
{
	char text[2048], *msgs, want[256];
	int rc;

	snprintf(text, sizeof(text), "%s+0  > . 1:1(0) ack 2 win 502 <nop,nop,TS val 110 ecr 700>\n",
		 active_open);
	rc = run_text("ack.pkt", text, NULL, &msgs);
	snprintf(want, sizeof(want), "%s/ack.pkt:6: error handling packet: live packet field "
		 "tcp_ack_seq: expected: 2 (0x2) vs actual: 1 (0x1)\n", tmpdir);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(!strncmp(msgs, want, strlen(want)), "got: %s", msgs);
	ck_assert_ptr_nonnull(strstr(msgs, "\nscript packet:  0.010000 . 1:1(0) ack 2 win 502"));
	ck_assert_ptr_nonnull(strstr(msgs, "\nactual packet:  0.010000 . 1:1(0) ack 1 win 502"));
	free(msgs);
}
END_TEST

START_TEST(test_wrong_flags_and_options_are_reported_by_field)
{
	expect_run("flags.pkt",
		"0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
		"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
		"+0 > S. 0:0(0) ack 1 <...>\n", 1,
		":3: error handling packet: live packet field tcp_ack: "
		"expected: 1 (0x1) vs actual: 0 (0x0)");
	expect_run("opts.pkt",
		"0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
		"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
		"+0 > S 0:0(0) win 64240 <mss 1400,sackOK,TS val 1 ecr 0,nop,wscale 7>\n", 1,
		"bad value in outbound TCP option (kind=2): expected: mss 1400 "
		"actual: mss 1460");
}
END_TEST

START_TEST(test_wrong_errno_and_result_are_runtime_errors)
{
	expect_run("errno.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
		"+0 connect(3, ..., ...) = -1 EALREADY (Operation already in progress)\n", 1,
		"/errno.pkt:3: runtime error in connect call: Expected errno 114 (Operation "
		"already in progress) but got 115 (Operation now in progress)\n");
	expect_run("result.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 listen(3, 1) = -1 EINVAL\n", 1,
		"/result.pkt:2: runtime error in listen call: Expected result -1 but got 0 "
		"with errno 0 (Success)\n");
}
END_TEST

/* The retransmitted SYN comes at 1 s; written at 1.1 s it is a timing
 * error, unless --tolerance_usecs allows 100 ms. */
START_TEST(test_timing_error_and_tolerance_usecs)
{
	static const char *text =
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
		"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
		"+0 > S 0:0(0) <...>\n"
		"+1.1 > S 0:0(0) <...>\n";
	struct pkt_opts o;
	char *msgs, err[80];

	expect_run("late.pkt", text, 1, "/late.pkt:5: timing error: expected outbound packet "
		   "at 1.100000 sec but happened at 1.000000 sec; tolerance 0.004000 sec");
	/* an outbound packet's time range */
	expect_run("range.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
		"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
		"+0 > S 0:0(0) <...>\n"
		"+1.5~+2 > S 0:0(0) <...>\n", 1,
		"/range.pkt:5: timing error: expected outbound packet in relative time range "
		"+1.500000~+2.000000 sec but happened at +1.000000 sec");
	ck_assert_int_eq(run_text("range.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
				  "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
				  "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
				  "+0 > S 0:0(0) <...>\n"
				  "+0.5~+1.5 > S 0:0(0) <...>\n", NULL, &msgs), 0);
	free(msgs);
	pkt_opts_default(&o);
	ck_assert_int_eq(pkt_opt_apply(&o, "--tolerance_usecs=100000", err, sizeof(err)), 0);
	ck_assert_int_eq(run_text("late.pkt", text, &o, &msgs), 0);
	free(msgs);
}
END_TEST

START_TEST(test_missing_packet_times_out)
{
	expect_run("missing.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 > S 0:0(0) <...>\n", 1,
		"/missing.pkt:2: error handling packet: Timed out waiting for packet\n");
}
END_TEST

/* The host answers the bad SYN-ACK with a RST the script does not expect;
 * the next outbound line meets it instead of the SYN. */
START_TEST(test_unexpected_packet_shows_at_the_next_outbound_event)
{
	expect_run("extra.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
		"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
		"+0 > S 0:0(0) <...>\n"
		"+.1 < S. 0:0(0) ack 9 win 100\n"
		"+.9 > S 0:0(0) <...>\n", 1,
		"/extra.pkt:6: error handling packet: live packet field tcp_syn: "
		"expected: 1 (0x1) vs actual: 0 (0x0)");
}
END_TEST

/* As packetdrill: a script may not end while a blocking call it started
 * is still in the kernel. */
START_TEST(test_script_ending_during_a_blocking_call_fails)
{
	expect_run("pending.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0...1 connect(3, ..., ...) = 0\n"
		"+0 > S 0:0(0) <...>\n", 1,
		"/pending.pkt:2: runtime error: exiting while a blocking system call "
		"is in progress\n");
}
END_TEST

/* A script that fails while a blocking call sleeps in the kernel: the
 * world is freed with the task inside connect() or accept(); closing its
 * files must not resume it on the socket the close frees (the fuzz run
 * once did, under ASan, for a connect() woken just before the end).
 * Linux 5.0.1: net/ipv4/af_inet.c:575 (inet_wait_for_connect),
 * net/ipv4/inet_connection_sock.c:393 (inet_csk_wait_for_connect). */
START_TEST(test_failing_during_a_blocking_call_frees_cleanly)
{
	expect_run("blocked.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0...5 connect(3, ..., ...) = 0\n"
		"+0 > S 0:0(0) <...>\n"
		"+0 > S. 0:0(0) ack 1 <...>\n", 1, "/blocked.pkt:4: error handling packet");
	expect_run("blocked2.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 bind(3, ..., ...) = 0\n"
		"+0 listen(3, 1) = 0\n"
		"+0...5 accept(3, ..., ...) = 4\n"
		"+0 > S 0:0(0) <...>\n", 1, "/blocked2.pkt:5: error handling packet");
}
END_TEST

/* packetdrill would make a call from its main thread while a blocking
 * one still runs; the mirror's one task cannot, and says so. */
START_TEST(test_call_during_a_blocking_call_is_a_script_error)
{
	expect_run("overlap.pkt",
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0...5 connect(3, ..., ...) = 0\n"
		"+0 > S 0:0(0) <...>\n"
		"+2 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n", 2,
		"/overlap.pkt:4: getsockopt() while the blocking connect() of line 2 is "
		"still in progress: kmirror runs one call at a time\n");
}
END_TEST

/* ---- bad scripts: one clear error each, exit status 2 ---- */

static void expect_script_error(const char *name, const char *text, size_t len, int line,
				const char *what)
{
	const char *path = write_script(name, text, len);
	char *msgs, want[320];
	int rc = run_file(path, NULL, &msgs);

	snprintf(want, sizeof(want), "%s:%d: ", path, line);
	ck_assert_msg(rc == 2, "%s: exit %d, wanted 2 (%s)", name, rc, msgs);
	ck_assert_msg(!strncmp(msgs, want, strlen(want)), "%s: wanted '%s...', got: %s", name,
		      want, msgs);
	ck_assert_msg(strstr(msgs, what), "%s: wanted '%s' in: %s", name, what, msgs);
	ck_assert_msg(count_lines(msgs) == 1, "%s: wanted one message, got: %s", name, msgs);
	free(msgs);
}

START_TEST(test_malformed_script_is_one_error_with_file_and_line)
{
	static const char *t = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			       "+0 > S 0:0( win 100\n";

	expect_script_error("malformed.pkt", t, strlen(t), 2, "syntax error");
}
END_TEST

START_TEST(test_unknown_syscall_is_an_error)
{
	static const char *t = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			       "+0 sendfile(3, 4, 0, 10) = 10\n";

	expect_script_error("syscall.pkt", t, strlen(t), 2,
			    "unknown or unsupported system call 'sendfile'");
}
END_TEST

START_TEST(test_unknown_option_is_an_error)
{
	static const char *t = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			       "+0 setsockopt(3, SOL_SOCKET, SO_FROBNICATE, [1], 4) = 0\n";
	static const char *t2 = "--tolerance_usecs=5000\n--frobnicate=1\n"
				"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
	static const char *t3 = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
				"+0 > S 0:0(0) <mss 1460,fastopen 3>\n";

	expect_script_error("sockopt.pkt", t, strlen(t), 2, "unknown symbol 'SO_FROBNICATE'");
	expect_script_error("option.pkt", t2, strlen(t2), 2, "unknown option '--frobnicate'");
	expect_script_error("tcpopt.pkt", t3, strlen(t3), 2, "unknown TCP option 'fastopen'");
}
END_TEST

START_TEST(test_unsupported_shell_line_is_an_error_and_never_runs)
{
	char flag[128], text[512];
	const char *t;
	FILE *f;

	/* if this ran, the flag file would disappear */
	write_script("dummy", "", 0);
	snprintf(flag, sizeof(flag), "%s/flag", tmpdir);
	f = fopen(flag, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	snprintf(text, sizeof(text), "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		 "+0 `rm -f %s`\n", flag);
	expect_script_error("shell.pkt", text, strlen(text), 2, "unsupported shell command");
	ck_assert_int_eq(access(flag, F_OK), 0);
	/* sysctl forms the mirror lacks are refused with the line, too */
	t = "0 `sysctl -q net.ipv4.tcp_frobnicate=1`\n";
	expect_script_error("sysctl.pkt", t, strlen(t), 1, "has no sysctl net.ipv4.tcp_frobnicate");
}
END_TEST

/* A port range the kernel's sysctl handler refuses (ends swapped, beyond
 * 65535, among the privileged ports) is refused by the mirrored host too,
 * both ends or neither; it used to be stored and crash the next connect()
 * (found by the fuzz run). Linux 5.0.1: net/ipv4/inet_hashtables.c:624
 * (__inet_hash_connect reads the range). */
START_TEST(test_port_range_the_kernel_refuses_is_refused_not_a_crash)
{
	static const char *const bad[] = { "60000 50000", "40000 70000", "100 200", "0 5" };
	char text[512], want[160];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text),
			 "0 `sysctl -q net.ipv4.ip_local_port_range=\"%s\"`\n"
			 "+0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
			 "+0 connect(3, ..., ...) = -1 EINPROGRESS\n", bad[i]);
		snprintf(want, sizeof(want), "range.pkt:1: error executing `sysctl -q "
			 "net.ipv4.ip_local_port_range=\"%s\"` command: ", bad[i]);
		expect_run("range.pkt", text, 2, want);
	}
	/* a valid range above the old one: the high end moves first */
	expect_run("range.pkt",
		"0 `sysctl -q net.ipv4.ip_local_port_range=\"61001 61001\"`\n"
		"+0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
		"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
		"+0 > S 0:0(0) <...>\n"
		"+0 getsockname(3, {sa_family=AF_INET, sin_port=htons(61001), "
		"sin_addr=inet_addr(\"192.168.0.1\")}, [16]) = 0\n"
		"+0 `sysctl -q net.ipv4.tcp_syn_retries=0`\n", 2,
		"range.pkt:6: error executing `sysctl -q net.ipv4.tcp_syn_retries=0` command: "
		"net.ipv4.tcp_syn_retries: Invalid argument");
}
END_TEST

START_TEST(test_binary_file_is_one_error)
{
	unsigned char bin[4096];
	unsigned int i, x = 12345;

	for (i = 0; i < sizeof(bin); i++) {
		x = x * 1103515245u + 12345u;
		bin[i] = (unsigned char)(x >> 16);
	}
	bin[100] = 0;
	expect_script_error("binary.pkt", (const char *)bin, sizeof(bin), 1, "binary data");
}
END_TEST

START_TEST(test_ten_megabyte_script_is_one_error)
{
	size_t n = 10u << 20, i;
	char *big = malloc(n);
	static const char *line = "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
	double t0 = now_s();

	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = line[i % strlen(line)];
	expect_script_error("big.pkt", big, n, 1, "kmirror pkt reads at most");
	/* and the parser itself refuses it without reading on */
	ck_assert_int_eq(pkt_parse("big", big, n, &(struct pkt_script *){ NULL }, NULL), -1);
	free(big);
	ck_assert(now_s() - t0 < 5.0);
}
END_TEST

START_TEST(test_each_bad_line_gets_one_message)
{
	static const char *t = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			       "+0 > Q 0:0(0)\n"
			       "+0 bind(3, ..., ...) = 0 0 0\n"
			       "+0 close(3) = 0\n"
			       "+0 listen(3, FOO) = 0\n";
	char *msgs;

	ck_assert_int_eq(run_text("three.pkt", t, NULL, &msgs), 2);
	ck_assert_msg(count_lines(msgs) == 3, "wanted 3 messages: %s", msgs);
	ck_assert_ptr_nonnull(strstr(msgs, "three.pkt:2: bad TCP flag 'Q'"));
	ck_assert_ptr_nonnull(strstr(msgs, "three.pkt:3: syntax error at '0'"));
	ck_assert_ptr_nonnull(strstr(msgs, "three.pkt:5: unknown symbol 'FOO'"));
	free(msgs);
}
END_TEST

/* ---- the command line ---- */

static int run_cli(const char *const *args, char **out, char **err)
{
	return kmt_run_main(kmirror_main, args, out, err);
}

START_TEST(test_kmirror_pkt_exit_status_and_verbose)
{
	const char *good[] = { "kmirror", "pkt", "--verbose", "tests/pkt/connect-nonblocking.pkt",
			       NULL };
	const char *both[] = { "kmirror", "pkt", "tests/pkt/syn-default.pkt", NULL, NULL };
	const char *badopt[] = { "kmirror", "pkt", "--tolerance_usecs=x", "a.pkt", NULL };
	char *out, *err, text[1024];

	ck_assert_int_eq(run_cli(good, &out, &err), 0);
	ck_assert_msg(strstr(err, "outbound sniffed packet:  0.000000 S 0:0(0) ack 0 win 64240 "
			    "<mss 1460,sackOK,TS val"), "got: %s", err);
	ck_assert_ptr_nonnull(strstr(err, "inbound injected packet:  0.010000 S. 0:0(0) ack 1"));
	free(out);
	free(err);
	snprintf(text, sizeof(text), "%s+0 > . 1:1(0) ack 9 <...>\n", active_open);
	both[3] = write_script("fail.pkt", text, strlen(text));
	ck_assert_int_eq(run_cli(both, &out, &err), 1);
	ck_assert_ptr_nonnull(strstr(err, "kmirror pkt: 1 of 2 scripts passed"));
	free(out);
	free(err);
	ck_assert_int_eq(run_cli(badopt, &out, &err), 2);
	free(out);
	free(err);
}
END_TEST

/* ---- a script as a scenario ---- */

START_TEST(test_trace_of_a_script_shows_each_script_line)
{
	const char *args[] = { "kmirror", "trace", "tests/pkt/connect-nonblocking.pkt",
			       "--no-steps", "--no-diffs", NULL };
	const char *json[] = { "kmirror", "trace", "tests/pkt/connect-nonblocking.pkt",
			       "--format", "json", "--no-steps", NULL };
	char *out, *err;

	ck_assert_int_eq(run_cli(args, &out, &err), 0);
	ck_assert_msg(strstr(out, "# connect-nonblocking.pkt:10 expects: +0  > S 0:0(0) win 64240"),
		      "got: %.2000s", out);
	ck_assert_ptr_nonnull(strstr(out, "# connect-nonblocking.pkt:11 injects: +.01 < S. 0:0(0)"));
	ck_assert_ptr_nonnull(strstr(out, "tcp_rcv_synsent_state_process"));
	ck_assert_ptr_nonnull(strstr(out, "# tests/pkt/connect-nonblocking.pkt: every event matched"));
	free(out);
	free(err);
	ck_assert_int_eq(run_cli(json, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(out, "connect-nonblocking.pkt:11 injects"));
	free(out);
	free(err);
}
END_TEST

START_TEST(test_viz_records_a_script_with_the_peer_lane)
{
	struct km_scenario buf;
	const struct km_scenario *s = km_pkt_scenario(&buf, "tests/pkt/passive-open.pkt");
	struct km_cli_opts o;
	struct vz_rec R;
	int i, notes = 0;

	ck_assert_ptr_null(km_pkt_scenario(&buf, "connect"));
	s = km_pkt_scenario(&buf, "tests/pkt/passive-open.pkt");
	ck_assert_ptr_nonnull(s);
	memset(&o, 0, sizeof(o));
	o.seed = 1;
	o.peer = "mirror";
	o.format = "text";
	ck_assert_int_eq(vz_rec_scenario(&R, s, &o, NULL), 0);
	ck_assert_int_eq(R.status, 0);
	ck_assert_int_ge(R.nlanes, 2);
	ck_assert_str_eq(R.lanes[1].label, "peer");
	ck_assert_int_ge(R.npkts, 3);
	/* each packet beside the script line that injected or expected it */
	ck_assert_int_eq(R.pkts[0].script_line, 13);
	ck_assert_int_eq(R.pkts[1].script_line, 14);
	ck_assert_int_eq(R.pkts[2].script_line, 15);
	for (i = 0; i < R.nevs; i++)
		if (R.evs[i].type == KM_EV_NOTE && R.evs[i].note &&
		    strstr(R.evs[i].note, "passive-open.pkt:"))
			notes++;
	ck_assert_int_ge(notes, 8);
	vz_rec_free(&R);
}
END_TEST

/* ---- a bounded fuzz run of the parser (and, for what parses, the
 * runner): mutated corpus scripts, never a crash, a hang or a leak ---- */

static void run_quietly(const struct pkt_script *s)
{
	FILE *null = fopen("/dev/null", "w");
	struct km_world *w = km_world_new(1);
	struct pkt_run *r = pkt_run_new(w, s, NULL, null);

	ck_assert_ptr_nonnull(r);
	pkt_run(r);
	pkt_run_free(r);
	km_world_free(w);
	fclose(null);
}

START_TEST(test_parser_fuzz_bounded)
{
	glob_t g;
	double t0 = now_s(), budget = 30.0;
	const char *env = getenv("KMPKT_FUZZ_N");
	unsigned long want = env ? strtoul(env, NULL, 10) : 30000;
	unsigned long long x = 0x9e3779b97f4a7c15ULL;
	unsigned long inputs = 0, parsed = 0, ran = 0;
	static const char tokens[][64] = {
		"\n+0 getsockopt(3, SOL_SOCKET, SO_LINGER, [0], [200]) = 0\n",
		"\n+0 poll([{fd=3, events=POLLIN}], 1, 100) = 0\n",
		"\n+0 connect(3, ..., 128) = -1 EINVAL\n",
		"\n+0...0.1 accept(3, ..., ...) = 4\n",
		"\n+0 < icmp unreachable frag_needed mtu 9 [1:1(0)]\n",
		"\n+0 < udp (65507)\n", "\n* > . 1:1(0) ack 1 <...>\n",
		"...", "<", ">", "(", ")", "[", "]", "{", "}", "=", ",", "|", "+", "*",
		"`", "\"", "-1", "0x", "99999999999", ".", ":", "\n", "\0", "\xff", "S.",
		"/*", "//", "%{", "ack", "win", "<...>", "...0.1",
	};

	ck_assert_int_eq(glob(CORPUS, 0, NULL, &g), 0);
	/* a fixed, seeded sequence of inputs (KMPKT_FUZZ_N of them), cut
	 * short only if the machine is very slow */
	while (inputs < want && now_s() - t0 < budget) {
		const char *path = g.gl_pathv[x % g.gl_pathc];
		FILE *f = fopen(path, "rb");
		char buf[8192];
		size_t n = fread(buf, 1, sizeof(buf) - 64, f);
		struct pkt_script *s = NULL;
		int k, muts;

		fclose(f);
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		muts = 1 + (int)((x >> 33) % 8);
		for (k = 0; k < muts && n; k++) {
			size_t at;
			int what;

			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			at = (size_t)(x >> 20) % n;
			what = (int)((x >> 50) % 4);
			if (what == 0) {
				buf[at] = (char)(x >> 8);		/* flip a byte */
			} else if (what == 1) {
				memmove(buf + at, buf + at + 1, n - at - 1);	/* delete */
				n--;
			} else if (what == 2) {			/* insert a token */
				const char *t = tokens[(x >> 40) % (sizeof(tokens) / sizeof(tokens[0]))];
				size_t tl = t[0] ? strlen(t) : 1;

				if (n + tl > sizeof(buf))
					continue;
				memmove(buf + at + tl, buf + at, n - at);
				memcpy(buf + at, t, tl);
				n += tl;
			} else {
				n = at;				/* truncate */
			}
		}
		inputs++;
		if (pkt_parse("fuzz.pkt", buf, n, &s, NULL) == 0) {
			parsed++;
			run_quietly(s);		/* what parses runs, too */
			ran++;
			pkt_script_free(s);
		}
	}
	globfree(&g);
	printf("fuzz: %lu mutated scripts in %.1f s%s: %lu parsed, %lu run, no crash\n",
	       inputs, now_s() - t0, SANITIZED ? " under ASan+UBSan" : "", parsed, ran);
	ck_assert_uint_gt(inputs, 1000);
}
END_TEST

static Suite *pkt_suite(void)
{
	Suite *s = suite_create("pkt");
	TCase *tc = tcase_create("pkt");

	tcase_set_timeout(tc, 120);	/* the fuzz run stops itself at 30 s */
	tcase_add_checked_fixture(tc, NULL, remove_tmpdir);
	tcase_add_test(tc, test_every_corpus_script_passes_on_the_mirror);
	tcase_add_test(tc, test_every_corpus_script_says_what_it_shows_and_cites_linux);
	tcase_add_test(tc, test_whole_corpus_runs_in_under_two_seconds);
	tcase_add_test(tc, test_wrong_ack_is_a_live_packet_field_mismatch);
	tcase_add_test(tc, test_wrong_flags_and_options_are_reported_by_field);
	tcase_add_test(tc, test_wrong_errno_and_result_are_runtime_errors);
	tcase_add_test(tc, test_timing_error_and_tolerance_usecs);
	tcase_add_test(tc, test_missing_packet_times_out);
	tcase_add_test(tc, test_unexpected_packet_shows_at_the_next_outbound_event);
	tcase_add_test(tc, test_script_ending_during_a_blocking_call_fails);
	tcase_add_test(tc, test_call_during_a_blocking_call_is_a_script_error);
	tcase_add_test(tc, test_failing_during_a_blocking_call_frees_cleanly);
	tcase_add_test(tc, test_malformed_script_is_one_error_with_file_and_line);
	tcase_add_test(tc, test_unknown_syscall_is_an_error);
	tcase_add_test(tc, test_unknown_option_is_an_error);
	tcase_add_test(tc, test_unsupported_shell_line_is_an_error_and_never_runs);
	tcase_add_test(tc, test_port_range_the_kernel_refuses_is_refused_not_a_crash);
	tcase_add_test(tc, test_binary_file_is_one_error);
	tcase_add_test(tc, test_ten_megabyte_script_is_one_error);
	tcase_add_test(tc, test_each_bad_line_gets_one_message);
	tcase_add_test(tc, test_kmirror_pkt_exit_status_and_verbose);
	tcase_add_test(tc, test_trace_of_a_script_shows_each_script_line);
	tcase_add_test(tc, test_viz_records_a_script_with_the_peer_lane);
	tcase_add_test(tc, test_parser_fuzz_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(pkt_suite());
}
