// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the sequence diagram — the packets between the hosts over
 * (virtual) time, one arrow each: flags, sequence and acknowledgment
 * numbers (relative to each side's ISN, or absolute with `r`), window and
 * options. A packet on its way is dashed; one the link lost ends in ✕.
 * The same drawing, without the cursor, is exported as text for slides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include <kmapi/trace.h>
#include <kmapi/sim.h>
#include "app.h"
#include "vzutil.h"

int vz_isn(const struct vz_rec *r, uint32_t saddr, unsigned int sport,
	   uint32_t daddr, unsigned int dport, uint32_t *isn)
{
	int i;

	for (i = 0; i < r->npkts; i++) {
		const struct vz_pkt *p = &r->pkts[i];

		/* an address of 0 matches any (an skb whose IP header is gone) */
		if (p->proto == 6 && (p->flags & KM_TH_SYN) &&
		    (!saddr || p->saddr == saddr) && (!daddr || p->daddr == daddr) &&
		    p->sport == sport && p->dport == dport) {
			*isn = p->seq;
			return 1;
		}
	}
	return 0;
}

const char *vz_flags_name(unsigned int flags, char *buf, size_t len)
{
	static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK",
					     "URG", "ECE", "CWR" };
	static const int order[] = { 1, 2, 0, 3, 4, 5, 6, 7 };
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < 8; i++)
		if (flags & (1u << order[i]))
			o += snprintf(buf + o, o < len ? len - o : 0, "%s%s",
				      o ? "," : "", names[order[i]]);
	if (!o)
		snprintf(buf, len, "none");
	return buf;
}

/* The window scale of p's sender: the shift its SYN announced, if both
 * SYNs of the connection carried the option (RFC 7323); else -1. */
static int wscale(const struct vz_rec *r, const struct vz_pkt *p)
{
	int i, mine = -1, theirs = -1;

	for (i = 0; i < r->npkts; i++) {
		const struct vz_pkt *q = &r->pkts[i];
		struct km_seg s;

		if (q->proto != 6 || !(q->flags & KM_TH_SYN) ||
		    km_seg_parse(r->bytes + q->off, q->len, &s))
			continue;
		if (q->saddr == p->saddr && q->sport == p->sport &&
		    q->daddr == p->daddr && q->dport == p->dport && mine < 0)
			mine = s.wscale;
		else if (q->saddr == p->daddr && q->sport == p->dport &&
			 q->daddr == p->saddr && q->dport == p->sport && theirs < 0)
			theirs = s.wscale;
	}
	return mine >= 0 && theirs >= 0 ? mine : -1;
}

static void pkt_label(const struct vz_app *a, const struct vz_pkt *p, char *buf,
		      size_t len)
{
	const struct vz_rec *r = &a->rec;
	struct km_seg s;
	char fl[40], opts[80] = "";
	uint32_t isn;
	unsigned long long seq = p->seq, ack = p->ack;
	size_t o = 0;
	int shift;

	if (p->script_line > 0) {
		/* the packetdrill line that injected or expected it */
		o = (size_t)snprintf(buf, len, "L%d ", p->script_line);
		if (o >= len)
			return;
		buf += o;
		len -= o;
		o = 0;
	}
	if (p->from >= 2) {
		/* a third address (a router's ICMP): say who sent it */
		o = (size_t)snprintf(buf, len, "from %u.%u.%u.%u: ", p->saddr & 0xff,
				     (p->saddr >> 8) & 0xff, (p->saddr >> 16) & 0xff,
				     p->saddr >> 24);
		if (o >= len)
			return;
		buf += o;
		len -= o;
		o = 0;
	}
	if (p->proto == 17) {
		snprintf(buf, len, "UDP %u → %u len %u", p->sport, p->dport,
			 p->len > 28 ? p->len - 28 : 0);
		return;
	}
	if (p->proto == 1) {
		if (km_seg_parse(r->bytes + p->off, p->len, &s) == 0)
			snprintf(buf, len, "ICMP type %u code %u%s", s.icmp_type, s.icmp_code,
				 s.icmp_type == 3 ? (s.icmp_code == 3 ? " (port unreachable)" :
				 s.icmp_code == 1 ? " (host unreachable)" :
				 s.icmp_code == 0 ? " (net unreachable)" : "") : "");
		else
			snprintf(buf, len, "ICMP");
		return;
	}
	if (p->proto != 6) {
		snprintf(buf, len, "IP proto %u", p->proto);
		return;
	}
	if (a->rel_seq && vz_isn(r, p->saddr, p->sport, p->daddr, p->dport, &isn))
		seq = (uint32_t)(p->seq - isn);
	if (a->rel_seq && vz_isn(r, p->daddr, p->dport, p->saddr, p->sport, &isn))
		ack = (uint32_t)(p->ack - isn);
	vz_flags_name(p->flags, fl, sizeof(fl));
	o += snprintf(buf + o, len - o, "%s%s seq %llu", p->extra ? "(dup) " : "", fl, seq);
	if (p->flags & KM_TH_ACK)
		o += snprintf(buf + o, o < len ? len - o : 0, " ack %llu", ack);
	if (o < len)
		o += snprintf(buf + o, len - o, " win %u", p->win);
	shift = (p->flags & KM_TH_SYN) ? -1 : wscale(r, p);
	if (shift > 0 && o < len)
		o += snprintf(buf + o, len - o, " (×%u = %u)", 1u << shift,
			      (unsigned int)p->win << shift);
	if (km_seg_parse(r->bytes + p->off, p->len, &s) == 0) {
		size_t q = 0;

		if (s.mss >= 0)
			q += snprintf(opts + q, sizeof(opts) - q, "mss %d", s.mss);
		if (s.sack_perm && q < sizeof(opts))
			q += snprintf(opts + q, sizeof(opts) - q, "%ssackOK", q ? "," : "");
		if (s.ts && q < sizeof(opts))
			q += snprintf(opts + q, sizeof(opts) - q, "%sTS", q ? "," : "");
		if (s.wscale >= 0 && q < sizeof(opts))
			q += snprintf(opts + q, sizeof(opts) - q, "%sws %d", q ? "," : "",
				      s.wscale);
		if (s.payload_len && q < sizeof(opts))
			q += snprintf(opts + q, sizeof(opts) - q, "%s%zu bytes", q ? "," : "",
				      s.payload_len);
		if (q && o < len)
			snprintf(buf + o, len - o, " <%s>", opts);
	}
}

