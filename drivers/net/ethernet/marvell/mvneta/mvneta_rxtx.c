// SPDX-License-Identifier: GPL-2.0
/*
 * Marvell NETA gigabit Ethernet driver: rings and data path
 *
 * RX: one page_pool per ring.  Every descriptor owns one order-0 page; the
 * port writes the frame XDP_PACKET_HEADROOM bytes in, behind a 2-byte
 * Marvell header, and the skb is built around the same page, which goes
 * back to the pool when the skb is freed.  Frames longer than a buffer
 * continue in the next descriptors and become page fragments.
 *
 * TX: one ring per CPU, scatter-gather, checksum insertion and TSO; the
 * port is told about new descriptors once per burst (xmit_more) and
 * completions are reaped in NAPI under the queue's TX lock.
 *
 * XDP: the program runs in the RX poll on an xdp_buff over the ring's
 * page (XDP_PACKET_HEADROOM in front, skb_shared_info room behind).
 * Verdicts are acted on at once, except that XDP_TX frames are gathered
 * and queued together at the end of the poll, with one doorbell, and
 * redirects are flushed once per poll.  XDP_TX and ndo_xdp_xmit frames
 * share the TX rings, their descriptor writer and their reaping with the
 * stack's skbs.
 */

#include <linux/bpf_trace.h>
#include <linux/dma-mapping.h>
#include <linux/filter.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/page_pool/helpers.h>
#include <net/tso.h>
#include <net/xdp.h>

#include "mvneta.h"

static u32 ring_next(u32 i, u32 size)
{
	return ++i == size ? 0 : i;
}

/* ------------------------------------------------------------------ RX */

/* A ring of @cfg's size for @rxq, its page pool and every buffer.  On
 * failure, what was had stays in @rxq, for mvneta_rxq_free(): the pool
 * may only go once NAPI cannot run (see mvneta_rings_discard()).
 */
static int mvneta_rxq_alloc(struct mvneta_port *pp,
			    const struct mvneta_config *cfg, u32 buf_size,
			    struct mvneta_rx_queue *rxq)
{
	struct page_pool_params pp_params = {
		.order = 0,
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.pool_size = cfg->rx_ring_size,
		.nid = NUMA_NO_NODE,
		.dev = pp->pdev_dev,
		/* The pool's one consumer: what is freed in its context,
		 * skbs the stack drops included, goes straight back to the
		 * pool's cache.
		 */
		.napi = &pp->napi,
		/* netlink shows the pool and its counters with the port. */
		.netdev = pp->dev,
		/* XDP_TX sends the RX pages themselves. */
		.dma_dir = cfg->xdp_prog ? DMA_BIDIRECTIONAL : DMA_FROM_DEVICE,
		.offset = MVNETA_RX_HEADROOM,
		.max_len = buf_size,
	};
	struct page_pool *pool;
	u32 i;
	int err;

	rxq->size = cfg->rx_ring_size;
	rxq->descs = dma_alloc_coherent(pp->pdev_dev,
					rxq->size * MVNETA_DESC_SIZE,
					&rxq->descs_dma, GFP_KERNEL);
	if (!rxq->descs)
		return -ENOMEM;
	rxq->pages = kcalloc(rxq->size, sizeof(*rxq->pages), GFP_KERNEL);
	if (!rxq->pages)
		return -ENOMEM;
	pool = page_pool_create(&pp_params);
	if (IS_ERR(pool))
		return PTR_ERR(pool);
	rxq->page_pool = pool;
	err = xdp_rxq_info_reg(&rxq->xdp_rxq, pp->dev, rxq->id,
			       pp->napi.napi_id);
	if (err)
		return err;
	err = xdp_rxq_info_reg_mem_model(&rxq->xdp_rxq, MEM_TYPE_PAGE_POOL,
					 rxq->page_pool);
	if (err)
		return err;

	/* Process context, and NAPI does not see this ring yet: where
	 * page_pool allows it, the first fill may sleep for its pages, which
	 * the refill in NAPI cannot (see MVNETA_RX_FILL_GFP).
	 */
	for (i = 0; i < rxq->size; i++) {
		struct page *page = page_pool_alloc_pages(rxq->page_pool,
							  MVNETA_RX_FILL_GFP);

		if (!page)
			return -ENOMEM;
		rxq->pages[i] = page;
		rxq->descs[i].buf_addr =
			cpu_to_le32(page_pool_get_dma_addr(page) +
				    MVNETA_RX_HEADROOM);
	}
	rxq->next_to_clean = 0;
	rxq->next_to_fill = 0;
	rxq->missing = 0;
	rxq->skb = NULL;
	rxq->dropping = false;
	rxq->xdp_tx_n = 0;
	rxq->xdp_redirected = false;
	memset(&rxq->xdp, 0, sizeof(rxq->xdp));
	return 0;
}

/* Free @rxq and what it holds, whole or as far as mvneta_rxq_alloc() got. */
static void mvneta_rxq_free(struct mvneta_port *pp, struct mvneta_rx_queue *rxq)
{
	u32 i;

	if (rxq->skb) {
		dev_kfree_skb_any(rxq->skb);
		rxq->skb = NULL;
	}
	for (i = 0; rxq->pages && i < rxq->size; i++)
		if (rxq->pages[i])
			page_pool_put_full_page(rxq->page_pool, rxq->pages[i],
						false);
	kfree(rxq->pages);
	rxq->pages = NULL;
	if (xdp_rxq_info_is_reg(&rxq->xdp_rxq))
		xdp_rxq_info_unreg(&rxq->xdp_rxq);
	if (rxq->page_pool) {
		page_pool_destroy(rxq->page_pool);
		rxq->page_pool = NULL;
	}
	if (rxq->descs) {
		dma_free_coherent(pp->pdev_dev, rxq->size * MVNETA_DESC_SIZE,
				  rxq->descs, rxq->descs_dma);
		rxq->descs = NULL;
	}
}

/* Tell the port: @done descriptors read, @filled handed back. */
static void mvneta_rxq_update(struct mvneta_port *pp, int q, u32 done,
			      u32 filled)
{
	while (done || filled) {
		u32 d = min_t(u32, done, MVNETA_RXQ_UPDATE_MAX);
		u32 f = min_t(u32, filled, MVNETA_RXQ_UPDATE_MAX);

		mvneta_write(pp, MVNETA_RXQ_STATUS_UPDATE(q),
			     FIELD_PREP(MVNETA_RXQ_DEC_OCCUPIED, d) |
			     FIELD_PREP(MVNETA_RXQ_ADD_NON_OCC, f));
		done -= d;
		filled -= f;
	}
}

static void mvneta_rxq_hw_init(struct mvneta_port *pp,
			       struct mvneta_rx_queue *rxq)
{
	int q = rxq->id;

