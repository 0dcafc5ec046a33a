"""Run in a subprocess: time to first painted window, then resident memory with the roster open, for the
app or a bare window.

Usage: python -m tests.bench.probes app|bare DB_PATH   → prints JSON {"paint_s": x, "rss_mb": y}
"""

import json
import sys
import time

START = time.perf_counter()


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(kind: str, db_path: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    if kind == "app":
        from stationdesk.store import open_database
        from stationdesk.ui.app import make_application
        from stationdesk.ui.main_window import MainWindow

        app = make_application()
        store = open_database(db_path)
        window = MainWindow(store)  # opens on 首页, as it does for a person
    else:
        app = QApplication(sys.argv[:1])
        window = QLabel("站务台账")
        window.resize(1200, 760)

    painted = {}

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "t" not in painted:
                painted["t"] = time.perf_counter() - START
                QTimer.singleShot(0, app.quit)
            return False

    watch = PaintWatch()
    app.installEventFilter(watch)
    window.show()
    app.exec()
    if kind == "app":
        window.nav.setCurrentRow(1)  # then the roster, every volunteer listed
    window.grab()  # a full render of the window, so memory includes what a person sees
    print(json.dumps({"paint_s": painted["t"], "rss_mb": rss_mb()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
