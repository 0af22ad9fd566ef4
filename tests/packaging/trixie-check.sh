#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The Debian packages on Debian 13 (trixie), in a build root made with
# mmdebstrap --variant=minbase (the same kind of root the 7.x module build
# needs). Proves, as root:
#   - dpkg-buildpackage -us -uc -b succeeds there (it runs check-unit) and
#     builds the four packages;
#   - trixie's lintian reports no error and no warning on them;
#   - `apt-get install ./*.deb` installs all four with trixie's apt;
#   - discxfer-dkms builds discxfer.ko through dkms for trixie's own 6.12
#     kernel (linux-headers-amd64 of trixie) and for the newest 7.x series
#     (the headers tests/vm/fetch-kernel.sh downloaded, installed with apt),
#     `dkms status` says so, and each .ko's vermagic is its kernel's release
#     and its version the one in VERSION (build only: no kernel runs here);
#   - the udev rules are in /usr/lib/udev/rules.d and pass trixie's
#     `udevadm verify`;
#   - the installed /usr/bin/discxfer, linked to the installed library,
#     prints its version, and `discxfer list` answers with no /sys (as in a
#     pbuilder chroot) and with a read-only sysfs: no drive in the root, so
#     "No optical drives found." and exit 0 (with sysfs: as many drives as
#     the host has);
#   - nothing stays mounted, inside or on the host.
# The root is cached in the machine's cache (tests/cache.sh: chroot/trixie,
# shared by every clone) and made again when its package list changes
# (chroot/trixie.pkgs). Every run works in an overlay above it
# (build/chroot/trixie-run), so the cached root is never changed and a run
# starts from the same state. The mirror is the system's own
# (tests/vm/apt.sh's system_source); mmdebstrap writes it into the root's
# sources.list. Needs root. Logs: build/chroot/trixie-logs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

log() { echo "trixie-check: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=../vm/apt.sh
. "$TOP/tests/vm/apt.sh"

C=$BUILDDIR/chroot
CC=$("$TOP/tests/cache.sh" dir)/chroot
R=$CC/trixie
STAMP=$CC/trixie.pkgs
RUN=$C/trixie-run
M=$RUN/root
L=$C/trixie-logs


if [ "$(id -u)" != 0 ]; then
	skip "not root: mmdebstrap, chroot and mounts need root"
	summary
	exit 0
fi

# The work happens in a mount namespace of its own (private propagation);
# this outer part then checks that no mount of it shows on the host.
if [ -z "${DISCXFER_TRIXIE_NS:-}" ]; then
	mkdir -p "$C"
	counts=$C/trixie.counts
	rm -f "$counts"
	rc=0
	DISCXFER_TRIXIE_NS=$counts nice -n 10 unshare --mount --propagation private -- \
		"$0" "$@" || rc=$?
	if [ -f "$counts" ]; then
		read -r pass fail <"$counts"
	else
		bad "the run in its mount namespace ended early (exit $rc)"
	fi
	left=$( { mounts_in "$C"; mounts_in "$CC"; } | grep -E "^($R|$RUN)(/|$)" || true)
	[ -z "$left" ] && ok "nothing of the run mounted on the host" ||
		bad "still mounted on the host: $(echo "$left" | tr '\n' ' ')"
	summary
	exit
fi

# From here on, inside the namespace. Counts go back to the outer part.
trap 'cleanup || true; echo "$pass $fail" >"$DISCXFER_TRIXIE_NS"' EXIT

# cleanup: unmount everything at or below $M, the newest mount first.
cleanup() {
	local m
	while m=$(mounts_in "$M" | tail -n 1) && [ -n "$m" ]; do
		umount "$m" 2>/dev/null || umount -l "$m" || { log "cannot unmount $m"; return 1; }
	done
}

need_pkgs mmdebstrap
# The cached root: one run at a time on this machine (another clone's run
# may remake it).
mkdir -p "$CC"
exec 6>"$CC/trixie.lock"
flock 6

# The newest 7.x series: its header packages as tests/vm/fetch-kernel.sh
# downloaded them into the machine's cache (fetched now when missing).
[ -s "$BUILDDIR/vm/newest-series" ] || BUILD=$BUILDDIR "$TOP/tests/vm/fetch-kernel.sh" newest
ns=$(cat "$BUILDDIR/vm/newest-series")
[ -s "$BUILDDIR/vm/$ns/kver" ] || BUILD=$BUILDDIR "$TOP/tests/vm/fetch-kernel.sh" newest
new_kr=$(cat "$BUILDDIR/vm/$ns/kver")
case $new_kr in
7.*-amd64) ;;
*) die "the newest series $ns has kernel release '$new_kr', not a 7.x amd64 one" ;;
esac
new_abi=${new_kr%-amd64}
debs=$("$TOP/tests/cache.sh" dir)/debs
hdr=$(ls "$debs/linux-headers-${new_kr}"_*_amd64.deb 2>/dev/null | sort -V | tail -n 1)
[ -n "$hdr" ] || die "no linux-headers-$new_kr .deb in $debs (run tests/vm/fetch-kernel.sh newest)"
new_ver=$(dpkg-deb -f "$hdr" Version)
kdebs=()
for p in "linux-headers-$new_kr" "linux-headers-$new_abi-common" "linux-kbuild-$new_abi" "linux-base-$new_kr"; do
	f=$(ls "$debs/${p}_${new_ver/:/%3a}"_{amd64,all}.deb 2>/dev/null | head -n 1 || true)
	[ -n "$f" ] || die "no $p $new_ver .deb in $debs"
	kdebs+=("$f")
