// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: wait queues (kernel/sched/wait.c, kernel/sched/core.c's
 * default_wake_function). A socket's wait queue is where connect() and
 * accept() sleep; sk_state_change() and friends wake them.
 *
 * Linux functions mirrored here, with their KM_FUNC (docs/mapping.md):
 * wait_woken() from kernel/sched/wait.c. The rest is kmirror's own.
 */
#include <linux/wait.h>
#include <linux/sched.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

void init_waitqueue_head(struct wait_queue_head *wq_head)
{
	spin_lock_init(&wq_head->lock);
	INIT_LIST_HEAD(&wq_head->head);
}

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	list_add(&wq_entry->entry, &wq_head->head);
}

void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry)
{
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	list_add_tail(&wq_entry->entry, &wq_head->head);
}

void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	list_del(&wq_entry->entry);
}

void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
		     int state)
{
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	if (list_empty(&wq_entry->entry))
		list_add(&wq_entry->entry, &wq_head->head);
	set_current_state(state);
}

void prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state)
{
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	if (list_empty(&wq_entry->entry))
		list_add_tail(&wq_entry->entry, &wq_head->head);
	set_current_state(state);
}

void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	__set_current_state(TASK_RUNNING);
	if (!list_empty(&wq_entry->entry))
		list_del_init(&wq_entry->entry);
}

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned mode,
			  int flags, void *key)
{
	struct task_struct *p = wq_entry->private;

	if (!(p->state & mode))
		return 0;
	return wake_up_process(p);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned mode,
			     int sync, void *key)
{
	int ret = default_wake_function(wq_entry, mode, sync, key);

	if (ret)
		list_del_init(&wq_entry->entry);
	return ret;
}

/*
 * wait_woken()/woken_wake_function(): the sleeper notes "I was woken" in
 * its entry, so a wake-up that lands between testing the condition and
 * going to sleep is not lost.
 */
long wait_woken(struct wait_queue_entry *wq_entry, unsigned mode, long timeout)
{
	KM_FUNC("kernel/sched/wait.c:409",
		"Sleep until woken (or the timeout or a signal), unless a wake-up already came.");
	set_current_state(mode);
	if (!(wq_entry->flags & WQ_FLAG_WOKEN))
		timeout = schedule_timeout(timeout);
	__set_current_state(TASK_RUNNING);
	wq_entry->flags &= ~WQ_FLAG_WOKEN;
	return timeout;
}

int woken_wake_function(struct wait_queue_entry *wq_entry, unsigned mode,
			int sync, void *key)
{
	wq_entry->flags |= WQ_FLAG_WOKEN;
	return default_wake_function(wq_entry, mode, sync, key);
}

static void __wake_up_common(struct wait_queue_head *wq_head, unsigned int mode,
			     int nr_exclusive, int wake_flags, void *key)
{
	wait_queue_entry_t *curr, *next;

	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned flags = curr->flags;
		int ret = curr->func(curr, mode, wake_flags, key);

		if (ret < 0)
			break;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

void __wake_up(struct wait_queue_head *wq_head, unsigned int mode,
	       int nr_exclusive, void *key)
{
	__wake_up_common(wq_head, mode, nr_exclusive, 0, key);
}

void __wake_up_sync_key(struct wait_queue_head *wq_head, unsigned int mode,
			int nr_exclusive, void *key)
{
	__wake_up_common(wq_head, mode, nr_exclusive, 1, key);
}
