// SPDX-License-Identifier: GPL-2.0-only
/*
 * dxhost: a test SCSI host adapter whose queue limits come from module
 * parameters, for discxfer's kernel rig (tests/hostadapter/, never
 * installed or packaged).
 *
 * dxhost2.c builds the same module as dxhost2.ko, its host, proc_name and
 * root device named after it, so that a grid can load the next shape while
 * the last one's module is still going away.
 *
 * One Scsi_Host, one target, two LUNs:
 *   LUN 0  type 5 (CD/DVD), 2048-byte blocks: what sr and sg need
 *   LUN 1  type 0 (a disk), which discxfer must not tag or report
 *
 * The limits go into the host template before scsi_host_alloc(), as a real
 * low-level driver sets them, so the kernel's own defaults and checks in
 * drivers/scsi/hosts.c and the block layer apply unchanged.
 *
 * The medium is a store in vmalloc memory (capacity_blocks or capacity_mib,
 * 16 MiB by default, in 2048-byte blocks).  LUN 0's medium= chooses what
 * the drive is:
 *   rom     (the default) a DVD-ROM drive, the store filled at load with a
 *           pattern that depends on the LBA and never holds the byte 0xa5;
 *   dvd+rw  a DVD+RW (MMC profile 1Ah) in a DVD writer,
 *   bd-re   a BD-RE (profile 43h) in a BD writer,
 * the rewritable ones zero-filled, blank (unformatted) or, with
 * formatted=1, formatted at load; FORMAT UNIT formats a blank one.  Their
 * LUN answers the MMC-5 commands Debian 12's xorriso, cdrskin and growisofs
 * send (GET CONFIGURATION, READ DISC INFORMATION, READ FORMAT CAPACITIES,
 * ..., see dxhost_mmc_command()), as a drive with that medium would, with
 * one simplification: formatting takes no time and keeps no spare area, so
 * the formatted capacity is the medium's size.  WRITE(10)/(12) store their
 * data and READ(10)/(12) return it, so a read back returns what was written.
 * READ BUFFER and WRITE BUFFER (data mode) move any number of bytes, up to
 * 4 KiB, to and from a buffer of their own, for answers below one block.
 * Any other command fails with INVALID COMMAND OPERATION CODE, and its first
 * CDB per LUN is logged, so a command a tool needs shows in dmesg.
 *
 * Every command completes in queuecommand; data moves only through the
 * midlayer's scsi_sg_copy_from_buffer() and scsi_sg_copy_to_buffer(): the
 * module never touches user memory.  Each LUN counts its commands, its
 * READs and WRITEs and their largest transfer, in sysfs attributes of its
 * scsi_device (dxhost_commands, dxhost_reads, dxhost_read_max_bytes,
 * dxhost_writes, dxhost_write_max_bytes, and dxhost_opcodes, the opcodes
 * received; writing dxhost_stats_reset zeroes them), for the rig's burns to
 * report what a tool sent.
 *
 * Locking: commands run one at a time under the host lock (DEF_SCSI_QCMD),
 * which guards the store, the echo buffer, the reply buffer, the medium's
 * state and the log of refused opcodes; dxhost_stats_lock guards the
 * counters and the opcodes received, which the attributes read without the
 * host lock (taken inside the host lock by commands, with interrupts saved
 * by the attributes).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/blkdev.h>
#include <linux/cdrom.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/moduleparam.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>
#ifdef DXHOST_HAVE_LINUX_UNALIGNED
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_proto.h>

#define DXHOST_BLOCK_SIZE	2048
#define DXHOST_ROM_LUN		0
#define DXHOST_DISK_LUN		1
#define DXHOST_NR_LUNS		2
/* READ BUFFER / WRITE BUFFER: one data buffer (mode 02h, buffer ID 0) */
#define DXHOST_ECHO_SIZE	SZ_4K
#define DXHOST_RW_BUFFER_DATA	0x02
/* capacity_blocks when neither it nor capacity_mib is given: 16 MiB */
#define DXHOST_DEFAULT_BLOCKS	8192
#define DXHOST_MAX_BLOCKS	((u32)SZ_1M)
#define DXHOST_BLOCKS_PER_MIB	(SZ_1M / DXHOST_BLOCK_SIZE)

/* MMC-5 profiles (GET CONFIGURATION's current profile) */
#define DXHOST_PROFILE_DVD_ROM	0x0010
#define DXHOST_PROFILE_DVD_PLUS_RW 0x001a
#define DXHOST_PROFILE_BD_ROM	0x0040
#define DXHOST_PROFILE_BD_RE	0x0043
/* MMC-5 feature codes */
#define DXHOST_FEAT_PROFILES	0x0000
#define DXHOST_FEAT_CORE	0x0001
#define DXHOST_FEAT_MORPHING	0x0002
#define DXHOST_FEAT_REMOVABLE	0x0003
#define DXHOST_FEAT_RANDOM_READ	0x0010
#define DXHOST_FEAT_DVD_READ	0x001f
#define DXHOST_FEAT_RANDOM_WRITE 0x0020
#define DXHOST_FEAT_FORMATTABLE	0x0023
#define DXHOST_FEAT_DVD_PLUS_RW	0x002a
#define DXHOST_FEAT_BD_READ	0x0040
#define DXHOST_FEAT_BD_WRITE	0x0041
#define DXHOST_FEAT_RT_STREAMING 0x0107
/* READ FORMAT CAPACITIES: descriptor types and format types */
#define DXHOST_DESC_UNFORMATTED	1
#define DXHOST_DESC_FORMATTED	2
#define DXHOST_FORMAT_FULL	0x00
#define DXHOST_FORMAT_DVD_PLUS_RW 0x26
#define DXHOST_FORMAT_BD_SPARE	0x30
#define DXHOST_FORMAT_BD_NO_SPARE 0x31
/* speeds in kB/s (MMC's 1x: DVD 1385, BD 4496) */
#define DXHOST_DVD_SPEED	(4 * 1385)
#define DXHOST_BD_SPEED		(2 * 4496)
/* the drive's buffer, for MODE SENSE page 2Ah and READ BUFFER CAPACITY */
#define DXHOST_DRIVE_BUFFER	SZ_2M
/* sense: additional sense codes */
#define DXHOST_ASC_INVALID_OPCODE 0x20
#define DXHOST_ASC_LBA_RANGE	0x21
#define DXHOST_ASC_INVALID_CDB	0x24
#define DXHOST_ASC_INVALID_PARAM 0x26
/* the largest MMC answer built in dxhost_reply */
#define DXHOST_REPLY_SIZE	512

static unsigned short sg_tablesize = 128;
module_param(sg_tablesize, ushort, 0444);
MODULE_PARM_DESC(sg_tablesize, "scatter-gather entries per command (max_segments)");

static unsigned int max_sectors = 1024;
module_param(max_sectors, uint, 0444);
MODULE_PARM_DESC(max_sectors, "hard limit in 512-byte sectors (max_hw_sectors)");

static unsigned int max_segment_size;
module_param(max_segment_size, uint, 0444);
MODULE_PARM_DESC(max_segment_size, "bytes per segment, 0: the kernel's default");

static unsigned long dma_boundary;
module_param(dma_boundary, ulong, 0444);
MODULE_PARM_DESC(dma_boundary, "segment boundary mask, 0: the kernel's default (none)");

