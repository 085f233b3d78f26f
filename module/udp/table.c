// SPDX-License-Identifier: GPL-2.0
/*
 * The per-namespace table of bound UDP sockets: binding rules, ephemeral
 * port allocation and the receive-side lookup.
 *
 * Sockets are hashed by local port alone into struct xtcp_udp_table. The
 * writers (bind, autobind, unhash) take the table lock; the rx path walks a
 * slot under rcu_read_lock() and takes no reference, which is safe because
 * a hashed socket has SOCK_RCU_FREE set, as in net/ipv4/udp.c.
 *
 * The rules themselves (score, conflict, port search) are pure functions of
 * small structs, so KUnit checks them without sockets.
 */
#include <linux/random.h>
#include <net/sock.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "udp.h"

/**
 * xtcp_udp_score() - how well a bound socket matches an arriving datagram
 * @sk: the socket's binding (laddr/lport bound, raddr/rport connected peer,
 *	ifindex SO_BINDTODEVICE; zero fields are wildcards)
 * @pkt: the datagram seen from the receiver (laddr/lport its destination,
 *	raddr/rport its source, ifindex where it arrived, 0 if unknown)
 *
 * A simplified compute_score() of net/ipv4/udp.c: every field the socket
 * pins down must match and adds 4, so connected and address-bound sockets
 * win over wildcard ones.
 *
 * Return: -1 when the socket must not receive the datagram, else a score
 * from 1 (pure wildcard) to 17 (fully specified).
 */
int xtcp_udp_score(const struct xtcp_udp_ends *sk,
		   const struct xtcp_udp_ends *pkt)
{
	int score = 1;

	if (!sk->lport || sk->lport != pkt->lport)
		return -1;
	if (sk->laddr) {
		if (sk->laddr != pkt->laddr)
			return -1;
		score += 4;
	}
	if (sk->raddr) {
		if (sk->raddr != pkt->raddr)
			return -1;
		score += 4;
	}
	if (sk->rport) {
		if (sk->rport != pkt->rport)
			return -1;
		score += 4;
	}
	if (sk->ifindex) {
		if (pkt->ifindex && sk->ifindex != pkt->ifindex)
			return -1;
		score += 4;
	}
	return score;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_score);

/**
 * xtcp_udp_bind_conflict() - may two sockets share a local port?
 * @a: one binding
 * @b: the other
 *
 * The rules of udp_lib_lport_inuse(): bindings overlap when their devices
 * and addresses overlap (0 overlaps everything); overlapping bindings
 * conflict unless both set SO_REUSEADDR, or both set SO_REUSEPORT and
 * have the same owner.
 *
 * Return: true when the second bind must fail with EADDRINUSE.
 */
bool xtcp_udp_bind_conflict(const struct xtcp_udp_bindkey *a,
			    const struct xtcp_udp_bindkey *b)
{
	if (a->ifindex && b->ifindex && a->ifindex != b->ifindex)
		return false;
	if (a->addr && b->addr && a->addr != b->addr)
		return false;
	if (a->reuse && b->reuse)
		return false;
	if (a->reuseport && b->reuseport && uid_eq(a->uid, b->uid))
		return false;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_bind_conflict);

/**
 * xtcp_udp_sk_ends() - a socket's binding, read without its lock
 * @sk: the socket
 * @e: filled in
 */
void xtcp_udp_sk_ends(const struct sock *sk, struct xtcp_udp_ends *e)
{
	e->laddr = READ_ONCE(sk->sk_rcv_saddr);
	e->lport = htons(READ_ONCE(sk->sk_num));
	e->raddr = READ_ONCE(sk->sk_daddr);
	e->rport = READ_ONCE(sk->sk_dport);
	e->ifindex = READ_ONCE(sk->sk_bound_dev_if);
}

static void xtcp_udp_bindkey(const struct sock *sk, struct xtcp_udp_bindkey *k)
{
	k->addr = sk->sk_rcv_saddr;
	k->ifindex = sk->sk_bound_dev_if;
	k->reuse = sk->sk_reuse != SK_NO_REUSE;
	k->reuseport = sk->sk_reuseport;
	k->uid = sk->sk_uid;
}

static struct hlist_head *xtcp_udp_slot(struct xtcp_udp_table *t, u16 port)
{
	return &t->slots[port & (XTCP_UDP_HASH_SIZE - 1)];
}

/*
 * The ephemeral port search's view of the table (ports.c): one lock for
 * every slot. A port is in use when any socket has it, whatever its
 * binding, which is stricter than Linux (that may pick a port shared
 * under SO_REUSEADDR).
 */