	mvneta_write(pp, MVNETA_RXQ_BASE(q), rxq->descs_dma);
	mvneta_write(pp, MVNETA_RXQ_SIZE(q),
		     FIELD_PREP(MVNETA_RXQ_SIZE_DESCS, rxq->size) |
		     FIELD_PREP(MVNETA_RXQ_SIZE_BUF, pp->rx_buf_size >> 3));
	/* Frames start at the buffer address: the headroom is in there. */
	mvneta_write(pp, MVNETA_RXQ_CONFIG(q), 0);
	mvneta_rxq_update(pp, q, 0, rxq->size);
}

/* Give pages to the descriptors that lack one; returns how many got one. */
static u32 mvneta_rx_refill(struct mvneta_port *pp, struct mvneta_rx_queue *rxq)
{
	u32 filled = 0;

	while (rxq->missing) {
		u32 i = rxq->next_to_fill;
		struct page *page;

		page = page_pool_alloc_pages(rxq->page_pool,
					     GFP_ATOMIC | __GFP_NOWARN);
		if (unlikely(!page)) {
			u64_stats_update_begin(&pp->sw.syncp);
			u64_stats_inc(&pp->sw.refill_errors);
			u64_stats_update_end(&pp->sw.syncp);
			break;
		}
		rxq->pages[i] = page;
		rxq->descs[i].buf_addr =
			cpu_to_le32(page_pool_get_dma_addr(page) +
				    MVNETA_RX_HEADROOM);
		rxq->next_to_fill = ring_next(i, rxq->size);
		rxq->missing--;
		filled++;
	}
	return filled;
}

static void mvneta_rx_error(struct mvneta_port *pp, u32 status)
{
	struct mvneta_sw_stats *sw = &pp->sw;
	u64_stats_t *ctr;

	switch (FIELD_GET(MVNETA_RXD_ERR_CODE, status)) {
	case MVNETA_RXD_ERR_CRC:
		ctr = &sw->rx_crc_errors;
		break;
	case MVNETA_RXD_ERR_OVERRUN:
		ctr = &sw->rx_overrun_errors;
		break;
	case MVNETA_RXD_ERR_LEN:
		ctr = &sw->rx_length_errors;
		break;
	default:
		ctr = &sw->rx_resource_errors;
		break;
	}
	u64_stats_update_begin(&sw->syncp);
	u64_stats_inc(ctr);
	u64_stats_update_end(&sw->syncp);
}

static void mvneta_rx_csum(struct mvneta_port *pp, struct sk_buff *skb,
			   u32 status)
{
	const u32 ok = MVNETA_RXD_IP4 | MVNETA_RXD_IP4_HDR_OK |
		       MVNETA_RXD_L4_CSUM_OK;

	if ((pp->dev->features & NETIF_F_RXCSUM) &&
	    (status & (ok | MVNETA_RXD_IP4_FRAG)) == ok)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
}

/* Fold the poll's XDP verdict counts into the ring's counters, inside
 * their u64_stats update section.
 */
static void mvneta_xdp_fold(struct mvneta_rx_queue *rxq)
{
	struct mvneta_xdp_counts *x = &rxq->xdp;

	rxq->stats.xdp_pass += x->pass;
	rxq->stats.xdp_drop += x->drop;
	rxq->stats.xdp_aborted += x->aborted;
	rxq->stats.xdp_redirect += x->redirect;
	rxq->stats.xdp_redirect_err += x->redirect_err;
	rxq->stats.xdp_tx_err += x->tx_err;
	memset(x, 0, sizeof(*x));
}

struct mvneta_rx_ctx {
	u64 packets;
	u64 bytes;
	u64 errors;
	u64 dropped;
	u64 alloc_errors;
};

/* Make the first @len bytes the port wrote into @page visible to the CPU. */
static void mvneta_rx_sync(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
			   struct page *page, u32 len)
{
	dma_sync_single_range_for_cpu(pp->pdev_dev,
				      page_pool_get_dma_addr(page),
				      MVNETA_RX_HEADROOM, len,
				      page_pool_get_dma_dir(rxq->page_pool));
}

/* Queues the poll's XDP_TX frames on a TX ring (with the TX datapath). */
static void mvneta_xdp_tx_flush(struct mvneta_port *pp,
				struct mvneta_rx_queue *rxq);

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
static u32 mvneta_run_xdp(struct mvneta_port *pp,
			  struct mvneta_rx_queue *rxq, struct bpf_prog *prog,
			  struct xdp_buff *xdp, struct page *page)
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

/* First buffer of a frame: build the skb around its page. */
static void mvneta_rx_first(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
			    struct mvneta_rx_ctx *c, struct page *page,
			    u32 status, u32 total, struct bpf_prog *prog,
			    struct xdp_buff *xdp)
{
	u32 in_buf = min(total, pp->rx_buf_size);
	u32 frame_len, here;
	struct sk_buff *skb;

	if (unlikely(total < MVNETA_MH_SIZE + ETH_HLEN + ETH_FCS_LEN)) {
		c->errors++;
		goto drop;
	}
	frame_len = total - MVNETA_MH_SIZE - ETH_FCS_LEN;
	here = min_t(u32, in_buf - MVNETA_MH_SIZE, frame_len);

	/* The CPU reads the frame, never its FCS. */
	mvneta_rx_sync(pp, rxq, page, MVNETA_MH_SIZE + here);
	if (prog) {
		if (unlikely(!(status & MVNETA_RXD_LAST))) {
			/* The MTU keeps XDP frames in one buffer. */
			c->errors++;
			goto drop;
		}
		xdp_prepare_buff(xdp, page_address(page),
				 MVNETA_RX_HEADROOM + MVNETA_MH_SIZE, here, true);
		if (mvneta_run_xdp(pp, rxq, prog, xdp, page) !=
		    XDP_PASS) {
			/* Counted as received, whatever the verdict. */
			c->packets++;
			c->bytes += here;
			return;
		}
		skb = napi_build_skb(xdp->data_hard_start, PAGE_SIZE);
		if (unlikely(!skb)) {
			c->alloc_errors++;
			c->dropped++;
			goto drop;
		}
		skb_reserve(skb, xdp->data - xdp->data_hard_start);
		__skb_put(skb, xdp->data_end - xdp->data);
		if (xdp->data_meta != xdp->data)
			skb_metadata_set(skb, xdp->data - xdp->data_meta);
	} else {
		skb = napi_build_skb(page_address(page), PAGE_SIZE);
		if (unlikely(!skb)) {
			c->alloc_errors++;
			c->dropped++;
			goto drop;
		}
		skb_reserve(skb, MVNETA_RX_HEADROOM + MVNETA_MH_SIZE);
		__skb_put(skb, here);
	}
	skb_mark_for_recycle(skb);
	mvneta_rx_csum(pp, skb, status);
	rxq->skb = skb;
	rxq->frame_left = total - in_buf;
	return;

drop:
	page_pool_recycle_direct(rxq->page_pool, page);
	rxq->dropping = !(status & MVNETA_RXD_LAST);
}

