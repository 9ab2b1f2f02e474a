// SPDX-License-Identifier: GPL-2.0
/*
 * socket(): the matrix of family x type x protocol, the initial field
 * values, resource errors, close(), the trace, and
 * several hosts in one process.
 */
#include <string.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include "kmtest.h"

#ifndef SOCK_DCCP
#define SOCK_DCCP 6
#endif
#define CAP_NET_RAW_BIT	(1ULL << 13)

struct sock_case {
	const char	*name;
	int		family, type, protocol;
	bool		root;
	long		err;		/* expected -errno, or 0 */
	const char	*prot;		/* sk_prot when err == 0 */
	const char	*ops;		/* socket->ops when err == 0 */
};

/* net/socket.c:1216-1228, 1340; net/ipv4/af_inet.c:259-308; net/ipv4/ping.c:281 */
static const struct sock_case cases[] = {
	{ "stream wildcard -> TCP", AF_INET, SOCK_STREAM, 0, false, 0, "tcp_prot", "inet_stream_ops" },
	{ "stream TCP", AF_INET, SOCK_STREAM, IPPROTO_TCP, false, 0, "tcp_prot", "inet_stream_ops" },
	{ "stream UDP", AF_INET, SOCK_STREAM, IPPROTO_UDP, false, -EPROTONOSUPPORT, NULL, NULL },
	{ "stream ICMP", AF_INET, SOCK_STREAM, IPPROTO_ICMP, false, -EPROTONOSUPPORT, NULL, NULL },
	{ "dgram wildcard -> UDP (first permanent)", AF_INET, SOCK_DGRAM, 0, false, 0, "udp_prot", "inet_dgram_ops" },
	{ "dgram UDP", AF_INET, SOCK_DGRAM, IPPROTO_UDP, false, 0, "udp_prot", "inet_dgram_ops" },
	{ "dgram TCP", AF_INET, SOCK_DGRAM, IPPROTO_TCP, false, -EPROTONOSUPPORT, NULL, NULL },
	{ "dgram ICMP, nobody in ping_group_range", AF_INET, SOCK_DGRAM, IPPROTO_ICMP, false, -EACCES, NULL, NULL },
	{ "dgram ICMP as root, range still empty", AF_INET, SOCK_DGRAM, IPPROTO_ICMP, true, -EACCES, NULL, NULL },
	{ "raw wildcard never matches IPPROTO_IP", AF_INET, SOCK_RAW, 0, false, -EPROTONOSUPPORT, NULL, NULL },
	{ "raw wildcard as root too", AF_INET, SOCK_RAW, 0, true, -EPROTONOSUPPORT, NULL, NULL },
	{ "raw ICMP without CAP_NET_RAW", AF_INET, SOCK_RAW, IPPROTO_ICMP, false, -EPERM, NULL, NULL },
	{ "raw ICMP as root", AF_INET, SOCK_RAW, IPPROTO_ICMP, true, 0, "raw_prot", "inet_sockraw_ops" },
	{ "raw TCP as root", AF_INET, SOCK_RAW, IPPROTO_TCP, true, 0, "raw_prot", "inet_sockraw_ops" },
	{ "raw IPPROTO_RAW as root", AF_INET, SOCK_RAW, IPPROTO_RAW, true, 0, "raw_prot", "inet_sockraw_ops" },
	{ "SOCK_RDM", AF_INET, SOCK_RDM, 0, false, -ESOCKTNOSUPPORT, NULL, NULL },
	{ "SOCK_SEQPACKET (no sctp)", AF_INET, SOCK_SEQPACKET, 0, false, -ESOCKTNOSUPPORT, NULL, NULL },
	{ "SOCK_DCCP (no dccp)", AF_INET, SOCK_DCCP, 0, false, -ESOCKTNOSUPPORT, NULL, NULL },
	{ "type 7", AF_INET, 7, 0, false, -ESOCKTNOSUPPORT, NULL, NULL },
	{ "type 9", AF_INET, 9, 0, false, -ESOCKTNOSUPPORT, NULL, NULL },
	{ "type 11 >= SOCK_MAX", AF_INET, 11, 0, false, -EINVAL, NULL, NULL },
	{ "type 15", AF_INET, 15, 0, false, -EINVAL, NULL, NULL },
	{ "unknown flag bit in type", AF_INET, SOCK_STREAM | 0x100, 0, false, -EINVAL, NULL, NULL },
	{ "O_APPEND is not a socket flag", AF_INET, SOCK_STREAM | O_APPEND, 0, false, -EINVAL, NULL, NULL },
	{ "NONBLOCK|CLOEXEC allowed", AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, false, 0, "tcp_prot", "inet_stream_ops" },
	{ "family -1", -1, SOCK_STREAM, 0, false, -EAFNOSUPPORT, NULL, NULL },
	{ "family 45 (AF_MAX)", 45, SOCK_STREAM, 0, false, -EAFNOSUPPORT, NULL, NULL },
	{ "AF_UNIX not registered", AF_UNIX, SOCK_STREAM, 0, false, -EAFNOSUPPORT, NULL, NULL },
	{ "AF_INET6 not registered", AF_INET6, SOCK_STREAM, 0, false, -EAFNOSUPPORT, NULL, NULL },
	{ "SOCK_PACKET becomes AF_PACKET (absent)", AF_INET, SOCK_PACKET, 0, false, -EAFNOSUPPORT, NULL, NULL },
	{ "protocol -1", AF_INET, SOCK_STREAM, -1, false, -EINVAL, NULL, NULL },
	{ "protocol 256", AF_INET, SOCK_STREAM, 256, false, -EINVAL, NULL, NULL },
	{ "protocol 255 (IPPROTO_RAW) on stream", AF_INET, SOCK_STREAM, 255, false, -EPROTONOSUPPORT, NULL, NULL },
};

