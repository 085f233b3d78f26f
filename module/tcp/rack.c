// SPDX-License-Identifier: GPL-2.0
/*
 * RACK-TLP (RFC 8985; tcp_recovery.c): losses found by time, not by
 * counting. RACK remembers when the newest segment the peer delivered
 * (acknowledged or SACKed) was sent; a segment sent before it and not
 * delivered an RTT plus a reordering window after its own sending is
 * lost. So a lost retransmission is found too, and reordering shorter
 * than the window is not a loss. The Tail Loss Probe sends one segment
 * when the ACKs stop coming with data in flight, so that a loss at the
 * end of a burst draws the SACK that RACK needs instead of a timeout.
 *
 * Socket-free, as scoreboard.c: KUnit drives it with a queue of bare
 * skbs and made-up clocks. Times are the low 32 bits of microseconds
 * (struct xtcp_tcp_skb_cb.sent), compared as signed differences.
 */
#include <linux/skbuff.h>
#include <kunit/visibility.h>

#include "tcp.h"

/* RFC 8985 6.2 RACK_sent_after(): was (t1, seq1) sent after (t2, seq2)? */
static bool rack_sent_after(u32 t1, u32 seq1, u32 t2, u32 seq2)
{
	return (s32)(t1 - t2) > 0 || (t1 == t2 && xtcp_seq_after(seq1, seq2));
}

/**
 * xtcp_rack_delivered() - a segment was acknowledged or SACKed
 *	(RFC 8985 6.2 step 2, tcp_rack_advance())
 * @r: the RACK state
 * @sent_us: when it was last sent
 * @end_seq: its end
 * @retrans: it was sent more than once
 * @now_us: the time
 * @min_rtt_us: the smallest RTT seen, 0 before one
 *
 * A segment sent again whose RTT comes out below the minimum was most
 * likely delivered by its first copy: it tells nothing.
 */
