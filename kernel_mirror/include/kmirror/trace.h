/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the trace points used inside the mirrored code.
 *
 *   int tcp_v4_connect(struct sock *sk, ...)
 *   {
 *           KM_FUNC("net/ipv4/tcp_ipv4.c:202", "Start an active open ...");
 *           ...
 *           KM_STEP("net/ipv4/tcp_ipv4.c:278",
 *                   "Enter SYN_SENT before a source port is chosen.");
 *           tcp_set_state(sk, TCP_SYN_SENT);
 *           ...
 *           return KM_RET(err);
 *   }
 *
 * KM_FUNC reports entry at once and exit automatically when the function's
 * scope ends (a cleanup attribute), whichever return is taken; KM_RET and
 * KM_RETP also record the value returned. KM_STEP marks the statement that
 * follows it. With no consumer subscribed each point is one well-predicted
 * branch on the CPU's trace flag; building with -DKM_NO_TRACE removes them.
 */
#ifndef _KM_TRACE_H
#define _KM_TRACE_H

#include <kmapi/trace.h>
#include <linux/compiler.h>

struct host;

/*
 * The CPU's register file, so to speak: which host this thread is running
 * right now, and whether anyone listens to its tracer. It is the only
 * process-wide variable of the library (thread-local, and it holds no host
 * state); the world loop sets it whenever it switches host.
 */
struct km_cpu {
	struct host	*host;
	int		trace_on;
};
extern _Thread_local struct km_cpu km_cpu;

struct km_guard {
	const struct km_site	*site;	/* NULL when nobody traces */
	long long		ret;
	int			ret_kind;	/* -1 none, 0 int, 1 pointer */
};

struct km_guard km_trace_enter_slow(const struct km_site *site);
void km_trace_exit_slow(struct km_guard *g);
void km_trace_step_slow(const struct km_site *site);
void km_trace_note(const char *fmt, ...) __printf(1, 2);

static __always_inline struct km_guard km_trace_enter(const struct km_site *site)
{
	if (likely(!km_cpu.trace_on)) {
		struct km_guard g = { NULL, 0, -1 };
		return g;
	}
	return km_trace_enter_slow(site);
}

static __always_inline void km_trace_exit(struct km_guard *g)
{
	if (unlikely(g->site != NULL))
		km_trace_exit_slow(g);
}

#ifndef KM_NO_TRACE

#define KM_FUNC(linux_ref, text)					\
	static const struct km_site __km_fsite = {			\
		__func__, __FILE__, __LINE__, linux_ref, text };	\
	struct km_guard __km_guard __attribute__((cleanup(km_trace_exit), unused)) = \
		km_trace_enter(&__km_fsite)

#define KM_STEP(linux_ref, text) do {					\
	static const struct km_site __km_ssite = {			\
		__func__, __FILE__, __LINE__, linux_ref, text };	\
	if (unlikely(km_cpu.trace_on))					\
		km_trace_step_slow(&__km_ssite);			\
} while (0)

#define KM_RET(x) ({							\
	__typeof__(x) __km_r = (x);					\
	if (unlikely(__km_guard.site != NULL)) {			\
		__km_guard.ret = (long long)__km_r;			\
		__km_guard.ret_kind = 0;				\
	}								\
	__km_r; })

#define KM_RETP(x) ({							\
	__typeof__(x) __km_r = (x);					\
	if (unlikely(__km_guard.site != NULL)) {			\
		__km_guard.ret = (long long)(unsigned long)__km_r;	\
		__km_guard.ret_kind = 1;				\
	}								\
	__km_r; })

#define KM_TRACING()	unlikely(km_cpu.trace_on)

#else /* KM_NO_TRACE: the points vanish (the bench compares both builds). */

#define KM_FUNC(linux_ref, text)	do { } while (0)
#define KM_STEP(linux_ref, text)	do { } while (0)
#define KM_RET(x)			(x)
#define KM_RETP(x)			(x)
#define KM_TRACING()			0

#endif

#endif
