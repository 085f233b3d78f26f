// SPDX-License-Identifier: GPL-2.0
/*
 * Socket calls shared by every xtcp socket type.
 */
#include <net/sock.h>

#include "core.h"

/* Last reference to the socket is gone: account it in its namespace. */
void xtcp_sock_destruct(struct sock *sk)
{
	struct net *net = sock_net(sk);

	skb_queue_purge(&sk->sk_receive_queue);
	skb_queue_purge(&sk->sk_error_queue);
	atomic_dec(&xtcp_pernet(net)->nr_socks);
	XTCP_INC_STATS(net, XTCP_MIB_SOCKRELEASE);
}

/**
 * xtcp_sock_release() - close(2) of an xtcp socket
 * @sock: the socket being released
 *
 * Takes the socket out of its protocol's table (proto.unhash) and frees
 * what it has queued. Datagrams the rx path queues meanwhile under RCU are
 * freed by xtcp_sock_destruct(), which a hashed (SOCK_RCU_FREE) socket
 * runs after a grace period.
 *
 * Return: 0.
 */
int xtcp_sock_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;

	lock_sock(sk);
	/* Unreachable from the rx path first (sk_common_release()). */
	if (sk->sk_prot->unhash)
		sk->sk_prot->unhash(sk);
	skb_queue_purge(&sk->sk_receive_queue);
	sock_orphan(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	release_sock(sk);

	sock->sk = NULL;
	sock_put(sk);
	return 0;
}
