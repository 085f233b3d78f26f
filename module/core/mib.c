// SPDX-License-Identifier: GPL-2.0
/*
 * MIB and drop accounting of a namespace: per-cpu counters, their names
 * (mib_list.h, wire/drop_reasons.h) and the xtcp_drop tracepoint every
 * counted drop fires.
 */
#include <net/ip.h>
#include <kunit/visibility.h>

#include "core.h"
#include "core/trace.h"

#define EM(a, b)	b,
static const char *const xtcp_mib_names[] = {
#include "mib_list.h"
};

#undef EM
static_assert(ARRAY_SIZE(xtcp_mib_names) == __XTCP_MIB_MAX);

/**
 * xtcp_mib_read() - sum one MIB counter over all CPUs
 * @net: namespace
 * @field: counter
 *
 * Return: the counter's value.
 */
u64 xtcp_mib_read(const struct net *net, enum xtcp_mib_field field)
{
	return snmp_fold_field(xtcp_pernet(net)->mib->mibs, field);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_mib_read);

static const char *const xtcp_layer_names[] = {
	[XTCP_LAYER_DEV]	= "dev",
	[XTCP_LAYER_ARP]	= "arp",
	[XTCP_LAYER_IP]		= "ip",
	[XTCP_LAYER_ICMP]	= "icmp",
	[XTCP_LAYER_UDP]	= "udp",
	[XTCP_LAYER_TCP]	= "tcp",
};

const char *xtcp_layer_name(int layer)
{
	if (layer < 0 || layer >= __XTCP_LAYER_MAX)
		return "?";
	return xtcp_layer_names[layer];
}

/**
 * xtcp_drop_read() - sum one drop counter over all CPUs
 * @net: namespace
 * @reason: why
 *
 * Return: packets dropped for @reason.
 */
u64 xtcp_drop_read(const struct net *net, enum xtcp_drop_reason reason)
{
	return snmp_fold_field(xtcp_pernet(net)->mib->drops, reason);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_drop_read);

/**
 * xtcp_drop_count() - account a dropped packet and trace it
 * @xn: namespace state
 * @layer: where
 * @reason: why
 * @skb: the packet, for the tracepoint; may be NULL
 */
void xtcp_drop_count(struct xtcp_net *xn, enum xtcp_layer layer,
		     enum xtcp_drop_reason reason, const struct sk_buff *skb)
{
	this_cpu_inc(xn->mib->drops[reason]);
	trace_xtcp_drop(skb, layer, reason);
}

/**
 * xtcp_mib_name() - the name of one MIB counter
 * @field: counter
 *
 * Return: the name as /proc/net/xtcp_snmp prints it, without the "Xtcp"
 * prefix of its lines (nstat joins the two: XtcpSockCreate).
 */
const char *xtcp_mib_name(enum xtcp_mib_field field)
{
	if (WARN_ON_ONCE((unsigned int)field >= __XTCP_MIB_MAX))
		return "";
	return xtcp_mib_names[field];
}
