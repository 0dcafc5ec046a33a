#!/usr/bin/env bash
# The Linux release: the bundle and the .deb built inside a Debian 11 (bullseye, glibc 2.31) root, so they
# start on Kylin V10 SP1, Ubuntu 20.04 and Debian 11 as well as on anything newer; then the .deb installed
# and self-tested inside that root. Run as root (debootstrap, chroot, mount). Output in build/compat/:
# the bundle stationdesk/ and stationdesk_VERSION_ARCH.deb (its path also in build/compat/deb-path).
#
#  1. debootstrap bullseye into build/bullseye/ (kept: a second run skips what is already there)
#  2. Python 3.11 built there from Debian 12's python3.11 source package (the upstream 3.11.2 tarball;
#     bullseye's own Python is 3.9), with SQLite 3.40.1 from Debian 12's sqlite3 source package (bullseye's
#     3.34 lacks ALTER TABLE … DROP COLUMN, which the rollup migrations use); the sources come through apt
#     from Debian's mirror, checked against its signed index
#  3. a venv from installer/linux/requirements-bullseye.lock (hashes checked, wheels where any; PySide6 6.9.3,
#     whose wheels are manylinux_2_28), PyInstaller with installer/stationdesk.spec, the bundle's self-test
#  4. installer/check_glibc.py --floor 2.31 on the bundle, the .deb, dpkg -i in the root, stationdesk
#     --self-test from the installed copy there, dpkg -r and a check that nothing is left
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
root=${STATIONDESK_BULLSEYE_ROOT:-$repo/build/bullseye}
out=$repo/build/compat
floor=2.31
prefix=/opt/sd-python   # the Python inside the root (never on the host)
# The mirror the host's apt uses (deb.debian.org unless configured otherwise)
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/*$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "bullseye.sh: run as root (debootstrap, chroot)" >&2; exit 2; }
t0=$(date +%s)
lap() { echo "bullseye: $1 ($(( $(date +%s) - t0 )) s so far)"; }

# The libraries the .deb depends on (build-deb.sh's Depends, bullseye's names) plus the build tools
runtime=libgl1,libegl1,libxkbcommon0,libxkbcommon-x11-0,libfontconfig1,libdbus-1-3,libglib2.0-0,libxcb-cursor0,libxcb-icccm4,libxcb-image0,libxcb-keysyms1,libxcb-randr0,libxcb-render-util0,libxcb-shape0,libxcb-xinerama0,libxcb-xkb1
tools=build-essential,pkg-config,libssl-dev,libffi-dev,zlib1g-dev,libbz2-dev,liblzma-dev,uuid-dev,tcl,xz-utils,ca-certificates,binutils

# 1. the root
if [ ! -x "$root/usr/bin/gcc" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  rm -rf "$root.partial"
  mkdir -p "$(dirname "$root")"
  debootstrap --variant=minbase --include="$tools,$runtime" bullseye "$root.partial" "$mirror" > "$repo/build/debootstrap.log" 2>&1 \
    || { tail -20 "$repo/build/debootstrap.log" >&2; exit 1; }
  rm -rf "$root"; mv "$root.partial" "$root"
  lap "debootstrap bullseye from $mirror"
fi
# pip reaches PyPI from inside, trusting what the host trusts (a proxy's own CA included)
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}" "$root/etc/ssl/host-ca-certificates.crt"

mounted=()
cleanup() {
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for fs in proc dev; do
  if ! mountpoint -q "$root/$fs"; then
    if [ "$fs" = proc ]; then mount -t proc proc "$root/proc"; else mount --bind /dev "$root/dev"; fi
    mounted+=("$root/$fs")
  fi
done
in_root() {
  env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen PIP_CERT=/etc/ssl/host-ca-certificates.crt PIP_DEFAULT_TIMEOUT=180 chroot "$root" /bin/bash -euo pipefail -c "$1"
}

# 2. Python 3.11 with SQLite 3.40 inside the root
if [ ! -x "$root$prefix/bin/python3.11" ]; then
  src=$repo/build/bullseye-src
  mkdir -p "$src/lists/partial" "$src/cache"
  echo "deb-src $mirror bookworm main" > "$src/sources.list"
  apt_src=(-o Dir::Etc::SourceList="$src/sources.list" -o Dir::Etc::SourceParts=/nonexistent
           -o Dir::State::Lists="$src/lists" -o Dir::Cache="$src/cache")
  apt_src+=(-o APT::Sandbox::User=root)   # the download folder is root's
  apt-get -qq "${apt_src[@]}" update
  (cd "$src" && apt-get -qq "${apt_src[@]}" source --download-only python3.11 sqlite3 >/dev/null)
  mkdir -p "$root/build"
  tar -xzf "$src"/python3.11_3.11*.orig.tar.gz -C "$root/build"
  tar -xJf "$src"/sqlite3_3.40*.orig.tar.xz -C "$root/build"
  in_root "
    cd /build/sqlite3-3.40.1
    # Debian 12's build flags for libsqlite3 (what the host Python used, so the same SQL behaves the same)
    CFLAGS='-O2 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_ENABLE_MATH_FUNCTIONS' \
      ./configure -q --prefix=$prefix --disable-tcl --disable-static > /dev/null
    make -s -j\$(nproc) > /dev/null 2>&1
    make -s install > /dev/null
    cd /build/Python-3.11.*
    ./configure -q --prefix=$prefix --enable-shared --with-ensurepip=install \
      CPPFLAGS=-I$prefix/include LDFLAGS='-L$prefix/lib -Wl,-rpath,$prefix/lib' > /dev/null
    make -s -j\$(nproc) > /build/python-make.log 2>&1 || { tail -30 /build/python-make.log; exit 1; }
    make -s install > /dev/null 2>&1
    $prefix/bin/python3.11 -c 'import sqlite3, ssl, ctypes, lzma, bz2, zlib, uuid; print(\"python\", __import__(\"sys\").version.split()[0], \"sqlite\", sqlite3.sqlite_version)'
  "
  rm -rf "$root/build"
  lap "Python 3.11 and SQLite built in the root"
fi

# 3. the bundle, from a copy of the tree (no venv, no build output, no git)
rm -rf "$root/src"; mkdir -p "$root/src"
tar -c --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./demo --exclude=./mutants \
  --exclude=./.bench-cache --exclude='*.egg-info' --exclude=__pycache__ . | tar -x -C "$root/src"
in_root "
  cd /src
  [ -x /venv/bin/python ] || $prefix/bin/python3.11 -m venv /venv
  /venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --prefer-binary \
    -r installer/linux/requirements-bullseye.lock
  /venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  /venv/bin/python installer/make_icons.py build/icons > /dev/null
  /venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
    installer/stationdesk.spec
  build/dist/stationdesk/stationdesk-cli --self-test
"
lap "bundle built and self-tested in the root"
rm -rf "$out"; mkdir -p "$out"
cp -a "$root/src/build/dist/stationdesk" "$out/stationdesk"

# 4. glibc floor, the .deb, installed and self-tested in the root
in_root "cd /src && /venv/bin/python installer/check_glibc.py build/dist/stationdesk --floor $floor"
version=$(in_root "cd /src && /venv/bin/python -c 'import stationdesk; print(stationdesk.__version__)'")
deb=$(installer/linux/build-deb.sh "$out/stationdesk" "$root/src/build/icons" "$out" "$version" "$floor")
cp "$deb" "$root/tmp/stationdesk.deb"
in_root "
  dpkg -i /tmp/stationdesk.deb > /dev/null
  stationdesk --self-test
  dpkg -r stationdesk 2>&1 | grep -i warn && exit 1
  test ! -e /usr/lib/stationdesk && test ! -e /usr/bin/stationdesk
  rm /tmp/stationdesk.deb
"
echo "$deb" > "$out/deb-path"
lap "done: $deb (glibc floor ≤ $floor, installed and self-tested on Debian 11)"
