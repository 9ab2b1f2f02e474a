// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/af_inet.c (Linux 5.0.1) — the AF_INET address family.
 *
 * inet_create() turns a bare `struct socket` into an IPv4 socket: it looks
 * the (type, protocol) pair up in inetsw[], allocates the protocol's sock
 * (tcp_sock, udp_sock ...) with sk_alloc(), fills in the generic and IPv4
 * defaults, and runs the protocol's init. The proto_ops tables route the
 * BSD calls: connect() on a stream socket lands in inet_stream_connect(),
 * on a datagram socket in inet_dgram_connect().
 *
 * inet_init() runs once per host at boot: it registers TCP, UDP, raw and
 * ping, the AF_INET family, the IP protocol handlers and the inetsw[]
 * lists. Those lists and the inetsw_array[] entries linked into them are
 * per host (struct host::af_inet), built from a read-only template.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/sched.h>
#include <linux/netdevice.h>
#include <linux/poll.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_connection_sock.h>
#include <net/inet_common.h>
#include <net/protocol.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/raw.h>
#include <net/ping.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/ip_fib.h>
#include <net/icmp.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/* Linux: `static struct list_head inetsw[SOCK_MAX];` — per host here. */
#define inetsw		(km_host()->af_inet.inetsw)
#define inetsw_array	(km_host()->af_inet.inetsw_array)
/* One CPU per host and no preemption: the lock only marks the section. */
static const spinlock_t inetsw_lock = { 0 };

void inet_sock_destruct(struct sock *sk)
{
	KM_FUNC("net/ipv4/af_inet.c:134",
		"The sock's last reference is gone: drop queued packets and the cached route.");
	struct inet_sock *inet = inet_sk(sk);

	__skb_queue_purge(&sk->sk_receive_queue);
	__skb_queue_purge(&sk->sk_error_queue);

	sk_mem_reclaim(sk);

	if (sk->sk_type == SOCK_STREAM && sk->sk_state != TCP_CLOSE) {
		pr_err("Attempt to release TCP socket in state %d\n",
		       sk->sk_state);
		return;
	}
	if (!sock_flag(sk, SOCK_DEAD)) {
		pr_err("Attempt to release alive inet socket\n");
		return;
	}

	WARN_ON(atomic_read(&sk->sk_rmem_alloc));
	WARN_ON(refcount_read(&sk->sk_wmem_alloc));
	WARN_ON(sk->sk_wmem_queued);
	WARN_ON(sk->sk_forward_alloc);

	kfree(inet->inet_opt);
	KM_STEP(159, "Release the route the socket kept in sk_dst_cache.");
	dst_release(sk->sk_dst_cache);
	sk->sk_dst_cache = NULL;
	dst_release(sk->sk_rx_dst);
	sk->sk_rx_dst = NULL;
}

/* Bind an unbound socket to an ephemeral port (datagram send/connect). */
static int inet_autobind(struct sock *sk)
{
	KM_FUNC("net/ipv4/af_inet.c:175",
		"The socket has no local port yet: let the protocol pick one.");
	struct inet_sock *inet;

	lock_sock(sk);
	inet = inet_sk(sk);
	if (!inet->inet_num) {
		KM_STEP(182,
			"Ask the protocol's get_port for any free port; failure is EAGAIN.");
		if (sk->sk_prot->get_port(sk, 0)) {
			release_sock(sk);
			return -EAGAIN;
		}
		inet->inet_sport = htons(inet->inet_num);
	}
	release_sock(sk);
	return 0;
}

/* listen(): only an unconnected stream socket in CLOSE or LISTEN. */
int inet_listen(struct socket *sock, int backlog)
{
	KM_FUNC("net/ipv4/af_inet.c:195",
		"Move a stream socket into LISTEN (or just change its backlog).");
	struct sock *sk = sock->sk;
	unsigned char old_state;
	int err;

	lock_sock(sk);

	err = -EINVAL;
	KM_STEP(204,
		"Only an unconnected SOCK_STREAM socket can listen, else EINVAL.");
	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		goto out;

	old_state = sk->sk_state;
	if (!((1 << old_state) & (TCPF_CLOSE | TCPF_LISTEN)))
		goto out;

	KM_STEP(211,
		"Record the backlog: how many established connections may wait for accept().");
	sk->sk_max_ack_backlog = backlog;
	if (old_state != TCP_LISTEN) {
		KM_STEP(230,
			"First listen(): set up the accept queue and enter LISTEN.");
		err = inet_csk_listen_start(sk, backlog);
		if (err)
			goto out;
	}
	err = 0;

out:
	release_sock(sk);
	return err;
}

