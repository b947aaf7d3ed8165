/*
 * Two Marvell NETA ports on the "virt" board
 *
 *   -machine virt,neta0=<netdev id>,neta1=<netdev id>[,neta-flavour=F]
 *
 * Naming either port puts both on the board (a port left unnamed has no
 * cable).  Each port gets a fixed MMIO window, a fixed 250 MHz core
 * clock, a 1000/full fixed-link (but eth1 of the 38x and the ports of
 * 370/XP, see below) and a device-tree node the stock driver probes.
 * The flavour F is the SoC the ports stand for:
 *
 *   3700 (default)  Armada 3720: "marvell,armada-3700-neta", one
 *                   level-triggered SPI per port, not coherent.
 *   38x             Armada 38x: "marvell,armada-370-neta" (what 38x
 *                   device trees name), one per-CPU interrupt per port
 *                   (a GIC PPI, the port signals each CPU its own
 *                   queues), coherent ("dma-coherent": the 38x snoops
 *                   the CPU caches), eth0 with "tx-csum-limit" 9800 as
 *                   armada-38x.dtsi gives it, and both ports naming the
 *                   hardware buffer manager ("buffer-manager", with its
 *                   pools), as the Turris Omnia's and Clearfog's device
 *                   trees do.  The buffer manager itself is not
 *                   modelled: its node is there for the drivers to see,
 *                   at an address where nothing answers.  eth1 is wired
 *                   SGMII to a switch or PHY that negotiates in band
 *                   ("phy-mode" "sgmii", "managed" "in-band-status",
 *                   as the Omnia's and Clearfog's serial ports), through
 *                   a lane no comphy node describes: the driver sets the
 *                   lane up itself.
 *   xp              Armada XP: "marvell,armada-xp-neta", per-CPU
 *                   interrupts, coherent, copper PHYs (as the 370's).
 *   370             Armada 370: "marvell,armada-370-neta", per-CPU
 *                   interrupts, not coherent (the 370 never is).  Each
 *                   port reaches its cable through a copper PHY
 *                   ("phy-handle", "phy-mode" "rgmii-id"), at addresses
 *                   0 and 1 of the MDIO bus that eth0's unit drives
 *                   (a "marvell,orion-mdio" node at eth0 + 0x2004, as
 *                   armada-370-xp.dtsi has it), as on the Mirabox and
 *                   the 370 reference boards: link, speed and EEE come
 *                   from the PHYs' negotiation (marvell_neta_phy.c).
 *
 * The per-CPU flavours go with a 32-bit CPU (-cpu cortex-a15) and
 * highmem=off, as a 32-bit board, but the model does not require it.
 * A port that is not coherent gets the CPU's data cache modelled (see
 * marvell_neta_cache.c).  The ports' DMA reaches the board's DRAM only.
 * They sit in the QOM tree as /machine/eth0 and /machine/eth1, the names
 * the guest gives them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/arm/virt.h"
#include "hw/sysbus.h"
#include "hw/arm/fdt.h"
#include "hw/qdev-properties.h"
#include "hw/net/marvell_neta.h"
#include "sysemu/device_tree.h"
#include "net/net.h"
#include "virt_neta.h"

#define NETA_PORTS          2
#define NETA_BASE           0x09100000
#define NETA_STRIDE         0x00010000
#define NETA_SIZE           0x4000
#define NETA_FIRST_SPI      10
#define NETA_FIRST_PPI      4       /* free on virt: PPIs 7 and up are taken */
#define NETA_CLOCK_HZ       250000000

static char *neta_get_netdev(VirtMachineState *vms, int port)
{
    return g_strdup(vms->neta_netdev[port] ?: "");
}

static void neta_set_netdev(VirtMachineState *vms, int port,
                            const char *value)
{
    g_free(vms->neta_netdev[port]);
    vms->neta_netdev[port] = g_strdup(value);
}

