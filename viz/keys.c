// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the key handler and the actions keys run. Which key runs
 * which action is in the keymap (keymap.c); overlays (lists, the file
 * prompt, the help) take keys of their own while open; the focused pane
 * gets its keys through the pane table; the mouse wheel scrolls the pane
 * under it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include "app.h"
#include "keymap.h"
#include "keys.h"
#include "../scenarios/scenario.h"
#include "screen.h"
#include "vzutil.h"

static void reset_follow(struct vz_app *a)
{
	int i;

	for (i = 0; i < VZ_P__COUNT; i++) {
		a->panes[i].follow = 1;
		if (i == VZ_P_STACK || i == VZ_P_SKB)
			a->panes[i].scroll = 0;
	}
}

void vz_goto(struct vz_app *a, int pos)
{
	if (pos < 0)
		return;
	vz_rec_seek(&a->rec, pos);
	reset_follow(a);
}

static void go(struct vz_app *a, int pos, const char *none)
{
	if (pos < 0) {
		vz_message(a, 0, "%s", none);
		a->playing = 0;
		return;
	}
	vz_goto(a, pos);
}

static void finish(struct vz_app *a)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_ev *e = vz_cur_ev(a);
	const struct vz_site *s = e ? vz_ev_frame(r, e, 0) : NULL;
	int pos = vz_nav_finish(r, r->pos);

	if (e && e->type == KM_EV_ENTER)
		s = vz_ev_site(r, e);
	if (pos < 0) {
		vz_message(a, 0, "%s%s does not return within the recording.",
			   s ? s->func : "this function", s ? "()" : "");
		return;
	}
	vz_goto(a, pos);
	vz_message(a, 0, "Run till exit from %s().", s ? s->func : "?");
}

static void cont(struct vz_app *a)
{
	const struct vz_rec *r = &a->rec;
	int pos, b;

	if (!a->nbps) {
		vz_goto(a, vz_nav_last(r));
		vz_message(a, 0, "No breakpoint set (b sets one): ran to the end.");
		return;
	}
	pos = vz_nav_continue(r, r->pos, a->bps, a->nbps);
	if (pos < 0) {
		vz_goto(a, vz_nav_last(r));
		vz_message(a, 0, "No breakpoint hit: the end of the recording.");
		return;
	}
	vz_goto(a, pos);
	for (b = 0; b < a->nbps; b++)
		if (vz_bp_hit(r, pos, &a->bps[b])) {
			if (a->bps[b].kind == VZ_BP_FUNC)
				vz_message(a, 0, "Breakpoint %d, %s().", b + 1, a->bps[b].func);
			else
				vz_message(a, 0, "Breakpoint %d: %s reached.", b + 1,
					   a->bps[b].kind == VZ_BP_TCP_STATE ?
					   km_tcp_state_name((int)a->bps[b].state) :
					   km_socket_state_name((int)a->bps[b].state));
			break;
		}
}

void vz_tick(struct vz_app *a)
{
	const struct vz_rec *r = &a->rec;
	int pos = a->layout == VZ_L_PRESENT ? vz_nav_milestone(r, r->pos, 1) :
		  vz_nav_step(r, r->pos);

	if (pos < 0) {
		a->playing = 0;
		vz_message(a, 0, "End of the recording.");
		return;
	}
	vz_goto(a, pos);
}

static void focus_step(struct vz_app *a, int dir)
{
	int i, f = a->focus;

	for (i = 0; i < VZ_P__COUNT; i++) {
		f = (f + dir + VZ_P__COUNT) % VZ_P__COUNT;
		if (a->panes[f].r.h) {
			a->focus = f;
			return;
		}
	}
}

/* ---- lists: scenarios, breakpoints, states ---- */

static const struct {
	int		kind;
	unsigned long long state;
	const char	*name;
} states[] = {
	{ VZ_BP_TCP_STATE, 1, "TCP_ESTABLISHED" },
	{ VZ_BP_TCP_STATE, 2, "TCP_SYN_SENT" },
	{ VZ_BP_TCP_STATE, 3, "TCP_SYN_RECV" },
	{ VZ_BP_TCP_STATE, 7, "TCP_CLOSE" },
	{ VZ_BP_TCP_STATE, 10, "TCP_LISTEN" },
	{ VZ_BP_TCP_STATE, 12, "TCP_NEW_SYN_RECV" },
	{ VZ_BP_SS_STATE, 1, "SS_UNCONNECTED" },
	{ VZ_BP_SS_STATE, 2, "SS_CONNECTING" },
	{ VZ_BP_SS_STATE, 3, "SS_CONNECTED" },
};

