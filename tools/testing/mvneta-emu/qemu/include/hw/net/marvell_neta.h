/*
 * Marvell NETA gigabit Ethernet port (Armada 3700 flavour)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_MARVELL_NETA_H
#define HW_NET_MARVELL_NETA_H

#include "hw/sysbus.h"
#include "net/net.h"
#include "exec/memory.h"
#include "qom/object.h"

#define TYPE_MARVELL_NETA "marvell-neta"
OBJECT_DECLARE_SIMPLE_TYPE(MarvellNetaState, MARVELL_NETA)

#define NETA_QUEUES 8
#define NETA_REGS_WORDS (0x4000 / 4)
#define NETA_MAX_FRAME (16 * 1024)

typedef struct NetaRxQueue {
    uint32_t head;          /* next descriptor the port fills */
    uint32_t occupied;      /* filled, not yet given back by the driver */
    uint32_t non_occupied;  /* free descriptors the port may fill */
    bool time_fired;        /* time coalescing expired with frames pending */
    QEMUTimer *coal_timer;
    struct MarvellNetaState *owner;
    int index;
} NetaRxQueue;

typedef struct NetaTxQueue {
    uint32_t head;          /* next descriptor the port sends */
    uint32_t pending;       /* handed to the port, not sent yet */
    uint32_t sent;          /* sent, not yet acknowledged by the driver */
} NetaTxQueue;

/* Faults armed from the host; each counter is consumed frame by frame. */
typedef struct NetaFaults {
    uint32_t rx_crc;
    uint32_t rx_resource;
    uint32_t rx_oversize;
    uint32_t rx_overrun;
} NetaFaults;

/* Model-side counters readable with qom-get (not guest visible). */
typedef struct NetaModelStats {
    uint64_t rx_delivered;  /* frames written to an RX ring */
    uint64_t rx_filtered;   /* frames rejected by the DA filter */
    uint64_t rx_dropped;    /* frames dropped: port off, queue off, ... */
    uint64_t tx_frames;     /* frames put on the wire */
    uint64_t tx_link_down;  /* frames sent while the line was down */
    uint64_t guest_errors;  /* bad descriptors, DMA faults */
} NetaModelStats;

struct MarvellNetaState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    qemu_irq irq;
    NICState *nic;
    NICConf conf;

    /* DMA reaches only what the board links in (its DRAM). */
    MemoryRegion *dma_mr;
    AddressSpace dma_as;

    uint32_t regs[NETA_REGS_WORDS];
    uint32_t mib[0x80 / 4];
    uint32_t mib_latched_high[2];
    uint32_t rx_discard;
    uint32_t rx_overrun;
    uint32_t misc_cause;

    NetaRxQueue rxq[NETA_QUEUES];
    NetaTxQueue txq[NETA_QUEUES];
    bool tx_waiting;        /* a frame is queued in the net layer */
    QEMUBH *tx_bh;

    bool line_up;           /* the cable */
    bool rx_overrun_drop;   /* full ring drops instead of back-pressure */
    uint32_t clock_hz;      /* core clock, for time coalescing */
    NetaFaults faults;
    NetaModelStats stats;
    int64_t log_window_ms;  /* guest-error log rate limit */
    uint32_t log_in_window;
    uint32_t log_suppressed;

    uint8_t rx_frame[NETA_MAX_FRAME];
    uint8_t tx_frame[NETA_MAX_FRAME];
};

#endif
