// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP connection tables of a namespace, as inet_hashinfo:
 *
 *  - the established table, by 4-tuple: connected sockets, request
 *    minisocks and TIME-WAIT minisocks, all of them a struct sock_common
 *    whose skc_node is the link. Readers walk a bucket under RCU and take
 *    a reference with refcount_inc_not_zero(); writers hold the bucket's
 *    lock. Full sockets are SOCK_RCU_FREE and minisocks kfree_rcu(), so
 *    memory a reader sees stays valid for its RCU section.
 *  - the listener table, by local port, RCU readers as well.
 *  - the bind table, by local port: every socket that holds a port,
 *    listeners and children included; only writers walk it.
 *
 * The table holds a reference on everything it links. A socket is in the
 * established or the listener table, never both, so both use sk_node.
 */
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/sock.h>
#include <net/ip.h>

#include "core/core.h"
#include "tcp.h"
#include "core/trace.h"

static struct xtcp_tcp_table *xtcp_tcp_table(const struct net *net)
{
	return &xtcp_pernet(net)->tcp.table;
}

static u32 xtcp_tcp_ehashfn(const struct xtcp_tcp_table *t, __be32 laddr,
			    u16 lport, __be32 faddr, __be16 fport)
{
	return jhash_3words((__force u32)laddr, (__force u32)faddr,
			    ((u32)lport << 16) | (__force u32)fport,
			    t->hash_rnd) & ((1U << XTCP_TCP_EHASH_BITS) - 1);
}

static spinlock_t *xtcp_tcp_ehash_lock(struct xtcp_tcp_table *t, u32 hash)
{
	return &t->ehash_locks[hash & (XTCP_TCP_EHASH_LOCKS - 1)];
}

static u32 xtcp_tcp_skc_hash(struct xtcp_tcp_table *t,
			     const struct sock_common *skc)
{
	return xtcp_tcp_ehashfn(t, skc->skc_rcv_saddr, skc->skc_num,
				skc->skc_daddr, skc->skc_dport);
}

int xtcp_tcp_table_init(struct xtcp_tcp_table *t)
{
	unsigned int i;

	t->ehash = kvcalloc(1U << XTCP_TCP_EHASH_BITS, sizeof(*t->ehash),
			    GFP_KERNEL);
	t->ehash_locks = kcalloc(XTCP_TCP_EHASH_LOCKS,
				 sizeof(*t->ehash_locks), GFP_KERNEL);
	t->bhash = kcalloc(1U << XTCP_TCP_BHASH_BITS, sizeof(*t->bhash),
			   GFP_KERNEL);
	t->lhash = kcalloc(1U << XTCP_TCP_LHASH_BITS, sizeof(*t->lhash),
			   GFP_KERNEL);
	if (!t->ehash || !t->ehash_locks || !t->bhash || !t->lhash) {
		xtcp_tcp_table_destroy(t);
		return -ENOMEM;
	}
	for (i = 0; i < XTCP_TCP_EHASH_LOCKS; i++)
		spin_lock_init(&t->ehash_locks[i]);
	spin_lock_init(&t->bind_lock);
	t->hash_rnd = get_random_u32();
	return 0;
}

void xtcp_tcp_table_destroy(struct xtcp_tcp_table *t)
{
	unsigned int i;

	if (t->ehash)
		for (i = 0; i < 1U << XTCP_TCP_EHASH_BITS; i++)
			WARN_ON_ONCE(!hlist_empty(&t->ehash[i]));
	kvfree(t->ehash);
	kfree(t->ehash_locks);
	kfree(t->bhash);
	kfree(t->lhash);
	t->ehash = NULL;
	t->ehash_locks = NULL;
	t->bhash = NULL;
	t->lhash = NULL;
}

static bool xtcp_tcp_skc_match(const struct sock_common *skc,
			       const struct net *net, __be32 saddr,
			       __be16 sport, __be32 daddr, u16 dport)
{
	return READ_ONCE(skc->skc_num) == dport &&
	       READ_ONCE(skc->skc_dport) == sport &&
	       READ_ONCE(skc->skc_daddr) == saddr &&
	       READ_ONCE(skc->skc_rcv_saddr) == daddr &&
	       net_eq(read_pnet(&skc->skc_net), net);
}

