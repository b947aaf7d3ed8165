// SPDX-License-Identifier: GPL-2.0
/*
 * Loader for mvneta_xdp_redirect.bpf.o: every frame IN receives leaves
 * through OUT (OUT's ndo_xdp_xmit), through a devmap.
 *
 *   mvneta_xdp_redirect_user -i IN -o OUT [-d DSTMAC] [-t SECONDS]
 *                            [-b OBJECT] [-S]
 *
 * -d rewrites the destination MAC address of every frame first.  Prints
 * "attached", then holds the program on IN for SECONDS (default: until
 * SIGINT or SIGTERM) and detaches it.  The frames are counted by the
 * drivers: rx_xdp_redirect on IN, tx_xdp_xmit on OUT (ethtool -S).
 *
 * Needs libbpf: cc -O2 -o <loader> <this file> -lbpf
 */
#include <errno.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static void help(const char *me)
{
	fprintf(stderr,
		"usage: %s -i IN -o OUT [-d DSTMAC] [-t SECONDS] [-b OBJECT] [-S]\n",
		me);
	exit(2);
}

static int parse_mac(const char *s, unsigned char *mac)
{
	unsigned int b[ETH_ALEN];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5]) != ETH_ALEN)
		return -1;
	for (i = 0; i < ETH_ALEN; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *path = "mvneta_xdp_redirect.bpf.o";
	unsigned char mac[ETH_ALEN] = {};
	struct timespec tick = { .tv_sec = 1 };
	__u32 flags = XDP_FLAGS_DRV_MODE;
	unsigned int in_idx, out_idx;
	int tx_fd, dst_fd, secs = 0;
	struct bpf_program *prog;
	struct bpf_object *obj;
	__u32 key = 0;
	int opt, err;
	sigset_t quit;
	time_t until;

	while ((opt = getopt(argc, argv, "i:o:d:t:b:S")) != -1) {
		switch (opt) {
		case 'i':
			in = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'd':
			if (parse_mac(optarg, mac))
				help(argv[0]);
			break;
		case 't':
			secs = atoi(optarg);
			break;
		case 'b':
			path = optarg;
			break;
		case 'S':
			flags = XDP_FLAGS_SKB_MODE;
			break;
		default:
			help(argv[0]);
		}
	}
	if (!in || !out)
		help(argv[0]);
	in_idx = if_nametoindex(in);
	out_idx = if_nametoindex(out);
	if (!in_idx || !out_idx) {
		fprintf(stderr, "%s: no such interface\n", in_idx ? out : in);
		return 1;
	}

	obj = bpf_object__open_file(path, NULL);
	err = libbpf_get_error(obj);
	if (err) {
		fprintf(stderr, "%s: %s\n", path, strerror(-err));
		return 1;
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "%s: load: %s\n", path, strerror(-err));
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "xdp_redirect_devmap");
	tx_fd = bpf_object__find_map_fd_by_name(obj, "tx_port");
	dst_fd = bpf_object__find_map_fd_by_name(obj, "new_dst");
	if (!prog || tx_fd < 0 || dst_fd < 0) {
		fprintf(stderr, "%s: not the mvneta redirect sample\n", path);
		return 1;
	}
	if (bpf_map_update_elem(tx_fd, &key, &out_idx, 0)) {
		fprintf(stderr, "devmap entry for %s: %s\n", out, strerror(errno));
		return 1;
	}
	if (bpf_map_update_elem(dst_fd, &key, mac, 0)) {
		fprintf(stderr, "new_dst: %s\n", strerror(errno));
		return 1;
	}

	sigemptyset(&quit);
	sigaddset(&quit, SIGINT);
	sigaddset(&quit, SIGTERM);
	sigprocmask(SIG_BLOCK, &quit, NULL);

	err = bpf_xdp_attach(in_idx, bpf_program__fd(prog), flags, NULL);
	if (err) {
		fprintf(stderr, "attach to %s: %s\n", in, strerror(-err));
		return 1;
	}
	printf("attached to %s, redirecting to %s\n", in, out);
	fflush(stdout);

	until = secs ? time(NULL) + secs : 0;
	while (!until || time(NULL) < until)
		if (sigtimedwait(&quit, NULL, &tick) > 0)
			break;

	bpf_xdp_detach(in_idx, flags, NULL);
	printf("detached from %s\n", in);
	bpf_object__close(obj);
	return 0;
}
