// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror sim: the two-host set-up the tests (kmt_setup_two) and the
 * scenarios (km_scn_two_hosts) share, built in one place.
 */
#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/sim.h>

int km_sim_two_hosts(struct km_world *w, struct host **client,
		     struct host **server, struct km_link **link)
{
	*client = km_host_new(w, "client");
	*server = km_host_new(w, "server");
	*link = km_link_new(w, *client, "eth0", *server, "eth0", 1500,
			    KM_SIM_LINK_DELAY_NS);
	if (!*link || km_host_add_addr(*client, "eth0", KM_SIM_CLIENT "/24") ||
	    km_host_add_addr(*server, "eth0", KM_SIM_SERVER "/24"))
		return -1;
	return 0;
}
