// SPDX-License-Identifier: GPL-2.0
/*
 * TCP receive, as tcp_ipv4.c's tcp_v4_rcv() and tcp_input.c: checksum and
 * header checks, the lookup of the connection, listener or minisock a
 * segment belongs to, and a full socket's processing of it: the state
 * machine core (fsm.c) decides, this file queues the data, frees what the
 * peer acknowledged, measures the RTT and sends or delays the ACK.
 *
 * Softirq finds the socket under RCU with a reference, then takes
 * bh_lock_sock(); when the user owns the socket the segment goes to its
 * backlog, which release_sock() runs through xtcp_tcp_backlog_rcv().
 * Request minisocks are processed under their listener's lock.
 */
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/ip.h>
#include <net/inet_ecn.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "core/trace.h"
#include "csum.h"
#include "tcp.h"

static void xtcp_tcp_drop(struct net *net, struct sk_buff *skb,
			  enum xtcp_drop_reason reason)
{
	xtcp_drop_count(xtcp_pernet(net), XTCP_LAYER_TCP, reason, skb);
	kfree_skb(skb);
}

/* Parse the header at skb->data; the payload is the rest of the skb. */
static enum xtcp_drop_reason xtcp_tcp_skb_parse(struct sk_buff *skb,
						struct xtcp_tcp_repr *seg)
{
	const struct xtcp_tcp_hdr *th;
	unsigned int doff;
	enum xtcp_drop_reason r;

	if (!pskb_may_pull(skb, XTCP_TCP_HLEN))
		return XTCP_DROP_TRUNCATED;
	th = (const struct xtcp_tcp_hdr *)skb->data;
	doff = (ntohs(th->doff_flags) >> 12) * 4;
	if (doff < XTCP_TCP_HLEN || doff > skb->len)
		return XTCP_DROP_TCP_BAD_DOFF;
	if (!pskb_may_pull(skb, doff))
		return XTCP_DROP_TRUNCATED;
	r = xtcp_tcp_parse(skb->data, doff, seg);
	if (r)
		return r;
	seg->payload = NULL;
	seg->payload_len = skb->len - doff;
	return XTCP_DROP_NONE;
}

static bool xtcp_tcp_skb_csum_ok(struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	__wsum sum;

	if (skb_csum_unnecessary(skb))
		return true;
	sum = xtcp_csum_skb(skb, 0, skb->len, 0);
	sum = xtcp_csum_pseudo(cb->saddr, cb->daddr, IPPROTO_TCP, skb->len,
			       sum);
	return !xtcp_csum_fold(sum);
}

static void xtcp_tcp_fill_cb(struct sk_buff *skb,
			     const struct xtcp_tcp_repr *seg)
{
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);

	cb->seq = seg->seq;
	cb->end_seq = seg->seq + seg->payload_len +
		      !!(seg->flags & XTCP_TCPF_SYN) +
		      !!(seg->flags & XTCP_TCPF_FIN);
	cb->flags = seg->flags;
	cb->retrans = 0;
}

/* The ACKs the state machine asked for, now or delayed. */
static void xtcp_tcp_ack_act(struct sock *sk, const struct xtcp_tcp_fsm_act *act)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (act->flags & XTCP_TCP_ACT_CHALLENGE_ACK)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPCHALLENGEACK);
	if (act->flags & (XTCP_TCP_ACT_SEND_ACK | XTCP_TCP_ACT_CHALLENGE_ACK)) {
		xtcp_tcp_send_ack(sk);
	} else if (act->flags & XTCP_TCP_ACT_DELAY_ACK) {
		/* At least every second full segment (RFC 5681 4.2). */
		if (++tp->ack_pending >= 2)
			xtcp_tcp_send_ack(sk);
		else
			xtcp_tcp_delack_arm(sk);
	}
}

/* Data at @off of @skb's payload, @len bytes at @seq: trim @skb to it. */
static bool xtcp_tcp_trim_to(struct sk_buff *skb, unsigned int hlen,
			     u32 off, u32 len, u32 seq)
{
	if (!pskb_pull(skb, hlen + off) || pskb_trim(skb, len))
		return false;
	XTCP_TCP_SKB_CB(skb)->seq = seq;
	XTCP_TCP_SKB_CB(skb)->end_seq = seq + len;
	return true;
}

static void xtcp_tcp_queue_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	skb_set_owner_r(skb, sk);
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	tp->bytes_received += skb->len;
}

/*
 * Out-of-order data into the sorted queue (tcp_data_queue_ofo()). Data it
 * repeats, of the segment before it or after it, is reported once as a
 * D-SACK (RFC 2883 4.2): a sender that resent it too early learns so. A
 * segment the one before it holds whole is not queued again. Other
 * overlaps are kept, trimmed as the queue drains.
 *
 * Return: whether @skb was queued; if not, the caller frees it.
 */
static bool xtcp_tcp_ooo_queue(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb), *o;
	struct sk_buff *pos, *next;
	u32 dup_start = 0, dup_end = 0;

	skb_queue_reverse_walk(&tp->ooo, pos) {
		if (!xtcp_seq_after(XTCP_TCP_SKB_CB(pos)->seq, cb->seq))
			break;
	}
	if (pos != (struct sk_buff *)&tp->ooo) {
		o = XTCP_TCP_SKB_CB(pos);
		if (xtcp_seq_after(o->end_seq, cb->seq)) {
			dup_start = cb->seq;
			dup_end = xtcp_seq_before(o->end_seq, cb->end_seq) ?
				  o->end_seq : cb->end_seq;
			if (dup_end == cb->end_seq && !(cb->flags & XTCP_TCPF_FIN)) {
				if (tp->tcb.sack_ok)
					xtcp_tcp_sack_dup(&tp->sack, dup_start,
							  dup_end);
				return false;
			}
		}
		next = skb_queue_is_last(&tp->ooo, pos) ? NULL : pos->next;
		__skb_queue_after(&tp->ooo, pos, skb);
	} else {
		next = skb_peek(&tp->ooo);
		__skb_queue_head(&tp->ooo, skb);
	}
	if (dup_start == dup_end && next &&
	    xtcp_seq_before(XTCP_TCP_SKB_CB(next)->seq, cb->end_seq)) {
		o = XTCP_TCP_SKB_CB(next);
		dup_start = o->seq;
		dup_end = xtcp_seq_before(o->end_seq, cb->end_seq) ?
			  o->end_seq : cb->end_seq;
	}
	if (dup_start != dup_end && tp->tcb.sack_ok)
		xtcp_tcp_sack_dup(&tp->sack, dup_start, dup_end);
	skb_set_owner_r(skb, sk);
	return true;
}

/*
 * Drop out-of-order data from the end of the queue, down to what lies
 * beyond @seq, until the receive buffer is back under SO_RCVBUF
 * (tcp_prune_ofo_queue()). It goes in steps of an eighth of the buffer, so
 * a queue of small segments is not emptied one skb at a time for nothing.
 * The peer still holds that data and sends it again.
 *
 * Return: whether anything was dropped.
 */
