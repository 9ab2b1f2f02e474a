/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: compiler helpers (include/linux/compiler.h, compiler_types.h). */
#ifndef _KM_LINUX_COMPILER_H
#define _KM_LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define __always_inline	inline __attribute__((__always_inline__))
#define noinline	__attribute__((__noinline__))
#define __maybe_unused	__attribute__((__unused__))
#define __cold		__attribute__((__cold__))
#define __packed	__attribute__((__packed__))
#define __aligned(x)	__attribute__((__aligned__(x)))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __noreturn	__attribute__((__noreturn__))

/* Address-space and locking annotations are for sparse; they vanish here. */
#define __user
#define __kernel
#define __rcu
#define __force
#define __bitwise
#define __iomem
#define __init
#define __exit
#define __read_mostly
#define __randomize_layout
#define ____cacheline_aligned_in_smp
#define __cacheline_aligned_in_smp

/* kmirror is single-threaded per world: these are plain accesses. */
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, val)	((x) = (val))
#define barrier()		__asm__ __volatile__("" ::: "memory")
#define smp_mb()		barrier()
#define smp_wmb()		barrier()
#define smp_rmb()		barrier()
#define smp_store_release(p, v)	(*(p) = (v))
#define smp_load_acquire(p)	(*(p))

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#endif
