// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: tasks, `current`, sleeping and waking (kernel/sched/).
 *
 * A task is a thread of a user program on one host. Its kernel side runs on
 * a coroutine stack of its own, so a system call can sleep in schedule()
 * exactly where Linux sleeps — inet_wait_for_connect(), inet_csk_accept() —
 * while the world goes on delivering frames and firing timers. Waking a
 * task puts it on its host's run queue; the world loop resumes it.
 *
 * Each host is one CPU with no preemption: a task runs until it sleeps or
 * its system call returns. That is a deliberate simplification; where
 * Linux could be interrupted by a softirq mid-syscall, kmirror runs the
 * softirq at the next local_bh_enable(), which is also where Linux most
 * often runs it.
 */
#include <linux/sched.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmirror/trace.h>

#define KM_TASK_STACK	(512 * 1024)

long km_syscall_entry(struct task_struct *t);	/* arch/x86/entry/common.c */

struct task_struct *km_current(void)
{
	return km_host()->curtask;
}

const struct cred *current_cred(void)
{
	return current->cred;
}

kuid_t current_fsuid(void)
{
	return current->cred->fsuid;
}

kgid_t current_fsgid(void)
{
	return current->cred->fsgid;
}

void current_euid_egid(kuid_t *uid, kgid_t *gid)
{
	*uid = current->cred->euid;
	*gid = current->cred->egid;
}

bool capable(int cap)
{
	return (current->cred->cap_effective >> cap) & 1;
}

bool ns_capable(struct user_namespace *ns, int cap)
{
	(void)ns;
	return capable(cap);
}

void set_current_state_km(long state)
{
	current->state = state;
}

/* The coroutine body: serve one system call per resume, forever. */
static void task_main(void *arg)
{
	struct task_struct *t = arg;

	for (;;) {
		t->km_ret = km_syscall_entry(t);
		t->km_done = 1;
		t->km_in_syscall = 0;
		km_plat_ctx_yield(t->km_ctx);
	}
}

void km_sched_init(struct host *h)
{
	struct task_struct *idle = &h->idle;

	INIT_LIST_HEAD(&h->tasks);
	INIT_LIST_HEAD(&h->runqueue);
	memset(idle, 0, sizeof(*idle));
	idle->pid = 0;
	strscpy(idle->comm, "swapper/0", sizeof(idle->comm));
	idle->km_host = h;
	idle->km_is_idle = 1;
	idle->km_cred.cap_effective = ~0ULL;
	idle->cred = &idle->km_cred;
	idle->km_nsproxy.net_ns = &h->net;
	idle->nsproxy = &idle->km_nsproxy;
	idle->state = TASK_RUNNING;
	INIT_LIST_HEAD(&idle->km_run);
	h->curtask = idle;
}

/*
 * A program starts with descriptors 0, 1 and 2 open on its terminal, so
 * the first socket() it makes is 3, as strace of a real program shows.
 * kmirror's terminal is one file per host (host->tty_km, never freed: the
 * host keeps a reference); only close() and poll() mean anything on it,
 * and socket calls on it answer ENOTSOCK, as on a real tty.
 */
static const struct file_operations km_tty_fops;

static void km_task_std_files(struct host *h, struct task_struct *t)
{
	struct file *tty = &h->tty_km;
	unsigned int fd;

	if (!tty->f_op) {
		tty->f_name_km = "/dev/pts/0";
		tty->f_op = &km_tty_fops;
		tty->f_mode = FMODE_READ | FMODE_WRITE;
		atomic_long_set(&tty->f_count, 1);	/* the host's */
	}
	for (fd = 0; fd < 3; fd++) {
		t->files->fd_array[fd] = get_file(tty);
		t->files->close_on_exec[fd] = 2;	/* in use, no O_CLOEXEC */
	}
	t->files->next_fd = 3;
}

struct task_struct *km_task_alloc(struct host *h, const char *comm)
{
	struct task_struct *t = km_plat_alloc(sizeof(*t));

