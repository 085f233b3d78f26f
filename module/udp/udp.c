// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp SOCK_DGRAM (UDP) sockets: the socket calls and transmit.
 *
 * Every call answers with the errno AF_INET gives for the same arguments
 * (net/ipv4/af_inet.c, datagram.c, udp.c); comments name the Linux
 * function whose order of checks is followed. A socket's addresses live in
 * sock_common as inet keeps them, see xtcp.h.
 *
 * The bound-socket table is udp/table.c, receive is udp/input.c and
 * /proc/net/xtcp_udp is udp/proc.c.
 */
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/termios.h>
#include <linux/sockios.h>
#include <linux/uaccess.h>
#include <net/ip.h>
#include <net/sock.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "core/trace.h"
#include "udp.h"

/* Largest payload: 65535 minus the IPv4 and UDP headers. */
#define XTCP_UDP_MAX_PAYLOAD	(0xffff - sizeof(struct iphdr) - \
				 sizeof(struct udphdr))

/* inet_autobind(): an ephemeral port, with the lock_sock held. */
static int xtcp_udp_autobind(struct sock *sk)
{
	if (sk->sk_num)
		return 0;
	return xtcp_udp_hash(sk, 0) ? -EAGAIN : 0;
}

/* Linux's inet_addr_valid_or_nonlocal() without the nonlocal sysctls. */
static bool xtcp_udp_bind_addr_ok(struct net *net, __be32 addr)
{
	return addr == htonl(INADDR_ANY) || ipv4_is_lbcast(addr) ||
	       ipv4_is_multicast(addr) || xtcp_addr_is_local(net, addr);
}

/* __inet_bind(), in its order of checks. */
static int xtcp_udp_bind(struct socket *sock, struct sockaddr *uaddr,
			 int addr_len)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	__be32 addr;
	u16 snum;
	int err;

	if (addr_len < (int)sizeof(*sx))
		return -EINVAL;
	addr = sx->sxtcp_addr;
	if (!xtcp_sa_family_ok(sx->sxtcp_family) &&
	    (sx->sxtcp_family != AF_UNSPEC || addr != htonl(INADDR_ANY)))
		return -EAFNOSUPPORT;
	if (!xtcp_udp_bind_addr_ok(net, addr))
		return -EADDRNOTAVAIL;
	snum = ntohs(sx->sxtcp_port);
	if (snum && inet_port_requires_bind_service(net, snum) &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || sk->sk_num)
		goto out;

	sk->sk_rcv_saddr = addr;
	xtcp_sk(sk)->inet.saddr = addr;
	/* Datagrams from a broadcast-bound socket take the route's source. */
	if (ipv4_is_lbcast(addr) || ipv4_is_multicast(addr))
		xtcp_sk(sk)->inet.saddr = 0;
	err = xtcp_udp_hash(sk, snum);
	if (err) {
		sk->sk_rcv_saddr = 0;
		xtcp_sk(sk)->inet.saddr = 0;
		goto out;
	}
	if (addr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	sk->sk_daddr = 0;
	sk->sk_dport = 0;
out:
	release_sock(sk);
	return err;
}

/* __udp_disconnect(): forget the peer, and what connect() chose. */
static int xtcp_udp_disconnect(struct sock *sk)
{
	lock_sock(sk);
	sk->sk_state = TCP_CLOSE;
	WRITE_ONCE(sk->sk_daddr, 0);
	WRITE_ONCE(sk->sk_dport, 0);
	WRITE_ONCE(sk->sk_bound_dev_if, 0);
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		WRITE_ONCE(sk->sk_rcv_saddr, 0);
		xtcp_sk(sk)->inet.saddr = 0;
	}
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
		xtcp_udp_unhash(sk);
	release_sock(sk);
	return 0;
}

