"""统计 page: the period's numbers, bar charts (activities per month, hours per platform, volunteers by
age band and political status), and the .xlsx and printed report for the town."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stationdesk.domain.amounts import figure
from stationdesk.files import suggested_path
from stationdesk.services import documents, station_records, stats
from stationdesk.ui import style
from stationdesk.ui.background import run_in_background
from stationdesk.ui.errors import reported, warn
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.widgets import LazyPage

BAR = QColor(style.ACCENT)


class BarChart(QWidget):
    """A plain horizontal bar chart: label, bar, value. Drawn with QPainter (QtCharts needs Qt add-ons)."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = title
        self.items: list[tuple[str, float]] = []
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_items(self, items: list[tuple[str, float]]) -> None:
        self.items = items
        self.setMinimumHeight(40 + 24 * max(len(items), 1))
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        p.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft, self.title)
        if not self.items:
            p.drawText(QRectF(8, 30, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft, "（本期没有数据）")
            return
        # Labels as wide as the longest needs, up to 40% of the chart; a longer one is cut with … at its end
        # (right-aligned text clipped at a fixed width lost its start: "山村新时代文明实践站").
        metrics = p.fontMetrics()
        label_w = min(max(metrics.horizontalAdvance(label) for label, _ in self.items) + 16, int(self.width() * 0.4))
        value_w = 70
        top = max(v for _, v in self.items) or 1
        bar_w = max(self.width() - label_w - value_w - 24, 10)
        for i, (label, value) in enumerate(self.items):
            y = 30 + i * 24
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(8, y, label_w - 8, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8))
            p.fillRect(QRectF(label_w + 4, y + 3, bar_w * value / top, 14), BAR)
            p.drawText(QRectF(label_w + 8 + bar_w * value / top, y, value_w, 20), Qt.AlignmentFlag.AlignVCenter,
                       figure(value))


