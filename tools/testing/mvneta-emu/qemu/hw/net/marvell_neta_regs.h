/*
 * Marvell NETA (Armada 370/XP/38x/3700 gigabit port): register map
 *
 * Offsets and bit meanings are hardware facts, collected for the model
 * from the public drivers that program this block.  Each register is
 * written REG32(name, offset) with its fields right below it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_MARVELL_NETA_REGS_H
#define HW_NET_MARVELL_NETA_REGS_H

#include "hw/registerfields.h"

#define NETA_MMIO_SIZE      0x4000
#define NETA_NUM_QUEUES     8
#define NETA_DESC_SIZE      32      /* RX and TX descriptors */
#define NETA_MH_SIZE        2       /* Marvell header in front of frames */
#define NETA_FCS_LEN        4
#define NETA_MAX_RING       0x3fff  /* ring size field width */

/* RX queue registers, one word per queue */
REG32(RXQ_CONFIG, 0x1400)
    FIELD(RXQ_CONFIG, HW_BUF_ALLOC, 0, 1)
    FIELD(RXQ_CONFIG, PKT_OFFSET, 8, 4)         /* in units of 8 bytes */
REG32(RXQ_BASE, 0x1480)
REG32(RXQ_SIZE, 0x14a0)
    FIELD(RXQ_SIZE, DESCS, 0, 14)
    FIELD(RXQ_SIZE, BUF_SIZE, 19, 13)           /* in units of 8 bytes */
REG32(RXQ_THRESHOLD, 0x14c0)
    FIELD(RXQ_THRESHOLD, OCCUPIED, 0, 14)
    FIELD(RXQ_THRESHOLD, NON_OCCUPIED, 16, 14)
REG32(RXQ_STATUS, 0x14e0)
    FIELD(RXQ_STATUS, OCCUPIED, 0, 14)
    FIELD(RXQ_STATUS, NON_OCCUPIED, 16, 14)
REG32(RXQ_STATUS_UPDATE, 0x1500)
    FIELD(RXQ_STATUS_UPDATE, DEC_OCCUPIED, 0, 8)
    FIELD(RXQ_STATUS_UPDATE, ADD_NON_OCCUPIED, 16, 8)
REG32(POOL_BUF_SIZE, 0x1700)
REG32(PORT_RX_RESET, 0x1cc0)
    FIELD(PORT_RX_RESET, DMA, 0, 1)

/* Unit registers */
REG32(PHY_ADDR, 0x2000)
REG32(SMI, 0x2004)          /* the board's MDIO bus, on 370/XP eth0 */
REG32(MBUS_RETRY, 0x2010)
REG32(UNIT_INTR_CAUSE, 0x2080)
REG32(UNIT_CONTROL, 0x20b0)
    FIELD(UNIT_CONTROL, PHY_POLLING, 1, 1)
REG32(WIN_BASE, 0x2200)                         /* stride 8, 6 windows */
REG32(WIN_SIZE, 0x2204)
REG32(WIN_REMAP, 0x2280)                        /* stride 4, 4 windows */
REG32(BASE_ADDR_ENABLE, 0x2290)                 /* bit n = window n off */
REG32(ACCESS_PROTECT, 0x2294)
#define NETA_NUM_WINDOWS    6

/* Port registers */
REG32(PORT_CONFIG, 0x2400)
    FIELD(PORT_CONFIG, UPM, 0, 1)               /* unicast promiscuous */
    FIELD(PORT_CONFIG, RXQ_DEF, 1, 3)
    FIELD(PORT_CONFIG, RXQ_ARP, 4, 3)
    FIELD(PORT_CONFIG, REJECT_BCAST, 7, 1)
    FIELD(PORT_CONFIG, CSUM_PSEUDO, 25, 1)
REG32(PORT_CONFIG_EXTEND, 0x2404)
REG32(MAC_ADDR_LOW, 0x2414)
REG32(MAC_ADDR_HIGH, 0x2418)
REG32(SDMA_CONFIG, 0x241c)
REG32(PORT_STATUS, 0x2444)
    FIELD(PORT_STATUS, TX_IN_PROGRESS, 0, 1)
    FIELD(PORT_STATUS, TX_FIFO_EMPTY, 8, 1)
