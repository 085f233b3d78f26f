// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp address family: module parameters, socket creation and the module's
 * init/exit ladder.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/net.h>
#include <linux/in.h>
#include <linux/rcupdate.h>
#include <kunit/visibility.h>

#include "core.h"
#include "tcp/tcp.h"

int xtcp_family = AF_XTCP_DEFAULT;
module_param_named(family, xtcp_family, int, 0444);
MODULE_PARM_DESC(family, "address family number to register (default "
		 __stringify(AF_XTCP_DEFAULT) ", a slot no 6.1 family uses)");
EXPORT_SYMBOL_IF_KUNIT(xtcp_family);

/**
 * xtcp_create_check() - validate a socket(2) type and protocol
 * @type: socket type
 * @protocol: protocol argument
 * @protop: where to store the resolved protocol (IPPROTO_TCP or IPPROTO_UDP)
 *
 * The errors are the ones inet_create() returns for the same arguments:
 * EINVAL for an out-of-range protocol, ESOCKTNOSUPPORT for a type the family
 * does not have, EPROTONOSUPPORT for a protocol the type does not speak.
 * Types AF_INET has that xtcp does not (SOCK_RAW, ICMP ping sockets) get the
 * same ESOCKTNOSUPPORT/EPROTONOSUPPORT an AF_INET without them would give.
 *
 * Return: 0 or a negative errno.
 */
VISIBLE_IF_KUNIT int xtcp_create_check(int type, int protocol, int *protop)
{
	int want;

	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;

	switch (type) {
	case SOCK_STREAM:
		want = IPPROTO_TCP;
		break;
	case SOCK_DGRAM:
		want = IPPROTO_UDP;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (protocol != IPPROTO_IP && protocol != want)
		return -EPROTONOSUPPORT;
	*protop = want;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_create_check);

static int xtcp_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	const struct proto_ops *ops;
	struct proto *prot;
	struct sock *sk;
	int err;

	err = xtcp_create_check(sock->type, protocol, &protocol);
	if (err)
		goto fail;

	if (protocol == IPPROTO_TCP) {
		prot = &xtcp_tcp_proto;
		ops = &xtcp_tcp_ops;
	} else {
		prot = &xtcp_udp_proto;
		ops = &xtcp_udp_ops;
	}

	err = -ENOBUFS;
	sk = sk_alloc(net, xtcp_family, GFP_KERNEL, prot, kern);
	if (!sk)
		goto fail;

	sock->ops = ops;
	sock->state = SS_UNCONNECTED;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	sk->sk_destruct = xtcp_sock_destruct;
	xtcp_inet_init(&xtcp_sk(sk)->inet);
	if (sk->sk_prot->init)
		sk->sk_prot->init(sk);

	atomic_inc(&xtcp_pernet(net)->nr_socks);
	XTCP_INC_STATS(net, XTCP_MIB_SOCKCREATE);
	return 0;

fail:
	XTCP_INC_STATS(net, XTCP_MIB_SOCKCREATEFAIL);
	return err;
}

static struct net_proto_family xtcp_family_ops = {
	.create	= xtcp_create,
	.owner	= THIS_MODULE,
};

/* The transports IPv4 hands packets and ICMP errors to. */
static int xtcp_protocols_add(void)
{
	int err;

	err = xtcp_protocol_add(&xtcp_icmp_protocol, IPPROTO_ICMP);
	if (err)
		return err;
	err = xtcp_protocol_add(&xtcp_udp_protocol, IPPROTO_UDP);
	if (err)
		goto err_udp;
	err = xtcp_protocol_add(&xtcp_tcp_protocol, IPPROTO_TCP);
	if (err)
		goto err_tcp;
	return 0;

err_tcp:
	xtcp_protocol_del(&xtcp_udp_protocol, IPPROTO_UDP);
err_udp:
	xtcp_protocol_del(&xtcp_icmp_protocol, IPPROTO_ICMP);
	return err;
}

static void xtcp_protocols_del(void)
{
	xtcp_protocol_del(&xtcp_tcp_protocol, IPPROTO_TCP);
	xtcp_protocol_del(&xtcp_udp_protocol, IPPROTO_UDP);
	xtcp_protocol_del(&xtcp_icmp_protocol, IPPROTO_ICMP);
}

/*
 * Start-up is a ladder: each step registers one thing, and each failure
 * label unwinds exactly the steps before it. Exit is the mirror image.
 */
static int __init xtcp_init(void)
{
	int err;

	if (xtcp_family <= AF_UNSPEC || xtcp_family >= NPROTO) {
		pr_err("family=%d is outside 1..%d\n", xtcp_family, NPROTO - 1);
		return -EINVAL;
	}
	xtcp_family_ops.family = xtcp_family;

	err = xtcp_tcp_init();
	if (err)
		goto err_tcp_init;

	err = proto_register(&xtcp_tcp_proto, 1);
	if (err)
		goto err_tcp_proto;

	err = proto_register(&xtcp_udp_proto, 1);
	if (err)
		goto err_udp_proto;

	err = xtcp_protocols_add();
	if (err)
		goto err_protocols;

	err = xtcp_net_register();
	if (err)
		goto err_pernet;

	err = xtcp_dev_register();
	if (err)
		goto err_notifier;

	err = xtcp_genl_register();
	if (err)
		goto err_genl;

	err = sock_register(&xtcp_family_ops);
	if (err) {
		pr_err("family %d is taken (%d); load with family=<free slot>\n",
		       xtcp_family, err);
		goto err_sock;
	}

	pr_info("registered address family %d\n", xtcp_family);
	return 0;

err_sock:
	xtcp_genl_unregister();
err_genl:
	xtcp_dev_unregister();
err_notifier:
	xtcp_net_unregister();
err_pernet:
	xtcp_protocols_del();
err_protocols:
	proto_unregister(&xtcp_udp_proto);
err_udp_proto:
	proto_unregister(&xtcp_tcp_proto);
err_tcp_proto:
	xtcp_tcp_exit();
err_tcp_init:
	pr_err("init failed: %d\n", err);
	return err;
}

static void __exit xtcp_exit(void)
{
	sock_unregister(xtcp_family);
	xtcp_genl_unregister();
	xtcp_dev_unregister();
	xtcp_net_unregister();
	xtcp_protocols_del();
	proto_unregister(&xtcp_udp_proto);
	proto_unregister(&xtcp_tcp_proto);
	xtcp_tcp_exit();
	/*
	 * No RCU callback may run after the module text is gone. Ours free
	 * with kfree_rcu(), which runs none of our code, and pernet
	 * unregistration has a barrier of its own; this one does not rely
	 * on either.
	 */
	rcu_barrier();
	pr_info("unregistered address family %d\n", xtcp_family);
}

module_init(xtcp_init);
module_exit(xtcp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: an alternative TCP/IP protocol family");
MODULE_AUTHOR("xtcp developers");
