// SPDX-License-Identifier: GPL-2.0-only
/*
 * dxhost: a test SCSI host adapter whose queue limits come from module
 * parameters, for discxfer's kernel rig (tests/hostadapter/, never
 * installed or packaged).
 *
 * One Scsi_Host, one target, two LUNs:
 *   LUN 0  type 5 (CD/DVD), 2048-byte blocks: what sr and sg need
 *   LUN 1  type 0 (a disk), which discxfer must not tag or report
 *
 * The limits go into the host template before scsi_host_alloc(), as a real
 * low-level driver sets them, so the kernel's own defaults and checks in
 * drivers/scsi/hosts.c and the block layer apply unchanged.
 *
 * The medium is a store in vmalloc memory (capacity_blocks x 2048 bytes),
 * filled at load with a pattern that depends on the LBA and never holds
 * the byte 0xa5; WRITE(10)/(12) store their data there and READ(10)/(12)
 * return it, so a read back returns what was written.  READ BUFFER and
 * WRITE BUFFER (data mode) move any number of bytes, up to 4 KiB, to and
 * from a buffer of their own, for answers below one block.  Every command
 * completes in queuecommand; data moves only through the midlayer's
 * scsi_sg_copy_from_buffer() and scsi_sg_copy_to_buffer(): the module never
 * touches user memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/cdrom.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/moduleparam.h>
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
/* READ BUFFER / WRITE BUFFER: one data buffer (mode 02h, buffer ID 0) */
#define DXHOST_ECHO_SIZE	SZ_4K
#define DXHOST_RW_BUFFER_DATA	0x02

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

static unsigned int capacity_blocks = 8192;
module_param(capacity_blocks, uint, 0444);
MODULE_PARM_DESC(capacity_blocks, "medium size in 2048-byte blocks (both LUNs share it)");

/*
 * The medium.  Commands run one at a time under the host lock
 * (DEF_SCSI_QCMD), which guards its contents.
 */
static u8 *dxhost_store;
/*
 * The READ BUFFER / WRITE BUFFER data buffer: commands of any length, not
 * only whole blocks, for the rig's probes of answers below one block (a
 * single-segment host's non-page-aligned answer is A + 1 bytes).  Guarded
 * by the host lock like the store.
 */
static u8 dxhost_echo[DXHOST_ECHO_SIZE];

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

	for (lba = 0; lba < capacity_blocks; lba++)
		for (i = 0; i < DXHOST_BLOCK_SIZE; i++)
			dxhost_store[(size_t)lba * DXHOST_BLOCK_SIZE + i] =
				dxhost_pattern(lba, i);
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

static void dxhost_inquiry(struct scsi_cmnd *cmd, bool rom)
{
	u8 d[36] = { 0 };
	u8 *cdb = cmd->cmnd;

	if (cdb[1] & 1) {	/* EVPD: only the list of pages */
		if (cdb[2] != 0) {
			dxhost_illegal(cmd, 0x24);	/* invalid field in CDB */
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
	memcpy(&d[16], rom ? "dxhost CD-ROM   " : "dxhost disk     ", 16);
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

	put_unaligned_be32(capacity_blocks - 1, &d[0]);
	put_unaligned_be32(DXHOST_BLOCK_SIZE, &d[4]);
	dxhost_respond(cmd, d, sizeof(d));
}

/* MODE SENSE(6) and (10): the CD capabilities page (0x2a) only. */
static void dxhost_mode_sense(struct scsi_cmnd *cmd, bool rom, bool ten)
{
	u8 d[8 + 26] = { 0 };
	u8 page = cmd->cmnd[2] & 0x3f;
	u32 hdr = ten ? 8 : 4, len = hdr;
	u8 *p = &d[hdr];

	if (page != 0x3f && !(rom && page == 0x2a)) {
		dxhost_illegal(cmd, 0x24);
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

/* GET CONFIGURATION: the feature header, current profile DVD-ROM. */
static void dxhost_get_configuration(struct scsi_cmnd *cmd)
{
	u8 d[8] = { 0 };

	put_unaligned_be32(4, &d[0]);
	put_unaligned_be16(0x0010, &d[6]);
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

	if ((u64)lba + blocks > capacity_blocks) {
		dxhost_illegal(cmd, 0x21);	/* LBA out of range */
		return;
	}
	if (bytes > scsi_bufflen(cmd)) {
		dxhost_illegal(cmd, 0x24);	/* more than the buffer */
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
		dxhost_illegal(cmd, 0x24);	/* invalid field in CDB */
		return;
	}
	if (write)
		done = scsi_sg_copy_to_buffer(cmd, &dxhost_echo[off], len);
	else
		done = scsi_sg_copy_from_buffer(cmd, &dxhost_echo[off], len);
	scsi_set_resid(cmd, scsi_bufflen(cmd) - done);
}

/* Called with the host lock held; completes every command before it returns. */
static int dxhost_queuecommand_lck(struct scsi_cmnd *cmd)
{
	bool rom = cmd->device->lun == DXHOST_ROM_LUN;

	cmd->result = 0;
	scsi_set_resid(cmd, 0);
	if (cmd->device->lun > DXHOST_DISK_LUN && cmd->cmnd[0] == INQUIRY) {
		u8 none[36] = { 0x7f };	/* no logical unit here */

		dxhost_respond(cmd, none, sizeof(none));
		scsi_done(cmd);
		return 0;
	}
	switch (cmd->cmnd[0]) {
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
			dxhost_illegal(cmd, 0x20);
		break;
	case REQUEST_SENSE:
		dxhost_request_sense(cmd);
		break;
	case READ_BUFFER:
	case WRITE_BUFFER:
		dxhost_rw_buffer(cmd, cmd->cmnd[0] == WRITE_BUFFER);
		break;
	case READ_10:
	case READ_12:
	case WRITE_10:
	case WRITE_12:
		dxhost_rw(cmd, cmd->cmnd[0] == WRITE_10 || cmd->cmnd[0] == WRITE_12,
			  cmd->cmnd[0] == READ_12 || cmd->cmnd[0] == WRITE_12);
		break;
	default:
		dxhost_illegal(cmd, 0x20);	/* invalid command operation code */
		break;
	}
	scsi_done(cmd);
	return 0;
}

static DEF_SCSI_QCMD(dxhost_queuecommand)

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
	.name		= "dxhost",
	.proc_name	= "dxhost",
	.queuecommand	= dxhost_queuecommand,
	.can_queue	= 4,
	.this_id	= -1,
	.cmd_per_lun	= 1,
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

static int __init dxhost_init(void)
{
	const char *why;
	int ret;

	if (!capacity_blocks || capacity_blocks > (1U << 20)) {
		pr_err("capacity_blocks %u: must be 1 to %u\n", capacity_blocks, 1U << 20);
		return -EINVAL;
	}
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

	dxhost_store = vmalloc(array_size(capacity_blocks, DXHOST_BLOCK_SIZE));
	if (!dxhost_store)
		return -ENOMEM;
	dxhost_fill();

	dxhost_parent = root_device_register("dxhost");
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
