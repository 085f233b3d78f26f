// SPDX-License-Identifier: GPL-2.0
/*
 * Ephemeral ports: a namespace's port range and reserved ports (Linux's
 * net.ipv4.ip_local_port_range and ip_local_reserved_ports), and the
 * search for a free port that every transport's table uses.
 *
 * The search is udp_lib_get_port()'s: from a random start it visits each
 * slot of the caller's hash table once. Per slot, one pass over the slot's
 * sockets (the caller's callback, under the slot's lock) fills a bitmap of
 * the ports in use that map to that slot; the first free port of the range
 * in that bitmap wins. The work done under the lock is bounded by the
 * sockets of one slot, not by the size of the range.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <kunit/visibility.h>

#include "core.h"

#define XTCP_NR_PORTS		65536
#define XTCP_PORT_CHAIN_MAX	(XTCP_NR_PORTS >> XTCP_PORT_SLOT_BITS_MIN)

/**
 * xtcp_port_search() - pick a free port in a range
 * @s: the range, the reserved-port check and the table's slot callbacks
 * @rnd: random value choosing where the search starts and its stride
 *
 * Context: process; may sleep between slots.
 * Return: a port in @s->low..@s->high that is neither in use nor reserved,
 * with its slot still locked by @s->slot_lock (the caller inserts the
 * socket, then calls @s->slot_unlock); or 0, with nothing locked, when
 * every port of the range is in use or reserved.
 */
u16 xtcp_port_search(const struct xtcp_port_search *s, u32 rnd)
{
	DECLARE_BITMAP(used, XTCP_PORT_CHAIN_MAX);
	const unsigned int nslots = 1U << s->slot_bits;
	u16 first, last, snum, step;
	unsigned int slot;

	might_sleep();
	if (WARN_ON_ONCE(s->slot_bits < XTCP_PORT_SLOT_BITS_MIN ||
			 s->slot_bits > 15 || !s->low || s->low > s->high))
		return 0;

	first = reciprocal_scale(rnd, s->high - s->low + 1) + s->low;
	/*
	 * An odd multiple of the slot count: stepping by it from any port
	 * visits every port of that port's slot once before coming back.
	 */
	step = (rnd | 1) << s->slot_bits;
	last = first + nslots;
	do {
		slot = first & (nslots - 1);
		bitmap_zero(used, XTCP_NR_PORTS >> s->slot_bits);
		s->slot_lock(s->arg, slot, used);
		snum = first;
		do {
			if (snum >= s->low && snum <= s->high &&
			    !test_bit(snum >> s->slot_bits, used) &&
			    !(s->reserved && s->reserved(s->arg, snum)))
				return snum;
			snum += step;
		} while (snum != first);
		s->slot_unlock(s->arg, slot);
		cond_resched();
	} while (++first != last);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_port_search);

/**
 * xtcp_ports_range_check() - may LOW..HIGH be a namespace's port range?
 * @low: first port
 * @high: last port
 * @prot_sock: the namespace's first unprivileged port
 *	(net.ipv4.ip_unprivileged_port_start)
 * @extack: why not
 *
 * The rules of ipv4_local_port_range(): both within 1..65535, low not above
 * high, and low not below the privileged ports. Equal bounds are allowed.
 *
 * Return: 0 or -EINVAL.
 */
