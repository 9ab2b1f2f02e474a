// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: the public API of kmapi/km.h for tasks and their
 * system calls.
 *
 * A call is made the way a CPU makes it: the task's registers (number and
 * six arguments) are set and the task's coroutine is resumed, entering
 * entry_SYSCALL_64 on its kernel stack. If the call sleeps, the world
 * loop runs (frames, timers, softirqs, other tasks) until the task is
 * woken and its call returns.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/string.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>
#include <linux/siphash.h>
#include <kmirror/host.h>
#include <kmirror/world.h>
#include <kmirror/runtime.h>
#include <linux/net.h>
#include <net/sock.h>
#include <kmirror/fields.h>
#include <kmapi/km.h>
#include <kmapi/trace.h>

struct task_struct *km_task_new(struct host *h, const char *comm,
				unsigned int uid)
{
	struct task_struct *t = km_task_alloc(h, comm);
	struct cred *c = &t->km_cred;

	c->uid = c->euid = c->fsuid = make_kuid_km(uid);
	c->gid = c->egid = c->fsgid = make_kgid_km(uid);
	/* root has every capability; other users none (no file caps). */
	c->cap_effective = uid == 0 ? ~0ULL : 0;
	return t;
}

void km_task_set_caps(struct task_struct *t, unsigned long long caps)
{
	t->km_cred.cap_effective = caps;
}

void km_task_set_groups(struct task_struct *t, unsigned int gid,
			const unsigned int *groups, int ngroups)
{
	struct cred *c = &t->km_cred;
	int i;

	c->gid = c->egid = c->fsgid = make_kgid_km(gid);
	if (ngroups > KM_NGROUPS_MAX)
		ngroups = KM_NGROUPS_MAX;
	for (i = 0; i < ngroups; i++)
		c->groups[i] = make_kgid_km(groups[i]);
	c->ngroups = ngroups;
}

void km_task_set_nofile(struct task_struct *t, unsigned long limit)
{
	t->rlim_nofile.rlim_cur = limit;
}

void km_task_sigaction(struct task_struct *t, int sig, bool handled, bool restart)
{
	if (sig <= 0 || sig >= _KM_NSIG)
		return;
	t->sighand[sig].handled = handled;
	t->sighand[sig].restart = restart;
}

void km_task_kill(struct task_struct *t, int sig)
{
	if (sig <= 0 || sig >= _KM_NSIG)
		return;
	km_task_signal(t, sig);
}

unsigned int km_task_signals_delivered(const struct task_struct *t)
{
	return t->km_signals_delivered;
}

unsigned int km_task_restarts(const struct task_struct *t)
{
	return t->km_restarts;
}

int km_task_pid(const struct task_struct *t)
{
	return t->pid;
}

struct host *km_task_host(const struct task_struct *t)
{
	return t->km_host;
}

/* ---- calls ---- */

void km_call_start(struct task_struct *t, long nr, long a0, long a1, long a2,
		   long a3, long a4, long a5)
{
	if (t->km_in_syscall)
		km_bug(__FILE__, __LINE__, "km_call_start: the task is already in a system call");
	t->km_nr = nr;
	t->km_args[0] = a0;
	t->km_args[1] = a1;
	t->km_args[2] = a2;
	t->km_args[3] = a3;
	t->km_args[4] = a4;
	t->km_args[5] = a5;
	t->km_in_syscall = 1;
	t->km_done = 0;
	t->km_ret = 0;
	km_task_run(t);
}

bool km_call_done(const struct task_struct *t)
{
	return t->km_done;
}

long km_call_result(const struct task_struct *t)
{
	return t->km_ret;
}

static bool call_done(void *ctx)
{
	return ((struct task_struct *)ctx)->km_done;
}

long km_call_wait(struct task_struct *t, long long max_ns)
{
	struct km_world *w = t->km_host->world;
	long long deadline = max_ns < 0 ? LLONG_MAX : w->now + max_ns;

	if (!t->km_done)
		km_world_run_until(w, call_done, t, deadline);
	if (!t->km_done)
		return -KM_ESTILLBLOCKED;
	/* let whatever the call set in motion "now" happen too */
	km_world_settle(w);
	return t->km_ret;
}

long km_syscall(struct task_struct *t, long nr, long a0, long a1, long a2,
		long a3, long a4, long a5)
{
	km_call_start(t, nr, a0, a1, a2, a3, a4, a5);
	return km_call_wait(t, t->km_host->world->call_budget);
}

#define A(x)	((long)(x))

long km_socket(struct task_struct *t, int family, int type, int protocol)
{
	return km_syscall(t, __NR_socket, family, type, protocol, 0, 0, 0);
}

long km_connect(struct task_struct *t, int fd, const void *addr, int addrlen)
{
	return km_syscall(t, __NR_connect, fd, A(addr), addrlen, 0, 0, 0);
}

long km_bind(struct task_struct *t, int fd, const void *addr, int addrlen)
{
	return km_syscall(t, __NR_bind, fd, A(addr), addrlen, 0, 0, 0);
}

