// SPDX-License-Identifier: GPL-2.0
/*
 * TCP transmit, as tcp_output.c: the header of every segment, the
 * transmission of the write queue within the send and congestion windows,
 * the receive window we advertise, and the segments sent without a full
 * socket (RSTs, a minisock's ACKs and SYN-ACKs: the control path).
 *
 * The write queue keeps the original of every segment until it is
 * acknowledged; what goes to the IP layer is a clone (a copy while an
 * earlier clone still shares the header room), so a retransmission needs
 * nothing rebuilt.
 */
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/ip.h>
#include <net/inet_ecn.h>

#include "core/core.h"
#include "core/trace.h"
#include "csum.h"
#include "tcp.h"

/* The IP-level flow of a connected socket's segments. */
static void xtcp_tcp_flow(const struct sock *sk, struct xtcp_flow *fl)
{
	const struct xtcp_inet *inet = &xtcp_sk(sk)->inet;

	*fl = (struct xtcp_flow) {
		.saddr		= sk->sk_rcv_saddr,
		.daddr		= sk->sk_daddr,
		.proto		= IPPROTO_TCP,
		.tos		= inet->tos,
		.ttl		= inet->uc_ttl < 0 ? 0 : inet->uc_ttl,
		.pmtudisc	= IP_PMTUDISC_DO,
	};
}

/**
 * xtcp_tcp_route() - the route to @daddr: our source address and its MTU
 * @sk: the socket; its bound address, if any, is the source
 * @daddr: the peer
 * @saddr: filled in
 * @mtu: filled in: the path MTU
 *
 * Return: 0, or -ENETUNREACH and the IP layer's other routing errors.
 */
int xtcp_tcp_route(struct sock *sk, __be32 daddr, __be32 *saddr, u32 *mtu)
{
	struct xtcp_flow fl = {
		.saddr	= sk->sk_rcv_saddr,
		.daddr	= daddr,
		.proto	= IPPROTO_TCP,
	};
	struct net *net = sock_net(sk);
	struct xtcp_rt rt;
	int err;

	rcu_read_lock();
	err = xtcp_ip_route_output(net, &fl, &rt);
	if (!err) {
		if (rt.broadcast)
			err = -ENETUNREACH;
		*saddr = fl.saddr;
		*mtu = xtcp_ip_path_mtu(net, &rt, daddr);
	}
	rcu_read_unlock();
	return err;
}

/* Linux's TCP timestamp clock: milliseconds. */
u32 xtcp_tcp_ts_now(void)
{
	return (u32)div_u64(ktime_get_ns(), NSEC_PER_MSEC);
}

/* The option bytes every established segment carries. */
static unsigned int xtcp_tcp_est_opts_len(const struct xtcp_tcb *tcb)
{
	return tcb->ts_ok ? XTCP_TCPOLEN_TS_ALIGNED : 0;
}

/**
 * xtcp_tcp_sync_mss() - the send MSS for a path MTU (tcp_sync_mss())
 * @sk: the socket
 * @pmtu: the path MTU
 */
void xtcp_tcp_sync_mss(struct sock *sk, u32 pmtu)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcb *tcb = &tp->tcb;
	unsigned int opts = xtcp_tcp_est_opts_len(tcb);
	u32 mss;

	mss = xtcp_tcp_send_mss(pmtu, tcb->mss, tp->user_mss, opts);
	mss = xtcp_tcp_bound_to_half_wnd(mss, tcb->max_snd_wnd, opts);
	tp->mss_cache = mss;
	tp->pmtu_cookie = pmtu;
}

/**
 * xtcp_tcp_current_mss() - the MSS to send with now (tcp_current_mss())
 * @sk: the socket, locked
 *
 * The cached route is checked first: when a route, a device's MTU or a
 * learned path MTU changed since, the MSS follows the new path MTU.
 *
 * Return: the send MSS.
 */
u32 xtcp_tcp_current_mss(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 mtu;

	mtu = xtcp_dst_mtu(sock_net(sk), &xtcp_sk(sk)->inet.dst, sk->sk_daddr,
			   sk->sk_rcv_saddr);
	if (mtu && mtu != tp->pmtu_cookie)
		xtcp_tcp_sync_mss(sk, mtu);
	return tp->mss_cache;
}

