// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: slab caches, kmalloc, and the registry of live objects.
 *
 * Stands in for mm/slab_common.c and mm/slub.c. Every allocation is made on
 * behalf of the running host and recorded in its registry, which gives
 *  - stable ids for traces: objects of a cache with an id class are named
 *    "<class>#<n>" in allocation order (sock#1, skb#3), never by address;
 *  - leak checks: a host can list what is still alive when it shuts down;
 *  - fault injection, like failslab: km_failslab() makes a cache's next
 *    allocations return NULL so ENFILE/ENOBUFS paths can be exercised, and
 *    a host's fault hook (km_host_set_fault) can fail any one allocation
 *    chosen by its cache and call site.
 *
 * Memory that is not explicitly zeroed is filled with 0x5a, so code that
 * forgets to initialise a field shows it deterministically.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmapi/km.h>

struct kmem_cache {
	char			name[32];
	unsigned int		size;
	enum km_id_class	cls;
	int			kind;		/* enum km_obj_kind */
	unsigned long		active;		/* live objects */
	unsigned long		total;		/* ever allocated */
	int			fail_next;	/* failslab */
	struct host		*host;
	void			*free;		/* freed objects kept for reuse */
	unsigned int		nfree;
};

#define KM_KMALLOC_CLASSES	13	/* kmalloc-8 ... kmalloc-8192 */

/* Open-addressing table of live objects, keyed by address. */
struct km_registry {
	struct km_obj	**slots;
	unsigned long	cap;		/* power of two */
	unsigned long	used;		/* live entries */
	unsigned long	tombs;
	struct list_head all;		/* allocation order */
	/* freed memory kept for reuse (see KM_SLAB_KEEP) */
	struct km_obj	*obj_free;
	unsigned int	nobj_free;
	void		*kmalloc_free[KM_KMALLOC_CLASSES];
	unsigned int	kmalloc_nfree[KM_KMALLOC_CLASSES];
};

#define KM_TOMB ((struct km_obj *)1)

/*
 * Like the kernel's per-CPU slab freelists, each cache keeps up to
 * KM_SLAB_KEEP freed objects and hands them out again (after the same
 * poisoning or zeroing as fresh memory), so that a connection does not go
 * to the C library's malloc a few dozen times. Under AddressSanitizer
 * nothing is kept: every free really frees, and a use after free is caught.
 */
#if defined(__SANITIZE_ADDRESS__)
#define KM_SLAB_KEEP	0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KM_SLAB_KEEP	0
#endif
#endif
#ifndef KM_SLAB_KEEP
#define KM_SLAB_KEEP	64
#endif

/* A kept block's first word links it to the next one. */
static void *keep_pop(void **list, unsigned int *n)
{
	void *p = *list;

	if (p) {
		*list = *(void **)p;
		(*n)--;
	}
	return p;
}

static bool keep_push(void **list, unsigned int *n, void *p)
{
	if (*n >= KM_SLAB_KEEP)
		return false;
	*(void **)p = *list;
	*list = p;
	(*n)++;
	return true;
}

static void keep_release(void **list, unsigned int *n)
{
	void *p;

	while ((p = keep_pop(list, n)))
		km_plat_free(p);
}

static unsigned long ptr_hash(const void *p)
{
	unsigned long x = (unsigned long)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdUL;
	x ^= x >> 33;
	return x;
}

static void registry_grow(struct km_registry *r)
{
	unsigned long ncap = r->cap ? r->cap * 2 : 1024, i;
	struct km_obj **ns = km_plat_alloc(ncap * sizeof(*ns));

	for (i = 0; i < r->cap; i++) {
		struct km_obj *o = r->slots[i];
		unsigned long j;

		if (!o || o == KM_TOMB)
			continue;
		j = ptr_hash(o->ptr) & (ncap - 1);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = o;
	}
	km_plat_free(r->slots);
	r->slots = ns;
	r->cap = ncap;
	r->tombs = 0;
}

static struct km_obj **registry_find(struct km_registry *r, const void *ptr)
{
	unsigned long j;

	if (!r->cap)
		return NULL;
	j = ptr_hash(ptr) & (r->cap - 1);
	while (r->slots[j]) {
		if (r->slots[j] != KM_TOMB && r->slots[j]->ptr == ptr)
			return &r->slots[j];
		j = (j + 1) & (r->cap - 1);
	}
	return NULL;
}

struct km_obj *km_obj_register(struct host *h, const void *ptr,
			       enum km_id_class cls, int kind,
			       struct kmem_cache *cache)
{
	struct km_registry *r = h->mem.live;
	struct km_obj *o = keep_pop((void **)&r->obj_free, &r->nobj_free);
	unsigned long j;

	if (o)
		memset(o, 0, sizeof(*o));
	else
		o = km_plat_alloc(sizeof(*o));

	if ((r->used + r->tombs + 1) * 2 > r->cap)
		registry_grow(r);
	o->ptr = ptr;
	o->cls = cls;
	o->kind = kind;
	o->cache = cache;
	o->id = cls != KM_ID_NONE ? ++h->mem.next_id[cls] : 0;
	o->seq = ++h->mem.next_seq;
	j = ptr_hash(ptr) & (r->cap - 1);
	while (r->slots[j] && r->slots[j] != KM_TOMB)
		j = (j + 1) & (r->cap - 1);
	if (r->slots[j] == KM_TOMB)
		r->tombs--;
	r->slots[j] = o;
	r->used++;
	list_add_tail(&o->node, &r->all);
	if (kind && h->trace_on)
		km_trace_obj(h, KM_EV_OBJ_NEW, o);
	return o;
}

void km_obj_unregister(struct host *h, const void *ptr)
{
	struct km_registry *r = h->mem.live;
	struct km_obj **slot = registry_find(r, ptr);
	struct km_obj *o;

	if (!slot) {
		km_bug(__FILE__, __LINE__, "freeing an object that is not live (double free?)");
		return;
	}
	o = *slot;
	if (o->kind && h->trace_on)
		km_trace_obj(h, KM_EV_OBJ_FREE, o);
	km_trace_forget(o);	/* a snapshot taken while tracing was on */
	*slot = KM_TOMB;
	r->tombs++;
	r->used--;
	list_del(&o->node);
	if (!keep_push((void **)&r->obj_free, &r->nobj_free, o))
		km_plat_free(o);
}

struct km_obj *km_obj_lookup(struct host *h, const void *ptr)
{
	struct km_obj **slot;

	if (!ptr || !h)
		return NULL;
	slot = registry_find(h->mem.live, ptr);
	return slot ? *slot : NULL;
}

unsigned int km_obj_id(struct host *h, const void *ptr)
{
	struct km_obj *o = km_obj_lookup(h, ptr);

	return o ? o->id : 0;
}

struct list_head *km_obj_list(struct host *h)
{
	return &h->mem.live->all;
}

/* ---- caches ---- */

/*
 * The caches whose objects the tracer shows field by field, by the names
 * /proc/slabinfo gives them: the mirrored code creates its caches as Linux
 * does and need not know that anyone looks inside.
 */
static const struct {
	const char	*cache;
	int		kind;		/* enum km_obj_kind */
} traced_caches[] = {
	{ "TCP",			KM_OBJ_TCP_SOCK },
	{ "UDP",			KM_OBJ_UDP_SOCK },
	{ "RAW",			KM_OBJ_RAW_SOCK },
	{ "PING",			KM_OBJ_PING_SOCK },
	{ "request_sock_TCP",		KM_OBJ_REQSK },
	{ "tw_sock_TCP",		KM_OBJ_TW },
	{ "sock_inode_cache",		KM_OBJ_SOCKET },
	{ "skbuff_head_cache",		KM_OBJ_SKB },
	{ "skbuff_fclone_cache",	KM_OBJ_SKB },
};

static int cache_kind(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(traced_caches); i++)
		if (!strcmp(traced_caches[i].cache, name))
			return traced_caches[i].kind;
	return 0;
}

