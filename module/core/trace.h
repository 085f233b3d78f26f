/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp tracepoints: rx entry and tx of each layer, TCP's state changes and
 * retransmissions with their reason, and every drop with its layer and
 * reason. Enable them all with
 *   echo 1 > /sys/kernel/tracing/events/xtcp/enable
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xtcp

#if !defined(_XTCP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XTCP_TRACE_H

#include <linux/tracepoint.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "wire/wire.h"
#include "core.h"

DECLARE_EVENT_CLASS(xtcp_ip_class,
	TP_PROTO(const struct net_device *dev, __be32 saddr, __be32 daddr,
		 u8 proto, u16 len, u16 id),
	TP_ARGS(dev, saddr, daddr, proto, len, id),
	TP_STRUCT__entry(
		__field(int, ifindex)
		__array(u8, saddr, 4)
		__array(u8, daddr, 4)
		__field(u8, proto)
		__field(u16, len)
		__field(u16, id)
	),
	TP_fast_assign(
		__entry->ifindex = dev ? dev->ifindex : 0;
		memcpy(__entry->saddr, &saddr, 4);
		memcpy(__entry->daddr, &daddr, 4);
		__entry->proto = proto;
		__entry->len = len;
		__entry->id = id;
	),
	TP_printk("if=%d %pI4 > %pI4 proto=%u len=%u id=%u",
		  __entry->ifindex, __entry->saddr, __entry->daddr,
		  __entry->proto, __entry->len, __entry->id)
);

DEFINE_EVENT(xtcp_ip_class, xtcp_ip_rx,
	TP_PROTO(const struct net_device *dev, __be32 saddr, __be32 daddr,
		 u8 proto, u16 len, u16 id),
	TP_ARGS(dev, saddr, daddr, proto, len, id));

DEFINE_EVENT(xtcp_ip_class, xtcp_ip_tx,
	TP_PROTO(const struct net_device *dev, __be32 saddr, __be32 daddr,
		 u8 proto, u16 len, u16 id),
	TP_ARGS(dev, saddr, daddr, proto, len, id));

DECLARE_EVENT_CLASS(xtcp_arp_class,
	TP_PROTO(const struct net_device *dev, u16 op, __be32 spa, __be32 tpa),
	TP_ARGS(dev, op, spa, tpa),
	TP_STRUCT__entry(
		__field(int, ifindex)
		__field(u16, op)
		__array(u8, spa, 4)
		__array(u8, tpa, 4)
	),
	TP_fast_assign(
		__entry->ifindex = dev->ifindex;
		__entry->op = op;
		memcpy(__entry->spa, &spa, 4);
		memcpy(__entry->tpa, &tpa, 4);
	),
	TP_printk("if=%d %s %pI4 -> %pI4", __entry->ifindex,
		  __entry->op == 1 ? "request" : "reply",
		  __entry->spa, __entry->tpa)
);

DEFINE_EVENT(xtcp_arp_class, xtcp_arp_rx,
	TP_PROTO(const struct net_device *dev, u16 op, __be32 spa, __be32 tpa),
	TP_ARGS(dev, op, spa, tpa));

DEFINE_EVENT(xtcp_arp_class, xtcp_arp_tx,
	TP_PROTO(const struct net_device *dev, u16 op, __be32 spa, __be32 tpa),
	TP_ARGS(dev, op, spa, tpa));

DECLARE_EVENT_CLASS(xtcp_icmp_class,
	TP_PROTO(__be32 saddr, __be32 daddr, u8 type, u8 code, u16 id, u16 seq),
	TP_ARGS(saddr, daddr, type, code, id, seq),
	TP_STRUCT__entry(
		__array(u8, saddr, 4)
		__array(u8, daddr, 4)
		__field(u8, type)
		__field(u8, code)
		__field(u16, id)
		__field(u16, seq)
	),
	TP_fast_assign(
		memcpy(__entry->saddr, &saddr, 4);
		memcpy(__entry->daddr, &daddr, 4);
		__entry->type = type;
		__entry->code = code;
		__entry->id = id;
		__entry->seq = seq;
	),
	TP_printk("%pI4 > %pI4 type=%u code=%u id=%u seq=%u",
		  __entry->saddr, __entry->daddr, __entry->type,
		  __entry->code, __entry->id, __entry->seq)
);

