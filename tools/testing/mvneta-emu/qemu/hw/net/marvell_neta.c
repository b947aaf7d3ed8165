/*
 * Marvell NETA gigabit Ethernet port: QOM shell
 *
 * A SysBus device with one MMIO window, interrupt lines and one NIC.
 * With "cpus" 0 (Armada 3700, AC5) line 0 alone serves every CPU; with
 * "cpus" N (Armada 370/XP/38x) lines 0..N-1 go to CPUs 0..N-1, each
 * signalling the queues that CPU's CPU_MAP register grants it, and the
 * interrupt mask registers are banked by accessing CPU.
 * DMA goes through the "dma-memory" region the board links in, so that
 * the port reaches DRAM and nothing else (never its own registers).
 * "serdes": the port reaches its line through an SGMII SerDes lane with
 * no comphy driver: frames pass only while SERDES_CFG selects SGMII and
 * the GMAC's PCS is on (see neta_lane_up()); in-band negotiation, when
 * on, completes only with the 1 ms clock running and in SGMII's form
 * (neta_an_complete()).
 * "tx-csum-limit" N: the TX checksum engine takes IP packets of N bytes
 * at most (1600 on the 370 and on the 38x's second and third ports):
 * asked to checksum a longer one, the port sends it as it is and the
 * model logs a guest error.
 *
 * Host-side fault injection, at run time with qom-set on the device:
 *   inject-rx-crc-errors N       next N frames arrive with a bad FCS
 *   inject-rx-resource-errors N  next N frames get a resource error
 *   inject-rx-oversize N         next N frames count as oversize
 *   inject-rx-overrun N          next N frames find the ring full
 *   inject-tx-hold-us N          the link partner holds the transmitter
 *                                for N us from the next frame on
 *   inject-rx-last-delay-us N    while not 0, the last buffer of every
 *                                frame that spans several is written N us
 *                                after its bytes came (a slow tail: the
 *                                driver sees such frames unfinished)
 *   mib-good-frames-rx N         the unread value of the clear-on-read
 *                                MIB register good_frames_received (a
 *                                read does not clear it): setting it
 *                                stands for frames counted since the
 *                                driver last read it, to test that the
 *                                driver reads it before it wraps
 * and the line itself follows the netdev's link (QMP set_link).
 *
 * Link: "flow-control" (read-only) says whether the MAC honours and sends
 * PAUSE frames, as its registers set it (by hand, or resolved by
 * 1000BASE-X negotiation).
 *
 * PHY (370/XP boards, see marvell_neta_phy.c): "phy-addr" N gives the port
 * a copper PHY at address N of the board's MDIO bus, which the port with
 * "smi" drives through its SMI register; "peer" links the port at the
 * cable's other end.  "inject-eee-wake-errors" N adds N to the PHY's EEE
 * wake error counter; "stat-lpi-wakes" counts the frames that found the
 * transmitter in low-power idle, "stat-lpi-ignored" those that found the
 * MAC asking for it on a link that did not negotiate EEE.
 *
 * Power: setting "power-cycle" cuts the port's power and gives it back,
 * as suspend to RAM does on 370/XP/38x boards: every register back at its
 * hardware default, the address registers zero (no boot loader runs on
 * resume); stat-power-cycles counts them.
 *
 * Frame generator, for benchmarks that must not depend on the host:
 *   gen-len N      bytes per frame on the wire, FCS included (default 64)
 *   gen-pps N      frames a second of the virtual clock (0, the default:
 *                  the line rate, 1488095 for 64 bytes)
 *   gen-pause on   pause the VM (as QMP stop) once a run is over
 *   gen-frames N   start a run of N frames (0 stops it); they are IPv4/UDP
 *                  frames to the port's own address, sent into the same
 *                  receive path as the netdev's (filter, line pacing, ring
 *                  overruns).  A run is over when all are sent, the driver
 *                  gave back every RX descriptor they filled, and no port
 *                  on the board has a TX frame pending.
 *   stat-gen-insns the guest instructions (all CPUs) from the start of the
 *                  last run to its end, exact; 0 without -icount.
 *
 * Timing, as on the wire: frames leave at 1 Gb/s from a timer and their
 * descriptors complete then; frames arrive at most at that rate, and a
 * full RX ring drops them (counted) unless "rx-lossless" is set, which no
 * test may rely on.  With the "ram" link set (the board's DRAM) the port
 * is not coherent with the CPU's data cache: see marvell_neta_cache.c.
 *
 * Model-side counters, read-only with qom-get: stat-rx-delivered,
 * stat-rx-filtered, stat-rx-dropped, stat-tx-frames, stat-tx-link-down,
 * stat-tx-refused (frames the peer held back), stat-rx-paced (frames
 * that came faster than the line and waited), stat-guest-errors,
 * stat-port-cache-errors (this port's DMA against dirty lines) and
 * stat-cache-errors (every cache report on the board, CPU side included),
 * stat-mmio-reads, stat-mmio-writes (guest register accesses), stat-irqs
 * (times the interrupt line went up), stat-rx-processed (RX descriptors
 * the driver gave back), stat-rx-overruns (frames that found the ring
 * full, a part of stat-rx-dropped), stat-gen-sent (generated frames),
 * stat-rx-split (frames of several buffers the driver began to give back
 * before their last descriptor was written: it finishes them in a later
 * poll) and stat-dc-ops (every data-cache maintenance operation by VA on the
 * board, whichever CPU issued it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"
#include "hw/irq.h"
#include "hw/core/cpu.h"
#include "hw/qdev-properties.h"
#include "qapi/visitor.h"
#include "migration/vmstate.h"
#include "sysemu/dma.h"
#include "net/net.h"
#include "hw/net/marvell_neta.h"
#include "marvell_neta_core.h"
#include "marvell_neta_regs.h"

/*
 * The register bank an access reaches: in per-CPU mode the accessing
 * CPU's; with one shared line, or from no CPU (a debugger), bank 0.
 */
