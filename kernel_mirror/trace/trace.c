// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror tracer: the event bus behind KM_FUNC/KM_STEP.
 *
 * For each event it records where it happened (host, execution context,
 * task, call stack) and which fields of the traced objects changed since
 * the previous event of that host. Objects are snapshotted by value, with
 * pointers already turned into ids, so consumers never see an address and
 * may keep what they receive.
 *
 * Nothing here runs unless a consumer is subscribed: the trace points test
 * km_cpu.trace_on first (kmirror/trace.h).
 */
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/interrupt.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <net/sock.h>
#include <kmirror/host.h>
#include <kmirror/world.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmirror/fields.h>
#include <kmirror/trace.h>
#include <asm/ptrace.h>
#include <trace/events/net.h>
#include <trace/events/syscalls.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include <kmapi/ftrace.h>

#define KM_MAX_SUBS	8
#define KM_BLOB_MAX	65536

struct km_sub {
	km_event_fn	fn;
	void		*ctx;
};

struct km_tracer {
	struct km_sub		subs[KM_MAX_SUBS];
	int			nsubs;
	unsigned long long	seq;
	struct km_diff		*diffs;
	int			ndiffs;
	int			cap;
	int			in_emit;	/* no events from inside a consumer */
	/* blobs referenced by the current event's diffs */
	unsigned char		*blobbuf;
	size_t			bloblen, blobcap;
	const struct km_site	*stackbuf[KM_MAX_DEPTH];
	char			note[256];
	/* per kind, per field: the bytes it is read from (probed once) */
	struct km_fbytes	*fbytes[KM_OBJ__COUNT];
	/* steps cited by bare line, with their file filled in (see below) */
	struct km_fullsite	**full;
	unsigned int		nfull, fullcap;	/* open addressing, 2^n */
};

/* A short-form step's site as consumers see it: linux_ref "file:line". */
struct km_fullsite {
	const struct km_site	*key;
	struct km_site		site;
	char			ref[80];
};

struct km_fbytes {
	unsigned int	first, last;
	bool		known;
};

/* One object's values as of the last event. */
struct km_snap {
	int		kind;
	int		nvals;
	u64		*vals;
	unsigned char	*blob;
	unsigned int	blob_len;
	bool		announced;	/* initial values already sent */
};

void km_tracer_init(struct km_world *w)
{
	w->tracer = km_plat_alloc(sizeof(*w->tracer));
}

static void snap_free(struct km_snap *s)
{
	if (!s)
		return;
	km_plat_free(s->vals);
	km_plat_free(s->blob);
	km_plat_free(s);
}

void km_trace_forget(struct km_obj *o)
{
	snap_free(o->snap);
	o->snap = NULL;
}

void km_trace_host_free(struct host *h)
{
	struct km_obj *o;

	if (!h->mem.live)
		return;
	list_for_each_entry(o, km_obj_list(h), node) {
		snap_free(o->snap);
		o->snap = NULL;
	}
}

void km_tracer_destroy(struct km_world *w)
{
	struct km_tracer *tr = w->tracer;

	if (tr->nsubs)
		km_ftrace_put();
	km_plat_free(tr->diffs);
	km_plat_free(tr->blobbuf);
	for (int k = 0; k < KM_OBJ__COUNT; k++)
		km_plat_free(tr->fbytes[k]);
	for (unsigned int i = 0; i < tr->fullcap; i++)
		km_plat_free(tr->full[i]);
	km_plat_free(tr->full);
	km_plat_free(tr);
	w->tracer = NULL;
}

int km_world_tracing(const struct km_world *w)
{
	return w->tracer && w->tracer->nsubs > 0;
}

static void probe_net_dev_start_xmit(void *data, const struct sk_buff *skb,
				     const struct net_device *dev);
static void probe_netif_rx_entry(void *data, const struct sk_buff *skb);
static void probe_sys_enter(void *data, struct pt_regs *regs, long id);
static void probe_sys_exit(void *data, struct pt_regs *regs, long ret);