DEFINE_EVENT(xtcp_icmp_class, xtcp_icmp_rx,
	TP_PROTO(__be32 saddr, __be32 daddr, u8 type, u8 code, u16 id, u16 seq),
	TP_ARGS(saddr, daddr, type, code, id, seq));

DEFINE_EVENT(xtcp_icmp_class, xtcp_icmp_tx,
	TP_PROTO(__be32 saddr, __be32 daddr, u8 type, u8 code, u16 id, u16 seq),
	TP_ARGS(saddr, daddr, type, code, id, seq));

DECLARE_EVENT_CLASS(xtcp_udp_class,
	TP_PROTO(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport,
		 u16 len),
	TP_ARGS(saddr, sport, daddr, dport, len),
	TP_STRUCT__entry(
		__array(u8, saddr, 4)
		__array(u8, daddr, 4)
		__field(u16, sport)
		__field(u16, dport)
		__field(u16, len)
	),
	TP_fast_assign(
		memcpy(__entry->saddr, &saddr, 4);
		memcpy(__entry->daddr, &daddr, 4);
		__entry->sport = ntohs(sport);
		__entry->dport = ntohs(dport);
		__entry->len = len;
	),
	TP_printk("%pI4:%u > %pI4:%u len=%u", __entry->saddr, __entry->sport,
		  __entry->daddr, __entry->dport, __entry->len)
);

DEFINE_EVENT(xtcp_udp_class, xtcp_udp_rx,
	TP_PROTO(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport,
		 u16 len),
	TP_ARGS(saddr, sport, daddr, dport, len));

DEFINE_EVENT(xtcp_udp_class, xtcp_udp_tx,
	TP_PROTO(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport,
		 u16 len),
	TP_ARGS(saddr, sport, daddr, dport, len));

TRACE_EVENT(xtcp_dev_xmit,
	TP_PROTO(const struct sk_buff *skb, const struct net_device *dev),
	TP_ARGS(skb, dev),
	TP_STRUCT__entry(
		__field(int, ifindex)
		__field(unsigned int, len)
		__field(u16, protocol)
	),
	TP_fast_assign(
		__entry->ifindex = dev->ifindex;
		__entry->len = skb->len;
		__entry->protocol = ntohs(skb->protocol);
	),
	TP_printk("if=%d len=%u proto=0x%04x", __entry->ifindex, __entry->len,
		  __entry->protocol)
);

/*
 * TCP segments as they arrive (checksum good, before the lookup) and as
 * they leave, from full sockets and the control path alike; the flags
 * print as tcpdump prints them ("S.", "P.", "F.", "R").
 */
#define xtcp_show_tcp_flags(f)						\
	__print_flags(f, "",						\
		      { XTCP_TCPF_FIN, "F" }, { XTCP_TCPF_SYN, "S" },	\
		      { XTCP_TCPF_RST, "R" }, { XTCP_TCPF_PSH, "P" },	\
		      { XTCP_TCPF_ACK, "." }, { XTCP_TCPF_URG, "U" },	\
		      { XTCP_TCPF_ECE, "E" }, { XTCP_TCPF_CWR, "W" })

DECLARE_EVENT_CLASS(xtcp_tcp_seg_class,
	TP_PROTO(__be32 saddr, __be32 daddr, const struct xtcp_tcp_repr *r,
		 u32 len),
	TP_ARGS(saddr, daddr, r, len),
	TP_STRUCT__entry(
		__array(u8, saddr, 4)
		__array(u8, daddr, 4)
		__field(u16, sport)
		__field(u16, dport)
		__field(u32, seq)
		__field(u32, ack)
		__field(u16, flags)
		__field(u16, window)
		__field(u32, len)
	),
	TP_fast_assign(
		memcpy(__entry->saddr, &saddr, 4);
		memcpy(__entry->daddr, &daddr, 4);
		__entry->sport = r->sport;
		__entry->dport = r->dport;
		__entry->seq = r->seq;
		__entry->ack = r->ack;
		__entry->flags = r->flags;
		__entry->window = r->window;
		__entry->len = len;
	),
	TP_printk("%pI4:%u > %pI4:%u [%s] seq=%u ack=%u win=%u len=%u",
		  __entry->saddr, __entry->sport, __entry->daddr,
		  __entry->dport, xtcp_show_tcp_flags(__entry->flags),
		  __entry->seq, __entry->ack, __entry->window, __entry->len)
);

