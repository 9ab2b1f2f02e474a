/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/errno.h — user-visible errnos plus the kernel-only
 * restart codes that never reach user space (the syscall exit path turns
 * them into EINTR or a restart, see arch/x86/entry/common.c).
 */
#ifndef _KM_LINUX_ERRNO_H
#define _KM_LINUX_ERRNO_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <uapi/asm-generic/errno.h>

#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ENOIOCTLCMD		515
#define ERESTART_RESTARTBLOCK	516
#define EPROBE_DEFER		517
#define EOPENSTALE		518
#define ENOTSUPP		524

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *) error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long) ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}
#endif
