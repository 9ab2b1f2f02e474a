// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the sk_buff pane — the skb the current step works on (the
 * last one touched on that host): its geometry, head | headroom | data |
 * tailroom | end, with the offsets and header positions; the packet
 * decoded by layer (IP, TCP with options, UDP, ICMP); and a hex dump
 * styled by header.
 */
#include <stdio.h>
#include <string.h>
#include <curses.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include <kmapi/decode.h>
#include "app.h"
#include "vzutil.h"

struct layer {
	int		start, end;	/* offsets from skb->data */
	int		style;
	const char	*name;
};

struct skb_view {
	int		obj;
	unsigned long long data_off, tail, end, len, nh, th, mh;
	const unsigned char *b;
	unsigned int	blen;
	struct layer	l[8];
	int		nl;
	int		ip, tcp, udp, icmp;	/* offsets of decoded headers, -1 */
	int		ihl, doff;
};

static int hdr_rel(unsigned long long hdr, const struct skb_view *v)
{
	if ((hdr & 0xffff) == 0xffff || hdr < v->data_off ||
	    hdr >= v->data_off + v->blen)
		return -1;
	return (int)(hdr - v->data_off);
}

static void add_layer(struct skb_view *v, int s, int e, int style, const char *name)
{
	if (e <= s || v->nl == (int)VZ_ARRAY_SIZE(v->l))
		return;
	v->l[v->nl].start = s;
	v->l[v->nl].end = e;
	v->l[v->nl].style = style;
	v->l[v->nl].name = name;
	v->nl++;
}

static void analyse(const struct vz_rec *r, int obj, struct skb_view *v)
{
	const struct vz_obj *o = &r->objs[obj];
	int at = 0, proto = -1;

	memset(v, 0, sizeof(*v));
	v->obj = obj;
	v->data_off = vz_val(r, obj, "data");
	v->tail = vz_val(r, obj, "tail");
	v->end = vz_val(r, obj, "end");
	v->len = vz_val(r, obj, "len");
	v->nh = vz_val(r, obj, "network_header");
	v->th = vz_val(r, obj, "transport_header");
	v->mh = vz_val(r, obj, "mac_header");
	v->ip = v->tcp = v->udp = v->icmp = -1;
	if (o->blob_cur_off >= 0 && (size_t)o->blob_cur_off + o->blob_cur_len <= r->nbytes) {
		v->b = r->bytes + o->blob_cur_off;
		v->blen = o->blob_cur_len;
	}
	if (!v->b)
		return;

	v->ip = hdr_rel(v->nh, v);
	if (v->ip >= 0 && v->ip + 20 <= (int)v->blen && (v->b[v->ip] >> 4) == 4) {
		v->ihl = (v->b[v->ip] & 0xf) * 4;
		if (v->ihl < 20 || v->ip + v->ihl > (int)v->blen) {
			v->ip = -1;
		} else {
			proto = v->b[v->ip + 9];
			add_layer(v, at, v->ip, VZ_ST_HDR_DATA, "link");
			add_layer(v, v->ip, v->ip + v->ihl, VZ_ST_HDR_IP, "IP");
			at = v->ip + v->ihl;
		}
	} else {
		v->ip = -1;
	}
	{
		int t = hdr_rel(v->th, v);

		if (t < 0 && v->ip >= 0)
			t = v->ip + v->ihl;
		if (t < 0 && proto < 0 && vz_val(r, obj, "sk"))
			t = 0;	/* a socket's skb before any header is set */
		if (t >= 0 && t >= at) {
			if (proto < 0 || proto == 6) {
				if (t + 20 <= (int)v->blen) {
					v->doff = (v->b[t + 12] >> 4) * 4;
					if (v->doff >= 20 && t + v->doff <= (int)v->blen) {
						v->tcp = t;
						add_layer(v, at, t, VZ_ST_HDR_DATA, "");
						add_layer(v, t, t + 20, VZ_ST_HDR_TCP, "TCP");
						add_layer(v, t + 20, t + v->doff, VZ_ST_HDR_OPT, "opt");
						at = t + v->doff;
					}
				}
			} else if ((proto == 17 || proto == 1) && t + 8 <= (int)v->blen) {
				if (proto == 17)
					v->udp = t;
				else
					v->icmp = t;
				add_layer(v, t, t + 8, VZ_ST_HDR_TCP, proto == 17 ? "UDP" : "ICMP");
				at = t + 8;
			}
		}
	}
	add_layer(v, at, (int)v->blen, VZ_ST_HDR_DATA, "data");
}

