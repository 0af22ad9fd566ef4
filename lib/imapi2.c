// SPDX-License-Identifier: LGPL-2.1-or-later
/* The IMAPI2-shaped calls: HRESULTs over the discxfer_drive_* queries. */
#include "discxfer/imapi2.h"
#include "internal.h"

uint32_t dx_saturate_ulong(uint64_t value)
{
	return value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

static HRESULT imapi_query(struct discxfer_drive *drive, ULONG *value, int which)
{
	struct discxfer_limits l;
	uint64_t v;

	if (!drive || !value)
		return E_POINTER;
	*value = 0;
	l.size = sizeof(l);
	if (discxfer_drive_get_limits(drive, &l) < 0)
		return E_FAIL;
	switch (which) {
	case 0:
		v = l.max_page_aligned_transfer_bytes;
		break;
	case 1:
		v = l.max_non_page_aligned_transfer_bytes;
		break;
	default:
		v = l.alignment_mask;
		break;
	}
	*value = dx_saturate_ulong(v);
	return S_OK;
}

DISCXFER_EXPORT HRESULT
discxfer_IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(struct discxfer_drive *drive,
							    ULONG *value)
{
	return imapi_query(drive, value, 0);
}

DISCXFER_EXPORT HRESULT
discxfer_IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(struct discxfer_drive *drive,
							       ULONG *value)
{
	return imapi_query(drive, value, 1);
}

DISCXFER_EXPORT HRESULT
discxfer_IDiscRecorder2Ex_GetByteAlignmentMask(struct discxfer_drive *drive,
					       ULONG *value)
{
	return imapi_query(drive, value, 2);
}
