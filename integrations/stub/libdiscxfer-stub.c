/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A stand-in libdiscxfer.so.0 for integrations/check.sh, which has no
 * optical drive: every device takes $DISCXFER_STUB_PAGE bytes per command
 * from a page-aligned buffer and $DISCXFER_STUB_ANY from any buffer.  Only
 * the functions the patches look up, with the library's signatures.
 */
#include <stdint.h>
#include <stdlib.h>

struct discxfer_ctx { int unused; };
struct discxfer_drive { int unused; };
static struct discxfer_ctx ctx;
static struct discxfer_drive drive;

static uint32_t env(const char *name)
{
	const char *v = getenv(name);

	return v ? (uint32_t)strtoul(v, NULL, 0) : 0;
}

int discxfer_ctx_new(struct discxfer_ctx **ret) { *ret = &ctx; return 0; }
struct discxfer_ctx *discxfer_ctx_unref(struct discxfer_ctx *c) { (void)c; return NULL; }
int discxfer_drive_new_from_path(struct discxfer_ctx *c, const char *path,
				 struct discxfer_drive **ret)
{ (void)c; (void)path; *ret = &drive; return 0; }
int discxfer_drive_new_from_fd(struct discxfer_ctx *c, int fd, struct discxfer_drive **ret)
{ (void)c; (void)fd; *ret = &drive; return 0; }
struct discxfer_drive *discxfer_drive_unref(struct discxfer_drive *d) { (void)d; return NULL; }
int discxfer_drive_get_max_page_aligned_transfer_size(struct discxfer_drive *d, uint32_t *max)
{ (void)d; *max = env("DISCXFER_STUB_PAGE"); return 0; }
int discxfer_drive_get_max_non_page_aligned_transfer_size(struct discxfer_drive *d, uint32_t *max)
{ (void)d; *max = env("DISCXFER_STUB_ANY"); return 0; }
