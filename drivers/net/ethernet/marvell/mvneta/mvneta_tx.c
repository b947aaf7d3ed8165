// SPDX-License-Identifier: GPL-2.0
/*
 * Marvell NETA gigabit Ethernet driver: transmit
 *
 * One TX ring per CPU, scatter-gather, checksum insertion and TSO; the port
 * is told about new descriptors once per burst (xmit_more) and completions
 * are reaped in NAPI under the queue's TX lock.
 *
 * XDP_TX frames (from the RX poll) and ndo_xdp_xmit frames share the TX
 * rings, their descriptor writer, doorbell and reaping with the stack's
 * skbs.
 */

#include <linux/dma-mapping.h>
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

int mvneta_txq_alloc(struct mvneta_port *pp,
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
	case MVNETA_TX_XDP_NDO_FRAG:
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

/* An XDP_TX frame, made of our RX pages, was sent: its pages go back to
 * their pool, each synced for the device only up to the end of its part
 * of the frame (the rest was not written since the last sync), straight
 * to the pool's cache when @direct (the RX ring's own NAPI poll, which
 * takes pages from that cache, is the one reaping).
 */
static void mvneta_xdp_tx_done(struct xdp_frame *xdpf, bool direct)
{
	struct page *page = virt_to_head_page(xdpf->data);
	u32 sync = xdpf->data + xdpf->len - page_address(page) -
		   MVNETA_RX_HEADROOM;

	if (unlikely(xdp_frame_has_frags(xdpf)))
		mvneta_xdp_put_frags(page->pp,
				     xdp_get_shared_info_from_frame(xdpf),
				     direct);
	page_pool_put_page(page->pp, page, sync, direct);
}

/* The XDP types come last in enum mvneta_tx_type. */
static bool mvneta_tx_is_xdp(const struct mvneta_tx_buf *buf)
{
	return buf->type >= MVNETA_TX_XDP_TX;
}

void mvneta_txq_free(struct mvneta_port *pp, struct mvneta_tx_queue *txq)
{
	if (!txq->descs)
		return;
	while (txq->used) {
		struct mvneta_tx_buf *buf = &txq->bufs[txq->next_to_clean];

		mvneta_tx_unmap(pp, buf);
		/* An skb or a frame is on its last descriptor only. */
		if (buf->skb && mvneta_tx_is_xdp(buf))
			xdp_return_frame(buf->xdpf);
		else if (buf->skb)
			dev_kfree_skb_any(buf->skb);
		buf->skb = NULL;
		txq->next_to_clean = mvneta_ring_next(txq->next_to_clean, txq->size);
		txq->used--;
	}
	mvneta_tso_free(pp, txq);
	kfree(txq->bufs);
	dma_free_coherent(pp->pdev_dev, txq->size * MVNETA_DESC_SIZE,
			  txq->descs, txq->descs_dma);
	txq->descs = NULL;
	txq->bufs = NULL;
}

void mvneta_txq_hw_init(struct mvneta_port *pp,
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
void mvneta_tx_done_arm(struct mvneta_vector *v)
{
	if (READ_ONCE(v->pp->tx_coal_frames) > 1 &&
	    !hrtimer_is_queued(&v->tx_done_timer))
		hrtimer_start(&v->tx_done_timer,
			      ns_to_ktime(MVNETA_TX_DONE_DELAY_NS),
			      HRTIMER_MODE_REL);
}

enum hrtimer_restart mvneta_tx_done_timer(struct hrtimer *timer)
{
	struct mvneta_vector *v = container_of(timer, struct mvneta_vector,
					       tx_done_timer);

	napi_schedule(&v->napi);
	return HRTIMER_NORESTART;
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
	mvneta_tx_done_arm(READ_ONCE(txq->vec));
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
 * descriptor cannot describe (the driver could checksum them itself, but
 * not segment them), and those too long for the checksum engine.
 *
 * Return: @features, less those the port cannot do for @skb.
 */
netdev_features_t mvneta_features_check(struct sk_buff *skb,
					struct net_device *dev,
					netdev_features_t features)
{
	const struct mvneta_port *pp = netdev_priv(dev);
	u8 l4;

	if (skb->ip_summed == CHECKSUM_PARTIAL && !mvneta_tx_l3_cmd(skb, &l4))
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	/* Nor can its checksum engine take packets beyond its limit (an
	 * MTU: 1600 bytes on the 370): the stack checksums those, and
	 * segments what would give such segments.
	 */
	if (skb_is_gso(skb)) {
		if (skb_shinfo(skb)->gso_size + skb_tcp_all_headers(skb) -
		    skb_network_offset(skb) > pp->tx_csum_limit)
			features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	} else if (skb->len - skb_network_offset(skb) > pp->tx_csum_limit) {
		features &= ~NETIF_F_CSUM_MASK;
	}
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
	txq->next_to_use = mvneta_ring_next(i, txq->size);
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

/* The DMA address of @len bytes at @data, in one of our RX pages (XDP_TX),
 * made visible to the port.
 */
static dma_addr_t mvneta_xdp_tx_sync(struct mvneta_port *pp,
				     struct page *page, u32 off, u32 len)
{
	dma_addr_t dma = page_pool_get_dma_addr(page) + off;

	dma_sync_single_for_device(pp->pdev_dev, dma, len, DMA_BIDIRECTIONAL);
	return dma;
}

/* Map (ndo_xdp_xmit) or sync (XDP_TX) the head of an XDP frame. */
static __always_inline int mvneta_xdp_map_head(struct mvneta_port *pp,
					       struct xdp_frame *xdpf,
					       bool ndo, dma_addr_t *dma)
{
	struct page *page;

	if (ndo) {
		*dma = dma_map_single(pp->pdev_dev, xdpf->data, xdpf->len,
				      DMA_TO_DEVICE);
		return dma_mapping_error(pp->pdev_dev, *dma) ? -ENOMEM : 0;
	}
	page = virt_to_page(xdpf->data);
	*dma = mvneta_xdp_tx_sync(pp, page, xdpf->data - page_address(page),
				  xdpf->len);
	return 0;
}

/* mvneta_xdp_queue() for a frame with fragments: one descriptor for its
 * head and one for each fragment, FIRST to LAST, the whole frame or
 * nothing of it.  Out of line: the single-buffer frames, all of them at
 * MTU 3496 or less, never come here.
 */
static noinline int mvneta_xdp_queue_frags(struct mvneta_port *pp,
					   struct mvneta_tx_queue *txq,
					   struct xdp_frame *xdpf, bool ndo)
{
	const struct skb_shared_info *sinfo =
		xdp_get_shared_info_from_frame(xdpf);
	u32 first = txq->next_to_use, last = first, f;
	u32 nr_frags = sinfo->nr_frags;
	dma_addr_t dma;

	if (txq->size - txq->used <= MVNETA_TX_MAX_DESCS + nr_frags)
		return -ENOSPC;
	if (mvneta_xdp_map_head(pp, xdpf, ndo, &dma))
		return -ENOMEM;
	mvneta_tx_desc(txq, MVNETA_TXD_FIRST |
		       FIELD_PREP(MVNETA_TXD_L4_CSUM, MVNETA_TXD_L4_CSUM_NOT) |
		       (nr_frags ? 0 : MVNETA_TXD_LAST | MVNETA_TXD_Z_PAD),
		       dma, xdpf->len,
		       ndo ? MVNETA_TX_XDP_NDO : MVNETA_TX_XDP_TX);
	for (f = 0; f < nr_frags; f++) {
		const skb_frag_t *frag = &sinfo->frags[f];
		u32 len = skb_frag_size(frag);

		if (ndo) {
			dma = skb_frag_dma_map(pp->pdev_dev, frag, 0, len,
					       DMA_TO_DEVICE);
			if (dma_mapping_error(pp->pdev_dev, dma)) {
				mvneta_tx_unwind(pp, txq, first);
				return -ENOMEM;
			}
		} else {
			dma = mvneta_xdp_tx_sync(pp, skb_frag_page(frag),
						 skb_frag_off(frag), len);
		}
		last = txq->next_to_use;
		mvneta_tx_desc(txq, f == nr_frags - 1 ?
			       MVNETA_TXD_LAST | MVNETA_TXD_Z_PAD : 0,
			       dma, len,
			       ndo ? MVNETA_TX_XDP_NDO_FRAG : MVNETA_TX_XDP_TX);
	}
	/* The frame is returned with its last descriptor. */
	txq->bufs[last].xdpf = xdpf;
	txq->used += nr_frags + 1;
	txq->pending += nr_frags + 1;
	return xdpf->len + sinfo->xdp_frags_size;
}

/**
 * mvneta_xdp_queue() - put one frame on a TX ring
 * @pp: the port
 * @txq: the ring; its TX lock is held
 * @xdpf: the frame, with its fragments if it has any
 * @ndo: true for a foreign frame (ndo_xdp_xmit): map it; false for XDP_TX
 *	of our own RX pages: only sync it
 *
 * A frame with fragments takes a descriptor for each buffer (see
 * mvneta_xdp_queue_frags()).  The port is told later, by
 * mvneta_txq_kick().  Inlined in its two callers' loops: a call cost
 * XDP_TX and ndo_xdp_xmit 70 instructions a frame.
 *
 * Return: the frame's bytes, or -ENOSPC / -ENOMEM when it was not queued.
 */
static __always_inline int mvneta_xdp_queue(struct mvneta_port *pp,
					    struct mvneta_tx_queue *txq,
					    struct xdp_frame *xdpf, bool ndo)
{
	struct mvneta_tx_buf *b = &txq->bufs[txq->next_to_use];
	dma_addr_t dma;

	if (unlikely(xdp_frame_has_frags(xdpf)))
		return mvneta_xdp_queue_frags(pp, txq, xdpf, ndo);
	/* Keep room for the stack's largest skb. */
	if (txq->size - txq->used <= MVNETA_TX_MAX_DESCS)
		return -ENOSPC;
	if (mvneta_xdp_map_head(pp, xdpf, ndo, &dma))
		return -ENOMEM;
	mvneta_tx_desc(txq, MVNETA_TXD_FIRST | MVNETA_TXD_LAST |
		       MVNETA_TXD_Z_PAD |
		       FIELD_PREP(MVNETA_TXD_L4_CSUM, MVNETA_TXD_L4_CSUM_NOT),
		       dma, xdpf->len,
		       ndo ? MVNETA_TX_XDP_NDO : MVNETA_TX_XDP_TX);
	b->xdpf = xdpf;
	txq->used++;
	txq->pending++;
	return xdpf->len;
}

static struct mvneta_tx_queue *mvneta_xdp_txq(struct mvneta_port *pp,
					      struct netdev_queue **nq)
{
	unsigned int q = smp_processor_id() % pp->num_txqs;

	*nq = netdev_get_tx_queue(pp->dev, q);
	return &pp->txqs[q];
}

/**
 * mvneta_xdp_tx_flush() - queue an RX poll's XDP_TX frames, ring once
 * @pp: the port
 * @frames: the frames, on pages of our RX rings
 * @n: how many, at least one
 *
 * A frame the ring cannot take goes back to its page pool.
 *
 * Context: NAPI.
 * Return: the frames queued.
 */
u32 mvneta_xdp_tx_flush(struct mvneta_port *pp, struct xdp_frame **frames,
			u32 n)
{
	struct netdev_queue *nq;
	struct mvneta_tx_queue *txq = mvneta_xdp_txq(pp, &nq);
	u32 i, sent = 0, bytes = 0;

	__netif_tx_lock(nq, smp_processor_id());
	txq_trans_cond_update(nq);
	for (i = 0; i < n; i++) {
		struct xdp_frame *xdpf = frames[i];
		int len = mvneta_xdp_queue(pp, txq, xdpf, false);

		if (len < 0) {
			xdp_return_frame_rx_napi(xdpf);
			continue;
		}
		sent++;
		bytes += len;
	}
	mvneta_txq_kick(pp, txq);
	/* Under the lock: start_xmit updates these too. */
	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.packets += sent;
	txq->stats.bytes += bytes;
	u64_stats_update_end(&txq->stats.syncp);
	__netif_tx_unlock(nq);
	return sent;
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
		int len = mvneta_xdp_queue(pp, txq, frames[i], true);

		if (len < 0)
			break;
		bytes += len;
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

/**
 * mvneta_tx_clean() - reap what the port has sent on a ring
 * @pp: the port
 * @txq: the ring
 * @budget: the NAPI poll's; 0 (netpoll) reaps skbs only
 * @rx_pool: the poll reaping also polls the RX ring: XDP_TX pages may go
 *	straight back to the cache of its pool
 */
void mvneta_tx_clean(struct mvneta_port *pp, struct mvneta_tx_queue *txq,
		     int budget, bool rx_pool)
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
		/* An skb or a frame is on its last descriptor only: the
		 * others have nothing to free.
		 */
		if (buf->type == MVNETA_TX_XDP_TX) {
			if (buf->xdpf)
				mvneta_xdp_tx_done(buf->xdpf, rx_pool);
		} else if (mvneta_tx_is_xdp(buf)) {
			if (buf->xdpf)
				xdp_return_frame_bulk(buf->xdpf, &bq);
		} else if (buf->skb) {
			pkts++;
			bytes += buf->skb->len;
			napi_consume_skb(buf->skb, budget);
		}
		buf->skb = NULL;
		txq->next_to_clean = mvneta_ring_next(txq->next_to_clean, txq->size);
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

/* The same for a TX ring: everything but the counters. */
void mvneta_txq_swap(struct mvneta_tx_queue *a,
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
