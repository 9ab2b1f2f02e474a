// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the state pane — for each host, the TCP state machine (all
 * eleven states of RFC 793's figure 6: setup above, the close below) with
 * the state each sock is in (a marker and reverse video), the states and
 * transitions already taken (bold, underlined), the socket's SS_* state,
 * and the list of transitions so far. A timewait sock (tw#1) counts with
 * its substate: FIN_WAIT2 for an orphan waiting for the peer's FIN, then
 * TIME_WAIT; its end is the 60 s arrow back to CLOSE.
 *
 * With room for one diagram only, it shows the host of the current event
 * (every host keeps its line of states). When the pane is smaller still,
 * each host gets two lines: its socks' states and the path the main sock
 * (then its timewait sock) took.
 */
#include <stdio.h>
#include <string.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include "app.h"
#include "vzutil.h"

/* Linux's TCP state numbers (include/net/tcp_states.h). */
enum {
	ST_ESTABLISHED = 1, ST_SYN_SENT = 2, ST_SYN_RECV = 3, ST_FIN_WAIT1 = 4,
	ST_FIN_WAIT2 = 5, ST_TIME_WAIT = 6, ST_CLOSE = 7, ST_CLOSE_WAIT = 8,
	ST_LAST_ACK = 9, ST_LISTEN = 10, ST_CLOSING = 11, ST_NEW_SYN_RECV = 12,
};

struct dstate {
	int		state, row, col;
	const char	*name;
};

struct darrow {
	int		from, to, row, col;
	const char	*text;
};

/* RFC 793's figure 6 in 56 x 10 cells: setup (rows 0-3), close (4-9). */
static const struct dstate dstates[] = {
	{ ST_CLOSE, 0, 1, "CLOSE" },
	{ ST_SYN_SENT, 0, 20, "SYN_SENT" },
	{ ST_ESTABLISHED, 0, 44, "ESTABLISHED" },
	{ ST_LISTEN, 3, 1, "LISTEN" },
	{ ST_SYN_RECV, 3, 20, "SYN_RECV" },
	{ ST_ESTABLISHED, 4, 1, "ESTABLISHED" },
	{ ST_FIN_WAIT1, 4, 24, "FIN_WAIT1" },
	{ ST_CLOSING, 4, 45, "CLOSING" },
	{ ST_CLOSE_WAIT, 7, 1, "CLOSE_WAIT" },
	{ ST_FIN_WAIT2, 7, 24, "FIN_WAIT2" },
	{ ST_TIME_WAIT, 7, 45, "TIME_WAIT" },
	{ ST_LAST_ACK, 9, 1, "LAST_ACK" },
};

static const struct darrow darrows[] = {
	{ ST_CLOSE, ST_SYN_SENT, 0, 7, "─connect()─▶" },
	{ ST_SYN_SENT, ST_ESTABLISHED, 0, 29, "─rcv SYN,ACK─▶" },
	{ ST_SYN_SENT, ST_CLOSE, 1, 5, "◀─RST/timeout─" },
	{ ST_CLOSE, ST_LISTEN, 1, 3, "│" },
	{ ST_CLOSE, ST_LISTEN, 2, 3, "▼ listen()" },
	{ ST_SYN_SENT, ST_SYN_RECV, 1, 22, "│ rcv SYN" },
	{ ST_SYN_SENT, ST_SYN_RECV, 2, 22, "▼" },
	{ ST_LISTEN, ST_SYN_RECV, 3, 8, "─rcv SYN──▶" },
	{ ST_SYN_RECV, ST_ESTABLISHED, 3, 29, "───rcv ACK─────────┘" },
	{ ST_SYN_RECV, ST_ESTABLISHED, 2, 48, "│" },
	{ ST_SYN_RECV, ST_ESTABLISHED, 1, 48, "▲" },
	{ ST_ESTABLISHED, ST_FIN_WAIT1, 4, 13, "─close()─▶" },
	{ ST_FIN_WAIT1, ST_CLOSING, 4, 34, "─rcv FIN─▶" },
	{ ST_ESTABLISHED, ST_CLOSE_WAIT, 5, 3, "│ rcv FIN" },
	{ ST_ESTABLISHED, ST_CLOSE_WAIT, 6, 3, "▼" },
	{ ST_FIN_WAIT1, ST_FIN_WAIT2, 5, 26, "│ rcv ACK" },
	{ ST_FIN_WAIT1, ST_FIN_WAIT2, 6, 26, "▼" },
	{ ST_CLOSING, ST_TIME_WAIT, 5, 47, "│ rcv ACK" },
	{ ST_CLOSING, ST_TIME_WAIT, 6, 47, "▼" },
	{ ST_FIN_WAIT2, ST_TIME_WAIT, 7, 34, "─rcv FIN─▶" },
	{ ST_CLOSE_WAIT, ST_LAST_ACK, 8, 3, "▼ close()" },
	{ ST_LAST_ACK, ST_CLOSE, 9, 10, "─rcv ACK─▶ CLOSE" },
	{ ST_TIME_WAIT, ST_CLOSE, 8, 47, "▼ 60 s" },
	{ ST_TIME_WAIT, ST_CLOSE, 9, 45, "CLOSE" },
};

#define DIAG_W	56
#define DIAG_H	10

static int is_tcp_kind(int kind)
{
	return kind == KM_OBJ_TCP_SOCK || kind == KM_OBJ_REQSK || kind == KM_OBJ_TW;
}

int vz_main_sock(const struct vz_rec *r, int host)
{
	int i, best = -1;

	for (i = 0; i < r->ntrans && r->trans[i].ev <= r->pos; i++) {
		const struct vz_obj *o = &r->objs[r->trans[i].obj];

		if (o->host == host && o->kind != KM_OBJ_SOCKET && o->kind != KM_OBJ_SKB &&
		    o->kind != KM_OBJ_REQSK && o->kind != KM_OBJ_TW &&
		    vz_obj_alive(r, r->trans[i].obj))
			best = r->trans[i].obj;
	}
	if (best >= 0)
		return best;
	for (i = 0; i < r->nobjs; i++)
		if (r->objs[i].host == host && is_tcp_kind(r->objs[i].kind) &&
		    vz_obj_alive(r, i))
			return i;
	return -1;
}

static const char *short_state(unsigned long long s, char *buf, size_t len)
{
	const char *n;

	if (s == KM_VAL_UNINIT || s > 12)
		n = "?";
	else if (!s)
		n = "new";
	else
		n = km_tcp_state_name((int)s);
	if (!strncmp(n, "TCP_", 4))
		n += 4;
	snprintf(buf, len, "%s", n);
	return buf;
}

static unsigned long long state_of(const struct vz_rec *r, int obj)
{
	int f = r->kinds[r->objs[obj].kind].state_field;

	return f >= 0 ? r->objs[obj].cur[f] : 0;
}

/*
 * The state a timewait sock (trans i, its birth) took over from: the full
 * sock of the same host that tcp_time_wait() then closes (its next
 * transition to CLOSE, old state FIN_WAIT2 or CLOSING).
 */
static unsigned long long tw_born_from(const struct vz_rec *r, int i)
{
	int host = r->objs[r->trans[i].obj].host, j;

	for (j = i + 1; j < r->ntrans; j++) {
		const struct vz_trans *t = &r->trans[j];

		if (r->objs[t->obj].host == host &&
		    r->objs[t->obj].kind == KM_OBJ_TCP_SOCK && t->newv == ST_CLOSE)
			return t->oldv;
	}
	return 0;
}

/* Did a sock of this host take the transition from -> to (by the cursor)? */
static int taken(const struct vz_rec *r, int host, int from, int to)
{
	int i;

	for (i = 0; i < r->ntrans && r->trans[i].ev <= r->pos; i++) {
		const struct vz_trans *t = &r->trans[i];
		const struct vz_obj *o = &r->objs[t->obj];
		unsigned long long old = t->oldv;
		int born = old == 0 || old == KM_VAL_UNINIT;

		if (t->is_socket || o->host != host)
			continue;
		if (born && t->newv == ST_SYN_RECV)
			old = ST_LISTEN;	/* a child sock is born in SYN_RECV */
		if (born && o->kind == KM_OBJ_TW)
			old = tw_born_from(r, i);
		if ((int)old == from && (int)t->newv == to)
			return 1;
		/* TIME_WAIT's end: its timewait sock is freed */
		if (from == ST_TIME_WAIT && to == ST_CLOSE && o->kind == KM_OBJ_TW &&
		    t->newv == ST_TIME_WAIT && o->died <= r->pos)
			return 1;
	}
	return 0;
}

static int visited(const struct vz_rec *r, int host, int state)
{
	int i;

	for (i = 0; i < r->ntrans && r->trans[i].ev <= r->pos; i++) {
		const struct vz_trans *t = &r->trans[i];

		if (!t->is_socket && r->objs[t->obj].host == host &&
		    ((int)t->newv == state || (int)t->oldv == state))
			return 1;
	}
	return 0;
}

static int current_here(const struct vz_rec *r, int host, int state)
{
	int i;

	for (i = 0; i < r->nobjs; i++)
		if (r->objs[i].host == host && (r->objs[i].kind == KM_OBJ_TCP_SOCK ||
						 r->objs[i].kind == KM_OBJ_TW) &&
		    vz_obj_alive(r, i) && (int)state_of(r, i) == state)
			return 1;
	return 0;
}

/* The socks, then the sockets, of a host and their states, on one line. */
static void legend(struct vz_app *a, int host, int y, int x, int w)
{
	const struct vz_rec *r = &a->rec;
	char name[32], st[40];
	int i, n = 0, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < r->nobjs && w > 0; i++) {
			const struct vz_obj *o = &r->objs[i];
			int used, sf = r->kinds[o->kind].state_field;

			if (o->host != host || !vz_obj_alive(r, i) || sf < 0 ||
			    o->kind == KM_OBJ_SKB || (o->kind == KM_OBJ_SOCKET) != pass)
				continue;
			/* a sock with no state yet (or the kernel's own control
			 * sock, seen before tracing began) tells nothing */
			if (o->kind != KM_OBJ_SOCKET && !o->cur[sf])
				continue;
			if (o->kind == KM_OBJ_SOCKET)
				km_field_format(o->kind, sf, o->cur[sf], st, sizeof(st));
			else
				short_state(o->cur[sf], st, sizeof(st));
			used = vz_cv_printf(&a->cv, y, x, w, VZ_ST_NORMAL, "%s%s ",
					    n++ ? " · " : "",
					    vz_obj_name(r, i, name, sizeof(name)));
			x += used;
			w -= used;
			used = vz_cv_put(&a->cv, y, x, w,
					 o->mark[sf] ? VZ_ST_CHANGED : VZ_ST_STATE_CUR, st);
			x += used;
			w -= used;
		}
	if (!n)
		vz_cv_put(&a->cv, y, x, w, VZ_ST_DIM, "(no socket yet)");
}

