// SPDX-License-Identifier: GPL-2.0
/*
 * Repository hygiene that keeps the product honest:
 *  - docs/mapping.md matches the KM_FUNC annotations (function -> Linux
 *    5.0.1 file:line -> kmirror file:line);
 *  - the library has no writable global or static variables (all state
 *    lives in a host; several hosts share one process);
 *  - every mirrored source file cites Linux 5.0.1 locations, and no file
 *    cites what a reader cannot open;
 *  - user-side code includes no kernel header (scripts/check-includes.sh);
 *  - the test runner and the suites report what they could not run.
 * Run from the repository root (make test does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include "kmtest.h"

/* Run a shell command (stderr too); its output, which the caller frees. */
static char *run(const char *cmd, int *status)
{
	char full[4096];

	snprintf(full, sizeof(full), "( %s ) 2>&1", cmd);
	return kmt_shell(full, status, NULL);
}

START_TEST(test_mapping_doc_matches_the_code)
{
	int st;
	char *out = run("scripts/gen-mapping.sh --check", &st);

	ck_assert_msg(st == 0, "docs/mapping.md disagrees with the KM_FUNC annotations:\n%s", out);
	free(out);
}
END_TEST

/*
 * The writable objects in `objdump -t` of an object or archive. Writable
 * data lands in .data, .bss, .data.rel.local or .data.rel, or stays a
 * common symbol (*COM*, printed without a binding flag, so its section is
 * the third field); const tables with pointers live in .data.rel.ro.
 * Sanitizer builds add their own unnamed descriptors, which are skipped,
 * and so is the twin build's patch state (km_ftrace_*, kmapi/ftrace.h):
 * the text is process-wide, so is whether it is patched, as with the
 * kernel's static keys.
 */
#define WRITABLE_OBJECTS(file)						\
	"objdump -t " file " | awk '"					\
	"{ sec = $2 == \"O\" ? $3 : $3 == \"O\" ? $4 : \"\" } "		\
	"(sec == \".data\" || sec == \".bss\" || sec == \".data.rel.local\" || " \
	"sec == \".data.rel\" || sec == \"*COM*\") "			\
	"&& $NF !~ /^(__unnamed_|__asan|__ubsan|__sancov|km_ftrace_)/ "	\
	"{ print $NF \" (\" sec \")\" }'"

START_TEST(test_library_has_no_writable_globals)
{
	int st;
	char *out;

	/* The only other process-wide variable is the thread-local "CPU
	 * register" km_cpu (.tbss). */
	out = run(WRITABLE_OBJECTS(KMT_BUILD_DIR "/libkmirror.a"), &st);
	ck_assert_int_eq(st, 0);
	ck_assert_msg(out[0] == '\0', "writable globals in libkmirror.a:\n%s", out);
	free(out);
}
END_TEST

/* The check above sees each kind of writable object, common symbols too. */
START_TEST(test_writable_globals_check_sees_data_bss_and_common)
{
	char dir[] = "/tmp/kmt_repoXXXXXX", cmd[512];
	int st;
	char *out;

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof(cmd), "cd %s && printf '%%s\\n' 'int in_common;' "
		 "'int in_data = 3;' 'static int in_bss;' "
		 "'int *f(void) { return &in_bss; }' > w.c && "
		 "cc -fcommon -c w.c -o w.o", dir);
	free(run(cmd, &st));
	ck_assert_msg(st == 0, "cannot compile the sample object in %s", dir);
	snprintf(cmd, sizeof(cmd), WRITABLE_OBJECTS("%s/w.o"), dir);
	out = run(cmd, &st);
	ck_assert_int_eq(st, 0);
	ck_assert_msg(strstr(out, "in_data (.data)"), "missed .data:\n%s", out);
	ck_assert_msg(strstr(out, "in_bss (.bss)"), "missed .bss:\n%s", out);
	ck_assert_msg(strstr(out, "in_common (*COM*)"), "missed a common symbol:\n%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	free(run(cmd, &st));
}
END_TEST

START_TEST(test_every_mirrored_file_cites_linux)
{
	int st;
	char *out = run("for f in $(find kernel_mirror/net kernel_mirror/drivers "
			"kernel_mirror/arch -name '*.c'); do "
			"grep -q 'KM_FUNC(\"[a-z]' \"$f\" || echo \"$f\"; done", &st);

	ck_assert_int_eq(st, 0);
	ck_assert_msg(out[0] == '\0', "files without a single KM_FUNC reference:\n%s", out);
	free(out);
}
END_TEST

