// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the structures pane — one host's struct socket, its sock
 * (sock_common, sock, inet_sock, inet_connection_sock, tcp_sock) and any
 * request socks, as an expandable field tree with decoded values.
 *
 * Fields the last move changed carry a marker (● or *) and the "changed"
 * attribute, with the value they had before; a collapsed group still
 * shows its changed fields. Sequence numbers show their offset from the
 * ISN of their direction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include "app.h"
#include "vzutil.h"

#define OBJ_COLLAPSED	(1u << 31)

enum { ROW_OBJ, ROW_GROUP, ROW_FIELD };

struct row {
	int type, obj, group, field;
};

struct rows {
	struct row	*r;
	int		n, cap;
};

static void add_row(struct rows *rs, int type, int obj, int group, int field)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 256;
		rs->r = vz_xrealloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	rs->r[rs->n].type = type;
	rs->r[rs->n].obj = obj;
	rs->r[rs->n].group = group;
	rs->r[rs->n].field = field;
	rs->n++;
}

static int shown_kind(int kind)
{
	return kind != KM_OBJ_SKB && kind > KM_OBJ_NONE && kind < VZ_KINDS;
}

int vz_struct_host(const struct vz_app *a, const struct vz_pane *p)
{
	const struct vz_rec *r = &a->rec;
	int i;

	if (p->host >= 0)
		return p->host;
	if (a->wide && a->panes[VZ_P_STRUCT2].r.h)
		return vz_host_order(r, p == &a->panes[VZ_P_STRUCT2] ? 1 : 0);
	for (i = r->pos; i >= 0; i--)
		if (r->evs[i].host >= 0)
			return r->evs[i].host;
	return vz_host_order(r, 0);
}

/* Objects of a host in reading order: each socket, then its sock; then
 * socks without a socket (request socks, children not yet accepted). */
static int objects_of(const struct vz_rec *r, int host, int *out, int max)
{
	int n = 0, i, j;

	for (i = 0; i < r->nobjs && n < max; i++) {
		const struct vz_obj *o = &r->objs[i];
		int sk;

		if (o->host != host || o->kind != KM_OBJ_SOCKET || !vz_obj_alive(r, i))
			continue;
		out[n++] = i;
		sk = vz_rec_find_obj(r, host, 0, vz_val(r, i, "sk"));
		if (sk >= 0 && vz_obj_alive(r, sk) && n < max)
			out[n++] = sk;
	}
	for (i = 0; i < r->nobjs && n < max; i++) {
		const struct vz_obj *o = &r->objs[i];

		if (o->host != host || !shown_kind(o->kind) || !vz_obj_alive(r, i))
			continue;
		for (j = 0; j < n && out[j] != i; j++)
			;
		if (j == n)
			out[n++] = i;
	}
	return n;
}

static int group_marks(const struct vz_obj *o, const struct vz_group *g)
{
	int f, n = 0;

	for (f = g->first; f < g->first + g->count; f++)
		n += o->mark[f];
	return n;
}

static void build_rows(const struct vz_rec *r, int host, struct rows *rs)
{
	int objs[64], n = objects_of(r, host, objs, 64), i, g, f;

	for (i = 0; i < n; i++) {
		const struct vz_obj *o = &r->objs[objs[i]];
		const struct vz_kind *k = &r->kinds[o->kind];

		add_row(rs, ROW_OBJ, objs[i], -1, -1);
		if (o->ui_collapsed & OBJ_COLLAPSED)
			continue;
		for (g = 0; g < k->ngroups; g++) {
			const struct vz_group *gr = &k->groups[g];
			int open = !(o->ui_collapsed & (1u << g)) || k->ngroups == 1;

			if (k->ngroups > 1)
				add_row(rs, ROW_GROUP, objs[i], g, -1);
			for (f = gr->first; f < gr->first + gr->count; f++)
				if ((open || o->mark[f]) && vz_field_present(r, o->kind, f))
					add_row(rs, ROW_FIELD, objs[i], g, f);
		}
	}
}

/* ---- sequence numbers relative to the ISN ---- */

