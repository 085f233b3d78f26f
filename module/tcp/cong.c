// SPDX-License-Identifier: GPL-2.0
/*
 * Congestion control: the registry of algorithms, a namespace's default,
 * the loss-recovery state machine they share, and the three classic
 * algorithms (tcp_cong.c, tcp_input.c's tcp_fastretrans_alert()).
 *
 * The state machine sees ACKs, duplicate ACKs and timeouts and answers
 * what to send; the algorithm's hooks decide the numbers:
 *
 *  - a new ACK outside recovery grows the window (->cong_avoid) while the
 *    window is what limits the sender;
 *  - the first two duplicate ACKs let one new segment each go (limited
 *    transmit, RFC 3042);
 *  - the third starts recovery: ->ssthresh halves (or, for CUBIC, scales)
 *    the window, the segment at SND.UNA goes again, and the window is
 *    inflated by one for each further duplicate (RFC 5681 3.2). Reno
 *    leaves at the first new ACK; NewReno only at one that covers all
 *    that was sent when recovery began, resending the next hole on each
 *    partial ACK (RFC 6582). Tahoe has no fast recovery: it resends from
 *    SND.UNA in slow start from one segment, as after a timeout;
 *  - a timeout: one segment, slow start up to the new threshold (reduced
 *    once per loss episode, as tcp_enter_loss()).
 */
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/netlink.h>
#include <net/net_namespace.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "tcp.h"

static DEFINE_SPINLOCK(xtcp_cong_lock);
static LIST_HEAD(xtcp_cong_list);

/* ---- the shared state machine ---- */

static void xtcp_cc_set_state(struct xtcp_cc *cc, u8 state)
{
	if (cc->state == state)
		return;
	if (cc->ops->set_state)
		cc->ops->set_state(cc, state);
	cc->state = state;
}

/**
 * xtcp_cc_init() - a connection starts with @ops
 * @cc: its congestion state
 * @ops: the algorithm; the caller holds a reference (xtcp_cong_get())
 *
 * The initial window is ten segments (RFC 6928), the threshold infinite.
 */
void xtcp_cc_init(struct xtcp_cc *cc, const struct xtcp_cong_ops *ops)
{
	memset(cc, 0, sizeof(*cc));
	cc->ops = ops;
	cc->cwnd = XTCP_TCP_INIT_CWND;
	cc->ssthresh = U32_MAX;
	if (ops->init)
		ops->init(cc);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_init);

/**
 * xtcp_cc_reset() - start again with the same algorithm (a disconnect)
 * @cc: the congestion state
 */
void xtcp_cc_reset(struct xtcp_cc *cc)
{
	const struct xtcp_cong_ops *ops = cc->ops;

	if (ops->release)
		ops->release(cc);
	xtcp_cc_init(cc, ops);
}

/**
 * xtcp_cc_release() - the connection stops using its algorithm
 * @cc: its congestion state
 *
 * The reference xtcp_cc_init()'s caller held goes too.
 */
void xtcp_cc_release(struct xtcp_cc *cc)
{
	if (!cc->ops)
		return;
	if (cc->ops->release)
		cc->ops->release(cc);
	xtcp_cong_put(cc->ops);
	cc->ops = NULL;
}

/*
 * tcp_is_cwnd_limited(): in slow start while fewer than half the window
 * was in use the window does not grow, nor in congestion avoidance
 * unless all of it was.
 */
static bool xtcp_cc_cwnd_limited(const struct xtcp_cc *cc, u32 prior)
{
	if (cc->cwnd < cc->ssthresh)
		return cc->cwnd < 2 * prior;
	return prior >= cc->cwnd;
}

/*
 * What a cut may have to be undone to (tcp_current_ssthresh()): outside
 * recovery the threshold is at least 3/4 of the window, which a sender in
 * congestion avoidance had grown past it.
 */
static void xtcp_cc_save_prior(struct xtcp_cc *cc)
{
	cc->prior_cwnd = cc->cwnd;
	cc->prior_ssthresh = max(cc->ssthresh,
				 (cc->cwnd >> 1) + (cc->cwnd >> 2));
}

