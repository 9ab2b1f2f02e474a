// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror tracer: turning raw values into what a student reads.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/syscalls.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/tcp_states.h>
#include <net/inet_connection_sock.h>
#include <kmapi/fields.h>
#include <kmapi/trace.h>
#include <kmirror/ids.h>
#include <kmirror/fields.h>

static const char *const tcp_states[] = {
	[0] = "0",
	[TCP_ESTABLISHED] = "TCP_ESTABLISHED",
	[TCP_SYN_SENT] = "TCP_SYN_SENT",
	[TCP_SYN_RECV] = "TCP_SYN_RECV",
	[TCP_FIN_WAIT1] = "TCP_FIN_WAIT1",
	[TCP_FIN_WAIT2] = "TCP_FIN_WAIT2",
	[TCP_TIME_WAIT] = "TCP_TIME_WAIT",
	[TCP_CLOSE] = "TCP_CLOSE",
	[TCP_CLOSE_WAIT] = "TCP_CLOSE_WAIT",
	[TCP_LAST_ACK] = "TCP_LAST_ACK",
	[TCP_LISTEN] = "TCP_LISTEN",
	[TCP_CLOSING] = "TCP_CLOSING",
	[TCP_NEW_SYN_RECV] = "TCP_NEW_SYN_RECV",
};

const char *km_tcp_state_name(int state)
{
	if (state >= 0 && state < (int)ARRAY_SIZE(tcp_states))
		return tcp_states[state];
	return "?";
}

static const char *const ss_states[] = {
	"SS_FREE", "SS_UNCONNECTED", "SS_CONNECTING", "SS_CONNECTED",
	"SS_DISCONNECTING"
};

const char *km_socket_state_name(int state)
{
	if (state >= 0 && state < (int)ARRAY_SIZE(ss_states))
		return ss_states[state];
	return "?";
}

struct km_errname {
	int		nr;
	const char	*name;
};

