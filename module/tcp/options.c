// SPDX-License-Identifier: GPL-2.0
/*
 * What a TCP endpoint offers in its SYN and agrees to, chosen as Linux 6.1
 * chooses it, so that xtcp's SYNs and SYN-ACKs carry the same options,
 * MSS, window and window scale as Linux's in the same situation:
 *
 *	MSS		tcp_dst_advmss(), tcp_mss_clamp(), tcp_sync_mss(),
 *			tcp_current_mss(), tcp_bound_to_half_wnd()
 *	window		tcp_win_from_space(), tcp_select_initial_window()
 *	SYN		tcp_syn_options()
 *	SYN-ACK		tcp_conn_request(), tcp_openreq_init(),
 *			tcp_synack_options()
 *	agreement	tcp_parse_options(), tcp_rcv_synsent_state_process()
 *	established	tcp_established_options()
 *
 * An active open, in the order the socket layer calls these:
 *
 *	advmss = xtcp_tcp_advertise_mss(mtu, user_mss);
 *	xtcp_tcp_select_initial_window(cfg, xtcp_tcp_full_space(rcvbuf),
 *				       advmss, 0, cfg->window_scaling,
 *				       &rcv_wnd, &rcv_wscale, &clamp);
 *	xtcp_tcp_syn_options(cfg, advmss, rcv_wscale, ts_val, &syn);
 *	xtcp_tcp_fsm_connect(tcb, iss, rcv_wnd, &syn, act);
 *
 * and the SYN-ACK's options are agreed by xtcp_tcp_fsm_input() itself.
 * A passive open is described at xtcp_tcp_synack_options().
 *
 * Pure code: inputs are numbers and option structs; no skb, no socket, no
 * clock, no sysctl (struct xtcp_tcp_opts_cfg carries the switches).
 */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "tcp/tcp.h"

/* IPv4 and TCP headers without options: what an MSS leaves out */
#define XTCP_TCP_IP_HDRS	(XTCP_IPV4_HLEN + XTCP_TCP_HLEN)

/* The largest IPv4 datagram (IPV4_MAX_PMTU, RFC 2675 5.1) */
#define XTCP_IPV4_MAX_PMTU	65535U

/**
 * xtcp_tcp_mss_from_mtu() - the MSS a route's MTU allows us to receive
 * @mtu: the route's MTU
 *
 * Linux's tcp_dst_advmss() over ipv4_default_advmss(): @mtu less the 20
 * bytes of IPv4 header and 20 of TCP header, TCP options not subtracted
 * (RFC 9293 3.7.1: the MSS counts neither IP nor TCP options), then
 *
 * - raised to net.ipv4.route.min_adv_mss, 256, so an MTU of 68 still
 *   advertises 256, not 28;
 * - capped at 65535 - 40 = 65495, the largest IPv4 datagram (loopback's
 *   MTU is 65536);
 * - raised to TCP_MIN_MSS, 88, which only matters if min_adv_mss is lower.
 *
 * Return: the MSS option of our SYN or SYN-ACK when the user set no
 * TCP_MAXSEG.
 */
u16 xtcp_tcp_mss_from_mtu(u32 mtu)
{
	u32 mss = mtu > XTCP_TCP_IP_HDRS ? mtu - XTCP_TCP_IP_HDRS : 0;

	mss = max_t(u32, mss, XTCP_TCP_MIN_ADVMSS);
	mss = min_t(u32, mss, XTCP_IPV4_MAX_PMTU - XTCP_TCP_IP_HDRS);
	return max_t(u32, mss, XTCP_TCP_MIN_MSS);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_mss_from_mtu);

/**
 * xtcp_tcp_advertise_mss() - the MSS option of our SYN or SYN-ACK
 * @mtu: the route's MTU
 * @user_mss: the socket's TCP_MAXSEG, 0 for none (setsockopt() accepts
 *	only 0 or XTCP_TCP_MIN_MSS..XTCP_TCP_MAX_WINDOW)
 *
 * Linux's tcp_mss_clamp() of tcp_dst_advmss(): TCP_MAXSEG can only lower
 * the MSS the route allows.
 *
 * Return: the MSS to advertise.
 */