/*
 * Proportional Rate Reduction (RFC 6937, tcp_cwnd_reduction()): while a
 * reduction lasts, the window is what is in flight (pipe) plus what this
 * ACK lets go. While pipe is above the threshold, segments go in
 * proportion to those delivered, ssthresh / prior_cwnd of them, so the
 * window comes down to the threshold over one round trip instead of at
 * once (no silence after the cut, no burst after it). Below the
 * threshold, slow start brings it back up, at most one more than was
 * delivered per ACK (the RFC's slow start reduction bound). The first
 * ACK always lets one segment go: the fast retransmit.
 */
static void xtcp_cc_prr(struct xtcp_cc *cc, u32 delivered, bool advanced)
{
	s64 delta = (s64)cc->ssthresh - cc->in_flight;
	s64 sndcnt;

	if (!delivered || !cc->prior_cwnd)
		return;
	cc->prr_delivered += delivered;
	if (delta < 0) {
		u64 d = (u64)cc->ssthresh * cc->prr_delivered +
			cc->prior_cwnd - 1;

		sndcnt = (s64)div_u64(d, cc->prior_cwnd) - cc->prr_out;
	} else {
		sndcnt = max_t(s64, (s64)cc->prr_delivered - cc->prr_out,
			       delivered);
		if (advanced)
			sndcnt++;
		sndcnt = min(delta, sndcnt);
	}
	sndcnt = max_t(s64, sndcnt, cc->prr_out ? 0 : 1);
	cc->cwnd = clamp_t(s64, (s64)cc->in_flight + sndcnt, 1,
			   XTCP_CA_CWND_MAX);
}

/*
 * A loss is seen: the threshold drops (once: recovery and loss end only
 * at an ACK that covers @high_seq), and the segment at SND.UNA goes again
 * (RFC 5681 3.2 steps 2-3, RFC 6675 5 step 4).
 */
static unsigned int xtcp_cc_enter_recovery(struct xtcp_cc *cc,
					   const struct xtcp_cc_ack *a)
{
	const struct xtcp_cong_ops *ops = cc->ops;

	/*
	 * From an ECN echo's reduction, the one cut goes on: no new
	 * threshold, and nothing to undo (tcp_enter_recovery()).
	 */
	if (cc->state == XTCP_CA_CWR) {
		cc->prior_ssthresh = 0;
	} else {
		xtcp_cc_save_prior(cc);
		cc->ssthresh = ops->ssthresh(cc);
		cc->high_seq = a->snd_max;
		cc->prr_delivered = 0;
		cc->prr_out = 0;
	}
	cc->cwnd_cnt = 0;
	if (ops->recovery == XTCP_CA_REC_NONE) {
		cc->cwnd = 1;
		xtcp_cc_set_state(cc, XTCP_CA_LOSS);
		return XTCP_CC_GO_BACK;
	}
	xtcp_cc_set_state(cc, XTCP_CA_RECOVERY);
	if (cc->pipe)
		xtcp_cc_prr(cc, max(a->delivered, 1U), a->acked);
	else
		cc->cwnd = min_t(u32, cc->ssthresh + 3, XTCP_CA_CWND_MAX);
	return XTCP_CC_RETRANSMIT;
}

static unsigned int xtcp_cc_dupack(struct xtcp_cc *cc,
				   const struct xtcp_cc_ack *a)
{
	switch (cc->state) {
	case XTCP_CA_RECOVERY:
		/* RFC 5681 3.2 step 4: one more segment has left. */
		cc->cwnd = min_t(u32, cc->cwnd + 1, XTCP_CA_CWND_MAX);
		return 0;
	case XTCP_CA_LOSS:
		return 0;
	}
	if (cc->dupacks < U8_MAX)
		cc->dupacks++;
	if (cc->dupacks < 3) {
		xtcp_cc_set_state(cc, XTCP_CA_DISORDER);
		return 0;
	}
	if (cc->dupacks > 3)
		return 0;
	/*
	 * RFC 6582 3.2 step 2 (duplicates of an ACK below "recover" start
	 * no new recovery) holds by construction: recovery and loss end
	 * only at an ACK that covers @high_seq.
	 */
	return xtcp_cc_enter_recovery(cc, a);
}

