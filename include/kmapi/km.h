/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: worlds, hosts, tasks and their system calls.
 *
 *   struct km_world *w = km_world_new(seed);
 *   struct host *client = km_host_new(w, "client");
 *   km_host_add_addr(client, "eth0", "10.0.0.1/24");
 *   struct task_struct *app = km_task_new(client, "app", 1000);
 *   long fd = km_socket(app, AF_INET, SOCK_STREAM, 0);
 *
 * A world holds hosts and the links between them, and one clock: virtual
 * by default (it jumps to the next due event, so a 127 s timeout costs no
 * time), or real when a real device is attached. Each synchronous system
 * call runs the whole world until the call returns; km_call_start() and
 * friends let a test act while a call is blocked.
 *
 * Plain C types only: safe to include next to the C library. Socket
 * constants (AF_INET ...) and structures (struct sockaddr_in ...) are
 * Linux's and identical to glibc's.
 */
#ifndef _KMAPI_KM_H
#define _KMAPI_KM_H

#include <stddef.h>
#include <stdbool.h>

struct km_world;
struct host;
struct task_struct;
struct net_device;

/* ---- worlds ---- */
struct km_world *km_world_new(unsigned long long seed);
/* Close every task's descriptors, then run up to max_ns of world time so
 * pending timers finish (tests then check for leaks). */
void km_world_shutdown(struct km_world *w, long long max_ns);
/* Destroy hosts (closing their tasks' files) and links, then the world. */
void km_world_free(struct km_world *w);
long long km_world_now_ns(const struct km_world *w);

/* Run until nothing is left to do now or the clock would pass now+max_ns. */
int km_world_run_for(struct km_world *w, long long max_ns);
/* Run only what is due now, without moving the clock. */
void km_world_settle(struct km_world *w);
/* Move the clock forward by ns, running everything that falls due. */
void km_world_advance(struct km_world *w, long long ns);
/* Next time something is due (frame in flight, timer), or -1. */
long long km_world_next_event_ns(struct km_world *w);

/* ---- hosts ---- */
struct host *km_host_new(struct km_world *w, const char *name);
struct host *km_host_by_name(struct km_world *w, const char *name);
const char *km_host_name(const struct host *h);
int km_host_id(const struct host *h);
/* Add an IPv4 address to a device ("10.0.0.1/24"); adds the subnet route. */
int km_host_add_addr(struct host *h, const char *dev, const char *cidr);
/* Add a route: "default" or a prefix, via a gateway (or NULL), out a device.
 * type: "unicast", "unreachable", "prohibit", "blackhole". */
int km_host_add_route(struct host *h, const char *prefix, const char *via,
		      const char *dev, const char *type);
/* Set a sysctl by its /proc/sys name, e.g. "net.ipv4.tcp_syn_retries".
 * Arrays by index: "net.ipv4.ip_local_port_range[0]"; the reserved-ports
 * bitmap one port at a time: "net.ipv4.ip_local_reserved_ports[8080]" = 1. */
int km_sysctl_set(struct host *h, const char *name, long value);
long km_sysctl_get(struct host *h, const char *name);
/* Objects still alive (beyond the host's own); description into buf. */
unsigned long km_host_live_objects(struct host *h, char *buf, size_t len);
/* Make the next `count` allocations from a slab cache fail. */
int km_host_failslab(struct host *h, const char *cache, int count);
/* Allocation-failure injection, per host (failslab with a filter): fn is
 * asked before every kmalloc() and kmem_cache_alloc() of h, with the
 * cache's name, the calling site (a code address, the same for every call
 * from one place of one binary) and whether no task is in a system call
 * (an interrupt: the receive path, timers); returning true makes that
 * allocation fail. NULL removes the hook. */
typedef bool (*km_fault_fn)(void *ctx, const char *cache, const void *site,
			    bool in_irq);
void km_host_set_fault(struct host *h, km_fault_fn fn, void *ctx);
/* The host's kernel log (printk, WARN) so far. */
const char *km_host_log(const struct host *h);
unsigned int km_host_warnings(const struct host *h);
/* SNMP counters: "TcpActiveOpens", "TcpAttemptFails", "IpInHdrErrors"... */
long km_host_mib(struct host *h, const char *name);
/* For tests: catch BUG()s (skb over/underrun...) with setjmp instead of
 * aborting; the message is km_host_bug_message(). */
void km_host_set_bug_jmp(struct host *h, void *jmp_buf_ptr);
const char *km_host_bug_message(const struct host *h);

/* ---- tasks ---- */
struct task_struct *km_task_new(struct host *h, const char *comm, unsigned int uid);
void km_task_set_caps(struct task_struct *t, unsigned long long caps);
void km_task_set_groups(struct task_struct *t, unsigned int gid,
			const unsigned int *groups, int ngroups);
void km_task_set_nofile(struct task_struct *t, unsigned long limit);
/* sigaction(): handled = a handler runs; restart = SA_RESTART. */
void km_task_sigaction(struct task_struct *t, int sig, bool handled, bool restart);
void km_task_kill(struct task_struct *t, int sig);
unsigned int km_task_signals_delivered(const struct task_struct *t);
unsigned int km_task_restarts(const struct task_struct *t);
int km_task_pid(const struct task_struct *t);
struct host *km_task_host(const struct task_struct *t);

