/*
 * Marvell NETA gigabit Ethernet port: device core
 *
 * Register file, RX and TX descriptor rings, destination address
 * filtering, checksum parsing and insertion, interrupt causes and the
 * clear-on-read MIB counters.
 *
 * Ring protocol, as seen by the driver:
 *  - RX: the driver hands free descriptors to the port by adding to the
 *    non-occupied count; the port fills them in ring order, each one with
 *    the buffer address the driver left in it, and adds to the occupied
 *    count; the driver gives them back by subtracting from it.
 *  - TX: the driver adds descriptors to the pending count; the port sends
 *    them in ring order and adds to the sent count; the driver subtracts
 *    from it once it has reclaimed them.
 *
 * Time, as on the 1 Gb/s line: the TX doorbell makes the port fetch the
 * new descriptors at once, but each frame leaves only after its time on
 * the wire (neta_wire_ns()), from a timer, and only then are its buffers
 * read and its descriptors counted as sent.  Frames arrive at most at
 * line rate; a frame finding no free RX descriptor is dropped and counted
 * as an overrun; a frame spanning buffers has its last descriptor written
 * one buffer-time after the others.  Packet data (not descriptors) goes
 * through the model of the CPU's data cache (marvell_neta_cache.c).
 *
 * Every descriptor walk is bounded by the ring size and the counts, and
 * every guest mistake is logged with LOG_GUEST_ERROR and survived.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qemu/bswap.h"
#include "hw/irq.h"
#include "qapi/error.h"
#include "sysemu/dma.h"
#include "sysemu/runstate.h"
#include "sysemu/cpu-timers.h"
#include "net/checksum.h"
#include "net/eth.h"
#include "marvell_neta_core.h"
#include "marvell_neta_regs.h"
#include "marvell_neta_cache.h"
#include <zlib.h>

#define REG(s, name)            ((s)->regs[A_##name >> 2])
#define QREG(s, name, q)        ((s)->regs[(A_##name >> 2) + (q)])
#define QUEUE_REG(base, addr)   ((addr) >= A_##base && \
                                 (addr) < A_##base + 4 * NETA_QUEUES)

/* Smallest frame on the wire, without FCS. */
#define NETA_MIN_FRAME          60
/* What else a frame takes on the wire: preamble and SFD, inter-frame gap. */
#define NETA_PREAMBLE           8
#define NETA_IFG                12
/*
 * How far the wire may run ahead of, or behind, the virtual clock: the
 * peer's transmitter catches up in bursts when its timer fires late, and
 * so does our receiver after waiting for the line.
 */
#define NETA_RX_SLACK_NS        (50 * SCALE_US)

/*
 * Nanoseconds a frame of @len bytes (without FCS) takes on the 1 Gb/s
 * line: 672 for the smallest (1.488 Mpps), 12304 for 1514 bytes (81 kpps).
 */
static int64_t neta_wire_ns(size_t len)
{
    return (NETA_PREAMBLE + MAX(len, NETA_MIN_FRAME) + NETA_FCS_LEN +
            NETA_IFG) * 8;
}

static bool neta_port_active(MarvellNetaState *s)
{
    return FIELD_EX32(REG(s, GMAC_CTRL_0), GMAC_CTRL_0, PORT_ENABLE) &&
           !FIELD_EX32(REG(s, GMAC_CTRL_2), GMAC_CTRL_2, PORT_RESET);
}

/*
 * On a port wired to an SGMII SerDes lane the line reaches the MAC only
 * through the PCS, and only while SERDES_CFG gives the lane its protocol.
 * The register comes out of reset (and of a power cut) empty; the emulated
 * board's boot loader brings up no lane, so the driver must set it.
 */
static bool neta_lane_up(MarvellNetaState *s)
{
    return !s->serdes ||
           (REG(s, SERDES_CFG) == NETA_SERDES_SGMII &&
            FIELD_EX32(REG(s, GMAC_CTRL_2), GMAC_CTRL_2, PCS_ENABLE));
}

static bool neta_inband(MarvellNetaState *s)
{
    return FIELD_EX32(REG(s, GMAC_AUTONEG_CONFIG), GMAC_AUTONEG_CONFIG,
                      INBAND_AN);
}

/*
 * In-band negotiation with the SGMII PHY (or switch) at the lane's other
 * end, the line and the lane up (neta_mac_link() checks), completes at
 * once when it can at all: only on a SerDes port (no RGMII in-band status
 * here), with the port's link timer counting the 1 ms clock, which must
 * run at about a millisecond, and in SGMII's form, not 1000BASE-X's.  The
 * partner reports 1000/full.
 */
static bool neta_an_complete(MarvellNetaState *s)
{
    uint32_t clk = REG(s, GMAC_CLOCK_DIVIDER);
    uint32_t div = FIELD_EX32(clk, GMAC_CLOCK_DIVIDER, DIV);
    uint32_t want = s->clock_hz / 1000;

    return s->serdes && FIELD_EX32(clk, GMAC_CLOCK_DIVIDER, ENABLE) &&
           div >= want - want / 10 && div <= want + want / 10 &&
           FIELD_EX32(REG(s, GMAC_CTRL_2), GMAC_CTRL_2, INBAND_AN) &&
           !FIELD_EX32(REG(s, GMAC_CTRL_0), GMAC_CTRL_0, PORT_1000BASE_X);
}

/*
 * Link as the MAC sees it: the line, unless forced down; with in-band
 * negotiation on, once it has completed.
 */
static bool neta_mac_link(MarvellNetaState *s)
{
    return neta_phy_link(s) && neta_lane_up(s) &&
           !FIELD_EX32(REG(s, GMAC_AUTONEG_CONFIG), GMAC_AUTONEG_CONFIG,
                       FORCE_LINK_DOWN) &&
           (!neta_inband(s) || neta_an_complete(s));
}

/*
 * Whether the MAC honours and sends PAUSE frames: as set by hand
 * (SET_FLOW_CTRL), unless 1000BASE-X negotiation resolves it (the partner
 * offers symmetric pause).  SGMII's negotiation carries no pause: there
 * the setting by hand always counts.
 */
bool neta_core_flow_control(MarvellNetaState *s)
{
    uint32_t an = REG(s, GMAC_AUTONEG_CONFIG);

    if (FIELD_EX32(an, GMAC_AUTONEG_CONFIG, AN_FLOW_CTRL) &&
        neta_inband(s) &&
        FIELD_EX32(REG(s, GMAC_CTRL_0), GMAC_CTRL_0, PORT_1000BASE_X)) {
        return FIELD_EX32(an, GMAC_AUTONEG_CONFIG, ADVERT_SYM_PAUSE);
    }
    return FIELD_EX32(an, GMAC_AUTONEG_CONFIG, SET_FLOW_CTRL);
}

static uint32_t neta_rxq_size(MarvellNetaState *s, int q)
{
    return FIELD_EX32(QREG(s, RXQ_SIZE, q), RXQ_SIZE, DESCS);
}

static uint32_t neta_txq_size(MarvellNetaState *s, int q)
{
    return FIELD_EX32(QREG(s, TXQ_SIZE, q), TXQ_SIZE, DESCS);
}

static uint32_t neta_rx_thresh(MarvellNetaState *s, int q)
{
    uint32_t t = FIELD_EX32(QREG(s, RXQ_THRESHOLD, q), RXQ_THRESHOLD,
                            OCCUPIED);

    return MAX(t, 1);
}

static uint32_t neta_tx_thresh(MarvellNetaState *s, int q)
{
    uint32_t t = FIELD_EX32(QREG(s, TXQ_SIZE, q), TXQ_SIZE, SENT_THRESH);

    return MAX(t, 1);
}

/* ---------------------------------------------------------------- IRQ */

/*
 * The causes CPU @cpu is told about.  With one shared line, all of them.
 * In per-CPU mode, those of the RX and TX queues its CPU_MAP register
 * grants it, and the summary of the miscellaneous causes: a queue no CPU
 * is mapped to interrupts no one.
 */
static uint32_t neta_cpu_view(MarvellNetaState *s, int cpu)
{
    uint32_t map;

    if (!s->cpus) {
        return UINT32_MAX;
    }
    map = s->regs[(A_CPU_MAP >> 2) + cpu];
    return R_INTR_NEW_CAUSE_MISC_SUM_MASK |
           FIELD_DP32(0, INTR_NEW_CAUSE, RXQ_OCCUPIED,
                      FIELD_EX32(map, CPU_MAP, RXQ)) |
           FIELD_DP32(0, INTR_NEW_CAUSE, TXQ_SENT,
                      FIELD_EX32(map, CPU_MAP, TXQ));
}