/*
 * The window field of a segment (tcp_select_window()): what the receive
 * buffer has room for, never moving the right edge back (RFC 9293
 * 3.8.6.2.2), and not opened by less than an MSS at a time (receiver SWS
 * avoidance, RFC 1122 4.2.3.3).
 */
u32 xtcp_tcp_select_window(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcb *tcb = &tp->tcb;
	int space = sk->sk_rcvbuf - atomic_read(&sk->sk_rmem_alloc);
	u32 cur, win, mss = max_t(u32, tp->advmss, 1);

	win = max(xtcp_tcp_win_from_space(space), 0);
	if (tp->window_clamp)
		win = min(win, tp->window_clamp);
	cur = tp->rcv_wup + tp->rcv_adv_wnd - tcb->rcv_nxt;
	if ((s32)cur < 0)
		cur = 0;
	if (win < cur)
		win = cur;
	else if (win - cur < mss && win < (u32)xtcp_tcp_full_space(sk->sk_rcvbuf) / 2)
		win = cur;
	if (tcb->rcv_wscale)
		win = ALIGN(win, 1U << tcb->rcv_wscale);
	win = min_t(u32, win, 65535U << tcb->rcv_wscale);
	tp->rcv_wup = tcb->rcv_nxt;
	tp->rcv_adv_wnd = win;
	tcb->rcv_wnd = win;
	return win >> tcb->rcv_wscale;
}

/* The options a SYN of @sk carries (tcp_syn_options()). */
static void xtcp_tcp_sk_syn_options(struct sock *sk, struct xtcp_tcp_opts *o)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_opts_cfg cfg;

	xtcp_tcp_opts_cfg_get(sock_net(sk), &cfg);
	xtcp_tcp_syn_options(&cfg, tp->advmss, tp->tcb.rcv_wscale,
			     xtcp_tcp_ts_now() + tp->ts_off, o);
}

/**
 * xtcp_tcp_transmit_skb() - send one segment of @sk (tcp_transmit_skb())
 * @sk: the socket, locked
 * @skb: the segment's data (or none), its cb seq and flags set
 * @clone: @skb stays on the write queue: send a clone
 *
 * Writes the header: the ACK of RCV.NXT (but on a bare SYN), the window,
 * and the options of a SYN or of an established segment.
 *
 * Return: 0 or a negative errno; the segment is consumed either way.
 */
