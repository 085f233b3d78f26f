// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: loss recovery without a socket. module/tcp/scoreboard.c's
 * scoreboard (RFC 6675) over a write queue of bare skbs: SACK blocks
 * merged, a partial cover, sequence-number wrap, D-SACK, blocks out of
 * range, IsLost() by segments and by bytes, a timeout's marks and a
 * reneging peer, and the counts from which pipe follows. Then cong.c's
 * RFC 6675 mode (recovery when a segment is deemed lost, no window
 * inflation, partial ACKs), timer.c's choice of RTT sample (Karn's
 * algorithm, and the timestamp echo that lifts it), and rack.c's RACK-TLP
 * (RFC 8985): RACK.xmit_ts, the reordering window, time-based loss with a
 * lost retransmission, the reorder timer's wait and the probe timeout.
 * Last, undo.c's signs that a cut was needless (D-SACKs for every resend,
 * Eifel's echo) and cong.c's undo of it.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include "tcp/tcp.h"

#define MSS	1000

/**
 * struct sb_sim - a write queue in flight and its scoreboard
 * @q: @n segments of @MSS bytes from @base
 * @sb: the scoreboard
 * @skb: the segments, in order
 * @base: the first one's sequence number (SND.UNA)
 * @n: how many
 */
struct sb_sim {
	struct sk_buff_head	q;
	struct xtcp_tcp_sb	sb;
	struct sk_buff		*skb[16];
	u32			base;
	u32			n;
};

static int sb_res_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

/* At the test's end, before the kunit_kzalloc()ed sim itself goes. */
static void sb_res_free(struct kunit_resource *res)
{
	struct sb_sim *s = res->data;

	__skb_queue_purge(&s->q);
}

static struct sb_sim *sb_sim(struct kunit *test, u32 base, u32 n, u32 len)
{
	struct sb_sim *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct xtcp_tcp_skb_cb *cb;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_LE(test, n, (u32)ARRAY_SIZE(s->skb));
	__skb_queue_head_init(&s->q);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, sb_res_init,
							 sb_res_free,
							 GFP_KERNEL, s));
	s->base = base;
	s->n = n;
	for (i = 0; i < n; i++) {
		s->skb[i] = alloc_skb(0, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, s->skb[i]);
		cb = XTCP_TCP_SKB_CB(s->skb[i]);
		memset(cb, 0, sizeof(*cb));
		cb->seq = base + i * len;
		cb->end_seq = cb->seq + len;
		__skb_queue_tail(&s->q, s->skb[i]);
	}
	xtcp_tcp_sb_reset(&s->sb, base);
	return s;
}

static u8 flags(struct sb_sim *s, u32 i)
{
	return XTCP_TCP_SKB_CB(s->skb[i])->sacked;
}

/* RFC 6675's IsLost() over all of @s, DupThresh 3. */
static u32 mark_lost(struct sb_sim *s, u32 mss)
{
	return xtcp_tcp_sb_mark_lost(&s->sb, &s->q, NULL, XTCP_TCP_DUPTHRESH,
				     mss);
}

/* An ACK of @s->base with blocks given as offsets from it, in MSS. */
static void ack_blocks(struct sb_sim *s, struct xtcp_tcp_sb_tag *t,
		       u32 snd_max, unsigned int nr, const u32 (*b)[2])
{
	struct xtcp_tcp_opts o = { .saw = XTCP_TCPOPT_F_SACK, .nr_sacks = nr };
	unsigned int i;

	for (i = 0; i < nr; i++) {
		o.sacks[i].start = s->base + b[i][0] * MSS;
		o.sacks[i].end = s->base + b[i][1] * MSS;
	}
	xtcp_tcp_sb_tag(&s->sb, &s->q, NULL, &o, s->base, snd_max, t);
}

/* Blocks in any order, overlapping and repeated, tag each segment once. */
static void xtcp_sb__tag_merge(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 1000, 10, MSS);
	const u32 b[][2] = { { 6, 8 }, { 3, 5 }, { 4, 6 } };
	const u32 again[][2] = { { 3, 8 } };
	struct xtcp_tcp_sb_tag t;
	u32 i;

	ack_blocks(s, &t, s->base + 10 * MSS, 3, b);
	KUNIT_EXPECT_EQ(test, 5U, t.newly_sacked);
	KUNIT_EXPECT_EQ(test, 5U, s->sb.sacked_out);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ_MSG(test, (u8)(i >= 3 && i < 8 ?
					       XTCP_TCP_SACKED : 0),
				    flags(s, i), "segment %u", i);
	KUNIT_EXPECT_EQ(test, s->base + 8 * MSS, s->sb.high_sacked);
	ack_blocks(s, &t, s->base + 10 * MSS, 1, again);
	KUNIT_EXPECT_EQ(test, 0U, t.newly_sacked);
	KUNIT_EXPECT_EQ(test, 5U, s->sb.sacked_out);
	/* pipe = packets_out - sacked - lost + retrans */
	KUNIT_EXPECT_EQ(test, 5U, xtcp_tcp_sb_pipe(&s->sb, 10));
}

