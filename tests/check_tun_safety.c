// SPDX-License-Identifier: GPL-2.0
/*
 * What kmirror's TUN mode must never do: take over a network
 * namespace it did not create, remove a file at /run/netns/NAME that is
 * not a namespace, accept a namespace name that is a path, or go on as
 * root when a drop back to the sudo user was asked for and cannot be
 * done exactly.
 *
 * The namespaces here are this test's own, with unique names
 * ("kmt-safety-<pid>-..."), made directly (not by kmirror) to play
 * someone else's, and removed by the test whatever happens. Needs root
 * and /dev/net/tun; elsewhere the checks are reported as SKIPPED.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <kmapi/tun.h>
#include "kmtest.h"

#define RUN_TIMEOUT_MS	40000

static char kmirror_bin[PATH_MAX];
static char names[4][48];	/* foreign namespace, plain file, symlink, own */

/* ---- running kmirror ---- */

struct out {
	int	status;		/* exit status, 128+signal, or -1 */
	char	text[16384];	/* stdout and stderr */
};

/* kmirror ARGS with NAME=value settings added to the environment. */
static void run(struct out *o, const char *const *env, const char *const *args)
{
	char path[64];
	int fd, st = 0, waited = 0, i;
	const char *argv[12];
	pid_t pid;
	ssize_t n;

	snprintf(path, sizeof(path), "/tmp/kmt-safety-%d.out", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert(fd >= 0);
	argv[0] = kmirror_bin;
	for (i = 0; args[i] && i < 10; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		unsetenv("SUDO_UID");
		unsetenv("SUDO_GID");
		for (i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	o->status = -1;
	while (waited < RUN_TIMEOUT_MS) {
		struct timespec ts = { 0, 10 * 1000000 };

		if (waitpid(pid, &st, WNOHANG) == pid) {
			o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			break;
		}
		nanosleep(&ts, NULL);
		waited += 10;
	}
	if (o->status < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	n = pread(fd, o->text, sizeof(o->text) - 1, 0);
	o->text[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
}

#define assert_out(o, want_status, needle)					\
	do {									\
		ck_assert_msg((o)->status == (want_status) &&			\
			      strstr((o)->text, (needle)),			\
			      "[%s] expected exit %d and \"%s\"; got exit %d:\n%s", \
			      T.step, (want_status), (needle), (o)->status,	\
			      (o)->text);					\
	} while (0)

/* ---- a namespace someone else made ---- */

/* Like `ip netns add`, without kmirror: a child unshares and its
 * namespace is bind-mounted on /run/netns/<name>; lo is up with an
 * address, as its owner left it. */
static void make_foreign_netns(const char *name)
{
	char path[200];
	pid_t pid;
	int st, fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	mkdir("/run/netns", 0755);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL, 0);
	ck_assert_msg(fd >= 0, "create %s: %s", path, strerror(errno));
	close(fd);
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWNET) ||
		    mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) ||
		    km_nl_link_up("lo") || km_nl_addr_add("lo", "192.0.2.77", 32))
			_exit(1);
		_exit(0);
	}
	ck_assert(pid > 0 && waitpid(pid, &st, 0) == pid);
	ck_assert_msg(WIFEXITED(st) && !WEXITSTATUS(st), "could not make %s", name);
}

/* Remove this test's own namespaces and files (never kmirror's API:
 * it refuses them, which is the point). */
static void cleanup(void)
{
	char path[200];
	int i;

	for (i = 0; i < 4; i++) {
		if (!names[i][0])
			continue;
		snprintf(path, sizeof(path), "/run/netns/%.47s", names[i]);
		umount2(path, MNT_DETACH);
		unlink(path);
		snprintf(path, sizeof(path), "/run/kmirror/netns/%.47s", names[i]);
		unlink(path);
	}
}

/* What the namespace looks like from inside: kmtun0 there? icmp rate
 * limit? lo's address? */
struct inside {
	bool	has_kmtun0;
	char	ratelimit[16];
	char	lo[256];
};