int xtcp_tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);
	struct xtcp_tcb *tcb = &tp->tcb;
	struct net *net = sock_net(sk);
	struct xtcp_tcp_repr r = { };
	unsigned int hlen, plen;
	struct xtcp_flow fl;
	__wsum sum;
	void *th;

	if (clone) {
		skb = skb_cloned(skb) ? pskb_copy(skb, GFP_ATOMIC) :
					skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return -ENOBUFS;
	}

	r.sport = sk->sk_num;
	r.dport = ntohs(sk->sk_dport);
	r.seq = cb->seq;
	r.flags = cb->flags;
	if (r.flags & XTCP_TCPF_SYN) {
		xtcp_tcp_sk_syn_options(sk, &r.opts);
		if (tcb->state != XTCP_TCP_SYN_SENT) {
			/* A SYN-ACK from a socket (simultaneous open). */
			r.flags |= XTCP_TCPF_ACK;
			r.ack = tcb->rcv_nxt;
		}
		/* RFC 7323 2.2: a SYN's window is never scaled. */
		r.window = min_t(u32, tcb->rcv_wnd, 65535);
	} else {
		r.flags |= XTCP_TCPF_ACK;
		r.ack = tcb->rcv_nxt;
		r.window = xtcp_tcp_select_window(sk);
		struct xtcp_tcp_sack_block sacks[XTCP_TCP_MAX_SACKS];
		unsigned int nr_sacks = 0;

		if (tcb->sack_ok)
			nr_sacks = xtcp_tcp_sack_fill(&tp->sack, tcb->rcv_nxt,
						      sacks);
		xtcp_tcp_established_options(tcb, xtcp_tcp_ts_now() + tp->ts_off,
					     sacks, nr_sacks, &r.opts);
		/*
		 * RFC 3168 6.1.3: ECE on every segment until the peer says
		 * CWR; CWR on the first new data after the window was cut.
		 */
		if (tcb->ecn_ok) {
			if (tp->ecn_flags & XTCP_ECN_DEMAND_CWR)
				r.flags |= XTCP_TCPF_ECE;
			if ((tp->ecn_flags & XTCP_ECN_QUEUE_CWR) && skb->len &&
			    !cb->retrans) {
				r.flags |= XTCP_TCPF_CWR;
				tp->ecn_flags &= ~XTCP_ECN_QUEUE_CWR;
			}
		}
	}

	plen = skb->len;
	hlen = xtcp_tcp_hdr_len(&r.opts);
	if (skb_cow_head(skb, hlen + XTCP_MAX_HEADER)) {
		kfree_skb(skb);
		return -ENOBUFS;
	}
	sum = plen ? xtcp_csum_skb(skb, 0, plen, 0) : 0;
	th = skb_push(skb, hlen);
	skb_reset_transport_header(skb);
	xtcp_tcp_emit(&r, 0, th);
	xtcp_tcp_emit(&r, xtcp_tcp_check(sk->sk_rcv_saddr, sk->sk_daddr, th,
					 hlen, plen, sum), th);
	skb->ip_summed = CHECKSUM_NONE;

	/* An ACK goes with every segment: none is owed any more. */
	if (r.flags & XTCP_TCPF_ACK) {
		tp->ack_pending = 0;
		clear_bit(XTCP_TCP_PEND_ACK, &tp->pending);
		if (timer_pending(&tp->delack_timer))
			sk_stop_timer(sk, &tp->delack_timer);
	}
	tp->segs_out++;
	XTCP_INC_STATS(net, XTCP_MIB_TCPOUTSEGS);
	if (r.flags & XTCP_TCPF_RST)
		XTCP_INC_STATS(net, XTCP_MIB_TCPOUTRSTS);
	xtcp_tcp_flow(sk, &fl);
	/*
	 * RFC 3168 6.1.4/6.1.5: new data is ECN-capable; pure ACKs, SYNs and
	 * retransmissions are not. The user's TOS keeps its ECN bits out.
	 */
	fl.tos &= ~INET_ECN_MASK;
	if (tcb->ecn_ok && plen && !cb->retrans && !(r.flags & XTCP_TCPF_SYN))
		fl.tos |= INET_ECN_ECT_0;
	trace_xtcp_tcp_tx(sk->sk_rcv_saddr, sk->sk_daddr, &r, plen);
	return xtcp_ip_output_dst(net, skb, &fl, &xtcp_sk(sk)->inet.dst);
}

/* A segment with no data from the socket: an ACK, a RST. */
static int xtcp_tcp_send_bare(struct sock *sk, u32 seq, u16 flags, gfp_t gfp)
{
	struct sk_buff *skb;

	skb = alloc_skb(XTCP_TCP_MAX_HEADER, gfp);
	if (!skb)
		return -ENOBUFS;
	skb_reserve(skb, XTCP_TCP_MAX_HEADER);
	XTCP_TCP_SKB_CB(skb)->seq = seq;
	XTCP_TCP_SKB_CB(skb)->end_seq = seq;
	XTCP_TCP_SKB_CB(skb)->flags = flags;
	return xtcp_tcp_transmit_skb(sk, skb, false);
}

/*
 * The sequence number of a segment without data (tcp_acceptable_seq()):
 * SND.NXT, unless that lies beyond the window the peer now offers. A peer
 * whose window shrank (to zero, say, with our data in flight past its new
 * edge) finds a segment at SND.NXT unacceptable and throws it away with
 * the ACK it carries (RFC 9293 3.10.7.4); at the window's edge the ACK
 * gets through.
 */
static u32 xtcp_tcp_acceptable_seq(const struct xtcp_tcp_sock *tp)
{
	const struct xtcp_tcb *tcb = &tp->tcb;
	u32 wnd_end = tcb->snd_una + tcb->snd_wnd;

	if (!xtcp_seq_before(wnd_end, tcb->snd_nxt) ||
	    (tcb->wscale_ok &&
	     tcb->snd_nxt - wnd_end < (1U << tcb->rcv_wscale)))
		return tcb->snd_nxt;
	return wnd_end;
}

