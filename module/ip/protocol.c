// SPDX-License-Identifier: GPL-2.0
/*
 * The transport dispatch table, as Linux's inet_protos: the IPv4 protocol
 * number selects a receive handler and an ICMP error handler. ip/input.c
 * and ip/icmp.c look it up under RCU; a transport adds itself at module
 * init and is deleted at exit, after which no handler runs.
 */
#include <linux/netdevice.h>
#include <net/protocol.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "ip.h"

static const struct xtcp_protocol __rcu *xtcp_protos[MAX_INET_PROTOS];

/**
 * xtcp_protocol_add() - make @prot the handler of IPv4 protocol @num
 * @prot: handlers; must stay valid until xtcp_protocol_del()
 * @num: IP protocol number
 *
 * Return: 0, or -EBUSY if @num has a handler already.
 */
int xtcp_protocol_add(const struct xtcp_protocol *prot, u8 num)
{
	return cmpxchg((const struct xtcp_protocol **)&xtcp_protos[num],
		       NULL, prot) ? -EBUSY : 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_protocol_add);

/**
 * xtcp_protocol_del() - remove @prot as the handler of protocol @num
 * @prot: handlers given to xtcp_protocol_add()
 * @num: IP protocol number
 *
 * Waits until no receive path can still be running @prot's handlers.
 *
 * Return: 0, or -ENOENT if @prot is not @num's handler.
 */
int xtcp_protocol_del(const struct xtcp_protocol *prot, u8 num)
{
	if (cmpxchg((const struct xtcp_protocol **)&xtcp_protos[num],
		    prot, NULL) != prot)
		return -ENOENT;
	synchronize_net();
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_protocol_del);

/**
 * xtcp_protocol_get() - the handlers of IPv4 protocol @num
 * @num: IP protocol number
 *
 * Context: rcu_read_lock() held; the result is valid until it is dropped.
 * Return: the handlers, or NULL for a protocol nobody handles.
 */
const struct xtcp_protocol *xtcp_protocol_get(u8 num)
{
	return rcu_dereference(xtcp_protos[num]);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_protocol_get);
