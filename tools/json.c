// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The JSON the command prints: one drive's object for `get --json` and each
 * element of `list --json`, and the string writer `monitor --json` shares.
 * Its own file so that tests/fuzz/fuzz-json.c can feed it any bytes.
 */
#include <inttypes.h>
#include <stdio.h>

#include "discxfer.h"
#include "commands.h"

/*
 * A JSON string of any bytes: the output is ASCII, and every byte reads
 * back as one character of the same value (ISO 8859-1). INQUIRY strings
 * are ASCII by the standard; a device's other bytes are not guessed to be
 * UTF-8, which they need not be, and raw they would not be valid JSON.
 */
void discxfer_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x80)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void discxfer_json_limits(FILE *f, struct discxfer_drive *drive,
			  const struct discxfer_limits *l)
{
	fprintf(f, "{\"scsi_address\":");
	discxfer_json_string(f, discxfer_drive_get_scsi_address(drive));
	fprintf(f, ",\"block_node\":");
	if (discxfer_drive_get_block_node(drive))
		discxfer_json_string(f, discxfer_drive_get_block_node(drive));
	else
		fprintf(f, "null");
	fprintf(f, ",\"generic_node\":");
	if (discxfer_drive_get_generic_node(drive))
		discxfer_json_string(f, discxfer_drive_get_generic_node(drive));
	else
		fprintf(f, "null");
	fprintf(f, ",\"vendor\":");
	discxfer_json_string(f, discxfer_drive_get_vendor(drive));
	fprintf(f, ",\"model\":");
	discxfer_json_string(f, discxfer_drive_get_model(drive));
	fprintf(f, ",\"scsi_type\":%d", discxfer_drive_get_scsi_type(drive));
	fprintf(f, ",\"source\":\"%s\"",
		discxfer_source_to_string((enum discxfer_source)l->source));
	fprintf(f, ",\"max_page_aligned_transfer_bytes\":%" PRIu32,
		l->max_page_aligned_transfer_bytes);
	fprintf(f, ",\"max_non_page_aligned_transfer_bytes\":%" PRIu32,
		l->max_non_page_aligned_transfer_bytes);
	fprintf(f, ",\"max_hw_transfer_bytes\":%" PRIu64, l->max_hw_transfer_bytes);
	fprintf(f, ",\"max_segments\":%" PRIu32, l->max_segments);
	fprintf(f, ",\"max_segment_size\":%" PRIu32, l->max_segment_size);
	fprintf(f, ",\"alignment_mask\":%" PRIu32, l->alignment_mask);
	if (l->flags & DISCXFER_LIMITS_SEG_BOUNDARY_KNOWN)
		fprintf(f, ",\"seg_boundary_mask\":%" PRIu64, l->seg_boundary_mask);
	else
		fprintf(f, ",\"seg_boundary_mask\":null");
	fprintf(f, ",\"virt_boundary_mask\":%" PRIu64, l->virt_boundary_mask);
	fprintf(f, ",\"logical_block_size\":%" PRIu32, l->logical_block_size);
	fprintf(f, ",\"page_size\":%" PRIu32, l->page_size);
	fprintf(f, ",\"single_segment\":%s",
		l->flags & DISCXFER_LIMITS_SINGLE_SEGMENT ? "true" : "false");
	fprintf(f, ",\"hw_from_soft_limit\":%s}",
		l->flags & DISCXFER_LIMITS_HW_FROM_SOFT_LIMIT ? "true" : "false");
}
