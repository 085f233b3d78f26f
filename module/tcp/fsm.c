// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP state machine core: RFC 9293 3.10 event processing with the
 * RFC 5961 defences, in the smoltcp style. It holds no socket, no skb and
 * reads no clock: each entry point takes the connection's variables
 * (struct xtcp_tcb), a decoded segment or a user call, and "now" in
 * microseconds, and fills a struct xtcp_tcp_fsm_act with what the caller
 * must do: segments to send, data to deliver or queue out of order, errors
 * to report, the one timer the core owns (TIME-WAIT, orphaned FIN-WAIT-2).
 *
 * What the caller keeps: the send and receive queues, the out-of-order
 * queue (xtcp_tcp_fsm_rcv_advance() moves RCV.NXT when it drains), the
 * retransmission and delayed-ACK timers, the congestion state, and
 * SND.NXT for data (it adds what it sends; the core moves it for the SYN
 * and, in xtcp_tcp_fsm_fin_sent(), for the FIN). The urgent pointer is
 * ignored: urgent data is delivered inline.
 */
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time.h>
#include <net/tcp_states.h>
#include <kunit/visibility.h>

#include "tcp/tcp.h"

static const char * const xtcp_tcp_state_names[__XTCP_TCP_STATE_MAX] = {
	[XTCP_TCP_ESTABLISHED]	= "ESTABLISHED",
	[XTCP_TCP_SYN_SENT]	= "SYN_SENT",
	[XTCP_TCP_SYN_RECEIVED]	= "SYN_RECV",
	[XTCP_TCP_FIN_WAIT_1]	= "FIN_WAIT1",
	[XTCP_TCP_FIN_WAIT_2]	= "FIN_WAIT2",
	[XTCP_TCP_TIME_WAIT]	= "TIME_WAIT",
	[XTCP_TCP_CLOSED]	= "CLOSE",
	[XTCP_TCP_CLOSE_WAIT]	= "CLOSE_WAIT",
	[XTCP_TCP_LAST_ACK]	= "LAST_ACK",
	[XTCP_TCP_LISTEN]	= "LISTEN",
	[XTCP_TCP_CLOSING]	= "CLOSING",
};

/**
 * xtcp_tcp_state_name() - a state's name, as Linux's tcp_state_name tables
 * @state: enum xtcp_tcp_state
 *
 * Return: a static string, "UNKNOWN" for a value out of range.
 */
const char *xtcp_tcp_state_name(int state)
{
	/* The numbers are Linux's, for /proc/net/xtcp. */
	BUILD_BUG_ON((int)XTCP_TCP_ESTABLISHED != (int)TCP_ESTABLISHED);
	BUILD_BUG_ON((int)XTCP_TCP_SYN_RECEIVED != (int)TCP_SYN_RECV);
	BUILD_BUG_ON((int)XTCP_TCP_TIME_WAIT != (int)TCP_TIME_WAIT);
	BUILD_BUG_ON((int)XTCP_TCP_CLOSED != (int)TCP_CLOSE);
	BUILD_BUG_ON((int)XTCP_TCP_LISTEN != (int)TCP_LISTEN);
	BUILD_BUG_ON((int)XTCP_TCP_CLOSING != (int)TCP_CLOSING);

	if (state <= 0 || state >= __XTCP_TCP_STATE_MAX)
		return "UNKNOWN";
	return xtcp_tcp_state_names[state];
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_state_name);

static const char * const xtcp_tcp_fsm_drop_names[__XTCP_TCP_FSM_DROP_MAX] = {
	[XTCP_TCP_FSM_DROP_NONE]		= "None",
	[XTCP_TCP_FSM_DROP_SEQ]			= "OutOfWindow",
	[XTCP_TCP_FSM_DROP_PAWS]		= "Paws",
	[XTCP_TCP_FSM_DROP_RST_CHALLENGE]	= "RstChallenge",
	[XTCP_TCP_FSM_DROP_SYN_CHALLENGE]	= "SynChallenge",
	[XTCP_TCP_FSM_DROP_ACK_UNSENT]		= "AckUnsentData",
	[XTCP_TCP_FSM_DROP_ACK_OLD]		= "AckTooOld",
	[XTCP_TCP_FSM_DROP_NO_ACK]		= "NoAck",
	[XTCP_TCP_FSM_DROP_BAD_ACK]		= "BadAck",
	[XTCP_TCP_FSM_DROP_RST_BAD_ACK]		= "RstBadAck",
	[XTCP_TCP_FSM_DROP_NO_SYN]		= "NoSyn",
	[XTCP_TCP_FSM_DROP_RST]			= "Rst",
	[XTCP_TCP_FSM_DROP_LISTEN_ACK]		= "ListenAck",
	[XTCP_TCP_FSM_DROP_CLOSED]		= "Closed",
	[XTCP_TCP_FSM_DROP_WINDOW]		= "BeyondWindow",
	[XTCP_TCP_FSM_DROP_AFTER_FIN]		= "AfterFin",
	[XTCP_TCP_FSM_DROP_AFTER_CLOSE]		= "AbortOnData",
};

/**
 * xtcp_tcp_fsm_drop_name() - a drop reason's name, for traces and counters
 * @drop: enum xtcp_tcp_fsm_drop
 *
 * Return: a static string, "Unknown" for a value out of range.
 */
const char *xtcp_tcp_fsm_drop_name(int drop)
{
	if (drop < 0 || drop >= __XTCP_TCP_FSM_DROP_MAX)
		return "Unknown";
	return xtcp_tcp_fsm_drop_names[drop];
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_drop_name);

/**
 * xtcp_tcp_ratelimit_allow() - take one event from a rate limiter
 * @rl: the limiter
 * @limit: events allowed per interval; U32_MAX for no limit
 * @interval_us: the interval, in microseconds
 * @now: the time, in microseconds
 *
 * An interval starts with the first event after the previous one ended,
 * so a burst of @limit events can follow another after @interval_us.
 *
 * Return: true if the event may happen, false if it is over the limit.
 */
