// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/socket.c (Linux 5.0.1) — the BSD socket layer.
 *
 * The system calls socket(), connect(), bind() ... start here. A socket
 * is created in two halves: sock_alloc() makes the `struct socket` (with
 * its inode on the sockfs pseudo filesystem), and the address family's
 * create function (inet_create for AF_INET) attaches the protocol's
 * `struct sock`. sock_map_fd() then gives it a file and a descriptor.
 *
 * Differences from Linux: no LSM/audit hooks, no module loading (every
 * family kmirror knows is built in), and per-host tables (net_families[],
 * the sockfs inode cache) instead of globals.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/net.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/poll.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/sched.h>
#include <net/sock.h>
#include <kmirror/runtime.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/* Linux: static tables of net/socket.c; one set per host in kmirror. */
#define net_families		(km_host()->net_families)
#define sock_inode_cachep	(km_host()->sock_inode_cachep)

static int sock_close(struct inode *inode, struct file *file);
static __poll_t sock_poll(struct file *file, struct poll_table_struct *wait);

static ssize_t sock_read_iter(struct kiocb *iocb, struct iov_iter *to);
static ssize_t sock_write_iter(struct kiocb *iocb, struct iov_iter *from);

static const struct file_operations socket_file_ops = {
	.read_iter =	sock_read_iter,
	.write_iter =	sock_write_iter,
	.poll =		sock_poll,
	.release =	sock_close,
};

/*
 * move_addr_to_kernel: copy the caller's sockaddr into the kernel. The
 * length is checked first (EINVAL), an empty address copies nothing, and
 * an unreadable buffer gives EFAULT.
 */
int move_addr_to_kernel(void __user *uaddr, int ulen,
			struct __kernel_sockaddr_storage *kaddr)
{
	KM_FUNC("net/socket.c:182",
		"Copy the user's socket address into a kernel buffer.");

	KM_STEP(184,
		"Reject a negative length or one larger than sockaddr_storage (128).");
	if (ulen < 0 || ulen > (int)sizeof(struct __kernel_sockaddr_storage))
		return -EINVAL;
	if (ulen == 0)
		return 0;
	KM_STEP(188,
		"Copy the bytes from user memory; an unmapped pointer is EFAULT.");
	if (copy_from_user(kaddr, uaddr, ulen))
		return -EFAULT;
	return 0;
}

/*
 * move_addr_to_user: give an address back (getsockname, accept ...),
 * truncated to the caller's buffer, with the full length reported.
 */
int move_addr_to_user(struct __kernel_sockaddr_storage *kaddr, int klen,
		      void __user *uaddr, int __user *ulen)
{
	KM_FUNC("net/socket.c:210",
		"Copy a socket address out to the caller, truncating to its buffer.");
	int err;
	int len;

	err = get_user(len, ulen);
	if (err)
		return err;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len) {
		if (copy_to_user(uaddr, kaddr, len))
			return -EFAULT;
	}
	/* The caller learns the untruncated length. */
	return put_user(klen, ulen);
}

/* sockfs: the inode constructor allocates the socket_alloc pair. */
static struct inode *sock_alloc_inode(const struct super_block *sb)
{
	KM_FUNC("net/socket.c:239",
		"Allocate the socket together with its sockfs inode, and its wait queue.");
	struct socket_alloc *ei;
	struct socket_wq *wq;

	KM_STEP(244,
		"Take a socket_alloc (struct socket + struct inode) from sock_inode_cache.");
	ei = kmem_cache_alloc(sock_inode_cachep, GFP_KERNEL);
	if (!ei)
		return NULL;
	KM_STEP(247,
		"Allocate the socket_wq: the wait queue sleepers in connect()/accept() use.");
	wq = kmalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq) {
		kmem_cache_free(sock_inode_cachep, ei);
		return NULL;
	}
	init_waitqueue_head(&wq->wait);
	wq->fasync_list = NULL;
	wq->flags = 0;
	ei->socket.wq = wq;

	KM_STEP(257,
		"A fresh socket is SS_UNCONNECTED, with no ops, no sock and no file yet.");
	ei->socket.state = SS_UNCONNECTED;
	ei->socket.flags = 0;
	ei->socket.ops = NULL;
	ei->socket.sk = NULL;
	ei->socket.file = NULL;

	memset(&ei->vfs_inode, 0, sizeof(ei->vfs_inode));
	return &ei->vfs_inode;
}