/*
 * inet_create: find the protocol in inetsw[sock->type] (protocol 0 is a
 * wildcard on either side), check privileges, then build the sock.
 */
static int inet_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	KM_FUNC("net/ipv4/af_inet.c:247",
		"Create the IPv4 protocol socket (TCP, UDP, ping or raw) behind a socket.");
	struct sock *sk;
	struct inet_protosw *answer;
	struct inet_sock *inet;
	struct proto *answer_prot;
	unsigned char answer_flags;
	int err;

	/* LAB 2 BEGIN: protosw_lookup — find (type, protocol) in inetsw[] */
	KM_STEP(258, "The protocol number must fit in 0..255, else EINVAL.");
	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;

	KM_STEP(261, "The socket starts out SS_UNCONNECTED.");
	sock->state = SS_UNCONNECTED;

	/* Linux retries twice after request_module(); all is built in here. */
	KM_STEP(265, "No entry for this type at all means ESOCKTNOSUPPORT.");
	err = -ESOCKTNOSUPPORT;
	KM_STEP(267,
		"Walk inetsw[type]: an exact protocol match, or a wildcard on either side.");
	list_for_each_entry(answer, &inetsw[sock->type], list) {

		err = 0;
		if (protocol == answer->protocol) {
			if (protocol != IPPROTO_IP)
				break;
		} else {
			/* Protocol 0 asks for the type's default protocol ... */
			if (IPPROTO_IP == protocol) {
				protocol = answer->protocol;
				break;
			}
			/* ... and an entry registered for protocol 0 takes any. */
			if (IPPROTO_IP == answer->protocol)
				break;
		}
		KM_STEP(283,
			"This entry does not match: if none does, EPROTONOSUPPORT.");
		err = -EPROTONOSUPPORT;
	}

	if (unlikely(err))
		goto out;

	err = -EPERM;
	KM_STEP(309, "Raw sockets need CAP_NET_RAW, else EPERM.");
	if (sock->type == SOCK_RAW && !kern &&
	    !ns_capable(net->user_ns, CAP_NET_RAW))
		goto out;

	KM_STEP(313,
		"Found: the socket gets the entry's proto_ops (inet_stream_ops for TCP).");
	sock->ops = answer->ops;
	answer_prot = answer->prot;
	answer_flags = answer->flags;
	/* LAB 2 END: protosw_lookup */

	err = -ENOBUFS;
	KM_STEP(321,
		"Allocate the protocol's sock (tcp_sock for TCP); failure is ENOBUFS.");
	sk = sk_alloc(net, PF_INET, GFP_KERNEL, answer_prot, kern);
	if (!sk)
		goto out;

	/* LAB 2 BEGIN: inet_sock_init — the fields of the new inet_sock */
	err = 0;
	if (INET_PROTOSW_REUSE & answer_flags)
		sk->sk_reuse = SK_CAN_REUSE;

	inet = inet_sk(sk);
	KM_STEP(330,
		"Remember whether this is a connection socket (inet_connection_sock).");
	inet->is_icsk = (INET_PROTOSW_ICSK & answer_flags) != 0;

	inet->nodefrag = 0;

	if (SOCK_RAW == sock->type) {
		KM_STEP(335,
			"A raw socket is bound to its protocol number from the start.");
		inet->inet_num = protocol;
		if (IPPROTO_RAW == protocol)
			inet->hdrincl = 1;
	}

	KM_STEP(340,
		"Path MTU discovery: IP_PMTUDISC_WANT unless ip_no_pmtu_disc is set.");
	if (net->ipv4.sysctl_ip_no_pmtu_disc)
		inet->pmtudisc = IP_PMTUDISC_DONT;
	else
		inet->pmtudisc = IP_PMTUDISC_WANT;

	inet->inet_id = 0;

	KM_STEP(347,
		"Generic initialisation of the sock: buffers, queues, callbacks, CLOSE state.");
	sock_init_data(sock, sk);

	KM_STEP(349,
		"Set the IPv4 destructor, the protocol number and the backlog handler.");
	sk->sk_destruct	   = inet_sock_destruct;
	sk->sk_protocol	   = protocol;
	sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;

	KM_STEP(353,
		"IPv4 defaults: unicast TTL -1 (use the sysctl), multicast loop on, TTL 1.");
	inet->uc_ttl	= -1;
	inet->mc_loop	= 1;
	inet->mc_ttl	= 1;
	inet->mc_all	= 1;
	inet->mc_index	= 0;
	inet->mc_list	= NULL;
	inet->rcv_tos	= 0;

	if (inet->inet_num) {
		KM_STEP(369,
			"Already numbered (raw): set the source port and hash the socket.");
		inet->inet_sport = htons(inet->inet_num);
		err = sk->sk_prot->hash(sk);
		if (err) {
			sk_common_release(sk);
			goto out;
		}
	}
	/* LAB 2 END: inet_sock_init */

	if (sk->sk_prot->init) {
		KM_STEP(379,
			"Run the protocol's own init (tcp_v4_init_sock for TCP).");
		err = sk->sk_prot->init(sk);
		if (err) {
			sk_common_release(sk);
			goto out;
		}
	}
