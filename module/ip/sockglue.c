// SPDX-License-Identifier: GPL-2.0
/*
 * SOL_IP socket options, for every xtcp transport: the part of Linux's
 * net/ipv4/ip/sockglue.c (do_ip_setsockopt(), do_ip_getsockopt()) that
 * xtcp has state for, with its errnos and its int-or-byte values. The
 * settings live in struct xtcp_inet; a transport copies them into the
 * struct xtcp_flow of each datagram it sends.
 */
#include <linux/in.h>
#include <linux/uaccess.h>
#include <net/inet_ecn.h>
#include <net/route.h>
#include <net/sock.h>

#include "core/core.h"
#include "ip.h"

/**
 * xtcp_inet_init() - the IP-level settings of a new socket, as
 *	inet_create() leaves them
 * @inet: settings to fill
 *
 * IP_MTU_DISCOVER starts at IP_PMTUDISC_WANT, Linux's default while
 * net.ipv4.ip_no_pmtu_disc is 0 (xtcp has no such knob).
 */
void xtcp_inet_init(struct xtcp_inet *inet)
{
	inet->uc_ttl = -1;
	inet->tos = 0;
	inet->pmtudisc = IP_PMTUDISC_WANT;
	inet->dst.valid = false;
}

/* __ip_sock_set_tos(): a stream socket keeps its ECN bits. */
static void xtcp_ip_set_tos(struct sock *sk, int val)
{
	struct xtcp_inet *inet = &xtcp_sk(sk)->inet;

	if (sk->sk_type == SOCK_STREAM) {
		val &= ~INET_ECN_MASK;
		val |= inet->tos & INET_ECN_MASK;
	}
	if (inet->tos != val) {
		WRITE_ONCE(inet->tos, (u8)val);
		WRITE_ONCE(sk->sk_priority, rt_tos2priority(val));
	}
}

/**
 * xtcp_ip_setsockopt() - setsockopt(SOL_IP)
 * @sk: socket
 * @optname: IP_TOS, IP_TTL or IP_MTU_DISCOVER; others are ENOPROTOOPT
 * @optval: an int, or a single byte; an empty value reads as 0
 * @optlen: its length
 *
 * Return: 0, -EINVAL for a value out of range (IP_TTL also for an empty
 * one), -EFAULT, or -ENOPROTOOPT.
 */
int xtcp_ip_setsockopt(struct sock *sk, int optname, sockptr_t optval,
		       unsigned int optlen)
{
	struct xtcp_inet *inet = &xtcp_sk(sk)->inet;
	int val = 0, err = 0;

	switch (optname) {
	case IP_TOS:
	case IP_TTL:
	case IP_MTU_DISCOVER:
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (optlen >= sizeof(int)) {
		if (copy_from_sockptr(&val, optval, sizeof(val)))
			return -EFAULT;
	} else if (optlen >= sizeof(char)) {
		unsigned char ucval;

		if (copy_from_sockptr(&ucval, optval, sizeof(ucval)))
			return -EFAULT;
		val = ucval;
	}

	lock_sock(sk);
	switch (optname) {
	case IP_TOS:
		xtcp_ip_set_tos(sk, val);
		break;
	case IP_TTL:
		if (optlen < 1 || (val != -1 && (val < 1 || val > 255)))
			err = -EINVAL;
		else
			WRITE_ONCE(inet->uc_ttl, val);
		break;
	case IP_MTU_DISCOVER:
		if (val < IP_PMTUDISC_DONT || val > IP_PMTUDISC_OMIT)
			err = -EINVAL;
		else
			WRITE_ONCE(inet->pmtudisc, val);
		break;
	}
	release_sock(sk);
	return err;
}

/*
 * IP_MTU: Linux reads the route a connected socket keeps; xtcp looks the
 * peer's route up. ENOTCONN without a peer or a route to it.
 */
static int xtcp_ip_sk_mtu(struct sock *sk)
{
	struct net *net = sock_net(sk);
	struct xtcp_rt rt;
	int mtu = -ENOTCONN;
	__be32 daddr;

	lock_sock(sk);
	daddr = sk->sk_daddr;
	if (sk->sk_state != TCP_ESTABLISHED)
		daddr = 0;
	release_sock(sk);
	if (!daddr)
		return -ENOTCONN;

	rcu_read_lock();
	if (!xtcp_route_lookup(net, daddr, &rt))
		mtu = xtcp_ip_path_mtu(net, &rt, daddr);
	rcu_read_unlock();
	return mtu;
}

/**
 * xtcp_ip_getsockopt() - getsockopt(SOL_IP)
 * @sk: socket
 * @optname: IP_TOS, IP_TTL, IP_MTU_DISCOVER or IP_MTU; others are
 *	ENOPROTOOPT
 * @optval: user buffer
 * @optlen: its length in, the length written out
 *
 * As do_ip_getsockopt(): a buffer shorter than an int gets one byte when
 * the value fits in one, else the first bytes of the int.
 *
 * Return: 0, -EINVAL for a negative length, -ENOTCONN (IP_MTU), -EFAULT
 * or -ENOPROTOOPT.
 */
int xtcp_ip_getsockopt(struct sock *sk, int optname, char __user *optval,
		       int __user *optlen)
{
	struct xtcp_inet *inet = &xtcp_sk(sk)->inet;
	int val, len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case IP_TOS:
		val = READ_ONCE(inet->tos);
		break;
	case IP_TTL:
		val = READ_ONCE(inet->uc_ttl);
		if (val == -1)
			val = XTCP_DEFAULT_TTL;
		break;
	case IP_MTU_DISCOVER:
		val = READ_ONCE(inet->pmtudisc);
		break;
	case IP_MTU:
		val = xtcp_ip_sk_mtu(sk);
		if (val < 0)
			return val;
		break;
	default:
		return -ENOPROTOOPT;
	}

	if (len < (int)sizeof(int) && len > 0 && val >= 0 && val <= 255) {
		unsigned char ucval = (unsigned char)val;

		len = 1;
		if (put_user(len, optlen) ||
		    copy_to_user(optval, &ucval, 1))
			return -EFAULT;
		return 0;
	}
	len = min_t(unsigned int, sizeof(int), len);
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}