START_TEST(test_socket_matrix_gives_linux_errno_or_protocol)
{
	const struct sock_case *c = &cases[_i];
	struct task_struct *t = c->root ? T.root : T.app;
	long fd;

	kmt_step("socket(%d, %#x, %d): %s", c->family, c->type, c->protocol, c->name);
	fd = km_socket(t, c->family, c->type, c->protocol);
	if (c->err) {
		kmt_assert_ret(fd, c->err);
		return;
	}
	ck_assert_msg(fd >= 0, "[%s] expected a descriptor, got %s", T.step, kmt_errname(fd));
	kmt_assert_field(t, (int)fd, "sock", "sk_prot", c->prot);
	kmt_assert_field(t, (int)fd, "socket", "ops", c->ops);
	kmt_assert_ret(km_close(t, (int)fd), 0);
}
END_TEST

START_TEST(test_ping_socket_allowed_when_group_in_range)
{
	unsigned int groups[] = { 5000 };
	long fd;

	kmt_step("ping_group_range 100..200 and the task's group 150");
	km_sysctl_set(T.h, "net.ipv4.ping_group_range[0]", 100);
	km_sysctl_set(T.h, "net.ipv4.ping_group_range[1]", 200);
	km_task_set_groups(T.app, 150, NULL, 0);
	fd = km_socket(T.app, AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	ck_assert_msg(fd >= 0, "[%s] got %s", T.step, kmt_errname(fd));
	kmt_assert_field(T.app, (int)fd, "sock", "sk_prot", "ping_prot");
	kmt_assert_field(T.app, (int)fd, "socket", "ops", "inet_sockraw_ops");

	kmt_step("a supplementary group in range is enough");
	km_task_set_groups(T.app, 1000, (unsigned int[]){ 7, 199 }, 2);
	fd = km_socket(T.app, AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	ck_assert_msg(fd >= 0, "[%s] got %s", T.step, kmt_errname(fd));

	kmt_step("no group in range: EACCES");
	km_task_set_groups(T.app, 1000, groups, 1);
	kmt_assert_ret(km_socket(T.app, AF_INET, SOCK_DGRAM, IPPROTO_ICMP), -EACCES);
}
END_TEST

START_TEST(test_raw_socket_with_cap_net_raw_only)
{
	kmt_step("an ordinary user given CAP_NET_RAW");
	km_task_set_caps(T.app, CAP_NET_RAW_BIT);
	long fd = km_socket(T.app, AF_INET, SOCK_RAW, IPPROTO_ICMP);

	ck_assert_msg(fd >= 0, "[%s] got %s", T.step, kmt_errname(fd));
	kmt_step("raw sockets are bound to their protocol at creation");
	kmt_assert_field(T.app, (int)fd, "sock", "inet_num", "1");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_protocol", "IPPROTO_ICMP");
}
END_TEST

/* net/ipv4/af_inet.c:261, 343, 353; net/core/sock.c:2709;
 * net/ipv4/tcp.c:418-453 */
START_TEST(test_new_tcp_socket_has_linux_initial_values)
{
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	int alen = sizeof(a);

	ck_assert_msg(fd >= 0, "got %s", kmt_errname(fd));
	kmt_step("the struct socket");
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	kmt_assert_field(T.app, (int)fd, "socket", "type", "SOCK_STREAM");
	kmt_step("sock_common and sock");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_family", "AF_INET");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_num", "0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_rcvbuf", "131072");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_sndbuf", "16384");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_refcnt", "1");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_write_space", "sk_stream_write_space");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state_change", "sock_def_wakeup");
	kmt_step("inet_sock");
	kmt_assert_field(T.app, (int)fd, "sock", "uc_ttl", "-1");
	kmt_assert_field(T.app, (int)fd, "sock", "pmtudisc", "IP_PMTUDISC_WANT");
	kmt_assert_field(T.app, (int)fd, "sock", "mc_ttl", "1");
	kmt_step("inet_connection_sock and tcp_sock");
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_rto", "1000 ms");
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_af_ops", "ipv4_specific");
	kmt_assert_field(T.app, (int)fd, "sock", "icsk_ca_ops", "cubictcp");
	kmt_assert_field(T.app, (int)fd, "sock", "snd_cwnd", "10");
	kmt_assert_field(T.app, (int)fd, "sock", "mss_cache", "536");
	kmt_assert_field(T.app, (int)fd, "sock", "snd_ssthresh", "2147483647");
	kmt_step("getsockname on a new socket is 0.0.0.0:0");
	memset(&a, 0xff, sizeof(a));
	kmt_assert_ret(km_getsockname(T.app, (int)fd, &a, &alen), 0);
	ck_assert_int_eq(alen, sizeof(a));
	ck_assert_int_eq(a.sin_family, AF_INET);
	ck_assert_int_eq(a.sin_port, 0);
	ck_assert_int_eq(a.sin_addr.s_addr, 0);
}
END_TEST

