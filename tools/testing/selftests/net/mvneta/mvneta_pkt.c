// SPDX-License-Identifier: GPL-2.0
/*
 * mvneta_pkt - exact-count frame sender and checker for the mvneta tests
 *
 *   mvneta_pkt send    -i IF -d DSTMAC [-s SRCMAC] [-D DSTIP] [-S SRCIP]
 *                      [-n COUNT] [-l LEN] [-r PPS] [-b]
 *   mvneta_pkt reflect -i IF -d DSTMAC [...] [-n COUNT] [-l LEN] [-t SECS]
 *                      [-T DELTA] [-X OFF]
 *   mvneta_pkt count   -i IF [-t SECS] [-p UDPPORT] [-e]
 *   mvneta_pkt adjusted -i IF [-n COUNT] [-l LEN] [-t SECS]
 *   mvneta_pkt usend   -D DSTIP [-n COUNT] [-l LEN] [-p UDPPORT] [-6 [-x] | -o]
 *   mvneta_pkt urecv   [-n COUNT] [-l LEN] [-t SECS] [-p UDPPORT] [-6]
 *   mvneta_pkt tsend   -D DSTIP -n BYTES [-p TCPPORT] [-6 [-x] | -o]
 *   mvneta_pkt trecv   -n BYTES [-t SECS] [-p TCPPORT] [-6]
 *   mvneta_pkt hold    [-t SECS] [-p UDPPORT]
 *   mvneta_pkt xdp-features -i IF
 *   mvneta_pkt page-pools -i IF
 *   mvneta_pkt xsk-bind -i IF [-q QUEUE] [-z]
 *
 * send: COUNT IPv4/UDP frames of LEN bytes (without FCS) to UDP port 9,
 *       each carrying its sequence number; -b sends a wrong UDP checksum.
 * reflect: sends like "send", then expects every frame back with the
 *       Ethernet addresses swapped and every other byte unchanged; prints
 *       "sent N received M exact K" and fails unless K == N == M and no
 *       frame came back twice or with bytes beyond its length.  With
 *       -T, the frames come back DELTA bytes shorter (DELTA < 0) or
 *       longer, the added bytes k = 0, 1, ... worth (k * 7 + 1) & 0xff;
 *       with -X, the 64 bytes from offset OFF come back inverted (what
 *       mvneta_xdp_mb.bpf.c does to them).
 * count: says "ready", then counts UDP frames to port 9 (or -p) arriving
 *       on IF until SECS pass with nothing new, or until SIGUSR1 or
 *       SIGTERM, after which it counts what the socket already holds and
 *       stops (a test that knows the frames have all arrived need not
 *       wait out an idle time, nor guess one); prints the count.  A
 *       frame of ours whose sequence number came before is a duplicate,
 *       and a frame longer than its IPv4 length (and the 60-byte minimum)
 *       is wrong: neither counts, and if there were any, the line says
 *       how many and the status is 1.  With -e, each frame of ours must
 *       also be byte for byte what "send" built, but for the Ethernet and
 *       IPv4 addresses, taken from the frame (a redirect may rewrite
 *       them); a frame that is not does not count either.  A frame the
 *       kernel cannot copy (EFAULT: its skb claims more bytes than it
 *       has) does not count, and fails the count too.
 * adjusted: says "ready", then checks the frames of EtherType 0x88b5
 *       arriving on IF against what mvneta_xdp_adjust.bpf.c makes of a
 *       LEN-byte frame from "send": 16 bytes pushed in front (the
 *       Ethernet addresses, 0x88b5, two 0xee bytes), then the original
 *       frame without its last 4 bytes.  Prints "received M exact K",
 *       failing unless K == M == COUNT.
 * usend/urecv: COUNT datagrams of LEN payload bytes through ordinary UDP
 *       sockets (so the stack's checksum offload is used); urecv checks
 *       every payload byte and prints "received M exact K", failing
 *       unless K == M == COUNT.
 * tsend/trecv: one TCP connection carrying BYTES of a known pattern;
 *       trecv prints "received M exact K" (bytes), failing unless
 *       K == M == BYTES.
 * hold: says "ready", keeps what arrives on the UDP port unread for
 *       SECS, then prints "held N".
 * xdp-features: asks the kernel's netdev netlink family (Linux 6.3 and
 *       later) what IF says of its XDP support; prints "xdp-features
 *       0xN" and the flag names, "xdp-zc-max-segs N", "xdp-rx-metadata
 *       0xN".  Exit status 4 if the kernel has no such family.
 * page-pools: the page pools the netdev netlink family (Linux 6.8 and
 *       later) lists for IF, one line each: "pool ID ifindex N napi-id N
 *       inflight N inflight-mem N detach-time N" and the pool's counters
 *       (alloc-fast ... recycle-released-refcnt, named as in the family);
 *       an attribute the kernel leaves out (napi-id, detach-time) is 0.
 *       Then "rx-queue ID napi-id N" for each RX queue of IF (queue-get,
 *       Linux 6.10), if the kernel has it.  Exit status 4, with the
 *       reason, without the family, page-pool-get or the pools' counters
 *       (CONFIG_PAGE_POOL_STATS).
 * xsk-bind: binds an AF_XDP socket (a small UMEM, fill, completion and
 *       RX rings) to RX queue QUEUE (default 0) of IF, in copy mode or,
 *       with -z, zero-copy mode; prints "bound" (status 0) or "refused:
 *       ERROR" (status 1).  A queue busy with a socket just closed is
 *       waited for, 2 s at most.  Exit status 4 without AF_XDP sockets.
 * -6: the socket modes speak IPv6 (-D is an IPv6 address); -x adds an
 *       IPv6 destination options header to what usend/tsend send, -o
 *       4 bytes of IPv4 options.
 *
 * Works the same on a real board and in the emulator.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <linux/netlink.h>
#include <linux/types.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* MTU 9000 and a VLAN tag, and room for a program to grow the frame. */
#define MAX_LEN 9200
#define FLIP_LEN 64
#define UDP_PORT 9
#define MAGIC 0x6d766e65u	/* "mvne" */

