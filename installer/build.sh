#!/usr/bin/env bash
# Build the one-folder bundle, check it with its self-test, then the .deb and the Windows installer
# script. Output in build/. Run through `./dev package` (which sets up the venv first).
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

deb=$(installer/linux/build-deb.sh "$bundle" build/icons build "$version")
"$PY" installer/windows/render.py "$bundle" build/windows/stationdesk.iss

echo "bundle: $(du -sh "$bundle" | cut -f1) ($(find "$bundle" -type f | wc -l) files), deb: $(du -h "$deb" | cut -f1)," \
     "build time: $(( $(date +%s) - start )) s"
echo "$deb" > build/deb-path
