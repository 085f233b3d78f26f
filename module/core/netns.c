// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp per network namespace state: every socket, address, route and
 * neighbour belongs to one namespace, reached through net_generic().
 */
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/rtnetlink.h>
#include <kunit/visibility.h>

#include "core.h"
#include "core/trace.h"

unsigned int xtcp_net_id __read_mostly;
EXPORT_SYMBOL_IF_KUNIT(xtcp_net_id);

static int __net_init __xtcp_net_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	int err;

	xn->mib = alloc_percpu(struct xtcp_mib);
	if (!xn->mib)
		return -ENOMEM;
	err = xtcp_ports_net_init(&xn->ports);
	if (err) {
		free_percpu(xn->mib);
		return err;
	}
	atomic_set(&xn->nr_socks, 0);
	xtcp_sysctl_init(&xn->sysctl);
	INIT_LIST_HEAD(&xn->devs);
	INIT_LIST_HEAD(&xn->routes);
	spin_lock_init(&xn->icmp_limit.lock);
	xtcp_ip_net_init(xn, net);
	xtcp_arp_net_init(xn);
	xtcp_frag_ctx_init(&xn->frag, net);

	err = xtcp_proc_net_init(net);
	if (err)
		goto err_proc;

	err = xtcp_udp_net_init(net);
	if (err)
		goto err_udp;

	err = xtcp_tcp_net_init(net);
	if (err)
		goto err_tcp;
	return 0;

err_tcp:
	xtcp_udp_net_exit(net);
err_udp:
	xtcp_proc_net_exit(net);
err_proc:
	xtcp_arp_net_exit(xn);
	xtcp_ip_net_exit(xn);
	xtcp_frag_ctx_destroy(&xn->frag);
	xtcp_ports_net_exit(&xn->ports);
	free_percpu(xn->mib);
	return err;
}

static int __net_init xtcp_net_init(struct net *net)
{
	int err;

	trace_xtcp_netns(net, XTCP_NETNS_INIT, 0);
	err = __xtcp_net_init(net);
	trace_xtcp_netns(net, XTCP_NETNS_INIT_DONE, err);
	return err;
}

static void __net_exit xtcp_net_exit(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	trace_xtcp_netns(net, XTCP_NETNS_EXIT, 0);
	xtcp_tcp_net_exit(net);
	xtcp_udp_net_exit(net);
	xtcp_proc_net_exit(net);

	/* Devices first: nothing can enqueue or resolve after this. */
	rtnl_lock();
	xtcp_dev_detach_all(net);
	rtnl_unlock();
	xtcp_arp_net_exit(xn);
	xtcp_ip_net_exit(xn);

	/* Sockets hold their namespace, so none can be left. */
	WARN_ON_ONCE(atomic_read(&xn->nr_socks));
	/* Its timer counts into the MIB: stop it before the MIB goes. */
	xtcp_frag_ctx_destroy(&xn->frag);
	xtcp_ports_net_exit(&xn->ports);
	free_percpu(xn->mib);
}

static struct pernet_operations xtcp_net_ops = {
	.init	= xtcp_net_init,
	.exit	= xtcp_net_exit,
	.id	= &xtcp_net_id,
	.size	= sizeof(struct xtcp_net),
};

int xtcp_net_register(void)
{
	return register_pernet_subsys(&xtcp_net_ops);
}

void xtcp_net_unregister(void)
{
	unregister_pernet_subsys(&xtcp_net_ops);
}
