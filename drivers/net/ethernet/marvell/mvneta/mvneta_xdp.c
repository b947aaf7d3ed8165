// SPDX-License-Identifier: GPL-2.0
/*
 * Marvell NETA gigabit Ethernet driver: XDP setup
 *
 * Attaching and detaching a program (ndo_bpf), and the xdp_features the
 * port offers at its MTU.  The XDP datapath is with the rest of the
 * datapath: the program's run in the RX poll in mvneta_rx.c, XDP transmit
 * in mvneta_tx.c.
 */

#include <linux/filter.h>
#include <linux/netdevice.h>
#include <net/xdp.h>

#include "mvneta.h"

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
