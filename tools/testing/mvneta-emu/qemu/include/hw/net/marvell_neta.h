/*
 * Marvell NETA gigabit Ethernet port (Armada 3700, AC5, 370, XP, 38x)
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

/*
 * Guest-error logging that a guest making mistakes in a loop cannot
 * flood: at most NETA_LOG_BURST lines a second, then a count of the rest.
 */
#define NETA_LOG_BURST 50

typedef struct NetaLogLimit {
    int64_t window_ms;
    uint32_t in_window;
    uint32_t suppressed;
} NetaLogLimit;

/* May one more line be logged now?  @who names the source in the count. */
bool neta_log_admit(NetaLogLimit *l, const char *who);

#define NETA_QUEUES 8
#define NETA_MAX_CPUS 4         /* CPU_MAP registers: Armada XP's four CPUs */
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

/* A TX descriptor as the port fetched it when the driver handed it over. */
typedef struct NetaTxDesc {
    uint32_t cmd;
    uint32_t buf;
    uint16_t len;
    bool bad;               /* could not be fetched */
} NetaTxDesc;

typedef struct NetaTxQueue {
    uint32_t head;          /* next descriptor the port sends */
    uint32_t pending;       /* handed to the port, not sent yet */
    uint32_t sent;          /* sent, not yet acknowledged by the driver */
    int64_t ready_ns;       /* when descriptors were last handed over */
    NetaTxDesc *desc;       /* fetched descriptors, by ring index */
} NetaTxQueue;

/*
 * The one frame the MAC is putting on the wire.  It occupies the wire
 * from its start until end_ns; its buffers are read and its descriptors
 * completed then, when its last bit has left.
 */
typedef struct NetaTxWire {
    bool busy;
    bool bad;               /* it cannot be sent: it only completes */
    int q;
    uint32_t ndesc;
    int64_t end_ns;
    int64_t free_ns;        /* when the wire is free for the next frame */
    int64_t hold_ns;        /* the link partner holds us until then */
} NetaTxWire;

/* Faults armed from the host; each counter is consumed frame by frame. */
typedef struct NetaFaults {
    uint32_t rx_crc;
    uint32_t rx_resource;
    uint32_t rx_oversize;
    uint32_t rx_overrun;
    uint32_t tx_hold_us;    /* hold the transmitter this long, once */
    uint32_t rx_last_delay_us; /* multi-buffer frames end this much later */
} NetaFaults;

/* Model-side counters readable with qom-get (not guest visible). */
typedef struct NetaModelStats {
    uint64_t rx_delivered;  /* frames written to an RX ring */
    uint64_t rx_filtered;   /* frames rejected by the DA filter */
    uint64_t rx_dropped;    /* frames dropped: port off, queue off, ... */
    uint64_t tx_frames;     /* frames put on the wire */
    uint64_t tx_link_down;  /* frames sent while the line was down */
    uint64_t guest_errors;  /* bad descriptors, DMA faults */
    uint64_t tx_refused;    /* frames the peer could not take at once */
    uint64_t rx_paced;      /* frames held back: faster than the line */
    uint64_t cache_errors;  /* this port's DMA against a dirty cache line */
    uint64_t mmio_reads;    /* guest register reads */
    uint64_t mmio_writes;   /* guest register writes */
    uint64_t irqs;          /* times the interrupt line went up */
    uint64_t rx_processed;  /* RX descriptors the driver gave back */
    uint64_t rx_overruns;   /* frames lost: no free RX descriptor */
    uint64_t gen_sent;      /* frames the generator put on the line */
    uint64_t rx_split;      /* frames the driver began before their end */
    uint64_t power_cycles;  /* power cuts asked for ("power-cycle") */
} NetaModelStats;

/*
 * The frame generator (benchmarks): IPv4/UDP frames to the port's own
 * address, as if from the wire, at an exact rate of the virtual clock.
 */
typedef struct NetaGen {
    uint32_t frames;        /* frames of the current run */
    uint32_t pps;           /* rate; 0: the line rate for that length */
    uint32_t len;           /* bytes on the wire, FCS included */
    bool pause;             /* pause the VM once a run is over */
    bool running;           /* sending, or waiting for the run to end */
    uint32_t run_len;       /* len and pps as the run started with them */
    uint32_t run_pps;
    uint32_t sent;          /* frames sent in this run */
    int64_t start_ns;
    uint64_t delivered0;    /* stats.rx_delivered when the run started */
    uint64_t processed0;    /* stats.rx_processed when the run started */
    int64_t icount0;        /* guest instructions when the run started */
    uint64_t insns;         /* guest instructions the last run took */
    QEMUTimer *timer;
} NetaGen;

