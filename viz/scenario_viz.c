// SPDX-License-Identifier: GPL-2.0
/* kmirror scenarios: scenarios made for the visualizer's menu (issue #7). */
#include <stddef.h>
#include "scenario.h"

const struct km_scenario km_scenarios_viz[] = {
	{ NULL }
};
