// SPDX-License-Identifier: GPL-2.0
/*
 * SYN cookies (D. J. Bernstein, 1996; RFC 4987 section 3.6), encoded as
 * Linux's net/ipv4/syncookies.c encodes them.
 *
 * A listener whose SYN queue overflowed answers a SYN without keeping any
 * state: its ISN, the cookie, is
 *
 *	H0(tuple) + client ISN + (minute << 24) + ((H1(tuple, minute) + data)
 *						   mod 2^24)
 *
 * with H0 and H1 siphashes under two secret keys and data the index of the
 * SYN's MSS in a 4-entry table. The client's ACK acknowledges cookie + 1;
 * subtracting H0 and the client ISN gives the minute back in the top 8
 * bits, and subtracting H1 of that minute leaves the data. A forged ACK
 * has to guess 24 bits of hash to land on one of the 4 valid data values.
 *
 * With timestamps, the SYN's other options ride in the low 6 bits of the
 * SYN-ACK's tsval and come back in the ACK's tsecr:
 *
 *	| 31 ... 6 |  5  |  4   | 3 2 1 0 |
 *	|   time   | ECN | SACK | wscale  |	(wscale 0xf: none)
 *
 * Nothing here reads a clock or a socket: the minute, the timestamp clock
 * and the jiffies of the overflow bookkeeping are arguments.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/siphash.h>
#include <linux/time.h>
#include <kunit/visibility.h>

#include "tcp/tcp.h"

#define XTCP_COOKIE_BITS	24	/* the minute is above them */
#define XTCP_COOKIE_MASK	(((u32)1 << XTCP_COOKIE_BITS) - 1)

#define XTCP_TS_OPT_WSCALE	0xf	/* 0xf: no window scaling */
#define XTCP_TS_OPT_SACK	BIT(4)
#define XTCP_TS_OPT_ECN		BIT(5)
#define XTCP_TS_BITS		6

/*
 * From S. Alcock and R. Nelson, "An Analysis of TCP Maximum Segment Sizes"
 * (2011), as Linux's msstab: below 536 and above 1460 are rare, 1300-1349
 * and 1460 are common, 1440 covers PPPoE. Sorted.
 */
static const u16 xtcp_syncookie_msstab[] = { 536, 1300, 1440, 1460 };

static u32 xtcp_cookie_hash(const siphash_key_t *keys, __be32 saddr,
			    __be32 daddr, __be16 sport, __be16 dport,
			    u32 count, int c)
{
	return siphash_4u32((__force u32)saddr, (__force u32)daddr,
			    (__force u32)sport << 16 | (__force u32)dport,
			    count, &keys[c]);
}

/**
 * xtcp_syncookie_minute() - the minute counter cookies are made with
 * @now: jiffies, 64 bits (get_jiffies_64()), a clock that does not step
 *
 * Return: minutes since boot, as Linux's tcp_cookie_time().
 */
u32 xtcp_syncookie_minute(u64 now)
{
	return div_u64(now, XTCP_SYNCOOKIE_PERIOD);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_syncookie_minute);

/**
 * xtcp_syncookie_make() - the cookie ISN for a SYN
 * @keys: the namespace's two cookie keys (&xtcp_tcp_secrets.cookie)
 * @saddr: the SYN's source address, the client's
 * @daddr: the SYN's destination address, ours
 * @sport: the SYN's source port
 * @dport: the SYN's destination port
 * @client_isn: the SYN's sequence number
 * @mss: the MSS the SYN offered (536 if it had none)
 * @minute: xtcp_syncookie_minute() now
 * @mss_out: the MSS the cookie encodes: the largest table entry not above
 *	@mss, and at least 536
 *
 * Return: the ISN of our SYN-ACK, host order.
 */
u32 xtcp_syncookie_make(const siphash_key_t *keys, __be32 saddr,
			__be32 daddr, __be16 sport, __be16 dport,
			u32 client_isn, u16 mss, u32 minute, u16 *mss_out)
{
	u32 idx;

	for (idx = ARRAY_SIZE(xtcp_syncookie_msstab) - 1; idx; idx--)
		if (mss >= xtcp_syncookie_msstab[idx])
			break;
	*mss_out = xtcp_syncookie_msstab[idx];

	return xtcp_cookie_hash(keys, saddr, daddr, sport, dport, 0, 0) +
	       client_isn + (minute << XTCP_COOKIE_BITS) +
	       ((xtcp_cookie_hash(keys, saddr, daddr, sport, dport, minute, 1) +
		 idx) & XTCP_COOKIE_MASK);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_syncookie_make);

/**
 * xtcp_syncookie_check() - is an ACK's acknowledgment one of our cookies?
 * @keys: the namespace's two cookie keys
 * @saddr: the ACK's source address, the client's
 * @daddr: the ACK's destination address, ours
 * @sport: the ACK's source port
 * @dport: the ACK's destination port
 * @client_isn: the ACK's sequence number - 1, the ISN of the SYN
 * @cookie: the ACK's acknowledgment number - 1
 * @minute: xtcp_syncookie_minute() now
 *
 * As Linux's __cookie_v4_check(): the cookie must have been made in this
 * minute or the one before (XTCP_SYNCOOKIE_MAX_AGE), for this 4-tuple and
 * client ISN, with our keys.
 *
 * Return: the MSS the cookie encodes, or 0 if it is not a valid cookie.
 */