static int neta_accessing_cpu(MarvellNetaState *s)
{
    int cpu = current_cpu ? current_cpu->cpu_index : 0;

    return cpu < s->cpus ? cpu : 0;
}

static uint64_t neta_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    MarvellNetaState *s = MARVELL_NETA(opaque);

    s->stats.mmio_reads++;
    return neta_core_read(s, addr, neta_accessing_cpu(s));
}

static void neta_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    MarvellNetaState *s = MARVELL_NETA(opaque);

    s->stats.mmio_writes++;
    neta_core_write(s, addr, val, neta_accessing_cpu(s));
}

static const MemoryRegionOps neta_mmio_ops = {
    .read = neta_mmio_read,
    .write = neta_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static ssize_t neta_nc_receive(NetClientState *nc, const uint8_t *buf,
                               size_t size)
{
    return neta_core_receive(qemu_get_nic_opaque(nc), buf, size);
}

static void neta_nc_link_changed(NetClientState *nc)
{
    neta_core_set_line(qemu_get_nic_opaque(nc), !nc->link_down);
}

static NetClientInfo neta_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .receive = neta_nc_receive,
    .link_status_changed = neta_nc_link_changed,
};

static void neta_coal_timer_cb(void *opaque)
{
    NetaRxQueue *rxq = opaque;

    neta_core_rx_coal_expired(rxq->owner, rxq->index);
}

static void neta_tx_bh(void *opaque)
{
    neta_core_tx_resume(MARVELL_NETA(opaque));
}

static void neta_rx_timer_cb(void *opaque)
{
    neta_core_rx_timer(MARVELL_NETA(opaque));
}

static void neta_gen_timer_cb(void *opaque)
{
    neta_core_gen_timer(MARVELL_NETA(opaque));
}

static void neta_get_dc_ops(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    uint64_t n = neta_core_dc_ops(MARVELL_NETA(obj));

    visit_type_uint64(v, name, &n, errp);
}

static void neta_get_gen_frames(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    visit_type_uint32(v, name, &MARVELL_NETA(obj)->gen.frames, errp);
}

static void neta_set_gen_frames(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    uint32_t n;

    if (visit_type_uint32(v, name, &n, errp)) {
        neta_core_gen_start(MARVELL_NETA(obj), n, errp);
    }
}

static bool neta_get_gen_pause(Object *obj, Error **errp)
{
    return MARVELL_NETA(obj)->gen.pause;
}

static void neta_set_gen_pause(Object *obj, bool value, Error **errp)
{
    MARVELL_NETA(obj)->gen.pause = value;
}

static bool neta_get_power_cycle(Object *obj, Error **errp)
{
    return false;
}

/* Setting "power-cycle" cuts the port's power and gives it back. */
static void neta_set_power_cycle(Object *obj, bool value, Error **errp)
{
    if (value) {
        neta_core_power_cycle(MARVELL_NETA(obj));
    }
}

