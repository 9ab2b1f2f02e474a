// SPDX-License-Identifier: GPL-2.0
/*
 * The visualizer's structure: one keymap (viz/keymap.c) that the key
 * handler runs, the ? screen draws and docs/student-guide.md's key table
 * is generated from; and files in layers, with no cycle of use between
 * them (scripts/viz-deps.sh). Run from the repository root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <curses.h>
#include "kmtest.h"
#include "../viz/screen.h"

START_TEST(test_keymap_binds_each_key_once_and_every_action)
{
	int seen[VZ_A__COUNT] = { 0 };
	const struct vz_keyrow *km;
	int n, i, b, j, c, a;

	km = vz_keymap(&n);
	ck_assert_int_gt(n, 0);
	for (i = 0; i < n; i++) {
		if (!km[i].keys) {
			ck_assert_msg(km[i].help && !km[i].bind[0].key,
				      "row %d: a heading with keys", i);
			continue;
		}
		ck_assert_msg(km[i].help && km[i].doc_keys && km[i].doc,
			      "row %d (%s): words missing", i, km[i].keys);
		for (b = 0; b < VZ_KEYROW_BINDS && km[i].bind[b].key; b++) {
			a = km[i].bind[b].action;
			ck_assert_msg(a > VZ_A_NONE && a < VZ_A__COUNT,
				      "row %s: key %d has no action", km[i].keys,
				      km[i].bind[b].key);
			seen[a] = 1;
			/* the first binding of a key is the one that runs */
			ck_assert_int_eq(vz_key_action(km[i].bind[b].key), a);
			for (j = 0; j < n; j++)
				for (c = 0; c < VZ_KEYROW_BINDS && km[j].bind[c].key; c++)
					ck_assert_msg((j == i && c == b) ||
						      km[j].bind[c].key != km[i].bind[b].key,
						      "key %d bound in rows %s and %s",
						      km[i].bind[b].key, km[i].keys,
						      km[j].keys ? km[j].keys : "?");
		}
	}
	for (a = VZ_A_NONE + 1; a < VZ_A__COUNT; a++)
		ck_assert_msg(seen[a], "action %d has no key", a);
	ck_assert_int_eq(vz_key_action('x'), VZ_A_NONE);
	ck_assert_int_eq(vz_key_action(27), VZ_A_NONE);
}
END_TEST

/* The key bar takes its places 1, 2, ... from the keymap, each once. */
START_TEST(test_key_bar_places_are_one_to_n)
{
	const struct vz_keyrow *km, *bar[64];
	int n, i, inbar = 0, nbar;

	km = vz_keymap(&n);
	for (i = 0; i < n; i++)
		if (km[i].bar) {
			inbar++;
			ck_assert_msg(km[i].bar_keys && km[i].bar_words,
				      "row %s: a place in the bar, no words", km[i].keys);
		}
	nbar = vz_keymap_bar(bar, 64);
	ck_assert_int_eq(nbar, inbar);
	for (i = 0; i < nbar; i++)
		ck_assert_int_eq(bar[i]->bar, i + 1);
	ck_assert_str_eq(bar[0]->bar_keys, "?");
	ck_assert_int_eq(vz_keymap_bar(bar, 3), 3);
}
END_TEST

/* The keys the tests and the guide name do what the guide says. */
START_TEST(test_keymap_runs_what_the_help_says)
{
	ck_assert_int_eq(vz_key_action('s'), VZ_A_STEP);
	ck_assert_int_eq(vz_key_action('n'), VZ_A_NEXT);
	ck_assert_int_eq(vz_key_action('N'), VZ_A_BACK_NEXT);
	ck_assert_int_eq(vz_key_action(KEY_NPAGE), VZ_A_PAGE_DOWN);
	ck_assert_int_eq(vz_key_action(KEY_HOME), VZ_A_FIRST);
	ck_assert_int_eq(vz_key_action('='), VZ_A_FASTER);
	ck_assert_int_eq(vz_key_action(KEY_F(1)), VZ_A_HELP);
	ck_assert_int_eq(vz_key_action('j'), VZ_A_PANE_DOWN);
	ck_assert_int_eq(vz_key_action('\n'), VZ_A_PANE);
	ck_assert_int_eq(vz_key_action(KEY_BTAB), VZ_A_FOCUS_PREV);
}
END_TEST

/* docs/student-guide.md's "## Keys" table is the keymap's, row for row
 * (scripts/doc-snippets.sh KMIRROR --write regenerates it). */
