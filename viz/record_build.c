// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: what finishing a recording derives from its events —
 * field kinds, state transitions, and the packets rebuilt from sends and
 * arrivals (paired, laned, lost or not). Capture and loading both end
 * here (vz_rec_finish). See record.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kmapi/km.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include <kmapi/sim.h>
#include "record.h"
#include "vzutil.h"

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
		/* a timewait sock is always TIME_WAIT; its substate tells */
		if (k == KM_OBJ_TW)
			kd->state_field = km_field_find(k, "tw_substate");
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