/*
 * Sources a reader can open: a test or comment cites the Linux 5.0.1
 * file:line of a behaviour (docs/behaviour.md lists them), never a
 * checklist kept outside the repository nor an issue number.
 */
START_TEST(test_no_file_cites_outside_notes_or_issue_numbers)
{
	int st;
	char *out = run("grep -rnIE --exclude-dir=build --exclude-dir=.git "
			"'facts [§]|[Ii]ssues? #?[0-9]' . | head -40", &st);

	ck_assert_int_eq(st, 0);
	ck_assert_msg(out[0] == '\0', "these lines cite what a reader cannot "
		      "open (cite Linux 5.0.1 file:line instead):\n%s", out);
	free(out);
}
END_TEST

/* A runtime file that holds mirrored Linux functions says so: its header
 * comment names each of them, with the Linux file it comes from. */
START_TEST(test_runtime_files_name_the_linux_functions_they_mirror)
{
	int st;
	char *out = run("for f in kernel_mirror/runtime/*.c; do "
			"awk '/^[a-z_].*\\(/ { fn = $0; sub(/\\(.*/, \"\", fn); "
			"n = split(fn, w, /[ *]+/); fn = w[n] } "
			"/KM_FUNC\\(\"/ { split($0, q, \"\\\"\"); sub(/:.*/, \"\", q[2]); "
			"print fn \"() \" q[2] }' \"$f\" | while read -r fn lf; do "
			"head -30 \"$f\" | grep -qF \"$fn\" && head -30 \"$f\" | grep -qF \"$lf\" || "
			"echo \"$f: $fn from $lf\"; done; done", &st);

	ck_assert_int_eq(st, 0);
	ck_assert_msg(out[0] == '\0', "runtime files whose header does not name "
		      "a Linux function they mirror:\n%s", out);
	free(out);
}
END_TEST

/*
 * As in Linux, a function or object shared between files is declared once,
 * in a header the defining file includes too (so the compiler checks that
 * both agree): no file-scope prototype or extern declaration in a mirrored
 * .c file. A static forward declaration is fine.
 */
#define FILE_SCOPE_DECLS(dir)						\
	"grep -rnE '^(extern )?[a-z_][a-z0-9_ *]*[ *]\\**[a-z_][a-z0-9_]*"	\
	"\\([^;{]*\\);$|^extern ' " dir " --include='*.c' | grep -v ':static '"

START_TEST(test_mirrored_files_declare_shared_functions_in_headers)
{
	char dir[] = "/tmp/kmt_declXXXXXX", cmd[512];
	int st;
	char *out;

	out = run(FILE_SCOPE_DECLS("kernel_mirror"), &st);
	ck_assert_msg(out[0] == '\0', "declarations that belong in a header:\n%s", out);
	free(out);

	kmt_step("the check sees a prototype and an extern, not a static");
	ck_assert(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof(cmd), "printf '%%s\\n' 'int tcp_v4_connect(struct sock *sk);' "
		 "'extern const struct proto tcp_prot;' 'static void f(void);' "
		 "> %s/x.c && " FILE_SCOPE_DECLS("%s") "; rm -rf %s", dir, dir, dir);
	out = run(cmd, &st);
	ck_assert_msg(strstr(out, "tcp_v4_connect") && strstr(out, "extern const") &&
		      !strstr(out, "static"), "the check missed one:\n%s", out);
	free(out);
}
END_TEST

/*
 * Return values (docs/architecture.md, "Return values"): the mirrored code
 * returns as the kernel does, `return err;`; KM_RET appears only in
 * kmirror's own macros (its definition, SYSCALL_DEFINE).
 */
START_TEST(test_mirrored_code_returns_as_the_kernel_does)
{
	int st;
	char *out = run("grep -rn 'KM_RET\\b\\|KM_RET(' kernel_mirror labs "
			"--include='*.c' --include='*.h' | grep -v ':[0-9]*:#define ' "
			"| grep -v 'kernel_mirror/include/linux/syscalls.h:.*\\\\$' "
			"| grep -v '^kernel_mirror/include/kmirror/trace.h:'", &st);

	ck_assert_msg(out[0] == '\0', "returns wrapped by hand (the build does it):\n%s", out);
	free(out);
}
END_TEST

/*
 * What scripts/km-returns.pl hands the compiler: each `return EXPR;` after
 * a KM_FUNC reports its value, on the same line; nothing else changes.
 */
