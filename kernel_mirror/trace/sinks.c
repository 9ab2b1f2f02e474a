// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror tracer: the text (function graph) and JSON Lines sinks.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include <kmapi/decode.h>
#include <kmapi/sinks.h>
#include <kmplat/platform.h>
#include <kmirror/ids.h>

struct km_sink {
	int		json;
	unsigned int	flags;
	int		host_filter;
	km_write_fn	write;
	void		*ctx;
	int		handle;
	unsigned long	count;
	char		line[4096];
	char		*big;	/* one JSON line */
	size_t		bigcap;
};

struct km_sink *km_sink_text_new(km_write_fn write, void *ctx, unsigned int flags)
{
	struct km_sink *s = km_plat_alloc(sizeof(*s));

	s->write = write;
	s->ctx = ctx;
	s->flags = flags;
	s->handle = -1;
	return s;
}

struct km_sink *km_sink_json_new(km_write_fn write, void *ctx, unsigned int flags)
{
	struct km_sink *s = km_sink_text_new(write, ctx, flags);

	s->json = 1;
	s->bigcap = 1 << 18;
	s->big = km_plat_alloc(s->bigcap);
	return s;
}

void km_sink_set_host_filter(struct km_sink *s, int host_id)
{
	s->flags |= KM_SINK_ONLY_HOST;
	s->host_filter = host_id;
}

void km_sink_free(struct km_sink *s)
{
	km_plat_free(s->big);
	km_plat_free(s);
}

unsigned long km_sink_count(const struct km_sink *s)
{
	return s->count;
}

static void out(struct km_sink *s, const char *str)
{
	s->write(s->ctx, str, strlen(str));
}

/* Our source path without the leading "kernel_mirror/". */
static const char *our_path(const char *file)
{
	static const char prefix[] = "kernel_mirror/";

	if (!strncmp(file, prefix, sizeof(prefix) - 1))
		return file + sizeof(prefix) - 1;
	return file;
}

static bool is_entry_frame(const char *func)
{
	return !strcmp(func, "entry_SYSCALL_64") || !strcmp(func, "do_syscall_64") ||
	       !strncmp(func, "__x64_sys_", 10) || !strncmp(func, "__se_sys_", 9) ||
	       !strncmp(func, "__do_sys_", 9);
}

static void format_ret(const struct km_event *ev, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!ev->has_ret)
		return;
	if (ev->ret_kind == 1) {
		if (ev->ret_obj_kind > 0)
			snprintf(buf, len, " = %s#%u", km_obj_kind_prefix(ev->ret_obj_kind),
				 ev->ret_obj_id);
		else if (ev->ret_obj_kind < 0 && ev->ret_obj_id)
			snprintf(buf, len, " = %s#%u", km_id_class_name(-ev->ret_obj_kind),
				 ev->ret_obj_id);
		else if (ev->ret_obj_kind < 0)
			snprintf(buf, len, " = (pointer)");
		else
			snprintf(buf, len, " = NULL");
		return;
	}
	if (len > 3) {
		memcpy(buf, " = ", 3);
		km_ret_str(ev->ret, ev->ret_kind, buf + 3, len - 3);
	}
}

static int depth_of(struct km_sink *s, const struct km_event *ev)
{
	int d = ev->depth, i;

	if (!(s->flags & KM_SINK_NO_ENTRY_FRAMES))
		return d;
	for (i = 0; i < ev->stack_depth && i < d; i++)
		if (is_entry_frame(ev->stack[i]->func))
			d--;
	return d < 0 ? 0 : d;
}

static void text_prefix(struct km_sink *s, const struct km_event *ev, char *buf,
			size_t len)
{
	char task[32];

	if (ev->host_id < 0) {
		snprintf(buf, len, "%5lld.%06lld %-8s %-8s %-14s | ",
			 ev->time_ns / 1000000000LL, (ev->time_ns % 1000000000LL) / 1000,
			 "", "", "");
		return;
	}
	snprintf(task, sizeof(task), "%s[%d]", ev->comm, ev->pid);
	snprintf(buf, len, "%5lld.%06lld %-8s %-8s %-14s | ",
		 ev->time_ns / 1000000000LL, (ev->time_ns % 1000000000LL) / 1000,
		 ev->host, km_ctx_name(ev->ctx), task);
}

