/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * discxfer.h - how large may one SCSI pass-through command be on an optical drive?
 *
 * libdiscxfer answers, for one optical drive (SCSI peripheral type 4 or 5), the
 * question IMAPI2 answers on Windows with
 * IDiscRecorder2Ex::GetMaximumPageAlignedTransferSize and
 * GetMaximumNonPageAlignedTransferSize: the largest data buffer one SG_IO
 * command may carry when the buffer starts on a page boundary, and when it
 * starts anywhere. The values are guaranteed worst cases: a buffer of that
 * size always fits, whatever physical pages back it.
 *
 * Conventions:
 * - Functions that can fail return 0 (or a count) on success and a negative
 *   errno on failure; errno itself is never part of the interface.
 * - Out-parameters come last and are set to NULL/0 on failure.
 * - Objects are reference counted: *_new() returns a reference of 1, *_ref()
 *   takes another and returns its argument, *_unref() drops one, accepts NULL
 *   and always returns NULL.
 *
 * Threads: the library keeps no global state. A context and every object made
 * from it belong to one thread at a time (a context keeps the libkmod handle
 * it loads, a monitor its libudev objects; neither is thread-safe). Use one context per thread; different contexts may be used
 * in different threads at the same time. Tested under ThreadSanitizer by
 * tests/tsan/tsan-threads.c: 8 threads with a context each list, open and
 * query the same real drives in the kernel rig's guest (make vm-test).
 *
 * Values are read from the kernel at every query and never cached, because a
 * replug, a driver rebind or a root write to sysfs can change them.
 */
#ifndef DISCXFER_H
#define DISCXFER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DISCXFER_EXPORT __attribute__((visibility("default")))
#else
#define DISCXFER_EXPORT
#endif


/** Library context: log routing, and the libkmod handle once it is loaded. */
struct discxfer_ctx;
/** One optical drive: a SCSI device of type 4 (WORM) or 5 (CD/DVD/BD). */
struct discxfer_drive;
/** A list of drives returned by discxfer_ctx_enumerate(). */
struct discxfer_drive_list;

/** Where an answer came from. */
enum discxfer_source {
	/** discxfer.ko's sysfs attributes (exact kernel values). */
	DISCXFER_SOURCE_MODULE = 1,
	/** The block queue limits in sysfs (/sys/block/srN/queue). */
	DISCXFER_SOURCE_QUEUE_LIMITS = 2,
	/**
	 * SG ioctls on /dev/sgN, for a drive with no block device bound. The
	 * hard limit is not visible there; the soft limit (BLKSECTGET) is used
	 * instead, which is never larger, so the answer stays a guarantee.
	 */
	DISCXFER_SOURCE_SG_IOCTL = 3,
	/**
	 * The block queue's own answers, queue/passthrough_max_bytes and
	 * queue/passthrough_max_unaligned_bytes, on a kernel that has them
	 * (the series in upstream/linux/ of the source tree). Tried first;
	 * seg_boundary_mask is then not known, but the kernel applied it.
	 *
	 * Since: 0.2
	 */
	DISCXFER_SOURCE_KERNEL = 4,
};

/** State of the discxfer kernel module, from libkmod. */
enum discxfer_module_state {
	/** Not loaded, and no module of that name is installed. */
	DISCXFER_MODULE_ABSENT = 0,
	/** Installed for the running kernel but not loaded. */
	DISCXFER_MODULE_AVAILABLE = 1,
	/** Loaded. */
	DISCXFER_MODULE_LOADED = 2,
	/** Built into the running kernel. */
	DISCXFER_MODULE_BUILTIN = 3,
};

/** Flags in struct discxfer_limits.flags. */
enum discxfer_limits_flags {
	/**
	 * Only one segment is guaranteed per command (a single-segment host,
	 * or a virt_boundary_mask wider than a page). The page-aligned maximum
	 * is then one page, and the non-page-aligned maximum is the alignment
	 * mask + 1 (never above the page-aligned one): a buffer that is
	 * DMA-aligned but starts inside a page is pinned and must fit in the
	 * rest of that page.
	 */
	DISCXFER_LIMITS_SINGLE_SEGMENT = 1u << 0,
	/** seg_boundary_mask is known (only the module can see it). */
	DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN = 1u << 1,
	/** max_hw_transfer_bytes is the soft limit (source SG_IOCTL). */
	DISCXFER_LIMITS_HW_FROM_SOFT_LIMIT = 1u << 2,
};