static const char kret_in[] =
	"static int f(int a)\n"
	"{\n"
	"\tif (a < 0)\n"
	"\t\treturn -EINVAL; /* before KM_FUNC: stays */\n"
	"\tKM_FUNC(\"net/x.c:1\", \"F.\");\n"
	"\tconst char *s = \"return 1;\"; // return 2;\n"
	"\tif (a)\n"
	"\t\treturn g(a,\n"
	"\t\t\t ({ int t = a; t; }));\n"
	"\treturn KM_RET(0);\n"
	"}\n"
	"#define M(x) return x;\n"
	"static const struct ops o = { .f = f };\n"
	"void h(void)\n"
	"{\n"
	"\tKM_FUNC(\"net/x.c:9\", \"H.\");\n"
	"\treturn;\n"
	"}\n"
	"void *p(void)\n"
	"{\n"
	"\tKM_FUNC(\"net/x.c:12\", \"P.\");\n"
	"\treturn NULL;\n"
	"}\n"
	"int q(void)\n"
	"{\n"
	"\treturn 3;\n"
	"}\n";
static const char kret_out[] =
	"#line 1 \"%s/x.c\"\n"
	"static int f(int a)\n"
	"{\n"
	"\tif (a < 0)\n"
	"\t\treturn -EINVAL; /* before KM_FUNC: stays */\n"
	"\tKM_FUNC(\"net/x.c:1\", \"F.\");\n"
	"\tconst char *s = \"return 1;\"; // return 2;\n"
	"\tif (a)\n"
	"\t\treturn KM_RET(g(a,\n"
	"\t\t\t ({ int t = a; t; })));\n"
	"\treturn KM_RET(0);\n"
	"}\n"
	"#define M(x) return x;\n"
	"static const struct ops o = { .f = f };\n"
	"void h(void)\n"
	"{\n"
	"\tKM_FUNC(\"net/x.c:9\", \"H.\");\n"
	"\treturn;\n"
	"}\n"
	"void *p(void)\n"
	"{\n"
	"\tKM_FUNC(\"net/x.c:12\", \"P.\");\n"
	"\treturn KM_RET(NULL);\n"
	"}\n"
	"int q(void)\n"
	"{\n"
	"\treturn 3;\n"
	"}\n";

START_TEST(test_build_reports_each_return_of_a_traced_function)
{
	char dir[] = "/tmp/kmt_kretXXXXXX", path[256], cmd[512], want[sizeof(kret_out) + 64];
	FILE *f;
	int st;
	char *out;

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/x.c", dir);
	f = fopen(path, "w");
	ck_assert(f != NULL);
	fputs(kret_in, f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "perl scripts/km-returns.pl %s %s/y.c && cat %s/y.c; rm -rf %s",
		 path, dir, dir, dir);
	out = run(cmd, &st);
	snprintf(want, sizeof(want), kret_out, dir);
	ck_assert_msg(st == 0 && !strcmp(out, want), "km-returns.pl wrote:\n%s\nexpected:\n%s",
		      out, want);
	free(out);
}
END_TEST

/*
 * The include roots (docs/architecture.md, "Include roots"): viz,
 * scenarios, sim, platform, tests and labs include no header of
 * kernel_mirror/include, neither by name in the source nor, as the
 * compiler's dependency files show, through an include path.
 */
START_TEST(test_user_code_includes_no_kernel_header)
{
	int st;
	char *out;

	ck_assert_msg(access(KMT_BUILD_DIR "/viz/kmirror.d", R_OK) == 0,
		      "no dependency files in " KMT_BUILD_DIR "/viz to check");
	out = run("scripts/check-includes.sh . " KMT_BUILD_DIR, &st);
	ck_assert_msg(st == 0, "user-side code includes kernel headers:\n%s", out);
	free(out);
}
END_TEST

/* The check above finds each kind of offence, and lets the documented
 * exceptions (tests/kern/, platform/ with kmplat/) be. */
