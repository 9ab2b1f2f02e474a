/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the system calls it implements, in the form of Linux's
 * generated arch/x86/include/generated/asm/syscalls_64.h (from
 * arch/x86/entry/syscalls/syscall_64.tbl): one __SYSCALL_64(number,
 * handler, qualifier) line each. No include guard: the includer defines
 * __SYSCALL_64 to declare the handlers or to fill the table.
 */
__SYSCALL_64(__NR_read, __x64_sys_read, )
__SYSCALL_64(__NR_write, __x64_sys_write, )
__SYSCALL_64(__NR_close, __x64_sys_close, )
__SYSCALL_64(__NR_poll, __x64_sys_poll, )
__SYSCALL_64(__NR_socket, __x64_sys_socket, )
__SYSCALL_64(__NR_connect, __x64_sys_connect, )
__SYSCALL_64(__NR_accept, __x64_sys_accept, )
__SYSCALL_64(__NR_sendto, __x64_sys_sendto, )
__SYSCALL_64(__NR_recvfrom, __x64_sys_recvfrom, )
__SYSCALL_64(__NR_recvmsg, __x64_sys_recvmsg, )
__SYSCALL_64(__NR_shutdown, __x64_sys_shutdown, )
__SYSCALL_64(__NR_bind, __x64_sys_bind, )
__SYSCALL_64(__NR_listen, __x64_sys_listen, )
__SYSCALL_64(__NR_getsockname, __x64_sys_getsockname, )
__SYSCALL_64(__NR_getpeername, __x64_sys_getpeername, )
__SYSCALL_64(__NR_setsockopt, __x64_sys_setsockopt, )
__SYSCALL_64(__NR_getsockopt, __x64_sys_getsockopt, )
__SYSCALL_64(__NR_fcntl, __x64_sys_fcntl, )
__SYSCALL_64(__NR_accept4, __x64_sys_accept4, )
