/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: struct host — one simulated machine.
 *
 * Everything Linux keeps in global or per-CPU variables lives here, once
 * per host: the CPU's preempt count and pending softirqs, its timers and
 * jiffies, its tasks, its network namespace (struct net, with the sysctls),
 * and the variables that are file-scope statics in net/ (inetsw[],
 * net_families[], the TCP and UDP tables, the secrets behind ISNs and
 * ports, the shared ephemeral-port hint). Several hosts share a process but
 * nothing else; the mirrored code reaches the running one through the
 * CPU register km_cpu.host (kmirror/trace.h).
 *
 * This header belongs to the kernel side. Tests and tools use
 * the kmapi headers, which only name `struct host` without showing it.
 */
#ifndef _KM_HOST_H
#define _KM_HOST_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/siphash.h>
#include <linux/percpu_counter.h>
#include <linux/net.h>
#include <linux/fs.h>
#include <net/net_namespace.h>
#include <net/inet_hashtables.h>
#include <net/protocol.h>
#include <net/udp.h>
#include <net/raw.h>
#include <kmirror/ids.h>
#include <kmirror/trace.h>
#include <linux/tracepoint.h>

struct km_world;
struct kmem_cache;
struct km_registry;

#define KM_HOST_NAME_LEN	16
#define KM_MAX_CACHES		48
#define KM_LOG_SIZE		8192
#define KM_IP_IDENTS_SZ		2048
#define KM_INET_PEERS		32

/* Per-host copies of the protocol tables (Linux: statics in af_inet.c). */
struct km_af_inet {
	struct list_head	inetsw[SOCK_MAX];
	struct inet_protosw	inetsw_array[4];
};

struct km_mem {
	struct kmem_cache	*caches[KM_MAX_CACHES];
	int			ncaches;
	struct kmem_cache	*kmalloc_cache;	/* plain kmalloc() */
	struct km_registry	*live;		/* every live object */
	unsigned int		next_id[KM_ID__COUNT];
	unsigned long		bytes_in_use;
	unsigned long		objects_in_use;
	unsigned long		next_seq;	/* registrations so far */
	unsigned long		baseline_seq;	/* ... when boot finished */
	/* fault injection (km_host_set_fault): true fails an allocation */
	bool			(*fault_fn)(void *ctx, const char *cache,
					    const void *site, bool in_irq);
	void			*fault_ctx;
};

struct host {
	/* identity */
	int			id;
	char			name[KM_HOST_NAME_LEN];
	struct km_world		*world;
	struct list_head	world_node;

	/* clocks: world time at which this host booted, and its wall clock */
	long long		boot_ns;
	unsigned long long	realtime_at_boot_ns;
	unsigned long long	uptime_at_boot_ns;

	/* the CPU */
	unsigned long		preempt_count;
	u32			softirq_pending;
	struct softirq_action	softirq_vec[NR_SOFTIRQS];
	int			in_timer_fn;	/* inside a timer callback */
	struct task_struct	*curtask;	/* the task on this CPU */
	struct task_struct	idle;		/* swapper/0 */
	struct softnet_data	softnet;
	int			netdev_max_backlog;

	/* timers, in expiry order */
	struct list_head	timers;
	unsigned long long	timer_seq;

	/* tasks */
	struct file		tty_km;		/* the terminal: every task's fds 0-2 */
	struct list_head	tasks;
	struct list_head	runqueue;
	int			last_pid;
	unsigned long		last_ino;	/* get_next_ino() */

	/* the (only) network namespace */
	struct net		net;
	struct list_head	ptype_base;	/* packet_type handlers */
	struct list_head	ptype_all;	/* taps on every device */
	struct net_device	*loopback_dev;

