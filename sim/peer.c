// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror sim: a scripted TCP peer on a test wire. It plays a remote
 * host's kernel in the simplest possible way: a listening port (SYN ->
 * SYN-ACK with Linux 5.0's options), a closed port (SYN -> RST|ACK), or
 * a black hole. Answers arrive one round-trip time later.
 */
#include <stdlib.h>
#include <string.h>
#include <kmapi/sim.h>
#include <kmapi/wire.h>

struct km_peer {
	struct km_wire		*wire;
	enum km_peer_mode	mode;
	uint32_t		isn;
	long long		rtt_ns;
	unsigned int		seen;
	struct km_seg		last;
	uint8_t			last_frame[1600];
};

static void peer_send(struct km_peer *p, const struct km_seg *s)
{
	uint8_t buf[128];
	int n = km_seg_build(s, buf, sizeof(buf));

	if (n > 0)
		km_wire_inject_at(p->wire, p->rtt_ns, buf, (size_t)n);
}

static void peer_tx(void *ctx, struct km_wire *w, const unsigned char *frame,
		    size_t len)
{
	struct km_peer *p = ctx;
	struct km_seg in, out;

	if (len > sizeof(p->last_frame) || km_seg_parse(frame, len, &in) < 0)
		return;
	memcpy(p->last_frame, frame, len);
	km_seg_parse(p->last_frame, len, &p->last);
	p->seen++;
	if (in.protocol != 6 || (in.flags & KM_TH_RST))
		return;
	if (!(in.flags & KM_TH_SYN) || (in.flags & KM_TH_ACK))
		return;

	km_seg_init_tcp(&out, in.daddr, in.dport, in.saddr, in.sport);
	switch (p->mode) {
	case KM_PEER_ACCEPT:
		/* What a Linux 5.0 listener answers (net/ipv4/tcp_output.c:3207). */
		out.flags = KM_TH_SYN | KM_TH_ACK;
		out.seq = p->isn;
		out.ack = in.seq + 1;
		out.mss = 1460;
		out.sack_perm = in.sack_perm;
		out.ts = in.ts;
		out.tsval = 1000 + p->seen;
		out.tsecr = in.tsval;
		out.wscale = in.wscale >= 0 ? 7 : -1;
		out.window = in.ts ? 65160 : 64240;
		peer_send(p, &out);
		break;
	case KM_PEER_REFUSE:
		/* tcp_v4_send_reset() for a segment without ACK. */
		out.flags = KM_TH_RST | KM_TH_ACK;
		out.seq = 0;
		out.ack = in.seq + 1;
		out.window = 0;
		peer_send(p, &out);
		break;
	case KM_PEER_SILENT:
		break;
	}
}

struct km_peer *km_peer_new(struct km_wire *w, enum km_peer_mode mode,
			    uint32_t isn, long long rtt_ns)
{
	struct km_peer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->wire = w;
	p->mode = mode;
	p->isn = isn;
	p->rtt_ns = rtt_ns;
	km_wire_set_tx_hook(w, peer_tx, p);
	return p;
}

void km_peer_free(struct km_peer *p)
{
	if (!p)
		return;
	km_wire_set_tx_hook(p->wire, NULL, NULL);
	free(p);
}

unsigned int km_peer_seen(const struct km_peer *p)
{
	return p->seen;
}

const struct km_seg *km_peer_last(const struct km_peer *p)
{
	return p->seen ? &p->last : NULL;
}
