"""The main window: navigation on the left (DESIGN §8), one page at a time on the right."""

import importlib

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from stationdesk import APP_NAME, __version__
from stationdesk.errors import DatabaseDamaged, UserError, explain
from stationdesk.ui.errors import reported
from stationdesk.ui.style import icon, space
from stationdesk.ui.widgets import after_first_paint, fit_to_screen

# The database layer (peewee, the models, the services) loads after the window's first paint: see
# MainWindow(db_path=…). Methods that need it import it where they run.

(HOME, VOLUNTEERS, TEAMS, ACTIVITIES, REQUESTS, POINTS, PAIRINGS, CERTIFICATES, HONOURS, FUNDS, STATS,
 RECORDS, SETTINGS) = range(13)
# Pages are built (and their modules imported) when first opened: start-up pays for 首页 only.
PAGES = {
    VOLUNTEERS: ("志愿者", "stationdesk.ui.volunteers_page", "VolunteersPage"),
    TEAMS: ("服务队", "stationdesk.ui.teams_page", "TeamsPage"),
    ACTIVITIES: ("活动", "stationdesk.ui.activities_page", "ActivitiesPage"),
    REQUESTS: ("群众点单", "stationdesk.ui.requests_page", "RequestsPage"),
    POINTS: ("积分超市", "stationdesk.ui.points_page", "PointsPage"),
    PAIRINGS: ("结对共建", "stationdesk.ui.pairings_page", "PairingsPage"),
    CERTIFICATES: ("证书", "stationdesk.ui.certificates_page", "CertificatesPage"),
    HONOURS: ("荣誉礼遇", "stationdesk.ui.honours_page", "HonoursPage"),
    FUNDS: ("资金", "stationdesk.ui.funds_page", "FundsPage"),
    STATS: ("统计", "stationdesk.ui.stats_page", "StatsPage"),
    RECORDS: ("站务", "stationdesk.ui.station_records_page", "StationRecordsPage"),
    SETTINGS: ("设置与备份", "stationdesk.ui.settings_page", "SettingsPage"),
}


NAV_ICONS = ("home", "volunteers", "teams", "activities", "requests", "points", "pairings", "certificates", "honours",
             "funds", "stats", "records", "settings")  # resources/icons/NAME.svg, one per row of the navigation

GEOMETRY_KEY = "window/geometry"  # QSettings: per PC and user, not per station



def about_text(database) -> str:
    """帮助 → 关于: the version (as `stationdesk --version` prints it), the licence, where the data are."""
    return (f"{APP_NAME} {__version__}\n新时代文明实践站台账管理。\n所有数据只保存在本机：{database}\n\n"
            "本程序以 Apache 许可证 2.0 版发布，可自由使用、修改和分发（见随附的 LICENSE）；"
            "随附的字体（文泉驿微米黑、BabelStone Han、花园明朝、Symbola）各依其自身的许可证（见 fonts 文件夹）。"
            "更新记录见 CHANGELOG.md。")


