/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: the screen — panes, layouts, themes, keys.
 *
 * Every pane draws into a canvas of cells (a character and a style), in
 * the manner of htop's and tig's one-file-per-view code. The screen
 * manager lays the panes out from the terminal size, draws frames and
 * overlays, and copies the canvas to ncurses in runs of one style. The
 * same canvas renders the sequence diagram for export as text, and the
 * headless mode (tests) reads back what ncurses holds.
 */
#ifndef _VZ_SCREEN_H
#define _VZ_SCREEN_H

#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>
#include "cli.h"
#include "record.h"

/* ---- styles: what a cell means; themes say how it looks ---- */
enum vz_style {
	VZ_ST_NORMAL,
	VZ_ST_DIM,		/* secondary text */
	VZ_ST_BORDER,
	VZ_ST_BORDER_FOCUS,
	VZ_ST_TITLE,
	VZ_ST_TITLE_FOCUS,
	VZ_ST_HEADER,		/* the top bar */
	VZ_ST_STATUS,		/* the bottom bar */
	VZ_ST_KEY,		/* a key name in hints and help */
	VZ_ST_SENTENCE,		/* the step's sentence */
	VZ_ST_CURLINE,		/* the line about to run */
	VZ_ST_LINENO,
	VZ_ST_CODE,
	VZ_ST_NAME,		/* a field name */
	VZ_ST_VALUE,
	VZ_ST_CHANGED,		/* a field the last move changed */
	VZ_ST_GROUP,		/* a struct or group heading */
	VZ_ST_SELECT,		/* the cursor line of a list */
	VZ_ST_STATE_CUR,	/* the state a sock is in */
	VZ_ST_STATE_SEEN,	/* a state it went through */
	VZ_ST_STATE_OFF,
	VZ_ST_LANE_A,		/* packets sent by the left host */
	VZ_ST_LANE_B,		/* ... by the right one */
	VZ_ST_LOST,
	VZ_ST_HDR_IP,
	VZ_ST_HDR_TCP,
	VZ_ST_HDR_OPT,
	VZ_ST_HDR_DATA,
	VZ_ST_ROOM,		/* headroom, tailroom */
	VZ_ST_ERROR,
	VZ_ST_OVERLAY,
	VZ_ST__COUNT
};

enum vz_theme { VZ_THEME_COLOUR, VZ_THEME_CB, VZ_THEME_MONO, VZ_THEME__COUNT };

/* ---- the canvas ---- */
struct vz_canvas {
	int		rows, cols;
	wchar_t		*ch;
	unsigned char	*st;
};

struct vz_rect {
	int y, x, h, w;
};

void vz_cv_init(struct vz_canvas *cv, int rows, int cols);
void vz_cv_free(struct vz_canvas *cv);
void vz_cv_clear(struct vz_canvas *cv);
/* Write UTF-8 text at (y, x), at most maxw columns; returns columns used. */
int vz_cv_put(struct vz_canvas *cv, int y, int x, int maxw, int style,
	      const char *s);
