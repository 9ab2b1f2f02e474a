// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 1 — the sk_buff: the graded tests (labs/lab1-skbuff/README.md).
 *
 * The unit tests drive __alloc_skb(), skb_reserve(), skb_put(), skb_push()
 * and skb_pull() on a host of their own through the kernel-side helpers of
 * tests/kern/kt_skb.c, and compare every offset with a model of Linux 5.0's
 * rules written here: the kmalloc size classes (include/linux/slab.h:343,
 * mm/slub.c:3923), SKB_DATA_ALIGN / SKB_WITH_OVERHEAD / SKB_TRUESIZE
 * (include/linux/skbuff.h:228-239) and __alloc_skb (net/core/skbuff.c:180).
 * The only things read from the build are the sizes of struct sk_buff and
 * struct skb_shared_info: the structures are given, not written in the lab.
 * The last tests run a whole connect() through the student's code and
 * check the packets byte by byte.
 *
 * A BUG() (skb_over_panic, skb_under_panic, a double free...) never kills
 * a test: every test catches it and fails with the kernel's report.
 *
 * One TCase per test, named like the test: the grader runs them one at a
 * time (CK_RUN_CASE). Points: grade/points.
 */
#include <setjmp.h>
#include <string.h>
#include <errno.h>
#include "kmtest.h"
#include "kt.h"

#define SMP_CACHE_BYTES	64	/* x86_64 L1_CACHE_BYTES (arch/x86/Kconfig.cpu:314, X86_L1_CACHE_SHIFT 6) */
#define MAX_TCP_HEADER	160	/* 128 + MAX_HEADER, include/net/tcp.h:56; MAX_HEADER = LL_MAX_HEADER
				 * = 32 without Wi-Fi and tunnels, include/linux/netdevice.h:150,155 */
#define TCP_SYN_HDR	40	/* 20 + MSS 4 + SACK_PERM/TS 12 + NOP/WS 4, tcp_syn_options() */
#define IP_HDR		20	/* sizeof(struct iphdr), no IP options: ip_output.c:479 */
#define UNSET		0xffffu	/* (typeof(skb->mac_header))~0U, skbuff.c:232-233 */
#define FCLONE_UNAVAILABLE 0	/* include/linux/skbuff.h:537-541 */
#define FCLONE_ORIG	1
#define FCLONE_CLONE	2
#define PEER_PORT	80
#define PEER_ISN	3000000000u

/* ---- BUG() becomes a test failure ---- */

static jmp_buf bug_jb;

/* At the top of every test: a BUG() anywhere below ends the test here. */
#define CATCH_BUG()							\
	do {								\
		km_host_set_bug_jmp(T.h, &bug_jb);			\
		if (setjmp(bug_jb)) {					\
			kt_bug_recover(T.h);				\
			ck_abort_msg("[%s] the kernel hit a BUG(): %s", T.step, \
				     km_host_bug_message(T.h));		\
		}							\
	} while (0)

/*
 * The teardown closes what the test left open: a BUG() there (a bad free
 * of an skb, say) fails the test with the report too, never jumps back
 * into the finished test.
 */
static jmp_buf teardown_jb;

static void lab_teardown(void)
{
	if (T.h) {
		km_host_set_bug_jmp(T.h, &teardown_jb);
		if (setjmp(teardown_jb)) {
			kt_bug_recover(T.h);
			ck_abort_msg("[teardown] the kernel hit a BUG() while freeing what "
				     "the test left: %s", km_host_bug_message(T.h));
		}
	}
	kmt_teardown();
}

/* ---- the model: Linux 5.0's arithmetic ---- */

static unsigned int align_up(unsigned int x, unsigned int a)
{
	return (x + a - 1) & ~(a - 1);
}

#define SKB_DATA_ALIGN(x)	align_up((x), SMP_CACHE_BYTES)	/* skbuff.h:228 */

static unsigned int sizeof_skb, sizeof_shinfo;

static void struct_sizes(void)
{
	kt_skb_struct_sizes(&sizeof_skb, &sizeof_shinfo);
}

/*
 * ksize(kmalloc(n)) with SLUB on x86_64: the kmalloc-<size> class
 * (kmalloc_index(), include/linux/slab.h:343-379: 8, 16, 32, 64, 96, 128,
 * 192, 256, 512, ... 8192), above 8192 a page allocation of
 * PAGE_SIZE << order (mm/slub.c:3808, :3923).
 */
static unsigned int kmalloc_size(unsigned int n)
{
	static const unsigned int cls[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
					    1024, 2048, 4096, 8192 };
	unsigned int i, p;

	for (i = 0; i < sizeof(cls) / sizeof(cls[0]); i++)
		if (n <= cls[i])
			return cls[i];
	for (p = 16384; p < n; p <<= 1)
		;
	return p;
}

/* skb->end after __alloc_skb(size): skbuff.c:206-207, :215, :231 */
static unsigned int model_end(unsigned int size)
{
	unsigned int shinfo = SKB_DATA_ALIGN(sizeof_shinfo);
	unsigned int data = SKB_DATA_ALIGN(size) + shinfo;

	return kmalloc_size(data) - shinfo;		/* SKB_WITH_OVERHEAD(ksize(data)) */
}

