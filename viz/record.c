// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the recording's tables — its life, adding sites, bytes
 * and objects (capture and loading both do), and the lookups the panes
 * make. See record.h; the other concerns have files of their own:
 *   record_intern.c   strings            record_capture.c  a live run
 *   record_build.c    derived data: transitions, packets rebuilt
 *   record_seek.c     the cursor         record_file.c     the file format
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kmapi/km.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include "record.h"
#include "vzutil.h"

/* ---- life cycle ---- */

void vz_rec_init(struct vz_rec *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->pos = -1;
	r->last_stack_depth = -1;
	for (i = 0; i < VZ_MAX_HOSTS; i++)
		r->host_skb[i] = -1;
	vz_strtab_add(&r->strs, "");	/* index 0: the empty string */
}

static void obj_free(struct vz_obj *o)
{
	free(o->init);
	free(o->cur);
	free(o->prev);
	free(o->mark);
	free(o->seen);
}

void vz_rec_free(struct vz_rec *r)
{
	unsigned int i;
	int k, h;

	for (i = 0; i < r->strs.n; i++)
		free(r->strs.s[i]);
	free(r->strs.s);
	free(r->strs.hash);
	free(r->sites);
	free(r->site_keys);
	free(r->site_hash);
	for (k = 0; k < r->nobjs; k++)
		obj_free(&r->objs[k]);
	free(r->objs);
	free(r->evs);
	free(r->diffs);
	free(r->stack);
	free(r->bytes);
	free(r->trans);
	free(r->pkts);
	free(r->marked);
	free(r->sched);
	for (k = 0; k < VZ_KINDS; k++)
		free(r->absent[k]);
	for (h = 0; h < VZ_MAX_HOSTS; h++)
		for (k = 0; k < VZ_KINDS; k++)
			free(r->idmap[h][k]);
	free(r->tasks);
	memset(r, 0, sizeof(*r));
	r->pos = -1;
}

size_t vz_rec_memory(const struct vz_rec *r)
{
	size_t n = sizeof(*r);
	unsigned int i;
	int k;

	for (i = 0; i < r->strs.n; i++)
		n += strlen(r->strs.s[i]) + 1 + sizeof(char *);
	n += r->strs.hcap * sizeof(unsigned int);
	n += (size_t)r->capsites * (sizeof(struct vz_site) + sizeof(void *));
	n += r->site_hcap * sizeof(unsigned int);
	for (k = 0; k < r->nobjs; k++)
		n += sizeof(struct vz_obj) + (size_t)r->objs[k].nvals * (4 * 8 + 2);
	n += (size_t)r->capevs * sizeof(struct vz_ev);
	n += (size_t)r->capdiffs * sizeof(struct vz_diff);
	n += (size_t)r->capstack * sizeof(int);
	n += r->capbytes;
	n += (size_t)r->ntrans * sizeof(struct vz_trans);
	n += (size_t)r->npkts * sizeof(struct vz_pkt);
	return n;
}

int vz_rec_add_site(struct vz_rec *r, const char *func, const char *file,
		    int line, const char *linux_ref, const char *text)
{
	struct vz_site *s;

	if (r->nsites == r->capsites) {
		r->capsites = r->capsites ? r->capsites * 2 : 256;
		r->sites = vz_xrealloc(r->sites, r->capsites * sizeof(*r->sites));
		r->site_keys = vz_xrealloc(r->site_keys,
					   r->capsites * sizeof(*r->site_keys));
	}
	s = &r->sites[r->nsites];
	s->func = vz_intern(r, func ? func : "?");
	s->file = vz_intern(r, file ? file : "");
	s->line = line;
	s->linux_ref = vz_intern(r, linux_ref ? linux_ref : "");
	s->text = vz_intern(r, text ? text : "");
	r->site_keys[r->nsites] = NULL;
	return r->nsites++;
}

long vz_rec_add_bytes(struct vz_rec *r, const void *p, size_t n)
{
	long off;

	if (r->nbytes + n > r->capbytes) {
		r->capbytes = (r->nbytes + n) * 2 + 4096;
		r->bytes = vz_xrealloc(r->bytes, r->capbytes);
	}
	off = (long)r->nbytes;
	if (n)
		memcpy(r->bytes + r->nbytes, p, n);
	r->nbytes += n;
	return off;
}

int vz_rec_new_obj(struct vz_rec *r, int host, int kind, unsigned int id, int born)
{
	struct vz_obj *o;
	int n = km_fields_count(kind);

	if (r->nobjs == r->capobjs) {
		r->capobjs = r->capobjs ? r->capobjs * 2 : 64;
		r->objs = vz_xrealloc(r->objs, r->capobjs * sizeof(*r->objs));
	}
	o = &r->objs[r->nobjs];
	memset(o, 0, sizeof(*o));
	o->host = host;
	o->kind = kind;
	o->id = id;
	o->born = born;
	o->died = VZ_NEVER;
	o->nvals = n;
	o->init = vz_xcalloc(n ? n : 1, sizeof(*o->init));
	o->cur = vz_xcalloc(n ? n : 1, sizeof(*o->cur));
	o->prev = vz_xcalloc(n ? n : 1, sizeof(*o->prev));
	o->mark = vz_xcalloc(n ? n : 1, 1);
	o->seen = vz_xcalloc(n ? n : 1, 1);
	o->blob_init_off = o->blob_cur_off = o->blob_prev_off = -1;
	o->ui_collapsed = VZ_COLLAPSED_DEFAULT;
	return r->nobjs++;
}

