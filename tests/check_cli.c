// SPDX-License-Identifier: GPL-2.0
/*
 * The kmirror command line as a newcomer meets it (issue 17): the capture
 * file Wireshark reads, write errors that are never silent, options that
 * do not apply being refused, --seed's range, --help/--version, and the
 * man page, completion and README kept in step with the binary.
 *
 * Tests that need tshark report SKIPPED without it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <check.h>
#include "kmtest.h"

#define KMIRROR KMT_BUILD_DIR "/kmirror"

struct out {
	char	*buf;
	size_t	len;
	int	status;		/* exit status, or 128+signal */
};

/* Run a shell command line; its standard output (and standard error with
 * "2>&1" in cmd) and exit status. */
static struct out sh(const char *fmt, ...)
{
	char cmd[2048];
	struct out o = { NULL, 0, -1 };
	size_t cap = 1 << 16;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	ck_assert_msg(p != NULL, "cannot run %s", cmd);
	o.buf = malloc(cap);
	for (;;) {
		size_t n;

		if (o.len + 4096 > cap)
			o.buf = realloc(o.buf, cap *= 2);
		ck_assert(o.buf != NULL);
		n = fread(o.buf + o.len, 1, cap - o.len - 1, p);
		if (!n)
			break;
		o.len += n;
	}
	o.buf[o.len] = '\0';
	st = pclose(p);
	o.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return o;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static char tmp[64];

static void tmp_setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/kmt-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void tmp_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	(void)!system(cmd);
}

/* ---- item 1: the capture ---- */

/* Interface name and analysis flags of every frame, one line each. */
static struct out tshark_fields(const char *pcap, const char *extra)
{
	return sh("tshark -r %s -T fields -e frame.interface_name "
		  "-e tcp.flags.str -e tcp.analysis.flags %s 2>/dev/null",
		  pcap, extra);
}

START_TEST(test_pcap_shows_each_handshake_packet_once_per_sender)
{
	char path[128];
	struct out o, t;

	kmt_step("trace connect --pcap");
	o = sh("%s trace connect --quiet --pcap %s/c.pcapng", KMIRROR, tmp);
	ck_assert_int_eq(o.status, 0);
	ck_assert_msg(strstr(o.buf, "# 3 packets written"), "%s", o.buf);
	kmt_step("tshark reads it: 3 frames, no retransmission or dup ack");
	snprintf(path, sizeof(path), "%s/c.pcapng", tmp);
	t = tshark_fields(path, "");
	ck_assert_msg(count_lines(t.buf) == 3, "expected 3 frames, tshark says:\n%s",
		      t.buf);
	ck_assert_msg(!strstr(t.buf, "\t1\n") && !strchr(t.buf, ','),
		      "tshark flags a frame (retransmission/dup ack?):\n%s", t.buf);
	/* SYN from the client's device, SYN-ACK from the server's, ACK */
	ck_assert_msg(!strncmp(t.buf, "client eth0\t", 12), "%s", t.buf);
	ck_assert_msg(strstr(t.buf, "\nserver eth0\t"), "%s", t.buf);
	ck_assert_msg(strstr(t.buf, "\nclient eth0\t"), "%s", t.buf);
	free(o.buf);
	free(t.buf);
}
END_TEST

START_TEST(test_pcap_host_gives_one_hosts_view_of_both_directions)
{
	static const char *const hosts[] = { "client", "server" };
	char path[128], want[32];
	struct out o, t;
	int i;

	snprintf(path, sizeof(path), "%s/h.pcapng", tmp);
	for (i = 0; i < 2; i++) {
		kmt_step("--pcap-host %s", hosts[i]);
		o = sh("%s trace connect --quiet --pcap %s --pcap-host %s", KMIRROR,
		       path, hosts[i]);
		ck_assert_int_eq(o.status, 0);
		t = tshark_fields(path, "");
		ck_assert_msg(count_lines(t.buf) == 3, "%s", t.buf);
		snprintf(want, sizeof(want), "%s eth0\t", hosts[i]);
		ck_assert_msg(!strncmp(t.buf, want, strlen(want)) &&
			      !strstr(t.buf, i ? "client eth0" : "server eth0"),
			      "not only %s's device:\n%s", hosts[i], t.buf);
		ck_assert_msg(!strstr(t.buf, "\t1\n"), "%s", t.buf);
		free(o.buf);
		free(t.buf);
	}
	kmt_step("--pcap-host server with a scripted peer: refused");
	o = sh("%s trace connect --peer script --quiet --pcap %s --pcap-host server 2>&1",
	       KMIRROR, path);
	ck_assert_int_eq(o.status, 2);
	ck_assert_msg(strstr(o.buf, "--pcap-host server"), "%s", o.buf);
	free(o.buf);
}
END_TEST