static void diagram(struct vz_app *a, int host, int y, int x)
{
	const struct vz_rec *r = &a->rec;
	size_t i;

	for (i = 0; i < VZ_ARRAY_SIZE(darrows); i++) {
		const struct darrow *d = &darrows[i];

		vz_cv_put(&a->cv, y + d->row, x + d->col, DIAG_W - d->col,
			  taken(r, host, d->from, d->to) ? VZ_ST_STATE_SEEN :
			  VZ_ST_STATE_OFF, d->text);
	}
	for (i = 0; i < VZ_ARRAY_SIZE(dstates); i++) {
		const struct dstate *s = &dstates[i];
		int cur = current_here(r, host, s->state);

		if (cur)
			vz_cv_printf(&a->cv, y + s->row, x + s->col - 1, DIAG_W,
				     VZ_ST_STATE_CUR, "[%s]", s->name);
		else
			vz_cv_put(&a->cv, y + s->row, x + s->col, DIAG_W,
				  visited(r, host, s->state) ? VZ_ST_STATE_SEEN :
				  VZ_ST_STATE_OFF, s->name);
	}
}

/* The states obj went through: "CLOSE → SYN_SENT → ..."; returns the width used. */
static int obj_path(struct vz_app *a, int obj, int y, int x, int w)
{
	const struct vz_rec *r = &a->rec;
	int i, first = 1, used = 0, x0 = x;
	char st[40];

	for (i = 0; i < r->ntrans && r->trans[i].ev <= r->pos && w > 0; i++) {
		const struct vz_trans *t = &r->trans[i];

		if (t->obj != obj)
			continue;
		if (first && t->oldv && t->oldv != KM_VAL_UNINIT) {
			used = vz_cv_put(&a->cv, y, x, w, VZ_ST_STATE_SEEN,
					 short_state(t->oldv, st, sizeof(st)));
			x += used;
			w -= used;
		}
		if (!first || (t->oldv && t->oldv != KM_VAL_UNINIT)) {
			used = vz_cv_put(&a->cv, y, x, w, VZ_ST_DIM, " → ");
			x += used;
			w -= used;
		}
		first = 0;
		used = vz_cv_put(&a->cv, y, x, w, VZ_ST_STATE_SEEN,
				 short_state(t->newv, st, sizeof(st)));
		x += used;
		w -= used;
	}
	if (first) {
		x += vz_cv_put(&a->cv, y, x, w, VZ_ST_STATE_CUR,
			       short_state(state_of(r, obj), st, sizeof(st)));
	} else if (vz_obj_alive(r, obj)) {
		vz_cv_restyle(&a->cv, y, x - used, used, VZ_ST_STATE_CUR);
	}
	return x - x0;
}

