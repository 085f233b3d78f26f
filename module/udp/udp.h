/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp UDP: sockets (udp.c), their per-namespace table (table.c), the rx
 * path (input.c) and /proc/net/xtcp_udp (proc.c).
 */
#ifndef _XTCP_UDP_H
#define _XTCP_UDP_H

#include "xtcp.h"
#include "ip/ip.h"

#define XTCP_UDP_HASH_BITS	8
#define XTCP_UDP_HASH_SIZE	BIT(XTCP_UDP_HASH_BITS)

/**
 * struct xtcp_udp_table - bound SOCK_DGRAM sockets of one namespace
 * @lock: serialises writers (bind, autobind, unhash) and /proc readers
 * @slots: sockets hashed by local port, linked through sk->sk_node; the
 *	rx path walks them under rcu_read_lock(). A hashed socket holds a
 *	reference and has SOCK_RCU_FREE set.
 */
struct xtcp_udp_table {
	spinlock_t		lock;	/* writers and /proc; rx uses RCU */
	struct hlist_head	slots[XTCP_UDP_HASH_SIZE];
};

/*
 * udp.c. A UDP socket is a struct xtcp_sock; its addresses are where
 * struct xtcp_inet says.
 */
extern struct proto xtcp_udp_proto;
extern const struct proto_ops xtcp_udp_ops;

/* udp/input.c: rx entry points, called in softirq under rcu_read_lock() */
extern const struct xtcp_protocol xtcp_udp_protocol;
void xtcp_udp_rcv(struct sk_buff *skb);
void xtcp_udp_err(struct net *net, const struct xtcp_icmp_err *e);
#if IS_ENABLED(CONFIG_KUNIT)
bool xtcp_udp_err_is_hard(u8 type, u8 code, u8 pmtudisc);
#endif

/*
 * udp/table.c: the per-namespace table of bound sockets. struct
 * xtcp_udp_ends describes either a socket's binding or an arriving
 * datagram seen from the receiver: l* is our side, r* the peer's.
 */
struct xtcp_udp_ends {
	__be32		laddr;
	__be32		raddr;
	__be16		lport;
	__be16		rport;
	int		ifindex;
};

/**
 * struct xtcp_udp_bindkey - what decides whether two bindings conflict
 * @addr: bound local address, 0 = any
 * @ifindex: SO_BINDTODEVICE, 0 = any
 * @reuse: SO_REUSEADDR
 * @reuseport: SO_REUSEPORT
 * @uid: owner, for SO_REUSEPORT
 */
struct xtcp_udp_bindkey {
	__be32		addr;
	int		ifindex;
	bool		reuse;
	bool		reuseport;
	kuid_t		uid;
};

int xtcp_udp_score(const struct xtcp_udp_ends *sk,
		   const struct xtcp_udp_ends *pkt);
bool xtcp_udp_bind_conflict(const struct xtcp_udp_bindkey *a,
			    const struct xtcp_udp_bindkey *b);
void xtcp_udp_sk_ends(const struct sock *sk, struct xtcp_udp_ends *e);
int xtcp_udp_hash(struct sock *sk, u16 snum);
void xtcp_udp_unhash(struct sock *sk);
struct sock *__xtcp_udp_lookup(struct net *net,
			       const struct xtcp_udp_ends *pkt);
void xtcp_udp_table_init(struct xtcp_udp_table *t);

/* udp/proc.c: /proc/net/xtcp_udp, and the namespace's UDP state */
int xtcp_udp_net_init(struct net *net);
void xtcp_udp_net_exit(struct net *net);

#endif /* _XTCP_UDP_H */