static char *neta0_get(Object *obj, Error **errp)
{
    return neta_get_netdev(VIRT_MACHINE(obj), 0);
}

static void neta0_set(Object *obj, const char *value, Error **errp)
{
    neta_set_netdev(VIRT_MACHINE(obj), 0, value);
}

static char *neta1_get(Object *obj, Error **errp)
{
    return neta_get_netdev(VIRT_MACHINE(obj), 1);
}

static void neta1_set(Object *obj, const char *value, Error **errp)
{
    neta_set_netdev(VIRT_MACHINE(obj), 1, value);
}

/* What a flavour changes on the board. */
typedef struct NetaFlavour {
    const char *name;
    const char *compatible;
    bool percpu;            /* one per-CPU interrupt instead of an SPI */
    bool coherent;
    uint32_t eth0_csum_limit;   /* "tx-csum-limit" of eth0; 0: none */
    bool bm;                /* the ports name a buffer manager */
    uint32_t csum_limit;    /* the ports' checksum engines; 0: none */
    bool eth1_sgmii;        /* eth1 through an SGMII SerDes lane */
    bool phys;              /* copper PHYs on eth0's MDIO bus */
} NetaFlavour;

/*
 * The 370's checksum engines take 1600-byte packets, and so do the 38x's
 * but the first port's, which takes 9800 (its device tree says so).
 */
static const NetaFlavour neta_flavours[] = {
    { "3700", "marvell,armada-3700-neta", false, false, 0, false, 0, false,
      false },
    { "38x", "marvell,armada-370-neta", true, true, 9800, true, 1600, true,
      false },
    { "xp", "marvell,armada-xp-neta", true, true, 0, false, 0, false, true },
    { "370", "marvell,armada-370-neta", true, false, 0, false, 1600, false,
      true },
};

/* The SMI register in eth0's window: the MDIO bus of 370/XP boards. */
#define NETA_SMI_OFFSET     0x2004

/* Where the 38x's buffer manager node says it is: nothing is mapped. */
#define NETA_BM_BASE        0x09120000
#define NETA_BM_SIZE        0xac

/* The flavour called @name, or NULL. */
static const NetaFlavour *neta_flavour_find(const char *name)
{
    int i;

    for (i = 0; i < ARRAY_SIZE(neta_flavours); i++) {
        if (!strcmp(neta_flavours[i].name, name)) {
            return &neta_flavours[i];
        }
    }
    return NULL;
}

static const NetaFlavour *neta_flavour(VirtMachineState *vms)
{
    return neta_flavour_find(vms->neta_flavour ?: "3700");
}

static char *neta_flavour_get(Object *obj, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    return g_strdup(vms->neta_flavour ?: "3700");
}

static void neta_flavour_set(Object *obj, const char *value, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    if (!neta_flavour_find(value)) {
        error_setg(errp, "neta-flavour must be 3700, 38x, xp or 370");
        return;
    }
    g_free(vms->neta_flavour);
    vms->neta_flavour = g_strdup(value);
}

void virt_neta_class_init(ObjectClass *oc)
{
    object_class_property_add_str(oc, "neta-flavour", neta_flavour_get,
                                  neta_flavour_set);
    object_class_property_set_description(oc, "neta-flavour",
        "SoC the NETA ports stand for: 3700 (default), 38x, xp or 370");
    object_class_property_add_str(oc, "neta0", neta0_get, neta0_set);
    object_class_property_set_description(oc, "neta0",
        "Netdev id cabled to the first NETA port (eth0)");
    object_class_property_add_str(oc, "neta1", neta1_get, neta1_set);
    object_class_property_set_description(oc, "neta1",
        "Netdev id cabled to the second NETA port (eth1)");
}

/*
 * The MDIO bus eth0's unit drives, with a PHY per port at the port's
 * number; @phys gets their phandles.
 */
