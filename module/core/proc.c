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

#include "core.h"

static int xtcp_snmp_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	int i;

	seq_puts(seq, "Xtcp:");
	for (i = 0; i < __XTCP_MIB_MAX; i++)
		seq_printf(seq, " %s", xtcp_mib_name(i));
	seq_puts(seq, "\nXtcp:");
	for (i = 0; i < __XTCP_MIB_MAX; i++)
		seq_printf(seq, " %llu", xtcp_mib_read(net, i));
	/* Drop reason 0 is "none": not a counter. */
	seq_puts(seq, "\nXtcpDrop:");
	for (i = 1; i < __XTCP_DROP_MAX; i++)
		seq_printf(seq, " %s", xtcp_drop_reason_name(i));
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
