// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the screen manager (screen.h). It lays the panes out from
 * LINES and COLS (again after every KEY_RESIZE), draws the top bar, the
 * frames (the panes' contents through the pane table), the status bar and
 * any overlay, and hands the canvas to ncurses.
 *
 *   normal, 80x24 and up      source | stack
 *                             structures or sk_buff (v) | state
 *                                                       | sequence
 *   normal, 160x40 and up     source, stack | structures of both hosts |
 *                             state, sequence, sk_buff
 *   presentation (p)          sequence | state machines; the sentence
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include <kmapi/trace.h>
#include "app.h"
#include "keymap.h"
#include "screen.h"
#include "vzutil.h"

#define VZ_MIN_ROWS	24
#define VZ_MIN_COLS	80

static const struct vz_pane_ops *const pane_ops[VZ_P__COUNT] = {
	[VZ_P_SOURCE] = &vz_pane_source_ops,
	[VZ_P_STACK] = &vz_pane_stack_ops,
	[VZ_P_STRUCT] = &vz_pane_struct_ops,
	[VZ_P_STRUCT2] = &vz_pane_struct_ops,
	[VZ_P_SKB] = &vz_pane_skb_ops,
	[VZ_P_STATE] = &vz_pane_state_ops,
	[VZ_P_SEQ] = &vz_pane_seq_ops,
	[VZ_P_SAY] = &vz_pane_say_ops,
};

const struct vz_pane_ops *vz_pane_ops_of(int id)
{
	return pane_ops[id];
}

/* The app's theme into its attributes; the next blit redraws all. */
void vz_theme_apply(struct vz_app *a)
{
	vz_blit_all(a);
	a->has_colour = vz_theme_attrs(a->theme, a->attr);
}


/* ---- layout ---- */

static void place(struct vz_app *a, int id, int y, int x, int h, int w)
{
	struct vz_pane *p = &a->panes[id];

	p->r.y = y;
	p->r.x = x;
	p->r.h = h;
	p->r.w = w;
}

void vz_layout(struct vz_app *a, int rows, int cols)
{
	int i, by = 1, bh = rows - 2;

	a->rows = rows;
	a->cols = cols;
	vz_cv_init(&a->cv, rows, cols);
	vz_blit_all(a);
	for (i = 0; i < VZ_P__COUNT; i++)
		a->panes[i].r.h = 0;
	a->too_small = rows < VZ_MIN_ROWS || cols < VZ_MIN_COLS;
	a->wide = 0;
	if (a->too_small)
		return;

	if (a->layout == VZ_L_PRESENT) {
		int sayh = bh >= 36 ? 8 : bh >= 28 ? 7 : 6;
		int top = bh - sayh, rw = cols * 2 / 5, lw;

		/* room for the state diagrams if the terminal allows */
		if (rw < 58 && cols - 58 >= 60)
			rw = 58;
		lw = cols - rw;

		place(a, VZ_P_SEQ, by, 0, top, lw);
		place(a, VZ_P_STATE, by, lw, top, cols - lw);
		place(a, VZ_P_SAY, by + top, 0, sayh, cols);
	} else if (cols >= 160 && rows >= 40) {
		int c1 = cols * 36 / 100, c2 = cols * 32 / 100, c3 = cols - c1 - c2;
		int srch = bh * 58 / 100, sth = bh * 28 / 100, sqh = bh * 36 / 100;

		a->wide = 1;
		place(a, VZ_P_SOURCE, by, 0, srch, c1);
		place(a, VZ_P_STACK, by + srch, 0, bh - srch, c1);
		if (a->rec.nhosts >= 2) {
			place(a, VZ_P_STRUCT, by, c1, bh / 2, c2);
			place(a, VZ_P_STRUCT2, by + bh / 2, c1, bh - bh / 2, c2);
		} else {
			place(a, VZ_P_STRUCT, by, c1, bh, c2);
		}
		place(a, VZ_P_STATE, by, c1 + c2, sth, c3);
		place(a, VZ_P_SEQ, by + sth, c1 + c2, sqh, c3);
		place(a, VZ_P_SKB, by + sth + sqh, c1 + c2, bh - sth - sqh, c3);
	} else {
		int lw = cols * 55 / 100, rw = cols - lw;
		int srch = bh / 2, stk = bh * 30 / 100, st = bh * 30 / 100;

		/* The right column's lines (a transition with its function,
		 * a SYN's label between the lanes) need about 72 columns; the
		 * source pane wraps its sentence and only clips the ends of
		 * code lines, so from 120 columns on the right column gets
		 * them, the left keeping at least 60. */
		if (cols >= 120 && rw < 72) {
			rw = cols - 60 < 72 ? cols - 60 : 72;
			lw = cols - rw;
		}

		place(a, VZ_P_SOURCE, by, 0, srch, lw);
		place(a, a->inspector ? VZ_P_SKB : VZ_P_STRUCT, by + srch, 0,
		      bh - srch, lw);
		place(a, VZ_P_STACK, by, lw, stk, rw);
		place(a, VZ_P_STATE, by + stk, lw, st, rw);
		place(a, VZ_P_SEQ, by + stk + st, lw, bh - stk - st, rw);
	}
	if (!a->panes[a->focus].r.h) {
		for (i = 0; i < VZ_P__COUNT; i++)
			if (a->panes[i].r.h) {
				a->focus = i;
				break;
			}
	}
}

/* ---- drawing ---- */

static void draw_header(struct vz_app *a)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_ev *e = vz_cur_ev(a);
	/* a stop between steps (a function's entry or return) is before the
	 * next step, not at the last one */
	int n = vz_step_number(r, r->pos);
	int at_step = !e || e->type == KM_EV_STEP || n >= r->nsteps;
	char where[160] = "", play[32] = "";
	int w = a->cols;

	vz_cv_fill(&a->cv, 0, 0, w, L' ', VZ_ST_HEADER);
	if (e && e->host >= 0)
		snprintf(where, sizeof(where), " │ %s %s %s[%d]%s%s%s",
			 vz_host_name(r, e->host), km_ctx_name(e->ctx),
			 e->comm ? e->comm : "?", e->pid, e->sys ? " " : "",
			 e->sys ? e->sys : "", e->sys ? "()" : "");
	if (a->playing)
		snprintf(play, sizeof(play), " │ ▶ %d ms", vz_speeds_ms[a->speed]);
	vz_cv_printf(&a->cv, 0, 0, w, VZ_ST_HEADER,
		     " kmirror │ %s%s%s │ %sstep %d/%d │ %lld.%06lld s%s%s",
		     r->scenario ? r->scenario : "-", a->replay ? " (replay)" : "",
		     !r->peer || !strcmp(r->peer, "mirror") ? "" :
		     !strcmp(r->peer, "linux") ? " (Linux peer)" : " (scripted peer)",
		     at_step ? "" : "before ", at_step ? n : n + 1, r->nsteps,
		     e ? e->time_ns / 1000000000LL : 0,
		     e ? e->time_ns % 1000000000LL / 1000 : 0, play, where);
}

