// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: jiffies, clocks and timers (kernel/time/timer.c,
 * kernel/time/timekeeping.c).
 *
 * Linux functions mirrored here, each with its KM_FUNC (docs/mapping.md):
 * run_timer_softirq() and call_timer_fn() from kernel/time/timer.c. The
 * rest is kmirror's own.
 *
 * The world owns one clock (virtual in tests: it only moves when the world
 * loop jumps to the next due event). Each host derives from it:
 *   monotonic ns = world now - host boot time,
 *   jiffies      = INITIAL_JIFFIES + monotonic ms   (CONFIG_HZ=1000),
 *   wall clock   = the host's boot wall time + monotonic ns.
 * Pending timers are kept sorted by (expires, arming order) — the order a
 * timer wheel fires timers that are due in the same jiffy. They run from
 * TIMER_SOFTIRQ, inside an irq_enter()/irq_exit() pair standing for the
 * local timer interrupt.
 */
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmirror/trace.h>

static long long host_mono_ns(const struct host *h)
{
	return km_world_now(h->world) - h->boot_ns;
}

unsigned long km_host_jiffies(const struct host *h)
{
	return INITIAL_JIFFIES + (unsigned long)(host_mono_ns(h) / NSEC_PER_MSEC);
}

unsigned long km_jiffies(void)
{
	return km_host_jiffies(km_host());
}

u64 ktime_get_ns(void)
{
	return (u64)host_mono_ns(km_host());
}

u64 local_clock(void)
{
	return (u64)host_mono_ns(km_host());
}

u64 ktime_get_real_ns(void)
{
	struct host *h = km_host();

	return h->realtime_at_boot_ns + (u64)host_mono_ns(h);
}

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *),
		 unsigned int flags)
{
	timer->entry.next = NULL;
	timer->entry.prev = NULL;
	timer->function = func;
	timer->flags = flags;
	timer->expires = 0;
	timer->km_host = NULL;
}

static void detach_timer(struct timer_list *timer)
{
	__list_del_entry(&timer->entry);
	timer->entry.next = NULL;
	timer->entry.prev = NULL;
}

int del_timer(struct timer_list *timer)
{
	if (!timer_pending(timer))
		return 0;
	detach_timer(timer);
	return 1;
}

/* Insert in (expires, seq) order; return whether it was pending before. */
int mod_timer(struct timer_list *timer, unsigned long expires)
{
	struct host *h = km_host();
	struct timer_list *t;
	int was_pending = del_timer(timer);

	timer->expires = expires;
	timer->km_host = h;
	timer->km_seq = ++h->timer_seq;
	list_for_each_entry(t, &h->timers, entry) {
		if (time_after(t->expires, expires))
			break;
	}
	list_add_tail(&timer->entry, &t->entry);
	return was_pending;
}

/* Re-arm only if still pending (used for a request's SYN-ACK timer). */
int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	if (!timer_pending(timer))
		return 0;
	return mod_timer(timer, expires);
}

void add_timer(struct timer_list *timer)
{
	mod_timer(timer, timer->expires);
}

void km_timers_init(struct host *h)
{
	INIT_LIST_HEAD(&h->timers);
}

bool km_host_timers_due(struct host *h)
{
	struct timer_list *t;

	if (list_empty(&h->timers))
		return false;
	t = list_first_entry(&h->timers, struct timer_list, entry);
	return time_after_eq(km_host_jiffies(h), t->expires);
}

long long km_host_next_timer_ns(struct host *h)
{
	struct timer_list *t;
	long delta;

	if (list_empty(&h->timers))
		return -1;
	t = list_first_entry(&h->timers, struct timer_list, entry);
	delta = (long)(t->expires - km_host_jiffies(h));
	if (delta <= 0)
		return km_world_now(h->world);
	/* The jiffy `expires` starts exactly this many ns after boot. */
	return h->boot_ns +
	       (long long)(t->expires - INITIAL_JIFFIES) * NSEC_PER_MSEC;
}

/* kernel/time/timer.c: call_timer_fn — one callback, in timer context. */
static void call_timer_fn(struct timer_list *timer,
			  void (*fn)(struct timer_list *))
{
	KM_FUNC("kernel/time/timer.c",
		"Run an expired timer's callback in softirq (timer) context.");
	struct host *h = km_host();

	h->in_timer_fn++;
	fn(timer);
	h->in_timer_fn--;
}

/* kernel/time/timer.c: run_timer_softirq / __run_timers */
static void run_timer_softirq(struct softirq_action *h_unused)
{
	KM_FUNC("kernel/time/timer.c",
		"TIMER_SOFTIRQ: run every timer whose expiry jiffy has come.");
	struct host *h = km_host();
	unsigned long now = km_host_jiffies(h);
	unsigned int guard = 0;

	while (!list_empty(&h->timers) && guard++ < 100000) {
		struct timer_list *t = list_first_entry(&h->timers,
							struct timer_list, entry);

		if (time_after(t->expires, now))
			break;
		detach_timer(t);
		call_timer_fn(t, t->function);
	}
}

void km_host_run_timers(struct host *h)
{
	irq_enter();
	raise_softirq_irqoff(TIMER_SOFTIRQ);
	irq_exit();
}

void km_timer_softirq_register(void)
{
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}
