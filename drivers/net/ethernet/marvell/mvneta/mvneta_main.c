// SPDX-License-Identifier: GPL-2.0
/*
 * Marvell NETA gigabit Ethernet driver: probe, port setup, link, netdev
 *
 * Two flavours of the port.  The Armada 3700 (and AC5) one has one
 * interrupt and one NAPI context.  The Armada 370, XP and 38x one has a
 * per-CPU interrupt, cause and mask registers banked by the accessing CPU
 * and a register per CPU saying which queues interrupt it: one NAPI
 * context per CPU, which serves the queues given to its CPU, and CPU
 * hotplug moves them.  Both: page_pool RX on one ring, one TX queue per
 * CPU.
 */

#include <linux/cpuhotplug.h>
#include <linux/crc8.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/mbus.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_device.h>
#include <linux/of_net.h>
#include <linux/percpu.h>
#include <linux/phy/phy.h>
#include <linux/platform_device.h>
#include <linux/rtnetlink.h>

#include "mvneta.h"

DECLARE_CRC8_TABLE(mvneta_crc8_table);

/* The CPU hotplug state of the per-CPU flavours' callbacks. */
static enum cpuhp_state mvneta_cpuhp_state;

/* ------------------------------------------------------------ port setup */

/* DMA reaches DRAM through the MBUS address windows: on the 370, XP and
 * 38x, one per chip select, as the MBUS driver describes them; on the
 * 3700 and AC5, one 4 GB window (3700: the interconnect routes it; AC5:
 * its DRAM target and attribute).  A 370/XP/38x kernel without the MBUS
 * driver has no description of DRAM: the windows the boot loader opened
 * for its own use of the port are the only ones known to work, and stay.
 */
static void mvneta_keep_reg(struct mvneta_port *pp, u32 reg, u32 *val,
			    bool save)
{
	if (save)
		*val = mvneta_read(pp, reg);
	else
		mvneta_write(pp, reg, *val);
}

/* The boot loader's windows are noted the first time (probe) and written
 * back every time after that (resume): a port whose power was cut while
 * the system slept has forgotten them.
 */
static void mvneta_boot_windows(struct mvneta_port *pp)
{
	struct mvneta_windows *w = &pp->boot_windows;
	bool save = !w->saved;
	int i;

	if (save)
		dev_info(pp->pdev_dev,
			 "no MBUS DRAM description: keeping the boot loader's windows\n");
	for (i = 0; i < MVNETA_NUM_WINDOWS; i++) {
		mvneta_keep_reg(pp, MVNETA_WIN_BASE(i), &w->base[i], save);
		mvneta_keep_reg(pp, MVNETA_WIN_SIZE(i), &w->size[i], save);
		if (i < MVNETA_NUM_REMAPS)
			mvneta_keep_reg(pp, MVNETA_WIN_REMAP(i), &w->remap[i],
					save);
	}
	mvneta_keep_reg(pp, MVNETA_BASE_ADDR_ENABLE, &w->off, save);
	mvneta_keep_reg(pp, MVNETA_ACCESS_PROTECT, &w->prot, save);
	w->saved = true;
}

static void mvneta_setup_windows(struct mvneta_port *pp)
{
	const struct mbus_dram_target_info *dram = NULL;
	u32 off = GENMASK(MVNETA_NUM_WINDOWS - 1, 0), prot = 0;
	int i;

	if (pp->soc->windows == MVNETA_WIN_MBUS) {
		dram = mv_mbus_dram_info();
		if (!dram) {
			mvneta_boot_windows(pp);
			return;
		}
	}
	for (i = 0; i < MVNETA_NUM_WINDOWS; i++) {
		mvneta_write(pp, MVNETA_WIN_BASE(i), 0);
		mvneta_write(pp, MVNETA_WIN_SIZE(i), 0);
		if (i < MVNETA_NUM_REMAPS)
			mvneta_write(pp, MVNETA_WIN_REMAP(i), 0);
	}
	if (dram) {
		for (i = 0; i < dram->num_cs && i < MVNETA_NUM_WINDOWS; i++) {
			const struct mbus_dram_window *cs = &dram->cs[i];

			mvneta_write(pp, MVNETA_WIN_BASE(i),
				     (cs->base & MVNETA_WIN_BASE_ADDR) |
				     FIELD_PREP(MVNETA_WIN_ATTR, cs->mbus_attr) |
				     FIELD_PREP(MVNETA_WIN_TARGET,
						dram->mbus_dram_target_id));
			mvneta_write(pp, MVNETA_WIN_SIZE(i),
				     (cs->size - 1) & MVNETA_WIN_SIZE_MASK);
			off &= ~BIT(i);
			prot |= MVNETA_WIN_FULL_ACCESS << (2 * i);
		}
	} else {
		if (pp->soc->windows == MVNETA_WIN_AC5)
			mvneta_write(pp, MVNETA_WIN_BASE(0),
				     FIELD_PREP(MVNETA_WIN_ATTR,
						MVNETA_AC5_DRAM_ATTR) |
				     FIELD_PREP(MVNETA_WIN_TARGET,
						MVNETA_AC5_DRAM_TARGET));
		mvneta_write(pp, MVNETA_WIN_SIZE(0), MVNETA_WIN_SIZE_MASK);
		off &= ~BIT(0);
		prot = MVNETA_WIN_FULL_ACCESS;
	}
	mvneta_write(pp, MVNETA_BASE_ADDR_ENABLE, off);
	mvneta_write(pp, MVNETA_ACCESS_PROTECT, prot);
}

static void mvneta_mask_irqs(struct mvneta_port *pp)
{
	mvneta_write(pp, MVNETA_INTR_NEW_MASK, 0);
	mvneta_write(pp, MVNETA_INTR_OLD_MASK, 0);
	mvneta_write(pp, MVNETA_INTR_MISC_MASK, 0);
	mvneta_write(pp, MVNETA_INTR_NEW_CAUSE, 0);
	mvneta_write(pp, MVNETA_INTR_OLD_CAUSE, 0);
	mvneta_write(pp, MVNETA_INTR_MISC_CAUSE, 0);
}

static void mvneta_dma_reset(struct mvneta_port *pp)
{
	mvneta_write(pp, MVNETA_PORT_RX_RESET, MVNETA_PORT_RX_DMA_RESET);
	mvneta_write(pp, MVNETA_PORT_TX_RESET, MVNETA_PORT_TX_DMA_RESET);
	mvneta_write(pp, MVNETA_PORT_TX_RESET, 0);
	mvneta_write(pp, MVNETA_PORT_RX_RESET, 0);
}

static void mvneta_fill_table(struct mvneta_port *pp, u32 table, int entries,
			      const u8 *entry)
{
	int i;

	for (i = 0; i < entries; i += 4)
		mvneta_write(pp, table + i,
			     entry[i] | entry[i + 1] << 8 |
			     entry[i + 2] << 16 | entry[i + 3] << 24);
}

/* Every frame to the RX ring's queue: the default queue of each kind of
 * frame the port tells apart.  The address filters name the queue too
 * (mvneta_set_rx_mode()).
 */
static void mvneta_set_rx_queue(struct mvneta_port *pp)
{
	u32 q = pp->rxqs[0].id;
	u32 cfg = mvneta_read(pp, MVNETA_PORT_CONFIG);

	cfg &= ~(MVNETA_DEF_RXQ | MVNETA_DEF_RXQ_ARP | MVNETA_DEF_RXQ_TCP |
		 MVNETA_DEF_RXQ_UDP | MVNETA_DEF_RXQ_BPDU);
	cfg |= FIELD_PREP(MVNETA_DEF_RXQ, q) |
	       FIELD_PREP(MVNETA_DEF_RXQ_ARP, q) |
	       FIELD_PREP(MVNETA_DEF_RXQ_TCP, q) |
	       FIELD_PREP(MVNETA_DEF_RXQ_UDP, q) |
	       FIELD_PREP(MVNETA_DEF_RXQ_BPDU, q);
	mvneta_write(pp, MVNETA_PORT_CONFIG, cfg);
}

/* Port defaults, in the order the hardware wants them. */
static void mvneta_port_init(struct mvneta_port *pp)
{
	static const u8 reject[MVNETA_DA_MCAST_ENTRIES];
	unsigned int cpu;
	int q;

	mvneta_mask_irqs(pp);
	mvneta_write(pp, MVNETA_INTR_ENABLE, 0);
	mvneta_write(pp, MVNETA_MBUS_RETRY, MVNETA_MBUS_RETRY_DEFAULT);

	/* Every CPU may reach every queue. */
	for_each_present_cpu(cpu)
		mvneta_write(pp, MVNETA_CPU_MAP(cpu),
			     MVNETA_CPU_RXQ_ALL | MVNETA_CPU_TXQ_ALL);

	mvneta_write(pp, MVNETA_PORT_RX_RESET, MVNETA_PORT_RX_DMA_RESET);
	mvneta_write(pp, MVNETA_PORT_TX_RESET, MVNETA_PORT_TX_DMA_RESET);
	mvneta_write(pp, MVNETA_TXQ_CMD_1, 0);
	for (q = 0; q < MVNETA_MAX_QUEUES; q++) {
		mvneta_write(pp, MVNETA_TXQ_TOKEN_COUNT(q), 0);
		mvneta_write(pp, MVNETA_TXQ_TOKEN_CFG(q), 0);
	}
	mvneta_write(pp, MVNETA_PORT_TX_RESET, 0);
	mvneta_write(pp, MVNETA_PORT_RX_RESET, 0);

	mvneta_write(pp, MVNETA_ACC_MODE, MVNETA_ACC_MODE_SWBM);
	mvneta_write(pp, MVNETA_PORT_CONFIG, MVNETA_RX_CSUM_PSEUDO_HDR);
	mvneta_set_rx_queue(pp);
	mvneta_write(pp, MVNETA_PORT_CONFIG_EXTEND, 0);
	mvneta_write(pp, MVNETA_RX_MIN_FRAME_SIZE, 64);
	/* No swapping by the port, of data or of descriptors, whatever the
	 * CPU's byte order: the descriptors are little-endian in memory
	 * (cpu_to_le32() and friends), which is how the port reads them;
	 * MVNETA_SDMA_DESC_SWAP on a big-endian CPU would swap them twice.
	 */
	mvneta_write(pp, MVNETA_SDMA_CONFIG,
		     FIELD_PREP(MVNETA_SDMA_RX_BURST, MVNETA_SDMA_BURST_16) |
		     FIELD_PREP(MVNETA_SDMA_TX_BURST, MVNETA_SDMA_BURST_16) |
		     MVNETA_SDMA_RX_NO_SWAP | MVNETA_SDMA_TX_NO_SWAP);
	/* phylink drives the PHY, not the port's own polling. */
	mvneta_write(pp, MVNETA_UNIT_CONTROL,
		     mvneta_read(pp, MVNETA_UNIT_CONTROL) &
		     ~MVNETA_PHY_POLLING_ENABLE);

	mvneta_fill_table(pp, MVNETA_DA_UCAST, MVNETA_DA_UCAST_ENTRIES, reject);
	mvneta_fill_table(pp, MVNETA_DA_SPECIAL_MCAST, MVNETA_DA_MCAST_ENTRIES,
			  reject);
	mvneta_fill_table(pp, MVNETA_DA_OTHER_MCAST, MVNETA_DA_MCAST_ENTRIES,
			  reject);

	mvneta_write(pp, MVNETA_INTR_ENABLE,
		     MVNETA_INTR_ENABLE_RXQ | MVNETA_INTR_ENABLE_TXQ);
}