/* A block that covers part of a segment does not tag it. */
static void xtcp_sb__tag_partial(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 5000, 6, MSS);
	struct xtcp_tcp_opts o = { .saw = XTCP_TCPOPT_F_SACK, .nr_sacks = 1 };
	struct xtcp_tcp_sb_tag t;

	o.sacks[0].start = s->base + 2 * MSS + 500;
	o.sacks[0].end = s->base + 5 * MSS + 200;
	xtcp_tcp_sb_tag(&s->sb, &s->q, NULL, &o, s->base, s->base + 6 * MSS,
			&t);
	KUNIT_EXPECT_EQ(test, 2U, t.newly_sacked);
	KUNIT_EXPECT_EQ(test, (u8)0, flags(s, 2));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_SACKED, flags(s, 3));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_SACKED, flags(s, 4));
	KUNIT_EXPECT_EQ(test, (u8)0, flags(s, 5));
}

/* Sequence numbers that wrap past 2^32 compare as sequence numbers. */
static void xtcp_sb__tag_wrap(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 0xfffff000U - 2 * MSS, 10, MSS);
	const u32 b[][2] = { { 5, 9 } };
	struct xtcp_tcp_sb_tag t;
	u32 i;

	/* The last one ends past 2^32. */
	KUNIT_ASSERT_LT(test, XTCP_TCP_SKB_CB(s->skb[9])->end_seq, s->base);
	ack_blocks(s, &t, s->base + 10 * MSS, 1, b);
	KUNIT_EXPECT_EQ(test, 4U, t.newly_sacked);
	for (i = 5; i < 9; i++)
		KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_SACKED, flags(s, i));
	KUNIT_EXPECT_EQ(test, 5U, mark_lost(s, MSS));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_LOST, flags(s, 4));
	KUNIT_EXPECT_EQ(test, (u8)0, flags(s, 9));
}

/* RFC 2883: below the ACK, or inside the second block: counted, no tag. */
static void xtcp_sb__dsack(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 100000, 8, MSS);
	struct xtcp_tcp_opts o = { .saw = XTCP_TCPOPT_F_SACK, .nr_sacks = 1 };
	const u32 inner[][2] = { { 4, 5 }, { 3, 6 } };
	const u32 disjoint[][2] = { { 7, 8 }, { 3, 6 } };
	struct xtcp_tcp_sb_tag t;

	o.sacks[0].start = s->base - 2 * MSS;
	o.sacks[0].end = s->base - MSS;
	xtcp_tcp_sb_tag(&s->sb, &s->q, NULL, &o, s->base, s->base + 8 * MSS,
			&t);
	KUNIT_EXPECT_EQ(test, (u8)1, t.dsack);
	KUNIT_EXPECT_EQ(test, 0U, t.newly_sacked);
	KUNIT_EXPECT_EQ(test, 1U, s->sb.dsacks);

	/* The first block within the second: a duplicate of SACKed data. */
	ack_blocks(s, &t, s->base + 8 * MSS, 2, inner);
	KUNIT_EXPECT_EQ(test, (u8)1, t.dsack);
	KUNIT_EXPECT_EQ(test, 3U, t.newly_sacked);
	KUNIT_EXPECT_EQ(test, 2U, s->sb.dsacks);

	/* Disjoint blocks: no duplicate. */
	ack_blocks(s, &t, s->base + 8 * MSS, 2, disjoint);
	KUNIT_EXPECT_EQ(test, (u8)0, t.dsack);
	KUNIT_EXPECT_EQ(test, 1U, t.newly_sacked);
}

/* Blocks past SND.MAX, empty or wholly acked are not believed. */
static void xtcp_sb__invalid_blocks(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 7, 8, MSS);
	struct xtcp_tcp_opts o = { .saw = XTCP_TCPOPT_F_SACK, .nr_sacks = 3 };
	struct xtcp_tcp_sb_tag t;

	o.sacks[0].start = s->base + 2 * MSS;	/* beyond what was sent */
	o.sacks[0].end = s->base + 9 * MSS;
	o.sacks[1].start = s->base + 5 * MSS;	/* empty */
	o.sacks[1].end = s->base + 5 * MSS;
	o.sacks[2].start = s->base + 6 * MSS;	/* reversed */
	o.sacks[2].end = s->base + 4 * MSS;
	xtcp_tcp_sb_tag(&s->sb, &s->q, NULL, &o, s->base, s->base + 8 * MSS,
			&t);
	KUNIT_EXPECT_EQ(test, (u8)3, t.invalid);
	KUNIT_EXPECT_EQ(test, 0U, s->sb.sacked_out);
	/* Not a SACK option at all. */
	o.saw = 0;
	o.sacks[0].end = s->base + 4 * MSS;
	xtcp_tcp_sb_tag(&s->sb, &s->q, NULL, &o, s->base, s->base + 8 * MSS,
			&t);
	KUNIT_EXPECT_EQ(test, 0U, t.newly_sacked);
}

