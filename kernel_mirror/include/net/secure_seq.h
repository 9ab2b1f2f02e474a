/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/net/secure_seq.h — keyed hashes for ISNs, timestamps, ports. */
#ifndef _KM_NET_SECURE_SEQ_H
#define _KM_NET_SECURE_SEQ_H

#include <linux/types.h>

struct net;

u32 secure_ipv4_port_ephemeral(__be32 saddr, __be32 daddr, __be16 dport);
u32 secure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
u32 secure_tcp_ts_off(const struct net *net, __be32 saddr, __be32 daddr);

#endif
