// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 reassembly (RFC 791 section 3.2, RFC 815), strict about overlaps:
 * a fragment that overlaps a queued one, other than as an exact duplicate,
 * drops the whole datagram, as RFC 5722 asks of IPv6 and Linux does for
 * IPv4 too.
 *
 * The engine is driven from outside: xtcp_frag_input() takes one fragment
 * whose IP header the caller has checked and pulled, with its offset, length
 * and MF flag decoded, and the time as "now". It reads no clock, counts no
 * MIB and knows no device, so KUnit feeds it fragments at chosen times.
 * xtcp_frag_rcv() is the thin wrapper the IP input path calls: the
 * namespace's context, jiffies and the MIB counters.
 *
 * Each datagram has a queue keyed by (saddr, daddr, id, protocol) in a small
 * hash table, and an LRU list in order of creation. A queue keeps its
 * fragments in an rbtree by offset (skb->rbnode), so a flood of tiny
 * fragments costs O(log n) each. No two queued fragments overlap, so the
 * datagram is complete once the bytes queued equal the length the last
 * fragment gave.
 *
 * Memory is accounted by skb->truesize against a cap checked before a
 * fragment is queued. Any failure but a duplicate drops the fragment and
 * its queue: the datagram can no longer be delivered, so its memory is
 * better freed now than at the timeout.
 *
 * Expiry: one timer per context, due when the oldest queue times out; its
 * handler calls xtcp_frag_expire() with jiffies and re-arms for the next
 * oldest. A context with no namespace (KUnit) never arms the timer and is
 * expired by calling xtcp_frag_expire() at chosen times.
 */
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/ip.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "ip.h"

/* A reassembled datagram carries a fresh header without options. */
#define XTCP_FRAG_MAX_PAYLOAD	(IP_MAX_MTU - sizeof(struct iphdr))

/* Room in front of the payload for that header, options and a link header. */
#define XTCP_FRAG_HEADROOM	(LL_MAX_HEADER + sizeof(struct iphdr) + \
				 MAX_IPOPTLEN)

/**
 * struct xtcp_frag_cb - per fragment state in skb->cb while queued
 * @offset: payload offset of the fragment in its datagram; it ends at
 *	@offset + skb->len
 */
struct xtcp_frag_cb {
	unsigned int	offset;
};

#define XTCP_FRAG_CB(skb)	((struct xtcp_frag_cb *)(skb)->cb)

/**
 * struct xtcp_frag_queue - the fragments of one datagram
 * @node: in the context's hash table
 * @lru: in the context's LRU list
 * @key: the datagram
 * @rb: queued fragments by offset, through skb->rbnode; none overlap
 * @start: "now" when the first fragment came
 * @meat: payload bytes queued
 * @max_end: highest end of a queued fragment
 * @total: payload length, from the last fragment (MF clear); 0 until then
 * @truesize: sum of the queued skbs' truesize
 */
struct xtcp_frag_queue {
	struct hlist_node	node;
	struct list_head	lru;
	struct xtcp_frag_key	key;
	struct rb_root		rb;
	unsigned long		start;
	unsigned int		meat;
	unsigned int		max_end;
	unsigned int		total;
	unsigned int		truesize;
};

static u32 xtcp_frag_hash(const struct xtcp_frag_ctx *ctx,
			  const struct xtcp_frag_key *key)
{
	u32 hash = jhash_3words((__force u32)key->saddr,
				(__force u32)key->daddr,
				(__force u32)key->id << 8 | key->protocol,
				ctx->hash_rnd);

	return hash_32(hash, XTCP_FRAG_HASH_BITS);
}

static bool xtcp_frag_key_eq(const struct xtcp_frag_key *a,
			     const struct xtcp_frag_key *b)
{
	return a->saddr == b->saddr && a->daddr == b->daddr &&
	       a->id == b->id && a->protocol == b->protocol;
}

