// SPDX-License-Identifier: GPL-2.0
/*
 * Reflect every Ethernet frame back out of the port it came in on, with
 * source and destination MAC addresses swapped (XDP_TX).
 *
 *   ip link set dev eth0 xdp obj mvneta_xdp_tx.bpf.o sec xdp
 *   ethtool -S eth0 | grep rx_xdp_tx
 *
 * Above MTU 3496, load the same program declared for frames in several
 * buffers: "sec xdp.frags".  The Ethernet header is in the first buffer,
 * which is all direct packet access reaches; the rest goes out as it
 * came.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

static __always_inline int swap_and_tx(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	unsigned char tmp[ETH_ALEN];

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

SEC("xdp")
int xdp_tx_swap(struct xdp_md *ctx)
{
	return swap_and_tx(ctx);
}

SEC("xdp.frags")
int xdp_tx_swap_frags(struct xdp_md *ctx)
{
	return swap_and_tx(ctx);
}

char _license[] SEC("license") = "GPL";