/* The path of the host's main sock, then of its newest timewait sock. */
static void path_line(struct vz_app *a, int host, int y, int x, int w)
{
	const struct vz_rec *r = &a->rec;
	int obj = vz_main_sock(r, host), tw = -1, i, used;
	char name[32];

	for (i = 0; i < r->nobjs; i++)
		if (r->objs[i].host == host && r->objs[i].kind == KM_OBJ_TW &&
		    r->objs[i].born <= r->pos)
			tw = i;
	if (obj < 0 && tw < 0) {
		vz_cv_put(&a->cv, y, x, w, VZ_ST_DIM, "(no sock)");
		return;
	}
	if (obj >= 0) {
		used = obj_path(a, obj, y, x, w);
		x += used;
		w -= used;
	}
	if (tw >= 0 && w > 0) {
		used = vz_cv_printf(&a->cv, y, x, w, VZ_ST_DIM, "%s%s ",
				    obj >= 0 ? " · " : "",
				    vz_obj_name(r, tw, name, sizeof(name)));
		obj_path(a, tw, y, x + used, w - used);
	}
}

/* The host of the event under the cursor (the first host at the world's). */
static int cursor_host(const struct vz_rec *r, const int *hosts, int nh)
{
	int i, h = r->pos >= 0 && r->pos < r->nevs ? r->evs[r->pos].host : -1;

	for (i = 0; i < nh; i++)
		if (hosts[i] == h)
			return h;
	return hosts[0];
}