/* A reduction (recovery, CWR) is over: the window at the threshold. */
static void xtcp_cc_end_reduction(struct xtcp_cc *cc)
{
	cc->cwnd = clamp_t(u32, cc->ssthresh, 1, XTCP_CA_CWND_MAX);
	cc->cwnd_cnt = 0;
	xtcp_cc_set_state(cc, XTCP_CA_OPEN);
}

/*
 * RFC 6675 with the socket's scoreboard (@cc->pipe): what is in flight is
 * pipe, from which SACKed and lost segments are gone, so the window needs
 * no inflation by duplicate ACKs nor deflation after. Recovery begins
 * when the scoreboard deems a segment lost, or at the third duplicate ACK
 * (RFC 6675 5 step 4), with the window at the new threshold; the socket
 * sends the lost segments, then new data, while pipe is below it. It ends
 * at the ACK that covers all that was sent when it began; a partial ACK
 * changes nothing. Tahoe still starts again from one segment.
 */
static unsigned int xtcp_cc_pipe_ack(struct xtcp_cc *cc,
				     const struct xtcp_cc_ack *a)
{
	const struct xtcp_cong_ops *ops = cc->ops;

	if (a->acked) {
		if (ops->pkts_acked)
			ops->pkts_acked(cc, a->delivered, a->rtt_us);
		cc->dupacks = 0;
	} else if (a->dup && cc->dupacks < U8_MAX) {
		cc->dupacks++;
	}
	switch (cc->state) {
	case XTCP_CA_RECOVERY:
		if (a->acked && !xtcp_seq_before(a->ack, cc->high_seq))
			xtcp_cc_end_reduction(cc);
		else
			xtcp_cc_prr(cc, a->delivered, a->acked);
		return 0;
	case XTCP_CA_LOSS:
		if (!a->acked)
			return 0;
		if (!xtcp_seq_before(a->ack, cc->high_seq))
			xtcp_cc_set_state(cc, XTCP_CA_OPEN);
		break;
	case XTCP_CA_CWR:
		if (a->lost || cc->dupacks >= 3)
			return xtcp_cc_enter_recovery(cc, a);
		/*
		 * It ends once SND.UNA passes what was sent when it began,
		 * so that the peer saw our CWR (tcp_fastretrans_alert()).
		 */
		if (a->acked && xtcp_seq_after(a->ack, cc->high_seq))
			xtcp_cc_end_reduction(cc);
		else
			xtcp_cc_prr(cc, a->delivered, a->acked);
		return 0;
	default:
		if (a->lost || cc->dupacks >= 3)
			return xtcp_cc_enter_recovery(cc, a);
		xtcp_cc_set_state(cc, a->acked ? XTCP_CA_OPEN :
				  XTCP_CA_DISORDER);
		if (!a->acked)
			return 0;
	}
	if (a->delivered && xtcp_cc_cwnd_limited(cc, a->prior_in_flight))
		ops->cong_avoid(cc, a->delivered);
	cc->cwnd = clamp_t(u32, cc->cwnd, 1, XTCP_CA_CWND_MAX);
	return 0;
}

/**
 * xtcp_cc_ack() - an ACK came
 * @cc: the connection's congestion state; @cc->in_flight and
 *	@cc->now_us set
 * @a: what it told
 *
 * Return: XTCP_CC_* bits: what the socket must send again.
 */
