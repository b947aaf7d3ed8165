/*
 * Marvell NETA gigabit Ethernet port: the CPU data cache the port is not
 * coherent with
 *
 * On the Armada 3720 the NETA port's DMA does not snoop the Cortex-A53
 * data cache (its device tree node has no "dma-coherent"), so a driver
 * must clean a buffer's lines before the port reads it and invalidate
 * them before the CPU reads what the port wrote.  TCG has no data cache:
 * every CPU access goes straight to guest RAM and the maintenance
 * instructions are no-ops, so a driver that forgets a sync, or syncs too
 * little, works here and corrupts frames on the board.  This file gives
 * the port the view of memory it would have next to a write-back cache
 * that always holds the stalest line it legally could.
 *
 * Every 64-byte line of DRAM has, besides its bytes in guest RAM (what
 * the CPU reads and writes):
 *  - a snapshot, valid after the CPU cleaned or invalidated the line or
 *    the port wrote it: the line as the CPU saw it then.  While the
 *    snapshot is valid, DRAM holds the snapshot, and guest RAM differing
 *    from it means the CPU wrote the line since (a dirty line);
 *  - pending bytes: what the port wrote into the line since the CPU last
 *    invalidated it.  DRAM holds them, but the CPU keeps reading its own
 *    (stale) copy in guest RAM until it invalidates the line.
 *
 * What follows, as on silicon:
 *  - a frame the port writes becomes visible to the CPU line by line,
 *    only when the CPU invalidates each line (DC IVAC or DC CIVAC, which
 *    is what dma_sync_*_for_cpu() issues on arm64); a line it never
 *    invalidates keeps its old bytes, as a stale cached line would;
 *  - the port reads DRAM: the snapshot as of the CPU's last clean, plus
 *    its own pending writes.  Bytes the CPU changed since that clean are
 *    not seen, and the read is reported;
 *  - a port write into a line the CPU changed since its last clean is
 *    reported: on silicon that dirty line is written back some time
 *    later, over the frame;
 *  - a CPU invalidate (DC IVAC) of a line the port wrote, when the CPU
 *    also changed that line in the meantime, is reported: one of the two
 *    writes is lost on silicon.  A clean, or a clean-and-invalidate, of
 *    such a line writes the CPU's data over the port's, which is how a
 *    reused buffer legitimately ends (no report).
 *
 * Memory the kernel maps non-cacheable (dma_alloc_coherent(): descriptor
 * rings, TSO header blocks) must not be held to this.  Descriptors never
 * come here (the port reads and writes them directly).  For the rest,
 * QEMU tells us (cache_uncached_hook, patch 0004) when a CPU maps a RAM
 * page Normal Non-cacheable: its lines are left unchecked, with what the
 * port wrote there made visible, until the next clean or invalidate of
 * them (which no driver issues on coherent memory; a page freed and
 * reused as a streaming buffer gets one before the port sees it).  A
 * clean-and-invalidate leaves a line unchecked in the same way: Linux
 * 6.1 prepares coherent memory with one, and dcache_inval_poc() issues
 * one on the partial first and last lines of a sync range.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bitmap.h"
#include "qemu/timer.h"
#include "exec/cache-maint.h"
#include "hw/net/marvell_neta.h"
#include "marvell_neta_cache.h"

#define LINE                64

struct NetaCache {
    MemoryRegion *ram;
    uint8_t *base;          /* guest RAM as the host maps it */
    size_t size;
    uint8_t *snap;          /* per line: the CPU's view at its last sync */
    uint8_t *pend;          /* per line: bytes the port wrote, not yet seen */
    uint64_t *pmask;        /* per line: which bytes of pend are valid */
    unsigned long *valid;   /* per line: snap holds what DRAM holds */
    uint64_t errors;
    uint64_t ops;           /* every DC xVAC the CPUs issued on RAM */
    NetaLogLimit log;
};

static NetaCache *neta_cache;

static void neta_cache_report(NetaCache *c, size_t line, const char *what)
{
    c->errors++;
    if (neta_log_admit(&c->log, "neta-cache")) {
        qemu_log_mask(LOG_GUEST_ERROR, "neta-cache: RAM offset 0x%zx: %s\n",
                      line * LINE, what);
    }
}

static bool cpu_changed(NetaCache *c, size_t i, unsigned off, unsigned len)
{
    return test_bit(i, c->valid) &&
           memcmp(c->base + i * LINE + off, c->snap + i * LINE + off, len);
}

static void apply_pending(NetaCache *c, size_t i)
{
    uint8_t *ram = c->base + i * LINE, *pend = c->pend + i * LINE;
    uint64_t m = c->pmask[i];
    int b;

    if (m == UINT64_MAX) {
        memcpy(ram, pend, LINE);
    } else {
        for (b = 0; b < LINE; b++) {
            if (m & (1ull << b)) {
                ram[b] = pend[b];
            }
        }
    }
    c->pmask[i] = 0;
}

