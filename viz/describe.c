// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: what the event at the cursor is about, in words — the
 * sentence the source pane and the presentation's sentence pane show.
 */
#include <stdio.h>
#include <string.h>
#include <kmapi/trace.h>
#include <kmapi/decode.h>
#include <kmapi/fields.h>
#include "app.h"
#include "describe.h"

/* ---- what the cursor event is about, in words ---- */

static void ret_text(const struct vz_rec *r, const struct vz_ev *e, char *buf,
		     size_t len)
{
	if (!e->has_ret || e->ret_kind == 2) {
		snprintf(buf, len, "returns");
	} else if (e->ret_kind == 1) {
		if (!e->ret_obj_kind)
			snprintf(buf, len, "returns NULL");
		else if (e->ret_obj_kind > 0)
			snprintf(buf, len, "returns %s#%u",
				 km_obj_kind_prefix(e->ret_obj_kind), e->ret_obj_id);
		else
			snprintf(buf, len, "returns a pointer");
	} else if (e->ret_kind == KM_RETK_IN_ADDR || e->ret_kind == KM_RETK_TIMEO) {
		char v[48];

		snprintf(buf, len, "returns %s", km_ret_str(e->ret, e->ret_kind, v, sizeof(v)));
	} else if (km_ret_errno(e->ret, e->ret_kind)) {
		snprintf(buf, len, "returns %lld (-%s)", e->ret,
			 km_ret_errno(e->ret, e->ret_kind));
	} else {
		snprintf(buf, len, "returns %lld", e->ret);
	}
	(void)r;
}

/* "sock#3: TCP_SYN_SENT → TCP_ESTABLISHED. " for the event's transitions */
static size_t transitions_text(const struct vz_rec *r, const struct vz_ev *e,
			       char *buf, size_t len)
{
	size_t o = 0;
	unsigned int d;

	buf[0] = '\0';
	for (d = e->diff_off; d < e->diff_off + e->ndiffs && o < len; d++) {
		const struct vz_diff *df = &r->diffs[d];
		const struct vz_obj *ob = &r->objs[df->obj];
		char name[32], ov[40], nv[40];

		if (df->field != r->kinds[ob->kind].state_field ||
		    !vz_trans_is_real(r, df->obj, df->oldv, df->newv))
			continue;
		km_field_format(ob->kind, df->field, df->oldv, ov, sizeof(ov));
		km_field_format(ob->kind, df->field, df->newv, nv, sizeof(nv));
		o += snprintf(buf + o, len - o, "%s %s: %s → %s. ", vz_host_name(r, ob->host),
			      vz_obj_name(r, df->obj, name, sizeof(name)), ov, nv);
	}
	return o < len ? o : len - 1;
}

/* One sentence for any event (steps carry their own). */
void vz_describe(const struct vz_app *a, const struct vz_ev *e, char *buf,
		 size_t len)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_site *s = vz_ev_site(r, e);
	char tmp[200];
	size_t o;

	buf[0] = '\0';
	if (!e) {
		snprintf(buf, len, "Before the first event. Press s to step.");
		return;
	}
	o = transitions_text(r, e, buf, len);
	buf += o;
	len -= o;
	switch (e->type) {
	case KM_EV_STEP:
		snprintf(buf, len, "%s", s ? s->text : "");
		break;
	case KM_EV_ENTER:
		snprintf(buf, len, "Enter %s(): %s", s ? s->func : "?", s ? s->text : "");
		break;
	case KM_EV_EXIT:
		ret_text(r, e, tmp, sizeof(tmp));
		snprintf(buf, len, "%s() %s.", s ? s->func : "?", tmp);
		break;
	case KM_EV_PACKET:
		km_pkt_summary(r->bytes + e->pkt_off, e->pkt_len, tmp, sizeof(tmp));
		snprintf(buf, len, "%s %s %s: %s", vz_host_name(r, e->host),
			 e->dir ? "receives on" : "sends on", e->dev ? e->dev : "?", tmp);
		break;
	case KM_EV_SCHED:
		switch (e->sched_what) {
		case KM_SCHED_SYSCALL_ENTER:
			snprintf(buf, len, "%s[%d] calls %s().", e->comm, e->pid,
				 e->note ? e->note : "?");
			break;
		case KM_SCHED_SYSCALL_EXIT:
			if (e->sched_arg < 0 && km_errno_name(e->sched_arg))
				snprintf(buf, len, "%s() returns %ld (%s) to %s[%d].",
					 e->note ? e->note : "?", e->sched_arg,
					 km_errno_name(e->sched_arg), e->comm, e->pid);
			else
				snprintf(buf, len, "%s() returns %ld to %s[%d].",
					 e->note ? e->note : "?", e->sched_arg, e->comm, e->pid);
			break;
		case KM_SCHED_SLEEP:
			snprintf(buf, len, "%s[%d] sleeps%s%s.", e->comm, e->pid,
				 e->note ? ": " : "", e->note ? e->note : "");
			break;
		case KM_SCHED_WAKE:
			snprintf(buf, len, "%s[%d] wakes up.", e->comm, e->pid);
			break;
		default:
			snprintf(buf, len, "%s[%d] gets signal %ld.", e->comm, e->pid,
				 e->sched_arg);
		}
		break;
	case KM_EV_OBJ_NEW:
	case KM_EV_OBJ_FREE: {
		char name[48];

		vz_obj_name(r, e->obj, name, sizeof(name));
		snprintf(buf, len, "%s %s (struct %s).",
			 e->type == KM_EV_OBJ_NEW ? "New" : "Freed", name,
			 e->obj >= 0 ? km_obj_kind_struct(r->objs[e->obj].kind) : "?");
		break;
	}
	case KM_EV_NOTE:
		snprintf(buf, len, "%s", e->note ? e->note : "");
		break;
	}
}

/* The site whose code to show: the step, or the innermost function. */
const struct vz_site *vz_code_site(const struct vz_rec *r, const struct vz_ev *e)
{
	const struct vz_site *s = vz_ev_site(r, e);

	if (s)
		return s;
	return vz_ev_frame(r, e, 0);
}
