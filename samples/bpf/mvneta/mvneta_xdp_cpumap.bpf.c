// SPDX-License-Identifier: GPL-2.0
/*
 * Software RPS for a port without RSS: the first program spreads IPv4
 * flows over the CPUs of the cpumap "cpus" by a hash of the addresses and
 * ports; the second runs on the chosen CPU, counts the frame in
 * "seen" (per CPU) and passes it to the stack there.
 *
 * The maps must be filled: mvneta_xdp_cpumap_user does it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define MAX_CPUS 8

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, MAX_CPUS);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpus SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} ncpus SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

SEC("xdp")
int xdp_cpumap_spread(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 key = 0, *n, hash = 0;

	n = bpf_map_lookup_elem(&ncpus, &key);
	if (!n || !*n)
		return XDP_PASS;
	if ((void *)(ip + 1) <= data_end && eth->h_proto == bpf_htons(ETH_P_IP)) {
		__u16 *ports = (void *)(ip + 1);

		hash = ip->saddr ^ ip->daddr ^ ip->protocol;
		if ((void *)(ports + 2) <= data_end && ip->ihl == 5)
			hash ^= ((__u32)bpf_ntohs(ports[0]) << 16) |
				bpf_ntohs(ports[1]);
		/* Golden-ratio multiply: every input bit reaches the top. */
		hash *= 0x9e3779b1;
	}
	return bpf_redirect_map(&cpus, (hash >> 16) % *n, XDP_PASS);
}

SEC("xdp/cpumap")
int xdp_cpumap_count(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *c = bpf_map_lookup_elem(&seen, &key);

	if (c)
		(*c)++;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
