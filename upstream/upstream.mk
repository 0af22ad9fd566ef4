# SPDX-License-Identifier: LGPL-2.1-or-later
#
# upstream/: patches for other projects, in their own form.
#
#   make check-upstream   upstream/linux/'s series applies with git am to the
#                         debug kernel's tree (Debian's linux-source-7.3) and
#                         is checkpatch.pl --strict clean, and each patch
#                         builds on its own at W=1 with gcc-14 without a new
#                         warning (upstream/linux/check.sh)

.PHONY: check-upstream
check-upstream:
	@BUILD=$(BUILD) upstream/linux/check.sh
