// SPDX-License-Identifier: GPL-2.0
/*
 * Redirect every frame to the device in slot 0 of the devmap "tx_port",
 * rewriting the destination MAC address to "new_dst" first when it is set
 * (not all zero).
 *
 * The maps must be filled: mvneta_xdp_redirect_user does it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, unsigned char[ETH_ALEN]);
} new_dst SEC(".maps");

SEC("xdp")
int xdp_redirect_devmap(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	unsigned char *dst;
	__u32 key = 0;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	dst = bpf_map_lookup_elem(&new_dst, &key);
	if (dst && (dst[0] | dst[1] | dst[2] | dst[3] | dst[4] | dst[5]))
		__builtin_memcpy(eth->h_dest, dst, ETH_ALEN);
	return bpf_redirect_map(&tx_port, 0, 0);
}

char _license[] SEC("license") = "GPL";
