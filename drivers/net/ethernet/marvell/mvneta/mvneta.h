/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Marvell NETA gigabit Ethernet driver: private definitions
 */
#ifndef _MVNETA_H_
#define _MVNETA_H_

#include <linux/bitfield.h>
#include <linux/clk.h>
#include <linux/bpf.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/phylink.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/page_pool.h>
#include <net/xdp.h>

#include "mvneta_hw.h"

#define MVNETA_DRV_NAME		"mvneta"

#define MVNETA_RXQS		1	/* the 3700 steers everything to one */
#define MVNETA_RXQ_DEF		0

#define MVNETA_RX_RING_DEF	512
#define MVNETA_RX_RING_MAX	4096
#define MVNETA_TX_RING_DEF	512
#define MVNETA_TX_RING_MAX	4096
#define MVNETA_RX_RING_MIN	64

#define MVNETA_RX_COAL_FRAMES	32
#define MVNETA_RX_COAL_USECS	100
#define MVNETA_TX_COAL_FRAMES	1

/* Room in front of every frame: XDP headroom. */
#define MVNETA_RX_HEADROOM	XDP_PACKET_HEADROOM
/* Room behind it, so build_skb() can put its shared info there. */
#define MVNETA_RX_TAILROOM	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
/* What the port may write into one page: a multiple of 8 bytes. */
#define MVNETA_RX_BUF_SIZE	\
	ALIGN_DOWN(PAGE_SIZE - MVNETA_RX_HEADROOM - MVNETA_RX_TAILROOM, 8)

/* Largest frame the MAC takes: its 2-byte-unit field, FCS included. */
#define MVNETA_MAX_FRAME	9700
#define MVNETA_MAX_MTU		(MVNETA_MAX_FRAME - ETH_HLEN - VLAN_HLEN - \
				 ETH_FCS_LEN - MVNETA_MH_SIZE)

/* Worst case descriptors of one skb: every segment a header and a frag. */
#define MVNETA_TSO_MAX_SEGS	100
#define MVNETA_TX_MAX_DESCS	(MVNETA_TSO_MAX_SEGS * 2 + MAX_SKB_FRAGS)
#define MVNETA_TX_RING_MIN	(2 * MVNETA_TX_MAX_DESCS)	/* 434 */

enum mvneta_tx_type {
	MVNETA_TX_SKB_HEAD,	/* dma_map_single'd part of an skb */
	MVNETA_TX_SKB_FRAG,	/* a page fragment of an skb */
	MVNETA_TX_TSO_HDR,	/* a header in the queue's TSO header area */
};

/**
 * struct mvneta_tx_buf - what one TX descriptor carries
 * @type: how its buffer was mapped
 * @skb: the skb, on the descriptor that completes it (else NULL)
 * @dma: buffer DMA address, for unmapping
 * @len: buffer length
 */
struct mvneta_tx_buf {
	enum mvneta_tx_type type;
	struct sk_buff *skb;
	dma_addr_t dma;
	u32 len;
};

/**
 * struct mvneta_queue_stats - per-queue counters, folded in once a poll
 * @syncp: 64-bit counter consistency on 32-bit machines
 * @packets: frames
 * @bytes: bytes (without FCS)
 * @errors: RX: error descriptors; TX: frames that could not be mapped
 * @dropped: frames dropped by the driver
 * @alloc_errors: page or skb allocations that failed
 */
struct mvneta_queue_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 errors;
	u64 dropped;
	u64 alloc_errors;
};

struct mvneta_port;

/**
 * struct mvneta_rx_queue - one RX ring and its page pool
 * @pp: the port
 * @id: queue number
 * @size: descriptors
 * @descs: the ring (coherent memory)
 * @descs_dma: its DMA address
 * @pages: page behind each descriptor, NULL while it has none
 * @next_to_clean: next descriptor the driver looks at
 * @next_to_fill: next descriptor to give a new page
 * @missing: descriptors waiting for a page
 * @skb: frame being assembled across descriptors
 * @frame_left: bytes of that frame (MH and FCS included) still to come
 * @dropping: the rest of the current frame is thrown away
 * @page_pool: pages for this ring
 * @xdp_rxq: XDP view of this ring
 * @stats: counters
 */
struct mvneta_rx_queue {
	struct mvneta_port *pp;
	int id;
	u32 size;
	struct mvneta_rx_desc *descs;
	dma_addr_t descs_dma;
	struct page **pages;
	u32 next_to_clean;
	u32 next_to_fill;
	u32 missing;
	struct sk_buff *skb;
	u32 frame_left;
	bool dropping;
	struct page_pool *page_pool;
	struct xdp_rxq_info xdp_rxq;
	struct mvneta_queue_stats stats;
};