	if (h->last_pid < 99)
		h->last_pid = 99;	/* user tasks start at pid 100 */
	t->pid = ++h->last_pid;
	strscpy(t->comm, comm, sizeof(t->comm));
	t->km_host = h;
	t->cred = &t->km_cred;
	t->km_nsproxy.net_ns = &h->net;
	t->nsproxy = &t->km_nsproxy;
	t->files = km_plat_alloc(sizeof(*t->files));
	km_task_std_files(h, t);
	t->rlim_nofile.rlim_cur = 1024;
	t->rlim_nofile.rlim_max = 1048576;
	t->state = TASK_RUNNING;
	t->km_ctx = km_plat_ctx_new(task_main, t, KM_TASK_STACK);
	INIT_LIST_HEAD(&t->km_run);
	list_add_tail(&t->km_node, &h->tasks);
	return t;
}

void km_task_release(struct task_struct *t)
{
	list_del(&t->km_node);
	if (t->km_queued)
		list_del(&t->km_run);
	km_plat_ctx_free(t->km_ctx);
	km_plat_free(t->files);
	km_plat_free(t);
}

void km_sched_destroy(struct host *h)
{
	while (!list_empty(&h->tasks))
		km_task_release(list_first_entry(&h->tasks, struct task_struct,
						 km_node));
}

/* Switch this host's CPU onto t's kernel stack until it sleeps or returns. */
void km_task_run(struct task_struct *t)
{
	struct host *h = t->km_host;
	struct host *prev_host = km_host_enter(h);
	struct task_struct *prev = h->curtask;

	if (t->km_queued) {
		list_del_init(&t->km_run);
		t->km_queued = 0;
	}
	h->curtask = t;
	km_plat_ctx_resume(t->km_ctx);
	h->curtask = prev;
	km_host_leave(prev_host);
}

bool km_host_run_tasks(struct host *h)
{
	bool ran = false;
	unsigned int guard = 0;

	while (!list_empty(&h->runqueue) && guard++ < 10000) {
		struct task_struct *t = list_first_entry(&h->runqueue,
							 struct task_struct, km_run);
		km_task_run(t);
		ran = true;
	}
	return ran;
}

int wake_up_process(struct task_struct *p)
{
	struct host *h = p->km_host;

	if (!(p->state & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)))
		return 0;
	p->state = TASK_RUNNING;
	if (p->km_is_idle)
		return 1;
	if (!p->km_queued) {
		list_add_tail(&p->km_run, &h->runqueue);
		p->km_queued = 1;
	}
	if (h->trace_on)
		km_trace_sched(h, p, KM_SCHED_WAKE, 0, NULL);
	return 1;
}

void schedule(void)
{
	struct host *h = km_host();
	struct task_struct *t = h->curtask;

	if (t->km_is_idle || in_interrupt()) {
		km_bug(__FILE__, __LINE__, "scheduling while atomic (not in a task)");
		return;
	}
	/* A signal ends an interruptible sleep before it starts. */
	if (signal_pending_state(t->state, t))
		t->state = TASK_RUNNING;
	if (t->state == TASK_RUNNING) {
		if (t->km_queued) {
			list_del_init(&t->km_run);
			t->km_queued = 0;
		}
		return;
	}
	if (h->trace_on)
		km_trace_sched(h, t, KM_SCHED_SLEEP, 0, NULL);
	km_plat_ctx_yield(t->km_ctx);
	/* Resumed by the world loop after wake_up_process(). */
}

static void process_timeout(struct timer_list *timer)
{
	struct km_sleeper {
		struct timer_list timer;
		struct task_struct *task;
	} *s = container_of(timer, struct km_sleeper, timer);

	wake_up_process(s->task);
}

long schedule_timeout(long timeout)
{
	struct km_sleeper {
		struct timer_list timer;
		struct task_struct *task;
	} s;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		current->state = TASK_RUNNING;
		return 0;
	}
	expire = timeout + jiffies;
	s.task = current;
	timer_setup(&s.timer, process_timeout, 0);
	mod_timer(&s.timer, expire);
	schedule();
	del_timer(&s.timer);
	timeout = expire - jiffies;
	return timeout < 0 ? 0 : timeout;
}

/* Deliver a signal to a task (kill(2) from outside the mirror). */
void km_task_signal(struct task_struct *t, int sig)
{
	struct host *prev = km_host_enter(t->km_host);

	t->pending |= 1UL << sig;
	if (t->km_host->trace_on)
		km_trace_sched(t->km_host, t, KM_SCHED_SIGNAL, sig, NULL);
	if (t->state & TASK_INTERRUPTIBLE)
		wake_up_process(t);
	km_host_leave(prev);
}
