// SPDX-License-Identifier: GPL-2.0
/*
 * trafgen - host-side traffic generator for a board port wired to the host
 *
 *   trafgen -s SOCK -d DSTMAC [-S SRCMAC] [-n COUNT] [-l LEN] [-r PPS]
 *           [-t IDLE] [-w CAPTURE.pcap] [-x]
 *
 * SOCK is the Unix stream socket of a QEMU "-netdev stream" backend
 * (each frame: a 32-bit big-endian length, then the frame).  Sends COUNT
 * IPv4/UDP frames of LEN bytes (no FCS), each carrying its sequence
 * number, at PPS frames per second or flat out (0).  A paced sender that
 * was held up (the host did not run it) does not catch up in a burst: it
 * goes on at PPS from where it is, as a link would, so that the port's
 * ring sees the rate asked for and not a host stall's backlog.  The
 * stream itself is lossless (QEMU stops reading while the port paces
 * frames to its line rate); the port drops, and counts, what finds its
 * RX ring full, as the hardware does.  Everything that comes back is
 * counted, and written to CAPTURE if asked, until IDLE seconds pass with
 * nothing new.
 * Prints "sent N received M"; with -x (the board reflects with the MAC
 * addresses swapped, e.g. XDP_TX) also "exact K", the frames that came
 * back byte for byte as sent but for the swap, and fails unless
 * K == M == N.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME 16384
/* Frames a paced sender may send back to back to catch up. */
#define BURST 4

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_mac(const char *s, uint8_t *m)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx",
		      &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) == 6 ? 0 : -1;
}

static uint16_t csum(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* One length-prefixed IPv4/UDP frame, sequence number in the payload. */
static size_t build(uint8_t *out, const uint8_t *dst, const uint8_t *src,
		    unsigned int len, uint32_t seq)
{
	uint8_t *f = out + 4, *ip = f + 14, *udp = ip + 20;
	unsigned int i, ulen = len - 14 - 20;

	memset(f, 0, len);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (len - 14) >> 8;
	ip[3] = (len - 14) & 0xff;
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, "\x0a\x4d\x09\x01\x0a\x4d\x00\x01", 8);
	i = csum(ip, 20, 0);
	ip[10] = i >> 8;
	ip[11] = i & 0xff;
	udp[1] = 9;
	udp[3] = 9;
	udp[4] = ulen >> 8;
	udp[5] = ulen & 0xff;
	for (i = 8; i < ulen; i++)
		udp[i] = (uint8_t)(seq + i);
	if (ulen >= 12) {
		uint32_t s = htonl(seq);

		memcpy(udp + 8, &s, 4);
	}
	/* UDP checksum left 0: "none", valid for IPv4. */
	out[0] = 0;
	out[1] = 0;
	out[2] = len >> 8;
	out[3] = len & 0xff;
	return len + 4;
}

/* Is @f our frame @seq sent back with the addresses swapped? */
static int reflected(const uint8_t *f, uint32_t fl, const uint8_t *dst,
		     const uint8_t *src, unsigned int len)
{
	static uint8_t want[MAX_FRAME + 4];
	uint32_t seq;

	if (fl != len || len < 14 + 20 + 12)
		return 0;
	memcpy(&seq, f + 14 + 20 + 8, 4);
	build(want, src, dst, len, ntohl(seq));
	return !memcmp(f, want + 4, len);
}

static void pcap_header(FILE *f)
{
	uint32_t h[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, MAX_FRAME, 1 };

	fwrite(h, sizeof(h), 1, f);
}

static void pcap_frame(FILE *f, const uint8_t *p, uint32_t len)
{
	struct timespec ts;
	uint32_t h[4];

	clock_gettime(CLOCK_REALTIME, &ts);
	h[0] = ts.tv_sec;
	h[1] = ts.tv_nsec / 1000;
	h[2] = len;
	h[3] = len;
	fwrite(h, sizeof(h), 1, f);
	fwrite(p, len, 1, f);
}

static const char usage[] =
	"usage: trafgen -s SOCK -d MAC [-S MAC] [-n N] [-l LEN] [-r PPS]\n"
	"               [-t IDLE] [-w PCAP] [-x]\n";

