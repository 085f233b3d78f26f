// SPDX-License-Identifier: GPL-2.0
/*
 * Initial sequence numbers (RFC 6528), timestamp offsets and the
 * connect-time port offset, as Linux's net/core/secure_seq.c computes them.
 *
 * Each is a keyed siphash of the connection's addresses and ports, so an
 * off-path attacker who does not know the key cannot predict the value for
 * a connection of its choice, and connections between other hosts tell it
 * nothing. The ISN adds a clock ticking every 64 ns (RFC 6528's M; RFC 793
 * suggested 4 us, which wraps too slowly for fast links): one 2^32 cycle
 * takes 274 s, more than two MSLs.
 *
 * Nothing here reads a clock or a socket. Keys and the current time are
 * arguments: the keys live in the namespace (struct xtcp_tcp_secrets), and
 * callers pass ktime_get_real_ns() or jiffies, so KUnit holds the clock.
 */
#include <linux/random.h>
#include <linux/siphash.h>
#include <kunit/visibility.h>

#include "tcp/tcp.h"

/**
 * xtcp_tcp_secrets_init() - fresh random keys for one namespace
 * @s: the keys to fill
 */
void xtcp_tcp_secrets_init(struct xtcp_tcp_secrets *s)
{
	get_random_bytes(&s->isn, sizeof(s->isn));
	get_random_bytes(&s->ts, sizeof(s->ts));
	get_random_bytes(s->cookie, sizeof(s->cookie));
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_secrets_init);

/**
 * xtcp_tcp_isn() - the initial sequence number of a new connection
 * @key: the namespace's ISN key (&xtcp_tcp_secrets.isn)
 * @saddr: our address
 * @daddr: the peer's address
 * @sport: our port
 * @dport: the peer's port
 * @now_ns: wall-clock time in ns (ktime_get_real_ns())
 *
 * RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport, key),
 * with F Linux's siphash of the 4-tuple (secure_tcp_seq()) and M the time
 * in 64 ns ticks (seq_scale()). A listener passes the addresses and ports
 * of the SYN swapped, so both ends of a tuple get the same F.
 *
 * Return: the ISN, host order.
 */
u32 xtcp_tcp_isn(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		 __be16 sport, __be16 dport, u64 now_ns)
{
	u32 ports = (__force u32)sport << 16 | (__force u32)dport;
	u32 hash = siphash_3u32((__force u32)saddr, (__force u32)daddr, ports,
				key);

	return hash + (u32)(now_ns >> XTCP_TCP_ISN_TICK_SHIFT);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_isn);

/**
 * xtcp_tcp_ts_off() - the offset added to our TCP timestamps
 * @key: the namespace's timestamp key (&xtcp_tcp_secrets.ts)
 * @saddr: our address
 * @daddr: the peer's address
 *
 * As Linux 6.1's secure_tcp_ts_off(): one offset per address pair, so the
 * timestamp clock does not reveal our uptime, yet stays monotonic across
 * the connections between two hosts (PAWS on the peer's side, RFC 7323
 * section 5.8). Later stable kernels (6.1.192's secure_tcp_seq_and_ts_off())
 * hash the ports in as well, which hides more but gives up PAWS across
 * connections. A caller with timestamps disabled uses 0.
 *
 * Return: the offset, in timestamp ticks.
 */
u32 xtcp_tcp_ts_off(const siphash_key_t *key, __be32 saddr, __be32 daddr)
{
	return siphash_2u32((__force u32)saddr, (__force u32)daddr, key);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_ts_off);

/**
 * xtcp_tcp_port_offset() - where connect() starts its ephemeral port search
 * @key: the namespace's ISN key (&xtcp_tcp_secrets.isn; Linux uses its
 *	net_secret for both)
 * @saddr: our address
 * @daddr: the peer's address
 * @dport: the peer's port
 * @now: jiffies
 *
 * As secure_ipv4_port_ephemeral(): a keyed hash of the destination and a
 * seed that changes every XTCP_TCP_PORT_SHUFFLE_PERIOD, so the ports we
 * pick towards one destination are not predictable from the ports we pick
 * towards another (RFC 6056 section 3.3.4, algorithm 4), and do not stay
 * the same for ever (Moshe Kol, Amit Klein, Yossi Gilad, "Device tracking
 * via Linux's new TCP source port selection algorithm", 2022). The caller
 * uses the low bits to index its perturbation table and the high 32 bits
 * as the start, as __inet_hash_connect() does.
 *
 * Return: the 64-bit offset.
 */
u64 xtcp_tcp_port_offset(const siphash_key_t *key, __be32 saddr,
			 __be32 daddr, __be16 dport, unsigned long now)
{
	return siphash_4u32((__force u32)saddr, (__force u32)daddr,
			    (__force u16)dport,
			    now / XTCP_TCP_PORT_SHUFFLE_PERIOD, key);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_port_offset);