/* inet_dgram_connect() and __ip4_datagram_connect(). */
static int xtcp_udp_connect(struct socket *sock, struct sockaddr *uaddr,
			    int addr_len, int flags)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct sock *sk = sock->sk;
	struct xtcp_flow fl = { .proto = IPPROTO_UDP };
	struct xtcp_rt rt;
	int err;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC)
		return xtcp_udp_disconnect(sk);

	lock_sock(sk);
	err = xtcp_udp_autobind(sk);
	if (err)
		goto out;
	err = -EINVAL;
	if (addr_len < (int)sizeof(*sx))
		goto out;
	err = -EAFNOSUPPORT;
	if (!xtcp_sa_family_ok(sx->sxtcp_family))
		goto out;

	fl.saddr = xtcp_sk(sk)->inet.saddr;
	fl.daddr = sx->sxtcp_addr;
	rcu_read_lock();
	err = xtcp_ip_route_output(sock_net(sk), &fl, &rt);
	rcu_read_unlock();
	if (err)
		goto out;
	err = -EACCES;
	if (rt.broadcast && !sock_flag(sk, SOCK_BROADCAST))
		goto out;

	if (!xtcp_sk(sk)->inet.saddr)
		xtcp_sk(sk)->inet.saddr = fl.saddr;
	if (!sk->sk_rcv_saddr)
		WRITE_ONCE(sk->sk_rcv_saddr, fl.saddr);
	WRITE_ONCE(sk->sk_daddr, fl.daddr);
	WRITE_ONCE(sk->sk_dport, sx->sxtcp_port);
	sk->sk_state = TCP_ESTABLISHED;
	err = 0;
out:
	release_sock(sk);
	return err;
}

/* inet_getname(). */
static int xtcp_udp_getname(struct socket *sock, struct sockaddr *uaddr,
			    int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_xtcp *, sx, uaddr);
	struct sock *sk = sock->sk;

	lock_sock(sk);
	if (peer) {
		if (!sk->sk_dport || sk->sk_state == TCP_CLOSE) {
			release_sock(sk);
			return -ENOTCONN;
		}
		sx->sxtcp_addr = sk->sk_daddr;
		sx->sxtcp_port = sk->sk_dport;
	} else {
		sx->sxtcp_addr = sk->sk_rcv_saddr ? : xtcp_sk(sk)->inet.saddr;
		sx->sxtcp_port = htons(sk->sk_num);
	}
	release_sock(sk);
	sx->sxtcp_family = xtcp_family;
	memset(sx->sxtcp_zero, 0, sizeof(sx->sxtcp_zero));
	return sizeof(*sx);
}

/*
 * An skb for @len bytes of payload behind XTCP_MAX_HEADER and the UDP
 * header. Beyond a page the payload goes to page fragments, as
 * ip_append_data() does on a scatter-gather device, so a 64 KiB datagram
 * needs no high-order allocation. Charged to SO_SNDBUF; blocks unless
 * @noblock, and fails with the pending socket error or EPIPE after
 * shutdown(SHUT_WR) first.
 */
static struct sk_buff *xtcp_udp_alloc_skb(struct sock *sk, size_t len,
					  bool noblock, int *err)
{
	const size_t hlen = XTCP_MAX_HEADER + sizeof(struct udphdr);
	size_t linear = min_t(size_t, len, SKB_MAX_HEAD(hlen));
	struct sk_buff *skb;

	skb = sock_alloc_send_pskb(sk, hlen + linear, len - linear, noblock,
				   err, 0);
	if (!skb)
		return NULL;
	skb_reserve(skb, hlen);
	skb_put(skb, linear);
	skb->data_len = len - linear;
	skb->len += len - linear;
	return skb;
}

