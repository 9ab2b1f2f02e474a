/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/skbuff.h (Linux 5.0.1 include/linux/skbuff.h:672
 * for struct sk_buff).
 *
 * The socket buffer: one packet, its metadata and a data buffer laid out as
 *
 *     head ........ data ........ tail ........ end | skb_shared_info
 *     |<-headroom->|<---- len ---->|<-tailroom->|
 *
 * Like the kernel on 64-bit machines (NET_SKBUFF_DATA_USES_OFFSET), tail,
 * end and the header marks are offsets from head. Clones share the data
 * buffer (skb_shinfo()->dataref counts its users).
 *
 * Misuse — pushing in front of head, putting past end, pulling more than
 * len — is caught like skb_under_panic()/skb_over_panic(): a report naming
 * the skb by id, then the host's BUG handler (runtime/host.c).
 *
 * Simplifications: no paged fragments (data_len is always 0), no GSO.
 */
#ifndef _KM_LINUX_SKBUFF_H
#define _KM_LINUX_SKBUFF_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <kmirror/trace.h>

struct net_device;
struct sock;

typedef unsigned int sk_buff_data_t;

#define SMP_CACHE_BYTES		64
#define L1_CACHE_BYTES		64
#define SKB_DATA_ALIGN(X)	ALIGN(X, SMP_CACHE_BYTES)
#define NET_SKB_PAD		max(32, L1_CACHE_BYTES)
#define NET_IP_ALIGN		0
#define MAX_SKB_FRAGS		17

/* ip_summed */
#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3

/* pkt_type (include/uapi/linux/if_packet.h) */
#define PACKET_HOST		0
#define PACKET_BROADCAST	1
#define PACKET_MULTICAST	2
#define PACKET_OTHERHOST	3
#define PACKET_OUTGOING		4
#define PACKET_LOOPBACK		5

/* skb->fclone */
enum {
	SKB_FCLONE_UNAVAILABLE,	/* a lone skb, allocated by itself */
	SKB_FCLONE_ORIG,	/* first of an sk_buff_fclones pair */
	SKB_FCLONE_CLONE,	/* second of the pair, its reserved clone */
};

enum {
	SKB_GSO_TCPV4 = 1 << 0,
	SKB_GSO_UDP = 1 << 1,
};

typedef struct skb_frag_struct {
	void		*page;
	__u32		page_offset;
	__u32		size;
} skb_frag_t;

/* Lives at skb->end, in the same buffer as the packet (as in the kernel). */
struct skb_shared_info {
	__u8		__unused;
	__u8		meta_len;
	__u8		nr_frags;
	__u8		tx_flags;
	unsigned short	gso_size;
	unsigned short	gso_segs;
	struct sk_buff	*frag_list;
	u64		hwtstamp;
	unsigned int	gso_type;
	u32		tskey;
	atomic_t	dataref;
	void		*destructor_arg;
	skb_frag_t	frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	union {
		struct {
			/* first, like sk_buff_head, so queue code can treat both alike */
			struct sk_buff		*next;
			struct sk_buff		*prev;

			union {
				struct net_device	*dev;
				unsigned long		dev_scratch;
			};
		};
		struct rb_node		rbnode; /* used in the TCP retransmit queue */
		struct list_head	list;
	};

	union {
		struct sock		*sk;
		int			ip_defrag_offset;
	};

	union {
		ktime_t		tstamp;
		u64		skb_mstamp_ns; /* TCP: when the segment was (re)sent, ns */
	};
	/*
	 * cb[]: 48 bytes of scratch space owned by whichever layer holds the
	 * skb right now; TCP keeps struct tcp_skb_cb here (TCP_SKB_CB()).
	 */
	char			cb[48] __aligned(8);

	union {
		struct {
			unsigned long	_skb_refdst;
			void		(*destructor)(struct sk_buff *skb);
		};
		struct list_head	tcp_tsorted_anchor;
	};

	unsigned int		len,
				data_len;
	__u16			mac_len,
				hdr_len;

	__u16			queue_mapping;

	__u8			cloned:1,
				nohdr:1,
				fclone:2,
				peeked:1,
				head_frag:1,
				xmit_more:1,
				pfmemalloc:1;

