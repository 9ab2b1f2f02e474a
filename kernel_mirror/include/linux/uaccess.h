/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/uaccess.h — copying to and from user memory.
 *
 * A task's "user memory" is the calling program's own memory. A user
 * pointer is refused (-EFAULT) when it points into the first 64 KiB
 * (mmap_min_addr: never mapped) or at or above TASK_SIZE_MAX, which is how
 * tests reach the kernel's EFAULT paths.
 */
#ifndef _KM_LINUX_UACCESS_H
#define _KM_LINUX_UACCESS_H

#include <linux/types.h>
#include <linux/compiler.h>

#define TASK_SIZE_MAX	((1UL << 47) - 4096)
#define KM_MMAP_MIN_ADDR 65536UL

bool access_ok_km(const void __user *addr, unsigned long size);
#define access_ok(type, addr, size)	access_ok_km(addr, size)
#define VERIFY_READ	0
#define VERIFY_WRITE	1

/* Return the number of bytes NOT copied, as the kernel does. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);

#define get_user(x, ptr) ({						\
	__typeof__(*(ptr)) __gu_val;					\
	int __gu_err = copy_from_user(&__gu_val, (ptr), sizeof(__gu_val)) ? -EFAULT : 0; \
	(x) = __gu_err ? 0 : __gu_val;					\
	__gu_err; })

#define put_user(x, ptr) ({						\
	__typeof__(*(ptr)) __pu_val = (x);				\
	copy_to_user((ptr), &__pu_val, sizeof(__pu_val)) ? -EFAULT : 0; })

#endif