static bool xtcp_tcp_prune_ofo(struct sock *sk, u32 seq)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	int goal = sk->sk_rcvbuf >> 3;
	bool pruned = false;
	struct sk_buff *skb;

	while ((skb = skb_peek_tail(&tp->ooo))) {
		/* Data that would land last in the queue prunes nothing. */
		if (xtcp_seq_after(seq, XTCP_TCP_SKB_CB(skb)->seq))
			break;
		__skb_unlink(skb, &tp->ooo);
		goal -= skb->truesize;
		pruned = true;
		xtcp_tcp_drop(net, skb, XTCP_DROP_TCP_OFO_PRUNE);
		if (goal <= 0 || skb_queue_empty(&tp->ooo)) {
			if (atomic_read(&sk->sk_rmem_alloc) <= sk->sk_rcvbuf)
				break;
			goal = sk->sk_rcvbuf >> 3;
		}
	}
	if (pruned) {
		XTCP_INC_STATS(net, XTCP_MIB_OFOPRUNED);
		/* No block may claim data we no longer hold. */
		xtcp_tcp_sack_reset(&tp->sack);
	}
	return pruned;
}

/*
 * Whether the receive buffer takes @skb's data, which starts at @seq
 * (tcp_try_rmem_schedule()). Over SO_RCVBUF, the out-of-order data beyond
 * @seq makes room first: a full queue of it in front of a hole would
 * otherwise refuse the segment that fills the hole, and every resend of
 * it, while the reader has nothing to read and so frees nothing.
 */
static bool xtcp_tcp_rmem_room(struct sock *sk, struct sk_buff *skb, u32 seq)
{
	struct net *net = sock_net(sk);

	if (atomic_read(&sk->sk_rmem_alloc) <= sk->sk_rcvbuf &&
	    sk_rmem_schedule(sk, skb, skb->truesize))
		return true;
	XTCP_INC_STATS(net, XTCP_MIB_PRUNECALLED);
	xtcp_tcp_prune_ofo(sk, seq);
	if (atomic_read(&sk->sk_rmem_alloc) > sk->sk_rcvbuf) {
		XTCP_INC_STATS(net, XTCP_MIB_RCVPRUNED);
		return false;
	}
	while (!sk_rmem_schedule(sk, skb, skb->truesize)) {
		if (!xtcp_tcp_prune_ofo(sk, seq))
			return false;
	}
	return true;
}

static void xtcp_tcp_state_act(struct sock *sk,
			       const struct xtcp_tcp_fsm_act *act);

/*
 * After in-order data: what the out-of-order queue now continues. The
 * caller ACKs once after it (RFC 5681 4.2: at once when a gap is filled),
 * not every second segment drained.
 *
 * Return: whether anything was taken from the queue.
 */
static bool xtcp_tcp_ooo_drain(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcb *tcb = &tp->tcb;
	struct xtcp_tcp_fsm_cfg cfg;
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcp_skb_cb *cb;
	struct sk_buff *skb;
	bool fin, drained = false;
	u32 len;

	xtcp_tcp_fsm_cfg(sk, &cfg);
	while ((skb = skb_peek(&tp->ooo))) {
		cb = XTCP_TCP_SKB_CB(skb);
		if (xtcp_seq_after(cb->seq, tcb->rcv_nxt))
			break;
		__skb_unlink(skb, &tp->ooo);
		drained = true;
		fin = cb->flags & XTCP_TCPF_FIN;
		if (!xtcp_seq_after(cb->end_seq, tcb->rcv_nxt) && !fin) {
			kfree_skb(skb);	/* all of it came in order already */
			continue;
		}
		if (xtcp_seq_before(cb->seq, tcb->rcv_nxt)) {
			u32 old = tcb->rcv_nxt - cb->seq;

			old = min_t(u32, old, skb->len);
			if (!pskb_pull(skb, old)) {
				kfree_skb(skb);
				continue;
			}
			cb->seq = tcb->rcv_nxt;
		}
		len = skb->len;
		if (len)
			xtcp_tcp_queue_rcv(sk, skb);
		else
			kfree_skb(skb);
		xtcp_tcp_fsm_rcv_advance(tcb, &cfg, len, fin,
					 xtcp_tcp_now_us(), &act);
		act.flags &= ~(XTCP_TCP_ACT_SEND_ACK | XTCP_TCP_ACT_DELAY_ACK);
		xtcp_tcp_state_act(sk, &act);
		if (fin)
			break;
	}
	return drained;
}

/**
 * xtcp_tcp_cc_prep() - what congestion control reads from the socket
 * @tp: the socket, before a call into cong.c
 */
void xtcp_tcp_cc_prep(struct xtcp_tcp_sock *tp)
{
	tp->cc.in_flight = xtcp_tcp_in_flight(tp);
	tp->cc.now_us = xtcp_tcp_now_us();
	tp->cc.pipe = xtcp_tcp_sb_on(tp);
}

/**
 * xtcp_tcp_set_recovery() - XTCP_RECOVERY: a new loss-recovery mode
 * @sk: the socket, locked
 * @mode: XTCP_RECOVERY_*
 *
 * What the peer SACKed is forgotten: the duplicate-ACK mode keeps no
 * such marks, and the RFC 6675 mode learns them again from the next
 * blocks. What is deemed lost stays lost.
 */
void xtcp_tcp_set_recovery(struct sock *sk, u8 mode)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct sk_buff *skb;

	tp->recovery = mode;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		XTCP_TCP_SKB_CB(skb)->sacked &= ~XTCP_TCP_SACKED;
	}
	tp->sb.sacked_out = 0;
}

/* What congestion control asked to send again (cong.c). */
static void xtcp_tcp_cc_act(struct sock *sk, unsigned int what, u8 prior)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct sk_buff *skb;

	trace_xtcp_tcp_probe(sk, tp->tcb.snd_una, tp->tcb.snd_nxt,
			     tp->cc.cwnd, tp->cc.ssthresh, tp->srtt_us >> 3,
			     tp->rttvar_us >> 2, jiffies_to_usecs(tp->rto),
			     xtcp_tcp_in_flight(tp), tp->cc.state,
			     tp->sb.sacked_out, tp->sb.lost_out);

	if (tp->cc.state >= XTCP_CA_RECOVERY && prior < XTCP_CA_RECOVERY) {
		xtcp_tcp_undo_init(&tp->undo, tp->tcb.snd_una);
		tp->rack.tlp_out = 0;	/* recovery takes over from a probe */
		xtcp_rack_recovery(&tp->rack);
	}
	if (tp->cc.state == XTCP_CA_RECOVERY && prior != XTCP_CA_RECOVERY)
		XTCP_INC_STATS(net, tp->cc.pipe ? XTCP_MIB_TCPSACKRECOVERY :
						  XTCP_MIB_TCPRENORECOVERY);
	if (what & XTCP_CC_GO_BACK) {
		/* Tahoe: all of it again, as the window grows from one. */
		XTCP_INC_STATS(net, XTCP_MIB_TCPFASTRETRANS);
		xtcp_tcp_sb_mark_all_lost(&tp->sb, &sk->sk_write_queue,
					  tp->send_head);
		tp->rtx_reason = XTCP_TCP_RTX_FAST;
	} else if (what & XTCP_CC_RETRANSMIT) {
		/*
		 * Fast retransmit, or NewReno's next hole: the segment at
		 * SND.UNA now, whatever the window (RFC 6675 5 step 4.3).
		 */
		skb = skb_peek(&sk->sk_write_queue);
		if (!skb || skb == tp->send_head ||
		    (XTCP_TCP_SKB_CB(skb)->sacked & XTCP_TCP_RETRANS))
			return;
		xtcp_tcp_retransmit_skb(sk, skb, !tp->cc.pipe ?
					XTCP_TCP_RTX_FAST : tp->rtx_reason);
		xtcp_tcp_reset_rto(sk);
	}
}

