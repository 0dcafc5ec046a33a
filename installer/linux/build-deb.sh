#!/usr/bin/env bash
# Build a .deb for Debian-based desktops (UOS, Kylin, Debian, Ubuntu) from the PyInstaller bundle.
# Usage: installer/linux/build-deb.sh BUNDLE_DIR ICON_DIR OUT_DIR VERSION
set -euo pipefail
bundle=$1 icons=$2 out=$3 version=$4
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -d "$root/DEBIAN" "$root/opt/stationdesk" "$root/usr/bin" "$root/usr/share/applications"
cp -a "$bundle/." "$root/opt/stationdesk/"
ln -s /opt/stationdesk/stationdesk-cli "$root/usr/bin/stationdesk"
for size in 16 24 32 48 64 128 256; do
  install -D -m 644 "$icons/stationdesk-$size.png" \
    "$root/usr/share/icons/hicolor/${size}x${size}/apps/stationdesk.png"
done
install -D -m 644 "$(dirname "$0")/../../resources/icons/stationdesk.svg" \
  "$root/usr/share/icons/hicolor/scalable/apps/stationdesk.svg"
install -m 644 "$(dirname "$0")/stationdesk.desktop" "$root/usr/share/applications/stationdesk.desktop"

size_kb=$(du -sk "$root/opt" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: stationdesk
Version: $version
Section: office
Priority: optional
Architecture: $arch
Installed-Size: $size_kb
Depends: libgl1, libegl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libglib2.0-0 | libglib2.0-0t64
Maintainer: StationDesk <stationdesk@localhost>
Description: 站务台账 — records for a 新时代文明实践站
 Offline desktop workbench for a village New Era Civilization Practice station:
 volunteer roster and teams, imports from Excel/WPS, printed rosters, backups.
CONTROL
mkdir -p "$out"
deb="$out/stationdesk_${version}_${arch}.deb"
fakeroot dpkg-deb --build -Zxz "$root" "$deb" >/dev/null
echo "$deb"
