/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Why the wire parsers reject a packet, one EM(enum, "Name") line each and
 * E_() for the last one. Included with EM() and E_() defined: by wire.h for
 * enum xtcp_drop_reason, and by whatever needs tracepoint TRACE_DEFINE_ENUM()s,
 * __print_symbolic() tables, printed names or MIB counter names. E_() lets
 * a list that must not end in a comma (__print_symbolic()) end without one.
 *
 * To add a reason, turn the last E_() into EM() and append the new one as
 * E_(). XTCP_DROP_NONE must stay first: parsers return 0 for success.
 */
EM(XTCP_DROP_NONE,		"None")
EM(XTCP_DROP_TRUNCATED,		"Truncated")
EM(XTCP_DROP_BAD_VERSION,	"BadVersion")
EM(XTCP_DROP_BAD_IHL,		"BadIhl")
EM(XTCP_DROP_BAD_TOTLEN,	"BadTotLen")
EM(XTCP_DROP_BAD_CSUM,		"BadCsum")
EM(XTCP_DROP_BAD_LEN,		"BadLen")
EM(XTCP_DROP_ARP_BAD_HW,	"ArpBadHw")
EM(XTCP_DROP_ARP_BAD_PROTO,	"ArpBadProto")
EM(XTCP_DROP_ARP_BAD_OP,	"ArpBadOp")
EM(XTCP_DROP_ICMP_TRUNCATED,	"IcmpTruncated")
EM(XTCP_DROP_ICMP_BAD_QUOTE,	"IcmpBadQuote")
EM(XTCP_DROP_NOMEM,		"NoMem")
EM(XTCP_DROP_MARTIAN_SRC,	"MartianSrc")
EM(XTCP_DROP_NOT_FOR_US,	"NotForUs")
EM(XTCP_DROP_UNKNOWN_PROTO,	"UnknownProto")
EM(XTCP_DROP_ARP_BOGUS,		"ArpBogus")
EM(XTCP_DROP_NEIGH_FULL,	"NeighTableFull")
EM(XTCP_DROP_NEIGH_QUEUE_FULL,	"NeighQueueFull")
EM(XTCP_DROP_NEIGH_FAILED,	"NeighFailed")
EM(XTCP_DROP_NEIGH_FLUSHED,	"NeighFlushed")
EM(XTCP_DROP_ICMP_BROADCAST,	"IcmpBroadcast")
EM(XTCP_DROP_GSO_BAD,		"GsoBad")
EM(XTCP_DROP_TCP_BAD_DOFF,	"TcpBadDoff")
EM(XTCP_DROP_TCP_BAD_OPT,	"TcpBadOpt")
EM(XTCP_DROP_TCP_NO_SOCKET,	"TcpNoSocket")
EM(XTCP_DROP_TCP_LISTEN_DROP,	"TcpListenDrop")
E_(XTCP_DROP_TCP_OFO_PRUNE,	"TcpOfoPrune")
