// SPDX-License-Identifier: GPL-2.0
/*
 * The visualizer's screens, headless: ncurses renders into a virtual
 * screen on /dev/null (newterm), a key script drives it, and the virtual
 * screen is compared, as text, with tests/viz/<case>.screen — at 80x24
 * and larger sizes, with and without colour (the colour cases also compare
 * each cell's colour pair and attributes), in Unicode and in ASCII.
 *
 * The screens replay the recordings kept in tests/viz (.kmrec), so they do not
 * change when the mirror gains a step point. The source pane is shown from
 * a tree that does not exist there; test_source_pane_marks_the_statement
 * checks it against the real sources.
 *
 * When a screen changes on purpose: KMV_UPDATE=1 build/gcc/tests/check_viz_screen
 * rewrites the expected files (then review them with git diff). A failing
 * case leaves the screen it got in <build>/tests/viz-out/<case>.screen.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kmtest.h"
#include "../viz/record.h"
#include "../scenarios/scenario.h"
#include "../viz/screen.h"

#define NOSRC	"/nonexistent/kmirror-src"

struct screen_case {
	const char	*name;
	const char	*rec;		/* tests/viz/<rec>.kmrec */
	int		rows, cols;
	int		theme;
	int		ascii, attrs, present;
	const char	*keys;
};

static const struct screen_case cases[] = {
	{ "connect-80x24-start", "connect", 24, 80, VZ_THEME_MONO, 0, 0, 0, "" },
	{ "connect-80x24-established", "connect", 24, 80, VZ_THEME_MONO, 0, 0, 0, "t<enter>" },
	{ "connect-80x24-colour", "connect", 24, 80, VZ_THEME_COLOUR, 0, 1, 0, "t<enter>" },
	{ "connect-80x24-colour-blind", "connect", 24, 80, VZ_THEME_CB, 0, 1, 0, "t<enter>" },
	{ "connect-80x24-mono-attrs", "connect", 24, 80, VZ_THEME_MONO, 0, 1, 0, "t<enter>" },
	{ "connect-80x24-ascii", "connect", 24, 80, VZ_THEME_MONO, 1, 0, 0, "t<enter>" },
	{ "connect-200x60-established", "connect", 60, 200, VZ_THEME_MONO, 0, 0, 0, "t<enter>" },
	{ "connect-200x60-colour", "connect", 60, 200, VZ_THEME_COLOUR, 0, 1, 0,
	  "t<enter>" },
	{ "connect-present-100x30", "connect", 30, 100, VZ_THEME_MONO, 0, 0, 1,
	  "<pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn>" },
	{ "connect-present-160x45", "connect", 45, 160, VZ_THEME_MONO, 0, 0, 1, "G" },
	{ "connect-resize", "connect", 24, 80, VZ_THEME_MONO, 0, 0, 0,
	  "s<dump><resize 20x60><dump>s<resize 40x120><dump><resize 24x80>" },
	{ "connect-help", "connect", 24, 80, VZ_THEME_MONO, 0, 0, 0, "?" },
	{ "connect-breakpoint", "connect", 24, 80, VZ_THEME_MONO, 0, 0, 0,
	  "btcp_v4_connect<dump><enter><esc>c" },
	{ "connect-finish", "connect", 24, 80, VZ_THEME_MONO, 0, 0, 0,
	  "btcp_v4_connect<enter><esc>csf" },
	{ "connect-struct-tree", "connect", 30, 100, VZ_THEME_MONO, 0, 0, 0,
	  "t<enter><tab><tab><down><down><down><down><down><down><down><down><enter><dump>"
	  "<left><up><left><dump>E<wheeldown@20,10>" },
	{ "connect-skb", "connect", 30, 100, VZ_THEME_MONO, 0, 0, 0,
	  "btcp_transmit_skb<enter><esc>cv" },
	{ "connect-absolute-seq", "connect", 24, 80, VZ_THEME_MONO, 0, 0, 0, "Gr" },
	{ "lost-syn-80x24", "lost-syn", 24, 80, VZ_THEME_MONO, 0, 0, 0, "t<enter>" },
	/* the whole state diagram, the path taken marked (attributes) */
	{ "close-200x60-end", "close", 60, 200, VZ_THEME_MONO, 0, 1, 0, "G" },
	{ "lost-syn-present", "lost-syn", 30, 120, VZ_THEME_COLOUR, 0, 1, 1,
	  "]]]]]]]]]]]]]]]]" },
};