bool xtcp_tcp_ratelimit_allow(struct xtcp_tcp_ratelimit *rl, u32 limit,
			      u64 interval_us, u64 now)
{
	u64 start = READ_ONCE(rl->start);
	u32 count = READ_ONCE(rl->count);

	if (limit == U32_MAX)
		return true;
	if (!count || now < start || now - start >= interval_us) {
		WRITE_ONCE(rl->start, now);
		count = 0;
	}
	if (count >= limit) {
		WRITE_ONCE(rl->count, count);
		return false;
	}
	WRITE_ONCE(rl->count, count + 1);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_ratelimit_allow);

static void fsm_act_init(const struct xtcp_tcb *tcb,
			 struct xtcp_tcp_fsm_act *act)
{
	memset(act, 0, sizeof(*act));
	act->old_state = tcb->state;
	act->new_state = tcb->state;
}

static void fsm_set_state(struct xtcp_tcb *tcb, struct xtcp_tcp_fsm_act *act,
			  u8 state)
{
	tcb->state = state;
	act->new_state = state;
}

static void fsm_arm(struct xtcp_tcb *tcb, struct xtcp_tcp_fsm_act *act,
		    u64 deadline)
{
	tcb->deadline = deadline;
	act->deadline = deadline;
	act->flags &= ~XTCP_TCP_ACT_TIMER_CANCEL;
	act->flags |= XTCP_TCP_ACT_TIMER_ARM;
}

/* Enter CLOSED: the caller frees the TCB. */
static void fsm_done(struct xtcp_tcb *tcb, struct xtcp_tcp_fsm_act *act)
{
	fsm_set_state(tcb, act, XTCP_TCP_CLOSED);
	tcb->deadline = 0;
	act->flags &= ~XTCP_TCP_ACT_TIMER_ARM;
	act->flags |= XTCP_TCP_ACT_CLOSED | XTCP_TCP_ACT_TIMER_CANCEL;
}

static void fsm_time_wait(struct xtcp_tcb *tcb,
			  const struct xtcp_tcp_fsm_cfg *cfg, u64 now,
			  struct xtcp_tcp_fsm_act *act)
{
	fsm_set_state(tcb, act, XTCP_TCP_TIME_WAIT);
	fsm_arm(tcb, act, now + cfg->time_wait_us);
}

static void fsm_rst(struct xtcp_tcp_fsm_act *act, u32 seq, u32 ack, u16 flags)
{
	act->flags |= XTCP_TCP_ACT_SEND_RST;
	act->rst.seq = seq;
	act->rst.ack = ack;
	act->rst.flags = XTCP_TCPF_RST | flags;
}

static u32 fsm_seg_len(const struct xtcp_tcp_repr *seg)
{
	return seg->payload_len + !!(seg->flags & XTCP_TCPF_SYN) +
	       !!(seg->flags & XTCP_TCPF_FIN);
}

/*
 * The RST answering a segment no connection wants (RFC 9293 3.10.7.1):
 * <SEQ=SEG.ACK><CTL=RST> if it carries an ACK, else
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never one for an RST.
 */
static void fsm_rst_reply(const struct xtcp_tcp_repr *seg,
			  struct xtcp_tcp_fsm_act *act)
{
	if (seg->flags & XTCP_TCPF_RST)
		return;
	if (seg->flags & XTCP_TCPF_ACK)
		fsm_rst(act, seg->ack, 0, 0);
	else
		fsm_rst(act, 0, seg->seq + fsm_seg_len(seg), XTCP_TCPF_ACK);
}

/* The per-connection limit on ACKs to segments we did not want. */
static bool fsm_oow_allow(struct xtcp_tcb *tcb,
			  const struct xtcp_tcp_fsm_cfg *cfg, u64 now)
{
	if (!cfg->oow_interval_us)
		return true;
	return xtcp_tcp_ratelimit_allow(&tcb->oow_rl, 1, cfg->oow_interval_us,
					now);
}

/*
 * RFC 5961 challenge ACK: the connection's limit first, then the
 * namespace's (RFC 5961 7), as Linux's tcp_send_challenge_ack().
 */
static void fsm_challenge_ack(struct xtcp_tcb *tcb,
			      const struct xtcp_tcp_fsm_cfg *cfg, u64 now,
			      struct xtcp_tcp_fsm_act *act)
{
	if (fsm_oow_allow(tcb, cfg, now) &&
	    (!cfg->challenge_rl ||
	     xtcp_tcp_ratelimit_allow(cfg->challenge_rl,
				      cfg->challenge_ack_limit, USEC_PER_SEC,
				      now)))
		act->flags |= XTCP_TCP_ACT_CHALLENGE_ACK;
	else
		act->flags |= XTCP_TCP_ACT_ACK_LIMITED;
}

/*
 * The ACK owed to an unacceptable segment. Pure ACKs and SYNs are rate
 * limited (they can loop between two stacks); data is not, as Linux's
 * tcp_oow_rate_limited().
 */
static void fsm_oow_ack(struct xtcp_tcb *tcb,
			const struct xtcp_tcp_fsm_cfg *cfg,
			const struct xtcp_tcp_repr *seg, u64 now,
			struct xtcp_tcp_fsm_act *act)
{
	bool pure = !fsm_seg_len(seg) || (seg->flags & XTCP_TCPF_SYN);

	if (!pure || fsm_oow_allow(tcb, cfg, now))
		act->flags |= XTCP_TCP_ACT_SEND_ACK;
	else
		act->flags |= XTCP_TCP_ACT_ACK_LIMITED;
}

/* "now" in seconds, for TS.Recent's age (Linux: ktime_get_seconds()). */
static u32 fsm_secs(u64 now)
{
	return (u32)div_u64(now, USEC_PER_SEC);
}

/* TS.Recent = @tsval, taken @now (tcp_store_ts_recent()). */
static void fsm_ts_take(struct xtcp_tcb *tcb, u32 tsval, u64 now)
{
	tcb->ts_recent = tsval;
	tcb->ts_recent_stamp = fsm_secs(now);
}

