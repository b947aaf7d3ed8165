/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Marvell NETA gigabit Ethernet port: registers and DMA descriptors
 *
 * Each register offset is followed by its fields.  Per-queue registers
 * take the queue number.
 */
#ifndef _MVNETA_HW_H_
#define _MVNETA_HW_H_

#include <linux/bits.h>
#include <linux/types.h>

#define MVNETA_MAX_QUEUES		8
#define MVNETA_DESC_SIZE		32
#define MVNETA_MH_SIZE			2	/* Marvell header before frames */
#define MVNETA_MIB_SIZE			0x80

/* RX queues */
#define MVNETA_RXQ_CONFIG(q)		(0x1400 + (q) * 4)
#define   MVNETA_RXQ_HW_BUF_ALLOC	BIT(0)
#define   MVNETA_RXQ_PKT_OFFSET		GENMASK(11, 8)	/* 8-byte units */
#define MVNETA_RXQ_BASE(q)		(0x1480 + (q) * 4)
#define MVNETA_RXQ_SIZE(q)		(0x14a0 + (q) * 4)
#define   MVNETA_RXQ_SIZE_DESCS		GENMASK(13, 0)
#define   MVNETA_RXQ_SIZE_BUF		GENMASK(31, 19)	/* 8-byte units */
#define MVNETA_RXQ_THRESHOLD(q)		(0x14c0 + (q) * 4)
#define   MVNETA_RXQ_THRESH_OCCUPIED	GENMASK(13, 0)
#define   MVNETA_RXQ_THRESH_NON_OCC	GENMASK(29, 16)
#define MVNETA_RXQ_STATUS(q)		(0x14e0 + (q) * 4)
#define   MVNETA_RXQ_OCCUPIED		GENMASK(13, 0)
#define MVNETA_RXQ_STATUS_UPDATE(q)	(0x1500 + (q) * 4)
#define   MVNETA_RXQ_DEC_OCCUPIED	GENMASK(7, 0)
#define   MVNETA_RXQ_ADD_NON_OCC	GENMASK(23, 16)
#define   MVNETA_RXQ_UPDATE_MAX		255
#define MVNETA_PORT_RX_RESET		0x1cc0
#define   MVNETA_PORT_RX_DMA_RESET	BIT(0)

/* Unit */
#define MVNETA_MBUS_RETRY		0x2010
#define   MVNETA_MBUS_RETRY_DEFAULT	0x20
#define MVNETA_UNIT_INTR_CAUSE		0x2080
#define MVNETA_UNIT_CONTROL		0x20b0
#define   MVNETA_PHY_POLLING_ENABLE	BIT(1)
#define MVNETA_WIN_BASE(w)		(0x2200 + (w) * 8)
#define   MVNETA_WIN_BASE_ADDR		GENMASK(31, 16)
#define   MVNETA_WIN_ATTR		GENMASK(15, 8)
#define   MVNETA_WIN_TARGET		GENMASK(3, 0)
/* AC5: DRAM is target 2, attribute 0xb, behind the single window. */
#define MVNETA_AC5_DRAM_TARGET		0x2
#define MVNETA_AC5_DRAM_ATTR		0xb
#define MVNETA_WIN_SIZE(w)		(0x2204 + (w) * 8)
#define   MVNETA_WIN_SIZE_MASK		GENMASK(31, 16)
#define MVNETA_WIN_REMAP(w)		(0x2280 + (w) * 4)
#define MVNETA_BASE_ADDR_ENABLE		0x2290	/* bit set: window off */
#define MVNETA_ACCESS_PROTECT		0x2294	/* 2 bits per window */
#define   MVNETA_WIN_FULL_ACCESS	3
#define MVNETA_NUM_WINDOWS		6
#define MVNETA_NUM_REMAPS		4