static void sock_destroy_inode(struct inode *inode)
{
	KM_FUNC("net/socket.c:266",
		"Free the socket's wait queue and the socket_alloc itself.");
	struct socket_alloc *ei;

	ei = container_of(inode, struct socket_alloc, vfs_inode);
	kfree(ei->socket.wq);	/* Linux: kfree_rcu */
	kmem_cache_free(sock_inode_cachep, ei);
}

static const struct super_operations sockfs_ops = {
	.alloc_inode	= sock_alloc_inode,
	.destroy_inode	= sock_destroy_inode,
};

/* The sockfs superblock (Linux mounts it once as sock_mnt). */
static const struct super_block sockfs_sb_km = {
	.s_op	= &sockfs_ops,
	.s_id	= "sockfs",
};

/*
 * sock_alloc_file: wrap the socket in an open file on sockfs, named
 * after the protocol ("TCP"); O_NONBLOCK comes from SOCK_NONBLOCK.
 */
struct file *sock_alloc_file(struct socket *sock, int flags, const char *dname)
{
	KM_FUNC("net/socket.c:387",
		"Create the open file that stands for the socket in the descriptor table.");
	struct file *file;

	if (!dname)
		dname = sock->sk ? sock->sk->sk_prot_creator->name : "";

	KM_STEP(394,
		"Allocate a pseudo file on sockfs, O_RDWR plus O_NONBLOCK if asked.");
	file = alloc_file_pseudo(SOCK_INODE(sock), dname,
				 O_RDWR | (flags & O_NONBLOCK),
				 &socket_file_ops);
	if (IS_ERR(file)) {
		sock_release(sock);
		return file;
	}

	KM_STEP(402,
		"Link socket and file both ways: sock->file and file->private_data.");
	sock->file = file;
	file->private_data = sock;
	return file;
}

/* sock_map_fd: reserve a descriptor, make the file, install it. */
int sock_map_fd(struct socket *sock, int flags)
{
	KM_FUNC("net/socket.c:408",
		"Give the new socket a file and a descriptor number.");
	struct file *newfile;
	int fd;

	KM_STEP(411,
		"Reserve the lowest free descriptor (EMFILE past RLIMIT_NOFILE).");
	fd = get_unused_fd_flags(flags);
	if (unlikely(fd < 0)) {
		KM_STEP(413,
			"No descriptor: release the socket we just built and fail.");
		sock_release(sock);
		return fd;
	}

	newfile = sock_alloc_file(sock, flags, NULL);
	if (likely(!IS_ERR(newfile))) {
		KM_STEP(419,
			"Publish the file under the descriptor: socket() returns this number.");
		fd_install(fd, newfile);
		return fd;
	}

	put_unused_fd(fd);
	return PTR_ERR(newfile);
}

struct socket *sock_from_file(struct file *file, int *err)
{
	KM_FUNC("net/socket.c:427",
		"The socket behind a file, if the file is a socket; otherwise ENOTSOCK.");
	if (file->f_op == &socket_file_ops)
		return file->private_data;	/* set by sock_alloc_file */

	*err = -ENOTSOCK;
	return NULL;
}

struct socket *sockfd_lookup(int fd, int *err)
{
	KM_FUNC("net/socket.c:450",
		"Find the socket of a descriptor: EBADF if no such file, ENOTSOCK if not a socket.");
	struct file *file;
	struct socket *sock;

	file = fget(fd);
	if (!file) {
		*err = -EBADF;
		return NULL;
	}

	sock = sock_from_file(file, err);
	if (!sock)
		fput(file);
	return sock;
}

/*
 * sockfd_lookup_light: descriptor -> socket for the socket syscalls.
 * No file: EBADF. A file that is not a socket: ENOTSOCK.
 */
struct socket *sockfd_lookup_light(int fd, int *err, int *fput_needed)
{
	KM_FUNC("net/socket.c:468",
		"Find the socket behind a descriptor (EBADF, or ENOTSOCK for other files).");
	struct fd f = fdget(fd);
	struct socket *sock;

	*err = -EBADF;
	if (f.file) {
		KM_STEP(475,
			"The descriptor is open: check that its file is a socket.");
		sock = sock_from_file(f.file, err);
		if (likely(sock)) {
			*fput_needed = f.flags;
			return sock;
		}
		fdput(f);
	}
	return NULL;
}

