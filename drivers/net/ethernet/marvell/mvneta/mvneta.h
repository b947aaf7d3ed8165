/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Marvell NETA gigabit Ethernet driver: private definitions
 */
#ifndef _MVNETA_H_
#define _MVNETA_H_

#include <linux/bitfield.h>
#include <linux/clk.h>
#include <linux/bpf.h>
#include <linux/hrtimer.h>
#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/phylink.h>
#include <linux/smp.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/page_pool/types.h>
#include <net/xdp.h>

#include "mvneta_hw.h"

#define MVNETA_DRV_NAME		"mvneta"

/* One RX ring.  The port steers every frame to one queue, its default
 * queue: on the 3700, queue 0; on the per-CPU flavours, the queue whose
 * interrupts go to the CPU chosen with ethtool -X (queue N, CPU N).
 */
#define MVNETA_RXQS		1

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

/* The allocation flags of the RX ring fill at open.  page_pool records
 * each page's DMA mapping in an XArray, under its lock taken with bottom
 * halves off, and grows it with the flags it is given: a sleeping
 * allocation there sleeps with bottom halves off (page_pool_dma_map() in
 * Linux 6.12).  So the fill cannot sleep either; mvneta_compat.h lets
 * kernels whose page_pool keeps no such record sleep for their pages.
 */
#ifndef MVNETA_RX_FILL_GFP
#define MVNETA_RX_FILL_GFP	(GFP_ATOMIC | __GFP_NOWARN)
#endif
/* Room behind it, so build_skb() can put its shared info there. */
#define MVNETA_RX_TAILROOM	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
/* What the port may write into one page: a multiple of 8 bytes. */
#define MVNETA_RX_BUF_SIZE	\
	ALIGN_DOWN(PAGE_SIZE - MVNETA_RX_HEADROOM - MVNETA_RX_TAILROOM, 8)

/* Largest frame on the wire for the MTU, FCS and one VLAN tag included. */
static inline u32 mvneta_frame_size(int mtu)
{
	return mtu + ETH_HLEN + VLAN_HLEN + ETH_FCS_LEN;
}

/* Largest frame the MAC takes: its 2-byte-unit field, FCS included. */
#define MVNETA_MAX_FRAME	9700
#define MVNETA_MAX_MTU		(MVNETA_MAX_FRAME - ETH_HLEN - VLAN_HLEN - \
				 ETH_FCS_LEN - MVNETA_MH_SIZE)

/* How often the MIB registers are folded in while the port runs.  A
 * 32-bit byte counter among them wraps after 34 s at 1 Gb/s, 13.7 s at
 * 2.5 Gb/s: 5 s leaves room for a late work item.
 */
#define MVNETA_MIB_PERIOD	(5 * HZ)

/* Worst case descriptors of one skb: every segment a header and a frag. */
#define MVNETA_TSO_MAX_SEGS	100
#define MVNETA_TX_MAX_DESCS	(MVNETA_TSO_MAX_SEGS * 2 + MAX_SKB_FRAGS)
#define MVNETA_TX_RING_MIN	(2 * MVNETA_TX_MAX_DESCS)	/* 434 */

/* The largest MTU whose frames fit one buffer: above it, only programs
 * that take fragments (xdp.frags) may run.
 */
#define MVNETA_XDP_MAX_MTU	(MVNETA_RX_BUF_SIZE - MVNETA_MH_SIZE - \
				 ETH_HLEN - VLAN_HLEN - ETH_FCS_LEN)
/* XDP_TX frames gathered before they go to a TX ring. */
#define MVNETA_XDP_TX_BULK	NAPI_POLL_WEIGHT

enum mvneta_tx_type {
	MVNETA_TX_SKB_HEAD,	/* dma_map_single'd part of an skb */
	MVNETA_TX_SKB_FRAG,	/* a page fragment of an skb */
	MVNETA_TX_TSO_HDR,	/* a header in the queue's TSO header area */
	/* The XDP types last: see mvneta_tx_is_xdp(). */
	MVNETA_TX_XDP_TX,	/* one of our RX pages, sent back (XDP_TX) */
	MVNETA_TX_XDP_NDO,	/* a foreign frame, mapped (ndo_xdp_xmit) */
	MVNETA_TX_XDP_NDO_FRAG,	/* a fragment of one, mapped as a page */
};