static int utf8_locale;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	b[n] = '\0';
	fclose(f);
	return b;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Where a failing case leaves its screen: next to the test binary. */
static void out_path(const char *name, char *buf, size_t len)
{
	char exe[1024];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0) {
		snprintf(buf, len, "/tmp/%s.screen", name);
		return;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(buf, len, "%s/viz-out", exe);
	mkdir(buf, 0755);
	snprintf(buf, len, "%s/viz-out/%s.screen", exe, name);
}

static struct vz_app *replay_app(const char *rec)
{
	struct vz_app *a = calloc(1, sizeof(*a));
	char path[256], err[300];

	vz_app_init(a);
	snprintf(path, sizeof(path), "tests/viz/%s.kmrec", rec);
	ck_assert_msg(vz_rec_load(&a->rec, path, err, sizeof(err)) == 0,
		      "%s: %s (run the tests from the top of the tree)", path, err);
	a->replay = 1;
	a->utf8_ok = 1;
	snprintf(a->srcroot, sizeof(a->srcroot), "%s", NOSRC);
	vz_goto(a, vz_nav_start(&a->rec));
	return a;
}

static char *render(struct vz_app *a, int rows, int cols, const char *keys, int attrs)
{
	struct vz_headless h = { .rows = rows, .cols = cols, .keys = keys, .attrs = attrs };
	char *text = NULL;
	size_t n = 0;

	h.dump = open_memstream(&text, &n);
	ck_assert_int_eq(vz_run_headless(a, &h), 0);
	fclose(h.dump);
	return text;
}

/* Compare line by line; show the first difference. */
static void compare(const char *name, const char *got)
{
	char path[256], out[1200];
	char *want;
	const char *g = got, *w;
	int line = 1;

	snprintf(path, sizeof(path), "tests/viz/%s.screen", name);
	if (getenv("KMV_UPDATE")) {
		write_file(path, got);
		fprintf(stderr, "check_viz_screen: wrote %s\n", path);
		return;
	}
	want = slurp(path);
	ck_assert_msg(want != NULL, "no expected screen %s (KMV_UPDATE=1 writes it)", path);
	w = want;
	while (*g && *w) {
		const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');
		size_t gl = ge ? (size_t)(ge - g) : strlen(g), wl = we ? (size_t)(we - w) : strlen(w);

		if (gl != wl || memcmp(g, w, gl))
			break;
		g += gl + (ge ? 1 : 0);
		w += wl + (we ? 1 : 0);
		line++;
	}
	if (*g || *w) {
		const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');

		out_path(name, out, sizeof(out));
		write_file(out, got);
		ck_abort_msg("screen %s differs at line %d\n  expected: %.*s\n  actual:   %.*s\n"
			     "(the whole screen is in %s; KMV_UPDATE=1 regenerates)", name, line,
			     (int)(we ? we - w : (long)strlen(w)), w,
			     (int)(ge ? ge - g : (long)strlen(g)), g, out);
	}
	free(want);
}

START_TEST(test_screen_matches_expected)
{
	const struct screen_case *c = &cases[_i];
	struct vz_app *a;
	char *got;

	ck_assert_msg(c->ascii || utf8_locale, "screen %s needs a UTF-8 locale "
		      "(C.UTF-8): scripts/install-deps.sh provides it", c->name);
	kmt_step("case %s", c->name);
	a = replay_app(c->rec);
	a->theme = c->theme;
	a->ascii = c->ascii;
	a->layout = c->present ? VZ_L_PRESENT : VZ_L_NORMAL;
	got = render(a, c->rows, c->cols, c->keys, c->attrs);
	compare(c->name, got);
	free(got);
	vz_app_free(a);
	free(a);
}
END_TEST