struct opts {
	const char *ifname;
	unsigned char dst[ETH_ALEN], src[ETH_ALEN];
	int have_src;
	__u32 dst_ip, src_ip;
	unsigned long count;
	unsigned int len;
	unsigned long pps;
	int bad_csum;
	int secs;
	int port;
	const char *dst_str;	/* -D as given, for the socket modes */
	int ipv6;		/* -6: the socket modes use IPv6 */
	int ext_hdr;		/* -x: IPv6 destination options header */
	int ip_opts;		/* -o: IPv4 header options */
	int exact;		/* -e: count checks our frames' bytes */
	int queue;		/* -q: xsk-bind's queue */
	int zc;			/* -z: xsk-bind in zero-copy mode */
	int delta;		/* -T: reflect: frames come back this longer */
	int flip;		/* -X: reflect: 64 bytes from here inverted */
};

static void die(const char *msg)
{
	perror(msg);
	exit(1);
}

static int parse_mac(const char *s, unsigned char *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

static __u16 csum_fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static __u32 csum_add(const void *buf, size_t len, __u32 sum)
{
	const __u8 *p = buf;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static int open_socket(const char *ifname, int *ifindex)
{
	struct sockaddr_ll sll = { 0 };
	int fd, rcvbuf = 64 << 20;

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0)
		die("socket");
	*ifindex = if_nametoindex(ifname);
	if (!*ifindex)
		die(ifname);
	/* Room for every frame of a run: nothing may be lost here. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = *ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind");
	return fd;
}

static void own_mac(int fd, const char *ifname, unsigned char *mac)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR");
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
}

static void fill_payload(__u8 *p, unsigned int len, unsigned long seq)
{
	__u32 m = htonl(MAGIC), s = htonl(seq);
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = (__u8)(seq * 13 + i);
	if (len >= 8) {
		memcpy(p, &m, 4);
		memcpy(p + 4, &s, 4);
	}
}

/* Build frame number @seq into @f; returns its length. */
static unsigned int build(const struct opts *o, unsigned long seq, __u8 *f)
{
	struct ethhdr *eth = (struct ethhdr *)f;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	__u8 *pl = (__u8 *)(udp + 1);
	unsigned int len = o->len, plen;
	__u32 sum;

	memcpy(eth->h_dest, o->dst, ETH_ALEN);
	memcpy(eth->h_source, o->src, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(len - ETH_HLEN);
	ip->id = htons(seq);
	ip->saddr = o->src_ip;
	ip->daddr = o->dst_ip;
	ip->check = htons(csum_fold(csum_add(ip, sizeof(*ip), 0)));
	plen = len - ETH_HLEN - sizeof(*ip) - sizeof(*udp);
	udp->source = htons(UDP_PORT);
	udp->dest = htons(UDP_PORT);
	udp->len = htons(plen + sizeof(*udp));
	udp->check = 0;
	fill_payload(pl, plen, seq);
	sum = csum_add(&ip->saddr, 8, 0);
	sum += IPPROTO_UDP + plen + sizeof(*udp);
	sum = csum_add(udp, plen + sizeof(*udp), sum);
	udp->check = htons(csum_fold(sum) ?: 0xffff);
	if (o->bad_csum)
		udp->check ^= htons(0x5a5a);
	return len;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long do_send(const struct opts *o, int fd)
{
	static __u8 f[MAX_LEN];
	double t0 = now();
	unsigned long i;

	for (i = 0; i < o->count; i++) {
		unsigned int len = build(o, i, f);

		if (o->pps) {
			double due = t0 + (double)i / o->pps;

			while (now() < due)
				;
		}
		while (send(fd, f, len, 0) != (ssize_t)len) {
			if (errno != ENOBUFS && errno != EAGAIN)
				die("send");
			usleep(100);
		}
	}
	return i;
}

/* Frames to UDP port @port seen on @fd; -1 for anything else. */
static long udp_seq(const __u8 *f, ssize_t n, int port)
{
	const struct ethhdr *eth = (const void *)f;
	const struct iphdr *ip = (const void *)(eth + 1);
	const struct udphdr *udp = (const void *)(ip + 1);
	const __u8 *pl = (const __u8 *)(udp + 1);
	__u32 m, s;

	if (n < (ssize_t)(ETH_HLEN + sizeof(*ip) + sizeof(*udp) + 8) ||
	    eth->h_proto != htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP ||
	    ip->ihl != 5 || udp->dest != htons(port))
		return -1;
	memcpy(&m, pl, 4);
	memcpy(&s, pl + 4, 4);
	return ntohl(m) == MAGIC ? (long)ntohl(s) : -2;
}

/*
 * A frame is as long as its IPv4 header says, or padded to the Ethernet
 * minimum of 60 bytes: anything beyond (a trailing FCS, stale bytes of
 * an earlier frame) is a receive bug.  Frames that are not IPv4 pass.
 */
static bool length_ok(const __u8 *f, ssize_t n)
{
	const struct ethhdr *eth = (const void *)f;
	const struct iphdr *ip = (const void *)(eth + 1);
	ssize_t want;

	if (n < (ssize_t)(ETH_HLEN + sizeof(*ip)) ||
	    eth->h_proto != htons(ETH_P_IP))
		return true;
	want = ETH_HLEN + ntohs(ip->tot_len);
	if (want < ETH_ZLEN)
		want = ETH_ZLEN;
	return n == want;
}

/*
 * Whether @f (@n bytes, of the length its IPv4 header says) is frame
 * @seq as "send" built it, but for the Ethernet and IPv4 addresses, which
 * are taken from the frame itself.
 */
static bool as_sent(const struct opts *o, const __u8 *f, ssize_t n, long seq)
{
	static __u8 want[MAX_LEN];
	const struct iphdr *ip = (const void *)(f + ETH_HLEN);
	unsigned int len = ETH_HLEN + ntohs(ip->tot_len);
	struct opts orig = *o;

	if (len > MAX_LEN || (ssize_t)len > n)
		return false;
	memcpy(orig.dst, f, ETH_ALEN);
	memcpy(orig.src, f + ETH_ALEN, ETH_ALEN);
	orig.dst_ip = ip->daddr;
	orig.src_ip = ip->saddr;
	orig.len = len;
	orig.bad_csum = 0;
	build(&orig, seq, want);
	return !memcmp(f, want, len);
}

static int do_reflect(struct opts *o, int fd)
{
	static __u8 f[MAX_LEN], want[MAX_LEN];
	unsigned long sent, got = 0, exact = 0, dup = 0;
	ssize_t wlen = (ssize_t)o->len + o->delta;
	char *seen = calloc(o->count, 1);
	int k;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (!seen)
		die("calloc");
	if (wlen < ETH_HLEN + 32 || wlen > MAX_LEN ||
	    (o->flip >= 0 && (o->flip < 2 * ETH_ALEN ||
			      o->flip + FLIP_LEN > wlen))) {
		fprintf(stderr, "reflect: -T or -X out of the frame\n");
		exit(2);
	}
	sent = do_send(o, fd);
	while (got < o->count && poll(&p, 1, o->secs * 1000) > 0) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, f, sizeof(f), 0,
				     (struct sockaddr *)&from, &fl);
		long seq;

		/* An skb longer than its data (see do_count): lost here. */
		if (n < 0 && errno == EFAULT) {
			fprintf(stderr, "a frame could not be read (EFAULT)\n");
			continue;
		}
		if (n < 0)
			die("recv");
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		seq = udp_seq(f, n, UDP_PORT);
		if (seq < 0 || (unsigned long)seq >= o->count)
			continue;
		if (seen[seq]) {
			dup++;
			continue;
		}
		seen[seq] = 1;
		got++;
		build(o, seq, want);
		/* Reflected: addresses swapped, all the rest unchanged, but
		 * for what -T and -X say the program did.
		 */
		memcpy(want, o->src, ETH_ALEN);
		memcpy(want + ETH_ALEN, o->dst, ETH_ALEN);
		for (k = 0; k < o->delta; k++)
			want[o->len + k] = (k * 7 + 1) & 0xff;
		for (k = 0; o->flip >= 0 && k < FLIP_LEN; k++)
			want[o->flip + k] ^= 0xff;
		if (n == wlen && !memcmp(f, want, wlen)) {
			exact++;
		} else {
			int first = -1, last = -1, nd = 0;

			for (k = 0; k < n && k < wlen; k++) {
				if (f[k] == want[k])
					continue;
				if (first < 0)
					first = k;
				last = k;
				nd++;
			}
			fprintf(stderr, "frame %ld differs (%zd bytes): %d bytes from %d to %d\n",
				seq, n, nd, first, last);
		}
	}
	printf("sent %lu received %lu exact %lu\n", sent, got, exact);
	if (dup)
		fprintf(stderr, "reflect: %lu duplicates\n", dup);
	free(seen);
	return exact == o->count && got == o->count && !dup ? 0 : 1;
}

#define COUNT_MAX_SEQ	(16UL * 1024 * 1024)

/*
 * Frames of ours are counted once per sequence number: a duplicate (a
 * buffer sent again, or overwritten by a later frame before it left)
 * does not count, and is reported.  Frames of other senders (pktgen's)
 * on the port are counted as they come.
 */
static int do_count(const struct opts *o, int fd)
{
	static __u8 f[MAX_LEN];
	/* The socket, and SIGUSR1 or SIGTERM as a file: the signal to stop. */
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN },
			       { .events = POLLIN } };
	unsigned long n = 0, dup = 0, bad_len = 0, differ = 0, unreadable = 0;
	char *seen = calloc(COUNT_MAX_SEQ, 1);
	bool stop = false;
	sigset_t sigs;

	if (!seen)
		die("calloc");
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGUSR1);
	sigaddset(&sigs, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL))
		die("sigprocmask");
	p[1].fd = signalfd(-1, &sigs, 0);
	if (p[1].fd < 0)
		die("signalfd");
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t r;
		long seq;
		/* Once told to stop, only what is already queued counts. */
		int ready = poll(p, stop ? 1 : 2, stop ? 0 : o->secs * 1000);

		if (ready <= 0)
			break;
		if (!stop && (p[1].revents & POLLIN)) {
			stop = true;
			continue;
		}
		if (!p[0].revents)
			continue;
		r = recvfrom(fd, f, sizeof(f), 0, (struct sockaddr *)&from, &fl);

		/* An skb that claims more bytes than it holds (its length
		 * counts data its buffers do not have) cannot be copied.
		 */
		if (r < 0 && errno == EFAULT) {
			unreadable++;
			continue;
		}
		if (r < 0)
			die("recv");
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		seq = udp_seq(f, r, o->port);
		if (seq == -1)
			continue;
		if (!length_ok(f, r)) {
			bad_len++;
			continue;
		}
		if (o->exact && seq >= 0 && !as_sent(o, f, r, seq)) {
			differ++;
			continue;
		}
		if (seq >= 0 && (unsigned long)seq < COUNT_MAX_SEQ) {
			if (seen[seq]) {
				dup++;
				continue;
			}
			seen[seq] = 1;
		}
		n++;
	}
	free(seen);
	/* Callers compare the last line with the count they expect. */
	if (dup || bad_len || differ || unreadable) {
		printf("%lu, and %lu duplicates, %lu of the wrong length",
		       n, dup, bad_len);
		if (o->exact)
			printf(", %lu not as sent", differ);
		if (unreadable)
			printf(", %lu unreadable (EFAULT)", unreadable);
		printf("\n");
		return 1;
	}
	printf("%lu\n", n);
	return 0;
}

