/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal generic netlink client: one request at a time, replies handed
 * to a callback as attribute tables, errors with their extack message.
 */
#ifndef XTCP_TOOL_NL_H
#define XTCP_TOOL_NL_H

#include <stddef.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

#define NL_REQ_SIZE	65536	/* room for thousands of port spans */
#define NL_MSG_MAX	512	/* highest attribute type any table holds */

/**
 * struct nl_sock - a NETLINK_GENERIC socket talking to one family
 * @fd: the socket
 * @portid: its netlink port id
 * @seq: sequence number of the last request
 * @family: id of the family, from CTRL_CMD_GETFAMILY
 * @err: positive errno of the last failed request
 * @msg: its extack message, or ""
 */
struct nl_sock {
	int	fd;
	__u32	portid;
	__u32	seq;
	__u16	family;
	int	err;
	char	msg[256];
};

/**
 * struct nl_req - a request being built
 * @nlh: the netlink header, first in @buf
 * @buf: the whole message
 */
struct nl_req {
	union {
		struct nlmsghdr	nlh;
		char		buf[NL_REQ_SIZE];
	};
};

/* Called for each reply message, with tb[type] the last attribute of type. */
typedef int (*nl_cb_t)(const struct nlattr **tb, void *arg);

int nl_open(struct nl_sock *nl);
void nl_close(struct nl_sock *nl);
int nl_resolve(struct nl_sock *nl, const char *name);

void nl_req_init(struct nl_req *req, __u16 type, __u16 flags, __u8 cmd,
		 __u8 version);
void nl_put(struct nl_req *req, __u16 type, const void *data, size_t len);
void nl_put_u32(struct nl_req *req, __u16 type, __u32 v);
void nl_put_u8(struct nl_req *req, __u16 type, __u8 v);
void nl_put_str(struct nl_req *req, __u16 type, const char *s);
void nl_put_u16(struct nl_req *req, __u16 type, __u16 v);
size_t nl_nest_start(struct nl_req *req, __u16 type);
void nl_nest_end(struct nl_req *req, size_t start);
void nl_parse(const void *data, int len, const struct nlattr **tb,
	      int maxattr);

int nl_talk(struct nl_sock *nl, struct nl_req *req, int maxattr, nl_cb_t cb,
	    void *arg);

/* Attribute accessors: 0 (or "") when @a is absent or the wrong size. */
__u8 nla_u8(const struct nlattr *a);
__u16 nla_u16(const struct nlattr *a);
__u32 nla_u32(const struct nlattr *a);
__u64 nla_u64(const struct nlattr *a);
const char *nla_str(const struct nlattr *a);
const void *nla_bin(const struct nlattr *a, size_t len);

#endif /* XTCP_TOOL_NL_H */
