// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the application's state (app.h) and what every part may
 * do to it: messages, the event at the cursor, scrolling a pane. It calls
 * nothing above it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "vzutil.h"

const int vz_speeds_ms[] = { 2000, 1000, 500, 250, 125, 60, 30 };

int vz_nspeeds(void)
{
	return (int)VZ_ARRAY_SIZE(vz_speeds_ms);
}

void vz_app_init(struct vz_app *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->rec.pos = -1;	/* vz_rec_scenario() or vz_rec_load() fill it */
	a->theme = vz_theme_default();
	a->speed = 2;
	a->rel_seq = 1;
	for (i = 0; i < VZ_P__COUNT; i++) {
		a->panes[i].host = -1;
		a->panes[i].follow = 1;
	}
	a->focus = VZ_P_SOURCE;
}

void vz_app_free(struct vz_app *a)
{
	int i;

	vz_rec_free(&a->rec);
	vz_cv_free(&a->cv);
	vz_cv_free(&a->shadow);
	for (i = 0; i < a->nsrc; i++) {
		free(a->src[i].path);
		free(a->src[i].text);
		free(a->src[i].lines);
	}
	free(a->src);
	free(a->items);
	a->src = NULL;
	a->nsrc = 0;
}

void vz_message(struct vz_app *a, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

const struct vz_ev *vz_cur_ev(const struct vz_app *a)
{
	const struct vz_rec *r = &a->rec;

	return r->pos >= 0 && r->pos < r->nevs ? &r->evs[r->pos] : NULL;
}

int vz_pane_at(const struct vz_app *a, int y, int x)
{
	int i;

	for (i = 0; i < VZ_P__COUNT; i++) {
		const struct vz_rect *r = &a->panes[i].r;

		if (r->h && y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w)
			return i;
	}
	return -1;
}

void vz_pane_scroll(struct vz_app *a, int pane, int n)
{
	struct vz_pane *p;
	int max;

	if (pane < 0 || pane >= VZ_P__COUNT)
		return;
	p = &a->panes[pane];
	max = p->nlines - (p->r.h - 2);
	if (max < 0)
		max = 0;
	p->scroll += n;
	if (p->scroll > max)
		p->scroll = max;
	if (p->scroll < 0)
		p->scroll = 0;
	p->follow = 0;
	if (pane == VZ_P_STRUCT || pane == VZ_P_STRUCT2) {
		p->cursor += n;
		if (p->cursor < 0)
			p->cursor = 0;
		if (p->cursor >= p->nlines)
			p->cursor = p->nlines ? p->nlines - 1 : 0;
	}
}
