# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared helpers of the packaging checks; sourced, not run.

# The repository's top directory and its version, the one place it lives.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(cat "$TOP/VERSION")
BUILD=${BUILD:-build}
case $BUILD in /*) BUILDDIR=$BUILD ;; *) BUILDDIR=$TOP/$BUILD ;; esac

fail=0
pass=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; }
summary() {
	echo "$(basename "$0" .sh): $pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# need_pkgs PKG...: install the Debian packages that are missing
# (idempotent; apt-get update once per run; root needed only when something
# is missing).
need_pkgs() {
	_missing=""
	for _p in "$@"; do
		dpkg-query -W -f='${Status}' "$_p" 2>/dev/null |
			grep -q 'install ok installed' || _missing="$_missing $_p"
	done
	[ -z "$_missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "$(basename "$0"): missing packages:$_missing (run as root to install them)" >&2
		return 1
	fi
	if [ -z "${_NEED_PKGS_UPDATED:-}" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || return 1
		_NEED_PKGS_UPDATED=1
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $_missing >&2
}

# copy_tree DEST: the repository's source files (tracked, plus untracked ones
# git does not ignore) into DEST, without build outputs.
copy_tree() {
	rm -rf "$1"
	mkdir -p "$1"
	(cd "$TOP" && git ls-files -z -co --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -C "$1" -xf -
}
