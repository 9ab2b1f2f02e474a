// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario registry: one table of the scenario tables, so that trace,
 * viz, the labs and the tests find every scenario by name or position
 * without knowing which file defines it. A new topic file adds its table
 * here (and its declaration to scenario.h).
 */
#include <stdio.h>
#include <string.h>
#include "scenario.h"

/* In listing order: `kmirror scenarios`, the viz menu and --help. */
static const struct km_scenario *const tables[] = {
	km_scenarios_core,
	km_scenarios_tcp,
	km_scenarios_udp,
	km_scenarios_viz,
	km_scenarios_linux,
};

const struct km_scenario *km_scenario_at(int i)
{
	unsigned int t;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		const struct km_scenario *s;

		for (s = tables[t]; s->name; s++)
			if (i-- == 0)
				return s;
	}
	return NULL;
}

const struct km_scenario *km_scenario_find(const char *name)
{
	const struct km_scenario *s;
	int i;

	for (i = 0; (s = km_scenario_at(i)); i++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

const char *km_scenario_opt_users(unsigned int scn_opt, char *buf, size_t len)
{
	const struct km_scenario *s;
	size_t n = 0;
	int i;

	buf[0] = 0;
	for (i = 0; (s = km_scenario_at(i)) && n < len; i++)
		if (s->options & scn_opt)
			n += snprintf(buf + n, len - n, "%s%s", n ? ", " : "", s->name);
	return buf;
}

void km_scenarios_list(FILE *f)
{
	const struct km_scenario *s;
	int i, w = 0;

	for (i = 0; (s = km_scenario_at(i)); i++)
		if ((int)strlen(s->name) > w)
			w = (int)strlen(s->name);
	for (i = 0; (s = km_scenario_at(i)); i++)
		fprintf(f, "  %-*s  %s\n", w, s->name, s->summary);
}
