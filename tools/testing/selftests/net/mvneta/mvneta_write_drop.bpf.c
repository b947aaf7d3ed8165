// SPDX-License-Identifier: GPL-2.0
/*
 * XDP program for the write-and-drop test: stores into every 32nd byte of
 * the frame, so that each cache line of it is dirty, then drops it.  The
 * driver hands the page back to the port, which writes the next frame
 * over the same lines: every line the program wrote must have been
 * cleaned on the way (the sync for the device when the page is
 * recycled), or a port that is not cache-coherent has a dirty line
 * written back over a later frame.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_FRAME	9216

SEC("xdp")
int xdp_write_drop(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	int i;

	for (i = 0; i < MAX_FRAME / 32; i++) {
		unsigned char *p = data + i * 32;

		if (p + 1 > end)
			break;
		*p ^= 0x5a;
	}
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
