// SPDX-License-Identifier: GPL-2.0
/*
 * Marvell NETA gigabit Ethernet driver: ethtool
 *
 * ethtool -S shows the port's MIB counters (accumulated from the
 * clear-on-read registers), the PHY's EEE wake errors, the driver's own
 * counters and the page_pool counters of the RX rings.
 */

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <net/page_pool/helpers.h>

#include "mvneta.h"

/* Slots in pp->mib beyond the MIB block itself. */
#define MIB_RX_DISCARD	(MVNETA_MIB_SIZE / 4)
#define MIB_RX_OVERRUN	(MVNETA_MIB_SIZE / 4 + 1)

struct mvneta_mib_stat {
	char name[ETH_GSTRING_LEN];
	u16 slot;	/* register offset in the MIB block / 4, or MIB_RX_* */
	bool wide;	/* 64-bit counter: low word here, high word next */
};

static const struct mvneta_mib_stat mvneta_mib_stats[] = {
	{ "good_octets_received", 0x00 / 4, true },
	{ "good_frames_received", 0x10 / 4 },
	{ "bad_octets_received", 0x08 / 4 },
	{ "bad_frames_received", 0x14 / 4 },
	{ "broadcast_frames_received", 0x18 / 4 },
	{ "multicast_frames_received", 0x1c / 4 },
	{ "unrec_mac_control_received", 0x50 / 4 },
	{ "good_fc_received", 0x58 / 4 },
	{ "bad_fc_received", 0x5c / 4 },
	{ "undersize_received", 0x60 / 4 },
	{ "fragments_received", 0x64 / 4 },
	{ "oversize_received", 0x68 / 4 },
	{ "jabber_received", 0x6c / 4 },
	{ "mac_receive_error", 0x70 / 4 },
	{ "bad_crc_event", 0x74 / 4 },
	{ "collision", 0x78 / 4 },
	{ "late_collision", 0x7c / 4 },
	{ "rx_discard", MIB_RX_DISCARD },
	{ "rx_overrun", MIB_RX_OVERRUN },
	{ "frames_64_octets", 0x20 / 4 },
	{ "frames_65_to_127_octets", 0x24 / 4 },
	{ "frames_128_to_255_octets", 0x28 / 4 },
	{ "frames_256_to_511_octets", 0x2c / 4 },
	{ "frames_512_to_1023_octets", 0x30 / 4 },
	{ "frames_1024_to_max_octets", 0x34 / 4 },
	{ "good_octets_sent", 0x38 / 4, true },
	{ "good_frames_sent", 0x40 / 4 },
	{ "excessive_collision", 0x44 / 4 },
	{ "multicast_frames_sent", 0x48 / 4 },
	{ "broadcast_frames_sent", 0x4c / 4 },
	{ "fc_sent", 0x54 / 4 },
	{ "internal_mac_transmit_err", 0x0c / 4 },
};

struct mvneta_sw_stat {
	char name[ETH_GSTRING_LEN];
	size_t offset;	/* in struct mvneta_sw_stats */
	bool atomic;	/* an atomic64_t, else a u64_stats_t */
};

#define SW_STAT(n, f) { n, offsetof(struct mvneta_sw_stats, f), false }
#define SW_STAT_ATOMIC(n, f) { n, offsetof(struct mvneta_sw_stats, f), true }

static const struct mvneta_sw_stat mvneta_sw_stats[] = {
	SW_STAT("skb_alloc_errors", skb_alloc_errors),
	SW_STAT("refill_errors", refill_errors),
	SW_STAT("rx_crc_errors", rx_crc_errors),
	SW_STAT("rx_overrun_errors", rx_overrun_errors),
	SW_STAT("rx_length_errors", rx_length_errors),
	SW_STAT("rx_resource_errors", rx_resource_errors),
	SW_STAT_ATOMIC("tx_timeouts", tx_timeouts),
};

/* XDP counters: the names every XDP driver uses, summed over queues. */
struct mvneta_xdp_stat {
	char name[ETH_GSTRING_LEN];
	size_t offset;		/* in struct mvneta_queue_stats */
	bool tx;		/* kept by the TX queues */
};

#define XDP_STAT(n, f, t) { n, offsetof(struct mvneta_queue_stats, f), t }