/**
 * struct mvneta_tx_buf - what one TX descriptor carries
 * @type: how its buffer was mapped
 * @skb: for skb types, the skb on the descriptor that completes it
 * @xdpf: for XDP types, the frame, on the descriptor that completes it
 *	(its last: a frame with fragments has one descriptor for each)
 * @dma: buffer DMA address, for unmapping
 * @len: buffer length
 */
struct mvneta_tx_buf {
	enum mvneta_tx_type type;
	union {
		struct sk_buff *skb;
		struct xdp_frame *xdpf;
	};
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
 * @xdp_pass: RX: XDP_PASS verdicts
 * @xdp_drop: RX: XDP_DROP verdicts
 * @xdp_aborted: RX: XDP_ABORTED and unknown verdicts
 * @xdp_redirect: RX: frames redirected
 * @xdp_redirect_err: RX: redirects that failed
 * @xdp_tx: RX: XDP_TX frames queued
 * @xdp_tx_err: RX: XDP_TX frames that could not be queued
 * @xdp_xmit: TX: ndo_xdp_xmit frames queued
 * @xdp_xmit_err: TX: ndo_xdp_xmit frames refused
 */
struct mvneta_queue_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 errors;
	u64 dropped;
	u64 xdp_pass;
	u64 xdp_drop;
	u64 xdp_aborted;
	u64 xdp_redirect;
	u64 xdp_redirect_err;
	u64 xdp_tx;
	u64 xdp_tx_err;
	u64 xdp_xmit;
	u64 xdp_xmit_err;
};

/* Verdicts of one poll (at most its budget of frames), folded into the
 * ring's counters at its end.
 */
struct mvneta_xdp_counts {
	u16 pass;
	u16 drop;
	u16 aborted;
	u16 redirect;
	u16 redirect_err;
	u16 tx;
	u16 tx_err;
};

struct mvneta_port;

/**
 * struct mvneta_vector - a NAPI context and the queues it serves
 * @napi: the context
 * @pp: its port
 * @cpu: on the per-CPU flavours (370/XP/38x), the CPU whose interrupt
 *	schedules it; -1 on the 3700, whose one interrupt follows its
 *	affinity
 * @up: its NAPI is enabled: the port is up and, per CPU, its CPU online
 * @misc: it handles the misc causes (link changes); on the per-CPU
 *	flavours, the RX ring's vector does
 * @tx_done_timer: polls for frames sent below the TX-done threshold
 * @unmask_csd: unmasks the interrupt of its CPU when the poll that the
 *	interrupt scheduled completed on another CPU
 *
 * Which vector serves which queue is the queue's: see
 * &mvneta_rx_queue.vec and &mvneta_tx_queue.vec.
 */
struct mvneta_vector {
	struct napi_struct napi;
	struct mvneta_port *pp;
	int cpu;
	bool up;
	bool misc;
	struct hrtimer tx_done_timer;
	call_single_data_t unmask_csd;
};

/**
 * struct mvneta_rx_queue - one RX ring and its page pool
 * @id: the port's queue the ring is given to (0 to 7)
 * @vec: the vector that polls it; it changes only while the old one's
 *	NAPI is disabled, so one vector at a time polls the ring
 * @pool_vec: the vector whose NAPI instance the page pool knows (skbs
 *	freed where it runs recycle straight into the pool's cache), or
 *	NULL once the ring has moved to another vector
 * @size: descriptors
 * @descs: the ring (coherent memory)
 * @descs_dma: its DMA address
 * @pages: page behind each descriptor, NULL while it has none
 * @next_to_clean: next descriptor the driver looks at
 * @next_to_fill: next descriptor to give a new page
 * @missing: descriptors waiting for a page
 * @skb: frame being assembled across descriptors, for the stack
 * @xdp: frame being assembled across descriptors, for the XDP program
 *	(fragments in the first page's skb_shared_info), while @xdp_more
 * @xdp_more: @xdp holds a frame whose last descriptor is still to come
 * @first_status: status of @xdp's first descriptor (checksum bits)
 * @frame_left: bytes of that frame (MH and FCS included) still to come
 * @page_pool: pages for this ring
 * @xdp_rxq: XDP view of this ring
 * @stats: counters
 *
 * A restart exchanges everything but @id, @vec and @stats with a new
 * ring: see mvneta_rxq_swap().
 */