/* One line of a DC IVAC / CVAC / CIVAC (or their AArch32 forms). */
static void neta_cache_line_op(NetaCache *c, size_t i, CacheMaintOp op)
{
    if (c->pmask[i]) {
        bool dirty = cpu_changed(c, i, 0, LINE);

        if (dirty && op != CACHE_MAINT_INVALIDATE) {
            /*
             * A clean writes the CPU's dirty line to DRAM over what the
             * port wrote: the buffer went back to the CPU unread and was
             * reused (a freed RX page now a coherent allocation, which
             * the kernel zeroes, then cleans and invalidates), so the
             * CPU's data wins.
             */
            c->pmask[i] = 0;
        } else if (op == CACHE_MAINT_CLEAN) {
            return;         /* a clean stale line: nothing moves */
        } else {
            /*
             * An invalidate drops a dirty line: what the CPU wrote into
             * a buffer the port owned is lost.  Streaming mappings are
             * cleaned before the port gets them, so only a driver that
             * writes into a buffer it handed over gets here.
             */
            if (dirty) {
                neta_cache_report(c, i, "the CPU wrote into a line the "
                                  "port had written, before invalidating it");
            }
            apply_pending(c, i);
        }
    }
    memcpy(c->snap + i * LINE, c->base + i * LINE, LINE);
    if (op == CACHE_MAINT_CLEAN_INVALIDATE) {
        clear_bit(i, c->valid);
    } else {
        set_bit(i, c->valid);
    }
}

static void neta_cache_maint(CacheMaintOp op, void *host, size_t len)
{
    NetaCache *c = neta_cache;
    uint8_t *p = host;
    size_t i;

    if (!c) {
        return;
    }
    c->ops++;
    if (!neta_cache_covers(c, p, len)) {
        return;
    }
    for (i = (p - c->base) / LINE; i * LINE < (size_t)(p - c->base) + len;
         i++) {
        neta_cache_line_op(c, i, op);
    }
}

/*
 * A CPU maps the page at @host non-cacheable: its accesses there reach
 * DRAM directly, so what the port wrote is what it reads, and what it
 * writes is what the port reads.
 */
static void neta_cache_uncached(void *host, size_t len)
{
    NetaCache *c = neta_cache;
    uint8_t *p = host;
    size_t i;

    if (!c || !neta_cache_covers(c, p, len)) {
        return;
    }
    for (i = (p - c->base) / LINE; i * LINE < (size_t)(p - c->base) + len;
         i++) {
        if (c->pmask[i]) {
            apply_pending(c, i);
        }
        clear_bit(i, c->valid);
    }
}

bool neta_cache_covers(NetaCache *c, const uint8_t *host, size_t len)
{
    return host >= c->base && len <= c->size &&
           (size_t)(host - c->base) <= c->size - len;
}

unsigned neta_cache_port_write(NetaCache *c, uint8_t *host,
                               const uint8_t *buf, size_t len)
{
    size_t pos = host - c->base, end = pos + len;
    unsigned bad = 0;

    while (pos < end) {
        size_t i = pos / LINE;
        unsigned off = pos % LINE, n = MIN(LINE - off, end - pos);
        uint64_t m = n == LINE ? UINT64_MAX : ((1ull << n) - 1) << off;

        if (!c->pmask[i]) {
            if (cpu_changed(c, i, 0, LINE)) {
                neta_cache_report(c, i, "the port wrote into a line the CPU "
                                  "changed since its last clean");
                bad++;
            }
            memcpy(c->snap + i * LINE, c->base + i * LINE, LINE);
            set_bit(i, c->valid);
        }
        memcpy(c->pend + pos, buf, n);
        c->pmask[i] |= m;
        buf += n;
        pos += n;
    }
    return bad;
}

unsigned neta_cache_port_read(NetaCache *c, const uint8_t *host,
                              uint8_t *buf, size_t len)
{
    size_t pos = host - c->base, end = pos + len;
    unsigned bad = 0;

    while (pos < end) {
        size_t i = pos / LINE;
        unsigned off = pos % LINE, n = MIN(LINE - off, end - pos), b;
        uint64_t m = c->pmask[i];

        /*
         * Only the bytes read count: a line may be shared with data the
         * CPU is still writing (the next frame in a page fragment).
         */
        if (cpu_changed(c, i, off, n)) {
            neta_cache_report(c, i, "the port read a line the CPU changed "
                              "since its last clean");
            bad++;
        }
        memcpy(buf, (test_bit(i, c->valid) ? c->snap : c->base) + pos, n);
        for (b = 0; m && b < n; b++) {
            if (m & (1ull << (off + b))) {
                buf[b] = c->pend[pos + b];
            }
        }
        buf += n;
        pos += n;
    }
    return bad;
}

uint64_t neta_cache_errors(NetaCache *c)
{
    return c->errors;
}

uint64_t neta_cache_ops(NetaCache *c)
{
    return c->ops;
}

NetaCache *neta_cache_get(MemoryRegion *ram)
{
    NetaCache *c = neta_cache;
    size_t lines;

    if (c) {
        return c->ram == ram ? c : NULL;
    }
    c = g_new0(NetaCache, 1);
    c->ram = ram;
    c->base = memory_region_get_ram_ptr(ram);
    c->size = QEMU_ALIGN_DOWN(memory_region_size(ram), LINE);
    lines = c->size / LINE;
    /* Only the pages of lines ever touched get backed by the host. */
    c->snap = g_malloc0(c->size);
    c->pend = g_malloc0(c->size);
    c->pmask = g_new0(uint64_t, lines);
    c->valid = bitmap_new(lines);
    neta_cache = c;
    cache_maint_hook = neta_cache_maint;
    cache_uncached_hook = neta_cache_uncached;
    return c;
}
