// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror sim: build and parse IPv4 frames (TCP, UDP, ICMP) for tests and
 * scripted peers. This is test equipment, not mirrored kernel code: it
 * plays the other end of the cable.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <kmapi/sim.h>

static uint32_t sum16(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)(b[len - 1] << 8);
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t pseudo(uint32_t saddr, uint32_t daddr, uint8_t proto, size_t len)
{
	uint32_t sum = 0;

	sum = sum16(&saddr, 4, sum);
	sum = sum16(&daddr, 4, sum);
	sum += proto;
	sum += (uint32_t)len;
	return sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void km_seg_init_tcp(struct km_seg *s, uint32_t saddr, uint16_t sport,
		     uint32_t daddr, uint16_t dport)
{
	memset(s, 0, sizeof(*s));
	s->saddr = saddr;
	s->daddr = daddr;
	s->sport = sport;
	s->dport = dport;
	s->ttl = 64;
	s->df = true;
	s->protocol = 6;
	s->mss = -1;
	s->wscale = -1;
	s->window = 65535;
}

/* TCP options in the order Linux writes them (tcp_options_write). */
static unsigned int tcp_opts(const struct km_seg *s, uint8_t *o)
{
	unsigned int n = 0;

	if (s->opt_len) {
		memcpy(o, s->opt, s->opt_len);
		n = s->opt_len;
		while (n & 3)
			o[n++] = 0;	/* EOL padding */
		return n;
	}
	if (s->mss >= 0) {
		o[n++] = 2; o[n++] = 4;
		put16(o + n, (uint16_t)s->mss);
		n += 2;
	}
	if (s->ts) {
		if (s->sack_perm) {
			o[n++] = 4; o[n++] = 2;
		} else {
			o[n++] = 1; o[n++] = 1;
		}
		o[n++] = 8; o[n++] = 10;
		put32(o + n, s->tsval);
		put32(o + n + 4, s->tsecr);
		n += 8;
	} else if (s->sack_perm) {
		o[n++] = 1; o[n++] = 1; o[n++] = 4; o[n++] = 2;
	}
	if (s->wscale >= 0) {
		o[n++] = 1; o[n++] = 3; o[n++] = 3; o[n++] = (uint8_t)s->wscale;
	}
	return n;
}

int km_seg_build(const struct km_seg *s, void *buf, size_t cap)
{
	uint8_t *ip = buf, *l4;
	size_t l4len, total;

	if (cap < 20)
		return -1;
	l4 = ip + 20;
	memset(ip, 0, cap < 60 ? cap : 60);
	if (s->protocol == 6) {
		uint8_t opts[40];
		unsigned int olen = tcp_opts(s, opts);

		l4len = 20 + olen + s->payload_len;
		if (20 + l4len > cap)
			return -1;
		put16(l4, s->sport);
		put16(l4 + 2, s->dport);
		put32(l4 + 4, s->seq);
		put32(l4 + 8, s->ack);
		l4[12] = (uint8_t)(((20 + olen) / 4) << 4);
		l4[13] = s->flags;
		put16(l4 + 14, s->window);
		memcpy(l4 + 20, opts, olen);
		if (s->payload_len)
			memcpy(l4 + 20 + olen, s->payload, s->payload_len);
		put16(l4 + 16, 0);
		put16(l4 + 16, fold(sum16(l4, l4len, pseudo(s->saddr, s->daddr, 6, l4len))));
	} else if (s->protocol == 17) {
		l4len = 8 + s->payload_len;
		if (20 + l4len > cap)
			return -1;
		put16(l4, s->sport);
		put16(l4 + 2, s->dport);
		put16(l4 + 4, (uint16_t)l4len);
		if (s->payload_len)
			memcpy(l4 + 8, s->payload, s->payload_len);
		put16(l4 + 6, 0);
		put16(l4 + 6, fold(sum16(l4, l4len, pseudo(s->saddr, s->daddr, 17, l4len))));
		if (!get16(l4 + 6))
			put16(l4 + 6, 0xffff);
	} else if (s->protocol == 1) {
		l4len = 8 + s->payload_len;
		if (20 + l4len > cap)
			return -1;
		l4[0] = s->icmp_type;
		l4[1] = s->icmp_code;
		put32(l4 + 4, s->icmp_info);
		if (s->payload_len)
			memcpy(l4 + 8, s->payload, s->payload_len);
		put16(l4 + 2, fold(sum16(l4, l4len, 0)));
	} else {
		l4len = s->payload_len;
		if (20 + l4len > cap)
			return -1;
		if (l4len)
			memcpy(l4, s->payload, l4len);
	}
	total = 20 + l4len;
	ip[0] = 0x45;
	ip[1] = s->tos;
	put16(ip + 2, (uint16_t)total);
	put16(ip + 4, s->ip_id);
	put16(ip + 6, s->df ? 0x4000 : 0);
	ip[8] = s->ttl;
	ip[9] = s->protocol;
	memcpy(ip + 12, &s->saddr, 4);
	memcpy(ip + 16, &s->daddr, 4);
	put16(ip + 10, fold(sum16(ip, 20, 0)));
	return (int)total;
}

static void parse_tcp_options(const uint8_t *o, unsigned int len, struct km_seg *s)
{
	unsigned int i = 0;

	while (i < len) {
		uint8_t kind = o[i];

		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || i + o[i + 1] > len)
			break;
		switch (kind) {
		case 2:
			if (o[i + 1] == 4)
				s->mss = get16(o + i + 2);
			break;
		case 3:
			if (o[i + 1] == 3)
				s->wscale = o[i + 2];
			break;
		case 4:
			if (o[i + 1] == 2)
				s->sack_perm = true;
			break;
		case 8:
			if (o[i + 1] == 10) {
				s->ts = true;
				s->tsval = get32(o + i + 2);
				s->tsecr = get32(o + i + 6);
			}
			break;
		}
		i += o[i + 1];
	}
}

