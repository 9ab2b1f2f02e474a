// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the two ways to run the screen — on the terminal (the
 * interactive loop), and headless: ncurses renders into a virtual screen
 * on a null stream, keys come from a script, and the virtual screen is
 * printed as text (and, if asked, its attributes) for tests to compare.
 *
 * Key scripts are plain characters plus <tokens>: <tab> <btab> <enter>
 * <esc> <space> <bs> <up> <down> <left> <right> <pgup> <pgdn> <home>
 * <end> <lt>, <resize RxC>, <tick> (one autoplay step), <dump> (print the
 * screen now), <wheelup@Y,X> <wheeldown@Y,X> <click@Y,X>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include "screen.h"
#include "vzutil.h"

static void dump_screen(struct vz_app *a, FILE *f, int with_attrs)
{
	struct {
		int pair;
		attr_t attrs;
	} legend[52];
	int nleg = 0, y, x, end;
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char *grid = vz_xcalloc((size_t)LINES * (COLS + 1) + 1, 1);

	fprintf(f, "=== screen %dx%d ===\n", COLS, LINES);
	for (y = 0; y < LINES; y++) {
		wchar_t row[1024];

		for (x = 0; x < COLS && x < 1023; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1] = { 0 };
			attr_t at = 0;
			short pair = 0;
			int k;
			char code = '.';

			mvwin_wch(stdscr, y, x, &cc);
			getcchar(&cc, wch, &at, &pair, NULL);
			row[x] = wch[0] ? wch[0] : L' ';
			at &= (A_BOLD | A_REVERSE | A_UNDERLINE | A_DIM);
			if (pair || at) {
				for (k = 0; k < nleg; k++)
					if (legend[k].pair == pair && legend[k].attrs == at)
						break;
				if (k == nleg && nleg < (int)VZ_ARRAY_SIZE(legend)) {
					legend[nleg].pair = pair;
					legend[nleg].attrs = at;
					nleg++;
				}
				code = k < (int)VZ_ARRAY_SIZE(legend) ? letters[k] : '?';
			}
			grid[y * (COLS + 1) + x] = code;
		}
		for (end = x; end > 0 && row[end - 1] == L' '; end--)
			;
		for (x = 0; x < end; x++)
			vz_put_utf8(f, row[x]);
		fputc('\n', f);
	}
	if (with_attrs) {
		int k;

		fprintf(f, "--- attributes ---\n");
		for (y = 0; y < LINES; y++) {
			for (end = COLS; end > 0 && grid[y * (COLS + 1) + end - 1] == '.'; end--)
				;
			fprintf(f, "%.*s\n", end, grid + y * (COLS + 1));
		}
		fprintf(f, "legend:");
		for (k = 0; k < nleg; k++)
			fprintf(f, " %c=pair%d%s%s%s%s", letters[k], legend[k].pair,
				legend[k].attrs & A_BOLD ? "+bold" : "",
				legend[k].attrs & A_REVERSE ? "+reverse" : "",
				legend[k].attrs & A_UNDERLINE ? "+underline" : "",
				legend[k].attrs & A_DIM ? "+dim" : "");
		fprintf(f, "\n");
	}
	free(grid);
	(void)a;
}

static const struct {
	const char	*name;
	int		key;
} key_names[] = {
	{ "tab", '\t' }, { "btab", KEY_BTAB }, { "enter", '\n' }, { "esc", 27 },
	{ "space", ' ' }, { "bs", KEY_BACKSPACE }, { "up", KEY_UP },
	{ "down", KEY_DOWN }, { "left", KEY_LEFT }, { "right", KEY_RIGHT },
	{ "pgup", KEY_PPAGE }, { "pgdn", KEY_NPAGE }, { "home", KEY_HOME },
	{ "end", KEY_END }, { "lt", '<' }, { "f1", KEY_F(1) },
};

static void settle(struct vz_app *a)
{
	vz_render(a);
	wnoutrefresh(stdscr);
	doupdate();
}

static void resize(struct vz_app *a, int rows, int cols)
{
	resize_term(rows, cols);
	vz_layout(a, LINES, COLS);
}

/* What a <token> of a key script means. */
enum tok_kind { TOK_UNKNOWN, TOK_KEY, TOK_RESIZE, TOK_TICK, TOK_DUMP, TOK_WHEELUP,
		TOK_WHEELDOWN, TOK_CLICK };

static enum tok_kind parse_token(const char *tok, int *a, int *b)
{
	size_t i;

