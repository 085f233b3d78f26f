// SPDX-License-Identifier: GPL-2.0
/*
 * The sender's scoreboard (RFC 6675; tcp_input.c's tcp_sacktag_write_queue(),
 * tcp_mark_head_lost() and tcp_timeout_mark_lost()): of the segments in
 * flight, which ones the peer holds (its SACK blocks said so), which are
 * deemed lost, and which of those went out again. Each segment's flags
 * are in its cb (XTCP_TCP_SACKED, _LOST, _RETRANS); the counts are in a
 * struct xtcp_tcp_sb, and RFC 6675's pipe follows from them
 * (xtcp_tcp_sb_pipe()).
 *
 * Socket-free: each function takes the write queue and the first segment
 * not in flight (the send head, NULL when all of it is), so KUnit drives
 * them with a queue of bare skbs.
 *
 * A write-queue segment is at most one MSS (the sender splits a larger
 * one before it goes, xtcp_tcp_fragment()), so a block that covers part
 * of a segment does not tag it: Linux too rounds a partial cover of a
 * one-MSS segment to nothing (tcp_match_skb_to_sack()). The walks are
 * linear in the segments in flight, and run only for ACKs that carry
 * blocks; Linux keeps the queue in an rbtree with hints instead.
 */
#include <linux/skbuff.h>
#include <linux/sort.h>
#include <kunit/visibility.h>

#include "tcp.h"

/**
 * xtcp_tcp_sb_reset() - nothing in flight is SACKed or lost
 * @sb: the scoreboard
 * @snd_una: SND.UNA (unused until the scoreboard keeps a position)
 *
 * The caller clears the flags of the segments still queued.
 */
void xtcp_tcp_sb_reset(struct xtcp_tcp_sb *sb, u32 snd_una)
{
	memset(sb, 0, sizeof(*sb));
	sb->high_sacked = snd_una;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_reset);

/* The segments in flight: from the head of @q up to @end (NULL: all). */
static struct sk_buff *sb_first(struct sk_buff_head *q,
				const struct sk_buff *end)
{
	struct sk_buff *skb = skb_peek(q);

	return skb == end ? NULL : skb;
}

static struct sk_buff *sb_next(struct sk_buff_head *q, struct sk_buff *skb,
			       const struct sk_buff *end)
{
	skb = skb_queue_is_last(q, skb) ? NULL : skb->next;
	return skb == end ? NULL : skb;
}

static void sb_sack_one(struct xtcp_tcp_sb *sb, struct sk_buff *skb,
			u32 prior_high, struct xtcp_tcp_sb_tag *out)
{
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);

	/* Sent once and overtaken by what was SACKed before: reordering. */
	if (!cb->retrans && xtcp_seq_before(cb->end_seq, prior_high))
		out->reord = 1;
	/* The one sent last, for RACK (RFC 8985 RACK_sent_after()). */
	if (!out->newly_sacked || (s32)(cb->sent - out->sent_us) > 0 ||
	    (cb->sent == out->sent_us &&
	     xtcp_seq_after(cb->end_seq, out->end_seq))) {
		out->sent_us = cb->sent;
		out->end_seq = cb->end_seq;
		out->retrans = !!cb->retrans;
	}
	if (!sb->sacked_out || xtcp_seq_after(cb->end_seq, sb->high_sacked))
		sb->high_sacked = cb->end_seq;
	if (!cb->retrans &&
	    (!out->orig || xtcp_seq_before(cb->end_seq, out->orig_end))) {
		out->orig = 1;
		out->orig_end = cb->end_seq;
	}

	if (cb->sacked & XTCP_TCP_LOST) {
		sb->lost_out--;
		out->lost_sacked++;
	}
	if (cb->sacked & XTCP_TCP_RETRANS) {
		sb->retrans_out--;
		out->rtx_sacked++;
	}
	cb->sacked = XTCP_TCP_SACKED;
	sb->sacked_out++;
	out->newly_sacked++;
}

static int sb_block_cmp(const void *a, const void *b)
{
	const struct xtcp_tcp_sack_block *x = a, *y = b;

	return xtcp_seq_before(x->start, y->start) ? -1 :
	       x->start != y->start;
}

/*
 * RFC 2883 4: the first block reports a duplicate when it lies below the
 * cumulative ACK, or inside the second block (tcp_check_dsack()).
 */
static bool sb_first_is_dsack(const struct xtcp_tcp_opts *o, u32 ack)
{
	const struct xtcp_tcp_sack_block *b = o->sacks;

	if (xtcp_seq_before(b[0].start, ack))
		return true;
	return o->nr_sacks > 1 &&
	       !xtcp_seq_after(b[0].end, b[1].end) &&
	       !xtcp_seq_before(b[0].start, b[1].start);
}

