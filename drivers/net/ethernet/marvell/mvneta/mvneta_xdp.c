// SPDX-License-Identifier: GPL-2.0
/*
 * Marvell NETA gigabit Ethernet driver: XDP
 *
 * The program runs in the RX NAPI loop on an xdp_buff over the ring's
 * page (XDP_PACKET_HEADROOM in front, skb_shared_info room behind).
 * Verdicts are acted on at once, except that XDP_TX frames are gathered
 * and queued together at the end of the poll, with one doorbell, and
 * redirects are flushed once per poll.
 *
 * One writer, mvneta_xdp_queue(), puts frames on a TX ring for both
 * XDP_TX (the RX page itself, already mapped) and ndo_xdp_xmit (frames
 * of other devices, mapped here).  The TX ring is the calling CPU's,
 * shared with the stack under the queue's TX lock.
 */

#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>

#include "mvneta.h"

/**
 * mvneta_xdp_queue() - put one frame on a TX ring
 * @pp: the port
 * @txq: the ring; its TX lock is held
 * @xdpf: the frame
 * @ndo: true for a foreign frame (ndo_xdp_xmit): map it; false for XDP_TX
 *	of one of our RX pages: only sync it
 *
 * The port is told later, by mvneta_txq_kick().
 *
 * Return: 0, or -ENOSPC / -ENOMEM when the frame was not queued.
 */
static int mvneta_xdp_queue(struct mvneta_port *pp,
			    struct mvneta_tx_queue *txq,
			    struct xdp_frame *xdpf, bool ndo)
{
	u32 i = txq->next_to_use;
	struct mvneta_tx_desc *d = &txq->descs[i];
	struct mvneta_tx_buf *b = &txq->bufs[i];
	dma_addr_t dma;

	/* Keep room for the stack's largest skb. */
	if (txq->size - txq->used <= MVNETA_TX_MAX_DESCS)
		return -ENOSPC;
	if (ndo) {
		dma = dma_map_single(pp->pdev_dev, xdpf->data, xdpf->len,
				     DMA_TO_DEVICE);
		if (dma_mapping_error(pp->pdev_dev, dma))
			return -ENOMEM;
		b->type = MVNETA_TX_XDP_NDO;
	} else {
		struct page *page = virt_to_page(xdpf->data);

		dma = page_pool_get_dma_addr(page) +
		      (xdpf->data - page_address(page));
		dma_sync_single_for_device(pp->pdev_dev, dma, xdpf->len,
					   DMA_BIDIRECTIONAL);
		b->type = MVNETA_TX_XDP_TX;
	}
	b->xdpf = xdpf;
	b->dma = dma;
	b->len = xdpf->len;
	d->command = cpu_to_le32(MVNETA_TXD_FIRST | MVNETA_TXD_LAST |
				 MVNETA_TXD_Z_PAD |
				 FIELD_PREP(MVNETA_TXD_L4_CSUM,
					    MVNETA_TXD_L4_CSUM_NOT));
	d->data_size = cpu_to_le16(xdpf->len);
	d->buf_addr = cpu_to_le32(dma);
	txq->next_to_use = i + 1 == txq->size ? 0 : i + 1;
	txq->used++;
	txq->pending++;
	return 0;
}

static struct mvneta_tx_queue *mvneta_xdp_txq(struct mvneta_port *pp,
					      struct netdev_queue **nq)
{
	unsigned int q = smp_processor_id() % pp->num_txqs;

	*nq = netdev_get_tx_queue(pp->dev, q);
	return &pp->txqs[q];
}

/**
 * mvneta_xdp_tx_flush() - queue the poll's XDP_TX frames, ring once
 * @pp: the port
 * @rxq: the RX ring whose poll gathered them, at least one
 */
void mvneta_xdp_tx_flush(struct mvneta_port *pp, struct mvneta_rx_queue *rxq)
{
	struct netdev_queue *nq;
	struct mvneta_tx_queue *txq = mvneta_xdp_txq(pp, &nq);
	u32 i, sent = 0, bytes = 0;

	__netif_tx_lock(nq, smp_processor_id());
	txq_trans_cond_update(nq);
	for (i = 0; i < rxq->xdp_tx_n; i++) {
		struct xdp_frame *xdpf = rxq->xdp_tx[i];

		if (mvneta_xdp_queue(pp, txq, xdpf, false)) {
			xdp_return_frame_rx_napi(xdpf);
			continue;
		}
		sent++;
		bytes += xdpf->len;
	}
	mvneta_txq_kick(pp, txq);
	/* Under the lock: start_xmit updates these too. */
	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.packets += sent;
	txq->stats.bytes += bytes;
	u64_stats_update_end(&txq->stats.syncp);
	__netif_tx_unlock(nq);

	u64_stats_update_begin(&rxq->stats.syncp);
	rxq->stats.xdp_tx += sent;
	rxq->stats.xdp_tx_err += rxq->xdp_tx_n - sent;
	u64_stats_update_end(&rxq->stats.syncp);
	rxq->xdp_tx_n = 0;
}

/**
 * mvneta_run_xdp() - run the program on one single-buffer frame
 * @pp: the port
 * @rxq: its RX ring
 * @prog: the program
 * @xdp: the frame; on XDP_PASS it tells what the skb must cover
 * @page: the page under it
 *
 * Every verdict but XDP_PASS consumes the page.
 *
 * Return: the verdict acted on (XDP_DROP for ABORTED and unknown ones).
 */
