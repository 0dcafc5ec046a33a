"""签到模式: a full-screen window for the event itself. A USB scanner types a card's QR text and Enter;
a phone tail or pinyin typed by hand works too. Works with no network."""

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from stationdesk.errors import UserError, explain
from stationdesk.services import activities, attendance, roster
from stationdesk.ui import style

ID_ROLE = Qt.ItemDataRole.UserRole
COLOURS = {"in": style.DONE, "out": style.INFO, "again": style.CHECK, "done": style.CHECK, "error": style.BEHIND}


class CheckInWindow(QWidget):
    def __init__(self, store, activity_id: int, *, clock=datetime.now, parent=None):
        super().__init__(parent)
        self.store = store
        self.activity_id = activity_id
        self.clock = clock  # injectable, so tests can walk through an afternoon in a second
        activity = activities.get_activity(store, activity_id)
        self.setWindowTitle(f"签到模式 — {activity.title}")
        title = QLabel(f"{activity.title}\n{activity.starts_at:%m月%d日 %H:%M}–{activity.ends_at:%H:%M}　{activity.place}")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setFont(QFont(self.font().family(), 24, QFont.Weight.Bold))
        self.time = QLabel()
        self.time.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.time.setFont(QFont(self.font().family(), 18))
        self.result = QLabel("请扫描志愿者证上的二维码，或输入手机尾号、姓名拼音后按回车")
        self.result.setObjectName("scanResult")
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result.setWordWrap(True)
        self.result.setFont(QFont(self.font().family(), 28, QFont.Weight.Bold))
        self.input = QLineEdit()
        self.input.setObjectName("scanInput")
        self.input.setFont(QFont(self.font().family(), 20))
        self.input.setPlaceholderText("扫码或输入后按回车")
        self.input.returnPressed.connect(self.submit)
        self.choices = QListWidget()
        self.choices.setFont(QFont(self.font().family(), 16))
        self.choices.itemActivated.connect(self._chosen)
        self.choices.hide()
        self.counts = QLabel()
        self.counts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counts.setFont(QFont(self.font().family(), 16))
        hint = QLabel("按 Esc 退出签到模式")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        for widget in (title, self.time, self.result, self.input, self.choices, self.counts, hint):
            layout.addWidget(widget)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start(1000)
        self._update_clock()
        self._update_counts()

    def _update_clock(self) -> None:
        self.time.setText(f"{self.clock():%H:%M:%S}")

    def _update_counts(self) -> None:
        rows = attendance.sheet_rows(self.store, self.activity_id)
        checked_in = sum(r.check_in is not None for r in rows)
        checked_out = sum(r.check_out is not None for r in rows)
        self.counts.setText(f"已报名 {len(rows)} 人　已签到 {checked_in} 人　已签退 {checked_out} 人")

    def show_result(self, text: str, kind: str) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {COLOURS[kind]};")

    def submit(self) -> None:
        text = self.input.text().strip()
        self.input.clear()
        if not text:
            return
        volunteer_id = attendance.volunteer_for_card(self.store, text)
        if volunteer_id is None and text.upper().startswith(attendance.CARD_PREFIX):
            self.show_result("没有找到这张志愿者证，请改为输入手机尾号或姓名", "error")
            return
        if volunteer_id is None:
            matches = roster.search(self.store, text, limit=8)
            if not matches:
                self.show_result(f"没有找到“{text}”，请核对后重试", "error")
                return
            if len(matches) > 1:
                self._offer(matches)
                return
            volunteer_id = matches[0].id
        self.check(volunteer_id)

    def _offer(self, matches) -> None:
        self.choices.clear()
        for r in matches:
            item = QListWidgetItem(f"{r.name}　{r.phone_masked}　{r.teams}")
            item.setData(ID_ROLE, r.id)
            self.choices.addItem(item)
        self.choices.show()
        self.choices.setCurrentRow(0)
        self.choices.setFocus()
        self.show_result("找到多人，请用方向键选择后按回车", "again")

    def _chosen(self, item) -> None:
        self.choices.hide()
        self.check(item.data(ID_ROLE))
        self.input.setFocus()

    def check(self, volunteer_id: int) -> None:
        try:
            outcome = attendance.scan(self.store, self.activity_id, volunteer_id, self.clock())
        except (UserError, ValueError) as exc:
            self.show_result(str(exc), "error")
            return
        except Exception as exc:
            message = explain(exc)
            if message is None:
                raise
            self.show_result(message, "error")
            return
        self.show_result(outcome.message, outcome.kind)
        self._update_counts()
