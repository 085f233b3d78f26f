// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp generic netlink family: configuration of links, addresses, routes,
 * the ARP cache, ephemeral ports and tunables, the MIB counters, and the
 * TCP sockets (tcp/diag.c), one instance per namespace.
 * Described by Documentation/netlink/specs/xtcp.yaml.
 *
 * Commands that change state need CAP_NET_ADMIN in the user namespace
 * owning the network namespace (GENL_UNS_ADMIN_PERM, as rtnetlink) and run
 * under the RTNL. Dumps walk the tables with the xtcp_*_get_nth()
 * snapshots, also under the RTNL, resuming at cb->args[0].
 */
#include <linux/bitmap.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "core.h"

static const struct nla_policy
xtcp_port_span_policy[XTCP_A_PORT_SPAN_MAX + 1] = {
	[XTCP_A_PORT_SPAN_LOW]	= { .type = NLA_U16 },
	[XTCP_A_PORT_SPAN_HIGH]	= { .type = NLA_U16 },
};

static const struct nla_policy
xtcp_port_list_policy[XTCP_A_PORT_LIST_MAX + 1] = {
	[XTCP_A_PORT_LIST_SPAN]	= NLA_POLICY_NESTED(xtcp_port_span_policy),
};

static const struct nla_policy xtcp_genl_policy[XTCP_A_MAX + 1] = {
	[XTCP_A_IFINDEX]	= { .type = NLA_U32 },
	[XTCP_A_ADDR]		= { .type = NLA_BE32 },
	[XTCP_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 32),
	[XTCP_A_GATEWAY]	= { .type = NLA_BE32 },
	[XTCP_A_PORT_RANGE]	= NLA_POLICY_NESTED(xtcp_port_span_policy),
	[XTCP_A_PORTS_RESERVED]	= NLA_POLICY_NESTED(xtcp_port_list_policy),
	[XTCP_A_SYSCTL_NAME]	= { .type = NLA_NUL_STRING, .len = 64 },
	[XTCP_A_SYSCTL_VALUE]	= { .type = NLA_NUL_STRING, .len = 64 },
	/* The rest only appear in replies: a request carrying them fails. */
	[XTCP_A_PAD]		= { .type = NLA_REJECT },
	[XTCP_A_IFNAME]		= { .type = NLA_REJECT },
	[XTCP_A_ROUTE_TYPE]	= { .type = NLA_REJECT },
	[XTCP_A_LLADDR]		= { .type = NLA_REJECT },
	[XTCP_A_NEIGH_STATE]	= { .type = NLA_REJECT },
	[XTCP_A_NEIGH_AGE_MS]	= { .type = NLA_REJECT },
	[XTCP_A_NEIGH_QUEUED]	= { .type = NLA_REJECT },
	[XTCP_A_MTU]		= { .type = NLA_REJECT },
	[XTCP_A_LINK_FLAGS]	= { .type = NLA_REJECT },
	[XTCP_A_STAT_NAME]	= { .type = NLA_REJECT },
	[XTCP_A_STAT_VALUE]	= { .type = NLA_REJECT },
};

static struct genl_family xtcp_genl_family;

/*
 * Request helpers. Each reports a missing attribute both as the extack's
 * missing-attribute type and as a message.
 */
#define XTCP_REQ_ATTR_MISSING(info, attr, msg) ({			\
	struct genl_info *__ri = (info);				\
	bool __missing = GENL_REQ_ATTR_CHECK(__ri, attr);		\
									\
	if (__missing)							\
		GENL_SET_ERR_MSG(__ri, msg);				\
	__missing;							\
})

/* The device named by XTCP_A_IFINDEX, which must be present. RTNL held. */
static int xtcp_nl_dev(struct genl_info *info, struct net_device **devp)
{
	struct net_device *dev;

	if (XTCP_REQ_ATTR_MISSING(info, XTCP_A_IFINDEX,
				  "missing device (XTCP_A_IFINDEX)"))
		return -EINVAL;

	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(info->attrs[XTCP_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XTCP_A_IFINDEX],
				    "no such device in this namespace");
		return -ENODEV;
	}
	*devp = dev;
	return 0;
}

