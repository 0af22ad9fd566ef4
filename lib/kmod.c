// SPDX-License-Identifier: LGPL-2.1-or-later
/* The discxfer module's state, from libkmod. Only this file includes it. */
#include <errno.h>
#include <libkmod.h>

#include "internal.h"

DISCXFER_EXPORT int discxfer_ctx_get_module_state(struct discxfer_ctx *ctx,
						  enum discxfer_module_state *state)
{
	struct kmod_ctx *kctx;
	struct kmod_module *mod = NULL;
	struct kmod_list *list = NULL;
	int r = 0, init;

	if (!state)
		return -EINVAL;
	*state = DISCXFER_MODULE_ABSENT;
	if (!ctx)
		return -EINVAL;
	kctx = kmod_new(NULL, NULL);
	if (!kctx)
		return -ENOMEM;
	if (kmod_module_new_from_name(kctx, "discxfer", &mod) < 0) {
		r = -EIO;
		goto out;
	}
	init = kmod_module_get_initstate(mod);
	if (init == KMOD_MODULE_BUILTIN) {
		*state = DISCXFER_MODULE_BUILTIN;
	} else if (init >= 0) {
		*state = DISCXFER_MODULE_LOADED;
	} else if (kmod_module_new_from_lookup(kctx, "discxfer", &list) == 0 && list) {
		struct kmod_module *found = kmod_module_get_module(list);

		if (found && kmod_module_get_path(found))
			*state = DISCXFER_MODULE_AVAILABLE;
		kmod_module_unref(found);
	}
	dx_dbg(ctx, "module discxfer: %s", discxfer_module_state_to_string(*state));
out:
	kmod_module_unref_list(list);
	kmod_module_unref(mod);
	kmod_unref(kctx);
	return r;
}
