// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: recording a scenario's events and moving through them.
 * See record.h. The file format and pcap export are in record_file.c.
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

/* ---- strings ---- */

static unsigned int str_hash(const char *s)
{
	unsigned int h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void strtab_rehash(struct vz_strtab *t)
{
	unsigned int i, ncap = t->hcap ? t->hcap * 2 : 256;

	free(t->hash);
	t->hash = vz_xcalloc(ncap, sizeof(*t->hash));
	t->hcap = ncap;
	for (i = 0; i < t->n; i++) {
		unsigned int h = str_hash(t->s[i]) & (ncap - 1);

		while (t->hash[h])
			h = (h + 1) & (ncap - 1);
		t->hash[h] = i + 1;
	}
}

/* Index of s in the table, adding it if needed. */
unsigned int vz_strtab_add(struct vz_strtab *t, const char *s)
{
	unsigned int h;

	if ((t->n + 1) * 2 >= t->hcap)
		strtab_rehash(t);
	h = str_hash(s) & (t->hcap - 1);
	while (t->hash[h]) {
		if (!strcmp(t->s[t->hash[h] - 1], s))
			return t->hash[h] - 1;
		h = (h + 1) & (t->hcap - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->s = vz_xrealloc(t->s, t->cap * sizeof(*t->s));
	}
	t->s[t->n] = vz_xstrdup(s);
	t->hash[h] = ++t->n;
	return t->n - 1;
}

const char *vz_intern(struct vz_rec *r, const char *s)
{
	unsigned int i;

	if (!s)
		return NULL;
	i = vz_strtab_add(&r->strs, s);	/* may move the table */
	return r->strs.s[i];
}

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

/* ---- recording ---- */

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

/* ---- derived data ---- */

static void build_kinds(struct vz_rec *r)
{
	int k, i;

	for (k = 1; k < VZ_KINDS; k++) {
		struct vz_kind *kd = &r->kinds[k];
		int n = km_fields_count(k);

		kd->ngroups = 0;
		kd->state_field = km_field_find(k, "skc_state");
		if (k == KM_OBJ_SOCKET)
			kd->state_field = km_field_find(k, "state");
		for (i = 0; i < n; i++) {
			const char *g = km_field(k, i)->group;
			struct vz_group *gr = kd->ngroups ?
				&kd->groups[kd->ngroups - 1] : NULL;

			if (gr && !strcmp(gr->name, g)) {
				gr->count++;
				continue;
			}
			if (kd->ngroups == VZ_MAX_GROUPS) {
				kd->groups[VZ_MAX_GROUPS - 1].count++;
				continue;
			}
			gr = &kd->groups[kd->ngroups++];
			gr->name = g;
			gr->first = i;
			gr->count = 1;
		}
	}
}

static void build_transitions(struct vz_rec *r)
{
	int i, cap = 0;

	r->ntrans = 0;
	for (i = 0; i < r->nevs; i++) {
		const struct vz_ev *e = &r->evs[i];
		unsigned int d;

		for (d = e->diff_off; d < e->diff_off + e->ndiffs; d++) {
			const struct vz_diff *df = &r->diffs[d];
			const struct vz_obj *o = &r->objs[df->obj];
			struct vz_trans *t;

			if (df->field != r->kinds[o->kind].state_field)
				continue;
			if (df->newv == df->oldv || df->newv == KM_VAL_UNINIT)
				continue;
			if (r->ntrans == cap) {
				cap = cap ? cap * 2 : 64;
				r->trans = vz_xrealloc(r->trans, cap * sizeof(*r->trans));
			}
			t = &r->trans[r->ntrans++];
			t->ev = i;
			t->obj = df->obj;
			t->is_socket = o->kind == KM_OBJ_SOCKET;
			t->oldv = df->oldv;
			t->newv = df->newv;
		}
	}
}

static int lane_of(struct vz_rec *r, uint32_t addr)
{
	int i;

	for (i = 0; i < r->nlanes; i++)
		if (r->lanes[i].addr == addr)
			return i;
	if (r->nlanes == VZ_MAX_LANES)
		return VZ_MAX_LANES - 1;
	r->lanes[r->nlanes].addr = addr;
	r->lanes[r->nlanes].host = -1;
	r->lanes[r->nlanes].label = NULL;
	return r->nlanes++;
}

/* Same packet, as far as pairing a send with an arrival goes. */
static int same_packet(const struct km_seg *a, const struct vz_pkt *b)
{
	return a->saddr == b->saddr && a->daddr == b->daddr &&
	       a->protocol == b->proto && a->ip_id == b->ip_id &&
	       a->sport == b->sport && a->dport == b->dport &&
	       a->seq == b->seq && a->flags == b->flags;
}

static struct vz_pkt *new_pkt(struct vz_rec *r, int *cap, int ev,
			      const struct km_seg *s)
{
	const struct vz_ev *e = &r->evs[ev];
	struct vz_pkt *p;

	if (r->npkts == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		r->pkts = vz_xrealloc(r->pkts, *cap * sizeof(*r->pkts));
	}
	p = &r->pkts[r->npkts++];
	memset(p, 0, sizeof(*p));
	p->ev_tx = e->dir ? -1 : ev;
	p->ev_rx = e->dir ? ev : -1;
	p->from = lane_of(r, s->saddr);
	p->to = lane_of(r, s->daddr);
	p->off = e->pkt_off;
	p->len = e->pkt_len;
	p->saddr = s->saddr;
	p->daddr = s->daddr;
	p->seq = s->seq;
	p->ack = s->ack;
	p->sport = s->sport;
	p->dport = s->dport;
	p->win = s->window;
	p->ip_id = s->ip_id;
	p->flags = s->flags;
	p->proto = s->protocol;
	return p;
}

/* Could the send q be what event e (an arrival) received? */
static int may_carry(const struct vz_rec *r, const struct vz_pkt *q, int ev,
		     const struct km_seg *s)
{
	const struct vz_ev *e = &r->evs[ev], *tx;

	if (q->ev_tx < 0 || q->ev_tx > ev)
		return 0;
	tx = &r->evs[q->ev_tx];
	if (tx->host == e->host && !(tx->dev && !strcmp(tx->dev, "lo")))
		return 0;
	return same_packet(s, q);
}

static int first_sighting(const struct vz_pkt *p)
{
	return p->ev_tx >= 0 ? p->ev_tx : p->ev_rx;
}

static int cmp_pkt(const void *a, const void *b)
{
	return first_sighting(a) - first_sighting(b);
}

/*
 * The packets of the sequence diagram: every send, paired with its
 * arrival on the other host. The link's delay is learnt from the pairs
 * (virtual time is exact), so that among identical packets (a SYN-ACK
 * sent twice) the arrival goes to the send it fits in time.
 */
/* The line of a packetdrill note ("x.pkt:12 injects: ..."), or 0. */
static int note_line(const char *note, const char *what)
{
	const char *p = note ? strstr(note, ".pkt:") : NULL;
	char *end;
	long n;

	if (!p)
		return 0;
	n = strtol(p + 5, &end, 10);
	return n > 0 && n < 1000000 && !strncmp(end, what, strlen(what)) ? (int)n : 0;
}

/* A packetdrill script (scenarios/packetdrill) leaves a note for each
 * packet it injects or expects, in the order it handles them; the n-th
 * packet from the script's lane goes with the n-th "injects" note, the
 * n-th one to it with the n-th "expects" note. */
static void script_lines(struct vz_rec *r)
{
	int i, ni = 0, no = 0;

	for (i = 0; i < r->npkts; i++)
		r->pkts[i].script_line = 0;
	for (i = 0; i < r->npkts; i++) {
		struct vz_pkt *p = &r->pkts[i];
		int from_script = r->lanes[p->from].host < 0, line = 0;

		if (!from_script && r->lanes[p->to].host >= 0)
			continue;
		/* the next note of the right kind */
		for (; from_script ? ni < r->nevs : no < r->nevs; from_script ? ni++ : no++) {
			const struct vz_ev *e = &r->evs[from_script ? ni : no];

			if (e->type == KM_EV_NOTE &&
			    (line = note_line(e->note, from_script ? " injects: " : " expects: ")))
				break;
		}
		if (!line)
			continue;
		if (from_script)
			ni++;
		else
			no++;
		p->script_line = line;
	}
}

static void build_packets(struct vz_rec *r)
{
	int i, j, cap = 0, k;
	long long d = -1, end;

	r->npkts = 0;
	r->nlanes = 0;
	/* sends, and the lanes as they appear */
	for (i = 0; i < r->nevs; i++) {
		struct vz_ev *e = &r->evs[i];
		struct km_seg s;
		int lane;

		e->pkt = -1;
		if (e->type != KM_EV_PACKET ||
		    km_seg_parse(r->bytes + e->pkt_off, e->pkt_len, &s) < 0)
			continue;
		lane = lane_of(r, e->dir ? s.daddr : s.saddr);
		lane_of(r, e->dir ? s.saddr : s.daddr);
		if (e->host >= 0 && r->lanes[lane].host < 0) {
			r->lanes[lane].host = e->host;
			r->lanes[lane].label = r->hosts[e->host].name;
		}
		if (!e->dir)
			new_pkt(r, &cap, i, &s);
	}
	/* the link's delay: from arrivals only one send can explain (the
	 * shortest), else from any match */
	for (k = 0; k < 2 && d < 0; k++)
		for (i = 0; i < r->nevs; i++) {
			const struct vz_ev *e = &r->evs[i];
			struct km_seg s;
			long long dt = -1;
			int ncand = 0;

			if (e->type != KM_EV_PACKET || !e->dir ||
			    km_seg_parse(r->bytes + e->pkt_off, e->pkt_len, &s) < 0)
				continue;
			for (j = 0; j < r->npkts; j++)
				if (may_carry(r, &r->pkts[j], i, &s)) {
					long long t = e->time_ns -
						      r->evs[r->pkts[j].ev_tx].time_ns;

					ncand++;
					if (t >= 0 && (dt < 0 || t < dt))
						dt = t;
				}
			if ((k == 1 || ncand == 1) && dt >= 0 && (d < 0 || dt < d))
				d = dt;
		}
	r->link_delay = d;
	/* arrivals: the send that fits the delay, else the oldest in flight */
	for (i = 0; i < r->nevs; i++) {
		const struct vz_ev *e = &r->evs[i];
		struct vz_pkt *p = NULL;
		struct km_seg s;
		int n = r->npkts;

		if (e->type != KM_EV_PACKET || !e->dir ||
		    km_seg_parse(r->bytes + e->pkt_off, e->pkt_len, &s) < 0)
			continue;
		for (j = 0; j < n; j++) {
			struct vz_pkt *q = &r->pkts[j];

			if (q->ev_rx >= 0 || !may_carry(r, q, i, &s))
				continue;
			if (e->time_ns - r->evs[q->ev_tx].time_ns == d) {
				p = q;
				break;
			}
			if (!p)
				p = q;
		}
		if (p) {
			p->ev_rx = i;
			continue;
		}
		/* an arrival nobody recorded sending: a scripted peer's, or a
		 * second copy (duplicate) of a packet already delivered */
		p = new_pkt(r, &cap, i, &s);
		for (j = 0; j < n; j++)
			if (r->pkts[j].ev_tx >= 0 && r->pkts[j].ev_rx >= 0 &&
			    same_packet(&s, &r->pkts[j]))
				p->extra = 1;
	}
	if (r->npkts > 1)	/* qsort() wants a real array, even for none */
		qsort(r->pkts, (size_t)r->npkts, sizeof(*r->pkts), cmp_pkt);
	for (i = 0; i < r->npkts; i++) {
		if (r->pkts[i].ev_tx >= 0)
			r->evs[r->pkts[i].ev_tx].pkt = i;
		if (r->pkts[i].ev_rx >= 0)
			r->evs[r->pkts[i].ev_rx].pkt = i;
	}
	/* a lane no host spoke on: the one recorded host left over */
	for (i = 0; i < r->nlanes; i++) {
		int spare = -1, count = 0, h;

		if (r->lanes[i].host >= 0)
			continue;
		for (h = 0; h < r->nhosts; h++) {
			for (k = 0; k < r->nlanes && r->lanes[k].host != h; k++)
				;
			if (k == r->nlanes) {
				spare = h;
				count++;
			}
		}
		if (count == 1) {
			r->lanes[i].host = spare;
			r->lanes[i].label = r->hosts[spare].name;
		} else {
			r->lanes[i].label = vz_intern(r, r->peer && !strcmp(r->peer, "linux") ?
						      "linux" : "peer");
		}
	}
	/* Sent to a host we recorded, never arrived though the recording
	 * went on long enough: lost on the way. */
	end = r->nevs ? r->evs[r->nevs - 1].time_ns : 0;
	for (i = 0; i < r->npkts; i++) {
		struct vz_pkt *p = &r->pkts[i];

		if (p->ev_tx >= 0 && p->ev_rx < 0 && r->lanes[p->to].host >= 0 &&
		    r->lanes[p->to].host != r->evs[p->ev_tx].host &&
		    end > r->evs[p->ev_tx].time_ns + (d > 0 ? d : 0))
			p->lost = 1;
	}
	script_lines(r);
}

void vz_rec_finish(struct vz_rec *r)
{
	int i;

	/* Events point into bytes[] by offset even when there are none (a
	 * packet of length 0): r->bytes + 0 must be a real pointer. */
	if (!r->bytes) {
		r->bytes = vz_xcalloc(1, 1);
		r->capbytes = 1;
	}

	build_kinds(r);
	build_transitions(r);
	build_packets(r);
	r->nsteps = 0;
	r->nsched = 0;
	free(r->sched);
	r->sched = vz_xcalloc((size_t)r->nevs + 1, sizeof(int));
	for (i = 0; i < r->nevs; i++) {
		if (r->evs[i].type == KM_EV_STEP)
			r->nsteps++;
		if (r->evs[i].type == KM_EV_SCHED)
			r->sched[r->nsched++] = i;
		r->evs[i].stepno = r->nsteps;
	}
	for (i = 0; i < r->nobjs; i++) {
		struct vz_obj *o = &r->objs[i];

		memcpy(o->cur, o->init, o->nvals * sizeof(*o->cur));
		memcpy(o->prev, o->init, o->nvals * sizeof(*o->prev));
		memset(o->mark, 0, o->nvals);
		o->blob_cur_off = o->blob_prev_off = o->blob_init_off;
		o->blob_cur_len = o->blob_prev_len = o->blob_init_len;
		o->in_marked = 0;
	}
	r->nmarked = 0;
	r->pos = -1;
	r->prev_pos = -1;
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
