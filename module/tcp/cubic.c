// SPDX-License-Identifier: GPL-2.0
/*
 * CUBIC (RFC 9438), the default, as Linux's tcp_cubic.c but written from
 * the RFC: after a loss at W_max the window follows
 *
 *	W_cubic(t) = C * (t - K)^3 + W_max,	K = cbrt((W_max - cwnd_epoch) / C)
 *
 * with C = 0.4 and beta_cubic = 0.7, concave up to W_max and convex past
 * it, t counted from the start of congestion avoidance. Each ACK aims the
 * window at W_cubic one RTT ahead (section 4.2), never faster than 1.5
 * times per RTT, and never slower than the Reno-friendly estimate W_est
 * (section 4.3). Fast convergence (4.7) leaves room to a newcomer by
 * remembering a lower W_max when losses come before the last W_max is
 * reached. Time is in milliseconds, windows in segments. After an idle
 * period (the socket calls xtcp_cc_tx_start()) the curve's epoch moves by
 * the idle time, so that W(t) resumes where it stopped, as Linux's
 * bictcp_cwnd_event().
 *
 * The first slow start is HyStart++ (RFC 9406), always on, instead of
 * Linux's HyStart. Rounds of one RTT each end when an ACK passes the
 * SND.MAX their first ACK saw. When the smallest RTT of a round so far,
 * from its 8th sample on, is up on the last round's by
 * clamp(last / 8, 4 ms, 16 ms), Conservative Slow Start grows the window
 * four times slower; an RTT back under the one that started it returns
 * to slow start, and five rounds of it end slow start (ssthresh = cwnd).
 * A loss ends it as it ends slow start; later slow starts (after a
 * timeout) are plain, up to the threshold the loss left (RFC 9406 4.3).
 */
#include <linux/math64.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "tcp.h"

#define XTCP_CUBIC_BETA_NUM	7	/* beta_cubic = 0.7 */
#define XTCP_CUBIC_BETA_DEN	10
/* (W_max - cwnd) / C in ms^3 per segment: 1e9 / 0.4 */
#define XTCP_CUBIC_K_SCALE	2500000000ULL
/* C * t^3 in segments for t in ms: 0.4 / 1e9 = 4 / 1e10 */
#define XTCP_CUBIC_C_NUM	4
#define XTCP_CUBIC_C_DEN	10000000000LL
#define XTCP_CUBIC_T_MAX	1048576	/* ms; |t - K| is capped here */

/* RFC 9406 4.3's constants; RTTs in us */
#define XTCP_HYSTART_MIN_RTT_THRESH	4000
#define XTCP_HYSTART_MAX_RTT_THRESH	16000
#define XTCP_HYSTART_MIN_RTT_DIVISOR	8
#define XTCP_HYSTART_N_RTT_SAMPLE	8
#define XTCP_HYSTART_CSS_GROWTH_DIVISOR	4
#define XTCP_HYSTART_CSS_ROUNDS		5

/* struct xtcp_cubic.hystart */
enum xtcp_hystart_state {
	XTCP_HYSTART_START,	/* slow start, before the first round */
	XTCP_HYSTART_SS,	/* slow start, watching the RTT */
	XTCP_HYSTART_CSS,	/* Conservative Slow Start */
	XTCP_HYSTART_DONE,	/* slow start ended: by CSS, or a loss */
};