u16 xtcp_tcp_advertise_mss(u32 mtu, u16 user_mss)
{
	u16 mss = xtcp_tcp_mss_from_mtu(mtu);

	return user_mss && user_mss < mss ? user_mss : mss;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_advertise_mss);

/**
 * xtcp_tcp_send_mss() - the payload bytes of our full-sized segments
 * @pmtu: the path MTU
 * @peer_mss: the peer's MSS option, 0 if it sent none (then
 *	XTCP_TCP_DEFAULT_MSS, 536, RFC 9293 3.7.1)
 * @user_mss: the socket's TCP_MAXSEG, 0 for none
 * @opts_len: the option bytes of the segment about to be sent: 12 with
 *	timestamps, more with SACK blocks (xtcp_tcp_opts_len() of its
 *	options)
 *
 * Linux's tcp_sync_mss() through tcp_mtu_to_mss(), then tcp_current_mss():
 * @pmtu - 40, capped by the peer's MSS and TCP_MAXSEG (Linux's
 * mss_clamp), raised to net.ipv4.tcp_min_snd_mss, 48, and only then less
 * @opts_len. The floor of 48 is "40 bytes of options and 8 of data": it
 * comes before the options, so a segment with timestamps may carry as
 * little as 36 bytes. It keeps a peer that advertises a tiny MSS from
 * making us cut the stream into single bytes (CVE-2019-11478/11479).
 *
 * Two corners differ from Linux, which there ignores RFC 9293: when the
 * peer sent no MSS option, Linux's passive side does not apply TCP_MAXSEG
 * (536 even with TCP_MAXSEG 200) and its active side uses TCP_MAXSEG
 * instead of 536 (1000 with TCP_MAXSEG 1000). Here the cap is always
 * min(536, TCP_MAXSEG).
 *
 * Not applied here: xtcp_tcp_bound_to_half_wnd(), once the peer's largest
 * window is known.
 *
 * Return: the send MSS, at least 8.
 */