/* A following buffer: add it as a fragment, FCS bytes left out. */
static void mvneta_rx_more(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
			   struct mvneta_rx_ctx *c, struct page *page)
{
	struct sk_buff *skb = rxq->skb;
	u32 in_buf = min(rxq->frame_left, pp->rx_buf_size);
	u32 data_left = rxq->frame_left > ETH_FCS_LEN ?
			rxq->frame_left - ETH_FCS_LEN : 0;
	u32 use = min(in_buf, data_left);
	struct skb_shared_info *sh = skb_shinfo(skb);

	rxq->frame_left -= in_buf;
	if (!use) {		/* nothing but FCS bytes in here */
		page_pool_recycle_direct(rxq->page_pool, page);
		return;
	}
	if (unlikely(sh->nr_frags >= MAX_SKB_FRAGS)) {
		c->errors++;
		page_pool_recycle_direct(rxq->page_pool, page);
		dev_kfree_skb_any(skb);
		rxq->skb = NULL;
		rxq->dropping = true;
		return;
	}
	mvneta_rx_sync(pp, rxq, page, use);
	skb_add_rx_frag(skb, sh->nr_frags, page, MVNETA_RX_HEADROOM, use,
			PAGE_SIZE);
}

static int mvneta_rx_poll(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
			  int budget)
{
	u32 todo = FIELD_GET(MVNETA_RXQ_OCCUPIED,
			     mvneta_read(pp, MVNETA_RXQ_STATUS(rxq->id)));
	struct bpf_prog *prog = READ_ONCE(pp->xdp_prog);
	struct mvneta_rx_ctx c = {};
	u32 done = 0, filled;
	struct xdp_buff xdp;	/* one per poll: set up once */
	int frames = 0;

	xdp_init_buff(&xdp, PAGE_SIZE, &rxq->xdp_rxq);

	while (done < todo && frames < budget) {
		u32 i = rxq->next_to_clean;
		struct mvneta_rx_desc *desc = &rxq->descs[i];
		u32 status = le32_to_cpu(desc->status);
		struct page *page = rxq->pages[i];

		rxq->pages[i] = NULL;
		rxq->next_to_clean = ring_next(i, rxq->size);
		rxq->missing++;
		done++;

		if (status & MVNETA_RXD_FIRST) {
			if (unlikely(rxq->skb)) {	/* never finished */
				dev_kfree_skb_any(rxq->skb);
				rxq->skb = NULL;
				c.errors++;
			}
			rxq->dropping = false;
			if (unlikely(status & MVNETA_RXD_ERR_SUMMARY)) {
				mvneta_rx_error(pp, status);
				c.errors++;
				page_pool_recycle_direct(rxq->page_pool, page);
				rxq->dropping = !(status & MVNETA_RXD_LAST);
				continue;
			}
			mvneta_rx_first(pp, rxq, &c, page, status,
					le16_to_cpu(desc->data_size), prog, &xdp);
			if (!rxq->skb && (status & MVNETA_RXD_LAST))
				frames++;	/* consumed by XDP */
		} else if (rxq->skb && !rxq->dropping) {
			mvneta_rx_more(pp, rxq, &c, page);
		} else {
			page_pool_recycle_direct(rxq->page_pool, page);
			if (status & MVNETA_RXD_LAST)
				rxq->dropping = false;
			continue;
		}
		if (!(status & MVNETA_RXD_LAST) || !rxq->skb)
			continue;

		/* A whole frame. */
		c.packets++;
		c.bytes += rxq->skb->len;
		rxq->skb->protocol = eth_type_trans(rxq->skb, pp->dev);
		napi_gro_receive(&pp->napi, rxq->skb);
		rxq->skb = NULL;
		frames++;
	}

	if (prog) {
		if (rxq->xdp_tx_n)
			mvneta_xdp_tx_flush(pp, rxq);
		if (rxq->xdp_redirected) {
			xdp_do_flush();
			rxq->xdp_redirected = false;
		}
	}
	filled = mvneta_rx_refill(pp, rxq);
	mvneta_rxq_update(pp, rxq->id, done, filled);

	/* A frame a program saw is in c.packets or c.dropped too: its
	 * verdict is folded in the same update.
	 */
	if (c.packets || c.errors || c.dropped || c.alloc_errors) {
		u64_stats_update_begin(&rxq->stats.syncp);
		rxq->stats.packets += c.packets;
		rxq->stats.bytes += c.bytes;
		rxq->stats.errors += c.errors;
		rxq->stats.dropped += c.dropped;
		if (prog)
			mvneta_xdp_fold(rxq);
		u64_stats_update_end(&rxq->stats.syncp);
	}
	if (unlikely(c.alloc_errors)) {
		u64_stats_update_begin(&pp->sw.syncp);
		u64_stats_add(&pp->sw.skb_alloc_errors, c.alloc_errors);
		u64_stats_update_end(&pp->sw.syncp);
	}

	/* Out of pages.  Polling again at once would spin, interrupts
	 * masked, until memory comes back; the poll completes instead and
	 * the refill is retried a tick later, as a ring left without
	 * buffers gets no RX interrupt to retry it.
	 */
	if (unlikely(rxq->missing) && !timer_pending(&pp->refill_timer))
		mod_timer(&pp->refill_timer, jiffies + 1);
	return frames;
}

/* ------------------------------------------------------------------ TX */

/* The port only needs each TSO header within its DMA reach, not all of
 * them in one block, which would take 1 MiB of contiguous memory at 4096
 * descriptors: they come in page-sized chunks.
 */
#define MVNETA_TSO_PER_CHUNK	(PAGE_SIZE / TSO_HEADER_SIZE)

static void mvneta_tso_free(struct mvneta_port *pp, struct mvneta_tx_queue *txq)
{
	u32 c;

	for (c = 0; txq->tso_hdrs && c < txq->tso_chunks; c++)
		if (txq->tso_hdrs[c])
			dma_free_coherent(pp->pdev_dev, PAGE_SIZE,
					  txq->tso_hdrs[c], txq->tso_hdrs_dma[c]);
	kfree(txq->tso_hdrs);
	kfree(txq->tso_hdrs_dma);
	txq->tso_hdrs = NULL;
	txq->tso_hdrs_dma = NULL;
	txq->tso_chunks = 0;
}