out:
	return err;
}

int inet_release(struct socket *sock)
{
	KM_FUNC("net/ipv4/af_inet.c:406",
		"Detach the sock from the socket and call the protocol's close.");
	struct sock *sk = sock->sk;

	if (sk) {
		long timeout;

		/* SO_LINGER makes close() wait up to sk_lingertime. */
		timeout = 0;
		if (sock_flag(sk, SOCK_LINGER))
			timeout = sk->sk_lingertime;
		sock->sk = NULL;
		KM_STEP(428,
			"Call the protocol's close (tcp_close, udp_lib_close ...).");
		sk->sk_prot->close(sk, timeout);
	}
	return 0;
}

int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	KM_FUNC("net/ipv4/af_inet.c:434",
		"bind(): check the address length, then __inet_bind.");
	struct sock *sk = sock->sk;

	if (sk->sk_prot->bind)
		return sk->sk_prot->bind(sk, uaddr, addr_len);
	KM_STEP(443,
		"The address must be a whole sockaddr_in (16 bytes), else EINVAL.");
	if (addr_len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;

	return __inet_bind(sk, uaddr, addr_len, false, true);
}

int __inet_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len,
		bool force_bind_address_no_port, bool with_lock)
{
	KM_FUNC("net/ipv4/af_inet.c:457",
		"Bind to a local address and port: checks, then the protocol's get_port.");
	struct sockaddr_in *addr = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	unsigned short snum;
	int chk_addr_ret;
	int err;

	if (addr->sin_family != AF_INET) {
		KM_STEP(472,
			"Only AF_INET, or AF_UNSPEC with INADDR_ANY, else EAFNOSUPPORT.");
		err = -EAFNOSUPPORT;
		if (addr->sin_family != AF_UNSPEC ||
		    addr->sin_addr.s_addr != htonl(INADDR_ANY))
			goto out;
	}

	KM_STEP(479,
		"What kind of address is it here: local, broadcast, multicast, or none of ours?");
	chk_addr_ret = inet_addr_type(net, addr->sin_addr.s_addr);

	err = -EADDRNOTAVAIL;
	KM_STEP(489,
		"An address this host does not own cannot be bound (EADDRNOTAVAIL).");
	if (!inet_can_nonlocal_bind(net, inet) &&
	    addr->sin_addr.s_addr != htonl(INADDR_ANY) &&
	    chk_addr_ret != RTN_LOCAL &&
	    chk_addr_ret != RTN_MULTICAST &&
	    chk_addr_ret != RTN_BROADCAST)
		goto out;

	snum = ntohs(addr->sin_port);
	err = -EACCES;
	KM_STEP(498, "Ports below 1024 need CAP_NET_BIND_SERVICE (EACCES).");
	if (snum && snum < net->ipv4.sysctl_ip_prot_sock &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		goto out;

	if (with_lock)
		lock_sock(sk);

	err = -EINVAL;
	KM_STEP(514,
		"Refuse a socket that is active or already bound (EINVAL).");
	if (sk->sk_state != TCP_CLOSE || inet->inet_num)
		goto out_release_sock;

	KM_STEP(517,
		"Take the address as both receive and send address (multicast/broadcast: send from the device).");
	inet->inet_rcv_saddr = inet->inet_saddr = addr->sin_addr.s_addr;
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST)
		inet->inet_saddr = 0;

	if (snum || !(inet->bind_address_no_port ||
		      force_bind_address_no_port)) {
		KM_STEP(524,
			"Reserve the port with the protocol's get_port; a clash is EADDRINUSE.");
		if (sk->sk_prot->get_port(sk, snum)) {
			inet->inet_saddr = inet->inet_rcv_saddr = 0;
			err = -EADDRINUSE;
			goto out_release_sock;
		}
	}

	KM_STEP(536,
		"Lock what the user chose (address, port) so disconnect keeps it.");
	if (inet->inet_rcv_saddr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	inet->inet_sport = htons(inet->inet_num);
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	sk_dst_reset(sk);
	err = 0;
out_release_sock:
	if (with_lock)
		release_sock(sk);
out:
	return err;
}

/* connect() on a datagram socket: no handshake, just an association. */
int inet_dgram_connect(struct socket *sock, struct sockaddr *uaddr,
		       int addr_len, int flags)
{
	KM_FUNC("net/ipv4/af_inet.c:552",
		"Datagram connect(): autobind if needed, then the protocol's connect.");
	struct sock *sk = sock->sk;

	KM_STEP(558,
		"The address must at least hold its family field, else EINVAL.");
	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC) {
		KM_STEP(561,
			"AF_UNSPEC dissolves the association (udp_disconnect).");
		return sk->sk_prot->disconnect(sk, flags);
	}

	KM_STEP(569,
		"If not bound yet, pick a local port first (failure is EAGAIN).");
	if (!inet_sk(sk)->inet_num && inet_autobind(sk))
		return -EAGAIN;
	KM_STEP(571,
		"Let the protocol record the peer (ip4_datagram_connect). sock->state is left alone.");
	return sk->sk_prot->connect(sk, uaddr, addr_len);
}

