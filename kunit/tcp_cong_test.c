// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/tcp/cong.c and cubic.c, congestion control without a
 * socket, and timer.c's RTO estimator. Each algorithm is driven by
 * made-up ACKs, duplicate ACKs and timeouts, and its window and threshold
 * are checked step by step: Tahoe falls to one segment on the third
 * duplicate ACK, Reno halves and leaves recovery at the first new ACK,
 * NewReno stays in recovery on a partial ACK, CUBIC follows RFC 9438's
 * W(t), and its slow start is HyStart++ (RFC 9406), driven by rounds of
 * ACKs with made-up RTT samples. The RTO follows RFC 6298's worked
 * arithmetic.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>

#include "tcp/tcp.h"

#define SIM_MSS		1000

/**
 * struct cc_sim - a sender's view for driving struct xtcp_cc
 * @cc: the congestion state under test
 * @una: SND.UNA
 * @snd_max: the highest sequence number sent, plus one
 */
struct cc_sim {
	struct xtcp_cc	cc;
	u32		una;
	u32		snd_max;
};

static void sim_init(struct cc_sim *s, const struct xtcp_cong_ops *ops,
		     u32 cwnd, u32 ssthresh)
{
	xtcp_cc_init(&s->cc, ops);
	s->cc.cwnd = cwnd;
	s->cc.ssthresh = ssthresh;
	s->una = 1;
	s->snd_max = 1 + cwnd * SIM_MSS;	/* a full window in flight */
}

/* An ACK of @segs more segments, sent while the window was full. */
static unsigned int sim_ack(struct cc_sim *s, u32 segs)
{
	struct xtcp_cc_ack a = {
		.ack = s->una + segs * SIM_MSS,
		.acked = segs,
		.prior_in_flight = max(s->cc.cwnd, (s->snd_max - s->una) / SIM_MSS),
		.snd_max = s->snd_max,
		.rtt_us = -1,
	};

	s->una = a.ack;
	if (xtcp_seq_after(s->una, s->snd_max))
		s->snd_max = s->una;
	s->cc.in_flight = (s->snd_max - s->una) / SIM_MSS;
	return xtcp_cc_ack(&s->cc, &a);
}

static unsigned int sim_dup(struct cc_sim *s)
{
	struct xtcp_cc_ack a = {
		.ack = s->una,
		.prior_in_flight = (s->snd_max - s->una) / SIM_MSS,
		.snd_max = s->snd_max,
		.dup = true,
		.rtt_us = -1,
	};

	s->cc.in_flight = a.prior_in_flight;
	return xtcp_cc_ack(&s->cc, &a);
}

/*
 * An ACK of one segment with an RTT sample, from a sender that always has
 * data: the window is full again after it.
 */
static void sim_ack_rtt(struct cc_sim *s, long rtt_us)
{
	struct xtcp_cc_ack a = {
		.ack = s->una + SIM_MSS,
		.acked = 1,
		.prior_in_flight = (s->snd_max - s->una) / SIM_MSS,
		.snd_max = s->snd_max,
		.rtt_us = rtt_us,
	};

	s->una = a.ack;
	s->cc.in_flight = (s->snd_max - s->una) / SIM_MSS;
	xtcp_cc_ack(&s->cc, &a);
	if (xtcp_seq_after(s->una + s->cc.cwnd * SIM_MSS, s->snd_max))
		s->snd_max = s->una + s->cc.cwnd * SIM_MSS;
}

/*
 * One round trip: all that is in flight acked, a segment per ACK, the
 * RTT samples @rtt_us plus 0, 1, 2, 3 times @jitter_us in turn.
 */
static void sim_round(struct cc_sim *s, long rtt_us, long jitter_us)
{
	u32 end = s->snd_max, k = 0;

	while (s->una != end)
		sim_ack_rtt(s, rtt_us + (k++ % 4) * jitter_us);
}

static u32 cc_noop_ssthresh(struct xtcp_cc *cc)
{
	return 2;
}

static void cc_noop_avoid(struct xtcp_cc *cc, u32 acked)
{
}