/* All chunks or none: what was allocated is freed on failure. */
static int mvneta_tso_alloc(struct mvneta_port *pp, struct mvneta_tx_queue *txq)
{
	u32 c, n = DIV_ROUND_UP(txq->size, MVNETA_TSO_PER_CHUNK);

	txq->tso_chunks = n;
	txq->tso_hdrs = kcalloc(n, sizeof(*txq->tso_hdrs), GFP_KERNEL);
	txq->tso_hdrs_dma = kcalloc(n, sizeof(*txq->tso_hdrs_dma), GFP_KERNEL);
	if (!txq->tso_hdrs || !txq->tso_hdrs_dma)
		goto err;
	for (c = 0; c < n; c++) {
		txq->tso_hdrs[c] = dma_alloc_coherent(pp->pdev_dev, PAGE_SIZE,
						      &txq->tso_hdrs_dma[c],
						      GFP_KERNEL);
		if (!txq->tso_hdrs[c])
			goto err;
	}
	return 0;

err:
	mvneta_tso_free(pp, txq);
	return -ENOMEM;
}

/* Header slot @i: its address, and its DMA address in @dma. */
static char *mvneta_tso_hdr(struct mvneta_tx_queue *txq, u32 i,
			    dma_addr_t *dma)
{
	u32 c = i / MVNETA_TSO_PER_CHUNK;
	u32 off = (i % MVNETA_TSO_PER_CHUNK) * TSO_HEADER_SIZE;

	*dma = txq->tso_hdrs_dma[c] + off;
	return txq->tso_hdrs[c] + off;
}

static int mvneta_txq_alloc(struct mvneta_port *pp,
			    const struct mvneta_config *cfg,
			    struct mvneta_tx_queue *txq)
{
	txq->size = cfg->tx_ring_size;
	txq->descs = dma_alloc_coherent(pp->pdev_dev,
					txq->size * MVNETA_DESC_SIZE,
					&txq->descs_dma, GFP_KERNEL);
	if (!txq->descs)
		return -ENOMEM;
	txq->bufs = kcalloc(txq->size, sizeof(*txq->bufs), GFP_KERNEL);
	if (!txq->bufs || mvneta_tso_alloc(pp, txq)) {
		kfree(txq->bufs);
		txq->bufs = NULL;
		dma_free_coherent(pp->pdev_dev, txq->size * MVNETA_DESC_SIZE,
				  txq->descs, txq->descs_dma);
		txq->descs = NULL;
		return -ENOMEM;
	}
	txq->next_to_use = 0;
	txq->next_to_clean = 0;
	txq->used = 0;
	txq->pending = 0;
	txq->stop_thresh = MVNETA_TX_MAX_DESCS;
	txq->wake_thresh = txq->stop_thresh + txq->size / 4;
	return 0;
}

static void mvneta_tx_unmap(struct mvneta_port *pp, struct mvneta_tx_buf *buf)
{
	switch (buf->type) {
	case MVNETA_TX_SKB_HEAD:
		dma_unmap_single(pp->pdev_dev, buf->dma, buf->len,
				 DMA_TO_DEVICE);
		break;
	case MVNETA_TX_SKB_FRAG:
		dma_unmap_page(pp->pdev_dev, buf->dma, buf->len,
			       DMA_TO_DEVICE);
		break;
	case MVNETA_TX_XDP_NDO:
		dma_unmap_single(pp->pdev_dev, buf->dma, buf->len,
				 DMA_TO_DEVICE);
		break;
	case MVNETA_TX_TSO_HDR:
	case MVNETA_TX_XDP_TX:
		break;
	}
}

/* An XDP_TX frame is one of our RX pages, sent from and reaped in our own
 * NAPI context: straight back to its pool, synced for the device only up
 * to the end of the frame (the rest was not written since the last sync).
 */
static void mvneta_xdp_tx_done(struct xdp_frame *xdpf, u32 len)
{
	struct page *page = virt_to_head_page(xdpf->data);
	u32 sync = xdpf->data + len - page_address(page) - MVNETA_RX_HEADROOM;

	page_pool_put_page(page->pp, page, sync, true);
}

static bool mvneta_tx_is_xdp(const struct mvneta_tx_buf *buf)
{
	return buf->type == MVNETA_TX_XDP_TX || buf->type == MVNETA_TX_XDP_NDO;
}

static void mvneta_txq_free(struct mvneta_port *pp, struct mvneta_tx_queue *txq)
{
	if (!txq->descs)
		return;
	while (txq->used) {
		struct mvneta_tx_buf *buf = &txq->bufs[txq->next_to_clean];

		mvneta_tx_unmap(pp, buf);
		if (mvneta_tx_is_xdp(buf))
			xdp_return_frame(buf->xdpf);
		else if (buf->skb)
			dev_kfree_skb_any(buf->skb);
		buf->skb = NULL;
		txq->next_to_clean = ring_next(txq->next_to_clean, txq->size);
		txq->used--;
	}
	mvneta_tso_free(pp, txq);
	kfree(txq->bufs);
	dma_free_coherent(pp->pdev_dev, txq->size * MVNETA_DESC_SIZE,
			  txq->descs, txq->descs_dma);
	txq->descs = NULL;
	txq->bufs = NULL;
}

static void mvneta_txq_hw_init(struct mvneta_port *pp,
			       struct mvneta_tx_queue *txq)
{
	int q = txq->id;

	mvneta_write(pp, MVNETA_TXQ_TOKEN_CFG(q), MVNETA_TXQ_TOKEN_CFG_MAX);
	mvneta_write(pp, MVNETA_TXQ_TOKEN_COUNT(q), MVNETA_TXQ_TOKEN_COUNT_MAX);
	mvneta_write(pp, MVNETA_TXQ_BASE(q), txq->descs_dma);
	mvneta_write(pp, MVNETA_TXQ_SIZE(q),
		     FIELD_PREP(MVNETA_TXQ_SIZE_DESCS, txq->size) |
		     FIELD_PREP(MVNETA_TXQ_SENT_THRESH, pp->tx_coal_frames));
}

/* With a sent threshold above one frame, the longest a sent frame waits
 * to be reaped when no interrupt comes.
 */
#define MVNETA_TX_DONE_DELAY_NS	NSEC_PER_MSEC

/* With a sent threshold above one frame, the port stays quiet about the
 * last frames of a burst until more are sent.  If nothing else polls,
 * BQL would then stop the queue for good and the watchdog restart the
 * port: a timer reaps them instead.  It is armed only when not already
 * pending, so a burst costs one hrtimer_start() at most.
 */
static void mvneta_tx_done_arm(struct mvneta_port *pp)
{
	if (READ_ONCE(pp->tx_coal_frames) > 1 &&
	    !hrtimer_is_queued(&pp->tx_done_timer))
		hrtimer_start(&pp->tx_done_timer,
			      ns_to_ktime(MVNETA_TX_DONE_DELAY_NS),
			      HRTIMER_MODE_REL);
}

static enum hrtimer_restart mvneta_tx_done_timer(struct hrtimer *timer)
{
	struct mvneta_port *pp = container_of(timer, struct mvneta_port,
					      tx_done_timer);

	napi_schedule(&pp->napi);
	return HRTIMER_NORESTART;
}

static void mvneta_refill_timer(struct timer_list *timer)
{
	struct mvneta_port *pp = from_timer(pp, timer, refill_timer);

	napi_schedule(&pp->napi);
}

