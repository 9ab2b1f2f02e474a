/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: struct km_world (runtime/world.c) and its internal helpers. */
#ifndef _KM_WORLD_H
#define _KM_WORLD_H

#include <linux/types.h>
#include <linux/list.h>

struct km_tracer;

struct km_cleanup {
	void			(*fn)(void *ctx);
	void			*ctx;
	struct list_head	node;
};

struct km_world {
	long long		now;		/* ns since the world began */
	unsigned long long	seed;
	struct list_head	hosts;
	int			nhosts;
	struct list_head	timed;		/* frames/callbacks in flight */
	unsigned long long	timed_seq;
	struct list_head	cleanups;	/* links, wires, pcaps to free */
	long long		call_budget;
	struct km_tracer	*tracer;
	/* real time (TUN): */
	int			realtime;
	long long		real_origin;
	int			(*poll_fn)(void *ctx, long long until_ns);
	void			*poll_ctx;
};

void km_tracer_init(struct km_world *w);
void km_tracer_destroy(struct km_world *w);
void km_trace_clock(struct km_world *w, long long delta_ns);
void km_hosts_shutdown(struct km_world *w);
void km_hosts_free(struct km_world *w);
void km_world_add_cleanup(struct km_world *w, void (*fn)(void *), void *ctx);
int km_world_run_until(struct km_world *w, bool (*done)(void *), void *ctx,
		       long long deadline);
void km_world_set_realtime(struct km_world *w, int (*poll_fn)(void *, long long),
			   void *ctx);

#endif
