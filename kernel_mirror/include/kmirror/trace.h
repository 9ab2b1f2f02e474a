/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the trace points used inside the mirrored code.
 *
 *   int tcp_v4_connect(struct sock *sk, ...)
 *   {
 *           KM_FUNC("net/ipv4/tcp_ipv4.c:202", "Start an active open ...");
 *           ...
 *           KM_STEP(278, "Enter SYN_SENT before a source port is chosen.");
 *           tcp_set_state(sk, TCP_SYN_SENT);
 *           ...
 *           return err;
 *   }
 *
 * A step on a condition asks it and reports the answer:
 *
 *           if (KM_STEP_IF(680, "Is the socket non-blocking (no time to wait)?",
 *                          !timeo))
 *
 * shows "... (no time to wait)? Yes." or "... No." and yields the
 * condition's value.
 *
 * A step's citation is a bare Linux line in the file its function's
 * KM_FUNC cites; a step inside a function mirroring code from another file
 * (an inlined helper) names the file: KM_STEP("net/ipv4/fib_trie.c:1460", ..).
 *
 * KM_FUNC reports entry at once and exit automatically when the function's
 * scope ends (a cleanup attribute), whichever return is taken. The value
 * returned is reported by KM_RET, which the mirrored code does not write
 * (kmirror's own macros, SYSCALL_DEFINE, do): the build
 * compiles each traced file from a copy in which scripts/km-returns.pl has
 * turned every `return EXPR;` after a KM_FUNC into `return KM_RET(EXPR);`
 * (same lines, same file name), so the source keeps the kernel's
 * `return err;`. KM_STEP marks the
 * statement that follows it; it must sit in a function with KM_FUNC, and
 * reports only if that function was entered while a consumer listened.
 *
 * Cost with no consumer: none to speak of. The twin build (kmapi/ftrace.h)
 * runs a copy compiled with -DKM_NO_TRACE until a consumer subscribes, and
 * then this copy, where KM_FUNC reads the CPU's trace flag once and keeps
 * the answer (the function's __km_guard) in a register; steps, returns
 * and the scope exit test that register. `make bench` compares with a
 * build where -DKM_NO_TRACE removes every point.
 */
#ifndef _KM_TRACE_H
#define _KM_TRACE_H

#include <kmapi/trace.h>
#include <linux/compiler.h>

struct host;

/*
 * The CPU's register file, so to speak: which host this thread is running
 * right now, and whether anyone listens to its tracer. With the twin
 * build's patch state (kmapi/ftrace.h) it is one of the two process-wide
 * variables of the library (thread-local, and it holds no host state);
 * the world loop sets it whenever it switches host.
 */
struct km_cpu {
	struct host	*host;
	int		trace_on;
};
extern _Thread_local struct km_cpu km_cpu;

/*
 * The slow paths, taken only while a consumer listens. enter returns the
 * site (kept in the function's __km_guard); exit reports the return value
 * (ret_kind: enum km_ret_kind; -1: none known).
 */
const struct km_site *km_trace_enter_slow(const struct km_site *site);
void km_trace_exit_slow(const struct km_site *site, long long ret, int ret_kind);
void km_trace_step_slow(const struct km_site *site);
void km_trace_note(const char *fmt, ...) __printf(1, 2);

/* Scope exit of a traced function that returned without KM_RET. */
static __always_inline void km_trace_exit(const struct km_site *const *g)
{
	if (unlikely(*g != NULL))
		km_trace_exit_slow(*g, 0, -1);
}

#ifndef KM_NO_TRACE

#define KM_FUNC(linux_ref, text)					\
	static const struct km_site __km_fsite = {			\
		__func__, __FILE__, __LINE__, linux_ref, text, NULL, 0 };	\
	const struct km_site *__km_guard				\
		__attribute__((cleanup(km_trace_exit), unused)) =	\
		unlikely(km_cpu.trace_on) ? km_trace_enter_slow(&__km_fsite) : NULL

/*
 * The citation of a step: a string "file:line" stands as it is; a bare
 * line borrows the file of the function's KM_FUNC (resolved by the tracer
 * on the slow path, so the site stays read-only data).
 */
#define __KM_SITE(ref, text)						\
	{ __func__, __FILE__, __LINE__,					\
	  _Generic((ref), int: (const char *)0, default: (ref)), text,	\
	  &__km_fsite, _Generic((ref), int: (ref), default: 0) }

#define KM_STEP(linux_ref, text) do {					\
	static const struct km_site __km_ssite =			\
		__KM_SITE(linux_ref, text);				\
	if (unlikely(__km_guard != NULL))				\
		km_trace_step_slow(&__km_ssite);			\
} while (0)

#define KM_STEP_IF(linux_ref, text, cond) ({			\
	static const struct km_site __km_ysite =			\
		__KM_SITE(linux_ref, text " Yes.");			\
	static const struct km_site __km_nsite =			\
		__KM_SITE(linux_ref, text " No.");			\
	bool __km_c = (cond);						\
	if (unlikely(__km_guard != NULL))				\
		km_trace_step_slow(__km_c ? &__km_ysite : &__km_nsite);	\
	__km_c; })

/*
 * The exit with the value returned (inserted by scripts/km-returns.pl):
 * an integer or errno, or for a pointer the object it points to, the kind
 * being the expression's type class, known at compile time. A structure
 * (kuid_t) is reported as an exit without a value.
 */
#define __KM_RET_CLASS(x)	__builtin_classify_type(x)
#define __KM_RET_KIND(x)	(__KM_RET_CLASS(x) == 5 ? KM_RETK_OBJ :	\
				 __KM_RET_CLASS(x) >= 12 ? -1 : KM_RETK_INT)
#define KM_RET(x) ({							\
	__typeof__(x) __km_r = (x);					\
	if (unlikely(__km_guard != NULL)) {				\
		km_trace_exit_slow(__km_guard, (long long)(unsigned long) \
			__builtin_choose_expr(__KM_RET_CLASS(__km_r) >= 12, \
					      0UL, __km_r),		\
			__KM_RET_KIND(__km_r));				\
		__km_guard = NULL;					\
	}								\
	__km_r; })

#define KM_TRACING()	unlikely(km_cpu.trace_on)

#else /* KM_NO_TRACE: the points vanish (the bench compares both builds). */

#define KM_FUNC(linux_ref, text)	do { } while (0)
#define KM_STEP(linux_ref, text)	do { } while (0)
#define KM_STEP_IF(linux_ref, text, cond)	((bool)(cond))
#define KM_RET(x)			(x)
#define KM_TRACING()			0

#endif

#endif