/* The segments past the send head are not in flight: never tagged. */
static void xtcp_sb__send_head(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 1, 8, MSS);
	struct xtcp_tcp_opts o = { .saw = XTCP_TCPOPT_F_SACK, .nr_sacks = 1 };
	struct xtcp_tcp_sb_tag t;

	o.sacks[0].start = s->base + 4 * MSS;
	o.sacks[0].end = s->base + 8 * MSS;
	xtcp_tcp_sb_tag(&s->sb, &s->q, s->skb[6], &o, s->base,
			s->base + 8 * MSS, &t);
	KUNIT_EXPECT_EQ(test, 2U, t.newly_sacked);
	KUNIT_EXPECT_EQ(test, (u8)0, flags(s, 6));
}

/* IsLost(): three SACKed segments above, or more than 2 MSS of bytes. */
static void xtcp_sb__is_lost(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 1, 12, MSS);
	const u32 two[][2] = { { 5, 7 } };
	const u32 three[][2] = { { 5, 7 }, { 9, 10 } };
	struct xtcp_tcp_sb_tag t;
	u32 i;

	ack_blocks(s, &t, s->base + 12 * MSS, 1, two);
	KUNIT_EXPECT_EQ(test, 0U, mark_lost(s, MSS));
	ack_blocks(s, &t, s->base + 12 * MSS, 2, three);
	/* 0-4 have three above; 7 and 8 only one; 10 and 11 none. */
	KUNIT_EXPECT_EQ(test, 5U, mark_lost(s, MSS));
	for (i = 0; i < 12; i++) {
		u8 want = i < 5 ? XTCP_TCP_LOST :
			  (i == 5 || i == 6 || i == 9) ? XTCP_TCP_SACKED : 0;

		KUNIT_EXPECT_EQ_MSG(test, want, flags(s, i), "segment %u", i);
	}
	KUNIT_EXPECT_EQ(test, 5U, s->sb.lost_out);
	/* Again: nothing new. */
	KUNIT_EXPECT_EQ(test, 0U, mark_lost(s, MSS));
	/* pipe: 12 out, 3 SACKed, 5 lost. */
	KUNIT_EXPECT_EQ(test, 4U, xtcp_tcp_sb_pipe(&s->sb, 12));

	/* By bytes: two SACKed 1500-byte segments are more than 2 MSS. */
	s = sb_sim(test, 1, 6, 1500);
	{
		struct xtcp_tcp_opts o = { .saw = XTCP_TCPOPT_F_SACK,
					   .nr_sacks = 1 };

		o.sacks[0].start = s->base + 3 * 1500;
		o.sacks[0].end = s->base + 5 * 1500;
		xtcp_tcp_sb_tag(&s->sb, &s->q, NULL, &o, s->base,
				s->base + 6 * 1500, &t);
	}
	KUNIT_EXPECT_EQ(test, 3U, mark_lost(s, MSS));
}

/* Sent again, then SACKed or acknowledged: the counts follow. */
static void xtcp_sb__retransmit_counts(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 1, 10, MSS);
	const u32 b[][2] = { { 3, 6 } };
	const u32 b2[][2] = { { 1, 2 }, { 3, 6 } };
	struct xtcp_tcp_sb_tag t;

	ack_blocks(s, &t, s->base + 10 * MSS, 1, b);
	KUNIT_EXPECT_EQ(test, 3U, mark_lost(s, MSS));
	xtcp_tcp_sb_retransmitted(&s->sb, s->skb[0]);
	xtcp_tcp_sb_retransmitted(&s->sb, s->skb[1]);
	xtcp_tcp_sb_retransmitted(&s->sb, s->skb[1]);	/* counted once */
	KUNIT_EXPECT_EQ(test, 2U, s->sb.retrans_out);
	KUNIT_EXPECT_EQ(test, (u8)(XTCP_TCP_LOST | XTCP_TCP_RETRANS),
			flags(s, 0));
	/* 10 out - 3 SACKed - 3 lost + 2 resent */
	KUNIT_EXPECT_EQ(test, 6U, xtcp_tcp_sb_pipe(&s->sb, 10));
	/* The resent second one arrives above the hole at 0: SACKed. */
	ack_blocks(s, &t, s->base + 10 * MSS, 2, b2);
	KUNIT_EXPECT_EQ(test, 1U, t.newly_sacked);
	KUNIT_EXPECT_EQ(test, 1U, t.lost_sacked);
	KUNIT_EXPECT_EQ(test, 1U, t.rtx_sacked);
	KUNIT_EXPECT_EQ(test, 1U, s->sb.retrans_out);
	KUNIT_EXPECT_EQ(test, 2U, s->sb.lost_out);
	KUNIT_EXPECT_EQ(test, 4U, s->sb.sacked_out);
	/* The cumulative ACK of segments 0-2 takes their marks away. */
	xtcp_tcp_sb_acked(&s->sb, s->skb[0]);
	xtcp_tcp_sb_acked(&s->sb, s->skb[1]);
	xtcp_tcp_sb_acked(&s->sb, s->skb[2]);
	KUNIT_EXPECT_EQ(test, 0U, s->sb.retrans_out);
	KUNIT_EXPECT_EQ(test, 0U, s->sb.lost_out);
	KUNIT_EXPECT_EQ(test, 3U, s->sb.sacked_out);
	/* A split piece carries its marks. */
	XTCP_TCP_SKB_CB(s->skb[6])->sacked = XTCP_TCP_LOST;
	s->sb.lost_out++;
	xtcp_tcp_sb_split(&s->sb, s->skb[6]);
	KUNIT_EXPECT_EQ(test, 2U, s->sb.lost_out);
}

