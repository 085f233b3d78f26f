/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp TCP: private header of module/tcp/, grouped by the .c file that
 * defines each part. The socket-free parts (the state machine core, ISN,
 * SYN cookies) need only the wire format, so KUnit drives them without a
 * socket, an skb or a clock.
 */
#ifndef _XTCP_TCP_H
#define _XTCP_TCP_H

#include <linux/time64.h>
#include <linux/types.h>
#include <linux/siphash.h>
#include <net/sock.h>

#include "xtcp.h"
#include "ip/ip.h"
#include "wire/wire.h"
#include "cong.h"

/* fsm.c: the RFC 9293 state machine core */

/**
 * enum xtcp_tcp_state - the 11 connection states of RFC 9293 3.3.2
 * @XTCP_TCP_ESTABLISHED: open, data flows both ways
 * @XTCP_TCP_SYN_SENT: our SYN is out, waiting for the peer's
 * @XTCP_TCP_SYN_RECEIVED: SYN received and answered, waiting for its ACK
 * @XTCP_TCP_FIN_WAIT_1: we closed; our FIN is queued or not yet acked
 * @XTCP_TCP_FIN_WAIT_2: our FIN is acked, the peer may still send
 * @XTCP_TCP_TIME_WAIT: both FINs acked, waiting 2 MSL
 * @XTCP_TCP_CLOSED: no connection
 * @XTCP_TCP_CLOSE_WAIT: the peer closed, we may still send
 * @XTCP_TCP_LAST_ACK: both closed, waiting for the ACK of our FIN
 * @XTCP_TCP_LISTEN: waiting for a SYN
 * @XTCP_TCP_CLOSING: simultaneous close, waiting for the ACK of our FIN
 * @__XTCP_TCP_STATE_MAX: one past the last state
 *
 * Numbered as Linux's TCP_* states (include/net/tcp_states.h), so that
 * /proc/net/xtcp prints the numbers /proc/net/tcp does.
 */
enum xtcp_tcp_state {
	XTCP_TCP_ESTABLISHED = 1,
	XTCP_TCP_SYN_SENT,
	XTCP_TCP_SYN_RECEIVED,
	XTCP_TCP_FIN_WAIT_1,
	XTCP_TCP_FIN_WAIT_2,
	XTCP_TCP_TIME_WAIT,
	XTCP_TCP_CLOSED,
	XTCP_TCP_CLOSE_WAIT,
	XTCP_TCP_LAST_ACK,
	XTCP_TCP_LISTEN,
	XTCP_TCP_CLOSING,
	__XTCP_TCP_STATE_MAX
};

/**
 * enum xtcp_tcp_fsm_drop - why the core discarded a segment, or part of it
 * @XTCP_TCP_FSM_DROP_NONE: nothing discarded
 * @XTCP_TCP_FSM_DROP_SEQ: sequence number not acceptable (RFC 9293 3.10.7.4
 *	first check), including an RST outside the window
 * @XTCP_TCP_FSM_DROP_PAWS: timestamp older than TS.Recent (RFC 7323 5.3)
 * @XTCP_TCP_FSM_DROP_RST_CHALLENGE: RST in the window but not at RCV.NXT
 *	(RFC 5961 3.2): challenge ACK
 * @XTCP_TCP_FSM_DROP_SYN_CHALLENGE: SYN in a synchronized state (RFC 5961
 *	4.2): challenge ACK
 * @XTCP_TCP_FSM_DROP_ACK_UNSENT: SEG.ACK > SND.NXT
 * @XTCP_TCP_FSM_DROP_ACK_OLD: SEG.ACK < SND.UNA - MAX.SND.WND (RFC 5961 5.2)
 * @XTCP_TCP_FSM_DROP_NO_ACK: ACK bit off in a synchronized state
 * @XTCP_TCP_FSM_DROP_BAD_ACK: unacceptable ACK in SYN-SENT or SYN-RECEIVED
 *	(answered with an RST unless it was one)
 * @XTCP_TCP_FSM_DROP_RST_BAD_ACK: RST in SYN-SENT without an acceptable ACK
 * @XTCP_TCP_FSM_DROP_NO_SYN: neither SYN nor RST in SYN-SENT, or no SYN at
 *	a listener
 * @XTCP_TCP_FSM_DROP_RST: an RST that had nothing to reset (listener, closed)
 * @XTCP_TCP_FSM_DROP_LISTEN_ACK: ACK at a listener, answered with an RST
 * @XTCP_TCP_FSM_DROP_CLOSED: segment for a closed connection
 * @XTCP_TCP_FSM_DROP_WINDOW: data beyond the receive window (trimmed)
 * @XTCP_TCP_FSM_DROP_AFTER_FIN: data after the peer's FIN (ignored)
 * @XTCP_TCP_FSM_DROP_AFTER_CLOSE: new data after the user closed (RFC 1122
 *	4.2.2.13, Linux's TCPAbortOnData): the connection is reset
 * @__XTCP_TCP_FSM_DROP_MAX: one past the last reason
 */
enum xtcp_tcp_fsm_drop {
	XTCP_TCP_FSM_DROP_NONE,
	XTCP_TCP_FSM_DROP_SEQ,
	XTCP_TCP_FSM_DROP_PAWS,
	XTCP_TCP_FSM_DROP_RST_CHALLENGE,
	XTCP_TCP_FSM_DROP_SYN_CHALLENGE,
	XTCP_TCP_FSM_DROP_ACK_UNSENT,
	XTCP_TCP_FSM_DROP_ACK_OLD,
	XTCP_TCP_FSM_DROP_NO_ACK,
	XTCP_TCP_FSM_DROP_BAD_ACK,
	XTCP_TCP_FSM_DROP_RST_BAD_ACK,
	XTCP_TCP_FSM_DROP_NO_SYN,
	XTCP_TCP_FSM_DROP_RST,
	XTCP_TCP_FSM_DROP_LISTEN_ACK,
	XTCP_TCP_FSM_DROP_CLOSED,
	XTCP_TCP_FSM_DROP_WINDOW,
	XTCP_TCP_FSM_DROP_AFTER_FIN,
	XTCP_TCP_FSM_DROP_AFTER_CLOSE,
	__XTCP_TCP_FSM_DROP_MAX
};

/* Durations in microseconds, as "now" */
#define XTCP_TCP_TIME_WAIT_US		(60ULL * USEC_PER_SEC)	/* TCP_TIMEWAIT_LEN */
#define XTCP_TCP_FIN_TIMEOUT_US		(60ULL * USEC_PER_SEC)	/* tcp_fin_timeout */
#define XTCP_TCP_OOW_INTERVAL_US	(500ULL * USEC_PER_MSEC) /* tcp_invalid_ratelimit */
#define XTCP_TCP_DEFAULT_MSS		536	/* RFC 9293 3.7.1, IPv4 */
#define XTCP_TCP_PAWS_WINDOW		1	/* TCP_PAWS_WINDOW, ticks */
#define XTCP_TCP_PAWS_24DAYS		(60 * 60 * 24 * 24)	/* seconds */

/**
 * struct xtcp_tcp_ratelimit - at most a number of events per interval
 * @start: when the current interval began, in microseconds; 0 before the
 *	first event
 * @count: events allowed in the current interval
 *
 * Used per connection for out-of-window ACKs and challenge ACKs (Linux's
 * last_oow_ack_time), and per namespace for the RFC 5961 7 challenge ACK
 * limit. Updated without a lock, as Linux's: a race lets one more through.
 */
struct xtcp_tcp_ratelimit {
	u64	start;
	u32	count;
};

bool xtcp_tcp_ratelimit_allow(struct xtcp_tcp_ratelimit *rl, u32 limit,
			      u64 interval_us, u64 now);

/**
 * struct xtcp_tcp_fsm_cfg - the knobs of the core, per namespace
 * @time_wait_us: TIME-WAIT length (2 MSL), Linux's TCP_TIMEWAIT_LEN
 * @fin_timeout_us: how long an orphaned FIN-WAIT-2 connection lives
 *	(net.ipv4.tcp_fin_timeout)
 * @oow_interval_us: at most one out-of-window or challenge ACK per
 *	connection per interval (net.ipv4.tcp_invalid_ratelimit); 0: no limit
 * @challenge_ack_limit: challenge ACKs per second in @challenge_rl
 *	(net.ipv4.tcp_challenge_ack_limit)
 * @challenge_rl: the namespace-wide limiter, or NULL for none
 * @paws_replay: how many ticks older than TS.Recent a pure duplicate ACK
 *	may be and still count (Linux: the RTO in ms, 1024 at first)
 */
