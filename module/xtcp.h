/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp private header: core structures and prototypes grouped by the .c
 * file that defines them. Wire formats live in their own headers.
 */
#ifndef _XTCP_H
#define _XTCP_H

#include <linux/types.h>
#include <linux/percpu.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/snmp.h>
#include <net/sock.h>
#include <uapi/linux/xtcp.h>

/*
 * MIB counters. Each is written once, in mib_list.h, and expands into this
 * enum and the names printed in /proc/net/xtcp_snmp, nstat style.
 */
#define EM(a, b)	a,
enum xtcp_mib_field {
#include "mib_list.h"
	__XTCP_MIB_MAX
};

#undef EM

struct xtcp_mib {
	unsigned long	mibs[__XTCP_MIB_MAX];
};

/**
 * struct xtcp_frag_key - what makes fragments belong to one datagram
 * @saddr: source address
 * @daddr: destination address
 * @id: IP identification, as on the wire
 * @protocol: IP protocol number
 *
 * RFC 791: (source, destination, protocol, identification).
 */
struct xtcp_frag_key {
	__be32	saddr;
	__be32	daddr;
	__be16	id;
	u8	protocol;
};

#define XTCP_FRAG_HASH_BITS	6

/**
 * struct xtcp_frag_ctx - IPv4 reassembly state of one namespace
 * @lock: protects everything below; taken with spin_lock_bh()
 * @hash: queues by key
 * @lru: queues, oldest first; expiry walks it from the head
 * @nr_queues: datagrams being reassembled
 * @mem: skb->truesize of every queued fragment, in bytes
 * @mem_cap: @mem never exceeds this; write under @lock
 * @timeout: a queue older than this many jiffies is dropped; under @lock
 * @hash_rnd: hash seed
 * @net: namespace to count in; NULL for a context driven by hand (KUnit),
 *	which then never arms @timer and takes "now" from any clock
 * @timer: one per context, due when the oldest queue times out
 */
struct xtcp_frag_ctx {
	spinlock_t		lock;	/* protects all below */
	struct hlist_head	hash[1 << XTCP_FRAG_HASH_BITS];
	struct list_head	lru;
	unsigned int		nr_queues;
	unsigned long		mem;
	unsigned long		mem_cap;
	unsigned long		timeout;
	u32			hash_rnd;
	struct net		*net;
	struct timer_list	timer;
};

/**
 * enum xtcp_frag_result - what xtcp_frag_input() did with a fragment
 * @XTCP_FRAG_QUEUED: kept; the datagram is not complete yet
 * @XTCP_FRAG_DONE: the datagram is complete and returned
 * @XTCP_FRAG_DUPLICATE: exact duplicate of a queued fragment, dropped;
 *	the queue is kept
 * @XTCP_FRAG_OVERLAP: overlaps a queued fragment; the fragment and its
 *	whole queue are dropped (RFC 5722)
 * @XTCP_FRAG_OVER_CAP: would take the context over its memory cap;
 *	fragment and queue dropped
 * @XTCP_FRAG_TOO_BIG: ends beyond the largest IPv4 payload; dropped with
 *	its queue
 * @XTCP_FRAG_BAD_LEN: empty, misaligned, not a multiple of 8 bytes while
 *	more follow, or disagreeing with the datagram's known end; dropped
 *	with its queue
 * @XTCP_FRAG_NOMEM: no memory for a queue or the reassembled skb;
 *	fragment and queue dropped
 */
enum xtcp_frag_result {
	XTCP_FRAG_QUEUED,
	XTCP_FRAG_DONE,
	XTCP_FRAG_DUPLICATE,
	XTCP_FRAG_OVERLAP,
	XTCP_FRAG_OVER_CAP,
	XTCP_FRAG_TOO_BIG,
	XTCP_FRAG_BAD_LEN,
	XTCP_FRAG_NOMEM,
};

