// SPDX-License-Identifier: GPL-2.0
/*
 * tc ingress program for the XDP metadata test: counts the skbs that
 * carry the 4 bytes of metadata mvneta_xdp_adjust.bpf.c writes
 * ("mvne") in meta_seen[0], the others in meta_seen[1], and lets every
 * skb through.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} meta_seen SEC(".maps");

SEC("tc")
int tc_meta_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *meta = (void *)(long)skb->data_meta;
	__u32 key = 1;
	__u64 *n;

	if (meta + 4 <= data && *(__u32 *)meta == bpf_htonl(0x6d766e65))
		key = 0;
	n = bpf_map_lookup_elem(&meta_seen, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