static struct kmem_cache *cache_new(struct host *h, const char *name,
				    unsigned int size, enum km_id_class cls)
{
	struct kmem_cache *s = km_plat_alloc(sizeof(*s));

	strscpy(s->name, name, sizeof(s->name));
	s->size = size;
	s->cls = cls;
	s->kind = cache_kind(name);
	s->host = h;
	if (h->mem.ncaches < KM_MAX_CACHES)
		h->mem.caches[h->mem.ncaches++] = s;
	else
		km_bug(__FILE__, __LINE__, "too many slab caches");
	return s;
}

struct kmem_cache *km_cache_create(const char *name, unsigned int size,
				   enum km_id_class cls)
{
	return cache_new(km_host(), name, size, cls);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *))
{
	return cache_new(km_host(), name, size, KM_ID_NONE);
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	/* Caches live as long as their host: see km_mem_destroy(). */
	(void)s;
}

const char *kmem_cache_name(const struct kmem_cache *s)
{
	return s->name;
}

int km_failslab(struct host *h, const char *cache, int count)
{
	int i;

	for (i = 0; i < h->mem.ncaches; i++) {
		if (!strcmp(h->mem.caches[i]->name, cache)) {
			h->mem.caches[i]->fail_next = count;
			return 0;
		}
	}
	return -ENOENT;
}

