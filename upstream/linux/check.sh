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
# detached HEAD at "base" and returns there: seconds.  Prints
# "check-upstream: N patches applied with git am, checkpatch --strict clean".
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
n=$(git_ rev-list --count base..HEAD)
[ "$n" = ${#patches[@]} ] || die "git am made $n commits of ${#patches[@]} patches"
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
echo "check-upstream: ${#patches[@]} patches applied with git am to linux-source-$SERIES $ver, checkpatch --strict clean"