/* Hand the descriptors written since the last call to the port. */
static void mvneta_txq_kick(struct mvneta_port *pp, struct mvneta_tx_queue *txq)
{
	while (txq->pending) {
		u32 n = min_t(u32, txq->pending, MVNETA_TXQ_UPDATE_MAX);

		mvneta_write(pp, MVNETA_TXQ_UPDATE(txq->id),
			     FIELD_PREP(MVNETA_TXQ_ADD_PENDING, n));
		txq->pending -= n;
	}
	mvneta_tx_done_arm(pp);
}

/* The L3 command bits of @skb's TX descriptor, with its L4 protocol in
 * @l4; 0 when the descriptor cannot describe the L3 header: not IP, an
 * offset or a length beyond the descriptor's fields, or IPv6 extension
 * headers, since the L4 protocol is taken from the base header.
 */
static u32 mvneta_tx_l3_cmd(struct sk_buff *skb, u8 *l4)
{
	u32 l3 = skb_network_offset(skb), hlen, cmd;

	switch (vlan_get_protocol(skb)) {
	case htons(ETH_P_IP):
		hlen = ip_hdrlen(skb);
		*l4 = ip_hdr(skb)->protocol;
		cmd = MVNETA_TXD_IP_CSUM;
		break;
	case htons(ETH_P_IPV6):
		hlen = skb_network_header_len(skb);
		if (hlen != sizeof(struct ipv6hdr))
			return 0;
		*l4 = ipv6_hdr(skb)->nexthdr;
		cmd = MVNETA_TXD_L3_IP6;
		break;
	default:
		return 0;
	}
	if (l3 > FIELD_MAX(MVNETA_TXD_L3_OFFSET) ||
	    hlen / 4 > FIELD_MAX(MVNETA_TXD_IP_HLEN))
		return 0;
	return cmd | FIELD_PREP(MVNETA_TXD_L3_OFFSET, l3) |
	       FIELD_PREP(MVNETA_TXD_IP_HLEN, hlen / 4);
}

/**
 * mvneta_features_check() - ndo_features_check: what the port can offload
 * @skb: the skb about to be sent
 * @dev: our port
 * @features: the offloads the stack would use
 *
 * The stack checksums and segments the skbs whose L3 header the TX
 * descriptor cannot describe: the driver can checksum them itself, but
 * not segment them.
 *
 * Return: @features, less those the port cannot do for @skb.
 */
netdev_features_t mvneta_features_check(struct sk_buff *skb,
					struct net_device *dev,
					netdev_features_t features)
{
	u8 l4;

	if (skb->ip_summed == CHECKSUM_PARTIAL && !mvneta_tx_l3_cmd(skb, &l4))
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	/* Without hw_enc_features the core keeps offloads off tunnelled
	 * skbs already; only the VLAN check is left to do.
	 */
	return vlan_features_check(skb, features);
}

/* Checksum command bits for @skb, in @cmd; the checksum is computed here
 * when the port cannot do it.  Return: 0, or the error of doing so.
 */
static int mvneta_tx_csum(struct sk_buff *skb, u32 *cmd)
{
	u32 l3;
	u8 l4;

	*cmd = FIELD_PREP(MVNETA_TXD_L4_CSUM, MVNETA_TXD_L4_CSUM_NOT);
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	l3 = mvneta_tx_l3_cmd(skb, &l4);
	if (!l3 || (l4 != IPPROTO_TCP && l4 != IPPROTO_UDP))
		return skb_checksum_help(skb);
	*cmd = l3 | (l4 == IPPROTO_UDP ? MVNETA_TXD_L4_UDP : 0) |
	       FIELD_PREP(MVNETA_TXD_L4_CSUM, MVNETA_TXD_L4_CSUM_FULL);
	return 0;
}

static void mvneta_tx_desc(struct mvneta_tx_queue *txq, u32 cmd,
			   dma_addr_t dma, u32 len, enum mvneta_tx_type type)
{
	u32 i = txq->next_to_use;
	struct mvneta_tx_desc *d = &txq->descs[i];
	struct mvneta_tx_buf *b = &txq->bufs[i];

	d->command = cpu_to_le32(cmd);
	d->data_size = cpu_to_le16(len);
	d->buf_addr = cpu_to_le32(dma);
	b->type = type;
	b->skb = NULL;
	b->dma = dma;
	b->len = len;
	txq->next_to_use = ring_next(i, txq->size);
}

/* Undo the descriptors written from @first on (mapping failed). */
static void mvneta_tx_unwind(struct mvneta_port *pp,
			     struct mvneta_tx_queue *txq, u32 first)
{
	while (txq->next_to_use != first) {
		txq->next_to_use = txq->next_to_use ?
				   txq->next_to_use - 1 : txq->size - 1;
		mvneta_tx_unmap(pp, &txq->bufs[txq->next_to_use]);
	}
}

static int mvneta_tx_map(struct mvneta_port *pp, struct mvneta_tx_queue *txq,
			 struct sk_buff *skb)
{
	u32 first = txq->next_to_use, nfrags, cmd, f;
	dma_addr_t dma;
	int err;

	/* Before anything is read of the skb's layout: a software checksum
	 * may linearize it.
	 */
	err = mvneta_tx_csum(skb, &cmd);
	if (err)
		return err;
	cmd |= MVNETA_TXD_FIRST;
	nfrags = skb_shinfo(skb)->nr_frags;
	dma = dma_map_single(pp->pdev_dev, skb->data, skb_headlen(skb),
			     DMA_TO_DEVICE);
	if (dma_mapping_error(pp->pdev_dev, dma))
		return -ENOMEM;
	if (!nfrags)
		cmd |= MVNETA_TXD_LAST | MVNETA_TXD_Z_PAD;
	mvneta_tx_desc(txq, cmd, dma, skb_headlen(skb), MVNETA_TX_SKB_HEAD);

	for (f = 0; f < nfrags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];
		u32 len = skb_frag_size(frag);

		dma = skb_frag_dma_map(pp->pdev_dev, frag, 0, len,
				       DMA_TO_DEVICE);
		if (dma_mapping_error(pp->pdev_dev, dma)) {
			mvneta_tx_unwind(pp, txq, first);
			return -ENOMEM;
		}
		mvneta_tx_desc(txq, f == nfrags - 1 ?
			       MVNETA_TXD_LAST | MVNETA_TXD_Z_PAD : 0,
			       dma, len, MVNETA_TX_SKB_FRAG);
	}
	return nfrags + 1;
}

static int mvneta_tx_tso(struct mvneta_port *pp, struct mvneta_tx_queue *txq,
			 struct sk_buff *skb)
{
	u32 first = txq->next_to_use, descs = 0, cmd;
	int hdr_len, total, err;
	struct tso_t tso;