START_TEST(test_include_check_sees_kernel_headers)
{
	char dir[] = "/tmp/kmt_incXXXXXX", cmd[2048], cwd[1024];
	int st;
	char *out;

	ck_assert(mkdtemp(dir) != NULL);
	ck_assert(getcwd(cwd, sizeof(cwd)) != NULL);
	/* The sample files' names are written viz/a.$c, so that the test of
	 * the docs' file names below does not take them for the project's. */
	snprintf(cmd, sizeof(cmd), "cd %s && c=c && d=d && "
		 "mkdir -p kernel_mirror/include/linux viz tests/kern platform "
		 "scenarios b/viz b/platform b/tests/kern && "
		 "touch kernel_mirror/include/linux/errno.h && "
		 "echo '#include <kmirror/host.h>' > viz/a.$c && "
		 "echo '#include \"../kernel_mirror/include/net/sock.h\"' > scenarios/b.$c && "
		 "echo '#include <linux/errno.h>' > tests/c.$c && "
		 "echo '#include <kmplat/platform.h>' > viz/d.$c && "
		 "printf '#include <kmplat/platform.h>\\n#include <linux/if_tun.h>\\n' > platform/e.$c && "
		 "echo '#include <linux/errno.h>' > tests/kern/f.$c && "
		 "echo 'b/viz/g.o: kernel_mirror/include/linux/errno.h' > b/viz/g.$d && "
		 "echo 'b/platform/e.o: include/kmplat/platform.h' > b/platform/e.$d && "
		 "echo 'b/tests/kern/f.o: kernel_mirror/include/linux/errno.h' > b/tests/kern/f.$d && "
		 "%s/scripts/check-includes.sh . b", dir, cwd);
	out = run(cmd, &st);
	ck_assert_msg(st == 1, "exit %d:\n%s", st, out);
	ck_assert_msg(strstr(out, "/a.c: kmirror/host.h"), "missed <kmirror/...>:\n%s", out);
	ck_assert_msg(strstr(out, "/b.c: ../kernel_mirror/include/net/sock.h"),
		      "missed a path into kernel_mirror:\n%s", out);
	ck_assert_msg(strstr(out, "/c.c: linux/errno.h"),
		      "missed a name the mirror also has:\n%s", out);
	ck_assert_msg(strstr(out, "/d.c: kmplat/platform.h"),
		      "missed kmplat/ outside platform/:\n%s", out);
	ck_assert_msg(strstr(out, "/g.d: kernel_mirror/include/linux/errno.h"),
		      "missed a kernel header the compiler opened:\n%s", out);
	ck_assert_msg(!strstr(out, "/e.") && !strstr(out, "/f."),
		      "an exception was reported:\n%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	free(run(cmd, &st));
}
END_TEST

/* Every repository file the docs, scripts and tests name exists. */
START_TEST(test_docs_name_only_files_that_exist)
{
	int st;
	char *out = run("grep -ohE '\\b(tests|scripts|kernel_mirror|viz|docs|labs|"
			"scenarios|platform|sim)"
			"/[A-Za-z0-9_./-]+\\.(c|h|sh|md|py|pl)\\b' README.md "
			"docs/*.md scripts/* Makefile tests/*.c | sort -u | "
			"while read -r p; do [ -e \"$p\" ] || echo \"$p\"; done", &st);

	ck_assert_int_eq(st, 0);
	ck_assert_msg(out[0] == '\0', "named but not in the repository:\n%s", out);
	free(out);
}
END_TEST

/*
 * The Makefile: it reads the dependency files of its own configuration
 * only (another's may be stale, or not make syntax at all), every phony
 * target has a rule, and the twin build's rewritten copies are targets
 * of their own, not side effects.
 */
START_TEST(test_makefile_reads_its_own_dependencies_and_names_its_targets)
{
	char cmd[512];
	int st;
	char *out;

	kmt_step("a broken .d in another configuration's directory");
	snprintf(cmd, sizeof(cmd), "d=build/kmt-other-config-%d && mkdir -p $d && "
		 "echo 'this is not make syntax' > $d/x.d && "
		 "make -n -s BUILD=" KMT_BUILD_DIR " deps; st=$?; rm -rf $d; exit $st",
		 (int)getpid());
	out = run(cmd, &st);
	ck_assert_msg(st == 0, "[%s] make read it (exit %d):\n%s", T.step, st, out);
	free(out);

	kmt_step("make docs-check runs the mapping check");
	out = run("make -n docs-check", &st);
	ck_assert_msg(st == 0 && strstr(out, "gen-mapping.sh --check"),
		      "[%s] no rule (exit %d):\n%s", T.step, st, out);
	free(out);

	kmt_step("a rewritten copy of the twin build is a target");
	out = run("make -n BUILD=" KMT_BUILD_DIR " " KMT_BUILD_DIR
		  "/twin/kernel_mirror/net/socket.u2.s", &st);
	ck_assert_msg(st == 0, "[%s] exit %d:\n%s", T.step, st, out);
	free(out);
}
END_TEST

/*
 * scripts/run-tests.sh on made-up suites: skips are counted apart from
 * checks, a suite that skips everything and reports no Check line is not
 * an error, and a "SKIPPED" line not in the counted form is an error
 * (it would otherwise pass silently).
 */
START_TEST(test_runner_counts_skips_apart_and_refuses_malformed_ones)
{
	char dir[] = "/tmp/kmt_runXXXXXX", cmd[2048];
	int st;
	char *out, *sum;

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir b && "
		 "printf '#!/bin/sh\\necho \"SKIPPED: 2 checks: no tun\"\\n"
		 "echo \"100%%%%: Checks: 3, Failures: 0, Errors: 0\"\\n' > some && "
		 "printf '#!/bin/sh\\necho \"SKIPPED: 1 check: not root\"\\n' > all && "
		 "printf '#!/bin/sh\\necho \"SKIPPED: tmux smoke test: no tmux\"\\n"
		 "echo \"100%%%%: Checks: 0, Failures: 0, Errors: 0\"\\n' > bad && "
		 "chmod +x some all bad", dir);
	free(run(cmd, &st));
	ck_assert_int_eq(st, 0);
	snprintf(cmd, sizeof(cmd), "./scripts/run-tests.sh %s/b %s/some %s/all "
		 ">/dev/null; echo \"status $?\"; cat %s/b/tests/summary",
		 dir, dir, dir, dir);
	sum = run(cmd, &st);
	ck_assert_msg(strstr(sum, "status 0\nsome 3 0 0 2\nall 0 0 0 1\n") != NULL,
		      "skips not counted apart (or a fully skipped suite made an "
		      "error):\n%s", sum);
	free(sum);
	snprintf(cmd, sizeof(cmd), "./scripts/run-tests.sh %s/b %s/bad; "
		 "echo \"status $?\"; cat %s/b/tests/summary", dir, dir, dir);
	out = run(cmd, &st);
	ck_assert_msg(strstr(out, "status 1\nbad 0 0 1 0\n") != NULL &&
		      strstr(out, "not in the form"),
		      "a malformed SKIPPED line was not made an error:\n%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	free(run(cmd, &st));
}
END_TEST

/* tmux is installed by scripts/install-deps.sh: without it the smoke
 * test fails; it neither passes nor skips. */
START_TEST(test_viz_tmux_fails_without_tmux)
{
	int st;
	char *out;

	ck_assert_msg(access(KMT_BUILD_DIR "/tests/check_viz_tmux", X_OK) == 0,
		      "build " KMT_BUILD_DIR "/tests/check_viz_tmux first");
	out = run("PATH=/nonexistent " KMT_BUILD_DIR "/tests/check_viz_tmux", &st);
	ck_assert_msg(st != 0 && strstr(out, "tmux is not installed") &&
		      strstr(out, "Failures: 1"),
		      "without tmux the smoke test should fail (exit %d):\n%s",
		      st, out);
	free(out);
}
END_TEST

static Suite *repo_suite(void)
{
	Suite *s = suite_create("repo");
	TCase *tc = tcase_create("hygiene");

	tcase_add_test(tc, test_mapping_doc_matches_the_code);
	tcase_add_test(tc, test_library_has_no_writable_globals);
	tcase_add_test(tc, test_writable_globals_check_sees_data_bss_and_common);
	tcase_add_test(tc, test_every_mirrored_file_cites_linux);
	tcase_add_test(tc, test_no_file_cites_outside_notes_or_issue_numbers);
	tcase_add_test(tc, test_docs_name_only_files_that_exist);
	tcase_add_test(tc, test_mirrored_files_declare_shared_functions_in_headers);
	tcase_add_test(tc, test_mirrored_code_returns_as_the_kernel_does);
	tcase_add_test(tc, test_build_reports_each_return_of_a_traced_function);
	tcase_add_test(tc, test_user_code_includes_no_kernel_header);
	tcase_add_test(tc, test_include_check_sees_kernel_headers);
	tcase_add_test(tc, test_runtime_files_name_the_linux_functions_they_mirror);
	tcase_add_test(tc, test_makefile_reads_its_own_dependencies_and_names_its_targets);
	tcase_add_test(tc, test_runner_counts_skips_apart_and_refuses_malformed_ones);
	tcase_add_test(tc, test_viz_tmux_fails_without_tmux);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(repo_suite());
}
