// SPDX-License-Identifier: GPL-2.0
/*
 * Test program for XDP_PASS with the buffer changed: moves the frame
 * start back by 16 bytes (adjust_head) and writes a copy of the Ethernet
 * header there, cuts 4 bytes off the tail, and, where the driver offers
 * metadata, pushes 4 bytes of it (0x6d766e65, "mvne") for a tc program
 * to read from the skb.  The stack then sees a frame with 16 extra bytes
 * in front: an Ethernet header whose type is 0x88b5 (local experimental)
 * followed by 2 bytes of 0xee padding, then the original frame minus its
 * last 4 bytes.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_adjust(struct xdp_md *ctx)
{
	void *data, *data_end, *meta;
	struct ethhdr *old, *eth;
	unsigned char *pad;
	int has_meta;

	/* Not every driver has room for metadata: then go on without. */
	has_meta = !bpf_xdp_adjust_meta(ctx, -4);
	if (bpf_xdp_adjust_head(ctx, -16))
		return XDP_ABORTED;
	if (bpf_xdp_adjust_tail(ctx, -4))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (has_meta) {
		meta = (void *)(long)ctx->data_meta;
		if (meta + 4 > data)
			return XDP_ABORTED;
		*(__u32 *)meta = bpf_htonl(0x6d766e65);
	}
	eth = data;
	old = data + 16;
	if ((void *)(old + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth->h_dest, old->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_source, old->h_source, ETH_ALEN);
	eth->h_proto = bpf_htons(0x88b5);
	pad = (unsigned char *)(eth + 1);
	pad[0] = 0xee;
	pad[1] = 0xee;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