static unsigned long virt_boundary_mask;
module_param(virt_boundary_mask, ulong, 0444);
MODULE_PARM_DESC(virt_boundary_mask, "virt boundary mask, 0: none");

static unsigned int dma_alignment;
module_param(dma_alignment, uint, 0444);
MODULE_PARM_DESC(dma_alignment, "DMA alignment mask, 0: the kernel's default");

static bool kernel_refusal;
module_param(kernel_refusal, bool, 0444);
MODULE_PARM_DESC(kernel_refusal, "let the kernel refuse limits it rejects (it warns), not dxhost");

static unsigned int capacity_blocks;
module_param(capacity_blocks, uint, 0444);
MODULE_PARM_DESC(capacity_blocks, "medium size in 2048-byte blocks (both LUNs share it), 0: from capacity_mib, else 8192");

static unsigned int capacity_mib;
module_param(capacity_mib, uint, 0444);
MODULE_PARM_DESC(capacity_mib, "medium size in MiB, 0: from capacity_blocks; both given must agree");

static char *medium = "rom";
module_param(medium, charp, 0444);
MODULE_PARM_DESC(medium, "LUN 0's medium: rom (DVD-ROM, LBA pattern), dvd+rw or bd-re (rewritable, zero-filled)");

static bool formatted;
module_param(formatted, bool, 0444);
MODULE_PARM_DESC(formatted, "a rewritable medium is formatted at load (else blank: FORMAT UNIT formats it)");

enum dxhost_medium_type {
	DXHOST_ROM,
	DXHOST_DVD_PLUS_RW,
	DXHOST_BD_RE,
};

static const char * const dxhost_medium_names[] = {
	[DXHOST_ROM] = "rom",
	[DXHOST_DVD_PLUS_RW] = "dvd+rw",
	[DXHOST_BD_RE] = "bd-re",
};

/* Set in dxhost_init(), constant afterwards. */
static enum dxhost_medium_type dxhost_medium;
static u32 dxhost_blocks;

/* The counters of one LUN, in the order of their attributes. */
enum dxhost_stat {
	DXHOST_STAT_COMMANDS,
	DXHOST_STAT_READS,
	DXHOST_STAT_READ_MAX,
	DXHOST_STAT_WRITES,
	DXHOST_STAT_WRITE_MAX,
	DXHOST_NR_STATS,
};

/*
 * Guards dxhost_stats and dxhost_seen, read by the attributes without the
 * host lock.
 */
static DEFINE_SPINLOCK(dxhost_stats_lock);
static u64 dxhost_stats[DXHOST_NR_LUNS][DXHOST_NR_STATS];
/* The opcodes each LUN received since the last reset. */
static unsigned long dxhost_seen[DXHOST_NR_LUNS][BITS_TO_LONGS(256)];

/*
 * Guarded by the host lock (commands run one at a time under it,
 * DEF_SCSI_QCMD): the medium, its state, the buffers, the log of opcodes.
 */
static u8 *dxhost_store;
/* Whether a rewritable medium is formatted: formatted=, then FORMAT UNIT. */
static bool dxhost_formatted;
/*
 * The READ BUFFER / WRITE BUFFER data buffer: commands of any length, not
 * only whole blocks, for the rig's probes of answers below one block (a
 * single-segment host's non-page-aligned answer is A + 1 bytes).
 */
static u8 dxhost_echo[DXHOST_ECHO_SIZE];
/* Where MMC answers and parameter lists are built. */
static u8 dxhost_reply[DXHOST_REPLY_SIZE];
/* The opcodes each LUN refused that were logged already. */
static DECLARE_BITMAP(dxhost_logged_rom, 256);
static DECLARE_BITMAP(dxhost_logged_disk, 256);

static struct device *dxhost_parent;
/*
 * The host (a struct Scsi_Host), declared through scsi_host_alloc()'s type:
 * checkpatch --no-tree cannot learn the kernel's own CamelCase tags.
 */
static typeof(scsi_host_alloc(NULL, 0)) dxhost_shost;

static u8 dxhost_pattern(u32 lba, u32 i)
{
	return (u8)((lba * 13 + i * 3 + 1) % 0xa5);
}

static void dxhost_fill(void)
{
	u32 lba, i;

	for (i = 0; i < DXHOST_ECHO_SIZE; i++)
		dxhost_echo[i] = dxhost_pattern(U32_MAX, i);

	if (dxhost_medium != DXHOST_ROM) {
		memset(dxhost_store, 0, (size_t)dxhost_blocks * DXHOST_BLOCK_SIZE);
		return;
	}
	for (lba = 0; lba < dxhost_blocks; lba++)
		for (i = 0; i < DXHOST_BLOCK_SIZE; i++)
			dxhost_store[(size_t)lba * DXHOST_BLOCK_SIZE + i] =
				dxhost_pattern(lba, i);
}

static bool dxhost_is_dvd(void)
{
	return dxhost_medium == DXHOST_DVD_PLUS_RW;
}

/* Blocks a DVD ECC block (16) or a BD cluster (32) holds. */
static u32 dxhost_blocking(void)
{
	return dxhost_is_dvd() ? 16 : 32;
}

static u32 dxhost_speed(void)
{
	return dxhost_is_dvd() ? DXHOST_DVD_SPEED : DXHOST_BD_SPEED;
}

static void dxhost_illegal(struct scsi_cmnd *cmd, u8 asc)
{
	scsi_build_sense(cmd, 0, ILLEGAL_REQUEST, asc, 0);
}

/* Data-in from a buffer of the module's own; the residual is set. */
static void dxhost_respond(struct scsi_cmnd *cmd, const void *buf, u32 len)
{
	u32 alloc = scsi_bufflen(cmd);
	int done;

	done = scsi_sg_copy_from_buffer(cmd, buf, min(len, alloc));
	scsi_set_resid(cmd, alloc - done);
}

/*
 * Data-out into dxhost_reply: the parameter list of at most len bytes; the
 * residual is set.  Returns the bytes received.
 */
static u32 dxhost_receive(struct scsi_cmnd *cmd, u32 len)
{
	u32 want = min3(len, scsi_bufflen(cmd), (u32)sizeof(dxhost_reply));
	int done;

	memset(dxhost_reply, 0, sizeof(dxhost_reply));
	done = scsi_sg_copy_to_buffer(cmd, dxhost_reply, want);
	scsi_set_resid(cmd, scsi_bufflen(cmd) - done);
	return done;
}

static void dxhost_count(u64 lun, u8 op, u32 blocks)
{
	u64 *s = dxhost_stats[lun];
	u64 bytes = (u64)blocks * DXHOST_BLOCK_SIZE;

	spin_lock(&dxhost_stats_lock);
	s[DXHOST_STAT_COMMANDS]++;
	__set_bit(op, dxhost_seen[lun]);
	if (op == READ_10 || op == READ_12) {
		s[DXHOST_STAT_READS]++;
		s[DXHOST_STAT_READ_MAX] = max(s[DXHOST_STAT_READ_MAX], bytes);
	} else if (op == WRITE_10 || op == WRITE_12) {
		s[DXHOST_STAT_WRITES]++;
		s[DXHOST_STAT_WRITE_MAX] = max(s[DXHOST_STAT_WRITE_MAX], bytes);
	}
	spin_unlock(&dxhost_stats_lock);
}

