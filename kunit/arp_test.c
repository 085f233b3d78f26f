// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the neighbour cache of module/arp.c, driven with injected time and
 * fake ops that record what the cache asks the world to do.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

#include "xtcp.h"

struct fake_world {
	struct xtcp_neigh_table tbl;
	int solicits;
	int unicast_solicits;
	__be32 last_target;
	int outputs;
	u8 last_lladdr[ETH_ALEN];
	int drops[__XTCP_DROP_MAX];
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
	to_world(tbl)->drops[reason]++;
}

static const struct xtcp_neigh_ops fake_ops = {
	.solicit	= fake_solicit,
	.output		= fake_output,
	.drop		= fake_drop,
};

static const u8 peer_mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
#define PEER	htonl(0x0a000001)
#define T0	1000000UL

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
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0 + HZ / 10, false);
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

	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, now, true);
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
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, now + 32 * HZ, false);
	KUNIT_EXPECT_EQ(test, entry_state(w, now + 32 * HZ), XTCP_NEIGH_REACHABLE);
	flush_world(w);
}

/* Unused STALE entries are collected after gc_time. */
static void xtcp_neigh_tick__stale_collected(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);
	struct xtcp_neigh_info info;

	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0, true);
	xtcp_neigh_tick(&w->tbl, T0 + 59 * HZ);
	KUNIT_EXPECT_EQ(test, xtcp_neigh_table_get_nth(&w->tbl, 0, &info, T0), 0);
	xtcp_neigh_tick(&w->tbl, T0 + 60 * HZ);
	KUNIT_EXPECT_EQ(test, xtcp_neigh_table_get_nth(&w->tbl, 0, &info, T0),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 0U);
}

/* Unsolicited replies do not create entries; requests to us do. */
static void xtcp_neigh_update__create_only_when_asked(struct kunit *test)
{
	struct fake_world *w = build_world(test);
	struct xtcp_dev *xdev = build_xdev(test);

	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0, false);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 0U);
	xtcp_neigh_update(&w->tbl, xdev, PEER, peer_mac, T0, true);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 1U);
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

	xtcp_neigh_update(&w->tbl, a, PEER, peer_mac, T0, true);
	xtcp_neigh_update(&w->tbl, b, PEER, peer_mac, T0, true);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 2U);
	xtcp_neigh_table_flush(&w->tbl, a);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 1U);
	flush_world(w);
	KUNIT_EXPECT_EQ(test, w->tbl.count, 0U);
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
	{}
};

static struct kunit_suite xtcp_arp_suite = {
	.name = "xtcp_arp",
	.test_cases = xtcp_arp_cases,
};

kunit_test_suite(xtcp_arp_suite);
