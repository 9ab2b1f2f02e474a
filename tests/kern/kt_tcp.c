// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-side test helpers for TCP sockets (labs/lab5-synsent grade suite).
 *
 * kt_tcp_inherit_ts_recent() puts a socket in the state tcp_twsk_unique()
 * (Linux 5.0.1 net/ipv4/tcp_ipv4.c:110) leaves it in when connect() reuses
 * the 4-tuple of a TIME_WAIT socket: the new connection inherits the old
 * one's ts_recent and ts_recent_stamp, so PAWS already applies in SYN_SENT
 * (tcp_input.c:5929). A test that needs only that state (lab 5's) sets the
 * inherited values with this helper instead of a whole TIME_WAIT life.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/ktime.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <kmirror/host.h>
#include "kt.h"

int kt_tcp_inherit_ts_recent(struct task_struct *t, int fd,
			     unsigned int ts_recent)
{
	struct task_struct *saved;
	struct host *prev = kt_enter_task(t, &saved);
	struct sock *sk;
	int err = 0;

	sk = kt_sock_of(fd, &err);
	if (!sk || sk->sk_protocol != IPPROTO_TCP) {
		err = err ? err : -EINVAL;
		goto out;
	}
	tcp_sk(sk)->rx_opt.ts_recent = ts_recent;
	tcp_sk(sk)->rx_opt.ts_recent_stamp =
		(int)(ktime_get_ns() / NSEC_PER_SEC);
out:
	kt_leave_task(t, saved, prev);
	return err;
}