/* The options both SYNs carried (RFC 7323 2.2, 3.2; RFC 2018 2). */
static void fsm_negotiate(struct xtcp_tcb *tcb,
			  const struct xtcp_tcp_opts *theirs, u64 now)
{
	u8 both = tcb->opts_offered & theirs->saw;

	tcb->mss = XTCP_TCP_DEFAULT_MSS;
	if ((theirs->saw & XTCP_TCPOPT_F_MSS) && theirs->mss)
		tcb->mss = theirs->mss;
	tcb->wscale_ok = both & XTCP_TCPOPT_F_WSCALE;
	if (tcb->wscale_ok) {
		tcb->snd_wscale = min_t(u8, theirs->wscale,
					XTCP_TCP_MAX_WSCALE);
	} else {
		tcb->snd_wscale = 0;
		tcb->rcv_wscale = 0;
	}
	tcb->sack_ok = both & XTCP_TCPOPT_F_SACK_PERM;
	tcb->ts_ok = both & XTCP_TCPOPT_F_TS;
	if (tcb->ts_ok)
		fsm_ts_take(tcb, theirs->tsval, now);
}

/* A fresh TCB sending its SYN (or SYN-ACK) at @iss. */
static void fsm_tcb_open(struct xtcp_tcb *tcb, u8 state, u32 iss, u32 rcv_wnd,
			 const struct xtcp_tcp_opts *ours)
{
	memset(tcb, 0, sizeof(*tcb));
	tcb->state = state;
	tcb->iss = iss;
	tcb->snd_una = iss;
	tcb->snd_nxt = iss + 1;
	tcb->rcv_wnd = rcv_wnd;
	tcb->mss = XTCP_TCP_DEFAULT_MSS;
	if (ours) {
		tcb->opts_offered = ours->saw;
		if (ours->saw & XTCP_TCPOPT_F_WSCALE)
			tcb->rcv_wscale = min_t(u8, ours->wscale,
						XTCP_TCP_MAX_WSCALE);
	}
}

/**
 * xtcp_tcp_fsm_connect() - active OPEN
 * @tcb: initialized here
 * @iss: our initial sequence number
 * @rcv_wnd: the receive window our SYN advertises, in bytes
 * @ours: the options our SYN carries (their XTCP_TCPOPT_F_* bits are what
 *	we offer; @ours->wscale is our shift), or NULL for none
 * @act: XTCP_TCP_ACT_SEND_SYN, SYN-SENT
 *
 * SND.NXT is ISS + 1 at once: the SYN is "sent" when the caller is told to
 * send it, and it retransmits it at ISS until it is acked.
 */
void xtcp_tcp_fsm_connect(struct xtcp_tcb *tcb, u32 iss, u32 rcv_wnd,
			  const struct xtcp_tcp_opts *ours,
			  struct xtcp_tcp_fsm_act *act)
{
	memset(act, 0, sizeof(*act));
	act->old_state = tcb->state;
	fsm_tcb_open(tcb, XTCP_TCP_SYN_SENT, iss, rcv_wnd, ours);
	tcb->active_open = true;
	act->new_state = tcb->state;
	act->flags = XTCP_TCP_ACT_SEND_SYN;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_connect);

/**
 * xtcp_tcp_fsm_listen_input() - a segment arrives at a LISTEN socket
 * @seg: the segment
 * @act: filled in: the RST to send, the drop reason
 *
 * RFC 9293 3.10.7.2: an RST is dropped, an ACK answered with
 * <SEQ=SEG.ACK><CTL=RST>, a SYN accepted, anything else dropped. Data on a
 * SYN is not kept (no TCP Fast Open): the peer sends it again.
 *
 * Return: the verdict.
 */
enum xtcp_tcp_listen_verdict
xtcp_tcp_fsm_listen_input(const struct xtcp_tcp_repr *seg,
			  struct xtcp_tcp_fsm_act *act)
{
	memset(act, 0, sizeof(*act));
	act->old_state = XTCP_TCP_LISTEN;
	act->new_state = XTCP_TCP_LISTEN;
	if (seg->flags & XTCP_TCPF_RST) {
		act->drop = XTCP_TCP_FSM_DROP_RST;
		return XTCP_TCP_LISTEN_DROP;
	}
	if (seg->flags & XTCP_TCPF_ACK) {
		act->drop = XTCP_TCP_FSM_DROP_LISTEN_ACK;
		fsm_rst(act, seg->ack, 0, 0);
		return XTCP_TCP_LISTEN_RESET;
	}
	if (seg->flags & XTCP_TCPF_SYN)
		return XTCP_TCP_LISTEN_ACCEPT;
	act->drop = XTCP_TCP_FSM_DROP_NO_SYN;
	return XTCP_TCP_LISTEN_DROP;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_listen_input);

/**
 * xtcp_tcp_fsm_closed_input() - a segment arrives for no connection
 * @seg: the segment
 * @act: filled in: the RST to send unless @seg is one (RFC 9293 3.10.7.1)
 */
void xtcp_tcp_fsm_closed_input(const struct xtcp_tcp_repr *seg,
			       struct xtcp_tcp_fsm_act *act)
{
	memset(act, 0, sizeof(*act));
	act->old_state = XTCP_TCP_CLOSED;
	act->new_state = XTCP_TCP_CLOSED;
	act->drop = seg->flags & XTCP_TCPF_RST ? XTCP_TCP_FSM_DROP_RST :
						  XTCP_TCP_FSM_DROP_CLOSED;
	fsm_rst_reply(seg, act);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_closed_input);

/**
 * xtcp_tcp_fsm_accept() - passive OPEN: a TCB for a SYN a listener accepted
 * @tcb: initialized here, SYN-RECEIVED
 * @syn: the SYN (xtcp_tcp_fsm_listen_input() said XTCP_TCP_LISTEN_ACCEPT)
 * @iss: our initial sequence number
 * @rcv_wnd: the receive window our SYN-ACK advertises, in bytes
 * @ours: the options our SYN-ACK carries, or NULL for none; an option
 *	counts only if @syn carried it too
 * @now: the time, in microseconds (when TS.Recent was taken)
 * @act: XTCP_TCP_ACT_SEND_SYNACK
 */