/* ------------------------------------------------------------ filtering */

static void mvneta_set_rx_mode(struct net_device *dev)
{
	struct mvneta_port *pp = netdev_priv(dev);
	const u8 accept = MVNETA_DA_ACCEPT |
			  FIELD_PREP(MVNETA_DA_QUEUE, pp->rxqs[0].id);
	u8 special[MVNETA_DA_MCAST_ENTRIES] = {};
	u8 other[MVNETA_DA_MCAST_ENTRIES] = {};
	u8 ucast[MVNETA_DA_UCAST_ENTRIES] = {};
	bool promisc = (dev->flags & IFF_PROMISC) ||
		       netdev_uc_count(dev) > 0;
	const u8 *a = dev->dev_addr;
	struct netdev_hw_addr *ha;
	u32 cfg, prio;

	cfg = mvneta_read(pp, MVNETA_PORT_CONFIG);
	prio = mvneta_read(pp, MVNETA_TYPE_PRIO);
	if (promisc) {
		cfg |= MVNETA_UNI_PROMISC;
		prio |= MVNETA_FORCE_UNI;
		memset(ucast, accept, sizeof(ucast));
	} else {
		cfg &= ~MVNETA_UNI_PROMISC;
		prio &= ~MVNETA_FORCE_UNI;
		ucast[a[5] & 0xf] = accept;
	}
	mvneta_write(pp, MVNETA_MAC_ADDR_HIGH,
		     a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3]);
	mvneta_write(pp, MVNETA_MAC_ADDR_LOW, a[4] << 8 | a[5]);
	mvneta_write(pp, MVNETA_PORT_CONFIG, cfg);
	mvneta_write(pp, MVNETA_TYPE_PRIO, prio);

	if (promisc || (dev->flags & IFF_ALLMULTI)) {
		memset(special, accept, sizeof(special));
		memset(other, accept, sizeof(other));
	} else {
		static const u8 special_prefix[5] = { 0x01, 0x00, 0x5e, 0, 0 };

		netdev_for_each_mc_addr(ha, dev) {
			if (!memcmp(ha->addr, special_prefix, 5))
				special[ha->addr[5]] = accept;
			else
				other[crc8(mvneta_crc8_table, ha->addr,
					   ETH_ALEN, 0)] = accept;
		}
	}
	mvneta_fill_table(pp, MVNETA_DA_UCAST, MVNETA_DA_UCAST_ENTRIES, ucast);
	mvneta_fill_table(pp, MVNETA_DA_SPECIAL_MCAST, MVNETA_DA_MCAST_ENTRIES,
			  special);
	mvneta_fill_table(pp, MVNETA_DA_OTHER_MCAST, MVNETA_DA_MCAST_ENTRIES,
			  other);
}

/* The address changes while the port runs (IFF_LIVE_ADDR_CHANGE): the
 * filters are rewritten in place, without a restart, so no frame sent to
 * the new address after the call returns is lost.  The address registers
 * also give the source of the pause frames the MAC sends.
 */
static int mvneta_set_mac_address(struct net_device *dev, void *addr)
{
	int err = eth_mac_addr(dev, addr);

	if (err)
		return err;
	netif_addr_lock_bh(dev);	/* as the core calls ndo_set_rx_mode */
	mvneta_set_rx_mode(dev);
	netif_addr_unlock_bh(dev);
	return 0;
}

/* ------------------------------------------------------------ link */

static struct mvneta_port *pcs_to_port(struct phylink_pcs *pcs)
{
	return container_of(pcs, struct mvneta_port, phylink_pcs);
}

static void mvneta_pcs_get_state(struct phylink_pcs *pcs,
				 struct phylink_link_state *state)
{
	u32 st = mvneta_read(pcs_to_port(pcs), MVNETA_GMAC_STATUS);

	state->link = !!(st & MVNETA_GMAC_LINK_UP);
	state->an_complete = !!(st & MVNETA_GMAC_AN_COMPLETE);
	state->duplex = st & MVNETA_GMAC_FULL_DUPLEX ? DUPLEX_FULL : DUPLEX_HALF;
	if (st & MVNETA_GMAC_SPEED_1000)
		state->speed = state->interface == PHY_INTERFACE_MODE_2500BASEX ?
			       SPEED_2500 : SPEED_1000;
	else if (st & MVNETA_GMAC_SPEED_100)
		state->speed = SPEED_100;
	else
		state->speed = SPEED_10;
	state->pause = 0;
	if (st & MVNETA_GMAC_RX_PAUSE)
		state->pause |= MLO_PAUSE_RX;
	if (st & MVNETA_GMAC_TX_PAUSE)
		state->pause |= MLO_PAUSE_TX;
}

static int mvneta_pcs_config(struct phylink_pcs *pcs, unsigned int mode,
			     phy_interface_t interface,
			     const unsigned long *advertising,
			     bool permit_pause_to_mac)
{
	struct mvneta_port *pp = pcs_to_port(pcs);
	u32 mask = MVNETA_AN_INBAND_EN | MVNETA_AN_INBAND_RESTART |
		   MVNETA_AN_SPEED_EN | MVNETA_AN_FLOW_CTRL_EN |
		   MVNETA_AN_DUPLEX_EN, val = 0, old, an;

	if (phylink_autoneg_inband(mode)) {
		mask |= MVNETA_AN_SET_MII_SPEED | MVNETA_AN_SET_GMII_SPEED |
			MVNETA_AN_SET_FULL_DUPLEX | MVNETA_AN_ADVERT_SYM_PAUSE;
		val = MVNETA_AN_INBAND_EN;
		if (interface == PHY_INTERFACE_MODE_SGMII) {
			/* The PHY tells speed and duplex. */
			val |= MVNETA_AN_SPEED_EN | MVNETA_AN_DUPLEX_EN;
		} else {
			val |= MVNETA_AN_SET_GMII_SPEED |
			       MVNETA_AN_SET_FULL_DUPLEX;
			if (permit_pause_to_mac)
				val |= MVNETA_AN_FLOW_CTRL_EN;
			if (phylink_test(advertising, Pause))
				val |= MVNETA_AN_ADVERT_SYM_PAUSE;
		}
	}
	old = mvneta_read(pp, MVNETA_GMAC_AUTONEG);
	an = (old & ~mask) | val;
	if (an != old)
		mvneta_write(pp, MVNETA_GMAC_AUTONEG, an);
	return !!((an ^ old) & MVNETA_AN_ADVERT_SYM_PAUSE);
}

static void mvneta_pcs_an_restart(struct phylink_pcs *pcs)
{
	struct mvneta_port *pp = pcs_to_port(pcs);
	u32 an = mvneta_read(pp, MVNETA_GMAC_AUTONEG);

	mvneta_write(pp, MVNETA_GMAC_AUTONEG, an | MVNETA_AN_INBAND_RESTART);
	mvneta_write(pp, MVNETA_GMAC_AUTONEG, an & ~MVNETA_AN_INBAND_RESTART);
}

/* The port takes 1000BASE-X (and 2500BASE-X) only with in-band
 * negotiation on: with the GMAC in 1000BASE-X mode, the negotiation
 * cannot be turned off.
 */
static int mvneta_pcs_validate(struct phylink_pcs *pcs,
			       unsigned long *supported,
			       const struct phylink_link_state *state)
{
	if (phy_interface_mode_is_8023z(state->interface) &&
	    !phylink_test(state->advertising, Autoneg))
		return -EINVAL;
	return 0;
}

static const struct phylink_pcs_ops mvneta_pcs_ops = {
	.pcs_validate = mvneta_pcs_validate,
	.pcs_get_state = mvneta_pcs_get_state,
	.pcs_config = mvneta_pcs_config,
	.pcs_an_restart = mvneta_pcs_an_restart,
};

static struct phylink_pcs *mvneta_mac_select_pcs(struct phylink_config *config,
						 phy_interface_t interface)
{
	struct mvneta_port *pp = netdev_priv(to_net_dev(config->dev));

	return &pp->phylink_pcs;
}

static void mvneta_comphy_off(struct mvneta_port *pp)
{
	if (pp->comphy_on) {
		phy_power_off(pp->comphy);
		pp->comphy_on = false;
	}
}

/* The link forced down, as phylink's MAC callbacks want it while no link
 * is up (mac_link_up() lets it go, or mac_finish() in band).
 */
