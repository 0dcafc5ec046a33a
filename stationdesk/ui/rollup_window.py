"""汇总 window (`stationdesk rollup --db TARGET`): a town's or county's stations, the year's totals with a
chart per figure, people registered at several stations, and importing the stations' packages."""

from pathlib import Path

from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.amounts import figure
from stationdesk.errors import DatabaseProblem, UserError
from stationdesk.files import suggested_path
from stationdesk.services import rollup
from stationdesk.ui import style
from stationdesk.ui.background import run_in_background, run_with_progress
from stationdesk.ui.errors import reported
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.rows_model import rows_table, show_rows
from stationdesk.ui.stats_page import BarChart
from stationdesk.ui.widgets import fit_to_screen, year_combo

SILENT = QColor(style.BEHIND_SOFT)
CHARTED = 20


class RollupWindow(QMainWindow):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.finding = False  # people at several stations are being looked for
        self.found = None  # and those found, once they are
        self.outcome_lines: list[str] = []  # what the last import did with each package
        self.setWindowTitle(f"汇总 — {db.label}")
        fit_to_screen(self, 1200, 760)
        self.year = year_combo()
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        buttons = [("导入数据包…", self.import_packages, QKeySequence.StandardKey.Open),
                   ("打印汇总表", self.print_summary, QKeySequence.StandardKey.Print),
                   ("导出 Excel…", self.export, None)]
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        for text, slot, shortcut in buttons:
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            if shortcut is not None:
                button.setShortcut(QKeySequence(shortcut))
                button.setToolTip(QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText))
            top.addWidget(button)
        top.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"font-size: {style.FONT_NAV - 1}px;")

        self.stations = rows_table(
            [("站点", lambda s: s.name), ("所属实践所", lambda s: s.parent),
             ("最近数据包", lambda s: s.created_at[:16].replace("T", " ")),
             ("站点编号", lambda s: s.station_id),  # two stations of one name (a reinstall) told apart
             ("数据年度", lambda s: str(s.year or "全部")),
             ("状态", lambda s: f"不计入（{s.removed}）" if s.removed else "超过 40 天未上报" if s.silent else "正常")],
            key=lambda s: s.station_id, tint=lambda s: SILENT if s.silent else None, stretch=0)
        columns = [("站点", lambda s: s["name"]), ("所属实践所", lambda s: s["parent"])]
        columns += [(title, lambda s, key=key: figure(s[key])) for key, title in rollup.LABELS]
        # The last column takes the spare width: a stretched name column got what seven figures left (青…).
        self.figures = rows_table(columns, key=lambda s: s["station_id"], numbers=tuple(range(2, len(columns))))
        self.hours_chart = BarChart(f"服务时长前 {CHARTED} 的站点（小时）")
        figures_tab = QWidget()
        column = QVBoxLayout(figures_tab)
        column.addWidget(self.figures, 1)
        column.addWidget(self.hours_chart)
        self.duplicates = rows_table(
            [("姓名", lambda r: r[1].name), ("站点", lambda r: r[1].station), ("证件号码", lambda r: r[1].id_number),
             ("服务时长（小时）", lambda r: figure(r[1].hours)), ("依据", lambda r: r[0])],
            key=lambda r: (r[1].station_id, r[1].volunteer_id), numbers=(3,))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.stations, "各站点")
        self.tabs.addTab(figures_tab, "年度数字")
        self.tabs.addTab(self.duplicates, "跨站点重复登记")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        lines = rollup.stations(self.db)
        totals = rollup.totals(self.db, year)
        show_rows(self.stations, lines)
        show_rows(self.figures, totals["stations"])
        self.finding, self.found = True, None  # a county's 750,000 people take seconds: in the background
        self.tabs.setTabText(2, "跨站点重复登记（正在查找…）")
        run_in_background(lambda: rollup.duplicates(self.db), self._duplicates_found, self._duplicates_failed,
                          store=self.db)
        most = sorted(totals["stations"], key=lambda s: -s["hours"])[:CHARTED]  # a county has 2,500 stations
        self.hours_chart.set_items([(s["name"], round(s["hours"], 1)) for s in most])
        silent = sum(line.silent for line in lines)
        missing = rollup.not_reported(self.db, year)
        self.summary.setText(
            f"<b>{year}年</b>：{len(totals['stations'])} 个站点报送 · 开展活动 <b>{totals['activities']}</b> 次 · "
            f"志愿者参与 <b>{totals['participations']}</b> 人次 · 参与志愿者 <b>{totals['volunteers_active']}</b> 人"
            + (f"（{totals['counted_twice']} 人在多个站点参加，只计一次）" if totals["counted_twice"] else "")
            + f" · 服务时长 <b>{figure(totals['hours'])}</b> 小时 · 受益群众 {totals['beneficiaries']} 人次"
            + (f"<br>未报送本年数据：{'、'.join(missing[:10])}" + (f" 等 {len(missing)} 个站点" if len(missing) > 10 else "")
               if missing else "")
            + (f"<br><span style='color:{style.BEHIND}'>{silent} 个站点超过 40 天未上报</span>" if silent else ""))
        if not lines:
            self.summary.setText("还没有导入任何站点的数据包。点“导入数据包…”，选择各站点上报的 .sdpkg 文件。")

    def _duplicates_found(self, found: list) -> None:
        self.finding, self.found = False, found
        show_rows(self.duplicates, [(d.by, r) for d in found for r in d.registrations])
        self.tabs.setTabText(2, f"跨站点重复登记（{len(found)} 人）")

    def _duplicates_failed(self, message: str) -> None:
        self.finding = False
        self.tabs.setTabText(2, "跨站点重复登记（查找失败）")
        self.statusBar().showMessage(f"查找跨站点重复登记失败：{message}", 15000)

    def import_packages(self, paths: list[str] | None = None) -> list:
        """Import the chosen packages in the background, each on its own (verified and checked first): a
        refused one is explained and the others still go in; the window answers meanwhile."""
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "导入站点数据包", str(Path.home()), "站点数据包 (*.sdpkg)")
        if not paths:
            return []

        def work(report):
            outcomes = []
            for number, path in enumerate(paths):
                report(number, len(paths))  # 取消 stops before the next package; those imported stay
                try:
                    outcomes.append((path, rollup.import_package(self.db, path), ""))
                except DatabaseProblem:
                    raise
                except UserError as exc:
                    outcomes.append((path, None, str(exc)))
            return outcomes

        outcomes = []
        with reported(self, "导入数据包时出错"):
            outcomes = run_with_progress(self, "导入数据包", f"正在导入 {len(paths)} 个数据包…", work,
                                         store=self.db) or []
        self.refresh()
        self._say_outcomes(outcomes)
        return [done for _, done, _ in outcomes if done is not None]

    def _say_outcomes(self, outcomes: list) -> None:
        lines = []
        for path, done, refused in outcomes:
            if done is None:
                lines.append(f"✗ {Path(path).name}：{refused}")
            else:
                lines.append(f"✓ {done.name}：{'已导入' if done.outcome == 'imported' else '与已导入的相同，未改变'}"
                             + (f"（注意：{done.note}）" if done.note else ""))
        self.outcome_lines = lines
        if not lines:
            return
        self.statusBar().showMessage("；".join(lines), 30000)
        if any(refused or done.note for _, done, refused in outcomes):
            box = QMessageBox(QMessageBox.Icon.Warning, "导入数据包", "有数据包没有导入或需要注意：", parent=self)
            box.setDetailedText("\n".join(lines))
            box.setInformativeText("\n".join(lines[:8]) + ("\n……" if len(lines) > 8 else ""))
            box.open()  # not exec(): the window stays usable, and a test is not held up

    def print_summary(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        year = self.year.currentData()
        found = self.found  # read here: the build runs in the background, on its own connection
        return produce(self, "汇总表", lambda out, report: rollup.print_summary(self.db, year, out, found=found), path,
                       open_after=open_after, progress=("正在生成汇总表…", self.db), name=f"汇总表-{year}年")

    def export(self, path: str | None = None) -> str | None:
        year = self.year.currentData()
        if not path:
            suggested = suggested_path(Path.home(), f"汇总-{year}年.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "导出汇总数字", str(suggested), "Excel 表格 (*.xlsx)")
        if not path:
            return None
        found = self.found
        with reported(self, "导出失败"):
            done = run_with_progress(self, "导出汇总数字", "正在导出汇总数字…",
                                     lambda report: rollup.export_stats(self.db, year, path, found=found) or True,
                                     store=self.db)
            if done:
                self.statusBar().showMessage(f"汇总数字已导出到 {path}", 10000)
                return path
        return None


def run_rollup_window(target: str) -> int:
    from stationdesk.ui.app import make_application

    app = make_application()
    with reported(None, "无法打开汇总数据库"):
        db = rollup.open_target(target, upgrade=True)
        window = RollupWindow(db)
        window.show()
        try:
            return app.exec()
        finally:
            db.close()
    return 2