class StatsPage(LazyPage):
    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        this_year = date.today().year
        self.year = QComboBox()
        for y in range(this_year, this_year - 6, -1):
            self.year.addItem(f"{y} 年", y)
        self.month = QComboBox()
        self.month.addItem("全年", None)
        for m in range(1, 13):
            self.month.addItem(f"{m} 月", m)
        for combo in (self.year, self.month):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        export = QPushButton("导出 Excel…")
        export.clicked.connect(self.export)
        report = QPushButton("打印统计表")
        report.clicked.connect(self.print_report)
        ledger = QPushButton("生成年度台账…")
        ledger.clicked.connect(self.make_ledger)
        brief = QPushButton("月度工作简报…")
        brief.clicked.connect(lambda: self.monthly_brief())
        notice = QPushButton("时长积分公示…")
        notice.clicked.connect(lambda: self.print_notice())
        top = QHBoxLayout()
        for widget in (QLabel("统计期间："), self.year, self.month, export, report, ledger, brief, notice):
            top.addWidget(widget)
        top.addStretch(1)
        self.figures = QLabel()
        self.figures.setObjectName("statsFigures")
        self.figures.setWordWrap(True)
        self.figures.setStyleSheet(f"font-size: {style.FONT_NAV - 1}px;")
        self.busy = QProgressBar()  # moving while the figures are counted in the background
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(6)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.charts = {key: BarChart(title) for key, title in (
            ("month", "各月开展活动（次）"), ("category", "各服务类别服务时长（小时）"),
            ("age", "参与志愿者年龄结构（人）"), ("political", "参与志愿者政治面貌（人）"),
            ("volunteers", "服务时长前十名（小时）"), ("teams", "队伍服务时长（小时）"))}
        grid = QGridLayout()
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 2, i % 2)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addLayout(top)
        column.addWidget(self.figures)
        column.addWidget(self.busy)
        column.addLayout(grid)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        self.stats: stats.Stats | None = None
        self._asked: stats.Period | None = None

    def period(self) -> stats.Period:
        return stats.period_of(self.year.currentData(), self.month.currentData())

    def refresh(self) -> None:
        """The figures are computed in the background (a county's year takes about 0.3 s): the page and the
        period choosers answer at once, the figures say they are being counted, and arrive when done."""
        self._stale = False
        period = self.period()
        self.stats = None  # until they arrive, an export or the report computes its own
        self._asked = period
        self.figures.setText(f"正在统计{period.label}…")
        for chart in self.charts.values():
            chart.setEnabled(False)
        self.busy.show()
        run_in_background(lambda: (period, stats.compute(self.store, period)), self._arrived, self._failed,
                          store=self.store)

    def counting(self) -> bool:
        """Figures asked for and not yet shown."""
        return self._asked is not None and self.stats is None

    def _arrived(self, result: tuple) -> None:
        period, computed = result
        if period == self._asked:  # else the person chose another period meanwhile: its figures follow
            self._show(computed)

    def _failed(self, message: str) -> None:
        self._asked = None
        self.busy.hide()
        self.figures.setText(f"统计失败：{message}")
        warn(self, "统计失败", message)

    def _show(self, s: stats.Stats) -> None:
        self.stats = s
        self.busy.hide()
        for chart in self.charts.values():
            chart.setEnabled(True)
        self.figures.setText(
            f"<b>{s.period.label}</b>：开展活动 <b>{s.activities}</b> 次 · 志愿者参与 <b>{s.participations}</b> 人次"
            f"（{s.volunteers_active} 人）· 服务时长 <b>{figure(s.hours)}</b> 小时 · 受益群众 <b>{s.beneficiaries}</b> 人次 · "
            f"新注册志愿者 {s.new_volunteers} 人 · 出具证书 {s.certificates} 份<br>"
            + " · ".join(f"{label} {value}" for label, value in s.practice_lines())
            + f"<br>志愿者注册率 {station_records.registration(self.store).text}")
        self.charts["month"].set_items([(m[5:] + "月", n) for m, n, _ in s.by_month])
        self.charts["category"].set_items([(c, round(h, 1)) for c, _, h in s.by_category])
        self.charts["age"].set_items(s.by_age)
        self.charts["political"].set_items(s.by_political)
        self.charts["volunteers"].set_items([(n, round(h, 1)) for n, h, _ in s.top_volunteers])
        self.charts["teams"].set_items([(t, round(h, 1)) for t, h, _ in s.top_teams])

    def export(self, path: str | None = None) -> str | None:
        from stationdesk.services.exporting import export_stats

        if not path:
            suggested = suggested_path(Path.home(), f"统计-{self.period().label}.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "导出统计数据", str(suggested), "Excel 表格 (*.xlsx)")
        if not path:
            return None
        with reported(self, "导出失败"):
            export_stats(self.store, self.period(), path, computed=self.stats)
            self.status_message.emit(f"统计数据已导出到 {path}")
            return path
        return None

    def _chosen_month(self, what: str) -> int | None:
        """The month chosen in 统计期间; a 工作简报 or 公示 is of one month, so 全年 is answered with a hint."""
        month = self.month.currentData()
        if month is None:
            warn(self, what, f"{what}按月编写：请先在“统计期间”里选一个月份。")
        return month

    def monthly_brief(self):
        """The chosen month's 工作简报: text to copy, PDF, Word document."""
        from stationdesk.ui.publicity_dialogs import show_monthly_brief

        month = self._chosen_month("月度工作简报")
        if month is None:
            return None
        self._brief = show_monthly_brief(self, self.store, self.year.currentData(), month)  # kept while open
        return self._brief

    def print_notice(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        """The chosen month's 志愿服务时长和积分公示, by 村民小组."""
        from stationdesk.ui.publicity_dialogs import print_notice

        month = self._chosen_month("时长积分公示")
        if month is None:
            return None
        return print_notice(self, self.store, self.year.currentData(), month, path, open_after=open_after)

    def choose_sections(self) -> list[str] | None:
        """Which parts of the 台账 to bind (None when cancelled)."""
        from PySide6.QtWidgets import QCheckBox, QDialog

        from stationdesk.reports.ledger import SECTIONS
        from stationdesk.ui.widgets import dialog_buttons

        dialog = QDialog(self)
        dialog.setWindowTitle(f"{self.year.currentData()}年度台账")
        boxes = {key: QCheckBox(label) for key, label in SECTIONS.items()}
        column = QVBoxLayout(dialog)
        column.addWidget(QLabel("选择要编入台账的部分（封面和目录总会包括）："))
        for box in boxes.values():
            box.setChecked(True)
            column.addWidget(box)
        column.addWidget(dialog_buttons(dialog, "生成"))
        return [key for key, box in boxes.items() if box.isChecked()] if dialog.exec() else None

    def make_ledger(self, *, sections: list[str] | None = None, open_after: bool = True) -> str | None:
        """The yearly 台账 in the background (a big year takes seconds), with progress and 取消."""
        sections = sections if sections is not None else self.choose_sections()
        if not sections:
            return None
        year = self.year.currentData()
        return produce(self, "年度台账", lambda out, report: documents.ledger(self.store, year, out, sections=sections,
                                                                           progress=report).pages,
                       open_after=open_after, progress=("正在编排活动记录…", self.store), name=f"年度台账-{year}年")

    def print_report(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        period, computed = self.period(), self.stats  # read here: the build runs in the background
        return produce(self, "统计表", lambda out: documents.stats_report(self.store, period, out,
                                                                           computed=computed).pages,
                       path, open_after=open_after, name=f"统计表-{period.label}")