/**
 * Every input of the answer and the answer itself.
 *
 * Size-versioned: set @size to sizeof(struct discxfer_limits) before the
 * call. Newer libraries only append fields; they fill no more than @size
 * bytes, and older libraries given a larger @size fill what they know and
 * leave the rest zero.
 */
struct discxfer_limits {
	/** In: sizeof(struct discxfer_limits) as the caller compiled it. */
	uint32_t size;
	/** Out: enum discxfer_source that answered. */
	uint32_t source;
	/** Out: enum discxfer_limits_flags. */
	uint32_t flags;
	/** Out: PAGE_SIZE of the running kernel, bytes. */
	uint32_t page_size;
	/** Out: the hard limit, max_hw_sectors * 512, bytes. */
	uint64_t max_hw_transfer_bytes;
	/** Out: max_segments of the request queue. */
	uint32_t max_segments;
	/** Out: max_segment_size of the request queue, bytes. */
	uint32_t max_segment_size;
	/** Out: seg_boundary_mask (valid with DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN). */
	uint64_t seg_boundary_mask;
	/** Out: virt_boundary_mask (0: none). */
	uint64_t virt_boundary_mask;
	/** Out: dma_alignment | dma_pad_mask (pad only known to the module). */
	uint32_t alignment_mask;
	/** Out: logical block size of the medium/drive, bytes. */
	uint32_t logical_block_size;
	/** Out: the largest buffer starting on a page boundary, bytes. */
	uint32_t max_page_aligned_transfer_bytes;
	/** Out: the largest buffer starting anywhere, bytes. */
	uint32_t max_non_page_aligned_transfer_bytes;
};

/** Priorities for the log function, as in syslog(3). */
enum discxfer_log_priority {
	DISCXFER_LOG_ERR = 3,
	DISCXFER_LOG_INFO = 6,
	DISCXFER_LOG_DEBUG = 7,
};

/** A log handler; @format and @args as in vprintf(3). */
typedef void (*discxfer_log_fn)(struct discxfer_ctx *ctx, int priority,
				const char *file, int line, const char *fn,
				const char *format, va_list args);

/* ---- context ---------------------------------------------------------- */

/**
 * discxfer_ctx_new() - create a library context.
 * @ret: out: the new context (NULL on failure).
 *
 * Returns: 0, -ENOMEM, or -EINVAL when @ret is NULL.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_ctx_new(struct discxfer_ctx **ret);
/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_ctx *discxfer_ctx_ref(struct discxfer_ctx *ctx);
/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_ctx *discxfer_ctx_unref(struct discxfer_ctx *ctx);

/**
 * discxfer_ctx_set_log_fn() - route the library's messages to @fn.
 * @fn: handler, or NULL to drop messages (the default logs nothing).
 * @userdata: kept for discxfer_ctx_get_userdata().
 * @priority: the least important priority passed on.
 * Since: 0.1
 */
DISCXFER_EXPORT void discxfer_ctx_set_log_fn(struct discxfer_ctx *ctx,
					     discxfer_log_fn fn, void *userdata,
					     int priority);
/** Since: 0.1 */
DISCXFER_EXPORT void *discxfer_ctx_get_userdata(struct discxfer_ctx *ctx);

/**
 * discxfer_ctx_get_module_state() - is discxfer.ko loaded, built in, installed?
 * @state: out: enum discxfer_module_state.
 *
 * libkmod is loaded (dlopen) on the first call in a context, not when the
 * program starts.
 *
 * Returns: 0; -EINVAL for NULL arguments; -ENOMEM; -EIO when libkmod fails;
 * -EOPNOTSUPP when libkmod (libkmod.so.2) cannot be loaded.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_ctx_get_module_state(struct discxfer_ctx *ctx,
						  enum discxfer_module_state *state);

/** Since: 0.1. Static string such as "loaded"; "unknown" for other values. */
DISCXFER_EXPORT const char *discxfer_module_state_to_string(enum discxfer_module_state state);
/** Since: 0.1. "kernel" (since 0.2), "module", "queue-limits", "sg-ioctl"; "unknown" otherwise. */
DISCXFER_EXPORT const char *discxfer_source_to_string(enum discxfer_source source);

