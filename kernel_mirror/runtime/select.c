// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: poll(2), as fs/select.c does it. Each file's ->poll
 * (sock_poll → tcp_poll/udp_poll) reports its ready events and, on the
 * first pass, registers a wait-queue entry; if nothing is ready the task
 * sleeps until one of those queues is woken, a signal or the timeout.
 *
 * Linux functions mirrored here, each with its KM_FUNC (docs/mapping.md):
 * do_sys_poll() and do_poll() from fs/select.c, and the poll() system
 * call. The rest is kmirror's own.
 *
 * The wait-entry table is fixed-size (KM_POLL_MAX_ENTRIES); kmirror polls
 * a handful of sockets at a time.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/jiffies.h>
#include <kmirror/trace.h>

#define KM_POLL_MAX_FDS		64
#define KM_POLL_MAX_ENTRIES	64

struct poll_table_entry {
	struct file		*filp;
	wait_queue_entry_t	wait;
	wait_queue_head_t	*wait_address;
};

struct poll_wqueues {
	poll_table		pt;
	struct task_struct	*polling_task;
	int			triggered;
	int			error;
	int			inline_index;
	struct poll_table_entry	inline_entries[KM_POLL_MAX_ENTRIES];
};

/* A polled wait queue was woken: note it and wake the polling task. */
static int pollwake(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct poll_wqueues *pwq = wait->private;

	pwq->triggered = 1;
	return wake_up_process(pwq->polling_task);
}

static void __pollwait(struct file *filp, wait_queue_head_t *wait_address,
		       poll_table *p)
{
	struct poll_wqueues *pwq = container_of(p, struct poll_wqueues, pt);
	struct poll_table_entry *entry;

	if (pwq->inline_index >= KM_POLL_MAX_ENTRIES) {
		pwq->error = -ENOMEM;
		return;
	}
	entry = &pwq->inline_entries[pwq->inline_index++];
	get_file(filp);
	entry->filp = filp;
	entry->wait_address = wait_address;
	entry->wait.flags = 0;
	entry->wait.private = pwq;
	entry->wait.func = pollwake;
	INIT_LIST_HEAD(&entry->wait.entry);
	add_wait_queue(wait_address, &entry->wait);
}

static void poll_initwait(struct poll_wqueues *pwq)
{
	pwq->pt._qproc = __pollwait;
	pwq->pt._key = ~0U;
	pwq->polling_task = current;
	pwq->triggered = 0;
	pwq->error = 0;
	pwq->inline_index = 0;
}

static void poll_freewait(struct poll_wqueues *pwq)
{
	int i;

	for (i = 0; i < pwq->inline_index; i++) {
		struct poll_table_entry *entry = &pwq->inline_entries[i];

		remove_wait_queue(entry->wait_address, &entry->wait);
		fput(entry->filp);
	}
}

/* One descriptor: its ready events filtered by what was asked (+ERR/HUP). */
static __poll_t do_pollfd(struct pollfd_km *pollfd, poll_table *pwait)
{
	int fd = pollfd->fd;
	__poll_t mask = 0, filter;
	struct fd f;

	if (fd < 0)
		goto out;
	mask = EPOLLNVAL;
	f = fdget(fd);
	if (!f.file)
		goto out;

	filter = (__poll_t)(unsigned short)pollfd->events | EPOLLERR | EPOLLHUP;
	if (pwait)
		pwait->_key = filter;
	mask = f.file->f_op->poll ? f.file->f_op->poll(f.file, pwait) :
				    (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM);
	mask &= filter;
	fdput(f);
out:
	pollfd->revents = (short)mask;
	return mask;
}

static int do_poll(struct pollfd_km *fds, unsigned int nfds,
		   struct poll_wqueues *wait, long timeout)
{
	KM_FUNC("fs/select.c:876",
		"Poll each descriptor; if none is ready, sleep until a wake-up, a signal or the timeout.");
	poll_table *pt = &wait->pt;
	int count = 0;

	if (!timeout)
		pt->_qproc = NULL;

	for (;;) {
		unsigned int i;

		for (i = 0; i < nfds; i++) {
			if (do_pollfd(&fds[i], pt)) {
				count++;
				pt->_qproc = NULL;
			}
		}
		/* Wait entries are registered on the first pass only. */
		pt->_qproc = NULL;
		if (!count) {
			count = wait->error;
			if (signal_pending(current))
				count = -ERESTARTNOHAND;
		}
		if (count || !timeout)
			break;

		KM_STEP(956,
			"Nothing ready: sleep until one of the polled queues is woken.");
		set_current_state(TASK_INTERRUPTIBLE);
		if (!wait->triggered)
			timeout = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);
		wait->triggered = 0;
	}
	return count;
}

static int do_sys_poll(struct pollfd_km __user *ufds, unsigned int nfds,
		       long timeout)
{
	KM_FUNC("fs/select.c:965",
		"poll(2): copy the pollfd array in, do_poll, copy the results back.");
	struct pollfd_km fds[KM_POLL_MAX_FDS];
	struct poll_wqueues table;
	unsigned int i;
	int fdcount;

	if (nfds > KM_POLL_MAX_FDS || nfds > current->rlim_nofile.rlim_cur)
		return -EINVAL;
	if (nfds && copy_from_user(fds, ufds, nfds * sizeof(fds[0])))
		return -EFAULT;

	poll_initwait(&table);
	fdcount = do_poll(fds, nfds, &table, timeout);
	poll_freewait(&table);

	for (i = 0; i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents))
			return -EFAULT;
	return fdcount;
}

KM_SYSCALL_AT(poll, "fs/select.c:1052");
SYSCALL_DEFINE3(poll, struct pollfd_km __user *, ufds, unsigned int, nfds,
		int, timeout_msecs)
{
	long timeout = MAX_SCHEDULE_TIMEOUT;
	int ret;

	if (timeout_msecs >= 0)
		timeout = msecs_to_jiffies(timeout_msecs);

	/* -ERESTARTNOHAND: EINTR if a handler runs, else the exit path
	 * restarts the call (Linux restarts with the remaining time). */
	ret = do_sys_poll(ufds, nfds, timeout);
	return ret;
}
