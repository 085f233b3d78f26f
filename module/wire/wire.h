/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp wire formats: Ethernet, ARP (Ethernet/IPv4), IPv4, ICMPv4, UDP and TCP.
 *
 * Pure code in the smoltcp style: no skb, no socket, no clock. Each
 * protocol has a validated "repr" struct and a pair of functions,
 *
 *	enum xtcp_drop_reason xtcp_<proto>_parse(buf, len, &repr);
 *	int xtcp_<proto>_build(&repr, buf, len);
 *
 * A parser checks everything it needs before it fills the repr, so a repr
 * that comes back with XTCP_DROP_NONE (0) holds only validated values, and
 * its pointers stay within [buf, buf + len). A builder checks the buffer
 * length first; after that it cannot fail. It returns the number of bytes
 * it wrote, or -ENOSPC, and never writes past @len. Buffers may have any
 * alignment.
 *
 * Byte order in the reprs: addresses (IPv4) are __be32, as they are
 * compared and stored in network order everywhere else in the stack;
 * checksum fields are __sum16, as on the wire; every other number (ports,
 * lengths, identifiers, EtherTypes, opcodes) is in host order.
 */
#ifndef _XTCP_WIRE_H
#define _XTCP_WIRE_H

#include <linux/types.h>
#include <uapi/linux/if_ether.h>
#include <uapi/linux/if_arp.h>
#include <uapi/linux/icmp.h>
#include <uapi/linux/in.h>

/*
 * Why a parser rejected a packet. Each reason is written once, in
 * drop_reasons.h.
 */
#define EM(a, b)	a,
#define E_(a, b)	a,
enum xtcp_drop_reason {
#include "drop_reasons.h"
	__XTCP_DROP_MAX
};

#undef EM
#undef E_

const char *xtcp_drop_reason_name(enum xtcp_drop_reason reason);

/* Ethernet II */

#define XTCP_ETH_HLEN	14

/**
 * struct xtcp_eth_hdr - Ethernet II header as on the wire
 * @dst: destination MAC address
 * @src: source MAC address
 * @type: EtherType, network byte order
 */
struct xtcp_eth_hdr {
	u8	dst[ETH_ALEN];
	u8	src[ETH_ALEN];
	__be16	type;
} __packed;

/**
 * struct xtcp_eth_repr - a parsed Ethernet II header
 * @dst: destination MAC address
 * @src: source MAC address
 * @ethertype: EtherType (ETH_P_IP, ETH_P_ARP, ...), host byte order; not
 *	checked, so an 802.3 length field shows up as a value below 0x600
 */
struct xtcp_eth_repr {
	u8	dst[ETH_ALEN];
	u8	src[ETH_ALEN];
	u16	ethertype;
};

enum xtcp_drop_reason xtcp_eth_parse(const void *buf, size_t len,
				     struct xtcp_eth_repr *r);
int xtcp_eth_build(const struct xtcp_eth_repr *r, void *buf, size_t len);

/* ARP, Ethernet hardware and IPv4 protocol addresses only (RFC 826) */

#define XTCP_ARP_LEN	28

/**
 * struct xtcp_arp_hdr - an Ethernet/IPv4 ARP packet as on the wire
 * @htype: hardware type, ARPHRD_ETHER
 * @ptype: protocol type, ETH_P_IP
 * @hlen: hardware address length, ETH_ALEN
 * @plen: protocol address length, 4
 * @op: operation, ARPOP_REQUEST or ARPOP_REPLY
 * @sha: sender hardware address
 * @spa: sender protocol address
 * @tha: target hardware address
 * @tpa: target protocol address
 */
struct xtcp_arp_hdr {
	__be16	htype;
	__be16	ptype;
	u8	hlen;
	u8	plen;
	__be16	op;
	u8	sha[ETH_ALEN];
	__be32	spa;
	u8	tha[ETH_ALEN];
	__be32	tpa;
} __packed;

/**
 * struct xtcp_arp_repr - a parsed Ethernet/IPv4 ARP packet
 * @op: ARPOP_REQUEST or ARPOP_REPLY, host byte order
 * @sha: sender hardware address
 * @spa: sender IPv4 address, network byte order
 * @tha: target hardware address (zero in a request, by convention)
 * @tpa: target IPv4 address, network byte order
 */