/* ---- finding drives --------------------------------------------------- */

/**
 * discxfer_drive_new_from_path() - open the drive behind a path.
 * @path: a device node (/dev/srN, /dev/sgN), a symlink to one (/dev/cdrom,
 *        /dev/disk/by-id/...), or a sysfs path of the SCSI device or of any
 *        device below it (/sys/block/sr0, /sys/class/scsi_generic/sg1, ...).
 * @ret: out: the drive.
 *
 * Returns: 0 on success;
 *   -EINVAL: NULL argument, or a regular file / directory that is no device;
 *   -ENOENT: @path does not exist;
 *   -ENODEV: the path is a device, but not a SCSI device (or not below one);
 *   -EMEDIUMTYPE: a SCSI device that is not an optical drive (type not 4/5);
 *   -EIO, -ERANGE: its SCSI type in sysfs is malformed, or out of range;
 *   -ENOMEM; other negative errnos from stat(2) (e.g. -EACCES).
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_drive_new_from_path(struct discxfer_ctx *ctx,
						 const char *path,
						 struct discxfer_drive **ret);

/**
 * discxfer_drive_new_from_devnum() - open the drive behind a device number.
 * @type: 'b' for a block device (srN), 'c' for a character device (sgN).
 * @devnum: the device number.
 *
 * Returns: as discxfer_drive_new_from_path(); -EINVAL for a bad @type.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_drive_new_from_devnum(struct discxfer_ctx *ctx,
						   char type, dev_t devnum,
						   struct discxfer_drive **ret);
/**
 * discxfer_drive_new_from_fd() - the drive behind an open file descriptor.
 * @fd: a descriptor of a device node, as a tool holds after open(2) of
 *      /dev/srN or /dev/sgN (any flags, O_PATH too); it is not closed.
 *
 * Finds the drive by the node's device number (fstat(2)), so the name the
 * node was opened under does not matter.
 *
 * Returns: as discxfer_drive_new_from_devnum(); -EBADF for a negative @fd
 *   or one that is not open; -EINVAL for a descriptor of anything but a
 *   block or character device.
 * Since: 0.2
 */
DISCXFER_EXPORT int discxfer_drive_new_from_fd(struct discxfer_ctx *ctx, int fd,
					       struct discxfer_drive **ret);
/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_drive *discxfer_drive_ref(struct discxfer_drive *drive);
/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_drive *discxfer_drive_unref(struct discxfer_drive *drive);

/**
 * discxfer_ctx_enumerate() - list the machine's optical drives.
 * @ret: out: the list, possibly empty (no drives is not an error).
 *
 * Drives are the SCSI devices of type 4 or 5 that the kernel has now
 * (/sys/bus/scsi/devices), each read once, listed in SCSI address order
 * (host:channel:target:lun), as lsblk lists the disks sysfs shows: whether
 * udev has processed a drive yet does not matter.  A drive removed while
 * the list is made is left out, not an error.
 * Returns: the number of drives (>= 0), -EINVAL, -ENOMEM, or -EIO when sysfs
 * cannot be read.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_ctx_enumerate(struct discxfer_ctx *ctx,
					   struct discxfer_drive_list **ret);
/** Since: 0.1. Number of drives in @list (0 for NULL). */
DISCXFER_EXPORT size_t discxfer_drive_list_get_count(const struct discxfer_drive_list *list);
/** Since: 0.1. Borrowed drive @index of @list (NULL when out of range); ref it to keep it. */
DISCXFER_EXPORT struct discxfer_drive *discxfer_drive_list_get(const struct discxfer_drive_list *list,
							       size_t index);
/** Since: 0.1. Frees the list and drops its references; accepts NULL; returns NULL. */
DISCXFER_EXPORT struct discxfer_drive_list *discxfer_drive_list_free(struct discxfer_drive_list *list);

/* ---- what a drive is -------------------------------------------------- */

/*
 * The strings below are owned by the drive and valid until its last unref.
 * They describe the drive as it was when it was opened; the limits are read
 * anew at every query.
 */

