/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Marvell NETA gigabit Ethernet driver: what older kernels lack
 *
 * The driver is written for the kernel it is part of, Linux 6.12.  Out of
 * tree, its Makefile forces this header into every file and puts compat/
 * last on the include path, for the headers older kernels do not have:
 * that takes it back to Linux 6.1, Debian 12's kernel.  The in-tree build
 * never sees either.  Each shim names the release that brought what it
 * stands in for; releases between 6.1 and 6.12 are not built.
 */
#ifndef _MVNETA_COMPAT_H_
#define _MVNETA_COMPAT_H_

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#include <linux/netlink.h>
#include <linux/phylink.h>
#include <linux/timer.h>

/* 6.2: extack messages with a format, kept in the extack.  Before, the
 * message must outlive the call: it is formatted into a buffer of the
 * call site's, which rtnl (held by every caller here) keeps from being
 * written twice at once.
 */
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...) do {		\
	static char __mvneta_msg[80];					\
	struct netlink_ext_ack *__ea = (extack);			\
									\
	ASSERT_RTNL();							\
	snprintf(__mvneta_msg, sizeof(__mvneta_msg),			\
		 KBUILD_MODNAME ": " fmt, ##args);			\
	if (__ea)							\
		__ea->_msg = __mvneta_msg;				\
} while (0)

/* 6.2 renamed del_timer_sync() timer_delete_sync(); later 6.1.y have both. */
#define timer_delete_sync del_timer_sync

/* Since 6.2, phylink validates with phylink_generic_validate() when the
 * MAC has no validate method (6.7 removed the method); before, a MAC must
 * have one.  The driver's ops get it in a copy, made by the first port:
 * every port has the same ops, and ports probe one at a time.
 */
static inline struct phylink *
mvneta_compat_phylink_create(struct phylink_config *config,
			     struct fwnode_handle *fwnode,
			     phy_interface_t iface,
			     const struct phylink_mac_ops *ops)
{
	static struct phylink_mac_ops with_validate;

	if (!with_validate.validate) {
		with_validate = *ops;
		with_validate.validate = phylink_generic_validate;
	}
	return phylink_create(config, fwnode, iface, &with_validate);
}

#define phylink_create mvneta_compat_phylink_create
#endif

/* Before its DMA mappings were recorded in an XArray (6.12.y stable, 6.15),
 * page_pool took a sleeping allocation from process context without harm:
 * the RX ring fill at open may sleep for its pages there.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
#define MVNETA_RX_FILL_GFP	GFP_KERNEL
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
#include <linux/netdevice.h>

/* 6.3: the XDP a device offers, told to netlink and to devmaps, which from
 * then on redirect only to devices that offer NETDEV_XDP_ACT_NDO_XMIT.
 * Before, nothing asks: there is nothing to tell.
 */
#define xdp_features_t u32

enum {
	NETDEV_XDP_ACT_BASIC = 1,
	NETDEV_XDP_ACT_REDIRECT = 2,
	NETDEV_XDP_ACT_NDO_XMIT = 4,
	NETDEV_XDP_ACT_RX_SG = 32,
	NETDEV_XDP_ACT_NDO_XMIT_SG = 64,
};

static inline void xdp_set_features_flag(struct net_device *dev,
					 xdp_features_t val)
{
}
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
#include <linux/skbuff.h>

/* 6.4: skb_frag_fill_page_desc(), to describe a fragment in place. */
static inline void skb_frag_fill_page_desc(skb_frag_t *frag,
					   struct page *page,
					   int off, int size)
{
	__skb_frag_set_page(frag, page);
	skb_frag_off_set(frag, off);
	skb_frag_size_set(frag, size);
}
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/string.h>

/* 6.8: ethtool_puts(), for a string without a format. */
static inline void ethtool_puts(u8 **data, const char *str)
{
	strscpy(*data, str, ETH_GSTRING_LEN);
	*data += ETH_GSTRING_LEN;
}

/* 6.8: netlink tells which NAPI instance serves each queue, and on which
 * interrupt.  Before, it does not: there is nothing to record.
 */
enum netdev_queue_type {
	NETDEV_QUEUE_TYPE_RX,
	NETDEV_QUEUE_TYPE_TX,
};

static inline void netif_queue_set_napi(struct net_device *dev,
					unsigned int queue_index,
					enum netdev_queue_type type,
					struct napi_struct *napi)
{
}

static inline void netif_napi_set_irq(struct napi_struct *napi, int irq)
{
}

/* 6.8: the RSS methods take a struct ethtool_rxfh_param (and set_rxfh an
 * extack); before, they took its fields.  The driver's methods keep their
 * 6.8 form under a name of their own: the name the ethtool_ops use is
 * that of a wrapper of the older form, which the definition of each
 * method (the one place its name is followed by parentheses) brings in
 * ahead of itself.
 */
struct ethtool_rxfh_param {
	u8 hfunc;
	u32 *indir;
	u8 *key;
};

#define mvneta_get_rxfh(dev, rxfh)					\
	mvneta_get_rxfh_68(dev, rxfh);					\
	static int (mvneta_get_rxfh)(struct net_device *d, u32 *indir,	\
				     u8 *key, u8 *hfunc)		\
	{								\
		struct ethtool_rxfh_param p = { .indir = indir };	\
									\
		if (hfunc)						\
			*hfunc = ETH_RSS_HASH_NO_CHANGE;		\
		return mvneta_get_rxfh_68(d, &p);			\
	}								\
	static int mvneta_get_rxfh_68(dev, rxfh)

#define mvneta_set_rxfh(dev, rxfh, extack)				\
	mvneta_set_rxfh_68(dev, rxfh, extack);				\
	static int (mvneta_set_rxfh)(struct net_device *d,		\
				     const u32 *indir, const u8 *key,	\
				     const u8 hfunc)			\
	{								\
		struct ethtool_rxfh_param p = {				\
			.hfunc = hfunc,					\
			.indir = (u32 *)indir,				\
			.key = (u8 *)key,				\
		};							\
									\
		return mvneta_set_rxfh_68(d, &p, NULL);			\
	}								\
	static int mvneta_set_rxfh_68(dev, rxfh, extack)
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
#include <linux/ethtool.h>

/* 6.9: the EEE settings as struct ethtool_keee, with link-mode bitmaps.
 * The fields the driver touches are the same in struct ethtool_eee.
 */
#define ethtool_keee ethtool_eee
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
#include <linux/platform_device.h>
#include <net/page_pool/types.h>

/* 6.5 gave page_pool_params the NAPI instance that is a pool's only user
 * (.napi: what is freed in its context goes straight back to the pool's
 * cache) and 6.8 the device it serves (.netdev: netlink shows the pool
 * with it); only since 6.11 can a driver untie a pool from a NAPI instance
 * that outlives it (page_pool_disable_direct_recycling()).  Before 6.11 a
 * pool gets neither: the driver's page_pool_params become this struct of
 * the same names, and only the older ones are passed on.
 */
struct mvneta_compat_pp_params {
	unsigned int flags;
	unsigned int order;
	unsigned int pool_size;
	int nid;
	struct device *dev;
	struct napi_struct *napi;
	struct net_device *netdev;
	enum dma_data_direction dma_dir;
	unsigned int max_len;
	unsigned int offset;
};

static inline struct page_pool *
mvneta_compat_page_pool_create(const struct mvneta_compat_pp_params *p)
{
	const struct page_pool_params params = {
		.flags = p->flags,
		.order = p->order,
		.pool_size = p->pool_size,
		.nid = p->nid,
		.dev = p->dev,
		.dma_dir = p->dma_dir,
		.max_len = p->max_len,
		.offset = p->offset,
	};

	return page_pool_create(&params);
}

static inline void page_pool_disable_direct_recycling(struct page_pool *pool)
{
}

#define page_pool_params mvneta_compat_pp_params
#define page_pool_create mvneta_compat_page_pool_create

/* 6.11: platform_driver.remove returns void.  Before, it returned an int
 * that the driver core ignored: the driver's platform_driver becomes this
 * struct, registered as a real one whose remove calls the driver's and
 * returns 0.
 */
struct mvneta_compat_platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
	struct device_driver driver;
	struct platform_driver real;
};

static inline int mvneta_compat_remove(struct platform_device *pdev)
{
	struct mvneta_compat_platform_driver *drv =
		container_of(to_platform_driver(pdev->dev.driver),
			     struct mvneta_compat_platform_driver, real);

	drv->remove(pdev);
	return 0;
}

static inline int
mvneta_compat_driver_register(struct mvneta_compat_platform_driver *drv,
			      struct module *owner)
{
	drv->real.probe = drv->probe;
	drv->real.remove = mvneta_compat_remove;
	drv->real.driver = drv->driver;
	return __platform_driver_register(&drv->real, owner);
}

#define platform_driver mvneta_compat_platform_driver
#undef platform_driver_register
#define platform_driver_register(drv) \
	mvneta_compat_driver_register(drv, THIS_MODULE)
#define platform_driver_unregister(drv) \
	platform_driver_unregister(&(drv)->real)
#endif

#endif /* _MVNETA_COMPAT_H_ */