/* An opcode the LUN does not know: refused, its first CDB logged. */
static void dxhost_unknown(struct scsi_cmnd *cmd)
{
	unsigned long *logged = cmd->device->lun == DXHOST_ROM_LUN ?
		dxhost_logged_rom : dxhost_logged_disk;

	if (!test_and_set_bit(cmd->cmnd[0], logged))
		pr_info("LUN %llu (%s): opcode 0x%02x not supported, CDB %*ph\n",
			cmd->device->lun,
			cmd->device->lun == DXHOST_ROM_LUN ?
				dxhost_medium_names[dxhost_medium] : "disk",
			cmd->cmnd[0], cmd->cmd_len, cmd->cmnd);
	dxhost_illegal(cmd, DXHOST_ASC_INVALID_OPCODE);
}

static const char *dxhost_product(bool rom)
{
	if (!rom)
		return "dxhost disk     ";
	switch (dxhost_medium) {
	case DXHOST_DVD_PLUS_RW:
		return "dxhost DVD+RW   ";
	case DXHOST_BD_RE:
		return "dxhost BD-RE    ";
	default:
		return "dxhost CD-ROM   ";
	}
}

static void dxhost_inquiry(struct scsi_cmnd *cmd, bool rom)
{
	u8 d[36] = { 0 };
	u8 *cdb = cmd->cmnd;

	if (cdb[1] & 1) {	/* EVPD: only the list of pages */
		if (cdb[2] != 0) {
			dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
			return;
		}
		d[0] = rom ? TYPE_ROM : TYPE_DISK;
		d[3] = 1;
		d[4] = 0x00;
		dxhost_respond(cmd, d, 5);
		return;
	}
	d[0] = rom ? TYPE_ROM : TYPE_DISK;
	d[1] = rom ? 0x80 : 0;	/* removable medium */
	d[2] = 5;		/* SPC-3 */
	d[3] = 2;		/* response data format */
	d[4] = sizeof(d) - 5;
	memcpy(&d[8], "Linux   ", 8);
	memcpy(&d[16], dxhost_product(rom), 16);
	memcpy(&d[32], "0001", 4);
	dxhost_respond(cmd, d, sizeof(d));
}

static void dxhost_report_luns(struct scsi_cmnd *cmd)
{
	u8 d[24] = { 0 };

	put_unaligned_be32(16, &d[0]);
	d[17] = DXHOST_DISK_LUN;	/* LUN 0 is all zeroes at d[8] */
	dxhost_respond(cmd, d, sizeof(d));
}

static void dxhost_read_capacity(struct scsi_cmnd *cmd)
{
	u8 d[8];

	put_unaligned_be32(dxhost_blocks - 1, &d[0]);
	put_unaligned_be32(DXHOST_BLOCK_SIZE, &d[4]);
	dxhost_respond(cmd, d, sizeof(d));
}

/* MODE SENSE(6) and (10) of the DVD-ROM drive: the capabilities page only. */
static void dxhost_mode_sense(struct scsi_cmnd *cmd, bool rom, bool ten)
{
	u8 d[8 + 26] = { 0 };
	u8 page = cmd->cmnd[2] & 0x3f;
	u32 hdr = ten ? 8 : 4, len = hdr;
	u8 *p = &d[hdr];

	if (page != 0x3f && !(rom && page == 0x2a)) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	if (rom) {
		p[0] = 0x2a;
		p[1] = 24;
		p[2] = 0x0b;		/* reads CD-R, CD-RW, DVD-ROM */
		p[3] = 0x03;		/* writes CD-R, CD-RW */
		p[6] = 0x29;		/* tray, eject, lock */
		put_unaligned_be16(1378, &p[8]);	/* 8x CD speed, kB/s */
		len += 26;
	}
	if (ten)
		put_unaligned_be16(len - 2, &d[0]);
	else
		d[0] = len - 1;
	dxhost_respond(cmd, d, len);
}

/* GET CONFIGURATION of the DVD-ROM drive: the feature header only. */
static void dxhost_get_configuration(struct scsi_cmnd *cmd)
{
	u8 d[8] = { 0 };

	put_unaligned_be32(4, &d[0]);
	put_unaligned_be16(DXHOST_PROFILE_DVD_ROM, &d[6]);
	dxhost_respond(cmd, d, sizeof(d));
}

static void dxhost_request_sense(struct scsi_cmnd *cmd)
{
	u8 d[18] = { 0 };

	d[0] = 0x70;		/* fixed format, current, no sense */
	d[7] = sizeof(d) - 8;
	dxhost_respond(cmd, d, sizeof(d));
}

/* READ/WRITE (10)/(12) against the store. */
static void dxhost_rw(struct scsi_cmnd *cmd, bool write, bool twelve)
{
	u8 *cdb = cmd->cmnd;
	u32 lba = get_unaligned_be32(&cdb[2]);
	u32 blocks = twelve ? get_unaligned_be32(&cdb[6]) :
			      get_unaligned_be16(&cdb[7]);
	u64 bytes = (u64)blocks * DXHOST_BLOCK_SIZE;
	u8 *at = dxhost_store + (size_t)lba * DXHOST_BLOCK_SIZE;
	int done;

	if ((u64)lba + blocks > dxhost_blocks) {
		dxhost_illegal(cmd, DXHOST_ASC_LBA_RANGE);
		return;
	}
	if (bytes > scsi_bufflen(cmd)) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);	/* more than the buffer */
		return;
	}
	if (write)
		done = scsi_sg_copy_to_buffer(cmd, at, bytes);
	else
		done = scsi_sg_copy_from_buffer(cmd, at, bytes);
	scsi_set_resid(cmd, scsi_bufflen(cmd) - done);
}

/*
 * READ BUFFER (3Ch) / WRITE BUFFER (3Bh), data mode, buffer 0: the echo
 * buffer at the CDB's offset, for the CDB's length (any number of bytes).
 */
static void dxhost_rw_buffer(struct scsi_cmnd *cmd, bool write)
{
	u8 *cdb = cmd->cmnd;
	u32 off = get_unaligned_be24(&cdb[3]);
	u32 len = get_unaligned_be24(&cdb[6]);
	int done;

	if ((cdb[1] & 0x1f) != DXHOST_RW_BUFFER_DATA || cdb[2] != 0 ||
	    off > DXHOST_ECHO_SIZE || len > DXHOST_ECHO_SIZE - off ||
	    len > scsi_bufflen(cmd)) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	if (write)
		done = scsi_sg_copy_to_buffer(cmd, &dxhost_echo[off], len);
	else
		done = scsi_sg_copy_from_buffer(cmd, &dxhost_echo[off], len);
	scsi_set_resid(cmd, scsi_bufflen(cmd) - done);
}

/* ---- the rewritable drive (medium=dvd+rw, bd-re): MMC-5 ---------------- */

/*
 * A feature descriptor at d: its header (code, version, persistent,
 * current, additional length); returns the length of the whole descriptor.
 */
static u32 dxhost_feature(u8 *d, u16 code, u8 version, bool persistent,
			  bool cur, u8 len)
{
	put_unaligned_be16(code, &d[0]);
	d[2] = version << 2 | (persistent ? 0x02 : 0) | (cur ? 0x01 : 0);
	d[3] = len;
	return 4 + len;
}

