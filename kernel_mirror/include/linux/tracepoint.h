/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: tracepoints (Linux: include/linux/tracepoint.h), reduced to what
 * the mirror needs.
 *
 * A header under include/trace/events/ declares a point once:
 *
 *   DECLARE_TRACE(netif_rx_entry,
 *           TP_PROTO(const struct sk_buff *skb),
 *           TP_ARGS(skb));
 *
 * and gets trace_netif_rx_entry(skb), which the mirrored code calls at the
 * spot Linux does, plus register_trace_netif_rx_entry(h, probe, data) and
 * unregister_trace_netif_rx_entry(h, probe, data) for an observer (the
 * tracer). The code that calls trace_<name>() knows nothing of who, if
 * anyone, listens.
 *
 * Differences from Linux: the probes live in the host (struct host's
 * tracepoints[], one probe per point and host) rather than in a global
 * struct tracepoint, as every Linux static is per host here; and the
 * disabled point is a load and a predictable branch, not a static key.
 */
#ifndef _KM_LINUX_TRACEPOINT_H
#define _KM_LINUX_TRACEPOINT_H

#include <linux/compiler.h>

struct host;

/* One registered probe: its function (void (*)(void *data, proto...)) and
 * the data it is called with. */
struct tracepoint_func {
	void	(*func)(void);
	void	*data;
};

/* Every point of the mirror; struct host keeps a probe per point. */
enum km_tracepoint {
	KM_TP_net_dev_start_xmit,	/* trace/events/net.h */
	KM_TP_netif_rx_entry,
	KM_TP_sys_enter,		/* trace/events/syscalls.h */
	KM_TP_sys_exit,
	KM_TP__COUNT
};

/* runtime/host.c: 0, or -EBUSY (the point has a probe already) or
 * -ENOENT (this probe is not the one registered). */
int km_tracepoint_register(struct host *h, int tp, void (*func)(void),
			   void *data);
int km_tracepoint_unregister(struct host *h, int tp, void (*func)(void),
			     void *data);

#define TP_PROTO(...)	__VA_ARGS__
#define TP_ARGS(...)	__VA_ARGS__

/*
 * The including header must have declared km_host() and struct host
 * (kmirror/host.h): trace_<name>() reads the running host's probe.
 */
#define DECLARE_TRACE(name, proto, args)				\
	static inline void trace_##name(proto)				\
	{								\
		struct tracepoint_func *__tp =				\
			&km_host()->tracepoints[KM_TP_##name];		\
									\
		if (unlikely(__tp->func != NULL))			\
			((void (*)(void *, proto))__tp->func)(__tp->data, args); \
	}								\
	static inline int register_trace_##name(struct host *h,	\
				void (*probe)(void *, proto), void *data) \
	{								\
		return km_tracepoint_register(h, KM_TP_##name,		\
					      (void (*)(void))probe, data);	\
	}								\
	static inline int unregister_trace_##name(struct host *h,	\
				void (*probe)(void *, proto), void *data) \
	{								\
		return km_tracepoint_unregister(h, KM_TP_##name,	\
						(void (*)(void))probe, data);	\
	}

#endif
