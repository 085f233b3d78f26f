// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the neighbour cache of module/link/arp.c, driven with injected time and
 * fake ops that record what the cache asks the world to do.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

#include "core/core.h"

struct fake_world {
	struct xtcp_neigh_table tbl;
	int solicits;
	int unicast_solicits;
	__be32 last_target;
	int outputs;
	u8 last_lladdr[ETH_ALEN];
	int drops[__XTCP_DROP_MAX];
	/* Timer tests: a real timer, armed as arp.c arms its own. */
	struct timer_list timer;
	/* Called once from the next drop: another CPU acting at that moment. */
	void (*on_drop)(struct fake_world *w);
	struct xtcp_dev *xdev;
	struct sk_buff *pkt;
	unsigned long now;
};

static struct fake_world *to_world(struct xtcp_neigh_table *tbl)
{
	return container_of(tbl, struct fake_world, tbl);
}

static void fake_solicit(struct xtcp_neigh_table *tbl, struct xtcp_dev *xdev,
			 __be32 target, const u8 *lladdr)
{
	struct fake_world *w = to_world(tbl);

	w->solicits++;
	if (lladdr)
		w->unicast_solicits++;
	w->last_target = target;
}

static void fake_output(struct xtcp_neigh_table *tbl, struct sk_buff *skb,
			struct xtcp_dev *xdev, const u8 *lladdr)
{
	struct fake_world *w = to_world(tbl);

	w->outputs++;
	ether_addr_copy(w->last_lladdr, lladdr);
	kfree_skb(skb);
}

static void fake_drop(struct xtcp_neigh_table *tbl, struct sk_buff *skb,
		      enum xtcp_drop_reason reason)
{
	struct fake_world *w = to_world(tbl);
	void (*hook)(struct fake_world *w) = w->on_drop;

	w->drops[reason]++;
	if (hook) {
		w->on_drop = NULL;
		hook(w);
	}
}

static void fake_schedule(struct xtcp_neigh_table *tbl, unsigned long when)
{
	xtcp_neigh_timer_arm(&to_world(tbl)->timer, when);
}

static const struct xtcp_neigh_ops fake_ops = {
	.solicit	= fake_solicit,
	.output		= fake_output,
	.drop		= fake_drop,
};

static const struct xtcp_neigh_ops fake_timer_ops = {
	.solicit	= fake_solicit,
	.output		= fake_output,
	.drop		= fake_drop,
	.schedule	= fake_schedule,
};

static const u8 peer_mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
#define PEER	htonl(0x0a000001)
#define PEER2	htonl(0x0a000002)
#define PEER3	htonl(0x0a000003)
#define T0	1000000UL
#define CREATE_CONFIRM	(XTCP_NEIGH_F_CREATE | XTCP_NEIGH_F_CONFIRM)
#define ADDR(i)	htonl(0x0a000100 + (i))

static struct fake_world *build_world(struct kunit *test)
{
	struct fake_world *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	xtcp_neigh_table_init(&w->tbl, &fake_ops);
	return w;
}

static struct xtcp_dev *build_xdev(struct kunit *test)
{
	struct xtcp_dev *xdev = kunit_kzalloc(test, sizeof(*xdev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, xdev);
	INIT_LIST_HEAD(&xdev->addrs);
	return xdev;
}

static struct sk_buff *build_pkt(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, 20);
	return skb;
}

/* State of the entry for @addr, 0 if there is none. */
static u8 state_of(struct fake_world *w, __be32 addr, unsigned long now)
{
	struct xtcp_neigh_info info;
	unsigned int i;

	for (i = 0; !xtcp_neigh_table_get_nth(&w->tbl, i, &info, now); i++)
		if (info.addr == addr)
			return info.state;
	return 0;
}

static u8 entry_state(struct fake_world *w, unsigned long now)
{
	struct xtcp_neigh_info info;

	if (xtcp_neigh_table_get_nth(&w->tbl, 0, &info, now))
		return 0;
	return info.state;
}

