"""Run in a subprocess: time to first painted window, to 首页 filled in from the database, then resident
memory with the roster open, for the app or a bare window.

Usage: python -m tests.bench.probes app|bare DB_PATH   → prints JSON {"paint_s", "ready_s", "rss_mb"}
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
        from stationdesk.ui.app import make_application
        from stationdesk.ui.main_window import MainWindow

        app = make_application()
        window = MainWindow(db_path=db_path)  # as ui.app.run starts it: paint, then open the database
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
    ready = painted["t"]
    if kind == "app":
        while window.home is None or "正在整理" in window.home.attention.text():  # 首页 with its to-do list
            app.processEvents()
        ready = time.perf_counter() - START
        window.nav.setCurrentRow(1)  # then the roster, every volunteer listed
    window.grab()  # a full render of the window, so memory includes what a person sees
    print(json.dumps({"paint_s": painted["t"], "ready_s": ready, "rss_mb": rss_mb()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
