// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/scm.c (Linux 5.0.1) — put_cmsg(), which appends one
 * control message (ancillary data) to the user's msg_control buffer, as
 * recvmsg() returns IP_RECVERR reports.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <kmirror/trace.h>

int put_cmsg(struct msghdr *msg, int level, int type, int len, void *data)
{
	KM_FUNC("net/core/scm.c:216",
		"Append a control message (level, type, data) to the caller's msg_control buffer.");
	struct cmsghdr __user *cm = (struct cmsghdr __user *)msg->msg_control;
	struct cmsghdr cmhdr;
	int cmlen = CMSG_LEN_KM(len);

	if (cm == NULL || msg->msg_controllen < sizeof(*cm)) {
		msg->msg_flags |= MSG_CTRUNC;
		return 0;
	}
	if (msg->msg_controllen < cmlen) {
		msg->msg_flags |= MSG_CTRUNC;
		cmlen = msg->msg_controllen;
	}
	cmhdr.cmsg_level = level;
	cmhdr.cmsg_type = type;
	cmhdr.cmsg_len = cmlen;

	if (copy_to_user(cm, &cmhdr, sizeof(cmhdr)))
		return -EFAULT;
	if (copy_to_user((char __user *)cm + CMSG_ALIGN_KM(sizeof(cmhdr)), data,
			 cmlen - CMSG_ALIGN_KM(sizeof(cmhdr))))
		return -EFAULT;
	cmlen = CMSG_SPACE_KM(len);
	if (msg->msg_controllen < cmlen)
		cmlen = msg->msg_controllen;
	msg->msg_control = (char __user *)msg->msg_control + cmlen;
	msg->msg_controllen -= cmlen;
	return 0;
}
