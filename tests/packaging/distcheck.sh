#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# make distcheck: the release tarball ($TARBALL, from `make dist`) is whole.
#   - it holds every tracked file but those .gitattributes marks export-ignore,
#     under one top directory discxfer-VERSION/, and nothing else;
#   - unpacked in a fresh directory outside any git tree, it builds (`make
#     all`), its unit tests pass (`make check-unit`), and `make install
#     DESTDIR=... PREFIX=/usr` installs the library, header, command, rules
#     and manual pages; `make install-dkms-source` the module's source;
#   - there, `make dist` refuses with a message (no git tree to pack).
# A file the build needs but the tarball lacks fails the build step.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$TOP"

: "${TARBALL:?TARBALL= the tarball of make dist}"
name=discxfer-$VERSION
[ -f "$TARBALL" ] || { bad "no $TARBALL (make dist)"; summary; exit 1; }

W=$(mktemp -d /tmp/discxfer-distcheck.XXXXXX)
trap 'rm -rf "$W"' EXIT

# What the tarball should hold: the files of HEAD that git archive exports.
git ls-tree -r --name-only HEAD | while IFS= read -r f; do
	case $(git check-attr export-ignore -- "$f" | sed 's/.*: //') in
	set) ;;
	*) echo "$name/$f" ;;
	esac
done | sort >"$W/want"
xz -dc "$TARBALL" | tar -t | grep -v '/$' | sort >"$W/have"
if cmp -s "$W/want" "$W/have"; then
	ok "tarball holds the $(wc -l <"$W/have") exported tracked files under $name/"
else
	bad "tarball's files differ from the tracked ones (< tracked, > tarball): $(diff "$W/want" "$W/have" | grep '^[<>]' | head -n 10 | tr '\n' ' ')"
fi
for f in .ci/run debian/control; do
	grep -qxF "$name/$f" "$W/have" && bad "tarball holds $f (export-ignore)" ||
		ok "tarball leaves out $f"
done

tar -C "$W" -xJf "$TARBALL"
S=$W/$name
# The unpacked tree is outside every git work tree (/tmp): GIT_CEILING_DIRECTORIES
# keeps git from finding one above it anyway.
export GIT_CEILING_DIRECTORIES=$W
step() {	# step NAME COMMAND...: run in the unpacked tree, log to $W/NAME.log
	_n=$1
	shift
	if (cd "$S" && "$@") >"$W/$_n.log" 2>&1; then
		ok "$_n in the unpacked tarball"
	else
		bad "$_n in the unpacked tarball failed: $(tail -n 15 "$W/$_n.log" | tr '\n' ' ')"
		return 1
	fi
}
jobs=$(nproc 2>/dev/null || echo 1)
step "make all" make -j"$jobs" all || { summary; exit 1; }
step "make check-unit" make check-unit || true
step "make install" make install DESTDIR="$W/inst" PREFIX=/usr LIBDIR=/usr/lib \
	UDEVDIR=/usr/lib/udev BASHCOMPDIR=/usr/share/bash-completion/completions || true
step "make install-dkms-source" make install-dkms-source DESTDIR="$W/inst" \
	DKMS_SRCDIR=/usr/src/$name || true
for f in usr/lib/libdiscxfer.so.$VERSION usr/lib/libdiscxfer.so.${VERSION%%.*} \
	usr/lib/libdiscxfer.so usr/lib/pkgconfig/libdiscxfer.pc usr/include/discxfer.h \
	usr/include/discxfer/imapi2.h usr/bin/discxfer usr/lib/udev/rules.d/61-discxfer.rules \
	usr/share/man/man1/discxfer.1 usr/share/man/man3/libdiscxfer.3 \
	usr/share/man/man4/discxfer.4 usr/share/bash-completion/completions/discxfer \
	usr/src/$name/dkms.conf usr/src/$name/Kbuild usr/src/$name/module/discxfer.c; do
	[ -e "$W/inst/$f" ] || [ -L "$W/inst/$f" ] && ok "installed /$f" || bad "not installed: /$f"
done
if (cd "$S" && make dist) >"$W/dist.log" 2>&1; then
	bad "make dist in the unpacked tarball succeeded without a git tree"
elif grep -q 'not a git tree' "$W/dist.log"; then
	ok "make dist in the unpacked tarball refuses: $(grep 'not a git tree' "$W/dist.log")"
else
	bad "make dist in the unpacked tarball failed without saying why: $(tail -n 3 "$W/dist.log" | tr '\n' ' ')"
fi
summary