/*
 * The port's copper PHY on the board's SMI bus (see marvell_neta_phy.c):
 * its clause-22 registers and the clause-45 EEE ones behind 13 and 14.
 */
typedef struct NetaPhy {
    bool present;           /* "phy-addr" names one */
    uint32_t addr;
    uint16_t bmcr;
    uint16_t anar;
    uint16_t ctrl1000;
    uint16_t mmd_ctrl;      /* register 13: function and device */
    uint16_t mmd_addr[32];  /* register 14's address, per device */
    uint16_t pcs_ctrl1;     /* 3.0 */
    uint16_t eee_adv;       /* 7.60 */
    uint16_t wake_errors;   /* 3.22, clear on read */
    bool link_latched_down; /* BMSR's link status until it is read */
    uint64_t lpi_wakes;     /* frames that woke the transmitter from LPI */
    uint64_t lpi_ignored;   /* ... that found LPI asked for without EEE */
} NetaPhy;

struct MarvellNetaState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    /*
     * The interrupt lines: irq[0] alone, shared by all CPUs (Armada 3700,
     * AC5), or one per CPU (Armada 370/XP/38x, "cpus" set): the port
     * signals each CPU the queues its CPU_MAP register grants it.
     */
    qemu_irq irq[NETA_MAX_CPUS];
    uint32_t cpus;          /* per-CPU lines for this many CPUs; 0: one */
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
    /*
     * The mask registers, banked by accessing CPU in per-CPU mode (each
     * CPU programs its own); bank 0 alone with one shared line.
     */
    uint32_t new_mask[NETA_MAX_CPUS];
    uint32_t old_mask[NETA_MAX_CPUS];
    uint32_t misc_mask[NETA_MAX_CPUS];

    NetaRxQueue rxq[NETA_QUEUES];
    NetaTxQueue txq[NETA_QUEUES];
    NetaTxWire tx;
    QEMUTimer *tx_timer;    /* the frame on the wire has left */
    bool tx_waiting;        /* the peer holds a frame it could not take */
    int tx_wait_q;          /* ... and whose descriptors it completes */
    uint32_t tx_wait_ndesc;
    QEMUBH *tx_bh;

    /*
     * Reception at line rate: the wire is busy until rx_free_ns; a frame
     * spanning descriptors has its last one written at rx_last_ns.
     */
    int64_t rx_free_ns;
    QEMUTimer *rx_timer;
    bool rx_last_due;       /* a frame's last descriptor is still to come */
    int rx_last_q;
    uint32_t rx_last_status;
    uint16_t rx_last_len;
    uint64_t rx_last_desc;  /* its address */
    uint32_t rx_last_shown; /* its descriptors the driver may already see */
    bool rx_last_split;     /* ... and has given some of them back */

    bool line_up;           /* the cable */
    bool rx_lossless;       /* full ring holds frames back (never silicon) */
    bool boot_windows;      /* reset leaves window 0 open, as a boot loader */
    bool serdes;            /* the line comes through an SGMII SerDes lane */
    NetaPhy phy;
    bool has_smi;           /* this port's unit drives the board's SMI */
    uint32_t smi_reg;       /* the SMI register as last written or read */
    /* The port at the cable's other end, when the board says (PHYs). */
    struct MarvellNetaState *peer;
    /*
     * The largest IP packet (an MTU) the TX checksum engine takes: longer
     * ones leave without the checksums asked for.  0: no limit.
     */
    uint32_t tx_csum_limit;
    MemoryRegion *ram;      /* DRAM, for the cache model; NULL: coherent */
    struct NetaCache *cache;
    uint32_t clock_hz;      /* core clock, for time coalescing */
    NetaFaults faults;
    NetaModelStats stats;
    NetaGen gen;
    bool irq_level[NETA_MAX_CPUS]; /* the interrupt lines as last set */
    NetaLogLimit log;       /* guest-error log rate limit */

    uint8_t rx_frame[NETA_MAX_FRAME];
    uint8_t tx_frame[NETA_MAX_FRAME];
    uint8_t gen_frame[NETA_MAX_FRAME];
};

#endif