/**
 * xtcp_tcp_lookup_established() - the connection a segment belongs to
 * @net: namespace
 * @saddr: the segment's source (the peer)
 * @sport: its source port
 * @daddr: its destination (us)
 * @dport: its destination port
 *
 * Context: rcu_read_lock().
 * Return: a full socket, request or TIME-WAIT minisock (tell them apart by
 * sk_state), with a reference taken; or NULL.
 */
struct sock *xtcp_tcp_lookup_established(struct net *net, __be32 saddr,
					 __be16 sport, __be32 daddr,
					 __be16 dport)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(net);
	u16 lport = ntohs(dport);
	struct sock_common *skc;
	u32 hash;

	hash = xtcp_tcp_ehashfn(t, daddr, lport, saddr, sport);
	hlist_for_each_entry_rcu(skc, &t->ehash[hash], skc_node) {
		if (!xtcp_tcp_skc_match(skc, net, saddr, sport, daddr, lport))
			continue;
		if (unlikely(!refcount_inc_not_zero(&skc->skc_refcnt)))
			continue;
		/* Freed and reused would need SLAB_TYPESAFE_BY_RCU; check. */
		if (unlikely(!xtcp_tcp_skc_match(skc, net, saddr, sport,
						 daddr, lport))) {
			refcount_dec(&skc->skc_refcnt);
			continue;
		}
		return (struct sock *)skc;
	}
	return NULL;
}

/* Is @sk in @best's SO_REUSEPORT group (@best is)? */
static bool xtcp_tcp_reuseport_peer(const struct sock *sk,
				    const struct sock *best)
{
	return sk->sk_reuseport && READ_ONCE(sk->sk_num) == best->sk_num &&
	       net_eq(sock_net(sk), sock_net(best)) &&
	       READ_ONCE(sk->sk_rcv_saddr) == best->sk_rcv_saddr &&
	       READ_ONCE(sk->sk_bound_dev_if) == best->sk_bound_dev_if &&
	       uid_eq(sk->sk_uid, best->sk_uid);
}

/*
 * @best listens with SO_REUSEPORT: the listener of its group the 4-tuple
 * hashes to (reuseport_select_sock() without BPF). The group is every
 * SO_REUSEPORT listener on the port with the same bound address, device
 * and owner, so a connection always finds the same one while the group
 * stands, and connections spread evenly over it.
 */
static struct sock *xtcp_tcp_reuseport_select(struct hlist_head *head,
					      struct sock *best, u32 hash)
{
	struct sock *sk;
	u32 n = 0, i;

	sk_for_each_rcu(sk, head)
		n += xtcp_tcp_reuseport_peer(sk, best);
	if (n < 2)
		return best;
	i = reciprocal_scale(hash, n);
	sk_for_each_rcu(sk, head) {
		if (xtcp_tcp_reuseport_peer(sk, best) && !i--)
			return sk;
	}
	return best;	/* the group changed under us */
}

/**
 * xtcp_tcp_lookup_listener() - the listener a SYN is for
 * @net: namespace
 * @saddr: the segment's source
 * @sport: its source port
 * @daddr: its destination
 * @dport: its destination port
 * @dif: the device it came in on
 *
 * A listener bound to @daddr wins over one bound to the wildcard, as
 * compute_score() ranks them; among SO_REUSEPORT listeners of one group,
 * the 4-tuple's hash chooses.
 *
 * Context: rcu_read_lock().
 * Return: the listener with a reference taken, or NULL.
 */
struct sock *xtcp_tcp_lookup_listener(struct net *net, __be32 saddr,
				      __be16 sport, __be32 daddr,
				      __be16 dport, int dif)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(net);
	u16 lport = ntohs(dport);
	struct hlist_head *head;
	struct sock *sk, *best = NULL;
	int score, best_score = 0;
	__be32 addr;
	int bound;

	head = &t->lhash[lport & ((1U << XTCP_TCP_LHASH_BITS) - 1)];
	sk_for_each_rcu(sk, head) {
		if (READ_ONCE(sk->sk_num) != lport || !net_eq(sock_net(sk), net))
			continue;
		addr = READ_ONCE(sk->sk_rcv_saddr);
		if (addr && addr != daddr)
			continue;
		bound = READ_ONCE(sk->sk_bound_dev_if);
		if (bound && bound != dif)
			continue;
		score = 1 + (addr ? 2 : 0) + (bound ? 1 : 0);
		if (score > best_score) {
			best = sk;
			best_score = score;
		}
	}
	if (best && best->sk_reuseport)
		best = xtcp_tcp_reuseport_select(head, best,
						 jhash_3words((__force u32)daddr,
							      (__force u32)saddr,
							      ((u32)lport << 16) |
							      (__force u32)sport,
							      t->hash_rnd));
	if (best && !refcount_inc_not_zero(&best->sk_refcnt))
		best = NULL;
	return best;
}

