/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/net/udp.h — UDP's socket table and entry points. */
#ifndef _KM_NET_UDP_H
#define _KM_NET_UDP_H

#include <linux/udp.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/ip.h>

struct udp_hslot {
	struct hlist_head	head;
	int			count;
	spinlock_t		lock;
};

struct udp_table {
	struct udp_hslot	*hash;	/* by local port */
	struct udp_hslot	*hash2;	/* by local address and port */
	unsigned int		mask;
	unsigned int		log;
};

#define KM_UDP_HTABLE_SIZE	256

static inline struct udp_hslot *udp_hashslot(struct udp_table *table,
					     struct net *net, unsigned int num)
{
	return &table->hash[(num + 0) & table->mask];
}

static inline struct udp_hslot *udp_hashslot2(struct udp_table *table,
					      unsigned int hash)
{
	return &table->hash2[hash & table->mask];
}

extern const struct proto udp_prot;

void udp_table_init_km(struct udp_table *table);
void udp_table_destroy_km(struct udp_table *table);
int udp_v4_get_port(struct sock *sk, unsigned short snum);
int udp_lib_get_port(struct sock *sk, unsigned short snum, unsigned int hash2_nulladdr);
void udp_lib_unhash(struct sock *sk);
void udp_destruct_sock(struct sock *sk);
void udp_lib_rehash(struct sock *sk, u16 new_hash);
void udp_v4_rehash(struct sock *sk);
int udp_init_sock(struct sock *sk);
void udp_destroy_sock(struct sock *sk);
int udp_rcv(struct sk_buff *skb);
int udp_err(struct sk_buff *skb, u32 info);
int __udp4_lib_err(struct sk_buff *skb, u32 info, struct udp_table *udptable);
int udp_disconnect(struct sock *sk, int flags);
int __udp_disconnect(struct sock *sk, int flags);
int udp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len);
int udp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int noblock,
		int flags, int *addr_len);
int udp_ioctl(struct sock *sk, int cmd, unsigned long arg);
int udp_setsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, unsigned int optlen);
int udp_getsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, int __user *optlen);
void udp_lib_close_km(struct sock *sk, long timeout);
int udp_abort(struct sock *sk, int err);
__poll_t udp_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);

static inline void udp_lib_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

void udp_init(void);

#endif