static struct vz_item *new_item(struct vz_app *a)
{
	if (a->nitems >= VZ_MAX_ITEMS)
		return NULL;
	if (!a->items)
		a->items = vz_xcalloc(VZ_MAX_ITEMS, sizeof(*a->items));
	memset(&a->items[a->nitems], 0, sizeof(a->items[0]));
	return &a->items[a->nitems++];
}

static int cmp_items(const void *x, const void *y)
{
	const struct vz_item *a = x, *b = y;

	return strcmp(a->label, b->label);
}

static void build_items(struct vz_app *a)
{
	const struct vz_rec *r = &a->rec;
	struct vz_item *it;
	size_t i;
	int k, first_func;

	a->nitems = 0;
	if (a->overlay == VZ_OV_MENU) {
		const struct km_scenario *s;

		for (k = 0; (s = km_scenario_at(k)); k++) {
			it = new_item(a);
			if (!it)
				break;
			snprintf(it->label, sizeof(it->label), "%-18s %s%s", s->name,
				 km_scenario_takes_peer(s, a->opts.peer) ? "" :
				 s->peers == KM_SCN_PEER_LINUX ?
				 "[needs --peer linux, root] " : "[not with this --peer] ",
				 s->summary);
			it->state = (unsigned long long)k;
			if (r->scenario && !strcmp(s->name, r->scenario))
				a->ov_sel = a->nitems - 1;
		}
		return;
	}
	for (i = 0; i < VZ_ARRAY_SIZE(states); i++) {
		if (a->input[0] && !strstr(states[i].name, a->input))
			continue;
		it = new_item(a);
		if (!it)
			return;
		snprintf(it->label, sizeof(it->label), "%s%s",
			 a->overlay == VZ_OV_BREAK ? "state reached: " : "", states[i].name);
		it->kind = states[i].kind;
		it->state = states[i].state;
	}
	if (a->overlay != VZ_OV_BREAK)
		return;
	first_func = a->nitems;
	for (k = 0; k < r->nsites; k++) {
		const struct vz_site *s = &r->sites[k];
		int j, dup = 0;

		if (a->input[0] && !strstr(s->func, a->input))
			continue;
		for (j = first_func; j < a->nitems && !dup; j++)
			dup = a->items[j].func == s->func;
		if (dup)
			continue;
		it = new_item(a);
		if (!it)
			break;
		snprintf(it->label, sizeof(it->label), "%s()", s->func);
		it->kind = VZ_BP_FUNC;
		it->func = s->func;
	}
	qsort(a->items + first_func, (size_t)(a->nitems - first_func),
	      sizeof(*a->items), cmp_items);
	if (a->ov_sel >= a->nitems)
		a->ov_sel = a->nitems ? a->nitems - 1 : 0;
}

static void open_overlay(struct vz_app *a, int ov)
{
	a->overlay = ov;
	a->ov_sel = 0;
	a->ov_scroll = 0;
	a->input[0] = '\0';
	if (ov == VZ_OV_MENU || ov == VZ_OV_BREAK || ov == VZ_OV_RUNTO)
		build_items(a);
}

static void toggle_bp(struct vz_app *a, const struct vz_item *it)
{
	int i;

	for (i = 0; i < a->nbps; i++)
		if (a->bps[i].kind == it->kind &&
		    (it->kind == VZ_BP_FUNC ? a->bps[i].func == it->func :
		     a->bps[i].state == it->state)) {
			memmove(&a->bps[i], &a->bps[i + 1],
				(size_t)(a->nbps - i - 1) * sizeof(a->bps[0]));
			a->nbps--;
			vz_message(a, 0, "Breakpoint cleared: %s", it->label);
			return;
		}
	if (a->nbps == VZ_MAX_BPS) {
		vz_message(a, 1, "Too many breakpoints (%d).", VZ_MAX_BPS);
		return;
	}
	a->bps[a->nbps].kind = it->kind;
	a->bps[a->nbps].func = it->func;
	a->bps[a->nbps].state = it->state;
	a->nbps++;
	vz_message(a, 0, "Breakpoint %d: %s  (c continues to it)", a->nbps, it->label);
}

