/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/net.h (Linux 5.0.1 include/linux/net.h) — the BSD
 * socket layer: struct socket, the per-family operations, socket types.
 */
#ifndef _KM_LINUX_NET_H
#define _KM_LINUX_NET_H

#include <linux/types.h>
#include <linux/wait.h>
#include <linux/fcntl.h>
#include <uapi/linux/net.h>
#include <uapi/linux/socket.h>

struct poll_table_struct;
struct pipe_inode_info;
struct inode;
struct file;
struct net;
struct msghdr;
struct sock;
struct module;

#define SOCKWQ_ASYNC_NOSPACE	0
#define SOCKWQ_ASYNC_WAITDATA	1
#define SOCK_NOSPACE		2
#define SOCK_PASSCRED		3
#define SOCK_PASSSEC		4

/* Socket types (include/linux/net.h: enum sock_type). */
enum sock_type {
	SOCK_STREAM	= 1,
	SOCK_DGRAM	= 2,
	SOCK_RAW	= 3,
	SOCK_RDM	= 4,
	SOCK_SEQPACKET	= 5,
	SOCK_DCCP	= 6,
	SOCK_PACKET	= 10,
};

#define SOCK_MAX (SOCK_PACKET + 1)
#define SOCK_TYPE_MASK 0xf

/* Extra bits a caller may OR into the type argument of socket()/accept4(). */
#define SOCK_CLOEXEC	O_CLOEXEC
#define SOCK_NONBLOCK	O_NONBLOCK

enum sock_shutdown_cmd {
	SHUT_RD_KM,
	SHUT_WR_KM,
	SHUT_RDWR_KM,
};

struct socket_wq {
	/* stays first: sk_sleep() relies on wait being at offset 0 */
	wait_queue_head_t	wait;
	struct fasync_struct	*fasync_list;
	unsigned long		flags; /* SOCKWQ_ASYNC_* bits above */
	struct rcu_head		rcu;
};

/*
 * struct socket: the object behind a socket file descriptor. state is the
 * SS_* connection state seen by the socket layer, type the SOCK_* type,
 * flags holds bits such as SOCK_NOSPACE, wq is where tasks sleep, file is
 * the open file, sk the protocol's sock and ops its proto_ops table
 * (inet_stream_ops, inet_dgram_ops, ...).
 */
struct socket {
	socket_state		state;

	short			type;

	unsigned long		flags;

	struct socket_wq	*wq;

	struct file		*file;
	struct sock		*sk;
	const struct proto_ops	*ops;
};


struct proto_ops {
	int		family;
	struct module	*owner;
	int		(*release)   (struct socket *sock);
	int		(*bind)	     (struct socket *sock,
				      struct sockaddr *myaddr,
				      int sockaddr_len);
	int		(*connect)   (struct socket *sock,
				      struct sockaddr *vaddr,
				      int sockaddr_len, int flags);
	int		(*socketpair)(struct socket *sock1,
				      struct socket *sock2);
	int		(*accept)    (struct socket *sock,
				      struct socket *newsock, int flags, bool kern);
	int		(*getname)   (struct socket *sock,
				      struct sockaddr *addr,
				      int peer);
	__poll_t	(*poll)	     (struct file *file, struct socket *sock,
				      struct poll_table_struct *wait);
	int		(*ioctl)     (struct socket *sock, unsigned int cmd,
				      unsigned long arg);
	int		(*listen)    (struct socket *sock, int len);
	int		(*shutdown)  (struct socket *sock, int flags);
	int		(*setsockopt)(struct socket *sock, int level,
				      int optname, char __user *optval, unsigned int optlen);
	int		(*getsockopt)(struct socket *sock, int level,
				      int optname, char __user *optval, int __user *optlen);
	int		(*sendmsg)   (struct socket *sock, struct msghdr *m,
				      size_t total_len);
	int		(*recvmsg)   (struct socket *sock, struct msghdr *m,
				      size_t total_len, int flags);
};

struct net_proto_family {
	int		family;
	int		(*create)(struct net *net, struct socket *sock,
				  int protocol, int kern);
	struct module	*owner;
};

int sock_register(const struct net_proto_family *fam);
void sock_unregister(int family);
int sock_create(int family, int type, int proto, struct socket **res);
int sock_create_kern(struct net *net, int family, int type, int proto, struct socket **res);
int sock_create_lite(int family, int type, int proto, struct socket **res);
int __sock_create(struct net *net, int family, int type, int proto,
		  struct socket **res, int kern);
struct socket *sock_alloc(void);
void sock_release(struct socket *sock);
int sock_wake_async(struct socket_wq *sk_wq, int how, int band);
struct socket *sockfd_lookup(int fd, int *err);
int sock_map_fd(struct socket *sock, int flags);
struct file *sock_alloc_file(struct socket *sock, int flags, const char *dname);
struct socket *sock_from_file(struct file *file, int *err);
int sock_sendmsg(struct socket *sock, struct msghdr *msg);
int sock_recvmsg(struct socket *sock, struct msghdr *msg, int flags);

int kernel_sendmsg(struct socket *sock, struct msghdr *msg, void *vec,
		   size_t num, size_t len);

#endif
