"""DESIGN §2's layers are an import-linter contract (pyproject, run here and by ./dev test); Qt stays in
stationdesk/ui, checked also by importing every other module in a fresh interpreter."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import stationdesk

ROOT = Path(stationdesk.__file__).parent


def non_ui_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages([str(ROOT)], "stationdesk.")
                  if not m.name.startswith(("stationdesk.ui", "stationdesk.__main__")))


def test_the_layer_contract_holds():
    proc = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
                          capture_output=True, text=True, cwd=ROOT.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "7 kept, 0 broken" in proc.stdout


def test_every_module_outside_ui_and_a_cli_command_load_without_qt(tmp_path):
    modules = non_ui_modules()
    assert len(modules) > 70 and "stationdesk.services.startup" in modules
    probe = ("import importlib, sys\n"
             f"for name in {modules!r}:\n    importlib.import_module(name)\n"
             "from stationdesk.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "print('QT:' + ','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n")
    proc = subprocess.run([sys.executable, "-c", probe, "--db", str(tmp_path / "x.sqlite3"), "--create", "volunteers", "search", ""],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "QT:"


def test_a_station_never_loads_the_postgresql_driver(tmp_path):
    """peewee imports psycopg as it loads when it is installed (0.2 s of every start): a station's process —
    opening its file, the GUI's first pages — runs without it; only the county rollup loads it."""
    probe = ("import sys\n"
             "from stationdesk.store import open_database\n"
             "from stationdesk.services import activities, roster, stats, startup\n"
             f"store = open_database({str(tmp_path / 's.sqlite3')!r})\n"
             "print('loaded:', sys.modules.get('psycopg') is not None)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "loaded: False"
