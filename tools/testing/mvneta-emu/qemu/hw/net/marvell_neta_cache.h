/*
 * Marvell NETA gigabit Ethernet port: the CPU data cache the port is not
 * coherent with
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_MARVELL_NETA_CACHE_H
#define HW_NET_MARVELL_NETA_CACHE_H

#include "exec/memory.h"

typedef struct NetaCache NetaCache;

/*
 * The cache model of the board's DRAM @ram, created on first use and
 * shared by every port (the CPU's cache is one for all of them).  Once it
 * exists the CPU's data-cache maintenance by address reaches it.
 */
NetaCache *neta_cache_get(MemoryRegion *ram);

/*
 * Packet-buffer DMA of a port through the cache model.  @host is where
 * the DMA address lands in @ram (the caller translated and checked it).
 * Both return how many cache lines they found in a state a correct
 * driver never leaves them in; each is logged with LOG_GUEST_ERROR.
 */
unsigned neta_cache_port_write(NetaCache *c, uint8_t *host,
                               const uint8_t *buf, size_t len);
unsigned neta_cache_port_read(NetaCache *c, const uint8_t *host,
                              uint8_t *buf, size_t len);

/* Does @host..@host+@len lie in the DRAM the model covers? */
bool neta_cache_covers(NetaCache *c, const uint8_t *host, size_t len);

/* Lines reported so far, by every port and by the CPU's own operations. */
uint64_t neta_cache_errors(NetaCache *c);

/* Data-cache maintenance operations by VA the CPUs issued, one per line. */
uint64_t neta_cache_ops(NetaCache *c);

#endif