static bool neta_get_flow_control(Object *obj, Error **errp)
{
    return neta_core_flow_control(MARVELL_NETA(obj));
}

static void neta_get_wake_errors(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    uint32_t n = MARVELL_NETA(obj)->phy.wake_errors;

    visit_type_uint32(v, name, &n, errp);
}

/* Setting "inject-eee-wake-errors" N adds N to the PHY's counter. */
static void neta_set_wake_errors(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    uint32_t n;

    if (visit_type_uint32(v, name, &n, errp)) {
        neta_phy_inject_wake_errors(MARVELL_NETA(obj), n);
    }
}

static void neta_get_cache_errors(Object *obj, Visitor *v, const char *name,
                                  void *opaque, Error **errp)
{
    uint64_t n = neta_core_cache_errors(MARVELL_NETA(obj));

    visit_type_uint64(v, name, &n, errp);
}

static void neta_realize(DeviceState *dev, Error **errp)
{
    MarvellNetaState *s = MARVELL_NETA(dev);
    int q;

    if (!s->dma_mr) {
        error_setg(errp, TYPE_MARVELL_NETA ": 'dma-memory' link not set");
        return;
    }
    if (s->cpus > NETA_MAX_CPUS) {
        error_setg(errp, TYPE_MARVELL_NETA ": 'cpus' is %u, at most %d",
                   s->cpus, NETA_MAX_CPUS);
        return;
    }
    address_space_init(&s->dma_as, s->dma_mr, "marvell-neta-dma");
    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->nic = qemu_new_nic(&neta_net_info, &s->conf,
                          object_get_typename(OBJECT(dev)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
    for (q = 0; q < NETA_QUEUES; q++) {
        s->rxq[q].owner = s;
        s->rxq[q].index = q;
        s->rxq[q].coal_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                            neta_coal_timer_cb, &s->rxq[q]);
    }
    s->tx_bh = qemu_bh_new(neta_tx_bh, s);
    s->tx_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, neta_tx_bh, s);
    s->rx_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, neta_rx_timer_cb, s);
    s->gen.timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, neta_gen_timer_cb, s);
    s->line_up = !qemu_get_queue(s->nic)->link_down;
    s->phy.present = s->phy.addr < 32;
    neta_core_realize(s);
}

static void neta_unrealize(DeviceState *dev)
{
    MarvellNetaState *s = MARVELL_NETA(dev);
    int q;

    for (q = 0; q < NETA_QUEUES; q++) {
        timer_free(s->rxq[q].coal_timer);
    }
    qemu_bh_delete(s->tx_bh);
    timer_free(s->tx_timer);
    timer_free(s->rx_timer);
    timer_free(s->gen.timer);
    neta_core_unrealize(s);
    qemu_del_nic(s->nic);
    address_space_destroy(&s->dma_as);
}

static void neta_reset(DeviceState *dev)
{
    MarvellNetaState *s = MARVELL_NETA(dev);

    neta_core_reset(s);
    /* The PHY is reset with the board, not with the port's power. */
    if (s->phy.present) {
        neta_phy_reset(s);
    }
}