/* A timeout: all not SACKed is lost; a reneging peer's SACKs go. */
static void xtcp_sb__timeout(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 1, 8, MSS);
	const u32 b[][2] = { { 4, 6 } };
	const u32 head[][2] = { { 0, 2 } };
	struct xtcp_tcp_sb_tag t;
	u32 i;

	ack_blocks(s, &t, s->base + 8 * MSS, 1, b);
	xtcp_tcp_sb_retransmitted(&s->sb, s->skb[1]);
	KUNIT_EXPECT_EQ(test, 6U,
			xtcp_tcp_sb_mark_all_lost(&s->sb, &s->q, NULL));
	KUNIT_EXPECT_EQ(test, 0U, s->sb.retrans_out);
	KUNIT_EXPECT_EQ(test, 2U, s->sb.sacked_out);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_LOST, flags(s, 1));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_SACKED, flags(s, 4));
	KUNIT_EXPECT_EQ(test, 0U, xtcp_tcp_sb_pipe(&s->sb, 8));

	/* SND.UNA itself SACKed and never acknowledged: reneged. */
	s = sb_sim(test, 1, 8, MSS);
	ack_blocks(s, &t, s->base + 8 * MSS, 1, head);
	KUNIT_EXPECT_EQ(test, 2U, s->sb.sacked_out);
	KUNIT_EXPECT_EQ(test, 8U,
			xtcp_tcp_sb_mark_all_lost(&s->sb, &s->q, NULL));
	KUNIT_EXPECT_EQ(test, 0U, s->sb.sacked_out);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_LOST, flags(s, i));
}

/**
 * struct pipe_sim - an RFC 6675 sender's view for driving struct xtcp_cc
 * @cc: the congestion state under test
 * @una: SND.UNA
 * @snd_max: the highest sequence number sent, plus one
 */
struct pipe_sim {
	struct xtcp_cc	cc;
	u32		una;
	u32		snd_max;
};

static void pipe_init(struct pipe_sim *s, const struct xtcp_cong_ops *ops,
		      u32 cwnd)
{
	xtcp_cc_init(&s->cc, ops);
	s->cc.pipe = 1;
	s->cc.cwnd = cwnd;
	s->cc.ssthresh = U32_MAX;
	s->una = 1;
	s->snd_max = 1 + cwnd * MSS;
}

static unsigned int pipe_ack(struct pipe_sim *s, u32 segs, bool dup,
			     bool lost, u32 in_flight)
{
	struct xtcp_cc_ack a = {
		.ack = s->una + segs * MSS,
		.acked = segs,
		.delivered = segs + dup,	/* a duplicate SACKs one */
		.prior_in_flight = in_flight,
		.snd_max = s->snd_max,
		.dup = dup,
		.lost = lost,
		.rtt_us = -1,
	};

	s->una = a.ack;
	s->cc.in_flight = in_flight;
	return xtcp_cc_ack(&s->cc, &a);
}

/*
 * RFC 6675 5: the scoreboard's loss starts recovery; PRR (RFC 6937) takes
 * the window down to the threshold over the round trip: one segment out
 * for every two delivered while pipe is above it (ssthresh / prior_cwnd
 * = 10 / 20), then slow start back up to it.
 */
static void xtcp_cc_pipe__recovery(struct kunit *test)
{
	u32 high, pipe, sent, i;
	struct pipe_sim s;

	pipe_init(&s, &xtcp_newreno_ops, 20);
	high = s.snd_max;
	/* SACKs without a loss yet: disorder, no change of window. */
	KUNIT_EXPECT_EQ(test, 0U, pipe_ack(&s, 0, true, false, 19));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_DISORDER, s.cc.state);
	KUNIT_EXPECT_EQ(test, 20U, xtcp_cc_send_window(&s.cc));
	/* A segment deemed lost: recovery before the third duplicate. */
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT,
			pipe_ack(&s, 0, true, true, 17));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	/* The fast retransmit may go: pipe plus one. */
	KUNIT_EXPECT_EQ(test, 18U, s.cc.cwnd);
	xtcp_cc_sent(&s.cc, 1);
	pipe = 18;
	sent = 1;
	/* Each duplicate delivers one; what pipe leaves below cwnd goes. */
	for (i = 0; i < 16; i++) {
		pipe_ack(&s, 0, true, true, --pipe);
		KUNIT_EXPECT_LE(test, s.cc.cwnd, pipe + 1);
		for (; pipe < s.cc.cwnd; pipe++, sent++)
			xtcp_cc_sent(&s.cc, 1);
	}
	/* 17 delivered, ceil(17 * 10 / 20) sent: no burst, no silence. */
	KUNIT_EXPECT_EQ(test, 9U, sent);
	KUNIT_EXPECT_EQ(test, 9U, s.cc.prr_out);
	KUNIT_EXPECT_EQ(test, 17U, s.cc.prr_delivered);
	/*
	 * A partial ACK leaves pipe below the threshold: slow start back
	 * up, at most one more than it delivered; it ends nothing.
	 */
	s.snd_max += 5 * MSS;
	KUNIT_EXPECT_EQ(test, 0U, pipe_ack(&s, 4, false, true, 5));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	pipe_ack(&s, 1, false, true, 9);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	/* The ACK of all sent when it began ends it, at the threshold. */
	KUNIT_EXPECT_EQ(test, 0U, pipe_ack(&s, (high - s.una) / MSS, false,
					   false, 4));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	/* Then congestion avoidance. */
	pipe_ack(&s, 10, false, false, 10);
	KUNIT_EXPECT_EQ(test, 11U, s.cc.cwnd);
}

