#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# `make install DESTDIR=...` and `make uninstall DESTDIR=...` as a new user
# runs them (default PREFIX=/usr/local, udev rules directory from
# `pkg-config --variable=udevdir udev`). Proves:
#   - make install succeeds and installs exactly the expected files, the
#     bash completion where `pkg-config --variable=completionsdir
#     bash-completion` says;
#   - it writes nothing outside DESTDIR: run as root, the build and the
#     install run as the unprivileged user nobody on a copy of the tree that
#     only nobody can write, so any write outside DESTDIR fails the install;
#     and no file in the usual install locations is newer than the run;
#   - the installed library has its SONAME links and the .pc file the prefix;
#   - the command `make` built runs from the build tree with LD_LIBRARY_PATH
#     unset, with the build tree's library; the installed command and
#     library carry no RPATH or RUNPATH (no build-tree path);
#   - make uninstall removes every installed file.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs pkg-config make
udevdir=$(pkg-config --variable=udevdir udev 2>/dev/null || true)
if [ -z "$udevdir" ]; then
	bad "pkg-config --variable=udevdir udev gives nothing (package udev missing?)"
	summary
	exit 1
fi
# bash completion: where bash-completion's .pc says, else under PREFIX.
compdir=$(pkg-config --variable=completionsdir bash-completion 2>/dev/null ||
	echo /usr/local/share/bash-completion/completions)

W=$BUILDDIR/install-check
rm -rf "$W"
mkdir -p "$W"
if [ "$(id -u)" = 0 ]; then
	# nobody must reach the copy: a clone under /root or a private temporary
	# directory cannot be traversed by others, so the copy and DESTDIR live
	# in a directory of their own under /tmp; the logs come back to $W.
	R=$(mktemp -d /tmp/discxfer-install-check.XXXXXX)
	chmod 0755 "$R"
	trap 'for f in "$R"/*.log "$R"/expected "$R"/installed "$R"/diff "$R"/dkms-*; do
		[ -f "$f" ] && cp "$f" "$W"/; done; rm -rf "$R"' EXIT
else
	R=$W
fi
SRC=$R/src
DEST=$R/dest
copy_tree "$SRC"
mkdir -p "$DEST"
stamp=$R/stamp
touch "$stamp"

if [ "$(id -u)" = 0 ]; then
	chown -R nobody:nogroup "$SRC" "$DEST"
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent "$@"; }
	who=nobody
else
	as_user() { "$@"; }
	who=$(id -un)
fi

# expected list: one path a line, relative to DESTDIR (PREFIX=/usr/local)
P=/usr/local
exp=$R/expected
{
	echo "$P/bin/discxfer"
	echo "$P/include/discxfer.h"
	for h in "$TOP"/include/discxfer/*.h; do
		[ -e "$h" ] && echo "$P/include/discxfer/$(basename "$h")"
	done
	echo "$P/lib/libdiscxfer.so"
	echo "$P/lib/libdiscxfer.so.${VERSION%%.*}"
	echo "$P/lib/libdiscxfer.so.$VERSION"
	echo "$P/lib/pkgconfig/libdiscxfer.pc"
	echo "$P/share/man/man1/discxfer.1"
	echo "$P/share/man/man3/libdiscxfer.3"
	echo "$P/share/man/man4/discxfer.4"
	# one link page per exported function
	sed -n 's/^[[:space:]]*\(discxfer_[A-Za-z0-9_]*\);.*/\1/p' "$TOP/lib/libdiscxfer.sym" |
		sed "s|.*|$P/share/man/man3/&.3|"
	echo "$compdir/discxfer"
	for r in "$TOP"/udev/*.rules.in; do
		[ -e "$r" ] && echo "$udevdir/rules.d/$(basename "$r" .in)"
	done
} | sort >"$exp"

if (cd "$SRC" && as_user make -j"$(nproc)" all >"$R/build.log" 2>&1); then
	ok "make all as $who"
else
	tail -n 30 "$R/build.log"
	bad "make all as $who"
fi
B=$SRC/build
if out=$(as_user env -u LD_LIBRARY_PATH "$B/discxfer" --version 2>&1); then
	ok "build-tree discxfer --version runs with LD_LIBRARY_PATH unset: $out"
else
	bad "build-tree $B/discxfer --version with LD_LIBRARY_PATH unset: $out"
fi
lib=$(env -u LD_LIBRARY_PATH ldd "$B/discxfer" 2>&1 |
	awk '$1 == "libdiscxfer.so.0" { sub(/.*=> */, ""); sub(/ *\(0x[0-9a-f]*\)$/, ""); print }')
[ -n "$lib" ] && [ "$(realpath -e "$lib" 2>/dev/null)" = "$(realpath "$B/libdiscxfer.so.0")" ] &&
	ok "build-tree discxfer loads the build tree's libdiscxfer.so.0" ||
	bad "build-tree discxfer loads libdiscxfer.so.0 from '$lib', not from $B"
if (cd "$SRC" && as_user make install DESTDIR="$DEST" >"$R/install.log" 2>&1); then
	ok "make install DESTDIR=... as $who"
