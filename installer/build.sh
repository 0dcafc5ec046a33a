#!/usr/bin/env bash
# Build the one-folder bundle on this machine, check it with its self-test, measure the oldest glibc it
# starts on, then the .deb and the Windows installer script. Output in build/. Run through `./dev package`
# (which sets up the venv first). The release for older desktops (glibc 2.31: Kylin V10 SP1, Ubuntu 20.04)
# is built inside a Debian 11 root by installer/linux/bullseye.sh; a bundle built here on Debian 12 needs
# what this machine's glibc offers (GLIBC_FLOOR=2.31 makes the check fail instead of report).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
# The bundle is built from exactly what the tests ran with: the lock, hashes checked (a no-op when the
# venv already matches it, as after ./dev's python_setup).
"$PY" -m pip install -q --require-hashes -r requirements.lock
version=$("$PY" -c "import stationdesk; print(stationdesk.__version__)")
start=$(date +%s)

"$PY" installer/make_icons.py build/icons
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
  installer/stationdesk.spec
bundle=build/dist/stationdesk
"$bundle/stationdesk-cli" --self-test

# Every ELF file's GLIBC_ symbol versions: the oldest Linux the bundle (and so the .deb) starts on
glibc_report=$("$PY" installer/check_glibc.py "$bundle" ${GLIBC_FLOOR:+--floor "$GLIBC_FLOOR"}) \
  || { echo "$glibc_report" >&2; exit 1; }
echo "$glibc_report" | tail -12
glibc=$(echo "$glibc_report" | sed -n 's/^glibc floor: \([0-9.]*\).*/\1/p')

deb=$(installer/linux/build-deb.sh "$bundle" build/icons build "$version" "$glibc")
# The Inno Setup script is compiled on Windows (installer/windows/build.ps1 renders it there with Windows
# paths); rendered here it checks that every file the script names is in the bundle.
"$PY" installer/windows/render.py "$bundle" build/windows/stationdesk.iss

echo "bundle: $(du -sh "$bundle" | cut -f1) ($(find "$bundle" -type f | wc -l) files), needs glibc $glibc," \
     "deb: $(du -h "$deb" | cut -f1), build time: $(( $(date +%s) - start )) s"
echo "$deb" > build/deb-path