/*
 * sock_alloc: a socket and its inode, with an inode number and the
 * creating task's credentials.
 */
struct socket *sock_alloc(void)
{
	KM_FUNC("net/socket.c:542",
		"Allocate a new socket and its inode on sockfs.");
	struct inode *inode;
	struct socket *sock;

	KM_STEP(547,
		"Ask sockfs for a new inode; sock_alloc_inode builds the socket_alloc.");
	inode = new_inode_pseudo(&sockfs_sb_km);
	if (!inode)
		return NULL;

	KM_STEP(551,
		"SOCKET_I(): the socket sits right before the inode in socket_alloc.");
	sock = SOCKET_I(inode);

	KM_STEP(553,
		"Number the inode and mark it a socket (S_IFSOCK|0777) owned by the caller.");
	inode->i_ino = get_next_ino();
	inode->i_mode = S_IFSOCK | S_IRWXUGO;
	inode->i_uid = current_fsuid();
	inode->i_gid = current_fsgid();

	return sock;
}

/*
 * __sock_release: the protocol lets go of its sock (ops->release), then
 * the socket itself goes away with its inode unless a file still holds it.
 */
static void __sock_release(struct socket *sock, struct inode *inode)
{
	KM_FUNC("net/socket.c:572",
		"Detach the protocol (ops->release) and free the socket if no file holds it.");
	if (sock->ops) {
		KM_STEP(579,
			"Let the family release its sock: inet_release() for AF_INET.");
		sock->ops->release(sock);
		sock->sk = NULL;
		sock->ops = NULL;
	}

	if (!sock->file) {
		KM_STEP(591,
			"No file refers to the socket: drop the inode, which frees the socket.");
		iput(SOCK_INODE(sock));
		return;
	}
	sock->file = NULL;
}

void sock_release(struct socket *sock)
{
	KM_FUNC("net/socket.c:597", "Release a socket that has no file of its own.");
	__sock_release(sock, NULL);
}

static __poll_t sock_poll(struct file *file, struct poll_table_struct *wait)
{
	KM_FUNC("net/socket.c:1111", "poll(): ask the family which events are ready.");
	struct socket *sock = file->private_data;

	if (!sock->ops->poll)
		return 0;
	return sock->ops->poll(file, sock, wait);
}

static int sock_close(struct inode *inode, struct file *filp)
{
	KM_FUNC("net/socket.c:1138",
		"Last close of the socket's file: release the socket.");
	__sock_release(SOCKET_I(inode), inode);
	return 0;
}

int sock_wake_async(struct socket_wq *wq, int how, int band)
{
	KM_FUNC("net/socket.c:1179",
		"Send SIGIO/SIGURG to the owners of an O_ASYNC socket; kmirror has none.");
	/* No SIGIO delivery in kmirror (no O_ASYNC owners). */
	if (!wq || !wq->fasync_list)
		return -1;
	return 0;
}

/*
 * __sock_create: range checks on family and type, then sock_alloc() and
 * the family's create function.
 */
int __sock_create(struct net *net, int family, int type, int protocol,
		  struct socket **res, int kern)
{
	KM_FUNC("net/socket.c:1205",
		"Check family and type, allocate a socket, let the family fill it in.");
	int err;
	struct socket *sock;
	const struct net_proto_family *pf;

	KM_STEP(1215,
		"The family must be below AF_MAX (45), else EAFNOSUPPORT.");
	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	KM_STEP(1217, "The type must be below SOCK_MAX (11), else EINVAL.");
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;

	if (family == PF_INET && type == SOCK_PACKET) {
		KM_STEP(1226,
			"Old compatibility: (PF_INET, SOCK_PACKET) really means PF_PACKET.");
		pr_info_once("%s uses obsolete (PF_INET,SOCK_PACKET)\n",
			     current->comm);
		family = PF_PACKET;
	}

	KM_STEP(1240,
		"Allocate the struct socket (with its inode); failure is ENFILE.");
	sock = sock_alloc();
	if (!sock) {
		net_warn_ratelimited("socket: no more sockets\n");
		KM_STEP(1243, "No socket inode could be allocated: ENFILE.");
		return -ENFILE;
	}

	KM_STEP(1247, "Record the requested type in the socket.");
	sock->type = type;

