// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal generic netlink client on a plain AF_NETLINK socket.
 *
 * Every request asks for an ACK and extended ACKs, so a failure comes back
 * as an errno plus, when the kernel set one, a message (NLMSGERR_ATTR_MSG).
 * A request ends at its ACK, at NLMSG_DONE of a dump, or at an error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* Big enough for any dump part: the kernel caps those at 32 KiB. */
#define NL_RECV_SIZE	65536

int nl_open(struct nl_sock *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		return -errno;
	/* Extended ACKs carry the kernel's message; capped ACKs stay small. */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(nl->fd, (struct sockaddr *)&sa, &len) < 0) {
		int err = -errno;

		close(nl->fd);
		nl->fd = -1;
		return err;
	}
	nl->portid = sa.nl_pid;
	nl->seq = 1;
	return 0;
}

void nl_close(struct nl_sock *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

void nl_req_init(struct nl_req *req, __u16 type, __u16 flags, __u8 cmd,
		 __u8 version)
{
	struct genlmsghdr *g;

	memset(req, 0, sizeof(*req));
	req->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req->nlh.nlmsg_type = type;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = NLMSG_DATA(&req->nlh);
	g->cmd = cmd;
	g->version = version;
}

/* Requests are a handful of small attributes: running out is a bug. */
void nl_put(struct nl_req *req, __u16 type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(req->nlh.nlmsg_len);
	struct nlattr *a;

	if (off + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(req->buf)) {
		fprintf(stderr, "xtcp: request too large\n");
		_exit(2);
	}
	a = (struct nlattr *)(req->buf + off);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	req->nlh.nlmsg_len = off + NLA_HDRLEN + NLA_ALIGN(len);
}

void nl_put_u32(struct nl_req *req, __u16 type, __u32 v)
{
	nl_put(req, type, &v, sizeof(v));
}

void nl_put_u8(struct nl_req *req, __u16 type, __u8 v)
{
	nl_put(req, type, &v, sizeof(v));
}

void nl_put_str(struct nl_req *req, __u16 type, const char *s)
{
	nl_put(req, type, s, strlen(s) + 1);
}

void nl_put_u16(struct nl_req *req, __u16 type, __u16 v)
{
	nl_put(req, type, &v, sizeof(v));
}

/* Open a nested attribute; its contents follow, nl_nest_end() closes it. */
size_t nl_nest_start(struct nl_req *req, __u16 type)
{
	size_t start = NLMSG_ALIGN(req->nlh.nlmsg_len);

	nl_put(req, type | NLA_F_NESTED, NULL, 0);
	return start;
}

void nl_nest_end(struct nl_req *req, size_t start)
{
	struct nlattr *a = (struct nlattr *)(req->buf + start);

	a->nla_len = req->nlh.nlmsg_len - start;
}

void nl_parse(const void *data, int len, const struct nlattr **tb,
	      int maxattr)
{
	const struct nlattr *a = data;

	memset(tb, 0, sizeof(*tb) * (maxattr + 1));
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type <= maxattr)
			tb[type] = a;
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a +
					    NLA_ALIGN(a->nla_len));
	}
}

/*
 * An NLMSG_ERROR or NLMSG_DONE: @err is the errno it carries (negative or
 * 0), @tlvs the extended ACK attributes after it, if any.
 */
static int nl_error(struct nl_sock *nl, const struct nlmsghdr *nlh,
		    int err, size_t off)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;

	if (!err)
		return 0;
	nl->err = -err;
	nl->msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return err;

	nl_parse((const char *)NLMSG_DATA(nlh) + off, len, tb,
		 NLMSGERR_ATTR_MAX);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->msg, sizeof(nl->msg), "%s",
			 nla_str(tb[NLMSGERR_ATTR_MSG]));
	else if (tb[NLMSGERR_ATTR_MISS_TYPE])
		snprintf(nl->msg, sizeof(nl->msg), "missing attribute %u",
			 nla_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
	return err;
}

