// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace tunables with Linux's names, defaults and limits: the
 * net.ipv4.tcp_* and net.core.somaxconn sysctls the TCP layer reads, set
 * and shown through generic netlink (`xtcp sysctl`).
 *
 * One table describes each tunable once: its name, where it lives in
 * struct xtcp_sysctl, how its text is read (an int, a u8 as Linux's
 * proc_dou8vec_minmax, seconds kept in jiffies as proc_dointvec_jiffies,
 * or a vector of ints as tcp_rmem), and its limits. Values are text, as
 * in /proc/sys, so a reply reads like `sysctl` prints it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/netlink.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <kunit/visibility.h>

#include "core.h"

enum xtcp_sysctl_kind {
	XTCP_SYSCTL_INT,	/* proc_dointvec(_minmax) */
	XTCP_SYSCTL_U8,		/* proc_dou8vec_minmax: 0..255 */
	XTCP_SYSCTL_JIFFIES,	/* proc_dointvec_jiffies: seconds */
};

/**
 * struct xtcp_sysctl_desc - one tunable
 * @name: its name, as Linux's sysctl without the net.ipv4./net.core. prefix
 * @off: offset of its first int in struct xtcp_sysctl
 * @kind: how its text is read and printed
 * @n: number of ints (3 for tcp_rmem and tcp_wmem)
 * @min: smallest value accepted (not for XTCP_SYSCTL_JIFFIES, whose
 *	magnitude is capped at INT_MAX / HZ seconds)
 * @max: largest value accepted
 */
struct xtcp_sysctl_desc {
	const char		*name;
	size_t			off;
	enum xtcp_sysctl_kind	kind;
	unsigned int		n;
	int			min;
	int			max;
};

/*
 * Each field of struct xtcp_sysctl is named as Linux names the sysctl.
 * KUnit checks that the table covers the struct exactly.
 */
#define XS(_name, _field, _n, _kind, _min, _max) {			\
	.name = _name, .off = offsetof(struct xtcp_sysctl, _field),	\
	.kind = _kind, .n = _n, .min = _min, .max = _max,		\
}

/* In the order `xtcp sysctl show` prints them. */
static const struct xtcp_sysctl_desc xtcp_sysctls[] = {
	XS("somaxconn", somaxconn, 1,
	   XTCP_SYSCTL_INT, 0, INT_MAX),
	XS("tcp_syncookies", tcp_syncookies, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_max_syn_backlog", tcp_max_syn_backlog, 1,
	   XTCP_SYSCTL_INT, INT_MIN, INT_MAX),
	XS("tcp_fin_timeout", tcp_fin_timeout, 1,
	   XTCP_SYSCTL_JIFFIES, 0, 0),
	XS("tcp_keepalive_time", tcp_keepalive_time, 1,
	   XTCP_SYSCTL_JIFFIES, 0, 0),
	XS("tcp_keepalive_intvl", tcp_keepalive_intvl, 1,
	   XTCP_SYSCTL_JIFFIES, 0, 0),
	XS("tcp_keepalive_probes", tcp_keepalive_probes, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_syn_retries", tcp_syn_retries, 1,
	   XTCP_SYSCTL_U8, 1, MAX_TCP_SYNCNT),
	XS("tcp_synack_retries", tcp_synack_retries, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_retries2", tcp_retries2, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_tw_reuse", tcp_tw_reuse, 1,
	   XTCP_SYSCTL_U8, 0, 2),
	XS("tcp_timestamps", tcp_timestamps, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_sack", tcp_sack, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_window_scaling", tcp_window_scaling, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_ecn", tcp_ecn, 1,
	   XTCP_SYSCTL_U8, 0, 2),
	XS("tcp_frto", tcp_frto, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_moderate_rcvbuf", tcp_moderate_rcvbuf, 1,
	   XTCP_SYSCTL_U8, 0, 255),
	XS("tcp_rmem", tcp_rmem, 3,
	   XTCP_SYSCTL_INT, SOCK_MIN_RCVBUF, INT_MAX),
	XS("tcp_wmem", tcp_wmem, 3,
	   XTCP_SYSCTL_INT, 1, INT_MAX),
};

static int *xtcp_sysctl_ptr(struct xtcp_sysctl *s,
			    const struct xtcp_sysctl_desc *d)
{
	return (int *)((char *)s + d->off);
}

/**
 * xtcp_sysctl_init() - a new namespace's tunables: Linux's defaults
 * @s: the namespace's tunables
 *
 * As tcp_sk_init() sets them for a new namespace; tcp_rmem and tcp_wmem
 * are copied from the initial namespace, as Linux copies them.
 * tcp_max_syn_backlog is Linux's max(128, ehash entries / 128) for a 64K
 * entry hash.
 */
void xtcp_sysctl_init(struct xtcp_sysctl *s)
{
	s->somaxconn = SOMAXCONN;
	s->tcp_syncookies = 1;
	s->tcp_max_syn_backlog = max(128, 65536 / 128);
	s->tcp_fin_timeout = TCP_FIN_TIMEOUT;
	s->tcp_keepalive_time = TCP_KEEPALIVE_TIME;
	s->tcp_keepalive_intvl = TCP_KEEPALIVE_INTVL;
	s->tcp_keepalive_probes = TCP_KEEPALIVE_PROBES;
	s->tcp_syn_retries = TCP_SYN_RETRIES;
	s->tcp_synack_retries = TCP_SYNACK_RETRIES;
	s->tcp_retries2 = TCP_RETR2;
	s->tcp_tw_reuse = 2;
	s->tcp_timestamps = 1;
	s->tcp_sack = 1;
	s->tcp_window_scaling = 1;
	s->tcp_ecn = 2;
	s->tcp_frto = 2;
	s->tcp_moderate_rcvbuf = 1;
	memcpy(s->tcp_rmem, init_net.ipv4.sysctl_tcp_rmem, sizeof(s->tcp_rmem));
	memcpy(s->tcp_wmem, init_net.ipv4.sysctl_tcp_wmem, sizeof(s->tcp_wmem));
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_sysctl_init);