/* Adds @skc to the established table; the table takes a reference. */
static void __xtcp_tcp_ehash_add(struct xtcp_tcp_table *t,
				 struct sock_common *skc, u32 hash)
{
	refcount_inc(&skc->skc_refcnt);
	hlist_add_head_rcu(&skc->skc_node, &t->ehash[hash]);
}

void xtcp_tcp_ehash_add(struct sock_common *skc)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(read_pnet(&skc->skc_net));
	u32 hash = xtcp_tcp_skc_hash(t, skc);
	spinlock_t *lock = xtcp_tcp_ehash_lock(t, hash);

	spin_lock_bh(lock);
	__xtcp_tcp_ehash_add(t, skc, hash);
	spin_unlock_bh(lock);
}

/**
 * xtcp_tcp_ehash_del() - take @skc out of the established table
 * @skc: a socket or minisock, hashed or not
 *
 * Return: true if it was hashed: the caller owns the table's reference.
 */
bool xtcp_tcp_ehash_del(struct sock_common *skc)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(read_pnet(&skc->skc_net));
	u32 hash = xtcp_tcp_skc_hash(t, skc);
	spinlock_t *lock = xtcp_tcp_ehash_lock(t, hash);
	bool hashed;

	spin_lock_bh(lock);
	hashed = !hlist_unhashed(&skc->skc_node);
	if (hashed)
		hlist_del_init_rcu(&skc->skc_node);
	spin_unlock_bh(lock);
	return hashed;
}

/**
 * xtcp_tcp_ehash_replace() - put @new where @old is, in one step
 * @old: a hashed socket or minisock
 * @new: an unhashed one with the same 4-tuple
 *
 * A reader finds one or the other, never neither (a request becoming a
 * child, a socket becoming TIME-WAIT).
 *
 * Return: false if @old was no longer hashed (someone else won); then
 * @new is not hashed either. On success the caller owns @old's table
 * reference.
 */
bool xtcp_tcp_ehash_replace(struct sock_common *old, struct sock_common *new)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(read_pnet(&old->skc_net));
	u32 hash = xtcp_tcp_skc_hash(t, old);
	spinlock_t *lock = xtcp_tcp_ehash_lock(t, hash);
	bool hashed;

	spin_lock_bh(lock);
	hashed = !hlist_unhashed(&old->skc_node);
	if (hashed) {
		__xtcp_tcp_ehash_add(t, new, hash);
		hlist_del_init_rcu(&old->skc_node);
	}
	spin_unlock_bh(lock);
	return hashed;
}

/* The established table must not hold this 4-tuple already (connect). */
/* How connect() may take a 4-tuple over from a TIME-WAIT minisock. */
enum xtcp_tcp_tw_take {
	XTCP_TCP_TW_NEVER,	/* not a connect() */
	XTCP_TCP_TW_BOUND,	/* connect() from a port bind() gave */
	XTCP_TCP_TW_SEARCH,	/* connect() drawing its port */
};

/*
 * tcp_twsk_unique(): may @sk take @tw's 4-tuple? Only if @tw's connection
 * used timestamps, so that PAWS keeps its old segments out of the new one.
 * A port bind() gave may always (there is no other port to try); a drawn
 * one under tcp_tw_reuse (2: only to or from 127.0.0.0/8, which xtcp has
 * no device for) once a second has passed since the last timestamp. The
 * new connection starts past anything the old one sent.
 */
static bool xtcp_tcp_twsk_unique(struct sock *sk,
				 const struct xtcp_tcp_mini *tw,
				 enum xtcp_tcp_tw_take take)
{
	int reuse = READ_ONCE(xtcp_pernet(sock_net(sk))->sysctl.tcp_tw_reuse);
	u32 seq;

