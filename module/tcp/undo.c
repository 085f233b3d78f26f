// SPDX-License-Identifier: GPL-2.0
/*
 * Undoing a window cut that was needless (tcp_input.c's tcp_try_undo_*()
 * and tcp_process_loss()).
 *
 * A path that reorders or delays makes a sender resend what was not
 * lost, and cut its window for it. Three signs show the cut was needless,
 * and each puts the window and threshold back to what they were
 * (xtcp_cc_undo()):
 *
 *  - every resend of the episode came back as a duplicate in a D-SACK
 *    block (RFC 3708): TcpExtTCPDSACKUndo;
 *  - an ACK that ends recovery or advances after a timeout echoes a
 *    timestamp older than the episode's first resend: it acknowledges the
 *    first sending (Eifel detection, RFC 3522): TcpExtTCPFullUndo,
 *    TcpExtTCPLossUndo;
 *  - F-RTO after a timeout (RFC 5682, its SACK variant as Linux runs it):
 *    when the first ACK after the timeout's resend advances SND.UNA, new
 *    data goes instead of more resends; an ACK or SACK then of segments
 *    sent only once, before the timeout, shows they were never lost:
 *    TcpExtTCPSpuriousRTOs. A duplicate ACK or new SACK blocks instead
 *    show a real loss, and the resends go on.
 *
 * A timeout that proves spurious also forgets its loss marks: the
 * segments are in flight after all. The cut of ECN or of a loss probe's
 * repair stands (xtcp_cc_cwr() leaves nothing to restore).
 */
#include <kunit/visibility.h>

#include "core/core.h"
#include "tcp.h"

/**
 * xtcp_tcp_undo_init() - a cut: its episode starts (tcp_init_undo())
 * @u: the undo state
 * @snd_una: SND.UNA now
 */
void xtcp_tcp_undo_init(struct xtcp_tcp_undo *u, u32 snd_una)
{
	u->marker = snd_una;
	u->retrans = -1;
	u->tsval = 0;
	u->on = 1;
	u->frto = XTCP_FRTO_OFF;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_undo_init);

/**
 * xtcp_tcp_undo_resent() - a segment went again in the episode
 * @u: the undo state
 * @tsval: the timestamp value it carries (0 without timestamps); the
 *	first one is kept
 */
void xtcp_tcp_undo_resent(struct xtcp_tcp_undo *u, u32 tsval)
{
	if (!u->on)
		return;
	if (u->retrans < 0)
		u->retrans = 0;
	u->retrans++;
	if (!u->tsval)
		u->tsval = tsval;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_undo_resent);

/**
 * xtcp_tcp_undo_dsack() - a D-SACK block came (tcp_check_dsack())
 * @u: the undo state
 * @start: its start
 * @end: its end
 * @mss: the MSS we send with
 *
 * A duplicate above the episode's start was one of its resends: one
 * fewer (a segment per MSS of it) is left to show needless.
 */
void xtcp_tcp_undo_dsack(struct xtcp_tcp_undo *u, u32 start, u32 end,
			 u32 mss)
{
	u32 segs;

	if (!u->on || u->retrans <= 0 || !xtcp_seq_after(end, u->marker) ||
	    !xtcp_seq_before(start, end))
		return;
	segs = max(DIV_ROUND_UP(end - start, max(mss, 1U)), 1U);
	u->retrans = segs >= (u32)u->retrans ? 0 : u->retrans - segs;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_undo_dsack);

/**
 * xtcp_tcp_undo_delayed() - an ACK echoes a time before the episode's
 *	first resend: it answers the first sending (tcp_packet_delayed())
 * @u: the undo state
 * @tsecr: the ACK's timestamp echo, 0 without one
 *
 * Return: the resend was not needed for this ACK.
 */
bool xtcp_tcp_undo_delayed(const struct xtcp_tcp_undo *u, u32 tsecr)
{
	return u->tsval && tsecr && xtcp_seq_before(tsecr, u->tsval);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_undo_delayed);

/**
 * xtcp_tcp_undo_may() - the episode's cut was needless (tcp_may_undo())
 * @u: the undo state
 * @tsecr: the ACK's timestamp echo, 0 without one
 *
 * Return: every resend was reported a duplicate, or the ACK echoes the
 * first sending.
 */
bool xtcp_tcp_undo_may(const struct xtcp_tcp_undo *u, u32 tsecr)
{
	return u->on && (!u->retrans || xtcp_tcp_undo_delayed(u, tsecr));
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_undo_may);

/**
 * xtcp_tcp_undo_timeout() - the retransmission timer fired
 * @sk: the socket, locked; xtcp_cc_timeout() done
 * @cut: it cut the window: a new episode (not a timeout in recovery, or
 *	one after another)
 * @again: it is not the first timeout of SND.UNA
 *
 * F-RTO runs with the scoreboard, after a new episode's timeout or one
 * that repeats (RFC 5682 3.2), not after one in fast recovery. Without
 * the scoreboard nothing is marked SACKed, and segments the peer holds
 * out of order, acknowledged once the timeout's resend fills the hole,
 * would look like segments sent once that arrived after all.
 */