static const struct mvneta_xdp_stat mvneta_xdp_stats[] = {
	XDP_STAT("rx_xdp_redirect", xdp_redirect, false),
	XDP_STAT("rx_xdp_pass", xdp_pass, false),
	XDP_STAT("rx_xdp_drop", xdp_drop, false),
	XDP_STAT("rx_xdp_tx", xdp_tx, false),
	XDP_STAT("rx_xdp_tx_errors", xdp_tx_err, false),
	XDP_STAT("tx_xdp_xmit", xdp_xmit, true),
	XDP_STAT("tx_xdp_xmit_errors", xdp_xmit_err, true),
	XDP_STAT("rx_xdp_aborted", xdp_aborted, false),
	XDP_STAT("rx_xdp_redirect_errors", xdp_redirect_err, false),
};

#define N_MIB	ARRAY_SIZE(mvneta_mib_stats)
#define N_SW	ARRAY_SIZE(mvneta_sw_stats)
#define N_XDP	ARRAY_SIZE(mvneta_xdp_stats)
/* Per RX queue: the RX half of the XDP counters. */
#define N_XDP_RXQ	7

/**
 * mvneta_mib_update() - fold the clear-on-read MIB registers into pp->mib
 * @pp: the port
 *
 * 64-bit counters are read low word first: that latches the high word.
 */
void mvneta_mib_update(struct mvneta_port *pp)
{
	unsigned int i;

	spin_lock_bh(&pp->mib_lock);
	for (i = 0; i < MVNETA_MIB_SIZE / 4; i++) {
		u32 lo = mvneta_read(pp, MVNETA_MIB_BASE + i * 4);

		if (i == 0x00 / 4 || i == 0x38 / 4) {
			u64 hi = mvneta_read(pp, MVNETA_MIB_BASE + ++i * 4);

			pp->mib[i - 1] += hi << 32 | lo;
			continue;
		}
		pp->mib[i] += lo;
	}
	pp->mib[MIB_RX_DISCARD] += mvneta_read(pp, MVNETA_RX_DISCARD_COUNT);
	pp->mib[MIB_RX_OVERRUN] += mvneta_read(pp, MVNETA_RX_OVERRUN_COUNT);
	spin_unlock_bh(&pp->mib_lock);
}

/**
 * mvneta_mib_work() - fold the MIB registers in, and again a period later
 * @work: the port's mib_work
 *
 * A 32-bit register must be read before it wraps, ethtool -S or not.
 */
void mvneta_mib_work(struct work_struct *work)
{
	struct mvneta_port *pp = container_of(to_delayed_work(work),
					      struct mvneta_port, mib_work);

	mvneta_mib_update(pp);
	schedule_delayed_work(&pp->mib_work, MVNETA_MIB_PERIOD);
}

/**
 * mvneta_mib_clear() - zero the MIB registers and what was folded so far
 * @pp: the port
 */
void mvneta_mib_clear(struct mvneta_port *pp)
{
	mvneta_mib_update(pp);
	spin_lock_bh(&pp->mib_lock);
	memset(pp->mib, 0, sizeof(pp->mib));
	spin_unlock_bh(&pp->mib_lock);
}

static u64 mvneta_sw_stat(struct mvneta_port *pp,
			  const struct mvneta_sw_stat *s)
{
	void *p = (u8 *)&pp->sw + s->offset;
	unsigned int start;
	u64 v;

	if (s->atomic)
		return atomic64_read(p);
	do {
		start = u64_stats_fetch_begin(&pp->sw.syncp);
		v = u64_stats_read(p);
	} while (u64_stats_fetch_retry(&pp->sw.syncp, start));
	return v;
}

static int mvneta_get_sset_count(struct net_device *dev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return N_MIB + 1 + N_SW + N_XDP + MVNETA_RXQS * N_XDP_RXQ +
	       page_pool_ethtool_stats_get_count();
}

static void mvneta_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	unsigned int i, q;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < N_MIB; i++)
		ethtool_puts(&data, mvneta_mib_stats[i].name);
	ethtool_puts(&data, "eee_wakeup_errors");
	for (i = 0; i < N_SW; i++)
		ethtool_puts(&data, mvneta_sw_stats[i].name);
	for (i = 0; i < N_XDP; i++)
		ethtool_puts(&data, mvneta_xdp_stats[i].name);
	for (q = 0; q < MVNETA_RXQS; q++) {
		/* "rx_xdp_drop" of queue 0 is "rxq0_xdp_drop" */
		for (i = 0; i < N_XDP; i++)
			if (!mvneta_xdp_stats[i].tx)
				ethtool_sprintf(&data, "rxq%u_%s", q,
						mvneta_xdp_stats[i].name + 3);
	}
	page_pool_ethtool_stats_get_strings(data);
}

