/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink for the C selftests, without starting a program: xtcp's generic
 * netlink family (attach a device, add an address or a route) through the
 * CLI's client (tools/xtcp/nl.c), and rtnetlink for the one thing a test
 * needs from Linux, a dummy device that is up. Under TCG with KASAN every
 * exec of ip(8) or xtcp(8) costs a large part of a second, and the socket
 * tests configure a fresh namespace for each case.
 */
#ifndef XTCP_SELFTEST_XNL_H
#define XTCP_SELFTEST_XNL_H

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/xtcp.h>

#include "nl.h"

/* Open @nl on the xtcp family. Returns 0 or -errno. */
static inline int xnl_open(struct nl_sock *nl)
{
	int err = nl_open(nl);

	if (!err) {
		err = nl_resolve(nl, XTCP_GENL_NAME);
		if (err)
			nl_close(nl);
	}
	return err;
}

/* XTCP_CMD_LINK_ADD or _DEL for @ifindex. Returns 0 or -errno. */
static inline int xnl_link(struct nl_sock *nl, int cmd, int ifindex)
{
	struct nl_req req;

	nl_req_init(&req, nl->family, 0, cmd, XTCP_GENL_VERSION);
	nl_put_u32(&req, XTCP_A_IFINDEX, ifindex);
	return nl_talk(nl, &req, XTCP_A_MAX, NULL, NULL);
}

/* XTCP_CMD_ADDR_ADD or _DEL of @addr/@plen on @ifindex. */
static inline int xnl_addr(struct nl_sock *nl, int cmd, int ifindex,
			   __u32 addr, __u8 plen)
{
	struct nl_req req;

	nl_req_init(&req, nl->family, 0, cmd, XTCP_GENL_VERSION);
	nl_put_u32(&req, XTCP_A_IFINDEX, ifindex);
	nl_put_u32(&req, XTCP_A_ADDR, addr);
	nl_put_u8(&req, XTCP_A_PREFIXLEN, plen);
	return nl_talk(nl, &req, XTCP_A_MAX, NULL, NULL);
}

/* XTCP_CMD_ROUTE_ADD or _DEL of @dst/@plen, via @gw unless 0. */
static inline int xnl_route(struct nl_sock *nl, int cmd, __u32 dst,
			    __u8 plen, __u32 gw)
{
	struct nl_req req;

	nl_req_init(&req, nl->family, 0, cmd, XTCP_GENL_VERSION);
	nl_put_u32(&req, XTCP_A_ADDR, dst);
	nl_put_u8(&req, XTCP_A_PREFIXLEN, plen);
	if (gw)
		nl_put_u32(&req, XTCP_A_GATEWAY, gw);
	return nl_talk(nl, &req, XTCP_A_MAX, NULL, NULL);
}

static inline struct rtattr *xnl_rta(struct nlmsghdr *nh, unsigned short type,
				     const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

/*
 * A dummy device @name, up, in the caller's namespace: "ip link add NAME
 * up type dummy". Returns its ifindex, or -errno.
 */
static inline int xnl_dummy_add(const char *name)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr		nh;
		struct ifinfomsg	ifi;
		char			attrs[256];
	} req = {
		.nh.nlmsg_len	= NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.nh.nlmsg_type	= RTM_NEWLINK,
		.nh.nlmsg_flags	= NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
		.nh.nlmsg_seq	= 1,
		.ifi.ifi_family	= AF_UNSPEC,
		.ifi.ifi_flags	= IFF_UP,
		.ifi.ifi_change	= IFF_UP,
	};
	struct {
		struct nlmsghdr	nh;
		struct nlmsgerr	err;
		char		extack[512];
	} ack;
	struct rtattr *info;
	ssize_t n;
	int fd, err;

	xnl_rta(&req.nh, IFLA_IFNAME, name, strlen(name) + 1);
	info = xnl_rta(&req.nh, IFLA_LINKINFO, NULL, 0);
	xnl_rta(&req.nh, IFLA_INFO_KIND, "dummy", sizeof("dummy"));
	info->rta_len = (char *)&req + req.nh.nlmsg_len - (char *)info;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	n = recv(fd, &ack, sizeof(ack), 0);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
	    ack.nh.nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	if (ack.err.error)
		return ack.err.error;
	err = (int)if_nametoindex(name);
	return err ? err : -ENODEV;
}

/* "ip link set lo up" in the caller's namespace: 0, or -1 with errno. */
static inline int xnl_lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd, ret;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	ret = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!ret) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}

/*
 * A device of xtcp's own in the caller's namespace: a dummy @name, up,
 * attached to xtcp with @addr/@plen: what "ip link add NAME up type dummy;
 * xtcp link add dev NAME; xtcp addr add ADDR/PLEN dev NAME" do. Returns
 * the ifindex, or -errno.
 */
static inline int xtcp_local_setup(const char *name, const char *addr, __u8 plen)
{
	struct nl_sock nl;
	struct in_addr a;
	int ifindex, err;

	if (inet_pton(AF_INET, addr, &a) != 1)
		return -EINVAL;
	ifindex = xnl_dummy_add(name);
	if (ifindex < 0)
		return ifindex;
	err = xnl_open(&nl);
	if (err)
		return err;
	err = xnl_link(&nl, XTCP_CMD_LINK_ADD, ifindex);
	if (!err)
		err = xnl_addr(&nl, XTCP_CMD_ADDR_ADD, ifindex, a.s_addr, plen);
	nl_close(&nl);
	return err ? err : ifindex;
}

#endif /* XTCP_SELFTEST_XNL_H */
