// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Strict parsing of sysfs values: one unsigned number, decimal or 0x-hex,
 * optionally followed by one newline (or a fixed count of decimal numbers
 * separated by single spaces, for the module's "limits"). Anything else is -EIO (malformed), a
 * number that does not fit is -ERANGE; a file is read whole (at most 63
 * bytes). Nothing is ever guessed. And the INQUIRY strings (vendor, model),
 * which are trimmed of their padding.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int dx_parse_u64(const char *text, uint64_t *value)
{
	const char *p = text;
	unsigned int base = 10;
	uint64_t v = 0;
	bool overflow = false;
	int digits = 0;

	*value = 0;
	if (!text)
		return -EIO;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p && *p != '\n'; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			return -EIO;
		/* Malformed beats too large: the rest is checked on. */
		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		v = v * base + d;
		digits++;
	}
	if (!digits || (*p == '\n' && p[1] != '\0'))
		return -EIO;
	if (overflow)
		return -ERANGE;
	*value = v;
	return 0;
}

int dx_parse_u32(const char *text, uint32_t *value)
{
	uint64_t v;
	int r;

	*value = 0;
	r = dx_parse_u64(text, &v);
	if (r < 0)
		return r;
	if (v > UINT32_MAX)
		return -ERANGE;
	*value = (uint32_t)v;
	return 0;
}

/*
 * Exactly @n unsigned decimal numbers separated by single spaces, optionally
 * followed by one newline (discxfer.ko's "limits" attribute). Anything else
 * is -EIO, a number above 64 bits -ERANGE; @values is zeroed on failure.
 */
int dx_parse_u64_list(const char *text, uint64_t *values, size_t n)
{
	const char *p = text;
	int r = 0;

	memset(values, 0, n * sizeof(*values));
	if (!text || !n)
		return -EIO;
	for (size_t i = 0; i < n; i++) {
		char field[24];
		size_t len = 0;

		while (p[len] >= '0' && p[len] <= '9')
			len++;
		if (len == 0 || len >= sizeof(field)) {
			r = len ? -ERANGE : -EIO;
			break;
		}
		memcpy(field, p, len);
		field[len] = '\0';
		r = dx_parse_u64(field, &values[i]);
		if (r < 0)
			break;
		p += len;
		if (i + 1 < n) {
			if (*p != ' ') {
				r = -EIO;
				break;
			}
			p++;
		}
	}
	if (!r && *p == '\n')
		p++;
	if (!r && *p != '\0')
		r = -EIO;
	if (r < 0)
		memset(values, 0, n * sizeof(*values));
	return r;
}

/*
 * Read a small text file whole; returns its length or a negative errno. A
 * file that does not fit @size - 1 bytes, or that holds a NUL byte, is -EIO:
 * never cut short into another value. @name is relative to @dirfd (or
 * AT_FDCWD): a drive's values are read relative to its directory, which
 * spares the kernel the walk down the whole device path for each file.
 */
int dx_read_file_at(int dirfd, const char *name, char *buf, size_t size)
{
	ssize_t n, more = 0;
	char extra;
	int fd, e;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n == (ssize_t)size - 1)
		more = read(fd, &extra, 1);
	e = n < 0 || more < 0 ? -errno : 0;
	close(fd);
	if (e)
		return e;
	if (more > 0 || memchr(buf, '\0', (size_t)n))
		return -EIO;
	buf[n] = '\0';
	return (int)n;
}

int dx_read_file(const char *path, char *buf, size_t size)
{
	return dx_read_file_at(AT_FDCWD, path, buf, size);
}

int dx_read_u64_fd(int dirfd, const char *name, uint64_t *value)
{
	char buf[64];
	int r;

	*value = 0;
	r = dx_read_file_at(dirfd, name, buf, sizeof(buf));
	if (r < 0)
		return r;
	return dx_parse_u64(buf, value);
}

int dx_read_u32_fd(int dirfd, const char *name, uint32_t *value)
{
	uint64_t v;
	int r;

	*value = 0;
	r = dx_read_u64_fd(dirfd, name, &v);
	if (r < 0)
		return r;
	if (v > UINT32_MAX)
		return -ERANGE;
	*value = (uint32_t)v;
	return 0;
}

int dx_read_u64_at(const char *dir, const char *name, uint64_t *value)
{
	char path[PATH_MAX];

	*value = 0;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return dx_read_u64_fd(AT_FDCWD, path, value);
}

int dx_read_u32_at(const char *dir, const char *name, uint32_t *value)
{
	char path[PATH_MAX];

	*value = 0;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return dx_read_u32_fd(AT_FDCWD, path, value);
}

/* Is @dir/@name missing (its directory may be gone too)? */
static bool file_absent(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return false;
	return access(path, F_OK) < 0 && (errno == ENOENT || errno == ENOTDIR);
}

/*
 * Is the SCSI device at @syspath gone, or on its way out, so that a value
 * or node missing now is the removal and not a malformed kernel?  The
 * midlayer sets the device's state to "cancel" before sr and sg let go;
 * then device_del() removes the uevent file, then the other attributes
 * (type, state, ...), and the directory last (drivers/base/core.c, the same
 * from 6.1 to 7.x).  A directory without its uevent file is no device any
 * more: libudev does not take it for one either.  uevent is looked at again
 * after a failed read of state, which may have gone in between.
 */
bool dx_scsi_device_going(const char *syspath)
{
	char path[PATH_MAX], state[32];

	if (file_absent(syspath, "uevent"))
		return true;
	if (snprintf(path, sizeof(path), "%s/state", syspath) >= (int)sizeof(path))
		return false;
	if (dx_read_file(path, state, sizeof(state)) < 0)
		return file_absent(syspath, "uevent");
	state[strcspn(state, "\n")] = '\0';
	return !strcmp(state, "cancel") || !strcmp(state, "deleted");
}

/* Trimmed copy of a sysfs string ("" when absent). */
int dx_dup_trimmed(const char *s, char **ret)
{
	size_t len;

	if (!s)
		s = "";
	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n'))
		len--;
	*ret = strndup(s, len);
	return *ret ? 0 : -ENOMEM;
}
