/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The formula's table of cases, shared by the library's unit tests
 * (tests/unit) and the module's formula test (tests/module-formula).
 *
 * Each expected value below was worked out by hand from the definition in
 * the README ("The answer") and kernel-facts, not by running either
 * implementation. Notation: P page size, H hard limit (bytes), S
 * max_segments, Z max_segment_size, B seg_boundary_mask (0 here means "not
 * known", i.e. no tighter than Z), V virt_boundary_mask, A alignment mask,
 * L logical block size. SGCAP = 256 MiB - 1 = 268435455.
 *
 * Define DX_CASE(name, H, S, Z, B, V, A, L, P, err, aligned, unaligned,
 * single) before including this file; err is 0 or a negative errno.
 */

/* scsi_debug ptype=5: sg_tablesize 2048, max_hw huge: S*P binds. */
DX_CASE("scsi_debug", 2147483646ULL * 1024, 2048, 4294967295U, 0, 0, 3, 2048, 4096,
	0, 8388608, 8384512, 0)
/* SATA ATAPI on ahci: 128 KiB hard limit binds over 167 segments. */
DX_CASE("sata_atapi", 131072, 167, 65536, 0xffffffffULL, 0, 511, 2048, 4096,
	0, 131072, 131072, 0)
/* usb-storage, 240 sectors. */
DX_CASE("usb_120k", 122880, 2048, 65536, 0xffffffffULL, 0, 511, 2048, 4096,
	0, 122880, 122880, 0)
/* usb-storage with a 64-sector quirk. */
DX_CASE("usb_32k", 32768, 2048, 65536, 0xffffffffULL, 0, 511, 2048, 4096,
	0, 32768, 32768, 0)
/* uas: dma_boundary = PAGE_SIZE-1, one page per segment; hard limit binds. */
DX_CASE("uas", 524288, 2048, 65536, 4095, 0, 511, 2048, 4096,
	0, 524288, 524288, 0)
/* uas-like host whose segment count binds: 128 x 4 KiB, 127 x 4 KiB. */
DX_CASE("uas_segments_bind", 1048576, 128, 65536, 4095, 0, 511, 2048, 4096,
	0, 524288, 520192, 0)
/* virtio-scsi: 254 segments bind under a 32766 KiB hard limit. */
DX_CASE("virtio_scsi", 32766ULL * 1024, 254, 65536, 0, 0, 3, 2048, 4096,
	0, 1040384, 1036288, 0)
/* single-segment host: one page aligned; A+1 bytes from anywhere. */
DX_CASE("single_segment", 65536, 1, 65536, 0xffffffffULL, 0, 511, 2048, 4096,
	0, 4096, 512, 1)
/* max_segment_size 1 KiB below a 4 KiB page: 4 segments a page, 64/4 = 16 pages. */
DX_CASE("segment_below_page", 1048576, 64, 1024, 0, 0, 3, 512, 4096,
	0, 65536, 61440, 0)
/* ... and too few segments for one page: 2 x 1 KiB from a page start. */
DX_CASE("segment_below_page_tiny", 1048576, 2, 1024, 0, 0, 3, 512, 4096,
	0, 2048, 4, 1)
/* seg_boundary_mask below a page: 2 KiB pieces, 100/2 = 50 pages. */
DX_CASE("boundary_below_page", 1048576, 100, 65536, 2047, 0, 3, 512, 4096,
	0, 204800, 200704, 0)
/* hard limit above 4 GiB: must be kept in 64 bits (truncation gives 4096). */
DX_CASE("hw_above_4g", 4294967296ULL + 4096, 2048, 65536, 0, 0, 3, 2048, 4096,
	0, 8388608, 8384512, 0)
/* 64 KiB pages: 8 x 64 KiB = 512 KiB binds under a 1 MiB hard limit. */
DX_CASE("page_64k", 1048576, 8, 65536, 0, 0, 3, 2048, 65536,
	0, 524288, 458752, 0)
/* the sg cap: 8192 x 64 KiB = 512 MiB, and 8 GiB hard limit: both saturate at SGCAP. */
DX_CASE("sg_cap", 8589934592ULL, 8192, 65536, 0, 0, 3, 2048, 65536,
	0, 268435455, 268435455, 0)
/* virt boundary of one page (NVMe-like): no gaps between full pages. */
DX_CASE("virt_boundary_page", 1048576, 128, 4294967295U, 0, 4095, 3, 2048, 4096,
	0, 524288, 520192, 0)
/* virt boundary wider than a page: every page boundary is a gap. */
DX_CASE("virt_boundary_wide", 1048576, 128, 4294967295U, 0, 65535, 3, 2048, 4096,
	0, 4096, 4, 1)
/* hard limit below a page (not seen on real kernels; the formula still holds). */
DX_CASE("hw_below_page", 2048, 16, 65536, 0, 0, 3, 2048, 4096,
	0, 2048, 2048, 0)
/* invalid inputs. */
DX_CASE("zero_hw", 0, 128, 65536, 0, 0, 3, 2048, 4096, -ERANGE, 0, 0, 0)
DX_CASE("zero_segments", 1048576, 0, 65536, 0, 0, 3, 2048, 4096, -ERANGE, 0, 0, 0)
DX_CASE("zero_segment_size", 1048576, 128, 0, 0, 0, 3, 2048, 4096, -ERANGE, 0, 0, 0)
DX_CASE("zero_block_size", 1048576, 128, 65536, 0, 0, 3, 0, 4096, -ERANGE, 0, 0, 0)
DX_CASE("zero_page_size", 1048576, 128, 65536, 0, 0, 3, 2048, 0, -ERANGE, 0, 0, 0)
DX_CASE("page_not_power_of_two", 1048576, 128, 65536, 0, 0, 3, 2048, 3000, -ERANGE, 0, 0, 0)
/* overflow guards (worked by hand by the module's author): */
/* 65536 segments x 64 KiB pages = 4 GiB: a 32-bit product would wrap to 0. */
DX_CASE("u32_product_overflow", 1099511627776ULL, 65536, 65536, 0, 0, 3, 2048, 65536,
	0, 268435455, 268435455, 0)
/* the largest 32-bit sector count, shifted in 64 bits. */
DX_CASE("hw_sectors_u32_max", 0xffffffffULL << 9, 2048, 4294967295U, 0, 0, 3, 2048, 4096,
	0, 8388608, 8384512, 0)
/*
 * an all-ones alignment mask: A + 1 must not wrap to 0. No DMA-aligned
 * buffer starts inside a page then; every other one is copied into fresh
 * pages, where one page is what a single segment carries.
 */
DX_CASE("alignment_all_ones", 65536, 1, 65536, 0, 0, 0xffffffffU, 2048, 4096,
	0, 4096, 4096, 1)
/* one 256-byte segment, 512-byte alignment: a copied buffer gets 256 bytes. */
DX_CASE("alignment_above_one_segment", 1048576, 1, 256, 0, 0, 511, 2048, 4096,
	0, 256, 256, 1)