static void mvneta_force_link_down(struct mvneta_port *pp)
{
	u32 an = mvneta_read(pp, MVNETA_GMAC_AUTONEG);

	an &= ~MVNETA_AN_FORCE_LINK_PASS;
	an |= MVNETA_AN_FORCE_LINK_DOWN;
	mvneta_write(pp, MVNETA_GMAC_AUTONEG, an);
}

/* Before a new interface mode: the SerDes lane carries the serial ones. */
static int mvneta_mac_prepare(struct phylink_config *config, unsigned int mode,
			      phy_interface_t interface)
{
	struct mvneta_port *pp = netdev_priv(to_net_dev(config->dev));
	bool inband = phylink_autoneg_inband(mode);
	u32 clk;
	int err;

	/* The port mode and in-band negotiation may change only while the
	 * link is down.
	 */
	if (pp->phy_interface != interface || inband)
		mvneta_force_link_down(pp);
	pp->phy_interface = interface;
	/* In-band negotiation's link timer counts the 1 ms clock, which
	 * divides the core clock; nothing else needs it.
	 */
	clk = mvneta_read(pp, MVNETA_GMAC_CLOCK_DIVIDER);
	clk &= ~MVNETA_1MS_CLOCK_ENABLE;
	if (inband)
		clk = MVNETA_1MS_CLOCK_ENABLE |
		      FIELD_PREP(MVNETA_1MS_CLOCK_DIV,
				 clk_get_rate(pp->clk) / MSEC_PER_SEC);
	mvneta_write(pp, MVNETA_GMAC_CLOCK_DIVIDER, clk);

	if (interface != PHY_INTERFACE_MODE_SGMII &&
	    !phy_interface_mode_is_8023z(interface))
		return 0;
	/* Device trees that name no comphy (those of many 370/XP/38x boards)
	 * leave the lane to the port, which takes its protocol from
	 * SERDES_CFG.  The register loses its value with the port's power
	 * (suspend to RAM on those SoCs), and the boot loader may never have
	 * set it for this port: it is written each time the link is set up.
	 */
	if (!pp->comphy) {
		mvneta_write(pp, MVNETA_SERDES_CFG, MVNETA_SERDES_SGMII);
		return 0;
	}
	mvneta_comphy_off(pp);
	err = phy_set_mode_ext(pp->comphy, PHY_MODE_ETHERNET, interface);
	if (!err)
		err = phy_power_on(pp->comphy);
	if (err) {
		netdev_err(pp->dev, "SerDes lane for %s: %d\n",
			   phy_modes(interface), err);
		return err;
	}
	pp->comphy_on = true;
	return 0;
}

static void mvneta_mac_config(struct phylink_config *config, unsigned int mode,
			      const struct phylink_link_state *state)
{
	struct mvneta_port *pp = netdev_priv(to_net_dev(config->dev));
	u32 c0, c2, c4, n0, n2, n4, v;

	/* A restart rewrites GMAC_CTRL_0 (the frame size) too. */
	mutex_lock(&pp->mac_lock);
	c0 = mvneta_read(pp, MVNETA_GMAC_CTRL_0);
	c2 = mvneta_read(pp, MVNETA_GMAC_CTRL_2);
	c4 = mvneta_read(pp, MVNETA_GMAC_CTRL_4);
	n0 = c0 & ~MVNETA_GMAC0_1000BASE_X;
	n2 = c2 & ~(MVNETA_GMAC2_INBAND_AN_SGMII | MVNETA_GMAC2_PCS_ENABLE |
		    MVNETA_GMAC2_PORT_RESET);
	n2 |= MVNETA_GMAC2_PORT_RGMII;
	n4 = c4 & ~MVNETA_GMAC4_SHORT_PREAMBLE;

	if (state->interface == PHY_INTERFACE_MODE_QSGMII ||
	    state->interface == PHY_INTERFACE_MODE_SGMII ||
	    phy_interface_mode_is_8023z(state->interface))
		n2 |= MVNETA_GMAC2_PCS_ENABLE;
	/* 1000BASE-X's negotiation comes with the port mode (n0 below). */
	if (phylink_autoneg_inband(mode) &&
	    state->interface == PHY_INTERFACE_MODE_SGMII)
		n2 |= MVNETA_GMAC2_INBAND_AN_SGMII;
	if (phy_interface_mode_is_8023z(state->interface))
		n0 |= MVNETA_GMAC0_1000BASE_X;
	if (state->interface == PHY_INTERFACE_MODE_2500BASEX)
		n4 |= MVNETA_GMAC4_SHORT_PREAMBLE;

	if (n0 != c0)
		mvneta_write(pp, MVNETA_GMAC_CTRL_0, n0);
	if (n2 != c2)
		mvneta_write(pp, MVNETA_GMAC_CTRL_2, n2);
	if (n4 != c4)
		mvneta_write(pp, MVNETA_GMAC_CTRL_4, n4);
	/* The port leaves reset on its own once configured. */
	if (c2 & MVNETA_GMAC2_PORT_RESET &&
	    readl_poll_timeout_atomic(pp->base + MVNETA_GMAC_CTRL_2, v,
				      !(v & MVNETA_GMAC2_PORT_RESET), 1, 1000))
		netdev_warn(pp->dev, "port stays in reset\n");
	mutex_unlock(&pp->mac_lock);
}

/* In band, the negotiation brings the link up once the PCS is set up. */
static int mvneta_mac_finish(struct phylink_config *config, unsigned int mode,
			     phy_interface_t interface)
{
	struct mvneta_port *pp = netdev_priv(to_net_dev(config->dev));

	if (phylink_autoneg_inband(mode))
		mvneta_write(pp, MVNETA_GMAC_AUTONEG,
			     mvneta_read(pp, MVNETA_GMAC_AUTONEG) &
			     ~MVNETA_AN_FORCE_LINK_DOWN);
	return 0;
}

static void mvneta_queues_enable(struct mvneta_port *pp)
{
	mvneta_write(pp, MVNETA_RXQ_CMD,
		     FIELD_PREP(MVNETA_Q_ENABLE, BIT(pp->rxqs[0].id)));
	mvneta_write(pp, MVNETA_TXQ_CMD,
		     FIELD_PREP(MVNETA_Q_ENABLE, BIT(pp->num_txqs) - 1));
}

/* Stop both DMA directions and wait for them to drain. */
static void mvneta_queues_disable(struct mvneta_port *pp)
{
	u32 v;

	v = FIELD_GET(MVNETA_Q_ENABLE, mvneta_read(pp, MVNETA_RXQ_CMD));
	if (v)
		mvneta_write(pp, MVNETA_RXQ_CMD, FIELD_PREP(MVNETA_Q_DISABLE, v));
	v = FIELD_GET(MVNETA_Q_ENABLE, mvneta_read(pp, MVNETA_TXQ_CMD));
	if (v)
		mvneta_write(pp, MVNETA_TXQ_CMD, FIELD_PREP(MVNETA_Q_DISABLE, v));
	if (readl_poll_timeout_atomic(pp->base + MVNETA_RXQ_CMD, v,
				      !(v & MVNETA_Q_ENABLE), 10, 100000))
		netdev_warn(pp->dev, "RX queues do not stop\n");
	if (readl_poll_timeout_atomic(pp->base + MVNETA_TXQ_CMD, v,
				      !(v & MVNETA_Q_ENABLE), 10, 100000))
		netdev_warn(pp->dev, "TX queues do not stop\n");
	if (readl_poll_timeout_atomic(pp->base + MVNETA_PORT_STATUS, v,
				      (v & MVNETA_TX_FIFO_EMPTY) ||
				      !(v & MVNETA_TX_IN_PROGRESS), 10, 100000))
		netdev_warn(pp->dev, "TX FIFO does not drain\n");
}

/**
 * mvneta_lpi_update() - let the transmitter enter low-power idle, or not
 * @pp: the port
 *
 * The MAC asks for LPI after the idle time only while the user wants it
 * and the link negotiated EEE; otherwise a partner that has no EEE would
 * see LPI signalling it does not understand.  The port's power cut on
 * suspend clears both registers: link up after resume writes them again.
 */
void mvneta_lpi_update(struct mvneta_port *pp)
{
	u32 ctrl0;

	lockdep_assert_held(&pp->mac_lock);
	ctrl0 = mvneta_read(pp, MVNETA_LPI_CTRL_0) & ~MVNETA_LPI_TS_LIMIT;
	ctrl0 |= FIELD_PREP(MVNETA_LPI_TS_LIMIT, pp->tx_lpi_timer);
	mvneta_write(pp, MVNETA_LPI_CTRL_0, ctrl0);
	mvneta_write(pp, MVNETA_LPI_CTRL_1,
		     pp->eee_enabled && pp->tx_lpi_enabled && pp->eee_active ?
		     MVNETA_LPI_REQUEST_ENABLE : 0);
}

static void mvneta_mac_link_down(struct phylink_config *config,
				 unsigned int mode, phy_interface_t interface)
{
	struct mvneta_port *pp = netdev_priv(to_net_dev(config->dev));

	/* A restart stops the queues and starts them again only if the
	 * link is up: it reads link_up under the same lock.
	 */
	mutex_lock(&pp->mac_lock);
	pp->link_up = false;
	mvneta_queues_disable(pp);
	pp->eee_active = false;
	mvneta_lpi_update(pp);
	mutex_unlock(&pp->mac_lock);
	if (!phylink_autoneg_inband(mode))
		mvneta_force_link_down(pp);
}