/*
 * Sleep until the handshake leaves SYN_SENT/SYN_RECV, the timeout runs
 * out, or a signal arrives. The socket lock is dropped while asleep so
 * the softirq can process the SYN-ACK.
 */
static long inet_wait_for_connect(struct sock *sk, long timeo, int writebias)
{
	KM_FUNC("net/ipv4/af_inet.c:575",
		"Block the caller until the connection is established or fails.");
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	KM_STEP(579, "Put this task on the socket's wait queue.");
	add_wait_queue(sk_sleep(sk), &wait);
	sk->sk_write_pending += writebias;

	/*
	 * Whoever sets sk_err also moves the socket out of SYN_SENT/SYN_RECV,
	 * so the state alone tells when to stop waiting.
	 */
	while ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		KM_STEP(588,
			"Release the socket lock (running any backlog) and sleep.");
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		KM_STEP(590,
			"Woken: take the lock again and re-check the state.");
		lock_sock(sk);
		if (signal_pending(current) || !timeo)
			break;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	sk->sk_write_pending -= writebias;
	return timeo;
}

/*
 * The stream connect() state machine. The sock->state switch is checked
 * before anything else, so a connected socket answers EISCONN even for a
 * bogus address.
 */
int __inet_stream_connect(struct socket *sock, struct sockaddr *uaddr,
			  int addr_len, int flags, int is_sendmsg)
{
	KM_FUNC("net/ipv4/af_inet.c:603",
		"connect() for stream sockets: start the handshake and wait for it.");
	struct sock *sk = sock->sk;
	int err;
	long timeo;

	if (uaddr) {
		KM_STEP(620,
			"The address must at least hold its family field (2 bytes), else EINVAL.");
		if (addr_len < (int)sizeof(uaddr->sa_family))
			return -EINVAL;

		if (uaddr->sa_family == AF_UNSPEC) {
			KM_STEP(624,
				"AF_UNSPEC: disconnect (tcp_disconnect) and go back to SS_UNCONNECTED.");
			err = sk->sk_prot->disconnect(sk, flags);
			sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
			goto out;
		}
	}

	KM_STEP(630,
		"Decide by the socket's state: connected, connecting, or not yet.");
	switch (sock->state) {
	default:
		err = -EINVAL;
		goto out;
	case SS_CONNECTED:
		KM_STEP(635, "Already connected: EISCONN.");
		err = -EISCONN;
		goto out;
	case SS_CONNECTING:
		KM_STEP(638,
			"A connect is in progress: EALREADY (unless the handshake has finished).");
		if (inet_sk(sk)->defer_connect)
			err = is_sendmsg ? -EINPROGRESS : -EISCONN;
		else
			err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		err = -EISCONN;
		if (KM_STEP_IF(646,
			       "Is the sock past CLOSE (e.g. listening), so EISCONN?",
			       sk->sk_state != TCP_CLOSE))
			goto out;

		KM_STEP(655,
			"Ask the protocol to start the connection: tcp_v4_connect() sends the SYN.");
		err = sk->sk_prot->connect(sk, uaddr, addr_len);
		if (err < 0)
			goto out;

		KM_STEP(659, "The SYN is out: the socket is SS_CONNECTING.");
		sock->state = SS_CONNECTING;

		if (!err && inet_sk(sk)->defer_connect)
			goto out;

		/* A first call that cannot wait reports EINPROGRESS, a later one EALREADY. */
		KM_STEP(668,
			"Preset the result for a caller that cannot wait: EINPROGRESS.");
		err = -EINPROGRESS;
		break;
	}

	KM_STEP(672,
		"How long may we wait? 0 with O_NONBLOCK, else SO_SNDTIMEO (default: forever).");
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);

	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		int writebias = 0;	/* only Fast Open with data biases it */

		/* still handshaking: return now, or sleep until it is done */
		if (KM_STEP_IF(680,
			       "Is there no time to wait (O_NONBLOCK, or a zero SO_SNDTIMEO)?",
			       !timeo) ||
		    !inet_wait_for_connect(sk, timeo, writebias))
			goto out;

		err = sock_intr_errno(timeo);
		if (KM_STEP_IF(684,
			       "Did a signal end the sleep (ERESTARTSYS, or EINTR with a timeout)?",
			       signal_pending(current)))
			goto out;
	}

	if (KM_STEP_IF(691,
		       "Back in CLOSE (refused, timed out or unreachable), so an error?",
		       sk->sk_state == TCP_CLOSE))
		goto sock_error;

	KM_STEP(699, "Established: the socket is SS_CONNECTED.");
	sock->state = SS_CONNECTED;
	err = 0;