/* The key bar: the keymap's rows that have a place in it. The first
 * eight fit 80 columns (] is the way to the story: the next packet or
 * state change); the others show when there is room. Tab and the rest are
 * in the help. */
static void draw_status(struct vz_app *a)
{
	const struct vz_keyrow *bar[32];
	int y = a->rows - 1, x = 0, i, n;

	vz_cv_fill(&a->cv, y, 0, a->cols, L' ', VZ_ST_STATUS);
	if (a->msg[0]) {
		vz_cv_put(&a->cv, y, 1, a->cols - 1,
			  a->msg_error ? VZ_ST_ERROR : VZ_ST_STATUS, a->msg);
		return;
	}
	n = vz_keymap_bar(bar, (int)VZ_ARRAY_SIZE(bar));
	x = 1;
	for (i = 0; i < n && x < a->cols - 2; i++) {
		const char *k = bar[i]->bar_keys, *w = bar[i]->bar_words;

		if (i >= 8 && x + (int)(strlen(k) + strlen(w)) + 2 > a->cols - 1)
			break;
		x += vz_cv_put(&a->cv, y, x, a->cols - x, VZ_ST_STATUS, k);
		x += vz_cv_put(&a->cv, y, x, a->cols - x, VZ_ST_STATUS, " ");
		x += vz_cv_put(&a->cv, y, x, a->cols - x, VZ_ST_STATUS, w);
		x += vz_cv_put(&a->cv, y, x, a->cols - x, VZ_ST_STATUS, "  ");
	}
}

static void draw_too_small(struct vz_app *a)
{
	char msg[200], lines[8][256];
	int y, i, n;

	snprintf(msg, sizeof(msg), "Terminal too small: %dx%d; kmirror viz needs %dx%d. "
		 "Please enlarge the window (or reduce the font). q quits.",
		 a->cols, a->rows, VZ_MIN_COLS, VZ_MIN_ROWS);
	n = vz_wrap(msg, a->cols, lines, 8);
	y = (a->rows - n) / 2;
	if (y < 0)
		y = 0;
	for (i = 0; i < n; i++)
		vz_cv_put(&a->cv, y + i, 0, a->cols, i ? VZ_ST_NORMAL : VZ_ST_ERROR, lines[i]);
}