static void mvneta_mac_link_up(struct phylink_config *config,
			       struct phy_device *phy, unsigned int mode,
			       phy_interface_t interface, int speed,
			       int duplex, bool tx_pause, bool rx_pause)
{
	struct mvneta_port *pp = netdev_priv(to_net_dev(config->dev));
	bool eee_active;
	u32 an;

	an = mvneta_read(pp, MVNETA_GMAC_AUTONEG);
	/* Out of band, link, speed and duplex are forced as phylink says. */
	if (!phylink_autoneg_inband(mode)) {
		an &= ~(MVNETA_AN_FORCE_LINK_DOWN | MVNETA_AN_SET_MII_SPEED |
			MVNETA_AN_SET_GMII_SPEED | MVNETA_AN_SET_FULL_DUPLEX);
		an |= MVNETA_AN_FORCE_LINK_PASS;
		if (speed == SPEED_1000 || speed == SPEED_2500)
			an |= MVNETA_AN_SET_GMII_SPEED;
		else if (speed == SPEED_100)
			an |= MVNETA_AN_SET_MII_SPEED;
		if (duplex == DUPLEX_FULL)
			an |= MVNETA_AN_SET_FULL_DUPLEX;
	}
	/* The pause phylink resolved is set by hand in band too: SGMII's
	 * negotiation carries none, and 1000BASE-X's may be kept from the
	 * MAC (the bit counts only without AN_FLOW_CTRL_EN).
	 */
	an &= ~MVNETA_AN_SET_FLOW_CTRL;
	if (tx_pause || rx_pause)
		an |= MVNETA_AN_SET_FLOW_CTRL;
	mvneta_write(pp, MVNETA_GMAC_AUTONEG, an);
	/* Whether both ends advertised EEE for the mode they resolved. */
	eee_active = phy && phy_init_eee(phy, false) >= 0;
	mutex_lock(&pp->mac_lock);
	pp->link_up = true;
	mvneta_queues_enable(pp);
	pp->eee_active = eee_active;
	mvneta_lpi_update(pp);
	mutex_unlock(&pp->mac_lock);
}

static const struct phylink_mac_ops mvneta_phylink_ops = {
	.mac_select_pcs = mvneta_mac_select_pcs,
	.mac_prepare = mvneta_mac_prepare,
	.mac_config = mvneta_mac_config,
	.mac_finish = mvneta_mac_finish,
	.mac_link_down = mvneta_mac_link_down,
	.mac_link_up = mvneta_mac_link_up,
};

/* ------------------------------------------------------------ netdev */

/* The interrupt masks itself and schedules the vector's NAPI, whose poll
 * unmasks it when done.  On the per-CPU flavours the mask written is the
 * interrupted CPU's.
 */
static irqreturn_t mvneta_isr(int irq, void *data)
{
	struct mvneta_vector *v = data;

	mvneta_write(v->pp, MVNETA_INTR_NEW_MASK, 0);
	napi_schedule(&v->napi);
	return IRQ_HANDLED;
}

static irqreturn_t mvneta_percpu_isr(int irq, void *data)
{
	return mvneta_isr(irq, *(struct mvneta_vector **)data);
}

/* What interrupts a vector: its RX and TX-done causes (the CPU_MAP
 * registers pick those of its CPU's queues on the per-CPU flavours) and,
 * if it takes them, the misc causes (link changes).
 */
static u32 mvneta_vector_mask(const struct mvneta_vector *v)
{
	const struct mvneta_port *pp = v->pp;

	return FIELD_PREP(MVNETA_INTR_RXQ_OCCUPIED, BIT(pp->rxqs[0].id)) |
	       FIELD_PREP(MVNETA_INTR_TXQ_SENT, BIT(pp->num_txqs) - 1) |
	       (READ_ONCE(v->misc) ? MVNETA_INTR_MISC : 0);
}

static void mvneta_unmask_here(void *data)
{
	struct mvneta_vector *v = data;

	mvneta_write(v->pp, MVNETA_INTR_NEW_MASK, mvneta_vector_mask(v));
}

/**
 * mvneta_vector_unmask() - unmask the interrupt that schedules a vector
 * @v: the vector, whose poll has just completed
 *
 * On the per-CPU flavours the mask is the vector's CPU's, which a poll
 * run on another CPU cannot write: that CPU is asked to.
 */
void mvneta_vector_unmask(struct mvneta_vector *v)
{
	if (v->cpu < 0 || v->cpu == smp_processor_id())
		mvneta_unmask_here(v);
	else
		smp_call_function_single_async(v->cpu, &v->unmask_csd);
}

/* The misc causes that interrupt: link changes. */
#define MVNETA_MISC_LINK	(MVNETA_MISC_LINK_CHANGE | \
				 MVNETA_MISC_PHY_STATUS_CHANGE)

/* On the CPU of a per-CPU vector: as if its interrupt came.  The poll
 * unmasks it with what the vector serves now.  The misc mask is banked
 * too: only the vector that takes the link changes lets them through.
 */
static void mvneta_kick_here(void *data)
{
	struct mvneta_vector *v = data;

	mvneta_write(v->pp, MVNETA_INTR_MISC_MASK,
		     READ_ONCE(v->misc) ? MVNETA_MISC_LINK : 0);
	mvneta_isr(0, v);
}

static void mvneta_mask_here(void *data)
{
	struct mvneta_port *pp = data;

	mvneta_write(pp, MVNETA_INTR_NEW_MASK, 0);
}

static void mvneta_percpu_irq_on(void *data)
{
	struct mvneta_port *pp = data;

	enable_percpu_irq(pp->irq, IRQ_TYPE_NONE);
}

static void mvneta_percpu_irq_off(void *data)
{
	struct mvneta_port *pp = data;

	disable_percpu_irq(pp->irq);
	mvneta_mask_here(pp);
}

/* The vector of @cpu, if it serves: else the first that does. */
static struct mvneta_vector *mvneta_serving(struct mvneta_port *pp,
					    unsigned int cpu)
{
	unsigned int i;

	if (cpu < pp->nvecs && pp->vecs[cpu].up)
		return &pp->vecs[cpu];
	for (i = 0; i < pp->nvecs; i++)
		if (pp->vecs[i].up)
			return &pp->vecs[i];
	return NULL;
}

/* Hand the RX ring from vector @old to @to.  One vector at a time polls
 * it: the old one waits meanwhile.  A pool that knows another vector's
 * NAPI instance than @to's forgets it (page_pool wants that instance
 * unable to run then): skbs freed where that one runs could otherwise go
 * straight into the cache @to takes pages from.
 */
static void mvneta_rx_move(struct mvneta_port *pp, struct mvneta_vector *old,
			   struct mvneta_vector *to)
{
	struct mvneta_rx_queue *rxq = &pp->rxqs[0];
	struct mvneta_vector *pv = rxq->pool_vec;
	bool stop_old = old->up && old != to;
	bool stop_pv = pv && pv != to && pv != old && pv->up;

	if (stop_old)
		napi_disable(&old->napi);
	if (stop_pv)
		napi_disable(&pv->napi);
	WRITE_ONCE(rxq->vec, to);
	if (pv && pv != to) {
		page_pool_disable_direct_recycling(rxq->page_pool);
		rxq->pool_vec = NULL;
	}
	if (stop_pv)
		napi_enable(&pv->napi);
	if (stop_old)
		napi_enable(&old->napi);
}

/**
 * mvneta_rx_vector() - the vector to poll an RX ring given to a queue
 * @pp: the port
 * @q: the queue
 *
 * On the per-CPU flavours, that of CPU @q if it is online, else the first
 * online CPU's; should it go offline before the ring is the port's,
 * mvneta_elect() moves the ring.  On the 3700, the one vector.
 *
 * Return: the vector.
 */
struct mvneta_vector *mvneta_rx_vector(struct mvneta_port *pp, unsigned int q)
{
	if (!pp->soc->percpu)
		return &pp->vecs[0];
	if (q < pp->nvecs && cpu_online(q))
		return &pp->vecs[q];
	return &pp->vecs[cpumask_first(cpu_online_mask)];
}

/**
 * mvneta_elect() - give the queues of a per-CPU port to the CPUs serving
 * @pp: the port, up
 *
 * The RX ring goes to the CPU its queue names (queue N, CPU N: ethtool -X
 * picks it), or to the first serving CPU while that one is offline; so do
 * the link changes.  TX queue N goes to CPU N, which sends on it (XPS), or
 * to the RX ring's CPU while N is offline, so that what it holds is still
 * reaped.  The CPU_MAP registers then route the queues' interrupts, and
 * every serving vector polls once, with its new mask, for what it was
 * given.
 *
 * Context: process, CPU hotplug lock held: the vectors' up flags stay.
 */
static void mvneta_elect(struct mvneta_port *pp)
{
	struct mvneta_rx_queue *rxq = &pp->rxqs[0];
	struct mvneta_vector *rxv, *old = rxq->vec;
	unsigned int cpu, q;

	rxv = mvneta_serving(pp, rxq->id);
	if (!rxv)
		return;
	if (rxv != old || rxq->pool_vec != rxv)
		mvneta_rx_move(pp, old, rxv);
	for (q = 0; q < pp->num_txqs; q++)
		WRITE_ONCE(pp->txqs[q].vec,
			   q < pp->nvecs && pp->vecs[q].up ? &pp->vecs[q] : rxv);
	for (cpu = 0; cpu < pp->nvecs; cpu++) {
		struct mvneta_vector *v = &pp->vecs[cpu];
		u32 map = 0;

		WRITE_ONCE(v->misc, v == rxv);
		if (v == rxv)
			map |= FIELD_PREP(MVNETA_CPU_RXQ_ALL, BIT(rxq->id));
		for (q = 0; q < pp->num_txqs; q++)
			if (pp->txqs[q].vec == v)
				map |= FIELD_PREP(MVNETA_CPU_TXQ_ALL, BIT(q));
		if (cpu_present(cpu))
			mvneta_write(pp, MVNETA_CPU_MAP(cpu), map);
	}
	for (cpu = 0; cpu < pp->nvecs; cpu++)
		if (pp->vecs[cpu].up)
			smp_call_function_single(cpu, mvneta_kick_here,
						 &pp->vecs[cpu], true);
}