/**
 * xtcp_sysctl_count() - how many tunables there are
 *
 * Return: the number of names xtcp_sysctl_name() knows.
 */
unsigned int xtcp_sysctl_count(void)
{
	return ARRAY_SIZE(xtcp_sysctls);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_sysctl_count);

/**
 * xtcp_sysctl_name() - the name of tunable @i
 * @i: 0 .. xtcp_sysctl_count() - 1
 *
 * Return: its name, or NULL past the end.
 */
const char *xtcp_sysctl_name(unsigned int i)
{
	return i < ARRAY_SIZE(xtcp_sysctls) ? xtcp_sysctls[i].name : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_sysctl_name);

#if IS_ENABLED(CONFIG_KUNIT)
/* Where tunable @i lives in struct xtcp_sysctl, for KUnit's layout check. */
int xtcp_sysctl_layout(unsigned int i, size_t *off, unsigned int *n)
{
	if (i >= ARRAY_SIZE(xtcp_sysctls))
		return -ENOENT;
	*off = xtcp_sysctls[i].off;
	*n = xtcp_sysctls[i].n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_sysctl_layout);
#endif

/**
 * xtcp_sysctl_format() - tunable @i as text, as /proc/sys prints it
 * @s: the namespace's tunables
 * @i: which
 * @buf: output
 * @len: its size
 *
 * A vector's values are separated by tabs. Seconds kept in jiffies print
 * as seconds.
 *
 * Return: the text's length, or -ENOENT past the end of the table.
 */
int xtcp_sysctl_format(struct xtcp_sysctl *s, unsigned int i, char *buf,
		       size_t len)
{
	const struct xtcp_sysctl_desc *d;
	unsigned int k;
	size_t pos = 0;
	int *v;

	if (i >= ARRAY_SIZE(xtcp_sysctls))
		return -ENOENT;
	d = &xtcp_sysctls[i];
	v = xtcp_sysctl_ptr(s, d);
	buf[0] = '\0';
	for (k = 0; k < d->n; k++) {
		int val = READ_ONCE(v[k]);

		if (d->kind == XTCP_SYSCTL_JIFFIES)
			val = val < 0 ? -(int)(-(long)val / HZ) : val / HZ;
		pos += scnprintf(buf + pos, len - pos, "%s%d", k ? "\t" : "",
				 val);
	}
	return pos;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_sysctl_format);

/* One number of a tunable's text: the kind's conversion and limits. */
static int xtcp_sysctl_parse_one(const struct xtcp_sysctl_desc *d,
				 const char *tok, int *out,
				 struct netlink_ext_ack *extack)
{
	long long val;

	if (kstrtoll(tok, 10, &val)) {
		NL_SET_ERR_MSG(extack, "not a number");
		return -EINVAL;
	}
	switch (d->kind) {
	case XTCP_SYSCTL_JIFFIES:
		/* do_proc_dointvec_jiffies_conv(): the magnitude is capped. */
		if (val > INT_MAX / HZ || val < -(INT_MAX / HZ)) {
			NL_SET_ERR_MSG(extack, "value out of range");
			return -EINVAL;
		}
		*out = val * HZ;
		return 0;
	case XTCP_SYSCTL_U8:
	case XTCP_SYSCTL_INT:
		if (val < d->min || val > d->max) {
			NL_SET_ERR_MSG(extack, "value out of range");
			return -EINVAL;
		}
		*out = val;
		return 0;
	}
	return -EINVAL;
}

/**
 * xtcp_sysctl_set() - set a tunable from its text
 * @s: the namespace's tunables
 * @name: which, by name
 * @text: one number, or up to three for a vector; separated by spaces or
 *	tabs. A vector given fewer numbers keeps the rest, as a write to
 *	/proc/sys does.
 * @extack: why it failed
 *
 * Everything is checked before anything changes.
 *
 * Return: 0, -ENOENT for an unknown name, -EINVAL for bad text.
 */
int xtcp_sysctl_set(struct xtcp_sysctl *s, const char *name, const char *text,
		    struct netlink_ext_ack *extack)
{
	const struct xtcp_sysctl_desc *d = NULL;
	char buf[64], *p = buf, *tok;
	int vals[3], *v;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(xtcp_sysctls); i++) {
		if (!strcmp(xtcp_sysctls[i].name, name)) {
			d = &xtcp_sysctls[i];
			break;
		}
	}
	if (!d) {
		NL_SET_ERR_MSG(extack, "no such tunable");
		return -ENOENT;
	}
	if (strscpy(buf, text, sizeof(buf)) < 0) {
		NL_SET_ERR_MSG(extack, "value too long");
		return -EINVAL;
	}
	while ((tok = strsep(&p, " \t\n"))) {
		int err;

		if (!*tok)
			continue;
		if (n == d->n) {
			NL_SET_ERR_MSG(extack, "too many values");
			return -EINVAL;
		}
		err = xtcp_sysctl_parse_one(d, tok, &vals[n], extack);
		if (err)
			return err;
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG(extack, "no value");
		return -EINVAL;
	}
	v = xtcp_sysctl_ptr(s, d);
	for (i = 0; i < n; i++)
		WRITE_ONCE(v[i], vals[i]);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_sysctl_set);