REG32(TXQ_CMD, 0x2448)
    FIELD(TXQ_CMD, ENABLE, 0, 8)
    FIELD(TXQ_CMD, DISABLE, 8, 8)
REG32(RX_MIN_FRAME_SIZE, 0x247c)
REG32(RX_DISCARD_COUNT, 0x2484)                 /* clear on read */
REG32(RX_OVERRUN_COUNT, 0x2488)                 /* clear on read */
/*
 * The SerDes lane's protocol, which the port sets up itself when no comphy
 * driver does: the values the lane knows.
 */
REG32(SERDES_CFG, 0x24a0)
#define NETA_SERDES_SGMII       0x0cc7          /* and 1000BASE-X */
#define NETA_SERDES_QSGMII      0x0667
#define NETA_SERDES_HSGMII      0x1107          /* 2500BASE-X */
REG32(TYPE_PRIO, 0x24bc)
REG32(TXQ_CMD_1, 0x24e4)
REG32(GMAC_CLOCK_DIVIDER, 0x24f4)                /* the 1 ms clock */
    FIELD(GMAC_CLOCK_DIVIDER, DIV, 0, 31)       /* core clocks per ms */
    FIELD(GMAC_CLOCK_DIVIDER, ENABLE, 31, 1)
REG32(ACC_MODE, 0x2500)
REG32(BM_ADDRESS, 0x2504)
REG32(CPU_MAP, 0x2540)                          /* stride 4, per CPU */
    FIELD(CPU_MAP, RXQ, 0, 8)
    FIELD(CPU_MAP, TXQ, 8, 8)
REG32(RXQ_TIME_COAL, 0x2580)                    /* stride 4, core clocks */
REG32(INTR_NEW_CAUSE, 0x25a0)
    FIELD(INTR_NEW_CAUSE, TXQ_SENT, 0, 8)
    FIELD(INTR_NEW_CAUSE, RXQ_OCCUPIED, 8, 8)
    FIELD(INTR_NEW_CAUSE, MISC_SUM, 31, 1)
REG32(INTR_NEW_MASK, 0x25a4)
REG32(INTR_OLD_CAUSE, 0x25a8)
REG32(INTR_OLD_MASK, 0x25ac)
REG32(INTR_MISC_CAUSE, 0x25b0)
    FIELD(INTR_MISC_CAUSE, PHY_STATUS_CHANGE, 0, 1)
    FIELD(INTR_MISC_CAUSE, LINK_CHANGE, 1, 1)
    FIELD(INTR_MISC_CAUSE, INTERNAL_ADDR_ERR, 7, 1)
    FIELD(INTR_MISC_CAUSE, RX_OVERRUN, 8, 1)
    FIELD(INTR_MISC_CAUSE, RX_CRC_ERROR, 9, 1)
    FIELD(INTR_MISC_CAUSE, RX_LARGE_PKT, 10, 1)
REG32(INTR_MISC_MASK, 0x25b4)
REG32(INTR_ENABLE, 0x25b8)
    FIELD(INTR_ENABLE, RXQ, 0, 8)
    FIELD(INTR_ENABLE, TXQ, 8, 8)
REG32(RXQ_CMD, 0x2680)
    FIELD(RXQ_CMD, ENABLE, 0, 8)
    FIELD(RXQ_CMD, DISABLE, 8, 8)

/* GMAC */
REG32(GMAC_CTRL_0, 0x2c00)
    FIELD(GMAC_CTRL_0, PORT_ENABLE, 0, 1)
    FIELD(GMAC_CTRL_0, PORT_1000BASE_X, 1, 1)
    FIELD(GMAC_CTRL_0, MAX_RX_SIZE, 2, 13)      /* in units of 2 bytes */
REG32(GMAC_CTRL_2, 0x2c08)
    FIELD(GMAC_CTRL_2, INBAND_AN, 0, 1)         /* 1: SGMII's form */
    FIELD(GMAC_CTRL_2, PCS_ENABLE, 3, 1)
    FIELD(GMAC_CTRL_2, PORT_RGMII, 4, 1)
    FIELD(GMAC_CTRL_2, PORT_RESET, 6, 1)