struct xtcp_tcp_fsm_cfg {
	u64				time_wait_us;
	u64				fin_timeout_us;
	u64				oow_interval_us;
	u32				challenge_ack_limit;
	struct xtcp_tcp_ratelimit	*challenge_rl;
	u32				paws_replay;
};

/**
 * struct xtcp_tcb - a connection's RFC 9293 3.3.1 variables
 * @state: enum xtcp_tcp_state
 * @active_open: we sent the first SYN (a reset in SYN-RECEIVED is then
 *	"connection refused")
 * @orphan: the user closed the socket (close(), not shutdown()): FIN-WAIT-2
 *	times out, and new data is answered with a reset
 * @fin_sent: our FIN has been sent; it is at @fin_seq
 * @fin_rcvd: the peer's FIN has been received in order
 * @wscale_ok: both SYNs carried the window scale option
 * @sack_ok: both SYNs carried SACK-permitted
 * @ecn_ok: ECN was agreed (RFC 3168 6.1.1): our SYN asked with ECE and
 *	CWR and the SYN-ACK answered with ECE alone, or the other way
 * @ts_ok: both SYNs carried timestamps
 * @opts_offered: XTCP_TCPOPT_F_* of the options our SYN carried
 * @snd_wscale: the peer's shift, applied to the windows it sends
 * @rcv_wscale: our shift, applied to the windows we send
 * @mss: the peer's MSS option, or XTCP_TCP_DEFAULT_MSS
 * @iss: initial send sequence number
 * @snd_una: oldest unacknowledged sequence number
 * @snd_nxt: next sequence number to send
 * @snd_wnd: send window in bytes (scaled)
 * @snd_wl1: SEG.SEQ of the last window update
 * @snd_wl2: SEG.ACK of the last window update
 * @max_snd_wnd: largest send window seen (MAX.SND.WND, RFC 5961 5.2)
 * @fin_seq: sequence number of our FIN, valid with @fin_sent
 * @irs: initial receive sequence number
 * @rcv_nxt: next sequence number expected
 * @rcv_wnd: receive window in bytes from @rcv_nxt. The core shrinks it as
 *	it accepts in-order data (the right edge does not move); the caller
 *	sets it when it advertises a new window.
 * @ts_recent: TS.Recent, the timestamp to echo (RFC 7323 4.3)
 * @ts_recent_stamp: when @ts_recent was taken, seconds ("now" / 10^6, as
 *	Linux's rx_opt.ts_recent_stamp): after 24 days of it PAWS trusts it
 *	no more (RFC 7323 5.5)
 * @deadline: when the core's timer fires (TIME-WAIT end, orphaned
 *	FIN-WAIT-2 end), in microseconds; 0 when not armed
 * @bytes_acked: sequence space the peer has acknowledged, as Linux's
 *	tp->bytes_acked: an active open's SYN counts, a passive open's not.
 *	An acceptable ACK is no older than this (nor MAX.SND.WND).
 * @oow_rl: the per-connection limit on out-of-window and challenge ACKs
 */
struct xtcp_tcb {
	u8		state;
	bool		active_open;
	bool		orphan;
	bool		fin_sent;
	bool		fin_rcvd;
	bool		wscale_ok;
	bool		sack_ok;
	bool		ts_ok;
	bool		ecn_ok;
	u8		opts_offered;
	u8		snd_wscale;
	u8		rcv_wscale;
	u16		mss;
	u32		iss;
	u32		snd_una;
	u32		snd_nxt;
	u32		snd_wnd;
	u32		snd_wl1;
	u32		snd_wl2;
	u32		max_snd_wnd;
	u32		fin_seq;
	u32		irs;
	u32		rcv_nxt;
	u32		rcv_wnd;
	u32		ts_recent;
	u32		ts_recent_stamp;
	u64		deadline;
	u64		bytes_acked;
	struct xtcp_tcp_ratelimit oow_rl;
};

/* struct xtcp_tcp_fsm_act.flags: what the caller must do, in this order */
#define XTCP_TCP_ACT_SEND_RST		BIT(0)	/* act->rst */
#define XTCP_TCP_ACT_SEND_SYN		BIT(1)	/* <SEQ=ISS><CTL=SYN> */
#define XTCP_TCP_ACT_SEND_SYNACK	BIT(2)	/* <SEQ=ISS><ACK=RCV.NXT><SYN,ACK> */
#define XTCP_TCP_ACT_SEND_ACK		BIT(3)	/* <SEQ=SND.NXT><ACK=RCV.NXT> now */
#define XTCP_TCP_ACT_DELAY_ACK		BIT(4)	/* the same, may be delayed */
#define XTCP_TCP_ACT_CHALLENGE_ACK	BIT(5)	/* the same, RFC 5961; counted */
#define XTCP_TCP_ACT_ACK_LIMITED	BIT(6)	/* an ACK was owed, rate limited */
#define XTCP_TCP_ACT_SEND_FIN		BIT(7)	/* FIN after the queued data */
#define XTCP_TCP_ACT_DELIVER		BIT(8)	/* in-order data: deliver_* */
#define XTCP_TCP_ACT_OOO		BIT(9)	/* out-of-order data: ooo_* */
#define XTCP_TCP_ACT_OOO_FIN		BIT(10)	/* ... and the FIN after it */
#define XTCP_TCP_ACT_EOF		BIT(11)	/* the peer's FIN, in order */
#define XTCP_TCP_ACT_ACKED		BIT(12)	/* SND.UNA moved; acked bytes */
#define XTCP_TCP_ACT_WND_UPDATE		BIT(13)	/* SND.WND was updated */
#define XTCP_TCP_ACT_ESTABLISHED	BIT(14)	/* the connection is open */
#define XTCP_TCP_ACT_CLOSED		BIT(15)	/* CLOSED: free the TCB */
#define XTCP_TCP_ACT_TIMER_ARM		BIT(16)	/* fire xtcp_tcp_fsm_timeout() */
#define XTCP_TCP_ACT_TIMER_CANCEL	BIT(17)	/* the core's timer is off */

/**
 * struct xtcp_tcp_fsm_rst - an RST segment to send
 * @seq: its sequence number
 * @ack: its acknowledgment number, with XTCP_TCPF_ACK in @flags
 * @flags: XTCP_TCPF_RST, maybe with XTCP_TCPF_ACK
 */
struct xtcp_tcp_fsm_rst {
	u32	seq;
	u32	ack;
	u16	flags;
};

/**
 * struct xtcp_tcp_fsm_act - what the core asks the caller to do
 * @flags: XTCP_TCP_ACT_*
 * @old_state: the state before the call
 * @new_state: the state after it (also in tcb->state)
 * @drop: why (part of) the segment was discarded, or
 *	XTCP_TCP_FSM_DROP_NONE
 * @err: positive errno to report to the user (ECONNREFUSED, ECONNRESET,
 *	EPIPE), or 0
 * @rst: the RST to send, with XTCP_TCP_ACT_SEND_RST
 * @acked: data bytes newly acknowledged (the SYN and FIN not counted)
 * @deliver_off: offset in the segment's payload of the in-order data
 * @deliver_len: its length; RCV.NXT has moved past it
 * @ooo_seq: sequence number of the out-of-order data
 * @ooo_off: its offset in the segment's payload
 * @ooo_len: its length (0 for a lone out-of-order FIN)
 * @deadline: when to call xtcp_tcp_fsm_timeout(), with
 *	XTCP_TCP_ACT_TIMER_ARM
 */
struct xtcp_tcp_fsm_act {
	u32				flags;
	u8				old_state;
	u8				new_state;
	u8				drop;
	int				err;
	struct xtcp_tcp_fsm_rst		rst;
	u32				acked;
	u32				deliver_off;
	u32				deliver_len;
	u32				ooo_seq;
	u32				ooo_off;
	u32				ooo_len;
	u64				deadline;
};

