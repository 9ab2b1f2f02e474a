// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the call stack pane — the execution context (a task in a
 * system call, a softirq, a timer, a device), its host, the mirrored
 * functions on the stack (innermost first, as gdb's backtrace), each with
 * the Linux 5.0.1 place it mirrors; then every task and what it is doing.
 */
#include <stdio.h>
#include <string.h>
#include <kmapi/trace.h>
#include "app.h"
#include "vzutil.h"

static const char *ctx_words(int ctx)
{
	switch (ctx) {
	case KM_CTX_PROCESS: return "process";
	case KM_CTX_SOFTIRQ: return "softirq";
	case KM_CTX_TIMER: return "timer softirq";
	case KM_CTX_IRQ: return "device interrupt";
	case KM_CTX_IDLE: return "idle";
	}
	return "?";
}

struct task_line {
	int		host, pid;
	const char	*comm, *sys;
	int		asleep;
	long		last_ret;
	const char	*last_sys;
};

/* Every task's state at the cursor, from the scheduler events. */
static int tasks_at(const struct vz_rec *r, struct task_line *t, int max)
{
	int n = 0, i, k;

	for (i = 0; i < r->nsched && r->sched[i] <= r->pos; i++) {
		const struct vz_ev *e = &r->evs[r->sched[i]];

		if (e->ctx != KM_CTX_PROCESS && e->sched_what != KM_SCHED_WAKE)
			continue;
		for (k = 0; k < n; k++)
			if (t[k].host == e->host && t[k].pid == e->pid)
				break;
		if (k == n) {
			if (n == max)
				continue;
			memset(&t[n], 0, sizeof(t[n]));
			t[n].host = e->host;
			t[n].pid = e->pid;
			t[n].comm = e->comm;
			n++;
		}
		switch (e->sched_what) {
		case KM_SCHED_SYSCALL_ENTER:
			t[k].sys = e->note;
			t[k].asleep = 0;
			break;
		case KM_SCHED_SYSCALL_EXIT:
			t[k].last_sys = e->note;
			t[k].last_ret = e->sched_arg;
			t[k].sys = NULL;
			t[k].asleep = 0;
			break;
		case KM_SCHED_SLEEP:
			t[k].asleep = 1;
			break;
		case KM_SCHED_WAKE:
			t[k].asleep = 0;
			break;
		}
	}
	return n;
}

static void stack_draw(struct vz_app *a, struct vz_pane *p, struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_ev *e = vz_cur_ev(a);
	struct task_line tasks[16];
	int nrow = 0, i, n, ntasks, first = 0, namew, refs;
	char buf[256];

	snprintf(p->title, sizeof(p->title), "Call stack");
	if (!e) {
		vz_cv_put(&a->cv, in.y, in.x, in.w, VZ_ST_DIM, "(no event yet)");
		return;
	}
	/* Content as nrow; drawn from p->scroll. */
#define LINE(style, ...) do {						\
		int _y = in.y + nrow - p->scroll;			\
		if (_y >= in.y && _y < in.y + in.h)			\
			vz_cv_printf(&a->cv, _y, in.x, in.w, style, __VA_ARGS__); \
		nrow++;						\
	} while (0)

	if (e->host >= 0) {
		snprintf(p->title, sizeof(p->title), "Call stack · %s", vz_host_name(r, e->host));
		if (e->ctx == KM_CTX_PROCESS)
			LINE(VZ_ST_GROUP, "%s: %s[%d]%s%s%s", vz_host_name(r, e->host),
			     e->comm, e->pid, e->sys ? " in " : "", e->sys ? e->sys : "",
			     e->sys ? "()" : "");
		else
			LINE(VZ_ST_GROUP, "%s: %s, on %s[%d]", vz_host_name(r, e->host),
			     ctx_words(e->ctx), e->comm, e->pid);
	} else {
		LINE(VZ_ST_GROUP, "the world (between events)");
	}
	n = e->stack_depth;
	namew = 8;
	for (i = 0; i < n; i++) {
		const struct vz_site *s = vz_ev_frame(r, e, i);

		if (s && (int)strlen(s->func) > namew)
			namew = (int)strlen(s->func);
	}
	if (namew > 30)
		namew = 30;
	refs = in.w >= 5 + namew + 1 + 24;
	if (e->type == KM_EV_ENTER && vz_ev_site(r, e)) {
		LINE(VZ_ST_CHANGED, "→   %-*s %s", namew, vz_ev_site(r, e)->func,
		     refs ? vz_ev_site(r, e)->linux_ref : "");
		first = 1;
	}
	if (e->type == KM_EV_EXIT && vz_ev_site(r, e)) {
		LINE(VZ_ST_CHANGED, "←   %-*s returned", namew, vz_ev_site(r, e)->func);
		first = 1;
	}
	for (i = 0; i < n; i++) {
		const struct vz_site *s = vz_ev_frame(r, e, i);

		if (!s)
			continue;
		LINE(i == 0 && !first ? VZ_ST_SENTENCE : VZ_ST_NORMAL, "#%-3d%-*s %s",
		     i + first, namew, s->func, refs ? s->linux_ref : "");
	}
	if (!n && !first)
		LINE(VZ_ST_DIM, "(no mirrored function on the stack)");

	ntasks = tasks_at(r, tasks, (int)VZ_ARRAY_SIZE(tasks));
	if (ntasks) {
		LINE(VZ_ST_DIM, "%s", "");
		LINE(VZ_ST_GROUP, "%s", "tasks");
	}
	for (i = 0; i < ntasks; i++) {
		const struct task_line *t = &tasks[i];

		if (t->sys)
			snprintf(buf, sizeof(buf), "in %s()%s", t->sys,
				 t->asleep ? ", asleep" : "");
		else if (t->last_sys)
			snprintf(buf, sizeof(buf), "%s() returned %ld%s%s", t->last_sys,
				 t->last_ret, t->last_ret < 0 ? " " : "",
				 t->last_ret < 0 && km_errno_name(t->last_ret) ?
				 km_errno_name(t->last_ret) : "");
		else
			snprintf(buf, sizeof(buf), "in user space");
		LINE(t->asleep ? VZ_ST_DIM : VZ_ST_NORMAL, "%s %s[%d]: %s",
		     vz_host_name(r, t->host), t->comm, t->pid, buf);
	}
#undef LINE
	p->nlines = nrow;
}

const struct vz_pane_ops vz_pane_stack_ops = {
	.name = "Call stack",
	.draw = stack_draw,
};