/* A CPU comes online (on that CPU): its vector serves again. */
static int mvneta_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct mvneta_port *pp = hlist_entry_safe(node, struct mvneta_port,
						  cpuhp_node);
	struct mvneta_vector *v = &pp->vecs[cpu];

	if (!pp->hotplug)
		return 0;
	napi_enable(&v->napi);
	v->up = true;
	mvneta_percpu_irq_on(pp);
	mvneta_elect(pp);
	return 0;
}

/* A CPU is about to go offline (on that CPU): its queues go elsewhere. */
static int mvneta_cpu_down_prep(unsigned int cpu, struct hlist_node *node)
{
	struct mvneta_port *pp = hlist_entry_safe(node, struct mvneta_port,
						  cpuhp_node);
	struct mvneta_vector *v = &pp->vecs[cpu];

	if (!pp->hotplug)
		return 0;
	mvneta_percpu_irq_off(pp);
	napi_disable(&v->napi);
	v->up = false;
	hrtimer_cancel(&v->tx_done_timer);
	mvneta_elect(pp);
	return 0;
}

/* Which NAPI instance serves each queue, as netlink tells, from the last
 * open or restart (CPU hotplug cannot take rtnl to update it): none
 * while the port is down.
 */
static void mvneta_queues_set_napi(struct mvneta_port *pp, bool up)
{
	unsigned int q;

	for (q = 0; q < MVNETA_RXQS; q++)
		netif_queue_set_napi(pp->dev, q, NETDEV_QUEUE_TYPE_RX,
				     up ? &pp->rxqs[q].vec->napi : NULL);
	for (q = 0; q < pp->num_txqs; q++)
		netif_queue_set_napi(pp->dev, q, NETDEV_QUEUE_TYPE_TX,
				     up ? &pp->txqs[q].vec->napi : NULL);
}

/**
 * mvneta_vectors_start() - NAPI and interrupts on, at ifup and restart
 * @pp: the port, its rings given to the port
 *
 * Context: rtnl held; on the per-CPU flavours, the CPU hotplug lock too.
 */
static void mvneta_vectors_start(struct mvneta_port *pp)
{
	unsigned int i;

	if (!pp->soc->percpu) {
		pp->vecs[0].up = true;
		napi_enable(&pp->vecs[0].napi);
		mvneta_unmask_here(&pp->vecs[0]);
		return;
	}
	for (i = 0; i < pp->nvecs; i++)
		if (cpu_online(i)) {
			napi_enable(&pp->vecs[i].napi);
			pp->vecs[i].up = true;
		}
	on_each_cpu(mvneta_percpu_irq_on, pp, true);
	mvneta_elect(pp);
	pp->hotplug = true;
}

/**
 * mvneta_vectors_stop() - no interrupt and no poll any more
 * @pp: the port
 *
 * Afterwards neither an interrupt nor a timer schedules NAPI.  The causes
 * stay, for the first poll after a restart (a link change among them).
 *
 * Context: rtnl held; on the per-CPU flavours, the CPU hotplug lock too.
 */
static void mvneta_vectors_stop(struct mvneta_port *pp)
{
	unsigned int i;

	pp->hotplug = false;
	for (i = 0; i < pp->nvecs; i++)
		if (pp->vecs[i].up) {
			napi_disable(&pp->vecs[i].napi);
			pp->vecs[i].up = false;
		}
	mvneta_timers_cancel(pp);
	if (pp->soc->percpu) {
		/* Synchronous: an interrupt that came before is over. */
		on_each_cpu(mvneta_percpu_irq_off, pp, true);
	} else {
		mvneta_mask_here(pp);
		synchronize_irq(pp->irq);
	}
}

static void mvneta_set_frame_size(struct mvneta_port *pp)
{
	u32 frame = mvneta_frame_size(pp->dev->mtu);
	u32 tx_mtu = min_t(u32, frame * 8, MVNETA_TX_MTU_MAX);
	u32 v;
	int q;

	v = mvneta_read(pp, MVNETA_GMAC_CTRL_0) & ~MVNETA_GMAC0_MAX_RX_SIZE;
	mvneta_write(pp, MVNETA_GMAC_CTRL_0,
		     v | FIELD_PREP(MVNETA_GMAC0_MAX_RX_SIZE,
				    DIV_ROUND_UP(frame, 2)));
	/* The TX shapers' token sizes must hold a whole frame. */
	v = mvneta_read(pp, MVNETA_TX_MTU) & ~MVNETA_TX_MTU_MAX;
	mvneta_write(pp, MVNETA_TX_MTU, v | tx_mtu);
	if ((mvneta_read(pp, MVNETA_TX_TOKEN_SIZE) & MVNETA_TXQ_TOKEN_SIZE_MAX) < tx_mtu)
		mvneta_write(pp, MVNETA_TX_TOKEN_SIZE, tx_mtu);
	for (q = 0; q < MVNETA_MAX_QUEUES; q++)
		if ((mvneta_read(pp, MVNETA_TXQ_TOKEN_SIZE(q)) &
		     MVNETA_TXQ_TOKEN_SIZE_MAX) < tx_mtu)
			mvneta_write(pp, MVNETA_TXQ_TOKEN_SIZE(q), tx_mtu);
}

/* The port's rings come in sets: a restart allocates a whole new set
 * before it stops the port, then exchanges it for the running one.
 */

/**
 * mvneta_timers_init() - set up the timers that schedule NAPI
 * @pp: the port
 */
void mvneta_timers_init(struct mvneta_port *pp)
{
	unsigned int i;

	for (i = 0; i < pp->nvecs; i++) {
		struct hrtimer *t = &pp->vecs[i].tx_done_timer;

		hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		t->function = mvneta_tx_done_timer;
	}
	timer_setup(&pp->refill_timer, mvneta_refill_timer, 0);
}

/**
 * mvneta_timers_cancel() - stop them, and wait for a running callback
 * @pp: the port, whose NAPI is disabled: nothing arms them any more
 */
