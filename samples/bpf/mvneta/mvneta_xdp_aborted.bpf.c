// SPDX-License-Identifier: GPL-2.0
/* Returns XDP_ABORTED for every frame: a program that "cannot run". */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_abort_all(struct xdp_md *ctx)
{
	return XDP_ABORTED;
}

char _license[] SEC("license") = "GPL";