struct xtcp_arp_repr {
	u16	op;
	u8	sha[ETH_ALEN];
	__be32	spa;
	u8	tha[ETH_ALEN];
	__be32	tpa;
};

enum xtcp_drop_reason xtcp_arp_parse(const void *buf, size_t len,
				     struct xtcp_arp_repr *r);
int xtcp_arp_build(const struct xtcp_arp_repr *r, void *buf, size_t len);

/* IPv4 (RFC 791) */

#define XTCP_IPV4_HLEN		20
#define XTCP_IPV4_HLEN_MAX	60
#define XTCP_IPV4_DF		0x4000
#define XTCP_IPV4_MF		0x2000
#define XTCP_IPV4_OFFSET	0x1fff

/**
 * struct xtcp_ipv4_hdr - IPv4 header without options, as on the wire
 * @ver_ihl: version (high nibble) and header length in 32-bit words
 * @tos: type of service (DSCP and ECN)
 * @tot_len: total length, header included
 * @id: identification
 * @frag_off: flags (high three bits) and fragment offset in 8-byte units
 * @ttl: time to live
 * @protocol: protocol of the payload (IPPROTO_*)
 * @check: header checksum
 * @saddr: source address
 * @daddr: destination address
 */
struct xtcp_ipv4_hdr {
	u8	ver_ihl;
	u8	tos;
	__be16	tot_len;
	__be16	id;
	__be16	frag_off;
	u8	ttl;
	u8	protocol;
	__sum16	check;
	__be32	saddr;
	__be32	daddr;
} __packed;

/**
 * struct xtcp_ipv4_repr - a parsed IPv4 header
 * @tos: type of service (DSCP and ECN)
 * @total_len: total length of the datagram, header included, host byte
 *	order; parse guarantees @hdr_len <= @total_len <= the buffer length
 * @id: identification, host byte order
 * @df: Don't Fragment flag
 * @mf: More Fragments flag
 * @frag_off: fragment offset in bytes (a multiple of 8); build drops the
 *	low three bits
 * @ttl: time to live
 * @protocol: protocol of the payload (IPPROTO_*)
 * @saddr: source address, network byte order
 * @daddr: destination address, network byte order
 * @hdr_len: header length in bytes (IHL * 4), options included; options
 *	are covered by the checksum but not interpreted. Build ignores it and
 *	always writes a 20-byte header.
 */
struct xtcp_ipv4_repr {
	u8	tos;
	u16	total_len;
	u16	id;
	bool	df;
	bool	mf;
	u16	frag_off;
	u8	ttl;
	u8	protocol;
	__be32	saddr;
	__be32	daddr;
	u8	hdr_len;
};

enum xtcp_drop_reason xtcp_ipv4_parse(const void *buf, size_t len,
				      struct xtcp_ipv4_repr *r);
int xtcp_ipv4_build(const struct xtcp_ipv4_repr *r, void *buf, size_t len);

/* True for any fragment of a fragmented datagram, the first one included. */
static inline bool xtcp_ipv4_is_fragment(const struct xtcp_ipv4_repr *r)
{
	return r->mf || r->frag_off;
}

/* Where the payload starts, from the start of the IPv4 header. */
static inline size_t xtcp_ipv4_payload_off(const struct xtcp_ipv4_repr *r)
{
	return r->hdr_len;
}

/* Payload length by the total length field; trailing link padding excluded. */
static inline size_t xtcp_ipv4_payload_len(const struct xtcp_ipv4_repr *r)
{
	return r->total_len - r->hdr_len;
}

/* ICMPv4 (RFC 792) */

#define XTCP_ICMP_HLEN		8
/* A quote holds the offending IPv4 header and 8 bytes of its payload. */
#define XTCP_ICMP_QUOTE_MIN	(XTCP_IPV4_HLEN + 8)
/* RFC 1812 4.3.2.3: an ICMP error should not exceed 576 bytes in all. */
#define XTCP_ICMP_QUOTE_MAX	(576 - XTCP_IPV4_HLEN - XTCP_ICMP_HLEN)

/**
 * struct xtcp_icmp_hdr - ICMPv4 header as on the wire
 * @type: message type (ICMP_ECHO, ICMP_DEST_UNREACH, ...)
 * @code: message code
 * @checksum: checksum of the whole ICMP message
 * @rest_hi: first half of the rest of the header: the identifier of an
 *	echo, unused (zero) in a destination unreachable
 * @rest_lo: second half: the sequence number of an echo, the next-hop MTU
 *	of a destination unreachable with code ICMP_FRAG_NEEDED (RFC 1191)
 */