/* Registration refuses what tcp_validate_congestion_control() refuses. */
static void xtcp_cong__register_rules(struct kunit *test)
{
	static struct xtcp_cong_ops no_ssthresh = {
		.name = "kunit_a", .cong_avoid = cc_noop_avoid,
	};
	static struct xtcp_cong_ops no_avoid = {
		.name = "kunit_b", .ssthresh = cc_noop_ssthresh,
	};
	static struct xtcp_cong_ops no_name = {
		.ssthresh = cc_noop_ssthresh, .cong_avoid = cc_noop_avoid,
	};
	static struct xtcp_cong_ops dup = {
		.name = "reno", .ssthresh = cc_noop_ssthresh,
		.cong_avoid = cc_noop_avoid,
	};
	static struct xtcp_cong_ops good = {
		.name = "kunit_cc", .ssthresh = cc_noop_ssthresh,
		.cong_avoid = cc_noop_avoid,
	};
	const struct xtcp_cong_ops *got;
	char buf[256];

	KUNIT_EXPECT_EQ(test, -EINVAL, xtcp_cong_register(&no_ssthresh));
	KUNIT_EXPECT_EQ(test, -EINVAL, xtcp_cong_register(&no_avoid));
	KUNIT_EXPECT_EQ(test, -EINVAL, xtcp_cong_register(&no_name));
	KUNIT_EXPECT_EQ(test, -EEXIST, xtcp_cong_register(&dup));

	xtcp_cong_available(buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, "reno cubic newreno tahoe", buf);
	KUNIT_EXPECT_NULL(test, xtcp_cong_get("kunit_cc"));

	KUNIT_ASSERT_EQ(test, 0, xtcp_cong_register(&good));
	xtcp_cong_available(buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, "reno cubic newreno tahoe kunit_cc", buf);
	got = xtcp_cong_get("kunit_cc");
	KUNIT_EXPECT_PTR_EQ(test, got, (const struct xtcp_cong_ops *)&good);
	if (got)
		xtcp_cong_put(got);
	xtcp_cong_unregister(&good);
	KUNIT_EXPECT_NULL(test, xtcp_cong_get("kunit_cc"));
	xtcp_cong_available(buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, "reno cubic newreno tahoe", buf);
}

/* RFC 5681 3.1 and RFC 6928: ten segments, one more per segment acked. */
static void xtcp_cong__slow_start(struct kunit *test)
{
	struct cc_sim s;
	int i;

	xtcp_cc_init(&s.cc, &xtcp_reno_ops);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, U32_MAX, s.cc.ssthresh);
	sim_init(&s, &xtcp_reno_ops, 10, U32_MAX);
	for (i = 0; i < 10; i++)
		sim_ack(&s, 1);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.cwnd);
	/* Delayed ACKs: two segments each, the same growth per segment. */
	for (i = 0; i < 10; i++)
		sim_ack(&s, 2);
	KUNIT_EXPECT_EQ(test, 40U, s.cc.cwnd);
	/* Slow start stops at the threshold; the rest is avoidance. */
	sim_init(&s, &xtcp_reno_ops, 10, 12);
	sim_ack(&s, 5);
	KUNIT_EXPECT_EQ(test, 12U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 3U, s.cc.cwnd_cnt);
}

/* An application that does not fill the window does not grow it. */
static void xtcp_cong__not_cwnd_limited(struct kunit *test)
{
	struct xtcp_cc_ack a = { .ack = 1001, .acked = 1, .prior_in_flight = 2,
				 .snd_max = 3001, .rtt_us = -1 };
	struct cc_sim s;

	sim_init(&s, &xtcp_reno_ops, 10, U32_MAX);
	KUNIT_EXPECT_EQ(test, 0U, xtcp_cc_ack(&s.cc, &a));
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	/* Half the window in use is enough in slow start ... */
	a.prior_in_flight = 6;
	xtcp_cc_ack(&s.cc, &a);
	KUNIT_EXPECT_EQ(test, 11U, s.cc.cwnd);
	/* ... not in congestion avoidance. */
	s.cc.ssthresh = 5;
	s.cc.cwnd_cnt = 10;
	xtcp_cc_ack(&s.cc, &a);
	KUNIT_EXPECT_EQ(test, 11U, s.cc.cwnd);
}

