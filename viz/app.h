/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: the application's state — the recording, the canvas, the
 * panes, overlays, breakpoints, messages — and the small operations on it
 * that every part may call (app.c). It calls nothing above it: the screen
 * manager (screen.c), the key handler (keys.c) and the panes use it.
 */
#ifndef _VZ_APP_H
#define _VZ_APP_H

#include <stdarg.h>
#include <stdio.h>
#include "canvas.h"
#include "cli.h"
#include "pane.h"
#include "record.h"
#include "theme.h"

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

/* app life (app.c) */
void vz_app_init(struct vz_app *a);
void vz_app_free(struct vz_app *a);
void vz_message(struct vz_app *a, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The pane at a screen position, or -1. */
int vz_pane_at(const struct vz_app *a, int y, int x);
/* Scroll a pane by n lines (mouse wheel, arrows). */
void vz_pane_scroll(struct vz_app *a, int pane, int n);
/* The event at the cursor, or NULL. */
const struct vz_ev *vz_cur_ev(const struct vz_app *a);

/* what panes offer each other and the rest */
/* The host the structures pane shows (panel_struct.c). */
int vz_struct_host(const struct vz_app *a, const struct vz_pane *p);
/* Source files (panel_source.c). */
const struct vz_srcfile *vz_source(struct vz_app *a, const char *path);
void vz_find_srcroot(struct vz_app *a, const char *argv0);
/* The sequence diagram as text: export (panel_seq.c). */
int vz_seq_render_text(struct vz_app *a, FILE *f, int width);
/* The ISN of the stream a sequence number belongs to (0: unknown). */
int vz_isn(const struct vz_rec *r, uint32_t saddr, unsigned int sport,
	   uint32_t daddr, unsigned int dport, uint32_t *isn);
const char *vz_flags_name(unsigned int flags, char *buf, size_t len);
/* The main TCP sock of a host at the cursor, or -1 (panel_state.c). */
int vz_main_sock(const struct vz_rec *r, int host);

#endif
