// SPDX-License-Identifier: GPL-2.0
/*
 * The step tracer and its sinks, through the kmirror binary: the same seed
 * gives a byte-identical trace; a different seed changes the secrets (so
 * the ISN) but not the shape; no raw address ever appears; JSON Lines are
 * one well-formed object per line with the documented keys; the text
 * trace shows field diffs and step sentences with Linux references; steps
 * on conditions say which way they went; fresh slab memory is shown as
 * (uninitialised); addresses and timeouts returned are decoded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <regex.h>
#include <unistd.h>
#include <check.h>
#include "kmtest.h"

#define KMIRROR KMT_BUILD_DIR "/kmirror"

struct out {
	char	*buf;
	size_t	len;
	int	status;
};

static struct out run_cli(const char *args)
{
	char cmd[1024];
	struct out o;

	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", KMIRROR, args);
	o.buf = kmt_shell(cmd, &o.status, &o.len);
	return o;
}

/* A run that must succeed and print a trace: an empty or failed run
 * would make every "never shows X" check pass. */
static struct out run_trace(const char *args)
{
	struct out o = run_cli(args);

	ck_assert_msg(o.status == 0, "kmirror %s exited with %d", args, o.status);
	ck_assert_msg(strstr(o.buf, "connect() {") || strstr(o.buf, "\"ev\":\"enter\""),
		      "kmirror %s printed no trace (%zu bytes):\n%.400s", args,
		      o.len, o.buf);
	return o;
}

START_TEST(test_same_seed_gives_identical_trace)
{
	struct out a = run_cli("trace connect --seed 7");
	struct out b = run_cli("trace connect --seed 7");

	ck_assert_msg(a.status == 0, "kmirror trace connect failed (%d)", a.status);
	ck_assert_msg(a.len > 10000, "suspiciously short trace: %zu bytes", a.len);
	ck_assert_msg(a.len == b.len && !memcmp(a.buf, b.buf, a.len),
		      "two runs with --seed 7 differ (%zu vs %zu bytes)", a.len, b.len);
	free(a.buf);
	free(b.buf);
}
END_TEST

START_TEST(test_same_seed_gives_identical_pcap)
{
	char dir[] = "/tmp/kmt_traceXXXXXX", cmd[256];
	struct out a, b, c;

	ck_assert(mkdtemp(dir) != NULL);
#define PCAP_RUN(seed, name)						\
	(snprintf(cmd, sizeof(cmd), "trace handshake --seed %d --quiet "	\
		  "--pcap %s/" name, seed, dir), run_cli(cmd))
	a = PCAP_RUN(3, "a.pcap");
	b = PCAP_RUN(3, "b.pcap");
	c = PCAP_RUN(4, "c.pcap");
#undef PCAP_RUN
	ck_assert_msg(a.status == 0 && b.status == 0 && c.status == 0, "a handshake run failed");
	snprintf(cmd, sizeof(cmd), "test -s %s/a.pcap && cmp -s %s/a.pcap %s/b.pcap",
		 dir, dir, dir);
	ck_assert_msg(system(cmd) == 0, "pcaps of two --seed 3 runs differ (or are empty)");
	snprintf(cmd, sizeof(cmd), "cmp -s %s/a.pcap %s/c.pcap", dir, dir);
	ck_assert_msg(system(cmd) != 0,
		      "--seed 3 and --seed 4 gave identical packets (secrets not seeded?)");
	free(a.buf); free(b.buf); free(c.buf);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert(system(cmd) == 0);
}
END_TEST

/*
 * A capture is a tap on the device (net/core/dev.c:2009 dev_queue_xmit_nit,
 * dev.c:4863 the receive path's ptype_all walk): it must leave no mark on
 * the trace, whichever directions it taps.
 */
