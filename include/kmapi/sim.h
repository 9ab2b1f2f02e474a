/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: building and reading IPv4/TCP/UDP/ICMP frames, and
 * a scripted peer — what tests and the CLI use to play the other end of
 * the cable (in the spirit of lwIP's test helpers).
 *
 * All addresses are in network byte order (as in struct in_addr); ports,
 * sequence numbers and other header fields in host order.
 */
#ifndef _KMAPI_SIM_H
#define _KMAPI_SIM_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct km_wire;

#define KM_TH_FIN	0x01
#define KM_TH_SYN	0x02
#define KM_TH_RST	0x04
#define KM_TH_PSH	0x08
#define KM_TH_ACK	0x10
#define KM_TH_URG	0x20
#define KM_TH_ECE	0x40
#define KM_TH_CWR	0x80

/* One segment, as built or parsed. */
struct km_seg {
	/* IPv4 */
	uint32_t	saddr, daddr;		/* network order */
	uint8_t		tos, ttl, protocol;	/* protocol: 6 TCP, 17 UDP, 1 ICMP */
	uint16_t	ip_id;
	bool		df;
	uint16_t	ip_tot_len;		/* parsed */
	/* TCP / UDP */
	uint16_t	sport, dport;
	uint32_t	seq, ack;
	uint8_t		flags;			/* KM_TH_* */
	uint16_t	window;
	uint8_t		doff;			/* parsed: header length / 4 */
	/* TCP options, built in Linux's order when set */
	int		mss;			/* -1: none */
	int		wscale;			/* -1: none */
	bool		sack_perm;
	bool		ts;
	uint32_t	tsval, tsecr;
	/* Raw options (built instead of the above when opt_len > 0) */
	uint8_t		opt[40];
	unsigned int	opt_len;
	/* ICMP (protocol 1) */
	uint8_t		icmp_type, icmp_code;
	uint32_t	icmp_info;		/* the 4 bytes after the checksum */
	/* payload (for ICMP errors: the quoted bytes) */
	const uint8_t	*payload;
	size_t		payload_len;
	/* parsed: checksums were valid */
	bool		ip_csum_ok, l4_csum_ok;
};

/* A TCP segment with Linux-like defaults (TTL 64, DF, no options). */
void km_seg_init_tcp(struct km_seg *s, uint32_t saddr, uint16_t sport,
		     uint32_t daddr, uint16_t dport);
/* Build the frame (IP header onwards) into buf; returns its length or -1. */
int km_seg_build(const struct km_seg *s, void *buf, size_t cap);
/* Parse a frame; returns 0, or -1 if it is not a well-formed IPv4 packet. */
int km_seg_parse(const void *frame, size_t len, struct km_seg *s);
/* One line: "10.0.0.1:40000 > 10.0.0.2:80 [S] seq 123 win 64240 <mss 1460,...>" */
size_t km_seg_describe(const struct km_seg *s, char *buf, size_t cap);

/*
 * A scripted peer on a test wire: it answers what the host sends.
 *  ACCEPT  SYN -> SYN-ACK (options as Linux 5.0 sends), then stays quiet
 *  REFUSE  SYN -> RST|ACK (no listener)
 *  SILENT  never answers (a black hole: retransmissions, ETIMEDOUT)
 */
enum km_peer_mode { KM_PEER_ACCEPT, KM_PEER_REFUSE, KM_PEER_SILENT };

struct km_peer;
struct km_peer *km_peer_new(struct km_wire *w, enum km_peer_mode mode,
			    uint32_t isn, long long rtt_ns);
void km_peer_free(struct km_peer *p);
/* Frames the host sent that the peer saw, and the last one. */
unsigned int km_peer_seen(const struct km_peer *p);
const struct km_seg *km_peer_last(const struct km_peer *p);

/*
 * Two mirrored hosts, the set-up tests and scenarios share: "client" with
 * eth0 KM_SIM_CLIENT/24 and "server" with eth0 KM_SIM_SERVER/24, joined by
 * a link of MTU 1500 and KM_SIM_LINK_DELAY_NS each way. Returns 0, or -1
 * if it could not be built (the world still owns whatever was made).
 */
#define KM_SIM_CLIENT		"10.0.0.1"
#define KM_SIM_SERVER		"10.0.0.2"
#define KM_SIM_LINK_DELAY_NS	1000000LL	/* 1 ms */
struct km_world;
struct host;
struct km_link;
int km_sim_two_hosts(struct km_world *w, struct host **client,
		     struct host **server, struct km_link **link);

#endif