static void state_draw(struct vz_app *a, struct vz_pane *p, struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	int nh = 0, hosts[VZ_MAX_HOSTS], i, y = in.y, full, per, n, first, count, k;
	char name[32], o[40], nw[40];

	snprintf(p->title, sizeof(p->title), "TCP states");
	while (nh < VZ_MAX_HOSTS && (hosts[nh] = vz_host_order(r, nh)) >= 0)
		nh++;
	if (!nh) {
		vz_cv_put(&a->cv, y, in.x, in.w, VZ_ST_DIM, "(no host)");
		return;
	}
	full = in.w >= DIAG_W && in.h >= nh * (DIAG_H + 2);
	if (!full && in.w >= DIAG_W && in.h >= nh + DIAG_H + 1) {
		/* one diagram: every host's line of states, then the
		 * cursor's host's machine */
		int ch = cursor_host(r, hosts, nh);

		for (i = 0; i < nh; i++) {
			int x = vz_cv_printf(&a->cv, y, in.x, in.w,
					     hosts[i] == ch ? VZ_ST_GROUP : VZ_ST_DIM,
					     "%s%s: ", hosts[i] == ch ? "▸" : " ",
					     vz_host_name(r, hosts[i]));

			legend(a, hosts[i], y++, in.x + x, in.w - x);
		}
		diagram(a, ch, y, in.x);
		y += DIAG_H;
		nh = 0;		/* drawn */
	}
	per = full ? DIAG_H + 2 : 2;
	for (i = 0; i < nh && y + per <= in.y + in.h + (full ? 0 : 1); i++) {
		int h = hosts[i];

		if (full) {
			int x = vz_cv_printf(&a->cv, y, in.x, in.w, VZ_ST_GROUP, "%s: ",
					     vz_host_name(r, h));

			legend(a, h, y, in.x + x, in.w - x);
			diagram(a, h, y + 1, in.x);
			y += DIAG_H + 2;
		} else {
			int x = vz_cv_printf(&a->cv, y, in.x, in.w, VZ_ST_GROUP, "%s: ",
					     vz_host_name(r, h));

			legend(a, h, y, in.x + x, in.w - x);
			if (y + 1 < in.y + in.h) {
				vz_cv_put(&a->cv, y + 1, in.x, 2, VZ_ST_DIM, "  ");
				path_line(a, h, y + 1, in.x + 2, in.w - 2);
			}
			y += 2;
		}
	}
	/* the transitions so far, newest last */
	n = 0;
	for (i = 0; i < r->ntrans && r->trans[i].ev <= r->pos; i++)
		if (vz_trans_is_real(r, r->trans[i].obj, r->trans[i].oldv, r->trans[i].newv))
			n++;
	count = in.y + in.h - y - 1;
	if (count <= 0 || !n)
		return;
	vz_cv_put(&a->cv, y++, in.x, in.w, VZ_ST_DIM, "transitions:");
	first = n > count ? n - count : 0;
	for (i = 0, k = 0; i < r->ntrans && r->trans[i].ev <= r->pos; i++) {
		const struct vz_trans *t = &r->trans[i];
		const struct vz_ev *e = &r->evs[t->ev];
		const struct vz_obj *ob = &r->objs[t->obj];
		const struct vz_site *s = vz_ev_frame(r, e, 0);
		int recent = r->prev_pos < r->pos && t->ev > r->prev_pos;

		if (!vz_trans_is_real(r, t->obj, t->oldv, t->newv) || k++ < first)
			continue;

		if (t->is_socket) {
			snprintf(o, sizeof(o), "%s", t->oldv == KM_VAL_UNINIT ? "?" :
				 km_socket_state_name((int)t->oldv));
			snprintf(nw, sizeof(nw), "%s", km_socket_state_name((int)t->newv));
		} else {
			short_state(t->oldv, o, sizeof(o));
			short_state(t->newv, nw, sizeof(nw));
			if (t->oldv == KM_VAL_UNINIT && ob->kind == KM_OBJ_TW)
				snprintf(o, sizeof(o), "new");	/* unzeroed slab memory */
		}
		vz_cv_printf(&a->cv, y++, in.x, in.w, recent ? VZ_ST_CHANGED : VZ_ST_NORMAL,
			     "%s%7.3f %s %s %s → %s  %s", recent ? "●" : " ",
			     (double)e->time_ns / 1e9, vz_host_name(r, ob->host),
			     vz_obj_name(r, t->obj, name, sizeof(name)), o, nw,
			     s ? s->func : "");
	}
}

const struct vz_pane_ops vz_pane_state_ops = {
	.name = "TCP states",
	.draw = state_draw,
};