static void neta_fdt_mdio(VirtMachineState *vms, uint32_t clk,
                          uint32_t *phys)
{
    MachineState *ms = MACHINE(vms);
    hwaddr smi = NETA_BASE + NETA_SMI_OFFSET;
    char *node = g_strdup_printf("/mdio@%" PRIx64, smi);
    int i;

    qemu_fdt_add_subnode(ms->fdt, node);
    qemu_fdt_setprop_string(ms->fdt, node, "compatible",
                            "marvell,orion-mdio");
    qemu_fdt_setprop_sized_cells(ms->fdt, node, "reg", 2, smi, 2, 4);
    qemu_fdt_setprop_cell(ms->fdt, node, "#address-cells", 1);
    qemu_fdt_setprop_cell(ms->fdt, node, "#size-cells", 0);
    qemu_fdt_setprop_cell(ms->fdt, node, "clocks", clk);
    for (i = NETA_PORTS - 1; i >= 0; i--) {
        char *phy = g_strdup_printf("%s/ethernet-phy@%d", node, i);

        phys[i] = qemu_fdt_alloc_phandle(ms->fdt);
        qemu_fdt_add_subnode(ms->fdt, phy);
        qemu_fdt_setprop_cell(ms->fdt, phy, "reg", i);
        qemu_fdt_setprop_cell(ms->fdt, phy, "phandle", phys[i]);
        g_free(phy);
    }
    g_free(node);
}

static void neta_fdt_node(VirtMachineState *vms, const NetaFlavour *f,
                          int port, hwaddr base, int irq, uint32_t clk,
                          uint32_t bm, uint32_t phy, const uint8_t *mac)
{
    MachineState *ms = MACHINE(vms);
    char *node = g_strdup_printf("/ethernet@%" PRIx64, base);
    char *fixed = g_strdup_printf("%s/fixed-link", node);

    qemu_fdt_add_subnode(ms->fdt, node);
    qemu_fdt_setprop_string(ms->fdt, node, "compatible", f->compatible);
    qemu_fdt_setprop_sized_cells(ms->fdt, node, "reg", 2, base, 2, NETA_SIZE);
    if (f->percpu) {
        /* GICv2 PPIs name the CPUs they reach. */
        qemu_fdt_setprop_cells(ms->fdt, node, "interrupts",
                               GIC_FDT_IRQ_TYPE_PPI, irq,
                               deposit32(GIC_FDT_IRQ_FLAGS_LEVEL_HI,
                                         GIC_FDT_IRQ_PPI_CPU_START,
                                         GIC_FDT_IRQ_PPI_CPU_WIDTH,
                                         (1 << ms->smp.cpus) - 1));
    } else {
        qemu_fdt_setprop_cells(ms->fdt, node, "interrupts",
                               GIC_FDT_IRQ_TYPE_SPI, irq,
                               GIC_FDT_IRQ_FLAGS_LEVEL_HI);
    }
    if (f->coherent) {
        qemu_fdt_setprop(ms->fdt, node, "dma-coherent", NULL, 0);
    }
    if (port == 0 && f->eth0_csum_limit) {
        qemu_fdt_setprop_cell(ms->fdt, node, "tx-csum-limit",
                              f->eth0_csum_limit);
    }
    if (bm) {
        qemu_fdt_setprop_cell(ms->fdt, node, "buffer-manager", bm);
        qemu_fdt_setprop_cell(ms->fdt, node, "bm,pool-long", port * 2);
        qemu_fdt_setprop_cell(ms->fdt, node, "bm,pool-short", port * 2 + 1);
    }
    qemu_fdt_setprop_cell(ms->fdt, node, "clocks", clk);
    qemu_fdt_setprop(ms->fdt, node, "local-mac-address", mac, 6);
    qemu_fdt_setprop_string(ms->fdt, node, "status", "okay");

    if (port == 1 && f->eth1_sgmii) {
        /* The link's state comes from the lane's in-band negotiation. */
        qemu_fdt_setprop_string(ms->fdt, node, "phy-mode", "sgmii");
        qemu_fdt_setprop_string(ms->fdt, node, "managed", "in-band-status");
    } else if (phy) {
        qemu_fdt_setprop_string(ms->fdt, node, "phy-mode", "rgmii-id");
        qemu_fdt_setprop_cell(ms->fdt, node, "phy-handle", phy);
    } else {
        qemu_fdt_setprop_string(ms->fdt, node, "phy-mode", "rgmii-id");
        qemu_fdt_add_subnode(ms->fdt, fixed);
        qemu_fdt_setprop_cell(ms->fdt, fixed, "speed", 1000);
        qemu_fdt_setprop(ms->fdt, fixed, "full-duplex", NULL, 0);
    }

    g_free(fixed);
    g_free(node);
}

