/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: basic kernel types (include/linux/types.h in Linux 5.0).
 *
 * The mirrored code is compiled like the kernel: -nostdinc, so it sees only
 * these headers plus the compiler's own <stddef.h>, <stdarg.h>, <stdbool.h>.
 */
#ifndef _KM_LINUX_TYPES_H
#define _KM_LINUX_TYPES_H

#include <stddef.h>
#include <stdbool.h>

typedef signed char		s8;
typedef unsigned char		u8;
typedef signed short		s16;
typedef unsigned short		u16;
typedef signed int		s32;
typedef unsigned int		u32;
typedef signed long long	s64;
typedef unsigned long long	u64;

typedef s8  __s8;
typedef u8  __u8;
typedef s16 __s16;
typedef u16 __u16;
typedef s32 __s32;
typedef u32 __u32;
typedef s64 __s64;
typedef u64 __u64;

/* Byte-order annotated types: plain integers here (no sparse). */
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;
typedef u16 __le16;
typedef u32 __le32;
typedef u16 __sum16;
typedef u32 __wsum;

typedef unsigned int	gfp_t;
/* Same definitions as glibc's, so a test may include both (C11 allows it). */
typedef long		ssize_t;
typedef int		pid_t;
typedef unsigned int	uid_t;
typedef unsigned int	gid_t;
typedef unsigned short	umode_t;
typedef unsigned int	fmode_t;
typedef long long	loff_t;
typedef s64		ktime_t;
typedef u64		phys_addr_t;

typedef struct { uid_t val; } kuid_t;
typedef struct { gid_t val; } kgid_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_nulls_head {
	struct hlist_nulls_node *first;
};

struct hlist_nulls_node {
	struct hlist_nulls_node *next, **pprev;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

typedef unsigned int __poll_t;	/* a mask of EPOLL* events */

#endif /* _KM_LINUX_TYPES_H */