/* One reply message. Returns 1 at the end of the request, or -errno. */
static int nl_handle(struct nl_sock *nl, const struct nlmsghdr *nlh,
		     int maxattr, nl_cb_t cb, void *arg)
{
	const struct nlattr *tb[NL_MSG_MAX + 1];
	const struct nlmsgerr *e;
	size_t off;
	int err;

	switch (nlh->nlmsg_type) {
	case NLMSG_ERROR:
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
			return -EBADMSG;
		e = NLMSG_DATA(nlh);
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		err = nl_error(nl, nlh, e->error, off);
		return err ? err : 1;
	case NLMSG_DONE:
		err = 0;
		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
			memcpy(&err, NLMSG_DATA(nlh), sizeof(int));
		err = nl_error(nl, nlh, err, sizeof(int));
		return err ? err : 1;
	case NLMSG_NOOP:
	case NLMSG_OVERRUN:
		return 0;
	}

	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return -EBADMSG;
	if (!cb)
		return 0;
	nl_parse((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		 nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb, maxattr);
	return cb(tb, arg);
}

/**
 * nl_talk() - send a request and process every reply to it
 * @nl: socket
 * @req: the request; its sequence number is set here
 * @maxattr: highest attribute type @cb looks at (at most NL_MSG_MAX)
 * @cb: called for each reply message that is not an ACK, may be NULL
 * @arg: passed to @cb
 *
 * Return: 0, or -errno (with @nl->err and @nl->msg set for kernel errors).
 */
int nl_talk(struct nl_sock *nl, struct nl_req *req, int maxattr, nl_cb_t cb,
	    void *arg)
{
	static union {
		struct nlmsghdr	nlh;
		char		buf[NL_RECV_SIZE];
	} rx;
	char *buf = rx.buf;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct iovec iov = { .iov_base = rx.buf, .iov_len = sizeof(rx.buf) };
	struct msghdr mh = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	const struct nlmsghdr *nlh;
	ssize_t n;
	int ret;

	nl->err = 0;
	nl->msg[0] = '\0';
	if (maxattr > NL_MSG_MAX)
		maxattr = NL_MSG_MAX;
	req->nlh.nlmsg_seq = ++nl->seq;
	req->nlh.nlmsg_pid = 0;
	if (sendto(nl->fd, req->buf, req->nlh.nlmsg_len, 0,
		   (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;

	for (;;) {
		n = recvmsg(nl->fd, &mh, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (mh.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;

		for (nlh = (const struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != nl->seq ||
			    nlh->nlmsg_pid != nl->portid)
				continue;
			ret = nl_handle(nl, nlh, maxattr, cb, arg);
			if (ret)
				return ret < 0 ? ret : 0;
		}
	}
}

static int nl_family_cb(const struct nlattr **tb, void *arg)
{
	__u16 *id = arg;

	if (tb[CTRL_ATTR_FAMILY_ID] &&
	    tb[CTRL_ATTR_FAMILY_ID]->nla_len >= NLA_HDRLEN + sizeof(*id))
		memcpy(id, (const char *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN,
		       sizeof(*id));
	return 0;
}

/* Look up the id of family @name. Returns 0 or -errno (-ENOENT: absent). */
int nl_resolve(struct nl_sock *nl, const char *name)
{
	struct nl_req req;
	__u16 id = 0;
	int err;

	nl_req_init(&req, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	nl_put_str(&req, CTRL_ATTR_FAMILY_NAME, name);
	err = nl_talk(nl, &req, CTRL_ATTR_MAX, nl_family_cb, &id);
	if (err)
		return err;
	if (!id)
		return -ENOENT;
	nl->family = id;
	return 0;
}

__u8 nla_u8(const struct nlattr *a)
{
	const __u8 *p = nla_bin(a, sizeof(__u8));

	return p ? *p : 0;
}

__u16 nla_u16(const struct nlattr *a)
{
	const void *p = nla_bin(a, sizeof(__u16));
	__u16 v = 0;

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

__u32 nla_u32(const struct nlattr *a)
{
	const void *p = nla_bin(a, sizeof(__u32));
	__u32 v = 0;

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

__u64 nla_u64(const struct nlattr *a)
{
	const void *p = nla_bin(a, sizeof(__u64));
	__u64 v = 0;

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

/* A NUL-terminated string payload, or "". */
const char *nla_str(const struct nlattr *a)
{
	const char *s;
	size_t len;

	if (!a || a->nla_len <= NLA_HDRLEN)
		return "";
	s = (const char *)a + NLA_HDRLEN;
	len = a->nla_len - NLA_HDRLEN;
	return memchr(s, '\0', len) ? s : "";
}

/* The payload if it is exactly @len bytes, else NULL. */
const void *nla_bin(const struct nlattr *a, size_t len)
{
	if (!a || a->nla_len != NLA_HDRLEN + len)
		return NULL;
	return (const char *)a + NLA_HDRLEN;
}