static u64 mvneta_q_stat(struct mvneta_queue_stats *st, size_t offset)
{
	unsigned int start;
	u64 v;

	do {
		start = u64_stats_fetch_begin(&st->syncp);
		v = *(u64 *)((u8 *)st + offset);
	} while (u64_stats_fetch_retry(&st->syncp, start));
	return v;
}

/* Totals, then each RX queue's own; readable with the port down too. */
static u64 *mvneta_xdp_get_stats(struct mvneta_port *pp, u64 *data)
{
	unsigned int i, q;

	for (i = 0; i < N_XDP; i++) {
		const struct mvneta_xdp_stat *x = &mvneta_xdp_stats[i];
		u64 sum = 0;

		if (x->tx)
			for (q = 0; q < pp->num_txqs; q++)
				sum += mvneta_q_stat(&pp->txqs[q].stats,
						     x->offset);
		else
			for (q = 0; q < MVNETA_RXQS; q++)
				sum += mvneta_q_stat(&pp->rxqs[q].stats,
						     x->offset);
		*data++ = sum;
	}
	for (q = 0; q < MVNETA_RXQS; q++)
		for (i = 0; i < N_XDP; i++)
			if (!mvneta_xdp_stats[i].tx)
				*data++ = mvneta_q_stat(&pp->rxqs[q].stats,
							mvneta_xdp_stats[i].offset);
	return data;
}

static void mvneta_get_ethtool_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct page_pool_stats pps = {};
	unsigned int i;
	int err;

	mvneta_mib_update(pp);
	spin_lock_bh(&pp->mib_lock);
	for (i = 0; i < N_MIB; i++)
		*data++ = pp->mib[mvneta_mib_stats[i].slot];
	spin_unlock_bh(&pp->mib_lock);
	/* The PHY's counter clears on read, and reading it sleeps: it is
	 * folded in here, under RTNL, and nowhere else.
	 */
	err = phylink_get_eee_err(pp->phylink);
	if (err > 0)
		pp->eee_wake_errors += err;
	*data++ = pp->eee_wake_errors;
	for (i = 0; i < N_SW; i++)
		*data++ = mvneta_sw_stat(pp, &mvneta_sw_stats[i]);
	data = mvneta_xdp_get_stats(pp, data);
	for (i = 0; i < MVNETA_RXQS; i++)
		if (pp->rxqs[i].page_pool)
			page_pool_get_stats(pp->rxqs[i].page_pool, &pps);
	page_pool_ethtool_stats_get(data, &pps);
}

static void mvneta_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	strscpy(info->driver, MVNETA_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, dev_name(dev->dev.parent),
		sizeof(info->bus_info));
}

static int mvneta_get_coalesce(struct net_device *dev,
			       struct ethtool_coalesce *c,
			       struct kernel_ethtool_coalesce *kc,
			       struct netlink_ext_ack *extack)
{
	struct mvneta_port *pp = netdev_priv(dev);

	c->rx_coalesce_usecs = pp->rx_coal_usecs;
	c->rx_max_coalesced_frames = pp->rx_coal_frames;
	c->tx_max_coalesced_frames = pp->tx_coal_frames;
	return 0;
}

static int mvneta_set_coalesce(struct net_device *dev,
			       struct ethtool_coalesce *c,
			       struct kernel_ethtool_coalesce *kc,
			       struct netlink_ext_ack *extack)
{
	struct mvneta_port *pp = netdev_priv(dev);

	if (c->rx_max_coalesced_frames > FIELD_MAX(MVNETA_RXQ_THRESH_OCCUPIED) ||
	    c->tx_max_coalesced_frames > FIELD_MAX(MVNETA_TXQ_SENT_THRESH)) {
		NL_SET_ERR_MSG_MOD(extack, "frame count out of range");
		return -EINVAL;
	}
	if (!c->tx_max_coalesced_frames) {
		NL_SET_ERR_MSG_MOD(extack, "tx-frames must be at least 1");
		return -EINVAL;
	}
	pp->rx_coal_usecs = c->rx_coalesce_usecs;
	pp->rx_coal_frames = c->rx_max_coalesced_frames;
	/* The transmit path reads it locklessly to arm its timer. */
	WRITE_ONCE(pp->tx_coal_frames, c->tx_max_coalesced_frames);
	if (netif_running(dev)) {
		mvneta_set_rx_coal(pp);
		mvneta_set_tx_coal(pp);
	}
	return 0;
}