START_TEST(test_capture_leaves_no_mark_in_the_trace)
{
	char dir[] = "/tmp/kmt_traceXXXXXX", cmd[256];
	struct out plain, tapped;
	char *tail;

	ck_assert(mkdtemp(dir) != NULL);
	plain = run_trace("trace handshake --seed 5");
	snprintf(cmd, sizeof(cmd), "trace handshake --seed 5 --pcap %s/x.pcap "
		 "--pcap-host server", dir);
	tapped = run_trace(cmd);
	/* the one line a capture adds: "# N packets written to FILE" */
	tail = strstr(tapped.buf, "\n# 3 packets written to ");
	ck_assert_msg(tail != NULL, "no packet count line:\n%.400s",
		      tapped.len > 400 ? tapped.buf + tapped.len - 400 : tapped.buf);
	tail[1] = '\0';
	ck_assert_msg(strlen(tapped.buf) == plain.len &&
		      !memcmp(tapped.buf, plain.buf, plain.len),
		      "tapping the server's eth0 changed the trace (%zu vs %zu bytes)",
		      strlen(tapped.buf), plain.len);
	free(plain.buf);
	free(tapped.buf);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert(system(cmd) == 0);
}
END_TEST

START_TEST(test_trace_never_shows_raw_addresses)
{
	struct out o = run_trace("trace handshake");
	regex_t re;
	regmatch_t m;

	/* the pointers are there, shown as ids */
	ck_assert_msg(strstr(o.buf, "sk: NULL -> sock#"),
		      "no pointer field shown as an id (sock#n) in the trace");
	ck_assert_int_eq(regcomp(&re, "0x[0-9a-f]{11,}", REG_EXTENDED), 0);
	if (regexec(&re, o.buf, 1, &m, 0) == 0) {
		int s = (int)m.rm_so;

		ck_abort_msg("a raw address in the trace: ...%.80s...", o.buf + (s > 40 ? s - 40 : 0));
	}
	regfree(&re);
	free(o.buf);
}
END_TEST

/* Every function pointer a traced field holds is named (trace/symbols.c):
 * raw sockets' backlog handler, UDP's destructor, TCP's ... */
START_TEST(test_trace_names_every_function_pointer)
{
	static const char *const runs[] = {
		"trace handshake", "trace udp-connect", "trace socket --type raw",
		"trace socket --type dgram", "trace connect-icmp",
	};
	unsigned int i;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct out o = run_cli(runs[i]);
		const char *u = strstr(o.buf, "(unknown function)");
		const char *line = u;

		while (line && line > o.buf && line[-1] != '\n')
			line--;
		ck_assert_msg(o.status == 0 && strstr(o.buf, "inet_create() {"),
			      "kmirror %s failed (%d) or traced no socket()", runs[i], o.status);
		ck_assert_msg(!u, "kmirror %s: a function pointer without a name: %.160s",
			      runs[i], line);
		free(o.buf);
	}
}
END_TEST

START_TEST(test_text_trace_shows_steps_diffs_and_packets)
{
	struct out o = run_trace("trace connect --peer script");

	ck_assert(strstr(o.buf, "tcp_v4_connect() {") != NULL);
	ck_assert_msg(strstr(o.buf, ". net/ipv4/tcp_ipv4.c:") != NULL, "no step line with a Linux reference");
	ck_assert_msg(strstr(o.buf, "skc_state: TCP_CLOSE -> TCP_SYN_SENT") != NULL,
		      "the SYN_SENT transition is not shown as a field diff");
	ck_assert_msg(strstr(o.buf, "state: SS_UNCONNECTED -> SS_CONNECTING") != NULL,
		      "the socket state change is not shown");
	ck_assert_msg(strstr(o.buf, "[S]") != NULL, "no packet line for the SYN");
	ck_assert_msg(strstr(o.buf, "<== connect() returns 0") != NULL, "no syscall return line");
	free(o.buf);
}
END_TEST

/* One JSON object per line, each with the keys docs/trace-json.md lists. */
static void assert_has(const struct out *o, const char *what, const char *scenario)
{
	ck_assert_msg(strstr(o->buf, what) != NULL, "trace %s: no \"%s\"", scenario, what);
}

static void assert_lacks(const struct out *o, const char *what, const char *scenario)
{
	const char *p = strstr(o->buf, what);

	ck_assert_msg(p == NULL, "trace %s shows \"%s\": %.200s", scenario, what, p);
}