	err = mvneta_tx_csum(skb, &cmd);
	if (err)
		return err;
	hdr_len = tso_start(skb, &tso);
	total = skb->len - hdr_len;
	while (total > 0) {
		u32 i = txq->next_to_use;
		int seg = min_t(int, skb_shinfo(skb)->gso_size, total);
		dma_addr_t hdr_dma;
		char *hdr = mvneta_tso_hdr(txq, i, &hdr_dma);

		total -= seg;
		tso_build_hdr(skb, hdr, &tso, seg, total == 0);
		mvneta_tx_desc(txq, cmd | MVNETA_TXD_FIRST, hdr_dma, hdr_len,
			       MVNETA_TX_TSO_HDR);
		descs++;
		while (seg > 0) {
			int size = min_t(int, tso.size, seg);
			dma_addr_t dma;

			dma = dma_map_single(pp->pdev_dev, tso.data, size,
					     DMA_TO_DEVICE);
			if (dma_mapping_error(pp->pdev_dev, dma)) {
				mvneta_tx_unwind(pp, txq, first);
				return -ENOMEM;
			}
			seg -= size;
			mvneta_tx_desc(txq, seg ? 0 : MVNETA_TXD_LAST, dma,
				       size, MVNETA_TX_SKB_HEAD);
			descs++;
			tso_build_data(skb, &tso, size);
		}
	}
	return descs;
}

netdev_tx_t mvneta_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct mvneta_port *pp = netdev_priv(dev);
	u16 q = skb_get_queue_mapping(skb);
	struct mvneta_tx_queue *txq = &pp->txqs[q];
	struct netdev_queue *nq = netdev_get_tx_queue(dev, q);
	u32 segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	u32 wire = skb->len;
	int descs;

	if (unlikely(txq->size - txq->used < MVNETA_TX_MAX_DESCS)) {
		netif_tx_stop_queue(nq);
		return NETDEV_TX_BUSY;
	}
	if (skb_is_gso(skb)) {
		wire += (segs - 1) * skb_tcp_all_headers(skb);
		descs = mvneta_tx_tso(pp, txq, skb);
	} else {
		descs = mvneta_tx_map(pp, txq, skb);
	}
	if (unlikely(descs <= 0)) {
		u64_stats_update_begin(&txq->stats.syncp);
		txq->stats.dropped++;
		u64_stats_update_end(&txq->stats.syncp);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}

	/* The skb is freed with its last descriptor. */
	txq->bufs[txq->next_to_use ? txq->next_to_use - 1 :
		  txq->size - 1].skb = skb;
	txq->used += descs;
	txq->pending += descs;
	netdev_tx_sent_queue(nq, skb->len);

	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.packets += segs;
	txq->stats.bytes += wire;
	u64_stats_update_end(&txq->stats.syncp);

	if (txq->size - txq->used < txq->stop_thresh)
		netif_tx_stop_queue(nq);
	if (!netdev_xmit_more() || netif_xmit_stopped(nq))
		mvneta_txq_kick(pp, txq);
	return NETDEV_TX_OK;
}

/* XDP transmit: XDP_TX frames (our own RX pages, gathered during the poll
 * and queued together at its end, with one doorbell) and ndo_xdp_xmit
 * frames (other devices', mapped here) go through one writer,
 * mvneta_xdp_queue(), onto the calling CPU's TX ring, shared with the
 * stack under the queue's TX lock.  mvneta_tx_clean() below reaps both.
 */

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
	struct mvneta_tx_buf *b = &txq->bufs[txq->next_to_use];
	dma_addr_t dma;

	/* Keep room for the stack's largest skb. */
	if (txq->size - txq->used <= MVNETA_TX_MAX_DESCS)
		return -ENOSPC;
	if (ndo) {
		dma = dma_map_single(pp->pdev_dev, xdpf->data, xdpf->len,
				     DMA_TO_DEVICE);
		if (dma_mapping_error(pp->pdev_dev, dma))
			return -ENOMEM;
	} else {
		struct page *page = virt_to_page(xdpf->data);

		dma = page_pool_get_dma_addr(page) +
		      (xdpf->data - page_address(page));
		dma_sync_single_for_device(pp->pdev_dev, dma, xdpf->len,
					   DMA_BIDIRECTIONAL);
	}
	mvneta_tx_desc(txq, MVNETA_TXD_FIRST | MVNETA_TXD_LAST |
		       MVNETA_TXD_Z_PAD |
		       FIELD_PREP(MVNETA_TXD_L4_CSUM, MVNETA_TXD_L4_CSUM_NOT),
		       dma, xdpf->len,
		       ndo ? MVNETA_TX_XDP_NDO : MVNETA_TX_XDP_TX);
	b->xdpf = xdpf;
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
static void mvneta_xdp_tx_flush(struct mvneta_port *pp,
				struct mvneta_rx_queue *rxq)
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

/* Reap what the port has sent. */
static void mvneta_tx_clean(struct mvneta_port *pp, struct mvneta_tx_queue *txq,
			    int budget)
{
	struct netdev_queue *nq = netdev_get_tx_queue(pp->dev, txq->id);
	u32 sent, n, pkts = 0, bytes = 0;
	struct xdp_frame_bulk bq;

	sent = FIELD_GET(MVNETA_TXQ_SENT,
			 mvneta_read(pp, MVNETA_TXQ_STATUS(txq->id)));
	if (!sent)
		return;

	xdp_frame_bulk_init(&bq);
	__netif_tx_lock(nq, smp_processor_id());
	sent = min(sent, txq->used);
	rcu_read_lock();	/* for xdp_return_frame_bulk() */
	for (n = 0; n < sent; n++) {
		struct mvneta_tx_buf *buf = &txq->bufs[txq->next_to_clean];

		/* Budget 0 is netpoll, maybe in hard IRQ context, where no
		 * XDP or page_pool call may be made: XDP frames, and all that
		 * follows them, wait for the next regular poll.
		 */
		if (unlikely(!budget) && mvneta_tx_is_xdp(buf))
			break;
		mvneta_tx_unmap(pp, buf);
		if (buf->type == MVNETA_TX_XDP_TX) {
			mvneta_xdp_tx_done(buf->xdpf, buf->len);
			buf->xdpf = NULL;
		} else if (buf->type == MVNETA_TX_XDP_NDO) {
			xdp_return_frame_bulk(buf->xdpf, &bq);
			buf->xdpf = NULL;
		} else if (buf->skb) {
			pkts++;
			bytes += buf->skb->len;
			napi_consume_skb(buf->skb, budget);
			buf->skb = NULL;
		}
		txq->next_to_clean = ring_next(txq->next_to_clean, txq->size);
	}
	xdp_flush_frame_bulk(&bq);
	rcu_read_unlock();
	sent = n;
	txq->used -= sent;
	while (sent) {
		n = min_t(u32, sent, MVNETA_TXQ_UPDATE_MAX);
		mvneta_write(pp, MVNETA_TXQ_UPDATE(txq->id),
			     FIELD_PREP(MVNETA_TXQ_DEC_SENT, n));
		sent -= n;
	}
	netdev_tx_completed_queue(nq, pkts, bytes);
	/* mvneta_stop() stops the queues before NAPI: a wake from here then
	 * would let the stack queue skbs into a ring about to be freed.
	 */
	if (netif_tx_queue_stopped(nq) && READ_ONCE(pp->running) &&
	    txq->size - txq->used >= txq->wake_thresh)
		netif_tx_wake_queue(nq);
	__netif_tx_unlock(nq);
}

