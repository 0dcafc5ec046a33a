"""Dialogs of the 活动 page: the plan, the sign-ups, and attendance entered from the paper sheet."""

from datetime import datetime

from PySide6.QtCore import QDate, QSize, Qt, QTime
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
)

from stationdesk.domain.activity import BRANDS, CATEGORIES, ActivityDraft, check
from stationdesk.services import activities, attendance, pairings, people, photos, teams
from stationdesk.ui.errors import reported
from stationdesk.ui.style import set_role
from stationdesk.ui.volunteer_picker import ID_ROLE, VolunteerPickerDialog
from stationdesk.ui.widgets import date_edit, dialog_buttons, fit_to_screen, submitted


class ActivityDialog(QDialog):
    """Plan or edit an activity."""

    def __init__(self, store, activity_id: int | None = None, parent=None, *, prefill: ActivityDraft | None = None):
        super().__init__(parent)
        self.store = store
        self.activity_id = activity_id
        self.saved_id: int | None = None
        self.setWindowTitle("编辑活动" if activity_id else "新建活动")
        self.setMinimumWidth(520)
        self.title = QLineEdit()
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(CATEGORIES)
        self.brand = QComboBox()
        self.brand.setEditable(True)
        self.brand.addItems(BRANDS)
        self.day = date_edit()
        self.start = QTimeEdit(QTime(9, 0))
        self.end = QTimeEdit(QTime(11, 0))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.place = QLineEdit()
        self.team = QComboBox()
        self.team.addItem("（无）", None)
        for row in teams.list_teams(store):
            self.team.addItem("　" * row.depth + row.name, row.id)
        self.pairing = QComboBox()
        self.pairing.setToolTip("选择后，这次活动计入该结对协议的“活动共办”")
        self.pairing.currentIndexChanged.connect(self._pairing_chosen)
        self.partner = QLineEdit()
        self.partner.setPlaceholderText("合作单位（选择结对协议时自动填写）")
        self.beneficiaries = QSpinBox()
        self.beneficiaries.setRange(0, 100000)
        self.content = QPlainTextEdit()
        self.content.setFixedHeight(70)
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(70)
        self.message = QLabel()
        set_role(self.message, "error")
        self.message.setWordWrap(True)

        times = QHBoxLayout()
        for widget in (self.day, QLabel("从"), self.start, QLabel("到"), self.end):
            times.addWidget(widget)
        times.addStretch(1)
        form = QFormLayout()
        form.addRow("活动主题*：", self.title)
        form.addRow("服务类别：", self.category)
        form.addRow("品牌活动：", self.brand)
        form.addRow("时间*：", times)
        form.addRow("地点：", self.place)
        form.addRow("组织队伍：", self.team)
        form.addRow("结对协议：", self.pairing)
        form.addRow("合作单位：", self.partner)
        form.addRow("受益群众（人）：", self.beneficiaries)
        form.addRow("活动内容：", self.content)
        form.addRow("活动总结：", self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self, "保存", on_ok=self.save))
        self.day.dateChanged.connect(lambda _: self._fill_pairings())
        self._fill_pairings()
        if activity_id:
            self._load(activities.get_draft(store, activity_id))
        elif prefill is not None:
            self._load(prefill)

    def _fill_pairings(self, keep: int | None = None) -> None:
        """The agreements in force on the activity's day."""
        keep = keep if keep is not None else self.pairing.currentData()
        self.pairing.blockSignals(True)
        self.pairing.clear()
        self.pairing.addItem("（不是结对共建活动）", None)
        for pid, unit in pairings.pairing_choices(self.store, on=self.day.date().toPython()):
            self.pairing.addItem(unit, pid)
        self.pairing.setCurrentIndex(max(self.pairing.findData(keep), 0))
        self.pairing.blockSignals(False)

    def _pairing_chosen(self) -> None:
        if self.pairing.currentData() is not None:
            self.partner.setText(self.pairing.currentText())

    def _load(self, d: ActivityDraft) -> None:
        self.title.setText(d.title)
        self.category.setCurrentText(d.category)
        self.brand.setCurrentText(d.brand)
        self.day.setDate(QDate(d.starts_at.date()))
        self.start.setTime(QTime(d.starts_at.hour, d.starts_at.minute))
        self.end.setTime(QTime(d.ends_at.hour, d.ends_at.minute))
        self.place.setText(d.place)
        self.team.setCurrentIndex(max(self.team.findData(d.organiser_team_id), 0))
        self._fill_pairings(keep=d.pairing_id)
        self.partner.setText(d.partner)
        self.beneficiaries.setValue(d.beneficiaries)
        self.content.setPlainText(d.content)
        self.summary.setPlainText(d.summary)

    def draft(self) -> ActivityDraft:
        day = self.day.date().toPython()
        return ActivityDraft(
            title=self.title.text(), category=self.category.currentText().strip(),
            brand=self.brand.currentText().strip(), starts_at=datetime.combine(day, self.start.time().toPython()),
            ends_at=datetime.combine(day, self.end.time().toPython()), place=self.place.text(),
            organiser_team_id=self.team.currentData(), partner=self.partner.text().strip(),
            content=self.content.toPlainText().strip(), summary=self.summary.toPlainText().strip(),
            beneficiaries=self.beneficiaries.value(), pairing_id=self.pairing.currentData())

    def save(self) -> None:
        draft = self.draft()
        problems = check(draft)
        self.message.setText("；".join(problems))
        if problems:
            return
        def write() -> None:
            if self.activity_id:
                activities.update_activity(self.store, self.activity_id, draft)
                self.saved_id = self.activity_id
            else:
                self.saved_id = activities.create_activity(self.store, draft)

        if submitted(write, self.message):  # a refusal shows under the fields, like every form's
            self.accept()