/*
 * ECN on receive (RFC 3168 6.1.1-6.1.3; tcp_ecn_rcv_synack(),
 * tcp_ecn_accept_cwr(), tcp_ecn_check_ce()): the SYN-ACK that agrees to
 * it; then CWR from the peer ends our echo, and a CE mark on its data
 * starts it, with an ACK at once.
 */
static void xtcp_tcp_ecn_rcv(struct sock *sk, const struct sk_buff *skb,
			     const struct xtcp_tcp_repr *seg,
			     struct xtcp_tcp_fsm_act *act)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcb *tcb = &tp->tcb;

	if ((act->flags & XTCP_TCP_ACT_ESTABLISHED) &&
	    act->old_state == XTCP_TCP_SYN_SENT)
		tcb->ecn_ok = (tp->ecn_flags & XTCP_ECN_SYN_SENT) &&
			      xtcp_tcp_ecn_synack_agrees(seg->flags);
	if (!tcb->ecn_ok || act->drop == XTCP_TCP_FSM_DROP_PAWS ||
	    act->drop == XTCP_TCP_FSM_DROP_SEQ || !seg->payload_len)
		return;
	if (seg->flags & XTCP_TCPF_CWR)
		tp->ecn_flags &= ~XTCP_ECN_DEMAND_CWR;
	if (INET_ECN_is_ce(XTCP_SKB_CB(skb)->tos)) {
		if (!(tp->ecn_flags & XTCP_ECN_DEMAND_CWR))
			XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPECNCE);
		tp->ecn_flags |= XTCP_ECN_DEMAND_CWR;
		act->flags |= XTCP_TCP_ACT_SEND_ACK;
	}
}

/*
 * ECE on an ACK (RFC 3168 6.1.2, tcp_enter_cwr()): the network marked our
 * data. The window is cut as for a loss, once per window of data and
 * never in recovery, which cut it already; the next new data says CWR.
 */
static void xtcp_tcp_ecn_ece(struct sock *sk, const struct xtcp_tcp_repr *seg,
			     u32 delivered)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (!tp->tcb.ecn_ok || !(seg->flags & XTCP_TCPF_ECE) ||
	    (seg->flags & XTCP_TCPF_SYN))
		return;
	XTCP_ADD_STATS(sock_net(sk), XTCP_MIB_TCPDELIVEREDCE, delivered);
	if ((tp->ecn_flags & XTCP_ECN_CUT) &&
	    xtcp_seq_before(tp->tcb.snd_una, tp->ecn_high))
		return;
	/* A reduction or recovery cut the window already: only say so. */
	tp->ecn_flags |= XTCP_ECN_QUEUE_CWR;
	if (tp->cc.state >= XTCP_CA_CWR)
		return;
	xtcp_cc_enter_cwr(&tp->cc, tp->snd_max);
	tp->undo.on = 0;	/* a cut that stands */
	tp->ecn_high = tp->snd_max;
	tp->ecn_flags |= XTCP_ECN_CUT;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPECNREDUCE);
}

/*
 * An ACK's SACK blocks onto the scoreboard (tcp_sacktag_write_queue()).
 * For RACK, the newest segment they deliver and any reordering they show.
 */
static void xtcp_tcp_sacktag(struct sock *sk, const struct xtcp_tcp_repr *seg,
			     struct xtcp_tcp_sb_tag *t)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	memset(t, 0, sizeof(*t));
	if (!xtcp_tcp_sb_on(tp))
		return;
	xtcp_tcp_sb_tag(&tp->sb, &sk->sk_write_queue, tp->send_head,
			&seg->opts, tp->tcb.snd_una, tp->snd_max, t);
	if (t->dsack)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPDSACKRECV);
	if (t->reord)
		tp->rack.reord = 1;
	if (t->dsack && xtcp_tcp_rack_on(tp))
		xtcp_rack_dsack(&tp->rack, tp->tcb.snd_una, tp->tcb.snd_nxt);
	if (t->newly_sacked && xtcp_tcp_rack_on(tp))
		xtcp_rack_delivered(&tp->rack, t->sent_us, t->end_seq,
				    t->retrans, (u32)xtcp_tcp_now_us(),
				    tp->cc.min_rtt_us);
}

/*
 * Free what SND.UNA now covers (tcp_clean_rtx_queue()), and take the RTT
 * sample: Karn's algorithm takes one only from a segment sent once,
 * unless the ACK's timestamp echo gives one (RFC 7323 4).
 *
 * Return: segments that were in flight and are acknowledged now;
 * @delivered counts those of them not SACKed before.
 */
static u32 xtcp_tcp_clean_rtx(struct sock *sk, u32 acked,
			      const struct xtcp_tcp_repr *seg, long *rtt_us,
			      u32 *delivered, bool *orig)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 high = tp->sb.high_sacked, sacked = tp->sb.sacked_out;
	u32 segs = 0, tsecr = 0, now = (u32)xtcp_tcp_now_us();
	struct xtcp_tcb *tcb = &tp->tcb;
	struct xtcp_tcp_skb_cb *cb, newest = { };
	bool in_flight = true, have_newest = false;
	bool rtx_acked = false;
	struct sk_buff *skb;
	long rtt = -1;

	/*
	 * Everything below SND.UNA goes, sent once or again; only what was
	 * in flight (before the send head) counts in packets_out. A
	 * simultaneous open moves the send head back to the SYN, so
	 * acknowledged segments may follow it.
	 */
	while ((skb = skb_peek(&sk->sk_write_queue))) {
		cb = XTCP_TCP_SKB_CB(skb);
		if (xtcp_seq_after(cb->end_seq, tcb->snd_una))
			break;
		if (skb == tp->send_head) {
			tp->send_head = skb_queue_is_last(&sk->sk_write_queue, skb) ?
					NULL : skb->next;
			in_flight = false;
		}
		if (in_flight) {
			/*
			 * Karn: none once anything sent again is acked. A
			 * SACKed segment was delivered long before this
			 * ACK: no sample either. The oldest sent gives it
			 * (tcp_clean_rtx_queue()'s first_ackt).
			 */
			if (cb->retrans)
				rtx_acked = true;
			else if (!(cb->sacked & XTCP_TCP_SACKED) && rtt < 0)
				rtt = now - cb->sent;
			/* Sent once, never SACKed, overtaken: reordering. */
			if (sacked && !cb->retrans &&
			    !(cb->sacked & XTCP_TCP_SACKED) &&
			    xtcp_seq_before(cb->end_seq, high))
				tp->rack.reord = 1;
			if (!(cb->sacked & XTCP_TCP_SACKED) &&
			    (!have_newest ||
			     (s32)(cb->sent - newest.sent) >= 0)) {
				newest = *cb;
				have_newest = true;
			}
			if (!(cb->sacked & XTCP_TCP_SACKED))
				(*delivered)++;
			/* Sent once, before the episode's end (F-RTO). */
			if (!cb->retrans && !(cb->sacked & XTCP_TCP_SACKED) &&
			    !xtcp_seq_after(cb->end_seq, tp->cc.high_seq))
				*orig = true;
			xtcp_tcp_sb_acked(&tp->sb, skb);
			segs++;
		}
		__skb_unlink(skb, &sk->sk_write_queue);
		sk_wmem_queued_add(sk, -skb->truesize);
		sk_mem_uncharge(sk, skb->truesize);
		__kfree_skb(skb);
	}
	tp->packets_out -= min(segs, tp->packets_out);
	tp->bytes_acked += acked;
	tp->retransmits = 0;
	tp->backoff = 0;
	tp->retrans_stamp = 0;
	if (rtx_acked)
		rtt = -1;
	if (tcb->ts_ok && (seg->opts.saw & XTCP_TCPOPT_F_TS))
		tsecr = seg->opts.tsecr;
	rtt = xtcp_rtt_pick(rtt, tsecr, xtcp_tcp_ts_now() + tp->ts_off);
	if (rtt >= 0) {
		rtt = max(rtt, 1L);
		xtcp_tcp_rtt_sample(tp, rtt);
	}
	*rtt_us = rtt;
	if (have_newest && xtcp_tcp_rack_on(tp))
		xtcp_rack_delivered(&tp->rack, newest.sent, newest.end_seq,
				    newest.retrans, now, tp->cc.min_rtt_us);
	return segs;
}

