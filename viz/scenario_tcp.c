// SPDX-License-Identifier: GPL-2.0
/* kmirror scenarios: more TCP scenarios: passive open, simultaneous open, lost segments. */
#include <stddef.h>
#include "scenario.h"

const struct km_scenario km_scenarios_tcp[] = {
	{ NULL }
};
