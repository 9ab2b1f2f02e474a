// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: the system-call entry and exit path of x86_64
 * (arch/x86/entry/entry_64.S, arch/x86/entry/common.c,
 * arch/x86/kernel/signal.c), reduced to what a socket call needs:
 *
 *   entry_SYSCALL_64          save the registers (here: build pt_regs)
 *     do_syscall_64           look the number up in sys_call_table
 *       __x64_sys_<name>      ... the call itself
 *     syscall_return_slowpath on the way out: run task work (deferred
 *                             fput) and handle a pending signal, which may
 *                             turn -ERESTARTSYS into EINTR or a restart
 *
 * This runs on the task's own kernel stack (runtime/sched.c).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/task_work.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmirror/trace.h>
#include <trace/events/syscalls.h>

/*
 * arch/x86/entry/syscall_64.c: sys_call_table, built from one list
 * (asm/syscalls_64.h, only kmirror's calls) as Linux builds it: once for
 * the handlers' declarations, once for the table.
 */
#define __SYSCALL_64(nr, sym, qual) long sym(const struct pt_regs *);
#include <asm/syscalls_64.h>
#undef __SYSCALL_64

#define __SYSCALL_64(nr, sym, qual) [nr] = sym,
static const sys_call_ptr_t sys_call_table[__NR_syscalls_km] = {
#include <asm/syscalls_64.h>
};
#undef __SYSCALL_64

/*
 * arch/x86/kernel/signal.c: do_signal()'s restart rules. A signal with a
 * handler is "delivered" (counted) and cleared. Returns true to restart.
 */
static int km_signal_deliver(struct task_struct *t, struct pt_regs *regs)
{
	/* mirrors: do_signal */
	KM_FUNC("arch/x86/kernel/signal.c:812",
		"Deliver a pending signal and decide whether the interrupted system call restarts or fails with EINTR.");
	long ret = (long)regs->ax;
	int sig = __builtin_ctzl(t->pending);
	const struct km_sigaction *ka = &t->sighand[sig];
	int restart = 0;

	t->pending &= ~(1UL << sig);
	if (ka->handled) {
		t->km_signals_delivered++;
		switch (ret) {
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			regs->ax = -EINTR;
			break;
		case -ERESTARTSYS:
			if (!ka->restart) {
				regs->ax = -EINTR;
				break;
			}
			restart = 1;
			break;
		case -ERESTARTNOINTR:
			restart = 1;
			break;
		}
	} else {
		/* Ignored signal: the interrupted call is simply restarted. */
		if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
		    ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK)
			restart = 1;
	}
	return restart;
}

/*
 * arch/x86/entry/common.c: syscall_return_slowpath/exit_to_usermode_loop.
 * Returns true if the call must be restarted.
 */
static bool syscall_return_slowpath(struct pt_regs *regs)
{
	struct task_struct *t = current;

	if (!t->task_works && !signal_pending(t))
		return false;
	{
		KM_FUNC("arch/x86/entry/common.c:247",
			"Before returning to user space: run deferred work and deliver signals.");
		if (t->task_works)
			task_work_run();
		if (signal_pending(t))
			return km_signal_deliver(t, regs);
		return false;
	}
}

static void do_syscall_64(unsigned long nr, struct pt_regs *regs)
{
	KM_FUNC("arch/x86/entry/common.c:272",
		"Dispatch the system call through sys_call_table.");

	for (;;) {
		if (nr < ARRAY_SIZE(sys_call_table) && sys_call_table[nr]) {
			KM_STEP(290,
				"Call the handler for this syscall number with the saved registers.");
			regs->ax = sys_call_table[nr](regs);
		} else {
			regs->ax = -ENOSYS;
		}
		if (!syscall_return_slowpath(regs))
			break;
		/* Restart: the same call again with the same registers. */
		current->km_restarts++;
	}
}

static void entry_SYSCALL_64(struct pt_regs *regs)
{
	KM_FUNC("arch/x86/entry/entry_64.S:145",
		"The CPU enters the kernel: save user registers and call do_syscall_64.");
	do_syscall_64(regs->orig_ax, regs);
}

/* Called on the task's stack for each syscall it is asked to make. */
long km_syscall_entry(struct task_struct *t)
{
	struct pt_regs regs = {
		.di = t->km_args[0], .si = t->km_args[1], .dx = t->km_args[2],
		.r10 = t->km_args[3], .r8 = t->km_args[4], .r9 = t->km_args[5],
		.orig_ax = t->km_nr,
	};

	/* Linux: the two points sit in syscall_trace_enter() (common.c:127)
	 * and syscall_slow_exit_work() (common.c:228). */
	trace_sys_enter(&regs, regs.orig_ax);
	entry_SYSCALL_64(&regs);
	trace_sys_exit(&regs, regs.ax);
	return (long)regs.ax;
}

