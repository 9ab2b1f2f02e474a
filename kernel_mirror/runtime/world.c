// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: the world — hosts, the frames and callbacks in flight
 * between them, and the one clock they share.
 *
 * The world loop repeatedly does whatever is due *now*, in a fixed order:
 *   1. deliver frames (and run scripted-peer callbacks) whose time came,
 *   2. on each host, in creation order: fire due timers (a timer
 *      interrupt), run softirqs left pending (ksoftirqd), run woken tasks;
 * and when nothing is left it moves the clock to the next due event. The
 * clock is virtual unless a real device needs real time, so runs are
 * repeatable to the byte for a given seed.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/string.h>
#include <linux/interrupt.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmirror/world.h>
#include <kmapi/km.h>

struct km_timed {
	long long		at;
	unsigned long long	seq;
	km_timed_fn		fn;
	void			*ctx;
	unsigned int		len;
	struct list_head	node;
	unsigned char		data[];
};

long long km_world_now(const struct km_world *w)
{
	return w->now;
}

long long km_world_now_ns(const struct km_world *w)
{
	return w->now;
}

unsigned long long km_world_seed(const struct km_world *w)
{
	return w->seed;
}

struct km_world *km_world_new(unsigned long long seed)
{
	struct km_world *w = km_plat_alloc(sizeof(*w));

	w->seed = seed;
	w->now = 0;
	w->call_budget = 3600LL * NSEC_PER_SEC;
	INIT_LIST_HEAD(&w->hosts);
	INIT_LIST_HEAD(&w->timed);
	INIT_LIST_HEAD(&w->cleanups);
	km_tracer_init(w);
	return w;
}

void km_world_set_call_budget(struct km_world *w, long long ns)
{
	w->call_budget = ns;
}

void km_world_schedule(struct km_world *w, long long at_ns, km_timed_fn fn,
		       void *ctx, const void *data, unsigned int len)
{
	struct km_timed *t = km_plat_alloc(sizeof(*t) + len);
	struct km_timed *pos;

	t->at = at_ns < w->now ? w->now : at_ns;
	t->seq = ++w->timed_seq;
	t->fn = fn;
	t->ctx = ctx;
	t->len = len;
	if (len)
		memcpy(t->data, data, len);
	list_for_each_entry(pos, &w->timed, node) {
		if (pos->at > t->at)
			break;
	}
	list_add_tail(&t->node, &pos->node);
}

void km_world_cancel_ctx(struct km_world *w, void *ctx)
{
	struct km_timed *t, *n;

	list_for_each_entry_safe(t, n, &w->timed, node) {
		if (t->ctx == ctx) {
			list_del(&t->node);
			km_plat_free(t);
		}
	}
}

void km_world_add_cleanup(struct km_world *w, void (*fn)(void *), void *ctx)
{
	struct km_cleanup *c = km_plat_alloc(sizeof(*c));

	c->fn = fn;
	c->ctx = ctx;
	list_add(&c->node, &w->cleanups);
}

long long km_world_next_event_ns(struct km_world *w)
{
	long long next = -1;
	struct host *h;

	if (!list_empty(&w->timed))
		next = list_first_entry(&w->timed, struct km_timed, node)->at;
	list_for_each_entry(h, &w->hosts, world_node) {
		long long t = km_host_next_timer_ns(h);

		if (t >= 0 && (next < 0 || t < next))
			next = t;
	}
	return next;
}

/* Do everything that is due now. Returns true if anything ran. */
static bool world_run_now(struct km_world *w)
{
	bool any = false;
	unsigned int rounds = 0;

	while (rounds++ < 1000000) {
		bool did = false;
		struct host *h;

		while (!list_empty(&w->timed)) {
			struct km_timed *t = list_first_entry(&w->timed,
							      struct km_timed, node);

			if (t->at > w->now)
				break;
			list_del(&t->node);
			t->fn(t->ctx, t->data, t->len);
			km_plat_free(t);
			did = true;
		}
		list_for_each_entry(h, &w->hosts, world_node) {
			if (km_host_timers_due(h)) {
				struct host *prev = km_host_enter(h);

				km_host_run_timers(h);
				km_host_leave(prev);
				did = true;
			}
			if (h->softirq_pending) {
				struct host *prev = km_host_enter(h);

				do_softirq();	/* ksoftirqd */
				km_host_leave(prev);
				did = true;
			}
			if (km_host_run_tasks(h))
				did = true;
		}
		if (!did)
			break;
		any = true;
	}
	return any;
}

void km_world_settle(struct km_world *w)
{
	world_run_now(w);
}

/*
 * Run until done(ctx) holds, nothing more can happen (-1), or the clock
 * would pass `deadline` (-2; the clock is left at the deadline).
 */
int km_world_run_until(struct km_world *w, bool (*done)(void *), void *ctx,
		       long long deadline)
{
	unsigned long guard = 0;

	while (guard++ < 100000000UL) {
		long long next;

		world_run_now(w);
		if (done && done(ctx))
			return 0;
		next = km_world_next_event_ns(w);
		if (w->realtime) {
			long long until = next < 0 || next > deadline ? deadline : next;

			if (w->poll_fn)
				w->poll_fn(w->poll_ctx, until);
			w->now = km_plat_monotonic_ns() - w->real_origin;
			if (w->now >= deadline && (next < 0 || next > deadline))
				return done ? -2 : 0;
			continue;
		}
		if (next < 0)
			return done ? -1 : 0;
		if (next > deadline) {
			if (deadline > w->now)
				w->now = deadline;
			return done ? -2 : 0;
		}
		if (next > w->now) {
			if (km_world_tracing(w))
				km_trace_clock(w, next - w->now);
			w->now = next;
		}
	}
	return -1;
}

int km_world_run_for(struct km_world *w, long long max_ns)
{
	return km_world_run_until(w, NULL, NULL, w->now + max_ns);
}

void km_world_advance(struct km_world *w, long long ns)
{
	long long target = w->now + ns;

	km_world_run_until(w, NULL, NULL, target);
	if (!w->realtime && w->now < target)
		w->now = target;
	world_run_now(w);
}

void km_world_set_realtime(struct km_world *w, int (*poll_fn)(void *, long long),
			   void *ctx)
{
	w->realtime = 1;
	w->poll_fn = poll_fn;
	w->poll_ctx = ctx;
	w->real_origin = km_plat_monotonic_ns() - w->now;
}

/* Close every task's files and let the hosts finish (timers included). */
void km_world_shutdown(struct km_world *w, long long max_ns)
{
	km_hosts_shutdown(w);
	km_world_run_for(w, max_ns);
}

void km_world_free(struct km_world *w)
{
	struct km_cleanup *c, *cn;
	struct km_timed *t, *tn;

	km_hosts_shutdown(w);
	list_for_each_entry_safe(t, tn, &w->timed, node) {
		list_del(&t->node);
		km_plat_free(t);
	}
	list_for_each_entry_safe(c, cn, &w->cleanups, node) {
		list_del(&c->node);
		c->fn(c->ctx);
		km_plat_free(c);
	}
	km_hosts_free(w);
	km_tracer_destroy(w);
	km_plat_free(w);
}
