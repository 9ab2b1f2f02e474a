// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: files and descriptors (fs/file.c, fs/file_table.c,
 * fs/open.c, fs/fcntl.c, kernel/task_work.c) — enough for a socket to be
 * an open file: allocate a descriptor, install the file, look it up,
 * change O_NONBLOCK with fcntl(), and close it. As in Linux, the last
 * fput() of a file in process context is deferred to task work, which runs
 * on the way back to user space; that is when sock_close() runs.
 *
 * Linux functions mirrored here, each with its KM_FUNC (docs/mapping.md):
 * new_inode_pseudo() and iput() from fs/inode.c; get_unused_fd_flags(),
 * fd_install() and __close_fd() from fs/file.c; fput(), ____fput() and
 * __fput() from fs/file_table.c; setfl() from fs/fcntl.c; task_work_run()
 * from kernel/task_work.c; ksys_read(), vfs_read(), new_sync_read(),
 * ksys_write(), vfs_write() and new_sync_write() from fs/read_write.c;
 * and the close(), fcntl(), read() and write() system calls (fs/open.c,
 * fs/fcntl.c, fs/read_write.c). The rest is kmirror's own.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/task_work.h>
#include <linux/interrupt.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/* fs/inode.c: new_inode_pseudo() — an inode not on any list, for sockfs. */
struct inode *new_inode_pseudo(const struct super_block *sb)
{
	KM_FUNC("fs/inode.c:901", "Allocate an inode through the filesystem's alloc_inode (sockfs: sock_alloc_inode).");
	struct inode *inode = sb->s_op->alloc_inode(sb);

	if (inode) {
		inode->i_sb = sb;
		inode->i_state = 0;
	}
	return inode;
}

/* fs/inode.c: iput() — the last reference: let the filesystem free it. */
void iput(struct inode *inode)
{
	KM_FUNC("fs/inode.c:1559", "Drop the inode; sockfs frees the socket_alloc it lives in.");
	inode->i_sb->s_op->destroy_inode(inode);
}

unsigned long get_next_ino(void)
{
	return ++km_host()->last_ino;
}

struct file *alloc_file_pseudo(struct inode *inode, const char *name,
			       int flags, const struct file_operations *fops)
{
	struct host *h = km_host();
	struct file *file = kmem_cache_zalloc(h->filp_cachep, GFP_KERNEL);

	/* fs/file_table.c __alloc_file(): a failed allocation is ENOMEM
	 * (ENFILE is for the max_files limit, which kmirror does not model) */
	if (!file)
		return ERR_PTR(-ENOMEM);
	file->f_name_km = name;
	file->f_inode = inode;
	file->f_op = fops;
	atomic_long_set(&file->f_count, 1);
	file->f_flags = flags;
	file->f_mode = FMODE_READ | FMODE_WRITE;
	return file;
}

/* fs/file.c: __alloc_fd() via get_unused_fd_flags(): lowest free number. */
int get_unused_fd_flags(unsigned flags)
{
	KM_FUNC("fs/file.c:542", "Reserve the lowest free descriptor number (EMFILE past RLIMIT_NOFILE).");
	struct files_struct *files = current->files;
	unsigned long limit = current->rlim_nofile.rlim_cur;
	unsigned int fd;

	if (limit > NR_OPEN_KM)
		limit = NR_OPEN_KM;
	for (fd = files->next_fd; fd < limit; fd++) {
		if (!files->fd_array[fd] && !files->close_on_exec[fd])
			break;
	}
	if (fd >= limit)
		return -EMFILE;
	/* Reserve it: a placeholder until fd_install(). */
	files->fd_array[fd] = (struct file *)1;
	files->close_on_exec[fd] = (flags & O_CLOEXEC) ? 1 : 2;
	files->next_fd = fd + 1;
	return (int)fd;
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current->files;

	files->fd_array[fd] = NULL;
	files->close_on_exec[fd] = 0;
	if (fd < (unsigned int)files->next_fd)
		files->next_fd = fd;
}

void fd_install(unsigned int fd, struct file *file)
{
	KM_FUNC("fs/file.c:610", "Publish the open file under its descriptor number.");
	current->files->fd_array[fd] = file;
}

static struct file *fcheck(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	if (fd >= NR_OPEN_KM)
		return NULL;
	f = files->fd_array[fd];
	return f == (struct file *)1 ? NULL : f;
}