void xtcp_tcp_fsm_accept(struct xtcp_tcb *tcb, const struct xtcp_tcp_repr *syn,
			 u32 iss, u32 rcv_wnd, const struct xtcp_tcp_opts *ours,
			 u64 now, struct xtcp_tcp_fsm_act *act)
{
	memset(act, 0, sizeof(*act));
	act->old_state = XTCP_TCP_LISTEN;
	fsm_tcb_open(tcb, XTCP_TCP_SYN_RECEIVED, iss, rcv_wnd, ours);
	tcb->irs = syn->seq;
	tcb->rcv_nxt = syn->seq + 1;
	fsm_negotiate(tcb, &syn->opts, now);
	/* RFC 7323 2.2: the window of a SYN is never scaled. */
	tcb->snd_wnd = syn->window;
	tcb->max_snd_wnd = tcb->snd_wnd;
	tcb->snd_wl1 = syn->seq;
	tcb->snd_wl2 = iss;
	act->new_state = tcb->state;
	act->flags = XTCP_TCP_ACT_SEND_SYNACK;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_accept);

/* The peer's FIN, in order (RFC 9293 3.10.7.4 eighth). */
static void fsm_fin(struct xtcp_tcb *tcb, const struct xtcp_tcp_fsm_cfg *cfg,
		    u64 now, struct xtcp_tcp_fsm_act *act)
{
	tcb->rcv_nxt++;
	tcb->fin_rcvd = true;
	act->flags &= ~XTCP_TCP_ACT_DELAY_ACK;
	act->flags |= XTCP_TCP_ACT_EOF | XTCP_TCP_ACT_SEND_ACK;
	switch (tcb->state) {
	case XTCP_TCP_SYN_RECEIVED:
	case XTCP_TCP_ESTABLISHED:
		fsm_set_state(tcb, act, XTCP_TCP_CLOSE_WAIT);
		break;
	case XTCP_TCP_FIN_WAIT_1:
		/* Had it acked our FIN, the ACK step made this FIN-WAIT-2. */
		fsm_set_state(tcb, act, XTCP_TCP_CLOSING);
		break;
	case XTCP_TCP_FIN_WAIT_2:
		fsm_time_wait(tcb, cfg, now, act);
		break;
	}
}

/*
 * Segment text and FIN (RFC 9293 3.10.7.4 seventh and eighth), for the
 * part of the segment at @seq, @off bytes into its payload, @len bytes
 * long; @fin if a FIN follows it.
 */
static void fsm_text(struct xtcp_tcb *tcb, const struct xtcp_tcp_fsm_cfg *cfg,
		     const struct xtcp_tcp_repr *seg, u32 seq, u32 off,
		     u32 len, bool fin, u64 now, struct xtcp_tcp_fsm_act *act)
{
	u32 wend = tcb->rcv_nxt + tcb->rcv_wnd;

	if (xtcp_seq_before(seq, tcb->rcv_nxt)) {
		u32 old = tcb->rcv_nxt - seq;

		if (old > len) {
			/* Only an old FIN: the acceptability test let it by. */
			len = 0;
			fin = false;
		} else {
			off += old;
			len -= old;
		}
		seq = tcb->rcv_nxt;
	}
	if (!len && !fin)
		return;

	switch (tcb->state) {
	case XTCP_TCP_ESTABLISHED:
	case XTCP_TCP_FIN_WAIT_1:
	case XTCP_TCP_FIN_WAIT_2:
		break;
	default:
		/* The peer's FIN came before: nothing can follow it. */
		act->drop = XTCP_TCP_FSM_DROP_AFTER_FIN;
		return;
	}

	/* RFC 1122 4.2.2.13: new data for a closed socket resets it. */
	if (tcb->orphan && len) {
		act->drop = XTCP_TCP_FSM_DROP_AFTER_CLOSE;
		act->err = ECONNRESET;
		fsm_rst_reply(seg, act);
		fsm_done(tcb, act);
		return;
	}

	if (xtcp_seq_after(seq + len, wend)) {
		len = xtcp_seq_before(seq, wend) ? wend - seq : 0;
		fin = false;
		act->drop = XTCP_TCP_FSM_DROP_WINDOW;
		act->flags |= XTCP_TCP_ACT_SEND_ACK;
	}

	if (seq != tcb->rcv_nxt) {
		/* Out of order: the caller queues it; ACK at once (RFC 5681). */
		act->flags |= XTCP_TCP_ACT_SEND_ACK;
		if (!len && !fin)
			return;
		act->flags |= XTCP_TCP_ACT_OOO;
		act->ooo_seq = seq;
		act->ooo_off = off;
		act->ooo_len = len;
		if (fin)
			act->flags |= XTCP_TCP_ACT_OOO_FIN;
		return;
	}
	if (len) {
		act->flags |= XTCP_TCP_ACT_DELIVER;
		act->deliver_off = off;
		act->deliver_len = len;
		tcb->rcv_nxt += len;
		tcb->rcv_wnd -= min(len, tcb->rcv_wnd);
		if (!(act->flags & XTCP_TCP_ACT_SEND_ACK))
			act->flags |= XTCP_TCP_ACT_DELAY_ACK;
	}
	if (fin)
		fsm_fin(tcb, cfg, now, act);
}

/* SYN-SENT (RFC 9293 3.10.7.3). */
static void fsm_syn_sent(struct xtcp_tcb *tcb,
			 const struct xtcp_tcp_fsm_cfg *cfg,
			 const struct xtcp_tcp_repr *seg, u64 now,
			 struct xtcp_tcp_fsm_act *act)
{
	bool ack = seg->flags & XTCP_TCPF_ACK;

