// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: capturing a live run — the trace consumer that turns
 * each event into the recording's tables, and running a scenario with it
 * attached (then record_build.c derives the rest). See record.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <kmapi/km.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include <kmapi/sim.h>
#include "record.h"
#include "../scenarios/scenario.h"
#include "vzutil.h"

static int host_index(struct vz_rec *r, int id, const char *name)
{
	int i;

	if (id < 0)
		return -1;
	for (i = 0; i < r->nhosts; i++)
		if (r->hosts[i].id == id)
			return i;
	if (r->nhosts == VZ_MAX_HOSTS)
		return VZ_MAX_HOSTS - 1;
	r->hosts[r->nhosts].id = id;
	r->hosts[r->nhosts].name = vz_intern(r, name && *name ? name : "?");
	return r->nhosts++;
}

static unsigned int ptr_hash(const void *p)
{
	unsigned long long v = (unsigned long long)(unsigned long)p;

	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	v ^= v >> 33;
	return (unsigned int)v;
}

static void site_rehash(struct vz_rec *r)
{
	unsigned int i, ncap = r->site_hcap ? r->site_hcap * 2 : 512;

	free(r->site_hash);
	r->site_hash = vz_xcalloc(ncap, sizeof(*r->site_hash));
	r->site_hcap = ncap;
	for (i = 0; i < (unsigned int)r->nsites; i++) {
		unsigned int h;

		if (!r->site_keys[i])
			continue;
		h = ptr_hash(r->site_keys[i]) & (ncap - 1);
		while (r->site_hash[h])
			h = (h + 1) & (ncap - 1);
		r->site_hash[h] = i + 1;
	}
}

/* Sites are static in the mirror: one entry per distinct pointer. */
static int site_index(struct vz_rec *r, const struct km_site *site)
{
	unsigned int h;
	int i;

	if (!site)
		return -1;
	if ((unsigned int)(r->nsites + 1) * 2 >= r->site_hcap)
		site_rehash(r);
	h = ptr_hash(site) & (r->site_hcap - 1);
	while (r->site_hash[h]) {
		if (r->site_keys[r->site_hash[h] - 1] == site)
			return (int)r->site_hash[h] - 1;
		h = (h + 1) & (r->site_hcap - 1);
	}
	i = vz_rec_add_site(r, site->func, site->file, site->line,
			    site->linux_ref, site->text);
	r->site_keys[i] = site;
	r->site_hash[h] = (unsigned int)i + 1;
	return i;
}

static unsigned int store_stack(struct vz_rec *r, const struct km_site *const *st,
				int depth)
{
	int idx[64], i;

	if (depth > 64)
		depth = 64;
	for (i = 0; i < depth; i++)
		idx[i] = site_index(r, st[i]);
	if (depth == r->last_stack_depth &&
	    (!depth || !memcmp(r->stack + r->last_stack_off, idx, depth * sizeof(int))))
		return (unsigned int)r->last_stack_off;
	if (r->nstack + depth > r->capstack) {
		r->capstack = (r->nstack + depth) * 2 + 1024;
		r->stack = vz_xrealloc(r->stack, r->capstack * sizeof(int));
	}
	if (depth)
		memcpy(r->stack + r->nstack, idx, depth * sizeof(int));
	r->last_stack_off = (int)r->nstack;
	r->last_stack_depth = depth;
	r->nstack += depth;
	return (unsigned int)r->last_stack_off;
}

static int *idmap_slot(struct vz_rec *r, int host, int kind, unsigned int id)
{
	unsigned int *cap;

	if (host < 0 || kind <= 0 || kind >= VZ_KINDS || id > 10000000)
		return NULL;
	cap = &r->idcap[host][kind];
	if (id >= *cap) {
		unsigned int ncap = id * 2 + 64, i;

		r->idmap[host][kind] = vz_xrealloc(r->idmap[host][kind],
						   ncap * sizeof(int));
		for (i = *cap; i < ncap; i++)
			r->idmap[host][kind][i] = -1;
		*cap = ncap;
	}
	return &r->idmap[host][kind][id];
}

/* The live object (host, kind, id), created if it was never announced. */
static int obj_lookup(struct vz_rec *r, int host, int kind, unsigned int id,
		      int ev)
{
	int *slot = idmap_slot(r, host, kind, id);

	if (!slot)
		return -1;
	if (*slot < 0 || r->objs[*slot].died != VZ_NEVER)
		*slot = vz_rec_new_obj(r, host, kind, id, *slot < 0 ? -1 : ev);
	return *slot;
}