static void text_diffs(struct km_sink *s, const struct km_event *ev,
		       const char *pfx, int depth)
{
	int i;

	if (s->flags & KM_SINK_NO_DIFFS)
		return;
	for (i = 0; i < ev->ndiffs; i++) {
		const struct km_diff *d = &ev->diffs[i];
		const struct km_field_info *f = km_field(d->obj_kind, d->field);
		const char *fname = f->alias && strchr(f->alias, '.') ? f->alias : f->name;
		char a[96], b[96];

		if (f->fmt == KM_FMT_BLOB)
			continue;	/* bytes show up with the packet */
		km_fmt_value(f->fmt, d->newv, b, sizeof(b));
		if (d->is_new) {
			snprintf(s->line, sizeof(s->line), "%s%*s  + %s#%u.%s = %s\n",
				 pfx, depth * 2, "", km_obj_kind_prefix(d->obj_kind),
				 d->obj_id, fname, b);
		} else {
			km_fmt_value(f->fmt, d->oldv, a, sizeof(a));
			snprintf(s->line, sizeof(s->line), "%s%*s  ~ %s#%u.%s: %s -> %s\n",
				 pfx, depth * 2, "", km_obj_kind_prefix(d->obj_kind),
				 d->obj_id, fname, a, b);
		}
		out(s, s->line);
	}
}

static void text_event(struct km_sink *s, const struct km_event *ev)
{
	char pfx[96], ret[64], sum[320];
	int depth = depth_of(s, ev);

	text_prefix(s, ev, pfx, sizeof(pfx));
	/* Field changes since the previous event: printed before this one. */
	text_diffs(s, ev, pfx, depth);

	switch (ev->type) {
	case KM_EV_ENTER:
		if ((s->flags & KM_SINK_NO_ENTRY_FRAMES) && is_entry_frame(ev->site->func))
			return;
		snprintf(s->line, sizeof(s->line), "%s%*s%s() {\n", pfx, depth * 2, "",
			 ev->site->func);
		break;
	case KM_EV_EXIT:
		if ((s->flags & KM_SINK_NO_ENTRY_FRAMES) && is_entry_frame(ev->site->func))
			return;
		format_ret(ev, ret, sizeof(ret));
		snprintf(s->line, sizeof(s->line), "%s%*s}%s  /* %s */\n", pfx, depth * 2, "",
			 ret, ev->site->func);
		break;
	case KM_EV_STEP:
		if (s->flags & KM_SINK_NO_STEPS)
			return;
		snprintf(s->line, sizeof(s->line), "%s%*s. %s  [%s:%d]  %s\n", pfx,
			 depth * 2, "", ev->site->linux_ref, our_path(ev->site->file),
			 ev->site->line, ev->site->text);
		break;
	case KM_EV_PACKET:
		km_pkt_summary(ev->pkt, ev->pkt_len, sum, sizeof(sum));
		snprintf(s->line, sizeof(s->line), "%s%*s%s %s %s skb#%u %u bytes: %s\n",
			 pfx, depth * 2, "", ev->dir ? "<<" : ">>", ev->dev,
			 ev->dir ? "RX" : "TX", ev->skb_id, ev->pkt_len, sum);
		break;
	case KM_EV_OBJ_NEW:
	case KM_EV_OBJ_FREE:
		snprintf(s->line, sizeof(s->line), "%s%*s%s %s#%u (%s)\n", pfx, depth * 2, "",
			 ev->type == KM_EV_OBJ_NEW ? "new" : "freed",
			 km_obj_kind_prefix(ev->obj_kind), ev->obj_id,
			 km_obj_kind_struct(ev->obj_kind));
		break;
	case KM_EV_SCHED:
		switch (ev->sched_what) {
		case KM_SCHED_SYSCALL_ENTER:
			snprintf(s->line, sizeof(s->line), "%s==> %s()\n", pfx, ev->note);
			break;
		case KM_SCHED_SYSCALL_EXIT: {
			const char *en = ev->sched_arg < 0 ? km_errno_name(ev->sched_arg) : NULL;

			snprintf(s->line, sizeof(s->line), "%s<== %s() returns %ld%s%s%s\n",
				 pfx, ev->note, ev->sched_arg, en ? " (" : "",
				 en ? en : "", en ? ")" : "");
			break;
		}
		case KM_SCHED_SLEEP:
			snprintf(s->line, sizeof(s->line), "%s%*s... %s[%d] sleeps\n", pfx,
				 depth * 2, "", ev->comm, ev->pid);
			break;
		case KM_SCHED_WAKE:
			snprintf(s->line, sizeof(s->line), "%s%*s... %s[%d] is woken\n", pfx,
				 depth * 2, "", ev->comm, ev->pid);
			break;
		case KM_SCHED_SIGNAL:
			snprintf(s->line, sizeof(s->line), "%s... signal %ld for %s[%d]\n",
				 pfx, ev->sched_arg, ev->comm, ev->pid);
			break;
		default:
			return;
		}
		break;
	case KM_EV_NOTE:
		snprintf(s->line, sizeof(s->line), "%s%*s# %s\n", pfx, depth * 2, "",
			 ev->note);
		break;
	default:
		return;
	}
	out(s, s->line);
}