	KM_STEP(1261,
		"Find the family's create function in net_families[]; none is EAFNOSUPPORT.");
	pf = net_families[family];
	err = -EAFNOSUPPORT;
	if (!pf)
		goto out_release;

	KM_STEP(1276,
		"Call the family's create (inet_create) to attach the protocol's sock.");
	err = pf->create(net, sock, protocol, kern);
	if (err < 0)
		goto out_module_put;

	KM_STEP(1295, "Success: hand the socket back to the caller.");
	*res = sock;

	return 0;

out_module_put:
	sock->ops = NULL;
out_release:
	KM_STEP(1305, "Creation failed: release the half-built socket.");
	sock_release(sock);
	return err;
}

int sock_create(int family, int type, int protocol, struct socket **res)
{
	KM_FUNC("net/socket.c:1314",
		"Create a user socket in the caller's network namespace.");
	return __sock_create(current->nsproxy->net_ns, family, type,
			     protocol, res, 0);
}

int sock_create_kern(struct net *net, int family, int type, int protocol,
		     struct socket **res)
{
	KM_FUNC("net/socket.c:1320", "Create a kernel-internal socket.");
	return __sock_create(net, family, type, protocol, res, 1);
}

/* socket(2): split the type argument, create, then map to a descriptor. */
int __sys_socket(int family, int type, int protocol)
{
	KM_FUNC("net/socket.c:1326",
		"socket(2): create a socket and return a descriptor for it.");
	int retval;
	struct socket *sock;
	int flags;

	BUILD_BUG_ON(SOCK_CLOEXEC != O_CLOEXEC);
	BUILD_BUG_ON((SOCK_MAX | SOCK_TYPE_MASK) != SOCK_TYPE_MASK);
	BUILD_BUG_ON(SOCK_CLOEXEC & SOCK_TYPE_MASK);
	BUILD_BUG_ON(SOCK_NONBLOCK & SOCK_TYPE_MASK);

	KM_STEP(1338,
		"Split type into its low 4 bits (the socket type) and flag bits.");
	flags = type & ~SOCK_TYPE_MASK;
	KM_STEP(1339,
		"Only SOCK_CLOEXEC and SOCK_NONBLOCK may be set among the flags, else EINVAL.");
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;

	KM_STEP(1346,
		"Build the socket: sock_create() -> __sock_create() -> the family.");
	retval = sock_create(family, type, protocol, &sock);
	if (retval < 0)
		return retval;

	KM_STEP(1350,
		"Attach a file and a descriptor; CLOEXEC/NONBLOCK go to the file.");
	return sock_map_fd(sock, flags & (O_CLOEXEC | O_NONBLOCK));
}

KM_SYSCALL_AT(socket, "net/socket.c:1353");
SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	return __sys_socket(family, type, protocol);
}

static inline int sock_sendmsg_nosec(struct socket *sock, struct msghdr *msg)
{
	KM_FUNC("net/socket.c:620",
		"Call the socket's sendmsg without the security hook.");
	return sock->ops->sendmsg(sock, msg, iov_iter_count(&msg->msg_iter));
}

int sock_sendmsg(struct socket *sock, struct msghdr *msg)
{
	KM_FUNC("net/socket.c:627",
		"Hand a message to the socket's sendmsg (inet_sendmsg → the protocol).");
	return sock_sendmsg_nosec(sock, msg);
}

static inline int sock_recvmsg_nosec(struct socket *sock, struct msghdr *msg,
				     int flags)
{
	KM_FUNC("net/socket.c:792",
		"Call the socket's recvmsg without the security hook.");
	return sock->ops->recvmsg(sock, msg, iov_iter_count(&msg->msg_iter), flags);
}

int sock_recvmsg(struct socket *sock, struct msghdr *msg, int flags)
{
	KM_FUNC("net/socket.c:798",
		"Ask the socket's recvmsg (inet_recvmsg → the protocol) for data or an error.");
	return sock_recvmsg_nosec(sock, msg, flags);
}

int __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen)
{
	KM_FUNC("net/socket.c:1468",
		"bind(2): copy the address in and call the socket's bind (inet_bind).");
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		err = move_addr_to_kernel(umyaddr, addrlen, &address);
		if (!err) {
			KM_STEP(1482,
				"Call sock->ops->bind (inet_bind for AF_INET).");
			err = sock->ops->bind(sock, (struct sockaddr *)&address,
					      addrlen);
		}
		fput_light(sock->file, fput_needed);
	}
	return err;
}