void km_host_set_fault(struct host *h, km_fault_fn fn, void *ctx)
{
	h->mem.fault_fn = fn;
	h->mem.fault_ctx = ctx;
}

/* Should this allocation fail (km_failslab, or the host's fault hook)? */
static bool should_fail(struct host *h, struct kmem_cache *s, const void *site)
{
	if (s->fail_next > 0) {
		s->fail_next--;
		return true;
	}
	/* No task in a system call: an interrupt, the receive path. */
	return h->mem.fault_fn &&
	       h->mem.fault_fn(h->mem.fault_ctx, s->name, site, h->curtask == &h->idle);
}

static void *cache_alloc(struct kmem_cache *s, size_t size, gfp_t flags)
{
	struct host *h = s->host;
	void *p;

	p = keep_pop(&s->free, &s->nfree);
	if (!p)
		p = km_plat_alloc(size);	/* zeroed */
	else if (flags & __GFP_ZERO)
		memset(p, 0, size);
	if (!(flags & __GFP_ZERO))
		memset(p, 0x5a, size);
	s->active++;
	s->total++;
	h->mem.bytes_in_use += size;
	h->mem.objects_in_use++;
	km_obj_register(h, p, s->cls, s->kind, s)->cache = s;
	return p;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	if (should_fail(s->host, s, __builtin_return_address(0)))
		return NULL;
	return cache_alloc(s, s->size, flags);
}

static void cache_free(struct kmem_cache *s, const void *p, size_t size)
{
	struct host *h = s->host;

	km_obj_unregister(h, p);
	s->active--;
	h->mem.bytes_in_use -= size;
	h->mem.objects_in_use--;
	if (size < sizeof(void *) || !keep_push(&s->free, &s->nfree, (void *)p))
		km_plat_free((void *)p);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct km_obj *o;

	if (!obj)
		return;
	o = km_obj_lookup(s->host, obj);
	if (!o || o->cache != s) {
		km_bug(__FILE__, __LINE__, "kmem_cache_free: object not from this cache");
		return;
	}
	cache_free(s, obj, s->size);
}

/* ---- kmalloc: power-of-two-ish size classes, like kmalloc-<n> ---- */

static const unsigned int kmalloc_classes[KM_KMALLOC_CLASSES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192
};

/* The size class for size; *idx its index, or -1 past the last class. */
static size_t kmalloc_size_class(size_t size, int *idx)
{
	size_t c;
	int i;

	for (i = 0; i < KM_KMALLOC_CLASSES; i++)
		if (size <= kmalloc_classes[i]) {
			*idx = i;
			return kmalloc_classes[i];
		}
	*idx = -1;
	for (c = 16384; c < size; c <<= 1)
		;
	return c;
}

/*
 * kmalloc memory is registered like cache objects; its true size (the
 * size class, which ksize() reports) is remembered in a small header kept
 * in front of the block.
 */
struct km_kmalloc_hdr {
	size_t	size;
	long	idx;	/* size class index, -1 past the last class */
};

void *kmalloc(size_t size, gfp_t flags)
{
	struct host *h = km_host();
	struct kmem_cache *s = h->mem.kmalloc_cache;
	struct km_registry *r = h->mem.live;
	struct km_kmalloc_hdr *hdr = NULL;
	int idx;
	size_t cls = kmalloc_size_class(size, &idx);

	if (should_fail(h, s, __builtin_return_address(0)))
		return NULL;
	if (idx >= 0)
		hdr = keep_pop(&r->kmalloc_free[idx], &r->kmalloc_nfree[idx]);
	if (!hdr)
		hdr = km_plat_alloc(sizeof(*hdr) + cls);	/* zeroed */
	else if (flags & __GFP_ZERO)
		memset(hdr + 1, 0, cls);
	hdr->size = cls;
	hdr->idx = idx;
	if (!(flags & __GFP_ZERO))
		memset(hdr + 1, 0x5a, cls);
	s->active++;
	s->total++;
	h->mem.bytes_in_use += cls;
	h->mem.objects_in_use++;
	km_obj_register(h, hdr + 1, KM_ID_NONE, 0, s);
	return hdr + 1;
}