static const struct km_errname errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" }, { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" },
	{ EPIPE, "EPIPE" }, { ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" },
	{ ENOMSG, "ENOMSG" }, { ENODATA, "ENODATA" }, { ETIME, "ETIME" },
	{ ENONET, "ENONET" }, { EPROTO, "EPROTO" }, { EBADMSG, "EBADMSG" },
	{ EOVERFLOW, "EOVERFLOW" }, { ENOTSOCK, "ENOTSOCK" },
	{ EDESTADDRREQ, "EDESTADDRREQ" }, { EMSGSIZE, "EMSGSIZE" },
	{ EPROTOTYPE, "EPROTOTYPE" }, { ENOPROTOOPT, "ENOPROTOOPT" },
	{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EPFNOSUPPORT, "EPFNOSUPPORT" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
	{ EADDRINUSE, "EADDRINUSE" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
	{ ENETDOWN, "ENETDOWN" }, { ENETUNREACH, "ENETUNREACH" },
	{ ENETRESET, "ENETRESET" }, { ECONNABORTED, "ECONNABORTED" },
	{ ECONNRESET, "ECONNRESET" }, { ENOBUFS, "ENOBUFS" },
	{ EISCONN, "EISCONN" }, { ENOTCONN, "ENOTCONN" },
	{ ESHUTDOWN, "ESHUTDOWN" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ ECONNREFUSED, "ECONNREFUSED" }, { EHOSTDOWN, "EHOSTDOWN" },
	{ EHOSTUNREACH, "EHOSTUNREACH" }, { EALREADY, "EALREADY" },
	{ EINPROGRESS, "EINPROGRESS" }, { ERESTARTSYS, "ERESTARTSYS" },
	{ ERESTARTNOINTR, "ERESTARTNOINTR" }, { ERESTARTNOHAND, "ERESTARTNOHAND" },
};

const char *km_errno_name(long err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(errnames); i++)
		if (errnames[i].nr == err)
			return errnames[i].name;
	return NULL;
}

const char *km_ret_errno(long long ret, int ret_kind)
{
	if (ret_kind == KM_RETK_NUM || ret >= 0 || ret < -4095)
		return NULL;
	return km_errno_name((long)ret);
}

const char *km_ret_str(long long ret, int ret_kind, char *buf, size_t len)
{
	if (ret_kind == KM_RETK_IN_ADDR) {
		/* network byte order: the first octet is the lowest byte */
		unsigned int a = (unsigned int)ret;

		snprintf(buf, len, "%u.%u.%u.%u", a & 0xff, (a >> 8) & 0xff,
			 (a >> 16) & 0xff, a >> 24);
	} else if (ret_kind == KM_RETK_TIMEO && ret == LONG_MAX) {
		snprintf(buf, len, "MAX_SCHEDULE_TIMEOUT");
	} else if (ret_kind == KM_RETK_TIMEO && ret >= 0) {
		snprintf(buf, len, "%lld ms", ret);	/* jiffies, HZ 1000 */
	} else if (km_ret_errno(ret, ret_kind)) {
		snprintf(buf, len, "%lld (%s)", ret, km_ret_errno(ret, ret_kind));
	} else {
		snprintf(buf, len, "%lld", ret);
	}
	return buf;
}

const char *km_syscall_name(long nr)
{
	switch (nr) {
	case __NR_read: return "read";
	case __NR_write: return "write";
	case __NR_close: return "close";
	case __NR_poll: return "poll";
	case __NR_socket: return "socket";
	case __NR_connect: return "connect";
	case __NR_accept: return "accept";
	case __NR_accept4: return "accept4";
	case __NR_sendto: return "sendto";
	case __NR_recvfrom: return "recvfrom";
	case __NR_sendmsg: return "sendmsg";
	case __NR_recvmsg: return "recvmsg";
	case __NR_shutdown: return "shutdown";
	case __NR_bind: return "bind";
	case __NR_listen: return "listen";
	case __NR_getsockname: return "getsockname";
	case __NR_getpeername: return "getpeername";
	case __NR_setsockopt: return "setsockopt";
	case __NR_getsockopt: return "getsockopt";
	case __NR_fcntl: return "fcntl";
	}
	return "syscall";
}

const char *km_ev_type_name(int type)
{
	static const char *const names[KM_EV__COUNT] = {
		"enter", "exit", "step", "packet", "new", "free", "sched", "note"
	};

	return type >= 0 && type < KM_EV__COUNT ? names[type] : "?";
}

const char *km_ctx_name(int ctx)
{
	switch (ctx) {
	case KM_CTX_PROCESS: return "process";
	case KM_CTX_SOFTIRQ: return "softirq";
	case KM_CTX_TIMER: return "timer";
	case KM_CTX_IRQ: return "irq";
	case KM_CTX_IDLE: return "idle";
	}
	return "?";
}

/* Append "NAME|NAME" for the bits of v named in names[]. */
static void fmt_bits(char *buf, size_t len, u64 v, const char *const *names,
		     int nnames)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	if (!v) {
		snprintf(buf, len, "0");
		return;
	}
	for (i = 0; i < 64; i++) {
		if (!(v & (1ULL << i)))
			continue;
		if (i < nnames && names[i])
			off += snprintf(buf + off, off < len ? len - off : 0,
					"%s%s", off ? "|" : "", names[i]);
		else
			off += snprintf(buf + off, off < len ? len - off : 0,
					"%sbit%d", off ? "|" : "", i);
	}
}

static const char *const sock_flag_names[] = {
	"SOCK_DEAD", "SOCK_DONE", "SOCK_URGINLINE", "SOCK_KEEPOPEN",
	"SOCK_LINGER", "SOCK_DESTROY", "SOCK_BROADCAST", "SOCK_TIMESTAMP",
	"SOCK_ZAPPED", "SOCK_USE_WRITE_QUEUE", "SOCK_DBG", "SOCK_RCVTSTAMP",
	"SOCK_RCVTSTAMPNS", "SOCK_LOCALROUTE", "SOCK_QUEUE_SHRUNK",
	"SOCK_MEMALLOC", "SOCK_TIMESTAMPING_RX_SOFTWARE", "SOCK_FASYNC",
	"SOCK_RXQ_OVFL", "SOCK_ZEROCOPY", "SOCK_WIFI_STATUS", "SOCK_NOFCS",
	"SOCK_FILTER_LOCKED", "SOCK_SELECT_ERR_QUEUE", "SOCK_RCU_FREE",
	"SOCK_TXTIME",
};

static const char *const tcp_flag_names[] = {
	"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"
};

static const char *const ack_pending_names[] = {
	"ICSK_ACK_SCHED", "ICSK_ACK_TIMER", "ICSK_ACK_PUSHED",
	"ICSK_ACK_PUSHED2", "ICSK_ACK_NOW"
};

static const char *const userlock_names[] = {
	"SOCK_SNDBUF_LOCK", "SOCK_RCVBUF_LOCK", "SOCK_BINDADDR_LOCK",
	"SOCK_BINDPORT_LOCK"
};