/* XTCP_A_ADDR and XTCP_A_PREFIXLEN, both required. */
static int xtcp_nl_prefix(struct genl_info *info, __be32 *addr, u8 *plen)
{
	if (XTCP_REQ_ATTR_MISSING(info, XTCP_A_ADDR,
				  "missing address (XTCP_A_ADDR)") ||
	    XTCP_REQ_ATTR_MISSING(info, XTCP_A_PREFIXLEN,
				  "missing prefix length (XTCP_A_PREFIXLEN)"))
		return -EINVAL;

	*addr = nla_get_in_addr(info->attrs[XTCP_A_ADDR]);
	*plen = nla_get_u8(info->attrs[XTCP_A_PREFIXLEN]);
	return 0;
}

static int xtcp_nl_link_add(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	int err;

	rtnl_lock();
	err = xtcp_nl_dev(info, &dev);
	if (!err)
		err = xtcp_dev_attach(genl_info_net(info), dev, info->extack);
	rtnl_unlock();
	return err;
}

static int xtcp_nl_link_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	int err;

	rtnl_lock();
	err = xtcp_nl_dev(info, &dev);
	if (!err)
		err = xtcp_dev_detach(genl_info_net(info), dev, info->extack);
	rtnl_unlock();
	return err;
}

typedef int (*xtcp_addr_op_t)(struct net *net, struct net_device *dev,
			      __be32 addr, u8 plen,
			      struct netlink_ext_ack *extack);

/* ADDR_ADD and ADDR_DEL take the same attributes; @op does the work. */
static int xtcp_nl_addr_do(struct genl_info *info, xtcp_addr_op_t op)
{
	struct net_device *dev;
	__be32 addr;
	u8 plen;
	int err;

	err = xtcp_nl_prefix(info, &addr, &plen);
	if (err)
		return err;

	rtnl_lock();
	err = xtcp_nl_dev(info, &dev);
	if (!err)
		err = op(genl_info_net(info), dev, addr, plen, info->extack);
	rtnl_unlock();
	return err;
}

static int xtcp_nl_addr_add(struct sk_buff *skb, struct genl_info *info)
{
	return xtcp_nl_addr_do(info, xtcp_addr_add);
}

static int xtcp_nl_addr_del(struct sk_buff *skb, struct genl_info *info)
{
	return xtcp_nl_addr_do(info, xtcp_addr_del);
}

static int xtcp_nl_route_add(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev = NULL;
	__be32 dst, gw = 0;
	u8 plen;
	int err;

	err = xtcp_nl_prefix(info, &dst, &plen);
	if (err)
		return err;
	if (info->attrs[XTCP_A_GATEWAY])
		gw = nla_get_in_addr(info->attrs[XTCP_A_GATEWAY]);
	if (!gw && !info->attrs[XTCP_A_IFINDEX]) {
		GENL_SET_ERR_MSG(info, "a route needs a gateway or a device");
		return -EINVAL;
	}

	rtnl_lock();
	if (info->attrs[XTCP_A_IFINDEX])
		err = xtcp_nl_dev(info, &dev);
	if (!err)
		err = xtcp_route_add(genl_info_net(info), dst, plen, gw, dev,
				     info->extack);
	rtnl_unlock();
	return err;
}

static int xtcp_nl_route_del(struct sk_buff *skb, struct genl_info *info)
{
	__be32 dst;
	u8 plen;
	int err;

	err = xtcp_nl_prefix(info, &dst, &plen);
	if (err)
		return err;

	rtnl_lock();
	err = xtcp_route_del(genl_info_net(info), dst, plen, info->extack);
	rtnl_unlock();
	return err;
}

static int xtcp_nl_neigh_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev = NULL;
	int err = 0;

	rtnl_lock();
	if (info->attrs[XTCP_A_IFINDEX])
		err = xtcp_nl_dev(info, &dev);
	if (!err)
		xtcp_neigh_flush(genl_info_net(info), dev);
	rtnl_unlock();
	return err;
}

