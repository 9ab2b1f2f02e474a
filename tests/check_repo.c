// SPDX-License-Identifier: GPL-2.0
/*
 * Repository hygiene that keeps the product honest:
 *  - docs/mapping.md matches the KM_FUNC annotations (function -> Linux
 *    5.0.1 file:line -> kmirror file:line);
 *  - the library has no writable global or static variables (all state
 *    lives in a host; several hosts share one process);
 *  - every mirrored source file cites Linux 5.0.1 locations.
 * Run from the repository root (make test does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include "kmtest.h"

/* Run a shell command; its output goes into buf. Returns its exit status. */
static int run(const char *cmd, char *buf, size_t len)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0;
	int st;

	ck_assert_msg(p != NULL, "cannot run %s", cmd);
	while (n + 1 < len && fgets(buf + n, (int)(len - n), p))
		n += strlen(buf + n);
	buf[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(test_mapping_doc_matches_the_code)
{
	char out[8192];
	int st = run("scripts/gen-mapping.sh --check 2>&1", out, sizeof(out));

	ck_assert_msg(st == 0, "docs/mapping.md disagrees with the KM_FUNC annotations:\n%s", out);
}
END_TEST

START_TEST(test_library_has_no_writable_globals)
{
	char out[8192];
	int st;

	/*
	 * Writable data lands in .data, .bss or .data.rel.local; const tables
	 * with pointers live in .data.rel.ro. The only process-wide variable
	 * is the thread-local "CPU register" km_cpu (.tbss), plus the
	 * twin build's patch state (km_ftrace_*, kmapi/ftrace.h): the text
	 * is process-wide, so is whether it is patched, as with the
	 * kernel's static keys. Sanitizer builds add their own unnamed
	 * descriptors, which are skipped.
	 */
	st = run("objdump -t " KMT_BUILD_DIR "/libkmirror.a | "
		 "awk '$3 == \"O\" && ($4 == \".data\" || $4 == \".bss\" || "
		 "$4 == \".data.rel.local\" || $4 == \".data.rel\" || $4 ~ /^COM/) "
		 "&& $NF !~ /^(__unnamed_|__asan|__ubsan|__sancov|km_ftrace_)/ "
		 "{ print $NF \" (\" $4 \")\" }'", out, sizeof(out));
	ck_assert_int_eq(st, 0);
	ck_assert_msg(out[0] == '\0', "writable globals in libkmirror.a:\n%s", out);
}
END_TEST

START_TEST(test_every_mirrored_file_cites_linux)
{
	char out[8192];
	int st = run("for f in $(find kernel_mirror/net kernel_mirror/drivers "
		     "kernel_mirror/arch -name '*.c'); do "
		     "grep -q 'KM_FUNC(\"[a-z]' \"$f\" || echo \"$f\"; done", out, sizeof(out));

	ck_assert_int_eq(st, 0);
	ck_assert_msg(out[0] == '\0', "files without a single KM_FUNC reference:\n%s", out);
}
END_TEST

static Suite *repo_suite(void)
{
	Suite *s = suite_create("repo");
	TCase *tc = tcase_create("hygiene");

	tcase_add_test(tc, test_mapping_doc_matches_the_code);
	tcase_add_test(tc, test_library_has_no_writable_globals);
	tcase_add_test(tc, test_every_mirrored_file_cites_linux);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(repo_suite());
}
