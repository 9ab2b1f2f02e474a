/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: field descriptors of the traced structures.
 *
 * For each object kind (struct socket, tcp_sock with its sock_common /
 * sock / inet_sock / inet_connection_sock layers, udp_sock, request sock,
 * sk_buff) there is a table of fields with the kernel's names. Trace
 * events carry raw values (struct km_diff); km_field_format() turns one
 * into what a reader wants to see: TCP_SYN_SENT, SS_CONNECTING,
 * 10.0.0.1, port 40000, SOCK_ZAPPED|SOCK_DONE, ECONNREFUSED, sock#2.
 */
#ifndef _KMAPI_FIELDS_H
#define _KMAPI_FIELDS_H

#include <stddef.h>

enum km_fmt {
	KM_FMT_U,		/* unsigned decimal */
	KM_FMT_S8, KM_FMT_S16, KM_FMT_S32, KM_FMT_S64,
	KM_FMT_HEX,
	KM_FMT_BOOL,
	KM_FMT_IP,		/* __be32 address */
	KM_FMT_PORT_BE,		/* __be16 port, shown in host order */
	KM_FMT_SEQ,		/* sequence number */
	KM_FMT_TCP_STATE,
	KM_FMT_SS_STATE,	/* socket_state */
	KM_FMT_SOCK_TYPE,
	KM_FMT_FAMILY,
	KM_FMT_PROTO,
	KM_FMT_SOCK_FLAGS,	/* sk_flags bits */
	KM_FMT_ERRNO,
	KM_FMT_JIFFIES,		/* an absolute jiffies value */
	KM_FMT_MS,		/* a duration in jiffies (ms) */
	KM_FMT_TIMEO,		/* long timeout, MAX_SCHEDULE_TIMEOUT = infinite */
	KM_FMT_PTR,		/* another object: sock#1, skb#3, NULL */
	KM_FMT_SYM,		/* a known function or table: tcp_prot */
	KM_FMT_STR,		/* a name (device) */
	KM_FMT_ICSK_PENDING,
	KM_FMT_ACK_PENDING,
	KM_FMT_TCP_FLAGS,	/* TCPHDR_* */
	KM_FMT_CSUM,		/* ip_summed */
	KM_FMT_FCLONE,
	KM_FMT_PKT_TYPE,
	KM_FMT_ETH_PROTO,	/* __be16 */
	KM_FMT_PMTUDISC,
	KM_FMT_USERLOCKS,
	KM_FMT_SHUTDOWN,
	KM_FMT_HDR_OFF,		/* skb header offset, 0xffff = unset */
	KM_FMT_TIMER,		/* expiry jiffies of a pending timer, 0 = idle */
	KM_FMT_CA_STATE,
	KM_FMT_BLOB,		/* bytes (an skb's data) */
	KM_FMT_SOCKWQ_FLAGS,	/* socket->flags */
};

/*
 * A field whose memory was never written since allocation: kmirror's slab
 * poisons non-zeroed objects with 0x5a bytes, as SLUB debugging does.
 * Formatters print it as "(uninitialised)".
 */
#define KM_VAL_UNINIT	0x5a5a5a5a5a5a5a5aULL

struct km_field_info {
	const char	*name;	/* as in the kernel struct: "skc_state" */
	const char	*alias;	/* the sk_* #define, if any: "sk_state" */
	const char	*group;	/* "sock_common", "sock", "inet_sock", ... */
	int		fmt;	/* enum km_fmt */
};

int km_fields_count(int kind);
const struct km_field_info *km_field(int kind, int idx);
int km_field_find(int kind, const char *name);	/* by name or alias */
/* Decode a raw value into buf; returns buf. */
const char *km_field_format(int kind, int idx, unsigned long long v,
			    char *buf, size_t len);
const char *km_fmt_value(int fmt, unsigned long long v, char *buf, size_t len);
const char *km_obj_kind_struct(int kind);	/* "tcp_sock", "sk_buff", ... */

/* Names used by the formatters, also handy to tools. */
const char *km_tcp_state_name(int state);
const char *km_socket_state_name(int state);

#endif