/* RFC 5681 3.1: one segment per window of ACKed segments. */
static void xtcp_cong__congestion_avoidance(struct kunit *test)
{
	struct cc_sim s;
	int i;

	sim_init(&s, &xtcp_reno_ops, 20, 20);
	for (i = 0; i < 19; i++)
		sim_ack(&s, 1);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.cwnd);
	sim_ack(&s, 1);
	KUNIT_EXPECT_EQ(test, 21U, s.cc.cwnd);
	for (i = 0; i < 21; i++)
		sim_ack(&s, 1);
	KUNIT_EXPECT_EQ(test, 22U, s.cc.cwnd);
}

/* RFC 3042: each of the first two duplicates lets a new segment go. */
static void xtcp_cong__limited_transmit(struct kunit *test)
{
	struct cc_sim s;

	sim_init(&s, &xtcp_newreno_ops, 10, U32_MAX);
	KUNIT_EXPECT_EQ(test, 10U, xtcp_cc_send_window(&s.cc));
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_DISORDER, s.cc.state);
	KUNIT_EXPECT_EQ(test, 11U, xtcp_cc_send_window(&s.cc));
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 12U, xtcp_cc_send_window(&s.cc));
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	/* A new ACK ends it. */
	sim_ack(&s, 1);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_EQ(test, 0, (int)s.cc.dupacks);
}

/* Tahoe: the third duplicate means one segment and slow start. */
static void xtcp_cong__tahoe(struct kunit *test)
{
	struct cc_sim s;
	u32 high;

	sim_init(&s, &xtcp_tahoe_ops, 20, 20);
	high = s.snd_max;
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, XTCP_CC_GO_BACK, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_LOSS, s.cc.state);
	KUNIT_EXPECT_EQ(test, high, s.cc.high_seq);
	/* More duplicates change nothing. */
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);
	/* Slow start from one: 1, 2, 4 ... */
	KUNIT_EXPECT_EQ(test, 0U, sim_ack(&s, 1));
	KUNIT_EXPECT_EQ(test, 2U, s.cc.cwnd);
	sim_ack(&s, 1);
	sim_ack(&s, 1);
	KUNIT_EXPECT_EQ(test, 4U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_LOSS, s.cc.state);
	/* Everything sent before the loss acked: open again. */
	sim_ack(&s, (high - s.una) / SIM_MSS);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
}

/* Reno: halve, inflate per duplicate, leave at the first new ACK. */
static void xtcp_cong__reno(struct kunit *test)
{
	struct cc_sim s;

	sim_init(&s, &xtcp_reno_ops, 20, U32_MAX);
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 13U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.prior_cwnd);
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, 15U, s.cc.cwnd);
	/* A partial ACK ends Reno's recovery: deflate to ssthresh. */
	KUNIT_EXPECT_EQ(test, 0U, sim_ack(&s, 3));
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	/* A second loss in the same window halves again. */
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 5U, s.cc.ssthresh);
}

/* NewReno: a partial ACK resends the next hole and stays in recovery. */
static void xtcp_cong__newreno(struct kunit *test)
{
	struct cc_sim s;
	u32 high;

	sim_init(&s, &xtcp_newreno_ops, 20, U32_MAX);
	high = s.snd_max;
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 13U, s.cc.cwnd);
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, 15U, s.cc.cwnd);
	/* RFC 6582 3.2 step 3: deflate by 3, add one back. */
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT, sim_ack(&s, 3));
	KUNIT_EXPECT_EQ(test, 13U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT, sim_ack(&s, 1));
	KUNIT_EXPECT_EQ(test, 13U, s.cc.cwnd);
	/* Duplicates still inflate. */
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, 14U, s.cc.cwnd);
	/* The full ACK: deflate to ssthresh, or in flight + 1 if less. */
	s.snd_max = high + 8 * SIM_MSS;		/* eight new ones in flight */
	KUNIT_EXPECT_EQ(test, 0U, sim_ack(&s, (high - s.una) / SIM_MSS));
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_EQ(test, 9U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
}