static void xtcp_udp_slot_lock(void *arg, unsigned int slot,
			       unsigned long *used)
	__acquires(&t->lock)
{
	struct xtcp_udp_table *t = &xtcp_pernet(arg)->udp;
	struct sock *sk2;

	spin_lock_bh(&t->lock);
	sk_for_each(sk2, &t->slots[slot])
		__set_bit(sk2->sk_num >> XTCP_UDP_HASH_BITS, used);
}

static void xtcp_udp_slot_unlock(void *arg, unsigned int slot)
	__releases(&t->lock)
{
	spin_unlock_bh(&xtcp_pernet(arg)->udp.lock);
}

static bool xtcp_udp_port_reserved(void *arg, u16 port)
{
	return xtcp_port_reserved(arg, port);
}

/* A socket on @port whose binding conflicts with @sk's; lock held. */
static bool __xtcp_udp_port_conflict(struct xtcp_udp_table *t,
				     const struct sock *sk, u16 port)
{
	struct xtcp_udp_bindkey a, b;
	struct sock *sk2;

	xtcp_udp_bindkey(sk, &a);
	sk_for_each(sk2, xtcp_udp_slot(t, port)) {
		if (sk2 == sk || sk2->sk_num != port)
			continue;
		xtcp_udp_bindkey(sk2, &b);
		if (xtcp_udp_bind_conflict(&a, &b))
			return true;
	}
	return false;
}

/**
 * xtcp_udp_hash() - give a socket its local port and make it reachable
 * @sk: an unhashed socket whose sk_rcv_saddr is already set
 * @snum: the port asked for, host order; 0 picks a free port of the
 *	namespace's range that is not reserved (udp_lib_get_port())
 *
 * Context: process; may sleep.
 * Return: 0, or -EADDRINUSE on a conflict or when no port is free.
 */
int xtcp_udp_hash(struct sock *sk, u16 snum)
{
	struct net *net = sock_net(sk);
	struct xtcp_udp_table *t = &xtcp_pernet(net)->udp;
	struct xtcp_port_search s = {
		.slot_bits	= XTCP_UDP_HASH_BITS,
		.reserved	= xtcp_udp_port_reserved,
		.slot_lock	= xtcp_udp_slot_lock,
		.slot_unlock	= xtcp_udp_slot_unlock,
		.arg		= net,
	};
	int err = 0;

	if (!snum) {
		xtcp_ports_range(net, &s.low, &s.high);
		/* On success the table is locked. */
		snum = xtcp_port_search(&s, get_random_u32());
		if (!snum)
			return -EADDRINUSE;
		__acquire(&t->lock);	/* for sparse: taken in the search */
	} else {
		spin_lock_bh(&t->lock);
		if (__xtcp_udp_port_conflict(t, sk, snum))
			err = -EADDRINUSE;
	}
	if (!err) {
		WRITE_ONCE(sk->sk_num, snum);
		sock_set_flag(sk, SOCK_RCU_FREE);
		sk_add_node_rcu(sk, xtcp_udp_slot(t, snum));
	}
	spin_unlock_bh(&t->lock);
	return err;
}

/**
 * xtcp_udp_unhash() - take a socket out of the table; it keeps no port
 * @sk: the socket, hashed or not
 */
void xtcp_udp_unhash(struct sock *sk)
{
	struct xtcp_udp_table *t = &xtcp_pernet(sock_net(sk))->udp;

	spin_lock_bh(&t->lock);
	if (sk_del_node_init_rcu(sk))
		WRITE_ONCE(sk->sk_num, 0);
	spin_unlock_bh(&t->lock);
}

/**
 * __xtcp_udp_lookup() - the socket an arriving datagram belongs to
 * @net: namespace
 * @pkt: the datagram's addresses, seen from the receiver
 *
 * Context: rcu_read_lock(); the socket is valid until it is dropped.
 * Return: the best scoring socket (the first found among equals), or NULL.
 */
struct sock *__xtcp_udp_lookup(struct net *net,
			       const struct xtcp_udp_ends *pkt)
{
	struct xtcp_udp_table *t = &xtcp_pernet(net)->udp;
	struct xtcp_udp_ends e;
	struct sock *sk, *best = NULL;
	int score, best_score = -1;

	sk_for_each_rcu(sk, xtcp_udp_slot(t, ntohs(pkt->lport))) {
		xtcp_udp_sk_ends(sk, &e);
		score = xtcp_udp_score(&e, pkt);
		if (score > best_score) {
			best = sk;
			best_score = score;
		}
	}
	return best;
}

void xtcp_udp_table_init(struct xtcp_udp_table *t)
{
	unsigned int i;

	spin_lock_init(&t->lock);
	for (i = 0; i < XTCP_UDP_HASH_SIZE; i++)
		INIT_HLIST_HEAD(&t->slots[i]);
}
