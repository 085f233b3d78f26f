/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp TCP: private header of module/tcp/, grouped by the .c file that
 * defines each part. The socket-free parts (the state machine core, ISN,
 * SYN cookies) need only the wire format, so KUnit drives them without a
 * socket, an skb or a clock.
 */
#ifndef _XTCP_TCP_H
#define _XTCP_TCP_H

#include <linux/types.h>
#include <linux/siphash.h>

#include "wire/wire.h"

/* fsm.c: the RFC 9293 state machine core */

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

#endif /* _XTCP_TCP_H */
