/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/sched.h — tasks, `current`, sleeping and waking.
 *
 * A task is a user program's thread on one host. Its kernel side runs on its
 * own stack (a coroutine, runtime/sched.c): when a syscall sleeps in
 * schedule(), the world goes on running softirqs, timers and other tasks,
 * and comes back to it when it is woken — as on a one-CPU machine.
 */
#ifndef _KM_LINUX_SCHED_H
#define _KM_LINUX_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/timer.h>
#include <linux/cred.h>
#include <kmirror/frames.h>

#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_DEAD		0x0080

#define TASK_COMM_LEN		16
#define MAX_SCHEDULE_TIMEOUT	LONG_MAX

struct files_struct;
struct net;

/* include/linux/nsproxy.h: the namespaces a task lives in (only net here). */
struct nsproxy {
	struct net	*net_ns;
};
struct host;
struct callback_head;

/* The signal numbers kmirror models (x86_64 values). */
#define SIGHUP		1
#define SIGINT		2
#define SIGKILL		9
#define SIGUSR1		10
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define _KM_NSIG	32

/* What user space asked for with sigaction(): enough for the restart rules. */
struct km_sigaction {
	int	handled;	/* 1: a handler runs; 0: ignored / default */
	int	restart;	/* SA_RESTART */
};

struct rlimit_km {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

struct task_struct {
	volatile long		state;
	pid_t			pid;
	char			comm[TASK_COMM_LEN];
	const struct cred	*cred;
	struct files_struct	*files;
	struct nsproxy		*nsproxy;
	struct nsproxy		km_nsproxy;	/* what nsproxy points to */
	struct callback_head	*task_works;
	unsigned long		pending;	/* pending signal bits */
	struct km_sigaction	sighand[_KM_NSIG];
	struct rlimit_km	rlim_nofile;

	/* ---- kmirror: how the runtime drives the task ---- */
	struct host		*km_host;
	struct cred		km_cred;
	struct list_head	km_node;	/* host->tasks */
	struct list_head	km_run;		/* host->runqueue when woken */
	void			*km_ctx;	/* the coroutine (platform) */
	struct km_frames	km_frames;	/* the kernel stack, for traces */
	int			km_in_syscall;
	int			km_done;	/* the syscall returned */
	long			km_nr;		/* syscall number */
	long			km_args[6];
	long			km_ret;
	unsigned int		km_restarts;	/* syscall restarts (SA_RESTART) */
	unsigned int		km_signals_delivered;
	int			km_queued;	/* on the runqueue */
	int			km_is_idle;	/* swapper/0 */
};

/* The task whose kernel stack the running host's CPU is on. */
struct task_struct *km_current(void);
#define current km_current()

void schedule(void);
long schedule_timeout(long timeout);
int wake_up_process(struct task_struct *p);
void set_current_state_km(long state);
#define set_current_state(s)	set_current_state_km(s)
#define __set_current_state(s)	set_current_state_km(s)

static inline int signal_pending(struct task_struct *p)
{
	return p->pending != 0;
}

static inline int fatal_signal_pending(struct task_struct *p)
{
	return (p->pending >> SIGKILL) & 1;
}

static inline int signal_pending_state(long state, struct task_struct *p)
{
	if (!(state & TASK_INTERRUPTIBLE))
		return 0;
	return signal_pending(p);
}

#endif