/* ------------------------------------------------------------------ NAPI */

int mvneta_poll(struct napi_struct *napi, int budget)
{
	struct mvneta_port *pp = container_of(napi, struct mvneta_port, napi);
	unsigned int q;
	u32 cause;
	int done;

	/* Budget 0 is netpoll, which may only reap sent skbs: no RX and no
	 * page_pool call.  The interrupt masks and the NAPI state stay the
	 * regular poll's, which will run as usual.
	 */
	if (unlikely(!budget)) {
		for (q = 0; q < pp->num_txqs; q++)
			if (READ_ONCE(pp->txqs[q].used))
				mvneta_tx_clean(pp, &pp->txqs[q], 0);
		return 0;
	}

	cause = mvneta_read(pp, MVNETA_INTR_NEW_CAUSE);
	if (cause & MVNETA_INTR_MISC) {
		u32 misc = mvneta_read(pp, MVNETA_INTR_MISC_CAUSE);

		mvneta_write(pp, MVNETA_INTR_MISC_CAUSE, 0);
		if (misc & (MVNETA_MISC_LINK_CHANGE |
			    MVNETA_MISC_PHY_STATUS_CHANGE))
			phylink_mac_change(pp->phylink,
					   !!(mvneta_read(pp, MVNETA_GMAC_STATUS) &
					      MVNETA_GMAC_LINK_UP));
	}

	for (q = 0; q < pp->num_txqs; q++)
		if ((cause & BIT(q)) || READ_ONCE(pp->txqs[q].used))
			mvneta_tx_clean(pp, &pp->txqs[q], budget);

	done = mvneta_rx_poll(pp, &pp->rxqs[0], budget);

	if (done < budget && napi_complete_done(napi, done)) {
		mvneta_write(pp, MVNETA_INTR_NEW_MASK,
			     FIELD_PREP(MVNETA_INTR_RXQ_OCCUPIED,
					BIT(MVNETA_RXQS) - 1) |
			     FIELD_PREP(MVNETA_INTR_TXQ_SENT,
					BIT(pp->num_txqs) - 1) |
			     MVNETA_INTR_MISC);
		/* Frames still in flight may never reach the sent threshold. */
		for (q = 0; q < pp->num_txqs; q++)
			if (READ_ONCE(pp->txqs[q].used)) {
				mvneta_tx_done_arm(pp);
				break;
			}
	}
	return done;
}

/**
 * mvneta_timers_init() - set up the timers that schedule NAPI
 * @pp: the port
 */