/* The tracer's probes on a host's tracepoints, in place while it traces. */
static void host_probes(struct host *h, int on)
{
	if (on) {
		register_trace_net_dev_start_xmit(h, probe_net_dev_start_xmit, h);
		register_trace_netif_rx_entry(h, probe_netif_rx_entry, h);
		register_trace_sys_enter(h, probe_sys_enter, h);
		register_trace_sys_exit(h, probe_sys_exit, h);
	} else {
		unregister_trace_net_dev_start_xmit(h, probe_net_dev_start_xmit, h);
		unregister_trace_netif_rx_entry(h, probe_netif_rx_entry, h);
		unregister_trace_sys_enter(h, probe_sys_enter, h);
		unregister_trace_sys_exit(h, probe_sys_exit, h);
	}
}

void km_tracer_update_hosts(struct km_world *w)
{
	struct host *h;
	int on = km_world_tracing(w);

	list_for_each_entry(h, &w->hosts, world_node) {
		h->trace_on = on;
		host_probes(h, on);
	}
	if (km_cpu.host)
		km_cpu.trace_on = km_cpu.host->trace_on;
}

static void snap_object(struct km_tracer *tr, struct host *h, struct km_obj *o,
			bool quiet);

/* Objects alive when tracing starts are the baseline, not news. */
static void snapshot_quietly(struct km_world *w)
{
	struct host *h;
	struct km_obj *o;

	list_for_each_entry(h, &w->hosts, world_node)
		list_for_each_entry(o, km_obj_list(h), node)
			if (o->kind)
				snap_object(w->tracer, h, o, true);
}

int km_trace_subscribe(struct km_world *w, km_event_fn fn, void *ctx)
{
	struct km_tracer *tr = w->tracer;
	int i;

	for (i = 0; i < KM_MAX_SUBS && tr->subs[i].fn; i++)
		;
	if (i == KM_MAX_SUBS)
		return -ENOSPC;
	if (!tr->nsubs) {
		/* The first listener in this world: the traced twins take
		 * over (a no-op for other worlds already listening). */
		int err = km_ftrace_get();

		if (err < 0)
			return err;
		snapshot_quietly(w);
	}

	for (i = 0; i < KM_MAX_SUBS; i++) {
		if (!tr->subs[i].fn) {
			tr->subs[i].fn = fn;
			tr->subs[i].ctx = ctx;
			tr->nsubs++;
			km_tracer_update_hosts(w);
			return i;
		}
	}
	return -1;
}

void km_trace_unsubscribe(struct km_world *w, int handle)
{
	struct km_tracer *tr = w->tracer;

	if (handle < 0 || handle >= KM_MAX_SUBS || !tr->subs[handle].fn)
		return;
	tr->subs[handle].fn = NULL;
	tr->nsubs--;
	km_tracer_update_hosts(w);
	if (!tr->nsubs)
		km_ftrace_put();
}

/* ---- snapshots ---- */

static const char unknown_sym[] = "(unknown function)";

/* 16-, 32- or 64-bit slab poison (8-bit values are too ambiguous). */
static bool is_poison(u64 v)
{
	return v == 0x5a5aULL || v == 0x5a5a5a5aULL || v == KM_VAL_UNINIT;
}

/*
 * Is the field still as the slab left it? Bitfields and 8-bit members are
 * too small for is_poison (an 8-bit 0x5a is a plausible value): look at the
 * bytes they are read from instead, which hold nothing but poison until
 * the first store into them.
 */