/*
 * A duplicate ACK by RFC 5681's definition: data outstanding, no data or
 * SYN/FIN on it, SND.UNA and the window unchanged (the caller checked
 * the window). With SACK, one only if its blocks show data above it, and
 * then whatever its window: Linux counts SACKed segments, not ACKs, and
 * a Linux receiver opens its window a little with every ACK it sends
 * while its buffer grows, so under the strict rule none of its duplicate
 * ACKs counted and a loss early in a transfer waited for the RTO.
 */
static bool xtcp_tcp_is_dupack(struct sock *sk,
			       const struct xtcp_tcp_repr *seg)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);

	return tp->packets_out && skb && skb != tp->send_head &&
	       !seg->payload_len && seg->ack == tp->tcb.snd_una &&
	       !(seg->flags & (XTCP_TCPF_SYN | XTCP_TCPF_FIN)) &&
	       xtcp_tcp_sack_shows_ooo(seg, tp->tcb.sack_ok);
}

/*
 * What is lost now, by the scoreboard's rule: RACK's clock (RFC 8985),
 * or RFC 6675's IsLost() when new SACK blocks came.
 *
 * Return: a segment in flight is deemed lost.
 */
static bool xtcp_tcp_detect_loss(struct sock *sk,
				 const struct xtcp_tcp_sb_tag *t)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct sk_buff_head *q = &sk->sk_write_queue;
	u32 reo;

	if (!xtcp_tcp_sb_on(tp))
		return false;
	if (xtcp_tcp_rack_on(tp)) {
		if (!tp->rack.advanced && !tp->rack.reo_us)
			return tp->sb.lost_out;
		reo = xtcp_rack_reo_wnd(&tp->rack, tp->cc.min_rtt_us,
					tp->srtt_us >> 3,
					tp->cc.state >= XTCP_CA_RECOVERY,
					tp->sb.sacked_out);
		if (xtcp_rack_detect_loss(&tp->rack, &tp->sb, q, tp->send_head,
					  (u32)xtcp_tcp_now_us(), reo,
					  &tp->rack.reo_us))
			tp->rtx_reason = XTCP_TCP_RTX_RACK;
	} else if (t->newly_sacked &&
		   xtcp_tcp_sb_mark_lost(&tp->sb, q, tp->send_head,
					 XTCP_TCP_DUPTHRESH, tp->mss_cache)) {
		tp->rtx_reason = XTCP_TCP_RTX_SACK;
	}
	return tp->sb.lost_out;
}

/*
 * The end of a tail loss probe's episode (RFC 8985 7.4.2,
 * tcp_process_tlp_ack()): once SND.UNA reaches what was sent when it
 * went. A probe that resent a segment and drew no D-SACK repaired a
 * loss: the window is cut once.
 */
static void xtcp_tcp_tlp_ack(struct sock *sk, u32 segs,
			     const struct xtcp_tcp_sb_tag *t)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (!tp->rack.tlp_out)
		return;
	if (t->dsack && tp->rack.tlp_retrans) {
		tp->rack.tlp_out = 0;		/* both copies arrived */
		return;
	}
	if (!segs || xtcp_seq_before(tp->tcb.snd_una, tp->rack.tlp_high_seq))
		return;
	tp->rack.tlp_out = 0;
	if (tp->rack.tlp_retrans) {
		xtcp_cc_cwr(&tp->cc);
		tp->undo.on = 0;	/* a cut that stands */
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPLOSSPROBERECOVERY);
	}
}

/* The retransmission timer after an ACK (tcp_set_xmit_timer()). */
static void xtcp_tcp_ack_timer(struct sock *sk, u32 segs)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (!tp->packets_out) {
		if (timer_pending(&tp->retrans_timer) &&
		    (!tp->send_head || tp->tcb.snd_wnd))
			sk_stop_timer(sk, &tp->retrans_timer);
		return;
	}
	if (tp->rack.reo_us)
		xtcp_tcp_reo_arm(sk, tp->rack.reo_us);
	else if (segs || tp->timer_what == XTCP_TCP_TIMER_REO)
		xtcp_tcp_rearm(sk);
}

/*
 * An ACK the core took (tcp_ack()): SACK blocks onto the scoreboard, free
 * what it acknowledges, find what is lost, then congestion control
 * decides what goes again (cong.c).
 */
