// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_PASS every frame: the stack sees everything, rx_xdp_pass counts.
 *
 *   ip link set dev eth0 xdp obj mvneta_xdp_pass.bpf.o sec xdp
 *
 * Above MTU 3496, load the same program declared for frames in several
 * buffers: "sec xdp.frags".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass_all(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp.frags")
int xdp_pass_all_frags(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
