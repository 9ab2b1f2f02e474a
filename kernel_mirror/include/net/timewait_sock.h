/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/timewait_sock.h — what a protocol tells the
 * TIME_WAIT code: the size of its timewait sock, whether a connect() may
 * take over a TIME_WAIT 4-tuple, and its destructor. The slab itself is
 * per host (struct host::twsk_slab), not in this shared table.
 */
#ifndef _KM_NET_TIMEWAIT_SOCK_H
#define _KM_NET_TIMEWAIT_SOCK_H

#include <net/sock.h>

struct timewait_sock_ops {
	char		*twsk_slab_name;
	unsigned int	twsk_obj_size;
	int		(*twsk_unique)(struct sock *sk,
				       struct sock *sktw, void *twp);
	void		(*twsk_destructor)(struct sock *sk);
};

static inline int twsk_unique(struct sock *sk, struct sock *sktw, void *twp)
{
	if (sk->sk_prot->twsk_prot->twsk_unique != NULL)
		return sk->sk_prot->twsk_prot->twsk_unique(sk, sktw, twp);
	return 0;
}

static inline void twsk_destructor(struct sock *sk)
{
	if (sk->sk_prot->twsk_prot->twsk_destructor != NULL)
		sk->sk_prot->twsk_prot->twsk_destructor(sk);
}

#endif