u32 xtcp_tcp_send_mss(u32 pmtu, u16 peer_mss, u16 user_mss,
		      unsigned int opts_len)
{
	u32 mss = pmtu > XTCP_TCP_IP_HDRS ? pmtu - XTCP_TCP_IP_HDRS : 0;
	u32 clamp = peer_mss ? peer_mss : XTCP_TCP_DEFAULT_MSS;

	if (user_mss && user_mss < clamp)
		clamp = user_mss;
	mss = min(mss, clamp);
	mss = max_t(u32, mss, XTCP_TCP_MIN_SND_MSS);
	return mss - min_t(u32, opts_len, XTCP_TCP_OPT_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_send_mss);

/**
 * xtcp_tcp_bound_to_half_wnd() - limit the send MSS to half the peer's window
 * @mss: the send MSS (xtcp_tcp_send_mss())
 * @max_window: the largest window the peer has advertised, 0 before any
 * @opts_len: the option bytes of every segment (12 with timestamps)
 *
 * Linux's tcp_bound_to_half_wnd(): against a peer whose window is tiny,
 * segments of half its window keep two in flight. Windows of at most 536
 * are not halved, and the result is never below 68 less the TCP header
 * with its options (36 with timestamps), Linux's floor.
 *
 * Return: the bounded MSS.
 */
u32 xtcp_tcp_bound_to_half_wnd(u32 mss, u32 max_window,
			       unsigned int opts_len)
{
	u32 cutoff = max_window > XTCP_TCP_DEFAULT_MSS ? max_window >> 1 :
							 max_window;
	int floor = 68 - (int)(XTCP_TCP_HLEN + opts_len);

	if (cutoff && mss > cutoff)
		return max_t(int, cutoff, floor);
	return mss;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_bound_to_half_wnd);

/**
 * xtcp_tcp_win_from_space() - the window a buffer of @space bytes is worth
 * @space: receive buffer bytes; may be negative (a buffer over-committed)
 *
 * Linux's tcp_win_from_space() with net.ipv4.tcp_adv_win_scale 1, its 6.1
 * default: half the buffer is window, half is left for skb overhead.
 *
 * Return: @space - @space / 2, rounded as Linux's arithmetic shift does.
 */
int xtcp_tcp_win_from_space(int space)
{
	return space - (space >> XTCP_TCP_ADV_WIN_SCALE);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_win_from_space);

/**
 * xtcp_tcp_select_initial_window() - the window and scale of our SYN
 * @cfg: the switches; @cfg->workaround_signed_windows and @cfg->rmem_max
 *	are read
 * @space: the receive space, xtcp_tcp_full_space() of the receive buffer;
 *	negative counts as 0
 * @mss: the MSS our segments will be received at: the advertised MSS,
 *	less XTCP_TCPOLEN_TS_ALIGNED on the passive side when the SYN
 *	carried timestamps (tcp_openreq_init_rwin())
 * @rcv_wnd_init: the route's initrwnd in segments, 0 for none
 * @wscale_ok: we will send the window scale option: on the active side
 *	@cfg->window_scaling, on the passive side that and the SYN carried it
 * @rcv_wnd: the initial receive window, bytes (the SYN's window field)
 * @rcv_wscale: our window scale shift, 0..14; 0 without @wscale_ok
 * @window_clamp: in: the largest window allowed, 0 for none (Linux sets it
 *	to the full space when the user fixed SO_RCVBUF); out: that, capped
 *	to what 16 bits at @rcv_wscale can say
 *
 * Linux 6.1's tcp_select_initial_window(). The space is rounded down to a
 * multiple of @mss and offered up to 65535 (32767 with the workaround). No
 * IW10-sized initial window: Linux dropped that in 4.19 (commit
 * a337531b942b, "tcp: up initial rmem to 128KB and SYN rwin to around
 * 64KB"); only a route's initrwnd still cuts it to @rcv_wnd_init * @mss.
 * The scale is sized for the largest buffer the connection may grow to,
 * @cfg->rmem_max, not for @space: the smallest shift that lets it fit in
 * 16 bits, ilog2(space) - 15, at most 14. With Linux's default tcp_rmem[2]
 * of 6 MB that is 7, whatever the socket's buffer now is.
 */
void xtcp_tcp_select_initial_window(const struct xtcp_tcp_opts_cfg *cfg,
				    int space, u32 mss, u32 rcv_wnd_init,
				    bool wscale_ok, u32 *rcv_wnd,
				    u8 *rcv_wscale, u32 *window_clamp)
{
	u32 sp = space < 0 ? 0 : space;
	u32 limit = cfg->workaround_signed_windows ? XTCP_TCP_MAX_WINDOW :
						     U16_MAX;
	int shift;

	if (!*window_clamp)
		*window_clamp = (u32)U16_MAX << XTCP_TCP_MAX_WSCALE;
	sp = min(*window_clamp, sp);
	if (mss && sp > mss)
		sp = rounddown(sp, mss);

	*rcv_wnd = min(sp, limit);
	if (rcv_wnd_init)
		*rcv_wnd = min(*rcv_wnd, rcv_wnd_init * mss);

	*rcv_wscale = 0;
	if (wscale_ok) {
		sp = max(sp, cfg->rmem_max);
		sp = min(sp, *window_clamp);
		shift = sp ? (int)ilog2(sp) - 15 : 0;
		*rcv_wscale = clamp_t(int, shift, 0, XTCP_TCP_MAX_WSCALE);
	}
	*window_clamp = min_t(u32, (u32)U16_MAX << *rcv_wscale, *window_clamp);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_select_initial_window);

/**
 * xtcp_tcp_opts_allowed() - the options the switches let us offer or accept
 * @cfg: the switches
 *
 * A passive opener needs this before it builds its SYN-ACK: the options
 * both allow, this AND the SYN's, decide the mss and the wscale_ok of
 * xtcp_tcp_select_initial_window().
 *
 * Return: XTCP_TCPOPT_F_MSS, and _TS, _WSCALE and _SACK_PERM as switched.
 */
u8 xtcp_tcp_opts_allowed(const struct xtcp_tcp_opts_cfg *cfg)
{
	u8 saw = XTCP_TCPOPT_F_MSS;

	if (cfg->timestamps)
		saw |= XTCP_TCPOPT_F_TS;
	if (cfg->window_scaling)
		saw |= XTCP_TCPOPT_F_WSCALE;
	if (cfg->sack)
		saw |= XTCP_TCPOPT_F_SACK_PERM;
	return saw;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_opts_allowed);

/**
 * xtcp_tcp_syn_options() - the options of our SYN
 * @cfg: the switches
 * @mss: our MSS, xtcp_tcp_advertise_mss()
 * @rcv_wscale: our shift, from xtcp_tcp_select_initial_window()
 * @ts_val: our timestamp clock now, offset included
 * @opts: filled in
 *
 * Linux's tcp_syn_options() without MD5, Fast Open, SMC or MPTCP: MSS
 * always, timestamps (tsecr 0: nothing to echo yet), window scale and
 * SACK-permitted as switched. With the defaults, through xtcp_tcp_build(),
 * the bytes of every Linux SYN: 02 04 <mss> 04 02 08 0a <tsval> 00 00 00 00
 * 01 03 03 <shift>.
 */
void xtcp_tcp_syn_options(const struct xtcp_tcp_opts_cfg *cfg, u16 mss,
			  u8 rcv_wscale, u32 ts_val,
			  struct xtcp_tcp_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->saw = xtcp_tcp_opts_allowed(cfg);
	opts->mss = mss;
	if (opts->saw & XTCP_TCPOPT_F_WSCALE)
		opts->wscale = rcv_wscale;
	if (opts->saw & XTCP_TCPOPT_F_TS)
		opts->tsval = ts_val;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_syn_options);

/**
 * xtcp_tcp_synack_options() - the options of our SYN-ACK to a SYN
 * @cfg: the switches
 * @syn: the SYN's options
 * @mss: our MSS, xtcp_tcp_advertise_mss()
 * @rcv_wscale: our shift, from xtcp_tcp_select_initial_window(); ignored
 *	unless both allow window scaling
 * @ts_val: our timestamp clock now, offset included
 * @opts: filled in
 * @agreed: filled in: what the connection will use once established
 *
 * Linux's tcp_conn_request() and tcp_synack_options(): MSS always; each of
 * window scale, timestamps and SACK-permitted only if the SYN carried it
 * and we allow it (RFC 7323 1.3, 2.2: neither side scales unless both sent
 * the option; RFC 2018 2). The timestamp option echoes the SYN's tsval.
 * The order a listener calls these in, as tcp_openreq_init_rwin():
 *
 *	both = xtcp_tcp_opts_allowed(cfg) & syn->saw;
 *	mss = xtcp_tcp_advertise_mss(mtu, user_mss);
 *	xtcp_tcp_select_initial_window(cfg, xtcp_tcp_full_space(rcvbuf),
 *		mss - (both & XTCP_TCPOPT_F_TS ? XTCP_TCPOLEN_TS_ALIGNED : 0),
 *		0, both & XTCP_TCPOPT_F_WSCALE, &rcv_wnd, &rcv_wscale, &clamp);
 *	xtcp_tcp_synack_options(cfg, syn, mss, rcv_wscale, ts_val, &opts,
 *				&agreed);
 *	xtcp_tcp_fsm_accept(tcb, syn_seg, iss, rcv_wnd, &opts, act);
 *
 * and xtcp_tcp_fsm_accept() sets in the TCB what @agreed says.
 */
void xtcp_tcp_synack_options(const struct xtcp_tcp_opts_cfg *cfg,
			     const struct xtcp_tcp_opts *syn, u16 mss,
			     u8 rcv_wscale, u32 ts_val,
			     struct xtcp_tcp_opts *opts,
			     struct xtcp_tcp_agreed *agreed)
{
	u8 both = xtcp_tcp_opts_allowed(cfg) & syn->saw;

	memset(opts, 0, sizeof(*opts));
	opts->saw = XTCP_TCPOPT_F_MSS |
		    (both & (XTCP_TCPOPT_F_WSCALE | XTCP_TCPOPT_F_TS |
			     XTCP_TCPOPT_F_SACK_PERM));
	opts->mss = mss;
	if (opts->saw & XTCP_TCPOPT_F_WSCALE)
		opts->wscale = rcv_wscale;
	if (opts->saw & XTCP_TCPOPT_F_TS) {
		opts->tsval = ts_val;
		opts->tsecr = syn->tsval;
	}
	xtcp_tcp_options_agree(opts, syn, agreed);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_synack_options);

/**
 * xtcp_tcp_options_agree() - what two SYNs agree on
 * @ours: the options our SYN (or SYN-ACK) carried
 * @theirs: the options of the peer's SYN (or SYN-ACK)
 * @agreed: filled in
 *
 * RFC 7323 1.3, 2.2 and 3.2, RFC 2018 2: window scaling, timestamps and
 * SACK are on only if both SYNs carried the option. Without window
 * scaling neither shift applies: our windows go out unscaled, so none may
 * exceed 65535 (Linux then cuts its window_clamp to 65535). A shift above
 * 14 is taken as 14 (RFC 7323 2.3); Linux logs "Illegal window scaling
 * value", and @agreed->wscale_clamped lets the caller do the same. The
 * peer's MSS is its option, or 536 without one or with a zero one, which
 * Linux ignores (RFC 9293 3.7.1).
 *
 * Linux's active side takes the SYN-ACK's options as they come (it parses
 * only those its switches allow); here an option our SYN did not carry is
 * also refused, which a well-behaved peer never makes a difference to.
 *
 * fsm.c applies the same rules to struct xtcp_tcb (its fsm_negotiate(),
 * called by xtcp_tcp_fsm_accept() and on the SYN-ACK in SYN-SENT), so the
 * TCB's wscale_ok, snd_wscale, rcv_wscale, sack_ok, ts_ok, ts_recent and
 * mss are these fields; this function is for the code that must know
 * them before a TCB exists or without touching one (a SYN-ACK's window
 * choice, SYN cookies, ss-style reporting).
 */
void xtcp_tcp_options_agree(const struct xtcp_tcp_opts *ours,
			    const struct xtcp_tcp_opts *theirs,
			    struct xtcp_tcp_agreed *agreed)
{
	u8 both = ours->saw & theirs->saw;

	memset(agreed, 0, sizeof(*agreed));
	agreed->mss = XTCP_TCP_DEFAULT_MSS;
	if ((theirs->saw & XTCP_TCPOPT_F_MSS) && theirs->mss)
		agreed->mss = theirs->mss;
	if (both & XTCP_TCPOPT_F_WSCALE) {
		agreed->wscale_ok = true;
		agreed->snd_wscale = theirs->wscale;
		if (agreed->snd_wscale > XTCP_TCP_MAX_WSCALE) {
			agreed->snd_wscale = XTCP_TCP_MAX_WSCALE;
			agreed->wscale_clamped = true;
		}
		agreed->rcv_wscale = min_t(u8, ours->wscale,
					   XTCP_TCP_MAX_WSCALE);
	}
	agreed->sack_ok = both & XTCP_TCPOPT_F_SACK_PERM;
	agreed->ts_ok = both & XTCP_TCPOPT_F_TS;
	if (agreed->ts_ok)
		agreed->ts_recent = theirs->tsval;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_options_agree);

/**
 * xtcp_tcp_established_options() - the options of a synchronized segment
 * @tcb: the connection: its ts_ok, sack_ok and ts_recent are read
 * @ts_val: our timestamp clock now, offset included
 * @sacks: the SACK blocks to report, most recent first (RFC 2018 4)
 * @nr_sacks: how many; 0 for none
 * @opts: filled in
 *
 * Linux's tcp_established_options() without MD5 or MPTCP: timestamps
 * (tsecr TS.Recent) when agreed, and SACK blocks when agreed and there
 * are any. Up to XTCP_TCP_MAX_SACKS blocks are copied; which of them fit
 * is xtcp_tcp_opts_len()'s business (3 beside timestamps, as Linux).
 */
void xtcp_tcp_established_options(const struct xtcp_tcb *tcb, u32 ts_val,
				  const struct xtcp_tcp_sack_block *sacks,
				  unsigned int nr_sacks,
				  struct xtcp_tcp_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	if (tcb->ts_ok) {
		opts->saw |= XTCP_TCPOPT_F_TS;
		opts->tsval = ts_val;
		opts->tsecr = tcb->ts_recent;
	}
	if (tcb->sack_ok && nr_sacks) {
		opts->saw |= XTCP_TCPOPT_F_SACK;
		opts->nr_sacks = min_t(unsigned int, nr_sacks,
				       XTCP_TCP_MAX_SACKS);
		memcpy(opts->sacks, sacks, opts->nr_sacks * sizeof(*sacks));
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_established_options);
