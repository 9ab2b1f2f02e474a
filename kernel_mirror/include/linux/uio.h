/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/uio.h — the user buffers of send()/recv().
 * Only user-space iovecs (ITER_IOVEC) and kernel buffers (ITER_KVEC).
 */
#ifndef _KM_LINUX_UIO_H
#define _KM_LINUX_UIO_H

#include <linux/types.h>
#include <linux/compiler.h>

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

struct kvec {
	void *iov_base;
	size_t iov_len;
};

enum iter_type {
	ITER_IOVEC = 0,
	ITER_KVEC = 2,
};

#define READ	0
#define WRITE	1

struct iov_iter {
	unsigned int type;
	size_t iov_offset;
	size_t count;
	union {
		const struct iovec *iov;
		const struct kvec *kvec;
	};
	unsigned long nr_segs;
};

#define UIO_FASTIOV	8

/* Total bytes of an iovec array. */
static inline size_t iov_length(const struct iovec *iov, unsigned long nr_segs)
{
	unsigned long seg;
	size_t ret = 0;

	for (seg = 0; seg < nr_segs; seg++)
		ret += iov[seg].iov_len;
	return ret;
}

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

void iov_iter_init(struct iov_iter *i, unsigned int direction,
		   const struct iovec *iov, unsigned long nr_segs, size_t count);
void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
		   const struct kvec *kvec, unsigned long nr_segs, size_t count);
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
int import_single_range(int type, void __user *buf, size_t len,
			struct iovec *iov, struct iov_iter *i);

#endif