struct mvneta_rx_queue {
	int id;
	struct mvneta_vector *vec;
	u32 size;
	struct mvneta_rx_desc *descs;
	dma_addr_t descs_dma;
	struct page **pages;
	u32 next_to_clean;
	u32 next_to_fill;
	u32 missing;
	struct sk_buff *skb;
	struct xdp_buff xdp;
	bool xdp_more;
	u32 first_status;
	u32 frame_left;
	struct page_pool *page_pool;
	struct mvneta_vector *pool_vec;
	struct xdp_rxq_info xdp_rxq;
	struct mvneta_queue_stats stats;
};

/**
 * struct mvneta_tx_queue - one TX ring
 * @id: queue number
 * @vec: the vector that reaps it (its TX-done interrupts go to that
 *	vector's CPU); reaping takes the queue's lock, so it may change at
 *	any time
 * @size: descriptors
 * @descs: the ring (coherent memory)
 * @descs_dma: its DMA address
 * @bufs: what each descriptor carries
 * @tso_hdrs: one TSO header slot per descriptor, in page-sized chunks of
 *	coherent memory
 * @tso_hdrs_dma: the chunks' DMA addresses
 * @tso_chunks: how many chunks
 * @next_to_use: next free descriptor
 * @next_to_clean: oldest descriptor not yet reclaimed
 * @used: descriptors between the two
 * @pending: descriptors written but not yet handed to the port
 * @stop_thresh: stop the queue when fewer descriptors are free
 * @wake_thresh: wake it when at least this many are free again
 * @stats: counters
 *
 * A restart exchanges everything but @id, @vec and @stats with a new
 * ring: see mvneta_txq_swap().
 */
struct mvneta_tx_queue {
	int id;
	struct mvneta_vector *vec;
	u32 size;
	struct mvneta_tx_desc *descs;
	dma_addr_t descs_dma;
	struct mvneta_tx_buf *bufs;
	char **tso_hdrs;
	dma_addr_t *tso_hdrs_dma;
	u32 tso_chunks;
	u32 next_to_use;
	u32 next_to_clean;
	u32 used;
	u32 pending;
	u32 stop_thresh;
	u32 wake_thresh;
	struct mvneta_queue_stats stats;
};

/**
 * struct mvneta_rings - a set of rings sized for one configuration
 * @rx_buf_size: bytes the port may write into one RX buffer
 * @rxqs: RX rings, with their page pools
 * @txqs: TX rings (the port's num_txqs first ones)
 *
 * A restart allocates and fills a whole set while the port still runs on
 * its own rings, then exchanges the two: see mvneta_rings_swap().
 */
struct mvneta_rings {
	u32 rx_buf_size;
	struct mvneta_rx_queue rxqs[MVNETA_RXQS];
	struct mvneta_tx_queue txqs[MVNETA_MAX_QUEUES];
};

/**
 * struct mvneta_sw_stats - counters kept in software for ethtool -S
 * @syncp: 64-bit counter consistency on 32-bit machines, for the counters
 *	NAPI, their only writer, updates
 * @refill_errors: RX pages the refill could not get
 * @skb_alloc_errors: RX frames dropped for want of an skb
 * @rx_crc_errors: RX error descriptors: bad FCS
 * @rx_overrun_errors: RX error descriptors: FIFO overrun
 * @rx_length_errors: RX error descriptors: bad length
 * @rx_resource_errors: RX error descriptors: no buffer
 * @tx_timeouts: TX watchdog timeouts; the watchdog timer, not NAPI,
 *	counts them, hence an atomic
 */
struct mvneta_sw_stats {
	struct u64_stats_sync syncp;
	u64_stats_t refill_errors;
	u64_stats_t skb_alloc_errors;
	u64_stats_t rx_crc_errors;
	u64_stats_t rx_overrun_errors;
	u64_stats_t rx_length_errors;
	u64_stats_t rx_resource_errors;
	atomic64_t tx_timeouts;
};

/**
 * struct mvneta_soc - what sets a SoC's NETA ports apart
 * @percpu: one interrupt per CPU (a per-CPU interrupt), whose cause and
 *	mask registers the port banks by the CPU that accesses them, and
 *	the CPU_MAP registers say which queues interrupt which CPU (370,
 *	XP, 38x); else one interrupt for the port (3700, AC5)
 * @windows: how DMA reaches DRAM (see mvneta_setup_windows())
 * @tx_csum_limit: the largest frame the TX checksum engine takes, in
 *	bytes, unless the device tree says ("tx-csum-limit")
 */