static void flush_world(struct fake_world *w)
{
	xtcp_neigh_table_flush(&w->tbl, NULL);
}

/* A packet to an unknown neighbour queues and sends one broadcast request. */
static void xtcp_neigh_output__unknown_queues_and_solicits(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	struct xtcp_neigh_info info;

	KUNIT_EXPECT_EQ(test, xtcp_neigh_output(&w->tbl, xdev, PEER,
						build_pkt(test), T0), 0);
	KUNIT_EXPECT_EQ(test, w->solicits, 1);
	KUNIT_EXPECT_EQ(test, w->unicast_solicits, 0);
	KUNIT_EXPECT_EQ(test, (__force u32)w->last_target, (__force u32)PEER);
	KUNIT_EXPECT_EQ(test, w->outputs, 0);
	KUNIT_ASSERT_EQ(test, xtcp_neigh_table_get_nth(&w->tbl, 0, &info, T0), 0);
	KUNIT_EXPECT_EQ(test, info.state, XTCP_NEIGH_INCOMPLETE);
	KUNIT_EXPECT_EQ(test, info.queued, 1U);

	/* A second packet joins the queue without another request. */
	xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), T0 + 1);
	KUNIT_EXPECT_EQ(test, w->solicits, 1);
	flush_world(w);
	KUNIT_EXPECT_EQ(test, w->drops[XTCP_DROP_NEIGH_FLUSHED], 2);
}

/* The reply resolves the entry and releases the queue in order. */
static void xtcp_neigh_update__reply_releases_queue(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	int i;

	for (i = 0; i < 3; i++)
		xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), T0);
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0 + HZ / 10,
			  XTCP_NEIGH_F_CONFIRM);
	KUNIT_EXPECT_EQ(test, w->outputs, 3);
	KUNIT_EXPECT_EQ(test, memcmp(w->last_lladdr, peer_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, entry_state(w, T0 + HZ / 10), XTCP_NEIGH_REACHABLE);

	/* Now packets go straight out. */
	xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), T0 + HZ);
	KUNIT_EXPECT_EQ(test, w->outputs, 4);
	KUNIT_EXPECT_EQ(test, w->solicits, 1);
	flush_world(w);
}

/* Unanswered: retransmit every retrans_time, then FAILED and drop. */
static void xtcp_neigh_tick__incomplete_retries_then_fails(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	unsigned long now = T0, next;

	xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), now);
	xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), now);

	/* Nothing is due before retrans_time. */
	next = xtcp_neigh_tick(&w->tbl, now + HZ - 1);
	KUNIT_EXPECT_EQ(test, next, now + HZ);
	KUNIT_EXPECT_EQ(test, w->solicits, 1);

	xtcp_neigh_tick(&w->tbl, now + HZ);
	KUNIT_EXPECT_EQ(test, w->solicits, 2);
	xtcp_neigh_tick(&w->tbl, now + 2 * HZ);
	KUNIT_EXPECT_EQ(test, w->solicits, 3);
	KUNIT_EXPECT_EQ(test, entry_state(w, now + 2 * HZ), XTCP_NEIGH_INCOMPLETE);

	/* max_probes (3) sent and unanswered: FAILED, queue dropped. */
	xtcp_neigh_tick(&w->tbl, now + 3 * HZ);
	KUNIT_EXPECT_EQ(test, w->solicits, 3);
	KUNIT_EXPECT_EQ(test, entry_state(w, now + 3 * HZ), XTCP_NEIGH_FAILED);
	KUNIT_EXPECT_EQ(test, w->drops[XTCP_DROP_NEIGH_FAILED], 2);
	KUNIT_EXPECT_EQ(test, w->outputs, 0);

	/* A new packet to a FAILED neighbour starts over. */
	xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), now + 4 * HZ);
	KUNIT_EXPECT_EQ(test, w->solicits, 4);
	KUNIT_EXPECT_EQ(test, entry_state(w, now + 4 * HZ), XTCP_NEIGH_INCOMPLETE);
	flush_world(w);
}