static void run_to(struct vz_app *a, const struct vz_item *it)
{
	struct vz_bp bp = { .kind = it->kind, .state = it->state };
	int pos = vz_nav_continue(&a->rec, a->rec.pos, &bp, 1);

	a->overlay = VZ_OV_NONE;
	if (pos < 0) {
		vz_message(a, 0, "%s is not reached after this point.", it->label);
		return;
	}
	vz_goto(a, pos);
	vz_message(a, 0, "%s reached.", it->label);
}

int vz_load_scenario(struct vz_app *a, const char *name)
{
	const struct km_scenario *s = km_scenario_find(name);
	struct km_scenario pkt_scn;
	struct vz_rec nr;
	FILE *msgs;
	int rc, i;

	if (!s)
		s = km_pkt_scenario(&pkt_scn, name);	/* a packetdrill script */
	if (!s) {
		vz_message(a, 1, "No scenario '%s'.", name);
		return -ENOENT;
	}
	msgs = tmpfile();
	rc = vz_rec_scenario(&nr, s, &a->opts, msgs);
	if (rc) {
		char line[200] = "";

		if (msgs) {
			rewind(msgs);
			if (!fgets(line, sizeof(line), msgs))
				line[0] = '\0';
			line[strcspn(line, "\n")] = '\0';
		}
		vz_message(a, 1, "%s", line[0] ? line : "The scenario could not start.");
		vz_rec_free(&nr);
		if (msgs)
			fclose(msgs);
		return rc;
	}
	if (msgs)
		fclose(msgs);
	for (i = 0; i < a->nbps; i++)
		if (a->bps[i].func)
			a->bps[i].func = vz_intern(&nr, a->bps[i].func);
	vz_rec_free(&a->rec);
	a->rec = nr;
	a->replay = 0;
	for (i = 0; i < VZ_P__COUNT; i++) {
		a->panes[i].scroll = 0;
		a->panes[i].cursor = 0;
		a->panes[i].follow = 1;
		a->panes[i].host = -1;
	}
	vz_layout(a, a->rows, a->cols);
	vz_goto(a, vz_nav_start(&a->rec));
	vz_message(a, 0, "Scenario %s: %d steps recorded.", s->name, a->rec.nsteps);
	return 0;
}

static void default_name(const struct vz_app *a, const char *suffix, char *buf,
			 size_t len)
{
	snprintf(buf, len, "kmirror-%s%s", a->rec.scenario ? a->rec.scenario : "session",
		 suffix);
}

static void do_prompt(struct vz_app *a)
{
	char err[300] = "";
	int rc = 0;

	a->overlay = VZ_OV_NONE;
	if (!a->input[0])
		return;
	switch (a->prompt_what) {
	case VZ_PR_SAVE:
		rc = vz_rec_save(&a->rec, a->input, err, sizeof(err));
		break;
	case VZ_PR_EXPORT_PCAP:
		rc = vz_rec_export_pcap(&a->rec, a->input, err, sizeof(err));
		break;
	case VZ_PR_EXPORT_SEQ: {
		FILE *f = fopen(a->input, "w");

		if (!f) {
			snprintf(err, sizeof(err), "cannot write %s: %s", a->input,
				 strerror(errno));
			rc = -1;
			break;
		}
		rc = vz_seq_render_text(a, f, 78);
		if (fclose(f) || rc) {
			snprintf(err, sizeof(err), "cannot write %s", a->input);
			rc = -1;
		}
		break;
	}
	}
	if (rc)
		vz_message(a, 1, "%s", err);
	else
		vz_message(a, 0, "Wrote %s.", a->input);
}

static void prompt(struct vz_app *a, int what)
{
	static const char *const suffix[] = {
		[VZ_PR_SAVE] = ".kmrec",
		[VZ_PR_EXPORT_SEQ] = "-seq.txt",
		[VZ_PR_EXPORT_PCAP] = ".pcap",
	};

	open_overlay(a, VZ_OV_PROMPT);
	a->prompt_what = what;
	default_name(a, suffix[what], a->input, sizeof(a->input));
}

