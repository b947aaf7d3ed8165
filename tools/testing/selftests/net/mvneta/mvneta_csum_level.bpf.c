// SPDX-License-Identifier: GPL-2.0
/*
 * tc ingress program for the RX checksum test: of the IPv4 UDP skbs to
 * port 9, counts in csum_seen[0] those the driver marked as verified
 * (CHECKSUM_UNNECESSARY, which bpf_csum_level() can query) and in
 * csum_seen[1] the others, and lets every skb through.  A driver that
 * ignores the descriptor's checksum status marks none as verified.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} csum_seen SEC(".maps");

SEC("tc")
int tc_csum_level(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	void *data = (void *)(long)skb->data;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u32 key;
	__u64 *n;

	if ((void *)(udp + 1) > data_end ||
	    eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_UDP || udp->dest != bpf_htons(9))
		return TC_ACT_OK;
	key = bpf_csum_level(skb, BPF_CSUM_LEVEL_QUERY) >= 0 ? 0 : 1;
	n = bpf_map_lookup_elem(&csum_seen, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
