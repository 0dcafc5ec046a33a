"""Attendance after an activity: entered from the paper sheet, corrected with a reason, and the 待核实
rows (forgotten check-outs) looked at one by one. Hours never change without a trail."""

from datetime import datetime

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
)

from stationdesk.domain.activity import RowsBeyond, parse_row_numbers
from stationdesk.domain.hours import InvalidTimes
from stationdesk.services import activities, attendance, rules
from stationdesk.services.attendance import Mark, ReasonNeeded
from stationdesk.ui.errors import reported
from stationdesk.ui.rows_model import rows_table, selected_key, show_rows
from stationdesk.ui.style import set_role
from stationdesk.ui.volunteer_picker import VolunteerPickerDialog
from stationdesk.ui.widgets import FormDialog, dialog_buttons, fit_to_screen

COL_NUMBER, COL_NAME, COL_ATTENDED, COL_IN, COL_OUT, COL_HOURS = range(6)
NOT_OUT = QTime(0, 0)  # the check-out field at its minimum reads 未签退: closed at the end, flagged 待核实
REVIEW = "（待核实）"


class ReasonDialog(FormDialog):
    """Why hours change: required, in the operator's words."""

    def __init__(self, text: str, parent=None, *, submit=None):
        self.reason = QLineEdit()
        self.reason.setObjectName("correctionReason")
        self.reason.setPlaceholderText("如：签退时间记错、提前离开、电话核实")
        self.reason.setMaxLength(200)
        label = QLabel(text)
        label.setWordWrap(True)
        super().__init__(parent, "填写更正原因", [("", label), ("原因*：", self.reason)], submit=submit)


class CorrectionDialog(FormDialog):
    """更正时长: the new hours and why; the old value, who and when are kept with it."""

    def __init__(self, name: str, hours: float, parent=None, *, submit=None):
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("correctedHours")
        self.hours.setRange(0, 168)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(" 小时")
        self.hours.setValue(hours)
        self.reason = QLineEdit()
        self.reason.setObjectName("correctionReason")
        self.reason.setPlaceholderText("必填，如：提前离开、电话核实")
        self.reason.setMaxLength(200)
        who = QLabel(name)  # whose hours these are, not only in the title bar
        who.setTextFormat(Qt.TextFormat.PlainText)
        set_role(who, "heading")
        super().__init__(parent, f"更正服务时长 — {name}", [("志愿者", who), ("原时长", QLabel(f"{hours:g} 小时")),
                                                        ("更正为", self.hours), ("原因", self.reason)], "保存更正",
                         submit=submit)


def ask_correction(parent, name: str, hours: float, save) -> float | None:
    """The new hours, saved by `save(hours, reason)` while the form is open (a refusal keeps it, with what
    was typed); None when the operator cancels."""
    dialog = CorrectionDialog(name, hours, parent,
                              submit=lambda: save(dialog.hours.value(), dialog.reason.text().strip()))
    return dialog.hours.value() if dialog.exec() else None


def ask_reason(parent, text: str, save) -> bool:
    """The reason for a change of credited hours, given to `save(reason)` while the form is open; False
    when the operator cancels."""
    dialog = ReasonDialog(text, parent, submit=lambda: save(dialog.reason.text().strip()))
    return bool(dialog.exec())


