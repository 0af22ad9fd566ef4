// SPDX-License-Identifier: GPL-2.0-only
/*
 * discxfer: how large may one SG_IO command be on an optical drive?
 *
 * For every SCSI device of type TYPE_ROM or TYPE_WORM this module adds a
 * device of its own class "discxfer", named like the SCSI device and parented
 * to it, so that it appears at <scsi_device>/discxfer/<H:C:T:L> and at
 * /sys/class/discxfer/<H:C:T:L>.  Its read-only attributes report the
 * request queue's limits and, through the formula in discxfer_formula.h, the
 * largest buffer one command may carry when it starts on a page boundary and
 * when it starts anywhere.  Every value is read from the queue when the
 * attribute is read; nothing is cached.  The attributes are documented in
 * Documentation/ABI/testing/sysfs-class-discxfer.
 *
 * Lifetime and locking, for everything another thread can reach:
 *
 *  - The class is allocated by the driver core (class_create()), not static:
 *    the release of its kobject may run after this module is gone (it is
 *    delayed, always under CONFIG_DEBUG_KOBJECT_RELEASE, and whenever
 *    someone else still holds a reference), and then reads the struct class
 *    and calls its class_release; both must not be in module memory.  The
 *    driver core's class_create_release() frees it.  The pointer
 *    discxfer_class is written by init before the interface is registered
 *    and only read after, until exit has unregistered the interface.
 *  - discxfer_interface is static: class_interface_unregister() is
 *    synchronous and keeps no reference.  Init creates the class, then
 *    registers the interface; exit unregisters them in the reverse order,
 *    so the interface's remove_dev has removed every class device before the
 *    class goes away.  The class devices are created with device_create(),
 *    whose release function is the driver core's, not ours, so a delayed
 *    release of one of them reaches no module code or data either.
 *  - add_dev and remove_dev run under the subsystem mutex of the SCSI
 *    "scsi_device" class: the driver core holds it around every
 *    class_interface callback, at interface (un)registration and at
 *    device_add()/device_del() of sdev->sdev_dev.  Creating and removing our
 *    device for one SCSI device is therefore never concurrent.
 *  - Our device holds a reference to its parent, sdev->sdev_gendev (taken by
 *    device_add()), so the scsi_device outlives it.
 *  - Attribute reads against removal: a show() runs while kernfs holds an
 *    active reference on the attribute; device_unregister() in remove_dev
 *    removes the attributes and waits until running show()s have returned.
 *    remove_dev runs from __scsi_remove_device() before the request queue
 *    is destroyed, so every show() sees a live sdev->request_queue.
 *  - q->limits: read under q->limits_lock on kernels that have it (v6.9+),
 *    field by field with READ_ONCE() before (see discxfer_compat.h).
 *  - block_node and generic_node walk the SCSI device's children with
 *    device_for_each_child(), which holds a reference on each child while
 *    the callback reads its class and name.
 *  - remove_dev finds our device with class_find_device(), which returns it
 *    with a reference that is dropped after device_unregister().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_driver.h>
#include <scsi/scsi_proto.h>

#include "discxfer_compat.h"
#include "discxfer_formula.h"

static struct class *discxfer_class;

/* Our device's parent is sdev->sdev_gendev (see discxfer_add_dev()). */
static struct request_queue *discxfer_queue(struct device *dev)
{
	return to_scsi_device(dev->parent)->request_queue;
}

/* One snapshot of the queue limits the formula needs. */
static void discxfer_read_limits(struct device *dev,
				 struct discxfer_formula_in *in)
{
	struct request_queue *q = discxfer_queue(dev);

