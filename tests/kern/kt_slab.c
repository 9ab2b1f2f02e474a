// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-side test helpers for the slab runtime (tests/check_skb.c):
 * kmalloc/kfree and a kmem_cache, each call made on the host's CPU.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <kmirror/host.h>
#include "kt.h"

void *kt_kmalloc(struct host *h, unsigned int size, int zero)
{
	struct host *prev = km_host_enter(h);
	void *p = kmalloc(size, zero ? GFP_KERNEL | __GFP_ZERO : GFP_KERNEL);

	km_host_leave(prev);
	return p;
}

void kt_kfree(struct host *h, void *p)
{
	struct host *prev = km_host_enter(h);

	kfree(p);
	km_host_leave(prev);
}

void *kt_cache_new(struct host *h, unsigned int size)
{
	struct host *prev = km_host_enter(h);
	struct kmem_cache *s = kmem_cache_create("kt_cache", size, 0, 0, NULL);

	km_host_leave(prev);
	return s;
}

void *kt_cache_alloc(struct host *h, void *cache, int zero)
{
	struct host *prev = km_host_enter(h);
	void *p = kmem_cache_alloc(cache, zero ? GFP_KERNEL | __GFP_ZERO : GFP_KERNEL);

	km_host_leave(prev);
	return p;
}

void kt_cache_free(struct host *h, void *cache, void *p)
{
	struct host *prev = km_host_enter(h);

	kmem_cache_free(cache, p);
	km_host_leave(prev);
}
