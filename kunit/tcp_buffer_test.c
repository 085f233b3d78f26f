// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/tcp/buffer.c's arithmetic, without a socket. The
 * receiver's RTT estimate (smoothed from timestamps, the minimum of
 * whole-window timings), the receive buffer a round trip's reading asks
 * for (twice it plus a cushion, more while the sender's rate grows), and
 * the send buffer a congestion window asks for.
 */
#include <kunit/test.h>
#include <linux/log2.h>
#include <linux/skbuff.h>

#include "tcp/tcp.h"

static void xtcp_buffer__rcv_rtt(struct kunit *test)
{
	u32 est;

	/* The first sample, << 3. */
	est = xtcp_tcp_rcv_rtt_update(0, 1000, false);
	KUNIT_EXPECT_EQ(test, 8000U, est);
	/* Timestamps: smoothed by 1/8. */
	est = xtcp_tcp_rcv_rtt_update(est, 2000, false);
	KUNIT_EXPECT_EQ(test, 9000U, est);
	est = xtcp_tcp_rcv_rtt_update(est, 125, false);
	KUNIT_EXPECT_EQ(test, 8000U, est);
	/* A whole window's time: only a smaller one counts, unsmoothed. */
	est = xtcp_tcp_rcv_rtt_update(est, 500, true);
	KUNIT_EXPECT_EQ(test, 4000U, est);
	est = xtcp_tcp_rcv_rtt_update(est, 5000, true);
	KUNIT_EXPECT_EQ(test, 4000U, est);
	KUNIT_EXPECT_EQ(test, 16U, xtcp_tcp_rcv_rtt_update(0, 2, true));
}

static void xtcp_buffer__rcvbuf_want(struct kunit *test)
{
	const u32 mss = 1460;
	u64 unit = div_u64(xtcp_tcp_rcvbuf_want(0, 1, mss), 16);

	/* Nothing read: the cushion, sixteen segments' memory. */
	KUNIT_EXPECT_EQ(test, 16 * unit, xtcp_tcp_rcvbuf_want(0, 1, mss));
	/* A segment's memory holds at least twice its data. */
	KUNIT_EXPECT_GE(test, xtcp_tcp_win_from_space((int)unit), (int)mss);
	KUNIT_EXPECT_LT(test, unit, 4ULL * mss);
	/* A steady reader: twice a round trip, plus the cushion. */
	KUNIT_EXPECT_EQ(test, (200000 + 16 * mss) / mss * unit,
			xtcp_tcp_rcvbuf_want(100000, 100000, mss));
	/* A reader whose rate doubled: that, three times over. */
	KUNIT_EXPECT_EQ(test, 3 * (200000 + 16 * mss) / mss * unit,
			xtcp_tcp_rcvbuf_want(100000, 50000, mss));
	/* Its window takes twice the round trip's bytes at least. */
	KUNIT_EXPECT_GE(test,
			xtcp_tcp_win_from_space((int)xtcp_tcp_rcvbuf_want(100000,
									  100000,
									  mss)),
			200000);
	/* Not capped here: the caller caps it at tcp_rmem[2]. */
	KUNIT_EXPECT_GT(test, xtcp_tcp_rcvbuf_want(8000000, 1000000, mss),
			(u64)S32_MAX >> 4);
	/* An MSS of 0 does not divide by zero. */
	KUNIT_EXPECT_GT(test, xtcp_tcp_rcvbuf_want(1000, 0, 0), 0ULL);
}

static void xtcp_buffer__sndbuf_want(struct kunit *test)
{
	u64 iw = xtcp_tcp_sndbuf_want(1448, XTCP_TCP_INIT_CWND);
	u64 per = div_u64(iw, 2 * XTCP_TCP_INIT_CWND);

	/* Never less than the initial window's. */
	KUNIT_EXPECT_EQ(test, iw, xtcp_tcp_sndbuf_want(1448, 2));
	KUNIT_EXPECT_EQ(test, 10 * iw, xtcp_tcp_sndbuf_want(1448, 100));
	/* Twice the window, each segment a power-of-two head and its skb. */
	KUNIT_EXPECT_EQ(test, 2ULL * XTCP_TCP_INIT_CWND * per, iw);
	KUNIT_EXPECT_TRUE(test,
			  is_power_of_2(per - SKB_DATA_ALIGN(sizeof(struct sk_buff))));
	KUNIT_EXPECT_GT(test, per, 1448ULL + XTCP_TCP_MAX_HEADER);
}

static struct kunit_case xtcp_tcp_buffer_cases[] = {
	KUNIT_CASE(xtcp_buffer__rcv_rtt),
	KUNIT_CASE(xtcp_buffer__rcvbuf_want),
	KUNIT_CASE(xtcp_buffer__sndbuf_want),
	{}
};

static struct kunit_suite xtcp_tcp_buffer_suite = {
	.name = "xtcp_tcp_buffer",
	.test_cases = xtcp_tcp_buffer_cases,
};

kunit_test_suite(xtcp_tcp_buffer_suite);
