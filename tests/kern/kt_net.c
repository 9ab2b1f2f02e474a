// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-side test helpers for what changes under a connect() in progress
 * on a real machine (another CPU, an administrator), which a test of a
 * single-threaded world makes happen from an allocation hook
 * (km_host_set_fault) at the right moment:
 *
 * kt_sock_take_error() is another thread's getsockopt(SO_ERROR): the
 * socket's error is taken and cleared (sock_error, include/net/sock.h:2147).
 * kt_route_withdraw() takes every route of the host's main table away and
 * marks the socket's cached route obsolete, as a route deletion does in
 * Linux (fib_table_delete, then rt_cache_flush: the socket's next
 * __sk_dst_check fails). kt_dev_set_up() is `ip link set DEV up|down`
 * reduced to the flag __dev_queue_xmit reads (net/core/dev.c:3848).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <net/sock.h>
#include <net/dst.h>
#include <net/ip_fib.h>
#include <net/net_namespace.h>
#include <kmirror/host.h>
#include "kt.h"

struct sock *kt_sock_of(int fd, int *err)
{
	struct socket *sock;
	struct file *file = fget(fd);

	*err = 0;
	if (!file) {
		*err = -EBADF;
		return NULL;
	}
	sock = sock_from_file(file, err);
	fput(file);
	if (!sock || !sock->sk) {
		*err = *err ? *err : -EINVAL;
		return NULL;
	}
	return sock->sk;
}

struct host *kt_enter_task(struct task_struct *t, struct task_struct **saved)
{
	struct host *prev = km_host_enter(t->km_host);

	*saved = t->km_host->curtask;
	t->km_host->curtask = t;
	return prev;
}

void kt_leave_task(struct task_struct *t, struct task_struct *saved,
		   struct host *prev)
{
	t->km_host->curtask = saved;
	km_host_leave(prev);
}

int kt_route_withdraw(struct task_struct *t, int fd)
{
	struct task_struct *saved;
	struct host *prev = kt_enter_task(t, &saved);
	struct dst_entry *dst;
	struct sock *sk;
	int err = 0, n = 0;

	sk = kt_sock_of(fd, &err);
	if (!sk)
		goto out;
	dst = sk->sk_dst_cache;
	if (dst)
		dst->obsolete = DST_OBSOLETE_KILL;
	n = init_net.ipv4.fib_main.tb_num;
	init_net.ipv4.fib_main.tb_num = 0;
out:
	kt_leave_task(t, saved, prev);
	return err ? err : n;
}

int kt_dev_set_up(struct host *h, const char *name, int up)
{
	struct host *prev = km_host_enter(h);
	struct net_device *dev = __dev_get_by_name(&init_net, name);

	if (dev) {
		if (up)
			dev->flags |= IFF_UP;
		else
			dev->flags &= ~IFF_UP;
	}
	km_host_leave(prev);
	return dev ? 0 : -ENODEV;
}

int kt_sock_take_error(struct task_struct *t, int fd)
{
	struct task_struct *saved;
	struct host *prev = kt_enter_task(t, &saved);
	struct sock *sk;
	int err = 0;

	sk = kt_sock_of(fd, &err);
	if (sk) {
		err = sk->sk_err;
		sk->sk_err = 0;
	}
	kt_leave_task(t, saved, prev);
	return err;
}