/* REACHABLE ages to STALE, is still used, and probes by unicast. */
static void xtcp_neigh_tick__reachable_goes_stale(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	unsigned long now = T0;

	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, now, CREATE_CONFIRM);
	KUNIT_EXPECT_EQ(test, entry_state(w, now + 30 * HZ - 1),
			XTCP_NEIGH_REACHABLE);
	xtcp_neigh_tick(&w->tbl, now + 30 * HZ);
	KUNIT_EXPECT_EQ(test, entry_state(w, now + 30 * HZ), XTCP_NEIGH_STALE);

	xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), now + 31 * HZ);
	KUNIT_EXPECT_EQ(test, w->outputs, 1);
	KUNIT_EXPECT_EQ(test, w->unicast_solicits, 1);
	/* Probing is rate limited to one per retrans_time. */
	xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), now + 31 * HZ + 1);
	KUNIT_EXPECT_EQ(test, w->unicast_solicits, 1);
	KUNIT_EXPECT_EQ(test, w->outputs, 2);

	/* A reply makes it REACHABLE again. */
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, now + 32 * HZ,
			  XTCP_NEIGH_F_CONFIRM);
	KUNIT_EXPECT_EQ(test, entry_state(w, now + 32 * HZ), XTCP_NEIGH_REACHABLE);
	flush_world(w);
}

/* Unused STALE entries are collected after gc_time. */
static void xtcp_neigh_tick__stale_collected(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	struct xtcp_neigh_info info;

	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0, CREATE_CONFIRM);
	xtcp_neigh_tick(&w->tbl, T0 + 59 * HZ);
	KUNIT_EXPECT_EQ(test, xtcp_neigh_table_get_nth(&w->tbl, 0, &info, T0), 0);
	xtcp_neigh_tick(&w->tbl, T0 + 60 * HZ);
	KUNIT_EXPECT_EQ(test, xtcp_neigh_table_get_nth(&w->tbl, 0, &info, T0),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 0U);
}

/*
 * Unsolicited replies do not create entries; requests to us do, STALE:
 * a request proves the sender exists, not that it hears us (Linux's
 * neigh_event_ns()). A request does not demote a REACHABLE entry.
 */
static void xtcp_neigh_update__create_only_when_asked(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);

	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0,
			  XTCP_NEIGH_F_CONFIRM);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 0U);
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0,
			  XTCP_NEIGH_F_CREATE);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 1U);
	KUNIT_EXPECT_EQ(test, entry_state(w, T0), XTCP_NEIGH_STALE);
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0 + 1,
			  XTCP_NEIGH_F_CONFIRM);
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0 + 2,
			  XTCP_NEIGH_F_CREATE);
	KUNIT_EXPECT_EQ(test, entry_state(w, T0 + 2), XTCP_NEIGH_REACHABLE);
	flush_world(w);
}

/* The wait queue is bounded; overflow drops the oldest and is counted. */
static void xtcp_neigh_output__queue_bounded(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	struct xtcp_neigh_info info;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < w->tbl.queue_len + 3; i++)
		ret = xtcp_neigh_output(&w->tbl, xdev, PEER, build_pkt(test), T0);
	KUNIT_EXPECT_EQ(test, ret, -ENOBUFS);
	KUNIT_EXPECT_EQ(test, w->drops[XTCP_DROP_NEIGH_QUEUE_FULL], 3);
	KUNIT_ASSERT_EQ(test, xtcp_neigh_table_get_nth(&w->tbl, 0, &info, T0), 0);
	KUNIT_EXPECT_EQ(test, info.queued, w->tbl.queue_len);
	flush_world(w);
}