START_TEST(test_new_udp_socket_initial_values)
{
	long fd = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);

	ck_assert_msg(fd >= 0, "got %s", kmt_errname(fd));
	kmt_assert_field(T.app, (int)fd, "socket", "state", "SS_UNCONNECTED");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_rcvbuf", "212992");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_sndbuf", "212992");
	kmt_assert_field(T.app, (int)fd, "sock", "inet_num", "0");
}
END_TEST

START_TEST(test_socket_flags_reach_the_file)
{
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	ck_assert_msg(fd >= 0, "got %s", kmt_errname(fd));
	kmt_step("SOCK_NONBLOCK becomes O_NONBLOCK on the file");
	ck_assert_msg(km_fcntl(T.app, (int)fd, F_GETFL, 0) & O_NONBLOCK,
		      "[%s] O_NONBLOCK not set", T.step);
	kmt_step("SOCK_CLOEXEC becomes FD_CLOEXEC");
	kmt_assert_ret(km_fcntl(T.app, (int)fd, F_GETFD, 0), FD_CLOEXEC);
	fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	kmt_step("without flags: neither");
	ck_assert(!(km_fcntl(T.app, (int)fd, F_GETFL, 0) & O_NONBLOCK));
	kmt_assert_ret(km_fcntl(T.app, (int)fd, F_GETFD, 0), 0);
}
END_TEST