KM_SYSCALL_AT(bind, "net/socket.c:1491");
SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)
{
	return __sys_bind(fd, umyaddr, addrlen);
}

int __sys_listen(int fd, int backlog)
{
	KM_FUNC("net/socket.c:1502",
		"listen(2): cap the backlog at net.core.somaxconn and call the socket's listen.");
	struct socket *sock;
	int err, fput_needed;
	int somaxconn;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		somaxconn = sock_net(sock->sk)->core.sysctl_somaxconn;
		KM_STEP(1511,
			"A backlog above net.core.somaxconn is silently lowered to it.");
		if ((unsigned int)backlog > somaxconn)
			backlog = somaxconn;

		err = sock->ops->listen(sock, backlog);
		fput_light(sock->file, fput_needed);
	}
	return err;
}

KM_SYSCALL_AT(listen, "net/socket.c:1523");
SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	return __sys_listen(fd, backlog);
}

int __sys_accept4(int fd, struct sockaddr __user *upeer_sockaddr,
		  int __user *upeer_addrlen, int flags)
{
	KM_FUNC("net/socket.c:1540",
		"accept(2): make a new socket and file, take a connection off the listener, return a descriptor.");
	struct socket *sock, *newsock;
	struct file *newfile;
	int err, len, newfd, fput_needed;
	struct sockaddr_storage address;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) {
		KM_STEP(1549,
			"accept4() flags other than SOCK_CLOEXEC|SOCK_NONBLOCK: EINVAL.");
		return -EINVAL;
	}

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		goto out;

	KM_STEP(1558,
		"A fresh struct socket of the same type and ops for the connection.");
	err = -ENFILE;
	newsock = sock_alloc();
	if (!newsock)
		goto out_put;

	newsock->type = sock->type;
	newsock->ops = sock->ops;

	newfd = get_unused_fd_flags(flags);
	if (unlikely(newfd < 0)) {
		err = newfd;
		sock_release(newsock);
		goto out_put;
	}
	newfile = sock_alloc_file(newsock, flags, sock->sk->sk_prot_creator->name);
	if (IS_ERR(newfile)) {
		err = PTR_ERR(newfile);
		put_unused_fd(newfd);
		goto out_put;
	}

	KM_STEP(1589,
		"sock->ops->accept (inet_accept): wait for and graft the connection's sock.");
	err = sock->ops->accept(sock, newsock, sock->file->f_flags, false);
	if (err < 0)
		goto out_fd;

	if (upeer_sockaddr) {
		len = newsock->ops->getname(newsock, (struct sockaddr *)&address, 2);
		if (len < 0) {
			KM_STEP(1597,
				"The accepted connection was reset before we got it: ECONNABORTED.");
			err = -ECONNABORTED;
			goto out_fd;
		}
		err = move_addr_to_user(&address, len, upeer_sockaddr,
					upeer_addrlen);
		if (err < 0)
			goto out_fd;
	}

	KM_STEP(1608,
		"Install the new file in the descriptor table: accept returns the new descriptor.");
	fd_install(newfd, newfile);
	err = newfd;

out_put:
	fput_light(sock->file, fput_needed);
out:
	return err;
out_fd:
	fput(newfile);
	put_unused_fd(newfd);
	goto out_put;
}

KM_SYSCALL_AT(accept4, "net/socket.c:1621");
SYSCALL_DEFINE4(accept4, int, fd, struct sockaddr __user *, upeer_sockaddr,
		int __user *, upeer_addrlen, int, flags)
{
	return __sys_accept4(fd, upeer_sockaddr, upeer_addrlen, flags);
}

KM_SYSCALL_AT(accept, "net/socket.c:1627");
SYSCALL_DEFINE3(accept, int, fd, struct sockaddr __user *, upeer_sockaddr,
		int __user *, upeer_addrlen)
{
	return __sys_accept4(fd, upeer_sockaddr, upeer_addrlen, 0);
}

