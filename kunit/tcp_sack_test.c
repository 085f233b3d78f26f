// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/tcp/sack.c, the SACK blocks a receiver reports (RFC 2018)
 * and D-SACK (RFC 2883): merge, order, the four-block limit, RCV.NXT
 * passing and entering blocks, sequence wrap, and the D-SACK block first
 * and only once.
 */
#include <kunit/test.h>

#include "tcp/tcp.h"

static void expect_blocks(struct kunit *test, struct xtcp_tcp_sack_state *s,
			  const u32 *want, unsigned int n)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, (unsigned int)s->nr, n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, s->blocks[i].start, want[2 * i],
				    "block %u start", i);
		KUNIT_EXPECT_EQ_MSG(test, s->blocks[i].end, want[2 * i + 1],
				    "block %u end", i);
	}
}

/* RFC 2018 4: the block of the most recent segment first. */
static void xtcp_sack__order(struct kunit *test)
{
	struct xtcp_tcp_sack_state s = { };

	xtcp_tcp_sack_add(&s, 2000, 3000);
	expect_blocks(test, &s, (const u32[]){ 2000, 3000 }, 1);
	xtcp_tcp_sack_add(&s, 5000, 6000);
	expect_blocks(test, &s, (const u32[]){ 5000, 6000, 2000, 3000 }, 2);
	/* Extending an older block moves it to the front. */
	xtcp_tcp_sack_add(&s, 3000, 4000);
	expect_blocks(test, &s, (const u32[]){ 2000, 4000, 5000, 6000 }, 2);
	/* A duplicate of held data changes nothing but the order. */
	xtcp_tcp_sack_add(&s, 5200, 5400);
	expect_blocks(test, &s, (const u32[]){ 5000, 6000, 2000, 4000 }, 2);
}

/* A segment that fills the gap between two blocks joins them. */
static void xtcp_sack__merge(struct kunit *test)
{
	struct xtcp_tcp_sack_state s = { };

	xtcp_tcp_sack_add(&s, 1000, 2000);
	xtcp_tcp_sack_add(&s, 3000, 4000);
	xtcp_tcp_sack_add(&s, 5000, 6000);
	xtcp_tcp_sack_add(&s, 1500, 5500);
	expect_blocks(test, &s, (const u32[]){ 1000, 6000 }, 1);
	/* Empty and backwards ranges are ignored. */
	xtcp_tcp_sack_add(&s, 7000, 7000);
	xtcp_tcp_sack_add(&s, 8000, 7500);
	expect_blocks(test, &s, (const u32[]){ 1000, 6000 }, 1);
}

/* Four blocks at most: the least recent one goes. */
static void xtcp_sack__limit(struct kunit *test)
{
	struct xtcp_tcp_sack_state s = { };
	static const u32 want[] = { 9000, 10000, 7000, 8000,
				    5000, 6000, 3000, 4000 };
	u32 i;

	for (i = 0; i < 5; i++)
		xtcp_tcp_sack_add(&s, 1000 + i * 2000, 2000 + i * 2000);
	expect_blocks(test, &s, want, 4);
}

/* RCV.NXT passes whole blocks and enters one. */
static void xtcp_sack__advance(struct kunit *test)
{
	struct xtcp_tcp_sack_state s = { };

	xtcp_tcp_sack_add(&s, 2000, 3000);
	xtcp_tcp_sack_add(&s, 5000, 6000);
	xtcp_tcp_sack_advance(&s, 1000);
	expect_blocks(test, &s, (const u32[]){ 5000, 6000, 2000, 3000 }, 2);
	xtcp_tcp_sack_advance(&s, 3000);
	expect_blocks(test, &s, (const u32[]){ 5000, 6000 }, 1);
	xtcp_tcp_sack_advance(&s, 5500);
	expect_blocks(test, &s, (const u32[]){ 5500, 6000 }, 1);
	xtcp_tcp_sack_advance(&s, 6000);
	KUNIT_EXPECT_EQ(test, 0, (int)s.nr);
}

/* Sequence numbers wrap: blocks across 2^32 merge and advance. */
static void xtcp_sack__wrap(struct kunit *test)
{
	static const u32 wrapped[] = { 0x400, 0x800, 0xfffffe00, 0x200 };
	struct xtcp_tcp_sack_state s = { };

	xtcp_tcp_sack_add(&s, 0xfffffc00, 0xffffff00);
	xtcp_tcp_sack_add(&s, 0xffffff00, 0x200);
	expect_blocks(test, &s, (const u32[]){ 0xfffffc00, 0x200 }, 1);
	xtcp_tcp_sack_add(&s, 0x400, 0x800);
	xtcp_tcp_sack_advance(&s, 0xfffffe00);
	expect_blocks(test, &s, wrapped, 2);
	xtcp_tcp_sack_advance(&s, 0x300);
	expect_blocks(test, &s, (const u32[]){ 0x400, 0x800 }, 1);
}

