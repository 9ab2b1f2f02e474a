// SPDX-License-Identifier: GPL-2.0
/*
 * sk_buff management: alloc_skb, skb_reserve/put/push/pull, headroom and
 * tailroom, skb_clone (shared data, users, dataref), queues, and misuse
 * caught like skb_over_panic/skb_under_panic with a report naming the skb.
 */
#include <setjmp.h>
#include <string.h>
#include "kmtest.h"
#include "kt.h"

#define G(skb, g) kt_skb_geom(T.h, (skb), &(g))

START_TEST(test_alloc_skb_is_empty_with_all_room_at_the_tail)
{
	struct kt_skb_geom g;
	void *skb = kt_skb_alloc(T.h, 200, 0);

	ck_assert(skb != NULL);
	G(skb, g);
	ck_assert_uint_eq(g.len, 0);
	ck_assert_uint_eq(g.headroom, 0);
	ck_assert_uint_eq(g.data_off, 0);
	ck_assert_uint_eq(g.tail, 0);
	ck_assert_msg(g.tailroom >= 200, "tailroom %u < 200", g.tailroom);
	ck_assert_uint_eq(g.end, g.tailroom);
	ck_assert_uint_eq(g.users, 1);
	ck_assert_uint_eq(g.dataref, 1);
	ck_assert_uint_eq(g.cloned, 0);
	ck_assert_msg(g.truesize > g.end, "truesize %u must include the sk_buff itself", g.truesize);
	kt_kfree_skb(T.h, skb);
}
END_TEST

START_TEST(test_reserve_put_push_pull_keep_the_invariants)
{
	struct kt_skb_geom g;
	void *skb = kt_skb_alloc(T.h, 256, 0);
	unsigned int end;

	G(skb, g);
	end = g.end;
	kmt_step("reserve 128: headroom for headers");
	kt_skb_reserve(T.h, skb, 128);
	G(skb, g);
	ck_assert_uint_eq(g.headroom, 128);
	ck_assert_uint_eq(g.tailroom, end - 128);
	ck_assert_uint_eq(g.len, 0);
	kmt_step("put 10: data at the tail, put returns the old tail");
	ck_assert_int_eq(kt_skb_put(T.h, skb, 10), 128);
	G(skb, g);
	ck_assert_uint_eq(g.len, 10);
	ck_assert_uint_eq(g.tail, 138);
	kmt_step("push 20 (a TCP header): data moves back, push returns the new data");
	ck_assert_int_eq(kt_skb_push(T.h, skb, 20), 108);
	G(skb, g);
	ck_assert_uint_eq(g.len, 30);
	ck_assert_uint_eq(g.headroom, 108);
	kmt_step("push 20 more (IP): headroom 88");
	ck_assert_int_eq(kt_skb_push(T.h, skb, 20), 88);
	kmt_step("pull 20: strip the IP header again");
	ck_assert_int_eq(kt_skb_pull(T.h, skb, 20), 108);
	G(skb, g);
	ck_assert_uint_eq(g.len, 30);
	kmt_step("pull more than len: NULL, nothing changes");
	ck_assert_int_eq(kt_skb_pull(T.h, skb, 31), -1);
	G(skb, g);
	ck_assert_uint_eq(g.len, 30);
	ck_assert_uint_eq(g.data_off, 108);
	kmt_step("invariant: headroom + len + tailroom == end");
	ck_assert_uint_eq(g.headroom + g.len + g.tailroom, g.end);
	kt_kfree_skb(T.h, skb);
}
END_TEST

