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

# build_deps: the packages a build root needs, one a line:
# scripts/install-deps.sh's build set and debian/control's Build-Depends,
# virtual packages by what provides them (named, as debootstrap needed), the
# first of alternatives. Needs die() from the caller.
build_deps() {
	sed -n 's/^BUILD_PKGS="\([^"]*\)"$/\1/p' "$TOP/scripts/install-deps.sh" | tr ' ' '\n'
	awk 'on && /^[^[:space:]]/ { exit } /^Build-Depends:/ { on = 1; sub(/^[^:]*:/, "") } on' \
		"$TOP/debian/control" | tr ',' '\n' |
		sed -e 's/([^)]*)//g' -e 's/<[^>]*>//g' -e 's/|.*//' -e 's/[[:space:]]//g' |
		while read -r p; do
			case $p in
			"") ;;
			debhelper-compat) echo debhelper ;;
			dh-sequence-dkms) echo dh-dkms ;;
			dh-sequence-*) die "debian/control: $p: name the package that provides it in tests/packaging/lib.sh" ;;
			*) echo "$p" ;;
			esac
		done
}

# mounts_in DIR: the mount points at or below DIR, one a line.
mounts_in() {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo
}

# new_root ROOT STAMP: sets MIRROR (the system's Debian mirror, from
# tests/vm/apt.sh's system_source, which the caller sources), SIGNED_BY
# ("-" or its keyring) and KEYRING (mmdebstrap's --keyring=, or empty);
# removes ROOT, ROOT.new and STAMP, refusing while something is mounted
# below ROOT. Needs die() from the caller.
new_root() {
	read -r MIRROR SIGNED_BY <<-EOF
	$(system_source bookworm | head -n 1)
	EOF
	[ -n "$MIRROR" ] || die "no 'bookworm' entry in the system's apt sources (the mirror comes from there)"
	KEYRING=""
	[ -f "$SIGNED_BY" ] && KEYRING="--keyring=$SIGNED_BY"
	[ -z "$(mounts_in "$1")" ] || die "something is mounted below $1: $(mounts_in "$1" | tr '\n' ' ')"
	rm -rf --one-file-system "$1" "$1.new" "$2"
	mkdir -p "$(dirname "$1")"
}