static void draw_pane(struct vz_app *a, int id)
{
	struct vz_pane *p = &a->panes[id];
	struct vz_rect in = { p->r.y + 1, p->r.x + 1, p->r.h - 2, p->r.w - 2 };
	int focused = id == a->focus, tw;
	char title[128];

	vz_cv_box(&a->cv, p->r, focused ? VZ_ST_BORDER_FOCUS : VZ_ST_BORDER);
	p->title[0] = '\0';
	if (in.h > 0 && in.w > 0)
		pane_ops[id]->draw(a, p, in);
	snprintf(title, sizeof(title), focused ? "[%s]" : " %s ",
		 p->title[0] ? p->title : pane_ops[id]->name);
	tw = vz_cv_put(&a->cv, p->r.y, p->r.x + 2, p->r.w - 4,
		       focused ? VZ_ST_TITLE_FOCUS : VZ_ST_TITLE, title);
	(void)tw;
}

/* A box of h x w in the middle of the screen, cleared, with a title. */
static struct vz_rect overlay_box(struct vz_app *a, int h, int w, const char *title)
{
	struct vz_rect r;
	int i;

	if (w > a->cols)
		w = a->cols;
	if (h > a->rows - 2)
		h = a->rows - 2;
	r.y = (a->rows - h) / 2;
	r.x = (a->cols - w) / 2;
	r.h = h;
	r.w = w;
	for (i = 0; i < r.h; i++)
		vz_cv_fill(&a->cv, r.y + i, r.x, r.w, L' ', VZ_ST_OVERLAY);
	vz_cv_box(&a->cv, r, VZ_ST_BORDER_FOCUS);
	vz_cv_printf(&a->cv, r.y, r.x + 2, r.w - 4, VZ_ST_TITLE_FOCUS, "[%s]", title);
	return r;
}

/* The keymap's words: a heading, or a key column and what it does. */
static void draw_help(struct vz_app *a)
{
	const struct vz_keyrow *km;
	int n, i, h, w;
	struct vz_rect r;

	km = vz_keymap(&n);
	/* on a narrow screen, the whole width: no stray frame at the sides */
	w = a->cols < 84 ? a->cols : 78;
	r = overlay_box(a, n + 2, w, n + 2 > a->rows - 2 ? "Help · ↑↓ scroll · Esc closes" :
			"Help · Esc closes");
	h = r.h;
	if (a->ov_scroll > n - (h - 2))
		a->ov_scroll = n - (h - 2) > 0 ? n - (h - 2) : 0;
	for (i = 0; i < h - 2 && i + a->ov_scroll < n; i++) {
		const struct vz_keyrow *k = &km[i + a->ov_scroll];

		if (k->keys) {
			vz_cv_put(&a->cv, r.y + 1 + i, r.x + 2, 14, VZ_ST_KEY, k->keys);
			vz_cv_put(&a->cv, r.y + 1 + i, r.x + 16, r.w - 18, VZ_ST_OVERLAY,
				  k->help);
		} else {
			vz_cv_put(&a->cv, r.y + 1 + i, r.x + 2, r.w - 4, VZ_ST_GROUP, k->help);
		}
	}
}

static int item_is_set(const struct vz_app *a, const struct vz_item *it)
{
	int i;

	for (i = 0; i < a->nbps; i++)
		if (a->bps[i].kind == it->kind &&
		    (it->kind == VZ_BP_FUNC ? a->bps[i].func == it->func :
		     a->bps[i].state == it->state))
			return 1;
	return 0;
}

static void draw_list(struct vz_app *a, const char *title, const char *hint,
		      int checks)
{
	int h = a->nitems + 4, i, shown;
	struct vz_rect r;

	if (h > a->rows - 4)
		h = a->rows - 4;
	if (h < 6)
		h = 6;
	r = overlay_box(a, h, a->cols - 4 < 60 ? a->cols - 4 : 60, title);
	vz_cv_put(&a->cv, r.y + 1, r.x + 2, r.w - 4, VZ_ST_DIM, hint);
	shown = r.h - 3;
	if (a->ov_sel < a->ov_scroll)
		a->ov_scroll = a->ov_sel;
	if (a->ov_sel >= a->ov_scroll + shown)
		a->ov_scroll = a->ov_sel - shown + 1;
	for (i = 0; i < shown && i + a->ov_scroll < a->nitems; i++) {
		const struct vz_item *it = &a->items[i + a->ov_scroll];
		int sel = i + a->ov_scroll == a->ov_sel;
		int y = r.y + 2 + i;

		vz_cv_printf(&a->cv, y, r.x + 2, r.w - 4, sel ? VZ_ST_SELECT : VZ_ST_OVERLAY,
			     "%s%s%s", sel ? "▸ " : "  ",
			     checks ? (item_is_set(a, it) ? "[x] " : "[ ] ") : "",
			     it->label);
		if (sel)
			vz_cv_restyle(&a->cv, y, r.x + 1, r.w - 2, VZ_ST_SELECT);
	}
}