int __sys_connect(int fd, struct sockaddr __user *uservaddr, int addrlen)
{
	KM_FUNC("net/socket.c:1645",
		"connect(2): find the socket, copy the address in, call sock->ops->connect.");
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		goto out;
	KM_STEP(1654,
		"Copy the user's address into kernel memory (length checked: 0..128).");
	err = move_addr_to_kernel(uservaddr, addrlen, &address);
	if (err < 0)
		goto out_put;

	KM_STEP(1663,
		"Call the family's connect (inet_stream_connect or inet_dgram_connect) with the file's flags.");
	err = sock->ops->connect(sock, (struct sockaddr *)&address, addrlen,
				 sock->file->f_flags);
out_put:
	fput_light(sock->file, fput_needed);
out:
	return err;
}

KM_SYSCALL_AT(connect, "net/socket.c:1671");
SYSCALL_DEFINE3(connect, int, fd, struct sockaddr __user *, uservaddr,
		int, addrlen)
{
	return __sys_connect(fd, uservaddr, addrlen);
}

int __sys_getsockname(int fd, struct sockaddr __user *usockaddr,
		      int __user *usockaddr_len)
{
	KM_FUNC("net/socket.c:1682",
		"getsockname(2): the socket's local address, copied out to the user.");
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		goto out;

	err = sock->ops->getname(sock, (struct sockaddr *)&address, 0);
	if (err < 0)
		goto out_put;
	/* getname returns the address length */
	err = move_addr_to_user(&address, err, usockaddr, usockaddr_len);

out_put:
	fput_light(sock->file, fput_needed);
out:
	return err;
}

KM_SYSCALL_AT(getsockname, "net/socket.c:1709");
SYSCALL_DEFINE3(getsockname, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return __sys_getsockname(fd, usockaddr, usockaddr_len);
}

int __sys_getpeername(int fd, struct sockaddr __user *usockaddr,
		      int __user *usockaddr_len)
{
	KM_FUNC("net/socket.c:1720",
		"getpeername(2): the peer's address (ENOTCONN if not connected).");
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock != NULL) {
		err = sock->ops->getname(sock, (struct sockaddr *)&address, 1);
		if (err >= 0)
			err = move_addr_to_user(&address, err, usockaddr,
						usockaddr_len);
		fput_light(sock->file, fput_needed);
	}
	return err;
}

KM_SYSCALL_AT(getpeername, "net/socket.c:1745");
SYSCALL_DEFINE3(getpeername, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return __sys_getpeername(fd, usockaddr, usockaddr_len);
}

/* read(2) of a socket: a recv() without flags but O_NONBLOCK's. */
static ssize_t sock_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	KM_FUNC("net/socket.c:862",
		"read() on a socket: build a msghdr around the iov_iter and sock_recvmsg it.");
	struct file *file = iocb->ki_filp;
	struct socket *sock = file->private_data;
	struct msghdr msg = {.msg_iter = *to,
			     .msg_iocb = iocb};
	ssize_t res;

	if (file->f_flags & O_NONBLOCK)
		msg.msg_flags = MSG_DONTWAIT;

	if (iocb->ki_pos != 0)
		return -ESPIPE;

	if (KM_STEP_IF(876, "A read of 0 bytes: return 0 at once (as System V does)?",
		       !iov_iter_count(to)))
		return 0;

	KM_STEP(879, "Receive through the socket's recvmsg (sock_recvmsg).");
	res = sock_recvmsg(sock, &msg, msg.msg_flags);
	*to = msg.msg_iter;
	return res;
}

/* write(2) of a socket: a send() without flags but O_NONBLOCK's. */
static ssize_t sock_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	KM_FUNC("net/socket.c:884",
		"write() on a socket: build a msghdr around the iov_iter and sock_sendmsg it.");
	struct file *file = iocb->ki_filp;
	struct socket *sock = file->private_data;
	struct msghdr msg = {.msg_iter = *from,
			     .msg_iocb = iocb};
	ssize_t res;

	if (iocb->ki_pos != 0)
		return -ESPIPE;

	if (file->f_flags & O_NONBLOCK)
		msg.msg_flags = MSG_DONTWAIT;

	if (sock->type == SOCK_SEQPACKET)
		msg.msg_flags |= MSG_EOR;

	KM_STEP(901, "Send through the socket's sendmsg (sock_sendmsg).");
	res = sock_sendmsg(sock, &msg);
	*from = msg.msg_iter;
	return res;
}