static bool field_poisoned(struct km_tracer *tr, int kind, int idx, const void *obj)
{
	const unsigned char *b = obj;
	struct km_fbytes *fb;
	unsigned int i;

	if (kind <= 0 || kind >= KM_OBJ__COUNT || !km_obj_kind_size(kind))
		return false;
	if (!tr->fbytes[kind]) {
		int n = km_fields_count(kind);
		unsigned char *tmpl = km_plat_alloc(km_obj_kind_size(kind));

		tr->fbytes[kind] = km_plat_alloc(n * sizeof(struct km_fbytes));
		for (i = 0; i < (unsigned int)n; i++) {
			fb = &tr->fbytes[kind][i];
			fb->known = km_field_bytes(kind, (int)i, tmpl, &fb->first, &fb->last);
		}
		km_plat_free(tmpl);
	}
	fb = &tr->fbytes[kind][idx];
	if (!fb->known)
		return false;
	for (i = fb->first; i <= fb->last; i++)
		if (b[i] != 0x5a)
			return false;
	return true;
}

static u64 snap_value(struct host *h, int kind, int idx, const void *obj)
{
	const struct km_field_info *f = km_field(kind, idx);
	u64 v = km_field_get_raw(kind, idx, obj);

	if (is_poison(v) && f->fmt != KM_FMT_BLOB)
		return KM_VAL_UNINIT;

	if (f->fmt == KM_FMT_PTR) {
		struct km_obj *o;

		if (!v)
			return 0;
		o = km_obj_lookup(h, (const void *)(unsigned long)v);
		if (o && o->cls != KM_ID_NONE)
			return KM_PTRV(o->cls, o->id);
		/* an skb embedded in a tracked fclone pair, a timewait ... */
		return KM_PTRV_OTHER;
	}
	if (f->fmt == KM_FMT_SYM) {
		const char *name;

		if (!v)
			return 0;
		name = km_sym_name((const void *)(unsigned long)v);
		return (u64)(unsigned long)(name ? name : unknown_sym);
	}
	if (f->fmt == KM_FMT_BLOB) {
		const struct sk_buff *skb = obj;

		return skb->tail >= (unsigned int)(skb->data - skb->head) ?
			skb->tail - (skb->data - skb->head) : 0;
	}
	return v;
}

static void diff_push(struct km_tracer *tr, const struct km_diff *d)
{
	if (tr->ndiffs == tr->cap) {
		int ncap = tr->cap ? tr->cap * 2 : 256;
		struct km_diff *nd = km_plat_alloc(ncap * sizeof(*nd));

		if (tr->ndiffs)
			memcpy(nd, tr->diffs, tr->ndiffs * sizeof(*nd));
		km_plat_free(tr->diffs);
		tr->diffs = nd;
		tr->cap = ncap;
	}
	tr->diffs[tr->ndiffs++] = *d;
}

/* Keep a copy of blob bytes for the duration of the event. */
static const unsigned char *blob_keep(struct km_tracer *tr, const void *p,
				      unsigned int len)
{
	unsigned char *dst;

	if (tr->bloblen + len > tr->blobcap) {
		size_t ncap = (tr->bloblen + len) * 2 + 1024;
		unsigned char *nb = km_plat_alloc(ncap);

		if (tr->bloblen)
			memcpy(nb, tr->blobbuf, tr->bloblen);
		/* earlier diffs point into the old buffer: rebase them */
		{
			int i;

			for (i = 0; i < tr->ndiffs; i++)
				if (tr->diffs[i].blob)
					tr->diffs[i].blob = nb + (tr->diffs[i].blob - tr->blobbuf);
		}
		km_plat_free(tr->blobbuf);
		tr->blobbuf = nb;
		tr->blobcap = ncap;
	}
	dst = tr->blobbuf + tr->bloblen;
	memcpy(dst, p, len);
	tr->bloblen += len;
	return dst;
}

/*
 * Some getters follow pointers (an skb's head and dev, a sock's queues).
 * A freshly allocated, not yet initialised object holds only slab poison
 * there: recognise it by a field its constructor always sets first. An
 * skb whose buffer is already freed (skb_free_head clears head) counts
 * as uninitialised too: its data must not be read.
 */