DEFINE_EVENT(xtcp_tcp_seg_class, xtcp_tcp_rx,
	TP_PROTO(__be32 saddr, __be32 daddr, const struct xtcp_tcp_repr *r,
		 u32 len),
	TP_ARGS(saddr, daddr, r, len));

DEFINE_EVENT(xtcp_tcp_seg_class, xtcp_tcp_tx,
	TP_PROTO(__be32 saddr, __be32 daddr, const struct xtcp_tcp_repr *r,
		 u32 len),
	TP_ARGS(saddr, daddr, r, len));

/* A segment sent again, and why (enum xtcp_tcp_rtx_reason). */
TRACE_EVENT(xtcp_tcp_retransmit,
	TP_PROTO(const struct sock *sk, u32 seq, u32 end_seq, int reason),
	TP_ARGS(sk, seq, end_seq, reason),
	TP_STRUCT__entry(
		__array(u8, saddr, 4)
		__array(u8, daddr, 4)
		__field(u16, sport)
		__field(u16, dport)
		__field(u32, seq)
		__field(u32, end_seq)
		__field(int, reason)
	),
	TP_fast_assign(
		memcpy(__entry->saddr, &sk->sk_rcv_saddr, 4);
		memcpy(__entry->daddr, &sk->sk_daddr, 4);
		__entry->sport = sk->sk_num;
		__entry->dport = ntohs(sk->sk_dport);
		__entry->seq = seq;
		__entry->end_seq = end_seq;
		__entry->reason = reason;
	),
	TP_printk("%pI4:%u > %pI4:%u seq=%u end_seq=%u reason=%s",
		  __entry->saddr, __entry->sport, __entry->daddr,
		  __entry->dport, __entry->seq, __entry->end_seq,
		  __print_symbolic(__entry->reason,
				   { XTCP_TCP_RTX_RTO, "rto" },
				   { XTCP_TCP_RTX_FAST, "fast" },
				   { XTCP_TCP_RTX_SACK, "sack" },
				   { XTCP_TCP_RTX_RACK, "rack" },
				   { XTCP_TCP_RTX_TLP, "tlp" },
				   { XTCP_TCP_RTX_MTU, "mtu" }))
);

/*
 * Congestion state after each ACK, as Linux's tcp_probe: what
 * scripts/cc-plot.py draws. @ca_state is enum xtcp_ca_state.
 */
TRACE_EVENT(xtcp_tcp_probe,
	TP_PROTO(const struct sock *sk, u32 snd_una, u32 snd_nxt, u32 cwnd,
		 u32 ssthresh, u32 srtt_us, u32 rttvar_us, u32 rto_us,
		 u32 in_flight, u8 ca_state, u32 sacked, u32 lost),
	TP_ARGS(sk, snd_una, snd_nxt, cwnd, ssthresh, srtt_us, rttvar_us,
		rto_us, in_flight, ca_state, sacked, lost),
	TP_STRUCT__entry(
		__array(u8, saddr, 4)
		__array(u8, daddr, 4)
		__field(u16, sport)
		__field(u16, dport)
		__field(u32, snd_una)
		__field(u32, snd_nxt)
		__field(u32, cwnd)
		__field(u32, ssthresh)
		__field(u32, srtt_us)
		__field(u32, rttvar_us)
		__field(u32, rto_us)
		__field(u32, in_flight)
		__field(u8, ca_state)
		__field(u32, sacked)
		__field(u32, lost)
	),
	TP_fast_assign(
		memcpy(__entry->saddr, &sk->sk_rcv_saddr, 4);
		memcpy(__entry->daddr, &sk->sk_daddr, 4);
		__entry->sport = sk->sk_num;
		__entry->dport = ntohs(sk->sk_dport);
		__entry->snd_una = snd_una;
		__entry->snd_nxt = snd_nxt;
		__entry->cwnd = cwnd;
		__entry->ssthresh = ssthresh;
		__entry->srtt_us = srtt_us;
		__entry->rttvar_us = rttvar_us;
		__entry->rto_us = rto_us;
		__entry->in_flight = in_flight;
		__entry->ca_state = ca_state;
		__entry->sacked = sacked;
		__entry->lost = lost;
	),
	TP_printk("%pI4:%u > %pI4:%u snd_una=%u snd_nxt=%u cwnd=%u ssthresh=%u srtt=%u rttvar=%u rto=%u in_flight=%u ca=%s sacked=%u lost=%u",
		  __entry->saddr, __entry->sport, __entry->daddr,
		  __entry->dport, __entry->snd_una, __entry->snd_nxt,
		  __entry->cwnd, __entry->ssthresh, __entry->srtt_us,
		  __entry->rttvar_us, __entry->rto_us, __entry->in_flight,
		  __print_symbolic(__entry->ca_state,
				   { XTCP_CA_OPEN, "open" },
				   { XTCP_CA_DISORDER, "disorder" },
				   { XTCP_CA_CWR, "cwr" },
				   { XTCP_CA_RECOVERY, "recovery" },
				   { XTCP_CA_LOSS, "loss" }),
		  __entry->sacked, __entry->lost)
);