/*
 * __alloc_fd hands out the lowest free number (fs/file.c:479); a program
 * starts with 0, 1 and 2 open on its terminal, so its first socket is 3,
 * and a socket call on the terminal is ENOTSOCK (net/socket.c:432).
 */
START_TEST(test_descriptors_are_lowest_free_and_reused_after_close)
{
	struct sockaddr_in a4 = kmt_addr("10.0.0.2", 80);
	long a = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	long b = km_socket(T.app, AF_INET, SOCK_DGRAM, 0);

	kmt_step("0, 1 and 2 are the terminal: sockets start at 3");
	kmt_assert_ret(a, 3);
	kmt_assert_ret(b, 4);
	kmt_assert_ret(km_connect(T.app, 1, &a4, sizeof(a4)), -ENOTSOCK);
	kmt_assert_ret(km_close(T.app, (int)a), 0);
	kmt_step("close of a closed descriptor");
	kmt_assert_ret(km_close(T.app, (int)a), -EBADF);
	kmt_step("the freed number is reused");
	kmt_assert_ret(km_socket(T.app, AF_INET, SOCK_STREAM, 0), 3);
	kmt_step("closing stdin frees 0, the lowest");
	kmt_assert_ret(km_close(T.app, 0), 0);
	kmt_assert_ret(km_socket(T.app, AF_INET, SOCK_STREAM, 0), 0);
}
END_TEST

START_TEST(test_out_of_inodes_is_enfile)
{
	kmt_step("sock_inode_cache allocation fails");
	km_host_failslab(T.h, "sock_inode_cache", 1);
	kmt_assert_ret(km_socket(T.app, AF_INET, SOCK_STREAM, 0), -ENFILE);
	kmt_step("the next one works again");
	ck_assert(km_socket(T.app, AF_INET, SOCK_STREAM, 0) >= 0);
}
END_TEST

START_TEST(test_out_of_socks_is_enobufs)
{
	kmt_step("the TCP slab allocation fails");
	km_host_failslab(T.h, "TCP", 1);
	kmt_assert_ret(km_socket(T.app, AF_INET, SOCK_STREAM, 0), -ENOBUFS);
	kmt_step("UDP's slab still works");
	ck_assert(km_socket(T.app, AF_INET, SOCK_DGRAM, 0) >= 0);
}
END_TEST

START_TEST(test_descriptor_limit_is_emfile)
{
	kmt_step("RLIMIT_NOFILE 5: 0-2 are the terminal, 3 and 4 are free");
	km_task_set_nofile(T.app, 5);
	ck_assert(km_socket(T.app, AF_INET, SOCK_STREAM, 0) >= 0);
	ck_assert(km_socket(T.app, AF_INET, SOCK_STREAM, 0) >= 0);
	kmt_assert_ret(km_socket(T.app, AF_INET, SOCK_STREAM, 0), -EMFILE);
}
END_TEST

START_TEST(test_socket_trace_shows_the_kernel_call_chain)
{
	int i, steps = 0, missing_ref = 0;

	kmt_trace_start();
	ck_assert(km_socket(T.app, AF_INET, SOCK_STREAM, 0) >= 0);
	kmt_trace_stop();
	kmt_step("the debugger frames and the socket() path, in order");
	kmt_assert_chain("entry_SYSCALL_64", "do_syscall_64", "__x64_sys_socket",
			 "__se_sys_socket", "__do_sys_socket", "__sys_socket",
			 "sock_create", "__sock_create", "sock_alloc", "inet_create",
			 "sk_alloc", "sk_prot_alloc", "sock_init_data",
			 "tcp_v4_init_sock", "tcp_init_sock", "sock_map_fd",
			 "sock_alloc_file");
	kmt_step("every step point carries a Linux reference and a sentence");
	for (i = 0; i < T.nevs; i++) {
		if (T.evs[i].type != KM_EV_STEP)
			continue;
		steps++;
		if (!T.evs[i].linux_ref[0] || !T.evs[i].has_text)
			missing_ref++;
	}
	ck_assert_msg(steps >= 20, "only %d step points in socket()", steps);
	ck_assert_msg(missing_ref == 0, "%d step(s) without reference or text", missing_ref);
}
END_TEST

