// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sgio-probe: ground truth for the kernel rig.
 *
 *   sgio-probe NODE LENGTH [--offset N] [--read10] [--write [--verify]]
 *       Issue ONE SG_IO READ(12) (READ(10) with --read10) of LENGTH bytes
 *       from LBA 0 of NODE (/dev/srN or /dev/sgN).  Exit 0 when the kernel
 *       and the device accept it, 1 when not (the errno name, or the SCSI
 *       status, host_status and driver_status, is printed), 2 on usage
 *       errors, 3 when no worst-case buffer could be built or kept.
 *
 *       With --write, ONE SG_IO WRITE(12) (WRITE(10) with --read10) of
 *       LENGTH bytes to LBA 0 instead, data-out (SG_DXFER_TO_DEV) from the
 *       same kind of worst-case buffer, filled with a pattern that depends
 *       on a per-run seed and the byte's position (and never holds the
 *       fill byte 0xa5, so that later READ checks of the same medium stay
 *       meaningful).  Exit 0 when the kernel and the device accept it;
 *       exit 4 when the kernel accepted it (the ioctl returned 0: the
 *       buffer was mapped and the command sent) and the device answered
 *       with a CHECK CONDITION, as read-only media do (the sense is
 *       printed); 1 when the ioctl failed (the errno is printed).  With
 *       --verify, after a successful WRITE the same blocks are read back
 *       into a separate buffer with one READ(12) and must equal the
 *       pattern byte for byte (exit 1 naming the first difference).
 *
 *       With --buffer, READ BUFFER (or, with --write, WRITE BUFFER) in data
 *       mode of LENGTH bytes (any number up to 4096, not only whole blocks),
 *       for answers below one logical block: a single-segment host's
 *       non-page-aligned answer is A + 1 bytes.  The rig's test host
 *       (tests/hostadapter/dxhost.c) keeps a 4 KiB buffer for them;
 *       --verify reads it back with READ BUFFER.
 *   sgio-probe NODE LENGTH --burn IMAGE [--offset N]
 *       The rig's own burner: write IMAGE (a whole number of blocks) to
 *       the medium from LBA 0 with WRITE(12) commands of exactly LENGTH
 *       bytes (the last one the image's remainder), all from ONE
 *       worst-case buffer (N bytes into its first page with --offset),
 *       checked worst-case before and after every command; then
 *       SYNCHRONIZE CACHE, and the medium is read back in commands of
 *       LENGTH bytes and compared with IMAGE byte for byte.  Exit 0 when
 *       every command succeeded and the medium equals the image (one "OK
 *       BURN" line with the command count), 1 naming the command or byte
 *       that failed.
 *   sgio-probe NODE --block-size
 *       Print the logical block size (READ CAPACITY(10)).
 *
 * The buffer is the WORST CASE for the kernel's segment accounting: it is
 * made of 4 KiB pages of which no two neighbours are physically adjacent, so
 * the block layer cannot merge two pages into one segment.  Memory from
 * malloc or a plain mmap is often physically contiguous (transparent huge
 * pages, or a fresh run of free pages), and then the kernel accepts far more
 * than the guaranteed size: such a test would prove nothing.  First one
 * mapping is tried whose even pages are touched before its odd ones (see
 * interleaved()); when its pagemap shows two neighbours adjacent all the
 * same, the buffer is built the slow way:
 *   1. mmap an anonymous pool with MADV_NOHUGEPAGE, touch every page and
 *      read each page's frame number from /proc/self/pagemap (needs root);
 *   2. choose pool pages in order, skipping any page whose frame is adjacent
 *      (+1 or -1) to the frame of the page chosen before it; grow the pool
 *      when it runs out;
 *   3. mremap the chosen pages, one by one, into one contiguous virtual
 *      range (mremap moves the page, so its frame stays the same);
 *   4. read pagemap for that range again, before and after the command, and
 *      exit 3 if any two neighbours became adjacent (or a page went away).
 * With --offset N the data starts N bytes into the first page.
 *
 * The small buffers of the other commands (READ CAPACITY's 8 bytes) are
 * aligned to their size so that they never straddle a page: on a
 * single-segment host two pages are two segments, and such a command fails
 * with EINVAL (the non-page-aligned answer there can be 4 bytes).  On the
 * stack they would straddle one run in 256, as the stack's start in its page
 * is random.
 *
 * Success also means every byte arrived: the buffer is filled with 0xa5
 * first, and after the command no byte of the data may still hold it (the
 * rig's media are zero-filled images and scsi_debug stores), and the
 * residual count must be 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <scsi/sg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PG 4096UL
#define PFN_MASK ((UINT64_C(1) << 55) - 1)
#define PAGE_PRESENT (UINT64_C(1) << 63)

struct pool {
	unsigned char **pages;	/* chosen pool pages, in order */
	size_t n;
};

static int pagemap_fd = -1;

/*
 * Keep a range out of transparent huge pages.  A kernel built without them
 * (the rig's debug kernel: tinyconfig) refuses MADV_NOHUGEPAGE with EINVAL:
 * there is nothing to keep out, and the pagemap check still proves that no
 * two neighbours are adjacent.
 */
static int no_huge_pages(void *addr, size_t len)
{
	if (madvise(addr, len, MADV_NOHUGEPAGE) == 0 || errno == EINVAL)
		return 0;
	return -1;
}

static const char *errname(int e)
{
	const char *s = strerrorname_np(e);

	return s ? s : "E?";
}

/* Frame number of the page at addr, 0 when unknown (not present). */
static uint64_t pfn_of(const void *addr)
{
	uint64_t ent;
	off_t off = (off_t)((uintptr_t)addr / PG) * (off_t)sizeof(ent);

	if (pread(pagemap_fd, &ent, sizeof(ent), off) != (ssize_t)sizeof(ent))
		return 0;
	if (!(ent & PAGE_PRESENT))
		return 0;
	return ent & PFN_MASK;
}

static bool adjacent(uint64_t a, uint64_t b)
{
	return a + 1 == b || b + 1 == a || a == b;
}

/* Steps 1 and 2: collect n pages, no chosen page adjacent to its predecessor. */
static int choose_pages(struct pool *p, size_t n)
{
	uint64_t last = 0;
	size_t chunk = n * 2 + 16, rounds = 0;

	p->pages = calloc(n, sizeof(*p->pages));
	if (!p->pages)
		return -ENOMEM;
	p->n = 0;
	while (p->n < n) {
		unsigned char *m;

		if (++rounds > 16)
			return -EAGAIN;
		m = mmap(NULL, chunk * PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return -errno;
		if (no_huge_pages(m, chunk * PG) != 0)
			return -errno;
		for (size_t i = 0; i < chunk; i++)
			m[i * PG] = (unsigned char)i | 1;
		for (size_t i = 0; i < chunk && p->n < n; i++) {
			uint64_t f = pfn_of(m + i * PG);

			if (f == 0)
				return -EPERM;	/* pagemap hides frames: not root */
			if (p->n > 0 && adjacent(last, f))
				continue;
			p->pages[p->n++] = m + i * PG;
			last = f;
		}
		/* Unused pool pages stay mapped: freeing them now could hand
		 * the same frames back on the next round.
		 */
	}
	return 0;
}

/* Step 3: move the chosen pages into one contiguous virtual range. */
static unsigned char *assemble(const struct pool *p)
{
	unsigned char *dst;

	dst = mmap(NULL, p->n * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (dst == MAP_FAILED)
		return NULL;
	for (size_t i = 0; i < p->n; i++) {
		void *r = mremap(p->pages[i], PG, PG,
				 MREMAP_MAYMOVE | MREMAP_FIXED, dst + i * PG);

		if (r == MAP_FAILED)
			return NULL;
	}
	if (no_huge_pages(dst, p->n * PG) != 0)
		return NULL;
	return dst;
}

/*
 * The frame numbers of n pages from buf, in one read of pagemap: 0 when
 * all were read (a frame 0 means the page is not present), -1 otherwise.
 */
static int pfns_of(const unsigned char *buf, size_t n, uint64_t *f)
{
	off_t off = (off_t)((uintptr_t)buf / PG) * (off_t)sizeof(*f);
	size_t want = n * sizeof(*f), got = 0;

	while (got < want) {
		ssize_t r = pread(pagemap_fd, (char *)f + got, want - got,
				  off + (off_t)got);

		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	for (size_t i = 0; i < n; i++)
		f[i] = f[i] & PAGE_PRESENT ? f[i] & PFN_MASK : 0;
	return 0;
}

/*
 * 0 when every page is present and no neighbours are adjacent; else -1,
 * said on stderr unless quiet.
 */
static int worst_case(const unsigned char *buf, size_t n, bool quiet)
{
	uint64_t *f = calloc(n, sizeof(*f));
	int r = -1;

	if (!f || pfns_of(buf, n, f) != 0) {
		if (!quiet)
			fprintf(stderr, "cannot read the frames of the buffer\n");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (f[i] == 0) {
			if (!quiet)
				fprintf(stderr, "page %zu of the buffer is not present\n", i);
			goto out;
		}
		if (i > 0 && adjacent(f[i - 1], f[i])) {
			if (!quiet)
				fprintf(stderr, "pages %zu and %zu are physically adjacent\n",
					i - 1, i);
			goto out;
		}
	}
	r = 0;
out:
	free(f);
	return r;
}

/* Step 4. */
static int check_worst_case(const unsigned char *buf, size_t n)
{
	return worst_case(buf, n, false);
}

/*
 * The quick way, tried before steps 1 to 3: one mapping whose even pages
 * are touched (and so get their frames) before its odd ones, so that
 * virtual neighbours got their frames far apart in time; most allocators
 * then give frames that are not adjacent.  NULL (nothing left mapped)
 * when any two neighbours are adjacent all the same.  Moving pages one by
 * one (step 3) leaves a mapping per page, which costs seconds a MiB in a
 * debug kernel under emulation (the rig's KASAN guest: 1.4 s a MiB).
 */
static unsigned char *interleaved(size_t n)
{
	unsigned char *m;

	m = mmap(NULL, n * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	if (no_huge_pages(m, n * PG) != 0)
		goto fail;
	for (size_t i = 0; i < n; i += 2)
		m[i * PG] = 1;
	for (size_t i = 1; i < n; i += 2)
		m[i * PG] = 1;
	if (worst_case(m, n, true) == 0)
		return m;
fail:
	munmap(m, n * PG);
	return NULL;
}

/* The WRITE pattern: never 0xa5 (values 0..0xa4), varies with seed,
 * page and position in the page.
 */
static unsigned char pattern(unsigned long i, unsigned int seed)
{
	return (unsigned char)(((i / PG) * 31 + (i % PG) * 7 + seed) % 0xa5);
}

/* Set when the last do_sgio() failed with a CHECK CONDITION only. */
static bool check_condition;

static int do_sgio_dir(int fd, unsigned char *cdb, unsigned char cdb_len,
		       void *buf, unsigned int len, int dir)
{
	unsigned char sense[32] = { 0 };
	struct sg_io_hdr h;

	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	h.dxfer_direction = len ? dir : SG_DXFER_NONE;
	h.cmd_len = cdb_len;
	h.cmdp = cdb;
	h.dxferp = buf;
	h.dxfer_len = len;
	h.mx_sb_len = sizeof(sense);
	h.sbp = sense;
	h.timeout = 120000;

	if (ioctl(fd, SG_IO, &h) != 0) {
		int e = errno;

		printf("SG_IO failed: %s (%s)\n", errname(e), strerror(e));
		return 1;
	}
	check_condition = false;
	if (h.status || h.host_status || h.driver_status) {
		check_condition = (h.status & 0x7e) == 0x02 && !h.host_status;
		printf("SCSI status=0x%02x host_status=0x%04x driver_status=0x%04x",
		       h.status, h.host_status, h.driver_status);
		if (h.sb_len_wr >= 14)
			printf(" sense key=0x%x asc=0x%02x ascq=0x%02x",
			       sense[2] & 0xf, sense[12], sense[13]);
		printf("\n");
		return 1;
	}
	if (h.resid) {
		printf("short transfer: resid=%d of %u bytes\n", h.resid, len);
		return 1;
	}
	return 0;
}

static int do_sgio(int fd, unsigned char *cdb, unsigned char cdb_len,
		   void *buf, unsigned int len)
{
	return do_sgio_dir(fd, cdb, cdb_len, buf, len, SG_DXFER_FROM_DEV);
}

/* READ(12) or WRITE(12) (READ(10)/WRITE(10) with ten) of blocks from LBA 0. */
static unsigned char rw_cdb(unsigned char *cdb, bool write, bool ten,
			    unsigned long blocks)
{
	memset(cdb, 0, 12);
	if (ten) {
		cdb[0] = write ? 0x2a : 0x28;
		cdb[7] = (unsigned char)(blocks >> 8);
		cdb[8] = (unsigned char)blocks;
		return 10;
	}
	cdb[0] = write ? 0xaa : 0xa8;
	cdb[6] = (unsigned char)(blocks >> 24);
	cdb[7] = (unsigned char)(blocks >> 16);
	cdb[8] = (unsigned char)(blocks >> 8);
	cdb[9] = (unsigned char)blocks;
	return 12;
}

/* READ BUFFER or WRITE BUFFER, data mode, buffer 0, of len bytes at off. */
static unsigned char buffer_cdb(unsigned char *cdb, bool write,
				unsigned long off, unsigned long len)
{
	memset(cdb, 0, 10);
	cdb[0] = write ? 0x3b : 0x3c;
	cdb[1] = 0x02;
	cdb[3] = (unsigned char)(off >> 16);
	cdb[4] = (unsigned char)(off >> 8);
	cdb[5] = (unsigned char)off;
	cdb[6] = (unsigned char)(len >> 16);
	cdb[7] = (unsigned char)(len >> 8);
	cdb[8] = (unsigned char)len;
	return 10;
}

/*
 * --verify: read the blocks (bs > 0) or the buffer (bs == 0: --buffer) back
 * into a fresh page-aligned buffer, compare.
 */
static int verify(int fd, unsigned long len, unsigned int bs, unsigned int seed)
{
	unsigned char cdb[12];
	unsigned char *back;
	unsigned char n;
	int r;

	back = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (back == MAP_FAILED) {
		printf("verify: mmap of %lu bytes: %s\n", len, errname(errno));
		return 1;
	}
	/* The read back goes in commands of at most 64 KiB from a page
	 * boundary: never more pages, nor bytes, than the WRITE had, so the
	 * drive takes each one whatever its limits.
	 */
	for (unsigned long done = 0; done < len; done += 65536) {
		unsigned long part = len - done < 65536 ? len - done : 65536;

		if (!bs) {
			n = buffer_cdb(cdb, false, done, part);
			r = do_sgio(fd, cdb, n, back + done, (unsigned int)part);
			if (r) {
				printf("verify: READ BUFFER back at byte %lu failed\n",
				       done);
				munmap(back, len);
				return 1;
			}
			continue;
		}
		n = rw_cdb(cdb, false, false, part / bs);
		/* LBA of this part */
		cdb[2] = (unsigned char)((done / bs) >> 24);
		cdb[3] = (unsigned char)((done / bs) >> 16);
		cdb[4] = (unsigned char)((done / bs) >> 8);
		cdb[5] = (unsigned char)(done / bs);
		r = do_sgio(fd, cdb, n, back + done, (unsigned int)part);
		if (r) {
			printf("verify: READ back at byte %lu failed\n", done);
			munmap(back, len);
			return 1;
		}
	}
	for (unsigned long i = 0; i < len; i++) {
		if (back[i] != pattern(i, seed)) {
			printf("verify: byte %lu reads 0x%02x, 0x%02x was written\n",
			       i, back[i], pattern(i, seed));
			munmap(back, len);
			return 1;
		}
	}
	munmap(back, len);
	return 0;
}

/* Put an LBA into bytes 2-5 of a READ/WRITE (10)/(12) CDB. */
static void cdb_lba(unsigned char *cdb, unsigned long lba)
{
	cdb[2] = (unsigned char)(lba >> 24);
	cdb[3] = (unsigned char)(lba >> 16);
	cdb[4] = (unsigned char)(lba >> 8);
	cdb[5] = (unsigned char)lba;
}

/*
 * --burn: the image in commands of len bytes from buf (npages worst-case
 * pages), SYNCHRONIZE CACHE, then read back and compared.
 */
static int burn(int fd, const char *image, unsigned char *buf, size_t npages,
		unsigned long len, unsigned int bs)
{
	unsigned char cdb[12], *img, *back;
	unsigned long size, done, cmds = 0;
	struct stat st;
	int ifd, r = 1;

	ifd = open(image, O_RDONLY);
	if (ifd < 0 || fstat(ifd, &st) != 0) {
		printf("burn: %s: %s\n", image, errname(errno));
		return 1;
	}
	size = (unsigned long)st.st_size;
	if (size == 0 || size % bs) {
		printf("burn: %s: %lu bytes, not a whole number of %u-byte blocks\n",
		       image, size, bs);
		close(ifd);
		return 1;
	}
	img = mmap(NULL, size, PROT_READ, MAP_PRIVATE, ifd, 0);
	close(ifd);
	back = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (img == MAP_FAILED || back == MAP_FAILED) {
		printf("burn: mmap: %s\n", errname(errno));
		return 1;
	}
	for (done = 0; done < size; done += len, cmds++) {
		unsigned long part = size - done < len ? size - done : len;
		unsigned char n = rw_cdb(cdb, true, false, part / bs);

		cdb_lba(cdb, done / bs);
		memcpy(buf, img + done, part);
		if (check_worst_case(buf - ((uintptr_t)buf % PG), npages)) {
			printf("burn: the buffer is not worst-case before command %lu\n",
			       cmds + 1);
			goto out;
		}
		if (do_sgio_dir(fd, cdb, n, buf, (unsigned int)part,
				SG_DXFER_TO_DEV)) {
			printf("burn: WRITE %lu of %lu bytes at LBA %lu failed (above)\n",
			       cmds + 1, part, done / bs);
			goto out;
		}
		if (check_worst_case(buf - ((uintptr_t)buf % PG), npages)) {
			printf("burn: the buffer stopped being worst-case during command %lu\n",
			       cmds + 1);
			goto out;
		}
	}
	memset(cdb, 0, 10);
	cdb[0] = 0x35;		/* SYNCHRONIZE CACHE(10) */
	if (do_sgio_dir(fd, cdb, 10, NULL, 0, SG_DXFER_NONE)) {
		printf("burn: SYNCHRONIZE CACHE failed (above)\n");
		goto out;
	}
	/* Read back in commands of the same length, each into the start of
	 * one page-aligned buffer: within the page-aligned answer, which is
	 * at least the non-page-aligned one, on every drive (a fixed size
	 * such as 64 KiB is above the hard limit of some).
	 */
	for (unsigned long at = 0; at < size; at += len) {
		unsigned long part = size - at < len ? size - at : len;
		unsigned char n = rw_cdb(cdb, false, false, part / bs);

		cdb_lba(cdb, at / bs);
		memset(back, 0xa5, part);
		if (do_sgio(fd, cdb, n, back, (unsigned int)part)) {
			printf("burn: READ back at LBA %lu failed (above)\n", at / bs);
			goto out;
		}
		for (unsigned long i = 0; i < part; i++) {
			if (back[i] != img[at + i]) {
				printf("burn: byte %lu of the medium reads 0x%02x, the image has 0x%02x\n",
				       at + i, back[i], img[at + i]);
				goto out;
			}
		}
	}
	printf("OK BURN %lu bytes in %lu WRITE commands of %lu bytes (the last %lu) from %zu non-adjacent pages, read back equal\n",
	       size, cmds, len, size - (cmds - 1) * len, npages);
	r = 0;
out:
	munmap(img, size);
	munmap(back, len);
	return r;
}

static int block_size(int fd, unsigned int *bs)
{
	unsigned char cdb[10] = { 0x25 };	/* READ CAPACITY(10) */
	_Alignas(8) unsigned char d[8];		/* in one page: see the top */
	int r;

	memset(d, 0, sizeof(d));
	r = do_sgio(fd, cdb, sizeof(cdb), d, sizeof(d));
	if (r)
		return r;
	*bs = (unsigned int)d[4] << 24 | (unsigned int)d[5] << 16 |
	      (unsigned int)d[6] << 8 | d[7];
	if (*bs == 0) {
		printf("READ CAPACITY reports a block size of 0\n");
		return 1;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: sgio-probe NODE LENGTH [--offset N] [--read10 | --buffer] [--write [--verify]]\n"
		"       sgio-probe NODE LENGTH --burn IMAGE [--offset N]\n"
		"       sgio-probe NODE --block-size\n");
	return 2;
}

static bool parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return errno == 0 && *s && !*end && *s != '-';
}

int main(int argc, char **argv)
{
	unsigned long len = 0, offset = 0;
	bool want_bs = false, read10 = false, have_len = false;
	bool write = false, want_verify = false, use_buffer = false;
	unsigned int seed = (unsigned int)getpid() * 2654435761u;
	const char *node = NULL, *image = NULL;
	unsigned char cdb[12] = { 0 };
	unsigned int bs;
	struct pool pool = { 0 };
	unsigned char *buf;
	size_t npages;
	int fd, r;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--block-size")) {
			want_bs = true;
		} else if (!strcmp(argv[i], "--read10")) {
			read10 = true;
		} else if (!strcmp(argv[i], "--buffer")) {
			use_buffer = true;
		} else if (!strcmp(argv[i], "--write")) {
			write = true;
		} else if (!strcmp(argv[i], "--verify")) {
			want_verify = true;
		} else if (!strcmp(argv[i], "--burn")) {
			if (++i >= argc)
				return usage();
			image = argv[i];
		} else if (!strcmp(argv[i], "--offset")) {
			if (++i >= argc || !parse_ulong(argv[i], &offset) ||
			    offset >= PG)
				return usage();
		} else if (!node) {
			node = argv[i];
		} else if (!have_len) {
			if (!parse_ulong(argv[i], &len) || len == 0 ||
			    len > UINT32_MAX)
				return usage();
			have_len = true;
		} else {
			return usage();
		}
	}
	if (!node || want_bs == have_len || (want_verify && !write) ||
	    (use_buffer && (read10 || len > PG)) ||
	    (image && (want_bs || write || read10 || use_buffer)))
		return usage();

	fd = open(node, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		printf("open %s: %s\n", node, errname(errno));
		return 1;
	}
	bs = 0;
	if (!use_buffer) {
		r = block_size(fd, &bs);
		if (r)
			return r;
	}
	if (want_bs) {
		printf("%u\n", bs);
		return 0;
	}
	if (bs && len % bs) {
		fprintf(stderr, "LENGTH %lu is not a multiple of the block size %u\n",
			len, bs);
		return 2;
	}
	if (read10 && len / bs > 0xffff) {
		fprintf(stderr, "LENGTH too large for READ(10)\n");
		return 2;
	}

	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	if (pagemap_fd < 0) {
		printf("open /proc/self/pagemap: %s\n", errname(errno));
		return 3;
	}
	npages = (offset + len + PG - 1) / PG;
	buf = interleaved(npages);
	if (!buf) {
		r = choose_pages(&pool, npages);
		if (r) {
			printf("cannot choose %zu non-adjacent pages: %s\n",
			       npages, errname(-r));
			return 3;
		}
		buf = assemble(&pool);
		if (!buf) {
			printf("cannot assemble the buffer: %s\n",
			       errname(errno));
			return 3;
		}
	}
	if (check_worst_case(buf, npages))
		return 3;
	memset(buf, 0xa5, npages * PG);
	if (image) {
		r = burn(fd, image, buf + offset, npages, len, bs);
		close(fd);
		return r;
	}
	if (write) {
		for (unsigned long i = 0; i < len; i++)
			buf[offset + i] = pattern(i, seed);
	}

	r = do_sgio_dir(fd, cdb,
			use_buffer ? buffer_cdb(cdb, write, 0, len) :
				     rw_cdb(cdb, write, read10, len / bs),
			buf + offset, (unsigned int)len,
			write ? SG_DXFER_TO_DEV : SG_DXFER_FROM_DEV);
	if (check_worst_case(buf, npages)) {
		printf("the buffer stopped being worst-case during the command\n");
		return 3;
	}
	if (write) {
		if (r && check_condition) {
			printf("WRITE of %lu bytes at offset %lu in %zu non-adjacent pages: accepted by the kernel (ioctl 0), refused by the device (CHECK CONDITION above)\n",
			       len, offset, npages);
			return 4;
		}
		if (r == 0 && want_verify && verify(fd, len, bs, seed))
			return 1;
		if (r == 0)
			printf("OK WRITE %lu bytes at offset %lu in %zu non-adjacent pages%s (seed %u)\n",
			       len, offset, npages, want_verify ? ", read back equal" : "", seed);
		close(fd);
		return r;
	}
	if (r == 0) {
		const unsigned char *d = buf + offset;

		for (unsigned long i = 0; i < len; i++) {
			if (d[i] == 0xa5) {
				printf("byte %lu of the data was not written\n", i);
				return 1;
			}
		}
		printf("OK %lu bytes at offset %lu in %zu non-adjacent pages\n",
		       len, offset, npages);
	}
	close(fd);
	return r;
}