done

# The root's packages: the build dependencies (lib.sh's build_deps),
# lintian, dkms and kmod (modinfo), trixie's own 6.12 headers, and what the
# 7.x header packages depend on outside themselves (installed with them).
root_pkgs() {
	build_deps
	echo lintian dkms kmod linux-headers-amd64 | tr ' ' '\n'
	for f in "${kdebs[@]}"; do
		dpkg-deb -f "$f" Depends | tr ',' '\n' |
			sed -e 's/([^)]*)//g' -e 's/|.*//' -e 's/[[:space:]]//g'
	done | grep -v -e '^$' -e "^linux-headers-$new_abi" -e "^linux-kbuild-$new_abi\$" \
		-e "^linux-base-$new_kr\$"
}
pkgs=$(root_pkgs | grep -v '^$' | sort -u | paste -sd, -)
[ -n "$pkgs" ] || die "no packages for the root"
want="$pkgs $(for f in "${kdebs[@]}"; do basename "$f"; done | paste -sd, -)"

if [ -d "$R" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
	ok "cached Debian 13 root $R ($(echo "$pkgs" | tr ',' '\n' | wc -l) packages asked for, $new_kr headers)"
else
	new_root "$R" "$STAMP"
	# mmdebstrap makes the base, apt inside adds the rest (the 7.x
	# headers come as local .debs), keeping its .debs in a cache of its
	# own, so a root made again downloads little.
	pc=$CC/trixie-pkgcache
	mkdir -p "$pc/partial"
	log "mmdebstrap --variant=minbase trixie $R (log: $C/trixie-mmdebstrap.log)"
	t0=$(date +%s)
	if ! mmdebstrap --variant=minbase ${KEYRING:+"$KEYRING"} \
		trixie "$R.new" "$MIRROR" >"$C/trixie-mmdebstrap.log" 2>&1; then
		tail -n 30 "$C/trixie-mmdebstrap.log"
		bad "mmdebstrap --variant=minbase trixie (log: $C/trixie-mmdebstrap.log)"
		exit 1
	fi
	ok "mmdebstrap --variant=minbase trixie ($(($(date +%s) - t0)) s)"
	# apt of the root: trixie (mmdebstrap wrote it) and trixie-backports
	# of the same mirror, for what the 7.x headers may need from there.
	opt=""
	[ "$SIGNED_BY" != "-" ] && [ -f "$R.new$SIGNED_BY" ] && opt="[signed-by=$SIGNED_BY] "
	echo "deb ${opt}$MIRROR trixie-backports main" >"$R.new/etc/apt/sources.list.d/trixie-backports.list"
	# The packages, and the 7.x headers from the .debs fetch-kernel.sh got
	# (with /dev/pts absent, dpkg's terminal log says "E: Can not write
	# log": harmless). trixie's 6.12 headers pull its image, as Debian
	# makes them depend on it.
	mkdir -p "$R.new/tmp/kdebs"
	cp "${kdebs[@]}" "$R.new/tmp/kdebs/"
	# No initramfs: nothing boots this root, and the two that trixie's
	# kernel image and initramfs-tools' trigger would make cost about 50
	# processor seconds.  update-initramfs is diverted before it is
	# installed, a stub takes its place.
	chroot "$R.new" dpkg-divert --local --rename \
		--divert /usr/sbin/update-initramfs.distrib --add /usr/sbin/update-initramfs >/dev/null
	printf '#!/bin/sh\n# discxfer: this build root boots nothing (tests/packaging/trixie-check.sh)\nexit 0\n' \
		>"$R.new/usr/sbin/update-initramfs"
	chmod 0755 "$R.new/usr/sbin/update-initramfs"
	mount -t proc proc "$R.new/proc"
	mount --bind "$pc" "$R.new/var/cache/apt/archives"
	t0=$(date +%s)
	log "apt-get install in the root: the packages and the $new_kr headers (log: $C/trixie-apt.log)"
	if chroot "$R.new" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -q &&
		apt-get install -y -q --no-install-recommends $(echo "$pkgs" | tr ',' ' ') /tmp/kdebs/*.deb" \
		>"$C/trixie-apt.log" 2>&1 &&
		! grep -e '^E: ' -e '^W: Failed' "$C/trixie-apt.log" | grep -qv 'Is /dev/pts mounted'; then
		ok "apt-get install of $(echo "$pkgs" | tr ',' '\n' | wc -l) packages and the $new_kr headers ($new_ver) in the root ($(($(date +%s) - t0)) s)"
	else
		umount "$R.new/var/cache/apt/archives" "$R.new/proc"
		tail -n 30 "$C/trixie-apt.log"
		bad "apt-get install in the root (log: $C/trixie-apt.log)"
		exit 1
	fi
	umount "$R.new/var/cache/apt/archives"
	umount "$R.new/proc"
	rm -rf "$R.new/tmp/kdebs"
	mv "$R.new" "$R"
	echo "$want" >"$STAMP"
fi

# The kernels whose headers the root has: trixie's 6.12 and the 7.x one.
kernels=$(chroot "$R" sh -c 'cd /usr/lib/modules && for k in *; do [ -e "$k/build/Makefile" ] && echo "$k"; done' || true)
old_kr=$(echo "$kernels" | grep '^6\.12\.' | sort -V | tail -n 1 || true)
[ -n "$old_kr" ] && ok "trixie's own headers: $old_kr" ||
	bad "no 6.12 headers in the root (linux-headers-amd64 of trixie): has '$(echo $kernels)'"
echo "$kernels" | grep -qxF "$new_kr" && ok "newest series' headers: $new_kr" ||
	bad "no $new_kr headers in the root: has '$(echo $kernels)'"

# A fresh overlay above the cached root for this run.
rm -rf --one-file-system "$RUN" "$L"
mkdir -p "$RUN/upper" "$RUN/work" "$M" "$L"
mount -t overlay overlay -o "lowerdir=$R,upperdir=$RUN/upper,workdir=$RUN/work" "$M"
mount -t proc proc "$M/proc"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$M/dev/shm"
copy_tree "$M/build/discxfer"

# in_root LOG COMMAND: COMMAND (sh) as root in the root, with a clean
# environment; its output goes to LOG.
in_root() {
	local logf=$1
	shift
	chroot "$M" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive /bin/sh -c "$*" >"$logf" 2>&1
}
# step NAME LOG COMMAND: in_root, PASS or FAIL with the log's tail.
step() {
	local name=$1 logf=$2 t0
	shift 2
	t0=$(date +%s)
	if in_root "$logf" "$@"; then
		ok "$name ($(($(date +%s) - t0)) s)"
	else
		tail -n 30 "$logf"
		bad "$name (log: $logf)"
		return 1
	fi
}

dver=$(cd "$TOP" && dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
chg=/build/discxfer_${dver}_${arch}.changes
if ! step "dpkg-buildpackage -us -uc -b on trixie (runs check-unit)" "$L/dpkg-buildpackage.log" \
	"cd /build/discxfer && dpkg-buildpackage -us -uc -b"; then
	exit 1
fi
debs=""
for p in libdiscxfer0_${dver}_${arch} libdiscxfer-dev_${dver}_${arch} discxfer_${dver}_${arch} \
	discxfer-dkms_${dver}_all; do
	if [ -f "$M/build/$p.deb" ]; then
		ok "built $p.deb"
		debs="$debs ./$p.deb"
	else
		bad "no $p.deb"
	fi
done
mkdir -p "$L/debs"
cp "$M"/build/*.deb "$M"/build/*.changes "$M"/build/*.buildinfo "$L/debs/" 2>/dev/null || true

lver=$(chroot "$M" dpkg-query -W -f='${Version}' lintian)
set +e
in_root "$L/lintian.log" "lintian --fail-on error,warning --display-info $chg"
lrc=$?
set -e
grep -E '^[EWIXOP]: ' "$L/lintian.log" || true
errors=$(grep -c '^E: ' "$L/lintian.log" || true)
warnings=$(grep -c '^W: ' "$L/lintian.log" || true)
echo "trixie-check: lintian $lver: $errors errors, $warnings warnings"
if [ "$lrc" = 0 ] && [ "$errors" = 0 ] && [ "$warnings" = 0 ]; then
	ok "trixie's lintian $lver: no errors, no warnings"
else
	[ "$lrc" = 0 ] || [ "$errors" != 0 ] || [ "$warnings" != 0 ] || tail -n 20 "$L/lintian.log"
	bad "trixie's lintian $lver: $errors errors, $warnings warnings, exit $lrc (log: $L/lintian.log)"
fi

# shellcheck disable=SC2086
step "apt-get install of the four packages on trixie" "$L/apt-install.log" \
	"cd /build && apt-get install -y -q $debs" || true
for p in libdiscxfer0 libdiscxfer-dev discxfer discxfer-dkms; do
	st=$(chroot "$M" dpkg-query -W -f='${Status} ${Version}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed $dver" ] && ok "$p $dver installed" ||
		bad "$p: dpkg says '${st:-not installed}', want installed $dver"
done

# DKMS: whatever the postinst built, then `dkms build` for each kernel it
# did not build for.
in_root "$L/dkms-status-postinst.log" "dkms status" || true
echo "trixie-check: dkms status after the postinst: $(tr '\n' ';' <"$L/dkms-status-postinst.log")"
for kr in $old_kr $new_kr; do
	if grep -q "^discxfer/$VERSION, $kr, [^:]*: \(built\|installed\)" "$L/dkms-status-postinst.log"; then
		ok "$kr: the discxfer-dkms postinst built it"
	else
		step "$kr: dkms build -m discxfer -v $VERSION -k $kr" "$L/dkms-build-$kr.log" \
			"dkms build -m discxfer -v $VERSION -k $kr" || {
			cat "$M/var/lib/dkms/discxfer/$VERSION/build/make.log" 2>/dev/null | tail -n 30 || true
			continue
		}
	fi
done
in_root "$L/dkms-status.log" "dkms status" || true
for kr in $old_kr $new_kr; do
	grep -q "^discxfer/$VERSION, $kr, [^:]*: \(built\|installed\)" "$L/dkms-status.log" &&
		ok "$kr: dkms status: $(grep "^discxfer/$VERSION, $kr," "$L/dkms-status.log")" ||
		bad "$kr: dkms status lacks discxfer/$VERSION built for it: $(tr '\n' ';' <"$L/dkms-status.log")"
	ko=$(cd "$M" && ls var/lib/dkms/discxfer/"$VERSION"/"$kr"/*/module/discxfer.ko* 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		bad "$kr: no discxfer.ko in /var/lib/dkms"
		continue
	fi
	vm=$(chroot "$M" modinfo -F vermagic "/$ko" | cut -d' ' -f1)
	[ "$vm" = "$kr" ] && ok "$kr: $(basename "$ko") vermagic $vm" ||
		bad "$kr: $(basename "$ko") vermagic '$vm', want '$kr'"
	mv=$(chroot "$M" modinfo -F version "/$ko")
	[ "$mv" = "$VERSION" ] && ok "$kr: modinfo version $mv" ||
		bad "$kr: modinfo version '$mv', want '$VERSION' (VERSION)"
done

# The installed command, from the installed library.
lib=$(chroot "$M" sh -c 'ldd /usr/bin/discxfer' | awk '$1 == "libdiscxfer.so.0" { print $3 }')
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
[ "$lib" = "/lib/$ma/libdiscxfer.so.0" ] || [ "$lib" = "/usr/lib/$ma/libdiscxfer.so.0" ] &&
	ok "/usr/bin/discxfer uses the installed $lib" ||
	bad "/usr/bin/discxfer resolves libdiscxfer.so.0 to '$lib'"
out=$(chroot "$M" /usr/bin/env -i /usr/bin/discxfer --version 2>&1) &&
	[ "$out" = "discxfer $VERSION" ] && ok "discxfer --version: $out" ||
	bad "discxfer --version: '$out', want 'discxfer $VERSION'"

# The rules where trixie's udev reads them (only below /usr), and valid to
# trixie's `udevadm verify`.
for r in "$TOP"/udev/*.rules.in; do
	f=/usr/lib/udev/rules.d/$(basename "$r" .in)
	owner=$(chroot "$M" dpkg-query -S "$f" 2>/dev/null | cut -d: -f1 || true)
	[ "$owner" = discxfer ] && ok "$f installed by discxfer" ||
		bad "$f: owned by '${owner:-no package}', want discxfer"
	if out=$(chroot "$M" udevadm verify --resolve-names=never "$f" 2>&1); then
		ok "udevadm verify $f"
	else
		bad "udevadm verify $f: $out"
	fi
done

# list_check WHAT WANT: `discxfer list` exits 0 and prints WANT drives
# (0: "No optical drives found.").
list_check() {
	local what=$1 want=$2 out rc=0 n
	out=$(chroot "$M" /usr/bin/env -i /usr/bin/discxfer list 2>&1) || rc=$?
	echo "$out" >"$L/list-$(echo "$what" | tr -c 'a-z\n' -).log"
	if [ "$rc" != 0 ]; then
		bad "discxfer list $what: exit $rc: $out"
	elif [ "$want" = 0 ]; then
		[ "$out" = "No optical drives found." ] && ok "discxfer list $what: '$out', exit 0" ||
			bad "discxfer list $what: '$out', want 'No optical drives found.'"
	else
		n=$(($(echo "$out" | wc -l) - 1))
		[ "$n" = "$want" ] && ok "discxfer list $what: $n drives, as the host has, exit 0" ||
			bad "discxfer list $what: $n drives, the host has $want: $out"
	fi
}
[ -z "$(ls -A "$M/sys" 2>/dev/null)" ] || bad "the root's /sys is not empty before sysfs is mounted"
list_check "without /sys" 0
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$M/sys"
host_drives=0
for t in /sys/bus/scsi/devices/*/type; do
	[ -r "$t" ] || continue
	case $(cat "$t") in 4 | 5) host_drives=$((host_drives + 1)) ;; esac
done
list_check "with sysfs mounted read-only" "$host_drives"

cleanup
left=$(mounts_in "$M")
[ -z "$left" ] && ok "nothing mounted below $M afterwards" ||
	bad "still mounted below $M: $(echo "$left" | tr '\n' ' ')"
[ -z "$(mounts_in "$R")" ] && ok "nothing mounted below the cached root $R" ||
	bad "mounted below the cached root $R: $(mounts_in "$R" | tr '\n' ' ')"
rm -rf --one-file-system "$RUN"
