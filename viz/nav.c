// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: moving through a recording the way gdb moves through a
 * program. A "thread" is one host's execution context for one task
 * (client process app[100], server softirq ...); its call depth comes with
 * every event.
 *
 *   s  the next step point, wherever it happens (follows packets across
 *      hosts and into softirqs)
 *   n  the next step point of this thread at this call depth or above:
 *      calls made from here are stepped over, other threads run meanwhile;
 *      a return out of the thread's outermost frame (a timer callback
 *      back into the softirq loop, the softirq back to idle) is a return,
 *      not a reason to stop in whatever context runs next
 *   f  run until the current function returns (stops on its return)
 *   c  run until a breakpoint: a function is entered, or a sock or
 *      socket reaches a state
 * and the same backwards (S, N).
 */
#include <string.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include "record.h"

/*
 * A thread is one host's stack for one task: a timer callback runs on the
 * stack of the TIMER_SOFTIRQ that called it, which runs on the idle loop's
 * (or a process's) stack, so the context kind is not part of it; the call
 * depth is continuous along it.
 */
static int same_thread(const struct vz_ev *a, const struct vz_ev *b)
{
	return a->host == b->host && a->pid == b->pid;
}

/* The number of frames of the function the event is "in". */
static int level(const struct vz_ev *e)
{
	if (e->type == KM_EV_ENTER)
		return e->depth + 1;
	return e->depth;
}

int vz_nav_step(const struct vz_rec *r, int pos)
{
	int j;

	for (j = pos + 1; j < r->nevs; j++)
		if (r->evs[j].type == KM_EV_STEP)
			return j;
	return -1;
}

int vz_nav_back_step(const struct vz_rec *r, int pos)
{
	int j;

	if (pos > r->nevs)
		pos = r->nevs;
	for (j = pos - 1; j >= 0; j--)
		if (r->evs[j].type == KM_EV_STEP)
			return j;
	return -1;
}

/*
 * gdb's `next`: the next step of this thread in this function or, once it
 * has returned, in its caller (and so on up); calls made meanwhile are
 * stepped over. When the thread's stack has unwound completely — a
 * softirq or an interrupt is over, a system call has returned — the next
 * thing it runs starts afresh: for the idle task that is whatever runs
 * next on any host (the world moves on), for a process its next step.
 */
int vz_nav_next(const struct vz_rec *r, int pos)
{
	const struct vz_ev *e;
	int j, cur;

	if (pos < 0 || pos >= r->nevs)
		return vz_nav_step(r, pos);
	e = &r->evs[pos];
	cur = level(e);
	for (j = pos + 1; j < r->nevs; j++) {
		const struct vz_ev *x = &r->evs[j];

		if (!same_thread(x, e))
			continue;
		if (x->type == KM_EV_STEP && x->depth <= cur)
			return j;
		if (x->type == KM_EV_EXIT && x->depth < cur) {
			cur = x->depth;	/* back in the caller */
			if (cur == 0)
				break;
		}
	}
	if (j >= r->nevs)
		return -1;
	/* unwound: the thread's next step, or (idle task) anyone's */
	for (j++; j < r->nevs; j++)
		if (r->evs[j].type == KM_EV_STEP &&
		    (e->pid == 0 || same_thread(&r->evs[j], e)))
			return j;
	return -1;
}

/* `next` backwards: the previous step of this thread in this function or,
 * before it was called, in its caller; never inside a call. */
int vz_nav_back_next(const struct vz_rec *r, int pos)
{
	const struct vz_ev *e;
	int j, cur;

	if (pos < 0 || pos >= r->nevs)
		return vz_nav_back_step(r, pos);
	e = &r->evs[pos];
	cur = level(e);
	if (e->type == KM_EV_ENTER)
		cur = e->depth;
	for (j = pos - 1; j >= 0; j--) {
		const struct vz_ev *x = &r->evs[j];

		if (!same_thread(x, e))
			continue;
		if (x->type == KM_EV_STEP && x->depth <= cur)
			return j;
		if (x->type == KM_EV_ENTER && x->depth < cur) {
			cur = x->depth;	/* before the call: in the caller */
			if (cur == 0)
				break;
		}
	}
	if (j < 0)
		return -1;
	for (j--; j >= 0; j--)
		if (r->evs[j].type == KM_EV_STEP &&
		    (e->pid == 0 || same_thread(&r->evs[j], e)))
			return j;
	return -1;
}

int vz_nav_finish(const struct vz_rec *r, int pos)
{
	const struct vz_ev *e;
	int j, l;

	if (pos < 0 || pos >= r->nevs)
		return -1;
	e = &r->evs[pos];
	l = level(e);
	if (l <= 0)
		return -1;
	for (j = pos + 1; j < r->nevs; j++) {
		const struct vz_ev *x = &r->evs[j];

		if (!same_thread(x, e))
			continue;
		if (x->type == KM_EV_EXIT && x->depth == l - 1)
			return j;
		if (x->depth < l - 1)
			return -1;	/* unwound past it without a return */
	}
	return -1;
}

