// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * read-image: the README's C++ recipe. Reads a whole disc into a file with
 * SG_IO READ(12) commands of the size libdiscxfer reports, from a
 * page-aligned buffer, using <discxfer.h> from C++.
 *
 *   read-image DEVICE OUTPUT     prints "bytes=N chunk=C cmds=K"
 */
#include <discxfer.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace {

// One reference-counted libdiscxfer object, released by its unref.
struct ctx_unref {
	void operator()(discxfer_ctx *c) const { discxfer_ctx_unref(c); }
};
struct drive_unref {
	void operator()(discxfer_drive *d) const { discxfer_drive_unref(d); }
};

bool sgio(int fd, unsigned char *cdb, int cdb_len, void *buf, unsigned int len)
{
	unsigned char sense[32] = {};
	sg_io_hdr_t h = {};

	h.interface_id = 'S';
	h.dxfer_direction = SG_DXFER_FROM_DEV;
	h.cmd_len = static_cast<unsigned char>(cdb_len);
	h.cmdp = cdb;
	h.dxferp = buf;
	h.dxfer_len = len;
	h.mx_sb_len = sizeof(sense);
	h.sbp = sense;
	h.timeout = 120000;
	if (ioctl(fd, SG_IO, &h) != 0) {
		std::fprintf(stderr, "SG_IO: %s\n", std::strerror(errno));
		return false;
	}
	if (h.status || h.host_status || h.driver_status || h.resid) {
		std::fprintf(stderr, "SCSI status 0x%x host 0x%x driver 0x%x resid %d\n",
			     h.status, h.host_status, h.driver_status, h.resid);
		return false;
	}
	return true;
}

void be32(unsigned char *p, uint32_t v)
{
	p[0] = static_cast<unsigned char>(v >> 24);
	p[1] = static_cast<unsigned char>(v >> 16);
	p[2] = static_cast<unsigned char>(v >> 8);
	p[3] = static_cast<unsigned char>(v);
}

} // namespace

int main(int argc, char **argv)
{
	if (argc != 3) {
		std::fprintf(stderr, "usage: read-image DEVICE OUTPUT\n");
		return 2;
	}
	discxfer_ctx *c = nullptr;
	discxfer_drive *d = nullptr;
	int r = discxfer_ctx_new(&c);
	if (r < 0) {
		std::fprintf(stderr, "discxfer_ctx_new: %s\n", std::strerror(-r));
		return 1;
	}
	std::unique_ptr<discxfer_ctx, ctx_unref> ctx(c);
	r = discxfer_drive_new_from_path(ctx.get(), argv[1], &d);
	if (r < 0) {
		std::fprintf(stderr, "%s: %s\n", argv[1], std::strerror(-r));
		return 1;
	}
	std::unique_ptr<discxfer_drive, drive_unref> drive(d);
	discxfer_limits lim = {};
	lim.size = sizeof(lim);
	r = discxfer_drive_get_limits(drive.get(), &lim);
	if (r < 0) {
		std::fprintf(stderr, "%s: %s\n", argv[1], std::strerror(-r));
		return 1;
	}

	int fd = open(argv[1], O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		std::perror(argv[1]);
		return 1;
	}
	unsigned char cap[8] = {};
	unsigned char rc[10] = { 0x25 };
	if (!sgio(fd, rc, sizeof(rc), cap, sizeof(cap)))
		return 1;
	uint32_t last = static_cast<uint32_t>(cap[0]) << 24 | cap[1] << 16 | cap[2] << 8 | cap[3];
	uint32_t bs = static_cast<uint32_t>(cap[4]) << 24 | cap[5] << 16 | cap[6] << 8 | cap[7];
	if (!bs || bs != lim.logical_block_size) {
		std::fprintf(stderr, "block size %u, library %u\n", bs, lim.logical_block_size);
		return 1;
	}
	uint64_t total = (static_cast<uint64_t>(last) + 1) * bs;
	uint32_t chunk = lim.max_page_aligned_transfer_bytes / bs * bs;
	void *mem = nullptr;
	if (chunk == 0 || posix_memalign(&mem, lim.page_size, chunk) != 0) {
		std::fprintf(stderr, "no buffer of %u bytes\n", chunk);
		return 1;
	}
	std::unique_ptr<void, decltype(&std::free)> buf(mem, &std::free);
	std::FILE *out = std::fopen(argv[2], "wb");
	if (!out) {
		std::perror(argv[2]);
		return 1;
	}
	uint64_t cmds = 0;
	for (uint64_t done = 0; done < total; done += chunk, cmds++) {
		uint32_t len = static_cast<uint32_t>(total - done < chunk ? total - done : chunk);
		unsigned char cdb[12] = { 0xa8 };
		be32(cdb + 2, static_cast<uint32_t>(done / bs));
		be32(cdb + 6, len / bs);
		if (!sgio(fd, cdb, sizeof(cdb), buf.get(), len) ||
		    std::fwrite(buf.get(), 1, len, out) != len) {
			std::fprintf(stderr, "failed at byte %llu\n",
				     static_cast<unsigned long long>(done));
			std::fclose(out);
			return 1;
		}
	}
	close(fd);
	if (std::fclose(out) != 0) {
		std::perror(argv[2]);
		return 1;
	}
	std::printf("bytes=%llu chunk=%u cmds=%llu\n", static_cast<unsigned long long>(total),
		    chunk, static_cast<unsigned long long>(cmds));
	return 0;
}