long km_listen(struct task_struct *t, int fd, int backlog)
{
	return km_syscall(t, __NR_listen, fd, backlog, 0, 0, 0, 0);
}

long km_accept4(struct task_struct *t, int fd, void *addr, int *addrlen, int flags)
{
	return km_syscall(t, __NR_accept4, fd, A(addr), A(addrlen), flags, 0, 0);
}

long km_getsockname(struct task_struct *t, int fd, void *addr, int *addrlen)
{
	return km_syscall(t, __NR_getsockname, fd, A(addr), A(addrlen), 0, 0, 0);
}

long km_getpeername(struct task_struct *t, int fd, void *addr, int *addrlen)
{
	return km_syscall(t, __NR_getpeername, fd, A(addr), A(addrlen), 0, 0, 0);
}

long km_setsockopt(struct task_struct *t, int fd, int level, int name,
		   const void *val, int len)
{
	return km_syscall(t, __NR_setsockopt, fd, level, name, A(val), len, 0);
}

long km_getsockopt(struct task_struct *t, int fd, int level, int name,
		   void *val, int *len)
{
	return km_syscall(t, __NR_getsockopt, fd, level, name, A(val), A(len), 0);
}

long km_sendto(struct task_struct *t, int fd, const void *buf, size_t len,
	       int flags, const void *addr, int addrlen)
{
	return km_syscall(t, __NR_sendto, fd, A(buf), (long)len, flags, A(addr),
			  addrlen);
}

long km_recvfrom(struct task_struct *t, int fd, void *buf, size_t len,
		 int flags, void *addr, int *addrlen)
{
	return km_syscall(t, __NR_recvfrom, fd, A(buf), (long)len, flags, A(addr),
			  A(addrlen));
}

long km_read(struct task_struct *t, int fd, void *buf, size_t len)
{
	return km_syscall(t, __NR_read, fd, A(buf), (long)len, 0, 0, 0);
}

long km_write(struct task_struct *t, int fd, const void *buf, size_t len)
{
	return km_syscall(t, __NR_write, fd, A(buf), (long)len, 0, 0, 0);
}

long km_recvmsg(struct task_struct *t, int fd, void *msghdr, int flags)
{
	return km_syscall(t, __NR_recvmsg, fd, A(msghdr), flags, 0, 0, 0);
}

long km_shutdown(struct task_struct *t, int fd, int how)
{
	return km_syscall(t, __NR_shutdown, fd, how, 0, 0, 0, 0);
}

long km_close(struct task_struct *t, int fd)
{
	return km_syscall(t, __NR_close, fd, 0, 0, 0, 0, 0);
}

long km_fcntl(struct task_struct *t, int fd, int cmd, long arg)
{
	return km_syscall(t, __NR_fcntl, fd, cmd, arg, 0, 0, 0);
}

long km_poll(struct task_struct *t, void *fds, unsigned int nfds, int timeout_ms)
{
	return km_syscall(t, __NR_poll, A(fds), nfds, timeout_ms, 0, 0, 0);
}

/* A descriptor that is not a socket (for ENOTSOCK): an open /dev/null. */
static const struct file_operations null_fops;

long km_open_devnull(struct task_struct *t)
{
	struct host *prev = km_host_enter(t->km_host);
	struct task_struct *saved = t->km_host->curtask;
	struct file *file;
	long fd;

	t->km_host->curtask = t;
	fd = get_unused_fd_flags(0);
	if (fd >= 0) {
		file = alloc_file_pseudo(NULL, "null", O_RDWR, &null_fops);
		if (IS_ERR(file)) {
			put_unused_fd(fd);
			fd = PTR_ERR(file);
		} else {
			fd_install(fd, file);
		}
	}
	t->km_host->curtask = saved;
	km_host_leave(prev);
	return fd;
}

/* ---- inspection ---- */

static int fd_object(struct task_struct *t, int fd, const char *obj,
		     const void **ptr, int *kind)
{
	struct host *h = t->km_host;
	struct task_struct *saved = h->curtask;
	struct host *prev = km_host_enter(h);
	struct file *file;
	struct socket *sock = NULL;
	int err = 0;

	h->curtask = t;
	file = fd >= 0 ? fget(fd) : NULL;
	if (!file) {
		err = -EBADF;
		goto out;
	}
	sock = sock_from_file(file, &err);
	fput(file);
	if (!sock)
		goto out;
	if (!strcmp(obj, "socket")) {
		*ptr = sock;
		*kind = KM_OBJ_SOCKET;
	} else if (!strcmp(obj, "sock") && sock->sk) {
		const struct km_obj *o = km_obj_lookup(h, sock->sk);

		*ptr = sock->sk;
		*kind = o ? o->kind : 0;
		if (!*kind)
			err = -ENOENT;
	} else {
		err = -ENOENT;
	}
out:
	h->curtask = saved;
	km_host_leave(prev);
	return err;
}