START_TEST(test_close_releases_socket_and_sock)
{
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	char buf[256];

	ck_assert(fd >= 0);
	kmt_trace_start();
	kmt_assert_ret(km_close(T.app, (int)fd), 0);
	kmt_trace_stop();
	kmt_step("close() runs the release chain");
	kmt_assert_chain("__x64_sys_close", "sock_close", "__sock_release",
			 "inet_release", "tcp_close", "sk_free");
	kmt_step("nothing of it is left");
	ck_assert_msg(km_host_live_objects(T.h, buf, sizeof(buf)) == 0, "left: %s", buf);
}
END_TEST

START_TEST(test_two_hosts_share_no_state)
{
	struct host *h2 = km_host_new(T.w, "other");
	struct task_struct *t2 = km_task_new(h2, "app", 1000);
	char n1[32], n2[32];
	long a, b;

	kmt_step("object ids are per host");
	a = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	b = km_socket(t2, AF_INET, SOCK_STREAM, 0);
	ck_assert(a >= 0 && b >= 0);
	ck_assert_int_eq(km_fd_obj_name(T.app, (int)a, "socket", n1, sizeof(n1)), 0);
	ck_assert_int_eq(km_fd_obj_name(t2, (int)b, "socket", n2, sizeof(n2)), 0);
	ck_assert_str_eq(n1, n2);

	kmt_step("a sysctl set on one host does not change the other");
	km_sysctl_set(h2, "net.ipv4.tcp_syn_retries", 2);
	ck_assert_int_eq(km_sysctl_get(T.h, "net.ipv4.tcp_syn_retries"), 6);
	ck_assert_int_eq(km_sysctl_get(h2, "net.ipv4.tcp_syn_retries"), 2);

	kmt_step("a failing allocation on one host does not affect the other");
	km_host_failslab(h2, "TCP", 1);
	ck_assert(km_socket(T.app, AF_INET, SOCK_STREAM, 0) >= 0);
	kmt_assert_ret(km_socket(t2, AF_INET, SOCK_STREAM, 0), -ENOBUFS);

	km_world_shutdown(T.w, 0);
	ck_assert_int_eq(km_host_live_objects(h2, NULL, 0), 0);
}
END_TEST

START_TEST(test_invalid_syscall_pointer_is_efault)
{
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	int len = 16;

	kmt_step("getsockname into an unmapped address");
	kmt_assert_ret(km_getsockname(T.app, (int)fd, (void *)16, &len), -EFAULT);
	kmt_step("an unreadable length pointer");
	kmt_assert_ret(km_getsockname(T.app, (int)fd, &len, (int *)8), -EFAULT);
}
END_TEST

START_TEST(test_socket_calls_on_a_non_socket_are_enotsock)
{
	long fd = km_open_devnull(T.app);
	struct sockaddr_in a = kmt_addr("10.0.0.2", 80);

	ck_assert(fd >= 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ENOTSOCK);
	kmt_assert_ret(km_listen(T.app, (int)fd, 1), -ENOTSOCK);
	kmt_step("and on a closed descriptor EBADF");
	kmt_assert_ret(km_connect(T.app, 77, &a, sizeof(a)), -EBADF);
}
END_TEST

/*
 * (PF_INET, SOCK_PACKET) is logged with pr_info_once (net/socket.c:1226):
 * once per machine, not once per call; each host is a machine of its own.
 */