/*
 * A namespace's xtcp state comes and goes: "init" as xtcp_net_init()
 * starts, "init_done" with its result, "exit" as xtcp_net_exit() starts.
 * xtcp's init runs late in a namespace's creation, after the core's and
 * most built-in subsystems'; fault_test finds where by this event.
 */
TRACE_EVENT(xtcp_netns,
	TP_PROTO(const struct net *net, int what, int err),
	TP_ARGS(net, what, err),
	TP_STRUCT__entry(
		__field(unsigned int, inum)
		__field(int, what)
		__field(int, err)
	),
	TP_fast_assign(
		__entry->inum = net->ns.inum;
		__entry->what = what;
		__entry->err = err;
	),
	TP_printk("net=%u %s err=%d", __entry->inum,
		  __print_symbolic(__entry->what,
				   { XTCP_NETNS_INIT, "init" },
				   { XTCP_NETNS_INIT_DONE, "init_done" },
				   { XTCP_NETNS_EXIT, "exit" }),
		  __entry->err)
);

/*
 * Drops carry their layer and reason as strings, so trace-cmd and perf read
 * them without knowing xtcp's enums.
 */
TRACE_EVENT(xtcp_tcp_state,
	TP_PROTO(const struct sock *sk, int old, int new),
	TP_ARGS(sk, old, new),
	TP_STRUCT__entry(
		__array(u8, saddr, 4)
		__array(u8, daddr, 4)
		__field(u16, sport)
		__field(u16, dport)
		__field(u8, old)
		__field(u8, new)
	),
	TP_fast_assign(
		memcpy(__entry->saddr, &sk->sk_rcv_saddr, 4);
		memcpy(__entry->daddr, &sk->sk_daddr, 4);
		__entry->sport = sk->sk_num;
		__entry->dport = ntohs(sk->sk_dport);
		__entry->old = old;
		__entry->new = new;
	),
	TP_printk("%pI4:%u > %pI4:%u %s -> %s",
		  __entry->saddr, __entry->sport, __entry->daddr,
		  __entry->dport, xtcp_tcp_state_name(__entry->old),
		  xtcp_tcp_state_name(__entry->new))
);

TRACE_EVENT(xtcp_drop,
	TP_PROTO(const struct sk_buff *skb, int layer, int reason),
	TP_ARGS(skb, layer, reason),
	TP_STRUCT__entry(
		__field(int, ifindex)
		__field(unsigned int, len)
		__field(int, reason)
		__string(layer, xtcp_layer_name(layer))
		__string(why, xtcp_drop_reason_name(reason))
	),
	TP_fast_assign(
		__entry->ifindex = skb && skb->dev ? skb->dev->ifindex : 0;
		__entry->len = skb ? skb->len : 0;
		__entry->reason = reason;
		__assign_str(layer, xtcp_layer_name(layer));
		__assign_str(why, xtcp_drop_reason_name(reason));
	),
	TP_printk("if=%d len=%u layer=%s reason=%s", __entry->ifindex,
		  __entry->len, __get_str(layer), __get_str(why))
);

#endif /* _XTCP_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH core
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