/*
 * Wire a port's interrupts: its one line to an SPI, or its per-CPU lines
 * to the same PPI of each CPU.  The GIC's GPIO inputs are its SPIs, then
 * each CPU's 32 private interrupts (SGIs, then PPIs).
 */
static void neta_connect_irqs(VirtMachineState *vms, const NetaFlavour *f,
                              SysBusDevice *sbd, int irq)
{
    int cpus = MACHINE(vms)->smp.cpus;
    int spis, cpu;

    if (!f->percpu) {
        sysbus_connect_irq(sbd, 0, qdev_get_gpio_in(vms->gic, irq));
        return;
    }
    spis = object_property_get_uint(OBJECT(vms->gic), "num-irq",
                                    &error_fatal) - GIC_INTERNAL;
    for (cpu = 0; cpu < cpus; cpu++) {
        sysbus_connect_irq(sbd, cpu,
                           qdev_get_gpio_in(vms->gic, spis +
                                            cpu * GIC_INTERNAL +
                                            GIC_NR_SGIS + irq));
    }
}

void virt_neta_create(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    const NetaFlavour *f = neta_flavour(vms);
    MemoryRegion *dma, *ram_alias;
    DeviceState *devs[NETA_PORTS];
    uint32_t clk, bm = 0, phys[NETA_PORTS] = { 0 };
    int i;

    if (!vms->neta_netdev[0] && !vms->neta_netdev[1]) {
        return;
    }
    if (f->percpu && (vms->gic_version != VIRT_GIC_VERSION_2 ||
                      ms->smp.cpus > NETA_MAX_CPUS)) {
        error_report("neta-flavour=%s: per-CPU interrupts need gic-version=2 "
                     "and at most %d CPUs", f->name, NETA_MAX_CPUS);
        exit(1);
    }

    /* What the ports can reach: DRAM, where the board maps it. */
    dma = g_new(MemoryRegion, 1);
    memory_region_init(dma, OBJECT(vms), "neta-dma", UINT64_MAX);
    ram_alias = g_new(MemoryRegion, 1);
    memory_region_init_alias(ram_alias, OBJECT(vms), "neta-dma-ram",
                             ms->ram, 0, memory_region_size(ms->ram));
    memory_region_add_subregion(dma, vms->memmap[VIRT_MEM].base, ram_alias);

    clk = qemu_fdt_alloc_phandle(ms->fdt);
    qemu_fdt_add_subnode(ms->fdt, "/neta-core-clk");
    qemu_fdt_setprop_string(ms->fdt, "/neta-core-clk", "compatible",
                            "fixed-clock");
    qemu_fdt_setprop_cell(ms->fdt, "/neta-core-clk", "#clock-cells", 0);
    qemu_fdt_setprop_cell(ms->fdt, "/neta-core-clk", "clock-frequency",
                          NETA_CLOCK_HZ);
    qemu_fdt_setprop_string(ms->fdt, "/neta-core-clk", "clock-output-names",
                            "neta-core");
    qemu_fdt_setprop_cell(ms->fdt, "/neta-core-clk", "phandle", clk);

    if (f->bm) {
        char *node = g_strdup_printf("/bm@%x", NETA_BM_BASE);

        bm = qemu_fdt_alloc_phandle(ms->fdt);
        qemu_fdt_add_subnode(ms->fdt, node);
        qemu_fdt_setprop_string(ms->fdt, node, "compatible",
                                "marvell,armada-380-neta-bm");
        qemu_fdt_setprop_sized_cells(ms->fdt, node, "reg", 2, NETA_BM_BASE,
                                     2, NETA_BM_SIZE);
        qemu_fdt_setprop_cell(ms->fdt, node, "clocks", clk);
        qemu_fdt_setprop_string(ms->fdt, node, "status", "okay");
        qemu_fdt_setprop_cell(ms->fdt, node, "phandle", bm);
        g_free(node);
    }

    if (f->phys) {
        neta_fdt_mdio(vms, clk, phys);
    }

    /*
     * Both first, in the QOM tree (a link is set by path): each PHY's
     * partner is the other port's.
     */
    for (i = 0; i < NETA_PORTS; i++) {
        char *name = g_strdup_printf("eth%d", i);

        devs[i] = qdev_new(TYPE_MARVELL_NETA);
        object_property_add_child(OBJECT(vms), name, OBJECT(devs[i]));
        g_free(name);
    }
    /* Nodes are added in reverse so that port 0 probes first (eth0). */
    for (i = NETA_PORTS - 1; i >= 0; i--) {
        hwaddr base = NETA_BASE + i * NETA_STRIDE;
        int irq = (f->percpu ? NETA_FIRST_PPI : NETA_FIRST_SPI) + i;
        DeviceState *dev = devs[i];
        const char *id = vms->neta_netdev[i];
        MACAddr mac = { .a = { 0x52, 0x54, 0x00, 0x37, 0x20, 0x10 + i } };

        if (id && *id) {
            NetClientState *peer = qemu_find_netdev(id);

            if (!peer) {
                error_report("neta%d: no netdev with id '%s'", i, id);
                exit(1);
            }
            qdev_prop_set_netdev(dev, "netdev", peer);
        }
        qdev_prop_set_macaddr(dev, "mac", mac.a);
        qdev_prop_set_uint32(dev, "clock-frequency", NETA_CLOCK_HZ);
        object_property_set_link(OBJECT(dev), "dma-memory", OBJECT(dma),
                                 &error_fatal);
        if (f->percpu) {
            qdev_prop_set_uint32(dev, "cpus", ms->smp.cpus);
            /*
             * The board has no MBUS controller for a driver to describe
             * DRAM from: the ports start as a boot loader leaves them.
             */
            qdev_prop_set_bit(dev, "boot-windows", true);
        }
        if (i == 1 && f->eth1_sgmii) {
            qdev_prop_set_bit(dev, "serdes", true);
        }
        if (f->phys) {
            qdev_prop_set_uint32(dev, "phy-addr", i);
            qdev_prop_set_bit(dev, "smi", i == 0);
            object_property_set_link(OBJECT(dev), "peer",
                                     OBJECT(devs[NETA_PORTS - 1 - i]),
                                     &error_fatal);
        }
        if (f->csum_limit) {
            qdev_prop_set_uint32(dev, "tx-csum-limit",
                                 i == 0 && f->eth0_csum_limit ?
                                 f->eth0_csum_limit : f->csum_limit);
        }
        /* Not coherent: the port gets the CPU's data cache modelled. */
        if (!f->coherent) {
            object_property_set_link(OBJECT(dev), "ram", OBJECT(ms->ram),
                                     &error_fatal);
        }
        sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, base);
        neta_connect_irqs(vms, f, SYS_BUS_DEVICE(dev), irq);
        neta_fdt_node(vms, f, i, base, irq, clk, bm, phys[i], mac.a);
    }
}