/* inet_sendmsg() and udp_sendmsg(), in their order of checks. */
static int xtcp_udp_sendmsg(struct socket *sock, struct msghdr *msg,
			    size_t len)
{
	DECLARE_SOCKADDR(struct sockaddr_xtcp *, sx, msg->msg_name);
	struct xtcp_flow fl = { .proto = IPPROTO_UDP };
	struct sock *sk = sock->sk;
	const struct xtcp_inet *inet = &xtcp_sk(sk)->inet;
	struct net *net = sock_net(sk);
	struct xtcp_udp_repr hdr;
	struct xtcp_ip_mtu pol;
	struct xtcp_rt rt;
	struct sk_buff *skb;
	__be16 sport, dport;
	struct udphdr *uh;
	int err;

	lock_sock(sk);
	err = xtcp_udp_autobind(sk);
	sport = htons(sk->sk_num);
	fl.saddr = xtcp_sk(sk)->inet.saddr;
	fl.daddr = sk->sk_daddr;
	fl.tos = inet->tos;
	fl.ttl = inet->uc_ttl < 0 ? 0 : inet->uc_ttl;
	fl.pmtudisc = inet->pmtudisc;
	dport = sk->sk_dport;
	if (!sx && sk->sk_state != TCP_ESTABLISHED && !err)
		err = -EDESTADDRREQ;
	release_sock(sk);
	if (err == -EAGAIN)
		return err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (sx) {
		if (msg->msg_namelen < (int)sizeof(*sx))
			return -EINVAL;
		if (!xtcp_sa_family_ok(sx->sxtcp_family) &&
		    sx->sxtcp_family != AF_UNSPEC)
			return -EAFNOSUPPORT;
		fl.daddr = sx->sxtcp_addr;
		dport = sx->sxtcp_port;
		if (!dport)
			return -EINVAL;
	} else if (err) {
		return err;
	}

	rcu_read_lock();
	err = xtcp_ip_route_output(net, &fl, &rt);
	if (!err)
		xtcp_ip_flow_mtu(net, &rt, &fl, len + XTCP_IPV4_HLEN +
				 sizeof(struct udphdr), &pol);
	rcu_read_unlock();
	if (err)
		return err;
	if (rt.broadcast && !sock_flag(sk, SOCK_BROADCAST))
		return -EACCES;
	if (len > XTCP_UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	/*
	 * __ip_append_data(): IP_PMTUDISC_DO, PROBE and INTERFACE never
	 * fragment; a datagram larger than their MTU fails here, before
	 * anything is built or counted.
	 */
	if (pol.nofrag &&
	    len + XTCP_IPV4_HLEN + sizeof(struct udphdr) > pol.mtu)
		return -EMSGSIZE;

	skb = xtcp_udp_alloc_skb(sk, len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		goto sndbuf_err;
	err = skb_copy_datagram_from_iter(skb, 0, &msg->msg_iter, len);
	if (err) {
		kfree_skb(skb);
		return err;
	}

	uh = skb_push(skb, sizeof(*uh));
	skb_set_transport_header(skb, 0);
	hdr.sport = ntohs(sport);
	hdr.dport = ntohs(dport);
	hdr.len = skb->len;
	xtcp_udp_emit(&hdr, uh);
	uh->check = xtcp_udp_check(fl.saddr, fl.daddr, skb->len,
				   xtcp_csum_skb(skb, 0, skb->len, 0));
	skb->ip_summed = CHECKSUM_NONE;
	skb->protocol = htons(ETH_P_IP);
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);

	trace_xtcp_udp_tx(fl.saddr, sport, fl.daddr, dport, skb->len);
	err = xtcp_ip_output(net, skb, &fl);
	if (err > 0)
		err = net_xmit_errno(err);
	if (err == -ENOBUFS) {
		/* udp_send_skb(): a full device queue is a silent drop. */
		XTCP_INC_STATS(net, XTCP_MIB_UDPSNDBUFERRORS);
		return len;
	}
	if (err)
		return err;
	XTCP_INC_STATS(net, XTCP_MIB_UDPOUTDATAGRAMS);
	return len;

sndbuf_err:
	if (err == -ENOBUFS ||
	    test_bit(SOCK_NOSPACE, &sk->sk_socket->flags))
		XTCP_INC_STATS(net, XTCP_MIB_UDPSNDBUFERRORS);
	return err;
}

/* inet_recvmsg() and udp_recvmsg(). */
static int xtcp_udp_recvmsg(struct socket *sock, struct msghdr *msg,
			    size_t len, int flags)
{
	DECLARE_SOCKADDR(struct sockaddr_xtcp *, sx, msg->msg_name);
	bool peeking = flags & MSG_PEEK;
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	int off = 0, err;
	size_t copied;

	/*
	 * ip_recv_error() on an empty error queue: nothing ever reaches it,
	 * as without IP_RECVERR.
	 */
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;

	skb = __skb_recv_datagram(sk, &sk->sk_receive_queue, flags, &off,
				  &err);
	if (!skb)
		return err;

	copied = len;
	if (copied > skb->len)
		copied = skb->len;
	else if (copied < skb->len)
		msg->msg_flags |= MSG_TRUNC;

	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err) {
		if (!peeking) {
			atomic_inc(&sk->sk_drops);
			XTCP_INC_STATS(sock_net(sk), XTCP_MIB_UDPINERRORS);
		}
		skb_free_datagram(sk, skb);
		return err;
	}
	if (!peeking)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_UDPINDATAGRAMS);

	sock_recv_cmsgs(msg, sk, skb);
	if (sx) {
		sx->sxtcp_family = xtcp_family;
		sx->sxtcp_port = udp_hdr(skb)->source;
		sx->sxtcp_addr = XTCP_SKB_CB(skb)->saddr;
		memset(sx->sxtcp_zero, 0, sizeof(sx->sxtcp_zero));
		msg->msg_namelen = sizeof(*sx);
	}

	err = flags & MSG_TRUNC ? skb->len : copied;
	skb_free_datagram(sk, skb);
	return err;
}