/* The queue causes of NEW_CAUSE, the same for every CPU. */
static uint32_t neta_queue_causes(MarvellNetaState *s)
{
    uint32_t en = REG(s, INTR_ENABLE);
    uint32_t cause = 0;
    int q;

    for (q = 0; q < NETA_QUEUES; q++) {
        NetaRxQueue *rxq = &s->rxq[q];
        NetaTxQueue *txq = &s->txq[q];

        if ((en & (1u << q)) && rxq->occupied &&
            (rxq->occupied >= neta_rx_thresh(s, q) || rxq->time_fired)) {
            cause |= 1u << (R_INTR_NEW_CAUSE_RXQ_OCCUPIED_SHIFT + q);
        }
        if ((en & (1u << (8 + q))) && txq->sent >= neta_tx_thresh(s, q)) {
            cause |= 1u << (R_INTR_NEW_CAUSE_TXQ_SENT_SHIFT + q);
        }
    }
    return cause;
}

/*
 * NEW_CAUSE as CPU @cpu reads it, from the queue causes: its share of
 * them, and the misc summary its own MISC_MASK lets through.
 */
static uint32_t neta_new_cause(MarvellNetaState *s, uint32_t queues, int cpu)
{
    uint32_t cause = queues;

    if (s->misc_cause & s->misc_mask[cpu]) {
        cause |= R_INTR_NEW_CAUSE_MISC_SUM_MASK;
    }
    return cause & neta_cpu_view(s, cpu);
}

static void neta_update_irq(MarvellNetaState *s)
{
    uint32_t queues = neta_queue_causes(s);
    int lines = s->cpus ? s->cpus : 1;
    int i;

    for (i = 0; i < lines; i++) {
        bool level = (neta_new_cause(s, queues, i) & s->new_mask[i]) ||
                     (REG(s, INTR_OLD_CAUSE) & s->old_mask[i]);

        if (level && !s->irq_level[i]) {
            s->stats.irqs++;
        }
        s->irq_level[i] = level;
        qemu_set_irq(s->irq[i], level);
    }
}

static void neta_misc_event(MarvellNetaState *s, uint32_t bits)
{
    s->misc_cause |= bits;
    neta_update_irq(s);
}

/* ---------------------------------------------------------------- DMA */

/* The MBUS windows decide which addresses the port may reach. */
static bool neta_window_ok(MarvellNetaState *s, uint64_t addr, uint64_t len)
{
    uint32_t disabled = REG(s, BASE_ADDR_ENABLE);
    int w;

    for (w = 0; w < NETA_NUM_WINDOWS; w++) {
        uint64_t base, size;

        if (disabled & (1u << w)) {
            continue;
        }
        base = s->regs[(A_WIN_BASE >> 2) + 2 * w] & 0xffff0000u;
        size = (uint64_t)(s->regs[(A_WIN_SIZE >> 2) + 2 * w] | 0xffff) + 1;
        if (addr >= base && addr + len <= base + size) {
            return true;
        }
    }
    return false;
}

static void neta_guest_error(MarvellNetaState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

bool neta_log_admit(NetaLogLimit *l, const char *who)
{
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);

    if (now - l->window_ms >= 1000) {
        if (l->suppressed) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %u more guest errors not "
                          "shown\n", who, l->suppressed);
        }
        l->window_ms = now;
        l->in_window = 0;
        l->suppressed = 0;
    }
    if (++l->in_window > NETA_LOG_BURST) {
        l->suppressed++;
        return false;
    }
    return true;
}

/*
 * Log a guest mistake.  A guest that keeps making them gets at most
 * NETA_LOG_BURST lines a second, then a count of what was left out.
 */
static void neta_guest_error(MarvellNetaState *s, const char *fmt, ...)
{
    const char *name = object_get_canonical_path_component(OBJECT(s));
    va_list ap;
    char *msg;

    s->stats.guest_errors++;
    if (!neta_log_admit(&s->log, name)) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log_mask(LOG_GUEST_ERROR, "%s: %s\n", name, msg);
    g_free(msg);
}

/* DMA only ever lands in RAM; checked without the memory core's logging. */
static bool neta_dma_is_ram(MarvellNetaState *s, uint64_t addr, uint64_t len,
                            bool is_write)
{
    MemoryRegion *mr;
    hwaddr xlat, l = len;

    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(&s->dma_as, addr, &xlat, &l, is_write,
                                 MEMTXATTRS_UNSPECIFIED);
    return memory_region_is_ram(mr) && l >= len;
}

static bool neta_dma(MarvellNetaState *s, uint64_t addr, void *buf,
                     uint64_t len, DMADirection dir)
{
    MemTxResult r;

    if (!len) {
        return true;
    }
    if (!neta_window_ok(s, addr, len)) {
        neta_guest_error(s, "DMA 0x%" PRIx64 "+%" PRIu64
                         " outside every MBUS window", addr, len);
        neta_misc_event(s, R_INTR_MISC_CAUSE_INTERNAL_ADDR_ERR_MASK);
        return false;
    }
    if (!neta_dma_is_ram(s, addr, len, dir == DMA_DIRECTION_FROM_DEVICE)) {
        neta_guest_error(s, "DMA %s 0x%" PRIx64 "+%" PRIu64 " outside RAM",
                         dir == DMA_DIRECTION_TO_DEVICE ? "read" : "write",
                         addr, len);
        neta_misc_event(s, R_INTR_MISC_CAUSE_INTERNAL_ADDR_ERR_MASK);
        return false;
    }
    r = dma_memory_rw(&s->dma_as, addr, buf, len, dir,
                      MEMTXATTRS_UNSPECIFIED);
    if (r != MEMTX_OK) {
        neta_guest_error(s, "DMA %s 0x%" PRIx64 "+%" PRIu64 " failed",
                         dir == DMA_DIRECTION_TO_DEVICE ? "read" : "write",
                         addr, len);
        neta_misc_event(s, R_INTR_MISC_CAUSE_INTERNAL_ADDR_ERR_MASK);
        return false;
    }
    return true;
}

/*
 * Packet data, as opposed to descriptors: on a non-coherent board it
 * goes through the model of the CPU's data cache (marvell_neta_cache.c).
 * Descriptor rings live in memory the kernel maps non-cacheable, so they
 * take neta_dma() directly.
 */
static bool neta_dma_buf(MarvellNetaState *s, uint64_t addr, void *buf,
                         uint64_t len, DMADirection dir)
{
    MemoryRegion *mr;
    hwaddr xlat, l = len;
    uint8_t *host;
    unsigned bad;

    if (!s->cache || !len) {
        return neta_dma(s, addr, buf, len, dir);
    }
    if (!neta_window_ok(s, addr, len) ||
        !neta_dma_is_ram(s, addr, len, dir == DMA_DIRECTION_FROM_DEVICE)) {
        return neta_dma(s, addr, buf, len, dir);    /* logs and fails */
    }
    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(&s->dma_as, addr, &xlat, &l,
                                 dir == DMA_DIRECTION_FROM_DEVICE,
                                 MEMTXATTRS_UNSPECIFIED);
    host = (uint8_t *)memory_region_get_ram_ptr(mr) + xlat;
    if (mr != s->ram || !neta_cache_covers(s->cache, host, len)) {
        return neta_dma(s, addr, buf, len, dir);
    }
    if (dir == DMA_DIRECTION_FROM_DEVICE) {
        bad = neta_cache_port_write(s->cache, host, buf, len);
    } else {
        bad = neta_cache_port_read(s->cache, host, buf, len);
    }
    s->stats.cache_errors += bad;
    return true;
}

/* ---------------------------------------------------------------- MIB */

static void mib_add(MarvellNetaState *s, unsigned int off, uint32_t n)
{
    s->mib[off >> 2] += n;
}

static void mib_add64(MarvellNetaState *s, unsigned int off, uint64_t n)
{
    uint64_t v = ((uint64_t)s->mib[(off >> 2) + 1] << 32) | s->mib[off >> 2];

    v += n;
    s->mib[off >> 2] = v;
    s->mib[(off >> 2) + 1] = v >> 32;
}

static void mib_size_bucket(MarvellNetaState *s, size_t wire_len)
{
    unsigned int off;

    if (wire_len <= 64) {
        off = NETA_MIB_FRAMES_64;
    } else if (wire_len <= 127) {
        off = NETA_MIB_FRAMES_65_127;
    } else if (wire_len <= 255) {
        off = NETA_MIB_FRAMES_128_255;
    } else if (wire_len <= 511) {
        off = NETA_MIB_FRAMES_256_511;
    } else if (wire_len <= 1023) {
        off = NETA_MIB_FRAMES_512_1023;
    } else {
        off = NETA_MIB_FRAMES_1024_MAX;
    }
    mib_add(s, off, 1);
}

/* Clear on read; a 64-bit counter latches its high word on the low read. */
static uint32_t mib_read(MarvellNetaState *s, unsigned int off)
{
    unsigned int idx = off >> 2;
    uint32_t v;

    switch (off) {
    case NETA_MIB_GOOD_OCTETS_RX + 4:
        v = s->mib_latched_high[0];
        s->mib_latched_high[0] = 0;
        return v;
    case NETA_MIB_GOOD_OCTETS_TX + 4:
        v = s->mib_latched_high[1];
        s->mib_latched_high[1] = 0;
        return v;
    case NETA_MIB_GOOD_OCTETS_RX:
    case NETA_MIB_GOOD_OCTETS_TX:
        s->mib_latched_high[off == NETA_MIB_GOOD_OCTETS_TX] = s->mib[idx + 1];
        s->mib[idx + 1] = 0;
        break;
    }
    v = s->mib[idx];
    s->mib[idx] = 0;
    return v;
}