/* Every feature of the drive, after the 8-byte header; returns the end. */
static u32 dxhost_features(u8 *d)
{
	bool dvd = dxhost_is_dvd();
	u32 at = 8;
	u8 *f;

	/* Profile List: the medium's profile (current), the drive's ROM one */
	f = &d[at];
	at += dxhost_feature(f, DXHOST_FEAT_PROFILES, 0, true, true, 8);
	put_unaligned_be16(dvd ? DXHOST_PROFILE_DVD_PLUS_RW : DXHOST_PROFILE_BD_RE,
			   &f[4]);
	f[6] = 0x01;		/* CurrentP */
	put_unaligned_be16(dvd ? DXHOST_PROFILE_DVD_ROM : DXHOST_PROFILE_BD_ROM,
			   &f[8]);
	/* Core: SCSI family, DBE */
	f = &d[at];
	at += dxhost_feature(f, DXHOST_FEAT_CORE, 2, true, true, 8);
	put_unaligned_be32(1, &f[4]);
	f[8] = 0x01;
	/* Morphing: OCEvent (GET EVENT STATUS NOTIFICATION, polled) */
	f = &d[at];
	at += dxhost_feature(f, DXHOST_FEAT_MORPHING, 1, true, true, 4);
	f[4] = 0x02;
	/* Removable Medium: tray, eject, lock */
	f = &d[at];
	at += dxhost_feature(f, DXHOST_FEAT_REMOVABLE, 0, true, true, 4);
	f[4] = 0x29;
	/* Random Readable: 2048-byte blocks, blocking, PP */
	f = &d[at];
	at += dxhost_feature(f, DXHOST_FEAT_RANDOM_READ, 0, false, true, 8);
	put_unaligned_be32(DXHOST_BLOCK_SIZE, &f[4]);
	put_unaligned_be16(dxhost_blocking(), &f[8]);
	f[10] = 0x01;
	/* DVD Read: a BD writer reads DVDs too, not the current medium */
	at += dxhost_feature(&d[at], DXHOST_FEAT_DVD_READ, 1, false, dvd, 4);
	/*
	 * Random Writable: the last LBA, 2048-byte blocks, blocking, PP; a
	 * blank DVD+RW takes writes (formatting in the background), a blank
	 * BD-RE does not.
	 */
	f = &d[at];
	at += dxhost_feature(f, DXHOST_FEAT_RANDOM_WRITE, 0, false,
			     dvd || dxhost_formatted, 12);
	put_unaligned_be32(dxhost_blocks - 1, &f[4]);
	put_unaligned_be32(DXHOST_BLOCK_SIZE, &f[8]);
	put_unaligned_be16(dxhost_blocking(), &f[12]);
	f[14] = 0x01;
	/* Formattable: no certification, no expansion, no RRM */
	at += dxhost_feature(&d[at], DXHOST_FEAT_FORMATTABLE, 0, false, true, 8);
	if (dvd) {
		/* DVD+RW: Write */
		f = &d[at];
		at += dxhost_feature(f, DXHOST_FEAT_DVD_PLUS_RW, 0, false, true, 4);
		f[4] = 0x01;
	} else {
		/* BD Read: class 0 BD-RE 1 and 2, BD-R 1, BD-ROM 1 */
		f = &d[at];
		at += dxhost_feature(f, DXHOST_FEAT_BD_READ, 1, false, true, 28);
		f[9] = 0x06;
		f[17] = 0x02;
		f[25] = 0x02;
		/* BD Write: class 0 BD-RE 1 and 2, BD-R 1 */
		f = &d[at];
		at += dxhost_feature(f, DXHOST_FEAT_BD_WRITE, 1, false, true, 20);
		f[9] = 0x06;
		f[17] = 0x02;
	}
	/*
	 * Real-Time Streaming: READ BUFFER CAPACITY (block), SET CD SPEED,
	 * page 2Ah speeds, GET PERFORMANCE write speeds, stream writing
	 */
	f = &d[at];
	at += dxhost_feature(f, DXHOST_FEAT_RT_STREAMING, 3, false, true, 4);
	f[4] = 0x1f;
	return at;
}

/*
 * GET CONFIGURATION (46h): the features from the starting feature number,
 * all of them (RT 0), the current ones (RT 1), or that one (RT 2).
 */
static void dxhost_get_configuration_mmc(struct scsi_cmnd *cmd)
{
	u8 *cdb = cmd->cmnd, *d = dxhost_reply;
	u8 rt = cdb[1] & 0x03, all[DXHOST_REPLY_SIZE / 2];
	u16 start = get_unaligned_be16(&cdb[2]);
	u32 end, in, out = 8, len;

	if (rt == 3) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	memset(all, 0, sizeof(all));
	end = dxhost_features(all);
	memset(d, 0, sizeof(dxhost_reply));
	for (in = 8; in < end; in += len) {
		u16 code = get_unaligned_be16(&all[in]);

		len = 4 + all[in + 3];
		if (code < start || (rt == 1 && !(all[in + 2] & 0x01)) ||
		    (rt == 2 && code != start))
			continue;
		memcpy(&d[out], &all[in], len);
		out += len;
	}
	put_unaligned_be32(out - 4, &d[0]);
	put_unaligned_be16(dxhost_is_dvd() ? DXHOST_PROFILE_DVD_PLUS_RW :
			   DXHOST_PROFILE_BD_RE, &d[6]);
	dxhost_respond(cmd, d, out);
}

/*
 * GET EVENT STATUS NOTIFICATION (4Ah), polled only: no change, a medium
 * present, of the class asked for (media, else operational change).
 */