static int byte_style(const struct skb_view *v, int off)
{
	int i;

	for (i = 0; i < v->nl; i++)
		if (off >= v->l[i].start && off < v->l[i].end)
			return v->l[i].style;
	return VZ_ST_HDR_DATA;
}

static unsigned int be16(const unsigned char *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static unsigned int be32(const unsigned char *p)
{
	return (unsigned int)p[0] << 24 | (unsigned int)p[1] << 16 |
	       (unsigned int)p[2] << 8 | p[3];
}

static void tcp_options(const unsigned char *p, int n, char *buf, size_t len)
{
	size_t o = 0;
	int i = 0;

	buf[0] = '\0';
	while (i < n && o < len) {
		int kind = p[i], l = kind <= 1 ? 1 : (i + 1 < n ? p[i + 1] : 0);
		const char *sep = o ? ", " : "";

		if (kind == 0) {
			o += snprintf(buf + o, len - o, "%seol", sep);
			break;
		}
		if (kind == 1) {
			o += snprintf(buf + o, len - o, "%snop", sep);
			i++;
			continue;
		}
		if (l < 2 || i + l > n) {
			o += snprintf(buf + o, len - o, "%s(bad option)", sep);
			break;
		}
		if (kind == 2 && l == 4)
			o += snprintf(buf + o, len - o, "%smss %u", sep, be16(p + i + 2));
		else if (kind == 3 && l == 3)
			o += snprintf(buf + o, len - o, "%swscale %u", sep, p[i + 2]);
		else if (kind == 4)
			o += snprintf(buf + o, len - o, "%ssackOK", sep);
		else if (kind == 8 && l == 10)
			o += snprintf(buf + o, len - o, "%sTS val %u ecr %u", sep,
				      be32(p + i + 2), be32(p + i + 6));
		else
			o += snprintf(buf + o, len - o, "%sopt %d", sep, kind);
		i += l;
	}
}

/* Offsets along the bar. */
static int bar_x(unsigned long long off, unsigned long long end, int w)
{
	return end ? (int)(off * (unsigned long long)w / end) : 0;
}

static void draw_bar(struct vz_app *a, const struct skb_view *v, int y,
		     struct vz_rect in)
{
	int w = in.w - 1, i, x0, x1;
	unsigned long long end = v->end;
	char lbl[40];

	if (!end || end > 1 << 20 || v->tail > end || v->data_off > v->tail)
		return;
	/* labels above */
	vz_cv_put(&a->cv, y, in.x, w, VZ_ST_DIM, "head");
	x0 = bar_x(v->data_off, end, w);
	if (x0 >= 5)
		vz_cv_put(&a->cv, y, in.x + x0, w - x0, VZ_ST_DIM, "data");
	x1 = bar_x(v->tail, end, w);
	if (x1 >= x0 + 5 && x1 + 4 <= w - 3)
		vz_cv_put(&a->cv, y, in.x + x1, w - x1, VZ_ST_DIM, "tail");
	vz_cv_put(&a->cv, y, in.x + w - 3, 3, VZ_ST_DIM, "end");
	y++;
	/* the bar */
	vz_cv_fill(&a->cv, y, in.x, x0, L'░', VZ_ST_ROOM);
	if (x0 >= 10)
		vz_cv_put(&a->cv, y, in.x + (x0 - 8) / 2, 8, VZ_ST_ROOM, "headroom");
	for (i = 0; i < v->nl; i++) {
		int s = bar_x(v->data_off + v->l[i].start, end, w);
		int e = bar_x(v->data_off + v->l[i].end, end, w);
		int n;

		if (e <= s)
			e = s + 1;
		vz_cv_fill(&a->cv, y, in.x + s, e - s, L' ', v->l[i].style);
		vz_cv_fill(&a->cv, y, in.x + s, 1, L'│', v->l[i].style);
		n = vz_text_width(v->l[i].name);
		if (e - s - 1 >= n)
			vz_cv_put(&a->cv, y, in.x + s + 1, e - s - 1, v->l[i].style,
				  v->l[i].name);
	}
	if (!v->nl && x1 > x0)
		vz_cv_fill(&a->cv, y, in.x + x0, x1 - x0, L'▒', VZ_ST_HDR_DATA);
	vz_cv_fill(&a->cv, y, in.x + x1, w - x1, L'░', VZ_ST_ROOM);
	if (w - x1 >= 10)
		vz_cv_put(&a->cv, y, in.x + x1 + (w - x1 - 8) / 2, 8, VZ_ST_ROOM, "tailroom");
	vz_cv_fill(&a->cv, y, in.x + w, 1, L'│', VZ_ST_ROOM);
	y++;
	/* offsets below */
	vz_cv_put(&a->cv, y, in.x, w, VZ_ST_DIM, "0");
	snprintf(lbl, sizeof(lbl), "%llu", v->data_off);
	if (x0 >= 2)
		vz_cv_put(&a->cv, y, in.x + x0, w - x0, VZ_ST_DIM, lbl);
	snprintf(lbl, sizeof(lbl), "%llu", v->tail);
	if (x1 >= x0 + 5 && x1 + (int)strlen(lbl) + 1 < w - 4)
		vz_cv_put(&a->cv, y, in.x + x1, w - x1, VZ_ST_DIM, lbl);
	snprintf(lbl, sizeof(lbl), "%llu", end);
	vz_cv_put(&a->cv, y, in.x + w + 1 - (int)strlen(lbl), (int)strlen(lbl),
		  VZ_ST_DIM, lbl);
}

static void hdr_text(unsigned long long h, char *buf, size_t len)
{
	if ((h & 0xffff) == 0xffff)
		snprintf(buf, len, "unset");
	else
		snprintf(buf, len, "%llu", h);
}

static void skb_draw(struct vz_app *a, struct vz_pane *p, struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_ev *e = vz_cur_ev(a);
	struct skb_view v;
	char name[32], buf[300], b2[40], b3[40], b4[40];
	int nrow = 0, i, bpr, obj = e ? e->skb_obj : -1;

	snprintf(p->title, sizeof(p->title), "sk_buff");
	if (obj < 0 || obj >= r->nobjs) {
		vz_cv_put(&a->cv, in.y, in.x, in.w, VZ_ST_DIM,
			  "(no sk_buff on this host yet)");
		p->nlines = 0;
		return;
	}
	analyse(r, obj, &v);
	vz_obj_name(r, obj, name, sizeof(name));
	snprintf(p->title, sizeof(p->title), "sk_buff · %s · %s%s", name,
		 vz_host_name(r, r->objs[obj].host),
		 vz_obj_alive(r, obj) ? "" : " (freed)");

#define AT(n)	(in.y + nrow - p->scroll + (n))
#define VIS(yy)	((yy) >= in.y && (yy) < in.y + in.h)
#define LINE(style, ...) do {						\
		if (VIS(AT(0)))						\
			vz_cv_printf(&a->cv, AT(0), in.x, in.w, style, __VA_ARGS__); \
		nrow++;						\
	} while (0)

	LINE(VZ_ST_GROUP, "len %llu · data_len %llu · truesize %llu · users %llu",
	     v.len, vz_val(r, obj, "data_len"), vz_val(r, obj, "truesize"),
	     vz_val(r, obj, "users"));
	if (v.end && v.end <= 1 << 20) {
		if (VIS(AT(0)) && VIS(AT(2))) {
			struct vz_rect bar = { 0, in.x, 3, in.w };

			draw_bar(a, &v, AT(0), bar);
		}
		nrow += 3;
		LINE(VZ_ST_NORMAL, "headroom %llu · tailroom %llu",
		     v.data_off, v.end > v.tail ? v.end - v.tail : 0);
	}
	hdr_text(v.mh, b2, sizeof(b2));
	hdr_text(v.nh, b3, sizeof(b3));
	hdr_text(v.th, b4, sizeof(b4));
	LINE(VZ_ST_NORMAL, "mac_header %s · network_header %s · transport_header %s",
	     b2, b3, b4);
	if (vz_val(r, obj, "cb_tcp_flags") || vz_val(r, obj, "cb_seq")) {
		char fl[64];

		km_fmt_value(KM_FMT_TCP_FLAGS, vz_val(r, obj, "cb_tcp_flags"), fl, sizeof(fl));
		LINE(VZ_ST_NORMAL, "TCP_SKB_CB: seq %llu end_seq %llu flags %s",
		     vz_val(r, obj, "cb_seq"), vz_val(r, obj, "cb_end_seq"), fl);
	}
	if (!v.b) {
		LINE(VZ_ST_DIM, "%s", "(no data bytes yet)");
		p->nlines = nrow;
		return;
	}
	if (v.ip >= 0) {
		const unsigned char *ip = v.b + v.ip;
		unsigned int fo = be16(ip + 6);

		LINE(VZ_ST_HDR_IP, "IPv4 %u.%u.%u.%u → %u.%u.%u.%u · ttl %u · id %u%s · len %u · proto %u",
		     ip[12], ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19],
		     ip[8], be16(ip + 4), fo & 0x4000 ? " · DF" : "", be16(ip + 2), ip[9]);
	}
	if (v.tcp >= 0) {
		const unsigned char *t = v.b + v.tcp;
		char fl[16], rel[40] = "", rel2[40] = "", opts[200];
		uint32_t isn, saddr, daddr;

		km_tcp_flags_str(t[13], fl, sizeof(fl));
		if (v.ip >= 0) {
			memcpy(&saddr, v.b + v.ip + 12, 4);
			memcpy(&daddr, v.b + v.ip + 16, 4);
		} else {
			/* no IP header in the data (yet, or any more): the
			 * addresses are the sock's, oriented by the ports */
			int sk = vz_rec_find_obj(r, r->objs[obj].host, 0, vz_val(r, obj, "sk"));
			uint32_t loc = (uint32_t)vz_val(r, sk, "skc_rcv_saddr");
			uint32_t rem = (uint32_t)vz_val(r, sk, "skc_daddr");
			int out = be16(t) == (vz_val(r, sk, "skc_num") & 0xffff);

			saddr = out ? loc : rem;
			daddr = out ? rem : loc;
		}
		if (a->rel_seq && vz_isn(r, saddr, be16(t), daddr, be16(t + 2), &isn))
			snprintf(rel, sizeof(rel), " (ISN+%u)", be32(t + 4) - isn);
		if (a->rel_seq && (t[13] & 0x10) &&
		    vz_isn(r, daddr, be16(t + 2), saddr, be16(t), &isn))
			snprintf(rel2, sizeof(rel2), " (ISN+%u)", be32(t + 8) - isn);
		LINE(VZ_ST_HDR_TCP, "TCP %u → %u · [%s] · win %u · header %u bytes",
		     be16(t), be16(t + 2), fl, be16(t + 14), v.doff);
		LINE(VZ_ST_HDR_TCP, "    seq %u%s · ack %u%s", be32(t + 4), rel, be32(t + 8),
		     rel2);
		if (v.doff > 20) {
			tcp_options(t + 20, v.doff - 20, opts, sizeof(opts));
			LINE(VZ_ST_HDR_OPT, "    options: %s", opts);
		}
	}
	if (v.udp >= 0) {
		const unsigned char *u = v.b + v.udp;

		LINE(VZ_ST_HDR_TCP, "UDP %u → %u · len %u", be16(u), be16(u + 2), be16(u + 4));
	}
	if (v.icmp >= 0) {
		const unsigned char *c = v.b + v.icmp;

		LINE(VZ_ST_HDR_TCP, "ICMP type %u code %u", c[0], c[1]);
	}

	/* legend, then the bytes */
	if (VIS(AT(0))) {
		int x = in.x;

		x += vz_cv_put(&a->cv, AT(0), x, in.w, VZ_ST_DIM, "bytes from data: ");
		for (i = 0; i < v.nl && x < in.x + in.w; i++) {
			if (!v.l[i].name[0])
				continue;
			x += vz_cv_put(&a->cv, AT(0), x, in.x + in.w - x, v.l[i].style,
				       v.l[i].name);
			x += vz_cv_put(&a->cv, AT(0), x, in.x + in.w - x, VZ_ST_DIM, " ");
		}
	}
	nrow++;
	bpr = in.w >= 6 + 16 * 3 ? 16 : 8;
	for (i = 0; i < (int)v.blen; i += bpr) {
		int y = AT(0), k;

		if (VIS(y)) {
			vz_cv_printf(&a->cv, y, in.x, 6, VZ_ST_LINENO, "%04x", i);
			for (k = 0; k < bpr && i + k < (int)v.blen; k++) {
				snprintf(buf, sizeof(buf), "%02x", v.b[i + k]);
				vz_cv_put(&a->cv, y, in.x + 6 + k * 3, 2,
					  byte_style(&v, i + k), buf);
			}
		}
		nrow++;
	}
#undef LINE
#undef VIS
#undef AT
	p->nlines = nrow;
}

const struct vz_pane_ops vz_pane_skb_ops = {
	.name = "sk_buff",
	.draw = skb_draw,
};