int km_fd_field(struct task_struct *t, int fd, const char *obj,
		const char *field, unsigned long long *val, char *buf, size_t len)
{
	const void *ptr = NULL;
	int kind = 0, idx, err;
	u64 v;

	err = fd_object(t, fd, obj, &ptr, &kind);
	if (err)
		return err;
	idx = km_field_find(kind, field);
	if (idx < 0)
		return -ENOENT;
	v = km_trace_value(t->km_host, kind, idx, ptr);
	if (val)
		*val = v;
	if (buf && len)
		km_field_format(kind, idx, v, buf, len);
	return 0;
}

int km_fd_obj_name(struct task_struct *t, int fd, const char *obj, char *buf,
		   size_t len)
{
	const void *ptr = NULL;
	int kind = 0, err;
	const struct km_obj *o;

	err = fd_object(t, fd, obj, &ptr, &kind);
	if (err)
		return err;
	o = km_obj_lookup(t->km_host, ptr);
	if (!o)
		return -ENOENT;
	snprintf(buf, len, "%s#%u", km_obj_kind_prefix(kind), o->id);
	return 0;
}

int km_host_obj_field(struct host *h, const char *name, const char *field,
		      unsigned long long *val, char *buf, size_t len)
{
	struct host *prev = km_host_enter(h);
	struct km_obj *o, *found = NULL;
	char id[32];
	int idx, err = -ENOENT;
	u64 v;

	list_for_each_entry(o, km_obj_list(h), node) {
		if (!o->kind)
			continue;
		snprintf(id, sizeof(id), "%s#%u", km_obj_kind_prefix(o->kind), o->id);
		if (!strcmp(id, name)) {
			found = o;
			break;
		}
	}
	if (found) {
		idx = km_field_find(found->kind, field);
		if (idx >= 0) {
			v = km_trace_value(h, found->kind, idx, found->ptr);
			if (val)
				*val = v;
			if (buf && len)
				km_field_format(found->kind, idx, v, buf, len);
			err = 0;
		}
	}
	km_host_leave(prev);
	return err;
}

/* ---- clocks and secrets (tests) ---- */

unsigned long long km_host_monotonic_ns(struct host *h)
{
	struct host *prev = km_host_enter(h);
	u64 ns = ktime_get_ns();

	km_host_leave(prev);
	return ns;
}

unsigned long long km_host_realtime_ns(struct host *h)
{
	struct host *prev = km_host_enter(h);
	u64 ns = ktime_get_real_ns();

	km_host_leave(prev);
	return ns;
}

int km_host_secret(struct host *h, const char *name, void *buf, size_t len)
{
	const siphash_key_t *k;

	if (!strcmp(name, "net_secret") && h->net_secret_done)
		k = &h->net_secret;
	else if (!strcmp(name, "ts_secret") && h->ts_secret_done)
		k = &h->ts_secret;
	else if (!strcmp(name, "syncookie_secret[0]") && h->syncookie_secret_done)
		k = &h->syncookie_secret[0];
	else if (!strcmp(name, "syncookie_secret[1]") && h->syncookie_secret_done)
		k = &h->syncookie_secret[1];
	else
		return -ENOENT;
	memcpy(buf, k, len < sizeof(*k) ? len : sizeof(*k));
	return 0;
}

unsigned long long km_siphash_2u32(unsigned int a, unsigned int b, const void *key)
{
	siphash_key_t k;

	memcpy(&k, key, sizeof(k));
	return siphash_2u32(a, b, &k);
}

unsigned long long km_siphash_3u32(unsigned int a, unsigned int b, unsigned int c,
				   const void *key)
{
	siphash_key_t k;

	memcpy(&k, key, sizeof(k));
	return siphash_3u32(a, b, c, &k);
}

unsigned long long km_siphash_4u32(unsigned int a, unsigned int b, unsigned int c,
				   unsigned int d, const void *key)
{
	siphash_key_t k;

	memcpy(&k, key, sizeof(k));
	return siphash_4u32(a, b, c, d, &k);
}

/* ---- the socket lock (tests) ---- */

int km_fd_sock_lock(struct task_struct *t, int fd, bool lock)
{
	const void *ptr = NULL;
	int kind = 0, err = fd_object(t, fd, "socket", &ptr, &kind);
	struct host *h = t->km_host;
	struct task_struct *saved = h->curtask;
	struct socket *sock = (struct socket *)ptr;
	struct host *prev;

	if (err)
		return err;
	if (!sock->sk)
		return -ENOTSOCK;
	prev = km_host_enter(h);
	h->curtask = t;
	if (lock) {
		/* Only take a free lock: a test must not sleep here. */
		if (sock->sk->sk_lock.owned)
			err = -EBUSY;
		else
			lock_sock(sock->sk);
	} else {
		if (!sock->sk->sk_lock.owned)
			err = -EINVAL;
		else
			release_sock(sock->sk);
	}
	h->curtask = saved;
	km_host_leave(prev);
	return err;
}