int vz_field_present(const struct vz_rec *r, int kind, int field)
{
	if (kind <= 0 || kind >= VZ_KINDS || !r->absent[kind])
		return 1;
	return !r->absent[kind][field];
}

int vz_obj_alive(const struct vz_rec *r, int obj)
{
	const struct vz_obj *o;

	if (obj < 0 || obj >= r->nobjs)
		return 0;
	o = &r->objs[obj];
	return o->born <= r->pos && r->pos < o->died;
}

/* ---- lookups and formatting ---- */

int vz_rec_obj_by_id(const struct vz_rec *r, int host, int kind, unsigned int id)
{
	int i, found = -1;

	for (i = 0; i < r->nobjs; i++) {
		const struct vz_obj *o = &r->objs[i];

		if (o->host == host && o->kind == kind && o->id == id) {
			found = i;
			if (vz_obj_alive(r, i))
				return i;
		}
	}
	return found;
}

/* A pointer field's value names an object ("sock#3"): find it. */
int vz_rec_find_obj(const struct vz_rec *r, int host, int kind,
		    unsigned long long ptrv)
{
	char buf[48], prefix[24];
	unsigned int id;
	int i, best = -1;

	if (!ptrv || ptrv == KM_VAL_UNINIT)
		return -1;
	km_fmt_value(KM_FMT_PTR, ptrv, buf, sizeof(buf));
	if (sscanf(buf, "%23[a-z]#%u", prefix, &id) != 2)
		return -1;
	for (i = 0; i < r->nobjs; i++) {
		const struct vz_obj *o = &r->objs[i];

		if (o->host != host || o->id != id ||
		    strcmp(km_obj_kind_prefix(o->kind), prefix))
			continue;
		if (kind && o->kind != kind)
			continue;
		best = i;
		if (vz_obj_alive(r, i))
			return i;
	}
	return best;
}

const char *vz_fmt_field(const struct vz_rec *r, int kind, int field,
			 unsigned long long v, char *buf, size_t len)
{
	(void)r;
	return km_field_format(kind, field, v, buf, len);
}

const char *vz_obj_name(const struct vz_rec *r, int obj, char *buf, size_t len)
{
	if (obj < 0 || obj >= r->nobjs) {
		snprintf(buf, len, "?");
		return buf;
	}
	snprintf(buf, len, "%s#%u", km_obj_kind_prefix(r->objs[obj].kind),
		 r->objs[obj].id);
	return buf;
}

int vz_field_index(const struct vz_rec *r, int kind, const char *name)
{
	(void)r;
	return km_field_find(kind, name);
}

unsigned long long vz_val(const struct vz_rec *r, int obj, const char *field)
{
	int f;

	if (obj < 0 || obj >= r->nobjs)
		return 0;
	f = km_field_find(r->objs[obj].kind, field);
	return f >= 0 ? r->objs[obj].cur[f] : 0;
}

const struct vz_site *vz_ev_site(const struct vz_rec *r, const struct vz_ev *e)
{
	return e && e->site >= 0 && e->site < r->nsites ? &r->sites[e->site] : NULL;
}

/* Frame i of the event's stack, innermost first. */
const struct vz_site *vz_ev_frame(const struct vz_rec *r, const struct vz_ev *e,
				  int i)
{
	int s;

	if (!e || i < 0 || i >= e->stack_depth)
		return NULL;
	s = r->stack[e->stack_off + e->stack_depth - 1 - i];
	return s >= 0 && s < r->nsites ? &r->sites[s] : NULL;
}

const char *vz_host_name(const struct vz_rec *r, int host)
{
	return host >= 0 && host < r->nhosts ? r->hosts[host].name : "world";
}

/* Hosts in display order: those on the sequence diagram's lanes first
 * (left to right), then the others. */
int vz_host_order(const struct vz_rec *r, int i)
{
	int order[VZ_MAX_HOSTS], n = 0, k, j;

	for (k = 0; k < r->nlanes + r->nhosts; k++) {
		int h = k < r->nlanes ? r->lanes[k].host : k - r->nlanes;

		if (h < 0)
			continue;
		for (j = 0; j < n && order[j] != h; j++)
			;
		if (j == n && n < VZ_MAX_HOSTS)
			order[n++] = h;
	}
	return i >= 0 && i < n ? order[i] : -1;
}
