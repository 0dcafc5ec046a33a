"""The pictures in 使用说明 (resources/help/*.png): the app itself on the demo station, offscreen at
1366×768, scaled to 760 px wide. Run again when the screens change:

    QT_QPA_PLATFORM=offscreen python installer/help/make_pictures.py
"""

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "help"
WIDTH = 760


def save(widget, name: str, app) -> None:
    widget.show()
    for _ in range(10):
        app.processEvents()
    widget.grab().scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation).save(str(OUT / f"{name}.png"))
    print(f"{name}.png")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from stationdesk.domain.activity import ActivityDraft
    from stationdesk.services import activities, attendance, roster, station
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database
    from stationdesk.ui.app import make_application
    from stationdesk.ui.attendance_dialog import AttendanceDialog
    from stationdesk.ui.main_window import ACTIVITIES, CERTIFICATES, PAIRINGS, SETTINGS, MainWindow
    from stationdesk.ui.setup_dialog import SetupDialog

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = open_database(Path(tmp) / "new.sqlite3")
        save(SetupDialog(fresh), "setup", app)
        fresh.close()
        store = open_database(Path(tmp) / "demo.sqlite3")
        build_demo(store, volunteers=80, seed=7)
        assert not station.needs_setup(store)
        start = datetime(2026, 11, 25, 9)
        aid = activities.create_activity(store, ActivityDraft(title="逢5出发·护河巡河", starts_at=start,
                                                              ends_at=start + timedelta(hours=2), place="青山溪"))
        attendance.sign_up(store, aid, roster.search_ids(store, "")[:12])
        window = MainWindow(store)
        window.resize(1366, 728)
        save(window, "home", app)
        for row, name in ((ACTIVITIES, "activities"), (CERTIFICATES, "certificates"), (PAIRINGS, "pairings"),
                          (SETTINGS, "backup")):
            window.nav.setCurrentRow(row)
            save(window, name, app)
        dialog = AttendanceDialog(store, aid)
        dialog.set_all(True)
        save(dialog, "attendance", app)
        window.close()
        store.close()


if __name__ == "__main__":
    main()
