/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: arch/x86/entry/syscall_64.c — the numbers kmirror implements. */
static const sys_call_ptr_t sys_call_table[__NR_syscalls_km] = {
	[__NR_read]		= __x64_sys_read,
	[__NR_write]		= __x64_sys_write,
	[__NR_close]		= __x64_sys_close,
	[__NR_poll]		= __x64_sys_poll,
	[__NR_socket]		= __x64_sys_socket,
	[__NR_connect]		= __x64_sys_connect,
	[__NR_accept]		= __x64_sys_accept,
	[__NR_sendto]		= __x64_sys_sendto,
	[__NR_recvfrom]		= __x64_sys_recvfrom,
	[__NR_recvmsg]		= __x64_sys_recvmsg,
	[__NR_shutdown]		= __x64_sys_shutdown,
	[__NR_bind]		= __x64_sys_bind,
	[__NR_listen]		= __x64_sys_listen,
	[__NR_getsockname]	= __x64_sys_getsockname,
	[__NR_getpeername]	= __x64_sys_getpeername,
	[__NR_setsockopt]	= __x64_sys_setsockopt,
	[__NR_getsockopt]	= __x64_sys_getsockopt,
	[__NR_fcntl]		= __x64_sys_fcntl,
	[__NR_accept4]		= __x64_sys_accept4,
};
