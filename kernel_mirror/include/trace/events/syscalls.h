/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the system call tracepoints (Linux: include/trace/events/syscalls.h,
 * called from arch/x86/entry/common.c).
 */
#ifndef _KM_TRACE_EVENTS_SYSCALLS_H
#define _KM_TRACE_EVENTS_SYSCALLS_H

#include <linux/tracepoint.h>
#include <kmirror/host.h>

struct pt_regs;

/* A task enters system call `id` (common.c:127). */
DECLARE_TRACE(sys_enter,
	TP_PROTO(struct pt_regs *regs, long id),
	TP_ARGS(regs, id))

/* It leaves with `ret` in regs->ax (common.c:228). */
DECLARE_TRACE(sys_exit,
	TP_PROTO(struct pt_regs *regs, long ret),
	TP_ARGS(regs, ret))

#endif