/* The screens do not depend on the run: render the same case twice. */
START_TEST(test_the_same_keys_give_the_same_screen)
{
	struct vz_app *a = replay_app("connect"), *b = replay_app("connect");
	char *x, *y;

	a->theme = b->theme = VZ_THEME_COLOUR;
	x = render(a, 24, 80, "sssssnnnf]]S", 1);
	y = render(b, 24, 80, "sssssnnnf]]S", 1);
	ck_assert_str_eq(x, y);
	free(x);
	free(y);
	vz_app_free(a);
	vz_app_free(b);
	free(a);
	free(b);
}
END_TEST

/* NO_COLOR picks the monochrome theme; --theme still wins (cmd_viz). */
START_TEST(test_no_color_selects_the_monochrome_theme)
{
	setenv("NO_COLOR", "1", 1);
	ck_assert_int_eq(vz_theme_default(), VZ_THEME_MONO);
	setenv("NO_COLOR", "", 1);
	ck_assert_int_eq(vz_theme_default(), VZ_THEME_COLOUR);
	unsetenv("NO_COLOR");
	ck_assert_int_eq(vz_theme_default(), VZ_THEME_COLOUR);
	ck_assert_int_eq(vz_theme_by_name("cb"), VZ_THEME_CB);
	ck_assert_int_eq(vz_theme_by_name("plaid"), -1);
}
END_TEST

/* A monochrome screen carries no colour pair at all. */
START_TEST(test_monochrome_screen_uses_attributes_only)
{
	struct vz_app *a = replay_app("connect");
	char *got, *legend;

	a->theme = VZ_THEME_MONO;
	got = render(a, 24, 80, "t<enter>", 1);
	legend = strstr(got, "legend:");
	ck_assert_ptr_nonnull(legend);
	ck_assert_ptr_null(strstr(legend, "pair1"));
	ck_assert_ptr_nonnull(strstr(legend, "=pair0+bold+underline"));	/* changed */
	ck_assert_ptr_nonnull(strstr(legend, "=pair0+reverse"));
	free(got);
	vz_app_free(a);
	free(a);
}
END_TEST

/* The source pane, live, with the real tree: the marked line is the
 * statement right after the step point's annotation. */