/* Three duplicates start it too; Tahoe still goes back to one segment. */
static void xtcp_cc_pipe__dupthresh_and_tahoe(struct kunit *test)
{
	struct pipe_sim s;

	pipe_init(&s, &xtcp_reno_ops, 16);
	pipe_ack(&s, 0, true, false, 15);
	pipe_ack(&s, 0, true, false, 14);
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT,
			pipe_ack(&s, 0, true, false, 13));
	KUNIT_EXPECT_EQ(test, 8U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 14U, s.cc.cwnd);	/* PRR: the retransmit */

	pipe_init(&s, &xtcp_tahoe_ops, 16);
	KUNIT_EXPECT_EQ(test, XTCP_CC_GO_BACK,
			pipe_ack(&s, 0, true, true, 13));
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 8U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_LOSS, s.cc.state);
	/* In loss, slow start resumes on new ACKs. */
	pipe_ack(&s, 1, false, true, 1);
	KUNIT_EXPECT_EQ(test, 2U, s.cc.cwnd);
}

/*
 * Karn: a resent segment's ACK gives no sample without timestamps; the
 * echo of the TSval it carried does (RFC 7323 4.1).
 */
static void xtcp_rtt__karn(struct kunit *test)
{
	/* A segment sent once: its own sample. */
	KUNIT_EXPECT_EQ(test, 12345L, xtcp_rtt_pick(12345, 0, 1000));
	KUNIT_EXPECT_EQ(test, 12345L, xtcp_rtt_pick(12345, 990, 1000));
	/* Sent again, no timestamps: none. */
	KUNIT_EXPECT_EQ(test, -1L, xtcp_rtt_pick(-1, 0, 1000));
	/* Sent again, an echo 40 ticks old: 40 ms. */
	KUNIT_EXPECT_EQ(test, 40000L, xtcp_rtt_pick(-1, 960, 1000));
	/* Less than a tick: one tick. */
	KUNIT_EXPECT_EQ(test, 1000L, xtcp_rtt_pick(-1, 1000, 1000));
	/* Across the clock's wrap. */
	KUNIT_EXPECT_EQ(test, 30000L, xtcp_rtt_pick(-1, 0xfffffff0U, 14));
	/* An echo of a time not yet reached: none. */
	KUNIT_EXPECT_EQ(test, -1L, xtcp_rtt_pick(-1, 1010, 1000));
}

/* Send times for @s's segments: segment i at @t0 + i * @step us. */
static void sent_at(struct sb_sim *s, u32 t0, u32 step)
{
	u32 i;

	for (i = 0; i < s->n; i++)
		XTCP_TCP_SKB_CB(s->skb[i])->sent = t0 + i * step;
}

/* RACK.xmit_ts moves only to a later send; an early RTT of a resend is ignored. */
static void xtcp_rack__delivered(struct kunit *test)
{
	struct xtcp_rack r = { };

	xtcp_rack_delivered(&r, 1000, 5000, false, 11000, 0);
	KUNIT_EXPECT_EQ(test, 1000U, r.xmit_us);
	KUNIT_EXPECT_EQ(test, 10000U, r.rtt_us);
	KUNIT_EXPECT_EQ(test, (u8)1, r.advanced);
	/* Sent earlier: RACK stays. */
	xtcp_rack_delivered(&r, 900, 4000, false, 12000, 0);
	KUNIT_EXPECT_EQ(test, 1000U, r.xmit_us);
	/* Same time, higher sequence: it moves. */
	xtcp_rack_delivered(&r, 1000, 6000, false, 12000, 0);
	KUNIT_EXPECT_EQ(test, 6000U, r.end_seq);
	KUNIT_EXPECT_EQ(test, 11000U, r.rtt_us);
	/* A resend acked 2 ms after it went, with a 10 ms minimum RTT:
	 * the first copy was acked.
	 */
	xtcp_rack_delivered(&r, 20000, 9000, true, 22000, 10000);
	KUNIT_EXPECT_EQ(test, 1000U, r.xmit_us);
	xtcp_rack_delivered(&r, 20000, 9000, true, 31000, 10000);
	KUNIT_EXPECT_EQ(test, 20000U, r.xmit_us);
	/* Across the wrap of the microsecond clock. */
	xtcp_rack_delivered(&r, 0xfffffff0U, 9500, false, 0x10, 0);
	KUNIT_EXPECT_EQ(test, 20000U, r.xmit_us);	/* 0xfffffff0 is older */
}