struct file *fget(unsigned int fd)
{
	struct file *f = fcheck(fd);

	if (f)
		atomic_long_inc(&f->f_count);
	return f;
}

/* Single-threaded tasks need no reference: fdget() borrows the file. */
struct fd __fdget(unsigned int fd)
{
	struct fd r = { fcheck(fd), 0 };

	return r;
}

static void __fput(struct file *file)
{
	KM_FUNC("fs/file_table.c:253", "Last reference gone: call the file's release (sock_close) and free it.");
	struct inode *inode = file->f_inode;

	if (file->f_op && file->f_op->release)
		file->f_op->release(inode, file);
	/* dput() of the file's dentry drops the last inode reference. */
	if (inode)
		iput(inode);
	kmem_cache_free(km_host()->filp_cachep, file);
}

static void ____fput(struct callback_head *work)
{
	KM_FUNC("fs/file_table.c:307", "Deferred final fput, run as task work.");
	struct file *file = container_of(work, struct file, f_work_km_head);

	__fput(file);
}

int task_work_add(struct task_struct *task, struct callback_head *work, bool notify)
{
	work->next = task->task_works;
	task->task_works = work;
	return 0;
}

void task_work_run(void)
{
	KM_FUNC("kernel/task_work.c:90", "Run the work queued for this task before it returns to user space.");
	struct task_struct *t = current;

	while (t->task_works) {
		struct callback_head *work = t->task_works, *next;

		t->task_works = NULL;
		/* Run in the order queued (the list is newest first). */
		{
			struct callback_head *rev = NULL;

			while (work) {
				next = work->next;
				work->next = rev;
				rev = work;
				work = next;
			}
			work = rev;
		}
		while (work) {
			next = work->next;
			work->func(work);
			work = next;
		}
	}
}

void fput(struct file *file)
{
	KM_FUNC("fs/file_table.c:329", "Drop a reference to an open file; the last one frees it.");
	struct task_struct *task = current;

	if (!atomic_long_dec_and_test(&file->f_count))
		return;
	if (!in_interrupt() && !task->km_is_idle) {
		file->f_work_km_head.func = ____fput;
		task_work_add(task, &file->f_work_km_head, true);
		return;
	}
	__fput(file);
}

/* fs/file.c: __close_fd() */
int __close_fd(struct files_struct *files, unsigned int fd)
{
	KM_FUNC("fs/file.c:620", "Remove the descriptor from the table and drop the file.");
	struct file *file;

	file = fcheck(fd);
	if (!file)
		return -EBADF;
	files->fd_array[fd] = NULL;
	files->close_on_exec[fd] = 0;
	if (fd < (unsigned int)files->next_fd)
		files->next_fd = fd;
	fput(file);
	return 0;
}

KM_SYSCALL_AT(close, "fs/open.c:1157");
SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return __close_fd(current->files, fd);
}

/* ---- fs/read_write.c: read() and write() of a socket ---- */

/*
 * new_sync_read: a read through the file's read_iter (sockets:
 * sock_read_iter), with a one-segment iov_iter over the user's buffer.
 */
static ssize_t new_sync_read(struct file *filp, char __user *buf, size_t len,
			     loff_t *ppos)
{
	KM_FUNC("fs/read_write.c:395",
		"Wrap the user's buffer in a kiocb and an iov_iter, and call the file's read_iter.");
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct kiocb kiocb;
	struct iov_iter iter;
	ssize_t ret;

	init_sync_kiocb(&kiocb, filp);
	kiocb.ki_pos = *ppos;
	iov_iter_init(&iter, READ, &iov, 1, len);

	KM_STEP(406, "call_read_iter: the file's read_iter (sock_read_iter).");
	ret = filp->f_op->read_iter(&kiocb, &iter);
	*ppos = kiocb.ki_pos;
	return ret;
}

ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	KM_FUNC("fs/read_write.c:437",
		"read() of an open file: check the mode and the buffer, then the file's read method.");
	ssize_t ret;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!file->f_op->read_iter) {
		KM_STEP(443,
			"A file that cannot be read (kmirror's terminal stand-in): EINVAL.");
		return -EINVAL;
	}
	if (unlikely(!access_ok(VERIFY_WRITE, buf, count)))
		return -EFAULT;

	/* kmirror leaves out rw_verify_area (no file locks), fsnotify and
	 * the task's I/O counters; __vfs_read is inlined (no ->read). */
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	ret = new_sync_read(file, buf, count, pos);
	return ret;
}

