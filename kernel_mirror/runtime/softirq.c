// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: the preempt count and softirqs (kernel/softirq.c).
 *
 * Softirqs run where Linux runs them: on irq_exit() after a device
 * delivered a frame or a timer tick, and in local_bh_enable() when bottom
 * halves are re-enabled with work pending (spin_unlock_bh, release_sock,
 * rcu_read_unlock_bh after dev_queue_xmit on loopback). Work raised from
 * plain process context is left for the world loop, which plays ksoftirqd.
 *
 * Linux functions mirrored here, with their KM_FUNC (docs/mapping.md):
 * __do_softirq() from kernel/softirq.c. The rest is kmirror's own.
 */
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmirror/trace.h>

#define MAX_SOFTIRQ_RESTART 10

unsigned long km_preempt_count(void)
{
	return km_host()->preempt_count;
}

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	km_host()->softirq_vec[nr].action = action;
}

void __raise_softirq_irqoff(unsigned int nr)
{
	km_host()->softirq_pending |= 1U << nr;
}

void raise_softirq_irqoff(unsigned int nr)
{
	__raise_softirq_irqoff(nr);
	/* Outside interrupt context Linux wakes ksoftirqd: the world loop. */
}

void raise_softirq(unsigned int nr)
{
	raise_softirq_irqoff(nr);
}

static const char *const softirq_names[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
	"TASKLET", "SCHED", "HRTIMER", "RCU"
};

static void __do_softirq(void)
{
	KM_FUNC("kernel/softirq.c",
		"Run the pending softirqs (NET_RX, TIMER, ...) one after another.");
	struct host *h = km_host();
	int restart = MAX_SOFTIRQ_RESTART;
	u32 pending;

	h->preempt_count += SOFTIRQ_OFFSET;
again:
	pending = h->softirq_pending;
	h->softirq_pending = 0;
	while (pending) {
		unsigned int nr = __builtin_ctz(pending);

		pending &= pending - 1;
		if (KM_TRACING())
			km_trace_note("softirq %s", softirq_names[nr]);
		if (h->softirq_vec[nr].action)
			h->softirq_vec[nr].action(&h->softirq_vec[nr]);
	}
	if (h->softirq_pending && --restart)
		goto again;
	h->preempt_count -= SOFTIRQ_OFFSET;
}

void do_softirq(void)
{
	struct host *h = km_host();

	if (in_interrupt())
		return;
	if (h->softirq_pending)
		__do_softirq();
}

void local_bh_disable(void)
{
	km_host()->preempt_count += SOFTIRQ_DISABLE_OFFSET;
}

void local_bh_enable(void)
{
	struct host *h = km_host();

	WARN_ON(h->preempt_count < SOFTIRQ_DISABLE_OFFSET);
	h->preempt_count -= SOFTIRQ_DISABLE_OFFSET;
	if (!in_interrupt() && h->softirq_pending)
		do_softirq();
}

void irq_enter(void)
{
	km_host()->preempt_count += HARDIRQ_OFFSET;
}

void irq_exit(void)
{
	struct host *h = km_host();

	h->preempt_count -= HARDIRQ_OFFSET;
	if (!in_interrupt() && h->softirq_pending)
		__do_softirq();
}