static int count_of(const struct out *o, const char *what)
{
	int n = 0;

	for (const char *p = strstr(o->buf, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/*
 * A step on a condition says which way it went. A blocking connect used to
 * show "Non-blocking: the SYN is out, the caller gets EINPROGRESS", and a
 * refused one "Woken early by a signal: ERESTARTSYS".
 */
START_TEST(test_connect_steps_report_the_branch_taken)
{
	struct out c = run_cli("trace connect");
	struct out r = run_cli("trace connect-refused");
	struct out n = run_cli("trace connect-nonblock");
	struct out t = run_cli("trace connect-timeout");

	ck_assert(c.status == 0 && r.status == 0 && n.status == 0 && t.status == 0);
	assert_has(&c, "Is there no time to wait (O_NONBLOCK, or a zero SO_SNDTIMEO)? No.", "connect");
	assert_has(&c, "Did a signal end the sleep (ERESTARTSYS, or EINTR with a timeout)? No.",
		   "connect");
	assert_has(&c, "Back in CLOSE (refused, timed out or unreachable), so an error? No.",
		   "connect");
	assert_lacks(&c, "Non-blocking", "connect");
	assert_lacks(&c, "so an error? Yes.", "connect");

	assert_has(&r, "Back in CLOSE (refused, timed out or unreachable), so an error? Yes.",
		   "connect-refused");
	assert_has(&r, "Did a signal end the sleep (ERESTARTSYS, or EINTR with a timeout)? No.",
		   "connect-refused");
	assert_lacks(&r, "Woken early by a signal", "connect-refused");

	assert_has(&n, "Is there no time to wait (O_NONBLOCK, or a zero SO_SNDTIMEO)? Yes.",
		   "connect-nonblock");
	assert_lacks(&n, "Did a signal end the sleep", "connect-nonblock");

	/* six retransmissions, then the seventh timeout gives up */
	ck_assert_int_eq(count_of(&t, "Time to give up (tcp_write_timeout)? No."), 6);
	ck_assert_int_eq(count_of(&t, "Time to give up (tcp_write_timeout)? Yes."), 1);
	free(c.buf);
	free(r.buf);
	free(n.buf);
	free(t.buf);
}
END_TEST

/*
 * A new request sock is slab memory until tcp_openreq_init writes it: its
 * bitfields and 8-bit members show "(uninitialised)", not the fill pattern
 * decoded (num_retrans 90, num_timeout 45, snd_wscale 10, ecn_ok 1).
 */
START_TEST(test_new_request_sock_shows_no_slab_pattern)
{
	struct out o = run_cli("trace connect");

	ck_assert(o.status == 0);
	assert_lacks(&o, "req#1.num_retrans = 90", "connect");
	assert_lacks(&o, "req#1.num_timeout = 45", "connect");
	assert_lacks(&o, "req#1.snd_wscale = 10", "connect");
	assert_lacks(&o, "req#1.ecn_ok = 1", "connect");
	assert_lacks(&o, "req#1.num_retrans: 90", "connect");
	assert_has(&o, "req#1.num_retrans: (uninitialised) -> 0", "connect");
	assert_has(&o, "req#1.num_timeout: (uninitialised) -> 0", "connect");
	assert_has(&o, "req#1.snd_wscale: (uninitialised) -> 7", "connect");
	assert_has(&o, "req#1.ecn_ok: (uninitialised) -> 0", "connect");
	free(o.buf);
}
END_TEST

/* Addresses and timeouts returned by mirrored functions are shown decoded. */
START_TEST(test_return_values_are_decoded)
{
	struct out o = run_cli("trace connect");
	struct out j = run_cli("trace connect --format json");

	ck_assert(o.status == 0 && j.status == 0);
	assert_has(&o, "} = 10.0.0.1  /* fib_result_prefsrc */", "connect");
	assert_has(&o, "} = MAX_SCHEDULE_TIMEOUT  /* inet_wait_for_connect */", "connect");
	assert_lacks(&o, "= 16777226", "connect");
	assert_lacks(&o, "= 9223372036854775807", "connect");
	assert_has(&j, "\"ret\":\"10.0.0.1\",\"ret_raw\":16777226", "connect --format json");
	assert_has(&j, "\"ret\":\"MAX_SCHEDULE_TIMEOUT\"", "connect --format json");
	assert_has(&o, "} = sock#3  /* sk_alloc */", "connect");
	free(o.buf);
	free(j.buf);
	/*
	 * The source says `return -EINPROGRESS;` as the kernel does
	 * (net/ipv4/af_inet.c:668 in Linux 5.0.1); the build, not the
	 * source, makes it reported.
	 */
	o = run_cli("trace connect-nonblock");
	ck_assert(o.status == 0);
	assert_has(&o, "} = -115 (EINPROGRESS)  /* inet_stream_connect */", "connect-nonblock");
	free(o.buf);
}
END_TEST

/*
 * A -1 that only says "no" is not EPERM: tcp_rcv_synsent_state_process
 * returns -1 after the handshake's ACK, for tcp_rcv_state_process to go on
 * (net/ipv4/tcp_input.c:5911, and its caller at 6046-6047, in Linux 5.0.1).
 */
START_TEST(test_minus_one_that_is_not_an_errno_reads_as_a_number)
{
	struct out o = run_cli("trace connect");

	ck_assert(o.status == 0);
	assert_has(&o, "} = -1  /* tcp_rcv_synsent_state_process */", "connect");
	assert_lacks(&o, "(EPERM)", "connect");
	free(o.buf);
}
END_TEST

START_TEST(test_json_lines_are_well_formed)
{
	struct out o = run_trace("trace connect --format json");
	char *line, *save = NULL;
	int n = 0;

	for (line = strtok_r(o.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line);
		int depth = 0, instr = 0;
		size_t i;

		n++;
		ck_assert_msg(line[0] == '{' && line[len - 1] == '}', "line %d is not an object: %.80s", n, line);
		for (i = 0; i < len; i++) {
			if (instr) {
				if (line[i] == '\\')
					i++;
				else if (line[i] == '"')
					instr = 0;
				ck_assert_msg((unsigned char)line[i] >= 0x20, "control character in a string, line %d", n);
				continue;
			}
			if (line[i] == '"')
				instr = 1;
			else if (line[i] == '{' || line[i] == '[')
				depth++;
			else if (line[i] == '}' || line[i] == ']')
				depth--;
		}
		ck_assert_msg(depth == 0 && !instr, "unbalanced JSON on line %d: %.80s", n, line);
		ck_assert_msg(strstr(line, "\"ev\":\"") != NULL, "line %d has no ev: %.80s", n, line);
		if (!strstr(line, "\"ev\":\"result\""))
			ck_assert_msg(strstr(line, "\"seq\":") && strstr(line, "\"t_ns\":"),
				      "line %d lacks seq/t_ns: %.80s", n, line);
	}
	ck_assert_msg(n > 500, "only %d JSON lines", n);
	free(o.buf);
}
END_TEST

START_TEST(test_cli_rejects_bad_options_and_unknown_scenarios)
{
	struct out a = run_cli("trace no-such-scenario");
	struct out b = run_cli("trace connect --seed banana");
	struct out c = run_cli("trace connect --format xml");
	struct out d = run_cli("frobnicate");

	/* 2, a usage error: a crash (128 + signal) does not count */
	ck_assert_int_eq(a.status, 2);
	ck_assert_int_eq(b.status, 2);
	ck_assert_int_eq(c.status, 2);
	ck_assert_int_eq(d.status, 2);
	free(a.buf); free(b.buf); free(c.buf); free(d.buf);
}
END_TEST

static Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_same_seed_gives_identical_trace);
	tcase_add_test(tc, test_same_seed_gives_identical_pcap);
	tcase_add_test(tc, test_capture_leaves_no_mark_in_the_trace);
	tcase_add_test(tc, test_trace_never_shows_raw_addresses);
	tcase_add_test(tc, test_trace_names_every_function_pointer);
	tcase_add_test(tc, test_text_trace_shows_steps_diffs_and_packets);
	tcase_add_test(tc, test_json_lines_are_well_formed);
	tcase_add_test(tc, test_connect_steps_report_the_branch_taken);
	tcase_add_test(tc, test_new_request_sock_shows_no_slab_pattern);
	tcase_add_test(tc, test_return_values_are_decoded);
	tcase_add_test(tc, test_minus_one_that_is_not_an_errno_reads_as_a_number);
	tcase_add_test(tc, test_cli_rejects_bad_options_and_unknown_scenarios);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(trace_suite());
}
