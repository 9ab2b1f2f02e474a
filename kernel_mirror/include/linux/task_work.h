/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/task_work.h — work run on the way back to user space. */
#ifndef _KM_LINUX_TASK_WORK_H
#define _KM_LINUX_TASK_WORK_H

#include <linux/types.h>

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
};

struct task_struct;
int task_work_add(struct task_struct *task, struct callback_head *twork, bool notify);
void task_work_run(void);

#endif
