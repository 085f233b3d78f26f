// SPDX-License-Identifier: GPL-2.0
/*
 * TCP timers of a full socket, as tcp_timer.c:
 *
 *  - retransmission (RFC 6298): the oldest unacknowledged segment is sent
 *    again, the RTO doubles, and after tcp_retries2 (tcp_syn_retries while
 *    connecting) or TCP_USER_TIMEOUT the connection fails with ETIMEDOUT;
 *    with nothing in flight and a zero window it is the persist timer,
 *    which probes the window;
 *  - delayed ACK, at most XTCP_TCP_DELACK_MAX;
 *  - keepalive, which also carries the state machine core's deadlines
 *    (the orphaned FIN-WAIT-2 timeout).
 *
 * A timer that finds the user holding the socket tries again a little
 * later (Linux defers such work to release_sock() through tsq_flags; the
 * delayed ACK does that here too).
 */
#include <net/sock.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "tcp.h"

#define XTCP_TCP_DEFER		(HZ / 50)

/**
 * xtcp_rto_estimate() - RFC 6298 2.2 and 2.3, socket-free
 * @srtt_us: SRTT << 3, microseconds; 0 before the first sample
 * @rttvar_us: RTTVAR << 2, microseconds
 * @m: a measured round trip, microseconds, at least 1
 *
 * The first sample sets SRTT = R and RTTVAR = R / 2; later ones
 * RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'| and then SRTT = 7/8 SRTT + 1/8 R'.
 * The clock's granularity G (a microsecond) never exceeds 4 RTTVAR here.
 *
 * Return: RTO = SRTT + 4 RTTVAR, in jiffies, within Linux's bounds
 * (200 ms, 120 s).
 */