static bool object_uninitialised(int kind, const void *obj)
{
	const void *probe;

	switch (kind) {
	case KM_OBJ_SKB:
		probe = ((const struct sk_buff *)obj)->head;
		if (!probe)
			return true;
		break;
	case KM_OBJ_TCP_SOCK:
	case KM_OBJ_UDP_SOCK:
	case KM_OBJ_RAW_SOCK:
	case KM_OBJ_PING_SOCK:
	case KM_OBJ_REQSK:
	case KM_OBJ_TW:
		probe = ((const struct sock *)obj)->sk_prot;
		break;
	default:
		return false;
	}
	return (u64)(unsigned long)probe == KM_VAL_UNINIT;
}

/*
 * Compare an object with its last snapshot and record the changes. An
 * object seen for the first time reports its non-zero, initialised
 * fields as "new" values — unless `quiet` (objects that already existed
 * when tracing started).
 */
static void snap_object(struct km_tracer *tr, struct host *h, struct km_obj *o,
			bool quiet)
{
	struct km_snap *s = o->snap;
	int kind = o->kind, n = km_fields_count(kind), i;
	bool fresh = false;

	if (!s) {
		s = km_plat_alloc(sizeof(*s));
		s->kind = kind;
		s->nvals = n;
		s->vals = km_plat_alloc(n * sizeof(u64));
		o->snap = s;
		fresh = true;
	}
	/*
	 * An skb between kmem_cache_alloc() and __alloc_skb()'s memset holds
	 * only poison; its getters follow pointers (head, dev), so read
	 * nothing until it is initialised.
	 */
	if (object_uninitialised(kind, o->ptr)) {
		for (i = 0; i < n; i++)
			s->vals[i] = KM_VAL_UNINIT;
		return;
	}
	for (i = 0; i < n; i++) {
		u64 v = snap_value(h, kind, i, o->ptr);
		const struct km_field_info *f = km_field(kind, i);
		bool blob_changed = false;

		/* uninitialised until the first store, and only until then */
		if (v != KM_VAL_UNINIT && (fresh || s->vals[i] == KM_VAL_UNINIT) &&
		    field_poisoned(tr, kind, i, o->ptr))
			v = KM_VAL_UNINIT;

		if (f->fmt == KM_FMT_BLOB) {
			const struct sk_buff *skb = o->ptr;
			unsigned int len = (unsigned int)v;

			if (len > KM_BLOB_MAX)
				len = KM_BLOB_MAX;
			if (len != s->blob_len ||
			    (len && memcmp(s->blob, skb->data, len))) {
				km_plat_free(s->blob);
				s->blob = len ? km_plat_alloc(len) : NULL;
				if (len)
					memcpy(s->blob, skb->data, len);
				s->blob_len = len;
				blob_changed = true;
			}
		}
		if (quiet) {
			s->vals[i] = v;
			continue;
		}
		if (fresh ? ((v != 0 && v != KM_VAL_UNINIT) || blob_changed) :
			    (v != s->vals[i] || blob_changed)) {
			struct km_diff d = {
				.obj_kind = kind, .obj_id = o->id, .field = i,
				.oldv = fresh ? 0 : s->vals[i], .newv = v,
				.is_new = fresh,
			};

			if (f->fmt == KM_FMT_BLOB && s->blob_len) {
				d.blob = blob_keep(tr, s->blob, s->blob_len);
				d.blob_len = s->blob_len;
			}
			diff_push(tr, &d);
		}
		s->vals[i] = v;
	}
}

static void compute_diffs(struct km_tracer *tr, struct host *h)
{
	struct km_obj *o;

	list_for_each_entry(o, km_obj_list(h), node) {
		if (o->kind)
			snap_object(tr, h, o, false);
	}
}

/* ---- events ---- */

static int ctx_of(struct host *h)
{
	unsigned long pc = h->preempt_count;

	if (pc & SOFTIRQ_OFFSET)
		return h->in_timer_fn ? KM_CTX_TIMER : KM_CTX_SOFTIRQ;
	if (pc & HARDIRQ_MASK)
		return KM_CTX_IRQ;
	if (h->curtask->km_is_idle)
		return KM_CTX_IDLE;
	return KM_CTX_PROCESS;
}

