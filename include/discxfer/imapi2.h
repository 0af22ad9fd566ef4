/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * discxfer/imapi2.h - IMAPI2-shaped transfer-size queries for code ported
 * from Windows (IDiscRecorder2Ex). Each call returns an HRESULT:
 *   S_OK       the value was stored;
 *   E_POINTER  @drive or @value is NULL;
 *   E_FAIL     any other failure (the drive is gone, sysfs unreadable, ...);
 *              use the discxfer_drive_* calls for the errno.
 * Values saturate at ULONG_MAX (0xffffffff), as IMAPI's ULONG does.
 */
#ifndef DISCXFER_IMAPI2_H
#define DISCXFER_IMAPI2_H

#include <stdint.h>

#include "../discxfer.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef DISCXFER_HAVE_WINDOWS_TYPES
typedef int32_t HRESULT;
typedef uint32_t ULONG;
#endif
#ifndef S_OK
#define S_OK ((HRESULT)0)
#endif
#ifndef E_POINTER
#define E_POINTER ((HRESULT)0x80004003)
#endif
#ifndef E_FAIL
#define E_FAIL ((HRESULT)0x80004005)
#endif

/** Since: 0.1. IDiscRecorder2Ex::GetMaximumPageAlignedTransferSize. */
DISCXFER_EXPORT HRESULT
discxfer_IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(struct discxfer_drive *drive,
							    ULONG *value);
/** Since: 0.1. IDiscRecorder2Ex::GetMaximumNonPageAlignedTransferSize. */
DISCXFER_EXPORT HRESULT
discxfer_IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(struct discxfer_drive *drive,
							       ULONG *value);
/**
 * Since: 0.1. IDiscRecorder2Ex::GetByteAlignmentMask: the buffer alignment
 * below which the kernel copies instead of mapping (dma_alignment | pad).
 */
DISCXFER_EXPORT HRESULT
discxfer_IDiscRecorder2Ex_GetByteAlignmentMask(struct discxfer_drive *drive,
					       ULONG *value);

#ifdef __cplusplus
}
#endif

#endif