static const char *const sockwq_names[] = {
	"SOCKWQ_ASYNC_NOSPACE", "SOCKWQ_ASYNC_WAITDATA", "SOCK_NOSPACE",
	"SOCK_PASSCRED", "SOCK_PASSSEC"
};

static const char *table_name(const char *const *t, int n, u64 v)
{
	return v < (u64)n && t[v] ? t[v] : NULL;
}

const char *km_fmt_value(int fmt, unsigned long long v, char *buf, size_t len)
{
	if (v == KM_VAL_UNINIT && fmt != KM_FMT_BLOB) {
		snprintf(buf, len, "(uninitialised)");
		return buf;
	}
	static const char *const types[] = {
		NULL, "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM",
		"SOCK_SEQPACKET", "SOCK_DCCP", NULL, NULL, NULL, "SOCK_PACKET"
	};
	static const char *const pending[] = {
		"0", "ICSK_TIME_RETRANS", "ICSK_TIME_DACK", "ICSK_TIME_PROBE0",
		"ICSK_TIME_EARLY_RETRANS", "ICSK_TIME_LOSS_PROBE",
		"ICSK_TIME_REO_TIMEOUT"
	};
	static const char *const csum[] = {
		"CHECKSUM_NONE", "CHECKSUM_UNNECESSARY", "CHECKSUM_COMPLETE",
		"CHECKSUM_PARTIAL"
	};
	static const char *const fclone[] = {
		"SKB_FCLONE_UNAVAILABLE", "SKB_FCLONE_ORIG", "SKB_FCLONE_CLONE"
	};
	static const char *const pkt[] = {
		"PACKET_HOST", "PACKET_BROADCAST", "PACKET_MULTICAST",
		"PACKET_OTHERHOST", "PACKET_OUTGOING", "PACKET_LOOPBACK"
	};
	static const char *const pmtu[] = {
		"IP_PMTUDISC_DONT", "IP_PMTUDISC_WANT", "IP_PMTUDISC_DO",
		"IP_PMTUDISC_PROBE", "IP_PMTUDISC_INTERFACE", "IP_PMTUDISC_OMIT"
	};
	static const char *const ca[] = {
		"TCP_CA_Open", "TCP_CA_Disorder", "TCP_CA_CWR", "TCP_CA_Recovery",
		"TCP_CA_Loss"
	};
	const char *name = NULL;

	switch (fmt) {
	case KM_FMT_S8:
		snprintf(buf, len, "%d", (int)(s8)v);
		return buf;
	case KM_FMT_S16:
		snprintf(buf, len, "%d", (int)(s16)v);
		return buf;
	case KM_FMT_S32:
		snprintf(buf, len, "%d", (int)(s32)v);
		return buf;
	case KM_FMT_S64:
		snprintf(buf, len, "%lld", (long long)v);
		return buf;
	case KM_FMT_HEX:
		snprintf(buf, len, "0x%llx", v);
		return buf;
	case KM_FMT_BOOL:
		snprintf(buf, len, "%llu", v);
		return buf;
	case KM_FMT_IP: {
		u32 a = (u32)v;	/* stored in network order: first byte lowest */

		snprintf(buf, len, "%u.%u.%u.%u", a & 0xff, (a >> 8) & 0xff,
			 (a >> 16) & 0xff, a >> 24);
		return buf;
	}
	case KM_FMT_PORT_BE:
		snprintf(buf, len, "%u", (unsigned int)__builtin_bswap16((u16)v));
		return buf;
	case KM_FMT_ETH_PROTO:
		snprintf(buf, len, "0x%04x", (unsigned int)__builtin_bswap16((u16)v));
		return buf;
	case KM_FMT_TCP_STATE:
		snprintf(buf, len, "%s", km_tcp_state_name((int)v));
		return buf;
	case KM_FMT_SS_STATE:
		snprintf(buf, len, "%s", km_socket_state_name((int)v));
		return buf;
	case KM_FMT_SOCK_TYPE:
		name = table_name(types, ARRAY_SIZE(types), v);
		break;
	case KM_FMT_FAMILY:
		name = v == AF_INET ? "AF_INET" : v == AF_UNSPEC ? "AF_UNSPEC" :
		       v == AF_INET6 ? "AF_INET6" : NULL;
		break;
	case KM_FMT_PROTO:
		name = v == IPPROTO_TCP ? "IPPROTO_TCP" :
		       v == IPPROTO_UDP ? "IPPROTO_UDP" :
		       v == IPPROTO_ICMP ? "IPPROTO_ICMP" :
		       v == IPPROTO_RAW ? "IPPROTO_RAW" :
		       v == IPPROTO_IP ? "IPPROTO_IP" : NULL;
		break;
	case KM_FMT_SOCK_FLAGS:
		fmt_bits(buf, len, v, sock_flag_names, ARRAY_SIZE(sock_flag_names));
		return buf;
	case KM_FMT_TCP_FLAGS:
		fmt_bits(buf, len, v, tcp_flag_names, ARRAY_SIZE(tcp_flag_names));
		return buf;
	case KM_FMT_ACK_PENDING:
		fmt_bits(buf, len, v, ack_pending_names, ARRAY_SIZE(ack_pending_names));
		return buf;
	case KM_FMT_USERLOCKS:
		fmt_bits(buf, len, v, userlock_names, ARRAY_SIZE(userlock_names));
		return buf;
	case KM_FMT_SOCKWQ_FLAGS:
		fmt_bits(buf, len, v, sockwq_names, ARRAY_SIZE(sockwq_names));
		return buf;
	case KM_FMT_SHUTDOWN:
		name = v == 0 ? "0" : v == RCV_SHUTDOWN ? "RCV_SHUTDOWN" :
		       v == SEND_SHUTDOWN ? "SEND_SHUTDOWN" :
		       v == SHUTDOWN_MASK ? "SHUTDOWN_MASK" : NULL;
		break;
	case KM_FMT_ERRNO:
		if (!v) {
			snprintf(buf, len, "0");
			return buf;
		}
		name = km_errno_name((long)(int)v);
		break;
	case KM_FMT_MS:
		snprintf(buf, len, "%llu ms", v);
		return buf;
	case KM_FMT_TIMEO:
		if ((long)v == LONG_MAX) {
			snprintf(buf, len, "MAX_SCHEDULE_TIMEOUT");
			return buf;
		}
		snprintf(buf, len, "%lld ms", (long long)v);
		return buf;
	case KM_FMT_TIMER:
		if (!v) {
			snprintf(buf, len, "idle");
			return buf;
		}
		snprintf(buf, len, "armed, expires %llu", v);
		return buf;
	case KM_FMT_HDR_OFF:
		if ((u16)v == 0xffff) {
			snprintf(buf, len, "~0 (unset)");
			return buf;
		}
		snprintf(buf, len, "%llu", v);
		return buf;
	case KM_FMT_ICSK_PENDING:
		name = table_name(pending, ARRAY_SIZE(pending), v);
		break;
	case KM_FMT_CSUM:
		name = table_name(csum, ARRAY_SIZE(csum), v);
		break;
	case KM_FMT_FCLONE:
		name = table_name(fclone, ARRAY_SIZE(fclone), v);
		break;
	case KM_FMT_PKT_TYPE:
		name = table_name(pkt, ARRAY_SIZE(pkt), v);
		break;
	case KM_FMT_PMTUDISC:
		name = table_name(pmtu, ARRAY_SIZE(pmtu), v);
		break;
	case KM_FMT_CA_STATE:
		name = table_name(ca, ARRAY_SIZE(ca), v);
		break;
	case KM_FMT_PTR:
		if (!v)
			snprintf(buf, len, "NULL");
		else if (v & KM_PTRV_OTHER)
			snprintf(buf, len, "(kernel object)");
		else
			snprintf(buf, len, "%s#%u", km_id_class_name((int)(v >> 32)),
				 (unsigned int)(v & 0xffffffffu));
		return buf;
	case KM_FMT_SYM:
	case KM_FMT_STR:
		snprintf(buf, len, "%s", v ? (const char *)(unsigned long)v : "NULL");
		return buf;
	case KM_FMT_BLOB:
		snprintf(buf, len, "(%llu bytes)", v);
		return buf;
	case KM_FMT_JIFFIES:
	case KM_FMT_SEQ:
	case KM_FMT_U:
	default:
		break;
	}
	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%llu", v);
	return buf;
}

const char *km_field_format(int kind, int idx, unsigned long long v,
			    char *buf, size_t len)
{
	const struct km_field_info *f = km_field(kind, idx);

	if (!f) {
		snprintf(buf, len, "?");
		return buf;
	}
	return km_fmt_value(f->fmt, v, buf, len);
}