out:
	return err;

sock_error:
	KM_STEP(705,
		"Take the pending error (clearing it), or ECONNABORTED if there is none.");
	err = sock_error(sk) ? : -ECONNABORTED;
	KM_STEP(706,
		"The connection failed or was reset: the socket is unconnected again.");
	sock->state = SS_UNCONNECTED;
	if (sk->sk_prot->disconnect(sk, flags))
		sock->state = SS_DISCONNECTING;
	goto out;
}

int inet_stream_connect(struct socket *sock, struct sockaddr *uaddr,
			int addr_len, int flags)
{
	KM_FUNC("net/ipv4/af_inet.c:713",
		"proto_ops->connect of TCP sockets: lock the sock and run the state machine.");
	int err;

	KM_STEP(718,
		"Take the socket lock: softirq packets for it now go to the backlog.");
	lock_sock(sock->sk);
	err = __inet_stream_connect(sock, uaddr, addr_len, flags, 0);
	KM_STEP(720,
		"Release the lock, processing whatever the softirq queued meanwhile.");
	release_sock(sock->sk);
	return err;
}

/* accept(): graft the established child onto the new socket. */
int inet_accept(struct socket *sock, struct socket *newsock, int flags,
		bool kern)
{
	KM_FUNC("net/ipv4/af_inet.c:729",
		"Take an established connection from the listener and attach it to the new socket.");
	struct sock *sk1 = sock->sk;
	int err = -EINVAL;
	struct sock *sk2;

	KM_STEP(734,
		"Dequeue a child from the accept queue (inet_csk_accept), sleeping if allowed.");
	sk2 = sk1->sk_prot->accept(sk1, flags, &err, kern);
	if (!sk2)
		goto do_err;

	lock_sock(sk2);

	WARN_ON(!((1 << sk2->sk_state) &
		  (TCPF_ESTABLISHED | TCPF_SYN_RECV |
		  TCPF_CLOSE_WAIT | TCPF_CLOSE)));

	KM_STEP(746,
		"Graft the child sock onto the new socket (sk <-> socket, wait queue).");
	sock_graft(sk2, newsock);

	KM_STEP(748, "The accepted socket is SS_CONNECTED.");
	newsock->state = SS_CONNECTED;
	err = 0;
	release_sock(sk2);
do_err:
	return err;
}

/* getsockname()/getpeername() */
int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	KM_FUNC("net/ipv4/af_inet.c:760",
		"Fill a sockaddr_in with the local or the peer address.");
	struct sock *sk		= sock->sk;
	struct inet_sock *inet	= inet_sk(sk);
	struct sockaddr_in *sin	= (struct sockaddr_in *)uaddr;

	sin->sin_family = AF_INET;
	if (peer) {
		if (KM_STEP_IF(769,
			       "No peer yet (or still in SYN_SENT/CLOSE), so ENOTCONN?",
			       !inet->inet_dport ||
			       (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)) &&
				peer == 1)))
			return -ENOTCONN;
		sin->sin_port = inet->inet_dport;
		sin->sin_addr.s_addr = inet->inet_daddr;
	} else {
		__be32 addr = inet->inet_rcv_saddr;

		if (!addr)
			addr = inet->inet_saddr;
		sin->sin_port = inet->inet_sport;
		sin->sin_addr.s_addr = addr;
	}
	memset(sin->sin_zero, 0, sizeof(sin->sin_zero));
	return sizeof(*sin);
}

int inet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	KM_FUNC("net/ipv4/af_inet.c:787",
		"send(): bind an unbound socket first, then the protocol's sendmsg.");
	struct sock *sk = sock->sk;

	if (!inet_sk(sk)->inet_num && !sk->sk_prot->no_autobind &&
	    inet_autobind(sk)) {
		KM_STEP(796,
			"An unbound socket is bound to an ephemeral port before sending; none free: EAGAIN.");
		return -EAGAIN;
	}

	return sk->sk_prot->sendmsg(sk, msg, size);
}