int __sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags,
		 struct sockaddr __user *addr, int addr_len)
{
	KM_FUNC("net/socket.c:1756",
		"sendto(2): build a msghdr around the user buffer (and address) and sock_sendmsg it.");
	struct socket *sock;
	struct sockaddr_storage address;
	int err;
	struct msghdr msg;
	struct iovec iov;
	int fput_needed;

	err = import_single_range(WRITE, buff, len, &iov, &msg.msg_iter);
	if (unlikely(err))
		return err;
	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		goto out;

	msg.msg_name = NULL;
	msg.msg_control = NULL;
	msg.msg_controllen = 0;
	msg.msg_namelen = 0;
	if (addr) {
		err = move_addr_to_kernel(addr, addr_len, &address);
		if (err < 0)
			goto out_put;
		msg.msg_name = (struct sockaddr *)&address;
		msg.msg_namelen = addr_len;
	}
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	msg.msg_flags = flags;
	err = sock_sendmsg(sock, &msg);

out_put:
	fput_light(sock->file, fput_needed);
out:
	return err;
}

KM_SYSCALL_AT(sendto, "net/socket.c:1795");
SYSCALL_DEFINE6(sendto, int, fd, void __user *, buff, size_t, len,
		unsigned int, flags, struct sockaddr __user *, addr,
		int, addr_len)
{
	return __sys_sendto(fd, buff, len, flags, addr, addr_len);
}

int __sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags,
		   struct sockaddr __user *addr, int __user *addr_len)
{
	KM_FUNC("net/socket.c:1817",
		"recvfrom(2): sock_recvmsg into the user buffer; copy the sender's address out.");
	struct socket *sock;
	struct iovec iov;
	struct msghdr msg;
	struct sockaddr_storage address;
	int err, err2;
	int fput_needed;

	err = import_single_range(READ, ubuf, size, &iov, &msg.msg_iter);
	if (unlikely(err))
		return err;
	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		goto out;

	msg.msg_control = NULL;
	msg.msg_controllen = 0;
	msg.msg_name = addr ? (struct sockaddr *)&address : NULL;
	msg.msg_namelen = 0;
	msg.msg_iocb = NULL;
	msg.msg_flags = 0;
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	err = sock_recvmsg(sock, &msg, flags);

	if (err >= 0 && addr != NULL) {
		err2 = move_addr_to_user(&address, msg.msg_namelen, addr,
					 addr_len);
		if (err2 < 0)
			err = err2;
	}

	fput_light(sock->file, fput_needed);
out:
	return err;
}

KM_SYSCALL_AT(recvfrom, "net/socket.c:1858");
SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, ubuf, size_t, size,
		unsigned int, flags, struct sockaddr __user *, addr,
		int __user *, addr_len)
{
	return __sys_recvfrom(fd, ubuf, size, flags, addr, addr_len);
}

static int __sys_setsockopt(int fd, int level, int optname,
			    char __user *optval, int optlen)
{
	KM_FUNC("net/socket.c:1880",
		"setsockopt(2): SOL_SOCKET options go to sock_setsockopt, others to the protocol.");
	int err, fput_needed;
	struct socket *sock;

	if (optlen < 0) {
		KM_STEP(1887, "A negative option length: EINVAL.");
		return -EINVAL;
	}

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock != NULL) {
		if (level == SOL_SOCKET)
			err = sock_setsockopt(sock, level, optname, optval, optlen);
		else
			err = sock->ops->setsockopt(sock, level, optname, optval,
						    optlen);
		fput_light(sock->file, fput_needed);
	}
	return err;
}

KM_SYSCALL_AT(setsockopt, "net/socket.c:1909");
SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname,
		char __user *, optval, int, optlen)
{
	return __sys_setsockopt(fd, level, optname, optval, optlen);
}

static int __sys_getsockopt(int fd, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	KM_FUNC("net/socket.c:1920",
		"getsockopt(2): SOL_SOCKET options from sock_getsockopt, others from the protocol.");
	int err, fput_needed;
	struct socket *sock;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock != NULL) {
		if (level == SOL_SOCKET)
			err = sock_getsockopt(sock, level, optname, optval, optlen);
		else
			err = sock->ops->getsockopt(sock, level, optname, optval,
						    optlen);
		fput_light(sock->file, fput_needed);
	}
	return err;
}