static void look_inside(const char *name, struct inside *in)
{
	int prev, fd;
	ssize_t n;

	memset(in, 0, sizeof(*in));
	ck_assert_int_eq(km_netns_enter(name, &prev), 0);
	in->has_kmtun0 = if_nametoindex(KM_TUN_IFNAME) != 0;
	fd = open("/proc/sys/net/ipv4/icmp_ratelimit", O_RDONLY);
	n = fd >= 0 ? read(fd, in->ratelimit, sizeof(in->ratelimit) - 1) : -1;
	in->ratelimit[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	km_nl_describe(in->lo, sizeof(in->lo));
	ck_assert_int_eq(km_netns_return(prev), 0);
}

START_TEST(test_a_namespace_kmirror_did_not_create_is_left_alone)
{
	char env[96];
	const char *envs[] = { env, NULL };
	const char *up[] = { "net", "up", NULL }, *down[] = { "net", "down", NULL };
	const char *status[] = { "net", "status", NULL };
	const char *peer[] = { "trace", "connect", "--peer", "linux", "--quiet", NULL };
	struct inside before, after;
	static struct out o;

	snprintf(env, sizeof(env), "%s=%s", KM_TUN_NETNS_ENV, names[0]);
	make_foreign_netns(names[0]);
	look_inside(names[0], &before);
	ck_assert_int_eq(km_netns_owner(names[0]), KM_NETNS_FOREIGN);

	kmt_step("kmirror net up on it");
	run(&o, envs, up);
	assert_out(&o, 1, "kmirror did not create");
	kmt_step("--peer linux with it named");
	run(&o, envs, peer);
	assert_out(&o, 1, "kmirror did not create");
	kmt_step("kmirror net status");
	run(&o, envs, status);
	assert_out(&o, 1, "kmirror did not create it");
	kmt_step("kmirror net down");
	run(&o, envs, down);
	assert_out(&o, 1, "kmirror did not create");

	kmt_step("the namespace is still there, as its owner left it");
	ck_assert(km_netns_exists(names[0]));
	look_inside(names[0], &after);
	ck_assert(!after.has_kmtun0);
	ck_assert_str_eq(after.ratelimit, before.ratelimit);
	ck_assert_str_eq(after.lo, before.lo);
	ck_assert_msg(strstr(after.lo, "192.0.2.77/32"), "lo: %s", after.lo);
	kmt_step("the API refuses too");
	ck_assert_int_eq(km_netns_delete(names[0]), -EPERM);
	ck_assert_int_eq(km_netns_create(names[0]), -EEXIST);
	ck_assert(km_netns_exists(names[0]));
	kmt_step("km_tun_ns_configure() in it");
	{
		int prev, fd = -1;

		ck_assert_int_eq(km_netns_enter(names[0], &prev), 0);
		ck_assert_int_eq(km_tun_ns_configure(false, &fd), -KM_ENOTOURS);
		ck_assert_int_eq(km_netns_return(prev), 0);
	}
}
END_TEST

START_TEST(test_a_file_at_run_netns_name_is_never_removed)
{
	char env[96], path[96], link[96], buf[32];
	const char *envs[] = { env, NULL };
	const char *up[] = { "net", "up", NULL }, *down[] = { "net", "down", NULL };
	static struct out o;
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", names[1]);
	mkdir("/run/netns", 0755);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert(fd >= 0 && write(fd, "precious", 8) == 8);
	close(fd);
	snprintf(env, sizeof(env), "%s=%s", KM_TUN_NETNS_ENV, names[1]);
	ck_assert_int_eq(km_netns_owner(names[1]), KM_NETNS_NOT_NS);
	kmt_step("kmirror net up over a plain file");
	run(&o, envs, up);
	assert_out(&o, 1, "is not a network namespace");
	kmt_step("kmirror net down");
	run(&o, envs, down);
	assert_out(&o, 1, "is not a network namespace");
	ck_assert_int_eq(km_netns_delete(names[1]), -ENOTSUP);
	fd = open(path, O_RDONLY);
	ck_assert_msg(fd >= 0, "%s was removed", path);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 8);
	close(fd);

	kmt_step("a symbolic link to the host's own namespace");
	snprintf(link, sizeof(link), "/run/netns/%s", names[2]);
	ck_assert(!symlink("/proc/1/ns/net", link));
	ck_assert(!km_netns_exists(names[2]));
	ck_assert_int_eq(km_netns_owner(names[2]), KM_NETNS_NOT_NS);
	snprintf(env, sizeof(env), "%s=%s", KM_TUN_NETNS_ENV, names[2]);
	run(&o, envs, up);
	assert_out(&o, 1, "is not a network namespace");
	run(&o, envs, down);
	assert_out(&o, 1, "is not a network namespace");
	ck_assert_int_eq(km_netns_enter(names[2], NULL), -ENOENT);
	{
		struct stat st;

		ck_assert(!lstat(link, &st) && S_ISLNK(st.st_mode));
	}
}
END_TEST

