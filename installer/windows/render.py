"""Fill the Inno Setup script from the version and check that every file it names is in the bundle.

Usage: python installer/windows/render.py BUNDLE_DIR OUT.iss
(The installer itself is built on Windows with iscc; on Linux the bundle's programs lack ".exe", which
the check allows for.)
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from stationdesk import __version__  # noqa: E402


def render(bundle: Path, out: Path) -> list[str]:
    """Write the script; return the files it names that the bundle lacks."""
    template = (Path(__file__).parent / "stationdesk.iss.in").read_text(encoding="utf-8")
    text = template.replace("@VERSION@", __version__).replace("@BUNDLE@", str(bundle))
    missing = []
    for source in re.findall(r'^Source: "([^"]+)"', text, flags=re.MULTILINE):
        path = Path(source.replace("\\", "/"))
        if path.name == "*":
            found = path.parent.is_dir() and any(path.parent.iterdir())
        else:
            found = path.exists() or path.with_suffix("").exists()
        if not found:
            missing.append(source)
    icon = re.search(r"^SetupIconFile=(.+)$", text, flags=re.MULTILINE).group(1)
    if not Path(icon.replace("\\", "/")).resolve().exists():
        missing.append(icon)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8-sig")  # Inno Setup reads UTF-8 with a BOM
    return missing


if __name__ == "__main__":
    missing = render(Path(sys.argv[1]).resolve(), Path(sys.argv[2]))
    if missing:
        print("installer script names files the bundle lacks: " + ", ".join(missing), file=sys.stderr)
        raise SystemExit(1)
    print(f"wrote {sys.argv[2]} for version {__version__}")