else
	tail -n 30 "$R/install.log"
	bad "make install DESTDIR=... as $who (a write outside DESTDIR fails here)"
fi

(cd "$DEST" && find . ! -type d | sed 's|^\.||' | sort) >"$R/installed"
if diff -u "$exp" "$R/installed" >"$R/diff"; then
	ok "installed exactly the $(wc -l <"$exp") expected files"
else
	cat "$R/diff"
	bad "installed files differ from the expected list (- expected, + installed)"
fi

[ -f "$DEST$compdir/discxfer" ] &&
	ok "bash completion installed as $compdir/discxfer (bash-completion's completionsdir)" ||
	bad "no bash completion in $compdir (bash-completion's completionsdir)"

newer=$(find /usr/local /usr/src /etc/udev /lib/udev /usr/lib/udev /lib/modules \
	/usr/share/man /usr/include /usr/lib/pkgconfig "$compdir" -xdev -newer "$stamp" 2>/dev/null |
	grep -v '^/usr/local$' || true)
[ -z "$newer" ] && ok "no file outside DESTDIR is newer than the install" ||
	bad "written outside DESTDIR: $newer"

L=$DEST$P/lib
[ "$(readlink "$L/libdiscxfer.so")" = "libdiscxfer.so.${VERSION%%.*}" ] &&
[ "$(readlink "$L/libdiscxfer.so.${VERSION%%.*}")" = "libdiscxfer.so.$VERSION" ] &&
	ok "libdiscxfer.so -> .so.${VERSION%%.*} -> .so.$VERSION" ||
	bad "SONAME links wrong: $(ls -l "$L" 2>&1 | tr '\n' ' ')"
for f in "$DEST$P/bin/discxfer" "$L/libdiscxfer.so.$VERSION"; do
	if ! dyn=$(readelf -d "$f" 2>&1); then
		bad "readelf -d ${f#"$DEST"}: $dyn"
	elif echo "$dyn" | grep -qE '\((RPATH|RUNPATH)\)'; then
		bad "installed ${f#"$DEST"} carries$(echo "$dyn" | grep -E '\((RPATH|RUNPATH)\)' | tr -s ' ')"
	else
		ok "installed ${f#"$DEST"} has no RPATH or RUNPATH"
	fi
done
grep -qx "prefix=$P" "$DEST$P/lib/pkgconfig/libdiscxfer.pc" 2>/dev/null &&
	ok "libdiscxfer.pc has prefix=$P" || bad "libdiscxfer.pc lacks prefix=$P"
if [ -x "$DEST$P/bin/discxfer" ]; then
	LD_LIBRARY_PATH=$L "$DEST$P/bin/discxfer" --version >/dev/null 2>&1 &&
		ok "installed discxfer --version runs against the installed library" ||
		bad "installed discxfer --version fails"
fi
for m in "$DEST$P"/share/man/man*/*; do
	[ -e "$m" ] || continue
	out=$(cd "$DEST$P/share/man" && LC_ALL=C.UTF-8 groff -s -man -ww -z "$m" 2>&1 || true)
	[ -z "$out" ] || bad "installed man page ${m#"$DEST"} does not render cleanly: $out"
done

if (cd "$SRC" && as_user make uninstall DESTDIR="$DEST" >"$R/uninstall.log" 2>&1); then
	ok "make uninstall DESTDIR=..."
else
	tail -n 30 "$R/uninstall.log"
	bad "make uninstall DESTDIR=..."
fi
left=$(cd "$DEST" && find . ! -type d)
[ -z "$left" ] && ok "make uninstall removed every installed file" ||
	bad "left after make uninstall: $left"
# The DKMS source tree (what discxfer-dkms ships): dkms.conf, Kbuild, VERSION
# and the module's sources, nothing built.
DK=$R/dkms-dest
rm -rf "$DK"; mkdir -p "$DK"
[ "$(id -u)" = 0 ] && chown nobody:nogroup "$DK"
(cd "$TOP" && { printf '%s\n' dkms.conf Kbuild VERSION
	git ls-files -co --exclude-standard 'module/*.c' 'module/*.h' 'module/Kbuild'; } |
	sed "s|^|/usr/src/discxfer-$VERSION/|" | sort) >"$R/dkms-expected"
if (cd "$SRC" && as_user make install-dkms-source DESTDIR="$DK" >"$R/dkms.log" 2>&1); then
	(cd "$DK" && find . ! -type d | sed 's|^\.||' | sort) >"$R/dkms-installed"
	diff -u "$R/dkms-expected" "$R/dkms-installed" &&
		ok "make install-dkms-source installed the $(wc -l <"$R/dkms-expected") DKMS source files" ||
		bad "DKMS source files differ (- expected, + installed)"
	(cd "$SRC" && as_user make uninstall-dkms-source DESTDIR="$DK" >>"$R/dkms.log" 2>&1)
	left=$(cd "$DK" && find . ! -type d)
	[ -z "$left" ] && ok "make uninstall-dkms-source removed them" ||
		bad "left after make uninstall-dkms-source: $left"
else
	tail -n 20 "$R/dkms.log"
	bad "make install-dkms-source DESTDIR=... as $who"
fi
summary