/* An ACK of RCV.NXT now (tcp_send_ack()). */
void xtcp_tcp_send_ack(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (tp->tcb.state == XTCP_TCP_CLOSED ||
	    tp->tcb.state == XTCP_TCP_LISTEN ||
	    tp->tcb.state == XTCP_TCP_SYN_SENT)
		return;
	if (xtcp_tcp_send_bare(sk, xtcp_tcp_acceptable_seq(tp), 0, GFP_ATOMIC))
		xtcp_tcp_delack_arm(sk);	/* try again later */
}

/* A segment the peer must ACK and cannot take: SND.UNA - 1 (tcp_xmit_probe_skb()). */
void xtcp_tcp_send_probe(struct sock *sk)
{
	xtcp_tcp_send_bare(sk, xtcp_tcp_sk(sk)->tcb.snd_una - 1, 0, GFP_ATOMIC);
}

/* An RST|ACK for an abort (tcp_send_active_reset()), where the peer takes it. */
void xtcp_tcp_send_active_reset(struct sock *sk, gfp_t gfp)
{
	xtcp_tcp_send_bare(sk, xtcp_tcp_acceptable_seq(xtcp_tcp_sk(sk)),
			   XTCP_TCPF_RST, gfp);
}

/* Append a segment the write queue holds until it is acknowledged. */
static void xtcp_tcp_queue_skb(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	sk_wmem_queued_add(sk, skb->truesize);
	sk_mem_charge(sk, skb->truesize);
	__skb_queue_tail(&sk->sk_write_queue, skb);
	tp->write_seq = XTCP_TCP_SKB_CB(skb)->end_seq;
	if (!tp->send_head)
		tp->send_head = skb;
}

/**
 * xtcp_tcp_send_syn() - queue and send our SYN (tcp_connect())
 * @sk: a socket the core has just put in SYN-SENT
 *
 * Return: 0 or -ENOBUFS.
 */
int xtcp_tcp_send_syn(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct sk_buff *skb;

	skb = alloc_skb_fclone(XTCP_TCP_MAX_HEADER, sk->sk_allocation);
	if (!skb)
		return -ENOBUFS;
	skb_reserve(skb, XTCP_TCP_MAX_HEADER);
	XTCP_TCP_SKB_CB(skb)->seq = tp->tcb.iss;
	XTCP_TCP_SKB_CB(skb)->end_seq = tp->tcb.iss + 1;
	XTCP_TCP_SKB_CB(skb)->flags = XTCP_TCPF_SYN;
	XTCP_TCP_SKB_CB(skb)->retrans = 0;
	/* tcp_ecn 1: ask for ECN (RFC 3168 6.1.1, tcp_ecn_send_syn()). */
	tp->ecn_flags = 0;
	if (READ_ONCE(xtcp_pernet(sock_net(sk))->sysctl.tcp_ecn) == 1) {
		XTCP_TCP_SKB_CB(skb)->flags |= XTCP_TCPF_ECE | XTCP_TCPF_CWR;
		tp->ecn_flags = XTCP_ECN_SYN_SENT;
	}
	xtcp_tcp_queue_skb(sk, skb);
	xtcp_tcp_push(sk);
	return 0;
}

/* Queue our FIN after the data (tcp_send_fin()); the core said so. */
void xtcp_tcp_send_fin(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);

	if (skb && tp->send_head && !(XTCP_TCP_SKB_CB(skb)->flags &
				      (XTCP_TCPF_SYN | XTCP_TCPF_FIN))) {
		/* Not sent yet: the FIN rides on the last data. */
		XTCP_TCP_SKB_CB(skb)->flags |= XTCP_TCPF_FIN;
		XTCP_TCP_SKB_CB(skb)->end_seq++;
		tp->write_seq++;
	} else {
		skb = alloc_skb_fclone(XTCP_TCP_MAX_HEADER,
				       sk->sk_allocation | __GFP_NOFAIL);
		skb_reserve(skb, XTCP_TCP_MAX_HEADER);
		XTCP_TCP_SKB_CB(skb)->seq = tp->write_seq;
		XTCP_TCP_SKB_CB(skb)->end_seq = tp->write_seq + 1;
		XTCP_TCP_SKB_CB(skb)->flags = XTCP_TCPF_FIN;
		XTCP_TCP_SKB_CB(skb)->retrans = 0;
		xtcp_tcp_queue_skb(sk, skb);
	}
	xtcp_tcp_push(sk);
}

