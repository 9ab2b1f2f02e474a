/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: arch/x86/include/asm/ptrace.h — the registers a syscall sees. */
#ifndef _KM_ASM_PTRACE_H
#define _KM_ASM_PTRACE_H

struct pt_regs {
	unsigned long di;	/* 1st argument */
	unsigned long si;	/* 2nd */
	unsigned long dx;	/* 3rd */
	unsigned long r10;	/* 4th */
	unsigned long r8;	/* 5th */
	unsigned long r9;	/* 6th */
	unsigned long ax;	/* return value */
	unsigned long orig_ax;	/* syscall number */
};

#endif