/* RFC 2883 4: the D-SACK block first, once; the others after it. */
static void xtcp_sack__dsack(struct kunit *test)
{
	struct xtcp_tcp_sack_block out[XTCP_TCP_MAX_SACKS];
	struct xtcp_tcp_sack_state s = { };
	u32 i;

	xtcp_tcp_sack_dup(&s, 1000, 1500);
	KUNIT_ASSERT_EQ(test, 1U, xtcp_tcp_sack_fill(&s, 1, out));
	KUNIT_EXPECT_EQ(test, 1000U, out[0].start);
	KUNIT_EXPECT_EQ(test, 1500U, out[0].end);
	/* Reported: gone. */
	KUNIT_EXPECT_EQ(test, 0U, xtcp_tcp_sack_fill(&s, 1, out));

	for (i = 0; i < 4; i++)
		xtcp_tcp_sack_add(&s, 3000 + i * 2000, 4000 + i * 2000);
	xtcp_tcp_sack_dup(&s, 2000, 2500);
	KUNIT_ASSERT_EQ(test, 4U, xtcp_tcp_sack_fill(&s, 1, out));
	KUNIT_EXPECT_EQ(test, 2000U, out[0].start);
	KUNIT_EXPECT_EQ(test, 9000U, out[1].start);
	KUNIT_EXPECT_EQ(test, 7000U, out[2].start);
	KUNIT_EXPECT_EQ(test, 5000U, out[3].start);
	/* The next segment: the blocks alone. */
	KUNIT_ASSERT_EQ(test, 4U, xtcp_tcp_sack_fill(&s, 1, out));
	KUNIT_EXPECT_EQ(test, 9000U, out[0].start);
	/* Memory pressure dropped the out-of-order data: no block stays. */
	xtcp_tcp_sack_reset(&s);
	KUNIT_EXPECT_EQ(test, 0U, xtcp_tcp_sack_fill(&s, 1, out));
}

/*
 * An ACK that goes before the receive path moves the blocks on (the
 * out-of-order queue drains, an ACK every second segment) carries none at
 * or below itself: Linux read such a block as a D-SACK, 696 of them in
 * one 4 MB transfer through jittered delay that it resent 15 segments of.
 */
static void xtcp_sack__fill_above_ack(struct kunit *test)
{
	struct xtcp_tcp_sack_block out[XTCP_TCP_MAX_SACKS];
	struct xtcp_tcp_sack_state s = { };

	xtcp_tcp_sack_add(&s, 3000, 4000);
	xtcp_tcp_sack_add(&s, 5000, 6000);
	xtcp_tcp_sack_add(&s, 8000, 9000);
	/* RCV.NXT passed the first two and entered the third. */
	KUNIT_ASSERT_EQ(test, 1U, xtcp_tcp_sack_fill(&s, 8500, out));
	KUNIT_EXPECT_EQ(test, 8500U, out[0].start);
	KUNIT_EXPECT_EQ(test, 9000U, out[0].end);
	/* A D-SACK lies below the ACK by nature: it stays. */
	xtcp_tcp_sack_dup(&s, 3000, 4000);
	KUNIT_ASSERT_EQ(test, 2U, xtcp_tcp_sack_fill(&s, 8500, out));
	KUNIT_EXPECT_EQ(test, 3000U, out[0].start);
	KUNIT_EXPECT_EQ(test, 8500U, out[1].start);
	KUNIT_EXPECT_EQ(test, 0U, xtcp_tcp_sack_fill(&s, 9000, out));
}

/*
 * A duplicate ACK is a sign of loss only if its blocks name data above it:
 * D-SACK-only ACKs came 1612 times in one 3 MB Tahoe transfer through a
 * netem queue that dropped 10 segments, each go-back resend drawing more.
 */
static void xtcp_sack__dupack_shows_ooo(struct kunit *test)
{
	struct xtcp_tcp_repr seg = { .ack = 10000, .flags = XTCP_TCPF_ACK };

	/* Without SACK every duplicate counts; with it, a bare one does not. */
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_sack_shows_ooo(&seg, false));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_sack_shows_ooo(&seg, true));
	/* A D-SACK of data below the ACK, alone: no. */
	seg.opts.saw = XTCP_TCPOPT_F_SACK;
	seg.opts.nr_sacks = 1;
	seg.opts.sacks[0].start = 8552;
	seg.opts.sacks[0].end = 10000;
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_sack_shows_ooo(&seg, true));
	/* With a block of data above it: yes. */
	seg.opts.nr_sacks = 2;
	seg.opts.sacks[1].start = 11448;
	seg.opts.sacks[1].end = 12896;
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_sack_shows_ooo(&seg, true));
	/* A plain block above it: yes, across the wrap too. */
	seg.ack = 0xfffffff0;
	seg.opts.nr_sacks = 1;
	seg.opts.sacks[0].start = 0x100;
	seg.opts.sacks[0].end = 0x200;
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_sack_shows_ooo(&seg, true));
}

static struct kunit_case xtcp_tcp_sack_cases[] = {
	KUNIT_CASE(xtcp_sack__order),
	KUNIT_CASE(xtcp_sack__merge),
	KUNIT_CASE(xtcp_sack__limit),
	KUNIT_CASE(xtcp_sack__advance),
	KUNIT_CASE(xtcp_sack__wrap),
	KUNIT_CASE(xtcp_sack__dsack),
	KUNIT_CASE(xtcp_sack__fill_above_ack),
	KUNIT_CASE(xtcp_sack__dupack_shows_ooo),
	{}
};

static struct kunit_suite xtcp_tcp_sack_suite = {
	.name = "xtcp_tcp_sack",
	.test_cases = xtcp_tcp_sack_cases,
};

kunit_test_suite(xtcp_tcp_sack_suite);