	for (i = 0; i < VZ_ARRAY_SIZE(key_names); i++)
		if (!strcmp(tok, key_names[i].name)) {
			*a = key_names[i].key;
			return TOK_KEY;
		}
	if (sscanf(tok, "resize %dx%d", a, b) == 2 && *a > 0 && *b > 0 && *a < 500 &&
	    *b < 1000)
		return TOK_RESIZE;
	if (!strcmp(tok, "tick"))
		return TOK_TICK;
	if (!strcmp(tok, "dump"))
		return TOK_DUMP;
	if (sscanf(tok, "wheelup@%d,%d", a, b) == 2)
		return TOK_WHEELUP;
	if (sscanf(tok, "wheeldown@%d,%d", a, b) == 2)
		return TOK_WHEELDOWN;
	if (sscanf(tok, "click@%d,%d", a, b) == 2)
		return TOK_CLICK;
	return TOK_UNKNOWN;
}

/* The <token> at s (its text in tok), or 0 if s does not start one. */
static size_t token_at(const char *s, char *tok, size_t toklen)
{
	const char *end;
	size_t n;

	if (*s != '<' || !(end = strchr(s, '>')) || (size_t)(end - s - 1) >= toklen)
		return 0;
	n = (size_t)(end - s - 1);
	memcpy(tok, s + 1, n);
	tok[n] = '\0';
	return n + 2;
}

int vz_keys_check(const char *s, char *err, size_t errlen)
{
	char tok[64];
	size_t n;
	int a, b;

	for (; *s; s++) {
		n = token_at(s, tok, sizeof(tok));
		if (!n)
			continue;
		if (parse_token(tok, &a, &b) == TOK_UNKNOWN) {
			snprintf(err, errlen, "unknown key name <%s> (a '<' key is <lt>; "
				 "names: tab btab enter esc space bs up down left right "
				 "pgup pgdn home end f1, and resize RxC, tick, dump, "
				 "wheelup@Y,X, wheeldown@Y,X, click@Y,X)", tok);
			return -1;
		}
		s += n - 1;
	}
	return 0;
}

/* One token of the script: returns the characters consumed, 0 at the end. */
static int script_step(struct vz_app *a, const struct vz_headless *h, const char *s)
{
	char tok[64];
	size_t n;
	int y, x;

	if (!*s)
		return 0;
	n = token_at(s, tok, sizeof(tok));
	if (!n) {
		vz_key(a, (unsigned char)*s);
		return 1;
	}
	switch (parse_token(tok, &y, &x)) {
	case TOK_KEY:
		vz_key(a, y);
		break;
	case TOK_RESIZE:
		resize(a, y, x);
		break;
	case TOK_TICK:
		vz_tick(a);
		break;
	case TOK_DUMP:
		settle(a);
		dump_screen(a, h->dump, h->attrs);
		break;
	case TOK_WHEELUP:
		vz_mouse(a, y, x, -1);
		break;
	case TOK_WHEELDOWN:
		vz_mouse(a, y, x, 1);
		break;
	case TOK_CLICK:
		vz_mouse(a, y, x, 0);
		break;
	default:
		vz_key(a, '<');
		return 1;
	}
	return (int)n;
}

int vz_run_headless(struct vz_app *a, const struct vz_headless *h)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	const char *s = h->keys ? h->keys : "";
	int n;

	if (!out || !in) {
		if (out)
			fclose(out);
		if (in)
			fclose(in);
		return -1;
	}
	scr = newterm(h->term ? h->term : "xterm-256color", out, in);
	if (!scr) {
		fclose(out);
		fclose(in);
		return -1;
	}
	set_term(scr);
	noecho();
	cbreak();
	keypad(stdscr, TRUE);
	vz_theme_apply(a);
	resize(a, h->rows, h->cols);
	settle(a);
	while (!a->quit && (n = script_step(a, h, s)) > 0) {
		s += n;
		settle(a);
	}
	settle(a);
	dump_screen(a, h->dump, h->attrs);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}

int vz_run_tty(struct vz_app *a)
{
	SCREEN *scr;
	MEVENT me;
	int ch;

	/* newterm, not initscr: an unknown terminal is an error we report,
	 * not an exit inside ncurses */
	scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return -1;
	set_term(scr);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	a->mouse = mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL) != 0;
	mouseinterval(0);
	vz_theme_apply(a);
	vz_layout(a, LINES, COLS);
	while (!a->quit) {
		vz_render(a);
		refresh();
		timeout(a->playing ? vz_speeds_ms[a->speed] : -1);
		ch = getch();
		if (ch == ERR) {
			if (a->playing)
				vz_tick(a);
			continue;
		}
		if (ch == KEY_RESIZE) {
			vz_layout(a, LINES, COLS);
			continue;
		}
		if (ch == KEY_MOUSE) {
			if (getmouse(&me) == OK) {
				if (me.bstate & BUTTON4_PRESSED)
					vz_mouse(a, me.y, me.x, -1);
				else if (me.bstate & BUTTON5_PRESSED)
					vz_mouse(a, me.y, me.x, 1);
				else if (me.bstate & BUTTON1_PRESSED)
					vz_mouse(a, me.y, me.x, 0);
			}
			continue;
		}
		vz_key(a, ch);
	}
	endwin();
	delscreen(scr);
	return 0;
}