static int is_str_fmt(int kind, int field)
{
	const struct km_field_info *f = km_field(kind, field);

	return f && (f->fmt == KM_FMT_SYM || f->fmt == KM_FMT_STR);
}

static unsigned long long keep_value(struct vz_rec *r, int kind, int field,
				     unsigned long long v)
{
	if (v && v != KM_VAL_UNINIT && is_str_fmt(kind, field))
		return (unsigned long long)(unsigned long)
			vz_intern(r, (const char *)(unsigned long)v);
	return v;
}

static void record_diff(struct vz_rec *r, int host, int ev, const struct km_diff *d)
{
	struct vz_diff *nd;
	struct vz_obj *o;
	int obj = obj_lookup(r, host, d->obj_kind, d->obj_id, ev);

	if (obj < 0)
		return;
	o = &r->objs[obj];
	if (d->field < 0 || d->field >= o->nvals)
		return;
	if (r->ndiffs == r->capdiffs) {
		r->capdiffs = r->capdiffs ? r->capdiffs * 2 : 1024;
		r->diffs = vz_xrealloc(r->diffs, r->capdiffs * sizeof(*r->diffs));
	}
	nd = &r->diffs[r->ndiffs++];
	memset(nd, 0, sizeof(*nd));
	nd->obj = obj;
	nd->field = (unsigned short)d->field;
	nd->is_new = d->is_new ? 1 : 0;
	nd->oldv = d->is_new ? 0 : keep_value(r, d->obj_kind, d->field, d->oldv);
	nd->newv = keep_value(r, d->obj_kind, d->field, d->newv);
	nd->old_blob = nd->new_blob = -1;
	if (km_field(d->obj_kind, d->field)->fmt == KM_FMT_BLOB) {
		nd->old_blob = o->blob_cur_off;
		nd->old_blob_len = o->blob_cur_len;
		if (d->blob && d->blob_len) {
			nd->new_blob = vz_rec_add_bytes(r, d->blob, d->blob_len);
			nd->new_blob_len = d->blob_len;
		}
		o->blob_cur_off = nd->new_blob;
		o->blob_cur_len = nd->new_blob_len;
	}
	if (!o->seen[d->field]) {
		o->seen[d->field] = 1;
		o->init[d->field] = nd->oldv;
	}
	o->cur[d->field] = nd->newv;
	if (d->obj_kind == KM_OBJ_SKB && host >= 0 && host < VZ_MAX_HOSTS)
		r->host_skb[host] = obj;
}

/* The system call each task is in (for the stack pane's header). */
static const char *task_syscall(struct vz_rec *r, int host, int pid,
				const char *set, int clear)
{
	int i;

	for (i = 0; i < r->ntasks; i++)
		if (r->tasks[i].host == host && r->tasks[i].pid == pid)
			break;
	if (i == r->ntasks) {
		if (!set)
			return NULL;
		r->tasks = vz_xrealloc(r->tasks, (r->ntasks + 1) * sizeof(*r->tasks));
		r->tasks[i].host = host;
		r->tasks[i].pid = pid;
		r->tasks[i].sys = NULL;
		r->ntasks++;
	}
	if (set)
		r->tasks[i].sys = set;
	if (clear)
		r->tasks[i].sys = NULL;
	return r->tasks[i].sys;
}

