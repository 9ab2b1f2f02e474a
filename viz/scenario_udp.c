// SPDX-License-Identifier: GPL-2.0
/* kmirror scenarios: UDP connect() and ICMP errors (issue #5). */
#include <stddef.h>
#include "scenario.h"

const struct km_scenario km_scenarios_udp[] = {
	{ NULL }
};
