// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: a small, careful IPv4/TCP/UDP/ICMP decoder for traces, the
 * visualizer and tests. It reads untrusted bytes: every length is checked
 * before use.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/byteorder.h>
#include <kmapi/decode.h>

static unsigned int csum_fold_add(const unsigned char *p, size_t len, u32 sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

const char *km_tcp_flags_str(unsigned int flags, char *buf, size_t len)
{
	size_t o = 0;

	if (flags & 0x02 && o + 1 < len) buf[o++] = 'S';
	if (flags & 0x01 && o + 1 < len) buf[o++] = 'F';
	if (flags & 0x04 && o + 1 < len) buf[o++] = 'R';
	if (flags & 0x08 && o + 1 < len) buf[o++] = 'P';
	if (flags & 0x20 && o + 1 < len) buf[o++] = 'U';
	if (flags & 0x40 && o + 1 < len) buf[o++] = 'E';
	if (flags & 0x80 && o + 1 < len) buf[o++] = 'W';
	if (flags & 0x10 && o + 1 < len) buf[o++] = '.';
	if (o < len)
		buf[o] = '\0';
	return buf;
}

static void tcp_options(const unsigned char *opt, size_t len, struct km_pkt *k)
{
	size_t i = 0, o = 0;
	char *s = k->optstr;
	size_t cap = sizeof(k->optstr);

	s[0] = '\0';
#define ADD(...) do { if (o < cap) o += snprintf(s + o, cap - o, __VA_ARGS__); } while (0)
	while (i < len) {
		unsigned int kind = opt[i], olen;

		if (kind == 0) {
			ADD("%seol", o ? "," : "");
			break;
		}
		if (kind == 1) {
			ADD("%snop", o ? "," : "");
			i++;
			continue;
		}
		if (i + 1 >= len) {
			ADD("%s[bad opt]", o ? "," : "");
			break;
		}
		olen = opt[i + 1];
		if (olen < 2 || i + olen > len) {
			ADD("%s[bad opt]", o ? "," : "");
			break;
		}
		switch (kind) {
		case 2:
			if (olen == 4) {
				k->has_mss = 1;
				k->opt_mss = get_unaligned_be16(opt + i + 2);
				ADD("%smss %u", o ? "," : "", k->opt_mss);
			} else {
				ADD("%smss[len %u]", o ? "," : "", olen);
			}
			break;
		case 3:
			if (olen == 3) {
				k->has_wscale = 1;
				k->opt_wscale = opt[i + 2];
				ADD("%swscale %u", o ? "," : "", k->opt_wscale);
			} else {
				ADD("%swscale[len %u]", o ? "," : "", olen);
			}
			break;
		case 4:
			k->has_sackperm = 1;
			ADD("%ssackOK", o ? "," : "");
			break;
		case 8:
			if (olen == 10) {
				k->has_ts = 1;
				k->opt_tsval = get_unaligned_be32(opt + i + 2);
				k->opt_tsecr = get_unaligned_be32(opt + i + 6);
				ADD("%sTS val %u ecr %u", o ? "," : "",
				    k->opt_tsval, k->opt_tsecr);
			} else {
				ADD("%sTS[len %u]", o ? "," : "", olen);
			}
			break;
		default:
			ADD("%sopt-%u", o ? "," : "", kind);
			break;
		}
		i += olen;
	}
#undef ADD
}

int km_pkt_decode(const unsigned char *p, size_t len, struct km_pkt *k)
{
	size_t l4len;
	const unsigned char *t;
	u32 pseudo;

	memset(k, 0, sizeof(*k));
	if (len < 20 || (p[0] >> 4) != 4)
		return -1;
	k->ihl = (p[0] & 0xf) * 4;
	if (k->ihl < 20 || k->ihl > len)
		return -1;
	k->valid = 1;
	k->tos = p[1];
	k->tot_len = get_unaligned_be16(p + 2);
	k->id = get_unaligned_be16(p + 4);
	k->frag_off = get_unaligned_be16(p + 6);
	k->ttl = p[8];
	k->proto = p[9];
	k->ip_csum = get_unaligned_be16(p + 10);
	k->ip_csum_ok = csum_fold_add(p, k->ihl, 0) == 0xffff;
	k->saddr = get_unaligned_be32(p + 12);
	k->daddr = get_unaligned_be32(p + 16);
	if (k->tot_len < k->ihl || k->tot_len > len)
		return 0;	/* header only */
	k->l4_off = k->ihl;
	t = p + k->ihl;
	l4len = k->tot_len - k->ihl;
	pseudo = (k->saddr >> 16) + (k->saddr & 0xffff) + (k->daddr >> 16) +
		 (k->daddr & 0xffff) + k->proto + (u32)l4len;
	if (k->proto == 6 && l4len >= 20) {
		k->is_tcp = 1;
		k->sport = get_unaligned_be16(t);
		k->dport = get_unaligned_be16(t + 2);
		k->seq = get_unaligned_be32(t + 4);
		k->ack = get_unaligned_be32(t + 8);
		k->doff = (t[12] >> 4) * 4;
		k->flags = t[13];
		k->window = get_unaligned_be16(t + 14);
		k->csum = get_unaligned_be16(t + 16);
		k->urg = get_unaligned_be16(t + 18);
		k->csum_ok = csum_fold_add(t, l4len, pseudo) == 0xffff;
		if (k->doff >= 20 && k->doff <= l4len) {
			tcp_options(t + 20, k->doff - 20, k);
			k->payload_len = (unsigned int)(l4len - k->doff);
		}
	} else if (k->proto == 17 && l4len >= 8) {
		k->is_udp = 1;
		k->sport = get_unaligned_be16(t);
		k->dport = get_unaligned_be16(t + 2);
		k->udp_len = get_unaligned_be16(t + 4);
		k->csum = get_unaligned_be16(t + 6);
		k->csum_ok = !k->csum || csum_fold_add(t, l4len, pseudo) == 0xffff;
		k->payload_len = (unsigned int)(l4len - 8);
	} else if (k->proto == 1 && l4len >= 8) {
		k->is_icmp = 1;
		k->icmp_type = t[0];
		k->icmp_code = t[1];
		k->csum = get_unaligned_be16(t + 2);
		k->csum_ok = csum_fold_add(t, l4len, 0) == 0xffff;
		k->payload_len = (unsigned int)(l4len - 8);
	}
	return 0;
}

static const char *icmp_name(unsigned int type, unsigned int code)
{
	if (type == 3) {
		static const char *const c[] = {
			"net unreachable", "host unreachable",
			"protocol unreachable", "port unreachable",
			"need to frag", "source route failed"
		};
		return code < ARRAY_SIZE(c) ? c[code] : "unreachable";
	}
	switch (type) {
	case 0: return "echo reply";
	case 8: return "echo request";
	case 11: return "time exceeded";
	case 12: return "parameter problem";
	}
	return "icmp";
}

const char *km_pkt_summary(const unsigned char *p, size_t len, char *buf,
			   size_t buflen)
{
	struct km_pkt k;
	char fl[12];

#define IP4(a) (a) >> 24, ((a) >> 16) & 0xff, ((a) >> 8) & 0xff, (a) & 0xff
	if (km_pkt_decode(p, len, &k) < 0) {
		snprintf(buf, buflen, "not IPv4 (%zu bytes)", len);
		return buf;
	}
	if (k.is_tcp) {
		char ackbuf[24] = "";

		if (k.flags & 0x10)
			snprintf(ackbuf, sizeof(ackbuf), " ack %u", k.ack);
		snprintf(buf, buflen,
			 "%u.%u.%u.%u:%u > %u.%u.%u.%u:%u [%s] seq %u%s win %u%s%s%s%s%s",
			 IP4(k.saddr), k.sport, IP4(k.daddr), k.dport,
			 km_tcp_flags_str(k.flags, fl, sizeof(fl)), k.seq, ackbuf,
			 k.window, k.optstr[0] ? " <" : "", k.optstr,
			 k.optstr[0] ? ">" : "",
			 k.payload_len ? " +data" : "",
			 k.csum_ok ? "" : " BAD-CSUM");
	} else if (k.is_udp) {
		snprintf(buf, buflen, "%u.%u.%u.%u:%u > %u.%u.%u.%u:%u UDP len %u%s",
			 IP4(k.saddr), k.sport, IP4(k.daddr), k.dport,
			 k.payload_len, k.csum_ok ? "" : " BAD-CSUM");
	} else if (k.is_icmp) {
		snprintf(buf, buflen, "%u.%u.%u.%u > %u.%u.%u.%u ICMP %s (type %u code %u)",
			 IP4(k.saddr), IP4(k.daddr), icmp_name(k.icmp_type, k.icmp_code),
			 k.icmp_type, k.icmp_code);
	} else {
		snprintf(buf, buflen, "%u.%u.%u.%u > %u.%u.%u.%u proto %u len %u",
			 IP4(k.saddr), IP4(k.daddr), k.proto, k.tot_len);
	}
#undef IP4
	return buf;
}
