// SPDX-License-Identifier: MIT-0
/*
 * read-max.c - read the start of a disc in commands of the largest size the
 * drive guarantees, the way a burning or ripping program would.
 *
 *   read-max DEVICE [--mib N] [--non-page-aligned]
 *
 * DEVICE: /dev/srN, /dev/sgN, a symlink such as /dev/cdrom, or a sysfs path
 * of the drive (then its block node, or its generic node, is used).
 *
 * 1. Open the drive with libdiscxfer and ask for the largest buffer one SG_IO
 *    command may carry when it starts on a page boundary.
 * 2. posix_memalign() a page-aligned buffer of exactly that size.
 * 3. READ CAPACITY to learn the medium's logical block size and last block.
 * 4. READ(10) (or READ(12) when the block count needs more than 16 bits)
 *    commands of that size, rounded down to whole blocks, over the first N MiB.
 * 5. When SG_IO or the query fails with ENODEV, ENXIO or EIO, ask libdiscxfer
 *    again: if the drive is gone, say so; either way stop with exit status 1.
 *
 * With --non-page-aligned the buffer starts 512 bytes into a page and the
 * non-page-aligned maximum is used instead: that is the size to use when the
 * caller cannot control where its buffer starts.
 *
 * Exit status: 0 all reads succeeded, 1 a failure (message on stderr), 2 usage.
 *
 * This file is MIT-0: copy it into your program without attribution.
 * Build: cc -std=c11 read-max.c $(pkg-config --cflags --libs libdiscxfer)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <scsi/sg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <discxfer.h>

#define SENSE_LEN 32
#define TIMEOUT_MS 60000
/* Where the buffer starts with --non-page-aligned: DMA-aligned, not page-aligned. */
#define UNALIGNED_OFFSET 512

struct sense {
	unsigned int key, asc, ascq;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: read-max DEVICE [--mib N] [--non-page-aligned]\n"
		   "Read the first N MiB (default 4) of the disc in DEVICE in SG_IO\n"
		   "commands of the largest size libdiscxfer guarantees.\n");
}

/* Decode fixed (0x70/0x71) or descriptor (0x72/0x73) sense data. */
static struct sense decode_sense(const unsigned char *sb, unsigned int len)
{
	struct sense s = { 0, 0, 0 };

	if (len < 8)
		return s;
	if ((sb[0] & 0x7f) == 0x72 || (sb[0] & 0x7f) == 0x73) {
		s.key = sb[1] & 0x0f;
		s.asc = sb[2];
		s.ascq = sb[3];
	} else if (len >= 14) {
		s.key = sb[2] & 0x0f;
		s.asc = sb[12];
		s.ascq = sb[13];
	}
	return s;
}

/*
 * Issue one command that reads @len bytes into @buf.
 * Returns 0, a negative errno when SG_IO itself failed, or 1 when the drive
 * answered with an error (described on stderr).
 */
static int scsi_read(int fd, const char *dev, const unsigned char *cdb,
		     unsigned char cdb_len, void *buf, uint32_t len)
{
	unsigned char sb[SENSE_LEN];
	struct sg_io_hdr hdr;
	struct sense s;

	memset(&hdr, 0, sizeof(hdr));
	memset(sb, 0, sizeof(sb));
	hdr.interface_id = 'S';
	hdr.dxfer_direction = SG_DXFER_FROM_DEV;
	hdr.cmd_len = cdb_len;
	hdr.cmdp = (unsigned char *)cdb;
	hdr.dxferp = buf;
	hdr.dxfer_len = len;
	hdr.mx_sb_len = sizeof(sb);
	hdr.sbp = sb;
	hdr.timeout = TIMEOUT_MS;

	if (ioctl(fd, SG_IO, &hdr) < 0)
		return -errno;
	if ((hdr.info & SG_INFO_OK_MASK) == SG_INFO_OK && hdr.resid == 0)
		return 0;

	s = decode_sense(sb, hdr.sb_len_wr);
	fprintf(stderr,
		"read-max: %s: command 0x%02x of %" PRIu32 " bytes failed: "
		"status 0x%x host 0x%x driver 0x%x resid %d sense %x/%02x/%02x\n",
		dev, cdb[0], len, hdr.status, hdr.host_status,
		hdr.driver_status, hdr.resid, s.key, s.asc, s.ascq);
	if (s.key == 0x2 && s.asc == 0x3a)
		fprintf(stderr, "read-max: %s: no medium in the drive\n", dev);
	return 1;
}

