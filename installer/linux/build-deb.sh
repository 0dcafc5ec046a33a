#!/usr/bin/env bash
# Build a .deb for Debian-based desktops (UOS, Kylin, Debian, Ubuntu) from the PyInstaller bundle.
# Usage: installer/linux/build-deb.sh BUNDLE_DIR ICON_DIR OUT_DIR VERSION GLIBC   (prints the .deb's path)
# GLIBC: the floor installer/check_glibc.py measured on the bundle, declared as libc6 (>= GLIBC).
# The program goes to /usr/lib/stationdesk, not /opt/stationdesk: no Debian package owns /opt, so a
# package under it became /opt's only owner and `dpkg -r` tried to remove /opt itself ("directory '/opt'
# not empty so not removed", or an empty /opt deleted). /usr/lib is shared with every package: removing
# this one removes exactly /usr/lib/stationdesk.
set -euo pipefail
bundle=$1 icons=$2 out=$3 version=$4 glibc=$5
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -d "$root/DEBIAN" "$root/usr/lib/stationdesk" "$root/usr/bin" "$root/usr/share/applications"
cp -a "$bundle/." "$root/usr/lib/stationdesk/"
ln -s ../lib/stationdesk/stationdesk-cli "$root/usr/bin/stationdesk"
for size in 16 24 32 48 64 128 256; do
  install -D -m 644 "$icons/stationdesk-$size.png" \
    "$root/usr/share/icons/hicolor/${size}x${size}/apps/stationdesk.png"
done
install -D -m 644 "$here/../../resources/icons/stationdesk.svg" \
  "$root/usr/share/icons/hicolor/scalable/apps/stationdesk.svg"
install -m 644 "$here/stationdesk.desktop" "$root/usr/share/applications/stationdesk.desktop"

size_kb=$(du -sk "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: stationdesk
Version: $version
Section: office
Priority: optional
Architecture: $arch
Installed-Size: $size_kb
Depends: libc6 (>= $glibc), libgl1, libegl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libglib2.0-0 | libglib2.0-0t64
Maintainer: StationDesk <stationdesk@localhost>
Description: 站务台账 — records for a 新时代文明实践站
 Offline desktop workbench for a village New Era Civilization Practice station:
 volunteer roster and teams, imports from Excel/WPS, printed rosters, backups.
CONTROL
# mktemp -d made the root 0700 (the package's "./" entry was drwx------) and the bundle's modes follow
# whatever umask built it: every directory 0755, every file readable, executables 0755.
chmod -R u+rwX,go=rX "$root"
mkdir -p "$out"
deb="$out/stationdesk_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build -Zxz "$root" "$deb" >/dev/null

# The listing as dpkg will unpack it: owned by root, directories 0755, files 0644 or 0755, and nothing
# outside /usr (no /opt entry for dpkg -r to stumble on).
bad=$(dpkg-deb -c "$deb" | awk '
  $2 != "root/root" { print; next }
  $1 ~ /^d/ && $1 != "drwxr-xr-x" { print; next }
  $1 ~ /^-/ && $1 != "-rw-r--r--" && $1 != "-rwxr-xr-x" { print; next }
  $1 !~ /^[-dl]/ { print; next }
  $6 != "./" && $6 !~ /^\.\/usr\// { print }')
if [ -n "$bad" ]; then
  echo "build-deb.sh: unexpected entries in $deb:" >&2
  echo "$bad" | head -20 >&2
  exit 1
fi
echo "$deb"