#define ADJ_PROTO 0x88b5
#define ADJ_PUSH 16
#define ADJ_CUT 4

static int do_adjusted(const struct opts *o, int fd)
{
	static __u8 f[MAX_LEN], want[MAX_LEN];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned long got = 0, exact = 0;
	unsigned int wlen = o->len + ADJ_PUSH - ADJ_CUT;

	printf("ready\n");
	fflush(stdout);
	while (got < o->count && poll(&p, 1, o->secs * 1000) > 0) {
		const struct ethhdr *eth = (const void *)f;
		const __u8 *in = f + ADJ_PUSH;
		const struct iphdr *ip = (const void *)(in + ETH_HLEN);
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, f, sizeof(f), 0,
				     (struct sockaddr *)&from, &fl);
		struct opts orig = *o;
		long seq;

		if (n < 0)
			die("recv");
		if (from.sll_pkttype == PACKET_OUTGOING ||
		    n < (ssize_t)ETH_HLEN || eth->h_proto != htons(ADJ_PROTO))
			continue;
		got++;
		/* Rebuild the original from the addresses it carries. */
		seq = udp_seq(in, n - ADJ_PUSH, UDP_PORT);
		if (n != (ssize_t)wlen || seq < 0) {
			fprintf(stderr, "frame of %zd bytes not as expected\n", n);
			continue;
		}
		memcpy(orig.dst, in, ETH_ALEN);
		memcpy(orig.src, in + ETH_ALEN, ETH_ALEN);
		orig.dst_ip = ip->daddr;
		orig.src_ip = ip->saddr;
		build(&orig, seq, want + ADJ_PUSH);
		memcpy(want, in, 2 * ETH_ALEN);
		want[12] = ADJ_PROTO >> 8;
		want[13] = ADJ_PROTO & 0xff;
		want[14] = 0xee;
		want[15] = 0xee;
		if (!memcmp(f, want, wlen))
			exact++;
		else
			fprintf(stderr, "frame %ld differs\n", seq);
	}
	printf("received %lu exact %lu\n", got, exact);
	return got == o->count && exact == o->count ? 0 : 1;
}