int inet_recvmsg(struct socket *sock, struct msghdr *msg, size_t size,
		 int flags)
{
	KM_FUNC("net/ipv4/af_inet.c:820",
		"recv(): the protocol's recvmsg, which reports the sender's address length.");
	struct sock *sk = sock->sk;
	int addr_len = 0;
	int err;

	err = sk->sk_prot->recvmsg(sk, msg, size, flags & MSG_DONTWAIT,
				   flags & ~MSG_DONTWAIT, &addr_len);
	if (err >= 0)
		msg->msg_namelen = addr_len;
	return err;
}

int inet_shutdown(struct socket *sock, int how)
{
	KM_FUNC("net/ipv4/af_inet.c:838",
		"shutdown(): close one or both directions, or abort a pending connect.");
	struct sock *sk = sock->sk;
	int err = 0;

	how++;	/* SHUT_RD/WR/RDWR (0,1,2) become RCV/SEND_SHUTDOWN bits (1,2,3) */
	if ((how & ~SHUTDOWN_MASK) || !how) {
		KM_STEP(850,
			"how must be SHUT_RD, SHUT_WR or SHUT_RDWR: EINVAL.");
		return -EINVAL;
	}

	lock_sock(sk);
	if (sock->state == SS_CONNECTING) {
		if ((1 << sk->sk_state) &
		    (TCPF_SYN_SENT | TCPF_SYN_RECV | TCPF_CLOSE))
			sock->state = SS_DISCONNECTING;
		else
			sock->state = SS_CONNECTED;
	}

	switch (sk->sk_state) {
	case TCP_CLOSE:
		KM_STEP(863,
			"shutdown() of a socket that is not connected: ENOTCONN.");
		err = -ENOTCONN;
		/* still record the shutdown and wake pollers */
		/* fall through */
	default:
		sk->sk_shutdown |= how;
		if (sk->sk_prot->shutdown)
			sk->sk_prot->shutdown(sk, how);
		break;
	case TCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		/* fall through */
	case TCP_SYN_SENT:
		err = sk->sk_prot->disconnect(sk, O_NONBLOCK);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		break;
	}

	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	KM_FUNC("net/ipv4/af_inet.c:904",
		"ioctl() on an inet socket: the protocol's ioctl, if it has one.");
	struct sock *sk = sock->sk;

	if (sk->sk_prot->ioctl)
		return sk->sk_prot->ioctl(sk, cmd, arg);
	return -ENOIOCTLCMD;
}

const struct proto_ops inet_stream_ops = {
	.family		   = PF_INET,
	.release	   = inet_release,
	.bind		   = inet_bind,
	.connect	   = inet_stream_connect,
	.socketpair	   = sock_no_socketpair,
	.accept		   = inet_accept,
	.getname	   = inet_getname,
	.poll		   = tcp_poll,
	.ioctl		   = inet_ioctl,
	.listen		   = inet_listen,
	.shutdown	   = inet_shutdown,
	.setsockopt	   = sock_common_setsockopt,
	.getsockopt	   = sock_common_getsockopt,
	.sendmsg	   = inet_sendmsg,
	.recvmsg	   = inet_recvmsg,
};

const struct proto_ops inet_dgram_ops = {
	.family		   = PF_INET,
	.release	   = inet_release,
	.bind		   = inet_bind,
	.connect	   = inet_dgram_connect,
	.socketpair	   = sock_no_socketpair,
	.accept		   = sock_no_accept,
	.getname	   = inet_getname,
	.poll		   = udp_poll,
	.ioctl		   = inet_ioctl,
	.listen		   = sock_no_listen,
	.shutdown	   = inet_shutdown,
	.setsockopt	   = sock_common_setsockopt,
	.getsockopt	   = sock_common_getsockopt,
	.sendmsg	   = inet_sendmsg,
	.recvmsg	   = inet_recvmsg,
};

/* Raw and ping sockets: datagram ops, but poll with the generic datagram_poll. */
const struct proto_ops inet_sockraw_ops = {
	.family		   = PF_INET,
	.release	   = inet_release,
	.bind		   = inet_bind,
	.connect	   = inet_dgram_connect,
	.socketpair	   = sock_no_socketpair,
	.accept		   = sock_no_accept,
	.getname	   = inet_getname,
	.poll		   = datagram_poll,
	.ioctl		   = inet_ioctl,
	.listen		   = sock_no_listen,
	.shutdown	   = inet_shutdown,
	.setsockopt	   = sock_common_setsockopt,
	.getsockopt	   = sock_common_getsockopt,
	.sendmsg	   = inet_sendmsg,
	.recvmsg	   = inet_recvmsg,
};