START_TEST(test_clone_shares_data_and_counts_references)
{
	struct kt_skb_geom g, gc;
	void *skb = kt_skb_alloc(T.h, 64, 0), *c;
	char buf[4];

	kt_skb_put(T.h, skb, 4);
	kt_skb_write(T.h, skb, 0, "abcd", 4);
	c = kt_skb_clone(T.h, skb);
	ck_assert(c != NULL && c != skb);
	G(skb, g);
	G(c, gc);
	kmt_step("both heads are marked cloned; one data buffer with dataref 2");
	ck_assert_uint_eq(g.cloned, 1);
	ck_assert_uint_eq(gc.cloned, 1);
	ck_assert_uint_eq(g.dataref, 2);
	ck_assert_uint_eq(gc.dataref, 2);
	ck_assert_uint_eq(g.users, 1);
	ck_assert_uint_eq(gc.users, 1);
	ck_assert_uint_eq(gc.len, 4);
	ck_assert_uint_ne(g.id, gc.id);
	kmt_step("a write through one is seen through the other");
	kt_skb_write(T.h, skb, 1, "X", 1);
	kt_skb_read(T.h, c, 0, buf, 4);
	ck_assert(!memcmp(buf, "aXcd", 4));
	kmt_step("freeing the original leaves the clone's data alive");
	kt_kfree_skb(T.h, skb);
	G(c, gc);
	ck_assert_uint_eq(gc.dataref, 1);
	kt_skb_read(T.h, c, 0, buf, 4);
	ck_assert(!memcmp(buf, "aXcd", 4));
	kt_kfree_skb(T.h, c);
}
END_TEST

START_TEST(test_fclone_uses_its_companion_and_skb_get_adds_a_user)
{
	struct kt_skb_geom g, gc;
	void *skb = kt_skb_alloc(T.h, 64, 1), *c;

	G(skb, g);
	ck_assert_uint_eq(g.fclone, 1);	/* SKB_FCLONE_ORIG */
	c = kt_skb_clone(T.h, skb);
	G(c, gc);
	ck_assert_uint_eq(gc.fclone, 2);	/* SKB_FCLONE_CLONE */
	kt_skb_get(T.h, skb);
	G(skb, g);
	ck_assert_uint_eq(g.users, 2);
	kt_kfree_skb(T.h, skb);
	kt_kfree_skb(T.h, skb);
	kt_kfree_skb(T.h, c);
}
END_TEST

START_TEST(test_queue_is_fifo_and_purge_frees_everything)
{
	void *q = kt_queue_new(T.h);
	void *a = kt_skb_alloc(T.h, 10, 0), *b = kt_skb_alloc(T.h, 10, 0);
	void *c = kt_skb_alloc(T.h, 10, 0);

	kt_queue_tail(T.h, q, a);
	kt_queue_tail(T.h, q, b);
	kt_queue_head(T.h, q, c);
	ck_assert_uint_eq(kt_queue_len(T.h, q), 3);
	ck_assert_ptr_eq(kt_dequeue(T.h, q), c);
	ck_assert_ptr_eq(kt_dequeue(T.h, q), a);
	ck_assert_uint_eq(kt_queue_len(T.h, q), 1);
	kt_kfree_skb(T.h, c);
	kt_kfree_skb(T.h, a);
	kt_queue_purge_free(T.h, q);
}
END_TEST

/* Every byte of p[0..len) is v; else fail naming the first that is not. */
static void assert_bytes(const void *p, unsigned int len, unsigned char v, const char *what)
{
	const unsigned char *b = p;
	unsigned int i;

	for (i = 0; i < len; i++)
		ck_assert_msg(b[i] == v, "[%s] %s: byte %u: expected 0x%02x, got 0x%02x",
			      T.step, what, i, v, b[i]);
}

#if defined(__SANITIZE_ADDRESS__)
#define KT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KT_ASAN 1
#endif
#endif
#ifndef KT_ASAN
#define KT_ASAN 0
#endif

/*
 * The slab keeps freed blocks for reuse (runtime/slab.c, KM_SLAB_KEEP):
 * a reused block must look exactly like a fresh one, poisoned with 0x5a
 * or zeroed with __GFP_ZERO, never showing what the last owner wrote.
 * Under ASan nothing is kept, so that use after free is still caught.
 */