	if (reuse == 2 && !ipv4_is_loopback(tw->common.skc_daddr) &&
	    !ipv4_is_loopback(tw->common.skc_rcv_saddr))
		reuse = 0;
	if (!tw->tcb.ts_ok)
		return false;
	if (take == XTCP_TCP_TW_SEARCH &&
	    !(reuse && time_after32((u32)ktime_get_seconds(),
				    READ_ONCE(tw->ts_recent_stamp))))
		return false;
	seq = tw->tcb.snd_nxt + 65535 + 2;
	xtcp_tcp_sk(sk)->write_seq = seq ? : 1;
	return true;
}

/*
 * __inet_check_established(): @sk into the established table, unless its
 * 4-tuple is taken. For connect() (@take), a TIME-WAIT minisock holding
 * it may give it up: it leaves the table here, and *@twp holds it (with
 * the table's reference) for xtcp_tcp_tw_recycle().
 */
static int xtcp_tcp_ehash_add_unique(struct sock *sk,
				     enum xtcp_tcp_tw_take take,
				     struct xtcp_tcp_mini **twp)
{
	struct net *net = sock_net(sk);
	struct xtcp_tcp_table *t = xtcp_tcp_table(net);
	u32 hash = xtcp_tcp_skc_hash(t, &sk->__sk_common);
	spinlock_t *lock = xtcp_tcp_ehash_lock(t, hash);
	struct xtcp_tcp_mini *tw = NULL;
	struct sock_common *skc;

	spin_lock_bh(lock);
	hlist_for_each_entry(skc, &t->ehash[hash], skc_node) {
		if (!xtcp_tcp_skc_match(skc, net, sk->sk_daddr, sk->sk_dport,
					sk->sk_rcv_saddr, sk->sk_num))
			continue;
		if (skc->skc_state == TCP_TIME_WAIT &&
		    take != XTCP_TCP_TW_NEVER &&
		    xtcp_tcp_twsk_unique(sk, container_of(skc,
							  struct xtcp_tcp_mini,
							  common), take)) {
			tw = container_of(skc, struct xtcp_tcp_mini, common);
			break;
		}
		spin_unlock_bh(lock);
		return -EADDRNOTAVAIL;
	}
	/* Lookups may still see it for a grace period after it goes. */
	sock_set_flag(sk, SOCK_RCU_FREE);
	__xtcp_tcp_ehash_add(t, &sk->__sk_common, hash);
	xtcp_tcp_sk(sk)->hashed = XTCP_TCP_HASHED_EST;
	if (tw) {
		hlist_del_init_rcu(&tw->common.skc_node);
		XTCP_INC_STATS(net, XTCP_MIB_TCPTWRECYCLED);
	}
	spin_unlock_bh(lock);
	*twp = tw;
	return 0;
}

/* The end of a TIME-WAIT whose 4-tuple a connect() took over. */
static void xtcp_tcp_tw_recycle(struct xtcp_tcp_mini *tw)
{
	if (!tw)
		return;
	trace_xtcp_tcp_state((struct sock *)&tw->common, TCP_TIME_WAIT,
			     TCP_CLOSE);
	xtcp_tcp_tw_unbind(&tw->common);
	xtcp_tcp_mini_kill(tw, false);
	xtcp_tcp_mini_put(tw);	/* the table's */
}

/* proto.hash: a listener into the listener table, else established. */
int xtcp_tcp_hash(struct sock *sk)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(sock_net(sk));

	struct xtcp_tcp_mini *tw;

	if (sk->sk_state != TCP_LISTEN)
		return xtcp_tcp_ehash_add_unique(sk, XTCP_TCP_TW_NEVER, &tw);
	sock_set_flag(sk, SOCK_RCU_FREE);
	spin_lock_bh(&t->bind_lock);
	sk_add_node_rcu(sk, &t->lhash[sk->sk_num &
				      ((1U << XTCP_TCP_LHASH_BITS) - 1)]);
	xtcp_tcp_sk(sk)->hashed = XTCP_TCP_HASHED_LISTEN;
	spin_unlock_bh(&t->bind_lock);
	return 0;
}