/* SKB_TRUESIZE(end), skbuff.h:237-239, set at skbuff.c:225 */
static unsigned int model_truesize(unsigned int end)
{
	return end + SKB_DATA_ALIGN(sizeof_skb) + SKB_DATA_ALIGN(sizeof_shinfo);
}

/* ---- reading the skb ---- */

static struct kt_skb_geom geom(void *skb)
{
	struct kt_skb_geom g;

	kt_skb_geom(T.h, skb, &g);
	return g;
}

/* One field, expected vs actual, with the rule that gives it. */
#define WANT(g, field, expect, why)					\
	ck_assert_msg((g).field == (unsigned int)(expect),		\
		      "[%s] skb->%s: expected %u, got %u (%s)", T.step,	\
		      #field, (unsigned int)(expect), (g).field, why)

/* The geometry every linear skb keeps, whatever was done to it. */
static void invariants(const struct kt_skb_geom *g)
{
	ck_assert_msg(g->data_len == 0, "[%s] skb->data_len: expected 0 (a linear "
		      "skb: every byte is in the head buffer), got %u", T.step, g->data_len);
	ck_assert_msg(g->data_off <= g->tail && g->tail <= g->end,
		      "[%s] head <= data <= tail <= end broken: data +%u, tail +%u, "
		      "end +%u", T.step, g->data_off, g->tail, g->end);
	ck_assert_msg(g->tail - g->data_off == g->len,
		      "[%s] len must be tail - data for a linear skb: tail +%u - data "
		      "+%u = %u, len %u", T.step, g->tail, g->data_off,
		      g->tail - g->data_off, g->len);
	ck_assert_msg(g->headroom == g->data_off && g->tailroom == g->end - g->tail,
		      "[%s] headroom %u / tailroom %u do not match data +%u, tail +%u, "
		      "end +%u", T.step, g->headroom, g->tailroom, g->data_off,
		      g->tail, g->end);
}

/* data, tail and len after a step, by `rule`; then the invariants. */
static struct kt_skb_geom want_layout(void *skb, unsigned int data, unsigned int tail,
				      unsigned int len, const char *rule)
{
	struct kt_skb_geom g = geom(skb);

	WANT(g, data_off, data, rule);
	WANT(g, tail, tail, rule);
	WANT(g, len, len, rule);
	invariants(&g);
	return g;
}

static void *alloc(unsigned int size, int fclone)
{
	void *skb = kt_skb_alloc(T.h, size, fclone);

	ck_assert_msg(skb != NULL, "[%s] %s(%u) returned NULL", T.step,
		      fclone ? "alloc_skb_fclone" : "alloc_skb", size);
	return skb;
}

/* An skb of `size` with `reserve` bytes of headroom and `put` bytes of data. */
static void *skb_with(unsigned int size, unsigned int reserve, unsigned int put)
{
	void *skb = alloc(size, 0);

	kt_skb_reserve(T.h, skb, (int)reserve);
	kt_skb_put(T.h, skb, put);
	return skb;
}

/* The offset a put/push/pull returned must be `expect` (-1: NULL). */
static void want_ret(const char *op, unsigned int len, long got, long expect,
		     const char *why)
{
	ck_assert_msg(got == expect, "[%s] %s(skb, %u) returned %s%ld, expected %s%ld (%s)",
		      T.step, op, len, got < 0 ? "NULL " : "head + ", got < 0 ? 0 : got,
		      expect < 0 ? "NULL " : "head + ", expect < 0 ? 0 : expect, why);
}

/* ---- misuse: the report, and an skb left untouched ---- */

enum op { PUT, PUSH, PULL };

static const char *op_name(enum op op)
{
	return op == PUT ? "skb_put" : op == PUSH ? "skb_push" : "skb_pull";
}

static long do_op(enum op op, void *skb, unsigned int len)
{
	if (op == PUT)
		return kt_skb_put(T.h, skb, len);
	if (op == PUSH)
		return kt_skb_push(T.h, skb, len);
	return kt_skb_pull(T.h, skb, len);
}

static jmp_buf misuse_jb;

/* op(skb, len) must be refused with a report naming `panic` and the skb. */
static void expect_panic(enum op op, void *skb, unsigned int len, const char *panic)
{
	struct kt_skb_geom before = geom(skb), after;
	const char *msg;
	char want[32];

	km_host_set_bug_jmp(T.h, &misuse_jb);
	if (setjmp(misuse_jb) == 0) {
		long r = do_op(op, skb, len);

		km_host_set_bug_jmp(T.h, &bug_jb);	/* back to the test's catch */
		ck_abort_msg("[%s] %s(skb, %u) with headroom %u, len %u, tailroom %u "
			     "was not reported: it returned %s and left data +%u, tail +%u, "
			     "len %u; expected %s()", T.step, op_name(op), len,
			     before.headroom, before.len, before.tailroom,
			     r < 0 ? "NULL" : "a pointer", geom(skb).data_off,
			     geom(skb).tail, geom(skb).len, panic);
	}
	kt_bug_recover(T.h);
	msg = km_host_bug_message(T.h);
	ck_assert_msg(strstr(msg, panic) != NULL, "[%s] %s(skb, %u) must be reported by "
		      "%s(); the report was: %s", T.step, op_name(op), len, panic, msg);
	snprintf(want, sizeof(want), "skb#%u ", before.id);
	ck_assert_msg(strstr(msg, want) != NULL, "[%s] the report must name the skb "
		      "(%s): %s", T.step, want, msg);
	snprintf(want, sizeof(want), "put:%u ", len);
	ck_assert_msg(strstr(msg, want) != NULL, "[%s] the report must give the length "
		      "asked for (%s), i.e. pass len to %s(): %s", T.step, want, panic, msg);
	km_host_set_bug_jmp(T.h, &bug_jb);	/* back to the test's catch */
	after = geom(skb);
	ck_assert_msg(!memcmp(&before, &after, sizeof(before)),
		      "[%s] %s(skb, %u) was refused but changed the skb: data +%u -> +%u, "
		      "tail +%u -> +%u, len %u -> %u. Check before you move anything.",
		      T.step, op_name(op), len, before.data_off, after.data_off,
		      before.tail, after.tail, before.len, after.len);
}

/* ================================================== __alloc_skb */

/* skbuff.c:206-233: head = data = tail, end past the payload area, len 0 */
START_TEST(test_alloc_skb_is_empty_with_data_at_head)
{
	struct kt_skb_geom g;
	void *skb;

	CATCH_BUG();
	struct_sizes();
	kmt_step("alloc_skb(MAX_TCP_HEADER = 160), as for a SYN");
	skb = alloc(MAX_TCP_HEADER, 0);
	g = geom(skb);
	WANT(g, data_off, 0, "data = head: an empty skb has no headroom (skbuff.c:229)");
	WANT(g, tail, 0, "skb_reset_tail_pointer(): tail = data (skbuff.c:230)");
	WANT(g, len, 0, "nothing in it yet (cleared by the memset, skbuff.c:223)");
	WANT(g, data_len, 0, "a linear skb, no paged data");
	WANT(g, end, model_end(MAX_TCP_HEADER),
	     "SKB_DATA_ALIGN(160) + SKB_DATA_ALIGN(shinfo) = 192 + 320 = 512 -> "
	     "kmalloc-512, minus the skb_shared_info (skbuff.c:206-215, :231)");
	WANT(g, users, 1, "refcount_set(&skb->users, 1) (skbuff.c:227)");
	WANT(g, dataref, 1, "atomic_set(&shinfo->dataref, 1) (skbuff.c:238)");
	WANT(g, cloned, 0, "a fresh skb is no clone");
	WANT(g, fclone, FCLONE_UNAVAILABLE, "alloc_skb() is not alloc_skb_fclone()");
	invariants(&g);
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* alloc_skb(size) for each size; check(size, geometry); then freed. */
static void for_each_size(const unsigned int *sizes, size_t n,
			  void (*check)(unsigned int size, const struct kt_skb_geom *g))
{
	struct kt_skb_geom g;
	size_t i;
	void *skb;

	struct_sizes();
	for (i = 0; i < n; i++) {
		kmt_step("alloc_skb(%u)", sizes[i]);
		skb = alloc(sizes[i], 0);
		g = geom(skb);
		check(sizes[i], &g);
		kt_kfree_skb(T.h, skb);
	}
}

static void check_end(unsigned int size, const struct kt_skb_geom *g)
{
	unsigned int want = model_end(size);
	unsigned int asked = SKB_DATA_ALIGN(size) + SKB_DATA_ALIGN(sizeof_shinfo);
	char why[200];

	snprintf(why, sizeof(why), "SKB_DATA_ALIGN(%u) = %u, + SKB_DATA_ALIGN(shinfo) "
		 "%u = %u, kmalloc gives %u, minus the shinfo", size,
		 SKB_DATA_ALIGN(size), SKB_DATA_ALIGN(sizeof_shinfo), asked,
		 kmalloc_size(asked));
	WANT(*g, end, want, why);
	WANT(*g, tailroom, want, "all of it is tailroom in an empty skb");
	invariants(g);
}

/* skbuff.c:206-215: whatever kmalloc really gave is used */
START_TEST(test_alloc_skb_end_uses_the_whole_kmalloc_block)
{
	static const unsigned int sizes[] = { 0, 1, 64, 124, 192, 193, 500, 1000,
					      1500, 1600, 3000, 9000 };

	CATCH_BUG();
	for_each_size(sizes, sizeof(sizes) / sizeof(sizes[0]), check_end);
}
END_TEST

static void check_truesize(unsigned int size, const struct kt_skb_geom *g)
{
	unsigned int end = model_end(size);
	char why[200];

	snprintf(why, sizeof(why), "SKB_TRUESIZE(end %u) = %u + SKB_DATA_ALIGN("
		 "sizeof(struct sk_buff) %u) + SKB_DATA_ALIGN(sizeof(struct "
		 "skb_shared_info) %u)", end, end, sizeof_skb, sizeof_shinfo);
	WANT(*g, truesize, model_truesize(end), why);
}

/* skbuff.c:225: truesize = SKB_TRUESIZE(size), size being the final one */
START_TEST(test_alloc_skb_truesize_counts_buffer_sk_buff_and_shinfo)
{
	static const unsigned int sizes[] = { 0, 160, 200, 1500, 5000 };

	CATCH_BUG();
	for_each_size(sizes, sizeof(sizes) / sizeof(sizes[0]), check_truesize);
}
END_TEST

/* skbuff.c:223, :232-238 */
START_TEST(test_alloc_skb_header_marks_and_shared_info)
{
	struct kt_skb_geom g;
	void *skb;

	CATCH_BUG();
	kmt_step("alloc_skb(500): kmalloc hands out memory full of 0x5a");
	skb = alloc(500, 0);
	g = geom(skb);
	WANT(g, mac_header, UNSET, "no MAC header yet: ~0 (skbuff.c:232)");
	WANT(g, transport_header, UNSET, "no transport header yet: ~0 (skbuff.c:233)");
	WANT(g, network_header, 0, "cleared with the rest of the header (skbuff.c:223)");
	ck_assert_msg(g.shinfo_dirty == 0, "[%s] skb_shared_info (at head + end) must be "
		      "zeroed up to dataref: nr_frags, gso_*, frag_list... (skbuff.c:236-237)",
		      T.step);
	WANT(g, dataref, 1, "one user of the data buffer (skbuff.c:238)");
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* skbuff.c:240-249 and skb_clone (:1283): the spare twin */
START_TEST(test_alloc_skb_fclone_pair)
{
	struct kt_skb_geom g, gc;
	void *skb, *c;

	CATCH_BUG();
	struct_sizes();
	kmt_step("alloc_skb_fclone(160), as sk_stream_alloc_skb does (tcp.c:874)");
	skb = alloc(MAX_TCP_HEADER, 1);
	g = geom(skb);
	WANT(g, fclone, FCLONE_ORIG, "the first of the pair (skbuff.c:245)");
	WANT(g, fclone_ref, 1, "refcount_set(&fclones->fclone_ref, 1) (skbuff.c:246)");
	WANT(g, twin_fclone, FCLONE_CLONE, "the twin waits as SKB_FCLONE_CLONE (skbuff.c:248)");
	WANT(g, end, model_end(MAX_TCP_HEADER), "the same data buffer rule");
	WANT(g, truesize, model_truesize(model_end(MAX_TCP_HEADER)),
	     "SKB_TRUESIZE: the twin is not counted");
	kmt_step("skb_clone() takes the twin: tcp_transmit_skb's copy (tcp_output.c:1041)");
	c = kt_skb_clone(T.h, skb);
	ck_assert_msg(c != NULL, "[%s] skb_clone returned NULL", T.step);
	gc = geom(c);
	WANT(gc, fclone, FCLONE_CLONE, "the clone is the twin of the pair");
	WANT(gc, end, g.end, "a clone shares the data buffer");
	g = geom(skb);
	WANT(g, fclone_ref, 2, "both halves of the pair in use");
	WANT(g, dataref, 2, "two users of one data buffer");
	kmt_step("freeing both gives the pair back (no leak at teardown)");
	kt_kfree_skb(T.h, c);
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* skbuff.c:196-198, :208-210, :252-255 */
START_TEST(test_alloc_skb_failures_return_null_without_leaks)
{
	CATCH_BUG();
	kmt_step("the sk_buff itself cannot be allocated");
	ck_assert_int_eq(km_host_failslab(T.h, "skbuff_head_cache", 1), 0);
	ck_assert_msg(kt_skb_alloc(T.h, 100, 0) == NULL,
		      "[%s] __alloc_skb must return NULL when kmem_cache_alloc fails", T.step);
	kmt_step("the fclone pair cannot be allocated");
	ck_assert_int_eq(km_host_failslab(T.h, "skbuff_fclone_cache", 1), 0);
	ck_assert_msg(kt_skb_alloc(T.h, 100, 1) == NULL,
		      "[%s] __alloc_skb must return NULL when kmem_cache_alloc fails", T.step);
	kmt_step("the data buffer cannot be allocated: the sk_buff goes back (nodata:)");
	ck_assert_int_eq(km_host_failslab(T.h, "kmalloc", 1), 0);
	ck_assert_msg(kt_skb_alloc(T.h, 100, 0) == NULL,
		      "[%s] __alloc_skb must return NULL when kmalloc fails", T.step);
	ck_assert_int_eq(km_host_failslab(T.h, "kmalloc", 1), 0);
	ck_assert_msg(kt_skb_alloc(T.h, 100, 1) == NULL,
		      "[%s] __alloc_skb must return NULL when kmalloc fails", T.step);
	kmt_step("and a normal allocation works again");
	kt_kfree_skb(T.h, alloc(100, 0));
	/* the teardown fails if the sk_buff of a failed allocation leaked */
}
END_TEST

/* ================================================== reserve, put, push, pull */

/* include/linux/skbuff.h:2238-2242 */
START_TEST(test_reserve_makes_headroom)
{
	struct kt_skb_geom g;
	unsigned int end;
	void *skb;

	CATCH_BUG();
	struct_sizes();
	skb = alloc(MAX_TCP_HEADER, 0);
	end = geom(skb).end;
	kmt_step("skb_reserve(skb, 160) on an empty skb");
	kt_skb_reserve(T.h, skb, MAX_TCP_HEADER);
	g = want_layout(skb, MAX_TCP_HEADER, MAX_TCP_HEADER, 0,
			"data and tail move forward by len; the skb stays empty");
	WANT(g, end, end, "end never moves");
	WANT(g, headroom, MAX_TCP_HEADER, "skb_headroom() = data - head");
	WANT(g, tailroom, end - MAX_TCP_HEADER, "skb_tailroom() = end - tail");
	kmt_step("skb_reserve(skb, 16) again: the headroom grows to 176");
	kt_skb_reserve(T.h, skb, 16);
	want_layout(skb, MAX_TCP_HEADER + 16, MAX_TCP_HEADER + 16, 0,
		    "data and tail move forward by len");
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* skbuff.c:1700-1709 */
START_TEST(test_put_appends_at_the_tail)
{
	struct kt_skb_geom g;
	unsigned int end;
	void *skb;

	CATCH_BUG();
	skb = alloc(200, 0);
	end = geom(skb).end;
	kt_skb_reserve(T.h, skb, 64);
	kmt_step("skb_put(skb, 60): a received frame copied in (like netdev receive)");
	want_ret("skb_put", 60, kt_skb_put(T.h, skb, 60), 64,
		 "skb_put returns the OLD tail: where the new bytes go");
	want_layout(skb, 64, 124, 60, "tail += len, len += len, data does not move");
	kmt_step("skb_put(skb, 0): nothing changes, the tail is returned");
	want_ret("skb_put", 0, kt_skb_put(T.h, skb, 0), 124, "the old tail");
	kmt_step("skb_put(skb, tailroom %u): filling the buffer exactly to end is allowed",
		 end - 124);
	want_ret("skb_put", end - 124, kt_skb_put(T.h, skb, end - 124), 124, "the old tail");
	g = want_layout(skb, 64, end, end - 64, "filled: tail == end");
	WANT(g, tailroom, 0, "no room left");
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* skbuff.c:1721-1728 */
START_TEST(test_push_prepends_in_the_headroom)
{
	struct kt_skb_geom g;
	void *skb;

	CATCH_BUG();
	skb = skb_with(MAX_TCP_HEADER, MAX_TCP_HEADER, 8);
	kmt_step("skb_push(skb, 20) in front of 8 bytes of data");
	want_ret("skb_push", 20, kt_skb_push(T.h, skb, 20), MAX_TCP_HEADER - 20,
		 "skb_push returns the NEW data: where the header goes");
	want_layout(skb, MAX_TCP_HEADER - 20, MAX_TCP_HEADER + 8, 28,
		    "data -= len, len += len, the tail does not move");
	kmt_step("skb_push(skb, 0): nothing changes, data is returned");
	want_ret("skb_push", 0, kt_skb_push(T.h, skb, 0), MAX_TCP_HEADER - 20, "data");
	kmt_step("skb_push(skb, headroom 140): using the whole headroom is allowed");
	want_ret("skb_push", MAX_TCP_HEADER - 20,
		 kt_skb_push(T.h, skb, MAX_TCP_HEADER - 20), 0, "data = head");
	g = want_layout(skb, 0, MAX_TCP_HEADER + 8, MAX_TCP_HEADER + 8,
			"everything from head to tail");
	WANT(g, headroom, 0, "no headroom left");
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* skbuff.c:1741-1744, include/linux/skbuff.h:2154-2164 */
START_TEST(test_pull_strips_from_the_front)
{
	void *skb;

	CATCH_BUG();
	skb = skb_with(200, 64, 60);
	kmt_step("skb_pull(skb, 20): the IP header has been read (ip_local_deliver_finish)");
	want_ret("skb_pull", 20, kt_skb_pull(T.h, skb, 20), 84,
		 "skb_pull returns the NEW data: the next header");
	want_layout(skb, 84, 124, 40, "data += len, len -= len, the tail does not move");
	kmt_step("skb_pull(skb, 41): more than len is refused with NULL, nothing moves");
	want_ret("skb_pull", 41, kt_skb_pull(T.h, skb, 41), -1,
		 "len > skb->len: NULL (skb_pull_inline, skbuff.h:2163)");
	want_layout(skb, 84, 124, 40, "untouched");
	kmt_step("skb_pull(skb, 40): all of it; the skb is empty, data == tail");
	want_ret("skb_pull", 40, kt_skb_pull(T.h, skb, 40), 124, "data = tail");
	want_layout(skb, 124, 124, 0, "nothing left");
	kmt_step("skb_pull(skb, 1) on an empty skb: NULL");
	want_ret("skb_pull", 1, kt_skb_pull(T.h, skb, 1), -1, "len > skb->len");
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* skbuff.c:1700-1709 and :110 (skb_over_panic); kmirror checks first */
START_TEST(test_put_past_end_is_skb_over_panic)
{
	unsigned int room;
	void *skb;

	CATCH_BUG();
	skb = skb_with(100, 32, 10);
	room = geom(skb).tailroom;
	kmt_step("skb_put(skb, tailroom + 1 = %u)", room + 1);
	expect_panic(PUT, skb, room + 1, "skb_over_panic");
	kmt_step("skb_put(skb, 0xffffffff): a length that wraps the tail offset");
	expect_panic(PUT, skb, 0xffffffffu, "skb_over_panic");
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* skbuff.c:1721-1728 and :115 (skb_under_panic); kmirror checks first */
START_TEST(test_push_past_head_is_skb_under_panic)
{
	void *skb;

	CATCH_BUG();
	skb = skb_with(100, 16, 4);
	kmt_step("skb_push(skb, headroom + 1 = 17)");
	expect_panic(PUSH, skb, 17, "skb_under_panic");
	kmt_step("skb_push(skb, 20) into an skb with no headroom at all");
	kt_skb_push(T.h, skb, 16);
	expect_panic(PUSH, skb, 20, "skb_under_panic");
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* ================================================== the SYN's layers */

/*
 * tcp_connect (tcp_output.c:3523) -> sk_stream_alloc_skb (tcp.c:874, :885):
 * alloc_skb_fclone(0 + MAX_TCP_HEADER), skb_reserve(MAX_TCP_HEADER);
 * __tcp_transmit_skb clones it (:1041), skb_push(tcp_header_size) and
 * skb_reset_transport_header (:1080-1081); __ip_queue_xmit skb_push(iphdr)
 * and skb_reset_network_header (ip_output.c:479-480).
 */
START_TEST(test_syn_layers_like_tcp_transmit_skb_and_ip_queue_xmit)
{
	struct kt_skb_geom g, gc;
	unsigned int end;
	void *skb, *c;

	CATCH_BUG();
	struct_sizes();
	end = model_end(MAX_TCP_HEADER);
	kmt_step("1. sk_stream_alloc_skb: alloc_skb_fclone(0 + MAX_TCP_HEADER)");
	skb = alloc(MAX_TCP_HEADER, 1);
	g = geom(skb);
	WANT(g, end, end, "SKB_WITH_OVERHEAD(ksize(192 + shinfo))");
	kmt_step("2. skb_reserve(skb, MAX_TCP_HEADER): all of it is headroom");
	kt_skb_reserve(T.h, skb, MAX_TCP_HEADER);
	g = geom(skb);
	WANT(g, data_off, MAX_TCP_HEADER, "data = head + 160");
	WANT(g, tail, MAX_TCP_HEADER, "tail = data: no payload in a SYN");
	WANT(g, tailroom, end - MAX_TCP_HEADER, "end - tail");
	kmt_step("3. tcp_transmit_skb clones it: the original stays queued");
	c = kt_skb_clone(T.h, skb);
	ck_assert_msg(c != NULL, "[%s] skb_clone returned NULL", T.step);
	kmt_step("4. skb_push(clone, tcp_header_size = 40); skb_reset_transport_header");
	want_ret("skb_push", TCP_SYN_HDR, kt_skb_push(T.h, c, TCP_SYN_HDR),
		 MAX_TCP_HEADER - TCP_SYN_HDR, "the TCP header starts at head + 120");
	kt_skb_reset_transport_header(T.h, c);
	gc = geom(c);
	WANT(gc, data_off, MAX_TCP_HEADER - TCP_SYN_HDR, "160 - 40");
	WANT(gc, len, TCP_SYN_HDR, "the TCP header with its options");
	WANT(gc, transport_header, MAX_TCP_HEADER - TCP_SYN_HDR,
	     "skb_reset_transport_header(): transport_header = data - head");
	WANT(gc, network_header, 0, "not set yet");
	invariants(&gc);
	kmt_step("5. __ip_queue_xmit: skb_push(clone, 20); skb_reset_network_header");
	want_ret("skb_push", IP_HDR, kt_skb_push(T.h, c, IP_HDR),
		 MAX_TCP_HEADER - TCP_SYN_HDR - IP_HDR, "the IP header starts at head + 100");
	kt_skb_reset_network_header(T.h, c);
	gc = geom(c);
	WANT(gc, data_off, MAX_TCP_HEADER - TCP_SYN_HDR - IP_HDR, "120 - 20");
	WANT(gc, len, TCP_SYN_HDR + IP_HDR, "the 60-byte SYN");
	WANT(gc, network_header, MAX_TCP_HEADER - TCP_SYN_HDR - IP_HDR,
	     "skb_reset_network_header(): network_header = data - head");
	WANT(gc, transport_header, MAX_TCP_HEADER - TCP_SYN_HDR,
	     "the TCP header stays where it was");
	WANT(gc, tail, MAX_TCP_HEADER, "pushing never moves the tail");
	WANT(gc, headroom, MAX_TCP_HEADER - TCP_SYN_HDR - IP_HDR,
	     "100 bytes left for a link-layer header");
	invariants(&gc);
	kmt_step("6. the queued original never moved (its own data pointer)");
	g = geom(skb);
	WANT(g, data_off, MAX_TCP_HEADER, "the clone's pushes are its own");
	WANT(g, len, 0, "still empty");
	kt_kfree_skb(T.h, c);
	kt_kfree_skb(T.h, skb);
}
END_TEST

/* ---- a whole connect() ---- */

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * The SYN Linux 5.0 sends for connect() to 10.0.0.2:80 with the defaults
 * (RFC 791/793 layouts): IPv4 header, no IP options, DF, TTL 64
 * (ip_output.c:479-498); TCP header of 40 bytes, options MSS 1460,
 * SACK_PERM + timestamps, NOP + window scale 7 (tcp_output.c:454 tcp_options_write),
 * window 64240 (tcp_select_initial_window). The IP ID, the source port, the
 * ISN and TSval come from secrets and clocks (labs 3 and 4): they are taken
 * from the frame itself; everything else is built here.
 */
static size_t model_syn(const uint8_t *got, uint8_t *f)
{
	uint32_t sum;
	uint8_t pseudo[12];

	memset(f, 0, 60);
	f[0] = 0x45;				/* version 4, IHL 5 */
	put16(f + 2, 60);			/* total length */
	memcpy(f + 4, got + 4, 2);		/* IP ID */
	put16(f + 6, 0x4000);			/* DF */
	f[8] = 64;				/* TTL */
	f[9] = 6;				/* TCP */
	memcpy(f + 12, &T.client, 4);
	memcpy(f + 16, &T.peer, 4);
	put16(f + 10, csum_fold(csum_add(0, f, 20)));
	memcpy(f + 20, got + 20, 2);		/* source port */
	put16(f + 22, PEER_PORT);
	memcpy(f + 24, got + 24, 4);		/* ISN */
	f[32] = 0xa0;				/* doff 10 */
	f[33] = 0x02;				/* SYN */
	put16(f + 34, 64240);
	f[40] = 2; f[41] = 4; put16(f + 42, 1460);
	f[44] = 4; f[45] = 2; f[46] = 8; f[47] = 10;
	memcpy(f + 48, got + 48, 4);		/* TSval */
	f[56] = 1; f[57] = 3; f[58] = 3; f[59] = 7;
	memcpy(pseudo, f + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 6;
	put16(pseudo + 10, 40);
	sum = csum_add(csum_add(0, pseudo, 12), f + 20, 40);
	put16(f + 36, csum_fold(sum));
	return 60;
}

static const char *syn_field(size_t off)
{
	static const struct { size_t end; const char *name; } f[] = {
		{ 1, "IP version/IHL" }, { 2, "IP TOS" }, { 4, "IP total length" },
		{ 6, "IP ID" }, { 8, "IP flags/fragment offset" }, { 9, "IP TTL" },
		{ 10, "IP protocol" }, { 12, "IP header checksum" }, { 16, "IP source" },
		{ 20, "IP destination" }, { 22, "TCP source port" }, { 24, "TCP dest port" },
		{ 28, "TCP seq" }, { 32, "TCP ack" }, { 33, "TCP data offset" },
		{ 34, "TCP flags" }, { 36, "TCP window" }, { 38, "TCP checksum" },
		{ 40, "TCP urgent pointer" }, { 44, "option MSS" },
		{ 48, "option SACK_PERM + TS kind/length" }, { 52, "option TSval" },
		{ 56, "option TSecr" }, { 60, "option NOP + window scale" },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (off < f[i].end)
			return f[i].name;
	return "beyond the SYN";
}

static void hex(char *out, size_t cap, const uint8_t *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 3 < cap; i++)
		k += (size_t)snprintf(out + k, cap - k, "%02x", p[i]);
}

/* A non-blocking connect() to the peer; the SYN's raw bytes into f. */
static int connect_and_read_syn(long *fd, uint8_t *f, size_t cap)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, PEER_PORT);
	int n;

	*fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_msg(*fd >= 0, "[%s] socket: %s", T.step, kmt_errname(*fd));
	kmt_assert_ret(km_connect(T.app, (int)*fd, &a, sizeof(a)), -EINPROGRESS);
	ck_assert_msg(km_wire_pending(T.wire) > 0, "[%s] connect() sent no SYN", T.step);
	n = km_wire_recv(T.wire, f, cap);
	ck_assert_msg(n > 0, "[%s] the SYN could not be read", T.step);
	return n;
}

/* The SYN on the wire, byte for byte. */
START_TEST(test_connect_syn_is_byte_exact)
{
	uint8_t got[2048], want[60];
	char hg[200], hw[200];
	long fd;
	int n;
	size_t i;

	CATCH_BUG();
	kmt_step("connect() to 10.0.0.2:80: the SYN goes out through tcp_transmit_skb "
		 "and ip_queue_xmit");
	n = connect_and_read_syn(&fd, got, sizeof(got));
	ck_assert_msg(n == 60, "[%s] the SYN is %d bytes, expected 60: 20 (IP) + 40 (TCP "
		      "with options) = skb->len after the two skb_push()", T.step, n);
	model_syn(got, want);
	for (i = 0; i < 60; i++) {
		if (got[i] == want[i])
			continue;
		hex(hg, sizeof(hg), got, 60);
		hex(hw, sizeof(hw), want, 60);
		ck_abort_msg("[%s] byte %zu of the SYN (%s) is 0x%02x, expected 0x%02x\n"
			     "  got:      %s\n  expected: %s", T.step, i, syn_field(i),
			     got[i], want[i], hg, hw);
	}
}
END_TEST

/*
 * The receive side too: the SYN-ACK comes in through netdev_alloc_skb
 * (skb_reserve NET_SKB_PAD + skb_put of the frame) and ip_local_deliver
 * (skb_pull of the IP header); the final ACK goes out like the SYN.
 */
START_TEST(test_handshake_completes_through_the_receive_path)
{
	struct km_seg syn, sa, ack, want;
	uint8_t f[2048];
	long fd;
	int n;

	CATCH_BUG();
	kmt_step("connect(): the SYN");
	n = connect_and_read_syn(&fd, f, sizeof(f));
	ck_assert_msg(km_seg_parse(f, (size_t)n, &syn) == 0, "[%s] the SYN is not IPv4",
		      T.step);
	kmt_step("the peer's SYN-ACK arrives");
	kmt_synack_for(&syn, &sa, PEER_ISN);
	kmt_wire_inject(&sa, 0);
	kmt_step("the final ACK, as tcp_send_ack builds it");
	ck_assert_msg(kmt_wire_next(&ack), "[%s] no final ACK: the SYN-ACK was not "
		      "received (is skb_put / skb_pull right on the receive path?)", T.step);
	km_seg_init_tcp(&want, T.client, syn.sport, T.peer, PEER_PORT);
	want.seq = syn.seq + 1;
	want.ack = PEER_ISN + 1;
	want.flags = KM_TH_ACK;
	want.ip_id = (uint16_t)(syn.ip_id + 1);
	want.ip_tot_len = 52;
	kmt_assert_seg(&want, &ack, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_SEQ |
		       KMT_F_ACK | KMT_F_FLAGS | KMT_F_ID | KMT_F_TTL | KMT_F_DF |
		       KMT_F_LEN);
	ck_assert_msg(ack.ip_csum_ok && ack.l4_csum_ok && ack.doff == 8 && ack.ts &&
		      ack.tsecr == sa.tsval,
		      "[%s] the final ACK: checksums %s/%s, doff %u (expected 8: 20 + "
		      "NOP NOP TS), TSecr %u (expected %u)", T.step,
		      ack.ip_csum_ok ? "ok" : "BAD", ack.l4_csum_ok ? "ok" : "BAD",
		      ack.doff, ack.tsecr, sa.tsval);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
}
END_TEST

struct lab_test {
	const char	*name;
	const TTest	*fn;
	void		(*setup)(void);
};

#define LT(t, s)	{ #t, t, s }

int main(void)
{
	const struct lab_test tests[] = {
		LT(test_alloc_skb_is_empty_with_data_at_head, kmt_setup_one),
		LT(test_alloc_skb_end_uses_the_whole_kmalloc_block, kmt_setup_one),
		LT(test_alloc_skb_truesize_counts_buffer_sk_buff_and_shinfo, kmt_setup_one),
		LT(test_alloc_skb_header_marks_and_shared_info, kmt_setup_one),
		LT(test_alloc_skb_fclone_pair, kmt_setup_one),
		LT(test_alloc_skb_failures_return_null_without_leaks, kmt_setup_one),
		LT(test_reserve_makes_headroom, kmt_setup_one),
		LT(test_put_appends_at_the_tail, kmt_setup_one),
		LT(test_push_prepends_in_the_headroom, kmt_setup_one),
		LT(test_pull_strips_from_the_front, kmt_setup_one),
		LT(test_put_past_end_is_skb_over_panic, kmt_setup_one),
		LT(test_push_past_head_is_skb_under_panic, kmt_setup_one),
		LT(test_syn_layers_like_tcp_transmit_skb_and_ip_queue_xmit, kmt_setup_one),
		LT(test_connect_syn_is_byte_exact, kmt_setup_wire),
		LT(test_handshake_completes_through_the_receive_path, kmt_setup_wire),
	};
	Suite *s = suite_create("lab1");
	size_t i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		kmt_lab_case(s, tests[i].name, tests[i].fn, tests[i].setup, lab_teardown);
	return kmt_run(s);
}