/* ---- JSON ---- */

static size_t json_str(char *dst, size_t cap, const char *src)
{
	size_t o = 0;

	if (o < cap)
		dst[o++] = '"';
	for (; src && *src && o + 7 < cap; src++) {
		unsigned char c = (unsigned char)*src;

		if (c == '"' || c == '\\') {
			dst[o++] = '\\';
			dst[o++] = c;
		} else if (c < 0x20) {
			o += snprintf(dst + o, cap - o, "\\u%04x", c);
		} else {
			dst[o++] = c;
		}
	}
	if (o < cap)
		dst[o++] = '"';
	if (o < cap)
		dst[o] = '\0';
	return o;
}

struct jbuf {
	char	*b;
	size_t	cap, o;
};

static void jraw(struct jbuf *j, const char *s)
{
	size_t n = strlen(s);

	if (j->o + n < j->cap) {
		memcpy(j->b + j->o, s, n);
		j->o += n;
		j->b[j->o] = '\0';
	}
}

static void jkey_str(struct jbuf *j, const char *key, const char *val)
{
	char tmp[1024];

	jraw(j, ",\"");
	jraw(j, key);
	jraw(j, "\":");
	json_str(tmp, sizeof(tmp), val);
	jraw(j, tmp);
}

static void jkey_num(struct jbuf *j, const char *key, long long v)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), ",\"%s\":%lld", key, v);
	jraw(j, tmp);
}