/* Entries of one device go with it; others stay. */
static void xtcp_neigh_table_flush__per_device(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *a = build_xdev(test), *b = build_xdev(test);

	xtcp_neigh_update(&w->tbl, a, PEER, peer_mac, T0, XTCP_NEIGH_F_CREATE);
	xtcp_neigh_update(&w->tbl, b, PEER, peer_mac, T0, XTCP_NEIGH_F_CREATE);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 2U);
	xtcp_neigh_table_flush(&w->tbl, a);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 1U);
	flush_world(w);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 0U);
}

/* Each table hashes with its own random seed (it was 0 for all). */
static void xtcp_neigh_table_init__random_seed(struct kunit *test)
{
	struct fake_world *a = build_world(test), *b = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	int i, same = 0;

	for (i = 0; i < 64; i++)
		same += xtcp_neigh_hash(&a->tbl, xdev, ADDR(i)) ==
			xtcp_neigh_hash(&b->tbl, xdev, ADDR(i));
	/* Two seeds put 64 addresses in the same buckets with odds 64^-64. */
	KUNIT_EXPECT_LT(test, same, 64);
}

/* Small thresholds; forced GC only when full unless a test says so. */
static struct fake_world *build_small_world(struct kunit *test)
{
	struct fake_world *w = build_world(test);

	w->tbl.gc_thresh2 = 4;
	w->tbl.gc_thresh3 = 8;
	w->tbl.last_flush = T0;
	return w;
}

/* Full of STALE entries: forced GC makes room, oldest first, to gc_thresh2. */
static void xtcp_neigh_create__forced_gc_evicts_stale(struct kunit *test)
{
	struct fake_world *w = build_small_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	int i;

	/* Requests from eight senders: eight STALE entries, oldest first. */
	for (i = 0; i < 8; i++)
		xtcp_neigh_update(&w->tbl, xdev, ADDR(i), peer_mac, T0 + i,
				  XTCP_NEIGH_F_CREATE);
	KUNIT_ASSERT_EQ(test, w->tbl.count, 8U);
	KUNIT_EXPECT_EQ(test, state_of(w, ADDR(7), T0 + 8), XTCP_NEIGH_STALE);

	KUNIT_EXPECT_EQ(test, xtcp_neigh_output(&w->tbl, xdev, PEER,
						build_pkt(test), T0 + 10), 0);
	KUNIT_EXPECT_EQ(test, w->drops[XTCP_DROP_NEIGH_FULL], 0);
	KUNIT_EXPECT_EQ(test, w->solicits, 1);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 5U);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, state_of(w, ADDR(i), T0 + 10), 0);
	for (i = 4; i < 8; i++)
		KUNIT_EXPECT_EQ(test, state_of(w, ADDR(i), T0 + 10),
				XTCP_NEIGH_STALE);
	KUNIT_EXPECT_EQ(test, state_of(w, PEER, T0 + 10), XTCP_NEIGH_INCOMPLETE);
	flush_world(w);
}

/*
 * REACHABLE and INCOMPLETE entries cannot be evicted: a full table of them
 * refuses new entries, and every refusal counts as NeighTableFull. FAILED
 * entries can be.
 */