/* proto.unhash: unreachable from receive; the port is kept. */
void xtcp_tcp_unhash(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_table *t = xtcp_tcp_table(sock_net(sk));

	switch (tp->hashed) {
	case XTCP_TCP_HASHED_EST:
		if (xtcp_tcp_ehash_del(&sk->__sk_common))
			__sock_put(sk);
		break;
	case XTCP_TCP_HASHED_LISTEN:
		spin_lock_bh(&t->bind_lock);
		sk_del_node_init_rcu(sk);
		spin_unlock_bh(&t->bind_lock);
		break;
	}
	tp->hashed = XTCP_TCP_HASHED_NONE;
}

static struct hlist_head *xtcp_tcp_bslot(struct xtcp_tcp_table *t, u16 port)
{
	return &t->bhash[port & ((1U << XTCP_TCP_BHASH_BITS) - 1)];
}

/*
 * inet_bind_conflict() for one pair: do @sk and @sk2, both on the port,
 * clash? @sk2 is a socket or a TIME-WAIT minisock, which keeps the
 * SO_REUSEADDR and SO_REUSEPORT of the socket it replaced. @listen: @sk is
 * about to listen (inet_csk_listen_start() checks the port again).
 * SO_REUSEADDR on both excuses it as long as @sk2 does not listen: of
 * sockets sharing a port that way, one may listen.
 */
static bool xtcp_tcp_bind_clash(const struct sock *sk,
				const struct sock_common *sk2, bool listen)
{
	if (sk->sk_bound_dev_if && sk2->skc_bound_dev_if &&
	    sk->sk_bound_dev_if != sk2->skc_bound_dev_if)
		return false;
	if (sk->sk_reuse && sk2->skc_reuse && sk2->skc_state != TCP_LISTEN)
		return false;
	if (sk->sk_reuseport && sk2->skc_reuseport &&
	    (sk2->skc_state == TCP_TIME_WAIT ||
	     uid_eq(sock_i_uid(container_of(sk2, struct sock, __sk_common)),
		    sock_i_uid((struct sock *)sk))) &&
	    (!listen || sk2->skc_state == TCP_LISTEN))
		return false;
	return !sk->sk_rcv_saddr || !sk2->skc_rcv_saddr ||
	       sk->sk_rcv_saddr == sk2->skc_rcv_saddr;
}

static bool __xtcp_tcp_port_conflict(struct xtcp_tcp_table *t,
				     const struct sock *sk, u16 port,
				     bool listen)
{
	struct sock_common *sk2;

	hlist_for_each_entry(sk2, xtcp_tcp_bslot(t, port), skc_bind_node) {
		if (sk2 == &sk->__sk_common || sk2->skc_num != port)
			continue;
		if (xtcp_tcp_bind_clash(sk, sk2, listen))
			return true;
	}
	return false;
}

static void xtcp_tcp_slot_lock(void *arg, unsigned int slot,
			       unsigned long *used)
	__acquires(&t->bind_lock)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(arg);
	struct sock_common *skc;

	spin_lock_bh(&t->bind_lock);
	hlist_for_each_entry(skc, &t->bhash[slot], skc_bind_node)
		__set_bit(skc->skc_num >> XTCP_TCP_BHASH_BITS, used);
}

static void xtcp_tcp_slot_unlock(void *arg, unsigned int slot)
	__releases(&t->bind_lock)
{
	spin_unlock_bh(&xtcp_tcp_table(arg)->bind_lock);
}

static bool xtcp_tcp_port_reserved(void *arg, u16 port)
{
	return xtcp_port_reserved(arg, port);
}

/**
 * xtcp_tcp_get_port() - proto.get_port: give @sk a local port
 * @sk: a socket without a port, sk_rcv_saddr set
 * @snum: the port asked for, host order; 0 picks a free one of the
 *	namespace's range that no socket or TIME-WAIT minisock holds (for
 *	bind() and listen(); connect() shares ports, see
 *	xtcp_tcp_connect_port())
 *
 * Context: process.
 * Return: 0, or -EADDRINUSE.
 */