/* Port */
#define MVNETA_PORT_CONFIG		0x2400
#define   MVNETA_UNI_PROMISC		BIT(0)
#define   MVNETA_DEF_RXQ		GENMASK(3, 1)
#define   MVNETA_DEF_RXQ_ARP		GENMASK(6, 4)
#define   MVNETA_DEF_RXQ_TCP		GENMASK(18, 16)
#define   MVNETA_DEF_RXQ_UDP		GENMASK(21, 19)
#define   MVNETA_DEF_RXQ_BPDU		GENMASK(24, 22)
#define   MVNETA_RX_CSUM_PSEUDO_HDR	BIT(25)
#define MVNETA_PORT_CONFIG_EXTEND	0x2404
#define MVNETA_MAC_ADDR_LOW		0x2414
#define MVNETA_MAC_ADDR_HIGH		0x2418
#define MVNETA_SDMA_CONFIG		0x241c
#define   MVNETA_SDMA_RX_BURST		GENMASK(3, 1)
#define   MVNETA_SDMA_RX_NO_SWAP	BIT(4)
#define   MVNETA_SDMA_TX_NO_SWAP	BIT(5)
#define   MVNETA_SDMA_DESC_SWAP		BIT(6)
#define   MVNETA_SDMA_TX_BURST		GENMASK(24, 22)
#define   MVNETA_SDMA_BURST_16		4
#define MVNETA_PORT_STATUS		0x2444
#define   MVNETA_TX_IN_PROGRESS		BIT(0)
#define   MVNETA_TX_FIFO_EMPTY		BIT(8)
#define MVNETA_TXQ_CMD			0x2448
#define   MVNETA_Q_ENABLE		GENMASK(7, 0)
#define   MVNETA_Q_DISABLE		GENMASK(15, 8)
#define MVNETA_RX_MIN_FRAME_SIZE	0x247c
#define MVNETA_RX_DISCARD_COUNT		0x2484
#define MVNETA_RX_OVERRUN_COUNT		0x2488
/* The SerDes lane's protocol, where no comphy driver sets it up. */
#define MVNETA_SERDES_CFG		0x24a0
#define   MVNETA_SERDES_SGMII		0x0cc7	/* also 1000BASE-X */
#define MVNETA_TYPE_PRIO		0x24bc
#define   MVNETA_FORCE_UNI		BIT(21)
#define MVNETA_TXQ_CMD_1		0x24e4
/* The 1 ms clock that times in-band negotiation, from the core clock. */
#define MVNETA_GMAC_CLOCK_DIVIDER	0x24f4
#define   MVNETA_1MS_CLOCK_DIV		GENMASK(30, 0)	/* core clocks */
#define   MVNETA_1MS_CLOCK_ENABLE	BIT(31)
#define MVNETA_ACC_MODE			0x2500
#define   MVNETA_ACC_MODE_SWBM		1	/* legacy parser, SW buffers */
#define MVNETA_CPU_MAP(cpu)		(0x2540 + (cpu) * 4)
#define   MVNETA_CPU_RXQ_ALL		GENMASK(7, 0)
#define   MVNETA_CPU_TXQ_ALL		GENMASK(15, 8)
#define MVNETA_RXQ_TIME_COAL(q)		(0x2580 + (q) * 4)	/* core clocks */
#define MVNETA_INTR_NEW_CAUSE		0x25a0
#define MVNETA_INTR_NEW_MASK		0x25a4
#define   MVNETA_INTR_TXQ_SENT		GENMASK(7, 0)
#define   MVNETA_INTR_RXQ_OCCUPIED	GENMASK(15, 8)
#define   MVNETA_INTR_MISC		BIT(31)
#define MVNETA_INTR_OLD_CAUSE		0x25a8
#define MVNETA_INTR_OLD_MASK		0x25ac
#define MVNETA_INTR_MISC_CAUSE		0x25b0
#define MVNETA_INTR_MISC_MASK		0x25b4
#define   MVNETA_MISC_PHY_STATUS_CHANGE	BIT(0)
#define   MVNETA_MISC_LINK_CHANGE	BIT(1)
#define MVNETA_INTR_ENABLE		0x25b8
#define   MVNETA_INTR_ENABLE_RXQ	GENMASK(7, 0)
#define   MVNETA_INTR_ENABLE_TXQ	GENMASK(15, 8)
#define MVNETA_RXQ_CMD			0x2680
#define MVNETA_TXQ_TOKEN_COUNT(q)	(0x2700 + (q) * 16)
#define MVNETA_TXQ_TOKEN_CFG(q)		(0x2704 + (q) * 16)
#define   MVNETA_TXQ_TOKEN_CFG_MAX	0x03ffffff
#define   MVNETA_TXQ_TOKEN_COUNT_MAX	0x3fffffff