static void xtcp_neigh_create__forced_gc_spares_reachable(struct kunit *test)
{
	struct fake_world *w = build_small_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	int i;

	for (i = 0; i < 7; i++) {
		xtcp_neigh_output(&w->tbl, xdev, ADDR(i), build_pkt(test), T0);
		xtcp_neigh_update(&w->tbl, xdev, ADDR(i), peer_mac, T0,
				  XTCP_NEIGH_F_CONFIRM);
	}
	xtcp_neigh_output(&w->tbl, xdev, ADDR(7), build_pkt(test), T0);
	KUNIT_ASSERT_EQ(test, w->tbl.count, 8U);

	KUNIT_EXPECT_EQ(test, xtcp_neigh_output(&w->tbl, xdev, PEER,
						build_pkt(test), T0 + 1),
			-ENOBUFS);
	xtcp_neigh_update(&w->tbl, xdev, PEER2, peer_mac, T0 + 1,
			  XTCP_NEIGH_F_CREATE);
	KUNIT_EXPECT_EQ(test, w->drops[XTCP_DROP_NEIGH_FULL], 2);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 8U);
	KUNIT_EXPECT_EQ(test, state_of(w, ADDR(7), T0 + 1),
			XTCP_NEIGH_INCOMPLETE);

	/* ADDR(7) goes unanswered and FAILS: that one can go. */
	for (i = 1; i <= 3; i++)
		xtcp_neigh_tick(&w->tbl, T0 + i * HZ);
	KUNIT_EXPECT_EQ(test, state_of(w, ADDR(7), T0 + 3 * HZ),
			XTCP_NEIGH_FAILED);
	KUNIT_EXPECT_EQ(test, xtcp_neigh_output(&w->tbl, xdev, PEER,
						build_pkt(test), T0 + 3 * HZ), 0);
	KUNIT_EXPECT_EQ(test, state_of(w, ADDR(7), T0 + 3 * HZ), 0);
	for (i = 0; i < 7; i++)
		KUNIT_EXPECT_EQ(test, state_of(w, ADDR(i), T0 + 3 * HZ),
				XTCP_NEIGH_REACHABLE);
	KUNIT_EXPECT_EQ(test, w->drops[XTCP_DROP_NEIGH_FULL], 2);

	/* Past reachable_time they are STALE in all but name: evictable. */
	KUNIT_EXPECT_EQ(test, xtcp_neigh_output(&w->tbl, xdev, PEER2,
						build_pkt(test), T0 + 31 * HZ),
			0);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 5U);
	flush_world(w);
}

/* Past gc_thresh2, forced GC also runs when the last was 5 s ago. */
static void xtcp_neigh_create__gc_thresh2_every_5s(struct kunit *test)
{
	struct fake_world *w = build_small_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	int i;

	for (i = 0; i < 5; i++)
		xtcp_neigh_update(&w->tbl, xdev, ADDR(i), peer_mac, T0 + i,
				  XTCP_NEIGH_F_CREATE);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 5U);
	xtcp_neigh_update(&w->tbl, xdev, ADDR(5), peer_mac, T0 + 5 * HZ + 1,
			  XTCP_NEIGH_F_CREATE);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 5U);
	KUNIT_EXPECT_EQ(test, state_of(w, ADDR(0), T0 + 5 * HZ + 1), 0);
	xtcp_neigh_update(&w->tbl, xdev, ADDR(6), peer_mac, T0 + 5 * HZ + 2,
			  XTCP_NEIGH_F_CREATE);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 6U);
	flush_world(w);
}

static void fake_timer_fn(struct timer_list *t)
{
}

/*
 * The timer test's clock runs an hour ahead of jiffies: the real timer is
 * armed and read, never fires.
 */
static struct fake_world *build_timer_world(struct kunit *test)
{
	struct fake_world *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	xtcp_neigh_table_init(&w->tbl, &fake_timer_ops);
	timer_setup(&w->timer, fake_timer_fn, 0);
	return w;
}

/* The timer is due at @now: run it as its callback would. */
static void fire(struct kunit *test, struct fake_world *w, unsigned long now)
{
	KUNIT_EXPECT_TRUE(test, timer_pending(&w->timer));
	KUNIT_EXPECT_EQ(test, w->timer.expires, now);
	del_timer(&w->timer);
	xtcp_neigh_timer_run(&w->tbl, &w->timer, now);
}

static void create_peer2(struct fake_world *w)
{
	xtcp_neigh_output(&w->tbl, w->xdev, PEER2, w->pkt, w->now);
}

/*
 * A new entry's first retry is due retrans_time after it, even when the
 * timer is armed for a later GC deadline, and even when the entry appears
 * while the timer runs, after the tick computed its next deadline.
 */