int vz_cv_printf(struct vz_canvas *cv, int y, int x, int maxw, int style,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void vz_cv_fill(struct vz_canvas *cv, int y, int x, int n, wchar_t c, int style);
void vz_cv_restyle(struct vz_canvas *cv, int y, int x, int n, int style);
void vz_cv_box(struct vz_canvas *cv, struct vz_rect r, int style);
/* Columns UTF-8 text takes. */
int vz_text_width(const char *s);
/* Break text into lines of at most w columns; returns the count. */
int vz_wrap(const char *s, int w, char lines[][256], int maxlines);
/* An ASCII stand-in for a drawing character (box, arrow, marker). */
wchar_t vz_ascii(wchar_t c);
void vz_put_utf8(FILE *f, wchar_t c);
/* Write the canvas rows as text (trailing blanks trimmed). */
void vz_cv_write(const struct vz_canvas *cv, FILE *f, int ascii);

/* ---- panes ---- */
enum vz_pane_id {
	VZ_P_SOURCE,
	VZ_P_STACK,
	VZ_P_STRUCT,		/* structures of one host */
	VZ_P_STRUCT2,		/* ... of the other (wide layout) */
	VZ_P_SKB,
	VZ_P_STATE,
	VZ_P_SEQ,
	VZ_P_SAY,		/* presentation: the current sentence */
	VZ_P__COUNT
};

enum vz_layout { VZ_L_NORMAL, VZ_L_PRESENT };

struct vz_app;

struct vz_pane {
	struct vz_rect	r;		/* with its frame; h == 0: hidden */
	int		scroll;		/* first content line shown */
	int		cursor;		/* selected line (structures) */
	int		follow;		/* keep the interesting line in view */
	int		host;		/* structures: host shown, -1 follows */
	int		nlines;		/* content lines at the last draw */
	char		title[96];
};

struct vz_pane_ops {
	const char *name;
	/* Draw inside `in` (the frame is drawn already). */
	void (*draw)(struct vz_app *a, struct vz_pane *p, struct vz_rect in);
	/* A key while focused: 1 if used. NULL: only the keys every pane
	 * has (arrows and j/k scroll it by a line). */
	int (*key)(struct vz_app *a, struct vz_pane *p, int key);
};

extern const struct vz_pane_ops vz_pane_source_ops;
extern const struct vz_pane_ops vz_pane_stack_ops;
extern const struct vz_pane_ops vz_pane_struct_ops;
extern const struct vz_pane_ops vz_pane_skb_ops;
extern const struct vz_pane_ops vz_pane_state_ops;
extern const struct vz_pane_ops vz_pane_seq_ops;
extern const struct vz_pane_ops vz_pane_say_ops;

/* ---- overlays ---- */
enum vz_overlay {
	VZ_OV_NONE,
	VZ_OV_HELP,
	VZ_OV_MENU,		/* scenarios */
	VZ_OV_BREAK,		/* breakpoints: functions and states */
	VZ_OV_RUNTO,		/* run to a state */
	VZ_OV_PROMPT,		/* a file name */
};

enum vz_prompt_what { VZ_PR_SAVE, VZ_PR_EXPORT_SEQ, VZ_PR_EXPORT_PCAP };

struct vz_srcfile {
	char		*path;		/* as in the site */
	char		*text;		/* NULL: not found */
	char		**lines;
	int		nlines;
};

#define VZ_MAX_BPS	32
#define VZ_MAX_ITEMS	512

struct vz_item {
	char		label[80];
	int		kind;		/* enum vz_bp_kind */
	const char	*func;
	unsigned long long state;
};

struct vz_app {
	struct vz_rec	rec;
	struct km_cli_opts opts;
	int		replay;		/* loaded from a file: no menu */

	struct vz_canvas cv;
	struct vz_canvas shadow;	/* what stdscr holds, to skip rows */
	int		shadow_ascii, shadow_theme;
	int		rows, cols;
	int		layout;
	int		theme;
	int		ascii;		/* ASCII drawing instead of UTF-8 */
	int		utf8_ok;	/* the locale can show Unicode */
	int		has_colour;	/* the terminal can */
	int		attr[VZ_ST__COUNT];	/* ncurses attributes per style */
	int		wide;		/* three columns */
	int		inspector;	/* 2-column layout: 0 structures, 1 skb */
	struct vz_pane	panes[VZ_P__COUNT];
	int		focus;
	int		too_small;

	int		overlay;
	int		ov_sel, ov_scroll;
	struct vz_item	*items;
	int		nitems;
	char		input[256];
	int		prompt_what;

	char		msg[256];	/* shown in the status bar until a key */
	int		msg_error;

	struct vz_bp	bps[VZ_MAX_BPS];
	int		nbps;
	int		playing;
	int		speed;		/* index into vz_speeds */
	int		rel_seq;	/* sequence numbers relative to the ISN */
	int		quit;
	int		last_move;	/* for the status: what the last key did */

	struct vz_srcfile *src;
	int		nsrc;
	char		srcroot[4096];
	const char	*src_override;	/* tests: a fixed source root */
	int		mouse;		/* mouse reporting on */
};

extern const int vz_speeds_ms[];	/* autoplay delay per step */
int vz_nspeeds(void);

/* app life (screen.c) */
void vz_app_init(struct vz_app *a);
void vz_app_free(struct vz_app *a);
/* Lay out for rows x cols (also after a resize). */
void vz_layout(struct vz_app *a, int rows, int cols);
/* Draw everything into the canvas, then into ncurses' stdscr. */
void vz_render(struct vz_app *a);
void vz_draw(struct vz_app *a);		/* canvas only */
void vz_blit(struct vz_app *a);		/* canvas -> stdscr */
void vz_blit_all(struct vz_app *a);	/* next blit: every row */
void vz_message(struct vz_app *a, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The pane at a screen position, or -1. */
int vz_pane_at(const struct vz_app *a, int y, int x);
/* Scroll a pane by n lines (mouse wheel, arrows). */
void vz_pane_scroll(struct vz_app *a, int pane, int n);
/* The event at the cursor, or NULL. */
const struct vz_ev *vz_cur_ev(const struct vz_app *a);
/* One sentence about any event (what the source pane shows). */
void vz_describe(const struct vz_app *a, const struct vz_ev *e, char *buf,
		 size_t len);
/* The host the structures pane shows. */
int vz_struct_host(const struct vz_app *a, const struct vz_pane *p);

/* themes (theme.c) */
void vz_theme_apply(struct vz_app *a);	/* after initscr/newterm */
const char *vz_theme_name(int theme);
int vz_theme_by_name(const char *name);	/* -1: unknown */
int vz_theme_default(void);		/* mono when NO_COLOR is set */

/* keys and actions (keys.c) */
void vz_key(struct vz_app *a, int key);
void vz_tick(struct vz_app *a);		/* autoplay: one step */
void vz_goto(struct vz_app *a, int pos);
int vz_mouse(struct vz_app *a, int y, int x, int wheel);	/* wheel: -1 up, 1 down, 0 click */
void vz_help_lines(const char ***lines, int *n);
/* Run a scenario into the app's recording (the menu); 0 or an error. */
int vz_load_scenario(struct vz_app *a, const char *name);

/* source files (panel_source.c) */
const struct vz_srcfile *vz_source(struct vz_app *a, const char *path);
void vz_find_srcroot(struct vz_app *a, const char *argv0);

/* panes that others use */
int vz_seq_render_text(struct vz_app *a, FILE *f, int width);	/* export */
/* The ISN of the stream a sequence number belongs to (0: unknown). */
int vz_isn(const struct vz_rec *r, uint32_t saddr, unsigned int sport,
	   uint32_t daddr, unsigned int dport, uint32_t *isn);
const char *vz_flags_name(unsigned int flags, char *buf, size_t len);
/* The main TCP sock of a host at the cursor, or -1 */
int vz_main_sock(const struct vz_rec *r, int host);

/* headless rendering (headless.c) */
struct vz_headless {
	int		rows, cols;
	const char	*term;		/* default "xterm-256color" */
	const char	*keys;		/* the key script */
	FILE		*dump;		/* screens go here */
	int		attrs;		/* dump attributes too */
};
int vz_run_headless(struct vz_app *a, const struct vz_headless *h);
/* 0 if every <name> in a key script is known; else -1, err says which. */
int vz_keys_check(const char *keys, char *err, size_t errlen);
/* 0 if $TERM can address the cursor; else -1, err says why. */
int vz_term_check(char *err, size_t errlen);
/* make bench: frame time at 200x60, bytes per step (bench.c). */
int vz_bench(struct vz_app *a, FILE *out);
/* The interactive loop on the real terminal. */
int vz_run_tty(struct vz_app *a);

#endif
