// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror tracer: names for the function pointers and operation tables a
 * traced field may point to (sk_prot = tcp_prot, sk->sk_state_change =
 * sock_def_wakeup ...), like the kernel's %ps. Pointers never appear raw:
 * an unknown one prints as "?".
 */
#include <linux/kernel.h>
#include <linux/net.h>
#include <net/sock.h>
#include <net/inet_common.h>
#include <net/inet_connection_sock.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/raw.h>
#include <kmirror/fields.h>


struct km_sym {
	const void	*addr;
	const char	*name;
};

#define SYM(x)	{ (const void *)&(x), #x }
#define FN(x)	{ (const void *)(x), #x }

static const struct km_sym km_syms[] = {
	SYM(tcp_prot), SYM(udp_prot), SYM(raw_prot), SYM(ping_prot),
	SYM(inet_stream_ops), SYM(inet_dgram_ops), SYM(inet_sockraw_ops),
	SYM(inet_family_ops), SYM(ipv4_specific), SYM(cubictcp),
	SYM(tcp_request_sock_ops),
	FN(sock_def_wakeup), FN(sock_def_error_report), FN(sock_def_readable),
	FN(sock_def_write_space), FN(sock_def_destruct),
	FN(sk_stream_write_space), FN(inet_sock_destruct),
	FN(tcp_v4_do_rcv), FN(raw_rcv_skb), FN(udp_destruct_sock),
};

const char *km_sym_name(const void *addr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(km_syms); i++)
		if (km_syms[i].addr == addr)
			return km_syms[i].name;
	return NULL;
}