static void xtcp_tcp_ack(struct sock *sk, const struct xtcp_tcp_repr *seg,
			 const struct xtcp_tcp_fsm_act *act)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_sb_tag t;
	struct xtcp_cc_ack a = {
		.prior_in_flight = xtcp_tcp_in_flight(tp),
		.rtt_us = -1,
	};
	u8 prior_state = tp->cc.state;
	bool orig = false;

	xtcp_tcp_sacktag(sk, seg, &t);
	a.delivered = t.newly_sacked;
	if (act->flags & XTCP_TCP_ACT_ACKED)
		a.acked = xtcp_tcp_clean_rtx(sk, act->acked, seg, &a.rtt_us,
					     &a.delivered, &orig);
	else if (!(act->flags & XTCP_TCP_ACT_WND_UPDATE) ||
		 (tp->tcb.sack_ok && (seg->opts.saw & XTCP_TCPOPT_F_SACK)))
		a.dup = xtcp_tcp_is_dupack(sk, seg);
	if (t.orig && !xtcp_seq_after(t.orig_end, tp->cc.high_seq))
		orig = true;
	xtcp_tcp_undo_ack(sk, seg, &t, orig, act->flags & XTCP_TCP_ACT_ACKED,
			  a.dup);
	prior_state = tp->cc.state;
	a.lost = xtcp_tcp_detect_loss(sk, &t);
	xtcp_tcp_tlp_ack(sk, a.acked, &t);
	xtcp_tcp_ecn_ece(sk, seg, a.delivered);
	/* In RACK mode duplicates are not counted: time decides. */
	if (xtcp_tcp_rack_on(tp))
		a.dup = false;
	a.ack = tp->tcb.snd_una;
	a.snd_max = tp->snd_max;
	if (a.acked || a.dup || a.lost) {
		xtcp_tcp_cc_prep(tp);
		xtcp_tcp_cc_act(sk, xtcp_cc_ack(&tp->cc, &a), prior_state);
	}
	if (act->flags & XTCP_TCP_ACT_ACKED || tp->rack.reo_us)
		xtcp_tcp_ack_timer(sk, a.acked);
	if (act->flags & XTCP_TCP_ACT_ACKED)
		xtcp_tcp_new_space(sk);
}

/**
 * xtcp_tcp_rack_timeout() - RACK's reorder timer fired (tcp_rack_reo_timeout())
 * @sk: the socket, locked, with segments in flight
 */
void xtcp_tcp_rack_timeout(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_sb_tag t = { };
	struct xtcp_cc_ack a = {
		.ack = tp->tcb.snd_una,
		.prior_in_flight = xtcp_tcp_in_flight(tp),
		.snd_max = tp->snd_max,
		.rtt_us = -1,
	};
	u8 prior_state = tp->cc.state;

	a.lost = xtcp_tcp_detect_loss(sk, &t);
	if (a.lost) {
		xtcp_tcp_cc_prep(tp);
		xtcp_tcp_cc_act(sk, xtcp_cc_ack(&tp->cc, &a), prior_state);
		xtcp_tcp_push(sk);
	}
	if (tp->rack.reo_us)
		xtcp_tcp_reo_arm(sk, tp->rack.reo_us);
	else
		xtcp_tcp_reset_rto(sk);
}

/*
 * Whether the core took the segment's ACK: it dropped nothing, or only
 * text that came after the ACK was processed.
 */
static bool xtcp_tcp_ack_taken(const struct xtcp_tcp_fsm_act *act)
{
	switch (act->drop) {
	case XTCP_TCP_FSM_DROP_NONE:
	case XTCP_TCP_FSM_DROP_WINDOW:
	case XTCP_TCP_FSM_DROP_AFTER_FIN:
		return true;
	default:
		return act->flags & XTCP_TCP_ACT_ACKED;
	}
}

/*
 * tcp_measure_rcv_mss(): the size of the peer's segments, from the ones
 * that arrive in order: any at least as large, or a full-sized one (no
 * PSH, URG or FIN: not a remnant) of at least TCP_MIN_MSS, header
 * included. It decides when a few bytes in the queue may wait for more
 * (SO_RCVLOWAT), and TCP_INFO reports it.
 */
static void xtcp_tcp_measure_rcv_mss(struct xtcp_tcp_sock *tp, u32 len,
				     unsigned int hlen, u16 flags)
{
	if (!len)
		return;
	if (len >= tp->rcv_mss) {
		tp->rcv_mss = min_t(u32, len, tp->advmss);
		return;
	}
	len += hlen;
	if (len >= XTCP_TCP_DEFAULT_MSS + XTCP_TCP_HLEN ||
	    (len >= XTCP_TCP_MIN_MSS + XTCP_TCP_HLEN &&
	     !(flags & (XTCP_TCPF_PSH | XTCP_TCPF_URG | XTCP_TCPF_FIN |
			XTCP_TCPF_SYN | XTCP_TCPF_RST))))
		tp->rcv_mss = len;
}

/* The connection is open (tcp_finish_connect(), tcp_rcv_state_process()). */
static void xtcp_tcp_established(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 mtu;

	mtu = xtcp_dst_mtu(sock_net(sk), &xtcp_sk(sk)->inet.dst, sk->sk_daddr,
			   sk->sk_rcv_saddr);
	xtcp_tcp_sync_mss(sk, mtu ? : 1500);
	/*
	 * tcp_initialize_rcv_mss(): a guess until segments arrive, unless
	 * the one that completed a passive open carried data.
	 */
	if (!tp->rcv_mss)
		tp->rcv_mss = clamp_t(u32, min3((u32)tp->advmss,
						(u32)tp->mss_cache,
						tp->tcb.rcv_wnd / 2),
				      XTCP_TCP_MIN_MSS, XTCP_TCP_DEFAULT_MSS);
	tp->rcv_wup = tp->tcb.rcv_nxt;
	tp->rcv_adv_wnd = tp->tcb.rcv_wnd;
	/* Nothing read yet: the first byte after the peer's SYN. Not
	 * RCV.NXT: the segment that completes a passive open may carry data
	 * (its ACK overtook the handshake's last one), and that data is
	 * queued before this runs.
	 */
	tp->copied_seq = tp->tcb.irs + 1;
	tp->snd_max = max_t(u32, tp->snd_max, tp->tcb.snd_nxt);
	tp->rcv_tstamp = jiffies;
	xtcp_tcp_init_buffer_space(sk);
	if (sock_flag(sk, SOCK_KEEPOPEN))
		xtcp_tcp_keepalive_arm(sk);
}

