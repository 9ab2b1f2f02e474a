// SPDX-License-Identifier: GPL-2.0
/*
 * A failure to enable tracing stops the command: `kmirror trace` and
 * `kmirror viz` exit 1 with the reason on stderr, and print no trace, never
 * a warning followed by an empty trace. The failure is provoked the way a
 * toolchain would provoke it: one mirrored function's entry holds
 * something other than its patchable NOPs (kmapi/ftrace.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <kmapi/ftrace.h>
#include "kmtest.h"

#ifndef KM_TWIN
#define KM_TWIN 0
#endif

int kmirror_main(int argc, char **argv);

/* tcp_v4_connect: a scenario's set-up (before the tracer subscribes)
 * never calls it, so the broken entry is met only by the patcher. */
static unsigned char *victim_site(const char **name)
{
	const struct km_ftrace_pair *v = NULL;
	unsigned char *p;
	unsigned int i;

	for (i = 0; i < km_ftrace_npairs && !v; i++)
		if (!strcmp(km_ftrace_pairs[i].name, "tcp_v4_connect"))
			v = &km_ftrace_pairs[i];
	ck_assert_msg(v, "tcp_v4_connect is not in the twin table");
	p = (unsigned char *)v->untraced;

	*name = v->name;
	if (p[0] == 0xf3 && p[1] == 0x0f && p[2] == 0x1e && p[3] == 0xfa)
		p += 4;		/* past endbr64 */
	return p;
}

static void set_writable(void *p, int on)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	ck_assert_int_eq(mprotect((void *)((uintptr_t)p & ~(page - 1)), 2 * page,
				  PROT_READ | PROT_EXEC | (on ? PROT_WRITE : 0)), 0);
}

/* Runs the CLI with one entry broken; returns its status, its stdout and
 * its stderr. */
static int run_broken(const char *const *args, char *out, size_t olen,
		      char *err, size_t elen, const char **name)
{
	/* what another toolchain option might put there: push %rbp; mov %rsp,%rbp */
	static const unsigned char other[5] = { 0x55, 0x48, 0x89, 0xe5, 0x90 };
	unsigned char *site = victim_site(name), saved[5];
	char *o, *e;
	int rc;

	memcpy(saved, site, sizeof(saved));
	set_writable(site, 1);
	memcpy(site, other, sizeof(saved));
	rc = kmt_run_main(kmirror_main, args, &o, &e);
	memcpy(site, saved, sizeof(saved));
	set_writable(site, 0);
	snprintf(out, olen, "%s", o);
	snprintf(err, elen, "%s", e);
	free(o);
	free(e);
	return rc;
}

/* The command exits 1, names the broken function on stderr, and prints
 * nothing that looks like its normal output. */
static void assert_refused(const char *const *args, const char *normal)
{
	static char out[1 << 16], err[4096];
	const char *name;
	char want[128];
	int rc = run_broken(args, out, sizeof(out), err, sizeof(err), &name);

	snprintf(want, sizeof(want), "cannot enable tracing: %s()", name);
	ck_assert_msg(rc == 1, "expected exit status 1, got %d", rc);
	ck_assert_msg(strstr(err, want), "expected \"%s\" on stderr, got \"%s\"",
		      want, err);
	ck_assert_msg(!strstr(out, normal), "expected no \"%s\" on stdout, got:\n%.300s",
		      normal, out);
}

START_TEST(test_trace_refuses_to_print_an_empty_trace)
{
	const char *args[] = { "kmirror", "trace", "connect", NULL };

	assert_refused(args, "tcp_v4_connect");
}
END_TEST

START_TEST(test_viz_refuses_to_show_an_empty_recording)
{
	const char *args[] = { "kmirror", "viz", "connect", "--headless", "24x80",
			       NULL };

	assert_refused(args, "=== screen");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("viz_ftrace");
	TCase *tc = tcase_create("refused");

	if (!KM_TWIN) {
		kmt_skip(2, "the patcher's refusal needs the twin "
			 "build (this build has TWIN=0: one copy with flag tests)");
	} else {
		tcase_add_test(tc, test_trace_refuses_to_print_an_empty_trace);
		tcase_add_test(tc, test_viz_refuses_to_show_an_empty_recording);
	}
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