struct mvneta_soc {
	bool percpu;
	enum {
		MVNETA_WIN_MBUS,	/* the MBUS driver's DRAM windows */
		MVNETA_WIN_ALL,		/* one 4 GB window (3700) */
		MVNETA_WIN_AC5,		/* one 4 GB window to AC5's DRAM */
	} windows;
	u32 tx_csum_limit;
};

/**
 * struct mvneta_windows - the port's address windows as the boot loader
 * left them, for a kernel that has no description of DRAM
 * @base: MVNETA_WIN_BASE of each window
 * @size: MVNETA_WIN_SIZE of each window
 * @remap: MVNETA_WIN_REMAP of the windows that have one
 * @off: MVNETA_BASE_ADDR_ENABLE
 * @prot: MVNETA_ACCESS_PROTECT
 * @saved: read from the port (at probe)
 */
struct mvneta_windows {
	u32 base[MVNETA_NUM_WINDOWS];
	u32 size[MVNETA_NUM_WINDOWS];
	u32 remap[MVNETA_NUM_REMAPS];
	u32 off;
	u32 prot;
	bool saved;
};

/**
 * struct mvneta_port - one NETA port
 * @base: registers
 * @dev: the net device
 * @pdev_dev: the platform device's struct device (for DMA)
 * @soc: the SoC's flavour of the port
 * @vecs: the NAPI contexts: one on the 3700, one per CPU (indexed by CPU)
 *	on the per-CPU flavours
 * @nvecs: how many
 * @cpu_vec: per CPU, the vector its interrupt schedules (the per-CPU
 *	interrupt's cookie)
 * @cpuhp_node: the port's instance of the CPU hotplug callbacks, while up
 * @hotplug: the callbacks move queues between the vectors, which are
 *	running; under the CPU hotplug lock
 * @irq: interrupt number
 * @tx_csum_limit: frames longer than this are checksummed in software
 * @clk: core clock (time coalescing counts in its cycles)
 * @clk_bus: optional bus clock
 * @phylink: link management
 * @phylink_config: its configuration
 * @phylink_pcs: the port's own PCS (in-band status)
 * @phy_interface: interface mode from the device tree
 * @comphy: the SerDes lane of SGMII/1000BASE-X/2500BASE-X, if the device
 *	tree names one ("phys")
 * @comphy_on: @comphy is powered on
 * @rxqs: RX queues
 * @txqs: TX queues
 * @num_txqs: TX queues in use
 * @rx_ring_size: descriptors per RX ring
 * @rx_buf_size: bytes the port may write into one RX buffer (set per MTU)
 * @tx_ring_size: descriptors per TX ring
 * @rx_coal_frames: RX interrupt after this many frames ...
 * @rx_coal_usecs: ... or this long after the first
 * @tx_coal_frames: TX done interrupt after this many frames
 * @refill_timer: schedules the RX ring's NAPI to retry a failed refill
 * @mib: MIB counters accumulated from the clear-on-read registers
 * @mib_work: folds them in every MVNETA_MIB_PERIOD while the port runs
 * @mib_lock: serialises MIB reads
 * @sw: software counters
 * @reset_work: restarts the port after a TX timeout
 * @xdp_prog: the XDP program, or NULL
 * @running: the data path may use the rings: false while the port is down
 *	and while a restart exchanges them
 * @mac_lock: serialises the phylink MAC callbacks with a restart, which
 *	reprograms the queues and GMAC_CTRL_0 without stopping phylink
 * @link_up: phylink reported the link up (mac_link_up) and not down since;
 *	under @mac_lock
 * @boot_windows: the boot loader's address windows, when kept
 * @sleep_rings: from suspend to resume, the rings a running port resumes
 *	on
 * @resume_failed: the last resume found no clock: the port is detached,
 *	down and unclocked until a later resume succeeds (under RTNL)
 * @eee_enabled: EEE on, as ethtool --set-eee last set it; under @mac_lock
 *	with the three below
 * @tx_lpi_enabled: the transmitter may enter low-power idle
 * @tx_lpi_timer: after this many microseconds of idle
 * @eee_active: the link phylink brought up negotiated EEE
 * @eee_wake_errors: the PHY's clear-on-read wake error counter,
 *	accumulated when ethtool -S reads it (under RTNL)
 */