size_t ksize(const void *p)
{
	const struct km_kmalloc_hdr *hdr = (const struct km_kmalloc_hdr *)p - 1;

	return p ? hdr->size : 0;
}

void kfree(const void *p)
{
	struct host *h = km_host();
	struct km_kmalloc_hdr *hdr;
	struct km_obj *o;
	int idx;

	if (!p)
		return;
	o = km_obj_lookup(h, p);
	if (!o || o->cache != h->mem.kmalloc_cache) {
		km_bug(__FILE__, __LINE__, "kfree of memory kmalloc() did not return");
		return;
	}
	hdr = (struct km_kmalloc_hdr *)p - 1;
	km_obj_unregister(h, p);
	h->mem.kmalloc_cache->active--;
	h->mem.bytes_in_use -= hdr->size;
	h->mem.objects_in_use--;
	idx = (int)hdr->idx;
	if (idx < 0 || !keep_push(&h->mem.live->kmalloc_free[idx],
				  &h->mem.live->kmalloc_nfree[idx], hdr))
		km_plat_free(hdr);
}

void *krealloc(const void *p, size_t size, gfp_t flags)
{
	void *n;

	if (p && size <= ksize(p))
		return (void *)p;
	n = kmalloc(size, flags);
	if (n && p)
		memcpy(n, p, ksize(p));
	kfree(p);
	return n;
}

void km_mem_init(struct host *h)
{
	h->mem.live = km_plat_alloc(sizeof(*h->mem.live));
	INIT_LIST_HEAD(&h->mem.live->all);
	h->mem.kmalloc_cache = cache_new(h, "kmalloc", 0, KM_ID_NONE);
}

static const char *const id_class_names[KM_ID__COUNT] = {
	[KM_ID_NONE] = "kmalloc",
	[KM_ID_SOCKET] = "socket",
	[KM_ID_SOCK] = "sock",
	[KM_ID_SKB] = "skb",
	[KM_ID_SKB_DATA] = "skbdata",
	[KM_ID_REQSK] = "req",
	[KM_ID_DST] = "rt",
	[KM_ID_FILE] = "file",
	[KM_ID_WQ] = "wq",
	[KM_ID_BUCKET] = "bucket",
	[KM_ID_TW] = "tw",
};

const char *km_id_class_name(int cls)
{
	return cls >= 0 && cls < KM_ID__COUNT ? id_class_names[cls] : "?";
}

unsigned long km_mem_leaks(struct host *h, char *buf, size_t len)
{
	struct km_obj *o;
	unsigned long n = 0;
	size_t off = 0;

	if (buf && len)
		buf[0] = '\0';
	list_for_each_entry(o, &h->mem.live->all, node) {
		if (o->seq <= h->mem.baseline_seq)
			continue;	/* the host's own, from boot */
		n++;
		if (buf && off + 64 < len)
			off += snprintf(buf + off, len - off, "%s%s#%u (%s)",
					n > 1 ? ", " : "",
					km_id_class_name(o->cls), o->id,
					o->cache ? o->cache->name : "-");
	}
	return n;
}

void km_mem_destroy(struct host *h)
{
	struct km_registry *r = h->mem.live;
	struct km_obj *o, *tmp;
	int i;

	/* Whatever is still alive is released with the host (tests check first). */
	list_for_each_entry_safe(o, tmp, &r->all, node) {
		if (o->cache == h->mem.kmalloc_cache)
			km_plat_free((struct km_kmalloc_hdr *)o->ptr - 1);
		else if (o->cache)
			km_plat_free((void *)o->ptr);
		list_del(&o->node);
		km_plat_free(o);
	}
	keep_release((void **)&r->obj_free, &r->nobj_free);
	for (i = 0; i < KM_KMALLOC_CLASSES; i++)
		keep_release(&r->kmalloc_free[i], &r->kmalloc_nfree[i]);
	km_plat_free(r->slots);
	km_plat_free(r);
	h->mem.live = NULL;
	for (i = 0; i < h->mem.ncaches; i++) {
		keep_release(&h->mem.caches[i]->free, &h->mem.caches[i]->nfree);
		km_plat_free(h->mem.caches[i]);
	}
	h->mem.ncaches = 0;
}