/** Since: 0.1. Sysfs path of the SCSI device (.../H:C:T:L). */
DISCXFER_EXPORT const char *discxfer_drive_get_syspath(struct discxfer_drive *drive);
/** Since: 0.1. SCSI address "H:C:T:L". */
DISCXFER_EXPORT const char *discxfer_drive_get_scsi_address(struct discxfer_drive *drive);
/** Since: 0.1. "/dev/srN", or NULL when no block device is bound. */
DISCXFER_EXPORT const char *discxfer_drive_get_block_node(struct discxfer_drive *drive);
/** Since: 0.1. "/dev/sgN", or NULL when sg is not loaded. */
DISCXFER_EXPORT const char *discxfer_drive_get_generic_node(struct discxfer_drive *drive);
/** Since: 0.1. Vendor from INQUIRY, trimmed; "" when unknown. */
DISCXFER_EXPORT const char *discxfer_drive_get_vendor(struct discxfer_drive *drive);
/** Since: 0.1. Model from INQUIRY, trimmed; "" when unknown. */
DISCXFER_EXPORT const char *discxfer_drive_get_model(struct discxfer_drive *drive);
/** Since: 0.1. SCSI peripheral type: 4 (WORM) or 5 (CD/DVD/BD). */
DISCXFER_EXPORT int discxfer_drive_get_scsi_type(struct discxfer_drive *drive);

/* ---- the query -------------------------------------------------------- */

/**
 * discxfer_drive_get_limits() - every input and both answers, read now.
 * @limits: in: ->size set by the caller; out: filled (up to ->size bytes).
 *
 * Source order: the block queue's own answers where the kernel has them
 * (DISCXFER_SOURCE_KERNEL), else the module's attributes when it is loaded,
 * else the block queue limits in sysfs, else SG ioctls on the generic node.
 *
 * Returns: 0;
 *   -EINVAL: NULL argument, or ->size smaller than the 0.1 layout;
 *   -ENODEV: the drive is gone (unplugged since it was opened);
 *   -ENXIO: neither sr nor sg is bound to the drive (yet);
 *   -EIO: a value is missing or not a number;
 *   -ERANGE: a value is out of range (zero, too large, page size not a
 *            power of two);
 *   -EACCES/-EPERM: SG ioctls needed but the node cannot be opened.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_drive_get_limits(struct discxfer_drive *drive,
					      struct discxfer_limits *limits);

/**
 * discxfer_drive_get_limits_from() - the answer of one source only, to
 * compare the sources (discxfer get --source).
 * @source: the source to read; the others are not tried.
 * @limits: as discxfer_drive_get_limits().
 *
 * Returns: 0; -ENOENT: that source has no answer for this drive (the
 *   kernel has no such attributes, the module is not loaded, no block
 *   device or no generic node is bound); -EINVAL also for a @source that
 *   is none of enum discxfer_source; else as discxfer_drive_get_limits().
 * Since: 0.2
 */
DISCXFER_EXPORT int discxfer_drive_get_limits_from(struct discxfer_drive *drive,
						   enum discxfer_source source,
						   struct discxfer_limits *limits);

/**
 * discxfer_drive_get_max_page_aligned_transfer_size() - the largest buffer,
 * starting on a page boundary, that one SG_IO command may carry.
 * @bytes: out: the size in bytes (0 on failure).
 *
 * Returns: as discxfer_drive_get_limits().
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_drive_get_max_page_aligned_transfer_size(struct discxfer_drive *drive,
								      uint32_t *bytes);

/**
 * discxfer_drive_get_max_non_page_aligned_transfer_size() - the largest
 * buffer, starting anywhere, that one SG_IO command may carry.
 * @bytes: out: the size in bytes (0 on failure).
 *
 * Returns: as discxfer_drive_get_limits().
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_drive_get_max_non_page_aligned_transfer_size(struct discxfer_drive *drive,
									  uint32_t *bytes);

/**
 * discxfer_compute_limits() - the formula alone, for callers that have the
 * inputs already (and for tests).
 * @limits: in: ->size, ->page_size, ->max_hw_transfer_bytes, ->max_segments,
 *          ->max_segment_size, ->seg_boundary_mask (with ->flags bit
 *          DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN), ->virt_boundary_mask,
 *          ->alignment_mask, ->logical_block_size;
 *          out: both maxima and DISCXFER_LIMITS_SINGLE_SEGMENT.
 *
 * Returns: 0; -EINVAL for NULL or a too small ->size; -ERANGE for zero page
 * size, hard limit, segment count, segment size or block size, or a page size
 * that is not a power of two.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_compute_limits(struct discxfer_limits *limits);

/* ---- watching drives -------------------------------------------------- */