	if (ack && (!xtcp_seq_after(seg->ack, tcb->iss) ||
		    xtcp_seq_after(seg->ack, tcb->snd_nxt))) {
		act->drop = XTCP_TCP_FSM_DROP_BAD_ACK;
		if (!(seg->flags & XTCP_TCPF_RST))
			fsm_rst(act, seg->ack, 0, 0);
		return;
	}
	if (seg->flags & XTCP_TCPF_RST) {
		if (!ack) {
			act->drop = XTCP_TCP_FSM_DROP_RST_BAD_ACK;
			return;
		}
		act->err = ECONNREFUSED;
		fsm_done(tcb, act);
		return;
	}
	if (!(seg->flags & XTCP_TCPF_SYN)) {
		act->drop = XTCP_TCP_FSM_DROP_NO_SYN;
		return;
	}

	tcb->irs = seg->seq;
	tcb->rcv_nxt = seg->seq + 1;
	fsm_negotiate(tcb, &seg->opts, now);
	tcb->snd_wnd = seg->window;	/* never scaled in a SYN */
	tcb->max_snd_wnd = max(tcb->max_snd_wnd, tcb->snd_wnd);
	tcb->snd_wl1 = seg->seq;
	if (!ack) {
		/*
		 * Simultaneous open. Text on the SYN is not kept: the peer
		 * sends it again once we are synchronized.
		 */
		tcb->snd_wl2 = tcb->iss;
		fsm_set_state(tcb, act, XTCP_TCP_SYN_RECEIVED);
		act->flags |= XTCP_TCP_ACT_SEND_SYNACK;
		return;
	}
	tcb->bytes_acked = seg->ack - tcb->snd_una;
	tcb->snd_una = seg->ack;
	tcb->snd_wl2 = seg->ack;
	fsm_set_state(tcb, act, XTCP_TCP_ESTABLISHED);
	act->flags |= XTCP_TCP_ACT_ESTABLISHED | XTCP_TCP_ACT_ACKED |
		      XTCP_TCP_ACT_SEND_ACK;
	fsm_text(tcb, cfg, seg, seg->seq + 1, 0, seg->payload_len,
		 seg->flags & XTCP_TCPF_FIN, now, act);
}

/*
 * RFC 9293 3.10.7.4 first check, with RFC 9293's zero-window allowance,
 * and Linux's right edge (tcp_sequence()): a segment without text at
 * RCV.NXT + RCV.WND is acceptable too. A peer that filled our window
 * sends its pure ACKs there while the head of that data is still lost;
 * their ACKs must count, and an RST there gets a challenge ACK.
 */
static bool fsm_seq_ok(const struct xtcp_tcb *tcb, u32 seq, u32 seg_len)
{
	u32 wnd = tcb->rcv_wnd, nxt = tcb->rcv_nxt;

	if (!wnd) {
		/*
		 * Nothing fits, but a segment at RCV.NXT still carries an
		 * ACK or an RST to process; its text is then trimmed away.
		 */
		return seq == nxt;
	}
	if (xtcp_seq_between(nxt, seq, nxt + wnd - 1))
		return true;
	if (!seg_len)
		return seq == nxt + wnd;
	return xtcp_seq_between(nxt, seq + seg_len - 1, nxt + wnd - 1);
}

/*
 * The ACK field in a synchronized state (RFC 9293 fifth, RFC 5961 5.2).
 * An ACK older than SND.UNA is acceptable back to MAX.SND.WND, but never
 * below what the peer has acknowledged already, as Linux's tcp_ack()
 * bounds it ("do not accept ACK for bytes we never sent"): else, while
 * we have sent little, a blind attacker's data passes with almost any ACK.
 */
static bool fsm_ack(struct xtcp_tcb *tcb, const struct xtcp_tcp_fsm_cfg *cfg,
		    const struct xtcp_tcp_repr *seg, u64 now,
		    struct xtcp_tcp_fsm_act *act)
{
	u32 ack = seg->ack, wnd;
	bool advanced;

	if (tcb->state == XTCP_TCP_SYN_RECEIVED) {
		if (!xtcp_seq_after(ack, tcb->snd_una) ||
		    xtcp_seq_after(ack, tcb->snd_nxt)) {
			act->drop = XTCP_TCP_FSM_DROP_BAD_ACK;
			fsm_rst(act, ack, 0, 0);
			return false;
		}
		fsm_set_state(tcb, act, XTCP_TCP_ESTABLISHED);
		act->flags |= XTCP_TCP_ACT_ESTABLISHED;
		/* The window below is taken whatever SND.WL1/WL2 say. */
		tcb->snd_wl1 = seg->seq - 1;
	}
	if (xtcp_seq_after(ack, tcb->snd_nxt)) {
		act->drop = XTCP_TCP_FSM_DROP_ACK_UNSENT;
		fsm_challenge_ack(tcb, cfg, now, act);
		return false;
	}
	if (xtcp_seq_before(ack, tcb->snd_una -
			    min_t(u64, tcb->max_snd_wnd, tcb->bytes_acked))) {
		act->drop = XTCP_TCP_FSM_DROP_ACK_OLD;
		fsm_challenge_ack(tcb, cfg, now, act);
		return false;
	}

	advanced = xtcp_seq_after(ack, tcb->snd_una);
	if (advanced) {
		u32 acked = ack - tcb->snd_una;

		tcb->bytes_acked += acked;
		if (tcb->snd_una == tcb->iss) {
			acked--;	/* our SYN */
			if (!tcb->active_open)
				tcb->bytes_acked--;
		}
		if (tcb->fin_sent && ack == tcb->fin_seq + 1)
			acked--;	/* our FIN */
		tcb->snd_una = ack;
		act->acked = acked;
		act->flags |= XTCP_TCP_ACT_ACKED;
	}