class MainWindow(QMainWindow):
    """`MainWindow(store)` for an open database; `MainWindow(db_path=…)` paints at once and opens the
    database right after its first paint (migrations and their backup included), so a person sees the
    window while the data layer loads."""

    def __init__(self, store=None, parent=None, *, db_path=None):
        super().__init__(parent)
        self.store = None
        self.home = None
        self.exit_code = 0  # set when the database cannot be opened
        self._closing = False
        self.warming = False  # the pages' code is being loaded while 首页 is read
        self.setWindowTitle(APP_NAME)
        fit_to_screen(self, 1200, 760)
        self._restore_geometry()
        self._built: dict[int, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(156)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        for row in range(SETTINGS + 1):
            self.nav.addItem(QListWidgetItem(icon(NAV_ICONS[row]), "首页" if row == HOME else PAGES[row][0]))
            self.stack.addWidget(QLabel("正在打开数据库…") if row == HOME else QWidget())  # placeholders
        self.nav.currentRowChanged.connect(self._open)
        # A page wider or taller than the screen (1024×768, or 150 % scaling) scrolls inside the window;
        # the window itself never grows past its screen.
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pageScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.stack)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, space(), 0)
        layout.setSpacing(space(2))
        layout.addWidget(self.nav)
        layout.addWidget(self.scroll, 1)
        self.setCentralWidget(central)

        self._build_menus()
        # Qt's first shortcut costs ~30 ms of key-map set-up: after the first paint.
        after_first_paint(self, self._set_shortcuts)
        self.nav.setCurrentRow(HOME)
        if store is not None:
            self._attach(store)
        elif db_path is not None:
            after_first_paint(self, lambda: self._open_database(db_path))

    def _open_database(self, path) -> None:
        if self._open_station(path) is None:
            self.close()
            return
        # The checks read the whole file (and may back it up): they start once 首页 has its to-do list.
        self.home.attention_filled.connect(self.start_background_checks, Qt.ConnectionType.SingleShotConnection)

    def _open_station(self, path):
        """Open and show the station; a file that will not open, or whose first pages will not read, gets
        the newest backup that verifies offered. None (exit_code set) when there is no station to show."""
        from stationdesk.services.startup import open_station

        try:
            store = open_station(path)
        except DatabaseDamaged as exc:
            store = self._restore_at_start(path, str(exc))
        except UserError as exc:
            QMessageBox.critical(self, "无法打开数据库", str(exc))
            self.exit_code = exc.exit_code
            return None
        if store is not None:
            try:
                self._attach(store)
                return store
            except Exception as exc:  # opened, but the first pages read are damaged
                if explain(exc) is None:
                    raise
                store.close()
                self.store = None
                store = self._restore_at_start(path, explain(exc))
                if store is not None:
                    self._attach(store)
                    return store
        self.exit_code = DatabaseDamaged.exit_code
        return None

    def _ask_restore(self, path, title: str, problem: str, kept: str):
        """Offer the newest backup of `path` that verifies, with its date and what it holds; the chosen
        candidate, or None when there is none or the operator declines."""
        from stationdesk.services import safety

        candidate = safety.newest_good_backup(path)
        if candidate is None:
            QMessageBox.critical(self, title, f"{problem}\n\n没有找到可用的备份。请不要删除这个文件，联系技术人员。"
                                 f"\n文件位置：{path}")
            return None
        taken = f"{candidate.backup.taken_at:%Y年%m月%d日 %H:%M}"
        answer = QMessageBox.question(
            self, title, f"{problem}\n\n最近一份完好的备份是 {taken} 的（志愿者 {candidate.volunteers} 人、队伍 "
            f"{candidate.teams} 支）。用它恢复，数据会回到 {taken} 时的样子：那以后录入和修改的内容都会丢失，"
            f"需要重新录入。\n\n是否用它恢复？{kept}")
        return candidate if answer == QMessageBox.StandardButton.Yes else None

    def _restore_at_start(self, path, problem: str):
        """The file will not open: restore the backup the operator accepts. The restored Store, or None."""
        from stationdesk.services import safety

        candidate = self._ask_restore(path, "数据库无法打开", problem, "原来的文件会先原样另存，不会丢弃。")
        if candidate is None:
            return None
        try:
            store, kept = safety.restore_file(path, candidate.backup.path)
        except UserError as exc:
            QMessageBox.critical(self, "恢复失败", str(exc))
            return None
        QMessageBox.information(self, "已恢复", f"已用 {candidate.backup.taken_at:%Y-%m-%d %H:%M} 的备份恢复数据。\n"
                                f"{safety.kept_text(kept)}")
        return store

    def _attach(self, store) -> None:
        """Show `store`: 首页 in place of the placeholder, the station's name in the title."""
        from stationdesk.services import audit, changes, startup, station
        from stationdesk.ui.pages import HomePage

        self.store = store
        with reported(self, "未能完成开始时的整理"):
            startup.begin_day(store)
        self.setWindowTitle(station.get_station(store).name)  # Qt appends the app name (applicationDisplayName)
        self.home = HomePage(store)
        self.home.action.connect(self._home_action)
        placeholder = self.stack.widget(HOME)
        self.stack.insertWidget(HOME, self.home)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._open(self.nav.currentRow())
        self.statusBar().showMessage(f"数据库：{store.path}")
        self.operator_label = QLabel()
        self.operator_label.setObjectName("operatorLabel")  # set apart from the status messages on its left
        self.statusBar().addPermanentWidget(self.operator_label)
        self._show_operator()
        self._changes_at_backup = store.total_changes()
        self._changes = changes.Tracker(store)
        if station.needs_setup(store):  # a new station: its name and people before anything is printed
            after_first_paint(self.home, self._first_run)
        elif audit.needs_choosing(store):  # several people share this PC: who is on duty now?
            after_first_paint(self.home, self.switch_operator)

    def _first_run(self) -> None:
        from stationdesk.ui.setup_dialog import ask_setup

        if ask_setup(self, self.store):
            self.data_changed()
            return
        QMessageBox.information(self, "尚未设置", "站点信息填好之前不能开始使用。下次打开时会再请您填写。")
        self.close()

    def switch_operator(self) -> None:
        from stationdesk.ui.operator_dialog import ask_operator

        if self.store is not None and ask_operator(self, self.store):
            self._show_operator()
            self.data_changed()

    def _show_operator(self) -> None:
        from stationdesk.services import audit

        self.operator_label.setText(f"经办人：{audit.operator() or '未指定（文件 → 切换经办人）'}")

    def page(self, row: int) -> QWidget:
        """The page at `row`, built on first use."""
        if row not in PAGES or self.store is None:
            return self.stack.widget(row)
        if row not in self._built:
            _, module, name = PAGES[row]
            page = getattr(importlib.import_module(module), name)(self.store)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            page.changed.connect(self.data_changed)
            page.action.connect(self._home_action)  # an empty page's first step (e.g. import) is the window's job
            if hasattr(page, "status_message"):
                page.status_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
            self._built[row] = page
        return self._built[row]

    def _open(self, row: int) -> None:
        shown = self.page(row)
        # Only the page on show counts for the window's minimum size: a wide page (证书 at 1024 pixels)
        # must not keep the window wide after the person has moved on.
        for i in range(self.stack.count()):
            policy = QSizePolicy.Policy.Preferred if self.stack.widget(i) is shown else QSizePolicy.Policy.Ignored
            self.stack.widget(i).setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(shown)

    volunteers = property(lambda self: self.page(VOLUNTEERS))
    teams = property(lambda self: self.page(TEAMS))
    activities = property(lambda self: self.page(ACTIVITIES))
    requests = property(lambda self: self.page(REQUESTS))
    stats = property(lambda self: self.page(STATS))
    settings = property(lambda self: self.page(SETTINGS))

    # -- safety at start and exit ------------------------------------------------------------------------
    def start_background_checks(self) -> None:
        """After the window shows: the day's checks (services.startup) in the background."""
        from stationdesk.services import startup
        from stationdesk.ui.background import run_in_background

        checks = startup.day_checks(self.store)

        def done(result):
            if self._closing:  # reported after the window closed: nothing left to show it in
                return
            problems, made = result
            if problems:
                self._offer_restore()
                return
            with reported(self, "整理备份失败"):
                startup.after_checks(self.store, checks, problems, made)
            if made is not None:
                self.statusBar().showMessage(f"已自动备份：{made.name}", 10000)
            self.home.refresh()

        run_in_background(checks.run, done, self._backup_failed)
        self.warming = True
        self._warm_up([module for _, module, _ in PAGES.values()])

    def _warm_up(self, modules: list[str]) -> None:
        """While the person reads 首页, each page's code is loaded in an idle moment of its own (20–40 ms
        each, the window answering in between), so a first visit builds the page instead."""
        if not modules or self._closing:
            self.warming = False
            return
        importlib.import_module(modules.pop(0))
        QTimer.singleShot(0, lambda: self._warm_up(modules))

    def _backup_failed(self, message: str) -> None:
        if self._closing:
            return
        self.home.refresh()
        QMessageBox.warning(self, "自动备份失败", f"{message}\n\n请在“设置与备份”中检查备份文件夹，或立即手动备份。")

    def _offer_restore(self) -> None:
        """The file opened but failed the start-up check: offer the newest backup that verifies. SQLite's
        own words (English, such as "database disk image is malformed") are not quoted: the check in
        设置与备份 lists them for a technician."""
        text = ("开始时的自动检查发现数据库文件已损坏：里面有些内容读不出来，或者前后对不上。"
                "继续使用可能出错，还可能损坏更多数据。")
        candidate = self._ask_restore(self.store.path, "数据库可能已损坏", text, "当前文件会先另存，不会丢弃。")
        if candidate is not None:
            self.settings.restore_selected(candidate.backup.path, confirmed=True)

    def _restore_geometry(self) -> None:
        """Size, place and maximised state as this PC's user left them, if that still fits a screen."""
        saved = QSettings().value(GEOMETRY_KEY)
        if saved is not None and self.restoreGeometry(saved):
            free = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
            if not free.intersects(self.frameGeometry()) or self.width() > free.width():
                fit_to_screen(self, 1200, 760)  # saved on a bigger or a detached screen

    def closeEvent(self, event) -> None:
        """Let the start-up checks and backup finish, then back up when something was written since."""
        from stationdesk.ui.background import wait_for_background

        QSettings().setValue(GEOMETRY_KEY, self.saveGeometry())
        self._closing = True
        self.statusBar().showMessage("正在完成后台检查与备份…")
        self.statusBar().repaint()
        wait_for_background()
        if self.store is not None and self.store.total_changes() != self._changes_at_backup:
            from stationdesk.services import safety

            self.statusBar().showMessage("正在备份…")
            try:
                safety.backup_now(self.store, label="exit")
            except Exception as exc:
                QMessageBox.warning(self, "退出前备份失败", explain(exc) or str(exc))
        super().closeEvent(event)

    def _set_shortcuts(self) -> None:
        for action, keys in self._shortcuts:
            action.setShortcut(keys)

    def _build_menus(self) -> None:
        self._shortcuts: list[tuple[QAction, QKeySequence]] = []
        file_menu = self.menuBar().addMenu("文件(&F)")
        for text, shortcut, slot in (
            ("导入志愿者…", "Ctrl+I", self.import_volunteers),
            ("导出花名册…", "Ctrl+E", self.export_roster),
            ("打印…", QKeySequence.StandardKey.Print, self.print_current),
            ("打印花名册…", "", self.print_roster),
            ("打印志愿者证…", "", self.print_cards),
            (None, None, None),
            ("切换经办人…", "Ctrl+Shift+J", self.switch_operator),
            (None, None, None),
            ("退出", QKeySequence.StandardKey.Quit, self.close),
        ):
            if text is None:
                file_menu.addSeparator()
                continue
            action = QAction(text, self)
            self._shortcuts.append((action, QKeySequence(shortcut)))
            action.triggered.connect(slot)
            file_menu.addAction(action)
        go_menu = self.menuBar().addMenu("转到(&G)")
        for row in range(self.nav.count()):
            action = QAction(self.nav.item(row).text(), self)
            if row < 10:  # Alt+1 … Alt+9, then Alt+0
                self._shortcuts.append((action, QKeySequence(f"Alt+{(row + 1) % 10}")))
            action.triggered.connect(lambda _=False, r=row: self.nav.setCurrentRow(r))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        guide = QAction("使用说明", self)
        self._shortcuts.append((guide, QKeySequence(QKeySequence.StandardKey.HelpContents)))
        guide.triggered.connect(self.show_guide)
        help_menu.addAction(guide)
        about = QAction("关于", self)
        about.triggered.connect(lambda: QMessageBox.about(self, "关于", about_text(self.store.path)))
        help_menu.addAction(about)

    def data_changed(self) -> None:
        """Something was written: the home page refreshes; other opened pages that show what changed
        refresh when next seen (the page that wrote has refreshed itself)."""
        from stationdesk.services import station

        kinds = self._changes.take()
        self.home.refresh()
        self._show_operator()
        self.setWindowTitle(station.get_station(self.store).name)
        for page in self._built.values():
            if page is not self.sender() and page.touched_by(kinds):
                page.mark_stale()

    def _home_action(self, key: str) -> None:
        kind, _, item = key.partition(":")
        if item:  # a to-do names its item: open it, ready for the next step
            self.open_item(kind, int(item))
            return
        pages = {"settings": SETTINGS, "pairings": PAIRINGS, "activities": ACTIVITIES, "certificates": CERTIFICATES,
                 "requests": REQUESTS, "volunteers": VOLUNTEERS}
        if key in pages:
            self.nav.setCurrentRow(pages[key])
        elif key == "stats_month":  # 首页's month figures: 统计 for this month
            from datetime import date

            today = date.today()
            self.stats.year.setCurrentIndex(self.stats.year.findData(today.year))
            self.stats.month.setCurrentIndex(self.stats.month.findData(today.month))
            self.nav.setCurrentRow(STATS)
        elif key == "new_volunteer":
            self.nav.setCurrentRow(VOLUNTEERS)
            self.volunteers.add_volunteer()
        elif key == "new_request":
            self.nav.setCurrentRow(REQUESTS)
            self.requests.new_request()
        elif key == "calendar":
            self.nav.setCurrentRow(ACTIVITIES)
            self.activities.open_calendar()
        elif key == "ledger":
            self.nav.setCurrentRow(STATS)
            self.stats.make_ledger()
        elif key == "expiring":
            from stationdesk.ui.expiring_dialog import ExpiringDialog

            dialog = ExpiringDialog(self.store, self)
            if dialog.exec() and dialog.chosen is not None:
                self.open_item("volunteer", dialog.chosen)
        else:
            {"import": self.import_volunteers, "print_roster": self.print_roster,
             "export": self.export_roster, "review": self.review_attendance}[key]()

    def open_item(self, kind: str, item_id: int) -> None:
        if kind in ("activity", "attend"):
            self.nav.setCurrentRow(ACTIVITIES)
            self.activities.show_activity(item_id)
            if kind == "attend":
                self.activities.record_attendance()
        elif kind == "request":
            self.nav.setCurrentRow(REQUESTS)
            self.requests.show_request(item_id)
        elif kind == "pairing":
            self.nav.setCurrentRow(PAIRINGS)
            self.page(PAIRINGS).show_pairing(item_id)
        elif kind == "volunteer":
            self.nav.setCurrentRow(VOLUNTEERS)
            self.volunteers.show_volunteer(item_id)

    def show_guide(self) -> None:
        """F1: the built-in 使用说明 (Chinese, offline)."""
        from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout

        from stationdesk.paths import resource
        from stationdesk.ui.widgets import fit_to_screen

        dialog = QDialog(self)
        dialog.setWindowTitle("使用说明")
        browser = QTextBrowser()
        browser.setObjectName("guide")
        browser.setSearchPaths([str(resource("help"))])  # its pictures sit beside it
        browser.setSource(QUrl("guide.html"))
        QVBoxLayout(dialog).addWidget(browser)
        fit_to_screen(dialog, 760, 720)
        dialog.show()  # beside the window, so the operator can follow it step by step
        self._guide = dialog

    def review_attendance(self) -> None:
        """待核实的出勤: forgotten check-outs, confirmed or corrected one by one."""
        from stationdesk.ui.attendance_dialog import ReviewDialog

        ReviewDialog(self.store, self).exec()
        self.data_changed()

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
        from stationdesk.ui.background import run_with_progress

        fmt, ids, phones, archived = dialog.fmt, dialog.id_numbers, dialog.phones, dialog.archived.isChecked()
        with reported(self, "导出失败"):
            n = run_with_progress(self, "导出花名册", "正在导出志愿者花名册…", lambda report: exporting.export_roster(
                self.store, path, fmt=fmt, id_numbers=ids, phones=phones, include_archived=archived, progress=report),
                store=self.store)
            if n is None:
                self.statusBar().showMessage("导出已取消，没有留下不完整的文件。", 10000)
                return
            self.statusBar().showMessage(f"已导出 {n} 名志愿者到 {path}", 10000)

    def print_current(self) -> None:
        """Ctrl+P prints what the page is about: the sign-in sheet on 活动, else the roster."""
        if self.nav.currentRow() == ACTIVITIES:
            self.activities.print_signin()
        else:
            self.print_roster()

    # Printing: build the PDF (reportlab loads only now), then the in-app preview with 打印 and 另存为.
    def print_roster(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        from stationdesk.services import documents
        from stationdesk.ui.pdf_preview import produce

        return produce(self, "志愿者花名册", lambda out, report: documents.roster(self.store, out, progress=report).pages,
                       path, open_after=open_after, progress=("正在排版志愿者花名册…", self.store))

    def print_cards(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        from stationdesk.services import documents
        from stationdesk.ui.pdf_preview import produce

        return produce(self, "志愿者证", lambda out: documents.cards(self.store, out).pages, path, open_after=open_after)
