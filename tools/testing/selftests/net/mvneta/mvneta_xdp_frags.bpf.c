// SPDX-License-Identifier: GPL-2.0
/*
 * A multi-buffer aware program (SEC "xdp.frags"), for the xdp-features
 * test: it may be attached where a frame spans more than one buffer.
 *
 * It returns the verdict in slot 0 of "act" (an XDP_* value, which the
 * test sets before attaching it): for XDP_TX it swaps the Ethernet
 * addresses first; for XDP_REDIRECT it sends the frame to the device in
 * slot 0 of the devmap "tx_port", with the destination address "new_dst"
 * when that is set (not all zero), or, when slot 0 of "via_cpu" is not 0,
 * to the CPU in slot 0 of the cpumap "cpu_map".  A frame that already
 * carries "new_dst" is one the redirect sent round the cable back to this
 * port (in promiscuous mode): it is passed, not redirected again.
 *
 * "seen" counts what the program was given: [0] frames, [1] their bytes
 * (all buffers), [2] frames in more than one buffer.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} act SEC(".maps");

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

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} via_cpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpu_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static void count(__u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&seen, &key);

	if (v)
		__sync_fetch_and_add(v, n);
}

static int same_addr(const unsigned char *a, const unsigned char *b)
{
	return !((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) |
		 (a[3] ^ b[3]) | (a[4] ^ b[4]) | (a[5] ^ b[5]));
}

SEC("xdp.frags")
int xdp_frags_act(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u64 len = bpf_xdp_get_buff_len(ctx);
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN], *dst;
	__u32 key = 0, *a;

	count(0, 1);
	count(1, len);
	if (len > (__u64)(data_end - data))
		count(2, 1);
	a = bpf_map_lookup_elem(&act, &key);
	if (!a)
		return XDP_ABORTED;
	if (*a != XDP_TX && *a != XDP_REDIRECT)
		return *a;
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	if (*a == XDP_TX) {
		__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
		__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
		return XDP_TX;
	}
	a = bpf_map_lookup_elem(&via_cpu, &key);
	if (a && *a)
		return bpf_redirect_map(&cpu_map, 0, 0);
	dst = bpf_map_lookup_elem(&new_dst, &key);
	if (dst && (dst[0] | dst[1] | dst[2] | dst[3] | dst[4] | dst[5])) {
		if (same_addr(eth->h_dest, dst))
			return XDP_PASS;
		__builtin_memcpy(eth->h_dest, dst, ETH_ALEN);
	}
	return bpf_redirect_map(&tx_port, 0, 0);
}

char _license[] SEC("license") = "GPL";