static void overlay_key(struct vz_app *a, int key)
{
	size_t n = strlen(a->input);

	if (key == 27 || (key == 'q' && a->overlay == VZ_OV_HELP) ||
	    (key == '?' && a->overlay == VZ_OV_HELP)) {
		a->overlay = VZ_OV_NONE;
		return;
	}
	if (a->overlay == VZ_OV_HELP) {
		if (key == KEY_DOWN || key == 'j' || key == KEY_NPAGE)
			a->ov_scroll += key == KEY_NPAGE ? 10 : 1;
		else if ((key == KEY_UP || key == 'k' || key == KEY_PPAGE) && a->ov_scroll > 0)
			a->ov_scroll -= key == KEY_PPAGE ? (a->ov_scroll < 10 ? a->ov_scroll : 10) : 1;
		return;
	}
	if (a->overlay == VZ_OV_PROMPT) {
		if (key == '\n' || key == '\r' || key == KEY_ENTER)
			do_prompt(a);
		else if ((key == KEY_BACKSPACE || key == 127 || key == 8) && n)
			a->input[n - 1] = '\0';
		else if (key >= 32 && key < 127 && n + 1 < sizeof(a->input))
			a->input[n] = (char)key, a->input[n + 1] = '\0';
		return;
	}
	switch (key) {
	case KEY_UP:
		if (a->ov_sel > 0)
			a->ov_sel--;
		return;
	case KEY_DOWN:
		if (a->ov_sel + 1 < a->nitems)
			a->ov_sel++;
		return;
	case KEY_PPAGE:
		a->ov_sel = a->ov_sel > 10 ? a->ov_sel - 10 : 0;
		return;
	case KEY_NPAGE:
		a->ov_sel = a->ov_sel + 10 < a->nitems ? a->ov_sel + 10 :
			    (a->nitems ? a->nitems - 1 : 0);
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (a->ov_sel >= a->nitems)
			return;
		if (a->overlay == VZ_OV_MENU) {
			const struct km_scenario *s = km_scenario_at((int)a->items[a->ov_sel].state);

			a->overlay = VZ_OV_NONE;
			if (s)
				vz_load_scenario(a, s->name);
		} else if (a->overlay == VZ_OV_BREAK) {
			toggle_bp(a, &a->items[a->ov_sel]);
		} else {
			run_to(a, &a->items[a->ov_sel]);
		}
		return;
	}
	if (a->overlay == VZ_OV_MENU) {
		if (key == 'k' && a->ov_sel > 0)
			a->ov_sel--;
		else if (key == 'j' && a->ov_sel + 1 < a->nitems)
			a->ov_sel++;
		else if (key == 'q' || key == 'm')
			a->overlay = VZ_OV_NONE;
		return;
	}
	if (a->overlay == VZ_OV_BREAK) {
		if ((key == KEY_BACKSPACE || key == 127 || key == 8) && n) {
			a->input[n - 1] = '\0';
			build_items(a);
		} else if (key > 32 && key < 127 && n + 1 < sizeof(a->input)) {
			a->input[n] = (char)key;
			a->input[n + 1] = '\0';
			a->ov_sel = 0;
			build_items(a);
		}
		return;
	}
	if (key == 'k' && a->ov_sel > 0)
		a->ov_sel--;
	else if (key == 'j' && a->ov_sel + 1 < a->nitems)
		a->ov_sel++;
	else if (key == 'q' || key == 't')
		a->overlay = VZ_OV_NONE;
}

static void cycle_host(struct vz_app *a)
{
	struct vz_pane *p = &a->panes[a->focus == VZ_P_STRUCT2 ? VZ_P_STRUCT2 : VZ_P_STRUCT];
	int i, n = 0;

	while (vz_host_order(&a->rec, n) >= 0)
		n++;
	if (p->host < 0) {
		p->host = vz_host_order(&a->rec, 0);
	} else {
		for (i = 0; i < n && vz_host_order(&a->rec, i) != p->host; i++)
			;
		p->host = i + 1 < n ? vz_host_order(&a->rec, i + 1) : -1;
	}
	p->scroll = 0;
	p->cursor = 0;
	p->follow = 1;
	vz_message(a, 0, "Structures: %s.", p->host < 0 ? "follow the step's host" :
		   vz_host_name(&a->rec, p->host));
}

/* ---- the actions the keymap names ---- */

/* The focused pane's own handling of a key: 1 used, 0 not, -1 hidden. */
static int pane_own_key(struct vz_app *a, int key)
{
	struct vz_pane *p = &a->panes[a->focus];
	const struct vz_pane_ops *o = vz_pane_ops_of(a->focus);

	if (!p->r.h)
		return -1;
	return o->key && o->key(a, p, key);
}

static void act_pane(struct vz_app *a, int key)
{
	pane_own_key(a, key);
}

static void act_pane_up(struct vz_app *a, int key)
{
	if (!pane_own_key(a, key))
		vz_pane_scroll(a, a->focus, -1);
}

static void act_pane_down(struct vz_app *a, int key)
{
	if (!pane_own_key(a, key))
		vz_pane_scroll(a, a->focus, 1);
}