unsigned int xtcp_cc_ack(struct xtcp_cc *cc, const struct xtcp_cc_ack *a)
{
	const struct xtcp_cong_ops *ops = cc->ops;

	cc->snd_una = a->ack;
	cc->snd_max = a->snd_max;
	if (a->rtt_us > 0 && (!cc->min_rtt_us || a->rtt_us < cc->min_rtt_us))
		cc->min_rtt_us = a->rtt_us;
	if (cc->pipe)
		return xtcp_cc_pipe_ack(cc, a);
	if (!a->acked)
		return a->dup ? xtcp_cc_dupack(cc, a) : 0;
	if (ops->pkts_acked)
		ops->pkts_acked(cc, a->acked, a->rtt_us);
	cc->dupacks = 0;
	switch (cc->state) {
	case XTCP_CA_RECOVERY:
		if (ops->recovery == XTCP_CA_REC_NEWRENO &&
		    xtcp_seq_before(a->ack, cc->high_seq)) {
			/*
			 * RFC 6582 3.2 step 3, a partial ACK: deflate by
			 * what it acknowledged, add one back, and resend the
			 * next hole.
			 */
			cc->cwnd = (cc->cwnd > a->acked ?
				    cc->cwnd - a->acked : 1) + 1;
			return XTCP_CC_RETRANSMIT;
		}
		/*
		 * A full ACK (or Reno's first new one): deflate to the
		 * threshold, or less if little is in flight (RFC 6582 3.2
		 * step 3, the first option), and no growth on it.
		 */
		cc->cwnd = cc->ssthresh;
		if (ops->recovery == XTCP_CA_REC_NEWRENO)
			cc->cwnd = min(cc->cwnd, max(cc->in_flight, 1U) + 1);
		cc->cwnd_cnt = 0;
		xtcp_cc_set_state(cc, XTCP_CA_OPEN);
		return 0;
	case XTCP_CA_LOSS:
		if (!xtcp_seq_before(a->ack, cc->high_seq))
			xtcp_cc_set_state(cc, XTCP_CA_OPEN);
		break;
	case XTCP_CA_DISORDER:
		xtcp_cc_set_state(cc, XTCP_CA_OPEN);
		break;
	}
	if (xtcp_cc_cwnd_limited(cc, a->prior_in_flight))
		ops->cong_avoid(cc, a->acked);
	cc->cwnd = clamp_t(u32, cc->cwnd, 1, XTCP_CA_CWND_MAX);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_ack);

/**
 * xtcp_cc_timeout() - the retransmission timer fired
 * @cc: the connection's congestion state
 * @snd_max: the highest sequence number sent, plus one
 *
 * The threshold is set once per loss episode: a timeout in recovery or
 * after another timeout keeps it (tcp_enter_loss()).
 */
void xtcp_cc_timeout(struct xtcp_cc *cc, u32 snd_max)
{
	if (cc->state <= XTCP_CA_DISORDER) {
		xtcp_cc_save_prior(cc);
		cc->ssthresh = cc->ops->ssthresh(cc);
	}
	cc->cwnd = 1;
	cc->cwnd_cnt = 0;
	cc->dupacks = 0;
	cc->high_seq = snd_max;
	xtcp_cc_set_state(cc, XTCP_CA_LOSS);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_timeout);

/**
 * xtcp_cc_cwr() - a loss repaired without recovery: reduce the window once,
 *	at once
 * @cc: the connection's congestion state
 *
 * A tail loss probe that resent a segment, answered without a D-SACK,
 * repaired a loss (RFC 8985 7.4.2): the algorithm's threshold, and the
 * window down to it, as tcp_process_tlp_ack() enters and ends CWR in one
 * step. Nothing changes in CWR, recovery or loss, which cut already.
 */
void xtcp_cc_cwr(struct xtcp_cc *cc)
{
	if (cc->state >= XTCP_CA_CWR)
		return;
	cc->prior_cwnd = cc->cwnd;
	cc->prior_ssthresh = 0;		/* a real loss, or congestion: kept */
	cc->ssthresh = cc->ops->ssthresh(cc);
	cc->cwnd = clamp_t(u32, min(cc->cwnd, cc->ssthresh), 1,
			   XTCP_CA_CWND_MAX);
	cc->cwnd_cnt = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_cwr);

/**
 * xtcp_cc_enter_cwr() - an ECN echo: reduce the window once, over a round
 *	trip (tcp_enter_cwr())
 * @cc: the connection's congestion state
 * @snd_max: the highest sequence number sent, plus one: the reduction
 *	lasts until SND.UNA passes it
 *
 * With the scoreboard (@cc->pipe), the CWR state: the algorithm's
 * threshold, then PRR brings the window down to it ACK by ACK. Without,
 * the cut is at once (xtcp_cc_cwr()). Nothing changes in recovery or
 * loss, which cut already, or in CWR. The cut cannot be undone: ECN
 * proves congestion.
 */