REG32(GMAC_AUTONEG_CONFIG, 0x2c0c)
    FIELD(GMAC_AUTONEG_CONFIG, FORCE_LINK_DOWN, 0, 1)
    FIELD(GMAC_AUTONEG_CONFIG, FORCE_LINK_PASS, 1, 1)
    FIELD(GMAC_AUTONEG_CONFIG, INBAND_AN, 2, 1)
    FIELD(GMAC_AUTONEG_CONFIG, SET_FLOW_CTRL, 8, 1)
    FIELD(GMAC_AUTONEG_CONFIG, ADVERT_SYM_PAUSE, 9, 1)
    FIELD(GMAC_AUTONEG_CONFIG, AN_FLOW_CTRL, 11, 1)
REG32(GMAC_STATUS, 0x2c10)
    FIELD(GMAC_STATUS, LINK_UP, 0, 1)
    FIELD(GMAC_STATUS, SPEED_1000, 1, 1)
    FIELD(GMAC_STATUS, SPEED_100, 2, 1)
    FIELD(GMAC_STATUS, FULL_DUPLEX, 3, 1)
    FIELD(GMAC_STATUS, RX_PAUSE, 4, 1)
    FIELD(GMAC_STATUS, TX_PAUSE, 5, 1)
    FIELD(GMAC_STATUS, AN_COMPLETE, 11, 1)
    FIELD(GMAC_STATUS, SYNC_OK, 14, 1)
REG32(GMAC_CTRL_4, 0x2c90)
REG32(LPI_CTRL_0, 0x2cc0)
    FIELD(LPI_CTRL_0, TS_LIMIT, 8, 8)           /* idle time to LPI, us */
REG32(LPI_CTRL_1, 0x2cc4)
    FIELD(LPI_CTRL_1, REQUEST_ENABLE, 0, 1)
REG32(LPI_STATUS, 0x2ccc)

/* MIB counters: 0x3000..0x307f, clear on read */
REG32(MIB_BASE, 0x3000)
#define NETA_MIB_SIZE               0x80
#define NETA_MIB_GOOD_OCTETS_RX     0x00    /* 64 bit */
#define NETA_MIB_BAD_OCTETS_RX      0x08
#define NETA_MIB_MAC_TX_ERR         0x0c
#define NETA_MIB_GOOD_FRAMES_RX     0x10
#define NETA_MIB_BAD_FRAMES_RX      0x14
#define NETA_MIB_BCAST_FRAMES_RX    0x18
#define NETA_MIB_MCAST_FRAMES_RX    0x1c
#define NETA_MIB_FRAMES_64          0x20
#define NETA_MIB_FRAMES_65_127      0x24
#define NETA_MIB_FRAMES_128_255     0x28
#define NETA_MIB_FRAMES_256_511     0x2c
#define NETA_MIB_FRAMES_512_1023    0x30
#define NETA_MIB_FRAMES_1024_MAX    0x34
#define NETA_MIB_GOOD_OCTETS_TX     0x38    /* 64 bit */
#define NETA_MIB_GOOD_FRAMES_TX     0x40
#define NETA_MIB_EXCESSIVE_COLL     0x44
#define NETA_MIB_MCAST_FRAMES_TX    0x48
#define NETA_MIB_BCAST_FRAMES_TX    0x4c
#define NETA_MIB_UNREC_MAC_CTRL_RX  0x50
#define NETA_MIB_FC_TX              0x54
#define NETA_MIB_GOOD_FC_RX         0x58
#define NETA_MIB_BAD_FC_RX          0x5c
#define NETA_MIB_UNDERSIZE_RX       0x60
#define NETA_MIB_FRAGMENTS_RX       0x64
#define NETA_MIB_OVERSIZE_RX        0x68
#define NETA_MIB_JABBER_RX          0x6c
#define NETA_MIB_MAC_RX_ERR         0x70
#define NETA_MIB_BAD_CRC            0x74
#define NETA_MIB_COLLISION          0x78
#define NETA_MIB_LATE_COLLISION     0x7c