void mvneta_timers_cancel(struct mvneta_port *pp)
{
	unsigned int i;

	for (i = 0; i < pp->nvecs; i++)
		hrtimer_cancel(&pp->vecs[i].tx_done_timer);
	timer_delete_sync(&pp->refill_timer);
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

/* Free a set of rings the port has not run on.  Their page pools know a
 * vector's NAPI instance, and page_pool_destroy() wants it unable to run
 * while it unties them: if it runs (a restart being refused), it is held
 * off for that long, then polled once for what it missed in the meantime
 * (an interrupt masks itself before it schedules NAPI).
 *
 * Context: rtnl held.
 */
static void mvneta_rings_discard(struct mvneta_port *pp,
				 struct mvneta_rings *set)
{
	struct mvneta_vector *v = set->rxqs[0].pool_vec;
	bool running;

	cpus_read_lock();	/* the vectors' up flags stay */
	running = v && v->up;
	if (running)
		napi_disable(&v->napi);
	mvneta_rings_free(pp, set);
	if (running) {
		napi_enable(&v->napi);
		local_bh_disable();
		napi_schedule(&v->napi);
		local_bh_enable();
	}
	cpus_read_unlock();
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

static void mvneta_irq_free(struct mvneta_port *pp)
{
	if (pp->soc->percpu)
		free_percpu_irq(pp->irq, pp->cpu_vec);
	else
		free_irq(pp->irq, &pp->vecs[0]);
}

/* The data path up, on a set of rings allocated for the port's
 * configuration (which it empties), with the interrupt already requested:
 * nothing here can fail.  phylink is the caller's, which starts it after.
 */
static void mvneta_up(struct mvneta_port *pp, struct mvneta_rings *set)
{
	struct net_device *dev = pp->dev;

	mvneta_rings_swap(pp, set);
	mvneta_rings_free(pp, set);
	mvneta_hw_init_rings(pp);
	mvneta_set_frame_size(pp);
	netif_addr_lock_bh(dev);	/* as in mvneta_dma_start() */
	mvneta_set_rx_queue(pp);
	mvneta_set_rx_mode(dev);
	netif_addr_unlock_bh(dev);

	mvneta_write(pp, MVNETA_GMAC_CTRL_0,
		     mvneta_read(pp, MVNETA_GMAC_CTRL_0) |
		     MVNETA_GMAC0_PORT_ENABLE);
	mvneta_write(pp, MVNETA_INTR_MISC_MASK, MVNETA_MISC_LINK);
	/* The hotplug callbacks do nothing until the vectors start. */
	if (pp->soc->percpu)
		cpuhp_state_add_instance_nocalls(mvneta_cpuhp_state,
						 &pp->cpuhp_node);
	cpus_read_lock();
	mvneta_vectors_start(pp);
	cpus_read_unlock();
	mvneta_queues_set_napi(pp, true);
	WRITE_ONCE(pp->running, true);
	netif_tx_wake_all_queues(dev);	/* ifdown left them stopped */
	schedule_delayed_work(&pp->mib_work, MVNETA_MIB_PERIOD);
}

/* The data path down, after phylink stopped: the rings go back to the
 * system, the interrupt stays requested.
 */
static void mvneta_down(struct mvneta_port *pp)
{
	mvneta_comphy_off(pp);
	mvneta_queues_disable(pp);
	mvneta_queues_set_napi(pp, false);
	cpus_read_lock();
	mvneta_vectors_stop(pp);
	cpus_read_unlock();
	if (pp->soc->percpu)
		cpuhp_state_remove_instance_nocalls(mvneta_cpuhp_state,
						    &pp->cpuhp_node);
	cancel_delayed_work_sync(&pp->mib_work);
	mvneta_write(pp, MVNETA_GMAC_CTRL_0,
		     mvneta_read(pp, MVNETA_GMAC_CTRL_0) &
		     ~MVNETA_GMAC0_PORT_ENABLE);
	mvneta_mask_irqs(pp);
	mvneta_dma_reset(pp);
	mvneta_port_rings_free(pp);
}

static int mvneta_request_irq(struct mvneta_port *pp)
{
	if (pp->soc->percpu)
		return request_percpu_irq(pp->irq, mvneta_percpu_isr,
					  pp->dev->name, pp->cpu_vec);
	return request_irq(pp->irq, mvneta_isr, 0, pp->dev->name,
			   &pp->vecs[0]);
}

/* The PHY just connected says whether it can wake the system, and may
 * have been left armed (by the boot loader, or before a module reload).
 */
static void mvneta_wakeup_init(struct mvneta_port *pp)
{
	struct ethtool_wolinfo wol = { .cmd = ETHTOOL_GWOL };

	phylink_ethtool_get_wol(pp->phylink, &wol);
	device_set_wakeup_capable(&pp->dev->dev, !!wol.supported);
	if (wol.supported)
		device_set_wakeup_enable(&pp->dev->dev, !!wol.wolopts);
}

static int mvneta_open(struct net_device *dev)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct mvneta_config cfg;
	struct mvneta_rings *set;
	int err;

	mvneta_get_config(pp, &cfg);
	err = mvneta_rings_alloc(pp, &cfg, &set);
	if (err)
		return err;
	err = mvneta_request_irq(pp);
	if (err)
		goto err_rings;
	err = phylink_of_phy_connect(pp->phylink, pp->pdev_dev->of_node, 0);
	if (err) {
		netdev_err(dev, "cannot connect to the PHY: %d\n", err);
		goto err_irq;
	}
	mvneta_wakeup_init(pp);
	mvneta_up(pp, set);
	phylink_start(pp->phylink);
	return 0;

err_irq:
	mvneta_irq_free(pp);
err_rings:
	mvneta_rings_free(pp, set);
	return err;
}

static void mvneta_quiesce_tx(struct mvneta_port *pp)
{
	/* Seen false under every TX lock from here: no xmit or wake after. */
	WRITE_ONCE(pp->running, false);
	netif_tx_disable(pp->dev);
}

static int mvneta_stop(struct net_device *dev)
{
	struct mvneta_port *pp = netdev_priv(dev);

	/* Suspend already took the port down, and its clocks are off. */
	if (pp->resume_failed) {
		phylink_disconnect_phy(pp->phylink);
		mvneta_irq_free(pp);
		return 0;
	}
	mvneta_quiesce_tx(pp);
	phylink_stop(pp->phylink);
	phylink_disconnect_phy(pp->phylink);
	mvneta_down(pp);
	mvneta_irq_free(pp);
	return 0;
}

/**
 * mvneta_rx_queues() - the port's queues the RX ring may be given to
 * @pp: the port
 *
 * On the per-CPU flavours, one per CPU: queue N interrupts CPU N.  On the
 * 3700, whose one interrupt follows its affinity, queue 0 alone.
 *
 * Return: how many, from queue 0.
 */
unsigned int mvneta_rx_queues(const struct mvneta_port *pp)
{
	return pp->soc->percpu ?
	       min_t(unsigned int, pp->nvecs, MVNETA_MAX_QUEUES) : 1;
}

/**
 * mvneta_get_config() - the configuration the port runs with
 * @pp: the port
 * @cfg: filled in
 */
void mvneta_get_config(const struct mvneta_port *pp, struct mvneta_config *cfg)
{
	cfg->mtu = pp->dev->mtu;
	cfg->rx_ring_size = pp->rx_ring_size;
	cfg->tx_ring_size = pp->tx_ring_size;
	cfg->xdp_prog = pp->xdp_prog;
	cfg->rxq = pp->rxqs[0].id;
}

static void mvneta_set_config(struct mvneta_port *pp,
			      const struct mvneta_config *cfg)
{
	WRITE_ONCE(pp->dev->mtu, cfg->mtu);
	pp->rx_ring_size = cfg->rx_ring_size;
	pp->tx_ring_size = cfg->tx_ring_size;
	WRITE_ONCE(pp->xdp_prog, cfg->xdp_prog);
	pp->rxqs[0].id = cfg->rxq;
}

/* The first half of a restart: stop all that uses the rings, but not the
 * link.  Afterwards nothing queues frames, NAPI does not run and neither
 * an interrupt nor a timer schedules it; the port itself may still be
 * working on the rings.
 */
static void mvneta_datapath_quiesce(struct mvneta_port *pp)
{
	struct net_device *dev = pp->dev;
	unsigned int q;

	mvneta_quiesce_tx(pp);
	/* The carrier stays on, so the watchdog keeps checking the stopped
	 * queues: one idle for long must not look hung meanwhile.
	 */
	for (q = 0; q < dev->num_tx_queues; q++)
		txq_trans_cond_update(netdev_get_tx_queue(dev, q));
	mvneta_vectors_stop(pp);
}

/* Take the rings back from the port: stop its queues, waiting for them,
 * and reset its DMA, which clears the queues' descriptor counts.  The MAC
 * stays enabled, its link up; what arrives meanwhile is dropped for want
 * of an enabled queue.
 */
static void mvneta_dma_stop(struct mvneta_port *pp)
{
	lockdep_assert_held(&pp->mac_lock);
	mvneta_queues_disable(pp);
	mvneta_dma_reset(pp);
}

/* Give the port its (new) rings and frame size; the queues start only if
 * the link is up, else mac_link_up() starts them when it comes.
 */
static void mvneta_dma_start(struct mvneta_port *pp)
{
	lockdep_assert_held(&pp->mac_lock);
	mvneta_hw_init_rings(pp);
	mvneta_set_frame_size(pp);
	/* The filters name the queue.  ndo_set_rx_mode, which may run without
	 * RTNL, rewrites PORT_CONFIG under the address lock too.
	 */
	netif_addr_lock_bh(pp->dev);
	mvneta_set_rx_queue(pp);
	mvneta_set_rx_mode(pp->dev);
	netif_addr_unlock_bh(pp->dev);
	if (pp->link_up)
		mvneta_queues_enable(pp);
}

/* The second half: NAPI, interrupts and the TX queues again. */
static void mvneta_datapath_resume(struct mvneta_port *pp)
{
	mvneta_vectors_start(pp);
	WRITE_ONCE(pp->running, true);
	/* Wake, not just start: the qdiscs may hold frames queued while the
	 * queues were stopped, and nothing else runs them.
	 */
	netif_tx_wake_all_queues(pp->dev);
}

/**
 * mvneta_reconfigure() - apply a new configuration, restarting a running port
 * @dev: the port's net device
 * @cfg: MTU, ring sizes and XDP program to run with
 *
 * A running port gets a new set of rings for @cfg, allocated and filled
 * while it still runs on its old ones.  Only then does its data path stop,
 * for as long as it takes to hand the new rings to the port: the link,
 * the PHY, the SerDes lane and the interrupt stay as they are, and the
 * carrier stays on.  If the new rings cannot be had, the port is left
 * untouched, running as it was.  XDP program references are the caller's:
 * on success the old program is no longer used, on failure @cfg's is not.
 *
 * Context: rtnl held.
 * Return: 0, or the error of allocating the rings for @cfg.
 */
int mvneta_reconfigure(struct net_device *dev, const struct mvneta_config *cfg)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct mvneta_rings *set;
	int err;

	/* A port that is down, or detached by a resume that failed, starts
	 * on the new configuration when it comes up.
	 */
	if (!netif_running(dev) || pp->resume_failed) {
		mvneta_set_config(pp, cfg);
		return 0;
	}

	/* Everything that can fail comes first, while the port still runs
	 * on its old rings: a refusal leaves it untouched.
	 */
	err = mvneta_rings_alloc(pp, cfg, &set);
	if (err) {
		netdev_warn(dev, "change refused (%d): port left as it was\n",
			    err);
		return err;
	}

	/* CPU hotplug moves queues between the vectors this stops. */
	cpus_read_lock();
	mvneta_datapath_quiesce(pp);
	/* The phylink callbacks start and stop the queues as the link comes
	 * and goes, and mac_config() rewrites GMAC_CTRL_0: held off until
	 * the port has its new rings and frame size, they then find it as
	 * if it had always had them.
	 */
	mutex_lock(&pp->mac_lock);
	mvneta_dma_stop(pp);
	/* NAPI reads the XDP program and the buffer size: both change with
	 * NAPI stopped, together with the rings they go with.
	 */
	mvneta_set_config(pp, cfg);
	mvneta_rings_swap(pp, set);
	mvneta_dma_start(pp);
	mutex_unlock(&pp->mac_lock);
	mvneta_datapath_resume(pp);
	cpus_read_unlock();
	mvneta_queues_set_napi(pp, true);

	/* The set holds the old rings now.  Neither NAPI, which has only
	 * seen the new ones since it was enabled again, nor the port can
	 * reach them: they are freed with traffic flowing again.
	 */
	mvneta_rings_free(pp, set);
	return 0;
}

static int mvneta_change_mtu(struct net_device *dev, int mtu)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct mvneta_config cfg;

	/* Frames in fragments only reach a program that takes them. */
	if (pp->xdp_prog && !pp->xdp_prog->aux->xdp_has_frags &&
	    mtu > MVNETA_XDP_MAX_MTU) {
		netdev_err(dev, "MTU %d too large for an XDP program without xdp.frags (%d at most)\n",
			   mtu, (int)MVNETA_XDP_MAX_MTU);
		return -EINVAL;
	}
	mvneta_get_config(pp, &cfg);
	cfg.mtu = mtu;
	return mvneta_reconfigure(dev, &cfg);
}

static void mvneta_reset_work(struct work_struct *work)
{
	struct mvneta_port *pp = container_of(work, struct mvneta_port,
					      reset_work);

	rtnl_lock();
	/* Not while the system sleeps: resume starts the port afresh. */
	if (netif_running(pp->dev) && netif_device_present(pp->dev)) {
		struct mvneta_config cfg;

		netdev_warn(pp->dev, "restarting the port\n");
		mvneta_get_config(pp, &cfg);
		mvneta_reconfigure(pp->dev, &cfg);
	}
	rtnl_unlock();
}

