/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: decoding raw IPv4 packets (as they cross a device)
 * for people: a one-line summary in tcpdump's spirit, and a structured
 * decode the visualizer and tests use.
 */
#ifndef _KMAPI_DECODE_H
#define _KMAPI_DECODE_H

#include <stddef.h>

struct km_pkt {
	int		valid;		/* a well-formed IPv4 header */
	unsigned int	ihl, tot_len, id, frag_off, ttl, proto, tos;
	unsigned int	ip_csum, ip_csum_ok;
	unsigned int	saddr, daddr;	/* host order */
	/* TCP */
	int		is_tcp, is_udp, is_icmp;
	unsigned int	sport, dport;
	unsigned int	seq, ack, doff, flags, window, csum, urg;
	int		csum_ok;	/* transport checksum verifies */
	unsigned int	opt_mss, opt_wscale, opt_tsval, opt_tsecr;
	int		has_mss, has_wscale, has_ts, has_sackperm;
	char		optstr[160];	/* "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7" */
	unsigned int	payload_len;
	/* UDP */
	unsigned int	udp_len;
	/* ICMP */
	unsigned int	icmp_type, icmp_code;
	unsigned int	l4_off;		/* offset of the transport header */
};

/* Parse; returns 0 if it is an IPv4 packet we understand at least partly. */
int km_pkt_decode(const unsigned char *p, size_t len, struct km_pkt *out);
/* "10.0.0.1:40000 > 10.0.0.2:80 [S] seq 1234 win 64240 <mss 1460,...>" */
const char *km_pkt_summary(const unsigned char *p, size_t len, char *buf,
			   size_t buflen);
/* The TCP flag letters: "S", "S.", "R.", "." ... */
const char *km_tcp_flags_str(unsigned int flags, char *buf, size_t len);

#endif