	/* Linux statics, per host */
	const struct net_proto_family *net_families[NPROTO];	/* net/socket.c */
	struct km_af_inet	af_inet;			/* net/ipv4/af_inet.c */
	const struct net_protocol *inet_protos[MAX_INET_PROTOS];/* net/ipv4/protocol.c */
	struct inet_hashinfo	tcp_hashinfo;			/* net/ipv4/tcp_ipv4.c */
	struct udp_table	udp_table;			/* net/ipv4/udp.c */
	struct raw_hashinfo	raw_v4_hashinfo;		/* net/ipv4/raw.c */
	struct ping_table	ping_table;			/* net/ipv4/ping.c */
	struct kmem_cache	*sock_inode_cachep;		/* net/socket.c */
	struct kmem_cache	*skbuff_head_cache;		/* net/core/skbuff.c */
	struct kmem_cache	*skbuff_fclone_cache;
	struct kmem_cache	*filp_cachep;			/* fs/file_table.c */
	struct kmem_cache	*ip_dst_cache;			/* net/ipv4/route.c */
	struct kmem_cache	*proto_slabs[8];		/* proto_register() */
	const struct proto	*proto_slab_owner[8];
	int			proto_inuse[8];			/* sock_prot_inuse_add() */
	struct kmem_cache	*reqsk_slab;			/* tcp_request_sock_ops.slab */
	struct percpu_counter	tcp_orphan_count;		/* net/ipv4/tcp.c */
	struct kmem_cache	*twsk_slab;			/* tcp_timewait_sock_ops.twsk_slab */
	u32			inet_hash_connect_hint;		/* __inet_hash_connect's static */
	u32			ping_port_rover;
	int			udp_port_rover_km;

	/* secrets drawn once (net_get_random_once) */
	siphash_key_t		net_secret;		bool net_secret_done;
	siphash_key_t		ts_secret;		bool ts_secret_done;
	siphash_key_t		syncookie_secret[2];	bool syncookie_secret_done;
	u32			inet_ehash_secret;	bool inet_ehash_secret_done;
	u32			udp_ehash_secret;	bool udp_ehash_secret_done;
	u32			ip_idents_hashrnd;	bool ip_idents_hashrnd_done;
	u32			fnhe_hashrnd;		bool fnhe_hashrnd_done;	/* route.c */
	u32			ip_idents[KM_IP_IDENTS_SZ];
	u32			ip_tstamps[KM_IP_IDENTS_SZ];
	unsigned long		reserved_ports[65536 / (8 * sizeof(unsigned long))];
	/* net/ipv4/icmp.c: the global ICMP token bucket, and the per-peer
	 * rate state Linux keeps in inet_peer entries (a small LRU here) */
	u32			icmp_global_credit;
	u32			icmp_global_stamp;
	struct km_inet_peer {
		__be32		daddr;
		unsigned long	rate_tokens;
		unsigned long	rate_last;
		unsigned long	last_used;
	}			inet_peers[KM_INET_PEERS];
	unsigned long		tcp_challenge_timestamp;
	unsigned int		tcp_challenge_count;

	/* randomness */
	u64			prng[4];

	/* memory, ids, leaks, fault injection */
	struct km_mem		mem;

	/* diagnostics */
	char			log[KM_LOG_SIZE];
	size_t			log_len;
	unsigned int		warnings;
	void			*bug_jmp;		/* test hook: longjmp target */
	char			bug_msg[256];
	/* printk_once call sites that have printed on this host (Linux
	 * keeps a static flag at each site) */
	const void		*printed_once[8];
	unsigned int		nprinted_once;

	/* tracing */
	int			trace_on;
	/* the probe of each tracepoint (linux/tracepoint.h) */
	struct tracepoint_func	tracepoints[KM_TP__COUNT];
};

/* The host the CPU is running right now. */
static inline struct host *km_host(void)
{
	return km_cpu.host;
}

static inline struct host *net_host(const struct net *net)
{
	return container_of(net, struct host, net);
}

static inline struct host *sock_host_km(const struct sock *sk)
{
	return net_host(sock_net(sk));
}

/* Enter/leave a host's CPU (world loop, tests). Returns the previous one. */
struct host *km_host_enter(struct host *h);
void km_host_leave(struct host *prev);

void km_host_printk(struct host *h, const char *fmt, ...) __printf(2, 3);

#endif
