// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net entries of xtcp.
 *
 * /proc/net/xtcp_snmp prints the MIB counters in the "Name: keys" /
 * "Name: values" line pairs of /proc/net/snmp, so nstat-style readers work.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ip.h>
#include <kunit/visibility.h>

#include "xtcp.h"
#include "trace.h"

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

#define EM(a, b)	b,
#define E_(a, b)	b
static const char *const xtcp_drop_names[] = {
#include "wire/drop_reasons.h"
};

#undef EM
#undef E_
static_assert(ARRAY_SIZE(xtcp_drop_names) == __XTCP_DROP_MAX);

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

static int xtcp_snmp_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	int i;

	seq_puts(seq, "Xtcp:");
	for (i = 0; i < __XTCP_MIB_MAX; i++)
		seq_printf(seq, " %s", xtcp_mib_names[i]);
	seq_puts(seq, "\nXtcp:");
	for (i = 0; i < __XTCP_MIB_MAX; i++)
		seq_printf(seq, " %llu", xtcp_mib_read(net, i));
	/* Drop reason 0 is "none": not a counter. */
	seq_puts(seq, "\nXtcpDrop:");
	for (i = 1; i < __XTCP_DROP_MAX; i++)
		seq_printf(seq, " %s", xtcp_drop_names[i]);
	seq_puts(seq, "\nXtcpDrop:");
	for (i = 1; i < __XTCP_DROP_MAX; i++)
		seq_printf(seq, " %llu", xtcp_drop_read(net, i));
	seq_printf(seq, "\nXtcpSockets: inuse %d\n",
		   atomic_read(&xtcp_pernet(net)->nr_socks));
	return 0;
}

int xtcp_proc_net_init(struct net *net)
{
	if (!proc_create_net_single("xtcp_snmp", 0444, net->proc_net,
				    xtcp_snmp_show, NULL))
		return -ENOMEM;
	return 0;
}

void xtcp_proc_net_exit(struct net *net)
{
	remove_proc_entry("xtcp_snmp", net->proc_net);
}
