// SPDX-License-Identifier: GPL-2.0
/*
 * Marvell NETA gigabit Ethernet driver: receive
 *
 * One page_pool per RX ring.  Every descriptor owns one order-0 page; the
 * port writes the frame XDP_PACKET_HEADROOM bytes in, behind a 2-byte
 * Marvell header, and the skb is built around the same page, which goes
 * back to the pool when the skb is freed.  Frames longer than a buffer
 * continue in the next descriptors and become page fragments.
 *
 * The NAPI poll is here too: it reaps the TX rings (mvneta_tx.c) before it
 * receives.
 *
 * XDP: the program runs in the RX poll on an xdp_buff over the ring's
 * page (XDP_PACKET_HEADROOM in front, skb_shared_info room behind).  A
 * frame that spans descriptors (above MTU 3496, for xdp.frags programs
 * only) is assembled in the ring as an xdp_buff whose following pages are
 * fragments in that skb_shared_info, and may be finished in a later poll.
 * Verdicts are acted on at once, except that XDP_TX frames are gathered
 * during the poll and handed to the TX side together at its end, for one
 * doorbell, and redirects are flushed once per poll.
 */

#include <linux/bpf_trace.h>
#include <linux/dma-mapping.h>
#include <linux/filter.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>

#include "mvneta.h"

/* A ring of @cfg's size for @rxq, its page pool and every buffer.  On
 * failure, what was had stays in @rxq, for mvneta_rxq_free(): the pool
 * may only go once NAPI cannot run (see mvneta_rings_discard()).
 */