void xtcp_rack_delivered(struct xtcp_rack *r, u32 sent_us, u32 end_seq,
			 bool retrans, u32 now_us, u32 min_rtt_us)
{
	u32 rtt = now_us - sent_us;

	if (retrans && rtt < min_rtt_us)
		return;
	if (!r->rtt_us || rack_sent_after(sent_us, end_seq, r->xmit_us,
					  r->end_seq)) {
		r->rtt_us = max(rtt, 1U);
		r->xmit_us = sent_us;
		r->end_seq = end_seq;
		r->advanced = 1;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rack_delivered);

/**
 * xtcp_rack_reo_wnd() - the reordering window (RFC 8985 6.2 step 4,
 *	tcp_rack_reo_wnd())
 * @r: the RACK state
 * @min_rtt_us: the smallest RTT seen
 * @srtt_us: the smoothed RTT
 * @recovering: in recovery or loss
 * @sacked_out: segments SACKed
 *
 * Until the path was seen to reorder, none during recovery or once
 * DupThresh segments are SACKed: losses are found as fast as by counting.
 * Otherwise a quarter of the minimum RTT, times the steps D-SACKs added
 * (xtcp_rack_dsack()), at most the smoothed RTT.
 *
 * Return: microseconds.
 */
u32 xtcp_rack_reo_wnd(const struct xtcp_rack *r, u32 min_rtt_us,
		      u32 srtt_us, bool recovering, u32 sacked_out)
{
	if (!r->reord && (recovering || sacked_out >= XTCP_TCP_DUPTHRESH))
		return 0;
	return min(min_rtt_us / 4 * max_t(u32, r->reo_wnd_mult, 1), srtt_us);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rack_reo_wnd);

/**
 * xtcp_rack_dsack() - a D-SACK came: a resend was spurious, the window
 *	too small (RFC 8985 6.2 step 4, tcp_rack_update_reo_wnd())
 * @r: the RACK state
 * @snd_una: SND.UNA
 * @snd_nxt: SND.NXT
 *
 * The window grows by a quarter of the minimum RTT, once per round trip,
 * and stays grown for 16 recoveries.
 */
void xtcp_rack_dsack(struct xtcp_rack *r, u32 snd_una, u32 snd_nxt)
{
	r->reord = 1;
	if (r->dsack_round && xtcp_seq_before(snd_una, r->dsack_seq))
		return;
	r->dsack_round = 1;
	r->dsack_seq = snd_nxt;
	if (r->reo_wnd_mult < U8_MAX)
		r->reo_wnd_mult = max_t(u8, r->reo_wnd_mult, 1) + 1;
	r->reo_wnd_persist = XTCP_RACK_RECOVERY_THRESH;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rack_dsack);

/**
 * xtcp_rack_recovery() - a recovery began: the grown window lasts one
 *	fewer (RFC 8985 6.2 step 4)
 * @r: the RACK state
 */
void xtcp_rack_recovery(struct xtcp_rack *r)
{
	if (r->reo_wnd_persist && !--r->reo_wnd_persist)
		r->reo_wnd_mult = 1;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rack_recovery);

/**
 * xtcp_rack_detect_loss() - mark what RACK deems lost (RFC 8985 6.2
 *	step 5, tcp_rack_detect_loss())
 * @r: the RACK state
 * @sb: the scoreboard
 * @q: the write queue
 * @end: the first segment not in flight, or NULL
 * @now_us: the time
 * @reo_wnd_us: xtcp_rack_reo_wnd()
 * @timeout_us: filled in: 0, or how long until the next segment sent
 *	before the newest delivered one would be deemed lost (the reorder
 *	timer)
 *
 * A lost segment that was sent again and whose copy is overdue too is
 * lost again: it leaves the retransmitted count and goes once more. The
 * walk, from SND.UNA, ends at the first segment sent once and after the
 * newest delivered one.
 *
 * Return: segments newly deemed lost.
 */
u32 xtcp_rack_detect_loss(struct xtcp_rack *r, struct xtcp_tcp_sb *sb,
			  struct sk_buff_head *q, const struct sk_buff *end,
			  u32 now_us, u32 reo_wnd_us, u32 *timeout_us)
{
	struct xtcp_tcp_skb_cb *cb;
	struct sk_buff *skb;
	u32 marked = 0;
	s32 left;

	*timeout_us = 0;
	r->advanced = 0;
	if (!r->rtt_us)
		return 0;
	skb_queue_walk(q, skb) {
		if (skb == end)
			break;
		cb = XTCP_TCP_SKB_CB(skb);
		if ((cb->sacked & XTCP_TCP_SACKED) ||
		    (cb->sacked & (XTCP_TCP_LOST | XTCP_TCP_RETRANS)) ==
		    XTCP_TCP_LOST)
			continue;
		if (!rack_sent_after(r->xmit_us, r->end_seq, cb->sent,
				     cb->end_seq)) {
			/*
			 * Sent once, after the newest delivered: so was every
			 * later segment, first copies going in sequence order
			 * and resends after them. Linux walks a list sorted by
			 * send time; without it, this keeps the walk as short
			 * when nothing is lost.
			 */
			if (!cb->retrans)
				break;
			continue;
		}
		left = (s32)(cb->sent + r->rtt_us + reo_wnd_us - now_us);
		if (left > 0) {
			*timeout_us = max_t(u32, *timeout_us, left);
			continue;
		}
		marked += xtcp_tcp_sb_lost_again(sb, skb);
	}
	return marked;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rack_detect_loss);

/**
 * xtcp_tlp_timeout() - the probe timeout (RFC 8985 7.2, tcp_schedule_loss_probe())
 * @srtt_us: the smoothed RTT, 0 before a sample
 * @packets_out: segments in flight
 * @rto_us: the retransmission timeout
 *
 * Two smoothed RTTs; with one segment in flight, room for the peer's
 * delayed ACK too (WCDelAckT, 200 ms), as 1.5 RTT + 200 ms. At least
 * 10 ms, never past the RTO. One second before there is an RTT sample.
 *
 * Return: microseconds.
 */
u32 xtcp_tlp_timeout(u32 srtt_us, u32 packets_out, u32 rto_us)
{
	u32 pto;

	if (!srtt_us)
		pto = USEC_PER_SEC;
	else if (packets_out == 1)
		pto = max(2 * srtt_us,
			  srtt_us + srtt_us / 2 + XTCP_TLP_DELACK_US);
	else
		pto = 2 * srtt_us;
	pto = max_t(u32, pto, 10 * USEC_PER_MSEC);
	return min(pto, rto_us);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tlp_timeout);