int km_seg_parse(const void *frame, size_t len, struct km_seg *s)
{
	const uint8_t *ip = frame, *l4;
	unsigned int ihl;
	size_t tot, l4len;

	memset(s, 0, sizeof(*s));
	s->mss = -1;
	s->wscale = -1;
	if (len < 20 || (ip[0] >> 4) != 4)
		return -1;
	ihl = (ip[0] & 0xf) * 4;
	tot = get16(ip + 2);
	if (ihl < 20 || tot < ihl || tot > len)
		return -1;
	s->tos = ip[1];
	s->ip_tot_len = (uint16_t)tot;
	s->ip_id = get16(ip + 4);
	s->df = (get16(ip + 6) & 0x4000) != 0;
	s->ttl = ip[8];
	s->protocol = ip[9];
	memcpy(&s->saddr, ip + 12, 4);
	memcpy(&s->daddr, ip + 16, 4);
	s->ip_csum_ok = fold(sum16(ip, ihl, 0)) == 0;
	l4 = ip + ihl;
	l4len = tot - ihl;
	if (s->protocol == 6 && l4len >= 20) {
		unsigned int doff = (l4[12] >> 4) * 4;

		s->sport = get16(l4);
		s->dport = get16(l4 + 2);
		s->seq = get32(l4 + 4);
		s->ack = get32(l4 + 8);
		s->doff = (uint8_t)(doff / 4);
		s->flags = l4[13];
		s->window = get16(l4 + 14);
		if (doff >= 20 && doff <= l4len) {
			s->opt_len = doff - 20;
			memcpy(s->opt, l4 + 20, s->opt_len);
			parse_tcp_options(l4 + 20, doff - 20, s);
			s->payload = l4 + doff;
			s->payload_len = l4len - doff;
		}
		s->l4_csum_ok = fold(sum16(l4, l4len, pseudo(s->saddr, s->daddr, 6, l4len))) == 0;
	} else if (s->protocol == 17 && l4len >= 8) {
		s->sport = get16(l4);
		s->dport = get16(l4 + 2);
		s->payload = l4 + 8;
		s->payload_len = l4len - 8;
		s->l4_csum_ok = !get16(l4 + 6) ||
			fold(sum16(l4, l4len, pseudo(s->saddr, s->daddr, 17, l4len))) == 0;
	} else if (s->protocol == 1 && l4len >= 8) {
		s->icmp_type = l4[0];
		s->icmp_code = l4[1];
		s->icmp_info = get32(l4 + 4);
		s->payload = l4 + 8;
		s->payload_len = l4len - 8;
		s->l4_csum_ok = fold(sum16(l4, l4len, 0)) == 0;
	}
	return 0;
}

size_t km_seg_describe(const struct km_seg *s, char *buf, size_t cap)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], fl[16];
	size_t n = 0;
	int k = 0;

	inet_ntop(AF_INET, &s->saddr, a, sizeof(a));
	inet_ntop(AF_INET, &s->daddr, b, sizeof(b));
	if (s->protocol == 1)
		return (size_t)snprintf(buf, cap, "%s > %s ICMP type %u code %u, quoting %zu bytes",
					a, b, s->icmp_type, s->icmp_code, s->payload_len);
	if (s->protocol == 17)
		return (size_t)snprintf(buf, cap, "%s:%u > %s:%u UDP %zu bytes",
					a, s->sport, b, s->dport, s->payload_len);
	if (s->protocol != 6)
		return (size_t)snprintf(buf, cap, "%s > %s proto %u", a, b, s->protocol);
	if (s->flags & KM_TH_SYN) fl[k++] = 'S';
	if (s->flags & KM_TH_FIN) fl[k++] = 'F';
	if (s->flags & KM_TH_RST) fl[k++] = 'R';
	if (s->flags & KM_TH_PSH) fl[k++] = 'P';
	if (s->flags & KM_TH_ACK) fl[k++] = '.';
	fl[k] = 0;
	n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0,
			      "%s:%u > %s:%u [%s] seq %u", a, s->sport, b, s->dport,
			      fl, s->seq);
	if (s->flags & KM_TH_ACK)
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, " ack %u", s->ack);
	n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, " win %u", s->window);
	if (s->mss >= 0 || s->sack_perm || s->ts || s->wscale >= 0) {
		const char *sep = "";

		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, " <");
		if (s->mss >= 0) {
			n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "mss %d", s->mss);
			sep = ",";
		}
		if (s->sack_perm) {
			n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%ssackOK", sep);
			sep = ",";
		}
		if (s->ts) {
			n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%sTS val %u ecr %u",
					      sep, s->tsval, s->tsecr);
			sep = ",";
		}
		if (s->wscale >= 0)
			n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%swscale %d", sep,
					      s->wscale);
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, ">");
	}
	if (s->payload_len)
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, " length %zu",
				      s->payload_len);
	return n;
}