/**
 * xtcp_tcp_fragment() - split a write-queue segment (tcp_fragment())
 * @sk: the socket, locked
 * @skb: the segment, longer than @len
 * @len: bytes it keeps; the rest goes into a new segment queued after it
 *
 * For a segment queued at a larger MSS than the path now takes. The flags
 * that belong to the end (FIN, PSH) move to the new segment, which takes
 * the send and retransmission history with it.
 *
 * Return: 0, or -ENOMEM (nothing changed).
 */
int xtcp_tcp_fragment(struct sock *sk, struct sk_buff *skb, u32 len)
{
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb), *ncb;
	u32 nlen = skb->len - len;
	struct sk_buff *buff;

	buff = alloc_skb_fclone(XTCP_TCP_MAX_HEADER + nlen, GFP_ATOMIC);
	if (!buff)
		return -ENOMEM;
	if (!sk_wmem_schedule(sk, buff->truesize)) {
		__kfree_skb(buff);
		return -ENOMEM;
	}
	skb_reserve(buff, XTCP_TCP_MAX_HEADER);
	if (skb_copy_bits(skb, len, skb_put(buff, nlen), nlen)) {
		__kfree_skb(buff);
		return -ENOMEM;
	}
	sk_wmem_queued_add(sk, buff->truesize);
	sk_mem_charge(sk, buff->truesize);

	ncb = XTCP_TCP_SKB_CB(buff);
	*ncb = *cb;
	ncb->seq = cb->seq + len;
	cb->end_seq = ncb->seq;
	cb->flags &= ~(XTCP_TCPF_FIN | XTCP_TCPF_PSH);
	/* The write queue's segments are linear: this only moves the tail. */
	skb_trim(skb, len);
	__skb_queue_after(&sk->sk_write_queue, skb, buff);
	return 0;
}

/* Nagle (RFC 896, tcp_nagle_check()): hold a small segment back? */
static bool xtcp_tcp_nagle_hold(const struct xtcp_tcp_sock *tp,
				const struct sk_buff *skb)
{
	const struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);

	if (skb->len >= tp->mss_cache || (cb->flags & XTCP_TCPF_FIN))
		return false;
	if (skb->next != (const struct sk_buff *)&tp->xsk.sk.sk_write_queue)
		return false;	/* more follows: not the tail */
	if (tp->cork)
		return true;
	return !tp->nodelay && tp->packets_out;
}

/**
 * xtcp_tcp_retransmit_skb() - send a segment in flight again
 *	(tcp_retransmit_skb())
 * @sk: the socket, locked
 * @skb: the segment; it is deemed lost from now on, and sent again
 * @reason: enum xtcp_tcp_rtx_reason, for the tracepoint
 *
 * What the peer acknowledged of it is cut off first (tcp_trim_head()), so
 * it starts at SND.UNA; and one that starts at or past the right edge of
 * the peer's window waits, unless it is the one at SND.UNA, which probes
 * it. A peer that shrank its window to zero over our data finds the
 * resend, and the ACK it carries, at the window's edge.
 *
 * Return: 0, or -EAGAIN when the window does not take it.
 */
int xtcp_tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, u8 reason)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_skb_cb *cb = XTCP_TCP_SKB_CB(skb);
	struct xtcp_tcb *tcb = &tp->tcb;
	struct net *net = sock_net(sk);

	if (xtcp_seq_before(cb->seq, tcb->snd_una) &&
	    !(cb->flags & XTCP_TCPF_SYN)) {
		/* The write queue's segments are linear. */
		skb_pull(skb, min_t(u32, tcb->snd_una - cb->seq, skb->len));
		cb->seq = tcb->snd_una;
	}
	if (!xtcp_seq_before(cb->seq, tcb->snd_una + tcb->snd_wnd) &&
	    cb->seq != tcb->snd_una)
		return -EAGAIN;

	/* Sent at a larger MSS than the path takes now: both parts fly. */
	if (skb->len > xtcp_tcp_current_mss(sk) &&
	    !xtcp_tcp_fragment(sk, skb, tp->mss_cache)) {
		tp->packets_out++;
		xtcp_tcp_sb_split(&tp->sb, skb->next);
	}
	/*
	 * A SYN that asked for ECN and got no answer goes again without the
	 * request: a middlebox may drop such SYNs (RFC 3168 6.1.1.1).
	 */
	if (cb->flags & XTCP_TCPF_SYN) {
		cb->flags &= ~(XTCP_TCPF_ECE | XTCP_TCPF_CWR);
		tp->ecn_flags &= ~XTCP_ECN_SYN_SENT;
	}
	cb->retrans++;
	tp->total_retrans++;
	XTCP_INC_STATS(net, XTCP_MIB_TCPRETRANSSEGS);
	/* Linux counts a resend outside loss state as a fast one. */
	if (tp->cc.state != XTCP_CA_LOSS)
		XTCP_INC_STATS(net, XTCP_MIB_TCPFASTRETRANS);
	if (!tp->retrans_stamp)
		tp->retrans_stamp = jiffies;
	/* Never above the value the segment carries (Eifel's test). */
	xtcp_tcp_undo_resent(&tp->undo, tcb->ts_ok ?
			     xtcp_tcp_ts_now() + tp->ts_off : 0);
	trace_xtcp_tcp_retransmit(sk, cb->seq, cb->end_seq, reason);
	xtcp_tcp_sb_retransmitted(&tp->sb, skb);
	xtcp_cc_sent(&tp->cc, 1);
	cb->sent = (u32)xtcp_tcp_now_us();
	xtcp_tcp_transmit_skb(sk, skb, true);
	return 0;
}

