"""Qt stays in stationdesk/ui: the domain, services, reports and non-GUI commands never load it."""

import subprocess
import sys
from pathlib import Path

import stationdesk

PROBE = """
import sys
import stationdesk.services.roster, stationdesk.services.teams, stationdesk.services.importing
import stationdesk.services.exporting, stationdesk.services.demo, stationdesk.reports.roster
import stationdesk.cli
from stationdesk.cli import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))
print('QT:' + ','.join(loaded))
"""


def test_importing_services_reports_and_running_a_cli_command_never_loads_qt(tmp_path):
    proc = subprocess.run([sys.executable, "-c", PROBE, "--db", str(tmp_path / "x.sqlite3"), "volunteers",
                           "search", ""], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "QT:"


def test_no_module_outside_ui_imports_pyside6():
    root = Path(stationdesk.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if "PySide6" in p.read_text(encoding="utf-8") and p.parts[len(root.parts)] != "ui"]
    assert offenders == []