/**
 * struct xtcp_cubic - CUBIC's state in struct xtcp_cc.priv
 * @epoch_start: when this congestion avoidance stage began, us; 0 before
 * @last_active: the last ACK (or idle shift), us: when the pipe emptied,
 *	if xtcp_cc_tx_start() says it did
 * @last_max_cwnd: W_max, the window at the last loss (after fast
 *	convergence)
 * @origin: the curve's plateau this stage: W_max, or the window when the
 *	stage began if that was above it
 * @k_ms: K, ms
 * @w_est: the Reno-friendly estimate, segments
 * @est_cnt: ACKed segments toward the next step of @w_est
 * @round_end: HyStart++'s windowEnd: the round ends when an ACK passes it
 * @last_round_min_rtt: lastRoundMinRTT, us; U32_MAX for none
 * @cur_round_min_rtt: currentRoundMinRTT, us; U32_MAX for none
 * @css_baseline_min_rtt: cssBaselineMinRtt, us: the RTT that started CSS
 * @rtt_samples: RTT samples this round, up to N_RTT_SAMPLE
 * @hystart: enum xtcp_hystart_state
 * @css_rounds: rounds CSS has lasted, the one it began in counted
 * @css_cnt: ACKed segments toward the next segment of CSS growth
 */
struct xtcp_cubic {
	u64	epoch_start;
	u64	last_active;
	u32	last_max_cwnd;
	u32	origin;
	u32	k_ms;
	u32	w_est;
	u32	est_cnt;
	u32	round_end;
	u32	last_round_min_rtt;
	u32	cur_round_min_rtt;
	u32	css_baseline_min_rtt;
	u8	rtt_samples;
	u8	hystart;
	u8	css_rounds;
	u8	css_cnt;
};

static struct xtcp_cubic *xtcp_cubic(struct xtcp_cc *cc)
{
	BUILD_BUG_ON(sizeof(struct xtcp_cubic) > sizeof(cc->priv));
	return (struct xtcp_cubic *)cc->priv;
}