/* ---------------------------------------------------------------- RX */

static bool neta_rx_ring_ok(MarvellNetaState *s, int q)
{
    uint32_t size = neta_rxq_size(s, q);

    if (!size || !QREG(s, RXQ_BASE, q)) {
        neta_guest_error(s, "rxq%d enabled without a ring", q);
        return false;
    }
    return true;
}

/* Bytes one RX buffer holds from where the frame starts in it. */
static uint32_t neta_rx_buf_room(MarvellNetaState *s, int q)
{
    uint32_t buf = FIELD_EX32(QREG(s, RXQ_SIZE, q), RXQ_SIZE, BUF_SIZE) << 3;
    uint32_t off = FIELD_EX32(QREG(s, RXQ_CONFIG, q), RXQ_CONFIG,
                              PKT_OFFSET) << 3;

    return buf > off ? buf - off : 0;
}

static uint8_t neta_da_entry(MarvellNetaState *s, hwaddr table, unsigned idx)
{
    return s->regs[(table >> 2) + idx / 4] >> (8 * (idx % 4));
}

/* Same CRC-8 (x^8 + x^2 + x + 1) over the DA that indexes the table. */
static uint8_t neta_mcast_crc8(const uint8_t *da)
{
    unsigned int crc = 0;
    int i, j;

    for (i = 0; i < ETH_ALEN; i++) {
        crc = (crc ^ da[i]) << 8;
        for (j = 7; j >= 0; j--) {
            if (crc & (0x100u << j)) {
                crc ^= 0x107u << j;
            }
        }
    }
    return crc;
}

/* Returns the RX queue that accepts the frame, or -1. */
static int neta_rx_filter(MarvellNetaState *s, const uint8_t *da)
{
    uint32_t cfg = REG(s, PORT_CONFIG);
    int def = FIELD_EX32(cfg, PORT_CONFIG, RXQ_DEF);
    uint8_t e;

    if (is_broadcast_ether_addr(da)) {
        return FIELD_EX32(cfg, PORT_CONFIG, REJECT_BCAST) ? -1 : def;
    }
    if (is_multicast_ether_addr(da)) {
        static const uint8_t special[5] = { 0x01, 0x00, 0x5e, 0x00, 0x00 };

        if (!memcmp(da, special, sizeof(special))) {
            e = neta_da_entry(s, A_DA_FILT_SPEC_MCAST, da[5]);
        } else {
            e = neta_da_entry(s, A_DA_FILT_OTH_MCAST, neta_mcast_crc8(da));
        }
    } else {
        uint32_t hi = REG(s, MAC_ADDR_HIGH);
        uint32_t lo = REG(s, MAC_ADDR_LOW);

        if (FIELD_EX32(cfg, PORT_CONFIG, UPM)) {
            return def;
        }
        /* The upper 44 bits must be ours; the low nibble picks an entry. */
        if (ldl_be_p(da) != hi || da[4] != ((lo >> 8) & 0xff) ||
            (da[5] & 0xf0) != (lo & 0xf0)) {
            return -1;
        }
        e = neta_da_entry(s, A_DA_FILT_UCAST, da[5] & 0xf);
    }
    if (!(e & NETA_DA_ENTRY_ACCEPT)) {
        return -1;
    }
    return (e >> NETA_DA_ENTRY_QUEUE_SHIFT) & NETA_DA_ENTRY_QUEUE_MASK;
}

static bool neta_l4_csum_ok(const uint8_t *ip, const uint8_t *l4,
                            uint16_t l4_len, uint8_t proto)
{
    uint32_t sum;

    if (proto == IP_PROTO_UDP && lduw_be_p(l4 + 6) == 0) {
        return true;                /* no checksum carried */
    }
    sum = net_checksum_add(8, (uint8_t *)ip + 12);
    sum += proto + l4_len;
    sum += net_checksum_add(l4_len, (uint8_t *)l4);
    return net_checksum_finish(sum) == 0;
}

/* Legacy parser: status bits describing L2/L3/L4 of a received frame. */
static uint32_t neta_rx_parse(const uint8_t *f, size_t len)
{
    size_t l3 = ETH_HLEN;
    uint16_t type = lduw_be_p(f + 12);
    uint32_t st = 0;
    const uint8_t *ip;
    unsigned int ihl;
    uint16_t tot, frag;
    uint8_t proto;

    if (type == ETH_P_VLAN && len >= ETH_HLEN + 4) {
        st |= NETA_RXD_VLAN;
        type = lduw_be_p(f + 16);
        l3 += 4;
    }
    if (type != ETH_P_IP || len < l3 + 20) {
        return st | NETA_RXD_L4_OTHER;
    }
    ip = f + l3;
    ihl = (ip[0] & 0xf) * 4;
    tot = lduw_be_p(ip + 2);
    if ((ip[0] >> 4) != 4 || ihl < 20 || tot < ihl || l3 + tot > len) {
        return st | NETA_RXD_L4_OTHER;
    }
    st |= NETA_RXD_IP4 | (l3 << NETA_RXD_L3_OFFSET_SHIFT) |
          ((ihl / 4) << NETA_RXD_IP_HLEN_SHIFT);
    if (net_raw_checksum((uint8_t *)ip, ihl) == 0) {
        st |= NETA_RXD_IP4_HDR_OK;
    }
    proto = ip[9];
    st |= proto == IP_PROTO_TCP ? NETA_RXD_L4_TCP :
          proto == IP_PROTO_UDP ? NETA_RXD_L4_UDP : NETA_RXD_L4_OTHER;
    frag = lduw_be_p(ip + 6);
    if (frag & 0x3fff) {
        return st | NETA_RXD_IP4_FRAG;
    }
    if ((proto == IP_PROTO_TCP && tot - ihl >= 20) ||
        (proto == IP_PROTO_UDP && tot - ihl >= 8)) {
        if (neta_l4_csum_ok(ip, ip + ihl, tot - ihl, proto)) {
            st |= NETA_RXD_L4_CSUM_OK;
        }
    }
    return st;
}