START_TEST(test_student_guide_key_table_is_the_keymap)
{
	char *want = NULL, line[1024];
	size_t wantlen = 0, got = 0;
	FILE *m = open_memstream(&want, &wantlen);
	FILE *g = fopen("docs/student-guide.md", "r");
	int in = 0, done = 0;
	char *have = calloc(1, 65536);

	ck_assert_ptr_nonnull(m);
	ck_assert_msg(g != NULL, "cannot read docs/student-guide.md");
	vz_keymap_write_md(m);
	fclose(m);
	while (!done && fgets(line, sizeof(line), g)) {
		if (!in) {
			in = !strcmp(line, "## Keys\n");
			continue;
		}
		if (line[0] == '|') {
			size_t l = strlen(line);

			ck_assert(got + l < 65536);
			memcpy(have + got, line, l);
			got += l;
		} else if (got || line[0] != '\n') {
			done = 1;
		}
	}
	fclose(g);
	ck_assert_msg(in, "docs/student-guide.md has no \"## Keys\" section");
	if (strcmp(have, want)) {
		/* the first line that differs (whole tables are too long) */
		size_t k = 0, bol = 0;

		while (have[k] && have[k] == want[k])
			if (have[k++] == '\n')
				bol = k;
		ck_abort_msg("docs/student-guide.md's key table is not the keymap's "
			     "(scripts/doc-snippets.sh build/gcc/kmirror --write): "
			     "the guide has\n%.200s\nthe keymap\n%.200s",
			     have + bol, want + bol);
	}
	free(have);
	free(want);
}
END_TEST

START_TEST(test_viz_files_have_no_cycle)
{
	int st;
	char *out = kmt_shell("scripts/viz-deps.sh " KMT_BUILD_DIR " 2>&1", &st, NULL);

	ck_assert_msg(st == 0, "viz/ files use each other in a cycle:\n%s", out);
	free(out);
}
END_TEST

/* The check above sees a cycle of calls, and one of header includes. */
START_TEST(test_viz_cycle_check_sees_calls_and_includes)
{
	char dir[] = "/tmp/kmt_vizdepsXXXXXX", cmd[1024];
	int st;
	char *out;

	ck_assert(mkdtemp(dir) != NULL);
	/* the sample tree: $dir/viz/{a,b}.c built into $dir/b/viz/ */
	snprintf(cmd, sizeof(cmd), "cd %s && v=viz && mkdir -p $v b/$v && "
		 "printf '%%s\\n' 'int b(void);' 'int a(void) { return b(); }' > $v/a.c && "
		 "printf '%%s\\n' 'int a(void);' 'int b(void) { return 1; }' "
		 "'int c(void) { return a(); }' > $v/b.c && "
		 "cc -c $v/a.c -o b/$v/a.o && cc -c $v/b.c -o b/$v/b.o 2>&1", dir);
	out = kmt_shell(cmd, &st, NULL);
	ck_assert_msg(st == 0, "cannot build the sample in %s: %s", dir, out);
	free(out);
	snprintf(cmd, sizeof(cmd), "scripts/viz-deps.sh %s/b check %s 2>&1", dir, dir);
	out = kmt_shell(cmd, &st, NULL);
	ck_assert_msg(st == 1 && (strstr(out, "a cycle: a b -> a") ||
				  strstr(out, "a cycle: b a -> b")), "%d: %s", st, out);
	free(out);

	snprintf(cmd, sizeof(cmd), "cd %s && v=viz && "
		 "printf '%%s\\n' 'int b(void) { return 1; }' > $v/b.c && "
		 "cc -c $v/b.c -o b/$v/b.o && "
		 "printf '#include \"y.h\"\\n' > $v/x.h && "
		 "printf '#include \"x.h\"\\n' > $v/y.h", dir);
	free(kmt_shell(cmd, &st, NULL));
	ck_assert_int_eq(st, 0);
	snprintf(cmd, sizeof(cmd), "scripts/viz-deps.sh %s/b check %s 2>&1", dir, dir);
	out = kmt_shell(cmd, &st, NULL);
	ck_assert_msg(st == 1 && strstr(out, "x.h") && strstr(out, "y.h"), "%d: %s", st, out);
	free(out);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	free(kmt_shell(cmd, &st, NULL));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("viz_keys");
	TCase *tc = tcase_create("structure");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_keymap_binds_each_key_once_and_every_action);
	tcase_add_test(tc, test_key_bar_places_are_one_to_n);
	tcase_add_test(tc, test_keymap_runs_what_the_help_says);
	tcase_add_test(tc, test_student_guide_key_table_is_the_keymap);
	tcase_add_test(tc, test_viz_files_have_no_cycle);
	tcase_add_test(tc, test_viz_cycle_check_sees_calls_and_includes);
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