static void json_event(struct km_sink *s, const struct km_event *ev)
{
	struct jbuf j = { s->big, s->bigcap, 0 };
	char tmp[512];
	int i;

	s->big[0] = '\0';
	snprintf(tmp, sizeof(tmp), "{\"seq\":%llu,\"t_ns\":%lld", ev->seq, ev->time_ns);
	jraw(&j, tmp);
	jkey_str(&j, "ev", km_ev_type_name(ev->type));
	if (ev->host_id >= 0) {
		jkey_str(&j, "host", ev->host);
		jkey_str(&j, "ctx", km_ctx_name(ev->ctx));
		jkey_str(&j, "task", ev->comm);
		jkey_num(&j, "pid", ev->pid);
		jkey_num(&j, "depth", ev->depth);
	}
	if (ev->site) {
		jkey_str(&j, "func", ev->site->func);
		snprintf(tmp, sizeof(tmp), "%s:%d", our_path(ev->site->file), ev->site->line);
		jkey_str(&j, "src", tmp);
		jkey_str(&j, "linux", ev->site->linux_ref);
		if (ev->type == KM_EV_STEP)
			jkey_str(&j, "text", ev->site->text);
	}
	if (ev->type == KM_EV_EXIT && ev->has_ret) {
		format_ret(ev, tmp, sizeof(tmp));
		jkey_str(&j, "ret", tmp + 3);
		if (ev->ret_kind != KM_RETK_OBJ)
			jkey_num(&j, "ret_raw", ev->ret);
	}
	if (ev->type == KM_EV_PACKET) {
		jkey_str(&j, "dev", ev->dev);
		jkey_str(&j, "dir", ev->dir ? "rx" : "tx");
		jkey_num(&j, "skb", ev->skb_id);
		jkey_num(&j, "len", ev->pkt_len);
		km_pkt_summary(ev->pkt, ev->pkt_len, tmp, sizeof(tmp));
		jkey_str(&j, "summary", tmp);
		jraw(&j, ",\"hex\":\"");
		for (i = 0; i < (int)ev->pkt_len && j.o + 3 < j.cap; i++) {
			snprintf(tmp, sizeof(tmp), "%02x", ev->pkt[i]);
			jraw(&j, tmp);
		}
		jraw(&j, "\"");
	}
	if (ev->type == KM_EV_OBJ_NEW || ev->type == KM_EV_OBJ_FREE) {
		snprintf(tmp, sizeof(tmp), "%s#%u", km_obj_kind_prefix(ev->obj_kind), ev->obj_id);
		jkey_str(&j, "obj", tmp);
		jkey_str(&j, "struct", km_obj_kind_struct(ev->obj_kind));
	}
	if (ev->type == KM_EV_SCHED) {
		static const char *const what[] = {
			"syscall_enter", "syscall_exit", "sleep", "wake", "signal"
		};
		jkey_str(&j, "what", what[ev->sched_what]);
		if (ev->note)
			jkey_str(&j, "syscall", ev->note);
		jkey_num(&j, "arg", ev->sched_arg);
	} else if (ev->type == KM_EV_NOTE) {
		jkey_str(&j, "note", ev->note);
	}
	if (ev->ndiffs && !(s->flags & KM_SINK_NO_DIFFS)) {
		jraw(&j, ",\"diffs\":[");
		for (i = 0; i < ev->ndiffs; i++) {
			const struct km_diff *d = &ev->diffs[i];
			const struct km_field_info *f = km_field(d->obj_kind, d->field);
			char a[96], b[96];
			int k;

			jraw(&j, i ? ",{" : "{");
			snprintf(tmp, sizeof(tmp), "\"obj\":\"%s#%u\"",
				 km_obj_kind_prefix(d->obj_kind), d->obj_id);
			jraw(&j, tmp);
			jkey_str(&j, "struct", f->group);
			jkey_str(&j, "field", f->alias && strchr(f->alias, '.') ? f->alias : f->name);
			if (f->fmt == KM_FMT_BLOB) {
				jraw(&j, ",\"hex\":\"");
				for (k = 0; k < (int)d->blob_len && j.o + 3 < j.cap; k++) {
					snprintf(tmp, sizeof(tmp), "%02x", d->blob[k]);
					jraw(&j, tmp);
				}
				jraw(&j, "\"}");
				continue;
			}
			km_fmt_value(f->fmt, d->newv, b, sizeof(b));
			jkey_str(&j, "new", b);
			if (d->is_new) {
				jraw(&j, ",\"initial\":true");
			} else {
				km_fmt_value(f->fmt, d->oldv, a, sizeof(a));
				jkey_str(&j, "old", a);
			}
			if (f->fmt != KM_FMT_PTR && f->fmt != KM_FMT_SYM &&
			    f->fmt != KM_FMT_STR) {
				snprintf(tmp, sizeof(tmp), ",\"new_raw\":%llu", d->newv);
				jraw(&j, tmp);
				if (!d->is_new) {
					snprintf(tmp, sizeof(tmp), ",\"old_raw\":%llu", d->oldv);
					jraw(&j, tmp);
				}
			}
			jraw(&j, "}");
		}
		jraw(&j, "]");
	}
	jraw(&j, "}\n");
	s->write(s->ctx, s->big, j.o);
}

static void sink_cb(void *ctx, const struct km_event *ev)
{
	struct km_sink *s = ctx;

	if ((s->flags & KM_SINK_ONLY_HOST) && ev->host_id >= 0 &&
	    ev->host_id != s->host_filter)
		return;
	s->count++;
	if (s->json)
		json_event(s, ev);
	else
		text_event(s, ev);
}

int km_sink_attach(struct km_sink *s, struct km_world *w)
{
	s->handle = km_trace_subscribe(w, sink_cb, s);
	return s->handle;
}

void km_sink_detach(struct km_sink *s, struct km_world *w)
{
	km_trace_unsubscribe(w, s->handle);
	s->handle = -1;
}