int xtcp_tcp_get_port(struct sock *sk, unsigned short snum)
{
	struct net *net = sock_net(sk);
	struct xtcp_tcp_table *t = xtcp_tcp_table(net);
	struct xtcp_port_search s = {
		.slot_bits	= XTCP_TCP_BHASH_BITS,
		.reserved	= xtcp_tcp_port_reserved,
		.slot_lock	= xtcp_tcp_slot_lock,
		.slot_unlock	= xtcp_tcp_slot_unlock,
		.arg		= net,
	};
	int err = 0;

	if (!snum) {
		xtcp_ports_range(net, &s.low, &s.high);
		snum = xtcp_port_search(&s, get_random_u32());
		if (!snum)
			return -EADDRINUSE;
		__acquire(&t->bind_lock);	/* for sparse: taken in the search */
	} else {
		spin_lock_bh(&t->bind_lock);
		if (__xtcp_tcp_port_conflict(t, sk, snum, false))
			err = -EADDRINUSE;
	}
	if (!err) {
		sk->sk_num = snum;
		xtcp_sk(sk)->inet.sport = htons(snum);
		hlist_add_head(&sk->sk_bind_node, xtcp_tcp_bslot(t, snum));
	}
	spin_unlock_bh(&t->bind_lock);
	return err;
}

/* May @sk, holding its port, listen on it? */
int xtcp_tcp_listen_port_check(struct sock *sk)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(sock_net(sk));
	bool clash;

	spin_lock_bh(&t->bind_lock);
	clash = __xtcp_tcp_port_conflict(t, sk, sk->sk_num, true);
	spin_unlock_bh(&t->bind_lock);
	return clash ? -EADDRINUSE : 0;
}

/* A child shares its listener's port (inet_csk_clone_lock + __inet_inherit_port). */
void xtcp_tcp_inherit_port(struct sock *child, struct sock *parent)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(sock_net(parent));

	spin_lock_bh(&t->bind_lock);
	hlist_add_head(&child->sk_bind_node, xtcp_tcp_bslot(t, parent->sk_num));
	spin_unlock_bh(&t->bind_lock);
}

/* The socket gives up its port (inet_put_port()). */
void xtcp_tcp_put_port(struct sock *sk)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(sock_net(sk));

	spin_lock_bh(&t->bind_lock);
	if (!hlist_unhashed(&sk->sk_bind_node)) {
		hlist_del_init(&sk->sk_bind_node);
		sk->sk_num = 0;
		xtcp_tcp_sk(sk)->connect_port = 0;
	}
	spin_unlock_bh(&t->bind_lock);
}

/**
 * xtcp_tcp_tw_bind() - a TIME-WAIT minisock takes over a socket's port
 * @tw: the minisock, its port and flags copied from @sk
 * @sk: the socket going to TIME-WAIT; it gives its port up when it closes
 *
 * The port stays held for as long as TIME-WAIT lasts, as Linux's
 * inet_twsk_hashdance() puts the minisock in the port's bind bucket.
 */
void xtcp_tcp_tw_bind(struct sock_common *tw, const struct sock *sk)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(sock_net(sk));

	spin_lock_bh(&t->bind_lock);
	if (!hlist_unhashed(&sk->sk_bind_node))
		hlist_add_head(&tw->skc_bind_node, xtcp_tcp_bslot(t, tw->skc_num));
	spin_unlock_bh(&t->bind_lock);
}

/* The minisock gives the port up (inet_twsk_bind_unhash()). */
void xtcp_tcp_tw_unbind(struct sock_common *tw)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(read_pnet(&tw->skc_net));

	spin_lock_bh(&t->bind_lock);
	if (!hlist_unhashed(&tw->skc_bind_node))
		hlist_del_init(&tw->skc_bind_node);
	spin_unlock_bh(&t->bind_lock);
}

/*
 * May connect() share @port? Only if every holder got it from connect()
 * too, sockets and their TIME-WAIT minisocks alike: a port taken by bind()
 * or by a listener is not shared (__inet_hash_connect() uses only a
 * bucket connect() made, tb->fastreuse < 0). Whether the 4-tuple is free
 * is the established table's to say.
 */
static bool xtcp_tcp_port_connect_shared(struct xtcp_tcp_table *t, u16 port)
{
	struct sock_common *skc;
	bool by_connect;

	hlist_for_each_entry(skc, xtcp_tcp_bslot(t, port), skc_bind_node) {
		if (skc->skc_num != port)
			continue;
		if (skc->skc_state == TCP_TIME_WAIT)
			by_connect = container_of(skc, struct xtcp_tcp_mini,
						  common)->connect_port;
		else
			by_connect = xtcp_tcp_sk(container_of(skc, struct sock,
							      __sk_common))->connect_port;
		if (!by_connect)
			return false;
	}
	return true;
}

