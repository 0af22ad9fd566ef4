// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libudev, for the monitor's events only (monitor.c): drives are found in
 * sysfs directly (lookup.c).
 *
 * It is loaded with dlopen() when a monitor is made, not when a program
 * that links libdiscxfer starts: `discxfer get`, `list` and the udev rules'
 * IMPORT{program} never need it, and loading and relocating it cost about
 * as much as their whole work (as kmod.c does for libkmod; systemd loads
 * its optional libraries so).  Each monitor holds its own handle; there is
 * no global state.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "udev.h"

/* The soname of the libudev the library was built against. */
#define DX_LIBUDEV_SONAME "libudev.so.1"

void dx_udev_free(struct dx_udev *u)
{
	if (!u)
		return;
	if (u->udev)
		u->unref(u->udev);
	if (u->dl)
		dlclose(u->dl);
	free(u);
}

int dx_udev_open(struct discxfer_ctx *ctx, struct dx_udev **ret)
{
	struct dx_udev *u;

	*ret = NULL;
	u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->dl = dlopen(DX_LIBUDEV_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!u->dl) {
		dx_err(ctx, "cannot load %s: %s", DX_LIBUDEV_SONAME, dlerror());
		free(u);
		return -EOPNOTSUPP;
	}
#define DX_SYM(field, name)						\
	do {								\
		u->field = (__typeof__(u->field))dlsym(u->dl, #name);	\
		if (!u->field) {					\
			dx_err(ctx, "%s lacks %s", DX_LIBUDEV_SONAME, #name); \
			dx_udev_free(u);				\
			return -EOPNOTSUPP;				\
		}							\
	} while (0)
	DX_SYM(new_ctx, udev_new);
	DX_SYM(unref, udev_unref);
	DX_SYM(monitor_new_from_netlink, udev_monitor_new_from_netlink);
	DX_SYM(monitor_filter_add_match_subsystem_devtype,
	       udev_monitor_filter_add_match_subsystem_devtype);
	DX_SYM(monitor_enable_receiving, udev_monitor_enable_receiving);
	DX_SYM(monitor_get_fd, udev_monitor_get_fd);
	DX_SYM(monitor_receive_device, udev_monitor_receive_device);
	DX_SYM(monitor_unref, udev_monitor_unref);
	DX_SYM(device_get_action, udev_device_get_action);
	DX_SYM(device_get_subsystem, udev_device_get_subsystem);
	DX_SYM(device_get_devtype, udev_device_get_devtype);
	DX_SYM(device_get_syspath, udev_device_get_syspath);
	DX_SYM(device_get_parent_with_subsystem_devtype,
	       udev_device_get_parent_with_subsystem_devtype);
	DX_SYM(device_unref, udev_device_unref);
#undef DX_SYM
	u->udev = u->new_ctx();
	if (!u->udev) {
		dx_udev_free(u);
		return -ENOMEM;
	}
	*ret = u;
	return 0;
}

/*
 * The device's kernel name, the last part of its syspath: H:C:T:L for a
 * SCSI device. libudev's sysname turns each '!' into '/', which is not the
 * kernel's name.
 */
const char *dx_udev_kernel_name(struct dx_udev *u, struct udev_device *dev)
{
	const char *sys = u->device_get_syspath(dev);
	const char *slash = sys ? strrchr(sys, '/') : NULL;

	return slash ? slash + 1 : sys;
}
