// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror net up|down|status|bench: the namespace --peer linux uses (its
 * set-up checks and messages are the Linux peer's, scenarios/linux_peer.c;
 * the benchmark is tests/bench/cli/net_bench.c). See docs/tun.md.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <kmapi/km.h>
#include <kmapi/tun.h>
#include "cli.h"
#include "../scenarios/linux_peer.h"

static void print_plan(FILE *f, const char *name)
{
	fprintf(f,
		"  address plan (RFC 2544 benchmarking range, never routed):\n"
		"    namespace %-12s Linux: %s %s/%d   blackhole %s/24\n"
		"    kmirror process        mirror host: %s %s (over TUN)\n",
		name, KM_TUN_IFNAME, KM_TUN_LINUX_ADDR, KM_TUN_PREFIXLEN,
		KM_TUN_DROP_NET, KM_TUN_MIRROR_DEV, KM_TUN_MIRROR_ADDR);
}

static void warn_collision(void)
{
	char what[128];
	int r = km_tun_plan_collision(what, sizeof(what));

	if (r > 0)
		fprintf(stderr,
			"kmirror: note: this machine also uses %s, inside %s/%d.\n"
			"  kmirror's namespace is separate, so nothing breaks, but captures\n"
			"  and addresses may be confusing.\n",
			what, KM_TUN_PLAN_BLOCK, KM_TUN_PLAN_BLOCK_LEN);
}

static int net_describe(const char *name)
{
	char buf[2048];
	int prev, err, n;

	err = km_netns_enter(name, &prev);
	if (err) {
		fprintf(stderr, "kmirror: cannot enter namespace %s: %s\n", name,
			strerror(-err));
		return 1;
	}
	n = km_nl_describe(buf, sizeof(buf));
	km_netns_return(prev);
	if (n < 0) {
		fprintf(stderr, "kmirror: cannot read namespace %s: %s\n", name,
			strerror(-n));
		return 1;
	}
	fputs(buf, stdout);
	return 0;
}

static int net_up(const char *name)
{
	bool created = false;
	int err, prev, owner;

	if (km_net_check_setup("kmirror net up"))
		return 1;
	owner = km_netns_owner(name);
	if (owner == KM_NETNS_FOREIGN || owner == KM_NETNS_NOT_NS) {
		km_net_explain_not_ours(name, owner);
		return 1;
	}
	if (owner < 0) {
		fprintf(stderr, "kmirror: cannot look at namespace %s: %s\n", name,
			strerror(-owner));
		return 1;
	}
	warn_collision();
	if (owner != KM_NETNS_OURS) {
		err = km_netns_create(name);
		if (err) {
			if (err == -EPERM || err == -EACCES)
				km_net_explain_privileges("kmirror net up", err);
			else
				fprintf(stderr, "kmirror: cannot create namespace %s: %s\n",
					name, strerror(-err));
			return 1;
		}
		created = true;
	}
	err = km_netns_enter(name, &prev);
	if (!err) {
		int e2 = km_tun_ns_configure(true, NULL);

		err = km_netns_return(prev);
		if (e2)
			err = e2;
	}
	if (err) {
		km_net_explain_tun_error(err);
		if (created)
			km_netns_delete(name);
		return 1;
	}
	printf("kmirror net: namespace %s is %s\n", name,
	       created ? "up" : "already up (configuration checked)");
	print_plan(stdout, name);
	return net_describe(name);
}

static int net_down(const char *name)
{
	int err, prev, owner;

	if (!km_netns_exists(name) && km_netns_owner(name) != KM_NETNS_NOT_NS) {
		if (km_netns_owner(name) == KM_NETNS_STALE)
			km_netns_delete(name);
		printf("kmirror net: namespace %s is already down\n", name);
		return 0;
	}
	if (km_net_check_setup("kmirror net down"))
		return 1;
	owner = km_netns_owner(name);
	if (owner != KM_NETNS_OURS) {
		if (owner < 0)
			fprintf(stderr, "kmirror: cannot look at namespace %s: %s\n",
				name, strerror(-owner));
		else
			km_net_explain_not_ours(name, owner);
		return 1;
	}
	/* Remove the persistent device explicitly, then the name; the
	 * namespace goes when its last user (a running kmirror) exits. */
	err = km_netns_enter(name, &prev);
	if (!err) {
		km_nl_link_del(KM_TUN_IFNAME);
		km_nl_link_del(KM_TUN_VETH_NAME);
		km_netns_return(prev);
	}
	err = km_netns_delete(name);
	if (err && err != -ENOENT) {
		fprintf(stderr, "kmirror: cannot remove namespace %s: %s\n", name,
			strerror(-err));
		return 1;
	}
	printf("kmirror net: namespace %s is down\n", name);
	return 0;
}

static int net_status(const char *name)
{
	if (!km_netns_exists(name)) {
		printf("kmirror net: namespace %s is down "
		       "(--peer linux uses a private namespace per run)\n", name);
		return 3;
	}
	if (!km_have_cap(KM_CAP_SYS_ADMIN)) {
		printf("kmirror net: namespace %s is up\n", name);
		print_plan(stdout, name);
		printf("  (details need root: sudo kmirror net status)\n");
		return 0;
	}
	if (km_netns_owner(name) != KM_NETNS_OURS) {
		printf("kmirror net: a namespace %s exists, but kmirror did not "
		       "create it (net up and --peer linux leave it alone)\n", name);
		return 1;
	}
	printf("kmirror net: namespace %s is up\n", name);
	print_plan(stdout, name);
	warn_collision();
	return net_describe(name) ? 1 : 0;
}

static void net_usage(FILE *f)
{
	fprintf(f,
		"usage: kmirror net up|down|status|bench\n"
		"  up      create the network namespace (default \"%s\", or $%s)\n"
		"          with the TUN device %s (%s/%d) that --peer linux uses\n"
		"  down    remove it\n"
		"  status  show it (exit status 3 if it is down)\n"
		"  bench   connect() latency and rate: mirror over TUN vs Linux over veth\n"
		"          [--count N] (make bench runs it)\n"
		"up and down need root; both are idempotent. See docs/tun.md.\n",
		KM_TUN_NETNS, KM_TUN_NETNS_ENV, KM_TUN_IFNAME, KM_TUN_LINUX_ADDR,
		KM_TUN_PREFIXLEN);
}

static int net_cmd(int argc, char **argv)
{
	const char *name = km_netns_name();

	if (argc < 2) {
		net_usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "bench"))
		return km_net_bench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		net_usage(stdout);
		return 0;
	}
	if (!name) {
		fprintf(stderr, "kmirror: %s=- asks for private namespaces; "
			"there is nothing to bring up or down\n", KM_TUN_NETNS_ENV);
		return 2;
	}
	if (km_net_check_env())
		return 2;
	if (!strcmp(argv[1], "up"))
		return net_up(name);
	if (!strcmp(argv[1], "down"))
		return net_down(name);
	if (!strcmp(argv[1], "status"))
		return net_status(name);
	net_usage(stderr);
	return 2;
}

/* `kmirror net ...`; what it printed must have reached standard output. */
int cmd_net(int argc, char **argv)
{
	int status = net_cmd(argc, argv);

	if (km_cli_finish_stdout(0) && !status)
		status = 1;
	return status;
}