static void act_step(struct vz_app *a, int key)
{
	(void)key;
	go(a, vz_nav_step(&a->rec, a->rec.pos), "End of the recording.");
}

static void act_next(struct vz_app *a, int key)
{
	(void)key;
	go(a, vz_nav_next(&a->rec, a->rec.pos), "End of the recording.");
}

static void act_finish(struct vz_app *a, int key)
{
	(void)key;
	finish(a);
}

static void act_cont(struct vz_app *a, int key)
{
	(void)key;
	cont(a);
}

static void act_back_step(struct vz_app *a, int key)
{
	(void)key;
	go(a, vz_nav_back_step(&a->rec, a->rec.pos), "At the first step.");
}

static void act_back_next(struct vz_app *a, int key)
{
	(void)key;
	go(a, vz_nav_back_next(&a->rec, a->rec.pos), "At the first step.");
}

static void act_page_down(struct vz_app *a, int key)
{
	const struct vz_rec *r = &a->rec;

	(void)key;
	go(a, a->layout == VZ_L_PRESENT ? vz_nav_milestone(r, r->pos, 1) :
	   vz_nav_next(r, r->pos), "End of the recording.");
}

static void act_page_up(struct vz_app *a, int key)
{
	const struct vz_rec *r = &a->rec;

	(void)key;
	go(a, a->layout == VZ_L_PRESENT ? vz_nav_milestone(r, r->pos, -1) :
	   vz_nav_back_next(r, r->pos), "At the start.");
}

static void act_milestone_next(struct vz_app *a, int key)
{
	(void)key;
	go(a, vz_nav_milestone(&a->rec, a->rec.pos, 1),
	   "No further packet or state change.");
}

static void act_milestone_prev(struct vz_app *a, int key)
{
	(void)key;
	go(a, vz_nav_milestone(&a->rec, a->rec.pos, -1),
	   "No earlier packet or state change.");
}

static void act_first(struct vz_app *a, int key)
{
	(void)key;
	vz_goto(a, vz_nav_first(&a->rec));
}

static void act_last(struct vz_app *a, int key)
{
	(void)key;
	vz_goto(a, vz_nav_last(&a->rec));
}

static void act_play(struct vz_app *a, int key)
{
	(void)key;
	a->playing = !a->playing;
	vz_message(a, 0, a->playing ? "Playing (space pauses, + and - change the speed)." :
		   "Paused.");
}

static void act_faster(struct vz_app *a, int key)
{
	(void)key;
	if (a->speed + 1 < vz_nspeeds())
		a->speed++;
	vz_message(a, 0, "Autoplay: one step every %d ms.", vz_speeds_ms[a->speed]);
}

static void act_slower(struct vz_app *a, int key)
{
	(void)key;
	if (a->speed > 0)
		a->speed--;
	vz_message(a, 0, "Autoplay: one step every %d ms.", vz_speeds_ms[a->speed]);
}

static void act_break(struct vz_app *a, int key)
{
	(void)key;
	open_overlay(a, VZ_OV_BREAK);
}

static void act_clear_breaks(struct vz_app *a, int key)
{
	(void)key;
	a->nbps = 0;
	vz_message(a, 0, "All breakpoints cleared.");
}

static void act_run_to(struct vz_app *a, int key)
{
	(void)key;
	open_overlay(a, VZ_OV_RUNTO);
}

static void act_focus_next(struct vz_app *a, int key)
{
	(void)key;
	focus_step(a, 1);
}

static void act_focus_prev(struct vz_app *a, int key)
{
	(void)key;
	focus_step(a, -1);
}

static void act_host(struct vz_app *a, int key)
{
	(void)key;
	cycle_host(a);
}

static void act_inspector(struct vz_app *a, int key)
{
	(void)key;
	a->inspector = !a->inspector;
	if (a->focus == VZ_P_STRUCT || a->focus == VZ_P_SKB)
		a->focus = a->inspector ? VZ_P_SKB : VZ_P_STRUCT;
	vz_layout(a, a->rows, a->cols);
}

static void act_present(struct vz_app *a, int key)
{
	(void)key;
	a->layout = a->layout == VZ_L_PRESENT ? VZ_L_NORMAL : VZ_L_PRESENT;
	vz_layout(a, a->rows, a->cols);
}