/*
 * The segments deemed lost and not yet sent again, oldest first, while
 * the window allows (tcp_xmit_retransmit_queue(); RFC 6675 NextSeg()
 * rule 1, ahead of new data).
 *
 * Return: whether one went.
 */
static bool xtcp_tcp_xmit_lost(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 wnd = xtcp_cc_send_window(&tp->cc);
	struct sk_buff *skb;
	bool sent = false;

	if (tp->sb.lost_out <= tp->sb.retrans_out)
		return false;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		if ((XTCP_TCP_SKB_CB(skb)->sacked &
		     (XTCP_TCP_LOST | XTCP_TCP_RETRANS | XTCP_TCP_SACKED)) !=
		    XTCP_TCP_LOST)
			continue;
		if (xtcp_tcp_in_flight(tp) >= wnd ||
		    xtcp_tcp_retransmit_skb(sk, skb, tp->rtx_reason))
			break;
		sent = true;
		if (tp->sb.lost_out <= tp->sb.retrans_out)
			break;
	}
	return sent;
}

/**
 * xtcp_tcp_push() - send what the windows allow (tcp_write_xmit())
 * @sk: the socket, locked
 *
 * First the segments deemed lost (xtcp_tcp_xmit_lost()). Then from the
 * send head on, each segment goes if it fits in the peer's window and
 * the congestion window (what is in flight is RFC 6675's pipe), and
 * Nagle or TCP_CORK does not hold it. A segment below SND.MAX is a
 * retransmission (a simultaneous open sends its SYN again, with an ACK).
 */