static int read_capacity(int fd, const char *dev, uint32_t *last_lba,
			 uint32_t *block_size)
{
	unsigned char cdb[10] = { 0x25 };	/* READ CAPACITY(10) */
	/*
	 * Even 8 bytes are a data buffer with limits: on a host that takes one
	 * segment, a buffer that straddles two pages is refused (EINVAL), and
	 * a stack array may straddle them.  Aligned to its size, it cannot.
	 */
	_Alignas(8) unsigned char data[8];
	int r;

	r = scsi_read(fd, dev, cdb, sizeof(cdb), data, sizeof(data));
	if (r != 0)
		return r;
	*last_lba = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
		    (uint32_t)data[2] << 8 | data[3];
	*block_size = (uint32_t)data[4] << 24 | (uint32_t)data[5] << 16 |
		      (uint32_t)data[6] << 8 | data[7];
	return 0;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* READ(10) while the block count fits 16 bits, READ(12) above. */
static int read_blocks(int fd, const char *dev, uint32_t lba, uint32_t blocks,
		       uint32_t block_size, void *buf)
{
	unsigned char cdb[12];

	memset(cdb, 0, sizeof(cdb));
	put_be32(cdb + 2, lba);
	if (blocks <= 0xffff) {
		cdb[0] = 0x28;
		cdb[7] = (unsigned char)(blocks >> 8);
		cdb[8] = (unsigned char)blocks;
		return scsi_read(fd, dev, cdb, 10, buf, blocks * block_size);
	}
	cdb[0] = 0xa8;
	put_be32(cdb + 6, blocks);
	return scsi_read(fd, dev, cdb, 12, buf, blocks * block_size);
}

/*
 * After an error that may mean the drive went away, ask the library again.
 * Reports what it found; the caller exits with 1 either way.
 */
static void requery(struct discxfer_drive *drive, const char *dev, int err)
{
	uint32_t bytes;
	int r;

	fprintf(stderr, "read-max: %s: %s; querying the drive again\n", dev,
		strerror(-err));
	r = discxfer_drive_get_max_page_aligned_transfer_size(drive, &bytes);
	if (r == -ENODEV || r == -ENXIO)
		fprintf(stderr, "read-max: %s: the drive is gone (%s)\n", dev,
			strerror(-r));
	else if (r < 0)
		fprintf(stderr, "read-max: %s: the drive cannot be queried (%s)\n",
			dev, strerror(-r));
	else
		fprintf(stderr,
			"read-max: %s: the drive is still there (page-aligned maximum now %" PRIu32
			" bytes); giving up on this read\n", dev, bytes);
}

static int is_gone_errno(int err)
{
	return err == -ENODEV || err == -ENXIO || err == -EIO;
}

int main(int argc, char **argv)
{
	struct discxfer_drive *drive = NULL;
	struct discxfer_ctx *ctx = NULL;
	struct discxfer_limits lim;
	const char *dev = NULL;
	unsigned long mib = 4;
	int non_page_aligned = 0;
	uint32_t max, chunk_blocks, last_lba, block_size, lba, end_lba;
	unsigned long commands = 0;
	unsigned char *mem = NULL;
	unsigned char *buf;
	long page;
	int fd = -1;
	int ret = 1;
	int r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--mib") == 0 && i + 1 < argc) {
			char *end;

			errno = 0;
			mib = strtoul(argv[++i], &end, 10);
			if (errno || *end || mib == 0 || mib > 1024 * 1024) {
				fprintf(stderr, "read-max: bad --mib value '%s'\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--non-page-aligned") == 0) {
			non_page_aligned = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] != '-' && !dev) {
			dev = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!dev) {
		usage(stderr);
		return 2;
	}

	r = discxfer_ctx_new(&ctx);
	if (r < 0) {
		fprintf(stderr, "read-max: cannot create a libdiscxfer context: %s\n",
			strerror(-r));
		return 1;
	}
	r = discxfer_drive_new_from_path(ctx, dev, &drive);
	if (r < 0) {
		fprintf(stderr, "read-max: %s: %s\n", dev,
			r == -EMEDIUMTYPE ? "not an optical drive" : strerror(-r));
		goto out;
	}

	memset(&lim, 0, sizeof(lim));
	lim.size = sizeof(lim);
	r = discxfer_drive_get_limits(drive, &lim);
	if (r < 0) {
		if (is_gone_errno(r))
			requery(drive, dev, r);
		else
			fprintf(stderr, "read-max: %s: cannot query the limits: %s\n",
				dev, strerror(-r));
		goto out;
	}
	max = non_page_aligned ? lim.max_non_page_aligned_transfer_bytes
			       : lim.max_page_aligned_transfer_bytes;

	/* The buffer: page aligned, with room for the offset when asked for. */
	page = sysconf(_SC_PAGESIZE);
	if (page <= 0 || posix_memalign((void **)&mem, (size_t)page,
					(size_t)max + UNALIGNED_OFFSET) != 0) {
		fprintf(stderr, "read-max: cannot allocate %" PRIu32 " bytes\n", max);
		goto out;
	}
	buf = non_page_aligned ? mem + UNALIGNED_OFFSET : mem;

	/*
	 * SG_IO works on the block node and on the generic node alike. For a
	 * sysfs path, use the drive's block node, else its generic node.
	 */
	if (strncmp(dev, "/sys/", 5) == 0) {
		const char *node = discxfer_drive_get_block_node(drive);

		if (!node)
			node = discxfer_drive_get_generic_node(drive);
		if (!node) {
			fprintf(stderr, "read-max: %s: the drive has no device node\n", dev);
			goto out;
		}
		dev = node;
	}
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		if (is_gone_errno(r) || r == -ENOENT)
			requery(drive, dev, r);
		else
			fprintf(stderr, "read-max: %s: cannot open: %s\n", dev, strerror(-r));
		goto out;
	}

	r = read_capacity(fd, dev, &last_lba, &block_size);
	if (r < 0) {
		if (is_gone_errno(r))
			requery(drive, dev, r);
		else
			fprintf(stderr, "read-max: %s: READ CAPACITY: %s\n", dev,
				strerror(-r));
		goto out;
	}
	if (r > 0)
		goto out;
	if (block_size == 0 || block_size > max) {
		fprintf(stderr,
			"read-max: %s: block size %" PRIu32 " does not fit one command of %"
			PRIu32 " bytes\n", dev, block_size, max);
		goto out;
	}

	chunk_blocks = max / block_size;
	end_lba = (uint32_t)((uint64_t)mib * 1024 * 1024 / block_size);
	if (end_lba == 0 || end_lba > last_lba + 1ULL)
		end_lba = last_lba + 1;

	printf("%s: %s %s, %s maximum %" PRIu32 " bytes (source %s), "
	       "block size %" PRIu32 ", %" PRIu32 " blocks per command\n",
	       dev, discxfer_drive_get_vendor(drive), discxfer_drive_get_model(drive),
	       non_page_aligned ? "non-page-aligned" : "page-aligned", max,
	       discxfer_source_to_string(lim.source), block_size, chunk_blocks);

	for (lba = 0; lba < end_lba; lba += chunk_blocks) {
		uint32_t n = end_lba - lba < chunk_blocks ? end_lba - lba : chunk_blocks;

		r = read_blocks(fd, dev, lba, n, block_size, buf);
		if (r < 0) {
			if (is_gone_errno(r))
				requery(drive, dev, r);
			else
				fprintf(stderr, "read-max: %s: SG_IO at block %" PRIu32
					": %s\n", dev, lba, strerror(-r));
			goto out;
		}
		if (r > 0)
			goto out;
		commands++;
	}

	printf("%s: read %" PRIu64 " bytes (blocks 0-%" PRIu32 ") in %lu commands\n",
	       dev, (uint64_t)end_lba * block_size, end_lba - 1, commands);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(mem);
	discxfer_drive_unref(drive);
	discxfer_ctx_unref(ctx);
	return ret;
}
