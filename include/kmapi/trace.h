/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: the step tracer's event stream.
 *
 * Every mirrored function reports entry and exit, and its significant
 * statements are step points carrying our file:line, the Linux 5.0.1
 * file:line they mirror and one sentence on what the kernel does there.
 * Consumers (the text and JSON sinks, the visualizer, tests) subscribe to a
 * world's tracer and receive `struct km_event`s in order. With no consumer
 * nothing is recorded, and the points cost a 5-byte NOP at each function
 * entry in the twin build, a flag test each in one-copy builds (TWIN=0,
 * sanitizers): docs/architecture.md, "Step points at no cost".
 *
 * This header uses plain C types only, so it is safe to include from code
 * that also uses the C library (the CLI, the visualizer, tests).
 */
#ifndef _KMAPI_TRACE_H
#define _KMAPI_TRACE_H

#include <stddef.h>
#include <stdbool.h>

/* A place in the mirror: static and read-only, one per trace point. */
struct km_site {
	const char *func;	/* mirrored function, e.g. "tcp_v4_connect" */
	const char *file;	/* our source file (as compiled) */
	int line;		/* our line */
	const char *linux_ref;	/* "net/ipv4/tcp_ipv4.c:278" in Linux 5.0.1 */
	const char *text;	/* what the kernel does here, in one sentence */
	/*
	 * A step written with a bare line, KM_STEP(278, ...), cites the file
	 * of its function's KM_FUNC: in the source site linux_ref is NULL and
	 * these two say where; the tracer hands consumers a copy whose
	 * linux_ref is the whole "file:line", so they never see the short form
	 * (one copy per step and world, alive as long as the world).
	 */
	const struct km_site *fn;
	int linux_line;
};

enum km_ev_type {
	KM_EV_ENTER,		/* a mirrored function was called */
	KM_EV_EXIT,		/* ... and returned (ret set if known) */
	KM_EV_STEP,		/* a significant statement is about to run */
	KM_EV_PACKET,		/* a frame left or reached a device */
	KM_EV_OBJ_NEW,		/* a traced object came to life */
	KM_EV_OBJ_FREE,		/* ... and was freed */
	KM_EV_SCHED,		/* a task slept, woke, or a syscall began/ended */
	KM_EV_NOTE,		/* runtime remark: clock jump, drop, warning */
	KM_EV__COUNT
};

enum km_ctx_kind {
	KM_CTX_PROCESS,		/* a task inside a system call */
	KM_CTX_SOFTIRQ,		/* NET_RX and other softirqs */
	KM_CTX_TIMER,		/* a timer callback (from TIMER_SOFTIRQ) */
	KM_CTX_IRQ,		/* a device delivering a frame */
	KM_CTX_IDLE,		/* the world itself, between events */
};

/* Kinds of traced objects; each has a field table (kmapi/fields.h). */
enum km_obj_kind {
	KM_OBJ_NONE = 0,
	KM_OBJ_SOCKET,		/* struct socket */
	KM_OBJ_TCP_SOCK,	/* struct tcp_sock (sock_common .. tcp_sock) */
	KM_OBJ_UDP_SOCK,	/* struct udp_sock */
	KM_OBJ_RAW_SOCK,	/* struct raw_sock */
	KM_OBJ_PING_SOCK,	/* struct ping_sock (inet_sock) */
	KM_OBJ_REQSK,		/* struct tcp_request_sock */
	KM_OBJ_SKB,		/* struct sk_buff */
	KM_OBJ_TW,		/* struct tcp_timewait_sock */
	KM_OBJ__COUNT
};

/* One changed field: raw values; kmapi/fields.h decodes them for display. */
struct km_diff {
	int obj_kind;		/* enum km_obj_kind */
	unsigned int obj_id;	/* the id in "sock#3" */
	int field;		/* index into the kind's field table */
	unsigned long long oldv, newv;
	int is_new;		/* object just appeared: oldv meaningless */
	/* For blob fields (an skb's bytes): the new content. */
	const unsigned char *blob;
	unsigned int blob_len;
};