/* The reordering window: 0 until reordering is seen, in recovery or at DupThresh. */
static void xtcp_rack__reo_wnd(struct kunit *test)
{
	struct xtcp_rack r = { };
	int i;

	KUNIT_EXPECT_EQ(test, 2500U, xtcp_rack_reo_wnd(&r, 10000, 20000, false, 1));
	KUNIT_EXPECT_EQ(test, 0U, xtcp_rack_reo_wnd(&r, 10000, 20000, true, 1));
	KUNIT_EXPECT_EQ(test, 0U, xtcp_rack_reo_wnd(&r, 10000, 20000, false, 3));
	r.reord = 1;
	KUNIT_EXPECT_EQ(test, 2500U, xtcp_rack_reo_wnd(&r, 10000, 20000, true, 5));
	/* Never more than the smoothed RTT. */
	KUNIT_EXPECT_EQ(test, 1000U, xtcp_rack_reo_wnd(&r, 10000, 1000, true, 5));

	/* D-SACKs: a quarter more per round trip, for 16 recoveries. */
	r = (struct xtcp_rack) { };
	xtcp_rack_dsack(&r, 100, 5000);
	KUNIT_EXPECT_EQ(test, (u8)1, r.reord);
	KUNIT_EXPECT_EQ(test, 5000U, xtcp_rack_reo_wnd(&r, 10000, 20000, true, 5));
	xtcp_rack_dsack(&r, 4000, 6000);	/* same round trip */
	KUNIT_EXPECT_EQ(test, 5000U, xtcp_rack_reo_wnd(&r, 10000, 20000, true, 5));
	xtcp_rack_dsack(&r, 5000, 9000);
	KUNIT_EXPECT_EQ(test, 7500U, xtcp_rack_reo_wnd(&r, 10000, 20000, true, 5));
	for (i = 0; i < XTCP_RACK_RECOVERY_THRESH - 1; i++)
		xtcp_rack_recovery(&r);
	KUNIT_EXPECT_EQ(test, 7500U, xtcp_rack_reo_wnd(&r, 10000, 20000, true, 5));
	xtcp_rack_recovery(&r);
	KUNIT_EXPECT_EQ(test, 2500U, xtcp_rack_reo_wnd(&r, 10000, 20000, true, 5));
}

/*
 * Ten segments sent 1 ms apart from t=0; segment 7 (sent at 7 ms) SACKed
 * at 17 ms: RACK.rtt 10 ms. With a 2 ms window, a segment sent at T is
 * lost at T + 12 ms if a later one was delivered: at 11 ms none is, and
 * the reorder timer waits for the last of them (segment 6, 7 ms more); at
 * 18 ms segments 0-6 are. 8 and 9 went after 7: not judged.
 */
static void xtcp_rack__detect_loss(struct kunit *test)
{
	struct sb_sim *s = sb_sim(test, 1, 10, MSS);
	const u32 b[][2] = { { 7, 8 } };
	const u32 tail[][2] = { { 8, 10 } };
	const u32 one[][2] = { { 1, 2 } };
	struct xtcp_tcp_sb_tag t;
	struct xtcp_rack r = { };
	u32 wait, i;

	sent_at(s, 0, 1000);
	ack_blocks(s, &t, s->base + 10 * MSS, 1, b);
	xtcp_rack_delivered(&r, t.sent_us, t.end_seq, t.retrans, 17000, 0);
	KUNIT_EXPECT_EQ(test, 7000U, r.xmit_us);
	KUNIT_EXPECT_EQ(test, 0U, xtcp_rack_detect_loss(&r, &s->sb, &s->q,
							NULL, 11000, 2000,
							&wait));
	KUNIT_EXPECT_EQ(test, 7000U, wait);
	KUNIT_EXPECT_EQ(test, 7U, xtcp_rack_detect_loss(&r, &s->sb, &s->q,
							NULL, 18000, 2000,
							&wait));
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ_MSG(test, (u8)(i < 7 ? XTCP_TCP_LOST :
					       i == 7 ? XTCP_TCP_SACKED : 0),
				    flags(s, i), "segment %u", i);
	KUNIT_EXPECT_EQ(test, 0U, wait);
	KUNIT_EXPECT_EQ(test, 7U, s->sb.lost_out);

	/* Segments 0 and 1 resent at 18 and 19 ms. */
	xtcp_tcp_sb_retransmitted(&s->sb, s->skb[0]);
	XTCP_TCP_SKB_CB(s->skb[0])->sent = 18000;
	xtcp_tcp_sb_retransmitted(&s->sb, s->skb[1]);
	XTCP_TCP_SKB_CB(s->skb[1])->sent = 19000;
	KUNIT_EXPECT_EQ(test, 2U, s->sb.retrans_out);
	/* 8 and 9 SACKed at 40 ms: sent before the resends, no news. */
	ack_blocks(s, &t, s->base + 10 * MSS, 1, tail);
	xtcp_rack_delivered(&r, t.sent_us, t.end_seq, t.retrans, 40000, 0);
	KUNIT_EXPECT_EQ(test, 9000U, r.xmit_us);
	KUNIT_EXPECT_EQ(test, 0U, xtcp_rack_detect_loss(&r, &s->sb, &s->q,
							NULL, 40000, 0,
							&wait));
	/* The resent 1 SACKed at 30 ms: the resent 0 is overdue, lost again. */
	ack_blocks(s, &t, s->base + 10 * MSS, 1, one);
	KUNIT_EXPECT_EQ(test, 1U, t.rtx_sacked);
	xtcp_rack_delivered(&r, t.sent_us, t.end_seq, t.retrans, 30000, 0);
	KUNIT_EXPECT_EQ(test, 19000U, r.xmit_us);
	KUNIT_EXPECT_EQ(test, 1U, xtcp_rack_detect_loss(&r, &s->sb, &s->q,
							NULL, 40000, 0,
							&wait));
	KUNIT_EXPECT_EQ(test, 0U, s->sb.retrans_out);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_TCP_LOST, flags(s, 0));
	KUNIT_EXPECT_EQ(test, 6U, s->sb.lost_out);
}