struct xtcp_icmp_hdr {
	u8	type;
	u8	code;
	__sum16	checksum;
	__be16	rest_hi;
	__be16	rest_lo;
} __packed;

/**
 * struct xtcp_icmp_repr - a parsed ICMPv4 message
 * @type: message type (ICMP_ECHO, ICMP_ECHOREPLY, ICMP_DEST_UNREACH, ...)
 * @code: message code
 * @id: identifier of an echo request or reply, host byte order; 0 for
 *	other types
 * @seq: sequence number of an echo request or reply, host byte order; 0
 *	for other types
 * @mtu: next-hop MTU of a destination unreachable with code
 *	ICMP_FRAG_NEEDED, host byte order; 0 otherwise (also 0 from a pre
 *	RFC 1191 router)
 * @data: what follows the 8-byte header: the payload of an echo, the
 *	quoted datagram of a destination unreachable. After parse it points
 *	into the parsed buffer; build copies it (memmove(), so it may point
 *	into the destination buffer itself)
 * @data_len: length of @data in bytes. After parse of a destination
 *	unreachable it covers at least the quoted IPv4 header and 8 bytes
 */
struct xtcp_icmp_repr {
	u8		type;
	u8		code;
	u16		id;
	u16		seq;
	u16		mtu;
	const u8	*data;
	size_t		data_len;
};

/*
 * What xtcp_icmp_parse_head() needs of a longer message: the header and a
 * quote's longest IPv4 header plus 8 bytes.
 */
#define XTCP_ICMP_HEAD_MAX	(XTCP_ICMP_HLEN + XTCP_IPV4_HLEN_MAX + 8)

enum xtcp_drop_reason xtcp_icmp_parse(const void *buf, size_t len,
				      struct xtcp_icmp_repr *r);
enum xtcp_drop_reason xtcp_icmp_parse_head(const void *buf, size_t len,
					   struct xtcp_icmp_repr *r);
int xtcp_icmp_build(const struct xtcp_icmp_repr *r, void *buf, size_t len);

/**
 * struct xtcp_icmp_quote - the datagram an ICMP error quotes
 * @protocol: its protocol (IPPROTO_*)
 * @hdr_len: its IPv4 header length in bytes, options included
 * @frag_off: its fragment offset in bytes; the 8 bytes at @l4 are a
 *	transport header only when it is 0
 * @saddr: its source address, network byte order
 * @daddr: its destination address, network byte order
 * @l4: the 8 bytes that follow its header (the ports of UDP and TCP);
 *	points into the parsed buffer, NULL after a failed parse
 *
 * A router quotes the header and at least 8 bytes of the payload (RFC 792),
 * Linux up to 576 bytes in all (RFC 1812), so the quoted total length
 * usually exceeds the quote and is not checked; nor is the header
 * checksum, which RFC 1812 4.3.2.3 lets a router have changed.
 */
struct xtcp_icmp_quote {
	u8		protocol;
	u8		hdr_len;
	u16		frag_off;
	__be32		saddr;
	__be32		daddr;
	const u8	*l4;
};

enum xtcp_drop_reason xtcp_icmp_quote_parse(const void *buf, size_t len,
					    struct xtcp_icmp_quote *q);

/* UDP (RFC 768) */

#define XTCP_UDP_HLEN	8

/**
 * struct xtcp_udp_hdr - UDP header as on the wire
 * @source: source port
 * @dest: destination port
 * @len: length of header and payload
 * @check: checksum over the pseudo-header, header and payload; 0 for none
 */
struct xtcp_udp_hdr {
	__be16	source;
	__be16	dest;
	__be16	len;
	__sum16	check;
} __packed;

/**
 * struct xtcp_udp_repr - a parsed UDP header
 * @sport: source port, host byte order
 * @dport: destination port, host byte order
 * @len: UDP length (header and payload), host byte order; parse
 *	guarantees XTCP_UDP_HLEN <= @len <= the buffer length
 * @csum: checksum field as on the wire, 0 when the sender sent none;
 *	parse does not verify it (see xtcp_udp_csum_ok()), build computes it
 */