static unsigned short bswap16(unsigned int v)
{
	return (unsigned short)(((v & 0xff) << 8) | ((v >> 8) & 0xff));
}

static const char *const local_seq[] = {
	"snd_nxt", "snd_una", "snd_sml", "write_seq", "pushed_seq", "snd_up",
	"snt_isn",
};
static const char *const remote_seq[] = {
	"rcv_nxt", "copied_seq", "rcv_wup", "snd_wl1", "rcv_isn",
};

static int in_list(const char *name, const char *const *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i], name))
			return 1;
	return 0;
}

/* " (ISN+1)" for a sequence-number field, when the ISN is known. */
static void seq_suffix(const struct vz_rec *r, int obj, int field,
		       unsigned long long v, char *buf, size_t len)
{
	const struct vz_obj *o = &r->objs[obj];
	const struct km_field_info *fi = km_field(o->kind, field);
	uint32_t saddr, daddr, isn;
	unsigned int sport, dport;
	int local;

	buf[0] = '\0';
	if (!fi || fi->fmt != KM_FMT_SEQ || v == KM_VAL_UNINIT || !v)
		return;
	if (in_list(fi->name, local_seq, VZ_ARRAY_SIZE(local_seq)))
		local = 1;
	else if (in_list(fi->name, remote_seq, VZ_ARRAY_SIZE(remote_seq)))
		local = 0;
	else
		return;
	saddr = (uint32_t)vz_val(r, obj, "skc_rcv_saddr");
	daddr = (uint32_t)vz_val(r, obj, "skc_daddr");
	sport = (unsigned int)vz_val(r, obj, "skc_num") & 0xffff;
	dport = bswap16((unsigned int)vz_val(r, obj, "skc_dport"));
	if (!sport || !dport)
		return;
	if (local ? vz_isn(r, saddr, sport, daddr, dport, &isn) :
		    vz_isn(r, daddr, dport, saddr, sport, &isn))
		snprintf(buf, len, " (%sISN+%u)", local ? "" : "peer ",
			 (unsigned int)((uint32_t)v - isn));
}

/* ---- drawing ---- */

static const char *display_name(const struct km_field_info *fi)
{
	/* Names with a dot (sk_lock.owned) or an expression read better. */
	if (fi->alias && (strchr(fi->alias, '.') || strchr(fi->alias, '(') ||
			  strchr(fi->alias, ' ')))
		return fi->alias;
	return fi->name;
}

static int dull_value(const struct km_field_info *fi, unsigned long long v)
{
	return v == 0 || v == KM_VAL_UNINIT ||
	       (fi->fmt == KM_FMT_TIMER && v == 0);
}

static void draw_obj_row(struct vz_app *a, const struct row *rw, int y,
			 struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_obj *o = &r->objs[rw->obj];
	char name[48], state[64] = "";
	int sf = r->kinds[o->kind].state_field, changed = 0, f;

	for (f = 0; f < o->nvals; f++)
		changed += o->mark[f];
	if (sf >= 0 && o->cur[sf] && o->cur[sf] != KM_VAL_UNINIT)
		km_field_format(o->kind, sf, o->cur[sf], state, sizeof(state));
	int x = vz_cv_printf(&a->cv, y, in.x, in.w, VZ_ST_GROUP, "%s %s · struct %s%s%s",
			     o->ui_collapsed & OBJ_COLLAPSED ? "▸" : "▾",
			     vz_obj_name(r, rw->obj, name, sizeof(name)),
			     km_obj_kind_struct(o->kind), state[0] ? " · " : "", state);

	if (changed && (o->ui_collapsed & OBJ_COLLAPSED) && x + 2 < in.w)
		vz_cv_printf(&a->cv, y, in.x + x + 2, in.w - x - 2, VZ_ST_CHANGED,
			     "● %d changed", changed);
}