static void emit(struct km_world *w, struct host *h, struct km_event *ev,
		 bool with_diffs)
{
	struct km_tracer *tr = w->tracer;
	int i;

	if (!tr || !tr->nsubs || tr->in_emit)
		return;
	tr->in_emit = 1;
	tr->ndiffs = 0;
	tr->bloblen = 0;
	ev->seq = ++tr->seq;
	ev->time_ns = w->now;
	if (h) {
		struct task_struct *t = h->curtask;
		struct km_frames *fr = &t->km_frames;
		int d = fr->depth < KM_MAX_DEPTH ? fr->depth : KM_MAX_DEPTH;

		ev->host_id = h->id;
		ev->host = h->name;
		ev->ctx = ctx_of(h);
		ev->pid = t->pid;
		ev->comm = t->comm;
		if (!ev->depth)
			ev->depth = fr->depth;
		for (i = 0; i < d; i++)
			tr->stackbuf[i] = fr->site[i];
		ev->stack = tr->stackbuf;
		ev->stack_depth = d;
		if (with_diffs)
			compute_diffs(tr, h);
	} else {
		ev->host_id = -1;
		ev->host = "";
		ev->ctx = KM_CTX_IDLE;
		ev->comm = "";
	}
	ev->diffs = tr->diffs;
	ev->ndiffs = tr->ndiffs;
	for (i = 0; i < KM_MAX_SUBS; i++)
		if (tr->subs[i].fn)
			tr->subs[i].fn(tr->subs[i].ctx, ev);
	tr->in_emit = 0;
}

const struct km_site *km_trace_enter_slow(const struct km_site *site)
{
	struct host *h = km_host();
	struct km_frames *fr = &h->curtask->km_frames;
	struct km_event ev = { 0 };

	ev.type = KM_EV_ENTER;
	ev.site = site;
	ev.depth = fr->depth;
	emit(h->world, h, &ev, true);
	if (fr->depth < KM_MAX_DEPTH)
		fr->site[fr->depth] = site;
	fr->depth++;
	return site;
}

/*
 * Integers the trace shows decoded, by the function that returns them: the
 * mirrored code returns them as the kernel does (`return timeo;`), and how
 * a value reads is the observer's business, as a field's is (fields.c).
 * A negative integer reads as an errno, except from the functions whose
 * -1 only says "no" (tcp_rcv_synsent_state_process: go on with step 6).
 */
static const struct {
	const char	*func;
	int		kind;
} ret_decoded[] = {
	{ "inet_select_addr",		KM_RETK_IN_ADDR },
	{ "fib_result_prefsrc",		KM_RETK_IN_ADDR },
	{ "wait_woken",			KM_RETK_TIMEO },
	{ "sock_wait_for_wmem",		KM_RETK_TIMEO },
	{ "inet_wait_for_connect",	KM_RETK_TIMEO },
	{ "tcp_rcv_synsent_state_process", KM_RETK_NUM },
	{ "tcp_ack",			KM_RETK_NUM },
	{ "compute_score",		KM_RETK_NUM },
	{ "sock_wake_async",		KM_RETK_NUM },
	{ "inet_add_protocol",		KM_RETK_NUM },
	{ "tcp_v4_send_synack",		KM_RETK_NUM },
	{ "__udp_queue_rcv_skb",	KM_RETK_NUM },
	{ "tcp_xmit_probe_skb",		KM_RETK_NUM },
	{ "tcp_write_wakeup",		KM_RETK_NUM },
};

static int ret_kind_of(const struct km_site *site, int ret_kind)
{
	size_t i;

	if (ret_kind != KM_RETK_INT)
		return ret_kind;
	for (i = 0; i < ARRAY_SIZE(ret_decoded); i++)
		if (!strcmp(site->func, ret_decoded[i].func))
			return ret_decoded[i].kind;
	return ret_kind;
}