class AttendanceDialog(QDialog):
    """Attendance from the paper sheet: rows in sheet order; type row numbers to tick them; times
    default to the activity's; walk-ins can be added. A saved row keeps its hours (corrections
    included) until its attendance or times are changed; changing credited hours asks why."""

    def __init__(self, store, activity_id: int, parent=None):
        super().__init__(parent)
        self.store = store
        self.activity_id = activity_id
        self.activity = activities.get_activity(store, activity_id)
        self.setWindowTitle(f"登记出勤 — {self.activity.title}")
        fit_to_screen(self, 760, 620)
        self.numbers = QLineEdit()
        self.numbers.setObjectName("rowNumbers")
        self.numbers.setPlaceholderText("按签到表输入到场的序号，回车勾选，如：1 3 5-8")
        self.numbers.returnPressed.connect(self.tick_typed)
        all_button = QPushButton("全部到场")
        all_button.clicked.connect(lambda: self.set_all(True))
        walk_in = QPushButton("添加临时参加的志愿者…")
        walk_in.clicked.connect(self.add_walk_in)
        self.correct_button = QPushButton("更正时长…")
        self.correct_button.setToolTip("已保存的出勤：改时长要写原因，原时长、经办人和时间都会留下")
        self.correct_button.clicked.connect(self.correct_selected)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["序号", "姓名", "到场", "签到", "签退", "时长（小时）"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.message = QLabel()
        set_role(self.message, "error")
        # Every change of credited hours in this activity: who, when, from what, to what, why.
        self.history_label = QLabel()
        self.history = rows_table([(header, lambda r, i=i: r.cells()[i])
                                   for i, header in enumerate(attendance.CORRECTION_HEADER)], key=id, stretch=5)
        self.history.setObjectName("correctionHistory")
        self.history.setMaximumHeight(130)
        top = QHBoxLayout()
        top.addWidget(self.numbers, 1)
        top.addWidget(all_button)
        top.addWidget(walk_in)
        top.addWidget(self.correct_button)
        layout = QVBoxLayout(self)
        about = QLabel(f"{self.activity.starts_at:%Y-%m-%d %H:%M}–{self.activity.ends_at:%H:%M}　"
                       f"{self.activity.place}　签到签退时间默认为活动时间，可逐人修改；"
                       "签退调到最早显示“未签退”，按结束时间计并标为待核实。")
        about.setWordWrap(True)  # one long line made the dialog wider than a 1024-pixel screen at 125 %
        layout.addWidget(about)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self, "保存出勤", on_ok=self.save))
        self._volunteer_ids: list[int] = []
        self._saved: dict[int, attendance.SheetRow] = {}  # volunteer id → what is recorded
        self._rooms: dict[int, float] = {}  # volunteer id → hours the day's cap leaves for this activity
        self.rule = rules.hours_rule(store)
        self.reload()

    def reload(self) -> None:
        self.table.setRowCount(0)
        self._volunteer_ids = []
        self._saved = {r.volunteer_id: r for r in attendance.sheet_rows(self.store, self.activity_id)}
        self._rooms = attendance.rooms(self.store, self.activity, list(self._saved), rule=self.rule)
        for r in self._saved.values():
            self._add_row(r.volunteer_id, r.name + (REVIEW if r.needs_review else ""), r.attended, r.check_in,
                          r.check_out)
        self._update_hours()
        self.corrections = attendance.corrections(self.store, self.activity_id)
        show_rows(self.history, self.corrections)
        self.history_label.setText(f"时长更正记录（{len(self.corrections)} 条）：" if self.corrections
                                   else "时长更正记录：无")
        self.history.setVisible(bool(self.corrections))

    def _add_row(self, volunteer_id: int, name: str, attended: bool, check_in=None, check_out=None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._volunteer_ids.append(volunteer_id)
        number = QTableWidgetItem(str(row + 1))
        number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.table.setItem(row, COL_NUMBER, number)
        label = QTableWidgetItem(name)
        label.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.table.setItem(row, COL_NAME, label)
        box = QCheckBox()
        box.setChecked(attended)
        box.toggled.connect(self._update_hours)
        self.table.setCellWidget(row, COL_ATTENDED, box)
        scanned_in_only = check_in is not None and check_out is None
        for column, value, default in ((COL_IN, check_in, self.activity.starts_at),
                                       (COL_OUT, check_out, self.activity.ends_at)):
            when = value or default  # seconds kept (a scan's), so an untouched row reads as recorded
            shown = NOT_OUT if column == COL_OUT and scanned_in_only else QTime(when.hour, when.minute, when.second)
            edit = QTimeEdit(shown)
            edit.setDisplayFormat("HH:mm")
            if column == COL_OUT:
                edit.setSpecialValueText("未签退")
            edit.timeChanged.connect(self._update_hours)
            self.table.setCellWidget(row, column, edit)
        self.table.setItem(row, COL_HOURS, QTableWidgetItem(""))

    def _box(self, row: int) -> QCheckBox:
        return self.table.cellWidget(row, COL_ATTENDED)

    def _times(self, row: int) -> tuple[datetime, datetime | None]:
        """Check-in on the first day, check-out on the last (a camp over several days)."""
        check_in, check_out = (self.table.cellWidget(row, c).time() for c in (COL_IN, COL_OUT))
        return (datetime.combine(self.activity.starts_at.date(), check_in.toPython()),
                None if check_out == NOT_OUT else datetime.combine(self.activity.ends_at.date(), check_out.toPython()))

    def _mark(self, row: int) -> Mark:
        return Mark(self._volunteer_ids[row], self._box(row).isChecked(), *self._times(row))

    def _hours(self, row: int) -> float:
        vid = self._volunteer_ids[row]
        if vid not in self._rooms:  # a walk-in added just now
            self._rooms.update(attendance.rooms(self.store, self.activity, [vid], rule=self.rule))
        return attendance.credit_for(self.rule, self.activity, self._mark(row), self._saved.get(vid), self._rooms[vid])

    def _update_hours(self) -> None:
        total_people, total_hours = 0, 0.0
        for row in range(self.table.rowCount()):
            text = ""
            if self._box(row).isChecked():
                try:
                    hours = self._hours(row)
                    text = f"{hours:g}" + ("（待核实）" if self._mark(row).check_out is None else "")
                    total_people += 1
                    total_hours += hours
                except InvalidTimes:
                    text = "时间有误"
            self.table.item(row, COL_HOURS).setText(text)
        self.summary.setText(f"共 {self.table.rowCount()} 行，到场 {total_people} 人，合计 {total_hours:g} 小时")

    def tick_typed(self) -> None:
        try:
            numbers = parse_row_numbers(self.numbers.text(), most=self.table.rowCount())
        except RowsBeyond as exc:
            self.message.setText(f"签到表上没有第 {exc} 行（共 {self.table.rowCount()} 行）")
            return
        except ValueError as exc:
            self.message.setText(f"看不懂“{exc}”，请输入序号，如 1 3 5-8")
            return
        outside = [n for n in numbers if not 1 <= n <= self.table.rowCount()]
        for n in numbers:
            if 1 <= n <= self.table.rowCount():
                self._box(n - 1).setChecked(True)
        self.message.setText(f"没有第 {'、'.join(map(str, outside))} 行" if outside else "")
        self.numbers.clear()

    def set_all(self, attended: bool) -> None:
        for row in range(self.table.rowCount()):
            self._box(row).setChecked(attended)

    def add_walk_in(self) -> None:
        picker = VolunteerPickerDialog(self.store, "添加临时参加的志愿者", "添加", self)
        if picker.exec():
            for person in picker.chosen():
                if person.id not in self._volunteer_ids:
                    self._add_row(person.id, person.name, True)
            self._update_hours()

    def keyPressEvent(self, event) -> None:
        """Enter in the row-number box only ticks (its returnPressed): it must not also save."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is self.numbers:
            return
        super().keyPressEvent(event)

    def marks(self) -> list[Mark]:
        return [self._mark(row) for row in range(len(self._volunteer_ids))]

    def save(self) -> int | None:
        with reported(self, "出勤没有保存"):
            saved = []
            try:
                saved.append(attendance.record_attendance(self.store, self.activity_id, self.marks()))
            except ReasonNeeded as asked:
                if not ask_reason(self, str(asked), lambda reason: saved.append(attendance.record_attendance(
                        self.store, self.activity_id, self.marks(), reason=reason))):
                    return None
            self.message.setText("")
            self.accept()
            return saved[0]
        return None

    def correct_selected(self) -> None:
        """更正时长 for the selected, already saved row."""
        row = self.table.currentRow()
        saved = self._saved.get(self._volunteer_ids[row]) if row >= 0 else None
        if saved is None or not saved.attended:
            self.message.setText("请先选中一位已保存为“到场”的志愿者，再更正时长。")
            return
        hours = ask_correction(self, saved.name, saved.hours, lambda hours, reason: attendance.correct_hours(
            self.store, saved.participation_id, hours, reason=reason))
        if hours is not None:
            self.reload()
            self.message.setText(f"已把 {saved.name} 的时长从 {saved.hours:g} 更正为 {hours:g} 小时。")


class ReviewDialog(QDialog):
    """待核实的出勤: forgotten check-outs closed at the activity's end, until someone confirms the hours
    or corrects them."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("待核实的出勤")
        fit_to_screen(self, 820, 480)
        self.table = rows_table(
            [("活动日期", lambda r: f"{r.starts_at:%Y-%m-%d}"), ("活动", lambda r: r.activity), ("姓名", lambda r: r.name),
             ("签到", lambda r: f"{r.check_in:%H:%M}" if r.check_in else ""),
             ("签退（按结束时间）", lambda r: f"{r.check_out:%H:%M}" if r.check_out else ""),
             ("时长（小时）", lambda r: f"{r.hours:g}")], key=lambda r: r.participation_id, numbers=(5,), stretch=1)
        self.table.setObjectName("reviewTable")
        confirm = QPushButton("时长无误，确认")
        confirm.clicked.connect(self.confirm_selected)
        correct = QPushButton("更正时长…")
        correct.clicked.connect(self.correct_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(confirm)
        buttons.addWidget(correct)
        buttons.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        self.note = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("这些出勤没有签退记录，已按活动结束时间计算时长。请核对后确认或更正。"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.rows = attendance.to_review(self.store)
        show_rows(self.table, self.rows)  # whole headers; the activity column takes what is left
        self.note.setText(f"共 {len(self.rows)} 条待核实。" if self.rows else "没有待核实的出勤。")

    def _selected(self):
        key = selected_key(self.table)
        return next((r for r in self.rows if r.participation_id == key), None)

    def confirm_selected(self) -> None:
        r = self._selected()
        if r is not None:
            with reported(self, "没有确认"):
                attendance.confirm_reviewed(self.store, r.participation_id)
                self.refresh()

    def correct_selected(self) -> None:
        r = self._selected()
        if r is None:
            return
        if ask_correction(self, r.name, r.hours, lambda hours, reason: attendance.correct_hours(
                self.store, r.participation_id, hours, reason=reason)) is not None:
            self.refresh()
