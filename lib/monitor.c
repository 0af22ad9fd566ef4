// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Drive events from udev's netlink stream (group "udev": after udev has
 * processed them). Which kernel events mean what:
 *
 * - scsi_device add            -> added (when it is an optical drive; or the
 *                                 first event that finds one at a new address)
 * - scsi_device remove         -> removed (when it was one: the monitor
 *                                 remembers the addresses it has seen)
 * - scsi_device change, bind, unbind, and any add/change of its sr or sg
 *   node, and the discxfer class device's add/remove (module load/unload)
 *                              -> changed
 *
 * Removal of the sr/sg nodes and of the class device while the SCSI device
 * itself goes away is not reported as "changed": "removed" follows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "udev.h"

struct discxfer_monitor {
	int refcount;
	struct discxfer_ctx *ctx;
	struct dx_udev *u;	/* libudev, loaded for this monitor */
	struct udev_monitor *mon;
	char **known;		/* addresses of optical drives seen */
	size_t n_known;
};

struct discxfer_event {
	int refcount;
	enum discxfer_event_type type;
	char *address;
	struct discxfer_drive *drive;
};

static bool known_has(struct discxfer_monitor *m, const char *addr, size_t *idx)
{
	size_t i;

	for (i = 0; i < m->n_known; i++) {
		if (!strcmp(m->known[i], addr)) {
			if (idx)
				*idx = i;
			return true;
		}
	}
	return false;
}

