"""Render every page of the main window (and a few dialogs) into PNG files, at 1024×768 with 125 %
scaling (the narrowest the app supports), 1366×768 and 1920×1080 with 150 % scaling (Qt's offscreen
platform with a configured screen).

Usage: python -m tests.ui.screenshots [OUT_DIR]      (default docs/screenshots)
It also renders the pictures of the built-in 使用说明 into resources/help (tests/ui/help_pictures.py).

Each size runs in its own process (the screen and the scale are fixed when Qt starts). The demo
station is built once (the same seed every time), so the pictures change only when the look does.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"1024x768-125": (1024, 768, 1.25), "1366x768": (1366, 768, 1.0), "1920x1080-150": (1920, 1080, 1.5)}
PAGE_FILES = ("home", "volunteers", "teams", "activities", "requests", "points", "pairings", "certificates",
              "honours", "funds", "stats", "records", "settings")  # one per row of the navigation, in its order


def screen_config(width: int, height: int) -> dict:
    return {"synchronousWindowSystemEvents": False, "windowFrameMargins": True,
            "screens": [{"name": "office", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96,
                         "logicalBaseDpi": 96, "dpr": 1}]}


def shrink(path: Path) -> None:
    """256 colours (a window is mostly flat colour): a third of the bytes, the text still crisp."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def render(db: str, out: str, prefix: str) -> None:
    """In the child process: every page, then a few dialogs, each saved as PREFIX-NAME.png."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from stationdesk.services import activities
    from stationdesk.store import open_database
    from stationdesk.ui.app import make_application

    app = make_application()
    QSettings().clear()  # a saved window size from another run must not leak in
    store = open_database(db)
    from stationdesk.ui.main_window import MainWindow

    window = MainWindow(store)
    free = app.primaryScreen().availableGeometry()
    window.setGeometry(free)  # as maximised (the offscreen platform cannot maximise)
    window.show()

    def settle(rounds: int = 30) -> None:
        for _ in range(rounds):
            app.processEvents()

    def save(widget, name: str) -> None:
        settle()
        path = Path(out) / f"{prefix}-{name}.png"
        widget.grab().save(str(path))
        shrink(path)

    settle()
    assert len(PAGE_FILES) == window.nav.count(), "a page was added to the navigation: name its picture in PAGE_FILES"
    for row, name in enumerate(PAGE_FILES):
        window.nav.setCurrentRow(row)
        if row == 0:  # 首页 fills its to-do list and figures after the first paint
            for _ in range(200):
                app.processEvents()
                if "正在整理" not in window.home.attention.text():
                    break
        if name == "stats":  # counted in the background
            deadline = time.monotonic() + 20
            while window.stats.counting() and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
        window.statusBar().clearMessage()  # the database's temporary path is no part of the picture
        save(window, f"{row:02d}-{name}")
    from stationdesk.ui.activity_dialogs import ActivityDialog
    from stationdesk.ui.attendance_dialog import AttendanceDialog, CorrectionDialog
    from stationdesk.ui.volunteer_dialog import VolunteerDialog

    aid = activities.list_activities(store)[0].id
    for name, make in (("dialog-activity", lambda: ActivityDialog(store, parent=window)),
                       ("dialog-attendance", lambda: AttendanceDialog(store, aid, window)),
                       ("dialog-correction", lambda: CorrectionDialog("阿卜杜热合曼·买买提", 2.0, window)),
                       ("dialog-volunteer", lambda: VolunteerDialog(store, parent=window))):
        dialog = make()
        dialog.show()
        save(dialog, name)
        dialog.close()
    window.close()
    store.close()
    QApplication.processEvents()


def main(out_dir: str = "docs/screenshots") -> None:
    from stationdesk.services.demo import build_demo
    from stationdesk.store import open_database

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # A plain, fixed folder: the pictures show the database's and the backups' folder (no random name).
    work = Path(tempfile.gettempdir()) / "StationDesk"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        template = work / "demo.sqlite3"
        store = open_database(template)
        build_demo(store, volunteers=120, seed=7)
        store.close()
        for prefix, (width, height, scale) in SIZES.items():
            config = work / f"{prefix}.json"
            config.write_text(json.dumps(screen_config(width, height)))
            db = work / prefix / "station.sqlite3"
            db.parent.mkdir()
            shutil.copy(template, db)
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
                   "QT_SCALE_FACTOR": str(scale), "XDG_CONFIG_HOME": str(work / "config")}
            subprocess.run([sys.executable, "-m", "tests.ui.screenshots", "--render", str(db), str(out), prefix],
                           env=env, check=True, timeout=600)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"screenshots in {out}")
    from tests.ui import help_pictures

    help_pictures.main()  # and the 使用说明's pictures, cropped from the same window


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render"]:
        render(*sys.argv[2:5])
    else:
        main(*sys.argv[1:2])
    sys.exit(0)
