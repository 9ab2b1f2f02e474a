// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror pkt: the `kmirror pkt FILE.pkt...` command, and a script as a
 * scenario for `kmirror trace FILE.pkt` and `kmirror viz FILE.pkt`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include "pkt.h"
#include "../scenario.h"

void pkt_usage(FILE *f)
{
	fputs("usage: kmirror pkt [options] FILE.pkt...\n"
	      "\n"
	      "Runs each packetdrill script against one mirrored host (the script is\n"
	      "its peer on a test wire, in virtual time). Exit status: 0 every script\n"
	      "passed, 1 a mismatch, 2 a script error. See docs/packetdrill.md.\n"
	      "\n"
	      "options:\n"
	      "  --tolerance_usecs=N  timing tolerance (default 4000)\n"
	      "  --verbose            print each packet and call as it is matched\n"
	      "  --local_ip=A         the host under test (default 192.168.0.1)\n"
	      "  --remote_ip=A        the script's address (default 192.0.2.1)\n"
	      "  --gateway_ip=A       the host's default gateway (default 192.168.0.2)\n"
	      "  --seed=N             secrets and randomness (default 1)\n", f);
}

int cmd_pkt(int argc, char **argv)
{
	struct pkt_opts o;
	unsigned long long seed = 1;
	int i, nfiles = 0, worst = 0, passed = 0;
	char err[160];

	pkt_opts_default(&o);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			pkt_usage(stdout);
			return 0;
		}
		if (!strncmp(a, "--seed", 6) && (a[6] == '=' || !a[6])) {
			const char *v = a[6] ? a + 7 : (i + 1 < argc ? argv[++i] : "");
			char *end;

			seed = strtoull(v, &end, 0);
			if (!*v || *end) {
				fprintf(stderr, "kmirror: --seed wants a number\n");
				return 2;
			}
		} else if (!strncmp(a, "--", 2)) {
			if (pkt_opt_apply(&o, a, err, sizeof(err))) {
				fprintf(stderr, "kmirror pkt: %s\n", err);
				return 2;
			}
		} else {
			nfiles++;
		}
	}
	if (!nfiles) {
		pkt_usage(stderr);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		int rc;

		if (!strncmp(argv[i], "--", 2)) {
			if (!strcmp(argv[i], "--seed"))
				i++;
			continue;
		}
		rc = pkt_run_file(argv[i], &o, seed, stderr);
		if (!rc)
			passed++;
		if (rc > worst)
			worst = rc;
	}
	if (nfiles > 1)
		fprintf(stderr, "kmirror pkt: %d of %d scripts passed\n", passed, nfiles);
	return worst;
}

/* ---- a script as a scenario ---- */
struct pkt_scn {
	struct pkt_script	*s;
	struct pkt_run		*r;
};

static void pkt_scn_free(void *p)
{
	struct pkt_scn *ps = p;

	pkt_run_free(ps->r);
	pkt_script_free(ps->s);
	free(ps);
}

static int pkt_scn_setup(struct km_scn *c)
{
	struct pkt_scn *ps = calloc(1, sizeof(*ps));
	int rc;

	if (!ps)
		return 1;
	c->priv = ps;
	c->priv_free = pkt_scn_free;
	rc = pkt_parse_file(c->scenario->name, &ps->s, stderr);
	if (rc)
		return rc;
	ps->r = pkt_run_new(c->w, ps->s, NULL, stderr);
	if (!ps->r)
		return 2;
	c->client = pkt_run_host(ps->r);
	c->wire = pkt_run_wire(ps->r);
	c->app = pkt_run_task(ps->r);
	c->server_addr = ps->s->opts.remote_ip;
	return 0;
}

static int pkt_scn_run(struct km_scn *c)
{
	struct pkt_scn *ps = c->priv;
	int rc = pkt_run(ps->r);

	km_scn_result(c, "%s: %s", c->scenario->name,
		      rc == 0 ? "every event matched" :
		      rc == 1 ? "a mismatch (above)" : "a script error (above)");
	return rc;
}

const struct km_scenario *km_pkt_scenario(struct km_scenario *buf, const char *path)
{
	size_t n = path ? strlen(path) : 0;

	if (n < 5 || strcmp(path + n - 4, ".pkt"))
		return NULL;
	memset(buf, 0, sizeof(*buf));
	buf->name = path;
	buf->summary = "a packetdrill script (docs/packetdrill.md)";
	buf->peers = KM_SCN_PEER_NONE | KM_SCN_PEER_SCRIPT;
	buf->setup = pkt_scn_setup;
	buf->run = pkt_scn_run;
	return buf;
}