START_TEST(test_obsolete_sock_packet_is_logged_once_per_host)
{
	struct km_world *w2 = km_world_new(3);
	struct host *h2 = km_host_new(w2, "other");
	struct task_struct *t2 = km_task_new(h2, "app", 1000);
	const char *line = "uses obsolete (PF_INET,SOCK_PACKET)", *first;
	int i;

	for (i = 0; i < 3; i++)
		kmt_assert_ret(km_socket(T.app, AF_INET, SOCK_PACKET, 0), -EAFNOSUPPORT);
	first = strstr(km_host_log(T.h), line);
	ck_assert_msg(first, "expected \"%s\" in the log, got:\n%s", line, km_host_log(T.h));
	ck_assert_msg(!strstr(first + 1, line), "logged more than once:\n%s",
		      km_host_log(T.h));
	kmt_step("another host logs it too, once");
	kmt_assert_ret(km_socket(t2, AF_INET, SOCK_PACKET, 0), -EAFNOSUPPORT);
	ck_assert_ptr_nonnull(strstr(km_host_log(h2), line));
	km_world_shutdown(w2, 1000000000LL);
	km_world_free(w2);
}
END_TEST

/*
 * poll() on raw sockets is the generic datagram_poll (af_inet.c:1056,
 * inet_sockraw_ops); on UDP sockets udp_poll, which calls it and adds the
 * reader queue (udp.c:2724).
 */
START_TEST(test_raw_sockets_poll_with_datagram_poll_and_udp_with_udp_poll)
{
	long raw = km_socket(T.root, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	long udp = km_socket(T.root, AF_INET, SOCK_DGRAM, 0);
	struct pollfd p = { .events = POLLOUT };

	ck_assert(raw >= 0 && udp >= 0);
	kmt_trace_start();
	p.fd = (int)raw;
	kmt_assert_ret(km_poll(T.root, &p, 1, 0), 1);
	ck_assert(p.revents & POLLOUT);
	ck_assert_int_eq(kmt_trace_count("datagram_poll"), 1);
	ck_assert_int_eq(kmt_trace_count("udp_poll"), 0);
	p.fd = (int)udp;
	kmt_assert_ret(km_poll(T.root, &p, 1, 0), 1);
	ck_assert_int_eq(kmt_trace_count("udp_poll"), 1);
	ck_assert_int_eq(kmt_trace_count("datagram_poll"), 2);
	kmt_trace_stop();
}
END_TEST

static Suite *socket_suite(void)
{
	Suite *s = suite_create("socket");
	TCase *tc = tcase_create("create");

	tcase_add_checked_fixture(tc, kmt_setup_one, kmt_teardown);
	tcase_add_loop_test(tc, test_socket_matrix_gives_linux_errno_or_protocol, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_ping_socket_allowed_when_group_in_range);
	tcase_add_test(tc, test_raw_socket_with_cap_net_raw_only);
	tcase_add_test(tc, test_new_tcp_socket_has_linux_initial_values);
	tcase_add_test(tc, test_new_udp_socket_initial_values);
	tcase_add_test(tc, test_socket_flags_reach_the_file);
	tcase_add_test(tc, test_descriptors_are_lowest_free_and_reused_after_close);
	tcase_add_test(tc, test_out_of_inodes_is_enfile);
	tcase_add_test(tc, test_out_of_socks_is_enobufs);
	tcase_add_test(tc, test_descriptor_limit_is_emfile);
	tcase_add_test(tc, test_socket_trace_shows_the_kernel_call_chain);
	tcase_add_test(tc, test_close_releases_socket_and_sock);
	tcase_add_test(tc, test_two_hosts_share_no_state);
	tcase_add_test(tc, test_invalid_syscall_pointer_is_efault);
	tcase_add_test(tc, test_socket_calls_on_a_non_socket_are_enotsock);
	tcase_add_test(tc, test_obsolete_sock_packet_is_logged_once_per_host);
	tcase_add_test(tc, test_raw_sockets_poll_with_datagram_poll_and_udp_with_udp_poll);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(socket_suite());
}