/**
 * xtcp_tcp_sb_tag() - an ACK's SACK blocks onto the scoreboard
 * @sb: the scoreboard
 * @q: the write queue, sorted by sequence number
 * @end: the first segment not in flight, or NULL
 * @o: the ACK's options; its blocks count when XTCP_TCPOPT_F_SACK is set
 * @snd_una: SND.UNA, after the ACK
 * @snd_max: the highest sequence number sent, plus one
 * @out: filled in: what changed
 *
 * A block must end within SND.UNA..SND.MAX and not be empty, or it is
 * ignored (tcp_is_sackblock_valid()); a D-SACK block is counted and tags
 * nothing. A segment the blocks cover whole becomes SACKED, and stops
 * counting as lost or as sent again.
 */
void xtcp_tcp_sb_tag(struct xtcp_tcp_sb *sb, struct sk_buff_head *q,
		     const struct sk_buff *end, const struct xtcp_tcp_opts *o,
		     u32 snd_una, u32 snd_max, struct xtcp_tcp_sb_tag *out)
{
	struct xtcp_tcp_sack_block blk[XTCP_TCP_MAX_SACKS];
	u32 prior_high = sb->sacked_out ? sb->high_sacked : snd_una;
	unsigned int i, n = 0, first = 0;
	struct xtcp_tcp_skb_cb *cb;
	struct sk_buff *skb;

	memset(out, 0, sizeof(*out));
	if (!(o->saw & XTCP_TCPOPT_F_SACK) || !o->nr_sacks)
		return;
	if (sb_first_is_dsack(o, snd_una)) {
		out->dsack = 1;
		sb->dsacks++;
		first = 1;
	}
	for (i = first; i < o->nr_sacks && i < XTCP_TCP_MAX_SACKS; i++) {
		const struct xtcp_tcp_sack_block *b = &o->sacks[i];

		if (!xtcp_seq_before(b->start, b->end) ||
		    xtcp_seq_after(b->end, snd_max) ||
		    !xtcp_seq_after(b->end, snd_una)) {
			out->invalid++;
			continue;
		}
		blk[n++] = *b;
	}
	if (!n)
		return;
	/* One pass over the queue, the blocks in sequence order. */
	sort(blk, n, sizeof(blk[0]), sb_block_cmp, NULL);
	i = 0;
	for (skb = sb_first(q, end); skb; skb = sb_next(q, skb, end)) {
		cb = XTCP_TCP_SKB_CB(skb);
		while (i < n && !xtcp_seq_after(blk[i].end, cb->seq))
			i++;
		if (i == n)
			break;
		if (cb->sacked & XTCP_TCP_SACKED)
			continue;
		if (!xtcp_seq_before(cb->seq, blk[i].start) &&
		    !xtcp_seq_after(cb->end_seq, blk[i].end))
			sb_sack_one(sb, skb, prior_high, out);
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_tag);

static void sb_mark(struct xtcp_tcp_sb *sb, struct xtcp_tcp_skb_cb *cb)
{
	cb->sacked |= XTCP_TCP_LOST;
	sb->lost_out++;
}

/**
 * xtcp_tcp_sb_mark_lost() - RFC 6675's IsLost() over what is in flight
 * @sb: the scoreboard
 * @q: the write queue
 * @end: the first segment not in flight, or NULL
 * @dupthresh: DupThresh, 3
 * @mss: SMSS
 *
 * A segment not SACKed is lost once @dupthresh segments above it are
 * SACKed, or more than (@dupthresh - 1) * @mss bytes (RFC 6675 4). The
 * walk goes down from the newest segment and stops at the first one
 * already lost: everything below it was marked with it.
 *
 * Return: segments newly deemed lost.
 */
u32 xtcp_tcp_sb_mark_lost(struct xtcp_tcp_sb *sb, struct sk_buff_head *q,
			  const struct sk_buff *end, u32 dupthresh, u32 mss)
{
	u32 sacked = 0, bytes = 0, marked = 0;
	struct xtcp_tcp_skb_cb *cb;
	struct sk_buff *skb;

	if (!sb->sacked_out)
		return 0;
	skb = end ? end->prev : skb_peek_tail(q);
	for (; skb && skb != (struct sk_buff *)q; skb = skb->prev) {
		cb = XTCP_TCP_SKB_CB(skb);
		if (cb->sacked & XTCP_TCP_SACKED) {
			sacked++;
			bytes += cb->end_seq - cb->seq;
			continue;
		}
		if (cb->sacked & XTCP_TCP_LOST)
			break;
		if (sacked >= dupthresh || bytes > (dupthresh - 1) * mss) {
			sb_mark(sb, cb);
			marked++;
		}
	}
	return marked;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_mark_lost);

/**
 * xtcp_tcp_sb_mark_all_lost() - a timeout: all not SACKed is lost
 * @sb: the scoreboard
 * @q: the write queue
 * @end: the first segment not in flight, or NULL
 *
 * What was sent again is lost again. When the peer SACKed the segment at
 * SND.UNA and still did not acknowledge it, it reneged: it may have
 * thrown away what it SACKed, so nothing counts as SACKed any more
 * (tcp_timeout_mark_lost()).
 *
 * Return: segments deemed lost.
 */
u32 xtcp_tcp_sb_mark_all_lost(struct xtcp_tcp_sb *sb, struct sk_buff_head *q,
			      const struct sk_buff *end)
{
	struct sk_buff *skb = skb_peek(q);
	struct xtcp_tcp_skb_cb *cb;
	bool reneged;

	reneged = skb && skb != end &&
		  (XTCP_TCP_SKB_CB(skb)->sacked & XTCP_TCP_SACKED);
	if (reneged)
		sb->sacked_out = 0;
	sb->lost_out = 0;
	sb->retrans_out = 0;
	for (skb = sb_first(q, end); skb; skb = sb_next(q, skb, end)) {
		cb = XTCP_TCP_SKB_CB(skb);
		if (reneged)
			cb->sacked &= ~XTCP_TCP_SACKED;
		cb->sacked &= ~XTCP_TCP_RETRANS;
		if (!(cb->sacked & XTCP_TCP_SACKED))
			sb_mark(sb, cb);
	}
	return sb->lost_out;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_mark_all_lost);

/**
 * xtcp_tcp_sb_mark_one_lost() - deem one segment lost (fast retransmit)
 * @sb: the scoreboard
 * @skb: a segment in flight
 */
void xtcp_tcp_sb_mark_one_lost(struct xtcp_tcp_sb *sb, struct sk_buff *skb)
{
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);

	if (!(cb->sacked & (XTCP_TCP_LOST | XTCP_TCP_SACKED)))
		sb_mark(sb, cb);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_mark_one_lost);