/**
 * A monitor reports optical drives that appear, disappear, or whose answer
 * may have changed, from udev's event stream (the "udev" netlink group, so
 * after udev has processed the event, with the properties it added).
 *
 * "changed" fires for every event the kernel announces that can change the
 * answer: the discxfer module's class device appearing or going away (module
 * load or unload), a change event on the drive's nodes, a driver bind or
 * unbind. The kernel does NOT announce every limit change: a root write to
 * usb-storage's device/max_sectors or to queue/max_sectors_kb is silent.
 * Callers that must be exact re-query before each long transfer; queries
 * are cheap (see README, "Speed").
 *
 * "added" is the first event of a drive the monitor did not know (drives
 * present when it was created are known), once the drive has an answer: a
 * SCSI device announced before its sr and sg nodes exist is reported with
 * its first node. "removed" comes once, with the SCSI device's removal.
 */
struct discxfer_monitor;
/** One event received from a monitor. */
struct discxfer_event;

enum discxfer_event_type {
	DISCXFER_EVENT_ADDED = 1,
	DISCXFER_EVENT_REMOVED = 2,
	DISCXFER_EVENT_CHANGED = 3,
};

/**
 * discxfer_monitor_new() - start listening for drive events.
 *
 * libudev (libudev.so.1) is loaded for the monitor, and only then.
 *
 * Returns: 0; -EINVAL; -ENOMEM; -EOPNOTSUPP when libudev.so.1 cannot be
 * loaded; or the negative errno of the netlink socket (e.g. -EPERM,
 * -EPROTONOSUPPORT in a container without uevents).
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_monitor_new(struct discxfer_ctx *ctx,
					 struct discxfer_monitor **ret);
/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_monitor *discxfer_monitor_ref(struct discxfer_monitor *mon);
/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_monitor *discxfer_monitor_unref(struct discxfer_monitor *mon);
/**
 * discxfer_monitor_get_fd() - a file descriptor to poll(2) for POLLIN.
 * Returns: the descriptor (>= 0; owned by the monitor) or -EINVAL.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_monitor_get_fd(struct discxfer_monitor *mon);
/**
 * discxfer_monitor_receive() - take the next event, without blocking.
 * @ret: out: the event, or NULL.
 *
 * Returns: 0 with an event; -EAGAIN when nothing (relevant) is pending;
 * -EINVAL; -ENOMEM.
 * Since: 0.1
 */
DISCXFER_EXPORT int discxfer_monitor_receive(struct discxfer_monitor *mon,
					     struct discxfer_event **ret);

/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_event *discxfer_event_ref(struct discxfer_event *ev);
/** Since: 0.1 */
DISCXFER_EXPORT struct discxfer_event *discxfer_event_unref(struct discxfer_event *ev);
/** Since: 0.1 */
DISCXFER_EXPORT enum discxfer_event_type discxfer_event_get_type(struct discxfer_event *ev);
/** Since: 0.1. "added", "removed", "changed"; "unknown" otherwise. */
DISCXFER_EXPORT const char *discxfer_event_type_to_string(enum discxfer_event_type type);
/** Since: 0.1. The drive's SCSI address "H:C:T:L" (also for removed drives). */
DISCXFER_EXPORT const char *discxfer_event_get_scsi_address(struct discxfer_event *ev);
/**
 * discxfer_event_get_drive() - the drive the event is about.
 * Returns: a borrowed drive (ref it to keep it), or NULL for "removed".
 * Since: 0.1
 */
DISCXFER_EXPORT struct discxfer_drive *discxfer_event_get_drive(struct discxfer_event *ev);

#ifdef __cplusplus
}
#endif

#endif /* DISCXFER_H */