/* A span's two ports, both required. */
static int xtcp_nl_port_span(const struct nlattr *nla, u32 *low, u32 *high,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[XTCP_A_PORT_SPAN_MAX + 1];
	int err;

	err = nla_parse_nested(tb, XTCP_A_PORT_SPAN_MAX, nla,
			       xtcp_port_span_policy, extack);
	if (err)
		return err;
	if (!tb[XTCP_A_PORT_SPAN_LOW] || !tb[XTCP_A_PORT_SPAN_HIGH]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "a port span needs its low and high ports");
		return -EINVAL;
	}
	*low = nla_get_u16(tb[XTCP_A_PORT_SPAN_LOW]);
	*high = nla_get_u16(tb[XTCP_A_PORT_SPAN_HIGH]);
	return 0;
}

/* XTCP_A_PORTS_RESERVED into @map; an empty list reserves nothing. */
static int xtcp_nl_port_list(const struct nlattr *list, unsigned long *map,
			     struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	u32 low, high;
	int rem, err;

	nla_for_each_nested(nla, list, rem) {
		if (nla_type(nla) != XTCP_A_PORT_LIST_SPAN)
			continue;
		err = xtcp_nl_port_span(nla, &low, &high, extack);
		if (err)
			return err;
		if (high < low) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "a reserved span's high port is below its low port");
			return -EINVAL;
		}
		bitmap_set(map, low, high - low + 1);
	}
	return 0;
}

/*
 * The namespace's ephemeral ports: a new range, a new set of reserved
 * ports, or both. Everything is checked before anything changes.
 */
static int xtcp_nl_ports_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *range = info->attrs[XTCP_A_PORT_RANGE];
	struct nlattr *list = info->attrs[XTCP_A_PORTS_RESERVED];
	unsigned long *map = NULL;
	u32 low = 0, high = 0;
	int err;

	if (!range && !list) {
		GENL_SET_ERR_MSG(info, "nothing to set: no port range and no reserved ports");
		return -EINVAL;
	}
	if (range) {
		err = xtcp_nl_port_span(range, &low, &high, info->extack);
		if (err)
			return err;
		if (!low) {
			NL_SET_ERR_MSG_ATTR(info->extack, range,
					    "ports must be within 1..65535");
			return -EINVAL;
		}
	}
	if (list) {
		map = xtcp_ports_bitmap_alloc();
		if (!map)
			return -ENOMEM;
		err = xtcp_nl_port_list(list, map, info->extack);
		if (err)
			goto out;
	}
	err = xtcp_ports_set(genl_info_net(info), low, high, map,
			     info->extack);
out:
	bitmap_free(map);
	return err;
}

/* One tunable, by name, from its text (as a write to /proc/sys). */
static int xtcp_nl_sysctl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct xtcp_net *xn = xtcp_pernet(genl_info_net(info));
	const char *name, *text;

	if (XTCP_REQ_ATTR_MISSING(info, XTCP_A_SYSCTL_NAME,
				  "missing tunable name (XTCP_A_SYSCTL_NAME)") ||
	    XTCP_REQ_ATTR_MISSING(info, XTCP_A_SYSCTL_VALUE,
				  "missing value (XTCP_A_SYSCTL_VALUE)"))
		return -EINVAL;
	name = nla_data(info->attrs[XTCP_A_SYSCTL_NAME]);
	text = nla_data(info->attrs[XTCP_A_SYSCTL_VALUE]);
	if (!strcmp(name, XTCP_SYSCTL_CC)) {
		char buf[XTCP_CA_NAME_MAX + 1];

		if (strscpy(buf, text, sizeof(buf)) < 0) {
			NL_SET_ERR_MSG(info->extack, "no such congestion control");
			return -ENOENT;
		}
		return xtcp_cong_set_default(genl_info_net(info), strim(buf),
					     info->extack);
	}
	if (!strcmp(name, XTCP_SYSCTL_CC_AVAIL)) {
		NL_SET_ERR_MSG(info->extack, "read-only tunable");
		return -EPERM;
	}
	return xtcp_sysctl_set(&xn->sysctl, name, text, info->extack);
}

/*
 * Dumps. Each fill function writes one object's message; the walk stops at
 * the end of the table (-ENOENT) or when the skb is full, and resumes from
 * cb->args[0] on the next call.
 */