static void dxhost_get_event(struct scsi_cmnd *cmd)
{
	u8 *cdb = cmd->cmnd, d[8] = { 0 };
	u8 classes = cdb[4];
	u32 len = 4;

	if (!(cdb[1] & 0x01)) {		/* asynchronous: not supported */
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	d[3] = BIT(1) | BIT(4);		/* supported: operational change, media */
	if (classes & BIT(4)) {
		d[2] = 4;		/* media class */
		d[5] = 0x02;		/* no change, medium present, door closed */
		len = 8;
	} else if (classes & BIT(1)) {
		d[2] = 1;		/* operational change class, no change */
		len = 8;
	} else {
		d[2] = 0x80;		/* NEA: no event of the asked classes */
	}
	put_unaligned_be16(len - 2, &d[0]);
	dxhost_respond(cmd, d, len);
}

/*
 * READ DISC INFORMATION (51h), standard disc information: a blank medium
 * is empty (disc status 0, last session empty, BG format status blank); a
 * formatted one complete (disc status 2, last session complete; a DVD+RW's
 * background format complete).  One session, one track.
 */
static void dxhost_read_disc_info(struct scsi_cmnd *cmd)
{
	u8 d[34] = { 0 };

	if (cmd->cmnd[1] & 0x07) {	/* track resources, POW resources */
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	put_unaligned_be16(sizeof(d) - 2, &d[0]);
	d[2] = 0x10;			/* Erasable */
	if (dxhost_formatted)
		d[2] |= 3 << 2 | 2;	/* last session complete, disc complete */
	d[3] = 1;			/* first track on the disc */
	d[4] = 1;			/* sessions */
	d[5] = 1;			/* first track in the last session */
	d[6] = 1;			/* last track in the last session */
	if (dxhost_formatted && dxhost_is_dvd())
		d[7] = 3;		/* BG format status: complete */
	d[8] = 0x00;			/* disc type (not a CD) */
	put_unaligned_be32(0, &d[16]);	/* last session's lead-in */
	put_unaligned_be32(dxhost_blocks, &d[20]);	/* last possible lead-out */
	dxhost_respond(cmd, d, sizeof(d));
}

/*
 * READ TRACK INFORMATION (52h): the one track, by LBA, track 1 (or the
 * invisible track, FFh) or session 1.
 */
static void dxhost_read_track_info(struct scsi_cmnd *cmd)
{
	u8 *cdb = cmd->cmnd, d[48] = { 0 };
	u32 addr = get_unaligned_be32(&cdb[2]);

	switch (cdb[1] & 0x03) {
	case 0:
		if (addr >= dxhost_blocks) {
			dxhost_illegal(cmd, DXHOST_ASC_LBA_RANGE);
			return;
		}
		break;
	case 1:
		if (addr != 1 && addr != 0xff) {
			dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
			return;
		}
		break;
	case 2:
		if (addr != 1) {
			dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
			return;
		}
		break;
	default:
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	put_unaligned_be16(sizeof(d) - 2, &d[0]);
	d[2] = 1;			/* track */
	d[3] = 1;			/* session */
	d[5] = 0x04;			/* track mode: data, uninterrupted */
	/* Blank (unformatted), packet, fixed packet, data mode 1 */
	d[6] = (dxhost_formatted ? 0 : 0x40) | 0x20 | 0x10 | 0x01;
	d[7] = 0x01;			/* NWA_V */
	put_unaligned_be32(0, &d[8]);	/* track start */
	put_unaligned_be32(0, &d[12]);	/* next writable address */
	put_unaligned_be32(dxhost_blocks, &d[16]);	/* free blocks */
	put_unaligned_be32(dxhost_blocking(), &d[20]);	/* fixed packet size */
	put_unaligned_be32(dxhost_blocks, &d[24]);	/* track size */
	dxhost_respond(cmd, d, sizeof(d));
}

/* A capacity descriptor at d: blocks, type byte, type dependent parameter. */
static void dxhost_capacity_descriptor(u8 *d, u32 blocks, u8 type, u32 param)
{
	put_unaligned_be32(blocks, &d[0]);
	d[4] = type;
	put_unaligned_be24(param, &d[5]);
}

/*
 * READ FORMAT CAPACITIES (23h): the current/maximum capacity (unformatted
 * or formatted), then the formats FORMAT UNIT takes: DVD+RW 26h; BD-RE
 * 00h (full), 30h (with spare areas) and 31h (without), all of the
 * medium's size (no spare area is kept).
 */
static void dxhost_read_format_capacities(struct scsi_cmnd *cmd)
{
	u8 d[4 + 4 * 8] = { 0 };
	u32 n = 4;

	dxhost_capacity_descriptor(&d[n], dxhost_blocks,
				   dxhost_formatted ? DXHOST_DESC_FORMATTED :
				   DXHOST_DESC_UNFORMATTED, DXHOST_BLOCK_SIZE);
	n += 8;
	if (dxhost_is_dvd()) {
		dxhost_capacity_descriptor(&d[n], dxhost_blocks,
					   DXHOST_FORMAT_DVD_PLUS_RW << 2, 0);
		n += 8;
	} else {
		dxhost_capacity_descriptor(&d[n], dxhost_blocks,
					   DXHOST_FORMAT_FULL << 2, 0);
		n += 8;
		dxhost_capacity_descriptor(&d[n], dxhost_blocks,
					   DXHOST_FORMAT_BD_SPARE << 2, 0);
		n += 8;
		dxhost_capacity_descriptor(&d[n], dxhost_blocks,
					   DXHOST_FORMAT_BD_NO_SPARE << 2, 0);
		n += 8;
	}
	d[3] = n - 4;
	dxhost_respond(cmd, d, n);
}

/*
 * FORMAT UNIT (04h) with a format descriptor of the medium (DVD+RW 26h,
 * BD-RE 00h, 30h, 31h) for at most its blocks (or FFFFFFFFh: all): the
 * medium is formatted at once, whatever IMMED asks.
 */
static void dxhost_format_unit(struct scsi_cmnd *cmd)
{
	u8 *cdb = cmd->cmnd, *p = dxhost_reply, type;
	u32 blocks;
	bool ok;

	if (!(cdb[1] & 0x10)) {		/* no parameter list: the default */
		dxhost_formatted = true;
		return;
	}
	if ((cdb[1] & 0x07) != 1) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	if (dxhost_receive(cmd, 12) < 12 || get_unaligned_be16(&p[2]) != 8) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_PARAM);
		return;
	}
	blocks = get_unaligned_be32(&p[4]);
	type = p[8] >> 2;
	if (dxhost_is_dvd())
		ok = type == DXHOST_FORMAT_DVD_PLUS_RW;
	else
		ok = type == DXHOST_FORMAT_FULL || type == DXHOST_FORMAT_BD_SPARE ||
		     type == DXHOST_FORMAT_BD_NO_SPARE;
	if (!ok || (blocks != U32_MAX && blocks > dxhost_blocks)) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_PARAM);
		return;
	}
	dxhost_formatted = true;
}

/* An LBA as MSF (CD addressing: 150 blocks before LBA 0) at d. */
static void dxhost_put_msf(u8 *d, u32 lba)
{
	lba += 150;
	d[0] = 0;
	d[1] = lba / (60 * 75);
	d[2] = lba / 75 % 60;
	d[3] = lba % 75;
}

static void dxhost_put_addr(u8 *d, u32 lba, bool msf)
{
	if (msf)
		dxhost_put_msf(d, lba);
	else
		put_unaligned_be32(lba, d);
}

/*
 * READ TOC/PMA/ATIP (43h), the formats a DVD or BD drive fabricates: 0
 * (the TOC: track 1 and the lead-out) and 1 (session information); the
 * format may come in byte 9 (its bits 7-6, the legacy place).
 */
