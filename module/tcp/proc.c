// SPDX-License-Identifier: GPL-2.0
/*
 * TCP's per-namespace state, and /proc/net/xtcp in the format of Linux's
 * /proc/net/tcp (tcp4_seq_show()): listeners first, then the established
 * table, TIME-WAIT and SYN-RECV minisocks included, one line each.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "core/core.h"
#include "tcp.h"

#define XTCP_TCP_PROC_WIDTH	149	/* TMPSZ - 1 */

static void xtcp_tcp_proc_sock(struct seq_file *f, struct sock *sk, int i)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int state = inet_sk_state_load(sk);
	unsigned long expires;
	u32 rxq, txq;
	int timer;

	timer = xtcp_tcp_sock_timer(sk, &expires);
	xtcp_tcp_sock_queues(sk, &rxq, &txq);
	if (state == TCP_LISTEN)
		txq = 0;
	seq_setwidth(f, XTCP_TCP_PROC_WIDTH);
	seq_printf(f, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %lu %lu %u %u %d",
		   i, sk->sk_rcv_saddr, sk->sk_num, sk->sk_daddr,
		   ntohs(sk->sk_dport), state,
		   txq, rxq,
		   timer, jiffies_delta_to_clock_t(expires - jiffies),
		   tp->retransmits,
		   from_kuid_munged(seq_user_ns(f), sock_i_uid(sk)),
		   tp->probes_out, sock_i_ino(sk),
		   refcount_read(&sk->sk_refcnt), sk,
		   jiffies_to_clock_t(tp->rto), jiffies_to_clock_t(XTCP_TCP_DELACK_MIN),
		   0U, tp->cc.cwnd,
		   state == TCP_LISTEN ? 0 :
		   (tp->cc.ssthresh >= 0x7fffffff ? -1 : (int)tp->cc.ssthresh));
	seq_pad(f, '\n');
}

static void xtcp_tcp_proc_mini(struct seq_file *f, struct xtcp_tcp_mini *m,
			       int i)
{
	long delta = m->timer.expires - jiffies;
	bool req = m->common.skc_state == XTCP_TCP_NEW_SYN_RECV;

	seq_setwidth(f, XTCP_TCP_PROC_WIDTH);
	seq_printf(f, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %d %d %pK",
		   i, m->common.skc_rcv_saddr, m->common.skc_num,
		   m->common.skc_daddr, ntohs(m->common.skc_dport),
		   req ? TCP_SYN_RECV : TCP_TIME_WAIT, 0, 0,
		   req ? 1 : 3,
		   jiffies_delta_to_clock_t(timer_pending(&m->timer) ? delta : 0),
		   req ? m->retrans : 0,
		   req ? from_kuid_munged(seq_user_ns(f),
					  sock_i_uid(m->listener)) : 0,
		   0, 0, refcount_read(&m->common.skc_refcnt), m);
	seq_pad(f, '\n');
}

static int xtcp_tcp_proc_show(struct seq_file *f, void *v)
{
	struct net *net = seq_file_single_net(f);
	struct xtcp_tcp_table *t = &xtcp_pernet(net)->tcp.table;
	struct sock_common *skc;
	struct xtcp_tcp_mini *m;
	struct sock *sk;
	unsigned int b;
	int i = 0;

	seq_setwidth(f, XTCP_TCP_PROC_WIDTH);
	seq_puts(f, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
	seq_pad(f, '\n');
	rcu_read_lock();
	for (b = 0; b < 1U << XTCP_TCP_LHASH_BITS; b++)
		sk_for_each_rcu(sk, &t->lhash[b])
			xtcp_tcp_proc_sock(f, sk, i++);
	for (b = 0; b < 1U << XTCP_TCP_EHASH_BITS; b++) {
		hlist_for_each_entry_rcu(skc, &t->ehash[b], skc_node) {
			m = container_of(skc, struct xtcp_tcp_mini, common);
			if (skc->skc_state == TCP_TIME_WAIT ||
			    skc->skc_state == XTCP_TCP_NEW_SYN_RECV)
				xtcp_tcp_proc_mini(f, m, i++);
			else
				xtcp_tcp_proc_sock(f, (struct sock *)skc, i++);
		}
	}
	rcu_read_unlock();
	return 0;
}

int xtcp_tcp_net_init(struct net *net)
{
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;
	int err;

	err = xtcp_tcp_table_init(&tn->table);
	if (err)
		return err;
	xtcp_tcp_secrets_init(&tn->secrets);
	memset(&tn->challenge_rl, 0, sizeof(tn->challenge_rl));
	if (!proc_create_net_single("xtcp", 0444, net->proc_net,
				    xtcp_tcp_proc_show, NULL)) {
		xtcp_tcp_table_destroy(&tn->table);
		return -ENOMEM;
	}
	xtcp_cong_net_init(net);
	return 0;
}

void xtcp_tcp_net_exit(struct net *net)
{
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;

	remove_proc_entry("xtcp", net->proc_net);
	/* Sockets hold their namespace; only minisocks can be left. */
	xtcp_tcp_purge_minis(net);
	xtcp_tcp_table_destroy(&tn->table);
	xtcp_cong_net_exit(net);
}