/* A timeout: one segment; the threshold is cut once per episode. */
static void xtcp_cong__timeout(struct kunit *test)
{
	struct cc_sim s;

	sim_init(&s, &xtcp_newreno_ops, 20, U32_MAX);
	xtcp_cc_timeout(&s.cc, s.snd_max);
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_LOSS, s.cc.state);
	/* Backed-off timeouts keep it. */
	xtcp_cc_timeout(&s.cc, s.snd_max);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	/* Duplicates in loss start no fast retransmit. */
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 0U, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);

	/* A timeout in fast recovery keeps recovery's threshold. */
	sim_init(&s, &xtcp_newreno_ops, 20, U32_MAX);
	sim_dup(&s);
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	xtcp_cc_timeout(&s.cc, s.snd_max);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);
}

/* RFC 9438 4.2 with W_max = 100, beta 0.7: K = cbrt(75) s = 4.217 s. */
static void xtcp_cubic__curve(struct kunit *test)
{
	u32 k = xtcp_cubic_k_ms(100, 70), w;

	KUNIT_EXPECT_EQ(test, 4217U, k);
	KUNIT_EXPECT_EQ(test, 0U, xtcp_cubic_k_ms(100, 100));
	KUNIT_EXPECT_EQ(test, 0U, xtcp_cubic_k_ms(100, 150));
	/* W(0) = cwnd_epoch, W(K) = W_max, W(2K) = W_max + 30. */
	KUNIT_EXPECT_EQ(test, 70U, xtcp_cubic_target(100, k, 0));
	KUNIT_EXPECT_EQ(test, 100U, xtcp_cubic_target(100, k, k));
	w = xtcp_cubic_target(100, k, 2 * k);
	KUNIT_EXPECT_GE(test, w, 129U);
	KUNIT_EXPECT_LE(test, w, 130U);
	/* W(2 s) = 100 + 0.4 (2 - 4.217)^3 = 95.6: concave below W_max. */
	w = xtcp_cubic_target(100, k, 2000);
	KUNIT_EXPECT_GE(test, w, 95U);
	KUNIT_EXPECT_LE(test, w, 96U);
	/* W(6.434 s) = 104.4: convex above. */
	w = xtcp_cubic_target(100, k, k + 2217);
	KUNIT_EXPECT_GE(test, w, 104U);
	KUNIT_EXPECT_LE(test, w, 105U);
	/* Far past: capped, not wrapped. */
	KUNIT_EXPECT_GT(test, xtcp_cubic_target(100, k, U32_MAX), 100U);
	KUNIT_EXPECT_EQ(test, 1U, xtcp_cubic_target(10, 100000, 0));
}

/* beta 0.7, and fast convergence (4.7) remembering 0.85 of the window. */
static void xtcp_cubic__ssthresh(struct kunit *test)
{
	struct cc_sim s;

	sim_init(&s, &xtcp_cubic_ops, 100, U32_MAX);
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, XTCP_CC_RETRANSMIT, sim_dup(&s));
	KUNIT_EXPECT_EQ(test, 70U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_RECOVERY, s.cc.state);
	/* Out of recovery; a second loss at 80, before reaching 100. */
	sim_ack(&s, 100);
	KUNIT_EXPECT_EQ(test, (u8)XTCP_CA_OPEN, s.cc.state);
	s.cc.cwnd = 80;
	s.snd_max = s.una + 80 * SIM_MSS;
	sim_dup(&s);
	sim_dup(&s);
	sim_dup(&s);
	KUNIT_EXPECT_EQ(test, 56U, s.cc.ssthresh);
}

/*
 * Driven by ACKs, one window per 100 ms round trip after a loss at 100
 * segments, the window tracks W(t + RTT): concave up to W_max near K,
 * then convex. The window lags the curve by at most a round's growth.
 */
