// SPDX-License-Identifier: GPL-2.0
/*
 * TCP sockets as netlink messages, for `xtcp sock show` (what
 * inet_diag.c and tcp_diag.c do for ss): every listener, connection,
 * request and TIME-WAIT minisock of a namespace, with struct tcp_info for
 * the full sockets.
 *
 * The walk takes references to a few entries of one bucket under RCU and
 * fills their messages outside it, where TCP_INFO may lock the socket, as
 * inet_diag_dump_icsk() does. cb->args[] say where the next part of the
 * dump goes on: the table, the bucket, and how far into the bucket.
 */
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <net/genetlink.h>
#include <net/tcp_states.h>

#include "core/core.h"
#include "tcp.h"

/* The tables in the order they are dumped, as /proc/net/xtcp lists them. */
enum {
	XTCP_TCP_DIAG_LISTEN,
	XTCP_TCP_DIAG_EST,
	XTCP_TCP_DIAG_DONE,
};

#define XTCP_TCP_DIAG_BATCH	16

static bool xtcp_tcp_skc_is_mini(const struct sock_common *skc)
{
	return skc->skc_state == TCP_TIME_WAIT ||
	       skc->skc_state == XTCP_TCP_NEW_SYN_RECV;
}

static struct xtcp_tcp_mini *xtcp_tcp_skc_mini(struct sock_common *skc)
{
	return container_of(skc, struct xtcp_tcp_mini, common);
}

/**
 * xtcp_tcp_sock_timer - the timer a full socket waits on
 * @sk: the socket
 * @expires: set to when it fires, jiffies (now if none)
 *
 * As get_tcp4_sock() tells it for /proc/net/tcp: the retransmission timer
 * is "on" with data in flight and the persist timer without.
 *
 * Return: an XTCP_SOCK_TIMER_* value.
 */
int xtcp_tcp_sock_timer(const struct sock *sk, unsigned long *expires)
{
	const struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (timer_pending(&tp->retrans_timer)) {
		*expires = tp->retrans_timer.expires;
		return READ_ONCE(tp->packets_out) ? XTCP_SOCK_TIMER_ON :
						    XTCP_SOCK_TIMER_PERSIST;
	}
	if (timer_pending(&tp->keepalive_timer)) {
		*expires = tp->keepalive_timer.expires;
		return XTCP_SOCK_TIMER_KEEPALIVE;
	}
	*expires = jiffies;
	return XTCP_SOCK_TIMER_NONE;
}

/**
 * xtcp_tcp_sock_queues - what ss shows as Recv-Q and Send-Q
 * @sk: the socket
 * @rq: bytes not yet read; a listener's connections waiting for accept()
 * @wq: bytes not yet acknowledged; a listener's backlog
 */
void xtcp_tcp_sock_queues(const struct sock *sk, u32 *rq, u32 *wq)
{
	const struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (inet_sk_state_load(sk) == TCP_LISTEN) {
		*rq = READ_ONCE(sk->sk_ack_backlog);
		*wq = READ_ONCE(sk->sk_max_ack_backlog);
		return;
	}
	*rq = max_t(int, READ_ONCE(tp->tcb.rcv_nxt) -
		    READ_ONCE(tp->copied_seq), 0);
	*wq = READ_ONCE(tp->write_seq) - READ_ONCE(tp->tcb.snd_una);
}

static int xtcp_tcp_diag_put_common(struct sk_buff *skb,
				    const struct sock_common *skc, u8 state,
				    u32 rq, u32 wq, u8 timer, long delta,
				    u8 retrans)
{
	if (nla_put_u8(skb, XTCP_A_SOCK_STATE, state) ||
	    nla_put_in_addr(skb, XTCP_A_SOCK_SRC, skc->skc_rcv_saddr) ||
	    nla_put_u16(skb, XTCP_A_SOCK_SPORT, skc->skc_num) ||
	    nla_put_in_addr(skb, XTCP_A_SOCK_DST, skc->skc_daddr) ||
	    nla_put_u16(skb, XTCP_A_SOCK_DPORT, ntohs(skc->skc_dport)) ||
	    nla_put_u32(skb, XTCP_A_SOCK_RQUEUE, rq) ||
	    nla_put_u32(skb, XTCP_A_SOCK_WQUEUE, wq) ||
	    nla_put_u8(skb, XTCP_A_SOCK_TIMER, timer) ||
	    nla_put_u32(skb, XTCP_A_SOCK_EXPIRES_MS,
			timer ? jiffies_to_msecs(max(delta, 0L)) : 0) ||
	    nla_put_u8(skb, XTCP_A_SOCK_RETRANS, retrans) ||
	    (skc->skc_bound_dev_if &&
	     nla_put_u32(skb, XTCP_A_IFINDEX, skc->skc_bound_dev_if)))
		return -EMSGSIZE;
	return 0;
}