START_TEST(test_source_pane_marks_the_statement_after_the_step_point)
{
	struct vz_app *a = calloc(1, sizeof(*a));
	struct km_cli_opts o;
	const struct vz_site *s;
	char *got, *mark, line[512], path[512], *src, *p;
	int ln, i, ev;

	vz_app_init(a);
	memset(&o, 0, sizeof(o));
	o.seed = 1;
	o.peer = "mirror";
	o.format = "text";
	ck_assert_int_eq(vz_rec_scenario(&a->rec, km_scenario_find("connect"), &o, NULL), 0);
	snprintf(a->srcroot, sizeof(a->srcroot), ".");
	a->utf8_ok = 1;
	a->ascii = 1;
	a->theme = VZ_THEME_MONO;
	for (ev = 0; ev < a->rec.nevs; ev++)
		if (a->rec.evs[ev].type == KM_EV_STEP &&
		    !strcmp(vz_ev_site(&a->rec, &a->rec.evs[ev])->func, "tcp_v4_connect"))
			break;
	ck_assert_int_lt(ev, a->rec.nevs);
	vz_goto(a, ev);
	s = vz_ev_site(&a->rec, &a->rec.evs[ev]);
	got = render(a, 40, 120, "", 0);
	mark = strstr(got, "|>");
	ck_assert_msg(mark != NULL, "no marked line in:\n%s", got);
	ck_assert_int_eq(sscanf(mark + 2, "%d", &ln), 1);
	kmt_step("line %d follows the KM_STEP at %s:%d", ln, s->file, s->line);
	ck_assert_int_gt(ln, s->line);
	ck_assert_int_lt(ln, s->line + 8);
	snprintf(path, sizeof(path), "%s", s->file);
	src = slurp(path);
	ck_assert_ptr_nonnull(src);
	for (p = src, i = 1; i < ln && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	ck_assert_ptr_nonnull(p);
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
	for (p = line; *p == '\t' || *p == ' '; p++)
		;
	ck_assert_ptr_null(strstr(p, "KM_STEP"));
	ck_assert_msg(strstr(mark, p) != NULL, "marked line is not \"%s\"", p);
	kmt_step("the sentence and the Linux place are shown");
	ck_assert_ptr_nonnull(strstr(got, s->linux_ref));
	free(src);
	free(got);
	vz_app_free(a);
	free(a);
}
END_TEST

/* The menu lists every scenario, and running one replaces the recording. */
START_TEST(test_menu_runs_another_scenario)
{
	struct vz_app *a = calloc(1, sizeof(*a));
	char *got;
	int i;

	vz_app_init(a);
	a->opts.seed = 1;
	a->opts.peer = "mirror";
	a->opts.format = "text";
	ck_assert_int_eq(vz_rec_scenario(&a->rec, km_scenario_find("connect"), &a->opts,
					 NULL), 0);
	snprintf(a->srcroot, sizeof(a->srcroot), NOSRC);
	a->ascii = 1;
	vz_goto(a, vz_nav_start(&a->rec));
	got = render(a, 30, 100, "m<dump>", 0);
	for (i = 0; km_scenario_at(i); i++)
		ck_assert_msg(strstr(got, km_scenario_at(i)->name) != NULL,
			      "scenario %s not in the menu", km_scenario_at(i)->name);
	free(got);
	kmt_step("choose lost-syn");
	for (i = 0; km_scenario_at(i) && strcmp(km_scenario_at(i)->name, "lost-syn"); i++)
		;
	a->overlay = VZ_OV_NONE;
	a->quit = 0;
	ck_assert_int_eq(vz_load_scenario(a, "lost-syn"), 0);
	ck_assert_str_eq(a->rec.scenario, "lost-syn");
	ck_assert_int_eq(a->rec.npkts, 4);
	ck_assert_int_eq(vz_load_scenario(a, "no-such-thing"), -2);
	ck_assert_str_eq(a->rec.scenario, "lost-syn");
	vz_app_free(a);
	free(a);
}
END_TEST

/* w, e and P write files from inside the screen. */
START_TEST(test_keys_save_and_export_files)
{
	struct vz_app *a = replay_app("connect");
	char keys[1200], rec[128], seq[128], pcap[128], err[300];
	struct vz_rec back;
	struct stat st;
	char *got, *text;

	snprintf(rec, sizeof(rec), "/tmp/kmv-%d.kmrec", (int)getpid());
	snprintf(seq, sizeof(seq), "/tmp/kmv-%d.txt", (int)getpid());
	snprintf(pcap, sizeof(pcap), "/tmp/kmv-%d.pcap", (int)getpid());
	/* the prompt starts with a default name: erase it, type ours */
	snprintf(keys, sizeof(keys),
		 "w%s%s<enter>e%s%s<enter>P%s%s<enter>",
		 "<bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs>",
		 rec,
		 "<bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs>",
		 seq,
		 "<bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs>",
		 pcap);
	got = render(a, 24, 80, keys, 0);
	ck_assert_msg(strstr(got, "Wrote ") != NULL, "no confirmation:\n%s", got);
	ck_assert_int_eq(stat(pcap, &st), 0);
	/* pcapng: section header 44, an interface each for client and
	 * server eth0 (48), three packets of 44 bytes' framing each */
	ck_assert_int_eq(st.st_size, 44 + 2 * 48 + 3 * 44 + 60 + 60 + 52);
	text = slurp(seq);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, "SYN,ACK seq 0 ack 1"));
	ck_assert_int_eq(vz_rec_load(&back, rec, err, sizeof(err)), 0);
	ck_assert_int_eq(back.nevs, a->rec.nevs);
	vz_rec_free(&back);
	unlink(rec);
	unlink(seq);
	unlink(pcap);
	free(text);
	free(got);
	vz_app_free(a);
	free(a);
}
END_TEST