/**
 * enum xtcp_tcp_listen_verdict - what a listener does with a segment
 * @XTCP_TCP_LISTEN_DROP: discard it
 * @XTCP_TCP_LISTEN_RESET: discard it and send act->rst
 * @XTCP_TCP_LISTEN_ACCEPT: a SYN: make a TCB with xtcp_tcp_fsm_accept()
 */
enum xtcp_tcp_listen_verdict {
	XTCP_TCP_LISTEN_DROP,
	XTCP_TCP_LISTEN_RESET,
	XTCP_TCP_LISTEN_ACCEPT,
};

const char *xtcp_tcp_state_name(int state);
const char *xtcp_tcp_fsm_drop_name(int drop);
void xtcp_tcp_fsm_connect(struct xtcp_tcb *tcb, u32 iss, u32 rcv_wnd,
			  const struct xtcp_tcp_opts *ours,
			  struct xtcp_tcp_fsm_act *act);
enum xtcp_tcp_listen_verdict
xtcp_tcp_fsm_listen_input(const struct xtcp_tcp_repr *seg,
			  struct xtcp_tcp_fsm_act *act);
void xtcp_tcp_fsm_closed_input(const struct xtcp_tcp_repr *seg,
			       struct xtcp_tcp_fsm_act *act);
void xtcp_tcp_fsm_accept(struct xtcp_tcb *tcb, const struct xtcp_tcp_repr *syn,
			 u32 iss, u32 rcv_wnd, const struct xtcp_tcp_opts *ours,
			 u64 now, struct xtcp_tcp_fsm_act *act);
void xtcp_tcp_fsm_input(struct xtcp_tcb *tcb,
			const struct xtcp_tcp_fsm_cfg *cfg,
			const struct xtcp_tcp_repr *seg, u64 now,
			struct xtcp_tcp_fsm_act *act);
void xtcp_tcp_fsm_rcv_advance(struct xtcp_tcb *tcb,
			      const struct xtcp_tcp_fsm_cfg *cfg, u32 len,
			      bool fin, u64 now, struct xtcp_tcp_fsm_act *act);
void xtcp_tcp_fsm_close(struct xtcp_tcb *tcb,
			const struct xtcp_tcp_fsm_cfg *cfg, bool orphan,
			u64 now, struct xtcp_tcp_fsm_act *act);
int xtcp_tcp_fsm_fin_sent(struct xtcp_tcb *tcb);
void xtcp_tcp_fsm_abort(struct xtcp_tcb *tcb, struct xtcp_tcp_fsm_act *act);
bool xtcp_tcp_fsm_timeout(struct xtcp_tcb *tcb,
			  const struct xtcp_tcp_fsm_cfg *cfg, u64 now,
			  struct xtcp_tcp_fsm_act *act);

/**
 * xtcp_tcp_fsm_cfg_default() - Linux's defaults
 * @cfg: filled in; no namespace-wide challenge ACK limiter (Linux 6.1's
 *	tcp_challenge_ack_limit is INT_MAX, which turns it off)
 */
static inline void xtcp_tcp_fsm_cfg_default(struct xtcp_tcp_fsm_cfg *cfg)
{
	*cfg = (struct xtcp_tcp_fsm_cfg) {
		.time_wait_us		= XTCP_TCP_TIME_WAIT_US,
		.fin_timeout_us		= XTCP_TCP_FIN_TIMEOUT_US,
		.oow_interval_us	= XTCP_TCP_OOW_INTERVAL_US,
		.challenge_ack_limit	= U32_MAX,
		.paws_replay		= 1024,
	};
}

/* secure_seq.c: initial sequence numbers (RFC 6528) */

/* The ISN clock ticks every 2^6 ns, as Linux's seq_scale(). */
#define XTCP_TCP_ISN_TICK_SHIFT		6

/* How long connect() keeps one port offset (EPHEMERAL_PORT_SHUFFLE_PERIOD) */
#define XTCP_TCP_PORT_SHUFFLE_PERIOD	(10 * HZ)

/**
 * struct xtcp_tcp_secrets - the TCP keys of one namespace
 * @isn: ISNs and the connect-time port offset (Linux's net_secret)
 * @ts: timestamp offsets (Linux 6.1's ts_secret)
 * @cookie: SYN cookies: [0] hashes the tuple, [1] the tuple and minute
 *	(Linux's syncookie_secret)
 *
 * Filled once by xtcp_tcp_secrets_init() when the namespace is created and
 * read-only afterwards, so readers need no lock.
 */
struct xtcp_tcp_secrets {
	siphash_aligned_key_t	isn;
	siphash_aligned_key_t	ts;
	siphash_aligned_key_t	cookie[2];
};

void xtcp_tcp_secrets_init(struct xtcp_tcp_secrets *s);
u32 xtcp_tcp_isn(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		 __be16 sport, __be16 dport, u64 now_ns);
u32 xtcp_tcp_ts_off(const siphash_key_t *key, __be32 saddr, __be32 daddr);
u64 xtcp_tcp_port_offset(const siphash_key_t *key, __be32 saddr,
			 __be32 daddr, __be16 dport, unsigned long now);

/* syncookies.c: SYN cookies */

/*
 * A cookie is valid in the minute it was made and the next one
 * (MAX_SYNCOOKIE_AGE): the check accepts ages 0 and 1.
 */
#define XTCP_SYNCOOKIE_MAX_AGE	2
#define XTCP_SYNCOOKIE_PERIOD	(60 * HZ)
#define XTCP_SYNCOOKIE_VALID	(XTCP_SYNCOOKIE_MAX_AGE * XTCP_SYNCOOKIE_PERIOD)

/* The smallest MSS a cookie encodes, the first of the table */
#define XTCP_SYNCOOKIE_MSS_MIN	536

/* What xtcp_syncookie_ts_decode() may accept (the host's settings) */
#define XTCP_SYNCOOKIE_ALLOW_TS		BIT(0)	/* sysctl_tcp_timestamps */
#define XTCP_SYNCOOKIE_ALLOW_SACK	BIT(1)	/* sysctl_tcp_sack */
#define XTCP_SYNCOOKIE_ALLOW_WSCALE	BIT(2)	/* sysctl_tcp_window_scaling */
#define XTCP_SYNCOOKIE_ALLOW_ECN	BIT(3)	/* sysctl_tcp_ecn or the route */

/**
 * struct xtcp_syncookie_opts - the SYN's options a cookie SYN-ACK keeps
 * @tstamp_ok: timestamps in use (decode: the ACK carries one)
 * @wscale_ok: the SYN had a window scale option
 * @snd_wscale: its shift, 0..14, when @wscale_ok
 * @sack_ok: the SYN had SACK permitted
 * @ecn_ok: the SYN asked for ECN (RFC 3168) and we agreed
 *
 * With timestamps, a listener that answers with a cookie keeps these in
 * the low 6 bits of its SYN-ACK's tsval, and reads them back from the
 * ACK's tsecr (Linux's cookie_init_timestamp() and
 * cookie_timestamp_decode()). Without timestamps they are lost, and the
 * connection goes on without them.
 */
struct xtcp_syncookie_opts {
	bool	tstamp_ok;
	bool	wscale_ok;
	u8	snd_wscale;
	bool	sack_ok;
	bool	ecn_ok;
};

u32 xtcp_syncookie_minute(u64 now);
u32 xtcp_syncookie_make(const siphash_key_t *keys, __be32 saddr,
			__be32 daddr, __be16 sport, __be16 dport,
			u32 client_isn, u16 mss, u32 minute, u16 *mss_out);
u16 xtcp_syncookie_check(const siphash_key_t *keys, __be32 saddr,
			 __be32 daddr, __be16 sport, __be16 dport,
			 u32 client_isn, u32 cookie, u32 minute);
u32 xtcp_syncookie_ts_encode(u32 ts_now,
			     const struct xtcp_syncookie_opts *o);
bool xtcp_syncookie_ts_decode(bool saw_ts, u32 tsecr, unsigned int allow,
			      struct xtcp_syncookie_opts *o);
bool xtcp_syncookie_overflow_note(u32 *stamp, u32 now);
bool xtcp_syncookie_overflow_recent(u32 stamp, u32 now);

/* options.c: what a connection offers and agrees, as Linux 6.1 does */

