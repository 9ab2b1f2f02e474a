// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: recordings on disk, and their packets as pcap.
 *
 * The file is a plain little-endian dump of the recording: strings first,
 * then the field names of each traced structure (so a recording made by
 * another build of kmirror still loads: fields are matched by name), the
 * step points, hosts, objects, call stacks, bytes, field changes and
 * events. Loading checks every count and index; a damaged or foreign file
 * is refused with a message, never trusted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include "cli.h"
#include "record.h"
#include "vzutil.h"

#define VZ_MAGIC	"KMVZREC\n"
#define VZ_VERSION	1u
#define VZ_NONE		0xffffffffu
/*
 * What a file may cost: its memory is capped in proportion to its size
 * (recordings take about 3 bytes of memory per byte on disk), so that a
 * small hostile file cannot ask for gigabytes. The largest recording
 * (VZ_MAX_EVENTS) is well under VZ_MAX_FILE.
 */
#define VZ_LOAD_RATIO	16
#define VZ_LOAD_BASE	(4u << 20)
#define VZ_MAX_FILE	(256u << 20)

/* ---- writing ---- */

struct wbuf {
	unsigned char	*p;
	size_t		n, cap;
	const struct vz_rec *r;
};

static void w_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (w->n + n > w->cap) {
		w->cap = (w->n + n) * 2 + 4096;
		w->p = vz_xrealloc(w->p, w->cap);
	}
	if (n)
		memcpy(w->p + w->n, p, n);
	w->n += n;
}