/**
 * xtcp_tcp_sb_lost_again() - a segment, sent again or not, is lost now
 *	(tcp_mark_skb_lost())
 * @sb: the scoreboard
 * @skb: a segment in flight; a SACKed one is left alone
 *
 * A resend deemed lost too stops counting as in flight, and the segment
 * goes once more.
 *
 * Return: whether anything changed.
 */
bool xtcp_tcp_sb_lost_again(struct xtcp_tcp_sb *sb, struct sk_buff *skb)
{
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);

	if (cb->sacked & XTCP_TCP_SACKED)
		return false;
	if (cb->sacked & XTCP_TCP_RETRANS) {
		cb->sacked &= ~XTCP_TCP_RETRANS;
		sb->retrans_out--;
		return true;
	}
	if (cb->sacked & XTCP_TCP_LOST)
		return false;
	sb_mark(sb, cb);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_lost_again);

/**
 * xtcp_tcp_sb_retransmitted() - a lost segment went out again
 * @sb: the scoreboard
 * @skb: the segment; one not deemed lost is marked so first
 */
void xtcp_tcp_sb_retransmitted(struct xtcp_tcp_sb *sb, struct sk_buff *skb)
{
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);

	xtcp_tcp_sb_mark_one_lost(sb, skb);
	if ((cb->sacked & (XTCP_TCP_LOST | XTCP_TCP_RETRANS)) ==
	    XTCP_TCP_LOST) {
		cb->sacked |= XTCP_TCP_RETRANS;
		sb->retrans_out++;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_retransmitted);

/**
 * xtcp_tcp_sb_acked() - a segment in flight was acknowledged cumulatively
 * @sb: the scoreboard
 * @skb: the segment, about to leave the queue
 */
void xtcp_tcp_sb_acked(struct xtcp_tcp_sb *sb, const struct sk_buff *skb)
{
	u8 s = XTCP_TCP_SKB_CB(skb)->sacked;

	if (s & XTCP_TCP_SACKED)
		sb->sacked_out--;
	if (s & XTCP_TCP_LOST)
		sb->lost_out--;
	if (s & XTCP_TCP_RETRANS)
		sb->retrans_out--;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_acked);

/**
 * xtcp_tcp_sb_split() - a segment in flight was split in two
 * @sb: the scoreboard
 * @skb: the new second part, with the first part's flags
 */
void xtcp_tcp_sb_split(struct xtcp_tcp_sb *sb, const struct sk_buff *skb)
{
	u8 s = XTCP_TCP_SKB_CB(skb)->sacked;

	if (s & XTCP_TCP_SACKED)
		sb->sacked_out++;
	if (s & XTCP_TCP_LOST)
		sb->lost_out++;
	if (s & XTCP_TCP_RETRANS)
		sb->retrans_out++;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sb_split);