static void xtcp_neigh_timer__first_retry_in_time(struct kunit *test)
{
	struct fake_world *w = build_timer_world(test);
	struct sk_buff *p1 = build_pkt(test), *p2 = build_pkt(test);
	struct sk_buff *p3 = build_pkt(test);
	unsigned long b = jiffies + 3600 * HZ;

	w->xdev = build_xdev(test);
	/* A REACHABLE neighbour: the timer waits for its aging, 30 s out. */
	xtcp_neigh_output(&w->tbl, w->xdev, PEER, p1, b);
	xtcp_neigh_update(&w->tbl, w->xdev, PEER, peer_mac, b,
			  XTCP_NEIGH_F_CONFIRM);
	fire(test, w, b + HZ);
	KUNIT_EXPECT_EQ(test, w->timer.expires, b + 30 * HZ);

	/* A new neighbour while it is armed. */
	xtcp_neigh_output(&w->tbl, w->xdev, PEER3, p2, b + 2 * HZ);
	KUNIT_EXPECT_EQ(test, w->timer.expires, b + 3 * HZ);
	fire(test, w, b + 3 * HZ);
	fire(test, w, b + 4 * HZ);
	KUNIT_EXPECT_EQ(test, w->solicits, 4);

	/*
	 * PEER3 fails at b + 5 s. Its queue is dropped after the tick let go
	 * of the lock, with its next deadline (b + 30 s) computed; right then
	 * another CPU sends to PEER2, a new neighbour.
	 */
	w->pkt = p3;
	w->now = b + 5 * HZ;
	w->on_drop = create_peer2;
	fire(test, w, b + 5 * HZ);
	KUNIT_EXPECT_EQ(test, state_of(w, PEER3, b + 5 * HZ), XTCP_NEIGH_FAILED);
	KUNIT_EXPECT_EQ(test, state_of(w, PEER2, b + 5 * HZ),
			XTCP_NEIGH_INCOMPLETE);
	KUNIT_EXPECT_EQ(test, w->solicits, 5);
	KUNIT_EXPECT_TRUE(test, timer_pending(&w->timer));
	KUNIT_EXPECT_EQ(test, w->timer.expires, b + 6 * HZ);
	if (w->timer.expires == b + 6 * HZ) {
		fire(test, w, b + 6 * HZ);
		KUNIT_EXPECT_EQ(test, w->solicits, 6);
	}

	timer_shutdown_sync(&w->timer);
	flush_world(w);
}

static struct kunit_case xtcp_arp_cases[] = {
	KUNIT_CASE(xtcp_neigh_output__unknown_queues_and_solicits),
	KUNIT_CASE(xtcp_neigh_update__reply_releases_queue),
	KUNIT_CASE(xtcp_neigh_tick__incomplete_retries_then_fails),
	KUNIT_CASE(xtcp_neigh_tick__reachable_goes_stale),
	KUNIT_CASE(xtcp_neigh_tick__stale_collected),
	KUNIT_CASE(xtcp_neigh_update__create_only_when_asked),
	KUNIT_CASE(xtcp_neigh_output__queue_bounded),
	KUNIT_CASE(xtcp_neigh_table_flush__per_device),
	KUNIT_CASE(xtcp_neigh_table_init__random_seed),
	KUNIT_CASE(xtcp_neigh_create__forced_gc_evicts_stale),
	KUNIT_CASE(xtcp_neigh_create__forced_gc_spares_reachable),
	KUNIT_CASE(xtcp_neigh_create__gc_thresh2_every_5s),
	KUNIT_CASE(xtcp_neigh_timer__first_retry_in_time),
	{}
};

static struct kunit_suite xtcp_arp_suite = {
	.name = "xtcp_arp",
	.test_cases = xtcp_arp_cases,
};

kunit_test_suite(xtcp_arp_suite);