	__u8			pkt_type:3;
	__u8			ignore_df:1;
	__u8			nf_trace:1;
	__u8			ip_summed:2;
	__u8			ooo_okay:1;
	__u8			l4_hash:1;
	__u8			sw_hash:1;
	__u8			csum_valid:1;
	__u8			csum_complete_sw:1;
	__u8			csum_level:2;
	__u8			csum_bad:1;

	union {
		__wsum		csum;
		struct {
			__u16	csum_start;
			__u16	csum_offset;
		};
	};
	__u32			priority;
	int			skb_iif;
	__u32			hash;
	union {
		__u32		mark;
		__u32		reserved_tailroom;
	};

	__be16			protocol;
	__u16			transport_header;
	__u16			network_header;
	__u16			mac_header;

	/* kept last: __alloc_skb() clears everything before tail */
	sk_buff_data_t		tail;
	sk_buff_data_t		end;
	unsigned char		*head,
				*data;
	unsigned int		truesize;
	refcount_t		users;
};

/* The clone pair alloc_skb_fclone() hands out (skbuff.c). */
struct sk_buff_fclones {
	struct sk_buff	skb1;
	struct sk_buff	skb2;
	refcount_t	fclone_ref;
};

struct sk_buff_head {
	/* first, so the head can stand in for an skb in the circular list */
	struct sk_buff	*next;
	struct sk_buff	*prev;

	__u32		qlen;
	spinlock_t	lock;
};

#define SKB_ALLOC_FCLONE	0x01
#define SKB_ALLOC_RX		0x02

#define SKB_WITH_OVERHEAD(X)	\
	((X) - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
#define SKB_TRUESIZE(X) ((X) +						\
			 SKB_DATA_ALIGN(sizeof(struct sk_buff)) +	\
			 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/* ---- allocation and freeing (net/core/skbuff.c) ---- */
struct sk_buff *__alloc_skb(unsigned int size, gfp_t priority, int flags,
			    int node);
void kfree_skb(struct sk_buff *skb);
void __kfree_skb(struct sk_buff *skb);
void consume_skb(struct sk_buff *skb);
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t priority);
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t priority);
struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int length,
				   gfp_t gfp_mask);
void skb_release_head_state(struct sk_buff *skb);

static inline struct sk_buff *alloc_skb(unsigned int size, gfp_t priority)
{
	return __alloc_skb(size, priority, 0, -1);
}

static inline struct sk_buff *alloc_skb_fclone(unsigned int size, gfp_t priority)
{
	return __alloc_skb(size, priority, SKB_ALLOC_FCLONE, -1);
}

static inline struct sk_buff *netdev_alloc_skb(struct net_device *dev,
					       unsigned int length)
{
	return __netdev_alloc_skb(dev, length, GFP_ATOMIC);
}

#define dev_kfree_skb(a)	consume_skb(a)
#define dev_kfree_skb_any(a)	consume_skb(a)

/* ---- data-area geometry ---- */
void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_push(struct sk_buff *skb, unsigned int len);
void *skb_pull(struct sk_buff *skb, unsigned int len);
void skb_trim(struct sk_buff *skb, unsigned int len);
void skb_over_panic(struct sk_buff *skb, unsigned int len, void *here);
void skb_under_panic(struct sk_buff *skb, unsigned int len, void *here);
void skb_pull_panic(struct sk_buff *skb, unsigned int len);

static inline unsigned char *skb_end_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->end;
}

static inline unsigned int skb_end_offset(const struct sk_buff *skb)
{
	return skb->end;
}

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)skb_end_pointer(skb);
}

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->tail;
}

static inline void skb_reset_tail_pointer(struct sk_buff *skb)
{
	skb->tail = skb->data - skb->head;
}

static inline void skb_set_tail_pointer(struct sk_buff *skb, const int offset)
{
	skb_reset_tail_pointer(skb);
	skb->tail += offset;
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return skb->data - skb->head;
}

static inline int skb_tailroom(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) ? 0 : skb->end - skb->tail;
}

static inline int skb_availroom(const struct sk_buff *skb)
{
	if (skb_is_nonlinear(skb))
		return 0;
	return skb->end - skb->tail - skb->reserved_tailroom;
}