KM_SYSCALL_AT(getsockopt, "net/socket.c:1946");
SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname,
		char __user *, optval, int __user *, optlen)
{
	return __sys_getsockopt(fd, level, optname, optval, optlen);
}

int __sys_shutdown(int fd, int how)
{
	KM_FUNC("net/socket.c:1956",
		"shutdown(2): call the socket's shutdown (inet_shutdown).");
	int err, fput_needed;
	struct socket *sock;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock != NULL) {
		err = sock->ops->shutdown(sock, how);
		fput_light(sock->file, fput_needed);
	}
	return err;
}

KM_SYSCALL_AT(shutdown, "net/socket.c:1971");
SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	return __sys_shutdown(fd, how);
}

/*
 * recvmsg(2). Linux's ___sys_recvmsg() also handles compat layouts and
 * recvmmsg; kmirror copies the user msghdr, receives into its (single or
 * several) iovecs and writes back msg_namelen, msg_controllen, msg_flags.
 */
long __sys_recvmsg(int fd, struct user_msghdr __user *umsg, unsigned int flags)
{
	KM_FUNC("net/socket.c:2312",
		"recvmsg(2): receive into the user's iovecs; return address, control data and flags.");
	struct user_msghdr m;
	struct socket *sock;
	struct msghdr msg;
	struct iovec iov[UIO_FASTIOV];
	struct sockaddr_storage addr;
	int err, fput_needed, len;

	if (copy_from_user(&m, umsg, sizeof(m)))
		return -EFAULT;
	if (m.msg_iovlen > UIO_FASTIOV)
		return -EMSGSIZE;
	if (m.msg_iovlen && copy_from_user(iov, m.msg_iov, m.msg_iovlen * sizeof(iov[0])))
		return -EFAULT;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;

	memset(&msg, 0, sizeof(msg));
	iov_iter_init(&msg.msg_iter, READ, iov, m.msg_iovlen,
		      iov_length(iov, m.msg_iovlen));
	msg.msg_name = m.msg_name ? (struct sockaddr *)&addr : NULL;
	msg.msg_control = m.msg_control;
	msg.msg_controllen = m.msg_controllen;
	msg.msg_flags = flags & MSG_CMSG_CLOEXEC;

	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	err = sock_recvmsg(sock, &msg, flags);
	if (err < 0)
		goto out_put;
	len = err;

	if (m.msg_name) {
		err = move_addr_to_user(&addr, msg.msg_namelen, m.msg_name,
					&umsg->msg_namelen);
		if (err)
			goto out_put;
	}
	err = put_user(msg.msg_flags, &umsg->msg_flags);
	if (err)
		goto out_put;
	err = put_user((size_t)((char __user *)msg.msg_control -
				(char __user *)m.msg_control),
		       &umsg->msg_controllen);
	if (err)
		goto out_put;
	err = len;
out_put:
	fput_light(sock->file, fput_needed);
	return err;
}

KM_SYSCALL_AT(recvmsg, "net/socket.c:2333");
SYSCALL_DEFINE3(recvmsg, int, fd, struct user_msghdr __user *, msg,
		unsigned int, flags)
{
	return __sys_recvmsg(fd, msg, flags);
}

/* Register an address family's create function (af_inet: inet_family_ops). */
int sock_register(const struct net_proto_family *ops)
{
	KM_FUNC("net/socket.c:2657",
		"Register an address family so socket() can create its sockets.");
	int err;

	if (ops->family >= NPROTO) {
		pr_err("protocol %d >= NPROTO(%d)\n", ops->family, NPROTO);
		return -ENOBUFS;
	}

	if (net_families[ops->family])
		err = -EEXIST;
	else {
		net_families[ops->family] = ops;
		err = 0;
	}
	return err;
}

void sock_unregister(int family)
{
	KM_FUNC("net/socket.c:2694",
		"Remove an address family's create() handler from net_families[].");
	net_families[family] = NULL;
}

/* Boot: sockfs's inode cache (Linux: sock_init, a core initcall). */
void sock_init(void)
{
	KM_FUNC("net/socket.c:2713",
		"Boot-time socket layer set-up: the socket inode cache and the file cache.");
	sock_inode_cachep = km_cache_create("sock_inode_cache",
					    sizeof(struct socket_alloc),
					    KM_ID_SOCKET);
	km_host()->filp_cachep = km_cache_create("filp", sizeof(struct file),
						 KM_ID_FILE);
}