/*
 * The address of a socket mode, IPv4 or IPv6 (-6), on the port: the
 * peer's (-D) for the senders (@peer), any for the receivers.
 */
static socklen_t sock_addr(const struct opts *o, struct sockaddr_storage *ss,
			   bool peer)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (o->ipv6) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(o->port);
		if (peer && (!o->dst_str ||
			     inet_pton(AF_INET6, o->dst_str, &a6->sin6_addr) != 1))
			die("-D: IPv6 address");
		return sizeof(*a6);
	}
	a4->sin_family = AF_INET;
	a4->sin_port = htons(o->port);
	if (peer)
		a4->sin_addr.s_addr = o->dst_ip;
	return sizeof(*a4);
}

/*
 * A socket of @type for the socket modes.  -x puts an 8-byte destination
 * options header (one PadN option) after the IPv6 header of every
 * packet, -o 4 bytes of IPv4 options (three NOPs and the end mark): the
 * header lengths a port's checksum offload must cope with, or leave to
 * software.
 */
static int l4_socket(const struct opts *o, int type)
{
	static const __u8 dstopts[8] = { 0, 0, 1, 4, 0, 0, 0, 0 };
	static const __u8 ipopts[4] = { 1, 1, 1, 0 };
	int fd = socket(o->ipv6 ? AF_INET6 : AF_INET, type, 0);

	if (fd < 0)
		die("socket");
	if (o->ext_hdr &&
	    (!o->ipv6 || setsockopt(fd, IPPROTO_IPV6, IPV6_DSTOPTS,
				    dstopts, sizeof(dstopts))))
		die("-x: IPv6 destination options");
	if (o->ip_opts &&
	    (o->ipv6 || setsockopt(fd, IPPROTO_IP, IP_OPTIONS,
				   ipopts, sizeof(ipopts))))
		die("-o: IPv4 options");
	return fd;
}

static int do_usend(const struct opts *o)
{
	static __u8 p[65536];
	struct sockaddr_storage to;
	socklen_t tl = sock_addr(o, &to, true);
	unsigned long i;
	int fd = l4_socket(o, SOCK_DGRAM);

	for (i = 0; i < o->count; i++) {
		fill_payload(p, o->len, i);
		while (sendto(fd, p, o->len, 0, (struct sockaddr *)&to,
			      tl) != (ssize_t)o->len) {
			if (errno != ENOBUFS && errno != EAGAIN)
				die("sendto");
			usleep(100);
		}
		/* Let the receiver keep up: no loss in its socket buffer. */
		if (i % 32 == 31)
			usleep(2000);
	}
	printf("sent %lu\n", i);
	return 0;
}

/*
 * A UDP socket bound to the port, with room for a whole run (the tests
 * are about the frames, not about how fast this process reads); says
 * "ready".
 */
static int udp_listen(const struct opts *o)
{
	struct sockaddr_storage me;
	socklen_t ml = sock_addr(o, &me, false);
	int fd = l4_socket(o, SOCK_DGRAM), rcv = 64 << 20;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	if (bind(fd, (struct sockaddr *)&me, ml))
		die("bind");
	printf("ready\n");
	fflush(stdout);
	return fd;
}