class SignupDialog(QDialog):
    """Who is signed up: add people or a whole team, see time conflicts, take a sign-up back."""

    def __init__(self, store, activity_id: int, parent=None):
        super().__init__(parent)
        self.store = store
        self.activity_id = activity_id
        activity = activities.get_activity(store, activity_id)
        self.setWindowTitle(f"报名管理 — {activity.title}")
        fit_to_screen(self, 560, 560)
        self.list = QListWidget()
        self.count = QLabel()
        self.warning = QLabel()
        set_role(self.warning, "warning")
        self.warning.setWordWrap(True)
        add = QPushButton("添加志愿者…")
        add.clicked.connect(self.add_people)
        self.team = QComboBox()
        for row in teams.list_teams(store):
            self.team.addItem("　" * row.depth + row.name, row.id)
        own = activities.get_draft(store, activity_id).organiser_team_id  # the activity's own team first
        self.team.setCurrentIndex(max(self.team.findData(own), 0) if own else 0)
        add_team = QPushButton("整队报名")
        add_team.clicked.connect(self.add_team)
        remove = QPushButton("移出所选")
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        for widget in (add, self.team, add_team, remove):
            row.addWidget(widget)
        close = QPushButton("完成")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.warning)
        layout.addWidget(self.list)
        layout.addWidget(self.count)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        rows = attendance.sheet_rows(self.store, self.activity_id)
        for r in rows:
            item = QListWidgetItem(f"{r.number:>3}.  {r.name}　{r.phone_masked}　{r.team}")
            item.setData(ID_ROLE, r.volunteer_id)
            self.list.addItem(item)
        self.count.setText(f"已报名 {len(rows)} 人")

    def add_ids(self, ids: list[int]) -> int:
        clashes = attendance.conflicts(self.store, self.activity_id, ids)
        added = 0
        with reported(self):
            added = attendance.sign_up(self.store, self.activity_id, ids)
        said = ["时间冲突提醒：" + "；".join(f"{c.volunteer} 同时报名了“{c.activity}”（{c.starts_at:%m-%d %H:%M}）"
                                            for c in clashes[:10])] if clashes else []
        said += people.signup_warnings(self.store, self.activity_id, ids)  # the 条例: minors, insurance, qualifications
        self.warning.setText("\n".join(said))
        self.refresh()
        return added

    def add_people(self) -> None:
        picker = VolunteerPickerDialog(self.store, "添加报名志愿者", "报名", self,
                                       qualification=people.safety(self.store, self.activity_id).needs_qualification)
        if picker.exec() and picker.chosen_ids():
            self.add_ids(picker.chosen_ids())

    def add_team(self) -> None:
        if self.team.currentData() is not None:
            self.add_ids(teams.member_ids(self.store, self.team.currentData()))

    def remove_selected(self) -> None:
        with reported(self):
            for item in self.list.selectedItems():
                attendance.withdraw(self.store, self.activity_id, item.data(ID_ROLE))
        self.refresh()


class PhotosDialog(QDialog):
    """The activity's photos (up to four, for the 活动记录表): add, remove, then print the record."""

    def __init__(self, store, activity_id: int, parent=None):
        super().__init__(parent)
        self.store = store
        self.activity_id = activity_id
        self.setWindowTitle(f"活动照片 — {activities.get_activity(store, activity_id).title}")
        fit_to_screen(self, 720, 460)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(200, 150))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.hint = QLabel()
        add = QPushButton("添加照片…")
        add.clicked.connect(self.choose)
        remove = QPushButton("删除所选")
        remove.clicked.connect(self.remove_selected)
        close = QPushButton("完成")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for widget in (add, remove):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        shots = photos.photos(self.store, self.activity_id)
        for p in shots:
            image = QPixmap()
            image.loadFromData(p.jpeg, "JPEG")
            item = QListWidgetItem(QIcon(image), p.caption or f"{p.width}×{p.height}")
            item.setData(ID_ROLE, p.id)
            self.list.addItem(item)
        self.hint.setText(f"已有 {len(shots)} 张，最多 {photos.MAX_PHOTOS} 张。照片会按拍摄方向自动摆正，并随数据库一起备份。")

    def add_files(self, paths: list[str]) -> None:
        for path in paths:
            with reported(self, "照片没有添加"):
                photos.add_photo(self.store, self.activity_id, path)
        self.refresh()

    def choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择活动照片", "", "图片 (*.jpg *.jpeg *.png *.bmp *.webp)")
        self.add_files(paths)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            photos.remove_photo(self.store, item.data(ID_ROLE))
        self.refresh()
