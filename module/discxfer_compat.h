/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * discxfer: every kernel API difference the module depends on, each behind
 * one small helper.  Which API a kernel has is found in its headers by the
 * top-level Kbuild (not by version number: distribution kernels backport),
 * which defines:
 *
 *  - DISCXFER_CLASS_CREATE_TAKES_OWNER: class_create() takes the owning
 *    module as well (before v6.4, "driver core: class: remove module * from
 *    class_create()").
 *  - DISCXFER_INTF_TAKES_INTF: the class_interface add_dev and remove_dev
 *    callbacks take the struct class_interface * as well (before v6.4).
 *  - DISCXFER_HAVE_LIMITS_LOCK: the atomic queue limits API (v6.9): every
 *    writer of q->limits holds q->limits_lock (queue_limits_start_update()
 *    takes it, queue_limits_commit_update() stores the new limits and drops
 *    it; queue_limits_set() likewise).  Without it nothing guards q->limits;
 *    each field is read once with READ_ONCE() and a set read while a driver
 *    reconfigures the queue may mix old and new values.
 *  - DISCXFER_PAD_IN_LIMITS: dma_pad_mask is in struct queue_limits (v6.11,
 *    "block: move dma_pad_mask into queue_limits"), written under
 *    q->limits_lock like the other limits; before, in struct request_queue.
 *
 * Checked against Debian's linux-source-6.1 (6.1.192), linux-source-6.12
 * (6.12.95) and linux-source-7.3 (7.3.4), which needs nothing new: its
 * class_interface, limits_lock and dma_pad_mask are those of 6.12.
 */
#ifndef DISCXFER_COMPAT_H
#define DISCXFER_COMPAT_H

#include <linux/blkdev.h>
#include <linux/device.h>

/* discxfer_class_create(): class_create() of this kernel. */
#ifdef DISCXFER_CLASS_CREATE_TAKES_OWNER
#define discxfer_class_create(name) class_create(THIS_MODULE, name)
#else
#define discxfer_class_create(name) class_create(name)
#endif

/*
 * discxfer_intf_add() / discxfer_intf_remove(): the class_interface
 * callbacks, with the signature this kernel expects, forwarding to the
 * module's discxfer_add_dev() / discxfer_remove_dev().
 */
static int discxfer_add_dev(struct device *cl_dev);
static void discxfer_remove_dev(struct device *cl_dev);

#ifdef DISCXFER_INTF_TAKES_INTF
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
#else
static int discxfer_intf_add(struct device *cl_dev)
{
	return discxfer_add_dev(cl_dev);
}

static void discxfer_intf_remove(struct device *cl_dev)
{
	discxfer_remove_dev(cl_dev);
}
#endif

/*
 * discxfer_limits_lock() / discxfer_limits_unlock() bracket a read of
 * q->limits: the writers' lock where there is one, nothing before.
 */
#ifdef DISCXFER_HAVE_LIMITS_LOCK
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
#ifdef DISCXFER_PAD_IN_LIMITS
	return READ_ONCE(q->limits.dma_pad_mask);
#else
	return READ_ONCE(q->dma_pad_mask);
#endif
}

#endif /* DISCXFER_COMPAT_H */