/* The integer cube root: the largest r with r^3 <= x. */
static u32 xtcp_cbrt(u64 x)
{
	u32 lo = 0, hi = 2642245;	/* cbrt(2^64 - 1) rounded down */

	while (lo < hi) {
		u64 mid = (lo + hi + 1) / 2;

		if (mid * mid * mid <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/**
 * xtcp_cubic_k_ms() - K of RFC 9438 4.2: when the curve reaches W_max
 * @w_max: the window at the last loss, segments
 * @cwnd_epoch: the window when congestion avoidance began, segments
 *
 * Return: K in milliseconds; 0 when @cwnd_epoch is at or above @w_max.
 */
u32 xtcp_cubic_k_ms(u32 w_max, u32 cwnd_epoch)
{
	if (cwnd_epoch >= w_max)
		return 0;
	return xtcp_cbrt((u64)(w_max - cwnd_epoch) * XTCP_CUBIC_K_SCALE);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cubic_k_ms);

/**
 * xtcp_cubic_target() - W_cubic(t) of RFC 9438 4.2
 * @w_max: the plateau, segments
 * @k_ms: K, ms
 * @t_ms: time since congestion avoidance began, ms
 *
 * Return: the window the curve gives, segments, at least 1.
 */
u32 xtcp_cubic_target(u32 w_max, u32 k_ms, u32 t_ms)
{
	s64 d = (s64)t_ms - k_ms, c, w;

	d = clamp_t(s64, d, -XTCP_CUBIC_T_MAX, XTCP_CUBIC_T_MAX);
	/* C (t - K)^3, rounded to the nearest segment */
	c = XTCP_CUBIC_C_NUM * d * d * d;
	c += c < 0 ? -XTCP_CUBIC_C_DEN / 2 : XTCP_CUBIC_C_DEN / 2;
	w = (s64)w_max + div64_s64(c, XTCP_CUBIC_C_DEN);
	return clamp_t(s64, w, 1, U32_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_cubic_target);

static void xtcp_cubic_init(struct xtcp_cc *cc)
{
	struct xtcp_cubic *ca = xtcp_cubic(cc);

	memset(ca, 0, sizeof(*ca));
	ca->cur_round_min_rtt = U32_MAX;
	ca->hystart = XTCP_HYSTART_START;
}

/* RFC 9438 4.6 and 4.7: the new threshold, and W_max remembered. */
static u32 xtcp_cubic_ssthresh(struct xtcp_cc *cc)
{
	struct xtcp_cubic *ca = xtcp_cubic(cc);

	ca->epoch_start = 0;
	ca->hystart = XTCP_HYSTART_DONE;	/* RFC 9406 4.2: a loss ends it */
	if (cc->cwnd < ca->last_max_cwnd)
		ca->last_max_cwnd = cc->cwnd * (XTCP_CUBIC_BETA_DEN +
						XTCP_CUBIC_BETA_NUM) /
				    (2 * XTCP_CUBIC_BETA_DEN);
	else
		ca->last_max_cwnd = cc->cwnd;
	return max(cc->cwnd * XTCP_CUBIC_BETA_NUM / XTCP_CUBIC_BETA_DEN, 2U);
}

/* RFC 9438 4.8: after a timeout the curve starts again from the window. */
static void xtcp_cubic_set_state(struct xtcp_cc *cc, u8 new_state)
{
	if (new_state == XTCP_CA_LOSS)
		xtcp_cubic_init(cc);
}

/*
 * RFC 9406 4.2, on each ACK of the first slow start: rounds, their
 * smallest RTT, and the moves between slow start and CSS. The first ACK
 * past @round_end begins the next round, ending at what was sent by then.
 */
static void xtcp_hystart_update(struct xtcp_cc *cc, long rtt_us)
{
	struct xtcp_cubic *ca = xtcp_cubic(cc);
	u32 thresh, last;

	if (ca->hystart == XTCP_HYSTART_DONE || cc->ssthresh != U32_MAX)
		return;
	if (ca->hystart == XTCP_HYSTART_START ||
	    xtcp_seq_after(cc->snd_una, ca->round_end)) {
		if (ca->hystart == XTCP_HYSTART_CSS &&
		    ++ca->css_rounds >= XTCP_HYSTART_CSS_ROUNDS) {
			/* On to congestion avoidance. */
			ca->hystart = XTCP_HYSTART_DONE;
			cc->ssthresh = cc->cwnd;
			return;
		}
		if (ca->hystart == XTCP_HYSTART_START)
			ca->hystart = XTCP_HYSTART_SS;
		ca->last_round_min_rtt = ca->cur_round_min_rtt;
		ca->cur_round_min_rtt = U32_MAX;
		ca->rtt_samples = 0;
		ca->round_end = cc->snd_max;
	}
	if (rtt_us <= 0)
		return;
	ca->cur_round_min_rtt = min_t(u64, ca->cur_round_min_rtt, rtt_us);
	if (ca->rtt_samples < XTCP_HYSTART_N_RTT_SAMPLE)
		ca->rtt_samples++;
	if (ca->rtt_samples < XTCP_HYSTART_N_RTT_SAMPLE)
		return;
	if (ca->hystart == XTCP_HYSTART_CSS) {
		/* The RTT came back down: the exit was spurious. */
		if (ca->cur_round_min_rtt < ca->css_baseline_min_rtt)
			ca->hystart = XTCP_HYSTART_SS;
		return;
	}
	last = ca->last_round_min_rtt;
	if (last == U32_MAX)
		return;
	thresh = clamp_t(u32, last / XTCP_HYSTART_MIN_RTT_DIVISOR,
			 XTCP_HYSTART_MIN_RTT_THRESH,
			 XTCP_HYSTART_MAX_RTT_THRESH);
	if ((u64)ca->cur_round_min_rtt >= (u64)last + thresh) {
		ca->hystart = XTCP_HYSTART_CSS;
		ca->css_baseline_min_rtt = ca->cur_round_min_rtt;
		ca->css_rounds = 0;
		ca->css_cnt = 0;
	}
}

static void xtcp_cubic_pkts_acked(struct xtcp_cc *cc, u32 acked, long rtt_us)
{
	xtcp_cubic(cc)->last_active = cc->now_us;
	xtcp_hystart_update(cc, rtt_us);
}

/*
 * Sending again after the pipe was empty: the curve stood still meanwhile
 * (bictcp_cwnd_event()'s CA_EVENT_TX_START), so its epoch moves by the
 * time since the last ACK, never past now.
 */
static void xtcp_cubic_cwnd_event(struct xtcp_cc *cc, u8 ev)
{
	struct xtcp_cubic *ca = xtcp_cubic(cc);
	u64 now = cc->now_us;

	if (ev != XTCP_CA_EVENT_TX_START)
		return;
	if (ca->epoch_start && now > ca->last_active) {
		ca->epoch_start += now - ca->last_active;
		ca->epoch_start = min(ca->epoch_start, now);
	}
	ca->last_active = now;
}

/* How many ACKed segments per segment of growth, this ACK. */
static u32 xtcp_cubic_cnt(struct xtcp_cc *cc, u32 acked)
{
	struct xtcp_cubic *ca = xtcp_cubic(cc);
	u32 cwnd = cc->cwnd, target, cnt, step, t_ms;

	if (!ca->epoch_start) {
		ca->epoch_start = cc->now_us ? : 1;
		ca->w_est = cwnd;
		ca->est_cnt = 0;
		if (ca->last_max_cwnd <= cwnd) {
			ca->k_ms = 0;
			ca->origin = cwnd;
		} else {
			ca->k_ms = xtcp_cubic_k_ms(ca->last_max_cwnd, cwnd);
			ca->origin = ca->last_max_cwnd;
		}
	}
	/* Aim one RTT ahead (4.2), with the smallest RTT seen. */
	t_ms = div_u64(cc->now_us - ca->epoch_start + cc->min_rtt_us,
		       USEC_PER_MSEC);
	target = xtcp_cubic_target(ca->origin, ca->k_ms, t_ms);
	target = clamp(target, cwnd, cwnd + cwnd / 2);
	cnt = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd;

	/*
	 * 4.3: W_est grows by alpha_cubic = 3 (1 - beta) / (1 + beta) = 9/17
	 * segments per window acked, and by one once it passed W_max.
	 */
	step = ca->w_est >= ca->last_max_cwnd ? cwnd : cwnd * 17 / 9;
	step = max(step, 1U);
	ca->est_cnt += acked;
	if (ca->est_cnt >= step) {
		ca->w_est += ca->est_cnt / step;
		ca->est_cnt %= step;
	}
	if (ca->w_est > cwnd)
		cnt = min(cnt, cwnd / (ca->w_est - cwnd));
	return max(cnt, 1U);
}

static void xtcp_cubic_cong_avoid(struct xtcp_cc *cc, u32 acked)
{
	struct xtcp_cubic *ca = xtcp_cubic(cc);

	if (ca->hystart == XTCP_HYSTART_CSS) {
		/* RFC 9406 4.2: a quarter of slow start's growth. */
		u32 n = ca->css_cnt + acked;

		ca->css_cnt = n % XTCP_HYSTART_CSS_GROWTH_DIVISOR;
		cc->cwnd = min_t(u32, cc->cwnd +
				 n / XTCP_HYSTART_CSS_GROWTH_DIVISOR,
				 XTCP_CA_CWND_MAX);
		return;
	}
	if (cc->cwnd < cc->ssthresh) {
		acked = xtcp_cc_slow_start(cc, acked);
		if (!acked)
			return;
	}
	xtcp_cc_avoid_ai(cc, xtcp_cubic_cnt(cc, acked), acked);
}

struct xtcp_cong_ops xtcp_cubic_ops = {
	.name		= "cubic",
	.init		= xtcp_cubic_init,
	.ssthresh	= xtcp_cubic_ssthresh,
	.cong_avoid	= xtcp_cubic_cong_avoid,
	.set_state	= xtcp_cubic_set_state,
	.pkts_acked	= xtcp_cubic_pkts_acked,
	.cwnd_event	= xtcp_cubic_cwnd_event,
	.recovery	= XTCP_CA_REC_NEWRENO,
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_cubic_ops);
