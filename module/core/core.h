/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp's glue: the per-namespace state that embeds every layer's (netns.c),
 * the address family and module init (af_xtcp.c), generic netlink
 * (netlink.c), MIB and drop accounting (mib.c), /proc (proc.c), the calls
 * common to every socket (sock.c) and ephemeral ports (ports.c).
 */
#ifndef _XTCP_CORE_H
#define _XTCP_CORE_H

#include "xtcp.h"
#include "link/link.h"
#include "ip/ip.h"
#include "udp/udp.h"
#include "tcp/tcp.h"

/**
 * struct xtcp_ports - ephemeral port settings of one namespace
 * @range: first port << 16 | last port, one word so READ_ONCE() gives a
 *	consistent pair (net.ipv4.ip_local_port_range)
 * @reserved: 65536 bits, ports no search picks (ip_local_reserved_ports)
 * @lock: serialises writers
 */
struct xtcp_ports {
	u32			range;
	unsigned long		*reserved;
	struct mutex		lock;	/* writers */
};

/**
 * struct xtcp_sysctl - per-namespace tunables, as Linux's net.ipv4.tcp_*
 *	and net.core.somaxconn (sysctl.c); ints so that one table reads
 *	and writes them all. Readers use READ_ONCE().
 * @somaxconn: listen() backlog cap
 * @tcp_syncookies: 0 never, 1 when the SYN queue overflows, 2 always
 * @tcp_max_syn_backlog: SYN queue length per listener
 * @tcp_fin_timeout: orphaned FIN_WAIT_2 lifetime, jiffies
 * @tcp_keepalive_time: idle time before the first probe, jiffies
 * @tcp_keepalive_intvl: between probes, jiffies
 * @tcp_keepalive_probes: unanswered probes before the connection dies
 * @tcp_syn_retries: SYN retransmissions of an active open
 * @tcp_synack_retries: SYN-ACK retransmissions of a passive open
 * @tcp_retries2: retransmissions before an established connection dies
 * @tcp_tw_reuse: reuse of TIME_WAIT for new connections: 0, 1, 2 (loopback)
 * @tcp_timestamps: RFC 7323 timestamps (1 with a random offset)
 * @tcp_sack: RFC 2018 SACK
 * @tcp_window_scaling: RFC 7323 window scaling
 * @tcp_ecn: RFC 3168 ECN: 0 off, 1 request it, 2 accept it when asked
 * @tcp_frto: F-RTO (RFC 5682) after timeouts: 0 off, else on
 * @tcp_moderate_rcvbuf: receive buffers grow with what the reader takes
 *	per round trip (tcp_rcv_space_adjust())
 * @tcp_rmem: receive buffer min, default, max
 * @tcp_wmem: send buffer min, default, max
 */
struct xtcp_sysctl {
	int	somaxconn;
	int	tcp_syncookies;
	int	tcp_max_syn_backlog;
	int	tcp_fin_timeout;
	int	tcp_keepalive_time;
	int	tcp_keepalive_intvl;
	int	tcp_keepalive_probes;
	int	tcp_syn_retries;
	int	tcp_synack_retries;
	int	tcp_retries2;
	int	tcp_tw_reuse;
	int	tcp_timestamps;
	int	tcp_sack;
	int	tcp_window_scaling;
	int	tcp_ecn;
	int	tcp_frto;
	int	tcp_moderate_rcvbuf;
	int	tcp_rmem[3];
	int	tcp_wmem[3];
};

/**
 * struct xtcp_net - per network namespace state
 * @net: the namespace
 * @mib: per-cpu MIB and drop counters
 * @nr_socks: sockets of this family currently open in the namespace
 * @devs: attached devices, struct xtcp_dev (RCU; RTNL to change)
 * @rt_genid: route generation: bumped by every change that may move a
 *	route, invalidating the sockets' cached ones (struct xtcp_dst)
 * @routes: routes, longest prefix first (RCU; RTNL to change)
 * @neigh: the ARP cache
 * @neigh_timer: runs the ARP cache's timers
 * @local_q: packets for our own addresses, waiting for @local_work
 * @local_work: receives @local_q as if from a device
 * @idents: IPv4 identification generator
 * @pmtu: learned path MTUs
 * @icmp_limit: rate limit of ICMP errors
 * @frag: IPv4 reassembly
 * @udp: bound UDP sockets
 * @tcp: TCP: connection tables, keys, limits
 * @ports: ephemeral port range and reserved ports
 * @sysctl: tunables
 */
struct xtcp_net {
	struct net		*net;
	DEFINE_SNMP_STAT(struct xtcp_mib, mib);
	atomic_t		nr_socks;
	struct list_head	devs;
	struct list_head	routes;
	atomic_t		rt_genid;
	struct xtcp_neigh_table	neigh;
	struct timer_list	neigh_timer;
	struct sk_buff_head	local_q;
	struct work_struct	local_work;
	struct xtcp_ip_idents	idents;
	struct xtcp_pmtu_cache	pmtu;
	struct xtcp_icmp_limit	icmp_limit;
	struct xtcp_frag_ctx	frag;
	struct xtcp_udp_table	udp;
	struct xtcp_tcp_net	tcp;
	struct xtcp_ports	ports;
	struct xtcp_sysctl	sysctl;
};

/* af_xtcp.c */
extern int xtcp_family;
#if IS_ENABLED(CONFIG_KUNIT)
int xtcp_create_check(int type, int protocol, int *protop);
#endif