static void xtcp_cubic__follows_curve(struct kunit *test)
{
	static const struct { u32 round; u32 lo, hi; } at[] = {
		{ 10, 82, 92 },		/* W(1.1 s) = 87.9 */
		{ 20, 93, 98 },		/* W(2.1 s) = 96.2 */
		{ 42, 97, 102 },	/* W(K) = 100 */
		{ 60, 99, 106 },	/* W(6.1 s) = 102.7 */
		{ 84, 120, 135 },	/* W(8.5 s) = 131.4 */
	};
	struct cc_sim s;
	u32 round, i, n = 0, seen[ARRAY_SIZE(at)];

	sim_init(&s, &xtcp_cubic_ops, 100, U32_MAX);
	s.cc.now_us = 1000000;
	s.cc.min_rtt_us = 100000;
	sim_dup(&s);
	sim_dup(&s);
	sim_dup(&s);
	sim_ack(&s, 100);		/* the full ACK */
	s.cc.cwnd = 70;
	for (round = 1; round <= 84; round++) {
		u32 w = s.cc.cwnd;

		s.snd_max = s.una + w * SIM_MSS;
		for (i = 0; i < w; i++)
			sim_ack(&s, 1);
		s.cc.now_us += 100000;
		if (n < ARRAY_SIZE(at) && at[n].round == round)
			seen[n++] = s.cc.cwnd;
	}
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		KUNIT_EXPECT_GE_MSG(test, seen[i], at[i].lo, "round %u",
				    at[i].round);
		KUNIT_EXPECT_LE_MSG(test, seen[i], at[i].hi, "round %u",
				    at[i].round);
	}
	/* Concave: it gained less in rounds 20..42 than in 1..20. */
	KUNIT_EXPECT_LT(test, seen[2] - seen[1], seen[1] - 70);
}

/*
 * RFC 9406: an RTT that only jitters (its minimum per round flat) leaves
 * slow start alone: the window doubles each round.
 */
static void xtcp_cubic__hystart_flat(struct kunit *test)
{
	struct cc_sim s;
	int round;

	sim_init(&s, &xtcp_cubic_ops, 10, U32_MAX);
	for (round = 1; round <= 8; round++) {
		sim_round(&s, 100000, 10000);
		KUNIT_EXPECT_EQ_MSG(test, 10U << round, s.cc.cwnd, "round %d",
				    round);
	}
	KUNIT_EXPECT_EQ(test, U32_MAX, s.cc.ssthresh);
}

/*
 * RFC 9406 4.2: a round's minimum RTT up by the threshold on the last
 * round's starts CSS at its eighth sample, which grows a quarter as fast;
 * five rounds of it, the first counted though partial, end slow start.
 */
static void xtcp_cubic__hystart_css(struct kunit *test)
{
	struct cc_sim s;
	int round;

	sim_init(&s, &xtcp_cubic_ops, 10, U32_MAX);
	for (round = 1; round <= 3; round++)
		sim_round(&s, 100000, 0);
	KUNIT_EXPECT_EQ(test, 80U, s.cc.cwnd);
	/* 100 ms + 12.5 ms: 7 ACKs of slow start, 73 of CSS (18 more). */
	sim_round(&s, 112500, 0);
	KUNIT_EXPECT_EQ(test, 105U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, U32_MAX, s.cc.ssthresh);
	/* A whole round of CSS: a quarter of 105, not 105 more. */
	sim_round(&s, 112500, 0);
	KUNIT_EXPECT_EQ(test, 131U, s.cc.cwnd);
	sim_round(&s, 112500, 0);
	sim_round(&s, 112500, 0);
	sim_round(&s, 112500, 0);
	KUNIT_EXPECT_EQ(test, 256U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, U32_MAX, s.cc.ssthresh);
	/* The next round's first ACK ends the fifth: congestion avoidance. */
	sim_ack_rtt(&s, 112500);
	KUNIT_EXPECT_EQ(test, 256U, s.cc.ssthresh);
	KUNIT_EXPECT_GE(test, s.cc.cwnd, 256U);
	KUNIT_EXPECT_LE(test, s.cc.cwnd, 257U);
}

/* RFC 9406 4.2: RttThresh = clamp(lastRoundMinRTT / 8, 4 ms, 16 ms). */
static void xtcp_cubic__hystart_threshold(struct kunit *test)
{
	static const struct { long rtt, rise; bool css; } c[] = {
		{ 100000, 12500, true },	/* 100 / 8 */
		{ 100000, 12499, false },
		{ 200000, 16000, true },	/* 25 ms, capped at 16 */
		{ 200000, 15999, false },
		{ 20000, 4000, true },		/* 2.5 ms, raised to 4 */
		{ 20000, 3999, false },
	};
	struct cc_sim s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		sim_init(&s, &xtcp_cubic_ops, 10, U32_MAX);
		sim_round(&s, c[i].rtt, 0);
		sim_round(&s, c[i].rtt, 0);
		sim_round(&s, c[i].rtt, 0);
		sim_round(&s, c[i].rtt + c[i].rise, 0);
		KUNIT_EXPECT_EQ_MSG(test, c[i].css ? 105U : 160U, s.cc.cwnd,
				    "RTT %ld, then %ld more", c[i].rtt,
				    c[i].rise);
	}
}

