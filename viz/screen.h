/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: the screen manager (screen.c), like htop's ScreenManager.
 * It lays the panes out from the terminal size, draws the bars, the
 * frames (each pane's contents through the pane table) and the overlays
 * into the canvas, and copies the canvas to ncurses in runs of one style.
 *
 * The visualizer's parts, from the bottom up; each includes only what is
 * below it (scripts/viz-deps.sh checks that no file reaches back up):
 *
 *   vzutil.h   allocation          record.h   the recording, navigation
 *   canvas.h   cells               theme.h    styles and themes
 *   pane.h     pane handlers       app.h      the shared state (app.c)
 *   describe.h the step in words   panel_*.c  one file per view
 *   keymap.h   keys -> actions     screen.h   this: layout and drawing
 *   keys.h     the key handler     headless.h headless and tty loops
 *
 * Code outside viz/ (the commands, the tests) includes this header for
 * all of them.
 */
#ifndef _VZ_SCREEN_H
#define _VZ_SCREEN_H

#include <stdio.h>
#include "app.h"
#include "canvas.h"
#include "headless.h"
#include "keymap.h"
#include "keys.h"
#include "pane.h"
#include "theme.h"

/* Lay out for rows x cols (also after a resize). */
void vz_layout(struct vz_app *a, int rows, int cols);
/* Draw everything into the canvas, then into ncurses' stdscr. */
void vz_render(struct vz_app *a);
void vz_draw(struct vz_app *a);		/* canvas only */
void vz_blit(struct vz_app *a);		/* canvas -> stdscr */
void vz_blit_all(struct vz_app *a);	/* next blit: every row */
/* The app's theme into its attributes (after initscr/newterm). */
void vz_theme_apply(struct vz_app *a);

/* make bench: frame time at 200x60, bytes per step (bench.c). */
int vz_bench(struct vz_app *a, FILE *out);

#endif