void km_trace_exit_slow(const struct km_site *site, long long ret, int ret_kind)
{
	struct host *h = km_host();
	struct km_frames *fr = &h->curtask->km_frames;
	struct km_event ev = { 0 };

	if (fr->depth > 0)
		fr->depth--;
	if (!h->trace_on)
		return;
	ev.type = KM_EV_EXIT;
	ev.site = site;
	ev.depth = fr->depth;
	ret_kind = ret_kind_of(site, ret_kind);
	if (ret_kind == KM_RETK_INT || ret_kind == KM_RETK_IN_ADDR ||
	    ret_kind == KM_RETK_TIMEO || ret_kind == KM_RETK_NUM) {
		ev.has_ret = 1;
		ev.ret = ret;
		ev.ret_kind = ret_kind;
	} else if (ret_kind == 1) {
		const void *p = (const void *)(unsigned long)ret;

		ev.has_ret = 1;
		if (!p) {
			ev.ret_kind = 1;
		} else if ((unsigned long)p >= (unsigned long)-4095) {
			ev.ret = (long)(unsigned long)p;	/* ERR_PTR */
		} else {
			struct km_obj *o = km_obj_lookup(h, p);

			ev.ret_kind = 1;
			if (o && o->kind) {
				ev.ret_obj_kind = o->kind;
				ev.ret_obj_id = o->id;
			} else if (o && o->cls) {
				ev.ret_obj_kind = -(int)o->cls;
				ev.ret_obj_id = o->id;
			} else {
				ev.ret_obj_kind = -1;
			}
		}
	} else {
		ev.ret_kind = 2;
	}
	emit(h->world, h, &ev, true);
}

static unsigned int full_slot(const struct km_fullsite *const *tab,
			      unsigned int cap, const struct km_site *key)
{
	unsigned int i = (unsigned int)(((unsigned long)key >> 4) * 2654435761u);

	for (i &= cap - 1; tab[i] && tab[i]->key != key; i = (i + 1) & (cap - 1))
		;
	return i;
}

/*
 * KM_STEP(278, ...) leaves linux_ref out of its read-only site and points
 * at its function's site instead; the first time such a step reports, the
 * world's tracer makes the full copy ("net/ipv4/tcp_ipv4.c:278") and keeps
 * it, so every consumer gets one stable site per step, as for the others.
 */
static const struct km_site *full_site(struct km_tracer *tr,
				       const struct km_site *site)
{
	struct km_fullsite *f;
	const char *fref = site->fn->linux_ref, *colon = strrchr(fref, ':');
	unsigned int i;

	if (tr->nfull * 2 >= tr->fullcap) {
		unsigned int ncap = tr->fullcap ? tr->fullcap * 2 : 256;
		struct km_fullsite **nt = km_plat_alloc(ncap * sizeof(*nt));

		for (i = 0; i < tr->fullcap; i++)
			if (tr->full[i])
				nt[full_slot((const struct km_fullsite *const *)nt,
					     ncap, tr->full[i]->key)] = tr->full[i];
		km_plat_free(tr->full);
		tr->full = nt;
		tr->fullcap = ncap;
	}
	i = full_slot((const struct km_fullsite *const *)tr->full, tr->fullcap,
		      site);
	if (tr->full[i])
		return &tr->full[i]->site;
	f = km_plat_alloc(sizeof(*f));
	f->key = site;
	f->site = *site;
	snprintf(f->ref, sizeof(f->ref), "%.*s:%d",
		 (int)(colon ? colon - fref : (long)strlen(fref)), fref,
		 site->linux_line);
	f->site.linux_ref = f->ref;
	tr->full[i] = f;
	tr->nfull++;
	return &f->site;
}

void km_trace_step_slow(const struct km_site *site)
{
	struct host *h = km_host();
	struct km_event ev = { 0 };

	if (!site->linux_ref)
		site = full_site(h->world->tracer, site);
	ev.type = KM_EV_STEP;
	ev.site = site;
	emit(h->world, h, &ev, true);
}