static void neta_rx_arm_coal(MarvellNetaState *s, int q)
{
    NetaRxQueue *rxq = &s->rxq[q];
    uint32_t cycles = QREG(s, RXQ_TIME_COAL, q);
    int64_t ns;

    if (rxq->time_fired || timer_pending(rxq->coal_timer)) {
        return;
    }
    if (!cycles || !s->clock_hz) {
        rxq->time_fired = true;
        return;
    }
    ns = muldiv64(cycles, NANOSECONDS_PER_SECOND, s->clock_hz);
    timer_mod(rxq->coal_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

void neta_core_rx_coal_expired(MarvellNetaState *s, int q)
{
    if (s->rxq[q].occupied) {
        s->rxq[q].time_fired = true;
        neta_update_irq(s);
    }
}

/* Write back a completed RX descriptor: from now on the driver sees it. */
static bool neta_rx_desc_done(MarvellNetaState *s, int q, uint64_t desc,
                              uint32_t status, uint16_t len)
{
    uint8_t d[8];

    stl_le_p(d, status);
    stw_le_p(d + 4, 0);
    stw_le_p(d + NETA_RXD_DATA_SIZE, len);
    if (!neta_dma(s, desc, d, sizeof(d), DMA_DIRECTION_FROM_DEVICE)) {
        return false;
    }
    s->rxq[q].occupied++;
    return true;
}

/*
 * Write one frame (already prefixed with the Marvell header and followed
 * by its FCS) into the ring, one buffer per descriptor.
 */
static bool neta_rx_store(MarvellNetaState *s, int q, const uint8_t *data,
                          size_t len, uint32_t status, unsigned int ndesc)
{
    NetaRxQueue *rxq = &s->rxq[q];
    uint32_t size = neta_rxq_size(s, q);
    uint32_t room = neta_rx_buf_room(s, q);
    uint32_t off = FIELD_EX32(QREG(s, RXQ_CONFIG, q), RXQ_CONFIG,
                              PKT_OFFSET) << 3;
    uint64_t base = QREG(s, RXQ_BASE, q);
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < ndesc; i++) {
        uint64_t desc = base + (uint64_t)rxq->head * NETA_DESC_SIZE;
        size_t chunk = MIN(len - done, room);
        uint32_t buf, st = status;

        if (!neta_dma(s, desc + NETA_RXD_BUF_ADDR, &buf, 4,
                      DMA_DIRECTION_TO_DEVICE)) {
            return false;
        }
        buf = le32_to_cpu(buf);
        if (!neta_dma_buf(s, (uint64_t)buf + off, (uint8_t *)data + done,
                          chunk, DMA_DIRECTION_FROM_DEVICE)) {
            neta_guest_error(s, "rxq%d desc %u: bad buffer 0x%x",
                             q, rxq->head, buf);
            st |= NETA_RXD_ERR_SUMMARY | NETA_RXD_ERR_RESOURCE;
            chunk = 0;
        }
        if (i == 0) {
            st |= NETA_RXD_FIRST;
        }
        if (i == ndesc - 1) {
            st |= NETA_RXD_LAST;
        }
        /* The first descriptor reports the whole frame, the others theirs. */
        if (i > 0 && i == ndesc - 1) {
            /*
             * The last buffer of a frame spanning several is complete
             * only once its bytes have come off the wire: the driver
             * may see the frame's first descriptors without it.
             */
            s->rx_last_due = true;
            s->rx_last_shown = i;
            s->rx_last_split = false;
            s->rx_last_q = q;
            s->rx_last_status = st;
            s->rx_last_len = chunk;
            s->rx_last_desc = desc;
            timer_mod(s->rx_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                      chunk * 8 +
                      (int64_t)s->faults.rx_last_delay_us * SCALE_US);
        } else if (!neta_rx_desc_done(s, q, desc, st, i == 0 ? len : chunk)) {
            return false;
        }
        done += chunk;
        rxq->head = rxq->head + 1 >= size ? 0 : rxq->head + 1;
        rxq->non_occupied--;
    }
    return true;
}

/* The deferred last descriptor of a multi-buffer frame is due. */
void neta_core_rx_timer(MarvellNetaState *s)
{
    if (s->rx_last_due) {
        s->rx_last_due = false;
        neta_rx_desc_done(s, s->rx_last_q, s->rx_last_desc,
                          s->rx_last_status, s->rx_last_len);
        if (s->rxq[s->rx_last_q].occupied < neta_rx_thresh(s, s->rx_last_q)) {
            neta_rx_arm_coal(s, s->rx_last_q);
        }
        neta_update_irq(s);
    }
    qemu_flush_queued_packets(qemu_get_queue(s->nic));
}

/*
 * Would this frame find its RX ring without room, and wait for it?  Only
 * with the rx-lossless property: silicon drops it (see "overrun" below).
 */
static bool neta_rx_must_wait(MarvellNetaState *s, const uint8_t *buf,
                              size_t size)
{
    size_t data_len = NETA_MH_SIZE + MAX(size, NETA_MIN_FRAME) + NETA_FCS_LEN;
    uint32_t room, size_q;
    int q;

    if (!s->rx_lossless || s->faults.rx_overrun) {
        return false;
    }
    q = neta_rx_filter(s, buf);
    if (q < 0 || !(REG(s, RXQ_CMD) & (1u << q))) {
        return false;
    }
    room = neta_rx_buf_room(s, q);
    size_q = neta_rxq_size(s, q);
    if (room < 64 || !size_q || !QREG(s, RXQ_BASE, q)) {
        return false;       /* dropped, and logged, further on */
    }
    return s->rxq[q].non_occupied < MIN(DIV_ROUND_UP(data_len, room), size_q);
}

ssize_t neta_core_receive(MarvellNetaState *s, const uint8_t *buf,
                          size_t size)
{
    uint8_t *f = s->rx_frame;
    size_t len = size, wire_len, data_len;
    uint32_t max_rx, status = 0, room;
    unsigned int ndesc;
    bool crc_err = false, oversize;
    int64_t now;
    int q;

    if (!neta_port_active(s) || !neta_mac_link(s) ||
        size > NETA_MAX_FRAME - NETA_MH_SIZE - NETA_FCS_LEN) {
        s->stats.rx_dropped++;
        return size;
    }
    if (size < ETH_HLEN) {
        mib_add(s, NETA_MIB_UNDERSIZE_RX, 1);
        s->stats.rx_dropped++;
        return size;
    }

    /*
     * At most at line rate: while the wire is still carrying earlier
     * frames (or the last buffer of one), the frame waits in QEMU's queue
     * and the timer calls for it.  Nothing is counted before this, so a
     * frame is counted once however often it is offered.
     */
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (s->rx_last_due) {
        return 0;       /* the timer is set for that last buffer */
    }
    if (s->rx_free_ns > now + NETA_RX_SLACK_NS) {
        s->stats.rx_paced++;
        timer_mod(s->rx_timer, s->rx_free_ns - NETA_RX_SLACK_NS);
        return 0;
    }
    if (neta_rx_must_wait(s, buf, size)) {
        return 0;       /* rx-lossless only */
    }
    /*
     * The wire time runs on from where the last frame ended, up to the
     * slack in the past: a timer that fired late must not cost line rate.
     */
    s->rx_free_ns = MAX(s->rx_free_ns, now - NETA_RX_SLACK_NS) +
                    neta_wire_ns(size);

    /* The frame as it lands in memory: Marvell header, frame, FCS. */
    memset(f, 0, NETA_MH_SIZE);
    memcpy(f + NETA_MH_SIZE, buf, size);
    if (len < NETA_MIN_FRAME) {
        memset(f + NETA_MH_SIZE + len, 0, NETA_MIN_FRAME - len);
        len = NETA_MIN_FRAME;
    }
    stl_le_p(f + NETA_MH_SIZE + len, crc32(0, f + NETA_MH_SIZE, len));
    wire_len = len + NETA_FCS_LEN;
    data_len = NETA_MH_SIZE + wire_len;

    max_rx = FIELD_EX32(REG(s, GMAC_CTRL_0), GMAC_CTRL_0, MAX_RX_SIZE) * 2;
    oversize = wire_len > max_rx;
    if (s->faults.rx_oversize) {
        s->faults.rx_oversize--;
        oversize = true;
    }
    if (oversize) {
        mib_add(s, NETA_MIB_OVERSIZE_RX, 1);
        mib_add(s, NETA_MIB_BAD_FRAMES_RX, 1);
        mib_add(s, NETA_MIB_BAD_OCTETS_RX, wire_len);
        s->stats.rx_dropped++;
        neta_misc_event(s, R_INTR_MISC_CAUSE_RX_LARGE_PKT_MASK);
        return size;
    }
    if (s->faults.rx_crc) {
        s->faults.rx_crc--;
        crc_err = true;
        f[NETA_MH_SIZE + len] ^= 0xff;     /* the FCS that arrived */
        mib_add(s, NETA_MIB_BAD_CRC, 1);
        mib_add(s, NETA_MIB_BAD_FRAMES_RX, 1);
        mib_add(s, NETA_MIB_BAD_OCTETS_RX, wire_len);
    } else {
        mib_add(s, NETA_MIB_GOOD_FRAMES_RX, 1);
        mib_add64(s, NETA_MIB_GOOD_OCTETS_RX, wire_len);
        if (is_broadcast_ether_addr(buf)) {
            mib_add(s, NETA_MIB_BCAST_FRAMES_RX, 1);
        } else if (is_multicast_ether_addr(buf)) {
            mib_add(s, NETA_MIB_MCAST_FRAMES_RX, 1);
        }
    }
    mib_size_bucket(s, wire_len);

    q = neta_rx_filter(s, buf);
    if (q < 0) {
        s->stats.rx_filtered++;
        return size;
    }
    if (!(REG(s, RXQ_CMD) & (1u << q)) || !neta_rx_ring_ok(s, q)) {
        s->rx_discard++;
        s->stats.rx_dropped++;
        return size;
    }
    if (s->faults.rx_overrun) {
        s->faults.rx_overrun--;
        goto overrun;
    }

    room = neta_rx_buf_room(s, q);
    if (room < 64) {
        neta_guest_error(s, "rxq%d buffer size %u too small", q, room);
        s->rx_discard++;
        return size;
    }
    if (crc_err) {
        status = NETA_RXD_ERR_SUMMARY | NETA_RXD_ERR_CRC;
        neta_misc_event(s, R_INTR_MISC_CAUSE_RX_CRC_ERROR_MASK);
    } else if (s->faults.rx_resource) {
        s->faults.rx_resource--;
        status = NETA_RXD_ERR_SUMMARY | NETA_RXD_ERR_RESOURCE;
    } else {
        status = neta_rx_parse(f + NETA_MH_SIZE, len);
    }
    /* Error frames take a single descriptor, cut to one buffer. */
    if (status & NETA_RXD_ERR_SUMMARY) {
        data_len = MIN(data_len, room);
    }
    ndesc = DIV_ROUND_UP(data_len, room);
    if (ndesc > neta_rxq_size(s, q)) {
        neta_guest_error(s, "rxq%d: %zu-byte frame needs %u descriptors, "
                         "ring has %u", q, data_len, ndesc,
                         neta_rxq_size(s, q));
        s->rx_discard++;
        return size;
    }
    if (s->rxq[q].non_occupied < ndesc) {
        goto overrun;   /* no free descriptor: the frame is lost */
    }
    if (neta_rx_store(s, q, f, data_len, status, ndesc)) {
        s->stats.rx_delivered++;
    } else {
        s->rx_discard++;
    }
    if (s->rxq[q].occupied < neta_rx_thresh(s, q)) {
        neta_rx_arm_coal(s, q);
    }
    neta_update_irq(s);
    return size;

overrun:
    s->rx_overrun++;
    s->stats.rx_overruns++;
    s->stats.rx_dropped++;
    neta_misc_event(s, R_INTR_MISC_CAUSE_RX_OVERRUN_MASK);
    return size;
}

static void neta_rx_status_update(MarvellNetaState *s, int q, uint32_t val)
{
    NetaRxQueue *rxq = &s->rxq[q];
    uint32_t dec = FIELD_EX32(val, RXQ_STATUS_UPDATE, DEC_OCCUPIED);
    uint32_t add = FIELD_EX32(val, RXQ_STATUS_UPDATE, ADD_NON_OCCUPIED);
    uint32_t size = neta_rxq_size(s, q);

    if (dec > rxq->occupied) {
        neta_guest_error(s, "rxq%d: returns %u descriptors, %u occupied",
                         q, dec, rxq->occupied);
        dec = rxq->occupied;
    }
    rxq->occupied -= dec;
    s->stats.rx_processed += dec;
    /*
     * The frame whose last descriptor is still to come holds the ring's
     * newest occupied descriptors: fewer left than it has written means
     * the driver took up the frame before its end (it must keep it for
     * its next poll).  Counted once a frame.
     */
    if (s->rx_last_due && s->rx_last_q == q && !s->rx_last_split &&
        rxq->occupied < s->rx_last_shown) {
        s->rx_last_split = true;
        s->stats.rx_split++;
    }
    if (rxq->occupied + rxq->non_occupied + add > size) {
        neta_guest_error(s, "rxq%d: %u+%u+%u descriptors exceed ring of %u",
                         q, rxq->occupied, rxq->non_occupied, add, size);
        add = size > rxq->occupied + rxq->non_occupied ?
              size - rxq->occupied - rxq->non_occupied : 0;
    }
    rxq->non_occupied += add;
    if (!rxq->occupied) {
        rxq->time_fired = false;
        timer_del(rxq->coal_timer);
    } else if (rxq->occupied < neta_rx_thresh(s, q)) {
        neta_rx_arm_coal(s, q);
    }
    if (add) {
        qemu_flush_queued_packets(qemu_get_queue(s->nic));
    }
}

/*
 * Frames held back while the ring was full must not arrive later, into a
 * port that has since stopped: once reception stops they go through the
 * receive path again, which now drops them, as the wire would have.
 */
static void neta_rx_stopped(MarvellNetaState *s)
{
    qemu_flush_or_purge_queued_packets(qemu_get_queue(s->nic), true);
}

static void neta_rx_reset(MarvellNetaState *s)
{
    int q;

    for (q = 0; q < NETA_QUEUES; q++) {
        s->rxq[q].head = 0;
        s->rxq[q].occupied = 0;
        s->rxq[q].non_occupied = 0;
        s->rxq[q].time_fired = false;
        timer_del(s->rxq[q].coal_timer);
    }
    s->rx_last_due = false;
}

/* ---------------------------------------------------------------- TX */

static void neta_tx_csum(MarvellNetaState *s, uint8_t *f, size_t len,
                         uint32_t cmd)
{
    unsigned int l3 = cmd & NETA_TXD_L3_OFFSET_MASK;
    unsigned int ihl = ((cmd >> NETA_TXD_IP_HLEN_SHIFT) &
                        NETA_TXD_IP_HLEN_MASK) * 4;
    unsigned int l4csum = (cmd >> NETA_TXD_L4_CSUM_SHIFT) & 3;
    bool udp = cmd & NETA_TXD_L4_UDP;
    uint8_t *ip = f + l3;
    uint8_t *l4;
    uint32_t sum;
    size_t l4_len;
    unsigned int csum_off;

    if (!(cmd & NETA_TXD_IP_CSUM) && l4csum != NETA_TXD_L4_CSUM_FULL) {
        return;
    }
    if (l3 + ihl > len || ihl < 20) {
        neta_guest_error(s, "TX checksum: L3 offset %u, header %u, frame %zu",
                         l3, ihl, len);
        return;
    }
    /*
     * The engine holds a whole packet: one beyond its size leaves as the
     * driver wrote it, its checksums not filled in.
     */
    if (s->tx_csum_limit && len - l3 > s->tx_csum_limit) {
        neta_guest_error(s, "TX checksum asked for a %zu-byte packet, "
                         "beyond the engine's %u", len - l3,
                         s->tx_csum_limit);
        return;
    }
    if ((cmd & NETA_TXD_IP_CSUM) && !(cmd & NETA_TXD_L3_IP6)) {
        stw_be_p(ip + 10, 0);
        stw_be_p(ip + 10, net_raw_checksum(ip, ihl));
    }
    if (l4csum != NETA_TXD_L4_CSUM_FULL) {
        return;
    }
    l4 = ip + ihl;
    l4_len = len - l3 - ihl;
    if (!(cmd & NETA_TXD_L3_IP6)) {
        size_t tot = lduw_be_p(ip + 2);

        if (tot >= ihl && l3 + tot <= len) {
            l4_len = tot - ihl;     /* ignore Ethernet padding */
        }
    }
    csum_off = udp ? 6 : 16;
    if (l4_len < csum_off + 2) {
        neta_guest_error(s, "TX checksum: L4 segment of %zu bytes", l4_len);
        return;
    }
    stw_be_p(l4 + csum_off, 0);
    if (cmd & NETA_TXD_L3_IP6) {
        sum = net_checksum_add(32, ip + 8);
        sum += (uint32_t)(l4_len >> 16) + (l4_len & 0xffff);
        sum += udp ? IP_PROTO_UDP : IP_PROTO_TCP;
    } else {
        sum = net_checksum_add(8, ip + 12);
        sum += (udp ? IP_PROTO_UDP : IP_PROTO_TCP) + l4_len;
    }
    sum += net_checksum_add(l4_len, l4);
    sum = net_checksum_finish(sum);
    if (udp && sum == 0) {
        sum = 0xffff;
    }
    stw_be_p(l4 + csum_off, sum);
}

/* Descriptors @q completes: the frame they carried has left. */
static void neta_tx_complete(MarvellNetaState *s, int q, uint32_t ndesc)
{
    NetaTxQueue *txq = &s->txq[q];
    uint32_t size = neta_txq_size(s, q);

    ndesc = MIN(ndesc, txq->pending);   /* a reset may have come between */
    if (size) {
        txq->head = (txq->head + ndesc) % size;
    }
    txq->pending -= ndesc;
    txq->sent += ndesc;
}

static void neta_tx_sent_cb(NetClientState *nc, ssize_t len)
{
    MarvellNetaState *s = qemu_get_nic_opaque(nc);

    if (s->tx_waiting) {
        s->tx_waiting = false;
        neta_tx_complete(s, s->tx_wait_q, s->tx_wait_ndesc);
        neta_update_irq(s);
    }
    qemu_bh_schedule(s->tx_bh);
}

/*
 * Put a frame on the line.  Returns false when the peer could not take
 * it at once: it holds the frame and calls neta_tx_sent_cb() when it has.
 */
static bool neta_tx_emit(MarvellNetaState *s, uint8_t *f, size_t len,
                         uint32_t cmd)
{
    size_t wire_len;

    neta_tx_csum(s, f, len, cmd);
    if ((cmd & NETA_TXD_Z_PAD) && len < NETA_MIN_FRAME) {
        memset(f + len, 0, NETA_MIN_FRAME - len);
        len = NETA_MIN_FRAME;
    }
    if (!neta_mac_link(s)) {
        s->stats.tx_link_down++;
        return true;
    }
    wire_len = MAX(len, NETA_MIN_FRAME) + NETA_FCS_LEN;
    mib_add(s, NETA_MIB_GOOD_FRAMES_TX, 1);
    mib_add64(s, NETA_MIB_GOOD_OCTETS_TX, wire_len);
    if (len >= ETH_ALEN && is_broadcast_ether_addr(f)) {
        mib_add(s, NETA_MIB_BCAST_FRAMES_TX, 1);
    } else if (len >= ETH_ALEN && is_multicast_ether_addr(f)) {
        mib_add(s, NETA_MIB_MCAST_FRAMES_TX, 1);
    }
    s->stats.tx_frames++;
    if (!qemu_send_packet_async(qemu_get_queue(s->nic), f, len,
                                neta_tx_sent_cb)) {
        s->stats.tx_refused++;
        return false;
    }
    return true;
}

/*
 * The next frame of @q, from the descriptors the port fetched: how many
 * descriptors it spans and how many bytes it carries.  False while its
 * last descriptor has not been handed over; *bad when it cannot be sent
 * (no first bit, a descriptor that could not be fetched, too long).
 */
static bool neta_tx_frame(MarvellNetaState *s, int q, uint32_t *ndesc,
                          size_t *len, bool *bad)
{
    NetaTxQueue *txq = &s->txq[q];
    uint32_t size = neta_txq_size(s, q), idx = txq->head, n;

    *len = 0;
    *bad = false;
    for (n = 0; n < txq->pending; n++) {
        NetaTxDesc *d = &txq->desc[idx];

        if (d->bad) {
            *bad = true;
        } else if (n == 0 && !(d->cmd & NETA_TXD_FIRST)) {
            neta_guest_error(s, "txq%d desc %u: no first bit", q, idx);
            *bad = true;
        } else if (*len + d->len > NETA_MAX_FRAME - NETA_FCS_LEN) {
            if (!*bad) {
                neta_guest_error(s, "txq%d: frame over %d bytes",
                                 q, NETA_MAX_FRAME);
            }
            *bad = true;
        } else {
            *len += d->len;
        }
        idx = idx + 1 >= size ? 0 : idx + 1;
        /* A descriptor that could not be fetched ends the frame. */
        if (d->bad || (d->cmd & NETA_TXD_LAST)) {
            *ndesc = n + 1;
            return true;
        }
    }
    return false;
}

/*
 * Pick the next frame for the wire: the highest queue with one ready.
 * False when there is none, or when the transmitter is held (then the
 * timer calls again when the hold ends).
 */
static bool neta_tx_start(MarvellNetaState *s, int64_t now)
{
    uint32_t en = FIELD_EX32(REG(s, TXQ_CMD), TXQ_CMD, ENABLE);
    int q;

    if (!neta_port_active(s) || REG(s, PORT_TX_RESET)) {
        return false;
    }
    /*
     * Injected: the link partner holds the transmitter (as a PAUSE frame
     * or a congested switch port would), from the next frame on.
     */
    if (s->faults.tx_hold_us) {
        s->tx.hold_ns = now + (int64_t)s->faults.tx_hold_us * SCALE_US;
        s->faults.tx_hold_us = 0;
    }
    if (now < s->tx.hold_ns) {
        timer_mod(s->tx_timer, s->tx.hold_ns);
        return false;
    }
    /* Highest queue first, as the fixed-priority arbiter does. */
    for (q = NETA_QUEUES - 1; q >= 0; q--) {
        NetaTxQueue *txq = &s->txq[q];
        uint32_t ndesc;
        size_t len;
        bool bad;

        if (!(en & (1u << q)) || !txq->pending ||
            !neta_tx_frame(s, q, &ndesc, &len, &bad)) {
            continue;
        }
        s->tx.busy = true;
        s->tx.bad = bad;
        s->tx.q = q;
        s->tx.ndesc = ndesc;
        s->tx.end_ns = MAX(MAX(s->tx.free_ns, txq->ready_ns),
                           s->tx.hold_ns);
        if (s->phy.present) {
            s->tx.end_ns = neta_phy_tx_wake(s, s->tx.end_ns, s->tx.free_ns);
        }
        if (!bad) {
            s->tx.end_ns += neta_wire_ns(len);
        }
        return true;
    }
    return false;
}

/*
 * The frame on the wire has left: only now are its buffers read (a
 * driver that recycled or freed them early sends what is there now) and
 * its descriptors completed.
 */
static void neta_tx_leave(MarvellNetaState *s)
{
    int q = s->tx.q;
    NetaTxQueue *txq = &s->txq[q];
    uint32_t size = neta_txq_size(s, q), idx = txq->head, n, first_cmd;
    size_t len = 0;
    bool bad = s->tx.bad;

    s->tx.busy = false;
    s->tx.free_ns = s->tx.end_ns;
    if (!size || txq->pending < s->tx.ndesc) {
        /*
         * The ring changed under the frame (its size set to 0, say):
         * the frame is lost, but its descriptors complete, or the
         * transmitter would pick it again for ever.
         */
        mib_add(s, NETA_MIB_MAC_TX_ERR, 1);
        neta_tx_complete(s, q, s->tx.ndesc);
        return;
    }
    first_cmd = txq->desc[idx].cmd;
    /*
     * Checked again: the driver may have moved the ring (a new base
     * resets the head) while the frame was on the wire.
     */
    for (n = 0; !bad && n < s->tx.ndesc; n++) {
        NetaTxDesc *d = &txq->desc[idx];

        if (d->bad || len + d->len > NETA_MAX_FRAME - NETA_FCS_LEN ||
            !neta_dma_buf(s, d->buf, s->tx_frame + len, d->len,
                          DMA_DIRECTION_TO_DEVICE)) {
            bad = true;
            break;
        }
        len += d->len;
        idx = idx + 1 >= size ? 0 : idx + 1;
    }
    if (bad || !len) {
        mib_add(s, NETA_MIB_MAC_TX_ERR, 1);
    } else if (!neta_tx_emit(s, s->tx_frame, len, first_cmd)) {
        s->tx_waiting = true;
        s->tx_wait_q = q;
        s->tx_wait_ndesc = s->tx.ndesc;
        return;
    }
    neta_tx_complete(s, q, s->tx.ndesc);
}

/*
 * Run the transmitter up to now: every frame whose time on the wire has
 * passed leaves, one after the other, then the timer waits for the next.
 * The peer refusing a frame stops it until the peer has taken that frame.
 */
static void neta_tx_run(MarvellNetaState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    while (!s->tx_waiting) {
        if (!s->tx.busy && !neta_tx_start(s, now)) {
            break;
        }
        if (now < s->tx.end_ns) {
            timer_mod(s->tx_timer, s->tx.end_ns);
            break;
        }
        neta_tx_leave(s);
    }
    neta_update_irq(s);
}

void neta_core_tx_resume(MarvellNetaState *s)
{
    neta_tx_run(s);
}

/*
 * The driver hands over @add descriptors.  The port's DMA fetches them
 * at once, so a descriptor the driver writes after the doorbell is not
 * seen: the port sends what the ring held when it was told to.
 */
static void neta_tx_fetch(MarvellNetaState *s, int q, uint32_t add)
{
    NetaTxQueue *txq = &s->txq[q];
    uint32_t size = neta_txq_size(s, q);
    uint64_t base = QREG(s, TXQ_BASE, q);
    uint32_t idx = (txq->head + txq->pending) % size;
    uint8_t d[12];

    while (add--) {
        NetaTxDesc *td = &txq->desc[idx];

        td->bad = !neta_dma(s, base + (uint64_t)idx * NETA_DESC_SIZE, d,
                            sizeof(d), DMA_DIRECTION_TO_DEVICE);
        td->cmd = td->bad ? NETA_TXD_LAST : ldl_le_p(d + NETA_TXD_COMMAND);
        td->len = td->bad ? 0 : lduw_le_p(d + NETA_TXD_DATA_SIZE);
        td->buf = td->bad ? 0 : ldl_le_p(d + NETA_TXD_BUF_ADDR);
        idx = idx + 1 >= size ? 0 : idx + 1;
    }
}

static void neta_tx_update(MarvellNetaState *s, int q, uint32_t val)
{
    NetaTxQueue *txq = &s->txq[q];
    uint32_t add = FIELD_EX32(val, TXQ_UPDATE, ADD_PENDING);
    uint32_t dec = FIELD_EX32(val, TXQ_UPDATE, DEC_SENT);
    uint32_t size = neta_txq_size(s, q);

    if (dec > txq->sent) {
        neta_guest_error(s, "txq%d: acknowledges %u sent, %u were",
                         q, dec, txq->sent);
        dec = txq->sent;
    }
    txq->sent -= dec;
    if (!add) {
        return;
    }
    if (!size || !QREG(s, TXQ_BASE, q)) {
        neta_guest_error(s, "txq%d: %u descriptors handed over without a "
                         "ring", q, add);
        txq->sent += add;
        return;
    }
    if (txq->pending + txq->sent + add > size) {
        neta_guest_error(s, "txq%d: %u pending + %u sent + %u exceed ring "
                         "of %u", q, txq->pending, txq->sent, add, size);
        add = size > txq->pending + txq->sent ?
              size - txq->pending - txq->sent : 0;
    }
    neta_tx_fetch(s, q, add);
    txq->pending += add;
    txq->ready_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    neta_tx_run(s);
}

static void neta_tx_reset(MarvellNetaState *s)
{
    int q;

    for (q = 0; q < NETA_QUEUES; q++) {
        s->txq[q].head = 0;
        s->txq[q].pending = 0;
        s->txq[q].sent = 0;
    }
    s->tx.busy = false;
    s->tx_waiting = false;
    timer_del(s->tx_timer);
}

/* ---------------------------------------------------------------- gen */

/*
 * How often a run that has sent everything looks whether it is over: a
 * thousand guest instructions with -icount shift=0.
 */
#define NETA_GEN_POLL_NS        1000

/* Frame @seq of a run: IPv4/UDP, 10.77.9.1:9 -> 10.77.0.1:9, no checksum. */
static void neta_gen_build(MarvellNetaState *s, size_t len, uint32_t seq)
{
    static const uint8_t src[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
    static const uint8_t addrs[8] = { 10, 77, 9, 1, 10, 77, 0, 1 };
    uint8_t *f = s->gen_frame, *ip = f + ETH_HLEN, *udp = ip + 20;
    size_t i;

    memset(f, 0, len);
    memcpy(f, s->conf.macaddr.a, ETH_ALEN);
    memcpy(f + ETH_ALEN, src, ETH_ALEN);
    stw_be_p(f + 12, ETH_P_IP);
    ip[0] = 0x45;
    stw_be_p(ip + 2, len - ETH_HLEN);
    ip[8] = 64;
    ip[9] = IP_PROTO_UDP;
    memcpy(ip + 12, addrs, sizeof(addrs));
    stw_be_p(ip + 10, net_raw_checksum(ip, 20));
    stw_be_p(udp, 9);
    stw_be_p(udp + 2, 9);
    stw_be_p(udp + 4, len - ETH_HLEN - 20);
    for (i = 8; i < len - ETH_HLEN - 20; i++) {
        udp[i] = seq + i;
    }
    stl_be_p(udp + 8, seq);
}

/* Nanoseconds from the start of a run to when its frame @n is sent. */
static int64_t neta_gen_due(MarvellNetaState *s, uint32_t n)
{
    NetaGen *g = &s->gen;

    if (!g->run_pps) {
        return (int64_t)n * neta_wire_ns(g->run_len - NETA_FCS_LEN);
    }
    return muldiv64(n, NANOSECONDS_PER_SECOND, g->run_pps);
}

static int neta_gen_tx_busy(Object *obj, void *opaque)
{
    MarvellNetaState *s;
    int q;

    if (!object_dynamic_cast(obj, TYPE_MARVELL_NETA)) {
        return 0;
    }
    s = MARVELL_NETA(obj);
    if (s->tx.busy || s->tx_waiting) {
        return 1;
    }
    for (q = 0; q < NETA_QUEUES; q++) {
        if (s->txq[q].pending) {
            return 1;
        }
    }
    return 0;
}

/*
 * A run is over once every frame it sent into the ring came back from
 * the driver and no port of the board has a frame left to send (what
 * XDP_TX and redirects made of them).
 */
static bool neta_gen_over(MarvellNetaState *s)
{
    NetaGen *g = &s->gen;

    return s->stats.rx_processed - g->processed0 >=
           s->stats.rx_delivered - g->delivered0 &&
           !object_child_foreach_recursive(object_get_root(),
                                           neta_gen_tx_busy, NULL);
}

void neta_core_gen_timer(MarvellNetaState *s)
{
    NetaGen *g = &s->gen;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    size_t len = g->run_len - NETA_FCS_LEN;

    if (!g->running) {
        return;
    }
    while (g->sent < g->frames) {
        int64_t due = g->start_ns + neta_gen_due(s, g->sent + 1);

        if (due > now) {
            timer_mod(g->timer, due);
            return;
        }
        neta_gen_build(s, len, g->sent);
        if (!neta_core_receive(s, s->gen_frame, len)) {
            /* Held back, as the netdev's frames are: try again later. */
            timer_mod(g->timer, now + neta_wire_ns(len));
            return;
        }
        g->sent++;
        s->stats.gen_sent++;
    }
    if (!neta_gen_over(s)) {
        timer_mod(g->timer, now + NETA_GEN_POLL_NS);
        return;
    }
    g->running = false;
    if (icount_enabled()) {
        g->insns = icount_get_raw() - g->icount0;
    }
    if (g->pause) {
        qemu_system_vmstop_request_prepare();
        qemu_system_vmstop_request(RUN_STATE_PAUSED);
    }
}

bool neta_core_gen_start(MarvellNetaState *s, uint32_t frames, Error **errp)
{
    NetaGen *g = &s->gen;

    if (g->len < NETA_MIN_FRAME + NETA_FCS_LEN ||
        g->len > NETA_MAX_FRAME - NETA_MH_SIZE) {
        error_setg(errp, "gen-len must be %d to %d bytes",
                   NETA_MIN_FRAME + NETA_FCS_LEN,
                   NETA_MAX_FRAME - NETA_MH_SIZE);
        return false;
    }
    g->frames = frames;
    g->run_len = g->len;
    g->run_pps = g->pps;
    g->sent = 0;
    g->running = frames > 0;
    g->start_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g->delivered0 = s->stats.rx_delivered;
    g->processed0 = s->stats.rx_processed;
    g->icount0 = icount_enabled() ? icount_get_raw() : 0;
    g->insns = 0;
    if (g->running) {
        timer_mod(g->timer, g->start_ns + neta_gen_due(s, 1));
    } else {
        timer_del(g->timer);
    }
    return true;
}

/* ---------------------------------------------------------------- link */

static uint32_t neta_gmac_status(MarvellNetaState *s)
{
    uint32_t v = 0;

    if (neta_mac_link(s)) {
        v = R_GMAC_STATUS_LINK_UP_MASK | R_GMAC_STATUS_SPEED_1000_MASK |
            R_GMAC_STATUS_FULL_DUPLEX_MASK | R_GMAC_STATUS_AN_COMPLETE_MASK |
            R_GMAC_STATUS_SYNC_OK_MASK;
        if (neta_core_flow_control(s)) {
            v |= R_GMAC_STATUS_RX_PAUSE_MASK | R_GMAC_STATUS_TX_PAUSE_MASK;
        }
    }
    return v;
}

void neta_core_set_line(MarvellNetaState *s, bool up)
{
    bool before = neta_mac_link(s);

    s->line_up = up;
    neta_phy_line_changed(s, up);
    if (before != neta_mac_link(s)) {
        neta_misc_event(s, R_INTR_MISC_CAUSE_LINK_CHANGE_MASK);
    }
    if (up) {
        qemu_flush_queued_packets(qemu_get_queue(s->nic));
    } else {
        neta_rx_stopped(s);
    }
}

/* ---------------------------------------------------------------- regs */

/* What the core needs besides the register file: fetched TX descriptors. */
void neta_core_realize(MarvellNetaState *s)
{
    int q;

    for (q = 0; q < NETA_QUEUES; q++) {
        s->txq[q].desc = g_new0(NetaTxDesc, NETA_MAX_RING + 1);
    }
    if (s->ram) {
        s->cache = neta_cache_get(s->ram);
    }
}

void neta_core_unrealize(MarvellNetaState *s)
{
    int q;

    for (q = 0; q < NETA_QUEUES; q++) {
        g_free(s->txq[q].desc);
    }
}

/* Every line reported by the cache model, whichever port or CPU caused it. */
uint64_t neta_core_cache_errors(MarvellNetaState *s)
{
    return s->cache ? neta_cache_errors(s->cache) : 0;
}

/* Every DC xVAC on the board's RAM, whichever CPU issued it. */
uint64_t neta_core_dc_ops(MarvellNetaState *s)
{
    return s->cache ? neta_cache_ops(s->cache) : 0;
}

void neta_core_reset(MarvellNetaState *s)
{
    const uint8_t *mac = s->conf.macaddr.a;
    int q;

    memset(s->regs, 0, sizeof(s->regs));
    memset(s->mib, 0, sizeof(s->mib));
    memset(s->mib_latched_high, 0, sizeof(s->mib_latched_high));
    s->rx_discard = 0;
    s->rx_overrun = 0;
    s->misc_cause = 0;
    neta_rx_reset(s);
    neta_tx_reset(s);

    REG(s, BASE_ADDR_ENABLE) = (1u << NETA_NUM_WINDOWS) - 1;
    if (s->boot_windows) {
        /*
         * What a boot loader leaves on 370/XP/38x boards, for a kernel
         * without the MBUS driver: window 0 open over the first 4 GB
         * (target and attribute are not modelled), full access.
         */
        REG(s, WIN_SIZE) = 0xffff0000u;
        REG(s, BASE_ADDR_ENABLE) &= ~1u;
        REG(s, ACCESS_PROTECT) = 3;
    }
    REG(s, UNIT_CONTROL) = R_UNIT_CONTROL_PHY_POLLING_MASK;
    REG(s, GMAC_CTRL_0) = FIELD_DP32(0, GMAC_CTRL_0, MAX_RX_SIZE, 1522 / 2);
    REG(s, GMAC_CTRL_2) = R_GMAC_CTRL_2_PORT_RESET_MASK;
    REG(s, PORT_CONFIG) = 0;
    for (q = 0; q < NETA_QUEUES; q++) {
        QREG(s, RXQ_THRESHOLD, q) = 0;
    }
    /* What a boot loader leaves behind: the port's address. */
    REG(s, MAC_ADDR_HIGH) = ldl_be_p(mac);
    REG(s, MAC_ADDR_LOW) = (mac[4] << 8) | mac[5];
    s->gen.running = false;
    timer_del(s->gen.timer);
    memset(s->new_mask, 0, sizeof(s->new_mask));
    memset(s->old_mask, 0, sizeof(s->old_mask));
    memset(s->misc_mask, 0, sizeof(s->misc_mask));
    for (q = 0; q < NETA_MAX_CPUS; q++) {
        s->irq_level[q] = false;
        qemu_set_irq(s->irq[q], 0);
    }
}

/*
 * Power cut and back, as suspend to RAM does to the port on 370/XP/38x
 * boards: every register at its hardware default.  Unlike a cold boot, no
 * boot loader runs before the kernel resumes, so the address registers
 * stay zero; the boot-loader window of the boot-windows flavour is kept,
 * standing for the DRAM windows a real kernel's MBUS driver describes.
 */
void neta_core_power_cycle(MarvellNetaState *s)
{
    neta_core_reset(s);
    REG(s, MAC_ADDR_HIGH) = 0;
    REG(s, MAC_ADDR_LOW) = 0;
    s->stats.power_cycles++;
}

uint64_t neta_core_read(MarvellNetaState *s, hwaddr addr, int cpu)
{
    uint32_t v;

    addr &= ~3;
    if (addr >= A_MIB_BASE && addr < A_MIB_BASE + NETA_MIB_SIZE) {
        return mib_read(s, addr - A_MIB_BASE);
    }
    if (QUEUE_REG(RXQ_STATUS, addr)) {
        NetaRxQueue *rxq = &s->rxq[(addr - A_RXQ_STATUS) >> 2];

        return FIELD_DP32(rxq->occupied, RXQ_STATUS, NON_OCCUPIED,
                          rxq->non_occupied);
    }
    if (QUEUE_REG(TXQ_STATUS, addr)) {
        NetaTxQueue *txq = &s->txq[(addr - A_TXQ_STATUS) >> 2];

        return FIELD_DP32(txq->pending, TXQ_STATUS, SENT, txq->sent);
    }
    if (QUEUE_REG(RXQ_STATUS_UPDATE, addr) || QUEUE_REG(TXQ_UPDATE, addr)) {
        return 0;       /* write-only */
    }

    switch (addr) {
    case A_SMI:
        return s->has_smi ? neta_smi_read(s) : s->regs[addr >> 2];
    case A_INTR_NEW_CAUSE:
        return neta_new_cause(s, neta_queue_causes(s), cpu);
    case A_INTR_NEW_MASK:
        return s->new_mask[cpu];
    case A_INTR_OLD_MASK:
        return s->old_mask[cpu];
    case A_INTR_MISC_MASK:
        return s->misc_mask[cpu];
    case A_INTR_MISC_CAUSE:
        return s->misc_cause;
    case A_GMAC_STATUS:
        return neta_gmac_status(s);
    case A_PORT_STATUS:
        /* A frame on the wire keeps the FIFO busy until it has left. */
        return s->tx.busy ? R_PORT_STATUS_TX_IN_PROGRESS_MASK :
                            R_PORT_STATUS_TX_FIFO_EMPTY_MASK;
    case A_RX_DISCARD_COUNT:
        v = s->rx_discard;
        s->rx_discard = 0;
        return v;
    case A_RX_OVERRUN_COUNT:
        v = s->rx_overrun;
        s->rx_overrun = 0;
        return v;
    case A_RXQ_CMD:
        /* Likewise a queue still writing the last buffer of a frame. */
        v = FIELD_EX32(REG(s, RXQ_CMD), RXQ_CMD, ENABLE);
        return s->rx_last_due ? v | (1u << s->rx_last_q) : v;
    case A_TXQ_CMD:
        /*
         * A queue told to stop finishes the frame it has on the wire
         * first: until then it still reads as enabled.
         */
        v = FIELD_EX32(REG(s, TXQ_CMD), TXQ_CMD, ENABLE);
        return s->tx.busy ? v | (1u << s->tx.q) : v;
    default:
        return s->regs[addr >> 2];
    }
}

void neta_core_write(MarvellNetaState *s, hwaddr addr, uint32_t val, int cpu)
{
    bool link_before = neta_mac_link(s);
    uint32_t old;
    int q;

    addr &= ~3;
    if (addr >= A_MIB_BASE && addr < A_MIB_BASE + NETA_MIB_SIZE) {
        return;         /* counters are read-only */
    }
    if (QUEUE_REG(RXQ_STATUS_UPDATE, addr)) {
        neta_rx_status_update(s, (addr - A_RXQ_STATUS_UPDATE) >> 2, val);
        neta_update_irq(s);
        return;
    }
    if (QUEUE_REG(TXQ_UPDATE, addr)) {
        neta_tx_update(s, (addr - A_TXQ_UPDATE) >> 2, val);
        neta_update_irq(s);
        return;
    }
    if (QUEUE_REG(RXQ_STATUS, addr) || QUEUE_REG(TXQ_STATUS, addr)) {
        return;         /* read-only */
    }
    if (QUEUE_REG(RXQ_BASE, addr)) {
        s->rxq[(addr - A_RXQ_BASE) >> 2].head = 0;
    } else if (QUEUE_REG(TXQ_BASE, addr)) {
        s->txq[(addr - A_TXQ_BASE) >> 2].head = 0;
    }

    old = s->regs[addr >> 2];
    s->regs[addr >> 2] = val;

    switch (addr) {
    case A_SMI:
        if (s->has_smi) {
            neta_smi_write(s, val);
        }
        break;
    case A_INTR_NEW_CAUSE:
        /*
         * Zero bits clear the time-coalescing events they stand for, of
         * the queues this CPU is told about.
         */
        val |= ~neta_cpu_view(s, cpu);
        for (q = 0; q < NETA_QUEUES; q++) {
            if (!(val & (1u << (R_INTR_NEW_CAUSE_RXQ_OCCUPIED_SHIFT + q)))) {
                s->rxq[q].time_fired = false;
                if (s->rxq[q].occupied) {
                    neta_rx_arm_coal(s, q);
                }
            }
        }
        s->regs[addr >> 2] = 0;
        break;
    case A_INTR_NEW_MASK:
        s->new_mask[cpu] = val;
        break;
    case A_INTR_OLD_MASK:
        s->old_mask[cpu] = val;
        break;
    case A_INTR_MISC_MASK:
        s->misc_mask[cpu] = val;
        break;
    case A_INTR_MISC_CAUSE:
        s->misc_cause &= val;
        s->regs[addr >> 2] = 0;
        break;
    case A_RXQ_CMD:
        old = FIELD_EX32(old, RXQ_CMD, ENABLE);
        old |= FIELD_EX32(val, RXQ_CMD, ENABLE);
        old &= ~FIELD_EX32(val, RXQ_CMD, DISABLE);
        s->regs[addr >> 2] = old;
        if (FIELD_EX32(val, RXQ_CMD, DISABLE)) {
            neta_rx_stopped(s);
        } else {
            qemu_flush_queued_packets(qemu_get_queue(s->nic));
        }
        break;
    case A_TXQ_CMD:
        old = FIELD_EX32(old, TXQ_CMD, ENABLE);
        old |= FIELD_EX32(val, TXQ_CMD, ENABLE);
        old &= ~FIELD_EX32(val, TXQ_CMD, DISABLE);
        s->regs[addr >> 2] = old;
        neta_tx_run(s);
        break;
    case A_PORT_RX_RESET:
        if (val & R_PORT_RX_RESET_DMA_MASK) {
            neta_rx_reset(s);
            neta_rx_stopped(s);
        }
        break;
    case A_PORT_TX_RESET:
        if (val & R_PORT_TX_RESET_DMA_MASK) {
            neta_tx_reset(s);
        }
        break;
    case A_GMAC_CTRL_0:
    case A_GMAC_CTRL_2:
        if (neta_port_active(s)) {
            neta_tx_run(s);
            qemu_flush_queued_packets(qemu_get_queue(s->nic));
        } else {
            neta_rx_stopped(s);
        }
        break;
    case A_SERDES_CFG:
        if (val != NETA_SERDES_SGMII && val != NETA_SERDES_QSGMII &&
            val != NETA_SERDES_HSGMII && val != 0) {
            neta_guest_error(s, "SERDES_CFG: unknown protocol 0x%x", val);
        } else if (s->serdes && val && val != NETA_SERDES_SGMII) {
            neta_guest_error(s, "SERDES_CFG: protocol 0x%x on an SGMII lane",
                             val);
        }
        break;
    case A_GMAC_STATUS:
    case A_PORT_STATUS:
        s->regs[addr >> 2] = old;   /* read-only */
        break;
    }
    /* Forced down, the lane's protocol, the PCS: each may move the link. */
    if (link_before != neta_mac_link(s)) {
        s->misc_cause |= R_INTR_MISC_CAUSE_LINK_CHANGE_MASK;
    }
    neta_update_irq(s);
}