#define XTCP_TCP_MIN_MSS	88	/* TCP_MIN_MSS: smallest TCP_MAXSEG */
#define XTCP_TCP_MIN_ADVMSS	256	/* net.ipv4.route.min_adv_mss */
#define XTCP_TCP_MIN_SND_MSS	48	/* net.ipv4.tcp_min_snd_mss */
#define XTCP_TCP_MAX_WINDOW	32767	/* MAX_TCP_WINDOW: a signed 16 bits */
#define XTCP_TCP_ADV_WIN_SCALE	1	/* net.ipv4.tcp_adv_win_scale */
#define XTCP_TCP_RMEM_DEFAULT	131072	/* net.ipv4.tcp_rmem[1] */
#define XTCP_TCP_RMEM_MAX	6291456	/* net.ipv4.tcp_rmem[2] */
/* The bytes timestamps take in every segment, padding included */
#define XTCP_TCPOLEN_TS_ALIGNED	12

/**
 * struct xtcp_tcp_opts_cfg - the switches that decide what a SYN offers
 * @timestamps: offer and accept timestamps (net.ipv4.tcp_timestamps)
 * @sack: offer and accept SACK (net.ipv4.tcp_sack)
 * @window_scaling: offer and accept window scaling
 *	(net.ipv4.tcp_window_scaling)
 * @workaround_signed_windows: never offer an initial window above 32767
 *	(net.ipv4.tcp_workaround_signed_windows)
 * @rmem_max: the largest receive buffer a connection may grow to, which
 *	sizes the window scale: max(net.ipv4.tcp_rmem[2], net.core.rmem_max)
 *
 * Linux keeps these per namespace; xtcp_tcp_opts_cfg_default() gives its
 * defaults.
 */
struct xtcp_tcp_opts_cfg {
	bool	timestamps;
	bool	sack;
	bool	window_scaling;
	bool	workaround_signed_windows;
	u32	rmem_max;
};

/**
 * struct xtcp_tcp_agreed - what both ends of a connection agreed on
 * @mss: the peer's MSS option, or XTCP_TCP_DEFAULT_MSS without one
 * @wscale_ok: both SYNs carried the window scale option
 * @wscale_clamped: the peer's shift was above 14 and was taken as 14
 *	(RFC 7323 2.3); the caller may log it, as Linux does
 * @snd_wscale: the peer's shift, applied to the windows it sends; 0
 *	without @wscale_ok
 * @rcv_wscale: our shift, applied to the windows we send; 0 without
 *	@wscale_ok, and then no window we send may exceed 65535
 * @sack_ok: both SYNs carried SACK-permitted
 * @ts_ok: both SYNs carried timestamps
 * @ts_recent: the peer's tsval to echo, with @ts_ok
 *
 * The fields have the names and meaning of struct xtcp_tcb's: fsm.c
 * sets those from the SYN (or SYN-ACK) by the same rules.
 */
struct xtcp_tcp_agreed {
	u16	mss;
	bool	wscale_ok;
	bool	wscale_clamped;
	u8	snd_wscale;
	u8	rcv_wscale;
	bool	sack_ok;
	bool	ts_ok;
	u32	ts_recent;
};

/**
 * xtcp_tcp_opts_cfg_default() - Linux 6.1's defaults
 * @cfg: filled in: all three options on, no signed-window workaround, and
 *	tcp_rmem[2] as the largest buffer
 */
static inline void xtcp_tcp_opts_cfg_default(struct xtcp_tcp_opts_cfg *cfg)
{
	*cfg = (struct xtcp_tcp_opts_cfg) {
		.timestamps	= true,
		.sack		= true,
		.window_scaling	= true,
		.rmem_max	= XTCP_TCP_RMEM_MAX,
	};
}

u16 xtcp_tcp_mss_from_mtu(u32 mtu);
u16 xtcp_tcp_advertise_mss(u32 mtu, u16 user_mss);
u32 xtcp_tcp_send_mss(u32 pmtu, u16 peer_mss, u16 user_mss,
		      unsigned int opts_len);
u32 xtcp_tcp_bound_to_half_wnd(u32 mss, u32 max_window,
			       unsigned int opts_len);
int xtcp_tcp_win_from_space(int space);
void xtcp_tcp_select_initial_window(const struct xtcp_tcp_opts_cfg *cfg,
				    int space, u32 mss, u32 rcv_wnd_init,
				    bool wscale_ok, u32 *rcv_wnd,
				    u8 *rcv_wscale, u32 *window_clamp);
u8 xtcp_tcp_opts_allowed(const struct xtcp_tcp_opts_cfg *cfg);
void xtcp_tcp_syn_options(const struct xtcp_tcp_opts_cfg *cfg, u16 mss,
			  u8 rcv_wscale, u32 ts_val,
			  struct xtcp_tcp_opts *opts);
void xtcp_tcp_synack_options(const struct xtcp_tcp_opts_cfg *cfg,
			     const struct xtcp_tcp_opts *syn, u16 mss,
			     u8 rcv_wscale, u32 ts_val,
			     struct xtcp_tcp_opts *opts,
			     struct xtcp_tcp_agreed *agreed);
void xtcp_tcp_options_agree(const struct xtcp_tcp_opts *ours,
			    const struct xtcp_tcp_opts *theirs,
			    struct xtcp_tcp_agreed *agreed);
void xtcp_tcp_established_options(const struct xtcp_tcb *tcb, u32 ts_val,
				  const struct xtcp_tcp_sack_block *sacks,
				  unsigned int nr_sacks,
				  struct xtcp_tcp_opts *opts);

/**
 * xtcp_tcp_full_space() - the window a whole receive buffer is worth
 * @rcvbuf: the socket's receive buffer (Linux's sk_rcvbuf), bytes
 *
 * Return: Linux's tcp_full_space(): the part of @rcvbuf left for data
 * once skb overhead is set aside, the "space" of
 * xtcp_tcp_select_initial_window().
 */
static inline int xtcp_tcp_full_space(int rcvbuf)
{
	return xtcp_tcp_win_from_space(rcvbuf);
}

/*
 * The socket layer: tcp.c (socket calls), table.c (the connection
 * tables), input.c (receive), output.c (transmit), timer.c (timers),
 * minisocks.c (request and TIME-WAIT minisocks), proc.c (/proc/net/xtcp).
 */

/* Linux's TCP_NEW_SYN_RECV: a request minisock in the established table */
#define XTCP_TCP_NEW_SYN_RECV	12

/* Why a segment went out again (the xtcp_tcp_retransmit tracepoint). */
enum xtcp_tcp_rtx_reason {
	XTCP_TCP_RTX_RTO,	/* after a retransmission timeout */
	XTCP_TCP_RTX_FAST,	/* after three duplicate ACKs */
	XTCP_TCP_RTX_SACK,	/* deemed lost from SACK blocks (RFC 6675) */
	XTCP_TCP_RTX_RACK,	/* deemed lost by time (RACK, RFC 8985) */
	XTCP_TCP_RTX_TLP,	/* a tail loss probe (RFC 8985 7) */
	XTCP_TCP_RTX_MTU,	/* too large for a path MTU ICMP reported */
};

/* struct xtcp_tcp_sock.timer_what: what the retransmission timer is for */
enum xtcp_tcp_timer_what {
	XTCP_TCP_TIMER_RTO,	/* retransmission timeout, or persist */
	XTCP_TCP_TIMER_TLP,	/* tail loss probe (RFC 8985 7.2) */
	XTCP_TCP_TIMER_REO,	/* RACK's reorder timer (RFC 8985 6.3) */
};

#define XTCP_TCP_RTO_MIN	(HZ / 5)	/* TCP_RTO_MIN */
#define XTCP_TCP_RTO_MAX	(120 * HZ)	/* TCP_RTO_MAX */
#define XTCP_TCP_TIMEOUT_INIT	HZ		/* RFC 6298 2.1 */
#define XTCP_TCP_DELACK_MAX	(HZ / 5)	/* TCP_DELACK_MAX */
#define XTCP_TCP_DELACK_MIN	(HZ / 25)	/* TCP_DELACK_MIN */
#define XTCP_TCP_INIT_CWND	10		/* RFC 6928 */
#define XTCP_TCP_DUPTHRESH	3		/* RFC 6675 DupThresh */
#define XTCP_TCP_MAX_HEADER	(XTCP_MAX_HEADER + XTCP_TCP_HLEN_MAX)