/* What a state change the core reported means for the socket. */
static void xtcp_tcp_state_act(struct sock *sk,
			       const struct xtcp_tcp_fsm_act *act)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);

	if (act->flags & XTCP_TCP_ACT_EOF) {
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		sock_set_flag(sk, SOCK_DONE);
		skb_queue_purge(&tp->ooo);
		if (!sock_flag(sk, SOCK_DEAD)) {
			sk->sk_state_change(sk);
			if (sk->sk_shutdown == SHUTDOWN_MASK ||
			    sk->sk_state == TCP_CLOSE)
				sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_HUP);
			else
				sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
		}
	}
	if (act->flags & XTCP_TCP_ACT_ESTABLISHED) {
		/*
		 * The window bookkeeping starts at the peer's SYN before the
		 * ACK below computes its window from it: an active open had
		 * RCV.WUP 0 there, so the right edge it "kept" was garbage,
		 * and for about half the peers' ISNs the handshake's ACK
		 * offered the largest window there is (8 MB at scale 7) over
		 * a 128 KB buffer.
		 */
		tp->rcv_wup = tp->tcb.rcv_nxt;
		tp->rcv_adv_wnd = tp->tcb.rcv_wnd;
	}
	xtcp_tcp_ack_act(sk, act);
	if (act->flags & XTCP_TCP_ACT_TIMER_ARM) {
		u64 now = xtcp_tcp_now_us();
		u64 d = act->deadline > now ? act->deadline - now : 0;

		sk_reset_timer(sk, &tp->keepalive_timer,
			       jiffies + usecs_to_jiffies(d));
	}
	if (act->new_state == act->old_state)
		return;
	if (act->flags & XTCP_TCP_ACT_CLOSED) {
		if (act->err == ECONNRESET || act->err == ECONNREFUSED) {
			XTCP_INC_STATS(net, act->old_state == XTCP_TCP_SYN_SENT ||
				       act->old_state == XTCP_TCP_SYN_RECEIVED ?
				       XTCP_MIB_TCPATTEMPTFAILS :
				       XTCP_MIB_TCPESTABRESETS);
		}
		xtcp_tcp_done(sk, act->err);
		return;
	}
	if (act->new_state == XTCP_TCP_TIME_WAIT) {
		xtcp_tcp_time_wait(sk);
		return;
	}
	xtcp_tcp_set_state(sk, act->new_state);
	if (act->flags & XTCP_TCP_ACT_ESTABLISHED) {
		xtcp_tcp_established(sk);
		if (!sock_flag(sk, SOCK_DEAD)) {
			sk->sk_state_change(sk);
			sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
		}
	}
	if (act->new_state == XTCP_TCP_FIN_WAIT_2 && !sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/**
 * xtcp_tcp_rcv_skb() - a full socket's segment (tcp_rcv_state_process())
 * @sk: the socket, bh-locked and not owned, or owned (backlog)
 * @skb: the segment, skb->data at the TCP header; consumed
 */
static void xtcp_tcp_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcb *tcb = &tp->tcb;
	struct net *net = sock_net(sk);
	struct xtcp_tcp_fsm_cfg cfg;
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcp_repr seg;
	enum xtcp_drop_reason r;
	unsigned int hlen;
	u32 seq0;

	r = xtcp_tcp_skb_parse(skb, &seg);
	if (r) {
		xtcp_tcp_drop(net, skb, r);
		return;
	}
	hlen = seg.hdr_len;
	tp->segs_in++;
	tp->rcv_tstamp = jiffies;
	tp->probes_out = 0;

	/* No room for its data: take its ACK, drop its text (and FIN). */
	seq0 = seg.seq + !!(seg.flags & XTCP_TCPF_SYN);
	if (seg.payload_len && !xtcp_tcp_rmem_room(sk, skb, seq0)) {
		XTCP_INC_STATS(net, xtcp_seq_after(seq0, tcb->rcv_nxt) ?
			       XTCP_MIB_TCPOFODROP : XTCP_MIB_TCPRCVQDROP);
		atomic_inc(&sk->sk_drops);
		seg.payload_len = 0;
		seg.flags &= ~XTCP_TCPF_FIN;
	}

	/* D-SACK (RFC 2883 4): data we already had, reported once. */
	if (tcb->sack_ok && seg.payload_len &&
	    xtcp_seq_before(seq0, tcb->rcv_nxt) &&
	    tcb->state != XTCP_TCP_SYN_SENT &&
	    tcb->state != XTCP_TCP_SYN_RECEIVED)
		xtcp_tcp_sack_dup(&tp->sack, seq0,
				  xtcp_seq_before(seq0 + seg.payload_len,
						  tcb->rcv_nxt) ?
				  seq0 + seg.payload_len : tcb->rcv_nxt);

	xtcp_tcp_fsm_cfg(sk, &cfg);
	xtcp_tcp_fsm_input(tcb, &cfg, &seg, xtcp_tcp_now_us(), &act);
	xtcp_tcp_ecn_rcv(sk, skb, &seg, &act);

	if (act.flags & XTCP_TCP_ACT_SEND_RST)
		xtcp_tcp_send_reset(net, skb, &seg, &act.rst);
	if ((seg.flags & XTCP_TCPF_ACK) && xtcp_tcp_ack_taken(&act))
		xtcp_tcp_ack(sk, &seg, &act);
	if (act.err && !(act.flags & XTCP_TCP_ACT_CLOSED)) {
		sk->sk_err = act.err;
		sk_error_report(sk);
	}

	if (act.flags & XTCP_TCP_ACT_DELIVER) {
		xtcp_tcp_measure_rcv_mss(tp, skb_shinfo(skb)->gso_size ? :
					 seg.payload_len, hlen, seg.flags);
		xtcp_tcp_rcv_rtt_measure(sk, &seg, act.deliver_len);
		if (xtcp_tcp_trim_to(skb, hlen, act.deliver_off,
				     act.deliver_len,
				     seq0 + act.deliver_off)) {
			xtcp_tcp_queue_rcv(sk, skb);
			skb = NULL;
		}
		if (xtcp_tcp_ooo_drain(sk))
			act.flags |= XTCP_TCP_ACT_SEND_ACK;
		xtcp_tcp_sack_advance(&tp->sack, tcb->rcv_nxt);
		if (!sock_flag(sk, SOCK_DEAD))
			xtcp_tcp_data_ready(sk);
	} else if (act.flags & XTCP_TCP_ACT_OOO) {
		XTCP_INC_STATS(net, XTCP_MIB_TCPOFOQUEUE);
		if (act.ooo_len && xtcp_tcp_trim_to(skb, hlen, act.ooo_off,
						    act.ooo_len, act.ooo_seq)) {
			if (!(act.flags & XTCP_TCP_ACT_OOO_FIN))
				XTCP_TCP_SKB_CB(skb)->flags &= ~XTCP_TCPF_FIN;
			if (xtcp_tcp_ooo_queue(sk, skb))
				skb = NULL;
			if (tcb->sack_ok)
				xtcp_tcp_sack_add(&tp->sack, act.ooo_seq,
						  act.ooo_seq + act.ooo_len);
		}
	}
	if (act.flags & XTCP_TCP_ACT_SEND_SYNACK) {
		/* Simultaneous open: our SYN again, now with an ACK. */
		tp->send_head = skb_peek(&sk->sk_write_queue);
		tp->packets_out = 0;
		if (tp->send_head)
			XTCP_TCP_SKB_CB(tp->send_head)->sacked = 0;
		xtcp_tcp_sb_reset(&tp->sb, tcb->snd_una);
	}
	xtcp_tcp_state_act(sk, &act);
	if (sk->sk_state != TCP_CLOSE)
		xtcp_tcp_push(sk);
	if (skb)
		consume_skb(skb);
}

/* A segment for a full socket, from softirq. */
static void xtcp_tcp_sk_rcv(struct sock *sk, struct sk_buff *skb)
{
	bh_lock_sock_nested(sk);
	if (!sock_owned_by_user(sk)) {
		xtcp_tcp_rcv_skb(sk, skb);
	} else if (sk_add_backlog(sk, skb, READ_ONCE(sk->sk_rcvbuf) +
				  READ_ONCE(sk->sk_sndbuf))) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPBACKLOGDROP);
		xtcp_tcp_drop(sock_net(sk), skb, XTCP_DROP_NOMEM);
	}
	bh_unlock_sock(sk);
}

/* A segment for a new child; the child is not visible to the user yet. */
static void xtcp_tcp_child_rcv(struct sock *listener, struct sock *child,
			       struct sk_buff *skb)
{
	bh_lock_sock_nested(child);
	xtcp_tcp_rcv_skb(child, skb);
	bh_unlock_sock(child);
	if (child->sk_state == TCP_CLOSE || child->sk_state == TCP_SYN_RECV) {
		/* Reset or refused at once: it never reaches accept(). */
		if (!sock_flag(child, SOCK_DEAD)) {
			xtcp_tcp_orphan(child);
			xtcp_tcp_done(child, 0);
		}
		return;
	}
	xtcp_tcp_accept_enqueue(listener, child);
}

