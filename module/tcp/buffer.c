// SPDX-License-Identifier: GPL-2.0
/*
 * Buffer auto-tuning, as Linux's: the receive buffer follows what the
 * reader takes per round trip (tcp_rcv_space_adjust(), "dynamic right
 * sizing"), and the send buffer follows the congestion window
 * (tcp_sndbuf_expand()).
 *
 * A receive buffer of tcp_rmem[1] (128 KB) is a window of 64 KB: enough
 * for a LAN, but at 5 ms it holds a sender to about 100 Mbit/s. So the
 * receiver measures its own round-trip time (from the timestamps it
 * echoes, or else from how long one window takes to arrive), counts the
 * bytes the reader copied in each round trip, and when that grew, sizes
 * the buffer for twice it (a loss's worth of cushion), more again for a
 * sender still in slow start, and at most tcp_rmem[2]. The window it
 * advertises grows with it. SO_RCVBUF set by the user, or
 * tcp_moderate_rcvbuf 0, turns it off.
 *
 * The send buffer holds what is in flight and what waits: twice the
 * congestion window, in the memory a segment's skb takes. It is sized so
 * when the connection opens and grows whenever an ACK frees space while
 * the window was not full (the buffer, not the window, held the sender).
 */
#include <linux/log2.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "tcp.h"

/**
 * xtcp_tcp_rcv_rtt_update() - a receiver RTT sample (tcp_rcv_rtt_update())
 * @est: the estimate, microseconds << 3, 0 before a sample
 * @sample_us: the sample
 * @win_dep: it was taken by timing a whole window, and so may be long
 *	when the sender paused: only a smaller one counts. A timestamp
 *	sample is smoothed by 1/8 instead.
 *
 * Return: the new estimate.
 */
u32 xtcp_tcp_rcv_rtt_update(u32 est, u32 sample_us, bool win_dep)
{
	long m = sample_us;

	if (!est)
		return sample_us << 3;
	if (!win_dep)
		return est + (u32)(m - (est >> 3));
	m <<= 3;
	return m < est ? m : est;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_rcv_rtt_update);

/* The memory one full-sized segment of @mss takes in a queue. */
static u32 xtcp_tcp_seg_mem(u32 mss)
{
	return roundup_pow_of_two(mss + XTCP_TCP_MAX_HEADER +
				  SKB_DATA_ALIGN(sizeof(struct skb_shared_info))) +
	       SKB_DATA_ALIGN(sizeof(struct sk_buff));
}

/**
 * xtcp_tcp_rcvbuf_want() - the receive buffer a round trip's reading asks
 *	for (tcp_rcv_space_adjust()'s arithmetic)
 * @copied: bytes the reader took in the last round trip
 * @space: bytes it took in the one before, the last measure; not 0
 * @advmss: the MSS we advertise
 *
 * Twice @copied, to ride out a loss, plus sixteen segments of cushion;
 * then for a sender that grows (slow start doubles per round trip, and
 * the window we offer now is used one round trip later) that much again
 * times twice the growth ratio. Each segment is charged the memory its
 * skb takes (at least twice its data, as the window is half the buffer).
 *
 * Return: bytes, not capped.
 */
u64 xtcp_tcp_rcvbuf_want(u32 copied, u32 space, u32 advmss)
{
	u64 rcvwin, grow;
	u32 rcvmem;

	advmss = max(advmss, 1U);
	space = max(space, 1U);
	rcvwin = ((u64)copied << 1) + 16 * (u64)advmss;
	if (copied > space) {
		grow = div_u64(rcvwin * (copied - space), space);
		rcvwin += grow << 1;
	}
	rcvmem = SKB_TRUESIZE(advmss + XTCP_TCP_MAX_HEADER);
	while (xtcp_tcp_win_from_space(rcvmem) < (int)advmss)
		rcvmem += 128;
	return div_u64(rcvwin, advmss) * rcvmem;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_rcvbuf_want);

/**
 * xtcp_tcp_sndbuf_want() - the send buffer a congestion window asks for
 *	(tcp_sndbuf_expand()'s arithmetic)
 * @mss: the MSS we send with
 * @cwnd: the congestion window, segments
 *
 * Twice the window (at least the initial ten segments), each segment
 * charged its skb's memory: a power-of-two head with the headers and the
 * shared info, and the sk_buff. Recovery keeps up to a window in flight
 * and the reader may be slow to refill: twice is Linux's cushion.
 *
 * Return: bytes, not capped.
 */
u64 xtcp_tcp_sndbuf_want(u32 mss, u32 cwnd)
{
	return 2ULL * max_t(u32, cwnd, XTCP_TCP_INIT_CWND) *
	       xtcp_tcp_seg_mem(mss);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sndbuf_want);

static void xtcp_tcp_sndbuf_expand(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int max = READ_ONCE(xtcp_pernet(sock_net(sk))->sysctl.tcp_wmem[2]);
	u64 want = xtcp_tcp_sndbuf_want(tp->mss_cache, tp->cc.cwnd);

	if (want > sk->sk_sndbuf)
		WRITE_ONCE(sk->sk_sndbuf, (int)min_t(u64, want, max));
}