void xtcp_tcp_undo_timeout(struct sock *sk, bool cut, bool again)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (cut)
		xtcp_tcp_undo_init(&tp->undo, tp->tcb.snd_una);
	tp->undo.frto = XTCP_FRTO_OFF;
	if (READ_ONCE(xtcp_pernet(sock_net(sk))->sysctl.tcp_frto) &&
	    xtcp_tcp_sb_on(tp) && tp->undo.on && (cut || again))
		tp->undo.frto = XTCP_FRTO_WAIT;
}

/* Back to before the cut; a timeout's loss marks go too. */
static void xtcp_tcp_undo_do(struct sock *sk, bool unmark, int mib)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct sk_buff *skb;

	if (unmark) {
		skb_queue_walk(&sk->sk_write_queue, skb) {
			if (skb == tp->send_head)
				break;
			XTCP_TCP_SKB_CB(skb)->sacked &= ~(XTCP_TCP_LOST |
							  XTCP_TCP_RETRANS);
		}
		tp->sb.lost_out = 0;
		tp->sb.retrans_out = 0;
		tp->retransmits = 0;
	}
	xtcp_cc_undo(&tp->cc);
	tp->undo.on = 0;
	tp->undo.frto = XTCP_FRTO_OFF;
	tp->rack.advanced = 1;	/* RACK looks at what is left again */
	XTCP_INC_STATS(net, mib);
}

/*
 * After a timeout (tcp_process_loss()): Eifel, then F-RTO. Step 2b sends
 * new data when the first ACK advances SND.UNA and leaves part of the
 * timeout's flight unacknowledged; step 3 reads the ACK after it.
 */
static void xtcp_tcp_undo_loss(struct sock *sk, const struct xtcp_tcp_sb_tag *t,
			       u32 tsecr, bool orig_acked, bool acked, bool dup)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_undo *u = &tp->undo;
	struct xtcp_tcb *tcb = &tp->tcb;

	if (acked && xtcp_tcp_undo_may(u, tsecr)) {
		xtcp_tcp_undo_do(sk, true, XTCP_MIB_TCPLOSSUNDO);
		return;
	}
	if (!u->frto)
		return;
	/* Step 3b: segments sent once, before the timeout, arrived. */
	if (orig_acked) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPSPURIOUSRTOS);
		xtcp_tcp_undo_do(sk, true, XTCP_MIB_TCPLOSSUNDO);
		return;
	}
	if (xtcp_seq_after(tp->snd_max, tp->cc.high_seq)) {
		/* Step 3a: new data went, and the peer still misses some. */
		if (t->newly_sacked || dup)
			u->frto = XTCP_FRTO_OFF;
	} else if (acked && xtcp_seq_before(tcb->snd_una, tp->cc.high_seq)) {
		/* Step 2b: new data, if there is some and the window takes it. */
		tp->cc.high_seq = tp->snd_max;
		if (tp->send_head &&
		    xtcp_seq_before(XTCP_TCP_SKB_CB(tp->send_head)->seq,
				    tcb->snd_una + tcb->snd_wnd))
			u->frto = XTCP_FRTO_NEW;
		else
			u->frto = XTCP_FRTO_OFF;
	}
}

/**
 * xtcp_tcp_undo_ack() - what an ACK tells of the last cut
 * @sk: the socket, locked; the ACK's SACK blocks tagged, what it
 *	acknowledged freed, congestion control not yet told
 * @seg: the ACK
 * @t: what its SACK blocks did
 * @orig_acked: it acknowledged or SACKed a segment sent only once and
 *	before the episode's end (FLAG_ORIG_SACK_ACKED)
 * @acked: it advanced SND.UNA
 * @dup: it is a duplicate ACK
 */
void xtcp_tcp_undo_ack(struct sock *sk, const struct xtcp_tcp_repr *seg,
		       const struct xtcp_tcp_sb_tag *t, bool orig_acked,
		       bool acked, bool dup)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_undo *u = &tp->undo;
	u32 tsecr = 0;

	if (tp->tcb.ts_ok && (seg->opts.saw & XTCP_TCPOPT_F_TS))
		tsecr = seg->opts.tsecr;
	if (t->dsack)
		xtcp_tcp_undo_dsack(u, seg->opts.sacks[0].start,
				    seg->opts.sacks[0].end, tp->mss_cache);
	if (!u->on)
		return;
	switch (tp->cc.state) {
	case XTCP_CA_LOSS:
		xtcp_tcp_undo_loss(sk, t, tsecr, orig_acked, acked, dup);
		return;
	case XTCP_CA_RECOVERY:
		/* tcp_try_undo_recovery(): at the ACK that ends it. */
		if (acked &&
		    !xtcp_seq_before(tp->tcb.snd_una, tp->cc.high_seq) &&
		    xtcp_tcp_undo_may(u, tsecr)) {
			xtcp_tcp_undo_do(sk, false, XTCP_MIB_TCPFULLUNDO);
			return;
		}
		break;
	}
	/* tcp_try_undo_dsack(): during recovery or after it. */
	if (!u->retrans)
		xtcp_tcp_undo_do(sk, false, XTCP_MIB_TCPDSACKUNDO);
}