/* Without tshark: the file is pcapng, one interface block per host. */
START_TEST(test_pcap_is_pcapng_with_an_interface_per_host_device)
{
	char path[128];
	unsigned char b[4096];
	size_t n;
	FILE *f;
	struct out o;

	snprintf(path, sizeof(path), "%s/c.pcapng", tmp);
	o = sh("%s trace handshake --quiet --pcap %s", KMIRROR, path);
	ck_assert_int_eq(o.status, 0);
	free(o.buf);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	n = fread(b, 1, sizeof(b), f);
	fclose(f);
	ck_assert_uint_ge(n, 28);
	ck_assert_msg(!memcmp(b, "\x0a\x0d\x0d\x0a", 4), "no section header block");
	ck_assert_msg(!memcmp(b + 8, "\x4d\x3c\x2b\x1a", 4), "byte-order magic");
	ck_assert_ptr_nonnull(memmem(b, n, "client eth0", 11));
	ck_assert_ptr_nonnull(memmem(b, n, "server eth0", 11));
}
END_TEST

/* ---- item 2: write errors ---- */

START_TEST(test_pcap_write_error_exits_1_naming_the_reason)
{
	struct out o = sh("%s trace connect --quiet --pcap /dev/full 2>&1", KMIRROR);

	ck_assert_int_eq(o.status, 1);
	ck_assert_msg(strstr(o.buf, "kmirror: /dev/full: No space left on device"),
		      "%s", o.buf);
	ck_assert_msg(!strstr(o.buf, "packets written"), "%s", o.buf);
	free(o.buf);
	o = sh("%s trace connect --quiet --pcap /nonexistent/dir/x.pcap 2>&1", KMIRROR);
	ck_assert_int_eq(o.status, 1);
	ck_assert_msg(strstr(o.buf, "/nonexistent/dir/x.pcap: No such file or directory"),
		      "%s", o.buf);
	free(o.buf);
}
END_TEST

START_TEST(test_trace_to_a_full_disk_exits_1)
{
	struct out o = sh("%s trace connect 2>&1 >/dev/full", KMIRROR);

	ck_assert_int_eq(o.status, 1);
	ck_assert_msg(strstr(o.buf, "kmirror: standard output: No space left on device"),
		      "%s", o.buf);
	free(o.buf);
	o = sh("%s trace connect --format json 2>&1 >/dev/full", KMIRROR);
	ck_assert_int_eq(o.status, 1);
	free(o.buf);
}
END_TEST

