// SPDX-License-Identifier: GPL-2.0
/*
 * SACK blocks a receiver reports (RFC 2018, D-SACK RFC 2883), as
 * tcp_input.c's tcp_sack_new_ofo_skb(), tcp_sack_remove() and
 * tcp_dsack_set(), socket-free:
 *
 *  - out-of-order data goes into the block that holds it, merged with any
 *    block it touches, and that block moves to the front: the first block
 *    names the most recent segment, the others follow in the order they
 *    were last reported (RFC 2018 4);
 *  - when RCV.NXT moves, blocks it passed go and one it entered is
 *    trimmed;
 *  - a duplicate segment, below RCV.NXT or of data in the out-of-order
 *    queue (input.c), is reported once, as the first block of the next
 *    segment sent (D-SACK, RFC 2883 4);
 *  - dropped out-of-order data (memory pressure) takes every block with
 *    it, as tcp_prune_ofo_queue() resets them: no block may claim data
 *    the receiver no longer holds.
 */
#include <linux/string.h>
#include <kunit/visibility.h>

#include "tcp.h"

/* The blocks touch or overlap: one range covers both. */
static bool xtcp_sack_touch(const struct xtcp_tcp_sack_block *a,
			    const struct xtcp_tcp_sack_block *b)
{
	return !xtcp_seq_after(a->start, b->end) &&
	       !xtcp_seq_after(b->start, a->end);
}

/**
 * xtcp_tcp_sack_add() - out-of-order data [@start, @end) was queued
 * @s: the receiver's blocks
 * @start: its first sequence number
 * @end: the sequence number after it
 */
void xtcp_tcp_sack_add(struct xtcp_tcp_sack_state *s, u32 start, u32 end)
{
	struct xtcp_tcp_sack_block nb = { start, end };
	unsigned int i = 0, n;

	if (!xtcp_seq_before(start, end))
		return;
	/* Fold every block it touches into it. */
	while (i < s->nr) {
		struct xtcp_tcp_sack_block *b = &s->blocks[i];

		if (!xtcp_sack_touch(b, &nb)) {
			i++;
			continue;
		}
		if (xtcp_seq_before(b->start, nb.start))
			nb.start = b->start;
		if (xtcp_seq_after(b->end, nb.end))
			nb.end = b->end;
		memmove(b, b + 1, (s->nr - i - 1) * sizeof(*b));
		s->nr--;
	}
	/* First; the oldest falls off a full list. */
	n = min_t(unsigned int, s->nr, XTCP_TCP_MAX_SACKS - 1);
	memmove(&s->blocks[1], &s->blocks[0], n * sizeof(nb));
	s->blocks[0] = nb;
	s->nr = n + 1;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sack_add);

/**
 * xtcp_tcp_sack_advance() - RCV.NXT moved to @rcv_nxt
 * @s: the receiver's blocks
 * @rcv_nxt: the new RCV.NXT
 */
void xtcp_tcp_sack_advance(struct xtcp_tcp_sack_state *s, u32 rcv_nxt)
{
	unsigned int i = 0;

	while (i < s->nr) {
		struct xtcp_tcp_sack_block *b = &s->blocks[i];

		if (!xtcp_seq_after(b->end, rcv_nxt)) {
			memmove(b, b + 1, (s->nr - i - 1) * sizeof(*b));
			s->nr--;
			continue;
		}
		if (xtcp_seq_before(b->start, rcv_nxt))
			b->start = rcv_nxt;
		i++;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sack_advance);

/**
 * xtcp_tcp_sack_dup() - a duplicate [@start, @end) came (D-SACK)
 * @s: the receiver's blocks
 * @start: first duplicate sequence number
 * @end: the sequence number after the duplicate part
 *
 * A later duplicate before the next segment sent replaces it.
 */
void xtcp_tcp_sack_dup(struct xtcp_tcp_sack_state *s, u32 start, u32 end)
{
	if (!xtcp_seq_before(start, end))
		return;
	s->dup.start = start;
	s->dup.end = end;
	s->has_dup = true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sack_dup);

/**
 * xtcp_tcp_sack_reset() - forget every block (out-of-order data dropped)
 * @s: the receiver's blocks
 */
void xtcp_tcp_sack_reset(struct xtcp_tcp_sack_state *s)
{
	s->nr = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sack_reset);

/**
 * xtcp_tcp_sack_fill() - the blocks of the next segment sent
 * @s: the receiver's blocks; a D-SACK is reported once and forgotten
 * @rcv_nxt: the ACK the segment carries
 * @out: XTCP_TCP_MAX_SACKS blocks, filled in wire order
 *
 * No block goes out at or below the ACK: a peer reads a first block
 * below its ACK as a D-SACK (RFC 2883 4), a spurious resend of ours it
 * never made. The queue may drain, and ACKs go, before the receive path
 * moves the blocks on (xtcp_tcp_sack_advance()); this moves them first.
 *
 * Return: how many; the option writer keeps as many as fit (3 beside
 * timestamps).
 */
unsigned int xtcp_tcp_sack_fill(struct xtcp_tcp_sack_state *s, u32 rcv_nxt,
				struct xtcp_tcp_sack_block *out)
{
	unsigned int n = 0, i;

	xtcp_tcp_sack_advance(s, rcv_nxt);

	if (s->has_dup) {
		out[n++] = s->dup;
		s->has_dup = false;
	}
	for (i = 0; i < s->nr && n < XTCP_TCP_MAX_SACKS; i++)
		out[n++] = s->blocks[i];
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sack_fill);

/**
 * xtcp_tcp_sack_shows_ooo() - does an ACK say the peer holds data above it?
 * @seg: a duplicate ACK's segment (SND.UNA and the window unchanged)
 * @sack_ok: SACK was agreed
 *
 * Without SACK every duplicate ACK counts toward fast retransmit (RFC 5681
 * 3.2). With it, only one whose blocks name data above its cumulative ACK
 * does, as Linux counts SACKed segments rather than duplicates: an ACK
 * with no block, or with only a D-SACK of data below it (RFC 2883), says
 * that a segment we sent twice arrived twice, not that one was lost. A
 * go-back-N resend of data the peer already held would otherwise draw
 * duplicate ACKs that start another fast retransmit, and so on.
 *
 * Return: whether it counts as a sign of loss.
 */
bool xtcp_tcp_sack_shows_ooo(const struct xtcp_tcp_repr *seg, bool sack_ok)
{
	unsigned int i;

	if (!sack_ok)
		return true;
	if (!(seg->opts.saw & XTCP_TCPOPT_F_SACK))
		return false;
	for (i = 0; i < seg->opts.nr_sacks; i++)
		if (xtcp_seq_after(seg->opts.sacks[i].start, seg->ack))
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_sack_shows_ooo);