static void draw_group_row(struct vz_app *a, const struct row *rw, int y,
			   struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_obj *o = &r->objs[rw->obj];
	const struct vz_group *g = &r->kinds[o->kind].groups[rw->group];
	int open = !(o->ui_collapsed & (1u << rw->group));
	int n = group_marks(o, g), x;

	x = vz_cv_printf(&a->cv, y, in.x + 2, in.w - 2, VZ_ST_GROUP, "%s %s (%d)",
			 open ? "▾" : "▸", g->name, g->count);
	if (n)
		vz_cv_printf(&a->cv, y, in.x + 2 + x + 2, in.w - x - 4, VZ_ST_CHANGED,
			     "● %d changed", n);
}

static void draw_field_row(struct vz_app *a, const struct row *rw, int y,
			   struct vz_rect in, int namew)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_obj *o = &r->objs[rw->obj];
	const struct km_field_info *fi = km_field(o->kind, rw->field);
	unsigned long long v = o->cur[rw->field];
	char val[200], old[120], suf[40];
	int marked = o->mark[rw->field], x, vx;
	int indent = r->kinds[o->kind].ngroups > 1 ? 4 : 2;

	if (fi->fmt == KM_FMT_BLOB)
		snprintf(val, sizeof(val), "(%llu bytes)", v);
	else
		km_field_format(o->kind, rw->field, v, val, sizeof(val));
	if (a->rel_seq) {
		seq_suffix(r, rw->obj, rw->field, v, suf, sizeof(suf));
		strncat(val, suf, sizeof(val) - strlen(val) - 1);
	}
	if (marked)
		vz_cv_put(&a->cv, y, in.x, 2, VZ_ST_CHANGED, "●");
	x = in.x + indent;
	vz_cv_put(&a->cv, y, x, namew, marked ? VZ_ST_CHANGED : VZ_ST_NAME,
		  display_name(fi));
	vx = x + namew + 1;
	if (vx >= in.x + in.w)
		return;
	vx += vz_cv_put(&a->cv, y, vx, in.x + in.w - vx,
			marked ? VZ_ST_CHANGED : dull_value(fi, v) ? VZ_ST_DIM :
			VZ_ST_VALUE, val);
	if (marked && fi->fmt != KM_FMT_BLOB) {
		unsigned long long pv = o->prev[rw->field];

		km_field_format(o->kind, rw->field, pv, old, sizeof(old));
		vz_cv_printf(&a->cv, y, vx, in.x + in.w - vx, VZ_ST_DIM, "  ← %s", old);
	}
}

static void struct_draw(struct vz_app *a, struct vz_pane *p, struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	int host = vz_struct_host(a, p), namew = 12, i, first_mark = -1;
	struct rows rs = { 0 };

	snprintf(p->title, sizeof(p->title), "Structures · %s%s",
		 vz_host_name(r, host),
		 a->wide ? "" : p->host < 0 ? " (follows; H)" : " (H)");
	build_rows(r, host, &rs);
	p->nlines = rs.n;
	if (!rs.n) {
		vz_cv_put(&a->cv, in.y, in.x, in.w, VZ_ST_DIM,
			  "(no socket or sock on this host yet)");
		free(rs.r);
		return;
	}
	for (i = 0; i < rs.n; i++) {
		if (rs.r[i].type == ROW_FIELD) {
			const struct vz_obj *o = &r->objs[rs.r[i].obj];
			int w = vz_text_width(display_name(km_field(o->kind, rs.r[i].field)));

			if (w > namew)
				namew = w;
			if (first_mark < 0 && o->mark[rs.r[i].field])
				first_mark = i;
		}
	}
	if (namew > 26)
		namew = 26;
	if (namew > in.w / 2)
		namew = in.w / 2;
	if (p->cursor >= rs.n)
		p->cursor = rs.n - 1;
	if (p->cursor < 0)
		p->cursor = 0;
	if (p->follow && first_mark >= 0) {
		p->cursor = first_mark;
		if (first_mark < p->scroll || first_mark >= p->scroll + in.h)
			p->scroll = first_mark - in.h / 3;
	}
	if (p->cursor < p->scroll)
		p->scroll = p->cursor;
	if (p->cursor >= p->scroll + in.h)
		p->scroll = p->cursor - in.h + 1;
	if (p->scroll > rs.n - in.h)
		p->scroll = rs.n - in.h;
	if (p->scroll < 0)
		p->scroll = 0;
	for (i = 0; i < in.h && i + p->scroll < rs.n; i++) {
		const struct row *rw = &rs.r[i + p->scroll];
		int y = in.y + i;

		switch (rw->type) {
		case ROW_OBJ:
			draw_obj_row(a, rw, y, in);
			break;
		case ROW_GROUP:
			draw_group_row(a, rw, y, in);
			break;
		default:
			draw_field_row(a, rw, y, in, namew);
		}
		if (i + p->scroll == p->cursor && a->focus == (int)(p - a->panes))
			vz_cv_restyle(&a->cv, y, in.x, in.w, VZ_ST_SELECT);
	}
	if (p->scroll > 0)
		vz_cv_put(&a->cv, in.y, in.x + in.w - 1, 1, VZ_ST_DIM, "↑");
	if (p->scroll + in.h < rs.n)
		vz_cv_put(&a->cv, in.y + in.h - 1, in.x + in.w - 1, 1, VZ_ST_DIM, "↓");
	free(rs.r);
}