/* Destination address filter tables (one byte per entry) */
REG32(DA_FILT_SPEC_MCAST, 0x3400)              /* 256 entries */
REG32(DA_FILT_OTH_MCAST, 0x3500)               /* 256 entries, by CRC-8 */
REG32(DA_FILT_UCAST, 0x3600)                   /* 16 entries, by DA[5] */
#define NETA_DA_ENTRY_ACCEPT        0x01
#define NETA_DA_ENTRY_QUEUE_SHIFT   1
#define NETA_DA_ENTRY_QUEUE_MASK    0x07

/* TX queue registers, one word per queue */
REG32(TXQ_BASE, 0x3c00)
REG32(TXQ_SIZE, 0x3c20)
    FIELD(TXQ_SIZE, DESCS, 0, 14)
    FIELD(TXQ_SIZE, SENT_THRESH, 16, 14)
REG32(TXQ_STATUS, 0x3c40)
    FIELD(TXQ_STATUS, PENDING, 0, 14)
    FIELD(TXQ_STATUS, SENT, 16, 14)
REG32(TXQ_UPDATE, 0x3c60)
    FIELD(TXQ_UPDATE, ADD_PENDING, 0, 8)
    FIELD(TXQ_UPDATE, DEC_SENT, 16, 8)
REG32(PORT_TX_RESET, 0x3cf0)
    FIELD(PORT_TX_RESET, DMA, 0, 1)
REG32(TXQ_CMD1, 0x3e00)
REG32(TX_MTU, 0x3e0c)
REG32(TX_TOKEN_SIZE, 0x3e14)
REG32(TXQ_TOKEN_SIZE, 0x3e40)

/* RX descriptor: status word (offset 0) */
#define NETA_RXD_L3_OFFSET_SHIFT    0       /* 7 bits */
#define NETA_RXD_IP_HLEN_SHIFT      8       /* 5 bits, 32-bit words */
#define NETA_RXD_ERR_SUMMARY        (1u << 16)
#define NETA_RXD_ERR_CRC            (0u << 17)
#define NETA_RXD_ERR_OVERRUN        (1u << 17)
#define NETA_RXD_ERR_LEN            (2u << 17)
#define NETA_RXD_ERR_RESOURCE       (3u << 17)
#define NETA_RXD_VLAN               (1u << 19)
#define NETA_RXD_L4_TCP             (0u << 21)
#define NETA_RXD_L4_UDP             (1u << 21)
#define NETA_RXD_L4_OTHER           (2u << 21)
#define NETA_RXD_IP4                (1u << 24)
#define NETA_RXD_IP4_HDR_OK         (1u << 25)
#define NETA_RXD_LAST               (1u << 26)
#define NETA_RXD_FIRST              (1u << 27)
#define NETA_RXD_L4_CSUM_OK         (1u << 30)
#define NETA_RXD_IP4_FRAG           (1u << 31)

/* RX descriptor byte offsets */
#define NETA_RXD_STATUS             0
#define NETA_RXD_DATA_SIZE          6
#define NETA_RXD_BUF_ADDR           8

/* TX descriptor: command word (offset 0) */
#define NETA_TXD_L3_OFFSET_MASK     0x7f
#define NETA_TXD_IP_HLEN_SHIFT      8
#define NETA_TXD_IP_HLEN_MASK       0x1f
#define NETA_TXD_L4_UDP             (1u << 16)
#define NETA_TXD_L3_IP6             (1u << 17)
#define NETA_TXD_IP_CSUM            (1u << 18)
#define NETA_TXD_Z_PAD              (1u << 19)
#define NETA_TXD_LAST               (1u << 20)
#define NETA_TXD_FIRST              (1u << 21)
#define NETA_TXD_L4_CSUM_SHIFT      30
#define NETA_TXD_L4_CSUM_PART       0
#define NETA_TXD_L4_CSUM_FULL       1
#define NETA_TXD_L4_CSUM_NOT        2

/* TX descriptor byte offsets */
#define NETA_TXD_COMMAND            0
#define NETA_TXD_DATA_SIZE          6
#define NETA_TXD_BUF_ADDR           8

#endif