/* RFC 9406 4.2: an RTT back under CSS's baseline: slow start again. */
static void xtcp_cubic__hystart_css_back(struct kunit *test)
{
	struct cc_sim s;
	int round;

	sim_init(&s, &xtcp_cubic_ops, 10, U32_MAX);
	for (round = 1; round <= 3; round++)
		sim_round(&s, 100000, 0);
	sim_round(&s, 113000, 0);
	KUNIT_EXPECT_EQ(test, 105U, s.cc.cwnd);
	/* 7 ACKs of CSS (2 segments), then 98 of slow start. */
	sim_round(&s, 100000, 0);
	KUNIT_EXPECT_EQ(test, 205U, s.cc.cwnd);
	/* Slow start, HyStart++ watching; no CSS round left to end it. */
	for (round = 6; round <= 11; round++)
		sim_round(&s, 100000, 0);
	KUNIT_EXPECT_EQ(test, 205U << 6, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, U32_MAX, s.cc.ssthresh);
}

/*
 * After an idle period the curve resumes where it stopped: a sender idle
 * for 10 s, told so by xtcp_cc_tx_start(), grows as one that was never
 * idle; one not told sees the curve 10 s on, well past W_max.
 */
static void xtcp_cubic__idle_shift(struct kunit *test)
{
	const u64 rtt = 100000, idle = 10 * USEC_PER_SEC;
	struct cc_sim a, b, c;
	u32 round, i, w;

	sim_init(&a, &xtcp_cubic_ops, 100, U32_MAX);
	a.cc.now_us = USEC_PER_SEC;
	a.cc.min_rtt_us = rtt;
	sim_dup(&a);
	sim_dup(&a);
	sim_dup(&a);
	sim_ack(&a, 100);
	a.cc.cwnd = 70;
	for (round = 1; round <= 10; round++) {
		a.snd_max = a.una + a.cc.cwnd * SIM_MSS;
		for (i = 0, w = a.cc.cwnd; i < w; i++)
			sim_ack(&a, 1);
		a.cc.now_us += rtt;
	}
	b = a;
	c = a;
	/* The pipe emptied at the last ACK, an RTT ago; b sends 10 s on. */
	b.cc.now_us = a.cc.now_us - rtt + idle;
	xtcp_cc_tx_start(&b.cc);
	b.cc.now_us = a.cc.now_us + idle;
	c.cc.now_us = a.cc.now_us + idle;
	for (round = 1; round <= 3; round++) {
		struct cc_sim *s[] = { &a, &b, &c };

		for (i = 0; i < ARRAY_SIZE(s); i++) {
			s[i]->snd_max = s[i]->una + s[i]->cc.cwnd * SIM_MSS;
			for (w = s[i]->cc.cwnd; w; w--)
				sim_ack(s[i], 1);
			s[i]->cc.now_us += rtt;
		}
	}
	KUNIT_EXPECT_EQ(test, a.cc.cwnd, b.cc.cwnd);
	KUNIT_EXPECT_GT(test, c.cc.cwnd, a.cc.cwnd + 20);

	/* In slow start there is no curve to move; Reno has no hook. */
	sim_init(&a, &xtcp_cubic_ops, 10, U32_MAX);
	a.cc.now_us = idle;
	xtcp_cc_tx_start(&a.cc);
	sim_ack(&a, 1);
	KUNIT_EXPECT_EQ(test, 11U, a.cc.cwnd);
	sim_init(&a, &xtcp_reno_ops, 10, U32_MAX);
	xtcp_cc_tx_start(&a.cc);
	KUNIT_EXPECT_EQ(test, 10U, a.cc.cwnd);
}