void xtcp_tcp_push(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcb *tcb = &tp->tcb;
	struct xtcp_tcp_skb_cb *cb;
	bool sent = false, frto_new;
	struct sk_buff *skb;
	u32 mss;

	mss = tcb->state == XTCP_TCP_SYN_SENT ? tp->mss_cache :
						xtcp_tcp_current_mss(sk);
	/* F-RTO step 2b: new data first, the resends wait. */
	frto_new = tp->undo.frto == XTCP_FRTO_NEW;
	if (!frto_new)
		sent = xtcp_tcp_xmit_lost(sk);
	while ((skb = tp->send_head)) {
		cb = XTCP_TCP_SKB_CB(skb);
		if (tcb->state == XTCP_TCP_SYN_SENT &&
		    !(cb->flags & XTCP_TCPF_SYN))
			break;
		/* Queued at a larger MSS than the path takes now. */
		if (skb->len > mss && xtcp_tcp_fragment(sk, skb, mss))
			break;
		if (xtcp_seq_after(cb->end_seq - !!(cb->flags & XTCP_TCPF_FIN),
				   tcb->snd_una + tcb->snd_wnd) &&
		    !(cb->flags & XTCP_TCPF_SYN)) {
			if (!tp->packets_out)
				xtcp_tcp_reset_rto(sk);	/* persist */
			break;
		}
		if (xtcp_tcp_in_flight(tp) >= xtcp_cc_send_window(&tp->cc) &&
		    !tp->tlp_quota)
			break;
		if (!xtcp_seq_before(cb->seq, tp->snd_max) &&
		    !tp->tlp_quota && xtcp_tcp_nagle_hold(tp, skb))
			break;

		if (xtcp_seq_before(cb->seq, tp->snd_max)) {
			cb->retrans++;
			tp->total_retrans++;
			XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPRETRANSSEGS);
			if (!tp->retrans_stamp)
				tp->retrans_stamp = jiffies;
			trace_xtcp_tcp_retransmit(sk, cb->seq, cb->end_seq,
						  tp->rtx_reason);
		}
		/* Sending again after idle: CUBIC shifts its epoch. */
		if (!tp->packets_out && !xtcp_seq_before(cb->seq, tp->snd_max) &&
		    !(cb->flags & XTCP_TCPF_SYN)) {
			tp->cc.now_us = xtcp_tcp_now_us();
			xtcp_cc_tx_start(&tp->cc);
		}
		cb->sent = (u32)xtcp_tcp_now_us();
		xtcp_tcp_transmit_skb(sk, skb, true);
		if ((cb->flags & XTCP_TCPF_FIN) && !tcb->fin_sent) {
			/* The core records our FIN and moves SND.NXT. */
			tcb->snd_nxt = cb->end_seq - 1;
			xtcp_tcp_fsm_fin_sent(tcb);
		}
		if (xtcp_seq_after(cb->end_seq, tcb->snd_nxt))
			tcb->snd_nxt = cb->end_seq;
		if (xtcp_seq_after(cb->end_seq, tp->snd_max))
			tp->snd_max = cb->end_seq;
		tp->packets_out++;
		xtcp_cc_sent(&tp->cc, 1);
		sent = true;
		tp->send_head = skb_queue_is_last(&sk->sk_write_queue, skb) ?
				NULL : skb->next;
		if (tp->tlp_quota) {
			tp->tlp_quota = 0;
			return;		/* the probe's caller arms the RTO */
		}
	}
	if (frto_new) {
		/* None went: F-RTO ends, the resends go (tcp_xmit_recovery()). */
		if (xtcp_seq_after(tp->snd_max, tp->cc.high_seq)) {
			tp->undo.frto = XTCP_FRTO_WAIT;
		} else {
			tp->undo.frto = XTCP_FRTO_OFF;
			sent |= xtcp_tcp_xmit_lost(sk);
		}
	}
	if (!sent)
		return;
	/* New data moves the probe timeout on (tcp_schedule_loss_probe()). */
	if (tp->timer_what == XTCP_TCP_TIMER_TLP ||
	    !timer_pending(&tp->retrans_timer))
		xtcp_tcp_rearm(sk);
}

/**
 * xtcp_tcp_send_tlp() - the probe timeout fired: a tail loss probe
 *	(RFC 8985 7.3, tcp_send_loss_probe())
 * @sk: the socket, locked, with segments in flight
 *
 * One new segment if the peer's window takes one, whatever the
 * congestion window; else the last segment sent, again. Either draws an
 * ACK whose SACK blocks show what the tail lost.
 */
void xtcp_tcp_send_tlp(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct sk_buff *skb;

	tp->tlp_quota = 1;
	xtcp_tcp_push(sk);
	tp->rack.tlp_retrans = tp->tlp_quota;
	tp->tlp_quota = 0;
	if (tp->rack.tlp_retrans) {
		skb = tp->send_head ? tp->send_head->prev :
				      skb_peek_tail(&sk->sk_write_queue);
		if (!skb || skb == (struct sk_buff *)&sk->sk_write_queue ||
		    (XTCP_TCP_SKB_CB(skb)->sacked & XTCP_TCP_SACKED) ||
		    xtcp_tcp_retransmit_skb(sk, skb, XTCP_TCP_RTX_TLP))
			return;
	}
	tp->rack.tlp_out = 1;
	tp->rack.tlp_high_seq = tp->tcb.snd_nxt;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPLOSSPROBES);
}

/**
 * xtcp_tcp_send_ctl() - a segment from no full socket (the control path)
 * @net: namespace
 * @saddr: our address
 * @daddr: the peer's
 * @sport: our port, host order
 * @dport: the peer's port, host order
 * @seq: sequence number
 * @ack: acknowledgment number, with XTCP_TCPF_ACK
 * @flags: XTCP_TCPF_*
 * @window: the window field, already scaled
 * @opts: options, or NULL
 * @tos: TOS byte
 *
 * What Linux sends through its per-namespace control socket: RSTs for
 * segments no socket takes, and the ACKs and SYN-ACKs of minisocks.
 * Context: softirq or process.
 */
