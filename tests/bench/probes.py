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
    from PySide6.QtCore import QEvent, QObject
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
            return False

    def run_until(done, what: str) -> float:
        """The event loop, by hand (so nothing is quitting), until `done()`; the time since start."""
        while not done():
            app.processEvents()
            if time.perf_counter() - START > 120:
                raise SystemExit(f"probe: no {what} after 120 s")
        return time.perf_counter() - START

    watch = PaintWatch()
    app.installEventFilter(watch)
    window.show()
    run_until(lambda: "t" in painted, "first paint")
    ready = painted["t"]
    if kind == "app":  # 首页 with the station's figures and its to-do list
        ready = run_until(lambda: window.home is not None and "正在整理" not in window.home.attention.text(), "首页")
        window.nav.setCurrentRow(1)  # then the roster, every volunteer listed
    window.grab()  # a full render of the window, so memory includes what a person sees
    print(json.dumps({"paint_s": painted["t"], "ready_s": ready, "rss_mb": rss_mb()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
