#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check.sh -- make check-upstream: the series of upstream/linux/ applies with
# `git am` to the kernel tree it is written against, and every patch is clean
# for that tree's `scripts/checkpatch.pl --strict`.
#
# The tree is Debian's linux-source-7.3 (the .deb that
# module/fetch-checkpatch.sh downloads into the machine's cache, the debug
# kernel's source: tests/vm/debug-kernel.sh), unpacked once into a git
# repository in the cache (upstream/linux-source-VERSION: one commit, tagged
# "base"; about a minute the first time).  Each run applies the series on a
# detached HEAD at "base" and returns there: seconds.  Then the C files the
# series touches are built at W=1 at the base and after each patch (below).
# Prints "check-upstream: N patches applied with git am ..., checkpatch
# --strict clean, each building at W=1 ...".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SERIES=7.3

log() { printf 'check-upstream: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for t in git dpkg-deb tar xz perl flock; do
	command -v "$t" >/dev/null || die "$t not found"
done
cachedir=$("$top/tests/cache.sh" dir)
checkpatch=$("$top/module/fetch-checkpatch.sh" "$SERIES") ||
	die "cannot fetch linux-source-$SERIES (module/fetch-checkpatch.sh)"
deb=$(ls "$cachedir"/checkpatch/deb/linux-source-"$SERIES"_*.deb 2>/dev/null | tail -n 1)
[ -n "$deb" ] || die "no linux-source-$SERIES .deb in $cachedir/checkpatch/deb"
ver=$(dpkg-deb -f "$deb" Version)

mapfile -t patches < <(ls "$here"/[0-9][0-9][0-9][0-9]-*.patch | grep -v '/0000-cover-letter\.patch$')
[ ${#patches[@]} -gt 0 ] || die "no patches in $here"
[ -f "$here/0000-cover-letter.patch" ] || die "no cover letter (0000-cover-letter.patch) in $here"

tree=$cachedir/upstream/linux-source-$SERIES-$ver
mkdir -p "$cachedir/upstream"
exec 8>"$tree.lock"
flock 8
git_() { git -C "$tree" -c user.name=check-upstream -c user.email=check-upstream@localhost "$@"; }
if ! git_ rev-parse -q --verify base >/dev/null 2>&1; then
	log "unpacking linux-source-$SERIES $ver into a git tree (once): $tree"
	rm -rf "$tree"
	mkdir -p "$tree"
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/linux-source-$SERIES.tar.xz" |
		tar -xJf - -C "$tree" --strip-components=1
	git_ init -q
	# Debian's .gitignore ignores every top-level entry but debian/.
	git_ add -f -A .
	git_ commit -q -m "linux-source-$SERIES $ver"
	git_ tag base
fi

# Apply on a detached HEAD at base; always come back to a clean base.
git_ am --abort >/dev/null 2>&1 || true
git_ checkout -q -f --detach base
git_ clean -q -f -d
if ! git_ am -q --whitespace=error-all "${patches[@]}"; then
	git_ am --abort >/dev/null 2>&1 || true
	git_ checkout -q -f --detach base
	die "the series does not apply with git am to linux-source-$SERIES $ver"
fi
mapfile -t commits < <(git_ rev-list --reverse base..HEAD)
[ ${#commits[@]} = ${#patches[@]} ] || die "git am made ${#commits[@]} commits of ${#patches[@]} patches"
git_ checkout -q -f --detach base

bad=0
for p in "${patches[@]}"; do
	out=$(cd "$tree" && perl "$checkpatch" --strict --no-tree "$p" 2>&1) || true
	total=$(echo "$out" | grep '^total:' || true)
	case "$total" in
	"total: 0 errors, 0 warnings, 0 checks,"*) log "${p##*/}: $total" ;;
	*) echo "$out" >&2; log "${p##*/}: not clean: ${total:-no total line}"; bad=1 ;;
	esac
done
[ $bad = 0 ] || die "checkpatch --strict is not clean"

# --- each patch builds on its own, without a warning at W=1 ------------------
# The C files the series touches are built as objects with W=1 at the base
# and after each patch (so the series bisects), with the kernel's own
# compiler (gcc-14, in the Debian build root of module/buildroot.sh), in a
# build directory in the cache (O=, x86_64 defconfig, configured and
# prepared once: a few minutes the first time, then seconds).  A patch
# fails when an object does not build or has more warnings than at the
# base; every warning is printed.
KCC=x86_64-linux-gnu-gcc-14
root=$cachedir/roots/trixie
"$top/module/buildroot.sh" create "$root" trixie ||
	die "cannot make the Debian trixie build root (module/buildroot.sh)"
obj=$cachedir/upstream/w1-$SERIES-$ver
mapfile -t objs < <(git_ diff --name-only base "${commits[-1]}" -- '*.c' | sed 's/\.c$/.o/')
[ ${#objs[@]} -gt 0 ] || die "the series touches no C file"
kmake() {
	"$top/module/buildroot.sh" exec "$root" "$tree" "$obj" -- \
		make -C "$tree" O="$obj" CC="$KCC" HOSTCC="$KCC" -j"$(nproc)" "$@"
}
if [ "$(cat "$obj/.discxfer-prepared" 2>/dev/null)" != "defconfig $KCC" ]; then
	log "configuring and preparing $obj (x86_64 defconfig, $KCC; once)"
	rm -rf "$obj"
	mkdir -p "$obj"
	if ! { kmake -s defconfig && kmake -s prepare; } >"$obj.log" 2>&1; then
		tail -n 20 "$obj.log" >&2
		die "make defconfig prepare failed (log: $obj.log)"
	fi
	echo "defconfig $KCC" >"$obj/.discxfer-prepared"
fi
# W=1 also runs kernel-doc on each file with the tree's python3 (PYTHON3),
# which needs difflib, not in the root's python3-minimal: the root's make
# gets PYTHON3=true, and kernel-doc runs here on the host's python3 with
# the arguments W=1 gives it (scripts/Makefile.build, cmd_checkdoc).
kdoc=$tree/tools/docs/kernel-doc
[ -f "$kdoc" ] || kdoc=$tree/scripts/kernel-doc
# w1 REV NAME: the objects at REV; prints their warnings; sets $warn.
w1() {
	local out o
	git_ checkout -q -f --detach "$1"
	(cd "$obj" && rm -f "${objs[@]}")
	out=$(kmake W=1 PYTHON3=true "${objs[@]}" 2>&1) ||
		{ echo "$out" >&2; git_ checkout -q -f --detach base; die "$2: make W=1 ${objs[*]} failed"; }
	for o in "${objs[@]}"; do
		out+=$'\n'$(cd "$tree" && PYTHONDONTWRITEBYTECODE=1 python3 "$kdoc" -none "${o%.o}.c" 2>&1)
	done
	warn=$(echo "$out" | grep -ci 'warning' || true)
	[ "$warn" = 0 ] || echo "$out" | grep -i -A3 'warning' >&2
}
w1 base base
basewarn=$warn
i=0
for p in "${patches[@]}"; do
	w1 "${commits[$i]}" "${p##*/}"
	log "${p##*/}: make W=1 ${objs[*]}: $warn warnings (the base: $basewarn)"
	[ "$warn" -le "$basewarn" ] || bad=1
	i=$((i + 1))
done
git_ checkout -q -f --detach base
[ $bad = 0 ] || die "a patch adds warnings at W=1"
echo "check-upstream: ${#patches[@]} patches applied with git am to linux-source-$SERIES $ver, checkpatch --strict clean, each building at W=1 ($KCC) with no new warning"
