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

	/* Above the MTU whose frames fit one buffer, frames come in
	 * fragments, which only a program declared xdp.frags can see.
	 */
	if (prog && !prog->aux->xdp_has_frags &&
	    dev->mtu > MVNETA_XDP_MAX_MTU) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "MTU %u too large for a program without xdp.frags (%u at most)",
				       dev->mtu, (u32)MVNETA_XDP_MAX_MTU);
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
 * Programs run at any MTU: beyond the one whose frames fit a buffer, only
 * those that take fragments (xdp.frags), on frames that span buffers.
 * Other devices may redirect frames to the port whatever its MTU, with
 * fragments or not.  The same at every MTU: told once, at probe.
 *
 * Context: @dev not registered yet.
 */
void mvneta_xdp_set_features(struct net_device *dev)
{
	xdp_set_features_flag(dev, NETDEV_XDP_ACT_BASIC |
				   NETDEV_XDP_ACT_REDIRECT |
				   NETDEV_XDP_ACT_RX_SG |
				   NETDEV_XDP_ACT_NDO_XMIT |
				   NETDEV_XDP_ACT_NDO_XMIT_SG);
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