static int do_urecv(const struct opts *o)
{
	static __u8 p[65536], want[65536];
	struct pollfd pf;
	unsigned long got = 0, exact = 0;
	int fd = udp_listen(o);

	pf.fd = fd;
	pf.events = POLLIN;
	while (got < o->count && poll(&pf, 1, o->secs * 1000) > 0) {
		ssize_t n = recv(fd, p, sizeof(p), 0);
		__u32 seq;

		if (n < 0)
			die("recv");
		got++;
		if (n != (ssize_t)o->len || n < 8)
			continue;
		memcpy(&seq, p + 4, 4);
		fill_payload(want, o->len, ntohl(seq));
		if (!memcmp(p, want, n))
			exact++;
	}
	printf("received %lu exact %lu\n", got, exact);
	return got == o->count && exact == o->count ? 0 : 1;
}

/*
 * hold: a UDP socket on the port that reads nothing for SECS: what
 * arrives stays queued (up to a 64 MiB buffer), and so do the receive
 * buffers under it, which a driver must then replace with new pages.
 * Then drains it and prints "held N".
 */
static int do_hold(const struct opts *o)
{
	static __u8 p[65536];
	unsigned long n = 0;
	int fd = udp_listen(o);

	sleep(o->secs);
	while (recv(fd, p, sizeof(p), MSG_DONTWAIT) >= 0)
		n++;
	printf("held %lu\n", n);
	return 0;
}

static __u8 tcp_byte(unsigned long off)
{
	return (__u8)(off * 31 + (off >> 9));
}

static int do_tsend(const struct opts *o)
{
	static __u8 p[65536];
	struct sockaddr_storage to;
	socklen_t tl = sock_addr(o, &to, true);
	unsigned long off = 0, i;
	int fd = l4_socket(o, SOCK_STREAM);

	if (connect(fd, (struct sockaddr *)&to, tl))
		die("connect");
	while (off < o->count) {
		size_t n = o->count - off < sizeof(p) ? o->count - off : sizeof(p);
		ssize_t w;

		for (i = 0; i < n; i++)
			p[i] = tcp_byte(off + i);
		w = write(fd, p, n);
		if (w <= 0)
			die("write");
		off += w;
	}
	shutdown(fd, SHUT_WR);
	while (read(fd, p, sizeof(p)) > 0)
		;
	close(fd);
	printf("sent %lu\n", off);
	return 0;
}

static int do_trecv(const struct opts *o)
{
	static __u8 p[65536];
	struct sockaddr_storage me;
	socklen_t ml = sock_addr(o, &me, false);
	unsigned long off = 0, exact = 0;
	int one = 1, lfd = l4_socket(o, SOCK_STREAM), fd;
	struct pollfd pf;
	ssize_t n, i;

	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&me, ml) || listen(lfd, 1))
		die("listen");
	printf("ready\n");
	fflush(stdout);
	pf.fd = lfd;
	pf.events = POLLIN;
	if (poll(&pf, 1, o->secs * 1000) <= 0)
		die("no connection");
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	pf.fd = fd;
	while (poll(&pf, 1, o->secs * 1000) > 0 &&
	       (n = read(fd, p, sizeof(p))) > 0) {
		for (i = 0; i < n; i++)
			exact += p[i] == tcp_byte(off + i);
		off += n;
	}
	close(fd);
	printf("received %lu exact %lu\n", off, exact);
	return off == o->count && exact == o->count ? 0 : 1;
}

/*
 * The netdev generic netlink family (include/uapi/linux/netdev.h, Linux
 * 6.3), spelled out here: Debian 12's headers predate it.
 */
#define NETDEV_FAMILY		"netdev"
#define NETDEV_CMD_DEV_GET	1
#define NETDEV_A_DEV_IFINDEX	1
#define NETDEV_A_DEV_XDP_FEATURES	3
#define NETDEV_A_DEV_XDP_ZC_MAX_SEGS	4
#define NETDEV_A_DEV_XDP_RX_METADATA_FEATURES	5
/* Linux 6.8: the page pools; 6.10: the queues. */
#define NETDEV_CMD_PAGE_POOL_GET	5
#define NETDEV_CMD_PAGE_POOL_STATS_GET	9
#define NETDEV_CMD_QUEUE_GET		10
#define NETDEV_A_PAGE_POOL_ID		1
#define NETDEV_A_PAGE_POOL_IFINDEX	2
#define NETDEV_A_PAGE_POOL_NAPI_ID	3
#define NETDEV_A_PAGE_POOL_INFLIGHT	4
#define NETDEV_A_PAGE_POOL_INFLIGHT_MEM	5
#define NETDEV_A_PAGE_POOL_DETACH_TIME	6
#define NETDEV_A_PAGE_POOL_STATS_INFO	1	/* nested: pool id, ifindex */
#define NETDEV_A_PAGE_POOL_STATS_ALLOC_FAST	8	/* the first counter */
#define NETDEV_A_QUEUE_ID		1
#define NETDEV_A_QUEUE_IFINDEX		2
#define NETDEV_A_QUEUE_TYPE		3
#define NETDEV_A_QUEUE_NAPI_ID		4
#define NETDEV_QUEUE_TYPE_RX		0

struct nl_req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[256];
};