/**
 * struct xtcp_tcp_skb_cb - per-segment state in skb->cb
 * @ip: what the IP layer filled on receive; first, so the IP layer's view
 *	of the cb stays valid
 * @seq: first sequence number
 * @end_seq: @seq plus the data length, plus one for a SYN or a FIN
 * @sent: when last transmitted, microseconds (low 32 bits of
 *	xtcp_tcp_now_us()), for RTT samples of never-retransmitted segments
 *	(Karn)
 * @flags: XTCP_TCPF_* of the segment
 * @retrans: times it was transmitted again
 * @sacked: XTCP_TCP_SACKED, XTCP_TCP_LOST, XTCP_TCP_RETRANS: its place on
 *	the sender's scoreboard while it is in flight (scoreboard.c)
 */
struct xtcp_tcp_skb_cb {
	struct xtcp_skb_cb	ip;
	u32			seq;
	u32			end_seq;
	u32			sent;
	u16			flags;
	u8			retrans;
	u8			sacked;
};

/*
 * struct xtcp_tcp_skb_cb.sacked, as Linux's TCPCB_SACKED_ACKED,
 * TCPCB_LOST and TCPCB_SACKED_RETRANS. A segment is never both SACKED and
 * LOST; RETRANS is set only with LOST.
 */
#define XTCP_TCP_SACKED		BIT(0)	/* the peer holds it (SACK) */
#define XTCP_TCP_LOST		BIT(1)	/* deemed lost: to be sent again */
#define XTCP_TCP_RETRANS	BIT(2)	/* LOST and sent again since */

#define XTCP_TCP_SKB_CB(skb)	((struct xtcp_tcp_skb_cb *)(skb)->cb)

/**
 * struct xtcp_tcp_sack_state - the SACK blocks a receiver reports (sack.c)
 * @blocks: out-of-order data held, most recently changed first
 * @dup: a duplicate to report once (D-SACK), when @has_dup
 * @nr: blocks in @blocks
 * @has_dup: @dup is set
 */
struct xtcp_tcp_sack_state {
	struct xtcp_tcp_sack_block	blocks[XTCP_TCP_MAX_SACKS];
	struct xtcp_tcp_sack_block	dup;
	u8				nr;
	bool				has_dup;
};

void xtcp_tcp_sack_add(struct xtcp_tcp_sack_state *s, u32 start, u32 end);
void xtcp_tcp_sack_advance(struct xtcp_tcp_sack_state *s, u32 rcv_nxt);
void xtcp_tcp_sack_dup(struct xtcp_tcp_sack_state *s, u32 start, u32 end);
void xtcp_tcp_sack_reset(struct xtcp_tcp_sack_state *s);
unsigned int xtcp_tcp_sack_fill(struct xtcp_tcp_sack_state *s, u32 rcv_nxt,
				struct xtcp_tcp_sack_block *out);
bool xtcp_tcp_sack_shows_ooo(const struct xtcp_tcp_repr *seg, bool sack_ok);

/**
 * struct xtcp_tcp_sb - the sender's scoreboard (scoreboard.c, RFC 6675)
 * @sacked_out: segments in flight the peer SACKed
 * @lost_out: segments in flight deemed lost
 * @retrans_out: lost segments sent again, not yet acknowledged or SACKed
 * @high_sacked: the end of the highest data SACKed (RFC 6675 HighSACK,
 *	plus one); SND.UNA when nothing is SACKed
 * @dsacks: D-SACK blocks received (RFC 2883)
 *
 * With @packets_out of the socket, what is in flight is RFC 6675's pipe:
 * packets_out - sacked_out - lost_out + retrans_out (xtcp_tcp_sb_pipe()).
 */
struct xtcp_tcp_sb {
	u32	sacked_out;
	u32	lost_out;
	u32	retrans_out;
	u32	high_sacked;
	u32	dsacks;
};

/**
 * struct xtcp_tcp_sb_tag - what one ACK's SACK blocks did (xtcp_tcp_sb_tag())
 * @newly_sacked: segments SACKed by it
 * @lost_sacked: of those, ones deemed lost before
 * @rtx_sacked: of those, ones sent again
 * @sent_us: of those, when the one sent last was sent (for RACK)
 * @end_seq: its end
 * @retrans: it was sent more than once
 * @dsack: it carried a D-SACK block
 * @invalid: blocks ignored: outside SND.UNA..SND.MAX, or empty
 * @reord: a segment sent once was SACKed below one SACKed before: the
 *	path reorders
 * @orig: a segment sent only once was newly SACKed
 * @orig_end: the lowest end of those (for F-RTO: sent before the timeout)
 */
struct xtcp_tcp_sb_tag {
	u32	newly_sacked;
	u32	lost_sacked;
	u32	rtx_sacked;
	u32	sent_us;
	u32	end_seq;
	u8	retrans;
	u8	dsack;
	u8	invalid;
	u8	reord;
	u8	orig;
	u32	orig_end;
};

/**
 * struct xtcp_rack - RACK-TLP state (rack.c, RFC 8985)
 * @xmit_us: RACK.xmit_ts: when the newest segment delivered was sent
 * @end_seq: RACK.end_seq: its end
 * @rtt_us: RACK.rtt: its RTT; 0 before one
 * @tlp_high_seq: SND.NXT after the probe went (TLP.end_seq)
 * @reo_us: the reorder timer's wait, 0 when none is due
 * @dsack_seq: SND.NXT when a D-SACK last grew the window: one growth per
 *	round trip
 * @advanced: @xmit_us moved since the last loss detection
 * @reord: the path was seen to reorder: the window is never 0
 * @tlp_out: a probe is out and not yet answered
 * @tlp_retrans: it was a retransmission, not new data
 * @reo_wnd_mult: the window in quarters of the minimum RTT (0 counts as 1)
 * @reo_wnd_persist: recoveries left before @reo_wnd_mult returns to 1
 * @dsack_round: @dsack_seq is set
 */
struct xtcp_rack {
	u32	xmit_us;
	u32	end_seq;
	u32	rtt_us;
	u32	tlp_high_seq;
	u32	reo_us;
	u32	dsack_seq;
	u8	advanced;
	u8	reord;
	u8	tlp_out;
	u8	tlp_retrans;
	u8	reo_wnd_mult;
	u8	reo_wnd_persist;
	u8	dsack_round;
};

/**
 * struct xtcp_tcp_undo - whether the last window cut was needless (undo.c)
 * @marker: SND.UNA when the cut's episode began
 * @retrans: segments resent since then that no D-SACK has shown to be
 *	duplicates; -1 before the first resend (tcp_sock.undo_retrans)
 * @tsval: the timestamp value of the episode's first resend, 0 before
 * @on: an episode is open to undo: set by a cut, cleared by an undo or
 *	a cut that stands (ECN, a probe's repair)
 * @frto: F-RTO after a timeout (RFC 5682, SACK variant): XTCP_FRTO_*
 */
struct xtcp_tcp_undo {
	u32	marker;
	s32	retrans;
	u32	tsval;
	u8	on;
	u8	frto;
};

/* struct xtcp_tcp_undo.frto */
enum {
	XTCP_FRTO_OFF,
	XTCP_FRTO_WAIT,		/* the timeout's resend went; waiting for an ACK */
	XTCP_FRTO_NEW,		/* step 2b: new data goes instead of resends */
	XTCP_FRTO_SENT,		/* it went: the next ACK decides */
};

void xtcp_tcp_undo_init(struct xtcp_tcp_undo *u, u32 snd_una);
void xtcp_tcp_undo_resent(struct xtcp_tcp_undo *u, u32 tsval);
void xtcp_tcp_undo_dsack(struct xtcp_tcp_undo *u, u32 start, u32 end,
			 u32 mss);
bool xtcp_tcp_undo_delayed(const struct xtcp_tcp_undo *u, u32 tsecr);
bool xtcp_tcp_undo_may(const struct xtcp_tcp_undo *u, u32 tsecr);

#define XTCP_RACK_RECOVERY_THRESH	16	/* TCP_RACK_RECOVERY_THRESH */

#define XTCP_TLP_DELACK_US	(200 * USEC_PER_MSEC)	/* WCDelAckT */

void xtcp_rack_delivered(struct xtcp_rack *r, u32 sent_us, u32 end_seq,
			 bool retrans, u32 now_us, u32 min_rtt_us);
