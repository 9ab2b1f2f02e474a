/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/file.h and fdtable.h — a task's descriptor table. */
#ifndef _KM_LINUX_FILE_H
#define _KM_LINUX_FILE_H

#include <linux/types.h>
#include <linux/fs.h>

#define NR_OPEN_KM	1024	/* table size; RLIMIT_NOFILE decides EMFILE */

struct files_struct {
	int		next_fd;
	struct file	*fd_array[NR_OPEN_KM];
	unsigned char	close_on_exec[NR_OPEN_KM];
};

struct fd {
	struct file	*file;
	unsigned int	flags;
};
#define FDPUT_FPUT       1

/* Drop the reference sockfd_lookup_light() took, if it took one. */
static inline void fput_light(struct file *file, int fput_needed)
{
	if (fput_needed)
		fput(file);
}

static inline void fdput(struct fd fd)
{
	if (fd.flags & FDPUT_FPUT)
		fput(fd.file);
}

struct fd __fdget(unsigned int fd);

static inline struct fd fdget(unsigned int fd)
{
	return __fdget(fd);
}

int get_unused_fd_flags(unsigned flags);
void put_unused_fd(unsigned int fd);
void fd_install(unsigned int fd, struct file *file);
int __close_fd(struct files_struct *files, unsigned int fd);

#endif
