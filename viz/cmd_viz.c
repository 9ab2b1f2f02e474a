// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz [SCENARIO] [options]: run a scenario with the recorder
 * attached, then step through it in the ncurses visualizer (viz/screen.h).
 * Or replay a saved recording, or write the recording, the sequence
 * diagram or the packets to files without opening the screen.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <kmapi/trace.h>
#include "cli.h"
#include "../scenarios/scenario.h"
#include "screen.h"

/* ncurses keeps some tables for the life of the process, by design. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libncursesw.so\nleak:libtinfo.so\nleak:libncurses.so\n";
}

struct viz_opts {
	const char *replay, *save, *export_seq, *export_pcap;
	const char *theme, *layout, *term, *keys, *step;
	int ascii, attrs, headless_rows, headless_cols, bench;
};

static void usage(FILE *f)
{
	km_cli_usage_cmd(f, "viz");
}

/* Take the visualizer's own options out of argv (the rest is common). */
static int take_viz_opts(int *argc, char **argv, struct viz_opts *v)
{
	static const char *const valued[] = {
		"--replay", "--save", "--export-seq", "--export-pcap", "--theme",
		"--layout", "--term", "--keys", "--headless", "--step",
	};
	int i, out = 1;

	for (i = 1; i < *argc; i++) {
		const char *a = argv[i], *val = NULL;
		size_t k, n;
		int which = -1;

		for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
			n = strlen(valued[k]);
			if (!strncmp(a, valued[k], n) && (a[n] == '\0' || a[n] == '=')) {
				which = (int)k;
				if (a[n] == '=') {
					val = a + n + 1;
				} else if (i + 1 < *argc) {
					val = argv[++i];
				} else {
					fprintf(stderr, "kmirror: %s needs a value\n", valued[k]);
					return -1;
				}
				break;
			}
		}
		switch (which) {
		case 0: v->replay = val; break;
		case 1: v->save = val; break;
		case 2: v->export_seq = val; break;
		case 3: v->export_pcap = val; break;
		case 4: v->theme = val; break;
		case 5: v->layout = val; break;
		case 6: v->term = val; break;
		case 7: v->keys = val; break;
		case 8:
			if (sscanf(val, "%dx%d", &v->headless_rows, &v->headless_cols) != 2 ||
			    v->headless_rows < 1 || v->headless_cols < 1 ||
			    v->headless_rows > 500 || v->headless_cols > 1000) {
				fprintf(stderr, "kmirror: --headless wants ROWSxCOLS, e.g. 24x80\n");
				return -1;
			}
			break;
		case 9: v->step = val; break;
		default:
			if (!strcmp(a, "--ascii"))
				v->ascii = 1;
			else if (!strcmp(a, "--attrs"))
				v->attrs = 1;
			else if (!strcmp(a, "--bench"))
				v->bench = 1;
			else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
				usage(stdout);
				return 1;
			} else if (!strcmp(a, "--keys-table")) {
				vz_keymap_write_md(stdout);
				return 1;
			} else
				argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

static int write_files(struct vz_app *a, const struct viz_opts *v, const char *pcap)
{
	char err[300];

	if (v->save) {
		if (vz_rec_save(&a->rec, v->save, err, sizeof(err))) {
			fprintf(stderr, "kmirror: %s\n", err);
			return 1;
		}
		printf("kmirror: %d steps (%d events) recorded in %s\n", a->rec.nsteps,
		       a->rec.nevs, v->save);
	}
	if (v->export_seq) {
		FILE *f = strcmp(v->export_seq, "-") ? fopen(v->export_seq, "w") : stdout;
		int e = f ? 0 : errno;

		if (f) {
			errno = 0;
			if (vz_seq_render_text(a, f, 78) || fflush(f) || ferror(f))
				e = errno ? errno : EIO;
			if (f != stdout && fclose(f) && !e)
				e = errno;
		}
		if (e) {
			char sh[KM_ARG_SHOW];

			fprintf(stderr, "kmirror: %s: %s\n",
				km_arg_show(v->export_seq, sh, sizeof(sh)), strerror(e));
			return 1;
		}
	}
	if (v->export_pcap || pcap) {
		const char *path = v->export_pcap ? v->export_pcap : pcap;

		if (vz_rec_export_pcap_host(&a->rec, path, a->opts.pcap_host, err,
					    sizeof(err))) {
			fprintf(stderr, "kmirror: %s\n", err);
			return 1;
		}
		if (v->export_pcap)
			printf("kmirror: %d packets written to %s\n", a->rec.npkts, path);
	}
	return 0;
}

int cmd_viz(int argc, char **argv)
{
	struct viz_opts v = { 0 };
	struct km_cli_opts o;
	struct vz_app *a;
	const char *name, *cs;
	char err[300];
	int rc, status = 0;

	rc = take_viz_opts(&argc, argv, &v);
	if (rc)
		return rc < 0 ? 2 : 0;
	argc = km_cli_parse(argc, argv, &o, KM_CLI_VIZ);
	if (argc < 0)
		return 2;
	if (argc > 2) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: viz takes one scenario; what is '%s'?\n",
			km_arg_show(argv[2], sh, sizeof(sh)));
		return 2;
	}
	if (o.pcap_host && !o.pcap && !v.export_pcap) {
		fprintf(stderr, "kmirror: --pcap-host goes with --pcap or --export-pcap FILE\n");
		return 2;
	}
	if (v.step && (strspn(v.step, "0123456789") != strlen(v.step) ||
		       strlen(v.step) > 9 || atoi(v.step) < 1)) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: --step wants a step number from 1, not '%s'\n",
			km_arg_show(v.step, sh, sizeof(sh)));
		return 2;
	}
	if (v.keys && vz_keys_check(v.keys, err, sizeof(err))) {
		fprintf(stderr, "kmirror: --keys: %s\n", err);
		return 2;
	}
	if (v.theme && vz_theme_by_name(v.theme) < 0) {
		fprintf(stderr, "kmirror: --theme is colour, cb or mono\n");
		return 2;
	}
	if (v.layout && strcmp(v.layout, "normal") && strcmp(v.layout, "present")) {
		fprintf(stderr, "kmirror: --layout is normal or present\n");
		return 2;
	}

	a = calloc(1, sizeof(*a));
	if (!a)
		return 1;
	vz_app_init(a);
	a->opts = o;
	if (v.replay) {
		if (vz_rec_load(&a->rec, v.replay, err, sizeof(err))) {
			fprintf(stderr, "kmirror: %s\n", err);
			status = 1;
			goto out;
		}
		a->replay = 1;
	} else {
		const struct km_scenario *s;
		struct km_scenario pkt_scn;

		name = argc > 1 ? argv[1] : "connect";
		s = km_scenario_find(name);
		if (!s)
			s = km_pkt_scenario(&pkt_scn, name);	/* a packetdrill script */
		if (!s) {
			char sh[KM_ARG_SHOW];

			fprintf(stderr, "kmirror: no scenario '%s'; these exist:\n",
				km_arg_show(name, sh, sizeof(sh)));
			cmd_scenarios(0, NULL);
			status = 2;
			goto out;
		}
		rc = vz_rec_scenario(&a->rec, s, &o, NULL);
		if (rc) {
			status = rc;
			goto out;
		}
	}
	if (a->rec.truncated)
		fprintf(stderr, "kmirror: the recording stopped after %d events\n",
			a->rec.nevs);
	a->ascii = v.ascii;	/* --export-seq too */
	if (write_files(a, &v, o.pcap)) {
		status = 1;
		goto out;
	}
	if (v.save || v.export_seq || v.export_pcap)
		goto out;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	a->utf8_ok = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
	a->ascii = v.ascii || !a->utf8_ok;
	if (v.theme)
		a->theme = vz_theme_by_name(v.theme);
	if (v.layout && !strcmp(v.layout, "present"))
		a->layout = VZ_L_PRESENT;
	vz_find_srcroot(a, argv[0]);
	vz_goto(a, vz_nav_start(&a->rec));
	if (v.step) {
		int want = atoi(v.step), i;

		if (want > a->rec.nsteps) {
			fprintf(stderr, "kmirror: --step %d: this recording has %d steps\n",
				want, a->rec.nsteps);
			status = 2;
			goto out;
		}
		for (i = 0; i < a->rec.nevs; i++)
			if (a->rec.evs[i].type == KM_EV_STEP && a->rec.evs[i].stepno == want) {
				vz_goto(a, i);
				break;
			}
	}
	if (v.bench) {
		status = vz_bench(a, stdout);
		goto out;
	}
	if (v.headless_rows) {
		struct vz_headless h = {
			.rows = v.headless_rows, .cols = v.headless_cols,
			.term = v.term, .keys = v.keys, .dump = stdout, .attrs = v.attrs,
		};

		if (vz_run_headless(a, &h)) {
			char sh[KM_ARG_SHOW];

			fprintf(stderr, "kmirror: cannot set up a headless screen (terminal %s)\n",
				km_arg_show(v.term ? v.term : "xterm-256color", sh,
					    sizeof(sh)));
			status = 1;
		}
		goto out;
	}
	if (vz_term_check(err, sizeof(err))) {
		fprintf(stderr, "kmirror: %s (try TERM=xterm-256color; or --headless "
			"RxC, --export-seq FILE)\n", err);
		status = 2;
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kmirror: viz needs a terminal (or --headless RxC, --save FILE, "
			"--export-seq FILE)\n");
		status = 2;
		goto out;
	}
	if (vz_run_tty(a)) {
		char sh[KM_ARG_SHOW];

		fprintf(stderr, "kmirror: cannot start the screen (TERM=%s)\n",
			km_arg_show(getenv("TERM") ? getenv("TERM") : "", sh, sizeof(sh)));
		status = 1;
	}
out:
	if (km_cli_finish_stdout(0) && !status)
		status = 1;
	vz_app_free(a);
	free(a);
	return status;
}
