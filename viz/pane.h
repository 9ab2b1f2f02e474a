/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: panes — one file per view (panel_*.c), in the manner of
 * htop's Panel and tig's views. Each pane is a set of handlers (struct
 * vz_pane_ops); the screen manager keeps the table of them (one entry per
 * pane id) and both drawing and keys go through that table.
 */
#ifndef _VZ_PANE_H
#define _VZ_PANE_H

#include "canvas.h"

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

/* The handlers of a pane id: the screen manager's table (screen.c). */
const struct vz_pane_ops *vz_pane_ops_of(int id);

#endif
