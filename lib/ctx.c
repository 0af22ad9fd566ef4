// SPDX-License-Identifier: LGPL-2.1-or-later
/* The library context: log routing, page size, libkmod once loaded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

DISCXFER_EXPORT int discxfer_ctx_new(struct discxfer_ctx **ret)
{
	struct discxfer_ctx *ctx;
	long page;

	if (!ret)
		return -EINVAL;
	*ret = NULL;
	page = sysconf(_SC_PAGESIZE);
	if (page <= 0 || page > (long)UINT32_MAX)
		return -ERANGE;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->page_size = (uint32_t)page;
	ctx->log_priority = DISCXFER_LOG_ERR;
	*ret = ctx;
	return 0;
}

DISCXFER_EXPORT struct discxfer_ctx *discxfer_ctx_ref(struct discxfer_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

DISCXFER_EXPORT struct discxfer_ctx *discxfer_ctx_unref(struct discxfer_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return NULL;
	dx_kmod_free(ctx->kmod);
	free(ctx);
	return NULL;
}

DISCXFER_EXPORT void discxfer_ctx_set_log_fn(struct discxfer_ctx *ctx,
					     discxfer_log_fn fn, void *userdata,
					     int priority)
{
	if (!ctx)
		return;
	ctx->log_fn = fn;
	ctx->userdata = userdata;
	ctx->log_priority = priority;
}

DISCXFER_EXPORT void *discxfer_ctx_get_userdata(struct discxfer_ctx *ctx)
{
	return ctx ? ctx->userdata : NULL;
}

void dx_log(struct discxfer_ctx *ctx, int priority, const char *file, int line,
	    const char *fn, const char *format, ...)
{
	va_list args;

	if (!ctx || !ctx->log_fn || priority > ctx->log_priority)
		return;
	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

DISCXFER_EXPORT const char *discxfer_source_to_string(enum discxfer_source source)
{
	switch (source) {
	case DISCXFER_SOURCE_MODULE:
		return "module";
	case DISCXFER_SOURCE_QUEUE_LIMITS:
		return "queue-limits";
	case DISCXFER_SOURCE_SG_IOCTL:
		return "sg-ioctl";
	case DISCXFER_SOURCE_KERNEL:
		return "kernel";
	}
	return "unknown";
}

DISCXFER_EXPORT const char *discxfer_module_state_to_string(enum discxfer_module_state state)
{
	switch (state) {
	case DISCXFER_MODULE_ABSENT:
		return "absent";
	case DISCXFER_MODULE_AVAILABLE:
		return "available";
	case DISCXFER_MODULE_LOADED:
		return "loaded";
	case DISCXFER_MODULE_BUILTIN:
		return "builtin";
	}
	return "unknown";
}