void *xtcp_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, &xtcp_genl_family, NLM_F_MULTI,
			   genl_dumpit_info(cb)->op.cmd);
}

static int xtcp_nl_fill_link(struct sk_buff *skb, const void *obj)
{
	const struct xtcp_link_info *li = obj;

	if (nla_put_u32(skb, XTCP_A_IFINDEX, li->ifindex) ||
	    nla_put_string(skb, XTCP_A_IFNAME, li->ifname) ||
	    nla_put_u32(skb, XTCP_A_MTU, li->mtu) ||
	    nla_put_u32(skb, XTCP_A_LINK_FLAGS, li->flags) ||
	    nla_put(skb, XTCP_A_LLADDR, ETH_ALEN, li->lladdr))
		return -EMSGSIZE;
	return 0;
}

static int xtcp_nl_fill_addr(struct sk_buff *skb, const void *obj)
{
	const struct xtcp_addr_info *ai = obj;

	if (nla_put_u32(skb, XTCP_A_IFINDEX, ai->ifindex) ||
	    nla_put_in_addr(skb, XTCP_A_ADDR, ai->addr) ||
	    nla_put_u8(skb, XTCP_A_PREFIXLEN, ai->plen))
		return -EMSGSIZE;
	return 0;
}

static int xtcp_nl_fill_route(struct sk_buff *skb, const void *obj)
{
	const struct xtcp_route_info *ri = obj;

	if (nla_put_in_addr(skb, XTCP_A_ADDR, ri->dst) ||
	    nla_put_u8(skb, XTCP_A_PREFIXLEN, ri->plen) ||
	    nla_put_u8(skb, XTCP_A_ROUTE_TYPE, ri->type) ||
	    (ri->gw && nla_put_in_addr(skb, XTCP_A_GATEWAY, ri->gw)) ||
	    nla_put_u32(skb, XTCP_A_IFINDEX, ri->ifindex))
		return -EMSGSIZE;
	return 0;
}

static int xtcp_nl_fill_neigh(struct sk_buff *skb, const void *obj)
{
	const struct xtcp_neigh_info *ni = obj;

	if (nla_put_u32(skb, XTCP_A_IFINDEX, ni->ifindex) ||
	    nla_put_in_addr(skb, XTCP_A_ADDR, ni->addr) ||
	    nla_put(skb, XTCP_A_LLADDR, ETH_ALEN, ni->lladdr) ||
	    nla_put_u8(skb, XTCP_A_NEIGH_STATE, ni->state) ||
	    nla_put_u32(skb, XTCP_A_NEIGH_AGE_MS, ni->age_ms) ||
	    nla_put_u32(skb, XTCP_A_NEIGH_QUEUED, ni->queued))
		return -EMSGSIZE;
	return 0;
}

/**
 * struct xtcp_nl_table - how to dump one table
 * @get_nth: snapshot of the n-th object into @obj, -ENOENT past the end
 * @fill: attributes of one object
 */
struct xtcp_nl_table {
	int (*get_nth)(struct net *net, unsigned int n, void *obj);
	int (*fill)(struct sk_buff *skb, const void *obj);
};

/* One snapshot buffer big enough for any table's object. */
union xtcp_nl_obj {
	struct xtcp_link_info	link;
	struct xtcp_addr_info	addr;
	struct xtcp_route_info	route;
	struct xtcp_neigh_info	neigh;
};