u32 mvneta_run_xdp(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
		   struct bpf_prog *prog, struct xdp_buff *xdp, struct page *page)
{
	/* The CPU may have written up to the end of the frame as it came,
	 * or as the program left it if it grew the frame.
	 */
	u32 sync = xdp->data_end - xdp->data_hard_start - MVNETA_RX_HEADROOM;
	u32 act = bpf_prog_run_xdp(prog, xdp);
	struct xdp_frame *xdpf;

	switch (act) {
	case XDP_PASS:
		rxq->xdp.pass++;
		return XDP_PASS;
	case XDP_TX:
		xdpf = xdp_convert_buff_to_frame(xdp);
		if (unlikely(!xdpf)) {
			rxq->xdp.tx_err++;
			break;
		}
		rxq->xdp_tx[rxq->xdp_tx_n++] = xdpf;
		if (rxq->xdp_tx_n == MVNETA_XDP_TX_BULK)
			mvneta_xdp_tx_flush(pp, rxq);
		return XDP_TX;
	case XDP_REDIRECT:
		if (unlikely(xdp_do_redirect(pp->dev, xdp, prog))) {
			rxq->xdp.redirect_err++;
			break;
		}
		rxq->xdp.redirect++;
		rxq->xdp_redirected = true;
		return XDP_REDIRECT;
	default:
		bpf_warn_invalid_xdp_action(pp->dev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(pp->dev, prog, act);
		rxq->xdp.aborted++;
		goto recycle;
	case XDP_DROP:
		rxq->xdp.drop++;
		goto recycle;
	}
	trace_xdp_exception(pp->dev, prog, act);
recycle:
	/* Clean for the device only the lines the CPU may have dirtied: the
	 * FCS after the frame was never read, let alone written.
	 */
	sync = max_t(u32, sync,
		     xdp->data_end - xdp->data_hard_start - MVNETA_RX_HEADROOM);
	page_pool_put_page(rxq->page_pool, page, sync, true);
	return XDP_DROP;
}

/**
 * mvneta_xdp_xmit() - ndo_xdp_xmit: queue frames of another device
 * @dev: our port
 * @n: frames
 * @frames: the frames
 * @flags: XDP_XMIT_FLUSH rings the doorbell
 *
 * Return: frames queued, or -ENETDOWN while the port is down or being
 * reconfigured.
 */
int mvneta_xdp_xmit(struct net_device *dev, int n,
		    struct xdp_frame **frames, u32 flags)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct mvneta_tx_queue *txq;
	struct netdev_queue *nq;
	u32 bytes = 0;
	int i, nxmit = 0;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	txq = mvneta_xdp_txq(pp, &nq);
	__netif_tx_lock(nq, smp_processor_id());
	if (unlikely(!READ_ONCE(pp->running))) {
		__netif_tx_unlock(nq);
		return -ENETDOWN;
	}
	txq_trans_cond_update(nq);
	for (i = 0; i < n; i++) {
		if (mvneta_xdp_queue(pp, txq, frames[i], true))
			break;
		bytes += frames[i]->len;
		nxmit++;
	}
	if (flags & XDP_XMIT_FLUSH)
		mvneta_txq_kick(pp, txq);
	/* Under the lock: start_xmit updates these too. */
	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.packets += nxmit;
	txq->stats.bytes += bytes;
	txq->stats.xdp_xmit += nxmit;
	txq->stats.xdp_xmit_err += n - nxmit;
	u64_stats_update_end(&txq->stats.syncp);
	__netif_tx_unlock(nq);
	return nxmit;
}

static int mvneta_xdp_setup(struct net_device *dev, struct bpf_prog *prog,
			    struct netlink_ext_ack *extack)
{
	struct mvneta_port *pp = netdev_priv(dev);
	bool restart = netif_running(dev) && !!prog != !!pp->xdp_prog;
	struct bpf_prog *old;

	if (prog && dev->mtu > MVNETA_XDP_MAX_MTU) {
		NL_SET_ERR_MSG_MOD(extack,
				   "MTU too large for XDP: frames must fit one buffer (MTU 3496 at most)");
		return -EOPNOTSUPP;
	}
	/* Between "no program" and "a program" the RX pages change DMA
	 * direction (XDP_TX sends them): rebuild the rings.  Program to
	 * program is a plain swap.
	 */
	if (restart) {
		struct mvneta_config cfg;
		int err;

		old = pp->xdp_prog;
		mvneta_get_config(pp, &cfg);
		cfg.xdp_prog = prog;
		err = mvneta_reconfigure(dev, &cfg);
		if (err) {
			/* The core drops the reference it gave us. */
			NL_SET_ERR_MSG_MOD(extack,
					   "cannot rebuild the rings for XDP (see the kernel log)");
			return err;
		}
	} else {
		old = xchg(&pp->xdp_prog, prog);
	}
	if (old)
		bpf_prog_put(old);
	return 0;
}

/**
 * mvneta_xdp_set_features() - tell the core what XDP the port offers
 * @dev: our port
 *
 * A program sees one buffer: beyond the MTU that fits one, the port takes
 * no program, and says so.  Other devices may redirect frames to the port
 * whatever its MTU.
 *
 * Context: rtnl held, or @dev not registered yet.
 */
void mvneta_xdp_set_features(struct net_device *dev)
{
	xdp_features_t act = 0;

	if (dev->mtu <= MVNETA_XDP_MAX_MTU)
		act |= NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT;
	act |= NETDEV_XDP_ACT_NDO_XMIT;
	xdp_set_features_flag(dev, act);
}

int mvneta_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return mvneta_xdp_setup(dev, bpf->prog, bpf->extack);
	default:
		return -EINVAL;
	}
}
