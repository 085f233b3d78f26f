/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Congestion control, socket-free: the loss-recovery state machine every
 * algorithm shares (cong.c) and the algorithms, pluggable through an ops
 * table in the spirit of Linux's tcp_congestion_ops. An algorithm's hooks
 * see a struct xtcp_cc, never a socket, so KUnit drives them with made-up
 * ACKs, duplicate ACKs and timeouts, and another module may register one
 * with xtcp_cong_register().
 */
#ifndef _XTCP_TCP_CONG_H
#define _XTCP_TCP_CONG_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/list.h>

struct module;
struct net;
struct netlink_ext_ack;

#define XTCP_CA_NAME_MAX	16	/* TCP_CA_NAME_MAX */
#define XTCP_CA_PRIV_U64	8	/* ICSK_CA_PRIV_SIZE / 8 */
#define XTCP_CA_CWND_MAX	65535	/* cwnd is clamped to this */

/* struct xtcp_cc.state, as Linux's tcp_ca_state (TCP_INFO tcpi_ca_state) */
enum xtcp_ca_state {
	XTCP_CA_OPEN,		/* no sign of loss */
	XTCP_CA_DISORDER,	/* one or two duplicate ACKs */
	XTCP_CA_CWR,		/* an ECN echo's reduction, until @high_seq is
				 * passed (with @pipe only)
				 */
	XTCP_CA_RECOVERY,	/* fast recovery, until @high_seq is acked */
	XTCP_CA_LOSS,		/* after a timeout (or Tahoe's fast
				 * retransmit), until @high_seq is acked
				 */
};

/**
 * enum xtcp_ca_recovery - what the third duplicate ACK starts
 * @XTCP_CA_REC_NEWRENO: fast recovery that a partial ACK does not end: it
 *	resends the next hole (RFC 6582)
 * @XTCP_CA_REC_RENO: fast recovery that any new ACK ends (RFC 5681 3.2)
 * @XTCP_CA_REC_NONE: no fast recovery (Tahoe): resend from SND.UNA in slow
 *	start from one segment, as after a timeout
 */
enum xtcp_ca_recovery {
	XTCP_CA_REC_NEWRENO,
	XTCP_CA_REC_RENO,
	XTCP_CA_REC_NONE,
};

/* xtcp_cc_ack()'s answer: what the socket must send */
#define XTCP_CC_RETRANSMIT	BIT(0)	/* the segment at SND.UNA, again */
#define XTCP_CC_GO_BACK		BIT(1)	/* everything from SND.UNA again */

/* struct xtcp_cong_ops.cwnd_event's events, as Linux's tcp_ca_event */
enum xtcp_ca_event {
	XTCP_CA_EVENT_TX_START,	/* sending again after the pipe was empty */
};

struct xtcp_cong_ops;

/**
 * struct xtcp_cc - a connection's congestion state, socket-free
 * @ops: its algorithm
 * @cwnd: congestion window, segments
 * @ssthresh: slow start threshold, segments
 * @cwnd_cnt: ACKed segments toward the next congestion avoidance step
 * @high_seq: SND.MAX when recovery or loss began (RFC 6582's "recover")
 * @prior_cwnd: @cwnd when recovery or loss began
 * @prior_ssthresh: @ssthresh then (at least 3/4 of @prior_cwnd outside
 *	recovery, as tcp_current_ssthresh()), what xtcp_cc_undo() restores;
 *	0 when the cut may not be undone (ECN, a probe's repair)
 * @prr_delivered: segments delivered since a reduction began (PRR)
 * @prr_out: segments sent since then (PRR; the socket counts them,
 *	xtcp_cc_sent())
 * @in_flight: segments in flight, as the socket counts them (set by the
 *	socket before each call)
 * @now_us: the time, microseconds (set by the socket before each call)
 * @snd_una: the cumulative acknowledgment of the ACK being processed
 *	(xtcp_cc_ack() sets it first, for the hooks)
 * @snd_max: the highest sequence number sent, plus one, when that ACK came
 *	(xtcp_cc_ack() sets it first, for the hooks)
 * @min_rtt_us: the smallest RTT sample seen, 0 before one
 * @state: enum xtcp_ca_state
 * @dupacks: duplicate ACKs in a row
 * @pipe: the socket keeps a SACK scoreboard and counts what is in flight
 *	as RFC 6675's pipe (SACKed and lost segments are not in it): the
 *	window is neither inflated nor deflated, and recovery begins when a
 *	segment is deemed lost (RFC 6675 5)
 * @priv: the algorithm's own state
 */
struct xtcp_cc {
	const struct xtcp_cong_ops	*ops;
	u32				cwnd;
	u32				ssthresh;
	u32				cwnd_cnt;
	u32				high_seq;
	u32				prior_cwnd;
	u32				prior_ssthresh;
	u32				prr_delivered;
	u32				prr_out;
	u32				in_flight;
	u64				now_us;
	u32				snd_una;
	u32				snd_max;
	u32				min_rtt_us;
	u8				state;
	u8				dupacks;
	u8				pipe;
	u64				priv[XTCP_CA_PRIV_U64];
};

