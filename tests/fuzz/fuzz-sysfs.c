// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-sysfs: the parsers of every sysfs value the library reads.
 *
 * - Numbers (queue limits, the module's attributes, the SCSI type), by
 *   dx_parse_u64() and dx_parse_u32(), against the format as lib/sysfs.c
 *   documents it, restated here without the library's code: an optional
 *   0x/0X, at least one digit of that base, at most one trailing newline,
 *   nothing else (-EIO); a value that does not fit is -ERANGE; on failure
 *   the out-parameter is 0. A success also reads back from its decimal and
 *   hex renderings.
 * - The same bytes as a file, through dx_read_u64_at()/dx_read_u32_at()
 *   (the module's attributes are read that way): the whole file is the
 *   value, NUL bytes included, and a file too long for the reader's buffer
 *   is -EIO, never a shorter number.
 * - The INQUIRY strings (vendor, model), by dx_dup_trimmed(): leading
 *   spaces, trailing spaces and newlines go, nothing else changes.
 * - The module's one-line "limits", by dx_parse_u64_list() for ten fields:
 *   a success means the text is ten runs of decimal digits separated by
 *   single spaces with at most one trailing newline, and the values
 *   rendered the same way parse back equal; a failure zeroes the values.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>

#include "fuzz.h"
#include "internal.h"

/* dx_read_file()'s buffer in dx_read_u64_at() holds 63 bytes and a NUL. */
#define FILE_VALUE_MAX 63

static char dir[64];

static int digit(unsigned char c, unsigned int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The documented format, over @n bytes (which may hold NULs). */
static int expect_u64(const uint8_t *s, size_t n, uint64_t *v)
{
	static const char u64_max[] = "18446744073709551615";
	unsigned int base = 10;
	size_t i = 0, first, end = n, j;

	*v = 0;
	if (end && s[end - 1] == '\n')
		end--;
	if (end >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == end)
		return -EIO;
	for (j = i; j < end; j++)
		if (digit(s[j], base) < 0)
			return -EIO;
	for (first = i; first + 1 < end && s[first] == '0'; first++)
		;
	if (base == 16 && end - first > 16)
		return -ERANGE;
	if (base == 10 && (end - first > 20 ||
			   (end - first == 20 && memcmp(s + first, u64_max, 20) > 0)))
		return -ERANGE;
	for (j = first; j < end; j++)
		*v = *v * base + (uint64_t)digit(s[j], base);
	return 0;
}

static int expect_u32(int r64, uint64_t v64, uint32_t *v)
{
	*v = 0;
	if (r64 < 0)
		return r64;
	if (v64 > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)v64;
	return 0;
}

static void check_text(const uint8_t *data, size_t size)
{
	size_t len = strnlen((const char *)data, size);
	char *text = strndup((const char *)data, len), again[32];
	uint64_t v64 = 1, want64, back;
	uint32_t v32 = 1, want32;
	int r, want;

	if (!text)
		abort();
	want = expect_u64(data, len, &want64);
	r = dx_parse_u64(text, &v64);
	PROPERTY(r == want && v64 == want64, "dx_parse_u64(\"%s\") = %d, %" PRIu64
		 "; expected %d, %" PRIu64, text, r, v64, want, want64);
	if (r == 0) {
		snprintf(again, sizeof(again), "%" PRIu64 "\n", v64);
		PROPERTY(dx_parse_u64(again, &back) == 0 && back == v64, "%s", again);
		snprintf(again, sizeof(again), "0x%" PRIx64, v64);
		PROPERTY(dx_parse_u64(again, &back) == 0 && back == v64, "%s", again);
	}
	want = expect_u32(want, want64, &want32);
	r = dx_parse_u32(text, &v32);
	PROPERTY(r == want && v32 == want32, "dx_parse_u32(\"%s\") = %d, %" PRIu32
		 "; expected %d, %" PRIu32, text, r, v32, want, want32);
	free(text);
}

static void check_file(const uint8_t *data, size_t size)
{
	char path[128];
	uint64_t v64 = 1, want64 = 0;
	uint32_t v32 = 1, want32;
	int fd, r, want;

	snprintf(path, sizeof(path), "%s/value", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) < 0) {
		perror(path);
		abort();
	}
	want = size > FILE_VALUE_MAX ? -EIO : expect_u64(data, size, &want64);
	r = dx_read_u64_at(dir, "value", &v64);
	PROPERTY(r == want && v64 == want64, "dx_read_u64_at() of %zu bytes = %d, %" PRIu64
		 "; expected %d, %" PRIu64, size, r, v64, want, want64);
	want = expect_u32(want, want64, &want32);
	r = dx_read_u32_at(dir, "value", &v32);
	PROPERTY(r == want && v32 == want32, "dx_read_u32_at() of %zu bytes = %d, %" PRIu32
		 "; expected %d, %" PRIu32, size, r, v32, want, want32);
	PROPERTY(dx_read_u64_at(dir, "absent", &v64) == -ENOENT && v64 == 0, "absent file");
}

static void check_trim(const uint8_t *data, size_t size)
{
	size_t len = strnlen((const char *)data, size), start = 0, end = len;
	char *text = strndup((const char *)data, len), *out = NULL;

	if (!text)
		abort();
	while (start < len && text[start] == ' ')
		start++;
	while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\n'))
		end--;
	PROPERTY(dx_dup_trimmed(text, &out) == 0 && out, "no copy");
	PROPERTY(strlen(out) == end - start && !memcmp(out, text + start, end - start),
		 "\"%s\" trimmed to \"%s\"", text, out);
	free(out);
	free(text);
}

static void remove_dir(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/value", dir);
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	char *out = NULL;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/discxfer-fuzz-XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror(dir);
		abort();
	}
	atexit(remove_dir);
	PROPERTY(dx_dup_trimmed(NULL, &out) == 0 && out && !*out, "NULL is \"\"");
	free(out);
	return 0;
}

#define LIST_FIELDS 10

static void check_list(const uint8_t *data, size_t size)
{
	size_t len = strnlen((const char *)data, size), fields = 1;
	char *text = strndup((const char *)data, len), again[LIST_FIELDS * 21 + 2];
	uint64_t v[LIST_FIELDS], back[LIST_FIELDS];
	int r, n = 0;
	bool shape = len > 0;

	if (!text)
		abort();
	/* The documented shape, restated: digits, single spaces, one '\n'. */
	for (size_t i = 0; i < len && shape; i++) {
		char c = text[i], prev = i ? text[i - 1] : ' ';

		if (c == ' ')
			shape = prev != ' ' && i + 1 < len && text[i + 1] != '\n', fields++;
		else if (c == '\n')
			shape = i + 1 == len && prev != ' ' && i > 0;
		else
			shape = c >= '0' && c <= '9';
	}
	shape = shape && fields == LIST_FIELDS && text[0] != ' ';
	r = dx_parse_u64_list(text, v, LIST_FIELDS);
	PROPERTY(r == 0 || r == -EIO || r == -ERANGE, "dx_parse_u64_list = %d", r);
	if (r == 0) {
		PROPERTY(shape, "accepted a line of another shape: \"%s\"", text);
		for (int i = 0; i < LIST_FIELDS; i++)
			n += snprintf(again + n, sizeof(again) - (size_t)n, "%s%" PRIu64,
				      i ? " " : "", v[i]);
		snprintf(again + n, sizeof(again) - (size_t)n, "\n");
		PROPERTY(dx_parse_u64_list(again, back, LIST_FIELDS) == 0 &&
			 !memcmp(back, v, sizeof(v)), "\"%s\" does not read back", again);
	} else {
		for (int i = 0; i < LIST_FIELDS; i++)
			PROPERTY(v[i] == 0, "field %d is %" PRIu64 " after %d", i, v[i], r);
		PROPERTY(!shape || r == -ERANGE, "refused a well-formed line: \"%s\"", text);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_list(data, size);
	check_text(data, size);
	check_file(data, size);
	check_trim(data, size);
	return 0;
}