struct mvneta_port {
	void __iomem *base;
	struct net_device *dev;
	struct device *pdev_dev;
	const struct mvneta_soc *soc;
	struct mvneta_vector *vecs;
	unsigned int nvecs;
	struct mvneta_vector * __percpu *cpu_vec;
	struct hlist_node cpuhp_node;
	bool hotplug;
	int irq;
	u32 tx_csum_limit;
	struct clk *clk;
	struct clk *clk_bus;
	struct phylink *phylink;
	struct phylink_config phylink_config;
	struct phylink_pcs phylink_pcs;
	phy_interface_t phy_interface;
	struct phy *comphy;
	bool comphy_on;

	struct mvneta_rx_queue rxqs[MVNETA_RXQS];
	struct mvneta_tx_queue txqs[MVNETA_MAX_QUEUES];
	unsigned int num_txqs;
	u32 rx_ring_size;
	u32 rx_buf_size;
	u32 tx_ring_size;
	u32 rx_coal_frames;
	u32 rx_coal_usecs;
	u32 tx_coal_frames;
	struct timer_list refill_timer;

	u64 mib[MVNETA_MIB_SIZE / 4 + 2];
	struct delayed_work mib_work;
	spinlock_t mib_lock;	/* clear-on-read registers */
	struct mvneta_sw_stats sw;
	struct work_struct reset_work;
	struct bpf_prog *xdp_prog;
	bool running;
	struct mutex mac_lock;	/* phylink callbacks vs restart */
	bool link_up;
	struct mvneta_windows boot_windows;
	struct mvneta_rings *sleep_rings;
	bool resume_failed;
	bool eee_enabled;
	bool tx_lpi_enabled;
	u32 tx_lpi_timer;
	bool eee_active;
	u64 eee_wake_errors;
};

static inline u32 mvneta_read(struct mvneta_port *pp, u32 reg)
{
	return readl(pp->base + reg);
}

static inline void mvneta_write(struct mvneta_port *pp, u32 reg, u32 val)
{
	writel(val, pp->base + reg);
}

/* The ring index after @i, on a ring of @size descriptors. */
static inline u32 mvneta_ring_next(u32 i, u32 size)
{
	return ++i == size ? 0 : i;
}

struct mvneta_config;

/* mvneta_rx.c */
int mvneta_rxq_alloc(struct mvneta_port *pp, const struct mvneta_config *cfg,
		     u32 buf_size, struct mvneta_rx_queue *rxq);
void mvneta_rxq_free(struct mvneta_port *pp, struct mvneta_rx_queue *rxq);
void mvneta_rxq_hw_init(struct mvneta_port *pp, struct mvneta_rx_queue *rxq);
void mvneta_rxq_swap(struct mvneta_rx_queue *a, struct mvneta_rx_queue *b);
void mvneta_xdp_put_frags(struct page_pool *pool,
			  const struct skb_shared_info *sinfo, bool napi);
void mvneta_refill_timer(struct timer_list *timer);
int mvneta_poll(struct napi_struct *napi, int budget);
void mvneta_set_rx_coal(struct mvneta_port *pp);
void mvneta_vector_unmask(struct mvneta_vector *v);

/* mvneta_tx.c */
int mvneta_txq_alloc(struct mvneta_port *pp, const struct mvneta_config *cfg,
		     struct mvneta_tx_queue *txq);
void mvneta_txq_free(struct mvneta_port *pp, struct mvneta_tx_queue *txq);
void mvneta_txq_hw_init(struct mvneta_port *pp, struct mvneta_tx_queue *txq);
void mvneta_txq_swap(struct mvneta_tx_queue *a, struct mvneta_tx_queue *b);
enum hrtimer_restart mvneta_tx_done_timer(struct hrtimer *timer);
void mvneta_tx_clean(struct mvneta_port *pp, struct mvneta_tx_queue *txq,
		     int budget, bool rx_pool);
void mvneta_tx_done_arm(struct mvneta_vector *v);
netdev_tx_t mvneta_start_xmit(struct sk_buff *skb, struct net_device *dev);
netdev_features_t mvneta_features_check(struct sk_buff *skb,
					struct net_device *dev,
					netdev_features_t features);