START_TEST(test_invalid_kmirror_netns_is_an_error)
{
	static char longname[200];
	static char env_long[256];
	const char *bad[] = { "../../etc", "", "a/b", "a b", "..", "ns$", env_long };
	const char *up[] = { "net", "up", NULL };
	const char *peer[] = { "trace", "connect", "--peer", "linux", "--quiet", NULL };
	static struct out o;
	unsigned int i;

	memset(longname, 'n', KM_NETNS_NAME_MAX + 1);
	snprintf(env_long, sizeof(env_long), "%s", longname);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char env[300];
		const char *envs[] = { env, NULL };

		snprintf(env, sizeof(env), "%s=%s", KM_TUN_NETNS_ENV, bad[i]);
		kmt_step("%s net up", env);
		run(&o, envs, up);
		assert_out(&o, 2, "is not a namespace name");
		kmt_step("%s trace connect --peer linux", env);
		run(&o, envs, peer);
		assert_out(&o, 1, "is not a namespace name");
		ck_assert(!km_netns_name_valid(bad[i]));
	}
	ck_assert(km_netns_name_valid("kmirror"));
	ck_assert(km_netns_name_valid("a.b-c_d"));
}
END_TEST

START_TEST(test_a_namespace_kmirror_created_is_its_own_and_goes_with_net_down)
{
	char env[96], marker[96];
	const char *envs[] = { env, NULL };
	const char *up[] = { "net", "up", NULL }, *down[] = { "net", "down", NULL };
	const char *name = names[3];
	static struct out o;

	snprintf(env, sizeof(env), "%s=%s", KM_TUN_NETNS_ENV, name);
	snprintf(marker, sizeof(marker), "/run/kmirror/netns/%s", name);
	run(&o, envs, up);
	assert_out(&o, 0, "is up");
	ck_assert_int_eq(km_netns_owner(name), KM_NETNS_OURS);
	ck_assert(!access(marker, F_OK));
	run(&o, envs, down);
	assert_out(&o, 0, "is down");
	ck_assert_int_eq(km_netns_owner(name), KM_NETNS_ABSENT);
	ck_assert_msg(access(marker, F_OK) && errno == ENOENT, "%s left behind", marker);
}
END_TEST

/* ---- the privilege drop ---- */

START_TEST(test_a_drop_that_cannot_be_done_exactly_stops_the_run)
{
	static const char *const cases[][3] = {
		{ "SUDO_UID=65534 ", "SUDO_GID=65534", "do not name a user" },
		{ "SUDO_UID=65534", NULL, "do not name a user" },
		{ "SUDO_UID=+65534", "SUDO_GID=65534", "do not name a user" },
		{ "SUDO_UID=99999999999", "SUDO_GID=65534", "do not name a user" },
		{ "SUDO_UID=", "SUDO_GID=65534", "do not name a user" },
		{ "SUDO_UID=65534", "SUDO_GID=0", "refusing to continue with root's group" },
	};
	const char *peer[] = { "trace", "connect", "--peer", "linux", "--quiet", NULL };
	static struct out o;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *envs[] = { KM_TUN_NETNS_ENV "=-", cases[i][0], cases[i][1],
				       NULL };

		kmt_step("%s %s", cases[i][0], cases[i][1] ? cases[i][1] : "(no SUDO_GID)");
		run(&o, envs, peer);
		assert_out(&o, 1, cases[i][2]);
		ck_assert_msg(!strstr(o.text, "socket table"), "the scenario ran:\n%s",
			      o.text);
	}
}
END_TEST