static void dxhost_read_toc(struct scsi_cmnd *cmd)
{
	u8 *cdb = cmd->cmnd, d[4 + 2 * 8] = { 0 };
	u8 format = cdb[2] & 0x0f, track = cdb[6];
	bool msf = cdb[1] & 0x02;
	u32 n = 4;

	if (!format)
		format = cdb[9] >> 6;
	switch (format) {
	case 0:
		if (track > 1 && track != 0xaa) {
			dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
			return;
		}
		if (track <= 1) {
			d[n + 1] = 0x14;	/* ADR 1, data track */
			d[n + 2] = 1;
			dxhost_put_addr(&d[n + 4], 0, msf);
			n += 8;
		}
		d[n + 1] = 0x14;
		d[n + 2] = 0xaa;		/* the lead-out */
		dxhost_put_addr(&d[n + 4], dxhost_blocks, msf);
		n += 8;
		break;
	case 1:
		d[n + 1] = 0x14;
		d[n + 2] = 1;			/* first track of the last session */
		dxhost_put_addr(&d[n + 4], 0, msf);
		n += 8;
		break;
	default:
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	put_unaligned_be16(n - 2, &d[0]);
	d[2] = 1;
	d[3] = 1;
	dxhost_respond(cmd, d, n);
}

/* Mode page 01h, read-write error recovery, at p; returns its length. */
static u32 dxhost_page_error_recovery(u8 *p)
{
	p[0] = 0x01;
	p[1] = 0x0a;
	p[3] = 3;			/* read retry count */
	p[8] = 3;			/* write retry count */
	return 12;
}

/* Mode page 05h, write parameters, at p; returns its length. */
static u32 dxhost_page_write_parameters(u8 *p)
{
	p[0] = 0x05;
	p[1] = 0x32;
	p[2] = 0x40;			/* BUFE, packet/incremental */
	p[3] = 0x20 | 0x05;		/* FP, data track, incremental */
	p[4] = 0x08;			/* data block type: mode 1 */
	put_unaligned_be32(dxhost_blocking(), &p[10]);	/* packet size */
	return 2 + 0x32;
}

/*
 * Mode page 2Ah, capabilities (MMC-3 layout, one write speed descriptor),
 * at p; returns its length.
 */
static u32 dxhost_page_capabilities(u8 *p)
{
	u32 speed = dxhost_speed();

	p[0] = 0x2a;
	p[1] = 32 + 4 - 2;
	p[2] = 0x3b;			/* reads CD-R/RW, DVD-ROM, DVD-R, DVD-RAM */
	p[3] = 0x13;			/* writes CD-R, CD-RW, DVD-R */
	p[6] = 0x29;			/* tray, eject, lock */
	put_unaligned_be16(speed, &p[8]);	/* maximum read speed */
	put_unaligned_be16(DXHOST_DRIVE_BUFFER / SZ_1K, &p[12]);
	put_unaligned_be16(speed, &p[14]);	/* current read speed */
	put_unaligned_be16(speed, &p[18]);	/* maximum write speed */
	put_unaligned_be16(speed, &p[20]);	/* current write speed */
	put_unaligned_be16(speed, &p[28]);	/* current write speed selected */
	put_unaligned_be16(1, &p[30]);		/* write speed descriptors */
	put_unaligned_be16(speed, &p[32 + 2]);	/* CLV */
	return 32 + 4;
}

/*
 * MODE SENSE(6) and (10) of the rewritable drive: pages 01h, 05h, 2Ah or
 * all (3Fh); no block descriptors; the same values whatever the page
 * control asks.
 */
static void dxhost_mode_sense_mmc(struct scsi_cmnd *cmd, bool ten)
{
	u8 page = cmd->cmnd[2] & 0x3f, *d = dxhost_reply;
	u32 len = ten ? 8 : 4;

	memset(d, 0, sizeof(dxhost_reply));
	if (page == 0x01 || page == 0x3f)
		len += dxhost_page_error_recovery(&d[len]);
	if (page == 0x05 || page == 0x3f)
		len += dxhost_page_write_parameters(&d[len]);
	if (page == 0x2a || page == 0x3f)
		len += dxhost_page_capabilities(&d[len]);
	if (len == (ten ? 8U : 4U)) {
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	if (ten)
		put_unaligned_be16(len - 2, &d[0]);
	else
		d[0] = len - 1;
	dxhost_respond(cmd, d, len);
}

/*
 * GET PERFORMANCE (ACh): type 00h (performance, one descriptor over the
 * medium) or 03h (write speed, one descriptor); the data length counts
 * every descriptor there is, the reply holds as many as asked for.
 */
static void dxhost_get_performance(struct scsi_cmnd *cmd)
{
	u8 *cdb = cmd->cmnd, d[8 + 16] = { 0 };
	u16 max = get_unaligned_be16(&cdb[8]);
	u32 speed = dxhost_speed();

	put_unaligned_be32(4 + 16, &d[0]);
	switch (cdb[10]) {
	case 0x00:
		d[4] = cdb[1] & 0x04 ? 0x02 : 0;	/* Write */
		put_unaligned_be32(0, &d[8]);
		put_unaligned_be32(speed, &d[12]);
		put_unaligned_be32(dxhost_blocks - 1, &d[16]);
		put_unaligned_be32(speed, &d[20]);
		break;
	case 0x03:
		put_unaligned_be32(dxhost_blocks - 1, &d[12]);	/* end LBA */
		put_unaligned_be32(speed, &d[16]);	/* read speed */
		put_unaligned_be32(speed, &d[20]);	/* write speed */
		break;
	default:
		dxhost_illegal(cmd, DXHOST_ASC_INVALID_CDB);
		return;
	}
	dxhost_respond(cmd, d, max ? sizeof(d) : 8);
}

/* READ BUFFER CAPACITY (5Ch): the drive's buffer, always empty. */
static void dxhost_read_buffer_capacity(struct scsi_cmnd *cmd)
{
	u8 d[12] = { 0 };

	put_unaligned_be16(sizeof(d) - 2, &d[0]);
	if (cmd->cmnd[1] & 0x01) {	/* Block: free blocks */
		put_unaligned_be32(DXHOST_DRIVE_BUFFER / DXHOST_BLOCK_SIZE, &d[8]);
	} else {
		put_unaligned_be32(DXHOST_DRIVE_BUFFER, &d[4]);
		put_unaligned_be32(DXHOST_DRIVE_BUFFER, &d[8]);
	}
	dxhost_respond(cmd, d, sizeof(d));
}

/*
 * The commands only the rewritable drive answers (the others are the DVD-ROM
 * drive's); returns false for an opcode it does not know.
 */
static bool dxhost_mmc_command(struct scsi_cmnd *cmd)
{
	switch (cmd->cmnd[0]) {
	case GPCMD_GET_CONFIGURATION:
		dxhost_get_configuration_mmc(cmd);
		break;
	case GPCMD_GET_EVENT_STATUS_NOTIFICATION:
		dxhost_get_event(cmd);
		break;
	case GPCMD_READ_DISC_INFO:
		dxhost_read_disc_info(cmd);
		break;
	case GPCMD_READ_TRACK_RZONE_INFO:
		dxhost_read_track_info(cmd);
		break;
	case GPCMD_READ_FORMAT_CAPACITIES:
		dxhost_read_format_capacities(cmd);
		break;
	case GPCMD_FORMAT_UNIT:
		dxhost_format_unit(cmd);
		break;
	case GPCMD_READ_TOC_PMA_ATIP:
		dxhost_read_toc(cmd);
		break;
	case MODE_SENSE:
		dxhost_mode_sense_mmc(cmd, false);
		break;
	case MODE_SENSE_10:
		dxhost_mode_sense_mmc(cmd, true);
		break;
	case GPCMD_GET_PERFORMANCE:
		dxhost_get_performance(cmd);
		break;
	case GPCMD_READ_BUFFER_CAPACITY:
		dxhost_read_buffer_capacity(cmd);
		break;
	case GPCMD_SET_STREAMING:	/* the speed asked for: taken as it is */
	case GPCMD_SET_SPEED:
	case GPCMD_CLOSE_TRACK:		/* nothing to close on this medium */
		break;
	default:
		return false;
	}
	return true;
}

/* Called with the host lock held; completes every command before it returns. */
static int dxhost_queuecommand_lck(struct scsi_cmnd *cmd)
{
	bool rom = cmd->device->lun == DXHOST_ROM_LUN;
	u8 op = cmd->cmnd[0];

	cmd->result = 0;
	scsi_set_resid(cmd, 0);
	if (cmd->device->lun > DXHOST_DISK_LUN && op == INQUIRY) {
		u8 none[36] = { 0x7f };	/* no logical unit here */

		dxhost_respond(cmd, none, sizeof(none));
		scsi_done(cmd);
		return 0;
	}
	if (cmd->device->lun < DXHOST_NR_LUNS)
		dxhost_count(cmd->device->lun, op,
			     op == READ_12 || op == WRITE_12 ?
			     get_unaligned_be32(&cmd->cmnd[6]) :
			     op == READ_10 || op == WRITE_10 ?
			     get_unaligned_be16(&cmd->cmnd[7]) : 0);
	if (rom && dxhost_medium != DXHOST_ROM && dxhost_mmc_command(cmd)) {
		scsi_done(cmd);
		return 0;
	}
	switch (op) {
	case INQUIRY:
		dxhost_inquiry(cmd, rom);
		break;
	case REPORT_LUNS:
		dxhost_report_luns(cmd);
		break;
	case TEST_UNIT_READY:
	case START_STOP:
	case ALLOW_MEDIUM_REMOVAL:
	case SYNCHRONIZE_CACHE:
		break;
	case READ_CAPACITY:
		dxhost_read_capacity(cmd);
		break;
	case MODE_SENSE:
		dxhost_mode_sense(cmd, rom, false);
		break;
	case MODE_SENSE_10:
		dxhost_mode_sense(cmd, rom, true);
		break;
	case GPCMD_GET_CONFIGURATION:
		if (rom)
			dxhost_get_configuration(cmd);
		else
			dxhost_unknown(cmd);
		break;
	case REQUEST_SENSE:
		dxhost_request_sense(cmd);
		break;
	case READ_BUFFER:
	case WRITE_BUFFER:
		dxhost_rw_buffer(cmd, op == WRITE_BUFFER);
		break;
	case READ_10:
	case READ_12:
	case WRITE_10:
	case WRITE_12:
		dxhost_rw(cmd, op == WRITE_10 || op == WRITE_12,
			  op == READ_12 || op == WRITE_12);
		break;
	default:
		dxhost_unknown(cmd);
		break;
	}
	scsi_done(cmd);
	return 0;
}

static DEF_SCSI_QCMD(dxhost_queuecommand)

/* ---- the counters, as attributes of each scsi_device --------------------- */

static ssize_t dxhost_stat_show(struct device *dev, char *buf, enum dxhost_stat stat)
{
	struct scsi_device *sdev = to_scsi_device(dev);
	unsigned long flags;
	u64 v;

	if (sdev->lun >= DXHOST_NR_LUNS)
		return -ENODEV;
	spin_lock_irqsave(&dxhost_stats_lock, flags);
	v = dxhost_stats[sdev->lun][stat];
	spin_unlock_irqrestore(&dxhost_stats_lock, flags);
	return sysfs_emit(buf, "%llu\n", v);
}

static ssize_t dxhost_commands_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return dxhost_stat_show(dev, buf, DXHOST_STAT_COMMANDS);
}
static DEVICE_ATTR_RO(dxhost_commands);

static ssize_t dxhost_reads_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return dxhost_stat_show(dev, buf, DXHOST_STAT_READS);
}
static DEVICE_ATTR_RO(dxhost_reads);