/* The probe timeout (RFC 8985 7.2). */
static void xtcp_tlp__timeout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 40000U, xtcp_tlp_timeout(20000, 5, 1000000));
	/* One segment out: room for a delayed ACK. */
	KUNIT_EXPECT_EQ(test, 230000U, xtcp_tlp_timeout(20000, 1, 1000000));
	/* At least 10 ms, at most the RTO. */
	KUNIT_EXPECT_EQ(test, 10000U, xtcp_tlp_timeout(1000, 5, 1000000));
	KUNIT_EXPECT_EQ(test, 200000U, xtcp_tlp_timeout(150000, 5, 200000));
	/* No RTT yet: a second, within the RTO. */
	KUNIT_EXPECT_EQ(test, 1000000U, xtcp_tlp_timeout(0, 5, 3000000));
}

/* A loss a probe repaired cuts the window once; never in recovery. */
static void xtcp_cc__cwr(struct kunit *test)
{
	struct pipe_sim s;

	pipe_init(&s, &xtcp_reno_ops, 20);
	xtcp_cc_cwr(&s.cc);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	pipe_ack(&s, 0, true, true, 9);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 5U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	xtcp_cc_cwr(&s.cc);
	KUNIT_EXPECT_EQ(test, 5U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
}

/*
 * An ECN echo: the CWR state, PRR down to the threshold, until SND.UNA
 * passes what was sent when it began; a loss then starts recovery
 * without a second cut; nothing of it is undone.
 */
static void xtcp_cc__ecn_cwr(struct kunit *test)
{
	u32 high, pipe = 20, i;
	struct pipe_sim s;

	pipe_init(&s, &xtcp_reno_ops, 20);
	high = s.snd_max;
	xtcp_cc_enter_cwr(&s.cc, high);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_CWR, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.cwnd);
	/* Once per reduction. */
	xtcp_cc_enter_cwr(&s.cc, high + 5 * MSS);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	/* Ten ACKs of one each: five segments go, not ten. */
	for (i = 0; i < 10; i++) {
		pipe_ack(&s, 1, false, false, --pipe);
		for (; pipe < s.cc.cwnd; pipe++)
			xtcp_cc_sent(&s.cc, 1);
	}
	KUNIT_EXPECT_EQ(test, 5U, s.cc.prr_out);
	KUNIT_EXPECT_EQ(test, 15U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_CWR, s.cc.state);
	/* SND.UNA at the edge holds it; past it, the threshold. */
	pipe_ack(&s, (high - s.una) / MSS, false, false, 5);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_CWR, s.cc.state);
	s.snd_max += MSS;
	pipe_ack(&s, 1, false, false, 4);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	KUNIT_EXPECT_FALSE(test, xtcp_cc_undo(&s.cc));

	/* A loss in CWR: recovery, the same threshold. */
	pipe_init(&s, &xtcp_reno_ops, 20);
	xtcp_cc_enter_cwr(&s.cc, s.snd_max);
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT,
			pipe_ack(&s, 0, true, true, 18));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_EXPECT_FALSE(test, xtcp_cc_undo(&s.cc));
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
}

