// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz --bench: what `make bench` reports for the visualizer
 * (its targets): the time to render a full frame at 200x60 (at
 * most 1 ms), the memory a recorded step takes (at most 16 KiB), and the
 * time to rewind across the whole recording. Never part of the tests.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <curses.h>
#include "../../../viz/screen.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int vz_bench(struct vz_app *a, FILE *out)
{
	FILE *devnull = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	struct vz_rec *r = &a->rec;
	SCREEN *scr;
	double t0, t_draw = 0, t_blit = 0, t_out = 0, t_seek;
	int frames = 0, i, k, round;
	size_t mem = vz_rec_memory(r);

	if (!devnull || !in || !r->nevs) {
		if (devnull)
			fclose(devnull);
		if (in)
			fclose(in);
		return 1;
	}
	scr = newterm("xterm-256color", devnull, in);
	if (!scr) {
		fclose(devnull);
		fclose(in);
		return 1;
	}
	set_term(scr);
	a->theme = VZ_THEME_COLOUR;
	vz_theme_apply(a);
	resize_term(60, 200);
	vz_layout(a, LINES, COLS);
	/* every layout pane busy: open all groups of every structure */
	for (i = 0; i < r->nobjs; i++)
		r->objs[i].ui_collapsed = 0;
	for (round = 0; round < 3; round++)
		for (k = 0; k < 200; k++) {
			int pos = (int)((long long)(r->nevs - 1) * k / 199);
			double t1, t2, t3;

			vz_goto(a, pos);
			t0 = now_s();
			vz_draw(a);
			t1 = now_s();
			vz_blit(a);
			wnoutrefresh(stdscr);
			t2 = now_s();
			doupdate();
			t3 = now_s();
			t_draw += t1 - t0;
			t_blit += t2 - t1;
			t_out += t3 - t2;
			frames++;
		}
	endwin();
	delscreen(scr);
	fclose(devnull);
	fclose(in);

	t0 = now_s();
	for (round = 0; round < 10; round++) {
		vz_rec_seek(r, r->nevs - 1);
		vz_rec_seek(r, -1);
	}
	t_seek = (now_s() - t0) / 20;

	fprintf(out, "viz_scenario %s\n", r->scenario ? r->scenario : "?");
	fprintf(out, "viz_recorded %d steps, %d events, %u field changes, %d packets\n",
		r->nsteps, r->nevs, r->ndiffs, r->npkts);
	fprintf(out, "viz_frame_200x60_us %.1f (canvas %.1f + ncurses %.1f + output %.1f; target <= 1000)\n",
		(t_draw + t_blit + t_out) / frames * 1e6, t_draw / frames * 1e6,
		t_blit / frames * 1e6, t_out / frames * 1e6);
	fprintf(out, "viz_bytes_per_step %zu (target <= 16384)\n",
		r->nsteps ? mem / (size_t)r->nsteps : mem);
	fprintf(out, "viz_10000_steps_mib %.1f\n",
		r->nsteps ? (double)mem / r->nsteps * 10000 / (1 << 20) : 0.0);
	fprintf(out, "viz_rewind_whole_recording_us %.1f\n", t_seek * 1e6);
	fprintf(out, "viz frame target (<= 1 ms): %s\n",
		(t_draw + t_blit + t_out) / frames <= 0.001 ? "met" : "NOT met");
	fprintf(out, "viz memory target (<= 16 KiB/step): %s\n",
		r->nsteps && mem / (size_t)r->nsteps <= 16384 ? "met" : "NOT met");
	return 0;
}
