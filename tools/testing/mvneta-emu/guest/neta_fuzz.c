// SPDX-License-Identifier: GPL-2.0
/*
 * neta_fuzz - hostile register and descriptor traffic against the NETA
 * model, from inside the guest, with the driver unloaded.
 *
 *   neta_fuzz SECONDS [SEED]
 *
 * Maps both ports' registers and a scratch area of RAM the kernel does not
 * use (the board boots with mem=768M; 0x70000000.. is ours), then mixes:
 * random register writes and reads; plausible port bring-up with rings in
 * the scratch area; descriptors full of garbage, addresses outside RAM,
 * buffers straddling the end of RAM or pointing at device registers;
 * ring sizes of 0 and 0x3fff; counts far beyond the ring; DMA resets.
 * Port 0 transmits into port 1 over the board's cable, so both the TX and
 * the RX walks see the garbage; frames leave from the wire timer while the
 * rings change under them, frames spanning buffers are cut by resets, and
 * the CPU cleans, invalidates and dirties lines the ports use.  The model
 * must log and survive.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PORT0		0x09100000UL
#define PORT1		0x09110000UL
#define REGS_SIZE	0x4000
#define SCRATCH		0x70000000UL
#define SCRATCH_SIZE	(16UL << 20)
#define RAM_END		0x80000000UL

static volatile uint32_t *port[2];
static uint8_t *scratch;
static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 16;
}

static void wr(int p, uint32_t off, uint32_t v)
{
	/* No value may aim the port at the guest kernel's own RAM. */
	if (v >= 0x40000000u && v < SCRATCH)
		v += 0x30000000u;
	port[p][(off & (REGS_SIZE - 1)) >> 2] = v;
}

static uint32_t rd(int p, uint32_t off)
{
	return port[p][(off & (REGS_SIZE - 1)) >> 2];
}

/* An address a descriptor might hold: often sane, often not. */
static uint32_t hostile_addr(void)
{
	uint32_t a;

	switch (rnd() % 8) {
	case 0: return 0;
	case 1:
		a = rnd() << 16 | rnd();
		break;
	case 2: return RAM_END - (rnd() % 64);		/* straddles RAM end */
	case 3: return PORT0 + (rnd() % REGS_SIZE);	/* device registers */
	case 4: return 0xfffffff0u + (rnd() % 16);
	default: return SCRATCH + (rnd() % SCRATCH_SIZE);
	}
	/* Spare the RAM the guest kernel lives in: it is not under test. */
	if (a >= 0x40000000u && a < SCRATCH)
		a += 0x30000000u;
	return a;
}

static void garbage_ring(uint32_t off, uint32_t descs)
{
	uint32_t *d = (uint32_t *)(scratch + off);
	uint32_t i, w;

	for (i = 0; i < descs && off + (i + 1) * 32 <= SCRATCH_SIZE; i++)
		for (w = 0; w < 8; w++)
			d[i * 8 + w] = (w == 2) ? hostile_addr() : rnd() << 16 | rnd();
}

static uint32_t ring_size(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return 0x3fff;
	case 2: return 1;
	default: return 1 + rnd() % 512;
	}
}

static void bring_up(int p)
{
	uint32_t q = rnd() % 8, size = ring_size();
	uint32_t roff = (rnd() % (SCRATCH_SIZE / 4096)) * 4096 & ~31u;
	uint32_t toff = (rnd() % (SCRATCH_SIZE / 4096)) * 4096 & ~31u;

	wr(p, 0x2204, 0xffff0000);		/* window 0: 4 GB */
	wr(p, 0x2290, rnd() % 4 ? 0x3e : rnd());
	wr(p, 0x2c08, 0);			/* out of reset */
	wr(p, 0x2c00, (rnd() % 0x1fff) << 2 | 1);
	wr(p, 0x2400, rnd() % 2);		/* maybe promiscuous */
	wr(p, 0x3600, 0x01010101);
	garbage_ring(roff, size);
	garbage_ring(toff, size);
	wr(p, 0x1480 + q * 4, rnd() % 8 ? SCRATCH + roff : hostile_addr());
	wr(p, 0x14a0 + q * 4, size | (rnd() % 0x2000) << 19);
	wr(p, 0x1400 + q * 4, (rnd() % 16) << 8);
	wr(p, 0x3c00 + q * 4, rnd() % 8 ? SCRATCH + toff : hostile_addr());
	wr(p, 0x3c20 + q * 4, size | (rnd() % 64) << 16);
	wr(p, 0x2680, 1u << q);
	wr(p, 0x2448, 1u << q);
	wr(p, 0x25a4, rnd());
	wr(p, 0x1500 + q * 4, (rnd() % 256) << 16 | rnd() % 256);
	wr(p, 0x3c60 + q * 4, rnd() % 256 | (rnd() % 256) << 16);
}