/**
 * xtcp_tcp_init_buffer_space() - the connection opened (tcp_init_buffer_space())
 * @sk: the socket, locked
 *
 * The send buffer for the initial window; the reader's first measure
 * starts, counting from what the initial window can bring.
 */
void xtcp_tcp_init_buffer_space(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK))
		xtcp_tcp_sndbuf_expand(sk);
	tp->rcvq_space.space = min_t(u32, tp->tcb.rcv_wnd,
				     XTCP_TCP_INIT_CWND * tp->advmss);
	tp->rcvq_space.seq = tp->copied_seq;
	tp->rcvq_space.time_us = xtcp_tcp_now_us();
	tp->rcv_rtt.rtt_us = 0;
	tp->rcv_rtt.time_us = 0;
}

/**
 * xtcp_tcp_new_space() - an ACK freed send buffer (tcp_new_space())
 * @sk: the socket, locked
 *
 * The buffer grows when the window was not full: it, not the window,
 * held the sender back. A writer waiting for room is woken.
 */
void xtcp_tcp_new_space(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK) &&
	    !sk_under_memory_pressure(sk) &&
	    xtcp_tcp_in_flight(tp) < tp->cc.cwnd)
		xtcp_tcp_sndbuf_expand(sk);
	if (sk->sk_socket && test_bit(SOCK_NOSPACE, &sk->sk_socket->flags))
		sk->sk_write_space(sk);
}

/**
 * xtcp_tcp_rcv_rtt_measure() - in-order data arrived: a receiver RTT
 *	sample, if it gives one (tcp_rcv_rtt_measure(), _ts())
 * @sk: the socket, locked
 * @seg: the segment
 * @len: its data bytes
 *
 * With timestamps, a full-sized segment whose echo is new: our clock now
 * less the echo. Without, the time a window took to arrive: from when
 * RCV.NXT was last sampled until it passed the right edge offered then.
 */
void xtcp_tcp_rcv_rtt_measure(struct sock *sk, const struct xtcp_tcp_repr *seg,
			      u32 len)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_rcv_rtt *r = &tp->rcv_rtt;
	u64 now = xtcp_tcp_now_us();
	u32 delta;

	if (tp->tcb.ts_ok && (seg->opts.saw & XTCP_TCPOPT_F_TS) &&
	    seg->opts.tsecr) {
		if (seg->opts.tsecr == r->last_tsecr)
			return;
		r->last_tsecr = seg->opts.tsecr;
		if (len < tp->rcv_mss)
			return;
		delta = xtcp_tcp_ts_now() + tp->ts_off - seg->opts.tsecr;
		if (delta >= INT_MAX / USEC_PER_MSEC)
			return;
		r->rtt_us = xtcp_tcp_rcv_rtt_update(r->rtt_us,
						    max(delta, 1U) * USEC_PER_MSEC,
						    false);
		return;
	}
	if (r->time_us) {
		if (xtcp_seq_before(tp->tcb.rcv_nxt, r->seq))
			return;
		delta = (u32)min_t(u64, now - r->time_us, U32_MAX >> 3);
		r->rtt_us = xtcp_tcp_rcv_rtt_update(r->rtt_us, max(delta, 1U),
						    true);
	}
	r->seq = tp->tcb.rcv_nxt + tp->tcb.rcv_wnd;
	r->time_us = now;
}

/**
 * xtcp_tcp_rcv_space_adjust() - the reader took data (tcp_rcv_space_adjust())
 * @sk: the socket, locked
 *
 * Once per receiver RTT: if the reader took more than in the round trip
 * before, the buffer grows to what xtcp_tcp_rcvbuf_want() asks, at most
 * tcp_rmem[2], and the window may grow with it.
 */
void xtcp_tcp_rcv_space_adjust(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_sysctl *sc = &xtcp_pernet(sock_net(sk))->sysctl;
	u64 now = xtcp_tcp_now_us();
	u32 copied;

	if (!tp->rcv_rtt.rtt_us ||
	    now - tp->rcvq_space.time_us < tp->rcv_rtt.rtt_us >> 3)
		return;
	copied = tp->copied_seq - tp->rcvq_space.seq;
	if (copied > tp->rcvq_space.space) {
		if (READ_ONCE(sc->tcp_moderate_rcvbuf) &&
		    !(sk->sk_userlocks & SOCK_RCVBUF_LOCK)) {
			u64 want = xtcp_tcp_rcvbuf_want(copied,
							tp->rcvq_space.space,
							tp->advmss);
			int rcvbuf = min_t(u64, want,
					   READ_ONCE(sc->tcp_rmem[2]));

			if (rcvbuf > sk->sk_rcvbuf)
				WRITE_ONCE(sk->sk_rcvbuf, rcvbuf);
		}
		tp->rcvq_space.space = copied;
	}
	tp->rcvq_space.seq = tp->copied_seq;
	tp->rcvq_space.time_us = now;
}