static int xtcp_nl_dump_table(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct xtcp_nl_table *t)
{
	struct net *net = sock_net(cb->skb->sk);
	union xtcp_nl_obj obj;
	unsigned int n;
	void *hdr;
	int err = 0;

	rtnl_lock();
	for (n = cb->args[0]; ; n++) {
		memset(&obj, 0, sizeof(obj));
		err = t->get_nth(net, n, &obj);
		if (err == -ENOENT) {
			err = 0;
			break;
		}
		if (err)
			break;

		hdr = xtcp_nl_dump_hdr(skb, cb);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = t->fill(skb, &obj);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rtnl_unlock();
	cb->args[0] = n;

	/* A full skb ends this part; the next call goes on from n. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/*
 * The get_nth functions take typed pointers; these wrappers give them the
 * table's common signature without casting function pointers.
 */
#define XTCP_NL_GET_NTH(kind)						\
static int xtcp_nl_##kind##_get_nth(struct net *net, unsigned int n,	\
				    void *obj)				\
{									\
	return xtcp_##kind##_get_nth(net, n, obj);			\
}

XTCP_NL_GET_NTH(link)
XTCP_NL_GET_NTH(addr)
XTCP_NL_GET_NTH(route)
XTCP_NL_GET_NTH(neigh)

static const struct xtcp_nl_table xtcp_nl_link_table = {
	.get_nth	= xtcp_nl_link_get_nth,
	.fill		= xtcp_nl_fill_link,
};

static const struct xtcp_nl_table xtcp_nl_addr_table = {
	.get_nth	= xtcp_nl_addr_get_nth,
	.fill		= xtcp_nl_fill_addr,
};

static const struct xtcp_nl_table xtcp_nl_route_table = {
	.get_nth	= xtcp_nl_route_get_nth,
	.fill		= xtcp_nl_fill_route,
};

static const struct xtcp_nl_table xtcp_nl_neigh_table = {
	.get_nth	= xtcp_nl_neigh_get_nth,
	.fill		= xtcp_nl_fill_neigh,
};

static int xtcp_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return xtcp_nl_dump_table(skb, cb, &xtcp_nl_link_table);
}

static int xtcp_nl_addr_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return xtcp_nl_dump_table(skb, cb, &xtcp_nl_addr_table);
}

static int xtcp_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return xtcp_nl_dump_table(skb, cb, &xtcp_nl_route_table);
}

static int xtcp_nl_neigh_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return xtcp_nl_dump_table(skb, cb, &xtcp_nl_neigh_table);
}

