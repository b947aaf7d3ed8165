/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux 6.6 split <net/page_pool.h> into <net/page_pool/types.h> and
 * <net/page_pool/helpers.h>.  The out-of-tree build puts this directory
 * last on the include path, so that on older kernels, which have only the
 * one header, it stands in for either half (see mvneta_compat.h).
 */
#include <net/page_pool.h>