enum km_sched_what {
	KM_SCHED_SYSCALL_ENTER,
	KM_SCHED_SYSCALL_EXIT,
	KM_SCHED_SLEEP,
	KM_SCHED_WAKE,
	KM_SCHED_SIGNAL,
};

/* What an EXIT's ret holds, so it can be shown decoded. */
enum km_ret_kind {
	KM_RETK_INT = 0,	/* an integer or a negative errno */
	KM_RETK_OBJ = 1,	/* a pointer: ret_obj_kind/ret_obj_id, or NULL */
	KM_RETK_VOID = 2,	/* nothing known */
	KM_RETK_IN_ADDR = 3,	/* an IPv4 address, network byte order */
	KM_RETK_TIMEO = 4,	/* a timeout in jiffies (MAX_SCHEDULE_TIMEOUT) */
	KM_RETK_NUM = 5,	/* a number, never an errno (-1: "no") */
};

struct km_event {
	unsigned long long seq;		/* global order within the world */
	long long time_ns;		/* world clock */
	int host_id;
	const char *host;		/* "client", "server" */
	int ctx;			/* enum km_ctx_kind */
	int pid;
	const char *comm;
	int depth;			/* call depth on this stack */
	int type;			/* enum km_ev_type */
	const struct km_site *site;	/* ENTER/EXIT/STEP; NULL otherwise */

	long long ret;			/* EXIT */
	int has_ret;
	int ret_kind;			/* enum km_ret_kind */
	int ret_obj_kind;
	unsigned int ret_obj_id;

	const struct km_diff *diffs;	/* fields changed since the last event */
	int ndiffs;

	/* PACKET */
	const unsigned char *pkt;
	unsigned int pkt_len;
	const char *dev;
	int dir;			/* 0 transmitted by this host, 1 received */
	unsigned int skb_id;

	/* OBJ_NEW / OBJ_FREE */
	int obj_kind;
	unsigned int obj_id;

	/* SCHED */
	int sched_what;			/* enum km_sched_what */
	long sched_arg;			/* syscall nr, result, or signal */

	/* NOTE, and the syscall name for SCHED */
	const char *note;

	/* The call stack at this event, outermost first. */
	const struct km_site *const *stack;
	int stack_depth;
};

struct km_world;

typedef void (*km_event_fn)(void *ctx, const struct km_event *ev);

/*
 * Subscribe a consumer; returns a handle >= 0, or a negative errno: -ENOSPC
 * when the table is full, or the reason tracing cannot be enabled in this
 * build (kmapi/ftrace.h; already explained on stderr).
 */
int km_trace_subscribe(struct km_world *w, km_event_fn fn, void *ctx);
void km_trace_unsubscribe(struct km_world *w, int handle);
/* A remark from the program driving the world (a packetdrill script's line,
 * a test's comment): consumers get it as a KM_EV_NOTE at the current time. */
void km_trace_remark(struct km_world *w, const char *text);

const char *km_ev_type_name(int type);
const char *km_ctx_name(int ctx);
const char *km_obj_kind_prefix(int kind);	/* "sock", "skb", ... */
const char *km_errno_name(long err);		/* 111 -> "ECONNREFUSED" */
/*
 * A non-pointer return value in words: "-111 (ECONNREFUSED)", "10.0.0.1",
 * "MAX_SCHEDULE_TIMEOUT", "42". Returns buf.
 */
const char *km_ret_str(long long ret, int ret_kind, char *buf, size_t len);
/* The errno a returned integer stands for ("ECONNREFUSED"), or NULL: not
 * negative, not a known errno, or from a function whose -1 is "no". */
const char *km_ret_errno(long long ret, int ret_kind);
const char *km_syscall_name(long nr);

#endif
