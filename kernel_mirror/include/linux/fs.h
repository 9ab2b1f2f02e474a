/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the corner of the VFS sockets live in (include/linux/fs.h):
 * an inode on the sockfs pseudo filesystem and an open file pointing at
 * the socket. Only what socket(), close(), fcntl(), read() and write()
 * touch is modelled.
 */
#ifndef _KM_LINUX_FS_H
#define _KM_LINUX_FS_H

#include <linux/types.h>
#include <linux/fcntl.h>
#include <linux/refcount.h>
#include <linux/cred.h>
#include <linux/task_work.h>

struct file;
struct inode;
struct poll_table_struct;

#define S_IFMT   00170000
#define S_IFSOCK 0140000
#define S_IRWXUGO 00777

#define FMODE_READ	0x1
#define FMODE_WRITE	0x2

/* The most one read() or write() moves (INT_MAX & PAGE_MASK). */
#define MAX_RW_COUNT	0x7ffff000


struct kiocb;
struct iov_iter;

struct file_operations {
	ssize_t		(*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t		(*write_iter)(struct kiocb *, struct iov_iter *);
	__poll_t	(*poll)(struct file *, struct poll_table_struct *);
	long		(*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	int		(*release)(struct inode *, struct file *);
};

struct super_block;

struct super_operations {
	struct inode *(*alloc_inode)(const struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
};

struct super_block {
	const struct super_operations	*s_op;
	const char			*s_id;
};

struct inode {
	umode_t			i_mode;
	kuid_t			i_uid;
	kgid_t			i_gid;
	unsigned long		i_ino;
	unsigned long		i_state;
	const void		*i_op;
	const struct super_block	*i_sb;
};

struct inode *new_inode_pseudo(const struct super_block *sb);
void iput(struct inode *inode);

struct file {
	const char		*f_name_km;	/* "socket:[<ino>]" dentry name */
	struct inode		*f_inode;
	const struct file_operations	*f_op;
	atomic_long_t		f_count;
	unsigned int		f_flags;
	fmode_t			f_mode;
	void			*private_data;
	struct callback_head	f_work_km_head;	/* deferred fput (task work) */
};

/* One read or write of a file (include/linux/fs.h:305): the file and
 * the position it starts at. */
struct kiocb {
	struct file	*ki_filp;
	loff_t		ki_pos;
};

static inline void init_sync_kiocb(struct kiocb *kiocb, struct file *filp)
{
	*kiocb = (struct kiocb) { .ki_filp = filp };
}

ssize_t ksys_read(unsigned int fd, char __user *buf, size_t count);
ssize_t ksys_write(unsigned int fd, const char __user *buf, size_t count);

static inline struct file *get_file(struct file *f)
{
	atomic_long_inc(&f->f_count);
	return f;
}

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

struct file *alloc_file_pseudo(struct inode *inode, const char *name,
			       int flags, const struct file_operations *fops);
void fput(struct file *file);
struct file *fget(unsigned int fd);
unsigned long get_next_ino(void);

#endif