u16 xtcp_syncookie_check(const siphash_key_t *keys, __be32 saddr,
			 __be32 daddr, __be16 sport, __be16 dport,
			 u32 client_isn, u32 cookie, u32 minute)
{
	u32 age, idx;

	cookie -= xtcp_cookie_hash(keys, saddr, daddr, sport, dport, 0, 0) +
		  client_isn;
	/* Now (minute << 24) + ((H1 + data) mod 2^24); 8 bits of minute. */
	age = (minute - (cookie >> XTCP_COOKIE_BITS)) &
	      ((u32)-1 >> XTCP_COOKIE_BITS);
	if (age >= XTCP_SYNCOOKIE_MAX_AGE)
		return 0;
	idx = (cookie - xtcp_cookie_hash(keys, saddr, daddr, sport, dport,
					 minute - age, 1)) & XTCP_COOKIE_MASK;
	if (idx >= ARRAY_SIZE(xtcp_syncookie_msstab))
		return 0;
	return xtcp_syncookie_msstab[idx];
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_syncookie_check);

/**
 * xtcp_syncookie_ts_encode() - the tsval of a cookie SYN-ACK
 * @ts_now: the timestamp clock now, before the connection's offset
 * @o: the SYN's options: @wscale_ok, @snd_wscale (above 14 counts as 14,
 *	RFC 7323 section 2.3), @sack_ok, @ecn_ok
 *
 * As Linux's cookie_init_timestamp(): @ts_now with its low 6 bits replaced
 * by the options, moved back by 64 if that would put it after @ts_now, so
 * the timestamps that follow never go backwards. The caller adds the
 * connection's offset (xtcp_tcp_ts_off()) and removes it from the tsecr
 * before xtcp_syncookie_ts_decode().
 *
 * Return: the tsval, without the offset.
 */
u32 xtcp_syncookie_ts_encode(u32 ts_now, const struct xtcp_syncookie_opts *o)
{
	u32 options, ts;

	options = o->wscale_ok ? min_t(u32, o->snd_wscale, XTCP_TCP_MAX_WSCALE)
			       : XTCP_TS_OPT_WSCALE;
	if (o->sack_ok)
		options |= XTCP_TS_OPT_SACK;
	if (o->ecn_ok)
		options |= XTCP_TS_OPT_ECN;

	ts = (ts_now >> XTCP_TS_BITS) << XTCP_TS_BITS | options;
	if (ts > ts_now)
		ts -= 1U << XTCP_TS_BITS;
	return ts;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_syncookie_ts_encode);

/**
 * xtcp_syncookie_ts_decode() - the SYN's options, back from an ACK's tsecr
 * @saw_ts: the ACK carries a timestamp option
 * @tsecr: its echo reply, the connection's offset removed
 * @allow: XTCP_SYNCOOKIE_ALLOW_* of what the host has enabled now
 * @o: the options; cleared, then filled
 *
 * As Linux's cookie_timestamp_decode() and cookie_ecn_ok(). Without a
 * timestamp the connection has no options (@o all false). A cookie asking
 * for an option the host has since disabled (timestamps, SACK, window
 * scaling) is refused; ECN is only turned off, since a peer that does not
 * get it falls back to plain TCP (RFC 3168 section 6.1.1).
 *
 * The 4-bit field cannot hold an impossible shift: 0..14 are shifts and
 * 0xf means none, as the encoder clamps above 14.
 *
 * Return: true if the connection may go on with @o.
 */
bool xtcp_syncookie_ts_decode(bool saw_ts, u32 tsecr, unsigned int allow,
			      struct xtcp_syncookie_opts *o)
{
	u32 wscale = tsecr & XTCP_TS_OPT_WSCALE;

	memset(o, 0, sizeof(*o));
	if (!saw_ts)
		return true;
	if (!(allow & XTCP_SYNCOOKIE_ALLOW_TS))
		return false;
	o->tstamp_ok = true;
	o->sack_ok = tsecr & XTCP_TS_OPT_SACK;
	if (o->sack_ok && !(allow & XTCP_SYNCOOKIE_ALLOW_SACK))
		return false;
	o->ecn_ok = (tsecr & XTCP_TS_OPT_ECN) &&
		    (allow & XTCP_SYNCOOKIE_ALLOW_ECN);
	if (wscale == XTCP_TS_OPT_WSCALE)
		return true;
	o->wscale_ok = true;
	o->snd_wscale = wscale;
	return allow & XTCP_SYNCOOKIE_ALLOW_WSCALE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_syncookie_ts_decode);

/**
 * xtcp_syncookie_overflow_note() - remember that the SYN queue overflowed
 * @stamp: the listener's last overflow, jiffies (u32)
 * @now: jiffies
 *
 * As Linux's tcp_synq_overflow(): written at most once a second, so a SYN
 * flood does not keep dirtying the listener's cache line. Lockless; a lost
 * race only moves the stamp by less than a second.
 *
 * Return: true if @stamp was updated.
 */
bool xtcp_syncookie_overflow_note(u32 *stamp, u32 now)
{
	u32 last = READ_ONCE(*stamp);

	if (time_between32(now, last, last + HZ))
		return false;
	WRITE_ONCE(*stamp, now);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_syncookie_overflow_note);

/**
 * xtcp_syncookie_overflow_recent() - are cookies in use on this listener?
 * @stamp: the listener's last overflow (xtcp_syncookie_overflow_note())
 * @now: jiffies
 *
 * As Linux's !tcp_synq_no_recent_overflow(): true from a second before the
 * last overflow to XTCP_SYNCOOKIE_VALID after it. Outside that window an
 * ACK that is not for a request in the queue cannot be for a cookie we
 * sent, and is not checked as one. The second before covers an overflow
 * noted on another CPU after this one read jiffies.
 *
 * Return: true if an ACK may carry one of our cookies.
 */
bool xtcp_syncookie_overflow_recent(u32 stamp, u32 now)
{
	return time_between32(now, stamp - HZ, stamp + XTCP_SYNCOOKIE_VALID);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_syncookie_overflow_recent);
