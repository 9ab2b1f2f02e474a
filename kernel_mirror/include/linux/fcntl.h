/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: open flags and fcntl commands (x86_64, include/uapi/asm-generic/fcntl.h). */
#ifndef _KM_LINUX_FCNTL_H
#define _KM_LINUX_FCNTL_H

#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_NONBLOCK	00004000
#define O_NDELAY	O_NONBLOCK
#define O_CLOEXEC	02000000

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define FD_CLOEXEC	1

#endif