/* Autoplay: each tick is a step (a milestone in the presentation). */
START_TEST(test_autoplay_ticks_move_one_step_each)
{
	struct vz_app *a = replay_app("connect");
	int start = a->rec.pos;
	char *got;

	got = render(a, 24, 80, "<space><tick><tick><tick>", 0);
	ck_assert_int_eq(a->playing, 1);
	ck_assert_int_eq(a->rec.pos, vz_nav_step(&a->rec, vz_nav_step(&a->rec,
				     vz_nav_step(&a->rec, start))));
	free(got);
	kmt_step("in the presentation layout a tick is a milestone");
	start = a->rec.pos;
	got = render(a, 30, 100, "p<tick>", 0);
	ck_assert_int_eq(a->rec.pos, vz_nav_milestone(&a->rec, start, 1));
	free(got);
	kmt_step("at the end, playing stops");
	vz_goto(a, vz_nav_last(&a->rec));
	got = render(a, 24, 80, "<tick>", 0);
	ck_assert_int_eq(a->playing, 0);
	ck_assert_ptr_nonnull(strstr(got, "End of the recording."));
	free(got);
	vz_app_free(a);
	free(a);
}
END_TEST

/* The command line, in process: kmirror viz ... (kmirror.c's main). */
int kmirror_main(int argc, char **argv);

static int run_cli(char *out, size_t len, const char *const *args)
{
	char *o;
	int rc = kmt_run_main(kmirror_main, args, &o, NULL);

	snprintf(out, len, "%s", o);
	free(o);
	return rc;
}

START_TEST(test_cli_headless_screen_and_files)
{
	static char out[200000];
	char path[128], *text;
	const char *headless[] = { "kmirror", "viz", "connect", "--headless", "24x80",
				   "--theme", "mono", "--ascii", "--keys", "G", NULL };
	const char *bad_size[] = { "kmirror", "viz", "--headless", "24", NULL };
	const char *bad_theme[] = { "kmirror", "viz", "--theme", "plaid", NULL };
	const char *bad_scn[] = { "kmirror", "viz", "no-such-scenario", NULL };
	const char *bad_rec[] = { "kmirror", "viz", "--replay", "/nonexistent/x.kmrec", NULL };
	const char *export[] = { "kmirror", "viz", "lost-syn", "--export-seq", path, NULL };

	ck_assert_int_eq(run_cli(out, sizeof(out), headless), 0);
	ck_assert_ptr_nonnull(strstr(out, "=== screen 80x24 ==="));
	ck_assert_ptr_nonnull(strstr(out, "kmirror | connect | step"));
	ck_assert_ptr_nonnull(strstr(out, "accept4() returns 4"));
	kmt_step("bad options are refused with status 2");
	ck_assert_int_eq(run_cli(out, sizeof(out), bad_size), 2);
	ck_assert_int_eq(run_cli(out, sizeof(out), bad_theme), 2);
	ck_assert_int_eq(run_cli(out, sizeof(out), bad_scn), 2);
	ck_assert_int_eq(run_cli(out, sizeof(out), bad_rec), 1);
	kmt_step("--export-seq writes the diagram and exits");
	snprintf(path, sizeof(path), "/tmp/kmv-cli-%d.txt", (int)getpid());
	ck_assert_int_eq(run_cli(out, sizeof(out), export), 0);
	text = slurp(path);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, "lost"));
	unlink(path);
	free(text);
}
END_TEST

static Suite *screen_suite(void)
{
	Suite *s = suite_create("viz_screen");
	TCase *tc = tcase_create("screens");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_screen_matches_expected, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_the_same_keys_give_the_same_screen);
	tcase_add_test(tc, test_no_color_selects_the_monochrome_theme);
	tcase_add_test(tc, test_monochrome_screen_uses_attributes_only);
	tcase_add_test(tc, test_source_pane_marks_the_statement_after_the_step_point);
	tcase_add_test(tc, test_menu_runs_another_scenario);
	tcase_add_test(tc, test_keys_save_and_export_files);
	tcase_add_test(tc, test_autoplay_ticks_move_one_step_each);
	tcase_add_test(tc, test_cli_headless_screen_and_files);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	utf8_locale = setlocale(LC_ALL, "C.UTF-8") != NULL ||
		      setlocale(LC_ALL, "C.utf8") != NULL;
	unsetenv("NO_COLOR");
	return kmt_run(screen_suite());
}