/* One message per MIB counter: XTCP_A_STAT_NAME, XTCP_A_STAT_VALUE. */
static int xtcp_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	unsigned int n;
	void *hdr;

	for (n = cb->args[0]; n < __XTCP_MIB_MAX; n++) {
		hdr = xtcp_nl_dump_hdr(skb, cb);
		if (!hdr)
			break;
		if (nla_put_string(skb, XTCP_A_STAT_NAME, xtcp_mib_name(n)) ||
		    nla_put_u64_64bit(skb, XTCP_A_STAT_VALUE,
				      xtcp_mib_read(net, n), XTCP_A_PAD)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = n;

	if (n < __XTCP_MIB_MAX && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}

static int xtcp_nl_put_span(struct sk_buff *skb, int type, u16 low, u16 high)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, XTCP_A_PORT_SPAN_LOW, low) ||
	    nla_put_u16(skb, XTCP_A_PORT_SPAN_HIGH, high)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The ephemeral port settings. Every message has the range and the
 * reserved spans that fit, in increasing order; cb->args[0] is the port the
 * next message goes on from, cb->args[1] is set once all were sent.
 */
static int xtcp_nl_ports_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	u32 from = cb->args[0];
	struct nlattr *list;
	bool full = false;
	u16 low, high;
	void *hdr;

	if (cb->args[1])
		return 0;
	hdr = xtcp_nl_dump_hdr(skb, cb);
	if (!hdr)
		return -EMSGSIZE;
	xtcp_ports_range(net, &low, &high);
	if (xtcp_nl_put_span(skb, XTCP_A_PORT_RANGE, low, high))
		goto cancel;
	list = nla_nest_start(skb, XTCP_A_PORTS_RESERVED);
	if (!list)
		goto cancel;
	while (xtcp_ports_reserved_next(net, from, &low, &high)) {
		if (xtcp_nl_put_span(skb, XTCP_A_PORT_LIST_SPAN, low, high)) {
			full = true;
			break;
		}
		from = high + 1;
	}
	nla_nest_end(skb, list);
	genlmsg_end(skb, hdr);
	cb->args[0] = from;
	cb->args[1] = !full;
	return skb->len;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * The table's tunables, then the two congestion control ones, which name
 * an algorithm rather than hold a number (net.ipv4.tcp_congestion_control
 * and tcp_available_congestion_control).
 */
static int xtcp_nl_sysctl_dump(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	struct xtcp_net *xn = xtcp_pernet(net);
	unsigned int n, count = xtcp_sysctl_count() + 2;
	const struct xtcp_cong_ops *ops;
	const char *name;
	char val[256];
	void *hdr;

	for (n = cb->args[0]; n < count; n++) {
		hdr = xtcp_nl_dump_hdr(skb, cb);
		if (!hdr)
			break;
		if (n < xtcp_sysctl_count()) {
			name = xtcp_sysctl_name(n);
			xtcp_sysctl_format(&xn->sysctl, n, val, sizeof(val));
		} else if (n == xtcp_sysctl_count()) {
			name = XTCP_SYSCTL_CC;
			ops = xtcp_cong_default_get(net);
			strscpy(val, ops->name, sizeof(val));
			xtcp_cong_put(ops);
		} else {
			name = XTCP_SYSCTL_CC_AVAIL;
			xtcp_cong_available(val, sizeof(val));
		}
		if (nla_put_string(skb, XTCP_A_SYSCTL_NAME, name) ||
		    nla_put_string(skb, XTCP_A_SYSCTL_VALUE, val)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = n;

	if (n < count && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}

/*
 * State changes need CAP_NET_ADMIN over the namespace, as rtnetlink's
 * address and route commands do; dumps are open to everyone.
 */
static const struct genl_small_ops xtcp_genl_ops[] = {
	{
		.cmd	= XTCP_CMD_LINK_ADD,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_link_add,
	},
	{
		.cmd	= XTCP_CMD_LINK_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_link_del,
	},
	{
		.cmd	= XTCP_CMD_LINK_GET,
		.dumpit	= xtcp_nl_link_dump,
	},
	{
		.cmd	= XTCP_CMD_ADDR_ADD,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_addr_add,
	},
	{
		.cmd	= XTCP_CMD_ADDR_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_addr_del,
	},
	{
		.cmd	= XTCP_CMD_ADDR_GET,
		.dumpit	= xtcp_nl_addr_dump,
	},
	{
		.cmd	= XTCP_CMD_ROUTE_ADD,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_route_add,
	},
	{
		.cmd	= XTCP_CMD_ROUTE_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_route_del,
	},
	{
		.cmd	= XTCP_CMD_ROUTE_GET,
		.dumpit	= xtcp_nl_route_dump,
	},
	{
		.cmd	= XTCP_CMD_NEIGH_GET,
		.dumpit	= xtcp_nl_neigh_dump,
	},
	{
		.cmd	= XTCP_CMD_NEIGH_FLUSH,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_neigh_flush,
	},
	{
		.cmd	= XTCP_CMD_STATS_GET,
		.dumpit	= xtcp_nl_stats_dump,
	},
	{
		.cmd	= XTCP_CMD_PORTS_GET,
		.dumpit	= xtcp_nl_ports_dump,
	},
	{
		.cmd	= XTCP_CMD_PORTS_SET,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_ports_set,
	},
	{
		.cmd	= XTCP_CMD_SYSCTL_GET,
		.dumpit	= xtcp_nl_sysctl_dump,
	},
	{
		.cmd	= XTCP_CMD_SYSCTL_SET,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= xtcp_nl_sysctl_set,
	},
	{
		.cmd	= XTCP_CMD_SOCK_GET,
		.dumpit	= xtcp_tcp_diag_dump,
	},
};

/*
 * resv_start_op stays 0: every command is validated strictly, unknown
 * attributes and non-zero reserved header fields are refused.
 */
static struct genl_family xtcp_genl_family __ro_after_init = {
	.name		= XTCP_GENL_NAME,
	.version	= XTCP_GENL_VERSION,
	.maxattr	= XTCP_A_MAX,
	.policy		= xtcp_genl_policy,
	.netnsok	= true,
	.parallel_ops	= false,
	.module		= THIS_MODULE,
	.small_ops	= xtcp_genl_ops,
	.n_small_ops	= ARRAY_SIZE(xtcp_genl_ops),
};

int __init xtcp_genl_register(void)
{
	return genl_register_family(&xtcp_genl_family);
}

void xtcp_genl_unregister(void)
{
	genl_unregister_family(&xtcp_genl_family);
}