static struct xtcp_frag_queue *
__xtcp_frag_find(struct xtcp_frag_ctx *ctx, const struct xtcp_frag_key *key,
		 u32 hash)
{
	struct xtcp_frag_queue *q;

	hlist_for_each_entry(q, &ctx->hash[hash], node)
		if (xtcp_frag_key_eq(&q->key, key))
			return q;
	return NULL;
}

static struct xtcp_frag_queue *
__xtcp_frag_create(struct xtcp_frag_ctx *ctx, const struct xtcp_frag_key *key,
		   u32 hash, unsigned long now)
{
	struct xtcp_frag_queue *q;

	q = kzalloc(sizeof(*q), GFP_ATOMIC);
	if (!q)
		return NULL;
	q->key = *key;
	q->rb = RB_ROOT;
	q->start = now;
	hlist_add_head(&q->node, &ctx->hash[hash]);
	list_add_tail(&q->lru, &ctx->lru);
	ctx->nr_queues++;
	/* Never earlier than the oldest queue's deadline, armed already. */
	if (ctx->net)
		timer_reduce(&ctx->timer, now + ctx->timeout + 1);
	return q;
}

/* Take @q out of the context; the caller frees it after unlocking. */
static void __xtcp_frag_unlink(struct xtcp_frag_ctx *ctx,
			       struct xtcp_frag_queue *q)
{
	hlist_del(&q->node);
	list_del(&q->lru);
	ctx->nr_queues--;
	ctx->mem -= q->truesize;
}

static void xtcp_frag_free(struct xtcp_frag_queue *q)
{
	struct sk_buff *skb, *tmp;

	rbtree_postorder_for_each_entry_safe(skb, tmp, &q->rb, rbnode)
		kfree_skb(skb);
	kfree(q);
}

/* Checks that need no queue. */
static enum xtcp_frag_result xtcp_frag_check(const struct sk_buff *skb,
					     unsigned int offset,
					     unsigned int len, bool more)
{
	if (!len || skb->len < len || offset & 7 || (more && len & 7))
		return XTCP_FRAG_BAD_LEN;
	if (offset > XTCP_FRAG_MAX_PAYLOAD ||
	    len > XTCP_FRAG_MAX_PAYLOAD - offset)
		return XTCP_FRAG_TOO_BIG;
	return XTCP_FRAG_QUEUED;
}

/* Checks against the datagram's end, once a last fragment gave it. */
static enum xtcp_frag_result
xtcp_frag_check_end(const struct xtcp_frag_queue *q, unsigned int end,
		    bool more)
{
	if (more)
		return q->total && end > q->total ? XTCP_FRAG_BAD_LEN :
						    XTCP_FRAG_QUEUED;
	if ((q->total && end != q->total) || end < q->max_end)
		return XTCP_FRAG_BAD_LEN;
	return XTCP_FRAG_QUEUED;
}

/*
 * Find where [offset, end) goes in @q's tree. Any overlap is found on the
 * way down, since the queued ranges are disjoint and ordered.
 */
static enum xtcp_frag_result
xtcp_frag_find_slot(struct xtcp_frag_queue *q, unsigned int offset,
		    unsigned int end, struct rb_node **parentp,
		    struct rb_node ***linkp)
{
	struct rb_node **link = &q->rb.rb_node, *parent = NULL;

	while (*link) {
		struct sk_buff *cur = rb_to_skb(*link);
		unsigned int coff = XTCP_FRAG_CB(cur)->offset;
		unsigned int cend = coff + cur->len;

		parent = *link;
		if (end <= coff) {
			link = &parent->rb_left;
		} else if (offset >= cend) {
			link = &parent->rb_right;
		} else {
			return offset == coff && end == cend ?
			       XTCP_FRAG_DUPLICATE : XTCP_FRAG_OVERLAP;
		}
	}
	*parentp = parent;
	*linkp = link;
	return XTCP_FRAG_QUEUED;
}

/*
 * Chain @q's fragments, in order, as the frag_list of a new head with
 * headroom only. The fragments move to the head; @q is left empty.
 */
static struct sk_buff *xtcp_frag_build(struct xtcp_frag_queue *q)
{
	struct sk_buff *head, *skb, **tail;
	struct rb_node *node;

