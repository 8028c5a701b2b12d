#!/bin/sh
# Builds small .deb packages with dpkg-deb and drives a private dpkg database through every
# package state with the real dpkg (run as root, from this directory); the resulting
# var/lib/dpkg/status and info/*.list are copied here as status and info/.
set -eu
work=$(mktemp -d)
root="$work/root"
admin="$root/var/lib/dpkg"
mkdir -p "$admin/info" "$admin/updates" "$admin/triggers"
: > "$admin/status"
: > "$admin/available"
deb() { # name version arch [extra control lines] -- builds $work/$1_$3.deb from $work/src/$1_$3
  name=$1 version=$2 arch=$3 extra=${4:-}
  d="$work/src/${name}_$arch"
  mkdir -p "$d/DEBIAN" "$d/usr/share/doc/$name"
  echo "$name $version" > "$d/usr/share/doc/$name/README"
  { printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: Bulwark fixture <fixture@bulwark.invalid>\n' "$name" "$version" "$arch"
    [ -n "$extra" ] && printf '%b\n' "$extra"
    printf 'Description: %s test package\n Built for a dpkg status fixture.\n' "$name"; } > "$d/DEBIAN/control"
  dpkg-deb --root-owner-group -Zgzip --build "$d" "$work/${name}_$arch.deb" >/dev/null
}
D="dpkg --root=$root --admindir=$admin --force-script-chrootless --force-not-root --log=/dev/null"
$D --add-architecture i386
# installed, with a Source field carrying a version and an epoch in the binary version
deb hello-bin 1:2.10-3+b1 amd64 'Source: hello (1:2.10-3)'
# installed, Source without version
deb hello-doc 1:2.10-3+b1 all 'Source: hello'
# Multi-Arch: same, installed for two architectures
deb libfixture1 0.9-1 amd64 'Multi-Arch: same'
deb libfixture1 0.9-1 i386 'Multi-Arch: same'
# unpacked only
deb unpacked-only 1.0-1 amd64
# has a conffile; removed (not purged) -> config-files
deb conf-left 2.0-1 all
mkdir -p "$work/src/conf-left_all/etc/conf-left"; echo "x=1" > "$work/src/conf-left_all/etc/conf-left/conf"
echo /etc/conf-left/conf > "$work/src/conf-left_all/DEBIAN/conffiles"
dpkg-deb --root-owner-group -Zgzip --build "$work/src/conf-left_all" "$work/conf-left_all.deb" >/dev/null
# postinst fails -> half-configured
deb broken-postinst 3.0-1 all
printf '#!/bin/sh\nexit 1\n' > "$work/src/broken-postinst_all/DEBIAN/postinst"; chmod 755 "$work/src/broken-postinst_all/DEBIAN/postinst"
dpkg-deb --root-owner-group -Zgzip --build "$work/src/broken-postinst_all" "$work/broken-postinst_all.deb" >/dev/null
# file trigger: trigger-watcher is interested in /usr/share/fixture-triggers; trigger-poker installs a file there
deb trigger-watcher 1.0-1 all
printf 'interest /usr/share/fixture-triggers\n' > "$work/src/trigger-watcher_all/DEBIAN/triggers"
dpkg-deb --root-owner-group -Zgzip --build "$work/src/trigger-watcher_all" "$work/trigger-watcher_all.deb" >/dev/null
deb trigger-poker 1.0-1 all
mkdir -p "$work/src/trigger-poker_all/usr/share/fixture-triggers"; echo y > "$work/src/trigger-poker_all/usr/share/fixture-triggers/file"
dpkg-deb --root-owner-group -Zgzip --build "$work/src/trigger-poker_all" "$work/trigger-poker_all.deb" >/dev/null
# purged package: installed then purged, leaving no stanza (or a not-installed one)
deb purged-pkg 1.0-1 all
# preinst kills the dpkg that runs it, as a crash or power loss would: half-installed
deb interrupted 4.0-1 all
printf '#!/bin/sh\nkill -KILL "$PPID"\nexit 1\n' > "$work/src/interrupted_all/DEBIAN/preinst"; chmod 755 "$work/src/interrupted_all/DEBIAN/preinst"
dpkg-deb --root-owner-group -Zgzip --build "$work/src/interrupted_all" "$work/interrupted_all.deb" >/dev/null
# a package kept on hold, built with an explicit zero epoch (dpkg stores it without)
deb held-pkg 0:5.0-1 amd64

$D -i "$work/hello-bin_amd64.deb" "$work/hello-doc_all.deb" "$work/libfixture1_amd64.deb" "$work/libfixture1_i386.deb" \
  "$work/conf-left_all.deb" "$work/trigger-watcher_all.deb" "$work/purged-pkg_all.deb" "$work/held-pkg_amd64.deb"
echo "held-pkg hold" | $D --set-selections
$D --unpack "$work/unpacked-only_amd64.deb"
$D -i "$work/broken-postinst_all.deb" || true
$D -r conf-left
$D -P purged-pkg
$D --no-triggers -i "$work/trigger-poker_all.deb"
$D -i "$work/interrupted_all.deb" || true
# fold the journal of the killed run into the status file (read-only commands leave it in updates/)
echo "held-pkg hold" | $D --set-selections
cp "$admin/status" ./status
mkdir -p info && cp "$admin"/info/*.list info/
dpkg-query --admindir="$admin" -W -f '${Package}\t${Architecture}\t${db:Status-Status}\n' >&2
rm -rf "$work"
