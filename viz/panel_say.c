// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the presentation layout's sentence pane — what the kernel
 * does at the cursor, large and alone.
 */
#include <stdio.h>
#include <string.h>
#include <kmapi/trace.h>
#include <kmapi/decode.h>
#include <kmapi/fields.h>
#include "app.h"
#include "describe.h"

static void say_draw(struct vz_app *a, struct vz_pane *p, struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_ev *e = vz_cur_ev(a);
	const struct vz_site *s = vz_code_site(r, e);
	char sentence[600], wrapped[6][256];
	int n, i, y = in.y;

	snprintf(p->title, sizeof(p->title), "What the kernel does");
	vz_describe(a, e, sentence, sizeof(sentence));
	if (e && e->host >= 0)
		vz_cv_printf(&a->cv, y++, in.x + 1, in.w - 2, VZ_ST_GROUP, "%s · %s%s%s",
			     vz_host_name(r, e->host), km_ctx_name(e->ctx),
			     s ? " · " : "", s ? s->func : "");
	n = vz_wrap(sentence, in.w - 2, wrapped, in.h - 2 > 0 ? in.h - 2 : 1);
	for (i = 0; i < n && y < in.y + in.h; i++)
		vz_cv_put(&a->cv, y++, in.x + 1, in.w - 2, VZ_ST_SENTENCE, wrapped[i]);
	if (s && y < in.y + in.h)
		vz_cv_printf(&a->cv, in.y + in.h - 1, in.x + 1, in.w - 2, VZ_ST_DIM,
			     "Linux 5.0.1 %s  ·  kmirror %s:%d", s->linux_ref, s->file,
			     s->line);
}

const struct vz_pane_ops vz_pane_say_ops = {
	.name = "Sentence",
	.draw = say_draw,
};
