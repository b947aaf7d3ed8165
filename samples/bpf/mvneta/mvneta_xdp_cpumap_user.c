// SPDX-License-Identifier: GPL-2.0
/*
 * Loader for mvneta_xdp_cpumap.bpf.o: software RPS for a port with one
 * RX queue.
 *
 *   mvneta_xdp_cpumap_user -i IFACE [-n CPUS] [-q QSIZE] [-t SECONDS]
 *                          [-o OBJECT] [-S]
 *
 * Loads both programs, points cpumap entries 0..CPUS-1 (default: every
 * online CPU, at most 8) at their CPUs with the counting program as the
 * second program, attaches the spreading program to IFACE (native mode,
 * -S for generic), prints "attached", then once a second the frames
 * each CPU passed to the stack.  After SECONDS (default: until SIGINT or
 * SIGTERM) it detaches and prints the totals:
 *
 *   total N cpu0 N0 cpu1 N1 ...
 *
 * Needs libbpf: cc -O2 -o <loader> <this file> -lbpf
 */
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define MAX_CPUS 8	/* as in mvneta_xdp_cpumap.bpf.c */

static void help(const char *me)
{
	fprintf(stderr,
		"usage: %s -i IFACE [-n CPUS] [-q QSIZE] [-t SECONDS] [-o OBJECT] [-S]\n",
		me);
	exit(2);
}

/* Sum of the per-CPU "seen" counters, each CPU's share in @per. */
static unsigned long long read_seen(int fd, int ncpus_possible,
				    unsigned long long *per)
{
	unsigned long long *v = calloc(ncpus_possible, sizeof(*v)), sum = 0;
	__u32 key = 0;
	int i;

	if (!v || bpf_map_lookup_elem(fd, &key, v)) {
		free(v);
		return 0;
	}
	for (i = 0; i < ncpus_possible; i++) {
		if (i < MAX_CPUS)
			per[i] = v[i];
		sum += v[i];
	}
	free(v);
	return sum;
}

int main(int argc, char **argv)
{
	const char *ifname = NULL, *path = "mvneta_xdp_cpumap.bpf.o";
	unsigned long long per[MAX_CPUS] = {}, total;
	int ncpus = 0, qsize = 256, secs = 0, opt, i, err;
	__u32 flags = XDP_FLAGS_DRV_MODE;
	struct bpf_program *spread, *count;
	int cpus_fd, n_fd, seen_fd, possible;
	struct bpf_object *obj;
	struct bpf_map *cpus;
	unsigned int ifindex;
	struct timespec tick = { .tv_sec = 1 };
	sigset_t quit;
	time_t until;

	while ((opt = getopt(argc, argv, "i:n:q:t:o:S")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 'n':
			ncpus = atoi(optarg);
			break;
		case 'q':
			qsize = atoi(optarg);
			break;
		case 't':
			secs = atoi(optarg);
			break;
		case 'o':
			path = optarg;
			break;
		case 'S':
			flags = XDP_FLAGS_SKB_MODE;
			break;
		default:
			help(argv[0]);
		}
	}
	if (!ifname)
		help(argv[0]);
	ifindex = if_nametoindex(ifname);
	if (!ifindex) {
		fprintf(stderr, "%s: no such interface\n", ifname);
		return 1;
	}
	possible = libbpf_num_possible_cpus();
	if (possible < 0) {
		fprintf(stderr, "cannot count CPUs\n");
		return 1;
	}
	if (!ncpus)
		ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus < 1 || ncpus > MAX_CPUS || ncpus > possible || qsize < 1) {
		fprintf(stderr, "bad CPU count %d or queue size %d\n", ncpus, qsize);
		return 2;
	}

	obj = bpf_object__open_file(path, NULL);
	err = libbpf_get_error(obj);
	if (err) {
		fprintf(stderr, "%s: %s\n", path, strerror(-err));
		return 1;
	}
	/* A cpumap may not have more entries than the kernel has CPUs. */
	cpus = bpf_object__find_map_by_name(obj, "cpus");
	if (cpus && possible < MAX_CPUS)
		bpf_map__set_max_entries(cpus, possible);
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "%s: load: %s\n", path, strerror(-err));
		return 1;
	}
	spread = bpf_object__find_program_by_name(obj, "xdp_cpumap_spread");
	count = bpf_object__find_program_by_name(obj, "xdp_cpumap_count");
	cpus_fd = bpf_object__find_map_fd_by_name(obj, "cpus");
	n_fd = bpf_object__find_map_fd_by_name(obj, "ncpus");
	seen_fd = bpf_object__find_map_fd_by_name(obj, "seen");
	if (!spread || !count || cpus_fd < 0 || n_fd < 0 || seen_fd < 0) {
		fprintf(stderr, "%s: not the mvneta cpumap sample\n", path);
		return 1;
	}

	for (i = 0; i < ncpus; i++) {
		struct bpf_cpumap_val val = {
			.qsize = qsize,
			.bpf_prog.fd = bpf_program__fd(count),
		};
		__u32 key = i;

		if (bpf_map_update_elem(cpus_fd, &key, &val, 0)) {
			fprintf(stderr, "cpumap entry %d: %s\n", i, strerror(errno));
			return 1;
		}
	}
	i = 0;
	if (bpf_map_update_elem(n_fd, &i, &ncpus, 0)) {
		fprintf(stderr, "ncpus: %s\n", strerror(errno));
		return 1;
	}

	/* Taken synchronously below, once a second. */
	sigemptyset(&quit);
	sigaddset(&quit, SIGINT);
	sigaddset(&quit, SIGTERM);
	sigprocmask(SIG_BLOCK, &quit, NULL);

	err = bpf_xdp_attach(ifindex, bpf_program__fd(spread), flags, NULL);
	if (err) {
		fprintf(stderr, "attach to %s: %s\n", ifname, strerror(-err));
		return 1;
	}
	printf("attached to %s, %d CPUs, queue size %d\n", ifname, ncpus, qsize);
	fflush(stdout);

	until = secs ? time(NULL) + secs : 0;
	while (!until || time(NULL) < until) {
		if (sigtimedwait(&quit, NULL, &tick) > 0)
			break;
		total = read_seen(seen_fd, possible, per);
		printf("seen %llu", total);
		for (i = 0; i < ncpus; i++)
			printf(" cpu%d %llu", i, per[i]);
		printf("\n");
		fflush(stdout);
	}

	bpf_xdp_detach(ifindex, flags, NULL);
	/* Frames already queued to a CPU are counted when its kthread runs. */
	usleep(200000);
	total = read_seen(seen_fd, possible, per);
	printf("total %llu", total);
	for (i = 0; i < ncpus; i++)
		printf(" cpu%d %llu", i, per[i]);
	printf("\n");
	bpf_object__close(obj);
	return 0;
}