START_TEST(test_the_run_says_which_uid_it_continues_as)
{
	const char *peer[] = { "trace", "connect", "--peer", "linux", "--quiet", NULL };
	const char *sudo[] = { KM_TUN_NETNS_ENV "=-", "SUDO_UID=65534",
			       "SUDO_GID=65534", NULL };
	const char *root[] = { KM_TUN_NETNS_ENV "=-", NULL };
	static struct out o;

	kmt_step("under sudo");
	run(&o, sudo, peer);
	assert_out(&o, 0, "continuing as uid 65534 (SUDO_UID), gid 65534 (SUDO_GID)");
	kmt_step("root, not under sudo");
	run(&o, root, peer);
	assert_out(&o, 0, "continuing as uid 0 (root, not under sudo");
}
END_TEST

START_TEST(test_net_bench_drops_root_after_its_set_up)
{
	const char *bench[] = { "net", "bench", "--count", "100", "--only", "linux",
				"--only", "mirror", NULL };
	const char *sudo[] = { "SUDO_UID=65534", "SUDO_GID=65534", NULL };
	const char *bad[] = { "SUDO_UID=65534x", "SUDO_GID=65534", NULL };
	static struct out o;

	kmt_step("SUDO_UID=65534 kmirror net bench");
	run(&o, sudo, bench);
	assert_out(&o, 0, "continuing as uid 65534 (SUDO_UID), gid 65534 (SUDO_GID)");
	assert_out(&o, 0, "mirror over TUN, no tracer");
	kmt_step("SUDO_UID=65534x kmirror net bench");
	run(&o, bad, bench);
	assert_out(&o, 1, "refusing to continue as root");
}
END_TEST

/* ---- what can run here ---- */

/* Root, /dev/net/tun, and namespaces that work: NULL, or why not. */
static const char *cannot_run(void)
{
	pid_t pid;
	int st = 0;

	if (access("/dev/net/tun", F_OK) || !km_have_cap(12) || !km_have_cap(21))
		return "needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and /dev/net/tun; "
		       "CI runs them as root";
	pid = fork();
	if (pid == 0)
		_exit(km_netns_private() || km_tun_open("kmtprobe0") < 0);
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       !WEXITSTATUS(st) ? NULL : "network namespaces or TUN fail here";
}

int main(void)
{
	const struct { const TTest *t; } all[] = {
		{ test_a_namespace_kmirror_did_not_create_is_left_alone },
		{ test_a_file_at_run_netns_name_is_never_removed },
		{ test_invalid_kmirror_netns_is_an_error },
		{ test_a_namespace_kmirror_created_is_its_own_and_goes_with_net_down },
		{ test_a_drop_that_cannot_be_done_exactly_stops_the_run },
		{ test_the_run_says_which_uid_it_continues_as },
		{ test_net_bench_drops_root_after_its_set_up },
	};
	Suite *s = suite_create("tun_safety");
	TCase *tc = tcase_create("safety");
	const char *why;
	ssize_t n;
	size_t i;
	int ret;

	n = readlink("/proc/self/exe", kmirror_bin, sizeof(kmirror_bin) - 16);
	if (n <= 0)
		return 1;
	kmirror_bin[n] = 0;
	*strrchr(kmirror_bin, '/') = 0;		/* <build>/tests */
	*strrchr(kmirror_bin, '/') = 0;		/* <build> */
	strcat(kmirror_bin, "/kmirror");
	snprintf(names[0], sizeof(names[0]), "kmt-safety-%d-foreign", (int)getpid());
	snprintf(names[1], sizeof(names[1]), "kmt-safety-%d-file", (int)getpid());
	snprintf(names[2], sizeof(names[2]), "kmt-safety-%d-link", (int)getpid());
	snprintf(names[3], sizeof(names[3]), "kmt-safety-%d-own", (int)getpid());
	why = cannot_run();
	if (why) {
		printf("SKIPPED: %zu checks: %s\n", sizeof(all) / sizeof(all[0]), why);
		fflush(stdout);
		suite_add_tcase(s, tc);	/* nothing runs here */
		return kmt_run(s);
	}
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, NULL, cleanup);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		tcase_add_test(tc, all[i].t);
	suite_add_tcase(s, tc);
	ret = kmt_run(s);
	cleanup();
	return ret;
}