struct xtcp_udp_repr {
	u16	sport;
	u16	dport;
	u16	len;
	__sum16	csum;
};

enum xtcp_drop_reason xtcp_udp_parse(const void *buf, size_t len,
				     struct xtcp_udp_repr *r);
bool xtcp_udp_csum_ok(__be32 saddr, __be32 daddr, const void *buf,
		      size_t len);
void xtcp_udp_emit(const struct xtcp_udp_repr *r, void *buf);
__sum16 xtcp_udp_check(__be32 saddr, __be32 daddr, u16 ulen, __wsum sum);
int xtcp_udp_build(const struct xtcp_udp_repr *r, __be32 saddr, __be32 daddr,
		   void *buf, size_t len);

/* TCP (RFC 9293) and its options (RFC 9293 3.2, RFC 7323, RFC 2018) */

#define XTCP_TCP_HLEN		20
#define XTCP_TCP_HLEN_MAX	60
#define XTCP_TCP_OPT_MAX	(XTCP_TCP_HLEN_MAX - XTCP_TCP_HLEN)

/* Control bits, the low 9 bits of the 16-bit word holding the data offset */
#define XTCP_TCPF_FIN	0x001
#define XTCP_TCPF_SYN	0x002
#define XTCP_TCPF_RST	0x004
#define XTCP_TCPF_PSH	0x008
#define XTCP_TCPF_ACK	0x010
#define XTCP_TCPF_URG	0x020
#define XTCP_TCPF_ECE	0x040
#define XTCP_TCPF_CWR	0x080
#define XTCP_TCPF_AE	0x100	/* formerly NS (RFC 3540, historic) */
#define XTCP_TCPF_MASK	0x1ff

/**
 * struct xtcp_tcp_hdr - TCP header as on the wire, without options
 * @source: source port
 * @dest: destination port
 * @seq: sequence number
 * @ack_seq: acknowledgment number
 * @doff_flags: data offset (4 bits, in 32-bit words), 3 reserved bits and
 *	the 9 control bits
 * @window: receive window, before scaling
 * @check: checksum over the pseudo-header, header and payload
 * @urg_ptr: urgent pointer
 */
struct xtcp_tcp_hdr {
	__be16	source;
	__be16	dest;
	__be32	seq;
	__be32	ack_seq;
	__be16	doff_flags;
	__be16	window;
	__sum16	check;
	__be16	urg_ptr;
} __packed;

/* Option kinds (IANA "TCP Option Kind Numbers") */
#define XTCP_TCPOPT_EOL		0
#define XTCP_TCPOPT_NOP		1
#define XTCP_TCPOPT_MSS		2
#define XTCP_TCPOPT_WSCALE	3
#define XTCP_TCPOPT_SACK_PERM	4
#define XTCP_TCPOPT_SACK	5
#define XTCP_TCPOPT_TS		8

/* struct xtcp_tcp_opts.saw: which options a segment carries */
#define XTCP_TCPOPT_F_MSS	BIT(0)
#define XTCP_TCPOPT_F_WSCALE	BIT(1)
#define XTCP_TCPOPT_F_SACK_PERM	BIT(2)
#define XTCP_TCPOPT_F_TS	BIT(3)
#define XTCP_TCPOPT_F_SACK	BIT(4)

#define XTCP_TCP_MAX_SACKS	4
#define XTCP_TCP_MAX_WSCALE	14	/* RFC 7323 2.3 */

/**
 * struct xtcp_tcp_sack_block - one SACK block: [@start, @end) received
 * @start: first sequence number of the block, host byte order
 * @end: sequence number after its last byte, host byte order
 */
struct xtcp_tcp_sack_block {
	u32	start;
	u32	end;
};

/**
 * struct xtcp_tcp_opts - the options of one segment
 * @saw: XTCP_TCPOPT_F_* of the options present. Parse sets the bits it
 *	found; build writes the options whose bits are set.
 * @wscale: window scale shift as on the wire; parse does not clamp it
 *	(RFC 7323 2.3: the receiver uses 14 for larger values)
 * @mss: maximum segment size
 * @tsval: timestamp value
 * @tsecr: timestamp echo reply
 * @nr_sacks: number of blocks in @sacks, 1..XTCP_TCP_MAX_SACKS when
 *	XTCP_TCPOPT_F_SACK is set
 * @sacks: SACK blocks, in the order they appear on the wire
 *
 * The "received options" struct of the parser and the "out" struct of the
 * builder are the same type, so that a parsed segment rebuilds to itself.
 */