	/*
	 * The window, as Linux takes it (tcp_may_update_window()): from any
	 * segment whose ACK moves SND.UNA, or that is newer than SND.WL1, or
	 * as new with a larger (or zero) window. RFC 9293's SND.WL1/WL2 test
	 * alone keeps a stale window when out-of-order data from the peer
	 * moved SND.WL1 past the hole: the segment that fills the hole, and
	 * acks more of ours with a smaller window, would not be believed, and
	 * we would send past the peer's window. A duplicate older than
	 * SND.UNA updates nothing.
	 */
	wnd = (u32)seg->window << tcb->snd_wscale;
	if (!xtcp_seq_before(ack, tcb->snd_una) &&
	    (advanced || xtcp_seq_after(seg->seq, tcb->snd_wl1) ||
	     (seg->seq == tcb->snd_wl1 && (wnd > tcb->snd_wnd || !wnd)))) {
		if (wnd != tcb->snd_wnd)
			act->flags |= XTCP_TCP_ACT_WND_UPDATE;
		tcb->snd_wnd = wnd;
		tcb->max_snd_wnd = max(tcb->max_snd_wnd, wnd);
		tcb->snd_wl1 = seg->seq;
		tcb->snd_wl2 = ack;
	}

	if (!tcb->fin_sent || tcb->snd_una != tcb->fin_seq + 1)
		return true;
	/* Our FIN is acked. */
	switch (tcb->state) {
	case XTCP_TCP_FIN_WAIT_1:
		fsm_set_state(tcb, act, XTCP_TCP_FIN_WAIT_2);
		if (tcb->orphan)
			fsm_arm(tcb, act, now + cfg->fin_timeout_us);
		break;
	case XTCP_TCP_CLOSING:
		fsm_time_wait(tcb, cfg, now, act);
		break;
	case XTCP_TCP_LAST_ACK:
		fsm_done(tcb, act);
		return false;
	}
	return true;
}

/*
 * tcp_paws_check(): @tsval is at most @win ticks older than TS.Recent, in
 * s32 arithmetic, so that the peer's clock may wrap (RFC 7323 5.2); or
 * TS.Recent is no longer valid: taken 24 days ago or more, the peer's
 * clock may since have gone more than half its space past it (RFC 7323
 * 5.5, an idle connection); or it is 0, which some stacks send on their
 * SYN before their clock starts (Linux's exception).
 */
static bool fsm_paws_ok(const struct xtcp_tcb *tcb, u32 tsval, s32 win,
			u64 now)
{
	if ((s32)(tcb->ts_recent - tsval) <= win)
		return true;
	if (!time_before32(fsm_secs(now),
			   tcb->ts_recent_stamp + XTCP_TCP_PAWS_24DAYS))
		return true;
	return !tcb->ts_recent;
}

/*
 * PAWS (RFC 7323 5.3) as Linux applies it (tcp_paws_discard()): a
 * timestamp one tick older than TS.Recent is not a replay
 * (TCP_PAWS_WINDOW), since a peer's ACKs from process context and softirq
 * may leave in the other order; and a pure duplicate ACK that changes
 * nothing is taken even older, within @cfg->paws_replay ticks
 * (tcp_disordered_ack()). The caller exempts an RST, as RFC 7323 5.3 R1
 * does (Linux does too, but in TIME-WAIT and a request only once
 * TS.Recent is a minute old).
 */
static bool fsm_paws_reject(const struct xtcp_tcb *tcb,
			    const struct xtcp_tcp_fsm_cfg *cfg,
			    const struct xtcp_tcp_repr *seg, u16 flags,
			    u64 now)
{
	s32 age = (s32)(tcb->ts_recent - seg->opts.tsval);

	if (fsm_paws_ok(tcb, seg->opts.tsval, XTCP_TCP_PAWS_WINDOW, now))
		return false;
	return !((flags & XTCP_TCPF_ACK) && !seg->payload_len &&
		 !(flags & (XTCP_TCPF_SYN | XTCP_TCPF_FIN)) &&
		 seg->seq == tcb->rcv_nxt && seg->ack == tcb->snd_una &&
		 ((u32)seg->window << tcb->snd_wscale) == tcb->snd_wnd &&
		 (u32)age <= cfg->paws_replay);
}

/**
 * xtcp_tcp_fsm_input() - a segment arrives (RFC 9293 3.10.7)
 * @tcb: the connection, in any state
 * @cfg: timeouts and ACK limits
 * @seg: the segment, its checksum verified
 * @now: the time, in microseconds
 * @act: filled in: what to send, deliver, report
 *
 * In order: the SYN-SENT rules; else a segment with neither ACK, RST nor
 * SYN is dropped (as Linux; not in a request or TIME-WAIT), then PAWS
 * (RFC 7323 5.3), the sequence number test, RST (RFC 5961 3.2: only an
 * RST at exactly RCV.NXT resets), SYN (RFC 5961 4.2: challenge ACK), ACK
 * (RFC 5961 5.2), text, FIN.
 * In-order text is reported with XTCP_TCP_ACT_DELIVER and RCV.NXT moves
 * past it; text after a hole with XTCP_TCP_ACT_OOO for the caller's queue.
 * A segment for a LISTEN or CLOSED TCB gets xtcp_tcp_fsm_listen_input()'s
 * (minus the accept) or xtcp_tcp_fsm_closed_input()'s answer.
 *
 * Context: any; the caller serializes calls for one TCB.
 */
void xtcp_tcp_fsm_input(struct xtcp_tcb *tcb,
			const struct xtcp_tcp_fsm_cfg *cfg,
			const struct xtcp_tcp_repr *seg, u64 now,
			struct xtcp_tcp_fsm_act *act)
{
	u32 seq = seg->seq, len = seg->payload_len;
	u16 flags = seg->flags;

	switch (tcb->state) {
	case XTCP_TCP_CLOSED:
		xtcp_tcp_fsm_closed_input(seg, act);
		return;
	case XTCP_TCP_LISTEN:
		xtcp_tcp_fsm_listen_input(seg, act);
		return;
	}
	fsm_act_init(tcb, act);
	if (tcb->state == XTCP_TCP_SYN_SENT) {
		fsm_syn_sent(tcb, cfg, seg, now, act);
		return;
	}

