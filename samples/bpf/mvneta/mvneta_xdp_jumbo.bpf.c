// SPDX-License-Identifier: GPL-2.0
/*
 * Jumbo frames under XDP: drop frames longer than MAX_LEN bytes, pass the
 * rest, and count both.
 *
 *   ip link set dev eth0 mtu 9000
 *   ip link set dev eth0 xdp obj mvneta_xdp_jumbo.bpf.o sec xdp.frags
 *   bpftool map dump name jumbo_stats
 *
 * Above MTU 3496 (4 KB pages) a frame spans several RX buffers, and the
 * port takes only programs declared SEC("xdp.frags"): they are given the
 * frame's first buffer between ctx->data and ctx->data_end, the rest as
 * fragments, which direct packet access does not reach.  The whole
 * frame's length is bpf_xdp_get_buff_len(); bytes anywhere in it are
 * read with bpf_xdp_load_bytes() and written with bpf_xdp_store_bytes().
 *
 * jumbo_stats (per CPU): [0] frames passed, [1] frames dropped, [2]
 * frames that spanned several buffers.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_LEN 8000

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} jumbo_stats SEC(".maps");

static void stat_add(__u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&jumbo_stats, &key);

	if (v)
		*v += n;
}

SEC("xdp.frags")
int xdp_jumbo(struct xdp_md *ctx)
{
	__u64 len = bpf_xdp_get_buff_len(ctx);

	if (len > (__u64)(ctx->data_end - ctx->data))
		stat_add(2, 1);
	if (len > MAX_LEN) {
		stat_add(1, 1);
		return XDP_DROP;
	}
	stat_add(0, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