void mvneta_timers_init(struct mvneta_port *pp)
{
	hrtimer_init(&pp->tx_done_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	pp->tx_done_timer.function = mvneta_tx_done_timer;
	timer_setup(&pp->refill_timer, mvneta_refill_timer, 0);
}

/**
 * mvneta_timers_cancel() - stop them, and wait for a running callback
 * @pp: the port, whose NAPI is disabled: nothing arms them any more
 */
void mvneta_timers_cancel(struct mvneta_port *pp)
{
	hrtimer_cancel(&pp->tx_done_timer);
	timer_delete_sync(&pp->refill_timer);
}

/* ------------------------------------------------------------------ rings */

void mvneta_set_rx_coal(struct mvneta_port *pp)
{
	u64 cycles = (u64)clk_get_rate(pp->clk) * pp->rx_coal_usecs;
	int q;

	do_div(cycles, USEC_PER_SEC);
	for (q = 0; q < MVNETA_RXQS; q++) {
		mvneta_write(pp, MVNETA_RXQ_THRESHOLD(q),
			     FIELD_PREP(MVNETA_RXQ_THRESH_OCCUPIED,
					pp->rx_coal_frames));
		mvneta_write(pp, MVNETA_RXQ_TIME_COAL(q),
			     min_t(u64, cycles, U32_MAX));
	}
}

void mvneta_set_tx_coal(struct mvneta_port *pp)
{
	unsigned int q;

	for (q = 0; q < pp->num_txqs; q++) {
		u32 v = mvneta_read(pp, MVNETA_TXQ_SIZE(q));

		v &= ~MVNETA_TXQ_SENT_THRESH;
		v |= FIELD_PREP(MVNETA_TXQ_SENT_THRESH, pp->tx_coal_frames);
		mvneta_write(pp, MVNETA_TXQ_SIZE(q), v);
	}
}

/* The port writes at most the Marvell header and the largest frame the MAC
 * takes at this MTU into a buffer, so buffers no larger than that (a page
 * at most: larger frames span buffers) keep every sync for the device,
 * page_pool's recycling included, down to what the port can write.
 */
static u32 mvneta_rx_buf_size(int mtu)
{
	u32 frame = MVNETA_MH_SIZE + ALIGN(mvneta_frame_size(mtu), 2);

	return min_t(u32, ALIGN(frame, 8), MVNETA_RX_BUF_SIZE);
}

/* Free @rxqs and @txqs, whatever they hold; the empty ones are skipped.
 * TX first: XDP_TX frames on a TX ring are pages of an RX ring's pool.
 */
static void mvneta_queues_free(struct mvneta_port *pp,
			       struct mvneta_rx_queue *rxqs,
			       struct mvneta_tx_queue *txqs)
{
	unsigned int q;

	for (q = 0; q < pp->num_txqs; q++)
		mvneta_txq_free(pp, &txqs[q]);
	for (q = 0; q < MVNETA_RXQS; q++)
		mvneta_rxq_free(pp, &rxqs[q]);
}

/* Free a set of rings the port has not run on.  Their page pools know the
 * port's NAPI instance, and page_pool_destroy() wants it unable to run
 * while it unties them: if the port runs (a restart being refused), NAPI
 * is held off for that long, then polled once for what it missed in the
 * meantime (an interrupt masks itself before it schedules NAPI).
 *
 * Context: rtnl held: pp->running then says whether NAPI is enabled.
 */
static void mvneta_rings_discard(struct mvneta_port *pp,
				 struct mvneta_rings *set)
{
	bool running = READ_ONCE(pp->running);

	if (running)
		napi_disable(&pp->napi);
	mvneta_rings_free(pp, set);
	if (running) {
		napi_enable(&pp->napi);
		local_bh_disable();
		napi_schedule(&pp->napi);
		local_bh_enable();
	}
}

/**
 * mvneta_rings_alloc() - a new set of rings for a configuration, filled
 * @pp: the port, which may be running on rings of its own
 * @cfg: ring sizes, MTU (buffer size) and XDP program (page DMA direction)
 * @set: the set, on success; free it with mvneta_rings_free()
 *
 * Nothing of the port changes: what can fail in a restart happens here,
 * before the port is touched.
 *
 * Context: process, may sleep; rtnl held.
 * Return: 0, or a negative error (nothing is left allocated).
 */
int mvneta_rings_alloc(struct mvneta_port *pp, const struct mvneta_config *cfg,
		       struct mvneta_rings **set)
{
	struct mvneta_rings *s;
	unsigned int q;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->rx_buf_size = mvneta_rx_buf_size(cfg->mtu);
	for (q = 0; q < MVNETA_RXQS; q++) {
		s->rxqs[q].id = q;
		err = mvneta_rxq_alloc(pp, cfg, s->rx_buf_size, &s->rxqs[q]);
		if (err)
			goto err;
	}
	for (q = 0; q < pp->num_txqs; q++) {
		s->txqs[q].id = q;
		err = mvneta_txq_alloc(pp, cfg, &s->txqs[q]);
		if (err)
			goto err;
	}
	*set = s;
	return 0;

err:
	mvneta_rings_discard(pp, s);
	return err;
}

/**
 * mvneta_rings_free() - free a set of rings and what they still hold
 * @pp: the port
 * @set: a set from mvneta_rings_alloc(), maybe given the port's old rings
 *	by mvneta_rings_swap(): neither NAPI nor the port may use them
 *
 * Frames still on a TX ring are unmapped and go back where they came from,
 * as they would once sent.
 */
void mvneta_rings_free(struct mvneta_port *pp, struct mvneta_rings *set)
{
	mvneta_queues_free(pp, set->rxqs, set->txqs);
	kfree(set);
}

/* Exchange the rings of @a and @b and the state of what they hold.  The
 * counters stay: they are the port's, and may be read at any time.  The
 * per-poll XDP scratch is empty between polls and stays too.
 */
static void mvneta_rxq_swap(struct mvneta_rx_queue *a,
			    struct mvneta_rx_queue *b)
{
	swap(a->size, b->size);
	swap(a->descs, b->descs);
	swap(a->descs_dma, b->descs_dma);
	swap(a->pages, b->pages);
	swap(a->next_to_clean, b->next_to_clean);
	swap(a->next_to_fill, b->next_to_fill);
	swap(a->missing, b->missing);
	swap(a->skb, b->skb);
	swap(a->frame_left, b->frame_left);
	swap(a->dropping, b->dropping);
	swap(a->page_pool, b->page_pool);
	swap(a->xdp_rxq, b->xdp_rxq);
}

/* The same for a TX ring: everything but the counters. */
static void mvneta_txq_swap(struct mvneta_tx_queue *a,
			    struct mvneta_tx_queue *b)
{
	swap(a->size, b->size);
	swap(a->descs, b->descs);
	swap(a->descs_dma, b->descs_dma);
	swap(a->bufs, b->bufs);
	swap(a->tso_hdrs, b->tso_hdrs);
	swap(a->tso_hdrs_dma, b->tso_hdrs_dma);
	swap(a->tso_chunks, b->tso_chunks);
	swap(a->next_to_use, b->next_to_use);
	swap(a->next_to_clean, b->next_to_clean);
	swap(a->used, b->used);
	swap(a->pending, b->pending);
	swap(a->stop_thresh, b->stop_thresh);
	swap(a->wake_thresh, b->wake_thresh);
}

/**
 * mvneta_rings_swap() - give the port a new set of rings
 * @pp: the port: no TX queue may run, NAPI must be disabled and the port
 *	must not own a descriptor (queues stopped, DMA reset); the rings are
 *	not given to the port here (mvneta_hw_init_rings())
 * @set: the new rings; on return, the port's old ones
 *
 * The per-queue counters stay with the port.
 */
void mvneta_rings_swap(struct mvneta_port *pp, struct mvneta_rings *set)
{
	unsigned int q;

	swap(pp->rx_buf_size, set->rx_buf_size);
	for (q = 0; q < MVNETA_RXQS; q++) {
		struct page_pool *old;

		mvneta_rxq_swap(&pp->rxqs[q], &set->rxqs[q]);
		/* The old ring's pool goes once NAPI runs again, and it may
		 * only forget NAPI while NAPI cannot run: now.
		 */
		old = set->rxqs[q].page_pool;
		if (old)
			page_pool_disable_direct_recycling(old);
	}
	for (q = 0; q < pp->num_txqs; q++) {
		mvneta_txq_swap(&pp->txqs[q], &set->txqs[q]);
		/* The byte queue limits count what the old ring holds, which
		 * will never be reported done: start again from nothing.
		 */
		netdev_tx_reset_queue(netdev_get_tx_queue(pp->dev, q));
	}
}

/**
 * mvneta_port_rings_free() - free the port's rings, at ifdown
 * @pp: the port: NAPI disabled, queues stopped, DMA reset
 */
void mvneta_port_rings_free(struct mvneta_port *pp)
{
	unsigned int q;

	mvneta_queues_free(pp, pp->rxqs, pp->txqs);
	for (q = 0; q < pp->num_txqs; q++)
		netdev_tx_reset_queue(netdev_get_tx_queue(pp->dev, q));
}

void mvneta_hw_init_rings(struct mvneta_port *pp)
{
	unsigned int q;

	for (q = 0; q < MVNETA_RXQS; q++)
		mvneta_rxq_hw_init(pp, &pp->rxqs[q]);
	for (q = 0; q < pp->num_txqs; q++)
		mvneta_txq_hw_init(pp, &pp->txqs[q]);
	mvneta_set_rx_coal(pp);
}

void mvneta_fold_stats(struct mvneta_port *pp, struct rtnl_link_stats64 *s)
{
	unsigned int q, start;

	for (q = 0; q < MVNETA_RXQS; q++) {
		struct mvneta_queue_stats *st = &pp->rxqs[q].stats;
		u64 p, b, e, d;

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			p = st->packets;
			b = st->bytes;
			e = st->errors;
			d = st->dropped;
		} while (u64_stats_fetch_retry(&st->syncp, start));
		s->rx_packets += p;
		s->rx_bytes += b;
		s->rx_errors += e;
		s->rx_dropped += d;
	}
	for (q = 0; q < pp->num_txqs; q++) {
		struct mvneta_queue_stats *st = &pp->txqs[q].stats;
		u64 p, b, d;

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			p = st->packets;
			b = st->bytes;
			d = st->dropped;
		} while (u64_stats_fetch_retry(&st->syncp, start));
		s->tx_packets += p;
		s->tx_bytes += b;
		s->tx_dropped += d;
	}
}
