// SPDX-License-Identifier: GPL-2.0
/*
 * A namespace's UDP state: its bound-socket table, and /proc/net/xtcp_udp,
 * which lists the table in the columns of /proc/net/udp (addresses as the
 * hex of the __be32 in memory, ports in host order), so existing readers
 * of that file parse it.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/sock.h>

#include "core/core.h"
#include "udp.h"

struct xtcp_udp_iter {
	struct seq_net_private	p;	/* first, for seq_file_net() */
};

/* The @pos-th socket of the table, counting from 0; table lock held. */
static struct sock *xtcp_udp_get_idx(struct xtcp_udp_table *t, loff_t pos)
{
	struct sock *sk;
	unsigned int i;

	for (i = 0; i < XTCP_UDP_HASH_SIZE; i++)
		sk_for_each(sk, &t->slots[i])
			if (pos-- == 0)
				return sk;
	return NULL;
}

static void *xtcp_udp_seq_start(struct seq_file *seq, loff_t *pos)
	__acquires(&t->lock)
{
	struct xtcp_udp_table *t = &xtcp_pernet(seq_file_net(seq))->udp;

	spin_lock_bh(&t->lock);
	return *pos ? xtcp_udp_get_idx(t, *pos - 1) : SEQ_START_TOKEN;
}

static void *xtcp_udp_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct xtcp_udp_table *t = &xtcp_pernet(seq_file_net(seq))->udp;

	++*pos;
	return xtcp_udp_get_idx(t, *pos - 1);
}

static void xtcp_udp_seq_stop(struct seq_file *seq, void *v)
	__releases(&t->lock)
{
	struct xtcp_udp_table *t = &xtcp_pernet(seq_file_net(seq))->udp;

	spin_unlock_bh(&t->lock);
}

static int xtcp_udp_seq_show(struct seq_file *seq, void *v)
{
	struct sock *sk = v;
	int rx;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
		return 0;
	}
	rx = max_t(int, sk_rmem_alloc_get(sk), 0);
	seq_printf(seq,
		   "%5u: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %u\n",
		   (unsigned int)(sk->sk_num & (XTCP_UDP_HASH_SIZE - 1)),
		   (__force u32)sk->sk_rcv_saddr, sk->sk_num,
		   (__force u32)sk->sk_daddr, ntohs(sk->sk_dport),
		   sk->sk_state, sk_wmem_alloc_get(sk), rx, 0, 0UL, 0,
		   from_kuid_munged(seq_user_ns(seq), sock_i_uid(sk)),
		   0, sock_i_ino(sk), refcount_read(&sk->sk_refcnt), sk,
		   atomic_read(&sk->sk_drops));
	return 0;
}

static const struct seq_operations xtcp_udp_seq_ops = {
	.start	= xtcp_udp_seq_start,
	.next	= xtcp_udp_seq_next,
	.stop	= xtcp_udp_seq_stop,
	.show	= xtcp_udp_seq_show,
};

int xtcp_udp_net_init(struct net *net)
{
	xtcp_udp_table_init(&xtcp_pernet(net)->udp);
	if (!proc_create_net("xtcp_udp", 0444, net->proc_net,
			     &xtcp_udp_seq_ops, sizeof(struct xtcp_udp_iter)))
		return -ENOMEM;
	return 0;
}

void xtcp_udp_net_exit(struct net *net)
{
	struct xtcp_udp_table *t = &xtcp_pernet(net)->udp;
	unsigned int i;

	remove_proc_entry("xtcp_udp", net->proc_net);
	/* A hashed socket holds its namespace; none can be left. */
	for (i = 0; i < XTCP_UDP_HASH_SIZE; i++)
		WARN_ON_ONCE(!hlist_empty(&t->slots[i]));
}
