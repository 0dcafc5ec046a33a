"""The 汇总 window on a town's SQLite rollup: two stations' packages imported through it, their figures and
total, the 汇总表 and workbook from its buttons, and a tampered package refused with the others still in."""

import zipfile

from PySide6.QtCore import Qt

from stationdesk.services import packages, rollup, stats
from stationdesk.services.demo import build_demo
from stationdesk.store import open_database
from stationdesk.ui import errors
from stationdesk.ui.rollup_window import RollupWindow
from stationdesk.ui.rows_model import cell


def station_package(tmp_path, name: str, seed: int):
    store = open_database(tmp_path / f"{name}.sqlite3")
    build_demo(store, volunteers=30, seed=seed)
    out = tmp_path / f"{name}.sdpkg"
    packages.export_package(store, out, year=2026)
    own = stats.compute(store, stats.period_of(2026))
    store.close()
    return out, own


def test_a_town_imports_and_reads_its_stations_in_the_window(tmp_path, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(errors, "warn", lambda parent, title, text: shown.append((title, text)))
    (a, own_a), (b, own_b) = station_package(tmp_path, "a", 1), station_package(tmp_path, "b", 2)
    tampered = tmp_path / "tampered.sdpkg"
    with zipfile.ZipFile(b) as z:
        items = {n: z.read(n) for n in z.namelist()}
    items["volunteers.json"] = items["volunteers.json"].replace(b'"name":"', b'"name":"X', 1)
    with zipfile.ZipFile(tampered, "w") as z:
        for n, data in items.items():
            z.writestr(n, data)

    db = rollup.open_target(str(tmp_path / "town.sqlite3"), upgrade=True)
    window = RollupWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    assert "还没有导入" in window.summary.text()
    window.year.setCurrentIndex(window.year.findData(2026))
    done = window.import_packages([str(tampered), str(a), str(b)])
    assert [d.outcome for d in done] == ["imported", "imported"]
    refused = [line for line in window.outcome_lines if line.startswith("✗")]
    assert len(refused) == 1 and "tampered.sdpkg" in refused[0] and "不能导入" in refused[0]  # the others went in
    assert len(window.outcome_lines) == 3 and not shown
    assert window.stations.model().rowCount() == 2
    figures = window.figures.model()
    assert figures.rowCount() == 2
    hours_column = [title for _, title in rollup.LABELS].index("服务时长（小时）") + 2
    shown_hours = sorted(float(cell(window.figures, r, hours_column)) for r in range(2))
    assert shown_hours == sorted([own_a.hours, own_b.hours])
    assert f"开展活动 <b>{own_a.activities + own_b.activities}</b> 次" in window.summary.text()
    assert figures.headerData(hours_column, Qt.Orientation.Horizontal) == "服务时长（小时）"
    assert len(window.hours_chart.items) == 2
    qtbot.waitUntil(lambda: not window.finding)  # looked for in the background
    assert window.tabs.tabText(2) == "跨站点重复登记（0 人）"

    import threading

    threads = []
    for name in ("print_summary", "export_stats"):  # a county's take seconds: never on the window's thread
        real = getattr(rollup, name)
        monkeypatch.setattr(rollup, name, lambda *a, real=real, **k: threads.append(threading.current_thread())
                            or real(*a, **k))
    pdf = window.print_summary(str(tmp_path / "summary.pdf"), open_after=False)
    xlsx = window.export(str(tmp_path / "summary.xlsx"))
    assert pdf and xlsx and (tmp_path / "summary.pdf").stat().st_size > 0 and (tmp_path / "summary.xlsx").exists()
    assert len(threads) == 2 and threading.main_thread() not in threads
    again = window.import_packages([str(a)])
    assert [d.outcome for d in again] == ["unchanged"]
    qtbot.waitUntil(lambda: not window.finding)
    window.grab().save(str(tmp_path / "rollup-window.png"))
    window.close()
    db.close()