/**
 * struct xtcp_cong_ops - a congestion control algorithm
 * @list: in the registry
 * @ssthresh: required: the new slow start threshold when a loss is seen
 *	(three duplicate ACKs or a timeout); may update @priv
 * @cong_avoid: required: grow @cwnd for @acked newly acknowledged
 *	segments, outside recovery and only while the window limits the
 *	sender
 * @init: optional: a connection starts using it
 * @release: optional: it stops
 * @set_state: optional: @cc->state is about to become @new_state
 * @pkts_acked: optional: an ACK acknowledged @acked segments, with an RTT
 *	sample of @rtt_us (-1 when there is none)
 * @cwnd_event: optional: enum xtcp_ca_event @ev happened (@cc->now_us set)
 * @undo_cwnd: optional: the window to go back to when a cut proves to
 *	have been needless (xtcp_cc_undo()); without it, the larger of
 *	@cwnd and @prior_cwnd, as tcp_reno_undo_cwnd()
 * @recovery: enum xtcp_ca_recovery
 * @name: unique, what TCP_CONGESTION and `xtcp cc` name it by
 * @owner: the module that provides it; NULL for the ones built in
 *
 * Only @ssthresh and @cong_avoid are required; xtcp_cong_register()
 * refuses a table without them.
 */
struct xtcp_cong_ops {
	struct list_head	list;
	u32	(*ssthresh)(struct xtcp_cc *cc);
	void	(*cong_avoid)(struct xtcp_cc *cc, u32 acked);
	void	(*init)(struct xtcp_cc *cc);
	void	(*release)(struct xtcp_cc *cc);
	void	(*set_state)(struct xtcp_cc *cc, u8 new_state);
	void	(*pkts_acked)(struct xtcp_cc *cc, u32 acked, long rtt_us);
	void	(*cwnd_event)(struct xtcp_cc *cc, u8 ev);
	u32	(*undo_cwnd)(struct xtcp_cc *cc);
	u8	recovery;
	char	name[XTCP_CA_NAME_MAX];
	struct module	*owner;
};

/**
 * struct xtcp_cc_ack - what an ACK told the sender
 * @ack: its cumulative acknowledgment
 * @acked: segments it newly acknowledged; 0 for a duplicate
 * @delivered: with @cc->pipe: segments it newly delivered, SACKed or
 *	acknowledged (ones SACKed before do not count again): what the
 *	window grows by
 * @prior_in_flight: segments in flight before it came
 * @snd_max: the highest sequence number sent, plus one
 * @dup: a duplicate ACK by RFC 5681's definition
 * @lost: with @cc->pipe: the scoreboard deems a segment lost
 * @rtt_us: an RTT sample it gave, or -1
 */
struct xtcp_cc_ack {
	u32	ack;
	u32	acked;
	u32	delivered;
	u32	prior_in_flight;
	u32	snd_max;
	bool	dup;
	bool	lost;
	long	rtt_us;
};

/* The state machine every algorithm shares (cong.c). */
void xtcp_cc_init(struct xtcp_cc *cc, const struct xtcp_cong_ops *ops);
void xtcp_cc_reset(struct xtcp_cc *cc);
void xtcp_cc_release(struct xtcp_cc *cc);
unsigned int xtcp_cc_ack(struct xtcp_cc *cc, const struct xtcp_cc_ack *a);
void xtcp_cc_timeout(struct xtcp_cc *cc, u32 snd_max);
void xtcp_cc_cwr(struct xtcp_cc *cc);
void xtcp_cc_enter_cwr(struct xtcp_cc *cc, u32 snd_max);
bool xtcp_cc_undo(struct xtcp_cc *cc);
void xtcp_cc_tx_start(struct xtcp_cc *cc);
u32 xtcp_cc_send_window(const struct xtcp_cc *cc);

/**
 * xtcp_cc_sent() - the socket sent segments (for PRR's count)
 * @cc: the connection's congestion state
 * @segs: how many, new or again
 */
static inline void xtcp_cc_sent(struct xtcp_cc *cc, u32 segs)
{
	if (cc->state == XTCP_CA_CWR || cc->state == XTCP_CA_RECOVERY)
		cc->prr_out += segs;
}

/* Helpers an algorithm may use, as tcp_slow_start()/tcp_cong_avoid_ai(). */
u32 xtcp_cc_slow_start(struct xtcp_cc *cc, u32 acked);
void xtcp_cc_avoid_ai(struct xtcp_cc *cc, u32 w, u32 acked);
u32 xtcp_cc_reno_ssthresh(struct xtcp_cc *cc);
void xtcp_cc_reno_cong_avoid(struct xtcp_cc *cc, u32 acked);

/* The registry. */
int xtcp_cong_register(struct xtcp_cong_ops *ops);
void xtcp_cong_unregister(struct xtcp_cong_ops *ops);
const struct xtcp_cong_ops *xtcp_cong_get(const char *name);
void xtcp_cong_put(const struct xtcp_cong_ops *ops);
size_t xtcp_cong_available(char *buf, size_t len);
int xtcp_cong_init(void);
void xtcp_cong_exit(void);

/* A namespace's default, and the tunables `xtcp sysctl` shows them by. */
#define XTCP_SYSCTL_CC		"tcp_congestion_control"
#define XTCP_SYSCTL_CC_AVAIL	"tcp_available_congestion_control"

const struct xtcp_cong_ops *xtcp_cong_default_get(struct net *net);
int xtcp_cong_set_default(struct net *net, const char *name,
			  struct netlink_ext_ack *extack);
void xtcp_cong_net_init(struct net *net);
void xtcp_cong_net_exit(struct net *net);

/* CUBIC's curve (cubic.c), exposed for KUnit. */
u32 xtcp_cubic_k_ms(u32 w_max, u32 cwnd_epoch);
u32 xtcp_cubic_target(u32 w_max, u32 k_ms, u32 t_ms);
extern struct xtcp_cong_ops xtcp_cubic_ops;

extern struct xtcp_cong_ops xtcp_reno_ops;
extern struct xtcp_cong_ops xtcp_newreno_ops;
extern struct xtcp_cong_ops xtcp_tahoe_ops;

#endif /* _XTCP_TCP_CONG_H */
