# SPDX-License-Identifier: LGPL-2.1-or-later
# The burners' discxfer patches (integrations/), checked on the host, no
# guest: each applies to Debian 12's .orig tree, builds stock and patched,
# and the patched programs run without libdiscxfer.  Prints PASS/FAIL lines
# and "check-integrations: N passed, N failed".  The builds are cached in
# the machine cache (integrations/build.sh); a warm run takes seconds.
#
#   make check-integrations

.PHONY: check-integrations
CHECK_INTEGRATIONS := check-integrations

check-integrations:
	@BUILD=$(BUILD) integrations/check.sh
