/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-side test helpers (the files in tests/kern/), callable from Check suites.
 * Plain C types only: safe on both sides.
 */
#ifndef _KT_H
#define _KT_H

struct host;
struct task_struct;

struct kt_skb_geom {
	unsigned int len, headroom, tailroom, data_off, tail, end;
	unsigned int users, dataref, cloned, fclone, truesize, id;
	/* header marks (offsets from head; 0xffff unset), paged bytes */
	unsigned int mac_header, network_header, transport_header, data_len;
	/* the fast-clone pair: fclone_ref and the twin's fclone (0 if not
	 * SKB_FCLONE_ORIG); shinfo_dirty: a byte of skb_shared_info before
	 * dataref is not zero */
	unsigned int fclone_ref, twin_fclone, shinfo_dirty;
};

void *kt_skb_alloc(struct host *h, unsigned int size, int fclone);
void kt_skb_geom(struct host *h, void *skb, struct kt_skb_geom *g);
void kt_skb_reserve(struct host *h, void *skb, int len);
void kt_skb_reset_transport_header(struct host *h, void *skb);
void kt_skb_reset_network_header(struct host *h, void *skb);
/* sizeof(struct sk_buff), sizeof(struct skb_shared_info) in this build */
void kt_skb_struct_sizes(unsigned int *skb, unsigned int *shinfo);
/* put/push/pull: offset of the returned pointer from head, -1 for NULL */
long kt_skb_put(struct host *h, void *skb, unsigned int len);
long kt_skb_push(struct host *h, void *skb, unsigned int len);
long kt_skb_pull(struct host *h, void *skb, unsigned int len);
void kt_skb_write(struct host *h, void *skb, unsigned int off, const void *buf,
		  unsigned int len);
void kt_skb_read(struct host *h, void *skb, unsigned int off, void *buf,
		 unsigned int len);
void *kt_skb_clone(struct host *h, void *skb);
void *kt_skb_get(struct host *h, void *skb);
void kt_kfree_skb(struct host *h, void *skb);
void *kt_queue_new(struct host *h);
void kt_queue_tail(struct host *h, void *q, void *skb);
void kt_queue_head(struct host *h, void *q, void *skb);
void *kt_dequeue(struct host *h, void *q);
unsigned int kt_queue_len(struct host *h, void *q);
void kt_queue_purge_free(struct host *h, void *q);
void kt_bug_recover(struct host *h);

/* slab (tests/kern/kt_slab.c): zero != 0 asks for __GFP_ZERO */
void *kt_kmalloc(struct host *h, unsigned int size, int zero);
void kt_kfree(struct host *h, void *p);
void *kt_cache_new(struct host *h, unsigned int size);
void *kt_cache_alloc(struct host *h, void *cache, int zero);
void kt_cache_free(struct host *h, void *cache, void *p);

/* tcp (tests/kern/kt_tcp.c): ts_recent as inherited from a TIME_WAIT
 * socket (tcp_twsk_unique), stamped now; 0 or -errno */
int kt_tcp_inherit_ts_recent(struct task_struct *t, int fd,
			     unsigned int ts_recent);

/* net (tests/kern/kt_net.c): the host's main routes withdrawn and fd's
 * cached route made obsolete (the routes withdrawn, or -errno); a device
 * set up or down (0 or -ENODEV) */
int kt_route_withdraw(struct task_struct *t, int fd);
/* fd's socket error taken and cleared, as SO_ERROR does (the error, or
 * -errno) */
int kt_sock_take_error(struct task_struct *t, int fd);
/* For the helpers above: run as task t on its host (kt_enter_task returns
 * the host to go back to), and the sock behind the current task's fd, or
 * NULL and *err */
struct host *kt_enter_task(struct task_struct *t, struct task_struct **saved);
void kt_leave_task(struct task_struct *t, struct task_struct *saved,
		   struct host *prev);
struct sock *kt_sock_of(int fd, int *err);
int kt_dev_set_up(struct host *h, const char *name, int up);

#endif