void xtcp_cc_enter_cwr(struct xtcp_cc *cc, u32 snd_max)
{
	if (!cc->pipe) {
		xtcp_cc_cwr(cc);
		return;
	}
	cc->prior_ssthresh = 0;
	if (cc->state >= XTCP_CA_CWR)
		return;
	cc->prior_cwnd = cc->cwnd;
	cc->ssthresh = cc->ops->ssthresh(cc);
	cc->high_seq = snd_max;
	cc->prr_delivered = 0;
	cc->prr_out = 0;
	cc->cwnd_cnt = 0;
	xtcp_cc_set_state(cc, XTCP_CA_CWR);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_enter_cwr);

/**
 * xtcp_cc_undo() - the last cut was needless: back to before it
 *	(tcp_undo_cwnd_reduction())
 * @cc: the connection's congestion state
 *
 * The socket found that what it deemed lost was not (its resends were all
 * reported as duplicates, the peer's timestamps echo the first sending,
 * or F-RTO saw segments sent once acknowledged after a timeout). The
 * window goes back to what it was (->undo_cwnd), the threshold too, and
 * recovery or loss ends. Once per cut: after it, or after xtcp_cc_cwr()
 * (whose cut stands), recovery or loss ends and nothing is restored.
 *
 * Return: whether the window and threshold were restored.
 */
bool xtcp_cc_undo(struct xtcp_cc *cc)
{
	const struct xtcp_cong_ops *ops = cc->ops;
	bool restore = cc->prior_ssthresh;

	if (restore) {
		cc->cwnd = ops->undo_cwnd ? ops->undo_cwnd(cc) :
					    max(cc->cwnd, cc->prior_cwnd);
		cc->cwnd = clamp_t(u32, cc->cwnd, 1, XTCP_CA_CWND_MAX);
		cc->ssthresh = max(cc->ssthresh, cc->prior_ssthresh);
		cc->prior_ssthresh = 0;
		cc->cwnd_cnt = 0;
	}
	cc->dupacks = 0;
	xtcp_cc_set_state(cc, XTCP_CA_OPEN);
	return restore;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_undo);

/**
 * xtcp_cc_tx_start() - the socket sends again after the pipe was empty
 * @cc: the connection's congestion state; @cc->now_us set
 *
 * Called as Linux's CA_EVENT_TX_START: before a new segment leaves while
 * nothing was in flight. CUBIC keeps its curve where it was before the
 * idle time.
 */
void xtcp_cc_tx_start(struct xtcp_cc *cc)
{
	if (cc->ops->cwnd_event)
		cc->ops->cwnd_event(cc, XTCP_CA_EVENT_TX_START);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_tx_start);

/**
 * xtcp_cc_send_window() - how many segments may be in flight
 * @cc: the connection's congestion state
 *
 * The congestion window, plus one new segment for each of the first two
 * duplicate ACKs (limited transmit, RFC 3042).
 *
 * Return: segments.
 */
u32 xtcp_cc_send_window(const struct xtcp_cc *cc)
{
	/* Pipe does not count SACKed segments: that is limited transmit. */
	if (cc->state == XTCP_CA_DISORDER && !cc->pipe)
		return cc->cwnd + min_t(u32, cc->dupacks, 2);
	return cc->cwnd;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cc_send_window);

/* ---- helpers for algorithms ---- */

/**
 * xtcp_cc_slow_start() - grow by one segment per segment acked, up to the
 *	threshold (RFC 5681 3.1, tcp_slow_start())
 * @cc: congestion state
 * @acked: segments acknowledged
 *
 * Return: what of @acked is left for congestion avoidance.
 */
u32 xtcp_cc_slow_start(struct xtcp_cc *cc, u32 acked)
{
	u32 cwnd = min_t(u32, cc->cwnd + acked, cc->ssthresh);

	acked -= cwnd - cc->cwnd;
	cc->cwnd = min_t(u32, cwnd, XTCP_CA_CWND_MAX);
	return acked;
}
EXPORT_SYMBOL_GPL(xtcp_cc_slow_start);

/**
 * xtcp_cc_avoid_ai() - one segment more for every @w acked
 *	(tcp_cong_avoid_ai())
 * @cc: congestion state
 * @w: segments acked per step
 * @acked: segments acknowledged now
 */