static void mvneta_tx_timeout(struct net_device *dev, unsigned int q)
{
	struct mvneta_port *pp = netdev_priv(dev);

	atomic64_inc(&pp->sw.tx_timeouts);
	schedule_work(&pp->reset_work);
}

static void mvneta_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *s)
{
	struct mvneta_port *pp = netdev_priv(dev);
	struct mvneta_sw_stats *sw = &pp->sw;
	unsigned int start;

	mvneta_fold_stats(pp, s);
	do {
		start = u64_stats_fetch_begin(&sw->syncp);
		s->rx_crc_errors = u64_stats_read(&sw->rx_crc_errors);
		s->rx_length_errors = u64_stats_read(&sw->rx_length_errors);
		s->rx_fifo_errors = u64_stats_read(&sw->rx_overrun_errors);
		s->rx_missed_errors = u64_stats_read(&sw->rx_resource_errors);
	} while (u64_stats_fetch_retry(&sw->syncp, start));
	s->tx_dropped += dev->stats.tx_dropped;
}

static int mvneta_ioctl(struct net_device *dev, struct ifreq *ifr, int cmd)
{
	struct mvneta_port *pp = netdev_priv(dev);

	return phylink_mii_ioctl(pp->phylink, ifr, cmd);
}

static const struct net_device_ops mvneta_netdev_ops = {
	.ndo_open = mvneta_open,
	.ndo_stop = mvneta_stop,
	.ndo_start_xmit = mvneta_start_xmit,
	.ndo_features_check = mvneta_features_check,
	.ndo_set_rx_mode = mvneta_set_rx_mode,
	.ndo_set_mac_address = mvneta_set_mac_address,
	.ndo_change_mtu = mvneta_change_mtu,
	.ndo_tx_timeout = mvneta_tx_timeout,
	.ndo_get_stats64 = mvneta_get_stats64,
	.ndo_eth_ioctl = mvneta_ioctl,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_bpf = mvneta_bpf,
	.ndo_xdp_xmit = mvneta_xdp_xmit,
};

/* ------------------------------------------------------------ probe */

static void mvneta_free_percpu(void *data)
{
	struct mvneta_port *pp = data;

	free_percpu(pp->cpu_vec);
}

/* The vectors: one, or one per CPU; each CPU's interrupt finds its own. */
static int mvneta_vectors_alloc(struct mvneta_port *pp)
{
	unsigned int i, cpu;

	pp->nvecs = pp->soc->percpu ? nr_cpu_ids : 1;
	pp->vecs = devm_kcalloc(pp->pdev_dev, pp->nvecs, sizeof(*pp->vecs),
				GFP_KERNEL);
	if (!pp->vecs)
		return -ENOMEM;
	for (i = 0; i < pp->nvecs; i++) {
		struct mvneta_vector *v = &pp->vecs[i];

		v->pp = pp;
		v->cpu = pp->soc->percpu ? i : -1;
		v->misc = !pp->soc->percpu;
		INIT_CSD(&v->unmask_csd, mvneta_unmask_here, v);
	}
	if (pp->soc->percpu) {
		int err;

		pp->cpu_vec = alloc_percpu(struct mvneta_vector *);
		if (!pp->cpu_vec)
			return -ENOMEM;
		err = devm_add_action_or_reset(pp->pdev_dev, mvneta_free_percpu,
					       pp);
		if (err)
			return err;
		for_each_possible_cpu(cpu) {
			struct mvneta_vector **slot = per_cpu_ptr(pp->cpu_vec,
								   cpu);

			*slot = &pp->vecs[cpu];
		}
	}
	/* Until the port is up and a CPU chosen for each queue. */
	for (i = 0; i < MVNETA_RXQS; i++)
		pp->rxqs[i].vec = &pp->vecs[0];
	for (i = 0; i < MVNETA_MAX_QUEUES; i++)
		pp->txqs[i].vec = &pp->vecs[0];
	return 0;
}

/* The TX checksum engine takes packets up to a size (an MTU) the SoC
 * sets and the device tree may change (the 38x's first port: 9800):
 * larger ones are checksummed in software (mvneta_features_check()).
 */
static void mvneta_get_csum_limit(struct mvneta_port *pp,
				  struct device_node *dn)
{
	u32 limit;

	pp->tx_csum_limit = pp->soc->tx_csum_limit;
	if (of_property_read_u32(dn, "tx-csum-limit", &limit))
		return;
	if (limit > MVNETA_MAX_FRAME) {
		dev_warn(pp->pdev_dev,
			 "tx-csum-limit %u beyond the largest frame: %u kept\n",
			 limit, pp->tx_csum_limit);
		return;
	}
	pp->tx_csum_limit = limit;
}

static void mvneta_napi_del(struct mvneta_port *pp)
{
	unsigned int i;

	for (i = 0; i < pp->nvecs; i++)
		netif_napi_del(&pp->vecs[i].napi);
}

static int mvneta_probe(struct platform_device *pdev)
{
	struct device_node *dn = pdev->dev.of_node;
	const struct mvneta_soc *soc = of_device_get_match_data(&pdev->dev);
	unsigned int ntxq = min_t(unsigned int, num_possible_cpus(),
				  MVNETA_MAX_QUEUES);
	struct device_node *bm;
	const char *mac_from = "device tree";
	struct mvneta_port *pp;
	struct net_device *dev;
	struct phylink *phylink;
	phy_interface_t mode;
	u8 addr[ETH_ALEN];
	unsigned int cpu, q;
	u32 lo, hi;
	int err;

	err = of_get_phy_mode(dn, &mode);
	if (err)
		return dev_err_probe(&pdev->dev, err, "bad phy-mode\n");
	/* Descriptors hold 32-bit buffer addresses, and the port reaches
	 * DRAM through 32-bit address windows.
	 */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err)
		return dev_err_probe(&pdev->dev, err, "no 32-bit DMA\n");

	dev = devm_alloc_etherdev_mqs(&pdev->dev, sizeof(*pp), ntxq,
				      MVNETA_RXQS);
	if (!dev)
		return -ENOMEM;
	SET_NETDEV_DEV(dev, &pdev->dev);
	pp = netdev_priv(dev);
	pp->dev = dev;
	pp->pdev_dev = &pdev->dev;
	pp->soc = soc;
	pp->num_txqs = ntxq;
	pp->phy_interface = mode;
	pp->rx_ring_size = MVNETA_RX_RING_DEF;
	pp->tx_ring_size = MVNETA_TX_RING_DEF;
	pp->rx_coal_frames = MVNETA_RX_COAL_FRAMES;
	pp->rx_coal_usecs = MVNETA_RX_COAL_USECS;
	pp->tx_coal_frames = MVNETA_TX_COAL_FRAMES;
	spin_lock_init(&pp->mib_lock);
	mutex_init(&pp->mac_lock);
	u64_stats_init(&pp->sw.syncp);
	INIT_WORK(&pp->reset_work, mvneta_reset_work);
	INIT_DELAYED_WORK(&pp->mib_work, mvneta_mib_work);
	err = mvneta_vectors_alloc(pp);
	if (err)
		return err;
	mvneta_timers_init(pp);
	mvneta_get_csum_limit(pp, dn);
	/* The hardware buffer manager would give the port its RX buffers;
	 * this driver gives them from page_pool, which XDP needs, whatever
	 * the device tree offers.
	 */
	bm = of_parse_phandle(dn, "buffer-manager", 0);
	if (bm) {
		dev_info(&pdev->dev,
			 "buffer manager %pOF left unused: page_pool buffers, XDP available\n",
			 bm);
		of_node_put(bm);
	}
	for (q = 0; q < MVNETA_RXQS; q++) {
		pp->rxqs[q].id = q;
		u64_stats_init(&pp->rxqs[q].stats.syncp);
	}
	for (q = 0; q < MVNETA_MAX_QUEUES; q++) {
		pp->txqs[q].id = q;
		u64_stats_init(&pp->txqs[q].stats.syncp);
	}

	pp->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(pp->base))
		return PTR_ERR(pp->base);
	pp->irq = platform_get_irq(pdev, 0);
	if (pp->irq < 0)
		return pp->irq;

	pp->clk = devm_clk_get(&pdev->dev, "core");
	if (IS_ERR(pp->clk))
		pp->clk = devm_clk_get(&pdev->dev, NULL);
	if (IS_ERR(pp->clk))
		return dev_err_probe(&pdev->dev, PTR_ERR(pp->clk),
				     "no core clock\n");
	pp->clk_bus = devm_clk_get_optional(&pdev->dev, "bus");
	if (IS_ERR(pp->clk_bus))
		return PTR_ERR(pp->clk_bus);
	err = clk_prepare_enable(pp->clk);
	if (err)
		return err;
	err = clk_prepare_enable(pp->clk_bus);
	if (err)
		goto err_clk;

	mvneta_setup_windows(pp);
	mvneta_write(pp, MVNETA_UNIT_INTR_CAUSE, 0);

	/* The address: device tree, else what the boot loader left, else
	 * a random one.
	 */
	err = of_get_ethdev_address(dn, dev);
	if (err == -EPROBE_DEFER)
		goto err_clk_bus;
	if (err) {
		hi = mvneta_read(pp, MVNETA_MAC_ADDR_HIGH);
		lo = mvneta_read(pp, MVNETA_MAC_ADDR_LOW);
		addr[0] = hi >> 24;
		addr[1] = hi >> 16;
		addr[2] = hi >> 8;
		addr[3] = hi;
		addr[4] = lo >> 8;
		addr[5] = lo;
		if (is_valid_ether_addr(addr)) {
			eth_hw_addr_set(dev, addr);
			mac_from = "hardware";
		} else {
			eth_hw_addr_random(dev);
			mac_from = "random";
		}
	}
	mvneta_port_init(pp);
	mvneta_mib_clear(pp);

	pp->phylink_pcs.ops = &mvneta_pcs_ops;
	pp->phylink_config.dev = &dev->dev;
	pp->phylink_config.type = PHYLINK_NETDEV;
	/* The PHY sleeps and wakes with the port, through phylink: its own
	 * resume would reset it after phylink_resume() has set it up.
	 */
	pp->phylink_config.mac_managed_pm = true;
	pp->phylink_config.mac_capabilities = MAC_SYM_PAUSE | MAC_10 |
					      MAC_100 | MAC_1000FD;
	phy_interface_set_rgmii(pp->phylink_config.supported_interfaces);
	__set_bit(PHY_INTERFACE_MODE_SGMII,
		  pp->phylink_config.supported_interfaces);
	__set_bit(PHY_INTERFACE_MODE_1000BASEX,
		  pp->phylink_config.supported_interfaces);
	/* 2.5 Gb/s needs the SerDes lane clocked for it. */
	pp->comphy = devm_of_phy_get(&pdev->dev, dn, NULL);
	if (IS_ERR(pp->comphy)) {
		err = PTR_ERR(pp->comphy);
		pp->comphy = NULL;
		if (err == -EPROBE_DEFER)
			goto err_clk_bus;
	}
	if (pp->comphy) {
		pp->phylink_config.mac_capabilities |= MAC_2500FD;
		__set_bit(PHY_INTERFACE_MODE_2500BASEX,
			  pp->phylink_config.supported_interfaces);
	}
	phylink = phylink_create(&pp->phylink_config, pdev->dev.fwnode, mode,
				 &mvneta_phylink_ops);
	if (IS_ERR(phylink)) {
		err = PTR_ERR(phylink);
		goto err_clk_bus;
	}
	pp->phylink = phylink;

	dev->netdev_ops = &mvneta_netdev_ops;
	dev->ethtool_ops = &mvneta_ethtool_ops;
	dev->watchdog_timeo = 5 * HZ;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = MVNETA_MAX_MTU;
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_RXCSUM | NETIF_F_TSO | NETIF_F_TSO6;
	dev->features = dev->hw_features;
	dev->vlan_features = dev->hw_features;
	dev->priv_flags |= IFF_UNICAST_FLT | IFF_LIVE_ADDR_CHANGE;
	netif_set_tso_max_segs(dev, MVNETA_TSO_MAX_SEGS);
	mvneta_xdp_set_features(dev);
	for (q = 0; q < pp->nvecs; q++) {
		netif_napi_add(dev, &pp->vecs[q].napi, mvneta_poll);
		netif_napi_set_irq(&pp->vecs[q].napi, pp->irq);
	}

	err = register_netdev(dev);
	if (err)
		goto err_napi;
	/* Each CPU transmits on a queue of its own. */
	for_each_possible_cpu(cpu)
		netif_set_xps_queue(dev, cpumask_of(cpu), cpu % ntxq);
	platform_set_drvdata(pdev, pp);
	netdev_info(dev, "%s address %pM, %u TX queues, %s\n", mac_from,
		    dev->dev_addr, ntxq,
		    soc->percpu ? "per-CPU interrupts" : "one interrupt");
	return 0;

