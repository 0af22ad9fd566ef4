// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The discxfer module's state, from libkmod. Only this file includes it.
 *
 * libkmod (and through it libcrypto, liblzma and libzstd) is loaded with
 * dlopen() when the module's state is asked for, not when a program that
 * links libdiscxfer starts: a `discxfer get` or a udev IMPORT{program}
 * never needs it and should not pay for loading and relocating it (systemd
 * loads its optional libraries the same way). The handle lives in the
 * context, is opened once per context and closed with it; there is no
 * global state.
 */
#include <dlfcn.h>
#include <errno.h>
#include <libkmod.h>
#include <stdlib.h>

#include "internal.h"

/* The soname of the libkmod the library was built against. */
#define DX_LIBKMOD_SONAME "libkmod.so.2"

struct dx_kmod {
	void *dl;
	__typeof__(kmod_new) *new_ctx;
	__typeof__(kmod_unref) *unref;
	__typeof__(kmod_module_new_from_name) *module_new_from_name;
	__typeof__(kmod_module_new_from_lookup) *module_new_from_lookup;
	__typeof__(kmod_module_get_initstate) *module_get_initstate;
	__typeof__(kmod_module_get_module) *module_get_module;
	__typeof__(kmod_module_get_path) *module_get_path;
	__typeof__(kmod_module_unref) *module_unref;
	__typeof__(kmod_module_unref_list) *module_unref_list;
};

void dx_kmod_free(struct dx_kmod *k)
{
	if (!k)
		return;
	if (k->dl)
		dlclose(k->dl);
	free(k);
}

/* ctx->kmod, loaded on first use; -EOPNOTSUPP when libkmod is missing. */
static int dx_kmod_get(struct discxfer_ctx *ctx, struct dx_kmod **out)
{
	struct dx_kmod *k;

	if (ctx->kmod) {
		*out = ctx->kmod;
		return 0;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->dl = dlopen(DX_LIBKMOD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!k->dl) {
		dx_dbg(ctx, "cannot load %s: %s", DX_LIBKMOD_SONAME, dlerror());
		free(k);
		return -EOPNOTSUPP;
	}
#define DX_SYM(field, name)						\
	do {								\
		k->field = (__typeof__(k->field))dlsym(k->dl, #name);	\
		if (!k->field) {					\
			dx_dbg(ctx, "%s lacks %s", DX_LIBKMOD_SONAME, #name); \
			dx_kmod_free(k);				\
			return -EOPNOTSUPP;				\
		}							\
	} while (0)
	DX_SYM(new_ctx, kmod_new);
	DX_SYM(unref, kmod_unref);
	DX_SYM(module_new_from_name, kmod_module_new_from_name);
	DX_SYM(module_new_from_lookup, kmod_module_new_from_lookup);
	DX_SYM(module_get_initstate, kmod_module_get_initstate);
	DX_SYM(module_get_module, kmod_module_get_module);
	DX_SYM(module_get_path, kmod_module_get_path);
	DX_SYM(module_unref, kmod_module_unref);
	DX_SYM(module_unref_list, kmod_module_unref_list);
#undef DX_SYM
	ctx->kmod = k;
	*out = k;
	return 0;
}

DISCXFER_EXPORT int discxfer_ctx_get_module_state(struct discxfer_ctx *ctx,
						  enum discxfer_module_state *state)
{
	struct dx_kmod *k;
	struct kmod_ctx *kctx;
	struct kmod_module *mod = NULL;
	struct kmod_list *list = NULL;
	int r, init;

	if (!state)
		return -EINVAL;
	*state = DISCXFER_MODULE_ABSENT;
	if (!ctx)
		return -EINVAL;
	r = dx_kmod_get(ctx, &k);
	if (r < 0)
		return r;
	kctx = k->new_ctx(NULL, NULL);
	if (!kctx)
		return -ENOMEM;
	if (k->module_new_from_name(kctx, "discxfer", &mod) < 0) {
		r = -EIO;
		goto out;
	}
	init = k->module_get_initstate(mod);
	if (init == KMOD_MODULE_BUILTIN) {
		*state = DISCXFER_MODULE_BUILTIN;
	} else if (init >= 0) {
		*state = DISCXFER_MODULE_LOADED;
	} else if (k->module_new_from_lookup(kctx, "discxfer", &list) == 0 && list) {
		struct kmod_module *found = k->module_get_module(list);

		if (found && k->module_get_path(found))
			*state = DISCXFER_MODULE_AVAILABLE;
		k->module_unref(found);
	}
	dx_dbg(ctx, "module discxfer: %s", discxfer_module_state_to_string(*state));
out:
	k->module_unref_list(list);
	k->module_unref(mod);
	k->unref(kctx);
	return r;
}