void xtcp_cc_avoid_ai(struct xtcp_cc *cc, u32 w, u32 acked)
{
	w = max(w, 1U);
	if (cc->cwnd_cnt >= w) {
		cc->cwnd_cnt = 0;
		cc->cwnd++;
	}
	cc->cwnd_cnt += acked;
	if (cc->cwnd_cnt >= w) {
		u32 delta = cc->cwnd_cnt / w;

		cc->cwnd_cnt -= delta * w;
		cc->cwnd += delta;
	}
	cc->cwnd = min_t(u32, cc->cwnd, XTCP_CA_CWND_MAX);
}
EXPORT_SYMBOL_GPL(xtcp_cc_avoid_ai);

/**
 * xtcp_cc_reno_ssthresh() - half the window, at least two segments
 * @cc: congestion state
 *
 * Return: the new threshold.
 */
u32 xtcp_cc_reno_ssthresh(struct xtcp_cc *cc)
{
	return max(cc->cwnd >> 1, 2U);
}
EXPORT_SYMBOL_GPL(xtcp_cc_reno_ssthresh);

/**
 * xtcp_cc_reno_cong_avoid() - slow start, then one segment per window
 * @cc: congestion state
 * @acked: segments acknowledged
 */
void xtcp_cc_reno_cong_avoid(struct xtcp_cc *cc, u32 acked)
{
	if (cc->cwnd < cc->ssthresh) {
		acked = xtcp_cc_slow_start(cc, acked);
		if (!acked)
			return;
	}
	xtcp_cc_avoid_ai(cc, cc->cwnd, acked);
}
EXPORT_SYMBOL_GPL(xtcp_cc_reno_cong_avoid);

/* The classic three differ only in what the third duplicate ACK starts. */
struct xtcp_cong_ops xtcp_tahoe_ops = {
	.name		= "tahoe",
	.ssthresh	= xtcp_cc_reno_ssthresh,
	.cong_avoid	= xtcp_cc_reno_cong_avoid,
	.recovery	= XTCP_CA_REC_NONE,
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_tahoe_ops);

struct xtcp_cong_ops xtcp_reno_ops = {
	.name		= "reno",
	.ssthresh	= xtcp_cc_reno_ssthresh,
	.cong_avoid	= xtcp_cc_reno_cong_avoid,
	.recovery	= XTCP_CA_REC_RENO,
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_reno_ops);

struct xtcp_cong_ops xtcp_newreno_ops = {
	.name		= "newreno",
	.ssthresh	= xtcp_cc_reno_ssthresh,
	.cong_avoid	= xtcp_cc_reno_cong_avoid,
	.recovery	= XTCP_CA_REC_NEWRENO,
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_newreno_ops);

/* ---- the registry ---- */

static struct xtcp_cong_ops *xtcp_cong_find(const char *name)
{
	struct xtcp_cong_ops *ops;

	list_for_each_entry_rcu(ops, &xtcp_cong_list, list,
				lockdep_is_held(&xtcp_cong_lock)) {
		if (!strcmp(ops->name, name))
			return ops;
	}
	return NULL;
}

/**
 * xtcp_cong_register() - make an algorithm available (tcp_register_congestion_control())
 * @ops: its table; ->ssthresh and ->cong_avoid are required, ->name must
 *	be unique
 *
 * Return: 0, -EINVAL for a table without its required hooks or a name,
 * -EEXIST for a name already taken.
 */
int xtcp_cong_register(struct xtcp_cong_ops *ops)
{
	int err = 0;

	if (!ops->ssthresh || !ops->cong_avoid || !ops->name[0] ||
	    strnlen(ops->name, XTCP_CA_NAME_MAX) == XTCP_CA_NAME_MAX ||
	    ops->recovery > XTCP_CA_REC_NONE)
		return -EINVAL;
	spin_lock(&xtcp_cong_lock);
	if (xtcp_cong_find(ops->name))
		err = -EEXIST;
	else
		list_add_tail_rcu(&ops->list, &xtcp_cong_list);
	spin_unlock(&xtcp_cong_lock);
	return err;
}
EXPORT_SYMBOL_GPL(xtcp_cong_register);

/**
 * xtcp_cong_unregister() - withdraw an algorithm
 * @ops: a registered table
 *
 * Sockets and namespace defaults that use it hold its module, so a module
 * unregisters only when none does.
 */
