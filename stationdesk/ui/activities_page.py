"""活动 page: the year's activities, and from each one its sign-ups, sign-in sheet and attendance."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QVBoxLayout,
)

from stationdesk.domain.activity import CANCELLED, DONE, STATUS_LABELS
from stationdesk.services import activities, attendance, documents
from stationdesk.ui.activity_dialogs import ActivityDialog, PhotosDialog, SignupDialog
from stationdesk.ui.attendance_dialog import AttendanceDialog
from stationdesk.ui.checkin_window import CheckInWindow
from stationdesk.ui.errors import reported
from stationdesk.ui.pdf_preview import produce
from stationdesk.ui.person_records import ask_insurance, ask_safety, remove_group_policy
from stationdesk.ui.rows_model import RowsModel, rows_view, select_key, selected_key, show_keys
from stationdesk.ui.widgets import (
    FormDialog,
    LazyPage,
    action_row,
    confirm,
    date_edit,
    empty_hint,
    labelled,
)

REVIEW_LABEL = "待核实"  # done, with a forgotten check-out closed at the end time until someone looks


class RepeatDialog(FormDialog):
    """逢5出发-style repetition, or a single copy on another day."""

    def __init__(self, single: bool, parent=None, *, submit=None):
        self.day = date_edit(date.today() + timedelta(days=7 if single else 90))
        self.days = QComboBox()
        for days, note in (((5, 15, 25), "（逢5出发）"), ((1, 15), ""), ((10, 20, 30), "")):
            self.days.addItem("、".join(map(str, days)) + " 日" + note, days)
        rows = [("复制到：", self.day)] if single else [("重复到（含）：", self.day), ("每月的日子：", self.days)]
        super().__init__(parent, "复制活动" if single else "按月重复活动", rows, submit=submit)

    def days_of_month(self) -> tuple[int, ...]:
        return self.days.currentData()


class ActivitiesPage(LazyPage):
    shows = frozenset({"activity", "activity_photo", "participation", "team", "pairing"})

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        self.rows = RowsModel(
            [("日期时间", lambda a: f"{a.starts_at:%Y-%m-%d %H:%M}"), ("活动主题", lambda a: a.title),
             ("服务类别", lambda a: a.category), ("地点", lambda a: a.place), ("组织队伍", lambda a: a.organiser),
             ("报名（人）", lambda a: str(a.signed_up)),
             ("出勤（人）", lambda a: str(a.attended) if a.status != "planned" else ""),
             ("状态", lambda a: REVIEW_LABEL if self._state(a) == "check" else STATUS_LABELS.get(a.status, a.status))],
            lambda ids: activities.activities_by_id(self.store, ids), numbers=(5, 6),
            muted=lambda a: a.status == CANCELLED, states=(7, self._state),
            empty="还没有活动。点“新建活动”（Ctrl+N）安排第一次活动。")
        self._to_review: set[int] = set()  # activities with an attendance 待核实 (a forgotten check-out)
        self.table = rows_view(self.rows, stretch=1)  # a county year is 40,000 activities: rows as shown
        self.table.setObjectName("activityTable")
        self.table.doubleClicked.connect(lambda _: self.edit())
        self.count = QLabel()

        buttons = action_row(
            [("新建活动", self.new, "Ctrl+N"), ("编辑", self.edit, "回车"), ("报名管理", self.manage_signups),
             ("打印签到表", self.print_signin, "Ctrl+P（在活动页）"), ("登记出勤", self.record_attendance),
             ("签到模式", self.check_in_mode, "F11")],
            [("活动月历", self.open_calendar, "节日、逢5与已安排的活动"), ("照片", self.manage_photos),
             ("打印记录表", self.print_record), ("生成简报…", self.make_brief, "图文简报：PDF、Word 文档和公众号用的文字"),
             ("安全要求（有风险、资质）…", self.safety),
             ("打印安全核查表", self.print_safety_check, "报名人员的年龄、培训、当天保险、监护人同意和资质"),
             ("团体意外保险…", self.group_insurance), ("删除误录的团体保险…", self.remove_group_insurance),
             ("复制", self.copy), ("按月重复", self.repeat),
             ("取消活动", self.cancel), ("删除", self.delete)], table=self.table, lead=(labelled("年份：", self.year),))
        self.empty = empty_hint("这一年还没有活动。", [("新建活动", self.new), ("看活动月历（节日、逢5）", self.open_calendar)])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, activated=self.check_in_mode)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.edit,
                  context=Qt.ShortcutContext.WidgetShortcut)


    def _fill_years(self) -> None:
        this_year = date.today().year
        years = {this_year, this_year + 1, *activities.years(self.store)}
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("全部", None)
        for y in sorted(years, reverse=True):
            self.year.addItem(f"{y} 年", y)
        self.year.setCurrentIndex(self.year.findData(this_year))
        self.year.blockSignals(False)

    def refresh(self, keep_id: int | None = None) -> None:
        self._stale = False
        if self.year.count() == 0:
            self._fill_years()
        keep_id = keep_id or self.selected_id()
        year = self.year.currentData()
        self._to_review = {r.activity_id for r in attendance.to_review(self.store)}
        show_keys(self.table, activities.activity_ids(self.store, year=year))
        select_key(self.table, keep_id)
        count, done, served = activities.year_summary(self.store, year=year)
        self.empty.setVisible(count == 0)
        self.count.setText(f"共 {count} 次活动，已完成 {done} 次，服务 {served} 人次")

    def show_activity(self, activity_id: int) -> None:
        """From a 首页 link: the activity's year, the activity selected."""
        if self.year.count() == 0:
            self._fill_years()
        year = activities.get_activity(self.store, activity_id).starts_at.year
        self.year.blockSignals(True)
        self.year.setCurrentIndex(max(self.year.findData(year), 0))
        self.year.blockSignals(False)
        self.refresh(activity_id)

    def _state(self, a) -> str:
        """The 状态 cell's colours: 待核实 (amber) over 已完成 while an attendance waits to be checked."""
        if a.status == CANCELLED:
            return "cancelled"
        if a.id in self._to_review:
            return "check"
        return "done" if a.status == DONE else "planned"

    def selected_id(self) -> int | None:
        return selected_key(self.table)

    def _after_write(self, keep_id: int | None = None, message: str = "") -> None:
        self.refresh(keep_id)
        self.changed.emit()
        if message:
            self.status_message.emit(message)

    # -- actions ---------------------------------------------------------------------------------------
    def new(self) -> None:
        dialog = ActivityDialog(self.store, parent=self)
        if dialog.exec():
            self._after_write(dialog.saved_id, "已新建活动。下一步：报名管理，然后打印签到表。")

    def open_calendar(self) -> None:
        from stationdesk.ui.calendar_dialog import CalendarDialog

        dialog = CalendarDialog(self.store, self)
        dialog.exec()
        if dialog.planned_id is not None:
            self._after_write(dialog.planned_id, "已按节日安排活动。下一步：报名管理，然后打印签到表。")

    def _write_selected(self, ask, done: str = "") -> None:
        """`ask(activity_id)` on the selected activity; when it wrote (True), refresh and say `done`."""
        aid = self.selected_id()
        if aid is not None and ask(aid):
            self._after_write(aid, done)

    def edit(self) -> None:
        self._write_selected(lambda aid: ActivityDialog(self.store, aid, self).exec())

    def safety(self) -> None:
        self._write_selected(lambda aid: ask_safety(self, self.store, aid),
                             "活动安全要求已保存；报名时会提醒未投保或缺少资质的志愿者。")

    def group_insurance(self) -> None:
        self._write_selected(lambda aid: ask_insurance(self, self.store, activity_id=aid), "已登记本次活动的团体意外保险。")

    def remove_group_insurance(self) -> None:
        self._write_selected(lambda aid: remove_group_policy(self, self.store, aid),
                             "已删除这份团体保险；删除原因记入了操作日志。")

    def manage_signups(self) -> None:
        aid = self.selected_id()
        if aid is not None:
            SignupDialog(self.store, aid, self).exec()
            self._after_write(aid)

    def record_attendance(self) -> None:
        self._write_selected(lambda aid: AttendanceDialog(self.store, aid, self).exec(), "出勤和服务时长已保存。")

    def check_in_mode(self) -> None:
        """Full screen for the event: volunteers scan their cards to check in and out."""
        aid = self.selected_id()
        if aid is None:
            return
        window = CheckInWindow(self.store, aid)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda: self._after_write(aid))
        self._check_in = window  # kept referenced while open
        window.showFullScreen()
        window.input.setFocus()

    def manage_photos(self) -> None:
        aid = self.selected_id()
        if aid is not None:
            PhotosDialog(self.store, aid, self).exec()

    def _print(self, kind: str, build, path: str | None, open_after: bool) -> str | None:
        """Build the selected activity's printout with `build(activity_id, path)` and preview it."""
        aid = self.selected_id()
        if aid is None:
            return None
        a = activities.get_activity(self.store, aid)
        return produce(self, kind, lambda out: build(aid, out), path, open_after=open_after,
                       name=f"{kind}-{a.title}-{a.starts_at:%Y-%m-%d}")

    def print_signin(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        return self._print("签到表", lambda aid, out: documents.signin(self.store, aid, out).pages, path, open_after)

    def print_safety_check(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        return self._print("安全核查表", lambda aid, out: documents.safety_check(self.store, aid, out).pages, path,
                           open_after)

    def print_record(self, path: str | None = None, *, open_after: bool = True) -> str | None:
        return self._print("活动记录表", lambda aid, out: documents.record(self.store, aid, out).pages, path, open_after)

    def make_brief(self):
        """The selected activity's 简报: its text to copy, its PDF and its Word document."""
        from stationdesk.ui.publicity_dialogs import show_activity_brief

        aid = self.selected_id()
        if aid is None:
            return None
        self._brief = show_activity_brief(self, self.store, aid)  # kept referenced while open
        return self._brief

    def copy(self) -> None:
        aid = self.selected_id()
        if aid is None:
            return
        copied = []
        dialog = RepeatDialog(single=True, parent=self, submit=lambda: copied.append(
            activities.copy_activity(self.store, aid, dialog.day.date().toPython())))
        if dialog.exec():
            self._after_write(copied[0], "已复制活动（不含报名）。")

    def repeat(self) -> None:
        aid = self.selected_id()
        if aid is None:
            return
        repeated = []
        dialog = RepeatDialog(single=False, parent=self, submit=lambda: repeated.append(activities.repeat_monthly(
            self.store, aid, until=dialog.day.date().toPython(), days_of_month=dialog.days_of_month())))
        if dialog.exec():
            done = repeated[0]
            self._fill_years()
            skipped = f"（今天以前的 {done.skipped} 个日期已跳过，不补安排）" if done.skipped else ""
            self._after_write(aid, f"已按月重复，新增 {len(done.ids)} 次活动{skipped}。")

    def cancel(self) -> None:
        aid = self.selected_id()
        if aid is not None and confirm(self, "取消活动", "把这次活动标为“已取消”？报名和记录都会保留。"):
            with reported(self):
                activities.set_status(self.store, aid, CANCELLED)
                self._after_write(aid)

    def delete(self) -> None:
        aid = self.selected_id()
        if aid is not None and confirm(self, "删除活动", "删除这次活动及其报名名单？此操作不能撤销。"):
            with reported(self, "不能删除"):
                activities.delete_activity(self.store, aid)
                self._after_write(None, "活动已删除。")