static ssize_t dxhost_read_max_bytes_show(struct device *dev,
					  struct device_attribute *attr, char *buf)
{
	return dxhost_stat_show(dev, buf, DXHOST_STAT_READ_MAX);
}
static DEVICE_ATTR_RO(dxhost_read_max_bytes);

static ssize_t dxhost_writes_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return dxhost_stat_show(dev, buf, DXHOST_STAT_WRITES);
}
static DEVICE_ATTR_RO(dxhost_writes);

static ssize_t dxhost_write_max_bytes_show(struct device *dev,
					   struct device_attribute *attr, char *buf)
{
	return dxhost_stat_show(dev, buf, DXHOST_STAT_WRITE_MAX);
}
static DEVICE_ATTR_RO(dxhost_write_max_bytes);

/* The opcodes received since the last reset, in hex, ascending. */
static ssize_t dxhost_opcodes_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct scsi_device *sdev = to_scsi_device(dev);
	DECLARE_BITMAP(seen, 256);
	unsigned long flags;
	unsigned int op;
	int len = 0;

	if (sdev->lun >= DXHOST_NR_LUNS)
		return -ENODEV;
	spin_lock_irqsave(&dxhost_stats_lock, flags);
	bitmap_copy(seen, dxhost_seen[sdev->lun], 256);
	spin_unlock_irqrestore(&dxhost_stats_lock, flags);
	for_each_set_bit(op, seen, 256)
		len += sysfs_emit_at(buf, len, "%s%02x", len ? " " : "", op);
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
static DEVICE_ATTR_RO(dxhost_opcodes);

/* Any write zeroes the LUN's counters and its list of opcodes. */
static ssize_t dxhost_stats_reset_store(struct device *dev,
					struct device_attribute *attr,
					const char *buf, size_t count)
{
	struct scsi_device *sdev = to_scsi_device(dev);
	unsigned long flags;

	if (sdev->lun >= DXHOST_NR_LUNS)
		return -ENODEV;
	spin_lock_irqsave(&dxhost_stats_lock, flags);
	memset(dxhost_stats[sdev->lun], 0, sizeof(dxhost_stats[sdev->lun]));
	bitmap_zero(dxhost_seen[sdev->lun], 256);
	spin_unlock_irqrestore(&dxhost_stats_lock, flags);
	return count;
}
static DEVICE_ATTR_WO(dxhost_stats_reset);

static struct attribute *dxhost_sdev_attrs[] = {
	&dev_attr_dxhost_commands.attr,
	&dev_attr_dxhost_reads.attr,
	&dev_attr_dxhost_read_max_bytes.attr,
	&dev_attr_dxhost_writes.attr,
	&dev_attr_dxhost_write_max_bytes.attr,
	&dev_attr_dxhost_opcodes.attr,
	&dev_attr_dxhost_stats_reset.attr,
	NULL,
};
ATTRIBUTE_GROUPS(dxhost_sdev);

#ifndef DXHOST_HAVE_SHT_DMA_ALIGNMENT
/* Before the template had dma_alignment (v6.1): set it on each queue. */
static int dxhost_slave_configure(struct scsi_device *sdev)
{
	if (dma_alignment)
		blk_queue_dma_alignment(sdev->request_queue, dma_alignment);
	return 0;
}
#endif

/* The limits are filled in from the parameters in dxhost_init(). */
static struct scsi_host_template dxhost_template = {
	.module		= THIS_MODULE,
	.name		= KBUILD_MODNAME,
	.proc_name	= KBUILD_MODNAME,
	.queuecommand	= dxhost_queuecommand,
	.can_queue	= 4,
	.this_id	= -1,
	.cmd_per_lun	= 1,
	.sdev_groups	= dxhost_sdev_groups,
#ifndef DXHOST_HAVE_SHT_DMA_ALIGNMENT
	.slave_configure = dxhost_slave_configure,
#endif
};