	if (tcb->state == XTCP_TCP_SYN_RECEIVED && (flags & XTCP_TCPF_SYN) &&
	    !(flags & XTCP_TCPF_RST) && seq == tcb->irs) {
		if (!(flags & XTCP_TCPF_ACK)) {
			/* The peer's SYN again: our SYN-ACK was lost. */
			if (fsm_oow_allow(tcb, cfg, now))
				act->flags |= XTCP_TCP_ACT_SEND_SYNACK;
			else
				act->flags |= XTCP_TCP_ACT_ACK_LIMITED;
			return;
		}
		if (tcb->active_open && seg->ack == tcb->snd_nxt &&
		    fsm_seg_len(seg) == 1) {
			/* Simultaneous open: the SYN-ACK acks our SYN. */
			flags &= ~XTCP_TCPF_SYN;
			seq++;
		}
	}

	/*
	 * Neither ACK, RST nor SYN: Linux drops it before any other check
	 * in a full socket (tcp_rcv_established(), tcp_rcv_state_process()),
	 * unanswered even out of the window. A request (passive
	 * SYN-RECEIVED) and TIME-WAIT check its sequence number first, as
	 * RFC 9293 does, and so answer one out of the window.
	 */
	if (!(flags & (XTCP_TCPF_ACK | XTCP_TCPF_RST | XTCP_TCPF_SYN)) &&
	    tcb->state != XTCP_TCP_TIME_WAIT &&
	    (tcb->state != XTCP_TCP_SYN_RECEIVED || tcb->active_open)) {
		act->drop = XTCP_TCP_FSM_DROP_NO_ACK;
		return;
	}

	if (tcb->ts_ok && (seg->opts.saw & XTCP_TCPOPT_F_TS) &&
	    !(flags & XTCP_TCPF_RST) &&
	    fsm_paws_reject(tcb, cfg, seg, flags, now)) {
		act->drop = XTCP_TCP_FSM_DROP_PAWS;
		fsm_oow_ack(tcb, cfg, seg, now, act);
		return;
	}

	if (!fsm_seq_ok(tcb, seq, len + !!(flags & XTCP_TCPF_SYN) +
			!!(flags & XTCP_TCPF_FIN))) {
		act->drop = XTCP_TCP_FSM_DROP_SEQ;
		if (flags & XTCP_TCPF_RST)
			return;
		if (flags & XTCP_TCPF_SYN) {
			/* RFC 5961 4.2: whatever its sequence number. */
			act->drop = XTCP_TCP_FSM_DROP_SYN_CHALLENGE;
			fsm_challenge_ack(tcb, cfg, now, act);
			return;
		}
		fsm_oow_ack(tcb, cfg, seg, now, act);
		/* Linux: the peer lost our last ACK; wait 2 MSL again. */
		if (tcb->state == XTCP_TCP_TIME_WAIT && (flags & XTCP_TCPF_ACK))
			fsm_arm(tcb, act, now + cfg->time_wait_us);
		return;
	}

	/*
	 * RFC 7323 4.3: TS.Recent moves forward only (tcp_replace_ts_recent()),
	 * not back to the one-tick-old or disordered timestamps PAWS let by;
	 * once invalid (5.5), it is taken from whatever comes.
	 */
	if (tcb->ts_ok && (seg->opts.saw & XTCP_TCPOPT_F_TS) &&
	    !xtcp_seq_after(seq, tcb->rcv_nxt) &&
	    fsm_paws_ok(tcb, seg->opts.tsval, 0, now))
		fsm_ts_take(tcb, seg->opts.tsval, now);

	if (flags & XTCP_TCPF_RST) {
		if (seq != tcb->rcv_nxt) {
			act->drop = XTCP_TCP_FSM_DROP_RST_CHALLENGE;
			fsm_challenge_ack(tcb, cfg, now, act);
			return;
		}
		switch (tcb->state) {
		case XTCP_TCP_SYN_RECEIVED:
			/* A passive open goes back to LISTEN: no user yet. */
			act->err = tcb->active_open ? ECONNREFUSED : 0;
			break;
		case XTCP_TCP_ESTABLISHED:
		case XTCP_TCP_FIN_WAIT_1:
		case XTCP_TCP_FIN_WAIT_2:
			act->err = ECONNRESET;
			break;
		case XTCP_TCP_CLOSE_WAIT:
			act->err = EPIPE;	/* as Linux's tcp_reset() */
			break;
		}
		fsm_done(tcb, act);
		return;
	}

	if (flags & XTCP_TCPF_SYN) {
		if (tcb->state == XTCP_TCP_SYN_RECEIVED && !tcb->active_open) {
			/* RFC 9293: back to LISTEN; Linux resets the peer. */
			act->drop = XTCP_TCP_FSM_DROP_SYN_CHALLENGE;
			fsm_rst_reply(seg, act);
			fsm_done(tcb, act);
			return;
		}
		act->drop = XTCP_TCP_FSM_DROP_SYN_CHALLENGE;
		fsm_challenge_ack(tcb, cfg, now, act);
		return;
	}

	if (!(flags & XTCP_TCPF_ACK)) {
		act->drop = XTCP_TCP_FSM_DROP_NO_ACK;
		return;
	}
	if (!fsm_ack(tcb, cfg, seg, now, act))
		return;

	fsm_text(tcb, cfg, seg, seq, 0, len, flags & XTCP_TCPF_FIN, now, act);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_input);

/**
 * xtcp_tcp_fsm_rcv_advance() - the caller delivered queued out-of-order data
 * @tcb: the connection
 * @cfg: timeouts
 * @len: bytes now in order, at RCV.NXT
 * @fin: the peer's FIN follows them
 * @now: the time, in microseconds
 * @act: filled in: XTCP_TCP_ACT_SEND_ACK, and with @fin what the FIN does
 *
 * Moves RCV.NXT past @len bytes the caller took from its out-of-order
 * queue (after an in-order segment filled the hole), and processes the
 * FIN that segment carried.
 */