static int diff_reaches(const struct vz_rec *r, const struct vz_ev *e,
			int want_socket, unsigned long long state)
{
	unsigned int d;

	for (d = e->diff_off; d < e->diff_off + e->ndiffs; d++) {
		const struct vz_diff *df = &r->diffs[d];
		const struct vz_obj *o = &r->objs[df->obj];

		if ((o->kind == KM_OBJ_SOCKET) != want_socket)
			continue;
		if (df->field == r->kinds[o->kind].state_field &&
		    df->newv == state && vz_trans_is_real(r, df->obj, df->oldv, df->newv))
			return 1;
	}
	return 0;
}

int vz_bp_hit(const struct vz_rec *r, int ev, const struct vz_bp *bp)
{
	const struct vz_ev *e = &r->evs[ev];
	const struct vz_site *s;

	switch (bp->kind) {
	case VZ_BP_FUNC:
		if (e->type != KM_EV_ENTER)
			return 0;
		s = vz_ev_site(r, e);
		return s && bp->func && !strcmp(s->func, bp->func);
	case VZ_BP_TCP_STATE:
		return diff_reaches(r, e, 0, bp->state);
	case VZ_BP_SS_STATE:
		return diff_reaches(r, e, 1, bp->state);
	}
	return 0;
}

int vz_nav_continue(const struct vz_rec *r, int pos, const struct vz_bp *bps,
		    int nbps)
{
	int j, b;

	for (j = pos + 1; j < r->nevs; j++)
		for (b = 0; b < nbps; b++)
			if (vz_bp_hit(r, j, &bps[b]))
				return j;
	return -1;
}

/* A state change worth a stop: not an object coming to life. */
int vz_trans_is_real(const struct vz_rec *r, int obj, unsigned long long oldv,
		     unsigned long long newv)
{
	unsigned long long max = r->objs[obj].kind == KM_OBJ_SOCKET ? 4 : 12;

	/* a timewait sock comes from its slab unzeroed: it had no state */
	if (oldv == KM_VAL_UNINIT && r->objs[obj].kind == KM_OBJ_TW)
		oldv = 0;
	/* slab poison (8-bit 0x5a) and other junk are not states */
	if (oldv == newv || newv > max || oldv > max)
		return 0;
	/* a child sock is born in SYN_RECV, a timewait sock in its
	 * substate (FIN_WAIT2 or TIME_WAIT): those tell a story */
	if (!oldv && !(r->objs[obj].kind == KM_OBJ_TCP_SOCK && newv == 3) &&
	    r->objs[obj].kind != KM_OBJ_TW)
		return 0;
	return 1;
}

int vz_ev_is_milestone(const struct vz_rec *r, int ev)
{
	const struct vz_ev *e = &r->evs[ev];
	unsigned int d;

	if (e->type == KM_EV_PACKET)
		return 1;
	if (e->type == KM_EV_SCHED && e->sched_what == KM_SCHED_SYSCALL_EXIT)
		return 1;
	for (d = e->diff_off; d < e->diff_off + e->ndiffs; d++) {
		const struct vz_diff *df = &r->diffs[d];
		const struct vz_obj *o = &r->objs[df->obj];

		if (df->field == r->kinds[o->kind].state_field &&
		    vz_trans_is_real(r, df->obj, df->oldv, df->newv))
			return 1;
	}
	return 0;
}

int vz_nav_milestone(const struct vz_rec *r, int pos, int dir)
{
	int j;

	if (dir > 0) {
		for (j = pos + 1; j < r->nevs; j++)
			if (vz_ev_is_milestone(r, j))
				return j;
	} else {
		for (j = (pos > r->nevs ? r->nevs : pos) - 1; j >= 0; j--)
			if (vz_ev_is_milestone(r, j))
				return j;
	}
	return -1;
}

int vz_nav_first(const struct vz_rec *r)
{
	int j = vz_nav_step(r, -1);

	if (j < 0)
		return r->nevs ? 0 : -1;
	return j;
}

/*
 * Where a session starts: the first step of the host that sent the first
 * packet (the active opener — a listening server's set-up comes first in
 * time but is not the story), or the first step.
 */
int vz_nav_start(const struct vz_rec *r)
{
	int j, h = r->nlanes ? r->lanes[0].host : -1;

	if (h >= 0 && r->nhosts > 1)
		for (j = 0; j < r->nevs; j++)
			if (r->evs[j].type == KM_EV_STEP && r->evs[j].host == h)
				return j;
	return vz_nav_first(r);
}

int vz_nav_last(const struct vz_rec *r)
{
	return r->nevs - 1;
}

int vz_step_number(const struct vz_rec *r, int pos)
{
	if (pos < 0 || pos >= r->nevs)
		return 0;
	return r->evs[pos].stepno;
}