/* What SO_MEMINFO reports (sk_get_meminfo(), which is not exported). */
static void xtcp_tcp_diag_meminfo(const struct sock *sk,
				  u32 mem[SK_MEMINFO_VARS])
{
	mem[SK_MEMINFO_RMEM_ALLOC] = sk_rmem_alloc_get(sk);
	mem[SK_MEMINFO_RCVBUF] = READ_ONCE(sk->sk_rcvbuf);
	mem[SK_MEMINFO_WMEM_ALLOC] = sk_wmem_alloc_get(sk);
	mem[SK_MEMINFO_SNDBUF] = READ_ONCE(sk->sk_sndbuf);
	mem[SK_MEMINFO_FWD_ALLOC] = sk_forward_alloc_get(sk);
	mem[SK_MEMINFO_WMEM_QUEUED] = READ_ONCE(sk->sk_wmem_queued);
	mem[SK_MEMINFO_OPTMEM] = atomic_read(&sk->sk_omem_alloc);
	mem[SK_MEMINFO_BACKLOG] = READ_ONCE(sk->sk_backlog.len);
	mem[SK_MEMINFO_DROPS] = atomic_read(&sk->sk_drops);
}

/* A listener or connection; may sleep (TCP_INFO takes the socket lock). */
static int xtcp_tcp_diag_fill_sock(struct sk_buff *skb, struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 mem[SK_MEMINFO_VARS];
	unsigned long expires;
	struct tcp_info info;
	int timer, state;
	u8 retrans;
	u32 rq, wq;

	xtcp_tcp_get_info(sk, &info);
	xtcp_tcp_diag_meminfo(sk, mem);
	state = inet_sk_state_load(sk);
	xtcp_tcp_sock_queues(sk, &rq, &wq);
	timer = xtcp_tcp_sock_timer(sk, &expires);
	retrans = timer == XTCP_SOCK_TIMER_ON ? READ_ONCE(tp->retransmits) :
						 READ_ONCE(tp->probes_out);
	if (xtcp_tcp_diag_put_common(skb, &sk->__sk_common, state, rq, wq,
				     timer, expires - jiffies, retrans) ||
	    nla_put_u32(skb, XTCP_A_SOCK_UID,
			from_kuid_munged(&init_user_ns, sock_i_uid(sk))) ||
	    nla_put_u64_64bit(skb, XTCP_A_SOCK_INODE, sock_i_ino(sk),
			      XTCP_A_PAD) ||
	    nla_put(skb, XTCP_A_SOCK_INFO, sizeof(info), &info) ||
	    nla_put_string(skb, XTCP_A_SOCK_CONG, xtcp_tcp_cong_name(sk)) ||
	    nla_put(skb, XTCP_A_SOCK_MEMINFO, sizeof(mem), mem))
		return -EMSGSIZE;
	return 0;
}