void vz_rec_event(void *ctx, const struct km_event *ev)
{
	struct vz_rec *r = ctx;
	struct vz_ev *e;
	int i, idx;

	if (r->nevs >= VZ_MAX_EVENTS) {
		r->truncated = 1;
		return;
	}
	if (r->nevs == r->capevs) {
		r->capevs = r->capevs ? r->capevs * 2 : 4096;
		r->evs = vz_xrealloc(r->evs, r->capevs * sizeof(*r->evs));
	}
	idx = r->nevs;
	e = &r->evs[r->nevs++];
	memset(e, 0, sizeof(*e));
	e->seq = ev->seq;
	e->time_ns = ev->time_ns;
	e->host = host_index(r, ev->host_id, ev->host);
	e->ctx = ev->ctx;
	e->pid = ev->pid;
	e->comm = vz_intern(r, ev->comm ? ev->comm : "");
	e->depth = ev->depth;
	e->type = ev->type;
	e->site = site_index(r, ev->site);
	e->ret = ev->ret;
	e->has_ret = ev->has_ret;
	e->ret_kind = ev->ret_kind;
	e->ret_obj_kind = ev->ret_obj_kind;
	e->ret_obj_id = ev->ret_obj_id;
	e->dir = ev->dir;
	e->skb_id = ev->skb_id;
	e->sched_what = ev->sched_what;
	e->sched_arg = ev->sched_arg;
	e->note = vz_intern(r, ev->note);
	e->dev = vz_intern(r, ev->dev);
	e->obj = -1;
	e->pkt = -1;
	e->stack_depth = ev->stack_depth > 64 ? 64 : ev->stack_depth;
	e->stack_off = store_stack(r, ev->stack, e->stack_depth);

	e->diff_off = r->ndiffs;
	for (i = 0; i < ev->ndiffs; i++)
		record_diff(r, e->host, idx, &ev->diffs[i]);
	e = &r->evs[idx];
	e->ndiffs = r->ndiffs - e->diff_off;

	switch (ev->type) {
	case KM_EV_OBJ_NEW:
		if (e->host >= 0 && ev->obj_kind > 0 && ev->obj_kind < VZ_KINDS) {
			int *slot = idmap_slot(r, e->host, ev->obj_kind, ev->obj_id);

			if (slot) {
				*slot = vz_rec_new_obj(r, e->host, ev->obj_kind,
						       ev->obj_id, idx);
				e->obj = *slot;
			}
		}
		break;
	case KM_EV_OBJ_FREE: {
		int *slot = idmap_slot(r, e->host, ev->obj_kind, ev->obj_id);

		if (slot && *slot >= 0 && r->objs[*slot].died == VZ_NEVER) {
			r->objs[*slot].died = idx;
			e->obj = *slot;
		}
		break;
	}
	case KM_EV_PACKET:
		e->pkt_off = (unsigned int)vz_rec_add_bytes(r, ev->pkt, ev->pkt_len);
		e->pkt_len = ev->pkt_len;
		if (e->host >= 0) {
			int *slot = idmap_slot(r, e->host, KM_OBJ_SKB, ev->skb_id);

			if (slot && *slot >= 0)
				r->host_skb[e->host] = *slot;
		}
		break;
	case KM_EV_SCHED:
		if (ev->sched_what == KM_SCHED_SYSCALL_ENTER)
			task_syscall(r, e->host, e->pid, e->note, 0);
		break;
	}
	if (e->host >= 0 && e->host < VZ_MAX_HOSTS)
		e->skb_obj = r->host_skb[e->host];
	else
		e->skb_obj = -1;
	if (e->ctx == KM_CTX_PROCESS && e->host >= 0)
		e->sys = task_syscall(r, e->host, e->pid, NULL, 0);
	if (ev->type == KM_EV_SCHED && ev->sched_what == KM_SCHED_SYSCALL_EXIT)
		task_syscall(r, e->host, e->pid, NULL, 1);
}

/* ---- running a scenario ---- */

int vz_rec_scenario(struct vz_rec *r, const struct km_scenario *s,
		    const struct km_cli_opts *o, FILE *msgs)
{
	struct km_scn c;
	int status, sub, i, saved = -1;

	vz_rec_init(r);
	r->scenario = vz_intern(r, s->name);
	r->peer = vz_intern(r, o->peer);
	r->seed = o->seed;
	if (msgs) {
		/* The scenario layer reports problems on stderr; while the
		 * screen is up, catch them instead. */
		fflush(stderr);
		saved = dup(2);
		if (saved >= 0)
			dup2(fileno(msgs), 2);
	}
	status = km_scenario_setup(&c, s, o);
	sub = status ? -1 : km_trace_subscribe(c.w, vz_rec_event, r);
	if (!status && sub < 0) {
		/* Tracing cannot be enabled (the reason is on stderr):
		 * fail rather than show an empty recording. */
		status = 1;
	} else if (!status) {
		status = s->run(&c);
		km_trace_unsubscribe(c.w, sub);
		for (i = 0; i < c.nresults && i < 16; i++)
			snprintf(r->results[i], sizeof(r->results[i]), "%s", c.results[i]);
		r->nresults = c.nresults < 16 ? c.nresults : 16;
		r->status = status;
		status = 0;
	}
	km_scenario_teardown(&c);
	if (saved >= 0) {
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
	}
	vz_rec_finish(r);
	return status;
}