u32 xtcp_rto_estimate(u32 *srtt_us, u32 *rttvar_us, long m)
{
	u32 rto;

	if (!*srtt_us) {
		*srtt_us = m << 3;
		*rttvar_us = m << 1;
	} else {
		long err = m - (*srtt_us >> 3);

		*rttvar_us += abs(err) - (long)(*rttvar_us >> 2);
		*srtt_us += err;
	}
	rto = usecs_to_jiffies((*srtt_us >> 3) + *rttvar_us);
	return clamp_t(u32, rto, XTCP_TCP_RTO_MIN, XTCP_TCP_RTO_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rto_estimate);

/**
 * xtcp_rto_backoff() - the RTO after @backoff timeouts (RFC 6298 5.5)
 * @rto: the estimate, jiffies
 * @backoff: timeouts in a row
 *
 * Return: @rto doubled @backoff times, at most 120 s (RFC 6298 2.5).
 */
unsigned long xtcp_rto_backoff(u32 rto, u8 backoff)
{
	if (backoff >= 32)
		return XTCP_TCP_RTO_MAX;
	return min_t(u64, (u64)rto << backoff, XTCP_TCP_RTO_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rto_backoff);

/**
 * xtcp_rtt_pick() - the RTT sample an ACK gives, socket-free
 *	(tcp_ack_update_rtt())
 * @seq_rtt_us: from the newest segment it acknowledged that was sent
 *	only once, or -1: Karn's algorithm takes none from a segment sent
 *	again, as nothing tells which copy the ACK is for
 * @tsecr: its timestamp echo, 0 when it has none (or timestamps are off)
 * @ts_now: our timestamp clock now, as our TSval would carry it
 *
 * With timestamps the echo tells: the ACK answers the copy that carried
 * that TSval (RFC 7323 4.1), so a resent segment gives a sample too.
 *
 * Return: the sample, microseconds (at least 1), or -1 for none.
 */
long xtcp_rtt_pick(long seq_rtt_us, u32 tsecr, u32 ts_now)
{
	u32 delta;

	if (seq_rtt_us >= 0)
		return seq_rtt_us;
	if (!tsecr)
		return -1;
	delta = ts_now - tsecr;
	/* An echo from the future, or older than a sane RTT: none. */
	if (delta >= INT_MAX / USEC_PER_MSEC)
		return -1;
	return max_t(u32, delta, 1) * USEC_PER_MSEC;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_rtt_pick);

/**
 * xtcp_tcp_rtt_sample() - a new RTT sample updates the socket's RTO
 * @tp: the socket
 * @rtt_us: a measured round trip, microseconds
 */
void xtcp_tcp_rtt_sample(struct xtcp_tcp_sock *tp, long rtt_us)
{
	tp->rto = xtcp_rto_estimate(&tp->srtt_us, &tp->rttvar_us, rtt_us);
}

/* (Re)start the retransmission timer at the current RTO with backoff. */
void xtcp_tcp_reset_rto(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	tp->timer_what = XTCP_TCP_TIMER_RTO;
	sk_reset_timer(sk, &tp->retrans_timer,
		       jiffies + xtcp_rto_backoff(tp->rto, tp->backoff));
}

/*
 * A tail loss probe may be scheduled (tcp_schedule_loss_probe()): RACK-TLP
 * on, no loss being repaired, no probe out, and something in flight.
 */
static bool xtcp_tcp_tlp_ok(const struct xtcp_tcp_sock *tp)
{
	return xtcp_tcp_rack_on(tp) && tp->packets_out && !tp->rack.tlp_out &&
	       tp->cc.state == XTCP_CA_OPEN && !tp->backoff &&
	       tp->tcb.state == XTCP_TCP_ESTABLISHED;
}

/**
 * xtcp_tcp_rearm() - after an ACK or new data: the probe timeout when a
 *	tail loss probe may go, else the RTO (tcp_rearm_rto())
 * @sk: the socket, locked, with segments in flight
 */
void xtcp_tcp_rearm(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 pto;

	if (!xtcp_tcp_tlp_ok(tp)) {
		xtcp_tcp_reset_rto(sk);
		return;
	}
	pto = xtcp_tlp_timeout(tp->srtt_us >> 3, tp->packets_out,
			       jiffies_to_usecs(tp->rto));
	tp->timer_what = XTCP_TCP_TIMER_TLP;
	sk_reset_timer(sk, &tp->retrans_timer,
		       jiffies + usecs_to_jiffies(pto));
}

/**
 * xtcp_tcp_reo_arm() - RACK's reorder timer (RFC 8985 6.3)
 * @sk: the socket, locked
 * @us: when the next segment may be deemed lost, microseconds from now
 */
void xtcp_tcp_reo_arm(struct sock *sk, u32 us)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	tp->timer_what = XTCP_TCP_TIMER_REO;
	sk_reset_timer(sk, &tp->retrans_timer,
		       jiffies + max_t(unsigned long, usecs_to_jiffies(us), 1));
}

void xtcp_tcp_delack_arm(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (!timer_pending(&tp->delack_timer))
		sk_reset_timer(sk, &tp->delack_timer,
			       jiffies + XTCP_TCP_DELACK_MIN);
}

static int xtcp_tcp_keepidle(const struct sock *sk)
{
	const struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	return tp->keepidle ? tp->keepidle * HZ :
	       READ_ONCE(xtcp_pernet(sock_net(sk))->sysctl.tcp_keepalive_time);
}

void xtcp_tcp_keepalive_arm(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (!tp->tcb.deadline)
		sk_reset_timer(sk, &tp->keepalive_timer,
			       jiffies + xtcp_tcp_keepidle(sk));
}

/**
 * xtcp_tcp_keepalive_rearm() - TCP_KEEPIDLE changed on a keepalive socket
 * @sk: the socket, locked
 *
 * The next probe is due the new idle time after the last segment
 * received, or now if that is past.
 */
void xtcp_tcp_keepalive_rearm(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	unsigned long idle = xtcp_tcp_keepidle(sk);
	unsigned long elapsed = jiffies - tp->rcv_tstamp;

	if (!tp->tcb.deadline)
		sk_reset_timer(sk, &tp->keepalive_timer,
			       jiffies + (idle > elapsed ? idle - elapsed : 0));
}

/* How many timeouts before giving up (tcp_write_timeout()). */
static bool xtcp_tcp_write_timeout(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_sysctl *sc = &xtcp_pernet(sock_net(sk))->sysctl;
	int limit;

	if (tp->user_timeout && tp->retrans_stamp &&
	    time_after_eq(jiffies, tp->retrans_stamp +
			  msecs_to_jiffies(tp->user_timeout)))
		return true;
	if (sk->sk_state == TCP_SYN_SENT)
		limit = READ_ONCE(sc->tcp_syn_retries);
	else
		limit = READ_ONCE(sc->tcp_retries2);
	if (sock_flag(sk, SOCK_DEAD) && limit > 8)
		limit = 8;	/* tcp_orphan_retries() */
	return tp->retransmits >= limit && !tp->user_timeout;
}

static void xtcp_tcp_retransmit_timer(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	bool cut, again;

	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN)
		return;
	switch (tp->timer_what) {
	case XTCP_TCP_TIMER_TLP:
		if (!tp->packets_out)
			break;
		xtcp_tcp_send_tlp(sk);
		xtcp_tcp_reset_rto(sk);
		return;
	case XTCP_TCP_TIMER_REO:
		if (!tp->packets_out)
			break;
		xtcp_tcp_rack_timeout(sk);
		return;
	}
	if (!tp->packets_out) {
		/* Persist: a probe at SND.UNA - 1 draws the window. */
		if (!tp->send_head)
			return;
		if (tp->backoff < 15)
			tp->backoff++;
		tp->probes_out++;
		XTCP_INC_STATS(net, XTCP_MIB_TCPWINPROBE);
		xtcp_tcp_send_probe(sk);
		xtcp_tcp_reset_rto(sk);
		return;
	}
	if (xtcp_tcp_write_timeout(sk)) {
		XTCP_INC_STATS(net, XTCP_MIB_TCPABORTONTIMEOUT);
		if (sk->sk_state == TCP_SYN_SENT)
			XTCP_INC_STATS(net, XTCP_MIB_TCPATTEMPTFAILS);
		xtcp_tcp_done(sk, READ_ONCE(sk->sk_err_soft) ? : ETIMEDOUT);
		return;
	}
	XTCP_INC_STATS(net, XTCP_MIB_TCPTIMEOUTS);
	if (!tp->retrans_stamp)
		tp->retrans_stamp = jiffies;
	again = tp->retransmits;
	tp->retransmits++;
	if (tp->backoff < 15)
		tp->backoff++;
	/* RFC 5681 3.1: after a timeout, one segment and slow start. */
	xtcp_tcp_cc_prep(tp);
	cut = tp->cc.state <= XTCP_CA_DISORDER;
	xtcp_cc_timeout(&tp->cc, tp->snd_max);
	xtcp_tcp_undo_timeout(sk, cut, again);
	/*
	 * All in flight that the peer did not SACK is lost: it goes again
	 * from SND.UNA on as the window grows (tcp_enter_loss()).
	 */
	xtcp_tcp_sb_mark_all_lost(&tp->sb, &sk->sk_write_queue, tp->send_head);
	tp->rtx_reason = XTCP_TCP_RTX_RTO;
	tp->rack.tlp_out = 0;
	tp->rack.reo_us = 0;
	xtcp_tcp_push(sk);
	xtcp_tcp_reset_rto(sk);
}