u32 xtcp_rack_reo_wnd(const struct xtcp_rack *r, u32 min_rtt_us,
		      u32 srtt_us, bool recovering, u32 sacked_out);
u32 xtcp_rack_detect_loss(struct xtcp_rack *r, struct xtcp_tcp_sb *sb,
			  struct sk_buff_head *q, const struct sk_buff *end,
			  u32 now_us, u32 reo_wnd_us, u32 *timeout_us);
u32 xtcp_tlp_timeout(u32 srtt_us, u32 packets_out, u32 rto_us);
void xtcp_rack_dsack(struct xtcp_rack *r, u32 snd_una, u32 snd_nxt);
void xtcp_rack_recovery(struct xtcp_rack *r);

static inline u32 xtcp_tcp_sb_pipe(const struct xtcp_tcp_sb *sb,
				   u32 packets_out)
{
	u32 left = sb->sacked_out + sb->lost_out;

	return (packets_out > left ? packets_out - left : 0) + sb->retrans_out;
}

void xtcp_tcp_sb_reset(struct xtcp_tcp_sb *sb, u32 snd_una);
void xtcp_tcp_sb_tag(struct xtcp_tcp_sb *sb, struct sk_buff_head *q,
		     const struct sk_buff *end, const struct xtcp_tcp_opts *o,
		     u32 snd_una, u32 snd_max, struct xtcp_tcp_sb_tag *out);
u32 xtcp_tcp_sb_mark_lost(struct xtcp_tcp_sb *sb, struct sk_buff_head *q,
			  const struct sk_buff *end, u32 dupthresh, u32 mss);
u32 xtcp_tcp_sb_mark_all_lost(struct xtcp_tcp_sb *sb, struct sk_buff_head *q,
			      const struct sk_buff *end);
void xtcp_tcp_sb_mark_one_lost(struct xtcp_tcp_sb *sb, struct sk_buff *skb);
bool xtcp_tcp_sb_lost_again(struct xtcp_tcp_sb *sb, struct sk_buff *skb);
void xtcp_tcp_sb_acked(struct xtcp_tcp_sb *sb, const struct sk_buff *skb);
void xtcp_tcp_sb_retransmitted(struct xtcp_tcp_sb *sb, struct sk_buff *skb);
void xtcp_tcp_sb_split(struct xtcp_tcp_sb *sb, const struct sk_buff *skb);

/* struct xtcp_tcp_sock.ecn_flags (Linux's TCP_ECN_*) */
#define XTCP_ECN_SYN_SENT	BIT(0)	/* our SYN asked for ECN */
#define XTCP_ECN_DEMAND_CWR	BIT(1)	/* CE came: ECE on every ACK until CWR */
#define XTCP_ECN_QUEUE_CWR	BIT(2)	/* the window was cut: CWR on new data */
#define XTCP_ECN_CUT		BIT(3)	/* @ecn_high is set */

/* RFC 3168 6.1.1: a SYN asks for ECN with ECE and CWR... */
static inline bool xtcp_tcp_ecn_syn_asks(u16 flags)
{
	return (flags & (XTCP_TCPF_ECE | XTCP_TCPF_CWR)) ==
	       (XTCP_TCPF_ECE | XTCP_TCPF_CWR);
}

/* ...and a SYN-ACK agrees with ECE alone. */
static inline bool xtcp_tcp_ecn_synack_agrees(u16 flags)
{
	return (flags & (XTCP_TCPF_ECE | XTCP_TCPF_CWR)) == XTCP_TCPF_ECE;
}

/* struct xtcp_tcp_sock.pending: work a timer or softirq left to the owner */
#define XTCP_TCP_PEND_ACK	BIT(0)	/* send an ACK now */
#define XTCP_TCP_PEND_PUSH	BIT(1)	/* the window opened: transmit */
#define XTCP_TCP_PEND_MTU	BIT(2)	/* ICMP lowered the path MTU (@mtu_info) */

/* struct xtcp_tcp_sock.hashed */
#define XTCP_TCP_HASHED_NONE	0
#define XTCP_TCP_HASHED_EST	1	/* the established table */
#define XTCP_TCP_HASHED_LISTEN	2	/* the listener table */

/**
 * struct xtcp_tcp_rcv_rtt - the receiver's own RTT estimate (buffer.c)
 * @rtt_us: microseconds << 3, 0 before a sample
 * @seq: without timestamps, the right edge RCV.NXT must pass to sample
 * @time_us: when @seq was set, 0 before
 * @last_tsecr: the timestamp echo last sampled (one sample per echo)
 */
struct xtcp_tcp_rcv_rtt {
	u32	rtt_us;
	u32	seq;
	u64	time_us;
	u32	last_tsecr;
};

/**
 * struct xtcp_tcp_rcvq_space - what the reader takes per round trip
 * @space: bytes taken in the last measure that grew (the base)
 * @seq: the copied sequence number when this measure began
 * @time_us: when it began
 */
struct xtcp_tcp_rcvq_space {
	u32	space;
	u32	seq;
	u64	time_us;
};

/**
 * struct xtcp_tcp_sock - a TCP connection (or listener), as tcp_sock
 * @xsk: the xtcp socket (struct sock first)
 * @tcb: the RFC 9293 variables, driven by fsm.c
 * @hashed: XTCP_TCP_HASHED_* of the table sk_node is in
 * @connect_port: its port came from connect()'s search, and may be shared
 * @ooo: out-of-order segments, sorted by sequence number
 * @sack: the SACK blocks we report, when SACK was agreed
 * @send_head: the next skb of sk_write_queue to send, or NULL
 * @write_seq: the sequence number after the last byte queued
 * @snd_max: the highest sequence number sent, plus one
 * @copied_seq: the first byte not yet read by the user
 * @retrans_timer: retransmission (and persist) timer
 * @delack_timer: delayed ACK timer
 * @keepalive_timer: keepalive and the core's deadlines (orphaned
 *	FIN-WAIT-2)
 * @accept_q: established children waiting for accept() (a listener)
 * @accept_len: children in @accept_q
 * @synq_len: request minisocks of a listener
 * @parent: the listener a child was made by, until it is accepted; holds
 *	no reference (the listener drains its queue before it goes)
 * @accept_node: in the listener's @accept_q
 * @synq_overflow: jiffies of the last SYN queue overflow (cookies)
 * @mss_cache: the MSS we send with (options excluded)
 * @pmtu_cookie: the path MTU @mss_cache was computed from
 * @advmss: the MSS we advertise
 * @user_mss: TCP_MAXSEG, 0 if not set
 * @rcv_mss: the size of the peer's segments, as far as they show it
 * @rcv_wup: RCV.NXT when the window was last advertised
 * @rcv_adv_wnd: the window last advertised, bytes
 * @window_clamp: the largest window we advertise
 * @ts_off: the offset added to our clock in timestamps
 * @srtt_us: smoothed RTT << 3, microseconds (RFC 6298), 0 before a sample
 * @rttvar_us: RTT variance << 2, microseconds
 * @rto: retransmission timeout, jiffies
 * @backoff: exponential backoff of @rto
 * @retransmits: consecutive timeouts of the segment at SND.UNA
 * @rtx_reason: enum xtcp_tcp_rtx_reason of what moved the send head back
 * @cc: congestion control: the window, the recovery state, the
 *	algorithm (cong.h)
 * @sb: the scoreboard of what is in flight: SACKed, lost, sent again
 * @rack: RACK-TLP's state
 * @recovery: XTCP_RECOVERY_* (uapi): how losses are found
 * @timer_what: enum xtcp_tcp_timer_what of @retrans_timer
 * @tlp_quota: a probe may send one new segment past the window
 * @ecn_flags: XTCP_ECN_*: where the connection is in RFC 3168's exchange
 * @ecn_high: SND.MAX when ECE last cut the window: once per window
 * @mtu_info: the MTU of the last "fragmentation needed" for this
 *	connection, for the owner when it came while the user held the socket
 * @packets_out: segments sent and not cumulatively acknowledged
 * @ack_pending: segments received and not yet acknowledged
 * @pending: XTCP_TCP_PEND_*
 * @nodelay: TCP_NODELAY
 * @cork: TCP_CORK
 * @keepidle: TCP_KEEPIDLE, seconds; 0 for the namespace's
 * @keepintvl: TCP_KEEPINTVL, seconds; 0 for the namespace's
 * @keepcnt: TCP_KEEPCNT; 0 for the namespace's
 * @probes_out: keepalive or zero-window probes unanswered
 * @user_timeout: TCP_USER_TIMEOUT, milliseconds
 * @rcv_tstamp: jiffies of the last segment received (keepalive)
 * @retrans_stamp: jiffies of the first retransmission of SND.UNA
 * @total_retrans: segments retransmitted (tcpi_total_retrans)
 * @bytes_acked: bytes acknowledged by the peer (tcpi_bytes_acked)
 * @bytes_received: bytes received in order (tcpi_bytes_received)
 * @segs_in: segments received
 * @segs_out: segments sent
 * @rcv_rtt: the receiver's RTT estimate, for buffer auto-tuning
 * @rcvq_space: the reader's bytes per round trip, for buffer auto-tuning
 * @undo: whether the last window cut may be undone, and F-RTO's step
 */