static int known_add(struct discxfer_monitor *m, const char *addr)
{
	char **grown;

	if (known_has(m, addr, NULL))
		return 0;
	grown = realloc(m->known, (m->n_known + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	m->known = grown;
	m->known[m->n_known] = strdup(addr);
	if (!m->known[m->n_known])
		return -ENOMEM;
	m->n_known++;
	return 0;
}

static void known_del(struct discxfer_monitor *m, const char *addr)
{
	size_t i;

	if (!known_has(m, addr, &i))
		return;
	free(m->known[i]);
	m->known[i] = m->known[--m->n_known];
}

DISCXFER_EXPORT int discxfer_monitor_new(struct discxfer_ctx *ctx,
					 struct discxfer_monitor **ret)
{
	static const char *const subsystems[] = { "scsi", "block", "scsi_generic", "discxfer" };
	struct discxfer_drive_list *list = NULL;
	struct discxfer_monitor *m;
	size_t i;
	int r;

	if (!ret)
		return -EINVAL;
	*ret = NULL;
	if (!ctx)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->refcount = 1;
	m->ctx = discxfer_ctx_ref(ctx);
	r = dx_udev_open(ctx, &m->u);
	if (r < 0)
		goto fail;
	m->mon = m->u->monitor_new_from_netlink(m->u->udev, "udev");
	if (!m->mon) {
		r = errno ? -errno : -EIO;
		goto fail;
	}
	for (i = 0; i < sizeof(subsystems) / sizeof(subsystems[0]); i++) {
		r = m->u->monitor_filter_add_match_subsystem_devtype(m->mon, subsystems[i],
								     NULL);
		if (r < 0)
			goto fail;
	}
	r = m->u->monitor_enable_receiving(m->mon);
	if (r < 0)
		goto fail;
	/* Drives present now, so that their removal is recognised. */
	r = discxfer_ctx_enumerate(ctx, &list);
	if (r < 0)
		goto fail;
	for (i = 0; i < discxfer_drive_list_get_count(list); i++) {
		r = known_add(m, discxfer_drive_get_scsi_address(discxfer_drive_list_get(list, i)));
		if (r < 0)
			goto fail;
	}
	discxfer_drive_list_free(list);
	*ret = m;
	return 0;
fail:
	discxfer_drive_list_free(list);
	discxfer_monitor_unref(m);
	return r < 0 ? r : -EIO;
}

DISCXFER_EXPORT struct discxfer_monitor *discxfer_monitor_ref(struct discxfer_monitor *m)
{
	if (m)
		m->refcount++;
	return m;
}

DISCXFER_EXPORT struct discxfer_monitor *discxfer_monitor_unref(struct discxfer_monitor *m)
{
	size_t i;

	if (!m || --m->refcount > 0)
		return NULL;
	for (i = 0; i < m->n_known; i++)
		free(m->known[i]);
	free(m->known);
	if (m->mon)
		m->u->monitor_unref(m->mon);
	dx_udev_free(m->u);
	discxfer_ctx_unref(m->ctx);
	free(m);
	return NULL;
}

DISCXFER_EXPORT int discxfer_monitor_get_fd(struct discxfer_monitor *m)
{
	if (!m)
		return -EINVAL;
	return m->u->monitor_get_fd(m->mon);
}

static int event_new(enum discxfer_event_type type, const char *addr,
		     struct discxfer_drive *drive, struct discxfer_event **ret)
{
	struct discxfer_event *ev = calloc(1, sizeof(*ev));

	if (!ev)
		return -ENOMEM;
	ev->refcount = 1;
	ev->type = type;
	ev->address = strdup(addr);
	if (!ev->address) {
		free(ev);
		return -ENOMEM;
	}
	ev->drive = discxfer_drive_ref(drive);
	*ret = ev;
	return 0;
}

/* The SCSI device an event is about, or NULL when it is not below one. */
static struct udev_device *scsi_parent(struct dx_udev *u, struct udev_device *dev)
{
	const char *subsystem = u->device_get_subsystem(dev);
	const char *devtype = u->device_get_devtype(dev);

	if (subsystem && devtype && !strcmp(subsystem, "scsi") &&
	    !strcmp(devtype, "scsi_device"))
		return dev;
	return u->device_get_parent_with_subsystem_devtype(dev, "scsi", "scsi_device");
}

static bool has_answer(struct discxfer_drive *drive)
{
	struct discxfer_limits l = { .size = sizeof(l) };

	return discxfer_drive_get_limits(drive, &l) == 0;
}

/* Map one udev event; 0 with *ret NULL when it is not about an optical drive. */
static int map_event(struct discxfer_monitor *m, struct udev_device *dev,
		     struct discxfer_event **ret)
{
	struct dx_udev *u = m->u;
	const char *action = u->device_get_action(dev);
	const char *subsystem = u->device_get_subsystem(dev);
	struct udev_device *sdev;
	struct discxfer_drive *drive = NULL;
	const char *addr;
	bool is_sdev, gone;
	int r;

	*ret = NULL;
	if (!action || !subsystem)
		return 0;
	sdev = scsi_parent(u, dev);
	if (!sdev)
		return 0;
	is_sdev = sdev == dev;
	/* The kernel's name (H:C:T:L), as the drive's address is. */
	addr = dx_udev_kernel_name(u, sdev);
	gone = access(u->device_get_syspath(sdev), F_OK) < 0;

	if (is_sdev && !strcmp(action, "remove")) {
		if (!known_has(m, addr, NULL))
			return 0;
		known_del(m, addr);
		return event_new(DISCXFER_EVENT_REMOVED, addr, NULL, ret);
	}
	if (!strcmp(action, "remove") && !is_sdev) {
		/*
		 * A node or the module's class device went away. When the
		 * drive stays, the answer may have changed (module unloaded).
		 */
		if (gone || strcmp(subsystem, "discxfer"))
			return 0;
	}
	if (gone)
		return 0;
	r = dx_drive_from_syspath(m->ctx, u->device_get_syspath(sdev), &drive);
	if (r == -EMEDIUMTYPE || r == -ENODEV)
		return 0;
	if (r < 0)
		return r;
	if (!discxfer_drive_get_block_node(drive) && !discxfer_drive_get_generic_node(drive) &&
	    !has_answer(drive)) {
		/* Announced before its sr and sg exist: nothing to say yet. */
		discxfer_drive_unref(drive);
		return 0;
	}
	/*
	 * The first event of a drive the monitor does not know is "added",
	 * whichever device it came from: the SCSI device's own add event may
	 * come before its sr or sg node exists, and is then dropped above.
	 */
	if (!known_has(m, addr, NULL)) {
		r = known_add(m, addr);
		if (r == 0)
			r = event_new(DISCXFER_EVENT_ADDED, addr, drive, ret);
	} else {
		r = known_add(m, addr);
		if (r == 0)
			r = event_new(DISCXFER_EVENT_CHANGED, addr, drive, ret);
	}
	discxfer_drive_unref(drive);
	return r;
}

DISCXFER_EXPORT int discxfer_monitor_receive(struct discxfer_monitor *m,
					     struct discxfer_event **ret)
{
	struct udev_device *dev;
	int r;

	if (!ret)
		return -EINVAL;
	*ret = NULL;
	if (!m)
		return -EINVAL;
	for (;;) {
		dev = m->u->monitor_receive_device(m->mon);
		if (!dev)
			return -EAGAIN;
		r = map_event(m, dev, ret);
		m->u->device_unref(dev);
		if (r < 0 || *ret)
			return r;
	}
}

DISCXFER_EXPORT struct discxfer_event *discxfer_event_ref(struct discxfer_event *ev)
{
	if (ev)
		ev->refcount++;
	return ev;
}

DISCXFER_EXPORT struct discxfer_event *discxfer_event_unref(struct discxfer_event *ev)
{
	if (!ev || --ev->refcount > 0)
		return NULL;
	discxfer_drive_unref(ev->drive);
	free(ev->address);
	free(ev);
	return NULL;
}

DISCXFER_EXPORT enum discxfer_event_type discxfer_event_get_type(struct discxfer_event *ev)
{
	return ev ? ev->type : (enum discxfer_event_type)0;
}

DISCXFER_EXPORT const char *discxfer_event_type_to_string(enum discxfer_event_type type)
{
	switch (type) {
	case DISCXFER_EVENT_ADDED:
		return "added";
	case DISCXFER_EVENT_REMOVED:
		return "removed";
	case DISCXFER_EVENT_CHANGED:
		return "changed";
	}
	return "unknown";
}

DISCXFER_EXPORT const char *discxfer_event_get_scsi_address(struct discxfer_event *ev)
{
	return ev ? ev->address : NULL;
}

DISCXFER_EXPORT struct discxfer_drive *discxfer_event_get_drive(struct discxfer_event *ev)
{
	return ev ? ev->drive : NULL;
}
