// SPDX-License-Identifier: GPL-2.0
/*
 * A smoke test of the real `kmirror viz` in a real terminal: tmux (a
 * private server, -L) starts the binary in a 100x30 window, the test sends
 * keys, reads the window back (capture-pane), makes it too small and then
 * large, and quits; the program must exit with status 0 (sanitizer builds:
 * without a leak report).
 *
 * tmux is required (scripts/install-deps.sh installs it): without it the
 * test fails, saying so; it is neither passed nor skipped.
 *
 * Waiting for the screen is polling capture-pane, bounded in count and
 * time; there is no sleep.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "kmtest.h"

static char sock[64];
static char bin[1100], root[1024];

static int have_tmux(void)
{
	return system("command -v tmux >/dev/null 2>&1") == 0;
}

/* Output of a tmux command on our private server (valid until the next). */
static char *tmux(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *tmux(const char *fmt, ...)
{
	char cmd[4096], args[3500];
	static char *out;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "tmux -L %s -f /dev/null %s 2>&1", sock, args);
	free(out);
	out = kmt_shell(cmd, NULL, NULL);
	return out;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Poll the window until `text` is (or is no longer) on it. */
static const char *wait_screen(const char *text, int present)
{
	double deadline = now_s() + 30;
	int tries;
	const char *screen = "";

	for (tries = 0; tries < 5000 && now_s() < deadline; tries++) {
		screen = tmux("capture-pane -p -t viz");
		if ((strstr(screen, text) != NULL) == present)
			return screen;
	}
	ck_abort_msg("waited for \"%s\" to %s; the window shows:\n%s", text,
		     present ? "appear" : "go", screen);
	return NULL;
}

static void setup(void)
{
	char exe[1024], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	snprintf(sock, sizeof(sock), "kmirror-check-%d", (int)getpid());
	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	/* <build>/tests/check_viz_tmux -> <build>/kmirror */
	slash = strrchr(exe, '/');
	*slash = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';
	snprintf(bin, sizeof(bin), "%s/kmirror", exe);
	ck_assert_msg(access(bin, X_OK) == 0, "%s is not built", bin);
	ck_assert_ptr_nonnull(getcwd(root, sizeof(root)));
}

static void teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "tmux -L %s kill-server >/dev/null 2>&1", sock);
	/* no server left is fine too */
	(void)!system(cmd);
}

START_TEST(test_real_binary_steps_resizes_and_quits_in_tmux)
{
	const char *s;
	char want[32];
	int first = 0;

	ck_assert_msg(have_tmux(), "tmux is not installed: `make test` installs "
		      "it (scripts/install-deps.sh), or apt-get install tmux");
	kmt_step("start kmirror viz connect in a 100x30 window");
	/* the shell reports the exit status on the window once kmirror is gone */
	tmux("new-session -d -s viz -x 100 -y 30 "
	     "\"env LANG=C.UTF-8 LC_ALL=C.UTF-8 KMIRROR_SRC=%s sh -c "
	     "'%s viz connect; echo kmirror-exit-status=\\$?'\" "
	     "\\; set-option -t viz remain-on-exit on", root, bin);
	wait_screen("q quit", 1);	/* the last row: the whole screen is drawn */
	s = wait_screen("kmirror │ connect │ step ", 1);
	ck_assert_ptr_nonnull(strstr(s, "Source"));
	ck_assert_ptr_nonnull(strstr(s, "Packets"));
	ck_assert_int_eq(sscanf(strstr(s, "│ step ") + strlen("│ step "), "%d", &first), 1);

	kmt_step("three steps from step %d", first);
	tmux("send-keys -t viz s s s");
	snprintf(want, sizeof(want), "step %d/", first + 3);
	wait_screen(want, 1);

	kmt_step("help opens and closes");
	tmux("send-keys -t viz '?'");
	wait_screen("Help", 1);
	tmux("send-keys -t viz Escape");
	wait_screen("Help", 0);

	kmt_step("too small, then large again");
	tmux("resize-window -t viz -x 60 -y 20");
	wait_screen("Terminal too small", 1);
	tmux("resize-window -t viz -x 120 -y 40");
	s = wait_screen("Terminal too small", 0);
	s = wait_screen("q quit", 1);
	ck_assert_ptr_nonnull(strstr(s, want));

	kmt_step("run to ESTABLISHED: the handshake is on the screen");
	tmux("send-keys -t viz t Enter");
	s = wait_screen("TCP_ESTABLISHED reached", 1);
	ck_assert_ptr_nonnull(strstr(s, "SYN,ACK seq 0 ack 1"));

	kmt_step("q quits with status 0");
	tmux("send-keys -t viz q");
	s = wait_screen("kmirror-exit-status=", 1);
	ck_assert_msg(strstr(s, "kmirror-exit-status=0") != NULL,
		      "kmirror did not exit with 0; the window shows:\n%s", s);
}
END_TEST

static Suite *tmux_suite(void)
{
	Suite *s = suite_create("viz_tmux");
	TCase *tc = tcase_create("tmux");

	tcase_set_timeout(tc, 180);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_real_binary_steps_resizes_and_quits_in_tmux);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(tmux_suite());
}