/* A port of the range for connect(): free, or shared with other
 * connections whose 4-tuples differ (__inet_hash_connect()).
 */
static int xtcp_tcp_connect_search(struct sock *sk)
{
	struct net *net = sock_net(sk);
	struct xtcp_tcp_table *t = xtcp_tcp_table(net);
	struct xtcp_tcp_mini *tw;
	u32 n, i, off;
	u16 low, high, port;

	xtcp_ports_range(net, &low, &high);
	n = (u32)high - low + 1;
	off = get_random_u32() % n;
	for (i = 0; i < n; i++) {
		port = low + (off + i) % n;
		if (xtcp_port_reserved(net, port))
			continue;
		spin_lock_bh(&t->bind_lock);
		if (xtcp_tcp_port_connect_shared(t, port)) {
			sk->sk_num = port;
			if (!xtcp_tcp_ehash_add_unique(sk, XTCP_TCP_TW_SEARCH,
						       &tw)) {
				xtcp_tcp_sk(sk)->connect_port = 1;
				xtcp_sk(sk)->inet.sport = htons(port);
				hlist_add_head(&sk->sk_bind_node,
					       xtcp_tcp_bslot(t, port));
				spin_unlock_bh(&t->bind_lock);
				xtcp_tcp_tw_recycle(tw);
				return 0;
			}
			sk->sk_num = 0;
		}
		spin_unlock_bh(&t->bind_lock);
	}
	return -EADDRNOTAVAIL;
}

/**
 * xtcp_tcp_connect_port() - port and established-table entry for connect()
 * @sk: the socket, its addresses set, maybe without a local port
 *
 * Without a port, one is drawn from the range: a free one, or one that
 * other connect()ed sockets hold for other 4-tuples, as Linux shares it.
 * A 4-tuple in TIME-WAIT is taken over where tcp_twsk_unique() would:
 * the socket's write_seq then holds the ISS to use.
 *
 * Context: process, lock_sock().
 * Return: 0, -EADDRNOTAVAIL (the 4-tuple is taken, or no port is left,
 * as Linux answers connect()).
 */
int xtcp_tcp_connect_port(struct sock *sk)
{
	struct xtcp_tcp_mini *tw;
	int err;

	if (!sk->sk_num)
		return xtcp_tcp_connect_search(sk);
	err = xtcp_tcp_ehash_add_unique(sk, XTCP_TCP_TW_BOUND, &tw);
	if (err && !(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
		xtcp_tcp_put_port(sk);
	xtcp_tcp_tw_recycle(tw);
	return err;
}

/**
 * xtcp_tcp_purge_minis_of() - kill the minisocks of a namespace, or of one
 *	listener
 * @net: the namespace
 * @listener: only request minisocks of this listener; NULL for all
 *
 * Context: process.
 */
void xtcp_tcp_purge_minis_of(struct net *net, struct sock *listener)
{
	struct xtcp_tcp_table *t = xtcp_tcp_table(net);
	struct sock_common *skc;
	struct xtcp_tcp_mini *m;
	unsigned int i;

	for (i = 0; i < 1U << XTCP_TCP_EHASH_BITS; i++) {
		if (hlist_empty(&t->ehash[i]))
			continue;
restart:
		rcu_read_lock();
		hlist_for_each_entry_rcu(skc, &t->ehash[i], skc_node) {
			if (skc->skc_state != XTCP_TCP_NEW_SYN_RECV &&
			    skc->skc_state != TCP_TIME_WAIT)
				continue;
			m = container_of(skc, struct xtcp_tcp_mini, common);
			if (listener && m->listener != listener)
				continue;
			if (!refcount_inc_not_zero(&skc->skc_refcnt))
				continue;
			rcu_read_unlock();
			xtcp_tcp_mini_kill(m, true);
			xtcp_tcp_mini_put(m);
			goto restart;
		}
		rcu_read_unlock();
	}
}

void xtcp_tcp_purge_minis(struct net *net)
{
	xtcp_tcp_purge_minis_of(net, NULL);
}