	discxfer_limits_lock(q);
	in->max_hw_bytes = (u64)READ_ONCE(q->limits.max_hw_sectors) <<
			   SECTOR_SHIFT;
	in->seg_boundary_mask = READ_ONCE(q->limits.seg_boundary_mask);
	in->virt_boundary_mask = READ_ONCE(q->limits.virt_boundary_mask);
	in->max_segments = READ_ONCE(q->limits.max_segments);
	in->max_segment_size = READ_ONCE(q->limits.max_segment_size);
	in->alignment_mask = READ_ONCE(q->limits.dma_alignment) |
			     discxfer_dma_pad_mask(q);
	in->logical_block_size = READ_ONCE(q->limits.logical_block_size);
	discxfer_limits_unlock(q);
	in->page_size = PAGE_SIZE;
}

static int discxfer_compute(struct device *dev,
			    struct discxfer_formula_out *out)
{
	struct discxfer_formula_in in;

	discxfer_read_limits(dev, &in);
	return discxfer_formula(&in, out);
}

/* An attribute that prints one result of the formula. */
#define DISCXFER_RESULT_ATTR(_name, _field)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct discxfer_formula_out out;				\
	int ret = discxfer_compute(dev, &out);				\
									\
	return ret ? ret : sysfs_emit(buf, "%u\n", out._field);	\
}									\
static DEVICE_ATTR_RO(_name)

DISCXFER_RESULT_ATTR(max_page_aligned_transfer_bytes, page_aligned);
DISCXFER_RESULT_ATTR(max_non_page_aligned_transfer_bytes, non_page_aligned);

/* An attribute that prints one field of the limits snapshot. */
#define DISCXFER_LIMIT_ATTR(_name, _fmt, _field)			\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct discxfer_formula_in in;					\
									\
	discxfer_read_limits(dev, &in);					\
	return sysfs_emit(buf, _fmt "\n", in._field);			\
}									\
static DEVICE_ATTR_RO(_name)

DISCXFER_LIMIT_ATTR(max_hw_transfer_bytes, "%llu", max_hw_bytes);
DISCXFER_LIMIT_ATTR(max_segments, "%u", max_segments);
DISCXFER_LIMIT_ATTR(max_segment_size, "%u", max_segment_size);
DISCXFER_LIMIT_ATTR(alignment_mask, "0x%x", alignment_mask);
DISCXFER_LIMIT_ATTR(seg_boundary_mask, "0x%llx", seg_boundary_mask);
DISCXFER_LIMIT_ATTR(virt_boundary_mask, "0x%llx", virt_boundary_mask);
DISCXFER_LIMIT_ATTR(logical_block_size, "%u", logical_block_size);
DISCXFER_LIMIT_ATTR(page_size, "%u", page_size);

/*
 * Every input and both answers from ONE snapshot of the queue limits, in a
 * fixed order (Documentation/ABI/testing/sysfs-class-discxfer), so that a
 * reader gets a consistent set with one open and one read instead of ten.
 */
static ssize_t limits_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct discxfer_formula_in in;
	struct discxfer_formula_out out;
	int ret;

	discxfer_read_limits(dev, &in);
	ret = discxfer_formula(&in, &out);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%llu %u %u %llu %llu %u %u %u %u %u\n",
			  in.max_hw_bytes, in.max_segments,
			  in.max_segment_size, in.seg_boundary_mask,
			  in.virt_boundary_mask, in.alignment_mask,
			  in.logical_block_size, in.page_size,
			  out.page_aligned, out.non_page_aligned);
}
static DEVICE_ATTR_RO(limits);

struct discxfer_node {
	const char *class_name;	/* "block" or "scsi_generic" */
	char *buf;
	ssize_t len;
};

static int discxfer_emit_node(struct device *child, void *data)
{
	struct discxfer_node *node = data;

	if (!child->class || strcmp(child->class->name, node->class_name))
		return 0;
	node->len = sysfs_emit(node->buf, "%s\n", dev_name(child));
	return 1;
}

/* The name of the SCSI device's child of class @class_name, or "\n". */
static ssize_t discxfer_node_show(struct device *dev, const char *class_name,
				  char *buf)
{
	struct discxfer_node node = {
		.class_name = class_name,
		.buf = buf,
	};

	if (!device_for_each_child(dev->parent, &node, discxfer_emit_node))
		return sysfs_emit(buf, "\n");
	return node.len;
}