struct xtcp_tcp_opts {
	u8				saw;
	u8				wscale;
	u16				mss;
	u32				tsval;
	u32				tsecr;
	u8				nr_sacks;
	struct xtcp_tcp_sack_block	sacks[XTCP_TCP_MAX_SACKS];
};

/**
 * struct xtcp_tcp_repr - a parsed TCP segment
 * @sport: source port, host byte order
 * @dport: destination port, host byte order
 * @seq: sequence number, host byte order
 * @ack: acknowledgment number, host byte order (meaningful with ACK set)
 * @flags: XTCP_TCPF_* control bits
 * @window: window field as on the wire, not scaled
 * @urg_ptr: urgent pointer, host byte order
 * @csum: checksum field as on the wire; parse does not verify it (see
 *	xtcp_tcp_csum_ok()), build computes it
 * @hdr_len: header length with options, 20..60, a multiple of 4. Build
 *	ignores it: the header length follows from @opts (xtcp_tcp_hdr_len())
 * @opts: the options
 * @payload: the segment's data. After parse it points into the parsed
 *	buffer, just after the header. Build copies it after the header it
 *	writes (memmove(), so it may point into the destination buffer);
 *	NULL tells build the payload is already in place there.
 * @payload_len: its length in bytes
 */
struct xtcp_tcp_repr {
	u16			sport;
	u16			dport;
	u32			seq;
	u32			ack;
	u16			flags;
	u16			window;
	u16			urg_ptr;
	__sum16			csum;
	u8			hdr_len;
	struct xtcp_tcp_opts	opts;
	const u8		*payload;
	u32			payload_len;
};

/*
 * Option lengths on the wire. The builder lays options out as Linux's
 * tcp_options_write() does, each group padded with NOPs to 32 bits:
 *
 *	MSS			02 04 <mss>
 *	SACK_PERM and TS	04 02 08 0a <tsval> <tsecr>
 *	TS alone		01 01 08 0a <tsval> <tsecr>
 *	SACK_PERM alone		01 01 04 02
 *	WSCALE			01 03 03 <shift>
 *	SACK, n blocks		01 01 05 <2 + 8n> <start end>...
 */
#define XTCP_TCPOLEN_MSS	4
#define XTCP_TCPOLEN_WSCALE	3
#define XTCP_TCPOLEN_SACK_PERM	2
#define XTCP_TCPOLEN_TS		10
#define XTCP_TCPOLEN_SACK_BASE	2
#define XTCP_TCPOLEN_SACK_BLOCK	8

enum xtcp_drop_reason xtcp_tcp_parse(const void *buf, size_t len,
				     struct xtcp_tcp_repr *r);
bool xtcp_tcp_csum_ok(__be32 saddr, __be32 daddr, const void *buf,
		      size_t len);
unsigned int xtcp_tcp_opts_len(const struct xtcp_tcp_opts *o);
unsigned int xtcp_tcp_emit(const struct xtcp_tcp_repr *r, __sum16 check,
			   void *buf);
__sum16 xtcp_tcp_check(__be32 saddr, __be32 daddr, const void *hdr,
		       unsigned int hdr_len, size_t payload_len,
		       __wsum payload_sum);
int xtcp_tcp_build(const struct xtcp_tcp_repr *r, __be32 saddr, __be32 daddr,
		   void *buf, size_t len);

/* The header length, options included, that build and emit write. */
static inline unsigned int xtcp_tcp_hdr_len(const struct xtcp_tcp_opts *o)
{
	return XTCP_TCP_HLEN + xtcp_tcp_opts_len(o);
}

/*
 * Sequence space arithmetic (RFC 9293 3.4): modulo 2^32, valid while the
 * two numbers are less than 2^31 apart.
 */
static inline bool xtcp_seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

#define xtcp_seq_after(a, b)	xtcp_seq_before(b, a)

/* a <= b <= c, in sequence space */
static inline bool xtcp_seq_between(u32 a, u32 b, u32 c)
{
	return c - a >= b - a;
}

#endif /* _XTCP_WIRE_H */
