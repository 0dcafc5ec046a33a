"""The main window: navigation on the left (DESIGN §8), one page at a time on the right."""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from stationdesk import APP_NAME, __version__
from stationdesk.services import roster, station
from stationdesk.ui.errors import reported
from stationdesk.ui.pages import ComingSoonPage, HomePage
from stationdesk.ui.teams_page import TeamsPage
from stationdesk.ui.volunteers_page import VolunteersPage

HOME, VOLUNTEERS, TEAMS = 0, 1, 2
COMING = (
    ("活动", "策划文明实践活动、打印签到表、登记出勤和服务时长、活动记录表。"),
    ("结对共建", "文明单位、结对共建协议、四个方面的承诺及履行情况。"),
    ("证书", "志愿服务记录证明、荣誉证书、星级认定。"),
    ("统计", "按月、季度、年度统计活动、服务时长和参与人数，生成台账。"),
    ("设置与备份", "站点信息、自动备份、恢复、数据检查。"),
)


class MainWindow(QMainWindow):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(f"{APP_NAME} — {station.get_station(store).name}")
        self.resize(1200, 760)

        self.home = HomePage(store)
        self.volunteers = VolunteersPage(store)
        self.teams = TeamsPage(store)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(130)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 9px 12px; }")
        self.stack = QStackedWidget()
        for title, page in (("首页", self.home), ("志愿者", self.volunteers), ("服务队", self.teams)):
            self.nav.addItem(title)
            self.stack.addWidget(page)
        for title, what in COMING:
            self.nav.addItem(title)
            self.stack.addWidget(ComingSoonPage(title, what))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for page in (self.volunteers, self.teams):
            page.changed.connect(self.data_changed)
        self.volunteers.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.home.action.connect(self._home_action)
        self._build_menus()
        self.nav.setCurrentRow(HOME)
        self.statusBar().showMessage(f"数据库：{store.path}")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        for text, shortcut, slot in (
            ("导入志愿者…", "Ctrl+I", self.import_volunteers),
            ("导出花名册…", "Ctrl+E", self.export_roster),
            ("打印花名册…", QKeySequence.StandardKey.Print, self.print_roster),
            (None, None, None),
            ("退出", QKeySequence.StandardKey.Quit, self.close),
        ):
            if text is None:
                file_menu.addSeparator()
                continue
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            file_menu.addAction(action)
        go_menu = self.menuBar().addMenu("转到(&G)")
        for row in range(self.nav.count()):
            action = QAction(self.nav.item(row).text(), self)
            action.setShortcut(QKeySequence(f"Alt+{row + 1}"))
            action.triggered.connect(lambda _=False, r=row: self.nav.setCurrentRow(r))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于", self)
        about.triggered.connect(lambda: QMessageBox.about(
            self, "关于", f"{APP_NAME} {__version__}\n新时代文明实践站台账管理。\n所有数据只保存在本机：{self.store.path}"))
        help_menu.addAction(about)

    def data_changed(self) -> None:
        self.home.refresh()
        if self.sender() is not self.teams:
            self.teams.mark_stale()
        if self.sender() is not self.volunteers:
            self.volunteers.refresh()

    def _home_action(self, key: str) -> None:
        if key == "new_volunteer":
            self.nav.setCurrentRow(VOLUNTEERS)
            self.volunteers.add_volunteer()
        else:
            {"import": self.import_volunteers, "print_roster": self.print_roster,
             "export": self.export_roster}[key]()

    # Dialogs import on first use: start-up loads only what the first page needs.
    def import_volunteers(self) -> None:
        from stationdesk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.store, self)
        dialog.exec()
        if dialog.result is not None:
            self.data_changed()
            self.nav.setCurrentRow(VOLUNTEERS)

    def export_roster(self) -> None:
        from stationdesk.services import exporting
        from stationdesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self)
        if not dialog.exec():
            return
        path = dialog.ask_path()
        if not path:
            return
        with reported(self, "导出失败"):
            n = exporting.export_roster(self.store, path, fmt=dialog.fmt, id_numbers=dialog.id_numbers,
                                        phones=dialog.phones, include_archived=dialog.archived.isChecked())
            self.statusBar().showMessage(f"已导出 {n} 名志愿者到 {path}", 10000)

    def print_roster(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        """Write the roster PDF and open it in the system's viewer, where it can be printed."""
        if not path:
            suggested = Path.home() / f"志愿者花名册-{datetime.now():%Y%m%d}.pdf"
            path, _ = QFileDialog.getSaveFileName(self, "保存花名册 PDF", str(suggested), "PDF 文件 (*.pdf)")
        if not path:
            return None
        from stationdesk.reports.roster import build_roster  # reportlab loads only when printing

        with reported(self, "生成花名册失败"):
            rows = roster.search(self.store, "")
            pages = build_roster(rows, path, station=station.get_station(self.store).name,
                                 printed_at=datetime.now())
            self.statusBar().showMessage(f"花名册已生成：{path}（{len(rows)} 人，{pages} 页）", 10000)
            if open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            return path
        return None