static void nl_put(struct nl_req *r, __u16 type, const void *data, __u16 len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/*
 * Sends @r and reads the answer into @ans; returns its first attribute,
 * or NULL (with errno) for an error or an empty answer.
 */
static struct nlattr *nl_talk(int fd, struct nl_req *r, char *ans, size_t size,
			      int *len)
{
	struct nlmsghdr *n = (struct nlmsghdr *)ans;
	ssize_t got;

	if (send(fd, r, r->n.nlmsg_len, 0) < 0)
		die("netlink send");
	got = recv(fd, ans, size, 0);
	if (got < (ssize_t)NLMSG_HDRLEN || !NLMSG_OK(n, got))
		die("netlink recv");
	if (n->nlmsg_type == NLMSG_ERROR) {
		errno = -((struct nlmsgerr *)NLMSG_DATA(n))->error;
		return NULL;
	}
	*len = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (struct nlattr *)((char *)NLMSG_DATA(n) + GENL_HDRLEN);
}

/* Whether @a, with @len bytes left from it, is a whole attribute. */
static bool nla_ok(const struct nlattr *a, int len)
{
	return len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
}

static struct nlattr *nla_next(const struct nlattr *a, int *len)
{
	*len -= NLA_ALIGN(a->nla_len);
	return (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
}

#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

/* The netdev family's id, or 0 if the kernel has none. */
static __u16 netdev_family(int fd)
{
	static char ans[8192];
	struct nl_req r = {};
	struct nlattr *a;
	__u16 family = 0;
	int len;

	r.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r.n.nlmsg_type = GENL_ID_CTRL;
	r.n.nlmsg_flags = NLM_F_REQUEST;
	r.g.cmd = CTRL_CMD_GETFAMILY;
	r.g.version = 1;
	nl_put(&r, CTRL_ATTR_FAMILY_NAME, NETDEV_FAMILY, sizeof(NETDEV_FAMILY));
	a = nl_talk(fd, &r, ans, sizeof(ans), &len);
	if (!a)
		return 0;
	for (; nla_ok(a, len); a = nla_next(a, &len))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			memcpy(&family, (char *)a + NLA_HDRLEN, sizeof(family));
	if (!family)
		die("netdev family: no id");
	return family;
}

/* An attribute of type "uint": 4 or 8 bytes, as the value needs. */
static __u64 nla_uint(const struct nlattr *a)
{
	__u64 v64;
	__u32 v32;

	if (a->nla_len >= NLA_HDRLEN + sizeof(v64)) {
		memcpy(&v64, (char *)a + NLA_HDRLEN, sizeof(v64));
		return v64;
	}
	memcpy(&v32, (char *)a + NLA_HDRLEN, sizeof(v32));
	return v32;
}

typedef void (*nl_each_fn)(struct nlattr *a, int len, void *arg);

/*
 * Dumps @cmd of the netdev family (@family), with the u32 attribute
 * @type = @val in the request unless @type is 0, and calls @each with the
 * attributes of every message.  Returns 0, or the kernel's -errno.
 */
static int nl_dump(int fd, __u16 family, __u8 cmd, __u16 type, __u32 val,
		   nl_each_fn each, void *arg)
{
	static char ans[65536];
	struct nl_req r = {};

	r.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r.n.nlmsg_type = family;
	r.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	r.g.cmd = cmd;
	r.g.version = 1;
	if (type)
		nl_put(&r, type, &val, sizeof(val));
	if (send(fd, &r, r.n.nlmsg_len, 0) < 0)
		die("netlink send");
	for (;;) {
		ssize_t got = recv(fd, ans, sizeof(ans), 0);
		struct nlmsghdr *n = (struct nlmsghdr *)ans;
		int left = got;

		if (got < 0)
			die("netlink recv");
		for (; NLMSG_OK(n, left); n = NLMSG_NEXT(n, left)) {
			/* Both carry an error code: 0 at the end of a dump
			 * that went well.
			 */
			if (n->nlmsg_type == NLMSG_DONE ||
			    n->nlmsg_type == NLMSG_ERROR) {
				int err = 0;

				if (n->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
					memcpy(&err, NLMSG_DATA(n), sizeof(err));
				return err;
			}
			each((struct nlattr *)((char *)NLMSG_DATA(n) + GENL_HDRLEN),
			     n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), arg);
		}
	}
}

static int do_xdp_features(const struct opts *o)
{
	static const char * const names[] = {
		"basic", "redirect", "ndo-xmit", "xsk-zerocopy", "hw-offload",
		"rx-sg", "ndo-xmit-sg",
	};
	static char ans[8192];
	struct nl_req r = {};
	struct nlattr *a;
	__u64 feat = 0, meta = 0;
	__u32 ifindex, segs = 0;
	__u16 family;
	int fd, len, got_feat = 0;
	unsigned int i;

	ifindex = o->ifname ? if_nametoindex(o->ifname) : 0;
	if (!ifindex)
		die("-i: no such interface");
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0)
		die("netlink socket");

	family = netdev_family(fd);
	if (!family) {
		printf("no netdev netlink family (Linux 6.3 or later)\n");
		return 4;
	}

	r.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r.n.nlmsg_type = family;
	r.n.nlmsg_flags = NLM_F_REQUEST;
	r.g.cmd = NETDEV_CMD_DEV_GET;
	r.g.version = 1;
	nl_put(&r, NETDEV_A_DEV_IFINDEX, &ifindex, sizeof(ifindex));
	a = nl_talk(fd, &r, ans, sizeof(ans), &len);
	if (!a)
		die("netdev dev-get");
	for (; nla_ok(a, len); a = nla_next(a, &len)) {
		void *v = (char *)a + NLA_HDRLEN;

		switch (a->nla_type) {
		case NETDEV_A_DEV_XDP_FEATURES:
			memcpy(&feat, v, sizeof(feat));
			got_feat = 1;
			break;
		case NETDEV_A_DEV_XDP_ZC_MAX_SEGS:
			memcpy(&segs, v, sizeof(segs));
			break;
		case NETDEV_A_DEV_XDP_RX_METADATA_FEATURES:
			memcpy(&meta, v, sizeof(meta));
			break;
		}
	}
	if (!got_feat)
		die("netdev dev-get: no xdp-features");
	printf("xdp-features 0x%llx", (unsigned long long)feat);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (feat & (1ull << i))
			printf(" %s", names[i]);
	printf("\nxdp-zc-max-segs %u\nxdp-rx-metadata 0x%llx\n", segs,
	       (unsigned long long)meta);
	close(fd);
	return 0;
}

#define PP_STATS	11	/* alloc-fast ... recycle-released-refcnt */
#define PP_MAX		64

struct pp_info {
	__u64 id, ifindex, napi_id, inflight, inflight_mem, detach_time;
	__u64 stats[PP_STATS];
	bool have_stats;
};

struct pp_list {
	struct pp_info pool[PP_MAX];
	int n;
};

static void pp_each(struct nlattr *a, int len, void *arg)
{
	struct pp_list *l = arg;
	struct pp_info *p;

	if (l->n == PP_MAX)
		die("page-pools: too many pools");
	p = &l->pool[l->n++];
	memset(p, 0, sizeof(*p));
	for (; nla_ok(a, len); a = nla_next(a, &len)) {
		switch (a->nla_type) {
		case NETDEV_A_PAGE_POOL_ID:
			p->id = nla_uint(a);
			break;
		case NETDEV_A_PAGE_POOL_IFINDEX:
			p->ifindex = nla_uint(a);
			break;
		case NETDEV_A_PAGE_POOL_NAPI_ID:
			p->napi_id = nla_uint(a);
			break;
		case NETDEV_A_PAGE_POOL_INFLIGHT:
			p->inflight = nla_uint(a);
			break;
		case NETDEV_A_PAGE_POOL_INFLIGHT_MEM:
			p->inflight_mem = nla_uint(a);
			break;
		case NETDEV_A_PAGE_POOL_DETACH_TIME:
			p->detach_time = nla_uint(a);
			break;
		}
	}
}

/* One pool's counters: matched to the pool by the id in their "info". */
static void pp_stats_each(struct nlattr *a, int len, void *arg)
{
	__u64 id = 0, stats[PP_STATS] = { 0 };
	struct pp_list *l = arg;
	bool have_id = false;
	int i;

	for (; nla_ok(a, len); a = nla_next(a, &len)) {
		unsigned int t = a->nla_type & NLA_TYPE_MASK;

		if (t == NETDEV_A_PAGE_POOL_STATS_INFO) {
			struct nlattr *in = (struct nlattr *)((char *)a + NLA_HDRLEN);
			int in_len = a->nla_len - NLA_HDRLEN;

			for (; nla_ok(in, in_len); in = nla_next(in, &in_len))
				if (in->nla_type == NETDEV_A_PAGE_POOL_ID) {
					id = nla_uint(in);
					have_id = true;
				}
		} else if (t >= NETDEV_A_PAGE_POOL_STATS_ALLOC_FAST &&
			   t < NETDEV_A_PAGE_POOL_STATS_ALLOC_FAST + PP_STATS) {
			stats[t - NETDEV_A_PAGE_POOL_STATS_ALLOC_FAST] = nla_uint(a);
		}
	}
	if (!have_id)
		die("page-pool-stats-get: a reply without the pool's id");
	for (i = 0; i < l->n; i++)
		if (l->pool[i].id == id) {
			memcpy(l->pool[i].stats, stats, sizeof(stats));
			l->pool[i].have_stats = true;
		}
}

struct q_ctx {
	__u32 ifindex;
};

static void queue_each(struct nlattr *a, int len, void *arg)
{
	struct q_ctx *q = arg;
	__u64 id = 0, napi = 0, ifindex = 0, type = ~0ull;

	for (; nla_ok(a, len); a = nla_next(a, &len)) {
		switch (a->nla_type) {
		case NETDEV_A_QUEUE_ID:
			id = nla_uint(a);
			break;
		case NETDEV_A_QUEUE_IFINDEX:
			ifindex = nla_uint(a);
			break;
		case NETDEV_A_QUEUE_TYPE:
			type = nla_uint(a);
			break;
		case NETDEV_A_QUEUE_NAPI_ID:
			napi = nla_uint(a);
			break;
		}
	}
	if (ifindex == q->ifindex && type == NETDEV_QUEUE_TYPE_RX)
		printf("rx-queue %llu napi-id %llu\n", (unsigned long long)id,
		       (unsigned long long)napi);
}

static int do_page_pools(const struct opts *o)
{
	static const char * const names[PP_STATS] = {
		"alloc-fast", "alloc-slow", "alloc-slow-high-order",
		"alloc-empty", "alloc-refill", "alloc-waive",
		"recycle-cached", "recycle-cache-full", "recycle-ring",
		"recycle-ring-full", "recycle-released-refcnt",
	};
	static struct pp_list l;
	struct q_ctx q;
	__u32 ifindex;
	__u16 family;
	int fd, err, i, j;

	ifindex = o->ifname ? if_nametoindex(o->ifname) : 0;
	if (!ifindex)
		die("-i: no such interface");
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0)
		die("netlink socket");
	family = netdev_family(fd);
	if (!family) {
		printf("no netdev netlink family (Linux 6.3 or later)\n");
		return 4;
	}
	/* Dumps of every device's pools: the request takes no ifindex. */
	err = nl_dump(fd, family, NETDEV_CMD_PAGE_POOL_GET, 0, 0, pp_each, &l);
	if (err == -EOPNOTSUPP) {
		printf("no page-pool-get in the netdev family (Linux 6.8 or later)\n");
		return 4;
	}
	if (err) {
		errno = -err;
		die("page-pool-get");
	}
	err = nl_dump(fd, family, NETDEV_CMD_PAGE_POOL_STATS_GET, 0, 0,
		      pp_stats_each, &l);
	if (err == -EOPNOTSUPP) {
		printf("no page pool counters (kernel without CONFIG_PAGE_POOL_STATS)\n");
		return 4;
	}
	if (err) {
		errno = -err;
		die("page-pool-stats-get");
	}
	for (i = 0; i < l.n; i++) {
		struct pp_info *p = &l.pool[i];

		if (p->ifindex != ifindex)
			continue;
		printf("pool %llu ifindex %llu napi-id %llu",
		       (unsigned long long)p->id,
		       (unsigned long long)p->ifindex,
		       (unsigned long long)p->napi_id);
		printf(" inflight %llu inflight-mem %llu detach-time %llu",
		       (unsigned long long)p->inflight,
		       (unsigned long long)p->inflight_mem,
		       (unsigned long long)p->detach_time);
		/* A pool created between the two dumps has no counters. */
		if (p->have_stats)
			for (j = 0; j < PP_STATS; j++)
				printf(" %s %llu", names[j],
				       (unsigned long long)p->stats[j]);
		printf("\n");
	}
	/* Which NAPI instance serves each RX queue (6.10 and later). */
	q.ifindex = ifindex;
	nl_dump(fd, family, NETDEV_CMD_QUEUE_GET, NETDEV_A_QUEUE_IFINDEX,
		ifindex, queue_each, &q);
	close(fd);
	return 0;
}