int xtcp_ports_range_check(u32 low, u32 high, int prot_sock,
			   struct netlink_ext_ack *extack)
{
	if (low < 1 || low > 65535 || high < 1 || high > 65535) {
		NL_SET_ERR_MSG(extack, "ports must be within 1..65535");
		return -EINVAL;
	}
	if (high < low) {
		NL_SET_ERR_MSG(extack, "the range's high port is below its low port");
		return -EINVAL;
	}
	if ((int)low < prot_sock) {
		NL_SET_ERR_MSG(extack,
			       "the range's low port is below ip_unprivileged_port_start");
		return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ports_range_check);

/**
 * xtcp_ports_range() - a namespace's port range, a consistent pair
 * @net: namespace
 * @low: first port
 * @high: last port
 */
void xtcp_ports_range(const struct net *net, u16 *low, u16 *high)
{
	u32 r = READ_ONCE(xtcp_pernet(net)->ports.range);

	*low = r >> 16;
	*high = r & 0xffff;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ports_range);

/**
 * xtcp_port_reserved() - is @port in the namespace's reserved ports?
 * @net: namespace
 * @port: port, host order
 *
 * Return: true when an ephemeral port search must skip it.
 */
bool xtcp_port_reserved(const struct net *net, u16 port)
{
	return test_bit(port, xtcp_pernet(net)->ports.reserved);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_port_reserved);

/**
 * xtcp_ports_set() - change a namespace's port range and reserved ports
 * @net: namespace
 * @low: first port of the new range, or 0 to keep the range
 * @high: last port
 * @reserved: the new reserved ports, XTCP_NR_PORTS bits, or NULL to keep
 * @extack: why not
 *
 * Return: 0, or -EINVAL with nothing changed.
 */
int xtcp_ports_set(struct net *net, u32 low, u32 high,
		   const unsigned long *reserved,
		   struct netlink_ext_ack *extack)
{
	struct xtcp_ports *p = &xtcp_pernet(net)->ports;
	unsigned int i;
	int err;

	if (low) {
		err = xtcp_ports_range_check(low, high,
					     READ_ONCE(net->ipv4.sysctl_ip_prot_sock),
					     extack);
		if (err)
			return err;
	}

	mutex_lock(&p->lock);
	if (low)
		WRITE_ONCE(p->range, low << 16 | high);
	/* Word by word, as proc_do_large_bitmap(): a search sees each port
	 * either reserved or not.
	 */
	if (reserved)
		for (i = 0; i < BITS_TO_LONGS(XTCP_NR_PORTS); i++)
			WRITE_ONCE(p->reserved[i], reserved[i]);
	mutex_unlock(&p->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ports_set);

/**
 * xtcp_ports_reserved_next() - the next span of reserved ports
 * @net: namespace
 * @from: first port to look at (may be 65536: nothing left)
 * @low: first port of the span found
 * @high: its last port
 *
 * Return: false when no port from @from on is reserved.
 */
bool xtcp_ports_reserved_next(const struct net *net, u32 from, u16 *low,
			      u16 *high)
{
	const unsigned long *map = xtcp_pernet(net)->ports.reserved;
	unsigned long lo, hi;

	if (from >= XTCP_NR_PORTS)
		return false;
	lo = find_next_bit(map, XTCP_NR_PORTS, from);
	if (lo >= XTCP_NR_PORTS)
		return false;
	hi = find_next_zero_bit(map, XTCP_NR_PORTS, lo);
	*low = lo;
	*high = hi - 1;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ports_reserved_next);

/**
 * xtcp_ports_bitmap_alloc() - an empty set of ports for xtcp_ports_set()
 *
 * Return: XTCP_NR_PORTS zeroed bits for bitmap_free(), or NULL.
 */
unsigned long *xtcp_ports_bitmap_alloc(void)
{
	return bitmap_zalloc(XTCP_NR_PORTS, GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ports_bitmap_alloc);

/* Linux's defaults: 32768..60999, nothing reserved. */
int xtcp_ports_net_init(struct xtcp_ports *p)
{
	mutex_init(&p->lock);
	p->range = XTCP_PORT_LOW_DEFAULT << 16 | XTCP_PORT_HIGH_DEFAULT;
	p->reserved = xtcp_ports_bitmap_alloc();
	return p->reserved ? 0 : -ENOMEM;
}

void xtcp_ports_net_exit(struct xtcp_ports *p)
{
	bitmap_free(p->reserved);
	mutex_destroy(&p->lock);
}