/* Keep headroom free in an empty skb: move data and tail forward. */
static inline void skb_reserve(struct sk_buff *skb, int len)
{
	/*
	 * kmirror only: Linux 5.0.1 (include/linux/skbuff.h:2238) moves the
	 * two pointers unchecked. A reservation past end or before head is
	 * reported like skb_over_panic() here, before anything moves.
	 */
	if (unlikely(skb->data + len > skb_end_pointer(skb) ||
		     skb->data + len < skb->head)) {
		skb_over_panic(skb, len, __builtin_return_address(0));
		return;
	}
	/* LAB 1 BEGIN: skb_reserve — headroom in an empty skb */
	skb->data += len;
	skb->tail += len;
	/* LAB 1 END: skb_reserve */
}

static inline void *__skb_put(struct sk_buff *skb, unsigned int len)
{
	return skb_put(skb, len);
}

static inline void *__skb_push(struct sk_buff *skb, unsigned int len)
{
	return skb_push(skb, len);
}

static inline void *__skb_pull(struct sk_buff *skb, unsigned int len)
{
	return skb_pull(skb, len);
}

static inline void *skb_put_data(struct sk_buff *skb, const void *data,
				 unsigned int len)
{
	void *tmp = skb_put(skb, len);

	if (tmp)
		memcpy(tmp, data, len);
	return tmp;
}

static inline void *skb_put_zero(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	if (tmp)
		memset(tmp, 0, len);
	return tmp;
}

static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	return len <= skb_headlen(skb);
}

static inline void *pskb_pull(struct sk_buff *skb, unsigned int len)
{
	return unlikely(len > skb->len) ? NULL : skb_pull(skb, len);
}

static inline int pskb_trim(struct sk_buff *skb, unsigned int len)
{
	if (len < skb->len)
		skb_trim(skb, len);
	return 0;
}

static inline int pskb_trim_rcsum(struct sk_buff *skb, unsigned int len)
{
	if (likely(len >= skb->len))
		return 0;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return pskb_trim(skb, len);
}

/* ---- header marks (offsets from head) ---- */
static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

static inline void skb_reset_transport_header(struct sk_buff *skb)
{
	skb->transport_header = skb->data - skb->head;
}

static inline void skb_set_transport_header(struct sk_buff *skb, const int offset)
{
	skb_reset_transport_header(skb);
	skb->transport_header += offset;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline void skb_reset_network_header(struct sk_buff *skb)
{
	skb->network_header = skb->data - skb->head;
}

static inline void skb_set_network_header(struct sk_buff *skb, const int offset)
{
	skb_reset_network_header(skb);
	skb->network_header += offset;
}

static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

static inline int skb_mac_header_was_set(const struct sk_buff *skb)
{
	return skb->mac_header != (typeof(skb->mac_header))~0U;
}

static inline void skb_reset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = skb->data - skb->head;
}

static inline void skb_reset_mac_len(struct sk_buff *skb)
{
	skb->mac_len = skb->network_header - skb->mac_header;
}

static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return skb_transport_header(skb) - skb->data;
}

static inline u32 skb_network_header_len(const struct sk_buff *skb)
{
	return skb->transport_header - skb->network_header;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb_network_header(skb) - skb->data;
}

static inline bool skb_transport_header_was_set(const struct sk_buff *skb)
{
	return skb->transport_header != (typeof(skb->transport_header))~0U;
}

/* ---- ownership, cloning ---- */
static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	refcount_inc(&skb->users);
	return skb;
}

static inline int skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned &&
	       (atomic_read(&skb_shinfo(skb)->dataref) & 0xffff) != 1;
}

static inline int skb_shared(const struct sk_buff *skb)
{
	return refcount_read(&skb->users) != 1;
}

static inline bool skb_unref(struct sk_buff *skb)
{
	if (unlikely(!skb))
		return false;
	if (likely(refcount_read(&skb->users) == 1))
		return true;
	return !refcount_dec_and_test(&skb->users) ? false : true;
}

static inline void skb_orphan(struct sk_buff *skb)
{
	if (skb->destructor) {
		skb->destructor(skb);
		skb->destructor = NULL;
		skb->sk = NULL;
	}
}

