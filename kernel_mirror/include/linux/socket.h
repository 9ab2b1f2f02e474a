/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/socket.h — message headers of sendmsg()/recvmsg(). */
#ifndef _KM_LINUX_SOCKET_H
#define _KM_LINUX_SOCKET_H

#include <linux/types.h>
#include <linux/uio.h>
#include <uapi/linux/socket.h>

struct kiocb;

struct msghdr {
	void		*msg_name;	/* where the address goes (kernel copy) */
	int		msg_namelen;
	struct iov_iter	msg_iter;	/* the data */
	void		*msg_control;	/* ancillary data (user pointer here) */
	size_t		msg_controllen;
	unsigned int	msg_flags;
	struct kiocb	*msg_iocb;
};

struct user_msghdr {
	void		__user *msg_name;
	int		msg_namelen;
	struct iovec	__user *msg_iov;
	size_t		msg_iovlen;
	void		__user *msg_control;
	size_t		msg_controllen;
	unsigned int	msg_flags;
};

struct cmsghdr {
	size_t		cmsg_len;
	int		cmsg_level;
	int		cmsg_type;
};

#define CMSG_ALIGN_KM(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_LEN_KM(len)   (CMSG_ALIGN_KM(sizeof(struct cmsghdr)) + (len))
#define CMSG_SPACE_KM(len) (CMSG_ALIGN_KM(sizeof(struct cmsghdr)) + CMSG_ALIGN_KM(len))

#define IP_RECVERR_TYPE_KM	11	/* cmsg_type of an IP_RECVERR message */

#define sockaddr_storage __kernel_sockaddr_storage

int move_addr_to_kernel(void __user *uaddr, int ulen, struct __kernel_sockaddr_storage *kaddr);
int put_cmsg(struct msghdr *msg, int level, int type, int len, void *data);

#endif
