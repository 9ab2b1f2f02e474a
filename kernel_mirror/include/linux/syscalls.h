/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/syscalls.h — SYSCALL_DEFINEn.
 *
 * As in Linux on x86_64, SYSCALL_DEFINE3(connect, ...) produces three
 * functions: __x64_sys_connect(regs) unpacks the registers,
 * __se_sys_connect() sign-extends the arguments, __do_sys_connect() is the
 * body. All three appear in traces, as they do in a kernel debugger.
 * Before each definition, KM_SYSCALL_AT(name, "file:line") names the
 * Linux 5.0.1 line of the SYSCALL_DEFINE being mirrored.
 */
#ifndef _KM_LINUX_SYSCALLS_H
#define _KM_LINUX_SYSCALLS_H

#include <asm/ptrace.h>
#include <kmirror/trace.h>

#define KM_SYSCALL_AT(name, ref) static const char __km_sysref_##name[] __attribute__((unused)) = ref

#define SYSCALL_DEFINE1(name, t1, a1)					\
	static long __km_body_##name(t1 a1);				\
	static long __do_sys_##name(t1 a1)				\
	{								\
		KM_FUNC(__km_sysref_##name, "The system call's body.");\
		return KM_RET(__km_body_##name(a1));			\
	}								\
	static long __se_sys_##name(long a1)				\
	{								\
		KM_FUNC(__km_sysref_##name, "Sign-extend the arguments.");\
		return KM_RET(__do_sys_##name((t1)a1));			\
	}								\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{								\
		KM_FUNC(__km_sysref_##name, "Take the arguments from the registers.");\
		return KM_RET(__se_sys_##name(regs->di));		\
	}								\
	static long __km_body_##name(t1 a1)

#define SYSCALL_DEFINE2(name, t1, a1, t2, a2)				\
	static long __km_body_##name(t1 a1, t2 a2);			\
	static long __do_sys_##name(t1 a1, t2 a2)			\
	{								\
		KM_FUNC(__km_sysref_##name, "The system call's body.");\
		return KM_RET(__km_body_##name(a1, a2));		\
	}								\
	static long __se_sys_##name(long a1, long a2)			\
	{								\
		KM_FUNC(__km_sysref_##name, "Sign-extend the arguments.");\
		return KM_RET(__do_sys_##name((t1)a1, (t2)a2));		\
	}								\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{								\
		KM_FUNC(__km_sysref_##name, "Take the arguments from the registers.");\
		return KM_RET(__se_sys_##name(regs->di, regs->si));	\
	}								\
	static long __km_body_##name(t1 a1, t2 a2)

#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3)			\
	static long __km_body_##name(t1 a1, t2 a2, t3 a3);		\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3)		\
	{								\
		KM_FUNC(__km_sysref_##name, "The system call's body.");\
		return KM_RET(__km_body_##name(a1, a2, a3));		\
	}								\
	static long __se_sys_##name(long a1, long a2, long a3)		\
	{								\
		KM_FUNC(__km_sysref_##name, "Sign-extend the arguments.");\
		return KM_RET(__do_sys_##name((t1)a1, (t2)a2, (t3)a3));	\
	}								\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{								\
		KM_FUNC(__km_sysref_##name, "Take the arguments from the registers.");\
		return KM_RET(__se_sys_##name(regs->di, regs->si, regs->dx)); \
	}								\
	static long __km_body_##name(t1 a1, t2 a2, t3 a3)

#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)		\
	static long __km_body_##name(t1 a1, t2 a2, t3 a3, t4 a4);	\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)	\
	{								\
		KM_FUNC(__km_sysref_##name, "The system call's body.");\
		return KM_RET(__km_body_##name(a1, a2, a3, a4));	\
	}								\
	static long __se_sys_##name(long a1, long a2, long a3, long a4)\
	{								\
		KM_FUNC(__km_sysref_##name, "Sign-extend the arguments.");\
		return KM_RET(__do_sys_##name((t1)a1, (t2)a2, (t3)a3, (t4)a4)); \
	}								\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{								\
		KM_FUNC(__km_sysref_##name, "Take the arguments from the registers.");\
		return KM_RET(__se_sys_##name(regs->di, regs->si, regs->dx, regs->r10)); \
	}								\
	static long __km_body_##name(t1 a1, t2 a2, t3 a3, t4 a4)

#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)	\
	static long __km_body_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)	\
	{								\
		KM_FUNC(__km_sysref_##name, "The system call's body.");\
		return KM_RET(__km_body_##name(a1, a2, a3, a4, a5));	\
	}								\
	static long __se_sys_##name(long a1, long a2, long a3, long a4, long a5)\
	{								\
		KM_FUNC(__km_sysref_##name, "Sign-extend the arguments.");\
		return KM_RET(__do_sys_##name((t1)a1, (t2)a2, (t3)a3, (t4)a4, (t5)a5)); \
	}								\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{								\
		KM_FUNC(__km_sysref_##name, "Take the arguments from the registers.");\
		return KM_RET(__se_sys_##name(regs->di, regs->si, regs->dx, regs->r10, regs->r8)); \
	}								\
	static long __km_body_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)

#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	static long __km_body_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6);\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)\
	{								\
		KM_FUNC(__km_sysref_##name, "The system call's body.");\
		return KM_RET(__km_body_##name(a1, a2, a3, a4, a5, a6));\
	}								\
	static long __se_sys_##name(long a1, long a2, long a3, long a4, long a5, long a6)\
	{								\
		KM_FUNC(__km_sysref_##name, "Sign-extend the arguments.");\
		return KM_RET(__do_sys_##name((t1)a1, (t2)a2, (t3)a3, (t4)a4, (t5)a5, (t6)a6)); \
	}								\
	long __x64_sys_##name(const struct pt_regs *regs)		\
	{								\
		KM_FUNC(__km_sysref_##name, "Take the arguments from the registers.");\
		return KM_RET(__se_sys_##name(regs->di, regs->si, regs->dx, regs->r10, regs->r8, regs->r9)); \
	}								\
	static long __km_body_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* The x86_64 syscall numbers kmirror implements. */
#define __NR_read		0
#define __NR_write		1
#define __NR_close		3
#define __NR_poll		7
#define __NR_socket		41
#define __NR_connect		42
#define __NR_accept		43
#define __NR_sendto		44
#define __NR_recvfrom		45
#define __NR_sendmsg		46
#define __NR_recvmsg		47
#define __NR_shutdown		48
#define __NR_bind		49
#define __NR_listen		50
#define __NR_getsockname	51
#define __NR_getpeername	52
#define __NR_setsockopt		54
#define __NR_getsockopt		55
#define __NR_fcntl		72
#define __NR_accept4		288
#define __NR_syscalls_km	289

typedef long (*sys_call_ptr_t)(const struct pt_regs *);

#endif