/* inet_shutdown() for a datagram socket. */
static int xtcp_udp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++;	/* SHUT_RD/WR/RDWR -> RCV_SHUTDOWN, SEND_SHUTDOWN, both */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;

	lock_sock(sk);
	/* Unconnected: ENOTCONN, but the bits are set and waiters woken. */
	if (sk->sk_state == TCP_CLOSE)
		err = -ENOTCONN;
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

/* udp_ioctl(): SIOCINQ is the size of the next datagram's payload. */
static int xtcp_udp_ioctl(struct socket *sock, unsigned int cmd,
			  unsigned long arg)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	int amount;

	switch (cmd) {
	case SIOCOUTQ:
		amount = sk_wmem_alloc_get(sk);
		break;
	case SIOCINQ:
		spin_lock_bh(&sk->sk_receive_queue.lock);
		skb = skb_peek(&sk->sk_receive_queue);
		amount = skb ? skb->len : 0;
		spin_unlock_bh(&sk->sk_receive_queue.lock);
		break;
	default:
		return -ENOIOCTLCMD;
	}
	return put_user(amount, (int __user *)arg);
}

/*
 * udp_setsockopt(). SOL_SOCKET options never get here (sock_setsockopt()
 * takes them); SOL_IP ones are ip/sockglue.c's. xtcp has no UDP-level
 * options yet, which AF_INET answers for one it does not know, and
 * ip_setsockopt() answers the same for any other level.
 */
static int xtcp_udp_setsockopt(struct socket *sock, int level, int optname,
			       sockptr_t optval, unsigned int optlen)
{
	if (level == SOL_IP)
		return xtcp_ip_setsockopt(sock->sk, optname, optval, optlen);
	return -ENOPROTOOPT;
}

/* udp_getsockopt(); do_ip_getsockopt() refuses a level not its own. */
static int xtcp_udp_getsockopt(struct socket *sock, int level, int optname,
			       char __user *optval, int __user *optlen)
{
	if (level == SOL_IP)
		return xtcp_ip_getsockopt(sock->sk, optname, optval, optlen);
	if (level == SOL_UDP || level == SOL_UDPLITE)
		return -ENOPROTOOPT;
	return -EOPNOTSUPP;
}

struct proto xtcp_udp_proto = {
	.name		= "XTCP-UDP",
	.owner		= THIS_MODULE,
	.unhash		= xtcp_udp_unhash,
	.obj_size	= sizeof(struct xtcp_sock),
};

const struct proto_ops xtcp_udp_ops = {
	.family		= PF_XTCP,	/* informational, see xtcp.h */
	.owner		= THIS_MODULE,
	.release	= xtcp_sock_release,
	.bind		= xtcp_udp_bind,
	.connect	= xtcp_udp_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= xtcp_udp_getname,
	.poll		= datagram_poll,
	.ioctl		= xtcp_udp_ioctl,
	.gettstamp	= sock_gettstamp,
	.listen		= sock_no_listen,
	.shutdown	= xtcp_udp_shutdown,
	.setsockopt	= xtcp_udp_setsockopt,
	.getsockopt	= xtcp_udp_getsockopt,
	.sendmsg	= xtcp_udp_sendmsg,
	.recvmsg	= xtcp_udp_recvmsg,
	.mmap		= sock_no_mmap,
	.sendpage	= sock_no_sendpage,
};
