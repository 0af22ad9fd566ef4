// SPDX-License-Identifier: GPL-2.0-only
/*
 * dxhost2.ko: dxhost.c built under a second name, its host and root device
 * named "dxhost2".  The debug kernel's limits grid (tests/vm/guest/kattr.sh)
 * loads each shape under the name the last shape did not use, so that the
 * last one's rmmod (1 to 4 s under CONFIG_DEBUG_KOBJECT_RELEASE, waiting for
 * the module's kobject) runs beside the next shape's checks.
 */
#include "dxhost.c"