	head = alloc_skb(XTCP_FRAG_HEADROOM, GFP_ATOMIC);
	if (!head)
		return NULL;
	skb_reserve(head, XTCP_FRAG_HEADROOM);
	tail = &skb_shinfo(head)->frag_list;
	while ((node = rb_first(&q->rb))) {
		skb = rb_to_skb(node);
		rb_erase(node, &q->rb);
		/* skb->rbnode shares its words with next, prev and dev. */
		skb->next = NULL;
		skb->prev = NULL;
		skb->dev = NULL;
		*tail = skb;
		tail = &skb->next;
		head->len += skb->len;
		head->data_len += skb->len;
		head->truesize += skb->truesize;
	}
	/* Fragment checksums are not combined: transport verifies in full. */
	head->ip_summed = CHECKSUM_NONE;
	return head;
}

/**
 * xtcp_frag_input() - queue one IPv4 fragment, reassembling when complete
 * @ctx: reassembly context
 * @skb: the fragment; skb->data at its payload, the IP header pulled.
 *	Bytes beyond @len (link padding) are trimmed. Always consumed.
 * @key: the datagram it belongs to
 * @offset: payload offset in bytes (fragment offset field times 8)
 * @len: payload length in bytes
 * @more: the MF flag
 * @now: the time in jiffies, or any clock for a context without a
 *	namespace; must not go backwards
 * @res: set to what became of the fragment
 *
 * A datagram that is not fragmented (offset 0, MF clear) should not come
 * here; the IP input path delivers it directly. If it does, it completes
 * at once as a datagram of one fragment.
 *
 * The reassembled datagram is one skb whose data is the whole IP payload:
 * a head with no payload of its own and XTCP_FRAG_HEADROOM bytes of
 * headroom, where the caller pushes a fresh IP header, and the fragments,
 * in order and trimmed to their payload, on its frag_list. Its ip_summed
 * is CHECKSUM_NONE; dev and protocol are those of @skb, the fragment that
 * completed it. Use pskb_may_pull() or skb_copy_bits() to read it.
 *
 * Context: any; takes @ctx->lock with bottom halves disabled.
 * Return: the reassembled datagram, with *@res = XTCP_FRAG_DONE, or NULL.
 */
struct sk_buff *xtcp_frag_input(struct xtcp_frag_ctx *ctx,
				struct sk_buff *skb,
				const struct xtcp_frag_key *key,
				unsigned int offset, unsigned int len, bool more,
				unsigned long now, enum xtcp_frag_result *res)
{
	struct xtcp_frag_queue *q, *dead = NULL;
	struct net_device *dev = skb->dev;
	__be16 protocol = skb->protocol;
	struct sk_buff *head = NULL;
	struct rb_node *parent, **link;
	unsigned int end = offset + len;
	enum xtcp_frag_result r;
	u32 hash;

	r = xtcp_frag_check(skb, offset, len, more);
	if (r == XTCP_FRAG_QUEUED && pskb_trim_rcsum(skb, len))
		r = XTCP_FRAG_NOMEM;
	if (r == XTCP_FRAG_QUEUED) {
		/* Queued fragments hold no socket, route or device. */
		skb_orphan(skb);
		skb_dst_drop(skb);
		XTCP_FRAG_CB(skb)->offset = offset;
	}

	hash = xtcp_frag_hash(ctx, key);
	spin_lock_bh(&ctx->lock);
	q = __xtcp_frag_find(ctx, key, hash);
	if (r != XTCP_FRAG_QUEUED)
		goto drop;
	if (!q) {
		if (ctx->mem + skb->truesize > ctx->mem_cap) {
			r = XTCP_FRAG_OVER_CAP;
			goto drop;
		}
		q = __xtcp_frag_create(ctx, key, hash, now);
		if (!q) {
			r = XTCP_FRAG_NOMEM;
			goto drop;
		}
	}

	r = xtcp_frag_check_end(q, end, more);
	if (r == XTCP_FRAG_QUEUED)
		r = xtcp_frag_find_slot(q, offset, end, &parent, &link);
	if (r == XTCP_FRAG_DUPLICATE) {
		/* The queue is intact: drop the copy alone. */
		q = NULL;
		goto drop;
	}
	if (r == XTCP_FRAG_QUEUED && ctx->mem + skb->truesize > ctx->mem_cap)
		r = XTCP_FRAG_OVER_CAP;
	if (r != XTCP_FRAG_QUEUED)
		goto drop;

	rb_link_node(&skb->rbnode, parent, link);
	rb_insert_color(&skb->rbnode, &q->rb);
	q->meat += len;
	q->max_end = max(q->max_end, end);
	if (!more)
		q->total = end;
	q->truesize += skb->truesize;
	ctx->mem += skb->truesize;
	skb = NULL;

	if (q->total && q->meat == q->total) {
		__xtcp_frag_unlink(ctx, q);
		dead = q;
	}
	spin_unlock_bh(&ctx->lock);

	if (dead) {
		head = xtcp_frag_build(dead);
		if (head) {
			head->dev = dev;
			head->protocol = protocol;
			r = XTCP_FRAG_DONE;
		} else {
			r = XTCP_FRAG_NOMEM;
		}
		xtcp_frag_free(dead);
	}
	*res = r;
	return head;

drop:
	if (q)
		__xtcp_frag_unlink(ctx, q);
	spin_unlock_bh(&ctx->lock);
	if (q)
		xtcp_frag_free(q);
	kfree_skb(skb);
	*res = r;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_frag_input);

