/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal declarations shared by the library's files. Nothing here is
 * exported: the version script keeps every dx_ symbol local.
 */
#ifndef DISCXFER_INTERNAL_H
#define DISCXFER_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "discxfer.h"

struct discxfer_ctx {
	int refcount;
	discxfer_log_fn log_fn;
	void *userdata;
	int log_priority;
	uint32_t page_size;
	/* libkmod, loaded on the first module-state query (kmod.c). */
	struct dx_kmod *kmod;
};

struct dx_kmod;
void dx_kmod_free(struct dx_kmod *k);

/*
 * A drive: the SCSI device and what was found below it when it was opened.
 * Limits are never stored here; they are read at every query.
 */
struct discxfer_drive {
	int refcount;
	struct discxfer_ctx *ctx;
	char *syspath;		/* .../H:C:T:L */
	char *address;		/* H:C:T:L */
	char *module_dir;	/* syspath/discxfer/H:C:T:L (may not exist) */
	char *block_syspath;	/* .../block/srN, or NULL */
	bool kernel_answers;	/* its queue has passthrough_max_bytes */
	char *block_node;	/* /dev/srN, or NULL */
	char *generic_syspath;	/* .../scsi_generic/sgN, or NULL */
	char *generic_node;	/* /dev/sgN, or NULL */
	char *vendor;
	char *model;
	int scsi_type;
};

__attribute__((format(printf, 6, 7)))
void dx_log(struct discxfer_ctx *ctx, int priority, const char *file, int line,
	    const char *fn, const char *format, ...);

#define dx_err(ctx, ...) \
	dx_log(ctx, DISCXFER_LOG_ERR, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define dx_dbg(ctx, ...) \
	dx_log(ctx, DISCXFER_LOG_DEBUG, __FILE__, __LINE__, __func__, __VA_ARGS__)

/* strerror(3) is not thread-safe; the GNU strerror_r(3) is. */
#define DX_ERRSTR(r, buf) strerror_r(-(r), (buf), sizeof(buf))

/* sysfs.c: strict parsing of one sysfs value; the INQUIRY strings. */
int dx_parse_u64(const char *text, uint64_t *value);
int dx_parse_u32(const char *text, uint32_t *value);
int dx_parse_u64_list(const char *text, uint64_t *values, size_t n);
int dx_read_file(const char *path, char *buf, size_t size);
int dx_read_file_at(int dirfd, const char *name, char *buf, size_t size);
int dx_read_u64_fd(int dirfd, const char *name, uint64_t *value);
int dx_read_u32_fd(int dirfd, const char *name, uint32_t *value);
int dx_read_u64_at(const char *dir, const char *name, uint64_t *value);
int dx_read_u32_at(const char *dir, const char *name, uint32_t *value);
int dx_dup_trimmed(const char *s, char **ret);
bool dx_scsi_device_going(const char *syspath);

/* lookup.c: drives in sysfs, where the kernel puts them. */
int dx_drive_from_syspath(struct discxfer_ctx *ctx, const char *syspath,
			  struct discxfer_drive **ret);
int dx_drive_from_devnum(struct discxfer_ctx *ctx, char type, dev_t devnum,
			 struct discxfer_drive **ret);
int dx_drive_refresh_nodes(struct discxfer_drive *drive);
int dx_enumerate_drives(struct discxfer_ctx *ctx, struct discxfer_drive ***drives,
			size_t *count);

/* drive.c */
struct discxfer_drive *dx_drive_alloc(struct discxfer_ctx *ctx);

/* sg.c: limits from SG ioctls on the generic node. */
int dx_read_sg_limits(struct discxfer_drive *drive, struct discxfer_limits *l);

/* imapi2.c */
uint32_t dx_saturate_ulong(uint64_t value);

#endif
