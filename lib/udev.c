// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What talks to libudev: the context that the monitor's udev events come
 * through (monitor.c).  Drives are found in sysfs directly (lookup.c).
 */
#include <errno.h>
#include <libudev.h>
#include <string.h>

#include "internal.h"

int dx_udev_new(struct udev **ret)
{
	*ret = udev_new();
	return *ret ? 0 : -ENOMEM;
}

struct udev *dx_udev_unref(struct udev *udev)
{
	return udev_unref(udev);
}

/*
 * The device's kernel name, the last part of its syspath: H:C:T:L for a
 * SCSI device. libudev's sysname turns each '!' into '/', which is not the
 * kernel's name.
 */
const char *dx_kernel_name(struct udev_device *dev)
{
	const char *sys = udev_device_get_syspath(dev);
	const char *slash = sys ? strrchr(sys, '/') : NULL;

	return slash ? slash + 1 : sys;
}