/* GMAC */
#define MVNETA_GMAC_CTRL_0		0x2c00
#define   MVNETA_GMAC0_PORT_ENABLE	BIT(0)
#define   MVNETA_GMAC0_1000BASE_X	BIT(1)
#define   MVNETA_GMAC0_MAX_RX_SIZE	GENMASK(14, 2)	/* 2-byte units */
#define MVNETA_GMAC_CTRL_2		0x2c08
#define   MVNETA_GMAC2_INBAND_AN_SGMII	BIT(0)	/* clear: 1000BASE-X's */
#define   MVNETA_GMAC2_PCS_ENABLE	BIT(3)
#define   MVNETA_GMAC2_PORT_RGMII	BIT(4)
#define   MVNETA_GMAC2_PORT_RESET	BIT(6)
#define MVNETA_GMAC_AUTONEG		0x2c0c
#define   MVNETA_AN_FORCE_LINK_DOWN	BIT(0)
#define   MVNETA_AN_FORCE_LINK_PASS	BIT(1)
#define   MVNETA_AN_INBAND_EN		BIT(2)
#define   MVNETA_AN_BYPASS_EN		BIT(3)
#define   MVNETA_AN_INBAND_RESTART	BIT(4)
#define   MVNETA_AN_SET_MII_SPEED	BIT(5)
#define   MVNETA_AN_SET_GMII_SPEED	BIT(6)
#define   MVNETA_AN_SPEED_EN		BIT(7)
#define   MVNETA_AN_SET_FLOW_CTRL	BIT(8)
#define   MVNETA_AN_ADVERT_SYM_PAUSE	BIT(9)
#define   MVNETA_AN_FLOW_CTRL_EN	BIT(11)
#define   MVNETA_AN_SET_FULL_DUPLEX	BIT(12)
#define   MVNETA_AN_DUPLEX_EN		BIT(13)
#define MVNETA_GMAC_STATUS		0x2c10
#define   MVNETA_GMAC_LINK_UP		BIT(0)
#define   MVNETA_GMAC_SPEED_1000	BIT(1)
#define   MVNETA_GMAC_SPEED_100		BIT(2)
#define   MVNETA_GMAC_FULL_DUPLEX	BIT(3)
#define   MVNETA_GMAC_RX_PAUSE		BIT(4)
#define   MVNETA_GMAC_TX_PAUSE		BIT(5)
#define   MVNETA_GMAC_AN_COMPLETE	BIT(11)
#define MVNETA_GMAC_CTRL_4		0x2c90
#define   MVNETA_GMAC4_SHORT_PREAMBLE	BIT(1)
/* Energy Efficient Ethernet: the MAC's side of low-power idle (LPI) */
#define MVNETA_LPI_CTRL_0		0x2cc0
#define   MVNETA_LPI_TS_LIMIT		GENMASK(15, 8)	/* idle to LPI, us */
#define MVNETA_LPI_CTRL_1		0x2cc4
#define   MVNETA_LPI_REQUEST_ENABLE	BIT(0)

/* MIB counters, clear on read */
#define MVNETA_MIB_BASE			0x3000

/* Destination address filter tables, one byte per entry */
#define MVNETA_DA_SPECIAL_MCAST		0x3400	/* 01:00:5e:00:00:xx, by xx */
#define MVNETA_DA_OTHER_MCAST		0x3500	/* by CRC-8 of the address */
#define MVNETA_DA_UCAST			0x3600	/* by the address' low nibble */
#define   MVNETA_DA_ACCEPT		BIT(0)
#define   MVNETA_DA_QUEUE		GENMASK(3, 1)
#define MVNETA_DA_MCAST_ENTRIES		256
#define MVNETA_DA_UCAST_ENTRIES		16