static void toggle(struct vz_app *a, struct vz_pane *p, int open_it, int close_it)
{
	struct vz_rec *r = &a->rec;
	struct rows rs = { 0 };
	int host = vz_struct_host(a, p);

	build_rows(r, host, &rs);
	if (p->cursor >= 0 && p->cursor < rs.n) {
		const struct row *rw = &rs.r[p->cursor];
		struct vz_obj *o = &r->objs[rw->obj];
		unsigned int bit = rw->type == ROW_OBJ ? OBJ_COLLAPSED :
				   rw->group >= 0 ? 1u << rw->group : 0;

		if (rw->type == ROW_FIELD && close_it && r->kinds[o->kind].ngroups > 1) {
			/* collapse the group the field is in, land on it */
			o->ui_collapsed |= bit;
			while (p->cursor > 0 && rs.r[p->cursor].type == ROW_FIELD)
				p->cursor--;
		} else if (rw->type == ROW_FIELD && close_it) {
			o->ui_collapsed |= OBJ_COLLAPSED;
			while (p->cursor > 0 && rs.r[p->cursor].type != ROW_OBJ)
				p->cursor--;
		} else if (bit && rw->type != ROW_FIELD) {
			if (open_it)
				o->ui_collapsed &= ~bit;
			else if (close_it)
				o->ui_collapsed |= bit;
			else
				o->ui_collapsed ^= bit;
		}
	}
	p->follow = 0;
	free(rs.r);
}

static void expand_all(struct vz_app *a, struct vz_pane *p)
{
	struct vz_rec *r = &a->rec;
	int host = vz_struct_host(a, p), i, any_closed = 0;

	for (i = 0; i < r->nobjs; i++)
		if (r->objs[i].host == host && r->objs[i].ui_collapsed)
			any_closed = 1;
	for (i = 0; i < r->nobjs; i++)
		if (r->objs[i].host == host)
			r->objs[i].ui_collapsed = any_closed ? 0 : VZ_COLLAPSED_DEFAULT;
	vz_message(a, 0, any_closed ? "All groups expanded (E again: the default)." :
		   "Groups back to the default (sock_common open).");
}

static int struct_key(struct vz_app *a, struct vz_pane *p, int key)
{
	switch (key) {
	case KEY_UP:
	case 'k':
		p->cursor--;
		p->follow = 0;
		if (p->cursor < 0)
			p->cursor = 0;
		return 1;
	case KEY_DOWN:
	case 'j':
		p->cursor++;
		p->follow = 0;
		if (p->cursor >= p->nlines)
			p->cursor = p->nlines ? p->nlines - 1 : 0;
		return 1;
	case KEY_RIGHT:
	case 'l':
		toggle(a, p, 1, 0);
		return 1;
	case KEY_LEFT:
	case 'h':
		toggle(a, p, 0, 1);
		return 1;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case 'o':
		toggle(a, p, 0, 0);
		return 1;
	case 'E':
		expand_all(a, p);
		return 1;
	}
	return 0;
}

const struct vz_pane_ops vz_pane_struct_ops = {
	.name = "Structures",
	.draw = struct_draw,
	.key = struct_key,
};