void xtcp_cong_unregister(struct xtcp_cong_ops *ops)
{
	spin_lock(&xtcp_cong_lock);
	list_del_rcu(&ops->list);
	spin_unlock(&xtcp_cong_lock);
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(xtcp_cong_unregister);

/**
 * xtcp_cong_get() - an algorithm by name, referenced
 * @name: its name
 *
 * Return: the table, its module held; NULL if there is none by that name
 * (or its module is going).
 */
const struct xtcp_cong_ops *xtcp_cong_get(const char *name)
{
	struct xtcp_cong_ops *ops;

	rcu_read_lock();
	ops = xtcp_cong_find(name);
	if (ops && !try_module_get(ops->owner))
		ops = NULL;
	rcu_read_unlock();
	return ops;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cong_get);

/**
 * xtcp_cong_put() - drop what xtcp_cong_get() took
 * @ops: the table
 */
void xtcp_cong_put(const struct xtcp_cong_ops *ops)
{
	module_put(ops->owner);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cong_put);

/**
 * xtcp_cong_available() - the names, as tcp_available_congestion_control
 * @buf: output, space-separated, in the order registered
 * @len: its size
 *
 * Return: the length of the text.
 */
size_t xtcp_cong_available(char *buf, size_t len)
{
	struct xtcp_cong_ops *ops;
	size_t pos = 0;

	buf[0] = '\0';
	rcu_read_lock();
	list_for_each_entry_rcu(ops, &xtcp_cong_list, list)
		pos += scnprintf(buf + pos, len - pos, "%s%s",
				 pos ? " " : "", ops->name);
	rcu_read_unlock();
	return pos;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cong_available);

/**
 * xtcp_cong_default_get() - a namespace's default, referenced
 * @net: the namespace
 *
 * Return: its tcp_congestion_control, held for the caller.
 */
const struct xtcp_cong_ops *xtcp_cong_default_get(struct net *net)
{
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;
	const struct xtcp_cong_ops *ops;

	rcu_read_lock();
	ops = rcu_dereference(tn->cong_default);
	/* The default holds its module: this never fails. */
	__module_get(ops->owner);
	rcu_read_unlock();
	return ops;
}

/**
 * xtcp_cong_set_default() - set a namespace's tcp_congestion_control
 * @net: the namespace
 * @name: the algorithm
 * @extack: why it failed
 *
 * Return: 0, or -ENOENT when no algorithm has that name.
 */
int xtcp_cong_set_default(struct net *net, const char *name,
			  struct netlink_ext_ack *extack)
{
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;
	const struct xtcp_cong_ops *ops, *old;

	ops = xtcp_cong_get(name);
	if (!ops) {
		NL_SET_ERR_MSG(extack, "no such congestion control");
		return -ENOENT;
	}
	spin_lock(&xtcp_cong_lock);
	old = rcu_replace_pointer(tn->cong_default, ops,
				  lockdep_is_held(&xtcp_cong_lock));
	spin_unlock(&xtcp_cong_lock);
	xtcp_cong_put(old);
	return 0;
}

/* A new namespace's default is CUBIC, as Linux's. */
void xtcp_cong_net_init(struct net *net)
{
	RCU_INIT_POINTER(xtcp_pernet(net)->tcp.cong_default, &xtcp_cubic_ops);
}

void xtcp_cong_net_exit(struct net *net)
{
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;

	xtcp_cong_put(rcu_dereference_protected(tn->cong_default, true));
	RCU_INIT_POINTER(tn->cong_default, NULL);
}

static struct xtcp_cong_ops *const xtcp_cong_builtin[] = {
	&xtcp_reno_ops, &xtcp_cubic_ops, &xtcp_newreno_ops, &xtcp_tahoe_ops,
};

/* Module init: the built-in algorithms, listed as Linux lists its two. */
int xtcp_cong_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(xtcp_cong_builtin); i++) {
		err = xtcp_cong_register(xtcp_cong_builtin[i]);
		if (err) {
			while (i--)
				xtcp_cong_unregister(xtcp_cong_builtin[i]);
			return err;
		}
	}
	return 0;
}

void xtcp_cong_exit(void)
{
	unsigned int i = ARRAY_SIZE(xtcp_cong_builtin);

	while (i--)
		xtcp_cong_unregister(xtcp_cong_builtin[i]);
}