/* A request (SYN-RECV) or TIME-WAIT minisock. */
static int xtcp_tcp_diag_fill_mini(struct sk_buff *skb,
				   const struct xtcp_tcp_mini *m)
{
	bool req = m->common.skc_state == XTCP_TCP_NEW_SYN_RECV;
	kuid_t uid = req ? sock_i_uid(m->listener) : GLOBAL_ROOT_UID;
	bool pending = timer_pending(&m->timer);

	if (xtcp_tcp_diag_put_common(skb, &m->common,
				     req ? TCP_SYN_RECV : TCP_TIME_WAIT, 0, 0,
				     !pending ? XTCP_SOCK_TIMER_NONE :
				     req ? XTCP_SOCK_TIMER_ON :
					   XTCP_SOCK_TIMER_TIMEWAIT,
				     m->timer.expires - jiffies,
				     req ? m->retrans : 0) ||
	    nla_put_u32(skb, XTCP_A_SOCK_UID,
			from_kuid_munged(&init_user_ns, uid)) ||
	    nla_put_u64_64bit(skb, XTCP_A_SOCK_INODE, 0, XTCP_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static int xtcp_tcp_diag_fill(struct sk_buff *skb, struct netlink_callback *cb,
			      struct sock_common *skc)
{
	void *hdr = xtcp_nl_dump_hdr(skb, cb);
	int err;

	if (!hdr)
		return -EMSGSIZE;
	if (xtcp_tcp_skc_is_mini(skc))
		err = xtcp_tcp_diag_fill_mini(skb, xtcp_tcp_skc_mini(skc));
	else
		err = xtcp_tcp_diag_fill_sock(skb, (struct sock *)skc);
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static void xtcp_tcp_diag_put(struct sock_common *skc)
{
	if (xtcp_tcp_skc_is_mini(skc))
		xtcp_tcp_mini_put(xtcp_tcp_skc_mini(skc));
	else
		sock_put((struct sock *)skc);
}

/**
 * struct xtcp_tcp_diag_batch - referenced entries of one bucket
 * @skc: the entries
 * @pos: where each is in the bucket, counted after the entries skipped
 * @seen: how many entries the batch spans, those whose reference could not
 *	be taken (they are going) included
 */
struct xtcp_tcp_diag_batch {
	struct sock_common	*skc[XTCP_TCP_DIAG_BATCH];
	unsigned long		pos[XTCP_TCP_DIAG_BATCH];
	unsigned long		seen;
};

/* Up to XTCP_TCP_DIAG_BATCH entries of @head after its first @skip. */
static int xtcp_tcp_diag_grab(struct hlist_head *head, unsigned long skip,
			      struct xtcp_tcp_diag_batch *batch)
{
	struct sock_common *skc;
	int n = 0;

	batch->seen = 0;
	rcu_read_lock();
	hlist_for_each_entry_rcu(skc, head, skc_node) {
		if (skip) {
			skip--;
			continue;
		}
		if (refcount_inc_not_zero(&skc->skc_refcnt)) {
			batch->skc[n] = skc;
			batch->pos[n++] = batch->seen;
		}
		batch->seen++;
		if (n == XTCP_TCP_DIAG_BATCH)
			break;
	}
	rcu_read_unlock();
	return n;
}

/**
 * xtcp_tcp_diag_dump - dump the namespace's TCP sockets (XTCP_CMD_SOCK_GET)
 * @skb: the reply being filled
 * @cb: the dump; cb->args[0..2] are the table, bucket and entry to go on at
 *
 * Sockets that come or go while the dump is in progress may be missed or
 * shown twice, as with inet_diag.
 *
 * Return: the length of @skb, 0 when the dump is complete, or an error.
 */
int xtcp_tcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct xtcp_tcp_table *t = &xtcp_pernet(sock_net(cb->skb->sk))->tcp.table;
	unsigned long phase = cb->args[0], b = cb->args[1], skip = cb->args[2];
	struct xtcp_tcp_diag_batch batch;
	struct hlist_head *head;
	int err = 0, n, i, sent;
	unsigned long size;

	for (; phase < XTCP_TCP_DIAG_DONE; phase++, b = 0) {
		head = phase == XTCP_TCP_DIAG_LISTEN ? t->lhash : t->ehash;
		size = phase == XTCP_TCP_DIAG_LISTEN ?
		       1UL << XTCP_TCP_LHASH_BITS : 1UL << XTCP_TCP_EHASH_BITS;
		for (; b < size; b++, skip = 0) {
			do {
				n = xtcp_tcp_diag_grab(&head[b], skip, &batch);
				for (i = 0, sent = 0; i < n; i++) {
					if (!err)
						err = xtcp_tcp_diag_fill(skb, cb,
									 batch.skc[i]);
					if (!err)
						sent++;
					xtcp_tcp_diag_put(batch.skc[i]);
				}
				if (err) {
					/* Go on at the entry that did not fit. */
					skip += batch.pos[sent];
					goto out;
				}
				skip += batch.seen;
			} while (n == XTCP_TCP_DIAG_BATCH);
		}
	}
out:
	cb->args[0] = phase;
	cb->args[1] = b;
	cb->args[2] = skip;
	/* A full skb ends this part; the next goes on from the same entry. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