const struct net_proto_family inet_family_ops = {
	.family = PF_INET,
	.create = inet_create,
};

/*
 * The template of inetsw_array[]: the four protocols socket(AF_INET, ...)
 * can reach. inet_init() copies it into the host and links the copies
 * into inetsw[].
 */
static const struct inet_protosw inetsw_array_template[] = {
	{
		.type =       SOCK_STREAM,
		.protocol =   IPPROTO_TCP,
		.prot =       (struct proto *)&tcp_prot,
		.ops =        &inet_stream_ops,
		.flags =      INET_PROTOSW_PERMANENT |
			      INET_PROTOSW_ICSK,
	},
	{
		.type =       SOCK_DGRAM,
		.protocol =   IPPROTO_UDP,
		.prot =       (struct proto *)&udp_prot,
		.ops =        &inet_dgram_ops,
		.flags =      INET_PROTOSW_PERMANENT,
	},
	{
		.type =       SOCK_DGRAM,
		.protocol =   IPPROTO_ICMP,
		.prot =       (struct proto *)&ping_prot,
		.ops =        &inet_sockraw_ops,
		.flags =      INET_PROTOSW_REUSE,
	},
	{
		.type =       SOCK_RAW,
		.protocol =   IPPROTO_IP,	/* the wildcard */
		.prot =       (struct proto *)&raw_prot,
		.ops =        &inet_sockraw_ops,
		.flags =      INET_PROTOSW_REUSE,
	}
};

#define INETSW_ARRAY_LEN ARRAY_SIZE(inetsw_array_template)

/*
 * Add an entry to inetsw[type]: after the permanent entries, so a
 * wildcard lookup still finds the permanent protocol first; an attempt to
 * replace a permanent protocol is refused.
 */
void inet_register_protosw(struct inet_protosw *p)
{
	KM_FUNC("net/ipv4/af_inet.c:1120",
		"Register a (type, protocol) entry in inetsw[] for inet_create to find.");
	struct list_head *lh;
	struct inet_protosw *answer;
	int protocol = p->protocol;
	struct list_head *last_perm;

	spin_lock_bh(&inetsw_lock);

	if (p->type >= SOCK_MAX)
		goto out_illegal;

	KM_STEP(1133,
		"Walk the permanent entries of this type; the same protocol again is refused.");
	last_perm = &inetsw[p->type];
	list_for_each(lh, &inetsw[p->type]) {
		answer = list_entry(lh, struct inet_protosw, list);
		if ((INET_PROTOSW_PERMANENT & answer->flags) == 0)
			break;
		if (protocol == answer->protocol)
			goto out_permanent;
		last_perm = lh;
	}

	KM_STEP(1150, "Insert after the last permanent entry.");
	list_add_rcu(&p->list, last_perm);
out:
	spin_unlock_bh(&inetsw_lock);
	return;

out_permanent:
	pr_err("Attempt to override permanent protocol %d\n", protocol);
	goto out;

out_illegal:
	pr_err("Ignoring attempt to register invalid socket type %d\n",
	       p->type);
	goto out;
}

void inet_unregister_protosw(struct inet_protosw *p)
{
	KM_FUNC("net/ipv4/af_inet.c:1167",
		"Remove a (socket type, protocol) entry from inetsw[]; permanent entries refuse.");
	if (INET_PROTOSW_PERMANENT & p->flags) {
		pr_err("Attempt to unregister permanent protocol %d\n",
		       p->protocol);
	} else {
		list_del_rcu(&p->list);
	}
}

/* Make sure the socket has a route (tcp_connect's rebuild_header). */
int inet_sk_rebuild_header(struct sock *sk)
{
	KM_FUNC("net/ipv4/af_inet.c:1230",
		"Check the socket still has a usable route; look one up if not.");
	struct inet_sock *inet = inet_sk(sk);
	struct rtable *rt = (struct rtable *)__sk_dst_check(sk, 0);
	__be32 daddr;
	struct flowi4 *fl4;
	int err;

	if (rt)
		return 0;

	daddr = inet->inet_daddr;
	fl4 = &inet->cork.fl.u.ip4;
	rt = ip_route_output_ports(sock_net(sk), fl4, sk, daddr, inet->inet_saddr,
				   inet->inet_dport, inet->inet_sport,
				   sk->sk_protocol, RT_CONN_FLAGS(sk),
				   sk->sk_bound_dev_if);
	if (!IS_ERR(rt)) {
		err = 0;
		sk_setup_caps(sk, &rt->dst);
	} else {
		err = PTR_ERR(rt);
		sk->sk_route_caps = 0;
		/* No ip_dynaddr source re-selection in kmirror. */
		sk->sk_err_soft = -err;
	}
	return err;
}