void mvneta_set_tx_coal(struct mvneta_port *pp);
u32 mvneta_xdp_tx_flush(struct mvneta_port *pp, struct xdp_frame **frames,
			u32 n);
int mvneta_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		    u32 flags);

/**
 * mvneta_tx_poll() - reap what the port has sent, from the NAPI poll
 * @v: the vector polling: it reaps its own rings
 * @cause: the interrupt causes the poll read: the rings whose sent
 *	threshold was reached are reaped, and so are the others that hold
 *	anything
 * @budget: the poll's; 0 (netpoll) reaps skbs only
 * @rx_pool: @v polls the RX ring, so XDP_TX pages may go straight back
 *	to its pool's cache
 */
static inline void mvneta_tx_poll(struct mvneta_vector *v, u32 cause,
				  int budget, bool rx_pool)
{
	u32 sent = FIELD_GET(MVNETA_INTR_TXQ_SENT, cause);
	struct mvneta_port *pp = v->pp;
	unsigned int q;

	for (q = 0; q < pp->num_txqs; q++) {
		struct mvneta_tx_queue *txq = &pp->txqs[q];

		if (READ_ONCE(txq->vec) == v &&
		    ((sent & BIT(q)) || READ_ONCE(txq->used)))
			mvneta_tx_clean(pp, txq, budget, rx_pool);
	}
}

/**
 * mvneta_tx_poll_done() - before the poll sleeps, see to frames in flight
 * @v: the vector, its interrupt unmasked again
 *
 * Frames still on a ring may never reach the sent threshold that would
 * raise the interrupt: the TX-done timer will poll for them.
 */
static inline void mvneta_tx_poll_done(struct mvneta_vector *v)
{
	struct mvneta_port *pp = v->pp;
	unsigned int q;

	for (q = 0; q < pp->num_txqs; q++)
		if (READ_ONCE(pp->txqs[q].vec) == v &&
		    READ_ONCE(pp->txqs[q].used)) {
			mvneta_tx_done_arm(v);
			return;
		}
}

/* mvneta_xdp.c */
int mvneta_bpf(struct net_device *dev, struct netdev_bpf *bpf);
void mvneta_xdp_set_features(struct net_device *dev);

/* mvneta_ethtool.c */
extern const struct ethtool_ops mvneta_ethtool_ops;
void mvneta_mib_update(struct mvneta_port *pp);
void mvneta_lpi_update(struct mvneta_port *pp);
void mvneta_mib_clear(struct mvneta_port *pp);
void mvneta_mib_work(struct work_struct *work);

/**
 * struct mvneta_config - what a restart of a running port may change
 * @mtu: the device MTU
 * @rx_ring_size: descriptors per RX ring
 * @tx_ring_size: descriptors per TX ring
 * @xdp_prog: the XDP program, or NULL
 * @rxq: the port's queue for the RX ring (ethtool -X; 0 on the 3700)
 */
struct mvneta_config {
	int mtu;
	u32 rx_ring_size;
	u32 tx_ring_size;
	struct bpf_prog *xdp_prog;
	u8 rxq;
};

/* mvneta_main.c */
int mvneta_rings_alloc(struct mvneta_port *pp, const struct mvneta_config *cfg,
		       struct mvneta_rings **set);
void mvneta_rings_swap(struct mvneta_port *pp, struct mvneta_rings *set);
void mvneta_rings_free(struct mvneta_port *pp, struct mvneta_rings *set);
void mvneta_port_rings_free(struct mvneta_port *pp);
void mvneta_hw_init_rings(struct mvneta_port *pp);
void mvneta_timers_init(struct mvneta_port *pp);
void mvneta_timers_cancel(struct mvneta_port *pp);
void mvneta_fold_stats(struct mvneta_port *pp, struct rtnl_link_stats64 *s);
void mvneta_get_config(const struct mvneta_port *pp,
		       struct mvneta_config *cfg);
int mvneta_reconfigure(struct net_device *dev,
		       const struct mvneta_config *cfg);
unsigned int mvneta_rx_queues(const struct mvneta_port *pp);
struct mvneta_vector *mvneta_rx_vector(struct mvneta_port *pp, unsigned int q);

#endif /* _MVNETA_H_ */
