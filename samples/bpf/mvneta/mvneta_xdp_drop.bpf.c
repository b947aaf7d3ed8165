// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_DROP every frame.
 *
 *   ip link set dev eth0 xdp obj mvneta_xdp_drop.bpf.o sec xdp
 *   ethtool -S eth0 | grep rx_xdp_drop
 *
 * Above MTU 3496, load the same program declared for frames in several
 * buffers: "sec xdp.frags".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_drop_all(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp.frags")
int xdp_drop_all_frags(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