static void mvneta_get_ringparam(struct net_device *dev,
				 struct ethtool_ringparam *r,
				 struct kernel_ethtool_ringparam *kr,
				 struct netlink_ext_ack *extack)
{
	struct mvneta_port *pp = netdev_priv(dev);

	r->rx_max_pending = MVNETA_RX_RING_MAX;
	r->tx_max_pending = MVNETA_TX_RING_MAX;
	r->rx_pending = pp->rx_ring_size;
	r->tx_pending = pp->tx_ring_size;
}

static int mvneta_set_ringparam(struct net_device *dev,
				struct ethtool_ringparam *r,
				struct kernel_ethtool_ringparam *kr,
				struct netlink_ext_ack *extack)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct mvneta_config cfg;

	if (r->rx_mini_pending || r->rx_jumbo_pending)
		return -EINVAL;
	if (r->rx_pending < MVNETA_RX_RING_MIN ||
	    r->rx_pending > MVNETA_RX_RING_MAX ||
	    r->tx_pending < MVNETA_TX_RING_MIN ||
	    r->tx_pending > MVNETA_TX_RING_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "ring size out of range (RX 64..4096, TX 434..4096)");
		return -EINVAL;
	}
	if (r->rx_pending == pp->rx_ring_size &&
	    r->tx_pending == pp->tx_ring_size)
		return 0;
	mvneta_get_config(pp, &cfg);
	cfg.rx_ring_size = r->rx_pending;
	cfg.tx_ring_size = r->tx_pending;
	return mvneta_reconfigure(dev, &cfg);
}

static int mvneta_get_link_ksettings(struct net_device *dev,
				     struct ethtool_link_ksettings *cmd)
{
	struct mvneta_port *pp = netdev_priv(dev);

	return phylink_ethtool_ksettings_get(pp->phylink, cmd);
}

static int mvneta_set_link_ksettings(struct net_device *dev,
				     const struct ethtool_link_ksettings *cmd)
{
	struct mvneta_port *pp = netdev_priv(dev);

	return phylink_ethtool_ksettings_set(pp->phylink, cmd);
}

static int mvneta_nway_reset(struct net_device *dev)
{
	struct mvneta_port *pp = netdev_priv(dev);

	return phylink_ethtool_nway_reset(pp->phylink);
}

static void mvneta_get_pauseparam(struct net_device *dev,
				  struct ethtool_pauseparam *p)
{
	struct mvneta_port *pp = netdev_priv(dev);

	phylink_ethtool_get_pauseparam(pp->phylink, p);
}

static int mvneta_set_pauseparam(struct net_device *dev,
				 struct ethtool_pauseparam *p)
{
	struct mvneta_port *pp = netdev_priv(dev);

	return phylink_ethtool_set_pauseparam(pp->phylink, p);
}

/* Wake-on-LAN is the PHY's: the port itself cannot wake the system. */
static void mvneta_get_wol(struct net_device *dev, struct ethtool_wolinfo *wol)
{
	struct mvneta_port *pp = netdev_priv(dev);

	phylink_ethtool_get_wol(pp->phylink, wol);
}

static int mvneta_set_wol(struct net_device *dev, struct ethtool_wolinfo *wol)
{
	struct mvneta_port *pp = netdev_priv(dev);
	int err = phylink_ethtool_set_wol(pp->phylink, wol);

	if (!err)
		device_set_wakeup_enable(&dev->dev, !!wol->wolopts);
	return err;
}

/* EEE: the PHY negotiates it (phylink passes the settings on), the MAC
 * enters low-power idle after tx_lpi_timer microseconds without a frame
 * once the link has it (mvneta_lpi_update()).
 */
static int mvneta_get_eee(struct net_device *dev, struct ethtool_keee *eee)
{
	struct mvneta_port *pp = netdev_priv(dev);

	mutex_lock(&pp->mac_lock);
	eee->eee_enabled = pp->eee_enabled;
	eee->eee_active = pp->eee_active;
	eee->tx_lpi_enabled = pp->tx_lpi_enabled;
	eee->tx_lpi_timer = pp->tx_lpi_timer;
	mutex_unlock(&pp->mac_lock);
	return phylink_ethtool_get_eee(pp->phylink, eee);
}

