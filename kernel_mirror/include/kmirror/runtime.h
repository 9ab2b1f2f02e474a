/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: internal runtime interfaces shared by runtime/, trace/ and the
 * few mirrored places that must talk to the runtime (object registry,
 * world clock, devices).
 */
#ifndef _KM_RUNTIME_H
#define _KM_RUNTIME_H

#include <linux/types.h>
#include <linux/list.h>
#include <kmirror/ids.h>
#include <kmapi/trace.h>

struct host;
struct km_world;
struct kmem_cache;
struct sk_buff;
struct net_device;
struct net_device_ops;
struct net;
struct task_struct;

/* ---- the live-object registry (runtime/slab.c) ---- */
struct km_obj {
	const void		*ptr;
	unsigned int		id;
	unsigned short		cls;	/* enum km_id_class */
	unsigned short		kind;	/* enum km_obj_kind, if traced */
	struct kmem_cache	*cache;
	unsigned long		seq;	/* registration order */
	void			*snap;	/* the tracer's last snapshot of it */
	struct list_head	node;	/* host's list, in allocation order */
};

struct km_obj *km_obj_register(struct host *h, const void *ptr,
			       enum km_id_class cls, int kind,
			       struct kmem_cache *cache);
void km_obj_unregister(struct host *h, const void *ptr);
struct km_obj *km_obj_lookup(struct host *h, const void *ptr);
struct list_head *km_obj_list(struct host *h);	/* all live, id order */
unsigned int km_obj_id(struct host *h, const void *ptr);
void km_mem_init(struct host *h);
void km_mem_destroy(struct host *h);
/* Count (and describe into buf) objects still alive. */
unsigned long km_mem_leaks(struct host *h, char *buf, size_t len);
/* Make the next `count` allocations from the named cache fail. */
int km_failslab(struct host *h, const char *cache, int count);

/* ---- time (runtime/timer.c) ---- */
long long km_world_now(const struct km_world *w);
long long km_host_next_timer_ns(struct host *h);	/* -1 if none */
bool km_host_timers_due(struct host *h);
void km_host_run_timers(struct host *h);	/* irq + TIMER_SOFTIRQ */
void km_timers_init(struct host *h);
unsigned long km_host_jiffies(const struct host *h);

/* ---- softirq (runtime/softirq.c) ---- */
void km_softirq_init(struct host *h);
void km_net_rx_action_register(struct host *h);

/* ---- tasks (runtime/sched.c) ---- */
void km_sched_init(struct host *h);
void km_sched_destroy(struct host *h);
bool km_host_run_tasks(struct host *h);	/* run runnable tasks; true if any */
void km_task_run(struct task_struct *t);

/* ---- tracer (trace/trace.c) ---- */
void km_trace_obj(struct host *h, int type, const struct km_obj *o);
void km_trace_sched(struct host *h, struct task_struct *t, int what, long arg,
		    const char *note);
void km_trace_host_free(struct host *h);
/* The innermost mirrored function of h's running task, NULL if the
 * tracer does not follow it (a BUG report names it). */
const char *km_trace_current_func(struct host *h);
void km_trace_forget(struct km_obj *o);
void km_tracer_update_hosts(struct km_world *w);
int km_world_tracing(const struct km_world *w);

/* ---- world (runtime/world.c) ---- */
typedef void (*km_timed_fn)(void *ctx, void *data, unsigned int len);
void km_world_schedule(struct km_world *w, long long at_ns, km_timed_fn fn,
		       void *ctx, const void *data, unsigned int len);
void km_world_cancel_ctx(struct km_world *w, void *ctx);
unsigned long long km_world_seed(const struct km_world *w);

/* ---- devices (drivers/net, runtime/netdev.c) ---- */
void km_dev_rx(struct net_device *dev, const void *frame, unsigned int len);
struct net_device *km_dev_alloc(struct host *h, const char *name,
				unsigned int mtu, unsigned int flags,
				const struct net_device_ops *ops, void *backend);
void km_netdev_destroy_all(struct host *h);

/*
 * ---- boot and tear-down: Linux's initcalls (static there, run by
 * do_initcalls) and the runtime's own per-host set-up ----
 */
void sock_init(void);				/* net/socket.c */
void net_dev_init(void);			/* net/core/dev.c */
int loopback_net_init(struct net *net);		/* drivers/net/loopback.c */
void km_timer_softirq_register(void);		/* runtime/timer.c */
void km_random_init(struct host *h, u64 seed);	/* runtime/random.c */
u64 km_host_random64(struct host *h);
void km_files_close_all(struct task_struct *t);	/* runtime/fs.c */
struct task_struct *km_task_alloc(struct host *h, const char *comm);
void km_task_signal(struct task_struct *t, int sig);	/* runtime/sched.c */
void km_task_release(struct task_struct *t);

#endif