/**
 * xtcp_frag_expire() - drop the queues that have timed out
 * @ctx: reassembly context
 * @now: the time, on the clock given to xtcp_frag_input()
 *
 * A queue times out when @now is past its first fragment's time plus
 * @ctx->timeout.
 *
 * Context: any; takes @ctx->lock with bottom halves disabled.
 * Return: the number of queues dropped.
 */
int xtcp_frag_expire(struct xtcp_frag_ctx *ctx, unsigned long now)
{
	struct xtcp_frag_queue *q, *tmp;
	LIST_HEAD(dead);
	int n = 0;

	spin_lock_bh(&ctx->lock);
	list_for_each_entry_safe(q, tmp, &ctx->lru, lru) {
		/* Oldest first: the rest are younger still. */
		if (!time_after(now, q->start + ctx->timeout))
			break;
		/*
		 * ICMP hook: RFC 792 asks for a "fragment reassembly time
		 * exceeded" to the source when the first fragment (offset
		 * 0, the leftmost in q->rb) was received. Its header is
		 * still in the skb's headroom (skb_network_header()), so
		 * the ICMP layer can quote it from here, before the free.
		 */
		__xtcp_frag_unlink(ctx, q);
		list_add_tail(&q->lru, &dead);
		n++;
	}
	spin_unlock_bh(&ctx->lock);

	list_for_each_entry_safe(q, tmp, &dead, lru)
		xtcp_frag_free(q);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_frag_expire);

static void xtcp_frag_timer(struct timer_list *t)
{
	struct xtcp_frag_ctx *ctx = from_timer(ctx, t, timer);
	struct xtcp_frag_queue *q;
	int n;

	n = xtcp_frag_expire(ctx, jiffies);
	if (n) {
		XTCP_ADD_STATS(ctx->net, XTCP_MIB_IPREASMTIMEOUT, n);
		XTCP_ADD_STATS(ctx->net, XTCP_MIB_IPREASMFAILS, n);
	}

	spin_lock_bh(&ctx->lock);
	q = list_first_entry_or_null(&ctx->lru, struct xtcp_frag_queue, lru);
	if (q)
		mod_timer(&ctx->timer, q->start + ctx->timeout + 1);
	spin_unlock_bh(&ctx->lock);
}