/* TX queues */
#define MVNETA_TXQ_BASE(q)		(0x3c00 + (q) * 4)
#define MVNETA_TXQ_SIZE(q)		(0x3c20 + (q) * 4)
#define   MVNETA_TXQ_SIZE_DESCS		GENMASK(13, 0)
#define   MVNETA_TXQ_SENT_THRESH	GENMASK(29, 16)
#define MVNETA_TXQ_STATUS(q)		(0x3c40 + (q) * 4)
#define   MVNETA_TXQ_PENDING		GENMASK(13, 0)
#define   MVNETA_TXQ_SENT		GENMASK(29, 16)
#define MVNETA_TXQ_UPDATE(q)		(0x3c60 + (q) * 4)
#define   MVNETA_TXQ_ADD_PENDING	GENMASK(7, 0)
#define   MVNETA_TXQ_DEC_SENT		GENMASK(23, 16)
#define   MVNETA_TXQ_UPDATE_MAX		255
#define MVNETA_PORT_TX_RESET		0x3cf0
#define   MVNETA_PORT_TX_DMA_RESET	BIT(0)
#define MVNETA_TX_MTU			0x3e0c
#define   MVNETA_TX_MTU_MAX		GENMASK(17, 0)
#define MVNETA_TX_TOKEN_SIZE		0x3e14
#define MVNETA_TXQ_TOKEN_SIZE(q)	(0x3e40 + (q) * 4)
#define   MVNETA_TXQ_TOKEN_SIZE_MAX	GENMASK(30, 0)

/**
 * struct mvneta_rx_desc - RX descriptor, written back by the port
 * @status: MVNETA_RXD_* bits
 * @pnc_info: unused (packet classifier)
 * @data_size: bytes of the frame, Marvell header and FCS included; the
 *	first descriptor of a frame gives the whole frame's size
 * @buf_addr: DMA address of the buffer, set by the driver
 * @pnc_flow_id: unused
 * @cookie: free for the driver
 * @prefetch_cmd: unused
 * @csum_l4: unused
 * @pnc_extra: unused
 * @hw_cmd: unused
 */
struct mvneta_rx_desc {
	__le32 status;
	__le16 pnc_info;
	__le16 data_size;
	__le32 buf_addr;
	__le32 pnc_flow_id;
	__le32 cookie;
	__le16 prefetch_cmd;
	__le16 csum_l4;
	__le32 pnc_extra;
	__le32 hw_cmd;
};

#define MVNETA_RXD_L3_OFFSET		GENMASK(6, 0)
#define MVNETA_RXD_IP_HLEN		GENMASK(12, 8)
#define MVNETA_RXD_ERR_SUMMARY		BIT(16)
#define MVNETA_RXD_ERR_CODE		GENMASK(18, 17)
#define   MVNETA_RXD_ERR_CRC		0
#define   MVNETA_RXD_ERR_OVERRUN	1
#define   MVNETA_RXD_ERR_LEN		2
#define   MVNETA_RXD_ERR_RESOURCE	3
#define MVNETA_RXD_L4_TYPE		GENMASK(22, 21)
#define MVNETA_RXD_IP4			BIT(24)
#define MVNETA_RXD_IP4_HDR_OK		BIT(25)
#define MVNETA_RXD_LAST			BIT(26)
#define MVNETA_RXD_FIRST		BIT(27)
#define MVNETA_RXD_L4_CSUM_OK		BIT(30)
#define MVNETA_RXD_IP4_FRAG		BIT(31)

/**
 * struct mvneta_tx_desc - TX descriptor, read by the port
 * @command: MVNETA_TXD_* bits
 * @csum_l4: unused
 * @data_size: bytes in the buffer
 * @buf_addr: DMA address of the buffer
 * @hw_cmd: unused
 * @reserved: unused
 */
struct mvneta_tx_desc {
	__le32 command;
	__le16 csum_l4;
	__le16 data_size;
	__le32 buf_addr;
	__le32 hw_cmd;
	__le32 reserved[4];
};

#define MVNETA_TXD_L3_OFFSET		GENMASK(6, 0)
#define MVNETA_TXD_IP_HLEN		GENMASK(12, 8)	/* 32-bit words */
#define MVNETA_TXD_L4_UDP		BIT(16)
#define MVNETA_TXD_L3_IP6		BIT(17)
#define MVNETA_TXD_IP_CSUM		BIT(18)
#define MVNETA_TXD_Z_PAD		BIT(19)
#define MVNETA_TXD_LAST			BIT(20)
#define MVNETA_TXD_FIRST		BIT(21)
#define MVNETA_TXD_L4_CSUM		GENMASK(31, 30)
#define   MVNETA_TXD_L4_CSUM_FULL	1
#define   MVNETA_TXD_L4_CSUM_NOT	2

#endif /* _MVNETA_HW_H_ */
