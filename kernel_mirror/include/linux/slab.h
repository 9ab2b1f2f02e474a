/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/slab.h
 *
 * Caches belong to the host that created them (runtime/slab.c). Every live
 * object is known to its host, which gives each one a stable id for traces
 * (sock#1, skb#3) and lets a test assert that nothing leaked. A cache can be
 * told to fail its next allocations, like the kernel's failslab fault
 * injection, to reach ENFILE/ENOBUFS paths.
 */
#ifndef _KM_LINUX_SLAB_H
#define _KM_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <kmirror/ids.h>

#define SLAB_HWCACHE_ALIGN	0x2000u
#define SLAB_PANIC		0x40000u
#define SLAB_ACCOUNT		0x4000000u
#define SLAB_TYPESAFE_BY_RCU	0x80000u
#define SLAB_RECLAIM_ACCOUNT	0x20000u

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *));
/* kmirror: the id class ("sock", "skb", ...) objects of this cache get. */
struct kmem_cache *km_cache_create(const char *name, unsigned int size,
				   enum km_id_class cls);
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, void *obj);
const char *kmem_cache_name(const struct kmem_cache *s);

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}

void *kmalloc(size_t size, gfp_t flags);
void *krealloc(const void *p, size_t size, gfp_t flags);
void kfree(const void *p);
size_t ksize(const void *p);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc(n * size, flags | __GFP_ZERO);
}

#define kmalloc_array(n, size, flags)	kmalloc((n) * (size), flags)
#define kvfree(p)			kfree(p)

#endif