struct xtcp_tcp_sock {
	struct xtcp_sock	xsk;
	struct xtcp_tcb		tcb;
	u8			hashed;
	u8			connect_port;
	struct sk_buff_head	ooo;
	struct xtcp_tcp_sack_state sack;
	struct sk_buff		*send_head;
	u32			write_seq;
	u32			snd_max;
	u32			copied_seq;
	struct timer_list	retrans_timer;
	struct timer_list	delack_timer;
	struct timer_list	keepalive_timer;
	struct list_head	accept_q;
	u32			accept_len;
	u32			synq_len;
	struct sock		*parent;
	struct list_head	accept_node;
	u32			synq_overflow;
	u16			mss_cache;
	u32			pmtu_cookie;
	u16			advmss;
	u16			user_mss;
	u16			rcv_mss;
	u32			rcv_wup;
	u32			rcv_adv_wnd;
	u32			window_clamp;
	u32			ts_off;
	u32			srtt_us;
	u32			rttvar_us;
	u32			rto;
	u8			backoff;
	u8			retransmits;
	u8			rtx_reason;
	struct xtcp_cc		cc;
	struct xtcp_tcp_sb	sb;
	struct xtcp_rack	rack;
	u8			recovery;
	u8			timer_what;
	u8			tlp_quota;
	u8			ecn_flags;
	u32			ecn_high;
	u32			mtu_info;
	u32			packets_out;
	u32			ack_pending;
	unsigned long		pending;
	bool			nodelay;
	bool			cork;
	int			keepidle;
	int			keepintvl;
	int			keepcnt;
	u8			probes_out;
	u32			user_timeout;
	unsigned long		rcv_tstamp;
	unsigned long		retrans_stamp;
	u32			total_retrans;
	u64			bytes_acked;
	u64			bytes_received;
	u32			segs_in;
	u32			segs_out;
	struct xtcp_tcp_rcv_rtt	rcv_rtt;
	struct xtcp_tcp_rcvq_space rcvq_space;
	struct xtcp_tcp_undo	undo;
};

static inline struct xtcp_tcp_sock *xtcp_tcp_sk(const struct sock *sk)
{
	return container_of(sk, struct xtcp_tcp_sock, xsk.sk);
}

/* The scoreboard counts SACK blocks: SACK agreed, RFC 6675 or RACK chosen. */
static inline bool xtcp_tcp_sb_on(const struct xtcp_tcp_sock *tp)
{
	return tp->tcb.sack_ok && tp->recovery != XTCP_RECOVERY_DUPACK;
}

/* Losses are found by time (RACK-TLP): SACK agreed and RACK chosen. */
static inline bool xtcp_tcp_rack_on(const struct xtcp_tcp_sock *tp)
{
	return tp->tcb.sack_ok && tp->recovery == XTCP_RECOVERY_RACK;
}

/* Segments in flight: RFC 6675's pipe (tcp_packets_in_flight()). */
static inline u32 xtcp_tcp_in_flight(const struct xtcp_tcp_sock *tp)
{
	return xtcp_tcp_sb_pipe(&tp->sb, tp->packets_out);
}

/**
 * struct xtcp_tcp_mini - a request or TIME-WAIT minisock
 * @common: addresses, ports, state (XTCP_TCP_NEW_SYN_RECV or
 *	XTCP_TCP_TIME_WAIT), reference count, namespace, the established
 *	table node and (TIME-WAIT) the bind table node, where a full socket
 *	has them
 * @tcb: the connection's variables, driven by fsm.c as a full socket's
 * @timer: SYN-ACK retransmission, or the end of TIME-WAIT
 * @listener: a request's listener, referenced; NULL in TIME-WAIT
 * @ts_off: our timestamp offset
 * @advmss: the MSS we advertised
 * @rcv_wnd: the window of our SYN-ACK
 * @retrans: SYN-ACKs sent again
 * @tos: the TOS of what the minisock sends
 * @connect_port: TIME-WAIT: its socket's port came from connect()
 * @synacks: SYN-ACKs sent, saturating; a child takes an RTT sample from
 *	the handshake only when there was one (Karn)
 * @synack_stamp: request: when the last SYN-ACK left, microseconds (low
 *	32 bits of xtcp_tcp_now_us())
 * @ts_recent_stamp: TIME-WAIT: @tcb's ts_recent_stamp (seconds, as
 *	ktime_get_seconds()), copied for connect()'s lockless read;
 *	tcp_tw_reuse waits a second past it
 *
 * Holds no module or namespace reference: a namespace that goes purges its
 * minisocks (xtcp_tcp_net_exit()).
 */
struct xtcp_tcp_mini {
	struct sock_common	common;
	struct xtcp_tcb		tcb;
	struct timer_list	timer;
	struct sock		*listener;
	u32			ts_off;
	u16			advmss;
	u32			rcv_wnd;
	u8			retrans;
	u8			tos;
	u8			connect_port;
	u8			synacks;
	union {
		u32		synack_stamp;	/* request: us */
		u32		ts_recent_stamp; /* TIME-WAIT: seconds */
	};
	struct rcu_head		rcu;
};

/**
 * struct xtcp_tcp_table - a namespace's TCP sockets (inet_hashinfo)
 * @ehash: established, request and TIME-WAIT, by 4-tuple; RCU readers
 * @ehash_locks: writers of @ehash, one per group of buckets
 * @bind_lock: writers of @bhash and @lhash
 * @bhash: every socket and TIME-WAIT minisock holding a port, by port, on
 *	sock_common.skc_bind_node
 * @lhash: listeners, by port; RCU readers
 * @hash_rnd: keys the 4-tuple hash
 */
struct xtcp_tcp_table {
	struct hlist_head	*ehash;
	spinlock_t		*ehash_locks;	/* writers of @ehash */
	spinlock_t		bind_lock;	/* @bhash and @lhash */
	struct hlist_head	*bhash;
	struct hlist_head	*lhash;
	u32			hash_rnd;
};

#define XTCP_TCP_EHASH_BITS	16
#define XTCP_TCP_EHASH_LOCKS	256
#define XTCP_TCP_BHASH_BITS	10
#define XTCP_TCP_LHASH_BITS	8

/**
 * struct xtcp_tcp_net - TCP's per-namespace state
 * @table: the connection tables
 * @secrets: ISN, timestamp and cookie keys
 * @challenge_rl: the namespace-wide challenge ACK limit
 * @cong_default: tcp_congestion_control, its module held (RCU)
 */
struct xtcp_tcp_net {
	struct xtcp_tcp_table		table;
	struct xtcp_tcp_secrets		secrets;
	struct xtcp_tcp_ratelimit	challenge_rl;
	const struct xtcp_cong_ops __rcu *cong_default;
};

struct xtcp_net;

static inline struct xtcp_tcp_mini *xtcp_tcp_mini(const struct sock *sk)
{
	return container_of(&sk->__sk_common, struct xtcp_tcp_mini, common);
}

/* tcp.c: socket calls */
extern struct proto xtcp_tcp_proto;
extern const struct proto_ops xtcp_tcp_ops;
void xtcp_tcp_init_sock(struct sock *sk);
void xtcp_tcp_set_state(struct sock *sk, int state);
void xtcp_tcp_done(struct sock *sk, int err);
u64 xtcp_tcp_now_us(void);
u32 xtcp_tcp_ts_now(void);
void xtcp_tcp_fsm_cfg(const struct sock *sk, struct xtcp_tcp_fsm_cfg *cfg);
void xtcp_tcp_opts_cfg_get(const struct net *net,
			   struct xtcp_tcp_opts_cfg *cfg);