err_napi:
	mvneta_napi_del(pp);
	phylink_destroy(pp->phylink);
err_clk_bus:
	clk_disable_unprepare(pp->clk_bus);
err_clk:
	clk_disable_unprepare(pp->clk);
	return err;
}

static void mvneta_remove(struct platform_device *pdev)
{
	struct mvneta_port *pp = platform_get_drvdata(pdev);

	unregister_netdev(pp->dev);
	cancel_work_sync(&pp->reset_work);
	mvneta_napi_del(pp);
	phylink_destroy(pp->phylink);
	if (!pp->resume_failed) {
		clk_disable_unprepare(pp->clk_bus);
		clk_disable_unprepare(pp->clk);
	}
}

/* System sleep.  A DSA switch behind the port registers after it, so it
 * suspends before the port and resumes after it.  A sleep may cut the
 * port's power and with it every register, so resume programs the port as
 * probe did; what the user set lives in the driver (MTU, rings, XDP
 * program, address filters, coalescing, counters) and comes back with the
 * port.  The rings to resume on are allocated before
 * the port stops: a suspend that cannot have them fails, the port still
 * running, and resume cannot fail for want of memory.
 */
static int mvneta_suspend(struct device *d)
{
	struct mvneta_port *pp = dev_get_drvdata(d);
	struct net_device *dev = pp->dev;
	struct mvneta_config cfg;
	int err = 0;

	rtnl_lock();
	/* Still down and unclocked from the last resume: nothing to do. */
	if (pp->resume_failed) {
		rtnl_unlock();
		return 0;
	}
	if (netif_running(dev)) {
		mvneta_get_config(pp, &cfg);
		err = mvneta_rings_alloc(pp, &cfg, &pp->sleep_rings);
		if (err) {
			netdev_err(dev, "no rings to resume on (%d): not suspended\n",
				   err);
			goto out;
		}
	}
	netif_device_detach(dev);
	if (netif_running(dev)) {
		mvneta_quiesce_tx(pp);
		phylink_suspend(pp->phylink, false);
		mvneta_down(pp);
	}
	/* The MIB's counts would go with the power. */
	mvneta_mib_update(pp);
out:
	rtnl_unlock();
	if (err)
		return err;
	cancel_work_sync(&pp->reset_work);
	clk_disable_unprepare(pp->clk_bus);
	clk_disable_unprepare(pp->clk);
	return 0;
}

/* A resume that cannot clock the port leaves it down and detached, as
 * suspend left it, with its clocks off and its rings freed: ifdown and
 * unbind then only release what open and probe took, and the next resume
 * tries again, allocating the rings that suspend would have.
 */
static int mvneta_resume(struct device *d)
{
	struct mvneta_port *pp = dev_get_drvdata(d);
	struct net_device *dev = pp->dev;
	struct mvneta_config cfg;
	int err;

	err = clk_prepare_enable(pp->clk);
	if (err)
		goto err_clk;
	err = clk_prepare_enable(pp->clk_bus);
	if (err)
		goto err_clk_bus;

	rtnl_lock();
	if (netif_running(dev) && !pp->sleep_rings) {
		mvneta_get_config(pp, &cfg);
		err = mvneta_rings_alloc(pp, &cfg, &pp->sleep_rings);
		if (err) {
			rtnl_unlock();
			clk_disable_unprepare(pp->clk_bus);
			goto err_clk_bus;
		}
	}
	mvneta_setup_windows(pp);
	mvneta_write(pp, MVNETA_UNIT_INTR_CAUSE, 0);
	mvneta_port_init(pp);
	pp->resume_failed = false;
	if (netif_running(dev)) {
		mvneta_up(pp, pp->sleep_rings);
		pp->sleep_rings = NULL;
		phylink_resume(pp->phylink);
	}
	netif_device_attach(dev);
	rtnl_unlock();
	return 0;

err_clk_bus:
	clk_disable_unprepare(pp->clk);
err_clk:
	netdev_err(dev, "not resumed (%d): the port stays down\n", err);
	rtnl_lock();
	if (pp->sleep_rings) {
		mvneta_rings_free(pp, pp->sleep_rings);
		pp->sleep_rings = NULL;
	}
	pp->resume_failed = true;
	rtnl_unlock();
	return err;
}

static const struct dev_pm_ops mvneta_pm_ops = {
	SYSTEM_SLEEP_PM_OPS(mvneta_suspend, mvneta_resume)
};

/* The checksum engine of the 370 (and of the 38x, whose device tree says
 * "armada-370-neta" and raises its first port's limit) takes packets of
 * 1600 bytes; the XP's and 3700's the largest.
 */
static const struct mvneta_soc mvneta_armada_370 = {
	.percpu = true,
	.windows = MVNETA_WIN_MBUS,
	.tx_csum_limit = 1600,
};

static const struct mvneta_soc mvneta_armada_xp = {
	.percpu = true,
	.windows = MVNETA_WIN_MBUS,
	.tx_csum_limit = MVNETA_MAX_FRAME,
};

static const struct mvneta_soc mvneta_armada_3700 = {
	.windows = MVNETA_WIN_ALL,
	.tx_csum_limit = MVNETA_MAX_FRAME,
};

static const struct mvneta_soc mvneta_ac5 = {
	.windows = MVNETA_WIN_AC5,
	.tx_csum_limit = MVNETA_MAX_FRAME,
};

static const struct of_device_id mvneta_of_match[] = {
	{ .compatible = "marvell,armada-370-neta", .data = &mvneta_armada_370 },
	{ .compatible = "marvell,armada-xp-neta", .data = &mvneta_armada_xp },
	{ .compatible = "marvell,armada-3700-neta", .data = &mvneta_armada_3700 },
	{ .compatible = "marvell,armada-ac5-neta", .data = &mvneta_ac5 },
	{ }
};
MODULE_DEVICE_TABLE(of, mvneta_of_match);

static struct platform_driver mvneta_driver = {
	.probe = mvneta_probe,
	.remove = mvneta_remove,
	.driver = {
		.name = MVNETA_DRV_NAME,
		.of_match_table = mvneta_of_match,
		.pm = pm_sleep_ptr(&mvneta_pm_ops),
	},
};

static int __init mvneta_init(void)
{
	int ret;

	crc8_populate_msb(mvneta_crc8_table, 0x07);
	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "net/mvneta:online",
				      mvneta_cpu_online, mvneta_cpu_down_prep);
	if (ret < 0)
		return ret;
	mvneta_cpuhp_state = ret;
	ret = platform_driver_register(&mvneta_driver);
	if (ret)
		cpuhp_remove_multi_state(mvneta_cpuhp_state);
	return ret;
}
module_init(mvneta_init);

static void __exit mvneta_exit(void)
{
	platform_driver_unregister(&mvneta_driver);
	cpuhp_remove_multi_state(mvneta_cpuhp_state);
}
module_exit(mvneta_exit);

MODULE_DESCRIPTION("Marvell NETA Ethernet driver with native XDP");
MODULE_LICENSE("GPL");