static ssize_t block_node_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return discxfer_node_show(dev, "block", buf);
}
static DEVICE_ATTR_RO(block_node);

static ssize_t generic_node_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return discxfer_node_show(dev, "scsi_generic", buf);
}
static DEVICE_ATTR_RO(generic_node);

static struct attribute *discxfer_attrs[] = {
	&dev_attr_max_page_aligned_transfer_bytes.attr,
	&dev_attr_max_non_page_aligned_transfer_bytes.attr,
	&dev_attr_max_hw_transfer_bytes.attr,
	&dev_attr_max_segments.attr,
	&dev_attr_max_segment_size.attr,
	&dev_attr_alignment_mask.attr,
	&dev_attr_seg_boundary_mask.attr,
	&dev_attr_virt_boundary_mask.attr,
	&dev_attr_logical_block_size.attr,
	&dev_attr_page_size.attr,
	&dev_attr_limits.attr,
	&dev_attr_block_node.attr,
	&dev_attr_generic_node.attr,
	NULL
};
ATTRIBUTE_GROUPS(discxfer);

/* @cl_dev is sdev->sdev_dev, the SCSI device's "scsi_device" class device. */
static int discxfer_add_dev(struct device *cl_dev)
{
	struct scsi_device *sdev = to_scsi_device(cl_dev->parent);
	struct device *dev;

	if (sdev->type != TYPE_ROM && sdev->type != TYPE_WORM)
		return 0;

	dev = device_create(discxfer_class, &sdev->sdev_gendev, MKDEV(0, 0),
			    NULL, "%s", dev_name(&sdev->sdev_gendev));
	if (IS_ERR(dev)) {
		dev_warn(&sdev->sdev_gendev, "cannot add discxfer device: %pe\n",
			 dev);
		return PTR_ERR(dev);
	}
	return 0;
}

static int discxfer_match_parent(struct device *dev, const void *parent)
{
	return dev->parent == parent;
}

static void discxfer_remove_dev(struct device *cl_dev)
{
	struct device *dev;

	dev = class_find_device(discxfer_class, NULL, cl_dev->parent,
				discxfer_match_parent);
	if (!dev)
		return;
	device_unregister(dev);
	put_device(dev);	/* the reference class_find_device() took */
}

static struct class_interface discxfer_interface = {
	.add_dev = discxfer_intf_add,
	.remove_dev = discxfer_intf_remove,
};

static void discxfer_unregister_class(void)
{
	class_destroy(discxfer_class);
}

static void discxfer_unregister_interface(void)
{
	scsi_unregister_interface(&discxfer_interface);
}

static int __init discxfer_init(void)
{
	int ret;

	discxfer_class = discxfer_class_create("discxfer");
	if (IS_ERR(discxfer_class)) {
		ret = PTR_ERR(discxfer_class);
		pr_err("cannot register class: %d\n", ret);
		return ret;
	}
	/* Before any device of the class exists (the interface adds them). */
	discxfer_class->dev_groups = discxfer_groups;

	/* Calls discxfer_add_dev() for every SCSI device present. */
	ret = scsi_register_interface(&discxfer_interface);
	if (ret) {
		pr_err("cannot register SCSI interface: %d\n", ret);
		goto err_unregister_class;
	}
	return 0;

err_unregister_class:
	discxfer_unregister_class();
	return ret;
}

static void __exit discxfer_exit(void)
{
	/* Calls discxfer_remove_dev() for every SCSI device present. */
	discxfer_unregister_interface();
	discxfer_unregister_class();
}

module_init(discxfer_init);
module_exit(discxfer_exit);

MODULE_DESCRIPTION("Largest SG_IO transfer per command for optical drives, in sysfs");
MODULE_AUTHOR("The discxfer authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(DISCXFER_VERSION);
