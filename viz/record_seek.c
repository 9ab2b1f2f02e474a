// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the cursor — moving through the recording by applying
 * the field changes of the events passed over, or undoing them going
 * back, and marking what the last move changed. See record.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kmapi/km.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include "record.h"
#include "vzutil.h"

/* ---- the cursor ---- */

static void mark(struct vz_rec *r, int obj, int field)
{
	struct vz_obj *o = &r->objs[obj];

	if (!o->mark[field]) {
		o->mark[field] = 1;
		o->prev[field] = o->cur[field];
	}
	if (!o->in_marked) {
		if (r->nmarked == r->capmarked) {
			r->capmarked = r->capmarked ? r->capmarked * 2 : 64;
			r->marked = vz_xrealloc(r->marked, r->capmarked * sizeof(int));
		}
		r->marked[r->nmarked++] = obj;
		o->in_marked = 1;
		o->blob_prev_off = o->blob_cur_off;
		o->blob_prev_len = o->blob_cur_len;
	}
}

static void apply(struct vz_rec *r, const struct vz_ev *e, int forward)
{
	unsigned int k;

	for (k = 0; k < e->ndiffs; k++) {
		const struct vz_diff *d =
			&r->diffs[forward ? e->diff_off + k : e->diff_off + e->ndiffs - 1 - k];
		struct vz_obj *o = &r->objs[d->obj];

		mark(r, d->obj, d->field);
		o->cur[d->field] = forward ? d->newv : d->oldv;
		if (d->new_blob >= 0 || d->old_blob >= 0 ||
		    km_field(o->kind, d->field)->fmt == KM_FMT_BLOB) {
			o->blob_cur_off = forward ? d->new_blob : d->old_blob;
			o->blob_cur_len = forward ? d->new_blob_len : d->old_blob_len;
		}
	}
}

void vz_rec_seek(struct vz_rec *r, int pos)
{
	int i, f;

	if (pos < -1)
		pos = -1;
	if (pos >= r->nevs)
		pos = r->nevs - 1;
	for (i = 0; i < r->nmarked; i++) {
		struct vz_obj *o = &r->objs[r->marked[i]];

		memset(o->mark, 0, o->nvals);
		o->in_marked = 0;
	}
	r->nmarked = 0;
	r->prev_pos = r->pos;
	while (r->pos < pos)
		apply(r, &r->evs[++r->pos], 1);
	while (r->pos > pos)
		apply(r, &r->evs[r->pos--], 0);
	/* A field that came back to where it was did not change. */
	for (i = 0; i < r->nmarked; i++) {
		struct vz_obj *o = &r->objs[r->marked[i]];

		for (f = 0; f < o->nvals; f++)
			if (o->mark[f] && o->cur[f] == o->prev[f] &&
			    km_field(o->kind, f)->fmt != KM_FMT_BLOB)
				o->mark[f] = 0;
	}
}