static void act_rel_seq(struct vz_app *a, int key)
{
	(void)key;
	a->rel_seq = !a->rel_seq;
	vz_message(a, 0, a->rel_seq ? "Sequence numbers: relative to the ISN." :
		   "Sequence numbers: absolute.");
}

static void act_theme(struct vz_app *a, int key)
{
	(void)key;
	a->theme = (a->theme + 1) % VZ_THEME__COUNT;
	vz_theme_apply(a);
	vz_message(a, 0, "Theme: %s.", vz_theme_name(a->theme));
}

static void act_ascii(struct vz_app *a, int key)
{
	(void)key;
	if (!a->utf8_ok) {
		vz_message(a, 0, "ASCII drawing: the terminal's locale is not UTF-8.");
		return;
	}
	a->ascii = !a->ascii;
	vz_message(a, 0, a->ascii ? "ASCII drawing." : "Unicode drawing.");
}

static void act_menu(struct vz_app *a, int key)
{
	(void)key;
	if (a->replay)
		vz_message(a, 0, "A replayed recording: run kmirror viz SCENARIO for live scenarios.");
	else
		open_overlay(a, VZ_OV_MENU);
}

static void act_save(struct vz_app *a, int key)
{
	(void)key;
	prompt(a, VZ_PR_SAVE);
}

static void act_export_seq(struct vz_app *a, int key)
{
	(void)key;
	prompt(a, VZ_PR_EXPORT_SEQ);
}

static void act_export_pcap(struct vz_app *a, int key)
{
	(void)key;
	prompt(a, VZ_PR_EXPORT_PCAP);
}

static void act_help(struct vz_app *a, int key)
{
	(void)key;
	open_overlay(a, VZ_OV_HELP);
}

static void act_quit(struct vz_app *a, int key)
{
	(void)key;
	a->quit = 1;
}

static void (*const actions[VZ_A__COUNT])(struct vz_app *a, int key) = {
	[VZ_A_PANE] = act_pane,
	[VZ_A_PANE_UP] = act_pane_up,
	[VZ_A_PANE_DOWN] = act_pane_down,
	[VZ_A_STEP] = act_step,
	[VZ_A_NEXT] = act_next,
	[VZ_A_FINISH] = act_finish,
	[VZ_A_CONT] = act_cont,
	[VZ_A_BACK_STEP] = act_back_step,
	[VZ_A_BACK_NEXT] = act_back_next,
	[VZ_A_PAGE_DOWN] = act_page_down,
	[VZ_A_PAGE_UP] = act_page_up,
	[VZ_A_MILESTONE_NEXT] = act_milestone_next,
	[VZ_A_MILESTONE_PREV] = act_milestone_prev,
	[VZ_A_FIRST] = act_first,
	[VZ_A_LAST] = act_last,
	[VZ_A_PLAY] = act_play,
	[VZ_A_FASTER] = act_faster,
	[VZ_A_SLOWER] = act_slower,
	[VZ_A_BREAK] = act_break,
	[VZ_A_CLEAR_BREAKS] = act_clear_breaks,
	[VZ_A_RUN_TO] = act_run_to,
	[VZ_A_FOCUS_NEXT] = act_focus_next,
	[VZ_A_FOCUS_PREV] = act_focus_prev,
	[VZ_A_HOST] = act_host,
	[VZ_A_INSPECTOR] = act_inspector,
	[VZ_A_PRESENT] = act_present,
	[VZ_A_REL_SEQ] = act_rel_seq,
	[VZ_A_THEME] = act_theme,
	[VZ_A_ASCII] = act_ascii,
	[VZ_A_MENU] = act_menu,
	[VZ_A_SAVE] = act_save,
	[VZ_A_EXPORT_SEQ] = act_export_seq,
	[VZ_A_EXPORT_PCAP] = act_export_pcap,
	[VZ_A_HELP] = act_help,
	[VZ_A_QUIT] = act_quit,
};

void vz_key(struct vz_app *a, int key)
{
	int act;

	if (a->overlay) {
		overlay_key(a, key);
		return;
	}
	a->msg[0] = '\0';
	if (a->too_small && key != 'q')
		return;
	act = vz_key_action(key);
	if (act > VZ_A_NONE && act < VZ_A__COUNT && actions[act])
		actions[act](a, key);
}

int vz_mouse(struct vz_app *a, int y, int x, int wheel)
{
	int p = vz_pane_at(a, y, x);

	if (p < 0 || a->overlay)
		return 0;
	if (wheel)
		vz_pane_scroll(a, p, wheel * 3);
	else
		a->focus = p;
	return 1;
}