#ifndef SOL_XDP
#define SOL_XDP 283
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif

#define XSK_FRAMES	64
#define XSK_FRAME	4096

static int do_xsk_bind(const struct opts *o)
{
	struct xdp_umem_reg mr = { 0 };
	struct sockaddr_xdp sx = { 0 };
	int fd, err, i, ring = XSK_FRAMES;
	unsigned int ifindex;
	void *area;

	ifindex = o->ifname ? if_nametoindex(o->ifname) : 0;
	if (!ifindex)
		die("-i: no such interface");
	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (fd < 0) {
		printf("no AF_XDP sockets: %s\n", strerror(errno));
		return 4;
	}
	area = mmap(NULL, XSK_FRAMES * XSK_FRAME, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		die("mmap");
	mr.addr = (unsigned long)area;
	mr.len = XSK_FRAMES * XSK_FRAME;
	mr.chunk_size = XSK_FRAME;
	if (setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &ring, sizeof(ring)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ring,
		       sizeof(ring)) ||
	    setsockopt(fd, SOL_XDP, XDP_RX_RING, &ring, sizeof(ring)))
		die("AF_XDP socket set-up");
	sx.sxdp_family = AF_XDP;
	sx.sxdp_ifindex = ifindex;
	sx.sxdp_queue_id = o->queue;
	sx.sxdp_flags = o->zc ? XDP_ZEROCOPY : XDP_COPY;
	/* A socket closed just before leaves the queue busy until a work
	 * item has released its buffer pool: wait for that (2 s at most).
	 */
	for (i = 0; i < 40; i++) {
		err = bind(fd, (struct sockaddr *)&sx, sizeof(sx));
		if (!err || errno != EBUSY)
			break;
		usleep(50000);
	}
	if (err) {
		printf("refused: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	printf("bound\n");
	close(fd);
	return 0;
}

static void usage(void)
{
	static const char text[] =
		"mvneta_pkt MODE -i IF [-d MAC] [-s MAC] [-D IP] [-S IP]\n"
		"       [-n N] [-l LEN] [-r PPS] [-t S] [-p PORT] [-b] [-6] [-x] [-o]\n"
		"MODE: send reflect count adjusted usend urecv tsend trecv hold\n"
		"      xdp-features page-pools xsk-bind [-q QUEUE] [-z]; count [-e]\n";

	fputs(text, stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = {
		.count = 1, .len = 64, .secs = 2, .port = UDP_PORT,
		.dst_ip = htonl(0x0a000001), .src_ip = htonl(0x0a000002),
	};
	const char *mode;
	int c, fd, ifindex;

	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
	o.flip = -1;
	while ((c = getopt(argc, argv, "i:d:s:D:S:n:l:r:t:p:b6xoeq:zT:X:")) != -1) {
		switch (c) {
		case 'i':
			o.ifname = optarg;
			break;
		case 'd':
			if (parse_mac(optarg, o.dst))
				usage();
			break;
		case 's':
			if (parse_mac(optarg, o.src))
				usage();
			o.have_src = 1;
			break;
		case 'D':
			o.dst_ip = inet_addr(optarg);
			o.dst_str = optarg;
			break;
		case 'S':
			o.src_ip = inet_addr(optarg);
			break;
		case 'n':
			o.count = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			o.len = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			o.pps = strtoul(optarg, NULL, 0);
			break;
		case 't':
			o.secs = atoi(optarg);
			break;
		case 'p':
			o.port = atoi(optarg);
			break;
		case 'b':
			o.bad_csum = 1;
			break;
		case '6':
			o.ipv6 = 1;
			break;
		case 'x':
			o.ext_hdr = 1;
			break;
		case 'o':
			o.ip_opts = 1;
			break;
		case 'e':
			o.exact = 1;
			break;
		case 'q':
			o.queue = atoi(optarg);
			break;
		case 'z':
			o.zc = 1;
			break;
		case 'T':
			o.delta = atoi(optarg);
			break;
		case 'X':
			o.flip = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (!strcmp(mode, "usend"))
		return do_usend(&o);
	if (!strcmp(mode, "urecv"))
		return do_urecv(&o);
	if (!strcmp(mode, "tsend"))
		return do_tsend(&o);
	if (!strcmp(mode, "hold"))
		return do_hold(&o);
	if (!strcmp(mode, "xdp-features"))
		return do_xdp_features(&o);
	if (!strcmp(mode, "page-pools"))
		return do_page_pools(&o);
	if (!strcmp(mode, "xsk-bind"))
		return do_xsk_bind(&o);
	if (!strcmp(mode, "trecv"))
		return do_trecv(&o);
	if (!o.ifname || o.len < 60 || o.len > MAX_LEN)
		usage();
	fd = open_socket(o.ifname, &ifindex);
	if (!o.have_src)
		own_mac(fd, o.ifname, o.src);
	if (!strcmp(mode, "send")) {
		printf("sent %lu\n", do_send(&o, fd));
		return 0;
	}
	if (!strcmp(mode, "reflect"))
		return do_reflect(&o, fd);
	if (!strcmp(mode, "count"))
		return do_count(&o, fd);
	if (!strcmp(mode, "adjusted"))
		return do_adjusted(&o, fd);
	usage();
	return 2;
}
