"""Run in a subprocess: a person's tour of every page of the window on the county database, each step
timed until the event loop has nothing left to do and the window has painted.

Per page: the first visit, a revisit, a return after a write elsewhere, its main action (a year, a
team, an account…) and, in a search box, every typed character. Where a page counts its figures in the
background (统计), the time until they are shown is a row of its own. The floor is a switch between two
bare pages of the same window. Resident memory is taken after the tour.

Usage: python -m tests.bench.tour DB_PATH YEAR → prints JSON {"steps": [[page, step, seconds]...],
"floor_s", "rss_mb"}
"""

import json
import sys
import time

from tests.bench.probes import rss_mb


def main(db_path: str, year: int) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QLabel

    from stationdesk.ui import background
    from stationdesk.ui import main_window as mw
    from stationdesk.ui.app import make_application
    from stationdesk.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(db_path=db_path)
    window.resize(1366, 728)
    window.show()

    def settle() -> None:
        """Until idle: queued events and zero-time timers run, then one synchronous paint."""
        for _ in range(3):
            app.processEvents()
        window.repaint()
        app.processEvents()

    deadline = time.perf_counter() + 300
    while window.home is None or "正在整理" in window.home.attention.text():  # 首页 with its to-do list
        app.processEvents()
        if time.perf_counter() > deadline:
            raise SystemExit("tour: 首页 never filled in")
    while background._running or window.warming:  # the start-up checks (and the day's backup) run in the
        app.processEvents()  # background, the pages' code loads while 首页 is read: the tour starts after
    settle()

    steps: list[tuple[str, str, float]] = []

    def timed(page: str, step: str, action) -> None:
        start = time.perf_counter()
        action()
        settle()
        steps.append((page, step, time.perf_counter() - start))
        shown = window.stack.currentWidget()
        if getattr(shown, "counting", lambda: False)():  # figures counted in the background: their own row
            while shown.counting():  # idle as a person's window is: sleeping until the answer's event
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            settle()
            steps.append((page, f"{step} · figures, counted in the background", time.perf_counter() - start))

    # The floor: the window's own stack switching between two bare pages.
    stack = window.stack
    bare = [QLabel("甲"), QLabel("乙")]
    for label in bare:
        stack.addWidget(label)
    floors = []
    for n in range(10):
        start = time.perf_counter()
        stack.setCurrentWidget(bare[n % 2])
        settle()
        floors.append(time.perf_counter() - start)
    for label in bare:
        stack.removeWidget(label)
    stack.setCurrentIndex(window.nav.currentRow())

    def year_choice(combo):
        return lambda: combo.setCurrentIndex(combo.findData(year))

    def select_row(view, row=0):
        return lambda: view.selectRow(row)

    def biggest_team(page):
        def choose():
            tree = page.tree
            items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
            tree.setCurrentItem(max(items, key=lambda item: int(item.text(3) or 0)))
        return choose

    actions = {
        mw.VOLUNTEERS: lambda p: ("select a volunteer", select_row(p.table, 5)),
        mw.TEAMS: lambda p: ("choose the biggest team", biggest_team(p)),
        mw.ACTIVITIES: lambda p: (f"choose {year}", year_choice(p.year)),
        mw.REQUESTS: lambda p: ("select a request", select_row(p.table, 3)),
        mw.POINTS: lambda p: ("select an account (its ledger)", select_row(p.accounts, 7)),
        mw.PAIRINGS: lambda p: ("select a unit (agreements, commitments)", select_row(p.units, 9)),
        mw.CERTIFICATES: lambda p: ("select a register row", select_row(p.register, 11)),
        mw.HONOURS: lambda p: (f"choose {year}", year_choice(p.year)),
        mw.FUNDS: lambda p: (f"choose {year}", year_choice(p.year)),
        mw.STATS: lambda p: (f"choose {year} (points included)", year_choice(p.year)),
        mw.RECORDS: lambda p: ("open 测评自查 (the year's score)", lambda: p.tabs.setCurrentIndex(4)),
        mw.SETTINGS: lambda p: ("select a backup", select_row(p.backups, 0)),
    }
    searches = {mw.VOLUNTEERS: ("search", "张三"), mw.POINTS: ("search", "张三")}

    for row, (title, _, _) in mw.PAGES.items():
        timed(title, "first visit", lambda row=row: window.nav.setCurrentRow(row))
        timed(title, "back to 首页", lambda: window.nav.setCurrentRow(mw.HOME))
        timed(title, "revisit", lambda row=row: window.nav.setCurrentRow(row))
        page = window.page(row)
        what, action = actions[row](page)
        timed(title, what, action)
        window.nav.setCurrentRow(mw.HOME)
        settle()
        page.mark_stale()  # as after a save on another page
        timed(title, "return after a write elsewhere", lambda row=row: window.nav.setCurrentRow(row))
        if row in searches:
            box = getattr(page, searches[row][0])
            text = searches[row][1]
            for end in range(1, len(text) + 1):
                timed(title, f"keystroke {end} of “{text}”", lambda p=page, box=box, t=text[:end]: type_into(p, box, t))
            timed(title, "clear the search box", lambda p=page, box=box: type_into(p, box, ""))
    print(json.dumps({"steps": steps, "floor_s": sorted(floors)[len(floors) // 2], "rss_mb": rss_mb()},
                     ensure_ascii=False))
    window.close()
    QApplication.processEvents()


def type_into(page, box, text: str) -> None:
    """What one typed character costs: the text changes and any search it starts runs now (a page that
    waits for typing to pause is not given the pause for free: its delayed search is run at once)."""
    box.setText(text)
    timer = getattr(page, "_search_timer", None)
    if timer is not None and timer.isActive():
        timer.stop()
        timer.timeout.emit()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