static void xtcp_tcp_retrans_fire(struct timer_list *t)
{
	struct xtcp_tcp_sock *tp = from_timer(tp, t, retrans_timer);
	struct sock *sk = &tp->xsk.sk;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		sk_reset_timer(sk, &tp->retrans_timer, jiffies + XTCP_TCP_DEFER);
	else
		xtcp_tcp_retransmit_timer(sk);
	bh_unlock_sock(sk);
	sock_put(sk);
}

static void xtcp_tcp_delack_fire(struct timer_list *t)
{
	struct xtcp_tcp_sock *tp = from_timer(tp, t, delack_timer);
	struct sock *sk = &tp->xsk.sk;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		set_bit(XTCP_TCP_PEND_ACK, &tp->pending);
	else if (tp->ack_pending)
		xtcp_tcp_send_ack(sk);
	bh_unlock_sock(sk);
	sock_put(sk);
}

/* Keepalive (tcp_keepalive_timer()) and the core's own deadline. */
static void xtcp_tcp_keepalive_timer(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_sysctl *sc = &xtcp_pernet(sock_net(sk))->sysctl;
	struct xtcp_tcp_fsm_cfg cfg;
	struct xtcp_tcp_fsm_act act;
	int idle, intvl, cnt;

	if (tp->tcb.deadline) {
		xtcp_tcp_fsm_cfg(sk, &cfg);
		if (xtcp_tcp_fsm_timeout(&tp->tcb, &cfg, xtcp_tcp_now_us(),
					 &act)) {
			xtcp_tcp_done(sk, 0);
			return;
		}
		if (tp->tcb.deadline) {
			u64 now = xtcp_tcp_now_us();

			sk_reset_timer(sk, &tp->keepalive_timer, jiffies +
				       usecs_to_jiffies(tp->tcb.deadline > now ?
							tp->tcb.deadline - now : 0));
		}
		return;
	}
	if (!sock_flag(sk, SOCK_KEEPOPEN) || sk->sk_state != TCP_ESTABLISHED)
		return;
	idle = xtcp_tcp_keepidle(sk);
	intvl = tp->keepintvl ? tp->keepintvl * HZ :
				READ_ONCE(sc->tcp_keepalive_intvl);
	cnt = tp->keepcnt ? : READ_ONCE(sc->tcp_keepalive_probes);
	if (tp->packets_out || tp->send_head) {
		sk_reset_timer(sk, &tp->keepalive_timer, jiffies + idle);
		return;
	}
	if (time_before(jiffies, tp->rcv_tstamp + idle) && !tp->probes_out) {
		sk_reset_timer(sk, &tp->keepalive_timer,
			       tp->rcv_tstamp + idle);
		return;
	}
	if (tp->probes_out >= cnt) {
		/* tcp_write_err() counts the abort, as a retransmission
		 * timeout's.
		 */
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPABORTONTIMEOUT);
		xtcp_tcp_send_active_reset(sk, GFP_ATOMIC);
		xtcp_tcp_done(sk, ETIMEDOUT);
		return;
	}
	tp->probes_out++;
	/* Linux counts each probe (tcp_write_wakeup(sk, TCPKEEPALIVE)). */
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPKEEPALIVE);
	xtcp_tcp_send_probe(sk);
	sk_reset_timer(sk, &tp->keepalive_timer, jiffies + intvl);
}

static void xtcp_tcp_keepalive_fire(struct timer_list *t)
{
	struct xtcp_tcp_sock *tp = from_timer(tp, t, keepalive_timer);
	struct sock *sk = &tp->xsk.sk;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		sk_reset_timer(sk, &tp->keepalive_timer, jiffies + HZ / 20);
	else
		xtcp_tcp_keepalive_timer(sk);
	bh_unlock_sock(sk);
	sock_put(sk);
}

void xtcp_tcp_init_timers(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	timer_setup(&tp->retrans_timer, xtcp_tcp_retrans_fire, 0);
	timer_setup(&tp->delack_timer, xtcp_tcp_delack_fire, 0);
	timer_setup(&tp->keepalive_timer, xtcp_tcp_keepalive_fire, 0);
}

void xtcp_tcp_clear_timers(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	sk_stop_timer(sk, &tp->retrans_timer);
	sk_stop_timer(sk, &tp->delack_timer);
	sk_stop_timer(sk, &tp->keepalive_timer);
}