static void time_text(long long ns, char *buf, size_t len)
{
	snprintf(buf, len, "%.3f", (double)ns / 1e9);
}

struct seq_geom {
	int x, w, tw, xl, xr;
};

/*
 * Draw the diagram into cv within `in`, as it stands at event `pos`.
 * scroll: first packet row; returns the number of content rows.
 */
static int draw_seq(struct vz_app *a, struct vz_canvas *cv, struct vz_rect in,
		    int pos, int *scroll, int follow, int mark_current)
{
	const struct vz_rec *r = &a->rec;
	struct seq_geom g;
	long long now = pos >= 0 && pos < r->nevs ? r->evs[pos].time_ns : 0;
	int i, nvis = 0, cur = -1, rows, y, k;
	char lab[200], t1[24], t2[24], left[80], right[80];

	g.x = in.x;
	g.w = in.w;
	g.tw = 7;
	g.xl = in.x + g.tw + 1;
	g.xr = in.x + in.w - g.tw - 2;
	if (g.xr - g.xl < 12)
		return 0;
	for (i = 0; i < r->npkts; i++) {
		const struct vz_pkt *p = &r->pkts[i];
		int first = p->ev_tx >= 0 ? p->ev_tx : p->ev_rx;

		if (first <= pos)
			nvis++;
	}
	for (i = pos; i >= 0 && mark_current; i--)
		if (r->evs[i].type == KM_EV_PACKET) {
			cur = r->evs[i].pkt;
			break;
		}

	/* lane names: with addresses if both fit */
	for (k = 0; k < 2; k++) {
		char *d = k ? right : left;
		size_t dl = k ? sizeof(right) : sizeof(left);

		if (k < r->nlanes) {
			uint32_t ad = r->lanes[k].addr;

			snprintf(d, dl, "%s %u.%u.%u.%u", r->lanes[k].label, ad & 0xff,
				 (ad >> 8) & 0xff, (ad >> 16) & 0xff, ad >> 24);
		} else {
			snprintf(d, dl, "%s", k ? "peer" : "");
		}
	}
	if (vz_text_width(left) + vz_text_width(right) + 2 > in.w) {
		snprintf(left, sizeof(left), "%s", r->nlanes > 0 ? r->lanes[0].label : "");
		snprintf(right, sizeof(right), "%s", r->nlanes > 1 ? r->lanes[1].label : "peer");
	}
	vz_cv_put(cv, in.y, in.x, in.w, VZ_ST_LANE_A, left);
	k = vz_text_width(right);
	vz_cv_put(cv, in.y, in.x + in.w - k, k, VZ_ST_LANE_B, right);

	rows = in.h - 1;
	if (follow) {
		*scroll = 2 * nvis - rows;
		if (*scroll < 0)
			*scroll = 0;
		if (*scroll & 1)
			(*scroll)++;
	}
	for (y = in.y + 1; y < in.y + in.h; y++) {
		vz_cv_fill(cv, y, g.xl, 1, L'│', VZ_ST_DIM);
		vz_cv_fill(cv, y, g.xr, 1, L'│', VZ_ST_DIM);
	}
	if (!nvis) {
		if (in.h > 1)
			vz_cv_put(cv, in.y + 1, g.xl + 2, g.xr - g.xl - 3, VZ_ST_DIM,
				  "(no packet yet)");
		return 0;
	}
	k = 0;
	for (i = 0; i < r->npkts; i++) {
		const struct vz_pkt *p = &r->pkts[i];
		int first = p->ev_tx >= 0 ? p->ev_tx : p->ev_rx;
		int ltr = !(p->from != 0 && p->to == 0);
		int style = p->from == 0 ? VZ_ST_LANE_A : VZ_ST_LANE_B;
		int delivered, lost, inflight, len = g.xr - g.xl - 1, row, lw;
		long long ttx;

		if (first > pos)
			continue;
		row = in.y + 1 + 2 * k - *scroll;
		k++;
		if (row + 1 < in.y + 1 || row >= in.y + in.h)
			continue;
		ttx = r->evs[first].time_ns;
		delivered = p->ev_rx >= 0 && p->ev_rx <= pos;
		lost = p->lost && now > ttx + (r->link_delay > 0 ? r->link_delay : 0);
		inflight = !delivered && !lost && (p->ev_rx >= 0 || p->lost ||
						    r->lanes[p->to].host >= 0);
		if (p->ev_tx < 0)
			delivered = 1;
		if (lost)
			style = VZ_ST_LOST;

		pkt_label(a, p, lab, sizeof(lab));
		lw = vz_text_width(lab);
		if (row >= in.y + 1) {
			/* centred between the lifelines if it fits, else as wide
			 * as the pane allows */
			int lx = g.xl + 1 + (len - lw) / 2;

			if (lx < g.xl + 2)
				lx = g.xl + 2;
			if (lx + lw > in.x + in.w)
				lx = in.x + in.w - lw;
			if (lx < in.x + 2)
				lx = in.x + 2;
			vz_cv_put(cv, row, lx, in.x + in.w - lx,
				  i == cur ? VZ_ST_SENTENCE : style, lab);
			if (i == cur)
				vz_cv_put(cv, row, in.x, 2, VZ_ST_SENTENCE, "▸");
		}
		if (row + 1 >= in.y + in.h)
			continue;
		/* the arrow */
		if (lost) {
			int half = len / 2;

			if (ltr) {
				vz_cv_fill(cv, row + 1, g.xl + 1, half, L'─', style);
				vz_cv_put(cv, row + 1, g.xl + 1 + half, len - half, style, "✕ lost");
			} else {
				vz_cv_fill(cv, row + 1, g.xr - half, half, L'─', style);
				vz_cv_put(cv, row + 1, g.xr - half - 7, 7, style, "lost ✕");
			}
		} else {
			wchar_t line = inflight ? L'┄' : L'─';

			vz_cv_fill(cv, row + 1, g.xl + 1, len, line, style);
			if (ltr)
				vz_cv_fill(cv, row + 1, g.xr - 1, 1, inflight ? L'▷' : L'▶', style);
			else
				vz_cv_fill(cv, row + 1, g.xl + 1, 1, inflight ? L'◁' : L'◀', style);
		}
		/* times: sent on the sender's side, arrived on the other */
		time_text(ttx, t1, sizeof(t1));
		if (p->ev_tx >= 0)
			vz_cv_put(cv, row + 1, ltr ? in.x : g.xr + 2, g.tw, VZ_ST_DIM, t1);
		else
			vz_cv_put(cv, row + 1, ltr ? g.xr + 2 : in.x, g.tw, VZ_ST_DIM, t1);
		if (p->ev_rx >= 0 && p->ev_tx >= 0 && delivered) {
			time_text(r->evs[p->ev_rx].time_ns, t2, sizeof(t2));
			vz_cv_put(cv, row + 1, ltr ? g.xr + 2 : in.x, g.tw, VZ_ST_DIM, t2);
		}
	}
	return 2 * nvis;
}