START_TEST(test_trace_to_a_closed_pipe_with_sigpipe_ignored_exits_1)
{
	int out[2], err[2], st;
	char msg[512];
	ssize_t n;
	pid_t pid;

	/* standard output: a pipe whose reader is already gone */
	ck_assert_int_eq(pipe(out), 0);
	ck_assert_int_eq(pipe(err), 0);
	close(out[0]);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(err[0]);
		execl(KMIRROR, "kmirror", "trace", "connect", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	n = read(err[0], msg, sizeof(msg) - 1);
	close(err[0]);
	msg[n > 0 ? n : 0] = 0;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status %d: %s", st, msg);
	ck_assert_msg(strstr(msg, "kmirror: standard output: Broken pipe"), "%s", msg);
}
END_TEST

START_TEST(test_viz_exports_report_write_errors)
{
	static const char *const opts[] = { "--export-pcap", "--export-seq",
					    "--save" };
	struct out o;
	int i;

	for (i = 0; i < 3; i++) {
		kmt_step("viz %s /dev/full", opts[i]);
		o = sh("%s viz connect %s /dev/full 2>&1 >/dev/null",
		       KMIRROR, opts[i]);
		ck_assert_int_eq(o.status, 1);
		ck_assert_msg(strstr(o.buf, "/dev/full: No space left on device"),
			      "[%s] %s", opts[i], o.buf);
		free(o.buf);
	}
}
END_TEST

/* ---- item 3: make demo needs only the run-time dependencies ---- */

/* make as a user types it: not under the make running the tests */
#define MAKE_CMD "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make"

START_TEST(test_make_demo_asks_only_for_run_time_dependencies)
{
	struct out o;

	kmt_step("make -n demo");
	o = sh(MAKE_CMD " -n demo 2>&1");
	ck_assert_msg(strstr(o.buf, "install-deps.sh --run"), "%s", o.buf);
	ck_assert_msg(!strstr(o.buf, "install-deps.sh --test"), "%s", o.buf);
	free(o.buf);

	kmt_step("a machine with a compiler, make, pkg-config and ncurses only");
	o = sh("mkdir -p %s/bin && for c in sh gcc cc make pkg-config id ls; do "
	       "ln -sf \"$(command -v $c)\" %s/bin/$c; done", tmp, tmp);
	ck_assert_int_eq(o.status, 0);
	free(o.buf);
	o = sh("KMIRROR_DEPS_DRY_RUN=1 PATH=%s/bin sh scripts/install-deps.sh --run 2>&1",
	       tmp);
	ck_assert_msg(o.status == 0 && o.len == 0, "--run: status %d: %s", o.status,
		      o.buf);
	free(o.buf);
	o = sh("KMIRROR_DEPS_DRY_RUN=1 PATH=%s/bin sh scripts/install-deps.sh --test 2>&1",
	       tmp);
	ck_assert_int_eq(o.status, 1);
	ck_assert_msg(strstr(o.buf, "clang") && strstr(o.buf, "tmux"), "%s", o.buf);
	free(o.buf);
}
END_TEST

/* ---- item 18: every core by default ---- */

START_TEST(test_make_uses_every_core_unless_told)
{
	struct out n = sh("nproc"), o;
	char want[32];

	snprintf(want, sizeof(want), " -j%d", atoi(n.buf));
	o = sh(MAKE_CMD " -pnq lib 2>/dev/null | grep '^MAKEFLAGS '");
	ck_assert_msg(strstr(o.buf, want), "want %s in %s", want, o.buf);
	free(o.buf);
	o = sh(MAKE_CMD " -j1 -pnq lib 2>/dev/null | grep '^MAKEFLAGS '");
	ck_assert_msg(strstr(o.buf, " -j1\n") && (atoi(n.buf) == 1 || !strstr(o.buf, want)),
		      "make -j1: %s", o.buf);
	free(o.buf);
	free(n.buf);
}
END_TEST

static int have_tshark(void)
{
	return system("tshark -v >/dev/null 2>&1") == 0;
}

int main(void)
{
	Suite *s = suite_create("cli");
	TCase *pcap = tcase_create("pcap");
	TCase *wr = tcase_create("write_errors");
	TCase *mk = tcase_create("make");
	int skip = 0;

	tcase_add_checked_fixture(pcap, tmp_setup, tmp_teardown);
	tcase_set_timeout(pcap, 60);
	if (have_tshark()) {
		tcase_add_test(pcap, test_pcap_shows_each_handshake_packet_once_per_sender);
		tcase_add_test(pcap, test_pcap_host_gives_one_hosts_view_of_both_directions);
	} else {
		skip += 2;
	}
	tcase_add_test(pcap, test_pcap_is_pcapng_with_an_interface_per_host_device);
	suite_add_tcase(s, pcap);

	tcase_set_timeout(wr, 60);
	tcase_add_test(wr, test_pcap_write_error_exits_1_naming_the_reason);
	tcase_add_test(wr, test_trace_to_a_full_disk_exits_1);
	tcase_add_test(wr, test_trace_to_a_closed_pipe_with_sigpipe_ignored_exits_1);
	tcase_add_test(wr, test_viz_exports_report_write_errors);
	suite_add_tcase(s, wr);

	tcase_add_checked_fixture(mk, tmp_setup, tmp_teardown);
	tcase_set_timeout(mk, 60);
	tcase_add_test(mk, test_make_demo_asks_only_for_run_time_dependencies);
	tcase_add_test(mk, test_make_uses_every_core_unless_told);
	suite_add_tcase(s, mk);

	if (skip)
		printf("SKIPPED: %d checks: tshark is not installed "
		       "(scripts/install-deps.sh --test installs it)\n", skip);
	fflush(stdout);
	return kmt_run(s);
}