static int mvneta_set_eee(struct net_device *dev, struct ethtool_keee *eee)
{
	struct mvneta_port *pp = netdev_priv(dev);
	bool enabled, lpi;
	u32 timer;
	int err;

	/* LPI_CTRL_0 counts the idle time in eight bits of microseconds. */
	if (eee->tx_lpi_timer > FIELD_MAX(MVNETA_LPI_TS_LIMIT)) {
		netdev_err(dev, "tx-timer %u: at most %lu us\n",
			   eee->tx_lpi_timer, FIELD_MAX(MVNETA_LPI_TS_LIMIT));
		return -EINVAL;
	}
	/* The settings are in place before the PHY renegotiates, which
	 * brings the link down and up again (mac_link_up() reads them).  The
	 * MAC lock is not held across phylink: mac_link_up() takes it under
	 * phylink's own lock.
	 */
	mutex_lock(&pp->mac_lock);
	enabled = pp->eee_enabled;
	lpi = pp->tx_lpi_enabled;
	timer = pp->tx_lpi_timer;
	pp->eee_enabled = eee->eee_enabled;
	pp->tx_lpi_enabled = eee->tx_lpi_enabled;
	pp->tx_lpi_timer = eee->tx_lpi_timer;
	mutex_unlock(&pp->mac_lock);

	err = phylink_ethtool_set_eee(pp->phylink, eee);

	mutex_lock(&pp->mac_lock);
	if (err) {
		pp->eee_enabled = enabled;
		pp->tx_lpi_enabled = lpi;
		pp->tx_lpi_timer = timer;
	}
	mvneta_lpi_update(pp);
	mutex_unlock(&pp->mac_lock);
	return err;
}

/* RX steering: the port sends every frame to one queue, its default queue
 * (no hash).  The indirection table is that one entry; on the per-CPU
 * flavours, queue N interrupts CPU N: "ethtool -X ethX weight 0 1" has
 * CPU 1 receive.
 */
static int mvneta_get_rxnfc(struct net_device *dev, struct ethtool_rxnfc *nfc,
			    u32 *rules)
{
	struct mvneta_port *pp = netdev_priv(dev);

	if (nfc->cmd != ETHTOOL_GRXRINGS)
		return -EOPNOTSUPP;
	nfc->data = mvneta_rx_queues(pp);
	return 0;
}

static u32 mvneta_get_rxfh_indir_size(struct net_device *dev)
{
	return 1;
}

static int mvneta_get_rxfh(struct net_device *dev,
			   struct ethtool_rxfh_param *rxfh)
{
	struct mvneta_port *pp = netdev_priv(dev);

	if (rxfh->indir)
		rxfh->indir[0] = pp->rxqs[0].id;
	return 0;
}

static int mvneta_set_rxfh(struct net_device *dev,
			   struct ethtool_rxfh_param *rxfh,
			   struct netlink_ext_ack *extack)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct mvneta_config cfg;

	if (rxfh->key || (rxfh->hfunc != ETH_RSS_HASH_NO_CHANGE &&
			  rxfh->hfunc != ETH_RSS_HASH_TOP)) {
		NL_SET_ERR_MSG_MOD(extack, "no RSS hash: one default queue");
		return -EOPNOTSUPP;
	}
	/* The core checked the entry against mvneta_get_rxnfc()'s count. */
	if (!rxfh->indir || rxfh->indir[0] == pp->rxqs[0].id)
		return 0;
	mvneta_get_config(pp, &cfg);
	cfg.rxq = rxfh->indir[0];
	return mvneta_reconfigure(dev, &cfg);
}

const struct ethtool_ops mvneta_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_RX_USECS |
				     ETHTOOL_COALESCE_RX_MAX_FRAMES |
				     ETHTOOL_COALESCE_TX_MAX_FRAMES,
	.get_drvinfo = mvneta_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = mvneta_get_sset_count,
	.get_strings = mvneta_get_strings,
	.get_ethtool_stats = mvneta_get_ethtool_stats,
	.get_coalesce = mvneta_get_coalesce,
	.set_coalesce = mvneta_set_coalesce,
	.get_ringparam = mvneta_get_ringparam,
	.set_ringparam = mvneta_set_ringparam,
	.get_link_ksettings = mvneta_get_link_ksettings,
	.set_link_ksettings = mvneta_set_link_ksettings,
	.nway_reset = mvneta_nway_reset,
	.get_pauseparam = mvneta_get_pauseparam,
	.set_pauseparam = mvneta_set_pauseparam,
	.get_wol = mvneta_get_wol,
	.set_wol = mvneta_set_wol,
	.get_eee = mvneta_get_eee,
	.set_eee = mvneta_set_eee,
	.get_rxnfc = mvneta_get_rxnfc,
	.get_rxfh_indir_size = mvneta_get_rxfh_indir_size,
	.get_rxfh = mvneta_get_rxfh,
	.set_rxfh = mvneta_set_rxfh,
};