static void neta_init(Object *obj)
{
    MarvellNetaState *s = MARVELL_NETA(obj);
    NetaFaults *f = &s->faults;
    NetaModelStats *st = &s->stats;
    int i;

    memory_region_init_io(&s->mmio, obj, &neta_mmio_ops, s,
                          TYPE_MARVELL_NETA, 0x4000);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    for (i = 0; i < NETA_MAX_CPUS; i++) {
        sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq[i]);
    }

    object_property_add_uint32_ptr(obj, "inject-rx-crc-errors", &f->rx_crc,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "inject-rx-resource-errors",
                                   &f->rx_resource, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "inject-rx-oversize",
                                   &f->rx_oversize, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "inject-rx-overrun",
                                   &f->rx_overrun, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "inject-tx-hold-us",
                                   &f->tx_hold_us, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "inject-rx-last-delay-us",
                                   &f->rx_last_delay_us,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "mib-good-frames-rx",
                                   &s->mib[NETA_MIB_GOOD_FRAMES_RX >> 2],
                                   OBJ_PROP_FLAG_READWRITE);

    object_property_add_uint64_ptr(obj, "stat-rx-delivered",
                                   &st->rx_delivered, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-rx-filtered",
                                   &st->rx_filtered, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-rx-dropped",
                                   &st->rx_dropped, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-tx-frames",
                                   &st->tx_frames, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-tx-link-down",
                                   &st->tx_link_down, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-guest-errors",
                                   &st->guest_errors, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-tx-refused",
                                   &st->tx_refused, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-rx-paced",
                                   &st->rx_paced, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-port-cache-errors",
                                   &st->cache_errors, OBJ_PROP_FLAG_READ);
    object_property_add(obj, "stat-cache-errors", "uint64",
                        neta_get_cache_errors, NULL, NULL, NULL);
    object_property_add_uint64_ptr(obj, "stat-mmio-reads",
                                   &st->mmio_reads, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-mmio-writes",
                                   &st->mmio_writes, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-irqs", &st->irqs,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-rx-processed",
                                   &st->rx_processed, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-rx-overruns",
                                   &st->rx_overruns, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-gen-sent", &st->gen_sent,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-rx-split", &st->rx_split,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-gen-insns", &s->gen.insns,
                                   OBJ_PROP_FLAG_READ);
    object_property_add(obj, "stat-dc-ops", "uint64",
                        neta_get_dc_ops, NULL, NULL, NULL);

    s->gen.len = 64;
    object_property_add_uint32_ptr(obj, "gen-pps", &s->gen.pps,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "gen-len", &s->gen.len,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_bool(obj, "gen-pause", neta_get_gen_pause,
                             neta_set_gen_pause);
    object_property_add(obj, "gen-frames", "uint32", neta_get_gen_frames,
                        neta_set_gen_frames, NULL, NULL);
    object_property_add_bool(obj, "power-cycle", neta_get_power_cycle,
                             neta_set_power_cycle);
    object_property_add_uint64_ptr(obj, "stat-power-cycles",
                                   &st->power_cycles, OBJ_PROP_FLAG_READ);
    object_property_add_bool(obj, "flow-control", neta_get_flow_control,
                             NULL);
    object_property_add(obj, "inject-eee-wake-errors", "uint32",
                        neta_get_wake_errors, neta_set_wake_errors,
                        NULL, NULL);
    object_property_add_uint64_ptr(obj, "stat-lpi-wakes", &s->phy.lpi_wakes,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "stat-lpi-ignored",
                                   &s->phy.lpi_ignored, OBJ_PROP_FLAG_READ);
}

static Property neta_properties[] = {
    DEFINE_NIC_PROPERTIES(MarvellNetaState, conf),
    DEFINE_PROP_LINK("dma-memory", MarvellNetaState, dma_mr,
                     TYPE_MEMORY_REGION, MemoryRegion *),
    DEFINE_PROP_UINT32("clock-frequency", MarvellNetaState, clock_hz,
                       250000000),
    DEFINE_PROP_BOOL("rx-lossless", MarvellNetaState, rx_lossless, false),
    DEFINE_PROP_UINT32("cpus", MarvellNetaState, cpus, 0),
    DEFINE_PROP_BOOL("boot-windows", MarvellNetaState, boot_windows, false),
    DEFINE_PROP_BOOL("serdes", MarvellNetaState, serdes, false),
    DEFINE_PROP_UINT32("tx-csum-limit", MarvellNetaState, tx_csum_limit, 0),
    DEFINE_PROP_UINT32("phy-addr", MarvellNetaState, phy.addr, UINT32_MAX),
    DEFINE_PROP_BOOL("smi", MarvellNetaState, has_smi, false),
    DEFINE_PROP_LINK("peer", MarvellNetaState, peer, TYPE_MARVELL_NETA,
                     MarvellNetaState *),
    DEFINE_PROP_LINK("ram", MarvellNetaState, ram, TYPE_MEMORY_REGION,
                     MemoryRegion *),
    DEFINE_PROP_END_OF_LIST(),
};

static const VMStateDescription neta_vmstate = {
    .name = TYPE_MARVELL_NETA,
    .unmigratable = 1,
};

static void neta_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = neta_realize;
    dc->unrealize = neta_unrealize;
    dc->reset = neta_reset;
    dc->vmsd = &neta_vmstate;
    dc->desc = "Marvell NETA gigabit Ethernet port";
    device_class_set_props(dc, neta_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo neta_info = {
    .name = TYPE_MARVELL_NETA,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(MarvellNetaState),
    .instance_init = neta_init,
    .class_init = neta_class_init,
};

static void neta_register_types(void)
{
    type_register_static(&neta_info);
}

type_init(neta_register_types)
