/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * discxfer: every kernel version difference the module depends on, each
 * behind one small helper.  Checked against Debian's linux-source-6.1
 * (6.1.192) and linux-source-6.12 (6.12.95).
 *
 *  - v6.4 dropped the struct class_interface * argument of the
 *    class_interface add_dev and remove_dev callbacks.
 *  - v6.9 added the atomic queue limits API: every writer of q->limits
 *    holds q->limits_lock (queue_limits_start_update() takes it,
 *    queue_limits_commit_update() stores the new limits and drops it;
 *    queue_limits_set() likewise).  Before v6.9 nothing guards q->limits;
 *    each field is read once with READ_ONCE() and a set read while a driver
 *    reconfigures the queue may mix old and new values.
 *  - v6.11 moved dma_pad_mask from struct request_queue into struct
 *    queue_limits ("block: move dma_pad_mask into queue_limits"); since
 *    then it is written under q->limits_lock like the other limits.
 */
#ifndef DISCXFER_COMPAT_H
#define DISCXFER_COMPAT_H

#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/version.h>

/*
 * The one place that compares kernel versions: true when building against
 * kernel @major.@minor or newer.
 */
#define DISCXFER_SINCE(major, minor) \
	(KERNEL_VERSION(major, minor, 0) <= LINUX_VERSION_CODE)

/*
 * discxfer_intf_add() / discxfer_intf_remove(): the class_interface
 * callbacks, with the signature this kernel expects, forwarding to the
 * module's discxfer_add_dev() / discxfer_remove_dev().
 */
static int discxfer_add_dev(struct device *cl_dev);
static void discxfer_remove_dev(struct device *cl_dev);

#if DISCXFER_SINCE(6, 4)
static int discxfer_intf_add(struct device *cl_dev)
{
	return discxfer_add_dev(cl_dev);
}

static void discxfer_intf_remove(struct device *cl_dev)
{
	discxfer_remove_dev(cl_dev);
}
#else
static int discxfer_intf_add(struct device *cl_dev,
			     struct class_interface *intf)
{
	return discxfer_add_dev(cl_dev);
}

static void discxfer_intf_remove(struct device *cl_dev,
				 struct class_interface *intf)
{
	discxfer_remove_dev(cl_dev);
}
#endif

/*
 * discxfer_limits_lock() / discxfer_limits_unlock() bracket a read of
 * q->limits: the writers' lock on v6.9+, nothing before.
 */
#if DISCXFER_SINCE(6, 9)
static inline void discxfer_limits_lock(struct request_queue *q)
	__acquires(&q->limits_lock)
{
	mutex_lock(&q->limits_lock);
}

static inline void discxfer_limits_unlock(struct request_queue *q)
	__releases(&q->limits_lock)
{
	mutex_unlock(&q->limits_lock);
}
#else
static inline void discxfer_limits_lock(struct request_queue *q)
{
}

static inline void discxfer_limits_unlock(struct request_queue *q)
{
}
#endif

/* dma_pad_mask, wherever this kernel keeps it; call under the limits lock. */
static inline unsigned int discxfer_dma_pad_mask(struct request_queue *q)
{
#if DISCXFER_SINCE(6, 11)
	return READ_ONCE(q->limits.dma_pad_mask);
#else
	return READ_ONCE(q->dma_pad_mask);
#endif
}

#endif /* DISCXFER_COMPAT_H */
