/*
 * Two NETA ports on the "virt" board (arm64, or 32-bit ARM with 370/XP/38x ports)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_VIRT_NETA_H
#define HW_ARM_VIRT_NETA_H

#include "hw/arm/virt.h"

void virt_neta_class_init(ObjectClass *oc);
void virt_neta_create(VirtMachineState *vms);

#endif
