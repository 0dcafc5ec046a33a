"""活动月历: a month of activities with 我们的节日, the days stations mark and 逢5 days shown; plan from a day."""

from calendar import monthrange
from datetime import date

from PySide6.QtCore import QDate, QLocale, QRect, Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from stationdesk.domain import festivals
from stationdesk.services import activities
from stationdesk.ui.style import BEHIND, DONE_SOFT, INFO, coloured
from stationdesk.ui.widgets import fit_to_screen

FESTIVAL_RED = QColor(BEHIND)
FIFTH_BLUE = QColor(INFO)
HAS_ACTIVITY = QColor(DONE_SOFT)


class MarkedCalendar(QCalendarWidget):
    """A month grid that writes each marked day's name under its number."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.labels: dict[date, tuple[str, QColor]] = {}
        self.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        for weekend in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):  # red is for festivals here
            self.setWeekdayTextFormat(weekend, QTextCharFormat())

    def paintCell(self, painter, rect: QRect, day: QDate) -> None:
        super().paintCell(painter, rect, day)
        label = self.labels.get(day.toPython())
        if label is None:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.75, 7))
        painter.setFont(font)
        painter.setPen(QColor("white") if day == self.selectedDate() else label[1])
        painter.drawText(rect.adjusted(1, 0, -1, -3), Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
                         label[0])
        painter.restore()


class CalendarDialog(QDialog):
    """Select a day to see what is on; 安排活动 opens the activity form filled in for that day."""

    def __init__(self, store, parent=None, *, day: date | None = None):
        super().__init__(parent)
        self.store = store
        self.planned_id: int | None = None
        self.setWindowTitle("活动月历")
        fit_to_screen(self, 900, 520)
        self.calendar = MarkedCalendar()
        self.calendar.setObjectName("activityCalendar")
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(lambda y, m: self._mark_month(y, m))
        self.calendar.selectionChanged.connect(self._show_day)
        self.day_info = QLabel()
        self.day_info.setObjectName("dayInfo")
        self.day_info.setWordWrap(True)
        self.day_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.month_info = QLabel()
        self.month_info.setWordWrap(True)
        self.month_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.plan_button = QPushButton("为这一天安排活动")
        self.plan_button.setMinimumHeight(36)
        self.plan_button.clicked.connect(self.plan)
        legend = QLabel(f"{coloured('红色', BEHIND)}：节日与纪念日　{coloured('蓝色', INFO)}：逢5（5、15、25日）　"
                        "绿色底：已有活动")
        side = QVBoxLayout()
        side.addWidget(self.day_info)
        side.addWidget(self.plan_button)
        side.addSpacing(8)
        side.addWidget(self.month_info, 1)
        body = QHBoxLayout()
        body.addWidget(self.calendar, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(legend)
        start = day or date.today()
        self.calendar.setSelectedDate(QDate(start))
        self._mark_month(start.year, start.month)
        self._show_day()

    def _mark_month(self, year: int, month: int) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear the previous month's marks
        self._activities: dict[date, list] = {}
        for a in activities.list_activities(self.store, year=year):
            if a.starts_at.month == month:
                self._activities.setdefault(a.starts_at.date(), []).append(a)
        self._marked = festivals.in_month(year, month)
        self.calendar.labels = {}
        for day in range(1, monthrange(year, month)[1] + 1):
            d = date(year, month, day)
            fmt = QTextCharFormat()
            if d in self._marked:
                fmt.setForeground(FESTIVAL_RED)
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setToolTip("、".join(m.name for m in self._marked[d]))
                self.calendar.labels[d] = (self._marked[d][0].name, FESTIVAL_RED)
            elif festivals.is_fifth_day(d):
                fmt.setForeground(FIFTH_BLUE)
                self.calendar.labels[d] = ("逢5", FIFTH_BLUE)
            if d in self._activities:
                fmt.setBackground(HAS_ACTIVITY)
            self.calendar.setDateTextFormat(QDate(d), fmt)
        lines = [f"{d:%m-%d} {'、'.join(m.name for m in marks)}" for d, marks in sorted(self._marked.items())]
        lines += [f"{a.starts_at:%m-%d %H:%M} {a.title}" for day in sorted(self._activities) for a in self._activities[day]]
        self.month_info.setText(f"<b>{year}年{month}月</b><br>" + ("<br>".join(lines) or "本月没有节日和活动。"))

    def selected_day(self) -> date:
        return self.calendar.selectedDate().toPython()

    def _show_day(self) -> None:
        d = self.selected_day()
        if (d.year, d.month) != (self.calendar.yearShown(), self.calendar.monthShown()):
            return
        parts = [f"<b>{d:%Y年%m月%d日}</b>"]
        parts += [coloured(m.name, BEHIND) for m in self._marked.get(d, [])]
        if festivals.is_fifth_day(d):
            parts.append(coloured(festivals.FIFTH_BRAND, INFO))
        parts += [f"{a.starts_at:%H:%M} {a.title}" for a in self._activities.get(d, [])]
        self.day_info.setText("<br>".join(parts))
        marks = self._marked.get(d)
        self.plan_button.setText(f"为{marks[0].name}安排活动" if marks else "为这一天安排活动")

    def plan(self) -> None:
        from stationdesk.ui.activity_dialogs import ActivityDialog

        dialog = ActivityDialog(self.store, parent=self, prefill=festivals.plan_for(self.selected_day()))
        if self.exec_activity_dialog(dialog):
            self.planned_id = dialog.saved_id
            d = self.selected_day()
            self._mark_month(d.year, d.month)
            self._show_day()

    def exec_activity_dialog(self, dialog) -> bool:
        """Separate so tests can press 保存 in the dialog instead of waiting on its event loop."""
        return bool(dialog.exec())