static void draw_prompt(struct vz_app *a)
{
	static const char *const what[] = {
		[VZ_PR_SAVE] = "Save the recording to",
		[VZ_PR_EXPORT_SEQ] = "Export the sequence diagram (text) to",
		[VZ_PR_EXPORT_PCAP] = "Export the packets (pcap) to",
	};
	struct vz_rect r = overlay_box(a, 5, a->cols - 8, "File · Enter writes, Esc cancels");

	vz_cv_put(&a->cv, r.y + 1, r.x + 2, r.w - 4, VZ_ST_OVERLAY, what[a->prompt_what]);
	vz_cv_printf(&a->cv, r.y + 2, r.x + 2, r.w - 4, VZ_ST_SELECT, "%s_", a->input);
}

void vz_draw(struct vz_app *a)
{
	int i;

	vz_cv_clear(&a->cv);
	if (a->too_small) {
		draw_too_small(a);
		return;
	}
	draw_header(a);
	for (i = 0; i < VZ_P__COUNT; i++)
		if (a->panes[i].r.h)
			draw_pane(a, i);
	draw_status(a);
	switch (a->overlay) {
	case VZ_OV_HELP:
		draw_help(a);
		break;
	case VZ_OV_MENU:
		draw_list(a, "Scenarios · Enter runs, Esc closes",
			  a->replay ? "(a replayed recording: scenarios run live)" :
			  "The chosen scenario runs again with the same options.", 0);
		break;
	case VZ_OV_BREAK:
		draw_list(a, "Breakpoints · Enter sets/clears, Esc closes",
			  a->input[0] ? a->input : "Type to filter; c continues to the next hit.", 1);
		break;
	case VZ_OV_RUNTO:
		draw_list(a, "Run to a state · Enter runs, Esc closes",
			  "Stops where a sock or socket next reaches it.", 0);
		break;
	case VZ_OV_PROMPT:
		draw_prompt(a);
		break;
	}
}

/*
 * Copy the canvas to stdscr a row at a time, skipping the rows that are
 * as they were last time (the shadow canvas).
 */
void vz_blit(struct vz_app *a)
{
	cchar_t cells[1024];
	int y, x, cols, n = a->cv.rows * a->cv.cols;

	if (a->shadow.rows != a->cv.rows || a->shadow.cols != a->cv.cols ||
	    a->shadow_ascii != a->ascii || a->shadow_theme != a->theme) {
		vz_cv_init(&a->shadow, a->cv.rows, a->cv.cols);
		for (x = 0; x < n; x++)
			a->shadow.ch[x] = 0;	/* nothing matches: draw all */
		a->shadow_ascii = a->ascii;
		a->shadow_theme = a->theme;
	}
	for (y = 0; y < a->cv.rows && y < LINES; y++) {
		const wchar_t *ch = a->cv.ch + y * a->cv.cols;
		const unsigned char *st = a->cv.st + y * a->cv.cols;

		if (!memcmp(ch, a->shadow.ch + y * a->cv.cols, a->cv.cols * sizeof(*ch)) &&
		    !memcmp(st, a->shadow.st + y * a->cv.cols, (size_t)a->cv.cols))
			continue;
		memcpy(a->shadow.ch + y * a->cv.cols, ch, a->cv.cols * sizeof(*ch));
		memcpy(a->shadow.st + y * a->cv.cols, st, (size_t)a->cv.cols);
		cols = a->cv.cols < COLS ? a->cv.cols : COLS;
		if (cols > (int)VZ_ARRAY_SIZE(cells))
			cols = (int)VZ_ARRAY_SIZE(cells);
		for (x = 0; x < cols; x++) {
			attr_t at = (attr_t)a->attr[st[x]];

			/* ncurses' own cchar_t (curses.h): filled directly,
			 * setcchar() costs more than the copy itself */
			memset(&cells[x], 0, sizeof(cells[x]));
			cells[x].attr = at;
			cells[x].chars[0] = a->ascii ? vz_ascii(ch[x]) : ch[x];
#if NCURSES_EXT_COLORS
			cells[x].ext_color = (int)PAIR_NUMBER(at);
#endif
		}
		mvadd_wchnstr(y, 0, cells, cols);
	}
	attrset(A_NORMAL);
	move(a->rows - 1, a->cols - 1);
}

/* The next blit draws every row (after a resize, a new terminal). */
void vz_blit_all(struct vz_app *a)
{
	a->shadow.rows = 0;
}

void vz_render(struct vz_app *a)
{
	vz_draw(a);
	vz_blit(a);
}
