"""What a county adopting the program reads first: the version (关于, --version), the licence, the
changelog, and a lock that pins every package with its hash."""

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import stationdesk

ROOT = Path(__file__).resolve().parents[1]


def test_version_on_the_command_line():
    out = subprocess.run([sys.executable, "-m", "stationdesk", "--version"], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip().endswith(stationdesk.__version__)


def test_about_shows_the_version_and_the_licence():
    from stationdesk.ui.main_window import about_text

    text = about_text(Path("station.sqlite3"))
    assert f"{stationdesk.APP_NAME} {stationdesk.__version__}" in text
    assert "Apache 许可证 2.0" in text and "字体" in text


def test_licence_and_changelog():
    assert "Apache License" in (ROOT / "LICENSE").read_text() and "Version 2.0" in (ROOT / "LICENSE").read_text()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {stationdesk.__version__}" in changelog


def _requirements(text: str) -> dict[str, list[str]]:
    """name==version (with its marker) → its hashes, from a pip requirements file with continuation lines."""
    found: dict[str, list[str]] = {}
    for entry in re.sub(r"\\\n", " ", text).splitlines():
        entry = entry.split("#", 1)[0].strip()
        if entry:
            found[entry.split("--hash")[0].strip()] = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
    return found


def test_the_lock_pins_every_package_with_hashes():
    locked = _requirements((ROOT / "requirements.lock").read_text())
    assert len(locked) > 40
    assert [r for r, hashes in locked.items() if "==" not in r or not hashes] == []
    pins = {re.split(r"[=;]", r)[0].strip().lower().replace("_", "-"): r for r in locked}
    for wanted in _requirements((ROOT / "requirements.in").read_text()):
        name, version = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^;\s]+)", wanted).groups()
        assert any(re.match(rf"{re.escape(name.lower().replace('_', '-'))}=={re.escape(version)}\b", r.lower())
                   for r in locked), f"{wanted} is not in the lock at that version"
    assert "pillow" in pins and "pyside6-essentials" in pins
    assert re.search(r"pyside6-essentials==6\.11\.3 ; python_full_version < '3\.12'", "\n".join(locked))


def test_every_package_the_program_imports_is_declared():
    """Pillow was imported (services/photos.py) but not declared: an install from pyproject alone broke."""
    declared = {re.split(r"[<>=!;\[ ]", d)[0].lower().replace("_", "-")
                for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    distributions = packages_distributions()
    imported = set()
    for path in (ROOT / "stationdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "stationdesk"}
    missing = {m: distributions.get(m) for m in third_party
               if not {d.lower().replace("_", "-") for d in distributions.get(m, [m])} & declared}
    # shiboken6 comes with PySide6; psycopg_binary is psycopg[binary]'s
    assert {m for m in missing if m not in ("shiboken6",)} == set(), missing