void xtcp_tcp_fsm_rcv_advance(struct xtcp_tcb *tcb,
			      const struct xtcp_tcp_fsm_cfg *cfg, u32 len,
			      bool fin, u64 now, struct xtcp_tcp_fsm_act *act)
{
	fsm_act_init(tcb, act);
	switch (tcb->state) {
	case XTCP_TCP_ESTABLISHED:
	case XTCP_TCP_FIN_WAIT_1:
	case XTCP_TCP_FIN_WAIT_2:
		break;
	default:
		return;
	}
	tcb->rcv_nxt += len;
	tcb->rcv_wnd -= min(len, tcb->rcv_wnd);
	/* A hole was filled: ACK at once (RFC 5681 4.2). */
	act->flags |= XTCP_TCP_ACT_SEND_ACK;
	if (fin)
		fsm_fin(tcb, cfg, now, act);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_rcv_advance);

/**
 * xtcp_tcp_fsm_close() - the user's CLOSE (close() or shutdown(SHUT_WR))
 * @tcb: the connection
 * @cfg: timeouts
 * @orphan: close(): the user is gone, so FIN-WAIT-2 times out and new data
 *	resets the connection; false for shutdown(SHUT_WR)
 * @now: the time, in microseconds
 * @act: filled in: XTCP_TCP_ACT_SEND_FIN, or CLOSED
 *
 * The state moves at once, as RFC 9293 3.10.4 says (ESTABLISHED and
 * SYN-RECEIVED to FIN-WAIT-1, CLOSE-WAIT to LAST-ACK; LISTEN and SYN-SENT
 * to CLOSED). The FIN itself goes after the data queued before it: the
 * caller sends it when its queue allows and then calls
 * xtcp_tcp_fsm_fin_sent(). Closing an already closing connection sends
 * nothing more; closing an orphan in FIN-WAIT-2 arms its timeout. A
 * close() with unread data is an abort (Linux): use xtcp_tcp_fsm_abort().
 */
void xtcp_tcp_fsm_close(struct xtcp_tcb *tcb,
			const struct xtcp_tcp_fsm_cfg *cfg, bool orphan,
			u64 now, struct xtcp_tcp_fsm_act *act)
{
	fsm_act_init(tcb, act);
	tcb->orphan |= orphan;
	switch (tcb->state) {
	case XTCP_TCP_CLOSED:
	case XTCP_TCP_LISTEN:
	case XTCP_TCP_SYN_SENT:
		fsm_done(tcb, act);
		break;
	case XTCP_TCP_SYN_RECEIVED:
	case XTCP_TCP_ESTABLISHED:
		fsm_set_state(tcb, act, XTCP_TCP_FIN_WAIT_1);
		act->flags |= XTCP_TCP_ACT_SEND_FIN;
		break;
	case XTCP_TCP_CLOSE_WAIT:
		fsm_set_state(tcb, act, XTCP_TCP_LAST_ACK);
		act->flags |= XTCP_TCP_ACT_SEND_FIN;
		break;
	case XTCP_TCP_FIN_WAIT_2:
		if (orphan && !tcb->deadline)
			fsm_arm(tcb, act, now + cfg->fin_timeout_us);
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_close);

/**
 * xtcp_tcp_fsm_fin_sent() - the caller sent our FIN, at SND.NXT
 * @tcb: the connection, in FIN-WAIT-1, CLOSING or LAST-ACK
 *
 * Records the FIN's sequence number and moves SND.NXT past it.
 *
 * Return: 0, or -EINVAL if no FIN is due (wrong state, or sent already).
 */
int xtcp_tcp_fsm_fin_sent(struct xtcp_tcb *tcb)
{
	switch (tcb->state) {
	case XTCP_TCP_FIN_WAIT_1:
	case XTCP_TCP_CLOSING:
	case XTCP_TCP_LAST_ACK:
		break;
	default:
		return -EINVAL;
	}
	if (tcb->fin_sent)
		return -EINVAL;
	tcb->fin_sent = true;
	tcb->fin_seq = tcb->snd_nxt++;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_fin_sent);

/**
 * xtcp_tcp_fsm_abort() - the user's ABORT (RFC 9293 3.10.5)
 * @tcb: the connection
 * @act: filled in: CLOSED, and an RST <SEQ=SND.NXT><ACK=RCV.NXT> in the
 *	states where the peer may still talk to us (as Linux's
 *	tcp_send_active_reset(), RST|ACK)
 */
void xtcp_tcp_fsm_abort(struct xtcp_tcb *tcb, struct xtcp_tcp_fsm_act *act)
{
	fsm_act_init(tcb, act);
	switch (tcb->state) {
	case XTCP_TCP_SYN_RECEIVED:
	case XTCP_TCP_ESTABLISHED:
	case XTCP_TCP_FIN_WAIT_1:
	case XTCP_TCP_FIN_WAIT_2:
	case XTCP_TCP_CLOSE_WAIT:
		fsm_rst(act, tcb->snd_nxt, tcb->rcv_nxt, XTCP_TCPF_ACK);
		break;
	}
	fsm_done(tcb, act);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_abort);

/**
 * xtcp_tcp_fsm_timeout() - the core's timer fired
 * @tcb: the connection
 * @cfg: timeouts
 * @now: the time, in microseconds
 * @act: filled in: CLOSED when a deadline passed
 *
 * TIME-WAIT ends after 2 MSL. An orphaned FIN-WAIT-2 ends after
 * @cfg->fin_timeout_us, silently: Linux turns it into a FIN-WAIT-2
 * timewait socket that just goes away (an RST goes only when
 * tcp_fin_timeout exceeds TCP_TIMEWAIT_LEN and the keepalive timer ends
 * it; we keep to the common case). An early call does nothing.
 *
 * Return: true if the connection closed.
 */
bool xtcp_tcp_fsm_timeout(struct xtcp_tcb *tcb,
			  const struct xtcp_tcp_fsm_cfg *cfg, u64 now,
			  struct xtcp_tcp_fsm_act *act)
{
	fsm_act_init(tcb, act);
	if (!tcb->deadline || now < tcb->deadline)
		return false;
	switch (tcb->state) {
	case XTCP_TCP_TIME_WAIT:
	case XTCP_TCP_FIN_WAIT_2:
		fsm_done(tcb, act);
		return true;
	}
	tcb->deadline = 0;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_fsm_timeout);