/* Integers are LEB128 varints: most values in a recording are small. */
static void w_u64(struct wbuf *w, unsigned long long v)
{
	unsigned char b[10];
	int n = 0;

	do {
		b[n] = v & 0x7f;
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	w_bytes(w, b, (size_t)n);
}

static void w_u32(struct wbuf *w, unsigned int v)
{
	w_u64(w, v);
}

static void w_u16(struct wbuf *w, unsigned int v)
{
	w_u64(w, v);
}

/* Signed values, zigzag-encoded: -1 takes one byte. */
static void w_s64(struct wbuf *w, long long v)
{
	w_u64(w, ((unsigned long long)v << 1) ^ (unsigned long long)(v >> 63));
}

/* Fixed-width little-endian, for the version word. */
static void w_fix32(struct wbuf *w, unsigned int v)
{
	unsigned char b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	w_bytes(w, b, 4);
}

/* The index of an interned string (they are all in the table). */
static unsigned int str_index(const struct vz_rec *r, const char *s)
{
	const struct vz_strtab *t = &r->strs;
	unsigned int h, k;

	if (!s)
		return VZ_NONE;
	if (!t->hcap)
		return VZ_NONE;
	h = 2166136261u;
	for (k = 0; s[k]; k++)
		h = (h ^ (unsigned char)s[k]) * 16777619u;
	h &= t->hcap - 1;
	while (t->hash[h]) {
		if (!strcmp(t->s[t->hash[h] - 1], s))
			return t->hash[h] - 1;
		h = (h + 1) & (t->hcap - 1);
	}
	return VZ_NONE;
}

static void w_str(struct wbuf *w, const char *s)
{
	w_u32(w, str_index(w->r, s));
}

static int str_field(int kind, int field)
{
	const struct km_field_info *f = km_field(kind, field);

	return f && (f->fmt == KM_FMT_SYM || f->fmt == KM_FMT_STR);
}

/* Values of name fields are interned strings: stored as index + 1. */
static unsigned long long value_out(const struct vz_rec *r, int kind, int field,
				    unsigned long long v)
{
	unsigned int i;

	if (!v || v == KM_VAL_UNINIT || !str_field(kind, field))
		return v;
	i = str_index(r, (const char *)(unsigned long)v);
	return i == VZ_NONE ? 0 : (unsigned long long)i + 1;
}

int vz_rec_save(const struct vz_rec *r, const char *path, char *err, size_t errlen)
{
	struct wbuf w = { .r = r };
	unsigned long long prev_seq = 0;
	long long prev_time = 0;
	unsigned int i;
	int k, f;
	FILE *fp;

	w_bytes(&w, VZ_MAGIC, 8);
	w_fix32(&w, VZ_VERSION);
	w_str(&w, r->scenario);
	w_str(&w, r->peer);
	w_u64(&w, r->seed);
	w_s64(&w, r->status);
	w_u32(&w, (unsigned int)r->truncated);
	w_u32(&w, (unsigned int)r->nresults);
	for (k = 0; k < r->nresults; k++) {
		size_t n = strnlen(r->results[k], sizeof(r->results[k]));

		w_u32(&w, (unsigned int)n);
		w_bytes(&w, r->results[k], n);
	}

	w_u32(&w, r->strs.n);
	for (i = 0; i < r->strs.n; i++) {
		size_t n = strlen(r->strs.s[i]);

		w_u32(&w, (unsigned int)n);
		w_bytes(&w, r->strs.s[i], n);
	}

	w_u32(&w, VZ_KINDS);
	for (k = 0; k < VZ_KINDS; k++) {
		int n = km_fields_count(k);

		w_u32(&w, (unsigned int)n);
		for (f = 0; f < n; f++) {
			size_t len = strlen(km_field(k, f)->name);

			w_u32(&w, (unsigned int)len);
			w_bytes(&w, km_field(k, f)->name, len);
		}
	}

	w_u32(&w, (unsigned int)r->nsites);
	for (k = 0; k < r->nsites; k++) {
		w_str(&w, r->sites[k].func);
		w_str(&w, r->sites[k].file);
		w_str(&w, r->sites[k].linux_ref);
		w_str(&w, r->sites[k].text);
		w_s64(&w, r->sites[k].line);
	}

	w_u32(&w, (unsigned int)r->nhosts);
	for (k = 0; k < r->nhosts; k++) {
		w_s64(&w, r->hosts[k].id);
		w_str(&w, r->hosts[k].name);
	}

	w_u32(&w, (unsigned int)r->nobjs);
	for (k = 0; k < r->nobjs; k++) {
		const struct vz_obj *o = &r->objs[k];

		w_s64(&w, o->host);
		w_u32(&w, (unsigned int)o->kind);
		w_u32(&w, o->id);
		w_s64(&w, o->born);
		w_s64(&w, o->died);
		w_u32(&w, (unsigned int)o->nvals);
		for (f = 0; f < o->nvals; f++)
			w_u64(&w, value_out(r, o->kind, f, o->init[f]));
	}

	w_u32(&w, r->nstack);
	for (i = 0; i < r->nstack; i++)
		w_s64(&w, r->stack[i]);

	w_u64(&w, r->nbytes);
	w_bytes(&w, r->bytes, r->nbytes);

	w_u32(&w, r->ndiffs);
	for (i = 0; i < r->ndiffs; i++) {
		const struct vz_diff *d = &r->diffs[i];
		int kind = r->objs[d->obj].kind;

		w_s64(&w, d->obj);
		w_u16(&w, d->field);
		w_bytes(&w, &d->is_new, 1);
		w_u64(&w, value_out(r, kind, d->field, d->oldv));
		w_u64(&w, value_out(r, kind, d->field, d->newv));
		w_s64(&w, d->old_blob);
		w_u32(&w, d->old_blob_len);
		w_s64(&w, d->new_blob);
		w_u32(&w, d->new_blob_len);
	}

	w_u32(&w, (unsigned int)r->nevs);
	for (k = 0; k < r->nevs; k++) {
		const struct vz_ev *e = &r->evs[k];

		if (k) {
			prev_seq = r->evs[k - 1].seq;
			prev_time = r->evs[k - 1].time_ns;
		}
		w_u64(&w, e->seq - prev_seq);
		w_s64(&w, e->time_ns - prev_time);
		w_s64(&w, e->ret);
		w_s64(&w, e->sched_arg);
		w_str(&w, e->comm);
		w_str(&w, e->note);
		w_str(&w, e->dev);
		w_str(&w, e->sys);
		w_s64(&w, e->site);
		w_u32(&w, e->stack_off);
		w_u32(&w, (unsigned int)e->stack_depth);
		w_s64(&w, e->depth);
		w_s64(&w, e->host);
		w_u32(&w, (unsigned int)e->type);
		w_u32(&w, (unsigned int)e->ctx);
		w_s64(&w, e->pid);
		w_u32(&w, (unsigned int)e->dir);
		w_u32(&w, (unsigned int)e->has_ret);
		w_u32(&w, (unsigned int)e->ret_kind);
		w_s64(&w, e->ret_obj_kind);
		w_u32(&w, e->ret_obj_id);
		w_u32(&w, (unsigned int)e->sched_what);
		w_u32(&w, e->diff_off);
		w_u32(&w, e->ndiffs);
		w_u32(&w, e->pkt_off);
		w_u32(&w, e->pkt_len);
		w_u32(&w, e->skb_id);
		w_s64(&w, e->obj);
		w_s64(&w, e->skb_obj);
	}
	w_bytes(&w, "END!", 4);

	fp = fopen(path, "wb");
	if (!fp || fwrite(w.p, 1, w.n, fp) != w.n) {
		int e = errno ? errno : EIO;

		char sh[KM_ARG_SHOW];

		snprintf(err, errlen, "cannot write %s: %s",
			 km_arg_show(path, sh, sizeof(sh)), strerror(e));
		if (fp)
			fclose(fp);
		free(w.p);
		return -e;
	}
	free(w.p);
	if (fclose(fp)) {
		char sh[KM_ARG_SHOW];

		snprintf(err, errlen, "cannot write %s: %s",
			 km_arg_show(path, sh, sizeof(sh)), strerror(errno));
		return -EIO;
	}
	return 0;
}

/* ---- reading ---- */

struct rbuf {
	const unsigned char *p;
	size_t		n, off;
	int		bad;
	const char	*what;		/* the section being read */
};

static int r_need(struct rbuf *b, size_t n)
{
	if (b->bad || n > b->n - b->off) {
		b->bad = 1;
		return 0;
	}
	return 1;
}

static unsigned long long r_u64(struct rbuf *b)
{
	unsigned long long v = 0;
	int shift = 0;

	for (;;) {
		unsigned int c;

		if (!r_need(b, 1) || shift > 63) {
			b->bad = 1;
			return 0;
		}
		c = b->p[b->off++];
		v |= (unsigned long long)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
		shift += 7;
	}
}

static long long r_s64(struct rbuf *b)
{
	unsigned long long v = r_u64(b);

	return (long long)(v >> 1) ^ -(long long)(v & 1);
}

static int r_s32(struct rbuf *b)
{
	long long v = r_s64(b);

	if (v < -0x7fffffffLL - 1 || v > 0x7fffffffLL)
		b->bad = 1;
	return (int)v;
}

static unsigned int r_u32(struct rbuf *b)
{
	unsigned long long v = r_u64(b);

	if (v > 0xffffffffULL)
		b->bad = 1;
	return (unsigned int)v;
}

static unsigned int r_u16(struct rbuf *b)
{
	unsigned long long v = r_u64(b);

	if (v > 0xffff)
		b->bad = 1;
	return (unsigned int)v;
}

static unsigned int r_u8(struct rbuf *b)
{
	if (!r_need(b, 1))
		return 0;
	return b->p[b->off++];
}

static unsigned int r_fix32(struct rbuf *b)
{
	unsigned int v;

	if (!r_need(b, 4))
		return 0;
	v = b->p[b->off] | (b->p[b->off + 1] << 8) | (b->p[b->off + 2] << 16) |
	    ((unsigned int)b->p[b->off + 3] << 24);
	b->off += 4;
	return v;
}

/* A count that must fit in what is left of the file (min bytes each). */
static unsigned int r_count(struct rbuf *b, size_t each)
{
	unsigned int n = r_u32(b);

	if (each && n > (b->n - b->off) / each)
		b->bad = 1;
	return b->bad ? 0 : n;
}

/* Length-prefixed bytes as a new C string. */
static char *r_lstr(struct rbuf *b)
{
	unsigned int n = r_u32(b);
	char *s;

	if (!r_need(b, n))
		return NULL;
	s = vz_xrealloc(NULL, n + 1);
	memcpy(s, b->p + b->off, n);
	s[n] = '\0';
	b->off += n;
	return s;
}

struct loader {
	struct rbuf	b;
	struct vz_rec	*r;
	const char	**strs;		/* file string index -> interned */
	unsigned int	nstrs;
	int		*fmap[VZ_KINDS];	/* file field index -> ours, -1 */
	unsigned int	scen, peer;		/* string indices */
	unsigned int	nfields[VZ_KINDS];
	size_t		budget;		/* memory the rest may still take */
	int		too_big;
};

/* Account for memory about to be allocated; refuse past the budget. */
static int l_charge(struct loader *l, size_t n, size_t each)
{
	if (l->b.bad)
		return 0;
	if (each && n > l->budget / each) {
		l->b.bad = 1;
		l->too_big = 1;
		return 0;
	}
	l->budget -= n * each;
	return 1;
}

static const char *l_str(struct loader *l)
{
	unsigned int i = r_u32(&l->b);

	if (i == VZ_NONE)
		return NULL;
	if (i >= l->nstrs) {
		l->b.bad = 1;
		return NULL;
	}
	return l->strs[i];
}

static int l_ok_index(struct loader *l, int v, int lo, int hi)
{
	if (v < lo || v >= hi)
		l->b.bad = 1;
	return !l->b.bad;
}

static unsigned long long value_in(struct loader *l, int kind, int field,
				   unsigned long long v)
{
	if (!v || v == KM_VAL_UNINIT || !str_field(kind, field))
		return v;
	if (v - 1 >= l->nstrs) {
		l->b.bad = 1;
		return 0;
	}
	return (unsigned long long)(unsigned long)l->strs[v - 1];
}

static int load_header(struct loader *l)
{
	struct vz_rec *r = l->r;
	unsigned int i, n;

	l->b.what = "header";
	if (!r_need(&l->b, 8) || memcmp(l->b.p, VZ_MAGIC, 8))
		return -1;
	l->b.off = 8;
	if (r_fix32(&l->b) != VZ_VERSION)
		return -2;
	/* scenario and peer are string indices: read after the strings */
	l->scen = r_u32(&l->b);
	l->peer = r_u32(&l->b);
	r->seed = r_u64(&l->b);
	r->status = r_s32(&l->b);
	r->truncated = (int)r_u32(&l->b);
	n = r_count(&l->b, 1);
	for (i = 0; i < n && !l->b.bad; i++) {
		char *s = r_lstr(&l->b);

		if (s && i < 16) {
			snprintf(r->results[i], sizeof(r->results[i]), "%s", s);
			r->nresults = (int)i + 1;
		}
		free(s);
	}

	l->b.what = "strings";
	n = r_count(&l->b, 1);
	/* the index, and each string's table slot and hash slots */
	if (!l_charge(l, n, sizeof(*l->strs) + sizeof(char *) + 4 * sizeof(int)))
		return -1;
	l->strs = vz_xcalloc(n ? n : 1, sizeof(*l->strs));
	for (i = 0; i < n && !l->b.bad; i++) {
		char *s = r_lstr(&l->b);

		if (s && l_charge(l, strlen(s) + 1, 1))
			l->strs[i] = vz_intern(r, s);
		free(s);
	}
	l->nstrs = l->b.bad ? 0 : n;
	return l->b.bad ? -1 : 0;
}

static void load_fields(struct loader *l)
{
	unsigned int k, f, nk;

	l->b.what = "field tables";
	nk = r_count(&l->b, 1);
	for (k = 0; k < nk && !l->b.bad; k++) {
		unsigned int n = r_count(&l->b, 1);

		if (k < VZ_KINDS && l_charge(l, n, sizeof(int))) {
			l->fmap[k] = vz_xcalloc(n ? n : 1, sizeof(int));
			l->nfields[k] = n;
		}
		for (f = 0; f < n && !l->b.bad; f++) {
			char *name = r_lstr(&l->b);
			int j, n_ours = k < VZ_KINDS ? km_fields_count((int)k) : 0;
			int ours = -1;

			/* Same place first: a recording of this build. */
			if (name && (int)f < n_ours && !strcmp(km_field((int)k, (int)f)->name, name))
				ours = (int)f;
			for (j = 0; name && ours < 0 && j < n_ours; j++)
				if (!strcmp(km_field((int)k, j)->name, name))
					ours = j;
			if (k < VZ_KINDS)
				l->fmap[k][f] = ours;
			free(name);
		}
	}
}

static int map_field(struct loader *l, int kind, unsigned int f)
{
	if (kind <= 0 || kind >= VZ_KINDS || f >= l->nfields[kind])
		return -1;
	return l->fmap[kind][f];
}

static void load_sites_hosts_objs(struct loader *l)
{
	struct vz_rec *r = l->r;
	unsigned int i, n, f;

	l->b.what = "step points";
	n = r_count(&l->b, 5);
	for (i = 0; i < n && !l->b.bad; i++) {
		const char *func = l_str(l), *file = l_str(l);
		const char *ref = l_str(l), *text = l_str(l);
		int line = r_s32(&l->b);

		/* sites[] and its keys grow by doubling; the hash too */
		if (l_charge(l, 2, sizeof(struct vz_site) + sizeof(void *) + 2 * sizeof(int)))
			vz_rec_add_site(r, func, file, line, ref, text);
	}

	l->b.what = "hosts";
	n = r_count(&l->b, 2);
	if (n > VZ_MAX_HOSTS)
		l->b.bad = 1;
	for (i = 0; i < n && !l->b.bad; i++) {
		r->hosts[i].id = r_s32(&l->b);
		r->hosts[i].name = l_str(l);
		if (!r->hosts[i].name)
			r->hosts[i].name = vz_intern(r, "?");
		r->nhosts = (int)i + 1;
	}

	l->b.what = "objects";
	n = r_count(&l->b, 6);
	for (i = 0; i < n && !l->b.bad; i++) {
		int host = r_s32(&l->b), kind = (int)r_u32(&l->b);
		unsigned int id = r_u32(&l->b);
		int born = r_s32(&l->b), died = r_s32(&l->b);
		unsigned int nv = r_count(&l->b, 1);
		int o;

		if (!l_ok_index(l, host, 0, r->nhosts) ||
		    !l_ok_index(l, kind, 1, VZ_KINDS))
			break;
		/* objs[] doubles; each object has five per-field arrays */
		if (!l_charge(l, 2, sizeof(struct vz_obj)) ||
		    !l_charge(l, (size_t)km_fields_count(kind) + 1, 3 * 8 + 2))
			break;
		o = vz_rec_new_obj(r, host, kind, id, born);
		r->objs[o].died = died;
		for (f = 0; f < nv && !l->b.bad; f++) {
			unsigned long long v = r_u64(&l->b);
			int ours = map_field(l, kind, f);

			if (ours >= 0)
				r->objs[o].init[ours] = value_in(l, kind, ours, v);
		}
	}
}

static void load_pools(struct loader *l)
{
	struct vz_rec *r = l->r;
	unsigned int i, n;
	unsigned long long nb;

	l->b.what = "call stacks";
	n = r_count(&l->b, 1);
	if (!l_charge(l, n, sizeof(int)))
		return;
	r->stack = vz_xcalloc(n ? n : 1, sizeof(int));
	r->capstack = n;
	for (i = 0; i < n && !l->b.bad; i++) {
		int s = r_s32(&l->b);

		if (!l_ok_index(l, s, -1, r->nsites))
			break;
		r->stack[i] = s;
	}
	r->nstack = l->b.bad ? 0 : n;

	l->b.what = "bytes";
	nb = r_u64(&l->b);
	if (!l->b.bad && r_need(&l->b, nb) && l_charge(l, nb, 1)) {
		vz_rec_add_bytes(r, l->b.p + l->b.off, (size_t)nb);
		l->b.off += nb;
	}
}

static int blob_ok(const struct vz_rec *r, long off, unsigned int len)
{
	if (off == -1)
		return len == 0;
	return off >= 0 && (size_t)off <= r->nbytes && len <= r->nbytes - (size_t)off;
}

/* Diffs: kept in a side table, copied per event (fields may be dropped). */
struct fdiff {
	struct vz_diff	d;
	int		keep;
};

static struct fdiff *load_diffs(struct loader *l, unsigned int *count)
{
	struct vz_rec *r = l->r;
	unsigned int i, n;
	struct fdiff *fd;

	l->b.what = "field changes";
	n = r_count(&l->b, 9);
	/* the side table, and the copies the events take (at most one each) */
	if (!l_charge(l, n, sizeof(*fd) + sizeof(struct vz_diff))) {
		*count = 0;
		return NULL;
	}
	fd = vz_xcalloc(n ? n : 1, sizeof(*fd));
	for (i = 0; i < n && !l->b.bad; i++) {
		struct vz_diff *d = &fd[i].d;
		unsigned int f;
		int kind, ours;

		d->obj = r_s32(&l->b);
		f = r_u16(&l->b);
		d->is_new = (unsigned char)r_u8(&l->b);
		d->oldv = r_u64(&l->b);
		d->newv = r_u64(&l->b);
		d->old_blob = (long)r_s64(&l->b);
		d->old_blob_len = r_u32(&l->b);
		d->new_blob = (long)r_s64(&l->b);
		d->new_blob_len = r_u32(&l->b);
		if (!l_ok_index(l, d->obj, 0, r->nobjs))
			break;
		if (!blob_ok(r, d->old_blob, d->old_blob_len) ||
		    !blob_ok(r, d->new_blob, d->new_blob_len)) {
			l->b.bad = 1;
			break;
		}
		kind = r->objs[d->obj].kind;
		ours = map_field(l, kind, f);
		if (ours < 0)
			continue;
		d->field = (unsigned short)ours;
		d->oldv = value_in(l, kind, ours, d->oldv);
		d->newv = value_in(l, kind, ours, d->newv);
		fd[i].keep = 1;
	}
	*count = l->b.bad ? 0 : n;
	return fd;
}

static void load_events(struct loader *l, struct fdiff *fd, unsigned int nfd)
{
	struct vz_rec *r = l->r;
	unsigned int i, n, k, next = 0;

	l->b.what = "events";
	n = r_count(&l->b, 29);
	if (n > VZ_MAX_EVENTS)
		l->b.bad = 1;
	/* the events, and what vz_rec_finish() derives from them */
	if (!l_charge(l, n, sizeof(*r->evs) + sizeof(int) + sizeof(struct vz_pkt) +
		      sizeof(struct vz_trans)))
		return;
	r->evs = vz_xcalloc(n ? n : 1, sizeof(*r->evs));
	r->capevs = (int)n;
	for (i = 0; i < n && !l->b.bad; i++) {
		struct vz_ev *e = &r->evs[i];
		unsigned int doff, nd;

		e->seq = (i ? r->evs[i - 1].seq : 0) + r_u64(&l->b);
		e->time_ns = (long long)((unsigned long long)(i ? r->evs[i - 1].time_ns : 0) +
					 (unsigned long long)r_s64(&l->b));
		e->ret = r_s64(&l->b);
		e->sched_arg = (long)r_s64(&l->b);
		e->comm = l_str(l);
		if (!e->comm)
			e->comm = l->strs[0] ? l->strs[0] : "";
		e->note = l_str(l);
		e->dev = l_str(l);
		e->sys = l_str(l);
		e->site = r_s32(&l->b);
		e->stack_off = r_u32(&l->b);
		e->stack_depth = (int)r_u32(&l->b);
		e->depth = r_s32(&l->b);
		e->host = r_s32(&l->b);
		e->type = (int)r_u32(&l->b);
		e->ctx = (int)r_u32(&l->b);
		e->pid = r_s32(&l->b);
		e->dir = (int)r_u32(&l->b);
		e->has_ret = (int)r_u32(&l->b);
		e->ret_kind = (int)r_u32(&l->b);
		e->ret_obj_kind = r_s32(&l->b);
		e->ret_obj_id = r_u32(&l->b);
		e->sched_what = (int)r_u32(&l->b);
		doff = r_u32(&l->b);
		nd = r_u32(&l->b);
		e->pkt_off = r_u32(&l->b);
		e->pkt_len = r_u32(&l->b);
		e->skb_id = r_u32(&l->b);
		e->obj = r_s32(&l->b);
		e->skb_obj = r_s32(&l->b);
		e->pkt = -1;
		if (l->b.bad)
			break;
		if (!l_ok_index(l, e->site, -1, r->nsites) ||
		    !l_ok_index(l, e->host, -1, r->nhosts) ||
		    !l_ok_index(l, e->type, 0, KM_EV__COUNT) ||
		    !l_ok_index(l, e->stack_depth, 0, 65) ||
		    !l_ok_index(l, e->obj, -1, r->nobjs) ||
		    !l_ok_index(l, e->skb_obj, -1, r->nobjs))
			break;
		if (e->stack_off > r->nstack ||
		    (unsigned int)e->stack_depth > r->nstack - e->stack_off ||
		    doff != next || nd > nfd - doff ||
		    e->pkt_off > r->nbytes || e->pkt_len > r->nbytes - e->pkt_off) {
			l->b.bad = 1;
			break;
		}
		/* Each event owns the changes after the previous event's:
		 * ranges are contiguous and disjoint, so no change is copied
		 * twice. */
		next = doff + nd;
		e->diff_off = r->ndiffs;
		for (k = doff; k < doff + nd; k++) {
			if (!fd[k].keep)
				continue;
			if (r->ndiffs == r->capdiffs) {
				r->capdiffs = r->capdiffs ? r->capdiffs * 2 : 1024;
				r->diffs = vz_xrealloc(r->diffs,
						       r->capdiffs * sizeof(*r->diffs));
			}
			r->diffs[r->ndiffs++] = fd[k].d;
		}
		e->ndiffs = r->ndiffs - e->diff_off;
		r->nevs = (int)i + 1;
	}
	if (!l->b.bad && next != nfd)
		l->b.bad = 1;	/* changes no event owns */
}

int vz_rec_load_mem(struct vz_rec *r, const unsigned char *p, size_t n,
		    char *err, size_t errlen)
{
	struct loader l = { .b = { .p = p, .n = n }, .r = r };
	struct fdiff *fd = NULL;
	unsigned int nfd = 0, scen, peer;
	int rc, k;

	vz_rec_init(r);
	l.budget = n > (SIZE_MAX - VZ_LOAD_BASE) / VZ_LOAD_RATIO ? SIZE_MAX :
		   n * VZ_LOAD_RATIO + VZ_LOAD_BASE;
	rc = load_header(&l);
	if (rc == -1 && l.b.off == 0) {
		snprintf(err, errlen, "not a kmirror recording");
		goto fail;
	}
	if (rc == -2) {
		snprintf(err, errlen, "a recording of another version (this kmirror reads version %u)",
			 VZ_VERSION);
		goto fail;
	}
	if (!rc) {
		scen = l.scen;
		peer = l.peer;
		r->scenario = scen < l.nstrs ? l.strs[scen] : vz_intern(r, "?");
		r->peer = peer < l.nstrs ? l.strs[peer] : vz_intern(r, "?");
		load_fields(&l);
		for (k = 1; k < VZ_KINDS && !l.b.bad; k++) {
			int n = km_fields_count(k), f, missing = 0;
			unsigned char *ab = vz_xcalloc((size_t)n + 1, 1);
			unsigned int i;

			for (f = 0; f < n; f++)
				ab[f] = 1;
			for (i = 0; i < l.nfields[k]; i++)
				if (l.fmap[k][i] >= 0)
					ab[l.fmap[k][i]] = 0;
			for (f = 0; f < n; f++)
				missing += ab[f];
			if (missing)
				r->absent[k] = ab;
			else
				free(ab);
		}
		load_sites_hosts_objs(&l);
		load_pools(&l);
		if (!l.b.bad)
			fd = load_diffs(&l, &nfd);
		if (!l.b.bad)
			load_events(&l, fd, nfd);
		l.b.what = "end marker";
		if (!l.b.bad && (!r_need(&l.b, 4) || memcmp(p + l.b.off, "END!", 4)))
			l.b.bad = 1;
	}
	free(fd);
	free(l.strs);
	for (k = 0; k < VZ_KINDS; k++)
		free(l.fmap[k]);
	if (l.too_big) {
		snprintf(err, errlen, "damaged recording (in the %s, at byte %zu): "
			 "it asks for more memory than a file of %zu bytes may "
			 "take (too large for its size)", l.b.what, l.b.off, n);
		goto fail_freed;
	}
	if (rc || l.b.bad) {
		snprintf(err, errlen, "damaged recording (in the %s, at byte %zu)",
			 l.b.what ? l.b.what : "header", l.b.off);
		goto fail_freed;
	}
	vz_rec_finish(r);
	return 0;
fail:
	free(l.strs);
	for (k = 0; k < VZ_KINDS; k++)
		free(l.fmap[k]);
fail_freed:
	vz_rec_free(r);
	vz_rec_init(r);
	return -EINVAL;
}

/*
 * The file is checked before anything is read: a regular file (not a
 * device such as /dev/zero, nor a FIFO that would wait for a writer: it
 * is opened without blocking), no larger than any recording can be, and
 * starting with the magic. Then it is read whole, in one buffer of its
 * size.
 */
int vz_rec_load(struct vz_rec *r, const char *path, char *err, size_t errlen)
{
	char shown[KM_ARG_SHOW];
	const char *name = km_arg_show(path, shown, sizeof(shown));
	unsigned char *buf = NULL;
	size_t n = 0, size;
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot open %s: %s", name, strerror(errno));
		vz_rec_init(r);
		return rc;
	}
	if (fstat(fd, &st)) {
		rc = -errno;
		snprintf(err, errlen, "cannot read %s: %s", name, strerror(errno));
		goto out;
	}
	rc = -EINVAL;
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file (a recording is one: "
			 "kmirror viz --save FILE)", name);
		goto out;
	}
	size = (size_t)st.st_size;
	buf = vz_xrealloc(NULL, size < 8 ? 8 : (size > VZ_MAX_FILE ? 8 : size));
	if (size < 8 || pread(fd, buf, 8, 0) != 8 || memcmp(buf, VZ_MAGIC, 8)) {
		snprintf(err, errlen, "%s: not a kmirror recording", name);
		goto out;
	}
	if (size > VZ_MAX_FILE) {
		rc = -EFBIG;
		snprintf(err, errlen, "%s is too large (%zu bytes; a recording is at "
			 "most %u MiB)", name, size, VZ_MAX_FILE >> 20);
		goto out;
	}
	while (n < size) {
		ssize_t got = pread(fd, buf + n, size - n, (off_t)n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	if (n != size) {
		rc = -EIO;
		snprintf(err, errlen, "cannot read %s: it changed while being read", name);
		goto out;
	}
	close(fd);
	rc = vz_rec_load_mem(r, buf, n, err, errlen);
	free(buf);
	return rc;
out:
	close(fd);
	free(buf);
	vz_rec_init(r);		/* an empty recording, as after a failed load */
	return rc;
}