/* RFC 6298 2.2, 2.3 and 5.5, worked: samples in ms, RTO in jiffies. */
static void xtcp_rto__estimator(struct kunit *test)
{
	u32 srtt = 0, rttvar = 0, rto;

	/* First: SRTT = R, RTTVAR = R / 2, RTO = R + 4 RTTVAR = 300 ms. */
	rto = xtcp_rto_estimate(&srtt, &rttvar, 100000);
	KUNIT_EXPECT_EQ(test, 100000U, srtt >> 3);
	KUNIT_EXPECT_EQ(test, 50000U, rttvar >> 2);
	KUNIT_EXPECT_EQ(test, (u32)usecs_to_jiffies(300000), rto);
	/* R' = 200: RTTVAR = 37.5 + 25 = 62.5, SRTT = 87.5 + 25 = 112.5. */
	rto = xtcp_rto_estimate(&srtt, &rttvar, 200000);
	KUNIT_EXPECT_EQ(test, 112500U, srtt >> 3);
	KUNIT_EXPECT_EQ(test, 62500U, rttvar >> 2);
	KUNIT_EXPECT_EQ(test, (u32)usecs_to_jiffies(362500), rto);
	/* R' = 100 again: RTTVAR = 46.875 + 3.125 = 50, SRTT = 110.9375. */
	rto = xtcp_rto_estimate(&srtt, &rttvar, 100000);
	KUNIT_EXPECT_EQ(test, 50000U, rttvar >> 2);
	KUNIT_EXPECT_EQ(test, 110937U, srtt >> 3);
	KUNIT_EXPECT_EQ(test, (u32)usecs_to_jiffies(310937), rto);

	/* Linux's floor of 200 ms and the ceiling of 120 s (2.4, 2.5). */
	srtt = 0;
	KUNIT_EXPECT_EQ(test, (u32)XTCP_TCP_RTO_MIN,
			xtcp_rto_estimate(&srtt, &rttvar, 1000));
	srtt = 0;
	KUNIT_EXPECT_EQ(test, (u32)XTCP_TCP_RTO_MAX,
			xtcp_rto_estimate(&srtt, &rttvar, 100000000));

	/* 5.5: doubling per timeout, capped. */
	rto = usecs_to_jiffies(300000);
	KUNIT_EXPECT_EQ(test, (unsigned long)rto, xtcp_rto_backoff(rto, 0));
	KUNIT_EXPECT_EQ(test, (unsigned long)rto * 8, xtcp_rto_backoff(rto, 3));
	KUNIT_EXPECT_EQ(test, (unsigned long)XTCP_TCP_RTO_MAX,
			xtcp_rto_backoff(rto, 10));
	KUNIT_EXPECT_EQ(test, (unsigned long)XTCP_TCP_RTO_MAX,
			xtcp_rto_backoff(rto, 200));
}

static struct kunit_case xtcp_tcp_cong_cases[] = {
	KUNIT_CASE(xtcp_cong__register_rules),
	KUNIT_CASE(xtcp_cong__slow_start),
	KUNIT_CASE(xtcp_cong__not_cwnd_limited),
	KUNIT_CASE(xtcp_cong__congestion_avoidance),
	KUNIT_CASE(xtcp_cong__limited_transmit),
	KUNIT_CASE(xtcp_cong__tahoe),
	KUNIT_CASE(xtcp_cong__reno),
	KUNIT_CASE(xtcp_cong__newreno),
	KUNIT_CASE(xtcp_cong__timeout),
	KUNIT_CASE(xtcp_cubic__curve),
	KUNIT_CASE(xtcp_cubic__ssthresh),
	KUNIT_CASE(xtcp_cubic__follows_curve),
	KUNIT_CASE(xtcp_cubic__hystart_flat),
	KUNIT_CASE(xtcp_cubic__hystart_css),
	KUNIT_CASE(xtcp_cubic__hystart_threshold),
	KUNIT_CASE(xtcp_cubic__hystart_css_back),
	KUNIT_CASE(xtcp_cubic__idle_shift),
	KUNIT_CASE(xtcp_rto__estimator),
	{}
};

static struct kunit_suite xtcp_tcp_cong_suite = {
	.name = "xtcp_tcp_cong",
	.test_cases = xtcp_tcp_cong_cases,
};

kunit_test_suite(xtcp_tcp_cong_suite);