/**
 * struct mvneta_tx_queue - one TX ring
 * @pp: the port
 * @id: queue number
 * @size: descriptors
 * @descs: the ring (coherent memory)
 * @descs_dma: its DMA address
 * @bufs: what each descriptor carries
 * @tso_hdrs: one TSO header slot per descriptor (coherent memory)
 * @tso_hdrs_dma: its DMA address
 * @next_to_use: next free descriptor
 * @next_to_clean: oldest descriptor not yet reclaimed
 * @used: descriptors between the two
 * @pending: descriptors written but not yet handed to the port
 * @stop_thresh: stop the queue when fewer descriptors are free
 * @wake_thresh: wake it when at least this many are free again
 * @stats: counters
 */
struct mvneta_tx_queue {
	struct mvneta_port *pp;
	int id;
	u32 size;
	struct mvneta_tx_desc *descs;
	dma_addr_t descs_dma;
	struct mvneta_tx_buf *bufs;
	char *tso_hdrs;
	dma_addr_t tso_hdrs_dma;
	u32 next_to_use;
	u32 next_to_clean;
	u32 used;
	u32 pending;
	u32 stop_thresh;
	u32 wake_thresh;
	struct mvneta_queue_stats stats;
};

/* Counters kept in software for ethtool -S. */
struct mvneta_sw_stats {
	u64 refill_errors;
	u64 skb_alloc_errors;
	u64 rx_crc_errors;
	u64 rx_overrun_errors;
	u64 rx_length_errors;
	u64 rx_resource_errors;
	u64 tx_timeouts;
};

/**
 * struct mvneta_port - one NETA port
 * @base: registers
 * @dev: the net device
 * @pdev_dev: the platform device's struct device (for DMA)
 * @napi: the port's NAPI context (one interrupt on the 3700)
 * @irq: interrupt number
 * @clk: core clock (time coalescing counts in its cycles)
 * @clk_bus: optional bus clock
 * @phylink: link management
 * @phylink_config: its configuration
 * @phylink_pcs: the port's own PCS (in-band status)
 * @phy_interface: interface mode from the device tree
 * @rxqs: RX queues
 * @txqs: TX queues
 * @num_txqs: TX queues in use
 * @rx_ring_size: descriptors per RX ring
 * @tx_ring_size: descriptors per TX ring
 * @rx_coal_frames: RX interrupt after this many frames ...
 * @rx_coal_usecs: ... or this long after the first
 * @tx_coal_frames: TX done interrupt after this many frames
 * @mib: MIB counters accumulated from the clear-on-read registers
 * @mib_lock: serialises MIB reads
 * @sw: software counters
 * @mcast_refs: references to each entry of the other-multicast table
 * @reset_work: restarts the port after a TX timeout
 * @running: rings and interrupt are set up
 */
struct mvneta_port {
	void __iomem *base;
	struct net_device *dev;
	struct device *pdev_dev;
	struct napi_struct napi;
	int irq;
	struct clk *clk;
	struct clk *clk_bus;
	struct phylink *phylink;
	struct phylink_config phylink_config;
	struct phylink_pcs phylink_pcs;
	phy_interface_t phy_interface;

	struct mvneta_rx_queue rxqs[MVNETA_RXQS];
	struct mvneta_tx_queue txqs[MVNETA_MAX_QUEUES];
	unsigned int num_txqs;
	u32 rx_ring_size;
	u32 tx_ring_size;
	u32 rx_coal_frames;
	u32 rx_coal_usecs;
	u32 tx_coal_frames;

	u64 mib[MVNETA_MIB_SIZE / 4 + 2];
	spinlock_t mib_lock;	/* clear-on-read registers */
	struct mvneta_sw_stats sw;
	u8 mcast_refs[MVNETA_DA_MCAST_ENTRIES];
	struct work_struct reset_work;
	bool running;
};

static inline u32 mvneta_read(struct mvneta_port *pp, u32 reg)
{
	return readl(pp->base + reg);
}

static inline void mvneta_write(struct mvneta_port *pp, u32 reg, u32 val)
{
	writel(val, pp->base + reg);
}

/* mvneta_rxtx.c */
int mvneta_alloc_rings(struct mvneta_port *pp);
void mvneta_free_rings(struct mvneta_port *pp);
void mvneta_hw_init_rings(struct mvneta_port *pp);
int mvneta_poll(struct napi_struct *napi, int budget);
netdev_tx_t mvneta_start_xmit(struct sk_buff *skb, struct net_device *dev);
void mvneta_set_rx_coal(struct mvneta_port *pp);
void mvneta_set_tx_coal(struct mvneta_port *pp);
void mvneta_fold_stats(struct mvneta_port *pp, struct rtnl_link_stats64 *s);

/* mvneta_ethtool.c */
extern const struct ethtool_ops mvneta_ethtool_ops;
void mvneta_mib_update(struct mvneta_port *pp);
void mvneta_mib_clear(struct mvneta_port *pp);

/* mvneta_main.c */
int mvneta_reconfigure(struct net_device *dev, u32 rx_ring, u32 tx_ring);

#endif /* _MVNETA_H_ */