void km_trace_note(const char *fmt, ...)
{
	struct host *h = km_host();
	struct km_tracer *tr = h->world->tracer;
	struct km_event ev = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tr->note, sizeof(tr->note), fmt, ap);
	va_end(ap);
	ev.type = KM_EV_NOTE;
	ev.note = tr->note;
	emit(h->world, h, &ev, false);
}

/* kmapi/trace.h: a remark from whoever drives the world (a script line). */
void km_trace_remark(struct km_world *w, const char *text)
{
	struct km_event ev = { 0 };

	ev.type = KM_EV_NOTE;
	ev.note = text;
	emit(w, NULL, &ev, false);
}

void km_trace_clock(struct km_world *w, long long delta_ns)
{
	struct km_event ev = { 0 };
	char buf[96];

	snprintf(buf, sizeof(buf), "clock advances %lld.%06lld s (nothing else to do)",
		 delta_ns / NSEC_PER_SEC, (delta_ns % NSEC_PER_SEC) / 1000);
	ev.type = KM_EV_NOTE;
	ev.note = buf;
	emit(w, NULL, &ev, false);
}

static void km_trace_packet(struct host *h, const struct net_device *dev,
			    int dir, const struct sk_buff *skb)
{
	struct km_event ev = { 0 };
	struct host *prev = km_host_enter(h);

	ev.type = KM_EV_PACKET;
	ev.pkt = skb->data;
	ev.pkt_len = skb->len;
	ev.dev = dev->name;
	ev.dir = dir;
	ev.skb_id = km_obj_id(h, skb);
	emit(h->world, h, &ev, true);
	km_host_leave(prev);
}

void km_trace_obj(struct host *h, int type, const struct km_obj *o)
{
	struct km_event ev = { 0 };

	ev.type = type;
	ev.obj_kind = o->kind;
	ev.obj_id = o->id;
	if (type == KM_EV_OBJ_FREE) {
		snap_free(o->snap);
		((struct km_obj *)o)->snap = NULL;
	}
	emit(h->world, h, &ev, false);
}

void km_trace_sched(struct host *h, struct task_struct *t, int what, long arg,
		    const char *note)
{
	struct km_event ev = { 0 };
	struct host *prev = km_host_enter(h);
	struct task_struct *saved = h->curtask;

	h->curtask = t;
	ev.type = KM_EV_SCHED;
	ev.sched_what = what;
	ev.sched_arg = arg;
	ev.note = note;
	emit(h->world, h, &ev, what == KM_SCHED_SYSCALL_EXIT);
	h->curtask = saved;
	km_host_leave(prev);
}

const char *km_trace_current_func(struct host *h)
{
	struct task_struct *t = h->curtask;
	int d = t ? t->km_frames.depth : 0;

	if (d > 0 && d <= KM_MAX_DEPTH)
		return t->km_frames.site[d - 1]->func;
	return NULL;
}

/* ---- the probes (trace/events/net.h, trace/events/syscalls.h) ---- */

static void probe_net_dev_start_xmit(void *data, const struct sk_buff *skb,
				     const struct net_device *dev)
{
	km_trace_packet(data, dev, 0, skb);
}

static void probe_netif_rx_entry(void *data, const struct sk_buff *skb)
{
	km_trace_packet(data, skb->dev, 1, skb);
}

static void probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct host *h = data;

	km_trace_sched(h, h->curtask, KM_SCHED_SYSCALL_ENTER, id,
		       km_syscall_name(id));
}

static void probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct host *h = data;
	struct task_struct *t = h->curtask;

	km_trace_sched(h, t, KM_SCHED_SYSCALL_EXIT, ret,
		       km_syscall_name(t->km_nr));
}

/* A field's value as the tracer shows it (pointers as object ids). */
u64 km_trace_value(struct host *h, int kind, int idx, const void *obj)
{
	if (object_uninitialised(kind, obj) ||
	    field_poisoned(h->world->tracer, kind, idx, obj))
		return KM_VAL_UNINIT;
	return snap_value(h, kind, idx, obj);
}