/*
 * The family a socket address may carry: AF_XTCP (the number registered)
 * or AF_INET, so that a program written for AF_INET works once its
 * socket() call is remapped. Addresses returned to the user carry AF_XTCP.
 */
static inline bool xtcp_sa_family_ok(sa_family_t family)
{
	return family == xtcp_family || family == AF_INET;
}

/* netns.c */
extern unsigned int xtcp_net_id;

static inline struct xtcp_net *xtcp_pernet(const struct net *net)
{
	return net_generic(net, xtcp_net_id);
}

/**
 * xtcp_rt_genid_bump() - routes may have moved: stale every cached route
 * @net: namespace
 *
 * Called after the change is visible, so a socket that reads the new
 * generation (xtcp_dst_check()) finds the change in its lookup.
 */
static inline void xtcp_rt_genid_bump(struct net *net)
{
	/* The change before the generation: pairs with the acquire there. */
	smp_mb__before_atomic();
	atomic_inc(&xtcp_pernet(net)->rt_genid);
}

#define XTCP_INC_STATS(net, field) \
	SNMP_INC_STATS(xtcp_pernet(net)->mib, field)
#define XTCP_ADD_STATS(net, field, val) \
	SNMP_ADD_STATS(xtcp_pernet(net)->mib, field, val)

/* The xtcp_netns tracepoint's events. */
enum xtcp_netns_event {
	XTCP_NETNS_INIT,
	XTCP_NETNS_INIT_DONE,
	XTCP_NETNS_EXIT,
};

int xtcp_net_register(void);
void xtcp_net_unregister(void);

/* mib.c: MIB and drop counters */
u64 xtcp_mib_read(const struct net *net, enum xtcp_mib_field field);
u64 xtcp_drop_read(const struct net *net, enum xtcp_drop_reason reason);
const char *xtcp_layer_name(int layer);
void xtcp_drop_count(struct xtcp_net *xn, enum xtcp_layer layer,
		     enum xtcp_drop_reason reason, const struct sk_buff *skb);
const char *xtcp_mib_name(enum xtcp_mib_field field);

/* sysctl.c */
void xtcp_sysctl_init(struct xtcp_sysctl *s);
unsigned int xtcp_sysctl_count(void);
const char *xtcp_sysctl_name(unsigned int i);
int xtcp_sysctl_format(struct xtcp_sysctl *s, unsigned int i, char *buf,
		       size_t len);
int xtcp_sysctl_set(struct xtcp_sysctl *s, const char *name, const char *text,
		    struct netlink_ext_ack *extack);
#if IS_ENABLED(CONFIG_KUNIT)
int xtcp_sysctl_layout(unsigned int i, size_t *off, unsigned int *n);
#endif

/* proc.c */
int xtcp_proc_net_init(struct net *net);
void xtcp_proc_net_exit(struct net *net);

/* sock.c: calls common to every socket type */
int xtcp_sock_release(struct socket *sock);
void xtcp_sock_destruct(struct sock *sk);

/*
 * tcp/tcp.c and udp/udp.c define each transport's struct proto and
 * proto_ops. proto_ops.family is informational: the kernel only ever
 * compares it with PF_UNIX, so the const tables carry the default number
 * while sk->sk_family carries the one registered (module parameter).
 */

/*
 * ports.c: ephemeral ports, for every transport's table. The table has
 * BIT(slot_bits) slots and port p lives in slot p & (BIT(slot_bits) - 1).
 */
#define XTCP_PORT_LOW_DEFAULT	32768
#define XTCP_PORT_HIGH_DEFAULT	60999
#define XTCP_PORT_SLOT_BITS_MIN	8

/**
 * struct xtcp_port_search - what xtcp_port_search() needs from a table
 * @low: first port of the range
 * @high: last port of the range
 * @slot_bits: log2 of the table's slot count, XTCP_PORT_SLOT_BITS_MIN..15
 * @reserved: true for a port never to pick; NULL if none is
 * @slot_lock: lock @slot and set bit p >> @slot_bits in @used for every
 *	port p in use in the slot
 * @slot_unlock: unlock @slot
 * @arg: passed to the callbacks
 */
struct xtcp_port_search {
	u16		low;
	u16		high;
	unsigned int	slot_bits;
	bool		(*reserved)(void *arg, u16 port);
	void		(*slot_lock)(void *arg, unsigned int slot,
				     unsigned long *used);
	void		(*slot_unlock)(void *arg, unsigned int slot);
	void		*arg;
};

u16 xtcp_port_search(const struct xtcp_port_search *s, u32 rnd);
int xtcp_ports_range_check(u32 low, u32 high, int prot_sock,
			   struct netlink_ext_ack *extack);
void xtcp_ports_range(const struct net *net, u16 *low, u16 *high);
bool xtcp_port_reserved(const struct net *net, u16 port);
int xtcp_ports_set(struct net *net, u32 low, u32 high,
		   const unsigned long *reserved,
		   struct netlink_ext_ack *extack);
bool xtcp_ports_reserved_next(const struct net *net, u32 from, u16 *low,
			      u16 *high);
unsigned long *xtcp_ports_bitmap_alloc(void);
int xtcp_ports_net_init(struct xtcp_ports *p);
void xtcp_ports_net_exit(struct xtcp_ports *p);

/* netlink.c */
int xtcp_genl_register(void);
void xtcp_genl_unregister(void);
struct netlink_callback;
void *xtcp_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb);

/* tcp/diag.c: the TCP sockets (XTCP_CMD_SOCK_GET) */
int xtcp_tcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _XTCP_CORE_H */