#ifdef DXHOST_HAVE_VALIDATE_LIMITS
/*
 * Kernels that validate queue limits (blk_validate_limits(), v6.9+) refuse
 * these with WARN_ON_ONCE and -EINVAL when the device's queue is made; a
 * warning taints the kernel and fails the rig.  dxhost refuses them first,
 * naming the kernel's rule, unless kernel_refusal=1.  The segment minimum
 * is BLK_MIN_SEGMENT_SIZE (4096, block/blk.h) since v6.14, PAGE_SIZE before:
 * the same on x86.
 */
static const char *dxhost_kernel_refuses(void)
{
	if (max_sectors < (PAGE_SIZE >> SECTOR_SHIFT))
		return "max_hw_sectors below one page";
	if (dma_boundary && dma_boundary < SZ_4K - 1)
		return "seg_boundary_mask below 4095";
	if (!virt_boundary_mask && max_segment_size && max_segment_size < SZ_4K)
		return "max_segment_size below 4096";
	if (dma_alignment > PAGE_SIZE)
		return "dma_alignment above PAGE_SIZE";
	return NULL;
}
#else
/* Older kernels raise such limits to their minimum (and say so). */
static const char *dxhost_kernel_refuses(void)
{
	return NULL;
}
#endif

/*
 * The medium from medium=, capacity_blocks= and capacity_mib=: sets
 * dxhost_medium, dxhost_blocks and dxhost_formatted, or says why not.
 */
static int dxhost_parse_medium(void)
{
	int m;

	m = sysfs_match_string(dxhost_medium_names, medium);
	if (m < 0) {
		pr_err("medium=%s: must be rom, dvd+rw or bd-re\n", medium);
		return -EINVAL;
	}
	dxhost_medium = m;
	if (capacity_mib > DXHOST_MAX_BLOCKS / DXHOST_BLOCKS_PER_MIB) {
		pr_err("capacity_mib %u: must be 1 to %u\n", capacity_mib,
		       DXHOST_MAX_BLOCKS / DXHOST_BLOCKS_PER_MIB);
		return -EINVAL;
	}
	if (capacity_mib && capacity_blocks &&
	    capacity_blocks != capacity_mib * DXHOST_BLOCKS_PER_MIB) {
		pr_err("capacity_blocks %u and capacity_mib %u disagree (%u MiB is %u blocks): give one of them\n",
		       capacity_blocks, capacity_mib, capacity_mib,
		       capacity_mib * DXHOST_BLOCKS_PER_MIB);
		return -EINVAL;
	}
	if (capacity_mib)
		dxhost_blocks = capacity_mib * DXHOST_BLOCKS_PER_MIB;
	else if (capacity_blocks)
		dxhost_blocks = capacity_blocks;
	else
		dxhost_blocks = DXHOST_DEFAULT_BLOCKS;
	if (dxhost_blocks > DXHOST_MAX_BLOCKS) {
		pr_err("capacity_blocks %u: must be 1 to %u\n", dxhost_blocks,
		       DXHOST_MAX_BLOCKS);
		return -EINVAL;
	}
	/* whole BD clusters (and DVD ECC blocks), as a real medium has */
	if (dxhost_medium != DXHOST_ROM && dxhost_blocks % 32) {
		pr_err("capacity_blocks %u: a %s medium holds whole 32-block clusters\n",
		       dxhost_blocks, medium);
		return -EINVAL;
	}
	dxhost_formatted = dxhost_medium != DXHOST_ROM && formatted;
	return 0;
}

static int __init dxhost_init(void)
{
	const char *why;
	int ret;

	ret = dxhost_parse_medium();
	if (ret)
		return ret;
	if (!sg_tablesize || !max_sectors) {
		pr_err("sg_tablesize and max_sectors must not be 0\n");
		return -EINVAL;
	}
	why = dxhost_kernel_refuses();
	if (why && !kernel_refusal) {
		pr_err("refused: %s: blk_validate_limits() of this kernel refuses it (WARN_ON_ONCE, -EINVAL)\n",
		       why);
		return -EINVAL;
	}
	dxhost_template.sg_tablesize = sg_tablesize;
	dxhost_template.max_sectors = max_sectors;
	dxhost_template.dma_boundary = dma_boundary;
	dxhost_template.virt_boundary_mask = virt_boundary_mask;
	/*
	 * With a virt boundary a template leaves max_segment_size unset: 7.x's
	 * scsi_host_alloc() then makes it UINT_MAX (and warns when a template
	 * sets another value); 6.12 keeps the 64 KiB default, 6.1 makes it
	 * UINT_MAX in blk_queue_virt_boundary().
	 */
	if (!virt_boundary_mask)
		dxhost_template.max_segment_size = max_segment_size;
	else if (max_segment_size)
		pr_info("max_segment_size %u ignored: a virt boundary is set\n",
			max_segment_size);
#ifdef DXHOST_HAVE_SHT_DMA_ALIGNMENT
	dxhost_template.dma_alignment = dma_alignment;
#endif

	dxhost_store = vmalloc(array_size(dxhost_blocks, DXHOST_BLOCK_SIZE));
	if (!dxhost_store)
		return -ENOMEM;
	dxhost_fill();

	dxhost_parent = root_device_register(KBUILD_MODNAME);
	if (IS_ERR(dxhost_parent)) {
		ret = PTR_ERR(dxhost_parent);
		goto err_free_store;
	}

	dxhost_shost = scsi_host_alloc(&dxhost_template, 0);
	if (!dxhost_shost) {
		ret = -ENOMEM;
		goto err_unregister_parent;
	}
	dxhost_shost->max_id = 1;
	dxhost_shost->max_lun = 2;
	dxhost_shost->max_channel = 0;

	ret = scsi_add_host(dxhost_shost, dxhost_parent);
	if (ret)
		goto err_put_host;
	scsi_scan_host(dxhost_shost);
	pr_info("host%u: sg_tablesize=%u max_sectors=%u max_segment_size=%u dma_boundary=%#lx virt_boundary_mask=%#lx dma_alignment=%u\n",
		dxhost_shost->host_no, sg_tablesize, max_sectors, max_segment_size,
		dma_boundary, virt_boundary_mask, dma_alignment);
	if (dxhost_medium != DXHOST_ROM)
		pr_info("host%u: medium %s, %s, %u blocks\n", dxhost_shost->host_no,
			dxhost_medium_names[dxhost_medium],
			dxhost_formatted ? "formatted" : "blank", dxhost_blocks);
	return 0;

err_put_host:
	scsi_host_put(dxhost_shost);
err_unregister_parent:
	root_device_unregister(dxhost_parent);
err_free_store:
	vfree(dxhost_store);
	return ret;
}

static void __exit dxhost_exit(void)
{
	scsi_remove_host(dxhost_shost);
	scsi_host_put(dxhost_shost);
	root_device_unregister(dxhost_parent);
	vfree(dxhost_store);
}

module_init(dxhost_init);
module_exit(dxhost_exit);

MODULE_DESCRIPTION("discxfer test host adapter with configurable queue limits");
MODULE_AUTHOR("discxfer contributors");
MODULE_LICENSE("GPL");
