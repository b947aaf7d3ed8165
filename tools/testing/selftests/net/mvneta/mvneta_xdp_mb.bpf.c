// SPDX-License-Identifier: GPL-2.0
/*
 * A multi-buffer program (SEC "xdp.frags") that changes each frame with
 * the helpers that reach into fragments, then sends it back (XDP_TX) with
 * its Ethernet addresses swapped, for "mvneta_pkt reflect" to check byte
 * for byte.  Slot 0 of "cfg" says what it does, slot 1 with how much:
 *
 *   1 SHRINK N: bpf_xdp_adjust_tail() by -N (N may free fragments)
 *   2 GROW:     bpf_xdp_adjust_tail() by +64, the new bytes k = 0, 1,
 *               ... written (k * 7 + 1) & 0xff with bpf_xdp_store_bytes()
 *   3 FLIP OFF: the 64 bytes at OFF read with bpf_xdp_load_bytes(),
 *               inverted, written back with bpf_xdp_store_bytes()
 *
 * "seen" counts [0] frames, [1] frames in more than one buffer, [2]
 * frames a helper failed on (those are dropped, XDP_ABORTED); [3] is the
 * length of the last frame's first buffer, as the program was given it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

#define FLIP_LEN 64

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static void count(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&seen, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __u32 cfg_get(__u32 key)
{
	__u32 *v = bpf_map_lookup_elem(&cfg, &key);

	return v ? *v : 0;
}

static int change(struct xdp_md *ctx, __u32 mode, __u32 arg)
{
	__u8 buf[FLIP_LEN];
	__u32 len, k;

	switch (mode) {
	case 1:
		return bpf_xdp_adjust_tail(ctx, -(int)arg);
	case 2:
		len = bpf_xdp_get_buff_len(ctx);
		if (bpf_xdp_adjust_tail(ctx, FLIP_LEN))
			return -1;
		for (k = 0; k < FLIP_LEN; k++)
			buf[k] = (k * 7 + 1) & 0xff;
		return bpf_xdp_store_bytes(ctx, len, buf, FLIP_LEN);
	case 3:
		if (bpf_xdp_load_bytes(ctx, arg, buf, FLIP_LEN))
			return -1;
		for (k = 0; k < FLIP_LEN; k++)
			buf[k] ^= 0xff;
		return bpf_xdp_store_bytes(ctx, arg, buf, FLIP_LEN);
	}
	return -1;
}

SEC("xdp.frags")
int xdp_mb_change(struct xdp_md *ctx)
{
	__u64 head = ctx->data_end - ctx->data, *last;
	unsigned char tmp[ETH_ALEN];
	struct ethhdr *eth;
	void *data_end;
	__u32 key = 3;

	count(0);
	if (bpf_xdp_get_buff_len(ctx) > head)
		count(1);
	last = bpf_map_lookup_elem(&seen, &key);
	if (last)
		*last = head;
	if (change(ctx, cfg_get(0), cfg_get(1))) {
		count(2);
		return XDP_ABORTED;
	}
	/* The helpers may have moved the data: pointers taken afresh. */
	eth = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
