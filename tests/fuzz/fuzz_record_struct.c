// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: recordings that are valid by construction (`make
 * fuzz`, docs/testing.md). Where fuzz_record mutates bytes (and mostly
 * meets the loader's checks), this one reads its input as choices — how
 * many step points, hosts, objects, stack frames, bytes, changes and
 * events, and each one's fields, always within the ranges the format
 * allows — builds the recording with the builder API, saves it, loads it
 * back and checks the round trip, then derives packets and transitions
 * and moves through it as the visualizer does. It reaches what byte
 * mutations rarely do: vz_rec_finish() on odd but legal packets, states
 * and stacks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <kmapi/fields.h>
#include <kmapi/trace.h>
#include "../../viz/record.h"

struct in {
	const uint8_t	*p;
	size_t		n;
};

static unsigned int take(struct in *in, unsigned int below)
{
	unsigned int v;

	if (!below)
		return 0;
	if (!in->n)
		return 0;
	v = in->p[0];
	if (below > 256 && in->n > 1) {
		v = v << 8 | in->p[1];
		in->p++;
		in->n--;
	}
	in->p++;
	in->n--;
	return v % below;
}

static const char *const words[] = { "tcp_v4_connect", "net/ipv4/tcp.c:1",
				     "", "client", "server", "app" };

/* A value for field f of kind: names (SYM, STR) are interned strings. */
static unsigned long long value(struct vz_rec *r, struct in *in, int kind, int f)
{
	const struct km_field_info *fi = km_field(kind, f);

	if (take(in, 4) == 0)
		return 0;
	if (fi && (fi->fmt == KM_FMT_SYM || fi->fmt == KM_FMT_STR))
		return (unsigned long long)(uintptr_t)vz_intern(r, words[take(in, 6)]);
	return take(in, 70000);
}

static void build(struct vz_rec *r, struct in *in)
{
	unsigned int i, n;
	uint8_t bytes[256];

	vz_rec_init(r);
	r->scenario = vz_intern(r, "fuzz");
	r->peer = vz_intern(r, take(in, 2) ? "mirror" : "linux");
	n = take(in, 6);
	for (i = 0; i < n; i++)
		vz_rec_add_site(r, words[take(in, 6)], words[take(in, 6)], (int)take(in, 999),
				words[take(in, 6)], words[take(in, 6)]);
	r->nhosts = 1 + (int)take(in, 3);
	for (i = 0; i < (unsigned int)r->nhosts; i++) {
		r->hosts[i].id = (int)i + 1;
		r->hosts[i].name = vz_intern(r, words[3 + i % 3]);
	}
	n = take(in, 8);
	for (i = 0; i < n; i++) {
		int kind = 1 + (int)take(in, VZ_KINDS - 1), o, f;

		o = vz_rec_new_obj(r, (int)take(in, (unsigned int)r->nhosts), kind,
				   take(in, 9) + 1, (int)take(in, 40));
		r->objs[o].died = take(in, 2) ? VZ_NEVER : (int)take(in, 60);
		for (f = 0; f < r->objs[o].nvals; f++)
			r->objs[o].init[f] = value(r, in, kind, f);
	}
	n = take(in, 16);
	r->stack = calloc(n + 1, sizeof(int));
	r->capstack = r->nstack = n;
	for (i = 0; i < n; i++)
		r->stack[i] = (int)take(in, (unsigned int)r->nsites + 1) - 1;
	n = take(in, sizeof(bytes));
	for (i = 0; i < n; i++)
		bytes[i] = (uint8_t)take(in, 256);
	vz_rec_add_bytes(r, bytes, n);
	n = take(in, 48);
	r->evs = calloc(n + 1, sizeof(*r->evs));
	r->capevs = (int)n;
	for (i = 0; i < n; i++) {
		struct vz_ev *e = &r->evs[i];
		unsigned int nd = r->nobjs ? take(in, 3) : 0, k;

		e->seq = i + 1;
		e->time_ns = (long long)i * (long long)take(in, 2000000);
		e->type = (int)take(in, KM_EV__COUNT);
		e->site = (int)take(in, (unsigned int)r->nsites + 1) - 1;
		e->host = (int)take(in, (unsigned int)r->nhosts + 1) - 1;
		e->stack_off = take(in, r->nstack + 1);
		e->stack_depth = (int)take(in, r->nstack - e->stack_off + 1);
		e->depth = (int)take(in, 8);
		e->dir = (int)take(in, 2);
		e->ret = (long long)take(in, 300) - 150;
		e->has_ret = (int)take(in, 2);
		e->pkt_off = take(in, (unsigned int)r->nbytes + 1);
		e->pkt_len = take(in, (unsigned int)r->nbytes - e->pkt_off + 1);
		e->obj = (int)take(in, (unsigned int)r->nobjs + 1) - 1;
		e->skb_obj = (int)take(in, (unsigned int)r->nobjs + 1) - 1;
		e->comm = e->note = e->dev = e->sys = NULL;
		e->diff_off = r->ndiffs;
		for (k = 0; k < nd; k++) {
			struct vz_diff *d;
			int obj = (int)take(in, (unsigned int)r->nobjs);

			if (!r->objs[obj].nvals)
				continue;
			if (r->ndiffs == r->capdiffs) {
				r->capdiffs = r->capdiffs ? r->capdiffs * 2 : 64;
				r->diffs = realloc(r->diffs, r->capdiffs * sizeof(*r->diffs));
			}
			d = &r->diffs[r->ndiffs++];
			memset(d, 0, sizeof(*d));
			d->obj = obj;
			d->field = (unsigned short)take(in, (unsigned int)r->objs[obj].nvals);
			d->oldv = value(r, in, r->objs[obj].kind, d->field);
			d->newv = value(r, in, r->objs[obj].kind, d->field);
			d->old_blob = d->new_blob = -1;
		}
		e->ndiffs = r->ndiffs - e->diff_off;
		r->nevs = (int)i + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct vz_rec r, l;
	char path[64], err[300];
	int i;

	build(&r, &in);
	snprintf(path, sizeof(path), "/tmp/kmirror-fuzz-struct-%d.kmrec", (int)getpid());
	if (vz_rec_save(&r, path, err, sizeof(err))) {
		fprintf(stderr, "fuzz_record_struct: save: %s\n", err);
		abort();
	}
	if (vz_rec_load(&l, path, err, sizeof(err))) {
		fprintf(stderr, "fuzz_record_struct: a saved recording does not load: %s\n",
			err);
		abort();
	}
	unlink(path);
	if (l.nevs != r.nevs || l.nobjs != r.nobjs || l.nsites != r.nsites ||
	    l.ndiffs != r.ndiffs || l.nbytes != r.nbytes) {
		fprintf(stderr, "fuzz_record_struct: round trip changed the recording\n");
		abort();
	}
	vz_rec_finish(&r);
	for (i = -1; i < l.nevs; i += 1 + l.nevs / 4)
		vz_rec_seek(&l, i);
	vz_rec_seek(&l, l.nevs - 1);
	vz_rec_seek(&l, -1);
	vz_rec_free(&l);
	vz_rec_free(&r);
	return 0;
}