/* ---- system calls, synchronous: -errno on failure ----
 * The world runs until the call returns, or until `km_call_budget_ns`
 * of world time passes (then -ETIME_KM is returned and the call stays
 * pending; km_call_wait() can wait more). */
#define KM_ESTILLBLOCKED 10000
long km_syscall(struct task_struct *t, long nr, long a0, long a1, long a2,
		long a3, long a4, long a5);
long km_socket(struct task_struct *t, int family, int type, int protocol);
long km_connect(struct task_struct *t, int fd, const void *addr, int addrlen);
long km_bind(struct task_struct *t, int fd, const void *addr, int addrlen);
long km_listen(struct task_struct *t, int fd, int backlog);
long km_accept4(struct task_struct *t, int fd, void *addr, int *addrlen, int flags);
long km_getsockname(struct task_struct *t, int fd, void *addr, int *addrlen);
long km_getpeername(struct task_struct *t, int fd, void *addr, int *addrlen);
long km_setsockopt(struct task_struct *t, int fd, int level, int name,
		   const void *val, int len);
long km_getsockopt(struct task_struct *t, int fd, int level, int name,
		   void *val, int *len);
long km_sendto(struct task_struct *t, int fd, const void *buf, size_t len,
	       int flags, const void *addr, int addrlen);
long km_recvfrom(struct task_struct *t, int fd, void *buf, size_t len,
		 int flags, void *addr, int *addrlen);
long km_read(struct task_struct *t, int fd, void *buf, size_t len);
long km_write(struct task_struct *t, int fd, const void *buf, size_t len);
long km_recvmsg(struct task_struct *t, int fd, void *msghdr, int flags);
long km_shutdown(struct task_struct *t, int fd, int how);
long km_close(struct task_struct *t, int fd);
long km_fcntl(struct task_struct *t, int fd, int cmd, long arg);
/* poll(): struct pollfd as in Linux. */
long km_poll(struct task_struct *t, void *fds, unsigned int nfds, int timeout_ms);
/* Open a descriptor that is not a socket (like /dev/null), for ENOTSOCK. */
long km_open_devnull(struct task_struct *t);

/* How long (world time) a synchronous call may run before giving up. */
void km_world_set_call_budget(struct km_world *w, long long ns);

/* ---- system calls, asynchronous ---- */
/* Start a call; the task runs until it blocks or returns. */
void km_call_start(struct task_struct *t, long nr, long a0, long a1, long a2,
		   long a3, long a4, long a5);
bool km_call_done(const struct task_struct *t);
long km_call_result(const struct task_struct *t);
/* Run the world until the call returns (or max_ns passes): its result, or
 * -KM_ESTILLBLOCKED. */
long km_call_wait(struct task_struct *t, long long max_ns);

/* ---- inspection (tests, tools) ----
 * The value of a field of the kernel object behind a descriptor, as the
 * tracer shows it. obj: "socket" (struct socket) or "sock" (the protocol
 * sock: tcp_sock, udp_sock ...); field: the kernel's name or sk_* alias.
 * *val gets the raw value (pointers as object ids), buf the decoded text.
 * Returns 0, -EBADF, -ENOTSOCK or -ENOENT (no such field). */
int km_fd_field(struct task_struct *t, int fd, const char *obj,
		const char *field, unsigned long long *val, char *buf, size_t len);
/* The trace id of the socket/sock behind a descriptor ("sock#3"). */
int km_fd_obj_name(struct task_struct *t, int fd, const char *obj, char *buf,
		   size_t len);

/* A field of a live traced object by its trace name ("tw#1", "sock#3"),
 * for objects no descriptor reaches (orphans, timewait socks). Returns 0
 * or -ENOENT (no such live object or field). */
int km_host_obj_field(struct host *h, const char *name, const char *field,
		      unsigned long long *val, char *buf, size_t len);

/* A host's clocks, as its kernel sees them now. */
unsigned long km_host_jiffies(const struct host *h);
unsigned long long km_host_monotonic_ns(struct host *h);	/* ktime_get_ns() */
unsigned long long km_host_realtime_ns(struct host *h);	/* ktime_get_real_ns() */
/* A boot secret ("net_secret", "ts_secret", "syncookie_secret[0]" and
 * "syncookie_secret[1]": 16 bytes each), for tests that
 * check ISNs and ports against their formulas. Returns 0, or -ENOENT if
 * the secret has not been drawn yet (it is drawn on first use). */
int km_host_secret(struct host *h, const char *name, void *buf, size_t len);
/* lib/siphash.c, for the same tests (key: 16 bytes, as siphash_key_t). */
unsigned long long km_siphash_2u32(unsigned int a, unsigned int b, const void *key);
unsigned long long km_siphash_4u32(unsigned int a, unsigned int b, unsigned int c,
				   unsigned int d, const void *key);
unsigned long long km_siphash_3u32(unsigned int a, unsigned int b, unsigned int c,
				   const void *key);

/* Take (lock=true) or release the socket lock of fd as task t would inside
 * a system call, so a test can deliver packets while a task owns the
 * socket (sock_owned_by_user). Releasing runs the backlog, as
 * release_sock() does. 0, -EBADF, -ENOTSOCK, -EBUSY (already held) or
 * -EINVAL (not held). */
int km_fd_sock_lock(struct task_struct *t, int fd, bool lock);

/* ---- names ---- */
const char *km_tcp_state_name(int state);
const char *km_socket_state_name(int state);

#endif