static void seq_draw(struct vz_app *a, struct vz_pane *p, struct vz_rect in)
{
	snprintf(p->title, sizeof(p->title), "Packets%s", a->rel_seq ?
		 " (seq relative to ISN; r: absolute)" : " (absolute seq; r: relative)");
	p->nlines = draw_seq(a, &a->cv, in, a->rec.pos, &p->scroll, p->follow, 1);
}

static int seq_key(struct vz_app *a, struct vz_pane *p, int key)
{
	switch (key) {
	case KEY_UP:
	case 'k':
		vz_pane_scroll(a, (int)(p - a->panes), -2);
		return 1;
	case KEY_DOWN:
	case 'j':
		vz_pane_scroll(a, (int)(p - a->panes), 2);
		return 1;
	}
	return 0;
}

const struct vz_pane_ops vz_pane_seq_ops = {
	.name = "Packets",
	.draw = seq_draw,
	.key = seq_key,
};

int vz_seq_render_text(struct vz_app *a, FILE *f, int width)
{
	const struct vz_rec *r = &a->rec;
	struct vz_canvas cv = { 0 };
	struct vz_rect in;
	int scroll = 0, rows = 2 * r->npkts + 2, i;

	if (width < 40)
		width = 40;
	vz_cv_init(&cv, rows, width);
	in.y = 0;
	in.x = 0;
	in.h = rows;
	in.w = width;
	draw_seq(a, &cv, in, r->nevs - 1, &scroll, 0, 0);
	fprintf(f, "kmirror %s (peer %s, seed %llu): the packets, times in seconds\n\n",
		r->scenario ? r->scenario : "?", r->peer ? r->peer : "?", r->seed);
	vz_cv_write(&cv, f, a->ascii);
	for (i = 0; i < r->nresults; i++)
		fprintf(f, "# %s\n", r->results[i]);
	vz_cv_free(&cv);
	return ferror(f) ? -1 : 0;
}