/**
 * struct xtcp_net - per network namespace state
 * @mib: per-cpu MIB counters
 * @nr_socks: sockets of this family currently open in the namespace
 * @frag: IPv4 reassembly
 */
struct xtcp_net {
	DEFINE_SNMP_STAT(struct xtcp_mib, mib);
	atomic_t		nr_socks;
	struct xtcp_frag_ctx	frag;
};

/**
 * struct xtcp_sock - an xtcp socket; common part of every socket type
 * @sk: the generic socket, first so sk and xtcp_sock convert freely
 */
struct xtcp_sock {
	struct sock		sk;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return container_of(sk, struct xtcp_sock, sk);
}

/* af_xtcp.c */
extern int xtcp_family;
#if IS_ENABLED(CONFIG_KUNIT)
int xtcp_create_check(int type, int protocol, int *protop);
#endif

/* netns.c */
extern unsigned int xtcp_net_id;

static inline struct xtcp_net *xtcp_pernet(const struct net *net)
{
	return net_generic(net, xtcp_net_id);
}

#define XTCP_INC_STATS(net, field) \
	SNMP_INC_STATS(xtcp_pernet(net)->mib, field)
#define XTCP_ADD_STATS(net, field, val) \
	SNMP_ADD_STATS(xtcp_pernet(net)->mib, field, val)

int xtcp_net_register(void);
void xtcp_net_unregister(void);

/* proc.c */
int xtcp_proc_net_init(struct net *net);
void xtcp_proc_net_exit(struct net *net);
u64 xtcp_mib_read(const struct net *net, enum xtcp_mib_field field);

/* sock.c: calls common to every socket type */
int xtcp_sock_release(struct socket *sock);
void xtcp_sock_destruct(struct sock *sk);

/*
 * tcp.c, udp.c. proto_ops.family is informational: the kernel only ever
 * compares it with PF_UNIX, so the const tables carry the default number
 * while sk->sk_family carries the one registered (module parameter).
 */
/* tcp.c */
extern struct proto xtcp_tcp_proto;
extern const struct proto_ops xtcp_tcp_ops;

/* udp.c */
extern struct proto xtcp_udp_proto;
extern const struct proto_ops xtcp_udp_ops;

/* csum.c: the Internet checksum (RFC 1071) over buffers and skbs */
__wsum xtcp_csum_partial(const void *buf, size_t len, __wsum sum);
__sum16 xtcp_csum_fold(__wsum sum);
__wsum xtcp_csum_block_add(__wsum sum, __wsum sum2, size_t offset);
__wsum xtcp_csum_pseudo(__be32 saddr, __be32 daddr, u8 proto, u16 len,
			__wsum sum);
__wsum xtcp_csum_skb(const struct sk_buff *skb, int offset, int len,
		     __wsum sum);

static inline __sum16 xtcp_csum_buf(const void *buf, size_t len)
{
	return xtcp_csum_fold(xtcp_csum_partial(buf, len, 0));
}

/* frag.c: IPv4 reassembly (RFC 791, RFC 815, RFC 5722) */
#define XTCP_FRAG_MEM_CAP	(4UL << 20)
#define XTCP_FRAG_TIMEOUT	(30 * HZ)

void xtcp_frag_ctx_init(struct xtcp_frag_ctx *ctx, struct net *net);
void xtcp_frag_ctx_destroy(struct xtcp_frag_ctx *ctx);
struct sk_buff *xtcp_frag_input(struct xtcp_frag_ctx *ctx,
				struct sk_buff *skb,
				const struct xtcp_frag_key *key,
				unsigned int offset, unsigned int len, bool more,
				unsigned long now, enum xtcp_frag_result *res);
int xtcp_frag_expire(struct xtcp_frag_ctx *ctx, unsigned long now);
struct sk_buff *xtcp_frag_rcv(struct net *net, struct sk_buff *skb,
			      const struct xtcp_frag_key *key,
			      unsigned int offset, unsigned int len, bool more);

#endif /* _XTCP_H */