static void xtcp_tcp_no_socket(struct net *net, struct sk_buff *skb,
			       const struct xtcp_tcp_repr *seg)
{
	struct xtcp_tcp_fsm_act act;

	xtcp_tcp_fsm_closed_input(seg, &act);
	if (act.flags & XTCP_TCP_ACT_SEND_RST)
		xtcp_tcp_send_reset(net, skb, seg, &act.rst);
	xtcp_tcp_drop(net, skb, XTCP_DROP_TCP_NO_SOCKET);
}

/* A SYN for a listener: a request minisock, or a cookie (tcp_conn_request()). */
static void xtcp_tcp_conn_request(struct sock *sk, struct sk_buff *skb,
				  const struct xtcp_tcp_repr *seg)
{
	struct xtcp_tcp_sock *lp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct xtcp_sysctl *sc = &xtcp_pernet(net)->sysctl;
	int cookies = READ_ONCE(sc->tcp_syncookies);
	struct xtcp_tcp_mini *req;
	bool want_cookie = false;

	if (cookies == 2 || lp->synq_len >= sk->sk_max_ack_backlog ||
	    lp->synq_len >= (u32)READ_ONCE(sc->tcp_max_syn_backlog)) {
		if (!cookies) {
			XTCP_INC_STATS(net, XTCP_MIB_TCPREQQFULLDROP);
			goto drop;
		}
		want_cookie = true;
	}
	if (sk_acceptq_is_full(sk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENOVERFLOWS);
		goto drop;
	}
	if (want_cookie) {
		xtcp_tcp_send_cookie(sk, skb, seg);
		consume_skb(skb);
		return;
	}
	req = xtcp_tcp_req_alloc(sk, skb, seg);
	if (!req)
		goto drop;
	lp->synq_len++;
	xtcp_tcp_ehash_add(&req->common);
	xtcp_tcp_send_synack(req);
	xtcp_tcp_mini_put(req);
	consume_skb(skb);
	return;
drop:
	XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
	xtcp_tcp_drop(net, skb, XTCP_DROP_TCP_LISTEN_DROP);
}

/* A request minisock's segment, under its listener's lock (tcp_check_req()). */
static void xtcp_tcp_req_rcv(struct sock *sk, struct xtcp_tcp_mini *req,
			     struct sk_buff *skb,
			     const struct xtcp_tcp_repr *seg)
{
	struct net *net = sock_net(sk);
	struct xtcp_tcb tmp = req->tcb;
	struct xtcp_tcp_fsm_cfg cfg;
	struct xtcp_tcp_fsm_act act;
	struct sock *child;

	if ((seg->flags & (XTCP_TCPF_SYN | XTCP_TCPF_ACK | XTCP_TCPF_RST)) ==
	    XTCP_TCPF_SYN && seg->seq == req->tcb.irs) {
		/* Our SYN-ACK was lost: the same SYN again. */
		xtcp_tcp_send_synack(req);
		consume_skb(skb);
		return;
	}
	xtcp_tcp_fsm_cfg(sk, &cfg);
	xtcp_tcp_fsm_input(&tmp, &cfg, seg, xtcp_tcp_now_us(), &act);
	if (act.flags & XTCP_TCP_ACT_ESTABLISHED) {
		if (sk_acceptq_is_full(sk)) {
			XTCP_INC_STATS(net, XTCP_MIB_LISTENOVERFLOWS);
			XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
			kfree_skb(skb);
			return;
		}
		child = xtcp_tcp_create_child(sk, &req->common, &req->tcb,
					      req->advmss, req->ts_off);
		if (!child) {
			XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
			xtcp_tcp_drop(net, skb, XTCP_DROP_NOMEM);
			return;
		}
		if (!xtcp_tcp_ehash_replace(&req->common, &child->__sk_common)) {
			xtcp_tcp_sk(child)->hashed = XTCP_TCP_HASHED_NONE;
			xtcp_tcp_orphan(child);
			xtcp_tcp_done(child, 0);
			kfree_skb(skb);
			return;
		}
		xtcp_tcp_sk(child)->hashed = XTCP_TCP_HASHED_EST;
		/* The handshake's round trip (tcp_synack_rtt_meas()). */
		if (req->synacks == 1)
			xtcp_tcp_rtt_sample(xtcp_tcp_sk(child),
					    max_t(long, (u32)xtcp_tcp_now_us() -
						  req->synack_stamp, 1));
		xtcp_tcp_req_unlinked(req);
		xtcp_tcp_child_rcv(sk, child, skb);
		return;
	}
	req->tcb = tmp;
	if (act.flags & XTCP_TCP_ACT_SEND_RST)
		xtcp_tcp_send_reset(net, skb, seg, &act.rst);
	if (act.flags & (XTCP_TCP_ACT_SEND_ACK | XTCP_TCP_ACT_CHALLENGE_ACK))
		xtcp_tcp_send_synack(req);
	if (act.flags & XTCP_TCP_ACT_CLOSED)
		xtcp_tcp_mini_kill(req, false);
	consume_skb(skb);
}

/* A segment for a listener or one of its requests, listener locked. */
static void xtcp_tcp_listen_rcv(struct sock *sk, struct sk_buff *skb)
{
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);
	struct net *net = sock_net(sk);
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcp_repr seg;
	enum xtcp_drop_reason r;
	struct sock *found, *child;

	r = xtcp_tcp_skb_parse(skb, &seg);
	if (r) {
		xtcp_tcp_drop(net, skb, r);
		return;
	}
	rcu_read_lock();
	found = xtcp_tcp_lookup_established(net, ip->saddr, htons(seg.sport),
					    ip->daddr, htons(seg.dport));
	rcu_read_unlock();
	if (found) {
		if (found->sk_state == XTCP_TCP_NEW_SYN_RECV &&
		    xtcp_tcp_mini(found)->listener == sk) {
			xtcp_tcp_req_rcv(sk, xtcp_tcp_mini(found), skb, &seg);
			xtcp_tcp_mini_put(xtcp_tcp_mini(found));
			return;
		}
		/* A child made meanwhile, or TIME-WAIT: not ours any more. */
		if (found->sk_state == TCP_TIME_WAIT ||
		    found->sk_state == XTCP_TCP_NEW_SYN_RECV) {
			xtcp_tcp_mini_put(xtcp_tcp_mini(found));
			kfree_skb(skb);
			return;
		}
		xtcp_tcp_sk_rcv(found, skb);
		sock_put(found);
		return;
	}
	if (sk->sk_state != TCP_LISTEN) {
		xtcp_tcp_no_socket(net, skb, &seg);
		return;
	}
	switch (xtcp_tcp_fsm_listen_input(&seg, &act)) {
	case XTCP_TCP_LISTEN_ACCEPT:
		xtcp_tcp_conn_request(sk, skb, &seg);
		return;
	case XTCP_TCP_LISTEN_RESET:
		child = xtcp_tcp_cookie_child(sk, skb, &seg);
		if (IS_ERR(child))
			break;		/* a cookie, but no room now */
		if (child) {
			xtcp_tcp_child_rcv(sk, child, skb);
			return;
		}
		xtcp_tcp_send_reset(net, skb, &seg, &act.rst);
		break;
	case XTCP_TCP_LISTEN_DROP:
		break;
	}
	kfree_skb(skb);
}