int mvneta_rxq_alloc(struct mvneta_port *pp,
		     const struct mvneta_config *cfg, u32 buf_size,
		     struct mvneta_rx_queue *rxq)
{
	struct mvneta_vector *v = mvneta_rx_vector(pp, cfg->rxq);
	struct page_pool_params pp_params = {
		.order = 0,
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.pool_size = cfg->rx_ring_size,
		.nid = NUMA_NO_NODE,
		.dev = pp->pdev_dev,
		/* The pool's one consumer: what is freed in its context,
		 * skbs the stack drops included, goes straight back to the
		 * pool's cache.  Should the ring move to another vector
		 * (CPU hotplug), mvneta_elect() unties them.
		 */
		.napi = &v->napi,
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
	rxq->pool_vec = v;
	/* A fragment is a page of the pool with the frame at its headroom:
	 * bpf_xdp_adjust_tail() may grow the last one to the page's end.
	 * To the stack the ring is RX queue 0, whichever of the port's
	 * queues it is given to.
	 */
	err = __xdp_rxq_info_reg(&rxq->xdp_rxq, pp->dev, 0,
				 v->napi.napi_id, PAGE_SIZE);
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
	rxq->xdp_more = false;
	return 0;
}

/**
 * mvneta_xdp_put_frags() - give an XDP frame's fragment pages back to @pool
 * @pool: the RX ring's page pool they came from
 * @sinfo: the frame's shared info (of its xdp_buff, or of its xdp_frame
 *	once sent with XDP_TX)
 * @napi: true in the ring's NAPI poll, where pages go to the pool's cache
 *
 * Each page is synced for the device up to where the CPU may have written:
 * the fragment's end.
 */
void mvneta_xdp_put_frags(struct page_pool *pool,
			  const struct skb_shared_info *sinfo, bool napi)
{
	u32 f;

	for (f = 0; f < sinfo->nr_frags; f++) {
		const skb_frag_t *frag = &sinfo->frags[f];

		page_pool_put_page(pool, skb_frag_page(frag),
				   skb_frag_off(frag) + skb_frag_size(frag) -
				   MVNETA_RX_HEADROOM, napi);
	}
}

/**
 * mvneta_rxq_xdp_discard() - drop the ring's unfinished XDP frame
 * @rxq: the ring, whose @xdp_more is set
 * @napi: true in the ring's NAPI poll, where pages go to the pool's cache
 *
 * A frame whose last descriptor will never come: a new frame began, or
 * the ring goes away.  Every page goes back to the pool.
 */
static void mvneta_rxq_xdp_discard(struct mvneta_rx_queue *rxq, bool napi)
{
	struct xdp_buff *xdp = &rxq->xdp;

	if (xdp_buff_has_frags(xdp))
		mvneta_xdp_put_frags(rxq->page_pool,
				     xdp_get_shared_info_from_buff(xdp), napi);
	page_pool_put_full_page(rxq->page_pool,
				virt_to_page(xdp->data_hard_start), napi);
	rxq->xdp_more = false;
}

/* Make the first @len bytes the port wrote into @page visible to the CPU.
 * The callers pass all it wrote there, the FCS included, which nothing
 * reads: no line the port wrote is left stale in the CPU's cache for the
 * page's later users.  Recycling a page mapped both ways (XDP) only
 * cleans it, and a page page_pool releases is unmapped without a sync;
 * the next mapping for the device, which on 32-bit ARM invalidates,
 * would then meet a line the port wrote and its new owner changed.
 */
static void mvneta_rx_sync(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
			   struct page *page, u32 len)
{
	dma_sync_single_range_for_cpu(pp->pdev_dev,
				      page_pool_get_dma_addr(page),
				      MVNETA_RX_HEADROOM, len,
				      page_pool_get_dma_dir(rxq->page_pool));
}

/* Free @rxq and what it holds, whole or as far as mvneta_rxq_alloc() got. */
void mvneta_rxq_free(struct mvneta_port *pp, struct mvneta_rx_queue *rxq)
{
	u32 i;

	if (rxq->skb) {
		dev_kfree_skb_any(rxq->skb);
		rxq->skb = NULL;
	}
	if (rxq->xdp_more)
		mvneta_rxq_xdp_discard(rxq, false);
	/* The port may have written frames the driver never looked at. */
	for (i = 0; rxq->pages && i < rxq->size; i++)
		if (rxq->pages[i]) {
			mvneta_rx_sync(pp, rxq, rxq->pages[i],
				       MVNETA_RX_BUF_SIZE);
			page_pool_put_full_page(rxq->page_pool, rxq->pages[i],
						false);
		}
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

void mvneta_rxq_hw_init(struct mvneta_port *pp,
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
		rxq->next_to_fill = mvneta_ring_next(i, rxq->size);
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

/**
 * struct mvneta_rx_poll - what one RX poll gathers, folded in at its end
 * @bytes: bytes of the frames received
 * @packets: frames received, whatever became of them (the counts of one
 *	poll fit 16 bits: it sees at most its budget of frames, and at most
 *	two errors for each of the 16383 descriptors the port can report)
 * @errors: frames the port flagged, or the driver found malformed
 * @dropped: good frames lost for want of memory
 * @alloc_errors: skbs that could not be allocated
 * @verdicts: what the program said of the frames it saw
 * @xdp_tx_n: how many frames @xdp_tx holds
 * @redirected: a frame was redirected: flush the redirects at the end
 * @napi: the NAPI context polling
 * @prog: the XDP program, read once for the whole poll, or NULL
 * @xdp: the poll's xdp_buff, whose queue and frame size are set up once
 * @xdp_tx: XDP_TX frames, handed to a TX ring together at the end of the
 *	poll (or when it is full), for one doorbell
 *
 * The poll keeps it on its stack and hands it down: nothing of it outlives
 * the poll, unlike a frame that spans descriptors, whose state is the
 * ring's (it may end in the next poll).
 */
struct mvneta_rx_poll {
	u32 bytes;
	u16 packets;
	u16 errors;
	u16 dropped;
	u16 alloc_errors;
	struct mvneta_xdp_counts verdicts;
	u16 xdp_tx_n;
	bool redirected;
	struct napi_struct *napi;
	struct bpf_prog *prog;
	struct xdp_buff xdp;
	struct xdp_frame *xdp_tx[MVNETA_XDP_TX_BULK];
};

/**
 * enum mvneta_rx_result - what became of a frame at one of its descriptors
 * @MVNETA_RX_MORE: the frame goes on in the next descriptor
 * @MVNETA_RX_SKB: the frame is whole in the ring's skb, for the stack
 * @MVNETA_RX_XDP: the program's verdict consumed the frame
 * @MVNETA_RX_DROPPED: the frame is lost: an error, or no memory
 */
enum mvneta_rx_result {
	MVNETA_RX_MORE,
	MVNETA_RX_SKB,
	MVNETA_RX_XDP,
	MVNETA_RX_DROPPED,
};

/* Hand the poll's XDP_TX frames to a TX ring; those it cannot take went
 * back to the page pool.
 */
static void mvneta_rx_xdp_tx(struct mvneta_port *pp, struct mvneta_rx_poll *p)
{
	u32 sent = mvneta_xdp_tx_flush(pp, p->xdp_tx, p->xdp_tx_n);

	p->verdicts.tx += sent;
	p->verdicts.tx_err += p->xdp_tx_n - sent;
	p->xdp_tx_n = 0;
}

/**
 * mvneta_run_xdp() - run the program on one frame
 * @pp: the port
 * @rxq: its RX ring
 * @p: the poll
 * @xdp: the frame: the poll's xdp_buff, or for a frame with fragments the
 *	ring's; on XDP_PASS it tells what the skb must cover
 * @page: the page of its first buffer
 * @frags: false when @xdp is known to be a single buffer (a constant: the
 *	single-buffer path, inlined in the RX loop, tests no fragment flag)
 *
 * Every verdict but XDP_PASS consumes the frame's pages: XDP_TX and
 * XDP_REDIRECT hand them on, the others give them back to the pool.
 *
 * Return: the verdict acted on (XDP_DROP for ABORTED and unknown ones).
 */
static __always_inline u32 mvneta_run_xdp(struct mvneta_port *pp,
					  struct mvneta_rx_queue *rxq,
					  struct mvneta_rx_poll *p,
					  struct xdp_buff *xdp,
					  struct page *page, bool frags)
{
	/* The CPU may have written up to the end of the frame as it came,
	 * or as the program left it if it grew the frame.
	 */
	u32 sync = xdp->data_end - xdp->data_hard_start - MVNETA_RX_HEADROOM;
	u32 act = bpf_prog_run_xdp(p->prog, xdp);
	struct xdp_frame *xdpf;

	switch (act) {
	case XDP_PASS:
		p->verdicts.pass++;
		return XDP_PASS;
	case XDP_TX:
		xdpf = xdp_convert_buff_to_frame(xdp);
		if (unlikely(!xdpf)) {
			p->verdicts.tx_err++;
			break;
		}
		p->xdp_tx[p->xdp_tx_n++] = xdpf;
		if (p->xdp_tx_n == MVNETA_XDP_TX_BULK)
			mvneta_rx_xdp_tx(pp, p);
		return XDP_TX;
	case XDP_REDIRECT:
		if (unlikely(xdp_do_redirect(pp->dev, xdp, p->prog))) {
			p->verdicts.redirect_err++;
			break;
		}
		p->verdicts.redirect++;
		p->redirected = true;
		return XDP_REDIRECT;
	default:
		bpf_warn_invalid_xdp_action(pp->dev, p->prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(pp->dev, p->prog, act);
		p->verdicts.aborted++;
		goto recycle;
	case XDP_DROP:
		p->verdicts.drop++;
		goto recycle;
	}
	trace_xdp_exception(pp->dev, p->prog, act);
recycle:
	/* Clean for the device only the lines the CPU may have dirtied: the
	 * FCS after the frame was never read, let alone written.  Fragments
	 * the program cut off with bpf_xdp_adjust_tail() went back to the
	 * pool already; the rest go now.
	 */
	sync = max_t(u32, sync,
		     xdp->data_end - xdp->data_hard_start - MVNETA_RX_HEADROOM);
	if (frags && xdp_buff_has_frags(xdp))
		mvneta_xdp_put_frags(rxq->page_pool,
				     xdp_get_shared_info_from_buff(xdp), true);
	page_pool_put_page(rxq->page_pool, page, sync, true);
	return XDP_DROP;
}

/* Where a frame is dropped, at any of its descriptors: the page goes back
 * to the pool.  The frame's next descriptors, if any, find no frame to add
 * to in mvneta_rx_more(), and follow it.
 */
static enum mvneta_rx_result mvneta_rx_drop(struct mvneta_port *pp,
					    struct mvneta_rx_queue *rxq,
					    struct page *page, u32 status)
{
	/* Whatever the port wrote: how much is not known here. */
	mvneta_rx_sync(pp, rxq, page, MVNETA_RX_BUF_SIZE);
	page_pool_recycle_direct(rxq->page_pool, page);
	return status & MVNETA_RXD_LAST ? MVNETA_RX_DROPPED : MVNETA_RX_MORE;
}

/**
 * mvneta_rx_xdp() - a whole frame for the program: run it, act on the verdict
 * @pp: the port
 * @rxq: its RX ring
 * @p: the poll
 * @xdp: the frame, prepared
 * @page: the page of its first buffer
 * @len: the frame's length, fragments included
 * @status: status of the frame's first descriptor
 * @frags: as for mvneta_run_xdp()
 *
 * Inlined in the RX loop for single-buffer frames, the common case (a call
 * there cost 40 to 75 instructions a frame); frames with fragments go
 * through mvneta_rx_xdp_frags().
 *
 * Return: MVNETA_RX_SKB when the program passed the frame (the skb is
 * built around its pages, fragments included, in @rxq->skb),
 * MVNETA_RX_XDP when its verdict consumed it, MVNETA_RX_DROPPED when no
 * skb could be had for it.
 */
static __always_inline enum mvneta_rx_result
mvneta_rx_xdp(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
	      struct mvneta_rx_poll *p, struct xdp_buff *xdp, struct page *page,
	      u32 len, u32 status, bool frags)
{
	struct skb_shared_info *sinfo;
	u32 nr_frags = 0, frags_len = 0;
	struct sk_buff *skb;

	if (mvneta_run_xdp(pp, rxq, p, xdp, page, frags) != XDP_PASS) {
		/* Counted as received, whatever the verdict. */
		p->packets++;
		p->bytes += len;
		return MVNETA_RX_XDP;
	}
	/* build_skb() clears the shared info's head, fragment count and
	 * size included, but not the fragments themselves: the skb takes
	 * them over where they are.
	 */
	if (frags && xdp_buff_has_frags(xdp)) {
		sinfo = xdp_get_shared_info_from_buff(xdp);
		nr_frags = sinfo->nr_frags;
		frags_len = sinfo->xdp_frags_size;
	}
	skb = napi_build_skb(xdp->data_hard_start, xdp->frame_sz);
	if (unlikely(!skb)) {
		p->alloc_errors++;
		p->dropped++;
		if (nr_frags)
			mvneta_xdp_put_frags(rxq->page_pool, sinfo, true);
		page_pool_recycle_direct(rxq->page_pool, page);
		return MVNETA_RX_DROPPED;
	}
	skb_reserve(skb, xdp->data - xdp->data_hard_start);
	__skb_put(skb, xdp->data_end - xdp->data);
	if (xdp->data_meta != xdp->data)
		skb_metadata_set(skb, xdp->data - xdp->data_meta);
	if (nr_frags)
		xdp_update_skb_shared_info(skb, nr_frags, frags_len,
					   nr_frags * PAGE_SIZE,
					   xdp_buff_is_frag_pfmemalloc(xdp));
	skb_mark_for_recycle(skb);
	mvneta_rx_csum(pp, skb, status);
	rxq->skb = skb;
	return MVNETA_RX_SKB;
}

/* First buffer of a frame: run the program on it, or build the skb around
 * its page.  A frame that goes on in the next descriptors is started in
 * the ring, as an xdp_buff if the program takes fragments, as an skb if
 * there is no program.
 */
static enum mvneta_rx_result
mvneta_rx_first(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
		struct mvneta_rx_poll *p, struct page *page, u32 status,
		u32 total)
{
	u32 in_buf = min(total, pp->rx_buf_size);
	u32 frame_len, here;
	struct sk_buff *skb;

	/* The last frame never ended. */
	if (unlikely(rxq->skb || rxq->xdp_more)) {
		if (rxq->skb)
			dev_kfree_skb_any(rxq->skb);
		else
			mvneta_rxq_xdp_discard(rxq, true);
		rxq->skb = NULL;
		p->errors++;
	}
	if (unlikely(status & MVNETA_RXD_ERR_SUMMARY)) {
		mvneta_rx_error(pp, status);
		p->errors++;
		return mvneta_rx_drop(pp, rxq, page, status);
	}
	if (unlikely(total < MVNETA_MH_SIZE + ETH_HLEN + ETH_FCS_LEN)) {
		p->errors++;
		return mvneta_rx_drop(pp, rxq, page, status);
	}
	frame_len = total - MVNETA_MH_SIZE - ETH_FCS_LEN;
	here = min_t(u32, in_buf - MVNETA_MH_SIZE, frame_len);

	mvneta_rx_sync(pp, rxq, page, in_buf);
	if (p->prog) {
		if (unlikely(!(status & MVNETA_RXD_LAST))) {
			/* Only a program that takes fragments is let run at
			 * an MTU that needs them: anything else is malformed.
			 */
			if (unlikely(!p->prog->aux->xdp_has_frags)) {
				p->errors++;
				return mvneta_rx_drop(pp, rxq, page, status);
			}
			/* The fragments follow, maybe in the next poll. */
			xdp_init_buff(&rxq->xdp, PAGE_SIZE, &rxq->xdp_rxq);
			xdp_prepare_buff(&rxq->xdp, page_address(page),
					 MVNETA_RX_HEADROOM + MVNETA_MH_SIZE,
					 here, true);
			rxq->xdp_more = true;
			rxq->first_status = status;
			rxq->frame_left = total - in_buf;
			return MVNETA_RX_MORE;
		}
		xdp_prepare_buff(&p->xdp, page_address(page),
				 MVNETA_RX_HEADROOM + MVNETA_MH_SIZE, here, true);
		return mvneta_rx_xdp(pp, rxq, p, &p->xdp, page, here, status,
				     false);
	}
	skb = napi_build_skb(page_address(page), PAGE_SIZE);
	if (unlikely(!skb)) {
		p->alloc_errors++;
		p->dropped++;
		return mvneta_rx_drop(pp, rxq, page, status);
	}
	skb_reserve(skb, MVNETA_RX_HEADROOM + MVNETA_MH_SIZE);
	__skb_put(skb, here);
	skb_mark_for_recycle(skb);
	mvneta_rx_csum(pp, skb, status);
	rxq->skb = skb;
	rxq->frame_left = total - in_buf;
	return status & MVNETA_RXD_LAST ? MVNETA_RX_SKB : MVNETA_RX_MORE;
}

/* The program on a frame with fragments: out of the RX loop's line. */
static noinline enum mvneta_rx_result
mvneta_rx_xdp_frags(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
		    struct mvneta_rx_poll *p)
{
	struct xdp_buff *xdp = &rxq->xdp;
	u32 len = xdp->data_end - xdp->data;

	if (xdp_buff_has_frags(xdp))
		len += xdp_get_shared_info_from_buff(xdp)->xdp_frags_size;
	return mvneta_rx_xdp(pp, rxq, p, xdp, virt_to_page(xdp->data_hard_start),
			     len, rxq->first_status, true);
}

/* A following buffer of a frame for the program: a fragment of the ring's
 * xdp_buff, FCS bytes left out, as the port wrote it (at the buffer's
 * start, past the headroom).  At the last one the program runs.
 */
static enum mvneta_rx_result
mvneta_rx_xdp_more(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
		   struct mvneta_rx_poll *p, struct page *page, u32 status,
		   u32 use)
{
	struct xdp_buff *xdp = &rxq->xdp;
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);

	if (use) {
		if (!xdp_buff_has_frags(xdp)) {
			sinfo->nr_frags = 0;
			sinfo->xdp_frags_size = 0;
			xdp_buff_set_frags_flag(xdp);
		}
		if (unlikely(sinfo->nr_frags >= MAX_SKB_FRAGS)) {
			p->errors++;
			mvneta_rxq_xdp_discard(rxq, true);
			return mvneta_rx_drop(pp, rxq, page, status);
		}
		skb_frag_fill_page_desc(&sinfo->frags[sinfo->nr_frags++], page,
					MVNETA_RX_HEADROOM, use);
		sinfo->xdp_frags_size += use;
		if (page_is_pfmemalloc(page))
			xdp_buff_set_frag_pfmemalloc(xdp);
	} else {	/* nothing but FCS bytes in here */
		page_pool_recycle_direct(rxq->page_pool, page);
	}
	if (!(status & MVNETA_RXD_LAST))
		return MVNETA_RX_MORE;
	rxq->xdp_more = false;
	return mvneta_rx_xdp_frags(pp, rxq, p);
}

/* A following buffer: add it to the frame as a fragment, FCS bytes left
 * out; or, if the frame was dropped, drop it too.
 */
static enum mvneta_rx_result
mvneta_rx_more(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
	       struct mvneta_rx_poll *p, struct page *page, u32 status)
{
	struct sk_buff *skb = rxq->skb;
	struct skb_shared_info *sh;
	u32 in_buf, data_left, use;

	/* The rest of a dropped frame, or of one whose first descriptor was
	 * never seen.
	 */
	if (!skb && !rxq->xdp_more)
		return mvneta_rx_drop(pp, rxq, page, status);

	in_buf = min(rxq->frame_left, pp->rx_buf_size);
	data_left = rxq->frame_left > ETH_FCS_LEN ?
		    rxq->frame_left - ETH_FCS_LEN : 0;
	use = min(in_buf, data_left);
	rxq->frame_left -= in_buf;
	mvneta_rx_sync(pp, rxq, page, in_buf);
	if (rxq->xdp_more)
		return mvneta_rx_xdp_more(pp, rxq, p, page, status, use);

	sh = skb_shinfo(skb);
	if (unlikely(use && sh->nr_frags >= MAX_SKB_FRAGS)) {
		p->errors++;
		dev_kfree_skb_any(skb);
		rxq->skb = NULL;
		return mvneta_rx_drop(pp, rxq, page, status);
	}
	if (use) {
		skb_add_rx_frag(skb, sh->nr_frags, page, MVNETA_RX_HEADROOM,
				use, PAGE_SIZE);
	} else {	/* nothing but FCS bytes in here */
		page_pool_recycle_direct(rxq->page_pool, page);
	}
	return status & MVNETA_RXD_LAST ? MVNETA_RX_SKB : MVNETA_RX_MORE;
}

/* Fold the poll's counts into the ring's counters, in one u64_stats
 * update section: a frame a program saw is in @p->packets too.
 */
static void mvneta_rx_fold(struct mvneta_port *pp,
			   struct mvneta_rx_queue *rxq,
			   const struct mvneta_rx_poll *p)
{
	struct mvneta_queue_stats *st = &rxq->stats;
	const struct mvneta_xdp_counts *v = &p->verdicts;

	if (!(p->packets || p->errors || p->dropped))
		return;
	u64_stats_update_begin(&st->syncp);
	st->packets += p->packets;
	st->bytes += p->bytes;
	st->errors += p->errors;
	st->dropped += p->dropped;
	if (p->prog) {
		st->xdp_pass += v->pass;
		st->xdp_drop += v->drop;
		st->xdp_aborted += v->aborted;
		st->xdp_redirect += v->redirect;
		st->xdp_redirect_err += v->redirect_err;
		st->xdp_tx += v->tx;
		st->xdp_tx_err += v->tx_err;
	}
	u64_stats_update_end(&st->syncp);
	if (unlikely(p->alloc_errors)) {
		u64_stats_update_begin(&pp->sw.syncp);
		u64_stats_add(&pp->sw.skb_alloc_errors, p->alloc_errors);
		u64_stats_update_end(&pp->sw.syncp);
	}
}

static int mvneta_rx_poll(struct mvneta_port *pp, struct mvneta_rx_queue *rxq,
			  struct napi_struct *napi, int budget)
{
	u32 todo = FIELD_GET(MVNETA_RXQ_OCCUPIED,
			     mvneta_read(pp, MVNETA_RXQ_STATUS(rxq->id)));
	struct mvneta_rx_poll p __uninitialized;
	u32 done = 0, filled;
	int frames = 0;

	/* Only the counts need zeroes: the rest is set up below, and of the
	 * XDP_TX array no more is read than was written.  A kernel that
	 * zeroes every stack variable (CONFIG_INIT_STACK_ALL_ZERO) would
	 * clear all 600 bytes at every poll: p is left out of that.
	 */
	memset(&p, 0, offsetof(struct mvneta_rx_poll, napi));
	p.napi = napi;
	p.prog = READ_ONCE(pp->xdp_prog);
	xdp_init_buff(&p.xdp, PAGE_SIZE, &rxq->xdp_rxq);

	while (done < todo && frames < budget) {
		u32 i = rxq->next_to_clean;
		struct mvneta_rx_desc *desc = &rxq->descs[i];
		u32 status = le32_to_cpu(desc->status);
		struct page *page = rxq->pages[i];
		enum mvneta_rx_result res;

		rxq->pages[i] = NULL;
		rxq->next_to_clean = mvneta_ring_next(i, rxq->size);
		rxq->missing++;
		done++;

		if (status & MVNETA_RXD_FIRST)
			res = mvneta_rx_first(pp, rxq, &p, page, status,
					      le16_to_cpu(desc->data_size));
		else
			res = mvneta_rx_more(pp, rxq, &p, page, status);
		if (res == MVNETA_RX_MORE)
			continue;
		/* A frame ended here, whatever became of it. */
		frames++;
		if (res != MVNETA_RX_SKB)
			continue;
		p.packets++;
		p.bytes += rxq->skb->len;
		rxq->skb->protocol = eth_type_trans(rxq->skb, pp->dev);
		napi_gro_receive(p.napi, rxq->skb);
		rxq->skb = NULL;
	}

	if (p.xdp_tx_n)
		mvneta_rx_xdp_tx(pp, &p);
	if (p.redirected)
		xdp_do_flush();
	filled = mvneta_rx_refill(pp, rxq);
	mvneta_rxq_update(pp, rxq->id, done, filled);
	mvneta_rx_fold(pp, rxq, &p);

	/* Out of pages.  Polling again at once would spin, interrupts
	 * masked, until memory comes back; the poll completes instead and
	 * the refill is retried a tick later, as a ring left without
	 * buffers gets no RX interrupt to retry it.
	 */
	if (unlikely(rxq->missing) && !timer_pending(&pp->refill_timer))
		mod_timer(&pp->refill_timer, jiffies + 1);
	return frames;
}

void mvneta_refill_timer(struct timer_list *timer)
{
	struct mvneta_port *pp = from_timer(pp, timer, refill_timer);

	napi_schedule(&READ_ONCE(pp->rxqs[0].vec)->napi);
}

/**
 * mvneta_poll() - the NAPI poll of a vector
 * @napi: the vector's NAPI context
 * @budget: frames it may receive; 0 is netpoll
 *
 * The vector reaps its TX rings, polls the RX ring if it is the RX ring's
 * (read once: it changes only while this poll cannot run) and handles a
 * link change if it takes the misc causes.  The cause register only hints
 * at what to reap: the queues' own registers say what there is.  On the
 * per-CPU flavours it reads as the accessing CPU's share, and the poll
 * may run on another CPU than its vector's (a timer's, a busy poll): it
 * then trusts nothing of it and looks at the misc causes themselves.
 *
 * Return: the frames received.
 */
int mvneta_poll(struct napi_struct *napi, int budget)
{
	struct mvneta_vector *v = container_of(napi, struct mvneta_vector,
					       napi);
	struct mvneta_port *pp = v->pp;
	struct mvneta_rx_queue *rxq = &pp->rxqs[0];
	bool rx = READ_ONCE(rxq->vec) == v;
	int done = 0;
	u32 cause;

	/* Budget 0 is netpoll, which may only reap sent skbs: no RX and no
	 * page_pool call.  The interrupt masks and the NAPI state stay the
	 * regular poll's, which will run as usual.
	 */
	if (unlikely(!budget)) {
		mvneta_tx_poll(v, 0, 0, false);
		return 0;
	}

	if (v->cpu < 0 || v->cpu == smp_processor_id())
		cause = mvneta_read(pp, MVNETA_INTR_NEW_CAUSE);
	else
		cause = MVNETA_INTR_MISC;
	if ((cause & MVNETA_INTR_MISC) && READ_ONCE(v->misc)) {
		u32 misc = mvneta_read(pp, MVNETA_INTR_MISC_CAUSE);

		mvneta_write(pp, MVNETA_INTR_MISC_CAUSE, 0);
		if (misc & (MVNETA_MISC_LINK_CHANGE |
			    MVNETA_MISC_PHY_STATUS_CHANGE))
			phylink_mac_change(pp->phylink,
					   !!(mvneta_read(pp, MVNETA_GMAC_STATUS) &
					      MVNETA_GMAC_LINK_UP));
	}

	mvneta_tx_poll(v, cause, budget, rx);

	if (rx)
		done = mvneta_rx_poll(pp, rxq, napi, budget);

	if (done < budget && napi_complete_done(napi, done)) {
		mvneta_vector_unmask(v);
		mvneta_tx_poll_done(v);
	}
	return done;
}

void mvneta_set_rx_coal(struct mvneta_port *pp)
{
	u64 cycles = (u64)clk_get_rate(pp->clk) * pp->rx_coal_usecs;
	int q;

	do_div(cycles, USEC_PER_SEC);
	for (q = 0; q < MVNETA_RXQS; q++) {
		int id = pp->rxqs[q].id;

		mvneta_write(pp, MVNETA_RXQ_THRESHOLD(id),
			     FIELD_PREP(MVNETA_RXQ_THRESH_OCCUPIED,
					pp->rx_coal_frames));
		mvneta_write(pp, MVNETA_RXQ_TIME_COAL(id),
			     min_t(u64, cycles, U32_MAX));
	}
}

/* Exchange the rings of @a and @b and the state of what they hold.  The
 * counters stay: they are the port's, and may be read at any time.
 */
void mvneta_rxq_swap(struct mvneta_rx_queue *a,
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
	swap(a->xdp, b->xdp);
	swap(a->xdp_more, b->xdp_more);
	swap(a->first_status, b->first_status);
	swap(a->frame_left, b->frame_left);
	swap(a->page_pool, b->page_pool);
	swap(a->pool_vec, b->pool_vec);
	swap(a->xdp_rxq, b->xdp_rxq);
}
