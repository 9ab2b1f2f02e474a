// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: user memory (arch/x86/lib/usercopy, lib/iov_iter.c).
 *
 * The "user space" of a kmirror task is the memory of the program that
 * drives it (a test, the CLI). A user pointer is valid unless it points
 * into the first 64 KiB or past TASK_SIZE_MAX, the regions no process can
 * map; copies from such pointers fail with EFAULT exactly where Linux's
 * would.
 */
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/errno.h>

bool access_ok_km(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	if (size == 0)
		return true;
	if (a < KM_MMAP_MIN_ADDR)
		return false;
	return a <= TASK_SIZE_MAX && size <= TASK_SIZE_MAX - a;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!access_ok_km(from, n)) {
		memset(to, 0, n);
		return n;
	}
	memcpy(to, (const void *)from, n);
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok_km(to, n))
		return n;
	memcpy((void *)to, from, n);
	return 0;
}

void iov_iter_init(struct iov_iter *i, unsigned int direction,
		   const struct iovec *iov, unsigned long nr_segs, size_t count)
{
	i->type = ITER_IOVEC | direction;
	i->iov = iov;
	i->nr_segs = nr_segs;
	i->iov_offset = 0;
	i->count = count;
}

void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
		   const struct kvec *kvec, unsigned long nr_segs, size_t count)
{
	i->type = ITER_KVEC | direction;
	i->kvec = kvec;
	i->nr_segs = nr_segs;
	i->iov_offset = 0;
	i->count = count;
}

/* Walk the segments, copying with fn; returns bytes copied. */
static size_t iterate(struct iov_iter *i, size_t bytes, void *buf, int to_user)
{
	size_t done = 0;

	if (bytes > i->count)
		bytes = i->count;
	while (bytes && i->nr_segs) {
		bool kvec = (i->type & ~1u) == ITER_KVEC;
		char *base = kvec ? i->kvec->iov_base : (char *)i->iov->iov_base;
		size_t len = kvec ? i->kvec->iov_len : i->iov->iov_len;
		size_t n = len - i->iov_offset;

		if (n > bytes)
			n = bytes;
		if (n) {
			char *seg = base + i->iov_offset;

			if (kvec) {
				if (to_user)
					memcpy(seg, (char *)buf + done, n);
				else
					memcpy((char *)buf + done, seg, n);
			} else if (to_user ? copy_to_user(seg, (char *)buf + done, n) :
					     copy_from_user((char *)buf + done, seg, n)) {
				break;
			}
		}
		done += n;
		bytes -= n;
		i->count -= n;
		i->iov_offset += n;
		if (i->iov_offset == len) {
			i->iov_offset = 0;
			if (kvec)
				i->kvec++;
			else
				i->iov++;
			i->nr_segs--;
		}
	}
	return done;
}

size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	return iterate(i, bytes, addr, 0);
}

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	return iterate(i, bytes, (void *)addr, 1);
}

int import_single_range(int rw, void __user *buf, size_t len,
			struct iovec *iov, struct iov_iter *i)
{
	if (len > 0x7ffff000)
		len = 0x7ffff000;
	if (!access_ok_km(buf, len))
		return -EFAULT;
	iov->iov_base = buf;
	iov->iov_len = len;
	iov_iter_init(i, rw, iov, 1, len);
	return 0;
}