static void xtcp_tcp_listener_deliver(struct sock *sk, struct sk_buff *skb)
{
	/* Subclass 0: a child it makes is locked nested (subclass 1). */
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		xtcp_tcp_listen_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, READ_ONCE(sk->sk_rcvbuf) +
				  READ_ONCE(sk->sk_sndbuf))) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPBACKLOGDROP);
		xtcp_tcp_drop(sock_net(sk), skb, XTCP_DROP_NOMEM);
	}
	bh_unlock_sock(sk);
}

/**
 * xtcp_tcp_backlog_rcv() - proto.backlog_rcv: segments queued while the
 *	user held the socket, run by release_sock()
 * @sk: the socket, owned
 * @skb: the segment
 *
 * Return: 0.
 */
int xtcp_tcp_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	if (sk->sk_state == TCP_LISTEN) {
		/* It locks children and requests as softirq does. */
		local_bh_disable();
		xtcp_tcp_listen_rcv(sk, skb);
		local_bh_enable();
	} else {
		xtcp_tcp_rcv_skb(sk, skb);
	}
	return 0;
}

/**
 * xtcp_tcp_rcv() - a TCP segment for this host (tcp_v4_rcv())
 * @skb: skb->data at the TCP header, XTCP_SKB_CB() filled; consumed
 *
 * Context: softirq, rcu_read_lock().
 */
static void xtcp_tcp_rcv(struct sk_buff *skb)
{
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);
	struct net *net = dev_net(skb->dev);
	struct xtcp_tcp_repr seg;
	enum xtcp_drop_reason r;
	struct sock *sk, *listener;

	BUILD_BUG_ON(sizeof(struct xtcp_tcp_skb_cb) > SOCK_SKB_CB_OFFSET);

	XTCP_INC_STATS(net, XTCP_MIB_TCPINSEGS);
	skb_reset_transport_header(skb);
	r = xtcp_tcp_skb_parse(skb, &seg);
	if (r)
		goto bad;
	if (!xtcp_tcp_skb_csum_ok(skb)) {
		XTCP_INC_STATS(net, XTCP_MIB_TCPINCSUMERRORS);
		r = XTCP_DROP_BAD_CSUM;
		goto bad;
	}
	xtcp_tcp_fill_cb(skb, &seg);
	trace_xtcp_tcp_rx(ip->saddr, ip->daddr, &seg, seg.payload_len);

	sk = xtcp_tcp_lookup_established(net, ip->saddr, htons(seg.sport),
					 ip->daddr, htons(seg.dport));
	if (!sk) {
		sk = xtcp_tcp_lookup_listener(net, ip->saddr, htons(seg.sport),
					      ip->daddr, htons(seg.dport),
					      ip->iif);
		if (!sk) {
			xtcp_tcp_no_socket(net, skb, &seg);
			return;
		}
	}
	switch (sk->sk_state) {
	case TCP_TIME_WAIT:
		listener = xtcp_tcp_tw_rcv(xtcp_tcp_mini(sk), skb, &seg);
		xtcp_tcp_mini_put(xtcp_tcp_mini(sk));
		if (!listener)
			return;
		/* A new SYN ended TIME-WAIT (RFC 6191, tcp_timewait_state_process()). */
		xtcp_tcp_listener_deliver(listener, skb);
		sock_put(listener);
		return;
	case XTCP_TCP_NEW_SYN_RECV:
		listener = xtcp_tcp_mini(sk)->listener;
		sock_hold(listener);
		xtcp_tcp_mini_put(xtcp_tcp_mini(sk));
		xtcp_tcp_listener_deliver(listener, skb);
		sock_put(listener);
		return;
	case TCP_LISTEN:
		xtcp_tcp_listener_deliver(sk, skb);
		sock_put(sk);
		return;
	default:
		xtcp_tcp_sk_rcv(sk, skb);
		sock_put(sk);
		return;
	}
bad:
	XTCP_INC_STATS(net, XTCP_MIB_TCPINERRS);
	xtcp_tcp_drop(net, skb, r);
}

/**
 * xtcp_tcp_mtu_reduced() - ICMP said the path takes less
 *	(tcp_v4_mtu_reduced(), tcp_simple_retransmit())
 * @sk: the socket, locked and not owned (or its owner's release)
 *
 * The MSS follows the smaller path MTU, and what is in flight at the old
 * size was dropped on the way: it is lost and goes again now, split to
 * the new MSS (xtcp_tcp_retransmit_skb()), not after a timeout. The
 * window stays: a too-small MTU says nothing of congestion.
 */
void xtcp_tcp_mtu_reduced(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 old = tp->mss_cache, mtu = READ_ONCE(tp->mtu_info), mss;
	struct sk_buff *skb;
	bool lost = false;

	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	if (mtu && mtu < tp->pmtu_cookie)
		xtcp_tcp_sync_mss(sk, mtu);
	mss = xtcp_tcp_current_mss(sk);
	if (mss >= old)
		return;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		if (skb->len > mss)
			lost |= xtcp_tcp_sb_lost_again(&tp->sb, skb);
	}
	if (!lost)
		return;
	tp->rtx_reason = XTCP_TCP_RTX_MTU;
	xtcp_tcp_push(sk);
}

/* ICMP errors: frag-needed lowers the path MTU the next segments use. */
static void xtcp_tcp_err(struct net *net, const struct xtcp_icmp_err *e)
{
	struct sock *sk;

	sk = xtcp_tcp_lookup_established(net, e->daddr, e->dport, e->saddr,
					 e->sport);
	if (!sk)
		return;
	if (sk->sk_state == TCP_TIME_WAIT ||
	    sk->sk_state == XTCP_TCP_NEW_SYN_RECV) {
		xtcp_tcp_mini_put(xtcp_tcp_mini(sk));
		return;
	}
	bh_lock_sock(sk);
	if (e->type == ICMP_DEST_UNREACH && e->code == ICMP_FRAG_NEEDED) {
		WRITE_ONCE(xtcp_tcp_sk(sk)->mtu_info, e->info);
		if (!sock_owned_by_user(sk))
			xtcp_tcp_mtu_reduced(sk);
		else
			set_bit(XTCP_TCP_PEND_MTU, &xtcp_tcp_sk(sk)->pending);
	} else if (sk->sk_state == TCP_SYN_SENT && e->type == ICMP_DEST_UNREACH) {
		/* A hard error while connecting (tcp_v4_err()). */
		WRITE_ONCE(sk->sk_err_soft, EHOSTUNREACH);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

const struct xtcp_protocol xtcp_tcp_protocol = {
	.handler	= xtcp_tcp_rcv,
	.err_handler	= xtcp_tcp_err,
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_protocol);
