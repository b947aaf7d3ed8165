/*
 * Marvell NETA gigabit Ethernet port: device core
 *
 * The core knows registers, rings, DMA, address filtering and counters.
 * The QOM shell (marvell_neta.c) owns the bus, the net client and the
 * timers and calls in here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_MARVELL_NETA_CORE_H
#define HW_NET_MARVELL_NETA_CORE_H

#include "hw/net/marvell_neta.h"

void neta_core_realize(MarvellNetaState *s);
void neta_core_unrealize(MarvellNetaState *s);
void neta_core_reset(MarvellNetaState *s);
void neta_core_power_cycle(MarvellNetaState *s);
/*
 * @cpu: the register bank the access reaches: the accessing CPU in
 * per-CPU mode, 0 with one shared line (see neta_accessing_cpu()).
 */
uint64_t neta_core_read(MarvellNetaState *s, hwaddr addr, int cpu);
void neta_core_write(MarvellNetaState *s, hwaddr addr, uint32_t val, int cpu);
ssize_t neta_core_receive(MarvellNetaState *s, const uint8_t *buf,
                          size_t size);
void neta_core_tx_resume(MarvellNetaState *s);
void neta_core_rx_coal_expired(MarvellNetaState *s, int q);
void neta_core_rx_timer(MarvellNetaState *s);
uint64_t neta_core_cache_errors(MarvellNetaState *s);
uint64_t neta_core_dc_ops(MarvellNetaState *s);
bool neta_core_gen_start(MarvellNetaState *s, uint32_t frames, Error **errp);
void neta_core_gen_timer(MarvellNetaState *s);
void neta_core_set_line(MarvellNetaState *s, bool up);
bool neta_core_flow_control(MarvellNetaState *s);

/* The copper PHY and the SMI (marvell_neta_phy.c). */
void neta_phy_reset(MarvellNetaState *s);
bool neta_phy_link(MarvellNetaState *s);
void neta_phy_line_changed(MarvellNetaState *s, bool up);
void neta_smi_write(MarvellNetaState *s, uint32_t val);
uint32_t neta_smi_read(MarvellNetaState *s);
int64_t neta_phy_tx_wake(MarvellNetaState *s, int64_t start, int64_t idle);
void neta_phy_inject_wake_errors(MarvellNetaState *s, uint32_t n);

#endif
