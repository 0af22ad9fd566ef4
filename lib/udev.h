/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libudev loaded on demand (udev.c), for the monitor (monitor.c): the two
 * files that include <libudev.h>, for its types; its functions are called
 * through this table.
 */
#ifndef DISCXFER_UDEV_H
#define DISCXFER_UDEV_H

#include <libudev.h>

struct discxfer_ctx;

struct dx_udev {
	void *dl;
	struct udev *udev;
	__typeof__(udev_new) *new_ctx;
	__typeof__(udev_unref) *unref;
	__typeof__(udev_monitor_new_from_netlink) *monitor_new_from_netlink;
	__typeof__(udev_monitor_filter_add_match_subsystem_devtype)
		*monitor_filter_add_match_subsystem_devtype;
	__typeof__(udev_monitor_enable_receiving) *monitor_enable_receiving;
	__typeof__(udev_monitor_get_fd) *monitor_get_fd;
	__typeof__(udev_monitor_receive_device) *monitor_receive_device;
	__typeof__(udev_monitor_unref) *monitor_unref;
	__typeof__(udev_device_get_action) *device_get_action;
	__typeof__(udev_device_get_subsystem) *device_get_subsystem;
	__typeof__(udev_device_get_devtype) *device_get_devtype;
	__typeof__(udev_device_get_syspath) *device_get_syspath;
	__typeof__(udev_device_get_parent_with_subsystem_devtype)
		*device_get_parent_with_subsystem_devtype;
	__typeof__(udev_device_unref) *device_unref;
};

/* libudev and a udev context of its own; -EOPNOTSUPP when libudev is missing. */
int dx_udev_open(struct discxfer_ctx *ctx, struct dx_udev **ret);
void dx_udev_free(struct dx_udev *u);
const char *dx_udev_kernel_name(struct dx_udev *u, struct udev_device *dev);

#endif
