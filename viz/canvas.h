/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: the canvas — a grid of cells (a character and a style)
 * that panes draw into. It knows nothing of panes, themes or ncurses: the
 * screen manager copies it to ncurses, the sequence export writes it as
 * text, the headless mode reads back what ncurses holds.
 */
#ifndef _VZ_CANVAS_H
#define _VZ_CANVAS_H

#include <stdio.h>
#include <wchar.h>

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

#endif