/**
 * xtcp_frag_ctx_init() - set up a reassembly context
 * @ctx: context, zeroed or not
 * @net: namespace whose MIB counts timeouts, with a timer that expires
 *	queues by jiffies; NULL for a context driven by hand, which the
 *	caller expires with xtcp_frag_expire()
 *
 * The cap is XTCP_FRAG_MEM_CAP and the timeout XTCP_FRAG_TIMEOUT; both
 * may be changed under @ctx->lock.
 */
void xtcp_frag_ctx_init(struct xtcp_frag_ctx *ctx, struct net *net)
{
	int i;

	spin_lock_init(&ctx->lock);
	for (i = 0; i < ARRAY_SIZE(ctx->hash); i++)
		INIT_HLIST_HEAD(&ctx->hash[i]);
	INIT_LIST_HEAD(&ctx->lru);
	ctx->nr_queues = 0;
	ctx->mem = 0;
	ctx->mem_cap = XTCP_FRAG_MEM_CAP;
	ctx->timeout = XTCP_FRAG_TIMEOUT;
	ctx->hash_rnd = get_random_u32();
	ctx->net = net;
	timer_setup(&ctx->timer, xtcp_frag_timer, 0);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_frag_ctx_init);

/**
 * xtcp_frag_ctx_destroy() - stop the timer and free every queue
 * @ctx: context; nothing may feed it any more
 */
void xtcp_frag_ctx_destroy(struct xtcp_frag_ctx *ctx)
{
	struct xtcp_frag_queue *q, *tmp;
	LIST_HEAD(dead);

	timer_shutdown_sync(&ctx->timer);

	spin_lock_bh(&ctx->lock);
	list_for_each_entry_safe(q, tmp, &ctx->lru, lru) {
		__xtcp_frag_unlink(ctx, q);
		list_add_tail(&q->lru, &dead);
	}
	WARN_ON_ONCE(ctx->mem || ctx->nr_queues);
	spin_unlock_bh(&ctx->lock);

	list_for_each_entry_safe(q, tmp, &dead, lru)
		xtcp_frag_free(q);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_frag_ctx_destroy);

/**
 * xtcp_frag_rcv() - reassemble in @net's context at jiffies, and count it
 * @net: namespace
 * @skb: the fragment, as for xtcp_frag_input()
 * @key: its datagram
 * @offset: payload offset in bytes
 * @len: payload length in bytes
 * @more: the MF flag
 *
 * Return: the reassembled datagram or NULL, as xtcp_frag_input().
 */
struct sk_buff *xtcp_frag_rcv(struct net *net, struct sk_buff *skb,
			      const struct xtcp_frag_key *key,
			      unsigned int offset, unsigned int len, bool more)
{
	struct xtcp_frag_ctx *ctx = &xtcp_pernet(net)->frag;
	enum xtcp_frag_result res;

	skb = xtcp_frag_input(ctx, skb, key, offset, len, more, jiffies, &res);

	XTCP_INC_STATS(net, XTCP_MIB_IPREASMREQDS);
	switch (res) {
	case XTCP_FRAG_QUEUED:
		break;
	case XTCP_FRAG_DONE:
		XTCP_INC_STATS(net, XTCP_MIB_IPREASMOKS);
		break;
	case XTCP_FRAG_DUPLICATE:
		XTCP_INC_STATS(net, XTCP_MIB_IPREASMDUPLICATES);
		break;
	case XTCP_FRAG_OVERLAP:
		XTCP_INC_STATS(net, XTCP_MIB_IPREASMOVERLAPS);
		XTCP_INC_STATS(net, XTCP_MIB_IPREASMFAILS);
		break;
	case XTCP_FRAG_OVER_CAP:
		XTCP_INC_STATS(net, XTCP_MIB_IPREASMOVERCAP);
		XTCP_INC_STATS(net, XTCP_MIB_IPREASMFAILS);
		break;
	case XTCP_FRAG_TOO_BIG:
	case XTCP_FRAG_BAD_LEN:
	case XTCP_FRAG_NOMEM:
		XTCP_INC_STATS(net, XTCP_MIB_IPREASMFAILS);
		break;
	}
	return skb;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_frag_rcv);
