"""Run in a subprocess on an offscreen screen of a given size (Qt's offscreen config file), with
QT_SCALE_FACTOR for Windows' 125 % and 150 %: every page of the main window and every dialog is opened,
and each window's size and minimum size reported as JSON, with the visible controls that are not inside
the window (cut off at its edge) and the pages that need sideways scrolling.

Usage: QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json [QT_SCALE_FACTOR=1.5] python -m tests.ui.screen_tour DB PDF
"""

import json
import sys

CONTROLS = ("QAbstractButton", "QLineEdit", "QComboBox", "QAbstractSpinBox", "QAbstractItemView", "QTextEdit",
            "QPlainTextEdit", "QDialogButtonBox")


def _scrolled(widget, window) -> bool:
    """Whether `widget` sits inside a scroll area's viewport below `window` (it may be scrolled to)."""
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        outer = parent.parentWidget()
        if isinstance(outer, QAbstractScrollArea) and parent is outer.viewport():
            return True
        parent = outer
    return False


def cut_off(window) -> list[str]:
    """The visible controls of `window` that are not wholly inside it (not counting those in a scroll
    area, which can be scrolled to)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QWidget

    out = []
    inside = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not any(widget.inherits(name) for name in CONTROLS) or _scrolled(widget, window):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not inside.contains(rect):
            label = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
            out.append(f"{type(widget).__name__}{('「' + label + '」') if label else ''} at {rect.getRect()}")
    return out


def overlapping(page) -> list[str]:
    """Visible controls of a page that lie on top of one another (a wrapped row not given the height its
    lines need runs into the table below it). Controls inside an item view or another control are skipped."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractItemView, QWidget

    def inside_control(widget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not page:
            if isinstance(parent, QAbstractItemView) or any(parent.inherits(name) for name in CONTROLS):
                return True
            parent = parent.parentWidget()
        return False

    shown = [(w, QRect(w.mapTo(page, QPoint(0, 0)), w.size())) for w in page.findChildren(QWidget)
             if w.isVisible() and any(w.inherits(name) for name in CONTROLS) and not inside_control(w)]
    out = []
    for n, (a, ra) in enumerate(shown):
        for b, rb in shown[n + 1:]:
            if ra.intersects(rb):
                out.append(f"{type(a).__name__}{ra.getRect()} × {type(b).__name__}{rb.getRect()}")
    return out


def main(db: str, pdf: str) -> None:
    from stationdesk.services import activities, teams
    from stationdesk.store import open_database
    from stationdesk.ui.app import make_application

    app = make_application()
    store = open_database(db)
    from stationdesk.ui.activities_page import RepeatDialog
    from stationdesk.ui.activity_dialogs import ActivityDialog, PhotosDialog, SignupDialog
    from stationdesk.ui.attendance_dialog import (
        AttendanceDialog,
        CorrectionDialog,
        ReasonDialog,
        ReviewDialog,
    )
    from stationdesk.ui.calendar_dialog import CalendarDialog
    from stationdesk.ui.expiring_dialog import ExpiringDialog
    from stationdesk.ui.export_dialog import ExportDialog
    from stationdesk.ui.import_dialog import ImportDialog
    from stationdesk.ui.main_window import MainWindow
    from stationdesk.ui.menu_dialog import MenuDialog
    from stationdesk.ui.operator_dialog import OperatorDialog
    from stationdesk.ui.pairings_page import EntryDialog, PairingDialog, UnitDialog
    from stationdesk.ui.pdf_preview import PdfPreviewDialog
    from stationdesk.ui.settings_page import AuditLogDialog
    from stationdesk.ui.teams_page import TeamDialog
    from stationdesk.ui.volunteer_dialog import VolunteerDialog
    from stationdesk.ui.volunteer_picker import VolunteerPickerDialog

    free = app.primaryScreen().availableGeometry()
    report = {"screen": [free.width(), free.height()], "windows": {}, "cut_off": {}, "sideways": [], "overlaps": {}}

    def record(name, widget):
        hint = widget.minimumSizeHint()
        report["windows"][name] = [widget.frameGeometry().width(), widget.frameGeometry().height(), hint.width(),
                                   hint.height()]
        if problems := cut_off(widget):
            report["cut_off"][name] = problems

    def measure(name, widget):
        widget.show()
        app.processEvents()
        record(name, widget)
        widget.close()

    window = MainWindow(store)
    window.show()
    rows = list(range(window.nav.count()))
    for row in [*rows, 0, 1]:  # and back: a wide page must not leave the window wide
        window.nav.setCurrentRow(row)
        for _ in range(3):
            app.processEvents()
        name = f"主窗口·{window.nav.item(row).text()}"
        record(name, window)
        if window.scroll.horizontalScrollBar().maximum() > 0 and name not in report["sideways"]:
            report["sideways"].append(name)
        if overlaps := overlapping(window.stack.currentWidget()):
            report["overlaps"][name] = overlaps
    aid = activities.list_activities(store)[0].id
    team_rows = teams.list_teams(store)
    for name, make in (
            ("新建活动", lambda: ActivityDialog(store)), ("报名管理", lambda: SignupDialog(store, aid)),
            ("照片", lambda: PhotosDialog(store, aid)), ("登记出勤", lambda: AttendanceDialog(store, aid)),
            ("待核实", lambda: ReviewDialog(store)), ("更正时长", lambda: CorrectionDialog("王䶮", 2.0)),
            ("更正原因", lambda: ReasonDialog("这次保存会改变 3 人已登记的服务时长")),
            ("按月重复", lambda: RepeatDialog(True)), ("活动月历", lambda: CalendarDialog(store)),
            ("导出", lambda: ExportDialog()), ("导入", lambda: ImportDialog(store)), ("服务菜单", lambda: MenuDialog(store)),
            ("经办人", lambda: OperatorDialog(store)), ("单位", lambda: UnitDialog(store)), ("协议", lambda: PairingDialog()),
            ("履行", lambda: EntryDialog([])), ("操作日志", lambda: AuditLogDialog(store)),
            ("队伍", lambda: TeamDialog(team_rows)), ("志愿者", lambda: VolunteerDialog(store)),
            ("选择志愿者", lambda: VolunteerPickerDialog(store, "选择", "选定")),
            ("选择志愿者（按资质）", lambda: VolunteerPickerDialog(store, "选择", "选定", qualification="急救证")),
            ("到期的资质和保险", lambda: ExpiringDialog(store)),
            ("打印预览", lambda: PdfPreviewDialog(pdf, "花名册"))):
        measure(name, make())
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    sys.exit(0)
