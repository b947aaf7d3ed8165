/*
 * Two Armada 3720-like NETA ports on the arm64 "virt" board
 *
 *   -machine virt,neta0=<netdev id>,neta1=<netdev id>
 *
 * Naming either port puts both on the board (a port left unnamed has no
 * cable).  Each port gets a fixed MMIO window, one level-triggered SPI,
 * and a device-tree node the stock driver probes: compatible
 * "marvell,armada-3700-neta", a fixed 250 MHz core clock, a 1000/full
 * fixed-link, and no "dma-coherent" (the real port is not coherent).
 * The ports' DMA reaches the board's DRAM only.  They sit in the QOM
 * tree as /machine/eth0 and /machine/eth1, the names the guest gives them.
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

void virt_neta_class_init(ObjectClass *oc)
{
    object_class_property_add_str(oc, "neta0", neta0_get, neta0_set);
    object_class_property_set_description(oc, "neta0",
        "Netdev id cabled to the first NETA port (eth0)");
    object_class_property_add_str(oc, "neta1", neta1_get, neta1_set);
    object_class_property_set_description(oc, "neta1",
        "Netdev id cabled to the second NETA port (eth1)");
}

static void neta_fdt_node(MachineState *ms, hwaddr base, int spi,
                          uint32_t clk, const uint8_t *mac)
{
    char *node = g_strdup_printf("/ethernet@%" PRIx64, base);
    char *fixed = g_strdup_printf("%s/fixed-link", node);

    qemu_fdt_add_subnode(ms->fdt, node);
    qemu_fdt_setprop_string(ms->fdt, node, "compatible",
                            "marvell,armada-3700-neta");
    qemu_fdt_setprop_sized_cells(ms->fdt, node, "reg", 2, base, 2, NETA_SIZE);
    qemu_fdt_setprop_cells(ms->fdt, node, "interrupts",
                           GIC_FDT_IRQ_TYPE_SPI, spi,
                           GIC_FDT_IRQ_FLAGS_LEVEL_HI);
    qemu_fdt_setprop_cell(ms->fdt, node, "clocks", clk);
    qemu_fdt_setprop_string(ms->fdt, node, "phy-mode", "rgmii-id");
    qemu_fdt_setprop(ms->fdt, node, "local-mac-address", mac, 6);
    qemu_fdt_setprop_string(ms->fdt, node, "status", "okay");

    qemu_fdt_add_subnode(ms->fdt, fixed);
    qemu_fdt_setprop_cell(ms->fdt, fixed, "speed", 1000);
    qemu_fdt_setprop(ms->fdt, fixed, "full-duplex", NULL, 0);

    g_free(fixed);
    g_free(node);
}

void virt_neta_create(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    MemoryRegion *dma, *ram_alias;
    uint32_t clk;
    int i;

    if (!vms->neta_netdev[0] && !vms->neta_netdev[1]) {
        return;
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

    /* Nodes are added in reverse so that port 0 probes first (eth0). */
    for (i = NETA_PORTS - 1; i >= 0; i--) {
        hwaddr base = NETA_BASE + i * NETA_STRIDE;
        int spi = NETA_FIRST_SPI + i;
        DeviceState *dev = qdev_new(TYPE_MARVELL_NETA);
        const char *id = vms->neta_netdev[i];
        MACAddr mac = { .a = { 0x52, 0x54, 0x00, 0x37, 0x20, 0x10 + i } };
        char *name = g_strdup_printf("eth%d", i);

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
        /* Not coherent: the port gets the CPU's data cache modelled. */
        object_property_set_link(OBJECT(dev), "ram", OBJECT(ms->ram),
                                 &error_fatal);
        object_property_add_child(OBJECT(vms), name, OBJECT(dev));
        sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, base);
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                           qdev_get_gpio_in(vms->gic, spi));
        neta_fdt_node(ms, base, spi, clk, mac.a);
        g_free(name);
    }
}