int main(int argc, char **argv)
{
	static uint8_t tx[MAX_FRAME + 4], rx[1 << 20];
	uint8_t dst[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t src[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	const char *path = NULL, *cap = NULL;
	unsigned long count = 1000, pps = 0, sent = 0, got = 0;
	unsigned int len = 64;
	size_t txlen = 0, txoff = 0, rxlen = 0;
	double idle = 1.0, t0, t_start, last, t_done;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	FILE *pc = NULL;
	unsigned long exact = 0;
	int c, fd, check = 0;

	while ((c = getopt(argc, argv, "s:d:S:n:l:r:t:w:x")) != -1) {
		switch (c) {
		case 's':
			path = optarg;
			break;
		case 'd':
			if (parse_mac(optarg, dst))
				return 2;
			break;
		case 'S':
			if (parse_mac(optarg, src))
				return 2;
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			len = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			pps = strtoul(optarg, NULL, 0);
			break;
		case 't':
			idle = atof(optarg);
			break;
		case 'w':
			cap = optarg;
			break;
		case 'x':
			check = 1;
			break;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (!path || len < 60 || len > MAX_FRAME) {
		fprintf(stderr, "trafgen: -s SOCK and 60 <= LEN <= %d needed\n",
			MAX_FRAME);
		return 2;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror(path);
		return 1;
	}
	if (cap) {
		pc = fopen(cap, "wb");
		if (!pc) {
			perror(cap);
			return 1;
		}
		pcap_header(pc);
	}
	t0 = now();
	t_start = t0;
	last = t0;
	t_done = 0;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double t = now();
		int timeout = 100;

		/*
		 * More than a few frames behind the schedule: this process
		 * was not run for a while.  Move the schedule instead of
		 * sending the backlog back to back.
		 */
		if (pps && t > t0 + (double)(sent + BURST) / pps)
			t0 = t - (double)sent / pps;
		if (txoff == txlen && sent < count &&
		    (!pps || t >= t0 + (double)sent / pps)) {
			txlen = build(tx, dst, src, len, sent);
			txoff = 0;
			sent++;
		}
		if (txoff < txlen)
			p.events |= POLLOUT;
		else if (sent < count)
			timeout = 1;
		else if (t - last > idle)
			break;
		if (poll(&p, 1, timeout) < 0) {
			perror("poll");
			return 1;
		}
		if (p.revents & POLLOUT) {
			ssize_t w = write(fd, tx + txoff, txlen - txoff);

			if (w < 0 && errno != EAGAIN) {
				perror("write");
				return 1;
			}
			if (w > 0)
				txoff += w;
			last = now();
			if (txoff == txlen && sent == count)
				t_done = last;
		}
		if (p.revents & (POLLIN | POLLHUP)) {
			ssize_t r = read(fd, rx + rxlen, sizeof(rx) - rxlen);

			if (r <= 0)
				break;
			rxlen += r;
			while (rxlen >= 4) {
				uint32_t fl = (uint32_t)rx[0] << 24 | rx[1] << 16 |
					      rx[2] << 8 | rx[3];

				if (fl > MAX_FRAME) {
					fprintf(stderr, "trafgen: bad length %u\n", fl);
					return 1;
				}
				if (rxlen < 4 + fl)
					break;
				got++;
				if (check)
					exact += reflected(rx + 4, fl, dst, src, len);
				if (pc)
					pcap_frame(pc, rx + 4, fl);
				memmove(rx, rx + 4 + fl, rxlen - 4 - fl);
				rxlen -= 4 + fl;
			}
			last = now();
		}
	}
	if (pc)
		fclose(pc);
	/*
	 * How fast the port took the frames: the stream is lossless, so a
	 * flat-out run measures the model's line rate (81 kpps of 1514-byte
	 * frames at 1 Gb/s), less the socket's buffer.
	 */
	if (t_done > t_start)
		fprintf(stderr, "trafgen: %lu frames taken in %.3f s: %.0f pps\n",
			sent, t_done - t_start, sent / (t_done - t_start));
	if (!check) {
		printf("sent %lu received %lu\n", sent, got);
		return 0;
	}
	printf("sent %lu received %lu exact %lu\n", sent, got, exact);
	return exact == count && got == count ? 0 : 1;
}