static inline void skb_set_owner_sk_safe_km(struct sk_buff *skb, struct sock *sk)
{
	skb->sk = sk;
}

static inline bool skb_fclone_busy(const struct sock *sk,
				   const struct sk_buff *skb)
{
	const struct sk_buff_fclones *fclones;

	fclones = container_of(skb, struct sk_buff_fclones, skb1);
	return skb->fclone == SKB_FCLONE_ORIG &&
	       refcount_read(&fclones->fclone_ref) > 1 &&
	       fclones->skb2.sk == sk;
}

/* ---- queues ---- */
static inline void __skb_queue_head_init(struct sk_buff_head *list)
{
	list->prev = list->next = (struct sk_buff *)list;
	list->qlen = 0;
}

static inline void skb_queue_head_init(struct sk_buff_head *list)
{
	spin_lock_init(&list->lock);
	__skb_queue_head_init(list);
}

static inline int skb_queue_empty(const struct sk_buff_head *list)
{
	return list->next == (const struct sk_buff *) list;
}

static inline bool skb_queue_is_last(const struct sk_buff_head *list,
				     const struct sk_buff *skb)
{
	return skb->next == (const struct sk_buff *) list;
}

static inline __u32 skb_queue_len(const struct sk_buff_head *list_)
{
	return list_->qlen;
}

static inline struct sk_buff *skb_peek(const struct sk_buff_head *list_)
{
	struct sk_buff *skb = list_->next;

	if (skb == (struct sk_buff *)list_)
		skb = NULL;
	return skb;
}

static inline struct sk_buff *skb_peek_tail(const struct sk_buff_head *list_)
{
	struct sk_buff *skb = list_->prev;

	if (skb == (struct sk_buff *)list_)
		skb = NULL;
	return skb;
}

static inline void __skb_insert(struct sk_buff *newsk,
				struct sk_buff *prev, struct sk_buff *next,
				struct sk_buff_head *list)
{
	newsk->next = next;
	newsk->prev = prev;
	next->prev  = prev->next = newsk;
	list->qlen++;
}

static inline void __skb_queue_before(struct sk_buff_head *list,
				      struct sk_buff *next,
				      struct sk_buff *newsk)
{
	__skb_insert(newsk, next->prev, next, list);
}

static inline void __skb_queue_tail(struct sk_buff_head *list,
				   struct sk_buff *newsk)
{
	__skb_queue_before(list, (struct sk_buff *)list, newsk);
}

static inline void __skb_queue_head(struct sk_buff_head *list,
				    struct sk_buff *newsk)
{
	__skb_insert(newsk, (struct sk_buff *)list, list->next, list);
}

static inline void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	struct sk_buff *next, *prev;

	list->qlen--;
	next	   = skb->next;
	prev	   = skb->prev;
	skb->next  = skb->prev = NULL;
	next->prev = prev;
	prev->next = next;
}

/* Move every skb of list to the tail of head, leaving list empty. */
static inline void skb_queue_splice_tail_init(struct sk_buff_head *list,
					      struct sk_buff_head *head)
{
	if (!skb_queue_empty(list)) {
		struct sk_buff *first = list->next;
		struct sk_buff *last = list->prev;
		struct sk_buff *next = (struct sk_buff *)head;
		struct sk_buff *prev = head->prev;

		first->prev = prev;
		prev->next = first;
		last->next = next;
		next->prev = last;
		head->qlen += list->qlen;
		__skb_queue_head_init(list);
	}
}

static inline struct sk_buff *__skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek(list);

	if (skb)
		__skb_unlink(skb, list);
	return skb;
}

void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk);
void skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk);
struct sk_buff *skb_dequeue(struct sk_buff_head *list);
void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list);
void skb_queue_purge(struct sk_buff_head *list);

static inline void __skb_queue_purge(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list)) != NULL)
		kfree_skb(skb);
}

#define skb_queue_walk(queue, skb) \
		for (skb = (queue)->next;					\
		     skb != (struct sk_buff *)(queue);				\
		     skb = skb->next)