void xtcp_tcp_send_ctl(struct net *net, __be32 saddr, __be32 daddr,
		       u16 sport, u16 dport, u32 seq, u32 ack, u16 flags,
		       u32 window, const struct xtcp_tcp_opts *opts, u8 tos)
{
	struct xtcp_tcp_repr r = {
		.sport	= sport,
		.dport	= dport,
		.seq	= seq,
		.ack	= ack,
		.flags	= flags,
		.window	= min_t(u32, window, 65535),
	};
	struct xtcp_flow fl = {
		.saddr		= saddr,
		.daddr		= daddr,
		.proto		= IPPROTO_TCP,
		.tos		= tos,
		.pmtudisc	= IP_PMTUDISC_DO,
	};
	struct sk_buff *skb;
	unsigned int hlen;
	void *th;

	if (opts)
		r.opts = *opts;
	hlen = xtcp_tcp_hdr_len(&r.opts);
	skb = alloc_skb(XTCP_MAX_HEADER + hlen, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, XTCP_MAX_HEADER);
	th = skb_put(skb, hlen);
	skb_reset_transport_header(skb);
	xtcp_tcp_emit(&r, 0, th);
	xtcp_tcp_emit(&r, xtcp_tcp_check(saddr, daddr, th, hlen, 0, 0), th);
	XTCP_INC_STATS(net, XTCP_MIB_TCPOUTSEGS);
	if (flags & XTCP_TCPF_RST)
		XTCP_INC_STATS(net, XTCP_MIB_TCPOUTRSTS);
	trace_xtcp_tcp_tx(saddr, daddr, &r, 0);
	xtcp_ip_output(net, skb, &fl);
}

/**
 * xtcp_tcp_send_reset() - answer @skb with the RST the core chose
 * @net: namespace
 * @skb: the segment that gets it (XTCP_SKB_CB filled)
 * @seg: its parsed header
 * @rst: the RST's sequence, ack and flags (tcp_v4_send_reset())
 */
void xtcp_tcp_send_reset(struct net *net, const struct sk_buff *skb,
			 const struct xtcp_tcp_repr *seg,
			 const struct xtcp_tcp_fsm_rst *rst)
{
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);

	xtcp_tcp_send_ctl(net, ip->daddr, ip->saddr, seg->dport, seg->sport,
			  rst->seq, rst->ack, rst->flags, 0, NULL, 0);
}

/**
 * xtcp_tcp_send_synack() - (re)send a request minisock's SYN-ACK
 * @req: the request
 *
 * Return: 0.
 */
int xtcp_tcp_send_synack(struct xtcp_tcp_mini *req)
{
	struct net *net = read_pnet(&req->common.skc_net);
	struct xtcp_tcb *tcb = &req->tcb;
	struct xtcp_tcp_opts o = { };

	o.saw = XTCP_TCPOPT_F_MSS;
	o.mss = req->advmss;
	if (tcb->wscale_ok) {
		o.saw |= XTCP_TCPOPT_F_WSCALE;
		o.wscale = tcb->rcv_wscale;
	}
	if (tcb->sack_ok)
		o.saw |= XTCP_TCPOPT_F_SACK_PERM;
	if (tcb->ts_ok) {
		o.saw |= XTCP_TCPOPT_F_TS;
		o.tsval = xtcp_tcp_ts_now() + req->ts_off;
		o.tsecr = tcb->ts_recent;
	}
	xtcp_tcp_send_ctl(net, req->common.skc_rcv_saddr,
			  req->common.skc_daddr, req->common.skc_num,
			  ntohs(req->common.skc_dport), tcb->iss, tcb->rcv_nxt,
			  XTCP_TCPF_SYN | XTCP_TCPF_ACK |
			  (tcb->ecn_ok ? XTCP_TCPF_ECE : 0), req->rcv_wnd, &o,
			  req->tos);
	req->synack_stamp = (u32)xtcp_tcp_now_us();
	if (req->synacks < U8_MAX)
		req->synacks++;
	return 0;
}