START_TEST(test_freed_memory_comes_back_poisoned_or_zeroed)
{
	void *p, *q, *c, *a, *b;

	kmt_step("1. kmalloc(100), scribbled on, freed, kmalloc(100) again: poison");
	p = kt_kmalloc(T.h, 100, 0);
	assert_bytes(p, 100, 0x5a, "fresh kmalloc");
	memset(p, 0xab, 100);
	kt_kfree(T.h, p);
	q = kt_kmalloc(T.h, 100, 0);
	ck_assert_msg(KT_ASAN ? 1 : q == p,
		      "[%s] expected the freed block to be reused", T.step);
	assert_bytes(q, 100, 0x5a, "reused kmalloc");
	kmt_step("2. freed again, kzalloc(100): zeroes");
	memset(q, 0xab, 100);
	kt_kfree(T.h, q);
	p = kt_kmalloc(T.h, 100, 1);
	assert_bytes(p, 128, 0x00, "reused kzalloc");
	kt_kfree(T.h, p);
	kmt_step("3. a kmem_cache: the same rules");
	c = kt_cache_new(T.h, 200);
	a = kt_cache_alloc(T.h, c, 0);
	memset(a, 0xcd, 200);
	kt_cache_free(T.h, c, a);
	b = kt_cache_alloc(T.h, c, 1);
	ck_assert_msg(KT_ASAN ? 1 : a == b,
		      "[%s] expected the freed object to be reused", T.step);
	assert_bytes(b, 200, 0x00, "reused zeroed cache object");
	memset(b, 0xcd, 200);
	kt_cache_free(T.h, c, b);
	a = kt_cache_alloc(T.h, c, 0);
	assert_bytes(a, 200, 0x5a, "reused cache object");
	kt_cache_free(T.h, c, a);
}
END_TEST

static jmp_buf bug_jb;

static void expect_bug(void *skb, int push, unsigned int len, const char *what)
{
	struct kt_skb_geom before, after;
	const char *msg;

	G(skb, before);
	km_host_set_bug_jmp(T.h, &bug_jb);
	if (setjmp(bug_jb) == 0) {
		if (push)
			kt_skb_push(T.h, skb, len);
		else
			kt_skb_put(T.h, skb, len);
		km_host_set_bug_jmp(T.h, NULL);
		ck_abort_msg("[%s] no BUG() for an out-of-bounds %s of %u", T.step,
			     push ? "push" : "put", len);
	}
	kt_bug_recover(T.h);
	msg = km_host_bug_message(T.h);
	ck_assert_msg(strstr(msg, what) != NULL, "[%s] report: %s", T.step, msg);
	ck_assert_msg(strstr(msg, "skb#") != NULL, "[%s] report does not name the skb: %s", T.step, msg);
	km_host_set_bug_jmp(T.h, NULL);
	G(skb, after);
	ck_assert_msg(!memcmp(&before, &after, sizeof(before)),
		      "[%s] the skb changed although the operation was refused", T.step);
}

START_TEST(test_push_past_head_and_put_past_end_are_reported)
{
	void *skb = kt_skb_alloc(T.h, 64, 0);
	struct kt_skb_geom g;

	kt_skb_reserve(T.h, skb, 16);
	G(skb, g);
	kmt_step("push 17 into a headroom of 16: skb_under_panic");
	expect_bug(skb, 1, 17, "skb_under_panic");
	kmt_step("put one byte more than the tailroom: skb_over_panic");
	expect_bug(skb, 0, g.tailroom + 1, "skb_over_panic");
	kmt_step("a wrapping length: skb_over_panic");
	expect_bug(skb, 0, 0xffffffffu, "skb_over_panic");
	kt_kfree_skb(T.h, skb);
	/* the BUG was logged; it is expected here */
}
END_TEST

static Suite *skb_suite(void)
{
	Suite *s = suite_create("skb");
	TCase *tc = tcase_create("skb");

	tcase_add_checked_fixture(tc, kmt_setup_one, kmt_teardown);
	tcase_add_test(tc, test_alloc_skb_is_empty_with_all_room_at_the_tail);
	tcase_add_test(tc, test_reserve_put_push_pull_keep_the_invariants);
	tcase_add_test(tc, test_clone_shares_data_and_counts_references);
	tcase_add_test(tc, test_fclone_uses_its_companion_and_skb_get_adds_a_user);
	tcase_add_test(tc, test_queue_is_fifo_and_purge_frees_everything);
	tcase_add_test(tc, test_push_past_head_and_put_past_end_are_reported);
	tcase_add_test(tc, test_freed_memory_comes_back_poisoned_or_zeroed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(skb_suite());
}