static ssize_t new_sync_write(struct file *filp, const char __user *buf,
			      size_t len, loff_t *ppos)
{
	KM_FUNC("fs/read_write.c:463",
		"Wrap the user's buffer in a kiocb and an iov_iter, and call the file's write_iter.");
	struct iovec iov = { .iov_base = (void __user *)buf, .iov_len = len };
	struct kiocb kiocb;
	struct iov_iter iter;
	ssize_t ret;

	init_sync_kiocb(&kiocb, filp);
	kiocb.ki_pos = *ppos;
	iov_iter_init(&iter, WRITE, &iov, 1, len);

	KM_STEP(474, "call_write_iter: the file's write_iter (sock_write_iter).");
	ret = filp->f_op->write_iter(&kiocb, &iter);
	if (ret > 0)
		*ppos = kiocb.ki_pos;
	return ret;
}

ssize_t vfs_write(struct file *file, const char __user *buf, size_t count,
		  loff_t *pos)
{
	KM_FUNC("fs/read_write.c:533",
		"write() of an open file: check the mode and the buffer, then the file's write method.");
	ssize_t ret;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op->write_iter) {
		KM_STEP(539,
			"A file that cannot be written (kmirror's terminal stand-in): EINVAL.");
		return -EINVAL;
	}
	if (unlikely(!access_ok(VERIFY_READ, buf, count)))
		return -EFAULT;

	/* kmirror leaves out rw_verify_area, file_start_write, fsnotify and
	 * the I/O counters; __vfs_write is inlined (no ->write). */
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	ret = new_sync_write(file, buf, count, pos);
	return ret;
}

ssize_t ksys_read(unsigned int fd, char __user *buf, size_t count)
{
	KM_FUNC("fs/read_write.c:571",
		"read(2): look the descriptor up and read from the file at its position.");
	struct fd f = fdget(fd);
	ssize_t ret = -EBADF;

	if (f.file) {
		loff_t pos = 0;	/* a socket's position stays 0 (no f_pos) */

		ret = vfs_read(f.file, buf, count, &pos);
		fdput(f);
	}
	return ret;
}

KM_SYSCALL_AT(read, "fs/read_write.c:586");
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	return ksys_read(fd, buf, count);
}

ssize_t ksys_write(unsigned int fd, const char __user *buf, size_t count)
{
	KM_FUNC("fs/read_write.c:591",
		"write(2): look the descriptor up and write to the file at its position.");
	struct fd f = fdget(fd);
	ssize_t ret = -EBADF;

	if (f.file) {
		loff_t pos = 0;	/* a socket's position stays 0 (no f_pos) */

		ret = vfs_write(f.file, buf, count, &pos);
		fdput(f);
	}
	return ret;
}

KM_SYSCALL_AT(write, "fs/read_write.c:607");
SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	return ksys_write(fd, buf, count);
}

/* fs/fcntl.c: setfl() — the part that flips O_NONBLOCK. */
static int setfl(int fd, struct file *filp, unsigned long arg)
{
	KM_FUNC("fs/fcntl.c:35", "F_SETFL: update the file's O_NONBLOCK (and other settable) flags.");
	unsigned int settable = O_NONBLOCK;

	filp->f_flags = (arg & settable) | (filp->f_flags & ~settable);
	return 0;
}

KM_SYSCALL_AT(fcntl, "fs/fcntl.c:448");
SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct fd f = fdget(fd);
	long err = -EBADF;

	if (!f.file)
		return err;
	switch (cmd) {
	case F_GETFL:
		err = f.file->f_flags;
		break;
	case F_SETFL:
		err = setfl(fd, f.file, arg);
		break;
	case F_GETFD:
		err = current->files->close_on_exec[fd] == 1 ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		current->files->close_on_exec[fd] = (arg & FD_CLOEXEC) ? 1 : 2;
		err = 0;
		break;
	default:
		err = -EINVAL;
		break;
	}
	fdput(f);
	return err;
}

/* Close every descriptor of a task (its exit). */
void km_files_close_all(struct task_struct *t)
{
	unsigned int fd;

	for (fd = 0; fd < NR_OPEN_KM; fd++) {
		struct file *f = t->files->fd_array[fd];

		if (f && f != (struct file *)1)
			__close_fd(t->files, fd);
	}
	task_work_run();
}