/*
 * The CPU side of the model's cache: clean or clean-and-invalidate lines
 * the ports may be reading or writing (EL0 may, Linux sets SCTLR_EL1.UCI),
 * sometimes after storing into them, so that lines go dirty, stale and
 * pending in every order.
 */
static void cache_op(void)
{
	uint8_t *line = scratch + (rnd() % (SCRATCH_SIZE / 64)) * 64;

	if (rnd() % 2)
		line[rnd() % 64] = rnd();
#ifdef __aarch64__
	if (rnd() % 2)
		asm volatile("dc civac, %0" : : "r"(line) : "memory");
	else
		asm volatile("dc cvac, %0" : : "r"(line) : "memory");
#endif
}

static void one_step(void)
{
	int p = rnd() % 2;
	uint32_t q = rnd() % 8;

	switch (rnd() % 12) {
	case 0:
		wr(p, rnd() % REGS_SIZE & ~3u, rnd() << 16 | rnd());
		break;
	case 1:
		(void)rd(p, rnd() % REGS_SIZE & ~3u);
		break;
	case 2:
	case 3:
		bring_up(p);
		break;
	case 4:
		wr(p, 0x3c60 + q * 4, rnd() % 256 | (rnd() % 256) << 16);
		break;
	case 5:
		wr(p, 0x1500 + q * 4, (rnd() % 256) << 16 | rnd() % 256);
		break;
	case 6:
		wr(p, rnd() % 2 ? 0x1cc0 : 0x3cf0, 1);
		wr(p, rnd() % 2 ? 0x1cc0 : 0x3cf0, 0);
		break;
	case 7:
		garbage_ring((rnd() % (SCRATCH_SIZE / 32)) * 32, 1 + rnd() % 64);
		break;
	case 8:
		(void)rd(p, 0x3000 + (rnd() % 0x80 & ~3u));
		(void)rd(p, 0x25a0);
		(void)rd(p, 0x14e0 + q * 4);
		(void)rd(p, 0x3c40 + q * 4);
		break;
	case 9:
	case 10:
		cache_op();
		break;
	default:
		wr(p, 0x2448, rnd());
		wr(p, 0x2680, rnd());
		break;
	}
	/* Now and then, let the wire timers run with the ports mid-frame. */
	if (rnd() % 4096 == 0)
		usleep(rnd() % 200);
}

int main(int argc, char **argv)
{
	time_t end = time(NULL) + (argc > 1 ? atoi(argv[1]) : 60);
	unsigned long steps = 0;
	int fd = open("/dev/mem", O_RDWR | O_SYNC);

	if (argc > 2) {
		rng = strtoull(argv[2], NULL, 0);
	} else {
		FILE *f = fopen("/dev/urandom", "r");

		if (!f || fread(&rng, sizeof(rng), 1, f) != 1)
			rng = time(NULL);
		if (f)
			fclose(f);
	}
	rng |= 1;
	if (fd < 0) {
		perror("/dev/mem");
		return 1;
	}
	port[0] = mmap(NULL, REGS_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PORT0);
	port[1] = mmap(NULL, REGS_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PORT1);
	scratch = mmap(NULL, SCRATCH_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, SCRATCH);
	if (port[0] == MAP_FAILED || port[1] == MAP_FAILED || scratch == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	printf("neta_fuzz: seed %#llx\n", (unsigned long long)rng);
	while (time(NULL) < end) {
		int i;

		for (i = 0; i < 1000; i++, steps++)
			one_step();
	}
	/* Leave both ports quiet. */
	wr(0, 0x2c00, 0);
	wr(1, 0x2c00, 0);
	wr(0, 0x25a4, 0);
	wr(1, 0x25a4, 0);
	printf("neta_fuzz: %lu steps\n", steps);
	return 0;
}