/* A needless cut undone: recovery's and a timeout's, not a CWR's. */
static void xtcp_cc__undo(struct kunit *test)
{
	struct pipe_sim s;

	pipe_init(&s, &xtcp_reno_ops, 20);
	s.cc.ssthresh = 16;
	pipe_ack(&s, 0, true, true, 19);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	s.cc.cwnd = 12;		/* PRR brought it down part of the way */
	KUNIT_EXPECT_TRUE(test, xtcp_cc_undo(&s.cc));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 16U, s.cc.ssthresh);
	/* Once per cut. */
	s.cc.cwnd = 12;
	KUNIT_EXPECT_FALSE(test, xtcp_cc_undo(&s.cc));
	KUNIT_EXPECT_EQ(test, 12U, s.cc.cwnd);

	/* A timeout: back from one segment; a window grown since stays. */
	s.cc.cwnd = 20;
	xtcp_cc_timeout(&s.cc, s.snd_max);
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	s.cc.cwnd = 24;
	KUNIT_EXPECT_TRUE(test, xtcp_cc_undo(&s.cc));
	KUNIT_EXPECT_EQ(test, 24U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 16U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);

	/* Outside recovery the threshold kept is 3/4 of the window. */
	s.cc.ssthresh = 4;
	s.cc.cwnd = 40;
	xtcp_cc_timeout(&s.cc, s.snd_max);
	KUNIT_EXPECT_TRUE(test, xtcp_cc_undo(&s.cc));
	KUNIT_EXPECT_EQ(test, 30U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 40U, s.cc.cwnd);

	/* ECN's or a probe's cut stands. */
	xtcp_cc_cwr(&s.cc);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.cwnd);
	KUNIT_EXPECT_FALSE(test, xtcp_cc_undo(&s.cc));
	KUNIT_EXPECT_EQ(test, 20U, s.cc.cwnd);
}

/*
 * The signs that a cut was needless (undo.c): D-SACKs for every resend
 * (RFC 3708), or an echo older than the first resend (Eifel, RFC 3522).
 */
static void xtcp_undo__signs(struct kunit *test)
{
	struct xtcp_tcp_undo u = { };

	xtcp_tcp_undo_resent(&u, 7);		/* no episode: not counted */
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_undo_may(&u, 1));
	xtcp_tcp_undo_init(&u, 10000);
	KUNIT_EXPECT_EQ(test, -1, u.retrans);
	/* Nothing resent yet: nothing shown needless. */
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_undo_may(&u, 0));
	xtcp_tcp_undo_resent(&u, 500);
	xtcp_tcp_undo_resent(&u, 501);
	xtcp_tcp_undo_resent(&u, 502);
	KUNIT_EXPECT_EQ(test, 3, u.retrans);
	KUNIT_EXPECT_EQ(test, 500U, u.tsval);
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_undo_may(&u, 0));

	/* A duplicate from before the episode is not one of its resends. */
	xtcp_tcp_undo_dsack(&u, 9000, 10000, MSS);
	KUNIT_EXPECT_EQ(test, 3, u.retrans);
	/* Two segments' worth. */
	xtcp_tcp_undo_dsack(&u, 10000, 12000, MSS);
	KUNIT_EXPECT_EQ(test, 1, u.retrans);

	/* Eifel: the echo of a time before the first resend. */
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_undo_delayed(&u, 499));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_undo_delayed(&u, 500));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_undo_delayed(&u, 0));
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_undo_may(&u, 499));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_undo_may(&u, 600));

	/* The last resend reported a duplicate too; never below zero. */
	xtcp_tcp_undo_dsack(&u, 12000, 12500, MSS);
	KUNIT_EXPECT_EQ(test, 0, u.retrans);
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_undo_may(&u, 600));
	xtcp_tcp_undo_dsack(&u, 12500, 14000, MSS);
	KUNIT_EXPECT_EQ(test, 0, u.retrans);

	/* Timestamps wrap. */
	xtcp_tcp_undo_init(&u, 0xfffff000);
	xtcp_tcp_undo_resent(&u, 5);
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_undo_delayed(&u, 0xfffffff0));
	xtcp_tcp_undo_dsack(&u, 0xfffffc00, 0x200, MSS);
	KUNIT_EXPECT_EQ(test, 0, u.retrans);
	u.on = 0;
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_undo_may(&u, 0xfffffff0));
}

static struct kunit_case xtcp_tcp_recovery_cases[] = {
	KUNIT_CASE(xtcp_sb__tag_merge),
	KUNIT_CASE(xtcp_sb__tag_partial),
	KUNIT_CASE(xtcp_sb__tag_wrap),
	KUNIT_CASE(xtcp_sb__dsack),
	KUNIT_CASE(xtcp_sb__invalid_blocks),
	KUNIT_CASE(xtcp_sb__send_head),
	KUNIT_CASE(xtcp_sb__is_lost),
	KUNIT_CASE(xtcp_sb__retransmit_counts),
	KUNIT_CASE(xtcp_sb__timeout),
	KUNIT_CASE(xtcp_cc_pipe__recovery),
	KUNIT_CASE(xtcp_cc_pipe__dupthresh_and_tahoe),
	KUNIT_CASE(xtcp_rtt__karn),
	KUNIT_CASE(xtcp_rack__delivered),
	KUNIT_CASE(xtcp_rack__reo_wnd),
	KUNIT_CASE(xtcp_rack__detect_loss),
	KUNIT_CASE(xtcp_tlp__timeout),
	KUNIT_CASE(xtcp_cc__cwr),
	KUNIT_CASE(xtcp_cc__ecn_cwr),
	KUNIT_CASE(xtcp_cc__undo),
	KUNIT_CASE(xtcp_undo__signs),
	{}
};

static struct kunit_suite xtcp_tcp_recovery_suite = {
	.name = "xtcp_tcp_recovery",
	.test_cases = xtcp_tcp_recovery_cases,
};

kunit_test_suite(xtcp_tcp_recovery_suite);