void inet_sk_set_state(struct sock *sk, int state)
{
	KM_FUNC("net/ipv4/af_inet.c:1278",
		"Set sk_state (Linux also fires the inet_sock_set_state tracepoint here).");
	sk->sk_state = state;
}

void inet_sk_state_store(struct sock *sk, int newstate)
{
	KM_FUNC("net/ipv4/af_inet.c:1285",
		"Store the new TCP state in sk_state.");
	smp_store_release(&sk->sk_state, newstate);
}

/* A kernel socket the stack itself sends from (ICMP errors, RSTs). */
int inet_recv_error(struct sock *sk, struct msghdr *msg, int len, int *addr_len)
{
	KM_FUNC("net/ipv4/af_inet.c:1553",
		"recvmsg(MSG_ERRQUEUE) on an inet socket: the IPv4 error queue (ip_recv_error).");
	if (sk->sk_family == AF_INET)
		return ip_recv_error(sk, msg, len, addr_len);
	return -EINVAL;
}

int inet_ctl_sock_create(struct sock **sk, unsigned short family,
			 unsigned short type, unsigned char protocol,
			 struct net *net)
{
	KM_FUNC("net/ipv4/af_inet.c:1609",
		"Create a kernel-internal control socket (for RSTs and ICMP replies) that is never hashed.");
	struct socket *sock;
	int rc = sock_create_kern(net, family, type, protocol, &sock);

	if (rc == 0) {
		*sk = sock->sk;
		(*sk)->sk_allocation = GFP_ATOMIC;
		/* Keep it out of the lookup tables: it must not receive. */
		(*sk)->sk_prot->unhash(*sk);
	}
	return rc;
}

/* Boot-time registration of IPv4 (once per host). */
int inet_init(void)
{
	KM_FUNC("net/ipv4/af_inet.c:1899",
		"Boot: register TCP, UDP, raw and ping, the AF_INET family and IP's handlers.");
	struct inet_protosw *q;
	struct list_head *r;
	int rc = -EINVAL;
	unsigned int i;

	KM_STEP(1907,
		"Register the transport protocols (each gets its own slab cache).");
	rc = proto_register((struct proto *)&tcp_prot, 1);
	if (rc)
		goto out;
	rc = proto_register((struct proto *)&udp_prot, 1);
	if (rc)
		goto out;
	rc = proto_register((struct proto *)&raw_prot, 1);
	if (rc)
		goto out;
	rc = proto_register((struct proto *)&ping_prot, 1);
	if (rc)
		goto out;

	KM_STEP(1927,
		"Tell the socket layer AF_INET exists: sock_register(&inet_family_ops).");
	(void)sock_register(&inet_family_ops);

	KM_STEP(1937,
		"Give IP its transport handlers: ICMP, UDP (udp_rcv/udp_err), TCP (tcp_v4_rcv/tcp_v4_err).");
	if (inet_add_protocol(&icmp_protocol, IPPROTO_ICMP) < 0)
		pr_err("%s: Cannot add ICMP protocol\n", __func__);
	if (inet_add_protocol(&udp_protocol, IPPROTO_UDP) < 0)
		pr_err("%s: Cannot add UDP protocol\n", __func__);
	if (inet_add_protocol(&tcp_protocol, IPPROTO_TCP) < 0)
		pr_err("%s: Cannot add TCP protocol\n", __func__);

	KM_STEP(1949,
		"Initialise the inetsw[] lists and register each inetsw_array[] entry.");
	for (r = &inetsw[0]; r < &inetsw[SOCK_MAX]; ++r)
		INIT_LIST_HEAD(r);

	for (i = 0; i < INETSW_ARRAY_LEN; i++)
		inetsw_array[i] = inetsw_array_template[i];
	for (q = inetsw_array; q < &inetsw_array[INETSW_ARRAY_LEN]; ++q)
		inet_register_protosw(q);

	ip_init();
	tcp_init();
	udp_init();
	raw_init();
	ping_init();
	if (icmp_init() < 0)
		km_bug(__FILE__, __LINE__, "Failed to create the ICMP control socket");
	tcp_sk_init_km(&init_net);

	KM_STEP(2008,
		"Receive IPv4 frames: register ip_rcv for ETH_P_IP with the device layer.");
	dev_add_pack((struct packet_type *)&ip_packet_type_template);	/* copied, never written */
	rc = 0;
out:
	return rc;
}