void xtcp_tcp_orphan(struct sock *sk);
int xtcp_tcp_init(void);
void xtcp_tcp_exit(void);

struct tcp_info;
const char *xtcp_tcp_cong_name(const struct sock *sk);
void xtcp_tcp_get_info(struct sock *sk, struct tcp_info *info);

/* table.c: the connection tables */
int xtcp_tcp_table_init(struct xtcp_tcp_table *t);
void xtcp_tcp_table_destroy(struct xtcp_tcp_table *t);
struct sock *xtcp_tcp_lookup_established(struct net *net, __be32 saddr,
					 __be16 sport, __be32 daddr,
					 __be16 dport);
struct sock *xtcp_tcp_lookup_listener(struct net *net, __be32 saddr,
				      __be16 sport, __be32 daddr,
				      __be16 dport, int dif);
int xtcp_tcp_get_port(struct sock *sk, unsigned short snum);
void xtcp_tcp_put_port(struct sock *sk);
void xtcp_tcp_tw_bind(struct sock_common *tw, const struct sock *sk);
void xtcp_tcp_tw_unbind(struct sock_common *tw);
int xtcp_tcp_hash(struct sock *sk);
void xtcp_tcp_unhash(struct sock *sk);
void xtcp_tcp_ehash_add(struct sock_common *skc);
bool xtcp_tcp_ehash_del(struct sock_common *skc);
bool xtcp_tcp_ehash_replace(struct sock_common *old, struct sock_common *new);
int xtcp_tcp_connect_port(struct sock *sk);
void xtcp_tcp_inherit_port(struct sock *child, struct sock *parent);
void xtcp_tcp_purge_minis(struct net *net);
void xtcp_tcp_purge_minis_of(struct net *net, struct sock *listener);
int xtcp_tcp_listen_port_check(struct sock *sk);

/* input.c: receive */
void xtcp_tcp_cc_prep(struct xtcp_tcp_sock *tp);
void xtcp_tcp_set_recovery(struct sock *sk, u8 mode);
void xtcp_tcp_rack_timeout(struct sock *sk);
void xtcp_tcp_mtu_reduced(struct sock *sk);
extern const struct xtcp_protocol xtcp_tcp_protocol;
int xtcp_tcp_backlog_rcv(struct sock *sk, struct sk_buff *skb);
void xtcp_tcp_rcv_space_update(struct sock *sk);

/* output.c: transmit */
int xtcp_tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone);
void xtcp_tcp_send_ack(struct sock *sk);
void xtcp_tcp_send_fin(struct sock *sk);
int xtcp_tcp_send_syn(struct sock *sk);
void xtcp_tcp_send_active_reset(struct sock *sk, gfp_t gfp);
void xtcp_tcp_send_probe(struct sock *sk);
void xtcp_tcp_send_ctl(struct net *net, __be32 saddr, __be32 daddr,
		       u16 sport, u16 dport, u32 seq, u32 ack, u16 flags,
		       u32 window, const struct xtcp_tcp_opts *opts, u8 tos);
void xtcp_tcp_send_reset(struct net *net, const struct sk_buff *skb,
			 const struct xtcp_tcp_repr *seg,
			 const struct xtcp_tcp_fsm_rst *rst);
int xtcp_tcp_send_synack(struct xtcp_tcp_mini *req);
void xtcp_tcp_push(struct sock *sk);
int xtcp_tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, u8 reason);
void xtcp_tcp_send_tlp(struct sock *sk);
u32 xtcp_tcp_select_window(struct sock *sk);

/* Buffer auto-tuning (buffer.c). */
u32 xtcp_tcp_rcv_rtt_update(u32 est, u32 sample_us, bool win_dep);
u64 xtcp_tcp_rcvbuf_want(u32 copied, u32 space, u32 advmss);
u64 xtcp_tcp_sndbuf_want(u32 mss, u32 cwnd);
void xtcp_tcp_init_buffer_space(struct sock *sk);
void xtcp_tcp_new_space(struct sock *sk);
void xtcp_tcp_rcv_rtt_measure(struct sock *sk, const struct xtcp_tcp_repr *seg,
			      u32 len);
void xtcp_tcp_rcv_space_adjust(struct sock *sk);

/* Undo of needless cuts, F-RTO (undo.c). */
void xtcp_tcp_undo_timeout(struct sock *sk, bool cut, bool again);
void xtcp_tcp_undo_ack(struct sock *sk, const struct xtcp_tcp_repr *seg,
		       const struct xtcp_tcp_sb_tag *t, bool orig_acked,
		       bool acked, bool dup);
void xtcp_tcp_sync_mss(struct sock *sk, u32 pmtu);
u32 xtcp_tcp_current_mss(struct sock *sk);
bool xtcp_tcp_epollin_ready(const struct sock *sk, int target);
int xtcp_tcp_fragment(struct sock *sk, struct sk_buff *skb, u32 len);
int xtcp_tcp_route(struct sock *sk, __be32 daddr, __be32 *saddr, u32 *mtu);

/* tcp_data_ready(): wake a reader once SO_RCVLOWAT is met, or at EOF. */
static inline void xtcp_tcp_data_ready(struct sock *sk)
{
	if (xtcp_tcp_epollin_ready(sk, READ_ONCE(sk->sk_rcvlowat)) ||
	    sock_flag(sk, SOCK_DONE))
		sk->sk_data_ready(sk);
}

/* timer.c */
void xtcp_tcp_init_timers(struct sock *sk);
void xtcp_tcp_clear_timers(struct sock *sk);
void xtcp_tcp_reset_rto(struct sock *sk);
void xtcp_tcp_rearm(struct sock *sk);
void xtcp_tcp_reo_arm(struct sock *sk, u32 us);
void xtcp_tcp_delack_arm(struct sock *sk);
void xtcp_tcp_keepalive_arm(struct sock *sk);
void xtcp_tcp_keepalive_rearm(struct sock *sk);
u32 xtcp_rto_estimate(u32 *srtt_us, u32 *rttvar_us, long m);
unsigned long xtcp_rto_backoff(u32 rto, u8 backoff);
long xtcp_rtt_pick(long seq_rtt_us, u32 tsecr, u32 ts_now);
void xtcp_tcp_rtt_sample(struct xtcp_tcp_sock *tp, long rtt_us);

/* minisocks.c */
struct xtcp_tcp_mini *xtcp_tcp_req_alloc(struct sock *sk,
					 const struct sk_buff *skb,
					 const struct xtcp_tcp_repr *syn);
void xtcp_tcp_mini_put(struct xtcp_tcp_mini *m);
void xtcp_tcp_mini_kill(struct xtcp_tcp_mini *m, bool sync);
void xtcp_tcp_req_unlinked(struct xtcp_tcp_mini *req);
void xtcp_tcp_req_unlinked_count(struct xtcp_tcp_mini *req);
void xtcp_tcp_send_cookie(struct sock *sk, const struct sk_buff *skb,
			  const struct xtcp_tcp_repr *syn);
struct sock *xtcp_tcp_create_child(struct sock *sk,
				   const struct sock_common *addrs,
				   const struct xtcp_tcb *tcb, u16 advmss,
				   u32 ts_off);
struct sock *xtcp_tcp_cookie_child(struct sock *sk, const struct sk_buff *skb,
				   const struct xtcp_tcp_repr *seg);
void xtcp_tcp_accept_enqueue(struct sock *sk, struct sock *child);
void xtcp_tcp_time_wait(struct sock *sk);
struct sock *xtcp_tcp_tw_rcv(struct xtcp_tcp_mini *tw, struct sk_buff *skb,
			     const struct xtcp_tcp_repr *seg);

/* proc.c */
int xtcp_tcp_net_init(struct net *net);
void xtcp_tcp_net_exit(struct net *net);

/* diag.c: sockets as netlink messages */
int xtcp_tcp_sock_timer(const struct sock *sk, unsigned long *expires);
void xtcp_tcp_sock_queues(const struct sock *sk, u32 *rq, u32 *wq);

#endif /* _XTCP_TCP_H */