#define skb_queue_walk_safe(queue, skb, tmp)					\
		for (skb = (queue)->next, tmp = skb->next;			\
		     skb != (struct sk_buff *)(queue);				\
		     skb = tmp, tmp = skb->next)

#define skb_rb_first(root) rb_entry_safe(rb_first(root), struct sk_buff, rbnode)
#define skb_rb_last(root)  rb_entry_safe(rb_last(root), struct sk_buff, rbnode)

/* Free every skb of an rbtree (an out-of-order queue); returns their truesize. */
static inline unsigned int skb_rbtree_purge(struct rb_root *root)
{
	struct rb_node *p = rb_first(root);
	unsigned int sum = 0;

	while (p) {
		struct sk_buff *skb = rb_entry(p, struct sk_buff, rbnode);

		p = rb_next(p);
		rb_erase(&skb->rbnode, root);
		sum += skb->truesize;
		kfree_skb(skb);
	}
	return sum;
}
#define skb_rb_next(skb)   rb_entry_safe(rb_next(&(skb)->rbnode), struct sk_buff, rbnode)

/* ---- checksums of received data ---- */
static inline bool skb_csum_unnecessary(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_UNNECESSARY || skb->csum_valid;
}

/*
 * The route of an skb lives in _skb_refdst. Bit 0 set means the skb does
 * not hold a reference of its own (the socket's cached route is borrowed,
 * skb_dst_set_noref), so skb_dst_drop() must not release it.
 */
#define SKB_DST_NOREF	1UL
#define SKB_DST_PTRMASK	~(SKB_DST_NOREF)

static inline struct dst_entry *skb_dst(const struct sk_buff *skb)
{
	return (struct dst_entry *)(skb->_skb_refdst & SKB_DST_PTRMASK);
}

static inline void skb_dst_set(struct sk_buff *skb, struct dst_entry *dst)
{
	skb->_skb_refdst = (unsigned long)dst;
}

static inline void skb_dst_set_noref(struct sk_buff *skb, struct dst_entry *dst)
{
	skb->_skb_refdst = (unsigned long)dst | SKB_DST_NOREF;
}

static inline bool skb_dst_is_noref(const struct sk_buff *skb)
{
	return (skb->_skb_refdst & SKB_DST_NOREF) && skb_dst(skb);
}

void skb_dst_drop(struct sk_buff *skb);

static inline void skb_copy_from_linear_data(const struct sk_buff *skb,
					     void *to, const unsigned int len)
{
	memcpy(to, skb->data, len);
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);

/*
 * Checksums of received packets. kmirror devices report no hardware
 * checksum, so the transport checksum is verified in software over the
 * pseudo-header (net/core/utils.c); a good one marks the skb
 * CHECKSUM_UNNECESSARY so it is not checked twice. Non-zero means bad.
 */
int skb_checksum_init_km(struct sk_buff *skb, int proto);
#define skb_checksum_init(skb, proto, compute_pseudo) \
	skb_checksum_init_km(skb, proto)
#define skb_checksum_complete(skb) \
	(!skb_csum_unnecessary(skb) && skb_checksum_init_km(skb, 0))

/* ---- receiving datagrams (net/core/datagram.c) ---- */
struct sock;
struct msghdr;
struct iov_iter;
int __skb_wait_for_more_packets(struct sock *sk, int *err, long *timeo_p,
				const struct sk_buff *skb);
struct sk_buff *__skb_try_recv_from_queue(struct sock *sk,
					  struct sk_buff_head *queue,
					  unsigned int flags,
					  void (*destructor)(struct sock *sk,
							     struct sk_buff *skb),
					  int *peeked, int *off, int *err,
					  struct sk_buff **last);
struct file;
struct socket;
struct poll_table_struct;
__poll_t datagram_poll(struct file *file, struct socket *sock,
		       struct poll_table_struct *wait);
int skb_copy_datagram_iter(const struct sk_buff *from, int offset,
			   struct iov_iter *to, int size);
#define skb_copy_datagram_msg(from, offset, msg, size) \
	skb_copy_datagram_iter(from, offset, &(msg)->msg_iter, size)

/* kmirror: the skb's stable id ("skb#3"), 0 if untracked. */
unsigned int km_skb_id(const struct sk_buff *skb);

void skb_init(void);

#endif
