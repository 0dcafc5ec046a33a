"""Fill the Inno Setup script from the version and check that every file it names is in the bundle.

Usage: python installer/windows/render.py BUNDLE_DIR OUT.iss   (installer/windows/build.ps1 and
installer/build.sh run it; build.ps1 passes build\\dist\\stationdesk and build\\windows\\stationdesk.iss)

Every path in the script is written relative to the script's own folder with Windows separators
(Inno Setup resolves relative paths against the script's folder, its SourceDir), so a script rendered on
Linux is the same file as one rendered on Windows: "..\\dist\\stationdesk\\stationdesk.exe" for the layout
build\\windows, build\\dist, build\\icons. On Linux the bundle's programs lack ".exe", which the check allows for.
"""

import os
import re
import sys
from pathlib import Path, PureWindowsPath

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from stationdesk import __version__  # noqa: E402


def windows_path(target: Path, start: Path) -> str:
    """target relative to start, with backslashes (absolute when Windows cannot relate them: another drive)."""
    try:
        relative = os.path.relpath(target, start)
    except ValueError:
        relative = str(target)
    return str(PureWindowsPath(relative.replace("/", "\\")))


def render(bundle: Path, out: Path, version: str = __version__) -> tuple[str, list[str]]:
    """Write the script; return its text and the files it names that the bundle lacks."""
    out = out.resolve()
    bundle = bundle.resolve()
    template = (Path(__file__).parent / "stationdesk.iss.in").read_text(encoding="utf-8")
    text = template.replace("@VERSION@", version).replace("@BUNDLE@", windows_path(bundle, out.parent))
    missing = []

    def on_disk(windows: str) -> Path:  # a path of the script as this machine finds it
        return Path(os.path.normpath(out.parent / Path(*PureWindowsPath(windows).parts)))

    for source in re.findall(r'^Source: "([^"]+)"', text, flags=re.MULTILINE):
        path = on_disk(source)
        if path.name == "*":
            found = path.parent.is_dir() and any(path.parent.iterdir())
        else:
            found = path.exists() or path.with_suffix("").exists()
        if not found:
            missing.append(source)
    icon = re.search(r"^SetupIconFile=(.+)$", text, flags=re.MULTILINE).group(1)
    if not on_disk(icon).exists():
        missing.append(icon)
    if re.search(r'^(Source: "|SetupIconFile=|OutputDir=)[^\n]*/', text, flags=re.MULTILINE):
        raise ValueError("a path in the installer script has a forward slash")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8-sig", newline="\r\n")  # Inno Setup reads UTF-8 with a BOM
    return text, missing


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    _, missing = render(Path(sys.argv[1]), Path(sys.argv[2]))
    if missing:
        print("installer script names files the bundle lacks: " + ", ".join(missing), file=sys.stderr)
        raise SystemExit(1)
    print(f"wrote {sys.argv[2]} for version {__version__}")
